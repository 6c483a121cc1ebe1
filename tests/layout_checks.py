"""The hard rules of a pedigree drawing, as checks over a Layout
(C1-C24, listed in docs/drawing.md).

Each ``check_*`` function asserts one rule and is independent of the layout's
own code (it reads only the finished :class:`~xlinked.draw.Layout`). They run
on every example, on the hard-pedigree corpus (tests/data/hard) and on
hypothesis-generated pedigrees (test_draw_layout.py, test_draw_hard.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from xlinked import Pedigree
from xlinked.draw import Layout
from xlinked.draw.numbering import roman

EPS = 1e-6


# --------------------------------------------------------------------------- helpers


def fam_key(ped: Pedigree, pid: str) -> str | None:
    p = ped[pid]
    parents = sorted(x for x in (p.mother, p.father) if x)
    if not parents:
        return None
    return "+".join(parents) if len(parents) == 2 else f"{parents[0]}+?"


def rows_of(lay: Layout) -> dict[tuple[int, int], list]:
    """(family, row) -> its nodes (copies included), left to right."""
    out: dict[tuple[int, int], list] = {}
    for n in lay.nodes:
        out.setdefault((n.family, n.row), []).append(n)
    return {r: sorted(ns, key=lambda n: n.x) for r, ns in out.items()}


def couple_nodes(lay: Layout, c) -> tuple:
    """The two nodes a couple's relationship line joins (either may be a duplicate):
    found from the line itself, and checked to be one of each partner, on one row."""
    segs = [s for s in lay.segments if s.owner == c.owner and s.kind == "marriage"]
    assert segs, c
    lo = min(min(s.x0, s.x1) for s in segs)
    hi = max(max(s.x0, s.x1) for s in segs)
    y = max(max(s.y0, s.y1) for s in segs)
    ends = []
    for x, side in ((lo, -1), (hi, 1)):
        near = [n for n in (*lay.copies(c.left), *lay.copies(c.right))
                if abs(n.x - x - side * 0.5) < 0.45 and -0.6 < n.y - y < 0.6]
        assert len(near) == 1, (c, near)
        ends.append(near[0])
    a, b = ends
    assert {a.id, b.id} == {c.left, c.right}, c
    assert a.family == b.family and a.row == b.row, f"C4: {c.owner} on two rows"
    return a, b


def segment_hits_box(s, box) -> bool:
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


def crossing(a, b) -> bool:
    """Proper intersection of two segments (touching ends do not count)."""

    def orient(px, py, qx, qy, rx, ry):
        v = (qx - px) * (ry - py) - (qy - py) * (rx - px)
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    o1 = orient(a.x0, a.y0, a.x1, a.y1, b.x0, b.y0)
    o2 = orient(a.x0, a.y0, a.x1, a.y1, b.x1, b.y1)
    o3 = orient(b.x0, b.y0, b.x1, b.y1, a.x0, a.y0)
    o4 = orient(b.x0, b.y0, b.x1, b.y1, a.x1, a.y1)
    return o1 * o2 < 0 and o3 * o4 < 0


def lines(lay: Layout) -> list:
    """The lines that count for crossings: not the // marks, not the dashed curves."""
    return [s for s in lay.segments if s.kind not in ("separation", "duplicate")]


def count_crossings(lay: Layout) -> int:
    """C11: proper crossings between lines of different couples (all pairs)."""
    segs = lines(lay)
    return sum(1 for i, a in enumerate(segs) for b in segs[i + 1:]
               if a.owner != b.owner and crossing(a, b))


