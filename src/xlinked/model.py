"""The pedigree: people, their parents, and what is known about them.

A :class:`Pedigree` is immutable and is validated once, when it is built: code
that receives one may assume every parent exists, mothers are female, fathers
male, nobody is their own ancestor, and twins share their parents. Build one from
:class:`Individual` objects (or read a file with :func:`xlinked.read`); to change
it, build a new one (``pedigree.replace(...)`` or :meth:`Pedigree.with_child`).

User ids are strings and appear in every message. Algorithms work on integer
indices: ``pedigree.index[id]`` gives a person's position in
``pedigree.individuals`` (the input order, which is also the sibling order for
drawing), and ``pedigree.mothers`` / ``pedigree.fathers`` hold parents' indices
(``-1`` when the parent is not in the pedigree).

Examples
--------
>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([
...     Individual("mum", "F"),
...     Individual("dad", "M"),
...     Individual("son", "M", mother="mum", father="dad", affected=True),
... ], proband="son")
>>> len(ped), ped["son"].affected, ped.founders()
(3, True, ('mum', 'dad'))
>>> ped.children("mum")
('son',)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import _values
from ._evidence import (
    GeneticTest,
    Measurement,
    MeasurementKind,
    Pregnancy,
    PregnancyOutcome,
    TestResult,
    parse_choice,
)
from ._evidence import coerce as _coerce
from ._evidence import one_problem as _one_problem
from .errors import PedigreeError, Problem, UnknownIndividualError

if TYPE_CHECKING:
    import networkx as nx

    from .risk.model import RiskModel

__all__ = [
    "Adoption",
    "Childless",
    "Condition",
    "GeneticTest",
    "Individual",
    "Measurement",
    "MeasurementKind",
    "Pedigree",
    "Pregnancy",
    "PregnancyOutcome",
    "Sex",
    "TestResult",
    "TwinGroup",
    "Union",
    "Zygosity",
]


class Sex(StrEnum):
    """Sex at birth (karyotype) for the genetics, or gender for the drawn shape."""

    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"

    @classmethod
    def parse(cls, value: Any) -> Sex:
        """``M``/``F``/``U`` or ``male``/``female``/``unknown``, any case."""
        if isinstance(value, Sex):
            return value
        if isinstance(value, str):
            found = _SEX_BY_NAME.get(value.strip().lower())
            if found is not None:
                return found
        raise ValueError(f"must be M, F or U (male, female, unknown), got {_values.shown(value)}")


_SEX_NAMES = {
    Sex.MALE: ("m", "male"),
    Sex.FEMALE: ("f", "female"),
    Sex.UNKNOWN: ("u", "unknown"),
}
_SEX_BY_NAME = {name: sex for sex, names in _SEX_NAMES.items() for name in names}


class Zygosity(StrEnum):
    """Twin zygosity: monozygotic, dizygotic, or not known."""

    MZ = "MZ"
    DZ = "DZ"
    UNKNOWN = "unknown"


class Childless(StrEnum):
    """Why a couple has no children (NSGC: one bar, or two bars for infertility)."""

    CHOICE = "choice"
    INFERTILITY = "infertility"


class Adoption(StrEnum):
    """Adopted into this family, or adopted out of it (drawing only)."""

    IN = "in"
    OUT = "out"


@dataclass(frozen=True, slots=True)
class Individual:
    """One person (or pregnancy) in a pedigree.

    Only ``id`` and ``sex`` are required. ``sex`` is sex at birth (karyotype),
    which the genetics uses; ``gender``, when given, sets the drawn shape
    (NSGC 2022). ``affected`` is ``True``, ``False`` or ``None`` (unknown). A
    missing ``mother`` or ``father`` is an implied founder of that sex.
    ``evaluated`` marks a documented evaluation (records examined: ``*``).

    >>> Individual("II-1", "male", mother="I-2", affected=True).sex
    <Sex.MALE: 'M'>
    """

    id: str
    sex: Sex
    mother: str | None = None
    father: str | None = None
    affected: bool | None = None
    _: dataclasses.KW_ONLY
    gender: Sex | None = None
    deceased: bool = False
    age: float | None = None
    birth_year: int | None = None
    onset_age: float | None = None
    tests: tuple[GeneticTest, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    pregnancy: Pregnancy | None = None
    hypothetical: bool = False
    evaluated: bool = False
    adopted: Adoption | None = None
    features: tuple[str, ...] = ()
    label: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []  # their place, named at the end (the id is unchanged)

        def check(name: str, parse: Any) -> None:
            try:
                _coerce(self, name, parse)
            except ValueError as exc:
                problems.append(str(exc))

        # Values already of their type (a Sex, a bool, an empty tuple) are what their
        # parser would return unchanged: skipped, as they are most of a big file.
        check("id", _values.identifier)
        if type(self.sex) is not Sex:
            check("sex", Sex.parse)
        if self.mother is not None:
            check("mother", _values.identifier)
        if self.father is not None:
            check("father", _values.identifier)
        if self.affected is not None and type(self.affected) is not bool:
            check("affected", _values.optional_flag)
        if self.gender is not None and type(self.gender) is not Sex:
            check("gender", Sex.parse)
        for name in ("deceased", "hypothetical", "evaluated"):
            if type(getattr(self, name)) is not bool:
                check(name, _values.flag)
        if self.age is not None:
            check("age", _values.age)
        if self.onset_age is not None:
            check("onset_age", _values.age)
        if self.birth_year is not None:
            check("birth_year", _values.birth_year)
        if self.tests != () or type(self.tests) is not tuple:
            check("tests", _tests)
        if self.measurements != () or type(self.measurements) is not tuple:
            check("measurements", _measurements)
        if self.pregnancy is not None and not isinstance(self.pregnancy, Pregnancy):
            problems.append("pregnancy must be a Pregnancy")
        if self.adopted is not None:
            check("adopted", lambda v: parse_choice(Adoption, v))
        if self.features != () or type(self.features) is not tuple:
            check("features", lambda v: tuple(_values.text(x) for x in _sequence(v)))
        if self.label is not None:
            check("label", _values.text)
        if self.note is not None:
            check("note", _values.note)
        if problems:
            where = f"individual {self.id!r}"
            raise PedigreeError([Problem(where, message) for message in problems])

    @property
    def shape(self) -> Sex:
        """The drawn shape: gender when given, else sex."""
        return self.gender or self.sex

    @property
    def display(self) -> str:
        """The label shown for this person: ``label`` or the id."""
        return self.label or self.id

    def replace(self, **changes: Any) -> Individual:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def _tests(value: Any) -> tuple[GeneticTest, ...]:
    if isinstance(value, GeneticTest):
        return (value,)
    items = _sequence(value)
    if not all(isinstance(t, GeneticTest) for t in items):
        raise ValueError("must be a list of GeneticTest")
    return items


def _sequence(value: Any) -> tuple[Any, ...]:
    """Any iterable but text and mappings, as a tuple."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ValueError(f"must be a list, got {_values.shown(value)}")
    return tuple(value)


