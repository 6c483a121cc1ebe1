"""PED / FAM import and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Pedigree, PedigreeError, ReadError, Sex, read
from xlinked.io import each_family
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


# -- issue 11: dialects, and first errors that name the real problem ---------------------


def test_minus_nine_parent_and_mixed_white_space() -> None:
    ped = pedio.loads("F mum -9 -9 2 1\nF son\t-9  mum\t1 2\n")
    assert ped["son"].mother == "mum" and ped["son"].father is None


def test_extra_named_columns_are_written_back() -> None:
    text = ("#family_id\tsample_id\tpaternal_id\tmaternal_id\tsex\tphenotype\tethnicity\n"
            "F\ta\t0\t0\t2\t1\tEUR\nF\tb\t0\ta\t1\t2\t\n")
    ped = pedio.loads(text)
    out, lost = pedio.dumps(ped)
    assert out.splitlines() == [
        "#family_id\tindividual_id\tpaternal_id\tmaternal_id\tsex\tphenotype\tethnicity",
        "F\ta\t0\t0\t2\t1\tEUR", "F\tb\t0\ta\t1\t2\tNA"]
    assert lost == []
    assert pedio.loads(out) == ped


def test_pedtools_header_without_family_column() -> None:
    ped = pedio.loads("id fid mid sex aff\nm 0 0 2 1\nf 0 0 1 1\nk f m 1 2\n")
    assert ped["k"].father == "f" and ped["k"].mother == "m" and ped["k"].affected is True
    assert ped.family is None


def test_five_columns_without_header_say_what_is_missing() -> None:
    with pytest.raises(PedigreeError, match="QuickPed/pedtools files need their header line"):
        pedio.loads("m 0 0 2 1\n")


def test_first_error_is_the_broken_row_not_the_family_choice() -> None:
    """A broken row is reported, not 'the file holds N families' (issue 11)."""
    with pytest.raises(PedigreeError) as info:
        pedio.loads("A a 0 0 2 1\nB b 0 0 1\n", source="x.ped")
    assert str(info.value).startswith("x.ped:2: expected 6 columns")
    assert pedio.families("A a 0 0 2 1\nB b 0 0 1 1\n") == ["A", "B"]


def test_detected_formats_not_misread_as_ped(tmp_path: Path) -> None:
    """GEDCOM and tables under another extension are not read as PED (issue 11)."""
    ged = tmp_path / "tree.txt"
    ged.write_text("0 HEAD\n0 @I1@ INDI\n1 SEX F\n0 TRLR\n")
    assert read(ged).ids == ("I1",)
    csv = tmp_path / "family.txt"
    csv.write_text("id,mother,sex\nm,,F\nk,m,M\n")
    assert read(csv)["k"].mother == "m"


def test_comment_lines_before_a_header_are_comments_not_a_family(tmp_path):
    text = ("# exported by the lab, 2026-11-30\n# second comment\n"
            "FID IID PAT MAT SEX PHENO\nF1 a 0 0 2 1\nF1 b 0 0 1 1\nF1 c b a 1 2\n"
            "F2 d 0 0 2 1\n")
    path = tmp_path / "lab.ped"
    path.write_text(text)
    assert pedio.families(text) == ["F1", "F2"]
    assert [p.id for p in read(path, family="F1").individuals] == ["a", "b", "c"]
    assert [f.family for f in each_family(path)] == ["F1", "F2"]
    bad = text.replace("F1 c b a 1 2", "F1 c b a 9 2")
    path.write_text(bad)
    with pytest.raises(PedigreeError, match=r"lab\.ped:6: .*id 'c': column 'SEX'"):
        read(path, family="F1")


def test_a_repeated_id_is_named_on_its_second_line(tmp_path: Path) -> None:
    path = tmp_path / "repeated.ped"
    path.write_text("F a 0 0 2 1\nF b 0 0 1 1\nF c b a 1 2\nF c b a 2 1\n")
    with pytest.raises(PedigreeError) as info:
        read(path)
    assert str(info.value) == f"{path}:4: id 'c': id is used more than once"


def test_row_problems_and_the_trees_problems_are_said_together(tmp_path: Path) -> None:
    """A bad row does not hide the tree's problems; nobody is blamed for its absence."""
    path = tmp_path / "both.ped"
    path.write_text("F mum 0 0 2 1\nF dad 0 0 1 1\nF girl dad mom 3 1\nF kid dad girl 2 1\n"
                    "F boy dad mumm 1 1\n")
    with pytest.raises(PedigreeError) as info:
        read(path)
    assert str(info.value).splitlines() == [
        f"{path}:3: id 'girl': sex must be 1 (male), 2 (female) or 0, got '3'",
        f"{path}:5: id 'boy': mother 'mumm' is not defined",
    ]
