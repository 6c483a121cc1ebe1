"""What :func:`~xlinked.risk.compute_risks` returns: :class:`PersonRisk` for each person,
in a :class:`RiskResult` (mapping-like by id, JSON-ready with ``to_dict``)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import UnknownIndividualError
from ..model import Sex
from .model import RiskModel

__all__ = ["PersonRisk", "RiskResult"]

Value = Any  # float in float mode, Fraction in the exact modes

#: the values that get a standard error in approximate mode
_ESTIMATED = ("p_carrier", "p_affected", "next_son", "next_daughter", "p_mosaic")


#: Keys of :meth:`PersonRisk.to_dict` left out when they do not apply.
_OPTIONAL = frozenset({"p_mosaic", "if_boy", "if_girl"})


@dataclass(frozen=True, slots=True)
class PersonRisk:
    """The posterior risks of one person.

    Attributes
    ----------
    id, sex
        The person (sex at birth).
    p_carrier
        P(the person carries the variant): heterozygous or homozygous women,
        hemizygous men; for unknown sex the mixture.
    p_affected
        P(affected): 1 when recorded affected; for an unaffected person the
        risk still to come at their age (0 when penetrance is complete by
        then); for unknown status, the lifetime risk. ``None`` for a deceased
        person or a pregnancy loss not recorded affected: they have no risk
        still to come.
    next_son, next_daughter
        Living women only (``None`` otherwise): P(her next son is affected) and
        P(her next daughter carries the variant), the daughter's father being
        ``partner``: her current partner from ``unions``, else the father of her
        last child, else (``None``) a man from the population;
        ``partner_source`` says which (``"union"``, ``"last child"``,
        ``"population"``).
    p_mosaic
        P(germline mosaic), for everyone when the model has germline
        mosaicism (``None`` otherwise).
    if_boy, if_girl
        For a person of unknown sex (a pregnancy, a future child), ``None``
        otherwise: P(affected | a boy), with the same meaning as ``p_affected``,
        and P(carrier | a girl). ``p_affected`` is their mixture, the headline.
    number
        The person's pedigree number as drawn (``"II-3"``), when the result was
        numbered (:meth:`RiskResult.numbered`; the command line always numbers).
    genotypes
        The posterior of each genotype state (labels as in ``docs/risk.md``),
        the germline-mosaic state included when the model has mosaicism.
    stderr
        Approximate mode only: the standard error of each estimated value
        (``{"p_carrier": 0.002, ...}``); ``None`` for exact answers.
    """

    id: str
    sex: Sex
    p_carrier: Value
    p_affected: Value
    next_son: Value | None
    next_daughter: Value | None
    p_mosaic: Value | None = None
    partner: str | None = None
    affected: bool | None = None
    hypothetical: bool = False
    genotypes: tuple[tuple[str, Value], ...] = ()
    partner_source: str | None = None
    if_boy: Value | None = None
    if_girl: Value | None = None
    number: str | None = None
    stderr: dict[str, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: probabilities as floats, exact values as strings."""
        out: dict[str, Any] = {"id": self.id}
        if self.number is not None:
            out["number"] = self.number
        out.update({"sex": self.sex.value, "affected": self.affected})
        exact: dict[str, str] = {}
        for key in ("p_carrier", "p_affected", "next_son", "next_daughter", "p_mosaic",
                    "if_boy", "if_girl"):
            value = getattr(self, key)
            if key in _OPTIONAL and value is None:
                continue
            out[key] = None if value is None else float(value)
            if isinstance(value, Fraction):
                exact[key] = str(value)
        if self.partner is not None:
            out["partner"] = self.partner
        if self.partner_source is not None:
            out["partner_source"] = self.partner_source
        if self.hypothetical:
            out["hypothetical"] = True
        out["genotypes"] = {label: float(v) for label, v in self.genotypes}
        if exact:
            out["exact"] = exact
        if self.stderr is not None:
            out["stderr"] = dict(self.stderr)
        return out


@dataclass(frozen=True)
class RiskResult:
    """Posterior risks for every person of a pedigree.

    Index by id (``result["II-2"]``); iterating yields :class:`PersonRisk` in the
    pedigree's input order, then any requested hypothetical children.

    Attributes
    ----------
    mode
        ``"float"``, ``"exact"``, ``"limit"`` or ``"approximate"``: which
        arithmetic produced the numbers (``limit`` = exact fractions as
        mutation_rate -> 0; ``approximate`` = sampled, each value with a
        standard error in ``PersonRisk.stderr``).
    model
        The :class:`RiskModel` used.
    individuals
        One :class:`PersonRisk` per person of the pedigree, in input order.
    children
        The hypothetical children asked for with ``children=``.
    log_likelihood
        Natural log of the probability of all the evidence (``None`` in limit
        mode, where it tends to 0 or a constant).
    treewidth
        Width of the best elimination order found for the whole pedigree
        (largest clique minus one; -1 when above 25 or so, no order being
        completed).
    table_size
        Entries of that order's largest clique table (``inf`` when no order
        was completed).
    method
        ``"junction tree"``, ``"conditioning"`` (exact, on ``cutset``) or
        ``"sampling"`` (approximate).
    cutset
        The people whose genotypes were fixed in turn (conditioning) or that
        separate the sampler's blocks.
    samples
        Approximate mode: the number of block updates averaged.
    """

    mode: str
    model: RiskModel
    individuals: tuple[PersonRisk, ...]
    children: tuple[PersonRisk, ...] = ()
    log_likelihood: float | None = None
    treewidth: int = 0
    table_size: float = 0
    method: str = "junction tree"
    cutset: tuple[str, ...] = ()
    samples: int = 0
    _index: dict[str, PersonRisk] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({p.id: p for p in (*self.individuals, *self.children)})

    def __getitem__(self, pid: str) -> PersonRisk:
        try:
            return self._index[pid]
        except (KeyError, TypeError):
            raise UnknownIndividualError(pid, list(self._index)) from None

    def __contains__(self, pid: object) -> bool:
        return pid in self._index

    def __iter__(self) -> Iterator[PersonRisk]:
        return iter((*self.individuals, *self.children))

    def __len__(self) -> int:
        return len(self.individuals) + len(self.children)

    def numbered(self, numbers: Mapping[str, str]) -> RiskResult:
        """A copy whose people carry their pedigree numbers (``number``), as drawn:
        ``numbers`` maps ids to numbers, e.g. :func:`xlinked.numbering` of the
        pedigree (with any hypothetical children added).

        >>> from xlinked import Individual, Pedigree, compute_risks, numbering
        >>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")])
        >>> compute_risks(ped).numbered(numbering(ped))["son"].number
        'II-1'
        """
        def one(p: PersonRisk) -> PersonRisk:
            return dataclasses.replace(p, number=numbers.get(p.id))

        return dataclasses.replace(
            self, individuals=tuple(one(p) for p in self.individuals),
            children=tuple(one(p) for p in self.children), _index={})

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"individuals": [...], "children": [...], "mode": ..., ...}``."""
        return {
            "individuals": [p.to_dict() for p in self.individuals],
            "children": [p.to_dict() for p in self.children],
            "mode": self.mode,
            "model": self.model.to_mapping(),
            "log_likelihood": self.log_likelihood,
            "treewidth": self.treewidth,
            "table_size": self.table_size if math.isfinite(self.table_size) else None,
            "method": self.method,
            "cutset": list(self.cutset),
            "samples": self.samples,
        }
