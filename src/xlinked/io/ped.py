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

import re

from ..errors import PedigreeError, Problem, ReadError
from ..model import Individual, Pedigree, Sex
from ._lines import by_line
from ._lost import lost_family_fields, lost_person_fields

__all__ = ["dumps", "loads"]

_SEX = {"1": Sex.MALE, "2": Sex.FEMALE, "0": Sex.UNKNOWN}
_PHENOTYPE = {"1": False, "2": True, "0": None, "-9": None}
_HEADER_WORDS = frozenset({"fid", "famid", "family", "family_id", "familyid", "fam", "ped",
                           "pedigree"})


def _is_header(cols: list[str]) -> bool:
    """A column header: only the first line, starting with a header word (FID, family...),
    and not a valid row (a family called 'ped' with valid codes is data).

    >>> _is_header("FID IID PAT MAT SEX PHENOTYPE".split()), _is_header("ped 1 0 0 1 2".split())
    (True, False)
    """
    if cols[0].lower() not in _HEADER_WORDS:
        return False
    return len(cols) < 6 or cols[4] not in _SEX or cols[5] not in _PHENOTYPE


def loads(text: str, *, source: str | None = None, family: str | None = None) -> Pedigree:
    """Read a PED/FAM text; ``family`` picks one family from a multi-family file.

    Raises
    ------
    ReadError
        A row with the wrong number of columns or a bad code (names the line).
    PedigreeError
        The rows do not make a valid pedigree (names the line and the id).
    """
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    first = True
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # blank lines and comments (a '#FID IID ...' header too)
        cols = stripped.split()
        if first and _is_header(cols):
            first = False
            continue
        first = False
        if len(cols) < 6 or len(cols) % 2:
            problems.append(
                Problem(
                    f"line {number}",
                    f"expected 6 columns (family, id, father, mother, sex, phenotype) "
                    f"plus pairs of genotype columns, found {len(cols)}",
                )
            )
            continue
        rows.append((number, cols))
    if not rows and not problems:
        raise ReadError("the file has no PED rows", source=source)
    families = list(dict.fromkeys(cols[0] for _, cols in rows))
    if family is not None:
        if family not in families:
            raise ReadError(f"no family {family!r} in the file (found {', '.join(families)})",
                            source=source)
        rows = [r for r in rows if r[1][0] == family]
    elif len(families) > 1:
        raise ReadError(
            f"the file holds {len(families)} families ({', '.join(families[:5])}); "
            "choose one with --family",
            source=source,
        )
    individuals: list[Individual] = []
    lines: dict[str, int] = {}
    for number, cols in rows:
        _fid, iid, father, mother, sex, phenotype = cols[:6]
        where = f"line {number} (id {iid!r})"
        if iid == "0":
            problems.append(Problem(where, "individual id must not be 0"))
            continue
        if sex not in _SEX:
            problems.append(Problem(where, f"sex must be 1 (male), 2 (female) or 0, got {sex!r}"))
            continue
        if phenotype not in _PHENOTYPE:
            problems.append(
                Problem(where, f"phenotype must be 1 (unaffected), 2 (affected), 0 or -9, "
                        f"got {phenotype!r}")
            )
            continue
        lines.setdefault(iid, number)
        try:
            individuals.append(
                Individual(
                    iid,
                    _SEX[sex],
                    mother=None if mother == "0" else mother,
                    father=None if father == "0" else father,
                    affected=_PHENOTYPE[phenotype],
                )
            )
        except PedigreeError as exc:
            problems += [Problem(f"line {number}", p.message) for p in exc.problems]
    if not problems:
        try:
            return Pedigree(individuals, family=rows[0][1][0] if rows else None)
        except PedigreeError as exc:
            problems += [_with_line(p, lines) for p in exc.problems]
    raise PedigreeError(by_line(problems), source=source)


def _with_line(problem: Problem, lines: dict[str, int]) -> Problem:
    match = re.match(r"individual '(.*)'$", problem.where)
    if match and match.group(1) in lines:
        return Problem(f"line {lines[match.group(1)]} (id {match.group(1)!r})", problem.message)
    return problem


def dumps(pedigree: Pedigree) -> tuple[str, list[str]]:
    """PED text for ``pedigree``, and one line per kind of data PED cannot hold."""
    fid = re.sub(r"\s+", "_", pedigree.family or "FAM1").lstrip("#") or "FAM1"
    bad = [Problem(f"individual {p.id!r}", "id contains white space, which PED cannot hold")
           for p in pedigree.individuals if any(ch.isspace() for ch in p.id)]
    bad += [Problem(f"individual {p.id!r}", "id 0 means 'no parent' in PED: rename the person")
            for p in pedigree.individuals if p.id == "0"]
    if bad:
        raise PedigreeError(bad)
    sex = {Sex.MALE: "1", Sex.FEMALE: "2", Sex.UNKNOWN: "0"}
    pheno = {True: "2", False: "1", None: "0"}
    out = []
    for p in pedigree.individuals:
        out.append(
            "\t".join((fid, p.id, p.father or "0", p.mother or "0", sex[p.sex], pheno[p.affected]))
        )
    lost = lost_fields(pedigree)
    if pedigree.family is not None and fid != pedigree.family:
        lost.append(f"family id {pedigree.family!r} (PED: no white space, no leading #; "
                    f"written as {fid!r})")
    return "\n".join(out) + "\n", lost


def lost_fields(pedigree: Pedigree) -> list[str]:
    """What of ``pedigree`` a PED file cannot hold, one line per kind of data."""
    lost = lost_person_fields(pedigree, (
        "test results", "deceased", "age", "birth year", "onset age", "gender", "pregnancy",
        "hypothetical", "evaluated", "adoption", "clinical features", "label", "note",
    ))
    if pedigree.twins:
        lost.append("twins")
    if pedigree.unions:
        lost.append("unions")
    if pedigree.proband is not None:
        lost.append("proband")
    return lost + lost_family_fields(pedigree)
