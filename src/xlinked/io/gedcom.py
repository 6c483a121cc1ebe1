r"""GEDCOM 5.5.1 and 7.0 files, as genealogy programs export them.

Every line is ``LEVEL [@XREF@] TAG [VALUE]``. A person is an ``INDI`` record
(``NAME``, ``SEX``, ``BIRT``/``DATE``, ``DEAT``, ``NOTE``, ``FAMC``); a couple and
their children are a ``FAM`` record (``HUSB``, ``WIFE``, ``CHIL``). The reader
takes from them:

* the person's id: the record's xref without ``@`` (``@I1@`` -> ``I1``), or the
  ``REFN`` of ``TYPE xlinked`` that :func:`dumps` writes;
* ``label`` from the first ``NAME`` (slashes around the surname removed), ``sex``
  from ``SEX`` (``X`` and missing are unknown), ``birth_year`` from the year of
  the birth date (``ABT 1950`` -> 1950, reported), ``deceased`` from any ``DEAT``,
  ``note`` from ``NOTE`` (continued lines and shared notes resolved);
* parents from the families the person is a *birth* child of: ``PEDI
  adopted``/``foster``/``sealing`` links (and ``_FREL``/``_MREL`` other than
  natural/birth, or an ``ADOP`` event) never make parents; an adopted person
  is read ``adopted: in``;
* the husband/wife roles are not sex (GEDCOM 7): a parent's sex is their
  ``SEX``; only when it is missing is it taken from the role, with a warning;
* childless or divorced couples (``DIV``) as unions;
* our extension tag ``_XLK_AFFECTED Y``/``N`` as affection (genealogy files
  carry no phenotype: everyone else is read with affection unknown).

Everything else (places, sources, events, media) is ignored. The whole file is
read as one family: unconnected branches are reported by ``validate``.

:func:`dumps` writes GEDCOM 7.0 for genealogy programs (names, sex, birth
years, deaths, notes, couples and children).

>>> ped = loads('''0 HEAD
... 1 GEDC
... 2 VERS 5.5.1
... 0 @I1@ INDI
... 1 NAME Beth /Example/
... 1 SEX F
... 1 FAMS @F1@
... 0 @I2@ INDI
... 1 NAME Colin /Example/
... 1 SEX M
... 1 BIRT
... 2 DATE 12 MAR 1968
... 1 DEAT Y
... 1 FAMC @F1@
... 0 @F1@ FAM
... 1 WIFE @I1@
... 1 CHIL @I2@
... 0 TRLR''')
>>> ped["I2"].mother, ped["I2"].label, ped["I2"].birth_year, ped["I2"].deceased
('I1', 'Colin Example', 1968, True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import _values
from ..errors import PedigreeError, Problem, ReadError
from ..model import Adoption, Individual, Pedigree, Sex, Union
from . import _heads
from ._lines import by_line, placed
from ._lost import listing, lost_family_fields, lost_person_fields

__all__ = ["dumps", "loads", "looks_like", "parse"]

_LINE = re.compile(r"^\s*(\d{1,2})\s+(?:(@[^@\s]+@)\s+)?([A-Za-z0-9_]+)(?:\s(.*))?$")
_YEAR = re.compile(r"\b(\d{4})\b")
_QUALIFIED = re.compile(r"^\s*(ABT|EST|CAL|BEF|AFT|BET|FROM|TO|INT)\b", re.IGNORECASE)
_NOT_BIRTH = frozenset({"ADOPTED", "FOSTER", "SEALING", "OTHER"})
_BIRTH_RELATIONS = frozenset({"", "NATURAL", "BIRTH", "BIOLOGICAL"})
_XREF = re.compile(r"^[A-Z0-9_]{1,20}$")


def looks_like(text: str) -> bool:
    """True when the file starts with a GEDCOM header line ``0 HEAD``."""
    return _heads.gedcom(text)


@dataclass
class _Node:
    level: int
    xref: str | None
    tag: str
    value: str
    line: int
    children: list[_Node] = field(default_factory=list)

    def first(self, tag: str) -> _Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]


def _parse_lines(text: str, problems: list[Problem]) -> list[_Node]:
    records: list[_Node] = []
    stack: list[_Node] = []
    for n, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            problems.append(Problem(f"line {n}", f"not a GEDCOM line (LEVEL [@XREF@] TAG "
                                    f"[VALUE]): {raw.strip()[:40]!r}"))
            continue
        level, xref, tag, value = (int(match.group(1)), match.group(2), match.group(3).upper(),
                                   match.group(4) or "")
        if level > len(stack):
            problems.append(Problem(f"line {n}", f"level {level} follows level "
                                    f"{len(stack) - 1}: a level can go down by one at most"))
            continue
        del stack[level:]
        if tag in ("CONT", "CONC") and stack:
            parent = stack[-1]
            parent.value += ("\n" if tag == "CONT" else "") + value
            continue
        node = _Node(level, xref.strip("@") if xref else None, tag, value.replace("@@", "@"), n)
        if level == 0:
            records.append(node)
        else:
            stack[-1].children.append(node)
        stack.append(node)
    return records


def _pointer(value: str) -> str | None:
    value = value.strip()
    if value.startswith("@") and value.endswith("@") and value != "@VOID@" and len(value) > 2:
        return value[1:-1]
    return None


def loads(text: str, *, source: str | None = None) -> Pedigree:
    """Read GEDCOM text (5.5.1 or 7.0)."""
    return parse(text, source=source)[0]


def parse(text: str, *, source: str | None = None) -> tuple[Pedigree, list[str]]:
    """Like :func:`loads`, and also return warnings.

    Raises
    ------
    ReadError
        Not a GEDCOM file, or no ``INDI`` record in it.
    PedigreeError
        Every problem found, each naming the line and the record.
    """
    if not looks_like(text):
        raise ReadError("not a GEDCOM file: the first line must be '0 HEAD'", source=source)
    problems: list[Problem] = []
    warnings: list[str] = []
    records = _parse_lines(text, problems)
    people = {r.xref: r for r in records if r.tag == "INDI" and r.xref}
    if not people and not problems:
        raise ReadError("the GEDCOM file has no INDI (person) records", source=source)
    notes = {r.xref: r.value for r in records if r.tag in ("NOTE", "SNOTE") and r.xref}
    fams = {r.xref: r for r in records if r.tag == "FAM" and r.xref}
    ids = {xref: _refn(rec) or xref for xref, rec in people.items()}
    if len(set(ids.values())) != len(ids):
        ids = {xref: xref for xref in people}
    # links: which families a person is a birth child of, and which adopted them
    birth: dict[str, list[str]] = {x: [] for x in people}
    adopted: set[str] = set()
    other_links: list[str] = []
    for fam_id, fam in fams.items():
        for chil in fam.all("CHIL"):
            child = _pointer(chil.value)
            if child not in people:
                if child is not None:
                    problems.append(Problem(f"line {chil.line} (family {fam_id!r})",
                                            f"CHIL @{child}@ is not an INDI record"))
                continue
            kind = _child_link(people[child], fam_id, chil)
            if kind == "birth":
                birth[child].append(fam_id)
            elif kind == "ADOPTED":
                adopted.add(child)
            else:
                other_links.append(ids[child])
    for xref, rec in people.items():  # FAMC without a CHIL in the family (one-sided links)
        for famc in rec.all("FAMC"):
            linked = _pointer(famc.value)
            if linked is None:
                continue
            fam_id = linked
            if fam_id in fams and fam_id not in birth[xref] and not any(
                    _pointer(c.value) == xref for c in fams[fam_id].all("CHIL")):
                kind = _child_link(rec, fam_id, None)
                if kind == "birth":
                    birth[xref].append(fam_id)
                elif kind == "ADOPTED":
                    adopted.add(xref)
    if other_links:
        warnings.append(f"foster and other non-birth child links are not parents (ignored: "
                        f"{listing(sorted(set(other_links)))})")
    sexes = {x: _sex(rec) for x, rec in people.items()}
    parents: dict[str, dict[str, str]] = {x: {} for x in people}
    guessed: list[str] = []
    for xref in people:
        if len(birth[xref]) > 1:
            problems.append(Problem(f"line {people[xref].line} (INDI {ids[xref]!r})",
                                    "is a birth child of two families "
                                    f"(@{birth[xref][0]}@ and @{birth[xref][1]}@)"))
            continue
        for fam_id in birth[xref]:
            fam = fams[fam_id]
            for role_tag, sex in (("HUSB", Sex.MALE), ("WIFE", Sex.FEMALE)):
                node = fam.first(role_tag)
                partner = _pointer(node.value) if node else None
                if partner is None:
                    continue
                if partner not in people:
                    problems.append(Problem(f"line {node.line} (family {fam_id!r})" if node
                                            else f"family {fam_id!r}",
                                            f"{role_tag} @{partner}@ is not an INDI record"))
                    continue
                if sexes[partner] is Sex.UNKNOWN:
                    sexes[partner] = sex
                    guessed.append(ids[partner])
                own = sexes[partner]
                actual = "father" if own is Sex.MALE else "mother"
                if actual in parents[xref]:
                    problems.append(Problem(
                        f"line {fam.line} (family {fam_id!r})",
                        f"both partners are {'male' if own is Sex.MALE else 'female'}: "
                        f"a child ({ids[xref]!r}) has one mother and one father by birth"))
                    continue
                parents[xref][actual] = ids[partner]
    if guessed:
        warnings.append(f"sex not recorded, taken from the role in the family (HUSB male, WIFE "
                        f"female): {listing(sorted(set(guessed)))}")
    approximate: list[str] = []
    early: list[str] = []
    individuals: list[Individual] = []
    lines: dict[str, int] = {}
    for xref, rec in people.items():
        pid = ids[xref]
        lines[pid] = rec.line
        fields: dict[str, Any] = dict(parents[xref])
        name = rec.first("NAME")
        if name is not None and name.value.strip():
            fields["label"] = " ".join(name.value.replace("/", " ").split())
        birt = rec.first("BIRT")
        date = birt.first("DATE") if birt else None
        if date is not None:
            year = _YEAR.search(date.value)
            if year and not _values.MIN_YEAR <= int(year.group(1)) <= _values.MAX_YEAR:
                early.append(pid)  # a genealogy reaching back beyond what xlinked holds
            elif year:
                fields["birth_year"] = int(year.group(1))
                if _QUALIFIED.match(date.value):
                    approximate.append(pid)
        if rec.first("DEAT") is not None:
            fields["deceased"] = True
        texts = [notes.get(_pointer(n.value) or "", "") if _pointer(n.value) else n.value
                 for n in rec.all("NOTE") + rec.all("SNOTE")]
        if any(t.strip() for t in texts):
            fields["note"] = "\n".join(t for t in texts if t.strip())
        affected = rec.first("_XLK_AFFECTED")
        if affected is not None:
            value = affected.value.strip().upper()
            if value in ("Y", "N"):
                fields["affected"] = value == "Y"
            else:
                problems.append(Problem(f"line {affected.line} (INDI {pid!r})",
                                        f"_XLK_AFFECTED must be Y or N, got {affected.value!r}"))
        if xref in adopted:
            fields["adopted"] = Adoption.IN
        try:
            individuals.append(Individual(pid, sexes[xref], **fields))
        except PedigreeError as exc:
            problems += [Problem(f"line {rec.line} (INDI {pid!r})", p.message)
                         for p in exc.problems]
    if approximate:
        warnings.append(f"approximate birth dates read as their year "
                        f"({listing(approximate)})")
    if early:
        warnings.append(f"birth years outside {_values.MIN_YEAR}-{_values.MAX_YEAR} left out "
                        f"({listing(early)})")
    unions = _unions(fams, people, ids, birth)
    if not problems:
        try:
            return Pedigree(individuals, unions=unions), warnings
        except PedigreeError as exc:
            places = {pid: f"line {n} (INDI {pid!r})" for pid, n in lines.items()}
            problems += [placed(p, places) for p in exc.problems]
    raise PedigreeError(by_line(problems), source=source)


def _refn(rec: _Node) -> str | None:
    for refn in rec.all("REFN"):
        kind = refn.first("TYPE")
        if kind is not None and kind.value.strip().lower() == "xlinked" and refn.value.strip():
            return refn.value.strip()
    return None


def _sex(rec: _Node) -> Sex:
    node = rec.first("SEX")
    value = node.value.strip().upper() if node else ""
    return {"M": Sex.MALE, "F": Sex.FEMALE}.get(value, Sex.UNKNOWN)


def _child_link(person: _Node, fam_id: str, chil: _Node | None) -> str:
    """``birth``, ``ADOPTED``, or another kind of link between a child and a family."""
    for famc in person.all("FAMC"):
        if _pointer(famc.value) == fam_id:
            pedi = famc.first("PEDI")
            kind = pedi.value.strip().upper() if pedi else ""
            if kind in _NOT_BIRTH:
                return kind
    for adop in person.all("ADOP"):
        link = adop.first("FAMC")
        if link is not None and _pointer(link.value) == fam_id:
            return "ADOPTED"
    if chil is not None:
        for tag in ("_FREL", "_MREL"):
            rel = chil.first(tag)
            kind = rel.value.strip().upper() if rel else ""
            if kind not in _BIRTH_RELATIONS:
                return "ADOPTED" if kind.startswith("ADOPT") else kind
    return "birth"


def _unions(fams: Mapping[str, _Node], people: Mapping[str, _Node], ids: Mapping[str, str],
            birth: Mapping[str, list[str]]) -> list[Union]:
    """Couples without birth children, or divorced: the ones a pedigree needs as unions."""
    children = {f for fams_of in birth.values() for f in fams_of}
    out: dict[frozenset[str], Union] = {}
    for fam_id, fam in fams.items():
        pair = [_pointer(n.value) for tag in ("HUSB", "WIFE") if (n := fam.first(tag))]
        partners = [ids[p] for p in pair if p is not None and p in people]
        divorced = fam.first("DIV") is not None
        if len(partners) != 2 or partners[0] == partners[1]:
            continue
        if fam_id in children and not divorced:
            continue
        out.setdefault(frozenset(partners), Union((partners[0], partners[1]),
                                                   separated=divorced))
    return list(out.values())


# -- writing ------------------------------------------------------------------


def dumps(pedigree: Pedigree) -> tuple[str, list[str]]:
    """GEDCOM 7.0 text for ``pedigree``, and what GEDCOM could not hold.

    Ids become xrefs (``@I1@``...; each id is kept as ``REFN`` of ``TYPE
    xlinked``), labels become ``NAME``, affection our ``_XLK_AFFECTED`` tag.
    Labels are written as they are: anonymise them first if the file leaves
    the clinic.
    """
    xref: dict[str, str] = {}
    taken: set[str] = set()
    for i, p in enumerate(pedigree.individuals, start=1):
        candidate = p.id if _XREF.match(p.id) and p.id != "VOID" else f"I{i}"
        while candidate in taken:
            candidate = f"I{i}_{len(taken)}"
        taken.add(candidate)
        xref[p.id] = candidate
    families: dict[tuple[str | None, str | None], list[str]] = {}
    for p in pedigree.individuals:
        if p.mother or p.father:
            families.setdefault((p.father, p.mother), []).append(p.id)
    for u in pedigree.unions:
        a, b = (pedigree[u.partners[0]], pedigree[u.partners[1]])
        father, mother = (a.id, b.id) if a.sex is Sex.MALE or b.sex is Sex.FEMALE else (b.id, a.id)
        if (father, mother) not in families and (mother, father) not in families:
            families[(father, mother)] = []
    fam_id = {key: f"F{n}" for n, key in enumerate(families, start=1)}
    separated = {frozenset(u.partners) for u in pedigree.unions if u.separated}
    spouse_of: dict[str, list[str]] = {}
    for key, fid in fam_id.items():
        for pid in key:
            if pid is not None:
                spouse_of.setdefault(pid, []).append(fid)
    out = ["0 HEAD", "1 GEDC", "2 VERS 7.0", "1 SOUR xlinked"]
    for p in pedigree.individuals:
        out.append(f"0 @{xref[p.id]}@ INDI")
        out += [f"1 REFN {_escape(p.id)}", "2 TYPE xlinked"]
        if p.label:
            out += _text("1 NAME", p.label.replace("/", " "))
        out.append(f"1 SEX {p.sex.value}")
        if p.birth_year is not None:
            out += ["1 BIRT", f"2 DATE {p.birth_year:04d}" if p.birth_year >= 0 else "2 DATE"]
        if p.deceased:
            out.append("1 DEAT Y")
        if p.affected is not None:
            out.append(f"1 _XLK_AFFECTED {'Y' if p.affected else 'N'}")
        if p.note:
            out += _text("1 NOTE", p.note)
        if p.mother or p.father:
            out += [f"1 FAMC @{fam_id[(p.father, p.mother)]}@", "2 PEDI BIRTH"]
        for fid in spouse_of.get(p.id, []):
            out.append(f"1 FAMS @{fid}@")
    for (husband, wife), kids in families.items():
        out.append(f"0 @{fam_id[(husband, wife)]}@ FAM")
        if husband:
            out.append(f"1 HUSB @{xref[husband]}@")
        if wife:
            out.append(f"1 WIFE @{xref[wife]}@")
        out += [f"1 CHIL @{xref[k]}@" for k in kids]
        if frozenset((husband, wife)) in separated:
            out.append("1 DIV Y")
    out.append("0 TRLR")
    return "\n".join(out) + "\n", _lost(pedigree)


def _escape(value: str) -> str:
    return "@" + value if value.startswith("@") else value


def _text(prefix: str, value: str) -> list[str]:
    level = int(prefix.split()[0]) + 1
    first, *rest = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [f"{prefix} {_escape(first)}" if first else prefix] + [
        f"{level} CONT {_escape(line)}" if line else f"{level} CONT" for line in rest]


def _lost(pedigree: Pedigree) -> list[str]:
    lost = lost_person_fields(pedigree, (
        "test results", "carrier measurements",
        "age", "onset age", "gender", "pregnancy", "hypothetical", "evaluated",
        "adoption", "clinical features",
    ))
    lost += ["twins"] if pedigree.twins else []
    special = [u for u in pedigree.unions if u.consanguineous is not None or u.childless
               or u.note]
    if special:
        lost.append("consanguinity, childlessness reasons and notes on couples")
    if pedigree.proband is not None:
        lost.append("proband")
    return lost + lost_family_fields(pedigree)
