r"""GA4GH Pedigree (Phenopackets form) and Phenopackets v2 Family files. A DRAFT standard.

The GA4GH Pedigree Standard is still a draft: its Phenopackets form (the form
of the standard's own examples) has not been approved, and field shapes have
changed before. What is read and written here:

* **GA4GH Pedigree** (``--from/--to ga4gh``): ``{"id", "indexPatients",
  "individuals": [Phenopacket, ...], "relationships": [{"individualId",
  "relation": {"id": "KIN:027", "label": "isBiologicalMotherOf"},
  "relativeId"}, ...]}``. Parents come from KIN terms (``KIN:027``/``KIN:028``
  mother/father, ``KIN:003`` parent, ``KIN:032`` child, ``KIN:040``/``KIN:041``
  has father/mother, sperm/ovum donors as genetic parents), twins from
  ``KIN:010`` (MZ), ``KIN:011`` (DZ), ``KIN:009`` (unknown zygosity), adoption from
  ``KIN:022``, couples from ``KIN:026``/``KIN:030``/``KIN:050``/``KIN:051``.
  Affection is a disease of the Phenopacket (excluded: unaffected), so it is
  written only for a condition with a known ontology term (IPEX: OMIM:304790).
* **Phenopackets v2 Family** (``--from/--to phenopackets``): the PED-like
  ``pedigree.persons`` (``familyId``, ``individualId``, ``paternalId``,
  ``maternalId`` with ``"0"`` for none, ``sex``, ``affectedStatus``), the
  proband's and relatives' Phenopackets (vital status, age at last encounter).

Both camelCase and snake_case keys are read, JSON or YAML.

>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum",
...                 affected=True, age=2)], proband="son", family="F1")
>>> text, lost = dumps(ped, form="phenopackets")
>>> again = loads(text)
>>> again["son"].affected, again["son"].mother, again["son"].age, again.proband
(True, 'mum', 2, 'son')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from ..errors import PedigreeError, Problem, ReadError
from ..model import Adoption, Individual, Pedigree, Sex, TwinGroup, Union, Zygosity
from . import _heads, native
from ._lost import listing, lost_family_fields, lost_person_fields

__all__ = ["TITLES", "dumps", "loads", "looks_like", "parse"]

TITLES = _heads.GA4GH_TITLES
KIN = {"KIN:027": "isBiologicalMotherOf", "KIN:028": "isBiologicalFatherOf",
       "KIN:003": "isBiologicalParentOf", "KIN:032": "isBiologicalChildOf",
       "KIN:040": "hasBiologicalFather", "KIN:041": "hasBiologicalMother",
       "KIN:004": "isSpermDonorOf", "KIN:038": "isOvumDonorOf",
       "KIN:009": "isMultipleBirthSiblingOf", "KIN:010": "isMonozygoticMultipleBirthSiblingOf",
       "KIN:011": "isPolyzygoticMultipleBirthSiblingOf", "KIN:022": "isAdoptiveParentOf",
       "KIN:026": "isPartnerOf", "KIN:030": "isConsanguineousPartnerOf",
       "KIN:050": "isSeparatedPartnerOf", "KIN:051": "isSeparatedConsanguineousPartnerOf"}
_BY_LABEL = {label.lower(): term for term, label in KIN.items()}
_PARENT_OF = {"KIN:027": "mother", "KIN:028": "father", "KIN:003": None, "KIN:004": "father",
              "KIN:038": "mother"}
_CHILD_OF = {"KIN:032": None, "KIN:040": "father", "KIN:041": "mother"}
_TWINS = {"KIN:009": Zygosity.UNKNOWN, "KIN:010": Zygosity.MZ, "KIN:011": Zygosity.DZ}
_PARTNERS = {"KIN:026": (None, False), "KIN:030": (True, False), "KIN:050": (None, True),
             "KIN:051": (True, True)}
_SEX_IN = {"MALE": Sex.MALE, "FEMALE": Sex.FEMALE, "UNKNOWN_SEX": Sex.UNKNOWN,
           "OTHER_SEX": Sex.UNKNOWN, "": Sex.UNKNOWN}
_SEX_OUT = {Sex.MALE: "MALE", Sex.FEMALE: "FEMALE", Sex.UNKNOWN: "UNKNOWN_SEX"}
_AFFECTED_IN = {"AFFECTED": True, "UNAFFECTED": False, "MISSING": None, "": None}
_AFFECTED_OUT = {True: "AFFECTED", False: "UNAFFECTED", None: "MISSING"}
# Conditions whose ontology term we know: gene -> (CURIE, label)
_TERMS = {"FOXP3": ("OMIM:304790", "Immunodysregulation, polyendocrinopathy, and enteropathy, "
                                   "X-linked")}
_OMIM = {"id": "omim", "name": "Online Mendelian Inheritance in Man", "url": "https://www.omim.org",
         "version": "unknown", "namespacePrefix": "OMIM", "iriPrefix": "https://www.omim.org/entry/"}
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
                       r"(?:(\d+(?:\.\d+)?)D)?(?:T.*)?$")


def looks_like(text: str) -> str | None:
    """``"ga4gh"`` or ``"phenopackets"`` when the text is one of those files, else ``None``."""
    return _heads.ga4gh(text)


def _get(data: Mapping[str, Any], key: str, default: Any = None) -> Any:
    """``data[key]`` under its camelCase or snake_case name."""
    if key in data:
        return data[key]
    snake = re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), key)
    return data.get(snake, default)


def loads(text: str, *, source: str | None = None) -> Pedigree:
    """Read a GA4GH Pedigree or a Phenopackets v2 Family (JSON or YAML)."""
    return parse(text, source=source)[0]


def parse(text: str, *, source: str | None = None) -> tuple[Pedigree, list[str]]:
    """Like :func:`loads`, and also return warnings.

    Raises
    ------
    ReadError
        Not JSON/YAML, or neither form.
    PedigreeError
        Every problem found, each naming the person or relationship.
    """
    data = native.parse_text(text, source=source)
    if not isinstance(data, Mapping):
        raise ReadError("not a GA4GH file: expected a mapping with 'individuals' and "
                        "'relationships', or a Family with 'pedigree': {'persons': [...]}",
                        source=source)
    reader = _Reader()
    pedigree_block = _get(data, "pedigree")
    if isinstance(pedigree_block, Mapping) and isinstance(_get(pedigree_block, "persons"), list):
        reader.family(data)
    elif isinstance(_get(data, "individuals"), list):
        reader.pedigree(data)
    elif isinstance(_get(data, "subject"), Mapping):
        raise ReadError("this is a single Phenopacket (one person), not a pedigree: use a "
                        "Phenopackets Family or a GA4GH Pedigree", source=source)
    else:
        raise ReadError("not a GA4GH file: expected 'individuals' and 'relationships' (GA4GH "
                        "Pedigree) or 'pedigree': {'persons': [...]} (Phenopackets Family)",
                        source=source)
    return reader.build(source)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.people: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []
        self.fields: dict[str, Any] = {}
        self.twins: list[tuple[Zygosity, str, str]] = []
        self.unions: dict[frozenset[str], Union] = {}
        self.consanguineous_parents = False

    def person(self, pid: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(pid, str | int) or isinstance(pid, bool) or not str(pid).strip():
            self.problems.append(Problem(where, f"the id must be a non-empty string, got {pid!r}"))
            return None
        pid = str(pid)
        if pid not in self.people:
            self.people[pid] = {}
            self.order.append(pid)
        return self.people[pid]

    def sex(self, data: Mapping[str, Any], where: str) -> Sex | None:
        """The ``sex`` of a subject or person; ``None`` when absent or wrong (reported)."""
        sex = str(_get(data, "sex", "") or "").upper()
        if sex not in _SEX_IN:
            self.problems.append(Problem(where, f"sex must be MALE, FEMALE, OTHER_SEX or "
                                         f"UNKNOWN_SEX, got {sex!r}"))
            return None
        return _SEX_IN[sex] if sex else None

    def packet(self, packet: Any, where: str, *, required: bool) -> None:
        """Fields from one Phenopacket (or a bare individual)."""
        if not isinstance(packet, Mapping):
            self.problems.append(Problem(where, "must be a Phenopacket (a mapping with "
                                         "'subject')"))
            return
        subject = _get(packet, "subject", packet)
        if not isinstance(subject, Mapping):
            self.problems.append(Problem(where, "subject must be a mapping"))
            return
        pid = _get(subject, "id")
        where = f"{where} (id {pid!r})"
        info = self.person(pid, where)
        if info is None:
            return
        if required and "_seen" in info:
            self.problems.append(Problem(where, "the id is used twice"))
            return
        info["_seen"] = True
        info["_where"] = where
        sex = self.sex(subject, where)
        if sex is not None:
            info.setdefault("sex", sex)
        vital = _get(subject, "vitalStatus")
        status = vital.get("status") if isinstance(vital, Mapping) else None
        if status == "DECEASED" or _get(subject, "deceased") is True:
            info["deceased"] = True
        age = _get(subject, "timeAtLastEncounter")
        years = _age(age)
        if age is not None and years is None:
            self.problems.append(Problem(where, f"timeAtLastEncounter must be an age like "
                                         f'{{"age": {{"iso8601duration": "P30Y"}}}}, got {age!r}'))
        elif years is not None:
            info["age"] = years
        born = _get(subject, "dateOfBirth")
        if isinstance(born, str) and re.match(r"^\d{4}", born):
            info["birth_year"] = int(born[:4])
        diseases = _get(packet, "diseases") or []
        if isinstance(diseases, list) and diseases:
            present = [d for d in diseases if isinstance(d, Mapping) and not d.get("excluded")]
            info["affected"] = bool(present)
            onsets = [_age(_get(d, "onset")) for d in present]
            if onsets and onsets[0] is not None:
                info["onset_age"] = onsets[0]
        if isinstance(_get(packet, "affected"), bool):
            info["affected"] = _get(packet, "affected")

    def family(self, data: Mapping[str, Any]) -> None:
        persons = _get(_get(data, "pedigree"), "persons")
        family_ids: list[str] = []
        for i, person in enumerate(persons):
            where = f"pedigree.persons[{i}]"
            if not isinstance(person, Mapping):
                self.problems.append(Problem(where, "must be a mapping"))
                continue
            pid = _get(person, "individualId")
            info = self.person(pid, where)
            if info is None:
                continue
            where = f"{where} (individualId {pid!r})"
            if "_where" in info and info.get("_person"):
                self.problems.append(Problem(where, "individualId is used twice"))
                continue
            info["_person"] = True
            info["_where"] = where
            fid = _get(person, "familyId")
            if fid not in (None, ""):
                family_ids.append(str(fid))
            info["sex"] = self.sex(person, where) or Sex.UNKNOWN
            status = str(_get(person, "affectedStatus", "") or "").upper()
            if status not in _AFFECTED_IN:
                self.problems.append(Problem(where, f"affectedStatus must be AFFECTED, "
                                             f"UNAFFECTED or MISSING, got {status!r}"))
            else:
                info["affected"] = _AFFECTED_IN[status]
            for key, role in (("paternalId", "father"), ("maternalId", "mother")):
                parent = _get(person, key)
                if parent not in (None, "", "0", 0):
                    info[role] = str(parent)
        if len(set(family_ids)) > 1:
            self.warnings.append(f"persons name {len(set(family_ids))} family ids; read as one "
                                 f"family {family_ids[0]!r}")
        self.fields["family"] = str(_get(data, "id") or "") or (family_ids[0] if family_ids
                                                                 else None)
        proband = _get(data, "proband")
        if isinstance(proband, Mapping):
            self.packet(proband, "proband", required=False)
            subject = _get(proband, "subject")
            if isinstance(subject, Mapping) and _get(subject, "id") is not None:
                self.fields["proband"] = str(_get(subject, "id"))
        for i, packet in enumerate(_get(data, "relatives") or []):
            self.packet(packet, f"relatives[{i}]", required=False)
        self.consanguineous_parents = _get(data, "consanguinousParents") is True or _get(
            data, "consanguineousParents") is True

    def pedigree(self, data: Mapping[str, Any]) -> None:
        for i, packet in enumerate(_get(data, "individuals")):
            self.packet(packet, f"individuals[{i}]", required=True)
        self.fields["family"] = str(_get(data, "id")) if _get(data, "id") else None
        index = _get(data, "indexPatients") or []
        if isinstance(index, list) and index:
            self.fields["proband"] = str(index[0])
            if len(index) > 1:
                self.warnings.append(f"{len(index)} index patients: {index[0]!r} is read as "
                                     "the proband, the others are not kept")
        ignored: dict[str, int] = {}
        for i, rel in enumerate(_get(data, "relationships") or []):
            self.relationship(rel, f"relationships[{i}]", ignored)
        if ignored:
            said = ", ".join(f"{term} ({n})" for term, n in ignored.items())
            self.warnings.append(f"relationships other than parents, twins, adoption and "
                                 f"couples are implied by those and were not read: {said}")

    def relationship(self, rel: Any, where: str, ignored: dict[str, int]) -> None:
        if not isinstance(rel, Mapping):
            self.problems.append(Problem(where, "must be a mapping"))
            return
        a, b = _get(rel, "individualId"), _get(rel, "relativeId")
        for pid, key in ((a, "individualId"), (b, "relativeId")):
            if not isinstance(pid, str | int) or str(pid) not in self.people:
                self.problems.append(Problem(where, f"{key} {pid!r} is not one of the "
                                             "individuals"))
                return
        a, b = str(a), str(b)
        terms = []
        for key in ("relation", "biologicalRelationship", "socialRelationship"):
            value = _get(rel, key)
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    terms.append(_term(item))
        if not terms or None in terms:
            self.problems.append(Problem(where, "relation must be a KIN term like "
                                         '{"id": "KIN:027", "label": "isBiologicalMotherOf"}, '
                                         f"got {_get(rel, 'relation')!r}"))
            return
        where = f"{where} ({a!r} -> {b!r})"
        for term in terms:
            if term in _PARENT_OF:
                self.parent(a, b, _PARENT_OF[term], where)
            elif term in _CHILD_OF:
                self.parent(b, a, _CHILD_OF[term], where)
            elif term in _TWINS:
                self.twins.append((_TWINS[term], a, b))
            elif term == "KIN:022":
                self.people[b]["adopted"] = Adoption.IN
            elif term in _PARTNERS:
                consanguineous, separated = _PARTNERS[term]
                self.unions[frozenset((a, b))] = Union((a, b), consanguineous=consanguineous,
                                                       separated=separated)
            else:
                ignored[str(term)] = ignored.get(str(term), 0) + 1

    def parent(self, parent: str, child: str, role: str | None, where: str) -> None:
        if role is None:
            sex = self.people[parent].get("sex", Sex.UNKNOWN)
            if sex is Sex.UNKNOWN:
                self.problems.append(Problem(where, f"parent {parent!r} has no sex recorded: "
                                             "use isBiologicalMotherOf or isBiologicalFatherOf"))
                return
            role = "mother" if sex is Sex.FEMALE else "father"
        known = self.people[child].get(role)
        if known is not None and known != parent:
            self.problems.append(Problem(where, f"{child!r} already has {role} {known!r}"))
            return
        self.people[child][role] = parent

    def build(self, source: str | None) -> tuple[Pedigree, list[str]]:
        individuals = []
        for pid in self.order:
            info = self.people[pid]
            where = info.get("_where", f"individual {pid!r}")
            fields = {k: v for k, v in info.items() if not k.startswith("_") and k != "sex"}
            if "_seen" not in info and "_person" not in info:
                self.problems.append(Problem(where, "is named but has no entry of their own"))
                continue
            try:
                individuals.append(Individual(pid, info.get("sex", Sex.UNKNOWN), **fields))
            except PedigreeError as exc:
                self.problems += [Problem(where, p.message) for p in exc.problems]
        groups = _twin_groups(self.twins)
        fields = dict(self.fields)
        fields["twins"] = groups
        if self.problems:
            raise PedigreeError(self.problems, source=source)
        try:
            pedigree = Pedigree(individuals, **fields)
        except PedigreeError as exc:
            raise PedigreeError(exc.problems, source=source) from None
        unions = list(self.unions.values())
        if self.consanguineous_parents and pedigree.proband is not None:
            mother, father = pedigree[pedigree.proband].mother, pedigree[pedigree.proband].father
            if mother and father and not pedigree.is_consanguineous(mother, father):
                unions.append(Union((father, mother), consanguineous=True))
        shared = {frozenset(c) for c in pedigree.couples()} if unions else set()
        unions = [u for u in unions if u.consanguineous or u.separated or frozenset(
            u.partners) not in shared or not _has_children(pedigree, u)]
        if unions:
            try:
                pedigree = pedigree.replace(unions=unions)
            except PedigreeError as exc:
                raise PedigreeError(exc.problems, source=source) from None
        return pedigree, self.warnings


def _has_children(pedigree: Pedigree, union: Union) -> bool:
    a, b = union.partners
    return any({p.mother, p.father} == {a, b} for p in pedigree.individuals)


def _term(item: Any) -> str | None:
    if isinstance(item, Mapping):
        item = _get(item, "id") or _get(item, "label")
    if not isinstance(item, str):
        return None
    text = item.strip()
    if re.match(r"^KIN:\d+$", text, re.IGNORECASE):
        return text.upper()
    return _BY_LABEL.get(text.lower(), text)


def _twin_groups(pairs: list[tuple[Zygosity, str, str]]) -> list[TwinGroup]:
    group_of: dict[str, int] = {}
    groups: list[tuple[Zygosity, list[str]]] = []
    for kind, a, b in pairs:
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is None and gb is None:
            group_of[a] = group_of[b] = len(groups)
            groups.append((kind, [a, b]))
        elif ga is not None and gb is None:
            groups[ga][1].append(b)
            group_of[b] = ga
        elif gb is not None and ga is None:
            groups[gb][1].append(a)
            group_of[a] = gb
    return [TwinGroup(tuple(members), kind) for kind, members in groups]


def _age(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = _get(value, "age", value)
        if isinstance(value, Mapping):
            value = _get(value, "iso8601duration")
    if not isinstance(value, str):
        return None
    match = _DURATION.match(value.strip())
    if match is None or value.strip() == "P":
        return None
    y, m, w, d = (float(g) if g else 0.0 for g in match.groups())
    years = y + m / 12 + (w * 7 + d) / 365.25
    return int(years) if years.is_integer() else years


# -- writing ------------------------------------------------------------------


def _duration(age: float) -> tuple[str, bool]:
    """An ISO 8601 age, and whether it is exact (whole months)."""
    months = round(age * 12)
    exact = abs(months / 12 - age) < 1e-9
    years, rest = divmod(months, 12)
    text = "P" + (f"{years}Y" if years else "") + (f"{rest}M" if rest or not years else "")
    return text, exact


def dumps(pedigree: Pedigree, *, form: str = "ga4gh") -> tuple[str, list[str]]:
    """A GA4GH Pedigree (``form="ga4gh"``) or a Phenopackets v2 Family
    (``form="phenopackets"``) for ``pedigree``, and what it could not hold."""
    if form not in TITLES:
        raise ValueError(f"form must be 'ga4gh' or 'phenopackets', got {form!r}")
    lost: list[str] = []
    doc: dict[str, Any]
    family = pedigree.family or "FAM1"
    gene = pedigree.condition.gene if pedigree.condition else "FOXP3"
    term = _TERMS.get(gene or "")
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    inexact: list[str] = []

    def packet(pid: str) -> dict[str, Any]:
        p = pedigree[pid]
        subject: dict[str, Any] = {"id": p.id}
        if p.age is not None:
            text, exact = _duration(p.age)
            subject["timeAtLastEncounter"] = {"age": {"iso8601duration": text}}
            if not exact:
                inexact.append(p.id)
        if p.deceased:
            subject["vitalStatus"] = {"status": "DECEASED"}
        subject["sex"] = _SEX_OUT[p.sex]
        out: dict[str, Any] = {"id": f"{family}-{p.id}", "subject": subject}
        meta: dict[str, Any] = {"created": created, "createdBy": "xlinked"}
        if term is not None and p.affected is not None:
            disease: dict[str, Any] = {"term": {"id": term[0], "label": term[1]}}
            if not p.affected:
                disease["excluded"] = True
            elif p.onset_age is not None:
                disease["onset"] = {"age": {"iso8601duration": _duration(p.onset_age)[0]}}
            out["diseases"] = [disease]
            meta["resources"] = [_OMIM]
        meta["phenopacketSchemaVersion"] = "2.0"
        out["metaData"] = meta
        return out

    if form == "ga4gh":
        doc = {"id": family}
        if pedigree.proband is not None:
            doc["indexPatients"] = [pedigree.proband]
        doc["individuals"] = [packet(p.id) for p in pedigree.individuals]
        doc["relationships"] = _relationships(pedigree, lost)
        if term is None and any(p.affected is not None for p in pedigree.individuals):
            lost.append(f"affection status (no ontology term known for the condition's gene "
                        f"{gene!r}; GA4GH Pedigree holds affection as a disease term)")
        if any(p.onset_age is not None and (term is None or not p.affected)
               for p in pedigree.individuals):
            lost.append("onset age of people not written as affected")
    else:
        proband = pedigree.proband or next(
            (p.id for p in pedigree.individuals if p.affected), pedigree.individuals[0].id)
        if pedigree.proband is None:
            lost.append(f"a pedigree without proband (a Family needs one: {proband!r} written)")
        relatives = [packet(p.id) for p in pedigree.individuals if p.id != proband and (
            p.deceased or p.age is not None or (term is not None and p.affected is not None))]
        persons = [{"familyId": family, "individualId": p.id, "paternalId": p.father or "0",
                    "maternalId": p.mother or "0", "sex": _SEX_OUT[p.sex],
                    "affectedStatus": _AFFECTED_OUT[p.affected]} for p in pedigree.individuals]
        mother, father = pedigree[proband].mother, pedigree[proband].father
        doc = {"id": family, "proband": packet(proband)}
        if relatives:
            doc["relatives"] = relatives
        doc["consanguinousParents"] = bool(mother and father and pedigree.is_consanguineous(
            mother, father))
        doc["pedigree"] = {"persons": persons}
        meta: dict[str, Any] = {"created": created, "createdBy": "xlinked"}
        if term is not None and any(p.affected is not None for p in pedigree.individuals):
            meta["resources"] = [_OMIM]
        meta["phenopacketSchemaVersion"] = "2.0"
        doc["metaData"] = meta
        lost += _lost_family_form(pedigree, proband)
        if any(p.onset_age is not None and not (term and p.affected)
               for p in pedigree.individuals):
            lost.append("onset age of people not written as affected")
    if inexact:
        lost.append(f"ages not in whole months (rounded: {listing(inexact)})")
    lost += _lost(pedigree)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n", lost


def _relationships(pedigree: Pedigree, lost: list[str]) -> list[dict[str, Any]]:
    out = []

    def rel(a: str, term: str, b: str) -> None:
        out.append({"individualId": a, "relation": {"id": term, "label": KIN[term]},
                    "relativeId": b})

    for p in pedigree.individuals:
        if p.mother:
            rel(p.mother, "KIN:027", p.id)
        if p.father:
            rel(p.father, "KIN:028", p.id)
    terms = {Zygosity.MZ: "KIN:010", Zygosity.DZ: "KIN:011", Zygosity.UNKNOWN: "KIN:009"}
    for group in pedigree.twins:
        first, *others = group.members
        for other in others:
            rel(first, terms[group.zygosity], other)
    for u in pedigree.unions:
        if u.separated:
            term = "KIN:051" if u.consanguineous else "KIN:050"
        else:
            term = "KIN:030" if u.consanguineous else "KIN:026"
        rel(u.partners[0], term, u.partners[1])
    if any(u.consanguineous is False or u.childless or u.note for u in pedigree.unions):
        lost.append("childlessness reasons, notes and 'not consanguineous' on couples")
    return out


def _lost_family_form(pedigree: Pedigree, proband: str) -> list[str]:
    lost = []
    if pedigree.twins:
        lost.append("twins")
    if pedigree.unions:
        lost.append("unions (couples are only implied by their children)")
    del proband
    return lost


def _lost(pedigree: Pedigree) -> list[str]:
    lost = lost_person_fields(pedigree, (
        "test results", "carrier measurements",
        "birth year", "gender", "pregnancy", "hypothetical", "evaluated",
        "clinical features", "label", "note", "adoption",
    ))
    return lost + lost_family_fields(pedigree, holds_proband=True)
