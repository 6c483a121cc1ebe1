r"""CanRisk and legacy BOADICEA pedigree files (tab-separated, one row per person).

Two kinds of file are read:

* CanRisk files (``##CanRisk 1.0`` ... ``##CanRisk 4.0``), as saved by the CanRisk
  web tool: the version line, optional ``##key=value`` risk-factor lines, a
  ``##FamID ...`` column header, then one row per person (26 columns in
  version 1, 27 in versions 2 and 3, 28 in version 4);
* legacy files whose first line is ``BOADICEA import pedigree file format 4.0``
  (32 columns) or ``2.0`` (24 columns), with a ``FamID ...`` header line.

The first eleven columns are the same in all of them: ``FamID Name Target
IndivID FathID MothID Sex MZtwin Dead Age Yob``. They give the structure, sex,
the proband (``Target=1``), deceased (``Dead=1``), age and year of birth
(``0`` = unspecified) and monozygotic twin pairs (a label shared by the two
twins). The cancer, gene-test and pathology columns have nothing to do with an
X-linked condition: non-empty cells are kept in
``pedigree.extensions["canrisk"]`` so that a CanRisk -> native -> CanRisk trip
gives them back. CanRisk holds no IPEX phenotype and no FOXP3 test, so
everybody is read with ``affected`` unknown.

:func:`dumps` writes a CanRisk 2.0 file and returns the list of what the format
could not hold (phenotypes, tests, pregnancies, ...), including how ids were
shortened to the 7 characters CanRisk allows.

>>> rest = ["0"] * 6 + ["0:0"] * 9 + ["0:0:0:0:0"]
>>> text = "\n".join(["##CanRisk 2.0", "##" + "\t".join(COLUMNS),
...     "\t".join(["XLK01", "Gmum", "0", "i2", "0", "0", "F", "0", "0", "80", "1945", *rest]),
...     "\t".join(["XLK01", "Mum", "1", "ii2", "0", "i2", "F", "0", "0", "30", "0", *rest])])
>>> ped = loads(text)
>>> ped.proband, ped["ii2"].mother, ped["ii2"].age, ped["ii2"].birth_year, ped["ii2"].label
('ii2', 'i2', 30, None, 'Mum')
>>> out, lost = dumps(ped)
>>> out.splitlines()[0], out.splitlines()[2].split("\t")[:11]
('##CanRisk 2.0', ['XLK01', 'unknown', '0', 'xf1', '0', '0', 'M', '0', '0', '0', '0'])
>>> lost  # doctest: +NORMALIZE_WHITESPACE
["a child with one parent only (CanRisk needs both or none; placeholder father added:
  'xf1' with 'i2')"]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import _values
from ..errors import PedigreeError, Problem, ReadError
from ..model import Individual, Pedigree, Sex, TwinGroup, Zygosity
from . import _heads
from ._lines import by_line, not_about, placed
from ._lost import listing, lost_family_fields, lost_person_fields

__all__ = ["COLUMNS", "dumps", "families", "loads", "looks_like", "parse"]

#: The eleven columns every CanRisk and BOADICEA file starts with.
FIXED = ("FamID", "Name", "Target", "IndivID", "FathID", "MothID", "Sex", "MZtwin", "Dead",
         "Age", "Yob")
_CANCERS = ("BC1", "BC2", "OC", "PRO", "PAN")
_GENES_V1 = ("BRCA1", "BRCA2", "PALB2", "ATM", "CHEK2", "RAD51D", "RAD51C", "BRIP1")
_GENES_V2 = ("BRCA1", "BRCA2", "PALB2", "ATM", "CHEK2", "BARD1", "RAD51D", "RAD51C", "BRIP1")
_PATHOLOGY = "ER:PR:HER2:CK14:CK56"
#: The columns of a CanRisk 2.0 file, the version :func:`dumps` writes.
COLUMNS = (*FIXED, *_CANCERS, "Ashkn", *_GENES_V2, _PATHOLOGY)
# CanRisk major version -> number of columns; legacy BOADICEA version -> columns
_CANRISK_COLUMNS = {"1": 11 + 6 + len(_GENES_V1) + 1, "2": len(COLUMNS), "3": len(COLUMNS),
                    "4": len(COLUMNS) + 1}
_BOADICEA_COLUMNS = {"2": 24, "4": 32}
# legacy BOADICEA v4 column names -> their CanRisk names (gene t/r pairs are joined)
_BOADICEA_NAMES = {"1stBrCa": "BC1", "2ndBrCa": "BC2", "OvCa": "OC", "ProCa": "PRO",
                   "PanCa": "PAN"}
_CANRISK_HEADER = _heads.CANRISK_HEADER
_BOADICEA_HEADER = _heads.BOADICEA_HEADER
_ID = re.compile(r"^[A-Za-z0-9_-]{1,7}$")
_TWIN_LABELS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def looks_like(text: str) -> bool:
    """True when ``text`` starts like a CanRisk or BOADICEA file."""
    return _heads.canrisk(text)


# -- reading ------------------------------------------------------------------


def loads(text: str, *, source: str | None = None, family: str | None = None) -> Pedigree:
    """Read a CanRisk or BOADICEA file; ``family`` picks one family (``FamID``).

    Raises
    ------
    ReadError
        Not a CanRisk/BOADICEA file at all (names the line).
    PedigreeError
        Every problem with the rows: wrong column counts, bad codes, parents
        not in the file... each naming the line, the IndivID and the column.
    """
    return parse(text, source=source, family=family)[0]


def parse(text: str, *, source: str | None = None,
          family: str | None = None) -> tuple[Pedigree, list[str]]:
    r"""Like :func:`loads`, and also return warnings (one string each).

    >>> row = ["F", "A", "0", "a", "0", "0", "F", "0", "0", "0", "0"] + ["0"] * 16
    >>> ped, warnings = parse("\n".join(["##CanRisk 2.0", "##" + "\t".join(COLUMNS),
    ...                                  "\t".join(row)]))
    >>> warnings
    ['no row has Target=1: the pedigree has no proband']
    """
    problems: list[Problem] = []
    warnings: list[str] = []
    blocks = _blocks(text, source)
    kind, major, minor = blocks[0].kind, blocks[0].major, blocks[0].minor
    if blocks[0].expected is None:
        warnings.append(f"unknown {kind} version {major}.{minor}: columns read by name")
    rows: list[tuple[int, list[str]]] = []
    meta_of: dict[str, list[str]] = {}
    extra_of: dict[str, list[str]] = {}
    for block in blocks:
        problems += block.problems
        width = block.width
        for n, line in block.lines:
            cells = _cells(line, width)
            if len(cells) != width:
                problems.append(Problem(f"line {n}", f"expected {width} tab-separated columns "
                                        f"({block.title}), found {len(cells)}"))
                continue
            rows.append((n, cells))
            meta_of.setdefault(cells[0], block.meta)
            extra_of.setdefault(cells[0], block.extra)
    if not rows and not problems:
        if blocks[0].header is None:
            raise ReadError("the column header line ('##FamID\tName\tTarget\tIndivID...') is "
                            "missing", source=source, line=blocks[0].first_no)
        raise ReadError("the file has a header but no rows", source=source)
    if not rows:
        raise PedigreeError(by_line(problems), source=source)
    rows, problems = _one_family(rows, problems, family, source)
    chosen = rows[0][1][0]
    meta, extra = meta_of.get(chosen, []), extra_of.get(chosen, blocks[0].extra)
    pedigree = _build(rows, extra, problems, warnings, source)
    ext: dict[str, Any] = {"format": kind, "version": f"{major}.{minor}"}
    if meta:
        ext["header"] = meta
    if extra:
        ext["columns"] = extra
    kept_cells = {cols[3]: kept for _, cols in rows if (kept := _kept_cells(cols, extra))}
    if kept_cells:
        ext["cells"] = kept_cells
    return pedigree.replace(extensions={**pedigree.extensions, "canrisk": ext}), warnings


class _Block:
    """One ``##CanRisk`` (or BOADICEA) section: its version, risk-factor lines, header, rows."""

    def __init__(self, first_no: int, first: str, source: str | None):
        canrisk = _CANRISK_HEADER.match(first)
        boadicea = _BOADICEA_HEADER.match(first)
        match = canrisk or boadicea
        if match is None:
            raise ReadError(
                "not a CanRisk or BOADICEA file: the first line must be '##CanRisk <version>' "
                f"or 'BOADICEA import pedigree file format <version>', found {first[:40]!r}",
                source=source, line=first_no)
        self.kind = "canrisk" if canrisk else "boadicea"
        self.major, self.minor = match.group(1), match.group(2) or "0"
        table = _CANRISK_COLUMNS if canrisk else _BOADICEA_COLUMNS
        self.expected = table.get(self.major)
        self.title = f"{'CanRisk' if canrisk else 'BOADICEA'} {self.major}.{self.minor}"
        self.first_no = first_no
        self.meta: list[str] = []
        self.header: list[str] | None = None
        self.header_no = first_no
        self.lines: list[tuple[int, str]] = []
        self.problems: list[Problem] = []

    @property
    def width(self) -> int:
        if self.expected is not None:
            return self.expected
        # an unknown version: as many columns as its header, and never fewer than the
        # eleven every version starts with
        return max(len(self.header), len(FIXED)) if self.header else len(FIXED)

    @property
    def extra(self) -> list[str]:
        header = self.header or _default_header(self.major) or list(FIXED)
        return [_BOADICEA_NAMES.get(h, h) for h in header[len(FIXED):self.width]]

    def finish(self, source: str | None) -> None:
        header = self.header
        if header is None:
            if self.kind == "boadicea" or _default_header(self.major) is None:
                marker = "##FamID" if self.kind == "canrisk" else "FamID"
                raise ReadError(f"the column header line ('{marker}\\tName\\tTarget\\t"
                                "IndivID...') is missing", source=source, line=self.first_no)
            return  # CanRisk files may leave out the ##FamID line: the version says the columns
        if [h.lower() for h in header[:len(FIXED)]] != [h.lower() for h in FIXED]:
            self.problems.append(Problem(f"line {self.header_no}",
                                         f"the header must start with {' '.join(FIXED)}, found "
                                         f"{' '.join(header[:len(FIXED)])}"))
        if self.expected is not None and len(header) != self.expected:
            self.problems.append(Problem(f"line {self.header_no}",
                                         f"{self.title} files have {self.expected} columns, the "
                                         f"header has {len(header)}"))


