"""Built-in presets and quantitative carrier evidence (likelihood ratios, measurements).

The worked examples below are derived by hand in each docstring. The published
figures they rest on are the inputs (reference distributions, rates), and one
published calculation with a normal CK (Jeanpierre's sheets) is reproduced; the
textbook Bayes tables with CK likelihood ratios (Young 2007; Harper 2010) could
not be consulted here, so their printed answers are not: see ``docs/presets.md``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from statistics import NormalDist

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked import (
    Individual,
    Measurement,
    ModelError,
    Pedigree,
    PedigreeError,
    compute_risks,
    read,
)
from xlinked.cli import main
from xlinked.io.native import loads
from xlinked.risk import RiskModel, explain, preset
from xlinked.risk.model import preset_info, preset_names

ALL = ("bmd", "dmd", "haemophilia-a", "haemophilia-b", "ipex", "mps2", "otc",
       "wiskott-aldrich", "x-ald", "x-scid")
EXAMPLE_OF = {
    "bmd": "becker-grandfather.yaml", "dmd": "dmd-ck.yaml",
    "haemophilia-a": "haemophilia-a-fviii.yaml", "haemophilia-b": "haemophilia-b-lr.yaml",
    "ipex": "isolated-case.yaml", "mps2": "hunter-family.yaml", "otc": "otc-family.yaml",
    "wiskott-aldrich": "wiskott-aldrich-isolated.yaml", "x-ald": "x-ald-family.yaml",
    "x-scid": "x-scid-family.yaml",
}
#: The textbook assumptions: no manifesting carriers, no germline mosaicism.
TEXTBOOK = {"female_penetrance": 0, "mosaicism_prior": 0, "mosaicism_transmission": 0}


def test_every_preset_loads_is_documented_and_has_an_example_family():
    assert preset_names() == ALL
    docs = (EXAMPLES.parent.parent / "docs" / "presets.md").read_text()
    for name in ALL:
        model = preset(name)
        info = preset_info(name)
        assert model.name == info.name and info.summary and info.sources, name
        assert f"`{name}`" in docs, name
        ped = read(EXAMPLES / EXAMPLE_OF[name])
        assert (ped.model or preset("ipex")).name == model.name, name
        for mode in ("float", "limit"):
            compute_risks(ped, mode=mode)
    with pytest.raises(ModelError, match="no preset 'gaucher'"):
        preset_info("gaucher")


def test_dmd_sister_of_an_isolated_case_with_ck():
    """Sister (24) of an isolated DMD case, serum CK 310 U/L; textbook assumptions.

    Reference (dmd preset): ln CK normal with the same sd s = 0.447 in carriers
    (median 252 U/L) and non-carriers (median 86.2 U/L), so

        ln LR = (m_c - m_n) (ln 310 - (m_c + m_n) / 2) / s^2
              = 1.07277 x 0.74352 / 0.199809 = 3.9920  ->  LR = 54.2 = 271/5.

    Prior (Haldane, mu -> 0): mother 2/3, sister 1/3 (odds 1 : 2).
    Sister: odds 271/5 : 2 -> P = (271/5) / (271/5 + 2) = 271/281.
    Mother: P(sister's CK | mother carrier) = (LR + 1)/2, | not = 1 (the sister is
    then not a carrier), so odds 2 (LR + 1)/2 : 1 = 276/5 : 1 -> P = 276/281.
    The sister's next son: 271/281 x 1/2 = 271/562.
    """
    ped = read(EXAMPLES / "dmd-ck.yaml")
    model = preset("dmd").replace(**TEXTBOOK)
    r = compute_risks(ped, model, mode="limit")
    assert r["III-2"].p_carrier == Fraction(271, 281)
    assert r["II-2"].p_carrier == Fraction(276, 281)
    assert r["III-2"].next_son == Fraction(271, 562)
    e = explain(ped, "III-2", model, mode="limit")
    assert e.table is not None
    labels = [label for label, _ in e.table.rows]
    assert "CK 310 U/L: likelihood ratio 54.2" in labels
    assert "CK 310 U/L: likelihood ratio 54.2" in str(e)
    assert e.posterior == Fraction(271, 281)


def test_dmd_reference_reproduces_the_published_inputs():
    """The derived CK distributions give back the figures they were built from: 2.5% of
    non-carriers and 67% of obligate carriers above the upper reference limit of women,
    207 U/L (Lilleng 2012; Sibert 1979), and a between-women CV of 47% (Nicholson 1985)."""
    step = preset("dmd").reference("ck").steps[0]
    s = float(step.non_carrier.spread)
    above = 1 - NormalDist(math.log(float(step.non_carrier.centre)), s).cdf(math.log(207))
    carriers = 1 - NormalDist(math.log(float(step.carrier.centre)), s).cdf(math.log(207))
    assert above == pytest.approx(0.025, abs=0.001)
    assert carriers == pytest.approx(0.67, abs=0.002)
    assert math.sqrt(math.exp(s * s) - 1) == pytest.approx(0.47, abs=0.001)


def test_haemophilia_sister_of_an_isolated_case_with_fviii_ratio():
    """Sister (22) of an isolated haemophilia A case, FVIII:C / VWF:Ag ratio 0.70.

    Reference (haemophilia-a preset, log-normal): carriers median 0.62, sd_log 0.282;
    non-carriers median 1.08, sd_log 0.158. With d_c = ln(0.70/0.62) = 0.121361,
    d_n = ln(0.70/1.08) = -0.433636:

        ln LR = ln(0.158/0.282) - d_c^2/(2 0.282^2) + d_n^2/(2 0.158^2)
              = -0.579267 - 0.092607 + 3.766266 = 3.094392  ->  LR = 22.1 = 221/10.

    Prior with male_fitness 0 and mu -> 0, r = mu_m/mu_f = 3.1: the mother of an
    isolated case is a carrier with (1 + r)/(2 + r) = 41/51 (Rosendaal 1990), the
    sister with 41/102 (odds 41 : 61). Sister: odds 41 x 22.1 : 61 = 906.1 : 61
    -> P = 9061/9671.
    """
    ped = read(EXAMPLES / "haemophilia-a-fviii.yaml")
    model = preset("haemophilia-a").replace(male_fitness=0)
    r = compute_risks(ped, model, mode="limit")
    assert r["III-2"].p_carrier == Fraction(9061, 9671)
    without = ped.replace(individuals=[p.replace(measurements=()) for p in ped])
    assert compute_risks(without, model, mode="limit")["III-2"].p_carrier == Fraction(41, 102)
    assert "FVIII:C/VWF:Ag 0.7 ratio: likelihood ratio 22.1" in str(
        explain(ped, "III-2", model, mode="limit"))


def test_haemophilia_references_reproduce_the_published_cut_offs():
    """Yoo et al. 2022: ratio cut-off 0.81 with sensitivity 82.8% and specificity 96.6%;
    FVIII:C cut-off 83.8 IU/dL with 81.8% and 79.7%."""
    model = preset("haemophilia-a")
    for analyte, cut, sens, spec in (("fviii_vwf_ratio", 0.81, 0.828, 0.966),
                                     ("fviii", 83.8, 0.818, 0.797)):
        step = model.reference(analyte).steps[0]

        def below(d, x=cut):
            return NormalDist(math.log(float(d.centre)), float(d.spread)).cdf(math.log(x))

        assert below(step.carrier) == pytest.approx(sens, abs=0.002)
        assert 1 - below(step.non_carrier) == pytest.approx(spec, abs=0.002)
    # units: IU/mL is 100 IU/dL, % is IU/dL
    ref = model.reference("fviii")
    assert ref.likelihood_ratio(Fraction(6, 10), "IU/mL", 30) == ref.likelihood_ratio(
        Fraction(60), "%", 30)


def test_likelihood_ratio_given_directly_is_one_bayes_row():
    """Daughter of an obligate carrier (prior 1/2) with a likelihood ratio 4.2: odds
    4.2 : 1 -> 21/26. The ratio is its own row of the Bayes table."""
    ped = loads("""
