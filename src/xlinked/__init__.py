"""xlinked: exact X-linked recessive risks in a family, and the family tree drawn.

The public namespace is this module; names are imported on first use, so that
the command line starts fast and the risk calculator does not pay for matplotlib.

Reading and writing
    ``read(path)``, ``write(pedigree, path)``: every format (``docs/formats.md``).
A family
    ``Pedigree(individuals, ...)`` of ``Individual(id, sex, mother=, father=,
    affected=, age=, tests=[GeneticTest(...)], ...)``, validated once, immutable;
    ``pedigree.with_individual(person)``, ``.with_replaced(id, affected=True)``,
    ``.without(id)``, ``.with_child(mother, father, sex)`` and ``.with_children(...)``
    return changed copies.
Risks
    ``compute_risks(pedigree, model=None, mode="float", children=())`` ->
    ``RiskResult`` (``result["II-2"].p_carrier``, ``.next_son``, ``.if_boy``...);
    ``preset("dmd")`` or ``RiskModel(...)`` for the model; ``data_warnings``.
Why
    ``explain(pedigree, id, model, mode=...)`` -> ``Explanation`` (``str()``: the
    counsellor's text; ``.table``: the Bayes table; ``.to_dict()``: JSON).
Drawing
    ``draw(pedigree, risks=result)`` -> a matplotlib Figure; ``layout(pedigree)``
    -> ``Layout`` (the geometry); ``numbering(pedigree)``: everyone's ``II-3``
    number as drawn (``result.numbered(...)`` puts them in the risks).
Many families
    ``batch(inputs, output, ...)`` -> ``BatchSummary``.
Errors
    Every error is an ``XlinkedError`` (a ``ValueError``): ``ReadError``,
    ``PedigreeError`` (``.problems``), ``UnknownIndividualError`` (also a
    ``KeyError``), ``ModelError``, ``InconsistentEvidenceError``.

>>> import xlinked
>>> ped = xlinked.Pedigree([
...     xlinked.Individual("mum", "F"),
...     xlinked.Individual("son", "M", mother="mum", affected=True),
... ])
>>> ped["son"].sex
<Sex.MALE: 'M'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    BudgetError,
    InconsistentEvidenceError,
    LossyConversionWarning,
    ModelError,
    PedigreeError,
    Problem,
    ReadError,
    UnknownIndividualError,
    XlinkedError,
    XlinkedWarning,
)

if TYPE_CHECKING:  # imported on first use below, so that `xlinked --help` starts fast
    from .io import read, write
    from .model import (
        Adoption,
        Childless,
        Condition,
        GeneticTest,
        Individual,
        Measurement,
        MeasurementKind,
        Pedigree,
        Pregnancy,
        PregnancyOutcome,
        Sex,
        TestResult,
        TwinGroup,
        Union,
        Zygosity,
    )
    from .risk.model import PenetranceStep, RiskModel

__version__ = "0.1.0"

_MODEL = ("Adoption", "Childless", "Condition", "GeneticTest", "Individual", "Measurement",
          "MeasurementKind", "Pedigree", "Pregnancy", "PregnancyOutcome", "Sex", "TestResult",
          "TwinGroup", "Union", "Zygosity")

# name -> module that defines it; imported on first use (PEP 562), so that importing
# xlinked (and `xlinked --help`) loads neither networkx nor numpy.
_LAZY = {
    **dict.fromkeys(_MODEL, "xlinked.model"),
    "read": "xlinked.io",
    "write": "xlinked.io",
    "PenetranceStep": "xlinked.risk.model",
    "RiskModel": "xlinked.risk.model",
    "compute_risks": "xlinked.risk",
    "RiskResult": "xlinked.risk",
    "explain": "xlinked.risk",
    "data_warnings": "xlinked.risk",
    "preset": "xlinked.risk",
    "batch": "xlinked._batch",
    "BatchSummary": "xlinked._batch",
    "draw": "xlinked.draw",
    "layout": "xlinked.draw",
    "Layout": "xlinked.draw",
    "numbering": "xlinked.draw.numbering",
    "report": "xlinked._report",
}

__all__ = [
    "Adoption",
    "BatchSummary",
    "BudgetError",
    "Childless",
    "Condition",
    "GeneticTest",
    "InconsistentEvidenceError",
    "Individual",
    "Layout",
    "LossyConversionWarning",
    "Measurement",
    "MeasurementKind",
    "ModelError",
    "Pedigree",
    "PedigreeError",
    "PenetranceStep",
    "Pregnancy",
    "PregnancyOutcome",
    "Problem",
    "ReadError",
    "RiskModel",
    "RiskResult",
    "Sex",
    "TestResult",
    "TwinGroup",
    "Union",
    "UnknownIndividualError",
    "XlinkedError",
    "XlinkedWarning",
    "Zygosity",
    "batch",
    "compute_risks",
    "data_warnings",
    "draw",
    "explain",
    "layout",
    "numbering",
    "preset",
    "read",
    "report",
    "write",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'xlinked' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
