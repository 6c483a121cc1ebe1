"""How probabilities are written for people: fractions in the exact modes, decimals in float."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ._arith import Lead

__all__ = ["percent", "probability"]


def probability(value: Any, *, digits: int = 4, max_len: int = 14) -> str:
    """A probability as text: a short fraction when exact, else a decimal.

    >>> probability(Fraction(1, 9)), probability(0.1111111), probability(3.9992e-4)
    ('1/9', '0.1111', '0.0003999')
    >>> probability(Fraction(123456789, 987654321012)), probability(None), probability(0.0)
    ('≈0.000125', '-', '0')
    """
    if value is None:
        return "-"
    if isinstance(value, Lead):
        return str(value)
    if isinstance(value, Fraction):
        text = str(value)
        if len(text) <= max_len:
            return text
        return "≈" + _decimal(float(value), digits - 1)
    return _decimal(float(value), digits)


def _decimal(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    if x == 1:
        return "1"
    if abs(x) < 1e-6:
        return f"{x:.1e}"
    text = f"{x:.{digits}g}" if abs(x) < 1e-3 else f"{x:.{digits}f}"
    if "e" in text:
        text = f"{x:.{digits + 4}f}".rstrip("0")
    return text


def percent(value: Any) -> str:
    """A probability as a percentage for the text around numbers.

    >>> percent(Fraction(1, 9)), percent(0.5), percent(Fraction(0)), percent(2e-7)
    ('11.1%', '50%', '0%', '<0.001%')
    """
    x = float(value) * 100
    if x == 0:
        return "0%"
    if x < 1e-3:
        return "<0.001%"
    if x >= 99.999 and x < 100:
        return ">99.999%"
    text = f"{x:.3g}" if x < 10 else f"{x:.1f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"
