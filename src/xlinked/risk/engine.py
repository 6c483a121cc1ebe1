"""Exact posterior risks for everyone in a pedigree: :func:`compute_risks`.

The pedigree becomes a Bayesian network (``_network``), which is solved exactly
by a junction tree calibrated in two passes (``_jtree``): every person's
posterior comes from one collect and one distribute pass, not one run per
person. Before any table is allocated the cost is known from the elimination
order (``_order``, ``_plan``): a pedigree whose tree does not fit the memory
budget is solved exactly by conditioning on a few people (``_condition``), and
one beyond that by blocked Gibbs sampling with exact block updates
(``_gibbs``), each value with its standard error. Three number systems
(``_arith``) and the sampler:

``"float"``
    float64 with rescaling and logarithms (fast; no underflow at any size);
``"exact"``
    exact fractions at the model's mutation rate;
``"limit"``
    exact fractions in the limit mutation_rate -> 0 (the textbook answers,
    such as 2/3 for the mother of an isolated case);
``"approximate"``
    float estimates by sampling, with a standard error for each value (what
    float mode falls back to when exact inference does not fit the budget).

Examples
--------
>>> from xlinked import Individual, Pedigree
>>> from xlinked.risk import compute_risks
>>> ped = Pedigree([
...     Individual("grandma", "F"), Individual("grandpa", "M", affected=False),
...     Individual("mum", "F", mother="grandma", father="grandpa", affected=False),
...     Individual("dad", "M", affected=False),
...     Individual("boy", "M", mother="mum", father="dad", affected=True),
... ])
>>> result = compute_risks(ped, mode="limit")
>>> result["mum"].p_carrier, result["grandma"].p_carrier, result["mum"].next_son
(Fraction(2, 3), Fraction(1, 3), Fraction(1, 3))
>>> round(compute_risks(ped)["mum"].p_carrier, 4)
0.6667
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal

from .._input import parse_size
from .._values import shown
from ..errors import (
    BudgetError,
    InconsistentEvidenceError,
    ModelError,
    XlinkedError,
)
from ..model import MeasurementKind, Pedigree, Sex, TestResult
from ._arith import EXACT, FLOAT, LIMIT, Arith, Lead, Poly, Table, limit_ratio, log_fraction
from ._infer import Solver
from ._network import KINDS, Drop, Network, Params, build_network
from ._plan import Budget
from ._result import _ESTIMATED, PersonRisk, RiskResult, Value
from .model import RiskModel, preset

__all__ = ["MODES", "Mode", "PersonRisk", "RiskResult", "compute_risks"]

Mode = Literal["float", "exact", "limit", "approximate"]
MODES: tuple[str, ...] = ("float", "exact", "limit", "approximate")

_ARITH = {"float": FLOAT, "exact": EXACT, "limit": LIMIT, "approximate": FLOAT}
ChildSpec = tuple[str | None, str | None, Sex | str]


def compute_risks(
    pedigree: Pedigree,
    model: RiskModel | None = None,
    *,
    mode: Mode | str = "float",
    children: Sequence[ChildSpec] = (),
    max_memory: int | str = "2G",
    max_time: float | None = 60.0,
    fallback: bool = True,
    seed: int = 0,
) -> RiskResult:
    """Exact posterior carrier and affection probabilities for everyone.

    Parameters
    ----------
    pedigree
        The family, with what is known (affected status, ages, tests).
    model
        The risk model; ``None`` uses ``pedigree.model``, else the IPEX preset.
    mode
        ``"float"`` (fast), ``"exact"`` (fractions at the model's mutation
        rate) or ``"limit"`` (fractions as mutation_rate -> 0: textbook answers).
    children
        Hypothetical future children to add, each ``(mother, father, sex)``
        (either parent may be ``None``; sex ``"M"``, ``"F"`` or ``"U"``). They
        carry no evidence, so they change nobody else's risk; they appear in
        ``result.children`` with ids like ``"mum:next-son"``.
    max_memory
        Memory allowed for exact inference, in bytes or as text (``"2G"``,
        ``"500M"``). Beyond it the engine conditions on a few people (exact,
        slower).
    max_time
        Seconds allowed for exact inference, estimated before it starts
        (``None``: no limit). Also the sampler's time in approximate mode.
    fallback
        In float mode, answer approximately (``mode == "approximate"``, each
        value with its standard error) when exact inference does not fit the
        limits; ``False`` raises :class:`~xlinked.errors.BudgetError` instead.
        The exact modes always raise it.
    seed
        Random seed of the sampler (the same seed gives the same estimates).

    Returns
    -------
    RiskResult

    Raises
    ------
    BudgetError
        When exact inference does not fit ``max_memory`` and ``max_time`` and
        no fallback is allowed (it is raised before any large table exists).
    InconsistentEvidenceError
        When the evidence has probability zero under the model; ``individuals``
        names a minimal set of people whose data conflict.
    ModelError
        For an unknown mode or parameters that make no sense.

    Examples
    --------
    >>> from xlinked import Individual, Pedigree
    >>> ped = Pedigree([Individual("mum", "F", affected=False), Individual("dad", "M"),
    ...                 Individual("son", "M", mother="mum", father="dad", affected=True)])
    >>> r = compute_risks(ped, mode="limit", children=[("mum", "dad", "F")])
    >>> r["mum:next-daughter"].p_carrier, r.mode
    (Fraction(1, 3), 'limit')
    """
    engine = Engine(pedigree, model, mode, children=children,
                    budget=budget_of(max_memory, max_time), fallback=fallback, seed=seed)
    return engine.answer()


def budget_of(max_memory: int | str, max_time: float | None) -> Budget:
    """A :class:`Budget` from user values, checked."""
    if isinstance(max_memory, str):
        try:
            max_memory = parse_size(max_memory)
        except ValueError as exc:
            raise ModelError(f"max_memory: {exc}") from None
    if max_memory <= 0:
        raise ModelError("max_memory must be positive")
    if max_time is not None and not max_time > 0:
        raise ModelError("max_time must be positive (or None for no limit)")
    return Budget(int(max_memory), max_time)


def resolve_model(pedigree: Pedigree, model: RiskModel | None) -> RiskModel:
    """The model to use: the one given, the file's, or the IPEX preset.

    Raises :class:`~xlinked.XlinkedError` when ``pedigree`` is not a Pedigree or
    ``model`` not a RiskModel (every risk function starts here).
    """
    if not isinstance(pedigree, Pedigree):
        raise XlinkedError(f"expected a Pedigree, got {shown(pedigree)}")
    if model is not None:
        if not isinstance(model, RiskModel):
            raise ModelError(f"expected a RiskModel (or None), got {shown(model)}")
        return model
    if pedigree.model is not None:
        return pedigree.model
    return preset("ipex")


# Evidence pieces: (person index, "status"), (person index, test position) or
# (person index, ("measurement", position)).
Piece = tuple[int, Any]


class Engine:
    """A compiled pedigree: network and junction tree, run as often as needed.

    The structure does not depend on the evidence, so explanations and conflict
    searches re-run it with pieces of evidence left out (``drop``) or a person
    fixed to one genotype (``clamp``).
    """

    def __init__(
        self,
        pedigree: Pedigree,
        model: RiskModel | None = None,
        mode: Mode | str = "float",
        *,
        children: Sequence[ChildSpec] = (),
        budget: Budget | None = None,
        fallback: bool = True,
        seed: int = 0,
        block_bound: float | None = None,
        sweeps: int | None = None,
    ) -> None:
        if not isinstance(mode, str) or mode not in _ARITH:
            raise ModelError(
                f"unknown mode {shown(mode)} (choose float, exact, limit or approximate)")
        self.mode = str(mode)
        self.budget = budget or Budget()
        self.model = resolve_model(pedigree, model)
        self.original = pedigree
        child_ids = []
        if isinstance(children, str) or not isinstance(children, Sequence):
            raise ModelError(f"children must be a list of (mother, father, sex), "
                             f"got {shown(children)}")
        for spec in children:
            if not isinstance(spec, Sequence) or isinstance(spec, str) or len(spec) != 3:
                raise ModelError(f"a hypothetical child is (mother, father, sex), "
                                 f"got {shown(spec)}")
            mother, father, sex = spec
            pedigree, cid = pedigree.with_child(mother, father, sex)
            child_ids.append(cid)
        self.pedigree = pedigree
        self.child_ids = tuple(child_ids)
        self.arith: Arith = _ARITH[self.mode]
        self.params = Params.of(self.model, limit=self.mode == "limit")
        self.net: Network = build_network(pedigree, self.model)
        self.solver = Solver(self.net, self.mode, self.budget, fallback=fallback, seed=seed,
                             block_bound=block_bound, sweeps=sweeps)
        # plan now, so that a budget error comes before anything else
        self._tables = self.net.tables(self.params, self.arith)
        self.solver.setup(self._tables)

    # -- running ---------------------------------------------------------------

    def run(
        self,
        drop: Drop | None = None,
        clamp: dict[int, int] | None = None,
        arith: Arith | None = None,
    ) -> Any:
        """Calibrate with some evidence left out or some variables clamped."""
        arith = arith or self.arith
        if drop is None and clamp is None and arith is self.arith:
            tables = self._tables
        else:
            tables = self.net.tables(self.params, arith, drop=drop, clamp=clamp)
        result = self.solver.infer(tables, arith)
        if self.solver.last is not None and self.solver.last.plan.method == "sampling":
            self.mode = "approximate"
        return result

    def pieces(self) -> list[Piece]:
        """Every informative piece of evidence: statuses and conclusive tests."""
        out: list[Piece] = []
        for i, p in enumerate(self.pedigree.individuals):
            if p.hypothetical:
                continue
            if p.affected is not None:
                out.append((i, "status"))
            for k, t in enumerate(p.tests):
                if t.result is not TestResult.INCONCLUSIVE:
                    out.append((i, k))
            out += [(i, ("measurement", k)) for k in range(len(p.measurements))]
        return out

    def dropper(
        self, keep: set[Piece] | None = None, remove: set[Piece] | None = None
    ) -> Drop:
        """A ``drop`` function keeping only ``keep`` or removing ``remove``."""
        people = self.pedigree.individuals

        def gone(piece: Piece) -> bool:
            if keep is not None:
                return piece not in keep
            return remove is not None and piece in remove

        def drop(i: int) -> tuple[bool, frozenset[int], frozenset[int]]:
            tests = frozenset(k for k in range(len(people[i].tests)) if gone((i, k)))
            lrs = frozenset(k for k in range(len(people[i].measurements))
                            if gone((i, ("measurement", k))))
            return gone((i, "status")), tests, lrs

        return drop

    def satisfiable(self, keep: set[Piece]) -> bool:
        """True when the evidence ``keep`` has positive probability (exactly).

        Float tables are built exactly here: a product of tiny factors in one
        table (a penetrance of 1e-200 and a test sensitivity of 1e-200) underflows
        to 0 in floats and would be taken for impossible evidence.
        """
        arith = EXACT if self.arith is FLOAT else self.arith
        tables = self.net.tables(self.params, arith, drop=self.dropper(keep=keep))
        support = [_support(t) for t in tables]
        return not self.solver.infer(support, FLOAT, exact_only=True).zero_roots

    def check(self, cal: Any) -> None:
        """Raise :class:`InconsistentEvidenceError` when the evidence is impossible."""
        if not cal.zero_roots:
            return
        pieces = self.pieces()
        setup = self.solver.last
        assert setup is not None
        plan = setup.plan
        family = _components(self.net.size, (*self.net.scopes, *self.net.links()))
        bad = set(family)  # the families (connected parts) where the zero may be
        if plan.method == "junction tree":
            # the pieces of the families (connected parts of the whole network)
            # where the zero was found; genotype elimination may have cut a
            # family into parts, so look at the whole network's parts
            zero = set(cal.zero_roots)
            assert plan.structure is not None
            comp = plan.structure.component
            bad = {family[v] for v in range(self.net.size) if comp[v] in zero}
            var_of = self.net.var_of
            pieces = [p for p in pieces if family[var_of[p[0]]] in bad]
        elif plan.method == "sampling":
            raise InconsistentEvidenceError(cal.impossible_message(self), cal.suspects(self))
        try:
            core = _minimal_conflict(pieces, lambda ps: self.satisfiable(set(ps)))
        except BudgetError:  # too large to narrow down: name no one in particular
            raise InconsistentEvidenceError(
                "the evidence is impossible under the model (the family is too large to "
                "narrow down which data conflict); check the affected statuses and test "
                "results, or the model's penetrance and the tests' sensitivity and "
                "specificity") from None
        if not core:
            # exact zero/non-zero arithmetic finds the evidence possible: the float
            # computation lost it (not seen in practice; the exact modes cannot)
            raise ModelError(
                "the probability of the evidence underflowed in float mode; "
                "use mode 'exact' for this family"
            )
        people = []
        for i, _ in core:
            pid = self.pedigree.individuals[i].id
            if pid not in people:
                people.append(pid)
        what = "; ".join(self.describe(p) for p in core)
        names = ", ".join(repr(p) for p in people)
        fitness = ""
        if self.model.male_fitness == 0 and any(
            self.net.reproduced[v] for v in range(self.net.size) if family[v] in bad
        ):
            fitness = ", the male fitness 0 (a man who fathered a child is not hemizygous)"
        msg = (
            f"the evidence is impossible under the model: {what} cannot all be true. "
            f"Check the data of {names} (or the model's penetrance{fitness} and the tests' "
            "sensitivity and specificity)"
        )
        raise InconsistentEvidenceError(msg, people)

    def describe(self, piece: Piece) -> str:
        """A piece of evidence in words."""
        i, what = piece
        p = self.pedigree.individuals[i]
        if what == "status":
            if p.affected:
                return f"{p.id!r} is affected"
            known = self.pedigree.ages[i]
            age = f" at age {_age(known)}" if known is not None else ""
            return f"{p.id!r} is unaffected{age}"
        if isinstance(what, tuple):
            return f"{p.id!r} {self.measurement_text(i, what[1])}"
        t = p.tests[what]
        detail = []
        if t.sensitivity != 1 or t.result is TestResult.NEGATIVE:
            detail.append(f"sensitivity {_pct(t.sensitivity)}")
        if t.specificity != 1 or t.result is TestResult.POSITIVE:
            detail.append(f"specificity {_pct(t.specificity)}")
        return f"{p.id!r} tested {t.result.value} ({', '.join(detail)})"

    def measurement_text(self, i: int, k: int) -> str:
        """``"CK 310 U/L: likelihood ratio 5.1"`` for person ``i``'s measurement ``k``."""
        m = self.pedigree.individuals[i].measurements[k]
        ratio = _number(self.net.ratios[i][k])
        if m.kind is MeasurementKind.LIKELIHOOD_RATIO:
            what = m.note or m.method or "quantitative test"
            return f"{what}: likelihood ratio {ratio} (carrier : non-carrier)"
        assert m.analyte is not None and m.unit is not None
        label = self.model.reference(m.analyte).label
        return f"{label} {_number(m.value)} {m.unit}: likelihood ratio {ratio}"

    # -- results ---------------------------------------------------------------

    def answer(self) -> RiskResult:
        """Run, check and build the :class:`RiskResult`; the junction trees and
        tables are let go before the results are built (memory on large pedigrees)."""
        cal = self.run()
        self.check(cal)
        light = self.solver.detach(cal, self.net.links())
        del cal
        self._tables = []
        return self.result(light)

    def normalise(self, values: Sequence[Any]) -> list[Value]:
        """A posterior from unnormalised entries, in this mode's value type."""
        if self.arith is FLOAT:
            total = float(sum(values))
            return [float(v) / total for v in values]
        if self.arith is EXACT:
            total_f = sum(values, Fraction(0))
            return [Fraction(v) / total_f for v in values]
        total_l = Lead.ZERO
        for v in values:
            total_l = total_l + v
        return [limit_ratio(v, total_l) for v in values]

    def value(self, x: Any) -> Value:
        """A parameter-space number as this mode's value (the limit: mu = 0)."""
        v = x.constant() if isinstance(x, Poly) else Fraction(x)
        return float(v) if self.arith is FLOAT else v

    def posteriors(self, cal: Any) -> list[list[Value]]:
        """The normalised posterior of every variable."""
        return [self.normalise(m) for m in cal.marginal_lists()]

    def result(self, cal: Any) -> RiskResult:
        """The :class:`RiskResult` of a calibrated run."""
        setup = self.solver.last
        assert setup is not None
        sampled = setup.plan.method == "sampling"
        people = self.people(cal)
        if sampled:
            fixed = setup.support.fixed
            var_of, partner = self.net.var_of, self.net.partner
            certain = [
                fixed[var_of[i]] and (partner[i] < 0 or fixed[var_of[partner[i]]])
                for i in range(len(people))
            ]
            people = _with_stderr(people, [self.people(b) for b in cal.batches],
                                  [self.people(c) for c in cal.chains], cal.unvisited,
                                  cal.resolution, certain)
        n_orig = len(self.original)
        log_lik: float | None
        if self.arith is FLOAT:
            log_lik = cal.log_likelihood
        elif self.arith is EXACT:
            log_lik = log_fraction(cal.likelihood) if cal.likelihood else -math.inf
        else:
            log_lik = None
        plan = setup.plan
        ids = self.pedigree.individuals
        cut = setup.cutset
        return RiskResult(
            mode=self.mode,
            model=self.model,
            individuals=tuple(people[:n_orig]),
            children=tuple(people[n_orig:]),
            log_likelihood=None if self.mode == "approximate" else log_lik,
            treewidth=plan.treewidth,
            table_size=plan.largest,
            method=plan.method,
            cutset=tuple(ids[self.net.members[v][0]].id for v in cut),
            samples=cal.samples if sampled else 0,
        )

    @functools.cached_property
    def kind_tables(self) -> _KindTables:
        """Per-kind vectors (carrier mask, transmission, penetrance), made once."""
        return _KindTables(self)

    def people(self, cal: Any) -> list[PersonRisk]:
        """Everyone's :class:`PersonRisk` from calibrated (or estimated) marginals."""
        ped = self.pedigree
        net = self.net
        post = self.posteriors(cal)
        tables = self.kind_tables
        women = [i for i, p in enumerate(ped.individuals) if p.sex is Sex.FEMALE]
        couples = [(i, net.partner[i]) for i in women if net.partner[i] >= 0]
        joints = cal.pairs([(net.var_of[i], net.var_of[j]) for i, j in couples])
        joint_of = {i: self.normalise_pair(j) for (i, _), j in zip(couples, joints, strict=True)}
        ages = ped.ages
        people = []
        for i, p in enumerate(ped.individuals):
            v = net.var_of[i]
            kind_name = net.kinds[v]
            dist = post[v]
            kt = tables.of(kind_name)
            carrier = _dot(dist, kt.carrier)
            mosaic = _dot(dist, kt.mosaic) if kt.has_mosaic else None
            affected: Value | None
            to_come: list[Value] | None = None  # P(affected, still to come | state)
            if p.affected:
                affected = self.value(1)
            elif p.deceased or (p.pregnancy is not None and not p.pregnancy.ongoing):
                affected = None  # no risk still to come
            else:
                to_come = (kt.lifetime if p.affected is None
                           else tables.residual(kind_name, ages[i]))
                affected = _dot(dist, to_come)
            if_boy = if_girl = None
            if p.sex is Sex.UNKNOWN:
                if_boy, if_girl = self._by_sex(KINDS[kind_name], dist, kt.carrier, to_come,
                                               affected)
            next_son = next_daughter = None
            partner = None
            if p.sex is Sex.FEMALE and not p.deceased:  # the deceased have no next child
                son_d = _dot(dist, kt.mother)
                next_son = son_d * tables.son_pen + (1 - son_d) * tables.phenocopy
                if i in joint_of:
                    j = net.partner[i]
                    partner = ped.individuals[j].id
                    fkt = tables.of(net.kinds[net.var_of[j]])
                    next_daughter = self.value(0)
                    for s, row in enumerate(joint_of[i]):
                        for t, w in enumerate(row):
                            if w:
                                a, b = kt.mother[s], fkt.father[t]
                                next_daughter += w * (1 - (1 - a) * (1 - b))
                else:
                    b = tables.implied_father
                    next_daughter = _dot(dist, [1 - (1 - a) * (1 - b) for a in kt.mother])
            people.append(
                PersonRisk(
                    id=p.id, sex=p.sex, p_carrier=_unit(carrier), p_affected=_unit(affected),
                    next_son=_unit(next_son), next_daughter=_unit(next_daughter),
                    p_mosaic=_unit(mosaic), partner=partner, affected=p.affected,
                    hypothetical=p.hypothetical, genotypes=tables.genotypes(kind_name, dist),
                    partner_source=net.partner_source[i], if_boy=_unit(if_boy),
                    if_girl=_unit(if_girl),
                )
            )
        return people

    def _by_sex(self, kind: Any, dist: Sequence[Value], carrier: Sequence[Value],
                to_come: Sequence[Value] | None, affected: Value | None,
                ) -> tuple[Value | None, Value | None]:
        """For a person of unknown sex: (P(affected | a boy), P(carrier | a girl))."""
        def given(sex: str, values: Sequence[Value]) -> Value | None:
            states = [s for s in range(kind.size) if kind.sexes[s] == sex]
            total = sum((dist[s] for s in states), self.value(0))
            if not total:
                return None
            return sum((dist[s] * values[s] for s in states), self.value(0)) / total

        # recorded affected (1 whatever the sex), or no risk still to come: as p_affected
        boy = given("M", to_come) if to_come is not None else affected
        return boy, given("F", carrier)

    def normalise_pair(self, joint: list[list[Any]]) -> list[list[Value]]:
        """Normalise a joint table given as nested lists."""
        width = len(joint[0])
        flat = self.normalise([x for row in joint for x in row])
        return [flat[k:k + width] for k in range(0, len(flat), width)]


