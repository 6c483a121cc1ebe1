"""Exact inference in bounded memory: conditioning on a cutset (Superlink's approach).

When the junction tree of the whole pedigree is too large, a few people (the
*cutset*, chosen by :func:`~._order.cutset_order`) are fixed to each
combination of their genotypes in turn. With them fixed, the rest of the
network has a small junction tree (:class:`Reduced`, built once), calibrated
once per combination; the posteriors are the sums of the runs weighted by the
probability of each run's evidence, which is exact:

    P(x_v, e) = sum over cutset states c of P(x_v | c, e) P(c, e).

Memory is that of one small junction tree; time is the number of combinations
(2 for each man, 3 for each woman of the cutset, fewer when the evidence rules
states out) times one run. The same reduced trees serve the sampler
(``_gibbs``), which visits combinations at random instead of all of them.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._arith import Arith
from ._jtree import Calibrated, Structure, build_structure, calibrate
from ._order import Order
from ._tree import Sig

__all__ = ["Mixture", "OverTime", "Readout", "Reduced", "condition"]


class OverTime(Exception):
    """A computation found it will not finish within its time limit (internal)."""

    def __init__(self, projected: float) -> None:
        self.projected = projected
        super().__init__(f"projected {projected:.0f} s")


class Reduced:
    """The network with the variables of ``elimination.cutset`` fixed.

    Factors that involve cutset variables are sliced at their fixed states;
    a factor left with no free variable becomes a constant on a one-state
    clique of its own, so that each run's likelihood includes it.
    """

    def __init__(
        self,
        card: Sequence[int],
        scopes: Sequence[tuple[int, ...]],
        links: Sequence[tuple[int, int]],
        elimination: Order,
    ) -> None:
        cut = set(elimination.cutset)
        self.cutset: tuple[int, ...] = elimination.cutset
        self.card = list(card)
        rcard = [1 if v in cut else c for v, c in enumerate(card)]
        self.fixed: list[tuple[tuple[int, int], ...]] = []
        rscopes = []
        for sc in scopes:
            keep = tuple(x for x in sc if x not in cut)
            self.fixed.append(tuple((k, x) for k, x in enumerate(sc) if x in cut))
            rscopes.append(keep or (sc[0],))
        rlinks = [(a, b) for a, b in links if a not in cut and b not in cut]
        self.structure: Structure = build_structure(rcard, rscopes, rlinks, elimination)
        self._index()

    def _index(self) -> None:
        st = self.structure
        cut = set(self.cutset)
        free = [v for v in range(len(self.card)) if v not in cut]
        by_sig: dict[Sig, list[int]] = {}
        for v in free:
            by_sig.setdefault(st.sig[v], []).append(v)
        #: the free variables by clique shape: (shape, clique rows, variables)
        self.blocks = [
            (s, np.array([st.row[v] for v in vs], dtype=np.intp), np.array(vs, dtype=np.intp))
            for s, vs in by_sig.items()
        ]

    def replicated(self, copies: int) -> Reduced:
        """The same for ``copies`` disjoint copies of the network (see
        :meth:`~._jtree.Structure.replicated`), built without a new elimination."""
        n = len(self.card)
        other = object.__new__(Reduced)
        other.cutset = tuple(c + k * n for k in range(copies) for c in self.cutset)
        other.card = self.card * copies
        other.fixed = [tuple((a, x + k * n) for a, x in axes)
                       for k in range(copies) for axes in self.fixed]
        other.structure = self.structure.replicated(copies)
        other._index()
        return other

    def slicer(self, tables: Sequence[NDArray[Any]]) -> Callable[[Any], list[Any]]:
        """A function from the cutset's states (indexed by variable) to reduced tables."""
        cache: dict[tuple[int, tuple[int, ...], tuple[int, ...]], NDArray[Any]] = {}
        fixed = self.fixed

        def tables_at(state: Any) -> list[Any]:
            out = []
            for f, t in enumerate(tables):
                axes = fixed[f]
                if not axes:
                    out.append(t)
                    continue
                key = (id(t), tuple(k for k, _ in axes), tuple(state[x] for _, x in axes))
                r = cache.get(key)
                if r is None:
                    idx: list[Any] = [slice(None)] * t.ndim
                    for k, x in axes:
                        idx[k] = state[x]
                    if len(axes) == t.ndim:
                        r = np.empty(1, dtype=t.dtype)
                        r[0] = t[tuple(idx)]
                    else:
                        r = np.ascontiguousarray(t[tuple(idx)])
                    cache[key] = r
                out.append(r)
            return out

        return tables_at

    def run(self, tables_at: Callable[[Any], list[Any]], state: Any,
            arith: Arith) -> Calibrated:
        """Calibrate the reduced tree with the cutset at ``state``."""
        return calibrate(self.structure, tables_at(state), arith)


