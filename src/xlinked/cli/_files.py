"""``xlinked validate`` and ``xlinked convert``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import io
from .._input import read_stream
from ..model import Pedigree
from . import MAX_INPUT_KEY, PRESET_FILES_KEY, SOURCE_KEY, say


def source_name(path: str) -> str:
    """How a command names its input: the path, or ``<stdin>`` for '-'."""
    return "<stdin>" if path == "-" else path


def read_pedigree(path: str, fmt: str | None = None, family: str | None = None) -> Pedigree:
    """Read a pedigree for a command ('-': standard input); warnings go to stderr,
    errors to the group. The group's --max-input and --no-preset-files apply."""
    meta = click.get_current_context().meta
    limit = meta.get(MAX_INPUT_KEY, io.MAX_INPUT_BYTES)
    presets = meta.get(PRESET_FILES_KEY, True)
    source = source_name(path)
    meta[SOURCE_KEY] = source
    if path == "-":
        raw = read_stream(sys.stdin.buffer, max_bytes=limit,
                          what="pedigree file", source=source)
        pedigree, warnings = io.loads(raw, fmt, source=source, family=family,
                                      preset_files=presets)
    else:
        pedigree, warnings = io.load(path, fmt, family=family, max_bytes=limit,
                                     preset_files=presets)
    for warning in warnings:
        say(f"warning: {source}: {warning}", err=True)
    return pedigree


#: The type of every pedigree-file argument: a path, or '-' for standard input. The
#: reader checks it (click's own checks would give a usage error, not one line).
INPUT = click.Path(dir_okay=True, readable=False, allow_dash=True, path_type=str)


FROM_OPTION = click.option(
    "--from", "from_format", type=click.Choice(io.FORMATS), default=None,
    help="Input format (default: from the extension or the content).",
)
FAMILY_OPTION = click.option(
    "--family", default=None, help="For PED files with several families: the one to read."
)


@click.command(epilog="""\b
Example:
  xlinked validate examples/pedigrees/ipex-uncle.yaml
""")
@click.argument("file", type=INPUT)
@FROM_OPTION
@FAMILY_OPTION
def validate(file: str, from_format: str | None, family: str | None) -> None:
    """Check a pedigree file and summarise it; list every problem found."""
    ped = read_pedigree(file, from_format, family)
    file = source_name(file)
    from ..risk import data_warnings

    for warning in data_warnings(ped):
        say(f"warning: {file}: {warning}", err=True)
    affected = sum(1 for p in ped if p.affected)
    tested = sum(1 for p in ped if p.tests)
    gens = max(ped.generations().values()) + 1
    loops = ", with loops" if ped.has_loops else ""
    say(
        f"{file}: valid: {_count(len(ped), 'individual')} in {_count(gens, 'generation')}"
        f"{loops}, {affected} affected, {tested} tested"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@click.command(epilog="""\b
Examples:
  xlinked convert examples/pedigrees/isolated-case.yaml family.ped
  xlinked convert family.ped family.yaml
  xlinked convert family.yaml - --to json
""")
@click.argument("source", type=INPUT)
@click.argument("target", type=click.Path(path_type=str))
@FROM_OPTION
@click.option("--to", "to_format", type=click.Choice(io.FORMATS), default=None,
              help="Output format (default: from the extension of TARGET).")
@FAMILY_OPTION
def convert(source: str, target: str, from_format: str | None, to_format: str | None,
            family: str | None) -> None:
    """Convert SOURCE to TARGET (native YAML/JSON, PED/FAM); '-' writes to stdout.

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


@click.command(epilog="""\b
Example:
  xlinked schema > xlinked.schema.json
""")
def schema() -> None:
    """Print the JSON Schema of the native pedigree format (for editors and other tools)."""
    from importlib import resources

    click.echo(resources.files("xlinked.io").joinpath("format.schema.json").read_text(), nl=False)


COMMANDS = [validate, convert, schema]
