"""Benchmark: all posteriors of large pedigrees, wall time and peak memory.

Each scenario runs in a fresh Python process, which generates the pedigree
(``bench/generate.py``, not timed), then times ``compute_risks`` (float mode,
every person's posterior and next-child risks) and reports:

* ``time``: wall time of ``compute_risks`` (best of ``--repeat`` runs);
* ``peak RSS``: the process's peak resident memory (everything: Python, the
  pedigree, the engine), from ``resource.getrusage``;
* ``engine peak``: peak memory allocated during ``compute_risks`` (tracemalloc,
  in a separate run, since tracing slows Python down).

Usage::

    python bench/bench_risk.py            # the four scenarios of the goals
    python bench/bench_risk.py --quick    # smaller sizes, a smoke test
    python bench/bench_risk.py --million  # 1,000,000 people loop-free: memory

``--million`` runs once, without tracemalloc, and reports the process's peak
memory before ``compute_risks`` (Python, the generated ``Pedigree``) and after.

Goals (2 cores): 10,000 people loop-free <= 2 s; 10,000 with 5 cousin loops
<= 5 s; 100,000 loop-free <= 20 s and < 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCENARIOS = [
    # (label, people, loops, goal seconds, goal memory MB)
    ("10,000 loop-free", 10_000, 0, 2.0, None),
    ("10,000, 5 cousin loops", 10_000, 5, 5.0, None),
    ("100,000 loop-free", 100_000, 0, 20.0, 2048.0),
    ("100,000, 20 cousin loops", 100_000, 20, None, None),
]
QUICK = [("1,000 loop-free", 1_000, 0, None, None), ("1,000, 5 loops", 1_000, 5, None, None)]

_CHILD = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, {here!r})
from generate import generate
from xlinked.risk import compute_risks

ped = generate({n}, loops={loops}, seed={seed})
best = float("inf")
for _ in range({repeat}):
    start = time.perf_counter()
    result = compute_risks(ped)
    best = min(best, time.perf_counter() - start)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()
compute_risks(ped)
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({{"people": len(ped), "loops": ped.has_loops, "time": best, "rss": rss,
                  "engine": peak / 2**20, "width": result.treewidth}}))
"""


_MILLION = r"""
import json, resource, sys, time
sys.path.insert(0, {here!r})
from generate import generate
from xlinked.risk import compute_risks

ped = generate(1_000_000, loops=0, seed={seed})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
result = compute_risks(ped)
took = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"people": len(ped), "time": took, "before": before, "rss": rss,
                  "width": result.treewidth}}))
"""


def million(seed: int) -> None:
    """1,000,000 people loop-free: time and peak memory, once."""
    code = _MILLION.format(here=str(HERE), seed=seed)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, timeout=1800)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{m['people']:,} people loop-free (width {m['width']}): compute_risks "
          f"{m['time']:.1f} s; peak RSS {m['before']:.0f} MB before (Python and the "
          f"pedigree), {m['rss']:.0f} MB after (goal: 2,048 MB)")


def run(n: int, loops: int, seed: int, repeat: int) -> dict[str, float]:
    """Run one scenario in a fresh process and return its measurements."""
    code = _CHILD.format(here=str(HERE), n=n, loops=loops, seed=seed, repeat=repeat)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--million", action="store_true",
                        help="1,000,000 people loop-free, memory (one run)")
    args = parser.parse_args()
    if args.million:
        million(args.seed)
        return
    print(f"python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.system()})")
    header = (f"{'scenario':<26} {'people':>8} {'width':>5} {'time (s)':>9} {'goal':>6} "
              f"{'peak RSS (MB)':>14} {'engine peak (MB)':>17}")
    print(header)
    print("-" * len(header))
    for label, n, loops, goal_t, goal_m in QUICK if args.quick else SCENARIOS:
        m = run(n, loops, args.seed, args.repeat)
        goal = f"{goal_t:g}" if goal_t else "-"
        ok = "" if goal_t is None or m["time"] <= goal_t else "  MISSED"
        if goal_m is not None and m["rss"] >= goal_m:
            ok += "  MEMORY MISSED"
        print(f"{label:<26} {m['people']:>8} {m['width']:>5} {m['time']:>9.2f} {goal:>6} "
              f"{m['rss']:>14.0f} {m['engine']:>17.0f}{ok}")


if __name__ == "__main__":
    main()
