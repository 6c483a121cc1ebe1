"""Stage 3, lines: every line drawn, and the height of each row.

Given where each node stands, this draws relationship lines (double when
consanguineous, broken ``//`` when separated, raised over anyone standing
between the partners), lines of descent, sibship lines (on separate heights
where two families' lines would share a stretch, and clear of raised
relationship lines), individual lines (twins converging on one point, with a
bar for monozygotic twins) and the dashed curves joining two copies of one
person (routed by :mod:`._curves`). Row heights follow from the tallest label
block above and the lines in each gap.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

from ._curves import move_all, route, shifted
from ._geometry import (
    BAR_STEP,
    CLEARANCE,
    DOUBLE,
    HALF,
    LABEL_GAP,
    RAISE,
    RAISE_STEP,
    STUB,
    Box,
    Couple,
    Segment,
    Sibship,
)
from ._structure import Drawing

__all__ = ["Lines", "draw_lines"]

from .._text import LINE_HEIGHT

RAISED_CLEAR = 0.3  # between the highest raised relationship line and a sibship line


class Lines:
    """The rows' heights and everything drawn between the symbols.

    (A plain class, not a dataclass: cheaper to create at import, which the risk
    table pays for its numbers.)
    """

    def __init__(self, ys: list[float], segments: list[Segment], couples: list[Couple],
                 sibships: list[Sibship], glyphs: list[Box], under: int = 0) -> None:
        self.ys = ys
        self.segments = segments
        self.couples = couples
        self.sibships = sibships
        self.glyphs = glyphs
        self.under = under  # people standing under raised relationship lines
        # each dashed curve joining two nodes of one person, as a polyline
        self.curves: list[list[tuple[float, float]]] = []
        self.curve_crossings = 0  # lines crossed by those curves


class _Rows:
    """Each row's nodes sorted by x, to find who stands between two points."""

    def __init__(self, d: Drawing, x: Mapping[int, float]) -> None:
        self.xs: dict[int, list[float]] = {}
        self.nodes: dict[int, list[int]] = {}
        for r, members in _by_row(d, x).items():
            self.nodes[r] = members
            self.xs[r] = [x[i] for i in members]

    def between(self, r: int, a: float, b: float) -> list[int]:
        """Nodes of row ``r`` strictly between ``a`` and ``b``."""
        xs = self.xs.get(r, [])
        i = bisect.bisect_right(xs, a + 1e-9)
        j = bisect.bisect_left(xs, b - 1e-9)
        return self.nodes[r][i:j]


def _by_row(d: Drawing, x: Mapping[int, float]) -> dict[int, list[int]]:
    rows: dict[int, list[int]] = {}
    for i in x:
        rows.setdefault(d.row[i], []).append(i)
    for members in rows.values():
        members.sort(key=lambda i: (x[i], i))
    return rows


