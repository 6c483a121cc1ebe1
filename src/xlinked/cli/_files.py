"""``xlinked validate``, ``xlinked convert``, ``xlinked formats`` and ``xlinked schema``."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import io
from .._input import read_stream
from ..errors import MAX_SHOWN, PedigreeError
from ..model import Pedigree
from . import MAX_INPUT_KEY, PRESET_FILES_KEY, SOURCE_KEY, say

_GENE_KEY = "xlinked.gene"
_CONDITION_KEY = "xlinked.condition"


_STDIN_KEY = "xlinked.stdin"


def source_name(path: str) -> str:
    """How a command names its input: the path, or ``<stdin>`` for '-'."""
    return "<stdin>" if path == "-" else path


def _stdin(path: str) -> bytes | None:
    """For '-': standard input, read once (within --max-input); else ``None``."""
    if path != "-":
        return None
    meta = click.get_current_context().meta
    if _STDIN_KEY not in meta:
        meta[_STDIN_KEY] = read_stream(sys.stdin.buffer, max_bytes=_limit(),
                                       what="pedigree file", source="<stdin>")
    data: bytes = meta[_STDIN_KEY]
    return data


def _limit() -> int | None:
    limit: int | None = click.get_current_context().meta.get(MAX_INPUT_KEY, io.MAX_INPUT_BYTES)
    return limit


def read_pedigree(path: str, fmt: str | None = None, family: str | None = None) -> Pedigree:
    """Read a pedigree for a command ('-': standard input); warnings go to stderr,
    errors to the group.

    ``--gene`` and ``--condition`` (stored in the context by their options) say
    which condition the file is about; the group's ``--max-input`` and
    ``--no-preset-files`` apply.
    """
    ctx = click.get_current_context()
    source = source_name(path)
    ctx.meta[SOURCE_KEY] = source
    options: dict[str, Any] = {"family": family, "gene": ctx.meta.get(_GENE_KEY),
                               "condition": ctx.meta.get(_CONDITION_KEY),
                               "preset_files": ctx.meta.get(PRESET_FILES_KEY, True)}
    raw = _stdin(path)
    if raw is not None:
        pedigree, warnings = io.loads(raw, fmt, source=source, **options)
    else:
        pedigree, warnings = io.load(path, fmt, max_bytes=_limit(), **options)
    for warning in warnings:
        say(f"warning: {source}: {warning}", err=True)
    return pedigree


#: The type of every pedigree-file argument: a path, or '-' for standard input. The
#: reader checks it (click's own checks would give a usage error, not one line).
INPUT = click.Path(dir_okay=True, readable=False, allow_dash=True, path_type=str)


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            ctx.meta[key] = value
        return value
    return callback


FROM_OPTION = click.option(
    "--from", "from_format", type=click.Choice(io.FORMATS), default=None,
    help="Input format (default: from the content or the extension; see 'xlinked formats').",
)
_FAMILY = click.option(
    "--family", default=None,
    help="For files with several families (PED, CanRisk, pedigreejs, tables): the one to read.",
)
_GENE = click.option(
    "--gene", default=None, expose_value=False, callback=_remember(_GENE_KEY), metavar="GENE",
    help="The condition's gene, when the file does not say (e.g. DMD): its tests count "
         "(pedigreejs <gene>_gene_test); other genes' tests are reported.",
)
_CONDITION = click.option(
    "--condition", default=None, expose_value=False, callback=_remember(_CONDITION_KEY),
    metavar="NAME",
    help="The condition's name or key, when the file does not say (pedigreejs "
         "<condition>_diagnosis_age marks the affected).",
)


def FAMILY_OPTION(f: Callable[..., Any]) -> Callable[..., Any]:  # noqa: N802 - a decorator
    """``--family``, ``--gene`` and ``--condition``: which family and condition to read."""
    return _FAMILY(_GENE(_CONDITION(f)))


@click.command(epilog="""\b
Examples:
  xlinked validate examples/pedigrees/ipex-uncle.yaml
  xlinked validate families.ped          (every family of the file)
