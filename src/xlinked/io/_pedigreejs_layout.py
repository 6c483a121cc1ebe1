"""Where pedigreejs places founders: ``top_level``, or layout-only parents (``noparents``).

pedigreejs draws people under their parents and puts ``top_level`` people on the
top row. A founder who is not on the top row (someone who married in, or the
parents of someone who married in lower down) must be written with
``noparents: true`` and layout-only parents, as pedigreejs' own importer writes
them; written ``top_level``, such a founder is drawn a generation too high, with
a false consanguinity line.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import Pedigree

__all__ = ["founder_places"]


def founder_places(pedigree: Pedigree, parents: Mapping[str, tuple[str | None, str | None]],
            placeholders: Mapping[tuple[str, str], str]) -> dict[str, tuple[str, str] | None]:
    """For every founder: ``None`` (``top_level``) or the layout-only parents to give them.

    Levels are counted as pedigreejs' own importer counts them: up from the
    youngest generation, both partners of a couple on one level, one level above
    their children. Founders on the top level are ``top_level``; every other
    founder gets ``noparents`` with their partner's parents, or else a couple of
    the level above, as layout parents (what pedigreejs writes when it imports a
    file itself). A lower founder written ``top_level`` is drawn at the top, a
    generation too high, with a false consanguinity line.
    """
    ids = [*pedigree.ids, *placeholders.values()]
    real = {pid: (m, f) for pid, (m, f) in parents.items() if m is not None and f is not None}
    partners: dict[str, set[str]] = {pid: set() for pid in ids}
    for m, f in real.values():
        partners[m].add(f)
        partners[f].add(m)
    for u in pedigree.unions:
        a, b = u.partners
        partners[a].add(b)
        partners[b].add(a)
    height = dict.fromkeys(ids, 0)
    # children before their parents: one pass carries a level up a whole line of descent
    # (in file order, a 3,000-generation line took 3,000 passes)
    rank = {pedigree.ids[i]: k for k, i in enumerate(pedigree.topological_order)}
    upward = dict(sorted(real.items(), key=lambda item: -rank.get(item[0], 0)))
    for _ in range(3):
        _raise_parents(height, upward, partners, len(ids))
        # children far below their parents move up (with their partners), as pedigreejs does
        moved = False
        for child, (m, _f) in real.items():
            target = height[m] - 1
            if height[child] < target:
                height[child] = target
                for q in partners[child]:
                    height[q] = max(height[q], target)
                moved = True
        if not moved:
            break
    top = max(height.values(), default=0)
    couples = list(dict.fromkeys(real.values()))
    layout: dict[str, tuple[str, str] | None] = {}
    founders = [pid for pid in ids if pid not in real]
    for pid in founders:
        if height[pid] >= top:
            layout[pid] = None
    position = {pid: k for k, pid in enumerate(ids)}
    by_level: dict[int, list[tuple[str, str]]] = {}
    for c in couples:
        by_level.setdefault(height[c[0]], []).append(c)
    for pid in founders:
        if pid in layout:
            continue
        place = next((real[q] for q in sorted(partners[pid], key=position.__getitem__)
                      if q in real), None)
        if place is None:
            place = next((c for c in by_level.get(height[pid] + 1, ()) if pid not in c), None)
        layout[pid] = place
    return layout


def _raise_parents(height: dict[str, int], real: Mapping[str, tuple[str, str]],
                   partners: Mapping[str, set[str]], bound: int) -> None:
    """Parents one level above their children, partners level with each other."""
    for _ in range(bound + 1):
        changed = False
        for child, (m, f) in real.items():
            h = max(height[m], height[f], height[child] + 1)
            for parent in (m, f):
                if height[parent] != h:
                    height[parent] = h
                    changed = True
        for pid, others in partners.items():
            for q in others:
                if height[q] < height[pid]:
                    height[q] = height[pid]
                    changed = True
        if not changed:
            return
