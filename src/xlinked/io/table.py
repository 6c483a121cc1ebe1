r"""Spreadsheet tables: CSV, TSV or white-space columns with a header of column names.

One row per person; the first row names the columns. The names people write
are understood (any case; spaces, ``_``, ``-`` and ``.`` ignored), for example:

=============  =====================================================================
field          column names
=============  =====================================================================
id             ``id``, ``iid``, ``individual``, ``person``, ``sample``, ``name`` (*)
mother         ``mother``, ``mum``, ``mom``, ``momid``, ``mid``, ``mat``, ``maternal_id``
father         ``father``, ``dad``, ``dadid``, ``fid`` (**), ``pat``, ``paternal_id``
family         ``family``, ``famid``, ``fid`` (**), ``ped``, ``pedigree``
sex            ``sex``, ``gender``: ``M``/``F``/``U``, ``male``/``female``, ``1``/``2``/``0``
affected       ``affected``, ``affection``, ``aff``, ``phenotype``: yes/no, true/false,
               PED codes (``2`` affected, ``1`` unaffected, ``0``/``-9`` unknown)
deceased       ``deceased``, ``dead``, ``died``, ``status`` (***), ``vital_status``
age, ...       ``age``, ``birth_year``/``yob``, ``onset_age``/``onset``, ``proband``,
               ``consultand``, ``label``, ``note``, ``adopted`` (in/out),
               ``mztwin``/``dztwin``/``twin`` (a label shared by the twins),
               ``test`` (positive/negative/inconclusive), ``test_sensitivity``,
               ``test_specificity``, ``test_method``, ``test_gene``
=============  =====================================================================

(*) ``name`` is the id when there is no id column, else the label. (**) ``fid``
is the father when the table also has ``mid`` (pedtools, QuickPed), else the
family (PLINK). (***) ``status`` holding ``affected``/``unaffected`` is the
affection status when no other column is. An ``affected`` column holding only
``0`` and ``1`` is read as ``0`` = unaffected, ``1`` = affected (kinship2); once
a ``2`` appears, or when the column is called ``aff`` or ``phenotype``, the PED
codes apply. Empty cells and
``NA``, ``.``, ``?`` are missing; a missing parent may also be ``0`` or ``-9``.
Columns that match nothing are kept in ``pedigree.extensions["table"]`` and
written back. R's ``write.table`` files (a row name before every row) are read.
Problems name the line and the column.

>>> ped = loads('''id,mother,father,sex,affected,age
... mum,,,F,no,34
... dad,,,M,no,
... son,mum,dad,M,yes,2
... ''')
>>> ped["son"].affected, ped["mum"].age, ped["dad"].age
(True, 34, None)
>>> text, lost = dumps(ped)
>>> text.splitlines()[0]
'id,sex,mother,father,affected,age'
>>> loads(text) == ped
True
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .. import _values
from ..errors import PedigreeError, Problem, ReadError
from ..model import (
    Adoption,
    GeneticTest,
    Individual,
    Pedigree,
    Sex,
    TestResult,
    TwinGroup,
    Zygosity,
)
from ._lines import by_line, not_about, placed
from ._lost import listing, lost_family_fields, lost_person_fields

__all__ = ["ALIASES", "dumps", "families", "header_fields", "loads", "looks_like", "parse"]

#: field -> the column names read as that field (normalised: lower case, no ``_ -.#``).
ALIASES: dict[str, tuple[str, ...]] = {
    "family": ("family", "familyid", "famid", "fam", "ped", "pedigree", "pedid", "kindred",
               "kindredid"),
    "id": ("id", "iid", "individual", "individualid", "indiv", "indivi", "indivd", "indid",
           "person", "personid", "sample", "sampleid", "subject", "subjectid", "withinfamilyid"),
    "father": ("father", "fatherid", "dad", "dadid", "pat", "paternal", "paternalid", "fathid",
               "sire"),
    "mother": ("mother", "motherid", "mum", "mumid", "mom", "momid", "mat", "maternal",
               "maternalid", "mothid", "mid", "dam"),
    "sex": ("sex", "gender", "sexe"),
    "affected": ("affected", "affection", "aff", "phenotype", "pheno", "affectionstatus",
                 "affectedstatus", "disease"),
    "deceased": ("deceased", "dead", "died", "death", "status", "vitalstatus"),
    "age": ("age", "ageyears", "currentage", "ageatlastcontact"),
    "birth_year": ("birthyear", "yob", "yearofbirth", "born"),
    "onset_age": ("onsetage", "onset", "ageatonset", "diagnosisage", "ageatdiagnosis"),
    "proband": ("proband", "isproband", "index", "target"),
    "consultand": ("consultand", "isconsultand"),
    "label": ("label", "displayname"),
    "note": ("note", "notes", "comment", "comments"),
    "adopted": ("adopted", "adoption"),
    "mztwin": ("mztwin", "mztwins"),
    "dztwin": ("dztwin", "dztwins"),
    "twin": ("twin", "twins"),
    "test": ("test", "testresult", "carriertest", "genetictest", "geneticstest"),
    "test_sensitivity": ("testsensitivity", "sensitivity"),
    "test_specificity": ("testspecificity", "specificity"),
    "test_method": ("testmethod", "method"),
    "test_gene": ("testgene", "gene"),
}
_BY_NAME = {name: field for field, names in ALIASES.items() for name in names}
_MISSING = frozenset({"", "na", "n/a", "nan", ".", "?", "null", "none", "missing"})
_NO_PARENT = _MISSING | {"0", "-9"}
_SEX = {"m": Sex.MALE, "male": Sex.MALE, "1": Sex.MALE, "man": Sex.MALE, "boy": Sex.MALE,
        "f": Sex.FEMALE, "female": Sex.FEMALE, "2": Sex.FEMALE, "woman": Sex.FEMALE,
        "girl": Sex.FEMALE, "u": Sex.UNKNOWN, "unknown": Sex.UNKNOWN, "0": Sex.UNKNOWN,
        "-9": Sex.UNKNOWN, "x": Sex.UNKNOWN}
_YES = frozenset({"yes", "y", "true", "t", "x"})
_NO = frozenset({"no", "n", "false", "f"})
_AFFECTED_WORDS = {"affected": True, "aff": True, "a": True, "unaffected": False,
                   "unaff": False, "u": None, "unknown": None}
_DEAD_WORDS = {"dead": True, "deceased": True, "died": True, "d": True, "alive": False,
               "living": False, "a": False, "l": False}
_RESULTS = {"positive": TestResult.POSITIVE, "pos": TestResult.POSITIVE, "+": TestResult.POSITIVE,
            "p": TestResult.POSITIVE, "carrier": TestResult.POSITIVE,
            "negative": TestResult.NEGATIVE, "neg": TestResult.NEGATIVE,
            "-": TestResult.NEGATIVE, "n": TestResult.NEGATIVE,
            "noncarrier": TestResult.NEGATIVE, "non-carrier": TestResult.NEGATIVE,
            "inconclusive": TestResult.INCONCLUSIVE, "vus": TestResult.INCONCLUSIVE,
            "i": TestResult.INCONCLUSIVE}
_PED_CODED = frozenset({"aff", "phenotype", "pheno"})
#: Extension key holding the cells of columns that match no field.
EXTENSION = "table"


def normalise(name: str) -> str:
    """A column name as it is looked up: lower case, without ``#``, spaces, ``_``, ``-``, ``.``.

    >>> normalise("#Paternal_ID"), normalise("Year of birth")
    ('paternalid', 'yearofbirth')
    """
    return re.sub(r"[\s_.\-#]", "", name.strip().strip("\"'")).lower()


def header_fields(names: Iterable[str]) -> dict[int, str]:
    """Column position -> field, for the names of a header row (unknown names left out).

    >>> header_fields(["id", "fid", "mid", "sex", "aff"])
    {0: 'id', 1: 'father', 2: 'mother', 3: 'sex', 4: 'affected'}
    >>> header_fields(["FID", "IID", "PAT", "MAT", "SEX", "PHENOTYPE"])[0]
    'family'
    """
    keys = [normalise(n) for n in names]
    father_fid = "mid" in keys and not any(_BY_NAME.get(k) == "father" for k in keys)
    has_id = any(_BY_NAME.get(k) == "id" for k in keys)
    out: dict[int, str] = {}
    for i, key in enumerate(keys):
        if key == "fid":
            field = "father" if father_fid else "family"
        elif key == "name":
            field = "label" if has_id else "id"
        else:
            field = _BY_NAME.get(key, "")
        if field and field not in out.values():
            out[i] = field
    return out


def _status_column(fields: dict[int, str], header: list[str],
                   rows: list[list[str]]) -> dict[int, str]:
    """A column called ``status`` is the vital status (alive/dead), unless the table
    has no affection column and its cells say ``affected``/``unaffected``: then it is
    the affection status, as many spreadsheets mean it."""
    column = next((i for i, f in fields.items()
                   if f == "deceased" and normalise(header[i]) == "status"), None)
    if column is None or "affected" in fields.values():
        return fields
    values = {r[column].strip().lower() for r in rows if column < len(r)} - set(_MISSING)
    words = {"affected", "unaffected", "aff", "unaff", "unknown"}
    if values and values <= words and values & {"affected", "unaffected"}:
        return {**fields, column: "affected"}
    return fields


def looks_like(text: str) -> bool:
    """True when the first line is a header naming at least an id and a parent or sex column."""
    first = _first_line(text)
    if first is None or first.lstrip().startswith("#"):
        return False  # a comment, or PLINK's '#FID IID ...' (PED reads those)
    fields = set(header_fields(_split(first, _delimiter(first))).values())
    return "id" in fields and bool(fields & {"mother", "father", "sex"})


def _first_line(text: str) -> str | None:
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line
    return None


def _delimiter(line: str) -> str | None:
    """The delimiter of a header line: tab, comma or semicolon; ``None`` for white space."""
    for sep in ("\t", ",", ";"):
        if sep in line:
            return sep
    return None


_TOKEN = re.compile(r'"((?:[^"]|"")*)"|\'([^\']*)\'|(\S+)')


def _split(line: str, sep: str | None) -> list[str]:
    if sep is not None:
        return [c.strip() for c in next(csv.reader([line], delimiter=sep))]
    out = []
    for match in _TOKEN.finditer(line):
        quoted, single, bare = match.groups()
        if quoted is not None:
            out.append(quoted.replace('""', '"'))
        else:
            out.append(single if single is not None else bare)
    return out


def _rows(text: str) -> list[tuple[int, list[str]]]:
    lines = text.lstrip("\ufeff").splitlines()
    first = _first_line(text) or ""
    sep = _delimiter(first)
    out = []
    if sep is None:
        for n, line in enumerate(lines, start=1):
            if line.strip():
                out.append((n, _split(line, None)))
        return out
    reader = csv.reader(_io.StringIO("\n".join(lines)), delimiter=sep)
    for row in reader:
        n = reader.line_num
        cells = [c.strip() for c in row]
        if any(cells):
            out.append((n, cells))
    return out


def families(text: str) -> list[str | None]:
    """The family ids of a table in row order; ``[None]`` without a family column."""
    rows = _rows(text)
    if not rows:
        return [None]
    fields = header_fields(rows[0][1])
    col = next((i for i, f in fields.items() if f == "family"), None)
    if col is None:
        return [None]
    shift = _row_name_shift(rows)
    found = [cells[col + shift] for _, cells in rows[1:] if len(cells) > col + shift]
    return list(dict.fromkeys(found)) or [None]


def _row_name_shift(rows: list[tuple[int, list[str]]]) -> int:
    """1 for R ``write.table`` output (a row name before each row), else 0."""
    width = len(rows[0][1])
    body = rows[1:]
    if body and all(len(cells) == width + 1 for _, cells in body):
        return 1
    return 0


def loads(text: str, *, source: str | None = None, family: str | None = None) -> Pedigree:
    """Read a table; ``family`` picks one family when there is a family column."""
    return parse(text, source=source, family=family)[0]


def parse(text: str, *, source: str | None = None, family: str | None = None,
          ped_codes: bool = False, genotypes: bool = False) -> tuple[Pedigree, list[str]]:
    """Like :func:`loads`, and also return warnings.

    ``ped_codes`` reads every affection column with the PED codes, and
    ``genotypes`` ignores pairs of cells past the header (for PED files with a
    header line).

    Raises
    ------
    ReadError
        No header, or no id column (the message lists the accepted names).
    PedigreeError
        Every problem found, each naming the line and the column.
    """
    rows = _rows(text)
    if not rows:
        raise ReadError("the file is empty", source=source)
    header_no, header = rows[0]
    header = [h.lstrip("#").strip() for h in header]
    fields = header_fields(header)
    if "id" not in fields.values():
        shown = ", ".join(repr(h) for h in header[:8])
        raise ReadError(
            f"no column for the person's id in the header ({shown}): name one column "
            f"'id' (or {', '.join(ALIASES['id'][1:5])}), and the parents 'mother' and "
            "'father'", source=source, line=header_no)
    body = rows[1:]
    if not body:
        raise ReadError("the table has a header but no rows", source=source)
    shift = _row_name_shift(rows)
    fields = _status_column(fields, header, [cells[shift:] for _, cells in body])
    problems: list[Problem] = []
    width = len(header)
    good: list[tuple[int, dict[str, str], dict[str, str]]] = []
    extra_names = [h for i, h in enumerate(header) if i not in fields]
    for n, cells in body:
        cells = cells[shift:]
        if len(cells) > width and (not any(cells[width:]) or (
                genotypes and (len(cells) - width) % 2 == 0)):
            cells = cells[:width]
        if len(cells) != width:
            problems.append(Problem(f"line {n}", f"expected {width} columns like the header "
                                    f"(line {header_no}), found {len(cells)}"))
            continue
        values = {f: cells[i] for i, f in fields.items()}
        extra = {header[i]: cells[i] for i in range(width)
                 if i not in fields and cells[i].strip().lower() not in _MISSING}
        good.append((n, values, extra))
    names = list(dict.fromkeys(v.get("family", "") for _, v, _ in good))
    if problems:
        raise PedigreeError(by_line(problems), source=source)
    if "family" in fields.values():
        if family is not None:
            if family not in names:
                raise ReadError(f"no family {family!r} in the file (found "
                                f"{', '.join(names[:10])})", source=source)
            good = [g for g in good if g[1].get("family", "") == family]
        elif len(names) > 1:
            raise ReadError(f"the file holds {len(names)} families ({', '.join(names[:5])}"
                            f"{', ...' if len(names) > 5 else ''}); choose one with --family",
                            source=source)
    reader = _Reader(header, fields, ped_codes, good)
    pedigree, warnings = reader.build(source, family or (names[0] if names[0] else None))
    if extra_names:
        kept = {pid: cells for pid, cells in reader.extra.items() if cells}
        ext: dict[str, Any] = {"columns": extra_names}
        if kept:
            ext["cells"] = kept
        pedigree = pedigree.replace(extensions={**pedigree.extensions, EXTENSION: ext})
        warnings.append(f"column{'s' if len(extra_names) > 1 else ''} "
                        f"{', '.join(repr(n) for n in extra_names)} not used (kept in extensions)")
    return pedigree, warnings


class _Reader:
    """Turns rows of named cells into people, collecting problems by line and column."""

    def __init__(self, header: list[str], fields: Mapping[int, str], ped_codes: bool,
                 rows: list[tuple[int, dict[str, str], dict[str, str]]]):
        self.column = {f: header[i] for i, f in fields.items()}
        self.rows = rows
        self.problems: list[Problem] = []
        self.extra: dict[str, dict[str, str]] = {}
        self.where = ""
        self.affected_codes = "words"
        if "affected" in self.column:
            name = normalise(self.column["affected"])
            values = {v.get("affected", "").strip() for _, v, _ in rows}
            if ped_codes or name in _PED_CODED or "2" in values:
                self.affected_codes = "ped"
            elif values & {"0", "1"}:
                self.affected_codes = "binary"

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, f"column {self.column[field]!r}: {message}"))

    def build(self, source: str | None, family: str | None) -> tuple[Pedigree, list[str]]:
        people: list[Individual] = []
        lines: dict[str, int] = {}
        probands: list[str] = []
        consultands: list[str] = []
        twins: dict[tuple[Zygosity, str], list[str]] = {}
        for n, values, extra in self.rows:
            pid = values["id"].strip()
            self.where = f"line {n} (id {pid!r})" if pid else f"line {n}"
            if pid.lower() in _NO_PARENT:
                self.problem("id", f"the id must not be empty or {pid!r}")
                continue
            if pid in lines:
                self.problem("id", f"id {pid!r} is used twice (also line {lines[pid]})")
                continue
            lines[pid] = n
            person = self.person(pid, values)
            if person is None:
                continue
            people.append(person)
            self.extra[pid] = extra
            if self.flag(values, "proband"):
                probands.append(pid)
            if self.flag(values, "consultand"):
                consultands.append(pid)
            for key, kind in (("mztwin", Zygosity.MZ), ("dztwin", Zygosity.DZ),
                              ("twin", Zygosity.UNKNOWN)):
                label = values.get(key, "").strip()
                if label.lower() not in _NO_PARENT:
                    twins.setdefault((kind, label), []).append(pid)
        fields: dict[str, Any] = {"family": family}
        for role, chosen in (("proband", probands), ("consultand", consultands)):
            if len(chosen) > 1:
                self.where = f"line {lines[chosen[1]]} (id {chosen[1]!r})"
                self.problem(role, f"more than one {role} (also {chosen[0]!r})")
            elif chosen:
                fields[role] = chosen[0]
        groups = []
        for (kind, label), members in twins.items():
            key = {Zygosity.MZ: "mztwin", Zygosity.DZ: "dztwin"}.get(kind, "twin")
            if len(members) < 2:
                self.where = f"line {lines[members[0]]} (id {members[0]!r})"
                self.problem(key, f"twin label {label!r} is not shared with anybody")
            else:
                groups.append(TwinGroup(tuple(members), kind))
        fields["twins"] = groups
        problems = self.problems
        if people:  # the tree's own problems too, when some rows had problems
            try:
                pedigree = Pedigree(people, **fields)
            except PedigreeError as exc:
                places = {pid: f"line {n} (id {pid!r})" for pid, n in lines.items()}
                broken = set(lines) - {p.id for p in people}
                problems += [placed(p, places) for p in not_about(exc.problems, broken)]
            else:
                if problems:
                    raise PedigreeError(by_line(problems), source=source)
                warnings = []
                if self.affected_codes == "binary":
                    warnings.append(f"column {self.column['affected']!r} read as 0 = unaffected, "
                                    "1 = affected")
                return pedigree, warnings
        raise PedigreeError(by_line(problems), source=source)

    def person(self, pid: str, v: Mapping[str, str]) -> Individual | None:
        before = len(self.problems)
        out: dict[str, Any] = {}
        raw_sex = v.get("sex", "").strip().lower()
        sex = Sex.UNKNOWN if raw_sex in _MISSING else _SEX.get(raw_sex)
        if sex is None:
            self.problem("sex", f"must be M, F or U (or male/female, 1/2/0), got {v['sex']!r}")
        for role in ("mother", "father"):
            parent = v.get(role, "").strip()
            if parent.lower() not in _NO_PARENT:
                out[role] = parent
        if "affected" in v:
            out["affected"] = self.affected(v["affected"])
        if "deceased" in v:
            out["deceased"] = self.dead(v["deceased"])
        for field in ("age", "onset_age"):
            if field in v:
                out[field] = self.number(v, field, whole=False)
        if "birth_year" in v:
            out["birth_year"] = self.number(v, "birth_year", whole=True)
        for field in ("label", "note"):
            text = v.get(field, "").strip()
            if text and text.lower() not in _MISSING:
                out[field] = text
        adopted = v.get("adopted", "").strip().lower()
        if adopted and adopted not in _MISSING and adopted not in _NO:
            if adopted in ("in", "out"):
                out["adopted"] = Adoption(adopted)
            elif adopted in _YES or adopted == "1":
                out["adopted"] = Adoption.IN
            elif adopted != "0":
                self.problem("adopted", f"must be in, out, yes or no, got {v['adopted']!r}")
        test = self.test(v)
        if test is not None:
            out["tests"] = (test,)
        if len(self.problems) > before or sex is None:
            return None
        try:
            return Individual(pid, sex, **{k: x for k, x in out.items() if x is not None})
        except PedigreeError as exc:
            self.problems += [Problem(self.where, p.message) for p in exc.problems]
            return None

    def affected(self, raw: str) -> bool | None:
        value = raw.strip().lower()
        if value in _MISSING:
            return None
        if value in _AFFECTED_WORDS:
            return _AFFECTED_WORDS[value]
        if value in _YES:
            return True
        if value in _NO:
            return False
        codes = ({"2": True, "1": False, "0": None, "-9": None} if self.affected_codes == "ped"
                 else {"1": True, "0": False, "-9": None})
        if value in codes:
            return codes[value]
        allowed = ("2 (affected), 1 (unaffected), 0 or -9 (unknown)"
                   if self.affected_codes == "ped" else "yes, no, 1 (affected) or 0 (unaffected)")
        self.problem("affected", f"must be {allowed}, got {raw!r}")
        return None

    def dead(self, raw: str) -> bool:
        value = raw.strip().lower()
        if value in _MISSING or value in ("0",) or value in _NO:
            return False
        if value in ("1",) or value in _YES:
            return True
        if value in _DEAD_WORDS:
            return _DEAD_WORDS[value]
        self.problem("deceased", f"must be yes/no, dead/alive or 1/0, got {raw!r}")
        return False

    def flag(self, v: Mapping[str, str], field: str) -> bool:
        value = v.get(field, "").strip().lower()
        if value in _MISSING or value in _NO or value == "0":
            return False
        if value in _YES or value == "1":
            return True
        self.problem(field, f"must be yes/no or 1/0, got {v[field]!r}")
        return False

    def number(self, v: Mapping[str, str], field: str, *, whole: bool) -> int | float | None:
        raw = v[field].strip()
        if raw.lower() in _MISSING:
            return None
        try:
            value: Any = float(raw) if len(raw) <= _values.MAX_NUMBER_CHARS else raw
        except ValueError:
            value = raw
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:  # the bounds every format shares
            return _values.birth_year(value) if whole else _values.age(value)
        except ValueError:
            kind = (f"a year from {_values.MIN_YEAR} to {_values.MAX_YEAR}" if whole
                    else f"a number of years from 0 to {_values.MAX_AGE}")
            self.problem(field, f"must be {kind}, got {_values.shown(raw)}")
            return None

    def test(self, v: Mapping[str, str]) -> GeneticTest | None:
        raw = v.get("test", "").strip()
        if raw.lower() in _MISSING:
            for field in ("test_sensitivity", "test_specificity", "test_method", "test_gene"):
                if v.get(field, "").strip().lower() not in _MISSING:
                    self.problem(field, "is given but the test result is empty")
            return None
        result = _RESULTS.get(raw.lower())
        if result is None:
            self.problem("test", f"must be positive, negative or inconclusive, got {raw!r}")
            return None
        fields: dict[str, Any] = {"result": result}
        for field in ("test_sensitivity", "test_specificity", "test_method", "test_gene"):
            value = v.get(field, "").strip()
            if value.lower() not in _MISSING:
                fields[field[len("test_"):]] = value
        try:
            return GeneticTest(**fields)
        except ValueError as exc:
            name = str(exc).split()[0]
            self.problem(f"test_{name}" if f"test_{name}" in self.column else "test", str(exc))
            return None


# -- writing ------------------------------------------------------------------

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def dumps(pedigree: Pedigree, *, delimiter: str = ",") -> tuple[str, list[str]]:
    """The pedigree as a table (CSV by default; ``delimiter="\t"`` for TSV), and what it lost.

    Only the columns someone has a value for are written. A cell that a
    spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``) is written with a leading ``'`` and reported.
    """
    people = pedigree.individuals
    bad = [Problem(f"individual {p.id!r}", "a table reads this id as 'no parent': rename the "
                   "person") for p in people if p.id.strip().lower() in _NO_PARENT]
    bad += [Problem(f"individual {p.id!r}", "a table reads cells trimmed: this id starts or "
                    "ends with white space") for p in people if p.id != p.id.strip()]
    if bad:
        raise PedigreeError(bad)
    twin_of: dict[str, tuple[str, str]] = {}
    for g, group in enumerate(pedigree.twins, start=1):
        key = {Zygosity.MZ: "mztwin", Zygosity.DZ: "dztwin"}.get(group.zygosity, "twin")
        for m in group.members:
            twin_of[m] = (key, str(g))
    columns: dict[str, list[str]] = {}

    def put(name: str, values: list[str]) -> None:
        if any(values):
            columns[name] = values

    yes = {True: "yes", False: "no", None: ""}
    if pedigree.family is not None:
        put("family", [pedigree.family] * len(people))
    columns["id"] = [p.id for p in people]
    columns["sex"] = [p.sex.value for p in people]
    put("mother", [p.mother or "" for p in people])
    put("father", [p.father or "" for p in people])
    put("affected", [yes[p.affected] for p in people])
    put("deceased", ["yes" if p.deceased else "" for p in people])
    put("age", [_number(p.age) for p in people])
    put("birth_year", [str(p.birth_year) if p.birth_year is not None else "" for p in people])
    put("onset_age", [_number(p.onset_age) for p in people])
    put("proband", ["yes" if p.id == pedigree.proband else "" for p in people])
    put("consultand", ["yes" if p.id == pedigree.consultand else "" for p in people])
    for key in ("mztwin", "dztwin", "twin"):
        put(key, [twin_of[p.id][1] if twin_of.get(p.id, ("", ""))[0] == key else ""
                  for p in people])
    first = [p.tests[0] if p.tests else None for p in people]
    put("test", [t.result.value if t else "" for t in first])
    put("test_sensitivity", [_fraction(t.sensitivity) if t else "" for t in first])
    put("test_specificity", [_fraction(t.specificity) if t else "" for t in first])
    put("test_method", [t.method or "" if t else "" for t in first])
    put("test_gene", [t.gene or "" if t else "" for t in first])
    put("adopted", [p.adopted.value if p.adopted else "" for p in people])
    put("label", [p.label or "" for p in people])
    put("note", [p.note or "" for p in people])
    lost: list[str] = []
    ext = pedigree.extensions.get(EXTENSION)
    if isinstance(ext, Mapping) and isinstance(ext.get("columns"), list):
        raw = ext.get("cells")
        cells: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        for name in ext["columns"]:
            if isinstance(name, str) and name not in columns:
                columns[name] = [str(row.get(name, "")) if isinstance(
                    row := cells.get(p.id), Mapping) else "" for p in people]
    neutralised: list[str] = []
    for values in columns.values():
        for i, value in enumerate(values):
            if "\r" in value:  # a lone carriage return would end the row: write newlines
                value = values[i] = value.replace("\r\n", "\n").replace("\r", "\n")
            if value.startswith(_FORMULA):
                values[i] = "'" + value
                neutralised.append(people[i].id)
    out = _io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*columns.values(), strict=True))
    if neutralised:
        lost.append(f"cells starting with =, +, -, @ (written with a leading ': "
                    f"{listing(sorted(set(neutralised)))})")
    return out.getvalue(), lost + lost_fields(pedigree)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _fraction(value: Any) -> str:
    from .._values import format_fraction

    return "" if value == 1 else str(format_fraction(value))


def lost_fields(pedigree: Pedigree) -> list[str]:
    """What of ``pedigree`` a table cannot hold."""
    lost = lost_person_fields(pedigree, ("gender", "carrier measurements",
                                         "pregnancy", "hypothetical", "evaluated",
                                         "clinical features"))
    several = [p.id for p in pedigree.individuals if len(p.tests) > 1]
    if several:
        lost.append(f"second and further test results ({listing(several)})")
    detail = [p.id for p in pedigree.individuals
              if any(t.variant or t.date or t.lab or t.note for t in p.tests)]
    if detail:
        lost.append(f"test variant, date, lab and note ({listing(detail)})")
    if pedigree.unions:
        lost.append("unions (couples are only implied by their children)")
    family = lost_family_fields(pedigree, extension=EXTENSION, holds_proband=True)
    return lost + [x for x in family if x != "consultand"]
