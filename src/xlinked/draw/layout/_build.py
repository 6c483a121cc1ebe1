"""The layout with each symbol as wide as its text: :func:`layout` (see the package)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...model import Pedigree
from .._labels import _ROMAN_ID, Marks
from .._text import FONT_EM, LINE_HEIGHT, text_width
from ..numbering import roman
from ._arrange import _numbers, _Part, arrange
from ._geometry import (
    ARROW_HALF,
    HALF,
    LABEL_GAP,
    LABEL_PAD,
    MARGIN,
    MIN_HALF,
    Box,
    Couple,
    Segment,
    Sibship,
)
from ._lines import Lines
from ._search import Outcome, out_of_order, replayed, search
from ._structure import Drawing
from ._types import Family, Layout, Node

__all__ = ["build"]

PANEL_GAP = 3.0  # between two unrelated families


def _with_file_numbers(ped: Pedigree, lines: Mapping[str, tuple[str, ...]],
                       numbers: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """The text lines, with the file's id first where the id is a pedigree number
    other than the one drawn (``III-1`` in the file, drawn third from the left
    of row III): the drawing shows both, as the risk table does."""
    out = dict(lines)
    for pid in ped.ids:
        number = numbers.get(pid, "").split(":")[-1]
        if _ROMAN_ID.match(pid) and pid != number:
            out[pid] = (f"id {pid}", *lines[pid])
    return out


def _label_half(lines: Iterable[str]) -> float:
    widest = max((text_width(s) for s in lines), default=0.0)
    return widest / 2 + LABEL_PAD


def build(ped: Pedigree, marks: Mapping[str, Marks], lines: Mapping[str, tuple[str, ...]], *,
          file_numbers: bool) -> Layout:
    """The :class:`Layout` of ``ped`` with each person's ``marks`` and text ``lines``
    (:func:`xlinked.draw.layout.layout`); ``file_numbers``: write a file's id under the
    drawn number where the two differ."""
    arr = arrange(ped)
    if file_numbers:
        lines = _with_file_numbers(ped, lines, arr.numbers)
    panels: list[_Panel] = []
    for f, part in enumerate(arr.parts):
        shown = {pid: n.split(":")[-1] for pid, n in arr.numbers.items()}
        half = {}
        for p in part.people:
            pid = ped.ids[p]
            number = [shown[pid]] if pid in shown else []  # none for a future child
            h = max(MIN_HALF, _label_half([*number, *lines[pid]]))
            m = marks[pid]
            if m.proband or m.consultand:
                h = max(h, ARROW_HALF)
            half[p] = h

        def make(cuts: Iterable[tuple[int, int]], part: _Part = part,
                 half: dict[int, float] = half) -> Drawing:
            return Drawing(ped, part.people, part.fams, part.row, half, cuts)

        nlines = [1 + len(lines[pid]) for pid in ped.ids]

        def uniform(cuts: Iterable[tuple[int, int]], part: _Part = part) -> Drawing:
            return Drawing(ped, part.people, part.fams, part.row,
                           dict.fromkeys(part.people, MIN_HALF), cuts)

        final = replayed(make, part.best, nlines, uniform)
        if final.breaches or final.crossings > part.best.crossings:
            # rare: these widths need another order (and other numbers)
            again = search(make, part.splits, nlines, len(part.people),
                           [fam.parents for fam in part.fams])
            if (again.breaches, again.crossings) < (final.breaches, final.crossings):
                final = again
        numbers = _numbers(ped, part, final)
        panels.append(_panel(ped, part, final, marks, lines, numbers, f))
    return _join(panels)


@dataclass
class _Panel:
    nodes: list[Node]
    segments: list[Segment]
    labels: list[Box]
    glyphs: list[Box]
    couples: list[Couple]
    sibships: list[Sibship]
    family: Family


def _panel(ped: Pedigree, part: _Part, out: Outcome, marks: Mapping[str, Marks],
           lines: Mapping[str, tuple[str, ...]], numbers: Mapping[str, str], f: int) -> _Panel:
    d = out.drawing
    geo: Lines = out.lines
    x0 = min(out.x.values())
    x = {i: v - x0 for i, v in out.x.items()}
    ys = geo.ys
    moved = out_of_order(d, x)
    birth_order = {c: r for k in range(len(d.fams)) if moved & set(d.children[k])
                   for r, c in enumerate(d.children[k], 1)}
    nodes = []
    for i in sorted(x, key=lambda i: (d.row[i], x[i], d.id(i), i)):
        pid = d.id(i)
        number = numbers.get(pid, "")  # "": a future child, not numbered
        shown = (number.split(":")[-1],) if number else ()
        copy = d.is_copy(i)
        m = marks[pid]
        if copy:
            m = dataclasses.replace(m, proband=False, consultand=False)
        text = shown if copy else (*shown, *lines[pid])
        nodes.append(Node(pid, x[i], ys[d.row[i]], d.row[i], number, m, text,
                          is_duplicate=copy, moved=i in moved and not copy,
                          birth_order=None if copy else birth_order.get(i), family=f))
    segs = [dataclasses.replace(s, x0=s.x0 - x0, x1=s.x1 - x0) for s in geo.segments]
    sibships = [dataclasses.replace(s, drop_x=s.drop_x - x0, x0=s.x0 - x0, x1=s.x1 - x0)
                for s in geo.sibships]
    glyphs = [dataclasses.replace(g, x0=g.x0 - x0, x1=g.x1 - x0) for g in geo.glyphs]
    for n in nodes:
        glyphs += _glyphs(n)
    labels = []
    for n in nodes:
        w = max(text_width(t) for t in n.lines)
        top = n.y + HALF + LABEL_GAP
        labels.append(Box("label", n.id, n.x - w / 2, top, n.x + w / 2,
                          top + len(n.lines) * LINE_HEIGHT, "\n".join(n.lines)))
    xmin = min([b.x0 for b in labels] + [n.x - HALF for n in nodes] + [g.x0 for g in glyphs]
               + [min(s.x0, s.x1) for s in segs])
    gen_x = xmin - 0.9
    gen_labels = []
    for r in range(len(ys)):
        t = roman(r + 1)
        w = text_width(t, FONT_EM * 1.2)
        gen_labels.append(Box("generation", t, gen_x - w, ys[r] - 0.25, gen_x, ys[r] + 0.25, t))
    boxes = ([(b.x0, b.y0, b.x1, b.y1) for b in labels + glyphs + gen_labels]
             + [n.box for n in nodes]
             + [(min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1), max(s.y0, s.y1))
                for s in segs])
    top = min(b[1] for b in boxes)
    title = None
    if part.name:
        t = f"family {part.name}"
        w = text_width(t, FONT_EM * 1.2)
        title = Box("family", part.name, gen_x - 0.6, top - 0.9, gen_x - 0.6 + w, top - 0.3, t)
        boxes.append((title.x0, title.y0, title.x1, title.y1))
    bounds = (min(b[0] for b in boxes) - MARGIN, min(b[1] for b in boxes) - MARGIN,
              max(b[2] for b in boxes) + MARGIN, max(b[3] for b in boxes) + MARGIN)
    family = Family(part.name, tuple(ys), tuple(gen_labels), bounds, title)
    return _Panel(nodes, segs, labels, glyphs, geo.couples, sibships, family)


def _join(panels: Sequence[_Panel]) -> Layout:
    """The families side by side, in order, with a gap between them."""
    nodes: list[Node] = []
    segs: list[Segment] = []
    labels: list[Box] = []
    glyphs: list[Box] = []
    couples: list[Couple] = []
    sibships: list[Sibship] = []
    fams: list[Family] = []
    right = None
    title_y = min((p.family.title.y0 for p in panels if p.family.title is not None), default=0)
    for p in panels:
        dx = 0.0 if right is None else right - p.family.bounds[0] + PANEL_GAP
        nodes += [dataclasses.replace(n, x=n.x + dx) for n in p.nodes]
        segs += [dataclasses.replace(s, x0=s.x0 + dx, x1=s.x1 + dx) for s in p.segments]
        labels += [_moved(b, dx) for b in p.labels]
        glyphs += [_moved(b, dx) for b in p.glyphs]
        couples += p.couples
        sibships += [dataclasses.replace(s, drop_x=s.drop_x + dx, x0=s.x0 + dx, x1=s.x1 + dx)
                     for s in p.sibships]
        f = p.family
        b = f.bounds
        title = None
        if f.title is not None:  # the families' titles on one line
            title = dataclasses.replace(_moved(f.title, dx), y0=title_y,
                                        y1=title_y + f.title.y1 - f.title.y0)
        fams.append(Family(f.name, f.rows, tuple(_moved(g, dx) for g in f.generation_labels),
                           (b[0] + dx, min(b[1], title_y - MARGIN), b[2] + dx, b[3]), title))
        right = b[2] + dx
    bounds = (min(f.bounds[0] for f in fams), min(f.bounds[1] for f in fams),
              max(f.bounds[2] for f in fams), max(f.bounds[3] for f in fams))
    gen = tuple(g for f in fams for g in f.generation_labels)
    return Layout(tuple(nodes), tuple(segs), tuple(labels), tuple(glyphs), tuple(couples),
                  tuple(sibships), fams[0].rows, gen, bounds, tuple(fams))


def _moved(b: Box, dx: float) -> Box:
    return dataclasses.replace(b, x0=b.x0 + dx, x1=b.x1 + dx)


def _glyphs(n: Node) -> list[Box]:
    out = []
    m = n.marks
    if m.proband or m.consultand:
        out.append(Box("proband" if m.proband else "consultand", n.id,
                       n.x - 1.55, n.y + 0.22, n.x - HALF, n.y + 0.68, "P" if m.proband else ""))
    if m.deceased:
        out.append(Box("deceased", n.id, n.x - 0.62, n.y - 0.62, n.x + 0.62, n.y + 0.62))
    if m.adopted:
        out.append(Box("adopted", n.id, n.x - 0.72, n.y - 0.6, n.x + 0.72, n.y + 0.6))
    if m.evaluated:
        out.append(Box("evaluated", n.id, n.x + 0.55, n.y + 0.2, n.x + 0.85, n.y + 0.6, "*"))
    if n.birth_order is not None:
        out.append(Box("birth-order", n.id, n.x - 0.9, n.y - 0.48, n.x - 0.54, n.y - 0.12,
                       str(n.birth_order)))
    return out