xlinked: 1
model: {penetrance: 1}
individuals:
  - {id: gm, sex: F}
  - {id: u1, sex: M, mother: gm, affected: true}
  - {id: u2, sex: M, mother: gm, affected: true}
  - id: mum
    sex: F
    mother: gm
    affected: false
    tests: [{kind: likelihood_ratio, value: 4.2, note: "CK (laboratory table)"}]
""")
    r = compute_risks(ped, mode="limit")
    assert r["mum"].p_carrier == Fraction(21, 26)
    e = explain(ped, "mum", mode="limit")
    assert ("CK (laboratory table): likelihood ratio 4.2 (carrier : non-carrier)"
            in [label for label, _ in e.table.rows])
    assert [str(x) for x in e.table.posterior] == ["5/26", "21/26"]


def test_normal_ck_reproduces_jeanpierres_published_steps():
    """Jeanpierre's X-linked risk sheets (easybayes.org, "X-linked", sheets 2 and 3;
    M. Jeanpierre, J Med Genet 1988;25:663 for the method), lethal disorder, equal
    mutation rates in both sexes, CK raised in 2/3 of carriers, so a normal CK is a
    likelihood ratio 1/3 ("lowers her risk by a factor 3 only"). Published figures:

    * mother of an isolated case: 2/3; 1/2 with one unaffected son; 1/5 with three;
    * "P(daughter) = P(mother) x P(daughter | mother) = 1/7 x 1/(1+3) = 1/28": a
      daughter with a normal CK of a woman at 1/7 is at 1/28.

    The sheet's pedigree is a figure not in its text; ours is one that puts the
    mother at 1/7 with everything known: the sister of the isolated case, with one
    unaffected son and the daughter with a normal CK (odds 1:4 x 1/2 x 2/3 -> 1:6).
    """
    def family(sons: int, daughter: bool, ck: bool = False) -> Pedigree:
        text = """
