"""Hypothesis strategies for valid pedigrees, shared by the test modules.

``pedigrees()`` grows a family generation by generation from a founder couple:
every woman of a generation may have children with a married-in man or (when
``loops=True``) with a man of the same generation, which makes consanguineous
loops. With ``partners=True`` a woman may have children by several men, a man
who married in may have children with another woman (who may have children
with yet another man), and people who married in may come with their own
parents and siblings: webs of half-siblings and in-law families, still without
loops unless ``loops=True``. Phenotypes, tests, ages and twins are drawn on
top. Everything built is a valid :class:`xlinked.Pedigree`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from xlinked import GeneticTest, Individual, Measurement, Pedigree, Pregnancy, TwinGroup, Union

#: Text a pedigree may hold in one-line fields (ids, labels): no control characters,
#: surrogates, line separators or U+FFFE/U+FFFF (xlinked refuses them).
LINE_TEXT = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                          blacklist_characters="\ufffe\uffff")
#: Text allowed in notes: the same plus tabs and line breaks.
NOTE_TEXT = st.one_of(LINE_TEXT, st.sampled_from("\t\n\r"))

PROBABILITIES = st.sampled_from(
    [Fraction(1), Fraction(19, 20), Fraction(9, 10), Fraction(1, 2), Fraction(99, 100)]
)


@st.composite
def genetic_tests(draw: Any) -> GeneticTest:
    """One test result, sometimes imperfect or inconclusive."""
    return GeneticTest(
        result=draw(st.sampled_from(["positive", "negative", "inconclusive"])),
        sensitivity=draw(PROBABILITIES),
        specificity=draw(PROBABILITIES),
    )


@st.composite
def measurements(draw: Any, *, woman: bool) -> Measurement:
    """A likelihood ratio (anyone) or, for a woman, a CK level with her age at the test
    (the models of the oracle tests carry a CK reference, ``CK_REFERENCE``)."""
    if woman and draw(st.booleans()):
        return Measurement(kind="measurement", analyte="ck",
                           value=draw(st.sampled_from([35, 90, 180, 310, 1200])),
                           unit=draw(st.sampled_from(["U/L", "IU/L"])),
                           age=draw(st.sampled_from([8, 16, 30, 55])))
    return Measurement(kind="likelihood_ratio",
                       value=draw(st.sampled_from([Fraction(1, 4), 3, Fraction(51, 10)])))


#: Reference distributions used with ``measurements()`` (log-normal CK by age).
CK_REFERENCE = {
    "ck": {
        "label": "CK", "unit": "U/L", "units": {"ukat/L": 60},
        "by_age": [
            {"from_age": 0, "carrier": {"median": 250, "sd_log": 0.6},
             "non_carrier": {"median": 110, "sd_log": 0.45}},
            {"from_age": 16, "carrier": {"median": 180, "sd_log": 0.55},
             "non_carrier": {"median": 85, "sd_log": 0.445}},
        ],
    }
}


@st.composite
def pedigrees(
    draw: Any,
    *,
    max_people: int = 12,
    max_generations: int = 4,
    max_children: int = 3,
    loops: bool = True,
    phenotypes: bool = True,
    tests: bool = True,
    extras: bool = False,
    unknown_sex: bool = False,
    shuffle: bool = False,
    partners: bool = False,
    quantitative: bool = False,
) -> Pedigree:
    """A valid pedigree of at most ``max_people`` individuals.

    ``extras`` adds fields the engine ignores (ages, labels, twins, unions,
    pregnancies, notes) for round-trip tests; ``unknown_sex`` lets some childless
    people have sex U; ``shuffle`` returns the individuals in a random order;
    ``partners`` makes webs of partners and in-law families (see above);
    ``quantitative`` adds likelihood ratios and CK measurements (for a model with
    ``CK_REFERENCE``).
    """
    people: dict[str, dict[str, Any]] = {}
    counter = iter(range(10_000))

    def new(sex: str, mother: str | None = None, father: str | None = None) -> str:
        pid = f"p{next(counter)}"
        people[pid] = {"sex": sex, "mother": mother, "father": father}
        return pid

    generation = [new("F"), new("M")]
    couples: list[tuple[str, str]] = []

    def full() -> bool:
        return len(people) >= max_people

    def children(mother: str | None, father: str | None, most: int, into: list[str]) -> None:
        for _ in range(draw(st.integers(0, most))):
            if full():
                break
            into.append(new(draw(st.sampled_from("MF")), mother, father))

    def in_laws(pid: str) -> None:
        """Give someone who married in parents (and maybe siblings) of their own."""
        if full() or draw(st.integers(0, 3)) != 0:
            return
        gm, gf = new("F"), new("M")
        people[pid]["mother"], people[pid]["father"] = gm, gf
        couples.append((gm, gf))
        children(gm, gf, 2, [])

    for _ in range(draw(st.integers(0, max_generations - 1))):
        nxt: list[str] = []
        women = [p for p in generation if people[p]["sex"] == "F"]
        men = [p for p in generation if people[p]["sex"] == "M"]
        for mother in women:
            for j in range(draw(st.integers(1, 3)) if partners else 1):
                if full():
                    break
                if loops and men and draw(st.booleans()):
                    father = draw(st.sampled_from(men))
                elif j == 0 and draw(st.integers(0, 4)) == 0:
                    father = None  # unknown father: an implied founder
                else:
                    father = new("M")
                    if partners:
                        in_laws(father)
                        if draw(st.integers(0, 2)) == 0:  # his children with another woman
                            other = new("F")
                            in_laws(other)
                            couples.append((other, father))
                            children(other, father, 2, nxt)
                            if draw(st.integers(0, 3)) == 0:  # ...who has another partner
                                third = new("M")
                                couples.append((other, third))
                                children(other, third, 2, nxt)
                if father is not None:
                    couples.append((mother, father))
                children(mother, father, max_children, nxt)
        if not nxt:
            break
        generation = nxt

    ids = list(people)
    has_children = {people[p][role] for p in ids for role in ("mother", "father")} - {None}
    individuals = []
    for pid in ids:
        info = people[pid]
        sex = info["sex"]
        if unknown_sex and pid not in has_children and draw(st.integers(0, 5)) == 0:
            sex = "U"
        fields: dict[str, Any] = {}
        if phenotypes:
            fields["affected"] = draw(st.sampled_from([None, False, True]))
        if tests and draw(st.integers(0, 3)) == 0:
            fields["tests"] = (draw(genetic_tests()),)
        if quantitative and draw(st.integers(0, 3)) == 0:
            fields["measurements"] = tuple(
                draw(measurements(woman=sex == "F")) for _ in range(draw(st.integers(1, 2))))
        if extras:
            if draw(st.booleans()):
                fields["age"] = draw(st.integers(0, 90))
            if draw(st.integers(0, 3)) == 0:
                fields["deceased"] = True
            if draw(st.integers(0, 3)) == 0:
                fields["label"] = draw(st.text(LINE_TEXT, min_size=1, max_size=8))
            if draw(st.integers(0, 4)) == 0:
                fields["note"] = draw(st.text(NOTE_TEXT, max_size=20))
            if draw(st.integers(0, 5)) == 0 and pid not in has_children and not fields.get(
                "deceased"
            ):
                fields["pregnancy"] = Pregnancy(weeks=draw(st.integers(4, 40)))
            if draw(st.integers(0, 5)) == 0:
                fields["evaluated"] = True
            if draw(st.integers(0, 4)) == 0:
                fields["birth_year"] = draw(st.integers(1900, 2026))
        individuals.append(
            Individual(pid, sex, mother=info["mother"], father=info["father"], **fields)
        )

    twins: tuple[TwinGroup, ...] = ()
    unions: tuple[Union, ...] = ()
    if extras:
        sibships: dict[tuple[Any, Any], list[Individual]] = {}
        for p in individuals:
            if p.mother or p.father:
                sibships.setdefault((p.mother, p.father), []).append(p)
        pairs = [s[:2] for s in sibships.values() if len(s) >= 2]
        if pairs and draw(st.booleans()):
            a, b = draw(st.sampled_from(pairs))
            zygosity = "MZ" if a.sex == b.sex and draw(st.booleans()) else "DZ"
            twins = (TwinGroup((a.id, b.id), zygosity),)
        if couples and draw(st.booleans()):
            a_id, b_id = draw(st.sampled_from(couples))
            unions = (Union((a_id, b_id), consanguineous=draw(st.sampled_from([None, True])),
                            separated=draw(st.booleans())),)
        childless = [p for p in individuals
                     if p.id not in has_children and (p.mother or p.father) and p.sex != "U"]
        if not unions and childless and draw(st.booleans()):
            # a blood relative without children and a partner who married in
            person = draw(st.sampled_from(childless))
            partner = Individual(f"q{next(counter)}", "M" if person.sex == "F" else "F")
            individuals.append(partner)
            unions = (Union((person.id, partner.id),
                            childless=draw(st.sampled_from(["choice", "infertility"]))),)

    if shuffle:
        individuals = draw(st.permutations(individuals))
    return Pedigree(individuals, twins=twins, unions=unions)
