"""A slow, obviously correct oracle: enumerate every genotype assignment.

Written from the model of docs/risk.md, independently of the engine
(it imports nothing from ``xlinked.risk`` but the parameter container). Every
person, and every implied parent of a person with only one parent in the
pedigree, gets a genotype; the probability of each complete assignment is the
product of founder priors, transmission probabilities and the likelihood of the
observations. Posteriors are sums over assignments, in exact arithmetic:

* ``brute_force(ped, model)`` uses Fractions at the model's mutation rate;
* ``brute_force(ped, model, limit=True)`` uses exact polynomials in mu (the egg
  mutation rate; the sperm rate and the mosaicism prior keep their ratio to it)
  and returns the limit mu -> 0 of each posterior: the ratio of the coefficients
  of the lowest power of mu present in the denominator (terms of higher order,
  which cannot matter, are dropped as the enumeration goes).

The rules, as docs/risk.md states them:

* a state is ``(sex, copies, mosaic)``; with germline mosaicism every parent
  (and implied parent) has the mosaic states, entered with the per-parent prior
  pi. A childless person's mosaic state would change nothing but their own
  ``p_mosaic`` and next children, so it is left out: ``p_mosaic`` is pi times
  P(no variant), and a next child gets the variant from a no-variant parent
  with (1 - pi) mu + pi (t + (1 - t) mu);
  ``mosaic_everyone=True`` enumerates it for everyone (any sex) instead, which
  a test compares on small pedigrees;
* founders get the equilibrium prior (or Hardy-Weinberg on X chromosomes with
  q = carrier_frequency / 2); a man who fathered a (non-hypothetical) child
  carries an extra factor, his relative fitness f when hemizygous, unless he is
  recorded affected or tested positive; an implied father is a founder man
  with that factor, an implied mother a founder woman (sons included);
* an affected person is observed with the cumulative penetrance at their age
  (men and dd women: ``penetrance``; carrier women: ``female_penetrance``);
  the age is ``age``, else reference year minus ``birth_year`` for the living,
  0 for pregnancies, else unknown (the last step);
* ``p_affected``: 1 when recorded affected, None for the deceased and lost
  pregnancies, else the remaining (unaffected) or lifetime (unknown) risk;
* a woman's next daughter has her current partner from a union that is not
  separated, else the father of her last real child unless they separated,
  else a population man (an implied father);
* hypothetical people carry no evidence, and are nobody's "last child";
* monozygotic twins share one genotype;
* a likelihood ratio carrier : non-carrier (given, or from a measurement and the
  model's reference distributions) multiplies the likelihood of every state
  with a copy of the variant.
"""

from __future__ import annotations

import datetime
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

    def order(self) -> int:
        """The lowest power of mu present."""
        return next(i for i, x in enumerate(self.c) if x)

    def cut(self, degree: int) -> P:
        """The terms up to mu**degree."""
        return self if len(self.c) <= degree + 1 else P(self.c[:degree + 1])


def _limit(num: P, den: P) -> Fraction:
    order = next(i for i, x in enumerate(den.c) if x)
    return (num.c[order] if order < len(num.c) else Fraction(0)) / den.c[order]


def _steps(steps: Any, age: float | None) -> Fraction:
    if age is None:
        return steps[-1].value
    value = Fraction(0)
    for s in steps:
        if s.from_age <= age:
            value = s.value
    return value


def _age(ped: Pedigree, person: Any) -> float | None:
    if person.age is not None:
        return person.age
    if person.pregnancy is not None:
        return 0
    year = (ped.date or datetime.date.today()).year
    if person.birth_year is not None and not person.deceased and person.birth_year <= year:
        return year - person.birth_year
    return None


def likelihood_ratios(person: Any, model: RiskModel, own_age: float | None) -> list[Fraction]:
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
        age = m.age if m.age is not None else own_age
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


