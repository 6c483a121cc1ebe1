"""Pedigree layout: pure geometry, no matplotlib.

:func:`layout` turns a :class:`~xlinked.Pedigree` into a :class:`Layout`: where
each symbol goes, every line drawn (each :class:`Segment` with a ``kind`` and
the couple that ``owner`` s it), the text under each symbol and the glyphs
around it. Units are symbol widths: each symbol is a 1 x 1 box centred on its
``x, y``, and ``y`` grows downward.

How it works
------------
1. **Rows.** A child is one row below its lower parent; people who married in
   take their partner's row; when two families are joined by a marriage, the
   shallower family's ancestors are moved down so the partners share a row.
2. **Blocks.** The family graph (people and couples) is walked from a canonical
   root (the founder with most descendants, then by id). Each couple's children
   form a contiguous block, laid out side by side in birth order, and the
   parents are centred over it; a partner who has parents of their own brings
   their whole family as a block on the outer side, at the near end of their
   own sibship. Blocks are packed with contours kept for every row *and* for
   every gap between rows, which is why a pedigree without loops is drawn with
   no crossing lines. A loop (a consanguineous couple) closes when the second
   partner is reached from the first one's block, so nobody is drawn twice;
   its children go right under it, the blocks to the right moving aside. With
   loops, the choices made on them are then searched for the placement with
   fewest crossing lines (:func:`_arrange`).
3. **Lines.** Relationship lines (double when consanguineous, broken ``//``
   when separated, raised over anyone standing between the partners), a line of
   descent from the middle of the relationship line, sibship lines on separate
   heights where two families' lines would share a stretch, individual lines,
   and twins converging on one point (a bar for monozygotic twins).
4. **Spacing.** Every symbol gets the width of its longest label line, and each
   row the height of its tallest label block, so labels never collide.

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

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Pedigree, Sex
from ._labels import Marks, RiskInput, annotate
from ._text import FONT_EM, LINE_HEIGHT, text_width

__all__ = [
    "Box",
    "Couple",
    "Layout",
    "Node",
    "Segment",
    "Sibship",
    "layout",
    "roman",
]

# Geometry, in symbol widths.
HALF = 0.5  # half a symbol
LABEL_GAP = 0.22  # symbol bottom -> first label line
CLEARANCE = 0.35  # last label line -> highest sibship line
STUB = 0.55  # sibship line -> symbol top
BAR_STEP = 0.3  # between two heights of sibship lines in one gap
MIN_HALF = 1.0  # half the minimum centre distance between neighbours
LABEL_PAD = 0.2  # clearance on each side of a label
GAP_SEP = 0.6  # between lines of two families in one gap
ARROW_HALF = 2.2  # room on the left for a proband or consultand arrow
DOUBLE = 0.07  # half the distance between the lines of a double line
RAISE = 0.2  # how far above the symbols a raised relationship line runs
MARGIN = 0.6  # around the drawing


@dataclass(frozen=True, slots=True)
class Node:
    """One drawn symbol."""

    id: str
    x: float
    y: float
    row: int  # 0 = top generation
    number: str  # "II-3": generation and rank from the left
    marks: Marks
    lines: tuple[str, ...]  # text under the symbol; the first is the number
    is_duplicate: bool = False
    moved: bool = False  # placed out of birth order to meet a partner
    birth_order: int | None = None  # shown circled when the sibship is drawn out of order

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The symbol's box ``(x0, y0, x1, y1)``."""
        return (self.x - HALF, self.y - HALF, self.x + HALF, self.y + HALF)


