"""The risk model: every parameter of the evidence model, with exact values.

A :class:`RiskModel` is immutable. Probabilities are kept as
:class:`fractions.Fraction` so that the exact engine can use them as given;
the float engine converts them once.

The same keys are used in the ``model:`` section of a pedigree file
(see ``docs/format.md``) and by :func:`RiskModel.from_mapping`.

>>> m = RiskModel.from_mapping({"mutation_rate": "1/100000", "male_fitness": 0})
>>> m.mutation_rate, m.sperm_mutation_rate
(Fraction(1, 100000), Fraction(1, 100000))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .. import _values
from ..errors import PedigreeError, Problem

__all__ = ["PenetranceStep", "RiskModel"]


@dataclass(frozen=True, slots=True)
class PenetranceStep:
    """Cumulative penetrance ``value`` reached at ``from_age`` years."""

    from_age: float
    value: Fraction


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskModel:
    """Parameters of the X-linked recessive evidence model.

    Attributes
    ----------
    mutation_rate
        New-mutation rate per generation in eggs (mu_f).
    male_mutation_rate
        Rate in sperm (mu_m); ``None`` means the same as ``mutation_rate``.
    male_fitness
        Relative reproductive fitness f of affected men (0 for IPEX).
    carrier_frequency
        Population carrier frequency for founder women; when given it replaces
        the mutation-selection equilibrium prior for founders.
    penetrance
        Cumulative penetrance in hemizygous men (and dd women) by age, as steps;
        the value of the last step whose ``from_age`` is <= the person's age
        applies (the last step when the age is unknown).
    female_penetrance
        P(affected | heterozygous woman): manifesting carriers.
    phenocopy_rate
        P(affected | no variant).
    mosaicism_prior, mosaicism_transmission
        Prior probability that a parent without the variant in blood is a
        germline mosaic, and the chance such a parent transmits it.
    name
        The preset this model came from, if any.
    """

    mutation_rate: Fraction = Fraction(1, 10**6)
    male_mutation_rate: Fraction | None = None
    male_fitness: Fraction = Fraction(0)
    carrier_frequency: Fraction | None = None
    penetrance: tuple[PenetranceStep, ...] = (PenetranceStep(0, Fraction(1)),)
    female_penetrance: Fraction = Fraction(0)
    phenocopy_rate: Fraction = Fraction(0)
    mosaicism_prior: Fraction = Fraction(0)
    mosaicism_transmission: Fraction = Fraction(0)
    name: str | None = None

    @property
    def sperm_mutation_rate(self) -> Fraction:
        """mu_m: ``male_mutation_rate`` or, when unset, ``mutation_rate``."""
        return self.mutation_rate if self.male_mutation_rate is None else self.male_mutation_rate

    def replace(self, **changes: Any) -> RiskModel:
        """A copy with some parameters changed."""
        return dataclasses.replace(self, **changes)

    def penetrance_at(self, age: float | None) -> Fraction:
        """Cumulative male penetrance at ``age`` (the final value when unknown)."""
        if age is None:
            return self.penetrance[-1].value
        value = self.penetrance[0].value
        for step in self.penetrance:
            if step.from_age <= age:
                value = step.value
        return value

    # -- file form -----------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: Any, *, base: RiskModel | None = None) -> RiskModel:
        """Parse the ``model:`` section of a file; every problem is collected.

        Raises
        ------
        PedigreeError
            With one problem per bad key, each naming ``model.<key>``.
        """
        if not isinstance(data, Mapping):
            raise PedigreeError([Problem("model", "must be a mapping of parameters")])
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for key, raw in data.items():
            where = f"model.{key}"
            try:
                if key in _PROBABILITIES:
                    values[key] = None if raw is None and key in _NULLABLE else (
                        _values.probability(raw)
                    )
                elif key == "penetrance":
                    values[key] = _penetrance(raw)
                elif key == "germline_mosaicism":
                    if not isinstance(raw, Mapping) or set(raw) - {"prior", "transmission"}:
                        raise ValueError("must be a mapping with keys prior and transmission")
                    values["mosaicism_prior"] = _values.probability(raw.get("prior", 0))
                    values["mosaicism_transmission"] = _values.probability(
                        raw.get("transmission", 0)
                    )
                elif key in ("name", "preset"):
                    values["name"] = _values.text(raw)
                else:
                    known = ", ".join(sorted([*_PROBABILITIES, "penetrance", "germline_mosaicism"]))
                    raise ValueError(f"is not a model parameter (known: {known})")
            except ValueError as exc:
                problems.append(Problem(where, str(exc)))
        if values.get("male_fitness") == 1:
            problems.append(Problem("model.male_fitness", "must be below 1 for an equilibrium"))
        if problems:
            raise PedigreeError(problems)
        return dataclasses.replace(base or cls(), **values)

    def to_mapping(self) -> dict[str, Any]:
        """The ``model:`` section that :meth:`from_mapping` reads back unchanged."""
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        default = RiskModel()
        for key in _PROBABILITIES:
            value = getattr(self, key)
            if key in ("mutation_rate",) or value != getattr(default, key):
                out[key] = None if value is None else _values.format_fraction(value)
        if self.penetrance != default.penetrance:
            if len(self.penetrance) == 1 and self.penetrance[0].from_age == 0:
                out["penetrance"] = _values.format_fraction(self.penetrance[0].value)
            else:
                out["penetrance"] = [
                    {"from_age": s.from_age, "value": _values.format_fraction(s.value)}
                    for s in self.penetrance
                ]
        if self.mosaicism_prior or self.mosaicism_transmission:
            out["germline_mosaicism"] = {
                "prior": _values.format_fraction(self.mosaicism_prior),
                "transmission": _values.format_fraction(self.mosaicism_transmission),
            }
        return out


_PROBABILITIES = (
    "mutation_rate",
    "male_mutation_rate",
    "male_fitness",
    "carrier_frequency",
    "female_penetrance",
    "phenocopy_rate",
)
_NULLABLE = ("male_mutation_rate", "carrier_frequency")


def _penetrance(raw: Any) -> tuple[PenetranceStep, ...]:
    if not isinstance(raw, list):
        return (PenetranceStep(0, _values.probability(raw)),)
    if not raw:
        raise ValueError("must be a number or a non-empty list of {from_age, value}")
    steps = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or set(item) != {"from_age", "value"}:
            raise ValueError(f"[{i}] must be a mapping with keys from_age and value")
        try:
            steps.append(
                PenetranceStep(_values.age(item["from_age"]), _values.probability(item["value"]))
            )
        except ValueError as exc:
            raise ValueError(f"[{i}] {exc}") from None
    ages = [s.from_age for s in steps]
    if ages != sorted(ages) or len(set(ages)) != len(ages):
        raise ValueError("steps must be in increasing order of from_age")
    values = [s.value for s in steps]
    if values != sorted(values):
        raise ValueError("cumulative penetrance must not decrease with age")
    return tuple(steps)
