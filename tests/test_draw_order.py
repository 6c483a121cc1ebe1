"""Stage 2 of the layout, order and placement (xlinked.draw.layout._blocks, _order),
on its own: contour blocks, the iterative walk, and where people stand."""

from __future__ import annotations

import math

from layout_checks import check_all, count_crossings, rows_of
from xlinked import Individual, Pedigree, TwinGroup
from xlinked.draw import layout
from xlinked.draw.layout import arrange
from xlinked.draw.layout._blocks import Block, merge, mirror, need


def test_blocks_pack_by_their_contours() -> None:
    a, b = Block(), Block()
    a.place(0, 0.0, level=0, half=1.0)
    a.extend(2, -3.0, 3.0)  # wide below
    b.place(1, 0.0, level=0, half=1.0)
    b.extend(2, -0.5, 0.5)
    assert need(a, b) == 3.5  # level 2 decides; levels only in one block do not count
    assert need(a, b, above=0) == 2.0
    assert need(a, b, below=0) == 3.5
    b.shift(need(a, b))
    m = merge(a, b)
    assert m.x(1) == 3.5 and m.extent(2) == (-3.0, 4.0)
    assert need(Block(), m) == -math.inf


def test_merge_moves_the_smaller_block_and_keeps_positions() -> None:
    big, small = Block(), Block()
    for i in range(5):
        big.place(i, 2.0 * i, level=0, half=1.0)
    small.place(9, 0.0, level=1, half=0.5)
    small.shift(4.0)
    merged = merge(small, big)
    assert merged is big and merged.x(9) == 4.0 and merged.x(4) == 8.0
    assert merged.levels_above(1) == [0, 1]


def test_mirror_swaps_left_and_right() -> None:
    b = Block()
    b.place(0, 1.0, level=0, half=0.5)
    b.extend(1, 1.0, 4.0)
    b.set_drop(7, 2.0)
    mirror(b)
    assert b.x(0) == -1.0 and b.extent(1) == (-4.0, -1.0) and b.drop(7) == -2.0


def test_a_very_long_line_of_descent_is_laid_out_without_recursion() -> None:
    """Each step of the walk is a generator run from an explicit stack."""
    n = 1500
    people = [Individual("p0", "F"), Individual("m0", "M")]
    for g in range(1, n):
        people.append(Individual(f"p{g}", "F", mother=f"p{g - 1}", father=f"m{g - 1}"))
        if g < n - 1:
            people.append(Individual(f"m{g}", "M"))
    arr = arrange(Pedigree(people))
    numbers = arr.numbers
    assert numbers["p0"] in ("I-1", "I-2")
    assert numbers[f"p{n - 1}"].startswith("MD")  # row 1500 is MD in Roman numerals


def test_no_partner_between_twins() -> None:
    """A partner of a middle triplet cannot stand next to them: the triplet is
    drawn a second time, next to the partner."""
    kids = [Individual(f"t{i}", "M", mother="mum", father="dad") for i in range(3)]
    ped = Pedigree([Individual("mum", "F"), Individual("dad", "M"), *kids,
                    Individual("wife", "F"), Individual("baby", "F", mother="wife",
                                                        father="t1")],
                   twins=[TwinGroup(("t0", "t1", "t2"), "MZ")])
    lay = layout(ped)
    check_all(ped, lay)
    row = [n.id for n in rows_of(lay)[(0, 1)]]
    i = row.index("t0")
    assert row[i:i + 3] == ["t0", "t1", "t2"]
    assert len(lay.copies("t1")) == 2


def test_siblings_marrying_into_three_families() -> None:
    """The middle one's in-laws cannot stand by without lines crossing the sibship
    line: that partner is drawn twice instead; nothing crosses."""
    rows = [Individual("gf", "M"), Individual("gm", "F")]
    for s in "abc":
        rows += [Individual(s, "F", mother="gm", father="gf"),
                 Individual(f"{s}_f", "M"), Individual(f"{s}_m", "F"),
                 Individual(f"{s}_h", "M", mother=f"{s}_m", father=f"{s}_f"),
                 Individual(f"{s}_sib", "F", mother=f"{s}_m", father=f"{s}_f"),
                 Individual(f"{s}_kid", "M", mother=s, father=f"{s}_h")]
    ped = Pedigree(rows)
    lay = layout(ped)
    check_all(ped, lay)
    assert count_crossings(lay) == 0
    assert lay.duplicates == 1 and len(lay.copies("b_h")) == 2


def test_a_partner_with_a_family_stands_outermost() -> None:
    ped = Pedigree([
        Individual("w", "F"), Individual("m1", "M"), Individual("m2", "M", mother="gm",
                                                                father="gf"),
        Individual("gm", "F"), Individual("gf", "M"), Individual("m2sib", "M", mother="gm",
                                                                 father="gf"),
        Individual("m3", "M"),
        Individual("k1", "F", mother="w", father="m1"), Individual("k2", "F", mother="w",
                                                                   father="m2"),
        Individual("k3", "F", mother="w", father="m3"),
    ])
    lay = layout(ped)
    check_all(ped, lay)
    row = [n.id for n in rows_of(lay)[(0, 1)]]
    assert row.index("m2") in (0, len(row) - 1) or row.index("m2sib") in (0, len(row) - 1)
    assert lay.duplicates == 0 and count_crossings(lay) == 0