xlinked: 1
model: {male_fitness: 0, female_penetrance: 0}
individuals:
  - {id: gf, sex: M, affected: false}
  - {id: gm, sex: F, affected: false}
  - {id: case, sex: M, mother: gm, father: gf, affected: true}
"""
        text += "".join(f"  - {{id: u{i}, sex: M, mother: gm, father: gf, affected: false}}\n"
                        for i in range(sons))
        if daughter:
            text += """\
  - {id: mum, sex: F, mother: gm, father: gf, affected: false}
  - {id: dad, sex: M, affected: false}
  - {id: son, sex: M, mother: mum, father: dad, affected: false}
  - {id: girl, sex: F, mother: mum, father: dad, affected: false"""
            text += (', tests: [{kind: likelihood_ratio, value: "1/3", note: "CK normal"}]}\n'
                     if ck else "}\n")
        return loads(text)

    def p(ped: Pedigree, who: str) -> Fraction:
        return compute_risks(ped, mode="limit")[who].p_carrier

    assert [p(family(n, daughter=False), "gm") for n in (0, 1, 3)] == [
        Fraction(2, 3), Fraction(1, 2), Fraction(1, 5)]
    ped = family(0, daughter=True, ck=True)
    assert p(ped, "mum") == Fraction(1, 7)
    assert p(ped, "girl") == Fraction(1, 28)
    rows = [label for label, _ in explain(ped, "girl", mode="limit").table.rows]
    assert any(label.startswith("CK normal: likelihood ratio 1/3") for label in rows), rows
    # without her CK she would be at half her mother's 1/5: 1/10
    assert p(family(0, daughter=True), "girl") == Fraction(1, 10)


def test_age_dependent_reference_and_its_errors():
    ped = read(EXAMPLES / "dmd-ck.yaml")
    girl = ped["III-2"].replace(age=12, measurements=(
        Measurement(kind="measurement", analyte="ck", value=310, unit="U/L"),))
    young = ped.replace(individuals=[girl if p.id == "III-2" else p for p in ped])
    with pytest.raises(PedigreeError, match=r"individual 'III-2': measurement ck 310 U/L: "
                                            r"there is no CK reference for age 12"):
        compute_risks(young)
    noage = young.replace(individuals=[girl.replace(age=None) if p.id == "III-2" else p
                                       for p in young])
    with pytest.raises(PedigreeError, match="depend on age: give the age at the test"):
        compute_risks(noage)
    # the test's own age wins over the person's
    at_20 = girl.replace(age=None, measurements=(Measurement(
        kind="measurement", analyte="ck", value=310, unit="U/L", age=20),))
    ok = young.replace(individuals=[at_20 if p.id == "III-2" else p for p in young])
    assert compute_risks(ok)["III-2"].p_carrier > 0.9


@pytest.mark.parametrize(("test", "message"), [
    ("{kind: measurement, analyte: ck, value: 310, unit: mg/dL}",
     "measurement ck 310 mg/dL: unit 'mg/dL' is not a unit of CK (known: U/L, IU/L, ukat/L, "
     "xURL)"),
    ("{kind: measurement, analyte: ast, value: 31, unit: U/L}",
     "no reference distributions for 'ast' in the model (known: ck)"),
    ("{kind: measurement, analyte: ck, value: 0, unit: U/L}",
     "must be above 0 for a log-normal reference distribution"),
])
def test_measurement_errors_name_the_person(test, message):
    ped = loads(f"""
xlinked: 1
model: {{preset: dmd}}
individuals:
  - {{id: mum, sex: F, age: 30, tests: [{test}]}}
""")
    with pytest.raises(PedigreeError) as info:
        compute_risks(ped)
    assert "individual 'mum': " in str(info.value) and message in str(info.value)


def test_bad_values_are_refused_when_read():
    base = "xlinked: 1\nindividuals:\n  - {id: mum, sex: F, tests: [%s]}\n"
    cases = {
        "{kind: measurement, analyte: ck, value: -40, unit: U/L}":
            "individual 'mum': tests[0]: value must not be negative (a measured level), got -40",
        "{kind: likelihood_ratio, value: -2}":
            "value must be a positive likelihood ratio (carrier : non-carrier), got -2",
        "{kind: likelihood_ratio, value: .inf}": "must be a finite number",
        "{kind: measurement, analyte: ck, value: 300}": "unit is missing (e.g. 'U/L')",
        "{kind: elisa, value: 3}": "kind must be one of genetic, likelihood_ratio, measurement",
        "{kind: likelihood_ratio, value: 2, result: positive}": "unknown key 'result'",
    }
    for test, message in cases.items():
        with pytest.raises(PedigreeError, match="line 3") as info:
            loads(base % test)
        assert message in str(info.value), test


def test_measurement_on_a_man_and_a_model_without_references():
    man = Pedigree([Individual("x", "M", measurements=(
        Measurement(kind="measurement", analyte="ck", value=900, unit="U/L"),))])
    with pytest.raises(PedigreeError, match="reference distributions are for women"):
        compute_risks(man, preset("dmd"))
    woman = Pedigree([Individual("y", "F", measurements=(
        Measurement(kind="measurement", analyte="ck", value=90, unit="U/L"),))])
    with pytest.raises(PedigreeError, match="this model has no reference distributions"):
        compute_risks(woman)  # IPEX


def test_references_round_trip_and_bad_references():
    for name in ALL:
        model = preset(name)
        assert RiskModel.from_mapping(model.to_mapping()) == model
    bad = {"ck": {"unit": "U/L", "carrier": {"median": 200, "sd_log": 0}, "non_carrier": {
        "median": 80, "sd_log": 0.4}}}
    with pytest.raises(PedigreeError, match="model.measurements: ck: sd_log must be positive"):
        RiskModel.from_mapping({"measurements": bad})
    with pytest.raises(PedigreeError, match="give either carrier and non_carrier"):
        RiskModel.from_mapping({"measurements": {"ck": {"unit": "U/L"}}})


def test_dmd_mosaicism_gives_the_clinical_recurrence():
    """dmd preset: a mother of an isolated case who tests negative has a next-son risk of
    about 4.3% (8.6% recurrence for a transmitted risk haplotype, about half per son;
    Helderman-van den Enden 2009), entered as recurrence R = 0.043 with t = 1/2: the prior
    pi = R mu / (t (t - R)) gives P(mosaic | data) = pi t / (pi t + mu) = R / t = 0.086 in the
    limit, next son exactly 0.043 (with female_penetrance 0 and full lifetime penetrance)."""
    ped = loads("""
xlinked: 1
model: {preset: dmd, female_penetrance: 0}
individuals:
  - {id: gm, sex: F}
  - {id: gf, sex: M}
  - {id: mum, sex: F, mother: gm, father: gf, tests: [{result: negative}]}
  - {id: dad, sex: M}
  - {id: boy, sex: M, mother: mum, father: dad, affected: true}
""")
    r = compute_risks(ped, mode="limit")
    assert r["mum"].p_mosaic == Fraction(86, 1000)
    assert r["mum"].next_son == Fraction(43, 1000)


def test_presets_command():
    runner = CliRunner()
    out = runner.invoke(main, ["presets"])
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert len(lines) == len(ALL)
    assert lines[2].split(None, 1) == [
        "haemophilia-a", preset_info("haemophilia-a").summary]
    assert "sperm rate 3.1 x eggs" in lines[2]
    one = runner.invoke(main, ["presets", "DMD"])
    assert one.exit_code == 0
    assert "measurements.ck: serum creatine kinase" in one.output
    assert "Sibert JR, Harper PS" in one.output
    bad = runner.invoke(main, ["presets", "gaucher"])
    assert bad.exit_code == 1 and "error: no preset 'gaucher' (known: bmd, dmd" in bad.output
    risk = runner.invoke(main, ["risk", str(EXAMPLES / "isolated-case.yaml"),
                                "--preset", "haemophilia-b", "--mode", "limit"])
    assert risk.exit_code == 0 and "model: Haemophilia B (F9)" in risk.output
    err = runner.invoke(main, ["risk", str(EXAMPLES / "dmd-ck.yaml"), "--preset", "ipex"])
    assert err.exit_code == 1
    assert ("dmd-ck.yaml: individual 'III-2': measurement ck 310 U/L: no reference "
            "distributions for 'ck'") in err.output
    assert "Traceback" not in err.output


def test_x_ald_granddaughter_with_female_penetrance_by_age():
    """x-ald preset, the example family in the limit mu -> 0.

    II-1 is an obligate carrier (daughter of an affected man). Her daughter III-1 (25,
    unaffected): prior 1/2; a carrier is unaffected at 25 with 1 - 0.18 (the step from 20),
    so P = (1/2 x 82/100) / (1/2 x 82/100 + 1/2) = 41/91; her risk still to come is
    41/91 x (0.88 - 0.18) / 0.82 = 5/13 (0.88 from 60). Her brother III-2 (20, unaffected):
    1/2 x 0.5 / (1/2 x 0.5 + 1/2) = 1/3, to come 1/3 x (0.95 - 0.5) / 0.5 = 3/10.
    """
    r = compute_risks(read(EXAMPLES / "x-ald-family.yaml"), mode="limit")
    assert (r["III-1"].p_carrier, r["III-1"].p_affected) == (Fraction(41, 91), Fraction(5, 13))
    assert (r["III-2"].p_carrier, r["III-2"].p_affected) == (Fraction(1, 3), Fraction(3, 10))
    assert r["II-1"].next_son == Fraction(19, 40)
    young = preset("x-ald")
    assert young.female_penetrance_at(15) == 0 and young.female_penetrance_at(65) == Fraction(
        88, 100)
