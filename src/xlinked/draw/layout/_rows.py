"""Stage 1, rows: one generation row per person, every couple on one row.

Partners are joined into groups that must share a row (a person with several
partners brings them all). Children stand below their parents. Among the row
assignments that satisfy this, the one with the shortest lines of descent
(the sum, over children, of the rows between them and their parents) is
chosen, within as many rows as the longest line of descent needs: married-in
people take their partner's row, and when a marriage joins two families the
shallower family moves down as a whole.

A partnership that would put someone below their own descendant (a woman with
children by a man and by his grandson) cannot share one row; it is *split*:
the higher partner is drawn a second time, next to the other (see
:class:`~._structure.Drawing`). When the rows outnumber the generations because
partners of two generations on a loop (an uncle and his niece) share a row,
such couples are split too where that saves a row.

>>> from xlinked import Individual, Pedigree
>>> from xlinked.draw.layout._structure import families
>>> ped = Pedigree([Individual("gf", "M"), Individual("gm", "F"),
...                 Individual("mum", "F", mother="gm", father="gf"),
...                 Individual("dad", "M"), Individual("kid", "M", mother="mum", father="dad")])
>>> rows, splits = assign_rows(ped, range(len(ped)), families(ped))
>>> [rows[i] for i in range(len(ped))], splits
([0, 0, 1, 1, 2], set())
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ...model import Pedigree
from ._structure import Fam

__all__ = ["assign_rows"]

#: Above this many groups the exact (network simplex) ranking is not tried, to keep
#: very large or very deep pedigrees fast: the greedy one is kept.
EXACT_LIMIT = 2000
#: Couples of partners of two generations tried for splitting, when the rows
#: outnumber the generations.
MAX_SAVING_SPLITS = 20


def assign_rows(ped: Pedigree, people: Iterable[int], fams: Sequence[Fam],
                ) -> tuple[dict[int, int], set[tuple[int, int]]]:
    """Rows (0 = top) of ``people`` and the split couples ``(family, partner to copy)``.

    ``fams`` are the families among ``people`` (indices into ``fams`` name
    the split couples).
    """
    people = sorted(people)
    kids: dict[int, list[int]] = {p: [] for p in people}
    for fam in fams:
        for p in fam.parents:
            kids[p].extend(fam.children)
    depth = _depths(ped, people)
    groups = _Groups(ped, people, fams, kids, depth, set())
    generations = max(depth.values(), default=0) + 1
    if groups.height() > generations:
        # partners of two generations on a loop (an uncle and his niece) on one row
        # put everyone below them a row lower: drawing one partner twice, on both
        # rows, may save it
        force: set[int] = set()
        for k in [k for k in groups.two_generations() if _on_loop(fams, k)][:MAX_SAVING_SPLITS]:
            trial = _Groups(ped, people, fams, kids, depth, force | {k})
            if trial.height() < groups.height():
                force.add(k)
                groups = trial
                if groups.height() == generations:
                    break
    members, find = groups.members, groups.find
    groups_ = sorted(members, key=lambda g: min(ped.ids[m] for m in members[g]))
    rank = _rank(ped, groups_, members, kids, find)
    used = sorted(set(rank.values()))
    compact = {r: i for i, r in enumerate(used)}
    row = {p: compact[rank[find(p)]] for p in people}
    splits = set()
    for k, (a, b) in groups.split:
        splits.add((k, a if row[a] < row[b] else b))
    return row, splits


class _Groups:
    """Partners joined into groups that share a row (union-find), most natural
    couples first; a couple that would put someone below their own descendant,
    or named in ``force``, is split instead."""

    def __init__(self, ped: Pedigree, people: Sequence[int], fams: Sequence[Fam],
                 kids: dict[int, list[int]], depth: dict[int, int], force: set[int]) -> None:
        self.kids = kids
        self.boss = {p: p for p in people}
        self.members = {p: [p] for p in people}
        couples = [(k, f.parents) for k, f in enumerate(fams) if len(f.parents) == 2]
        couples.sort(key=lambda c: (abs(depth[c[1][0]] - depth[c[1][1]]), fams[c[0]].key))
        partners: dict[int, int] = {p: 0 for p in people}
        for _, (a, b) in couples:
            partners[a] += 1
            partners[b] += 1
        self.split: list[tuple[int, tuple[int, int]]] = []
        self.mixed: list[int] = []  # partners of two generations, joined
        find, members = self.find, self.members
        for k, (a, b) in couples:
            ga, gb = find(a), find(b)
            if ga == gb:
                continue
            if k in force or (
                    not _plain(ped, a, partners) and not _plain(ped, b, partners) and (
                        _reaches(ga, gb, members, kids, find)
                        or _reaches(gb, ga, members, kids, find))):
                self.split.append((k, (a, b)))
                continue
            if depth[a] != depth[b] and not _plain(ped, a, partners) \
                    and not _plain(ped, b, partners):
                self.mixed.append(k)
            if len(members[ga]) < len(members[gb]):
                ga, gb = gb, ga
            self.boss[gb] = ga
            members[ga].extend(members.pop(gb))

    def find(self, i: int) -> int:
        boss = self.boss
        while boss[i] != i:
            boss[i] = boss[boss[i]]
            i = boss[i]
        return i

    def two_generations(self) -> list[int]:
        """The couples of partners of two generations joined on one row."""
        return list(self.mixed)

    def height(self) -> int:
        """Rows needed: the longest chain of groups, parents to children."""
        succ: dict[int, set[int]] = {g: set() for g in self.members}
        indeg = dict.fromkeys(self.members, 0)
        for g, ms in self.members.items():
            for m in ms:
                for c in self.kids[m]:
                    h = self.find(c)
                    if h not in succ[g]:
                        succ[g].add(h)
                        indeg[h] += 1
        rank = dict.fromkeys(self.members, 0)
        ready = [g for g, n in indeg.items() if n == 0]
        while ready:
            g = ready.pop()
            for h in succ[g]:
                rank[h] = max(rank[h], rank[g] + 1)
                indeg[h] -= 1
                if indeg[h] == 0:
                    ready.append(h)
        return max(rank.values(), default=0) + 1


def _on_loop(fams: Sequence[Fam], k: int) -> bool:
    """Whether the partners of couple ``k`` are joined otherwise than by it (a loop)."""
    a, b = fams[k].parents
    by_person: dict[int, list[int]] = {}
    for j, fam in enumerate(fams):
        if j != k:
            for p in (*fam.parents, *fam.children):
                by_person.setdefault(p, []).append(j)
    seen, stack = {a}, [a]
    done: set[int] = set()
    while stack:
        p = stack.pop()
        for j in by_person.get(p, ()):
            if j in done:
                continue
            done.add(j)
            for q in (*fams[j].parents, *fams[j].children):
                if q == b:
                    return True
                if q not in seen:
                    seen.add(q)
                    stack.append(q)
    return False


def _plain(ped: Pedigree, p: int, partners: dict[int, int]) -> bool:
    """No parents and one partner: joining their partner's group makes no cycle."""
    return ped.mothers[p] < 0 and ped.fathers[p] < 0 and partners[p] <= 1


