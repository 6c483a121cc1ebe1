"""The junction tree of an elimination order and its schedule, in plain Python.

Eliminating ``v`` yields the clique ``C_v = {v} ∪ N(v)``; its parent is the
clique of the neighbour eliminated next. This is a junction tree (an
elimination tree) with exactly one clique per variable, so every variable's
marginal is read from its own clique. Cliques are grouped by *signature* (the
tuple of their variables' numbers of states) and numbered within it (``row``).

The schedule says in which order the two passes handle the cliques: the
collect pass level by level from the leaves (height), each level's cliques by
signature, each clique's message to its parent; the distribute pass level by
level from the roots (depth). The numpy engine (``_jtree``) turns the lists of
rows into arrays and handles each group with a few vectorised operations; the
plain-Python engine for small trees (``_small``) walks the same schedule clique
by clique, so the two compute in the same order.

No numpy here: planning a small family's answer does not import it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ._order import Order, fill_order, moral_graph

__all__ = ["DownGroup", "Level", "MsgGroup", "Scatter", "Sig", "Tree", "build_tree",
           "memory_needed", "root_totals"]

Sig = tuple[int, ...]
#: clique rows or positions: a list of ints here, a numpy array in ``_jtree``
Ints = Any

#: numpy temporaries are made for at most this many table entries at a time
CHUNK = 1 << 22


class Scatter:
    """Messages of one group going to parents of one signature."""

    __slots__ = ("expand", "prows", "psig", "sel", "starts")

    def __init__(self, sel: Ints, starts: Ints, psig: Sig, prows: Ints,
                 expand: tuple[int, ...]) -> None:
        self.sel = sel  # positions within the group's rows, sorted by parent row
        self.starts = starts  # where each parent's run of messages starts in sel
        self.psig = psig
        self.prows = prows  # unique parent rows
        self.expand = expand  # message shape broadcast into the parent table (no batch axis)


class MsgGroup:
    """The cliques of one level and signature that send a message to their parent."""

    __slots__ = ("rows", "scatters", "sig")

    def __init__(self, sig: Sig, rows: Ints, scatters: list[Scatter]) -> None:
        self.sig = sig
        self.rows = rows
        self.scatters = scatters


class DownGroup:
    """Cliques of one depth whose parents share a signature and a separator position."""

    __slots__ = ("psig", "rows", "sig", "sum_axes", "uprows", "upos")

    def __init__(self, psig: Sig, uprows: Ints, upos: Ints, sum_axes: tuple[int, ...], sig: Sig,
                 rows: Ints) -> None:
        self.psig = psig
        self.uprows = uprows  # the parents' rows, each once
        self.upos = upos  # each clique's parent as a position in uprows
        self.sum_axes = sum_axes  # axes of the parent table (with batch axis 0) to sum out
        self.sig = sig
        self.rows = rows


class Level:
    """The messages sent at one height of the collect pass."""

    __slots__ = ("messages",)

    def __init__(self, messages: list[MsgGroup] | None = None) -> None:
        self.messages = messages if messages is not None else []


class Tree:
    """A junction tree and its schedule (see the module docstring).

    (The classes here are plain classes, not dataclasses: they are made on the
    way to every answer, and a dataclass costs about a millisecond to create at
    import.)
    """

    def __init__(
        self,
        card: list[int],
        order: list[int],
        cliques: list[tuple[int, ...]],
        parent: list[int],
        sig: list[Sig],
        row: list[int],
        counts: dict[Sig, int],
        collect: list[Level],
        distribute: list[list[DownGroup]],
        roots: list[int],
        component: list[int],
        factor_home: list[int],
        factor_place: list[tuple[tuple[int, ...], tuple[int, ...]]],
        width: int,
        pos: list[int],
        entries: int = 0,
        msg_entries: int = 0,
        largest: int = 0,
    ) -> None:
        self.card = card
        self.order = order
        self.cliques = cliques  # cliques[v] = (v, *separator sorted by elimination)
        self.parent = parent
        self.sig = sig
        self.row = row
        self.counts = counts
        self.collect = collect
        self.distribute = distribute
        self.roots = roots
        self.component = component  # root clique of each clique
        self.factor_home = factor_home
        self.factor_place = factor_place  # (perm, expand shape) of each factor
        self.width = width
        self.pos = pos  # position of each variable in the elimination order
        self.entries = entries  # table entries of all cliques
        self.msg_entries = msg_entries  # table entries of all separators
        self.largest = largest  # entries of the largest clique table

    def holder(self, a: int, b: int) -> int:
        """A clique containing variables a and b (they must be adjacent)."""
        c = a if self.pos[a] < self.pos[b] else b
        if a not in self.cliques[c] or b not in self.cliques[c]:
            raise ValueError("the two variables share no clique")
        return c


def build_tree(
    card: Sequence[int],
    scopes: Sequence[tuple[int, ...]],
    links: Sequence[tuple[int, int]] = (),
    elimination: Order | None = None,
) -> Tree:
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
    collect: list[Level] = []
    for h in sorted(by_height):
        level = Level()
        by_sig: dict[Sig, list[int]] = defaultdict(list)
        for v in by_height[h]:
            by_sig[sig[v]].append(v)
        for s, vs in by_sig.items():
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
                prow = [row[parent[sending[k]]] for k in ks]
                starts = [k for k in range(len(prow)) if k == 0 or prow[k] != prow[k - 1]]
                scatters.append(Scatter(ks, starts, psig, [prow[k] for k in starts], expand))
            level.messages.append(MsgGroup(s, [row[v] for v in sending], scatters))
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
            prows = [row[parent[v]] for v in vs]
            uprows = sorted(set(prows))
            at = {r: k for k, r in enumerate(uprows)}
            groups.append(DownGroup(psig, uprows, [at[r] for r in prows], sum_axes, s,
                                    [row[v] for v in vs]))
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
    return Tree(
        list(card), order, cliques, parent, sig, row, dict(counts), collect, distribute,
        roots, component, factor_home, factor_place, width, pos,
        entries=sum(sizes[s] * c for s, c in counts.items()),
        msg_entries=sum(sizes[s] // s[0] * c for s, c in counts.items()),
        largest=max(sizes.values(), default=1),
    )


def root_totals(totals: Sequence[Any], roots: Sequence[int], log: bool, lost: float,
                one: Any, zero: Any) -> tuple[list[int], float, Any]:
    """What the roots' totals (one per component, in ``roots`` order) say of the evidence:
    the roots where it is impossible, the log-likelihood (float mode: ``lost``, the
    logs of the scales taken out, plus the logs of the totals; ``-inf`` when
    impossible) and the likelihood (the exact modes: the product of the totals)."""
    zero_roots: list[int] = []
    likelihood: Any = one
    log_lik = lost if log else 0.0
    for r, total in zip(roots, totals, strict=True):
        if not total:
            zero_roots.append(r)
        elif log:
            log_lik += math.log(total)
        else:
            likelihood = likelihood * total
    if log and zero_roots:
        log_lik = -math.inf
    if zero_roots:
        likelihood = zero
    return zero_roots, log_lik, likelihood


def memory_needed(st: Tree, per_entry: int = 8) -> int:
    """Peak bytes the numpy calibration allocates for ``st`` (``per_entry`` bytes a
    table entry).

    The clique tables, the separator messages, and numpy's temporaries for one
    piece (or one scatter of messages into parents).
    """
    piece = max(min(CHUNK, st.entries), st.largest)
    return per_entry * (st.entries + st.msg_entries + 3 * piece)