@dataclass(frozen=True, slots=True)
class Segment:
    """A straight line. ``owner`` is the couple (``"a+b"``) or sibship it belongs to.

    Kinds: ``marriage`` (relationship line, or the short connector of a single
    parent), ``marriage2`` (second line of a consanguineous couple), ``separation``
    (the ``//`` marks), ``drop`` (line of descent), ``sibship``, ``stub``
    (individual line; diagonal for twins), ``twin`` (the monozygotic bar).
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


@dataclass(frozen=True)
class Layout:
    """The geometry of a drawn pedigree (units: symbol widths, y down)."""

    nodes: tuple[Node, ...]
    segments: tuple[Segment, ...]
    labels: tuple[Box, ...]
    glyphs: tuple[Box, ...]
    couples: tuple[Couple, ...]
    sibships: tuple[Sibship, ...]
    rows: tuple[float, ...]  # y of each generation row, top first
    generation_labels: tuple[Box, ...]
    bounds: tuple[float, float, float, float]  # everything drawn, with a margin
    _index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    def node(self, pid: str) -> Node:
        """The node of person ``pid``."""
        if not self._index:
            object.__setattr__(self, "_index", {n.id: i for i, n in enumerate(self.nodes)})
        return self.nodes[self._index[pid]]

    @property
    def width(self) -> float:
        """Width of the drawing (symbol widths)."""
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        """Height of the drawing (symbol widths)."""
        return self.bounds[3] - self.bounds[1]

    def to_dict(self) -> dict[str, Any]:
        """The layout as plain data (the ``xlinked layout`` JSON)."""

        def r(v: float) -> float:
            return round(v, 6) + 0.0

        return {
            "unit": "symbol width",
            "nodes": [
                {"id": n.id, "x": r(n.x), "y": r(n.y), "number": n.number,
                 "generation": n.row + 1, "shape": n.marks.shape, "lines": list(n.lines),
                 "duplicate": n.is_duplicate, "birth_order": n.birth_order}
                for n in self.nodes
            ],
            "segments": [
                {"x0": r(s.x0), "y0": r(s.y0), "x1": r(s.x1), "y1": r(s.y1),
                 "kind": s.kind, "owner": s.owner, "dashed": s.dashed}
                for s in self.segments
            ],
            "rows": [r(y) for y in self.rows],
            "bounds": [r(v) for v in self.bounds],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)


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


# --------------------------------------------------------------------------- data


@dataclass(slots=True)
class _Fam:
    """A couple (or a single parent) and their children, in birth order."""

    key: str
    parents: tuple[int, ...]
    children: list[int]
    consanguineous: bool = False
    separated: bool = False
    childless: str | None = None


def _owner(ped: Pedigree, parents: Sequence[int]) -> str:
    ids = sorted(ped.ids[p] for p in parents)
    return "+".join(ids) if len(ids) == 2 else f"{ids[0]}+?"


def _families(ped: Pedigree) -> list[_Fam]:
    by_parents: dict[tuple[int, ...], _Fam] = {}
    for i in range(len(ped)):
        m, f = ped.mothers[i], ped.fathers[i]
        parents = tuple(sorted(p for p in (m, f) if p >= 0))
        if not parents:
            continue
        fam = by_parents.get(parents)
        if fam is None:
            fam = by_parents[parents] = _Fam(_owner(ped, parents), parents, [])
        fam.children.append(i)
    for u in ped.unions:
        parents = tuple(sorted(ped.index[p] for p in u.partners))
        fam = by_parents.get(parents)
        if fam is None:
            fam = by_parents[parents] = _Fam(_owner(ped, parents), parents, [])
        fam.separated = fam.separated or u.separated
        if u.childless is not None:
            fam.childless = u.childless.value
    for fam in by_parents.values():
        if len(fam.parents) == 2:
            a, b = (ped.ids[p] for p in fam.parents)
            fam.consanguineous = ped.is_consanguineous(a, b)
    return sorted(by_parents.values(), key=lambda f: f.key)


def _reference_year(ped: Pedigree) -> float | None:
    years = sorted(p.birth_year + p.age for p in ped
                   if p.birth_year is not None and p.age is not None and not p.deceased)
    return years[len(years) // 2] if years else None


def _birth_order(ped: Pedigree, kids: Sequence[int], ref: float | None) -> list[int]:
    """Input order, except that siblings whose birth time is known are sorted by it.

    An ongoing pregnancy is the youngest. Birth years and ages of living people
    are compared through the pedigree's reference year (birth year + age of the
    people who have both); without one, whichever of the two covers more
    siblings is used.
    """
    kids = sorted(kids)  # input order among themselves
    people = [ped.individuals[i] for i in kids]
    years = {i: float(p.birth_year) for i, p in zip(kids, people, strict=True)
             if p.birth_year is not None and p.pregnancy is None}
    ages = {i: p.age for i, p in zip(kids, people, strict=True)
            if p.age is not None and not p.deceased and p.pregnancy is None}
    keys: dict[int, float] = {}
    if ref is not None:
        keys = {i: ref - a for i, a in ages.items()}
        keys.update(years)
    elif len(years) >= len(ages):
        keys = dict(years)
    else:
        keys = {i: -a for i, a in ages.items()}
    for i, p in zip(kids, people, strict=True):
        if p.pregnancy is not None and p.pregnancy.ongoing:
            keys[i] = math.inf
    slots = [n for n, i in enumerate(kids) if i in keys]
    known = sorted((i for i in kids if i in keys), key=lambda i: keys[i])
    out = list(kids)
    for slot, i in zip(slots, known, strict=True):
        out[slot] = i
    # twins together, at the place of the first one
    for group in ped.twins:
        members = [ped.index[m] for m in group.members]
        if not set(members) <= set(out):
            continue
        first = min(out.index(m) for m in members)
        ordered = sorted(members, key=out.index)
        rest = [i for i in out if i not in members]
        out = rest[:first] + ordered + rest[first:]
    return out


def _rows(ped: Pedigree, fams: Sequence[_Fam]) -> list[int]:
    n = len(ped)
    gen = [0] * n
    for i in ped.topological_order:
        gen[i] = max((gen[p] + 1 for p in (ped.mothers[i], ped.fathers[i]) if p >= 0), default=0)
    partners: list[set[int]] = [set() for _ in range(n)]
    kids: list[list[int]] = [[] for _ in range(n)]
    for fam in fams:
        if len(fam.parents) == 2:
            a, b = fam.parents
            partners[a].add(b)
            partners[b].add(a)
        for p in fam.parents:
            kids[p].extend(fam.children)
    founders = [i for i in range(n) if ped.mothers[i] < 0 and ped.fathers[i] < 0]
    ancestors_cache: dict[int, set[int]] = {}

    def up(i: int) -> set[int]:
        if i not in ancestors_cache:
            found = {i}
            stack = [i]
            while stack:
                j = stack.pop()
                for p in (ped.mothers[j], ped.fathers[j]):
                    if p >= 0 and p not in found:
                        found.add(p)
                        stack.append(p)
            ancestors_cache[i] = found
        return ancestors_cache[i]

    shifted: set[int] = set()
    couples = sorted((f.parents for f in fams if len(f.parents) == 2),
                     key=lambda c: (ped.ids[c[0]], ped.ids[c[1]]))
    for _ in range(2 * n + 2):
        changed = False
        for i in founders:
            target = max((gen[j] for j in partners[i]), default=gen[i])
            if kids[i]:
                target = min(max(target, gen[i]), min(gen[k] for k in kids[i]) - 1)
            if target > gen[i]:
                gen[i] = target
                changed = True
        for a, b in couples:
            if gen[a] == gen[b]:
                continue
            lo, hi = (a, b) if gen[a] < gen[b] else (b, a)
            if lo in shifted or (ped.mothers[lo] < 0 and ped.fathers[lo] < 0):
                continue
            block = up(lo)
            if block & up(hi):
                continue  # a loop: leave the partners on their rows
            d = gen[hi] - gen[lo]
            for j in block:
                gen[j] += d
            shifted.add(lo)
            changed = True
        for i in ped.topological_order:
            low = max((gen[p] + 1 for p in (ped.mothers[i], ped.fathers[i]) if p >= 0),
                      default=gen[i])
            if low > gen[i]:
                gen[i] = low
                changed = True
        if not changed:
            break
    levels = sorted(set(gen))
    rank = {g: k for k, g in enumerate(levels)}
    return [rank[g] for g in gen]


# --------------------------------------------------------------------------- blocks


class _Block:
    """Relative x positions plus, per level, the extent [lo, hi] they occupy.

    Level ``2 * row`` is a row of symbols (and their labels); level ``2 * row - 1``
    is the gap above that row, where sibship lines and individual lines run.
    """

    __slots__ = ("hi", "lo", "pos")

    def __init__(self) -> None:
        self.pos: dict[int, float] = {}
        self.lo: dict[int, float] = {}
        self.hi: dict[int, float] = {}

    def extend(self, level: int, a: float, b: float) -> None:
        if level in self.lo:
            self.lo[level] = min(self.lo[level], a)
            self.hi[level] = max(self.hi[level], b)
        else:
            self.lo[level] = a
            self.hi[level] = b

    def absorb(self, other: _Block, dx: float) -> None:
        for k, v in other.pos.items():
            self.pos[k] = v + dx
        for level, a in other.lo.items():
            self.extend(level, a + dx, other.hi[level] + dx)


def _sep(level: int) -> float:
    return 0.0 if level % 2 == 0 else GAP_SEP


def _need(left: _Block, right: _Block, below: int | None = None,
          above: int | None = None) -> float:
    """The smallest shift of ``right`` that puts it right of ``left`` on every level.

    ``below`` / ``above`` restrict this to the levels greater than / at most the
    given one.
    """
    best = -math.inf
    for level, lo in right.lo.items():
        if (below is not None and level <= below) or (above is not None and level > above):
            continue
        hi = left.hi.get(level)
        if hi is not None:
            best = max(best, hi - lo + _sep(level))
    return best


def _fallback(left: _Block, right: _Block) -> float:
    if not left.hi or not right.lo:
        return 0.0
    return max(left.hi.values()) - min(right.lo.values()) + GAP_SEP


class _Builder:
    """The recursive block construction (mutable state local to one layout)."""

    def __init__(self, ped: Pedigree, half: Sequence[float]) -> None:
        self.ped = ped
        self.n = len(ped)
        self.fams = _families(ped)
        self.row = _rows(ped, self.fams)
        self.half = list(half)
        ref = _reference_year(ped)
        self.birth = [-1] * self.n
        self.own: list[list[int]] = [[] for _ in range(self.n)]
        for k, fam in enumerate(self.fams):
            fam.children = _birth_order(ped, fam.children, ref)
            for c in fam.children:
                self.birth[c] = k
            for p in fam.parents:
                self.own[p].append(k)
        # rank of each child among each parent's children: chronological unions
        for p in range(self.n):
            mine = _birth_order(ped, [c for k in self.own[p] for c in self.fams[k].children],
                                ref)
            rank = {c: r for r, c in enumerate(mine)}

            def key(k: int, rank: dict[int, int] = rank, p: int = p) -> tuple[Any, ...]:
                kids = self.fams[k].children
                if kids:
                    return (0, min(rank[c] for c in kids), "")
                other = [q for q in self.fams[k].parents if q != p]
                return (1, 0, ped.ids[other[0]] if other else "")

            self.own[p].sort(key=key)
        self.bridges = _bridges(self.fams, self.n)
        self.couple_set = {f.parents for f in self.fams if len(f.parents) == 2}
        # people on a loop: some link of theirs to a couple is not a bridge
        self.looped: set[int] = set()
        for k, fam in enumerate(self.fams):
            for i in (*fam.parents, *fam.children):
                if (k, i) not in self.bridges:
                    self.looped.add(i)
        self.reset(frozenset())

    def reset(self, flips: frozenset[tuple[Any, ...]]) -> None:
        """Forget any placement; the next one inverts the choices named in ``flips``."""
        self.flips = flips
        self.choices: list[tuple[Any, ...]] = []  # choices met, in order (see _flip)
        self.deferred: list[int] = []
        self.handled: set[int] = set()
        self.placed: set[int] = set()
        self.phantom_side: dict[int, int] = {}

    def _flip(self, key: tuple[Any, ...]) -> bool:
        """Record a choice on a loop; True when this placement inverts it."""
        if key not in self.choices:
            self.choices.append(key)
        return key in self.flips

    # -- helpers ---------------------------------------------------------------

    def _other(self, k: int, p: int) -> int | None:
        others = [q for q in self.fams[k].parents if q != p]
        return others[0] if others else None

    def _closes_loop(self, p: int, k: int) -> bool:
        """Couple ``k`` of ``p`` joins two parts already joined otherwise (a loop).

        Its children are then laid out last, under the couple, once both partners
        stand where their own families put them. A partner who is a sibling of
        ``p`` is instead placed right next to ``p``.
        """
        q = self._other(k, p)
        if q is None:
            return False
        if q in self.placed:
            return True
        if (self.birth[q] >= 0 and self.birth[q] == self.birth[p]
                and self.ped.twin_group(self.ped.ids[p]) is None
                and self.ped.twin_group(self.ped.ids[q]) is None):
            return False
        return (k, q) not in self.bridges

    def _has_family(self, q: int) -> bool:
        return self.birth[q] >= 0

    def _wants(self, c: int, siblings: set[int]) -> str | None:
        """Which end of the sibship ``c`` should stand at to meet a partner."""
        want = None
        for k in self.own[c]:
            if k in self.handled:
                continue
            q = self._other(k, c)
            if q is None or q in siblings:
                continue
            if q in self.placed:
                return "left"  # laid out already, so to the left
            if (k, q) not in self.bridges:
                want = "right"  # will be laid out later, to the right
            elif want is None:
                b = self.birth[q]
                if b >= 0 and b not in self.handled:
                    want = "either"
        return want

    def _single(self, p: int) -> _Block:
        blk = _Block()
        blk.pos[p] = 0.0
        h = self.half[p]
        blk.extend(2 * self.row[p], -h, h)
        self.placed.add(p)
        return blk

    # -- the recursion ---------------------------------------------------------

    def person(self, p: int, free: frozenset[str]) -> _Block:
        """``p`` with all their (not yet laid out) couples, children and in-laws."""
        blk = self._single(p)
        fams = []
        for k in self.own[p]:
            if k in self.handled or k in self.deferred:
                continue
            if self._closes_loop(p, k):
                self.deferred.append(k)
            else:
                fams.append(k)
        self.handled.update(fams)
        if not fams:
            return blk
        sides: list[tuple[int, str]] = []
        if len(fams) == 1:
            sides.append((fams[0], self._side(p, fams[0], free)))
        elif self._other(fams[0], p) is None:
            sides += [(k, "right") for k in fams]
        else:
            first = "right" if free == frozenset({"right"}) else "left"
            sides.append((fams[0], first))
            sides += [(k, "right") for k in fams[1:]]
        lefts = [k for k, s in sides if s == "left"]
        rights = [k for k, s in sides if s == "right"]
        for k in lefts:  # at most one, never a single parent's
            kids = self.sibship(k, None, None)
            q = self._other(k, p)
            part = self.partner(q, k, "right")
            blk = self.compose(part, q, k, kids, blk, p)
        for k in rights:
            kids = self.sibship(k, None, None)
            q = self._other(k, p)
            part = self.partner(q, k, "left")
            blk = self.compose(blk, p, k, kids, part, q)
        return blk

    def _side(self, p: int, k: int, free: frozenset[str]) -> str:
        q = self._other(k, p)
        if q is None:  # a single parent: the connector always goes right
            return "right"
        if self._has_family(q):
            if len(free) != 1 and (p in self.looped or q in self.looped) \
                    and self._flip(("side", k)):
                return "left"
            if "right" in free or not free:
                return "right"
            return "left"
        if len(free) == 1:
            return next(iter(free))
        return "left" if self.ped.individuals[q].sex is Sex.MALE else "right"

    def partner(self, q: int | None, k: int, toward: str) -> _Block | None:
        """Partner ``q`` of couple ``k``, standing with the other partner on ``toward``."""
        if q is None or q in self.placed:
            return None
        far = frozenset({"left" if toward == "right" else "right"})
        b = self.birth[q]
        if b >= 0 and b not in self.handled:
            return self.family(b, q, toward)
        return self.person(q, far)

    def family(self, k: int, q: int, toward: str) -> _Block:
        """The family ``q`` comes from, with ``q`` at the ``toward`` end of the sibship."""
        self.handled.add(k)
        fam = self.fams[k]
        order = list(fam.children)
        group = [q]
        tg = self.ped.twin_group(self.ped.ids[q])
        if tg is not None:
            group = [i for i in order if self.ped.ids[i] in tg.members]
        rest = [i for i in order if i not in group]
        near = toward
        if q in self.looped and len(rest) > 0 and self._flip(("far", k)):
            # q at the far end, siblings on loops at the near one
            near = "left" if toward == "right" else "right"
            rest = self._ends(rest)
        if near == "right":
            group = [i for i in group if i != q] + [q]
            new = rest + group
        else:
            group = [q] + [i for i in group if i != q]
            new = group + rest
        kids = self.sibship(k, new, q, toward)
        if len(fam.parents) == 1:
            (a,) = fam.parents
            part = self.partner(a, k, toward)
            return self.compose(part, a, k, kids, None, None)
        a, b = fam.parents
        # a parent whose own family is still to be laid out goes on the far side,
        # one whose family is laid out already (a loop) on the near side
        def far(i: int) -> int:
            if self.birth[i] < 0:
                return 0
            return 1 if self.birth[i] not in self.handled else -1

        fa, fb = far(a), far(b)
        if fa != fb:
            left, right = (a, b) if (fa > fb) == (toward == "right") else (b, a)
        else:
            left, right = (a, b) if self.ped.individuals[a].sex is Sex.MALE else (b, a)
            if (a in self.looped or b in self.looped) and self._flip(("parents", k)):
                left, right = right, left
        lpart = self.partner(left, k, "right")
        rpart = self.partner(right, k, "left")
        return self.compose(lpart, left, k, kids, rpart, right)

    def sibship(self, k: int, order: list[int] | None, q: int | None,
                toward: str | None = None) -> _Block | None:
        """The children of couple ``k`` side by side (``q`` forced to one end)."""
        fam = self.fams[k]
        if order is None:
            order = self._ends(self._gather(k, list(fam.children)))
        todo = [c for c in order if c not in self.placed]
        blk: _Block | None = None
        for n, c in enumerate(todo):
            if c in self.placed:
                continue  # laid out meanwhile, with a partner
            free = set()
            if n == 0:
                free.add("left")
            if n == len(todo) - 1:
                free.add("right")
            group = self.ped.twin_group(self.ped.ids[c])
            if group is not None:  # a partner never stands between twins
                members = [i for i in todo if self.ped.ids[i] in group.members]
                if len(members) > 1:
                    free = {"left"} if c == members[0] else set()
                    free |= {"right"} if c == members[-1] else set()
            if c == q and toward is not None:
                free = {"left" if toward == "right" else "right"}
            cb = self.person(c, frozenset(free))
            if blk is None:
                blk = cb
            else:
                dx = _need(blk, cb)
                blk.absorb(cb, dx if dx > -math.inf else _fallback(blk, cb))
        return blk

    def _gather(self, k: int, order: list[int]) -> list[int]:
        """Siblings on loops side by side, when this placement chooses so."""
        on_loop = [c for c in order if c in self.looped and c not in self.placed]
        if len(on_loop) < 2:
            return order
        pos = [order.index(c) for c in on_loop]
        if pos[-1] - pos[0] == len(on_loop) - 1 or not self._flip(("gather", k)):
            return order
        rest = [c for c in order if c not in on_loop]
        return self._keep_twins(rest[:pos[0]] + on_loop + rest[pos[0]:])

    def _ends(self, order: list[int]) -> list[int]:
        """Siblings who marry into another family go to the ends of the sibship."""
        sibs = set(order)
        wants = {c: self._wants(c, sibs) for c in order if c not in self.placed}
        if not any(wants.values()):
            return order
        n = len(order)
        lefts: list[int] = []
        rights: list[int] = []
        middle: list[int] = []
        for i, c in enumerate(order):
            w = wants.get(c)
            if w == "either":
                w = "left" if i < n - 1 - i and not lefts else "right"
                if w == "right" and rights and not lefts:
                    w = "left"
            if w is not None and c in self.looped and self._flip(("ends", c)):
                w = "right" if w == "left" else "left"
            if w == "left":
                lefts.append(c)
            elif w == "right":
                rights.append(c)
            else:
                middle.append(c)
        return self._keep_twins(lefts + middle + rights)

    def _keep_twins(self, order: list[int]) -> list[int]:
        for group in self.ped.twins:
            members = [self.ped.index[m] for m in group.members]
            if not set(members) <= set(order):
                continue
            pos = sorted(order.index(m) for m in members)
            if pos[-1] - pos[0] == len(members) - 1:
                continue
            anchor = pos[0]
            rest = [i for i in order if i not in members]
            ordered = sorted(members, key=order.index)
            order = rest[:anchor] + ordered + rest[anchor:]
        return order

    def compose(self, left: _Block | None, a: int | None, k: int, kids: _Block | None,
                right: _Block | None, b: int | None) -> _Block:
        """Join partner ``a`` (in ``left``) and ``b`` (in ``right``) over their children.

        The children are centred under the middle of the relationship line; the
        line grows when the blocks need room. ``b is None`` is a single parent,
        whose short connector ends where the line of descent starts.
        """
        fam = self.fams[k]
        single = len(fam.parents) == 1
        if left is None or a is None or a not in left.pos:
            # the partner was laid out elsewhere (a loop): just pack what is left
            out = _Block()
            for part in (left, kids, right):
                if part is not None:
                    if not out.pos:
                        out.absorb(part, 0.0)
                    else:
                        dx = _need(out, part)
                        out.absorb(part, dx if dx > -math.inf else _fallback(out, part))
            return out
        xa = left.pos[a]
        if single:
            gap = self.half[a]
        elif b is not None and fam.children:
            gap = 2 * max(self.half[a], self.half[b])  # the line of descent clears both labels
        elif b is not None:
            gap = self.half[a] + self.half[b]
        else:
            gap = self.half[a] + MIN_HALF
        kid_ids = [c for c in fam.children if kids is not None and c in kids.pos]
        if kids is not None and kid_ids:
            xs = [kids.pos[c] for c in kid_ids]
            ck = (min(xs) + max(xs)) / 2
            dxk = _need(left, kids)
            if dxk == -math.inf:
                dxk = xa + gap / 2 - ck
            c = ck + dxk
            xb = c if single else 2 * c - xa
            if xb < xa + gap:
                xb = xa + gap
                c = xb if single else (xa + xb) / 2
                dxk = c - ck
        else:
            xb = xa + gap
            dxk = 0.0
        out = left
        if right is not None and b is not None:
            dxr = xb - right.pos[b]
            delta = 0.0
            need_lr = _need(left, right)
            if need_lr > -math.inf:
                delta = max(delta, need_lr - dxr)
            top = 2 * max(self.row[a], self.row[b])
            if kids is not None and kid_ids and not single:
                need_kr = _need(kids, right, below=top)
                if need_kr > -math.inf:
                    delta = max(delta, 2 * (need_kr + dxk - dxr))
            xb += delta
            dxr += delta
            if not single:
                dxk += delta / 2
            if kids is not None:
                # the children's block may reach up to the parents' row (an in-law's
                # family): that part stays right of the right partner
                clash = _need(right, kids, above=top)
                if clash > -math.inf and clash + dxr > dxk:
                    dxk = clash + dxr
            if kids is not None:
                out.absorb(kids, dxk)
            out.absorb(right, dxr)
        elif kids is not None:
            out.absorb(kids, dxk)
        if single:
            self.phantom_side[k] = 1
            out.extend(2 * self.row[a], xa, xb + 0.25)
        else:
            out.extend(2 * self.row[a], xa, xb)
        if kid_ids:
            mid = xb if single else (xa + xb) / 2
            xs = [out.pos[c] for c in kid_ids]
            lo, hi = min([*xs, mid]), max([*xs, mid])
            top = min(self.row[c] for c in kid_ids)
            out.extend(2 * top - 1, lo, hi)
        return out


def _bridges(fams: Sequence[_Fam], n: int) -> set[tuple[int, int]]:
    """(couple, parent) links whose removal splits the family graph (no loop through them)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(("p", i) for i in range(n))
    for k, fam in enumerate(fams):
        for i in (*fam.parents, *fam.children):
            g.add_edge(("f", k), ("p", i))
    out = set()
    for u, v in nx.bridges(g):
        f, p = (u, v) if u[0] == "f" else (v, u)
        if f[0] == "f" and p[0] == "p":
            out.add((f[1], p[1]))
    return out


