"""Every pedigree answered: planning within a budget, conditioning, sampling, errors.

The hard families come from ``bench/families.py`` (rings of intermarrying
families, isolated populations, ...), kept small so that exact answers exist to
compare with.
"""

from __future__ import annotations

import json
import math
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from test_risk_engine import looped, models
from xlinked import BudgetError, GeneticTest, Individual, Pedigree, write
from xlinked._input import parse_size
from xlinked.cli import main
from xlinked.risk import RiskModel, compute_risks
from xlinked.risk._order import best_order, cutset_order, fill_order, moral_graph
from xlinked.risk.engine import Engine, budget_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from families import isolate, ring, sib_chain  # noqa: E402

VALUES = ("p_carrier", "p_affected", "next_son", "next_daughter")


def unknown_but(ped: Pedigree, affected: int, seed: int = 0) -> Pedigree:
    """The family with every status and test erased but for ``affected`` affected boys
    without children: the hardest evidence (many possible carrier paths)."""
    rnd = random.Random(seed)
    parents = {p.mother for p in ped} | {p.father for p in ped}
    boys = [p.id for p in ped if p.sex.value == "M" and p.id not in parents and p.mother]
    chosen = set(rnd.sample(boys, affected))
    return ped.replace(individuals=[
        p.replace(affected=True if p.id in chosen else None, tests=()) for p in ped
    ])


# -- orders and cutsets ------------------------------------------------------------


def graph(ped: Pedigree):
    engine = Engine(ped)
    net = engine.net
    return moral_graph(net.size, (*net.scopes, *net.links())), net.cards(), engine.solver.gen


def test_generation_sweep_beats_min_fill_on_a_ring():
    # min-fill alone wanders around a ring of intermarrying families; the portfolio
    # also sweeps generation by generation and keeps the cheaper order
    adj, card, gen = graph(unknown_but(ring(6, 12), 3))
    fill = fill_order(adj, card)
    best = best_order(adj, card, gen)
    assert best is not None
    assert best.total < fill.total / 5 and best.largest < fill.largest / 50
    assert best.width < fill.width


def test_cutset_order_respects_the_bound():
    adj, card, gen = graph(unknown_but(isolate(150, 20, 7), 4))
    o = cutset_order(adj, card, gen, bound=243)
    assert o.cutset and o.largest <= 243
    cut = set(o.cutset)
    for v in o.order:
        assert not cut & set(o.neighbours[v])
        assert math.prod(card[u] for u in o.neighbours[v]) * card[v] <= 243


# -- the budget ----------------------------------------------------------------------


def test_too_wide_for_the_budget_is_a_clear_error_before_any_table():
    ped = unknown_but(isolate(200, 20, 8), 4)
    start = time.perf_counter()
    with pytest.raises(BudgetError) as e:
        compute_risks(ped, max_memory="1M", max_time=0.5, fallback=False)
    assert time.perf_counter() - start < 20
    err = e.value
    assert err.treewidth is not None and err.treewidth >= 10
    assert err.largest_table > 1e5 and err.max_memory == 2**20
    assert "treewidth" in str(err) and "\n" not in str(err)
    assert isinstance(err, ValueError)
    # the exact modes never fall back to sampling
    with pytest.raises(BudgetError, match="exact mode is much slower"):
        compute_risks(ped, mode="exact", max_memory="1M", max_time=0.5)


def test_budget_values_are_checked():
    ped = sib_chain(3)
    with pytest.raises(ValueError, match="max_memory"):
        compute_risks(ped, max_memory="lots")
    with pytest.raises(ValueError, match="max_time must be positive"):
        compute_risks(ped, max_time=0)
    assert parse_size("1.5G") == 3 * 2**29 and parse_size("64KiB") == 65536


# -- exact conditioning -----------------------------------------------------------------


