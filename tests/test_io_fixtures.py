"""Every fixture of tests/data/formats reads, with what its format says (issue 11).

The fixtures were written for these tests from the public descriptions of each
format (PLINK, peddy, pedtools/QuickPed, R write.table, kinship2, CanRisk,
BOADICEA, pedigreejs, GEDCOM 5.5.1 and 7.0, GA4GH Pedigree, Phenopackets).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from xlinked import Sex, TestResult, Zygosity
from xlinked.cli import main
from xlinked.io import detect_format, each_family, families, load, read

DATA = Path(__file__).parent / "data" / "formats"
FIXTURES = sorted(DATA.iterdir())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_validates(path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid:" in result.stdout
    assert "error" not in result.stderr


@pytest.mark.parametrize("name, kind", [
    ("peddy.ped", "ped"), ("plink-header.fam", "ped"), ("quickped.ped", "ped"),
    ("write-table.txt", "ped"), ("kinship2.txt", "ped"), ("family.csv", "csv"),
    ("family.tsv", "tsv"), ("family-5.5.1.ged", "gedcom"), ("family-7.0.ged", "gedcom"),
    ("ga4gh-pedigree.json", "ga4gh"), ("ga4gh-pedigree.yaml", "ga4gh"),
    ("phenopackets-family.json", "phenopackets"), ("multi-family.canrisk", "canrisk"),
    ("no-famid.canrisk", "canrisk"), ("boadicea-4.0.txt", "canrisk"),
    ("pedigreejs-nosex.json", "pedigreejs"), ("pedigreejs-dmd.json", "pedigreejs"),
])
def test_detected_format(name: str, kind: str) -> None:
    path = DATA / name
    assert detect_format(path, path.read_text(encoding="utf-8")) == kind


def test_peddy_extra_columns_and_missing_parents() -> None:
    ped, warnings = load(DATA / "peddy.ped")
    assert ped.family == "XLK03" and ped["II-1"].father == "I-1" and ped["I-1"].father is None
    assert ped["II-2"].affected is None and ped["II-1"].affected is True
    cells = ped.extensions["table"]["cells"]
    assert cells["I-1"] == {"ethnicity": "EUR", "bam_path": "I-1.bam"}
    assert cells["II-2"] == {"ethnicity": "EUR"}  # NA is missing
    assert warnings == ["columns 'ethnicity', 'bam_path' not used (kept in extensions)"]


def test_plink_header_with_minus_nine_parents() -> None:
    ped = read(DATA / "plink-header.fam")
    assert ped["son"].mother == "gm" and ped["son"].father is None
    assert ped["dau"].affected is None and ped["son"].affected is True


def test_quickped_has_no_family_column() -> None:
    ped = read(DATA / "quickped.ped")
    assert ped.family is None and ped["3"].father == "1" and ped["3"].mother == "2"
    assert [ped[i].affected for i in "123456"] == [False, False, True, False, False, True]
    assert ped["6"].father == "5" and ped["6"].mother == "4"


def test_write_table_row_names_and_quotes() -> None:
    ped = read(DATA / "write-table.txt")
    assert ped.ids == ("1", "2", "3", "4")
    assert ped["3"].mother == "2" and ped["3"].affected is True and ped["4"].sex is Sex.FEMALE


def test_kinship2_binary_affection_and_status() -> None:
    assert families(DATA / "kinship2.txt") == ["1", "2"]
    ped, warnings = load(DATA / "kinship2.txt", family="1")
    assert [ped[i].affected for i in ("101", "103")] == [False, True]
    assert ped["101"].deceased and not ped["102"].deceased
    assert "column 'affected' read as 0 = unaffected, 1 = affected" in warnings


def test_csv_named_columns() -> None:
    ped = read(DATA / "family.csv")
    assert ped.family == "XLK05" and ped.proband == "II-2"
    assert ped["I-1"].deceased and ped["I-1"].age == 74 and ped["I-2"].affected is None
    (test,) = ped["I-2"].tests
    assert test.result is TestResult.NEGATIVE and test.sensitivity == pytest.approx(0.95)
    assert ped["I-2"].note == "Tested in 2020, sequencing"
    (twins,) = ped.twins
    assert twins.members == ("III-1", "III-2") and twins.zygosity is Zygosity.MZ


def test_gedcom_551() -> None:
    ped, warnings = load(DATA / "family-5.5.1.ged")
    assert ped["I3"].label == "Colin Example" and ped["I3"].birth_year == 1968
    assert ped["I3"].deceased and ped["I1"].deceased and not ped["I2"].deceased
    assert ped["I3"].mother == "I2" and ped["I3"].father == "I1"
    assert ped["I6"].mother == "I2" and ped["I6"].father == "I5"  # maternal half-brother
    hal = ped["I7"]  # adopted into F2: not Beth's son
    assert hal.mother is None and hal.father is None and hal.adopted == "in"
    assert hal.note == "Adopted as a baby."
    assert ped["I2"].note == ("Possible carrier: her brother died young of infections.\n"
                              "Seen in clinic 2019.")
    assert ped["I2"].birth_year == 1940
    assert warnings == ["approximate birth dates read as their year ('I2')"]


def test_gedcom_70() -> None:
    ped, warnings = load(DATA / "family-7.0.ged")
    assert ped["UNCLE"].affected is True and ped["SON"].affected is True
    assert ped["MUM"].affected is None and ped["MUM"].note == "The consultand."
    assert ped["SON"].mother == "MUM" and ped["SON"].father is None  # HUSB @VOID@
    assert ped["GD"].sex is Sex.MALE and ped["GD"].label == "Line"
    assert any("taken from the role" in w and "'GD'" in w for w in warnings)


def test_ga4gh_pedigree_json() -> None:
    ped = read(DATA / "ga4gh-pedigree.json")
    assert ped.family == "XLK06" and ped.proband == "III-1"
    assert ped["III-1"].affected is True and ped["III-1"].onset_age == pytest.approx(2 / 12)
    assert ped["III-1"].age == 0.5 and ped["II-2"].age == 30
    assert ped["III-3"].affected is False and ped["III-4"].affected is None
    assert ped["III-3"].mother == "II-2" and ped["III-3"].father == "II-3"  # isBiologicalChildOf
    assert ped["III-4"].mother == "II-2" and ped["III-4"].father == "II-3"  # has... terms
    assert ped["I-1"].deceased
    (twins,) = ped.twins
    assert set(twins.members) == {"III-3", "III-4"} and twins.zygosity is Zygosity.MZ


def test_ga4gh_yaml_childless_partner() -> None:
    ped = read(DATA / "ga4gh-pedigree.yaml")
    assert ped.proband == "b" and ped["b"].mother == "a"
    (union,) = ped.unions
    assert set(union.partners) == {"a", "c"}


def test_phenopackets_family() -> None:
    ped = read(DATA / "phenopackets-family.json")
    assert ped.family == "XLK08" and ped.proband == "son"
    assert ped["son"].age == 1.5 and ped["uncle"].deceased and ped["uncle"].affected is True
    assert ped["gm"].affected is False and ped["mum"].affected is None
    assert ped["dad"].affected is None  # no affectedStatus


def test_canrisk_risk_factors_belong_to_their_family() -> None:
    """The family picked gets its own ##BMI line, not the first family's (issue 11)."""
    path = DATA / "multi-family.canrisk"
    assert families(path) == ["FAMA", "FAMB"]
    a = read(path, family="FAMA").extensions["canrisk"]["header"]
    b = read(path, family="FAMB").extensions["canrisk"]["header"]
    assert a == ["##menarche=12", "##BMI=22.5"]
    assert b == ["##BMI=31", "##height=160"]
    reads = list(each_family(path))
    assert [r.family for r in reads] == ["FAMA", "FAMB"] and all(r.pedigree for r in reads)
    gran = read(path, family="FAMB")["b1"]  # the row with mixed tabs and spaces
    assert gran.deceased and gran.age == 88 and gran.birth_year == 1930


