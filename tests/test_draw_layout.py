"""The hard checks of layout-checks.md, as functions over a Layout.

Each ``check_*`` function asserts one check (C-number in layout-checks.md) and is
run on every example pedigree and on hypothesis-generated ones, with and
without loops, and after shuffling the input (keeping each parent's children
in their order, which is their birth order).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlinked
from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Individual, Pedigree, TwinGroup, Union, read
from xlinked.draw import Layout, layout
from xlinked.draw.layout import roman

EPS = 1e-6


# --------------------------------------------------------------------------- helpers


def fam_key(ped: Pedigree, pid: str) -> str | None:
    p = ped[pid]
    parents = sorted(x for x in (p.mother, p.father) if x)
    if not parents:
        return None
    return "+".join(parents) if len(parents) == 2 else f"{parents[0]}+?"


def rows_of(lay: Layout) -> dict[int, list]:
    out: dict[int, list] = {}
    for n in lay.nodes:
        out.setdefault(n.row, []).append(n)
    return {r: sorted(ns, key=lambda n: n.x) for r, ns in out.items()}


def segment_hits_box(s, box) -> bool:
    """True when segment ``s`` enters the interior of ``box`` (Liang-Barsky clip)."""
    x0, y0, x1, y1 = box
    dx, dy = s.x1 - s.x0, s.y1 - s.y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, s.x0 - x0), (dx, x1 - s.x0), (-dy, s.y0 - y0), (dy, y1 - s.y0)):
        if abs(p) < 1e-12:
            if q <= 0:
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


def count_crossings(lay: Layout) -> int:
    """C11: proper crossings between lines of different couples."""
    segs = [s for s in lay.segments if s.kind != "separation"]
    return sum(1 for i, a in enumerate(segs) for b in segs[i + 1:]
               if a.owner != b.owner and crossing(a, b))


def boxes_overlap(a, b, eps: float = EPS) -> bool:
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


# --------------------------------------------------------------------------- checks


def check_everyone_drawn(ped: Pedigree, lay: Layout) -> None:
    """C1 (and C2: no duplicates)."""
    ids = [n.id for n in lay.nodes if not n.is_duplicate]
    assert sorted(ids) == sorted(ped.ids)
    assert not any(n.is_duplicate for n in lay.nodes)


def check_rows(ped: Pedigree, lay: Layout) -> None:
    """C3: one row per generation, rows strictly increasing, room for labels."""
    assert all(b > a for a, b in zip(lay.rows, lay.rows[1:], strict=False))
    for n in lay.nodes:
        assert abs(n.y - lay.rows[n.row]) < EPS
    for r in range(len(lay.rows) - 1):
        block = max(len(n.lines) for n in lay.nodes if n.row == r)
        below = [lab.y1 for lab in lay.labels if lay.node(lab.owner).row == r]
        assert max(below) < lay.rows[r + 1] - 1.0
        assert lay.rows[r + 1] - lay.rows[r] >= 1 + block * 0.42
    for p in ped:
        for parent in (p.mother, p.father):
            if parent:
                assert lay.node(p.id).row > lay.node(parent).row


def check_no_overlap(lay: Layout) -> None:
    """C5: symbols at least one symbol apart; glyphs clear of other symbols."""
    for ns in rows_of(lay).values():
        for a, b in zip(ns, ns[1:], strict=False):
            assert b.x - a.x >= 2.0 - EPS, (a.id, b.id)
    for g in lay.glyphs:
        for n in lay.nodes:
            if n.id != g.owner:
                assert not boxes_overlap((g.x0, g.y0, g.x1, g.y1), n.box), (g, n.id)


def check_partners(ped: Pedigree, lay: Layout, strict: bool) -> None:
    """C4 + C6: partners on one row, nobody between them (strict: no loops)."""
    rows = rows_of(lay)
    for c in lay.couples:
        if c.right is None:
            continue
        a, b = lay.node(c.left), lay.node(c.right)
        if strict:
            assert a.row == b.row, c
        if a.row == b.row:
            between = [n.id for n in rows[a.row] if min(a.x, b.x) < n.x < max(a.x, b.x)]
            assert bool(between) == c.raised, c
            if strict:
                many = max(len(ped.partners(c.left)), len(ped.partners(c.right)))
                assert not between or many >= 2, (c, between)


def check_no_line_through_symbol(lay: Layout) -> None:
    """C13: no line enters a symbol."""
    for n in lay.nodes:
        box = n.box
        for s in lay.segments:
            assert not segment_hits_box(s, box), (s, n.id)


def check_children_hang(ped: Pedigree, lay: Layout, strict: bool) -> None:
    """C7 + C8: drops start on the couple's line; children under their own couple."""
    couples = {c.owner: c for c in lay.couples}
    for sib in lay.sibships:
        c = couples[sib.owner]
        if c.right is not None:
            a, b = lay.node(c.left), lay.node(c.right)
            assert min(a.x, b.x) - EPS <= sib.drop_x <= max(a.x, b.x) + EPS
        drops = [s for s in lay.segments if s.kind == "drop" and s.owner == sib.owner]
        assert drops
        tops = []
        for cid in sib.children:
            assert fam_key(ped, cid) == sib.owner
            n = lay.node(cid)
            stubs = [s for s in lay.segments if s.kind == "stub" and s.owner == sib.owner
                     and abs(s.x1 - n.x) < EPS and abs(s.y1 - (n.y - 0.5)) < EPS]
            assert len(stubs) == 1, cid
            assert abs(stubs[0].y0 - sib.bar_y) < EPS
            tops.append(stubs[0].x0)
        if strict:  # the line of descent can drop straight onto the sibship line
            assert min(tops) - EPS <= sib.drop_x <= max(tops) + EPS, sib
    every = {fam_key(ped, p.id) for p in ped if fam_key(ped, p.id)}
    assert every == {s.owner for s in lay.sibships}


