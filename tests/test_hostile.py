"""Hostile and broken files through the command line: never a crash, a hang, a leaked
file or an injected output (issue 10).

Every case of ``tests/data/hostile/cases.yaml`` runs in-process here; the cases that
need a process of their own (a FIFO as input, /dev/full as output, SIGTERM) are
tests below. ``tools/hostile.py`` runs all the cases as processes, timed and under a
memory limit.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from xlinked import Individual, Pedigree, io
from xlinked._atomic import check_target, replacing
from xlinked.cli import _terminate_cleanly, main

HOSTILE = Path(__file__).parent / "data" / "hostile"
CASES: list[dict[str, Any]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))
EXAMPLE = Path(__file__).parent.parent / "examples" / "pedigrees" / "isolated-case.yaml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the hostile files, where fifo.yaml is a FIFO."""
    where = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        shutil.copy(path, where / path.name)
    os.mkfifo(where / "fifo.yaml")
    return where


def _args(case: dict[str, Any], folder: Path, out: Path) -> list[str]:
    return [a.replace("{file}", str(folder / case["file"])).replace("{out}", str(out))
            for a in case["run"]]


def test_every_hostile_file_has_a_case() -> None:
    named = {c["file"] for c in CASES}
    helpers = {"cases.yaml", "not-a-preset.yaml", "alias-bomb.yaml"}
    files = {p.name for p in HOSTILE.iterdir()} - helpers
    assert files <= named, sorted(files - named)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']}-{' '.join(c['run'][:1])}-{i}"
                                             for i, c in enumerate(CASES)])
def test_hostile_case(case: dict[str, Any], folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, _args(case, folder, tmp_path))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    allowed = case["exit"] if isinstance(case["exit"], list) else [case["exit"]]
    assert result.exit_code in allowed, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code:
        assert result.stderr.count("\n") == case.get("lines", 1), result.stderr
        assert case["says"] in result.stderr
        assert result.stderr.startswith("error: ")
        assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file
    else:
        assert "error:" not in result.stderr
    if "stdout" in case:
        assert case["stdout"] in result.stdout
    for text in case.get("never", []):
        assert text not in result.stdout + result.stderr


