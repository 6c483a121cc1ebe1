"""What a counselling report says, as plain data: :func:`build_content`.

Both renderers (HTML and PDF) draw the same :class:`Content`, so the two
outputs carry the same words and numbers. Every number comes from
:func:`xlinked.compute_risks` and :func:`xlinked.explain` in the mode asked for,
written as ``xlinked risk`` writes it (:func:`~xlinked.risk._format.probability`)
with the percentage and, in the summary, "1 in N".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .. import __version__
from .._values import age_text
from ..draw import drawn_numbers, obligate_carriers
from ..errors import XlinkedError
from ..model import Pedigree, Sex, TestResult
from ..risk import RiskModel, RiskResult, compute_risks, data_warnings, explain
from ..risk._format import percent, probability
from ..risk.engine import PersonRisk, resolve_model
from ..risk.explain import Explanation, cell_text, relation
from ._model import ModelSection, model_section
from ._words import cell, chance

__all__ = ["AT_RISK", "DRAWING_CAPTION", "Content", "PersonSummary", "TableRow", "build_content"]

#: The modes a report is written in (the sampled ``approximate`` mode is refused, as
#: by :func:`xlinked.explain`: the Bayes table needs exact posteriors).
MODES = ("float", "exact", "limit")

#: A living relative is listed as at risk from this probability (of carrying the
#: variant, of being affected, or of an affected next son) upwards.
AT_RISK = Fraction(1, 1000)

#: Column heads of the risk table (the same as ``xlinked risk``, in words).
TABLE_HEAD = ("ID", "relation", "sex", "status", "carrier", "affected", "next son affected",
              "next daughter carrier")

DRAWING_CAPTION = (
    "Standard (NSGC) pedigree symbols; under each person their age, test results and computed "
    "risk (carrier probability for women, the probability of being affected for men and "
    "pregnancies), rounded: the table below gives each number in full. The legend defines every "
    "mark used.")

GLOSSARY = (
    ("carrier", "A woman with the variant on one of her two X chromosomes. She is usually "
                "well, and each of her sons has a 1 in 2 chance of inheriting it (and the "
                "condition), each daughter a 1 in 2 chance of being a carrier. For a man, "
                "'carrying the variant' means having it on his single X chromosome "
                "(hemizygous)."),
    ("obligate carrier", "A woman who must be a carrier because of how the condition "
                         "appears in her family (for example the daughter of an affected man, "
                         "or a mother of two affected sons), with or without a test."),
    ("germline mosaic", "A parent whose blood shows no variant but some of whose eggs or "
                        "sperm carry it, so that more than one child can inherit a variant "
                        "that looks new."),
    ("1 in N", "A chance of 1 in N means that out of N people in the same situation, about "
               "one would be affected (or a carrier). '1 in 6' is about 17%."),
    ("penetrance", "The probability that a man with the variant has shown the condition by a "
                   "given age."),
    ("prior, posterior", "The chance before and after taking the family's information (who "
                         "is affected, who is healthy at what age, test results) into "
                         "account; the Bayes table shows each step."),
    ("proband, consultand", "The proband is the person through whom the family came to "
                            "attention; the consultand is the person asking for advice."),
)

LIMITATIONS = (
    "The figures assume that the condition in this family is the X-linked recessive "
    "condition named above, that the affected people are correctly diagnosed, and that the "
    "parentage recorded in the pedigree is correct.",
    "Test results count with the sensitivity and specificity recorded for them (1 when not "
    "given): a negative test that could miss the family's variant type must be entered with "
    "its sensitivity.",
    "Penetrance by age, fitness and mutation rates are the model's values listed above; where "
    "they are conventions rather than measurements, the figures share their uncertainty.",
    "The figures are probabilities for counselling, not a diagnosis; they change when new "
    "information (a test, a birth, an age reached) is added.",
)


@dataclass(frozen=True)
class PersonSummary:
    """The plain-words summary of one person: a heading and sentences."""

    id: str
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class TableRow:
    """One row of the risk table; ``group`` is consultand, at risk or other."""

    id: str
    group: str
    cells: tuple[str, ...]
    #: the person's number in the drawing (``III-9``) when it is not their id
    number: str | None = None


@dataclass(frozen=True)
class BayesSection:
    """The consultand's Bayes table and what each piece of information changed."""

    heading: str
    lines: tuple[str, ...]
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, tuple[str, ...]], ...] = ()
    notes: tuple[str, ...] = ()
    no_table: str | None = None
    effects_heading: str = ""
    effects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything a report shows, as text (and the risks behind the numbers)."""

    title: str
    header: tuple[tuple[str, str], ...]
    summary_intro: str
    summary: tuple[PersonSummary, ...]
    table_note: str
    table: tuple[TableRow, ...]
    bayes: BayesSection | None
    model: ModelSection
    warnings: tuple[str, ...]
    limitations: tuple[str, ...] = LIMITATIONS
    glossary: tuple[tuple[str, str], ...] = GLOSSARY
    consultand: str | None = None
    risks: RiskResult | None = field(default=None, compare=False, repr=False)
    anonymise: bool = False
    #: the pedigree drawn: the family with any hypothetical children asked for
    drawn: Pedigree | None = field(default=None, compare=False, repr=False)


def choose_consultand(pedigree: Pedigree, consultand: str | None) -> str | None:
    """The person the report is for: the one asked for, the file's consultand,
    else the proband's mother, else the proband (``None`` when there is none).

    Raises
    ------
    XlinkedError
        When ``consultand`` is not in the pedigree.
    """
    if consultand is not None:
        if consultand not in pedigree:
            ids = ", ".join(pedigree.ids[:12]) + (" ..." if len(pedigree) > 12 else "")
            raise XlinkedError(f"consultand: no individual {consultand!r} in the pedigree "
                               f"(ids: {ids})")
        return consultand
    if pedigree.consultand is not None:
        return pedigree.consultand
    if pedigree.proband is not None:
        mother = pedigree[pedigree.proband].mother
        return mother if mother is not None else pedigree.proband
    return None


def build_content(
    pedigree: Pedigree,
    model: RiskModel | None = None,
    *,
    mode: str = "float",
    children: Sequence[tuple[str | None, str | None, Sex | str]] = (),
    consultand: str | None = None,
    anonymise: bool = False,
    source: str | None = None,
    source_hash: str | None = None,
    date: _dt.date | None = None,
    max_effects: int = 12,
) -> Content:
    """The report's content for ``pedigree`` (see :func:`xlinked.report`)."""
    if mode not in MODES:
        raise XlinkedError(f"report: mode {mode!r}: a counselling report needs exact "
                           f"posteriors: use mode {', '.join(MODES)}")
    model = resolve_model(pedigree, model)
    who = choose_consultand(pedigree, consultand)
    result = compute_risks(pedigree, model, mode=mode, children=children)
    drawn = pedigree.with_children(children)  # drawn too, with the ids compute_risks gave
    all_numbers = drawn_numbers(drawn, result, anonymise=anonymise)  # as the report draws
    at_risk = _at_risk(pedigree, result, who)
    order = ([who] if who else []) + at_risk
    rest = [p.id for p in result if p.id not in order]
    section = model_section(pedigree, model, mode)
    obligate = obligate_carriers(pedigree, result)
    numbers = {pid: no for pid, no in all_numbers.items() if no != pid}
    return Content(
        title=_title(pedigree),
        header=_header(pedigree, who, section.one_line, anonymise, source, source_hash, date),
        summary_intro=_summary_intro(who, at_risk),
        summary=tuple(_summary(pedigree, result, pid, who, model, mode, anonymise, obligate,
                               numbers.get(pid)) for pid in order),
        table_note=(
            "Carrier: the probability of carrying the variant (women: carrier; men: "
            "hemizygous). Affected: 1 for a person recorded affected; otherwise the risk still "
            "to come at their age (- for the deceased and pregnancy losses). Next son: the "
            "probability that a woman's next son is affected; next daughter: that her next "
            "daughter is a carrier. " + _number_note(mode)),
        table=tuple(_row(pedigree, result, pid, who, group, anonymise, numbers.get(pid))
                    for group, ids in (("consultand", [who] if who else []),
                                       ("at risk", at_risk), ("other", rest))
                    for pid in ids),
        bayes=_bayes(pedigree, who, model, mode, max_effects, all_numbers),
        model=section,
        warnings=tuple(data_warnings(drawn, model)),  # the children asked for too
        consultand=who,
        risks=result,
        anonymise=anonymise,
        drawn=drawn,
    )


