"""Stage 2, order and placement: the family graph walked and packed into blocks.

The graph of a :class:`~._structure.Drawing` is walked from a canonical root.
A couple's children stand side by side in birth order under the couple; a
partner who has parents of their own brings their whole family as a block on
the outer side, standing at the near end of their own sibship; a person with
several partners stands between the first and the others (the later ones
behind a raised relationship line). Blocks are packed against each other's
contours (:mod:`._blocks`), so a pedigree without loops is drawn without
crossing lines.

Where the family graph cannot be drawn like that, the walk stops with a
:class:`Conflict` naming a partner to draw twice (a copy next to the partner,
the original with their own family), and starts again. A couple that closes a
loop (first cousins) is, depending on the choice being tried, either drawn
twice in the same way, or laid out last: both partners where their own
families put them, their children right under them, everything to the right
of the line of descent moving right to make room.

Every choice made on a loop is recorded (:attr:`Builder.choices`) so that the
search (:mod:`._search`) can try the opposite. The walk is iterative (each
step is a generator run by :meth:`Builder.run`), so the depth of a pedigree is
limited by memory only.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

from ...model import Sex
from ._blocks import Block, merge, mirror, need, separation
from ._structure import Drawing

__all__ = ["Builder", "Conflict", "Replay", "fallback"]

STRETCH = 3.0  # a relationship line grows at most this much to centre the children
DROP_HALF = 0.25  # room kept on each side of a line of descent passing between people
CLEAR = 0.3  # between a line of descent and a neighbouring label

Step = Generator[Any, Any, Any]


class Conflict(Exception):
    """The walk cannot place this partner's family without crossing lines:
    ``cut`` = (family, person) to draw as a copy."""

    def __init__(self, cut: tuple[int, int]) -> None:
        super().__init__(cut)
        self.cut = cut


class _Attach:
    """A partner's family brought in through couple ``fam`` (a linked list outward)."""

    __slots__ = ("fam", "node", "parent")

    def __init__(self, fam: int, node: int, parent: _Attach | None) -> None:
        self.fam = fam
        self.node = node
        self.parent = parent


class Replay:
    """Decisions that depend on widths, recorded by one placement to be repeated
    by another with different widths (so that both keep the same order).

    (A plain class, not a dataclass: cheaper to create at import, which the risk
    table pays for its numbers.)
    """

    __slots__ = ("gaps", "right")

    def __init__(self) -> None:
        self.gaps: dict[int, tuple[int, int] | None] = {}
        self.right: dict[int, frozenset[int]] = {}


