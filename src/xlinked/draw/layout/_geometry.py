"""The lines and boxes of a drawing, and its measures, in symbol widths (``y`` down).

The stages that find the order of a drawing (``_arrange``) need these and no
more; the symbols and the whole :class:`~._types.Layout` are in ``_types``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ARROW_HALF",
    "BAR_STEP",
    "CLEARANCE",
    "DOUBLE",
    "GAP_SEP",
    "HALF",
    "LABEL_GAP",
    "LABEL_PAD",
    "MARGIN",
    "MIN_HALF",
    "RAISE",
    "RAISE_STEP",
    "STUB",
    "Box",
    "Couple",
    "Segment",
    "Sibship",
]

# Geometry, in symbol widths.
HALF = 0.5  # half a symbol
LABEL_GAP = 0.22  # symbol bottom -> first label line
CLEARANCE = 0.35  # last label line -> highest line in the gap below
STUB = 0.55  # sibship line -> symbol top (at least)
BAR_STEP = 0.3  # between two heights of sibship lines in one gap
MIN_HALF = 1.0  # half the minimum centre distance between neighbours
LABEL_PAD = 0.2  # clearance on each side of a label
GAP_SEP = 0.6  # between lines of two families in one gap
ARROW_HALF = 2.2  # room on the left for a proband or consultand arrow
DOUBLE = 0.07  # half the distance between the lines of a double line
RAISE = 0.2  # how far above the symbols a raised relationship line runs
RAISE_STEP = 0.15  # between two raised relationship lines over one row
MARGIN = 0.6  # around the drawing


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight line. ``owner`` is the couple (``"a+b"``) it belongs to.

    Kinds: ``marriage`` (relationship line, or the short connector of a single
    parent), ``marriage2`` (second line of a consanguineous couple), ``separation``
    (the ``//`` marks), ``childless`` (the bars of a couple without children),
    ``drop`` (line of descent), ``sibship``, ``stub`` (individual line; diagonal
    for twins), ``twin`` (the monozygotic bar), ``duplicate`` (the dashed curve
    joining two copies of one person, drawn as short straight pieces; its owner
    is ``"=id"``).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str
    owner: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Box:
    """A text label or a glyph: its kind, whose it is, its box, and its text."""

    kind: str
    owner: str
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Couple:
    """A relationship line; ``right`` is ``None`` for a single parent's connector."""

    owner: str
    left: str
    right: str | None
    consanguineous: bool
    separated: bool
    raised: bool  # drawn over people standing between the partners
    childless: str | None = None  # "choice" or "infertility": one or two bars below the line
    line_y: float = 0.0  # height of the (upper) relationship line


@dataclass(frozen=True, slots=True)
class Sibship:
    """The children of one couple (or of a single parent) and their lines."""

    owner: str
    parents: tuple[str, ...]
    children: tuple[str, ...]  # left to right
    drop_x: float
    bar_y: float
    x0: float
    x1: float
