"""Data that are valid but worth a second look before trusting the risks.

>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("mum", "F"), Individual("girl", "F", mother="mum", affected=True)])
>>> print(data_warnings(ped)[0])  # doctest: +ELLIPSIS
affected woman 'girl': with female_penetrance 0 ... two copies of the variant; ...
"""

from __future__ import annotations

import networkx as nx

from ..model import Pedigree, Sex
from .engine import resolve_model
from .model import RiskModel

__all__ = ["data_warnings"]


def data_warnings(pedigree: Pedigree, model: RiskModel | None = None) -> list[str]:
    """One line per thing in the data that the model accepts but a counsellor should check.

    - affected women when the model has no manifesting carriers (``female_penetrance``
      0): the model can only explain them by two copies of the variant;
    - a pedigree in several unconnected parts: the parts do not inform each other.
    """
    model = resolve_model(pedigree, model)
    out = []
    women = [p.id for p in pedigree if p.sex is Sex.FEMALE and p.affected]
    if women and model.female_penetrance == 0:
        who = ", ".join(repr(w) for w in women[:5]) + (", ..." if len(women) > 5 else "")
        noun = "affected woman" if len(women) == 1 else "affected women"
        out.append(
            f"{noun} {who}: with female_penetrance 0 (no manifesting carriers) the model "
            "can explain this only by two copies of the variant; check the diagnosis, or set "
            "model.female_penetrance for manifesting carriers"
        )
    family = nx.Graph(pedigree.graph.to_undirected(as_view=True))
    family.add_edges_from(pedigree.couples())  # childless couples join families too
    parts = nx.number_connected_components(family)
    if parts > 1:
        out.append(f"the pedigree has {parts} unconnected parts: they do not inform each "
                   "other's risks")
    return out
