"""Parsing of single field values, shared by the model and the file readers.

Each function takes a raw value (as a user or a YAML/JSON file gives it) and
returns the typed value, or raises :class:`ValueError` with a short message that
the caller prefixes with the person and the field.
"""

from __future__ import annotations

import math
import re
from datetime import date
from fractions import Fraction
from typing import Any

_FRACTION = re.compile(r"^\s*[+-]?\d+\s*/\s*\d+\s*$")


def probability(value: Any) -> Fraction:
    """An exact probability in [0, 1] from an int, a float, or a string.

    Strings may be decimals (``"0.95"``) or fractions (``"19/20"``). Floats are
    read through their shortest decimal form, so ``0.95`` is exactly 19/20.

    >>> probability("19/20"), probability(0.95), probability(1)
    (Fraction(19, 20), Fraction(19, 20), Fraction(1, 1))
    >>> probability("1.5")
    Traceback (most recent call last):
    ...
    ValueError: must be between 0 and 1, got 1.5
    """
    p = number(value)
    if not 0 <= p <= 1:
        raise ValueError(f"must be between 0 and 1, got {value}")
    return p


def number(value: Any) -> Fraction:
    """An exact, finite number from an int, a float or a numeric string."""
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, got {value}")
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            if _FRACTION.match(text):
                num, den = text.split("/")
                if int(den) == 0:
                    raise ValueError(f"has a zero denominator: {value!r}")
                return Fraction(int(num), int(den))
            f = float(text)
        except (ValueError, ZeroDivisionError):
            msg = f"must be a number or a fraction like \"19/20\", got {value!r}"
            raise ValueError(msg) from None
        if not math.isfinite(f):
            raise ValueError(f"must be a finite number, got {value!r}")
        return Fraction(text)
    raise ValueError(f"must be a number, got {value!r}")


def age(value: Any) -> float:
    """A non-negative age in years (a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number of years, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"must be a non-negative number of years, got {value!r}")
    return value


def integer(value: Any) -> int:
    """A whole number (for birth years and similar)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {value!r}")
    return value


def flag(value: Any) -> bool:
    """A real boolean: ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {value!r}")
    return value


def optional_flag(value: Any) -> bool | None:
    """``true``, ``false``, or ``null`` for unknown."""
    return None if value is None else flag(value)


def text(value: Any) -> str:
    """A string; ISO dates that YAML turned into dates are turned back."""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {value!r}")
    return value


def identifier(value: Any) -> str:
    """A person id: a non-empty string. Numbers are refused (YAML reads 001 as 1)."""
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"must be a string, got the number {value!r}: quote the id, e.g. \"{value}\""
        )
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {value!r}")
    return value


def format_fraction(value: Fraction) -> int | str:
    """How a probability is written to a file: exact and short.

    >>> [format_fraction(Fraction(n, d)) for n, d in [(1, 1), (19, 20), (1, 3)]]
    [1, '0.95', '1/3']
    """
    if value.denominator == 1:
        return value.numerator
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    digits = max(twos, fives)
    if den == 1 and digits <= 12:
        scaled = value * 10**digits
        sign = "-" if scaled < 0 else ""
        whole = str(abs(scaled.numerator)).rjust(digits + 1, "0")
        return f"{sign}{whole[:-digits]}.{whole[-digits:]}"
    return f"{value.numerator}/{value.denominator}"
