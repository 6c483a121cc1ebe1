"""The model options every risk-showing command shares: one decorator, one default.

``risk``, ``explain``, ``draw``, ``layout``, ``batch`` (and any later command, such
as ``report``) take the same ``--preset``, ``--mutation-rate``, ``--child`` and
``--mode`` through :func:`model_options`, which hands the command one
:class:`ModelOptions`; :meth:`ModelOptions.compute` gives the risks with the data
warnings printed, and :meth:`ModelOptions.describe` the one line that states the
model and mode in table headers and drawing legends.

"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from ..risk.engine import MODES

if TYPE_CHECKING:
    from ..model import Pedigree
    from ..risk import RiskModel, RiskResult

__all__ = ["DEFAULT_MODE", "MODE_NAMES", "ModelOptions", "model_options", "numbers_of",
           "parse_child", "print_warnings"]

#: The one default mode of every command: the model's own mutation rate, in decimals.
DEFAULT_MODE = "float"

#: How each mode is named in headers and legends.
MODE_NAMES = {
    "float": "floating point at the model's mutation rate",
    "exact": "exact fractions at the model's mutation rate",
    "limit": "exact fractions in the limit mutation rate -> 0 (textbook)",
    "approximate": "APPROXIMATE (sampled; each value ± its standard error)",
}

_MODE_HELP = (
    "float: decimals at the model's mutation rate; exact: fractions at that rate; "
    "limit: fractions as the mutation rate -> 0 (the textbook answers); approximate: "
    "sampled decimals, each with its standard error (what float falls back to when exact "
    "inference does not fit the memory and time limits)."
)


def parse_child(text: str) -> tuple[str | None, str | None, str]:
    """``MOTHER:FATHER:SEX`` -> ``(mother, father, sex)``; a usage error otherwise.

    >>> parse_child("II-2::u")
    ('II-2', None, 'U')
    """
    parts = text.split(":")
    if len(parts) != 3 or parts[2].strip().upper() not in ("M", "F", "U"):
        raise click.BadParameter(
            f"{text!r}: expected MOTHER:FATHER:SEX, e.g. II-2:II-1:M (FATHER may be empty)",
            param_hint="--child",
        )
    mother, father, sex = parts
    return mother or None, father or None, sex.strip().upper()


@dataclass(frozen=True)
class ModelOptions:
    """What the model options asked for: the command resolves them per pedigree."""

    preset: str | None = None
    mutation_rate: str | None = None
    children: tuple[str, ...] = ()
    mode: str = DEFAULT_MODE
    #: limits of exact inference (``xlinked risk --max-memory/--max-time/--exact-only``)
    max_memory: int = 2**31
    max_time: float | None = 60.0
    exact_only: bool = False

    def model(self, ped: Pedigree) -> RiskModel:
        """The model: ``--preset`` or the file's (else IPEX), with ``--mutation-rate``."""
        from ..errors import ModelError
        from ..risk import preset
        from ..risk.engine import resolve_model

        model = preset(self.preset) if self.preset else resolve_model(ped, None)
        if self.mutation_rate is not None:
            try:
                model = model.replace(mutation_rate=self.mutation_rate)
            except ModelError as exc:
                raise ModelError(f"--mutation-rate: {exc}") from None
        return model

    def child_specs(self) -> list[tuple[str | None, str | None, str]]:
        """The ``--child`` options parsed (ids not checked: see :meth:`children_of`)."""
        return [parse_child(c) for c in self.children]

    def children_of(self, ped: Pedigree) -> list[tuple[str | None, str | None, str]]:
        """The ``--child`` options, each parent checked against ``ped`` (an unknown
        id is an :class:`~xlinked.UnknownIndividualError` with "did you mean")."""
        from ..errors import UnknownIndividualError

        specs = self.child_specs()
        for mother, father, _ in specs:
            for pid in (mother, father):
                if pid is not None and pid not in ped:
                    raise UnknownIndividualError(pid, ped.ids, where="--child")
        return specs

    def extended(self, ped: Pedigree) -> Pedigree:
        """``ped`` with the ``--child`` children added as hypothetical people (the
        drawing shows them; their ids are those :meth:`compute` gives them)."""
        return ped.with_children(self.children_of(ped))

    def compute(self, ped: Pedigree, source: str, *, warn: bool = True,
                children: bool = True) -> RiskResult:
        """The risks of ``ped`` under these options, with the ``--child`` children
        (unless ``children`` is false: already added by :meth:`extended`); data
        warnings printed (``source`` names the file in them) unless ``warn`` is false."""
        from ..risk import compute_risks

        model = self.model(ped)
        specs = self.children_of(ped) if children else []
        if warn:  # with the --child children: their parents are checked too
            print_warnings(ped.with_children(specs), model, source)
        return compute_risks(ped, model, mode=self.mode, children=specs,
                             max_memory=self.max_memory, max_time=self.max_time,
                             fallback=not self.exact_only)

    def describe(self, ped: Pedigree, model: RiskModel) -> str:
        """``model: IPEX syndrome (FOXP3), mutation rate 1/1000000; <mode>``."""
        from ..risk._format import probability

        name = model.name or ("the file's model" if model is ped.model else "custom model")
        return (f"model: {name}, mutation rate {probability(model.mutation_rate)}; "
                f"{MODE_NAMES.get(self.mode, self.mode)}")


