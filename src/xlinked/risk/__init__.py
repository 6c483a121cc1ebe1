"""Risk calculation: the model parameters, the exact engine, and explanations."""

from .model import PenetranceStep, RiskModel

__all__ = ["PenetranceStep", "RiskModel"]
