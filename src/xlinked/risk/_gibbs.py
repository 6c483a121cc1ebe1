"""Approximate posteriors beyond exact reach: blocked Gibbs sampling with exact blocks.

The method of Jensen, Kong and Kjaerulff (1995), made for large, inbred
pedigrees: the people are covered by a few *blocks*, each block being
everyone except a cutset whose removal leaves a small junction tree
(``_order.cutset_order``; each cutset avoids the earlier ones, so that every
person is inside some block). One update of a block fixes its cutset at the
current genotypes, calibrates the rest exactly (``_condition.Reduced``), and
draws the whole block jointly from its exact conditional distribution
(backward sampling down the tree). Whole branches of the family move at once,
which is what single-site Gibbs sampling cannot do in pedigrees.

Details that make it work on pedigrees:

* **Rao-Blackwellised estimates**: each update contributes the exact
  conditional marginals of the block's people (and couples), not the sampled
  genotypes, which removes most of the sampling noise.
* **Adaptive blocks**: a pilot run estimates who is uncertain; the blocks are
  then rebuilt so that their cutsets avoid uncertain people (fixing a person
  whose genotype is nearly certain costs the chain almost nothing).
* **Several chains at once**: the chains run as copies of the network in one
  junction tree per block, so numpy works on all of them together; they
  start from independent random states.
* **A start consistent with the evidence**: until every chain's state has
  positive probability, the tables are *softened* (impossible combinations get
  probability ``1e-30`` instead of 0), which walks the chains to consistent
  states.
* **Stated error**: the standard error of every value is the larger of the
  spread of batch means (up to 32 batches a chain, merged pairwise as the run
  grows) and the spread between the chains' means, so chains that disagree
  (slow mixing) show as a large error; to it is added the estimated
  probability of the cutset states no chain ever visited.
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
from ._condition import FlatReader, Readout, Reduced
from ._jtree import Structure, calibrate
from ._order import Order, cutset_order, moral_graph
from ._tree import Sig

__all__ = ["Estimate", "Sampler"]

_SOFT = 1e-30
_SLOTS = 32  # batches kept per chain
#: stop early once every marginal's standard error is below this
_TARGET = 0.002
_BURN = 5  # sweeps dropped after the chains become consistent, and after the pilot


@dataclass
class _Block:
    reduced: Reduced  # the chains' copies of the network, with this block's cutset fixed
    readout: Readout
    #: cliques of the free variables, top down: (shape, rows, variables, separator columns)
    schedule: list[tuple[Sig, NDArray[np.intp], NDArray[np.intp], tuple[NDArray[np.intp], ...]]]
    #: this block's share of each cell of one chain's estimate (0 for its own cutset)
    weight: NDArray[np.float64]
    cutset: tuple[int, ...]  # of one copy


def _schedule(st: Structure, free: Sequence[int]) -> list[Any]:
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

    ``batches`` are batch means (each with ``marginal_lists()`` and ``pairs()``);
    the standard error of a value is ``spread`` times the standard deviation of
    its batch values, combined with ``unvisited``.
    """

    readout: _OneChain
    mean: NDArray[np.float64]
    batches: list[Estimate] = field(default_factory=list)
    samples: int = 0
    cutset: tuple[int, ...] = ()
    #: probability of the cutset states the chains never visited (added to each error)
    unvisited: float = 0.0
    #: one over the number of chain sweeps averaged: a mode of the family with less
    #: probability than this may never have been visited (added to the error of
    #: every value that depends on who carries)
    resolution: float = 0.0
    #: the chains' means (each with ``marginal_lists()``), for the between-chain error
    chains: list[Estimate] = field(default_factory=list)
    zero_roots: list[int] = field(default_factory=list)
    #: in the best state found, the variables whose factors rule it out
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
    """Blocks of a network for a number of chains, built once, sampled as often as needed.

    ``card``, ``scopes`` and ``links`` describe one copy of the network;
    ``bound`` is the largest clique table a block may have (by default chosen
    from the network's size); ``chains`` the number of chains.
    """

    def __init__(self, card: Sequence[int], scopes: Sequence[tuple[int, ...]],
                 links: Sequence[tuple[int, int]], gen: Sequence[int], *,
                 bound: float | None = None, seed: int = 0, chains: int | None = None) -> None:
        self.n = len(card)
        self.card = list(card)
        self.scopes = list(scopes)
        self.links = list(links)
        self.gen = list(gen)
        self.adj = moral_graph(self.n, (*scopes, *links))
        self.bound = bound if bound is not None else _default_bound(self.n)
        self.chains = chains if chains is not None else _default_chains(self.n)
        self.rnd = random.Random(seed)
        # the union of the chains' copies
        r = self.chains
        n = self.n
        self.ucard = self.card * r
        self.uscopes = [tuple(x + k * n for x in sc) for k in range(r) for sc in scopes]
        self.ulinks = [(a + k * n, b + k * n) for k in range(r) for a, b in links]
        started = time.perf_counter()
        self.blocks = self._blocks(None)
        self.build_seconds = time.perf_counter() - started
        self.cutset = self.blocks[0].cutset
        # where one chain's cells sit in the union's flat vector
        ro = self.blocks[0].readout
        nv = int(ro.offset[n])  # variable cells of one copy
        npair = ro.size // r - nv
        self.cells = [np.concatenate([np.arange(k * nv, (k + 1) * nv),
                                      r * nv + np.arange(k * npair, (k + 1) * npair)])
                      for k in range(r)]
        self.var_cells = nv

    def _blocks(self, reluctance: Sequence[float] | None) -> list[_Block]:
        """Blocks whose cutsets together leave nobody out (three at least when needed)."""
        n, r = self.n, self.chains
        orders: list[Order] = []
        extra = [0.0] * n
        common: set[int] | None = None
        heuristics: tuple[str, ...] = ("gen", "fill")
        while len(orders) < 6:
            rel = [e + (reluctance[v] if reluctance is not None else 0.0)
                   for v, e in enumerate(extra)]
            o = cutset_order(self.adj, self.card, self.gen, self.bound, reluctance=rel,
                             rnd=self.rnd, heuristics=heuristics)
            heuristics = (o.heuristic,)  # the better one for the first block, for all
            orders.append(o)
            if not o.cutset:
                break
            common = set(o.cutset) if common is None else common & set(o.cutset)
            if not common and len(orders) >= 3:
                break
            for c in o.cutset:  # the next cutsets keep away from this one and its neighbours,
                extra[c] += 1000.0  # so that what is fixed here moves with its relatives there
                for u in self.adj[c]:
                    extra[u] += 300.0
        blocks = []
        for o in orders:
            red = Reduced(self.card, self.scopes, self.links, o).replicated(r)
            ro = Readout(red, self.ulinks)
            cut = set(o.cutset)
            free = [v + k * n for k in range(r) for v in range(n) if v not in cut]
            blocks.append(_Block(red, ro, _schedule(red.structure, free), np.ones(0), o.cutset))
        # the share of each block in each cell of one chain's estimate
        ro0 = blocks[0].readout
        nv = int(ro0.offset[n])
        size = ro0.size // r
        masks = []
        for b in blocks:
            m = np.ones(size)
            for c in b.cutset:
                m[int(ro0.offset[c]):int(ro0.offset[c + 1])] = 0.0
            masks.append(m)
        den = sum(masks)
        assert isinstance(den, np.ndarray)
        for b, m in zip(blocks, masks, strict=True):
            b.weight = np.divide(m, den, out=np.full(size, 1.0 / len(blocks)), where=den > 0)
        del nv
        return blocks

    def run(self, tables: Sequence[NDArray[Any]], *, seconds: float, seed: int = 0,
            target: float = _TARGET, max_sweeps: int | None = None) -> Estimate:
        """Sample for at most ``seconds`` (less once every standard error is below
        ``target``, or after ``max_sweeps`` sweeps are collected) and return the
        estimates. With the same seed and a fixed number of sweeps well within the
        time, the estimates are the same on every machine."""
        start = time.perf_counter()
        rng = np.random.default_rng(seed)
        r, n = self.chains, self.n
        tables = [np.asarray(t, dtype=np.float64) for t in tables]
        soft = [np.where(t > 0, t, _SOFT) for t in tables]
        x = (rng.random(n * r) * np.array(self.ucard)).astype(np.intp)
        single = self.blocks[0].readout
        if len(self.blocks) == 1 and not self.blocks[0].cutset:  # no cutset: exact
            b = self.blocks[0]
            cal = calibrate(b.reduced.structure, b.reduced.slicer(tables * r)(x), FLOAT)
            one = _OneChain(single, n, r)
            if cal.zero_roots:
                return Estimate(one, np.zeros(len(self.cells[0])), zero_roots=[-1])
            flat = b.readout.read(cal, x, np.zeros(b.readout.size))
            mean = flat[self.cells[0]]
            return Estimate(one, mean, [Estimate(one, mean), Estimate(one, mean)], samples=1)
        one = _OneChain(single, n, r)
        consistent = False
        # a pilot run finds who is uncertain, unless rebuilding the blocks would
        # take too much of the time
        pilot = self.build_seconds < 0.2 * seconds
        slicers = [[b.reduced.slicer(t * r) for b in self.blocks] for t in (soft, tables)]
        size = len(self.cells[0])
        sums = np.zeros((r, _SLOTS, size))
        filled = 0
        length = 1
        in_batch = 0
        burn = 0
        sweeps = 0
        samples = 0
        visited = np.zeros((n * r, max(self.card, default=1)), dtype=bool)
        every = np.arange(n * r)
        pilot_sum = np.zeros(size)
        pilot_count = 0
        repairs = 0
        buf = np.zeros(single.size)
        while True:
            order = list(range(len(self.blocks)))
            self.rnd.shuffle(order)
            sweep = np.zeros((r, size))
            use = slicers[1] if consistent else slicers[0]
            for k in order:
                block = self.blocks[k]
                cal = calibrate(block.reduced.structure, use[k](x), FLOAT)
                _draw(cal.beliefs, block.schedule, x, rng)
                if consistent:
                    flat = block.readout.read(cal, x, buf)
                    for c in range(r):
                        sweep[c] += block.weight * flat[self.cells[c]]
            sweeps += 1
            elapsed = time.perf_counter() - start
            if not consistent:
                consistent = all(self._possible(tables, x[c * n:(c + 1) * n]) for c in range(r))
                if not consistent and elapsed > seconds and sweeps > 20:
                    return Estimate(one, np.zeros(size), zero_roots=[-1],
                                    conflicts=self._conflicts(tables, x[:n]))
                continue
            burn += 1
            if burn <= _BURN and elapsed < 0.1 * seconds:
                continue
            if pilot:
                pilot_sum += sweep.sum(axis=0)
                pilot_count += r
                if elapsed > 0.2 * seconds or pilot_count >= 15 * r:
                    self._adapt(one, pilot_sum / pilot_count)
                    slicers = [[b.reduced.slicer(t * r) for b in self.blocks]
                               for t in (soft, tables)]
                    pilot = False
                    burn = 0
                continue
            if (filled == 4 and in_batch == 0 and repairs < 2
                    and seconds - elapsed > 4 * self.build_seconds):
                # cutset people the chains never moved, though uncertain: rebuild the
                # blocks around them and start collecting again
                mean = sums[:, :filled].sum(axis=(0, 1)) / (r * filled * length)
                if self._unvisited(one, mean, visited) > 0.01:
                    repairs += 1
                    self._adapt(one, mean)
                    slicers = [[b.reduced.slicer(t * r) for b in self.blocks]
                               for t in (soft, tables)]
                    filled = in_batch = burn = samples = 0
                    length = 1
                    visited[:] = False
                    continue
            samples += r * len(self.blocks)
            visited[every, x] = True
            if in_batch == 0:
                sums[:, filled] = 0.0
            sums[:, filled] += sweep
            in_batch += 1
            if in_batch == length:
                in_batch = 0
                filled += 1
                if filled == _SLOTS:
                    length *= 2
                    sums[:, : _SLOTS // 2] = sums[:, 0::2] + sums[:, 1::2]
                    filled = _SLOTS // 2
            enough = filled >= 2 and filled * r >= 16
            if elapsed > seconds and filled >= 2:
                break
            if enough and (elapsed > seconds
                           or (max_sweeps is not None
                               and samples >= max_sweeps * r * len(self.blocks))
                           or (sweeps % 4 == 0 and elapsed > 0.3 * seconds
                               and samples >= 20 * r * len(self.blocks)
                               and self._converged(one, sums, filled, length, visited, target))):
                break
            if elapsed > 2 * seconds and filled >= 1:  # never much more than the time asked
                break
        batches = (sums[:, :filled] / length).reshape(r * filled, size)
        mean = batches.mean(axis=0)
        while len(batches) > 8 and len(batches) % 2 == 0:  # fewer, longer batches
            batches = (batches[0::2] + batches[1::2]) / 2
        chain_means = sums[:, :filled].sum(axis=1) / (filled * length)
        return Estimate(
            one, mean, [Estimate(one, b) for b in batches], samples=samples,
            cutset=self.cutset, unvisited=self._unvisited(one, mean, visited),
            chains=[Estimate(one, m) for m in chain_means],
            resolution=1.0 / (r * filled * length),
        )

    def _adapt(self, one: _OneChain, mean: NDArray[np.float64]) -> None:
        """Rebuild the blocks so that their cutsets avoid uncertain people."""
        off = one.offset
        rel = []
        for v in range(self.n):
            p = mean[off[v]:off[v + 1]]
            rel.append(min(1000.0 * (1.0 - float(p.max())), 1000.0) if len(p) else 0.0)
        self.blocks = self._blocks(rel)
        self.cutset = self.blocks[0].cutset

    def _converged(self, one: _OneChain, sums: NDArray[np.float64], filled: int, length: int,
                   visited: NDArray[np.bool_], target: float) -> bool:
        """Every marginal's standard error, and the unvisited mass, below ``target``."""
        if self._stderr(sums, filled, length) >= target:
            return False
        mean = sums[:, :filled].sum(axis=(0, 1)) / (self.chains * filled * length)
        return self._unvisited(one, mean, visited) < target

    def _stderr(self, sums: NDArray[np.float64], filled: int, length: int) -> float:
        """The largest standard error of a marginal (batch means and between chains)."""
        r = self.chains
        b = sums[:, :filled, : self.var_cells] / length
        k = r * filled
        if k < 2:
            return math.inf
        pooled = b.reshape(k, -1).std(axis=0, ddof=1) / math.sqrt(k)
        if r > 1:
            between = b.mean(axis=1).std(axis=0, ddof=1) / math.sqrt(r)
            pooled = np.maximum(pooled, between)
        return float(pooled.max())

    def _factor_values(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]
                       ) -> list[float]:
        return [float(tables[f][tuple(x[u] for u in sc)]) for f, sc in enumerate(self.scopes)]

    def _possible(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]) -> bool:
        return all(val > 0 for val in self._factor_values(tables, x))

    def _conflicts(self, tables: Sequence[NDArray[Any]], x: NDArray[np.intp]
                   ) -> tuple[int, ...]:
        return tuple(sorted({u for f, val in enumerate(self._factor_values(tables, x))
                             if not val > 0 for u in self.scopes[f]}))

    def _unvisited(self, one: _OneChain, mean: NDArray[np.float64],
                   visited: NDArray[np.bool_]) -> float:
        """The estimated probability that a block's cutset is in a state never visited.

        The block's conditional marginals were averaged over visited cutset
        states only, so its estimates can be off by this much beyond their
        sampling error (a rare state, such as a carrier among many likely
        non-carriers, may carry little probability and never be drawn).
        """
        seen = np.asarray(visited.reshape(self.chains, self.n, -1).any(axis=0), dtype=bool)
        worst = 0.0
        off = one.offset
        for block in self.blocks:
            missing = 0.0
            for c in block.cutset:
                p = mean[off[c]:off[c + 1]]
                missing += float(p[~seen[c, : len(p)]].sum())
            worst = max(worst, missing)
        return min(worst, 1.0)


class _OneChain(FlatReader):
    """Reads one chain's cells (variables, then pairs) like a :class:`Readout`."""

    def __init__(self, union: Readout, n: int, copies: int) -> None:
        self.offset = union.offset[: n + 1]
        nv = int(self.offset[n])
        base = copies * nv
        self.pair_offset = [p - base for p in union.pair_offset[: len(union.pairs) // copies]]
        self.pair_base = nv
        self.pairs = union.pairs[: len(union.pairs) // copies]
        self.card = union.card[:n]


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
    return float(3**9 if n <= 2000 else 3**8)


def _default_chains(n: int) -> int:
    """Chains run together: more for small pedigrees, where numpy's overhead dominates."""
    return 8 if n <= 500 else 4 if n <= 3000 else 2