def _blocks(text: str, source: str | None) -> list[_Block]:
    numbered = [(n, line.strip()) for n, line in enumerate(text.lstrip("\ufeff").splitlines(),
                                                           start=1) if line.strip()]
    if not numbered:
        raise ReadError("the file is empty", source=source)
    blocks = [_Block(*numbered[0], source)]
    for n, line in numbered[1:]:
        block = blocks[-1]
        if _CANRISK_HEADER.match(line) or _BOADICEA_HEADER.match(line):
            block.finish(source)
            blocks.append(_Block(n, line, source))
            continue
        bare = line.lstrip("#").strip()
        if block.header is None and not block.lines and bare.lower().startswith("famid"):
            block.header, block.header_no = _cells(bare, block.expected), n
            continue
        if line.startswith("#"):
            if block.kind == "canrisk" and block.header is None and not block.lines:
                block.meta.append(line)
            continue
        block.lines.append((n, line))
    blocks[-1].finish(source)
    return blocks


def _default_header(major: str) -> list[str] | None:
    """The columns of a CanRisk version, for files without a ``##FamID`` line."""
    if major == "1":
        return [*FIXED, *_CANCERS, "Ashkn", *_GENES_V1, _PATHOLOGY]
    if major in ("2", "3"):
        return list(COLUMNS)
    if major == "4":
        return [*FIXED, *_CANCERS, "Ashkn", *_GENES_V2, "HOXB13", _PATHOLOGY]
    return None