def _occupied(builder: _Builder, pos: Mapping[int, float]) -> dict[int, list[tuple[float, float]]]:
    occ: dict[int, list[tuple[float, float]]] = {}
    for i, x in pos.items():
        h = builder.half[i]
        occ.setdefault(2 * builder.row[i], []).append((x - h, x + h))
    for fam in builder.fams:
        kids = [c for c in fam.children if c in pos]
        parents = [p for p in fam.parents if p in pos]
        if kids and parents:
            mid = sum(pos[p] for p in parents) / len(parents)
            xs = [pos[c] for c in kids]
            top = min(builder.row[c] for c in kids)
            occ.setdefault(2 * top - 1, []).append((min([*xs, mid]), max([*xs, mid])))
    return occ


def _free_shift(occ: Mapping[int, list[tuple[float, float]]], blk: _Block, dx0: float) -> float:
    """The shift nearest ``dx0`` at which ``blk`` overlaps nothing in ``occ``."""
    banned = []  # open intervals of forbidden shifts
    for level, lo in blk.lo.items():
        hi, sep = blk.hi[level], _sep(level)
        for s, e in occ.get(level, ()):
            banned.append((s - sep - hi, e + sep - lo))
    banned.sort()
    merged: list[list[float]] = []
    for a, b in banned:
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    for a, b in merged:
        if a < dx0 < b:
            return min((b, a), key=lambda d: (abs(d - dx0), -d))
    return dx0


