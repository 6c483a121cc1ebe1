"""Exact inference on any pedigree: a junction tree calibrated in two passes.

Structure (built once per pedigree shape, independent of the evidence):

1. The moral graph: each factor's scope is made a clique (a person, their
   mother and, for daughters only, their father), plus requested couple links.
2. A greedy min-fill elimination order (ties: smallest clique table, then the
   variable's index). Eliminating ``v`` yields the clique ``C_v = {v} ∪ N(v)``;
   its parent is the clique of the neighbour eliminated next. This is a
   junction tree (an elimination tree) with exactly one clique per variable,
   so every variable's marginal is read from its own clique.
3. Cliques are stored in one numpy array per *signature* (the tuple of their
   variables' numbers of states) and processed level by level, each level a
   handful of vectorised numpy operations over all cliques of one signature.
   Every message sums out exactly one variable (the clique's own), so messages
   need no permutation.

Calibration (Hugin architecture): the collect pass sends each clique's message
to its parent, leaves first; the distribute pass sends the root's belief back
down, each clique multiplying by the ratio of new to old separator marginals
(0/0 = 0). After the two passes every clique holds the joint posterior of its
variables. In float mode products are accumulated as logarithms and every table
is rescaled to a maximum of 1, its scale kept in a log-likelihood, so nothing
underflows at any size. In the exact modes entries are Fractions or leading
terms in numpy object arrays and nothing is rescaled.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._arith import Arith, safe_divide

__all__ = ["Calibrated", "Structure", "build_structure", "calibrate"]

Sig = tuple[int, ...]
IntArray = NDArray[np.intp]

_FILL_EXACT_DEGREE = 24


@dataclass
class _Scatter:
    """Messages of one group going to parents of one signature."""

    sel: IntArray  # positions within the group's rows, sorted by parent row
    starts: IntArray  # reduceat boundaries in sel
    psig: Sig
    prows: IntArray  # unique parent rows
    expand: tuple[int, ...]  # message shape broadcast into the parent table (no batch axis)


@dataclass
class _MsgGroup:
    sig: Sig
    rows: IntArray
    scatters: list[_Scatter]


@dataclass
class _DownGroup:
    psig: Sig
    prows: IntArray
    sum_axes: tuple[int, ...]  # axes of the parent table (with batch axis 0) to sum out
    sig: Sig
    rows: IntArray


@dataclass
class _Level:
    materialize: list[tuple[Sig, IntArray]] = field(default_factory=list)
    messages: list[_MsgGroup] = field(default_factory=list)


@dataclass
class Structure:
    """A junction tree and its vectorised schedule."""

    card: list[int]
    order: list[int]
    cliques: list[tuple[int, ...]]  # cliques[v] = (v, *separator sorted by elimination)
    parent: list[int]
    sig: list[Sig]
    row: list[int]
    counts: dict[Sig, int]
    collect: list[_Level]
    distribute: list[list[_DownGroup]]
    roots: list[int]
    component: list[int]  # root clique of each clique
    factor_home: list[int]
    factor_place: list[tuple[tuple[int, ...], tuple[int, ...]]]  # (perm, expand shape)
    width: int
    pos: list[int]  # position of each variable in the elimination order

    def holder(self, a: int, b: int) -> int:
        """A clique containing variables a and b (they must be adjacent)."""
        c = a if self.pos[a] < self.pos[b] else b
        if a not in self.cliques[c] or b not in self.cliques[c]:
            raise ValueError("the two variables share no clique")
        return c


def _eliminate(adj: list[set[int]], card: Sequence[int]) -> tuple[list[int], list[list[int]]]:
    """Greedy min-fill elimination; returns the order and each variable's neighbours."""
    n = len(adj)
    nb = [set(s) for s in adj]
    alive = [True] * n
    stamp = [0] * n

    def score(v: int) -> tuple[int, float, int]:
        ns = nb[v]
        d = len(ns)
        weight = math.log(card[v]) + sum(math.log(card[u]) for u in ns) if d < 64 else float(d)
        if d > _FILL_EXACT_DEGREE:
            return d * (d - 1) // 2, weight, v
        fill = 0
        lst = list(ns)
        for i, a in enumerate(lst):
            na = nb[a]
            for b in lst[i + 1:]:
                if b not in na:
                    fill += 1
        return fill, weight, v

    heap = [(*score(v), 0) for v in range(n)]
    heapq.heapify(heap)
    order: list[int] = []
    neighbours: list[list[int]] = [[] for _ in range(n)]
    while heap:
        fill, weight, v, st = heapq.heappop(heap)
        if not alive[v] or st != stamp[v]:
            continue
        alive[v] = False
        order.append(v)
        ns = list(nb[v])
        neighbours[v] = ns
        for a in ns:
            nb[a].discard(v)
        if len(ns) > 1:
            for a in ns:
                na = nb[a]
                for b in ns:
                    if b != a:
                        na.add(b)
        for a in ns:
            stamp[a] += 1
            heapq.heappush(heap, (*score(a), stamp[a]))
    return order, neighbours


