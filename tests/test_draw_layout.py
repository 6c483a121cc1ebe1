"""The layout: the hard rules (tests/layout_checks.py) on every example and on
hypothesis-generated pedigrees, with and without loops, with webs of partners
and in-law families, and after shuffling the input (keeping each parent's
children in their order, which is their birth order); and specific cases.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import xlinked
from conftest import EXAMPLES, misnumbered
from layout_checks import (
    check_all,
    count_crossings,
    geometry,
    rows_of,
    sibling_preserving_shuffle,
)
from strategies import pedigrees
from xlinked import Individual, Pedigree, TwinGroup, Union, read
from xlinked.draw import layout
from xlinked.draw.layout import crossings

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
    order = [n.id for n in rows_of(lay)[(0, 1)]]
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


@given(pedigrees(max_people=22, loops=False, extras=True, partners=True),
       st.randoms(use_true_random=False))
def test_webs_of_partners_without_loops_have_no_crossing(ped: Pedigree,
                                                          rng: random.Random) -> None:
    """Several partners whose partners have other partners, in-laws with their own
    parents: every hard rule, and no crossing line."""
    lay = layout(ped)
    check_all(ped, lay)
    assert geometry(layout(sibling_preserving_shuffle(ped, rng))) == geometry(lay)


@given(pedigrees(max_people=14, loops=True, extras=True), st.randoms(use_true_random=False))
def test_pedigrees_with_loops_pass_the_hard_checks(ped: Pedigree, rng: random.Random) -> None:
    lay = layout(ped)
    check_all(ped, lay)
    assert geometry(layout(sibling_preserving_shuffle(ped, rng))) == geometry(lay)


@given(pedigrees(max_people=20, loops=True, extras=True, partners=True))
def test_webs_of_partners_with_loops_pass_the_hard_checks(ped: Pedigree) -> None:
    check_all(ped, layout(ped))


def test_numbers_go_left_to_right_and_disagreeing_file_ids_are_shown_too(
        tmp_path: Path) -> None:
    """NSGC numbers left to right; a file id that is another pedigree number (a copy of
    the isolated case where the elder sister is III-2, drawn first) is written under the
    number."""
    ped = read(misnumbered("isolated-case.yaml", ("III-1", "III-2"), tmp_path))
    nodes = {n.id: n for n in layout(ped).nodes}
    assert nodes["III-2"].number == "III-1" and nodes["III-1"].number == "III-2"
    assert nodes["III-2"].lines[:2] == ("III-1", "id III-2")
    assert nodes["II-2"].lines[:2] == ("II-2", "Mother")  # agrees: not repeated
    # ids that are not numbers of the drawn rows give way to positional numbers
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
    for make, _ in TEXTBOOK_LOOPS:
        lay = layout(make())
        assert crossings(lay.segments) == count_crossings(lay)
    lay = layout(xlinked.read(EXAMPLES / "first-cousins.yaml"))
    assert crossings(lay.segments) == count_crossings(lay)


@given(pedigrees(max_people=16, loops=True, extras=True, partners=True))
def test_internal_crossing_count_matches_on_generated_pedigrees(ped: Pedigree) -> None:
    lay = layout(ped)
    assert crossings(lay.segments) == count_crossings(lay)