def _cells(line: str, width: int | None = None) -> list[str]:
    """Tab-separated cells; a row without ``width`` of them is split on any white space,
    as the CanRisk web service does (files mix tabs and spaces)."""
    if "\t" in line:
        cells = [c.strip() for c in line.split("\t")]
        if width is None or len(cells) == width:
            return cells
    return line.split()


def _one_family(rows: list[tuple[int, list[str]]], problems: list[Problem], family: str | None,
                source: str | None) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    families = list(dict.fromkeys(cols[0] for _, cols in rows))
    if family is not None:
        if family not in families:
            raise ReadError(f"no family {family!r} in the file (found "
                            f"{', '.join(families[:10])})", source=source)
        return [r for r in rows if r[1][0] == family], problems
    if len(families) > 1 and not problems:
        raise ReadError(f"the file holds {len(families)} families ({', '.join(families[:5])}"
                        f"{', ...' if len(families) > 5 else ''}); choose one with --family",
                        source=source)
    return rows, problems


def families(text: str) -> list[str | None]:
    """The FamIDs of a CanRisk/BOADICEA file, in file order."""
    try:
        blocks = _blocks(text, None)
    except ReadError:
        return [None]
    found = [_cells(line, b.width)[0] for b in blocks for _, line in b.lines]
    return list(dict.fromkeys(found)) or [None]


