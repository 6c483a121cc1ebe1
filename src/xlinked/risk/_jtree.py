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
variables. In float mode every message and every table is rescaled to a
maximum of 1 once it is complete, its scale kept in a log-likelihood; a
product of many messages that would underflow is formed from logarithms. So
nothing underflows at any size. In the exact modes entries are Fractions or
leading terms in numpy object arrays and nothing is rescaled.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._arith import Arith, safe_divide
from ._order import Order, fill_order, moral_graph

__all__ = ["Calibrated", "Structure", "build_structure", "calibrate", "memory_needed"]

Sig = tuple[int, ...]
IntArray = NDArray[np.intp]

#: numpy temporaries are made for at most this many table entries at a time
_CHUNK = 1 << 22


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
    uprows: IntArray  # the parents' rows, each once
    upos: IntArray  # each clique's parent as a position in uprows
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
    entries: int = 0  # table entries of all cliques
    msg_entries: int = 0  # table entries of all separators
    largest: int = 0  # entries of the largest clique table

    def replicated(self, copies: int) -> Structure:
        """The structure of ``copies`` disjoint copies of this network (variable
        ``v`` of copy ``r`` is ``v + r * n``; factor ``f`` of copy ``r`` is
        ``f + r * len(factors)``), without rebuilding anything: every group of
        cliques simply holds the copies' cliques too."""
        n = len(self.card)
        counts = self.counts

        def rows(sig: Sig, r: IntArray) -> IntArray:
            c = counts[sig]
            return np.concatenate([r + k * c for k in range(copies)]).astype(np.intp)

        def tile(a: IntArray, step: int) -> IntArray:
            return np.concatenate([a + k * step for k in range(copies)]).astype(np.intp)

        collect = []
        for level in self.collect:
            new = _Level([(s, rows(s, r)) for s, r in level.materialize])
            for g in level.messages:
                k = len(g.rows)
                scat = [_Scatter(tile(sc.sel, k), tile(sc.starts, len(sc.sel)), sc.psig,
                                 rows(sc.psig, sc.prows), sc.expand) for sc in g.scatters]
                new.messages.append(_MsgGroup(g.sig, rows(g.sig, g.rows), scat))
            collect.append(new)
        distribute = [
            [_DownGroup(d.psig, rows(d.psig, d.uprows), tile(d.upos, len(d.uprows)), d.sum_axes,
                        d.sig, rows(d.sig, d.rows)) for d in groups]
            for groups in self.distribute
        ]
        shift = [k * n for k in range(copies)]
        return Structure(
            self.card * copies,
            [v + o for o in shift for v in self.order],
            [tuple(x + o for x in c) for o in shift for c in self.cliques],
            [p + o if p >= 0 else -1 for o in shift for p in self.parent],
            self.sig * copies,
            [self.row[v] + k * counts[self.sig[v]] for k in range(copies) for v in range(n)],
            {s: c * copies for s, c in counts.items()},
            collect, distribute,
            [r + o for o in shift for r in self.roots],
            [c + o for o in shift for c in self.component],
            [h + o for o in shift for h in self.factor_home],
            self.factor_place * copies,
            self.width,
            [p + o for o in shift for p in self.pos],
            entries=self.entries * copies, msg_entries=self.msg_entries * copies,
            largest=self.largest,
        )

    def holder(self, a: int, b: int) -> int:
        """A clique containing variables a and b (they must be adjacent)."""
        c = a if self.pos[a] < self.pos[b] else b
        if a not in self.cliques[c] or b not in self.cliques[c]:
            raise ValueError("the two variables share no clique")
        return c


