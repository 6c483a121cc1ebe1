"""Risk calculation: the model parameters, the exact engine, and explanations.

>>> from xlinked.risk import compute_risks, preset
>>> preset("ipex").male_fitness
Fraction(0, 1)
"""

from typing import TYPE_CHECKING

from .._lazy import attributes
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


__getattr__ = attributes(globals(), __name__, {"explain": ".explain"})


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