class _KindTables:
    """Per-kind vectors in value space (carrier mask, transmission, penetrance)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.params = engine.params
        model = engine.model
        val = engine.value
        self.son_pen = val(model.lifetime_penetrance)
        self.phenocopy = val(model.phenocopy_rate)
        # P(d) to a daughter from a population man who fathers her (normalised)
        n, d = self.params.implied_father()
        self.implied_father = val(d) / (val(n) + val(d))
        self._kinds: dict[str, _KT] = {}
        self._residual: dict[tuple[str, float | None], list[Value]] = {}

    def of(self, name: str) -> _KT:
        if name not in self._kinds:
            kind = KINDS[name]
            val = self.engine.value
            p = self.params
            # A person without a mosaic state (no children in the pedigree) may
            # still be a germline mosaic for a future child: split state 0.
            split = p.model.has_mosaicism and not any(kind.mosaic)
            pi = p.mosaic_prior

            def passes(sex: str, transmits: Callable[[Any, int], Any], s: int) -> Value:
                """P(a parent in state s passes the variant), mosaicism mixed in."""
                if kind.sexes[s] != sex:
                    return val(0)
                t = transmits(kind, s)
                if split and kind.copies[s] == 0:
                    t = (1 - pi) * t + pi * transmits(KINDS[sex + "+"], 3 if sex == "F" else 2)
                return val(t)

            self._kinds[name] = _KT(
                carrier=[val(1 if c else 0) for c in kind.copies],
                mosaic=(
                    [val(pi if c == 0 else 0) for c in kind.copies] if split
                    else [val(1 if m else 0) for m in kind.mosaic]
                ),
                has_mosaic=split or any(kind.mosaic),
                lifetime=[val(p.affected_given(kind, s, None)) for s in range(kind.size)],
                mother=[passes("F", p.mother_transmits, s) for s in range(kind.size)],
                father=[passes("M", p.father_transmits, s) for s in range(kind.size)],
            )
        return self._kinds[name]

    def genotypes(self, name: str, dist: Sequence[Value]) -> tuple[tuple[str, Value], ...]:
        """Labelled posterior of the states; with mosaicism, the mosaic state of a
        person who has none in the network (no children) is split off ``N``."""
        kind = KINDS[name]
        if not self.params.model.has_mosaicism or any(kind.mosaic):
            return tuple(zip(kind.labels, dist, strict=True))
        pi = self.engine.value(self.params.mosaic_prior)
        out: list[tuple[str, Value]] = []
        for s, label in enumerate(kind.labels):
            if kind.copies[s] == 0:
                out.append((label, dist[s] * (1 - pi)))
            else:
                out.append((label, dist[s]))
            last = s + 1 == kind.size or kind.sexes[s + 1] != kind.sexes[s]
            if last:
                zero = next(k for k in range(kind.size)
                            if kind.sexes[k] == kind.sexes[s] and kind.copies[k] == 0)
                prefix = label.split(" ")[0] + " " if kind.name == "unknown" else ""
                out.append((prefix + "M", dist[zero] * pi))
        return tuple(out)

    def residual(self, name: str, age: float | None) -> list[Value]:
        """P(affected later | unaffected at ``age``, state)."""
        key = (name, age)
        if key not in self._residual:
            kind = KINDS[name]
            p = self.params
            out = []
            for s in range(kind.size):
                life = p.affected_given(kind, s, None)
                now = p.affected_given(kind, s, age)
                out.append(self.engine.value((life - now) / (1 - now) if now < 1 else 0))
            self._residual[key] = out
        return self._residual[key]


class _KT:
    """One kind's vectors (a plain class: cheaper to create at import than a dataclass)."""

    __slots__ = ("carrier", "father", "has_mosaic", "lifetime", "mosaic", "mother")

    def __init__(self, *, carrier: list[Value], mosaic: list[Value], has_mosaic: bool,
                 lifetime: list[Value], mother: list[Value], father: list[Value]) -> None:
        self.carrier = carrier
        self.mosaic = mosaic
        self.has_mosaic = has_mosaic
        self.lifetime = lifetime
        self.mother = mother
        self.father = father


