"""The result of a layout: frozen geometry, in symbol widths, ``y`` down.

Every stage of the layout works towards these types (and the lines and boxes of
``_geometry``); the renderer and the ``xlinked layout`` JSON read them. Each
symbol is a 1 x 1 box centred on its node's ``x, y``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._geometry import HALF

if TYPE_CHECKING:
    from .._labels import Marks
    from ._geometry import Box, Couple, Segment, Sibship

__all__ = ["Family", "Layout", "Node"]

@dataclass(frozen=True, slots=True)
class Node:
    """One drawn symbol.

    A person drawn twice (to keep a couple side by side, or to avoid lines
    crossing) has one node with ``is_duplicate=False`` and one or more copies
    with ``is_duplicate=True``, joined by a dashed ``duplicate`` line; the
    copies carry the same ``id`` and ``number``.
    """

    id: str
    x: float
    y: float
    row: int  # 0 = top generation of the person's family
    number: str  # "II-3" ("B:II-3" when the file holds several families); "": a future child
    marks: Marks
    lines: tuple[str, ...]  # text under the symbol; the first is the drawn number (if any)
    is_duplicate: bool = False
    moved: bool = False  # placed out of birth order to meet a partner
    birth_order: int | None = None  # shown circled when the sibship is drawn out of order
    family: int = 0  # which of the unrelated families (panels) it belongs to

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The symbol's box ``(x0, y0, x1, y1)``."""
        return (self.x - HALF, self.y - HALF, self.x + HALF, self.y + HALF)


@dataclass(frozen=True, slots=True)
class Family:
    """One of several unrelated families in a file, drawn apart as a panel.

    ``name`` is ``""`` when the file holds one family, else ``"A"``, ``"B"``...
    (the family with the proband first, then the larger ones); it prefixes the
    numbers of its people (``"B:II-3"``).
    """

    name: str
    rows: tuple[float, ...]  # y of each generation row, top first
    generation_labels: tuple[Box, ...]
    bounds: tuple[float, float, float, float]
    title: Box | None = None


@dataclass(frozen=True)
class Layout:
    """The geometry of a drawn pedigree (units: symbol widths, y down)."""

    nodes: tuple[Node, ...]
    segments: tuple[Segment, ...]
    labels: tuple[Box, ...]
    glyphs: tuple[Box, ...]
    couples: tuple[Couple, ...]
    sibships: tuple[Sibship, ...]
    rows: tuple[float, ...]  # y of each generation row of the first family, top first
    generation_labels: tuple[Box, ...]  # of every family
    bounds: tuple[float, float, float, float]  # everything drawn, with a margin
    families: tuple[Family, ...] = ()
    _index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    def node(self, pid: str) -> Node:
        """The node of person ``pid`` (the original, not a duplicate)."""
        if not self._index:
            object.__setattr__(self, "_index", {n.id: i for i, n in enumerate(self.nodes)
                                                if not n.is_duplicate})
        return self.nodes[self._index[pid]]

    def copies(self, pid: str) -> tuple[Node, ...]:
        """Every node of person ``pid``: the original first, then any duplicates."""
        return tuple(sorted((n for n in self.nodes if n.id == pid),
                            key=lambda n: n.is_duplicate))

    @property
    def duplicates(self) -> int:
        """How many extra copies of people are drawn."""
        return sum(1 for n in self.nodes if n.is_duplicate)

    @property
    def width(self) -> float:
        """Width of the drawing (symbol widths)."""
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        """Height of the drawing (symbol widths)."""
        return self.bounds[3] - self.bounds[1]

    def numbers(self) -> dict[str, str]:
        """Person id -> number (``"II-3"``), as drawn."""
        return {n.id: n.number for n in self.nodes if not n.is_duplicate and n.number}

    def to_dict(self) -> dict[str, Any]:
        """The layout as plain data (the ``xlinked layout`` JSON)."""

        def r(v: float) -> float:
            return round(v, 6) + 0.0

        return {
            "unit": "symbol width",
            "nodes": [
                {"id": n.id, "x": r(n.x), "y": r(n.y), "number": n.number or None,
                 "generation": n.row + 1, "family": self._family_name(n.family),
                 "shape": n.marks.shape, "lines": list(n.lines),
                 "duplicate": n.is_duplicate, "birth_order": n.birth_order}
                for n in self.nodes
            ],
            "segments": [
                {"x0": r(s.x0), "y0": r(s.y0), "x1": r(s.x1), "y1": r(s.y1),
                 "kind": s.kind, "owner": s.owner, "dashed": s.dashed}
                for s in self.segments
            ],
            "rows": [r(y) for y in self.rows],
            "families": [
                {"name": f.name, "rows": [r(y) for y in f.rows],
                 "bounds": [r(v) for v in f.bounds]}
                for f in self.families
            ],
            "bounds": [r(v) for v in self.bounds],
        }

    def _family_name(self, k: int) -> str:
        return self.families[k].name if k < len(self.families) else ""

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
