"""The report's model section: every parameter with its value and its source.

A parameter's source is the note the preset file gives for it (the preset
YAML files document each value above its key, ``docs/presets.md``) when the
value is the preset's; otherwise the family's file or the caller set it.

>>> from xlinked.risk import preset
>>> notes = preset_notes("ipex")
>>> "GeneReviews" in notes["male_fitness"]
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources

from .. import _values
from ..model import Pedigree
from ..risk._format import percent, probability
from ..risk.model import PenetranceStep, RiskModel, preset, preset_info, preset_names

__all__ = ["ModelSection", "model_section", "preset_notes"]

MODE_TEXT = {
    "limit": (
        "Exact fractions in the limit of a vanishing mutation rate (mutation rate → 0): the "
        "textbook answers (for example 2/3 for the mother of an isolated case). New mutations "
        "still count, through their ratio to each other; at a realistic mutation rate the "
        "answers differ by amounts of the order of the mutation rate, except in informative "
        "or inbred families, where the finite-rate figures (--mode exact or float) are the "
        "ones to quote."),
    "exact": (
        "Exact fractions at the model's mutation rate (long fractions are shown as "
        "decimals). New mutations in eggs and sperm are counted at the rates below."),
    "float": (
        "Decimals at the model's mutation rate (double precision). New mutations in eggs "
        "and sperm are counted at the rates below; the exact fractions are available with "
        "--mode exact, the textbook limit with --mode limit."),
}

CONVENTIONS = (
    "Carrier means a woman with one (or two) copies of the variant, or a man with the "
    "variant on his X chromosome (hemizygous).",
    "People without parents in the pedigree start from the population (mutation-selection "
    "equilibrium, or the carrier frequency when one is given).",
    "A man who fathered a child is counted as a man who reproduced: with the model's male "
    "fitness when he has the variant (with fitness 0 he cannot have it, unless he is recorded "
    "affected or tested positive).",
    "Ages are those recorded, or the year of the file's date minus the year of birth; an "
    "unaffected person of unknown age is taken as past every age of onset.",
    "A deceased person and a pregnancy loss have no risk still to come.",
    "A woman's next daughter has her current partner (from the file's unions), else the "
    "father of her last child, else a man from the population as father.",
    "Hypothetical children carry no information and change nobody else's figures.",
)


@dataclass(frozen=True)
class ModelSection:
    """The model in one line, its parameters (name, value, source), and notes."""

    one_line: str
    mode_text: str
    parameters: tuple[tuple[str, str, str], ...]
    sources: tuple[str, ...]
    source_heading: str
    conventions: tuple[str, ...] = CONVENTIONS


@functools.cache
def preset_notes(key: str) -> dict[str, str]:
    """The comment written above each top-level key of a built-in preset file."""
    text = (resources.files("xlinked.risk") / "presets" / f"{key}.yaml").read_text("utf-8")
    notes: dict[str, str] = {}
    comment: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            comment.append(line.lstrip("#").strip())
        elif line and not line[0].isspace() and ":" in line:
            if comment:
                notes[line.split(":", 1)[0].strip()] = _readable(" ".join(comment))
            comment = []
        elif not line.strip():
            comment = []
    return notes


def _readable(note: str) -> str:
    """A preset note without the clauses that point into the repository's docs.

    >>> _readable("Convention: equal rates; see docs/risk.md for the excess (Crow 2000).")
    'Convention: equal rates.'
    """
    parts = re.split(r"(?<=[.;])\s+", note)
    kept = [p for p in parts if "docs/" not in p]
    text = " ".join(kept).strip()
    if text.endswith(";"):
        text = text[:-1] + "."
    return text


def _base_preset(model: RiskModel) -> str:
    """The built-in preset the model comes from: by name, else IPEX (the defaults)."""
    for key in preset_names():
        if model.name is not None and preset(key).name == model.name:
            return key
    return "ipex"


def _steps(steps: tuple[PenetranceStep, ...]) -> str:
    if len(steps) == 1:
        return percent(steps[0].value)

    def age(a: float) -> str:
        if a == 0:
            return "birth"
        return f"{round(a * 12)} months" if a < 1 else f"{a:g} year{'s' if a != 1 else ''}"

    return ", ".join(f"{percent(s.value)} from {age(s.from_age)}" for s in steps)


def _rate(x: Fraction) -> str:
    return f"{_values.format_fraction(x)} per generation"


def _values_of(model: RiskModel) -> list[tuple[str, str, str]]:
    """(key, label, value) for every parameter of the model."""
    rows = [
        ("mutation_rate", "New-mutation rate in eggs", _rate(model.mutation_rate)),
        ("male_mutation_rate", "New-mutation rate in sperm",
         "the same as in eggs" if model.male_mutation_rate is None
         else _rate(model.male_mutation_rate)),
        ("male_fitness", "Fitness of men with the variant",
         f"{probability(model.male_fitness)} (relative to other men)"),
        ("carrier_frequency", "Prior for people from the population",
         "mutation-selection equilibrium (Haldane)" if model.carrier_frequency is None
         else f"carrier frequency {probability(model.carrier_frequency)}"),
        ("penetrance", "Penetrance in men with the variant, by age", _steps(model.penetrance)),
        ("female_penetrance", "Penetrance in carrier women (manifesting carriers)",
         _steps(model.female_penetrance)),
        ("phenocopy_rate", "Affected without the variant (phenocopies)",
         percent(model.phenocopy_rate)),
    ]
    if model.mosaicism_recurrence is not None:
        mosaic = (f"recurrence {percent(model.mosaicism_recurrence)} per son after a mother "
                  f"who tested negative, transmission {percent(model.mosaicism_transmission)} "
                  f"(prior per parent {probability(model.mosaic_prior)})")
    elif model.mosaicism_prior:
        mosaic = (f"prior {probability(model.mosaicism_prior)} per parent, transmission "
                  f"{percent(model.mosaicism_transmission)}")
    else:
        mosaic = "not included"
    rows.append(("germline_mosaicism", "Germline mosaicism", mosaic))
    for ref in model.measurements:
        rows.append((f"measurements.{ref.analyte}", f"Carrier test: {ref.name} ({ref.label})",
                     f"{ref.family} reference distributions for carriers and non-carriers, "
                     f"in {ref.unit}"))
    return rows


def _same(a: RiskModel, b: RiskModel, key: str) -> bool:
    if key == "germline_mosaicism":
        return all(getattr(a, k) == getattr(b, k) for k in (
            "mosaicism_prior", "mosaicism_transmission", "mosaicism_recurrence"))
    if key.startswith("measurements."):
        analyte = key.split(".", 1)[1]
        return any(r.analyte == analyte for r in b.measurements) and \
            [r for r in a.measurements if r.analyte == analyte] == \
            [r for r in b.measurements if r.analyte == analyte]
    return bool(getattr(a, key) == getattr(b, key))


def model_section(pedigree: Pedigree, model: RiskModel, mode: str) -> ModelSection:
    """The model section for ``model`` as used on ``pedigree`` in ``mode``."""
    key = _base_preset(model)
    info = preset_info(key)
    base = preset(key)
    notes = preset_notes(key)
    params = []
    for name, label, value in _values_of(model):
        if _same(model, base, name):
            note = notes.get(name.split(".")[0], "")
            ref = next((r for r in model.measurements if f"measurements.{r.analyte}" == name),
                       None)
            if ref is not None and ref.source:
                note = ref.source
            source = f"{info.key} preset" + (f": {note}" if note else "")
        elif pedigree.model is not None and _same(model, pedigree.model, name):
            source = "the family's file (its model section)"
        else:
            source = "set for this report (a --preset, --mutation-rate or model option)"
        params.append((label, value, source))
    name = model.name or (f"{info.name}, as modified" if any(
        not _same(model, base, n) for n, _, _ in _values_of(model)) else info.name)
    limit = " (textbook limit, mutation rate → 0)" if mode == "limit" else ""
    one_line = (f"{name}; mutation rate {_values.format_fraction(model.mutation_rate)}"
                f"{limit}; male fitness {probability(model.male_fitness)}; lifetime "
                f"penetrance {percent(model.lifetime_penetrance)}; "
                + {"limit": "exact fractions", "exact": "exact fractions",
                   "float": "decimals"}[mode])
    return ModelSection(
        one_line=one_line,
        mode_text=MODE_TEXT[mode],
        parameters=tuple(params),
        sources=info.sources,
        source_heading=f"Sources of the {info.name} preset",
    )