def _title(pedigree: Pedigree) -> str:
    cond = pedigree.condition
    name = (f"{cond.name} ({cond.gene})" if cond and cond.gene else cond.name if cond else None)
    return f"X-linked risk report: {name}" if name else "X-linked risk report"


def _header(pedigree: Pedigree, who: str | None, model_line: str, anonymise: bool,
            source: str | None, source_hash: str | None,
            date: _dt.date | None) -> tuple[tuple[str, str], ...]:
    out = []
    if not anonymise:
        out.append(("Family", pedigree.family or "(no family id in the file)"))
    out.append(("Consultand", _person(pedigree, who, anonymise) if who else
                "none named (the report lists everyone at risk)"))
    out.append(("Date of report", (date or _dt.date.today()).isoformat()))
    if pedigree.date is not None and not anonymise:
        out.append(("Family information recorded", pedigree.date.isoformat()))
    out.append(("Produced by", f"xlinked {__version__}"))
    if source is not None:
        out.append(("Input file", "(withheld)" if anonymise else source))
    if source_hash is not None:
        out.append(("SHA-256 of the input", source_hash))
    out.append(("Individuals", str(len(pedigree))))
    out.append(("Model", model_line))
    return tuple(out)


def _person(pedigree: Pedigree, pid: str, anonymise: bool) -> str:
    if pid not in pedigree:
        return pid
    label = _label(pedigree, pid, anonymise)
    return f"{pid} ({label})" if label else pid