def _depths(ped: Pedigree, people: Sequence[int]) -> dict[int, int]:
    depth: dict[int, int] = {}
    inside = set(people)
    for i in ped.topological_order:
        if i in inside:
            depth[i] = max((depth[p] + 1 for p in (ped.mothers[i], ped.fathers[i])
                            if p >= 0), default=0)
    return depth


def _reaches(src: int, dst: int, members: dict[int, list[int]], kids: dict[int, list[int]],
             find: Callable[[int], int]) -> bool:
    """Whether group ``dst`` descends from group ``src`` (through groups)."""
    seen = {src}
    stack = [src]
    while stack:
        g = stack.pop()
        for m in members[g]:
            for c in kids[m]:
                h = find(c)
                if h == dst:
                    return True
                if h not in seen:
                    seen.add(h)
                    stack.append(h)
    return False


def _rank(ped: Pedigree, groups: Sequence[int], members: dict[int, list[int]],
          kids: dict[int, list[int]], find: Callable[[int], int]) -> dict[int, int]:
    """Rank of each group: children's groups at least one below their parents'."""
    weight: dict[tuple[int, int], int] = {}
    for g in groups:
        for m in members[g]:
            for c in kids[m]:
                h = find(c)
                weight[(g, h)] = weight.get((g, h), 0) + 1
    # both parents of a child are in one group (unless split): count each child once
    succ: dict[int, list[int]] = {g: [] for g in groups}
    pred: dict[int, list[int]] = {g: [] for g in groups}
    for (g, h) in weight:
        succ[g].append(h)
        pred[h].append(g)
    order = _topological(groups, succ, pred)
    rank = {g: 0 for g in groups}
    for g in order:
        for h in succ[g]:
            rank[h] = max(rank[h], rank[g] + 1)
    height = max(rank.values(), default=0)
    rank = _greedy(order, succ, pred, weight, rank)
    if any(rank[h] - rank[g] > 1 for g, h in weight) and len(groups) <= EXACT_LIMIT:
        return _exact(groups, weight, height)  # the greedy one has long lines: do better
    return rank


