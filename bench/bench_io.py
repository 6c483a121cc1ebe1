"""Benchmark: reading every family of a large multi-family file (``xlinked.io.each_family``).

Writes a PED file, a CSV table and a CanRisk file of ``--families`` families of
``--size`` people each (a couple and their children), then times
``each_family`` over each file (best of ``--repeat`` runs) and one read of a
single family with ``read(path, family=...)`` for comparison.

Usage::

    python bench/bench_io.py                   # 2,000 families of 10 people
    python bench/bench_io.py --families 10000
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from xlinked import Individual, Pedigree
from xlinked.io import canrisk, each_family, ped, read, table


def family(name: str, size: int) -> Pedigree:
    people = [Individual("m", "F"), Individual("d", "M")]
    people += [Individual(f"k{i}", "MF"[i % 2], mother="m", father="d",
                          affected=i % 3 == 0) for i in range(size - 2)]
    return Pedigree(people, family=name, proband="k0")


def files(folder: Path, count: int, size: int) -> dict[str, Path]:
    blocks = {"ped": [], "csv": [], "canrisk": []}
    for f in range(count):
        one = family(f"F{f}", size)
        blocks["ped"].append(ped.dumps(one)[0])
        text = table.dumps(one)[0]
        blocks["csv"].append(text if f == 0 else text.split("\n", 1)[1])
        blocks["canrisk"].append(canrisk.dumps(one)[0])
    out = {}
    for kind, parts in blocks.items():
        path = folder / f"many.{kind}"
        path.write_text("".join(parts))
        out[kind] = path
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--size", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, path in files(Path(tmp), args.families, args.size).items():
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                count = sum(1 for one in each_family(path) if one.pedigree is not None)
                best = min(best, time.perf_counter() - start)
            start = time.perf_counter()
            read(path, family=f"F{args.families // 2}")
            single = time.perf_counter() - start
            print(f"{kind:8} {args.families} families x {args.size} people "
                  f"({path.stat().st_size // 1024} KiB): each_family {best:.2f} s "
                  f"({count} read); one family alone {single:.3f} s")


if __name__ == "__main__":
    main()
