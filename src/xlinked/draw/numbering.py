"""Pedigree numbers (NSGC): Roman generation, then rank from the left (``II-3``).

The numbers come from the layout's rows and its left-to-right order, which
depend on the pedigree alone (not on the text written under the symbols), so
the drawing, the risk table, the JSON and the explanations can all name each
person the same way. This module needs neither matplotlib nor numpy.

* Generations are numbered I, II, III... from the top row of the drawing; a
  person's generation is their row, so people who married in share their
  partner's number of generation.
* Within a generation, people are numbered 1, 2, 3... from left to right,
  married-in partners included; a person drawn twice keeps one number. A future
  (hypothetical) child has no number, so asking for one renumbers nobody.
* A file whose ids are pedigree numbers keeps them only where they agree with
  this order (they are then the same); where they do not (``III-1`` drawn
  second from the left because she is the elder), the drawing writes the
  file's id under the number, and the risk table shows both.
* When the file holds several unrelated families, each is drawn apart and
  numbered on its own, and its numbers are prefixed with a letter: ``A:II-3``,
  ``B:I-1``... (family A holds the proband or consultand, else it is the
  largest; then larger families first, ties by their smallest id).

>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("dad", "M"), Individual("mum", "F"),
...                 Individual("kid", "F", mother="mum", father="dad")])
>>> numbering(ped)
{'dad': 'I-1', 'mum': 'I-2', 'kid': 'II-1'}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..model import Pedigree

__all__ = ["drawn_numbers", "family_name", "numbering", "own_numbering", "roman"]

_PEDIGREE_NUMBER = re.compile(r"^([IVXLCDM]+)-[1-9][0-9]*$")


def roman(n: int) -> str:
    """Roman numeral of a positive integer.

    >>> roman(4), roman(14)
    ('IV', 'XIV')
    """
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def family_name(k: int, count: int) -> str:
    """The letter of the ``k``-th of ``count`` unrelated families (``""`` for one).

    >>> family_name(0, 1), family_name(1, 3), family_name(27, 30)
    ('', 'B', 'AB')
    """
    if count <= 1:
        return ""
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(ord("A") + r) + name
    return name


def own_numbering(ids: Sequence[str], rows: Sequence[int]) -> bool:
    """True when ``ids`` are numbers of the rows drawn (``II-3`` on row II).

    Then the drawing shows those numbers, so that the picture, the risk table
    and the explanations name each person the way the file does.
    """
    for pid, r in zip(ids, rows, strict=True):
        match = _PEDIGREE_NUMBER.match(pid)
        if match is None or match.group(1) != roman(r + 1):
            return False
    return True


def numbering(pedigree: Pedigree) -> dict[str, str]:
    """Person id -> pedigree number (``"II-3"``, or ``"B:II-3"`` with several families).

    The numbers of the drawing's order, computed without the labels. Without
    loops that is the order :func:`xlinked.draw.layout` draws whatever the labels;
    with loops, wide labels can (rarely) make the drawing choose another order:
    :func:`drawn_numbers` gives the numbers of a drawing with its labels. Cost:
    the layout's search over loops, no rendering.
    """
    import importlib

    # looked up on the layout package (where it is imported on first use), so that
    # replacing xlinked.draw.layout.arrange replaces it here too
    layout_package = importlib.import_module(".layout", __package__)
    return layout_package.arrange(pedigree).numbers  # type: ignore[no-any-return]


def drawn_numbers(pedigree: Pedigree, risks: Any = None, *,
                  anonymise: bool = False) -> dict[str, str]:
    """The numbers exactly as ``draw(pedigree, risks=risks, anonymise=...)`` shows them.

    Without loops the drawing's order does not depend on the text under the
    symbols, so this is :func:`numbering` (no labels made). With loops it lays
    the pedigree out with its labels, as the drawing does: wide labels can make
    it choose another order there (the Spanish Habsburgs), and a table numbered
    otherwise would name people by numbers the picture does not show.

    >>> from xlinked import Individual, Pedigree
    >>> ped = Pedigree([Individual("dad", "M"), Individual("mum", "F"),
    ...                 Individual("kid", "F", mother="mum", father="dad")])
    >>> drawn_numbers(ped) == numbering(ped)
    True
    """
    if not pedigree.has_loops:
        return numbering(pedigree)
    from .layout import layout

    return layout(pedigree, risks=risks, anonymise=anonymise).numbers()
