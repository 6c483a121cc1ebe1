"""Benchmark: how long ``xlinked serve`` takes to update after a change (goal: 50 people < 300 ms).

Starts the app on a local port (uvicorn, as ``xlinked serve`` does) on a generated
family (``bench/generate.py``, one first-cousin loop) and times, over HTTP from
this process, what happens after each edit:

- ``update``: ``POST /api/evaluate``, what the page asks after every change
  (validate, compute every risk in the textbook limit, draw the SVG);
- ``save``: ``PUT /api/pedigree`` + ``GET /api/risks`` + ``GET /api/drawing.svg``,
  the HTTP contract used by other programs;
- and, inside the update, the drawing alone (layout + matplotlib SVG) and the risks alone.

Each edit changes one person's age, so nothing can be cached.

Usage::

    python bench/bench_serve.py               # 50 and 200 people, 7 edits each
    python bench/bench_serve.py 100 --edits 20
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

from xlinked import write  # noqa: E402
from xlinked.io import native  # noqa: E402
from xlinked.serve import bind, create_app, open_family  # noqa: E402
from xlinked.serve._work import Options, check, drawing_svg, risks  # noqa: E402


def _call(base: str, method: str, path: str, body: object | None = None) -> bytes:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req) as res:  # noqa: S310 - our own local server
        return bytes(res.read())


def bench(n: int, edits: int) -> None:
    import uvicorn

    folder = Path(tempfile.mkdtemp())
    path = folder / "family.yaml"
    asked = n  # the generator may give a few less than asked: ask until there are n
    start = generate(asked, loops=1, seed=1)
    while len(start) < n:
        asked += max(1, n - len(start))
        start = generate(asked, loops=1, seed=1)
    write(start, path)
    opened = open_family(path)
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(opened, port=port), log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    doc = json.loads(_call(base, "GET", "/api/pedigree"))
    someone = next(p for p in doc["individuals"] if p.get("age") is not None)
    times: dict[str, list[float]] = {"update": [], "save": [], "risks": [], "drawing": []}
    for k in range(edits + 1):  # the first round warms up
        someone["age"] = 30 + k
        t0 = time.perf_counter()
        out = json.loads(_call(base, "POST", "/api/evaluate", {"document": doc, "mode": "limit"}))
        t1 = time.perf_counter()
        assert out["valid"] and out["risks"] and out["svg"]
        _call(base, "PUT", "/api/pedigree", doc)
        _call(base, "GET", "/api/risks?mode=limit")
        _call(base, "GET", "/api/drawing.svg?mode=limit")
        t2 = time.perf_counter()
        ped = check(doc)
        t3 = time.perf_counter()
        result = risks(ped, Options(mode="limit"))
        t4 = time.perf_counter()
        drawing_svg(ped, result)
        t5 = time.perf_counter()
        if k:
            times["update"].append(t1 - t0)
            times["save"].append(t2 - t1)
            times["risks"].append(t4 - t3)
            times["drawing"].append(t5 - t4)
    server.should_exit = True
    thread.join(10)
    assert len(native.loads(path.read_text())) == len(start)  # every edit saved, undone
    cells = "  ".join(f"{k} {1000 * statistics.median(v):.0f} ms "
                      f"({1000 * min(v):.0f}-{1000 * max(v):.0f})" for k, v in times.items())
    print(f"{len(start)} people: {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 200])
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}; median (min-max) over {args.edits} edits")
    for n in args.sizes:
        bench(n, args.edits)


if __name__ == "__main__":
    main()
