"""The live drawing of ``xlinked serve``: a :class:`~xlinked.draw.Layout` painted as SVG text.

The page redraws the family after every change; matplotlib takes about a second
for 50 people, this painter a few milliseconds. It paints the same layout
(:func:`xlinked.draw.layout`: positions, lines, the text under each symbol) with
the same NSGC marks (:class:`~xlinked.draw._labels.Marks`) as the renderer of
``xlinked draw``, whose output the app still uses for ``GET /api/drawing.svg``
and for exported pictures. Each symbol is ``<g id="symbol-ID" data-person="ID">``.

>>> from xlinked import Individual, Pedigree
>>> from xlinked.draw import layout
>>> svg = paint(layout(Pedigree([Individual("mum", "F"),
...                              Individual("son", "M", mother="mum", affected=True)])))
>>> 'id="symbol-son"' in svg and "<rect" in svg and "<circle" in svg
True
"""

from __future__ import annotations

from html import escape

from ..draw._labels import Marks, feature_names
from ..draw._text import LINE_HEIGHT, text_width
from ..draw.layout import HALF, LABEL_GAP, Layout
from ..draw.render import FEATURE_STYLE

__all__ = ["paint"]

SCALE = 40.0  # pixels per symbol width
FONT = 0.35 * SCALE * 0.93  # the label font: 0.35 symbol widths (DejaVu Sans)
_QUADRANTS = ((-HALF, -HALF), (0.0, -HALF), (0.0, 0.0), (-HALF, 0.0))


def _n(v: float) -> str:
    return f"{v * SCALE:.1f}".rstrip("0").rstrip(".")


def _outline(m: Marks, x: float, y: float, attrs: str) -> str:
    h = HALF
    if m.small:
        pts = [(x, y - h), (x + 0.7 * h, y + 0.2 * h), (x - 0.7 * h, y + 0.2 * h)]
        return f'<polygon points="{_points(pts)}" {attrs}/>'
    if m.shape == "square":
        return (f'<rect x="{_n(x - h)}" y="{_n(y - h)}" width="{_n(2 * h)}" '
                f'height="{_n(2 * h)}" {attrs}/>')
    if m.shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(h)}" {attrs}/>'
    pts = [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    return f'<polygon points="{_points(pts)}" {attrs}/>'


def _points(pts: list[tuple[float, float]]) -> str:
    return " ".join(f"{_n(a)},{_n(b)}" for a, b in pts)


def _line(x0: float, y0: float, x1: float, y1: float, extra: str = "", width: float = 1.5) -> str:
    return (f'<line x1="{_n(x0)}" y1="{_n(y0)}" x2="{_n(x1)}" y2="{_n(y1)}" stroke="#000" '
            f'stroke-width="{width:g}"{extra}/>')


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}"{extra}>{escape(text)}</text>'


def _symbol(pid: str, m: Marks, x: float, y: float, first: bool, k: int) -> str:
    feats = any(m.features)
    fill = "#000" if m.affected and not feats else "#fff"
    dash = ' stroke-dasharray="4 3"' if m.hypothetical else ""
    ident = f' id="symbol-{escape(pid)}"' if first else ""
    out = [f'<g{ident} class="person" data-person="{escape(pid)}">',
           _outline(m, x, y, f'fill="{fill}" stroke="#000" stroke-width="1.5"{dash}')]
    if feats and not m.small:
        out.append(f'<clipPath id="clip-{k}">{_outline(m, x, y, "")}</clipPath>')
        for on, (dx, dy), (colour, _) in zip(m.features, _QUADRANTS, FEATURE_STYLE,
                                             strict=True):
            if on:
                out.append(f'<rect x="{_n(x + dx)}" y="{_n(y + dy)}" width="{_n(HALF)}" '
                           f'height="{_n(HALF)}" fill="{colour}" clip-path="url(#clip-{k})"/>')
        out.append(_line(x, y - HALF, x, y + HALF, width=0.75))
        out.append(_line(x - HALF, y, x + HALF, y, width=0.75))
        out.append(_outline(m, x, y, f'fill="none" stroke="#000" stroke-width="1.5"{dash}'))
    centre = "P" if m.pregnancy == "ongoing" else (
        "?" if m.affected is None and not m.small and not m.carrier else "")
    if centre:
        colour = "#fff" if fill == "#000" else "#000"
        out.append(_text(x, y + 0.14, centre, f' class="mark" fill="{colour}"'))
    if m.carrier and not m.affected:
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(0.13)}" fill="#000"/>')
    if m.presymptomatic and not m.small:
        out.append(_line(x, y - HALF, x, y + HALF))
    if m.evaluated:
        out.append(_text(x + 0.7, y + 0.55, "*", ' class="mark"'))
    if m.deceased or m.pregnancy == "termination":
        d = 0.62 if not m.small else 0.45
        out.append(_line(x - d, y + d, x + d, y - d))
    if m.proband or m.consultand:
        out.append(_line(x - 1.25, y + 0.62, x - 0.55, y + 0.32, ' marker-end="url(#arrow)"'))
        if m.proband:
            out.append(_text(x - 1.4, y + 0.62, "P", ' class="mark"'))
    if m.adopted:
        for sign in (-1, 1):
            xs = x + sign * 0.72
            pts = [(xs - sign * 0.15, y - 0.6), (xs, y - 0.6), (xs, y + 0.6),
                   (xs - sign * 0.15, y + 0.6)]
            out.append(f'<polyline points="{_points(pts)}" fill="none" stroke="#000" '
                       'stroke-width="1.5"/>')
    out.append("</g>")
    return "".join(out)