def draw_lines(d: Drawing, x: Mapping[int, float], drops: Mapping[int, float],
               nlines: Sequence[int]) -> Lines:
    """Rows' heights and every line, for nodes at ``x`` with ``nlines`` text lines."""
    rows = _Rows(d, x)
    nrows = max(d.row) + 1
    # where each family's line of descent drops, and its sibship line's extent
    under = 0
    # single parents' connectors: a couple's line passing them must be raised
    connectors: dict[int, list[float]] = {}
    for k, parents in enumerate(d.parents):
        if len(parents) == 1 and parents[0] in x and d.children[k]:
            connectors.setdefault(parents[0], []).append(drops.get(k, x[parents[0]]))
    drop: dict[int, float] = {}
    bars: dict[int, tuple[int, float, float]] = {}  # fam -> (row below, x0, x1)
    raised: dict[int, bool] = {}
    for k, parents in enumerate(d.parents):
        if any(p not in x for p in parents):
            continue
        if len(parents) == 2:
            a, b = sorted(parents, key=lambda i: x[i])
            between = rows.between(d.row[a], x[a], x[b]) if d.row[a] == d.row[b] else []
            passing = [c for p in (a, b) for c in connectors.get(p, ()) if x[a] < c < x[b]]
            raised[k] = bool(between or passing)
            under += len(between)
        kids = [c for c in d.children[k] if c in x]
        if not kids:
            continue
        drop[k] = _drop_x(d, k, x, drops, rows, raised.get(k, False))
        pts = [drop[k], *(_stub_top_x(d, c, x) for c in kids)]
        bars[k] = (min(d.row[c] for c in kids), min(pts), max(pts))
    # raised relationship lines: their heights over each row
    raised_level: dict[int, int] = {}
    raised_levels = [0] * nrows
    taken: dict[int, list[tuple[int, float, float]]] = {}
    # inner lines (shorter) lower, so that nested lines do not cross
    for k in sorted((k for k, v in raised.items() if v),
                    key=lambda k: (abs(x[d.parents[k][0]] - x[d.parents[k][1]]),
                                   min(x[p] for p in d.parents[k]), d.fams[k].key)):
        a, b = sorted(d.parents[k], key=lambda i: x[i])
        r = d.row[a]
        lo, hi = x[a] + 0.25, x[b] - 0.25
        spans = taken.setdefault(r, [])
        n = 0
        while any(lv == n and s0 < hi + 0.2 and lo - 0.2 < s1 for lv, s0, s1 in spans):
            n += 1
        spans.append((n, lo, hi))
        raised_level[k] = n
        raised_levels[r] = max(raised_levels[r], n + 1)
    # sibship lines: their heights in each gap
    level: dict[int, int] = {}
    bar_levels = [1] * (nrows + 1)
    by_gap: dict[int, list[int]] = {}
    for k, bar in bars.items():
        by_gap.setdefault(bar[0], []).append(k)
    for r, here in by_gap.items():
        here.sort(key=lambda k: (bars[k][1], d.fams[k].key))
        ends: list[float] = []  # per height, where its last sibship line ends
        for k in here:  # by where they start: the lowest height where it fits
            _, x0, x1 = bars[k]
            for lv, end in enumerate(ends):
                if x0 - 0.3 > end:
                    ends[lv] = x1
                    level[k] = lv
                    break
            else:
                ends.append(x1)
                level[k] = len(ends) - 1
        bar_levels[r] = max(1, len(ends))
    # rows' heights
    label_h = [0.0] * nrows
    for i in x:
        label_h[d.row[i]] = max(label_h[d.row[i]], nlines[i] * LINE_HEIGHT)
    base = [_bar_base(raised_levels[r]) for r in range(nrows)]
    ys = [0.0]
    for r in range(1, nrows):
        ys.append(ys[-1] + HALF + LABEL_GAP + label_h[r - 1] + CLEARANCE
                  + (bar_levels[r] - 1) * BAR_STEP + base[r] + HALF)
    y = {i: ys[d.row[i]] for i in x}
    out = Lines(ys, [], [], [], [], under)
    for k in range(len(d.fams)):
        if any(p not in x for p in d.parents[k]):
            continue
        start = _couple_lines(d, k, x, y, drop.get(k), raised.get(k, False),
                              raised_level.get(k, 0), out)
        if k in bars:
            gap = bars[k][0]
            bar_y = ys[gap] - HALF - base[gap] - level[k] * BAR_STEP
            out.sibships.append(_descent(d, k, x, y, drop[k], start, bar_y, out))
    top_bar = [ys[r] - HALF - base[r] - (bar_levels[r] - 1) * BAR_STEP for r in range(nrows)]

    def shift(room: Sequence[float]) -> None:
        move = shifted(room, [t - 0.01 for t in top_bar])
        move_all(move, out.segments, out.sibships, out.couples, out.glyphs, out.ys)

    curves = route(d, x, out.ys, out.segments, top_bar, shift)
    for person, path in curves.curves:
        owner = f"={d.ped.ids[person]}"
        out.curves.append(path)
        for (ax, ay), (bx, by) in zip(path, path[1:], strict=False):
            out.segments.append(Segment(ax, ay, bx, by, "duplicate", owner, True))
    out.curve_crossings = curves.crossings
    return out


