"""Fuzz tests for every reader and writer, and for the public API (issue 10).

Bounded: hypothesis' "ci" profile runs 60 cases per test; ``tools/fuzz.py`` runs the
same properties for longer. See ``tests/fuzzing.py`` for the inputs and the property.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xlinked
from fuzzing import (
    any_text,
    canrisk_texts,
    exercise,
    mutated,
    native_texts,
    ped_texts,
    pedigreejs_texts,
    pedigrees_with_text,
    scalars,
    values,
    write_and_read_back,
)
from strategies import pedigrees
from xlinked import XlinkedError, io


@pytest.mark.parametrize("texts", [native_texts, pedigreejs_texts, ped_texts, canrisk_texts],
                         ids=["native", "pedigreejs", "ped", "canrisk"])
def test_readers_raise_only_xlinked_errors(texts: Any) -> None:
    @given(texts())
    def run(case: tuple[str, str]) -> None:
        exercise(*case)

    run()


@given(mutated())
def test_edited_example_files(case: tuple[str, str | None]) -> None:
    exercise(*case)


@given(st.text(st.characters(exclude_categories=()), max_size=200),
       st.sampled_from([None, *io.FORMATS]))
def test_any_text_in_any_format(text: str, fmt: str | None) -> None:
    exercise(text, fmt)


@given(pedigrees_with_text())
def test_what_each_writer_writes_its_reader_reads_back(ped: xlinked.Pedigree) -> None:
    outcome = write_and_read_back(ped)
    assert outcome["yaml"] == outcome["json"] == outcome["pedigreejs"] == "read back"


def test_writers_refuse_what_their_readers_cannot_read() -> None:
    ped = xlinked.Pedigree([xlinked.Individual("0", "F"),
                            xlinked.Individual("a b", "M", mother="0")])
    with pytest.raises(xlinked.PedigreeError) as info:
        io.dumps(ped, "ped")
    assert [str(p) for p in info.value.problems] == [
        "individual 'a b': id contains white space, which PED cannot hold",
        "individual '0': id 0 means 'no parent' in PED: rename the person"]
    unknown = xlinked.Pedigree([xlinked.Individual("x", "U")])
    with pytest.raises(xlinked.PedigreeError, match="CanRisk holds only men and women"):
        io.dumps(unknown, "canrisk")


# -- the public API: only XlinkedError for bad values and types --------------------------------

_PED = xlinked.Pedigree([xlinked.Individual("mum", "F"),
                         xlinked.Individual("son", "M", mother="mum", affected=True)])
anything = st.one_of(scalars, values, st.just(_PED), st.just(object()))


def _calls() -> dict[str, Any]:
    from xlinked.draw import layout
    from xlinked.risk.model import preset_info

    return {
        "Individual": lambda d: xlinked.Individual(d(anything), d(anything), d(anything),
                                                   d(anything), d(anything), age=d(anything),
                                                   birth_year=d(anything), tests=d(anything),
                                                   features=d(anything), label=d(anything),
                                                   note=d(anything), gender=d(anything),
                                                   adopted=d(anything)),
        "GeneticTest": lambda d: xlinked.GeneticTest(result=d(anything),
                                                     sensitivity=d(anything),
                                                     specificity=d(anything), gene=d(anything),
                                                     note=d(anything)),
        "Pregnancy": lambda d: xlinked.Pregnancy(weeks=d(anything), outcome=d(anything)),
        "Measurement": lambda d: xlinked.Measurement(kind=d(anything), value=d(anything),
                                                     analyte=d(anything), unit=d(anything),
                                                     age=d(anything)),
        "TwinGroup": lambda d: xlinked.TwinGroup(d(anything), d(anything)),
        "Union": lambda d: xlinked.Union(d(anything), d(anything), d(anything), d(anything),
                                         d(anything)),
        "Condition": lambda d: xlinked.Condition(d(anything), d(anything), d(anything)),
        "Pedigree": lambda d: xlinked.Pedigree(
            d(st.one_of(anything, st.just(list(_PED)))), twins=d(anything), unions=d(anything),
            proband=d(anything), consultand=d(anything), family=d(anything),
            condition=d(anything), model=d(anything), extensions=d(anything)),
        "RiskModel": lambda d: xlinked.RiskModel(mutation_rate=d(anything),
                                                 penetrance=d(anything),
                                                 carrier_frequency=d(anything),
                                                 name=d(anything)),
        "preset": lambda d: xlinked.preset(d(anything)),
        "preset_info": lambda d: preset_info(d(anything)),
        "families": lambda d: io.families(d(anything), d(anything)),
        "read": lambda d: xlinked.read(d(anything)),
        "loads": lambda d: io.loads(d(st.one_of(anything, any_text)), d(anything)),
        "dumps": lambda d: io.dumps(d(anything), d(st.one_of(anything, st.sampled_from(
            io.FORMATS)))),
        "getitem": lambda d: _PED[d(anything)],
        "children": lambda d: _PED.children(d(anything)),
        "ancestors": lambda d: _PED.ancestors(d(anything)),
        "with_child": lambda d: _PED.with_child(d(anything), d(anything), d(anything)),
        "compute_risks": lambda d: xlinked.compute_risks(
            d(st.one_of(anything, st.just(_PED))), d(anything), mode=d(anything),
            children=d(anything)),
        "explain": lambda d: xlinked.explain(d(st.one_of(anything, st.just(_PED))), d(anything),
                                             d(anything)),
        "data_warnings": lambda d: xlinked.data_warnings(d(st.one_of(anything, st.just(_PED))),
                                                         d(anything)),
        "layout": lambda d: layout(d(st.one_of(anything, st.just(_PED))), risks=d(anything)),
    }


CALLS = _calls()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_public_api_raises_only_xlinked_errors(name: str) -> None:
    @settings(max_examples=25)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        with contextlib.suppress(XlinkedError):
            CALLS[name](data.draw)

    run()


@given(pedigrees(max_people=8, extras=True, unknown_sex=True))
def test_every_pedigree_is_written_and_read_back(ped: xlinked.Pedigree) -> None:
    write_and_read_back(ped)
