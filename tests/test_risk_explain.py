"""``explain``: the Bayes table and the effect of each piece of information."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import GeneticTest, InconsistentEvidenceError, Individual, Pedigree, read
from xlinked.risk import RiskModel, compute_risks, explain
from xlinked.risk._arith import Lead

TEXTBOOK = RiskModel(mutation_rate="1e-8", penetrance=1)


def I(pid, sex, mother=None, father=None, affected=None, **kw):  # noqa: E743
    return Individual(pid, sex, mother=mother, father=father, affected=affected, **kw)


def isolated():
    return Pedigree([I("gm", "F"), I("gf", "M", affected=False),
                     I("mum", "F", "gm", "gf", False), I("dad", "M", affected=False),
                     I("boy", "M", "mum", "dad", True)])


def test_isolated_case_table_is_the_textbook_one():
    e = explain(isolated(), "mum", TEXTBOOK, mode="limit")
    t = e.table
    assert t is not None and t.columns == ("not a carrier", "carrier")
    # prior 1 : 4 mu, conditional mu : 1/2, joint mu : 2 mu, posterior 1/3 : 2/3
    assert t.prior == (Lead(Fraction(1), 0), Lead(Fraction(4), 1))
    assert t.rows[0][1] == (Lead(Fraction(1), 1), Lead(Fraction(1, 2), 0))
    assert t.joint == (Lead(Fraction(1), 1), Lead(Fraction(2), 1))
    assert t.posterior == (Fraction(1, 3), Fraction(2, 3))
    assert e.posterior == Fraction(2, 3) and e.next_son == Fraction(1, 3)
    text = str(e)
    assert "4μ" in text and "2μ" in text and "son 'boy' is affected" in text


def test_unaffected_sons_table():
    ped = read("examples/pedigrees/unaffected-sons.yaml")
    e = explain(ped, "II-3", mode="limit")
    assert e.table.prior == (Fraction(1, 2), Fraction(1, 2))
    assert [r[1] for r in e.table.rows[:3]] == [(Fraction(1), Fraction(1, 2))] * 3
    assert "own data" in e.table.rows[3][0]  # excludes two copies (hidden column)
    assert e.table.joint == (Fraction(1, 2), Fraction(1, 16))
    assert e.table.posterior == (Fraction(8, 9), Fraction(1, 9))
    son = next(x for x in e.effects if x.person == "III-1")
    assert son.without_it == Fraction(1, 5) and son.direction == "lowers"


def test_own_test_is_a_row_and_an_effect():
    neg = GeneticTest(result="negative", sensitivity="0.95")
    ped = Pedigree([I("gm", "F", tests=(GeneticTest(result="positive"),)),
                    I("gf", "M", affected=False), I("w", "F", "gm", "gf", False, tests=(neg,))])
    e = explain(ped, "w", TEXTBOOK, mode="limit")
    assert e.table.rows[-1][1] == (1, Fraction(1, 20))
    assert e.posterior == Fraction(1, 21)
    test_effect = next(x for x in e.effects if "tested negative" in x.description)
    assert test_effect.without_it == Fraction(1, 2)
    assert "Own data" in test_effect.description


def test_loop_through_the_person_gives_no_table():
    e = explain(read("examples/pedigrees/first-cousins.yaml"), "III-2", mode="limit")
    assert e.table is None and "loop" in e.no_table
    assert e.effects and "No single Bayes table" in str(e)


@pytest.mark.parametrize("mode", ["float", "exact", "limit"])
def test_table_posterior_is_the_engine_answer(mode):
    ped = read("examples/pedigrees/ipex-uncle.yaml")
    result = compute_risks(ped, mode=mode)
    for pid in ("III-4", "II-4", "IV-2"):
        e = explain(ped, pid, mode=mode, max_effects=2)
        assert e.table is not None
        carrier = sum(p for p, c in zip(e.table.posterior, e.table.columns, strict=True)
                      if c != "not a carrier")
        assert carrier == pytest.approx(result[pid].p_carrier, abs=1e-12)
        assert e.posterior == result[pid].p_carrier


@settings(deadline=None, max_examples=25)
@given(pedigrees(max_people=8, loops=True))
def test_table_matches_engine_on_random_pedigrees(ped):
    try:
        result = compute_risks(ped, TEXTBOOK, mode="exact")
    except InconsistentEvidenceError:
        return
    pid = ped.individuals[-1].mother or ped.individuals[0].id
    e = explain(ped, pid, TEXTBOOK, mode="exact", max_effects=3)
    if e.table is not None:
        total = sum(e.table.posterior)
        assert total == 1
        noncarrier = e.table.posterior[0] if e.table.columns[0] in (
            "not a carrier", "no variant") else 0
        assert 1 - noncarrier - sum(
            p for p, c in zip(e.table.posterior, e.table.columns, strict=True)
            if c == "germline mosaic") == result[pid].p_carrier


def test_errors():
    with pytest.raises(KeyError, match="no individual 'x'"):
        explain(isolated(), "x")
    bad = Pedigree([I("m", "F"), I("b", "M", "m", None, True,
                                    tests=(GeneticTest(result="negative"),))])
    with pytest.raises(InconsistentEvidenceError):
        explain(bad, "m", TEXTBOOK)


def test_float_text_is_readable():
    text = str(explain(isolated(), "mum", TEXTBOOK))
    assert text.startswith("'mum' (female): carrier probability 0.6667 (66.7%) [floating point]")
    assert "Her next son is affected with probability 0.3333 (33.3%)." in text


def test_relations_are_named_with_their_side() -> None:
    from xlinked.risk.explain import _relation

    def names(path: str, who: str) -> dict[str, str]:
        ped = read(EXAMPLES / path)
        i = ped.index[who]
        return {pid: _relation(ped, i, j) for j, pid in enumerate(ped.ids)}

    uncle = names("ipex-uncle.yaml", "III-4")
    assert uncle["II-1"] == "maternal uncle" and uncle["II-2"] == "maternal aunt"
    assert uncle["III-1"] == "maternal first cousin" and uncle["I-2"] == "maternal grandmother"
    assert uncle["IV-3"] == "child" and uncle["III-5"] == "partner"
    assert names("ipex-uncle.yaml", "II-1")["III-4"] == "niece"
    assert names("ipex-uncle.yaml", "I-2")["IV-1"] == "relative"
    half = names("two-partners.yaml", "II-5")
    assert half["II-3"] == "maternal half-brother" and half["II-1"] == "paternal half-sister"
    assert half["II-4"] == "brother"
