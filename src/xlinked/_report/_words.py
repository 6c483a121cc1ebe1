"""Probabilities in the words of a counselling letter: "about 1 in 6 (17%)".

The numbers come from :func:`xlinked.risk._format.probability` (as in
``xlinked risk``) and :func:`~xlinked.risk._format.percent`; this module only
adds the "1 in N" form and the sentences around them.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..risk._format import percent, probability

__all__ = ["cell", "chance", "one_in"]


def one_in(value: Any) -> str:
    """A probability as "1 in N" ("K in N" for an exact fraction with a small numerator,
    "about K in 100" for other values above one half).

    Exact unit fractions are written without "about"; other values are rounded
    to two significant figures of N.

    >>> one_in(Fraction(1, 6)), one_in(0.1667), one_in(Fraction(2, 3)), one_in(1)
    ('1 in 6', 'about 1 in 6', '2 in 3', 'certain')
    >>> one_in(Fraction(41, 51)), one_in(Fraction(3, 200)), one_in(0.6667)
    ('about 80 in 100', '3 in 200', 'about 67 in 100')
    >>> one_in(Fraction(1, 101)), one_in(0.0099), one_in(4e-9), one_in(0)
    ('1 in 101', 'about 1 in 100', 'about 1 in 250,000,000', 'no chance')
    >>> one_in(0.999999), one_in(0.49999999999), one_in(0.500001)
    ('more than 99 in 100', '1 in 2', 'about 1 in 2')
    """
    x = float(value)
    if x <= 0:
        return "no chance"
    if x >= 1:
        return "certain"
    n = 1 / x
    if isinstance(value, Fraction) and (value.numerator == 1 or (
            value.numerator < 10 and value.denominator <= 1000)):
        return f"{value.numerator} in {value.denominator:,}"
    if round(n) <= 100 and abs(x * round(n) - 1) < 1e-9:
        return f"1 in {round(n):,}"  # a unit fraction computed in floating point
    if n < 1.9:  # above about one half
        k = round(100 * x)
        return "more than 99 in 100" if k >= 100 else f"about {k} in 100"
    if n >= 100:
        n = round(n, 2 - len(str(int(n))))
    return f"about 1 in {int(round(n)):,}"


def chance(value: Any) -> str:
    """The chance in words with the percentage: "1 in 6 (16.7%)".

    >>> chance(Fraction(1, 6)), chance(1), chance(0.0), chance(Fraction(1, 2))
    ('1 in 6 (16.7%)', 'certain (100%)', 'no chance (0%)', '1 in 2 (50%)')
    """
    return f"{one_in(value)} ({percent(value)})"


def cell(value: Any) -> str:
    """A table cell: the number as ``xlinked risk`` writes it, with the percentage.

    >>> cell(Fraction(1, 9)), cell(0.5), cell(None), cell(1), cell(Fraction(0))
    ('1/9 (11.1%)', '0.5000 (50%)', '-', '1', '0')
    """
    text = probability(value)
    if value is None or float(value) in (0.0, 1.0):
        return text
    return f"{text} ({percent(value)})"
