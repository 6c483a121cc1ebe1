"""What is written and marked for each person: pure data, no geometry, no matplotlib.

This module decides the symbol (:class:`Marks`: shape, fill, carrier dot, arrows,
pregnancy, quadrants) and the text lines under it (age, tests, risk). Obligate
carriers are decided in one place, :func:`obligate_carriers`.

>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("gf", "M", affected=True),
...                 Individual("mum", "F", father="gf", age=31)])
>>> sorted(obligate_carriers(ped))
['mum']
>>> format_probability(Fraction(1, 4)), format_probability(0.031)
('1/4', '3.1%')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import _values
from ..errors import XlinkedError
from ..model import Individual, Pedigree, Sex, TestResult

__all__ = [
    "IPEX_FEATURES",
    "Marks",
    "Risk",
    "RiskInput",
    "annotate",
    "format_probability",
    "obligate_carriers",
    "risk_values",
    "small_risks_hidden",
]

#: Risks given to the drawing: a ``RiskResult`` or any mapping id -> entry, where an
#: entry has ``p_carrier`` / ``p_affected`` (attributes or keys) or is a number.
RiskInput = Any

Risk = float | Fraction

#: The four clinical features drawn as quadrants for IPEX: (name, HPO terms, words).
#: Quadrants go upper-left, upper-right, lower-right, lower-left.
IPEX_FEATURES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("enteropathy", frozenset({"HP:0002024", "HP:0002028", "HP:0002242", "HP:0002014"}),
     frozenset({"enteropathy", "autoimmune enteropathy", "diarrhea", "diarrhoea",
                "malabsorption"})),
    ("type 1 diabetes", frozenset({"HP:0100651", "HP:0000819"}),
     frozenset({"type 1 diabetes", "diabetes", "t1d", "neonatal diabetes"})),
    ("dermatitis", frozenset({"HP:0000964", "HP:0011123", "HP:0000988"}),
     frozenset({"dermatitis", "eczema"})),
    ("thyroiditis", frozenset({"HP:0100646", "HP:0000872", "HP:0000821"}),
     frozenset({"thyroiditis", "autoimmune thyroiditis", "hypothyroidism"})),
)

_ROMAN_ID = re.compile(r"^[IVXLC]+[-:.]\d+$")


@dataclass(frozen=True, slots=True)
class Marks:
    """How one person's symbol is drawn (NSGC 2022)."""

    shape: str  # "square", "circle" or "diamond" (from gender, else sex)
    affected: bool | None  # filled / empty / "?"
    carrier: bool = False  # centre dot
    obligate: bool = False  # the dot is an obligate carrier's
    deceased: bool = False  # slash
    proband: bool = False  # arrow with P
    consultand: bool = False  # arrow without P
    pregnancy: str | None = None  # "ongoing", "miscarriage", "termination", "stillbirth", "ectopic"
    adopted: str | None = None  # "in" or "out": brackets
    features: tuple[bool, bool, bool, bool] = (False, False, False, False)
    hypothetical: bool = False  # a future child: drawn dashed
    presymptomatic: bool = False  # vertical line: carries the variant, not affected (yet)
    evaluated: bool = False  # asterisk: documented evaluation

    @property
    def small(self) -> bool:
        """Drawn as a small triangle (pregnancy loss)."""
        return self.pregnancy in ("miscarriage", "termination", "ectopic")


def risk_values(risks: RiskInput, pid: str) -> tuple[Risk | None, Risk | None]:
    """``(p_carrier, p_affected)`` for ``pid`` from any accepted risk input."""
    if risks is None:
        return None, None
    try:
        entry = risks[pid]
    except (KeyError, IndexError, TypeError):
        return None, None
    if isinstance(entry, int | float | Fraction):
        return _risk(entry, pid), _risk(entry, pid)
    if isinstance(entry, Mapping):
        return _risk(entry.get("p_carrier"), pid), _risk(entry.get("p_affected"), pid)
    return (_risk(getattr(entry, "p_carrier", None), pid),
            _risk(getattr(entry, "p_affected", None), pid))


