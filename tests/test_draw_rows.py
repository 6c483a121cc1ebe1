"""Stage 1 of the layout, rows (xlinked.draw.layout._rows), on its own."""

from __future__ import annotations

from hypothesis import given

from strategies import pedigrees
from xlinked import Individual, Pedigree
from xlinked.draw.layout import _rows
from xlinked.draw.layout._rows import assign_rows
from xlinked.draw.layout._structure import families


def rows_of(ped: Pedigree) -> tuple[dict[str, int], set[tuple[str, str]]]:
    fams = families(ped)
    row, splits = assign_rows(ped, range(len(ped)), fams)
    return ({ped.ids[i]: r for i, r in row.items()},
            {(fams[k].key, ped.ids[q]) for k, q in splits})


def people(*rows: tuple[str, str, str | None, str | None]) -> Pedigree:
    return Pedigree([Individual(p, s, mother=m, father=f) for p, s, m, f in rows])


def test_married_in_founders_take_their_partners_row() -> None:
    row, splits = rows_of(people(
        ("gf", "M", None, None), ("gm", "F", None, None), ("mum", "F", "gm", "gf"),
        ("dad", "M", None, None), ("kid", "M", "mum", "dad")))
    assert row == {"gf": 0, "gm": 0, "mum": 1, "dad": 1, "kid": 2} and not splits


def test_a_shallower_family_moves_down_as_a_whole() -> None:
    # the groom's family has three generations above him, the bride's one
    row, _ = rows_of(people(
        ("a0", "M", None, None), ("a0w", "F", None, None), ("a1", "M", "a0w", "a0"),
        ("a1w", "F", None, None), ("groom", "M", "a1w", "a1"),
        ("b1", "M", None, None), ("b1w", "F", None, None), ("bride", "F", "b1w", "b1"),
        ("kid", "F", "bride", "groom")))
    assert row["groom"] == row["bride"] == 2
    assert row["b1"] == row["a1"] == 1  # her parents on his parents' row: no long line


def test_uncle_and_niece_share_a_row() -> None:
    row, splits = rows_of(people(
        ("gf", "M", None, None), ("gm", "F", None, None), ("uncle", "M", "gm", "gf"),
        ("sister", "F", "gm", "gf"), ("h", "M", None, None), ("niece", "F", "sister", "h"),
        ("kid", "M", "niece", "uncle")))
    assert row["uncle"] == row["niece"] == 2 and row["sister"] == 1 and not splits


def test_a_couple_across_generations_of_one_line_is_split() -> None:
    # she has a child by a man, then by his grandson: one of them is drawn twice
    row, splits = rows_of(people(
        ("old", "M", None, None), ("w1", "F", None, None), ("her", "F", None, None),
        ("son", "M", "w1", "old"), ("dil", "F", None, None), ("grandson", "M", "dil", "son"),
        ("a", "M", "her", "old"), ("b", "F", "her", "grandson")))
    assert splits == {("grandson+her", "her")}  # the higher partner is copied
    assert row["her"] == row["old"] == 0 and row["grandson"] == 2


def test_no_more_rows_than_the_longest_chain_of_couples() -> None:
    ped = people(("a", "F", None, None), ("b", "M", None, None), ("c", "F", "a", "b"),
                 ("d", "M", None, None), ("e", "M", "c", "d"), ("f", "F", None, None))
    row, _ = rows_of(ped)
    assert max(row.values()) == 2 and row["f"] == 0  # an unrelated person on top


@given(pedigrees(max_people=18, loops=True, partners=True, phenotypes=False, tests=False))
def test_couples_on_one_row_children_below(ped: Pedigree) -> None:
    row, splits = rows_of(ped)
    split_keys = {k for k, _ in splits}
    for a, b in ped.couples():
        if "+".join(sorted((a, b))) not in split_keys:
            assert row[a] == row[b]
    for p in ped:
        for parent in ped.parents(p.id):
            assert row[p.id] > row[parent]
    assert sorted(set(row.values())) == list(range(max(row.values()) + 1))  # no empty row


@given(pedigrees(max_people=18, loops=True, partners=True, phenotypes=False, tests=False))
def test_the_exact_ranking_is_never_worse_than_the_greedy_one(ped: Pedigree) -> None:
    fams = families(ped)

    def length(limit: int) -> int:
        old = _rows.EXACT_LIMIT
        _rows.EXACT_LIMIT = limit
        try:
            row, _ = assign_rows(ped, range(len(ped)), fams)
        finally:
            _rows.EXACT_LIMIT = old
        return sum(row[c] - max(row[p] for p in f.parents) - 1
                   for f in fams for c in f.children)

    assert length(10**9) <= length(0)
