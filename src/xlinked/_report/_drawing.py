"""The report's drawing: the display list of ``xlinked draw`` (no title: the report
has its own), written as inline SVG or as a one-page vector PDF."""

from __future__ import annotations

import io
from typing import Any

from ..model import Pedigree
from ..risk import RiskResult

__all__ = ["pdf_bytes", "scene", "svg_element"]


def scene(pedigree: Pedigree, risks: RiskResult | None, anonymise: bool) -> Any:
    """The drawing of ``pedigree`` with ``risks``, as a display list."""
    from ..draw import _display

    return _display(pedigree, risks, anonymise, "", True, 150)


def svg_element(sc: Any, label: str) -> str:
    """The drawing as one ``<svg>`` element to put inline in HTML (text kept as text)."""
    from ..draw._svg import write_svg

    text = write_svg(sc)
    text = text[text.index("<svg"):]
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).rstrip()


def pdf_bytes(sc: Any) -> bytes:
    """The drawing as a one-page vector PDF (its text kept as text, searchable)."""
    import matplotlib

    from ..draw.render import RC, TEXT_LIMIT, paint

    fig = paint(sc, text_as_paths=len(sc.texts) > TEXT_LIMIT)
    # Type 3 fonts: text stays text, and saving takes a quarter of the time of
    # Type 42, whose font subsetting would dominate the report's PDF time.
    rc = {**RC, "pdf.fonttype": 3}
    buf = io.BytesIO()
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
    return buf.getvalue()
