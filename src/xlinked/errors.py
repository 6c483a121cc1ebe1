"""Every exception and warning that ``xlinked`` raises, in one place.

The tree::

    ValueError
    └── XlinkedError                 base of everything below
        ├── ReadError                a file cannot be read or parsed at all
        ├── PedigreeError            the data read do not make a valid pedigree (.problems)
        ├── UnknownIndividualError   no person with that id (also a KeyError)
        ├── ModelError               risk-model parameters that make no sense
        ├── InconsistentEvidenceError  the evidence has probability zero (.individuals)
        └── BudgetError              exact inference would exceed the memory or time
                                     allowed (.treewidth, .memory_needed, ...)

    UserWarning
    └── XlinkedWarning
        └── LossyConversionWarning   an export could not hold every field

Every message names where the problem is: the file, the individual and the field, so
that a counsellor can fix the data without reading code. The public API raises only
these for bad values and types (never a bare ``TypeError`` or ``KeyError``).

Examples
--------
>>> from xlinked.errors import PedigreeError, Problem
>>> err = PedigreeError([Problem("individual 'II-1'", "mother 'I-9' is not defined")],
...                     source="family.yaml")
>>> print(err)
family.yaml: individual 'II-1': mother 'I-9' is not defined
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "MAX_SHOWN",
    "BudgetError",
    "InconsistentEvidenceError",
    "LossyConversionWarning",
    "ModelError",
    "PedigreeError",
    "Problem",
    "ReadError",
    "UnknownIndividualError",
    "XlinkedError",
    "XlinkedWarning",
]


class XlinkedError(ValueError):
    """Base class of all errors raised by ``xlinked`` on bad input."""


class ReadError(XlinkedError):
    """A file is missing, empty, or not in a format that can be parsed.

    ``source`` is the file name (or ``None``), ``line`` the 1-based line number
    where the problem was found, when known.
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        self.detail = message
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a pedigree: where it is and what is wrong.

    ``where`` names the place (``"individual 'II-1'"``, ``"twins[0]"``,
    ``"model"``) and ``message`` says what is wrong with which field; ``line``
    is the 1-based line of the file where that place starts, when known.
    """

    where: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


#: At most this many problems are listed in a message; then "... and N more".
MAX_SHOWN = 100


class PedigreeError(XlinkedError):
    """The data do not make a valid pedigree.

    All problems are collected before this is raised, so that the user can fix
    them in one go. ``problems`` lists them all; ``str(error)`` has one line per
    problem (at most :data:`MAX_SHOWN`, then how many more), each prefixed by the
    file name when there is one.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None):
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self, limit: int | None = MAX_SHOWN) -> list[str]:
        """One line of text per problem, each naming the file (and line) when known.

        At most ``limit`` problems (``None``: all), then a line saying how many more.

        >>> err = PedigreeError([Problem("", f"problem {i}") for i in range(5)])
        >>> err.lines(limit=2)
        ['problem 0', 'problem 1', '... and 3 more problems']
        """
        shown = self.problems if limit is None else self.problems[:limit]
        out = []
        for p in shown:
            if self.source and p.line is not None:
                out.append(f"{self.source}:{p.line}: {p}")
            elif self.source:
                out.append(f"{self.source}: {p}")
            elif p.line is not None:
                out.append(f"line {p.line}: {p}")
            else:
                out.append(str(p))
        if len(shown) < len(self.problems):
            more = len(self.problems) - len(shown)
            out.append(f"... and {more} more problem{'s' if more > 1 else ''}")
        return out

    def with_source(self, source: str) -> PedigreeError:
        """The same problems, attributed to the file ``source``."""
        return PedigreeError(self.problems, source=source)


class UnknownIndividualError(XlinkedError, KeyError):
    """No individual with this id in the pedigree; also a :class:`KeyError`.

    ``id`` is the id asked for; the message suggests a close id (differing in case,
    spaces or a near spelling) when there is one; ``where`` (such as ``"--child"``
    or ``"hypothetical child: mother"``) says where the id was given.

    >>> err = UnknownIndividualError("mum", ["Mum", "dad"])
    >>> print(err)
    no individual 'mum' in the pedigree (did you mean 'Mum'?)
    >>> isinstance(err, KeyError) and isinstance(err, ValueError)
    True
    """

    def __init__(self, pid: object, known: Sequence[str] = (), *, where: str | None = None):
        self.id = pid
        self.suggestion = _close(pid, known) if isinstance(pid, str) else None
        extra = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        what = repr(pid)[:60] if isinstance(pid, str) else f"of type {type(pid).__name__}"
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}no individual {what} in the pedigree{extra}")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


