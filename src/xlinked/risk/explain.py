"""Why a person's risk is what it is: :func:`explain`.

Two views, in the words a counsellor uses:

* **The Bayes table** (prior, conditional, joint, posterior), when the family
  reduces to one: when the person separates the information about their
  descendants from the rest of the family (no loop passes through them). The
  prior is their genotype probability given everything *except* what is known
  about their descendants and themselves; each further row is the probability of
  one branch of descendants' information (or of their own data) given each
  genotype. The joint is the product and the posterior the normalised joint;
  it equals the engine's answer exactly.
* **What each piece of information does**: the risk with all the information,
  and without each piece in turn (an affected status, a test result), for the
  pieces nearest the person. This works for every pedigree, loops included.

In limit mode the table's entries are leading terms in the mutation rate
(``4μ``, ``1/2``), as in the textbook: the mother of an isolated case has prior
4μ (carrier) against 1, conditional 1/2 against μ, joint 2μ against μ, posterior
2/3 against 1/3.

Examples
--------
>>> from xlinked import Individual, Pedigree
>>> from xlinked.risk import explain
>>> ped = Pedigree([
...     Individual("gm", "F"), Individual("gf", "M", affected=False),
...     Individual("mum", "F", mother="gm", father="gf", affected=False),
...     Individual("dad", "M", affected=False),
...     Individual("boy", "M", mother="mum", father="dad", affected=True),
... ])
>>> e = explain(ped, "mum", mode="limit")
>>> [str(x) for x in e.table.joint], e.posterior
(['μ', '2μ'], Fraction(2, 3))
>>> print(e)  # doctest: +ELLIPSIS
'mum' (female): carrier probability 2/3 (66.7%) [limit mutation rate -> 0]
...
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._values import shown
from ..errors import ModelError
from ..model import Pedigree, Sex
from ._arith import EXACT, FLOAT, LIMIT, Lead, limit_ratio
from ._format import percent, probability, show
from ._network import KINDS
from ._result import Value
from .engine import Engine, Mode, Piece, resolve_model
from .model import RiskModel

__all__ = ["WIDTH", "BayesTable", "EvidenceEffect", "Explanation", "cell_text", "explain",
           "relation"]

_LABELS = {
    "NN": "not a carrier", "Nd": "carrier", "dd": "two copies",
    "N": "no variant", "d": "has the variant", "M": "germline mosaic",
    "male N": "boy: no", "male d": "boy: variant", "male M": "boy: mosaic",
    "female NN": "girl: no", "female Nd": "girl: carrier",
    "female dd": "girl: 2 copies", "female M": "girl: mosaic",
}


#: Lines of an explanation's text are at most this wide.
WIDTH = 100

_MU = ("μ is the new-mutation rate (per egg or sperm, per generation); in the limit mode "
       "each entry keeps its leading term in μ, and the posterior is its limit as μ -> 0.")


def _plain(value: Any) -> Any:
    """A table entry as a plain value: a leading term in μ becomes its text (``"4μ"``)."""
    if isinstance(value, Lead):
        return value.c if value.v == 0 else str(value)
    return value


def cell_text(value: Any) -> str:
    """A Bayes table entry as text: as given when text (a leading term ``"4μ"``), else
    a probability (``"1/9"``, ``"0.1111"``)."""
    return value if isinstance(value, str) else probability(value)


@dataclass(frozen=True)
class BayesTable:
    """The classic Bayes table for one person.

    ``columns`` are genotype states; ``rows`` are (label, one value per column)
    for the conditional probabilities; ``prior``, ``joint`` and ``posterior`` have
    one value per column. Values are floats (float mode) or Fractions (exact and
    limit modes); in limit mode the prior, conditional and joint entries are
    leading terms in the mutation rate, given as text (``"4μ"``, ``"1/2"``).
    """

    columns: tuple[str, ...]
    prior_label: str
    prior: tuple[Any, ...]
    rows: tuple[tuple[str, tuple[Any, ...]], ...]
    joint: tuple[Any, ...]
    posterior: tuple[Value, ...]
    hidden: tuple[str, ...] = ()
    #: information whose probability is the same for every genotype (no effect)
    silent: tuple[str, ...] = ()

    def lines(self, width: int = WIDTH) -> list[str]:
        """The table as aligned text lines, at most ``width`` columns (long row labels
        are wrapped)."""
        body = [("Prior: " + self.prior_label, self.prior)]
        body += [("Conditional: " + label, values) for label, values in self.rows]
        body += [("Joint", self.joint), ("Posterior", self.posterior)]
        cells = [[cell_text(v) for v in values] for _, values in body]
        widths = [max(len(c), *(len(r[k]) for r in cells)) for k, c in enumerate(self.columns)]
        room = width - sum(w + 2 for w in widths)
        width0 = min(max(len(label) for label, _ in body), max(room, 24))
        out = [" " * width0 + "  " + "  ".join(c.rjust(w) for c, w in zip(
            self.columns, widths, strict=True))]
        for (label, _), row in zip(body, cells, strict=True):
            parts = textwrap.wrap(label, width0, subsequent_indent="  ") or [""]
            out += parts[:-1]
            out.append(parts[-1].ljust(width0) + "  " + "  ".join(
                c.rjust(w) for c, w in zip(row, widths, strict=True)))
        if self.hidden:
            out += _wrap(f"(not shown, impossible here: {', '.join(self.hidden)})", width)
        if self.silent:
            out += _wrap("(no effect, the same for every genotype: " + "; ".join(self.silent)
                         + ")", width)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every entry as the text shown (``"1/2"``, ``"4μ"``, ``"0.3333"``)."""
        return {
            "columns": list(self.columns),
            "prior_label": self.prior_label,
            "prior": [cell_text(v) for v in self.prior],
            "rows": [{"label": label, "values": [cell_text(v) for v in values]}
                     for label, values in self.rows],
            "joint": [cell_text(v) for v in self.joint],
            "posterior": [cell_text(v) for v in self.posterior],
            "hidden": list(self.hidden),
            "silent": list(self.silent),
        }


