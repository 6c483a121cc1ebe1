"""Pedigree layout: pure geometry, no matplotlib.

:func:`layout` turns a :class:`~xlinked.Pedigree` into a :class:`Layout`: where
each symbol goes, every line drawn (each :class:`Segment` with a ``kind`` and
the couple that ``owner`` s it), the text under each symbol and the glyphs
around it. Units are symbol widths: each symbol is a 1 x 1 box centred on its
``x, y``, and ``y`` grows downward.

How it works, stage by stage (one module each)
----------------------------------------------
0. :mod:`._structure`: couples and their children in birth order; unrelated
   families, each laid out on its own and drawn apart (its own generation
   numerals, its numbers prefixed ``A:``, ``B:``...).
1. :mod:`._rows`: one row per generation, every couple on one row, the
   shortest lines of descent, no more rows than the longest line of descent
   needs; a couple that cannot share a row (a woman with children by a man and
   by his grandson) has one partner drawn twice, and so may a couple of two
   generations on a loop when that saves a row.
2. :mod:`._order`: the family graph walked from a canonical root and packed
   into blocks against each other's contours: no crossing lines without
   loops; where that cannot work, a partner is drawn twice; the children of a
   couple closing a loop are laid out last, right under them (:mod:`._place`
   runs the walk over every connected part and inserts those children).
3. :mod:`._lines`: every line, row heights; :mod:`._curves`: the dashed curves
   joining copies, routed low over the row or along a lane over its sibship lines,
   whichever crosses fewer lines.
4. :mod:`._search`: the choices made on loops (including whom to draw
   twice) searched for the placement of least explicit cost (crossings,
   copies, raised lines, width; any breach of a hard rule excluded).

:mod:`._arrange` runs these stages; :mod:`._build` places the labels and
makes the :class:`Layout`. The names of this package are imported on first
use, so that the risk table, which needs only the order for its numbers
(:func:`xlinked.draw.numbering.numbering`), does not build the rest.

The order (who stands left of whom, who is drawn twice) is found with every
symbol the same width, so it depends on the pedigree alone; the placement is
then repeated with each symbol as wide as its text, in the same order. This is
what makes :func:`xlinked.draw.numbering.numbering` (which needs no labels)
agree with the drawing.

The result depends on the pedigree's content only, plus the relative order of
each person's children in the file (their birth order, unless ages or birth
years say otherwise): shuffling the individuals in any way that keeps siblings
in order gives the same layout.

Examples
--------
>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("dad", "M"), Individual("mum", "F"),
...                 Individual("kid", "F", mother="mum", father="dad")])
>>> lay = layout(ped)
>>> [(n.number, n.id) for n in lay.nodes]
[('I-1', 'dad'), ('I-2', 'mum'), ('II-1', 'kid')]
>>> lay.node("kid").x == (lay.node("dad").x + lay.node("mum").x) / 2
True
>>> sorted({s.kind for s in lay.segments})
['drop', 'marriage', 'stub']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..._lazy import attributes

if TYPE_CHECKING:
    from ...model import Pedigree
    from .._labels import RiskInput
    from ..numbering import roman
    from ._arrange import Arrangement, arrange
    from ._geometry import HALF, LABEL_GAP, MARGIN, Box, Couple, Segment, Sibship
    from ._search import crossings
    from ._types import Family, Layout, Node

__all__ = [
    "HALF",
    "LABEL_GAP",
    "MARGIN",
    "Arrangement",
    "Box",
    "Couple",
    "Family",
    "Layout",
    "Node",
    "Segment",
    "Sibship",
    "arrange",
    "crossings",
    "layout",
    "roman",
]

__getattr__ = attributes(globals(), __name__, {
    **dict.fromkeys(("HALF", "LABEL_GAP", "MARGIN", "Box", "Couple", "Segment", "Sibship"),
                    "._geometry"),
    **dict.fromkeys(("Family", "Layout", "Node"), "._types"),
    "Arrangement": "._arrange",
    "arrange": "._arrange",
    "crossings": "._search",
    "roman": "..numbering",
})


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def layout(
    pedigree: Pedigree,
    *,
    risks: RiskInput = None,
    anonymise: bool = False,
    annotations: Mapping[str, Sequence[str]] | None = None,
) -> Layout:
    """Lay out ``pedigree``: positions of symbols, lines, labels and glyphs.

    Parameters
    ----------
    pedigree
        The family (or several unrelated families, drawn apart).
    risks
        Computed risks (a ``RiskResult`` or a mapping id -> entry with
        ``p_carrier`` / ``p_affected``), written under each person; ``None``
        writes none. They matter here because labels take room.
    anonymise
        Leave out names and dates.
    annotations
        Replace the text lines under each symbol (id -> lines; the ``II-3``
        number is always added first).

    Returns
    -------
    Layout
        Coordinates in symbol widths, ``y`` growing downward.
    """
    from .._labels import annotate
    from ._build import build

    marks, lines = annotate(pedigree, risks=risks, anonymise=anonymise)
    if annotations is not None:
        lines = {pid: tuple(annotations.get(pid, ())) for pid in pedigree.ids}
    return build(pedigree, marks, lines, file_numbers=annotations is None and not anonymise)