def _bar_base(raised_levels: int) -> float:
    """From a row's symbol tops up to its lowest sibship line."""
    if not raised_levels:
        return STUB
    return max(STUB, RAISE + (raised_levels - 1) * RAISE_STEP + RAISED_CLEAR)


def _stub_top_x(d: Drawing, c: int, x: Mapping[int, float]) -> float:
    """Where ``c``'s individual line meets the sibship line (twins share a point)."""
    twins = d.twins[c]
    if twins is not None:
        members = [m for m in twins if m in x]
        return sum(x[m] for m in members) / len(members)
    return x[c]


def _drop_x(d: Drawing, k: int, x: Mapping[int, float], drops: Mapping[int, float],
            rows: _Rows, raised: bool) -> float:
    """Where family ``k``'s line of descent leaves the relationship line."""
    parents = d.parents[k]
    if len(parents) == 1:
        (a,) = parents
        return drops.get(k, x[a] + d.half[a])
    a, b = sorted(parents, key=lambda i: x[i])
    mid = (x[a] + x[b]) / 2
    if not raised:
        return mid
    # a raised line: drop between two neighbours, clear of their labels
    if k in drops and x[a] < drops[k] < x[b]:
        return drops[k]
    pts = [a, *rows.between(d.row[a], x[a], x[b]), b]
    kids = [x[c] for c in d.children[k] if c in x]
    centre = (min(kids) + max(kids)) / 2
    best = mid
    for u, v in zip(pts, pts[1:], strict=False):
        lo, hi = x[u] + d.half[u], x[v] - d.half[v]
        cand = min(max(centre, lo), hi) if lo <= hi else (x[u] + x[v]) / 2
        if best == mid or abs(cand - centre) < abs(best - centre):
            best = cand
    return best


def _couple_lines(d: Drawing, k: int, x: Mapping[int, float], y: Mapping[int, float],
                  drop: float | None, raised: bool, raised_level: int,
                  out: Lines) -> tuple[float, float]:
    """Draw couple ``k``'s relationship line; return where its line of descent starts."""
    fam = d.fams[k]
    owner = fam.key
    segs = out.segments
    parents = d.parents[k]
    if len(parents) == 1:
        (a,) = parents
        dx = drop if drop is not None else x[a] + d.half[a]
        edge = x[a] + HALF if dx > x[a] else x[a] - HALF
        if d.children[k]:
            segs.append(Segment(edge, y[a], dx, y[a], "marriage", owner))
        out.couples.append(Couple(owner, d.id(a), None, False, False, False, line_y=y[a]))
        return dx, y[a]
    a, b = sorted(parents, key=lambda i: x[i])
    ya, yb = y[a], y[b]
    if ya != yb:  # partners on different rows: a slanted line (not made by the layout)
        sx = HALF if x[b] >= x[a] else -HALF
        segs.append(Segment(x[a] + sx, ya, x[b] - sx, yb, "marriage", owner))
        if fam.consanguineous:
            segs.append(Segment(x[a] + sx, ya + 2 * DOUBLE, x[b] - sx, yb + 2 * DOUBLE,
                                "marriage2", owner))
        out.couples.append(Couple(owner, d.id(a), d.id(b), fam.consanguineous,
                                  fam.separated, False, line_y=(ya + yb) / 2))
        return (x[a] + x[b]) / 2, (ya + yb) / 2
    xl, xr = x[a] + HALF, x[b] - HALF
    if not raised:
        if fam.consanguineous:
            segs.append(Segment(xl, ya - DOUBLE, xr, ya - DOUBLE, "marriage", owner))
            segs.append(Segment(xl, ya + DOUBLE, xr, ya + DOUBLE, "marriage2", owner))
        else:
            segs.append(Segment(xl, ya, xr, ya, "marriage", owner))
        line_y = ya
    else:
        inset = 0.3 - 0.1 * min(raised_level, 2)  # outer lines' legs further out
        la, lb = x[a] + inset, x[b] - inset
        line_y = ya - HALF - RAISE - RAISE_STEP * raised_level
        segs.append(Segment(la, ya - HALF, la, line_y, "marriage", owner))
        segs.append(Segment(la, line_y, lb, line_y, "marriage", owner))
        segs.append(Segment(lb, line_y, lb, ya - HALF, "marriage", owner))
        if fam.consanguineous:
            segs.append(Segment(la, line_y - 2 * DOUBLE, lb, line_y - 2 * DOUBLE,
                                "marriage2", owner))
    if fam.separated:
        cx = la + (lb - la) * 0.3 if raised else xl + (xr - xl) * 0.3
        for off in (-0.07, 0.07):
            segs.append(Segment(cx + off - 0.08, line_y + 0.16, cx + off + 0.08, line_y - 0.16,
                                "separation", owner))
    childless = fam.childless if not d.children[k] else None
    if childless and not raised:
        # NSGC: a short line down from the relationship line ending in a bar
        # (two bars for infertility)
        mid = (xl + xr) / 2
        w = min(0.18, (xr - xl) / 4)
        top = line_y + (DOUBLE if fam.consanguineous else 0.0)
        segs.append(Segment(mid, top, mid, line_y + 0.28, "childless", owner))
        for dy in (0.28, 0.38) if childless == "infertility" else (0.28,):
            segs.append(Segment(mid - w, line_y + dy, mid + w, line_y + dy, "childless", owner))
    elif childless:
        childless = None  # not drawn under a raised line
    out.couples.append(Couple(owner, d.id(a), d.id(b), fam.consanguineous, fam.separated,
                              raised, childless, line_y))
    return (drop if drop is not None else (x[a] + x[b]) / 2), line_y