def check_sibling_order(ped: Pedigree, lay: Layout) -> None:
    """C9: birth order left to right, except siblings flagged as moved."""
    for sib in lay.sibships:
        kids = [ped[c] for c in sib.children if not lay.node(c).moved]
        if len(kids) < 2:
            continue
        if all(k.birth_year is not None and k.pregnancy is None for k in kids):
            years = [k.birth_year for k in kids]
            assert years == sorted(years), sib
        if all(k.age is None and k.birth_year is None and k.pregnancy is None for k in kids):
            pos = [ped.index[k.id] for k in kids]
            twins = {m for g in ped.twins for m in g.members}
            pos = [ped.index[k.id] for k in kids if k.id not in twins]
            assert pos == sorted(pos), sib


def check_twins(ped: Pedigree, lay: Layout) -> None:
    """C10: twins adjacent; MZ joined by a bar, unknown zygosity marked '?'."""
    rows = rows_of(lay)
    for g in ped.twins:
        nodes = [lay.node(m) for m in g.members]
        row = rows[nodes[0].row]
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
    hs = [s for s in lay.segments if abs(s.y0 - s.y1) < EPS and s.kind != "separation"]
    for i, a in enumerate(hs):
        for b in hs[i + 1:]:
            if a.owner != b.owner and abs(a.y0 - b.y0) < EPS:
                lo = max(min(a.x0, a.x1), min(b.x0, b.x1))
                hi = min(max(a.x0, a.x1), max(b.x0, b.x1))
                assert hi - lo <= EPS, (a, b)


def check_labels(lay: Layout) -> None:
    """C15 + C16: labels clear of each other, of symbols and of lines; all in bounds."""
    for i, a in enumerate(lay.labels):
        ab = (a.x0, a.y0, a.x1, a.y1)
        for b in lay.labels[i + 1:]:
            assert not boxes_overlap(ab, (b.x0, b.y0, b.x1, b.y1)), (a.owner, b.owner)
        for n in lay.nodes:
            assert not boxes_overlap(ab, n.box), (a.owner, n.id)
        for s in lay.segments:
            assert not segment_hits_box(s, ab), (a.owner, s)
    x0, y0, x1, y1 = lay.bounds
    for b in (*lay.labels, *lay.glyphs, *lay.generation_labels):
        assert x0 < b.x0 and b.x1 < x1 and y0 < b.y0 and b.y1 < y1
    for b in lay.generation_labels:
        assert b.x1 < min(n.x - 0.5 for n in lay.nodes)


