"""Painting a drawing with matplotlib (no pyplot), and saving it.

:func:`render` turns a :class:`~xlinked.draw.layout.Layout` into a
:class:`matplotlib.figure.Figure` through its display list
(:func:`~xlinked.draw._scene.scene`): shapes of one style are joined into one
path and lines into one collection, and each person's text is two text
objects (the number in bold, then the rest), so that large pedigrees render
quickly. :func:`save` writes PNG or PDF with matplotlib, and SVG straight from
the display list (:mod:`._svg`: fast, one ``symbol-<id>`` group per person),
reproducibly for the vector formats, and atomically (a failure leaves no
half-written file). :func:`png_warning` says when a PNG would be unreadable.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath
from matplotlib.text import Text as MText

from .._atomic import replacing
from ..errors import XlinkedError
from ._scene import Scene, Shape, Text, scene
from ._text import LINE_HEIGHT
from .layout import Layout

__all__ = ["FORMATS", "RC", "png_warning", "render", "save"]

#: Output formats, from the file extension.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: matplotlib settings used while drawing and saving (reproducible output, real text).
RC: dict[str, Any] = {
    "svg.hashsalt": "xlinked",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "path.simplify": False,
}

#: Below this height (pixels) the text of a PNG cannot be read.
READABLE_PX = 8.0
#: Above this many lines of text, a figure draws its text as glyph outlines (PDF text
#: objects cost a few milliseconds each to lay out); PNGs always do.
TEXT_LIMIT = 600

_FONT = "DejaVu Sans"
_SCENES: weakref.WeakKeyDictionary[Figure, Scene] = weakref.WeakKeyDictionary()


def render(
    lay: Layout,
    *,
    title: str | None = None,
    legend: bool = True,
    risks_shown: bool = True,
    risk_note: str | None = None,
    dpi: float = 150,
) -> Figure:
    """Paint ``lay`` on a new matplotlib :class:`~matplotlib.figure.Figure`."""
    sc = scene(lay, title=title, legend=legend, risks_shown=risks_shown, risk_note=risk_note,
               dpi=dpi)
    fig = paint(sc, text_as_paths=len(sc.texts) > TEXT_LIMIT)
    _SCENES[fig] = sc
    return fig


def paint(sc: Scene, *, text_as_paths: bool = False) -> Figure:
    """A figure showing ``sc``: one path per style of shapes, one collection per style
    of lines, and text objects merged by label block (or, with ``text_as_paths``,
    all text as one path of glyph outlines: much faster to rasterise)."""
    x0, y0, x1, y1 = sc.box
    fig = Figure(figsize=sc.size, dpi=sc.dpi)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fills: dict[tuple[Any, ...], list[MPath]] = {}
    strokes: dict[tuple[Any, ...], list[Sequence[tuple[float, float]]]] = {}
    for s in sc.shapes:
        if s.closed:
            key = (s.z, s.fill, s.stroke, s.width, s.dashed, s.hatch)
            fills.setdefault(key, []).append(_path(s))
        else:
            strokes.setdefault((s.z, s.stroke, s.width, s.dashed), []).append(s.points)
    for (z, fill, stroke, width, dashed, hatch), paths in fills.items():
        patch = PathPatch(MPath.make_compound_path(*paths), facecolor=fill or "none",
                          edgecolor=stroke or "none", linewidth=width if stroke else 0,
                          linestyle="--" if dashed else "-", hatch=hatch, zorder=z)
        ax.add_artist(patch)
    for (z, stroke, width, dashed), lines in strokes.items():
        ax.add_collection(LineCollection(lines, colors=stroke, linewidths=width, zorder=z,
                                         linestyles="--" if dashed else "-",
                                         capstyle="butt"), autolim=False)
    if text_as_paths:
        for (z, colour), path in _glyph_paths(sc).items():
            ax.add_artist(PathPatch(path, facecolor=colour, edgecolor="none", linewidth=0,
                                    zorder=z))
        return fig
    pitch = _ascent()
    for t, n in _blocks(sc.texts):
        size = t.size / 72 / sc.inch  # the font size in layout units
        text = MText(t.x, t.y + (n - 1) * LINE_HEIGHT / 2, t.text, fontsize=t.size,
                     family=_FONT, fontweight="bold" if t.bold else "normal", ha=t.align,
                     va="center_baseline" if n == 1 else "center", color=t.colour, zorder=t.z,
                     linespacing=LINE_HEIGHT / size / pitch, transform=ax.transData)
        fig.add_artist(text)
    return fig


_GLYPHS: dict[tuple[str, bool], tuple[Any, Any, float]] = {}


def _glyph(ch: str, bold: bool) -> tuple[Any, Any, float]:
    """Outline (vertices in ems, y up; codes) and advance (ems) of one character."""
    key = (ch, bold)
    if key not in _GLYPHS:
        import numpy as np
        from matplotlib.font_manager import FontProperties, findfont, get_font
        from matplotlib.textpath import TextToPath

        prop = FontProperties(family=_FONT, weight="bold" if bold else "normal", size=1)
        verts, codes = TextToPath().get_text_path(prop, ch)
        font = get_font(findfont(prop))
        font.set_size(100, 72)
        advance = font.load_char(ord(ch)).linearHoriAdvance / 65536 / 100
        _GLYPHS[key] = (np.asarray(verts, dtype=float).reshape(-1, 2) / 100,
                        np.asarray(codes, dtype=np.uint8), advance)
    return _GLYPHS[key]


def _glyph_paths(sc: Scene) -> dict[tuple[float, str], MPath]:
    """All text of a scene as outlines: one compound path per stacking order and colour."""
    import numpy as np

    parts: dict[tuple[float, str], tuple[list[Any], list[Any]]] = {}
    for t in sc.texts:
        size = t.size / 72 / sc.inch  # font size in layout units
        glyphs = [_glyph(ch, t.bold) for ch in t.text]
        width = sum(g[2] for g in glyphs) * size
        pen = t.x - {"left": 0.0, "center": width / 2, "right": width}[t.align]
        base = t.y + 0.36 * size
        verts, codes = parts.setdefault((t.z, t.colour), ([], []))
        for v, c, adv in glyphs:
            if len(v):
                verts.append(np.column_stack((pen + v[:, 0] * size, base - v[:, 1] * size)))
                codes.append(c)
            pen += adv * size
    return {key: MPath(np.concatenate(v), np.concatenate(c)) for key, (v, c) in parts.items()
            if v}


_PITCH: list[float] = []


def _ascent() -> float:
    """matplotlib spaces lines by the height of "lp" above its baseline (in ems)
    times the line spacing: that height, for DejaVu Sans."""
    if not _PITCH:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        w, h, d = TextToPath().get_text_width_height_descent(
            "lp", FontProperties(family=_FONT, size=100), ismath=False)
        _PITCH.append((h - d) / 100)
    return _PITCH[0]


def _blocks(texts: Sequence[Text]) -> list[tuple[Text, int]]:
    """Consecutive lines of one label block (same group, x and style, one line apart)
    merged into one text of several lines."""
    out: list[tuple[Text, int]] = []
    for t in texts:
        if out:
            last, n = out[-1]
            if (t.group is not None and t.group == last.group and t.x == last.x
                    and t.bold == last.bold and t.size == last.size and t.align == last.align
                    and abs(t.y - last.y - n * LINE_HEIGHT) < 1e-9):
                out[-1] = (Text(last.x, last.y, f"{last.text}\n{t.text}", last.size,
                                last.bold, last.align, last.colour, last.z, last.group), n + 1)
                continue
        out.append((t, 1))
    return out


def _path(s: Shape) -> MPath:
    if s.radius:
        (cx, cy), = s.points
        return MPath.circle((cx, cy), s.radius)
    return MPath([*s.points, s.points[0]], closed=True)


def png_warning(fig: Figure) -> str | None:
    """A warning when a PNG of ``fig`` would make its text unreadably small, else ``None``."""
    sc = _SCENES.get(fig)
    if sc is None:
        return None
    px = sc.font / 72 * fig.dpi
    if px >= READABLE_PX:
        return None
    return (f"the pedigree is {sc.box[2] - sc.box[0]:.0f} symbols wide: in a PNG at {fig.dpi:g} "
            f"dpi its text would be {px:.1f} pixels high, too small to read; write .svg or "
            f".pdf (or raise --dpi)")


def save(fig: Figure, path: str | os.PathLike[str], format: str | None = None) -> str:
    """Write ``fig`` to ``path`` (PNG, SVG or PDF from the extension), atomically.

    Returns the format written. SVG and PDF output is reproducible: the same
    figure gives the same bytes. A figure made by :func:`render` is written to
    SVG straight from its display list (the same picture, much faster, with an
    id per person); save a figure you have changed with ``fig.savefig``.
    """
    path = Path(path)
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt is None or fmt not in FORMATS.values():
        raise XlinkedError(
            f"{path}: cannot tell the image format from the extension "
            f"{path.suffix or '(none)'!r}: use .png, .svg or .pdf"
        )
    sc = _SCENES.get(fig)
    if fmt == "svg" and sc is not None:
        from ._svg import write_svg

        with replacing(path) as tmp:
            Path(tmp).write_text(write_svg(sc), encoding="utf-8")
        return fmt
    if fmt == "png" and sc is not None and fig.texts + fig.artists and any(
            isinstance(a, MText) for a in fig.artists):
        fig = paint(sc, text_as_paths=True)  # the same picture, rasterised much faster
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    if fmt == "pdf":
        metadata["CreationDate"] = None
        metadata.pop("Date")
    with replacing(path) as tmp, matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig.savefig(tmp, format=fmt, metadata=metadata)
    return fmt
