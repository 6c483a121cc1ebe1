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

import functools
import os
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath
from matplotlib.text import Text as MText

from .._atomic import replacing
from ..errors import XlinkedError
from ._scene import Scene, Shape, scene
from .layout import Layout

__all__ = ["FORMATS", "RC", "figure", "png_warning", "render", "save", "save_scene"]

#: Output formats, from the file extension.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: matplotlib settings used while drawing and saving (reproducible output, real text).
RC: dict[str, Any] = {
    "svg.hashsalt": "xlinked",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "path.simplify": False,
    "pdf.compression": 1,  # large drawings: a few percent bigger, three times faster
}

#: Where the baseline of a line of text lies below the line's middle, in ems (half
#: the height of DejaVu Sans' capitals: the line looks centred).
BASELINE = 0.36
#: Below this height (pixels) the text of a PNG cannot be read.
READABLE_PX = 8.0
#: Above this many lines of text, a figure draws its text as glyph outlines (PDF text
#: objects cost a few milliseconds each to lay out); PNGs always do.
TEXT_LIMIT = 600

_FONT = "DejaVu Sans"
_SCENES: weakref.WeakKeyDictionary[Figure, Scene] = weakref.WeakKeyDictionary()
P = ParamSpec("P")
R = TypeVar("R")


def _literal(paint: Callable[P, R]) -> Callable[P, R]:
    """Run ``paint`` with text drawn as written: ``$x$`` is not mathtext, no TeX."""

    @functools.wraps(paint)
    def literal(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
            return paint(*args, **kwargs)

    return literal


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
    return figure(scene(lay, title=title, legend=legend, risks_shown=risks_shown,
                        risk_note=risk_note, dpi=dpi))


def figure(sc: Scene) -> Figure:
    """The figure of a display list (remembered, so that :func:`save` can write SVG
    straight from it)."""
    fig = paint(sc, text_as_paths=len(sc.texts) > TEXT_LIMIT)
    _SCENES[fig] = sc
    return fig


@_literal
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
    for t in sc.texts:  # the baseline where the outlines put it (see _glyph_paths)
        size = t.size / 72 / sc.inch  # the font size in layout units
        fig.add_artist(MText(t.x, t.y + BASELINE * size, t.text, fontsize=t.size,
                             family=_FONT, fontweight="bold" if t.bold else "normal",
                             ha=t.align, va="baseline", color=t.colour, zorder=t.z,
                             transform=ax.transData))
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
        base = t.y + BASELINE * size
        verts, codes = parts.setdefault((t.z, t.colour), ([], []))
        for v, c, adv in glyphs:
            if len(v):
                verts.append(np.column_stack((pen + v[:, 0] * size, base - v[:, 1] * size)))
                codes.append(c)
            pen += adv * size
    return {key: MPath(np.concatenate(v), np.concatenate(c)) for key, (v, c) in parts.items()
            if v}



def _path(s: Shape) -> MPath:
    if s.radius:
        (cx, cy), = s.points
        return MPath.circle((cx, cy), s.radius)
    return MPath([*s.points, s.points[0]], closed=True)


def png_warning(fig: Figure) -> str | None:
    """A warning when a PNG of ``fig`` would make its text unreadably small, else ``None``."""
    sc = _SCENES.get(fig)
    return _unreadable(sc, fig.dpi) if sc is not None else None


def _unreadable(sc: Scene, dpi: float) -> str | None:
    px = sc.font / 72 * dpi
    if px >= READABLE_PX:
        return None
    return (f"the pedigree is {sc.box[2] - sc.box[0]:.0f} symbols wide: in a PNG at {dpi:g} "
            f"dpi its text would be {px:.1f} pixels high, too small to read; write .svg or "
            f".pdf (or raise --dpi)")


def _format(path: Path, format: str | None) -> str:
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt is None or fmt not in FORMATS.values():
        raise XlinkedError(
            f"{path}: cannot tell the image format from the extension "
            f"{path.suffix or '(none)'!r}: use .png, .svg or .pdf"
        )
    return fmt


def save(fig: Figure, path: str | os.PathLike[str], format: str | None = None) -> str:
    """Write ``fig`` to ``path`` (PNG, SVG or PDF from the extension), atomically.

    Returns the format written. SVG and PDF output is reproducible: the same
    figure gives the same bytes. A figure made by :func:`render` is written to
    SVG straight from its display list (the same picture, much faster, with an
    id per person); save a figure you have changed with ``fig.savefig``.
    """
    path = Path(path)
    fmt = _format(path, format)
    sc = _SCENES.get(fig)
    if sc is not None and (fmt == "svg" or (fmt == "png" and any(
            isinstance(a, MText) for a in fig.artists))):
        save_scene(sc, path, fmt)  # straight from the drawing, or rasterised faster
        return fmt
    _savefig(fig, path, fmt)
    return fmt


def save_scene(sc: Scene, path: str | os.PathLike[str], format: str | None = None,
               ) -> list[str]:
    """Write a display list to ``path``, atomically; return any warnings."""
    path = Path(path)
    fmt = _format(path, format)
    if fmt == "svg":
        from ._svg import write_svg

        with replacing(path) as tmp:
            Path(tmp).write_text(write_svg(sc), encoding="utf-8")
        return []
    fig = paint(sc, text_as_paths=fmt == "png" or len(sc.texts) > TEXT_LIMIT)
    _savefig(fig, path, fmt)
    warning = _unreadable(sc, sc.dpi) if fmt == "png" else None
    return [warning] if warning else []


def _savefig(fig: Figure, path: Path, fmt: str) -> None:
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    if fmt == "pdf":
        metadata["CreationDate"] = None
        metadata.pop("Date")
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
    with replacing(path) as tmp, matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig.savefig(tmp, format=fmt, metadata=metadata, **extra)