def check_numbering(lay: Layout) -> None:
    """C19: I, II... top to bottom; 1..n left to right, or the file's own numbers."""
    assert [g.text for g in lay.generation_labels] == [roman(r + 1) for r in range(len(lay.rows))]
    own = all(n.number == n.id for n in lay.nodes)
    for r, ns in rows_of(lay).items():
        if own:
            assert all(n.number.startswith(f"{roman(r + 1)}-") for n in ns)
        else:
            assert [n.number for n in ns] == [
                f"{roman(r + 1)}-{k}" for k in range(1, len(ns) + 1)
            ]
        assert all(n.lines[0] == n.number for n in ns)


def check_consanguinity(ped: Pedigree, lay: Layout) -> None:
    """C17: a double line exactly for related (or declared consanguineous) couples."""
    for c in lay.couples:
        if c.right is None:
            continue
        assert c.consanguineous == ped.is_consanguineous(c.left, c.right)
        doubled = any(s.kind == "marriage2" and s.owner == c.owner for s in lay.segments)
        assert doubled == c.consanguineous


def check_half_siblings(ped: Pedigree, lay: Layout) -> None:
    """C24: each partner's children lie under that couple's line, in partner order."""
    for p in ped.ids:
        mine = [s for s in lay.sibships if p in s.parents and len(s.parents) == 2]
        if len(mine) < 2:
            continue
        mine.sort(key=lambda s: s.drop_x)
        for a, b in zip(mine, mine[1:], strict=False):
            assert a.x1 < b.x0, (a, b)


def check_all(ped: Pedigree, lay: Layout) -> None:
    """Every hard check; the stricter ones only where the pedigree has no loop."""
    strict = not ped.has_loops
    check_everyone_drawn(ped, lay)
    check_rows(ped, lay)
    check_no_overlap(lay)
    check_partners(ped, lay, strict)
    check_no_line_through_symbol(lay)
    check_children_hang(ped, lay, strict)
    check_sibling_order(ped, lay)
    check_twins(ped, lay)
    check_no_collinear_overlap(lay)
    check_numbering(lay)
    check_consanguinity(ped, lay)
    if strict:
        check_labels(lay)
        check_half_siblings(ped, lay)
        assert count_crossings(lay) == 0


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


def geometry(lay: Layout) -> dict[str, tuple[float, float]]:
    return {n.id: (round(n.x, 9), round(n.y, 9)) for n in lay.nodes}


# --------------------------------------------------------------------------- tests


