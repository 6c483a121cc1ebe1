"""pedigreejs JSON: the files the CanRisk web tool (pedigreejs) saves.

A file is a JSON array with one object per person: ``name`` (the id), ``sex``
(``M``/``F``/``U``), ``mother``/``father``, and optional ``display_name``,
``famid``, ``proband``, ``status`` (1 = deceased), ``age``, ``yob``,
``mztwin``/``dztwin`` (a label shared by the twins), ``adopted_in``/``adopted_out``,
``miscarriage``/``termination``/``stillbirth``, ``divorced`` (a partner's name),
``affected``, ``<disease>_diagnosis_age`` and ``<gene>_gene_test``
(``{"type": "S"|"T", "result": "P"|"N"}``).

Two layout devices of pedigreejs are not family relations and are dropped:

* ``noparents: true`` -- the ``mother``/``father`` on that record only place a
  married-in partner in the drawing; they are not the person's parents;
* ``hidden: true`` -- a layout dummy, not a person; links to it are dropped too.

The condition is IPEX by default: ``ipex_diagnosis_age`` (or ``affected``) marks
an affected person, ``foxp3_gene_test`` is the FOXP3 test (type ``S``, a
mutation search, is read with method ``screening``; ``T``, a test for the
known familial variant, with method ``targeted``). Other ``*_diagnosis_age``
keys are ignored with a warning. Everything not mapped (cancers, other genes,
unknown keys) is kept in ``pedigree.extensions["pedigreejs"]`` so that writing
the pedigree back gives it back. A person without ``affected`` or a diagnosis
age is read as *unknown* (not as unaffected): pass ``unmarked="unaffected"`` to
read unshaded people as unaffected.

>>> ped = loads('''[
...  {"famid": "XLK01", "name": "gm", "sex": "F", "top_level": true},
...  {"famid": "XLK01", "name": "gd", "sex": "M", "top_level": true},
...  {"famid": "XLK01", "name": "mum", "sex": "F", "mother": "gm", "father": "gd",
...   "proband": true, "foxp3_gene_test": {"type": "T", "result": "P"}},
...  {"famid": "XLK01", "name": "dad", "sex": "M", "mother": "gm", "father": "gd",
...   "noparents": true},
...  {"famid": "XLK01", "name": "son", "sex": "M", "mother": "mum", "father": "dad",
...   "ipex_diagnosis_age": 0, "status": "1"}
... ]''')
>>> ped["dad"].mother is None, ped["son"].affected, ped["son"].onset_age, ped["son"].deceased
(True, True, 0, True)
>>> ped["mum"].tests[0].result, ped["mum"].tests[0].method
(<TestResult.POSITIVE: 'positive'>, 'targeted')
>>> text, lost = dumps(ped)
>>> loads(text) == ped, lost
(True, [])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .. import _values
from .._input import parse_json
from ..errors import PedigreeError, Problem, ReadError, XlinkedError
from ..model import (
    Adoption,
    Condition,
    GeneticTest,
    Individual,
    Pedigree,
    Pregnancy,
    PregnancyOutcome,
    Sex,
    TestResult,
    TwinGroup,
    Union,
    Zygosity,
)
from . import _heads
from ._lines import placed
from ._lost import listing, lost_family_fields, lost_person_fields
from ._pedigreejs_layout import founder_places

__all__ = ["dumps", "families", "loads", "looks_like", "parse"]

# keys that only serve pedigreejs' layout: never a family relation, never kept
_LAYOUT = frozenset({"top_level", "noparents", "hidden", "id", "parent_node", "level",
                     "children", "parent", "x", "y", "depth"})
_MAPPED = frozenset({"name", "display_name", "sex", "mother", "father", "famid", "proband",
                     "status", "age", "yob", "mztwin", "dztwin", "affected", "adopted_in",
                     "adopted_out", "miscarriage", "termination", "stillbirth", "divorced",
                     "xlinked_placeholder"})
_OUTCOMES = {"miscarriage": PregnancyOutcome.MISCARRIAGE,
             "termination": PregnancyOutcome.TERMINATION,
             "stillbirth": PregnancyOutcome.STILLBIRTH}
_TEST_TYPES = {"S": "screening", "T": "targeted"}
_RESULTS = {"P": TestResult.POSITIVE, "N": TestResult.NEGATIVE, "HET": TestResult.POSITIVE,
            "HOM": TestResult.POSITIVE}
# our own keys inside a <gene>_gene_test object (pedigreejs keeps unknown keys)
_TEST_EXTRAS = ("gene", "method", "sensitivity", "specificity", "variant", "date", "lab", "note")
#: Marks the placeholder parents that :func:`dumps` adds; :func:`loads` drops them.
PLACEHOLDER = "xlinked_placeholder"
_TWIN_LABELS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The genes and cancers of pedigreejs' CanRisk setup: never the X-linked condition.
CANRISK_GENES = frozenset({"brca1", "brca2", "palb2", "atm", "chek2", "bard1", "rad51d", "rad51c",
                           "brip1", "hoxb13"})
CANRISK_DISEASES = frozenset({"breast_cancer", "breast_cancer2", "ovarian_cancer",
                              "prostate_cancer", "pancreatic_cancer"})


def looks_like(text: str) -> bool:
    """True when ``text`` is a JSON array (pedigreejs; native files are mappings)."""
    return _heads.json_array(text)


# -- reading ------------------------------------------------------------------


def families(text: str) -> list[str | None]:
    """The famids of a pedigreejs file in record order; ``[None]`` without famids."""
    try:
        data = _records(text, None)
    except ReadError:
        return [None]
    found = [str(r["famid"]) for r in data if isinstance(r, Mapping)
             and r.get("famid") not in (None, "") and not _truthy(r.get("hidden"))]
    return list(dict.fromkeys(found)) or [None]


def _condition_keys(records: list[Any], disease: str | None,
                    gene: str | None) -> tuple[str, str, bool]:
    """The diagnosis key's disease, the test's gene, and whether they were found in the file.

    When not given: ``ipex``/``FOXP3`` if the file uses them, else the one
    diagnosis key and the one gene that are not pedigreejs' cancers and CanRisk genes.
    """
    keys = {k for r in records if isinstance(r, Mapping) for k in r}
    diseases = {k[: -len("_diagnosis_age")] for k in keys if k.endswith("_diagnosis_age")}
    genes = {k[: -len("_gene_test")] for k in keys if k.endswith("_gene_test")}
    found = False
    if disease is None:
        others = sorted(diseases - CANRISK_DISEASES - {"ipex"})
        disease = "ipex" if "ipex" in diseases or len(others) != 1 else others[0]
        found = disease != "ipex"
    if gene is None:
        others = sorted(genes - CANRISK_GENES - {"foxp3"})
        gene = "FOXP3" if "foxp3" in genes or len(others) != 1 else others[0].upper()
        found = found or gene != "FOXP3"
    return disease, gene, found


def loads(text: str, *, source: str | None = None, family: str | None = None,
          disease: str | None = None, gene: str | None = None, unmarked: str = "unknown",
          screening_sensitivity: Any = 1) -> Pedigree:
    """Read pedigreejs JSON text.

    Parameters
    ----------
    text
        A JSON array of person objects (or an object holding one under
        ``"pedigree"`` or ``"dataset"``).
    source
        The file name, for messages.
    family
        The ``famid`` to read when the file holds several families.
    disease
        Which ``<disease>_diagnosis_age`` key means the condition. By default
        ``ipex``, or the one non-cancer diagnosis key of the file.
    gene
        Which ``<gene>_gene_test`` key is the test for the condition's variant.
        By default ``FOXP3``, or the one gene of the file that is not a CanRisk
        (cancer) gene. A gene or disease found this way sets
        ``pedigree.condition``. Tests for other genes are reported and kept in
        extensions.
    unmarked
        ``"unknown"`` (default) or ``"unaffected"``: how to read a person with
        neither ``affected`` nor a diagnosis age.
    screening_sensitivity
        Sensitivity given to ``S`` (mutation search) tests; 1 unless told.

    Raises
    ------
    ReadError
        The text is not JSON, or not an array.
    PedigreeError
        Every problem found, each naming the record (1-based), the person and
        the field.
    """
    return parse(text, source=source, family=family, disease=disease, gene=gene,
                 unmarked=unmarked, screening_sensitivity=screening_sensitivity)[0]


def parse(text: str, *, source: str | None = None, family: str | None = None,
          disease: str | None = None, gene: str | None = None, unmarked: str = "unknown",
          screening_sensitivity: Any = 1) -> tuple[Pedigree, list[str]]:
    """Like :func:`loads`, and also return warnings (one string each).

    >>> ped, warnings = parse('[{"name": "a", "sex": "F", "breast_cancer_diagnosis_age": 51}]')
    >>> warnings
    ["breast_cancer_diagnosis_age (1 person: 'a') is not ipex: ignored (kept in extensions)"]
    >>> dict(ped.extensions["pedigreejs"])
    {'records': {'a': {'breast_cancer_diagnosis_age': 51}}}
    """
    if unmarked not in ("unknown", "unaffected"):
        raise XlinkedError(f"unmarked must be 'unknown' or 'unaffected', "
                           f"got {_values.shown(unmarked)}")
    for what, value in (("disease", disease), ("gene", gene)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise XlinkedError(f"{what} must be a name, got {_values.shown(value)}")
    try:
        sensitivity = _values.probability(screening_sensitivity)
    except ValueError as exc:
        raise XlinkedError(f"screening_sensitivity {exc}") from None
    records = _records(text, source)
    problems: list[Problem] = []
    warnings: list[str] = []
    disease, gene, found = _condition_keys(records, disease, gene)
    reader = _Reader(disease.lower(), gene, unmarked == "unaffected", sensitivity, problems)
    parent_sex = _parent_sexes(records)
    # 1. which records are people; their names
    keep: list[tuple[int, Mapping[str, Any]]] = []
    dropped: set[str] = set()
    seen: dict[str, int] = {}
    for i, rec in enumerate(records, start=1):
        if not isinstance(rec, Mapping):
            kind = "null" if rec is None else type(rec).__name__
            problems.append(Problem(f"record {i}", f"must be an object like "
                                    f'{{"name": "II-1", "sex": "F"}}, found {kind}'))
            continue
        name = rec.get("name")
        if "name" not in rec or name in (None, ""):
            problems.append(Problem(f"record {i}", "name (the person's id) is missing"))
            continue
        if str(name) in seen:
            problems.append(Problem(f"record {i} (name {name!r})",
                                    f"name is used twice (also record {seen[str(name)]})"))
            continue
        seen[str(name)] = i
        if _truthy(rec.get("hidden")) or _truthy(rec.get(PLACEHOLDER)):
            dropped.add(str(name))
            continue
        keep.append((i, rec))
    keep = _one_family(keep, family, source, choose=not problems)
    # 2. people
    individuals: list[Individual] = []
    where_of: dict[str, str] = {}
    extensions: dict[str, dict[str, Any]] = {}
    twins: dict[tuple[Zygosity, str], list[str]] = {}
    probands: list[str] = []
    divorced: list[tuple[str, str, str]] = []
    ignored: dict[str, list[str]] = {}
    guessed: list[str] = []
    for i, rec in keep:
        if rec.get("sex") in (None, "") and str(rec["name"]) in parent_sex:
            rec = {**rec, "sex": parent_sex[str(rec["name"])]}
            guessed.append(str(rec["name"]))
        person = reader.person(i, rec, dropped)
        if person is None:
            continue
        where_of.setdefault(person.id, reader.where)
        individuals.append(person)
        if _flag(rec.get("proband"), "proband", reader.where, problems):
            probands.append(person.id)
        for kind, key in ((Zygosity.MZ, "mztwin"), (Zygosity.DZ, "dztwin")):
            if rec.get(key) not in (None, "", 0, "0", False):
                twins.setdefault((kind, str(rec[key])), []).append(person.id)
        if rec.get("divorced") not in (None, "", False):
            divorced.append((reader.where, person.id, str(rec["divorced"])))
        extra = {k: v for k, v in rec.items()
                 if k not in _MAPPED and k not in _LAYOUT and not reader.is_mapped(k, v)}
        for key in extra:
            if key.endswith(("_diagnosis_age", "_gene_test")):
                ignored.setdefault(key, []).append(person.id)
        if extra:
            extensions[person.id] = extra
    for key, who in ignored.items():
        people = "person" if len(who) == 1 else "people"
        if key.endswith("_gene_test"):
            warnings.append(f"{key} ({len(who)} {people}: {listing(who)}): tests of a gene "
                            f"other than {gene} are not used (kept in extensions; name the "
                            "condition's gene with --gene)")
        else:
            warnings.append(f"{key} ({len(who)} {people}: {listing(who)}) is not {disease}: "
                            "ignored (kept in extensions)")
    if guessed:
        warnings.append(f"sex missing, taken from the role as a parent ({listing(guessed)})")
    fields: dict[str, Any] = {}
    if len(probands) > 1:
        problems.append(Problem(where_of[probands[1]],
                                f"proband is set on more than one person (also {probands[0]!r})"))
    elif probands:
        fields["proband"] = probands[0]
    famids = {str(rec["famid"]) for _, rec in keep if rec.get("famid") not in (None, "")}
    if famids:
        fields["family"] = famids.pop()
    groups: list[tuple[str, TwinGroup]] = []
    for (kind, label), members in twins.items():
        key = "mztwin" if kind is Zygosity.MZ else "dztwin"
        if len(members) < 2:
            problems.append(Problem(where_of[members[0]],
                                    f"{key} {label!r} is not shared with anybody "
                                    "(twins share one label)"))
        else:
            groups.append((f"{key} {label!r}", TwinGroup(tuple(members), kind)))
    fields["twins"] = [g for _, g in groups]
    unions: dict[frozenset[str], Union] = {}
    for where, a, b in divorced:
        if b in dropped:
            continue
        if a == b:
            problems.append(Problem(where, "divorced names the person themselves"))
        unions.setdefault(frozenset((a, b)), Union((a, b), separated=True))
    fields["unions"] = list(unions.values())
    if extensions:
        fields["extensions"] = {"pedigreejs": {"records": extensions}}
    if found:
        fields["condition"] = Condition(name=disease if disease != "ipex" else gene, gene=gene)
    if not individuals and not problems:
        problems.append(Problem("", "the file has no people (every record is hidden)"))
    if not problems:
        try:
            return Pedigree(individuals, **fields), warnings
        except PedigreeError as exc:
            for p in exc.problems:
                twin = re.match(r"twins\[(\d+)\]$", p.where)
                union = re.match(r"unions\[(\d+)\]$", p.where)
                if twin:
                    p = Problem(f"the twins with {groups[int(twin.group(1))][0]}", p.message)
                elif union:
                    a = fields["unions"][int(union.group(1))].partners[0]
                    p = Problem(where_of.get(a, p.where), f"divorced: {p.message}")
                problems.append(placed(p, where_of))
    raise PedigreeError(_in_record_order(list(dict.fromkeys(problems))), source=source)


def _parent_sexes(records: list[Any]) -> dict[str, str]:
    """Names used as a mother (``F``) or a father (``M``) by records that are not layout-only."""
    out: dict[str, str] = {}
    for rec in records:
        if isinstance(rec, Mapping) and not _truthy(rec.get("noparents")):
            for role, sex in (("mother", "F"), ("father", "M")):
                if rec.get(role) not in (None, ""):
                    out.setdefault(str(rec[role]), sex)
    return out


def _records(text: str, source: str | None) -> list[Any]:
    data = parse_json(text, source=source)
    if isinstance(data, Mapping):
        for key in ("pedigree", "dataset"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list):
        kind = "an object" if isinstance(data, Mapping) else type(data).__name__
        raise ReadError("not a pedigreejs file: expected a JSON array of people like "
                        f'[{{"name": "II-1", "sex": "F"}}, ...], found {kind}', source=source)
    if not data:
        raise ReadError("the pedigreejs array is empty", source=source)
    return data


def _one_family(keep: list[tuple[int, Mapping[str, Any]]], family: str | None,
                source: str | None, *, choose: bool = True) -> list[tuple[int, Mapping[str, Any]]]:
    """The records of ``family``; without one, all of them, or an error asking to choose
    when there are several famids (unless ``choose`` is false: broken records come first)."""
    famids = list(dict.fromkeys(str(rec["famid"]) for _, rec in keep
                                if rec.get("famid") not in (None, "")))
    if family is not None:
        if family not in famids:
            raise ReadError(f"no famid {family!r} in the file (found {', '.join(famids)})",
                            source=source)
        return [(i, rec) for i, rec in keep if str(rec.get("famid")) == family]
    if len(famids) > 1 and choose:
        raise ReadError(f"the file holds {len(famids)} families (famid {', '.join(famids[:5])}); "
                        "choose one with --family", source=source)
    return keep


class _Reader:
    """Turns one record into an :class:`Individual`, collecting problems."""

    def __init__(self, disease: str, gene: str, unaffected: bool, sensitivity: Any,
                 problems: list[Problem]):
        self.diagnosis = f"{disease}_diagnosis_age"
        self.gene = gene
        self.test_key = f"{gene.lower()}_gene_test"
        self.unaffected = unaffected
        self.sensitivity = sensitivity
        self.problems = problems
        self.where = ""

    def is_mapped(self, key: str, value: Any) -> bool:
        if key == self.diagnosis:
            return True
        return key.endswith("_gene_test") and (
            key == self.test_key or (isinstance(value, Mapping) and "gene" in value))

    def problem(self, message: str) -> None:
        self.problems.append(Problem(self.where, message))

    def person(self, i: int, rec: Mapping[str, Any], dropped: set[str]) -> Individual | None:
        name = rec["name"]
        self.where = f"record {i} (name {name!r})"
        before = len(self.problems)
        pid = self.text(name, "name")
        try:
            sex = Sex.UNKNOWN if rec.get("sex") in (None, "") else Sex.parse(rec.get("sex"))
        except ValueError:
            self.problem(f"sex must be M, F or U, got {_values.shown(rec.get('sex'))}")
        fields: dict[str, Any] = {}
        if not _truthy(rec.get("noparents")):
            for role in ("mother", "father"):
                parent = rec.get(role)
                if parent not in (None, "") and str(parent) not in dropped:
                    fields[role] = self.text(parent, role)
        label = rec.get("display_name")
        if isinstance(label, int | float) and not isinstance(label, bool):
            label = str(label)
        if label not in (None, "", name, str(name)):
            try:
                fields["label"] = _values.text(label)
            except ValueError as exc:
                self.problem(f"display_name {exc}")
        status = rec.get("status")
        if status in (1, "1", True):
            fields["deceased"] = True
        elif status not in (None, "", 0, "0", False):
            self.problem(f"status must be 0 (alive) or 1 (deceased), got {_values.shown(status)}")
        fields["age"] = self.number(rec, "age", whole=False)
        fields["birth_year"] = self.number(rec, "yob", whole=True)
        fields["affected"] = self.affected(rec)
        if fields["affected"] and rec.get(self.diagnosis) not in (None, "", "AU"):
            fields["onset_age"] = self.number(rec, self.diagnosis, whole=False)
        adopted = [a for a in ("in", "out") if _flag(rec.get(f"adopted_{a}"), f"adopted_{a}",
                                                      self.where, self.problems)]
        if len(adopted) > 1:
            self.problem("adopted_in and adopted_out are both set")
        elif adopted:
            fields["adopted"] = Adoption(adopted[0])
        outcomes = [o for o in _OUTCOMES if _flag(rec.get(o), o, self.where, self.problems)]
        if len(outcomes) > 1:
            self.problem(f"{' and '.join(outcomes)} are all set; choose one")
        elif outcomes:
            fields["pregnancy"] = Pregnancy(outcome=_OUTCOMES[outcomes[0]])
        if rec.get("mztwin") not in (None, "", 0, "0", False) and rec.get("dztwin") not in (
                None, "", 0, "0", False):
            self.problem("mztwin and dztwin are both set")
        fields["tests"] = tuple(
            t for key, value in rec.items() if self.is_mapped(key, value)
            and key.endswith("_gene_test") and (t := self.test(key, value)) is not None)
        if len(self.problems) > before:
            return None
        try:
            return Individual(pid, sex, **{k: v for k, v in fields.items() if v is not None})
        except PedigreeError as exc:
            self.problems += [Problem(self.where, p.message) for p in exc.problems]
            return None

    def text(self, value: Any, key: str) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # JSON numbers cannot lose leading zeros
        if isinstance(value, str) and value.strip():
            try:
                return _values.check_text(value)
            except ValueError as exc:
                self.problem(f"{key} {exc}")
                return ""
        self.problem(f"{key} must be a non-empty string, got {_values.shown(value)}")
        return ""

    def number(self, rec: Mapping[str, Any], key: str, *, whole: bool) -> Any:
        """An age (or, ``whole``, a birth year) within the bounds every format shares."""
        raw = rec.get(key)
        if raw in (None, ""):
            return None
        value: Any = raw
        if isinstance(raw, str):
            try:
                value = float(raw) if len(raw) <= _values.MAX_NUMBER_CHARS else raw
            except ValueError:
                value = raw
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return _values.birth_year(value) if whole else _values.age(value)
        except ValueError as exc:
            self.problem(f"{key} {exc}")
            return None

    def affected(self, rec: Mapping[str, Any]) -> bool | None:
        flag = None
        if "affected" in rec:
            flag = _affected_flag(rec["affected"])
            if flag is None and rec["affected"] is not None:
                self.problem(f"affected must be true or false, got {rec['affected']!r}")
        if rec.get(self.diagnosis) not in (None, ""):
            if flag is False:
                self.problem(f"affected is false but {self.diagnosis} is given")
            return True
        if flag is None and self.unaffected:
            return False
        return flag

    def test(self, key: str, value: Any) -> GeneticTest | None:
        label = f"{key}"
        if not isinstance(value, Mapping):
            self.problem(f'{label} must be an object like {{"type": "S", "result": "N"}}, '
                         f"got {value!r}")
            return None
        kind, result = str(value.get("type", "0")), str(value.get("result", "0"))
        if kind == "0" or result == "0":
            return None  # untested
        if kind not in _TEST_TYPES:
            self.problem(f"{label} type must be S (mutation search), T (direct test) or 0, "
                         f"got {kind!r}")
            return None
        if result not in _RESULTS:
            self.problem(f"{label} result must be P (positive), N (negative) or 0, got {result!r}")
            return None
        fields: dict[str, Any] = {"result": _RESULTS[result], "method": _TEST_TYPES[kind]}
        if kind == "S":
            fields["sensitivity"] = self.sensitivity
        if key != self.test_key:
            fields["gene"] = key[: -len("_gene_test")].upper()
        fields.update({k: value[k] for k in _TEST_EXTRAS if k in value})
        try:
            return GeneticTest(**fields)
        except ValueError as exc:
            self.problem(f"{label}: {exc}")
            return None


def _truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", "0", "false")


def _flag(value: Any, key: str, where: str, problems: list[Problem]) -> bool:
    """A pedigreejs flag: true/1/"true" or absent/false/0."""
    if value in (None, False, 0, "", "0", "false"):
        return False
    if value in (True, 1, "1", "true"):
        return True
    problems.append(Problem(where, f"{key} must be true or false, got {value!r}"))
    return False


def _affected_flag(value: Any) -> bool | None:
    """pedigreejs ``affected``: any true value (pedigreejs' PED import writes 2)."""
    if value in (False, 0, "0", "false", ""):
        return False
    if value is True or value in ("true", "1", "2") or (
            isinstance(value, int | float) and value != 0):
        return True
    return None


def _in_record_order(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by record number (stable; problems without one stay last)."""
    def key(problem: Problem) -> int:
        match = re.match(r"record (\d+)\b", problem.where)
        return int(match.group(1)) if match else 1 << 30
    return sorted(problems, key=key)


# -- writing ------------------------------------------------------------------


def dumps(pedigree: Pedigree, *, disease: str | None = None) -> tuple[str, list[str]]:
    """pedigreejs JSON for ``pedigree``, and what pedigreejs could not hold.

    Founders of the top generation get ``top_level``; people who married in
    get ``noparents`` with their partner's parents as layout-only parents (as
    pedigreejs itself does); a child with one known parent gets a placeholder
    for the other parent (pedigreejs needs both or none), marked
    ``"xlinked_placeholder": true`` so that :func:`loads` drops it again.

    Tests are written as ``<gene>_gene_test`` for the condition's gene (FOXP3
    unless ``pedigree.condition`` says otherwise), affection with onset as
    ``<disease>_diagnosis_age`` (``ipex`` for FOXP3, else the gene in lower
    case, unless ``disease`` is given); :func:`loads` finds both again. A
    divorce is written on the woman (``divorced``: the man's name), where
    pedigreejs looks for it.
    """
    lost: list[str] = []
    gene = (pedigree.condition.gene if pedigree.condition and pedigree.condition.gene
            else "FOXP3")
    if disease is None:
        disease = "ipex" if gene.upper() == "FOXP3" else gene.lower()
    famid = pedigree.family or "FAM1"
    stored = _stored_records(pedigree)
    # parents with placeholders for the missing one
    taken = set(pedigree.ids)
    parents: dict[str, tuple[str | None, str | None]] = {}
    placeholders: dict[tuple[str, str], str] = {}
    for p in pedigree.individuals:
        mother, father = p.mother, p.father
        if (mother is None) != (father is None):
            known = str(mother or father)
            role = "father" if father is None else "mother"
            if (known, role) not in placeholders:
                base = name = f"{known}-{role}"
                n = 1
                while name in taken:
                    n += 1
                    name = f"{base}-{n}"
                taken.add(name)
                placeholders[(known, role)] = name
            if role == "father":
                father = placeholders[(known, role)]
            else:
                mother = placeholders[(known, role)]
        parents[p.id] = (mother, father)
    if placeholders:
        added = ", ".join(f"{name!r} with {known!r}" for (known, _), name in placeholders.items())
        lost.append(f"a child with one parent only (pedigreejs needs both or none; "
                    f"placeholder parents added: {added})")
    layout = founder_places(pedigree, parents, placeholders)
    twin_key: dict[str, tuple[str, str]] = {}
    labels = iter(_TWIN_LABELS)
    lost_twins = []
    for group in pedigree.twins:
        label = next(labels, None) if group.zygosity is not Zygosity.UNKNOWN else None
        if label is None:
            lost_twins.append("/".join(group.members))
            continue
        key = "mztwin" if group.zygosity is Zygosity.MZ else "dztwin"
        twin_key.update(dict.fromkeys(group.members, (key, label)))
    if lost_twins:
        lost.append(f"twins of unknown zygosity ({', '.join(lost_twins)})")
    divorced: dict[str, str] = {}
    lost_unions = []
    couples = {frozenset(pair) for pair in parents.values()}
    for u in pedigree.unions:
        if u.separated:
            woman, man = u.partners
            if pedigree[man].sex is Sex.FEMALE and pedigree[woman].sex is not Sex.FEMALE:
                woman, man = man, woman
            if woman in divorced:
                lost_unions.append("/".join(u.partners))
            else:
                divorced[woman] = man
                if pedigree[woman].sex is not Sex.FEMALE or pedigree[man].sex is Sex.FEMALE:
                    divorced.setdefault(man, woman)  # no mother in the couple: mark both
        if u.consanguineous is not None or u.note is not None or (
                not u.separated and frozenset(u.partners) not in couples):
            lost_unions.append("/".join(u.partners))
    if lost_unions:
        lost.append(f"childless couples and consanguinity or notes on couples "
                    f"({', '.join(lost_unions)})")
    records: list[dict[str, Any]] = []
    refused: set[str] = set()
    written_placeholders: set[str] = set()
    lost_tests: list[str] = []
    lost_pregnancy: list[str] = []
    lost_onset: list[str] = []
    # each placeholder goes just before the first child of its known parent
    by_parent: dict[str, list[tuple[int, str, str]]] = {}
    for k, ((known, role), name) in enumerate(placeholders.items()):
        by_parent.setdefault(known, []).append((k, role, name))
    for p in pedigree.individuals:
        due = sorted(x for parent in dict.fromkeys(parents[p.id]) if parent is not None
                     for x in by_parent.get(parent, ()))
        for _, role, name in due:
            if name not in written_placeholders:
                written_placeholders.add(name)
                stub: dict[str, Any] = {"famid": famid, "name": name, "display_name": "unknown",
                                        "sex": "M" if role == "father" else "F",
                                        PLACEHOLDER: True}
                records.append(_with_layout(stub, layout[name]))
        rec: dict[str, Any] = {"famid": famid, "name": p.id, "display_name": p.label or p.id,
               "sex": p.sex.value}
        mother, father = parents[p.id]
        if mother is not None and father is not None:
            rec["mother"], rec["father"] = mother, father
        else:
            rec = _with_layout(rec, layout[p.id])
        if pedigree.proband == p.id:
            rec["proband"] = True
        if p.deceased:
            rec["status"] = 1
        if p.age is not None:
            rec["age"] = p.age
        if p.birth_year is not None:
            rec["yob"] = p.birth_year
        if p.affected is not None:
            rec["affected"] = p.affected
        if p.onset_age is not None:
            if p.affected:
                rec[f"{disease}_diagnosis_age"] = p.onset_age
            else:
                lost_onset.append(p.id)
        if p.id in twin_key:
            key, label = twin_key[p.id]
            rec[key] = label
        if p.adopted is not None:
            rec[f"adopted_{p.adopted.value}"] = True
        if p.pregnancy is not None:
            outcome = p.pregnancy.outcome
            if outcome is not None and outcome.value in _OUTCOMES:
                rec[outcome.value] = True
            if outcome is None or outcome.value not in _OUTCOMES or p.pregnancy.weeks is not None:
                lost_pregnancy.append(p.id)
        if p.id in divorced:
            rec["divorced"] = divorced[p.id]
        for t in p.tests:
            t_gene = t.gene or gene
            key = f"{t_gene.lower()}_gene_test"
            if t.result is TestResult.INCONCLUSIVE or key in rec:
                lost_tests.append(p.id)
                continue
            rec[key] = _test_record(t, t_gene if t.gene is not None else None, gene)
        for key, value in stored.get(p.id, {}).items():
            if _keepable(key, value, disease, gene):
                rec.setdefault(key, value)
            else:
                refused.add(key)
        records.append(rec)
    if lost_tests:
        lost.append(f"inconclusive results and second results for one gene "
                    f"({listing(sorted(set(lost_tests)))})")
    if lost_pregnancy:
        lost.append(f"ongoing pregnancies, weeks and ectopic outcomes ({listing(lost_pregnancy)})")
    if lost_onset:
        lost.append(f"onset age of people not marked affected ({listing(lost_onset)})")
    if refused:
        lost.append(f"kept pedigreejs keys that would change the family or its phenotypes "
                    f"({listing(sorted(refused))})")
    lost += _lost_fields(pedigree)
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n", lost


def _keepable(key: str, value: Any, disease: str, gene: str) -> bool:
    """Whether a kept key may be written back: only keys the reader keeps again, never
    one that sets a relation, a person's data or the condition's phenotype and test."""
    if key in _MAPPED or key in _LAYOUT or key == PLACEHOLDER:
        return False
    if key == f"{disease.lower()}_diagnosis_age":
        return False
    return not (key.endswith("_gene_test") and (
        key == f"{gene.lower()}_gene_test" or isinstance(value, Mapping) and "gene" in value))


def _with_layout(rec: dict[str, Any], place: tuple[str, str] | None) -> dict[str, Any]:
    if place is None:
        rec["top_level"] = True
    else:
        rec["mother"], rec["father"] = place
        rec["noparents"] = True
    return rec


def _test_record(t: GeneticTest, explicit_gene: str | None, gene: str) -> dict[str, Any]:
    kind = "T" if t.method == "targeted" else "S"
    out: dict[str, Any] = {"type": kind, "result": "P" if t.result is TestResult.POSITIVE
                           else "N"}
    if t.method != _TEST_TYPES[kind]:
        out["method"] = t.method
    if explicit_gene is not None:
        out["gene"] = explicit_gene
    for key in ("sensitivity", "specificity"):
        value = getattr(t, key)
        if value != 1 or (kind == "S" and key == "sensitivity"):
            out[key] = _values.format_fraction(value)
    for key in ("variant", "date", "lab", "note"):
        if getattr(t, key) is not None:
            out[key] = getattr(t, key)
    return out


def _stored_records(pedigree: Pedigree) -> dict[str, Mapping[str, Any]]:
    ext = pedigree.extensions.get("pedigreejs")
    if not isinstance(ext, Mapping) or not isinstance(ext.get("records"), Mapping):
        return {}
    return {str(k): v for k, v in ext["records"].items() if isinstance(v, Mapping)}


def _lost_fields(pedigree: Pedigree) -> list[str]:
    lost = lost_person_fields(
        pedigree, ("hypothetical", "carrier measurements",
                   "evaluated", "gender", "clinical features", "note"))
    return lost + lost_family_fields(pedigree, extension="pedigreejs", holds_proband=True)