def count_curve_crossings(lay: Layout) -> int:
    """Lines crossed by the dashed curves joining copies: each curve is its chain of
    pieces, and crosses a line where a piece does or where it passes through the
    line at a joint between two pieces."""
    curves: list[list[tuple[float, float]]] = []
    last = None
    for s in lay.segments:
        if s.kind != "duplicate":
            continue
        if not curves or s.owner != last or curves[-1][-1] != (s.x0, s.y0):
            curves.append([(s.x0, s.y0)])
        curves[-1].append((s.x1, s.y1))
        last = s.owner
    segs = lines(lay)

    def side(s, p) -> int:
        v = (s.x1 - s.x0) * (p[1] - s.y0) - (s.y1 - s.y0) * (p[0] - s.x0)
        return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)

    def inside(s, p) -> bool:
        lo_x, hi_x = sorted((s.x0, s.x1))
        lo_y, hi_y = sorted((s.y0, s.y1))
        return (side(s, p) == 0 and lo_x - 1e-9 <= p[0] <= hi_x + 1e-9
                and lo_y - 1e-9 <= p[1] <= hi_y + 1e-9
                and p not in ((s.x0, s.y0), (s.x1, s.y1)))

    total = 0
    for pts in curves:
        box = (min(p[0] for p in pts), min(p[1] for p in pts),
               max(p[0] for p in pts), max(p[1] for p in pts))
        near = _near(segs, box[0], box[2], box[1], box[3],
                     lambda s: (min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1),
                                max(s.y0, s.y1)))
        for s in near:
            for a, b in zip(pts, pts[1:], strict=False):
                piece = type(s)(a[0], a[1], b[0], b[1], "duplicate", "")
                total += crossing(piece, s)
            for a, v, b in zip(pts, pts[1:], pts[2:], strict=False):
                total += inside(s, v) and side(s, a) * side(s, b) < 0
    return total


def boxes_overlap(a, b, eps: float = EPS) -> bool:
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


def _near(items: Iterable, x0: float, x1: float, y0: float, y1: float, box) -> list:
    return [i for i in items if box(i)[2] >= x0 and box(i)[0] <= x1
            and box(i)[3] >= y0 and box(i)[1] <= y1]


# --------------------------------------------------------------------------- checks


def check_everyone_drawn(ped: Pedigree, lay: Layout) -> None:
    """C1 + C2: everyone drawn once as an original; each copy joined to it by a curve."""
    originals = [n.id for n in lay.nodes if not n.is_duplicate]
    assert sorted(originals) == sorted(ped.ids)
    arcs = {s.owner for s in lay.segments if s.kind == "duplicate"}
    for n in lay.nodes:
        if n.is_duplicate:
            assert n.id in ped and f"={n.id}" in arcs, n.id
            assert n.number == lay.node(n.id).number


def check_curves_clear(lay: Layout) -> None:
    """C2: the dashed curves joining copies pass through no symbol (they only touch
    the two they join, on top) and through no label, and run along no line."""
    pieces = [s for s in lay.segments if s.kind == "duplicate"]
    upright = [s for s in lines(lay) if abs(s.x0 - s.x1) < EPS]
    flat = [s for s in lines(lay) if abs(s.y0 - s.y1) < EPS]
    def shared(a0: float, a1: float, b0: float, b1: float) -> float:
        return min(max(a0, a1), max(b0, b1)) - max(min(a0, a1), min(b0, b1))

    for s in pieces:
        if abs(s.x0 - s.x1) < EPS:  # no line within 0.05 along an upright piece
            for t in upright:
                assert abs(t.x0 - s.x0) >= 0.05 or shared(s.y0, s.y1, t.y0, t.y1) <= EPS, t
        if abs(s.y0 - s.y1) < EPS:
            for t in flat:
                assert abs(t.y0 - s.y0) >= 0.05 or shared(s.x0, s.x1, t.x0, t.x1) <= EPS, t
        lo_x, hi_x = min(s.x0, s.x1), max(s.x0, s.x1)
        lo_y, hi_y = min(s.y0, s.y1), max(s.y0, s.y1)
        for n in _near(lay.nodes, lo_x, hi_x, lo_y, hi_y, lambda n: n.box):
            assert not segment_hits_box(s, n.box), (s.owner, n.id)
        for b in _near(lay.labels, lo_x, hi_x, lo_y, hi_y, lambda b: (b.x0, b.y0, b.x1, b.y1)):
            assert not segment_hits_box(s, (b.x0, b.y0, b.x1, b.y1)), (s.owner, b.owner)