def _kept_cells(cols: list[str], extra: list[str]) -> dict[str, str]:
    """The non-default cancer/gene/pathology cells of a row (defaults are 0, 0:0, ...),
    under their CanRisk names: BOADICEA 4.0's separate test type and result columns
    (``BRCA1t``, ``BRCA1r``) become one ``type:result`` cell, its ``ER`` ... ``CK56``
    columns one pathology cell, and BOADICEA 2.0's ``Gtest``/``Mutn`` BRCA1/BRCA2 cells."""
    cells = dict(zip(extra, cols[len(FIXED):], strict=False))
    for gene in _GENES_V2:
        if f"{gene}t" in cells and f"{gene}r" in cells:
            cells[gene] = f"{cells.pop(f'{gene}t')}:{cells.pop(f'{gene}r')}"
    parts = _PATHOLOGY.split(":")
    if all(p in cells for p in parts):
        cells[_PATHOLOGY] = ":".join(cells.pop(p) for p in parts)
    if "Gtest" in cells and "Mutn" in cells:
        kind, result = cells.pop("Gtest"), cells.pop("Mutn")
        if kind != "0":
            brca1 = "P" if result in ("1", "3") else "N"
            brca2 = "P" if result in ("2", "3") else "N"
            cells["BRCA1"], cells["BRCA2"] = f"{kind}:{brca1}", f"{kind}:{brca2}"
    return {name: value for name, value in cells.items()
            if value.replace("0", "").replace(":", "")}


