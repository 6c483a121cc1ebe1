"""``xlinked.batch``: many families in one run (xlinked._batch).

The oracle is one ``xlinked risk`` (and ``xlinked layout`` for the numbers) per
family: every row of a batch must say what those say. Runs with one job, two
local processes and a Dask cluster must write byte-identical files.
"""

from __future__ import annotations

import csv
import json
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import xlinked
from conftest import EXAMPLES
from xlinked._batch import FamilyReport, Progress
from xlinked._batch.runners import in_order
from xlinked._batch.sources import families, find_files
from xlinked._batch.work import Note, Outcome, Settings, Task, numbers
from xlinked.cli import main
from xlinked.errors import ModelError, ReadError, XlinkedError
from xlinked.io import FamilyText

HEAD = "xlinked: 1\nindividuals:\n"
MULTI_PED = ("FID IID PAT MAT SEX PHENOTYPE\n"
             "F1 mum 0 0 2 1\n"
             "F2 gm 0 0 2 1\n"
             "F1 son 0 mum 1 2\n"
             "F2 mum 0 gm 2 1\n"
             "F3 a 0 0 2 1\n"
             "F3 b 0 a 9 1\n"
             "F2 boy 0 mum 1 2\n")


def cohort(folder: Path) -> Path:
    """The examples, a multi-family PED and three broken families, in sub-folders."""
    shutil.copytree(EXAMPLES, folder / "examples")
    (folder / "more").mkdir()
    (folder / "more" / "cohort.ped").write_text(MULTI_PED)
    (folder / "more" / "broken.yaml").write_text(HEAD + "  - {id: a, sex: X}\n")
    (folder / "more" / "impossible.yaml").write_text(
        HEAD + "  - {id: mum, sex: F}\n  - {id: son, sex: M, mother: mum, affected: true,"
        " tests: [{result: negative}]}\n")
    (folder / "more" / "two-parts.ped").write_text("G a 0 0 2 1\nG b 0 0 1 1\n")  # a warning
    (folder / "more" / ".hidden.yaml").write_text("not: [read")
    (folder / "more" / "notes.txt").write_text("not a pedigree")
    return folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cohort(tmp_path_factory.mktemp("cohort"))


