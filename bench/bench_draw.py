"""Benchmark: lay out and render a 200-person pedigree to PNG (target: under 5 s).

Uses ``bench/generate.py`` (the engine's generator) for a realistic X-linked
family with a few first-cousin loops, computes no risks (the engine has its own
benchmark), and times layout and PNG rendering separately.

Usage::

    python bench/bench_draw.py            # 200 people, 2 loops, 3 repeats
    python bench/bench_draw.py 500 --loops 0
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

from xlinked.draw import draw, layout, save  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", type=int, nargs="?", default=200)
    parser.add_argument("--loops", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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
