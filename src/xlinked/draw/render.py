"""Rendering a :class:`~xlinked.draw.layout.Layout` with matplotlib (no pyplot).

:func:`render` paints a layout on a new :class:`matplotlib.figure.Figure`:
NSGC 2022 symbols, lines, the text under each symbol, generation numerals, a
title and a legend that defines every mark in use. :func:`save` writes it to
PNG, SVG or PDF, reproducibly for the vector formats (fixed SVG hash salt, no
date), and atomically (a failure leaves no half-written file).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Patch, Polygon, Rectangle

from .._atomic import replacing
from .._output import xml_text
from ..errors import XlinkedError
from ._labels import Marks, feature_names
from ._text import FONT_EM, LINE_HEIGHT, text_width
from .layout import HALF, LABEL_GAP, MARGIN, Layout

__all__ = ["FORMATS", "RC", "render", "save"]

#: Output formats, from the file extension.
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: matplotlib settings used while drawing and saving (reproducible SVG, real text).
RC: dict[str, Any] = {
    "svg.hashsalt": "xlinked",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "path.simplify": False,
}

INCH = 0.3  # one symbol width, in inches, for drawings up to MAX_WIDTH wide
MAX_WIDTH = 48.0  # inches; bigger pedigrees are drawn smaller
LW = 1.0  # line width, points
FEATURE_STYLE = (  # colour-blind-safe fills with hatches for greyscale copies
    ("#E69F00", "////"),
    ("#56B4E9", "...."),
    ("#009E73", "\\\\\\\\"),
    ("#CC79A7", "xxxx"),
)
# quadrant offsets (x0, y0) of the lower-left... in data units, y down:
# upper-left, upper-right, lower-right, lower-left
_QUADRANTS = ((-HALF, -HALF), (0.0, -HALF), (0.0, 0.0), (-HALF, 0.0))
_FONT = "DejaVu Sans"
P = ParamSpec("P")
R = TypeVar("R")


def _outline(m: Marks, x: float, y: float, s: float = 1.0, **kw: Any) -> Patch:
    h = HALF * s
    if m.small:
        return Polygon([(x, y - h), (x + 0.7 * h, y + 0.2 * h), (x - 0.7 * h, y + 0.2 * h)],
                       closed=True, **kw)
    if m.shape == "square":
        return Rectangle((x - h, y - h), 2 * h, 2 * h, **kw)
    if m.shape == "circle":
        return Circle((x, y), h, **kw)
    return Polygon([(x, y - h), (x + h, y), (x, y + h), (x - h, y)], closed=True, **kw)


def _symbol(ax: Any, m: Marks, x: float, y: float, gid: str | None, s: float = 1.0,
            fs: float = 8.0, quadrant_style: Sequence[tuple[str, str]] = FEATURE_STYLE) -> None:
    """Draw one person's symbol with all its marks at (x, y), scale ``s``."""
    h = HALF * s
    feats = any(m.features)
    fill = "black" if m.affected and not feats else "white"
    style = "--" if m.hypothetical else "-"
    body = _outline(m, x, y, s, facecolor=fill, edgecolor="black", linewidth=LW,
                    linestyle=style, zorder=3)
    if gid:
        body.set_gid(xml_text(gid))
    ax.add_patch(body)
    if feats and not m.small:
        for on, (dx, dy), (colour, hatch) in zip(m.features, _QUADRANTS, quadrant_style,
                                                  strict=True):
            if on:
                q = Rectangle((x + dx * s, y + dy * s), h, h, facecolor=colour, hatch=hatch,
                              edgecolor="black", linewidth=0, zorder=3.5)
                ax.add_patch(q)
                q.set_clip_path(body)
        ax.add_patch(_outline(m, x, y, s, facecolor="none", edgecolor="black", linewidth=LW,
                              linestyle=style, zorder=4))
        ax.plot([x, x], [y - h, y + h], color="black", linewidth=0.5 * LW, zorder=4,
                clip_path=body)
        ax.plot([x - h, x + h], [y, y], color="black", linewidth=0.5 * LW, zorder=4,
                clip_path=body)
    centre = ""
    if m.pregnancy == "ongoing":
        centre = "P"
    elif m.affected is None and not m.small and not m.carrier:
        centre = "?"
    if centre:
        ax.text(x, y, centre, ha="center", va="center_baseline", fontsize=fs * 1.1,
                family=_FONT, zorder=5, color="white" if fill == "black" else "black")
    if m.carrier and not m.affected:
        ax.add_patch(Circle((x, y), 0.13 * s, facecolor="black", edgecolor="none", zorder=5))
    if m.presymptomatic and not m.small:
        ax.plot([x, x], [y - h, y + h], color="black", linewidth=LW, zorder=5)
    if m.evaluated:
        ax.text(x + 0.7 * s, y + 0.42 * s, "*", ha="center", va="center", fontsize=fs * 1.2,
                family=_FONT, fontweight="bold", zorder=6)
    if m.deceased or m.pregnancy == "termination":
        k = 0.62 if not m.small else 0.45
        ax.plot([x - k * s, x + k * s], [y + k * s, y - k * s], color="black", linewidth=LW,
                zorder=6)
    if m.proband or m.consultand:
        tip = (x - 0.52 * s, y + 0.3 * s)
        tail = (x - 1.25 * s, y + 0.62 * s)
        ax.annotate("", xy=tip, xytext=tail, zorder=6,
                    arrowprops={"arrowstyle": "-|>", "color": "black", "lw": LW,
                                "shrinkA": 0, "shrinkB": 0, "mutation_scale": 7 * s})
        if m.proband:
            ax.text(x - 1.4 * s, y + 0.5 * s, "P", ha="center", va="center", family=_FONT,
                    fontsize=fs, fontweight="bold", zorder=6)
    if m.adopted:
        k, t = 0.72 * s, 0.15 * s
        for sign in (-1, 1):
            xs = x + sign * k
            ax.plot([xs - sign * t, xs, xs, xs - sign * t], [y - 0.6 * s, y - 0.6 * s,
                    y + 0.6 * s, y + 0.6 * s], color="black", linewidth=LW, zorder=6)


