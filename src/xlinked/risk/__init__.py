"""Risk calculation: the model parameters, the exact engine, and explanations.

>>> from xlinked.risk import compute_risks, preset
>>> preset("ipex").male_fitness
Fraction(0, 1)
"""

from .checks import data_warnings
from .engine import RiskResult, compute_risks
from .explain import explain
from .model import PenetranceStep, RiskModel, preset

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
