"""A drawing's display list written straight to SVG (no matplotlib).

Layout units become SVG user units (the ``viewBox``); the page size is in
points. Each person's symbol and marks form one group ``symbol-<id>`` and
their text one group ``label-<id>`` (copies of a person drawn twice get
``-copy``), so programs can find people in the picture. The output depends only
on the drawing: the same drawing gives the same bytes.

>>> from xlinked import Individual, Pedigree
>>> from xlinked.draw.layout import layout
>>> from xlinked.draw._scene import scene
>>> svg = write_svg(scene(layout(Pedigree([Individual("mum", "F")]))))
>>> svg.startswith('<?xml') and 'id="symbol-mum"' in svg
True
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from ._scene import Scene, Shape, Text

__all__ = ["write_svg"]

_FRONT = ("lines", "adoption-lines")
_HATCH = {  # matplotlib hatch codes -> the pattern drawn in one tile
    "////": '<path d="M0 1L1 0M-0.25 0.25L0.25 -0.25M0.75 1.25L1.25 0.75"/>',
    "\\\\\\\\": '<path d="M0 0L1 1M-0.25 0.75L0.25 1.25M0.75 -0.25L1.25 0.25"/>',
    "xxxx": '<path d="M0 1L1 0M0 0L1 1"/>',
    "....": '<circle cx="0.5" cy="0.5" r="0.12" fill="black" stroke="none"/>',
}


def _n(v: float) -> str:
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_svg(sc: Scene) -> str:
    """The SVG document of a scene."""
    x0, y0, x1, y1 = sc.box
    unit = 1 / 72 / sc.inch  # one point, in layout units
    w_pt, h_pt = sc.size[0] * 72, sc.size[1] * 72
    out = [
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(w_pt)}pt" '
        f'height="{_n(h_pt)}pt" viewBox="{_n(x0)} {_n(y0)} {_n(x1 - x0)} {_n(y1 - y0)}">',
        "<defs>",
        "<style>text{font-family:'DejaVu Sans',Verdana,sans-serif;fill:black}</style>",
    ]
    tile = 0.14
    for n, body in enumerate(_HATCH.values()):
        out.append(f'<pattern id="hatch{n}" patternUnits="userSpaceOnUse" width="{_n(tile)}" '
                   f'height="{_n(tile)}"><g transform="scale({_n(tile)})" stroke="black" '
                   f'stroke-width="0.08" fill="none">{body}</g></pattern>')
    out.append("</defs>")
    out.append(f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
               'fill="white"/>')
    groups: dict[str, tuple[list[Shape], list[Text]]] = {}
    for s in sc.shapes:
        groups.setdefault(s.group or "", ([], []))[0].append(s)
    for t in sc.texts:
        groups.setdefault(t.group or "", ([], []))[1].append(t)
    order = [g for g in _FRONT if g in groups]
    order += [g for g in groups if g.startswith("duplicate-")]
    order += [g for g in groups if g not in order]
    hatches = {code: n for n, code in enumerate(_HATCH)}
    for name in order:
        shapes, texts = groups[name]
        attr = f' id="{escape(name, {chr(34): "&quot;"})}"' if name else ""
        out.append(f"<g{attr}>")
        if name in _FRONT:  # every straight line of one style in one path
            style = shapes[0]
            d = "".join(f"M{_n(a[0])} {_n(a[1])}L{_n(b[0])} {_n(b[1])}" for a, b in
                        (s.points for s in shapes))
            out.append(f'<path d="{d}"{_stroke(style, unit)} fill="none"/>')
        else:
            for s in sorted(shapes, key=lambda s: s.z):
                out.extend(_shape(s, unit, hatches))
        out.extend(_text(t, unit) for t in texts)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _stroke(s: Shape, unit: float) -> str:
    if not s.stroke:
        return ' stroke="none"'
    attr = f' stroke="{s.stroke}" stroke-width="{_n(s.width * unit)}"'
    if s.dashed:
        attr += f' stroke-dasharray="{_n(3.7 * s.width * unit)} {_n(1.6 * s.width * unit)}"'
    return attr


def _shape(s: Shape, unit: float, hatches: dict[str, int]) -> Iterable[str]:
    fill = s.fill or "none"
    stroke = _stroke(s, unit)
    if s.radius:
        (cx, cy), = s.points
        geo = f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(s.radius)}"'
        yield f'{geo} fill="{fill}"{stroke}/>'
        if s.hatch:
            yield f'{geo} fill="url(#hatch{hatches[s.hatch]})" stroke="none"/>'
        return
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in s.points)
    if not s.closed:
        yield f'<polyline points="{pts}" fill="none"{stroke}/>'
        return
    yield f'<polygon points="{pts}" fill="{fill}"{stroke}/>'
    if s.hatch:
        yield f'<polygon points="{pts}" fill="url(#hatch{hatches[s.hatch]})" stroke="none"/>'


def _text(t: Text, unit: float) -> str:
    size = t.size * unit
    anchor = {"left": "start", "center": "middle", "right": "end"}[t.align]
    weight = ' font-weight="bold"' if t.bold else ""
    colour = f' style="fill:{t.colour}"' if t.colour != "black" else ""
    return (f'<text x="{_n(t.x)}" y="{_n(t.y + 0.36 * size)}" font-size="{_n(size)}" '
            f'text-anchor="{anchor}"{weight}{colour}>{escape(t.text)}</text>')