def _descendant_counts(ped: Pedigree) -> list[int]:
    kids: list[list[int]] = [[] for _ in range(len(ped))]
    for i in range(len(ped)):
        for p in (ped.mothers[i], ped.fathers[i]):
            if p >= 0:
                kids[p].append(i)
    counts = [0] * len(ped)
    for i in reversed(ped.topological_order):
        seen: set[int] = set()
        stack = list(kids[i])
        while stack:
            j = stack.pop()
            if j not in seen:
                seen.add(j)
                stack.extend(kids[j])
        counts[i] = len(seen)
    return counts


def _place(builder: _Builder) -> dict[int, float]:
    """x of every person: one block per connected part, packed left to right."""
    ped = builder.ped
    counts = _descendant_counts(ped)
    founders = [i for i in range(builder.n) if ped.mothers[i] < 0 and ped.fathers[i] < 0]
    founders.sort(key=lambda i: (-counts[i], builder.row[i], ped.ids[i]))
    others = sorted(range(builder.n), key=lambda i: (builder.row[i], ped.ids[i]))
    total = _Block()
    for i in founders + others:
        if i in builder.placed:
            continue
        blk = builder.person(i, frozenset({"left", "right"}))
        if not total.pos:
            total.absorb(blk, 0.0)
        else:
            total.absorb(blk, _fallback(total, blk) + 1.0)
        _close_loops(builder, total)
    return total.pos


