"""pedigreejs JSON (the CanRisk web tool's save format): import, export, errors, CLI."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import GeneticTest, Individual, Pedigree, PedigreeError, ReadError, read, write
from xlinked.cli import main
from xlinked.io import detect_format, pedigreejs

# The sample of docs/formats.md section 3 (invented family).
SAMPLE = """[
  {"famid": "XLK01", "name": "i1",   "display_name": "Grandad", "sex": "M", "top_level": true,
   "status": 1, "age": 74, "yob": 1931},
  {"famid": "XLK01", "name": "i2",   "display_name": "Grandma", "sex": "F", "top_level": true,
   "age": 80, "yob": 1945},
  {"famid": "XLK01", "name": "ii1",  "display_name": "Uncle",   "sex": "M", "mother": "i2",
   "father": "i1", "status": 1, "age": 1, "ipex_diagnosis_age": 0},
  {"famid": "XLK01", "name": "ii2",  "display_name": "Mum",     "sex": "F", "mother": "i2",
   "father": "i1", "proband": true, "age": 30, "yob": 1995,
   "foxp3_gene_test": {"type": "S", "result": "N"}},
  {"famid": "XLK01", "name": "ii3",  "display_name": "Dad",     "sex": "M", "mother": "i2",
   "father": "i1", "noparents": true},
  {"famid": "XLK01", "name": "iii3", "sex": "M", "mother": "ii2", "father": "ii3", "mztwin": "1",
   "age": 2, "yob": 2023},
  {"famid": "XLK01", "name": "iii4", "sex": "M", "mother": "ii2", "father": "ii3", "mztwin": "1",
   "age": 2, "yob": 2023}
]"""


def records(*people: dict[str, Any]) -> str:
    return json.dumps(list(people))


def problems_of(text: str, **kwargs: Any) -> list[str]:
    with pytest.raises(PedigreeError) as info:
        pedigreejs.loads(text, **kwargs)
    return [str(p) for p in info.value.problems]


# -- import -------------------------------------------------------------------


def test_sample_from_the_docs() -> None:
    ped = pedigreejs.loads(SAMPLE)
    assert len(ped) == 7 and ped.family == "XLK01" and ped.proband == "ii2"
    assert ped["i1"].deceased and ped["i1"].age == 74 and ped["i1"].birth_year == 1931
    assert ped["i1"].label == "Grandad" and ped["iii3"].label is None
    uncle = ped["ii1"]
    assert uncle.affected is True and uncle.onset_age == 0 and uncle.deceased
    (test,) = ped["ii2"].tests
    assert test.result == "negative" and test.method == "screening"
    assert test.sensitivity == 1 and test.gene is None
    (twins,) = ped.twins
    assert twins.members == ("iii3", "iii4") and twins.zygosity == "MZ"
    assert ped["ii2"].affected is None  # unmarked = unknown by default
    assert "pedigreejs" not in ped.extensions  # layout keys are not kept


def test_noparents_drops_layout_parents() -> None:
    """A married-in father must not become a son of the possible carrier."""
    ped = pedigreejs.loads(SAMPLE)
    assert ped["ii3"].mother is None and ped["ii3"].father is None
    assert "ii3" not in ped.children("i2")
    assert ped.children("i2") == ("ii1", "ii2")
    assert set(ped.founders()) == {"i1", "i2", "ii3"}


def test_noparents_as_string_or_false() -> None:
    base = [{"name": "m", "sex": "F"}, {"name": "f", "sex": "M"}]
    ped = pedigreejs.loads(records(*base, {"name": "x", "sex": "M", "mother": "m",
                                           "father": "f", "noparents": "true"}))
    assert ped["x"].mother is None
    ped = pedigreejs.loads(records(*base, {"name": "x", "sex": "M", "mother": "m",
                                           "father": "f", "noparents": False}))
    assert ped["x"].mother == "m"


def test_hidden_nodes_and_links_to_them_are_dropped() -> None:
    text = records(
        {"name": "hid", "sex": "M", "hidden": True},
        {"name": "mum", "sex": "F", "top_level": True},
        {"name": "kid", "sex": "F", "mother": "mum", "father": "hid"},
    )
    ped = pedigreejs.loads(text)
    assert ped.ids == ("mum", "kid")
    assert ped["kid"].mother == "mum" and ped["kid"].father is None


def test_status_and_twin_labels_as_int_or_string() -> None:
    text = records(
        {"name": "m", "sex": "F"}, {"name": "f", "sex": "M", "status": "1"},
        {"name": "a", "sex": "F", "mother": "m", "father": "f", "dztwin": 2, "status": 0},
        {"name": "b", "sex": "M", "mother": "m", "father": "f", "dztwin": "2", "status": "0"},
        {"name": "c", "sex": "M", "mother": "m", "father": "f", "mztwin": 1},
        {"name": "d", "sex": "M", "mother": "m", "father": "f", "mztwin": 1},
    )
    ped = pedigreejs.loads(text)
    assert ped["f"].deceased and not ped["a"].deceased and not ped["b"].deceased
    assert [(g.members, g.zygosity.value) for g in ped.twins] == [
        (("a", "b"), "DZ"), (("c", "d"), "MZ")]


def test_adoption_pregnancy_outcomes_divorce() -> None:
    text = records(
        {"name": "m", "sex": "F", "divorced": "f"}, {"name": "f", "sex": "M"},
        {"name": "a", "sex": "F", "mother": "m", "father": "f", "adopted_out": True},
        {"name": "b", "sex": "M", "mother": "m", "father": "f", "adopted_in": True},
        {"name": "c", "sex": "U", "mother": "m", "father": "f", "miscarriage": True},
        {"name": "d", "sex": "U", "mother": "m", "father": "f", "termination": True},
        {"name": "e", "sex": "M", "mother": "m", "father": "f", "stillbirth": True, "status": 1},
    )
    ped = pedigreejs.loads(text)
    assert ped["a"].adopted == "out" and ped["b"].adopted == "in"
    assert [ped[x].pregnancy.outcome.value for x in "cde"] == [  # type: ignore[union-attr]
        "miscarriage", "termination", "stillbirth"]
    (union,) = ped.unions
    assert union.partners == ("m", "f") and union.separated


def test_affected_flag_and_other_diseases() -> None:
    text = records(
        {"name": "a", "sex": "M", "affected": True},
        {"name": "b", "sex": "M", "affected": 2},  # pedigreejs' own PED import writes 2
        {"name": "c", "sex": "M", "affected": False},
        {"name": "d", "sex": "F", "breast_cancer_diagnosis_age": 45, "ashkenazi": 1,
         "brca1_gene_test": {"type": "S", "result": "N"}},
        {"name": "e", "sex": "M", "ipex_diagnosis_age": "0.5"},
        {"name": "f", "sex": "M", "ipex_diagnosis_age": "AU"},
    )
    ped, warnings = pedigreejs.parse(text)
    assert [ped[x].affected for x in "abcdef"] == [True, True, False, None, True, True]
    assert ped["e"].onset_age == 0.5 and ped["f"].onset_age is None
    assert ped["d"].tests == ()
    assert warnings == ["breast_cancer_diagnosis_age (1 person: 'd') is not ipex: ignored "
                        "(kept in extensions)",
                        "brca1_gene_test (1 person: 'd'): tests of a gene other than FOXP3 are "
                        "not used (kept in extensions; name the condition's gene with --gene)"]
    assert ped.extensions["pedigreejs"]["records"]["d"] == {
        "breast_cancer_diagnosis_age": 45, "ashkenazi": 1,
        "brca1_gene_test": {"type": "S", "result": "N"}}


def test_disease_gene_and_options() -> None:
    text = records(
        {"name": "a", "sex": "M", "haemophilia_diagnosis_age": 2,
         "f8_gene_test": {"type": "T", "result": "P"}},
        {"name": "b", "sex": "F", "f8_gene_test": {"type": "S", "result": "N"}},
        {"name": "c", "sex": "M"},
    )
    ped, warnings = pedigreejs.parse(text, disease="haemophilia", gene="F8",
                                     unmarked="unaffected", screening_sensitivity="0.9")
    assert warnings == []
    assert ped["a"].affected and ped["a"].onset_age == 2
    assert ped["c"].affected is False and ped["b"].affected is False
    assert ped["a"].tests[0].method == "targeted" and ped["a"].tests[0].sensitivity == 1
    assert ped["b"].tests[0].sensitivity == Fraction(9, 10)
    with pytest.raises(ValueError, match="unmarked must be"):
        pedigreejs.loads(text, unmarked="no")


def test_untested_and_het_results() -> None:
    text = records(
        {"name": "a", "sex": "F", "foxp3_gene_test": {"type": "0", "result": "0"}},
        {"name": "b", "sex": "F", "foxp3_gene_test": {"type": "T", "result": "HET"}},
    )
    ped = pedigreejs.loads(text)
    assert ped["a"].tests == () and ped["b"].tests[0].result == "positive"


def test_exactly_one_parent_is_accepted() -> None:
    """pedigreejs' validator rejects it; the model takes the other parent as a founder."""
    ped = pedigreejs.loads(records({"name": "m", "sex": "F"},
                                   {"name": "k", "sex": "M", "mother": "m"}))
    assert ped["k"].mother == "m" and ped["k"].father is None


