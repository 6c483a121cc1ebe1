"""``xlinked report``: the counselling report as HTML or PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import XlinkedError
from . import say
from ._draw import ANON_OPTION, _drawable
from ._files import FAMILY_OPTION, FROM_OPTION, INPUT, _stdin, read_pedigree, source_name
from ._model import ModelOptions, model_options, print_warnings

__all__ = ["COMMANDS", "report"]


@click.command(epilog="""\b
Examples:
  xlinked report examples/pedigrees/ipex-uncle.yaml -o report.html
  xlinked report examples/pedigrees/isolated-case.yaml -o report.pdf --mode limit
  xlinked report family.ped -o letter.pdf --paper letter --consultand II-2 --anonymise
""")
@click.argument("file", type=INPUT)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The report to write: .html (one self-contained page) or .pdf.")
@model_options
@click.option("--consultand", default=None, metavar="ID",
              help="The person the report is for (default: the file's consultand, else the "
                   "proband's mother).")
@ANON_OPTION
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Page size of the PDF and of the printed HTML.")
@FROM_OPTION
@FAMILY_OPTION
def report(file: str, output: str, model_opts: ModelOptions, consultand: str | None,
           anonymise: bool, paper: str, from_format: str | None, family: str | None) -> None:
    """Write a counselling report for the family in FILE (HTML or PDF, from -o).

    The header (family, consultand, date, version, input file and its SHA-256,
    the model), a summary in plain words for the consultand and every relative
    at risk, the drawing with the risks, the risk table (the same numbers as
    'xlinked risk' with the same options), the consultand's Bayes table and what
    each piece of information changed, the model with every parameter and its
    source, and a glossary. PDF needs: pip install 'xlinked[report]'.
    """
    from .._report import FORMATS
    from .._report import report as write_report

    suffix = Path(output).suffix.lower()
    if suffix not in FORMATS:
        raise XlinkedError(f"{output}: cannot tell the report format from the extension "
                           f"{suffix or '(none)'!r}: use .html or .pdf")
    ped = read_pedigree(file, from_format, family)
    if consultand is not None and consultand not in ped:
        ids = ", ".join(ped.ids[:12]) + (" ..." if len(ped) > 12 else "")
        raise click.BadParameter(f"no individual {consultand!r} in {source_name(file)} "
                                 f"(ids: {ids})", param_hint="--consultand")
    _drawable(ped, file)
    model = model_opts.model(ped)
    print_warnings(model_opts.extended(ped), model, source_name(file))
    specs = model_opts.children_of(ped)
    path = write_report(ped, output, model, mode=model_opts.mode, children=specs,
                        consultand=consultand,
                        anonymise=anonymise, paper=paper, source=source_name(file),
                        source_bytes=_stdin(file))
    say(f"wrote {path} ({FORMATS[suffix]}, {len(ped)} individuals)", err=True)


COMMANDS = [report]