def check_rows(ped: Pedigree, lay: Layout) -> None:
    """C3: one row per generation, rows strictly increasing, room for labels,
    children below their parents, every family's people in its own panel."""
    for f, fam in enumerate(lay.families):
        assert all(b > a for a, b in zip(fam.rows, fam.rows[1:], strict=False))
        members = [n for n in lay.nodes if n.family == f]
        for n in members:
            assert abs(n.y - fam.rows[n.row]) < EPS
        for r in range(len(fam.rows) - 1):
            here = [n for n in members if n.row == r]
            assert here, f"row {r} of family {f} is empty"
            block = max(len(n.lines) for n in here)
            below = [lab.y1 for n, lab in zip(lay.nodes, lay.labels, strict=True)
                     if n.family == f and n.row == r]
            assert max(below) < fam.rows[r + 1] - 1.0
            assert fam.rows[r + 1] - fam.rows[r] >= 1 + block * 0.42
    for p in ped:
        for parent in (p.mother, p.father):
            if parent:
                assert lay.node(p.id).row > lay.node(parent).row
                assert lay.node(p.id).family == lay.node(parent).family


def check_no_overlap(lay: Layout) -> None:
    """C5: symbols at least one symbol apart; glyphs clear of other symbols."""
    for ns in rows_of(lay).values():
        for a, b in zip(ns, ns[1:], strict=False):
            assert b.x - a.x >= 2.0 - EPS, (a.id, b.id)
    for g in lay.glyphs:
        for n in _near(lay.nodes, g.x0, g.x1, g.y0, g.y1, lambda n: n.box):
            if n.id != g.owner:
                assert not boxes_overlap((g.x0, g.y0, g.x1, g.y1), n.box), (g, n.id)


def check_partners(ped: Pedigree, lay: Layout, strict: bool) -> None:
    """C4 + C6: partners side by side on one row; a raised line exactly when someone
    (or a single parent's connector) stands between them, and (strict: no loops) only
    for people with several partners."""
    rows = rows_of(lay)
    for c in lay.couples:
        if c.right is None:
            continue
        a, b = couple_nodes(lay, c)
        lo, hi = min(a.x, b.x), max(a.x, b.x)
        between = [n.id for n in rows[(a.family, a.row)] if lo < n.x < hi]
        connectors = [s for s in lay.segments if s.kind == "marriage" and s.owner.endswith("+?")
                      and abs(s.y0 - a.y) < EPS and lo < min(s.x0, s.x1) and max(s.x0, s.x1) < hi]
        assert bool(between or connectors) == c.raised, c
        if strict and between:
            many = max(len(ped.partners(c.left)), len(ped.partners(c.right)))
            assert many >= 2, (c, between)


def check_no_line_through_symbol(lay: Layout) -> None:
    """C13: no line enters a symbol (the dashed curves joining copies excepted)."""
    for s in lines(lay):
        near = _near(lay.nodes, min(s.x0, s.x1) - 1, max(s.x0, s.x1) + 1,
                     min(s.y0, s.y1) - 1, max(s.y0, s.y1) + 1, lambda n: n.box)
        for n in near:
            assert not segment_hits_box(s, n.box), (s, n.id)