def _label(pedigree: Pedigree, pid: str, anonymise: bool) -> str | None:
    """A person's label, unless anonymised or only a role already shown."""
    label = pedigree[pid].label
    if not label or anonymise or label == pid or label.lower() in ("consultand", "proband"):
        return None
    return label


def _living(pedigree: Pedigree, pid: str) -> bool:
    if pid not in pedigree:
        return True  # a hypothetical child asked for
    p = pedigree[pid]
    return not p.deceased and (p.pregnancy is None or p.pregnancy.ongoing)


def _at_risk(pedigree: Pedigree, result: RiskResult, who: str | None) -> list[str]:
    out = []
    for r in result:
        if r.id == who:
            continue
        if r.hypothetical and r.id not in pedigree:
            out.append(r.id)  # asked for with children=: always shown
            continue
        if r.affected is True or not _living(pedigree, r.id):
            continue
        values = [v for v in (r.p_carrier, r.p_affected, r.next_son) if v is not None]
        if any(float(v) >= AT_RISK for v in values):
            out.append(r.id)
    return out


def _summary_intro(who: str | None, at_risk: Sequence[str]) -> str:
    first = f"The consultand is {who}." if who else "No consultand is named."
    if not at_risk:
        return first + (" No other living relative has a chance of 1 in 1,000 or more of "
                        "carrying the variant or of being affected.")
    return (first + f" {len(at_risk)} other living "
            f"{'relative has' if len(at_risk) == 1 else 'relatives have'} a chance of "
            "1 in 1,000 or more of carrying the variant, of being affected or of having an "
            "affected son (people already affected are not repeated here).")


