"""Many families in one run: :func:`batch`, on local cores or a Dask cluster.

Files and folders are read in order, each file cut into its families; the
families are computed in parallel (a pool of local processes, or a Dask
distributed cluster) and their rows are written to one table as they arrive,
in input order whatever the number of workers. A family that fails is reported
and skipped; the others still come out.

>>> import tempfile, pathlib, xlinked
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "cohort.ped").write_text(
...     "F1 mum 0 0 2 1\\nF1 son 0 mum 1 2\\nF2 dad 0 0 1 2\\nF2 girl dad 0 2 1\\n")
>>> summary = xlinked.batch(folder, folder / "risks.csv", mode="limit", jobs=1)
>>> summary.families, summary.written, summary.people
(2, 2, 4)
>>> header, first = (folder / "risks.csv").read_text().splitlines()[:2]
>>> header
'file,family,id,number,p_carrier,p_affected,next_son,next_daughter,mode,p_carrier_exact,\
p_affected_exact,next_son_exact,next_daughter_exact'
>>> first.split(",")[1:]
['F1', 'mum', 'I-1', '0.6666666666666666', '0.0', '0.3333333333333333', \
'0.3333333333333333', 'limit', '2/3', '0', '1/3', '1/3']
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from .. import io
from ..errors import ModelError, ReadError, XlinkedError
from ..risk import RiskModel, preset
from .output import kind_of, open_table
from .runners import DaskRunner, InlineRunner, ProcessRunner, Runner, cores, in_order
from .sources import Input, families, find_files
from .work import Note, Outcome, Settings, columns

__all__ = ["BatchSummary", "FamilyReport", "Progress", "batch"]

#: The columns of the errors file.
ERROR_COLUMNS = (("file", "str"), ("family", "str"), ("line", "int"), ("level", "str"),
                 ("message", "str"))
#: How many failed families a summary keeps (all are reported as they happen).
KEPT_FAILURES = 1000


@dataclass(frozen=True, slots=True)
class FamilyReport:
    """What happened to one family.

    ``notes`` are its errors (when it ``failed``) and warnings, each an object
    with ``level`` (``"error"``, ``"warning"``), ``line`` (of the file, or
    ``None``) and ``text``; :meth:`messages` gives them as lines of text.
    """

    file: str
    family: str | None
    people: int
    failed: bool
    notes: tuple[Note, ...] = ()

    def messages(self, level: str | None = None) -> list[str]:
        """``"cohort.ped:12: family F3: id 'a': sex must be ..."``, one per note.

        >>> FamilyReport("a.ped", "F3", 0, True, (Note("error", 12, "bad sex"),)).messages()
        ['a.ped:12: family F3: bad sex']
        """
        out = []
        for note in self.notes:
            if level is None or note.level == level:
                where = self.file if note.line is None else f"{self.file}:{note.line}"
                family = "" if self.family is None else f"family {self.family}: "
                out.append(f"{where}: {family}{note.text}")
        return out


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run is, given to ``progress`` after each family and each file opened.

    ``expected`` counts the families found so far plus one for each file not
    opened yet, so it grows as multi-family files are opened; ``report`` is the
    family just finished (``None`` when a file was opened).
    """

    done: int
    failed: int
    expected: int
    report: FamilyReport | None = None


