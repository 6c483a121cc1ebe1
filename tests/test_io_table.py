"""Spreadsheet tables (CSV/TSV with named columns): mapping, errors by row and column, trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given

from roundtrip import people, tidy
from strategies import pedigrees
from xlinked import Pedigree, PedigreeError, ReadError, Sex, read
from xlinked.io import table

KEPT = {"affected", "deceased", "age", "birth_year", "onset_age", "adopted", "label", "note"}


def first_test(ped: Pedigree) -> list[object]:
    return [dataclasses.replace(p.tests[0], variant=None, date=None, lab=None, note=None)
            if p.tests else None for p in ped]


@pytest.mark.parametrize("delimiter", [",", "\t"])
@given(ped=pedigrees(max_people=12, extras=True, unknown_sex=True))
def test_round_trip_keeps_what_a_table_can_hold(delimiter: str, ped: Pedigree) -> None:
    ped = tidy(ped).replace(family="F-1", proband=ped.ids[-1], consultand=ped.ids[0])
    text, lost = table.dumps(ped, delimiter=delimiter)
    again = table.loads(text)
    assert people(again, KEPT) == people(ped, KEPT)
    assert first_test(again) == first_test(ped)
    assert (again.family, again.proband, again.consultand) == ("F-1", ped.proband, ped.consultand)
    assert again.twins == ped.twins
    if ped.unions:
        assert any(line.startswith("unions") for line in lost)
    if any(p.pregnancy for p in ped):
        assert any(line.startswith("pregnancy") for line in lost)


def test_column_names_people_write() -> None:
    text = ("Family ID;Individual;Mum;Dad;Gender;Affection status;Year of birth;Died;Index\n"
            "F;a;;;female;unaffected;1950;yes;\n"
            "F;b;a;;M;affected;1980;no;x\n")
    ped = table.loads(text)
    assert ped.family == "F" and ped["b"].mother == "a" and ped.proband == "b"
    assert ped["a"].sex is Sex.FEMALE and ped["a"].affected is False and ped["a"].deceased
    assert ped["b"].birth_year == 1980 and ped["b"].affected is True


def test_fid_is_father_with_mid_and_family_without() -> None:
    assert table.header_fields(["id", "fid", "mid"]) == {0: "id", 1: "father", 2: "mother"}
    assert table.header_fields(["fid", "iid", "father", "mother"])[0] == "family"
    assert table.header_fields(["name", "mother"]) == {0: "id", 1: "mother"}
    assert table.header_fields(["id", "name"]) == {0: "id", 1: "label"}


def test_errors_name_the_line_and_the_column() -> None:
    text = ("id,mother,sex,age,affected,test\n"
            "a,,F,old,yes,\n"
            "b,a,Q,3,2,maybe\n"
            "c,a,M,4\n")
    with pytest.raises(PedigreeError) as info:
        table.loads(text, source="t.csv")
    assert str(info.value).splitlines() == [
        "t.csv:4: expected 6 columns like the header (line 1), found 4",
    ]
    with pytest.raises(PedigreeError) as info:
        table.loads(text.rsplit("c,", 1)[0], source="t.csv")
    assert str(info.value).splitlines() == [
        "t.csv:2: id 'a': column 'age': must be a number of years from 0 to 150, got 'old'",
        "t.csv:3: id 'b': column 'sex': must be M, F or U (or male/female, 1/2/0), got 'Q'",
        "t.csv:3: id 'b': column 'test': must be positive, negative or inconclusive, "
        "got 'maybe'",
    ]


def test_parent_problems_name_the_line() -> None:
    with pytest.raises(PedigreeError) as info:
        table.loads("id,mother,sex\nkid,ghost,M\nmum,,M\nson,mum,M\n", source="t.csv")
    assert info.value.lines() == [
        "t.csv:2: id 'kid': mother 'ghost' is not defined",
        "t.csv:4: id 'son': mother 'mum' is male (sex must be F)",
    ]


def test_no_id_column_says_which_names_work() -> None:
    with pytest.raises(ReadError, match="no column for the person's id .* name one column 'id'"):
        table.loads("who,mum\na,b\n", source="t.csv")


def test_duplicate_ids_and_unshared_twin_label() -> None:
    with pytest.raises(PedigreeError) as info:
        table.loads("id,mother,sex,mztwin\nm,,F,\na,m,M,1\na,m,M,\n")
    assert [str(p) for p in info.value.problems] == [
        "id 'a': column 'mztwin': twin label '1' is not shared with anybody",
        "id 'a': column 'id': id 'a' is used twice (also line 3)",
    ]


def test_several_families_need_a_choice() -> None:
    text = "fam,id,sex\nA,a,F\nB,b,M\n"
    with pytest.raises(ReadError, match=r"holds 2 families \(A, B\); choose one with --family"):
        table.loads(text)
    assert table.loads(text, family="B").ids == ("b",)
    assert table.families(text) == ["A", "B"]


def test_formula_cells_are_neutralised_and_reported() -> None:
    from xlinked import Individual

    ped = Pedigree([Individual("=cmd", "F", label="+x")])
    text, lost = table.dumps(ped)
    assert "'=cmd" in text and "'+x" in text
    assert lost[0].startswith("cells starting with =, +, -, @")


def test_extra_columns_come_back() -> None:
    text = "id,sex,ethnicity\na,F,EUR\nb,M,\n"
    ped = table.loads(text)
    out, _ = table.dumps(ped)
    assert out.splitlines() == ["id,sex,ethnicity", "a,F,EUR", "b,M,"]


def test_row_problems_and_the_trees_problems_are_said_together(tmp_path: Path) -> None:
    path = tmp_path / "both.csv"
    path.write_text("id,mother,father,sex\nmum,,,F\ndad,,,M\nboy,mum,dad,M\nboy,mum,dad,M\n"
                    "girl,mom,dad,F\n")
    with pytest.raises(PedigreeError) as info:
        read(path)
    assert str(info.value).splitlines() == [
        f"{path}:5: id 'boy': column 'id': id 'boy' is used twice (also line 4)",
        f"{path}:6: id 'girl': mother 'mom' is not defined",
    ]


def test_a_status_column_of_affection_words_is_the_affection_status() -> None:
    """'Status: affected/unaffected' (a common spreadsheet) is not the vital status."""
    text = "Individual ID\tMother ID\tFather ID\tSex\tStatus\nmum\t\t\tF\tunaffected\n" \
           "dad\t\t\tM\tunaffected\nboy\tmum\tdad\tM\taffected\n"
    ped = table.loads(text)
    assert [p.affected for p in ped] == [False, False, True]
    assert not any(p.deceased for p in ped)
    vital = table.loads("id,mother,father,sex,status\nmum,,,F,alive\nboy,mum,,M,dead\n")
    assert [p.deceased for p in vital] == [False, True]
    both = table.loads("id,mother,father,sex,affected,status\nmum,,,F,no,alive\n"
                       "boy,mum,,M,yes,dead\n")
    assert [p.deceased for p in both] == [False, True]
