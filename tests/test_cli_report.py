"""``xlinked report`` through click's test runner."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked.cli import main

IPEX = str(EXAMPLES / "ipex-uncle.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def cells(path: Path) -> dict[str, dict[str, str]]:
    root = ET.fromstring(path.read_text(encoding="utf-8").split("\n", 1)[1])
    return {r.get("data-id", ""): {c.get("data-key", ""): "".join(c.itertext()) for c in r}
            for r in root.findall(".//table[@class='risks']/tbody/tr")}


def test_report_html_with_the_risk_options(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    args = ["--mode", "limit", "--preset", "ipex", "--mutation-rate", "1e-5",
            "--child", "III-5:III-4:M"]
    result = run("report", IPEX, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "wrote" in result.stderr
    risk = run("risk", IPEX, "--format", "json", *args)
    data = json.loads(risk.stdout)
    table = cells(out)
    for person in data["individuals"] + data["children"]:
        exact = person.get("exact", {})
        shown = table[person["id"]]["p_carrier"].split(" ")[0]
        assert shown == exact.get("p_carrier", {1.0: "1", 0.0: "0"}.get(person["p_carrier"]))
    assert "III-5:next-son" in table


def test_report_pdf_consultand_and_paper(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = run("report", IPEX, "-o", str(out), "--consultand", "II-4", "--paper", "letter",
                 "--anonymise")
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    reader = PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "consultand II-4" in text and "XLK01" not in text
    assert float(reader.pages[0].mediabox.width) == 612


def test_report_errors_are_one_clean_line(tmp_path: Path) -> None:
    result = run("report", IPEX, "-o", str(tmp_path / "r.txt"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "use .html or .pdf" in result.stderr and "Traceback" not in result.output
    result = run("report", IPEX, "-o", str(tmp_path / "r.html"), "--consultand", "nobody")
    assert result.exit_code == 2 and "no individual 'nobody'" in result.stderr
    result = run("report", IPEX, "-o", str(tmp_path / "r.html"), "--mode", "approximate")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "needs exact posteriors" in result.stderr
    result = run("report", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_report_from_standard_input_names_and_hashes_it(tmp_path: Path) -> None:
    import hashlib

    data = (EXAMPLES / "isolated-case.yaml").read_bytes()
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "-", "-o", str(out)], input=data)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "&lt;stdin&gt;" in text and hashlib.sha256(data).hexdigest() in text
