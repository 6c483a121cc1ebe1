"""The risk model's meaning in clinic situations (issue 7): fathers under male fitness,
deceased people, implied parents, partners, missing ages, manifesting carriers by age,
germline mosaicism, the carrier-frequency convention.

Every expected value is derived by hand in the test's docstring; mu is the egg mutation
rate (mu_f = mu_m = mu unless said), q_f = (mu_f (1 + f) + mu_m) / (1 - f) the
equilibrium allele frequency on a woman's X and q_m = q_f + mu_f on a man's.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from reference import brute_force
from strategies import pedigrees
from test_risk_engine import models
from xlinked import (
    GeneticTest,
    InconsistentEvidenceError,
    Individual,
    ModelError,
    Pedigree,
    Pregnancy,
    Union,
    data_warnings,
    read,
)
from xlinked.risk import RiskModel, compute_risks

MU = Fraction(1, 1000)
TEXTBOOK = RiskModel(mutation_rate=MU, penetrance=1)
POS = GeneticTest(result="positive")
NEG = GeneticTest(result="negative")


def I(pid, sex, mother=None, father=None, affected=None, **kw):  # noqa: E743
    return Individual(pid, sex, mother=mother, father=father, affected=affected, **kw)


def both(ped, model=TEXTBOOK, **kw):
    return (compute_risks(ped, model, mode="limit", **kw),
            compute_risks(ped, model, mode="exact", **kw))


# -- 1. fathers and fitness -------------------------------------------------------


def isolated(gf_status=None, sons=0, brothers=0):
    people = [I("gm", "F"), I("gf", "M", affected=gf_status),
              I("mum", "F", "gm", "gf", False), I("dad", "M", affected=False),
              I("case", "M", "mum", "dad", True)]
    people += [I(f"son{k}", "M", "mum", "dad", False) for k in range(sons)]
    people += [I(f"bro{k}", "M", "gm", "gf", False) for k in range(brothers)]
    return Pedigree(people)


@pytest.mark.parametrize("gf_status", [None, False])
def test_grandfather_status_unknown_is_not_a_possible_source(gf_status):
    """f = 0: a man who fathered a daughter is hemizygous with f q_m / (1 - q_m + f q_m) = 0,
    whether or not his status is recorded. The mother of the isolated case is then a
    carrier a priori with (q_f + mu) + mu = 4 mu (her mother's X, a new mutation in either
    gamete), gets 1/2 against mu from her affected son: 2 mu : mu, so 2/3 (the textbook;
    7/9 when the grandfather had the newborn prior q_m = 3 mu).
    Exact at mu: the grandfather is exactly 0."""
    limit, exact = both(isolated(gf_status))
    assert limit["mum"].p_carrier == Fraction(2, 3)
    assert limit["gf"].p_carrier == 0 == exact["gf"].p_carrier
    assert abs(exact["mum"].p_carrier - Fraction(2, 3)) < 10 * MU


@pytest.mark.parametrize("s,b,expected", [(2, 2, Fraction(5, 21)), (1, 0, Fraction(1, 2)),
                                          (0, 1, Fraction(3, 5))])
def test_case3_formula_holds_with_the_grandfather_unrecorded(s, b, expected):
    """A worked case of docs/risk.md ("Changes to the risk model"):
    (1 + 2^b) / (1 + 2^b + 2^(b+s)): (2,2) is 5/21, not the 11/27 that
    the newborn prior for the grandfather gave."""
    assert compute_risks(isolated(None, s, b), TEXTBOOK, mode="limit")["mum"].p_carrier == (
        expected)


def test_haemophilia_rates_with_the_grandfather_unrecorded():
    """mu_m = 3.1 mu_f = 3.1 mu, f = 0: q_f = 4.1 mu. The mother of an isolated case is a
    carrier a priori with q_f + mu_f (her mother's X) + mu_m (her father's, who is not d)
    = 8.2 mu; her affected son: 1/2 against mu_f. Joint 4.1 mu : mu, so 41/51 (133/153
    when the grandfather had the newborn prior q_m = 5.1 mu)."""
    model = TEXTBOOK.replace(male_mutation_rate=Fraction(31, 10) * MU)
    assert compute_risks(isolated(None), model, mode="limit")["mum"].p_carrier == (
        Fraction(41, 51))


@pytest.mark.parametrize("f", [Fraction(0), Fraction(1, 2)])
def test_daughter_of_founders_is_at_equilibrium(f):
    """Stationary prior. The founder mother passes d with a = q_f + mu (1 - q_f); the
    founder father, conditioned on reproducing, is d with p = f q_m / (1 - q_m + f q_m) and
    passes d with b = p + (1 - p) mu; the daughter carries with 1 - (1 - a)(1 - b), which
    is 2 q_f to first order (7 mu, not 4 mu, with the newborn prior at f = 0)."""
    model = TEXTBOOK.replace(male_fitness=f)
    ped = Pedigree([I("m", "F"), I("f", "M"), I("d", "F", "m", "f"), I("w", "F")])
    r = compute_risks(ped, model, mode="exact")
    q_f = (MU * (1 + f) + MU) / (1 - f)
    q_m = q_f + MU
    a = q_f + MU * (1 - q_f)
    p = f * q_m / (1 - q_m + f * q_m)
    b = p + (1 - p) * MU
    assert r["f"].p_carrier == p
    assert r["d"].p_carrier == 1 - (1 - a) * (1 - b)
    assert r["w"].p_carrier == 1 - (1 - q_f) ** 2
    assert abs(r["d"].p_carrier / r["w"].p_carrier - 1) < 10 * MU


@pytest.mark.parametrize("f,expected", [(Fraction(0), Fraction(0)),
                                        (Fraction(1, 2), Fraction(1, 3))])
def test_a_son_who_became_a_father(f, expected):
    """Not only founders: a son of a carrier (tested positive), status unknown, who has a
    daughter, is d with 1/2 * f against 1/2 (the likelihood of having reproduced): f / (1 + f),
    so 0 at f = 0 and 1/3 at f = 1/2. His daughter (mother unrelated) inherits it."""
    ped = Pedigree([I("gm", "F", tests=(POS,)), I("gf", "M", affected=False),
                    I("man", "M", "gm", "gf"), I("wife", "F"),
                    I("girl", "F", "wife", "man")])
    limit, exact = both(ped, TEXTBOOK.replace(male_fitness=f))
    assert limit["man"].p_carrier == expected == limit["girl"].p_carrier
    if f == 0:
        assert exact["man"].p_carrier == 0


def test_treated_father_recorded_affected_stays_possible():
    """A founder father recorded affected (or tested positive) under f = 0 is a man who had
    children despite the condition: his prior is the newborn q_m, not 0. Full penetrance,
    no phenocopies: he is d with 1, his daughter an obligate carrier (1), her son 1/2.
    With a phenocopy rate e: P(d | affected) = q_m / (q_m + (1 - q_m) e) exactly."""
    ped = Pedigree([I("man", "M", affected=True), I("wife", "F", affected=False),
                    I("dau", "F", "wife", "man", False), I("sil", "M", affected=False),
                    I("boy", "M", "dau", "sil")])
    limit, exact = both(ped)
    assert limit["dau"].p_carrier == 1 == exact["man"].p_carrier
    assert limit["boy"].p_affected == Fraction(1, 2)
    tested = ped.replace(individuals=[p.replace(affected=None, tests=(POS,)) if p.id == "man"
                                      else p for p in ped])
    assert compute_risks(tested, TEXTBOOK, mode="limit")["dau"].p_carrier == 1
    e = Fraction(1, 100)
    alone = Pedigree([I("man", "M", affected=True), I("wife", "F"), I("dau", "F", "wife", "man")])
    r = compute_risks(alone, TEXTBOOK.replace(phenocopy_rate=e), mode="exact")
    q_m = 3 * MU
    assert r["man"].p_carrier == q_m / (q_m + (1 - q_m) * e)
    assert any("father 'man' recorded affected" in w for w in data_warnings(ped, TEXTBOOK))


def test_population_man_for_next_daughter_reproduced():
    """A woman without a partner in the file: her next daughter's father is a population
    man conditioned on fathering her, d with 0 at f = 0, passing d with mu. A non-carrier
    woman (negative test) passes mu: next daughter 1 - (1 - mu)^2 = 2 mu - mu^2 (it was
    3 mu + mu - ... with the newborn prior)."""
    r = compute_risks(Pedigree([I("w", "F", tests=(NEG,))]), TEXTBOOK, mode="exact")
    assert r["w"].next_daughter == 2 * MU - MU * MU
    assert r["w"].partner is None and r["w"].partner_source == "population"


# -- 2. deceased people and pregnancy losses ----------------------------------------


def test_deceased_and_lost_pregnancies_have_no_risk_still_to_come():
    """The mother tested positive. A brother who died unaffected at 5 weeks (IPEX: 1/2 of
    hemizygous boys affected by then): d with (1/2 * 1/2) / (1/2 * 1/2 + 1/2) = 1/3, no risk
    still to come (None, not the remaining lifetime risk). A miscarriage of unknown sex:
    carrier 1/2 (boy d 1/2, girl carrier 1/2), no risk to come. A living unaffected boy of
    the same age keeps his risk to come: 1/3 * (1 - 1/2) / (1 - 1/2) = 1/3."""
    ipex = RiskModel(mutation_rate=MU)
    weeks = Fraction(5, 52)
    ped = Pedigree([I("mum", "F", tests=(POS,)), I("dad", "M", affected=False, age=30),
                    I("died", "M", "mum", "dad", False, deceased=True, age=float(weeks)),
                    I("alive", "M", "mum", "dad", False, age=float(weeks)),
                    I("loss", "U", "mum", "dad",
                      pregnancy=Pregnancy(weeks=9, outcome="miscarriage")),
                    I("uncle", "M", "mum", "dad", True, deceased=True)])
    limit, exact = both(ped, ipex)
    assert limit["died"].p_carrier == Fraction(1, 3) and limit["died"].p_affected is None
    assert exact["died"].p_affected is None and exact["loss"].p_affected is None
    assert limit["loss"].p_carrier == Fraction(1, 2)
    assert limit["alive"].p_affected == Fraction(1, 3)
    assert limit["uncle"].p_affected == 1  # the record, not a risk
    assert limit["died"].to_dict()["p_affected"] is None


# -- 3. missing ages -------------------------------------------------------------------


def test_birth_year_gives_the_age_at_the_files_date():
    """The mother is an obligate carrier (positive test). A son born in 2024, unaffected,
    in a file dated 2025-03-01 is aged 1: IPEX penetrance 0.9, so he is d with
    (1/2 * 1/10) / (1/2 * 1/10 + 1/2) = 1/11, and his risk still to come is
    1/11 * (1 - 9/10) / (1 - 9/10) = 1/11, as with age: 1. Without age or birth year he
    is taken as past every age of onset: 0, and a warning names him."""
    ipex = RiskModel(mutation_rate=MU)
    people = [I("mum", "F", tests=(POS,)), I("dad", "M", affected=False, age=30)]
    by_year = Pedigree([*people, I("son", "M", "mum", "dad", False, birth_year=2024)],
                       date="2025-03-01")
    by_age = Pedigree([*people, I("son", "M", "mum", "dad", False, age=1)])
    unknown = Pedigree([*people, I("son", "M", "mum", "dad", False)])
    for ped in (by_year, by_age):
        limit, exact = both(ped, ipex)
        assert limit["son"].p_carrier == Fraction(1, 11) == limit["son"].p_affected
        assert abs(exact["son"].p_carrier - Fraction(1, 11)) < 10 * MU
        assert data_warnings(ped, ipex) == []
    assert by_year.ages[2] == 1
    assert compute_risks(unknown, ipex, mode="limit")["son"].p_carrier == 0
    (warning,) = data_warnings(unknown, ipex)
    assert warning.startswith("age unknown for unaffected 'son': taken as past every age of "
                              "onset (lifetime penetrance: hemizygous men 1)")
    # no date in the file: today
    today = Pedigree([*people, I("son", "M", "mum", "dad", False, birth_year=2000)])
    assert today.ages[2] == datetime.date.today().year - 2000


def test_no_warning_without_age_dependence_and_for_the_deceased_named():
    ped = Pedigree([I("m", "F"), I("s", "M", "m", None, False),
                    I("g", "M", "m", None, False, deceased=True, birth_year=1950)])
    assert data_warnings(ped, TEXTBOOK) == []
    (warning,) = data_warnings(ped, RiskModel(mutation_rate=MU))
    assert "'s', 'g'" in warning  # a birth year does not give an age at death


def test_penetrance_tables_must_start_at_age_0():
    """Refused rather than guessed: a table whose first step is at age 5 leaves the
    penetrance before 5 unsaid."""
    with pytest.raises(ModelError, match=r"penetrance must start at from_age 0, not 5 \(add"):
        RiskModel(penetrance=[(5, "0.5"), (10, 1)])
    with pytest.raises(ModelError, match="female_penetrance must start at from_age 0"):
        RiskModel(female_penetrance=[(20, "0.1")])


# -- 4. manifesting carriers by age ---------------------------------------------------


def test_female_penetrance_by_age():
    """Manifesting carriers: 0 before 1, 1/10 from 1, 1/5 from 10. The mother tested
    positive, the father is unaffected (not d). A 1-month-old unaffected girl: carrier 1/2,
    nothing learnt from her status (penetrance 0 yet); risk still to come 1/2 * 1/5 = 1/10.
    At 5: carrier (1/2 * 9/10) / (1/2 * 9/10 + 1/2) = 9/19, risk to come
    9/19 * (1/5 - 1/10) / (1 - 1/10) = 1/19. With one number (1/10 at every age) her risk
    to come is 0."""
    model = TEXTBOOK.replace(female_penetrance=[(0, 0), (1, "0.1"), (10, "0.2")])

    def girl(age, m=model):
        ped = Pedigree([I("mum", "F", tests=(POS,)), I("dad", "M", affected=False),
                        I("girl", "F", "mum", "dad", False, age=age)])
        return both(ped, m)

    limit, exact = girl(1 / 12)
    assert (limit["girl"].p_carrier, limit["girl"].p_affected) == (Fraction(1, 2),
                                                                  Fraction(1, 10))
    assert abs(exact["girl"].p_affected - Fraction(1, 10)) < 10 * MU
    limit, _ = girl(5)
    assert (limit["girl"].p_carrier, limit["girl"].p_affected) == (Fraction(9, 19),
                                                                  Fraction(1, 19))
    flat, _ = girl(1 / 12, TEXTBOOK.replace(female_penetrance="0.1"))
    assert flat["girl"].p_affected == 0


# -- 5. implied parents -----------------------------------------------------------------


def test_son_with_only_his_father_recorded_has_an_implied_mother():
    """A son gets his X from his mother: with only his father recorded, from an implied
    founder woman, exactly as with a founder mother written out with nothing known.
    Carrier frequency c = 1/100 (q = 1/200), no mutation, germline mosaicism pi = 1/100
    with transmission 1/2: the implied mother passes d with
    (1 - q)^2 pi t + q (1 - q) + q^2, not the q = 1/200 of a founder man."""
    model = RiskModel(mutation_rate=0, penetrance=1, carrier_frequency="1/100",
                      mosaicism_prior="1/100", mosaicism_transmission="1/2")
    q, pi, t = Fraction(1, 200), Fraction(1, 100), Fraction(1, 2)
    only_father = Pedigree([I("dad", "M"), I("son", "M", None, "dad"),
                            I("baby", "U", None, "dad")])
    written = Pedigree([I("dad", "M"), I("mum", "F"), I("son", "M", "mum", "dad"),
                        I("mum2", "F"), I("baby", "U", "mum2", "dad")])
    a = compute_risks(only_father, model, mode="exact")
    b = compute_risks(written, model, mode="exact")
    assert a["son"].p_carrier == (1 - q) ** 2 * pi * t + q * (1 - q) + q * q
    for pid in ("son", "baby", "dad"):
        assert a[pid].p_carrier == b[pid].p_carrier and a[pid].p_mosaic == b[pid].p_mosaic
    limit = compute_risks(only_father, TEXTBOOK, mode="limit")
    assert limit["son"].p_carrier == 0


# -- 6. hypothetical children -------------------------------------------------------------

FIELDS = ("p_carrier", "p_affected", "next_son", "next_daughter", "p_mosaic", "genotypes",
          "partner", "partner_source")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
          max_examples=min(settings().max_examples, 40))
@given(pedigrees(max_people=8, unknown_sex=True, extras=True), models(),
       st.data())
def test_hypothetical_children_change_nobody(ped, model, data):
    women = [p.id for p in ped if p.sex.value == "F"]
    men = [p.id for p in ped if p.sex.value == "M"]
    if not women:
        return
    kids = [(data.draw(st.sampled_from(women)),
             data.draw(st.sampled_from([None, *men])),
             data.draw(st.sampled_from("MFU"))) for _ in range(data.draw(st.integers(1, 2)))]
    try:
        base = compute_risks(ped, model, mode="exact")
    except InconsistentEvidenceError:
        return
    more = compute_risks(ped, model, mode="exact", children=kids)
    for a, b in zip(base.individuals, more.individuals, strict=True):
        for key in FIELDS:
            assert getattr(a, key) == getattr(b, key), (a.id, key)
    assert more.log_likelihood == pytest.approx(base.log_likelihood, abs=1e-12)


def test_asking_for_a_next_son_keeps_her_next_daughter():
    """The father of her child is affected: her next daughter is an obligate carrier (1),
    also when a hypothetical next son without a father is asked for (it was 0)."""
    ped = Pedigree([I("mum", "F", tests=(NEG,)), I("dad", "M", affected=True),
                    I("girl", "F", "mum", "dad", False)])
    r = compute_risks(ped, TEXTBOOK, mode="limit", children=[("mum", None, "M")])
    assert r["mum"].next_daughter == 1 and r["mum"].partner == "dad"


# -- 7. next daughter's partner ---------------------------------------------------------


def test_next_daughter_partner_from_unions():
    """She tested negative (passes d with mu). Her daughter's father 'ex' is affected: his
    next daughter would carry with 1. Recorded separated from him, with a current partner
    'new' (unaffected adult: passes mu): next daughter 1 - (1 - mu)^2 = 2 mu - mu^2 (limit
    0); separated with nobody new: a population man, the same 2 mu - mu^2."""
    people = [I("w", "F", tests=(NEG,)), I("ex", "M", affected=True),
              I("new", "M", affected=False), I("girl", "F", "w", "ex", False)]
    last = Pedigree(people)
    current = Pedigree(people, unions=[Union(("w", "ex"), separated=True),
                                       Union(("new", "w"))])
    alone = Pedigree(people, unions=[Union(("w", "ex"), separated=True)])
    expected = [("ex", "last child", 1, 1), ("new", "union", 0, 2 * MU - MU * MU),
                (None, "population", 0, 2 * MU - MU * MU)]
    for ped, (partner, source, lim, exact_value) in zip((last, current, alone), expected,
                                                        strict=True):
        limit, exact = both(ped)
        assert (limit["w"].partner, limit["w"].partner_source) == (partner, source)
        assert limit["w"].next_daughter == lim and exact["w"].next_daughter == exact_value
        out = exact["w"].to_dict()
        assert out["partner_source"] == source and out.get("partner") == partner


# -- 8. germline mosaicism -----------------------------------------------------------------


def negative_mother():
    return Pedigree([I("gm", "F"), I("gf", "M", affected=False),
                     I("mum", "F", "gm", "gf", False, tests=(NEG,)),
                     I("dad", "M", affected=False), I("boy", "M", "mum", "dad", True),
                     I("other", "F"), I("baby", "U", "other", "dad")])


def test_recurrence_gives_the_per_parent_prior():
    """recurrence R = 1/25 with transmission t = 1/2: pi = R mu / (t (t - R)) = 4/23 mu. The
    negative-testing mother of an isolated case: her son's variant came from her germline
    with pi t : mu = 2/23 : 1, so she is mosaic with (2/23) / (25/23) = 2/25, and her next
    son gets it with 2/25 * 1/2 = 1/25 = R (limit). An unrelated woman is mosaic with pi
    (O(mu): 0 in the limit) and has a next-son risk of order mu."""
    model = TEXTBOOK.replace(mosaicism_recurrence="1/25", mosaicism_transmission="1/2")
    assert model.mosaic_prior == Fraction(4, 23) * MU
    limit, exact = both(negative_mother(), model)
    assert limit["mum"].next_son == Fraction(1, 25)
    assert limit["mum"].p_mosaic == Fraction(2, 25)
    assert abs(exact["mum"].next_son - Fraction(1, 25)) < 10 * MU
    assert exact["other"].next_son < 10 * MU
    for person in exact:  # everyone has p_mosaic and a mosaic genotype
        labels = dict(person.genotypes)
        assert person.p_mosaic is not None
        assert ("M" in labels) or ({"male M", "female M"} <= set(labels))
        assert sum(labels.values()) == 1
    assert exact["other"].p_mosaic == pytest.approx(float(model.mosaic_prior), rel=1e-2)


def test_prior_far_above_the_mutation_rate_is_warned():
    """A recurrence figure entered as a per-parent prior (8.6%) would make every parent a
    mosaic with 8.6%: warned, and the 'recurrence' key suggested."""
    wrong = RiskModel(mutation_rate="1e-6", penetrance=1, mosaicism_prior="0.086",
                      mosaicism_transmission="0.5")
    (warning,) = data_warnings(negative_mother(), wrong)
    assert warning.startswith("germline_mosaicism.prior 0.086 is 86,000 times the mutation "
                              "rate")
    assert "germline_mosaicism.recurrence" in warning
    ok = wrong.replace(mosaicism_prior=0, mosaicism_recurrence="0.043")
    assert data_warnings(negative_mother(), ok) == []
    with pytest.raises(ModelError, match="recurrence .* must be below the transmission"):
        RiskModel(mosaicism_recurrence="0.6", mosaicism_transmission="0.5")
    with pytest.raises(ModelError, match="give prior or recurrence, not both"):
        RiskModel(mosaicism_prior="1e-6", mosaicism_recurrence="0.04",
                  mosaicism_transmission="0.5")


def test_recurrence_in_a_file_round_trips():
    model = RiskModel.from_mapping({"germline_mosaicism": {"recurrence": "0.043",
                                                           "transmission": "0.5"}})
    assert model.mosaicism_recurrence == Fraction(43, 1000)
    assert RiskModel.from_mapping(model.to_mapping()) == model


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
          max_examples=min(settings().max_examples, 30))
@given(pedigrees(max_people=5, unknown_sex=True, extras=True),
       models(mosaic=True).filter(lambda m: m.has_mosaicism))
def test_oracle_mosaic_split_equals_full_enumeration(ped, model):
    """The oracle leaves the mosaic state out for childless people (a split of N); checked
    against enumerating it for everyone."""
    try:
        short = brute_force(ped, model)
    except ZeroDivisionError:
        return
    assert short == brute_force(ped, model, mosaic_everyone=True)


# -- 9. carrier frequency ----------------------------------------------------------------


def test_carrier_frequency_is_hardy_weinberg_on_x_chromosomes():
    """c = 1/50, so q = 1/100 on every founder X: a founder man d with q, a founder woman
    Nd with 2q(1 - q) and dd with q^2 (allele frequency q too), her son d with q
    (mu = 0)."""
    model = RiskModel(mutation_rate=0, penetrance=1, carrier_frequency="1/50",
                      male_fitness="0.99")
    q = Fraction(1, 100)
    ped = Pedigree([I("man", "M"), I("woman", "F"), I("son", "M", "woman")])
    r = compute_risks(ped, model, mode="exact")
    g = dict(r["woman"].genotypes)
    assert (g["Nd"], g["dd"]) == (2 * q * (1 - q), q * q)
    assert g["Nd"] / 2 + g["dd"] == q == r["man"].p_carrier == r["son"].p_carrier


def test_nothing_drawn_for_the_deceased():
    """The drawing shows 'affected 1/3' under a living unaffected newborn brother of the
    obligate-carrier mother's sons, nothing under the one who died (his p_affected is None)."""
    from xlinked.draw._labels import annotate

    ped = Pedigree([I("mum", "F", tests=(POS,)), I("dad", "M", affected=False, age=30),
                    I("died", "M", "mum", "dad", False, deceased=True, age=0.1),
                    I("alive", "M", "mum", "dad", False, age=0.1)])
    _, lines = annotate(ped, risks=compute_risks(ped, RiskModel(mutation_rate=MU),
                                                 mode="limit"))
    assert "affected 1/3" in lines["alive"]
    assert not any(line.startswith("affected") for line in lines["died"])


def test_explain_names_the_fathers_prior():
    """A founder father's Bayes-table prior is that of a man who fathered a child."""
    from xlinked.risk import explain

    ped = Pedigree([I("man", "M"), I("wife", "F"), I("dau", "F", "wife", "man"),
                    I("sil", "M"), I("boy", "M", "dau", "sil", True)])
    e = explain(ped, "man", TEXTBOOK, mode="limit")
    assert e.table is not None and "fathered a child (male fitness 0)" in e.table.prior_label
    assert e.posterior == 0


def test_a_deceased_woman_has_no_next_child():
    """ipex-uncle.yaml: I-2, the grandmother, has died: an obligate carrier (carrier 1) with
    no next son or daughter to speak of; her living daughter II-3 keeps hers (1/2)."""
    r = compute_risks(read(EXAMPLES / "ipex-uncle.yaml"), mode="limit")
    gran = r["I-2"]
    assert gran.p_carrier == 1 and gran.p_affected is None
    assert (gran.next_son, gran.next_daughter, gran.partner) == (None, None, None)
    assert r["II-3"].next_son == Fraction(1, 2)
    row = next(p for p in r.to_dict()["individuals"] if p["id"] == "I-2")
    assert row["next_son"] is None and row["next_daughter"] is None
