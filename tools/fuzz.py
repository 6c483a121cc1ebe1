"""Fuzz every reader and writer for longer than the test suite does.

Usage::

    pip install -e '.[fuzz]'            # atheris (coverage-guided); else hypothesis is used
    python tools/fuzz.py                 # every target, 20,000 cases each
    python tools/fuzz.py --cases 2000 --engine hypothesis yaml ped
    python tools/fuzz.py --engine atheris canrisk --cases 100000

Targets: one per reader (``yaml``, ``json``, ``ped``, ``pedigreejs``, ``canrisk``, ``csv``,
``tsv``, ``gedcom``, ``ga4gh``, ``phenopackets``: the bytes of a file), ``any`` (any bytes,
format told from the content), ``writers`` (pedigrees with arbitrary ids and text,
written in every format and read back) and
``api`` (the public constructors and functions given values of any type).

Every case read as a pedigree is also written in every format and read back (see
``tests/fuzzing.py``), so the reader targets fuzz the writers too. A case fails when
anything but an :class:`xlinked.XlinkedError` escapes, a writer writes what its
reader refuses, a native round trip differs, a case takes more than 10 s (60 s under
atheris, whose instrumentation makes Python some 50 times slower), or (atheris) memory
passes 1 GB. The report gives, per target, the cases run, how many were read,
and the failures with the input that caused each (atheris keeps it in
``bench/out/fuzz/``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "bench" / "out" / "fuzz"
READERS = {"yaml": "yaml", "json": "json", "ped": "ped", "pedigreejs": "pedigreejs",
           "canrisk": "canrisk", "csv": "csv", "tsv": "tsv", "gedcom": "gedcom",
           "ga4gh": "ga4gh", "phenopackets": "phenopackets", "any": None}
SEEDS = {"yaml": [".yaml"], "json": [".json"], "ped": [".ped", ".fam"], "pedigreejs": [".json"],
         "canrisk": [".canrisk", ".txt"], "csv": [".csv", ".txt"], "tsv": [".tsv"],
         "gedcom": [".ged"], "ga4gh": [".json", ".yaml"], "phenopackets": [".json"],
         "any": [".yaml", ".json", ".ped", ".fam", ".canrisk", ".csv", ".tsv", ".ged", ".txt"]}
TARGETS = [*READERS, "writers", "api"]


def _seed_files(target: str) -> list[Path]:
    folders = [ROOT / "examples" / "pedigrees", ROOT / "tests" / "data" / "hostile",
               ROOT / "tests" / "data" / "formats"]
    return sorted(p for folder in folders for p in folder.iterdir()
                  if p.suffix in SEEDS[target] and p.stat().st_size < 50_000)


# -- hypothesis ------------------------------------------------------------------------------


def run_hypothesis(target: str, cases: int) -> dict[str, Any]:
    """Run ``target`` for ``cases`` examples with hypothesis; count and collect failures."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import fuzzing

    counts = {"cases": 0, "read": 0, "refused": 0}
    texts = {"yaml": fuzzing.native_texts().filter(lambda c: c[1] == "yaml"),
             "json": fuzzing.native_texts().filter(lambda c: c[1] == "json"),
             "ped": fuzzing.ped_texts(), "pedigreejs": fuzzing.pedigreejs_texts(),
             "canrisk": fuzzing.canrisk_texts(),
             "any": st.one_of(fuzzing.mutated(), st.tuples(
                 st.text(st.characters(exclude_categories=()), max_size=300), st.none()))}
    for name in ("csv", "tsv", "gedcom", "ga4gh", "phenopackets"):  # edited files, read as
        texts[name] = fuzzing.mutated().map(lambda case, name=name: (case[0], name))
    if target in texts:
        strategy = texts[target]

        def case(value: Any) -> None:
            text, fmt = value
            counts[fuzzing.exercise(text, fmt)] += 1
    elif target == "writers":
        strategy = fuzzing.pedigrees_with_text()

        def case(value: Any) -> None:
            fuzzing.write_and_read_back(value)
            counts["read"] += 1
    else:
        from test_fuzz import CALLS
        from xlinked import XlinkedError
        strategy = st.tuples(st.sampled_from(sorted(CALLS)), st.data())

        def case(value: Any) -> None:
            name, data = value
            try:
                CALLS[name](data.draw)
                counts["read"] += 1
            except XlinkedError:
                counts["refused"] += 1

    failures: list[str] = []

    @settings(max_examples=cases, deadline=10_000, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=True)
    @given(strategy)
    def run(value: Any) -> None:
        counts["cases"] += 1
        case(value)

    start = time.monotonic()
    try:
        run()
    except BaseException as exc:  # noqa: BLE001 - every failure is reported
        for one in getattr(exc, "exceptions", [exc]):
            failures.append(f"{type(one).__name__}: {str(one)[:300]}")
    return {**counts, "failures": failures, "seconds": round(time.monotonic() - start, 1)}


