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