def _measurements(value: Any) -> tuple[Measurement, ...]:
    if isinstance(value, Measurement):
        return (value,)
    items = _sequence(value)
    if not all(isinstance(t, Measurement) for t in items):
        raise ValueError("must be a list of Measurement")
    return items


@dataclass(frozen=True, slots=True)
class TwinGroup:
    """Two or more twins (or triplets...) born of one pregnancy."""

    members: tuple[str, ...]
    zygosity: Zygosity = Zygosity.UNKNOWN

    def __post_init__(self) -> None:
        with _one_problem():
            _coerce(self, "members",
                    lambda v: tuple(_values.identifier(m) for m in _sequence(v)))
            _coerce(self, "zygosity", lambda v: parse_choice(Zygosity, v))


@dataclass(frozen=True, slots=True)
class Union:
    """A couple: needed only for childless or annotated couples.

    ``consanguineous`` is ``None`` when it should be worked out from shared
    ancestors; ``separated`` draws the relationship line broken; ``childless``
    says why the couple has no children (``choice`` or ``infertility``).
    """

    partners: tuple[str, str]
    consanguineous: bool | None = None
    separated: bool = False
    childless: Childless | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        with _one_problem():
            _coerce(self, "partners",
                    lambda v: tuple(_values.identifier(m) for m in _sequence(v)))
            _coerce(self, "consanguineous", _values.optional_flag)
            _coerce(self, "separated", _values.flag)
            if self.childless is not None:
                _coerce(self, "childless", lambda v: parse_choice(Childless, v))
            if self.note is not None:
                _coerce(self, "note", _values.note)


