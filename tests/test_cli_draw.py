"""``xlinked draw`` and ``xlinked layout`` through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked.cli import main

IPEX = str(EXAMPLES / "ipex-uncle.yaml")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"),
                                          (".pdf", b"%PDF")])
def test_draw_each_format(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"family{suffix}"
    result = run("draw", IPEX, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    assert "wrote" in result.stderr and result.stdout == ""


def test_draw_with_and_without_risks(tmp_path: Path) -> None:
    pytest.importorskip("xlinked.risk")
    with_risks, without = tmp_path / "a.svg", tmp_path / "b.svg"
    assert run("draw", IPEX, "-o", str(with_risks), "--mode", "limit").exit_code == 0
    assert run("draw", IPEX, "-o", str(without), "--no-risks").exit_code == 0
    assert "carrier 1/101" in with_risks.read_text()  # the consultand, limit mode
    assert "carrier 1/101" not in without.read_text()


def test_draw_anonymised(tmp_path: Path) -> None:
    out = tmp_path / "a.svg"
    assert run("draw", IPEX, "-o", str(out), "--anonymise").exit_code == 0
    text = out.read_text()
    assert "Great-uncle" not in text and "XLK01" not in text


def test_unknown_extension_is_one_clean_line(tmp_path: Path) -> None:
    result = run("draw", IPEX, "-o", str(tmp_path / "family.gif"))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "use .png, .svg or .pdf" in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_missing_input_is_a_clean_error(tmp_path: Path) -> None:
    result = run("draw", str(tmp_path / "nope.yaml"), "-o", str(tmp_path / "x.png"))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert not (tmp_path / "x.png").exists()


def test_layout_json_contract() -> None:
    result = run("layout", str(EXAMPLES / "first-cousins.yaml"))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["nodes"]) == 11
    for node in data["nodes"]:
        assert isinstance(node["id"], str)
        assert isinstance(node["x"], float) and isinstance(node["y"], float)
    for seg in data["segments"]:
        assert {"x0", "y0", "x1", "y1"} <= set(seg)
    assert any(s["kind"] == "marriage2" for s in data["segments"])  # consanguineous


def test_help_has_examples() -> None:
    for cmd in ("draw", "layout"):
        result = run(cmd, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


def test_a_png_too_small_to_read_is_warned_about(tmp_path: Path) -> None:
    """A very wide pedigree: the PNG is written, with a warning suggesting SVG or PDF."""
    kids = "\n".join(f"  - {{id: k{i}, sex: {'MF'[i % 2]}, mother: mum, father: dad}}"
                     for i in range(300))
    path = tmp_path / "wide.yaml"
    path.write_text(f"xlinked: 1\nindividuals:\n  - {{id: mum, sex: F}}\n"
                    f"  - {{id: dad, sex: M}}\n{kids}\n")
    result = run("draw", str(path), "-o", str(tmp_path / "wide.png"), "--no-risks")
    assert result.exit_code == 0, result.stderr
    assert "too small to read; write .svg or .pdf" in result.stderr
    assert (tmp_path / "wide.png").read_bytes().startswith(b"\x89PNG")
    result = run("draw", str(path), "-o", str(tmp_path / "wide.svg"), "--no-risks")
    assert result.exit_code == 0 and "warning" not in result.stderr
