"""GA4GH Pedigree (Phenopackets form, draft) and Phenopackets v2 Family: trips, checks, errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from roundtrip import people
from strategies import pedigrees
from xlinked import Individual, Pedigree, PedigreeError, ReadError, Union
from xlinked.io import ga4gh

KEPT_GA4GH = {"affected", "deceased", "age"}
KEPT_FAMILY = {"affected", "deceased", "age"}


def informative_unions(ped: Pedigree) -> set[tuple[frozenset[str], bool | None, bool]]:
    """The unions GA4GH keeps: consanguineous, separated, or without children."""
    out = set()
    for u in ped.unions:
        has_children = any({p.mother, p.father} == set(u.partners) for p in ped)
        consanguineous = True if u.consanguineous else None
        if consanguineous or u.separated or not has_children:
            out.add((frozenset(u.partners), consanguineous, u.separated))
    return out


@given(pedigrees(max_people=14, extras=True, unknown_sex=True))
def test_round_trip_keeps_what_a_ga4gh_pedigree_can_hold(ped: Pedigree) -> None:
    ped = ped.replace(family="F1", proband=ped.ids[-1])
    text, lost = ga4gh.dumps(ped, form="ga4gh")
    again = ga4gh.loads(text)
    assert people(again, KEPT_GA4GH) == people(ped, KEPT_GA4GH)
    assert (again.family, again.proband) == ("F1", ped.proband)
    assert again.twins == ped.twins
    assert informative_unions(again) == informative_unions(ped)
    if any(p.birth_year is not None for p in ped):
        assert any(line.startswith("birth year") for line in lost)


@given(pedigrees(max_people=14, extras=True, unknown_sex=True))
def test_round_trip_keeps_what_a_phenopackets_family_can_hold(ped: Pedigree) -> None:
    ped = ped.replace(family="F1", proband=ped.ids[-1])
    text, lost = ga4gh.dumps(ped, form="phenopackets")
    again = ga4gh.loads(text)
    assert people(again, KEPT_FAMILY) == people(ped, KEPT_FAMILY)
    assert (again.family, again.proband) == ("F1", ped.proband)
    if ped.twins:
        assert "twins" in lost


@pytest.mark.parametrize("form", ["ga4gh", "phenopackets"])
def test_exports_pass_the_phenopackets_schemas(form: str) -> None:
    """An independent checker (pedigree-ga4gh: Phenopackets v2 JSON schemas, KIN rules)."""
    checker = pytest.importorskip("pedigree_ga4gh")
    ped = Pedigree([
        Individual("gm", "F", affected=False), Individual("gd", "M", deceased=True),
        Individual("mum", "F", mother="gm", father="gd", age=30),
        Individual("son", "M", mother="mum", affected=True, age=0.5, onset_age=0.25),
        Individual("twin", "M", mother="mum"),
    ], proband="son", family="XLK01")
    text, _ = ga4gh.dumps(ped, form=form)
    findings = checker.validate(json.loads(text))
    assert checker.errors(findings) == []
    kindred = checker.from_document(json.loads(text))
    kindred = kindred[0] if isinstance(kindred, tuple) else kindred
    father, mother, _ = kindred.genetic_parents("son")
    assert (father, mother) == (None, "mum")


@pytest.mark.parametrize("form", ["pedigree", "family"])
def test_reads_what_pedigree_ga4gh_writes(form: str) -> None:
    checker = pytest.importorskip("pedigree_ga4gh")
    from pedigree_ga4gh import Kindred, Member, Relation

    kindred = Kindred("FAM1", members=[
        Member("MOTHER", sex="FEMALE"), Member("FATHER", sex="MALE", vital_status="DECEASED"),
        Member("CHILD", sex="MALE", index=True, affected=True),
    ], relations=[Relation("MOTHER", "KIN:027", "CHILD"), Relation("FATHER", "KIN:028", "CHILD")])
    writer = checker.to_ga4gh_pedigree if form == "pedigree" else checker.to_phenopackets_family
    doc, _ = writer(kindred, created_by="test")
    ped = ga4gh.loads(json.dumps(doc))
    assert ped["CHILD"].mother == "MOTHER" and ped["CHILD"].father == "FATHER"
    assert ped.proband == "CHILD"
    if form == "pedigree":  # a Family carries relatives' Phenopackets only when they have findings
        assert ped["FATHER"].deceased
    else:  # a Pedigree holds affection only as disease terms
        assert ped["CHILD"].affected is True


def test_kin_parent_by_sex_and_errors() -> None:
    doc = {"id": "F", "individuals": [{"subject": {"id": "a", "sex": "FEMALE"}},
                                      {"subject": {"id": "b", "sex": "MALE"}},
                                      {"subject": {"id": "u"}}],
           "relationships": [
               {"individualId": "a", "relation": {"id": "KIN:003"}, "relativeId": "b"},
               {"individualId": "u", "relation": {"id": "KIN:003"}, "relativeId": "b"},
               {"individualId": "a", "relation": {"id": "KIN:999"}, "relativeId": "ghost"},
               {"individualId": "a", "relation": 12, "relativeId": "b"}]}
    with pytest.raises(PedigreeError) as info:
        ga4gh.loads(json.dumps(doc), source="g.json")
    assert info.value.lines() == [
        "g.json: relationships[1] ('u' -> 'b'): parent 'u' has no sex recorded: use "
        "isBiologicalMotherOf or isBiologicalFatherOf",
        "g.json: relationships[2]: relativeId 'ghost' is not one of the individuals",
        "g.json: relationships[3]: relation must be a KIN term like {\"id\": \"KIN:027\", "
        "\"label\": \"isBiologicalMotherOf\"}, got 12",
    ]


def test_other_relationships_are_reported() -> None:
    doc = {"individuals": [{"subject": {"id": "a", "sex": "FEMALE"}},
                           {"subject": {"id": "b", "sex": "MALE"}}],
           "relationships": [{"individualId": "a", "relation": {"id": "KIN:008"},
                              "relativeId": "b"}]}
    ped, warnings = ga4gh.parse(json.dumps(doc))
    assert len(ped) == 2 and "KIN:008 (1)" in warnings[0]


def test_unions_from_kin() -> None:
    doc = {"individuals": [{"subject": {"id": "a", "sex": "FEMALE"}},
                           {"subject": {"id": "b", "sex": "MALE"}}],
           "relationships": [{"individualId": "a", "relation": "isSeparatedPartnerOf",
                              "relativeId": "b"}]}
    assert ga4gh.loads(json.dumps(doc)).unions == (Union(("a", "b"), separated=True),)


def test_not_a_pedigree() -> None:
    with pytest.raises(ReadError, match="single Phenopacket"):
        ga4gh.loads('{"id": "x", "subject": {"id": "a"}}')
    with pytest.raises(ReadError, match="not a GA4GH file"):
        ga4gh.loads('{"id": "x"}')


def test_native_reader_points_to_ga4gh(tmp_path: object) -> None:
    """A GA4GH file forced through the native reader says what it is (issue 11)."""
    from pathlib import Path

    from xlinked import read

    path = Path(str(tmp_path)) / "ped.json"
    path.write_text(json.dumps({"id": "F", "individuals": [{"subject": {"id": "a"}}],
                                "relationships": []}))
    assert read(path).ids == ("a",)  # detected
    with pytest.raises(ReadError, match="looks like a GA4GH Pedigree .* --from ga4gh"):
        read(path, format="json")


def test_lost_fields() -> None:
    ped = Pedigree([Individual("a", "F", birth_year=1970, label="Ann", age=0.3)],
                   condition=None)
    _, lost = ga4gh.dumps(ped, form="ga4gh")
    assert "ages not in whole months (rounded: 'a')" in lost
    assert "birth year (1 person: 'a')" in lost and "label (1 person: 'a')" in lost
    with pytest.raises(ValueError, match="form must be"):
        ga4gh.dumps(ped, form="fhir")
