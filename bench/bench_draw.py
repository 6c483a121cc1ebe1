"""Benchmark the drawing: speed, and the quality of the layout on hard pedigrees.

* default: a 200-person pedigree (``bench/generate.py``, two first-cousin loops) laid
  out, then laid out and rendered to PNG with ``xlinked.draw.write`` (what
  ``xlinked draw`` does; target: <= 1.5 s);
* ``--big``: 1,000 people laid out and written to SVG and to PDF (target: <= 5 s each);
* ``--corpus``: every pedigree of ``tests/data/hard`` and textbook loops: people,
  independent loops, rows, crossing lines, lines crossed by the dashed curves joining
  copies, people drawn twice, raised relationship lines, width, layout time;
* ``--crossings``: generated pedigrees of 50, 100 and 200 people with 1, 3 and 5
  first-cousin loops (seeds 1 to 5): crossing lines, people drawn twice, lines
  crossed by the curves joining copies.

Usage::

    python bench/bench_draw.py
    python bench/bench_draw.py --big
    python bench/bench_draw.py --corpus
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
from xlinked import Individual, Pedigree  # noqa: E402
from xlinked.draw import layout, write  # noqa: E402
from xlinked.draw.layout import crossings  # noqa: E402
from xlinked.draw.layout._search import curve_crossings  # noqa: E402
from xlinked.draw.layout._structure import components, families  # noqa: E402

ROOT = Path(__file__).parent.parent
HARD = ROOT / "tests" / "data" / "hard"


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, load average {load:.1f}")


def best(repeat: int, job: object) -> float:
    assert callable(job)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        job()
        times.append(time.perf_counter() - t0)
    return min(times)


def speed(people: int, loops: int, repeat: int) -> None:
    ped = generate(people, loops=loops, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        t_layout = best(repeat, lambda: layout(ped))
        t_png = best(repeat, lambda: write(ped, Path(tmp) / "b.png"))
    print(f"{len(ped)} people, {loops} loops: layout {t_layout:.2f} s; "
          f"layout + render to PNG {t_png:.2f} s (best of {repeat}; {machine()})")


def big(people: int, repeat: int) -> None:
    ped = generate(people, loops=2, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        t_layout = best(repeat, lambda: layout(ped))
        for fmt in ("svg", "pdf"):
            t = best(repeat, lambda fmt=fmt: write(ped, Path(tmp) / f"b.{fmt}"))
            print(f"{len(ped)} people to {fmt.upper()}: {t:.2f} s (layout {t_layout:.2f} s; "
                  f"best of {repeat}; {machine()})")


def loops(ped: Pedigree) -> int:
    """Independent loops: links - (people + couples) + unrelated families."""
    fams = families(ped)
    links = sum(len(f.parents) + len(f.children) for f in fams)
    return links - len(ped) - len(fams) + len(components(ped, fams))


def textbook() -> dict[str, Pedigree]:
    def ped(*rows: tuple[str, str, str | None, str | None]) -> Pedigree:
        return Pedigree([Individual(p, s, mother=m, father=f) for p, s, m, f in rows])

    first = (("gf", "M", None, None), ("gm", "F", None, None), ("a", "F", "gm", "gf"),
             ("b", "F", "gm", "gf"), ("ha", "M", None, None), ("hb", "M", None, None),
             ("c1", "M", "a", "ha"), ("c2", "F", "b", "hb"), ("k", "M", "c2", "c1"))
    return {
        "first cousins": ped(*first),
        "two successive cousin loops": ped(*first, ("k2", "F", "c2", "c1"),
                                           ("w", "F", None, None), ("x1", "M", "w", "k"),
                                           ("y", "M", None, None), ("x2", "F", "k2", "y"),
                                           ("z", "M", "x2", "x1")),
        "brothers marry sisters": ped(
            ("af", "M", None, None), ("am", "F", None, None), ("bf", "M", None, None),
            ("bm", "F", None, None), ("b1", "M", "am", "af"), ("b2", "M", "am", "af"),
            ("s1", "F", "bm", "bf"), ("s2", "F", "bm", "bf"), ("x", "M", "s1", "b1"),
            ("y", "F", "s2", "b2"), ("k", "F", "y", "x")),
        "a man with two sisters, and a cousin marriage": ped(
            ("g1", "M", None, None), ("g2", "F", None, None), ("s1", "F", "g2", "g1"),
            ("s2", "F", "g2", "g1"), ("s3", "F", "g2", "g1"), ("m", "M", None, None),
            ("h3", "M", None, None), ("c1", "M", "s1", "m"), ("c2", "F", "s2", "m"),
            ("c3", "F", "s3", "h3"), ("k", "M", "c3", "c1")),
        "uncle and niece": ped(
            ("gf", "M", None, None), ("gm", "F", None, None), ("u", "M", "gm", "gf"),
            ("s", "F", "gm", "gf"), ("h", "M", None, None), ("n", "F", "s", "h"),
            ("k", "M", "n", "u")),
    }


def corpus() -> None:
    cases = {p.stem: xlinked.read(p) for p in sorted(HARD.glob("*.yaml"))}
    cases |= textbook()
    print("| pedigree | people | loops | rows | crossings | curve crossings | drawn twice | "
          "raised lines | width | layout |\n|---|---|---|---|---|---|---|---|---|---|")
    for name, ped in cases.items():
        t0 = time.perf_counter()
        lay = layout(ped)
        dt = time.perf_counter() - t0
        raised = sum(c.raised for c in lay.couples)
        print(f"| {name} | {len(ped)} | {loops(ped)} | {len(lay.rows)} | "
              f"{crossings(lay.segments)} | {curve_crossings(lay.segments)} | "
              f"{lay.duplicates} | {raised} | {lay.width:.0f} | {dt:.2f} s |")
    print(f"({machine()})")


def crossing_table() -> None:
    print("people loops | crossings, seeds 1-5 | total | drawn twice | curve crossings "
          "| slowest layout")
    grand = curves = 0
    for people in (50, 100, 200):
        for n in (1, 3, 5):
            counts, dups, arcs = [], 0, 0
            slowest = 0.0
            for seed in range(1, 6):
                ped = generate(people, loops=n, seed=seed)
                t0 = time.perf_counter()
                lay = layout(ped)
                slowest = max(slowest, time.perf_counter() - t0)
                counts.append(crossings(lay.segments))
                dups += lay.duplicates
                arcs += curve_crossings(lay.segments)
            grand += sum(counts)
            curves += arcs
            print(f"{people:6d} {n:5d} | {' '.join(f'{c:3d}' for c in counts)} "
                  f"| {sum(counts):5d} | {dups:4d} | {arcs:4d} | {slowest:.2f} s")
    print(f"all: {grand} crossings, {curves} curve crossings ({machine()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("people", type=int, nargs="?", default=None)
    parser.add_argument("--loops", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="1,000 people to SVG and PDF")
    parser.add_argument("--corpus", action="store_true", help="the hard pedigrees")
    parser.add_argument("--crossings", action="store_true", help="generated loops")
    args = parser.parse_args()
    if args.corpus:
        corpus()
    elif args.crossings:
        crossing_table()
    elif args.big:
        big(args.people or 1000, args.repeat)
    else:
        speed(args.people or 200, args.loops, args.repeat)


if __name__ == "__main__":
    main()