def test_wrapped_array_and_numeric_names() -> None:
    ped = pedigreejs.loads(json.dumps({"dataset": [
        {"name": 1, "sex": "F"}, {"name": 2, "sex": "M", "mother": 1}]}))
    assert ped.ids == ("1", "2") and ped["2"].mother == "1"


def test_choose_a_family() -> None:
    text = records({"famid": "A", "name": "a", "sex": "F"}, {"famid": "B", "name": "b", "sex": "M"})
    with pytest.raises(ReadError, match=r"2 families \(famid A, B\); choose one with --family"):
        pedigreejs.loads(text)
    assert pedigreejs.loads(text, family="B").ids == ("b",)
    with pytest.raises(ReadError, match="no famid 'C'"):
        pedigreejs.loads(text, family="C")


# -- errors -------------------------------------------------------------------


def test_not_json_names_the_file_and_line() -> None:
    with pytest.raises(ReadError, match=r"^fam.json:2: not valid JSON"):
        pedigreejs.loads('[\n{"name": "a",, }]', source="fam.json")


@pytest.mark.parametrize("text, message", [
    ('{"name": "a", "sex": "F"}', "expected a JSON array of people.*found an object"),
    ("42", "expected a JSON array.*found int"),
    ("[]", "the pedigreejs array is empty"),
])
def test_not_an_array(text: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        pedigreejs.loads(text)


def test_array_that_is_not_objects() -> None:
    assert problems_of('[{"name": "a", "sex": "F"}, 3, "x", null]') == [
        'record 2: must be an object like {"name": "II-1", "sex": "F"}, found int',
        'record 3: must be an object like {"name": "II-1", "sex": "F"}, found str',
        'record 4: must be an object like {"name": "II-1", "sex": "F"}, found null',
    ]


def test_every_problem_is_reported_once_with_record_and_field() -> None:
    text = records(
        {"name": "m", "sex": "F"},
        {"sex": "F"},
        {"name": "a", "sex": "X"},
        {"name": "b", "sex": "M", "mother": "nobody", "father": "m"},
        {"name": "c", "sex": "F", "status": "dead", "age": -3, "yob": 1990.5},
        {"name": "m", "sex": "F"},
        {"name": "t", "sex": "M", "mother": "m", "mztwin": "7"},
        {"name": "g", "sex": "F", "foxp3_gene_test": {"type": "X", "result": "P"}},
        {"name": "h", "sex": "F", "affected": False, "ipex_diagnosis_age": 3},
    )
    found = problems_of(text)
    assert found == [
        "record 2: name (the person's id) is missing",
        "record 3 (name 'a'): sex must be M, F or U, got 'X'",
        "record 5 (name 'c'): status must be 0 (alive) or 1 (deceased), got 'dead'",
        "record 5 (name 'c'): age must be a number of years from 0 to 150, got -3",
        "record 5 (name 'c'): yob must be a whole number, got 1990.5",
        "record 6 (name 'm'): name is used twice (also record 1)",
        "record 7 (name 't'): mztwin '7' is not shared with anybody (twins share one label)",
        "record 8 (name 'g'): foxp3_gene_test type must be S (mutation search), "
        "T (direct test) or 0, got 'X'",
        "record 9 (name 'h'): affected is false but ipex_diagnosis_age is given",
    ]


def test_structural_problems_name_the_record() -> None:
    text = records(
        {"name": "m", "sex": "F"},
        {"name": "b", "sex": "M", "mother": "nobody", "father": "m"},
        {"name": "m", "sex": "F"},
    )
    message = r"x.json: record 3 \(name 'm'\): name is used twice \(also record 1\)"
    with pytest.raises(PedigreeError, match=message):
        pedigreejs.loads(text, source="x.json")
    text = records(
        {"name": "m", "sex": "F"},
        {"name": "b", "sex": "M", "mother": "nobody", "father": "m"},
    )
    assert problems_of(text) == [
        "record 2 (name 'b'): mother 'nobody' is not defined",
        "record 2 (name 'b'): father 'm' is female (sex must be M)",
    ]


def test_twins_with_different_parents() -> None:
    text = records(
        {"name": "m", "sex": "F"}, {"name": "n", "sex": "F"},
        {"name": "a", "sex": "M", "mother": "m", "mztwin": "1"},
        {"name": "b", "sex": "M", "mother": "n", "mztwin": "1"},
    )
    (problem,) = problems_of(text)
    assert problem.startswith("the twins with mztwin '1': twins 'a' and 'b' do not share")


def test_two_probands() -> None:
    text = records({"name": "a", "sex": "F", "proband": True},
                   {"name": "b", "sex": "F", "proband": True})
    assert problems_of(text) == [
        "record 2 (name 'b'): proband is set on more than one person (also 'a')"]


# -- export -------------------------------------------------------------------


def test_export_layout_top_level_and_noparents() -> None:
    ped = pedigreejs.loads(SAMPLE)
    text, lost = pedigreejs.dumps(ped)
    assert lost == []
    out = {r["name"]: r for r in json.loads(text)}
    assert out["i1"]["top_level"] and out["i2"]["top_level"]
    dad = out["ii3"]
    assert dad["noparents"] is True and (dad["mother"], dad["father"]) == ("i2", "i1")
    assert "top_level" not in out["ii2"] and "noparents" not in out["ii2"]
    assert out["ii1"]["ipex_diagnosis_age"] == 0 and out["ii1"]["affected"] is True
    assert out["iii3"]["mztwin"] == out["iii4"]["mztwin"]
    assert out["ii2"]["foxp3_gene_test"]["type"] == "S"
    assert pedigreejs.loads(text) == ped


def test_every_non_founder_has_both_parents_after_export() -> None:
    """pedigreejs needs both parents or none: a placeholder is written and reported."""
    ped = Pedigree([
        Individual("gm", "F"),
        Individual("mum", "F", mother="gm"),
        Individual("son", "M", mother="mum", affected=True),
        Individual("dau", "F", mother="mum"),
    ], proband="son")
    text, lost = pedigreejs.dumps(ped)
    out = json.loads(text)
    by_name = {r["name"]: r for r in out}
    assert set(by_name) == {"gm", "mum", "son", "dau", "gm-father", "mum-father"}
    for r in out:
        assert ("mother" in r) == ("father" in r)
        assert r.get("top_level") or "mother" in r
    assert by_name["son"]["father"] == by_name["dau"]["father"] == "mum-father"
    assert by_name["mum-father"]["noparents"] and by_name["mum-father"]["mother"] == "gm"
    assert by_name["gm-father"]["top_level"]
    assert lost == ["a child with one parent only (pedigreejs needs both or none; placeholder "
                    "parents added: 'gm-father' with 'gm', 'mum-father' with 'mum')"]
    # placeholders are dropped again; a family id is always written (pedigreejs needs one)
    assert pedigreejs.loads(text) == ped.replace(family="FAM1")


def test_export_married_in_chain() -> None:
    """Partners who married in are written with both (layout) parents or as top_level."""
    ped = Pedigree([
        Individual("gm", "F"), Individual("gd", "M"),
        Individual("son", "M", mother="gm", father="gd"),
        Individual("w1", "F"), Individual("w2", "F"),
        Individual("c1", "F", mother="w1", father="son"),
        Individual("m2", "M"), Individual("c2", "F", mother="w1", father="m2"),
    ])
    text, lost = pedigreejs.dumps(ped)
    assert lost == []
    for r in json.loads(text):
        assert r.get("top_level") or ("mother" in r and "father" in r)
    assert pedigreejs.loads(text) == ped.replace(family="FAM1")


def test_export_reports_what_pedigreejs_cannot_hold() -> None:
    ped = Pedigree([
        Individual("mum", "F", tests=(GeneticTest(result="inconclusive"),), note="n"),
        Individual("dad", "M", gender="F"),
        Individual("p", "U", mother="mum", father="dad", pregnancy=None, hypothetical=True),
    ], consultand="mum")
    lost = pedigreejs.dumps(ped)[1]
    assert lost == [
        "inconclusive results and second results for one gene ('mum')",
        "hypothetical (1 person: 'p')",
        "gender (1 person: 'dad')",
        "note (1 person: 'mum')",
        "consultand",
    ]


def test_test_details_survive_a_round_trip() -> None:
    test = GeneticTest(result="negative", sensitivity="0.95", specificity="0.99",
                       method="sequencing", variant="c.1150G>A", date="2024-03-01")
    ped = Pedigree([Individual("a", "F", tests=(test,))])
    text, lost = pedigreejs.dumps(ped)
    assert lost == []
    assert json.loads(text)[0]["foxp3_gene_test"]["type"] == "S"
    assert pedigreejs.loads(text) == ped.replace(family="FAM1")


def test_unknown_keys_survive_pedigreejs_native_pedigreejs(tmp_path: Path) -> None:
    text = records(
        {"name": "d", "sex": "F", "breast_cancer_diagnosis_age": 45, "alleles": "1/2",
         "brca2_gene_test": {"type": "T", "result": "P"}, "exclude": True},
    )
    ped = pedigreejs.loads(text)
    write(ped, tmp_path / "native.yaml")
    back = read(tmp_path / "native.yaml")
    assert back == ped
    rec = json.loads(pedigreejs.dumps(back)[0])[0]
    assert rec["alleles"] == "1/2" and rec["exclude"] is True
    assert rec["brca2_gene_test"] == {"type": "T", "result": "P"}
    assert rec["breast_cancer_diagnosis_age"] == 45


def without_what_pedigreejs_cannot_hold(ped: Pedigree) -> Pedigree:
    people = []
    for p in ped.individuals:
        tests, seen = [], set()
        for t in p.tests:
            if t.result != "inconclusive" and (t.gene or "FOXP3") not in seen:
                seen.add(t.gene or "FOXP3")
                tests.append(t)
        onset = p.onset_age if p.affected else None
        pregnancy = p.pregnancy if p.pregnancy and p.pregnancy.outcome else None
        people.append(p.replace(note=None, features=(), gender=None, hypothetical=False,
                                evaluated=False,
                                tests=tuple(tests), onset_age=onset, pregnancy=pregnancy))
    unions = [dataclasses.replace(u, consanguineous=None, note=None, childless=None)
              for u in ped.unions if u.separated]
    return Pedigree(people, twins=[g for g in ped.twins if g.zygosity != "unknown"],
                    unions=unions, proband=ped.proband, family=ped.family or "FAM1",
                    extensions={k: v for k, v in ped.extensions.items() if k == "pedigreejs"})


@settings(max_examples=60, deadline=None)
@given(pedigrees(extras=True, unknown_sex=True), st.booleans())
def test_hypothesis_native_pedigreejs_native(ped: Pedigree, with_proband: bool) -> None:
    if with_proband:
        ped = ped.replace(proband=ped.ids[-1])
    text, lost = pedigreejs.dumps(ped)
    for r in json.loads(text):
        assert ("mother" in r) == ("father" in r)
        assert r.get("top_level") or "mother" in r
    assert pedigreejs.loads(text) == without_what_pedigreejs_cannot_hold(ped)


# -- detection, read(), CLI ---------------------------------------------------


def test_detection_keeps_native_json(tmp_path: Path) -> None:
    native = tmp_path / "native.json"
    native.write_text('{"xlinked": 1, "individuals": [{"id": "a", "sex": "F"}]}')
    pjs = tmp_path / "pedigree.json"
    pjs.write_text(SAMPLE)
    assert detect_format(native, native.read_text()) == "json"
    assert detect_format(pjs, pjs.read_text()) == "pedigreejs"
    assert detect_format(tmp_path / "x.txt", SAMPLE) == "pedigreejs"
    assert detect_format(tmp_path / "out.json") == "json"  # writing: native unless told
    assert len(read(native)) == 1 and len(read(pjs)) == 7


def test_example_file() -> None:
    ped = read(EXAMPLES / "pedigreejs-family.json")
    assert ped.proband == "III-4" and ped["III-4"].affected
    assert ped["II-2"].mother is None  # noparents
    assert ped["III-5"].pregnancy is not None and ped["III-5"].pregnancy.outcome == "miscarriage"
    assert {g.zygosity.value for g in ped.twins} == {"MZ"}


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_cli_convert_both_ways(tmp_path: Path) -> None:
    source = tmp_path / "pedigree.json"
    source.write_text(SAMPLE)
    result = run("validate", str(source))
    assert result.exit_code == 0 and "valid: 7 individuals" in result.stdout
    result = run("convert", str(source), str(tmp_path / "family.yaml"))
    assert result.exit_code == 0, result.output
    result = run("convert", str(tmp_path / "family.yaml"), str(tmp_path / "out.json"),
                 "--to", "pedigreejs")
    assert result.exit_code == 0, result.output
    assert "pedigreejs" in result.stderr
    assert read(tmp_path / "out.json") == read(source)


def test_cli_bad_file_one_line_per_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(records({"name": "a", "sex": "Q"}, {"sex": "M"},
                           {"name": "b", "sex": "M", "mother": "zz"}))
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {bad}: record 1 (name 'a'): sex must be M, F or U, got 'Q'",
        f"error: {bad}: record 2: name (the person's id) is missing",
        "2 problems found.",
    ]
    bad.write_text("[1, 2")
    result = run("convert", str(bad), str(tmp_path / "x.yaml"))
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {bad}:1: not valid JSON")