def test_canrisk_without_famid_line() -> None:
    ped = read(DATA / "no-famid.canrisk")
    assert ped.proband == "m" and ped["s"].mother == "m" and ped["s"].age == 3


def test_boadicea_4_tests_and_pathology_written_as_canrisk_2() -> None:
    from xlinked.io import canrisk

    ped = read(DATA / "boadicea-4.0.txt")
    cells = ped.extensions["canrisk"]["cells"]["m"]
    assert cells == {"BC1": "42", "BRCA1": "S:N", "BRCA2": "T:P",
                     "ER:PR:HER2:CK14:CK56": "P:N:0:0:0"}
    text, lost = canrisk.dumps(ped)
    row = next(line.split("\t") for line in text.splitlines() if "\tm\t" in line)
    header = text.splitlines()[1].lstrip("#").split("\t")
    values = dict(zip(header, row, strict=True))
    assert values["BRCA1"] == "S:N" and values["BRCA2"] == "T:P"
    assert values["ER:PR:HER2:CK14:CK56"] == "P:N:0:0:0" and values["BC1"] == "42"
    assert not any("not in version 2.0" in x for x in lost)


def test_pedigreejs_records_without_sex() -> None:
    ped, warnings = load(DATA / "pedigreejs-nosex.json")
    assert ped["m21"].sex is Sex.MALE and ped["f21"].sex is Sex.FEMALE
    assert ped["ch2"].sex is Sex.UNKNOWN
    assert warnings == ["sex missing, taken from the role as a parent ('m21', 'f21')"]


def test_pedigreejs_any_gene() -> None:
    ped, warnings = load(DATA / "pedigreejs-dmd.json")
    assert ped.condition is not None and ped.condition.gene == "DMD"
    (test,) = ped["mum"].tests
    assert test.result is TestResult.NEGATIVE and test.gene is None
    assert ped["uncle"].affected is True and ped["uncle"].onset_age == 4
    assert any("brca1_gene_test" in w and "not used" in w for w in warnings)
