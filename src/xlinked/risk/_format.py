"""How probabilities are written for people: fractions in the exact modes, decimals in
float, or ``1 in N``; never in scientific notation.

The styles, for :func:`show`: ``"number"`` (a fraction when exact and short, else a
decimal), ``"percent"`` and ``"one-in"``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ._arith import Lead

__all__ = ["STYLES", "one_in", "percent", "probability", "show"]

#: The presentations of :func:`show` (``--as``).
STYLES = ("number", "percent", "one-in")

#: Below this a decimal is written ``<0.000001`` (never ``5.0e-09``).
_SMALLEST = 1e-6


def probability(value: Any, *, digits: int = 4, max_len: int = 14) -> str:
    """A probability as text: a short fraction when exact, else a decimal.

    An exact value too long to show as a fraction gets as many digits as a float.

    >>> probability(Fraction(1, 9)), probability(0.1111111), probability(3.9992e-4)
    ('1/9', '0.1111', '0.0003999')
    >>> probability(Fraction(123456789, 987654321012)), probability(None), probability(0.0)
    ('≈0.000125', '-', '0')
    >>> probability(5e-9), probability(Fraction(1, 10**12)), probability(1.91545e-5)
    ('<0.000001', '≈<0.000001', '0.00001915')
    """
    if value is None:
        return "-"
    if isinstance(value, Lead):
        return str(value)
    if isinstance(value, Fraction):
        text = str(value)
        if len(text) <= max_len:
            return text
        return "≈" + _decimal(float(value), digits)
    return _decimal(float(value), digits)


def _decimal(x: float, digits: int) -> str:
    if x == 0:
        return "0"
    if x == 1:
        return "1"
    if 0 < x < _SMALLEST:
        return "<0.000001"
    if x < 1e-3:  # ``digits`` significant digits, never in scientific notation
        text = f"{x:.{digits}g}"
        if "e" in text:
            places = digits - 1 - math.floor(math.log10(x))
            text = f"{x:.{places}f}".rstrip("0")
        return text
    return f"{x:.{digits}f}"


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


def one_in(value: Any) -> str:
    """A probability as ``1 in N``: exact for ``1/N``, else N to three significant
    digits; below one in a million, ``< 1 in 1,000,000``.

    A fraction with a small numerator keeps it (``2 in 3``, as counsellors say it);
    other values above one half are ``K in 100``.

    >>> one_in(Fraction(1, 3)), one_in(Fraction(2, 3)), one_in(0.0123), one_in(1)
    ('1 in 3', '2 in 3', '1 in 81.3', '1')
    >>> one_in(Fraction(41, 51)), one_in(0.75), one_in(0.9999)
    ('80 in 100', '75 in 100', '> 99 in 100')
    >>> one_in(Fraction(1, 250000)), one_in(3e-5), one_in(5e-9), one_in(0), one_in(None)
    ('1 in 250,000', '1 in 33,300', '< 1 in 1,000,000', '0', '-')
    """
    if value is None:
        return "-"
    x = Fraction(value) if isinstance(value, Fraction) else float(value)
    if x <= 0:
        return "0"
    if x >= 1:
        return "1"
    if x < _SMALLEST:
        return "< 1 in 1,000,000"
    if isinstance(x, Fraction) and (x.numerator == 1 or (
            x.numerator < 10 and x.denominator <= 1000)):
        return f"{x.numerator} in {x.denominator:,}"
    if x > 0.5:
        k = round(100 * float(x))
        return "> 99 in 100" if k >= 100 else f"{k} in 100"
    n = 1 / float(x)
    if n >= 1000:
        return f"1 in {round(n, 3 - len(str(int(n)))):,.0f}"
    text = f"{n:.3g}"
    return f"1 in {text}"


def show(value: Any, style: str = "number", *, digits: int = 4) -> str:
    """``value`` in the presentation ``style`` (one of :data:`STYLES`).

    >>> [show(Fraction(1, 4), s) for s in STYLES]
    ['1/4', '25%', '1 in 4']
    """
    if value is None:
        return "-"
    if style == "percent":
        return percent(value)
    if style == "one-in":
        return one_in(value)
    return probability(value, digits=digits)