# -- issue 11: export as pedigreejs' own importer writes it; any gene ------------------


def _levels(records: list[dict[str, Any]]) -> dict[str, int]:
    """Rows as pedigreejs draws them: top_level people on row 0, children one row below their
    (layout) parents."""
    by_name = {r["name"]: r for r in records}
    rows: dict[str, int] = {}

    def row(name: str) -> int:
        if name not in rows:
            rec = by_name[name]
            rows[name] = 0 if rec.get("top_level") else row(rec["mother"]) + 1
        return rows[name]

    for name in by_name:
        row(name)
    return rows


def test_export_lower_founders_get_noparents() -> None:
    """In-law parents two generations down must not be top_level (issue 11): pedigreejs would
    draw their daughter a generation too high, next to her husband's parents."""
    ped = Pedigree([
        Individual("ggm", "F"), Individual("ggd", "M"),
        Individual("gm", "F", mother="ggm", father="ggd"), Individual("gd", "M"),
        Individual("dad", "M", mother="gm", father="gd"),
        Individual("inlaw-m", "F"), Individual("inlaw-d", "M"),
        Individual("mum", "F", mother="inlaw-m", father="inlaw-d"),
        Individual("son", "M", mother="mum", father="dad"),
    ], family="F")
    text, _ = pedigreejs.dumps(ped)
    records = json.loads(text)
    by_name = {r["name"]: r for r in records}
    tops = {r["name"] for r in records if r.get("top_level")}
    assert tops == {"ggm", "ggd"}
    for name in ("gd", "inlaw-m", "inlaw-d"):
        assert by_name[name]["noparents"] is True
    assert (by_name["inlaw-m"]["mother"], by_name["inlaw-m"]["father"]) == ("ggm", "ggd")
    rows = _levels(records)
    assert rows["mum"] == rows["dad"] == 2 and rows["son"] == 3
    assert rows["inlaw-m"] == rows["gm"] == 1
    assert pedigreejs.loads(text) == ped


