"""The families of a file, one by one: what :func:`xlinked.io.each_family` and
:func:`xlinked.io.family_texts` give (imported when a file's families are read)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import XlinkedError
from ..model import Pedigree

__all__ = ["FamilyRead", "FamilyText"]


@dataclass(frozen=True)
class FamilyRead:
    """One family of a file, as :func:`each_family` read it.

    ``pedigree`` is ``None`` when the family could not be read; ``error`` then
    says why (its message names the file, the line and the person).
    """

    family: str | None
    pedigree: Pedigree | None
    warnings: list[str] = field(default_factory=list)
    error: XlinkedError | None = None


@dataclass(frozen=True)
class FamilyText:
    """The text of one family of a file, to be read by :func:`read_family` (anywhere).

    ``text`` is the whole file, or only the lines this family needs; ``lines`` then
    gives the file's number of each of those lines, for messages.
    """

    family: str | None
    format: str
    text: str
    lines: tuple[int, ...] | None = None
