"""The ``xlinked`` command line: a thin layer over the library.

Each command lives in a module of this package and is added to the group here.
The group turns every :class:`~xlinked.XlinkedError` (and file errors) into one
message per line on stderr and exit status 1; usage errors exit 2. The library
itself never prints or exits.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

import click

from .. import __version__
from .._output import visible
from .._sizes import MAX_INPUT_BYTES, format_size, parse_size
from ..errors import (
    BudgetError,
    InconsistentEvidenceError,
    PedigreeError,
    UnknownIndividualError,
    XlinkedError,
)

#: ``ctx.meta`` key holding the pedigree file a command read, for error messages.
SOURCE_KEY = "xlinked.source"
#: ``ctx.meta`` keys of the group options: input size limit, preset files allowed.
MAX_INPUT_KEY = "xlinked.max_input"
PRESET_FILES_KEY = "xlinked.preset_files"

#: Commands that write a file: only their errors say that nothing was written.
WRITING = frozenset({"convert", "draw"})

__all__ = ["main"]

EPILOG = """\b
Examples:
  xlinked validate examples/pedigrees/ipex-uncle.yaml
  xlinked risk examples/pedigrees/ipex-uncle.yaml
  xlinked convert family.ped family.yaml
  xlinked formats
"""


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text meant for people: characters that would act on a terminal are shown
    escaped (ids and file names come from files and may hold anything)."""
    click.echo(visible(text), err=err, nl=nl)


