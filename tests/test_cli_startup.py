"""Start-up: ``xlinked --help`` and ``--version`` import neither the engine nor numpy;
``xlinked risk`` on a family of a few people imports neither numpy nor matplotlib.

Speed itself is measured by ``bench/bench_startup.py``, not here.
"""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from xlinked.cli import COMMANDS, main

HEAVY = ("numpy", "networkx", "matplotlib", "yaml", "xlinked.risk", "xlinked.io")

PROBE = """
import sys
from click.testing import CliRunner
from xlinked.cli import main
assert CliRunner().invoke(main, {args!r}).exit_code == 0
print(sorted({{m.split('.')[0] if not m.startswith('xlinked.') else '.'.join(m.split('.')[:2])
              for m in sys.modules}}))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], []])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    code = PROBE.format(args=args) if args else "import sys, xlinked; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    for name in HEAVY:
        assert f"'{name}'" not in out, (args, name)


def test_the_command_list_matches_the_commands() -> None:
    """``xlinked --help`` lists every command with the first line of its own help."""
    ctx = click.Context(main)
    for name, (_, first) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.help is not None
        assert " ".join(command.help.split("\n\n")[0].split()) == first, name
    assert main.list_commands(ctx) == sorted(COMMANDS)


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    import xlinked

    assert xlinked.__version__ == version("xlinked")
    result = CliRunner().invoke(main, ["--version"])
    assert result.stdout.strip() == f"xlinked, version {xlinked.__version__}"


def test_library_without_networkx_on_the_risk_path() -> None:
    """Reading a family and computing its risks never needs networkx (0.4 s to import)."""
    code = ("import sys, xlinked; p = xlinked.read('examples/pedigrees/first-cousins.yaml'); "
            "xlinked.compute_risks(p); xlinked.data_warnings(p); p.has_loops; "
            "p.ancestors('IV-2'); print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=str(__import__("conftest").EXAMPLES.parent.parent))
    assert out.stdout.strip() == "False"


#: What ``xlinked risk`` and ``explain`` on a small family must not import: numpy
#: (small junction trees are solved in plain Python), the drawing's rendering, the
#: report, networkx, and (without loops) the parts of the layout that the numbers do
#: not need. With loops the numbers come from the layout with its labels, as drawn.
NOT_FOR_RISK = ("numpy", "matplotlib", "networkx", "xlinked._report", "xlinked.draw.render",
                "xlinked.draw._labels", "xlinked.draw.layout._build", "xlinked.risk._jtree")
NOT_WITH_LOOPS = ("numpy", "matplotlib", "networkx", "xlinked._report", "xlinked.draw.render",
                  "xlinked.risk._jtree")

RUN = """
import sys
from click.testing import CliRunner
from xlinked.cli import main
result = CliRunner().invoke(main, {args!r})
assert result.exit_code == 0, result.output
print(sorted(sys.modules))
"""


@pytest.mark.parametrize("args", [
    ["risk", "examples/pedigrees/two-partners.yaml"],
    ["risk", "examples/pedigrees/two-partners.yaml", "--mode", "limit", "--format", "json"],
    ["risk", "examples/pedigrees/first-cousins.yaml", "--mode", "exact", "--format", "csv"],
    ["risk", "examples/pedigrees/pregnancy.yaml", "--child", "II-2::U"],
    ["explain", "examples/pedigrees/isolated-case.yaml", "II-2"],
], ids=["float", "limit-json", "exact-csv", "child", "explain"])
def test_risk_on_a_small_family_imports_no_numpy(args: list[str]) -> None:
    root = __import__("conftest").EXAMPLES.parent.parent
    out = subprocess.run([sys.executable, "-c", RUN.format(args=args)], capture_output=True,
                         text=True, check=True, cwd=str(root)).stdout
    modules = set(eval(out))  # noqa: S307 - our own list of module names
    loops = "first-cousins" in args[1]
    for name in NOT_WITH_LOOPS if loops else NOT_FOR_RISK:
        assert name not in modules, (args, name)
    assert "xlinked.risk._small" in modules


def test_a_large_family_is_solved_with_numpy() -> None:
    """The other side of the switch: past the plain-Python size, numpy does the work."""
    code = ("import sys; sys.path.insert(0, 'bench'); from generate import generate; "
            "from xlinked.risk import compute_risks; compute_risks(generate(3000, loops=2)); "
            "print('numpy' in sys.modules)")
    root = __import__("conftest").EXAMPLES.parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=str(root))
    assert out.stdout.strip() == "True"
