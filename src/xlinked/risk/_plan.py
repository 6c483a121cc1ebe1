"""Choosing how to answer, before any large table exists.

The size of every table exact inference would build is known from the
elimination order alone (``_order``), so the plan is made first and checked
against the budget (memory in bytes, time in seconds):

1. **junction tree**: the whole pedigree's tree fits in memory and time;
2. **conditioning**: a cutset brings each run within the memory limit and
   the runs together within the time limit (``_condition``);
3. **sampling**: blocked Gibbs sampling with exact block updates (``_gibbs``),
   when asked for (``mode="approximate"``) or when exact inference does not
   fit and falling back is allowed; otherwise :class:`~xlinked.errors.BudgetError`.

Time estimates come from a cost model measured on the benchmark machine: a
cost per table entry and per variable for each number system.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..errors import BudgetError
from ._network import Network
from ._order import Order, best_order, cutset_order, moral_graph
from ._tree import Tree, build_tree, memory_needed

__all__ = ["Budget", "Plan", "generations", "make_plan"]

#: seconds per table entry, per group of cliques handled together and per variable
#: for one run (both passes), measured on the benchmark machine (2-core AMD EPYC
#: under KVM, shared with other work; ``bench/bench_families.py``)
_COST = {"float": (1e-7, 1.3e-4, 8e-6), "exact": (1.2e-4, 3e-4, 3e-5),
         "limit": (5e-5, 3e-4, 3e-5)}
#: bytes per table entry: a float, or a pointer and a Python number
_BYTES = {"float": 8, "exact": 8 + 250, "limit": 8 + 200}
#: no order above this many table entries is worth completing
_HOPELESS = 1e13


class Budget:
    """Limits for exact inference: ``max_memory`` bytes, ``max_time`` seconds (None: none).

    (This module's classes are plain classes, not dataclasses: cheaper to create
    when the package is imported.)
    """

    __slots__ = ("max_memory", "max_time")

    def __init__(self, max_memory: int = 2 * 2**30, max_time: float | None = 60.0) -> None:
        self.max_memory = max_memory
        self.max_time = max_time


class Plan:
    """How a pedigree will be answered, and what it costs."""

    def __init__(self, method: str, order: Order | None, structure: Tree | None = None, *,
                 cut_order: Order | None = None, memory: float = 0.0, seconds: float = 0.0,
                 runs: float = 1.0, notes: dict[str, float] | None = None) -> None:
        self.method = method  # "junction tree", "conditioning" or "sampling"
        #: the best order found for the whole network (None: hopeless, above 1e13 entries)
        self.order = order
        #: the junction tree (plain lists; ``_jtree.as_structure`` makes numpy arrays of it)
        self.structure = structure
        #: conditioning: the order of the rest with the cutset left out
        self.cut_order = cut_order
        self.memory = memory  # estimated bytes of one run
        self.seconds = seconds  # estimated seconds, all runs
        self.runs = runs
        self.notes = notes if notes is not None else {}

    @property
    def treewidth(self) -> int:
        """Width of the whole network's best order (-1 when it was not completed)."""
        return self.order.width if self.order is not None else -1

    @property
    def largest(self) -> float:
        """Entries of the largest clique table of the whole network's tree (inf: hopeless)."""
        return self.order.largest if self.order is not None else math.inf


def generations(net: Network) -> list[int]:
    """A generation number per variable, the oldest 0, for the elimination heuristics.

    People with parents are one below their lower parent; people without
    parents sit just above their highest child, so that partners who marry in
    share their spouse's generation.
    """
    ped = net.pedigree
    n = len(ped)
    g = [0] * n
    mothers, fathers = ped.mothers, ped.fathers
    for i in ped.topological_order:
        m, f = mothers[i], fathers[i]
        if m >= 0 or f >= 0:
            g[i] = 1 + max(g[m] if m >= 0 else -1, g[f] if f >= 0 else -1)
    low = [math.inf] * n
    for i in range(n):
        for parent in (mothers[i], fathers[i]):
            if parent >= 0 and g[i] - 1 < low[parent]:
                low[parent] = g[i] - 1
    for i in range(n):
        if mothers[i] < 0 and fathers[i] < 0 and low[i] < math.inf:
            g[i] = int(low[i])
    out = [0] * net.size
    for i, v in enumerate(net.var_of):
        out[v] = max(out[v], g[i])
    return out