def _build(rows: list[tuple[int, list[str]]], extra: list[str], problems: list[Problem],
           warnings: list[str], source: str | None) -> Pedigree:
    individuals: list[Individual] = []
    places: dict[str, list[str]] = {}  # id -> where each person with it is
    twins: dict[str, list[str]] = {}
    twin_lines: dict[str, int] = {}
    targets: list[tuple[int, str]] = []
    for n, cols in rows:
        _fam, name, target, iid, father, mother, sex, mz, dead, age, yob = cols[:len(FIXED)]
        where = f"line {n} (IndivID {iid!r})"
        before = len(problems)
        if iid in ("", "0"):
            problems.append(Problem(f"line {n}", f"IndivID must not be {iid or 'empty'!r}"))
            continue
        if sex.upper() not in ("M", "F"):
            problems.append(Problem(where, f"Sex must be M or F, got {sex!r} "
                                    "(CanRisk has no code for unknown sex)"))
        if target not in ("0", "1"):
            problems.append(Problem(where, f"Target must be 0 or 1, got {target!r}"))
        elif target == "1":
            targets.append((n, iid))
        if dead not in ("0", "1"):
            problems.append(Problem(where, f"Dead must be 0 (alive) or 1 (dead), got {dead!r}"))
        age_value = _number(age, "Age", where, problems, whole=False)
        yob_value = _number(yob, "Yob", where, problems, whole=True)
        if len(problems) > before:
            continue
        if mz != "0":
            twins.setdefault(mz, []).append(iid)
            twin_lines.setdefault(mz, n)
        places.setdefault(iid, []).append(where)
        try:
            individuals.append(Individual(
                iid, Sex(sex.upper()),
                mother=None if mother == "0" else mother,
                father=None if father == "0" else father,
                deceased=dead == "1",
                age=age_value,
                birth_year=None if yob_value is None else int(yob_value),
                label=name if name not in ("", "0", iid) else None,
            ))
        except PedigreeError as exc:
            problems += [_at_line(p, places) for p in exc.problems]
    if len(targets) > 1:
        for n, iid in targets[1:]:
            problems.append(Problem(f"line {n} (IndivID {iid!r})",
                                    "Target=1 on more than one person "
                                    f"(also line {targets[0][0]})"))
    elif not targets:
        warnings.append("no row has Target=1: the pedigree has no proband")
    groups = []
    for label, members in twins.items():
        if len(members) < 2:
            problems.append(Problem(f"line {twin_lines[label]} (IndivID {members[0]!r})",
                                    f"MZtwin label {label!r} is not shared with anybody "
                                    "(twins share one label)"))
        else:
            if len(members) > 2:
                warnings.append(f"MZtwin label {label!r} is shared by {len(members)} people; "
                                "CanRisk allows pairs only")
            groups.append((label, TwinGroup(tuple(members), Zygosity.MZ)))
    if individuals:  # the tree's own problems too, when some rows had problems
        try:
            pedigree = Pedigree(individuals, twins=[g for _, g in groups],
                                proband=targets[0][1] if targets else None,
                                family=rows[0][1][0] or None if rows else None)
        except PedigreeError as exc:
            broken = {cols[3] for _, cols in rows} - {p.id for p in individuals}
            for p in not_about(exc.problems, broken):
                twin = re.match(r"twins\[(\d+)\]$", p.where)
                if twin:
                    label = groups[int(twin.group(1))][0]
                    p = Problem(f"line {twin_lines[label]} (MZtwin {label!r})", p.message)
                problems.append(_at_line(p, places))
        else:
            if not problems:
                return pedigree
    raise PedigreeError(by_line(problems), source=source)


def _number(raw: str, column: str, where: str, problems: list[Problem], *,
            whole: bool) -> int | float | None:
    """An age (or, ``whole``, a year) from a cell, within the bounds every format
    shares; 0 means unspecified (``None``)."""
    try:
        value: Any = float(raw) if len(raw) <= _values.MAX_NUMBER_CHARS else raw
    except ValueError:
        value = raw
    if value == 0:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        return _values.birth_year(value) if whole else _values.age(value)
    except ValueError:
        kind = (f"a year from {_values.MIN_YEAR} to {_values.MAX_YEAR}" if whole
                else f"a number of years from 0 to {_values.MAX_AGE}")
        problems.append(Problem(where, f"{column} must be {kind}, or 0 when unknown, "
                                f"got {_values.shown(raw)}"))
        return None


def _at_line(problem: Problem, places: Mapping[str, list[str]]) -> Problem:
    found = placed(problem, places)
    if found is problem:
        return problem
    message = problem.message.replace("mother ", "MothID ", 1).replace("father ", "FathID ", 1)
    return Problem(found.where, message)


# -- writing ------------------------------------------------------------------


