"""Run every hostile reproducer as its own process: timed, and its peak memory measured.

Usage::

    python tools/hostile.py            # the cases of tests/data/hostile/cases.yaml and the
                                       # big generated ones (7.9 MB JSON, a million bad
                                       # people, a 100,000-generation line)
    python tools/hostile.py --quick    # without the big generated ones

Each line gives the exit status, the lines written on stderr, the wall and CPU time
and the peak memory. A case fails when it does not end in exit 0 or 1 with at most
one line on stderr (two with the "N problems found" summary, up to 102 for the
capped list of problems), or takes more than 10 s of CPU, or its peak resident memory
passes 1 GB. (The address space is limited to 3 GB as a safety net: numpy's libraries
alone map several hundred MB that are never used.)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
LIMIT_BYTES = 1 << 30
LIMIT_SECONDS = 10.0


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 * LIMIT_BYTES, 3 * LIMIT_BYTES))


def timed(args: list[str], **kwargs: Any) -> dict[str, Any]:
    """Run ``xlinked ARGS``: exit status, stderr lines, wall and CPU time, peak memory."""
    start = time.monotonic()
    stdin = kwargs.pop("stdin", subprocess.DEVNULL)
    stdout = kwargs.pop("stdout", subprocess.DEVNULL)
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "xlinked", *args], stdout=stdout,
                                stderr=err, stdin=stdin, preexec_fn=_limit, **kwargs)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().splitlines()
    return {"exit": proc.returncode, "stderr": lines, "wall": time.monotonic() - start,
            "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def _big_files(folder: Path) -> list[tuple[str, list[str], Path | None]]:
    """The generated reproducers: (name, arguments, stdin)."""
    people = []
    for f in range(12_000):
        people += [{"id": f"gm{f}", "sex": "F", "affected": False, "age": 80},
                   {"id": f"gd{f}", "sex": "M", "age": 82},
                   {"id": f"mum{f}", "sex": "F", "mother": f"gm{f}", "father": f"gd{f}",
                    "tests": [{"result": "negative", "sensitivity": "0.95"}], "age": 40},
                   {"id": f"dad{f}", "sex": "M", "age": 42, "label": f"Dad {f}"},
                   {"id": f"son{f}", "sex": "M", "mother": f"mum{f}", "father": f"dad{f}",
                    "affected": f % 7 == 0, "birth_year": 2001}]
    valid = folder / "big-valid.json"
    valid.write_text(json.dumps({"xlinked": 1, "individuals": people}, indent=2))
    people[len(people) // 2]["age"] = "old"
    bad = folder / "big-one-bad-value.json"
    bad.write_text(json.dumps({"xlinked": 1, "individuals": people}, indent=2))
    many = folder / "a-million-bad-people.yaml"
    with many.open("w") as out:
        out.write("xlinked: 1\nindividuals:\n")
        out.writelines(f"- {{id: p{i}, sex: X}}\n" for i in range(1_000_000))
    line = folder / "line-100000-generations.yaml"
    with line.open("w") as out:
        out.write("xlinked: 1\nindividuals:\n- {id: g0, sex: F}\n")
        out.writelines(f"- {{id: g{i}, sex: F, mother: g{i - 1}}}\n" for i in range(1, 100_000))
    return [("7.9 MB JSON, valid", ["validate", str(valid)], None),
            ("7.9 MB JSON, one bad value", ["validate", str(bad)], None),
            ("a million bad people", ["validate", str(many)], None),
            ("100,000 generations: validate", ["validate", str(line)], None),
            ("100,000 generations: layout", ["layout", str(line), "--no-risks"], None)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the big generated files")
    options = parser.parse_args()
    cases = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "hostile"
        shutil.copytree(HOSTILE, folder)
        os.mkfifo(folder / "fifo.yaml")
        out = Path(tmp) / "out"
        jobs: list[tuple[str, list[str], dict[str, Any]]] = []
        for case in cases:
            args = [a.replace("{file}", str(folder / case["file"])).replace("{out}", str(out))
                    for a in case["run"]]
            jobs.append((f"{case['file']}: {' '.join(case['run'][:1])}", args, {}))
        os.mkfifo(folder / "input-fifo.yaml")
        jobs.append(("a FIFO as input", ["validate", str(folder / "input-fifo.yaml")], {}))
        jobs.append(("/dev/zero as input", ["validate", "/dev/zero"], {}))
        jobs.append(("--help > /dev/full", ["--help"], {"stdout": "/dev/full"}))
        if not options.quick:
            jobs += [(name, args, {}) for name, args, _ in _big_files(folder)]
        print(f"{'case':58} exit lines  wall s   cpu s  MB")
        for name, args, extra in jobs:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            kwargs: dict[str, Any] = {}
            if "stdout" in extra:
                kwargs["stdout"] = open(extra["stdout"], "w")  # noqa: SIM115
            result = timed(args, **kwargs)
            if "stdout" in kwargs:
                kwargs["stdout"].close()
            lines = len(result["stderr"])
            ok = (result["exit"] in (0, 1) and lines <= 102 and result["cpu"] <= LIMIT_SECONDS
                  and result["rss_mb"] <= LIMIT_BYTES / 2**20
                  and not any("Traceback" in line or "internal error" in line
                              for line in result["stderr"]))
            failed += not ok
            print(f"{name[:58]:58} {result['exit']:4} {lines:5} {result['wall']:7.2f} "
                  f"{result['cpu']:7.2f} {result['rss_mb']:4.0f}{'' if ok else '  FAILED'}",
                  flush=True)
            if not ok or lines > 2:
                for line in result["stderr"][:3]:
                    print(f"    {line[:150]}")
        print(f"SIGTERM during draw: {_sigterm(folder, out)}")
    sys.exit(1 if failed else 0)


def _sigterm(folder: Path, out: Path) -> str:
    """Send SIGTERM while the drawing is being written; any temporary file left?"""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_hostile import terminate_while_writing

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    code = terminate_while_writing(["draw", str(folder / "mathtext-label.yaml"), "-o",
                                    str(out / "x.pdf")], out)
    left = [p.name for p in out.iterdir()]
    return f"exit {code}, files left: {left or 'none'}"


if __name__ == "__main__":
    main()
