"""Benchmark: a counselling report for a 50-person family (goals: HTML <= 3 s, PDF <= 5 s).

The family comes from ``bench/generate.py`` (one first-cousin loop); the
consultand is the unaffected woman with the highest carrier probability below 1
in the youngest generation that has one. Times the whole job from a pedigree
in memory (risks, Bayes table, drawing, writing the file) in one process, the
first run (imports included) and the best of ``--repeat``, and then the command
``xlinked report FILE -o OUT`` in a fresh process (start-up included).

Usage::

    python bench/bench_report.py            # 50 people, 1 loop, 3 repeats
    python bench/bench_report.py 100 --loops 2
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

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

import xlinked  # noqa: E402


def consultand(ped: xlinked.Pedigree) -> str:
    risks = xlinked.compute_risks(ped)
    gens = ped.generations()
    women = [p.id for p in ped if p.sex is xlinked.Sex.FEMALE and p.affected is not True
             and 0.001 < float(risks[p.id].p_carrier) < 0.999]
    return max(women, key=lambda pid: (gens[pid], float(risks[pid].p_carrier)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", type=int, nargs="?", default=50)
    parser.add_argument("--loops", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ped = generate(args.people, loops=args.loops, seed=args.seed)
    who = consultand(ped)
    ped = ped.replace(consultand=who)
    print(f"{len(ped)} people, loops={ped.has_loops}, consultand {who}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "family.yaml"
        xlinked.write(ped, src)
        for fmt in ("html", "pdf"):
            out = Path(tmp) / f"report.{fmt}"
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                xlinked.report(ped, out, source=src)
                times.append(time.perf_counter() - t0)
            pages = ""
            if fmt == "pdf":
                from pypdf import PdfReader

                pages = f", {len(PdfReader(out).pages)} pages"
            print(f"{fmt}: first {times[0]:.2f} s (imports included), best {min(times):.2f} s "
                  f"of {args.repeat}; {out.stat().st_size // 1024} KB{pages}")
        for fmt in ("html", "pdf"):
            out = Path(tmp) / f"cli.{fmt}"
            t0 = time.perf_counter()
            subprocess.run(["xlinked", "report", str(src), "-o", str(out)], check=True,
                           capture_output=True)
            print(f"xlinked report -o {out.name}: {time.perf_counter() - t0:.2f} s "
                  "(a fresh process, start-up included)")
    print(f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