def paint(lay: Layout, *, title: str | None = None) -> str:
    """``lay`` as an SVG document (text), sized in pixels, one symbol = 40 px."""
    x0, y0, x1, y1 = lay.bounds
    top = y0 - (1.2 if title else 0.0)
    bottom = y1 + (0.9 if any(any(n.marks.features) for n in lay.nodes) else 0.0)
    width, height = (x1 - x0) * SCALE, (bottom - top) * SCALE
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pedigree" width="{width:.0f}" '
           f'height="{height:.0f}" viewBox="{_n(x0)} {_n(top)} {width:.1f} {height:.1f}" '
           f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="{FONT:.1f}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker>'
           '</defs>', '<g class="lines">']
    for s in lay.segments:
        out.append(_line(s.x0, s.y0, s.x1, s.y1,
                         ' stroke-dasharray="5 4"' if s.dashed else ""))
    out.append("</g>")
    for g in lay.glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
        if g.kind == "twin?":
            out.append(_text(cx, cy + 0.12, "?", ' text-anchor="middle"'))
        elif g.kind == "birth-order":
            out.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(0.18)}" fill="#fff" '
                       'stroke="#000"/>')
            out.append(_text(cx, cy + 0.08, g.text, ' text-anchor="middle" font-size="70%"'))
    out.append('<g class="symbols" text-anchor="middle">')
    seen: set[str] = set()
    for k, n in enumerate(lay.nodes):
        out.append(_symbol(n.id, n.marks, n.x, n.y, n.id not in seen, k))
        seen.add(n.id)
    out.append("</g>")
    out.append('<g class="labels" text-anchor="middle">')
    for n in lay.nodes:
        ty = n.y + HALF + LABEL_GAP
        out.append(f'<g data-person="{escape(n.id)}" class="label">')
        for k, line in enumerate(n.lines):
            weight = ' font-weight="bold"' if k == 0 else ""
            out.append(_text(n.x, ty + (k + 0.78) * LINE_HEIGHT, line, weight))
        out.append("</g>")
    out.append("</g>")
    for g in lay.generation_labels:
        out.append(_text(g.x1, (g.y0 + g.y1) / 2 + 0.14, g.text,
                         ' text-anchor="end" font-weight="bold" font-size="120%"'))
    used = [k for k in range(4) if any(n.marks.features[k] for n in lay.nodes)]
    if used:  # the quadrants' colours; the page explains everything else
        names = feature_names()
        lx, ly = x0 + 0.6, y1 + 0.3
        for k in used:
            out.append(f'<rect x="{_n(lx)}" y="{_n(ly)}" width="{_n(0.4)}" height="{_n(0.4)}" '
                       f'fill="{FEATURE_STYLE[k][0]}" stroke="#000"/>')
            out.append(_text(lx + 0.55, ly + 0.33, f"affected: {names[k]}"))
            lx += 0.55 + text_width(f"affected: {names[k]}", 0.33) + 0.8
    if title:
        out.append(_text((x0 + x1) / 2, top + 0.7, title,
                         ' text-anchor="middle" font-weight="bold" font-size="135%"'))
    out.append("</svg>")
    return "\n".join(out)
