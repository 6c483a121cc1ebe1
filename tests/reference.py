"""A slow, obviously correct oracle: enumerate every genotype assignment.

Written from domain.md section 3 and docs/risk.md, independently of the engine
(it imports nothing from ``xlinked.risk`` but the parameter container). Every
person, and every implied parent of a person with only one parent in the
pedigree, gets a genotype; the probability of each complete assignment is the
product of founder priors, transmission probabilities and the likelihood of the
observations. Posteriors are sums over assignments, in exact arithmetic:

* ``brute_force(ped, model)`` uses Fractions at the model's mutation rate;
* ``brute_force(ped, model, limit=True)`` uses exact polynomials in mu (the egg
  mutation rate; the sperm rate and the mosaicism prior keep their ratio to it)
  and returns the limit mu -> 0 of each posterior: the ratio of the coefficients
  of the lowest power of mu present in the denominator.

Conventions shared with the engine (see docs/risk.md): a state is
``(sex, copies, mosaic)``; an affected person is observed with the cumulative
penetrance at their age (lifetime when unknown); an unaffected person has
``p_affected`` = their remaining lifetime risk; a woman's next daughter has the
father of her last child; monozygotic twins share one genotype; a likelihood
ratio carrier : non-carrier (given, or from a measurement and the model's
reference distributions) multiplies the likelihood of every state with a copy
of the variant.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from xlinked import Pedigree, Sex, TestResult, Zygosity
from xlinked.risk.model import RiskModel


class P:
    """Polynomial in mu with Fraction coefficients, as a tuple of coefficients."""

    __slots__ = ("c",)

    def __init__(self, c: Any) -> None:
        c = list(c)
        while c and c[-1] == 0:
            c.pop()
        self.c = tuple(c)

    @staticmethod
    def k(x: Any) -> P:
        return x if isinstance(x, P) else P([Fraction(x)])

    def __add__(self, o: Any) -> P:
        o = P.k(o)
        n = max(len(self.c), len(o.c))
        a = self.c + (Fraction(0),) * (n - len(self.c))
        b = o.c + (Fraction(0),) * (n - len(o.c))
        return P([x + y for x, y in zip(a, b, strict=True)])

    __radd__ = __add__

    def __sub__(self, o: Any) -> P:
        return self + P.k(o) * -1

    def __rsub__(self, o: Any) -> P:
        return P.k(o) - self

    def __mul__(self, o: Any) -> P:
        o = P.k(o)
        if not self.c or not o.c:
            return P([])
        out = [Fraction(0)] * (len(self.c) + len(o.c) - 1)
        for i, x in enumerate(self.c):
            if x:
                for j, y in enumerate(o.c):
                    out[i + j] += x * y
        return P(out)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.c)

    def at0(self) -> Fraction:
        return self.c[0] if self.c else Fraction(0)


def _limit(num: P, den: P) -> Fraction:
    order = next(i for i, x in enumerate(den.c) if x)
    return (num.c[order] if order < len(num.c) else Fraction(0)) / den.c[order]


def _pen(model: RiskModel, age: float | None) -> Fraction:
    steps = model.penetrance
    if age is None:
        return steps[-1].value
    value = steps[0].value
    for s in steps:
        if s.from_age <= age:
            value = s.value
    return value


def likelihood_ratios(person: Any, model: RiskModel) -> list[Fraction]:
    """The person's likelihood ratios carrier : non-carrier, computed here from the
    full densities (with their 1/x and 1/sqrt(2 pi) factors) of the model's
    reference distributions, rounded to three significant digits."""
    out = []
    for m in person.measurements:
        if m.kind.value == "likelihood_ratio":
            out.append(m.value)
            continue
        ref = next(r for r in model.measurements if r.analyte.lower() == m.analyte.lower())
        factor = next(f for u, f in ref.units if u.lower() == m.unit.lower())
        x = float(m.value * factor)
        age = m.age if m.age is not None else person.age
        step = ref.steps[0] if len(ref.steps) == 1 else [
            s for s in ref.steps if s.from_age <= age][-1]

        def pdf(d: Any, x: float = x) -> float:
            centre, spread = float(d.centre), float(d.spread)
            if d.family == "lognormal":
                z = (math.log(x) - math.log(centre)) / spread
                return math.exp(-z * z / 2) / (x * spread * math.sqrt(2 * math.pi))
            z = (x - centre) / spread
            return math.exp(-z * z / 2) / (spread * math.sqrt(2 * math.pi))

        ratio = Decimal(pdf(step.carrier) / pdf(step.non_carrier))
        digits = ratio.adjusted() - 2  # keep three significant digits
        out.append(Fraction(ratio.quantize(Decimal(1).scaleb(digits), ROUND_HALF_EVEN)))
    return out


def brute_force(ped: Pedigree, model: RiskModel, *, limit: bool = False) -> dict[str, dict]:
    """Posterior risks of everyone by enumerating all genotype assignments."""
    one = P([1]) if limit else Fraction(1)
    if limit:
        x = P([0, 1])
        mu_f = x
        mu_m = x * (model.sperm_mutation_rate / model.mutation_rate)
        pi = x * (model.mosaicism_prior / model.mutation_rate)
    else:
        mu_f, mu_m, pi = model.mutation_rate, model.sperm_mutation_rate, model.mosaicism_prior
    t = model.mosaicism_transmission
    mosaic = model.mosaicism_prior > 0
    f = model.male_fitness
    if model.carrier_frequency is not None:
        c = model.carrier_frequency
        fem = [one * (1 - c - c * c / 4), one * c, one * (c * c / 4)]
        mal = [one * (1 - c / 2), one * (c / 2)]
    else:
        qf = (mu_f * (1 + f) + mu_m) * (1 / (1 - f))
        qm = qf + mu_f
        fem = [(1 - qf) * (1 - qf), 2 * qf * (1 - qf), qf * qf]
        mal = [1 - qm, qm]

    def states(sex: Sex) -> list[tuple[str, int, bool]]:
        out = []
        for s in ("M", "F"):
            if sex is Sex.UNKNOWN or sex.value == s:
                for k in range(2 if s == "M" else 3):
                    out.append((s, k, False))
                if mosaic and sex is not Sex.UNKNOWN:
                    out.append((s, 0, True))
        return out

    def founder(sex: Sex, st: tuple[str, int, bool]) -> Any:
        s, k, m = st
        w = (mal if s == "M" else fem)[k]
        if mosaic and sex is not Sex.UNKNOWN and k == 0:
            w = w * (pi if m else 1 - pi)
        return w * Fraction(1, 2) if sex is Sex.UNKNOWN else w

    def from_mother(st: tuple[str, int, bool]) -> Any:
        _, k, m = st
        return t + (1 - t) * mu_f if m else Fraction(k, 2) + (1 - Fraction(k, 2)) * mu_f

    def from_father(st: tuple[str, int, bool]) -> Any:
        _, g, m = st
        return t + (1 - t) * mu_m if m else g + (1 - g) * mu_m

    def child(sex: Sex, st: tuple[str, int, bool], a: Any, b: Any) -> Any:
        s, k, m = st
        if s == "M":
            p = a if k == 1 else 1 - a
        else:
            p = [(1 - a) * (1 - b), a * (1 - b) + (1 - a) * b, a * b][k]
        if mosaic and sex is not Sex.UNKNOWN and k == 0:
            p = p * (pi if m else 1 - pi)
        return p * Fraction(1, 2) if sex is Sex.UNKNOWN else p

    def aff(st: tuple[str, int, bool], age: float | None) -> Fraction:
        s, k, _ = st
        if (s == "M" and k == 1) or k == 2:
            return _pen(model, age)
        if k == 1:
            return model.female_penetrance
        return model.phenocopy_rate

    def evidence(person: Any, st: tuple[str, int, bool]) -> Fraction:
        e = Fraction(1)
        if st[1] > 0:
            for ratio in likelihood_ratios(person, model):
                e *= ratio
        if person.affected is not None:
            p = aff(st, person.age)
            e *= p if person.affected else 1 - p
        for test in person.tests:
            carries = st[1] > 0
            if test.result is TestResult.POSITIVE:
                e *= test.sensitivity if carries else 1 - test.specificity
            elif test.result is TestResult.NEGATIVE:
                e *= 1 - test.sensitivity if carries else test.specificity
        return e

    people = list(ped.individuals)
    twin_of: dict[str, str] = {}
    for g in ped.twins:
        if g.zygosity is Zygosity.MZ:
            first = min(g.members, key=lambda m: ped.index[m])
            for m in g.members:
                if m != first:
                    twin_of[m] = first
    # nodes: ("person", id) or ("implied-mother"/"implied-father", id of child)
    nodes: list[tuple[str, str]] = []
    for p in people:
        if (p.mother is None) != (p.father is None):
            nodes.append(("implied-mother" if p.mother is None else "implied-father", p.id))
    order = [people[i].id for i in ped.topological_order]
    nodes += [("person", pid) for pid in order]

    def node_states(node: tuple[str, str]) -> list[tuple[str, int, bool]]:
        if node[0] == "implied-mother":
            return states(Sex.FEMALE)
        if node[0] == "implied-father":
            return states(Sex.MALE)
        return states(ped[node[1]].sex)

    results: dict[str, dict[str, Any]] = {}
    total: list[Any] = [0 * one]
    acc: dict[tuple[str, str], Any] = {}
    partner: dict[str, str | None] = {}
    for p in people:
        if p.mother is not None:
            partner[p.mother] = p.father

    lifetime = _pen(model, None)
    phen = model.phenocopy_rate

    def next_son(st: tuple[str, int, bool]) -> Any:
        a = from_mother(st)
        return a * lifetime + (1 - a) * phen

    implied_b: Any = 0 * one
    for st in states(Sex.MALE):
        implied_b = implied_b + founder(Sex.MALE, st) * from_father(st)

    def record(assign: dict[tuple[str, str], tuple[str, int, bool]], w: Any) -> None:
        total[0] = total[0] + w
        for p in people:
            st = assign[("person", p.id)]
            contributions = {
                "p_carrier": one * (1 if st[1] > 0 else 0),
                "p_mosaic": one * (1 if st[2] else 0),
            }
            if p.affected:
                contributions["p_affected"] = one
            elif p.affected is None:
                contributions["p_affected"] = one * aff(st, None)
            else:
                now, life = aff(st, p.age), aff(st, None)
                contributions["p_affected"] = one * ((life - now) / (1 - now) if now < 1 else 0)
            if p.sex is Sex.FEMALE:
                contributions["next_son"] = one * next_son(st)
                a = from_mother(st)
                dad = partner.get(p.id)
                b = from_father(assign[("person", dad)]) if dad is not None else implied_b
                contributions["next_daughter"] = 1 - (1 - a) * (1 - b)
            for key, val in contributions.items():
                acc[(p.id, key)] = acc.get((p.id, key), 0 * one) + w * val

    def dfs(k: int, assign: dict, w: Any) -> None:
        if not w:
            return
        if k == len(nodes):
            record(assign, w)
            return
        node = nodes[k]
        kind, pid = node
        if kind == "person" and pid in twin_of:
            st = assign[("person", twin_of[pid])]
            assign[node] = st
            dfs(k + 1, assign, w * evidence(ped[pid], st))
            return
        for st in node_states(node):
            if kind.startswith("implied"):
                factor = founder(Sex.FEMALE if kind == "implied-mother" else Sex.MALE, st)
            else:
                p = ped[pid]
                if p.mother is None and p.father is None:
                    factor = founder(p.sex, st)
                else:
                    mum = ("person", p.mother) if p.mother else ("implied-mother", pid)
                    dad = ("person", p.father) if p.father else ("implied-father", pid)
                    factor = child(p.sex, st, from_mother(assign[mum]), from_father(assign[dad]))
                factor = factor * evidence(p, st)
            assign[node] = st
            dfs(k + 1, assign, w * factor)
        assign.pop(node, None)

    dfs(0, {}, one)
    den = total[0]
    if not den:
        raise ZeroDivisionError("the evidence has probability zero")
    for p in people:
        out: dict[str, Any] = {}
        for key in ("p_carrier", "p_affected", "p_mosaic", "next_son", "next_daughter"):
            if (p.id, key) not in acc:
                continue
            num = acc[(p.id, key)]
            out[key] = _limit(num, den) if limit else num / den
        results[p.id] = out
    return results


def likelihood_is_zero(ped: Pedigree, model: RiskModel) -> bool:
    """True when the evidence is impossible (exact, at the model's mutation rate)."""
    try:
        brute_force(ped, model)
    except ZeroDivisionError:
        return True
    return False
