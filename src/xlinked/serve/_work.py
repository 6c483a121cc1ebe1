"""What the app computes for a document: validation, risks, drawing, explanation.

Everything here is a free function of a native document (``docs/format.md``)
and the model options; the web layer (``_app``) only moves JSON. Validation
goes through the one construction path, :func:`xlinked.io.native.from_dict`;
the risks are what ``xlinked risk --format json`` prints (the same function,
:func:`xlinked.cli._risk.risk_document`); the drawing is the SVG of
``xlinked draw`` (written straight from the drawing, without matplotlib), where
each symbol is ``<g id="symbol-ID">``.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ModelError, PedigreeError, ReadError, XlinkedError
from ..io import native
from ..model import Pedigree, Sex
from ..risk import RiskModel, RiskResult, compute_risks, data_warnings, explain
from ..risk._format import percent, probability
from ..risk.engine import MODES

__all__ = ["Options", "check", "drawing_svg", "evaluate", "explanation", "problem_list",
           "risk_json", "risks"]

#: matplotlib is not thread-safe (rcParams are global): one PNG or PDF at a time.
_DRAW_LOCK = threading.Lock()

_PERSON = re.compile(r"^individual '(?P<id>.*?)'(?:: (?P<sub>tests\[\d+\]))?$")
_FIELDS = frozenset(native._INDIVIDUAL_KEYS) | {"result", "sensitivity", "specificity", "gene",
                                                 "method", "variant", "value", "unit", "analyte"}


@dataclass(frozen=True)
class Options:
    """The model options of ``xlinked risk``: mode, preset, mutation rate, hypothetical children."""

    mode: str = "limit"
    preset: str | None = None
    mutation_rate: str | None = None
    children: tuple[tuple[str | None, str | None, str], ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ModelError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")


def check(doc: Any, *, source: str | None = None) -> Pedigree:
    """The pedigree of a native document; raises :class:`PedigreeError` / :class:`ReadError`.

    Documents come from the browser: a ``model: {preset: ...}`` may name a built-in
    preset but no file (the app reaches no file but the one it opened).
    """
    return native.from_dict(doc, source=source, preset_files=False)


def problem_list(exc: XlinkedError) -> list[dict[str, Any]]:
    """Problems as JSON: ``{"person", "field", "where", "message"}`` (person, field or None).

    >>> from xlinked.errors import Problem
    >>> [p] = problem_list(PedigreeError([Problem("individual 'II-1'", "age must be a number")]))
    >>> p["person"], p["field"], p["message"]
    ('II-1', 'age', 'age must be a number')
    """
    if not isinstance(exc, PedigreeError):
        message = exc.detail if isinstance(exc, ReadError) else str(exc)
        return [{"person": None, "field": None, "where": "", "message": message}]
    out = []
    for p in exc.problems:
        match = _PERSON.match(p.where)
        person = match["id"] if match else None
        word = p.message.split(" ", 1)[0]
        field = word if word in _FIELDS else None
        if match and match["sub"]:
            field = f"{match['sub']}.{field}" if field else match["sub"]
        if person is None and p.where in ("proband", "consultand", "date", "family"):
            field = p.where
        out.append({"person": person, "field": field, "where": p.where, "message": p.message})
    return out


def _model(ped: Pedigree, options: Options) -> RiskModel:
    from ..cli._risk import model_for

    return model_for(ped, options.preset, options.mutation_rate)


def _risk_document(result: RiskResult, source: str) -> dict[str, Any]:
    from ..cli._risk import risk_document

    return risk_document(result, source)


def risks(ped: Pedigree, options: Options) -> RiskResult:
    """The risks as ``xlinked risk`` computes them with these options, each person
    numbered as drawn (with the hypothetical children)."""
    from ..draw.numbering import drawn_numbers

    result = compute_risks(ped, _model(ped, options), mode=options.mode,
                           children=list(options.children))
    return result.numbered(drawn_numbers(ped.with_children(options.children), result))


def risk_json(ped: Pedigree, options: Options, source: str) -> dict[str, Any]:
    """Exactly what ``xlinked risk SOURCE --format json`` prints, as a mapping."""
    return _risk_document(risks(ped, options), source)


def drawing_svg(ped: Pedigree, result: RiskResult | None,
                children: Sequence[tuple[str | None, str | None, str]] = ()) -> str:
    """The drawing as SVG text, as ``xlinked draw -o FILE.svg`` writes it (no matplotlib):
    risks under each person when given, hypothetical children (dashed) when asked
    for. Each symbol is ``<g id="symbol-ID">``, its text ``<g id="label-ID">``."""
    from ..draw import _display
    from ..draw._svg import write_svg

    return write_svg(_display(ped.with_children(children), result, False, None, True, 150))


def evaluate(doc: Any, options: Options, *, source: str, svg: bool = True) -> dict[str, Any]:
    """Everything the page shows for a document.

    ``{"valid", "problems", "warnings", "risks", "risk_error", "svg", "numbers"}``
    (``numbers``: each person's number in the drawing, ``II-3``): when the
    document is not valid, ``problems`` lists why and nothing else is computed;
    when the evidence is impossible, ``risk_error`` says so and the drawing has
    no risks.
    """
    out: dict[str, Any] = {"valid": False, "problems": [], "warnings": [], "risks": None,
                           "risk_error": None, "svg": None, "numbers": {}}
    try:
        ped = check(doc)
    except XlinkedError as exc:
        out["problems"] = problem_list(exc)
        return out
    out["valid"] = True
    shown = ped.with_children(options.children)  # as drawn, and checked: their parents too
    result = None
    try:
        out["warnings"] = list(data_warnings(shown, _model(ped, options)))
        result = risks(ped, options)
        out["risks"] = _risk_document(result, source)
    except XlinkedError as exc:  # impossible evidence, a bad model option
        out["risk_error"] = str(exc)
    if svg:
        out["svg"] = drawing_svg(shown, result)
        if result is not None:  # numbered as drawn by risks(): not laid out again
            out["numbers"] = {p.id: p.number for p in result if p.number}
        else:
            from ..draw.numbering import drawn_numbers

            out["numbers"] = drawn_numbers(shown)  # as drawn: I-1, II-3 ...
    return out


def explanation(ped: Pedigree, pid: str, options: Options) -> dict[str, Any]:
    """One person's explanation: the text, the Bayes table and each piece's effect, as JSON."""
    from ..draw.numbering import drawn_numbers

    model = _model(ped, options)
    risks = None
    if ped.has_loops:  # the drawing's labels, and so perhaps its order, hold the risks
        with contextlib.suppress(XlinkedError):  # impossible evidence: no risks drawn
            risks = compute_risks(ped, model, mode=options.mode)
    ex = explain(ped, pid, model, mode=options.mode, numbers=drawn_numbers(ped, risks))
    table = None
    if ex.table is not None:
        t = ex.table
        body: list[tuple[str, Sequence[Any]]] = [("Prior: " + t.prior_label, t.prior)]
        body += [("Conditional: " + label, values) for label, values in t.rows]
        body += [("Joint", t.joint), ("Posterior", t.posterior)]
        table = {"columns": list(t.columns),
                 "rows": [{"label": label,
                           "values": [v if isinstance(v, str) else probability(v)
                                      for v in values]}
                          for label, values in body],
                 "hidden": list(t.hidden), "silent": list(t.silent)}
    whose = {Sex.FEMALE: "her", Sex.MALE: "his", Sex.UNKNOWN: "the"}[ex.sex]
    return {
        "id": ex.id, "mode": ex.mode,
        "posterior": probability(ex.posterior), "posterior_percent": percent(ex.posterior),
        "next_son": None if ex.next_son is None else probability(ex.next_son),
        "table": table, "no_table": ex.no_table,
        "effects": [e.sentence(whose) for e in ex.effects],
        "text": str(ex),
    }

