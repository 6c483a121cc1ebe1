"""The README's library example runs and prints what it says."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_library_example_runs(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## As a library"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    source = code.group(1).replace('"examples/', f'"{ROOT}/examples/')
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = out.getvalue().splitlines()
    assert printed[0] == "1/9 1/18"
    assert printed[1] == "1/18"
    assert "Bayes table" in out.getvalue()
    assert (tmp_path / "family.svg").stat().st_size > 1000
    assert "1/18" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_risk_table_shown_is_what_the_command_prints(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's `xlinked risk ... --mode limit` block is the command's real output."""
    from click.testing import CliRunner

    from xlinked.cli import main

    readme = (ROOT / "README.md").read_text()
    command = "$ xlinked risk examples/pedigrees/isolated-case.yaml --mode limit\n"
    shown = readme[readme.index(command) + len(command):]
    shown = shown[:shown.index("```")]
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["risk", "examples/pedigrees/isolated-case.yaml",
                                       "--mode", "limit"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown
