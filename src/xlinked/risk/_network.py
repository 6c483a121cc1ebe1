"""The Bayesian network of a pedigree: one variable per person, one factor per person.

Each variable is a person's genotype (monozygotic twins share one). Its states
depend on the person's sex at birth:

====================  ======================================================
kind                  states
====================  ======================================================
male                  ``N``, ``d`` (and ``M``: no variant in blood, germline mosaic)
female                ``NN``, ``Nd``, ``dd`` (and ``M``)
unknown (pregnancy)   ``male N``, ``male d``, ``female NN``, ``female Nd``, ``female dd``
====================  ======================================================

The mosaic state exists only for people with children in the pedigree and only
when the model has a mosaicism prior (it changes nothing but transmission); for
everyone else it is split off the no-variant state when the results are read.

Each person contributes one factor: P(genotype | parents' genotypes) times the
likelihood of what is observed about them (affected status at their age, test
results) and, for a man who has fathered a child, of his having reproduced
(relative fitness f if hemizygous, 1 otherwise; not applied to a man recorded
affected or tested positive: a man who had children despite the condition). A
parent who is not in the pedigree is an implied founder of that sex, summed out
analytically: the child's allele from them is d with the implied founder's
average transmission probability (an implied father is a man who reproduced). A
person with neither parent in the pedigree gets the founder prior
(mutation-selection equilibrium, or the given carrier frequency).

Parameters are built in "parameter space": exact :class:`~fractions.Fraction`
values at the model's mutation rate, or exact polynomials in mu for the limit
mode, then turned into table entries by the chosen :class:`~._arith.Arith`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

from .. import _values
from ..errors import ModelError, PedigreeError, Problem
from ..model import (
    GeneticTest,
    Individual,
    MeasurementKind,
    Pedigree,
    Sex,
    TestResult,
    Zygosity,
)
from ._arith import Arith, Poly, Scalar, Table
from .model import RiskModel

__all__ = ["KINDS", "Drop", "Kind", "Network", "Params", "build_network", "likelihood_ratios"]

#: For person ``i``: (drop their affected status, positions of genetic tests to
#: drop, positions of measurements to drop).
Drop = Callable[[int], tuple[bool, frozenset[int], frozenset[int]]]


class Kind:
    """The states of one kind of variable.

    (This module's classes are plain classes, not dataclasses: every answer
    imports them, and a dataclass takes about a millisecond to create.)
    """

    __slots__ = ("copies", "labels", "mosaic", "name", "sexes")

    def __init__(self, name: str, labels: tuple[str, ...], sexes: tuple[str, ...],
                 copies: tuple[int, ...], mosaic: tuple[bool, ...]) -> None:
        self.name = name
        self.labels = labels
        #: sex of each state ("M" or "F")
        self.sexes = sexes
        #: number of d alleles in each state (a mosaic counts 0: nothing in blood)
        self.copies = copies
        self.mosaic = mosaic

    @property
    def size(self) -> int:
        """Number of states."""
        return len(self.labels)


KINDS = {
    "M": Kind("male", ("N", "d"), ("M", "M"), (0, 1), (False, False)),
    "M+": Kind("male", ("N", "d", "M"), ("M", "M", "M"), (0, 1, 0), (False, False, True)),
    "F": Kind("female", ("NN", "Nd", "dd"), ("F", "F", "F"), (0, 1, 2), (False,) * 3),
    "F+": Kind(
        "female", ("NN", "Nd", "dd", "M"), ("F",) * 4, (0, 1, 2, 0), (False, False, False, True)
    ),
    "U": Kind(
        "unknown",
        ("male N", "male d", "female NN", "female Nd", "female dd"),
        ("M", "M", "F", "F", "F"),
        (0, 1, 0, 1, 2),
        (False,) * 5,
    ),
}


class Params:
    """Model parameters in parameter space (Fractions, or polynomials in mu)."""

    def __init__(self, mu_f: Scalar, mu_m: Scalar, mosaic_prior: Scalar,
                 mosaic_transmission: Fraction, founder_female: tuple[Scalar, Scalar, Scalar],
                 founder_male: tuple[Scalar, Scalar], model: RiskModel, limit: bool,
                 fitness: Fraction = Fraction(1)) -> None:
        self.mu_f = mu_f
        self.mu_m = mu_m
        self.mosaic_prior = mosaic_prior
        self.mosaic_transmission = mosaic_transmission
        self.founder_female = founder_female
        self.founder_male = founder_male
        self.model = model
        self.limit = limit
        #: relative fitness of hemizygous men (the likelihood of having reproduced)
        self.fitness = fitness

    @classmethod
    def of(cls, model: RiskModel, *, limit: bool) -> Params:
        """Parameters of ``model``; with ``limit`` as polynomials in mu.

        In the limit the sperm rate and the mosaicism prior keep their ratio to
        the egg rate (germline mosaicism is itself a new mutation); all other
        parameters are fixed.
        """
        mu_f: Scalar
        mu_m: Scalar
        mos: Scalar
        if limit:
            x = Poly.variable()
            rate = model.mutation_rate
            if rate:
                mu_f = x
                mu_m = x * (model.sperm_mutation_rate / rate)
                mos = x * (model.mosaic_prior / rate)
            else:
                if model.sperm_mutation_rate:
                    raise ModelError(
                        "limit mode needs mutation_rate > 0 to scale male_mutation_rate with it"
                    )
                mu_f = mu_m = Poly()
                mos = Poly.of(model.mosaic_prior)
        else:
            mu_f, mu_m = model.mutation_rate, model.sperm_mutation_rate
            mos = model.mosaic_prior
        f = model.male_fitness
        female: tuple[Scalar, Scalar, Scalar]
        male: tuple[Scalar, Scalar]
        if model.carrier_frequency is not None:
            # Hardy-Weinberg on X chromosomes with allele frequency q = c / 2
            q = model.carrier_frequency / 2
            female = ((1 - q) * (1 - q), 2 * q * (1 - q), q * q)
            male = (1 - q, q)
        else:
            q_f = (mu_f * (1 + f) + mu_m) * (1 / (1 - f))
            q_m = q_f + mu_f
            female = ((1 - q_f) * (1 - q_f), 2 * q_f * (1 - q_f), q_f * q_f)
            male = (1 - q_m, q_m)
            check = [_value(q_f), _value(q_m)] if not limit else []
            if any(v > 1 for v in check):
                raise ModelError(
                    "the mutation rates are too high for the equilibrium prior "
                    "(q_f = (mu_f (1 + f) + mu_m) / (1 - f) must stay below 1)"
                )
        return cls(mu_f, mu_m, mos, model.mosaicism_transmission, female, male, model, limit,
                   f)

    # -- transmission ------------------------------------------------------

    def mother_transmits(self, kind: Kind, s: int) -> Scalar:
        """P(a child gets d from a mother in state s)."""
        if kind.mosaic[s]:
            t = self.mosaic_transmission
            return t + (1 - t) * self.mu_f
        k = kind.copies[s]
        return Fraction(k, 2) + (1 - Fraction(k, 2)) * self.mu_f

    def father_transmits(self, kind: Kind, s: int) -> Scalar:
        """P(a daughter gets d from a father in state s)."""
        if kind.mosaic[s]:
            t = self.mosaic_transmission
            return t + (1 - t) * self.mu_m
        g = kind.copies[s]
        return g + (1 - g) * self.mu_m

    def reproduced(self, kind: Kind, s: int) -> Fraction:
        """Likelihood that a man in state s had children: f if hemizygous, else 1."""
        return self.fitness if kind.sexes[s] == "M" and kind.copies[s] == 1 else Fraction(1)

    def implied_mother(self) -> tuple[Scalar, Scalar]:
        """(P(N), P(d)) passed by a mother who is not in the pedigree (a founder woman)."""
        kind = KINDS["F+"]
        d = _sum(
            w * self.mother_transmits(kind, s)
            for s, w in enumerate(self.founder_states(kind))
        )
        return 1 - d, d

    def implied_father(self) -> tuple[Scalar, Scalar]:
        """Weights of N and d passed to a daughter by a father who is not in the pedigree.

        He is a founder man who reproduced: each state is weighted by the founder
        prior times :meth:`reproduced`. The weights are not normalised (their sum
        is P(a population man reproduces), the same for every state of the
        child, so posteriors do not depend on it).
        """
        kind = KINDS["M+"]
        n: Scalar = Fraction(0)
        d: Scalar = Fraction(0)
        for s, w in enumerate(self.founder_states(kind)):
            w = w * self.reproduced(kind, s)
            t = self.father_transmits(kind, s)
            n = n + w * (1 - t)
            d = d + w * t
        return n, d

    def founder_states(self, kind: Kind) -> list[Scalar]:
        """The founder prior over the states of ``kind``."""
        out: list[Scalar] = []
        half = Fraction(1, 2) if kind.name == "unknown" else Fraction(1)
        for s in range(kind.size):
            base = (self.founder_male if kind.sexes[s] == "M" else self.founder_female)[
                kind.copies[s]
            ]
            out.append(half * base * self._mosaic_split(kind, s))
        return out

    def _mosaic_split(self, kind: Kind, s: int) -> Scalar:
        if kind.mosaic[s]:
            return self.mosaic_prior
        if kind.copies[s] == 0 and any(kind.mosaic):
            return 1 - self.mosaic_prior
        return Fraction(1)

    def family(
        self, kind: Kind, mother: Kind | None, father: Kind | None, origin: str = "parents"
    ) -> tuple[list[Scalar], tuple[int, ...]]:
        """P(state | parents' states) as a flat row-major table and its shape.

        Axes: the person, then the mother (when in the pedigree), then the
        father (when in the pedigree and the person may be a daughter).
        ``origin`` is ``"founder"`` (neither parent in the pedigree: the founder
        prior), ``"implied father"`` (the father is not in the pedigree: an
        implied founder man who reproduced, whatever the child's sex; ``"implied
        father (hypothetical)"`` for a hypothetical child) or ``"parents"``. A
        missing mother is an implied founder woman (for sons too).
        """
        if origin == "founder":
            return self.founder_states(kind), (kind.size,)
        m_states = range(mother.size) if mother else [None]
        f_states = range(father.size) if father else [None]
        table: list[Scalar] = []
        half = Fraction(1, 2) if kind.name == "unknown" else Fraction(1)
        am_implied = self.implied_mother() if mother is None else None
        bf_implied = self.implied_father() if origin.startswith("implied father") else None
        # the implied father's weight (P(he reproduced)) applies to sons as well
        z_son = bf_implied[0] + bf_implied[1] if bf_implied is not None else Fraction(1)
        if (bf_implied is not None and origin.endswith("(hypothetical)")
                and not isinstance(z_son, Poly)):
            # a hypothetical child's father reproduces only hypothetically: no evidence,
            # so the likelihood of the family stays the same (in the limit mode, where
            # no likelihood is reported, the constant factor changes nothing)
            inv = 1 / Fraction(z_son)
            bf_implied = (bf_implied[0] * inv, bf_implied[1] * inv)
            z_son = Fraction(1)
        for s in range(kind.size):
            for sm in m_states:
                a0, a1 = _passes(am_implied, mother, sm, self.mother_transmits)
                for sf in f_states:
                    k = kind.copies[s]
                    if kind.sexes[s] == "M":
                        p = (a1 if k == 1 else a0) * z_son
                    else:
                        b0, b1 = _passes(bf_implied, father, sf, self.father_transmits)
                        p = [a0 * b0, a1 * b0 + a0 * b1, a1 * b1][k]
                    table.append(half * p * self._mosaic_split(kind, s))
        shape = (kind.size,) + ((mother.size,) if mother else ()) + (
            (father.size,) if father else ()
        )
        return table, shape

    # -- phenotype and tests ------------------------------------------------

    def affected_given(self, kind: Kind, s: int, age: float | None) -> Fraction:
        """P(affected by ``age`` | state); ``age`` None: lifetime."""
        model = self.model
        if kind.sexes[s] == "M" and kind.copies[s] == 1 or kind.copies[s] == 2:
            return model.penetrance_at(age)
        if kind.copies[s] == 1:
            return model.female_penetrance_at(age)
        return model.phenocopy_rate

    def evidence(
        self, kind: Kind, affected: bool | None, age: float | None,
        tests: Sequence[GeneticTest], ratios: Sequence[Fraction] = (),
    ) -> list[Fraction]:
        """Likelihood of one person's observations in each state.

        ``ratios`` are likelihood ratios carrier : non-carrier (quantitative
        tests): each multiplies the states that carry the variant, since only
        the ratio of the two likelihoods matters.
        """
        out = []
        for s in range(kind.size):
            e = Fraction(1)
            if affected is not None:
                p = self.affected_given(kind, s, age)
                e *= p if affected else 1 - p
            carries = kind.copies[s] > 0
            for t in tests:
                if t.result is TestResult.POSITIVE:
                    e *= t.sensitivity if carries else 1 - t.specificity
                elif t.result is TestResult.NEGATIVE:
                    e *= 1 - t.sensitivity if carries else t.specificity
            if carries:
                for r in ratios:
                    e *= r
            out.append(e)
        return out


def _passes(
    implied: tuple[Scalar, Scalar] | None, parent: Kind | None, s: int | None,
    transmits: Callable[[Kind, int], Scalar],
) -> tuple[Scalar, Scalar]:
    """(P(N), P(d)) passed by a parent in state ``s``, or by the implied parent (s None)."""
    if s is None:
        assert implied is not None
        return implied
    assert parent is not None
    d = transmits(parent, s)
    return 1 - d, d


def _value(x: Scalar) -> Fraction:
    return x.constant() if isinstance(x, Poly) else Fraction(x)


def _sum(items: Any) -> Scalar:
    total: Scalar = Fraction(0)
    for x in items:
        total = total + x
    return total


class Network:
    """Variables and factors of a pedigree (structure only; values are built per mode).

    ``var_of[i]`` is the variable of person ``i``; ``members[v]`` the people of
    variable ``v`` (more than one for monozygotic twins). ``scopes[v]`` is the
    scope of variable ``v``'s factor: ``(v, mother?, father?)``.
    """

    def __init__(
        self,
        pedigree: Pedigree,
        var_of: tuple[int, ...],
        members: tuple[tuple[int, ...], ...],
        kinds: tuple[str, ...],
        mother: tuple[int, ...],
        father: tuple[int, ...],
        scopes: tuple[tuple[int, ...], ...],
        partner: tuple[int, ...],
        partner_source: tuple[str | None, ...] = (),
        origin: tuple[str, ...] = (),
        reproduced: tuple[bool, ...] = (),
        ratios: tuple[tuple[Fraction, ...], ...] = (),
    ) -> None:
        self.pedigree = pedigree
        self.var_of = var_of
        self.members = members
        self.kinds = kinds
        self.mother = mother
        self.father = father
        self.scopes = scopes
        #: the partner used for each woman's next daughter (-1: a man not in the pedigree)
        self.partner = partner
        #: where each woman's partner comes from: "union", "last child" or "population"
        self.partner_source = partner_source
        #: per variable: "founder", "implied father" (father not in the pedigree) or "parents"
        self.origin = origin
        #: variables conditioned on having fathered a child (male fitness)
        self.reproduced = reproduced
        #: each person's likelihood ratios, one per entry of ``measurements``
        self.ratios = ratios

    @property
    def size(self) -> int:
        """Number of variables."""
        return len(self.members)

    def cards(self) -> list[int]:
        """Number of states of each variable."""
        return [KINDS[k].size for k in self.kinds]

    def links(self) -> list[tuple[int, int]]:
        """Couples whose joint distribution is needed (woman, partner) as variables."""
        out = []
        for i, p in enumerate(self.partner):
            if p >= 0:
                a, b = self.var_of[i], self.var_of[p]
                if a != b:
                    out.append((a, b))
        return out

    def tables(
        self,
        params: Params,
        arith: Arith,
        *,
        drop: Drop | None = None,
        clamp: dict[int, int] | None = None,
    ) -> list[Table]:
        """One factor table per variable, in ``arith``'s number system.

        ``drop(i)`` says, for person ``i``, whether to ignore their affected
        status and which of their tests and measurements (by position) to
        ignore. ``clamp`` maps a variable to the one state it is fixed to.
        Hypothetical people carry no evidence.
        """
        ped = self.pedigree
        ages = ped.ages
        model = params.model
        fam_cache: dict[Any, tuple[list[Scalar], tuple[int, ...]]] = {}
        ev_cache: dict[Any, list[Fraction]] = {}
        out_cache: dict[Any, Table] = {}
        tables: list[Table] = []
        for v, members in enumerate(self.members):
            kind_name = self.kinds[v]
            kind = KINDS[kind_name]
            m, f = self.mother[v], self.father[v]
            fam_key = (kind_name, self.kinds[m] if m >= 0 else None,
                       self.kinds[f] if f >= 0 else None, self.origin[v])
            ev_keys = []
            for i in members:
                person = ped.individuals[i]
                if person.hypothetical:
                    continue
                status_dropped, tests_dropped, lr_dropped = (
                    drop(i) if drop else (False, frozenset(), frozenset()))
                ratios = tuple(r for k, r in enumerate(self.ratios[i]) if k not in lr_dropped)
                affected = None if status_dropped else person.affected
                age = ages[i] if affected is not None else None
                pen = (
                    (model.penetrance_at(age), model.female_penetrance_at(age))
                    if affected is not None else None
                )
                tests = tuple(
                    t for k, t in enumerate(person.tests)
                    if k not in tests_dropped and t.result is not TestResult.INCONCLUSIVE
                )
                ev_keys.append(
                    (affected, pen, tuple((t.result, t.sensitivity, t.specificity) for t in tests),
                     ratios, age, tests)
                )
            key = (fam_key, tuple(k[:4] for k in ev_keys), clamp.get(v) if clamp else None,
                   self.reproduced[v])
            table = out_cache.get(key)
            if table is None:
                if fam_key not in fam_cache:
                    fam_cache[fam_key] = params.family(
                        kind,
                        KINDS[fam_key[1]] if fam_key[1] else None,
                        KINDS[fam_key[2]] if fam_key[2] else None,
                        origin=self.origin[v],
                    )
                fam, shape = fam_cache[fam_key]
                ev = [Fraction(1)] * kind.size
                for affected, _pen, tkey, ratios, age, tests in ev_keys:
                    ekey = (kind_name, affected, _pen, tkey, ratios)
                    if ekey not in ev_cache:
                        ev_cache[ekey] = params.evidence(kind, affected, age, tests, ratios)
                    ev = [a * b for a, b in zip(ev, ev_cache[ekey], strict=True)]
                if self.reproduced[v]:
                    ev = [e * params.reproduced(kind, s) for s, e in enumerate(ev)]
                if clamp and v in clamp:
                    ev = [e if s == clamp[v] else Fraction(0) for s, e in enumerate(ev)]
                per = len(fam) // kind.size
                values = [fam[s * per + j] * ev[s] for s in range(kind.size) for j in range(per)]
                table = arith.table(values, shape)
                out_cache[key] = table
            tables.append(table)
        return tables


def shows_variant(person: Individual) -> bool:
    """True when a person's own record says they carry the variant: recorded
    affected, or a positive test."""
    return bool(person.affected) or any(t.result is TestResult.POSITIVE for t in person.tests)


def build_network(pedigree: Pedigree, model: RiskModel) -> Network:
    """The variables and factor scopes of ``pedigree``."""
    n = len(pedigree)
    people = pedigree.individuals
    var_of = list(range(n))
    for twins in pedigree.twins:
        if twins.zygosity is Zygosity.MZ:
            idx = sorted(pedigree.index[m] for m in twins.members)
            for i in idx[1:]:
                var_of[i] = idx[0]
    reps = sorted(set(var_of))
    renum = {r: k for k, r in enumerate(reps)}
    var_of = [renum[var_of[i]] for i in range(n)]
    members: list[list[int]] = [[] for _ in reps]
    for i, v in enumerate(var_of):
        members[v].append(i)
    has_children = [False] * len(reps)
    fathered = [False] * len(reps)
    for i in range(n):
        for parent in (pedigree.mothers[i], pedigree.fathers[i]):
            if parent >= 0:
                has_children[var_of[parent]] = True
        if pedigree.fathers[i] >= 0 and not people[i].hypothetical:
            fathered[var_of[pedigree.fathers[i]]] = True
    mosaic = model.has_mosaicism
    kinds = []
    mother = []
    father = []
    scopes = []
    origin = []
    reproduced = []
    for v, group in enumerate(members):
        i = group[0]
        sex = people[i].sex
        base = {Sex.MALE: "M", Sex.FEMALE: "F", Sex.UNKNOWN: "U"}[sex]
        kinds.append(base + "+" if mosaic and has_children[v] and base != "U" else base)
        m = pedigree.mothers[i]
        f = pedigree.fathers[i]
        mv = var_of[m] if m >= 0 else -1
        # sons get nothing from their father
        fv = var_of[f] if f >= 0 and sex is not Sex.MALE else -1
        mother.append(mv)
        father.append(fv)
        origin.append("founder" if m < 0 and f < 0 else "parents" if f >= 0 else
                      "implied father (hypothetical)" if people[i].hypothetical
                      else "implied father")
        scopes.append((v,) + ((mv,) if mv >= 0 else ()) + ((fv,) if fv >= 0 else ()))
        # a father recorded affected or positive had children despite the condition
        reproduced.append(fathered[v] and not any(shows_variant(people[j]) for j in group))
    partner, source = _partners(pedigree)
    ratios = likelihood_ratios(pedigree, model)
    return Network(
        pedigree,
        tuple(var_of),
        tuple(tuple(g) for g in members),
        tuple(kinds),
        tuple(mother),
        tuple(father),
        tuple(scopes),
        tuple(partner),
        tuple(source),
        tuple(origin),
        tuple(reproduced),
        ratios,
    )


def _partners(pedigree: Pedigree) -> tuple[list[int], list[str | None]]:
    """Each woman's partner for her next daughter, and where it comes from.

    The current partner from ``unions`` (the last union naming her with a man,
    not separated), else the father of her last child (unless the couple is
    recorded as separated), else a man from the population (-1). Hypothetical
    children do not count.
    """
    people = pedigree.individuals
    n = len(people)
    partner = [-1] * n
    source: list[str | None] = [None] * n
    separated = {frozenset(u.partners) for u in pedigree.unions if u.separated}
    last_child_father = [-1] * n
    for i, p in enumerate(people):
        m = pedigree.mothers[i]
        if m >= 0 and not p.hypothetical:
            last_child_father[m] = pedigree.fathers[i]
    current = [-1] * n
    for u in pedigree.unions:
        if u.separated:
            continue
        a, b = (pedigree.index[x] for x in u.partners)
        for w, h in ((a, b), (b, a)):
            if people[w].sex is Sex.FEMALE and people[h].sex is Sex.MALE:
                current[w] = h
    for i, p in enumerate(people):
        if p.sex is not Sex.FEMALE:
            continue
        dad = last_child_father[i]
        if current[i] >= 0:
            partner[i], source[i] = current[i], "union"
        elif dad >= 0 and frozenset((p.id, people[dad].id)) not in separated:
            partner[i], source[i] = dad, "last child"
        else:
            source[i] = "population"
    return partner, source


def likelihood_ratios(pedigree: Pedigree, model: RiskModel) -> tuple[tuple[Fraction, ...], ...]:
    """Each person's likelihood ratios carrier : non-carrier, one per measurement.

    A ``likelihood_ratio`` is taken as given; a ``measurement`` is turned into
    one with the model's reference distributions (``docs/presets.md``).

    Raises
    ------
    PedigreeError
        One problem per measurement the model cannot interpret (no reference
        for the analyte, an unknown unit, no age for an age-dependent reference,
        a measurement on a man), naming the person.
    """
    problems: list[Problem] = []
    out = []
    for p, age in zip(pedigree.individuals, pedigree.ages, strict=True):
        row = []
        for m in p.measurements:
            if m.kind is MeasurementKind.LIKELIHOOD_RATIO:
                row.append(m.value)
                continue
            where = f"individual {p.id!r}"
            what = f"measurement {m.analyte} {_values.format_fraction(m.value)} {m.unit}"
            try:
                if p.sex is not Sex.FEMALE:
                    raise ValueError("reference distributions are for women (carriers and "
                                     "non-carriers); give a man's evidence as kind "
                                     "likelihood_ratio")
                assert m.analyte is not None and m.unit is not None
                ref = model.reference(m.analyte)
                row.append(ref.likelihood_ratio(m.value, m.unit,
                                                m.age if m.age is not None else age))
            except ValueError as exc:
                problems.append(Problem(where, f"{what}: {exc}"))
                row.append(Fraction(1))
        out.append(tuple(row))
    if problems:
        raise PedigreeError(problems)
    return tuple(out)
