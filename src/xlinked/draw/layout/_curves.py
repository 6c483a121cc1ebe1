"""The dashed curves joining the copies of a person drawn twice, routed to cross
as few lines as they can.

Two copies on one row are joined one of two ways, whichever crosses fewer
lines (the low way when they tie):

* **low**: a flat arc just over the symbols, under the sibship lines. It
  crosses the individual lines of the children standing between the copies
  (and raised relationship lines' legs): fine for neighbours, many for a long
  curve;
* **high**: up beside each copy, then along a *lane* in the gap above the row,
  between the sibship lines and the labels of the row above, where only the
  lines of descent from the row above are met (one per couple, not one per
  child). Over the top row the lane runs above the drawing and meets nothing.
  Each gap gets room for its lanes (:data:`LANE_STEP` per lane), curves over
  one stretch take separate lanes, the shorter lower.

A person drawn three times is joined as a chain, left to right, each curve
from one copy to the next. Copies on different rows (a couple that cannot
share a row) are joined by one arc from row to row.

Crossings are counted exactly against every line drawn (an index of the
upright and flat lines, the few slanted ones tested one by one), so the search
(:mod:`._search`) weighs the curves the drawing will show.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ._structure import Drawing
from ._types import HALF, Box, Couple, Segment, Sibship

__all__ = ["ARC_PIECES", "ARC_RISE", "LANE_STEP", "Crossings", "Route", "route"]

ARC_RISE = 0.15  # how far above the symbols the low curve joining two copies runs
ARC_PIECES = 12  # straight pieces drawing one low curve
LANE_STEP = 0.2  # between two lanes of high curves in one gap (and from the sibship lines)
CORNER = 0.9  # how far sideways a high curve goes while rising to its lane
CORNER_PIECES = 4
EPS = 1e-9

Point = tuple[float, float]


class Crossings:
    """Count the lines a curve crosses: upright lines sorted by x, flat lines by
    height with their ends sorted, the few slanted ones (twins) listed."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        upright: list[tuple[float, float, float]] = []
        flat: dict[float, list[tuple[float, float]]] = {}
        self.slanted: list[tuple[Point, Point]] = []
        for s in segments:
            if s.kind in ("separation", "duplicate"):
                continue
            if abs(s.x0 - s.x1) < EPS:
                if abs(s.y0 - s.y1) > EPS:
                    upright.append((s.x0, min(s.y0, s.y1), max(s.y0, s.y1)))
            elif abs(s.y0 - s.y1) < EPS:
                flat.setdefault(s.y0, []).append((min(s.x0, s.x1), max(s.x0, s.x1)))
            else:
                self.slanted.append(((s.x0, s.y0), (s.x1, s.y1)))
        upright.sort()
        self.ux = [u[0] for u in upright]
        self.upright = upright
        self.heights = sorted(flat)
        self.flat = {h: (sorted(a for a, _ in spans), sorted(b for _, b in spans))
                     for h, spans in flat.items()}

    def path(self, pts: Sequence[Point]) -> int:
        """Lines crossed by a polyline whose x never decreases (ends excluded)."""
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        if xs[-1] - xs[0] < EPS:  # pragma: no cover - two copies one above the other
            return 0
        lo_y, hi_y = min(ys), max(ys)
        total = 0
        k = 0
        last = len(xs) - 2
        for vx, a, b in self.upright[bisect.bisect_right(self.ux, xs[0] + EPS):
                                     bisect.bisect_left(self.ux, xs[-1] - EPS)]:
            if b <= lo_y or a >= hi_y:
                continue
            while k < last and xs[k + 1] < vx:
                k += 1
            dx = xs[k + 1] - xs[k]
            y = ys[k] if dx < EPS else ys[k] + (ys[k + 1] - ys[k]) * (vx - xs[k]) / dx
            if a + EPS < y < b - EPS:
                total += 1
        for h in self.heights[bisect.bisect_right(self.heights, lo_y + EPS):
                              bisect.bisect_left(self.heights, hi_y - EPS)]:
            los, his = self.flat[h]
            for n in range(len(xs) - 1):
                y0, y1 = ys[n], ys[n + 1]
                if min(y0, y1) + EPS < h < max(y0, y1) - EPS:
                    x = xs[n] + (xs[n + 1] - xs[n]) * (h - y0) / (y1 - y0)
                    total += bisect.bisect_left(los, x - EPS) - bisect.bisect_right(his, x + EPS)
        for c, d in self.slanted:
            if max(c[0], d[0]) < xs[0] or min(c[0], d[0]) > xs[-1]:
                continue
            total += sum(1 for p, q in zip(pts, pts[1:], strict=False) if _proper(p, q, c, d))
        return total


