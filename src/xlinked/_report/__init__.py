"""Counselling reports: :func:`report` writes one family's report to HTML or PDF.

The report has the header (family, consultand, date, version, input file and
its hash, the model in one line), a summary in plain words for the consultand
and every relative at risk, the drawing with the risks, the risk table, the
consultand's Bayes table with what each piece of information changed, the
model with every parameter and its source, and a glossary.

HTML needs nothing beyond ``xlinked``; PDF needs the ``report`` extra
(``pip install 'xlinked[report]'``: reportlab and pypdf).

>>> import tempfile, pathlib, xlinked
>>> ped = xlinked.Pedigree([
...     xlinked.Individual("gm", "F"), xlinked.Individual("gf", "M", affected=False),
...     xlinked.Individual("mum", "F", mother="gm", father="gf", affected=False),
...     xlinked.Individual("dad", "M", affected=False),
...     xlinked.Individual("boy", "M", mother="mum", father="dad", affected=True),
... ], proband="boy")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "family.html"
>>> xlinked.report(ped, out, mode="limit").name
'family.html'
>>> "If she has a son, his chance of being affected is 1 in 3" in out.read_text("utf-8")
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from .._atomic import replacing
from ..errors import XlinkedError
from ..model import Pedigree, Sex
from ..risk import RiskModel
from ._content import MODES, Content, build_content

__all__ = ["FORMATS", "PAPERS", "build_content", "render", "report"]

#: Report formats, from the output's extension.
FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
#: Page sizes.
PAPERS = ("a4", "letter")


def report(
    pedigree: Pedigree | str | os.PathLike[str],
    output: str | os.PathLike[str],
    model: RiskModel | None = None,
    *,
    mode: str = "float",
    children: Sequence[tuple[str | None, str | None, Sex | str]] = (),
    consultand: str | None = None,
    anonymise: bool = False,
    paper: str = "a4",
    format: str | None = None,
    source: str | os.PathLike[str] | None = None,
    source_bytes: bytes | None = None,
    date: _dt.date | None = None,
) -> Path:
    """Write a counselling report for one family to ``output`` (HTML or PDF).

    Parameters
    ----------
    pedigree
        The family, or a pedigree file to read (any format ``xlinked.read`` reads).
    output
        The file to write: ``.html`` (one self-contained page) or ``.pdf``
        (A4 or Letter pages, searchable text, the drawing as vectors). Written
        whole or not at all.
    model, mode, children
        As for :func:`xlinked.compute_risks` (the default model is the file's,
        else the IPEX preset).
    consultand
        The person the report is for; by default the file's consultand, else
        the proband's mother (else the proband).
    anonymise
        Leave out the family id, names and labels, dates of birth and the input
        file's name (its hash stays).
    paper
        ``"a4"`` or ``"letter"``.
    format
        ``"html"`` or ``"pdf"``; by default from the extension of ``output``.
    source
        The input file, named and hashed in the header (by default ``pedigree``
        when it is a path).
    source_bytes
        The input's content, hashed instead of reading ``source`` (for input
        that is not in a file, such as standard input).
    date
        The date of the report (default: today).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    XlinkedError
        On an unknown format or paper size, or a consultand not in the pedigree;
        the errors of :func:`xlinked.read` and :func:`xlinked.compute_risks`.
    """
    out = Path(output)
    fmt = format or FORMATS.get(out.suffix.lower())
    if fmt not in ("html", "pdf"):
        raise XlinkedError(f"{out}: cannot tell the report format from the extension "
                           f"{out.suffix or '(none)'!r}: use .html or .pdf")
    if mode not in MODES:
        raise XlinkedError(f"report: mode {mode!r}: a counselling report needs exact "
                           f"posteriors: use mode {', '.join(MODES)}")
    if paper not in PAPERS:
        raise XlinkedError(f"paper {paper!r}: use one of {', '.join(PAPERS)}")
    if not isinstance(pedigree, Pedigree):
        from ..io import read

        source = pedigree if source is None else source
        pedigree = read(pedigree)
    digest = None
    if source_bytes is not None:
        digest = hashlib.sha256(source_bytes).hexdigest()
    elif source is not None:
        digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    content = build_content(pedigree, model, mode=mode, children=children,
                            consultand=consultand, anonymise=anonymise,
                            source=None if source is None else Path(source).name,
                            source_hash=digest, date=date)
    data = render(pedigree, content, fmt, paper)
    with replacing(out) as tmp:
        tmp.write_bytes(data)
    return out


def render(pedigree: Pedigree, content: Content, fmt: str, paper: str = "a4") -> bytes:
    """The bytes of the report for ``content`` in ``fmt`` (``"html"`` or ``"pdf"``)."""
    from ._drawing import scene

    drawn = content.drawn if content.drawn is not None else pedigree
    drawing = scene(drawn, content.risks, content.anonymise)
    if fmt == "html":
        from ._drawing import svg_element
        from ._html import render_html

        label = "Pedigree drawing" + (f" of family {pedigree.family}"
                                      if pedigree.family and not content.anonymise else "")
        return render_html(content, svg_element(drawing, label), paper).encode("utf-8")
    from ._pdf import render_pdf

    return render_pdf(content, drawing, paper)
