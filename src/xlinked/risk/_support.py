"""Genotype elimination: each person keeps only the states their own data allow.

A man recorded unaffected at an age where penetrance is complete cannot be
hemizygous; an affected man (without phenocopies) must be; an unaffected adult
woman cannot be homozygous when homozygous women are always affected; a
positive test of perfect specificity rules out non-carriers. Removing such
states before inference shrinks every table that holds the person (a woman
with two possible states instead of three), and a person left with one state
is evidence that no longer ties the family together: he is taken out of the
graph, which breaks the loops through him (Lange and Goradia's genotype
elimination, applied to each person's own data).

:class:`Support` restricts factor tables to the allowed states and numbers
them afresh (the same variables, fewer states); :class:`Expanded` maps
posteriors back to the full state lists, so the methods downstream never see
the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._arith import Arith, Table

__all__ = ["Expanded", "Support"]


def _allowed(table: Table) -> tuple[int, ...]:
    """The states (first axis) of ``table`` with some non-zero entry."""
    values = table.values
    per = len(values) // table.shape[0]
    return tuple(s for s in range(table.shape[0]) if any(values[s * per:(s + 1) * per]))


def _restrict(table: Table, keep: Sequence[tuple[int, ...]], fixed: Sequence[bool]) -> Table:
    """``table`` with each axis cut to the states in ``keep``; a ``fixed`` axis (one
    state) is dropped, and a table left with no axis has shape ``(1,)``."""
    shape = table.shape
    if not any(fixed) and all(len(k) == c for k, c in zip(keep, shape, strict=True)):
        return table
    offsets = [0]
    stride = len(table.values)
    new_shape = []
    for states, size, gone in zip(keep, shape, fixed, strict=True):
        stride //= size
        offsets = [o + s * stride for o in offsets for s in states]
        if not gone:
            new_shape.append(len(states))
    values = table.values
    return Table([values[o] for o in offsets], tuple(new_shape) or (1,), exact=table.exact)


class Support:
    """The network restricted to the states each variable's own factor allows.

    ``tables[v]`` must be variable ``v``'s own factor (its first axis ``v``), as
    :meth:`~._network.Network.tables` makes them. When some variable has no
    allowed state at all (impossible evidence) nothing is restricted, so that
    the methods downstream find and report the conflict.
    """

    def __init__(
        self,
        card: Sequence[int],
        scopes: Sequence[tuple[int, ...]],
        links: Sequence[tuple[int, int]],
        tables: Sequence[Table],
        *,
        reduce: bool = True,
    ) -> None:
        n = len(card)
        allowed = []
        if reduce:
            seen: dict[int, tuple[int, ...]] = {}  # tables are shared between people
            for v in range(n):
                t = tables[v]
                a = seen.get(id(t))
                if a is None:
                    a = seen[id(t)] = _allowed(t)
                allowed.append(a)
        if not reduce or any(len(a) == 0 for a in allowed):
            allowed = [tuple(range(c)) for c in card]
        self.full_card = list(card)
        self.allowed = allowed
        self.card = [len(a) for a in allowed]
        fixed = [c == 1 for c in self.card]
        self.fixed = fixed
        self.scopes = [sc if not any(fixed[x] for x in sc)
                       else tuple(x for x in sc if not fixed[x]) or (sc[0],) for sc in scopes]
        self._full_scopes = list(scopes)
        self.links = [(a, b) for a, b in links if not fixed[a] and not fixed[b]]
        codes: dict[int, int] = {}
        key = bytearray(n)
        for v, a in enumerate(allowed):
            code = codes.get(id(a))
            if code is None:
                code = codes[id(a)] = sum(1 << s for s in a)
            key[v] = code
        #: identifies the restriction (two supports with equal keys are the same)
        self.key = bytes(key)
        self.trivial = all(c == f for c, f in zip(self.card, card, strict=True))

    def reduce(self, tables: Sequence[Table]) -> list[Table]:
        """The factor tables restricted to the allowed states (fixed variables' axes dropped)."""
        if self.trivial:
            return list(tables)
        cache: dict[tuple[int, tuple[tuple[int, ...], ...]], Table] = {}
        out = []
        allowed, fixed = self.allowed, self.fixed
        for f, t in enumerate(tables):
            sc = self._full_scopes[f]
            keep = tuple(allowed[x] for x in sc)
            key = (id(t), keep)
            r = cache.get(key)
            if r is None:
                r = cache[key] = _restrict(t, keep, [fixed[x] for x in sc])
            out.append(r)
        return out


class Expanded:
    """Posteriors of a restricted run mapped back to every variable's full states.

    Reads like a :class:`~._jtree.Calibrated` (``marginal_lists()``, ``pairs()``,
    ``zero_roots``, ``log_likelihood``, ``likelihood``); anything else is read
    from the wrapped result.
    """

    def __init__(self, inner: Any, support: Support, arith: Arith) -> None:
        self.inner = inner
        self.support = support
        self.arith = arith
        self.zero = arith.out(arith.zero)
        # exact values are handed out as Fractions (the engine may compute with gmpy2)
        self._out: Callable[[Any], Any] | None = None if arith.logspace else arith.out

    @property
    def likelihood(self) -> Any:
        """P(evidence) (exact in the exact modes)."""
        x = self.inner.likelihood
        return self._out(x) if self._out is not None else x

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @property
    def batches(self) -> list[Expanded]:
        """Batch estimates (approximate mode), expanded."""
        return [Expanded(b, self.support, self.arith) for b in self.inner.batches]

    @property
    def chains(self) -> list[Expanded]:
        """Each chain's estimates (approximate mode), expanded."""
        return [Expanded(c, self.support, self.arith) for c in self.inner.chains]

    def marginal_lists(self) -> list[list[Any]]:
        """Unnormalised marginal of every variable over its full states."""
        m = self.inner.marginal_lists()
        out = self._out
        if out is not None:
            m = [[out(x) for x in values] for values in m]
        sup = self.support
        if sup.trivial:
            return m  # type: ignore[no-any-return]
        expanded = []
        for v, values in enumerate(m):
            full = [self.zero] * sup.full_card[v]
            for s, x in zip(sup.allowed[v], values, strict=True):
                full[s] = x
            expanded.append(full)
        return expanded

    def pairs(self, wanted: Sequence[tuple[int, int]]) -> list[list[list[Any]]]:
        """Unnormalised joint of each pair over the full states (a fixed variable's
        row or column holds the other's marginal)."""
        sup = self.support
        fixed = sup.fixed
        both = [(a, b) for a, b in wanted if not fixed[a] and not fixed[b]]
        inner = dict(zip(both, self.inner.pairs(both), strict=True)) if both else {}
        conv = self._out
        if conv is not None:
            inner = {k: [[conv(x) for x in row] for row in t] for k, t in inner.items()}
        marg: list[list[Any]] | None = None
        out = []
        for a, b in wanted:
            ca, cb = sup.full_card[a], sup.full_card[b]
            full = [[self.zero] * cb for _ in range(ca)]
            ia, ib = sup.allowed[a], sup.allowed[b]
            if (a, b) in inner:
                for i, row in zip(ia, inner[(a, b)], strict=True):
                    for j, x in zip(ib, row, strict=True):
                        full[i][j] = x
            else:
                if marg is None:
                    marg = self.inner.marginal_lists()
                    if conv is not None:
                        marg = [[conv(x) for x in values] for values in marg]
                if fixed[a] and fixed[b]:
                    full[ia[0]][ib[0]] = marg[a][0]
                elif fixed[a]:
                    for j, x in zip(ib, marg[b], strict=True):
                        full[ia[0]][j] = x
                else:
                    for i, x in zip(ia, marg[a], strict=True):
                        full[i][ib[0]] = x
            out.append(full)
        return out