def test_mathtext_is_drawn_literally(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    result = CliRunner().invoke(main, ["draw", str(folder / "mathtext-label.yaml"), "-o",
                                       str(out), "--title", "$\\beta$ \x01 title"])
    assert result.exit_code == 0, result.stderr
    svg = out.read_text("utf-8")
    xml.dom.minidom.parseString(svg)  # well-formed
    assert "$\\alpha$" in svg and "$\\frac{$" in svg and "$\\beta$ \\x01 title" in svg


def test_exports_read_back(folder: Path, tmp_path: Path) -> None:
    ped = io.read(folder / "canrisk-cells.yaml")
    text, lost = io.dumps(ped, "canrisk")
    again = io.loads(text, "canrisk")[0]
    assert set(ped.ids) <= set(again.ids) and any("tabs or line breaks" in w for w in lost)
    assert dict(again.extensions["canrisk"]["cells"]) == {"mum": {"OC": "60"}}
    ped = io.read(folder / "pedigreejs-kept-keys.yaml")
    text, lost = io.dumps(ped, "pedigreejs")
    again = io.loads(text, "pedigreejs")[0]
    assert again["mum"].mother is None and again["mum"].affected is None
    assert any("kept pedigreejs keys" in w for w in lost)
    ped = io.read(folder / "ped-quote-cell.yaml")
    text, lost = io.dumps(ped, "ped")
    assert dict(io.loads(text, "ped")[0].extensions["table"]["cells"]) == {"mum": {'"': '"'}}
    ped = io.read(folder / "ped-hash-family.yaml")
    text, lost = io.dumps(ped, "ped")
    assert io.loads(text, "ped")[0].family == "F1" and "'#F1'" in lost[-1]


# -- inputs that are not regular files -------------------------------------------------


def _run(args: list[str], timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xlinked", *args], capture_output=True,
                          text=True, timeout=timeout, check=False, **kwargs)


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_input_must_be_a_regular_file(kind: str, tmp_path: Path) -> None:
    """In a process of its own: were it read, a FIFO would block and /dev/zero never end."""
    if kind == "fifo":
        path = tmp_path / "family.yaml"
        os.mkfifo(path)
    else:
        path = Path(kind)
        if not path.exists():
            pytest.skip("no /dev/zero")
    out = _run(["validate", str(path)])
    assert out.returncode == 1 and out.stderr.count("\n") == 1, out.stderr
    assert {"fifo": "is a FIFO", "/dev/zero": "is a character device"}[kind] in out.stderr
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.stderr == f"error: {tmp_path}: is a directory, not a pedigree file\n"


def test_input_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(EXAMPLE.read_text() + "#" * (4096 - len(EXAMPLE.read_bytes()) - 1) + "\n")
    result = CliRunner().invoke(main, ["--max-input", "2k", "validate", str(path)])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "larger than the 2 kB allowed for a pedigree file (4 kB)" in result.stderr
    ok = CliRunner().invoke(main, ["validate", str(path)], env={"XLINKED_MAX_INPUT": "1M"})
    assert ok.exit_code == 0
    piped = CliRunner().invoke(main, ["--max-input", "2k", "validate", "-"],
                               input=path.read_bytes())
    assert piped.exit_code == 1 and "<stdin>: is larger than the 2 kB" in piped.stderr
    bad = CliRunner().invoke(main, ["--max-input", "lots", "validate", str(path)])
    assert bad.exit_code == 2 and "not a size" in bad.stderr
    with pytest.raises(io.ReadError, match="larger than the 2 kB"):
        io.read(path, max_bytes=2048)


def test_dash_reads_standard_input() -> None:
    text = EXAMPLE.read_bytes()
    for args in (["validate", "-"], ["risk", "-"], ["explain", "-", "II-2"],
                 ["layout", "-", "--no-risks"], ["convert", "-", "-", "--to", "ped"]):
        result = CliRunner().invoke(main, args, input=text)
        assert result.exit_code == 0, (args, result.stderr)
    result = CliRunner().invoke(main, ["validate", "-"], input=b"F1 a 0 0 2 1\n")
    assert result.stdout.startswith("<stdin>: valid: 1 individual")


def test_preset_files_relative_to_the_pedigree_and_forbidden_for_servers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.yaml").write_text("mutation_rate: 1/1000\nmale_fitness: 0\n")
    family = tmp_path / "sub" / "family.yaml"
    family.write_text("xlinked: 1\nmodel: {preset: mine.yaml}\nindividuals:\n"
                      "  - {id: mum, sex: F}\n")
    monkeypatch.chdir(tmp_path)
    assert str(io.read(family).model.mutation_rate) == "1/1000"
    with pytest.raises(io.PedigreeError, match="preset files are not allowed here"):
        io.read(family, preset_files=False)
    for args, env in (([ "--no-preset-files", "validate", str(family)], {}),
                      (["validate", str(family)], {"XLINKED_NO_PRESET_FILES": "1"})):
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 1 and "preset files are not allowed here" in result.stderr
    named = tmp_path / "named.yaml"
    named.write_text("xlinked: 1\nmodel: {preset: ipex}\nindividuals:\n  - {id: mum, sex: F}\n")
    assert CliRunner().invoke(main, ["--no-preset-files", "validate", str(named)]).exit_code == 0


def test_unreadable_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    shutil.copy(EXAMPLE, path)
    path.chmod(0)
    if os.access(path, os.R_OK):
        pytest.skip("running as root: every file is readable")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and result.stderr == (
        f"error: {path}: cannot be read: Permission denied\n")


# -- outputs ---------------------------------------------------------------------------


def test_outputs_never_replace_devices_fifos_or_links(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="not a regular file"):
        check_target("/dev/null")  # checked without writing anything
    fifo = tmp_path / "out.ped"
    os.mkfifo(fifo)
    link = tmp_path / "link.ped"
    real = tmp_path / "real.ped"
    real.write_text("keep\n")
    link.symlink_to(real)
    for target, says in ((fifo, "is not a regular file"), (link, "is a symbolic link")):
        result = CliRunner().invoke(main, ["convert", str(EXAMPLE), str(target)])
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert says in result.stderr and str(target) in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert real.read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ped", "out.ped", "real.ped"]


def test_written_files_honour_the_umask_and_keep_a_replaced_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        new = tmp_path / "new.ped"
        assert CliRunner().invoke(main, ["convert", str(EXAMPLE), str(new)]).exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        shared = tmp_path / "shared.svg"
        shared.write_text("old")
        shared.chmod(0o664)
        result = CliRunner().invoke(main, ["draw", str(EXAMPLE), "-o", str(shared)])
        assert result.exit_code == 0, result.stderr
        assert stat.S_IMODE(shared.stat().st_mode) == 0o664
        assert shared.read_text().startswith("<?xml")
    finally:
        os.umask(old)


def test_a_full_disk_names_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "x.svg"
    with pytest.raises(OSError) as info, replacing(target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert info.value.filename == str(target) and "cannot write" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_sigterm_removes_the_temporary_file(tmp_path: Path) -> None:
    """In-process: the handler turns SIGTERM into SystemExit inside the writer."""
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        _terminate_cleanly()
        with pytest.raises(SystemExit) as info, replacing(tmp_path / "x.svg") as tmp:
            tmp.write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the signal arrives before this ends
        assert info.value.code == 128 + signal.SIGTERM
        assert list(tmp_path.iterdir()) == []
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_sigterm_during_draw_leaves_no_file(tmp_path: Path) -> None:
    """As a process: SIGTERM while the drawing is written leaves nothing behind."""
    family = tmp_path / "wide.yaml"
    io.write(_wide(15), family)
    out = tmp_path / "out"
    out.mkdir()
    code = terminate_while_writing(["draw", str(family), "-o", str(out / "x.svg")], out)
    if code == 0:
        pytest.skip("the drawing was written before the signal could be sent")
    assert code == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []


def terminate_while_writing(args: list[str], out: Path) -> int | None:
    """Run ``xlinked ARGS``, send SIGTERM once a temporary file appears in ``out``;
    the exit status (also used by tools/hostile.py)."""
    proc = subprocess.Popen([sys.executable, "-m", "xlinked", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.endswith(".tmp") for p in out.iterdir()):
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.002)
    return proc.wait(timeout=120)


def _wide(families: int) -> Pedigree:
    """Families of grandparents, a daughter, her husband and three children."""
    people = []
    for f in range(families):
        people += [Individual(f"gm{f}", "F"), Individual(f"gd{f}", "M"),
                   Individual(f"m{f}", "F", mother=f"gm{f}", father=f"gd{f}"),
                   Individual(f"d{f}", "M")]
        people += [Individual(f"c{f}-{k}", "MF"[k % 2], mother=f"m{f}", father=f"d{f}",
                              affected=k == 0) for k in range(3)]
    return Pedigree(people)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["--help"], ["risk", str(EXAMPLE)]])