def _with_stderr(people: list[PersonRisk], batches: list[list[PersonRisk]],
                 chains: list[list[PersonRisk]], unvisited: float, resolution: float,
                 certain: Sequence[bool]) -> list[PersonRisk]:
    """``people`` with the standard error of each estimated value: the larger of the
    spread of the batch means and the spread between the chains' means, combined
    with the probability of the cutset states never visited (a bound on what
    averaging over the visited ones alone may miss) and with the sampler's
    resolution (one over the chain sweeps), except for people whose own data fix
    their genotype (and their partner's)."""
    import numpy as np

    k = len(batches)
    out = []
    for i, p in enumerate(people):
        err: dict[str, float] = {}
        for key in _ESTIMATED:
            if getattr(p, key) is None:
                continue
            values = np.array([float(getattr(b[i], key)) for b in batches])
            se = float(values.std(ddof=1) / math.sqrt(k)) if k > 1 else math.inf
            if len(chains) > 1:
                means = np.array([float(getattr(c[i], key)) for c in chains])
                se = max(se, float(means.std(ddof=1) / math.sqrt(len(chains))))
            err[key] = math.hypot(se, unvisited, 0.0 if certain[i] else resolution)
        out.append(dataclasses.replace(p, stderr=err))
    return out


def _unit(value: Any) -> Any:
    """A float probability kept within [0, 1]: sums of products can pass 1 by a unit in
    the last place (1.0000000000000002), which no table, drawing or reader should see."""
    if isinstance(value, float):
        return 1.0 if value > 1.0 else 0.0 if value < 0.0 else value
    return value


