"""The risk model: parameters, validation, presets."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlinked import ModelError, PedigreeError
from xlinked.risk import PenetranceStep, RiskModel, preset
from xlinked.risk.model import preset_names


def test_defaults_are_the_ipex_preset():
    ipex = preset("ipex")
    assert ipex.replace(name=None) == RiskModel()
    assert ipex.name == "IPEX syndrome (FOXP3)"
    assert ipex.mutation_rate == Fraction(1, 10**6)
    assert ipex.male_fitness == 0 and ipex.female_penetrance_at(None) == 0
    assert ipex.lifetime_penetrance == 1
    assert ipex.penetrance_at(0.1) == Fraction(1, 2) and ipex.penetrance_at(30) == 1
    assert preset("IPEX") == preset("ipex")
    assert "ipex" in preset_names()


def test_constructor_coerces_and_validates():
    m = RiskModel(mutation_rate="1e-5", penetrance=[(0, "0.5"), (2, 1)], phenocopy_rate=0.01)
    assert m.mutation_rate == Fraction(1, 100000)
    assert m.penetrance == (PenetranceStep(0, Fraction(1, 2)), PenetranceStep(2, Fraction(1)))
    assert m.phenocopy_rate == Fraction(1, 100)
    assert RiskModel(penetrance=Fraction(9, 10)).penetrance_at(None) == Fraction(9, 10)
    with pytest.raises(ModelError, match="mutation_rate must be between 0 and 1"):
        RiskModel(mutation_rate=2)
    with pytest.raises(ModelError, match="must not decrease"):
        RiskModel(penetrance=[(0, 1), (5, "0.5")])
    with pytest.raises(ModelError, match="male_fitness must be below 1"):
        RiskModel(male_fitness=1)


def test_sperm_rate_defaults_to_egg_rate():
    assert RiskModel(mutation_rate="1e-6").sperm_mutation_rate == Fraction(1, 10**6)
    assert RiskModel(male_mutation_rate="3e-6").sperm_mutation_rate == Fraction(3, 10**6)


def test_from_mapping_with_preset_and_overrides():
    m = RiskModel.from_mapping({"preset": "ipex", "mutation_rate": "1e-5"})
    assert m.mutation_rate == Fraction(1, 10**5) and m.name == "IPEX syndrome (FOXP3)"
    assert m.penetrance == preset("ipex").penetrance
    with pytest.raises(PedigreeError, match=r"model.preset: no preset 'gaucher'"):
        RiskModel.from_mapping({"preset": "gaucher"})
    with pytest.raises(PedigreeError) as e:
        RiskModel.from_mapping({"mutation_rate": 3, "colour": "red"})
    assert [p.where for p in e.value.problems] == ["model.mutation_rate", "model.colour"]


def test_round_trip():
    m = RiskModel(mutation_rate="1/3000", male_mutation_rate="1e-4", penetrance=1,
                  mosaicism_prior="1e-4", mosaicism_transmission="0.5", name="x")
    assert RiskModel.from_mapping(m.to_mapping()) == m


def test_preset_file_for_another_condition(tmp_path):
    path = tmp_path / "haemophilia-a.yaml"
    path.write_text(
        "name: Haemophilia A (F8)\ndescription: example\nsources: [Rosendaal 1990]\n"
        "mutation_rate: 4e-6\nmale_mutation_rate: 1.24e-5\nmale_fitness: 0.7\n"
        "penetrance: 1\n"
    )
    m = preset(path)
    assert m.name == "Haemophilia A (F8)"
    assert m.sperm_mutation_rate / m.mutation_rate == Fraction(31, 10)
    bad = tmp_path / "bad.yaml"
    bad.write_text("mutation_rate: lots\n")
    with pytest.raises(ModelError, match="bad.yaml: model.mutation_rate"):
        preset(bad)
    with pytest.raises(ModelError, match="cannot read the preset file"):
        preset(tmp_path / "missing.yaml")


def test_carrier_frequency_limits():
    with pytest.raises(ModelError, match="carrier_frequency must be below 1"):
        RiskModel(carrier_frequency=1)


def test_data_warnings() -> None:
    from xlinked import Individual, Pedigree, Union, data_warnings

    ped = Pedigree([
        Individual("mum", "F"), Individual("girl", "F", mother="mum", affected=True),
        Individual("x", "M"), Individual("y", "F"), Individual("z", "M"),
    ], unions=[Union(("x", "y"), childless="choice")])
    lines = data_warnings(ped)
    assert lines[0].startswith("affected woman 'girl': with female_penetrance 0")
    assert lines[1] == "the pedigree has 3 unconnected parts: they do not inform each other's risks"
    manifesting = RiskModel(female_penetrance=Fraction(1, 10))
    assert len(data_warnings(ped, manifesting)) == 1


def test_data_warnings_about_a_future_childs_parents() -> None:
    """A future child of a deceased man, of a sister and brother, of a 5-year-old, of a
    pregnancy: each said (a parent named by the drawn number is the usual cause)."""
    from xlinked import Individual, Pedigree, Pregnancy, data_warnings

    ped = Pedigree([
        Individual("gm", "F"), Individual("gf", "M"),
        Individual("sis", "F", mother="gm", father="gf", age=30),
        Individual("bro", "M", mother="gm", father="gf", deceased=True, age=0.5),
        Individual("half", "M", mother="gm", age=28),
        Individual("kid", "F", mother="sis", age=5),
        Individual("fetus", "F", mother="sis", pregnancy=Pregnancy(weeks=12)),
        Individual("man", "M", age=35),
    ])
    def future(p: Pedigree) -> list[str]:
        return [line for line in data_warnings(p) if line.startswith("future child")]

    assert data_warnings(ped.with_child("sis", "man", "M")[0]) == []
    assert future(ped.with_child("sis", "bro", "M")[0]) == [
        "future child 'sis:next-son': its father 'bro' is deceased; its parents 'sis' and "
        "'bro' are sister and brother: check the parents' ids (the file's ids, which the "
        "drawing writes under its numbers where they differ)"]
    half = future(ped.with_child("sis", "half")[0])
    assert half[0].startswith("future child 'sis:next-child': its parents 'sis' and 'half' "
                              "are half-siblings:")
    assert "its mother 'kid' is 5 years old" in future(ped.with_child("kid", "man")[0])[0]
    assert "its mother 'fetus' is a pregnancy" in future(ped.with_child("fetus", "man")[0])[0]
    assert "are parent and child" in future(ped.with_child("gm", "bro")[0])[0]


def test_builtin_haemophilia_preset_with_unequal_rates() -> None:
    """Unequal rates: the mother of an isolated case is a carrier with (1 + r) / (2 + r),
    r = mu_m / mu_f (f = 0): about 80% for haemophilia A (r = 3.1, Rosendaal 1990)."""
    from conftest import EXAMPLES
    from xlinked import compute_risks, read

    model = preset("haemophilia-a")
    assert model.name == "Haemophilia A (F8)"
    assert model.sperm_mutation_rate / model.mutation_rate == Fraction(31, 10)
    ped = read(EXAMPLES / "isolated-case.yaml")
    r = Fraction(31, 10)
    result = compute_risks(ped, model.replace(male_fitness=0), mode="limit")
    assert result["II-2"].p_carrier == (1 + r) / (2 + r) == Fraction(41, 51)
    # affected men who have children make the mother of an isolated case likelier a carrier
    assert compute_risks(ped, model, mode="limit")["II-2"].p_carrier > Fraction(41, 51)


def test_germline_mosaicism_named_as_in_the_file_format():
    from xlinked import RiskModel

    m = RiskModel().replace(germline_mosaicism={"recurrence": "0.043", "transmission": "0.5"})
    assert m.germline_mosaicism == {"recurrence": "0.043", "transmission": "0.5"}
    assert m.has_mosaicism and m.mosaicism_prior == 0
    assert m.replace(germline_mosaicism=None).germline_mosaicism is None
    assert RiskModel.from_mapping({"germline_mosaicism": m.germline_mosaicism}) == m.replace(
        name=None)
