"""Reference distributions: a measured level turned into a likelihood ratio.

A preset (or a pedigree file's ``model:``) may describe, for a quantitative
carrier test such as serum creatine kinase (CK) in Duchenne muscular dystrophy
or the FVIII:C / VWF:Ag ratio in haemophilia A, the distribution of the measured
value in carriers and in non-carriers, optionally by age. A woman's measurement
``x`` then gives the likelihood ratio

    LR(x) = f_carrier(x) / f_non-carrier(x)

which enters her evidence like a test result. For a log-normal reference
(``ln x`` normal with mean ``ln median`` and standard deviation ``sd_log``) the
Jacobian ``1/x`` is common to both densities and cancels:

    ln LR = ln(s_n / s_c) - (ln x - m_c)^2 / (2 s_c^2) + (ln x - m_n)^2 / (2 s_n^2)

The ratio is rounded to three significant digits (the precision such reference
data support; ``docs/presets.md``) and kept as an exact fraction, so that the
Bayes table shows the number the engine uses.

>>> ref = Reference.from_mapping("ck", {
...     "name": "serum creatine kinase", "label": "CK", "unit": "U/L",
...     "distribution": "lognormal",
...     "carrier": {"median": 200, "sd_log": 0.5},
...     "non_carrier": {"median": 80, "sd_log": 0.5}})
>>> ref.likelihood_ratio(Fraction(310), "U/L", None)
Fraction(267, 10)
>>> ref.likelihood_ratio(Fraction(310), "mg/dL", None)
Traceback (most recent call last):
...
ValueError: unit 'mg/dL' is not a unit of CK (known: U/L, IU/L)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import _values

__all__ = ["Distribution", "Reference", "ReferenceStep", "round_ratio"]

_FAMILIES = {"lognormal": ("median", "sd_log"), "normal": ("mean", "sd")}
#: Units that mean the same as another, always accepted.
_SAME = {"U/L": ("IU/L",), "IU/dL": ("%",)}


def round_ratio(log_ratio: float) -> Fraction:
    """exp(log_ratio) to three significant digits, as an exact fraction.

    >>> round_ratio(math.log(5.123)), round_ratio(math.log(0.04567))
    (Fraction(128, 25), Fraction(457, 10000))
    """
    if not math.isfinite(log_ratio) or abs(log_ratio) > 690:
        raise ValueError("is so far outside both reference distributions that the "
                         "likelihood ratio cannot be computed; check the value and unit")
    return Fraction(f"{math.exp(log_ratio):.3g}")


@dataclass(frozen=True, slots=True)
class Distribution:
    """A log-normal (``median``, ``sd_log``) or normal (``mean``, ``sd``) density."""

    family: str
    centre: Fraction
    spread: Fraction

    def log_density(self, x: Fraction) -> float:
        """ln f(x) without the terms common to every distribution of the family.

        The log-normal's ``-ln x`` and both families' ``-ln sqrt(2 pi)`` cancel in a
        likelihood ratio between two distributions of one family.
        """
        s = float(self.spread)
        if self.family == "lognormal":
            if x <= 0:
                raise ValueError("must be above 0 for a log-normal reference distribution")
            z = (math.log(x) - math.log(self.centre)) / s
        else:
            z = (float(x) - float(self.centre)) / s
        return -math.log(s) - z * z / 2

    def to_mapping(self) -> dict[str, Any]:
        a, b = _FAMILIES[self.family]
        return {a: _values.format_fraction(self.centre), b: _values.format_fraction(self.spread)}

    @classmethod
    def parse(cls, family: str, raw: Any) -> Distribution:
        a, b = _FAMILIES[family]
        if not isinstance(raw, Mapping) or set(raw) != {a, b}:
            raise ValueError(f"must be a mapping with keys {a} and {b}")
        centre, spread = _values.number(raw[a]), _values.number(raw[b])
        if spread <= 0:
            raise ValueError(f"{b} must be positive, got {raw[b]}")
        if family == "lognormal" and centre <= 0:
            raise ValueError(f"{a} must be positive, got {raw[a]}")
        return cls(family, centre, spread)


@dataclass(frozen=True, slots=True)
class ReferenceStep:
    """The carrier and non-carrier distributions from ``from_age`` years on."""

    from_age: float
    carrier: Distribution
    non_carrier: Distribution


@dataclass(frozen=True, slots=True)
class Reference:
    """Reference distributions of one analyte in carrier and non-carrier women.

    Attributes
    ----------
    analyte
        The key used in test results (``"ck"``).
    name, label
        A full name and the short label used in tables (``"CK"``).
    unit, units
        The unit of the distributions, and every accepted unit with the factor
        that converts a value in it to ``unit``.
    steps
        Distributions by age (one step from age 0 when they do not depend on age).
    source
        Where the figures come from.
    """

    analyte: str
    name: str
    label: str
    unit: str
    units: tuple[tuple[str, Fraction], ...]
    family: str
    steps: tuple[ReferenceStep, ...]
    source: str | None = None

    def factor(self, unit: str) -> Fraction:
        """The factor converting a value in ``unit`` to :attr:`unit`."""
        key = _unit_key(unit)
        for name, factor in self.units:
            if _unit_key(name) == key:
                return factor
        known = ", ".join(name for name, _ in self.units)
        raise ValueError(f"unit {unit!r} is not a unit of {self.label} (known: {known})")

    def step_at(self, age: float | None) -> ReferenceStep:
        """The distributions that apply at ``age``."""
        if len(self.steps) == 1 and self.steps[0].from_age == 0:
            return self.steps[0]
        if age is None:
            raise ValueError(f"{self.label} reference distributions depend on age: give the "
                             "age at the test (the test's age or the person's age)")
        if age < self.steps[0].from_age:
            raise ValueError(f"there is no {self.label} reference for age {age:g} (the "
                             f"reference starts at age {self.steps[0].from_age:g})")
        return [s for s in self.steps if s.from_age <= age][-1]

    def likelihood_ratio(self, value: Fraction, unit: str, age: float | None) -> Fraction:
        """LR carrier : non-carrier of ``value`` in ``unit`` at ``age``.

        Raises
        ------
        ValueError
            For an unknown unit, an age outside the reference, or a value the
            distributions cannot take.
        """
        x = value * self.factor(unit)
        step = self.step_at(age)
        return round_ratio(step.carrier.log_density(x) - step.non_carrier.log_density(x))

    def describe(self, value: Fraction, unit: str) -> str:
        """``"CK 310 U/L"``."""
        return f"{self.label} {_values.format_fraction(value)} {unit}"

    # -- file form -----------------------------------------------------------

    @classmethod
    def from_mapping(cls, analyte: str, raw: Any) -> Reference:
        """Parse one entry of a model's ``measurements:`` mapping."""
        keys = {"name", "label", "unit", "units", "distribution", "carrier", "non_carrier",
                "by_age", "source"}
        if not isinstance(raw, Mapping):
            raise ValueError("must be a mapping (name, unit, distribution, carrier, "
                             "non_carrier or by_age, source)")
        unknown = sorted(str(k) for k in set(raw) - keys)
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(keys))})")
        if "unit" not in raw:
            raise ValueError("unit is missing (the unit of the distributions, e.g. U/L)")
        unit = _values.text(raw["unit"])
        family = raw.get("distribution", "lognormal")
        if family not in _FAMILIES:
            raise ValueError(f"distribution must be lognormal or normal, got {family!r}")
        units: dict[str, Fraction] = {unit: Fraction(1)}
        for same in _SAME.get(unit, ()):
            units.setdefault(same, Fraction(1))
        extra = raw.get("units", {})
        if not isinstance(extra, Mapping):
            raise ValueError("units must be a mapping of unit -> factor to the main unit")
        for name, factor in extra.items():
            f = _values.number(factor)
            if f <= 0:
                raise ValueError(f"units.{name} must be a positive factor, got {factor}")
            units[_values.text(name)] = f
        if ("by_age" in raw) == ("carrier" in raw or "non_carrier" in raw):
            raise ValueError("give either carrier and non_carrier (at every age) or by_age")
        items = raw["by_age"] if "by_age" in raw else [
            {"from_age": 0, "carrier": raw.get("carrier"), "non_carrier": raw.get("non_carrier")}
        ]
        if not isinstance(items, list) or not items:
            raise ValueError("by_age must be a non-empty list of {from_age, carrier, non_carrier}")
        steps = []
        for i, item in enumerate(items):
            where = f"by_age[{i}] " if "by_age" in raw else ""
            if not isinstance(item, Mapping) or set(item) != {"from_age", "carrier",
                                                               "non_carrier"}:
                raise ValueError(f"{where}must be a mapping with keys from_age, carrier and "
                                 "non_carrier")
            try:
                steps.append(ReferenceStep(
                    _values.age(item["from_age"]),
                    Distribution.parse(family, item["carrier"]),
                    Distribution.parse(family, item["non_carrier"]),
                ))
            except ValueError as exc:
                raise ValueError(f"{where}{exc}") from None
        ages = [s.from_age for s in steps]
        if ages != sorted(set(ages)):
            raise ValueError("by_age steps must be in increasing order of from_age")
        name = _values.text(raw.get("name", analyte))
        return cls(
            analyte=analyte,
            name=name,
            label=_values.text(raw.get("label", analyte)),
            unit=unit,
            units=tuple(units.items()),
            family=family,
            steps=tuple(steps),
            source=None if raw.get("source") is None else _values.text(raw["source"]),
        )

    def to_mapping(self) -> dict[str, Any]:
        """The entry :meth:`from_mapping` reads back unchanged."""
        out: dict[str, Any] = {"name": self.name, "label": self.label, "unit": self.unit}
        same = {self.unit, *_SAME.get(self.unit, ())}
        extra = {u: _values.format_fraction(f) for u, f in self.units if u not in same}
        if extra:
            out["units"] = extra
        out["distribution"] = self.family
        if len(self.steps) == 1 and self.steps[0].from_age == 0:
            out["carrier"] = self.steps[0].carrier.to_mapping()
            out["non_carrier"] = self.steps[0].non_carrier.to_mapping()
        else:
            out["by_age"] = [
                {"from_age": s.from_age, "carrier": s.carrier.to_mapping(),
                 "non_carrier": s.non_carrier.to_mapping()}
                for s in self.steps
            ]
        if self.source is not None:
            out["source"] = self.source
        return out


def _unit_key(unit: str) -> str:
    return unit.strip().replace("\u00b5", "u").replace("\u03bc", "u").replace(" ", "").lower()
