"""Risk calculation: the model parameters, the exact engine, and explanations.

>>> from xlinked.risk import compute_risks, preset
>>> preset("ipex").male_fitness
Fraction(0, 1)
"""

import sys
import types
from typing import TYPE_CHECKING, Any

from .checks import data_warnings
from .engine import RiskResult, compute_risks
from .model import PenetranceStep, RiskModel, preset

if TYPE_CHECKING:  # imported on first use (``xlinked risk`` does not need it)
    from .explain import explain

# PersonRisk (xlinked.risk.engine) and Explanation (xlinked.risk.explain) are the
# types of result.individuals and of explain(); import them from their modules.
__all__ = [
    "PenetranceStep",
    "RiskModel",
    "RiskResult",
    "compute_risks",
    "data_warnings",
    "explain",
    "preset",
]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """This package, where ``explain`` is always the function.

    ``explain`` is also the name of the submodule that defines it, imported on first
    use: importing the submodule (``from xlinked.risk.explain import Explanation``)
    makes Python set the package's ``explain`` to the module, which would leave
    ``from xlinked.risk import explain`` (and ``xlinked.explain``) a module. The
    property gives the function whatever was imported first.
    """

    @property
    def explain(self) -> Any:
        from .explain import explain

        return explain

    @explain.setter
    def explain(self, value: Any) -> None:  # the import system's binding of the submodule
        pass


sys.modules[__name__].__class__ = _Package