@dataclass(frozen=True, slots=True)
class Condition:
    """The condition studied in this family."""

    name: str = "IPEX syndrome"
    gene: str | None = "FOXP3"
    inheritance: str = "XLR"

    def __post_init__(self) -> None:
        with _one_problem():
            _coerce(self, "name", _values.text)
            if self.gene is not None:
                _coerce(self, "gene", _values.text)
            if self.inheritance != "XLR":
                raise ValueError(f"inheritance must be XLR (X-linked recessive), "
                                 f"got {_values.shown(self.inheritance)}")


@dataclass(frozen=True, eq=False)
class Pedigree:
    """An immutable, validated pedigree.

    Parameters
    ----------
    individuals
        The people, in the order that sets sibling order for drawing.
    twins, unions
        Twin groups and explicit couples.
    proband, consultand
        Ids of the index case and of the person asking, if any.
    family, condition
        A family id and the condition studied.
    model
        The risk model stated in the file (``None``: the default model).
    extensions
        Other tools' data, kept verbatim for a lossless round trip.
    date
        The date the information was recorded (an ISO date or a
        :class:`datetime.date`): the reference for turning ``birth_year`` into
        an age (``None``: today).

    Raises
    ------
    PedigreeError
        With every problem found, when the data do not make a valid pedigree.
    """

    individuals: Sequence[Individual]
    twins: Sequence[TwinGroup] = ()
    unions: Sequence[Union] = ()
    proband: str | None = None
    consultand: str | None = None
    family: str | None = None
    condition: Condition | None = None
    model: RiskModel | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)
    date: _dt.date | None = None

    def __post_init__(self) -> None:
        problems = _checks.fields(self)
        if self.date is not None:
            try:
                object.__setattr__(self, "date", parse_date(self.date))
            except ValueError as exc:
                problems.append(Problem("date", str(exc)))
        if not problems:
            problems = _checks.validate(self)
        if problems:
            raise PedigreeError(problems)

    # -- identity --------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pedigree):
            return NotImplemented
        return all(
            getattr(self, f.name) == getattr(other, f.name)
            for f in dataclasses.fields(self)
            if f.name != "extensions"
        ) and dict(self.extensions) == dict(other.extensions)

    __hash__ = None  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.individuals)

    def __iter__(self) -> Iterator[Individual]:
        return iter(self.individuals)

    def __contains__(self, pid: object) -> bool:
        return pid in self.index

    def __getitem__(self, pid: str) -> Individual:
        return self.individuals[self._at(pid)]

    def _at(self, pid: str) -> int:
        """The index of ``pid``, or :class:`UnknownIndividualError`."""
        try:
            return self.index[pid]
        except (KeyError, TypeError):
            raise UnknownIndividualError(pid, self.ids) from None

    def __repr__(self) -> str:
        return f"<Pedigree of {len(self.individuals)} individuals>"

    def replace(self, **changes: Any) -> Pedigree:
        """A new, validated pedigree with some fields changed."""
        return dataclasses.replace(self, **changes)

    # -- indices ---------------------------------------------------------

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Ids in input order."""
        return tuple(p.id for p in self.individuals)

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Id -> position in :attr:`individuals`."""
        return MappingProxyType({p.id: i for i, p in enumerate(self.individuals)})

    @cached_property
    def mothers(self) -> tuple[int, ...]:
        """Index of each person's mother, -1 when not in the pedigree."""
        return tuple(self.index[p.mother] if p.mother else -1 for p in self.individuals)

    @cached_property
    def fathers(self) -> tuple[int, ...]:
        """Index of each person's father, -1 when not in the pedigree."""
        return tuple(self.index[p.father] if p.father else -1 for p in self.individuals)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """A directed graph parent -> child on ids (networkx; do not modify it)."""
        return _checks.graph(self.individuals)

    @property
    def reference_date(self) -> _dt.date:
        """The date ages are counted to: :attr:`date`, or today."""
        return self.date or _dt.date.today()

    @cached_property
    def ages(self) -> tuple[float | None, ...]:
        """Each person's age in years for the risk model, by index.

        ``age`` when given; else, for a living person with a ``birth_year``, the
        year of :attr:`reference_date` minus the birth year (in whole years; a
        birth year after the reference year gives no age); 0 for a pregnancy,
        ongoing or lost, without an age; else ``None`` (unknown).

        >>> ped = Pedigree([Individual("a", "F", birth_year=2000),
        ...                 Individual("b", "M", birth_year=1990, deceased=True)],
        ...                date="2025-06-30")
        >>> ped.ages
        (25, None)
        """
        year = self.reference_date.year
        out: list[float | None] = []
        for p in self.individuals:
            if p.age is not None:
                out.append(p.age)
            elif p.pregnancy is not None:
                out.append(0)
            elif p.birth_year is not None and not p.deceased and p.birth_year <= year:
                out.append(year - p.birth_year)
            else:
                out.append(None)
        return tuple(out)

    @cached_property
    def topological_order(self) -> tuple[int, ...]:
        """Indices with every parent before their children (stable in input order)."""
        return _checks.topological(self.mothers, self.fathers)

    # -- queries ---------------------------------------------------------

    def founders(self) -> tuple[str, ...]:
        """People with neither parent in the pedigree."""
        return tuple(p.id for p in self.individuals if p.mother is None and p.father is None)

    def parents(self, pid: str) -> tuple[str, ...]:
        """The parents of ``pid`` that are in the pedigree (mother first)."""
        p = self[pid]
        return tuple(x for x in (p.mother, p.father) if x is not None)

    def children(self, pid: str) -> tuple[str, ...]:
        """Children of ``pid``, in input order."""
        return self._children[self._at(pid)]

    @cached_property
    def _children(self) -> tuple[tuple[str, ...], ...]:
        kids: list[list[str]] = [[] for _ in self.individuals]
        for p, m, f in zip(self.individuals, self.mothers, self.fathers, strict=True):
            for parent in (m, f):
                if parent >= 0:
                    kids[parent].append(p.id)
        return tuple(tuple(k) for k in kids)

    def ancestors(self, pid: str) -> set[str]:
        """Everyone ``pid`` descends from."""
        return self._reach(pid, lambda i: (self.mothers[i], self.fathers[i]))

    def descendants(self, pid: str) -> set[str]:
        """Everyone who descends from ``pid``."""
        return self._reach(pid, lambda i: (self.index[c] for c in self._children[i]))

    def _reach(self, pid: str, step: Callable[[int], Iterable[int]]) -> set[str]:
        """The ids reached from ``pid`` by ``step`` (index -> next indices), not ``pid``."""
        start = self._at(pid)
        seen = {start}
        todo = [start]
        while todo:
            for j in step(todo.pop()):
                if j >= 0 and j not in seen:
                    seen.add(j)
                    todo.append(j)
        seen.discard(start)
        return {self.individuals[j].id for j in seen}

    def partners(self, pid: str) -> tuple[str, ...]:
        """Partners of ``pid``: co-parents of their children and explicit unions."""
        return tuple(b for a, b in self.couples() if a == pid) + tuple(
            a for a, b in self.couples() if b == pid
        )

    def couples(self) -> tuple[tuple[str, str], ...]:
        """Every couple (from shared children or from ``unions``), each once, in
        order of first appearance; the pair is sorted as it first appeared."""
        return self._couples

    @cached_property
    def _couples(self) -> tuple[tuple[str, str], ...]:
        seen: dict[frozenset[str], tuple[str, str]] = {}
        for p in self.individuals:
            if p.mother and p.father:
                seen.setdefault(frozenset((p.mother, p.father)), (p.father, p.mother))
        for u in self.unions:
            seen.setdefault(frozenset(u.partners), (u.partners[0], u.partners[1]))
        return tuple(seen.values())

    def is_consanguineous(self, a: str, b: str) -> bool:
        """True when the couple share an ancestor, or a union says so."""
        self._at(a), self._at(b)
        for u in self.unions:
            if set(u.partners) == {a, b} and u.consanguineous is not None:
                return u.consanguineous
        return bool((self.ancestors(a) | {a}) & (self.ancestors(b) | {b}))

    @cached_property
    def has_loops(self) -> bool:
        """True when the pedigree has a marriage or inbreeding loop."""
        # each nuclear family is a node joining parents to child: a loop is a cycle
        edges: set[tuple[Any, Any]] = set()
        for i, (m, f) in enumerate(zip(self.mothers, self.fathers, strict=True)):
            fam = ("fam", m, f)
            if m >= 0 or f >= 0:
                edges.add((i, fam))
                edges.update((parent, fam) for parent in (m, f) if parent >= 0)
        parts = _checks.Parts()
        return any(not parts.join(a, b) for a, b in edges)

    def generations(self) -> dict[str, int]:
        """Generation of each person for drawing (0 = top).

        A child is one below the lower of their parents; people who married in
        are placed on the row of their partner.
        """
        return _checks.generations(self)

    def twin_group(self, pid: str) -> TwinGroup | None:
        """The twin group ``pid`` belongs to, if any."""
        self._at(pid)
        for group in self.twins:
            if pid in group.members:
                return group
        return None

    # -- changing people (each returns a new, validated pedigree) ---------------

    def with_individual(self, individual: Individual) -> Pedigree:
        """A copy with ``individual`` added (after everyone else).

        >>> ped = Pedigree([Individual("mum", "F")])
        >>> ped.with_individual(Individual("son", "M", mother="mum")).children("mum")
        ('son',)
        """
        return self.replace(individuals=(*self.individuals, individual))

    def with_replaced(self, pid: str, **changes: Any) -> Pedigree:
        """A copy with some fields of person ``pid`` changed (``affected=True``, ...).

        A new ``id`` is followed everywhere: parents of children, twins, unions,
        proband and consultand.

        >>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")])
        >>> ped.with_replaced("son", affected=True)["son"].affected
        True
        >>> ped.with_replaced("mum", id="II-2")["son"].mother
        'II-2'
        """
        old = self[pid]
        person = old.replace(**changes)
        people = [person if p is old else p for p in self.individuals]
        if person.id == pid:
            return self.replace(individuals=tuple(people))
        return self._renamed(people, {pid: person.id})

    def without(self, pid: str) -> Pedigree:
        """A copy without person ``pid``: their children lose that parent, twin groups
        and unions lose them (a group or union left with one person goes), and a
        proband or consultand who was them is no longer set.

        >>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")])
        >>> ped.without("mum")["son"].mother is None
        True
        """
        self._at(pid)
        people = [p.replace(mother=None if p.mother == pid else p.mother,
                            father=None if p.father == pid else p.father)
                  for p in self.individuals if p.id != pid]
        return self._renamed(people, {pid: None})

    def _renamed(self, people: Sequence[Individual], names: Mapping[str, str | None]) -> Pedigree:
        """``people`` with parents, twins, unions, proband and consultand renamed by
        ``names`` (``None``: removed)."""
        def new(x: str | None) -> str | None:
            return names.get(x, x) if x is not None else None

        people = [p.replace(mother=new(p.mother), father=new(p.father)) for p in people]
        twins = []
        for group in self.twins:
            members = tuple(m for m in (new(x) for x in group.members) if m is not None)
            if len(members) >= 2:
                twins.append(dataclasses.replace(group, members=members))
        unions = []
        for union in self.unions:
            a, b = (new(x) for x in union.partners)
            if a is not None and b is not None:
                unions.append(dataclasses.replace(union, partners=(a, b)))
        return self.replace(individuals=tuple(people), twins=tuple(twins), unions=tuple(unions),
                            proband=new(self.proband), consultand=new(self.consultand))

    def with_child(
        self,
        mother: str | None,
        father: str | None = None,
        sex: Sex | str = Sex.UNKNOWN,
        *,
        id: str | None = None,
    ) -> tuple[Pedigree, str]:
        """A copy with one hypothetical future child added; returns (pedigree, id).

        The child carries no evidence: it changes nobody's risk, and its own
        risks are those of the couple's next child (what ``compute_risks(...,
        children=...)`` adds). Its id is ``"<mother>:next-son"`` (``-daughter``,
        ``-child`` for unknown sex; ``-2``, ``-3``... when taken) unless ``id`` is
        given. ``mother`` or ``father`` may be ``None`` (a partner from the
        population). An unknown parent raises :class:`UnknownIndividualError`.

        >>> ped = Pedigree([Individual("mum", "F")])
        >>> bigger, kid = ped.with_child("mum", sex="M")
        >>> kid, bigger[kid].hypothetical
        ('mum:next-son', True)
        """
        with _one_problem():
            sex = Sex.parse(sex)
            if id is not None:
                _values.identifier(id)
        for role, pid in (("mother", mother), ("father", father)):
            if isinstance(pid, str) and pid not in self.index:
                raise UnknownIndividualError(pid, self.ids, where=f"hypothetical child: {role}")
        word = {Sex.MALE: "son", Sex.FEMALE: "daughter", Sex.UNKNOWN: "child"}[sex]
        base = id or f"{mother or father}:next-{word}"
        new_id, n = base, 1
        while new_id in self.index:
            n += 1
            new_id = f"{base}-{n}"
        child = Individual(new_id, sex, mother=mother, father=father, hypothetical=True)
        return self.replace(individuals=(*self.individuals, child)), new_id

    def with_children(
        self, children: Iterable[tuple[str | None, str | None, Sex | str]]
    ) -> Pedigree:
        """A copy with hypothetical children ``(mother, father, sex)`` added, one by one
        with :meth:`with_child`: the ids are those ``compute_risks(...,
        children=children)`` gives them.

        >>> ped = Pedigree([Individual("mum", "F")])
        >>> ped.with_children([("mum", None, "M"), ("mum", None, "M")]).ids[1:]
        ('mum:next-son', 'mum:next-son-2')
        """
        ped = self
        for mother, father, sex in children:
            ped = ped.with_child(mother, father, sex)[0]
        return ped


def parse_date(value: Any) -> _dt.date:
    """A calendar date from a :class:`datetime.date` or an ISO string ``YYYY-MM-DD``.

    >>> parse_date("2025-01-31")
    datetime.date(2025, 1, 31)
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date written YYYY-MM-DD, got {value!r}")


# The checks of a whole pedigree and the graph helpers behind its methods live in their own
# module, which imports the classes above (so it is imported after them).
from . import _pedigree_checks as _checks  # noqa: E402