class FlatReader:
    """Lists from a flat vector of marginals and pair tables: ``offset[v]`` is where
    variable ``v``'s states start, ``pair_base + pair_offset[k]`` where pair ``k``'s
    table starts (row-major, ``[state of a][state of b]``)."""

    offset: NDArray[np.intp]
    card: Any
    pairs: list[tuple[int, int]]
    pair_offset: list[int]
    pair_base: int = 0

    def marginal_lists(self, flat: NDArray[Any]) -> list[list[Any]]:
        """Each variable's entries of a flat vector, as lists."""
        values = flat.tolist()
        off = self.offset.tolist()
        return [values[off[v]:off[v + 1]] for v in range(len(self.card))]

    def pair_lists(self, flat: NDArray[Any], wanted: Sequence[tuple[int, int]]
                   ) -> list[list[list[Any]]]:
        """The wanted pairs' tables of a flat vector, as nested lists."""
        index = {ab: k for k, ab in enumerate(self.pairs)}
        out = []
        for a, b in wanted:
            start = self.pair_base + self.pair_offset[index[(a, b)]]
            cb = self.card[b]
            cells = flat[start:start + self.card[a] * cb].tolist()
            out.append([cells[i:i + cb] for i in range(0, len(cells), cb)])
        return out


class Readout(FlatReader):
    """Reads every variable's normalised marginal and the joint of each pair of
    ``pairs`` from a run of a :class:`Reduced` tree, into one flat vector.

    ``offset[v]`` is where variable ``v``'s states start; ``pair_offset[k]``
    where pair ``k``'s table starts (row-major, ``[state of a][state of b]``).
    A cutset variable's marginal is the indicator of its fixed state.
    """

    def __init__(self, reduced: Reduced, pairs: Sequence[tuple[int, int]]) -> None:
        card = reduced.card
        st = reduced.structure
        cut = set(reduced.cutset)
        offset = np.zeros(len(card) + 1, dtype=np.intp)
        np.cumsum(card, out=offset[1:])
        self.offset = offset
        pos = int(offset[-1])
        self.pair_offset = []
        for a, b in pairs:
            self.pair_offset.append(pos)
            pos += card[a] * card[b]
        self.size = pos
        self.card = card
        self.pairs = list(pairs)
        self.var_groups = [
            (s, rows, offset[vs][:, None] + np.arange(s[0]))
            for s, rows, vs in reduced.blocks
        ]
        self.cut = np.array(reduced.cutset, dtype=np.intp)
        self.cut_cells = (np.concatenate([offset[v] + np.arange(card[v]) for v in reduced.cutset])
                          if reduced.cutset else np.zeros(0, dtype=np.intp))
        free: dict[tuple[Sig, int, int], list[tuple[int, int]]] = {}
        half: dict[tuple[str, int, int], list[tuple[int, int, int]]] = {}
        both: list[tuple[int, int, int]] = []
        for k, (a, b) in enumerate(pairs):
            ca, cb = card[a], card[b]
            if a not in cut and b not in cut:
                c = st.holder(a, b)
                clique = st.cliques[c]
                free.setdefault((st.sig[c], clique.index(a), clique.index(b)), []).append(
                    (k, st.row[c]))
            elif a in cut and b in cut:
                both.append((k, a, b))
            elif a in cut:
                half.setdefault(("a", ca, cb), []).append((k, a, b))
            else:
                half.setdefault(("b", ca, cb), []).append((k, a, b))
        self.free_pairs = []
        for (s, ia, ib), items in free.items():
            k_of = [k for k, _ in items]
            ca, cb = s[ia], s[ib]
            cells = (np.array([self.pair_offset[k] for k in k_of], dtype=np.intp)[:, None, None]
                     + np.arange(ca)[:, None] * cb + np.arange(cb))
            others = tuple(i + 1 for i in range(len(s)) if i not in (ia, ib))
            rows = np.array([r for _, r in items], dtype=np.intp)
            self.free_pairs.append((s, rows, others, ia > ib, cells))
        self.half_pairs = []
        for (kind, ca, cb), trip in half.items():
            base = np.array([self.pair_offset[k] for k, _, _ in trip], dtype=np.intp)
            fixed = np.array([a if kind == "a" else b for _, a, b in trip], dtype=np.intp)
            other = np.array([b if kind == "a" else a for _, a, b in trip], dtype=np.intp)
            self.half_pairs.append((kind, ca, cb, base, fixed, other))
        self.both_pairs = [(np.array([self.pair_offset[k] for k, _, _ in both], dtype=np.intp),
                            np.array([a for _, a, _ in both], dtype=np.intp),
                            np.array([b for _, _, b in both], dtype=np.intp),
                            np.array([card[b] for _, _, b in both], dtype=np.intp))]

    def read(self, cal: Calibrated, state: NDArray[np.intp], out: NDArray[Any],
             one: Any = 1.0, zero: Any = 0.0) -> NDArray[Any]:
        """Fill ``out`` with the run's normalised marginals and pair joints."""
        beliefs = cal.beliefs
        for s, rows, cells in self.var_groups:
            b = beliefs[s][rows]
            if b.ndim > 2:
                b = b.sum(axis=tuple(range(2, b.ndim)))
            out[cells] = b / b.sum(axis=1, keepdims=True)
        if len(self.cut):
            out[self.cut_cells] = zero
            out[self.offset[self.cut] + state[self.cut]] = one
        for s, rows, others, swap, cells in self.free_pairs:
            t = beliefs[s][rows]
            if others:
                t = t.sum(axis=others)
            if swap:
                t = t.transpose(0, 2, 1)
            out[cells] = t / t.sum(axis=(1, 2), keepdims=True)
        off = self.offset
        for kind, ca, cb, base, fixed, other in self.half_pairs:
            co = cb if kind == "a" else ca
            marg = out[off[other][:, None] + np.arange(co)]
            block = base[:, None, None] + np.arange(ca)[:, None] * cb + np.arange(cb)
            out[block.reshape(len(base), -1)] = zero
            if kind == "a":
                out[base[:, None] + state[fixed][:, None] * cb + np.arange(cb)] = marg
            else:
                out[base[:, None] + np.arange(ca)[None, :] * cb + state[fixed][:, None]] = marg
        for starts, pa, pb, pcb in self.both_pairs:
            if len(starts):
                for k in range(len(starts)):
                    out[starts[k]:starts[k] + self.card[pa[k]] * pcb[k]] = zero
                out[starts + state[pa] * pcb + state[pb]] = one
        return out