class Builder:
    """One walk over a drawing, trying the choices named in ``flips``."""

    def __init__(self, d: Drawing, flips: frozenset[tuple[Any, ...]] = frozenset(),
                 replay: Replay | None = None) -> None:
        self.d = d
        self.flips = flips
        self.choices: list[tuple[Any, ...]] = []
        self.deferred: list[int] = []
        self.handled: set[int] = set()
        self.placed: set[int] = set()
        self.via: dict[int, _Attach | None] = {}
        self.attach: _Attach | None = None
        self.record = replay is None
        self.drops: dict[int, float] = {}
        self.replay = replay if replay is not None else Replay()

    # -- the driver -------------------------------------------------------------

    @staticmethod
    def run(step: Step) -> Any:
        """Run a generator-based step to the end, sub-steps included, without recursion."""
        stack = [step]
        value: Any = None
        while True:
            try:
                sub = stack[-1].send(value)
            except StopIteration as stop:
                stack.pop()
                if not stack:
                    return stop.value
                value = stop.value
                continue
            stack.append(sub)
            value = None

    def flip(self, key: tuple[Any, ...]) -> bool:
        """Record a choice on a loop; True when this walk inverts it."""
        if key not in self.choices:
            self.choices.append(key)
        return key in self.flips

    # -- helpers ----------------------------------------------------------------

    def _single(self, p: int) -> Block:
        blk = Block()
        blk.place(p, 0.0, level=2 * self.d.row[p], half=self.d.half[p])
        self.placed.add(p)
        self.via[p] = self.attach
        return blk

    def _closes_loop(self, p: int, k: int) -> bool:
        """Couple ``k`` of ``p`` joins two parts already joined otherwise (a loop).

        A partner who is a sibling of ``p`` (not a twin) is placed right next to
        ``p`` instead.
        """
        d = self.d
        q = d.other(k, p)
        if q is None:
            return False
        if q in self.placed:
            return True
        if (d.birth[q] >= 0 and d.birth[q] == d.birth[p]
                and d.twins[p] is None and d.twins[q] is None):
            if (k, q) not in d.bridges:  # siblings, on another loop too
                self.flip(("dup", k, d.person[q]))
            return False
        return (k, q) not in d.bridges

    def _brings(self, q: int | None) -> bool:
        """Partner ``q`` will come with their own family."""
        if q is None or q in self.placed:
            return False
        b = self.d.birth[q]
        return b >= 0 and b not in self.handled and b not in self.deferred

    def _wants(self, c: int, siblings: set[int]) -> str | None:
        """Which end of the sibship ``c`` should stand at to meet a partner."""
        d = self.d
        want = None
        for k in d.own[c]:
            if k in self.handled:
                continue
            q = d.other(k, c)
            if q is None or q in siblings:
                continue
            if q in self.placed:
                return "left"  # laid out already, so to the left
            if (k, q) not in d.bridges:
                want = "right"  # will be laid out later, to the right
            elif want is None and self._brings(q):
                want = "either"
        return want

    def _outermost(self, blk: Block, start: _Attach | None, level: int,
                   side: int | None = None, x: float = 0.0) -> tuple[int, int] | None:
        """The family attached inside ``blk`` (below ``start``) that reaches
        ``level`` (on the given side of ``x``): the one to draw apart."""
        best: tuple[int, int] | None = None
        best_row = math.inf
        for node, rel in blk.pos.items():
            if 2 * self.d.row[node] > level:
                continue
            if side is not None and (rel + blk.off - x) * side <= 0:
                continue
            rec = self.via.get(node)
            outer = None
            while rec is not None and rec is not start:
                outer = rec
                rec = rec.parent
            if outer is None:
                continue
            row = self.d.row[node]
            if row < best_row:
                best_row = row
                best = (outer.fam, self.d.person[outer.node])
        return best

    # -- the walk ---------------------------------------------------------------

    def person(self, p: int, free: frozenset[str],
               blocked: frozenset[str] = frozenset()) -> Step:
        """``p`` with all their (not yet laid out) couples, children and in-laws.

        ``free``: the sides where nothing stands beyond ``p`` (the ends of their
        sibship); ``blocked``: the sides where no partner may stand (taken by the
        partner who reached ``p``, or by a twin).
        """
        d = self.d
        blk = self._single(p)
        fams = []
        for k in d.own[p]:
            if k in self.handled or k in self.deferred:
                continue
            if self._closes_loop(p, k):
                q = d.other(k, p)
                assert q is not None
                self.flip(("dup", k, d.person[q]))
                self.deferred.append(k)
            else:
                fams.append(k)
        self.handled.update(fams)
        if not fams:
            return blk
        lefts, rights = self._sides(p, fams, free, blocked)
        for n, k in enumerate(lefts):
            kids = yield self.sibship(k, None, None)
            q = d.other(k, p)
            if q is None:  # a single parent's connector, to the left
                blk = self.compose_left_single(k, kids, blk, p)
                continue
            part = yield self.partner(q, k, "right")
            if n == 0:
                blk = self.compose(part, q, k, kids, blk, p)
            else:  # the mirror image of a raised line to the right
                out = self.compose_raised(mirror(blk), p, k, mirror(kids),  # type: ignore[arg-type]
                                          mirror(part), q)
                blk = mirror(out)  # type: ignore[assignment]
        for n, k in enumerate(rights):
            kids = yield self.sibship(k, None, None)
            q = d.other(k, p)
            part = yield self.partner(q, k, "left")
            if n == 0 or q is None:
                blk = self.compose(blk, p, k, kids, part, q)
            else:
                blk = self.compose_raised(blk, p, k, kids, part, q)
        return blk

    def _sides(self, p: int, fams: list[int], free: frozenset[str], blocked: frozenset[str],
               ) -> tuple[list[int], list[int]]:
        """Which couples of ``p`` stand on the left and the right (inner first).

        A partner who brings a family stands outermost, on a free side (the end
        of ``p``'s sibship); a single parent's connector goes first; when a
        partner who reached ``p`` blocks one side, everything goes to the other.
        """
        d = self.d
        if len(blocked) == 2:  # between twins: drawn again next to the partner instead
            raise Conflict((fams[0], d.person[p]))
        if blocked:
            side = "left" if "right" in blocked else "right"
            single = [k for k in fams if d.other(k, p) is None]
            brg = [k for k in fams if self._brings(d.other(k, p))]
            plain = [k for k in fams if k not in brg and k not in single]
            room = 1 if side in free else 0
            if len(brg) > room:
                k = brg[room]
                q = d.other(k, p)
                assert q is not None
                raise Conflict((k, d.person[q]))
            order = single + plain + brg
            return (order, []) if side == "left" else ([], order)
        if len(fams) == 1:
            (k,) = fams
            q = d.other(k, p)
            if self._brings(q) and not free:
                assert q is not None
                raise Conflict((k, d.person[q]))
            return ([k], []) if self._side(p, k, free) == "left" else ([], [k])
        single = [k for k in fams if d.other(k, p) is None]
        brg = [k for k in fams if self._brings(d.other(k, p))]
        plain = [k for k in fams if k not in brg and k not in single]
        slots = [s for s in ("left", "right") if s in free]
        if len(brg) > len(slots):
            k = brg[len(slots)]
            q = d.other(k, p)
            assert q is not None
            raise Conflict((k, d.person[q]))
        left: list[int] = []
        right: list[int] = []
        first_left = len(brg) == 2 or (len(brg) == 1 and (
            slots == ["left"] or (len(slots) == 2 and fams.index(brg[0]) == 0)))
        if first_left:
            left.append(brg[0])
        outer_right = [k for k in brg if k not in left]
        left_ok = not left and ("left" in free or not free)
        if single and left_ok:  # the connector of a single parent to the left
            left += single
            left_ok = False
        else:
            right += single
        for k in plain:
            if left_ok:
                left.append(k)
                left_ok = False
            else:
                right.append(k)
        right += outer_right
        return left, right

    def _side(self, p: int, k: int, free: frozenset[str]) -> str:
        d = self.d
        q = d.other(k, p)
        if q is None:  # a single parent: the connector always goes right
            return "right"
        if self._brings(q) or (q in self.placed):
            if len(free) != 1 and (p in d.looped or q in d.looped) \
                    and self.flip(("side", k)):
                return "left"
            if "right" in free or not free:
                return "right"
            return "left"
        if len(free) == 1:
            return next(iter(free))
        sex = d.ped.individuals[d.person[q]].sex
        return "left" if sex is Sex.MALE else "right"

    def partner(self, q: int | None, k: int, toward: str) -> Step:
        """Partner ``q`` of couple ``k``, standing with the other partner on ``toward``."""
        if q is None or q in self.placed:
            return None
        far = frozenset({"left" if toward == "right" else "right"})
        near = "right" if toward == "right" else "left"
        if self._brings(q):
            self.attach = _Attach(k, q, self.attach)
            try:
                blk = yield self.family(self.d.birth[q], q, toward)
            finally:
                self.attach = self.attach.parent
            return blk
        return (yield self.person(q, far, frozenset({near})))

    def family(self, k: int, q: int, toward: str) -> Step:
        """The family ``q`` comes from, with ``q`` at the ``toward`` end of the sibship."""
        d = self.d
        self.handled.add(k)
        order = list(d.children[k])
        group = [q]
        if d.twins[q] is not None:
            group = [i for i in order if i in (d.twins[q] or ())]
        rest = [i for i in order if i not in group]
        near = toward
        if q in d.looped and rest and self.flip(("far", k)):
            # q at the far end, siblings on loops at the near one
            near = "left" if toward == "right" else "right"
            rest = self._ends(rest)
        if near == "right":
            new = rest + [i for i in group if i != q] + [q]
        else:
            new = [q] + [i for i in group if i != q] + rest
        kids = yield self.sibship(k, new, q, toward)
        parents = d.parents[k]
        if len(parents) == 1:
            (a,) = parents
            part = yield self.partner(a, k, toward)
            return self.compose(part, a, k, kids, None, None)
        a, b = parents

        # a parent whose own family is still to be laid out goes on the far side,
        # one whose family is laid out already (a loop) on the near side
        def far(i: int) -> int:
            if d.birth[i] < 0:
                return 0
            return 1 if self._brings(i) else -1

        fa, fb = far(a), far(b)
        if fa != fb:
            left, right = (a, b) if (fa > fb) == (toward == "right") else (b, a)
        else:
            male = d.ped.individuals[d.person[a]].sex is Sex.MALE
            left, right = (a, b) if male else (b, a)
            if (a in d.looped or b in d.looped) and self.flip(("parents", k)):
                left, right = right, left
        lpart = yield self.partner(left, k, "right")
        rpart = yield self.partner(right, k, "left")
        return self.compose(lpart, left, k, kids, rpart, right)

    def sibship(self, k: int, order: list[int] | None, q: int | None,
                toward: str | None = None) -> Step:
        """The children of couple ``k`` side by side (``q`` forced to one end)."""
        d = self.d
        if order is None:
            order = self._ends(self._gather(k, list(d.children[k])))
        todo = [c for c in order if c not in self.placed]
        top = min((d.row[c] for c in d.children[k]), default=0)
        prow = max((d.row[p] for p in d.parents[k]), default=top - 1)
        start = self.attach
        blk: Block | None = None
        last = len(todo) - 1
        rising: list[tuple[Block, int, float, bool, bool]] = []
        for n, c in enumerate(todo):
            if c in self.placed:
                continue  # laid out meanwhile, with a partner
            free = set()
            if n == 0:
                free.add("left")
            if n == last:
                free.add("right")
            blocked = set()
            twins = d.twins[c]
            if twins is not None:  # a partner never stands between twins
                members = [i for i in todo if i in twins]
                if len(members) > 1:
                    if c != members[0]:
                        free.discard("left")
                        blocked.add("left")
                    if c != members[-1]:
                        free.discard("right")
                        blocked.add("right")
            if c == q and toward is not None:  # the partner who reached q stands there
                free = set()
                blocked.add(toward)
            cb = yield self.person(c, frozenset(free), frozenset(blocked))
            x = cb.x(c)
            if last > 0:
                self._check_ends(cb, c, start, top, x, n == 0, n == last)
            if d.row[c] > top:  # a long individual line, down through rows
                for level in range(2 * top, 2 * d.row[c]):
                    cb.extend(level, x - DROP_HALF, x + DROP_HALF)
            if blk is None:
                blk = cb
            else:
                dx = need(blk, cb)
                cb.shift(dx if dx > -math.inf else fallback(blk, cb))
                blk = merge(blk, cb)
            if n in (0, last) and cb.upper <= 2 * prow:
                rising.append((cb, c, cb.x(c), n == 0, n == last))
        if blk is not None:
            self._rising(blk, rising, prow)
        return blk

    def _rising(self, blk: Block, rising: list[tuple[Block, int, float, bool, bool]],
                prow: int) -> None:
        """Note on a sibship's block where its end children's in-laws rise to the
        parents' rows, left and right, so that the parents can stand between."""
        left: dict[int, float] = {}
        right: dict[int, float] = {}
        for cb, _, x, first, last in rising:
            for level in cb.levels_above(2 * prow):
                ext = cb.extent(level)
                assert ext is not None
                lo, hi = ext
                if first and (not last or hi <= x + 1e-9):
                    left[level] = max(left.get(level, -math.inf), hi)
                elif last and (not first or lo >= x - 1e-9):
                    right[level] = min(right.get(level, math.inf), lo)
                else:  # an only child with in-laws on both sides at one level: unknown
                    return
        blk.rise_left = {lv: v - blk.off for lv, v in left.items()}
        blk.rise_right = {lv: v - blk.off for lv, v in right.items()}

    def _check_ends(self, cb: Block, c: int, start: _Attach | None, top: int, x: float,
                    first: bool, last: bool) -> None:
        """A sibling's in-law family may rise above the sibship line only at an end,
        on the outer side (else its lines would cross the sibship line)."""
        level = 2 * top - 1
        for lv in cb.levels_above(level):
            lo, hi = cb.extent(lv) or (x, x)
            bad_left = lo < x - 1e-9 and not first
            bad_right = hi > x + 1e-9 and not last
            if bad_left or bad_right:
                cut = self._outermost(cb, start, level, -1 if bad_left else 1, x)
                if cut is not None:
                    raise Conflict(cut)

    def _gather(self, k: int, order: list[int]) -> list[int]:
        """Siblings on loops side by side, when this walk chooses so."""
        d = self.d
        on_loop = [c for c in order if c in d.looped and c not in self.placed]
        if len(on_loop) < 2:
            return order
        pos = [order.index(c) for c in on_loop]
        if pos[-1] - pos[0] == len(on_loop) - 1 or not self.flip(("gather", k)):
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
            if w is not None and c in self.d.looped and self.flip(("ends", c)):
                w = "right" if w == "left" else "left"
            if w == "left":
                lefts.append(c)
            elif w == "right":
                rights.append(c)
            else:
                middle.append(c)
        return self._keep_twins(lefts + middle + rights)

    def _keep_twins(self, order: list[int]) -> list[int]:
        d = self.d
        seen: set[tuple[int, ...]] = set()
        for c in list(order):
            group = d.twins[c]
            if group is None or group in seen:
                continue
            seen.add(group)
            members = [m for m in group if m in order]
            pos = sorted(order.index(m) for m in members)
            if not pos or pos[-1] - pos[0] == len(members) - 1:
                continue
            rest = [i for i in order if i not in members]
            ordered = sorted(members, key=order.index)
            order = rest[:pos[0]] + ordered + rest[pos[0]:]
        return order

    # -- composition -------------------------------------------------------------

    def _span(self, k: int, kids: Block) -> tuple[float, float] | None:
        """Where the children's individual lines meet the sibship line (absolute)."""
        d = self.d
        xs = [self._stub_x(c, kids) for c in d.children[k] if c in kids.pos]
        if not xs:
            return None
        return min(xs), max(xs)

    def _stub_x(self, c: int, blk: Block) -> float:
        twins = self.d.twins[c]
        if twins is not None:
            members = [m for m in twins if m in blk.pos]
            return sum(blk.x(m) for m in members) / len(members)
        return blk.x(c)

    def _gap(self, a: int, b: int | None, k: int) -> float:
        d = self.d
        if b is None:
            return d.half[a]
        if d.children[k]:
            return 2 * max(d.half[a], d.half[b])  # the line of descent clears both labels
        return d.half[a] + d.half[b]

    def compose(self, left: Block | None, a: int, k: int, kids: Block | None,
                right: Block | None, b: int | None) -> Block:
        """Join partner ``a`` (in ``left``) and ``b`` (in ``right``) over their children.

        The children are centred under the middle of the relationship line,
        which grows (by up to :data:`STRETCH`) when the blocks need room; beyond
        that the line of descent just reaches into the children's span.
        ``b is None`` is a single parent, whose short connector ends where the
        line of descent starts.
        """
        d = self.d
        if left is None or a not in left.pos:
            # the partner was laid out elsewhere (a loop): pack what is left
            out: Block | None = None
            for part in (left, kids, right):
                if part is not None:
                    if out is not None:
                        dx = need(out, part)
                        part.shift(dx if dx > -math.inf else fallback(out, part))
                    out = merge(out, part)
            assert out is not None
            return out
        single = b is None
        xa = left.x(a)
        if not single:  # nothing may stand between the partners, or rise above there
            self._clear_right_of(left, a, xa)
        gap = self._gap(a, b, k)
        row = d.row[a] if single else max(d.row[a], d.row[b])  # type: ignore[index]
        span = self._span(k, kids) if kids is not None else None
        drop = xa + (gap if single else gap / 2)
        # the children's in-laws rising to this row stand outside the parents, when
        # the sibship knows which side each rises on; else all must be right of `left`
        rise_l = kids.rise_left if kids is not None else None
        rise_r = kids.rise_right if kids is not None else None
        known = rise_l is not None and rise_r is not None
        if kids is not None and span is not None:
            lo, hi = span
            t_min = need(left, kids, below=2 * row) if known else need(left, kids)
            t_max = math.inf
            for level, v in (rise_l or {}).items():
                ext = left.extent(level)
                if ext is not None:
                    t_max = min(t_max, ext[0] - separation(level) - (v + kids.off))
            t = drop - (lo + hi) / 2
            if t > t_max:  # pulled left by an in-law family rising on the left
                t = t_max
            if t_min > t:
                t = t_min
                centre = (lo + hi) / 2 + t
                if centre - drop <= STRETCH:
                    drop = centre
                else:
                    drop = max(drop, lo + t + min(1.0, (hi - lo) / 2))
            if t > t_max + 1e-9 or drop > hi + t + 1e-9:
                cut = self._outermost(kids, self.attach, 2 * row, -1, lo + t)
                if cut is not None:
                    raise Conflict(cut)
            kids.shift(t)
        elif kids is not None:
            t = need(left, kids)
            if t > -math.inf:
                kids.shift(t)
        xb = drop if single else 2 * drop - xa
        if right is not None and b is not None:
            right.shift(xb - right.x(b))
            delta = max(0.0, need(left, right))
            if kids is not None and span is not None:
                kr = need(kids, right, below=2 * row)
                if kr > -math.inf:
                    delta = max(delta, 2 * kr)
            if delta > 0:
                right.shift(delta)
                if kids is not None:
                    kids.shift(delta / 2)
                drop += delta / 2
                xb += delta
            if kids is not None:
                # the children's in-laws rising to the parents' row on the right must
                # stay right of the right partner's block
                if known:
                    clash = max((ext[1] + separation(level) - (v + kids.off)
                                 for level, v in (rise_r or {}).items()
                                 if (ext := right.extent(level)) is not None), default=0.0)
                else:
                    clash = need(right, kids, above=2 * row)
                now = self._span(k, kids)
                if clash > 1e-9 and now is not None and now[0] + clash <= drop + 1e-9:
                    kids.shift(clash)  # room enough: the line of descent still lands on them
                    if need(kids, right, below=2 * row) <= 1e-9:
                        clash = 0.0
                    else:
                        kids.shift(-clash)
                if clash > 1e-9:
                    last = now[1] if now is not None else xb  # the rightmost child
                    cut = self._outermost(kids, self.attach, 2 * row, 1 if known else None,
                                          last)
                    if cut is not None:
                        raise Conflict(cut)
                    kids.shift(clash)
        if single and kids is not None:
            self._clear_of_connector(kids, row, xb + 0.25, 1)
        out = merge(left, kids)
        if right is not None:
            out = merge(out, right)
        if single:
            out.extend(2 * row, xa, xb + 0.25)
        else:
            out.extend(2 * row, xa, xb)
        out.set_drop(k, drop)
        if span is not None:
            self._descent_room(out, k, drop, row)
        return out

    def compose_left_single(self, k: int, kids: Block | None, blk: Block, p: int) -> Block:
        """A single parent ``p`` (in ``blk``) whose connector goes left, over their
        children: the mirror image of :meth:`compose` for a single parent."""
        d = self.d
        xp = blk.x(p)
        row = d.row[p]
        drop = xp - d.half[p]
        span = self._span(k, kids) if kids is not None else None
        if kids is not None and span is not None:
            lo, hi = span
            t = drop - (lo + hi) / 2
            t_max = -need(kids, blk)  # the children stay left of the parent's block
            if t > t_max:
                t = t_max
                centre = (lo + hi) / 2 + t
                if drop - centre <= STRETCH:
                    drop = centre
                else:
                    drop = min(drop, hi + t - min(1.0, (hi - lo) / 2))
            kids.shift(t)
        elif kids is not None:
            t = need(kids, blk)
            if t > -math.inf:
                kids.shift(-t)
        if kids is not None:
            self._clear_of_connector(kids, row, drop - 0.25, -1)
        out = merge(blk, kids)
        out.extend(2 * row, drop - 0.25, xp)
        out.set_drop(k, drop)
        if span is not None:
            self._descent_room(out, k, drop, row)
        return out

    def _clear_right_of(self, left: Block, a: int, xa: float) -> None:
        """Nothing that rises from below (a child's in-laws) may stand right of
        ``a`` on their row or above, where the partner on the right will stand."""
        d = self.d
        row = d.row[a]
        for level in left.levels_above(2 * row):
            ext = left.extent(level)
            assert ext is not None
            limit = xa + (d.half[a] if level == 2 * row else 0.0) + 1e-9
            if ext[1] > limit:
                cut = self._outermost(left, self.attach, 2 * row, 1, xa)
                if cut is not None:
                    raise Conflict(cut)

    def _clear_of_connector(self, kids: Block, row: int, end: float, side: int) -> None:
        """The children's in-laws rising to a single parent's row must stand beyond
        the end of the parent's connector (``side`` 1: it goes right)."""
        for level in kids.levels_above(2 * row):
            ext = kids.extent(level)
            assert ext is not None
            if (ext[0] < end) if side > 0 else (ext[1] > end):
                cut = self._outermost(kids, self.attach, 2 * row)
                if cut is not None:
                    raise Conflict(cut)

    def compose_raised(self, left: Block, a: int, k: int, kids: Block | None,
                       right: Block | None, b: int) -> Block:
        """Join ``a`` (with their inner partners, in ``left``) and an outer partner
        ``b``: the relationship line is raised over the inner ones, and the line of
        descent drops just inside ``b``, between ``b`` and the inner partners."""
        d = self.d
        row = d.row[a]
        xa = left.x(a)
        for level in left.levels_above(2 * row - 1):  # nothing under the raised line rises
            ext = left.extent(level)
            if ext is not None and ext[1] > xa + 1e-9:
                cut = self._outermost(left, self.attach, 2 * row - 1, 1, xa)
                if cut is not None:
                    raise Conflict(cut)
        ext = left.extent(2 * row)
        inner = ext[1] if ext is not None else xa
        drop = inner + DROP_HALF + 1e-6
        span = self._span(k, kids) if kids is not None else None
        if kids is not None and span is not None:
            lo, hi = span
            t = max(drop - (lo + hi) / 2, need(left, kids))
            kids.shift(t)
            lo, hi = lo + t, hi + t
            drop = max(drop, min((lo + hi) / 2, hi))
            if drop > hi + 1e-9:  # pragma: no cover - the children follow the drop
                drop = hi
        xb = drop + DROP_HALF + d.half[b]
        if right is not None:
            right.shift(xb - right.x(b))
            delta = max(0.0, need(left, right))
            if kids is not None:
                kr = need(kids, right, below=2 * row)
                if kr > -math.inf:
                    delta = max(delta, kr)
                clash = need(right, kids, above=2 * row)
                if clash > 1e-9:
                    cut = self._outermost(kids, self.attach, 2 * row)
                    if cut is not None:
                        raise Conflict(cut)
            right.shift(delta)
            xb += delta
        out = merge(left, kids)
        if right is not None:
            out = merge(out, right)
        else:
            out.place(b, xb, level=2 * row, half=d.half[b])
        out.extend(2 * row, drop - DROP_HALF, drop + DROP_HALF)
        out.extend(2 * row - 1, left.x(a), xb)  # the raised line, above the row
        out.set_drop(k, drop)
        if span is not None:
            self._descent_room(out, k, drop, row)
        return out

    def _descent_room(self, blk: Block, k: int, drop: float, row: int) -> None:
        """Keep room for the couple's lines below: the sibship line in the gap over
        the children, and a long line of descent down through rows between."""
        d = self.d
        kids = [c for c in d.children[k] if c in blk.pos]
        if not kids:
            return
        top = min(d.row[c] for c in kids)
        xs = [self._stub_x(c, blk) for c in kids]
        blk.extend(2 * top - 1, min([*xs, drop]), max([*xs, drop]))
        for level in range(2 * row + 1, 2 * top - 1):
            blk.extend(level, drop - DROP_HALF, drop + DROP_HALF)


def fallback(left: Block, right: Block) -> float:
    """A shift that puts ``right`` entirely right of ``left`` (when they share no level)."""
    lhs = [left.extent(lv) for lv in left.levels()]
    rhs = [right.extent(lv) for lv in right.levels()]
    if not lhs or not rhs:
        return 0.0
    return max(e[1] for e in lhs if e) - min(e[0] for e in rhs if e) + separation(1)
