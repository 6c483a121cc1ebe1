"""The order of a drawing, from the pedigree alone: rows, left-to-right order, copies.

:func:`arrange` lays every unrelated family out with all symbols the same width
(stages 0-2 and 4 of the layout; see :mod:`xlinked.draw.layout`); :func:`layout`
then places the labels' real widths in the same order, and
:func:`xlinked.draw.numbering.numbering` reads everyone's ``II-3`` number from it.
This module does not need the labels (nor ``Node``, ``Layout``...), so that the
risk table's numbers cost no more than the search for the order.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Pedigree
from ..numbering import family_name, roman
from ._geometry import MIN_HALF
from ._search import Outcome, search
from ._structure import Drawing, Fam, components, families

__all__ = ["Arrangement", "arrange"]


class _Part:
    """One unrelated family: its people, couples, rows and best order."""

    __slots__ = ("best", "fams", "name", "people", "row", "splits")

    def __init__(self, people: list[int], fams: list[Fam], row: dict[int, int],
                 splits: set[tuple[int, int]], best: Outcome, name: str) -> None:
        self.people = people
        self.fams = fams
        self.row = row
        self.splits = splits
        self.best = best
        self.name = name


class Arrangement:
    """The order of the drawing, found with every symbol the same width.

    (Plain classes here, not dataclasses: cheaper to create at import, which every
    risk table pays for its numbers.)
    """

    __slots__ = ("numbers", "parts")

    def __init__(self, parts: list[_Part], numbers: dict[str, str]) -> None:
        self.parts = parts
        self.numbers = numbers  # id -> "II-3" (or "B:II-3")


def arrange(pedigree: Pedigree) -> Arrangement:
    """Rows, order and copies of every person, from the pedigree alone."""
    ped = pedigree
    fams = families(ped)
    comps = components(ped, fams)
    parts: list[_Part] = []
    uniform = [1] * len(ped)
    from ._rows import assign_rows

    for f, comp in enumerate(comps):
        inside = set(comp)
        pf = [fam for fam in fams if fam.parents[0] in inside]
        row, splits = assign_rows(ped, comp, pf)
        half = {p: MIN_HALF for p in comp}

        def make(cuts: Iterable[tuple[int, int]], comp: list[int] = comp,
                 pf: list[Fam] = pf, row: dict[int, int] = row,
                 half: dict[int, float] = half) -> Drawing:
            return Drawing(ped, comp, pf, row, half, cuts)

        best = search(make, splits, uniform, len(comp), [f.parents for f in pf])
        parts.append(_Part(comp, pf, row, splits, best, family_name(f, len(comps))))
    numbers: dict[str, str] = {}
    for part in parts:
        numbers.update(_numbers(ped, part, part.best))
    return Arrangement(parts, numbers)


def _numbers(ped: Pedigree, part: _Part, out: Outcome) -> dict[str, str]:
    """Numbers of one family's people from a placement's rows and order."""
    d = out.drawing
    rows: dict[int, list[int]] = {}
    for i in range(d.n_people):
        rows.setdefault(d.row[i], []).append(i)
    prefix = f"{part.name}:" if part.name else ""
    number = {}
    for r, members in rows.items():
        members.sort(key=lambda i: (out.x[i], d.id(i)))
        # a future (hypothetical) child has no number: adding one renumbers nobody
        real = [i for i in members if not ped[d.id(i)].hypothetical]
        for rank, i in enumerate(real, 1):
            number[d.id(i)] = f"{prefix}{roman(r + 1)}-{rank}"
    return number