def build_structure(
    card: Sequence[int],
    scopes: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]] = (),
) -> Structure:
    """The junction tree and schedule for variables with ``card`` states and factor
    ``scopes`` (one factor per scope); ``links`` are pairs that must share a clique."""
    n = len(card)
    adj: list[set[int]] = [set() for _ in range(n)]
    for sc in (*scopes, *links):
        for a in sc:
            for b in sc:
                if a != b:
                    adj[a].add(b)
    order, neighbours = _eliminate(adj, card)
    pos = [0] * n
    for i, v in enumerate(order):
        pos[v] = i
    cliques: list[tuple[int, ...]] = [()] * n
    parent = [-1] * n
    for v in order:
        sep = sorted(neighbours[v], key=pos.__getitem__)
        cliques[v] = (v, *sep)
        parent[v] = sep[0] if sep else -1
    sig = [tuple(card[x] for x in c) for c in cliques]
    counts: dict[Sig, int] = defaultdict(int)
    row = [0] * n
    for v in range(n):
        row[v] = counts[sig[v]]
        counts[sig[v]] += 1
    height = [0] * n
    for v in order:
        p = parent[v]
        if p >= 0 and height[p] < height[v] + 1:
            height[p] = height[v] + 1
    depth = [0] * n
    component = [0] * n
    for v in reversed(order):
        p = parent[v]
        depth[v] = depth[p] + 1 if p >= 0 else 0
        component[v] = component[p] if p >= 0 else v
    roots = [v for v in range(n) if parent[v] < 0]

    # collect schedule, level by height
    by_height: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        by_height[height[v]].append(v)
    collect: list[_Level] = []
    for h in sorted(by_height):
        level = _Level()
        by_sig: dict[Sig, list[int]] = defaultdict(list)
        for v in by_height[h]:
            by_sig[sig[v]].append(v)
        for s, vs in by_sig.items():
            level.materialize.append((s, np.array([row[v] for v in vs], dtype=np.intp)))
            sending = [v for v in vs if parent[v] >= 0]
            if not sending:
                continue
            scat: dict[tuple[Sig, tuple[int, ...]], list[int]] = defaultdict(list)
            for k, v in enumerate(sending):
                p = parent[v]
                pc = cliques[p]
                where = {x: i for i, x in enumerate(pc)}
                sep_pos = set(where[x] for x in cliques[v][1:])
                expand = tuple(card[x] if i in sep_pos else 1 for i, x in enumerate(pc))
                scat[(sig[p], expand)].append(k)
            scatters = []
            for (psig, expand), ks in scat.items():
                ks.sort(key=lambda k: row[parent[sending[k]]])
                prow = np.array([row[parent[sending[k]]] for k in ks], dtype=np.intp)
                starts = np.flatnonzero(np.r_[True, prow[1:] != prow[:-1]]).astype(np.intp)
                scatters.append(
                    _Scatter(np.array(ks, dtype=np.intp), starts, psig, prow[starts], expand)
                )
            level.messages.append(
                _MsgGroup(s, np.array([row[v] for v in sending], dtype=np.intp), scatters)
            )
        collect.append(level)

    # distribute schedule, level by depth
    by_depth: dict[int, dict[tuple[Sig, tuple[int, ...], Sig], list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for v in range(n):
        p = parent[v]
        if p < 0:
            continue
        pc = cliques[p]
        keep = set(cliques[v][1:])
        sum_axes = tuple(i + 1 for i, x in enumerate(pc) if x not in keep)
        by_depth[depth[v]][(sig[p], sum_axes, sig[v])].append(v)
    distribute = []
    for d in sorted(by_depth):
        groups = []
        for (psig, sum_axes, s), vs in by_depth[d].items():
            groups.append(
                _DownGroup(
                    psig,
                    np.array([row[parent[v]] for v in vs], dtype=np.intp),
                    sum_axes,
                    s,
                    np.array([row[v] for v in vs], dtype=np.intp),
                )
            )
        distribute.append(groups)

    # where each factor goes: the clique of its first-eliminated variable
    factor_home = []
    factor_place = []
    for sc in scopes:
        home = min(sc, key=pos.__getitem__)
        hc = cliques[home]
        where = {x: i for i, x in enumerate(hc)}
        axes = [where[x] for x in sc]
        perm = tuple(int(i) for i in np.argsort(axes))
        present = {where[x]: card[x] for x in sc}
        expand = tuple(present.get(i, 1) for i in range(len(hc)))
        factor_home.append(home)
        factor_place.append((perm, expand))

    width = max((len(c) for c in cliques), default=1) - 1
    return Structure(
        list(card), order, cliques, parent, sig, row, dict(counts), collect, distribute,
        roots, component, factor_home, factor_place, width, pos,
    )


@dataclass
class Calibrated:
    """Calibrated clique beliefs (normalised to max 1 in float mode).

    ``zero_roots`` lists the roots (components) whose evidence has probability
    zero. ``log_likelihood`` is the natural log of the probability of all the
    evidence (float mode; ``-inf`` when zero); ``likelihood`` is exact in the
    exact modes (a product of per-component totals).
    """

    structure: Structure
    beliefs: dict[Sig, NDArray[Any]]
    zero_roots: list[int]
    log_likelihood: float
    likelihood: Any

    def _marginal_blocks(
        self, variables: Iterable[int]
    ) -> Iterator[tuple[list[int], NDArray[Any]]]:
        """Variables grouped by clique shape, with their unnormalised marginals stacked."""
        st = self.structure
        by_sig: dict[Sig, list[int]] = defaultdict(list)
        for v in variables:
            by_sig[st.sig[v]].append(v)
        for s, vs in by_sig.items():
            rows = np.array([st.row[v] for v in vs], dtype=np.intp)
            b = self.beliefs[s][rows]
            if b.ndim > 2:
                b = b.sum(axis=tuple(range(2, b.ndim)))
            yield vs, b

    def marginals(self, variables: Sequence[int] | None = None) -> dict[int, NDArray[Any]]:
        """Unnormalised marginal of each variable, from its own clique."""
        wanted = range(len(self.structure.card)) if variables is None else variables
        return {v: b[k] for vs, b in self._marginal_blocks(wanted) for k, v in enumerate(vs)}

    def marginal_lists(self) -> list[list[Any]]:
        """Unnormalised marginal of every variable as a Python list."""
        out: list[list[Any]] = [[] for _ in self.structure.card]
        for vs, b in self._marginal_blocks(range(len(out))):
            for v, values in zip(vs, b.tolist(), strict=True):
                out[v] = values
        return out

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        """Unnormalised joint of each pair (a, b) of variables sharing a clique,
        as nested lists indexed [state of a][state of b]."""
        st = self.structure
        out: list[list[list[Any]]] = [[] for _ in wanted]
        groups: dict[tuple[Sig, int, int], list[tuple[int, int]]] = defaultdict(list)
        for k, (a, b) in enumerate(wanted):
            c = st.holder(a, b)
            clique = st.cliques[c]
            groups[(st.sig[c], clique.index(a), clique.index(b))].append((k, st.row[c]))
        for (s, ia, ib), items in groups.items():
            t = self.beliefs[s][np.array([r for _, r in items], dtype=np.intp)]
            others = tuple(i + 1 for i in range(len(s)) if i not in (ia, ib))
            if others:
                t = t.sum(axis=others)
            if ia > ib:
                t = t.transpose(0, 2, 1)
            for (k, _), values in zip(items, t.tolist(), strict=True):
                out[k] = values
        return out


def calibrate(st: Structure, tables: Sequence[NDArray[Any]], arith: Arith) -> Calibrated:
    """Run the two passes over factor ``tables`` (one per scope given to the structure)."""
    log = arith.logspace
    pot = {s: arith.full((c, *s), arith.one) for s, c in st.counts.items()}
    groups: dict[tuple[Sig, tuple[Any, ...], int], list[int]] = defaultdict(list)
    by_id: dict[int, NDArray[Any]] = {}
    for f, table in enumerate(tables):
        home = st.factor_home[f]
        key = (st.sig[home], st.factor_place[f], id(table))
        groups[key].append(st.row[home])  # one factor per clique row and key
        by_id[id(table)] = table
    for (s, (perm, expand), tid), homes in groups.items():
        t = by_id[tid].transpose(perm).reshape(expand)
        idx = np.array(homes, dtype=np.intp)
        pot[s][idx] = pot[s][idx] * t[None]

    if log:
        acc = {s: np.zeros((c, *s)) for s, c in st.counts.items()}
        lost = 0.0
    else:
        acc = {s: arith.full((c, *s), arith.one) for s, c in st.counts.items()}
    msgs = {s: arith.full((c, *s[1:]), arith.one) for s, c in st.counts.items()}

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        for level in st.collect:
            for s, rows in level.materialize:
                if log:
                    lg = np.log(pot[s][rows]) + acc[s][rows]
                    flat = lg.reshape(len(rows), -1)
                    top = flat.max(axis=1) if flat.shape[1] else np.zeros(len(rows))
                    ok = np.isfinite(top)
                    top = np.where(ok, top, 0.0)
                    beta = np.exp(lg - top.reshape((-1,) + (1,) * len(s)))
                    lost += float(top.sum())
                    pot[s][rows] = beta
                else:
                    pot[s][rows] = pot[s][rows] * acc[s][rows]
            for g in level.messages:
                beta = pot[g.sig][g.rows]
                m = beta.sum(axis=1)
                if log:
                    k = len(g.rows)
                    scale = m.reshape(k, -1).max(axis=1) if m.ndim > 1 else m
                    scale = np.where(scale > 0, scale, 1.0)
                    m = m / scale.reshape((-1,) + (1,) * (m.ndim - 1))
                    lost += float(np.log(scale).sum())
                msgs[g.sig][g.rows] = m
                for sc in g.scatters:
                    vals = m[sc.sel]
                    if log:
                        red = np.add.reduceat(np.log(vals), sc.starts, axis=0)
                        acc[sc.psig][sc.prows] += red.reshape((len(sc.prows), *sc.expand))
                    else:
                        red = np.multiply.reduceat(vals, sc.starts, axis=0)
                        cur = acc[sc.psig][sc.prows]
                        acc[sc.psig][sc.prows] = cur * red.reshape((len(sc.prows), *sc.expand))
        del acc

        # roots: component totals
        zero_roots: list[int] = []
        likelihood: Any = arith.one
        log_lik = lost if log else 0.0
        for r in st.roots:
            total = pot[st.sig[r]][st.row[r]].sum()
            if not total:
                zero_roots.append(r)
            elif log:
                log_lik += math.log(total)
            else:
                likelihood = likelihood * total
        if log and zero_roots:
            log_lik = -math.inf
        if zero_roots:
            likelihood = arith.zero

        for groups_at_depth in st.distribute:
            for dg in groups_at_depth:
                bu = pot[dg.psig][dg.prows]
                phi = bu.sum(axis=dg.sum_axes) if dg.sum_axes else bu
                old = msgs[dg.sig][dg.rows]
                if log:
                    ratio = np.divide(phi, old, out=np.zeros_like(phi), where=old > 0)
                else:
                    ratio = safe_divide(phi, old)
                bv = pot[dg.sig][dg.rows] * ratio[:, None]
                if log:
                    k = len(dg.rows)
                    top = bv.reshape(k, -1).max(axis=1)
                    top = np.where(top > 0, top, 1.0)
                    bv = bv / top.reshape((-1,) + (1,) * (bv.ndim - 1))
                pot[dg.sig][dg.rows] = bv
    return Calibrated(st, pot, zero_roots, log_lik if log else math.nan, likelihood)
