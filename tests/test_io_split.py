"""Cutting multi-family files into families (xlinked.io._split).

The contract: reading a part gives exactly what reading the whole file with
``family=`` gives, the same pedigree or the same problems at the same lines.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import io
from xlinked.errors import PedigreeError, ReadError
from xlinked.io._split import Part, split


def outcome(text: str, fmt: str, family: str | None):
    """What reading gives: (pedigree, warnings), or the error's lines."""
    try:
        return io.loads(text, fmt, source="f", family=family)
    except PedigreeError as exc:
        return ("PedigreeError", [(p.line, str(p)) for p in exc.problems])
    except ReadError as exc:
        return ("ReadError", exc.line, exc.detail)


def part_outcome(part: Part, fmt: str):
    got = outcome(part.text, fmt, part.family)
    if got[0] == "PedigreeError":
        return ("PedigreeError", [(part.place(line), msg) for line, msg in got[1]])
    if got[0] == "ReadError":
        return ("ReadError", part.place(got[1]), got[2])
    return got


def assert_parts_read_like_whole(text: str, fmt: str, families: list[str]) -> list[Part]:
    parts = split(text, fmt)
    assert [p.family for p in parts] == families
    for part in parts:
        assert part_outcome(part, fmt) == outcome(text, fmt, part.family), part.family
    return parts


def ped_text(peds, seed: int) -> str:
    """Several pedigrees in one PED text, their rows interleaved at random."""
    rows = []
    for k, ped in enumerate(peds):
        text, _ = io.dumps(ped.replace(family=f"F{k}"), "ped")
        rows.append(text.splitlines())
    rnd = random.Random(seed)
    out = ["FID IID PAT MAT SEX PHENOTYPE"]
    while any(rows):
        source = rnd.choice([r for r in rows if r])
        out.append(source.pop(0))
    return "\n".join(out) + "\n"


@given(st.lists(pedigrees(max_people=8), min_size=2, max_size=4), st.integers(0, 1000))
def test_ped_parts_read_like_the_whole_file(peds, seed):
    text = ped_text(peds, seed)
    order = list(dict.fromkeys(line.split()[0] for line in text.splitlines()[1:]))
    parts = assert_parts_read_like_whole(text, "ped", order)
    assert all(p.lines is not None for p in parts)  # cut out, not the whole text


def test_ped_problems_keep_the_line_of_the_file():
    text = ("# cohort\nFID IID PAT MAT SEX PHENOTYPE\nF1 mum 0 0 2 1\nF2 dad 0 0 1 1\n"
            "F1 son 0 mum 1 2\nF2 kid dad nobody 7 1\nF2 odd 0\n")
    parts = assert_parts_read_like_whole(text, "ped", ["F1", "F2"])
    problems = part_outcome(parts[1], "ped")
    assert problems == ("PedigreeError", [
        (6, "id 'kid': sex must be 1 (male), 2 (female) or 0, got '7'"),
        (7, "expected 6 columns (family, id, father, mother, sex, phenotype) plus pairs of "
            "genotype columns, found 3"),
    ])


def test_ped_family_ids_that_look_like_a_header_are_people():
    text = "ped-1 mum 0 0 2 1\nped-2 dad 0 0 1 1\nped-1 son 0 mum 1 2\n"
    parts = assert_parts_read_like_whole(text, "ped", ["ped-1", "ped-2"])
    assert io.loads(parts[0].text, "ped")[0].ids == ("mum", "son")


def test_ped_broken_row_that_looks_like_a_header_is_read_from_the_whole_file():
    # alone, 'family-2 x 0 0 9 1' would be taken for a header line and skipped
    text = "family-1 mum 0 0 2 1\nfamily-2 x 0 0 9 1\nfamily-2 y 0 0 1 1\n"
    parts = assert_parts_read_like_whole(text, "ped", ["family-1", "family-2"])
    assert parts[1].text == text and parts[1].lines is None
    assert part_outcome(parts[1], "ped")[0] == "PedigreeError"


def test_one_family_is_the_whole_file():
    text = (EXAMPLES / "family.ped").read_text()
    assert split(text, "ped") == [Part(None, text)]
    yaml_text = (EXAMPLES / "ipex-uncle.yaml").read_text()
    assert split(yaml_text, "yaml") == [Part(None, yaml_text)]


def canrisk_text() -> str:
    lines = (EXAMPLES / "canrisk-family.canrisk").read_text().splitlines()
    head = [line for line in lines if line.startswith("##")]
    rows = [line for line in lines if line and not line.startswith("#")]
    other = [line.replace("IPEX12", "IPEX13", 1) for line in rows]
    mixed = [r for pair in zip(rows, other, strict=False) for r in pair]
    mixed.insert(3, "# a comment between the rows")
    broken = other[1].split("\t")
    broken[6] = "Q"  # sex
    return "\n".join([*head, *mixed, "\t".join(broken)]) + "\n"


def test_canrisk_parts_read_like_the_whole_file():
    parts = assert_parts_read_like_whole(canrisk_text(), "canrisk", ["IPEX12", "IPEX13"])
    assert parts[0].text.startswith("##CanRisk 2.0\n##menarche=12\n")
    assert part_outcome(parts[0], "canrisk")[0].family == "IPEX12"
    assert part_outcome(parts[1], "canrisk")[0] == "PedigreeError"


def test_canrisk_without_a_header_is_one_part():
    text = "##CanRisk 2.0\nIPEX12\ta\n"
    assert split(text, "canrisk") == [Part(None, text)]


def test_pedigreejs_families():
    records = json.loads((EXAMPLES / "pedigreejs-family.json").read_text())
    other = [{**r, "famid": "OTHER"} for r in records]
    text = json.dumps(records + other + [{"name": "h", "famid": "HIDDEN", "hidden": True}])
    assert_parts_read_like_whole(text, "pedigreejs", ["IPEX07", "OTHER"])
    assert split("[not json", "pedigreejs") == [Part(None, "[not json")]
    assert split('{"x": 1}', "pedigreejs") == [Part(None, '{"x": 1}')]


@pytest.mark.parametrize("line", [None, 0, 99])
def test_place_outside_the_part_is_left_alone(line):
    assert Part("F", "a\n", (5,)).place(line) == line


def test_a_row_cut_short_belongs_to_its_family_or_to_all():
    text = "F1 mum 0 0 2 1\nF2 dad 0 0 1 1\nF2 odd 0\nstray words\nF1 son 0 mum 1 2\n"
    parts = assert_parts_read_like_whole(text, "ped", ["F1", "F2"])
    stray = (4, "expected 6 columns (family, id, father, mother, sex, phenotype) plus pairs "
                "of genotype columns, found 2")
    assert part_outcome(parts[0], "ped") == ("PedigreeError", [stray])
    assert [line for line, _ in part_outcome(parts[1], "ped")[1]] == [3, 4]
    assert outcome(text.replace("stray words\n", ""), "ped", "F1")[0].ids == ("mum", "son")


def test_canrisk_row_of_the_wrong_width_belongs_to_its_family():
    text = canrisk_text().replace("\t0:0:0:0:0\n", "\n", 1)  # the first row loses a column
    # families come in the order of their first complete row
    parts = assert_parts_read_like_whole(text, "canrisk", ["IPEX13", "IPEX12"])
    assert part_outcome(parts[1], "canrisk")[0] == "PedigreeError"
