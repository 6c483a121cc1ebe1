"""LINKAGE / PLINK PED and FAM files (six whitespace-separated columns).

Columns: family id, individual id, father, mother, sex (1 male, 2 female, 0
unknown), phenotype (1 unaffected, 2 affected, 0 or -9 missing). ``0`` as a
parent means "not in the file". ``.ped`` files may carry genotype columns after
the sixth; they are ignored. PED holds structure, sex and affection only:
:func:`dumps` returns the list of what it had to leave out.

>>> ped = loads('''
... F1 mum 0 0 2 1
... F1 dad 0 0 1 1
... F1 son dad mum 1 2
... ''')
>>> ped["son"].affected, ped["mum"].affected, ped.family
(True, False, 'F1')
>>> text, lost = dumps(ped)
>>> text.splitlines()[2].split()
['F1', 'son', 'dad', 'mum', '1', '2']
>>> lost
[]
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections.abc import Mapping
from typing import Any

from ..errors import PedigreeError, Problem, ReadError
from ..model import Individual, Pedigree, Sex
from . import table
from ._lines import by_line, not_about, placed
from ._lost import lost_family_fields, lost_person_fields
from .table import header_fields

__all__ = ["dumps", "families", "has_header", "loads", "parse"]

_SEX = {"1": Sex.MALE, "2": Sex.FEMALE, "0": Sex.UNKNOWN}
_PHENOTYPE = {"1": False, "2": True, "0": None, "-9": None}
_NO_PARENT = frozenset({"0", "-9"})


def has_header(text: str) -> bool:
    r"""True when the first line names the columns (PLINK ``#FID IID ...``, peddy, pedtools).

    >>> has_header("#FID IID PAT MAT SEX PHENOTYPE\nF a 0 0 1 1\n")
    True
    >>> has_header("id fid mid sex aff\n1 0 0 1 1\n"), has_header("F id 0 0 1 2\n")
    (True, False)
    """
    first = _first(text)
    return first is not None and _names_columns(first)


def _names_columns(line: str) -> bool:
    fields = header_fields(line.lstrip("#").split())
    return len(fields) >= 2 and "id" in fields.values()


def _first(text: str) -> str | None:
    """The first line that is neither blank nor a comment (a ``#`` line naming columns,
    PLINK's ``#FID IID ...``, is a header, not a comment)."""
    for line in text.lstrip("\ufeff").splitlines():
        line = line.strip()
        if line and (not line.startswith("#") or _names_columns(line)):
            return line
    return None


def _comments_blanked(text: str) -> str:
    """The text with the comment lines before its header emptied (line numbers kept)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped and (not stripped.startswith("#") or _names_columns(stripped)):
            break
        lines[k] = "\n"
    return "".join(lines)


def families(text: str) -> list[str | None]:
    """The family ids (first column) in file order; ``[None]`` without a family column."""
    if has_header(text):
        return table.families(_comments_blanked(text))
    rows = [line.split() for line in text.lstrip("\ufeff").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    found = [cols[0] for cols in rows if len(cols) >= 6 and len(cols) % 2 == 0]
    return list(dict.fromkeys(found)) or [None]


def loads(text: str, *, source: str | None = None, family: str | None = None) -> Pedigree:
    """Read a PED/FAM text; ``family`` picks one family from a multi-family file.

    Raises
    ------
    ReadError
        A row with the wrong number of columns or a bad code (names the line).
    PedigreeError
        The rows do not make a valid pedigree (names the line and the id).
    """
    return parse(text, source=source, family=family)[0]


def parse(text: str, *, source: str | None = None,
          family: str | None = None) -> tuple[Pedigree, list[str]]:
    r"""Like :func:`loads`, and also return warnings.

    A first line naming the columns (PLINK's ``#FID IID PAT MAT SEX PHENOTYPE``,
    peddy's ``#family_id sample_id paternal_id maternal_id sex phenotype ...``,
    pedtools/QuickPed's ``id fid mid sex aff`` without a family column, R
    ``write.table`` output with row names) is read by its names: extra named
    columns are kept in ``pedigree.extensions["table"]`` and written back.

    >>> ped, warnings = parse("#family_id sample_id paternal_id maternal_id sex phenotype "
    ...                       "ethnicity\nF1 a 0 0 2 1 EUR\n")
    >>> dict(ped.extensions["table"])
    {'columns': ['ethnicity'], 'cells': {'a': {'ethnicity': 'EUR'}}}
    >>> warnings
    ["column 'ethnicity' not used (kept in extensions)"]
    """
    if has_header(text):
        return table.parse(_comments_blanked(text), source=source, family=family,
                           genotypes=True)
    rows: list[tuple[int, list[str]]] = []
    problems: list[tuple[str, Problem]] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cols = stripped.split()
        if len(cols) < 6 or len(cols) % 2:
            found = f"found {len(cols)}"
            if len(cols) == 5:
                found += " (QuickPed/pedtools files need their header line 'id fid mid sex aff')"
            problems.append((cols[0], Problem(
                f"line {number}",
                f"expected 6 columns (family, id, father, mother, sex, phenotype) "
                f"plus pairs of genotype columns, {found}")))
            continue
        rows.append((number, cols))
    if not rows and not problems:
        raise ReadError("the file has no PED rows", source=source)
    if not rows:
        raise PedigreeError(by_line([p for _, p in problems]), source=source)
    families_found = list(dict.fromkeys(cols[0] for _, cols in rows))
    if family is not None:
        if family not in families_found:
            raise ReadError(f"no family {family!r} in the file (found "
                            f"{', '.join(families_found[:10])})", source=source)
        rows = [r for r in rows if r[1][0] == family]
        problems = [p for p in problems if p[0] == family]
    elif len(families_found) > 1 and not problems:
        raise ReadError(
            f"the file holds {len(families_found)} families ({', '.join(families_found[:5])}"
            f"{', ...' if len(families_found) > 5 else ''}); choose one with --family",
            source=source,
        )
    found_problems = [p for _, p in problems]
    individuals: list[Individual] = []
    places: dict[str, list[str]] = {}  # id -> where each person with it is
    for number, cols in rows:
        _fid, iid, father, mother, sex, phenotype = cols[:6]
        where = f"line {number} (id {iid!r})"
        if iid in _NO_PARENT:
            found_problems.append(Problem(where, f"individual id must not be {iid}"))
            continue
        if sex not in _SEX:
            found_problems.append(Problem(where, f"sex must be 1 (male), 2 (female) or 0, "
                                          f"got {sex!r}"))
            continue
        if phenotype not in _PHENOTYPE:
            found_problems.append(
                Problem(where, f"phenotype must be 1 (unaffected), 2 (affected), 0 or -9, "
                        f"got {phenotype!r}")
            )
            continue
        places.setdefault(iid, []).append(where)
        try:
            individuals.append(
                Individual(
                    iid,
                    _SEX[sex],
                    mother=None if mother in _NO_PARENT else mother,
                    father=None if father in _NO_PARENT else father,
                    affected=_PHENOTYPE[phenotype],
                )
            )
        except PedigreeError as exc:
            found_problems += [Problem(where, p.message) for p in exc.problems]
    if individuals:  # the tree's own problems too, when some rows had problems
        try:
            pedigree = Pedigree(individuals, family=rows[0][1][0] if rows else None)
        except PedigreeError as exc:
            broken = {cols[1] for _, cols in rows} - {p.id for p in individuals}
            found_problems += [placed(p, places) for p in not_about(exc.problems, broken)]
        else:
            if not found_problems:
                return pedigree, []
    raise PedigreeError(by_line(found_problems), source=source)


def dumps(pedigree: Pedigree) -> tuple[str, list[str]]:
    """PED text for ``pedigree``, and one line per kind of data PED cannot hold."""
    fid = re.sub(r"\s+", "_", pedigree.family or "FAM1").lstrip("#") or "FAM1"
    bad = [Problem(f"individual {p.id!r}", "id contains white space, which PED cannot hold")
           for p in pedigree.individuals if any(ch.isspace() for ch in p.id)]
    bad += [Problem(f"individual {p.id!r}", f"id {p.id} means 'no parent' in PED: rename the "
                    "person") for p in pedigree.individuals if p.id in _NO_PARENT]
    if bad:
        raise PedigreeError(bad)
    sex = {Sex.MALE: "1", Sex.FEMALE: "2", Sex.UNKNOWN: "0"}
    pheno = {True: "2", False: "1", None: "0"}
    names, cells = _extra_columns(pedigree)
    rows = []
    for p in pedigree.individuals:
        kept = cells.get(p.id, {})
        extra = [_cell(kept.get(name)) for name in names]
        rows.append((fid, p.id, p.father or "0", p.mother or "0", sex[p.sex],
                     pheno[p.affected], *extra))
    lines = ["\t".join(row) for row in rows]
    if names or has_header(lines[0]):  # named columns, or a first row that reads as a header
        # a file with a header is read as a table: cells are quoted as CSV quotes them
        out = _io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("#family_id", "individual_id", "paternal_id", "maternal_id", "sex",
                         "phenotype", *names))
        writer.writerows(rows)
        lines = out.getvalue().splitlines()
    lost = lost_fields(pedigree)
    if pedigree.family is not None and fid != pedigree.family:
        lost.append(f"family id {pedigree.family!r} (PED: no white space, no leading #; "
                    f"written as {fid!r})")
    return "\n".join(lines) + "\n", lost


def _extra_columns(pedigree: Pedigree) -> tuple[list[str], dict[str, Mapping[str, Any]]]:
    """Named columns kept from a PED or table file with a header (written back)."""
    ext = pedigree.extensions.get(table.EXTENSION)
    if not isinstance(ext, Mapping) or not isinstance(ext.get("columns"), list):
        return [], {}
    names = [re.sub(r"\s+", "_", n) for n in ext["columns"] if isinstance(n, str) and n.strip()]
    raw = ext.get("cells")
    cells = {str(k): v for k, v in raw.items() if isinstance(v, Mapping)} if isinstance(
        raw, Mapping) else {}
    return names, cells


def _cell(value: Any) -> str:
    text = re.sub(r"\s+", "_", str(value).strip()) if value is not None else ""
    return text or "NA"


def lost_fields(pedigree: Pedigree) -> list[str]:
    """What of ``pedigree`` a PED file cannot hold, one line per kind of data."""
    lost = lost_person_fields(pedigree, (
        "test results", "carrier measurements",
        "deceased", "age", "birth year", "onset age", "gender", "pregnancy",
        "hypothetical", "evaluated", "adoption", "clinical features", "label", "note",
    ))
    if pedigree.twins:
        lost.append("twins")
    if pedigree.unions:
        lost.append("unions")
    if pedigree.proband is not None:
        lost.append("proband")
    return lost + lost_family_fields(pedigree, extension=table.EXTENSION)
