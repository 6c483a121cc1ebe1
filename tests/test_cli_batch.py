"""``xlinked batch`` on the command line: messages, exit codes, Dask, interruption."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from test_batch import cohort, many_families
from xlinked._batch import FamilyReport, Progress
from xlinked._batch.work import Note
from xlinked.cli import main
from xlinked.cli._batch import _Bar


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_writes_the_table_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "risks.csv"
    result = run("batch", EXAMPLES, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    families = len(list(EXAMPLES.iterdir()))
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"{families} of {families} families (")
    assert f"from {families} files written to {out} in " in last
    assert "families/s)" in last
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert {r["file"] for r in rows} == {str(p) for p in EXAMPLES.iterdir()}
    assert result.stdout == ""


def test_failed_families_are_listed_and_exit_1(tmp_path: Path) -> None:
    folder = cohort(tmp_path / "in")
    errors = tmp_path / "errors.jsonl"
    result = run("batch", folder, "-o", tmp_path / "r.csv", "-j", "1", "--errors", errors)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    ped = folder / "more" / "cohort.ped"
    assert (f"error: {ped}:7: family F3: id 'b': column 'SEX': must be M, F or U (or "
            "male/female, 1/2/0), got '9'") in lines
    assert any(line.startswith(f"error: {folder / 'more' / 'impossible.yaml'}: the evidence")
               for line in lines)
    assert lines[-1] == f"error: 3 of {len(list(EXAMPLES.iterdir())) + 6} families failed " \
                        f"(listed above; they are also in {errors})"
    logged = [json.loads(line) for line in errors.read_text().splitlines()]
    assert {e["level"] for e in logged} == {"error", "warning"}
    assert "Traceback" not in result.output


def test_quiet_leaves_out_warnings_not_errors(tmp_path: Path) -> None:
    folder = cohort(tmp_path / "in")
    loud = run("batch", folder, "-o", tmp_path / "a.csv", "-j", "1")
    quiet = run("batch", folder, "-o", tmp_path / "b.csv", "-j", "1", "-q")
    assert "warning:" in loud.stderr and "warning:" not in quiet.stderr
    assert [x for x in loud.stderr.splitlines() if x.startswith("error:")] == \
           [x for x in quiet.stderr.splitlines() if x.startswith("error:")]
    assert "warnings not shown (--quiet)" in quiet.stderr


@pytest.mark.parametrize(("args", "code", "message"), [
    (["-o", "out.txt"], 1, "error: out.txt: the output file must end in .csv, .jsonl or "
                           ".parquet"),
    (["-o", "out.csv", "--dask", "tcp://h:8786", "--jobs", "2"], 2, "give --jobs only with "
                                                                    "--dask local"),
    (["-o", "out.csv", "--child", "mum"], 2, "expected MOTHER:FATHER:SEX"),
    (["-o", "out.csv", "--mutation-rate", "-1"], 1, "error: mutation rate: "),
])
def test_bad_options_are_one_message_and_write_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int,
        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("batch", EXAMPLES, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_input(tmp_path: Path) -> None:
    result = run("batch", tmp_path / "nowhere", "-o", tmp_path / "r.csv")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_dask_local_writes_what_one_job_writes(tmp_path: Path) -> None:
    folder = cohort(tmp_path / "in")
    one = run("batch", folder, "-o", tmp_path / "one.csv", "-j", "1", "-q")
    dask = run("batch", folder, "-o", tmp_path / "dask.csv", "--dask", "local", "-j", "2", "-q")
    assert one.exit_code == dask.exit_code == 1
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "dask.csv").read_bytes()
    assert one.stderr.splitlines()[:-3] == dask.stderr.splitlines()[:-3]  # the same errors


@pytest.mark.parametrize(("sig", "suffix", "jobs"), [
    (signal.SIGINT, ".csv", "2"), (signal.SIGTERM, ".jsonl", "1"),
])
def test_a_signal_leaves_a_valid_file_of_whole_families(
        tmp_path: Path, sig: signal.Signals, suffix: str, jobs: str) -> None:
    psutil = pytest.importorskip("psutil")  # comes with distributed (test extra)
    path = many_families(tmp_path, 3000)
    out = tmp_path / f"risks{suffix}"
    proc = subprocess.Popen([sys.executable, "-m", "xlinked", "batch", str(path), "-o", str(out),
                             "--jobs", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_text().count("\n") > 30:
            break
        time.sleep(0.1)
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig, stderr
    assert f"interrupted ({sig.name}): " in stderr and "Traceback" not in stderr
    text = out.read_text()
    if suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row["family"]] = sizes.get(row["family"], 0) + 1
    assert 5 <= len(sizes) < 3000
    assert list(sizes) == [f"F{k}" for k in range(len(sizes))]  # in order, none missing
    assert set(sizes.values()) == {6}  # each family whole
    assert f"{len(sizes)} families written to {out}" in stderr
    gone = psutil.wait_procs(children, timeout=10)[1]
    assert not gone, "worker processes left running"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    report = FamilyReport("a.ped", "F1", 0, True, (Note("error", 2, "bad"),))
    for stream, shown in ((_Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        with _Bar(quiet=False) as bar:
            bar.update(Progress(0, 0, 10))
            bar.update(Progress(1, 1, 10, report))
        text = stream.getvalue()
        assert "error: a.ped:2: family F1: bad" in text
        assert ("1/10" in text and "1 failed" in text) is shown


def test_standard_input_is_one_more_file(tmp_path: Path) -> None:
    """``-`` reads standard input (any format, found from the content), between the
    other inputs in the order given; its rows and errors name ``<stdin>``."""
    out = tmp_path / "risks.csv"
    ped = (EXAMPLES / "family.ped").read_text()
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES / "isolated-case.yaml"), "-",
                                       "-o", str(out), "--jobs", "1"], input=ped)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.read_text().splitlines()))
    files = list(dict.fromkeys(r["file"] for r in rows))
    assert files == [str(EXAMPLES / "isolated-case.yaml"), "<stdin>"]
    assert "from 2 files written" in result.stderr.splitlines()[-1]
    bad = CliRunner().invoke(main, ["batch", "-", "-o", str(tmp_path / "b.csv")],
                             input="not a pedigree\n")
    assert bad.exit_code == 1
    assert any(line.startswith("error: <stdin>") for line in bad.stderr.splitlines())


def test_library_batch_reads_the_text_given_for_dash(tmp_path: Path) -> None:
    from xlinked import batch
    from xlinked.errors import ReadError

    out = tmp_path / "r.csv"
    summary = batch(["-"], out, stdin=(EXAMPLES / "family.ped").read_text(), jobs=1)
    assert summary.ok and summary.files == 1
    with pytest.raises(ReadError, match="standard input"):
        batch(["-"], out)
