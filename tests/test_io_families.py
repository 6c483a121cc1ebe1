"""Files with several families: io.families, io.each_family (one parse per family)."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlinked import XlinkedError
from xlinked.io import each_family, families, load

DATA = Path(__file__).parent / "data" / "formats"

ROWS = ["0"] * 6 + ["0:0"] * 9 + ["0:0:0:0:0"]
CANRISK_HEADER = ("##FamID\tName\tTarget\tIndivID\tFathID\tMothID\tSex\tMZtwin\tDead\tAge\tYob\t"
                  "BC1\tBC2\tOC\tPRO\tPAN\tAshkn\tBRCA1\tBRCA2\tPALB2\tATM\tCHEK2\tBARD1\tRAD51D\t"
                  "RAD51C\tBRIP1\tER:PR:HER2:CK14:CK56")


def canrisk_row(fam: str, iid: str, mother: str, sex: str, target: str = "0") -> str:
    return "\t".join([fam, iid, target, iid, "0", mother, sex, "0", "0", "30", "1990", *ROWS])


FILES = {
    "many.ped": "# comment\nA mum 0 0 2 1\nB x 0 ghost 1 1\nA son 0 mum 1 2\nB y 0 0 1\n"
                "C dad 0 0 1 1\nA son 0 0 1 1\n",
    "many.csv": "family,id,mother,sex,affected\nA,mum,,F,no\nB,x,ghost,M,yes\nA,son,mum,M,2\n"
                "C,dad,,Q,\nB,y,,M,\n",
    "many.tsv": "fid\tiid\tmother\tsex\nA\tm\t\tF\nB\tk\tm\tM\n",
    "rownames.txt": '"ped" "id" "mother" "sex"\n"1" "A" "m" "0" "F"\n"2" "B" "k" "m" "M"\n',
    "many.canrisk": "\n".join([
        "##CanRisk 2.0", "##BMI=20", CANRISK_HEADER,
        canrisk_row("A", "m", "0", "F", "1"), canrisk_row("B", "k", "ghost", "M"),
        canrisk_row("A", "s", "m", "M"), canrisk_row("B", "k", "0", "M", "1"),
        "##CanRisk 2.0", "##BMI=30", CANRISK_HEADER,
        canrisk_row("C", "c", "0", "X"), canrisk_row("C", "d", "c", "F", "1"),
    ]) + "\n",
    "many.json": '[{"famid": "A", "name": "a", "sex": "F"}, {"famid": "B", "name": "b", '
                 '"sex": "M", "mother": "a"}]',
}


def outcome(result: object) -> object:
    """A comparable outcome: the pedigree with its warnings, or the error message."""
    if isinstance(result, XlinkedError):
        return str(result)
    return result


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_family_is_what_reading_that_family_gives(tmp_path: Path, name: str) -> None:
    """Cutting the file per family changes nothing, line numbers in errors included."""
    path = tmp_path / name
    path.write_text(FILES[name])
    names = families(path)
    assert len(names) > 1
    got = list(each_family(path))
    assert [g.family for g in got] == names
    for one in got:
        try:
            expected: object = load(path, family=one.family)
        except XlinkedError as exc:
            expected = exc
        if one.pedigree is None:
            assert isinstance(expected, XlinkedError)
            assert outcome(one.error) == outcome(expected)
        else:
            assert (one.pedigree, one.warnings) == expected


def test_errors_keep_the_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "many.canrisk"
    path.write_text(FILES["many.canrisk"])
    by_family = {one.family: one for one in each_family(path)}
    assert by_family["A"].pedigree is not None
    assert by_family["A"].pedigree.extensions["canrisk"]["header"] == ["##BMI=20"]
    lines = str(by_family["B"].error).splitlines()
    assert f"{path}:5: IndivID 'k': MothID 'ghost' is not defined" in lines
    # the second 'k' (line 7) is the one named a repeat
    assert f"{path}:7: IndivID 'k': id is used more than once" in lines
    assert f"{path}:11: IndivID 'c': Sex must be M or F" in str(by_family["C"].error)


def test_single_family_formats_give_none() -> None:
    assert families(DATA / "family-5.5.1.ged") == [None]
    assert families(DATA / "ga4gh-pedigree.json") == [None]
    assert [r.family for r in each_family(DATA / "family.tsv")] == [None]
