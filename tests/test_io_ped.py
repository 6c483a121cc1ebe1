"""PED / FAM import and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Pedigree, PedigreeError, ReadError, Sex, read
from xlinked.io import ped as pedio


def structure(ped: Pedigree) -> list[tuple]:
    return [(p.id, p.sex, p.mother, p.father, p.affected) for p in ped]


@given(pedigrees(max_people=15, extras=True, unknown_sex=True, shuffle=True))
def test_round_trip_keeps_what_ped_can_hold(ped: Pedigree) -> None:
    text, lost = pedio.dumps(ped)
    again = pedio.loads(text)
    assert structure(again) == structure(ped)
    has_extras = any(p.age is not None or p.deceased or p.tests or p.label for p in ped)
    if has_extras or ped.twins or ped.unions:
        assert lost


def test_example_ped() -> None:
    ped = read(EXAMPLES / "family.ped")
    assert len(ped) == 9 and ped.family == "XLK02"
    assert ped["III-1"].affected is True and ped["III-2"].affected is None
    assert ped["II-2"].sex is Sex.FEMALE and ped["II-1"].sex is Sex.MALE
    assert ped["III-1"].mother == "II-2" and ped["III-1"].father == "II-3"


def test_sex_codes_are_plink_ones() -> None:
    ped = pedio.loads("F a 0 0 1 0\nF b 0 0 2 0\nF c 0 0 0 0\n")
    assert [p.sex for p in ped] == [Sex.MALE, Sex.FEMALE, Sex.UNKNOWN]


def test_phenotype_codes() -> None:
    ped = pedio.loads("F a 0 0 1 1\nF b 0 0 1 2\nF c 0 0 1 0\nF d 0 0 1 -9\n")
    assert [p.affected for p in ped] == [False, True, None, None]


def test_genotype_columns_and_header_and_crlf() -> None:
    ped = pedio.loads("#FID IID PAT MAT SEX PHENO\r\nF a 0 0 2 1 A G 0 0\r\n")
    assert ped.ids == ("a",)


def test_lost_fields_listed() -> None:
    ped = read(EXAMPLES / "twins.yaml")
    _, lost = pedio.dumps(ped)
    assert "twins" in lost and "proband" in lost
    assert any(line.startswith("test results (1 person: 'II-2')") for line in lost)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("F a 0 0 2\n", "line 1: expected 6 columns"),
        ("F a 0 0 2 1 A\n", "line 1: expected 6 columns .* found 7"),
        ("F a 0 0 3 1\n", r"line 1: id 'a': sex must be 1 \(male\), 2 \(female\) or 0"),
        ("F a 0 0 2 5\n", r"line 1: id 'a': phenotype must be 1 \(unaffected\)"),
        ("F 0 0 0 2 1\n", "individual id must not be 0"),
        ("F a 0 0 2 1\nF b a 0 1 1\n", r"line 2: id 'b': father 'a' is female"),
        ("F a 0 x 2 1\n", r"line 1: id 'a': mother 'x' is not defined"),
    ],
)
def test_ped_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(PedigreeError, match=message):
        pedio.loads(text)


def test_empty_ped() -> None:
    with pytest.raises(ReadError, match="no PED rows"):
        pedio.loads("# only a comment\n")


def test_unknown_family_requested(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no family 'F9'"):
        pedio.loads("F1 a 0 0 2 1\n", family="F9")


def test_ids_with_spaces_cannot_be_written() -> None:
    from xlinked import Individual

    ped = Pedigree([Individual("a b", "F")])
    with pytest.raises(PedigreeError, match="white space"):
        pedio.dumps(ped)
