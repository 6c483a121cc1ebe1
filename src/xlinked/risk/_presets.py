"""The documentation of the built-in presets (``xlinked presets``, the report)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import _values
from .._input import parse_yaml
from ..errors import ModelError
from .model import _preset_text, preset_names

__all__ = ["PresetInfo", "preset_info"]


@dataclass(frozen=True, slots=True)
class PresetInfo:
    """What a built-in preset is for and where its values come from.

    ``summary`` is the one line ``xlinked presets`` shows; ``sources`` the
    publications its values are taken from (``docs/presets.md`` says, value by
    value, which are published and which are conventions).
    """

    key: str
    name: str
    condition: str
    gene: str
    summary: str
    description: str
    sources: tuple[str, ...]


def preset_info(name: str) -> PresetInfo:
    """The documentation of a built-in preset.

    >>> preset_info("haemophilia-b").gene
    'F9'

    Raises
    ------
    ModelError
        When there is no built-in preset of that name.
    """
    if not isinstance(name, str):
        raise ModelError(f"a preset is named by text, got {_values.shown(name)}")
    key = name.strip().lower()
    if key not in preset_names():
        known = ", ".join(preset_names())
        raise ModelError(f"no preset {name!r} (known: {known})")
    data = parse_yaml(_preset_text(key), source=f"preset {key!r}")
    return PresetInfo(
        key=key,
        name=str(data.get("name", key)),
        condition=str(data.get("condition", data.get("name", key))),
        gene=str(data.get("gene", "")),
        summary=" ".join(str(data.get("summary", "")).split()),
        description=" ".join(str(data.get("description", "")).split()),
        sources=tuple(str(x) for x in data.get("sources", ())),
    )
