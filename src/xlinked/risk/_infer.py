"""One entry point for inference: genotype elimination, a plan, and the method it chose.

:class:`Solver` is made once per pedigree. For each set of factor tables it
restricts every variable to the states its own data allow (``_support``),
plans within the budget on what is left (``_plan``), and runs the junction
tree, the conditioning or the sampler. Plans are kept per restriction, so
re-running with the same evidence (or with evidence that leaves the same
states) reuses them.

A small junction tree (``_small.MAX_ENTRIES``) is calibrated in plain Python,
with the same results as numpy's; everything else turns the tables into numpy
arrays, and only then imports numpy (``_jtree``, ``_condition``, ``_gibbs``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import BudgetError
from . import _small
from ._arith import Arith, Table, as_array
from ._network import Network
from ._plan import Budget, Plan, generations, make_plan
from ._support import Expanded, Support

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._condition import Reduced
    from ._gibbs import Sampler

__all__ = ["Setup", "Solver"]


class _Answered:
    """Posteriors and the couples' joints of a finished run (reads like ``Calibrated``)."""

    def __init__(self, cal: Expanded, pairs: Sequence[tuple[int, int]]) -> None:
        self._lists = cal.marginal_lists()
        self._joints = dict(zip(pairs, cal.pairs(pairs), strict=True))
        self.zero_roots = list(cal.zero_roots)
        self.log_likelihood = cal.log_likelihood
        self.likelihood = cal.likelihood

    def marginal_lists(self) -> list[list[Any]]:
        return self._lists

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        return [self._joints[ab] for ab in wanted]


class Setup:
    """A restriction of the network, its plan and what the plan needs.

    (A plain class, not a dataclass: cheaper to create when the package is imported.)
    """

    def __init__(self, support: Support, plan: Plan) -> None:
        self.support = support
        self.plan = plan
        self.reduced: Reduced | None = None
        self.sampler: Sampler | None = None
        self.kept_cutset: tuple[int, ...] | None = None  # once the rest is let go
        #: a junction tree small enough for plain Python (``_small``)
        self.small = False

    @property
    def cutset(self) -> tuple[int, ...]:
        """The variables conditioned on (or separating the sampler's blocks)."""
        if self.kept_cutset is not None:
            return self.kept_cutset
        if self.reduced is not None:
            return self.reduced.cutset
        if self.sampler is not None:
            return self.sampler.cutset
        return ()


class Solver:
    """Inference for one network within a budget (see the module docstring).

    ``mode`` is the number system or "approximate"; ``fallback`` lets float
    mode sample when exact inference does not fit.
    """

    def __init__(self, net: Network, mode: str, budget: Budget, *, fallback: bool = True,
                 seed: int = 0, block_bound: float | None = None,
                 sweeps: int | None = None) -> None:
        self.net = net
        self.mode = mode
        self.budget = budget
        self.fallback = fallback
        self.seed = seed
        self.block_bound = block_bound
        self.sweeps = sweeps
        self.created = time.perf_counter()
        self.gen = generations(net)
        self._setups: dict[tuple[bytes, bool], Setup] = {}
        self._last_tables: tuple[Sequence[Table], bool, Setup] | None = None
        self.last: Setup | None = None

    def setup(self, tables: Sequence[Table], *, exact_only: bool = False) -> Setup:
        """The restriction and plan for ``tables`` (made once per restriction)."""
        exact_only = exact_only or not self.fallback
        last = self._last_tables
        if last is not None and last[0] is tables and last[1] == exact_only:
            return last[2]
        net = self.net
        support = Support(net.cards(), net.scopes, net.links(), tables)
        key = (support.key, exact_only)
        s = self._setups.get(key)
        if s is None:
            plan = make_plan(support.card, support.scopes, support.links, self.gen, self.mode,
                             self.budget, exact_only=exact_only)
            s = self._setup(support, plan)
            self._setups[key] = s
        self._last_tables = (tables, exact_only, s)
        return s

    def detach(self, cal: Expanded, pairs: Sequence[tuple[int, int]]) -> Any:
        """What the results need of ``cal`` (posteriors, the couples' joints), kept
        apart; every junction tree, table and sampler is let go."""
        s = self.last
        assert s is not None
        if s.plan.method == "sampling":
            light: Any = cal  # estimates are small arrays
        else:
            light = _Answered(cal, pairs)
        s.kept_cutset = s.cutset
        s.plan.structure = None
        s.reduced = s.sampler = None
        self._setups.clear()
        self._last_tables = None
        return light

    def _setup(self, support: Support, plan: Plan) -> Setup:
        s = Setup(support, plan)
        if plan.method == "junction tree":
            st = plan.structure
            assert st is not None
            s.small = st.entries <= _small.MAX_ENTRIES and st.largest <= _small.MAX_TABLE
        elif plan.method == "conditioning":
            from ._condition import Reduced

            assert plan.cut_order is not None
            s.reduced = Reduced(support.card, support.scopes, support.links, plan.cut_order)
        return s

    def infer(self, tables: Sequence[Table], arith: Arith, *,
              exact_only: bool = False) -> Expanded:
        """Posteriors for factor ``tables`` (one per variable, its own factor)."""
        s = self.setup(tables, exact_only=exact_only)
        self.last = s
        reduced_tables = s.support.reduce(tables)
        return Expanded(self._run(s, reduced_tables, arith), s.support, arith)

    def _run(self, s: Setup, tables: list[Table], arith: Arith) -> Any:
        plan = s.plan
        if plan.method == "junction tree":
            assert plan.structure is not None
            if s.small:
                return _small.calibrate(plan.structure, tables, arith)
            from ._jtree import as_structure, calibrate

            plan.structure = as_structure(plan.structure)
            return calibrate(plan.structure, _arrays(tables), arith)
        from ._condition import OverTime, condition
        from ._gibbs import Sampler

        limit = self.budget.max_time
        start = time.perf_counter()
        arrays = _arrays(tables)
        if plan.method == "conditioning":
            assert s.reduced is not None
            deadline = start + limit if limit is not None else None
            try:
                return condition(s.reduced, arrays, arith, s.support.links, deadline=deadline)
            except OverTime as exc:
                if not self.fallback or self.mode != "float":
                    raise BudgetError(
                        treewidth=plan.treewidth, largest_table=plan.largest,
                        memory_needed=None, seconds_needed=exc.projected,
                        cutset=len(s.reduced.cutset), max_memory=self.budget.max_memory,
                        max_time=limit, mode=self.mode,
                    ) from None
                s.plan = plan = Plan("sampling", plan.order)
                s.reduced = None
        sup = s.support
        if s.sampler is None:
            s.sampler = Sampler(sup.card, sup.scopes, sup.links, self.gen, seed=self.seed,
                                bound=self.block_bound)
        # the time left of the limit, counted from the start (planning included)
        # and what reading the results will take (a few passes over everyone)
        seconds = limit if limit is not None else 60.0
        reading = 2e-3 * len(self.net.pedigree)
        seconds = max(seconds - (time.perf_counter() - self.created) - reading, 0.2 * seconds)
        return s.sampler.run(arrays, seconds=seconds, seed=self.seed, max_sweeps=self.sweeps)


def _arrays(tables: Sequence[Table]) -> list[NDArray[Any]]:
    """The tables as numpy arrays; a table shared between factors stays one array."""
    seen: dict[int, NDArray[Any]] = {}
    out = []
    for t in tables:
        a = seen.get(id(t))
        if a is None:
            a = seen[id(t)] = as_array(t)
        out.append(a)
    return out