def _legend_entries(lay: Layout, has_risks: bool,
                    risk_note: str | None = None) -> list[tuple[str, Any, str]]:
    marks = [n.marks for n in lay.nodes]
    text = [ln for n in lay.nodes for ln in n.lines]
    out: list[tuple[str, Any, str]] = []

    def sym(**kw: Any) -> Marks:
        base: dict[str, Any] = {"shape": "square", "affected": False}
        base.update(kw)
        return Marks(**base)

    if any(m.affected and not any(m.features) for m in marks):
        out.append(("symbol", sym(affected=True), "affected"))
    names = feature_names()
    for q, name in enumerate(names):
        if any(m.features[q] for m in marks):
            f = tuple(i == q for i in range(4))
            out.append(("symbol", sym(affected=True, features=f), f"affected: {name}"))
    if any(m.affected is None and not m.small and m.pregnancy != "ongoing" and not m.carrier
           for m in marks):
        out.append(("symbol", sym(affected=None), "affection status unknown"))
    if any(m.carrier for m in marks):
        out.append(("symbol", sym(shape="circle", carrier=True), "carrier (tested or obligate)"))
    if any(m.obligate for m in marks):
        out.append(("text", "obligate carrier", "carrier proven by the pedigree"))
    if any(m.deceased and m.pregnancy != "stillbirth" for m in marks):
        out.append(("symbol", sym(deceased=True), "deceased (d. = age at death)"))
    if any(m.proband for m in marks):
        out.append(("symbol", sym(proband=True), "proband"))
    if any(m.consultand for m in marks):
        out.append(("symbol", sym(consultand=True), "consultand"))
    if any(m.pregnancy == "ongoing" for m in marks):
        out.append(("symbol", sym(shape="diamond", pregnancy="ongoing"), "pregnancy (wk)"))
    if any(m.pregnancy in ("miscarriage", "ectopic") for m in marks):
        out.append(("symbol", sym(pregnancy="miscarriage"),
                    "pregnancy loss (SAB: miscarriage, ECT: ectopic)"))
    if any(m.pregnancy == "termination" for m in marks):
        out.append(("symbol", sym(pregnancy="termination"), "termination (TOP)"))
    if any(m.pregnancy == "stillbirth" for m in marks):
        out.append(("symbol", sym(deceased=True, pregnancy="stillbirth"), "stillbirth (SB)"))
    if any(m.adopted for m in marks):
        out.append(("symbol", sym(adopted="in"), "adopted"))
    if any(m.hypothetical for m in marks):
        out.append(("symbol", sym(hypothetical=True), "future child (hypothetical)"))
    if any(m.presymptomatic for m in marks):
        out.append(("symbol", sym(presymptomatic=True),
                    "carries the variant, not affected (yet): presymptomatic"))
    if any(m.evaluated for m in marks):
        out.append(("symbol", sym(evaluated=True), "documented evaluation (*)"))
    if any(n.birth_order is not None for n in lay.nodes):
        out.append(("circled", "2", "birth order, where siblings are drawn out of order"))
    childless = {c.childless for c in lay.couples}
    if "choice" in childless:
        out.append(("childless", 1, "no children (by choice or reason unknown)"))
    if "infertility" in childless:
        out.append(("childless", 2, "infertility"))
    if any(c.consanguineous for c in lay.couples):
        out.append(("line2", None, "consanguineous couple"))
    if any(c.separated for c in lay.couples):
        out.append(("sep", None, "relationship ended"))
    kinds = {s.kind for s in lay.segments}
    if "twin" in kinds:
        out.append(("text", "MZ twins", "joined by a bar"))
    if any(g.kind == "twin?" for g in lay.glyphs):
        out.append(("text", "? twins", "zygosity unknown"))
    if any(t.startswith(("E+", "E\u2212", "Eu")) for t in text):
        out.append(("text", "E+ / E\u2212 / Eu",
                    "genetic test positive / negative / uninformative"))
    if any(t.startswith("LR ") for t in text):
        out.append(("text", "LR 4.2", "likelihood ratio carrier : non-carrier (quantitative "
                                      "test)"))
    if any(" = " in t for t in text):
        out.append(("text", "CK = 310 U/L", "measured carrier test: its likelihood ratio "
                                            "enters the risk"))
    if any(t.startswith("dx ") for t in text):
        out.append(("text", "dx", "age at diagnosis"))
    if has_risks and any(t.startswith(("carrier ", "affected ")) for t in text):
        out.append(("text", "carrier p", "computed probability of carrying the variant"))
        out.append(("text", "affected p", "computed probability of being affected"))
        if risk_note:
            out.append(("text", "risks", risk_note))
    return out


