"""``xlinked serve`` end to end, in headless Chromium (the Debian package) driven by Playwright.

From an empty family, build the isolated case by clicking, see the mother at 2/3
(textbook limit), add an unaffected brother and see her risk fall to 1/2, undo and
redo, save, reload. Skipped only when no Chromium is installed
(``apt-get install chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import shutil
import threading
import time
from fractions import Fraction
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from xlinked.io import native  # noqa: E402
from xlinked.serve import bind, create_app, open_family  # noqa: E402

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             "/usr/bin/chromium") if p and Path(p).exists()), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found "
                                "(apt-get install chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(tmp_path):
    import uvicorn

    path = tmp_path / "family.yaml"
    opened = open_family(path, today="2025-01-15")
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app = create_app(opened, port=port)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}/", path
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def page(server):
    sync = playwright.sync_playwright().start()
    browser = sync.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    pg = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(20_000)
    playwright.expect.set_options(timeout=20_000)
    yield pg
    browser.close()
    sync.stop()
    assert not errors, errors


def carrier(page, pid):
    return page.locator(f'#risks tr[data-person="{pid}"] td').nth(4)


def test_build_the_isolated_case_by_clicking(server, page, tmp_path):
    url, path = server
    expect = playwright.expect
    page.goto(url)
    expect(page.locator("#panel-title")).to_have_text("Person 1")  # the consultand
    expect(page.locator("#drawing svg")).to_be_visible()
    expect(page.locator("#status")).to_have_text("unsaved changes")

    page.get_by_role("button", name="Son", exact=True).click()  # a partner and a son
    expect(page.locator("#panel-title")).to_have_text("Person 3")
    expect(page.locator('[id="symbol-3"]')).to_be_attached()  # drawn
    page.select_option("#f-affected", "true")
    page.fill("#f-age", "1")
    page.press("#f-age", "Tab")
    expect(carrier(page, "1")).to_have_text("2/3 (66.7%)")  # Haldane: the mother at 2/3
    expect(page.locator("#drawing")).to_contain_text("carrier 2/3")  # and on the drawing

    page.locator('[id="symbol-1"]').click()  # select her on the drawing
    expect(page.locator("#panel-title")).to_have_text("Person 1")
    expect(page.locator("#explanation h3")).to_contain_text("2/3")
    page.get_by_role("button", name="Son", exact=True).click()  # an unaffected brother
    expect(page.locator("#panel-title")).to_have_text("Person 4")
    page.select_option("#f-affected", "false")
    page.fill("#f-age", "10")
    page.press("#f-age", "Tab")
    expect(carrier(page, "1")).to_have_text("1/2 (50%)")  # ... and her risk falls

    page.click("#undo")  # the age
    page.click("#undo")  # unaffected
    expect(carrier(page, "1")).to_have_text("2/3 (66.7%)")
    page.click("#redo")
    page.click("#redo")
    expect(carrier(page, "1")).to_have_text("1/2 (50%)")

    page.fill("#f-age", "ten")  # a bad value: shown next to the field, nothing saved
    page.press("#f-age", "Tab")
    expect(page.locator("#err-age")).to_contain_text("age")
    expect(page.locator("#save")).to_be_disabled()
    page.fill("#f-age", "10")
    page.press("#f-age", "Tab")
    expect(page.locator("#save")).to_be_enabled()

    page.click("#save")
    expect(page.locator("#status")).to_contain_text("saved to")
    saved = native.loads(path.read_text())
    assert len(saved) == 4 and saved.consultand == "1"
    assert saved["3"].affected is True and saved["4"].affected is False and saved["4"].age == 10

    page.screenshot(path=str(tmp_path / "isolated-case.png"))
    page.reload()
    expect(carrier(page, "1")).to_have_text("1/2 (50%)")
    expect(page.locator("#status")).to_have_text("saved")


def test_keyboard_selection_next_children_and_delete(server, page):
    url, path = server
    expect = playwright.expect
    page.goto(url)
    expect(page.locator("#panel-title")).to_have_text("Person 1")
    page.get_by_role("button", name="Daughter", exact=True).click()
    expect(page.locator("#panel-title")).to_have_text("Person 3")
    expect(page.locator('[id="symbol-3"]')).to_be_attached()  # drawn
    page.locator('[id="symbol-1"]').focus()  # symbols are focusable; Enter selects
    page.keyboard.press("Enter")
    expect(page.locator("#panel-title")).to_have_text("Person 1")
    page.check("#next-children")  # her hypothetical next son and daughter
    expect(page.locator('#risks tr[data-person="1:next-son"]')).to_be_visible()
    expect(page.locator('[id="symbol-1:next-son"]')).to_be_attached()
    page.locator('[id="symbol-3"]').click()
    page.once("dialog", lambda d: d.accept())
    page.click("#delete")
    expect(page.locator('#risks tr[data-person="3"]')).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(page.locator('#risks tr[data-person="3"]')).to_have_count(1)
    page.locator('[id="symbol-1"]').click()
    expect(page.locator("#panel-title")).to_have_text("Person 1")
    page.click("#add-test")  # a test with an impossible sensitivity: shown on its row
    page.fill("#t0-sensitivity", "2")
    page.press("#t0-sensitivity", "Tab")
    expect(page.locator('[id="err-tests[0]"]')).to_contain_text("sensitivity")
    expect(page.locator("#save")).to_be_disabled()
    page.fill("#t0-sensitivity", "0.9")
    page.press("#t0-sensitivity", "Tab")
    expect(page.locator("#save")).to_be_enabled()
    page.keyboard.press("Control+s")
    expect(page.locator("#status")).to_contain_text("saved to")
    saved = native.loads(path.read_text())
    assert "3" in saved and saved["1"].tests[0].sensitivity == Fraction(9, 10)
