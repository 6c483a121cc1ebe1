"""Checks of a whole pedigree, and the graph helpers behind :class:`~xlinked.model.Pedigree`.

:class:`~xlinked.model.Pedigree` calls :func:`fields` and :func:`validate` once, when it is
built (every problem collected, raised once); :func:`graph`, :func:`topological`,
:func:`generations` and :class:`Parts` serve its methods and the risk checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import _values
from ._evidence import coerce as _coerce
from .errors import Problem
from .model import (
    Condition,
    Individual,
    Pedigree,
    Sex,
    TwinGroup,
    Union,
    Zygosity,
    _sequence,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Parts", "fields", "generations", "graph", "topological", "validate"]



def fields(ped: Pedigree) -> list[Problem]:
    """Check the types of the pedigree's fields; freeze the sequences."""
    from .risk.model import RiskModel

    problems: list[Problem] = []

    def check(name: str, parse: Any, where: str | None = None) -> None:
        try:
            _coerce(ped, name, parse)
        except ValueError as exc:
            problems.append(Problem(where if where is not None else name, str(exc)))

    for name in ("individuals", "twins", "unions"):
        check(name, _sequence, "")
    for name in ("proband", "consultand"):
        if getattr(ped, name) is not None:
            check(name, _values.identifier, "")
    if ped.family is not None:
        check("family", _values.text, "")
    kinds: tuple[tuple[str, type], ...] = (("condition", Condition), ("model", RiskModel))
    for name, kind in kinds:
        value = getattr(ped, name)
        if value is not None and not isinstance(value, kind):
            problems.append(Problem("", f"{name} must be a {kind.__name__}, "
                                    f"got {_values.shown(value)}"))
    groups: tuple[tuple[str, type], ...] = (("twins", TwinGroup), ("unions", Union))
    for name, group in groups:
        items = getattr(ped, name)
        for k, item in enumerate(items if isinstance(items, tuple) else ()):
            if not isinstance(item, group):
                problems.append(Problem(f"{name}[{k}]", f"must be a {group.__name__}, "
                                        f"got {_values.shown(item)}"))
    if not isinstance(ped.extensions, Mapping):
        problems.append(Problem("extensions", "must be a mapping"))
    else:
        check("extensions",
              lambda v: MappingProxyType(_values.plain_data(dict(v),
                                                            max_depth=_values.MAX_DEPTH - 1)),
              "extensions")
    return problems


def person_place(pid: str, occurrence: int = 1) -> str:
    """How a problem names a person: ``individual 'a'``, and for the second and later
    people with the same id ``individual 'a' (2nd with this id)`` (so that each is
    found in the file).

    >>> person_place("a"), person_place("a", 2), person_place("a", 21)
    ("individual 'a'", "individual 'a' (2nd with this id)", "individual 'a' (21st with this id)")
    """
    if occurrence == 1:
        return f"individual {pid!r}"
    suffix = ("th" if 10 <= occurrence % 100 <= 20
              else {1: "st", 2: "nd", 3: "rd"}.get(occurrence % 10, "th"))
    return f"individual {pid!r} ({occurrence}{suffix} with this id)"


