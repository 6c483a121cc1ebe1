"""Benchmark: ``xlinked risk`` against the library, and against parsing the file.

A loop-free pedigree (``bench/generate.py``) is written once as a native JSON
file; then, each in a fresh Python process and best of ``--repeat`` runs:

* ``parse``: ``json.load`` of the file (the time Python needs to read it);
* ``library``: ``xlinked.read`` + ``compute_risks`` (what a program pays);
* ``cli``: the whole ``xlinked risk FILE`` command, process start included,
  output to ``/dev/null``, for each of ``--format table``, ``json`` and ``csv``.

The goals of the CLI (issue 13): wall time <= 1.5 x the library's and <= 20 x
the parse time at 100,000 people.

Usage::

    python bench/bench_cli.py                 # 10,000 and 100,000 people
    python bench/bench_cli.py --sizes 1000    # a smoke test
    python bench/bench_cli.py --profile 100000   # where the CLI's time goes (cProfile)
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_PARSE = "import json, sys, time\nt = time.perf_counter()\njson.load(open(sys.argv[1]))\n" \
         "print(time.perf_counter() - t)"
_LIBRARY = ("import sys, time\nimport xlinked\nfrom xlinked.risk import compute_risks\n"
            "t = time.perf_counter()\n"
            "compute_risks(xlinked.read(sys.argv[1], max_bytes=None))\n"
            "print(time.perf_counter() - t)")


def _best(cmd: list[str], repeat: int, inner: bool) -> float:
    """Best wall time of ``cmd``: measured inside the process when ``inner``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - start
        best = min(best, float(out.stdout.strip().splitlines()[-1]) if inner else wall)
    return best


def _cli(path: str, fmt: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with open(os.devnull, "w") as null:
            subprocess.run([sys.executable, "-m", "xlinked", "--max-input", "2G", "risk", path,
                            "--format", fmt], check=True, stdout=null, timeout=600)
        best = min(best, time.perf_counter() - start)
    return best


def _write(n: int, folder: str) -> tuple[str, int]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    from xlinked import write

    path = os.path.join(folder, f"loop-free-{n}.json")
    ped = generate(n, loops=0, seed=1)
    write(ped, path)
    return path, len(ped)


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
            f"load average {load:.1f} at the start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="PEOPLE",
                        help="profile the CLI on a pedigree of this size instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.profile:
            path, _ = _write(args.profile, folder)
            stats = os.path.join(folder, "cli.prof")
            with open(os.devnull, "w") as null:
                subprocess.run([sys.executable, "-m", "cProfile", "-o", stats, "-m", "xlinked",
                                "--max-input", "2G", "risk", path], stdout=null, check=False,
                               timeout=600)
            import pstats

            pstats.Stats(stats).sort_stats("cumulative").print_stats(35)
            return
        print(_machine())
        print()
        print("| people | parse JSON | library | CLI table | CLI json | CLI csv "
              "| CLI / library | CLI / parse |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in args.sizes:
            path, people = _write(n, folder)
            parse = _best([sys.executable, "-c", _PARSE, path], args.repeat, inner=True)
            library = _best([sys.executable, "-c", _LIBRARY, path], args.repeat, inner=True)
            cli = {fmt: _cli(path, fmt, args.repeat) for fmt in ("table", "json", "csv")}
            worst = max(cli.values())
            print(f"| {people:,} | {parse:.2f} s | {library:.2f} s | {cli['table']:.2f} s | "
                  f"{cli['json']:.2f} s | {cli['csv']:.2f} s | {worst / library:.2f} | "
                  f"{worst / parse:.0f} |", flush=True)


if __name__ == "__main__":
    main()