def _descent(d: Drawing, k: int, x: Mapping[int, float], y: Mapping[int, float], drop: float,
             start: tuple[float, float], bar_y: float, out: Lines) -> Sibship:
    fam = d.fams[k]
    owner = fam.key
    segs = out.segments
    sx, sy = start
    if abs(sx - drop) > 1e-9:  # slanted partner line: its middle is not where the drop is
        segs.append(Segment(sx, sy, drop, sy, "drop", owner))
    segs.append(Segment(drop, sy, drop, bar_y, "drop", owner))
    kids = [c for c in d.children[k] if c in x]
    tops = {c: _stub_top_x(d, c, x) for c in kids}
    x0 = min([drop, *tops.values()])
    x1 = max([drop, *tops.values()])
    if x1 > x0:
        segs.append(Segment(x0, bar_y, x1, bar_y, "sibship", owner))
    for c in kids:
        adopted = d.ped.individuals[d.person[c]].adopted
        dashed = adopted is not None and adopted.value == "in"
        segs.append(Segment(tops[c], bar_y, x[c], y[c] - HALF, "stub", owner, dashed))
    seen: set[tuple[int, ...]] = set()
    for c in kids:
        group = d.twins[c]
        if group is None or group in seen:
            continue
        seen.add(group)
        members = [m for m in group if m in x]
        apex = tops[members[0]]
        ends = sorted(members, key=lambda m: x[m])
        lo_c, hi_c = ends[0], ends[-1]
        t = 0.5
        ya = bar_y + (y[lo_c] - HALF - bar_y) * t
        xa = apex + (x[lo_c] - apex) * t
        xb = apex + (x[hi_c] - apex) * t
        zygosity = d.zygosity.get(d.id(members[0]))
        if zygosity == "MZ":
            segs.append(Segment(xa, ya, xb, ya, "twin", owner))
        elif zygosity == "unknown":
            out.glyphs.append(Box("twin?", owner, apex - 0.12, ya - 0.17, apex + 0.12,
                                  ya + 0.17, "?"))
    children = tuple(d.id(c) for c in sorted(kids, key=lambda c: (x[c], c)))
    parents = tuple(d.id(p) for p in d.parents[k])
    return Sibship(owner, parents, children, drop, bar_y, x0, x1)
