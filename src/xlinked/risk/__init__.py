"""Risk calculation: the model parameters, the exact engine, and explanations.

>>> from xlinked.risk import compute_risks, preset
>>> preset("ipex").male_fitness
Fraction(0, 1)
"""

from .engine import PersonRisk, RiskResult, compute_risks
from .explain import Explanation, explain
from .model import PenetranceStep, RiskModel, preset

__all__ = [
    "Explanation",
    "PenetranceStep",
    "PersonRisk",
    "RiskModel",
    "RiskResult",
    "compute_risks",
    "explain",
    "preset",
]