def test_export_every_founder_is_top_level_or_placed_a_row_above_its_children() -> None:
    ped = read(EXAMPLES / "first-cousins.yaml")
    records = json.loads(pedigreejs.dumps(ped)[0])
    rows = _levels(records)
    for r in records:
        if "mother" in r and not r.get("noparents"):
            assert rows[r["name"]] == rows[r["mother"]] + 1 == rows[r["father"]] + 1


def test_export_divorced_on_the_woman() -> None:
    """pedigreejs reads a divorce from the mother's record (issue 11)."""
    from xlinked import Union

    ped = Pedigree([Individual("dad", "M"), Individual("mum", "F"),
                    Individual("kid", "F", mother="mum", father="dad")],
                   unions=[Union(("dad", "mum"), separated=True)])
    records = {r["name"]: r for r in json.loads(pedigreejs.dumps(ped)[0])}
    assert records["mum"]["divorced"] == "dad" and "divorced" not in records["dad"]
    (union,) = pedigreejs.loads(json.dumps(list(records.values()))).unions
    assert set(union.partners) == {"dad", "mum"} and union.separated


def test_dmd_tests_survive_a_round_trip() -> None:
    """A DMD mother who tested negative stays tested (issue 11: she went from 0 to 11/17)."""
    from xlinked import Condition
    from xlinked.risk import compute_risks

    ped = Pedigree([
        Individual("gm", "F"), Individual("gd", "M"),
        Individual("uncle", "M", mother="gm", father="gd", affected=True),
        Individual("mum", "F", mother="gm", father="gd",
                   tests=[GeneticTest(result="negative", method="targeted")]),
        Individual("dad", "M"),
        Individual("son", "M", mother="mum", father="dad", affected=True),
    ], condition=Condition("Duchenne muscular dystrophy", "DMD"), family="D1")
    text, lost = pedigreejs.dumps(ped)
    assert '"dmd_gene_test"' in text and '"dmd_diagnosis_age"' not in text
    assert lost == ["condition"]
    again = pedigreejs.loads(text)
    assert again["mum"].tests == ped["mum"].tests
    assert again.condition is not None and again.condition.gene == "DMD"
    before = compute_risks(ped, mode="limit")["mum"].p_carrier
    assert compute_risks(again, mode="limit")["mum"].p_carrier == before == 0