def _proper(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> int:
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    return orient(a, b, c) * orient(a, b, d) < 0 and orient(c, d, a) * orient(c, d, b) < 0


def low_curve(x0: float, y0: float, x1: float, y1: float, rise: float) -> list[Point]:
    """A flat arc (quadratic Bezier) from ``(x0, y0)`` to ``(x1, y1)``, ``rise`` over
    the higher end at its top."""
    cx, cy = (x0 + x1) / 2, min(y0, y1) - 2 * rise
    pts = []
    for n in range(ARC_PIECES + 1):
        t = n / ARC_PIECES
        pts.append(((1 - t) ** 2 * x0 + 2 * t * (1 - t) * cx + t * t * x1,
                    (1 - t) ** 2 * y0 + 2 * t * (1 - t) * cy + t * t * y1))
    return pts


def high_curve(x0: float, x1: float, top: float, lane: float) -> list[Point]:
    """From the top of the symbol at ``x0`` up to the lane at height ``lane``,
    along it, and down to the symbol at ``x1`` (both tops at ``top``)."""
    w = min(CORNER, (x1 - x0) / 2)

    def corner(sx: float, sign: float) -> list[Point]:
        # quadratic Bezier: from the symbol's top, steeply up, arriving level
        ax, ay = sx, top
        bx, by = sx + sign * 0.45 * w, lane
        ex, ey = sx + sign * w, lane
        out = []
        for n in range(CORNER_PIECES + 1):
            t = n / CORNER_PIECES
            out.append(((1 - t) ** 2 * ax + 2 * t * (1 - t) * bx + t * t * ex,
                        (1 - t) ** 2 * ay + 2 * t * (1 - t) * by + t * t * ey))
        return out

    left = corner(x0, 1.0)
    right = corner(x1, -1.0)[::-1]
    if right[0][0] - left[-1][0] > EPS:
        return left + right
    return left[:-1] + right


class Route:
    """The curves of one drawing: their polylines (one per pair of nodes joined,
    with the person drawn) and the lines they cross."""

    def __init__(self) -> None:
        self.curves: list[tuple[int, list[Point]]] = []
        self.crossings = 0


def _pairs(d: Drawing, x: Mapping[int, float]) -> list[tuple[int, int]]:
    """The pairs of nodes to join: each person's nodes in a chain, by row then x."""
    original = {d.person[i]: i for i in range(d.n_people)}
    nodes: dict[int, list[int]] = {}
    for v in range(d.n_people, d.n):
        if v in x and original.get(d.person[v]) in x:
            nodes.setdefault(d.person[v], [original[d.person[v]]]).append(v)
    out = []
    for p in sorted(nodes):
        chain = sorted(nodes[p], key=lambda i: (d.row[i], x[i], i))
        out += list(zip(chain, chain[1:], strict=False))
    return out


def route(d: Drawing, x: Mapping[int, float], ys: list[float], segments: list[Segment],
          top_bar: Sequence[float], shift: Callable[[Sequence[float]], None]) -> Route:
    """Join every person's copies, choosing low or high curves (module docstring).

    ``top_bar[r]``: the height of the highest sibship line in the gap over row
    ``r`` (where it would be when there is none). ``shift(room)`` makes room in
    each gap (``room[r]`` over row ``r``), moving everything below down: it is
    called once, before the curves are drawn, when a lane is used.
    """
    out = Route()
    pairs = _pairs(d, x)
    if not pairs:
        return out
    index = Crossings(segments)
    # decide each curve between two copies on one row: low or high
    high: dict[int, bool] = {}
    for n, (u, v) in enumerate(pairs):
        r = d.row[u]
        if d.row[v] != r:
            continue
        x0, x1 = sorted((x[u], x[v]))
        top = ys[r] - HALF
        low = index.path(low_curve(x0, top, x1, top, ARC_RISE))
        if low == 0 or x1 - x0 < 2 * CORNER + EPS:
            continue
        up = index.path(high_curve(x0, x1, top, top_bar[r] - LANE_STEP))
        high[n] = up < low
    # levels: curves over one stretch of a row (low) or of a lane (high) apart, shorter lower
    level: dict[int, int] = {}
    taken: dict[tuple[int, bool], list[tuple[int, float, float]]] = {}
    order = sorted((abs(x[v] - x[u]), min(x[u], x[v]), n) for n, (u, v) in enumerate(pairs)
                   if d.row[u] == d.row[v])
    lanes = [0] * len(ys)
    for _, x0, n in order:
        u, v = pairs[n]
        x1 = max(x[u], x[v])
        up = high.get(n, False)
        spans = taken.setdefault((d.row[u], up), [])
        lv = 0
        pad = 0.0 if not up else 0.3
        while any(a == lv and s0 < x1 + pad and x0 - pad < s1 for a, s0, s1 in spans):
            lv += 1
        spans.append((lv, x0, x1))
        level[n] = lv
        if up:
            lanes[d.row[u]] = max(lanes[d.row[u]], lv + 1)
    room = [LANE_STEP * lanes[r] if r else 0.0 for r in range(len(ys))]
    if any(room):
        old = list(top_bar)
        shift(room)
        moved = 0.0
        top_bar = []
        for r, t in enumerate(old):
            moved += room[r]
            top_bar.append(t + moved)
        index = Crossings(segments)
    for n, (u, v) in enumerate(pairs):
        (x0, y0), (x1, y1) = sorted([(x[u], ys[d.row[u]] - HALF), (x[v], ys[d.row[v]] - HALF)])
        if y0 != y1:
            pts = low_curve(x0, y0, x1, y1, ARC_RISE)
        elif high.get(n, False):
            pts = high_curve(x0, x1, y0, top_bar[d.row[u]] - LANE_STEP * (level[n] + 1))
        else:
            pts = low_curve(x0, y0, x1, y1, ARC_RISE + 0.12 * min(level[n], 2))
        out.crossings += index.path(pts)
        out.curves.append((d.person[u], pts))
    return out


def shifted(room: Sequence[float], at: Sequence[float]) -> Callable[[float], float]:
    """``y`` moved down by the room made in every gap whose insertion height
    ``at[r]`` lies above it."""
    cum = []
    total = 0.0
    for r in range(len(room)):
        total += room[r]
        cum.append(total)

    def move(y: float) -> float:
        j = bisect.bisect_left(at, y)  # insertion heights strictly above y
        return y + (cum[j - 1] if j else 0.0)

    return move


def move_all(move: Callable[[float], float], segments: list[Segment], sibships: list[Sibship],
             couples: list[Couple], glyphs: list[Box], ys: list[float]) -> None:
    """Apply a vertical move to every drawn thing, in place."""
    segments[:] = [Segment(s.x0, move(s.y0), s.x1, move(s.y1), s.kind, s.owner, s.dashed)
                   for s in segments]
    sibships[:] = [replace(s, bar_y=move(s.bar_y)) for s in sibships]
    couples[:] = [replace(c, line_y=move(c.line_y)) for c in couples]
    glyphs[:] = [replace(g, y0=move(g.y0), y1=move(g.y1)) for g in glyphs]
    ys[:] = [move(y) for y in ys]
