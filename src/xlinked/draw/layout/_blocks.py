"""Blocks: groups of symbols placed relative to each other, with their contours.

A :class:`Block` holds x positions and, for every *level*, the extent
``[lo, hi]`` its contents occupy. Level ``2 * row`` is a row of symbols (with
their labels); level ``2 * row - 1`` is the gap above that row, where sibship
lines and individual lines run. Two blocks are packed side by side by the
smallest shift that keeps them apart on every level they share
(:func:`need`), which is how the layout avoids crossing lines in a family
without loops.

Positions are stored relative to an offset, so shifting a block costs O(1),
and merging always moves the smaller block into the larger one, so building a
pedigree of n people costs O(n log n) whatever its shape.

>>> a, b = Block(), Block()
>>> a.place(0, 0.0, level=0, half=1.0)
>>> b.place(1, 0.0, level=0, half=1.0)
>>> need(a, b)
2.0
>>> b.shift(need(a, b))
>>> merged = merge(a, b)
>>> merged.x(1)
2.0
"""

from __future__ import annotations

import math

__all__ = ["GAP_LEVEL_SEP", "Block", "merge", "mirror", "need", "separation"]

#: Between lines of two families sharing a gap between rows.
GAP_LEVEL_SEP = 0.6


def separation(level: int) -> float:
    """Extra room between two blocks on a level: none on rows (symbols carry
    their own half widths), some in the gaps (lines of different families)."""
    return 0.0 if level % 2 == 0 else GAP_LEVEL_SEP


class Block:
    """Relative positions of nodes plus, per level, the extent they occupy."""

    __slots__ = ("drops", "hi", "lo", "off", "pos", "rise_left", "rise_right", "upper")

    def __init__(self) -> None:
        self.pos: dict[int, float] = {}  # node -> x - off
        self.lo: dict[int, float] = {}  # level -> leftmost extent - off
        self.hi: dict[int, float] = {}
        self.drops: dict[int, float] = {}  # family -> x of its line of descent - off
        self.off = 0.0
        self.upper = 1 << 62  # the highest (smallest) level occupied
        # a sibship's in-laws rising to its parents' rows, on the left and on the right:
        # per level, the rightmost extent of the left ones and the leftmost of the right
        # ones (None: not known, treat all rising content alike)
        self.rise_left: dict[int, float] | None = None
        self.rise_right: dict[int, float] | None = None

    def __len__(self) -> int:
        return len(self.pos) + len(self.lo)

    def x(self, node: int) -> float:
        """Where ``node`` stands."""
        return self.pos[node] + self.off

    def drop(self, fam: int) -> float:
        """Where family ``fam``'s line of descent is, when the block fixed it."""
        return self.drops[fam] + self.off

    def shift(self, dx: float) -> None:
        """Move everything in the block by ``dx``."""
        self.off += dx

    def place(self, node: int, x: float, *, level: int, half: float) -> None:
        """Put ``node`` at ``x``, occupying ``[x - half, x + half]`` on ``level``."""
        self.pos[node] = x - self.off
        self.extend(level, x - half, x + half)

    def set_drop(self, fam: int, x: float) -> None:
        """Fix where family ``fam``'s line of descent runs."""
        self.drops[fam] = x - self.off

    def extend(self, level: int, a: float, b: float) -> None:
        """Occupy ``[a, b]`` (absolute) on ``level`` too."""
        a -= self.off
        b -= self.off
        if level < self.upper:
            self.upper = level
        lo = self.lo.get(level)
        if lo is None:
            self.lo[level] = a
            self.hi[level] = b
        else:
            if a < lo:
                self.lo[level] = a
            if b > self.hi[level]:
                self.hi[level] = b

    def extent(self, level: int) -> tuple[float, float] | None:
        """``(lo, hi)`` on ``level`` (absolute), or ``None`` when empty there."""
        lo = self.lo.get(level)
        if lo is None:
            return None
        return lo + self.off, self.hi[level] + self.off

    def levels(self) -> list[int]:
        """The levels the block occupies."""
        return list(self.lo)

    def levels_above(self, level: int) -> list[int]:
        """The levels the block occupies up to ``level`` (included), top first: cheap
        when few are, however deep the block reaches down."""
        return [lv for lv in range(self.upper, level + 1) if lv in self.lo]


def merge(a: Block | None, b: Block | None) -> Block:
    """One block with everything in ``a`` and ``b`` where they stand (the larger is reused)."""
    if a is None:
        return b if b is not None else Block()
    if b is None:
        return a
    if len(a) < len(b):
        a, b = b, a
    a.rise_left = a.rise_right = None  # a sibship's own, lost once it joins more
    d = b.off - a.off
    for node, v in b.pos.items():
        a.pos[node] = v + d
    for fam, v in b.drops.items():
        a.drops[fam] = v + d
    alo, ahi = a.lo, a.hi
    if b.upper < a.upper:
        a.upper = b.upper
    for level, lo in b.lo.items():
        hi = b.hi[level] + d
        lo += d
        old = alo.get(level)
        if old is None:
            alo[level] = lo
            ahi[level] = hi
        else:
            if lo < old:
                alo[level] = lo
            if hi > ahi[level]:
                ahi[level] = hi
    return a


def mirror(b: Block | None) -> Block | None:
    """The block reflected about x = 0 (left and right swapped), in place."""
    if b is None:
        return None
    b.pos = {k: -v for k, v in b.pos.items()}
    b.drops = {k: -v for k, v in b.drops.items()}
    b.lo, b.hi = {k: -v for k, v in b.hi.items()}, {k: -v for k, v in b.lo.items()}
    left, right = b.rise_left, b.rise_right
    b.rise_left = {k: -v for k, v in right.items()} if right is not None else None
    b.rise_right = {k: -v for k, v in left.items()} if left is not None else None
    b.off = -b.off  # ``upper`` is unchanged
    return b


def need(left: Block, right: Block, below: int | None = None,
         above: int | None = None) -> float:
    """The smallest shift of ``right`` that puts it right of ``left`` on every level.

    ``below`` / ``above`` restrict this to the levels greater than / at most
    the given one. ``-inf`` when the blocks share no level.
    """
    best = -math.inf
    small, big = (left.lo, right.lo) if len(left.lo) <= len(right.lo) else (right.lo, left.lo)
    lhi, rlo = left.hi, right.lo
    base = left.off - right.off
    for level in small:
        if level not in big:
            continue
        if (below is not None and level <= below) or (above is not None and level > above):
            continue
        v = lhi[level] - rlo[level] + separation(level)
        if v > best:
            best = v
    return best + base if best > -math.inf else best
