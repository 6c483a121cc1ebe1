"""Telling a file's format from its first characters, without importing its reader.

Every file read is sniffed for CanRisk, GEDCOM, pedigreejs and GA4GH content, so
these checks live here, small; each format module offers its own as ``looks_like``.
"""

from __future__ import annotations

import re

__all__ = ["CANRISK_HEADER", "BOADICEA_HEADER", "GA4GH_TITLES", "canrisk", "ga4gh", "gedcom",
           "json_array"]

CANRISK_HEADER = re.compile(r"^##\s*CanRisk\s+(\d+)(?:\.(\d+))?", re.IGNORECASE)
BOADICEA_HEADER = re.compile(r"^BOADICEA import pedigree file format\s+(\d+)(?:\.(\d+))?",
                             re.IGNORECASE)
_GEDCOM_HEAD = re.compile(r"^\s*0\s+HEAD\b")

GA4GH_TITLES = {"ga4gh": "GA4GH Pedigree (draft standard)",
                "phenopackets": "Phenopackets v2 Family (GA4GH)"}


def canrisk(text: str) -> bool:
    """True when ``text`` starts like a CanRisk or BOADICEA file."""
    head = text.lstrip("\ufeff \t\r\n")
    return bool(CANRISK_HEADER.match(head) or BOADICEA_HEADER.match(head))


def gedcom(text: str) -> bool:
    """True when the file starts with a GEDCOM header line ``0 HEAD``."""
    return bool(_GEDCOM_HEAD.match(text.lstrip("\ufeff \t\r\n")[:20]))


def json_array(text: str) -> bool:
    """True when ``text`` is a JSON array (pedigreejs; native files are mappings)."""
    return text.lstrip("\ufeff \t\r\n").startswith("[")


def ga4gh(text: str) -> str | None:
    """``"ga4gh"`` or ``"phenopackets"`` when the text is one of those files, else ``None``."""
    head = text.lstrip("\ufeff \t\r\n")[:20000]
    if re.search(r"^\s*[\"']?xlinked[\"']?\s*:", head, re.MULTILINE):
        return None
    quoted = r"[\"']?"
    if re.search(rf"{quoted}(persons){quoted}\s*:", head) and re.search(
            rf"{quoted}(individualId|individual_id){quoted}\s*:", head):
        return "phenopackets"
    if re.search(rf"{quoted}(indexPatients|index_patients|relationships){quoted}\s*:", head):
        return "ga4gh"
    if re.search(rf"{quoted}individuals{quoted}\s*:", head) and re.search(
            rf"{quoted}subject{quoted}\s*:", head):
        return "ga4gh"
    return None
