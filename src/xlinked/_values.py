"""Parsing of single field values, shared by the model and the file readers.

Each function takes a raw value (as a user or a YAML/JSON file gives it) and
returns the typed value, or raises :class:`ValueError` with a short message that
the caller prefixes with the person and the field.

The bounds below are the same in every format (``docs/limits.md``): readers of
new formats call these functions rather than checking numbers and text their own
way.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

#: Deepest nesting of lists and mappings in a file (a scalar is depth 0, ``[1]`` depth 1).
MAX_DEPTH = 64
#: Ages in years (``age``, ``onset_age``, penetrance ``from_age``) lie in [0, MAX_AGE].
MAX_AGE = 150
#: Pregnancy ``weeks`` lie in [0, MAX_WEEKS].
MAX_WEEKS = 45
#: Birth years are whole numbers in [MIN_YEAR, MAX_YEAR] (four digits).
MIN_YEAR, MAX_YEAR = 1000, 2999
#: A number written as text has at most this many characters...
MAX_NUMBER_CHARS = 1000
#: ... and a decimal exponent of at most this size (so reading never computes 10**huge).
MAX_EXPONENT = 1000
#: An exact value keeps at most this many digits in numerator and denominator
#: (``1e-300`` has 301; every value within bounds is written back within bounds).
MAX_DIGITS = 400
_MAX_BITS = math.floor(MAX_DIGITS * math.log2(10))

_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*\d+$")
_DECIMAL = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(?:[eE]([+-]?\d+))?$")
# Characters refused in text: C0/C1 controls and DEL, unpaired surrogates, line and
# paragraph separators, and the two non-characters XML forbids. Multi-line text
# (notes) may hold tabs and line breaks. (Patterns compiled on first use: printable
# ASCII, most text, never needs them, and compiling them takes milliseconds.)
_BAD_LINE = "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]"
_BAD_TEXT = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]"


class _Short(reprlib.Repr):
    """``repr`` that stays short whatever the value (no 5,000-digit numbers)."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 128:
            return f"<a number of {int(x.bit_length() * math.log10(2)) + 1} digits>"
        return super().repr_int(x, level)


_SHORT = _Short()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 2, 40, 40
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 4


def shown(value: Any) -> str:
    """``repr(value)`` cut short, so that hostile values keep messages short.

    >>> shown("abc"), shown(10**5000), shown(list(range(100)))
    ("'abc'", '<a number of 5001 digits>', '[0, 1, 2, 3, ...]')
    """
    if type(value) is str and len(value) <= 40:  # most values: reprlib would give repr
        text = repr(value)
        if len(text) <= 40:
            return text
    return _SHORT.repr(value)


# -- numbers ------------------------------------------------------------------


def probability(value: Any) -> Fraction:
    """An exact probability in [0, 1] from an int, a float, or a string.

    Strings may be decimals (``"0.95"``, ``"1e-6"``) or fractions (``"19/20"``).
    Floats are read through their shortest decimal form, so ``0.95`` is exactly 19/20.

    >>> probability("19/20"), probability(0.95), probability(1)
    (Fraction(19, 20), Fraction(19, 20), Fraction(1, 1))
    >>> probability("1.5")
    Traceback (most recent call last):
    ...
    ValueError: must be between 0 and 1, got '1.5'
    """
    p = number(value)
    if not 0 <= p <= 1:
        raise ValueError(f"must be between 0 and 1, got {shown(value)}")
    return p


