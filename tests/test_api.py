"""The public namespace: curated, complete, and light to import."""

from __future__ import annotations

import subprocess
import sys

import pytest

import xlinked


@pytest.mark.parametrize("name", xlinked.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(xlinked, name) is not None


def test_dir_lists_public_names() -> None:
    assert set(xlinked.__all__) <= set(dir(xlinked))


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        xlinked.nope  # noqa: B018


def test_errors_are_value_errors() -> None:
    for name in ("XlinkedError", "ReadError", "PedigreeError", "ModelError",
                 "InconsistentEvidenceError", "BudgetError"):
        assert issubclass(getattr(xlinked, name), ValueError)
        assert issubclass(getattr(xlinked, name), xlinked.XlinkedError)


def test_risk_path_does_not_import_matplotlib() -> None:
    code = (
        "import sys, xlinked\n"
        "ped = xlinked.read(sys.argv[1])\n"
        "xlinked.compute_risks(ped)\n"
        "from xlinked.cli import main\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    )
    from conftest import EXAMPLES

    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "ipex-uncle.yaml")],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr


def test_explain_is_the_function_whatever_was_imported_first() -> None:
    """``explain`` is both a function and the submodule defining it, imported on first use:
    importing the submodule first must not turn ``xlinked.explain`` into a module."""
    import subprocess
    import sys

    code = ("import xlinked\n"
            "from xlinked.risk.explain import Explanation\n"
            "from xlinked.risk import explain\n"
            "import xlinked.risk\n"
            "print(callable(explain), callable(xlinked.explain), callable(xlinked.risk.explain),"
            " Explanation.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "True", "True", "Explanation"]
