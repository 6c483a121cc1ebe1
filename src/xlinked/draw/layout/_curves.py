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
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ._geometry import HALF, Box, Couple, Segment, Sibship
from ._structure import Drawing

__all__ = ["ARC_PIECES", "ARC_RISE", "LANE_STEP", "Crossings", "Route", "route"]

ARC_RISE = 0.15  # how far above the symbols the low curve joining two copies runs
ARC_PIECES = 12  # straight pieces drawing one low curve
TRANSITS = 8  # places tried for the straight run of a curve joining two rows
LANE_STEP = 0.2  # between two lanes of high curves in one gap (and from the sibship lines)
CORNER = 0.9  # how far sideways a high curve goes while rising to its lane
CORNER_PIECES = 4
TURN = 0.3  # radius of the turns between a lane and a straight run up or down
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

    def clear(self, c: float, y0: float, y1: float, margin: float = 0.25) -> bool:
        """Whether no upright line runs within ``margin`` of ``c`` between heights
        ``y0 < y1`` (a curve running straight up there would run along it)."""
        i = bisect.bisect_left(self.ux, c - margin)
        j = bisect.bisect_right(self.ux, c + margin)
        return all(b <= y0 or a >= y1 for _, a, b in self.upright[i:j])

    def path(self, pts: Sequence[Point]) -> int:
        """Lines crossed by a polyline (its ends excluded)."""
        total = 0
        start = 0
        sign = 0
        for n in range(1, len(pts)):
            dx = pts[n][0] - pts[n - 1][0]
            now = 0 if abs(dx) < EPS else (1 if dx > 0 else -1)
            if now and sign and now != sign:  # x turns back: count the run so far
                total += self._run(pts[start:n], sign)
                start = n - 1
            if now:
                sign = now
        return total + self._run(pts[start:], sign or 1)

    def _run(self, pts: Sequence[Point], sign: int) -> int:
        return self._monotone(pts if sign > 0 else pts[::-1])

    def _monotone(self, pts: Sequence[Point]) -> int:
        """Lines crossed by a polyline whose x never decreases."""
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
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


def lane_curve(x0: float, t0: float, legs: Sequence[tuple[float, float]], x1: float,
               t1: float) -> list[Point]:
    """From the top of the symbol at ``(x0, t0)`` up to a lane, along lanes, and down
    to the symbol at ``(x1, t1)``.

    ``legs``: each lane as ``(height, x where it ends)``, the last ending at
    ``x1``; between two lanes the curve turns and runs straight up or down.
    """
    ends = [x0, *(e for _, e in legs)]
    pts: list[Point] = []
    for n, (lane, end) in enumerate(legs):
        start = ends[n]
        sign = 1.0 if end >= start else -1.0
        length = abs(end - start)
        if n == 0:  # rise from the symbol, steeply, arriving level
            w = min(CORNER, length / 2)
            pts += _quad((start, t0), (start + sign * 0.45 * w, lane),
                         (start + sign * w, lane))
        else:  # turn from the vertical into the lane
            prev = legs[n - 1][0]
            r = min(TURN, length / 2, abs(lane - prev) / 2)
            up = 1.0 if lane > prev else -1.0
            pts += _quad((start, lane - up * r), (start, lane), (start + sign * r, lane))
        if n == len(legs) - 1:  # down to the symbol
            w = min(CORNER, length / 2)
            pts += _quad((end - sign * w, lane), (end - sign * 0.45 * w, lane), (end, t1))
        else:  # turn from the lane into the vertical
            nxt = legs[n + 1][0]
            r = min(TURN, length / 2, abs(nxt - lane) / 2)
            down = 1.0 if nxt > lane else -1.0
            pts += _quad((end - sign * r, lane), (end, lane), (end, lane + down * r))
    out = [pts[0]]
    for p in pts[1:]:
        if abs(p[0] - out[-1][0]) > EPS or abs(p[1] - out[-1][1]) > EPS:
            out.append(p)
    return out


