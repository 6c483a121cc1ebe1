"""Exact inference on any pedigree: a junction tree calibrated in two passes.

Structure (built once per pedigree shape, independent of the evidence):

1. The moral graph: each factor's scope is made a clique (a person, their
   mother and, for daughters only, their father), plus requested couple links.
2. A greedy min-fill elimination order (ties: smallest clique table, then the
   variable's index). Eliminating ``v`` yields the clique ``C_v = {v} ∪ N(v)``;
   its parent is the clique of the neighbour eliminated next. This is a
   junction tree (an elimination tree) with exactly one clique per variable,
   so every variable's marginal is read from its own clique (``_tree``).
3. Cliques are stored in one numpy array per *signature* (the tuple of their
   variables' numbers of states) and processed level by level, each level a
   handful of vectorised numpy operations over all cliques of one signature.
   Every message sums out exactly one variable (the clique's own), so messages
   need no permutation. (Small trees are calibrated in plain Python, in the
   same order, by ``_small``: a small family's answer does not import numpy.)

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
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._arith import Arith, safe_divide
from ._order import Order
from ._tree import (
    CHUNK,
    DownGroup,
    Level,
    MsgGroup,
    Scatter,
    Sig,
    Tree,
    build_tree,
    memory_needed,
    root_totals,
)

__all__ = ["Calibrated", "Structure", "as_structure", "build_structure", "calibrate",
           "memory_needed"]

IntArray = NDArray[np.intp]


class Structure(Tree):
    """A junction tree with its schedule as numpy arrays (:func:`as_structure`)."""

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
            new = Level()
            for g in level.messages:
                k = len(g.rows)
                scat = [Scatter(tile(sc.sel, k), tile(sc.starts, len(sc.sel)), sc.psig,
                                rows(sc.psig, sc.prows), sc.expand) for sc in g.scatters]
                new.messages.append(MsgGroup(g.sig, rows(g.sig, g.rows), scat))
            collect.append(new)
        distribute = [
            [DownGroup(d.psig, rows(d.psig, d.uprows), tile(d.upos, len(d.uprows)), d.sum_axes,
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


def _ints(values: Any) -> IntArray:
    return np.array(values, dtype=np.intp)


def as_structure(tree: Tree) -> Structure:
    """``tree`` with the rows and positions of its schedule as numpy arrays."""
    if isinstance(tree, Structure):
        return tree
    collect = [
        Level([MsgGroup(g.sig, _ints(g.rows),
                        [Scatter(_ints(sc.sel), _ints(sc.starts), sc.psig, _ints(sc.prows),
                                 sc.expand) for sc in g.scatters])
               for g in level.messages])
        for level in tree.collect
    ]
    distribute = [
        [DownGroup(d.psig, _ints(d.uprows), _ints(d.upos), d.sum_axes, d.sig, _ints(d.rows))
         for d in groups]
        for groups in tree.distribute
    ]
    t = tree
    return Structure(t.card, t.order, t.cliques, t.parent, t.sig, t.row, t.counts, collect,
                     distribute, t.roots, t.component, t.factor_home, t.factor_place, t.width,
                     t.pos, entries=t.entries, msg_entries=t.msg_entries, largest=t.largest)


def build_structure(
    card: Sequence[int],
    scopes: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]] = (),
    elimination: Order | None = None,
) -> Structure:
    """The junction tree and schedule of :func:`~._tree.build_tree`, as numpy arrays."""
    return as_structure(build_tree(card, scopes, links, elimination))


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
    """``rows`` in consecutive pieces of at most ``CHUNK`` table entries (one row at least)."""
    step = max(1, CHUNK // max(size, 1))
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
        zero_roots, log_lik, likelihood = root_totals(
            [pot[st.sig[r]][st.row[r]].sum() for r in st.roots], st.roots, log, lost,
            arith.one, arith.zero)

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
                step = max(1, CHUNK // math.prod(dg.sig))
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
