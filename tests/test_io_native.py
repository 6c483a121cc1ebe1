"""The native YAML/JSON format: lossless round trips and safe loading."""

from __future__ import annotations

import datetime
import json
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Pedigree, PedigreeError, ReadError, RiskModel, read, write
from xlinked.io import native

NATIVE_EXAMPLES = sorted(EXAMPLES.glob("*.yaml"))


@given(pedigrees(max_people=15, extras=True, unknown_sex=True, shuffle=True))
def test_native_round_trip_is_lossless(ped: Pedigree) -> None:
    assert native.loads(native.dumps(ped)) == ped
    assert native.loads(native.dumps(ped, as_json=True)) == ped


@pytest.mark.parametrize("path", NATIVE_EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip(path: Path, tmp_path: Path) -> None:
    ped = read(path)
    for suffix in ("yaml", "json"):
        out = tmp_path / f"copy.{suffix}"
        assert write(ped, out) == []
        assert read(out) == ped


def test_every_field_survives(tmp_path: Path) -> None:
    text = """
xlinked: 1
family: F1
date: 2025-03-01
condition: {name: Haemophilia A, gene: F8, inheritance: XLR}
proband: k
consultand: m
model:
  mutation_rate: "1/100000"
  male_mutation_rate: "3/100000"
  male_fitness: "0.7"
  carrier_frequency: "1/2500"
  penetrance: [{from_age: 0, value: "0.5"}, {from_age: 2, value: 1}]
  female_penetrance: [{from_age: 0, value: 0}, {from_age: 20, value: "1/20"}]
  phenocopy_rate: "1/1000000"
  germline_mosaicism: {prior: "0.04", transmission: "1/2"}
individuals:
  - {id: m, sex: F, label: Mum, gender: F, age: 30.5, birth_year: 1994, note: "a note",
     tests: [{result: negative, sensitivity: "19/20", specificity: "0.99", gene: F8,
              method: sequencing, variant: "c.1A>G", date: 2024-03-01, lab: L, note: n}]}
  - {id: f, sex: M, deceased: true, age: 40}
  - {id: k, sex: M, mother: m, father: f, affected: true, onset_age: 0.5,
     features: ["HP:0002024"], adopted: out}
  - {id: p, sex: U, mother: m, father: f, pregnancy: {weeks: 12}}
  - {id: q, sex: U, mother: m, father: f, pregnancy: {outcome: miscarriage}}
  - {id: h, sex: F, mother: m, hypothetical: true}
  - {id: t1, sex: M, mother: m, father: f}
  - {id: t2, sex: M, mother: m, father: f}
twins: [{zygosity: MZ, members: [t1, t2]}]
unions: [{partners: [f, m], consanguineous: false, separated: true, note: divorced}]
extensions: {pedigreejs: {anything: [1, 2]}}
"""
    ped = native.loads(text)
    assert ped["m"].tests[0].date == "2024-03-01"
    assert ped["m"].tests[0].specificity == Fraction(99, 100)
    assert ped.model is not None and ped.model.male_fitness == Fraction(7, 10)
    assert ped.model.penetrance_at(1) == Fraction(1, 2)
    assert ped.model.mosaicism_prior == Fraction(1, 25)
    assert ped.model.female_penetrance_at(30) == Fraction(1, 20)
    assert ped.date == datetime.date(2025, 3, 1) and native.to_dict(ped)["date"] == "2025-03-01"
    again = native.loads(native.dumps(ped))
    assert again == ped
    assert native.to_dict(again) == native.to_dict(ped)
    assert json.loads(native.dumps(ped, as_json=True))["extensions"] == {
        "pedigreejs": {"anything": [1, 2]}
    }


def test_model_defaults_round_trip() -> None:
    model = RiskModel()
    assert RiskModel.from_mapping(model.to_mapping()) == model


def test_sex_words_accepted() -> None:
    text = "xlinked: 1\nindividuals:\n  - {id: a, sex: female}\n  - {id: b, sex: Male}\n"
    ped = native.loads(text)
    assert [p.sex.value for p in ped] == ["F", "M"]


def test_missing_version() -> None:
    with pytest.raises(PedigreeError, match="'xlinked: 1' .* is missing"):
        native.loads("individuals:\n  - {id: a, sex: F}\n")


def test_future_version() -> None:
    with pytest.raises(PedigreeError, match="unsupported format version 2"):
        native.loads("xlinked: 2\nindividuals:\n  - {id: a, sex: F}\n")


def test_yaml_booleans_must_be_real() -> None:
    with pytest.raises(PedigreeError, match="affected must be true or false, got 'maybe'"):
        native.loads("xlinked: 1\nindividuals:\n  - {id: a, sex: F, affected: maybe}\n")


def test_errors_carry_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "fam.yaml"
    path.write_text("xlinked: 1\nindividuals:\n  - {id: a, sex: F, father: zz}\n")
    with pytest.raises(PedigreeError) as info:
        read(path)
    assert str(info.value) == f"{path}:3: individual 'a': father 'zz' is not defined"
    assert info.value.source == str(path)


def test_broken_person_does_not_cause_undefined_parent_noise() -> None:
    with pytest.raises(PedigreeError) as info:
        native.loads(
            "xlinked: 1\nindividuals:\n  - {id: m, sex: Q}\n  - {id: k, sex: M, mother: m}\n"
        )
    assert [str(p) for p in info.value.problems] == [
        "individual 'm': sex must be M, F or U (male, female, unknown), got 'Q'"
    ]


def test_yaml_line_numbers() -> None:
    with pytest.raises(ReadError) as info:
        native.loads("xlinked: 1\nindividuals:\n  - {id: a, sex: F\n  - b\n", source="f.yaml")
    assert info.value.line is not None and str(info.value).startswith("f.yaml:")


def test_alias_bomb_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    bomb = "\n".join(lines) + "\nxlinked: 1\nindividuals: *a29\n"
    start = time.perf_counter()
    with pytest.raises(ReadError, match="aliases"):
        native.loads(bomb)
    assert time.perf_counter() - start < 2  # refused, not expanded (10**30 nodes)


def test_python_tags_refused() -> None:
    with pytest.raises(ReadError, match="tags that construct objects"):
        native.loads("xlinked: !!python/object/apply:os.getcwd []\nindividuals: []\n")


def test_json_is_read_by_the_same_loader(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"xlinked": 1, "individuals": [{"id": "a", "sex": "F"}]}')
    assert read(path).ids == ("a",)


def test_write_is_atomic_on_error(tmp_path: Path) -> None:
    ped = read(EXAMPLES / "twins.yaml")
    with pytest.raises(ReadError):
        write(ped, tmp_path / "x.unknown")
    assert list(tmp_path.iterdir()) == []


def test_problems_name_their_line_in_order() -> None:
    text = (
        "xlinked: 1\n"
        "model:\n"
        "  mutation_rate: lots\n"
        "individuals:\n"
        "  - {id: a, sex: F, mother: nobody}\n"
        "  - id: b\n"
        "    sex: Q\n"
        "  - {id: c, sex: M, father: a}\n"
        "  - {id: 7, sex: M}\n"
        "twins:\n"
        "  - {zygosity: DZ, members: [a, c]}\n"
    )
    with pytest.raises(PedigreeError) as info:
        native.loads(text, source="f.yaml")
    assert [line.split(": ")[0] for line in info.value.lines()] == [
        "f.yaml:3", "f.yaml:5", "f.yaml:6", "f.yaml:8", "f.yaml:9", "f.yaml:11"
    ]
    assert info.value.lines()[1] == "f.yaml:5: individual 'a': mother 'nobody' is not defined"


def test_json_problems_name_their_line() -> None:
    text = '{"xlinked": 1,\n "individuals": [\n  {"id": "a", "sex": "F"},\n' \
           '  {"id": "b", "sex": "F", "mother": "zz"}]}'
    with pytest.raises(PedigreeError) as info:
        native.loads(text, source="f.json")
    assert str(info.value) == "f.json:4: individual 'b': mother 'zz' is not defined"


def test_a_repeated_id_names_each_person_by_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "repeated.yaml"
    path.write_text("""xlinked: 1
individuals:
  - {id: mum, sex: F}
  - {id: dad, sex: M}
  - {id: boy, sex: M, mother: mum, father: dad}
  - {id: girl, sex: F, mother: mum, father: dda}
  - {id: girl, sex: X, mother: boy}
  - {id: girl, sex: F, mother: boy}
""")
    with pytest.raises(PedigreeError) as info:
        read(path)
    assert str(info.value).splitlines() == [
        f"{path}:6: individual 'girl': father 'dda' is not defined",
        f"{path}:7: individual 'girl' (2nd with this id): sex must be M, F or U "
        "(male, female, unknown), got 'X'",
        f"{path}:7: individual 'girl' (2nd with this id): id is used more than once",
        f"{path}:8: individual 'girl' (3rd with this id): id is used more than once",
        f"{path}:8: individual 'girl' (3rd with this id): mother 'boy' is male (sex must be F)",
    ]