def build_structure(
    card: Sequence[int],
    scopes: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]] = (),
    elimination: Order | None = None,
) -> Structure:
    """The junction tree and schedule for variables with ``card`` states and factor
    ``scopes`` (one factor per scope); ``links`` are pairs that must share a clique.

    ``elimination`` is the order to use (by default greedy min-fill); variables
    it leaves out (a cutset, given one state each) become cliques of their own.
    """
    n = len(card)
    if elimination is None:
        elimination = fill_order(moral_graph(n, (*scopes, *links)), card)
    order = list(elimination.order)
    order += [v for v in elimination.cutset]
    neighbours = list(elimination.neighbours)
    pos = [0] * n
    for i, v in enumerate(order):
        pos[v] = i
    cliques: list[tuple[int, ...]] = [()] * n
    parent = [-1] * n
    for v in order:
        sep = sorted(neighbours[v], key=pos.__getitem__)
        cliques[v] = (v, *sep)
        parent[v] = sep[0] if sep else -1
    shared: dict[Any, Any] = {}  # one object for equal small tuples (memory)
    sig = [shared.setdefault(t, t) for t in (tuple(card[x] for x in c) for c in cliques)]
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
            prows = np.array([row[parent[v]] for v in vs], dtype=np.intp)
            uprows, upos = np.unique(prows, return_inverse=True)
            groups.append(
                _DownGroup(
                    psig, uprows.astype(np.intp), upos.astype(np.intp).reshape(-1), sum_axes,
                    s, np.array([row[v] for v in vs], dtype=np.intp),
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
        perm = tuple(sorted(range(len(axes)), key=axes.__getitem__))
        present = {where[x]: card[x] for x in sc}
        expand = tuple(present.get(i, 1) for i in range(len(hc)))
        factor_home.append(home)
        place = (perm, expand)
        factor_place.append(shared.setdefault(place, place))

    width = max((len(c) for c in cliques), default=1) - 1
    sizes = {s: math.prod(s) for s in counts}
    return Structure(
        list(card), order, cliques, parent, sig, row, dict(counts), collect, distribute,
        roots, component, factor_home, factor_place, width, pos,
        entries=sum(sizes[s] * c for s, c in counts.items()),
        msg_entries=sum(sizes[s] // s[0] * c for s, c in counts.items()),
        largest=max(sizes.values(), default=1),
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


def _parts(rows: IntArray, size: int) -> Iterator[IntArray]:
    """``rows`` in consecutive pieces of at most ``_CHUNK`` table entries (one row at least)."""
    step = max(1, _CHUNK // max(size, 1))
    if len(rows) <= step:
        yield rows
        return
    for k in range(0, len(rows), step):
        yield rows[k:k + step]


def calibrate(st: Structure, tables: Sequence[NDArray[Any]], arith: Arith) -> Calibrated:
    """Run the two passes over factor ``tables`` (one per scope given to the structure).

    Large groups of cliques are processed in pieces, so that numpy's temporary
    arrays stay small next to the clique tables themselves
    (:func:`memory_needed` gives the peak).
    """
    log = arith.logspace
    pot = {s: np.empty((c, *s), dtype=arith.dtype) for s, c in st.counts.items()}
    fresh = {s: np.ones(c, dtype=bool) for s, c in st.counts.items()}  # not yet written
    groups: dict[tuple[Sig, tuple[Any, ...], int], list[int]] = defaultdict(list)
    by_id: dict[int, NDArray[Any]] = {}
    for f, table in enumerate(tables):
        home = st.factor_home[f]
        key = (st.sig[home], st.factor_place[f], id(table))
        groups[key].append(st.row[home])
        by_id[id(table)] = table
    lost = 0.0  # float: log of the scale factors taken out of the tables
    for (s, (perm, expand), tid), homes in groups.items():
        t = by_id[tid].transpose(perm).reshape(expand)
        if log:  # each factor at a maximum of 1: many in one clique cannot underflow
            top = float(t.max()) if t.size else 0.0
            if top > 0:
                t = t / top
                lost += math.log(top) * len(homes)
        idx = np.array(homes, dtype=np.intp)
        while len(idx):  # a clique may hold several copies of one factor
            uniq, first = np.unique(idx, return_index=True)
            new = fresh[s][uniq]
            for rows, first_factor in ((uniq[new], True), (uniq[~new], False)):
                for part in _parts(rows, math.prod(s)):
                    at = _at(part, pot[s])
                    if first_factor:
                        pot[s][at] = np.broadcast_to(t[None], (len(part), *s))
                    else:
                        pot[s][at] = pot[s][at] * t[None]
            fresh[s][uniq] = False
            rest = np.ones(len(idx), dtype=bool)
            rest[first] = False
            idx = idx[rest]
    for s, rest_rows in fresh.items():
        if rest_rows.any():
            pot[s][rest_rows] = arith.one

    msgs = {s: np.empty((c, *s[1:]), dtype=arith.dtype) for s, c in st.counts.items()}

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        for level in st.collect:
            # the cliques of this level have all their messages; each message is
            # scaled to a maximum of 1, so the tables need no rescaling here
            for g in level.messages:
                m = np.concatenate([pot[g.sig][_at(part, pot[g.sig])].sum(axis=1)
                                    for part in _parts(g.rows, math.prod(g.sig))])
                if log:
                    lost += _normalise(m)
                msgs[g.sig][g.rows] = m
                for sc in g.scatters:
                    vals = m[sc.sel]
                    if len(sc.starts) == len(vals):  # one message per parent
                        red = vals
                    else:
                        red = np.multiply.reduceat(vals, sc.starts, axis=0)
                        if log:
                            top = red.reshape(len(red), -1).max(axis=1)
                            if (top < 1e-250).any():  # products of many messages: use logs
                                red = np.add.reduceat(np.log(vals), sc.starts, axis=0)
                                ltop = red.reshape(len(red), -1).max(axis=1)
                                ltop = np.where(np.isfinite(ltop), ltop, 0.0)
                                red = np.exp(red - ltop.reshape((-1,) + (1,) * (red.ndim - 1)))
                                lost += float(ltop.sum())
                    shape = (len(sc.prows), *sc.expand)
                    target = pot[sc.psig]
                    at = _at(sc.prows, target)
                    if isinstance(at, slice) and log:
                        target[at] *= red.reshape(shape)
                    else:
                        target[at] = target[at] * red.reshape(shape)

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
                # the parents' separator marginals, once per parent
                parent = pot[dg.psig]
                phi_u = np.concatenate([
                    parent[_at(part, parent)].sum(axis=dg.sum_axes) if dg.sum_axes
                    else parent[_at(part, parent)]
                    for part in _parts(dg.uprows, math.prod(dg.psig))
                ])
                phi = phi_u[dg.upos]
                old = msgs[dg.sig][dg.rows]
                if log:
                    ratio = np.divide(phi, old, out=np.zeros_like(phi), where=old > 0)
                else:
                    ratio = safe_divide(phi, old)
                step = max(1, _CHUNK // math.prod(dg.sig))
                child = pot[dg.sig]
                for k in range(0, len(dg.rows), step):
                    at = _at(dg.rows[k:k + step], child)
                    if isinstance(at, slice) and log:
                        view = child[at]
                        view *= ratio[k:k + step, None]
                        _normalise(view, track=False)
                    else:
                        bv = child[at] * ratio[k:k + step, None]
                        if log:
                            _normalise(bv, track=False)
                        child[at] = bv
    return Calibrated(st, pot, zero_roots, log_lik if log else math.nan, likelihood)


def _at(rows: IntArray, table: NDArray[Any]) -> IntArray | slice:
    """``rows`` as a slice when they are one run of consecutive rows of a large table
    (numpy then works in place, without copies), else as they are."""
    if len(rows) == 1:
        r = int(rows[0])
        return slice(r, r + 1)
    if table[0].size * len(rows) < 65536:
        return rows
    first, last = int(rows[0]), int(rows[-1])
    if last - first + 1 == len(rows) and bool((np.diff(rows) == 1).all()):
        return slice(first, last + 1)
    return rows


def _normalise(t: NDArray[np.float64], track: bool = True) -> float:
    """Divide each row of ``t`` (in place) by its maximum; the sum of the logs taken
    out (when ``track``)."""
    k = len(t)
    top = t.reshape(k, -1).max(axis=1) if t.ndim > 1 else t.copy()
    top[top <= 0] = 1.0
    t /= top.reshape((-1,) + (1,) * (t.ndim - 1))
    return float(np.log(top).sum()) if track else 0.0


def memory_needed(st: Structure, per_entry: int = 8) -> int:
    """Peak bytes :func:`calibrate` allocates for ``st`` (``per_entry`` bytes a table entry).

    The clique tables, the separator messages, and numpy's temporaries for one
    piece (or one scatter of messages into parents).
    """
    piece = max(min(_CHUNK, st.entries), st.largest)
    return per_entry * (st.entries + st.msg_entries + 3 * piece)
