"""The ``xlinked`` command line: a thin layer over the library.

Each command lives in a module of this package and is added to the group here.
The group turns every :class:`~xlinked.XlinkedError` (and file errors) into one
message per line on stderr and exit status 1; usage errors exit 2. The library
itself never prints or exits.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any

import click

from ..errors import BudgetError, InconsistentEvidenceError, PedigreeError, XlinkedError

#: ``ctx.meta`` key holding the pedigree file a command read, for error messages.
SOURCE_KEY = "xlinked.source"

__all__ = ["main"]

EPILOG = """\b
Examples:
  xlinked validate examples/pedigrees/ipex-uncle.yaml
  xlinked risk examples/pedigrees/ipex-uncle.yaml
  xlinked convert family.ped family.yaml
"""


class _Group(click.Group):
    """A click group that reports library errors cleanly, never as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PedigreeError as exc:
            source = ctx.meta.get(SOURCE_KEY)
            if exc.source is None and source:
                exc = exc.with_source(source)
            for line in exc.lines():
                click.echo(f"error: {line}", err=True)
            count = len(exc.problems)
            if count > 1:
                click.echo(f"{count} problems found; nothing was written.", err=True)
            ctx.exit(1)
        except XlinkedError as exc:
            # Impossible evidence is found after reading: name the file too.
            source = ctx.meta.get(SOURCE_KEY)
            after_reading = isinstance(exc, InconsistentEvidenceError | BudgetError)
            prefix = f"{source}: " if source and after_reading else ""
            for line in str(exc).splitlines():
                click.echo(f"error: {prefix}{line}", err=True)
            ctx.exit(1)
        except BrokenPipeError:  # `xlinked risk ... | head`: stop quietly
            _silence_stdout()
            ctx.exit(1)
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so, briefly, without a traceback
            click.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
                       "please report it with the input file", err=True)
            ctx.exit(3)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xlinked")
def main() -> None:
    """Exact X-linked recessive risks in a family, and the family tree drawn.

    Reads native YAML/JSON pedigree files (docs/format.md) and PED/FAM files.
    """


def _register() -> None:
    from . import _files

    for command in _files.COMMANDS:
        main.add_command(command)
    for module in ("_risk", "_draw"):
        try:
            mod = __import__(f"{__name__}.{module}", fromlist=["COMMANDS"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module}":
                raise
            continue
        for command in mod.COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
