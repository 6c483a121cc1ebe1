"""Names of a module imported on first use (PEP 562), so that commands start fast.

>>> import types
>>> module = types.ModuleType("example")
>>> module.__getattr__ = attributes(vars(module), "example", {"sqrt": "math"})
>>> module.sqrt(4.0)
2.0
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["attributes"]


def attributes(namespace: MutableMapping[str, Any], module: str,
               table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name of ``table`` (name -> module,
    absolute or relative to the module's package) when it is first asked for, and
    keeps it in ``namespace`` (the module's globals) for the next time."""
    package = namespace.get("__package__") or module

    def __getattr__(name: str) -> Any:
        if name in table:
            value = getattr(importlib.import_module(table[name], package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