def number(value: Any) -> Fraction:
    """An exact, finite number from an int, a float or a numeric string, within bounds.

    Text has at most :data:`MAX_NUMBER_CHARS` characters and an exponent of at most
    :data:`MAX_EXPONENT`; the exact value has at most :data:`MAX_DIGITS` digits in its
    numerator and denominator.

    >>> number("1e-6"), number(" 3/4 ")
    (Fraction(1, 1000000), Fraction(3, 4))
    >>> number("1e-999999999")
    Traceback (most recent call last):
    ...
    ValueError: has an exponent beyond 1000: '1e-999999999'
    """
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {value!r}")
    if isinstance(value, Fraction):
        return _bounded(value, value)
    if isinstance(value, int):
        return _bounded(Fraction(value), value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, got {value}")
        return _from_text(repr(value), value)
    if isinstance(value, str):
        return _from_text(value.strip(), value)
    raise ValueError(f"must be a number, got {shown(value)}")


def _from_text(text: str, raw: Any) -> Fraction:
    if len(text) > MAX_NUMBER_CHARS:
        raise ValueError(f"has more than {MAX_NUMBER_CHARS} characters, got {shown(raw)}")
    if _FRACTION.match(text):
        num, den = (int(part) for part in text.split("/"))
        if den == 0:
            raise ValueError(f"has a zero denominator: {shown(raw)}")
        return _bounded(Fraction(num, den), raw)
    match = _DECIMAL.match(text)
    if match is None:
        try:
            finite = math.isfinite(float(text))
        except ValueError:
            finite = True
        if not finite:
            raise ValueError(f"must be a finite number, got {shown(raw)}")
        raise ValueError(f"must be a number or a fraction like \"19/20\", got {shown(raw)}")
    exponent = int(match.group(2) or 0)
    if abs(exponent) > MAX_EXPONENT:
        raise ValueError(f"has an exponent beyond {MAX_EXPONENT}: {shown(raw)}")
    return _bounded(Fraction(match.group(1)) * Fraction(10) ** exponent, raw)


def _bounded(value: Fraction, raw: Any) -> Fraction:
    if max(abs(value.numerator).bit_length(), value.denominator.bit_length()) > _MAX_BITS:
        raise ValueError(f"has more than {MAX_DIGITS} digits as an exact fraction, "
                         f"got {shown(raw)}")
    return value


def _years(value: Any, low: float, high: float, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number of {unit}, got {shown(value)}")
    if not (low <= value <= high):  # NaN compares false
        raise ValueError(f"must be a number of {unit} from {low} to {high}, got {shown(value)}")
    return value


def age(value: Any) -> float:
    """An age in years: a number from 0 to :data:`MAX_AGE`.

    >>> age(30.5)
    30.5
    >>> age(1e300)
    Traceback (most recent call last):
    ...
    ValueError: must be a number of years from 0 to 150, got 1e+300
    """
    return _years(value, 0, MAX_AGE, "years")


def weeks(value: Any) -> float:
    """A pregnancy's length in weeks: a number from 0 to :data:`MAX_WEEKS`."""
    return _years(value, 0, MAX_WEEKS, "weeks")


def integer(value: Any) -> int:
    """A whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {shown(value)}")
    return value


def birth_year(value: Any) -> int:
    """A year of birth: a whole number from :data:`MIN_YEAR` to :data:`MAX_YEAR`.

    >>> birth_year(1990)
    1990
    >>> birth_year(-5)
    Traceback (most recent call last):
    ...
    ValueError: must be a year from 1000 to 2999, got -5
    """
    year = integer(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"must be a year from {MIN_YEAR} to {MAX_YEAR}, got {shown(value)}")
    return year


# -- flags and text -------------------------------------------------------------


def flag(value: Any) -> bool:
    """A real boolean: ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {shown(value)}")
    return value


def optional_flag(value: Any) -> bool | None:
    """``true``, ``false``, or ``null`` for unknown."""
    return None if value is None else flag(value)


def check_text(value: str, *, multiline: bool = False) -> str:
    """``value`` unchanged, or a ValueError naming a character text must not hold.

    Refused: control characters (tab and line breaks are allowed in multi-line
    text), unpaired surrogates (broken Unicode), U+2028/U+2029 and U+FFFE/U+FFFF.

    >>> check_text("Mum (née Smith)")
    'Mum (née Smith)'
    >>> check_text("a\\x1b[2Jb")
    Traceback (most recent call last):
    ...
    ValueError: contains the control character U+001B
    """
    if value.isascii() and value.isprintable():  # no character of either pattern
        return value
    bad = re.search(_BAD_TEXT if multiline else _BAD_LINE, value)
    if bad is not None:
        code = ord(bad.group())
        what = ("an unpaired surrogate" if 0xD800 <= code <= 0xDFFF
                else "the control character" if code < 0xA0 else "the character")
        raise ValueError(f"contains {what} U+{code:04X}")
    return value


def text(value: Any, *, multiline: bool = False) -> str:
    """A string; ISO dates that YAML turned into dates are turned back.

    Control characters and broken Unicode are refused (see :func:`check_text`);
    ``multiline`` text (notes) may hold tabs and line breaks.
    """
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"must be text, got {shown(value)}")
    return check_text(value, multiline=multiline)


def note(value: Any) -> str:
    """Multi-line text (a note): :func:`text` allowing tabs and line breaks."""
    return text(value, multiline=True)


def identifier(value: Any) -> str:
    """A person id: a non-empty string. Numbers are refused (YAML reads 001 as 1)."""
    if type(value) is str and value.strip():  # the common case first
        return check_text(value)
    if isinstance(value, bool | int | float):
        raise ValueError(
            f"must be a string, got the number {shown(value)}: quote the id, "
            f"e.g. \"{shown(value)}\""
        )
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, got {shown(value)}")
    return check_text(value)


# -- plain data ---------------------------------------------------------------------


def plain_data(value: Any, *, max_depth: int = MAX_DEPTH) -> Any:
    """A copy of ``value`` as plain data that every format can write and read back.

    Plain data are text (see :func:`check_text`, multi-line allowed), finite
    numbers (integers of at most :data:`MAX_DIGITS` digits), ``True``/``False``,
    ``None``, lists (tuples become lists) and mappings with text keys, nested at
    most ``max_depth`` levels. Raises ValueError naming the path of the first
    value that is not.

    >>> plain_data({"a": (1, "x")})
    {'a': [1, 'x']}
    >>> plain_data({"a": [float("nan")]})
    Traceback (most recent call last):
    ...
    ValueError: [a][0]: must be a finite number, got nan
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int, str]] = [(value, root, 0, 0, "")]
    while stack:
        item, parent, key, depth, path = stack.pop()
        try:
            if isinstance(item, Mapping | list | tuple):
                if depth >= max_depth:
                    raise ValueError(f"nested more than {max_depth} levels deep")
                if isinstance(item, Mapping):
                    out: Any = {}
                    for k, v in item.items():
                        if not isinstance(k, str):
                            raise ValueError(f"key {shown(k)} must be text")
                        check_text(k)
                        out[k] = None
                        stack.append((v, out, k, depth + 1, f"{path}[{k}]"))
                else:
                    out = [None] * len(item)
                    stack.extend((v, out, i, depth + 1, f"{path}[{i}]")
                                 for i, v in enumerate(item))
            elif item is None or isinstance(item, bool):
                out = item
            elif isinstance(item, int):
                if item.bit_length() > _MAX_BITS:
                    raise ValueError(f"has more than {MAX_DIGITS} digits, got {shown(item)}")
                out = item
            elif isinstance(item, float):
                if not math.isfinite(item):
                    raise ValueError(f"must be a finite number, got {item}")
                out = item
            elif isinstance(item, str):
                out = check_text(item, multiline=True)
            else:
                raise ValueError(f"must be text, a number, true/false, null, a list or a "
                                 f"mapping, got {type(item).__name__}")
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}" if path else str(exc)) from None
        parent[key] = out
    return root[0]


def depth(value: Any) -> int:
    """How deeply lists and mappings nest in ``value`` (level by level, no recursion).

    >>> depth(1), depth([1]), depth({"a": [[]]})
    (0, 1, 3)
    """
    kinds = (dict, list, tuple)
    level = [value] if isinstance(value, Mapping | list | tuple) else []
    deepest = 0
    while level:
        deepest += 1
        below: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, Mapping) else item
            below.extend(c for c in children if type(c) in kinds or isinstance(
                c, Mapping | list | tuple))
        level = below
    return deepest


def format_fraction(value: Fraction) -> int | str:
    """How a probability is written to a file: exact and short, read back the same.

    >>> [format_fraction(Fraction(n, d)) for n, d in [(1, 1), (19, 20), (1, 3)]]
    [1, '0.95', '1/3']
    >>> format_fraction(Fraction(1, 10**300)), format_fraction(Fraction(3, 2**40))
    ('1e-300', '3/1099511627776')
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
    exact = f"{value.numerator}/{value.denominator}"
    if den == 1:
        scaled = value * 10**digits
        if digits <= 12:
            sign = "-" if scaled < 0 else ""
            whole = str(abs(scaled.numerator)).rjust(digits + 1, "0")
            return f"{sign}{whole[:-digits]}.{whole[-digits:]}"
        scientific = f"{scaled.numerator}e-{digits}"
        if len(scientific) < len(exact):
            return scientific
    return exact


def age_text(age: float, *, words: bool = False) -> str:
    """An age as people write it: whole years from 2, months under 2, weeks under a
    month (the drawing, the risk table and the report say ages the same way).

    >>> [age_text(a) for a in (33.5, 2, 1, 0.5, 0.01)]
    ['33y', '2y', '12 mo', '6 mo', '1 wk']
    >>> [age_text(a, words=True) for a in (33.5, 1, 1 / 12, 1 / 52)]
    ['33 years', '12 months', '1 month', '1 week']
    """
    if age >= 2:
        n, short, unit = int(age), "y", "year"
    elif age * 12 >= 1:
        n, short, unit = round(age * 12), " mo", "month"
    else:
        n, short, unit = max(1, round(age * 52)), " wk", "week"
    return f"{n} {unit}{'s' if n != 1 else ''}" if words else f"{n}{short}"
