"""The model options shared by every command that shows risks (``xlinked.cli._model``)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from xlinked import read
from xlinked.cli import main
from xlinked.cli._model import DEFAULT_MODE, MODE_NAMES, ModelOptions, model_options

ISOLATED = str(EXAMPLES / "isolated-case.yaml")
SHARED = {"preset_name": "--preset", "mutation_rate": "--mutation-rate",
          "children": "--child", "mode": "--mode"}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", ["risk", "explain", "draw", "layout", "batch"])
def test_every_command_has_the_same_model_options(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    params = {p.name: p for p in command.params}
    for key, flag in SHARED.items():
        assert flag in params[key].opts, (name, flag)
    assert params["mode"].default == DEFAULT_MODE == "float"
    assert list(params["mode"].type.choices) == list(MODE_NAMES)  # type: ignore[attr-defined]


def test_the_decorator_gives_one_object() -> None:
    seen = []

    @click.command()
    @model_options
    def cmd(model_opts: ModelOptions) -> None:
        seen.append(model_opts)

    result = CliRunner().invoke(cmd, ["--preset", "dmd", "--child", "a::f", "--mode", "exact"])
    assert result.exit_code == 0, result.output
    assert seen == [ModelOptions("dmd", None, ("a::f",), "exact")]
    assert seen[0].child_specs() == [("a", None, "F")]


def test_options_library_side() -> None:
    ped = read(ISOLATED)
    opts = ModelOptions("dmd", "1/100000", ("II-2:II-1:U",), "limit")
    model = opts.model(ped)
    assert model.name.startswith("Duchenne") and str(model.mutation_rate) == "1/100000"
    result = opts.compute(ped, "x", warn=False)
    assert result.mode == "limit" and [c.id for c in result.children] == ["II-2:next-child"]
    assert "II-2:next-child" in opts.extended(ped)
    assert opts.describe(ped, model).endswith(MODE_NAMES["limit"])


def test_layout_and_draw_show_what_the_table_shows(tmp_path: Path) -> None:
    """--preset, --mutation-rate, --child and --mode reach the drawing: the layout's
    labels carry the same numbers as the risk table, the future child is drawn."""
    args = ["--preset", "dmd", "--child", "II-2:II-1:M", "--mode", "limit"]
    lay = json.loads(run("layout", ISOLATED, *args).stdout)
    nodes = {n["id"]: n for n in lay["nodes"]}
    assert "II-2:next-son" in nodes
    table = json.loads(run("risk", ISOLATED, *args, "--format", "json").stdout)
    mum = next(p for p in table["individuals"] if p["id"] == "II-2")
    assert f"carrier {round(mum['p_carrier'] * 100)}%" in nodes["II-2"]["lines"]
    ipex = json.loads(run("layout", ISOLATED, "--mode", "limit").stdout)
    assert "2/3" in " ".join(next(n for n in ipex["nodes"] if n["id"] == "II-2")["lines"])
    out = tmp_path / "f.svg"
    assert run("draw", ISOLATED, "-o", out, *args).exit_code == 0
    assert "mutation rate" in out.read_text()  # the legend states the mode


def test_header_states_model_and_mode() -> None:
    text = run("risk", ISOLATED).stdout.splitlines()[0]
    assert "model: IPEX syndrome (FOXP3), mutation rate 1/1000000" in text
    assert text.endswith(MODE_NAMES[DEFAULT_MODE])


def test_unknown_child_parent_is_one_line_with_a_suggestion(tmp_path: Path) -> None:
    for command in (["risk", ISOLATED], ["layout", ISOLATED], ["explain", ISOLATED, "II-2"],
                    ["draw", ISOLATED, "-o", str(tmp_path / "x.svg")]):
        result = run(*command, "--child", "ii-2::M")
        assert result.exit_code == 1, command
        assert result.stderr.splitlines() == [
            f"error: {ISOLATED}: --child: no individual 'ii-2' in the pedigree "
            "(did you mean 'II-2'?)"]
    assert not (tmp_path / "x.svg").exists()


def test_one_numbering_in_the_drawing_the_table_the_json_and_explain(tmp_path: Path) -> None:
    """The drawn II-3 numbers are those of risk JSON, CSV and table and of explain: the
    isolated case's file says III-1 for the boy, the drawing (left to right, the elder
    sister first) says III-2; every output gives both."""
    import csv
    import io

    lay = json.loads(run("layout", ISOLATED).stdout)
    drawn = {n["id"]: n["number"] for n in lay["nodes"] if not n["duplicate"]}
    assert drawn["III-1"] == "III-2"
    data = json.loads(run("risk", ISOLATED, "--format", "json").stdout)
    assert {p["id"]: p["number"] for p in data["individuals"]} == drawn
    rows = csv.DictReader(io.StringIO(run("risk", ISOLATED, "--format", "csv").stdout))
    assert {r["id"]: r["number"] for r in rows} == drawn
    table = run("risk", ISOLATED).stdout.splitlines()
    assert table[2].split()[:3] == ["id", "number", "sex"]
    assert next(x for x in table if x.startswith("III-1")).split()[1] == "III-2"
    text = run("explain", ISOLATED, "II-2").stdout
    assert "Son 'III-1' (III-2) is affected" in text
    assert json.loads(run("explain", ISOLATED, "III-1", "--format", "json").stdout)[
        "number"] == "III-2"
    svg = tmp_path / "f.svg"
    assert run("draw", ISOLATED, "-o", svg).exit_code == 0
    assert "id III-1" in svg.read_text()  # the file's id beside the drawn number
    # a file whose ids agree with the drawing: no number column in the table
    ok = run("risk", EXAMPLES / "x-scid-family.yaml").stdout.splitlines()[2]
    lay_ok = json.loads(run("layout", EXAMPLES / "x-scid-family.yaml").stdout)
    if all(n["id"] == n["number"] for n in lay_ok["nodes"]):
        assert "number" not in ok.split()


def test_library_numbering_matches_the_drawing() -> None:
    import xlinked

    ped = read(ISOLATED)
    numbers = xlinked.numbering(ped)
    assert numbers == xlinked.layout(ped).numbers()
    result = xlinked.compute_risks(ped).numbered(numbers)
    assert result["III-1"].number == "III-2" and result.to_dict()["individuals"][0]["number"]
    e = xlinked.explain(ped, "II-2", numbers=numbers)
    assert e.name("III-1") == "'III-1' (III-2)" and e.name("II-2") == "'II-2'"


def test_the_consultands_next_son_is_under_her_symbol() -> None:
    """The question she came with: written for the consultand even without mosaicism
    (the same figure as the table's 'next son affected'); not for other women."""
    lay = json.loads(run("layout", EXAMPLES / "dmd-ck.yaml", "--mode", "limit").stdout)
    lines = {n["id"]: n["lines"] for n in lay["nodes"]}
    table = run("risk", EXAMPLES / "dmd-ck.yaml", "--mode", "limit", "--preset", "dmd",
                "--format", "json").stdout
    son = next(p for p in json.loads(table)["individuals"] if p["id"] == "III-2")["next_son"]
    assert round(float(son) * 100) == 48
    assert lines["III-2"][-1] == "next son 48%"
    ipex = json.loads(run("layout", EXAMPLES / "ipex-uncle.yaml").stdout)
    others = [n for n in ipex["nodes"] if n["id"] != "III-4"]
    assert not any(x.startswith("next son") for n in others for x in n["lines"])
    assert any(x.startswith("next son") for n in ipex["nodes"] if n["id"] == "III-4"
               for x in n["lines"])


def test_the_drawing_shows_mosaicism_unknown_sex_and_hidden_small_risks(tmp_path: Path) -> None:
    """DMD (germline mosaicism): the mother's mosaic probability and recurrence risk under
    her symbol, with legend entries; a pregnancy of unknown sex: if a boy, if a girl; the
    legend says when small risks are not written."""
    lay = json.loads(run("layout", ISOLATED, "--preset", "dmd").stdout)
    mum = next(n for n in lay["nodes"] if n["id"] == "II-2")["lines"]
    assert any(x.startswith("mosaic ") for x in mum)
    assert any(x.startswith("next son ") for x in mum)
    out = tmp_path / "dmd.svg"
    assert run("draw", ISOLATED, "--preset", "dmd", "-o", out).exit_code == 0
    svg = out.read_text()
    assert "probability of germline mosaicism" in svg and "recurrence" in svg
    preg = tmp_path / "preg.yaml"
    preg.write_text(
        "xlinked: 1\nmodel: {mutation_rate: 1e-8, penetrance: 1}\nindividuals:\n"
        "  - {id: Mum, sex: F, affected: false, age: 30}\n"
        "  - {id: Dad, sex: M, affected: false, age: 30}\n"
        "  - {id: Boy, sex: M, mother: Mum, father: Dad, affected: true, age: 2}\n"
        "  - {id: Preg, sex: U, mother: Mum, father: Dad, pregnancy: true}\n")
    lay = json.loads(run("layout", preg, "--mode", "limit").stdout)
    lines = next(n for n in lay["nodes"] if n["id"] == "Preg")["lines"]
    assert "boy: affected 1/3" in lines and "girl: carrier 1/3" in lines
    out = tmp_path / "p.svg"
    assert run("draw", preg, "--mode", "limit", "-o", out).exit_code == 0
    assert "sex unknown: the risk if a boy, if a girl" in out.read_text()
    # a woman with nothing known: her population risk (4 in a million) is left out, said so
    alone = tmp_path / "alone.yaml"
    alone.write_text("xlinked: 1\nindividuals:\n  - {id: a, sex: F}\n  - {id: b, sex: M}\n"
                     "  - {id: c, sex: F, mother: a, father: b, affected: false}\n")
    out = tmp_path / "i.svg"
    assert run("draw", alone, "-o", out).exit_code == 0
    assert "risks under 0.1% not written" in out.read_text()
    assert "not written" not in (tmp_path / "p.svg").read_text()
