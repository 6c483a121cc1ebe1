"""What a drawing is made of: a display list of shapes and texts, in layout units.

:func:`scene` turns a :class:`~xlinked.draw.layout.Layout` into a
:class:`Scene`: closed and open paths, circles and lines of text, each with its
style, its stacking order and the group it belongs to (``symbol-<id>``,
``label-<id>``...), plus the page and its scale. Two backends paint a scene:
matplotlib (:mod:`.render`: PNG, PDF and a :class:`~matplotlib.figure.Figure`),
which batches shapes of one style into one path, and a direct SVG writer
(:mod:`._svg`). Neither decides anything about the picture. No matplotlib here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .._output import xml_text
from ._labels import Marks, feature_names
from ._text import FONT_EM, LINE_HEIGHT, text_width
from .layout import HALF, LABEL_GAP, MARGIN, Layout

__all__ = ["FEATURE_STYLE", "INCH", "LW", "MAX_WIDTH", "Scene", "Shape", "Text", "scene"]

INCH = 0.3  # one symbol width, in inches, for drawings up to MAX_WIDTH wide
MAX_WIDTH = 48.0  # inches; bigger pedigrees are drawn smaller
LW = 1.0  # line width, points
FEATURE_STYLE = (  # colour-blind-safe fills with hatches for greyscale copies
    ("#E69F00", "////"),
    ("#56B4E9", "...."),
    ("#009E73", "\\\\\\\\"),
    ("#CC79A7", "xxxx"),
)
# quadrants, upper-left, upper-right, lower-right, lower-left: signs of (dx, dy), y down
_QUADRANTS = ((-1, -1), (1, -1), (1, 1), (-1, 1))


@dataclass(frozen=True, slots=True)
class Shape:
    """A path (``points``; closed or open) or a circle (``radius`` > 0 at ``points[0]``)."""

    points: tuple[tuple[float, float], ...]
    closed: bool = False
    fill: str | None = None
    stroke: str | None = "black"
    width: float = LW  # points
    dashed: bool = False
    hatch: str | None = None
    z: float = 2.0
    group: str | None = None
    radius: float = 0.0


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text centred vertically on ``y``."""

    x: float
    y: float
    text: str
    size: float  # points
    bold: bool = False
    align: str = "center"  # "left", "center", "right"
    colour: str = "black"
    z: float = 7.0
    group: str | None = None


@dataclass
class Scene:
    """Everything to paint, and the page: ``box`` in layout units, ``inch`` per unit."""

    box: tuple[float, float, float, float]
    inch: float
    dpi: float
    shapes: list[Shape] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        """The page in inches."""
        x0, y0, x1, y1 = self.box
        return (x1 - x0) * self.inch, (y1 - y0) * self.inch

    @property
    def font(self) -> float:
        """The label font size, in points."""
        return FONT_EM * self.inch * 72


