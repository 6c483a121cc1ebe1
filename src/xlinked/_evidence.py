"""What is known about a person beyond the family tree: genetic tests, quantitative
carrier evidence (likelihood ratios, measurements) and pregnancies, with the field
checks every value of :mod:`xlinked.model` shares (:func:`coerce`, :class:`one_problem`).

Everything here is re-exported by :mod:`xlinked.model`; import it from there (or from
:mod:`xlinked`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from . import _values
from .errors import PedigreeError, Problem

__all__ = ["GeneticTest", "Measurement", "MeasurementKind", "Pregnancy", "PregnancyOutcome",
           "TestResult", "coerce", "one_problem", "parse_choice"]


class TestResult(StrEnum):
    """The outcome of a genetic test for the family's variant."""

    __test__ = False  # not a pytest test class

    POSITIVE = "positive"
    NEGATIVE = "negative"
    INCONCLUSIVE = "inconclusive"


class PregnancyOutcome(StrEnum):
    """What became of a pregnancy; an ongoing pregnancy has no outcome."""

    MISCARRIAGE = "miscarriage"
    TERMINATION = "termination"
    STILLBIRTH = "stillbirth"
    ECTOPIC = "ectopic"


def parse_choice(kind: type[StrEnum], value: Any) -> Any:
    """The member of ``kind`` named by ``value`` (any case), or a ValueError listing the choices."""
    if isinstance(value, kind):
        return value
    for member in kind:
        if isinstance(value, str) and value.strip().lower() == member.value.lower():
            return member
    choices = ", ".join(m.value for m in kind)
    raise ValueError(f"must be one of {choices}, got {_values.shown(value)}")


def coerce(obj: Any, name: str, parse: Any) -> None:
    """Replace field ``name`` by its parsed value; errors name the field."""
    try:
        object.__setattr__(obj, name, parse(getattr(obj, name)))
    except ValueError as exc:
        raise ValueError(f"{name} {exc}") from None


class one_problem:  # noqa: N801 - used as a context manager
    """Turns a ValueError in a constructor into a :class:`PedigreeError` (same message)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        if isinstance(exc, ValueError) and not isinstance(exc, PedigreeError):
            raise PedigreeError([Problem("", str(exc))]) from None


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneticTest:
    """A genetic test result for the condition's variant.

    ``sensitivity`` is P(positive | the person carries the variant) and
    ``specificity`` P(negative | the person does not); both default to 1 and are
    kept as exact fractions. An ``inconclusive`` result carries no evidence.

    >>> GeneticTest(result="negative", sensitivity="0.95").sensitivity
    Fraction(19, 20)
    """

    __test__ = False  # not a pytest test class

    result: TestResult
    sensitivity: Fraction = Fraction(1)
    specificity: Fraction = Fraction(1)
    gene: str | None = None
    method: str | None = None
    variant: str | None = None
    date: str | None = None
    lab: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        with one_problem():
            coerce(self, "result", lambda v: parse_choice(TestResult, v))
            coerce(self, "sensitivity", _values.probability)
            coerce(self, "specificity", _values.probability)
            for name in ("gene", "method", "variant", "date", "lab"):
                if getattr(self, name) is not None:
                    coerce(self, name, _values.text)
            if self.note is not None:
                coerce(self, "note", _values.note)


class MeasurementKind(StrEnum):
    """What a :class:`Measurement` holds: a likelihood ratio, or a value to turn into one."""

    LIKELIHOOD_RATIO = "likelihood_ratio"
    MEASUREMENT = "measurement"


@dataclass(frozen=True, slots=True, kw_only=True)
class Measurement:
    """Quantitative carrier evidence: a likelihood ratio, or a measurement.

    ``kind="likelihood_ratio"``: ``value`` is P(result | carrier) / P(result |
    not a carrier), as a laboratory or a published table gives it.
    ``kind="measurement"``: ``value`` in ``unit`` of ``analyte`` (e.g. serum
    creatine kinase, ``"ck"``, in ``"U/L"``), which the risk model turns into a
    likelihood ratio with its reference distributions for carriers and
    non-carriers (``docs/presets.md``); ``age`` is the age at the test (the
    person's age when not given).

    >>> Measurement(kind="likelihood_ratio", value="4.2").value
    Fraction(21, 5)
    >>> Measurement(kind="measurement", analyte="ck", value=-3, unit="U/L")
    Traceback (most recent call last):
    ...
    xlinked.errors.PedigreeError: value must not be negative (a measured level), got -3
    """

    kind: MeasurementKind
    value: Fraction
    analyte: str | None = None
    unit: str | None = None
    age: float | None = None
    method: str | None = None
    date: str | None = None
    lab: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        with one_problem():
            self._check()

    def _check(self) -> None:
        coerce(self, "kind", lambda v: parse_choice(MeasurementKind, v))
        coerce(self, "value", _values.number)
        if self.age is not None:
            coerce(self, "age", _values.age)
        for name in ("analyte", "unit", "method", "date", "lab"):
            if getattr(self, name) is not None:
                coerce(self, name, _values.text)
        if self.note is not None:
            coerce(self, "note", _values.note)
        if self.kind is MeasurementKind.LIKELIHOOD_RATIO:
            if self.value <= 0:
                raise ValueError(
                    f"value must be a positive likelihood ratio (carrier : non-carrier), "
                    f"got {_values.format_fraction(self.value)}"
                )
            for name in ("analyte", "unit"):
                if getattr(self, name) is not None:
                    raise ValueError(f"{name} is for kind measurement, not likelihood_ratio")
        else:
            if self.value < 0:
                raise ValueError(
                    f"value must not be negative (a measured level), "
                    f"got {_values.format_fraction(self.value)}"
                )
            for name, example in (("analyte", "ck"), ("unit", "U/L")):
                if not getattr(self, name):
                    raise ValueError(f"{name} is missing (e.g. {example!r})")


@dataclass(frozen=True, slots=True, kw_only=True)
class Pregnancy:
    """A pregnancy: ongoing when ``outcome`` is ``None``."""

    weeks: float | None = None
    outcome: PregnancyOutcome | None = None

    def __post_init__(self) -> None:
        with one_problem():
            if self.weeks is not None:
                coerce(self, "weeks", _values.weeks)
            if self.outcome is not None:
                coerce(self, "outcome", lambda v: parse_choice(PregnancyOutcome, v))

    @property
    def ongoing(self) -> bool:
        """True for a pregnancy still going on."""
        return self.outcome is None
