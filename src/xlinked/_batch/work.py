"""What a worker does with one family: read it, compute the risks, make the rows.

Everything here runs in a worker process (a local process, a Dask worker) or
inline; it takes and returns small picklable values, and never raises for a
family that goes wrong: the :class:`Outcome` says what went wrong instead.

>>> from xlinked.io import FamilyText
>>> task = Task(0, "fam.ped", FamilyText(None, "ped", "F1 mum 0 0 2 1\\nF1 son 0 mum 1 2\\n"))
>>> out = run(task, Settings(mode="limit"))
>>> [(row[2], row[3], row[4]) for row in out.rows]
[('mum', 'I-1', 0.6666666666666666), ('son', 'II-1', 1.0)]
>>> out.rows[0][-4:]
('2/3', '0', '1/3', '1/3')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import io
from ..errors import ModelError, PedigreeError, ReadError, XlinkedError
from ..io import FamilyText
from ..model import Pedigree
from ..risk import RiskModel, compute_risks, data_warnings
from ..risk.engine import MODES, resolve_model

__all__ = ["COLUMNS", "Note", "Outcome", "Settings", "Task", "columns", "numbers", "run"]

#: The output columns: (name, kind) with kind "str" or "float".
COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "str"), ("family", "str"), ("id", "str"), ("number", "str"),
    ("p_carrier", "float"), ("p_affected", "float"), ("next_son", "float"),
    ("next_daughter", "float"), ("mode", "str"),
)
_VALUES = ("p_carrier", "p_affected", "next_son", "next_daughter")


def columns(mode: str) -> tuple[tuple[str, str], ...]:
    """The output columns in ``mode``: the exact modes add the values as fractions,
    float and approximate modes each value's standard error (empty unless the family
    was computed approximately, ``mode`` ``approximate``).

    >>> [name for name, _ in columns("exact")][-2:]
    ['next_son_exact', 'next_daughter_exact']
    >>> [name for name, _ in columns("float")][-2:]
    ['next_son_stderr', 'next_daughter_stderr']
    """
    if mode in ("float", "approximate"):
        return COLUMNS + tuple((f"{k}_stderr", "float") for k in _VALUES)
    return COLUMNS + tuple((f"{k}_exact", "str") for k in _VALUES)


ChildSpec = tuple[str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class Settings:
    """The model options, the same for every family.

    ``model`` ``None`` uses each file's own model, else the IPEX preset;
    ``mutation_rate`` (when given) replaces the rate of whichever model is used.
    """

    mode: str = "float"
    model: RiskModel | None = None
    mutation_rate: Any = None
    children: tuple[ChildSpec, ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ModelError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")

    def model_for(self, pedigree: Pedigree) -> RiskModel:
        """The model for one family."""
        model = self.model if self.model is not None else resolve_model(pedigree, None)
        if self.mutation_rate is None:
            return model
        try:
            return model.replace(mutation_rate=self.mutation_rate)
        except ModelError as exc:
            raise ModelError(f"mutation rate: {exc}") from None


@dataclass(frozen=True, slots=True)
class Task:
    """One family to compute: ``index`` is its place in the output."""

    index: int
    file: str
    part: FamilyText


@dataclass(frozen=True, slots=True)
class Note:
    """An error or a warning about a family: ``line`` of the file, when known."""

    level: str  # "error" or "warning"
    line: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came of one family: its rows, or the errors that stopped it."""

    index: int
    file: str
    family: str | None
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[Note, ...]
    failed: bool


def run(task: Task, settings: Settings) -> Outcome:
    """Read the family of ``task``, compute everyone's risks, and make the rows."""
    part = task.part
    family = part.family
    notes: list[Note] = []
    try:
        pedigree, warnings = io.read_family(part, task.file,
                                            folder=os.path.dirname(task.file) or ".")
        if pedigree.family is not None:
            family = pedigree.family
        model = settings.model_for(pedigree)
        notes += [Note("warning", None, w) for w in (*warnings, *data_warnings(pedigree, model))]
        result = compute_risks(pedigree, model, mode=settings.mode, children=settings.children)
        number = numbers(pedigree.with_children(settings.children), notes, result)
        exact = settings.mode in ("exact", "limit")
        rows = []
        for person in result:
            values = [getattr(person, k) for k in _VALUES]
            row: tuple[Any, ...] = (task.file, family, person.id, number.get(person.id),
                                    *(None if v is None else float(v) for v in values),
                                    result.mode)
            if exact:
                row += tuple(None if v is None else str(Fraction(v)) for v in values)
            else:
                errs = person.stderr or {}
                row += tuple(errs.get(k) for k in _VALUES)
            rows.append(row)
    except XlinkedError as exc:
        return Outcome(task.index, task.file, family, (), (*notes, *errors(exc)), True)
    except MemoryError:
        note = Note("error", None, "out of memory computing this family")
        return Outcome(task.index, task.file, family, (), (*notes, note), True)
    except Exception as exc:  # a bug: one family's, not the whole run's
        note = Note("error", None, f"internal error ({type(exc).__name__}: {exc}); please "
                                   "report it with the input file")
        return Outcome(task.index, task.file, family, (), (*notes, note), True)
    return Outcome(task.index, task.file, family, tuple(rows), tuple(notes), False)


def run_all(tasks: list[Task], settings: Settings) -> list[Outcome]:
    """:func:`run` for each of ``tasks``."""
    return [run(task, settings) for task in tasks]


def errors(exc: XlinkedError) -> list[Note]:
    """One note per problem of ``exc``, each at its line of the file when known."""
    if isinstance(exc, PedigreeError):
        return [Note("error", p.line, str(p)) for p in exc.problems]
    if isinstance(exc, ReadError):
        return [Note("error", exc.line, exc.detail)]
    return [Note("error", None, line) for line in str(exc).splitlines() or [type(exc).__name__]]


def numbers(pedigree: Pedigree, notes: list[Note] | None = None,
            risks: Any = None) -> dict[str, str]:
    """Each person's number in the drawing (``II-3``: generation, rank from the left).

    :func:`xlinked.draw.drawn_numbers` (no matplotlib): the numbers of ``xlinked
    draw`` with ``risks`` under the symbols (without loops, from the label-free
    order). When the layout fails, nobody gets a number and a warning is added to
    ``notes``.

    >>> from xlinked import Individual, Pedigree
    >>> numbers(Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")]))
    {'mum': 'I-1', 'son': 'II-1'}
    """
    from ..draw.numbering import drawn_numbers

    try:
        return drawn_numbers(pedigree, risks)
    except Exception as exc:  # the drawing's problem, not the risks': say so, go on
        if notes is not None:
            notes.append(Note("warning", None, f"no generation numbers: the layout failed "
                                               f"({type(exc).__name__}: {exc})"))
        return {}


# -- in worker processes: the settings arrive once, then only tasks -------------

_SETTINGS: Settings | None = None


def start_worker(settings: Settings) -> None:
    """Initialise a local worker process: keep ``settings``; leave Ctrl-C to the parent."""
    import signal

    global _SETTINGS
    _SETTINGS = settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_here(tasks: list[Task]) -> list[Outcome]:
    """:func:`run_all` with the settings given to :func:`start_worker`."""
    assert _SETTINGS is not None, "start_worker was not called"
    return run_all(tasks, _SETTINGS)
