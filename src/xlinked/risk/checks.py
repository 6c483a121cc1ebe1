"""Data that are valid but worth a second look before trusting the risks.

>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("mum", "F"), Individual("girl", "F", mother="mum", affected=True)])
>>> print(data_warnings(ped)[0])  # doctest: +ELLIPSIS
affected woman 'girl': with female_penetrance 0 ... two copies of the variant; ...
"""

from __future__ import annotations

from collections.abc import Sequence

from .._pedigree_checks import Parts
from .._values import format_fraction
from ..model import Pedigree, Sex
from ._format import probability
from ._network import shows_variant
from .engine import resolve_model
from .model import RiskModel

__all__ = ["data_warnings"]

#: A per-parent germline-mosaicism prior above this multiple of the mutation rate is
#: almost surely a recurrence figure entered as a prior.
MOSAIC_PRIOR_RATIO = 10


def data_warnings(pedigree: Pedigree, model: RiskModel | None = None) -> list[str]:
    """One line per thing in the data that the model accepts but a counsellor should check.

    - affected women when the model has no manifesting carriers (``female_penetrance``
      0): the model can only explain them by two copies of the variant;
    - unaffected people whose age is unknown under age-dependent penetrance: they
      are taken as past every age of onset (the lifetime penetrance);
    - fathers recorded affected or tested positive when ``male_fitness`` is 0:
      taken as men who had children despite the condition;
    - a germline-mosaicism prior far above the mutation rate;
    - a pedigree in several unconnected parts: the parts do not inform each other;
    - a future (hypothetical) child whose parent is deceased, a pregnancy, a child
      under 12, or whose parents are first-degree relatives: most often a parent
      named by the drawn number instead of the file's id.

    >>> from xlinked import Individual, Pedigree
    >>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum",
    ...                                                    affected=False)])
    >>> print(data_warnings(ped)[0])  # doctest: +ELLIPSIS
    age unknown for unaffected 'son': taken as past every age of onset ...
    """
    model = resolve_model(pedigree, model)
    out = []
    people = [p for p in pedigree if not p.hypothetical]
    women = [p.id for p in people if p.sex is Sex.FEMALE and p.affected]
    if women and model.female_penetrance_at(None) == 0:
        noun = "affected woman" if len(women) == 1 else "affected women"
        out.append(
            f"{noun} {_who(women)}: with female_penetrance 0 (no manifesting carriers) the model "
            "can explain this only by two copies of the variant; check the diagnosis, or set "
            "model.female_penetrance for manifesting carriers"
        )
    out += _unknown_ages(pedigree, model)
    if model.male_fitness == 0:
        fathers = {pedigree.individuals[f].id for i, f in enumerate(pedigree.fathers)
                   if f >= 0 and not pedigree.individuals[i].hypothetical}
        treated = [p.id for p in people if p.id in fathers and shows_variant(p)]
        if treated:
            noun = "father" if len(treated) == 1 else "fathers"
            out.append(
                f"{noun} {_who(treated)} recorded affected or tested positive while "
                "male_fitness is 0: taken as a man who had children despite the condition "
                "(e.g. after a transplant), with the population prior of a newborn boy"
            )
    if model.mosaicism_recurrence is None and model.mosaicism_prior > 0:
        rate = max(model.mutation_rate, model.sperm_mutation_rate)
        if model.mosaicism_prior > MOSAIC_PRIOR_RATIO * rate:
            times = (f"{float(model.mosaicism_prior / rate):,.0f} times the mutation rate"
                     if rate else "while the mutation rate is 0")
            out.append(
                f"germline_mosaicism.prior {format_fraction(model.mosaicism_prior)} is {times}: "
                "it is the prior of every parent without the variant in blood and should be of "
                "the order of the mutation rate; a published recurrence figure (the risk to the "
                "next son of a mother of an isolated case who tested negative) belongs in "
                "germline_mosaicism.recurrence"
            )
    joined = Parts()
    for p in pedigree.individuals:
        for parent in (p.mother, p.father):
            if parent is not None:
                joined.join(parent, p.id)
    for a, b in pedigree.couples():  # childless couples join families too
        joined.join(a, b)
    parts = joined.count(pedigree.ids)
    if parts > 1:
        out.append(f"the pedigree has {parts} unconnected parts: they do not inform each "
                   "other's risks")
    out += _future_parents(pedigree)
    return out


#: A future child's parent younger than this (years) is worth a second look.
YOUNGEST_PARENT = 12


def _future_parents(pedigree: Pedigree) -> list[str]:
    """Future children whose parents cannot (or should not) be their parents."""
    out = []
    for child in pedigree:
        if not child.hypothetical:
            continue
        odd = []
        for role, pid in (("mother", child.mother), ("father", child.father)):
            if pid is None:
                continue
            parent = pedigree[pid]
            age = pedigree.ages[pedigree.index[pid]]
            if parent.deceased:
                odd.append(f"its {role} {pid!r} is deceased")
            elif parent.pregnancy is not None:
                odd.append(f"its {role} {pid!r} is a pregnancy")
            elif parent.hypothetical:
                odd.append(f"its {role} {pid!r} is a future child")
            elif age is not None and age < YOUNGEST_PARENT:
                odd.append(f"its {role} {pid!r} is {float(age):g} years old")
        if child.mother is not None and child.father is not None:
            relation = _first_degree(pedigree, child.mother, child.father)
            if relation:
                odd.append(f"its parents {child.mother!r} and {child.father!r} are {relation}")
        if odd:
            out.append(f"future child {child.id!r}: {'; '.join(odd)}: check the parents' ids "
                       "(the file's ids, which the drawing writes under its numbers where "
                       "they differ)")
    return out


def _first_degree(pedigree: Pedigree, mother: str, father: str) -> str | None:
    m, f = pedigree[mother], pedigree[father]
    if m.father == father or f.mother == mother:
        return "parent and child"
    if (m.mother is not None and m.mother == f.mother) or (
            m.father is not None and m.father == f.father):
        return "sister and brother" if m.mother == f.mother and m.father == f.father else (
            "half-siblings")
    return None


def _unknown_ages(pedigree: Pedigree, model: RiskModel) -> list[str]:
    """Unaffected people without an age where the penetrance depends on age."""
    male = len({s.value for s in model.penetrance}) > 1
    female = len({s.value for s in model.female_penetrance}) > 1
    who = []
    for p, age in zip(pedigree.individuals, pedigree.ages, strict=True):
        if p.affected is not False or age is not None or p.hypothetical:
            continue
        if (male and p.sex is not Sex.FEMALE) or (female and p.sex is not Sex.MALE):
            who.append(p.id)
    if not who:
        return []
    assumed = []
    if male:
        assumed.append(f"hemizygous men {probability(model.lifetime_penetrance)}")
    if female:
        assumed.append(f"carrier women {probability(model.female_penetrance_at(None))}")
    return [
        f"age unknown for unaffected {_who(who)}: taken as past every age of onset "
        f"(lifetime penetrance: {', '.join(assumed)}), so being unaffected counts fully "
        "against the variant; give age or birth_year (with the file's date)"
    ]


def _who(ids: Sequence[str]) -> str:
    shown = ", ".join(repr(w) for w in ids[:5])
    return shown + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
