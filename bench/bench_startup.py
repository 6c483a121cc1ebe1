"""Benchmark: start-up cost of the command line (CPU seconds, user + system).

Runs each command ``--repeat`` times in a fresh Python process, the commands in
turn, and reports the median CPU time of the child processes (wall time is not
used: the machine is shared). The goals (issue 9): ``xlinked --help`` and ``--version`` at most 2.5
times ``python -c "import click"``; ``xlinked risk`` on a 10-person family at
most 0.3 s.

Usage::

    python bench/bench_startup.py
    python bench/bench_startup.py --repeat 21
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEN = ROOT / "examples" / "pedigrees" / "two-partners.yaml"  # 10 people
XLINKED = [sys.executable, "-m", "xlinked"]

CASES = {
    'python -c "import click"': [sys.executable, "-c", "import click"],
    "xlinked --help": [*XLINKED, "--help"],
    "xlinked --version": [*XLINKED, "--version"],
    "xlinked risk (10 people)": [*XLINKED, "risk", str(TEN)],
    "xlinked risk --mode limit (10 people)": [*XLINKED, "risk", str(TEN), "--mode", "limit"],
}


#: As a user runs it: bytecode cached after the first run (some sandboxes set
#: PYTHONDONTWRITEBYTECODE, which makes every run compile the package again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["MPLBACKEND"] = "Agg"


def cpu(command: list[str]) -> float:
    """CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeat} runs (CPU seconds, user + system)")
    for command in CASES.values():
        cpu(command)  # warm the disk cache and the bytecode
    runs: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.repeat):  # the cases in turn, so that other work weighs on each alike
        for name, command in CASES.items():
            runs[name].append(cpu(command))
    results = {name: statistics.median(times) for name, times in runs.items()}
    base = results['python -c "import click"']
    for name, seconds in results.items():
        print(f"{name:40s} {seconds:6.3f} s  ({seconds / base:4.1f} x import click)")


if __name__ == "__main__":
    main()
