"""What is drawn, before any geometry: families, birth order, unrelated parts, copies.

A :class:`Fam` is a couple (or a single parent) and their children in birth
order. :func:`components` splits a pedigree into unrelated families.
:class:`Drawing` is the graph actually laid out: every person once, plus any
copies (a person drawn a second time next to one partner), with each family's
parents replaced by the copy where there is one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ...model import Pedigree

__all__ = ["Drawing", "Fam", "birth_order", "components", "families", "owner_key"]


class Fam:
    """A couple (or a single parent) and their children, in birth order.

    (A plain class, not a dataclass: cheaper to create at import, which the risk
    table pays for its numbers.)
    """

    __slots__ = ("childless", "children", "consanguineous", "key", "parents", "separated")

    def __init__(self, key: str, parents: tuple[int, ...], children: list[int],
                 consanguineous: bool = False, separated: bool = False,
                 childless: str | None = None) -> None:
        self.key = key  # the owner of its lines: "a+b" (ids sorted) or "a+?"
        self.parents = parents  # person indices
        self.children = children
        self.consanguineous = consanguineous
        self.separated = separated
        self.childless = childless


def owner_key(ids: Sequence[str]) -> str:
    """``"a+b"`` for a couple (ids sorted), ``"a+?"`` for a single parent."""
    ids = sorted(ids)
    return "+".join(ids) if len(ids) == 2 else f"{ids[0]}+?"


def families(ped: Pedigree) -> list[Fam]:
    """Every couple and single parent with their children (birth order), by key."""
    by_parents: dict[tuple[int, ...], Fam] = {}
    for i in range(len(ped)):
        m, f = ped.mothers[i], ped.fathers[i]
        parents = tuple(sorted(p for p in (m, f) if p >= 0))
        if not parents:
            continue
        fam = by_parents.get(parents)
        if fam is None:
            fam = by_parents[parents] = Fam(owner_key([ped.ids[p] for p in parents]), parents, [])
        fam.children.append(i)
    for u in ped.unions:
        parents = tuple(sorted(ped.index[p] for p in u.partners))
        fam = by_parents.get(parents)
        if fam is None:
            fam = by_parents[parents] = Fam(owner_key(list(u.partners)), parents, [])
        fam.separated = fam.separated or u.separated
        if u.childless is not None:
            fam.childless = u.childless.value
    ref = reference_year(ped)
    partners: dict[int, int] = {}
    for parents in by_parents:
        if len(parents) == 2:
            for p in parents:
                partners[p] = partners.get(p, 0) + 1
    declared = {frozenset(u.partners): u.consanguineous for u in ped.unions
                if u.consanguineous is not None}
    for parents, fam in by_parents.items():
        fam.children = birth_order(ped, fam.children, ref)
        if len(parents) == 2:
            a, b = (ped.ids[p] for p in parents)
            flag = declared.get(frozenset((a, b)))
            if flag is not None:
                fam.consanguineous = flag
            elif any(ped.mothers[p] < 0 and ped.fathers[p] < 0 and partners[p] == 1
                     for p in parents):
                # someone who married in, with no other partner, is related to nobody
                # in the pedigree except through this couple's children
                fam.consanguineous = False
            else:
                fam.consanguineous = ped.is_consanguineous(a, b)
    return sorted(by_parents.values(), key=lambda f: f.key)


def reference_year(ped: Pedigree) -> float | None:
    """The year ages refer to: the median of birth year + age of the living."""
    years = sorted(p.birth_year + p.age for p in ped
                   if p.birth_year is not None and p.age is not None and not p.deceased)
    return years[len(years) // 2] if years else None


def birth_order(ped: Pedigree, kids: Iterable[int], ref: float | None) -> list[int]:
    """Input order, except that siblings whose birth time is known are sorted by it.

    An ongoing pregnancy is the youngest. Birth years and ages of living people
    are compared through the pedigree's reference year (birth year + age of the
    people who have both); without one, whichever of the two covers more
    siblings is used. Twins stand together, where the first of them stands.
    """
    kids = sorted(kids)  # input order among themselves
    people = [ped.individuals[i] for i in kids]
    years = {i: float(p.birth_year) for i, p in zip(kids, people, strict=True)
             if p.birth_year is not None and p.pregnancy is None}
    ages = {i: p.age for i, p in zip(kids, people, strict=True)
            if p.age is not None and not p.deceased and p.pregnancy is None}
    keys: dict[int, float] = {}
    if ref is not None:
        keys = {i: ref - a for i, a in ages.items()}
        keys.update(years)
    elif len(years) >= len(ages):
        keys = dict(years)
    else:
        keys = {i: -a for i, a in ages.items()}
    for i, p in zip(kids, people, strict=True):
        if p.pregnancy is not None and p.pregnancy.ongoing:
            keys[i] = math.inf
    slots = [n for n, i in enumerate(kids) if i in keys]
    known = sorted((i for i in kids if i in keys), key=lambda i: keys[i])
    out = list(kids)
    for slot, i in zip(slots, known, strict=True):
        out[slot] = i
    return keep_twins(ped, out)


def keep_twins(ped: Pedigree, order: list[int]) -> list[int]:
    """``order`` with each twin group standing together, where its first member stood."""
    present = set(order)
    for group in ped.twins:
        members = [ped.index[m] for m in group.members]
        if not set(members) <= present:
            continue
        pos = sorted(order.index(m) for m in members)
        if pos[-1] - pos[0] == len(members) - 1:
            continue
        rest = [i for i in order if i not in members]
        ordered = sorted(members, key=order.index)
        order = rest[:pos[0]] + ordered + rest[pos[0]:]
    return order


def components(ped: Pedigree, fams: Sequence[Fam]) -> list[list[int]]:
    """The unrelated families: people joined by parenthood or partnership.

    Each is a sorted list of person indices; the list puts the family of the
    proband (or consultand) first, then larger families first, then by the
    smallest id, so it does not depend on the order of the file.
    """
    parent = list(range(len(ped)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for fam in fams:
        members = [*fam.parents, *fam.children]
        root = find(members[0])
        for m in members[1:]:
            other = find(m)
            if other != root:
                parent[other] = root
    groups: dict[int, list[int]] = {}
    for i in range(len(ped)):
        groups.setdefault(find(i), []).append(i)
    index = {pid: ped.index[pid] for pid in (ped.proband, ped.consultand) if pid}
    first = {find(i) for i in index.values()}
    return sorted(groups.values(),
                  key=lambda g: (find(g[0]) not in first, -len(g), min(ped.ids[i] for i in g)))


class Drawing:
    """The graph laid out: nodes (people and copies) and families over them.

    Node ``i < len(people)`` is person ``people[i]``; nodes after those are
    copies. ``cuts`` maps ``(family, person)`` to "draw this parent of this
    family as a copy standing next to the other parent": the family then hangs
    from the copy, which has no parents and no other partner.
    """

    def __init__(self, ped: Pedigree, people: Sequence[int], fams: Sequence[Fam],
                 row: Mapping[int, int], half: Mapping[int, float],
                 cuts: Iterable[tuple[int, int]] = ()) -> None:
        self.ped = ped
        self.people = list(people)
        self.n_people = len(self.people)
        local = {p: i for i, p in enumerate(self.people)}
        self.fams = list(fams)
        self.person = list(self.people)  # node -> person index in ped
        self.row = [row[p] for p in self.people]
        self.half = [half[p] for p in self.people]
        self.parents: list[tuple[int, ...]] = [tuple(local[p] for p in f.parents)
                                               for f in self.fams]
        self.children: list[list[int]] = [[local[c] for c in f.children] for f in self.fams]
        self.copy_of: dict[tuple[int, int], int] = {}
        for k, q in sorted(set(cuts)):
            fam = self.fams[k]
            if q not in fam.parents or len(fam.parents) != 2:
                continue
            node = len(self.person)
            self.person.append(q)
            self.row.append(max(row[p] for p in fam.parents))  # the couple's row
            self.half.append(half[q])
            self.copy_of[(k, q)] = node
        for k, fam in enumerate(self.fams):
            if any((k, p) in self.copy_of for p in fam.parents):
                self.parents[k] = tuple(self.copy_of.get((k, p), local[p]) for p in fam.parents)
        n = len(self.person)
        self.n = n
        self.birth = [-1] * n
        self.own: list[list[int]] = [[] for _ in range(n)]
        for k, kids in enumerate(self.children):
            for c in kids:
                self.birth[c] = k
            for p in self.parents[k]:
                self.own[p].append(k)
        self.twins: list[tuple[int, ...] | None] = [None] * n
        for group in ped.twins:
            members = tuple(local[ped.index[m]] for m in group.members
                            if ped.index[m] in local)
            for m in members:
                self.twins[m] = members
        self.zygosity = {m: g.zygosity.value for g in ped.twins for m in g.members}
        self._sort_unions()
        self.couple_set = {tuple(sorted(p)) for p in self.parents if len(p) == 2}
        self.bridges = self._bridges()
        self.looped: set[int] = set()
        for k in range(len(self.fams)):
            for i in (*self.parents[k], *self.children[k]):
                if (k, i) not in self.bridges:
                    self.looped.add(i)

    def id(self, node: int) -> str:
        """The id of the person a node draws."""
        return self.ped.ids[self.person[node]]

    def is_copy(self, node: int) -> bool:
        """Whether a node is a second copy of a person."""
        return node >= self.n_people

    def other(self, k: int, p: int) -> int | None:
        """The other parent of family ``k`` (``None`` for a single parent)."""
        others = [q for q in self.parents[k] if q != p]
        return others[0] if others else None

    def _sort_unions(self) -> None:
        """Each node's families in chronological order: by their children's birth
        order among all that node's children, childless couples last (by partner id)."""
        ped = self.ped
        ref = reference_year(ped)
        for p in range(self.n):
            if len(self.own[p]) < 2:
                continue
            mine = birth_order(ped, [self.person[c] for k in self.own[p]
                                     for c in self.children[k]], ref)
            rank = {c: r for r, c in enumerate(mine)}

            def key(k: int, rank: dict[int, int] = rank, p: int = p) -> tuple[Any, ...]:
                kids = self.children[k]
                if kids:
                    return (0, min(rank[self.person[c]] for c in kids), "")
                other = self.other(k, p)
                return (1, 0, self.id(other) if other is not None else "")

            self.own[p].sort(key=key)

    def _bridges(self) -> set[tuple[int, int]]:
        """(family, node) links whose removal splits the graph (no loop through them).

        Tarjan's low-link over the graph of nodes and families, iteratively.
        """
        n = self.n
        adj: list[list[int]] = [[] for _ in range(n + len(self.fams))]
        for k in range(len(self.fams)):
            f = n + k
            for i in (*self.parents[k], *self.children[k]):
                adj[f].append(i)
                adj[i].append(f)
        order = [-1] * len(adj)
        low = [0] * len(adj)
        out: set[tuple[int, int]] = set()
        counter = 0
        for root in range(len(adj)):
            if order[root] >= 0:
                continue
            order[root] = low[root] = counter
            counter += 1
            stack = [(root, -1, 0)]
            while stack:
                v, parent, j = stack.pop()
                if j < len(adj[v]):
                    stack.append((v, parent, j + 1))
                    w = adj[v][j]
                    if w == parent:
                        continue
                    if order[w] < 0:
                        order[w] = low[w] = counter
                        counter += 1
                        stack.append((w, v, 0))
                    else:
                        low[v] = min(low[v], order[w])
                elif parent >= 0:
                    low[parent] = min(low[parent], low[v])
                    if low[v] > order[parent]:
                        f, p = (v, parent) if v >= n else (parent, v)
                        out.add((f - n, p))
        return out
