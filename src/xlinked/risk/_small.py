"""Small junction trees calibrated in plain Python, in numpy's order of operations.

Most families have a few dozen people and junction trees of a few hundred
table entries: for them importing numpy costs more (about 0.2 s) than the
whole calculation. :func:`calibrate` runs the two passes of
``_jtree.calibrate`` over the same schedule (``_tree``), clique by clique, on
Python lists, and does every floating-point operation as numpy does it:
products and quotients entry by entry, the same rescaling, and each sum
associated as numpy's reductions associate it (:func:`reducer`). So both give
the same floats, bit for bit, and a family's answer does not depend on which
of the two computed it (``tests/test_risk_small.py`` checks this on generated
families in every mode). The exact modes do not depend on the order at all.

:data:`MAX_ENTRIES` is the size up to which a tree is calibrated here.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from ._arith import Arith, Table, safe_div
from ._tree import Sig, Tree, root_totals

__all__ = ["MAX_ENTRIES", "MAX_TABLE", "Calibrated", "calibrate", "pairwise", "reducer"]

#: trees with at most this many clique-table entries in all (and no clique table
#: above MAX_TABLE) are calibrated here; plain Python is then about as fast as
#: numpy's vectorised groups, and needs no import
MAX_ENTRIES = 2_500
MAX_TABLE = 256

Row = list[Any]


def pairwise(values: Sequence[float], start: int, n: int) -> float:
    """The sum of ``values[start:start + n]`` as numpy's pairwise summation forms it:
    one by one below 8 entries, else in eight interleaved partial sums (up to 128
    entries) or in two halves.

    >>> pairwise([1.0, 2.0, 3.0], 1, 2)
    5.0
    >>> pairwise([0.5] * 200, 0, 200)
    100.0
    """
    if n < 8:
        res = 0.0
        for k in range(start, start + n):
            res += values[k]
        return res
    if n <= 128:
        r0, r1, r2, r3, r4, r5, r6, r7 = values[start:start + 8]
        k = start + 8
        end = start + n - n % 8
        while k < end:
            r0 += values[k]
            r1 += values[k + 1]
            r2 += values[k + 2]
            r3 += values[k + 3]
            r4 += values[k + 4]
            r5 += values[k + 5]
            r6 += values[k + 6]
            r7 += values[k + 7]
            k += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while k < start + n:
            res += values[k]
            k += 1
        return res
    half = n // 2
    half -= half % 8
    return pairwise(values, start, half) + pairwise(values, start + half, n - half)


_REDUCERS: dict[tuple[Sig, tuple[int, ...], bool], Callable[[Row], Row]] = {}


def reducer(shape: Sig, axes: tuple[int, ...], exact: bool) -> Callable[[Row], Row]:
    """A function summing a row-major table of ``shape`` over ``axes``.

    Floats are added as numpy adds them: axes of one entry are dropped,
    neighbouring axes of the same kind (summed or kept) merged, and the merged
    axes walked in row-major order, the innermost one as the inner loop: a
    summed inner axis is added pairwise (:func:`pairwise`) onto the running
    total, a kept one entry by entry. Exact entries are added in row-major order
    from the first (the order does not change an exact sum).

    >>> reducer((2, 3), (1,), False)([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    [6.0, 15.0]
    >>> reducer((2, 3), (0,), False)([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    [5.0, 7.0, 9.0]
    """
    key = (shape, axes, exact)
    f = _REDUCERS.get(key)
    if f is None:
        f = _REDUCERS[key] = _make_reducer(shape, axes, exact)
    return f


def _make_reducer(shape: Sig, axes: tuple[int, ...], exact: bool) -> Callable[[Row], Row]:
    kept = [a for a in range(len(shape)) if a not in axes]
    n_out = math.prod(shape[a] for a in kept)
    if exact:
        out_stride = _strides([shape[a] if a in kept else 1 for a in range(len(shape))])
        groups: list[list[int]] = [[] for _ in range(n_out)]
        for i, idx in enumerate(itertools.product(*(range(c) for c in shape))):
            groups[sum(x * s for x, s in zip(idx, out_stride, strict=True))].append(i)

        def exact_sum(values: Row) -> Row:
            out = []
            for g in groups:
                acc = values[g[0]]
                for i in g[1:]:
                    acc = acc + values[i]
                out.append(acc)
            return out

        return exact_sum
    dims: list[list[Any]] = []  # [size, summed]
    for a, size in enumerate(shape):
        if size == 1:
            continue
        summed = a in axes
        if dims and dims[-1][1] == summed:
            dims[-1][0] *= size
        else:
            dims.append([size, summed])
    if not dims:  # a single entry
        return lambda values: [0.0 + values[0]]
    in_stride = _strides([size for size, _ in dims])
    o_stride = _strides([1 if summed else size for size, summed in dims])
    inner, inner_summed = dims[-1]
    steps = []  # (output position, input position) of each outer index, in row-major order
    for idx in itertools.product(*(range(size) for size, _ in dims[:-1])):
        steps.append((sum(x * s for x, s in zip(idx, o_stride, strict=False)),
                      sum(x * s for x, s in zip(idx, in_stride, strict=False))))
    if inner_summed:
        def summed_inner(values: Row) -> Row:
            out = [0.0] * n_out
            for o, b in steps:
                out[o] += pairwise(values, b, inner)
            return out

        return summed_inner

    def kept_inner(values: Row) -> Row:
        out = [0.0] * n_out
        for o, b in steps:
            for j in range(inner):
                out[o + j] += values[b + j]
        return out

    return kept_inner


def _strides(shape: Sequence[int]) -> list[int]:
    """Row-major strides (in entries) of ``shape``; 0 for axes of one entry."""
    out = [0] * len(shape)
    step = 1
    for a in range(len(shape) - 1, -1, -1):
        out[a] = step if shape[a] != 1 else 0
        step *= shape[a]
    return out


_SPREADS: dict[tuple[Any, ...], list[int]] = {}


def _spread(shape: Sig, perm: tuple[int, ...], expand: tuple[int, ...], target: Sig) -> list[int]:
    """For each entry of a ``target`` table (row-major), the entry of a table of
    ``shape`` that numpy's ``t.transpose(perm).reshape(expand)`` broadcasts onto it."""
    key = (shape, perm, expand, target)
    out = _SPREADS.get(key)
    if out is None:
        src = _strides(shape)
        # the transposed table's axes with more than one entry, in order, are the
        # target's axes where expand is not 1
        moved = iter([src[p] for p in perm if shape[p] != 1])
        stride = [next(moved) if e != 1 else 0 for e in expand]
        out = _SPREADS[key] = [sum(i * s for i, s in zip(idx, stride, strict=True))
                               for idx in itertools.product(*(range(c) for c in target))]
    return out


def _log(x: float) -> float:
    return math.log(x) if x > 0 else -math.inf


def _rescale(row: Row) -> tuple[Row, float]:
    """``row`` divided by its maximum (unless that is not positive), and the maximum used."""
    top = max(row)
    if top <= 0:
        return row, 1.0
    return [x / top for x in row], top


class Calibrated:
    """Calibrated clique beliefs, read like ``_jtree.Calibrated``: ``marginal_lists()``,
    ``pairs()``, ``zero_roots``, ``log_likelihood`` and ``likelihood``."""

    def __init__(self, structure: Tree, beliefs: dict[Sig, list[Row]], zero_roots: list[int],
                 log_likelihood: float, likelihood: Any, exact: bool) -> None:
        self.structure = structure
        self.beliefs = beliefs
        self.zero_roots = zero_roots
        self.log_likelihood = log_likelihood
        self.likelihood = likelihood
        self.exact = exact

    def marginal_lists(self) -> list[list[Any]]:
        """Unnormalised marginal of every variable, from its own clique."""
        st = self.structure
        out = []
        for v in range(len(st.card)):
            s = st.sig[v]
            b = self.beliefs[s][st.row[v]]
            out.append(reducer(s, tuple(range(1, len(s))), self.exact)(b) if len(s) > 1
                       else list(b))
        return out

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        """Unnormalised joint of each pair (a, b) of variables sharing a clique,
        as nested lists indexed [state of a][state of b]."""
        st = self.structure
        out = []
        for a, b in wanted:
            c = st.holder(a, b)
            clique = st.cliques[c]
            s = st.sig[c]
            ia, ib = clique.index(a), clique.index(b)
            t = self.beliefs[s][st.row[c]]
            others = tuple(i for i in range(len(s)) if i not in (ia, ib))
            if others:
                t = reducer(s, others, self.exact)(t)
            lo, hi = sorted((ia, ib))
            width = s[hi]
            table = [t[k:k + width] for k in range(0, s[lo] * width, width)]
            if ia > ib:
                table = [list(col) for col in zip(*table, strict=True)]
            out.append(table)
        return out


def calibrate(st: Tree, tables: Sequence[Table], arith: Arith) -> Calibrated:
    """Run the two passes over factor ``tables`` (one per scope given to the tree), as
    ``_jtree.calibrate`` does."""
    log = arith.logspace
    exact = not log
    pot: dict[Sig, list[Any]] = {s: [None] * c for s, c in st.counts.items()}
    groups: dict[tuple[Sig, tuple[Any, ...], int], list[int]] = defaultdict(list)
    by_id: dict[int, Table] = {}
    for f, table in enumerate(tables):
        home = st.factor_home[f]
        groups[(st.sig[home], st.factor_place[f], id(table))].append(st.row[home])
        by_id[id(table)] = table
    lost = 0.0  # float: log of the scale factors taken out of the tables
    for (s, (perm, expand), tid), homes in groups.items():
        t = by_id[tid]
        values = t.values
        if log:  # each factor at a maximum of 1: many in one clique cannot underflow
            top = float(max(values)) if values else 0.0
            if top > 0:
                values = [x / top for x in values]
                lost += math.log(top) * len(homes)
        spread = [values[i] for i in _spread(t.shape, perm, expand, s)]
        rows = pot[s]
        for r in homes:
            cur = rows[r]
            rows[r] = list(spread) if cur is None else [x * y for x, y in zip(cur, spread,
                                                                               strict=True)]
    for s, rows in pot.items():
        size = math.prod(s)
        for r, cur in enumerate(rows):
            if cur is None:
                rows[r] = [arith.one] * size

    msgs: dict[Sig, list[Any]] = {s: [None] * c for s, c in st.counts.items()}
    for level in st.collect:
        for g in level.messages:
            own = reducer(g.sig, (0,), exact)
            m = [own(pot[g.sig][r]) for r in g.rows]
            if log:
                logs = []
                for k, row in enumerate(m):
                    m[k], top = _rescale(row)
                    logs.append(math.log(top))
                lost += pairwise(logs, 0, len(logs))
            for r, row in zip(g.rows, m, strict=True):
                msgs[g.sig][r] = row
            for sc in g.scatters:
                vals = [m[k] for k in sc.sel]
                if len(sc.starts) == len(vals):  # one message per parent
                    red = vals
                else:
                    bounds = [*sc.starts, len(vals)]
                    runs = list(zip(bounds, bounds[1:], strict=False))
                    red = []
                    for a, b in runs:
                        acc = vals[a]
                        for j in range(a + 1, b):
                            acc = [x * y for x, y in zip(acc, vals[j], strict=True)]
                        red.append(acc)
                    if log and any(max(row) < 1e-250 for row in red):
                        red, ltop = _log_products(vals, runs)
                        lost += pairwise(ltop, 0, len(ltop))
                at = _spread(sc.expand, tuple(range(len(sc.expand))), sc.expand, sc.psig)
                target = pot[sc.psig]
                for pr, msg in zip(sc.prows, red, strict=True):
                    target[pr] = [x * msg[i] for x, i in zip(target[pr], at, strict=True)]

    # roots: component totals
    totals = []
    for r in st.roots:
        s = st.sig[r]
        totals.append(reducer(s, tuple(range(len(s))), exact)(pot[s][st.row[r]])[0])
    zero_roots, log_lik, likelihood = root_totals(totals, st.roots, log, lost, arith.one,
                                                  arith.zero)

    for groups_at_depth in st.distribute:
        for dg in groups_at_depth:
            parent = pot[dg.psig]
            if dg.sum_axes:
                marg = reducer(dg.psig, tuple(a - 1 for a in dg.sum_axes), exact)
                phi_u = [marg(parent[r]) for r in dg.uprows]
            else:
                phi_u = [parent[r] for r in dg.uprows]
            child = pot[dg.sig]
            old_msgs = msgs[dg.sig]
            for r, u in zip(dg.rows, dg.upos, strict=True):
                phi, old = phi_u[u], old_msgs[r]
                if log:
                    ratio = [p / o if o > 0 else 0.0 for p, o in zip(phi, old, strict=True)]
                else:
                    ratio = [safe_div(p, o) for p, o in zip(phi, old, strict=True)]
                row = [x * y for x, y in zip(child[r], ratio * dg.sig[0], strict=True)]
                child[r] = _rescale(row)[0] if log else row
    return Calibrated(st, pot, zero_roots, log_lik if log else math.nan, likelihood, exact)


def _log_products(vals: list[Row], runs: list[tuple[int, int]]) -> tuple[list[Row], list[float]]:
    """Products of many messages formed from logarithms, each rescaled to a maximum of
    1, and the logarithms of the scales (as numpy's ``add.reduceat`` adds: the first
    message, then the rest pairwise)."""
    logs = [[_log(x) for x in row] for row in vals]
    red = []
    ltop = []
    for a, b in runs:
        if b - a == 1:
            acc = logs[a]
        else:
            acc = [x + pairwise([logs[j][c] for j in range(a + 1, b)], 0, b - a - 1)
                   for c, x in enumerate(logs[a])]
        top = max(acc)
        top = top if math.isfinite(top) else 0.0
        red.append([math.exp(x - top) for x in acc])
        ltop.append(top)
    return red, ltop