def _summary(pedigree: Pedigree, result: RiskResult, pid: str, who: str | None,
             model: RiskModel, mode: str, anonymise: bool,
             obligate: frozenset[str], number: str | None) -> PersonSummary:
    r = result[pid]
    parts = [x for x in (_label(pedigree, pid, anonymise) if pid in pedigree else None,
                         f"{number} in the drawing" if number else None) if x]
    name = f"{pid} ({'; '.join(parts)})" if parts else pid
    if r.hypothetical and pid not in pedigree:
        kind = {Sex.MALE: "son", Sex.FEMALE: "daughter"}.get(r.sex, "child")
        heading = f"A hypothetical {kind} ({pid})"
    else:
        heading = name + (" — the consultand" if pid == who else "")
        if pid != who and who is not None and pid in pedigree:
            rel = relation(pedigree, pedigree.index[who], pedigree.index[pid])
            if rel not in ("relative", "own"):
                heading += f" — the consultand's {rel}"
    sentences: list[str] = []
    if r.sex is Sex.UNKNOWN and r.if_boy is not None and r.if_girl is not None:
        baby = "baby" if _ongoing_pregnancy(pedigree, pid) else "child"
        sentences.append(f"If the {baby} is a boy, his chance of being affected is "
                         f"{chance(r.if_boy)}; if a girl, her chance of being a carrier "
                         f"is {chance(r.if_girl)}.")
        sentences.append(f"Before the {baby}'s sex is known: a chance of being affected of "
                         f"{chance(r.p_affected)}.")
    elif r.sex is Sex.FEMALE:
        sentences += _woman(r, pid in obligate)
    elif r.sex is Sex.MALE:
        sentences += _man(r)
    else:
        sentences.append(f"The chance of carrying the variant is {chance(r.p_carrier)}; of "
                         f"being affected {chance(r.p_affected)}.")
    return PersonSummary(pid, heading, tuple(sentences))


def _ongoing_pregnancy(pedigree: Pedigree, pid: str) -> bool:
    if pid not in pedigree:
        return False
    pregnancy = pedigree[pid].pregnancy
    return pregnancy is not None and pregnancy.ongoing


def _woman(r: PersonRisk, obligate: bool) -> list[str]:
    out = []
    if r.affected is True:
        out.append("She is affected.")
    elif obligate:
        out.append("She is an obligate carrier: the family's history shows that she carries "
                   "the variant.")
    elif r.p_carrier == 1:
        out.append("She is a carrier (her test result shows it).")
    else:
        out.append(f"Her chance of being a carrier is {chance(r.p_carrier)}.")
    if r.affected is not True and r.p_affected is not None and r.p_affected >= AT_RISK:
        out.append(f"Her chance of becoming affected herself is {chance(r.p_affected)}.")
    if r.next_son is not None and r.next_daughter is not None:
        partner = {"union": f" with her partner {r.partner}",
                   "last child": f" with {r.partner}, the father of her last child"}.get(
            r.partner_source or "", "")
        out.append(f"If she has a son, his chance of being affected is {chance(r.next_son)}; "
                   f"if she has a daughter{partner}, the daughter's chance of being a carrier "
                   f"is {chance(r.next_daughter)}.")
    return out


def _man(r: PersonRisk) -> list[str]:
    if r.affected is True:
        return ["He is affected."]
    out = [f"His chance of having the variant is {chance(r.p_carrier)}."]
    if r.p_affected is not None and r.p_affected != r.p_carrier:
        out.append(f"His chance of still becoming affected is {chance(r.p_affected)}.")
    return out


def _status(pedigree: Pedigree, pid: str, anonymise: bool) -> str:
    if pid not in pedigree:
        return "hypothetical child"
    p = pedigree[pid]
    age = pedigree.ages[pedigree.index[pid]]
    words = []
    if p.pregnancy is not None:
        words.append(f"pregnancy, {p.pregnancy.weeks:g} weeks" if p.pregnancy.ongoing
                     and p.pregnancy.weeks is not None else
                     "pregnancy" if p.pregnancy.ongoing else str(p.pregnancy.outcome))
    elif p.hypothetical:
        words.append("hypothetical")
    status = {True: "affected", False: "unaffected", None: "status unknown"}[p.affected]
    if p.pregnancy is None or p.affected is not None:
        words.append(status)
    if p.deceased:
        words.append("deceased" + (f" at {age_text(age, words=True)}" if age is not None else ""))
    elif age is not None and p.pregnancy is None:
        words.append(age_text(age, words=True))
    for t in p.tests:
        words.append({TestResult.POSITIVE: "tested positive", TestResult.NEGATIVE:
                      "tested negative", TestResult.INCONCLUSIVE: "test inconclusive"}[t.result]
                     + (f" (sensitivity {percent(t.sensitivity)})" if t.sensitivity != 1
                        and t.result is TestResult.NEGATIVE else ""))
    for m in p.measurements:
        value = f"{float(m.value):g}"
        words.append(f"likelihood ratio {value}" if m.analyte is None
                     else f"{m.analyte} {value} {m.unit}")
    label = _label(pedigree, pid, anonymise)
    if label:
        words.insert(0, label)
    return ", ".join(words)


