"""``xlinked serve``'s HTTP API, through Starlette's test client."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES

pytest.importorskip("starlette", reason="the web extra is not installed")
from starlette.testclient import TestClient  # noqa: E402

from xlinked.cli import main  # noqa: E402
from xlinked.io import native  # noqa: E402
from xlinked.serve import MAX_BODY, create_app, open_family  # noqa: E402

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def family(tmp_path):
    path = tmp_path / "family.yaml"
    shutil.copy(EXAMPLES / "isolated-case.yaml", path)
    return path


@pytest.fixture
def client(family):
    opened = open_family(family)
    return TestClient(create_app(opened, port=PORT), base_url=BASE)


def test_page_and_its_files(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    for name in ("app.js", "app.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_get_pedigree_is_the_native_document(client, family):
    assert client.get("/api/pedigree").json() == native.to_dict(native.loads(family.read_text()))


@pytest.mark.parametrize("query,args", [
    ("", []),
    ("?mode=limit", ["--mode", "limit"]),
    ("?mode=exact&mutation_rate=1e-5", ["--mode", "exact", "--mutation-rate", "1e-5"]),
    ("?mode=limit&child=II-2:II-1:M", ["--mode", "limit", "--child", "II-2:II-1:M"]),
    ("?preset=dmd", ["--preset", "dmd"]),
])
def test_risks_are_what_the_cli_prints(client, family, query, args):
    cli = CliRunner().invoke(main, ["risk", str(family), "--format", "json", *args])
    assert cli.exit_code == 0, cli.stderr
    assert client.get("/api/risks" + query).json() == json.loads(cli.stdout)


def test_bad_model_option_is_422(client):
    r = client.get("/api/risks?mode=fancy")
    assert r.status_code == 422 and "mode must be one of" in r.json()["problems"][0]["message"]


def test_drawing_has_a_clickable_symbol_per_person(client):
    r = client.get("/api/drawing.svg?mode=limit")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    for pid in ("I-1", "I-2", "II-1", "II-2", "II-3", "III-1", "III-2"):
        assert f'id="symbol-{pid}"' in r.text
    assert "2/3" in r.text  # the mother's risk under her symbol
    assert "2/3" not in client.get("/api/drawing.svg?risks=0").text


def test_put_saves_atomically_and_get_follows(client, family):
    doc = client.get("/api/pedigree").json()
    doc["individuals"].append({"id": "III-3", "sex": "M", "mother": "II-2", "father": "II-1",
                               "affected": False, "age": 10})
    r = client.put("/api/pedigree", json=doc)
    assert r.status_code == 200 and r.json()["saved"] == str(family)
    saved = native.loads(family.read_text())
    assert "III-3" in saved and saved["III-3"].age == 10
    assert client.get("/api/pedigree").json() == native.to_dict(saved)
    mother = {p["id"]: p for p in client.get("/api/risks?mode=limit").json()["individuals"]}
    assert mother["II-2"]["exact"]["p_carrier"] == "1/2"  # an unaffected brother: 2/3 -> 1/2
    assert list(family.parent.iterdir()) == [family]  # no temporary file left
    # the comments that open the file stay above the saved family
    opening = (EXAMPLES / "isolated-case.yaml").read_text().split("xlinked:")[0]
    assert opening.startswith("# ") and family.read_text().startswith(opening.rstrip("\n"))


def test_put_invalid_is_422_naming_person_and_field_and_leaves_the_file(client, family):
    before = family.read_bytes()
    doc = client.get("/api/pedigree").json()
    people = {p["id"]: p for p in doc["individuals"]}
    people["II-3"]["age"] = "thirty"
    people["III-1"]["mother"] = "nobody"
    r = client.put("/api/pedigree", json=doc)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert {(p["person"], p["field"]) for p in problems} == {("II-3", "age"), ("III-1", "mother")}
    assert all(p["message"] for p in problems)
    assert family.read_bytes() == before


def test_put_not_a_document_is_422(client, family):
    before = family.read_bytes()
    for body in ([1, 2], {"individuals": []}, "text"):
        r = client.put("/api/pedigree", json=body)
        assert r.status_code == 422, body
    r = client.put("/api/pedigree", content=b"{not json",
                   headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["problems"][0]["message"]
    r = client.put("/api/pedigree", content=b'{"xlinked": 1, "xlinked": 1}',
                   headers={"content-type": "application/json"})
    assert r.status_code == 422 and "appears twice" in r.json()["problems"][0]["message"]
    assert family.read_bytes() == before


def test_json_saved_as_json(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(native.dumps(native.loads((EXAMPLES / "twins.yaml").read_text()),
                                 as_json=True))
    client = TestClient(create_app(open_family(path), port=PORT), base_url=BASE)
    assert client.put("/api/pedigree", json=client.get("/api/pedigree").json()).status_code == 200
    json.loads(path.read_text())


# -- guards ------------------------------------------------------------------------


def test_foreign_host_is_refused(client):
    assert client.get("/api/pedigree", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/api/pedigree", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_foreign_origin_is_refused(client, family):
    before = family.read_bytes()
    doc = client.get("/api/pedigree").json()
    for origin in ("http://evil.example", f"http://127.0.0.1:{PORT + 1}", "null",
                   f"https://127.0.0.1:{PORT}", f"http://127.0.0.1.evil.example:{PORT}",
                   "http://[::1"):
        r = client.put("/api/pedigree", json=doc, headers={"origin": origin})
        assert r.status_code == 403, origin
    assert family.read_bytes() == before
    for origin in (BASE, f"http://localhost:{PORT}", f"http://[::1]:{PORT}"):
        ok = client.put("/api/pedigree", json=doc, headers={"origin": origin})
        assert ok.status_code == 200, origin


def test_without_a_port_origins_must_still_be_this_machine(family):
    client = TestClient(create_app(open_family(family)), base_url=BASE)
    assert client.get("/api/pedigree", headers={"origin": "http://localhost:9999"}).is_success
    assert client.get("/api/pedigree", headers={"origin": "http://evil.example"}).status_code \
        == 403


def test_changes_must_be_json(client, family):
    before = family.read_bytes()
    r = client.put("/api/pedigree", content=b"xlinked: 1", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = client.post("/api/edit", data={"a": "b"})  # a form another site could post
    assert r.status_code == 415
    assert family.read_bytes() == before


def test_request_size_is_limited(client):
    big = b'{"text": "' + b"x" * (MAX_BODY + 10) + b'"}'
    r = client.post("/api/import", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_no_preset_file_is_read_for_the_browser(client, tmp_path):
    (tmp_path / "secret.yaml").write_text("name: x\nmutation_rate: 0.1\n")
    doc = client.get("/api/pedigree").json()
    doc["model"] = {"preset": str(tmp_path / "secret.yaml")}
    r = client.put("/api/pedigree", json=doc)
    assert r.status_code == 422
    doc["model"] = {"preset": "dmd"}  # a built-in preset is fine
    assert client.put("/api/pedigree", json=doc).status_code == 200


def test_no_other_file_is_reachable(client):
    for url in ("/static/../../pyproject.toml", "/static/%2e%2e/_app.py", "/api/pedigree/x",
                "/etc/passwd", "/static/../__init__.py"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "import" not in r.text


# -- what the page uses ---------------------------------------------------------------


def test_evaluate_a_working_document(client):
    doc = client.get("/api/pedigree").json()
    r = client.post("/api/evaluate", json={"document": doc, "mode": "limit",
                                           "children": [["II-2", "", "M"]]})
    out = r.json()
    assert out["valid"] and out["risk_error"] is None
    assert out["risks"]["children"][0]["exact"]["p_affected"] == "1/3"
    assert 'id="symbol-II-2:next-son"' in out["svg"]
    # a future child has no number, and a couple's next child renumbers nobody
    assert "II-2:next-son" not in out["numbers"]
    alone = client.post("/api/evaluate", json={"document": doc, "mode": "limit"}).json()
    couple = client.post("/api/evaluate", json={"document": doc, "mode": "limit",
                                                "children": [["II-2", "II-1", "M"]]}).json()
    assert couple["numbers"] == alone["numbers"]
    doc["individuals"][0]["sex"] = "X"
    out = client.post("/api/evaluate", json={"document": doc}).json()
    assert not out["valid"] and out["svg"] is None
    assert out["problems"][0]["person"] == "I-1" and out["problems"][0]["field"] == "sex"


def test_impossible_evidence_is_shown_not_raised(client):
    doc = client.get("/api/pedigree").json()
    people = {p["id"]: p for p in doc["individuals"]}
    people["II-2"]["tests"] = [{"result": "negative"}]  # perfect test: the boy cannot be affected
    doc["model"] = {"mutation_rate": 0}
    out = client.post("/api/evaluate", json={"document": doc, "mode": "exact"}).json()
    assert out["valid"] and out["risks"] is None and out["risk_error"]
    assert out["svg"]  # drawn without risks


def test_edit_then_explain(client):
    doc = client.get("/api/pedigree").json()
    r = client.post("/api/edit", json={"document": doc,
                                       "edit": {"op": "add_child", "id": "II-2", "sex": "M"}})
    new = r.json()["document"]
    assert len(new["individuals"]) == len(doc["individuals"]) + 1
    r = client.post("/api/edit", json={"document": doc, "edit": {"op": "add_parents",
                                                                  "id": "II-2"}})
    assert r.status_code == 422 and "already has both parents" in r.json()["problems"][0]["message"]
    ex = client.post("/api/explain", json={"document": doc, "id": "II-2", "mode": "limit"}).json()
    assert ex["posterior"] == "2/3" and ex["table"]["columns"] == ["not a carrier", "carrier"]
    assert ex["table"]["rows"][-1] == {"label": "Posterior", "values": ["1/3", "2/3"]}
    assert ex["effects"] and "Bayes table" in ex["text"]
    r = client.post("/api/explain", json={"document": doc, "id": "nobody"})
    assert r.status_code == 422


def test_import_any_format(client):
    text = (EXAMPLES / "family.ped").read_text()
    r = client.post("/api/import", json={"filename": "family.ped", "text": text})
    assert r.status_code == 200 and r.json()["format"] == "ped"
    assert native.from_dict(r.json()["document"])
    r = client.post("/api/import", json={"filename": "x.yaml", "text": "xlinked: 1\n"})
    assert r.status_code == 422 and r.json()["problems"][0]["message"]


@pytest.mark.parametrize("kind,start", [("ped", b""), ("yaml", b"xlinked: 1"),
                                        ("svg", b"<?xml"), ("png", b"\x89PNG"),
                                        ("pdf", b"%PDF"), ("gedcom", b"0 HEAD")])
def test_export(client, kind, start):
    doc = client.get("/api/pedigree").json()
    r = client.post("/api/export", json={"document": doc, "format": kind, "mode": "limit"})
    assert r.status_code == 200, r.text
    assert r.content.startswith(start)
    assert "attachment" in r.headers["content-disposition"]
    json.loads(r.headers["x-xlinked-warnings"])


def test_export_unknown_format(client):
    doc = client.get("/api/pedigree").json()
    r = client.post("/api/export", json={"document": doc, "format": "exe"})
    assert r.status_code == 422 and "cannot export 'exe'" in r.json()["problems"][0]["message"]


# -- opening ----------------------------------------------------------------------------


def test_open_nothing_starts_a_new_family_in_a_free_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "family.yaml").write_text("taken")
    opened = open_family(None, today="2025-01-15")
    assert opened.save_to.name == "family-2.yaml" and not opened.save_to.exists()
    client = TestClient(create_app(opened, port=PORT), base_url=BASE)
    assert client.get("/api/info").json()["exists"] is False
    assert client.put("/api/pedigree", json=opened.document).status_code == 200
    assert native.loads((tmp_path / "family-2.yaml").read_text()).consultand == "1"
    assert (tmp_path / "family.yaml").read_text() == "taken"


def test_open_other_format_saves_beside_it(tmp_path):
    ped = tmp_path / "family.ped"
    shutil.copy(EXAMPLES / "family.ped", ped)
    opened = open_family(ped)
    assert opened.save_to == tmp_path / "family.yaml" and opened.format == "ped"


def test_open_invalid_native_file_shows_its_problems(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("xlinked: 1\nindividuals:\n  - {id: a, sex: F, age: old}\n")
    client = TestClient(create_app(open_family(path), port=PORT), base_url=BASE)
    doc = client.get("/api/pedigree").json()
    assert doc["individuals"][0]["age"] == "old"
    out = client.post("/api/evaluate", json={"document": doc}).json()
    assert out["problems"][0]["person"] == "a" and out["problems"][0]["field"] == "age"
    assert client.get("/api/risks").status_code == 422


def test_open_new_file_needs_a_native_extension(tmp_path):
    from xlinked.errors import ReadError

    with pytest.raises(ReadError, match="new family must be a .yaml or .json file"):
        open_family(tmp_path / "new.ped")


def test_cli_help_and_missing_file():
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--no-browser" in r.output
    r = CliRunner().invoke(main, ["serve", "nowhere/x.ped", "--no-browser"])
    assert r.exit_code == 1 and "new family must be a .yaml or .json file" in r.stderr


def test_export_the_report(client):
    """The counselling report of the family as edited, in HTML and PDF, with the
    numbers the risk API gives."""
    doc = client.get("/api/pedigree").json()
    r = client.post("/api/export", json={"document": doc, "format": "report-html",
                                         "mode": "limit"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    html = r.content.decode()
    assert html.startswith("<!DOCTYPE html") and "<svg" in html
    risks = client.get("/api/risks?mode=limit").json()
    shown = [p["exact"]["p_carrier"] for p in risks["individuals"]]
    assert "2/3" in shown
    cells = re.findall(r'<td data-key="p_carrier"[^>]*>([^<]*)</td>', html)
    assert cells and {c.split(" (")[0] for c in cells} == set(shown)
    assert 'filename="' in r.headers["content-disposition"] and "-report.html" in (
        r.headers["content-disposition"])
    r = client.post("/api/export", json={"document": doc, "format": "report-pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
