"""The Pedigree model: construction, validation and graph queries."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given

from strategies import pedigrees
from xlinked import (
    GeneticTest,
    Individual,
    Pedigree,
    PedigreeError,
    Pregnancy,
    Sex,
    TwinGroup,
    Union,
    UnknownIndividualError,
)


def trio() -> list[Individual]:
    return [
        Individual("mum", "F"),
        Individual("dad", "M"),
        Individual("son", "M", mother="mum", father="dad", affected=True),
    ]


def test_basic_queries() -> None:
    ped = Pedigree(trio(), proband="son")
    assert ped.ids == ("mum", "dad", "son")
    assert ped.mothers == (-1, -1, 0) and ped.fathers == (-1, -1, 1)
    assert ped.founders() == ("mum", "dad")
    assert ped.children("dad") == ("son",)
    assert ped.parents("son") == ("mum", "dad")
    assert ped.ancestors("son") == {"mum", "dad"}
    assert ped.descendants("mum") == {"son"}
    assert ped.couples() == (("dad", "mum"),)
    assert ped.partners("mum") == ("dad",)
    assert not ped.has_loops
    assert ped.generations() == {"mum": 0, "dad": 0, "son": 1}
    assert "son" in ped and "x" not in ped
    with pytest.raises(KeyError, match="no individual 'x'"):
        ped["x"]


def test_pedigree_is_immutable() -> None:
    ped = Pedigree(trio())
    with pytest.raises(AttributeError):
        ped.proband = "son"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ped["son"].affected = False  # type: ignore[misc]
    assert isinstance(ped.individuals, tuple)


def test_replace_validates_again() -> None:
    ped = Pedigree(trio())
    assert ped.replace(proband="son").proband == "son"
    with pytest.raises(PedigreeError, match="proband: 'nobody' is not defined"):
        ped.replace(proband="nobody")


def test_with_child_adds_hypothetical_children() -> None:
    ped = Pedigree(trio())
    bigger, kid = ped.with_child("mum", "dad", "F")
    assert kid == "mum:next-daughter"
    assert bigger[kid].hypothetical and bigger[kid].sex is Sex.FEMALE
    again, kid2 = bigger.with_child("mum", "dad", "F")
    assert kid2 == "mum:next-daughter-2"
    assert len(ped) == 3  # the original is unchanged


def test_coercion_of_convenient_values() -> None:
    p = Individual("x", "female", tests=[GeneticTest(result="NEGATIVE", sensitivity="0.95")])
    assert p.sex is Sex.FEMALE
    assert p.tests[0].sensitivity == Fraction(19, 20)
    assert p.tests[0].result.value == "negative"
    assert p.shape is Sex.FEMALE and p.display == "x"
    assert Individual("y", "M", gender="F").shape is Sex.FEMALE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sex": "X"}, "sex must be M, F or U"),
        ({"sex": "F", "affected": "yes"}, "affected must be true or false"),
        ({"sex": "F", "age": -1}, "age must be a number of years from 0 to 150"),
        ({"sex": "F", "birth_year": 1990.5}, "birth_year must be a whole number"),
        ({"sex": "F", "mother": 5}, "mother must be a string"),
        ({"sex": "F", "adopted": "sideways"}, "adopted must be one of in, out"),
    ],
)
def test_individual_field_errors_name_the_person_and_field(kwargs: dict, message: str) -> None:
    with pytest.raises(PedigreeError, match=message) as info:
        Individual("p1", **kwargs)
    assert "individual 'p1'" in str(info.value)


def test_numeric_id_asks_for_quotes() -> None:
    with pytest.raises(PedigreeError, match='quote the id, e.g. "1"'):
        Individual(1, "F")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("people", "extra", "message"),
    [
        ([Individual("a", "F"), Individual("a", "M")], {},
         r"'a' \(2nd with this id\): id is used more than once"),
        ([Individual("k", "M", mother="m")], {}, "mother 'm' is not defined"),
        (
            [Individual("m", "F"), Individual("k", "M", father="m")],
            {},
            "father 'm' is female",
        ),
        (
            [Individual("a", "F", mother="b"), Individual("b", "F", mother="a")],
            {},
            "is their own ancestor",
        ),
        ([Individual("a", "F", mother="a")], {}, "mother is the person themselves"),
        ([], {}, "the pedigree has no individuals"),
        (
            [Individual("m", "F"), Individual("a", "M", mother="m"), Individual("b", "F")],
            {"twins": [TwinGroup(("a", "b"), "DZ")]},
            "do not share both parents",
        ),
        (
            [Individual("m", "F"), Individual("a", "M", mother="m"),
             Individual("b", "F", mother="m")],
            {"twins": [TwinGroup(("a", "b"), "MZ")]},
            "monozygotic twins 'a' and 'b' differ in sex",
        ),
        ([Individual("a", "F")], {"twins": [TwinGroup(("a",), "MZ")]}, "at least two members"),
        ([Individual("a", "F")], {"unions": [Union(("a", "zz"))]}, "partner 'zz' is not defined"),
        ([Individual("a", "F")], {"consultand": "zz"}, "consultand: 'zz' is not defined"),
        (
            [Individual("a", "F", deceased=True, pregnancy=Pregnancy())],
            {},
            "ongoing pregnancy cannot be deceased",
        ),
    ],
)
def test_structural_problems(people: list, extra: dict, message: str) -> None:
    with pytest.raises(PedigreeError, match=message):
        Pedigree(people, **extra)


def test_all_problems_collected_in_one_error() -> None:
    with pytest.raises(PedigreeError) as info:
        Pedigree([
            Individual("a", "F", mother="nobody"),
            Individual("b", "M", mother="b2", father="a"),
            Individual("b", "M"),
        ])
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 4, messages
    assert isinstance(info.value, ValueError)


def test_consanguinity_and_loops() -> None:
    ped = Pedigree([
        Individual("g1", "M"), Individual("g2", "F"),
        Individual("a", "F", mother="g2", father="g1"),
        Individual("b", "F", mother="g2", father="g1"),
        Individual("x", "M"), Individual("y", "M"),
        Individual("c1", "M", mother="a", father="x"),
        Individual("c2", "F", mother="b", father="y"),
        Individual("k", "M", mother="c2", father="c1"),
    ])
    assert ped.has_loops
    assert ped.is_consanguineous("c1", "c2")
    assert not ped.is_consanguineous("a", "x")
    gens = ped.generations()
    assert gens["x"] == gens["a"] == 1 and gens["k"] == 3


def test_married_in_founder_takes_partner_generation() -> None:
    ped = Pedigree([
        Individual("g1", "M"), Individual("g2", "F"),
        Individual("d", "F", mother="g2", father="g1"),
        Individual("h", "M"),
        Individual("k", "F", mother="d", father="h"),
    ])
    assert ped.generations() == {"g1": 0, "g2": 0, "d": 1, "h": 1, "k": 2}


@given(pedigrees(max_people=15, extras=True, shuffle=True))
def test_generated_pedigrees_are_consistent(ped: Pedigree) -> None:
    order = ped.topological_order
    assert sorted(order) == list(range(len(ped)))
    position = {i: n for n, i in enumerate(order)}
    for i in range(len(ped)):
        for parent in (ped.mothers[i], ped.fathers[i]):
            if parent >= 0:
                assert position[parent] < position[i]
    gens = ped.generations()
    for p in ped:
        for parent in ped.parents(p.id):
            assert gens[parent] < gens[p.id]


def test_unknown_people_raise_one_error_that_is_also_a_key_error():
    from xlinked import XlinkedError

    ped = Pedigree([Individual("Mum", "F"), Individual("Son", "M", mother="Mum")])
    for call in (lambda: ped["mum"], lambda: ped.with_child("mum", None, "M"),
                 lambda: ped.children("mum")):
        with pytest.raises(UnknownIndividualError) as info:
            call()
        assert isinstance(info.value, KeyError) and isinstance(info.value, XlinkedError)
        assert info.value.suggestion == "Mum" and "did you mean 'Mum'?" in str(info.value)
    with pytest.raises(UnknownIndividualError, match="hypothetical child: father"):
        ped.with_child("Mum", "dad")


def test_add_replace_and_remove_people():
    ped = Pedigree([Individual("mum", "F"), Individual("dad", "M"),
                    Individual("a", "M", mother="mum", father="dad"),
                    Individual("b", "M", mother="mum", father="dad")],
                   twins=[TwinGroup(("a", "b"))], proband="a")
    bigger = ped.with_individual(Individual("c", "F", mother="mum"))
    assert bigger.children("mum") == ("a", "b", "c") and len(ped) == 4
    renamed = ped.with_replaced("a", id="III-1", affected=True)
    assert renamed.proband == "III-1" and renamed["III-1"].affected is True
    assert renamed.twins[0].members == ("III-1", "b")
    fewer = ped.without("dad")
    assert "dad" not in fewer and fewer["a"].father is None
    gone = ped.without("a")
    assert gone.twins == () and gone.proband is None
    with pytest.raises(UnknownIndividualError):
        ped.without("A ")
    with pytest.raises(PedigreeError):  # still validated: a duplicate id
        ped.with_individual(Individual("a", "F"))
