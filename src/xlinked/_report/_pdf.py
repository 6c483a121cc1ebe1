"""The report as A4 or Letter PDF pages: :func:`render_pdf`.

Text and tables are set with reportlab's page layout engine (platypus: tables
split across pages with their header repeated), in DejaVu Sans embedded from
matplotlib's own font files, so the text is searchable and every character
(μ, →, ≈) prints. The drawing is matplotlib's own vector PDF of the pedigree
(the same as ``xlinked draw -o family.pdf``), placed on its page with pypdf:
lines, hatched fills and clipped quadrants stay exactly as drawn, and its text
stays text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import XlinkedError
from ._content import DRAWING_CAPTION, TABLE_HEAD, Content

__all__ = ["render_pdf"]

ACCENT = "#2b5d8a"
FONT = "XlDejaVu"


def _need() -> None:
    try:
        import pypdf  # noqa: F401
        import reportlab  # noqa: F401
    except ImportError as exc:
        raise XlinkedError(
            f"PDF reports need {exc.name}: pip install 'xlinked[report]' (or write .html)"
        ) from None


def _fonts() -> None:
    from matplotlib import get_data_path
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(get_data_path()) / "fonts" / "ttf"
    faces = {"": "DejaVuSans.ttf", "-Bold": "DejaVuSans-Bold.ttf",
             "-Oblique": "DejaVuSans-Oblique.ttf", "-BoldOblique": "DejaVuSans-BoldOblique.ttf"}
    for suffix, name in faces.items():
        pdfmetrics.registerFont(TTFont(FONT + suffix, str(folder / name)))
    for bold, italic, suffix in ((0, 0, ""), (1, 0, "-Bold"), (0, 1, "-Oblique"),
                                 (1, 1, "-BoldOblique")):
        addMapping(FONT, bold, italic, FONT + suffix)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12.2, spaceAfter=4)
    accent = colors.HexColor(ACCENT)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=FONT + "-Bold", fontSize=17,
                                leading=21, textColor=accent, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT + "-Bold", fontSize=12.5,
                             leading=16, textColor=accent, spaceBefore=12, spaceAfter=5,
                             keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=base, fontName=FONT + "-Bold", fontSize=10,
                             leading=13, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.6, leading=9.4, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=FONT + "-Bold", fontSize=7.6,
                                leading=9.4, spaceAfter=0),
        "num": ParagraphStyle("num", parent=base, fontSize=7.6, leading=9.4, spaceAfter=0,
                              alignment=2),
        "numb": ParagraphStyle("numb", parent=base, fontName=FONT + "-Bold", fontSize=7.6,
                               leading=9.4, spaceAfter=0, alignment=2),
        "note": ParagraphStyle("note", parent=base, fontSize=7.8, leading=10,
                               textColor=colors.HexColor("#555555")),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=12, bulletIndent=3,
                                 spaceAfter=2),
    }


def _x(text: str) -> str:
    """Text for a reportlab Paragraph (its mini-markup escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_pdf(content: Content, drawing: Any, paper: str = "a4") -> bytes:
    """The PDF bytes of the report for ``content`` with ``drawing`` (a display list)."""
    _need()
    _fonts()
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    from ._drawing import pdf_bytes

    size = {"a4": A4, "letter": LETTER}[paper]
    margin = 15 * mm
    doc = BaseDocTemplate(
        io.BytesIO(), pagesize=size, leftMargin=margin, rightMargin=margin,
        topMargin=14 * mm, bottomMargin=16 * mm, title=content.title, author="xlinked",
        subject=_subject(content), creator=_value(content, "Produced by"), invariant=1)
    wide = (size[1], size[0])
    wide_w, wide_h = wide[0] - 2 * margin, wide[1] - doc.topMargin - doc.bottomMargin

    def frame(w: float, h: float) -> Frame:
        return Frame(margin, doc.bottomMargin, w, h, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)

    footer = _footer(content)
    doc.addPageTemplates([
        PageTemplate("page", frames=[frame(doc.width, doc.height)], onPage=footer,
                     pagesize=size),
        PageTemplate("wide", frames=[frame(wide_w, wide_h)], onPage=footer, pagesize=wide),
    ])
    picture = pdf_bytes(drawing)
    slot = _slot(picture, doc.width, doc.height)
    turned = _slot(picture, wide_w, wide_h)
    landscape = slot.scale < 0.75 and turned.scale > 1.2 * slot.scale
    story = _story(content, turned if landscape else slot, doc.width, landscape)
    buf = io.BytesIO()
    doc.filename = buf
    doc.build(story, canvasmaker=_numbered_canvas())
    return _place(buf.getvalue(), picture, turned if landscape else slot)


def _value(content: Content, label: str) -> str:
    return next((v for k, v in content.header if k == label), "")


def _subject(content: Content) -> str:
    who = content.consultand
    return f"Risk report for consultand {who}" if who else "Risk report"


def _footer(content: Content) -> Any:
    family = "" if content.anonymise else _value(content, "Family")
    left = " · ".join(x for x in (content.title, f"family {family}" if family and
                                  not family.startswith("(") else "",
                                  f"consultand {content.consultand}" if content.consultand
                                  else "") if x)

    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColorRGB(0.35, 0.35, 0.35)
        canvas.drawString(doc.leftMargin, 9 * 2.8346, left)
        canvas.restoreState()

    return draw


def _numbered_canvas() -> Any:
    """A canvas class that writes "page N of M" once the page count is known."""
    from reportlab.pdfgen.canvas import Canvas

    class Numbered(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColorRGB(0.35, 0.35, 0.35)
                width = self._pagesize[0]
                self.drawRightString(width - 15 * 2.8346, 9 * 2.8346,
                                     f"page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return Numbered


class _Slot:
    """Where the drawing goes: a flowable of the drawing's scaled size that
    remembers the page and position it was laid out at."""

    def __init__(self, width: float, height: float, scale: float) -> None:
        from reportlab.platypus import Flowable

        outer = self

        class Box(Flowable):  # type: ignore[misc]  # reportlab has no type hints
            def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
                return width, height

            def draw(self) -> None:
                x, y = self.canv.absolutePosition(0, 0)
                outer.page = self.canv.getPageNumber() - 1
                outer.x, outer.y = x, y

        self.flowable = Box()
        self.flowable.hAlign = "CENTER"
        self.width, self.height, self.scale = width, height, scale
        self.page = -1
        self.x = self.y = 0.0


def _slot(drawing: bytes, avail_w: float, avail_h: float) -> _Slot:
    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(drawing)).pages[0].mediabox
    w, h = float(box.width), float(box.height)
    scale = min(1.0, avail_w / w, (avail_h - 70) / h)
    return _Slot(w * scale, h * scale, scale)


def _place(report: bytes, drawing: bytes, slot: _Slot) -> bytes:
    """Put the drawing's page on the report page laid out for it, as a Form XObject
    (the drawing's own content stream and resources, scaled; nothing re-parsed)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    if slot.page < 0:  # pragma: no cover - platypus always draws every flowable
        raise XlinkedError("internal error: the drawing was not placed")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(report)))
    picture: Any = PdfReader(io.BytesIO(drawing)).pages[0]  # pypdf's types: too loose here
    box = [float(v) for v in picture.mediabox]
    form = DecodedStreamObject()
    form.set_data(picture["/Contents"].get_object().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(v) for v in box),
        NameObject("/Resources"): picture["/Resources"].get_object().clone(writer),
    })
    name = NameObject("/XlinkedDrawing")
    page: Any = writer.pages[slot.page]
    resources: Any = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[name] = writer._add_object(form.flate_encode())
    s = slot.scale
    call = DecodedStreamObject()
    call.set_data(f"q {s:.6f} 0 0 {s:.6f} {slot.x - s * box[0]:.4f} "
                  f"{slot.y - s * box[1]:.4f} cm {name} Do Q".encode("ascii"))
    contents = page.raw_get("/Contents")  # a reference: a stream must stay indirect
    resolved = contents.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([*parts, writer._add_object(call)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bullets(items: Any, style: Any) -> list[Any]:
    from reportlab.platypus import Paragraph

    return [Paragraph(_x(text), style, bulletText="•") for text in items]


def _story(content: Content, slot: _Slot, width: float, landscape: bool) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import (
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    s = _styles()
    rule = colors.HexColor("#c8c8c8")
    accent = colors.HexColor(ACCENT)
    story: list[Any] = [Paragraph(_x(content.title), s["title"])]
    head = Table([[Paragraph(_x(k), s["cellb"]), Paragraph(_x(v), s["cell"])]
                  for k, v in content.header], colWidths=[52 * 2.8346, width - 52 * 2.8346])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 1),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [head, Paragraph("1. Summary", s["h2"]), Paragraph(_x(content.summary_intro),
                                                                s["body"])]
    for person in content.summary:
        box = Table([[Paragraph(_x(person.heading), s["h3"])],
                     [Paragraph(_x(" ".join(person.sentences)), s["body"])]],
                    colWidths=[width])
        box.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2.2, accent),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 7),
                                 ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        story += [KeepTogether([box]), Spacer(1, 4)]
    tree = [
        Paragraph("2. The family tree", s["h2"]), slot.flowable, Spacer(1, 4),
        Paragraph(_x(DRAWING_CAPTION), s["note"])]
    if landscape:  # a wide family: the drawing gets a page of its own, turned
        story += [NextPageTemplate("wide"), PageBreak(), *tree, NextPageTemplate("page"),
                  PageBreak()]
    else:
        story.append(KeepTogether(tree))
    story += _risk_table(content, width, s, rule)
    story += _bayes(content, width, s, rule)
    story += _model(content, width, s, rule)
    story.append(Paragraph("6. Glossary", s["h2"]))
    for term, text in content.glossary:
        story.append(Paragraph(f"<b>{_x(term)}</b>: {_x(text)}", s["body"]))
    return story


def _grid(rule: Any, header: bool = True) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    out: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        out += [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black)]
    return out


def _risk_table(content: Content, width: float, s: dict[str, Any], rule: Any) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    widths = _column_widths(content, width)
    rows: list[list[Any]] = [[Paragraph(_x(h), s["numb"] if k >= 4 else s["cellb"])
                              for k, h in enumerate(TABLE_HEAD)]]
    style = _grid(rule)
    previous = None
    for n, row in enumerate(content.table, start=1):
        bold = row.group == "consultand"
        cells = [Paragraph(_x(c), s[("numb" if bold else "num") if k >= 4 else
                                    ("cellb" if bold or k == 0 else "cell")])
                 for k, c in enumerate(row.cells)]
        if row.number:
            cells[0] = Paragraph(f"{_x(row.cells[0])}<br/><font name=\"{FONT}\" size=\"6.6\" "
                                 f"color=\"#555555\">{_x(row.number)}</font>", s["cellb"])
        rows.append(cells)
        if bold:
            style.append(("BACKGROUND", (0, n), (-1, n), colors.HexColor("#e8f0f7")))
        if previous is not None and row.group != previous:
            style.append(("LINEABOVE", (0, n), (-1, n), 1, colors.black))
        previous = row.group
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return [Paragraph("3. Risks for everyone", s["h2"]),
            Paragraph("The consultand first, then the people at risk, then everyone else (under "
                      "an id, the person's number in the drawing when it differs).", s["body"]),
            table, Paragraph(_x(content.table_note), s["note"])]


def _column_widths(content: Content, width: float) -> list[float]:
    """The risk table's columns: ids and numbers as wide as their longest entry (they
    never wrap), the sex column fixed, relation and status sharing the rest."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 7.0

    def need(k: int) -> float:
        words = TABLE_HEAD[k].split()
        cells = [stringWidth(r.cells[k], FONT + "-Bold", 7.6) for r in content.table]
        if k == 0:  # the drawing's number under the id
            cells += [stringWidth(r.number, FONT, 6.6) for r in content.table if r.number]
        return float(max([stringWidth(w, FONT + "-Bold", 7.6) for w in words] + cells)) + pad

    fixed = {k: need(k) for k in (0, 4, 5, 6, 7)}
    fixed[2] = stringWidth("sex", FONT + "-Bold", 7.6) + pad
    if width - sum(fixed.values()) < 0.3 * width:
        # at most 13% for a number (longer ones wrap between the number and its
        # percentage), 15% for an id: relation and status keep at least 28%
        fixed.update({k: min(v, (0.15 if k == 0 else 0.13) * width)
                      for k, v in fixed.items() if k != 2})
    rest = width - sum(fixed.values())
    return [fixed[0], 0.4 * rest, fixed[2], 0.6 * rest, *(fixed[k] for k in (4, 5, 6, 7))]


def _bayes(content: Content, width: float, s: dict[str, Any], rule: Any) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

    b = content.bayes
    if b is None:
        return [Paragraph("4. The consultand's Bayes table", s["h2"]),
                Paragraph("No consultand is named in the file and none was asked for: use "
                          "--consultand ID for her or his Bayes table.", s["body"])]
    head: list[Any] = [Paragraph("4. " + _x(b.heading), s["h2"])]
    head += [Paragraph(_x(line), s["body"]) for line in b.lines]
    out: list[Any] = []
    if b.no_table:
        out += head
        out.append(Paragraph("No single Bayes table: " + _x(b.no_table), s["body"]))
    else:
        col = min(0.16 * width, 0.5 * width / max(1, len(b.columns)))
        rows = [[Paragraph("", s["cell"])] + [Paragraph(_x(c), s["numb"]) for c in b.columns]]
        rows += [[Paragraph(_x(label), s["cellb"])] + [Paragraph(_x(v), s["num"])
                                                        for v in values]
                 for label, values in b.rows]
        table = Table(rows, colWidths=[width - col * len(b.columns)] + [col] * len(b.columns))
        table.setStyle(TableStyle(_grid(rule)))
        # the heading, the table and its notes on one page (the table is a few rows)
        out.append(KeepTogether([*head, table, *_bullets(b.notes, s["note"])]))
    out.append(Paragraph(_x(b.effects_heading), s["h3"]))
    out += _bullets(b.effects, s["bullet"]) or [Paragraph(
        "Nothing is known about the family: the risk is the population prior.", s["body"])]
    return out


def _model(content: Content, width: float, s: dict[str, Any], rule: Any) -> list[Any]:
    from reportlab.platypus import Paragraph, Table, TableStyle

    m = content.model
    out: list[Any] = [Paragraph("5. The model", s["h2"]), Paragraph(_x(m.one_line) + ".",
                                                                    s["body"]),
                      Paragraph(_x(m.mode_text), s["body"])]
    rows = [[Paragraph(h, s["cellb"]) for h in ("parameter", "value", "source")]]
    rows += [[Paragraph(_x(a), s["cellb"]), Paragraph(_x(b), s["cell"]),
              Paragraph(_x(c), s["cell"])] for a, b, c in m.parameters]
    table = Table(rows, colWidths=[0.24 * width, 0.28 * width, 0.48 * width], repeatRows=1)
    table.setStyle(TableStyle(_grid(rule)))
    out.append(table)
    out.append(Paragraph(_x(m.source_heading), s["h3"]))
    out += [Paragraph(_x(src), s["bullet"], bulletText=f"{k}.")
            for k, src in enumerate(m.sources, start=1)]
    out.append(Paragraph("Conventions", s["h3"]))
    out += _bullets(m.conventions, s["bullet"])
    out.append(Paragraph("Data warnings", s["h3"]))
    out += _bullets(content.warnings, s["bullet"]) or [
        Paragraph("None: the data raised no warning.", s["body"])]
    out.append(Paragraph("Limitations", s["h3"]))
    out += _bullets(content.limitations, s["bullet"])
    return out