def validate(ped: Pedigree) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, Individual] = {}
    seen: dict[str, int] = {}
    places: dict[int, str] = {}  # index -> where, for every Individual
    for i, p in enumerate(ped.individuals):
        if not isinstance(p, Individual):
            problems.append(Problem(f"individuals[{i}]", "is not an Individual"))
            continue
        seen[p.id] = seen.get(p.id, 0) + 1
        places[i] = person_place(p.id, seen[p.id])
        if p.id in by_id:
            problems.append(Problem(places[i], "id is used more than once"))
        else:
            by_id[p.id] = p
    if not ped.individuals:
        problems.append(Problem("", "the pedigree has no individuals"))
    people = [p for p in ped.individuals if isinstance(p, Individual)]
    for i, p in enumerate(ped.individuals):
        if not isinstance(p, Individual):
            continue
        where = places[i]
        for role, want in (("mother", Sex.FEMALE), ("father", Sex.MALE)):
            pid = getattr(p, role)
            if pid is None:
                continue
            if pid == p.id:
                problems.append(Problem(where, f"{role} is the person themselves"))
            elif pid not in by_id:
                problems.append(Problem(where, f"{role} {pid!r} is not defined"))
            elif by_id[pid].sex != want:
                sex = {Sex.MALE: "male", Sex.FEMALE: "female", Sex.UNKNOWN: "of unknown sex"}
                problems.append(
                    Problem(where, f"{role} {pid!r} is {sex[by_id[pid].sex]} (sex must be {want})")
                )
        if p.mother is not None and p.mother == p.father:
            problems.append(Problem(where, "mother and father are the same person"))
        if p.onset_age is not None and p.affected is False:
            problems.append(Problem(where, "onset_age is given but affected is false"))
        if p.pregnancy is not None and p.pregnancy.ongoing and p.deceased:
            problems.append(Problem(where, "an ongoing pregnancy cannot be deceased"))
    if _has_cycle(people):
        for cycle in _cycles(graph(people)):
            names = " -> ".join(repr(x) for x in cycle)
            problems.append(
                Problem(f"individual {cycle[0]!r}", f"is their own ancestor ({names})")
            )
    problems += _validate_groups(ped, by_id)
    return problems


def _has_cycle(people: Sequence[Individual]) -> bool:
    """True when someone is their own ancestor (Kahn's algorithm on the defined parents)."""
    ids = {p.id for p in people}
    kids: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}
    for p in people:
        parents = {x for x in (p.mother, p.father) if x is not None and x in ids}
        waiting[p.id] = len(parents)
        for x in parents:
            kids.setdefault(x, []).append(p.id)
    ready = [pid for pid, n in waiting.items() if n == 0]
    done = 0
    while ready:
        pid = ready.pop()
        done += 1
        for kid in kids.get(pid, ()):
            waiting[kid] -= 1
            if waiting[kid] == 0:
                ready.append(kid)
    return done < len(waiting)


class Parts:
    """Connected parts, joined one edge at a time (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}
        self.size: dict[Any, int] = {}

    def find(self, x: Any) -> Any:
        parent = self.parent
        root = parent.setdefault(x, x)
        while root != parent[root]:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def join(self, a: Any, b: Any) -> bool:
        """Join the parts of ``a`` and ``b``; False when they were already one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        size = self.size
        if size.get(ra, 1) > size.get(rb, 1):  # union by size: trees stay shallow
            ra, rb = rb, ra
        self.parent[ra] = rb
        size[rb] = size.get(rb, 1) + size.get(ra, 1)
        return True

    def count(self, nodes: Iterable[Any]) -> int:
        """How many parts ``nodes`` fall into."""
        return len({self.find(x) for x in nodes})


def _cycles(graph: nx.DiGraph) -> list[list[str]]:
    import networkx as nx

    found = []
    for comp in nx.strongly_connected_components(graph):
        if len(comp) > 1:
            sub = graph.subgraph(comp)
            start = min(comp)
            cycle = [u for u, _ in nx.find_cycle(sub, start)]
            found.append([*cycle, cycle[0]])
    return sorted(found)


