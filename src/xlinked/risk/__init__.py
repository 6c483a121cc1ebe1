"""Risk calculation: the model parameters, the exact engine, and explanations.

>>> from xlinked.risk import compute_risks, preset
>>> preset("ipex").male_fitness
Fraction(0, 1)
"""

from typing import TYPE_CHECKING, Any

from .checks import data_warnings
from .engine import RiskResult, compute_risks
from .model import PenetranceStep, RiskModel, preset

if TYPE_CHECKING:  # imported on first use (``xlinked risk`` does not need it)
    from .explain import explain

# PersonRisk (xlinked.risk.engine) and Explanation (xlinked.risk.explain) are the
# types of result.individuals and of explain(); import them from their modules.
__all__ = [
    "PenetranceStep",
    "RiskModel",
    "RiskResult",
    "compute_risks",
    "data_warnings",
    "explain",
    "preset",
]


def __getattr__(name: str) -> Any:
    if name == "explain":
        from .explain import explain

        globals()["explain"] = explain
        return explain
    raise AttributeError(f"module 'xlinked.risk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
