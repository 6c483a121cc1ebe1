"""``xlinked risk`` and ``xlinked explain`` on the command line."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked.cli import main

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".ped"))


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_risk_works_on_every_example(name):
    result = run("risk", EXAMPLES / name)
    assert result.exit_code == 0, result.stderr
    assert "carrier" in result.stdout and "next son" in result.stdout
    for mode in ("exact", "limit"):
        assert run("risk", EXAMPLES / name, "--mode", mode).exit_code == 0


def test_table_shows_fractions_in_limit_mode():
    result = run("risk", EXAMPLES / "isolated-case.yaml", "--mode", "limit")
    lines = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert lines["II-2"].split()[-4:] == ["2/3", "0", "1/3", "1/3"]
    assert "limit mutation rate -> 0" in result.stdout
    assert "unaffected 34y" in lines["II-2"]


def test_json_contract():
    result = run("risk", EXAMPLES / "unaffected-sons.yaml", "--format", "json", "--mode", "limit")
    data = json.loads(result.stdout)
    people = {p["id"]: p for p in data["individuals"]}
    assert isinstance(people["II-3"]["p_carrier"], float)
    assert people["II-3"]["p_carrier"] == pytest.approx(1 / 9)
    assert people["II-3"]["exact"]["p_carrier"] == "1/9"
    assert people["II-3"]["next_son"] == pytest.approx(1 / 18)
    assert people["II-1"]["next_son"] is None
    assert isinstance(people["II-1"]["p_affected"], float)
    assert data["mode"] == "limit" and data["children"] == []


def test_csv_has_exact_columns_in_exact_modes():
    result = run("risk", EXAMPLES / "gelman-haemophilia.yaml", "--format", "csv", "--mode", "limit")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = next(r for r in rows if r["id"] == "II-2")
    assert float(row["p_carrier"]) == pytest.approx(0.2) and row["p_carrier_exact"] == "1/5"
    flt = run("risk", EXAMPLES / "gelman-haemophilia.yaml", "--format", "csv")
    assert "p_carrier_exact" not in flt.stdout.splitlines()[0]


def test_hypothetical_children_option():
    result = run("risk", EXAMPLES / "isolated-case.yaml", "--mode", "limit",
                 "--child", "II-2:II-1:M", "--child", "II-2::F")
    assert result.exit_code == 0, result.stderr
    son = next(line for line in result.stdout.splitlines() if line.startswith("II-2:next-son"))
    assert son.split()[-4:-2] == ["1/3", "1/3"]
    bad = run("risk", EXAMPLES / "isolated-case.yaml", "--child", "II-2")
    assert bad.exit_code == 2 and "MOTHER:FATHER:SEX" in bad.stderr
    missing = run("risk", EXAMPLES / "isolated-case.yaml", "--child", "X:Y:M")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == (
        f"error: {EXAMPLES / 'isolated-case.yaml'}: --child: no individual 'X' in the pedigree")
    near = run("risk", EXAMPLES / "isolated-case.yaml", "--child", "ii-2:ii 1:M")
    assert near.exit_code == 1 and len(near.stderr.splitlines()) == 1
    assert "--child: no individual 'ii-2' in the pedigree (did you mean 'II-2'?)" in near.stderr


def test_child_of_an_implausible_couple_is_warned_once_in_every_command(tmp_path):
    """In ipex-uncle.yaml the file's 'II-1' is the great-uncle who died at 6 months (drawn
    II-3): a --child naming him (the drawn II-1 was meant) is computed, with a warning."""
    path = EXAMPLES / "ipex-uncle.yaml"
    for args in (["risk", path], ["explain", path, "II-2"], ["draw", path, "-o",
                                                              tmp_path / "p.svg"]):
        result = run(*args, "--child", "II-2:II-1:M")
        assert result.exit_code == 0, result.stderr
        warned = [line for line in result.stderr.splitlines() if "future child" in line]
        assert warned == [
            f"warning: {path}: future child 'II-2:next-son': its father 'II-1' is deceased; "
            "its parents 'II-2' and 'II-1' are sister and brother: check the parents' ids (the "
            "file's ids, which the drawing writes under its numbers where they differ)"], args


def test_model_options():
    rate = run("risk", EXAMPLES / "isolated-case.yaml", "--mutation-rate", "0.01",
               "--format", "json")
    data = json.loads(rate.stdout)
    assert data["model"]["mutation_rate"] == "0.01"
    mother = next(p for p in data["individuals"] if p["id"] == "II-2")
    assert mother["p_carrier"] != pytest.approx(2 / 3, abs=1e-3)
    bad = run("risk", EXAMPLES / "isolated-case.yaml", "--mutation-rate", "2")
    assert bad.exit_code == 1 and "--mutation-rate" in bad.stderr and "Traceback" not in bad.stderr
    nope = run("risk", EXAMPLES / "isolated-case.yaml", "--preset", "nope")
    assert nope.exit_code == 1
    assert nope.stderr == ("error: no preset 'nope' (known: bmd, dmd, haemophilia-a, "
                           "haemophilia-b, ipex, mps2, otc, wiskott-aldrich, x-ald, x-scid; "
                           "or a preset file named *.yaml, *.yml or *.json)\n")
    ok = run("risk", EXAMPLES / "isolated-case.yaml", "--preset", "ipex")
    assert "IPEX syndrome (FOXP3)" in ok.stdout


def test_inconsistent_evidence_is_one_clear_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "xlinked: 1\nmodel: {penetrance: 1}\nindividuals:\n"
        "  - {id: mum, sex: F}\n"
        "  - {id: boy, sex: M, mother: mum, affected: true,"
        " tests: [{result: negative, sensitivity: 1}]}\n"
    )
    result = run("risk", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}: the evidence is impossible")
    assert "'boy' is affected" in lines[0] and "Traceback" not in result.stderr


def test_explain_prints_a_bayes_table():
    result = run("explain", EXAMPLES / "unaffected-sons.yaml", "II-3", "--mode", "limit")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "carrier probability 1/9" in out and "Bayes table" in out
    posterior = next(line for line in out.splitlines() if "Posterior" in line)
    assert posterior.split()[-2:] == ["8/9", "1/9"]
    assert "lowers her risk (without it: 1/5, 20%)" in out


def test_explain_without_a_table_for_loops():
    result = run("explain", EXAMPLES / "first-cousins.yaml", "III-2")
    assert result.exit_code == 0
    assert "No single Bayes table" in result.stdout


def test_explain_unknown_person():
    result = run("explain", EXAMPLES / "isolated-case.yaml", "nobody")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no individual 'nobody'" in result.stderr
    near = run("explain", EXAMPLES / "isolated-case.yaml", "ii-2")
    assert near.exit_code == 1 and "(did you mean 'II-2'?)" in near.stderr


def test_help_has_examples():
    for command in ("risk", "explain"):
        result = run(command, "--help")
        assert "Examples:" in result.stdout and "xlinked " + command in result.stdout


def test_fractions_parse_back():
    result = run("risk", EXAMPLES / "isolated-case.yaml", "--mode", "limit", "--format", "json")
    data = json.loads(result.stdout)
    aunt = next(p for p in data["individuals"] if p["id"] == "II-3")
    assert Fraction(aunt["exact"]["p_carrier"]) == Fraction(1, 6)


def test_warnings_on_stderr(tmp_path):
    path = tmp_path / "girl.yaml"
    path.write_text("xlinked: 1\nindividuals:\n  - {id: mum, sex: F}\n"
                    "  - {id: girl, sex: F, mother: mum, affected: true}\n")
    for command in (["risk", path], ["explain", path, "mum"], ["validate", path]):
        result = run(*command)
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith(f"warning: {path}: affected woman 'girl'")


def test_deceased_and_losses_show_no_risk_to_come(tmp_path):
    """A deceased person and a pregnancy loss: '-' in the table, null in JSON, empty in CSV;
    the status column says why."""
    path = tmp_path / "died.yaml"
    path.write_text(
        "xlinked: 1\nmodel: {penetrance: 1}\nindividuals:\n"
        "  - {id: mum, sex: F, tests: [{result: positive}]}\n"
        "  - {id: dad, sex: M, affected: false}\n"
        "  - {id: baby, sex: M, mother: mum, father: dad, affected: false, deceased: true,"
        " age: 0.1}\n"
        "  - {id: loss, sex: U, mother: mum, father: dad,"
        " pregnancy: {weeks: 9, outcome: miscarriage}}\n"
    )
    table = run("risk", path, "--mode", "limit")
    lines = {line.split()[0]: line for line in table.stdout.splitlines() if line.strip()}
    assert "deceased, unaffected 0.1y" in lines["baby"]
    assert lines["baby"].split()[-6:] == ["0", "-", "-", "-", "-", "-"]
    assert "miscarriage, unknown" in lines["loss"] and lines["loss"].split()[-5:-2] == [
        "-", "-", "1/2"]  # affected, if boy: no risk to come; if girl: carrier
    data = json.loads(run("risk", path, "--format", "json").stdout)
    people = {p["id"]: p for p in data["individuals"]}
    assert people["baby"]["p_affected"] is None and people["loss"]["p_affected"] is None
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run("risk", path, "--format",
                                                               "csv").stdout))}
    assert rows["baby"]["p_affected"] == "" and rows["mum"]["partner_source"] == "last child"


def test_file_date_sets_ages_and_unknown_ages_are_warned(tmp_path):
    """Born 2024, file dated 2025-03-01: age 1 (IPEX penetrance 0.9), shown in the status
    column; his brother without age or birth year is named in a warning by risk, explain,
    validate and draw."""
    path = tmp_path / "ages.yaml"
    path.write_text(
        "xlinked: 1\ndate: '2025-03-01'\nindividuals:\n"
        "  - {id: mum, sex: F, tests: [{result: positive}]}\n"
        "  - {id: dad, sex: M, affected: false, age: 30}\n"
        "  - {id: son, sex: M, mother: mum, father: dad, affected: false, birth_year: 2024}\n"
        "  - {id: bro, sex: M, mother: mum, father: dad, affected: false}\n"
    )
    table = run("risk", path, "--mode", "limit")
    son = next(line for line in table.stdout.splitlines() if line.startswith("son "))
    assert "unaffected 1y" in son and son.split()[-4:-2] == ["1/11", "1/11"]
    for command in (["risk", path], ["explain", path, "mum"], ["validate", path],
                    ["draw", path, "-o", tmp_path / "x.svg"]):
        result = run(*command)
        assert result.exit_code == 0, result.stderr
        assert f"warning: {path}: age unknown for unaffected 'bro'" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("xlinked: 1\ndate: 'March 2025'\nindividuals:\n  - {id: a, sex: F}\n")
    result = run("validate", bad)
    assert result.exit_code == 1
    assert f"{bad}:2: date: date must be a date written YYYY-MM-DD" in result.stderr


PREGNANCY = (
    "xlinked: 1\nmodel: {mutation_rate: 1e-8, penetrance: 1}\nindividuals:\n"
    "  - {id: Mum, sex: F, affected: false, age: 30}\n"
    "  - {id: Dad, sex: M, affected: false, age: 30}\n"
    "  - {id: Boy, sex: M, mother: Mum, father: Dad, affected: true, age: 2}\n"
    "  - {id: Preg, sex: U, mother: Mum, father: Dad, pregnancy: true}\n"
)


def test_pregnancy_of_unknown_sex_if_a_boy_if_a_girl(tmp_path):
    """The mother of an isolated case (2/3): a pregnancy of unknown sex is affected with
    probability 1/6, 1/3 if a boy; a carrier 1/3 if a girl; in JSON, CSV and the table."""
    path = tmp_path / "preg.yaml"
    path.write_text(PREGNANCY)
    data = json.loads(run("risk", path, "--mode", "limit", "--format", "json").stdout)
    preg = next(p for p in data["individuals"] if p["id"] == "Preg")
    assert preg["exact"]["p_affected"] == "1/6"
    assert (preg["exact"]["if_boy"], preg["exact"]["if_girl"]) == ("1/3", "1/3")
    assert preg["if_boy"] == pytest.approx(1 / 3)
    mum = next(p for p in data["individuals"] if p["id"] == "Mum")
    assert "if_boy" not in mum and "if_girl" not in mum
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(
        run("risk", path, "--mode", "limit", "--format", "csv").stdout))}
    assert rows["Preg"]["if_boy_exact"] == "1/3" and rows["Mum"]["if_boy"] == ""
    table = run("risk", path, "--mode", "limit").stdout.splitlines()
    head = table[2].split("  ")
    assert [h.strip() for h in head if h.strip()][-6:] == [
        "carrier", "affected", "if boy affected", "if girl carrier", "next son affected",
        "next daughter carrier"]
    preg_line = next(line for line in table if line.startswith("Preg"))
    assert preg_line.split()[-6:] == ["1/3", "1/6", "1/3", "1/3", "-", "-"]
    plain = run("risk", EXAMPLES / "isolated-case.yaml").stdout
    assert "if boy" not in plain and "germline mosaic" not in plain


def test_mosaic_column_when_the_model_has_mosaicism():
    dmd = run("risk", EXAMPLES / "isolated-case.yaml", "--preset", "dmd")
    assert "germline mosaic" in dmd.stdout.splitlines()[2]
    rows = list(csv.DictReader(io.StringIO(run(
        "risk", EXAMPLES / "isolated-case.yaml", "--preset", "dmd", "--format", "csv").stdout)))
    assert "p_mosaic" in rows[0] and float(rows[0]["p_mosaic"]) > 0
    ipex = run("risk", EXAMPLES / "isolated-case.yaml", "--format", "csv").stdout
    assert "p_mosaic" not in ipex.splitlines()[0]


def test_words_and_numbers_in_the_table():
    """Headers say what the risk is; --as one-in; no scientific notation; exact mode
    shows at least as many digits as float."""
    result = run("risk", EXAMPLES / "isolated-case.yaml", "--mode", "limit", "--as", "one-in")
    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("II-2"))
    assert " ".join(line.split()).endswith("2 in 3 0 1 in 3 1 in 3")
    assert "next son affected" in result.stdout and "next daughter carrier" in result.stdout
    tiny = run("risk", EXAMPLES / "isolated-case.yaml", "--mutation-rate", "1e-12")
    assert "e-" not in tiny.stdout and "<0.000001" in tiny.stdout
    exact = run("risk", EXAMPLES / "isolated-case.yaml", "--mode", "exact").stdout
    flt = run("risk", EXAMPLES / "isolated-case.yaml").stdout
    for pid in ("I-2", "II-3"):
        e = next(x for x in exact.splitlines() if x.startswith(pid)).split()[4]
        f = next(x for x in flt.splitlines() if x.startswith(pid)).split()[4]
        assert len(e.lstrip("≈")) >= len(f), (e, f)


def test_explain_json_and_one_in():
    result = run("explain", EXAMPLES / "isolated-case.yaml", "II-2", "--mode", "limit",
                 "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "II-2" and data["exact"]["p_carrier"] == "2/3"
    assert data["bayes_table"]["posterior"] == ["1/3", "2/3"]
    assert data["source"].endswith("isolated-case.yaml")
    text = run("explain", EXAMPLES / "isolated-case.yaml", "II-2", "--mode", "limit",
               "--as", "one-in").stdout
    assert "carrier probability 2 in 3 (66.7%)" in text
    assert max(len(line) for line in text.splitlines()) <= 100