def check_children_hang(ped: Pedigree, lay: Layout) -> None:
    """C7 + C8: each line of descent starts on its couple's line and lands over the
    children (so it drops straight); each child has one individual line from it."""
    couples = {c.owner: c for c in lay.couples}
    stubs: dict[str, list] = {}
    for s in lay.segments:
        if s.kind == "stub":
            stubs.setdefault(s.owner, []).append(s)
    for sib in lay.sibships:
        c = couples[sib.owner]
        if c.right is not None:
            a, b = couple_nodes(lay, c)
            assert min(a.x, b.x) - EPS <= sib.drop_x <= max(a.x, b.x) + EPS
        drops = [s for s in lay.segments if s.kind == "drop" and s.owner == sib.owner]
        assert drops
        tops = []
        for cid in sib.children:
            assert fam_key(ped, cid) == sib.owner
            n = lay.node(cid)
            mine = [s for s in stubs.get(sib.owner, [])
                    if abs(s.x1 - n.x) < EPS and abs(s.y1 - (n.y - 0.5)) < EPS]
            assert len(mine) == 1, cid
            assert abs(mine[0].y0 - sib.bar_y) < EPS
            tops.append(mine[0].x0)
        assert min(tops) - EPS <= sib.drop_x <= max(tops) + EPS, sib
    every = {fam_key(ped, p.id) for p in ped if fam_key(ped, p.id)}
    assert every == {s.owner for s in lay.sibships}


def check_sibling_order(ped: Pedigree, lay: Layout) -> None:
    """C9: birth order left to right, except siblings flagged as moved."""
    for sib in lay.sibships:
        kids = [ped[c] for c in sib.children if not lay.node(c).moved]
        if len(kids) < 2:
            continue
        twins = {m for g in ped.twins for m in g.members}  # stand together, whatever years
        if all(k.birth_year is not None and k.pregnancy is None for k in kids):
            years = [k.birth_year for k in kids if k.id not in twins]
            assert years == sorted(years), sib
        if all(k.age is None and k.birth_year is None and k.pregnancy is None for k in kids):
            pos = [ped.index[k.id] for k in kids if k.id not in twins]
            assert pos == sorted(pos), sib


def check_twins(ped: Pedigree, lay: Layout) -> None:
    """C10: twins adjacent; MZ joined by a bar, unknown zygosity marked '?'."""
    rows = rows_of(lay)
    for g in ped.twins:
        nodes = [lay.node(m) for m in g.members]
        row = rows[(nodes[0].family, nodes[0].row)]
        idx = sorted(row.index(n) for n in nodes)
        assert idx[-1] - idx[0] == len(nodes) - 1, g
        owner = fam_key(ped, g.members[0])
        stubs = [s for s in lay.segments if s.kind == "stub" and s.owner == owner
                 and any(abs(s.x1 - n.x) < EPS for n in nodes)]
        assert len({round(s.x0, 9) for s in stubs}) == 1  # one apex
        lo, hi = min(n.x for n in nodes), max(n.x for n in nodes)
        bars = [s for s in lay.segments if s.kind == "twin" and s.owner == owner
                and lo < s.x0 < hi]
        marks = [x for x in lay.glyphs if x.kind == "twin?" and x.owner == owner
                 and lo < x.x0 < hi]
        assert bool(bars) == (g.zygosity.value == "MZ")
        assert bool(marks) == (g.zygosity.value == "unknown")


def check_no_collinear_overlap(lay: Layout) -> None:
    """C12: no two families' horizontal lines share a stretch."""
    by_y: dict[float, list] = {}
    for s in lines(lay):
        if abs(s.y0 - s.y1) < EPS:
            by_y.setdefault(round(s.y0, 6), []).append(s)
    for hs in by_y.values():
        for i, a in enumerate(hs):
            for b in hs[i + 1:]:
                if a.owner != b.owner:
                    lo = max(min(a.x0, a.x1), min(b.x0, b.x1))
                    hi = min(max(a.x0, a.x1), max(b.x0, b.x1))
                    assert hi - lo <= EPS, (a, b)


def check_raised_lines_clear(lay: Layout) -> None:
    """Raised relationship lines run clearly apart (>= 0.25) from other families'
    sibship lines, so that neither can be taken for the other."""
    raised = {c.owner: c.line_y for c in lay.couples if c.raised}
    tops = [s for s in lay.segments if s.kind == "marriage" and s.owner in raised
            and abs(s.y0 - s.y1) < EPS and abs(s.y0 - raised[s.owner]) < EPS]
    bars = [s for s in lay.segments if s.kind == "sibship"]
    for t in tops:
        for b in bars:
            if b.owner == t.owner:
                continue
            if min(t.x1, b.x1) > max(t.x0, b.x0) + EPS:
                assert abs(t.y0 - b.y0) >= 0.25 - EPS, (t, b)


