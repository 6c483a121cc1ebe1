"""Approximate posteriors beyond exact reach: blocked Gibbs sampling with exact blocks.

The method of Jensen, Kong and Kjaerulff (1995), made for large, inbred
pedigrees: the people are covered by a few *blocks*, each block being
everyone except a cutset whose removal leaves a small junction tree
(``_order.cutset_order``; successive cutsets avoid the earlier ones, so that
every person is inside some block). One update of a block fixes its cutset at
the current genotypes, calibrates the rest exactly (``_condition.Reduced``),
and draws the whole block jointly from its exact conditional distribution
(backward sampling down the tree). Whole branches of the family move at once,
which is what single-site Gibbs sampling cannot do in pedigrees.

Estimates are Rao-Blackwellised: each update contributes the exact
conditional marginals of the block's people (and couples), not the sampled
genotypes, which removes most of the sampling noise. Two chains run from
different random starts; the standard error of every value comes from the
spread of batch means (up to 32 batches a chain, merged pairwise as the run
grows), so slow mixing shows up as a large stated error.

A start consistent with the evidence is found by first sampling from
*softened* tables (impossible combinations get probability ``1e-30`` instead of
0), which walk to a state of positive probability; sampling proper starts
from there.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._arith import FLOAT
from ._condition import Readout, Reduced
from ._jtree import Sig, Structure, calibrate
from ._order import Order, cutset_order, moral_graph

__all__ = ["Estimate", "Sampler"]

_SOFT = 1e-30
_SLOTS = 32  # batches kept per chain
_CHAINS = 2
#: stop early once every marginal's standard error is below this
_TARGET = 0.002


@dataclass
class _Block:
    reduced: Reduced
    readout: Readout
    #: cliques of the free variables, top down: (shape, rows, variables, separator columns)
    schedule: list[tuple[Sig, NDArray[np.intp], NDArray[np.intp], tuple[NDArray[np.intp], ...]]]
    #: 1 where the block gives a Rao-Blackwellised value (free variables, all pairs)
    mask: NDArray[np.float64]


def _schedule(st: Structure, free: set[int]) -> list[Any]:
    n = len(st.card)
    depth = [0] * n
    for v in reversed(st.order):
        p = st.parent[v]
        depth[v] = depth[p] + 1 if p >= 0 else 0
    groups: dict[tuple[int, Sig], list[int]] = {}
    for v in free:
        groups.setdefault((depth[v], st.sig[v]), []).append(v)
    out = []
    for (_, s), vs in sorted(groups.items(), key=lambda kv: kv[0][0]):
        rows = np.array([st.row[v] for v in vs], dtype=np.intp)
        seps = tuple(np.array([st.cliques[v][j] for v in vs], dtype=np.intp)
                     for j in range(1, len(s)))
        out.append((s, rows, np.array(vs, dtype=np.intp), seps))
    return out


@dataclass
class Estimate:
    """Sampled posteriors, read like a :class:`~._jtree.Calibrated`.

    ``batches`` are the batch means (each with ``marginal_lists()`` and
    ``pairs()``) from which standard errors are computed.
    """

    readout: Readout
    mean: NDArray[np.float64]
    batches: list[Estimate] = field(default_factory=list)
    samples: int = 0
    cutset: tuple[int, ...] = ()
    #: probability of the cutset states the chains never visited (added to each error)
    unvisited: float = 0.0
    zero_roots: list[int] = field(default_factory=list)
    #: in the best state found, the variables whose own evidence or parents rule it out
    conflicts: tuple[int, ...] = ()
    log_likelihood: float = math.nan
    likelihood: float = math.nan

    def marginal_lists(self) -> list[list[Any]]:
        """Estimated marginal of every variable."""
        return self.readout.marginal_lists(self.mean)

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        """Estimated joint of each couple."""
        return self.readout.pair_lists(self.mean, wanted)

    def suspects(self, engine: Any) -> list[str]:
        """Ids of the people in conflict in the best state found."""
        ped = engine.pedigree
        return [ped.individuals[i].id for v in self.conflicts for i in engine.net.members[v]]

    def impossible_message(self, engine: Any) -> str:
        """Why no answer: no genotypes consistent with the evidence were found."""
        names = ", ".join(repr(x) for x in self.suspects(engine)[:10])
        return (
            "the evidence seems impossible under the model: the sampler found no genotypes "
            "consistent with it" + (f" (conflicting data around {names})" if names else "")
            + ". Check those people's data (or the model's penetrance and the tests' "
            "sensitivity and specificity)"
        )


class Sampler:
    """The blocks of a network, built once, sampled as often as needed."""

    def __init__(self, card: Sequence[int], scopes: Sequence[tuple[int, ...]],
                 links: Sequence[tuple[int, int]], gen: Sequence[int], *,
                 bound: float | None = None, seed: int = 0) -> None:
        self.n = len(card)
        self.card = list(card)
        self.scopes = list(scopes)
        self.links = list(links)
        adj = moral_graph(self.n, (*scopes, *links))
        self.bound = bound if bound is not None else _default_bound(self.n)
        rnd = random.Random(seed)
        orders: list[Order] = []
        forbidden: frozenset[int] = frozenset()
        common: set[int] | None = None
        while len(orders) < 4:
            o = cutset_order(adj, card, gen, self.bound, forbidden=forbidden, rnd=rnd)
            orders.append(o)
            common = set(o.cutset) if common is None else common & set(o.cutset)
            if not common:
                break
            forbidden = forbidden | set(o.cutset)
        self.blocks = []
        for o in orders:
            red = Reduced(card, scopes, links, o)
            ro = Readout(red, links)
            mask = np.ones(ro.size)
            mask[ro.cut_cells] = 0.0
            free = set(range(self.n)) - set(o.cutset)
            self.blocks.append(_Block(red, ro, _schedule(red.structure, free), mask))
        self.cutset = orders[0].cutset
        den = sum(b.mask for b in self.blocks)
        assert isinstance(den, np.ndarray)
        self.weights = [np.divide(b.mask, den, out=np.zeros_like(den), where=den > 0)
                        for b in self.blocks]
        if (den == 0).any():  # never free anywhere (blocks could not avoid it)
            never = den == 0
            for w in self.weights:
                w[never] = 1.0 / len(self.blocks)

    def run(self, tables: Sequence[NDArray[Any]], *, seconds: float, seed: int = 0,
            target: float = _TARGET, max_sweeps: int | None = None) -> Estimate:
        """Sample for at most ``seconds`` (less once every standard error is below
        ``target``) and return the estimates."""
        start = time.perf_counter()
        rng = np.random.default_rng(seed)
        tables = [np.asarray(t, dtype=np.float64) for t in tables]
        soft = [np.where(t > 0, t, _SOFT) for t in tables]
        slicers = [[b.reduced.slicer(t) for b in self.blocks] for t in (soft, tables)]
        states = [self._start(rng) for _ in range(_CHAINS)]
        readout = self.blocks[0].readout
        size = readout.size
        buf = np.zeros(size)
        consistent = [False] * _CHAINS
        burn = [0] * _CHAINS
        sums = [np.zeros((_SLOTS, size)) for _ in range(_CHAINS)]
        filled = [0] * _CHAINS
        length = 1  # sweeps per batch (the same for every chain)
        in_batch = [0] * _CHAINS
        sweeps = 0
        samples = 0
        best_state = states[0]
        visited = np.zeros((self.n, max(self.card, default=1)), dtype=bool)
        every = np.arange(self.n)
        while True:
            for c in range(_CHAINS):
                x = states[c]
                use = slicers[1] if consistent[c] else slicers[0]
                sweep = np.zeros(size)
                for k, block in enumerate(self.blocks):
                    cal = calibrate(block.reduced.structure, use[k](x), FLOAT)
                    if cal.zero_roots:  # the current state is impossible: soften again
                        consistent[c] = False
                        cal = calibrate(block.reduced.structure, slicers[0][k](x), FLOAT)
                    _draw(cal.beliefs, block.schedule, x, rng)
                    if consistent[c]:
                        block.readout.read(cal, x, buf)
                        sweep += self.weights[k] * buf
                if not consistent[c]:
                    consistent[c] = self._possible(tables, x)
                    burn[c] = 0
                    continue
                burn[c] += 1
                if burn[c] <= 10:
                    continue
                samples += len(self.blocks)
                best_state = x
                visited[every, x] = True
                if in_batch[c] == 0:
                    sums[c][filled[c]] = 0.0
                sums[c][filled[c]] += sweep
                in_batch[c] += 1
                if in_batch[c] == length:
                    in_batch[c] = 0
                    filled[c] += 1
                    if filled[c] == _SLOTS and c == _CHAINS - 1:
                        length *= 2
                        for cc in range(_CHAINS):
                            merged = sums[cc][0::2] + sums[cc][1::2]
                            sums[cc][: _SLOTS // 2] = merged
                            filled[cc] = _SLOTS // 2
            sweeps += 1
            elapsed = time.perf_counter() - start
            done = min(filled) >= 8 and (
                elapsed > seconds
                or (max_sweeps is not None and sweeps >= max_sweeps)
                or (sweeps % 8 == 0 and self._max_stderr(sums, filled, length) < target)
            )
            if done:
                break
            if elapsed > seconds and not all(consistent) and sweeps > 50:
                # no consistent state: the evidence is (most likely) impossible
                return Estimate(readout, np.zeros(size), zero_roots=[-1],
                                conflicts=self._conflicts(tables, best_state))
            if elapsed > 10 * seconds:
                break
        batches = [sums[c][k] / length for c in range(_CHAINS) for k in range(filled[c])]
        mean = np.mean(batches, axis=0)
        return Estimate(
            readout, mean, [Estimate(readout, b) for b in batches], samples=samples,
            cutset=self.cutset, unvisited=self._unvisited(readout, mean, visited),
        )

    def _unvisited(self, readout: Readout, mean: NDArray[np.float64],
                   visited: NDArray[np.bool_]) -> float:
        """The estimated probability that a block's cutset is in a state never visited.

        The block's conditional marginals were averaged over visited cutset
        states only, so its estimates can be off by this much beyond their
        sampling error (a rare state, such as a carrier among many likely
        non-carriers, may carry little probability and never be drawn).
        """
        worst = 0.0
        off = readout.offset
        for block in self.blocks:
            missing = 0.0
            for c in block.reduced.cutset:
                p = mean[off[c]:off[c + 1]]
                missing += float(p[~visited[c, : len(p)]].sum())
            worst = max(worst, missing)
        return min(worst, 1.0)

    @staticmethod
    def _max_stderr(sums: list[NDArray[np.float64]], filled: list[int], length: int) -> float:
        batches = np.concatenate([sums[c][: filled[c]] for c in range(len(sums))]) / length
        if len(batches) < 2:
            return math.inf
        return float(batches.std(axis=0, ddof=1).max() / math.sqrt(len(batches)))

    def _start(self, rng: np.random.Generator) -> NDArray[np.intp]:
        """A random state (every state is allowed by the person's own data)."""
        x: NDArray[np.intp] = (rng.random(self.n) * np.array(self.card)).astype(np.intp)
        return x

    def _factor_values(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]
                       ) -> list[float]:
        return [float(tables[v][tuple(x[u] for u in sc)]) for v, sc in enumerate(self.scopes)]

    def _possible(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]) -> bool:
        return all(val > 0 for val in self._factor_values(tables, x))

    def _conflicts(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]
                   ) -> tuple[int, ...]:
        return tuple(v for v, val in enumerate(self._factor_values(tables, x)) if not val > 0)


def _draw(beliefs: dict[Sig, NDArray[Any]], schedule: list[Any], x: NDArray[np.intp],
          rng: np.random.Generator) -> None:
    """Draw the free variables top down from calibrated beliefs (in place in ``x``)."""
    for s, rows, vs, seps in schedule:
        b = beliefs[s][(rows, slice(None), *(x[col] for col in seps))]
        cum = np.cumsum(b, axis=1)
        u = rng.random(len(vs)) * cum[:, -1]
        pick = (cum < u[:, None]).sum(axis=1)
        x[vs] = np.minimum(pick, s[0] - 1)


def _default_bound(n: int) -> float:
    """Largest clique table for the blocks: smaller blocks for larger pedigrees."""
    return float(3**10 if n <= 2000 else 3**9)