def conditioning_budget(ped: Pedigree, model: RiskModel | None, mode: str) -> int | None:
    """The largest memory limit (a power of two) under which the plan is conditioning
    (the fewest people to condition on), if any."""
    for k in range(26, 8, -1):
        try:
            engine = Engine(ped, model, mode, budget=budget_of(2**k, None), fallback=False)
        except BudgetError:
            return None
        if engine.solver.setup(engine._tables).plan.method == "conditioning":
            return 2**k
    return None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
          max_examples=min(settings().max_examples, 12))
@given(looped(), models())
def test_conditioning_equals_the_junction_tree_exactly(ped, model):
    try:
        tree = compute_risks(ped, model, mode="exact")
    except ValueError:  # impossible evidence: checked elsewhere
        return
    size = conditioning_budget(ped, model, "exact")
    if size is None:  # genotype elimination left nothing to condition on
        return
    cond = compute_risks(ped, model, mode="exact", max_memory=size, max_time=None)
    assert (tree.method, cond.method) == ("junction tree", "conditioning")
    for a, b in zip(tree, cond, strict=True):
        for key in (*VALUES, "p_mosaic"):
            assert getattr(a, key) == getattr(b, key), (a.id, key)
    assert tree.log_likelihood == pytest.approx(cond.log_likelihood)


def test_conditioning_on_a_ring_in_float_and_limit_modes():
    ped = unknown_but(ring(4, 6), 3)
    for mode in ("float", "limit"):
        tree = compute_risks(ped, mode=mode)
        size = conditioning_budget(ped, None, mode)
        assert size is not None
        cond = compute_risks(ped, mode=mode, max_memory=size, max_time=None)
        assert (tree.method, cond.method) == ("junction tree", "conditioning")
        assert cond.cutset
        for a, b in zip(tree, cond, strict=True):
            for key in VALUES:
                x, y = getattr(a, key), getattr(b, key)
                assert (x is None) == (y is None)
                if x is not None:
                    assert float(x) == pytest.approx(float(y), abs=1e-12)


# -- the sampler against exact answers -----------------------------------------------


def check_sampler(ped: Pedigree, sweeps: int, bound: float):
    """Every value within 0.01 of the exact one, and within 4 of its standard errors.

    A fixed number of sweeps (and a time limit far away) makes the run the same on
    every machine."""
    exact = compute_risks(ped, max_time=None)
    engine = Engine(ped, mode="approximate", budget=budget_of("2G", 1000),
                    block_bound=bound, sweeps=sweeps)
    cal = engine.run()
    approx = engine.result(cal)
    assert approx.mode == "approximate" and approx.method == "sampling"
    assert approx.samples > 0 and approx.cutset
    worst = 0.0
    for a, b in zip(exact, approx, strict=True):
        for key in VALUES:
            x, y = getattr(a, key), getattr(b, key)
            if x is None:
                assert y is None
                continue
            se = b.stderr[key]
            diff = abs(x - y)
            worst = max(worst, diff)
            assert diff <= 0.01, (a.id, key, x, y, se)
            assert diff <= 4 * se + 1e-9, (a.id, key, x, y, se)
    return worst


def test_sampler_agrees_with_exact_answers_on_an_isolate():
    # a 150-person isolated population from 20 founders, clinic-like data; blocks of
    # at most 9 table entries force a cutset
    check_sampler(isolate(150, 20, 7, seed=3), sweeps=40, bound=9)


def test_sampler_agrees_with_exact_answers_on_a_ring():
    # five families marrying in a ring for ten generations
    check_sampler(ring(5, 10, seed=1), sweeps=40, bound=9)


def test_sampler_without_cutset_is_exact():
    ped = ring(3, 4)
    exact = compute_risks(ped)
    approx = compute_risks(ped, mode="approximate", max_time=5)
    assert approx.samples == 1 and not approx.cutset
    for a, b in zip(exact, approx, strict=True):
        assert b.p_carrier == pytest.approx(a.p_carrier, abs=1e-12)
        assert b.stderr["p_carrier"] == 0


