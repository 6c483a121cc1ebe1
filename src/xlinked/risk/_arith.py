"""Number systems for the engine: floats, exact fractions, and the mu -> 0 limit.

The junction-tree engine only adds, multiplies and divides non-negative
quantities, so it runs unchanged over three number systems:

``float``
    numpy float64, with every table rescaled and its scale kept as a logarithm
    (no underflow at any pedigree size).
``exact``
    :class:`fractions.Fraction` in numpy object arrays, at the model's mutation rate.
``limit``
    :class:`Lead`: the leading term ``c * mu**v`` of a quantity that is a
    rational function of the mutation rate mu, kept exactly. Because every
    quantity the engine forms is a sum of products (and quotients) of functions
    that are positive for small mu > 0, no cancellation can occur and the
    leading term of a sum, product or quotient is computed from the leading terms
    alone. A posterior ``N(mu) / D(mu)`` then has the limit ``c_N / c_D`` when both
    leading terms have the same order, and 0 when the numerator's order is higher:
    this is the textbook answer as mu -> 0, including when the evidence itself has
    vanishing probability (an isolated affected boy).

Model parameters are first built as exact polynomials in mu (:class:`Poly`), so
that ``1 - mu`` and ``(1 + mu) / 2`` are formed before their leading terms are
taken.

When the optional package ``gmpy2`` is installed (``pip install 'xlinked[fast]'``)
the exact modes compute with its ``mpq`` rationals, many times faster than
:class:`fractions.Fraction` on the long numbers of large pedigrees; results are
handed out as ``Fraction`` either way (:meth:`Arith.out`).

Factor tables are made as :class:`Table` (entries in a list, row-major, and a
shape): small families are solved in plain Python (``_small``), larger ones
turn their tables into numpy arrays (:func:`as_array`). numpy is imported
only then, so that answering a small family does not pay for it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["EXACT", "FLOAT", "LIMIT", "Arith", "Lead", "Poly", "Scalar", "Table"]

try:  # optional: fast exact rationals
    from gmpy2 import mpq as _mpq
except ImportError:  # pragma: no cover - depends on the installation
    _mpq = None


def _rational(x: Fraction) -> Any:
    """``x`` in the fastest exact rational type available."""
    return _mpq(x.numerator, x.denominator) if _mpq is not None else x


def _fraction(x: Any) -> Fraction:
    """Any exact rational (``Fraction``, ``mpq``, ``int``) as a ``Fraction``."""
    return x if isinstance(x, Fraction) else Fraction(int(x.numerator), int(x.denominator))


class Poly:
    """An exact polynomial in mu with rational coefficients (immutable).

    >>> mu = Poly.variable()
    >>> p = (1 + mu) * Fraction(1, 2)
    >>> p.lead(), p.constant()
    ((Fraction(1, 2), 0), Fraction(1, 2))
    >>> (1 - (1 - mu) * (1 - mu)).lead()
    (Fraction(2, 1), 1)
    """

    __slots__ = ("terms",)

    terms: Mapping[int, Fraction]

    def __init__(self, terms: Mapping[int, Fraction] | None = None) -> None:
        self.terms = {k: Fraction(v) for k, v in (terms or {}).items() if v != 0}

    @classmethod
    def variable(cls) -> Poly:
        """The polynomial mu."""
        return cls({1: Fraction(1)})

    @staticmethod
    def of(value: Scalar) -> Poly:
        """A polynomial from a number (a constant) or a polynomial."""
        return value if isinstance(value, Poly) else Poly({0: Fraction(value)})

    def __add__(self, other: Scalar) -> Poly:
        o = Poly.of(other)
        out = dict(self.terms)
        for k, v in o.terms.items():
            out[k] = out.get(k, Fraction(0)) + v
        return Poly(out)

    __radd__ = __add__

    def __neg__(self) -> Poly:
        return Poly({k: -v for k, v in self.terms.items()})

    def __sub__(self, other: Scalar) -> Poly:
        return self + (-Poly.of(other))

    def __rsub__(self, other: Scalar) -> Poly:
        return Poly.of(other) + (-self)

    def __mul__(self, other: Scalar) -> Poly:
        o = Poly.of(other)
        out: dict[int, Fraction] = {}
        for a, x in self.terms.items():
            for b, y in o.terms.items():
                out[a + b] = out.get(a + b, Fraction(0)) + x * y
        return Poly(out)

    __rmul__ = __mul__

    def __truediv__(self, other: Fraction | int) -> Poly:
        return Poly({k: v / Fraction(other) for k, v in self.terms.items()})

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Poly | Fraction | int):
            return self.terms == Poly.of(other).terms
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.terms.items())))

    def lead(self) -> tuple[Fraction, int]:
        """(coefficient, order) of the lowest-order term; (0, 0) for zero."""
        if not self.terms:
            return Fraction(0), 0
        k = min(self.terms)
        return self.terms[k], k

    def constant(self) -> Fraction:
        """The value at mu = 0."""
        return self.terms.get(0, Fraction(0))

    def __repr__(self) -> str:
        return f"Poly({dict(sorted(self.terms.items()))})"


Scalar = Fraction | int | Poly


class Lead:
    """The leading term ``c * mu**v`` of a positive function of mu (``c > 0``), or zero.

    >>> a, b = Lead(Fraction(1, 2), 0), Lead(Fraction(4), 1)
    >>> a + b, a * b, b / a
    (Lead(1/2, 0), Lead(2, 1), Lead(8, 1))
    >>> str(Lead(Fraction(2), 1)), str(Lead(Fraction(1, 3), 2)), str(Lead.ZERO)
    ('2μ', '(1/3)μ²', '0')
    """

    __slots__ = ("c", "v")

    ZERO: Lead
    ONE: Lead

    def __init__(self, c: Fraction, v: int) -> None:
        if c < 0:
            raise ValueError("a leading coefficient must be positive")
        self.c = c
        self.v = v if c else 0

    def __add__(self, other: Lead | int) -> Lead:
        if not isinstance(other, Lead):
            if other == 0:
                return self
            return NotImplemented
        if not other.c:
            return self
        if not self.c:
            return other
        if self.v < other.v:
            return self
        if other.v < self.v:
            return other
        return Lead(self.c + other.c, self.v)

    __radd__ = __add__

    def __mul__(self, other: Lead) -> Lead:
        if not self.c or not other.c:
            return Lead.ZERO
        return Lead(self.c * other.c, self.v + other.v)

    def __truediv__(self, other: Lead) -> Lead:
        if not other.c:
            raise ZeroDivisionError("division by a zero leading term")
        if not self.c:
            return Lead.ZERO
        return Lead(self.c / other.c, self.v - other.v)

    def __bool__(self) -> bool:
        return self.c != 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lead):
            return self.c == other.c and self.v == other.v
        if isinstance(other, Fraction | int):
            return self.c == other and (self.v == 0 or not self.c)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.c) if self.v == 0 else hash((self.c, self.v))

    def __repr__(self) -> str:
        return f"Lead({self.c}, {self.v})"

    def __str__(self) -> str:
        if not self.c:
            return "0"
        if self.v == 0:
            return str(self.c)
        power = "μ" if self.v == 1 else f"μ{_superscript(self.v)}"
        if self.c == 1:
            return power
        coef = str(self.c) if self.c.denominator == 1 else f"({self.c})"
        return f"{coef}{power}"


Lead.ZERO = Lead(Fraction(0), 0)
Lead.ONE = Lead(Fraction(1), 0)

_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPTS)


def limit_ratio(num: Lead, den: Lead) -> Fraction:
    """lim N/D as mu -> 0 for leading terms with ``order(N) >= order(D)``."""
    if not den.c:
        raise ZeroDivisionError("zero denominator")
    if not num.c or num.v > den.v:
        return Fraction(0)
    if num.v < den.v:
        raise ValueError("the numerator has a lower order than the denominator")
    return num.c / den.c


class Table:
    """A factor table in plain Python: ``values`` in row-major order, and ``shape``.

    ``exact`` says whether the entries are exact numbers (a numpy object array
    once converted) or floats.

    >>> t = Table([1.0, 0.0, 0.5, 0.5], (2, 2), exact=False)
    >>> t.shape, t.values[2]
    ((2, 2), 0.5)
    """

    __slots__ = ("exact", "shape", "values")

    def __init__(self, values: list[Any], shape: tuple[int, ...], *, exact: bool) -> None:
        self.values = values
        self.shape = shape
        self.exact = exact

    def __repr__(self) -> str:
        return f"Table({self.values!r}, {self.shape!r}, exact={self.exact})"


class Arith:
    """One number system: how parameters become table entries and results values.

    (A plain class, not a dataclass: cheaper to create when the package is imported.)
    """

    __slots__ = ("dtype", "entry", "logspace", "name", "one", "out", "zero")

    def __init__(self, name: str, dtype: Any, logspace: bool, entry: Callable[[Any], Any],
                 zero: Any, one: Any, out: Callable[[Any], Any] = float) -> None:
        self.name = name
        #: the numpy dtype of the tables ("float64" or object)
        self.dtype = dtype
        #: float mode keeps products as logarithms and rescales every table
        self.logspace = logspace
        #: Fraction | Poly -> table entry
        self.entry = entry
        self.zero = zero
        self.one = one
        #: table entry -> the value handed out (Fraction, Lead with a Fraction, float)
        self.out = out

    def __repr__(self) -> str:
        return f"Arith({self.name!r})"

    def table(self, values: Iterable[Any], shape: tuple[int, ...]) -> Table:
        """A table of this system from parameter-space values (row-major)."""
        return Table([self.entry(v) for v in values], shape, exact=not self.logspace)

    def full(self, shape: tuple[int, ...], value: Any) -> NDArray[Any]:
        """A numpy table filled with one entry."""
        import numpy as np

        out = np.empty(shape, dtype=self.dtype)
        out.fill(value)
        return out

    def is_zero(self, x: Any) -> bool:
        """True when an entry is exactly zero."""
        return not x


def _float_entry(x: Any) -> float:
    return float(x.constant() if isinstance(x, Poly) else x)


def _exact_entry(x: Any) -> Any:
    return _rational(x.constant() if isinstance(x, Poly) else Fraction(x))


def _limit_entry(x: Any) -> Lead:
    c, v = Poly.of(x).lead()
    if c < 0:
        raise ValueError("a probability has a negative leading term")
    c = _rational(c)
    return Lead(c, v) if c else Lead.ZERO


def _lead_out(x: Lead) -> Lead:
    return x if isinstance(x.c, Fraction) else Lead(_fraction(x.c), x.v)


FLOAT = Arith("float", "float64", True, _float_entry, 0.0, 1.0, float)
EXACT = Arith("exact", object, False, _exact_entry, _rational(Fraction(0)),
              _rational(Fraction(1)), _fraction)
LIMIT = Arith("limit", object, False, _limit_entry, Lead(_rational(Fraction(0)), 0),
              Lead(_rational(Fraction(1)), 0), _lead_out)


def as_array(table: Table) -> NDArray[Any]:
    """``table`` as a numpy array (float64, or object for exact entries)."""
    import numpy as np

    out = np.empty(len(table.values), dtype=object if table.exact else np.float64)
    out[:] = table.values
    return out.reshape(table.shape)


def safe_divide(num: NDArray[Any], den: NDArray[Any]) -> NDArray[Any]:
    """Elementwise num / den with 0 where den is zero (object arrays)."""
    global _SAFE_DIV
    if _SAFE_DIV is None:
        import numpy as np

        _SAFE_DIV = np.frompyfunc(safe_div, 2, 1)
    return _SAFE_DIV(num, den)  # type: ignore[no-any-return]


def safe_div(a: Any, b: Any) -> Any:
    """a / b, or zero (of a's kind) when b is zero: exact entries."""
    return a / b if b else a * 0 if not isinstance(a, Lead) else Lead.ZERO


_SAFE_DIV: Any = None


def log_fraction(x: Fraction) -> float:
    """Natural log of a positive fraction of any size."""
    return math.log(x.numerator) - math.log(x.denominator)