def scene(lay: Layout, *, title: str | None = None, legend: bool = True,
          risks_shown: bool = True, risk_note: str | None = None, dpi: float = 150) -> Scene:
    """The display list of a drawing: lines, symbols, texts, title and legend."""
    x0, y0, x1, y1 = lay.bounds
    entries = _legend_entries(lay, risks_shown, risk_note) if legend else []
    col_w = max([8.0] + [_entry_width(w, t) + 1.0 for _, w, t in entries])
    # as many legend columns as fit under the family; two under a narrow family only
    # when one would be taller than the family itself (a small family stays large)
    cols = max(1, int(max(x1 - x0, col_w) // col_w))
    if cols == 1 and len(entries) > 5 and len(entries) * 0.95 > y1 - y0:
        cols = 2
    leg_rows = -(-len(entries) // cols) if entries else 0
    top = y0 - (1.2 if title else 0.0)
    bottom = y1 + (leg_rows * 0.95 + 0.6 if entries else 0.0)
    if entries and (x1 - x0) < cols * col_w + MARGIN:
        # the legend is wider than the family: the family in the middle above it
        pad = (cols * col_w + MARGIN - (x1 - x0)) / 2
        x0, x1 = x0 - pad, x1 + pad
    inch = min(INCH, MAX_WIDTH / (x1 - x0))
    sc = Scene((x0, top, x1, bottom), inch, dpi)
    fs = sc.font
    _lines(sc, lay)
    for g in lay.glyphs:
        if g.kind == "twin?":
            sc.texts.append(Text((g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, "?", fs, group=None))
        elif g.kind == "birth-order":
            _circled(sc, (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2, g.text, fs,
                     xml_text(f"birth-order-{g.owner}"))
    for n in lay.nodes:
        copy = "-copy" if n.is_duplicate else ""
        gid = xml_text(f"symbol-{n.id}{copy}")
        symbol(sc, n.marks, n.x, n.y, gid, fs=fs)
        ty = n.y + HALF + LABEL_GAP
        lab = xml_text(f"label-{n.id}{copy}")
        for k, line in enumerate(n.lines):  # as written; what XML cannot hold escaped
            sc.texts.append(Text(n.x, ty + (k + 0.5) * LINE_HEIGHT, xml_text(line), fs,
                                 bold=k == 0, group=lab))
    for g in lay.generation_labels:
        sc.texts.append(Text(g.x1, (g.y0 + g.y1) / 2, g.text, fs * 1.2, bold=True,
                             align="right", z=7, group="generations"))
    for fam in lay.families:
        if fam.title is not None:
            t = fam.title
            sc.texts.append(Text(t.x0, (t.y0 + t.y1) / 2, t.text, fs * 1.2, bold=True,
                                 align="left", group=f"family-{fam.name}"))
    if title:
        sc.texts.append(Text((x0 + x1) / 2, top + 0.6, xml_text(title), fs * 1.35, bold=True,
                             group="title"))
    if entries:
        _legend(sc, entries, x0 + 0.6, y1 + 0.5, cols, col_w, fs)
    return sc


# --------------------------------------------------------------------------- lines


def _lines(sc: Scene, lay: Layout) -> None:
    curves: list[tuple[str, list[tuple[float, float]]]] = []
    for s in lay.segments:
        if s.kind == "duplicate":
            # consecutive pieces make one curve; a person drawn three times has two
            if not curves or curves[-1][0] != s.owner or curves[-1][1][-1] != (s.x0, s.y0):
                curves.append((s.owner, [(s.x0, s.y0)]))
            curves[-1][1].append((s.x1, s.y1))
            continue
        sc.shapes.append(Shape(((s.x0, s.y0), (s.x1, s.y1)), dashed=s.dashed,
                               group="adoption-lines" if s.dashed else "lines"))
    for owner, pts in curves:
        sc.shapes.append(Shape(tuple(pts), dashed=True, width=0.8 * LW, z=2.5,
                               group=xml_text(f"duplicate-{owner[1:]}")))


# --------------------------------------------------------------------------- symbols


def _outline(m: Marks, x: float, y: float, s: float = 1.0) -> tuple[tuple[float, float], ...]:
    """The closed outline of a symbol (a circle is given by the caller as a circle)."""
    h = HALF * s
    if m.small:
        return ((x, y - h), (x + 0.7 * h, y + 0.2 * h), (x - 0.7 * h, y + 0.2 * h))
    if m.shape == "square":
        return ((x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h))
    return ((x, y - h), (x + h, y), (x, y + h), (x - h, y))


def _body(m: Marks, x: float, y: float, s: float, **style: Any) -> Shape:
    if m.shape == "circle" and not m.small:
        return Shape(((x, y),), closed=True, radius=HALF * s, **style)
    return Shape(_outline(m, x, y, s), closed=True, **style)


def _quadrant(m: Marks, x: float, y: float, s: float, sx: int, sy: int,
              ) -> tuple[tuple[float, float], ...]:
    """The part of a symbol in one quadrant (signs ``sx``, ``sy`` of x and y, y down)."""
    h = HALF * s
    if m.shape == "square":
        return ((x, y), (x + sx * h, y), (x + sx * h, y + sy * h), (x, y + sy * h))
    if m.shape == "circle":
        start = 0.0 if sx > 0 else math.pi
        end = math.pi / 2 * sy
        if end - start > math.pi:
            end -= 2 * math.pi
        elif start - end > math.pi:
            end += 2 * math.pi
        steps = 12
        arc = [(x + h * math.cos(start + (end - start) * i / steps),
                y + h * math.sin(start + (end - start) * i / steps)) for i in range(steps + 1)]
        return ((x, y), *arc)
    return ((x, y), (x + sx * h, y), (x, y + sy * h))


def symbol(sc: Scene, m: Marks, x: float, y: float, gid: str | None, s: float = 1.0,
           fs: float = 8.0) -> None:
    """One person's symbol with all its marks at (x, y), scale ``s``."""
    h = HALF * s
    feats = any(m.features) and not m.small
    fill = "black" if m.affected and not feats else "white"
    dashed = m.hypothetical
    shapes = sc.shapes
    shapes.append(_body(m, x, y, s, fill=fill, stroke="black", dashed=dashed, z=3, group=gid))
    if feats:
        for on, (sx, sy), (colour, hatch) in zip(m.features, _QUADRANTS, FEATURE_STYLE,
                                                 strict=True):
            if on:
                shapes.append(Shape(_quadrant(m, x, y, s, sx, sy), closed=True, fill=colour,
                                    stroke=None, width=0, hatch=hatch, z=3.5, group=gid))
        shapes.append(_body(m, x, y, s, fill=None, stroke="black", dashed=dashed, z=4,
                            group=gid))
        if m.shape == "diamond":
            cross = (((x, y - h), (x, y + h)), ((x - h, y), (x + h, y)))
        else:
            cross = (((x, y - h), (x, y + h)), ((x - h, y), (x + h, y)))
        for pts in cross:
            shapes.append(Shape(pts, width=0.5 * LW, z=4, group=gid))
    centre = ""
    if m.pregnancy == "ongoing":
        centre = "P"
    elif m.affected is None and not m.small and not m.carrier:
        centre = "?"
    if centre:
        sc.texts.append(Text(x, y, centre, fs * 1.1, z=5, group=gid,
                             colour="white" if fill == "black" else "black"))
    if m.carrier and not m.affected:
        shapes.append(Shape(((x, y),), closed=True, radius=0.13 * s, fill="black", stroke=None,
                            width=0, z=5, group=gid))
    if m.presymptomatic and not m.small:
        shapes.append(Shape(((x, y - h), (x, y + h)), z=5, group=gid))
    if m.evaluated:
        sc.texts.append(Text(x + 0.7 * s, y + 0.42 * s, "*", fs * 1.2, bold=True, z=6,
                             group=gid))
    if m.deceased or m.pregnancy == "termination":
        k = 0.62 if not m.small else 0.45
        shapes.append(Shape(((x - k * s, y + k * s), (x + k * s, y - k * s)), z=6, group=gid))
    if m.proband or m.consultand:
        _arrow(sc, (x - 1.25 * s, y + 0.62 * s), (x - 0.52 * s, y + 0.3 * s), 0.22 * s, gid)
        if m.proband:
            sc.texts.append(Text(x - 1.4 * s, y + 0.5 * s, "P", fs, bold=True, z=6, group=gid))
    if m.adopted:
        k, t = 0.72 * s, 0.15 * s
        for sign in (-1, 1):
            xs = x + sign * k
            shapes.append(Shape(((xs - sign * t, y - 0.6 * s), (xs, y - 0.6 * s),
                                 (xs, y + 0.6 * s), (xs - sign * t, y + 0.6 * s)), z=6,
                                group=gid))


def _arrow(sc: Scene, tail: tuple[float, float], tip: tuple[float, float], head: float,
           gid: str | None) -> None:
    dx, dy = tip[0] - tail[0], tip[1] - tail[1]
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * head, tip[1] - uy * head)
    wing = head * 0.45
    sc.shapes.append(Shape((tail, base), z=6, group=gid))
    sc.shapes.append(Shape((tip, (base[0] - uy * wing, base[1] + ux * wing),
                            (base[0] + uy * wing, base[1] - ux * wing)), closed=True,
                           fill="black", stroke="black", width=0.5 * LW, z=6, group=gid))


def _circled(sc: Scene, x: float, y: float, text: str, fs: float, gid: str | None = None,
             ) -> None:
    """A birth-order number in a small circle."""
    sc.shapes.append(Shape(((x, y),), closed=True, radius=0.18, fill="white", stroke="black",
                           width=0.6 * LW, z=6, group=gid))
    sc.texts.append(Text(x, y, text, fs * 0.7, z=7, group=gid))


# --------------------------------------------------------------------------- legend


def _legend_entries(lay: Layout, has_risks: bool,
                    risk_note: str | None = None) -> list[tuple[str, Any, str]]:
    """Every mark in use, defined: (kind of sample, sample, words)."""
    marks = [n.marks for n in lay.nodes]
    text = [ln for n in lay.nodes for ln in n.lines]
    kinds = {s.kind for s in lay.segments}
    out: list[tuple[str, Any, str]] = []

    def sym(**kw: Any) -> Marks:
        base: dict[str, Any] = {"shape": "square", "affected": False}
        base.update(kw)
        return Marks(**base)

    if any(m.affected and not any(m.features) for m in marks):
        out.append(("symbol", sym(affected=True), "affected"))
    for q, name in enumerate(feature_names()):
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
    childless = {c.childless for c in lay.couples if "childless" in kinds}
    if "choice" in childless:
        out.append(("childless", 1, "no children (by choice or reason unknown)"))
    if "infertility" in childless:
        out.append(("childless", 2, "infertility"))
    if "marriage2" in kinds:
        out.append(("line2", None, "consanguineous couple"))
    if "separation" in kinds:
        out.append(("sep", None, "relationship ended"))
    if "duplicate" in kinds:
        out.append(("dup", None, "the same person, drawn twice"))
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
    if has_risks and any(t.startswith(("boy: affected", "girl: carrier")) for t in text):
        out.append(("text", "boy: / girl:", "sex unknown: the risk if a boy, if a girl"))
    if has_risks and any(t.startswith("mosaic ") for t in text):
        out.append(("text", "mosaic p", "probability of germline mosaicism (the variant in "
                                        "eggs or sperm, not in blood)"))
    if has_risks and any(t.startswith("next son ") for t in text):
        out.append(("text", "next son p", "risk that her next son is affected (recurrence, "
                                          "mosaicism included)"))
    if has_risks and risk_note:  # the mode, and whether small risks are left out
        out.append(("text", "risks", risk_note))
    return out


def _entry_width(what: Any, text: str) -> float:
    lead = 1.1 * text_width(what) - 0.1 if isinstance(what, str) else 1.6
    return 0.6 + lead + text_width(text)


def _legend(sc: Scene, entries: Sequence[tuple[str, Any, str]], x: float, y: float, cols: int,
            col_w: float, fs: float) -> None:
    rows = -(-len(entries) // cols)
    shapes = sc.shapes
    gid = "legend"
    shapes.append(Shape(((x - 0.3, y - 0.2), (x - 0.3 + cols * col_w - 0.6, y - 0.2)),
                        stroke="#999999", width=0.6 * LW, group=gid))
    for i, (kind, what, words) in enumerate(entries):
        c, r = divmod(i, rows)
        cx = x + c * col_w + 0.6
        cy = y + 0.45 + r * 0.95
        label_x = cx + 1.0
        if kind == "symbol":
            symbol(sc, what, cx, cy, gid, s=0.6, fs=fs * 0.8)
        elif kind == "line2":
            for d in (-0.07, 0.07):
                shapes.append(Shape(((cx - 0.5, cy + d), (cx + 0.5, cy + d)), group=gid))
        elif kind == "circled":
            _circled(sc, cx, cy, what, fs, gid)
        elif kind == "childless":
            shapes.append(Shape(((cx - 0.5, cy - 0.2), (cx + 0.5, cy - 0.2)), group=gid))
            shapes.append(Shape(((cx, cy - 0.2), (cx, cy + 0.08)), group=gid))
            for k in range(what):
                shapes.append(Shape(((cx - 0.18, cy + 0.08 + 0.1 * k),
                                     (cx + 0.18, cy + 0.08 + 0.1 * k)), group=gid))
        elif kind == "sep":
            shapes.append(Shape(((cx - 0.5, cy), (cx + 0.5, cy)), group=gid))
            for d in (-0.07, 0.07):
                shapes.append(Shape(((cx + d - 0.08, cy + 0.16), (cx + d + 0.08, cy - 0.16)),
                                    group=gid))
        elif kind == "dup":
            pts = tuple((cx - 0.5 + t / 8, cy + 0.15 - 0.35 * (1 - (2 * t / 8 - 1) ** 2))
                        for t in range(9))
            shapes.append(Shape(pts, dashed=True, width=0.8 * LW, group=gid))
        else:
            sc.texts.append(Text(cx - 0.4, cy, what, fs, bold=True, align="left", group=gid))
            label_x = cx - 0.4 + 1.1 * text_width(what) + 0.3
        sc.texts.append(Text(label_x, cy, words, fs, align="left", group=gid))