def _row(pedigree: Pedigree, result: RiskResult, pid: str, who: str | None, group: str,
         anonymise: bool, number: str | None) -> TableRow:
    r = result[pid]
    if pid == who:
        rel = "consultand"
    elif who is not None and pid in pedigree:
        rel = relation(pedigree, pedigree.index[who], pedigree.index[pid])
    else:
        rel = ""
    return TableRow(pid, group, (
        pid, rel, r.sex.value, _status(pedigree, pid, anonymise),
        cell(r.p_carrier), cell(r.p_affected), cell(r.next_son), cell(r.next_daughter)),
        number)


def _number_note(mode: str) -> str:
    return {
        "limit": "Numbers are exact fractions in the limit of a vanishing mutation rate (the "
                 "textbook answers), with the percentage in brackets.",
        "exact": "Numbers are exact at the model's mutation rate; long fractions are shown as "
                 "decimals (≈), with the percentage in brackets.",
        "float": "Numbers are decimals at the model's mutation rate, with the percentage in "
                 "brackets.",
    }[mode]


def _bayes(pedigree: Pedigree, who: str | None, model: RiskModel, mode: str,
           max_effects: int, numbers: dict[str, str]) -> BayesSection | None:
    if who is None:
        return None
    e: Explanation = explain(pedigree, who, model, mode=mode, max_effects=max_effects,
                             numbers=numbers)
    what = "carrier probability" if e.sex is Sex.FEMALE else "probability of having the variant"
    lines = [f"{who}'s {what} is {probability(e.posterior)} ({percent(e.posterior)})."]
    if e.next_son is not None:
        lines.append(f"Her next son is affected with probability {probability(e.next_son)} "
                     f"({percent(e.next_son)}).")
    whose = {Sex.FEMALE: "her", Sex.MALE: "his"}.get(e.sex, "the")
    effects = tuple(x.sentence(whose) for x in e.effects)
    if e.considered < e.total_pieces:
        effects += (f"({e.total_pieces - e.considered} more distant pieces of information "
                    "not listed.)",)
    heading = f"What each piece of information does to {whose} risk (with everything: " \
              f"{probability(e.posterior)})"
    if e.table is None:
        return BayesSection(f"Why {who}'s risk is what it is", tuple(lines),
                            no_table=e.no_table, effects_heading=heading, effects=effects)
    t = e.table
    rows = [("Prior: " + t.prior_label, t.prior)]
    rows += [("Conditional: " + label, values) for label, values in t.rows]
    rows += [("Joint", t.joint), ("Posterior", t.posterior)]
    notes = []
    if t.hidden:
        notes.append(f"Not shown, impossible here: {', '.join(t.hidden)}.")
    if t.silent:
        notes.append("No effect (the same for every genotype): " + "; ".join(t.silent) + ".")
    if mode == "limit":
        notes.append("μ is the mutation rate; in the limit only the leading term of each "
                     "entry matters.")
    return BayesSection(
        f"Why {who}'s risk is what it is: the Bayes table", tuple(lines),
        columns=t.columns,
        rows=tuple((label, tuple(cell_text(v) for v in values)) for label, values in rows),
        notes=tuple(notes), effects_heading=heading, effects=effects)

