"""Render a page of the example report to docs/img/report-page.png (run from the root).

    python docs/make_report_figure.py

Writes the PDF report of examples/pedigrees/ipex-uncle.yaml (limit mode) and
rasterises its second page (the drawing and the start of the risk table) with
pypdfium2 (in the test extra).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pypdfium2

import xlinked

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = xlinked.report(ROOT / "examples" / "pedigrees" / "ipex-uncle.yaml",
                             Path(tmp) / "report.pdf", mode="limit",
                             date=dt.date(2024, 11, 20))
        page = pypdfium2.PdfDocument(pdf)[1]
        out = ROOT / "docs" / "img" / "report-page.png"
        page.render(scale=1.25).to_pil().convert("P", palette=1, colors=256).save(
            out, optimize=True)
    print(f"docs/img/report-page.png: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
