"""Pedigree drawing: layout (pure geometry) and rendering (matplotlib or SVG).

:func:`layout` computes where everything goes and needs no matplotlib;
:func:`numbering` gives everyone's pedigree number (``II-3``) as drawn, without
matplotlib either; :func:`draw` lays out and renders to a
:class:`matplotlib.figure.Figure`; :func:`save` writes a figure to PNG, SVG or
PDF; :func:`png_warning` says when a PNG would be too small to read.

>>> from xlinked import Individual, Pedigree
>>> from xlinked.draw import layout
>>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum",
...                 affected=True)], proband="son")
>>> [n.number for n in layout(ped).nodes]
['I-1', 'II-1']
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .._lazy import attributes
from ..model import Pedigree

# The subpackage first, then its function: ``xlinked.draw.layout`` is the function.
from .layout import layout
from .numbering import drawn_numbers, numbering

if TYPE_CHECKING:
    import os

    from matplotlib.figure import Figure

    from ._labels import RiskInput, obligate_carriers
    from .layout import Box, Couple, Family, Layout, Node, Segment, Sibship

# imported on first use: the risk table's numbers need only the order of the drawing
__getattr__ = attributes(globals(), __name__, {
    **dict.fromkeys(("Box", "Couple", "Segment", "Sibship"), ".layout._geometry"),
    **dict.fromkeys(("Family", "Layout", "Node"), ".layout._types"),
    "obligate_carriers": "._labels",
})

__all__ = [
    "Box",
    "Couple",
    "Family",
    "Layout",
    "Node",
    "Segment",
    "Sibship",
    "default_title",
    "draw",
    "drawn_numbers",
    "layout",
    "numbering",
    "obligate_carriers",
    "png_warning",
    "save",
    "write",
]


def default_title(pedigree: Pedigree, *, anonymise: bool = False) -> str:
    """``"IPEX syndrome (FOXP3), family XLK01"`` from what the pedigree says."""
    parts = []
    cond = pedigree.condition
    if cond is not None:
        parts.append(f"{cond.name} ({cond.gene})" if cond.gene else cond.name)
    if pedigree.family and not anonymise:
        parts.append(f"family {pedigree.family}")
    return ", ".join(parts) or "Pedigree"


def draw(
    pedigree: Pedigree,
    *,
    risks: RiskInput = None,
    anonymise: bool = False,
    title: str | None = None,
    legend: bool = True,
    dpi: float = 150,
) -> Figure:
    """Draw ``pedigree`` as a matplotlib Figure (never through pyplot).

    Parameters
    ----------
    pedigree
        The family.
    risks
        Risks to write under each person: a ``RiskResult`` from
        ``xlinked.compute_risks`` or a mapping id -> entry with ``p_carrier`` /
        ``p_affected``. Carrier probability is shown for women, the probability
        of being affected for men and pregnancies; exact fractions are written
        as fractions, floats as percentages. ``None`` shows no risks.
    anonymise
        Leave out names, dates and the family id.
    title
        The title; by default the condition and the family id.
    legend
        Draw a legend defining every mark in use.
    dpi
        Resolution for PNG output.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .render import figure

    return figure(_display(pedigree, risks, anonymise, title, legend, dpi))


def _display(pedigree: Pedigree, risks: RiskInput, anonymise: bool, title: str | None,
           legend: bool, dpi: float) -> Any:
    from ._scene import scene

    lay = layout(pedigree, risks=risks, anonymise=anonymise)
    if title is None:
        title = default_title(pedigree, anonymise=anonymise)
    mode = getattr(risks, "mode", None)
    note = {"limit": "textbook limit (mutation rate \u2192 0), exact",
            "exact": "at the model's mutation rate, exact",
            "float": "at the model's mutation rate"}.get(mode or "")
    from ._labels import small_risks_hidden

    if small_risks_hidden(pedigree, risks):
        note = (f"{note}; " if note else "") + "risks under 0.1% not written"
    return scene(lay, title=title or None, legend=legend, risks_shown=risks is not None,
                 risk_note=note, dpi=dpi)


def write(
    pedigree: Pedigree,
    path: str | os.PathLike[str],
    *,
    risks: RiskInput = None,
    anonymise: bool = False,
    title: str | None = None,
    legend: bool = True,
    dpi: float = 150,
    format: str | None = None,
) -> list[str]:
    """Draw ``pedigree`` straight to ``path`` (PNG, SVG or PDF, from the extension).

    The same picture as ``save(draw(pedigree, ...), path)``, faster: SVG is written
    without building a matplotlib figure. Options as for :func:`draw`.

    Returns
    -------
    list of str
        Warnings, such as a PNG whose text would be too small to read (the
        library never prints).
    """
    from .render import save_scene

    return save_scene(_display(pedigree, risks, anonymise, title, legend, dpi), path, format)


def save(figure: Figure, path: str | os.PathLike[str], format: str | None = None) -> str:
    """Write ``figure`` to ``path`` (``.png``, ``.svg``, ``.pdf``) atomically; return the format.

    A figure from :func:`draw` is written to SVG straight from the drawing (fast,
    with a ``symbol-<id>`` group per person); save a figure you changed
    afterwards with ``figure.savefig``.
    """
    from .render import save as _save

    return _save(figure, path, format)


def png_warning(figure: Figure) -> str | None:
    """A warning when a PNG of ``figure`` would make its text unreadably small
    (the drawing is too wide), suggesting SVG or PDF; ``None`` when it is fine."""
    from .render import png_warning as _warning

    return _warning(figure)


class _CallableModule(types.ModuleType):
    """Importing ``xlinked.draw`` makes the package attribute ``xlinked.draw`` this
    module; calling it still draws, so ``xlinked.draw(pedigree)`` always works."""

    def __call__(self, pedigree: Pedigree, **options: object) -> Figure:
        return draw(pedigree, **options)  # type: ignore[arg-type]  # checked by draw()


sys.modules[__name__].__class__ = _CallableModule
