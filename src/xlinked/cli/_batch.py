"""``xlinked batch``: every family of many files, on all cores or a Dask cluster."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from ._files import FROM_OPTION
from ._model import ModelOptions, model_options

if TYPE_CHECKING:
    from .._batch import Progress

__all__ = ["COMMANDS", "batch_command"]


@click.command("batch", epilog="""\b
Examples:
  xlinked batch registry/ -o risks.csv
  xlinked batch cohort.ped families/*.yaml -o risks.jsonl --errors problems.csv
  xlinked batch registry/ -o risks.parquet --jobs 8 --mode exact
  xlinked batch registry/ -o risks.csv --dask local --jobs 2
  xlinked batch registry/ -o risks.csv --dask tcp://scheduler:8786
  export-tool | xlinked batch - -o risks.csv      (standard input, any format read)
""")
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, allow_dash=True, path_type=str),
                metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The table to write: .csv, .jsonl, or .parquet (needs pyarrow).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Local worker processes (default: every core); with --dask local, "
                   "the number of Dask workers.")
@click.option("--dask", "dask", default=None, metavar="ADDRESS|local",
              help="Run on the Dask cluster whose scheduler is at ADDRESS "
                   "(tcp://host:8786), or on a local Dask cluster (needs xlinked[dask]).")
@click.option("--errors", "errors_file", default=None,
              type=click.Path(dir_okay=False, path_type=str),
              help="Also write every error and warning to this .csv or .jsonl file.")
@model_options
@FROM_OPTION
@click.option("-q", "--quiet", is_flag=True,
              help="Do not print warnings (errors are always printed).")
def batch_command(inputs: tuple[str, ...], output: str, jobs: int | None, dask: str | None,
                  errors_file: str | None, model_opts: ModelOptions,
                  from_format: str | None, quiet: bool) -> None:
    """Risks for every family of INPUT... (files, folders, - for stdin) in one table.

    Folders are read recursively (every format read: .yaml, .yml, .json, .ped,
    .fam, .canrisk, .boadicea, .csv, .tsv, .tab, .ged); a file with several
    families gives each of them. One row per
    person per family (file, family, id, number, p_carrier, p_affected,
    next_son, next_daughter, mode), written as results arrive and in input
    order whatever the number of workers. A family that fails is reported
    with its file and family, the others still come out, and the exit status
    is 1. Interrupted (Ctrl-C, SIGTERM), the output holds every family finished
    until then, each one whole.
    """
    if dask is not None and dask != "local" and jobs is not None:
        raise click.BadParameter("the Dask cluster has its own workers: give --jobs only "
                                 "with --dask local", param_hint="--jobs")
    from .._batch import batch  # not imported by the other commands
    from ._files import _stdin

    piped = _stdin("-") if "-" in inputs else None  # standard input, read once, bounded

    specs = model_opts.child_specs()
    bar = _Bar(quiet)
    with bar, _signals_as_interrupts() as received:
        try:
            summary = batch(inputs, output, model=model_opts.preset,
                            mutation_rate=model_opts.mutation_rate, mode=model_opts.mode,
                            children=specs, jobs=jobs, dask=dask,
                            errors=errors_file, format=from_format, progress=bar.update,
                            stdin=piped)
        except KeyboardInterrupt:
            bar.close()
            name = signal.Signals(received[0]).name if received else "SIGINT"
            click.echo(f"interrupted ({name}): {bar.written} families written to {output}, "
                       "each one whole; the others were not computed", err=True)
            sys.exit(128 + (received[0] if received else signal.SIGINT))
    people = f"{summary.people:,} {'person' if summary.people == 1 else 'people'}"
    rate = summary.families / summary.seconds if summary.seconds else 0.0
    click.echo(f"{summary.written:,} of {summary.families:,} families ({people}) from "
               f"{summary.files:,} files written to {output} in {summary.seconds:.1f} s "
               f"({rate:.1f} families/s)", err=True)
    if quiet and summary.warnings:
        click.echo(f"{summary.warnings:,} warnings not shown (--quiet)"
                   + (f"; they are in {errors_file}" if errors_file else ""), err=True)
    if not summary.ok:
        where = f"; they are also in {errors_file}" if errors_file else ""
        click.echo(f"error: {summary.failed:,} of {summary.families:,} families failed "
                   f"(listed above{where})", err=True)
        sys.exit(1)


class _Bar:
    """A progress bar on stderr when it is a terminal (tqdm); messages above it."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.written = 0

    def __enter__(self) -> _Bar:
        from tqdm import tqdm

        self.bar = tqdm(total=None, disable=None, file=sys.stderr, unit=" families",
                        dynamic_ncols=True, leave=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def update(self, progress: Progress) -> None:
        report = progress.report
        if report is not None:
            if not report.failed:
                self.written += 1
            for note, line in zip(report.notes, report.messages(), strict=True):
                if note.level == "error" or not self.quiet:
                    self.echo(f"{note.level}: {line}")
        if self.bar is not None and not self.bar.disable:
            self.bar.total = progress.expected
            self.bar.n = progress.done
            if progress.failed:
                self.bar.set_postfix_str(f"{progress.failed} failed", refresh=False)
            self.bar.refresh()

    def echo(self, line: str) -> None:
        if self.bar is not None and not self.bar.disable:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)


@contextmanager
def _signals_as_interrupts() -> Iterator[list[int]]:
    """SIGTERM interrupts like Ctrl-C; a second signal does not cut the clean-up short.

    Yields the list that receives the number of the signal that came.
    """
    received: list[int] = []
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: object) -> None:
        received.append(signum)
        for other in previous:
            signal.signal(other, signal.SIG_IGN)
        raise KeyboardInterrupt

    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave the signals alone
        pass
    try:
        yield received
    finally:
        for other, old in previous.items():
            signal.signal(other, old)


COMMANDS: list[Callable[..., Any]] = [batch_command]