def _dot(a: Sequence[Value], b: Sequence[Value]) -> Value:
    total = a[0] * b[0]
    for x, y in zip(a[1:], b[1:], strict=True):
        total += x * y
    return total


def _support(table: Table) -> Table:
    """1.0 where ``table`` is not zero, else 0.0."""
    return Table([1.0 if x else 0.0 for x in table.values], table.shape, exact=False)


def _components(n: int, groups: Sequence[Sequence[int]]) -> list[int]:
    """A representative of each variable's connected part (union-find)."""
    up = list(range(n))

    def find(a: int) -> int:
        while up[a] != a:
            up[a] = up[up[a]]
            a = up[a]
        return a

    for g in groups:
        for a in g[1:]:
            ra, rb = find(a), find(g[0])
            if ra != rb:
                up[ra] = rb
    return [find(v) for v in range(n)]


def _minimal_conflict(
    pieces: list[Piece], satisfiable: Callable[[list[Piece]], bool]
) -> list[Piece]:
    """A minimal subset of ``pieces`` that is unsatisfiable (QuickXplain, Junker 2004)."""
    if satisfiable([]):
        if satisfiable(pieces):
            return []
    else:
        return []

    def qx(background: list[Piece], delta: bool, candidates: list[Piece]) -> list[Piece]:
        if delta and not satisfiable(background):
            return []
        if len(candidates) == 1:
            return candidates
        k = len(candidates) // 2
        c1, c2 = candidates[:k], candidates[k:]
        d2 = qx(background + c1, bool(c1), c2)
        d1 = qx(background + d2, bool(d2), c1)
        return d1 + d2

    return qx([], False, pieces)


def _number(x: Fraction) -> str:
    """A ratio or level as written: ``5.1``, ``310``, ``1/3``."""
    return f"{float(x):g}" if Fraction(f"{float(x):g}") == x else str(x)


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:g}%"


def _age(age: float) -> str:
    return f"{age:g}"
