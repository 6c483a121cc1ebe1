"""Benchmark: hard families (inbred, wide) up to 5,000 people, every one answered.

Each family is generated (``bench/families.py``, not timed) in a fresh Python
process, which then runs ``compute_risks`` with the default budget (2 GB for the
tables, 60 s) and reports the method the planner chose, the treewidth (after
genotype elimination; "-" when above 25), the wall time, the process's peak
memory, and for approximate answers the number of block updates and the
largest and median standard error of the carrier probabilities.

Usage::

    python bench/bench_families.py              # the table of the README
    python bench/bench_families.py --quick      # small sizes, a smoke test
    python bench/bench_families.py --modes      # where exact and limit modes stop

The ``--modes`` table runs the exact number systems (``--mode exact`` and
``--mode limit``, no fallback to sampling) on growing families until they no
longer fit the default budget.
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

FAMILIES = [
    # (label, generator call)
    ("full-sib chain, 50 generations", "sib_chain(50)"),
    ("full-sib chain, 1,200 generations", "sib_chain(1200)"),
    ("double first cousins, 30 generations", "double_cousins(30)"),
    ("double first cousins, 600 generations", "double_cousins(600)"),
    ("ring of 6 families, 50 generations", "ring(6, 50)"),
    ("ring of 10 families, 50 generations", "ring(10, 50)"),
    ("ring of 20 families, 50 generations", "ring(20, 50)"),
    ("ring of 40 families, 60 generations", "ring(40, 60)"),
    ("isolate: 200 from 20 founders, 8 gen.", "isolate(200, 20, 8)"),
    ("isolate: 500 from 30 founders, 10 gen.", "isolate(500, 30, 10)"),
    ("isolate: 1,000 from 40 founders, 15 gen.", "isolate(1000, 40, 15)"),
    ("isolate: 2,000 from 50 founders, 20 gen.", "isolate(2000, 50, 20)"),
    ("isolate: 5,000 from 100 founders, 20 gen.", "isolate(5000, 100, 20)"),
    ("isolate, statuses unknown: 200 from 20", "unknown(isolate(200, 20, 8))"),
    ("ring of 8, statuses unknown, 30 gen.", "unknown(ring(8, 30))"),
]
QUICK = [("ring of 6 families, 20 generations", "ring(6, 20)"),
         ("isolate: 300 from 30 founders", "isolate(300, 30, 8)")]
MODES = [("ring", "ring({k}, 20)", [3, 4, 6, 8, 10]),
         ("isolate", "isolate({k}, 20, 8)", [50, 100, 200, 400, 800])]

_CHILD = r"""
import json, random, resource, sys, time
sys.path.insert(0, {here!r})
from families import *
from xlinked import BudgetError
from xlinked.risk import compute_risks

def unknown(ped):
    # every status and test erased but for three affected boys: the hardest evidence
    rnd = random.Random(0)
    parents = {{p.mother for p in ped}} | {{p.father for p in ped}}
    boys = [p.id for p in ped if p.sex.value == "M" and p.id not in parents and p.mother]
    pick = set(rnd.sample(boys, 3))
    return ped.replace(individuals=[p.replace(affected=True if p.id in pick else None,
                                              tests=()) for p in ped])

ped = {call}
start = time.perf_counter()
out = {{"people": len(ped)}}
try:
    r = compute_risks(ped, mode={mode!r}, fallback={fallback})
    out.update(method=r.method, mode=r.mode, width=r.treewidth, samples=r.samples,
               cutset=len(r.cutset))
    if r.mode == "approximate":
        se = sorted(p.stderr["p_carrier"] for p in r)
        out.update(max_se=se[-1], median_se=se[len(se) // 2])
except BudgetError as e:
    out.update(method="over budget", width=e.treewidth, needed=e.seconds_needed)
out["time"] = time.perf_counter() - start
out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(call: str, mode: str = "float", fallback: bool = True) -> dict[str, object]:
    """One family in a fresh process; its measurements."""
    code = _CHILD.format(here=str(HERE), call=call, mode=mode, fallback=fallback)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
            f"load average {load:.1f} at the start")


def families(quick: bool) -> None:
    print(_machine())
    print()
    print("| family | people | width | method | time (s) | peak memory (MB) "
          "| error (max / median) |")
    print("|---|---:|---:|---|---:|---:|---|")
    for label, call in QUICK if quick else FAMILIES:
        m = run(call)
        width = m["width"] if isinstance(m["width"], int) and m["width"] >= 0 else "> 25"
        method = str(m["method"])
        if method == "conditioning":
            method += f" on {m['cutset']}"
        elif method == "sampling":
            method = f"approximate ({m['samples']:,} block updates)"
        err = (f"{m['max_se']:.2g} / {m['median_se']:.1g}" if m.get("mode") == "approximate"
               else "exact")
        print(f"| {label} | {m['people']:,} | {width} | {method} | {m['time']:.1f} | "
              f"{m['rss']:.0f} | {err} |", flush=True)


def modes() -> None:
    print(_machine())
    print()
    print("| family | people | mode | width | method | time (s) | peak memory (MB) |")
    print("|---|---:|---|---:|---|---:|---:|")
    for name, pattern, sizes in MODES:
        for mode in ("float", "exact", "limit"):
            for k in sizes:
                m = run(pattern.format(k=k), mode=mode, fallback=False)
                width = m["width"] if isinstance(m["width"], int) and m["width"] >= 0 else "> 25"
                print(f"| {name} {k} | {m['people']:,} | {mode} | {width} | {m['method']} | "
                      f"{m['time']:.1f} | {m['rss']:.0f} |", flush=True)
                if m["method"] == "over budget":
                    break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--modes", action="store_true",
                        help="where the exact and limit modes stop")
    args = parser.parse_args()
    if args.modes:
        modes()
    else:
        families(args.quick)


if __name__ == "__main__":
    main()