def _risk(value: Any, pid: str) -> Risk | None:
    """A risk to draw: a probability, or an XlinkedError naming the person."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction) or not (
            0 <= value <= 1):
        raise XlinkedError(f"risks: the risk of {pid!r} must be a probability, "
                           f"got {_values.shown(value)}")
    return value


def format_probability(p: Risk) -> str:
    """A probability as a short fraction (exact input) or a percentage (float)."""
    if isinstance(p, Fraction) and p.denominator <= 1000:
        return str(p)
    x = float(p)
    pct = 100 * x
    if x <= 0:
        return "0"
    if x >= 1:
        return "1"
    if pct >= 99.95:
        return ">99.9%"
    if pct >= 10:
        return f"{pct:.0f}%"
    if pct >= 1:
        return f"{pct:.1f}%"
    if pct >= 0.1:
        return f"{pct:.2f}%"
    return "<0.1%"


def _positive(ind: Individual) -> bool:
    return any(t.result is TestResult.POSITIVE for t in ind.tests)


def obligate_carriers(pedigree: Pedigree, risks: RiskInput = None) -> frozenset[str]:
    """Women the pedigree proves to be carriers (without a test of their own).

    With risks computed in limit mode (``mode == "limit"``), these are the women
    whose carrier probability is exactly 1. Otherwise they are derived from the
    structure: the daughter of an affected man, and a woman through whom the
    variant must have passed because known carriers (affected men, people with a
    positive test) are reached along two of her lines: through two of her
    children, or through a child and through her mother.
    """
    women = [p for p in pedigree if p.sex is Sex.FEMALE and p.affected is not True]
    if risks is not None and getattr(risks, "mode", None) == "limit":
        found = set()
        for p in women:
            pc, _ = risk_values(risks, p.id)
            if pc is not None and pc == 1 and not _positive(p):
                found.add(p.id)
        return frozenset(found)

    known = {p.id for p in pedigree if _positive(p)}
    known |= {p.id for p in pedigree if p.sex is Sex.MALE and p.affected is True}
    down_memo: dict[str, bool] = {}
    up_memo: dict[str, bool] = {}

    def down(pid: str) -> bool:
        """A known carrier at or below ``pid`` along a line the variant passes through."""
        if pid not in down_memo:
            p = pedigree[pid]
            down_memo[pid] = pid in known or (
                p.sex is Sex.FEMALE and any(down(c) for c in pedigree.children(pid)))
        return down_memo[pid]

    def up(pid: str) -> bool:
        """A known carrier reached through ``pid``'s mother (not through ``pid``)."""
        if pid not in up_memo:
            mum = pedigree[pid].mother
            up_memo[pid] = mum is not None and (
                mum in known
                or any(down(c) for c in pedigree.children(mum) if c != pid)
                or up(mum))
        return up_memo[pid]

    found = set()
    for p in women:
        if _positive(p):
            continue
        father = pedigree[p.father] if p.father else None
        if father is not None and father.affected is True:
            found.add(p.id)
            continue
        lines = sum(1 for c in pedigree.children(p.id) if down(c)) + (1 if up(p.id) else 0)
        if lines >= 2:
            found.add(p.id)
    return frozenset(found)


def _shape(ind: Individual) -> str:
    return {Sex.MALE: "square", Sex.FEMALE: "circle", Sex.UNKNOWN: "diamond"}[ind.shape]


def _features(ind: Individual) -> tuple[bool, bool, bool, bool]:
    terms = {f.strip() for f in ind.features}
    lower = {t.lower() for t in terms}
    a, b, c, d = (bool(terms & hpo or lower & words) for _, hpo, words in IPEX_FEATURES)
    return (a, b, c, d)


def _years(age: float) -> str:
    if age >= 2:
        return f"{int(age)}y"
    months = age * 12
    if months >= 1:
        return f"{round(months)} mo"
    return f"{max(1, round(age * 52))} wk"