def check_labels(lay: Layout) -> None:
    """C15 + C16: labels clear of each other, of symbols and of lines; all in bounds."""
    def box(b):
        return (b.x0, b.y0, b.x1, b.y1)

    segs = lines(lay)
    for i, a in enumerate(lay.labels):
        ab = box(a)
        for b in _near(lay.labels[i + 1:], *ab[::2], *ab[1::2], box):
            assert not boxes_overlap(ab, box(b)), (a.owner, b.owner)
        for n in _near(lay.nodes, *ab[::2], *ab[1::2], lambda n: n.box):
            assert not boxes_overlap(ab, n.box), (a.owner, n.id)
        for s in _near(segs, *ab[::2], *ab[1::2],
                       lambda s: (min(s.x0, s.x1), min(s.y0, s.y1),
                                  max(s.x0, s.x1), max(s.y0, s.y1))):
            assert not segment_hits_box(s, ab), (a.owner, s)
    x0, y0, x1, y1 = lay.bounds
    for b in (*lay.labels, *lay.glyphs, *lay.generation_labels):
        assert x0 < b.x0 and b.x1 < x1 and y0 < b.y0 and b.y1 < y1
    for f, fam in enumerate(lay.families):
        left = min(n.x - 0.5 for n in lay.nodes if n.family == f)
        for b in fam.generation_labels:
            assert b.x1 < left
        if f:
            assert fam.bounds[0] >= lay.families[f - 1].bounds[2]  # drawn apart


def check_numbering(lay: Layout) -> None:
    """C19: I, II... top to bottom; 1..n left to right (copies keep their number),
    whatever the file's ids; families after the first prefixed with their letter."""
    for f, fam in enumerate(lay.families):
        assert [g.text for g in fam.generation_labels] == [
            roman(r + 1) for r in range(len(fam.rows))]
        prefix = f"{fam.name}:" if fam.name else ""
        for (g, r), ns in rows_of(lay).items():
            if g != f:
                continue
            originals = [n for n in ns if not n.is_duplicate]
            assert [n.number for n in originals] == [
                f"{prefix}{roman(r + 1)}-{k}" for k in range(1, len(originals) + 1)
            ]
            assert all(n.lines[0] == n.number.split(":")[-1] for n in ns)


def check_consanguinity(ped: Pedigree, lay: Layout) -> None:
    """C17: a double line exactly for related (or declared consanguineous) couples."""
    for c in lay.couples:
        if c.right is None:
            continue
        assert c.consanguineous == ped.is_consanguineous(c.left, c.right)
        doubled = any(s.kind == "marriage2" and s.owner == c.owner for s in lay.segments)
        assert doubled == c.consanguineous


def check_half_siblings(ped: Pedigree, lay: Layout) -> None:
    """C24: each couple's children under that couple, apart from half-siblings."""
    for p in ped.ids:
        mine = [s for s in lay.sibships if p in s.parents and len(s.parents) == 2
                and len({lay.node(c).row for c in s.children}) == 1]
        by_row: dict[int, list] = {}
        for s in mine:
            by_row.setdefault(lay.node(s.children[0]).row, []).append(s)
        for group in by_row.values():
            group.sort(key=lambda s: s.drop_x)
            for a, b in zip(group, group[1:], strict=False):
                assert a.x1 < b.x0, (a, b)


def longest_line(ped: Pedigree) -> int:
    """Generations in the longest line of descent: a lower bound on the rows."""
    depth: dict[str, int] = {}
    for i in ped.topological_order:
        p = ped.ids[i]
        depth[p] = max((depth[q] + 1 for q in ped.parents(p)), default=0)
    return max(depth.values()) + 1


