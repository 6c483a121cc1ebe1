"""The dashed curves joining copies of a person (xlinked.draw.layout._curves), on
their own: the crossing count, the choice between the low curve and a lane over
the sibship lines, and what the search scores against what is drawn."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import xlinked
from layout_checks import check_curves_clear, count_curve_crossings
from xlinked.draw._scene import scene
from xlinked.draw.layout import Layout, Segment, arrange, layout
from xlinked.draw.layout._curves import (
    ARC_RISE,
    LANE_STEP,
    Crossings,
    _same_row,
    lane_curve,
    low_curve,
)
from xlinked.draw.layout._search import _proper

HARD = Path(__file__).parent / "data" / "hard"


def _brute(pts: list[tuple[float, float]], segs: list[Segment]) -> int:
    """Crossings of a polyline, piece by piece (no joint lies on a line here)."""
    return sum(1 for a, b in zip(pts, pts[1:], strict=False) for s in segs
               if _proper(Segment(a[0], a[1], b[0], b[1], "duplicate", ""), s))


def test_the_index_counts_like_testing_every_pair() -> None:
    rng = random.Random(3)
    for _ in range(200):
        segs = []
        for _ in range(rng.randint(0, 30)):
            x, y = rng.uniform(0, 20) + 0.013, rng.uniform(0, 6) + 0.017
            kind = rng.choice(["upright", "flat", "slanted"])
            if kind == "upright":
                segs.append(Segment(x, y, x, y + rng.uniform(0.1, 3), "stub", "a+b"))
            elif kind == "flat":
                segs.append(Segment(x, y, x + rng.uniform(0.1, 6), y, "sibship", "a+b"))
            else:
                segs.append(Segment(x, y, x + 0.7, y + 0.9, "stub", "c+d"))
        segs.append(Segment(1, 1, 5, 1, "duplicate", "=x"))  # curves are not counted
        pts = [(rng.uniform(0, 20) + 0.001 * n, rng.uniform(0, 6)) for n in range(6)]
        assert Crossings(segs).path(pts) == _brute(pts, segs[:-1])


def test_a_long_curve_takes_the_lane_over_the_sibship_line() -> None:
    """Ten children between the copies: the low curve would cross their ten
    individual lines, the lane over their sibship line only the line of descent."""
    ys = [0.0, 4.0]
    bar = 4.0 - 0.5 - 0.55
    segs = [Segment(10.0, 0.0, 10.0, bar, "drop", "p+q"),
            Segment(2.0, bar, 20.0, bar, "sibship", "p+q")]
    segs += [Segment(2.0 * k, bar, 2.0 * k, 3.5, "stub", "p+q") for k in range(1, 11)]
    index = Crossings(segs)
    top = ys[1] - 0.5
    assert index.path(low_curve(0.0, top, 24.0, top, ARC_RISE)) == 10
    plan = _same_row(index, 0.0, 24.0, 1, ys, [bar - 1, bar])
    assert plan == [(1, 0.0, 24.0)]
    assert index.path(lane_curve(0.0, top, [(bar - LANE_STEP, 24.0)], 24.0, top)) == 1
    # neighbours: the low curve, over nobody
    assert _same_row(index, 0.0, 2.0 - 0.5, 1, ys, [bar - 1, bar]) is None


def test_a_lane_curve_rises_turns_and_comes_down() -> None:
    pts = lane_curve(0.0, 3.5, [(1.0, 6.0), (-1.0, 12.0)], 12.0, 0.0)
    assert pts[0] == (0.0, 3.5) and pts[-1] == (12.0, 0.0)
    assert min(p[1] for p in pts) == pytest.approx(-1.0)
    assert any(abs(p[0] - 6.0) < 1e-9 and -1 < p[1] < 1 for p in pts)  # straight up at 6
    assert all(b[0] >= a[0] - 1e-9 for a, b in zip(pts, pts[1:], strict=False))


@pytest.mark.parametrize("name", ["queen-victoria.yaml", "spanish-habsburgs.yaml",
                                  "ptolemies.yaml", "cross-generation.yaml"])
def test_the_search_scores_the_curves_drawn(name: str) -> None:
    ped = xlinked.read(HARD / name)
    best = arrange(ped).parts[0].best
    assert best.lines.curve_crossings == _count_segments(best.lines.segments)
    check_curves_clear(layout(ped))


def _count_segments(segs: list[Segment]) -> int:
    """The curve crossings of a bare list of segments, counted by the checks."""
    return count_curve_crossings(Layout((), tuple(segs), (), (), (), (), (), (),
                                        (0.0, 0.0, 0.0, 0.0)))


def test_a_person_drawn_three_times_is_joined_in_a_chain() -> None:
    """Copies are joined left to right, each to the next (not all to the original):
    the dashed line runs from the leftmost top through the middle one to the last."""
    lay = layout(xlinked.read(HARD / "queen-victoria.yaml"))
    nodes = sorted(lay.copies("victoria_melita"), key=lambda n: n.x)
    assert len(nodes) == 3
    curves = [s for s in scene(lay).shapes if s.group == "duplicate-victoria_melita"]
    points = [p for c in curves for p in c.points]
    for n in nodes:
        assert any(abs(p[0] - n.x) < 1e-9 and abs(p[1] - (n.y - 0.5)) < 1e-9 for p in points)
    assert min(p[0] for p in points) == pytest.approx(nodes[0].x)
    assert max(p[0] for p in points) == pytest.approx(nodes[2].x)