def _quad(a: Point, b: Point, c: Point) -> list[Point]:
    """A quadratic Bezier from ``a`` to ``c`` with control point ``b``, in pieces."""
    out = []
    for n in range(CORNER_PIECES + 1):
        t = n / CORNER_PIECES
        out.append(((1 - t) ** 2 * a[0] + 2 * t * (1 - t) * b[0] + t * t * c[0],
                    (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * b[1] + t * t * c[1]))
    return out


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
    """Join every person's copies along the routes that cross fewest lines
    (module docstring).

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
    by_row = _Rows(d, x)
    # each curve: None (low, over one row) or its lanes: (gap, x from, x to)
    plans: list[list[tuple[int, float, float]] | None] = []
    starts: list[int] = []  # the node each curve starts from
    for u, v in pairs:
        if d.row[u] == d.row[v]:
            plans.append(_same_row(index, x[u], x[v], d.row[u], ys, top_bar,
                                   by_row.between(d.row[u], *sorted((x[u], x[v])))))
            starts.append(u if x[u] < x[v] else v)
        else:
            plans.append(_across(index, by_row, x, u, v, d, ys, top_bar))
            starts.append(u if d.row[u] > d.row[v] else v)
    # lanes: curves over one stretch of a gap apart, the shorter lower; low curves too
    level: dict[tuple[int, int], int] = {}
    taken: dict[tuple[int, bool], list[tuple[int, float, float]]] = {}
    spans = []
    for n, plan in enumerate(plans):
        u, v = pairs[n]
        if plan is None:
            spans.append((abs(x[v] - x[u]), min(x[u], x[v]), max(x[u], x[v]), d.row[u], n, -1))
        else:
            for j, (gap, a, b) in enumerate(plan):
                spans.append((abs(b - a), min(a, b), max(a, b), gap, n, j))
    lanes = [0] * len(ys)
    for _, x0, x1, gap, n, j in sorted(spans):
        mine = taken.setdefault((gap, j >= 0), [])
        pad = 0.3 if j >= 0 else 0.0
        lv = 0
        while any(a == lv and s0 < x1 + pad and x0 - pad < s1 for a, s0, s1 in mine):
            lv += 1
        mine.append((lv, x0, x1))
        level[(n, j)] = lv
        if j >= 0:
            lanes[gap] = max(lanes[gap], lv + 1)
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
        plan = plans[n]
        if plan is None:
            (x0, y0), (x1, y1) = sorted([(x[u], ys[d.row[u]] - HALF),
                                         (x[v], ys[d.row[v]] - HALF)])
            pts = low_curve(x0, y0, x1, y1, ARC_RISE + 0.12 * min(level[(n, -1)], 2))
        else:
            a = starts[n]
            b = v if a == u else u
            legs = [(top_bar[gap] - LANE_STEP * (level[(n, j)] + 1), end)
                    for j, (gap, _, end) in enumerate(plan)]
            pts = lane_curve(x[a], ys[d.row[a]] - HALF, legs, x[b], ys[d.row[b]] - HALF)
        out.crossings += index.path(pts)
        out.curves.append((d.person[u], pts))
    return out


def _same_row(index: Crossings, xu: float, xv: float, r: int, ys: Sequence[float],
              top_bar: Sequence[float], between: int = 0,
              ) -> list[tuple[int, float, float]] | None:
    """Low over the row, or high along the lane over it: whichever crosses fewer
    lines; when they tie, low over at most one person, else high (a long low
    curve would skim the tops of the ``between`` people it passes over)."""
    x0, x1 = sorted((xu, xv))
    top = ys[r] - HALF
    low = index.path(low_curve(x0, top, x1, top, ARC_RISE))
    if low == 0 or x1 - x0 < 2 * CORNER + EPS:
        return None
    lane = top_bar[r] - LANE_STEP
    high = index.path(lane_curve(x0, top, [(lane, x1)], x1, top))
    if high < low or (high == low and between > 1):
        return [(r, x0, x1)]
    return None


def _across(index: Crossings, rows: _Rows, x: Mapping[int, float], u: int, v: int,
            d: Drawing, ys: Sequence[float], top_bar: Sequence[float],
            ) -> list[tuple[int, float, float]]:
    """Two copies on different rows: from the lower one up to the lane over its row,
    along it to a place where nothing stands on the rows between, straight up to
    the lane over the upper one's row, and along it (the place crossing fewest
    lines, then the shortest way)."""
    lo, hi = (u, v) if d.row[u] > d.row[v] else (v, u)
    ra, rb = d.row[lo], d.row[hi]
    xa, xb = x[lo], x[hi]
    ta, tb = ys[ra] - HALF, ys[rb] - HALF
    la, lb = top_bar[ra] - LANE_STEP, top_bar[rb] - LANE_STEP
    cands = [c for c in rows.openings(range(rb, ra), d) if index.clear(c, lb, la)]
    cands.sort(key=lambda c: (abs(xa - c) + abs(c - xb), c))
    best: tuple[int, float, float] | None = None
    for c in cands[:TRANSITS]:
        if min(abs(c - xa), abs(c - xb)) < 2 * TURN:
            continue
        n = index.path(lane_curve(xa, ta, [(la, c), (lb, xb)], xb, tb))
        detour = abs(xa - c) + abs(c - xb)
        if best is None or (n, detour) < best[:2]:
            best = (n, detour, c)
    c = best[2] if best is not None else (xa + xb) / 2
    return [(ra, xa, c), (rb, c, xb)]


class _Rows:
    """Each row's nodes by x, to find where a curve can pass between them."""

    def __init__(self, d: Drawing, x: Mapping[int, float]) -> None:
        self.rows: dict[int, list[int]] = {}
        for i in x:
            self.rows.setdefault(d.row[i], []).append(i)
        for members in self.rows.values():
            members.sort(key=lambda i: x[i])
        self.x = x

    def between(self, r: int, x0: float, x1: float) -> int:
        """How many nodes of row ``r`` stand strictly between ``x0`` and ``x1``."""
        return sum(1 for i in self.rows.get(r, ()) if x0 + EPS < self.x[i] < x1 - EPS)

    def openings(self, rows: range, d: Drawing) -> list[float]:
        """Where a straight run up or down passes every row in ``rows`` between
        two symbols' labels (or beyond the ends)."""
        x = self.x
        blocked: list[tuple[float, float]] = []
        cands: list[float] = []
        for r in rows:
            members = self.rows.get(r, [])
            for i in members:
                blocked.append((x[i] - d.half[i] + 0.1, x[i] + d.half[i] - 0.1))
            for a, b in zip(members, members[1:], strict=False):
                cands.append((x[a] + d.half[a] + x[b] - d.half[b]) / 2)
            if members:
                cands.append(x[members[0]] - d.half[members[0]] - 0.5)
                cands.append(x[members[-1]] + d.half[members[-1]] + 0.5)
        blocked.sort()
        starts = [b[0] for b in blocked]
        reach = []  # the furthest end among the intervals starting at or before each
        far = -math.inf
        for _, end in blocked:
            far = max(far, end)
            reach.append(far)
        out = []
        for c in sorted(set(cands)):
            j = bisect.bisect_right(starts, c) - 1
            if j < 0 or reach[j] <= c:
                out.append(c)
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