def test_a_full_standard_output_is_one_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "xlinked", *args], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert out.returncode == 1
    assert out.stderr == "error: cannot write to standard output: No space left on device\n"


# -- many problems, deep pedigrees -----------------------------------------------------------


def test_many_problems_are_listed_up_to_a_hundred(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    rows = "".join(f"  - {{id: p{i}, sex: X}}\n" for i in range(5000))
    path.write_text("xlinked: 1\nindividuals:\n" + rows)
    result = CliRunner().invoke(main, ["validate", str(path)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 102
    assert lines[0] == f"error: {path}:3: individual 'p0': sex must be M, F or U (male, " \
                       "female, unknown), got 'X'"
    assert lines[-2:] == ["error: ... and 4900 more problems",
                          "5000 problems found."]


def test_reading_stops_after_ten_thousand_problems(tmp_path: Path) -> None:
    """A file of 12,000 broken people: the first 10,000 problems are counted, the first
    100 shown, and the first line says that reading stopped and how many were not checked
    (a million such people took 29 s of CPU to check one by one)."""
    from xlinked.io.native import MAX_PROBLEMS

    path = tmp_path / "bad.yaml"
    rows = "".join(f"  - {{id: p{i}, sex: X}}\n" for i in range(MAX_PROBLEMS + 2000))
    path.write_text("xlinked: 1\nindividuals:\n" + rows)
    result = CliRunner().invoke(main, ["validate", str(path)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 102
    assert lines[0] == (f"error: {path}: individuals: reading stopped after 10,000 problems: "
                        "the last 2,000 people were not checked")
    assert lines[1].startswith(f"error: {path}:3: individual 'p0': sex must be")
    assert lines[-2:] == ["error: ... and 9901 more problems", "10001 problems found."]


def test_too_deep_to_draw_is_one_line(tmp_path: Path) -> None:
    people = [Individual("g0", "F")] + [Individual(f"g{i}", "F", mother=f"g{i - 1}")
                                        for i in range(1, 1002)]
    path = tmp_path / "line.yaml"
    io.write(Pedigree(people), path)
    for command in (["layout", str(path)], ["draw", str(path), "-o", str(tmp_path / "x.png")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.stderr
        assert result.stderr == (f"error: {path}: too deep to draw: 1002 generations in one "
                                 "line of descent (at most 1000)\n")
    assert CliRunner().invoke(main, ["risk", str(path)]).exit_code == 0