def _seconds(o: Order, card: Sequence[int], mode: str) -> float:
    """Estimated seconds of one calibration with the tree of order ``o``."""
    per_entry, per_group, per_var = _COST[mode]
    return per_entry * o.total + per_group * _groups(o, card) + per_var * len(card)


def _groups(o: Order, card: Sequence[int]) -> int:
    """How many groups of cliques (by height and shape) the tree of ``o`` has, times
    the four steps each group takes in the two passes."""
    pos = {v: i for i, v in enumerate(o.order)}
    height = dict.fromkeys(o.order, 0)
    seen = set()
    for v in o.order:
        ns = o.neighbours[v]
        if ns:
            p = min(ns, key=pos.__getitem__)
            height[p] = max(height[p], height[v] + 1)
        seen.add((height[v], card[v], tuple(sorted(card[u] for u in ns))))
    return 4 * len(seen)


def _memory(o: Order, mode: str) -> float:
    # clique tables, messages (at most half as large), temporaries for one piece
    return _BYTES[mode] * (1.5 * o.total + 3 * min(max(o.largest, 1 << 22), o.total))


def make_plan(
    card: Sequence[int],
    scopes: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]],
    gen: Sequence[int],
    mode: str,
    budget: Budget,
    *,
    exact_only: bool = False,
) -> Plan:
    """The cheapest exact plan within ``budget``, or a sampling plan.

    ``card``, ``scopes`` and ``links`` describe the network (variables with one
    state are left out of the graph), ``gen`` is each variable's generation.
    ``mode`` is the number system ("float", "exact", "limit") or
    "approximate". Raises :class:`BudgetError` when exact inference does not
    fit and ``exact_only`` (or an exact number system) forbids sampling.
    """
    n = len(card)
    cost_mode = "float" if mode == "approximate" else mode
    limit = budget.max_time if budget.max_time is not None else math.inf
    order = best_order(lambda: moral_graph(n, (*scopes, *links)), card, gen,
                       time_box=min(2.0, 0.02 * limit), cap=_HOPELESS, share=0.25)
    if mode == "approximate":
        return Plan("sampling", order)
    if order is not None:
        mem = _memory(order, cost_mode)
        secs = _seconds(order, card, cost_mode)
        if mem <= budget.max_memory and secs <= limit:
            st = build_tree(card, scopes, links, order)
            # keep the order's figures, not its lists (memory, on large pedigrees)
            order = order.figures()
            return Plan("junction tree", order, st, memory=memory_needed(st, _BYTES[cost_mode]),
                        seconds=secs)
    best: Plan | None = None
    adj = moral_graph(n, (*scopes, *links))
    for k, bound in enumerate(_bounds(budget.max_memory, cost_mode, card)):
        # from the largest tables the memory allows down: smaller tables mean
        # more people to condition on, so the time falls, then rises
        o = cutset_order(adj, card, gen, bound)
        mem = _memory(o, cost_mode)
        if mem > budget.max_memory:
            continue
        runs = math.prod(card[c] for c in o.cutset)
        secs = float(runs) * _seconds(o, card, cost_mode)
        if best is None or secs < best.seconds:
            best = Plan("conditioning", order, cut_order=o, memory=mem, seconds=secs, runs=runs)
        elif secs > 10 * best.seconds:
            break
        if k >= 1 and best.seconds > 1000 * limit:
            break  # out of reach
    if best is not None and best.seconds <= limit:
        return best
    needed = best.seconds if best is not None else math.inf
    if exact_only or mode != "float":
        raise _budget_error(order, budget, mode, best)
    return Plan("sampling", order, notes={"exact seconds": needed})


def _bounds(max_memory: int, mode: str, card: Sequence[int]) -> list[float]:
    """Largest-clique bounds to try for conditioning, from the memory limit down."""
    top = max_memory / (_BYTES[mode] * 6)
    out = []
    b = float(max(card, default=2)) ** 2
    while b <= top:
        out.append(b)
        b *= 3
    return out[::-1]


def _budget_error(order: Order | None, budget: Budget, mode: str, best: Plan | None
                  ) -> BudgetError:
    width = order.width if order is not None else None
    largest = order.largest if order is not None else None
    need_mem = _memory(order, mode if mode != "approximate" else "float") if order else None
    return BudgetError(
        treewidth=width, largest_table=largest, memory_needed=need_mem,
        seconds_needed=best.seconds if best is not None else None,
        cutset=len(best.cut_order.cutset) if best and best.cut_order else None,
        max_memory=budget.max_memory, max_time=budget.max_time, mode=mode,
    )