def group_rows(ped: Pedigree) -> int:
    """Rows needed with every couple on one row: the longest chain of partner groups
    linked parent to child (couples that would make a cycle are split, in the file's
    order of couples: exact without loops, an upper bound with them)."""
    boss = {p: p for p in ped.ids}

    def find(p: str) -> str:
        while boss[p] != p:
            p = boss[p]
        return p

    kids: dict[str, list[str]] = {p: list(ped.children(p)) for p in ped.ids}

    def reaches(a: str, b: str) -> bool:
        seen, stack = {a}, [a]
        while stack:
            g = stack.pop()
            for m in (p for p in ped.ids if find(p) == g):
                for c in kids[m]:
                    h = find(c)
                    if h == b:
                        return True
                    if h not in seen:
                        seen.add(h)
                        stack.append(h)
        return False

    for a, b in ped.couples():
        ga, gb = find(a), find(b)
        if ga != gb and not reaches(ga, gb) and not reaches(gb, ga):
            boss[gb] = ga
    depth: dict[str, int] = {}
    for i in ped.topological_order:  # longest chain, iterated to a fixed point over groups
        depth[ped.ids[i]] = 0
    changed = True
    while changed:
        changed = False
        group_depth: dict[str, int] = {}
        for p in ped.ids:
            group_depth[find(p)] = max(group_depth.get(find(p), 0), depth[p])
        for p in ped.ids:
            for parent in ped.parents(p):
                want = group_depth[find(parent)] + 1
                if depth[p] < want:
                    depth[p] = want
                    changed = True
    return max(depth.values()) + 1


def check_all(ped: Pedigree, lay: Layout, crossings: int | None = None) -> None:
    """Every hard rule; no crossing at all when the pedigree has no loop."""
    strict = not ped.has_loops
    check_everyone_drawn(ped, lay)
    check_curves_clear(lay)
    check_rows(ped, lay)
    check_no_overlap(lay)
    check_partners(ped, lay, strict)
    check_no_line_through_symbol(lay)
    check_children_hang(ped, lay)
    check_sibling_order(ped, lay)
    check_twins(ped, lay)
    check_no_collinear_overlap(lay)
    check_raised_lines_clear(lay)
    check_numbering(lay)
    check_consanguinity(ped, lay)
    check_labels(lay)
    check_half_siblings(ped, lay)
    if strict:
        n = count_crossings(lay) if crossings is None else crossings
        assert n == 0
        assert [len(f.rows) for f in lay.families] == [
            group_rows(part) for part in _parts(ped, lay)]


def _parts(ped: Pedigree, lay: Layout) -> list[Pedigree]:
    """Each unrelated family as a pedigree of its own, in the layout's order."""
    out = []
    for f in range(len(lay.families)):
        ids = {n.id for n in lay.nodes if n.family == f}
        people = [p for p in ped if p.id in ids]
        unions = [u for u in ped.unions if set(u.partners) <= ids]
        twins = [t for t in ped.twins if set(t.members) <= ids]
        out.append(Pedigree(people, unions=unions, twins=twins))
    return out


def sibling_preserving_shuffle(ped: Pedigree, rng: random.Random) -> Pedigree:
    """The individuals in a random order that keeps each parent's children in order."""
    priority = {pid: rng.random() for pid in ped.ids}
    after: dict[str, set[str]] = {pid: set() for pid in ped.ids}
    for parent in ped.ids:
        kids = ped.children(parent)
        for a, b in zip(kids, kids[1:], strict=False):
            after[b].add(a)
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(ped):
        ready = [p for p in ped.ids if p not in done and after[p] <= done]
        nxt = min(ready, key=priority.__getitem__)
        order.append(nxt)
        done.add(nxt)
    return ped.replace(individuals=tuple(ped[p] for p in order))


def geometry(lay: Layout) -> list[tuple[str, bool, float, float]]:
    """Where everyone is drawn, to compare two layouts."""
    return sorted((n.id, n.is_duplicate, round(n.x, 9), round(n.y, 9)) for n in lay.nodes)