@dataclass
class BatchSummary:
    """What a :func:`batch` run did.

    ``failures`` keeps the first :data:`KEPT_FAILURES` failed families (they
    were all passed to ``progress`` as they happened).
    """

    output: str
    files: int = 0
    families: int = 0
    written: int = 0
    failed: int = 0
    people: int = 0
    warnings: int = 0
    seconds: float = 0.0
    failures: list[FamilyReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every family was written."""
        return self.failed == 0


def batch(
    inputs: Input | Iterable[Input],
    output: Input,
    *,
    model: RiskModel | str | None = None,
    mutation_rate: Any = None,
    mode: str = "float",
    children: Sequence[tuple[str | None, str | None, str]] = (),
    jobs: int | None = None,
    dask: Any = None,
    errors: Input | None = None,
    format: str | None = None,
    progress: Callable[[Progress], None] | None = None,
    stdin: str | bytes | None = None,
) -> BatchSummary:
    """Compute the risks of every family of ``inputs`` into one table, ``output``.

    Parameters
    ----------
    inputs
        Files and folders (walked recursively, taking the files of every format
        read: ``.yaml``, ``.yml``, ``.json``, ``.ped``, ``.fam``, ``.canrisk``,
        ``.boadicea``, ``.csv``, ``.tsv``, ``.tab``, ``.ged``; not ``output`` and
        ``errors``). A file holding several families (PED, CanRisk, pedigreejs,
        tables) gives each.
    output
        ``.csv``, ``.jsonl`` or ``.parquet`` (needs pyarrow), written as results
        arrive: one row per person per family with ``file``, ``family``, ``id``,
        ``number`` (as drawn: ``II-3``), ``p_carrier``, ``p_affected``,
        ``next_son``, ``next_daughter`` and ``mode``; in the exact modes also
        each value as a fraction (``p_carrier_exact``, ...), in the float and
        approximate modes each value's standard error (``p_carrier_stderr``, ...;
        empty unless the family was computed approximately). Empty values are
        empty cells (CSV) or null.
    model
        A :class:`RiskModel` or a preset name or file, for every family;
        ``None`` (default) uses each file's own model, else the IPEX preset.
    mutation_rate
        Replaces the mutation rate of the model used, when given.
    mode
        ``"float"``, ``"exact"`` or ``"limit"``, as for :func:`compute_risks`.
    children
        Hypothetical children ``(mother, father, sex)`` to add in every family
        (a family without those people fails).
    jobs
        Local worker processes (default: every core); 1 computes in this
        process. With ``dask="local"``, the number of Dask workers.
    dask
        ``None`` (local processes), a scheduler address (``"tcp://host:8786"``),
        ``"local"`` for a ``LocalCluster`` started for the run, or a
        ``distributed.Client``. Needs the ``dask`` extra.
    errors
        A ``.csv``, ``.jsonl`` or ``.parquet`` file to write every error and
        warning to (columns ``file``, ``family``, ``line``, ``level``, ``message``).
    format
        The input format (one of :data:`xlinked.io.FORMATS`) for every file;
        by default from each file's extension or content.
    progress
        Called with a :class:`Progress` after each family, in output order.
    stdin
        The text of the input named ``"-"`` (standard input, read by the caller);
        its rows name the file ``<stdin>``; the format is found from the content
        unless ``format`` is given.

    Returns
    -------
    BatchSummary
        Counts, time, and the failed families.

    Raises
    ------
    ReadError
        An input does not exist, or no pedigree file was found.
    XlinkedError
        An output name that is not ``.csv``, ``.jsonl`` or ``.parquet``, Parquet
        without pyarrow, Dask missing or unreachable, bad model options. Nothing
        is written then.
    KeyboardInterrupt
        When interrupted: the output is closed first, holding every family
        finished until then, each one whole.
    """
    start = time.perf_counter()
    if format is not None and format not in io.FORMATS:
        raise ReadError(f"unknown format {format!r} (known: {', '.join(io.FORMATS)})")
    settings = _settings(model, mutation_rate, mode, children)
    out_kind = kind_of(output)
    err_kind = kind_of(errors, "errors") if errors is not None else None
    if errors is not None and os.path.abspath(errors) == os.path.abspath(output):
        raise XlinkedError(f"{os.fspath(errors)}: the errors file cannot be the output file")
    names = [inputs] if isinstance(inputs, str | os.PathLike) else list(inputs)
    piped = any(os.fspath(n) == "-" for n in names)
    if piped and stdin is None:
        raise ReadError("the input '-' (standard input) needs its text: pass stdin=...")
    files = find_files([n for n in names if os.fspath(n) != "-"],
                       skip=[output] + ([errors] if errors is not None else []),
                       allow_none=piped)
    if piped:
        files.insert(names.index("-") if "-" in names else 0, "-")
    summary = BatchSummary(output=os.fspath(output), files=len(files))
    state = {"unopened": len(files), "found": 0}

    def found(count: int) -> None:
        state["unopened"] -= 1
        state["found"] += count
        if progress is not None:
            progress(Progress(summary.families, summary.failed, _expected()))

    def _expected() -> int:
        return state["found"] + state["unopened"]

    runner = _runner(settings, jobs, dask)
    with ExitStack() as stack:
        stack.callback(_close, runner)
        table = stack.enter_context(open_table(output, columns(settings.mode), out_kind))
        notes = (stack.enter_context(open_table(errors, ERROR_COLUMNS, err_kind))
                 if errors is not None and err_kind is not None else None)
        for outcome in in_order(runner, families(files, format, found, stdin=stdin)):
            report = _record(outcome, summary)
            if not outcome.failed:
                table.write(outcome.rows)
            if notes is not None and outcome.notes:
                notes.write([(outcome.file, outcome.family, n.line, n.level, n.text)
                             for n in outcome.notes])
            if progress is not None:
                progress(Progress(summary.families, summary.failed, _expected(), report))
        summary.seconds = time.perf_counter() - start
    return summary


def _close(runner: Runner) -> None:
    # interrupted, or an error: stop the workers without waiting for them
    runner.close(cancel=True)


def _record(outcome: Outcome, summary: BatchSummary) -> FamilyReport:
    report = FamilyReport(outcome.file, outcome.family, len(outcome.rows), outcome.failed,
                          outcome.notes)
    summary.families += 1
    summary.warnings += sum(1 for n in outcome.notes if n.level == "warning")
    if outcome.failed:
        summary.failed += 1
        if len(summary.failures) < KEPT_FAILURES:
            summary.failures.append(report)
    else:
        summary.written += 1
        summary.people += len(outcome.rows)
    return report


def _settings(model: RiskModel | str | None, mutation_rate: Any, mode: str,
              children: Sequence[tuple[str | None, str | None, str]]) -> Settings:
    if isinstance(model, str):
        model = preset(model)
    settings = Settings(mode=mode, model=model, mutation_rate=mutation_rate,
                        children=tuple(children))
    if mutation_rate is not None:  # a rate no model takes: say so before starting
        try:
            (model or preset("ipex")).replace(mutation_rate=mutation_rate)
        except ModelError as exc:
            raise ModelError(f"mutation rate: {exc}") from None
    return settings


def _runner(settings: Settings, jobs: int | None, dask: Any) -> Runner:
    if jobs is not None and jobs < 1:
        raise XlinkedError(f"jobs must be at least 1, got {jobs}")
    if dask is not None:
        return DaskRunner(settings, dask, jobs)
    jobs = jobs or cores()
    if jobs == 1:
        return InlineRunner(settings)
    return ProcessRunner(settings, jobs)