class Mixture:
    """Posteriors summed over runs, each weighted by its likelihood.

    Offers what the engine reads from a :class:`~._jtree.Calibrated`:
    ``marginal_lists()``, ``pairs()``, ``zero_roots``, ``log_likelihood`` and
    ``likelihood``. In float mode the sums are kept relative to a reference
    log-likelihood, so that nothing underflows.
    """

    def __init__(self, reduced: Reduced, arith: Arith, pairs: Sequence[tuple[int, int]]) -> None:
        self.readout = Readout(reduced, pairs)
        self.arith = arith
        self.log = arith.logspace
        self.acc = arith.full((self.readout.size,), arith.zero)
        self.buf = arith.full((self.readout.size,), arith.zero)
        self.ref = -math.inf  # float: sums are relative to exp(ref)
        self.total: Any = arith.zero
        self.runs = 0
        self.zero_roots: list[int] = []

    def add(self, cal: Calibrated, state: NDArray[np.intp]) -> None:
        """Add one run (the cutset at ``state``), unless its evidence is impossible."""
        self.runs += 1
        if cal.zero_roots:
            return
        arith = self.arith
        if self.log:
            ll = cal.log_likelihood
            if ll > self.ref:
                shrink = math.exp(self.ref - ll) if self.ref > -math.inf else 0.0
                self.acc *= shrink
                self.total *= shrink
                self.ref = ll
            w: Any = math.exp(ll - self.ref)
        else:
            w = cal.likelihood
        self.total = self.total + w
        self.readout.read(cal, state, self.buf, arith.one, arith.zero)
        if self.log:
            self.acc += self.buf * w
        else:
            self.acc = self.acc + self.buf * w

    def finish(self) -> Mixture:
        """Mark the evidence impossible when no run had positive probability."""
        if not self.total:
            self.zero_roots = [-1]
        return self

    @property
    def log_likelihood(self) -> float:
        """Natural log of P(evidence) (float mode)."""
        if not self.log:
            return math.nan
        return self.ref + math.log(self.total) if self.total else -math.inf

    @property
    def likelihood(self) -> Any:
        """P(evidence), exact in the exact modes."""
        return self.total

    def marginal_lists(self) -> list[list[Any]]:
        """Unnormalised marginal of every variable."""
        return self.readout.marginal_lists(self.acc)

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        """Unnormalised joint of each wanted pair (given when the mixture was made)."""
        return self.readout.pair_lists(self.acc, wanted)


def assignments(choices: Sequence[Sequence[int]]) -> Iterator[tuple[int, ...]]:
    """Every combination of the cutset's allowed states."""
    return itertools.product(*choices)


def condition(
    reduced: Reduced,
    tables: Sequence[NDArray[Any]],
    arith: Arith,
    pairs: Sequence[tuple[int, int]],
    *,
    deadline: float | None = None,
) -> Mixture:
    """Exact posteriors: every combination of the cutset's states, summed.

    Raises :class:`OverTime` when the runs so far say the rest would end after
    ``deadline`` (a ``time.perf_counter()`` value).
    """
    tables_at = reduced.slicer(tables)
    cut = reduced.cutset
    choices = [range(reduced.card[v]) for v in cut]
    total_runs = math.prod(len(c) for c in choices)
    mix = Mixture(reduced, arith, pairs)
    state = np.zeros(len(reduced.card), dtype=np.intp)
    start = time.perf_counter()
    for k, combo in enumerate(assignments(choices)):
        for v, s in zip(cut, combo, strict=True):
            state[v] = s
        mix.add(reduced.run(tables_at, state, arith), state)
        if deadline is not None and (k in (0, 3, 15, 63) or k % 256 == 255):
            now = time.perf_counter()
            projected = now + (now - start) / (k + 1) * (total_runs - k - 1)
            if projected > deadline:
                raise OverTime(projected - start)
    return mix.finish()