def _age_line(ind: Individual, anonymise: bool) -> str | None:
    preg = ind.pregnancy
    if preg is not None:
        weeks = f"{preg.weeks:g} wk" if preg.weeks is not None else ""
        tag = {None: "", "miscarriage": "SAB", "termination": "TOP", "stillbirth": "SB",
               "ectopic": "ECT"}[preg.outcome.value if preg.outcome else None]
        return " ".join(x for x in (tag, weeks) if x) or None
    if ind.deceased:
        if ind.age is not None:
            return f"d. {_years(ind.age)}"
        return "d." if anonymise or ind.birth_year is None else f"b. {ind.birth_year}, d."
    if ind.age is not None:
        return _years(ind.age)
    if ind.birth_year is not None and not anonymise:
        return f"b. {ind.birth_year}"
    return None


def _test_lines(ind: Individual) -> list[str]:
    lines = []
    for t in ind.tests:
        sign = {TestResult.POSITIVE: "E+", TestResult.NEGATIVE: "E\u2212",
                TestResult.INCONCLUSIVE: "Eu"}[t.result]
        extra = ""
        if t.result is TestResult.POSITIVE and t.variant:
            extra = f" {t.variant}"
        elif t.result is TestResult.NEGATIVE and t.sensitivity < 1:
            extra = f" (sens. {format_probability(float(t.sensitivity))})"
        lines.append(sign + extra)
    for m in ind.measurements:
        value = _values.format_fraction(m.value)
        if m.analyte is None:
            lines.append(f"LR {value}")
        else:
            unit = "" if m.unit in (None, "ratio") else f" {m.unit}"
            name = m.analyte.upper() if len(m.analyte) <= 4 else m.analyte
            lines.append(f"{name} = {value}{unit}")
    return lines


#: Risks below this are not written under a person (except the consultand, a
#: pregnancy, a future child); the legend says so.
SMALLEST_SHOWN = 0.001


def _extra(risks: RiskInput, pid: str, key: str) -> Risk | None:
    """Another value of a risk entry (``p_mosaic``, ``next_son``, ``if_boy``...)."""
    if risks is None:
        return None
    try:
        entry = risks[pid]
    except (KeyError, IndexError, TypeError):
        return None
    value = entry.get(key) if isinstance(entry, Mapping) else getattr(entry, key, None)
    return None if value is None else _risk(value, pid)


def _more_lines(ind: Individual, risks: RiskInput, consultand: bool = False) -> list[str]:
    """If a boy / if a girl for unknown sex; germline mosaicism and the recurrence
    risk (next son) where the model has mosaicism; the consultand's next son always
    (the question she came with)."""
    out = []
    show_son = consultand
    boy, girl = _extra(risks, ind.id, "if_boy"), _extra(risks, ind.id, "if_girl")
    if ind.sex is Sex.UNKNOWN and boy is not None and girl is not None and (
            ind.affected is not True):
        out += [f"boy: affected {format_probability(boy)}",
                f"girl: carrier {format_probability(girl)}"]
    mosaic = _extra(risks, ind.id, "p_mosaic")
    if mosaic is not None and mosaic >= SMALLEST_SHOWN and ind.affected is not True:
        out.append(f"mosaic {format_probability(mosaic)}")
        show_son = True  # the recurrence differs from half her carrier risk: say it
    son = _extra(risks, ind.id, "next_son")
    if show_son and son is not None and ind.sex is Sex.FEMALE and ind.affected is not True:
        out.append(f"next son {format_probability(son)}")
    return out


def small_risks_hidden(pedigree: Pedigree, risks: RiskInput) -> bool:
    """True when someone's risk is below :data:`SMALLEST_SHOWN` and not written."""
    if risks is None:
        return False
    obligate = obligate_carriers(pedigree, risks)
    for ind in pedigree:
        marks = Marks(shape="circle", affected=ind.affected, obligate=ind.id in obligate)
        p_carrier, p_affected = risk_values(risks, ind.id)
        value = p_carrier if ind.sex is Sex.FEMALE and ind.pregnancy is None else p_affected
        if (value is not None and 0 < value < SMALLEST_SHOWN
                and _risk_line(ind, marks, risks, pedigree) is None):
            return True
    return False