def example_files() -> Iterator[str]:
    for path in sorted(EXAMPLES.glob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path.name


@pytest.mark.parametrize("name", list(example_files()))
def test_examples_pass_every_check(name: str) -> None:
    ped = xlinked.read(EXAMPLES / name)
    lay = layout(ped)
    check_all(ped, lay)
    for seed in range(3):
        shuffled = sibling_preserving_shuffle(ped, random.Random(seed))
        assert geometry(layout(shuffled)) == geometry(lay)


def test_first_cousins_drawn_as_a_loop_without_duplicates() -> None:
    ped = xlinked.read(EXAMPLES / "first-cousins.yaml")
    lay = layout(ped)
    couple = next(c for c in lay.couples if {c.left, c.right} == {"III-1", "III-2"})
    assert couple.consanguineous and not couple.raised
    assert count_crossings(lay) == 0
    sib = next(s for s in lay.sibships if s.owner == "III-1+III-2")
    assert min(lay.node(c).x for c in sib.children) <= sib.drop_x
    assert sib.drop_x <= max(lay.node(c).x for c in sib.children)


def test_married_in_partners_stand_outside_the_sibship() -> None:
    # C14/C23: the spouses of the first and last siblings go outside
    ped = Pedigree([
        Individual("gf", "M"), Individual("gm", "F"),
        Individual("a", "F", mother="gm", father="gf"),
        Individual("b", "M", mother="gm", father="gf"),
        Individual("c", "F", mother="gm", father="gf"),
        Individual("ha", "M"), Individual("wc", "M"),
        Individual("ka", "F", mother="a", father="ha"),
        Individual("kc", "M", mother="c", father="wc"),
    ])
    lay = layout(ped)
    x = {n.id: n.x for n in lay.nodes}
    assert x["ha"] < x["a"] < x["b"] < x["c"] < x["wc"]
    check_all(ped, lay)


def test_two_families_joined_by_a_marriage() -> None:
    # the partners stand at the inner ends of their sibships, on one row
    ped = Pedigree([
        Individual("f1", "M"), Individual("m1", "F"),
        Individual("f2", "M"), Individual("m2", "F"),
        Individual("s1", "M", mother="m1", father="f1"),
        Individual("groom", "M", mother="m1", father="f1"),
        Individual("bride", "F", mother="m2", father="f2"),
        Individual("s2", "F", mother="m2", father="f2"),
        Individual("kid", "M", mother="bride", father="groom"),
    ])
    lay = layout(ped)
    check_all(ped, lay)
    x = {n.id: n.x for n in lay.nodes}
    assert x["s1"] < x["groom"] < x["bride"] < x["s2"]


def test_birth_years_decide_the_order() -> None:
    ped = Pedigree([
        Individual("mum", "F"),
        Individual("young", "M", mother="mum", birth_year=2001),
        Individual("old", "F", mother="mum", birth_year=1990),
        Individual("mid", "F", mother="mum", birth_year=1995),
    ])
    lay = layout(ped)
    xs = sorted((lay.node(p).x, p) for p in ("young", "old", "mid"))
    assert [p for _, p in xs] == ["old", "mid", "young"]
    check_all(ped, lay)


def test_twelve_children_and_twins() -> None:
    kids = [Individual(f"k{i}", "MF"[i % 2], mother="mum", father="dad") for i in range(12)]
    ped = Pedigree([Individual("mum", "F"), Individual("dad", "M"), *kids],
                   twins=[TwinGroup(("k3", "k5"), "MZ"), TwinGroup(("k7", "k8", "k9"), "unknown")])
    lay = layout(ped)
    check_all(ped, lay)
    order = [n.id for n in rows_of(lay)[1]]
    assert order.index("k5") == order.index("k3") + 1


def test_childless_partner_and_separation_drawn() -> None:
    ped = Pedigree([Individual("a", "M"), Individual("b", "F"), Individual("c", "M")],
                   unions=[Union(("a", "b"), separated=True), Union(("b", "c"))])
    lay = layout(ped)
    check_all(ped, lay)
    assert any(s.kind == "separation" for s in lay.segments)


def test_three_partners() -> None:
    ped = Pedigree([
        Individual("m", "F"), Individual("p1", "M"), Individual("p2", "M"), Individual("p3", "M"),
        Individual("a", "F", mother="m", father="p1"),
        Individual("b", "M", mother="m", father="p2"),
        Individual("c", "M", mother="m", father="p3"),
    ])
    lay = layout(ped)
    check_all(ped, lay)


def test_json_shape() -> None:
    ped = xlinked.read(EXAMPLES / "ipex-uncle.yaml")
    data = json.loads(layout(ped).to_json())
    assert {"id", "x", "y"} <= set(data["nodes"][0])
    assert {"x0", "y0", "x1", "y1"} <= set(data["segments"][0])
    assert len(data["nodes"]) == len(ped)
    assert all(math.isfinite(v) for n in data["nodes"] for v in (n["x"], n["y"]))


@given(pedigrees(max_people=14, loops=False, extras=True, unknown_sex=True),
       st.randoms(use_true_random=False))
def test_loop_free_pedigrees_pass_every_check(ped: Pedigree, rng: random.Random) -> None:
    lay = layout(ped)
    check_all(ped, lay)
    assert geometry(layout(sibling_preserving_shuffle(ped, rng))) == geometry(lay)


@given(pedigrees(max_people=14, loops=True, extras=True), st.randoms(use_true_random=False))
def test_pedigrees_with_loops_pass_the_hard_checks(ped: Pedigree, rng: random.Random) -> None:
    lay = layout(ped)
    check_all(ped, lay)
    assert geometry(layout(sibling_preserving_shuffle(ped, rng))) == geometry(lay)


def test_the_files_own_numbers_are_drawn() -> None:
    """A file numbered II-3 style keeps its numbers in the drawing (as in the risk table)."""
    ped = read(EXAMPLES / "ipex-uncle.yaml")
    lay = layout(ped)
    assert {n.id: n.number for n in lay.nodes} == {pid: pid for pid in ped.ids}
    # ...but ids that are not numbers of the drawn rows give way to positional numbers
    odd = Pedigree([Individual("I-1", "F"), Individual("I-2", "M"),
                    Individual("I-3", "M", mother="I-1", father="I-2")])
    numbers = {n.id: n.number for n in layout(odd).nodes}
    assert numbers["I-3"] == "II-1"
    assert sorted(numbers[p] for p in ("I-1", "I-2")) == ["I-1", "I-2"]


# --------------------------------------------------------------------------- loops


def _people(*rows: tuple[str, str, str | None, str | None]) -> list[Individual]:
    return [Individual(pid, sex, mother=m, father=f) for pid, sex, m, f in rows]


def first_cousins() -> Pedigree:
    return Pedigree(_people(
        ("gf", "M", None, None), ("gm", "F", None, None),
        ("a", "F", "gm", "gf"), ("b", "F", "gm", "gf"), ("ha", "M", None, None),
        ("hb", "M", None, None), ("c1", "M", "a", "ha"), ("c2", "F", "b", "hb"),
        ("k", "M", "c2", "c1")))


def brothers_marry_sisters() -> Pedigree:
    return Pedigree(_people(
        ("af", "M", None, None), ("am", "F", None, None), ("bf", "M", None, None),
        ("bm", "F", None, None), ("b1", "M", "am", "af"), ("b2", "M", "am", "af"),
        ("s1", "F", "bm", "bf"), ("s2", "F", "bm", "bf"), ("x", "M", "s1", "b1"),
        ("y", "F", "s2", "b2")))


def double_first_cousins() -> Pedigree:
    ped = brothers_marry_sisters()
    return Pedigree([*ped, Individual("k", "F", mother="y", father="x")])


def uncle_niece() -> Pedigree:
    return Pedigree(_people(
        ("gf", "M", None, None), ("gm", "F", None, None), ("u", "M", "gm", "gf"),
        ("s", "F", "gm", "gf"), ("h", "M", None, None), ("n", "F", "s", "h"),
        ("k", "M", "n", "u")))


def second_cousins() -> Pedigree:
    return Pedigree(_people(
        ("gf", "M", None, None), ("gm", "F", None, None), ("a", "F", "gm", "gf"),
        ("b", "F", "gm", "gf"), ("ha", "M", None, None), ("hb", "M", None, None),
        ("a1", "F", "a", "ha"), ("b1", "F", "b", "hb"), ("h1", "M", None, None),
        ("h2", "M", None, None), ("c1", "M", "a1", "h1"), ("c2", "F", "b1", "h2"),
        ("k", "M", "c2", "c1")))


# Bounds the layout achieves (crossings of lines of different couples). Two brothers
# marrying two sisters cannot be drawn without a crossing when partners share a
# row and lines are orthogonal: one couple's line passes over the other couple,
# and the two individual lines coming down to them cross it.
TEXTBOOK_LOOPS = [
    (first_cousins, 0), (second_cousins, 0), (uncle_niece, 0),
    (brothers_marry_sisters, 2), (double_first_cousins, 2),
]


@pytest.mark.parametrize(("make", "bound"), TEXTBOOK_LOOPS,
                         ids=lambda v: getattr(v, "__name__", ""))
def test_textbook_loops_have_few_crossings(make, bound: int) -> None:
    ped = make()
    assert ped.has_loops
    lay = layout(ped)
    check_all(ped, lay)
    assert count_crossings(lay) <= bound
    for seed in range(3):
        shuffled = sibling_preserving_shuffle(ped, random.Random(seed))
        assert geometry(layout(shuffled)) == geometry(lay)


def test_internal_crossing_count_matches_the_check() -> None:
    """The layout's own crossing count (what its search minimises) is C11's."""
    from xlinked.draw.layout import _crossings

    for make, _ in TEXTBOOK_LOOPS:
        lay = layout(make())
        assert _crossings(lay.segments) == count_crossings(lay)
    lay = layout(xlinked.read(EXAMPLES / "first-cousins.yaml"))
    assert _crossings(lay.segments) == count_crossings(lay)


@given(pedigrees(max_people=14, loops=True, extras=True))
def test_internal_crossing_count_matches_on_generated_pedigrees(ped: Pedigree) -> None:
    from xlinked.draw.layout import _crossings

    lay = layout(ped)
    assert _crossings(lay.segments) == count_crossings(lay)
