"""Pedigree numbers (xlinked.draw.numbering): NSGC numbering shared by the drawing,
the layout JSON and the risk table, without matplotlib."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import xlinked
from conftest import EXAMPLES, misnumbered
from xlinked import Individual, Pedigree
from xlinked.draw import layout, numbering
from xlinked.draw.numbering import family_name, own_numbering, roman

HARD = Path(__file__).parent / "data" / "hard"


def test_roman_and_family_letters() -> None:
    assert [roman(n) for n in (1, 2, 3, 4, 9, 12, 40, 1994)] == [
        "I", "II", "III", "IV", "IX", "XII", "XL", "MCMXCIV"]
    assert [family_name(k, 3) for k in range(3)] == ["A", "B", "C"]
    assert family_name(0, 1) == "" and family_name(25, 30) == "Z" and family_name(26, 30) == "AA"


def test_numbers_follow_rows_and_left_to_right_order() -> None:
    ped = Pedigree([Individual("gf", "M"), Individual("gm", "F"),
                    Individual("a", "F", mother="gm", father="gf"),
                    Individual("b", "M", mother="gm", father="gf"),
                    Individual("h", "M"), Individual("k", "F", mother="a", father="h")])
    numbers = numbering(ped)
    lay = layout(ped)
    assert numbers == lay.numbers()
    for row in {n.row for n in lay.nodes}:
        here = sorted((n for n in lay.nodes if n.row == row), key=lambda n: n.x)
        assert [numbers[n.id] for n in here] == [f"{roman(row + 1)}-{k}"
                                                 for k in range(1, len(here) + 1)]
    assert numbers["h"].startswith("II-")  # married in: his partner's generation


def test_the_files_own_numbers_are_kept_where_they_agree(tmp_path: Path) -> None:
    ped = xlinked.read(misnumbered("first-cousins.yaml", ("IV-1", "IV-2"), tmp_path))
    numbers = numbering(ped)
    assert {p: numbers[p] for p in ped.ids if p[:2] != "IV"} == {
        p: p for p in ped.ids if p[:2] != "IV"}
    assert (numbers["IV-1"], numbers["IV-2"]) == ("IV-2", "IV-1")  # drawn the other way
    iso = numbering(xlinked.read(misnumbered("isolated-case.yaml", ("III-1", "III-2"),
                                             tmp_path)))
    assert (iso["III-1"], iso["III-2"]) == ("III-2", "III-1")  # the elder sister first
    assert own_numbering(["I-1", "II-1"], [0, 1]) and not own_numbering(["I-1", "I-2"], [0, 1])
    # ids that are not numbers of the rows drawn give way to positional numbers
    odd = Pedigree([Individual("I-1", "F"), Individual("I-2", "M"),
                    Individual("I-3", "M", mother="I-1", father="I-2")])
    numbers = numbering(odd)
    assert numbers["I-3"] == "II-1" and sorted(numbers[p] for p in ("I-1", "I-2")) == [
        "I-1", "I-2"]


@pytest.mark.parametrize("path", sorted(p for p in EXAMPLES.iterdir() if p.is_file()),
                         ids=lambda p: p.name)
def test_every_examples_numbered_ids_are_its_drawn_numbers(path: Path) -> None:
    """Counsellors copy the examples: an id written as a pedigree number (``II-3``, or
    ``II3`` where the format allows no hyphen) is the number the drawing gives that
    person, so the table shows no second column and the drawing no "id ..." line."""
    ped = xlinked.read(path)
    numbers = numbering(ped)
    wrong = {}
    for pid in ped.ids:
        match = re.fullmatch(r"([IVX]+)-?([1-9][0-9]*)", pid)
        if match and numbers[pid] != f"{match[1]}-{match[2]}":
            wrong[pid] = numbers[pid]
    assert wrong == {}, f"{path.name}: file id -> drawn number"


def test_unrelated_families_are_numbered_apart_with_a_letter() -> None:
    ped = xlinked.read(Path(__file__).parent / "data" / "two-families.yaml")
    numbers = numbering(ped)
    assert numbers["anna"] == "A:III-1"  # family A holds the consultand
    assert numbers["ben_gf"].startswith("B:I-")
    lay = layout(ped)
    assert [f.name for f in lay.families] == ["A", "B"]
    assert lay.node("anna").lines[0] == "III-1"  # drawn under the panel's own numerals
    data = json.loads(lay.to_json())
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["anna"]["number"] == "A:III-1" and by_id["anna"]["family"] == "A"
    assert [f["name"] for f in data["families"]] == ["A", "B"]


def test_a_person_drawn_twice_keeps_one_number() -> None:
    ped = xlinked.read(HARD / "cross-generation.yaml")
    lay = layout(ped)
    copies = [n for n in lay.nodes if n.is_duplicate]
    assert copies
    numbers = numbering(ped)
    for n in copies:
        assert n.number == numbers[n.id] == lay.node(n.id).number
    assert sorted(numbers) == sorted(ped.ids)


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("*")),
                                  HARD / "three-partners-web.yaml"], ids=lambda p: p.name)
def test_the_drawing_with_risks_uses_the_same_numbers(path: Path) -> None:
    """Labels (risks, names) change widths, never the order: the risk table can use
    numbering() and name people as the picture does."""
    ped = xlinked.read(path)
    try:
        risks = xlinked.compute_risks(ped, mode="limit")
    except xlinked.errors.XlinkedError:  # pragma: no cover - every example has risks
        risks = None
    assert layout(ped, risks=risks).numbers() == numbering(ped)
    assert layout(ped, anonymise=True).numbers() == numbering(ped)


def test_a_future_child_is_not_numbered_and_renumbers_nobody() -> None:
    ped = xlinked.read(EXAMPLES / "ipex-uncle.yaml")
    bigger = ped.with_children([("II-3", "II-2", "M"), ("III-5", "III-4", "F")])
    assert numbering(bigger) == numbering(ped)
    lay = layout(bigger)
    child = next(n for n in lay.nodes if n.id == "II-3:next-son")
    assert child.number == "" and child.lines[0] == "II-3:next-son"
    assert "II-3:next-son" not in lay.numbers()
    assert next(n for n in lay.to_dict()["nodes"] if n["id"] == "II-3:next-son")[
        "number"] is None


def test_numbering_imports_neither_matplotlib_nor_numpy() -> None:
    """(``import xlinked`` may load numpy for other reasons: numbering adds nothing.)"""
    code = ("import sys, xlinked; "
            f"ped = xlinked.read({str(EXAMPLES / 'first-cousins.yaml')!r}); "
            "before = set(sys.modules); "
            "from xlinked.draw.numbering import numbering; numbering(ped); "
            "new = set(sys.modules) - before; "
            "print([m for m in new if m.split('.')[0] in ('matplotlib', 'numpy')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_risk_table_is_numbered_as_the_drawing_even_where_labels_reorder_it() -> None:
    """The Spanish Habsburgs: with their labels the drawing takes another order than the
    label-free one (the labels' widths break a rule there); the table, its JSON and the
    layout JSON still name everyone by the drawn number."""
    from click.testing import CliRunner

    from xlinked.cli import main
    from xlinked.draw import drawn_numbers

    path = Path(__file__).parent / "data" / "hard" / "spanish-habsburgs.yaml"
    ped = xlinked.read(path)
    risks = xlinked.compute_risks(ped)
    drawn = layout(ped, risks=risks).numbers()
    assert drawn != numbering(ped)  # the case this guards (if it goes, find another)
    assert drawn_numbers(ped, risks) == drawn
    table = json.loads(CliRunner().invoke(main, ["risk", str(path), "--format", "json"]).stdout)
    assert {p["id"]: p["number"] for p in table["individuals"]} == drawn
    for name in ("ipex-uncle.yaml", "first-cousins.yaml", "queen-victoria.yaml"):
        ped = xlinked.read(EXAMPLES / name)
        risks = xlinked.compute_risks(ped)
        assert drawn_numbers(ped, risks) == layout(ped, risks=risks).numbers(), name
