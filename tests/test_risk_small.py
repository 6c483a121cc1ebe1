"""Small junction trees in plain Python (xlinked.risk._small): the same answers as numpy,
bit for bit, so that a family's numbers do not depend on which engine computed them."""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import pedigrees
from test_risk_engine import I, models
from test_risk_scale import unknown_but
from xlinked import GeneticTest, InconsistentEvidenceError, Pedigree, read
from xlinked.risk import RiskModel, _small, compute_risks, explain
from xlinked.risk.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from families import isolate, ring  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "pedigrees"


def answer(ped: Pedigree, model: RiskModel | None, mode: str, children=()) -> str:
    """Everything compute_risks says (floats in full), or the error it raises."""
    try:
        result = compute_risks(ped, model, mode=mode, children=children)
    except ValueError as exc:
        return repr(exc)
    return json.dumps(result.to_dict(), default=str)


def both(monkeypatch, ped: Pedigree, model: RiskModel | None, mode: str, children=()):
    """The answer in plain Python (whatever the tree's size) and with numpy."""
    monkeypatch.setattr(_small, "MAX_ENTRIES", 10**9)
    monkeypatch.setattr(_small, "MAX_TABLE", 10**9)
    small = answer(ped, model, mode, children)
    monkeypatch.setattr(_small, "MAX_ENTRIES", -1)
    large = answer(ped, model, mode, children)
    return small, large


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.function_scoped_fixture],
          max_examples=min(settings().max_examples, 60))
@given(pedigrees(max_people=20, unknown_sex=True, partners=True, quantitative=True),
       models(), st.sampled_from(["float", "exact", "limit"]), st.booleans())
def test_plain_python_equals_numpy_bit_for_bit(monkeypatch, ped, model, mode, child):
    if mode == "limit" and model.carrier_frequency is not None:
        mode = "exact"
    women = [p.id for p in ped.individuals if p.sex.value == "F"]
    children = [(women[0], None, "U")] if child and women else []
    small, large = both(monkeypatch, ped, model, mode, children)
    assert small == large


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()))
def test_the_examples_are_answered_in_plain_python_as_with_numpy(monkeypatch, name):
    ped = read(EXAMPLES / name)
    engine = Engine(ped)
    assert engine.solver.setup(engine._tables).small  # every example is small
    for mode in ("float", "limit"):
        small, large = both(monkeypatch, ped, None, mode)
        assert small == large, (name, mode)


@pytest.mark.parametrize("ped", [ring(4, 6), isolate(60, 10, 5, seed=1)],
                         ids=["ring", "isolate"])
def test_loops_and_wide_cliques_in_plain_python(monkeypatch, ped):
    for mode in ("float", "exact"):
        small, large = both(monkeypatch, ped, None, mode)
        assert small == large


def test_products_of_many_messages_through_logarithms(monkeypatch):
    """900 unaffected and 500 affected sons: the product of their messages to their
    mother is under 1e-250, so it is formed from logarithms (as numpy does)."""
    model = RiskModel(mutation_rate=Fraction(1, 10**6), male_fitness=Fraction(1, 2),
                      penetrance=Fraction(1, 2), phenocopy_rate=Fraction(1, 100),
                      female_penetrance=Fraction(1, 2))
    people = [I("gm", "F"), I("gf", "M", affected=False), I("mum", "F", "gm", "gf"),
              I("dad", "M", affected=False)]
    people += [I(f"s{k}", "M", "mum", "dad", False) for k in range(900)]
    people += [I(f"a{k}", "M", "mum", "dad", True) for k in range(500)]
    calls = []
    logs = _small._log_products
    monkeypatch.setattr(_small, "_log_products", lambda *a: calls.append(1) or logs(*a))
    small, large = both(monkeypatch, Pedigree(people), model, "float")
    assert calls and small == large
    assert "p_carrier" in small


