"""The risk model: every parameter of the evidence model, with exact values.

A :class:`RiskModel` is immutable. Probabilities are kept as
:class:`fractions.Fraction` so that the exact engine can use them as given;
the float engine converts them once.

The same keys are used in the ``model:`` section of a pedigree file
(see ``docs/format.md``) and by :func:`RiskModel.from_mapping`.

The defaults are those of IPEX syndrome (FOXP3); :func:`preset` loads a named
preset (``"ipex"``) or a preset file for another X-linked recessive condition.
``docs/risk.md`` lists every default value with its source.

>>> m = RiskModel.from_mapping({"mutation_rate": "1/100000", "male_fitness": 0})
>>> m.mutation_rate, m.sperm_mutation_rate
(Fraction(1, 100000), Fraction(1, 100000))
>>> RiskModel(penetrance=1, mutation_rate="1e-8").penetrance_at(30)
Fraction(1, 1)
>>> m = RiskModel(mutation_rate="1e-6", mosaicism_recurrence="0.04", mosaicism_transmission="0.5")
>>> m.mosaic_prior  # derived: 0.04 mu / (0.5 (0.5 - 0.04))
Fraction(1, 5750000)
>>> preset("ipex").name
'IPEX syndrome (FOXP3)'
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import _values
from .._input import decode, parse_yaml, read_file
from .._lazy import attributes
from ..errors import ModelError, PedigreeError, Problem, ReadError

if TYPE_CHECKING:
    from ._presets import PresetInfo, preset_info
    from ._reference import Reference  # imported when a model has measurements

__all__ = ["PenetranceStep", "PresetInfo", "RiskModel", "preset", "preset_info", "preset_names"]


# the documentation of the built-in presets (``xlinked presets``), on first use
__getattr__ = attributes(globals(), __name__, dict.fromkeys(("PresetInfo", "preset_info"),
                                                           "._presets"))


@dataclass(frozen=True, slots=True)
class PenetranceStep:
    """Cumulative penetrance ``value`` reached at ``from_age`` years."""

    from_age: float
    value: Fraction


#: No manifesting carriers: the default ``female_penetrance``.
NO_PENETRANCE = (PenetranceStep(0, Fraction(0)),)

#: Cumulative penetrance of IPEX in hemizygous boys by age (a convention, docs/risk.md).
IPEX_PENETRANCE = (
    PenetranceStep(0, Fraction(1, 2)),
    PenetranceStep(0.25, Fraction(7, 10)),
    PenetranceStep(0.5, Fraction(4, 5)),
    PenetranceStep(1, Fraction(9, 10)),
    PenetranceStep(2, Fraction(19, 20)),
    PenetranceStep(5, Fraction(99, 100)),
    PenetranceStep(10, Fraction(1)),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskModel:
    """Parameters of the X-linked recessive evidence model.

    The defaults are the IPEX (FOXP3) values (``docs/risk.md``). Values may be
    given as fractions, numbers or strings (``"1e-6"``, ``"19/20"``); they are
    stored as exact fractions. ``penetrance`` may be one number (the same at
    every age) or a sequence of :class:`PenetranceStep` or ``(from_age, value)``.

    Attributes
    ----------
    mutation_rate
        New-mutation rate per generation in eggs (mu_f).
    male_mutation_rate
        Rate in sperm (mu_m); ``None`` means the same as ``mutation_rate``.
    male_fitness
        Relative reproductive fitness f of hemizygous men, as a whole: with
        incomplete penetrance it is the average over affected and unaffected
        hemizygous men (``1 - p (1 - f_affected)`` for lifetime penetrance p).
        It sets the equilibrium prior, and every man who has a child in the
        pedigree (and the population man behind a daughter whose father is not
        in it) is conditioned on having reproduced: hemizygous with relative
        weight f (``docs/risk.md``).
    carrier_frequency
        When given, replaces the mutation-selection equilibrium prior: the X
        chromosomes of founders carry the variant with frequency q = c / 2
        (Hardy-Weinberg on X chromosomes). A founder woman is a carrier with
        2q(1 - q) (about c) and homozygous with q^2; a founder man is
        hemizygous with q.
    penetrance
        Cumulative penetrance in hemizygous men (and dd women) by age, as steps
        starting at age 0; the value of the last step whose ``from_age`` is <=
        the person's age applies (the last step, the lifetime value, when the
        age is unknown).
    female_penetrance
        P(affected | heterozygous woman): manifesting carriers, one number or
        steps by age like ``penetrance``.
    phenocopy_rate
        P(affected | no variant).
    mosaicism_prior, mosaicism_transmission
        Prior probability that a parent without the variant in blood is a
        germline mosaic, and the probability that such a parent transmits it to a
        child (plus the ordinary mutation rate for the other gametes).
    mosaicism_recurrence
        Instead of ``mosaicism_prior``: the clinically quoted recurrence, the
        probability that the next son of a mother of an isolated case who
        tested negative inherits the variant. The per-parent prior is derived
        from it (:attr:`mosaic_prior`); it must be below the transmission.
    measurements
        Reference distributions of quantitative carrier tests (serum CK, the
        FVIII:C / VWF:Ag ratio, ...), which turn a woman's measured level into a
        likelihood ratio (``docs/presets.md``).
    name
        The preset this model came from, if any.

    Raises
    ------
    ModelError
        When a value is not a probability or the values are inconsistent.
    """

    mutation_rate: Fraction = Fraction(1, 10**6)
    male_mutation_rate: Fraction | None = None
    male_fitness: Fraction = Fraction(0)
    carrier_frequency: Fraction | None = None
    penetrance: tuple[PenetranceStep, ...] = IPEX_PENETRANCE
    female_penetrance: tuple[PenetranceStep, ...] = NO_PENETRANCE
    phenocopy_rate: Fraction = Fraction(0)
    mosaicism_prior: Fraction = Fraction(0)
    mosaicism_transmission: Fraction = Fraction(0)
    mosaicism_recurrence: Fraction | None = None
    measurements: tuple[Reference, ...] = ()
    name: str | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        refs = tuple(self.measurements)
        object.__setattr__(self, "measurements", refs)
        if refs:
            from ._reference import Reference

            if not all(isinstance(r, Reference) for r in refs):
                problems.append("measurements must be reference distributions")
            elif len({r.analyte for r in refs}) != len(refs):
                problems.append("measurements name an analyte twice")
        for key in _FIELDS:
            value = getattr(self, key)
            if value is None and key in _NULLABLE:
                continue
            try:
                object.__setattr__(self, key, _values.probability(value))
            except ValueError as exc:
                problems.append(f"{key} {exc}")
        for key in ("penetrance", "female_penetrance"):
            try:
                object.__setattr__(self, key, _penetrance_value(getattr(self, key)))
            except ValueError as exc:
                problems.append(f"{key} {exc}")
        if self.name is not None:
            try:
                _values.text(self.name)
            except ValueError as exc:
                problems.append(f"name {exc}")
        if not problems:
            if self.male_fitness == 1:
                problems.append("male_fitness must be below 1 for an equilibrium")
            if self.carrier_frequency is not None and self.carrier_frequency == 1:
                problems.append("carrier_frequency must be below 1")
            problems += _mosaicism_problems(self)
        if problems:
            raise ModelError("invalid risk model: " + "; ".join(problems))

    @property
    def sperm_mutation_rate(self) -> Fraction:
        """mu_m: ``male_mutation_rate`` or, when unset, ``mutation_rate``."""
        return self.mutation_rate if self.male_mutation_rate is None else self.male_mutation_rate

    @property
    def lifetime_penetrance(self) -> Fraction:
        """The final value of the male penetrance (used when the age is unknown)."""
        return self.penetrance[-1].value

    @property
    def mosaic_prior(self) -> Fraction:
        """P(a parent without the variant in blood is a germline mosaic).

        ``mosaicism_prior``, or, when ``mosaicism_recurrence`` R is given with
        the transmission t, ``R mu_f / (t (t - R))``: the prior with which, as
        the mutation rate tends to 0, the mother of an isolated case who tested
        negative (sensitivity 1) has a next son with the variant with
        probability R (her son's variant came from her germline with
        ``pi t / (pi t + mu_f)``, and a next son gets it with t).
        """
        r = self.mosaicism_recurrence
        if r is None:
            return self.mosaicism_prior
        t = self.mosaicism_transmission
        return r * self.mutation_rate / (t * (t - r))

    @property
    def germline_mosaicism(self) -> dict[str, str] | None:
        """Germline mosaicism as the file format writes it (``{"prior" or "recurrence",
        "transmission"}``, values as text), or ``None`` without it."""
        value = self.to_mapping().get("germline_mosaicism")
        return None if value is None else dict(value)

    @property
    def has_mosaicism(self) -> bool:
        """True when parents may be germline mosaics."""
        return self.mosaic_prior > 0

    def reference(self, analyte: str) -> Reference:
        """The reference distributions of ``analyte`` (case-insensitive).

        Raises
        ------
        ValueError
            When the model has none for it.
        """
        for ref in self.measurements:
            if ref.analyte.lower() == analyte.strip().lower():
                return ref
        known = ", ".join(r.analyte for r in self.measurements)
        where = f"known: {known}" if known else (
            "this model has no reference distributions; use a preset that has them, or "
            "give the test as kind likelihood_ratio")
        raise ValueError(f"no reference distributions for {analyte!r} in the model ({where})")

    def replace(self, **changes: Any) -> RiskModel:
        """A copy with some parameters changed.

        Germline mosaicism is given one way: setting ``mosaicism_prior`` drops a
        ``mosaicism_recurrence`` and the other way round.

        ``germline_mosaicism`` may be given as in the file format (a mapping with
        ``prior`` or ``recurrence``, and ``transmission``).

        >>> m = RiskModel(mosaicism_recurrence="0.043", mosaicism_transmission="0.5")
        >>> m.replace(mosaicism_prior=0).has_mosaicism
        False
        >>> m.replace(germline_mosaicism={"prior": "1e-5", "transmission": "0.3"}
        ...           ).germline_mosaicism
        {'prior': '0.00001', 'transmission': '0.3'}
        """
        if "germline_mosaicism" in changes:
            raw = changes.pop("germline_mosaicism")
            try:
                parsed = _mosaicism(raw) if raw is not None else {
                    "mosaicism_prior": Fraction(0), "mosaicism_transmission": Fraction(0),
                    "mosaicism_recurrence": None}
            except ValueError as exc:
                raise ModelError(f"germline_mosaicism: {exc}") from None
            changes = {**parsed, **changes}
        if "mosaicism_prior" in changes:
            changes.setdefault("mosaicism_recurrence", None)
        elif changes.get("mosaicism_recurrence") is not None:
            changes.setdefault("mosaicism_prior", Fraction(0))
        return dataclasses.replace(self, **changes)

    def penetrance_at(self, age: float | None) -> Fraction:
        """Cumulative male penetrance at ``age`` (the final value when unknown).

        >>> RiskModel().penetrance_at(0.1), RiskModel().penetrance_at(None)
        (Fraction(1, 2), Fraction(1, 1))
        """
        return _step_value(self.penetrance, age)

    def female_penetrance_at(self, age: float | None) -> Fraction:
        """P(affected by ``age`` | heterozygous woman) (the final value when unknown).

        >>> RiskModel(female_penetrance=[(0, 0), (20, "0.1")]).female_penetrance_at(5)
        Fraction(0, 1)
        """
        return _step_value(self.female_penetrance, age)

    # -- file form -----------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: Any, *, base: RiskModel | None = None,
                     folder: str | os.PathLike[str] | None = None,
                     preset_files: bool = True) -> RiskModel:
        """Parse the ``model:`` section of a file; every problem is collected.

        A ``preset`` key (a preset name or a preset file) gives the values that
        the other keys override. A preset file is looked for in ``folder`` (the
        pedigree file's folder; the current folder when ``None``);
        ``preset_files=False`` allows named presets only (for servers).

        Raises
        ------
        PedigreeError
            With one problem per bad key, each naming ``model.<key>``.
        """
        if not isinstance(data, Mapping):
            raise PedigreeError([Problem("model", "must be a mapping of parameters")])
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        if data.get("preset") is not None:
            try:
                name = _values.text(data["preset"])
                if not preset_files and name.lower() not in preset_names():
                    raise ModelError(
                        f"preset files are not allowed here, only the named presets "
                        f"({', '.join(preset_names())})")
                base = preset(name, folder=folder)
            except ValueError as exc:
                problems.append(Problem("model.preset", str(exc)))
        for key, raw in data.items():
            where = f"model.{key}"
            try:
                if key in _PROBABILITIES:
                    values[key] = None if raw is None and key in _NULLABLE else (
                        _values.probability(raw)
                    )
                elif key in ("penetrance", "female_penetrance"):
                    values[key] = _penetrance(raw)
                elif key == "germline_mosaicism":
                    values.update(_mosaicism(raw))
                elif key == "measurements":
                    values["measurements"] = _references(raw)
                elif key == "name":
                    values["name"] = _values.text(raw)
                elif key == "preset":
                    continue
                else:
                    known = ", ".join(sorted(_MODEL_KEYS))
                    raise ValueError(f"is not a model parameter (known: {known})")
            except ValueError as exc:
                problems.append(Problem(where, str(exc)))
        if values.get("male_fitness") == 1:
            problems.append(Problem("model.male_fitness", "must be below 1 for an equilibrium"))
        if values.get("carrier_frequency") == 1:
            problems.append(Problem("model.carrier_frequency", "must be below 1"))
        if problems:
            raise PedigreeError(problems)
        if "mosaicism_prior" in values or "mosaicism_recurrence" in values:
            values.setdefault("mosaicism_prior", Fraction(0))
            values.setdefault("mosaicism_recurrence", None)
        try:
            return dataclasses.replace(base or cls(), **values)
        except ModelError as exc:
            message = str(exc).removeprefix("invalid risk model: ")
            raise PedigreeError([Problem("model", message)]) from None

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
        for key in ("penetrance", "female_penetrance"):
            steps = getattr(self, key)
            if steps == getattr(default, key):
                continue
            if len(steps) == 1:
                out[key] = _values.format_fraction(steps[0].value)
            else:
                out[key] = [
                    {"from_age": s.from_age, "value": _values.format_fraction(s.value)}
                    for s in steps
                ]
        if self.mosaicism_recurrence is not None:
            out["germline_mosaicism"] = {
                "recurrence": _values.format_fraction(self.mosaicism_recurrence),
                "transmission": _values.format_fraction(self.mosaicism_transmission),
            }
        elif self.mosaicism_prior or self.mosaicism_transmission:
            out["germline_mosaicism"] = {
                "prior": _values.format_fraction(self.mosaicism_prior),
                "transmission": _values.format_fraction(self.mosaicism_transmission),
            }
        if self.measurements:
            out["measurements"] = {r.analyte: r.to_mapping() for r in self.measurements}
        return out


_PROBABILITIES = (
    "mutation_rate",
    "male_mutation_rate",
    "male_fitness",
    "carrier_frequency",
    "phenocopy_rate",
)
_FIELDS = (*_PROBABILITIES, "mosaicism_prior", "mosaicism_transmission", "mosaicism_recurrence")
_NULLABLE = ("male_mutation_rate", "carrier_frequency", "mosaicism_recurrence")
#: Every key of a ``model:`` section.
_MODEL_KEYS = (*_PROBABILITIES, "penetrance", "female_penetrance", "germline_mosaicism",
               "measurements", "name", "preset")
#: Keys of a preset file that document it and are not model parameters.
_PRESET_DOC_KEYS = ("summary", "description", "sources", "condition", "gene")


def _penetrance_value(raw: Any) -> tuple[PenetranceStep, ...]:
    """Penetrance as given to the constructor: a number or a sequence of steps."""
    if isinstance(raw, tuple) and raw and all(isinstance(s, PenetranceStep) for s in raw):
        steps = raw
    elif isinstance(raw, int | float | str | Fraction) and not isinstance(raw, bool):
        return (PenetranceStep(0, _values.probability(raw)),)
    else:
        try:
            items = list(raw)
        except TypeError:
            raise ValueError(f"must be a probability or a list of steps, "
                             f"got {_values.shown(raw)}") from None
        if not items:
            raise ValueError("must not be empty")
        for s in items:
            if not isinstance(s, PenetranceStep) and (
                    not isinstance(s, list | tuple) or len(s) != 2):
                raise ValueError(f"steps must be PenetranceStep or (from_age, value) pairs, "
                                 f"got {_values.shown(s)}")
        steps = tuple(
            s if isinstance(s, PenetranceStep)
            else PenetranceStep(_values.age(s[0]), _values.probability(s[1]))
            for s in items
        )
    steps = tuple(PenetranceStep(_values.age(s.from_age), _values.probability(s.value))
                  for s in steps)
    _check_steps(steps)
    return steps


def _step_value(steps: tuple[PenetranceStep, ...], age: float | None) -> Fraction:
    """The value of the last step at or before ``age`` (the last step when unknown)."""
    if age is None:
        return steps[-1].value
    value = steps[0].value
    for step in steps:
        if step.from_age <= age:
            value = step.value
    return value


def _mosaicism(raw: Any) -> dict[str, Any]:
    """The ``germline_mosaicism`` mapping: ``{prior | recurrence, transmission}``."""
    keys = {"prior", "recurrence", "transmission"}
    if not isinstance(raw, Mapping) or set(raw) - keys:
        raise ValueError("must be a mapping with keys prior (or recurrence) and transmission")
    out: dict[str, Any] = {
        "mosaicism_prior": _values.probability(raw.get("prior", 0)),
        "mosaicism_transmission": _values.probability(raw.get("transmission", 0)),
        "mosaicism_recurrence": None,
    }
    if raw.get("recurrence") is not None:
        out["mosaicism_recurrence"] = _values.probability(raw["recurrence"])
    return out


def _mosaicism_problems(model: RiskModel) -> list[str]:
    r = model.mosaicism_recurrence
    if r is None:
        return []
    t = model.mosaicism_transmission
    if model.mosaicism_prior:
        return ["germline_mosaicism: give prior or recurrence, not both"]
    if r >= t:
        return [
            f"germline_mosaicism.recurrence ({_values.format_fraction(r)}) must be below the "
            f"transmission ({_values.format_fraction(t)}): a mosaic parent passes the variant "
            "to a child with the transmission, so the recurrence cannot reach it"
        ]
    if model.mutation_rate == 0 and r > 0:
        return ["germline_mosaicism.recurrence needs mutation_rate > 0 (the prior is derived "
                "from it)"]
    return []


def _check_steps(steps: tuple[PenetranceStep, ...]) -> None:
    if steps[0].from_age != 0:
        raise ValueError(
            f"must start at from_age 0, not {steps[0].from_age:g} (add {{from_age: 0, "
            "value: 0}} when nobody is affected before the first age)"
        )
    ages = [s.from_age for s in steps]
    if ages != sorted(ages) or len(set(ages)) != len(ages):
        raise ValueError("steps must be in increasing order of from_age")
    values = [s.value for s in steps]
    if values != sorted(values):
        raise ValueError("cumulative penetrance must not decrease with age")


def _references(raw: Any) -> tuple[Reference, ...]:
    if not isinstance(raw, Mapping):
        raise ValueError("must be a mapping of analyte -> reference distributions")
    from ._reference import Reference

    out = []
    for analyte, spec in raw.items():
        try:
            out.append(Reference.from_mapping(_values.text(analyte), spec))
        except ValueError as exc:
            raise ValueError(f"{analyte}: {exc}") from None
    return tuple(out)


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
    result = tuple(steps)
    _check_steps(result)
    return result


# -- presets -------------------------------------------------------------------


#: the built-in presets, next to this module in an ordinary installation
_PRESET_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "presets")


def preset_names() -> tuple[str, ...]:
    """Names of the presets shipped with the package.

    >>> "ipex" in preset_names()
    True
    """
    if os.path.isdir(_PRESET_FOLDER):
        names = os.listdir(_PRESET_FOLDER)
    else:  # the package is not plain files (a zip): importlib.resources (slower to import)
        from importlib import resources

        names = [p.name for p in (resources.files("xlinked.risk") / "presets").iterdir()]
    return tuple(sorted(name[:-5] for name in names if name.endswith(".yaml")))


def _preset_text(key: str) -> str:
    """The text of the built-in preset ``key`` (a name from :func:`preset_names`)."""
    if os.path.isdir(_PRESET_FOLDER):
        with open(os.path.join(_PRESET_FOLDER, f"{key}.yaml"), encoding="utf-8") as f:
            return f.read()
    from importlib import resources

    return (resources.files("xlinked.risk") / "presets" / f"{key}.yaml").read_text(
        encoding="utf-8")


#: The largest preset file read.
MAX_PRESET_BYTES = 1024 * 1024
_PRESET_SUFFIXES = (".yaml", ".yml", ".json")


def preset(name_or_path: str | os.PathLike[str], *,
           folder: str | os.PathLike[str] | None = None) -> RiskModel:
    """The risk model of a named preset (``"ipex"``) or of a preset file.

    A preset file is YAML or JSON with the keys of a pedigree file's ``model:``
    section (``docs/format.md``), plus optional ``summary``, ``description``,
    ``sources``, ``condition`` and ``gene`` that document it. Only a regular file named
    ``*.yaml``, ``*.yml`` or ``*.json`` of at most 1 MB is read, relative to
    ``folder`` (the current folder when ``None``), with the same safe loader as
    pedigree files. A file with keys that are not model parameters is refused
    without quoting it.

    Raises
    ------
    ModelError
        When there is no such preset, or the file is not a valid model.

    >>> preset("IPEX").mutation_rate
    Fraction(1, 1000000)
    >>> preset("/etc/passwd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xlinked.errors.ModelError: no preset '/etc/passwd' (known: ...; or a preset file named ...)
    """
    if not isinstance(name_or_path, str | os.PathLike):
        raise ModelError(f"a preset is a name or a file, got {_values.shown(name_or_path)}")
    key = os.fspath(name_or_path)
    if key.lower() in preset_names():
        return _named(key.lower())
    path = Path(key)
    if path.suffix.lower() not in _PRESET_SUFFIXES:
        known = ", ".join(preset_names())
        raise ModelError(f"no preset {_values.shown(key)} (known: {known}; or a preset file "
                         f"named *.yaml, *.yml or *.json)")
    if folder is not None and not path.is_absolute():
        path = Path(folder) / path
    source = str(path)
    try:
        text = decode(read_file(path, max_bytes=MAX_PRESET_BYTES, what="preset file"),
                      source=source, what="preset file")
    except ReadError as exc:
        raise ModelError(f"{source}: cannot read the preset file ({exc.detail})") from None
    try:
        data = parse_yaml(text, source=source)
    except ReadError as exc:  # said without quoting the file: it may be anybody's
        at = f" at line {exc.line}" if exc.line else ""
        raise ModelError(f"{source}: is not a preset file (not valid YAML or JSON{at})") from None
    return _from_preset(data, source)


@functools.lru_cache(maxsize=32)
def _named(name: str) -> RiskModel:
    source = f"preset {name!r}"
    return _from_preset(parse_yaml(_preset_text(name), source=source), source)


def _from_preset(data: Any, source: str) -> RiskModel:
    known = {*_MODEL_KEYS, *_PRESET_DOC_KEYS} - {"preset"}
    if not isinstance(data, Mapping) or not data or any(
            not isinstance(k, str) or k not in known for k in data):
        raise ModelError(f"{source}: is not a preset file: a preset is a mapping of model "
                         "parameters (docs/format.md lists them)")
    data = {k: v for k, v in data.items() if k not in _PRESET_DOC_KEYS}
    try:
        return RiskModel.from_mapping(data)
    except PedigreeError as exc:
        raise ModelError("\n".join(f"{source}: {p}" for p in exc.problems)) from None
