"""The report's drawing: the same figure as ``xlinked draw``, as SVG text or PDF bytes."""

from __future__ import annotations

import io
import re
from typing import Any

from ..model import Pedigree
from ..risk import RiskResult

__all__ = ["figure", "pdf_bytes", "svg_element"]


def figure(pedigree: Pedigree, risks: RiskResult, anonymise: bool) -> Any:
    """The pedigree drawn with ``risks`` (no title: the report has its own)."""
    from ..draw import draw

    return draw(pedigree, risks=risks, anonymise=anonymise, title="", legend=True)


def _save(fig: Any, fmt: str) -> bytes:
    import matplotlib

    from ..draw.render import RC

    metadata: dict[str, Any] = {"CreationDate": None} if fmt == "pdf" else {"Date": None}
    # Type 3 fonts: text stays text (searchable), and saving takes a quarter of the
    # time of Type 42, whose font subsetting dominates a report's PDF time.
    rc = {**RC, "pdf.fonttype": 3}
    buf = io.BytesIO()
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def svg_element(fig: Any, label: str) -> str:
    """The figure as one ``<svg>`` element to put inline in HTML (text kept as text)."""
    text = _save(fig, "svg").decode("utf-8")
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.S)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).rstrip()


def pdf_bytes(fig: Any) -> bytes:
    """The figure as a one-page vector PDF (text embedded as TrueType, searchable)."""
    return _save(fig, "pdf")
