"""Elimination orders and cutsets: how big the exact computation is, before it starts.

Eliminating the variables of the moral graph one by one in some order gives
one clique per variable (the variable and its neighbours when it goes); the
junction tree stores one table per clique, so the sum of the clique tables'
sizes (products of the numbers of states: 2 for men, 3 for women, more with
mosaicism or unknown sex) is the memory and, roughly, the time of exact
inference. Finding the best order is NP-hard; this module tries a small
portfolio of greedy heuristics and keeps the cheapest order:

``fill``
    weighted min-fill: the variable whose elimination adds the fewest edges,
    ties broken by the size of its clique table;
``gen``
    youngest generation first, then min-fill: a sweep through the pedigree
    generation by generation, which keeps the frontier of a ring of
    intermarrying families small where min-fill alone wanders;

then, when the best table total is not already small, the same heuristics
again with random tie-breaking (randomised restarts) within a time box.

:func:`cutset_order` eliminates with *conditioning*: whenever the next clique
would exceed a table-size bound, a variable of that clique is removed from the
graph instead (it will be fixed to each of its states in turn, Superlink's
approach, or sampled). The result is a cutset and an order for the rest whose
largest table respects the bound.

>>> adj = [{1, 2}, {0, 2}, {0, 1}]          # a triangle of three women
>>> o = best_order(adj, [3, 3, 3], [0, 0, 0])
>>> o.width, o.largest, o.total
(2, 27.0, 39.0)
>>> c = cutset_order(adj, [3, 3, 3], [0, 0, 0], bound=9)
>>> len(c.cutset), c.largest
(1, 9.0)
"""

from __future__ import annotations

import heapq
import math
import random
import time
from collections.abc import Callable, Sequence

__all__ = ["Order", "best_order", "cutset_order", "fill_order", "moral_graph"]

#: above this degree, the fill-in of a variable is estimated as d(d-1)/2
_FILL_EXACT_DEGREE = 24


class Order:
    """An elimination order of the variables not in ``cutset``, and its cost.

    (A plain class, not a dataclass: cheaper to create when the package is imported.)
    """

    __slots__ = ("cutset", "heuristic", "largest", "neighbours", "order", "total", "width")

    def __init__(self, order: tuple[int, ...], neighbours: tuple[tuple[int, ...], ...],
                 total: float, largest: float, width: int, cutset: tuple[int, ...] = (),
                 heuristic: str = "fill") -> None:
        self.order = order
        #: the neighbours of each variable when it is eliminated (empty for the cutset)
        self.neighbours = neighbours
        #: sum of the clique table sizes (entries)
        self.total = total
        #: the largest clique table (entries)
        self.largest = largest
        #: the largest clique minus one
        self.width = width
        self.cutset = cutset
        self.heuristic = heuristic

    def figures(self) -> Order:
        """The same order's figures without its lists (memory, on large pedigrees)."""
        return Order((), (), self.total, self.largest, self.width, self.cutset, self.heuristic)


def moral_graph(n: int, groups: Sequence[Sequence[int]]) -> list[set[int]]:
    """Adjacency sets of ``n`` variables, each group of ``groups`` made a clique."""
    adj: list[set[int]] = [set() for _ in range(n)]
    for sc in groups:
        for a in sc:
            na = adj[a]
            for b in sc:
                if a != b:
                    na.add(b)
    return adj