""")
@click.argument("file", type=INPUT)
@FROM_OPTION
@FAMILY_OPTION
def validate(file: str, from_format: str | None, family: str | None) -> None:
    """Check a pedigree file and summarise it; list every problem found.

    A file with several families is checked family by family (or only the one
    named with --family); the exit status is 1 when any family has a problem.
    """
    ctx = click.get_current_context()
    ctx.meta[SOURCE_KEY] = source_name(file)
    raw = _stdin(file)
    names = (io.families(source_name(file), from_format, max_bytes=_limit(), text=raw)
             if family is None else [family])
    if len(names) <= 1:
        _summary(source_name(file), read_pedigree(file, from_format, family), None)
        return
    file = source_name(file)
    bad = shown = hidden = 0
    for result in io.each_family(file, from_format, gene=ctx.meta.get(_GENE_KEY),
                                 condition=ctx.meta.get(_CONDITION_KEY), max_bytes=_limit(),
                                 preset_files=ctx.meta.get(PRESET_FILES_KEY, True), text=raw):
        if result.pedigree is None:
            bad += 1
            error = result.error
            if isinstance(error, PedigreeError):
                error = error if error.source else error.with_source(file)
                lines = error.lines(limit=None)
            else:
                lines = str(error).splitlines()
            for line in lines:  # at most MAX_SHOWN problems over all the families
                if shown < MAX_SHOWN:
                    say(f"error: family {result.family}: {line}", err=True)
                    shown += 1
                else:
                    hidden += 1
            continue
        for warning in result.warnings:
            say(f"warning: {file}: family {result.family}: {warning}", err=True)
        _summary(file, result.pedigree, result.family)
    if hidden:
        say(f"error: ... and {hidden} more problems", err=True)
    say(f"{file}: {len(names)} families, {len(names) - bad} valid"
        + (f", {bad} with problems" if bad else ""))
    if bad:
        ctx.exit(1)


def _summary(file: str, ped: Pedigree, family: str | None) -> None:
    from ..risk import data_warnings

    where = f"{file}: family {family}" if family is not None else file
    for warning in data_warnings(ped):
        say(f"warning: {where}: {warning}", err=True)
    affected = sum(1 for p in ped if p.affected)
    tested = sum(1 for p in ped if p.tests)
    gens = max(ped.generations().values()) + 1
    loops = ", with loops" if ped.has_loops else ""
    say(
        f"{where}: valid: {_count(len(ped), 'individual')} in {_count(gens, 'generation')}"
        f"{loops}, {affected} affected, {tested} tested"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@click.command(epilog="""\b
Examples:
  xlinked convert examples/pedigrees/isolated-case.yaml family.ped
  xlinked convert family.ped family.yaml
  xlinked convert family.yaml - --to json
  xlinked convert family.yaml for-canrisk.json --to pedigreejs --gene DMD
""")
@click.argument("source", type=INPUT)
@click.argument("target", type=click.Path(path_type=str))
@FROM_OPTION
@click.option("--to", "to_format", type=click.Choice(io.FORMATS), default=None,
              help="Output format (default: from the extension of TARGET; "
                   "see 'xlinked formats').")
@FAMILY_OPTION
def convert(source: str, target: str, from_format: str | None, to_format: str | None,
            family: str | None) -> None:
    """Convert SOURCE to TARGET in any format of 'xlinked formats'; '-' writes to stdout.

    Warns on stderr about any data the target format cannot hold.
    """
    ped = read_pedigree(source, from_format, family)
    if target == "-":
        kind = to_format or "yaml"
        text, lost = io.dumps(ped, kind)
        click.echo(text, nl=False)
    else:
        kind = to_format or io.detect_format(target)
        lost = io.write(ped, target, kind)
    for what in lost:
        say(f"warning: {kind.upper()} cannot hold {what}; left out", err=True)
    if target != "-":
        say(f"wrote {Path(target)} ({kind}, {len(ped)} individuals)", err=True)


@click.command("formats", epilog="""\b
Example:
  xlinked formats
""")
def formats_command() -> None:
    """List every file format read and written, and what each keeps and loses."""
    wrap = textwrap.TextWrapper(width=96, initial_indent="    ", subsequent_indent="    ")
    for info in io.CATALOGUE:
        ways = " and ".join(w for w, ok in (("read", info.read), ("written", info.write)) if ok)
        click.echo(f"{' / '.join(info.names)}: {info.title}")
        click.echo(wrap.fill(f"{ways}; recognised by {info.detected_by}"))
        click.echo(wrap.fill(f"keeps: {info.keeps}"))
        click.echo(wrap.fill(f"loses: {info.loses}"))
        if info.note:
            click.echo(wrap.fill(f"note: {info.note}"))
        click.echo("")
    click.echo("Every writer also reports, file by file, what it left out.")


@click.command(epilog="""\b
Example:
  xlinked schema > xlinked.schema.json
""")
def schema() -> None:
    """Print the JSON Schema of the native pedigree format (for editors and other tools)."""
    from importlib import resources

    click.echo(resources.files("xlinked.io").joinpath("format.schema.json").read_text(), nl=False)


COMMANDS = [validate, convert, formats_command, schema]