def brute_force(
    ped: Pedigree, model: RiskModel, *, limit: bool = False, mosaic_everyone: bool = False
) -> dict[str, dict]:
    """Posterior risks of everyone by enumerating all genotype assignments."""
    one = P([1]) if limit else Fraction(1)
    t = model.mosaicism_transmission
    if model.mosaicism_recurrence is not None:
        r = model.mosaicism_recurrence
        prior = r * model.mutation_rate / (t * (t - r))
    else:
        prior = model.mosaicism_prior
    if limit:
        x = P([0, 1])
        mu_f = x
        mu_m = x * (model.sperm_mutation_rate / model.mutation_rate)
        pi = x * (prior / model.mutation_rate)
    else:
        mu_f, mu_m, pi = model.mutation_rate, model.sperm_mutation_rate, prior
    mosaic = prior > 0
    f = model.male_fitness
    if model.carrier_frequency is not None:
        q = model.carrier_frequency / 2
        fem = [one * ((1 - q) * (1 - q)), one * (2 * q * (1 - q)), one * (q * q)]
        mal = [one * (1 - q), one * q]
    else:
        qf = (mu_f * (1 + f) + mu_m) * (1 / (1 - f))
        qm = qf + mu_f
        fem = [(1 - qf) * (1 - qf), 2 * qf * (1 - qf), qf * qf]
        mal = [1 - qm, qm]

    twin_of: dict[str, str] = {}
    for g in ped.twins:
        if g.zygosity is Zygosity.MZ:
            first = min(g.members, key=lambda m: ped.index[m])
            for m in g.members:
                if m != first:
                    twin_of[m] = first
    # parents, by the twin who carries the genotype of monozygotic twins
    parents = {twin_of.get(x, x) for p in ped.individuals for x in (p.mother, p.father)
               if x is not None}

    def split(pid: str | None) -> bool:
        """True when the person (None: an implied parent) has the mosaic states."""
        return mosaic and (mosaic_everyone or pid is None or twin_of.get(pid, pid) in parents)

    def states(sex: Sex, pid: str | None) -> list[tuple[str, int, bool]]:
        out = []
        for s in ("M", "F"):
            if sex is Sex.UNKNOWN or sex.value == s:
                for k in range(2 if s == "M" else 3):
                    out.append((s, k, False))
                if split(pid):
                    out.append((s, 0, True))
        return out

    def mosaic_factor(st: tuple[str, int, bool], pid: str | None) -> Any:
        if split(pid) and st[1] == 0:
            return pi if st[2] else 1 - pi
        return one

    def founder(sex: Sex, st: tuple[str, int, bool], pid: str | None) -> Any:
        s, k, _ = st
        w = (mal if s == "M" else fem)[k] * mosaic_factor(st, pid)
        return w * Fraction(1, 2) if sex is Sex.UNKNOWN else w

    def fitness(st: tuple[str, int, bool]) -> Any:
        return f if st[0] == "M" and st[1] == 1 else 1

    def from_mother(st: tuple[str, int, bool]) -> Any:
        _, k, m = st
        return t + (1 - t) * mu_f if m else Fraction(k, 2) + (1 - Fraction(k, 2)) * mu_f

    def from_father(st: tuple[str, int, bool]) -> Any:
        _, g, m = st
        return t + (1 - t) * mu_m if m else g + (1 - g) * mu_m

    def child(sex: Sex, st: tuple[str, int, bool], a: Any, b: Any, pid: str) -> Any:
        s, k, _ = st
        if s == "M":
            p = a if k == 1 else 1 - a
        else:
            p = [(1 - a) * (1 - b), a * (1 - b) + (1 - a) * b, a * b][k]
        p = p * mosaic_factor(st, pid)
        return p * Fraction(1, 2) if sex is Sex.UNKNOWN else p

    def aff(st: tuple[str, int, bool], age: float | None) -> Fraction:
        s, k, _ = st
        if (s == "M" and k == 1) or k == 2:
            return _steps(model.penetrance, age)
        if k == 1:
            return _steps(model.female_penetrance, age)
        return model.phenocopy_rate

    ages = {p.id: _age(ped, p) for p in ped.individuals}

    def evidence(person: Any, st: tuple[str, int, bool]) -> Fraction:
        e = Fraction(1)
        if person.hypothetical:
            return e
        if st[1] > 0:
            for ratio in likelihood_ratios(person, model, ages[person.id]):
                e *= ratio
        if person.affected is not None:
            p = aff(st, ages[person.id])
            e *= p if person.affected else 1 - p
        for test in person.tests:
            carries = st[1] > 0
            if test.result is TestResult.POSITIVE:
                e *= test.sensitivity if carries else 1 - test.specificity
            elif test.result is TestResult.NEGATIVE:
                e *= 1 - test.sensitivity if carries else test.specificity
        return e

    people = list(ped.individuals)
    # fathers of real children, and whether their own record shows the variant
    fathers = {p.father for p in people if p.father is not None and not p.hypothetical}

    def shows(pid: str) -> bool:
        q = ped[pid]
        return bool(q.affected) or any(x.result is TestResult.POSITIVE for x in q.tests)

    conditioned = set()
    for pid in fathers:
        group = [pid]
        for g in ped.twins:
            if g.zygosity is Zygosity.MZ and pid in g.members:
                group = list(g.members)
        if not any(shows(m) for m in group):
            conditioned.add(twin_of.get(pid, pid))

    # nodes: ("person", id) or ("implied-mother"/"implied-father", id of child)
    nodes: list[tuple[str, str]] = []
    for p in people:
        # (a son's implied father would only multiply every assignment by the same
        # constant, P(a population man reproduces): he is left out)
        if p.mother is None and p.father is not None:
            nodes.append(("implied-mother", p.id))
        elif p.father is None and p.mother is not None and p.sex is not Sex.MALE:
            nodes.append(("implied-father", p.id))
    order = [people[i].id for i in ped.topological_order]
    nodes += [("person", pid) for pid in order]

    def node_states(node: tuple[str, str]) -> list[tuple[str, int, bool]]:
        if node[0] == "implied-mother":
            return states(Sex.FEMALE, None)
        if node[0] == "implied-father":
            return states(Sex.MALE, None)
        return states(ped[node[1]].sex, node[1])

    results: dict[str, dict[str, Any]] = {}
    total: list[Any] = [0 * one]
    acc: dict[tuple[str, str], Any] = {}

    # each woman's partner for her next daughter
    separated = {frozenset(u.partners) for u in ped.unions if u.separated}
    partner: dict[str, str | None] = {}
    for p in people:
        if p.mother is not None and not p.hypothetical:
            partner[p.mother] = p.father
    for pid, dad in list(partner.items()):
        if dad is not None and frozenset((pid, dad)) in separated:
            partner[pid] = None
    for u in ped.unions:
        if not u.separated:
            a, b = u.partners
            for w, h in ((a, b), (b, a)):
                if ped[w].sex is Sex.FEMALE and ped[h].sex is Sex.MALE:
                    partner[w] = h

    lifetime = _steps(model.penetrance, None)
    phen = model.phenocopy_rate

    # a population man who fathers her daughter: founder prior times fitness
    implied_w: Any = 0 * one
    implied_b: Any = 0 * one
    for st in states(Sex.MALE, None):
        w = founder(Sex.MALE, st, None) * fitness(st)
        implied_w = implied_w + w
        implied_b = implied_b + w * from_father(st)

    def mixed(transmit: Any, st: tuple[str, int, bool], pid: str) -> Any:
        """What a parent passes to a next child (mosaicism mixed in when unsplit)."""
        if mosaic and not split(pid) and st[1] == 0:
            return (1 - pi) * transmit(st) + pi * transmit((st[0], 0, True))
        return transmit(st)

    def own(p: Any, st: tuple[str, int, bool], dad_st: Any) -> dict[str, Any]:
        """What one person in state ``st`` contributes (her partner in ``dad_st``)."""
        contributions = {
            "p_carrier": one * (1 if st[1] > 0 else 0),
            "p_mosaic": one * (1 if st[2] else 0),
        }
        if mosaic and not split(p.id) and st[1] == 0:
            contributions["p_mosaic"] = one * pi
        lost = p.pregnancy is not None and not p.pregnancy.ongoing
        if p.affected:
            contributions["p_affected"] = one
        elif p.deceased or lost:
            pass
        elif p.affected is None:
            contributions["p_affected"] = one * aff(st, None)
        else:
            now, life = aff(st, ages[p.id]), aff(st, None)
            contributions["p_affected"] = one * ((life - now) / (1 - now) if now < 1 else 0)
        if p.sex is Sex.FEMALE and not p.deceased:  # a deceased woman has no next child
            a = mixed(from_mother, st, p.id)
            contributions["next_son"] = one * (a * lifetime + (1 - a) * phen)
            if dad_st is not None:
                b = mixed(from_father, dad_st, partner[p.id])
                contributions["next_daughter"] = 1 - (1 - a) * (1 - b)
            else:  # weighted by the population man's weight, divided out below
                contributions["next_daughter"] = (
                    implied_w - (1 - a) * (implied_w - implied_b))
        return contributions

    # the weight of each (person, state, partner's state), summed over assignments
    weight: dict[Any, Any] = {}

    def record(assign: dict[tuple[str, str], tuple[str, int, bool]], w: Any) -> None:
        total[0] = total[0] + w
        for p in people:
            dad = partner.get(p.id)
            key = (p.id, assign[("person", p.id)],
                   assign[("person", dad)] if dad is not None else None)
            weight[key] = weight[key] + w if key in weight else w

    ev_memo: dict[Any, Fraction] = {}

    def evidence_of(pid: str, st: tuple[str, int, bool]) -> Fraction:
        if (pid, st) not in ev_memo:
            ev_memo[(pid, st)] = evidence(ped[pid], st)
        return ev_memo[(pid, st)]

    # In the limit only the terms of order <= that of the denominator count, and that
    # order is the lowest of any complete assignment (no cancellation: every weight is
    # a positive function of mu). So weights are cut above the lowest order seen so
    # far, and a partial assignment already of higher order is abandoned.
    cap = [10**9]

    def dfs(k: int, assign: dict, w: Any) -> None:
        if not w:
            return
        if limit:
            order = w.order()
            if order > cap[0]:
                return
            w = w.cut(cap[0])
        if k == len(nodes):
            if limit:
                cap[0] = min(cap[0], order)
            record(assign, w)
            return
        node = nodes[k]
        kind, pid = node
        if kind == "person" and pid in twin_of:
            st = assign[("person", twin_of[pid])]
            assign[node] = st
            dfs(k + 1, assign, w * evidence_of(pid, st))
            return
        for st in node_states(node):
            if kind == "implied-mother":
                factor = founder(Sex.FEMALE, st, None)
            elif kind == "implied-father":
                factor = founder(Sex.MALE, st, None) * fitness(st)
            else:
                p = ped[pid]
                if p.mother is None and p.father is None:
                    factor = founder(p.sex, st, pid)
                else:
                    mum = ("person", p.mother) if p.mother else ("implied-mother", pid)
                    dad = ("person", p.father) if p.father else ("implied-father", pid)
                    b = from_father(assign[dad]) if dad in assign else 0  # sons: unused
                    factor = child(p.sex, st, from_mother(assign[mum]), b, pid)
                factor = factor * evidence_of(pid, st)
                if pid in conditioned:
                    factor = factor * fitness(st)
            assign[node] = st
            dfs(k + 1, assign, w * factor)
        assign.pop(node, None)

    dfs(0, {}, one)
    den = total[0]
    if not den:
        raise ZeroDivisionError("the evidence has probability zero")
    for (pid, st, dad_st), w in weight.items():
        for k, val in own(ped[pid], st, dad_st).items():
            acc[(pid, k)] = acc.get((pid, k), 0 * one) + w * val
    for p in people:
        out: dict[str, Any] = {}
        for key in ("p_carrier", "p_affected", "p_mosaic", "next_son", "next_daughter"):
            if (p.id, key) not in acc:
                out[key] = None
                continue
            num = acc[(p.id, key)]
            if key == "next_daughter" and partner.get(p.id) is None:
                num = num * (1 / implied_w.at0()) if limit else num / implied_w
            out[key] = _limit(num, den) if limit else num / den
        if not mosaic:
            out["p_mosaic"] = None
        results[p.id] = out
    return results


def likelihood_is_zero(ped: Pedigree, model: RiskModel) -> bool:
    """True when the evidence is impossible (exact, at the model's mutation rate)."""
    try:
        brute_force(ped, model)
    except ZeroDivisionError:
        return True
    return False
