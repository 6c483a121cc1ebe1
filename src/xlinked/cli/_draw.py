"""``xlinked draw`` and ``xlinked layout``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import XlinkedError
from ..model import Pedigree
from . import say
from ._files import FAMILY_OPTION, FROM_OPTION, INPUT, read_pedigree, source_name
from ._model import ModelOptions, model_options

IMAGE_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

RISKS_OPTION = click.option(
    "--risks/--no-risks", default=True, show_default=True,
    help="Write the computed risks under each person (carrier probability for women, "
         "probability of being affected for men and pregnancies).",
)
ANON_OPTION = click.option(
    "--anonymise", "--anonymize", "anonymise", is_flag=True,
    help="Leave out names, dates and the family id.",
)


#: The deepest pedigree drawn: more generations would not fit any page.
MAX_GENERATIONS = 1000


def _drawable(ped: Pedigree, file: str) -> None:
    """Refuse, in one line, a pedigree too deep to draw."""
    file = source_name(file)
    depth = max(ped.generations().values()) + 1
    if depth > MAX_GENERATIONS:
        raise XlinkedError(f"{file}: too deep to draw: {depth} generations in one line of "
                           f"descent (at most {MAX_GENERATIONS})")


def _risks(ped: Pedigree, wanted: bool, model_opts: ModelOptions, file: str) -> Any:
    """The risks to show, or None (with a warning when they cannot be computed)."""
    if not wanted:
        return None
    try:
        return model_opts.compute(ped, source_name(file), children=False)
    except XlinkedError as exc:
        say(f"warning: risks not shown: {str(exc).splitlines()[0]}", err=True)
        return None


@click.command(epilog="""\b
Examples:
  xlinked draw examples/pedigrees/ipex-uncle.yaml -o family.png
  xlinked draw family.ped -o family.svg --no-risks
  xlinked draw family.yaml -o letter.pdf --anonymise --title "Family A"
""")
@click.argument("file", type=INPUT)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The image to write: .png, .svg or .pdf.")
@RISKS_OPTION
@model_options
@ANON_OPTION
@click.option("--title", default=None, help="Title (default: the condition and family id).")
@click.option("--legend/--no-legend", default=True, show_default=True,
              help="Draw a legend defining every mark in use.")
@click.option("--dpi", type=click.IntRange(30, 1200), default=150, show_default=True,
              help="Resolution of PNG output.")
@FROM_OPTION
@FAMILY_OPTION
def draw(file: str, output: str, risks: bool, model_opts: ModelOptions, anonymise: bool,
         title: str | None,
         legend: bool, dpi: int, from_format: str | None, family: str | None) -> None:
    """Draw the pedigree in FILE to an image (format from the extension of -o).

    Standard (NSGC 2022) symbols, generation numerals, II-3 numbering, and under
    each person their age, test results and computed risk, with a legend.
    """
    suffix = Path(output).suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise XlinkedError(
            f"{output}: cannot tell the image format from the extension "
            f"{suffix or '(none)'!r}: use .png, .svg or .pdf"
        )
    ped = read_pedigree(file, from_format, family)
    _drawable(ped, file)
    from ..draw import write

    ped = model_opts.extended(ped)
    fmt = IMAGE_FORMATS[suffix]
    warnings = write(ped, output, risks=_risks(ped, risks, model_opts, file),
                     anonymise=anonymise, title=title, legend=legend, dpi=dpi, format=fmt)
    for warning in warnings:
        say(f"warning: {warning}", err=True)
    say(f"wrote {output} ({fmt}, {len(ped)} individuals)", err=True)


@click.command(epilog="""\b
Examples:
  xlinked layout examples/pedigrees/first-cousins.yaml
  xlinked layout family.ped --no-risks > layout.json
""")
@click.argument("file", type=INPUT)
@RISKS_OPTION
@model_options
@ANON_OPTION
@FROM_OPTION
@FAMILY_OPTION
def layout(file: str, risks: bool, model_opts: ModelOptions, anonymise: bool,
           from_format: str | None,
           family: str | None) -> None:
    """Print the drawing's layout as JSON (units: one symbol width; y grows downward).

    {"nodes": [{"id", "x", "y", ...}], "segments": [{"x0", "y0", "x1", "y1", "kind",
    "owner", ...}], ...}: each symbol is a 1 x 1 box centred on its x, y. The
    labels take room, so the same options as for 'xlinked draw' give the same
    geometry.
    """
    ped = read_pedigree(file, from_format, family)
    _drawable(ped, file)
    from ..draw import layout as lay_out

    ped = model_opts.extended(ped)
    lay = lay_out(ped, risks=_risks(ped, risks, model_opts, file), anonymise=anonymise)
    click.echo(lay.to_json())


COMMANDS = [draw, layout]
