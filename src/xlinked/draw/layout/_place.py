"""Stage 2b, placement: the walk of :mod:`._order` run over every connected part.

One block per connected part of the family graph, packed left to right from a
canonical root (the founder with most descendants); then the children of the
couples that close loops in place are inserted right under them, everything
right of their line of descent moving right to make room (a shift of
everything right of a vertical cut keeps the left-to-right order of all
symbols and lines, so it adds no crossing). :func:`positions` is the entry
point of the search (:mod:`._search`); :func:`separate` spreads the symbols
to their real widths in the order found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._blocks import Block, merge, separation
from ._order import DROP_HALF, Builder, Replay, fallback
from ._structure import Drawing

__all__ = ["place", "positions", "separate"]

def place(b: Builder) -> dict[int, float]:
    """x of every node: one block per connected part, packed left to right, then the
    children of couples closing loops inserted under them."""
    d = b.d
    counts = _descendant_counts(d)
    ids = [d.id(i) for i in range(d.n)]
    roots = [i for i in range(d.n) if d.birth[i] < 0 and not d.is_copy(i)]
    roots.sort(key=lambda i: (-counts[i], d.row[i], ids[i]))
    others = sorted(range(d.n), key=lambda i: (d.row[i], d.is_copy(i), ids[i]))
    total = Block()
    for i in roots + others:
        if i in b.placed:
            continue
        blk = b.run(b.person(i, frozenset({"left", "right"})))
        _append(total, blk)
        _close_loops(b, total)
    b.drops = {k: total.drop(k) for k in total.drops}
    return {i: total.x(i) for i in total.pos}


def _append(total: Block, blk: Block) -> None:
    if total.pos:
        blk.shift(fallback(total, blk) + 1.0)
    merged = merge(total, blk)
    if merged is not total:  # keep ``total`` the object callers hold
        total.pos, total.lo, total.hi, total.drops, total.off = (
            merged.pos, merged.lo, merged.hi, merged.drops, merged.off)


def _descendant_counts(d: Drawing) -> list[int]:
    """How many descendants each node has (through the drawing's families; counted
    along paths, so a loop counts twice), for the choice of the root."""
    kids = [[c for k in d.own[i] for c in d.children[k]] for i in range(d.n)]
    order: list[int] = []
    seen = [False] * d.n
    for start in range(d.n):  # post-order, iteratively
        if seen[start]:
            continue
        stack = [(start, 0)]
        seen[start] = True
        while stack:
            i, j = stack.pop()
            if j < len(kids[i]):
                stack.append((i, j + 1))
                c = kids[i][j]
                if not seen[c]:
                    seen[c] = True
                    stack.append((c, 0))
            else:
                order.append(i)
    counts = [0] * d.n
    for i in order:
        counts[i] = min(10**12, sum(1 + counts[c] for c in kids[i]))
    return counts


def _close_loops(b: Builder, total: Block) -> None:
    """Lay out the children of couples that close a loop, right under them."""
    d = b.d
    while b.deferred:
        k = b.deferred.pop(0)
        if k in b.handled:
            continue
        b.handled.add(k)
        for q in d.parents[k]:
            if q not in b.placed:
                blk = b.run(b.partner(q, k, "left"))
                if blk is not None:
                    _append(total, blk)
        kids = b.run(b.sibship(k, None, None))
        if kids is None:
            continue
        ids = [c for c in d.children[k] if c in kids.pos]
        if not ids:
            _append(total, kids)
            continue
        parents = d.parents[k]
        middle = False
        if len(parents) == 1:
            mid = total.x(parents[0]) + d.half[parents[0]]
        else:
            mid, middle = _drop_gap(b, k, total)
        xs = [b._stub_x(c, kids) for c in ids]
        dx0 = mid - (min(xs) + max(xs)) / 2
        top = min(d.row[c] for c in ids)
        row = max(d.row[p] for p in parents)
        drop = _insert(b, k, total, kids, mid, dx0, range(2 * row + 1, 2 * top), middle)
        total.set_drop(k, drop)


def _drop_gap(b: Builder, k: int, total: Block) -> tuple[float, bool]:
    """Where couple ``k``'s line of descent will drop, when people stand between them.

    It drops between two neighbours who are not a couple themselves: the
    opening nearest the middle, or (a choice the search may invert) the one
    nearest a partner. The choice is recorded by neighbours, for the replay.
    """
    d = b.d
    a, c = sorted(d.parents[k], key=total.x)
    xa, xc = total.x(a), total.x(c)
    mid = (xa + xc) / 2
    if d.row[a] != d.row[c]:
        return mid, False
    r = d.row[a]
    line = sorted((total.x(i), i) for i in total.pos if d.row[i] == r and xa <= total.x(i) <= xc)
    if len(line) <= 2:
        b.replay.gaps.setdefault(k, None)
        return mid, True
    pairs = [(i, j) for (_, i), (_, j) in zip(line, line[1:], strict=False)
             if tuple(sorted((i, j))) not in d.couple_set]

    def opening(pair: tuple[int, int]) -> float:
        i, j = pair
        lo = total.x(i) + d.half[i] + DROP_HALF
        hi = total.x(j) - d.half[j] - DROP_HALF
        return min(max(mid, lo), hi) if lo <= hi else (total.x(i) + total.x(j)) / 2

    if not b.record:
        pair = b.replay.gaps.get(k)
        return (opening(pair), False) if pair is not None else (mid, True)
    if not pairs:
        b.replay.gaps[k] = None
        return mid, True
    best = min(pairs, key=lambda p: (abs(opening(p) - mid), opening(p)))
    if b.flip(("gap", k)):
        side = min(pairs, key=lambda p: opening(p) - xa)
        best = side if side != best else max(pairs, key=opening)
    b.replay.gaps[k] = best
    return opening(best), False


def _insert(b: Builder, k: int, total: Block, blk: Block, cut: float, dx0: float,
            through: range, middle: bool) -> float:
    """Put ``blk`` under the line of descent at ``cut``, moving everything right of
    the cut to make room; return where the line of descent drops.

    Shifting every symbol right of a vertical cut by the same amount keeps the
    left-to-right order of all symbols and lines, so it adds no crossing. When
    what stands left of the cut leaves no room, the line of descent and the
    children centred under it move right too. With ``middle`` (partners side by
    side) the line of descent stays in the middle of the relationship line, so
    it moves half as far as the right partner; otherwise it drops through a gap
    between the people under a raised line, which widens. Which symbols stand
    right of the cut is recorded, for the replay.
    """
    d = b.d
    if b.record:
        right = frozenset(i for i in total.pos if total.x(i) >= cut)
        b.replay.right[k] = right
    else:
        right = b.replay.right.get(k, frozenset())
    occ = _occupied(b, total, right)
    centre = cut - dx0  # the children's centre, in the block's frame
    low = cut  # the line of descent, at least here
    for level in blk.levels():  # the children clear of what stands left of the cut
        ext = blk.extent(level)
        assert ext is not None
        for _, e, is_right in occ.get(level, ()):
            if not is_right:
                low = max(low, e + separation(level) - ext[0] + centre)
    for level in through:  # ...and the line of descent too
        for _, e, is_right in occ.get(level, ()):
            if not is_right:
                low = max(low, e + separation(level) + DROP_HALF)
    # what stands right of the cut moves by delta; the line of descent by `rate` * delta
    rate = 0.5 if middle else 0.0
    delta = (low - cut) / rate if middle else low - cut
    for level in blk.levels():  # what stands right of the cut clear of the children
        ext = blk.extent(level)
        assert ext is not None
        for s, _, is_right in occ.get(level, ()):
            if is_right:  # s + delta >= ext_hi - centre + drop + sep
                need_ = ext[1] - centre + cut + separation(level) - s
                delta = max(delta, need_ / (1 - rate) if middle else need_ + (low - cut))
    for level in through:  # ...and of the line of descent
        for s, _, is_right in occ.get(level, ()):
            if is_right:
                need_ = cut + DROP_HALF + separation(level) - s
                delta = max(delta, need_ / (1 - rate) if middle else need_ + (low - cut))
    if middle:  # the line of descent clears both partners' labels
        a, c = sorted(d.parents[k], key=total.x)
        delta = max(delta, 2 * max(d.half[a], d.half[c]) - (total.x(c) - total.x(a)))
    delta = max(delta, 0.0)
    drop = cut + rate * delta if middle else low
    if delta > 0:
        for i in right:
            total.pos[i] += delta
        for fam in list(total.drops):
            if all(c in right for c in d.children[fam] if c in total.pos) and \
                    all(p in right for p in d.parents[fam] if p in total.pos):
                total.drops[fam] += delta
        for level in total.hi:
            total.hi[level] += delta
    blk.shift(drop - centre)
    merged = merge(total, blk)
    if merged is not total:
        total.pos, total.lo, total.hi, total.drops, total.off = (
            merged.pos, merged.lo, merged.hi, merged.drops, merged.off)
    for level in through:
        total.extend(level, drop - DROP_HALF, drop + DROP_HALF)
    xs = [b._stub_x(c, total) for c in d.children[k] if c in total.pos]
    if xs:
        top = min(d.row[c] for c in d.children[k] if c in total.pos)
        total.extend(2 * top - 1, min([*xs, drop]), max([*xs, drop]))
    return drop


def _occupied(b: Builder, total: Block, right: frozenset[int],
              ) -> dict[int, list[tuple[float, float, bool]]]:
    """What stands on each level: symbols and sibship lines, and whether right of the cut."""
    d = b.d
    occ: dict[int, list[tuple[float, float, bool]]] = {}
    for i in total.pos:
        x, h = total.x(i), d.half[i]
        occ.setdefault(2 * d.row[i], []).append((x - h, x + h, i in right))
    for k in range(len(d.fams)):
        kids = [c for c in d.children[k] if c in total.pos]
        parents = [p for p in d.parents[k] if p in total.pos]
        if kids and parents:
            if k in total.drops:
                mid = total.drop(k)
            else:
                mid = sum(total.x(p) for p in parents) / len(parents)
            xs = [total.x(c) for c in kids]
            top = min(d.row[c] for c in kids)
            is_right = all(c in right for c in kids)
            occ.setdefault(2 * top - 1, []).append((min([*xs, mid]), max([*xs, mid]), is_right))
    return occ


def positions(d: Drawing, flips: frozenset[tuple[Any, ...]], replay: Replay | None = None,
              ) -> tuple[dict[int, float], Builder]:
    """Lay out ``d`` with the choices ``flips``: x per node (may raise :class:`Conflict`)."""
    b = Builder(d, flips, replay)
    xs = place(b)
    return separate(d, xs), b


def separate(d: Drawing, xs: Mapping[int, float]) -> dict[int, float]:
    """Safety net for loops: push apart any two neighbours closer than their room."""
    out = dict(xs)
    rows: dict[int, list[int]] = {}
    for i in out:
        rows.setdefault(d.row[i], []).append(i)
    ids = [d.id(i) for i in range(d.n)]
    for members in rows.values():
        members.sort(key=lambda i: (out[i], ids[i], i))
        for a, c in zip(members, members[1:], strict=False):
            least = out[a] + d.half[a] + d.half[c]
            if out[c] < least:
                out[c] = least
    return out