# -- atheris ---------------------------------------------------------------------------------


def atheris_child(target: str) -> None:
    """Run inside the atheris process: libFuzzer drives :func:`one_input`."""
    import atheris

    with atheris.instrument_imports(include=["xlinked", "yaml"]):
        import fuzzing
        from xlinked import XlinkedError  # noqa: F401 - instrumented with the package
    fmt = READERS[target]
    counts = {"read": 0, "refused": 0}
    # libFuzzer ends the process without Python's exit handlers: the counts are
    # rewritten after every case, without buffering
    tally = os.open(OUT / f"{target}.counts.json", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)

    def one_input(data: bytes) -> None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        counts[fuzzing.exercise(text, fmt)] += 1
        os.pwrite(tally, json.dumps(counts).encode().ljust(60), 0)

    atheris.Setup(sys.argv[:1] + sys.argv[3:], one_input)
    atheris.Fuzz()


def run_atheris(target: str, cases: int) -> dict[str, Any]:
    """Run ``target`` under atheris in a process of its own; parse what it reports."""
    corpus = OUT / f"corpus-{target}"
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in _seed_files(target):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    if target in ("json", "any"):  # the native JSON form of the examples
        from xlinked import XlinkedError, io

        for seed in _seed_files("yaml"):
            try:
                text, _ = io.dumps(io.read(seed), "json")
            except XlinkedError:
                continue
            (corpus / f"{seed.stem}.native.json").write_text(text, "utf-8")
    (OUT / f"{target}.counts.json").unlink(missing_ok=True)
    args = [sys.executable, __file__, "--atheris-child", target, f"-runs={cases}",
            "-timeout=60", "-rss_limit_mb=1024", "-max_len=20000", f"-artifact_prefix={OUT}/",
            str(corpus)]
    start = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    log = proc.stdout + proc.stderr
    done = re.findall(r"Done (\d+) runs", log)
    counts: dict[str, Any] = {"cases": int(done[-1]) if done else None}
    tally = OUT / f"{target}.counts.json"
    if tally.exists():
        counts.update(json.loads(tally.read_text()))
    failures = []
    if proc.returncode != 0:
        crash = re.findall(r"(=== Uncaught Python exception: ===.*?)(?:\nINFO|\n==|\Z)", log,
                           re.S)
        failures.append((crash[0] if crash else log[-1500:]).strip()[-1500:])
        failures += re.findall(r"Test unit written to (\S+)", log)
    return {**counts, "failures": failures, "seconds": round(time.monotonic() - start, 1)}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--atheris-child":
        atheris_child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help=f"what to fuzz: {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--cases", type=int, default=20_000, help="cases per target")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    options = parser.parse_args()
    unknown = set(options.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown target(s) {', '.join(sorted(unknown))}")
    OUT.mkdir(parents=True, exist_ok=True)
    engine = options.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    report = {}
    for target in options.targets or TARGETS:
        use = engine if target in READERS else "hypothesis"
        result = (run_atheris if use == "atheris" else run_hypothesis)(target, options.cases)
        report[target] = {"engine": use, **result}
        found = f"{len(result['failures'])} failure(s)" if result["failures"] else "nothing"
        print(f"{target:11} {use:10} {result['cases']} cases ({result.get('read', '?')} read"
              f" as pedigrees) in {result['seconds']} s: found {found}", flush=True)
        for failure in result["failures"]:
            print("    " + failure.replace("\n", "\n    "), flush=True)
    (OUT / "report.json").write_text(json.dumps(report, indent=1))
    sys.exit(1 if any(r["failures"] for r in report.values()) else 0)


if __name__ == "__main__":
    main()
