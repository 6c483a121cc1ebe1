"""GEDCOM 5.5.1 / 7.0: import, the 7.0 export, round trips and errors."""

from __future__ import annotations

import pytest
from hypothesis import given

from roundtrip import people, tidy
from strategies import pedigrees
from xlinked import Individual, Pedigree, PedigreeError, ReadError, Sex, Union
from xlinked.io import gedcom

KEPT = {"affected", "deceased", "birth_year", "label", "note"}


def couples(ped: Pedigree) -> set[tuple[frozenset[str], bool]]:
    """The unions GEDCOM holds: childless or divorced couples."""
    out = set()
    for u in ped.unions:
        has_children = any({p.mother, p.father} == set(u.partners) for p in ped)
        if u.separated or not has_children:
            out.add((frozenset(u.partners), u.separated))
    return out


@given(pedigrees(max_people=14, extras=True, unknown_sex=True))
def test_round_trip_keeps_what_gedcom_can_hold(ped: Pedigree) -> None:
    ped = tidy(ped)
    text, lost = gedcom.dumps(ped)
    again = gedcom.loads(text)
    assert people(again, KEPT) == people(ped, KEPT)
    assert couples(again) == couples(ped)
    if ped.twins:
        assert "twins" in lost
    if any(p.tests for p in ped):
        assert any(line.startswith("test results") for line in lost)


def test_export_is_gedcom_7() -> None:
    ped = Pedigree([Individual("II-1", "F", label="Ann /Smith/", note="line one\nline two"),
                    Individual("son", "M", mother="II-1", affected=True, birth_year=2001)])
    text, lost = gedcom.dumps(ped)
    lines = text.splitlines()
    assert lines[:3] == ["0 HEAD", "1 GEDC", "2 VERS 7.0"] and lines[-1] == "0 TRLR"
    assert "0 @I1@ INDI" in lines and "1 REFN II-1" in lines  # '-' is not allowed in xrefs
    assert "1 NOTE line one" in lines and "2 CONT line two" in lines
    assert "1 _XLK_AFFECTED Y" in lines and "2 DATE 2001" in lines
    assert "1 NAME Ann  Smith " in lines  # GEDCOM's slashes mark a surname: not written
    assert lost == []
    assert gedcom.loads(text)["son"].mother == "II-1"


def test_divorced_and_childless_couples() -> None:
    text = """0 HEAD
1 GEDC
2 VERS 7.0
0 @A@ INDI
1 SEX F
0 @B@ INDI
1 SEX M
0 @C@ INDI
1 SEX M
0 @K@ INDI
1 SEX F
1 FAMC @F1@
0 @F1@ FAM
1 HUSB @B@
1 WIFE @A@
1 CHIL @K@
1 DIV Y
0 @F2@ FAM
1 HUSB @C@
1 WIFE @A@
0 TRLR
"""
    ped = gedcom.loads(text)
    assert set(ped.unions) == {Union(("B", "A"), separated=True), Union(("C", "A"))}


def test_foster_links_and_frel_are_not_parents() -> None:
    text = """0 HEAD
0 @M@ INDI
1 SEX F
0 @D@ INDI
1 SEX M
0 @K@ INDI
1 SEX M
1 FAMC @F1@
2 PEDI foster
0 @L@ INDI
1 SEX F
0 @F1@ FAM
1 HUSB @D@
1 WIFE @M@
1 CHIL @K@
1 CHIL @L@
2 _FREL Adopted
2 _MREL Adopted
0 TRLR
"""
    ped, warnings = gedcom.parse(text)
    assert ped["K"].mother is None and ped["L"].mother is None and ped["L"].adopted == "in"
    assert warnings == ["foster and other non-birth child links are not parents (ignored: 'K')"]


def test_errors_name_the_line() -> None:
    text = """0 HEAD
0 @A@ INDI
1 SEX F
this is not gedcom
3 DATE 1950
0 @K@ INDI
1 FAMC @F1@
1 FAMC @F2@
0 @F1@ FAM
1 WIFE @A@
1 CHIL @K@
1 CHIL @NOBODY@
0 @F2@ FAM
1 CHIL @K@
0 TRLR
"""
    with pytest.raises(PedigreeError) as info:
        gedcom.loads(text, source="f.ged")
    assert info.value.lines() == [
        "f.ged:4: not a GEDCOM line (LEVEL [@XREF@] TAG [VALUE]): 'this is not gedcom'",
        "f.ged:5: level 3 follows level 1: a level can go down by one at most",
        "f.ged:6: INDI 'K': is a birth child of two families (@F1@ and @F2@)",
        "f.ged:12: family 'F1': CHIL @NOBODY@ is not an INDI record",
    ]


def test_two_mothers_by_birth() -> None:
    text = "0 HEAD\n0 @A@ INDI\n1 SEX F\n0 @B@ INDI\n1 SEX F\n0 @K@ INDI\n" \
           "0 @F1@ FAM\n1 HUSB @A@\n1 WIFE @B@\n1 CHIL @K@\n0 TRLR\n"
    with pytest.raises(PedigreeError, match="line 7: family 'F1': both partners are female"):
        gedcom.loads(text)


def test_not_gedcom_and_empty() -> None:
    with pytest.raises(ReadError, match="first line must be '0 HEAD'"):
        gedcom.loads("hello\n")
    with pytest.raises(ReadError, match="no INDI"):
        gedcom.loads("0 HEAD\n0 TRLR\n")


def test_unknown_sex_of_a_wife_is_taken_from_the_role() -> None:
    text = "0 HEAD\n0 @A@ INDI\n0 @K@ INDI\n1 SEX M\n0 @F@ FAM\n1 WIFE @A@\n1 CHIL @K@\n0 TRLR\n"
    ped, warnings = gedcom.parse(text)
    assert ped["A"].sex is Sex.FEMALE and ped["K"].mother == "A"
    assert "taken from the role" in warnings[0]


def test_ansel_file_gets_a_clear_message(tmp_path: object) -> None:
    from pathlib import Path

    from xlinked import read

    path = Path(str(tmp_path)) / "old.ged"
    path.write_bytes(b"0 HEAD\n1 CHAR ANSEL\n0 @I1@ INDI\n1 NAME J\xe2ose\n0 TRLR\n")
    with pytest.raises(ReadError, match="GEDCOM file that is not UTF-8"):
        read(path)
