"""The HTML report in a real browser: Chromium (the system's), driven by Playwright.

No console error, no request beyond the file itself, and printed to PDF on A4
in a bounded number of pages. Skipped only when no Chromium binary is
installed (``apt-get install -y chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

import xlinked
from conftest import EXAMPLES

CHROMIUM = os.environ.get("XLINKED_CHROMIUM") or next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                 shutil.which("google-chrome")) if p), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (apt-get install -y chromium, or set XLINKED_CHROMIUM)")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.parametrize("example,max_pages", [("ipex-uncle.yaml", 7),
                                                ("first-cousins.yaml", 7)])
def test_report_opens_and_prints_on_a4(tmp_path: Path, browser, example: str,  # type: ignore[no-untyped-def]
                                       max_pages: int) -> None:
    from pypdf import PdfReader

    out = xlinked.report(EXAMPLES / example, tmp_path / "report.html")
    page = browser.new_page()
    try:
        problems: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in (
            "error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        assert page.title().startswith("X-linked risk report")
        svg = page.locator("figure svg").bounding_box()
        assert svg is not None and svg["width"] > 300 and svg["height"] > 200
        rows = page.locator("table.risks tbody tr").count()
        assert rows == len(xlinked.read(EXAMPLES / example))
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    assert problems == []
    assert requests == [out.as_uri()]  # nothing fetched from anywhere else
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= max_pages
    assert all(abs(float(pg.mediabox.width) - 595.3) < 1.5 for pg in reader.pages)
    text = "\n".join(pg.extract_text() for pg in reader.pages)
    assert "Risks for everyone" in text and "Glossary" in text