def _wrap(text: str, width: int, indent: str = "", more: str | None = None) -> list[str]:
    """``text`` wrapped at ``width`` (first line ``indent``, others ``more``)."""
    return textwrap.wrap(text, width, initial_indent=indent,
                         subsequent_indent=indent + "  " if more is None else more,
                         break_on_hyphens=False, break_long_words=False) or [indent]


@dataclass(frozen=True)
class EvidenceEffect:
    """The risk without one piece of information, against the risk with all of it.

    ``person`` is whose information it is, ``relation`` their relation to the person
    explained (``"own"``, ``"son"``, ``"maternal aunt"``...), ``what`` the piece
    without the person's name (``"is affected"``) and ``description`` the whole
    phrase. When the piece tells nothing the person's other pieces do not
    already tell, ``redundant_with`` names those pieces and ``without_together``
    is the risk without all of them.
    """

    person: str
    description: str
    with_it: Value
    without_it: Value
    relation: str = "relative"
    what: str = ""
    redundant_with: tuple[str, ...] = ()
    without_together: Value | None = None

    @property
    def direction(self) -> str:
        """``"raises"``, ``"lowers"``, ``"hardly changes"`` (by less than 0.01
        percentage points) or ``"does not change"``: the effect of the piece."""
        return _direction(self.with_it, self.without_it)

    def sentence(self, whose: str, style: str = "number") -> str:
        """One line in words (``style`` as for :func:`~xlinked.risk._format.show`)."""
        return self._sentence(self.description, whose, style)

    def _sentence(self, text: str, whose: str, style: str) -> str:
        if self.redundant_with and self.without_together is not None:
            together = _direction(self.with_it, self.without_together)
            verb = {"raises": "raise", "lowers": "lower"}.get(together, together)
            verb = verb.replace("changes", "change")
            others = " and ".join(f"'{w}'" for w in self.redundant_with)
            return (f"{text}: redundant with {others} (either alone tells as much); "
                    f"together they {verb} {whose} risk (without them: "
                    f"{_both(self.without_together, style)}).")
        if self.direction in ("does not change", "hardly changes"):
            return f"{text}: {self.direction} {whose} risk."
        return (f"{text}: {self.direction} {whose} risk "
                f"(without it: {_both(self.without_it, style)}).")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (probabilities as floats, exact values as strings in ``exact``)."""
        out: dict[str, Any] = {
            "person": self.person, "relation": self.relation, "what": self.what,
            "description": self.description, "direction": self.direction,
            "with_it": float(self.with_it), "without_it": float(self.without_it),
        }
        if self.redundant_with:
            out["redundant_with"] = list(self.redundant_with)
            out["without_together"] = (None if self.without_together is None
                                       else float(self.without_together))
        exact = {k: str(v) for k, v in (("with_it", self.with_it),
                                        ("without_it", self.without_it),
                                        ("without_together", self.without_together))
                 if isinstance(v, Fraction)}
        if exact:
            out["exact"] = exact
        return out


def _direction(with_it: Value, without_it: Value) -> str:
    diff = float(with_it) - float(without_it)
    if with_it == without_it or abs(diff) < 1e-12:
        return "does not change"
    if abs(diff) < 1e-4:
        return "hardly changes"
    return "raises" if diff > 0 else "lowers"


def _both(value: Value, style: str = "number") -> str:
    """``1/3, 33.3%`` (or the style asked for, with the percentage)."""
    if style == "percent":
        return percent(value)
    return f"{show(value, style)}, {percent(value)}"


_SEX_WORD = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.UNKNOWN: "sex unknown"}
_MODE_WORD = {"float": "floating point at the model's mutation rate",
              "exact": "exact fractions at the model's mutation rate",
              "limit": "limit mutation rate -> 0"}
_RISK_KEYS = ("p_carrier", "p_affected", "next_son", "next_daughter", "p_mosaic",
              "if_boy", "if_girl")


@dataclass(frozen=True)
class Explanation:
    """Why one person's risk is what it is; ``str()`` gives the counsellor's text,
    :meth:`text` the same in another presentation, :meth:`to_dict` the JSON form.

    Attributes
    ----------
    id, sex, mode
        The person and the arithmetic used.
    posterior
        P(carrier) for a woman, P(hemizygous) for a man (the mixture for
        unknown sex): the engine's ``p_carrier``.
    p_affected, next_son, next_daughter, p_mosaic, if_boy, if_girl
        The person's other risks, as in :class:`~xlinked.risk.engine.PersonRisk`
        (``None`` where they do not apply).
    table
        The Bayes table, or ``None`` when the family does not reduce to one
        (``no_table`` then says why).
    effects
        The effect of each nearby piece of information, largest first.
    considered, total_pieces
        How many pieces of information were assessed, of how many.
    number
        The person's pedigree number (``"II-3"``) when one was given, and
        ``numbers`` everyone's (id -> number), used to name people.
    """

    id: str
    sex: Sex
    mode: str
    posterior: Value
    next_son: Value | None
    table: BayesTable | None
    no_table: str | None
    effects: tuple[EvidenceEffect, ...]
    considered: int
    total_pieces: int
    p_affected: Value | None = None
    next_daughter: Value | None = None
    p_mosaic: Value | None = None
    if_boy: Value | None = None
    if_girl: Value | None = None
    numbers: Mapping[str, str] = field(default_factory=dict)

    @property
    def p_carrier(self) -> Value:
        """The same as :attr:`posterior`."""
        return self.posterior

    @property
    def number(self) -> str | None:
        """The person's pedigree number, when numbers were given."""
        return self.numbers.get(self.id)

    def name(self, pid: str) -> str:
        """How a person is named: ``'P1' (II-3)``, or ``'II-3'`` when the id is the
        number or no number is known."""
        number = self.numbers.get(pid)
        return f"{pid!r}" if number in (None, pid) else f"{pid!r} ({number})"

    def __str__(self) -> str:
        return self.text()

    def text(self, style: str = "number", width: int = WIDTH) -> str:
        """The counsellor's text, probabilities in ``style`` (``"number"``,
        ``"percent"`` or ``"one-in"``), lines at most ``width`` columns."""
        lines: list[str] = []

        def say(text: str, indent: str = "", more: str | None = None) -> None:
            lines.extend(_wrap(text, width, indent, more))

        def both(value: Value) -> str:
            return f"{show(value, style)} ({percent(value)})" if style != "percent" else (
                percent(value))

        what = {Sex.FEMALE: "carrier probability", Sex.MALE: "probability of carrying the variant",
                Sex.UNKNOWN: "probability of carrying the variant"}[self.sex]
        if self.sex is Sex.UNKNOWN and self.p_affected is not None:
            head = (f"{self.name(self.id)} ({_SEX_WORD[self.sex]}): risk of being affected "
                    f"{both(self.p_affected)} [{_MODE_WORD[self.mode]}]")
            say(head)
            detail = []
            if self.if_boy is not None:
                detail.append(f"if a boy, affected {both(self.if_boy)}")
            if self.if_girl is not None:
                detail.append(f"if a girl, a carrier {both(self.if_girl)}")
            if detail:
                say("; ".join(detail).capitalize() + f"; {what} {both(self.posterior)}.")
        else:
            say(f"{self.name(self.id)} ({_SEX_WORD[self.sex]}): {what} {both(self.posterior)} "
                f"[{_MODE_WORD[self.mode]}]")
        if self.p_mosaic is not None and self.sex is Sex.FEMALE:
            say(f"Germline mosaic (the variant in her eggs, not in her blood) with probability "
                f"{both(self.p_mosaic)}.")
        if self.next_son is not None:
            mosaic = (", germline mosaicism included: the recurrence risk"
                      if self.p_mosaic is not None else "")
            say(f"Her next son is affected with probability {both(self.next_son)}{mosaic}.")
        lines.append("")
        if self.table is not None:
            lines.append("Bayes table:")
            lines += ["  " + line for line in self.table.lines(width - 2)]
            if self.mode == "limit" and any(
                    "μ" in cell_text(v) for v in (*self.table.prior, *self.table.joint)):
                say(_MU, "  ", "  ")
        else:
            say(f"No single Bayes table: {self.no_table}")
        lines.append("")
        whose = {Sex.FEMALE: "her", Sex.MALE: "his", Sex.UNKNOWN: "the"}[self.sex]
        if self.effects:
            say(f"What each piece of information does to {whose} risk "
                f"(with everything: {show(self.posterior, style)}):")
            for person, effects in self.by_person():
                rel = effects[0].relation
                title = "Own data" if rel == "own" else f"{rel.capitalize()} {self.name(person)}"
                if len(effects) == 1:
                    e = effects[0]
                    say(e._sentence(f"{title} {e.what}" if rel != "own" else
                                    f"{title}: {e.what}", whose, style), "  - ", "    ")
                    continue
                say(f"{title}:", "  - ", "    ")
                for e in effects:
                    say(e._sentence(e.what, whose, style), "      ", "        ")
            if self.considered < self.total_pieces:
                say(f"({self.total_pieces - self.considered} more distant pieces not listed)",
                    "  ")
        else:
            lines.append("Nothing is known about the family: the risk is the population prior.")
        return "\n".join(lines)

    def by_person(self) -> list[tuple[str, list[EvidenceEffect]]]:
        """The effects grouped by whose information they are, the person with the
        largest effect first (the person's own data first among equals)."""
        groups: dict[str, list[EvidenceEffect]] = {}
        for e in self.effects:
            groups.setdefault(e.person, []).append(e)

        def size(e: EvidenceEffect) -> float:
            other = e.without_together if e.redundant_with else e.without_it
            return abs(float(e.with_it) - float(other if other is not None else e.with_it))

        return sorted(groups.items(), key=lambda g: (-max(size(e) for e in g[1]),
                                                     g[1][0].relation != "own"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``xlinked explain --format json``): the person's risks as
        floats (exact values as strings in ``exact``), the Bayes table's entries as
        text, and every effect."""
        out: dict[str, Any] = {"id": self.id}
        if self.number is not None:
            out["number"] = self.number
        out.update({"sex": self.sex.value, "mode": self.mode})
        exact: dict[str, str] = {}
        for key in _RISK_KEYS:
            value = getattr(self, key)
            if value is None and key in ("p_mosaic", "if_boy", "if_girl"):
                continue
            out[key] = None if value is None else float(value)
            if isinstance(value, Fraction):
                exact[key] = str(value)
        if exact:
            out["exact"] = exact
        out["bayes_table"] = None if self.table is None else self.table.to_dict()
        out["no_table"] = self.no_table
        out["effects"] = [e.to_dict() for e in self.effects]
        out["considered"] = self.considered
        out["total_pieces"] = self.total_pieces
        if self.numbers:
            people = {self.id, *(e.person for e in self.effects)}
            out["numbers"] = {p: self.numbers[p] for p in sorted(people) if p in self.numbers}
        return out


def explain(
    pedigree: Pedigree,
    pid: str,
    model: RiskModel | None = None,
    *,
    mode: Mode | str = "float",
    max_effects: int = 12,
    numbers: Mapping[str, str] | None = None,
) -> Explanation:
    """Explain the risk of person ``pid``: a Bayes table when the family reduces to
    one, and the effect of each nearby piece of information, person by person.

    Parameters
    ----------
    pedigree, model, mode
        As for :func:`~xlinked.risk.compute_risks`.
    pid
        The person to explain.
    max_effects
        How many pieces of information (the nearest to the person) to assess.
    numbers
        Pedigree numbers (id -> ``"II-3"``) to name people by, beside their ids.

    Raises
    ------
    UnknownIndividualError
        When ``pid`` is not in the pedigree (also a ``KeyError``).
    InconsistentEvidenceError
        When the evidence is impossible under the model.
    BudgetError
        When exact inference on the family exceeds the default memory and time
        limits (explanations are never approximate).
    """
    resolve_model(pedigree, model)
    pedigree[pid]  # noqa: B018 - raises UnknownIndividualError
    if isinstance(max_effects, bool) or not isinstance(max_effects, int) or max_effects < 0:
        raise ModelError(f"max_effects must be a whole number >= 0, got {shown(max_effects)}")
    if mode == "approximate":
        raise ModelError("explain needs exact posteriors: use mode float, exact or limit")
    engine = Engine(pedigree, model, mode, fallback=False)
    cal = engine.run()
    engine.check(cal)
    result = engine.result(cal)
    i = engine.pedigree.index[pid]
    person = result[pid]
    table, reason = _bayes_table(engine, i)
    named = _renamer(engine.pedigree, numbers or {})
    if table is not None:
        table = dataclasses.replace(
            table, rows=tuple((named(label), values) for label, values in table.rows),
            silent=tuple(named(label) for label in table.silent))
    pieces = engine.pieces()
    near = _by_distance(engine.pedigree, i, pieces)[:max_effects]
    v = engine.net.var_of[i]
    carrier = _carrier_mask(engine, v)

    def risk_without(remove: set[Piece]) -> Value:
        without = engine.posteriors(engine.run(drop=engine.dropper(remove=remove)))[v]
        return sum((p * c for p, c in zip(without, carrier, strict=True)), _zero(engine))

    effects = []
    for piece in near:
        owner = engine.pedigree.individuals[piece[0]].id
        effects.append(EvidenceEffect(
            owner, named(_describe(engine, piece, i)), person.p_carrier,
            risk_without({piece}),
            relation=relation(engine.pedigree, i, piece[0]),
            what=_what(engine, piece),
        ))
    effects = _redundancy(effects, near, person.p_carrier, risk_without)
    effects.sort(key=lambda e: -abs(float(e.with_it) - float(e.without_it)))
    return Explanation(
        id=pid, sex=person.sex, mode=engine.mode, posterior=person.p_carrier,
        next_son=person.next_son, table=table, no_table=reason, effects=tuple(effects),
        considered=len(near), total_pieces=len(pieces), p_affected=person.p_affected,
        next_daughter=person.next_daughter, p_mosaic=person.p_mosaic, if_boy=person.if_boy,
        if_girl=person.if_girl, numbers=dict(numbers or {}),
    )


def _renamer(ped: Pedigree, numbers: Mapping[str, str]) -> Any:
    """A function naming each person in a text ``'P1' (II-3)``, as the drawing numbers
    them, where the number is not the id (the identity without numbers)."""
    renames = {repr(pid): f"{pid!r} ({no})" for pid, no in numbers.items()
               if no != pid and pid in ped.index}
    if not renames:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(renames, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: renames[m.group(0)], text)


def _redundancy(effects: list[EvidenceEffect], pieces: Sequence[Piece], with_all: Value,
                risk_without: Any) -> list[EvidenceEffect]:
    """Mark the pieces that change nothing alone but do with the same person's other
    pieces (an affected boy's positive test and his status): redundant, not idle."""
    by_person: dict[str, list[int]] = {}
    for k, e in enumerate(effects):
        by_person.setdefault(e.person, []).append(k)
    out = list(effects)
    for ks in by_person.values():
        idle = [k for k in ks if effects[k].direction in ("does not change", "hardly changes")]
        if len(idle) < 2:
            continue
        together = risk_without({pieces[k] for k in idle})
        if _direction(with_all, together) in ("does not change", "hardly changes"):
            continue
        for k in idle:
            others = tuple(effects[j].what for j in idle if j != k)
            out[k] = dataclasses.replace(effects[k], redundant_with=others,
                                         without_together=together)
    return out


def _what(engine: Engine, piece: Piece) -> str:
    """A piece of evidence in words without the person's name: ``"is affected"``."""
    text = engine.describe(piece)
    name = repr(engine.pedigree.individuals[piece[0]].id) + " "
    return text[len(name):] if text.startswith(name) else text


def _zero(engine: Engine) -> Value:
    return 0.0 if engine.arith is FLOAT else Fraction(0)


def _carrier_mask(engine: Engine, v: int) -> list[int]:
    return [1 if c else 0 for c in KINDS[engine.net.kinds[v]].copies]


def _by_distance(ped: Pedigree, i: int, pieces: Sequence[Piece]) -> list[Piece]:
    """Pieces ordered by relationship distance from person ``i`` (then input order)."""
    n = len(ped)
    nbrs: list[list[int]] = [[] for _ in range(n)]
    for c in range(n):
        for p in (ped.mothers[c], ped.fathers[c]):
            if p >= 0:
                nbrs[c].append(p)
                nbrs[p].append(c)
    dist = {i: 0}
    queue = deque([i])
    while queue:
        a = queue.popleft()
        for b in nbrs[a]:
            if b not in dist:
                dist[b] = dist[a] + 1
                queue.append(b)
    far = n + 1
    return sorted(pieces, key=lambda p: (dist.get(p[0], far), p[0]))


def relation(ped: Pedigree, i: int, j: int) -> str:
    """A short word for j's relation to i, when it is close ("relative" otherwise).

    Half-siblings and the side of the family (maternal, paternal) are named,
    since in X-linked inheritance they matter.
    """
    if i == j:
        return "own"
    a, b = ped.individuals[i], ped.individuals[j]

    def word(male: str, female: str, other: str) -> str:
        return {Sex.MALE: male, Sex.FEMALE: female}.get(b.sex, other)

    def siblings(x: str | None, y: str | None) -> bool:
        if x is None or y is None or x == y:
            return False
        px, py = ped[x], ped[y]
        return (px.mother is not None and px.mother == py.mother) or (
            px.father is not None and px.father == py.father)

    def side(parent: str | None) -> str:
        return "maternal " if parent == a.mother else "paternal "

    if a.id in (b.mother, b.father):
        return word("son", "daughter", "child")
    if b.id == a.mother:
        return "mother"
    if b.id == a.father:
        return "father"
    if siblings(a.id, b.id):
        same_mother = a.mother is not None and a.mother == b.mother
        same_father = a.father is not None and a.father == b.father
        known = None not in (a.mother, a.father, b.mother, b.father)
        half = "" if not known or (same_mother and same_father) else (
            "maternal half-" if same_mother else "paternal half-")
        return half + word("brother", "sister", "sibling")
    if set(ped.children(a.id)) & set(ped.children(b.id)):
        return "partner"
    for kid in ped.children(a.id):
        if kid in (b.mother, b.father):
            return word("grandson", "granddaughter", "grandchild")
        if siblings(kid, b.id):
            return word("stepson", "stepdaughter", "stepchild")
    for parent in (a.mother, a.father):
        if parent is None:
            continue
        if b.id in (ped[parent].mother, ped[parent].father):
            return side(parent) + word("grandfather", "grandmother", "grandparent")
        if siblings(parent, b.id):
            return side(parent) + word("uncle", "aunt", "parent's sibling")
        for grand in (b.mother, b.father):
            if siblings(parent, grand):
                return side(parent) + "first cousin"
    for parent in (b.mother, b.father):
        if siblings(a.id, parent):
            return word("nephew", "niece", "sibling's child")
    return "relative"


def _describe(engine: Engine, piece: Piece, i: int) -> str:
    rel = relation(engine.pedigree, i, piece[0])
    text = engine.describe(piece)
    if rel == "own":
        return "Own data: " + text
    return f"{rel.capitalize()} {text}"


def _bayes_table(engine: Engine, i: int) -> tuple[BayesTable | None, str | None]:
    net = engine.net
    ped = engine.pedigree
    v = net.var_of[i]
    n = net.size
    adj: list[set[int]] = [set() for _ in range(n)]
    for sc in net.scopes:
        for a in sc:
            for b in sc:
                if a != b:
                    adj[a].add(b)
    comp = [-1] * n
    comp[v] = -2
    count = 0
    for start in range(n):
        if comp[start] != -1:
            continue
        comp[start] = count
        stack = [start]
        while stack:
            a = stack.pop()
            for b in adj[a]:
                if comp[b] == -1:
                    comp[b] = count
                    stack.append(b)
        count += 1
    up = {comp[x] for x in net.scopes[v][1:]}
    children = [w for w in range(n) if v in net.scopes[w][1:]]
    if any(comp[w] in up for w in children):
        return None, (
            "a loop passes through this person (the information about the descendants also "
            "reaches them through other relatives), so the family does not reduce to one "
            "table; see the effect of each piece of information below."
        )
    down: dict[int, list[int]] = {}
    for w in children:
        down.setdefault(comp[w], []).append(w)
    pieces = engine.pieces()

    def comp_of_person(j: int) -> int:
        return comp[net.var_of[j]]

    own = {p for p in pieces if net.var_of[p[0]] == v}
    up_pieces = {p for p in pieces if p not in own and comp_of_person(p[0]) not in down}
    kind = KINDS[net.kinds[v]]
    states = range(kind.size)
    arith = engine.arith

    # prior: P(genotype | information outside the descendants and the person)
    marg = engine.run(drop=engine.dropper(keep=up_pieces)).marginal_lists()[v]
    prior = _normalise_keep_order(engine, marg)

    def likelihood(keep: set[Piece], g: int) -> Any:
        cal = engine.run(drop=engine.dropper(keep=keep), clamp={v: g})
        if arith is FLOAT:
            import math

            return math.exp(cal.log_likelihood) if cal.log_likelihood > -math.inf else 0.0
        return cal.likelihood

    base = [likelihood(set(), g) for g in states]
    rows: list[tuple[str, tuple[Any, ...]]] = []
    for c, ws in down.items():
        keep = {p for p in pieces if comp_of_person(p[0]) == c}
        if not keep:
            continue
        values = []
        for g in states:
            lik = likelihood(keep, g)
            values.append(lik / base[g] if base[g] else arith.out(arith.zero))
        rows.append((_branch_label(engine, i, ws, keep), tuple(values)))
    own_lr = {p for p in own if isinstance(p[1], tuple)}
    own_other = own - own_lr
    if own_other:
        ev = [arith.out(arith.one)] * kind.size
        for j in net.members[v]:
            p = ped.individuals[j]
            keep_tests = [t for k, t in enumerate(p.tests) if (j, k) in own_other]
            affected = p.affected if (j, "status") in own_other else None
            e = engine.params.evidence(kind, affected, ped.ages[j], keep_tests)
            ev = [a * arith.out(arith.entry(b)) for a, b in zip(ev, e, strict=True)]
        descr = "; ".join(engine.describe(p) for p in sorted(own_other, key=str))
        rows.append(("own data (" + descr + ")", tuple(ev)))
    for j, (_, k) in sorted(own_lr):
        # a likelihood ratio carrier : non-carrier: its own row, as in the textbook table
        e = engine.params.evidence(kind, None, None, (), (net.ratios[j][k],))
        rows.append((engine.measurement_text(j, k),
                     tuple(arith.out(arith.entry(x)) for x in e)))
    flat = [r for r in rows if any(x != r[1][0] for x in r[1])]
    silent = tuple(label for label, values in rows if (label, values) not in flat)
    rows = flat
    joint: list[Any] = list(prior)
    for _, row_values in rows:
        joint = [a * b for a, b in zip(joint, row_values, strict=True)]
    if arith is LIMIT:
        total = Lead.ZERO
        for x in joint:
            total = total + x
        posterior: list[Value] = [limit_ratio(x, total) for x in joint]
    else:
        tot = sum(joint, arith.out(arith.zero))
        posterior = [x / tot for x in joint]
    keep_cols = [s for s in states if joint[s] or kind.labels[s] in ("NN", "Nd", "N", "d")]
    hidden = tuple(_LABELS[kind.labels[s]] for s in states if s not in keep_cols)

    def pick(seq: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(_plain(seq[s]) for s in keep_cols)

    founder = ped.mothers[i] < 0 and ped.fathers[i] < 0
    population = "population (mutation-selection equilibrium)"
    if net.reproduced[v]:
        population = (f"population, a man who fathered a child (male fitness "
                      f"{probability(engine.model.male_fitness)})")
    prior_label = (
        population if founder and not up_pieces
        else "from the relatives above and around" if up_pieces
        else "from the parents (no information about them)"
    )
    return BayesTable(
        columns=tuple(_LABELS[kind.labels[s]] for s in keep_cols),
        prior_label=prior_label,
        prior=pick(prior),
        rows=tuple((label, pick(values)) for label, values in rows),
        joint=pick(joint),
        posterior=pick(posterior),
        hidden=hidden,
        silent=silent,
    ), None


def _normalise_keep_order(engine: Engine, values: Sequence[Any]) -> list[Any]:
    """Normalise; in limit mode keep leading terms (so 4μ stays 4μ)."""
    if engine.arith is FLOAT:
        total = float(sum(values))
        return [float(x) / total for x in values]
    if engine.arith is EXACT:
        total_f = sum(values, Fraction(0))
        return [Fraction(x) / total_f for x in values]
    total_l = Lead.ZERO
    for x in values:
        total_l = total_l + x
    return [x / total_l for x in values]


def _branch_label(engine: Engine, i: int, children: list[int], keep: set[Piece]) -> str:
    net = engine.net
    ped = engine.pedigree
    kids = [ped.individuals[j] for w in children for j in net.members[w]]
    words = []
    for k in kids:
        rel = relation(ped, i, ped.index[k.id])
        words.append(f"{rel} {k.id!r}")
    people = sorted({p[0] for p in keep})
    if len(people) == 1 and ped.individuals[people[0]].id in {k.id for k in kids}:
        return "; ".join(engine.describe(p) for p in sorted(keep, key=str)).replace(
            f"{kids[0].id!r}", words[0], 1)
    names = [repr(ped.individuals[j].id) for j in people]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"the branch of {' and '.join(words)} (information on {shown})"

