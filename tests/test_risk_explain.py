"""``explain``: the Bayes table and the effect of each piece of information."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from conftest import EXAMPLES, misnumbered
from strategies import pedigrees
from xlinked import (
    GeneticTest,
    InconsistentEvidenceError,
    Individual,
    Pedigree,
    Pregnancy,
    read,
)
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
    # plain values: leading terms in mu as text, constants as fractions
    assert t.prior == (Fraction(1), "4μ")
    assert t.rows[0][1] == ("μ", Fraction(1, 2))
    assert t.joint == ("μ", "2μ")
    assert not any(isinstance(v, Lead) for v in (*t.prior, *t.joint, *t.rows[0][1]))
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
    for pid in ("III-5", "II-4", "IV-1"):
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
    assert text.startswith("'mum' (female): carrier probability 0.6667 (66.7%) "
                           "[floating point at the model's mutation rate]")
    assert "Her next son is affected with probability 0.3333 (33.3%)." in text


def test_relations_are_named_with_their_side() -> None:
    from xlinked.risk.explain import relation

    def names(path: str, who: str) -> dict[str, str]:
        ped = read(EXAMPLES / path)
        i = ped.index[who]
        return {pid: relation(ped, i, j) for j, pid in enumerate(ped.ids)}

    uncle = names("ipex-uncle.yaml", "III-5")
    assert uncle["II-1"] == "maternal uncle" and uncle["II-3"] == "maternal aunt"
    assert uncle["III-2"] == "maternal first cousin" and uncle["I-2"] == "maternal grandmother"
    assert uncle["IV-3"] == "child" and uncle["III-4"] == "partner"
    assert names("ipex-uncle.yaml", "II-1")["III-5"] == "niece"
    assert names("ipex-uncle.yaml", "I-2")["IV-2"] == "relative"
    half = names("two-partners.yaml", "II-4")
    assert half["II-2"] == "maternal half-brother" and half["II-5"] == "paternal half-sister"
    assert half["II-3"] == "brother"


def boy_with_test():
    """An affected boy who also tested positive, his mother, and a pregnancy."""
    return Pedigree([
        I("Mum", "F", affected=False, age=30), I("Dad", "M", affected=False, age=30),
        I("Boy", "M", "Mum", "Dad", True, age=2, tests=[GeneticTest(result="positive")]),
        I("Preg", "U", "Mum", "Dad", pregnancy=Pregnancy()),
    ])


def test_redundant_pieces_are_said_to_be_redundant():
    """Each of the boy's status and test changes nothing alone (the other tells it),
    together they make the mother's risk: said so, not 'does not change'."""
    e = explain(boy_with_test(), "Mum", TEXTBOOK, mode="limit")
    boy = [x for x in e.effects if x.person == "Boy"]
    assert len(boy) == 2
    for x in boy:
        assert x.direction == "does not change" and x.without_together == 0
        assert len(x.redundant_with) == 1
    text = str(e)
    assert "does not change her risk" not in "".join(
        line for line in text.splitlines() if "positive" in line or "is affected" in line)
    assert "redundant with 'tested positive (specificity 100%)'" in text
    assert "together they raise her risk (without them: 0, 0%)" in text
    groups = e.by_person()
    assert groups[0][0] == "Boy"  # the person whose information matters comes first
    assert "  - Son 'Boy':" in text.splitlines()


def test_explanation_lines_fit_100_columns_and_mu_is_explained():
    for ped, pid in ((boy_with_test(), "Preg"), (boy_with_test(), "Mum"),
                     (read(EXAMPLES / "first-cousins.yaml"), "III-2")):
        for mode in ("limit", "float"):
            text = explain(ped, pid, mode=mode).text()
            assert max(len(line) for line in text.splitlines()) <= 100, (pid, mode)
            assert ("μ is the new-mutation rate" in text) == (
                mode == "limit" and "μ" in text.split("μ is")[0])
    assert "μ is the new-mutation rate" in str(explain(isolated(), "mum", mode="limit"))


def test_pregnancy_of_unknown_sex_if_boy_if_girl():
    e = explain(boy_with_test(), "Preg", TEXTBOOK, mode="limit")
    assert (e.p_affected, e.if_boy, e.if_girl) == (Fraction(1, 6), Fraction(1, 3),
                                                     Fraction(1, 3))
    first = str(e).splitlines()[:2]
    assert first[0].startswith("'Preg' (sex unknown): risk of being affected 1/6")
    assert first[1].startswith("If a boy, affected 1/3 (33.3%); if a girl, a carrier 1/3")


def test_mosaic_model_gives_the_recurrence_risk():
    from xlinked import preset

    e = explain(isolated(), "mum", preset("dmd"), mode="limit")
    assert e.p_mosaic is not None and e.p_mosaic > 0
    text = str(e)
    assert "Germline mosaic (the variant in her eggs, not in her blood) with probability" in text
    assert "germline mosaicism included: the recurrence risk" in " ".join(text.split())


def test_explanation_to_dict_is_plain_json():
    import json

    e = explain(boy_with_test(), "Mum", TEXTBOOK, mode="limit", numbers={"Mum": "I-2"})
    data = json.loads(json.dumps(e.to_dict()))
    assert data["id"] == "Mum" and data["number"] == "I-2" and data["mode"] == "limit"
    assert data["exact"]["p_carrier"] == "2/3" and data["p_carrier"] == pytest.approx(2 / 3)
    assert data["bayes_table"]["prior"] == ["1", "4μ"]
    assert data["bayes_table"]["columns"] == ["not a carrier", "carrier"]
    boy = [x for x in data["effects"] if x["person"] == "Boy"]
    assert {x["relation"] for x in boy} == {"son"} and all(x["redundant_with"] for x in boy)
    assert e.name("Mum") == "'Mum' (I-2)" and e.name("Boy") == "'Boy'"
    assert str(e).startswith("'Mum' (I-2) (female)")


def test_bayes_rows_and_effects_name_people_by_their_drawn_numbers_too(tmp_path):
    """A copy of isolated-case.yaml that calls the affected boy III-1, where the drawing
    numbers him III-2 (his elder sister is drawn first): every label names him both ways."""
    from xlinked import numbering

    ped = read(misnumbered("isolated-case.yaml", ("III-1", "III-2"), tmp_path))
    e = explain(ped, "II-2", mode="limit", numbers=numbering(ped))
    assert e.table is not None
    labels = [label for label, _ in e.table.rows]
    assert "son 'III-1' (III-2) is affected" in labels
    assert any("'III-2' (III-1)" in s for s in e.table.silent)
    assert e.effects[0].description == "Son 'III-1' (III-2) is affected"
    plain = explain(ped, "II-2", mode="limit")  # without numbers: ids only
    assert plain.table is not None and "son 'III-1' is affected" in [
        label for label, _ in plain.table.rows]