def test_explicit_gene_overrides_and_other_genes_are_reported() -> None:
    text = records({"name": "a", "sex": "F", "f9_gene_test": {"type": "T", "result": "N"},
                    "dmd_gene_test": {"type": "T", "result": "P"}})
    ped, warnings = pedigreejs.parse(text, gene="F9")
    assert ped["a"].tests[0].result == "negative"
    assert warnings == ["dmd_gene_test (1 person: 'a'): tests of a gene other than F9 are not "
                        "used (kept in extensions; name the condition's gene with --gene)"]
    ped, warnings = pedigreejs.parse(text)  # two candidate genes: FOXP3 by default
    assert ped["a"].tests == () and len(warnings) == 2


def test_several_famids_are_listed() -> None:
    text = records({"famid": "A", "name": "a", "sex": "F"}, {"famid": "B", "name": "b",
                                                             "sex": "M"})
    assert pedigreejs.families(text) == ["A", "B"]


def test_broken_record_comes_before_the_family_choice() -> None:
    text = records({"famid": "A", "name": "a", "sex": "F"}, {"famid": "B", "sex": "M"},
                   {"famid": "B", "name": "b", "sex": "M"})
    assert problems_of(text) == ["record 2: name (the person's id) is missing"]


@given(pedigrees(max_people=14, loops=False, extras=True))
def test_export_rows_are_what_pedigreejs_draws(ped: Pedigree) -> None:
    """Every child one row below both parents, partners on one row, nobody top_level but the
    top row (issue 11: lower founders were written top_level)."""
    records_out = json.loads(pedigreejs.dumps(ped)[0])
    rows = _levels(records_out)
    for r in records_out:
        if "mother" in r and not r.get("noparents"):
            assert rows[r["name"]] == rows[r["mother"]] + 1 == rows[r["father"]] + 1
        if r.get("noparents"):
            assert rows[r["mother"]] == rows[r["father"]]