def _close(pid: str, known: Sequence[str]) -> str | None:
    """An id that differs from ``pid`` only in case and spaces, or a near spelling."""
    squash = "".join(pid.split()).casefold()
    for k in known:
        if "".join(k.split()).casefold() == squash:
            return k
    if len(known) > 5000:
        return None
    import difflib

    match = difflib.get_close_matches(pid, list(known), n=1, cutoff=0.75)
    return match[0] if match else None


class ModelError(XlinkedError):
    """Risk-model parameters that are out of range or inconsistent."""


class InconsistentEvidenceError(XlinkedError):
    """The observed data are impossible under the model (likelihood zero).

    ``individuals`` holds the ids of the people whose data conflict (as far as
    they could be narrowed down).
    """

    def __init__(self, message: str, individuals: Sequence[str] = ()):
        self.individuals = tuple(individuals)
        super().__init__(message)


class BudgetError(XlinkedError):
    """Exact inference on this pedigree would exceed the memory or time allowed.

    Raised before any large table is allocated, from the sizes the elimination
    order implies. In float mode the engine answers approximately instead
    unless told not to; in the exact modes (fractions) it stops. Attributes
    (``None`` when unknown):

    ``treewidth``
        width of the best elimination order found (largest clique minus one);
    ``largest_table``
        entries of the largest clique table;
    ``memory_needed``
        bytes a junction tree of the whole pedigree would take;
    ``seconds_needed``
        estimated seconds for exact inference conditioning on ``cutset``
        people within the memory limit;
    ``max_memory``, ``max_time``
        the limits (bytes, seconds).

    >>> err = BudgetError(treewidth=18, largest_table=3.9e8, memory_needed=3.2e10,
    ...                   seconds_needed=400, cutset=5, max_memory=2**31, max_time=60)
    >>> print(err)  # doctest: +NORMALIZE_WHITESPACE
    exact inference is too large for the limits (2 GB, 60 s): treewidth 18, largest table
    3.9e+08 entries; a junction tree needs about 29.8 GB, conditioning on 5 people about
    400 s. Use the approximate mode, or raise the memory or time limit
    """

    def __init__(
        self,
        *,
        treewidth: int | None,
        largest_table: float | None,
        memory_needed: float | None,
        seconds_needed: float | None,
        cutset: int | None = None,
        max_memory: int,
        max_time: float | None,
        mode: str = "float",
    ) -> None:
        self.treewidth = treewidth
        self.largest_table = largest_table
        self.memory_needed = memory_needed
        self.seconds_needed = seconds_needed
        self.cutset = cutset
        self.max_memory = max_memory
        self.max_time = max_time
        self.mode = mode
        limits = _size(max_memory) + (f", {max_time:g} s" if max_time is not None else "")
        if treewidth is None or largest_table is None:
            size = "treewidth above 25 (no elimination order under 1e13 table entries)"
        else:
            size = f"treewidth {treewidth}, largest table {largest_table:.2g} entries"
        needs = []
        if memory_needed is not None:
            needs.append(f"a junction tree needs about {_size(memory_needed)}")
        if seconds_needed is not None and seconds_needed < math.inf:
            needs.append(f"conditioning on {cutset} people about {_seconds(seconds_needed)}")
        elif memory_needed is not None:
            needs.append("conditioning is out of reach")
        what = "; " + ", ".join(needs) if needs else ""
        advice = ("Use the approximate mode, or raise the memory or time limit"
                  if mode in ("float", "approximate")
                  else f"Use float mode (or the approximate mode), or raise the limits; "
                       f"{mode} mode is much slower and larger than float")
        super().__init__(f"exact inference is too large for the limits ({limits}): "
                         f"{size}{what}. {advice}")


def _seconds(s: float) -> str:
    if s < 10:
        return f"{s:.1f} s"
    return f"{s:.0f} s" if s < 1e7 else f"{s:.1e} s"


def _size(n: float) -> str:
    """Bytes in words: ``2 GB``, ``512 MB``, ``3e+12 GB``."""
    if n >= 2**30:
        g = n / 2**30
        return f"{g:.3g} GB" if g < 1e6 else f"{g:.1e} GB"
    return f"{n / 2**20:.3g} MB"


class XlinkedWarning(UserWarning):
    """Base class of the warnings issued by ``xlinked``."""


class LossyConversionWarning(XlinkedWarning):
    """Writing to a format that cannot hold some of the pedigree's fields."""
