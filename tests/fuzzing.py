"""Fuzzing every reader and writer: hostile inputs and the one property they must keep.

Shared by ``tests/test_fuzz.py`` (a few dozen cases per reader and writer in CI) and
``tools/fuzz.py`` (thousands, for a longer run). The property, :func:`exercise`:

* reading any text gives a :class:`~xlinked.Pedigree` or raises an
  :class:`~xlinked.XlinkedError` (never another exception);
* every writer writes a pedigree that was read, or raises an XlinkedError;
* what a writer writes, its reader reads back (the native formats: equal).

Inputs come from three sources: documents built from each format's own keys with
hostile values (:func:`native_texts`, :func:`pedigreejs_texts`, :func:`ped_texts`,
:func:`canrisk_texts`), random edits of the example files and of the format fixtures of
every format (GEDCOM, GA4GH, tables too: :func:`mutated`), and pedigrees with
arbitrary ids and text (:func:`pedigrees_with_text`, for the writers).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from strategies import LINE_TEXT, NOTE_TEXT, pedigrees
from xlinked import Pedigree, XlinkedError, io

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "pedigrees"

#: Strings that broke readers before (issue 10) or sit on a boundary.
SPECIAL_TEXT = [
    "", " ", "0", "-9", "1", "2", "M", "F", "U", "male", "x", "mum", "son", "a b", "#F1",
    "ped-1", "FID", "1e-999999999", "1e999", "nan", "inf", "-1", "1/0", "19/20", "0.95",
    "=HYPERLINK(1)", "+1", "@x", "$\\alpha$", "$\\frac{$", "\x1b[2J", "\ud800", "\udfff",
    "\u202e", "\u2028", "\x85", "\t", "\n", "\r", "\x00", "2020-01-01", "P", "N", "T", "S",
    "0." + "0" * 200 + "1", "1" * 120, "positive", "negative", "MZ", "DZ", "in", "out",
]
SPECIAL_NUMBERS = [0, 1, 2, -1, -9, 0.5, 1e-320, 1e308, -1e308, 10**400, 2**63, 150, 151,
                   45, 46, 999, 1000, 2999, 3000, float("nan"), float("inf"), True, False]

any_text = st.one_of(st.sampled_from(SPECIAL_TEXT),
                     st.text(st.characters(exclude_categories=()), max_size=12))
scalars = st.one_of(st.none(), st.booleans(), st.sampled_from(SPECIAL_NUMBERS),
                    st.integers(-(10**30), 10**30), st.floats(), any_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(any_text, inner, max_size=3)), max_leaves=8)

_IDS = ["mum", "dad", "son", "gran", "a", "0", ""]
ids = st.one_of(st.sampled_from(_IDS), any_text, scalars)


def _record(keys: list[str], required: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    optional = {k: st.one_of(scalars, values) for k in keys}
    optional.update({k: st.one_of(v, scalars) for k, v in required.items()})
    return st.fixed_dictionaries({}, optional=optional)


# -- documents of each format ------------------------------------------------------------

_PERSON_KEYS = ["label", "gender", "affected", "onset_age", "deceased", "age", "birth_year",
                "pregnancy", "hypothetical", "evaluated", "adopted", "features", "note",
                "bogus"]
_SEX = st.sampled_from(["M", "F", "U", "male", "X", ""])
_TEST = _record(["sensitivity", "specificity", "gene", "method", "variant", "date", "lab",
                 "note"], {"result": st.sampled_from(["positive", "negative", "inconclusive"])})
_PERSON = _record(_PERSON_KEYS, {"id": ids, "sex": _SEX, "mother": ids, "father": ids,
                                 "tests": st.lists(_TEST, max_size=2)})
_MODEL = _record(["mutation_rate", "male_mutation_rate", "male_fitness", "carrier_frequency",
                  "female_penetrance", "phenocopy_rate", "name"],
                 {"penetrance": st.one_of(values, st.lists(_record(
                     [], {"from_age": scalars, "value": scalars}), max_size=3)),
                  "germline_mosaicism": _record([], {"prior": scalars,
                                                     "transmission": scalars}),
                  "preset": st.sampled_from(["ipex", "/dev/zero", "x.yaml", "../x.json", "nope"])})
_NATIVE = _record(["family", "condition", "twins", "unions"],
                  {"xlinked": st.sampled_from([1, 1, 2, "1", None]),
                   "individuals": st.lists(_PERSON, max_size=5), "proband": ids,
                   "consultand": ids, "model": _MODEL, "extensions": values})


def _as_text(doc: Any, how: str) -> str:
    if how == "yaml":
        try:
            return str(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
        except (yaml.YAMLError, UnicodeError, ValueError):
            how = "json"
    return json.dumps(doc, ensure_ascii=how == "json-ascii", default=str)


@st.composite
def native_texts(draw: Any) -> tuple[str, str]:
    """Native YAML or JSON documents with hostile values; (text, format)."""
    how = draw(st.sampled_from(["yaml", "json", "json-ascii"]))
    return _as_text(draw(_NATIVE), how), "json" if how.startswith("json") else "yaml"


_PJS_KEYS = ["display_name", "famid", "proband", "status", "age", "yob", "mztwin", "dztwin",
             "affected", "adopted_in", "adopted_out", "miscarriage", "termination",
             "stillbirth", "divorced", "noparents", "hidden", "top_level",
             "ipex_diagnosis_age", "breast_cancer_diagnosis_age", "xlinked_placeholder"]
_PJS_TEST = _record(["sensitivity", "specificity", "gene", "method"],
                    {"type": st.sampled_from(["S", "T", "0", "X"]),
                     "result": st.sampled_from(["P", "N", "0", "HET", "Q"])})
_PJS = _record(_PJS_KEYS, {"name": ids, "sex": _SEX, "mother": ids, "father": ids,
                           "foxp3_gene_test": _PJS_TEST, "brca1_gene_test": _PJS_TEST})


@st.composite
def pedigreejs_texts(draw: Any) -> tuple[str, str]:
    """pedigreejs arrays of records with hostile values."""
    records = draw(st.lists(_PJS, min_size=1, max_size=5))
    return _as_text(records, draw(st.sampled_from(["json", "json-ascii"]))), "pedigreejs"


_TOKENS = st.one_of(st.sampled_from(["0", "1", "2", "-9", "F1", "mum", "dad", "son", "#x",
                                     "ped", "FID", "ped-1", "IID"]), any_text)


@st.composite
def ped_texts(draw: Any) -> tuple[str, str]:
    """PED rows of hostile tokens, sometimes with a header line."""
    rows = draw(st.lists(st.lists(_TOKENS, min_size=0, max_size=8), min_size=1, max_size=6))
    sep = draw(st.sampled_from([" ", "\t", "  "]))
    lines = [sep.join(row) for row in rows]
    if draw(st.booleans()):
        lines.insert(0, "FID IID PAT MAT SEX PHENOTYPE")
    return "\n".join(lines) + "\n", "ped"


_HEADER = ["FamID", "Name", "Target", "IndivID", "FathID", "MothID", "Sex", "MZtwin", "Dead",
           "Age", "Yob", "BC1", "BC2", "OC", "PRO", "PAN", "Ashkn", "BRCA1", "BRCA2", "PALB2",
           "ATM", "CHEK2", "BARD1", "RAD51D", "RAD51C", "BRIP1", "ER:PR:HER2:CK14:CK56"]
_CELL = st.one_of(st.sampled_from(["0", "1", "F", "M", "U", "F1", "a", "b", "c", "0:0",
                                   "1e999999999", "-3", "2000", "nan", "150", "151"]), any_text)


@st.composite
def canrisk_texts(draw: Any) -> tuple[str, str]:
    """CanRisk files with hostile cells and sometimes a wrong number of them."""
    version = draw(st.sampled_from(["##CanRisk 2.0", "##CanRisk 4.0", "##CanRisk 9.1",
                                    "BOADICEA import pedigree file format 4.0"]))
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        width = len(_HEADER) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        rows.append("\t".join(draw(st.lists(_CELL, min_size=width, max_size=width))))
    meta = draw(st.lists(st.sampled_from(["##menarche=12", "##x", "## y=\u202e"]), max_size=2))
    return "\n".join([version, *meta, "##" + "\t".join(_HEADER), *rows]) + "\n", "canrisk"


# -- edits of valid files ---------------------------------------------------------------------

_SNIPPETS = ["&a ", "*a", "[[[[[[", "]", "{", "}", ": ", "- ", "!!binary ", "!!python/name:os",
             "1e-999999999", "1" + "0" * 400, "\t", "\r", "\n", "#", "'", '"', "\\", "\x00",
             "\ud800", "\u202e", "\x1b", "NaN", ",", "\n  - {id: x, sex: F, mother: x}\n",
             "<<: {sex: M}", "~", "null", "?", "|", ">", "%YAML 1.1\n---\n", "---\n", "..."]
EXAMPLE_FILES = sorted(p for folder in (EXAMPLES, EXAMPLES.parent.parent / "tests" / "data" /
                                          "formats")
                       for p in folder.iterdir() if p.is_file())


@st.composite
def mutated(draw: Any) -> tuple[str, str | None]:
    """An example file with a few random edits: inserted snippets, cuts, repeats."""
    path = draw(st.sampled_from(EXAMPLE_FILES))
    text = path.read_text("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "cut", "repeat", "swap"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(_SNIPPETS), any_text)) + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "repeat":
            end = min(len(text), at + draw(st.integers(1, 200)))
            text = text[:end] + text[at:end] + text[end:]
        else:
            end = min(len(text), at + 1)
            text = text[:at] + draw(any_text)[:1] + text[end:]
    fmt = {".yaml": "yaml", ".ped": "ped", ".canrisk": "canrisk", ".ged": "gedcom",
           ".csv": "csv", ".tsv": "tsv"}.get(path.suffix)  # else told from the content
    return text, fmt


# -- pedigrees for the writers ------------------------------------------------------------------

_ID_TEXT = st.one_of(st.text(LINE_TEXT, min_size=1, max_size=10).filter(str.strip),
                     st.sampled_from(["0", "#F1", "=x", "-1", "a b", "$x$", "ped-1", "FID"]))


@st.composite
def pedigrees_with_text(draw: Any) -> Pedigree:
    """Valid pedigrees whose ids, labels, notes and family id are arbitrary text."""
    ped = draw(pedigrees(max_people=8, extras=True, unknown_sex=True, shuffle=True))
    names = draw(st.lists(_ID_TEXT, min_size=len(ped), max_size=len(ped), unique=True))
    rename = dict(zip(ped.ids, names, strict=True))
    people = [p.replace(id=rename[p.id], mother=rename.get(p.mother or ""),
                        father=rename.get(p.father or ""),
                        note=draw(st.one_of(st.none(), st.text(NOTE_TEXT, max_size=10))))
              for p in ped.individuals]
    twins = [t.__class__(tuple(rename[m] for m in t.members), t.zygosity) for t in ped.twins]
    unions = [u.__class__((rename[u.partners[0]], rename[u.partners[1]]), u.consanguineous,
                          u.separated, u.childless, u.note) for u in ped.unions]
    return Pedigree(people, twins=twins, unions=unions,
                    family=draw(st.one_of(st.none(), _ID_TEXT)),
                    proband=draw(st.one_of(st.none(), st.sampled_from(names))))


# -- the property ------------------------------------------------------------------------------


class Found(AssertionError):
    """A fuzz case broke the property: which step, and the exception."""


def _step(what: str, action: Callable[[], Any]) -> Any:
    try:
        return action()
    except XlinkedError:
        raise
    except Exception as exc:
        raise Found(f"{what}: {type(exc).__name__}: {exc}"[:500]) from exc


def write_and_read_back(ped: Pedigree) -> dict[str, str]:
    """Write ``ped`` in every format and read each back; what happened per format."""
    outcome = {}
    for fmt in io.FORMATS:
        try:
            text, _lost = _step(f"writing {fmt}", lambda fmt=fmt: io.dumps(ped, fmt))
        except XlinkedError:
            outcome[fmt] = "refused"
            continue
        try:
            again = _step(f"reading back {fmt}", lambda fmt=fmt, text=text: io.loads(text, fmt))[0]
        except XlinkedError as exc:
            raise Found(f"{fmt}: the writer wrote what its reader refuses: {exc}"[:500]) from exc
        if fmt in ("yaml", "json") and again != ped:
            raise Found(f"{fmt}: read back differs")
        outcome[fmt] = "read back"
    return outcome


def exercise(text: str, fmt: str | None) -> str:
    """Read ``text`` and, when it is a pedigree, write it in every format and read
    each back. Returns "refused" or "read"; raises :class:`Found` on a break."""
    try:
        ped = _step("reading", lambda: io.loads(text, fmt, source="fuzz"))[0]
    except XlinkedError as exc:
        message = str(exc)
        _step("the message", lambda: message.encode("utf-8"))  # no surrogates
        return "refused"
    write_and_read_back(ped)
    return "read"
