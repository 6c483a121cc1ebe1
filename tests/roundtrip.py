"""Helpers for the round-trip tests: what a format can hold, and text it can carry."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from xlinked import Individual, Pedigree


def safe_text(text: str | None) -> str | None:
    """Text every format keeps: letters, digits and single inner spaces, never a missing token."""
    if text is None:
        return None
    cleaned = " ".join(re.sub(r"[^A-Za-z0-9 ]", "x", text).split())
    return "t" + cleaned


def tidy(ped: Pedigree) -> Pedigree:
    """``ped`` with labels and notes every format can carry (see :func:`safe_text`)."""
    people = [p.replace(label=safe_text(p.label), note=safe_text(p.note)) for p in ped]
    return ped.replace(individuals=people)


def person_fields(p: Individual, keep: set[str]) -> dict[str, Any]:
    """The fields of ``p`` named in ``keep`` (plus id, sex and parents)."""
    data = {f.name: getattr(p, f.name) for f in dataclasses.fields(p)}
    return {k: v for k, v in data.items() if k in keep | {"id", "sex", "mother", "father"}}


def people(ped: Pedigree, keep: set[str]) -> list[dict[str, Any]]:
    return [person_fields(p, keep) for p in ped]