def test_explanations_and_conflicts_are_the_same(monkeypatch):
    ped = read(EXAMPLES / "first-cousins.yaml")
    outputs = []
    for limit in (10**9, -1):
        monkeypatch.setattr(_small, "MAX_ENTRIES", limit)
        outputs.append([str(explain(ped, pid)) for pid in ped.ids[:6]])
    assert outputs[0] == outputs[1]
    # an affected boy (no phenocopies) whose test of perfect sensitivity is negative
    bad = Pedigree([I("mum", "F", affected=False), I("dad", "M", affected=False),
                    I("boy", "M", "mum", "dad", True,
                      tests=(GeneticTest(result="negative"),))])
    messages = []
    for limit in (10**9, -1):
        monkeypatch.setattr(_small, "MAX_ENTRIES", limit)
        with pytest.raises(InconsistentEvidenceError) as err:
            compute_risks(bad, RiskModel(mutation_rate=Fraction(1, 10**6)))
        messages.append(str(err.value))
    assert messages[0] == messages[1]


def test_pairwise_sums_as_numpy_does():
    rnd = random.Random(1)
    for n in [*range(40), 127, 128, 129, 255, 256, 300, 1000]:
        values = [rnd.random() * 10 ** rnd.randint(-8, 8) for _ in range(n)]
        assert _small.pairwise(values, 0, n) == float(np.add.reduce(np.array(values)))


def test_reductions_as_numpy_associates_them():
    """Every shape of up to five axes (sizes 1-5, 9) summed over every set of axes."""
    rnd = random.Random(2)
    for _ in range(1500):
        shape = tuple(rnd.choice([1, 2, 3, 4, 5, 9]) for _ in range(rnd.randint(1, 5)))
        axes = tuple(a for a in range(len(shape)) if rnd.random() < 0.5) or tuple(
            range(len(shape)))
        values = [rnd.random() * 10 ** rnd.randint(-5, 5) for _ in range(math.prod(shape))]
        want = np.asarray(np.array(values).reshape(shape).sum(axis=axes)).ravel().tolist()
        assert _small.reducer(shape, axes, False)(values) == want, (shape, axes)


def test_exact_reductions_keep_exact_numbers():
    shape = (2, 3)
    values = [Fraction(k, 7) for k in range(6)]
    for axes in [(0,), (1,), (0, 1)]:
        want = np.array(values, dtype=object).reshape(shape).sum(axis=axes)
        assert _small.reducer(shape, axes, True)(values) == list(np.ravel(want))
    assert all(isinstance(x, Fraction) for x in _small.reducer(shape, (1,), True)(values))


def test_spread_is_numpys_transpose_and_broadcast():
    rnd = random.Random(3)
    for _ in range(300):
        target = tuple(rnd.choice([2, 3, 4]) for _ in range(rnd.randint(1, 4)))
        present = sorted(rnd.sample(range(len(target)), rnd.randint(1, len(target))))
        perm = tuple(rnd.sample(range(len(present)), len(present)))
        # a table whose axes, transposed by perm, are the present axes of target
        shape = [0] * len(present)
        for m, p in enumerate(perm):
            shape[p] = target[present[m]]
        expand = tuple(target[a] if a in present else 1 for a in range(len(target)))
        values = list(range(math.prod(shape)))
        table = np.array(values).reshape(shape)
        want = np.broadcast_to(table.transpose(perm).reshape(expand), target).ravel().tolist()
        spread = _small._spread(tuple(shape), perm, expand, target)
        assert [values[i] for i in spread] == want


def test_large_trees_go_to_numpy():
    """A tree past MAX_ENTRIES (or a table past MAX_TABLE) is calibrated by numpy."""
    for ped in (isolate(600, 40, 8, seed=4), unknown_but(ring(4, 6), 3)):
        engine = Engine(ped)
        setup = engine.solver.setup(engine._tables)
        st_ = setup.plan.structure
        assert st_ is not None and not setup.small
        assert st_.entries > _small.MAX_ENTRIES or st_.largest > _small.MAX_TABLE
    small = Engine(read(EXAMPLES / "two-partners.yaml"))
    assert small.solver.setup(small._tables).small


def test_every_combination_of_reduced_axes_is_covered():
    """The reducer handles shapes whose axes all have one entry (a fixed person)."""
    for shape in itertools.product([1, 2], repeat=3):
        values = [float(k + 1) for k in range(math.prod(shape))]
        for r in range(4):
            for axes in itertools.combinations(range(3), r):
                axes = axes or (0, 1, 2)
                want = np.asarray(np.array(values).reshape(shape).sum(axis=axes))
                assert _small.reducer(shape, axes, False)(values) == want.ravel().tolist()