def _topological(groups: Sequence[int], succ: dict[int, list[int]],
                 pred: dict[int, list[int]]) -> list[int]:
    indeg = {g: len(pred[g]) for g in groups}
    ready = [g for g in groups if indeg[g] == 0]
    ready.reverse()
    order = []
    while ready:
        g = ready.pop()
        order.append(g)
        for h in succ[g]:
            indeg[h] -= 1
            if indeg[h] == 0:
                ready.append(h)
    if len(order) != len(groups):  # pragma: no cover - splits prevent cycles
        raise AssertionError("the partner groups of the pedigree form a cycle")
    return order


def _exact(groups: Sequence[int], weight: dict[tuple[int, int], int],
           height: int) -> dict[int, int]:
    """Minimise the total length of the lines of descent (an LP, solved as the dual
    min-cost flow by network simplex; ranks from the optimal flow's potentials)."""
    import networkx as nx

    top, bottom = "top", "bottom"
    flow_net = nx.DiGraph()
    demand = {g: 0 for g in groups}
    for (g, h), w in weight.items():
        demand[h] += w
        demand[g] -= w
    for g in groups:
        flow_net.add_node(g, demand=demand[g])
    flow_net.add_node(top, demand=0)
    flow_net.add_node(bottom, demand=0)
    for (g, h) in weight:  # r_h - r_g >= 1
        flow_net.add_edge(g, h, weight=-1)
    for g in groups:  # 0 <= r_g <= height
        flow_net.add_edge(top, g, weight=0)
        flow_net.add_edge(g, bottom, weight=0)
    flow_net.add_edge(bottom, top, weight=height)
    _, flow = nx.network_simplex(flow_net)
    # complementary slackness: r_v - r_u >= l always, = l where the flow is positive
    cons = nx.DiGraph()
    source = "source"
    cons.add_node(source)
    for u, targets in flow_net.adj.items():
        cons.add_edge(source, u, weight=0)
        for v, data in targets.items():
            low = -data["weight"]  # the edge's minimum length
            _tighten(cons, v, u, -low)
            if flow[u][v] > 0:
                _tighten(cons, u, v, low)
    dist = nx.single_source_bellman_ford_path_length(cons, source)
    base = dist[top]
    return {g: round(dist[g] - base) for g in groups}


def _tighten(graph: Any, u: object, v: object, w: float) -> None:
    if graph.has_edge(u, v):
        graph[u][v]["weight"] = min(graph[u][v]["weight"], w)
    else:
        graph.add_edge(u, v, weight=w)


def _greedy(order: Sequence[int], succ: dict[int, list[int]], pred: dict[int, list[int]],
            weight: dict[tuple[int, int], int], rank: dict[int, int]) -> dict[int, int]:
    """Longest path from the top, then each group moved, bottom up, as far down
    as its children allow when it has more children than parents' links."""
    for _ in range(3):
        changed = False
        for g in reversed(order):
            if not succ[g]:
                continue
            w_in = sum(weight[(p, g)] for p in pred[g])
            w_out = sum(weight[(g, h)] for h in succ[g])
            hi = min(rank[h] for h in succ[g]) - 1
            if w_out > w_in and hi > rank[g]:
                rank[g] = hi
                changed = True
        if not changed:
            break
    return rank