class _Group(click.Group):
    """A click group that reports library errors cleanly, never as a traceback;
    its commands are imported when used (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            command = _load(name)
            if command is None:
                return None
            self.commands[name] = command
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``xlinked --help`` from :data:`COMMANDS`, nothing imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            command = self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])
            rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line: SIGTERM removes temporary files, and a failed write
        to standard output or error is one line, not a traceback."""
        _terminate_cleanly()
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # click itself could not print (help, usage errors)
            _stream_failed(exc)
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PedigreeError as exc:
            source = ctx.meta.get(SOURCE_KEY)
            if exc.source is None and source:
                exc = exc.with_source(source)
            for line in exc.lines():
                say(f"error: {line}", err=True)
            count = len(exc.problems)
            if count > 1:
                written = ("; nothing was written" if ctx.invoked_subcommand in WRITING
                           else "")
                say(f"{count} problems found{written}.", err=True)
            ctx.exit(1)
        except XlinkedError as exc:
            # Impossible evidence is found after reading: name the file too.
            source = ctx.meta.get(SOURCE_KEY)
            named = isinstance(
                exc, InconsistentEvidenceError | UnknownIndividualError | BudgetError)
            prefix = f"{source}: " if source and named else ""
            for line in str(exc).splitlines():
                say(f"error: {prefix}{line}", err=True)
            ctx.exit(1)
        except BrokenPipeError:  # `xlinked risk ... | head`: stop quietly
            _silence_stdout()
            ctx.exit(1)
        except OSError as exc:
            if exc.filename is None and exc.errno in _STREAM_ERRORS:
                _stream_failed(exc)
                ctx.exit(1)
            name = f"{exc.filename}: " if exc.filename else ""
            say(f"error: {name}{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except RecursionError:
            say("error: the pedigree is too deep to process (too many generations "
                "in one line of descent)", err=True)
            ctx.exit(1)
        except MemoryError:
            say("error: out of memory (the pedigree is too large for this machine)", err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: say so, briefly, without a traceback
            say(f"error: internal error ({type(exc).__name__}: {str(exc)[:200]}); "
                "please report it with the input file", err=True)
            ctx.exit(3)


def _terminate_cleanly() -> None:
    """SIGTERM (and SIGHUP) end the program through SystemExit, so that ``finally``
    blocks run and no temporary file is left behind."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, stop)


#: Errors of a write to standard output (files written name themselves in the error).
_STREAM_ERRORS = frozenset(getattr(errno, name) for name in (
    "ENOSPC", "EDQUOT", "EIO", "EFBIG", "EBADF", "ENXIO") if hasattr(errno, name))


def _stream_failed(exc: OSError) -> bool:
    """A write to standard output (or error) failed: say which in one line on stderr
    when stderr works (then it was stdout), and silence the broken streams so that
    nothing more is attempted at exit. Returns True (the failure was handled)."""
    _silence_stdout()
    try:
        click.echo(f"error: cannot write to standard output: {exc.strerror or exc}", err=True)
    except (OSError, ValueError):
        _silence(sys.stderr)
    return True


def _silence(stream: Any) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _silence_stdout() -> None:
    _silence(sys.stdout)


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(cls=_Group, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="xlinked")  # no importlib.metadata: fast
@click.option("--max-input", metavar="SIZE", envvar="XLINKED_MAX_INPUT", callback=_size,
              help=f"Largest input file read, e.g. 200M (default "
                   f"{format_size(MAX_INPUT_BYTES)}; env XLINKED_MAX_INPUT).")
@click.option("--no-preset-files", is_flag=True, envvar="XLINKED_NO_PRESET_FILES",
              help="Refuse preset files named in pedigree files (model: {preset: FILE}); "
                   "named presets still work. For servers (env XLINKED_NO_PRESET_FILES=1).")
@click.pass_context
def main(ctx: click.Context, max_input: int | None, no_preset_files: bool) -> None:
    """Exact X-linked recessive risks in a family, and the family tree drawn.

    Reads and writes native YAML/JSON pedigree files (docs/format.md), PED/FAM,
    CSV/TSV spreadsheet tables, pedigreejs (the CanRisk web tool's files),
    CanRisk/BOADICEA, GEDCOM, GA4GH Pedigree and Phenopackets files: see
    'xlinked formats'. '-' reads standard input.
    """
    ctx.meta[MAX_INPUT_KEY] = MAX_INPUT_BYTES if max_input is None else max_input
    ctx.meta[PRESET_FILES_KEY] = not no_preset_files


#: Every command: name -> (module of this package, first line of its help). The
#: module is imported only when the command runs or shows its own help, so that
#: ``xlinked --help`` and ``--version`` import neither the engine nor numpy; the
#: first lines are checked against the commands' docstrings by the tests.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("_files", "Check a pedigree file and summarise it; list every problem found."),
    "convert": ("_files", "Convert SOURCE to TARGET in any format of 'xlinked formats'; '-' "
                          "writes to stdout."),
    "formats": ("_files", "List every file format read and written, and what each keeps and "
                          "loses."),
    "schema": ("_files", "Print the JSON Schema of the native pedigree format (for editors and "
                         "other tools)."),
    "risk": ("_risk", "Carrier and affection probabilities for everyone in FILE."),
    "explain": ("_risk", "Why PERSON's risk is what it is."),
    "presets": ("_risk", "List the built-in presets, or show one preset's values and sources."),
    "draw": ("_draw", "Draw the pedigree in FILE to an image (format from the extension of -o)."),
    "layout": ("_draw", "Print the drawing's layout as JSON (units: one symbol width; y grows "
                        "downward)."),
    "batch": ("_batch", "Risks for every family of INPUT... (files, folders, - for stdin) in "
                        "one table."),
    "serve": ("_serve", "Build and edit a family in the browser; risks and drawing update as "
                        "you go."),
    "report": ("_report", "Write a counselling report for the family in FILE (HTML or PDF, "
                          "from -o)."),
}


def _load(name: str) -> click.Command | None:
    """The command ``name``, its module imported now (``None`` when not installed)."""
    module = COMMANDS[name][0]
    try:
        mod = __import__(f"{__name__}.{module}", fromlist=["COMMANDS"])
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module}":
            raise
        return None
    for command in mod.COMMANDS:
        if command.name == name:
            found: click.Command = command
            return found
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