def _validate_groups(ped: Pedigree, by_id: Mapping[str, Individual]) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, int] = {}
    for g, group in enumerate(ped.twins):
        where = f"twins[{g}]"
        if len(group.members) < 2:
            problems.append(Problem(where, "a twin group needs at least two members"))
        missing = [m for m in group.members if m not in by_id]
        for m in missing:
            problems.append(Problem(where, f"member {m!r} is not defined"))
        for m in group.members:
            if m in owner and owner[m] != g:
                problems.append(Problem(where, f"{m!r} is also in twins[{owner[m]}]"))
            owner[m] = g
        present = [by_id[m] for m in group.members if m in by_id]
        if len(set(group.members)) != len(group.members):
            problems.append(Problem(where, "a member is listed twice"))
        if present:
            first = present[0]
            for other in present[1:]:
                if (other.mother, other.father) != (first.mother, first.father):
                    problems.append(
                        Problem(
                            where,
                            f"twins {first.id!r} and {other.id!r} do not share both parents "
                            f"(mothers {_who(first.mother)} and {_who(other.mother)}, "
                            f"fathers {_who(first.father)} and {_who(other.father)})",
                        )
                    )
                if group.zygosity is Zygosity.MZ and other.sex != first.sex:
                    problems.append(
                        Problem(
                            where,
                            f"monozygotic twins {first.id!r} and {other.id!r} differ in sex",
                        )
                    )
            if all(m.mother is None and m.father is None for m in present):
                problems.append(Problem(where, "twins need at least one parent in the pedigree"))
    for u, union in enumerate(ped.unions):
        where = f"unions[{u}]"
        if len(union.partners) != 2:
            problems.append(Problem(where, "a union needs exactly two partners"))
            continue
        a, b = union.partners
        for m in (a, b):
            if m not in by_id:
                problems.append(Problem(where, f"partner {m!r} is not defined"))
        if a == b:
            problems.append(Problem(where, "the two partners are the same person"))
    for role in ("proband", "consultand"):
        pid = getattr(ped, role)
        if pid is not None and pid not in by_id:
            problems.append(Problem(role, f"{pid!r} is not defined"))
    return problems


def _who(pid: str | None) -> str:
    return "unknown" if pid is None else repr(pid)


def graph(individuals: Sequence[Individual]) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(p.id for p in individuals)
    for p in individuals:
        for parent in (p.mother, p.father):
            if parent is not None:
                graph.add_edge(parent, p.id)
    return graph


def topological(mothers: Sequence[int], fathers: Sequence[int]) -> tuple[int, ...]:
    n = len(mothers)
    order: list[int] = []
    state = [0] * n  # 0 new, 1 done
    for start in range(n):
        if state[start]:
            continue
        stack = [start]
        while stack:
            i = stack[-1]
            pending = [p for p in (mothers[i], fathers[i]) if p >= 0 and not state[p]]
            if pending:
                stack.append(pending[0])
                continue
            stack.pop()
            if not state[i]:
                state[i] = 1
                order.append(i)
    return tuple(order)


def generations(ped: Pedigree) -> dict[str, int]:
    """Longest-path depth from the top, then pull married-in founders to their partners."""
    gen = [0] * len(ped)
    for i in ped.topological_order:
        m, f = ped.mothers[i], ped.fathers[i]
        gen[i] = max((gen[p] + 1 for p in (m, f) if p >= 0), default=0)
    # Founders who married in take their partner's row; repeat until stable so that
    # chains of married-in partners settle.
    partners: dict[int, set[int]] = {i: set() for i in range(len(ped))}
    for a, b in ped.couples():
        ia, ib = ped.index[a], ped.index[b]
        partners[ia].add(ib)
        partners[ib].add(ia)
    founders = {i for i in range(len(ped)) if ped.mothers[i] < 0 and ped.fathers[i] < 0}
    for _ in range(len(ped)):
        changed = False
        for i in founders:
            if partners[i]:
                target = max(gen[j] for j in partners[i])
                kids = [ped.index[c] for c in ped._children[i]]
                limit = min((gen[k] - 1 for k in kids), default=target)
                new = min(target, limit)
                if new > gen[i]:
                    gen[i] = new
                    changed = True
        # children must stay below their parents
        for i in ped.topological_order:
            m, f = ped.mothers[i], ped.fathers[i]
            low = max((gen[p] + 1 for p in (m, f) if p >= 0), default=gen[i])
            if low > gen[i]:
                gen[i] = low
                changed = True
        if not changed:
            break
    return {p.id: g for p, g in zip(ped.individuals, gen, strict=True)}