def _close_loops(builder: _Builder, total: _Block) -> None:
    """Lay out the children of couples that close a loop, under them where there is room."""
    while builder.deferred:
        k = builder.deferred.pop(0)
        if k in builder.handled:
            continue
        builder.handled.add(k)
        fam = builder.fams[k]
        for q in fam.parents:
            if q not in builder.placed:
                blk = builder.partner(q, k, "left")
                if blk is not None:
                    total.absorb(blk, _fallback(total, blk) + 1.0)
        kids = builder.sibship(k, None, None)
        if kids is None:
            continue
        ids = [c for c in fam.children if c in kids.pos]
        if not ids:
            total.absorb(kids, _fallback(total, kids) + 1.0)
            continue
        mid = sum(total.pos[q] for q in fam.parents) / len(fam.parents)
        if len(fam.parents) == 1:
            mid += builder.half[fam.parents[0]]
        else:
            mid = _drop_gap(builder, k, total.pos, mid)
        xs = [kids.pos[c] for c in ids]
        dx0 = mid - (min(xs) + max(xs)) / 2
        if builder._flip(("loop", k)):  # the nearest free place
            total.absorb(kids, _free_shift(_occupied(builder, total.pos), kids, dx0))
        else:  # right under the couple, making room
            top = min(builder.row[c] for c in ids)
            _insert(builder, total, kids, mid, dx0, 2 * top - 1)


def _drop_gap(builder: _Builder, k: int, pos: Mapping[int, float], mid: float) -> float:
    """Where couple ``k``'s line of descent will drop, when people stand between them.

    It drops between two neighbours who are not a couple themselves: the
    opening nearest the middle, or (a choice the search may invert) the one
    nearest a partner.
    """
    a, b = sorted(builder.fams[k].parents, key=lambda i: pos[i])
    if builder.row[a] != builder.row[b]:
        return mid
    r = builder.row[a]
    line = sorted((x, i) for i, x in pos.items()
                  if builder.row[i] == r and pos[a] <= x <= pos[b])
    if len(line) <= 2:
        return mid
    gaps = [(u + v) / 2 for (u, i), (v, j) in zip(line, line[1:], strict=False)
            if tuple(sorted((i, j))) not in builder.couple_set]
    if not gaps:
        return mid
    best = min(gaps, key=lambda g: (abs(g - mid), g))
    if builder._flip(("gap", k)):
        side = min(gaps, key=lambda g: g - pos[a])
        best = side if side != best else max(gaps)
    return best


def _insert(builder: _Builder, total: _Block, blk: _Block, cut: float, dx0: float,
            gap: int) -> None:
    """Put ``blk`` near shift ``dx0``, moving everything right of ``cut`` to make room.

    Shifting every symbol right of a vertical cut by the same amount keeps the
    left-to-right order of all symbols and lines, so it adds no crossing; the
    block's lines of descent (from the middle of its parents, at ``cut``) then
    drop straight down, instead of reaching for a free place far away.
    """
    occ = _occupied(builder, total.pos)
    dx = dx0
    levels = [*blk.lo, gap]
    for level in levels:  # clear of what stands left of the cut
        lo = blk.lo.get(level)
        if lo is None:
            continue
        for s, e in occ.get(level, ()):
            if (s + e) / 2 < cut:
                dx = max(dx, e + _sep(level) - lo)
    delta = 0.0
    for level in levels:  # ...and push what stands right of it
        hi = blk.hi.get(level)
        if hi is None:
            continue
        for s, e in occ.get(level, ()):
            if (s + e) / 2 >= cut:
                delta = max(delta, hi + dx + _sep(level) - s)
    if delta > 0:
        for i, x in total.pos.items():
            if x >= cut:
                total.pos[i] = x + delta
        for level, h in total.hi.items():
            if h >= cut:
                total.hi[level] = h + delta
    total.absorb(blk, dx)


# --------------------------------------------------------------------------- lines


def _label_half(lines: Iterable[str]) -> float:
    widest = max((text_width(s) for s in lines), default=0.0)
    return widest / 2 + LABEL_PAD


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
        The family.
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
    ped = pedigree
    marks, lines = annotate(ped, risks=risks, anonymise=anonymise)
    if annotations is not None:
        lines = {pid: tuple(annotations.get(pid, ())) for pid in ped.ids}
    # rows first (numbers take room too), then widths
    fams0 = _families(ped)
    rows0 = _rows(ped, fams0)
    per_row = [0] * (max(rows0) + 1)
    for r in rows0:
        per_row[r] += 1
    half = []
    for i, p in enumerate(ped):
        number = f"{roman(rows0[i] + 1)}-{per_row[rows0[i]]}"
        h = max(MIN_HALF, _label_half([number, *lines[p.id]]))
        m = marks[p.id]
        if m.proband or m.consultand:
            h = max(h, ARROW_HALF)
        half.append(h)
    builder = _Builder(ped, half)
    xs = _arrange(builder, [1 + len(lines[pid]) for pid in ped.ids])
    return _finish(builder, xs, marks, lines)