def _eliminate(
    adj: Sequence[set[int]],
    card: Sequence[int],
    gen: Sequence[int] | None,
    rnd: random.Random | None,
    cap: float,
    bound: float = math.inf,
    reluctance: Sequence[float] | None = None,
    consume: bool = False,
) -> Order | None:
    """Greedy elimination (min-fill, by generation when ``gen``); ``None`` once the
    total passes ``cap``. Cliques above ``bound`` entries are avoided by
    conditioning on one of their variables: the one with the most neighbours
    per log-state, divided by ``1 + reluctance[u]``. With ``consume`` the
    adjacency sets are used up instead of copied."""
    n = len(adj)
    nb = list(adj) if consume else [set(s) for s in adj]
    lc = [math.log(c) for c in card]
    alive = [True] * n
    stamp = [0] * n
    log_bound = math.log(bound) + 1e-9 if bound < math.inf else math.inf

    def score(v: int) -> tuple[float, ...]:
        ns = nb[v]
        d = len(ns)
        weight = lc[v] + sum(lc[u] for u in ns) if d < 128 else float(d)
        if d > _FILL_EXACT_DEGREE:
            fill = d * (d - 1) // 2
        else:
            fill = 0
            lst = list(ns)
            for i, a in enumerate(lst):
                na = nb[a]
                for b in lst[i + 1:]:
                    if b not in na:
                        fill += 1
        tie = rnd.random() if rnd is not None else v
        if gen is None:
            return (fill, weight, tie)
        return (-gen[v], fill, weight, tie)

    heap = [(*score(v), v, 0) for v in range(n)]
    heapq.heapify(heap)
    order: list[int] = []
    neighbours: list[tuple[int, ...]] = [()] * n
    cutset: list[int] = []
    total = 0.0
    largest = 0.0
    width = 0
    while heap:
        item = heapq.heappop(heap)
        v, st = int(item[-2]), int(item[-1])
        if not alive[v] or st != stamp[v]:
            continue
        ns = nb[v]
        weight = item[-4]
        if len(ns) >= 128:
            weight = lc[v] + sum(lc[u] for u in ns)
        if weight > log_bound:
            # too big: condition on the busiest variable of this clique instead
            c = max((v, *ns), key=lambda u: (_worth(u, nb, lc, reluctance), -u))
            alive[c] = False
            cutset.append(c)
            for a in nb[c]:
                nb[a].discard(c)
                stamp[a] += 1
                heapq.heappush(heap, (*score(a), a, stamp[a]))
            nb[c] = set()
            if c != v:
                stamp[v] += 1
                heapq.heappush(heap, (*score(v), v, stamp[v]))
            continue
        alive[v] = False
        order.append(v)
        lst = list(ns)
        neighbours[v] = tuple(lst)
        size = float(math.prod(card[u] for u in lst) * card[v]) if len(lst) < 128 else math.inf
        total += size
        if size > largest:
            largest = size
        if len(lst) > width:
            width = len(lst)
        if total > cap:
            return None
        for a in lst:
            nb[a].discard(v)
        if len(lst) > 1:
            for a in lst:
                na = nb[a]
                for b in lst:
                    if b != a:
                        na.add(b)
        for a in lst:
            stamp[a] += 1
            heapq.heappush(heap, (*score(a), a, stamp[a]))
    if cutset:
        # variables eliminated before a cutset variable went had it as a neighbour
        gone = set(cutset)
        total = largest = 0.0
        width = 0
        for v in order:
            kept = tuple(u for u in neighbours[v] if u not in gone)
            neighbours[v] = kept
            size = math.inf
            if len(kept) < 128:
                size = float(math.prod(card[u] for u in kept) * card[v])
            total += size
            largest = max(largest, size)
            width = max(width, len(kept))
    return Order(tuple(order), tuple(neighbours), total, largest, width,
                 tuple(cutset), "fill" if gen is None else "gen")


def _worth(u: int, nb: Sequence[set[int]], lc: Sequence[float],
           reluctance: Sequence[float] | None) -> float:
    """How much conditioning on ``u`` helps: neighbours per log-state, less for the reluctant."""
    w = len(nb[u]) / max(lc[u], 1e-9)
    return w / (1.0 + reluctance[u]) if reluctance is not None else w


def fill_order(adj: Sequence[set[int]], card: Sequence[int]) -> Order:
    """The greedy weighted min-fill order (deterministic)."""
    o = _eliminate(adj, card, None, None, math.inf)
    assert o is not None
    return o


def best_order(
    adj: Sequence[set[int]] | Callable[[], list[set[int]]],
    card: Sequence[int],
    gen: Sequence[int],
    *,
    time_box: float = 0.0,
    seed: int = 0,
    small: float = 1e6,
    cap: float = math.inf,
    share: float = 0.0,
) -> Order | None:
    """The cheapest order found by the portfolio (``None``: all above ``cap`` entries).

    Randomised restarts run while the best total is above ``small`` entries and
    neither ``time_box`` seconds nor ``share`` times the seconds the best order's
    tables would take (at 1e-7 s an entry) have passed; a restart stops as soon
    as it is worse than the best so far.
    """
    start = time.perf_counter()
    best: Order | None = None
    fresh = adj if callable(adj) else None

    def graph() -> Sequence[set[int]]:
        return fresh() if fresh is not None else adj  # type: ignore[return-value]

    for g in (None, gen):
        o = _eliminate(graph(), card, g, None, best.total if best else cap,
                       consume=fresh is not None)
        if o is not None and (best is None or o.total < best.total):
            best = o
        if best is not None and best.total <= small:
            return best
    rnd = random.Random(seed)
    k = 0
    while time.perf_counter() - start < min(
        time_box, share * 1e-7 * (best.total if best is not None else math.inf)
    ):
        g = gen if k % 2 == 0 else None
        o = _eliminate(graph(), card, g, rnd, best.total if best else cap,
                       consume=fresh is not None)
        if o is not None and (best is None or o.total < best.total):
            best = o
        k += 1
    return best


def cutset_order(
    adj: Sequence[set[int]],
    card: Sequence[int],
    gen: Sequence[int],
    bound: float,
    *,
    reluctance: Sequence[float] | None = None,
    rnd: random.Random | None = None,
    heuristics: Sequence[str] = ("gen", "fill"),
) -> Order:
    """An order whose cliques stay within ``bound`` entries, conditioning as needed.

    The ``heuristics`` are tried; the one with the cheaper conditioning (the
    product of the cutset's numbers of states times the table total) is kept.
    ``reluctance[v]`` (0 and up) makes variable ``v`` less likely to be
    conditioned on.
    """
    best: Order | None = None
    best_cost = math.inf
    for g in (gen if h == "gen" else None for h in heuristics):
        o = _eliminate(adj, card, g, rnd, math.inf, bound, reluctance)
        assert o is not None
        cost = sum(math.log(card[c]) * (1 + (reluctance[c] if reluctance else 0))
                   for c in o.cutset) + math.log(max(o.total, 1))
        if cost < best_cost:
            best, best_cost = o, cost
    assert best is not None
    return best