def _literal(paint: Callable[P, R]) -> Callable[P, R]:
    """Run ``paint`` with text drawn as written: ``$x$`` is not mathtext, no TeX."""

    @functools.wraps(paint)
    def literal(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context({"text.parse_math": False, "text.usetex": False}):
            return paint(*args, **kwargs)

    return literal


@_literal
def render(
    lay: Layout,
    *,
    title: str | None = None,
    legend: bool = True,
    risks_shown: bool = True,
    risk_note: str | None = None,
    dpi: float = 150,
) -> Figure:
    """Paint ``lay`` on a new matplotlib :class:`~matplotlib.figure.Figure`.

    Each symbol is a patch whose ``gid`` is ``symbol-<id>`` (an ``id`` in SVG
    output), each text block a group of ``label-<id>`` texts. Text is drawn as
    written (no mathtext), characters XML cannot hold are shown escaped.
    """
    title = xml_text(title) if title else title
    x0, y0, x1, y1 = lay.bounds
    entries = _legend_entries(lay, risks_shown, risk_note) if legend else []
    col_w = max([8.0] + [_entry_width(w, t) + 1.0 for _, w, t in entries])
    room = max(x1 - x0, 2 * col_w if len(entries) > 5 else col_w)
    cols = max(1, int(room // col_w)) if entries else 1
    leg_rows = -(-len(entries) // cols) if entries else 0
    top = y0 - (1.2 if title else 0.0)
    bottom = y1 + (leg_rows * 0.95 + 0.6 if entries else 0.0)
    if entries and (x1 - x0) < cols * col_w + MARGIN:
        x1 = x0 + cols * col_w + MARGIN  # the legend's last column, and a margin
    width, height = x1 - x0, bottom - top
    inch = min(INCH, MAX_WIDTH / width)
    fig = Figure(figsize=(width * inch, height * inch), dpi=dpi)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fs = FONT_EM * inch * 72  # points
    solid = [((s.x0, s.y0), (s.x1, s.y1)) for s in lay.segments if not s.dashed]
    dashed = [((s.x0, s.y0), (s.x1, s.y1)) for s in lay.segments if s.dashed]
    ax.add_collection(LineCollection(solid, colors="black", linewidths=LW, zorder=2,
                                     capstyle="butt", gid="lines"))
    if dashed:
        ax.add_collection(LineCollection(dashed, colors="black", linewidths=LW, zorder=2,
                                         linestyles="--", gid="adoption-lines"))
    for g in lay.glyphs:
        if g.kind == "twin?":
            ax.text((g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, "?", ha="center", va="center",
                    fontsize=fs, family=_FONT)
        elif g.kind == "birth-order":
            _circled(ax, (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, g.text, fs, f"birth-order-{g.owner}")
    for n in lay.nodes:
        _symbol(ax, n.marks, n.x, n.y, f"symbol-{n.id}", fs=fs)
        ty = n.y + HALF + LABEL_GAP
        for k, line in enumerate(n.lines):
            t = ax.text(n.x, ty + (k + 0.5) * LINE_HEIGHT, xml_text(line), ha="center",
                        va="center_baseline", fontsize=fs, family=_FONT, zorder=7,
                        fontweight="bold" if k == 0 else "normal")
            t.set_gid(xml_text(f"label-{n.id}"))
    for g in lay.generation_labels:
        ax.text(g.x1, (g.y0 + g.y1) / 2, g.text, ha="right", va="center", fontsize=fs * 1.2,
                fontweight="bold", family=_FONT)
    if title:
        ax.text((x0 + x1) / 2, top + 0.6, title, ha="center", va="center", fontsize=fs * 1.35,
                fontweight="bold", family=_FONT)
    if entries:
        _legend(ax, entries, x0 + 0.6, y1 + 0.5, cols, col_w, fs)
    return fig


def _circled(ax: Any, x: float, y: float, text: str, fs: float, gid: str | None = None) -> None:
    """A birth-order number in a small circle."""
    ring = Circle((x, y), 0.18, facecolor="white", edgecolor="black", linewidth=0.6 * LW,
                  zorder=6)
    if gid:
        ring.set_gid(gid)
    ax.add_patch(ring)
    ax.text(x, y, text, ha="center", va="center_baseline", fontsize=fs * 0.7, family=_FONT,
            zorder=7)


def _entry_width(what: Any, text: str) -> float:
    lead = 1.1 * text_width(what) - 0.1 if isinstance(what, str) else 1.6
    return 0.6 + lead + text_width(text)


def _legend(ax: Any, entries: Sequence[tuple[str, Any, str]], x: float, y: float, cols: int,
            col_w: float, fs: float) -> None:
    rows = -(-len(entries) // cols)
    ax.plot([x - 0.3, x - 0.3 + cols * col_w - 0.6], [y - 0.2, y - 0.2], color="0.6",
            linewidth=0.6 * LW)
    for i, (kind, what, text) in enumerate(entries):
        c, r = divmod(i, rows)
        cx = x + c * col_w + 0.6
        cy = y + 0.45 + r * 0.95
        if kind == "symbol":
            _symbol(ax, what, cx, cy, None, s=0.6, fs=fs * 0.8)
            label_x = cx + 1.0
        elif kind == "line2":
            for d in (-0.07, 0.07):
                ax.plot([cx - 0.5, cx + 0.5], [cy + d, cy + d], color="black", linewidth=LW)
            label_x = cx + 1.0
        elif kind == "circled":
            _circled(ax, cx, cy, what, fs)
            label_x = cx + 1.0
        elif kind == "childless":
            ax.plot([cx - 0.5, cx + 0.5], [cy - 0.2, cy - 0.2], color="black", linewidth=LW)
            ax.plot([cx, cx], [cy - 0.2, cy + 0.08], color="black", linewidth=LW)
            for k in range(what):
                ax.plot([cx - 0.18, cx + 0.18], [cy + 0.08 + 0.1 * k] * 2, color="black",
                        linewidth=LW)
            label_x = cx + 1.0
        elif kind == "sep":
            ax.plot([cx - 0.5, cx + 0.5], [cy, cy], color="black", linewidth=LW)
            for d in (-0.07, 0.07):
                ax.plot([cx + d - 0.08, cx + d + 0.08], [cy + 0.16, cy - 0.16], color="black",
                        linewidth=LW)
            label_x = cx + 1.0
        else:
            ax.text(cx - 0.4, cy, what, ha="left", va="center", fontsize=fs, family=_FONT,
                    fontweight="bold")
            label_x = cx - 0.4 + 1.1 * text_width(what) + 0.3
        ax.text(label_x, cy, text, ha="left", va="center", fontsize=fs, family=_FONT)


def save(fig: Figure, path: str | os.PathLike[str], format: str | None = None) -> str:
    """Write ``fig`` to ``path`` (PNG, SVG or PDF from the extension), atomically.

    Returns the format written. SVG and PDF output is reproducible: the same
    figure gives the same bytes.
    """
    path = Path(path)
    fmt = format or FORMATS.get(path.suffix.lower())
    if fmt is None or fmt not in FORMATS.values():
        raise XlinkedError(
            f"{path}: cannot tell the image format from the extension "
            f"{path.suffix or '(none)'!r}: use .png, .svg or .pdf"
        )
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    if fmt == "pdf":
        metadata["CreationDate"] = None
        metadata.pop("Date")
    with replacing(path) as tmp, matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig.savefig(tmp, format=fmt, metadata=metadata)
    return fmt