def dumps(pedigree: Pedigree) -> tuple[str, list[str]]:
    """A CanRisk 2.0 file for ``pedigree``, and what CanRisk could not hold.

    Ids that are not 1-7 letters, digits, ``-`` or ``_`` are replaced by short
    aliases (the mapping is in the returned list); a child with one known parent
    gets a placeholder for the other; people of unknown sex are left out.
    """
    lost: list[str] = []
    people = [p for p in pedigree.individuals if p.sex is not Sex.UNKNOWN]
    dropped = [p.id for p in pedigree.individuals if p.sex is Sex.UNKNOWN]
    if not people:
        raise PedigreeError([Problem("", "CanRisk holds only men and women: everybody here "
                                     "is of unknown sex")])
    if dropped:
        lost.append(f"people of unknown sex (not written: {listing(dropped)})")
    taken = {p.id for p in people}
    alias: dict[str, str] = {}
    counter = iter(range(1, 1_000_000))

    def short(pid: str, prefix: str = "x") -> str:
        if pid in alias:
            return alias[pid]
        if _ID.match(pid) and pid != "0":
            alias[pid] = pid
            return pid
        while (candidate := f"{prefix}{next(counter)}") in taken:
            pass
        taken.add(candidate)
        alias[pid] = candidate
        return candidate

    renamed = [(p.id, short(p.id)) for p in people]
    renamed = [(a, b) for a, b in renamed if a != b]
    if renamed:
        pairs = ", ".join(f"{a!r} -> {b!r}" for a, b in renamed)
        lost.append(f"ids over 7 characters or with characters other than letters, digits, "
                    f"- and _ (IndivID replaced: {pairs})")
    # placeholders: one per (known parent, missing role)
    placeholders: dict[tuple[str, str], str] = {}
    for p in people:
        if (p.mother is None) != (p.father is None):
            known = p.mother or p.father
            role = "father" if p.father is None else "mother"
            key = (str(known), role)
            if key not in placeholders:
                placeholders[key] = short(f"\x00{known}:{role}", "xf" if role == "father" else "xm")
    if placeholders:
        added = ", ".join(f"{name!r} with {alias[known]!r}"
                          for (known, _), name in placeholders.items())
        roles = sorted({role for _, role in placeholders})
        lost.append(f"a child with one parent only (CanRisk needs both or none; placeholder "
                    f"{' and '.join(roles)} added: {added})")
    famid = re.sub(r"[^A-Za-z0-9-]", "", pedigree.family or "")[:13] or "XLINKED"
    if pedigree.family is not None and famid != pedigree.family:
        lost.append(f"family id {pedigree.family!r} (up to 13 letters, digits and -; "
                    f"written as {famid!r})")
    target = pedigree.proband if pedigree.proband in taken else None
    if target is None:
        target = pedigree.consultand if pedigree.consultand in taken else people[0].id
        lost.append(f"a pedigree without proband (Target=1 set on {alias[target]!r})")
    twin_label: dict[str, str] = {}
    labels = iter(_TWIN_LABELS)
    lost_twins = []
    for group in pedigree.twins:
        members = [m for m in group.members if m in alias]
        if group.zygosity is Zygosity.MZ and len(members) == 2:
            label = next(labels, None)
            if label is not None:
                twin_label.update(dict.fromkeys(members, label))
                continue
        lost_twins.append("/".join(group.members))
    if lost_twins:
        lost.append("twins other than monozygotic pairs (CanRisk: MZ pairs only): "
                    + ", ".join(lost_twins))
    cells = _stored_cells(pedigree, lost)
    ages: list[str] = []
    rows: list[list[str]] = []
    names_cut: list[str] = []
    for (_, role), name in placeholders.items():
        sex = "M" if role == "father" else "F"
        rows.append(_row(famid, "unknown", "0", name, "0", "0", sex, "0", "0", "0", "0", {}))
    for p in people:
        name = re.sub(r"\s+", "_", p.label or p.id)
        if len(name) > 8:
            names_cut.append(p.id)
            name = name[:8]
        father = p.father or (placeholders.get((str(p.mother), "father")) if p.mother else None)
        mother = p.mother or (placeholders.get((str(p.father), "mother")) if p.father else None)
        if p.age is None:
            age = "0"
        else:
            age = str(int(p.age))
            if p.age < 1 or p.age != int(p.age):
                ages.append(p.id)
        rows.append(_row(
            famid, name, "1" if p.id == target else "0", alias[p.id],
            alias.get(father, father) if father else "0",
            alias.get(mother, mother) if mother else "0",
            p.sex.value, twin_label.get(p.id, "0"), "1" if p.deceased else "0", age,
            str(p.birth_year) if p.birth_year else "0", cells.get(p.id, {}),
        ))
    if names_cut:
        lost.append(f"names over 8 characters (Name cut: {listing(names_cut)})")
    if ages:
        lost.append(f"ages in fractions of a year (written in whole years, under 1 as "
                    f"0 = unspecified: {listing(ages)})")
    lost += _lost_fields(pedigree)
    header = ["##CanRisk 2.0", *_stored_header(pedigree), "##" + "\t".join(COLUMNS)]
    return "\n".join([*header, *("\t".join(r) for r in rows)]) + "\n", lost