@pytest.fixture(scope="module")
def one_job(folder: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out") / "risks.csv"
    errors = out.with_name("errors.csv")
    summary = xlinked.batch(folder, out, jobs=1, errors=errors)
    return summary, out, errors


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def families_of(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        out.setdefault((row["file"], row["family"]), []).append(row)
    return out


def cli(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_every_row_says_what_xlinked_risk_says(one_job, folder: Path) -> None:
    summary, out, _ = one_job
    rows = read_csv(out)
    assert list(rows[0]) == ["file", "family", "id", "number", "p_carrier", "p_affected",
                             "next_son", "next_daughter", "mode", "p_carrier_stderr",
                             "p_affected_stderr", "next_son_stderr", "next_daughter_stderr"]
    assert {r["p_carrier_stderr"] for r in rows} == {""}  # every family exact here
    fams = families_of(rows)
    assert len(fams) == summary.written == len(list(EXAMPLES.iterdir())) + 3  # F1, F2, G
    for (file, family), got in fams.items():
        args = ["--family", family] if file.endswith("cohort.ped") else []
        risk = cli("risk", file, "--format", "csv", *args)
        assert risk.exit_code == 0, risk.stderr
        expected = list(csv.DictReader(risk.stdout.splitlines()))
        assert [r["id"] for r in got] == [r["id"] for r in expected]
        for mine, theirs in zip(got, expected, strict=True):
            for key in ("p_carrier", "p_affected", "next_son", "next_daughter"):
                assert mine[key] == theirs[key], (file, mine["id"], key)
            assert mine["mode"] == "float"
        drawn = json.loads(cli("layout", file, *args).stdout)["nodes"]
        assert {r["id"]: r["number"] for r in got} == {n["id"]: n["number"] for n in drawn}
    assert fams[(str(folder / "more" / "cohort.ped"), "F2")][2]["number"] == "III-1"


def test_paths_are_walked_in_order_skipping_hidden_and_other_files(folder: Path) -> None:
    files = find_files(folder)
    names = [str(Path(f).relative_to(folder)) for f in files]
    assert names == sorted(names, key=lambda n: (n.split("/")[0], n))
    assert "more/.hidden.yaml" not in names and "more/notes.txt" not in names
    # a file named on its own is always taken, and only once
    assert find_files([folder / "more" / "notes.txt", folder / "more" / "notes.txt"]) == [
        str(folder / "more" / "notes.txt")]


def test_broken_families_are_reported_and_the_others_written(one_job, folder: Path) -> None:
    summary, out, errors = one_job
    assert summary.failed == 3 and not summary.ok
    assert summary.families == summary.written + 3
    failed = {(Path(r.file).name, r.family): r for r in summary.failures}
    assert set(failed) == {("cohort.ped", "F3"), ("broken.yaml", None),
                           ("impossible.yaml", None)}
    cohort_file = folder / "more" / "cohort.ped"
    assert failed[("cohort.ped", "F3")].messages() == [
        f"{cohort_file}:7: family F3: id 'b': column 'SEX': must be M, F or U (or male/female, "
        "1/2/0), got '9'"]
    assert failed[("broken.yaml", None)].messages()[0].startswith(
        f"{folder / 'more' / 'broken.yaml'}:3: individual 'a': sex")
    assert "impossible" in failed[("impossible.yaml", None)].messages()[0]
    logged = read_csv(errors)
    assert list(logged[0]) == ["file", "family", "line", "level", "message"]
    errs = [r for r in logged if r["level"] == "error"]
    assert [(Path(r["file"]).name, r["family"], r["line"]) for r in errs] == [
        ("broken.yaml", "", "3"), ("cohort.ped", "F3", "7"), ("impossible.yaml", "", "")]
    assert summary.warnings == len(logged) - len(errs) > 0
    two_parts = [{k: r[k] for k in ("level", "family", "line", "message")}
                 for r in logged if r["file"].endswith("two-parts.ped")]
    assert {"level": "warning", "family": "G", "line": "", "message": "the pedigree has 2 "
            "unconnected parts: they do not inform each other's risks"} in two_parts


def test_two_local_processes_write_the_same_file(one_job, folder: Path, tmp_path: Path) -> None:
    _, out, errors = one_job
    summary = xlinked.batch(folder, tmp_path / "two.csv", jobs=2, errors=tmp_path / "e.csv")
    assert (tmp_path / "two.csv").read_bytes() == out.read_bytes()
    assert (tmp_path / "e.csv").read_bytes() == errors.read_bytes()
    assert summary.failed == 3


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    """A cluster reached over TCP; its workers are threads here, to start fast (the
    worker processes of ``--dask local`` are tried in test_cli_batch.py)."""
    distributed = pytest.importorskip("distributed")  # in the test extra: runs in CI
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        yield client


def test_dask_writes_the_same_file(one_job, folder: Path, tmp_path: Path,
                                   dask_client: object) -> None:
    _, out, errors = one_job
    xlinked.batch(folder, tmp_path / "client.csv", dask=dask_client)
    assert (tmp_path / "client.csv").read_bytes() == out.read_bytes()
    address = dask_client.scheduler.address  # type: ignore[attr-defined]
    summary = xlinked.batch(folder, tmp_path / "address.csv", dask=address,
                            errors=tmp_path / "e.csv")
    assert (tmp_path / "address.csv").read_bytes() == out.read_bytes()
    assert (tmp_path / "e.csv").read_bytes() == errors.read_bytes()
    assert summary.failed == 3


def test_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    with dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}), \
            pytest.raises(XlinkedError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        xlinked.batch(EXAMPLES, tmp_path / "out.csv", dask="tcp://127.0.0.1:9")
    assert not (tmp_path / "out.csv").exists()


def test_csv_jsonl_and_parquet_hold_the_same_table(one_job, folder: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    _, out, _ = one_job
    xlinked.batch(folder, tmp_path / "r.jsonl", jobs=1)
    xlinked.batch(folder, tmp_path / "r.parquet", jobs=1)
    rows = read_csv(out)
    lines = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    table = pq.read_table(tmp_path / "r.parquet").to_pylist()
    assert len(rows) == len(lines) == len(table)
    floats = ("p_carrier", "p_affected", "next_son", "next_daughter")
    for row, line, record in zip(rows, lines, table, strict=True):
        assert line == record
        for key, value in row.items():
            if key in floats:
                assert (float(value) if value else None) == line[key]
            else:
                assert value == (line[key] or "")
    assert any(line["next_son"] is None for line in lines)  # men: null, not NaN
    assert pq.read_schema(tmp_path / "r.parquet").field("p_carrier").type == "double"


def test_exact_modes_add_the_fractions(tmp_path: Path) -> None:
    (tmp_path / "cohort.ped").write_text(MULTI_PED)
    summary = xlinked.batch(tmp_path / "cohort.ped", tmp_path / "r.csv", mode="limit", jobs=1,
                            children=[("mum", None, "M")])
    assert summary.written == 2
    rows = families_of(read_csv(tmp_path / "r.csv"))
    f1 = {r["id"]: r for r in rows[(str(tmp_path / "cohort.ped"), "F1")]}
    assert f1["mum"]["p_carrier_exact"] == "2/3" and f1["mum"]["mode"] == "limit"
    assert f1["mum:next-son"]["p_affected_exact"] == "1/3"
    assert f1["mum:next-son"]["number"] == ""  # not drawn
    assert f1["son"]["next_son_exact"] == ""


def test_a_family_without_the_named_parents_fails(tmp_path: Path) -> None:
    summary = xlinked.batch(EXAMPLES / "isolated-case.yaml", tmp_path / "r.csv", jobs=1,
                            children=[("mum", None, "M")])
    assert summary.failed == 1
    assert "mum" in summary.failures[0].messages()[0]


def test_model_options_apply_to_every_family(tmp_path: Path) -> None:
    path = EXAMPLES / "isolated-case.yaml"
    xlinked.batch(path, tmp_path / "a.csv", jobs=1, mutation_rate="1/1000")
    xlinked.batch(path, tmp_path / "b.csv", jobs=1, model="ipex")
    rate = cli("risk", path, "--format", "csv", "--mutation-rate", "1/1000").stdout
    expected = {r["id"]: r["p_carrier"] for r in csv.DictReader(rate.splitlines())}
    assert {r["id"]: r["p_carrier"] for r in read_csv(tmp_path / "a.csv")} == expected
    assert read_csv(tmp_path / "a.csv") != read_csv(tmp_path / "b.csv")


@pytest.mark.parametrize(("call", "message"), [
    ({"output": "risks.txt"}, "must end in .csv, .jsonl or .parquet"),
    ({"output": "no/risks.csv"}, "cannot write: the folder 'no' does not exist"),
    ({"inputs": "nowhere"}, "nowhere: no such file or folder"),
    ({"inputs": "empty"}, "no pedigree files"),
    ({"mutation_rate": "2"}, "mutation rate: "),
    ({"model": "nope"}, "no preset 'nope'"),
    ({"errors": "risks.csv"}, "cannot be the output file"),
    ({"errors": "e.txt"}, "the errors file must end in"),
    ({"format": "xls"}, "unknown format 'xls'"),
    ({"jobs": 0}, "jobs must be at least 1"),
])
def test_bad_arguments_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     call: dict[str, object], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    kwargs = {"inputs": EXAMPLES, "output": "risks.csv", **call}
    with pytest.raises((XlinkedError, ReadError, ModelError), match=message):
        xlinked.batch(kwargs.pop("inputs"), kwargs.pop("output"), **kwargs)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


@pytest.mark.parametrize(("suffix", "jobs"), [(".csv", 2), (".jsonl", 1), (".parquet", 2)])
def test_an_interrupted_run_leaves_a_valid_file_of_whole_families(
        tmp_path: Path, suffix: str, jobs: int) -> None:
    path = many_families(tmp_path, 60)
    out = tmp_path / f"risks{suffix}"
    seen: list[Progress] = []

    def progress(p: Progress) -> None:
        seen.append(p)
        if p.done == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        xlinked.batch(path, out, jobs=jobs, progress=progress)
    rows = read_rows(out)
    sizes = {}
    for row in rows:
        sizes[row["family"]] = sizes.get(row["family"], 0) + 1
    assert list(sizes) == [f"F{k}" for k in range(5)]
    assert all(n == 6 for n in sizes.values())


def read_rows(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".csv":
        return read_csv(path)  # type: ignore[return-value]
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines()]
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def many_families(folder: Path, count: int) -> Path:
    """One PED file of ``count`` six-person families (an isolated case in each)."""
    lines = []
    for k in range(count):
        f = f"F{k}"
        lines += [f"{f} gf 0 0 1 1", f"{f} gm 0 0 2 1", f"{f} dad 0 0 1 1",
                  f"{f} mum gf gm 2 1", f"{f} son dad mum 1 2", f"{f} girl dad mum 2 1"]
    path = folder / "many.ped"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_worker_that_dies_fails_only_the_families_in_flight(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")  # comes with distributed (test extra)
    path = many_families(tmp_path, 40)
    killed: list[int] = []

    def progress(p: Progress) -> None:
        if p.done == 3 and not killed:
            servers = [c for c in psutil.Process().children()
                       if "forkserver" in " ".join(c.cmdline())]
            workers = [w for server in servers for w in server.children()]
            assert workers
            workers[0].send_signal(signal.SIGKILL)
            killed.append(workers[0].pid)

    summary = xlinked.batch(path, tmp_path / "r.csv", jobs=2, progress=progress)
    assert killed and summary.families == 40
    assert 1 <= summary.failed <= 8  # the window: 4 families per worker
    for report in summary.failures:
        assert "a worker process died" in report.messages()[0]
    rows = read_csv(tmp_path / "r.csv")
    assert len(rows) == 6 * summary.written
    assert {r["family"] for r in rows} == {f"F{k}" for k in range(40)} - {
        r.family for r in summary.failures}


class _Counting:
    """A runner that computes nothing, counting families in flight."""

    window = 3
    chunk = 2

    def __init__(self) -> None:
        self.flight = 0
        self.most = 0

    def submit(self, tasks: list[Task]) -> _Counting.Handle:
        assert 1 <= len(tasks) <= self.chunk
        self.flight += len(tasks)
        self.most = max(self.most, self.flight)
        return _Counting.Handle(self, tasks)

    def close(self, cancel: bool = False) -> None:
        pass

    class Handle:
        def __init__(self, runner: _Counting, tasks: list[Task]) -> None:
            self.runner, self.tasks = runner, tasks

        def done(self) -> bool:
            return False

        def result(self) -> list[Outcome]:
            self.runner.flight -= len(self.tasks)
            return [Outcome(t.index, t.file, None, (), (), False) for t in self.tasks]


def test_families_in_flight_are_bounded_and_files_read_one_by_one(tmp_path: Path) -> None:
    for k in range(21):
        (tmp_path / f"f{k:02d}.ped").write_text(f"F{k} a 0 0 2 1\n")
    (tmp_path / "f07.ped").write_bytes(b"\x00")  # a file that fails to read: a group ends
    opened: list[int] = []
    items = families(find_files(tmp_path), None, lambda n: opened.append(n))
    runner = _Counting()
    got = []
    for outcome in in_order(runner, items):
        got.append(outcome.index)
        assert len(opened) <= len(got) + runner.window * runner.chunk  # opened as needed
    assert got == list(range(21)) and runner.most == 6


def test_an_unreadable_file_is_one_failed_family(tmp_path: Path) -> None:
    (tmp_path / "bin.ped").write_bytes(b"\x00\x01")
    (tmp_path / "ok.ped").write_text("F a 0 0 2 1\n")
    items = list(families(find_files(tmp_path), None))
    assert isinstance(items[0], Outcome) and items[0].failed
    assert items[0].notes == (Note("error", None, "is a binary file, not a pedigree"),)
    assert isinstance(items[1], Task)


def test_numbers_are_left_out_with_a_warning_when_the_layout_fails(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    layout_module = importlib.import_module("xlinked.draw.layout")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no room")

    monkeypatch.setattr(layout_module, "arrange", broken)
    notes: list[Note] = []
    ped = xlinked.read(EXAMPLES / "isolated-case.yaml")
    assert numbers(ped, notes) == {}
    assert notes == [Note("warning", None,
                          "no generation numbers: the layout failed (RuntimeError: no room)")]


def test_an_unexpected_error_fails_one_family_not_the_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import xlinked._batch.work as work

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("oops")

    monkeypatch.setattr(work, "compute_risks", broken)
    text = (EXAMPLES / "isolated-case.yaml").read_text()
    outcome = work.run(Task(0, "x.yaml", FamilyText(None, "yaml", text)), Settings())
    assert outcome.failed and outcome.rows == ()
    assert outcome.notes[-1].text.startswith("internal error (KeyError: 'oops')")


def test_report_messages_name_file_line_and_family() -> None:
    report = FamilyReport("c.ped", None, 0, True, (Note("error", None, "bad"),
                                                   Note("warning", 3, "odd")))
    assert report.messages() == ["c.ped: bad", "c.ped:3: odd"]
    assert report.messages("warning") == ["c.ped:3: odd"]


@pytest.mark.parametrize(("module", "call", "message"), [
    ("pyarrow", {"output": "r.parquet"}, r"writing Parquet needs pyarrow \(pip install "
                                         r"'xlinked\[parquet\]'\)"),
    ("distributed", {"dask": "local"}, r"needs the dask extra: pip install 'xlinked\[dask\]'"),
])
def test_a_missing_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str,
                                  call: dict[str, object], message: str) -> None:
    import sys

    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    monkeypatch.chdir(tmp_path)
    kwargs = {"output": "r.csv", **call}
    with pytest.raises(XlinkedError, match=message):
        xlinked.batch(EXAMPLES, kwargs.pop("output"), **kwargs)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_approximate_families_give_their_standard_errors(tmp_path: Path) -> None:
    """--mode approximate (as float mode falls back to it beyond exact reach): each value
    with its standard error, as ``xlinked risk --format csv`` gives them."""
    out = tmp_path / "approx.csv"
    summary = xlinked.batch(EXAMPLES / "first-cousins.yaml", out, mode="approximate", jobs=1)
    assert summary.ok and summary.written == 1
    rows = read_csv(out)
    assert {r["mode"] for r in rows} == {"approximate"}
    someone = next(r for r in rows if r["p_carrier"] not in ("0.0", "1.0"))
    assert float(someone["p_carrier_stderr"]) >= 0
    assert all(r["p_carrier_stderr"] != "" for r in rows)


def test_numbers_are_the_drawings_even_where_labels_reorder_a_family(tmp_path: Path) -> None:
    """The Spanish Habsburgs (loops, an order that the labels' widths change): the rows'
    numbers are those `xlinked draw` shows, not the label-free order's."""
    import xlinked
    from xlinked import batch

    path = Path(__file__).parent / "data" / "hard" / "spanish-habsburgs.yaml"
    out = tmp_path / "r.csv"
    assert batch([path], out, jobs=1).ok
    rows = {r["id"]: r["number"] for r in csv.DictReader(out.read_text().splitlines())}
    ped = xlinked.read(path)
    assert rows == xlinked.layout(ped, risks=xlinked.compute_risks(ped)).numbers()
