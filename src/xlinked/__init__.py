"""xlinked: exact X-linked recessive risks in a family, and the family tree drawn.

The public namespace is this module. Drawing is imported lazily, so that the
risk calculator does not pay for matplotlib.

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
from typing import Any

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

# name -> module that defines it; imported on first use (PEP 562).
_LAZY = {
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
    "preset",
    "read",
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