def _row(*fixed_and_cells: Any) -> list[str]:
    *fixed, cells = fixed_and_cells
    defaults = {c: "0" for c in (*_CANCERS, "Ashkn")}
    defaults.update({g: "0:0" for g in _GENES_V2})
    defaults[_PATHOLOGY] = "0:0:0:0:0"
    return [*fixed, *(cells.get(c, defaults[c]) for c in COLUMNS[len(FIXED):])]


def _stored_cells(pedigree: Pedigree, lost: list[str]) -> dict[str, dict[str, str]]:
    """Cancer/gene/pathology cells kept from an imported CanRisk file."""
    ext = pedigree.extensions.get("canrisk")
    if not isinstance(ext, Mapping) or not isinstance(ext.get("cells"), Mapping):
        return {}
    out: dict[str, dict[str, str]] = {}
    dropped: set[str] = set()
    broken: set[str] = set()
    for pid, row in ext["cells"].items():
        if pid not in pedigree.index or not isinstance(row, Mapping):
            continue
        out[pid] = {}
        for column, value in row.items():
            if column in COLUMNS[len(FIXED):] and isinstance(value, str) and _one_cell(value):
                out[pid][column] = value
            elif column in COLUMNS[len(FIXED):]:
                broken.add(str(column))
            else:
                dropped.add(str(column))
    if dropped:
        lost.append(f"CanRisk columns not in version 2.0 ({', '.join(sorted(dropped))})")
    if broken:
        lost.append(f"kept CanRisk cells holding tabs or line breaks, or empty "
                    f"({', '.join(sorted(broken))})")
    return out


def _one_cell(value: str) -> bool:
    """True when ``value`` stays one cell of one row: no tab, no line break of any kind."""
    return bool(value.strip()) and "\t" not in value and len(value.splitlines()) == 1


def _stored_header(pedigree: Pedigree) -> list[str]:
    ext = pedigree.extensions.get("canrisk")
    if not isinstance(ext, Mapping) or not isinstance(ext.get("header"), list):
        return []
    return [line for line in ext["header"]
            if isinstance(line, str) and line.startswith("##") and len(line.splitlines()) == 1
            and not line.lower().startswith(("##famid", "##canrisk"))]


def _lost_fields(pedigree: Pedigree) -> list[str]:
    lost = lost_person_fields(pedigree, (
        "affection status", "onset age", "test results", "carrier measurements",
        "pregnancy", "hypothetical", "evaluated",
        "adoption", "gender", "clinical features", "note",
    ))
    if pedigree.unions:
        lost.append("unions (couples are only implied by their children)")
    return lost + lost_family_fields(pedigree, extension="canrisk", holds_proband=True)
