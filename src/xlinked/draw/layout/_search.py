"""Stage 4, the search: which choices on loops, and whom to draw twice.

A placement (:mod:`._order`) records the choices it makes on loops. This
stage scores placements by an explicit cost and inverts choices one at a time,
keeping each inversion that lowers the cost (hill climbing, first
improvement, a bounded number of placements; deterministic). The cost is,
in order of weight:

* a breach of a hard rule (a line through a symbol or a label, a line of
  descent that does not land over the children): 1000 each;
* a crossing of two lines of different couples (:func:`crossings`): 40 each;
* a person drawn twice: 4 each, plus 1.5 for each line the dashed curves
  joining the copies cross (as routed by :mod:`._curves`) and 0.1 per unit of
  their length;
* a relationship line raised over other people: 2, plus 0.5 per person under it;
* a sibling standing out of birth order (:func:`out_of_order`): 1 each;
* the width of the drawing: 0.02 per symbol width.

A pedigree without loops needs no search: the placement has no crossing by
construction.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Mapping, Sequence
from typing import Any

from ._geometry import HALF, LABEL_GAP, Segment
from ._lines import Lines, draw_lines
from ._order import Builder, Conflict, Replay
from ._place import positions
from ._structure import Drawing

__all__ = ["Outcome", "crossings", "out_of_order", "search"]

from .._text import LINE_HEIGHT

W_BREACH = 1000.0
W_CROSS = 40.0
W_DUP = 4.0
W_ARC_CROSS = 1.5
W_ARC_LEN = 0.1
W_RAISED = 2.0
W_UNDER = 0.5
W_WIDTH = 0.02
W_MOVED = 1.0

SEARCH_WORK = 4_000  # placements tried x people, at most
MAX_TRIES = 40
EPS = 1e-9


class Outcome:
    """The best placement found: its choices, copies, and what they cost.

    (A plain class, not a dataclass: cheaper to create at import, which the risk
    table pays for its numbers.)
    """

    def __init__(self, flips: frozenset[tuple[Any, ...]], cuts: frozenset[tuple[int, int]],
                 cost: float, crossings: int, breaches: int, replay: Replay, drawing: Drawing,
                 x: dict[int, float], drops: dict[int, float], lines: Lines,
                 choices: list[tuple[Any, ...]] | None = None, tries: int = 1) -> None:
        self.flips = flips
        self.cuts = cuts
        self.cost = cost
        self.crossings = crossings
        self.breaches = breaches
        self.replay = replay
        self.drawing = drawing
        self.x = x
        self.drops = drops
        self.lines = lines
        self.choices = choices if choices is not None else []
        self.tries = tries


def crossings(segs: Sequence[Segment]) -> int:
    """Proper crossings between lines of different couples (hard rule C11, docs/drawing.md).

    Separation marks and the dashed curves joining copies are not counted.
    Horizontal and vertical lines are counted per height with sorted ends; the
    few slanted ones (twins) are tested against every line.
    """
    lines = [s for s in segs if s.kind not in ("separation", "duplicate")]
    return _count(lines, lines)


def curve_crossings(segs: Sequence[Segment]) -> int:
    """Lines crossed by the dashed curves joining copies, from a layout's segments.

    Each curve is its chain of pieces; a line is crossed where a piece crosses it,
    or where the curve passes through it at a joint between two pieces.
    """
    curves: list[list[tuple[float, float]]] = []
    last = ""
    for s in segs:
        if s.kind != "duplicate":
            continue
        if not curves or s.owner != last or curves[-1][-1] != (s.x0, s.y0):
            curves.append([(s.x0, s.y0)])
        curves[-1].append((s.x1, s.y1))
        last = s.owner
    if not curves:
        return 0
    lines = [s for s in segs if s.kind not in ("separation", "duplicate")]
    total = 0
    for pts in curves:
        x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
        y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
        for s in lines:
            if (max(s.x0, s.x1) < x0 or min(s.x0, s.x1) > x1 or max(s.y0, s.y1) < y0
                    or min(s.y0, s.y1) > y1):
                continue
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                if _proper(Segment(ax, ay, bx, by, "duplicate", ""), s):
                    total += 1
            for a, v, b in zip(pts, pts[1:], pts[2:], strict=False):
                if _on(s, v) and _side(s, a) * _side(s, b) < 0:
                    total += 1
    return total


def _side(s: Segment, p: tuple[float, float]) -> int:
    v = (s.x1 - s.x0) * (p[1] - s.y0) - (s.y1 - s.y0) * (p[0] - s.x0)
    return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)


def _on(s: Segment, p: tuple[float, float]) -> bool:
    """Whether ``p`` lies on segment ``s``, not at its ends."""
    if _side(s, p) != 0:
        return False
    t = ((p[0] - s.x0) * (s.x1 - s.x0) + (p[1] - s.y0) * (s.y1 - s.y0))
    n = (s.x1 - s.x0) ** 2 + (s.y1 - s.y0) ** 2
    return n > 0 and 1e-9 < t / n < 1 - 1e-9


def _count(lines: Sequence[Segment], against: Sequence[Segment]) -> int:
    flat: dict[float, list[Segment]] = {}
    upright: list[Segment] = []
    slanted: list[Segment] = []
    for s in lines:
        if abs(s.y0 - s.y1) < EPS:
            if abs(s.x1 - s.x0) > 4 * EPS:
                flat.setdefault(round(s.y0, 7), []).append(s)
        elif abs(s.x0 - s.x1) < EPS:
            upright.append(s)
        else:
            slanted.append(s)
    # sweep the heights top down, keeping the upright lines that span the current one
    spans = sorted((min(s.y0, s.y1), max(s.y0, s.y1), s.x0, s.owner) for s in upright)
    active: list[tuple[float, int, float, str]] = []  # heap by lower end
    nxt = 0
    total = 0
    for y in sorted(flat):
        hs = flat[y]
        while nxt < len(spans) and spans[nxt][0] < y - EPS:
            a, b, vx, own = spans[nxt]
            heapq.heappush(active, (b, nxt, vx, own))
            nxt += 1
        while active and active[0][0] <= y + EPS:
            heapq.heappop(active)
        if not active:
            continue
        los = sorted(min(h.x0, h.x1) for h in hs)
        his = sorted(max(h.x0, h.x1) for h in hs)
        owners: dict[str, list[tuple[float, float]]] = {}
        for h in hs:
            owners.setdefault(h.owner, []).append((min(h.x0, h.x1), max(h.x0, h.x1)))
        for _, _, vx, own in active:
            n = bisect.bisect_left(los, vx - EPS) - bisect.bisect_right(his, vx + EPS)
            if n and own in owners:
                n -= sum(1 for a, b in owners[own] if a < vx - EPS and b > vx + EPS)
            total += n
    done: set[int] = set()
    for s in slanted:
        done.add(id(s))
        for other in against:  # each pair of slanted lines once
            if other.owner != s.owner and id(other) not in done and _proper(s, other):
                total += 1
    return total


def _proper(a: Segment, b: Segment) -> bool:
    """Whether two segments cross (touching ends do not count)."""

    def orient(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> int:
        v = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    o1 = orient(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0)
    o2 = orient(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1)
    o3 = orient(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0)
    o4 = orient(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1)
    return o1 * o2 < 0 and o3 * o4 < 0


def breaches(d: Drawing, x: Mapping[int, float], lines: Lines, nlines: Sequence[int]) -> int:
    """Hard rules broken: lines of descent not over the children, upright lines
    through a symbol or a label (the only lines that can reach one: the others
    run in the gaps between rows, or between partners standing side by side)."""
    count = 0
    tops: dict[str, list[float]] = {}
    for s in lines.segments:
        if s.kind == "stub":
            tops.setdefault(s.owner, []).append(s.x0)
    for sib in lines.sibships:
        mine = tops.get(sib.owner)
        if mine and not (min(mine) - 1e-6 <= sib.drop_x <= max(mine) + 1e-6):
            count += 1
    # half-siblings stand apart: two sibships of one parent on one row do not overlap
    row_of = {d.id(i): d.row[i] for i in range(d.n_people)}
    spans: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for sib in lines.sibships:
        if len(sib.parents) == 2:
            for p in sib.parents:
                spans.setdefault((p, row_of[sib.children[0]]), []).append((sib.x0, sib.x1))
    for group in spans.values():
        group.sort()
        count += sum(1 for (_, e), (s2, _) in zip(group, group[1:], strict=False) if s2 <= e)
    rows: dict[int, list[tuple[float, int]]] = {}
    for i, xi in x.items():
        rows.setdefault(d.row[i], []).append((xi, i))
    for members in rows.values():
        members.sort()
    keys = {r: [m[0] for m in members] for r, members in rows.items()}
    widest = max(d.half) if d.half else 1.0
    ys = lines.ys
    lowest = [y + HALF + LABEL_GAP + LINE_HEIGHT * max((nlines[i] for _, i in rows.get(r, ())),
                                                      default=1) for r, y in enumerate(ys)]
    for s in lines.segments:
        if abs(s.x0 - s.x1) > EPS or s.kind == "duplicate":
            continue
        sy0, sy1 = min(s.y0, s.y1), max(s.y0, s.y1)
        r = max(0, bisect.bisect_left(ys, sy0 - HALF - LABEL_GAP - 20 * LINE_HEIGHT))
        while r < len(ys) and ys[r] - HALF < sy1:
            if sy0 < lowest[r]:
                members = rows.get(r, [])
                lo = bisect.bisect_left(keys.get(r, []), s.x0 - widest)
                for xi, i in members[lo:]:
                    if xi > s.x0 + widest:
                        break
                    y = ys[r]
                    w = d.half[i] - 0.2
                    top = y + HALF + LABEL_GAP
                    if (_hits(s, (xi - HALF, y - HALF, xi + HALF, y + HALF))
                            or _hits(s, (xi - w, top, xi + w, top + nlines[i] * LINE_HEIGHT))):
                        count += 1
            r += 1
    return count


def _hits(s: Segment, box: tuple[float, float, float, float]) -> bool:
    """True when segment ``s`` enters the interior of ``box`` (Liang-Barsky clip)."""
    x0, y0, x1, y1 = box
    dx, dy = s.x1 - s.x0, s.y1 - s.y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, s.x0 - x0), (dx, x1 - s.x0), (-dy, s.y0 - y0), (dy, y1 - s.y0)):
        if abs(p) < 1e-12:
            if q <= 1e-9:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t1 - t0 > 1e-9


def out_of_order(d: Drawing, x: Mapping[int, float]) -> set[int]:
    """Children standing out of birth order: the fewest whose moving explains it.

    In each sibship, the children on a longest run in birth order (left to
    right) are in place; the others were moved to meet a partner.
    """
    out: set[int] = set()
    for k in range(len(d.fams)):
        order = [c for c in d.children[k] if c in x]
        kids = sorted(order, key=lambda c: x[c])
        rank = {c: r for r, c in enumerate(order)}
        seq = [rank[c] for c in kids]
        best = [1] * len(seq)
        prev = [-1] * len(seq)
        for j in range(len(seq)):  # longest increasing run, O(n^2) is plenty here
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


def score(d: Drawing, x: Mapping[int, float], lines: Lines,
          nlines: Sequence[int]) -> tuple[float, int, int]:
    """The cost of a placement, its crossings and its breaches of hard rules."""
    cross = crossings(lines.segments)
    bad = breaches(d, x, lines, nlines)
    arcs = [s for s in lines.segments if s.kind == "duplicate"]
    arc_len = sum(abs(s.x1 - s.x0) for s in arcs)
    raised = [c for c in lines.couples if c.raised]
    width = (max(x.values()) - min(x.values())) if x else 0.0
    moved = len(out_of_order(d, x))
    cost = (W_BREACH * bad + W_CROSS * cross + W_DUP * (d.n - d.n_people)
            + W_ARC_CROSS * lines.curve_crossings + W_ARC_LEN * arc_len
            + W_RAISED * len(raised) + W_UNDER * lines.under + W_WIDTH * width
            + W_MOVED * moved)
    return cost, cross, bad


def copies(flips: frozenset[tuple[Any, ...]], parents: Sequence[tuple[int, ...]],
           ) -> set[tuple[int, int]]:
    """The couples drawn with a copy by choice: ``("dup", family, partner)``, the other
    partner instead when ``("swap", family)`` is chosen too."""
    out = set()
    for key in flips:
        if key[0] == "dup":
            k, q = key[1], key[2]
            if ("swap", k) in flips and len(parents[k]) == 2:
                q = parents[k][0] if parents[k][1] == q else parents[k][1]
            out.add((k, q))
    return out


def attempt(make: Any, flips: frozenset[tuple[Any, ...]], base: set[tuple[int, int]],
            auto: set[tuple[int, int]], nlines: Sequence[int],
            replay: Replay | None = None, parents: Sequence[tuple[int, ...]] = (),
            ) -> tuple[Outcome, list[tuple[Any, ...]]]:
    """One placement with the choices ``flips``; conflicts add copies and start again."""
    while True:
        cuts = frozenset(base | auto | copies(flips, parents))
        d: Drawing = make(cuts)
        try:
            x, builder = positions(d, flips, replay)
        except Conflict as c:
            if c.cut in cuts:  # pragma: no cover - a copy cannot conflict again
                raise
            if replay is not None:  # a replay names nodes, which a new copy renumbers
                raise
            auto.add(c.cut)
            continue
        lines = draw_lines(d, x, builder.drops, _nlines(d, nlines))
        cost, cross, bad = score(d, x, lines, _nlines(d, nlines))
        return (Outcome(flips, cuts, cost, cross, bad, builder.replay, d, x, builder.drops,
                        lines, list(builder.choices)), builder.choices)


def _nlines(d: Drawing, nlines: Sequence[int]) -> list[int]:
    """Text lines per node (copies show their number only)."""
    return [nlines[d.person[i]] if not d.is_copy(i) else 1 for i in range(d.n)]


def search(make: Any, base: set[tuple[int, int]], nlines: Sequence[int], people: int,
           parents: Sequence[tuple[int, ...]]) -> Outcome:
    """The placement of least cost found (see the module docstring).

    Two starts: every loop closed in place, and every loop's couple drawn with a
    copy; then single choices inverted while that lowers the cost: first the
    copies with the longest curves (drawn the other way round, or not at all),
    then the other choices the best placement made.
    """
    auto: set[tuple[int, int]] = set()
    tried: set[frozenset[tuple[Any, ...]]] = set()
    budget = min(MAX_TRIES, max(6, SEARCH_WORK // max(1, people)))

    def run(flips: frozenset[tuple[Any, ...]]) -> Outcome:
        tried.add(flips)
        out, _ = attempt(make, flips, base, auto, nlines, parents=parents)
        return out

    flips = frozenset[tuple[Any, ...]]()
    best = run(flips)
    if not best.choices:
        return best
    dups = frozenset(k for k in best.choices if k[0] == "dup")
    if dups:
        alt = run(dups)
        if alt.cost < best.cost - 1e-9:
            best, flips = alt, dups
    improved = True
    while improved and not _perfect(best) and len(tried) < budget:
        improved = False
        for key in _candidates(best, flips):
            cand = flips ^ {key}
            if cand in tried:
                continue
            out = run(cand)
            if out.cost < best.cost - 1e-9:
                best, flips = out, cand
                improved = True
                break
            if len(tried) >= budget:
                break
    if best.breaches:  # as a last resort, every couple on a loop with a copy
        d = best.drawing
        every = frozenset(("dup", k, d.person[max(d.parents[k], key=d.id)])
                          for k in range(len(d.fams)) if len(d.parents[k]) == 2
                          and any((k, p) not in d.bridges for p in d.parents[k]))
        if every and every not in tried:
            out = run(flips | every)
            if out.cost < best.cost:
                best = out
    best.tries = len(tried)
    return best


def _candidates(best: Outcome, flips: frozenset[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Choices worth inverting from ``best``: its copies by decreasing length of their
    curve (each drawn the other way round, then not at all), then the choices its walk
    made. While lines cross, every copy drawn the other way round comes first, then
    the walk's choices, then copies left out."""
    d, x = best.drawing, best.x
    original = {d.person[i]: i for i in range(d.n_people)}
    length: dict[int, float] = {}
    for (k, q), node in d.copy_of.items():
        if node in x and original.get(q) in x:
            length[k] = abs(x[node] - x[original[q]])
    chosen = sorted((key for key in flips if key[0] == "dup"),
                    key=lambda key: (-length.get(key[1], 0.0), d.fams[key[1]].key,
                                     d.ped.ids[key[2]]))
    out: list[tuple[Any, ...]] = []
    if best.crossings:  # lines cross: first every copy drawn the other way round
        out += [("swap", key[1]) for key in chosen]
        out += [key for key in best.choices if key not in out and key[0] != "dup"]
        out += chosen
    else:
        for key in chosen:
            out += [("swap", key[1]), key]
    out += [key for key in best.choices if key not in out]
    return out


def _perfect(out: Outcome) -> bool:
    """Nothing left to improve but the width: no crossing, copy or raised line."""
    return (out.crossings == 0 and out.breaches == 0 and out.drawing.n == out.drawing.n_people
            and not any(c.raised for c in out.lines.couples))


def replayed(make: Any, best: Outcome, nlines: Sequence[int], uniform: Any) -> Outcome:
    """The best placement again, with other widths (``make``), in the same order.

    Wider symbols can make the walk need a copy the equal widths (``uniform``)
    did not (rare); the placement is then found again with equal widths and
    that copy, and replayed.
    """
    flips = frozenset(key for key in best.flips if key[0] not in ("dup", "swap"))
    cuts = set(best.cuts)
    replay = best.replay
    while True:
        try:
            out, _ = attempt(make, flips, cuts, set(), nlines, replay)
            return out
        except Conflict as c:
            cuts.add(c.cut)
            auto: set[tuple[int, int]] = set()
            again, _ = attempt(uniform, flips, cuts, auto, [1] * len(nlines))
            cuts |= auto
            replay = again.replay


_ = Builder  # re-exported for the tests