def test_sampler_reports_impossible_evidence():
    neg = GeneticTest(result="negative", sensitivity=1)
    ped = Pedigree([Individual("mum", "F", affected=False), Individual("dad", "M"),
                    Individual("boy", "M", mother="mum", father="dad", affected=True,
                               tests=(neg,))])
    with pytest.raises(ValueError, match="impossible"):
        compute_risks(ped, RiskModel(penetrance=1), mode="approximate", max_time=1)


def test_float_mode_falls_back_to_sampling_beyond_the_budget():
    ped = isolate(120, 20, 6, seed=1)
    r = compute_risks(ped, max_memory="1K", max_time=2)
    assert r.mode == "approximate" and r.method == "sampling"
    data = r.to_dict()
    assert data["mode"] == "approximate" and data["method"] == "sampling"
    person = data["individuals"][0]
    assert set(person["stderr"]) >= {"p_carrier", "p_affected"}
    assert all(v >= 0 for v in person["stderr"].values())
    assert json.dumps(data)


# -- the command line -------------------------------------------------------------------


def test_cli_budget_error_is_one_line(tmp_path):
    path = tmp_path / "isolate.yaml"
    write(unknown_but(isolate(200, 20, 8), 4), str(path))
    result = CliRunner().invoke(main, ["risk", str(path), "--exact-only", "--max-memory", "1M",
                                       "--max-time", "0.5"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(path) in errors[0] and "treewidth" in errors[0]
    assert "Traceback" not in result.output
    bad = CliRunner().invoke(main, ["risk", str(path), "--max-memory", "12x"])
    assert bad.exit_code == 2 and "not a size" in bad.stderr


def test_cli_approximate_output(tmp_path):
    path = tmp_path / "ring.yaml"
    write(ring(4, 5, seed=2), str(path))
    args = ["risk", str(path), "--mode", "approximate", "--max-time", "2", "--verbose"]
    table = CliRunner().invoke(main, args)
    assert table.exit_code == 0, table.stderr
    assert "APPROXIMATE" in table.stdout and "±" in table.stdout
    assert "blocked Gibbs sampling" in table.stderr or "junction tree" in table.stderr
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert data["mode"] == "approximate" and "stderr" in data["individuals"][0]
    csv_out = CliRunner().invoke(main, [*args, "--format", "csv"]).stdout
    assert "p_carrier_stderr" in csv_out.splitlines()[0]
    exact = CliRunner().invoke(main, ["risk", str(path), "--verbose"])
    assert "exact, junction tree; treewidth" in exact.stderr


def test_explain_stays_exact():
    ped = sib_chain(3)
    from xlinked.risk import explain

    with pytest.raises(ValueError, match="explain needs exact posteriors"):
        explain(ped, ped.ids[-1], mode="approximate")
    assert isinstance(explain(ped, ped.ids[-1], mode="limit").posterior, Fraction)


def test_fathers_known_non_carriers_make_inbred_families_loop_free():
    # male fitness 0: every father is a known non-carrier; genotype elimination
    # removes his states and the ring is a forest for the engine (docs/inference.md)
    ped = unknown_but(ring(6, 12), 3)
    ipex = compute_risks(ped, RiskModel())
    assert ipex.method == "junction tree" and ipex.treewidth <= 2
    assert compute_risks(ped).treewidth >= 8  # the family's own model: fitness 0.7


def test_float_probabilities_never_pass_one() -> None:
    """A generated 1,000-person family with 3 loops where a sum of products came to
    1.0000000000000002: the drawing then refused it ('must be a probability') and the
    risk table lost its pedigree numbers. Every float value stays within [0, 1]."""
    from generate import generate

    import xlinked

    ped = generate(1000, loops=3, seed=3)
    result = compute_risks(ped)
    values = [getattr(p, k) for p in result for k in (*VALUES, "p_mosaic", "if_boy", "if_girl")]
    assert all(0.0 <= v <= 1.0 for v in values if v is not None)
    assert xlinked.layout(ped, risks=result).numbers()  # the drawing takes them