def numbers_of(ped: Pedigree, source: str, risks: Any = None) -> dict[str, str]:
    """Everyone's pedigree number as ``xlinked draw`` shows it (``II-3``, with
    ``risks`` under the symbols), so that the table, the JSON, the explanation and
    the picture name people alike; ``{}`` with a warning if the layout fails (the
    risks do not depend on it)."""
    from ..draw.numbering import drawn_numbers
    from . import say

    try:
        return drawn_numbers(ped, risks)
    except Exception as exc:  # the drawing's problem, not the risks': say so, go on
        say(f"warning: {source}: no pedigree numbers: the layout failed "
            f"({type(exc).__name__}: {str(exc)[:200]})", err=True)
        return {}


def print_warnings(ped: Pedigree, model: RiskModel, source: str) -> None:
    """Print the data warnings of ``ped`` under ``model`` on stderr."""
    from ..risk import data_warnings
    from . import say

    for warning in data_warnings(ped, model):
        say(f"warning: {source}: {warning}", err=True)


def model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--preset``, ``--mutation-rate``, ``--child`` and ``--mode`` to a click
    command; the command receives them as one keyword argument ``model_opts``
    (a :class:`ModelOptions`)."""

    @functools.wraps(f)
    def command(*args: Any, mode: str, preset_name: str | None, mutation_rate: str | None,
                children: tuple[str, ...], **kwargs: Any) -> Any:
        opts = ModelOptions(preset_name, mutation_rate, tuple(children), mode)
        opts.child_specs()  # a malformed --child is a usage error before any reading
        return f(*args, model_opts=opts, **kwargs)

    options = [
        click.option("--preset", "preset_name", default=None, metavar="NAME|FILE",
                     help="Use a preset model (e.g. ipex; 'xlinked presets' lists them) or a "
                          "preset YAML file instead of the file's model."),
        click.option("--mutation-rate", default=None, metavar="RATE",
                     help="Override the new-mutation rate (eggs and, unless the model says "
                          "otherwise, sperm), e.g. 1e-6 or 1/100000."),
        click.option("--child", "children", multiple=True, metavar="MOTHER:FATHER:SEX",
                     help="Add a hypothetical future child (repeatable); FATHER may be empty, "
                          "SEX is M, F or U."),
        click.option("--mode", type=click.Choice(MODES), default=DEFAULT_MODE, show_default=True,
                      help=_MODE_HELP),
    ]
    for option in reversed(options):
        command = option(command)
    return command