def _risk_line(ind: Individual, marks: Marks, risks: RiskInput, pedigree: Pedigree) -> str | None:
    p_carrier, p_affected = risk_values(risks, ind.id)
    always = ind.id == pedigree.consultand or ind.pregnancy is not None or ind.hypothetical
    if ind.pregnancy is not None and not ind.pregnancy.ongoing:
        return None
    if ind.sex is Sex.FEMALE and ind.pregnancy is None and ind.affected is not True:
        if p_carrier is None or marks.obligate:
            return None
        if p_carrier >= 1:
            return "carrier" if not _positive(ind) else None
        if p_carrier < SMALLEST_SHOWN and not always:
            return None
        return f"carrier {format_probability(p_carrier)}"
    if ind.affected is True or p_affected is None:
        return None
    if p_affected < SMALLEST_SHOWN and not always:
        return None
    return f"affected {format_probability(p_affected)}"


def annotate(
    pedigree: Pedigree,
    *,
    risks: RiskInput = None,
    anonymise: bool = False,
    obligate: frozenset[str] | None = None,
) -> tuple[dict[str, Marks], dict[str, tuple[str, ...]]]:
    """The marks and the text lines (without the ``II-3`` number) for everyone."""
    if not isinstance(pedigree, Pedigree):
        raise XlinkedError(f"expected a Pedigree, got {_values.shown(pedigree)}")
    if obligate is None:
        obligate = obligate_carriers(pedigree, risks)
    marks: dict[str, Marks] = {}
    lines: dict[str, tuple[str, ...]] = {}
    for ind in pedigree:
        preg = ind.pregnancy
        kind = None if preg is None else (preg.outcome.value if preg.outcome else "ongoing")
        is_obligate = ind.id in obligate
        carrier = (is_obligate or _positive(ind)) and ind.sex is Sex.FEMALE and not ind.affected
        # a man with the variant who is not affected (yet): NSGC's presymptomatic line
        presymptomatic = _positive(ind) and ind.sex is Sex.MALE and not ind.affected
        m = Marks(
            shape=_shape(ind),
            affected=ind.affected,
            carrier=carrier,
            obligate=is_obligate,
            deceased=ind.deceased or kind == "stillbirth",
            proband=ind.id == pedigree.proband,
            consultand=ind.id == pedigree.consultand and ind.id != pedigree.proband,
            pregnancy=kind,
            adopted=ind.adopted.value if ind.adopted else None,
            features=_features(ind),
            hypothetical=ind.hypothetical,
            presymptomatic=presymptomatic,
            evaluated=ind.evaluated,
        )
        marks[ind.id] = m
        text: list[str] = []
        if not anonymise:
            if ind.label:
                text.append(ind.label)
            elif not _ROMAN_ID.match(ind.id):
                text.append(ind.id)
        age = _age_line(ind, anonymise)
        if age:
            text.append(age)
        if ind.affected and ind.onset_age is not None:
            text.append(f"dx {_years(ind.onset_age)}")
        if ind.gender is not None and ind.gender != ind.sex:
            text.append({Sex.MALE: "AMAB", Sex.FEMALE: "AFAB", Sex.UNKNOWN: "UAAB"}[ind.sex])
        text += _test_lines(ind)
        if is_obligate:
            text.append("obligate carrier")
        risk = _risk_line(ind, m, risks, pedigree)
        if risk:
            text.append(risk)
        text += _more_lines(ind, risks, consultand=ind.id == pedigree.consultand)
        lines[ind.id] = tuple(text)
    return marks, lines


def feature_names() -> Sequence[str]:
    """The quadrant names, in quadrant order."""
    return [name for name, _, _ in IPEX_FEATURES]
