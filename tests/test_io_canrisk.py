"""CanRisk / BOADICEA pedigree files: import, export, errors, CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Individual, Pedigree, PedigreeError, ReadError, TwinGroup, read
from xlinked.cli import main
from xlinked.io import canrisk, detect_format

REST = ["0"] * 6 + ["0:0"] * 9 + ["0:0:0:0:0"]  # BC1..Ashkn, 9 genes, pathology (v2)
HEADER = "##" + "\t".join(canrisk.COLUMNS)


def row(*fixed: str, rest: list[str] | None = None) -> str:
    return "\t".join([*fixed, *(REST if rest is None else rest)])


# The sample of docs/formats.md section 2, with all 27 columns.
SAMPLE = "\n".join([
    "##CanRisk 2.0",
    HEADER,
    row("XLK01", "Gdad", "0", "i1", "0", "0", "M", "0", "1", "74", "1931"),
    row("XLK01", "Gmum", "0", "i2", "0", "0", "F", "0", "0", "80", "1945"),
    row("XLK01", "Uncle", "0", "ii1", "i1", "i2", "M", "0", "1", "1", "1968"),
    row("XLK01", "Mum", "1", "ii2", "i1", "i2", "F", "0", "0", "30", "1995"),
    row("XLK01", "Dad", "0", "ii3", "0", "0", "M", "0", "0", "32", "1993"),
    row("XLK01", "Twin1", "0", "iii3", "ii3", "ii2", "M", "1", "0", "2", "2023"),
    row("XLK01", "Twin2", "0", "iii4", "ii3", "ii2", "M", "1", "0", "2", "2023"),
]) + "\n"


def problems_of(text: str, **kwargs: Any) -> list[str]:
    with pytest.raises(PedigreeError) as info:
        canrisk.loads(text, **kwargs)
    return info.value.lines()


# -- import -------------------------------------------------------------------


def test_sample_from_the_docs() -> None:
    ped, warnings = canrisk.parse(SAMPLE)
    assert warnings == []
    assert len(ped) == 7 and ped.family == "XLK01" and ped.proband == "ii2"
    assert ped["i1"].deceased and ped["i1"].age == 74 and ped["i1"].birth_year == 1931
    assert ped["ii1"].mother == "i2" and ped["ii1"].father == "i1"
    assert ped["ii3"].mother is None and ped["ii1"].label == "Uncle"
    assert ped.twins == (TwinGroup(("iii3", "iii4"), "MZ"),)
    assert all(p.affected is None and not p.tests for p in ped)  # CanRisk has no IPEX data
    assert ped.extensions["canrisk"] == {"format": "canrisk", "version": "2.0",
                                         "columns": list(canrisk.COLUMNS[11:])}


def test_zero_age_and_yob_mean_unspecified() -> None:
    ped = canrisk.loads("\n".join([
        "##CanRisk 2.0", HEADER, row("F", "A", "1", "a", "0", "0", "F", "0", "0", "0", "0")]))
    assert ped["a"].age is None and ped["a"].birth_year is None


def test_all_versions_and_legacy_boadicea() -> None:
    v1_header = "##" + "\t".join([*canrisk.FIXED, "BC1", "BC2", "OC", "PRO", "PAN", "Ashkn",
                                  "BRCA1", "BRCA2", "PALB2", "ATM", "CHEK2", "RAD51D", "RAD51C",
                                  "BRIP1", "ER:PR:HER2:CK14:CK56"])
    fixed = ("F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "1980")
    v1 = "\n".join(["##CanRisk 1.0", v1_header, row(*fixed, rest=REST[:6] + REST[7:])])
    v3 = "\n".join(["##CanRisk 3.0", "##ethnicity=UK;White", HEADER, row(*fixed)])
    v4_header = HEADER.replace("\tER:PR", "\tHOXB13\tER:PR")
    v4 = "\n".join(["##CanRisk 4.0;OVARY2=y", v4_header,
                    row(*fixed, rest=[*REST[:-1], "S:N", REST[-1]])])
    b4_header = "\t".join([*canrisk.FIXED, "1stBrCa", "2ndBrCa", "OvCa", "ProCa", "PanCa",
                           "Ashkn", "BRCA1t", "BRCA1r", "BRCA2t", "BRCA2r", "PALB2t", "PALB2r",
                           "ATMt", "ATMr", "CHEK2t", "CHEK2r", "ER", "PR", "HER2", "CK14",
                           "CK56"])
    b4 = "\n".join(["BOADICEA import pedigree file format 4.0", b4_header,
                    " ".join([*fixed, "45", *["0"] * 20])])
    for text, version, kind in ((v1, "1.0", "canrisk"), (v3, "3.0", "canrisk"),
                                (v4, "4.0", "canrisk"), (b4, "4.0", "boadicea")):
        ped = canrisk.loads(text)
        assert ped.proband == "a" and ped["a"].age == 40, version
        assert ped.extensions["canrisk"]["version"] == version
        assert ped.extensions["canrisk"]["format"] == kind
    assert canrisk.loads(v3).extensions["canrisk"]["header"] == ["##ethnicity=UK;White"]
    assert canrisk.loads(v4).extensions["canrisk"]["cells"] == {"a": {"HOXB13": "S:N"}}
    assert canrisk.loads(b4).extensions["canrisk"]["cells"] == {"a": {"BC1": "45"}}


def test_whitespace_separated_rows_are_accepted() -> None:
    text = "\n".join(["##CanRisk 2.0", HEADER,
                      " ".join(["F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "0", *REST])])
    assert canrisk.loads(text).ids == ("a",)


def test_one_parent_is_an_implied_founder() -> None:
    text = "\n".join(["##CanRisk 2.0", HEADER,
                      row("F", "M", "1", "m", "0", "0", "F", "0", "0", "40", "0"),
                      row("F", "K", "0", "k", "0", "m", "M", "0", "0", "10", "0")])
    ped = canrisk.loads(text)
    assert ped["k"].mother == "m" and ped["k"].father is None


def test_choose_a_family() -> None:
    text = "\n".join(["##CanRisk 2.0", HEADER,
                      row("A", "X", "1", "a", "0", "0", "F", "0", "0", "40", "0"),
                      row("B", "Y", "1", "b", "0", "0", "F", "0", "0", "40", "0")])
    with pytest.raises(ReadError, match=r"2 families \(A, B\); choose one with --family"):
        canrisk.loads(text)
    assert canrisk.loads(text, family="B").ids == ("b",)


# -- errors -------------------------------------------------------------------


def test_not_canrisk() -> None:
    with pytest.raises(ReadError, match=r"^f.canrisk:2: not a CanRisk or BOADICEA file"):
        canrisk.loads("\nhello\n", source="f.canrisk")
    with pytest.raises(ReadError, match="column header line .* is missing"):
        canrisk.loads("##CanRisk 2.0\n##menarche=12\n")
    with pytest.raises(ReadError, match="a header but no rows"):
        canrisk.loads("##CanRisk 2.0\n" + HEADER + "\n")


def test_wrong_column_count_names_the_line() -> None:
    text = "\n".join(["##CanRisk 2.0", HEADER,
                      row("F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "0"),
                      row("F", "B", "0", "b", "0", "0", "F", "0", "0", "40", "0", rest=REST[:-1])])
    with pytest.raises(PedigreeError, match=r"^fam.txt:4: expected 27 tab-separated "
                       r"columns \(CanRisk 2.0\), found 26$"):
        canrisk.loads(text, source="fam.txt")


def test_header_count_must_match_the_version() -> None:
    text = "\n".join(["##CanRisk 4.0", HEADER,
                      row("F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "0")])
    assert problems_of(text)[0] == "line 2: CanRisk 4.0 files have 28 columns, the header has 27"


def test_every_bad_cell_is_reported() -> None:
    text = "\n".join([
        "##CanRisk 2.0", HEADER,
        row("F", "A", "1", "a", "0", "0", "U", "0", "0", "40", "0"),
        row("F", "B", "2", "b", "0", "0", "F", "0", "yes", "forty", "19x0"),
        row("F", "C", "1", "c", "0", "0", "F", "0", "0", "40", "0"),
        row("F", "D", "0", "0", "0", "0", "F", "0", "0", "40", "0"),
        row("F", "E", "0", "e", "zz", "c", "M", "7", "0", "40", "0"),
    ])
    assert problems_of(text) == [
        "line 3: IndivID 'a': Sex must be M or F, got 'U' (CanRisk has no code for unknown sex)",
        "line 4: IndivID 'b': Target must be 0 or 1, got '2'",
        "line 4: IndivID 'b': Dead must be 0 (alive) or 1 (dead), got 'yes'",
        "line 4: IndivID 'b': Age must be a number of years from 0 to 150, or 0 when unknown, "
        "got 'forty'",
        "line 4: IndivID 'b': Yob must be a year from 1000 to 2999, or 0 when unknown, "
        "got '19x0'",
        "line 5: IndivID 'c': Target=1 on more than one person (also line 3)",
        "line 6: IndivID must not be '0'",
        "line 7: IndivID 'e': MZtwin label '7' is not shared with anybody (twins share one label)",
        "line 7: IndivID 'e': FathID 'zz' is not defined",  # the tree's problems too
    ]


def test_structural_problems_name_line_and_column() -> None:
    text = "\n".join([
        "##CanRisk 2.0", HEADER,
        row("F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "0"),
        row("F", "B", "1", "b", "zz", "a", "M", "0", "0", "10", "0"),
        row("F", "C", "0", "c", "a", "0", "M", "0", "0", "10", "0"),
    ])
    # a row's problem and the tree's problems, said together
    assert problems_of(text) == [
        "line 4: IndivID 'b': Target=1 on more than one person (also line 3)",
        "line 4: IndivID 'b': FathID 'zz' is not defined",
        "line 5: IndivID 'c': FathID 'a' is female (sex must be M)",
    ]
    text = text.replace("\t1\tb\t", "\t0\tb\t")
    assert problems_of(text) == [
        "line 4: IndivID 'b': FathID 'zz' is not defined",
        "line 5: IndivID 'c': FathID 'a' is female (sex must be M)",
    ]


def test_mz_twins_must_share_parents() -> None:
    text = "\n".join([
        "##CanRisk 2.0", HEADER,
        row("F", "A", "1", "a", "0", "0", "F", "0", "0", "40", "0"),
        row("F", "B", "0", "b", "0", "a", "M", "1", "0", "10", "0"),
        row("F", "C", "0", "c", "0", "0", "M", "1", "0", "10", "0"),
    ])
    (problem,) = problems_of(text)
    assert problem.startswith("line 4: MZtwin '1': twins 'b' and 'c' do not share both parents")


# -- export -------------------------------------------------------------------


def test_round_trip_of_the_sample() -> None:
    ped = canrisk.loads(SAMPLE)
    text, lost = canrisk.dumps(ped)
    assert lost == []
    assert text == SAMPLE
    assert canrisk.loads(text) == ped


def test_round_trip_keeps_cancer_and_gene_cells_and_risk_factors(tmp_path: Path) -> None:
    ped = read(EXAMPLES / "canrisk-family.canrisk")
    assert ped.extensions["canrisk"]["cells"] == {
        "I2": {"BC1": "62", "ER:PR:HER2:CK14:CK56": "P:P:N:0:0"}}
    (tmp_path / "native.yaml").write_text("")
    from xlinked import write
    write(ped, tmp_path / "native.yaml")
    back = read(tmp_path / "native.yaml")
    assert back == ped
    text, lost = canrisk.dumps(back)
    assert lost == []
    assert text == (EXAMPLES / "canrisk-family.canrisk").read_text()


def test_export_aliases_long_ids_and_adds_placeholders() -> None:
    ped = Pedigree([
        Individual("grandmother", "F", age=70.5, note="x"),
        Individual("II 1", "M", mother="grandmother", affected=True, onset_age=0.25, age=0.5),
        Individual("p", "U", mother="grandmother", father=None),
        Individual("sister", "F", mother="grandmother", label="Sister of the proband"),
    ], proband="II 1", family="Smith family")
    text, lost = canrisk.dumps(ped)
    rows = [line.split("\t") for line in text.splitlines()[2:]]
    assert all(len(r) == 27 for r in rows)
    by_id = {r[3]: r for r in rows}
    assert set(by_id) == {"x1", "x2", "sister", "xf3"}
    assert by_id["x2"][4:6] == ["xf3", "x1"] and by_id["x2"][2] == "1"
    assert by_id["xf3"][1] == "unknown" and by_id["xf3"][6] == "M"
    assert by_id["sister"][1] == "Sister_o"
    assert rows[0][0] == "Smithfamily"
    assert lost == [
        "people of unknown sex (not written: 'p')",
        "ids over 7 characters or with characters other than letters, digits, - and _ "
        "(IndivID replaced: 'grandmother' -> 'x1', 'II 1' -> 'x2')",
        "a child with one parent only (CanRisk needs both or none; placeholder father "
        "added: 'xf3' with 'x1')",
        "family id 'Smith family' (up to 13 letters, digits and -; written as 'Smithfamily')",
        "names over 8 characters (Name cut: 'grandmother', 'sister')",
        "ages in fractions of a year (written in whole years, under 1 as 0 = unspecified: "
        "'grandmother', 'II 1')",
        "affection status (1 person: 'II 1')",
        "onset age (1 person: 'II 1')",
        "note (1 person: 'grandmother')",
    ]
    assert canrisk.loads(text).proband == "x2"


def test_export_twins_and_no_proband() -> None:
    ped = Pedigree([
        Individual("m", "F"), Individual("f", "M"),
        *(Individual(x, "M", mother="m", father="f") for x in "abcde"),
    ], twins=[TwinGroup(("a", "b"), "MZ"), TwinGroup(("c", "d", "e"), "MZ")])
    text, lost = canrisk.dumps(ped)
    assert lost == ["a pedigree without proband (Target=1 set on 'm')",
                    "twins other than monozygotic pairs (CanRisk: MZ pairs only): c/d/e"]
    back = canrisk.loads(text)
    assert back.twins == (TwinGroup(("a", "b"), "MZ"),) and back.proband == "m"


@settings(max_examples=40, deadline=None)
@given(pedigrees(extras=True))
def test_hypothesis_structure_survives_canrisk(ped: Pedigree) -> None:
    text, lost = canrisk.dumps(ped)
    back = canrisk.loads(text)
    for p in ped:
        q = back[p.id]  # ids p0, p1, ... are short: never aliased
        assert q.sex == p.sex and q.deceased == p.deceased
        assert q.birth_year == p.birth_year
        assert q.age == (int(p.age) if p.age else None)
        if p.mother and p.father:
            assert (q.mother, q.father) == (p.mother, p.father)
        elif p.mother or p.father:
            assert (q.mother or q.father) is not None
            assert any("one parent only" in line for line in lost)


# -- detection, read(), CLI ---------------------------------------------------


def test_detection(tmp_path: Path) -> None:
    assert detect_format(tmp_path / "f.canrisk") == "canrisk"
    assert detect_format(tmp_path / "f.boadicea") == "canrisk"
    assert detect_format(tmp_path / "canrisk.txt", SAMPLE) == "canrisk"
    assert detect_format(tmp_path / "x", "BOADICEA import pedigree file format 4.0\n") == "canrisk"
    assert detect_format(tmp_path / "f.ped", "F1 a 0 0 2 1\n") == "ped"
    path = tmp_path / "canrisk.txt"
    path.write_text(SAMPLE)
    assert read(path).proband == "ii2"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_cli_convert(tmp_path: Path) -> None:
    source = tmp_path / "x.canrisk"
    source.write_text(SAMPLE)
    result = run("convert", str(source), str(tmp_path / "out.yaml"))
    assert result.exit_code == 0, result.output
    assert read(tmp_path / "out.yaml") == read(source)
    result = run("convert", str(tmp_path / "out.yaml"), "-", "--to", "canrisk")
    assert result.exit_code == 0 and result.stdout == SAMPLE
    result = run("convert", str(EXAMPLES / "pedigreejs-family.json"), str(tmp_path / "o.canrisk"))
    assert result.exit_code == 0
    assert "warning: CANRISK cannot hold affection status" in result.stderr


def test_cli_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.canrisk"
    bad.write_text("\n".join(["##CanRisk 2.0", HEADER,
                              row("F", "A", "1", "a", "0", "0", "X", "0", "0", "40", "0"),
                              row("F", "B", "0", "b", "0", "0", "F", "0", "0", "40", "0",
                                  rest=["0"])]))
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"error: {bad}:3: IndivID 'a': Sex must be M or F, got 'X' "
        "(CanRisk has no code for unknown sex)",
        f"error: {bad}:4: expected 27 tab-separated columns (CanRisk 2.0), found 12",
        "2 problems found.",
    ]
