"""Benchmark: ``xlinked batch`` over many generated families, against one ``xlinked risk`` per file.

Generates ``--families`` families of 20-100 people (``bench/generate.py``: one in
five with a first-cousin loop; seed fixed) as native YAML files in
``bench/out/batch-N/``, then times, each as a fresh command (start-up included):

* ``xlinked batch DIR -o out.csv --jobs 1``, ``--jobs 2`` and ``--dask local --jobs 2``
  (a Dask LocalCluster of 2 single-threaded worker processes): families per second;
  the three output files must be identical;
* ``xlinked risk FILE --format csv`` once per file on the first ``--per-file`` files
  (all of them when there are fewer): seconds per family, and the speed-up of each
  batch run over running that once per file for every family.

Usage::

    python bench/bench_batch.py                    # 10,000 families; per file on 300
    python bench/bench_batch.py --families 300     # the 300-family check (per file on all)
    python bench/bench_batch.py --quick            # 100 families, a smoke test

Goals (2 cores): 300 families at least 5 times faster than one ``xlinked risk`` per
file; ``--jobs 2`` at most 0.75 of the time of ``--jobs 1``.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from xlinked import write  # noqa: E402


def make_families(count: int, seed: int) -> Path:
    """``count`` YAML files of 20-100 people each (kept for the next run)."""
    folder = HERE / "out" / f"batch-{count}-{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    for k in range(count):
        size = rnd.randint(20, 100)
        loops = 1 if rnd.random() < 0.2 else 0
        path = folder / f"f{k:05d}.yaml"
        if not path.exists():  # an interrupted generation goes on (files are written whole)
            write(generate(size, loops=loops, seed=seed * 1_000_003 + k), path)
    done.write_text("")
    return folder


def timed(args: list[str]) -> float:
    """Wall time of one command (its exit status 0 or 1: failed families are allowed)."""
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return (f"python {platform.python_version()}, {os.cpu_count()} CPUs ({cpu}), "
            f"load average {os.getloadavg()[0]:.1f} at the start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=300,
                        help="how many files to run `xlinked risk` on, one by one (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="100 families, 20 per file")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    args = parser.parse_args()
    if args.quick:
        args.families, args.per_file = 100, 20
    xlinked = [sys.executable, "-m", "xlinked"]
    folder = make_families(args.families, args.seed)
    files = sorted(folder.glob("*.yaml"))
    out = HERE / "out"
    print(machine())
    print(f"{len(files)} families of 20-100 people in {folder}")

    sample = files[:args.per_file]
    each = 0.0
    if sample:
        per_file = sum(timed([*xlinked, "risk", str(f), "--format", "csv"]) for f in sample)
        each = per_file / len(sample)
        print(f"one `xlinked risk` per file: {each:.3f} s per family (mean over "
              f"{len(sample)}), {1 / each:.2f} families/s")

    runs = [("--jobs 1", ["--jobs", "1"]), ("--jobs 2", ["--jobs", "2"])]
    if not args.no_dask:
        runs.append(("--dask local --jobs 2", ["--dask", "local", "--jobs", "2"]))
    header = f"{'run':<24} {'time (s)':>9} {'families/s':>11} {'vs jobs 1':>10} {'speed-up':>9}"
    print(header)
    print("-" * len(header))
    first: Path | None = None
    base = 0.0
    for label, extra in runs:
        target = out / f"batch-{label.replace(' ', '').replace('-', '')}.csv"
        load = os.getloadavg()[0]
        seconds = timed([*xlinked, "batch", str(folder), "-o", str(target), "-q", *extra])
        base = base or seconds
        speedup = f"{each * len(files) / seconds:>8.1f}x" if each else f"{'-':>9}"
        print(f"{label:<24} {seconds:>9.1f} {len(files) / seconds:>11.1f} "
              f"{seconds / base:>10.2f} {speedup}   (load {load:.1f})")
        if first is None:
            first = target
        elif not filecmp.cmp(first, target, shallow=False):
            sys.exit(f"{target} differs from {first}")
    print("the outputs are identical")


if __name__ == "__main__":
    main()
