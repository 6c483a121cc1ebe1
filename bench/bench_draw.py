"""Benchmark: lay out and render a 200-person pedigree to PNG (target: under 5 s).

Uses ``bench/generate.py`` (the engine's generator) for a realistic X-linked
family with a few first-cousin loops, computes no risks (the engine has its own
benchmark), and times layout and PNG rendering separately.

With ``--crossings`` it instead counts line crossings (layout-checks C11) on a
fixed set: generated pedigrees of 50, 100 and 200 people with 1, 3 and 5
first-cousin loops (seeds 1 to 5), and ``examples/pedigrees/first-cousins.yaml``.

Usage::

    python bench/bench_draw.py            # 200 people, 2 loops, 3 repeats
    python bench/bench_draw.py 500 --loops 0
    python bench/bench_draw.py --crossings
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

import xlinked  # noqa: E402
from xlinked.draw import draw, layout, save  # noqa: E402
from xlinked.draw.layout import crossings as _crossings  # noqa: E402

EXAMPLES = Path(__file__).parent.parent / "examples" / "pedigrees"


def crossings() -> None:
    """Crossings per generated pedigree, and the slowest layout."""
    print("people loops | crossings, seeds 1-5 | total | slowest layout")
    grand = 0
    for people in (50, 100, 200):
        for loops in (1, 3, 5):
            counts = []
            slowest = 0.0
            for seed in range(1, 6):
                ped = generate(people, loops=loops, seed=seed)
                t0 = time.perf_counter()
                lay = layout(ped)
                slowest = max(slowest, time.perf_counter() - t0)
                counts.append(_crossings(lay.segments))
            grand += sum(counts)
            print(f"{people:6d} {loops:5d} | {' '.join(f'{c:3d}' for c in counts)} "
                  f"| {sum(counts):5d} | {slowest:.3f} s")
    print(f"all: {grand}")
    lay = layout(xlinked.read(EXAMPLES / "first-cousins.yaml"))
    print(f"first-cousins.yaml: {_crossings(lay.segments)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", type=int, nargs="?", default=200)
    parser.add_argument("--loops", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--crossings", action="store_true",
                        help="count crossings on the fixed set instead")
    args = parser.parse_args()
    if args.crossings:
        crossings()
        return
    ped = generate(args.people, loops=args.loops, seed=args.seed)
    best_layout = best_total = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        lay = layout(ped)
        t1 = time.perf_counter()
        fig = draw(ped)
        with tempfile.TemporaryDirectory() as tmp:
            save(fig, Path(tmp) / "bench.png")
        t2 = time.perf_counter()
        best_layout = min(best_layout, t1 - t0)
        best_total = min(best_total, t2 - t1)
    print(f"{len(ped)} people, {len(lay.rows)} generations, loops={ped.has_loops}, "
          f"{len(lay.segments)} lines")
    print(f"layout: {best_layout:.3f} s; layout + render to PNG: {best_total:.3f} s "
          f"(best of {args.repeat}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()})")


if __name__ == "__main__":
    main()
