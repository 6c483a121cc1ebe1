"""Every exception and warning that ``xlinked`` raises, in one place.

The tree::

    ValueError
    └── XlinkedError                 base of everything below
        ├── ReadError                a file cannot be read or parsed at all
        ├── PedigreeError            the data read do not make a valid pedigree (.problems)
        ├── ModelError               risk-model parameters that make no sense
        └── InconsistentEvidenceError  the evidence has probability zero (.individuals)

    UserWarning
    └── XlinkedWarning
        └── LossyConversionWarning   an export could not hold every field

Every message names where the problem is: the file, the individual and the field, so
that a counsellor can fix the data without reading code.

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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "InconsistentEvidenceError",
    "LossyConversionWarning",
    "ModelError",
    "PedigreeError",
    "Problem",
    "ReadError",
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


class PedigreeError(XlinkedError):
    """The data do not make a valid pedigree.

    All problems are collected before this is raised, so that the user can fix
    them in one go. ``problems`` lists them; ``str(error)`` has one per line,
    each prefixed by the file name when there is one.
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None):
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line of text per problem, each naming the file (and line) when known."""
        out = []
        for p in self.problems:
            if self.source and p.line is not None:
                out.append(f"{self.source}:{p.line}: {p}")
            elif self.source:
                out.append(f"{self.source}: {p}")
            elif p.line is not None:
                out.append(f"line {p.line}: {p}")
            else:
                out.append(str(p))
        return out

    def with_source(self, source: str) -> PedigreeError:
        """The same problems, attributed to the file ``source``."""
        return PedigreeError(self.problems, source=source)


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


class XlinkedWarning(UserWarning):
    """Base class of the warnings issued by ``xlinked``."""


class LossyConversionWarning(XlinkedWarning):
    """Writing to a format that cannot hold some of the pedigree's fields."""
