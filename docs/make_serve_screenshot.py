"""The README's screenshot of ``xlinked serve`` (run from the repository root).

    python docs/make_serve_screenshot.py

Serves a copy of ``examples/pedigrees/isolated-case.yaml``, opens it in headless
Chromium (the system's ``chromium``, driven by Playwright) at 1280 x 800, selects
the mother (her explanation shows beside the drawing), and writes ``docs/img/serve.png``.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import expect, sync_playwright

from xlinked.serve import bind, create_app, open_family

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "isolated-case.yaml"
    shutil.copy(ROOT / "examples" / "pedigrees" / "isolated-case.yaml", path)
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(open_family(path), port=port),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{port}/")
        expect(page.locator("#panel-title")).to_contain_text("II-2")
        expect(page.locator("#explanation table")).to_be_visible()
        page.locator("#explanation").scroll_into_view_if_needed()
        out = ROOT / "docs" / "img" / "serve.png"
        page.screenshot(path=str(out))
        browser.close()
    server.should_exit = True
    thread.join(10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