SEARCH_WORK = 12_000  # placements tried x people, at most, for a pedigree with loops


def _arrange(builder: _Builder, nlines: Sequence[int]) -> dict[int, float]:
    """x of every person; with loops, the placement with fewest crossing lines found.

    A pedigree without loops is drawn without crossings by the block
    construction alone. With loops, the choices the construction made on them
    (which end of a sibship a partner stands at, which side a partner's family
    goes, whether siblings on loops stand together, where a loop couple's
    children go) are inverted one at a time, keeping each inversion that lowers
    the number of crossings (first improvement, at most 100
    placements, fewer for large pedigrees; all deterministic).
    """

    def attempt(flips: frozenset[tuple[Any, ...]]) -> tuple[dict[int, float], int]:
        builder.reset(flips)
        xs = _separate(builder, _place(builder))
        if not builder.looped:
            return xs, 0
        return xs, _crossings(_lines(builder, xs, nlines)[1])

    tried: set[frozenset[tuple[Any, ...]]] = set()
    budget = min(100, max(10, SEARCH_WORK // builder.n))

    def climb(flips: frozenset[tuple[Any, ...]], limit: int,
              ) -> tuple[dict[int, float], int, list[tuple[Any, ...]]]:
        tried.add(flips)
        best_x, best = attempt(flips)
        choices = list(builder.choices)
        first = choices
        improved = True
        while improved and best > 0 and len(tried) < limit:
            improved = False
            for key in choices:
                cand = flips ^ {key}
                if cand in tried:
                    continue
                tried.add(cand)
                xs, count = attempt(cand)
                if count < best:
                    best_x, best, flips, choices = xs, count, cand, list(builder.choices)
                    improved = True
                    break
                if len(tried) >= limit:
                    break
        return best_x, best, first

    # two starts: loop children under their parents, or in the nearest free place
    best_x, best, first = climb(frozenset(), budget // 2)
    loops = frozenset(c for c in first if c[0] == "loop")
    if best > 0 and loops and loops not in tried:
        other_x, other, _ = climb(loops, budget)
        if other < best:
            best_x = other_x
    return best_x


def _crossings(segs: Sequence[Segment]) -> int:
    """Proper crossings between lines of different couples (layout-checks C11).

    Horizontal and vertical lines are counted per height with sorted ends
    (``O(S log S)``); the few slanted ones (twins, partners on two rows) are
    tested against every line.
    """
    import numpy as np

    eps = 1e-9
    lines = [s for s in segs if s.kind != "separation"]
    flat: dict[float, list[Segment]] = {}
    upright: list[Segment] = []
    slanted: list[Segment] = []
    for s in lines:
        if abs(s.y0 - s.y1) < eps:
            if abs(s.x1 - s.x0) > 4 * eps:
                flat.setdefault(round(s.y0, 7), []).append(s)
        elif abs(s.x0 - s.x1) < eps:
            upright.append(s)
        else:
            slanted.append(s)
    vx = np.array([s.x0 for s in upright])
    vy0 = np.array([min(s.y0, s.y1) for s in upright])
    vy1 = np.array([max(s.y0, s.y1) for s in upright])
    vown = np.array([s.owner for s in upright], dtype=object)
    total = 0

    def inside(hs: Sequence[Segment], xs: Any) -> int:
        lo = np.sort([min(h.x0, h.x1) for h in hs])
        hi = np.sort([max(h.x0, h.x1) for h in hs])
        return int((np.searchsorted(lo, xs - eps, "left")
                    - np.searchsorted(hi, xs + eps, "right")).sum())

    for hs in flat.values():
        y = hs[0].y0
        across = (vy0 < y - eps) & (vy1 > y + eps)
        if not across.any():
            continue
        total += inside(hs, vx[across])
        by_owner: dict[str, list[Segment]] = {}
        for h in hs:
            by_owner.setdefault(h.owner, []).append(h)
        for owner, own in by_owner.items():
            mine = across & (vown == owner)
            if mine.any():
                total -= inside(own, vx[mine])
    done: set[int] = set()
    for a in slanted:
        done.add(id(a))
        for b in lines:  # each pair of slanted lines once
            if b.owner != a.owner and id(b) not in done and _proper_crossing(a, b):
                total += 1
    return total


def _proper_crossing(a: Segment, b: Segment) -> bool:
    def orient(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> int:
        v = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    o1 = orient(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0)
    o2 = orient(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1)
    o3 = orient(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0)
    o4 = orient(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1)
    return o1 * o2 < 0 and o3 * o4 < 0


_PEDIGREE_NUMBER = re.compile(r"^([IVXLCDM]+)-[1-9][0-9]*$")


def own_numbering(ped: Pedigree, row: Sequence[int]) -> bool:
    """True when the file numbers everyone itself (``II-3``) on the rows drawn.

    Then the drawing shows those numbers, so that the picture, the risk table
    and the explanations name each person the same way.
    """
    for pid, r in zip(ped.ids, row, strict=True):
        match = _PEDIGREE_NUMBER.match(pid)
        if match is None or match.group(1) != roman(r + 1):
            return False
    return True


def _numbers(ped: Pedigree, row: Sequence[int], x: Mapping[int, float]) -> dict[int, str]:
    """``II-3`` numbers: the file's own when it has them, else left to right per row."""
    if own_numbering(ped, row):
        return dict(enumerate(ped.ids))
    number: dict[int, str] = {}
    for r in range(max(row) + 1):
        members = sorted((i for i in range(len(row)) if row[i] == r),
                         key=lambda i: (x[i], ped.ids[i]))
        for rank, i in enumerate(members, 1):
            number[i] = f"{roman(r + 1)}-{rank}"
    return number


def _separate(builder: _Builder, xs: Mapping[int, float]) -> dict[int, float]:
    """Safety net for loops: push apart any two neighbours closer than their room."""
    out = dict(xs)
    rows: dict[int, list[int]] = {}
    for i in out:
        rows.setdefault(builder.row[i], []).append(i)
    for members in rows.values():
        members.sort(key=lambda i: (out[i], builder.ped.ids[i]))
        for a, b in zip(members, members[1:], strict=False):
            least = out[a] + builder.half[a] + builder.half[b]
            if out[b] < least:
                out[b] = least
    return out


def _finish(builder: _Builder, xs: Mapping[int, float], marks: Mapping[str, Marks],
            lines: Mapping[str, tuple[str, ...]]) -> Layout:
    ped = builder.ped
    row = builder.row
    x0 = min(xs[i] for i in range(builder.n))
    x = {i: xs[i] - x0 for i in range(builder.n)}
    number = _numbers(ped, row, x)
    text = {i: (number[i], *lines[ped.ids[i]]) for i in range(builder.n)}
    ys, segs, couples, sibships, glyphs = _lines(builder, x,
                                                 [len(text[i]) for i in range(builder.n)])
    y = {i: ys[row[i]] for i in range(builder.n)}
    moved = _out_of_order(builder.fams, x)
    birth_order = {c: r for fam in builder.fams if moved & set(fam.children)
                   for r, c in enumerate(fam.children, 1)}
    nodes = tuple(
        Node(ped.ids[i], x[i], y[i], row[i], number[i], marks[ped.ids[i]], text[i],
             moved=i in moved, birth_order=birth_order.get(i))
        for i in sorted(range(builder.n), key=lambda i: (row[i], x[i], ped.ids[i]))
    )
    for n in nodes:
        glyphs += _glyphs(n)
    labels = []
    for n in nodes:
        w = max(text_width(t) for t in n.lines)
        label_top = n.y + HALF + LABEL_GAP
        labels.append(Box("label", n.id, n.x - w / 2, label_top, n.x + w / 2,
                          label_top + len(n.lines) * LINE_HEIGHT, "\n".join(n.lines)))
    xmin = min([b.x0 for b in labels] + [n.x - HALF for n in nodes] + [g.x0 for g in glyphs])
    gen_x = xmin - 0.9
    gen_labels = []
    for r in range(max(row) + 1):
        t = roman(r + 1)
        w = text_width(t, FONT_EM * 1.2)
        gen_labels.append(Box("generation", t, gen_x - w, ys[r] - 0.25, gen_x, ys[r] + 0.25, t))
    everything = ([(b.x0, b.y0, b.x1, b.y1) for b in labels + glyphs + gen_labels]
                  + [n.box for n in nodes]
                  + [(min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1), max(s.y0, s.y1))
                     for s in segs])
    bounds = (min(b[0] for b in everything) - MARGIN, min(b[1] for b in everything) - MARGIN,
              max(b[2] for b in everything) + MARGIN, max(b[3] for b in everything) + MARGIN)
    return Layout(nodes, tuple(segs), tuple(labels), tuple(glyphs), tuple(couples),
                  tuple(sibships), tuple(ys), tuple(gen_labels), bounds)


def _lines(builder: _Builder, x: Mapping[int, float], nlines: Sequence[int],
           ) -> tuple[list[float], list[Segment], list[Couple], list[Sibship], list[Box]]:
    """Rows' heights and every line, for symbols at ``x`` with ``nlines`` text lines.

    Returns the rows' ``y``, the segments, couples, sibships and the twins' ``?`` glyphs.
    """
    row = builder.row
    nrows = max(row) + 1
    # sibship lines: the heights they need in each gap
    fams = builder.fams
    drops: dict[int, float] = {}
    bars: dict[int, tuple[int, float, float]] = {}  # fam -> (gap row, x0, x1)
    for k, fam in enumerate(fams):
        if not fam.children:
            continue
        drops[k] = _drop_x(builder, k, x)
        pts = [drops[k], *(_stub_top_x(builder, c, x) for c in fam.children)]
        top = min(row[c] for c in fam.children)
        bars[k] = (top, min(pts), max(pts))
    level: dict[int, int] = {}
    levels_in_gap = [1] * (nrows + 1)
    for r in range(nrows):
        here = sorted((k for k in bars if bars[k][0] == r), key=lambda k: (bars[k][1], fams[k].key))
        taken: list[list[tuple[float, float]]] = []
        for k in here:
            _, a, b = bars[k]
            for lv, spans in enumerate(taken):
                if all(b + 0.3 < s or a - 0.3 > e for s, e in spans):
                    spans.append((a, b))
                    level[k] = lv
                    break
            else:
                taken.append([(a, b)])
                level[k] = len(taken) - 1
        levels_in_gap[r] = max(1, len(taken))
    # rows' heights
    label_h = [0.0] * nrows
    for i in range(builder.n):
        label_h[row[i]] = max(label_h[row[i]], nlines[i] * LINE_HEIGHT)
    ys = [0.0]
    for r in range(1, nrows):
        ys.append(ys[-1] + HALF + LABEL_GAP + label_h[r - 1] + CLEARANCE
                  + (levels_in_gap[r] - 1) * BAR_STEP + STUB + HALF)
    y = {i: ys[row[i]] for i in range(builder.n)}
    segs: list[Segment] = []
    couples: list[Couple] = []
    sibships: list[Sibship] = []
    glyphs: list[Box] = []
    raised_count: dict[int, list[tuple[int, float, float]]] = {}
    by_row: dict[int, list[float]] = {}
    for i in range(builder.n):
        by_row.setdefault(row[i], []).append(x[i])
    for k in range(len(fams)):
        start = _couple_lines(builder, k, x, y, by_row, raised_count, segs, couples)
        if k in bars:
            gap, _, _ = bars[k]
            bar_y = ys[gap] - HALF - STUB - level[k] * BAR_STEP
            sibships.append(_descent(builder, k, x, y, drops[k], start, bar_y, segs, glyphs))
    return ys, segs, couples, sibships, glyphs


def _out_of_order(fams: Sequence[_Fam], x: Mapping[int, float]) -> set[int]:
    """Children standing out of birth order: the fewest whose moving explains it.

    In each sibship, the children on a longest run in birth order (left to
    right) are in place; the others were moved to meet a partner.
    """
    out: set[int] = set()
    for fam in fams:
        kids = sorted(fam.children, key=lambda c: x[c])
        rank = {c: r for r, c in enumerate(fam.children)}
        seq = [rank[c] for c in kids]
        # longest increasing subsequence, O(n^2) is plenty for a sibship
        best = [1] * len(seq)
        prev = [-1] * len(seq)
        for j in range(len(seq)):
            for i in range(j):
                if seq[i] < seq[j] and best[i] + 1 > best[j]:
                    best[j], prev[j] = best[i] + 1, i
        keep: set[int] = set()
        j = max(range(len(seq)), key=lambda i: best[i], default=-1)
        while j >= 0:
            keep.add(kids[j])
            j = prev[j]
        out |= set(kids) - keep
    return out


def _twin_groups(builder: _Builder, k: int) -> list[list[int]]:
    ped = builder.ped
    kids = set(builder.fams[k].children)
    out = []
    for g in ped.twins:
        members = [ped.index[m] for m in g.members]
        if set(members) <= kids:
            out.append(members)
    return out


def _stub_top_x(builder: _Builder, c: int, x: Mapping[int, float]) -> float:
    """Where ``c``'s individual line meets the sibship line (twins share a point)."""
    k = builder.birth[c]
    for members in _twin_groups(builder, k):
        if c in members:
            return sum(x[m] for m in members) / len(members)
    return x[c]


def _drop_x(builder: _Builder, k: int, x: Mapping[int, float]) -> float:
    fam = builder.fams[k]
    if len(fam.parents) == 1:
        (a,) = fam.parents
        return x[a] + builder.half[a] * (1 if builder.phantom_side.get(k, 1) > 0 else -1)
    a, b = fam.parents
    xl, xr = sorted((x[a], x[b]))
    mid = (xl + xr) / 2
    if builder.row[a] != builder.row[b]:
        return mid
    between = [v for i, v in x.items() if builder.row[i] == builder.row[a] and xl < v < xr]
    if not between or not fam.children:
        return mid
    # raised line: drop somewhere between the partners, clear of anyone's symbol
    pts = sorted([xl, *between, xr])
    kids = [x[c] for c in fam.children]
    centre = (min(kids) + max(kids)) / 2
    best = None
    for u, v in zip(pts, pts[1:], strict=False):
        cand = min(max(centre, u + 0.75), v - 0.75) if v - u >= 1.5 else (u + v) / 2
        if best is None or abs(cand - centre) < abs(best - centre):
            best = cand
    return best if best is not None else mid


def _couple_lines(builder: _Builder, k: int, x: Mapping[int, float], y: Mapping[int, float],
                  by_row: Mapping[int, list[float]],
                  raised_count: dict[int, list[tuple[int, float, float]]],
                  segs: list[Segment], couples: list[Couple]) -> tuple[float, float]:
    """Draw couple ``k``'s relationship line; return where its line of descent starts."""
    fam = builder.fams[k]
    ped = builder.ped
    owner = fam.key
    if len(fam.parents) == 1:
        (a,) = fam.parents
        d = _drop_x(builder, k, x)
        edge = x[a] + HALF if d > x[a] else x[a] - HALF
        if fam.children:
            segs.append(Segment(edge, y[a], d, y[a], "marriage", owner))
        couples.append(Couple(owner, ped.ids[a], None, False, False, False))
        return d, y[a]
    a, b = sorted(fam.parents, key=lambda i: x[i])
    ya, yb = y[a], y[b]
    if ya != yb:  # partners on different rows (a loop): a slanted line
        dx = HALF if x[b] >= x[a] else -HALF
        segs.append(Segment(x[a] + dx, ya, x[b] - dx, yb, "marriage", owner))
        if fam.consanguineous:
            segs.append(Segment(x[a] + dx, ya + 2 * DOUBLE, x[b] - dx, yb + 2 * DOUBLE,
                                "marriage2", owner))
        couples.append(Couple(owner, ped.ids[a], ped.ids[b], fam.consanguineous,
                              fam.separated, False))
        return (x[a] + x[b]) / 2, (ya + yb) / 2
    r = builder.row[a]
    between = [v for v in by_row[r] if x[a] < v < x[b]]
    xl, xr = x[a] + HALF, x[b] - HALF
    if not between:
        if fam.consanguineous:
            segs.append(Segment(xl, ya - DOUBLE, xr, ya - DOUBLE, "marriage", owner))
            segs.append(Segment(xl, ya + DOUBLE, xr, ya + DOUBLE, "marriage2", owner))
        else:
            segs.append(Segment(xl, ya, xr, ya, "marriage", owner))
        line_y = ya
        raised = False
    else:
        la, lb = x[a] + 0.25, x[b] - 0.25
        taken = raised_count.setdefault(r, [])
        n = 0
        while any(lv == n and s0 < lb + 0.2 and la - 0.2 < s1 for lv, s0, s1 in taken):
            n += 1
        taken.append((n, la, lb))
        line_y = ya - HALF - RAISE - 0.1 * n
        segs.append(Segment(la, ya - HALF, la, line_y, "marriage", owner))
        segs.append(Segment(la, line_y, lb, line_y, "marriage", owner))
        segs.append(Segment(lb, line_y, lb, ya - HALF, "marriage", owner))
        if fam.consanguineous:
            segs.append(Segment(la, line_y - 2 * DOUBLE, lb, line_y - 2 * DOUBLE,
                                "marriage2", owner))
        raised = True
    if fam.separated:
        cx = xl + (xr - xl) * 0.3 if not raised else x[a] + 0.25 + (x[b] - x[a] - 0.5) * 0.3
        for off in (-0.07, 0.07):
            segs.append(Segment(cx + off - 0.08, line_y + 0.16, cx + off + 0.08, line_y - 0.16,
                                "separation", owner))
    childless = fam.childless if not fam.children else None
    if childless and not raised:
        # NSGC: a short line down from the relationship line ending in a bar
        # (two bars for infertility)
        mid = (xl + xr) / 2
        w = min(0.18, (xr - xl) / 4)
        top = line_y + (DOUBLE if fam.consanguineous else 0.0)
        segs.append(Segment(mid, top, mid, line_y + 0.28, "childless", owner))
        for dy in (0.28, 0.38) if childless == "infertility" else (0.28,):
            segs.append(Segment(mid - w, line_y + dy, mid + w, line_y + dy, "childless", owner))
    couples.append(Couple(owner, ped.ids[a], ped.ids[b], fam.consanguineous, fam.separated,
                          raised, childless))
    return _drop_x(builder, k, x), line_y


def _descent(builder: _Builder, k: int, x: Mapping[int, float], y: Mapping[int, float],
             drop: float, start: tuple[float, float], bar_y: float, segs: list[Segment],
             glyphs: list[Box]) -> Sibship:
    fam = builder.fams[k]
    ped = builder.ped
    owner = fam.key
    sx, sy = start
    if sx != drop:  # slanted partner line: its middle is not where the drop is
        segs.append(Segment(sx, sy, drop, sy, "drop", owner))
    segs.append(Segment(drop, sy, drop, bar_y, "drop", owner))
    tops = {c: _stub_top_x(builder, c, x) for c in fam.children}
    x0 = min([drop, *tops.values()])
    x1 = max([drop, *tops.values()])
    if x1 > x0:
        segs.append(Segment(x0, bar_y, x1, bar_y, "sibship", owner))
    for c in fam.children:
        adopted = ped.individuals[c].adopted
        dashed = adopted is not None and adopted.value == "in"
        segs.append(Segment(tops[c], bar_y, x[c], y[c] - HALF, "stub", owner, dashed))
    for members in _twin_groups(builder, k):
        group = next(g for g in ped.twins if ped.index[g.members[0]] == members[0])
        apex = tops[members[0]]
        ends = sorted(members, key=lambda m: x[m])
        lo_c, hi_c = ends[0], ends[-1]
        t = 0.5
        ya = bar_y + (y[lo_c] - HALF - bar_y) * t
        xa = apex + (x[lo_c] - apex) * t
        xb = apex + (x[hi_c] - apex) * t
        if group.zygosity.value == "MZ":
            segs.append(Segment(xa, ya, xb, ya, "twin", owner))
        elif group.zygosity.value == "unknown":
            glyphs.append(Box("twin?", owner, apex - 0.12, ya - 0.17, apex + 0.12, ya + 0.17, "?"))
    children = tuple(ped.ids[c] for c in sorted(fam.children, key=lambda c: (x[c], c)))
    return Sibship(owner, tuple(ped.ids[p] for p in fam.parents), children, drop, bar_y, x0, x1)


def _glyphs(n: Node) -> list[Box]:
    out = []
    m = n.marks
    if m.proband or m.consultand:
        out.append(Box("proband" if m.proband else "consultand", n.id,
                       n.x - 1.55, n.y + 0.22, n.x - HALF, n.y + 0.68, "P" if m.proband else ""))
    if m.deceased:
        out.append(Box("deceased", n.id, n.x - 0.62, n.y - 0.62, n.x + 0.62, n.y + 0.62))
    if m.adopted:
        out.append(Box("adopted", n.id, n.x - 0.72, n.y - 0.6, n.x + 0.72, n.y + 0.6))
    if m.evaluated:
        out.append(Box("evaluated", n.id, n.x + 0.55, n.y + 0.2, n.x + 0.85, n.y + 0.6, "*"))
    if n.birth_order is not None:
        out.append(Box("birth-order", n.id, n.x - 0.9, n.y - 0.48, n.x - 0.54, n.y - 0.12,
                       str(n.birth_order)))
    return out
