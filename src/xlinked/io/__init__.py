"""Reading and writing pedigree files: one module per format.

:func:`read` and :func:`write` pick the format from the file name (or from the
``format`` argument), else from the content: ``.yaml``/``.yml``/``.json`` for the
native format, ``.ped``/``.fam`` for LINKAGE/PLINK, ``.canrisk``/``.boadicea`` for
CanRisk files, ``.csv``/``.tsv`` for tables, ``.ged`` for GEDCOM; a JSON array is
pedigreejs, a mapping with ``relationships`` or ``pedigree.persons`` is GA4GH
(``docs/formats.md``). :data:`CATALOGUE` says what each format keeps and loses.

Files holding several families (PED, CanRisk, pedigreejs, tables): :func:`families`
lists them, ``read(path, family=...)`` reads one, and :func:`each_family` reads
every one of them, each with its own error, from one reading of the file.

>>> import tempfile, pathlib
>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write(ped, folder / "family.yaml")
[]
>>> read(folder / "family.yaml") == ped
True
>>> _ = (folder / "two.ped").write_text("A mum 0 0 2 1\\nB dad 0 0 1 1\\n")
>>> families(folder / "two.ped")
['A', 'B']
>>> [(f.family, len(f.pedigree)) for f in each_family(folder / "two.ped")]
[('A', 1), ('B', 1)]
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._input import MAX_INPUT_BYTES, read_file
from .._values import shown
from ..errors import PedigreeError, ReadError, XlinkedError
from ..model import Condition, Pedigree
from . import _heads

# The format modules (canrisk, ga4gh, gedcom, native, ped, pedigreejs, table) are
# imported on first use: reading a YAML file needs none of the others.
if TYPE_CHECKING:
    from ._catalogue import CATALOGUE, FormatInfo
    from ._families import FamilyRead, FamilyText

__all__ = ["CATALOGUE", "FORMATS", "MAX_INPUT_BYTES", "FamilyRead", "FamilyText",
           "FormatInfo", "detect_format", "dumps", "each_family", "families", "family_texts",
           "load", "loads", "read", "read_family",
           "write"]

_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ped": "ped", ".fam": "ped",
               ".canrisk": "canrisk", ".boadicea": "canrisk", ".csv": "csv", ".tsv": "tsv",
               ".tab": "tsv", ".ged": "gedcom"}

Reader = Callable[..., tuple[Pedigree, list[str]]]

#: the modules of the formats, each imported when a file of its format is read or written
_MODULES = ("canrisk", "ga4gh", "gedcom", "native", "ped", "pedigreejs", "table")


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in ("CATALOGUE", "FormatInfo"):
        from . import _catalogue

        return getattr(_catalogue, name)
    if name in ("FamilyRead", "FamilyText"):
        from . import _families

        return getattr(_families, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _native(text: str, source: str | None, family: str | None, *,
            folder: str | os.PathLike[str] | None = None, preset_files: bool = True,
            **_: Any) -> tuple[Pedigree, list[str]]:
    from . import native

    hint = _heads.ga4gh(text)
    if hint is not None:
        raise ReadError(f"this looks like a {_heads.GA4GH_TITLES[hint]} file, not an xlinked "
                        f"file: read it with --from {hint}", source=source)
    return native.loads(text, source=source, folder=folder, preset_files=preset_files), []


def _ped(text: str, source: str | None, family: str | None,
         **_: Any) -> tuple[Pedigree, list[str]]:
    from . import ped

    return ped.parse(text, source=source, family=family)


def _table(text: str, source: str | None, family: str | None,
           **_: Any) -> tuple[Pedigree, list[str]]:
    from . import table

    return table.parse(text, source=source, family=family)


def _pedigreejs(text: str, source: str | None, family: str | None, *, gene: str | None = None,
                condition: str | None = None, **_: Any) -> tuple[Pedigree, list[str]]:
    from . import pedigreejs

    disease = "_".join(condition.lower().split()) if condition else None
    return pedigreejs.parse(text, source=source, family=family, gene=gene, disease=disease)


def _canrisk(text: str, source: str | None, family: str | None,
             **_: Any) -> tuple[Pedigree, list[str]]:
    from . import canrisk

    return canrisk.parse(text, source=source, family=family)


def _gedcom(text: str, source: str | None, family: str | None,
            **_: Any) -> tuple[Pedigree, list[str]]:
    from . import gedcom

    return gedcom.parse(text, source=source)


def _ga4gh(text: str, source: str | None, family: str | None,
           **_: Any) -> tuple[Pedigree, list[str]]:
    from . import ga4gh

    return ga4gh.parse(text, source=source)


# format -> function(text, source, family, gene=, condition=) -> (Pedigree, warnings)
_READERS: dict[str, Reader] = {
    "yaml": _native, "json": _native, "ped": _ped, "pedigreejs": _pedigreejs,
    "canrisk": _canrisk, "csv": _table, "tsv": _table, "gedcom": _gedcom,
    "ga4gh": _ga4gh, "phenopackets": _ga4gh,
}


def _dumps(format: str, pedigree: Pedigree) -> tuple[str, list[str]]:
    """``pedigree`` written in ``format`` (one of the keys of :data:`_READERS`)."""
    if format in ("yaml", "json"):
        from . import native

        return native.dumps(pedigree, as_json=format == "json"), []
    if format in ("csv", "tsv"):
        from . import table

        return table.dumps(pedigree, delimiter="\t" if format == "tsv" else ",")
    if format in ("ga4gh", "phenopackets"):
        from . import ga4gh

        return ga4gh.dumps(pedigree, form=format)
    if format == "ped":
        from . import ped

        return ped.dumps(pedigree)
    if format == "pedigreejs":
        from . import pedigreejs

        return pedigreejs.dumps(pedigree)
    if format == "canrisk":
        from . import canrisk

        return canrisk.dumps(pedigree)
    from . import gedcom

    return gedcom.dumps(pedigree)


def _families_of(kind: str, text: str) -> list[str | None]:
    """The family ids of a file of format ``kind`` (one of :data:`_FAMILIES`), in file order."""
    from . import canrisk, ped, pedigreejs, table

    return {"ped": ped.families, "canrisk": canrisk.families,
            "pedigreejs": pedigreejs.families, "csv": table.families,
            "tsv": table.families}[kind](text)


#: the formats of files that may hold several families
_FAMILIES = ("ped", "canrisk", "pedigreejs", "csv", "tsv")
FORMATS = tuple(_READERS)


def detect_format(path: str | os.PathLike[str], text: str | None = None) -> str:
    """The format of ``path``: from its content when given and telling, else its extension."""
    suffix = Path(path).suffix.lower()
    known = _EXTENSIONS.get(suffix)
    if text is not None:
        found = _sniff(text, known)
        if found is not None:
            return found
    if known is not None:
        return known
    if text is not None:
        head = text.lstrip("\ufeff \t\r\n")
        if head.startswith(("{", "[")):
            return "json"
        if re.search(r"^(xlinked|individuals)\s*:", head[:4000], re.MULTILINE):
            return "yaml"
        return "ped"
    raise ReadError(
        f"cannot tell the format from the extension {suffix or '(none)'!r}: "
        f"use one of {', '.join(sorted(_EXTENSIONS))}, or say which with --from",
        source=str(path),
    )


def _sniff(text: str, known: str | None) -> str | None:
    """The format the content shows, or ``None`` when it does not tell."""
    if _heads.canrisk(text):
        return "canrisk"  # '##CanRisk' or 'BOADICEA import pedigree file format' first
    if _heads.gedcom(text):
        return "gedcom"
    if known in (None, "json") and _heads.json_array(text):
        return "pedigreejs"  # a JSON array: native files are mappings
    if known in (None, "json", "yaml"):
        kind = _heads.ga4gh(text)
        if kind is not None:
            return kind
    if known in (None, "ped") and _table_header(text) and not _ped_header(text):
        first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        return "tsv" if "\t" in first else "csv"
    return None


def _table_header(text: str) -> bool:
    """True for a first line naming table columns (``table.looks_like``)."""
    from . import table

    return table.looks_like(text)


def _ped_header(text: str) -> bool:
    """True for a header that PED's own reader handles (PLINK or peddy names)."""
    from . import ped

    return ped.has_header(text)


def read(path: str | os.PathLike[str], format: str | None = None, *,
         family: str | None = None, gene: str | None = None, condition: str | None = None,
         max_bytes: int | None = MAX_INPUT_BYTES, preset_files: bool = True) -> Pedigree:
    """Read a pedigree file (see :func:`load` for the parameters and errors)."""
    return load(path, format, family=family, gene=gene, condition=condition,
                max_bytes=max_bytes, preset_files=preset_files)[0]


def load(path: str | os.PathLike[str], format: str | None = None, *,
         family: str | None = None, gene: str | None = None, condition: str | None = None,
         max_bytes: int | None = MAX_INPUT_BYTES,
         preset_files: bool = True) -> tuple[Pedigree, list[str]]:
    """Read a pedigree file, with warnings about data that were read but not used.

    Parameters
    ----------
    path
        The file: a regular file (a FIFO, a device or a directory is refused).
    format
        One of :data:`FORMATS`; by default from the content or the extension.
    family
        For files holding several families (PED, CanRisk, pedigreejs, tables), the
        one to read (:func:`families` lists them).
    gene, condition
        The condition studied, when the file does not say: the gene whose test
        results count (pedigreejs ``<gene>_gene_test``) and the condition's name
        or key (pedigreejs ``<condition>_diagnosis_age``). Given, they also set
        ``pedigree.condition``.
    max_bytes
        The largest file read (:data:`MAX_INPUT_BYTES`, 64 MB, unless told;
        ``None``: no limit).
    preset_files
        Whether ``model: {preset: FILE}`` may name a preset file (looked for
        beside the pedigree file). ``False`` allows named presets only: for
        servers reading other people's files (``docs/limits.md``).

    Returns
    -------
    (Pedigree, list of str)
        The pedigree, and one line per warning (for example keys of other
        diseases in a pedigreejs file, which were ignored).

    Raises
    ------
    ReadError
        The file is missing, not a regular file, too large, empty, or cannot be parsed.
    PedigreeError
        The file parses but does not make a valid pedigree.
    """
    source = _source(path)
    text = _read_text(path, max_bytes)
    kind = _kind(path, text, format)
    return _parse(kind, text, source, family, gene, condition, folder=Path(path).parent,
                  preset_files=preset_files)


def loads(text: str | bytes, format: str | None = None, *, source: str | None = None,
          family: str | None = None, gene: str | None = None, condition: str | None = None,
          folder: str | os.PathLike[str] | None = None,
          preset_files: bool = True) -> tuple[Pedigree, list[str]]:
    """Read a pedigree from text (or bytes), with warnings, as :func:`load` does a file.

    ``format`` is told from the content (and the extension of ``source``) when
    not given; ``source`` names the text in messages (``"<stdin>"``); a preset
    file is looked for in ``folder`` (the current folder when ``None``).

    >>> ped, warnings = loads("F1 mum 0 0 2 1\\nF1 son 0 mum 1 2\\n")
    >>> ped["son"].affected, warnings
    (True, [])
    """
    text = _text(text, source)
    kind = _kind(source or "", text, format)
    return _parse(kind, text, source, family, gene, condition, folder=folder,
                  preset_files=preset_files)


def _source(path: Any) -> str:
    if not isinstance(path, str | os.PathLike):
        raise ReadError(f"a file name is text, got {shown(path)}")
    return os.fspath(path)


def _read_text(path: str | os.PathLike[str], max_bytes: int | None = MAX_INPUT_BYTES) -> str:
    source = _source(path)
    return _text(read_file(path, max_bytes=max_bytes, what="pedigree file", source=source),
                 source)


def _text(raw: str | bytes, source: str | None) -> str:
    """The text of a file's bytes: UTF-8 (UTF-16 for GEDCOM), not binary, not empty."""
    if isinstance(raw, bytes):
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                text = raw.decode("utf-16")  # GEDCOM 5.5.1 allows UNICODE (UTF-16)
            except UnicodeDecodeError as exc:
                raise ReadError(f"is not UTF-16 text (byte {exc.start})", source=source) from None
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                if _heads.gedcom(raw[:200].decode("latin-1")):
                    raise ReadError("a GEDCOM file that is not UTF-8 (ANSEL or another old "
                                    "encoding): export it again as UTF-8 from the genealogy "
                                    "program", source=source) from None
                raise ReadError(f"is not UTF-8 text (byte {exc.start})",
                                source=source) from None
    elif isinstance(raw, str):
        text = raw
    else:
        raise ReadError(f"a pedigree is text, got {shown(raw)}", source=source)
    if "\x00" in text:
        raise ReadError("is a binary file, not a pedigree", source=source)
    if not text.strip():
        raise ReadError("the file is empty", source=source)
    return text


def _kind(path: str | os.PathLike[str], text: str, format: str | None) -> str:
    kind = format or detect_format(path, text)
    if not isinstance(kind, str) or kind not in FORMATS:
        raise ReadError(f"unknown format {shown(kind)} (known: {', '.join(FORMATS)})",
                        source=str(path))
    return kind


def _parse(kind: str, text: str, source: str | None, family: str | None, gene: str | None,
           condition: str | None, **options: Any) -> tuple[Pedigree, list[str]]:
    try:
        pedigree, warnings = _READERS[kind](text, source, family, gene=gene,
                                            condition=condition, **options)
    except PedigreeError as exc:
        if exc.source is None and source is not None:
            raise exc.with_source(source) from None
        raise
    if gene is not None or condition is not None:
        old = pedigree.condition or Condition()
        pedigree = pedigree.replace(condition=Condition(
            name=condition or (old.name if pedigree.condition else gene or old.name),
            gene=gene or old.gene, inheritance=old.inheritance))
    return pedigree, warnings


def families(path: str | os.PathLike[str], format: str | None = None, *,
             max_bytes: int | None = MAX_INPUT_BYTES,
             text: str | bytes | None = None) -> list[str | None]:
    """The ids of the families in a file, in file order, to pass as ``family=``.

    A format that holds one family (native, GEDCOM, GA4GH), or a file without
    family ids, gives ``[None]``. ``text`` is the file's content when it was
    read already (standard input): ``path`` then only names it.
    """
    text = _read_text(path, max_bytes) if text is None else _text(text, _source(path))
    kind = _kind(path, text, format)
    if kind not in _FAMILIES:
        return [None]
    return _families_of(kind, text)


def each_family(path: str | os.PathLike[str], format: str | None = None, *,
                gene: str | None = None, condition: str | None = None,
                max_bytes: int | None = MAX_INPUT_BYTES, preset_files: bool = True,
                text: str | bytes | None = None) -> Iterator[FamilyRead]:
    """Read every family of a file, one at a time; a bad family does not stop the others.

    The file is read (and its format found) once; a problem with the file as a
    whole (missing, not text) raises :class:`ReadError` at once. The other
    parameters are those of :func:`load` and :func:`families`.
    """
    from ._families import FamilyRead

    source = _source(path)
    for piece in family_texts(path, format, max_bytes=max_bytes, text=text):
        try:
            pedigree, warnings = read_family(piece, source, gene=gene, condition=condition,
                                             folder=Path(path).parent,
                                             preset_files=preset_files)
        except XlinkedError as exc:
            yield FamilyRead(piece.family, None, [], exc)
        else:
            yield FamilyRead(piece.family, pedigree, warnings)


def family_texts(path: str | os.PathLike[str], format: str | None = None, *,
                 max_bytes: int | None = MAX_INPUT_BYTES,
                 text: str | bytes | None = None) -> list[FamilyText]:
    r"""The families of a file as texts, cut from one reading of it (:func:`each_family`).

    Reading them can be done elsewhere (another process, another machine), each
    family alone, at the cost of its own lines only. ``max_bytes`` and ``text`` are
    as in :func:`families`.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "two.ped"
    >>> _ = path.write_text("A mum 0 0 2 1\nB dad 0 0 1 1\nA son 0 mum 1 2\n")
    >>> [(t.family, t.lines) for t in family_texts(path)]
    [('A', (1, 3)), ('B', (2,))]

    Raises
    ------
    ReadError
        A problem with the file as a whole (missing, not text, unknown format).
    """
    from ._families import FamilyText

    text = _read_text(path, max_bytes) if text is None else _text(text, _source(path))
    kind = _kind(path, text, format)
    names = _families_of(kind, text) if kind in _FAMILIES else [None]
    pieces = None
    if len(names) > 1:
        from . import _split

        pieces = _split.by_family(kind, text)
    out = []
    for name in names:
        piece = pieces.get(name) if pieces is not None and name is not None else None
        if piece is None:
            out.append(FamilyText(name, kind, text))
        else:  # only this family's lines: the others are not parsed again
            out.append(FamilyText(name, kind, piece[0], tuple(piece[1])))
    return out


def read_family(piece: FamilyText, source: str, *, gene: str | None = None,
                condition: str | None = None, folder: str | os.PathLike[str] | None = None,
                preset_files: bool = True) -> tuple[Pedigree, list[str]]:
    """Read one family of :func:`family_texts`; messages name ``source`` and its lines.

    ``folder`` and ``preset_files`` are as in :func:`loads`. Raises what :func:`load` raises.
    """
    try:
        return _parse(piece.format, piece.text, source, piece.family, gene, condition,
                      folder=folder, preset_files=preset_files)
    except XlinkedError as exc:
        if piece.lines is None:
            raise
        from . import _split

        raise _split.renumber(exc, list(piece.lines)) from None


def write(pedigree: Pedigree, path: str | os.PathLike[str], format: str | None = None) -> list[str]:
    """Write ``pedigree`` to ``path``; returns what the format could not hold.

    The file is written whole or not at all (a temporary file is renamed).
    """
    text, lost = dumps(pedigree, format or detect_format(path))
    write_text(path, text)
    return lost


def dumps(pedigree: Pedigree, format: str) -> tuple[str, list[str]]:
    """``pedigree`` as text in ``format``, and what that format could not hold."""
    if not isinstance(format, str) or format not in _READERS:
        raise ReadError(f"cannot write format {shown(format)} (known: {', '.join(_READERS)})")
    if not isinstance(pedigree, Pedigree):
        raise XlinkedError(f"can only write a Pedigree, got {shown(pedigree)}")
    return _dumps(format, pedigree)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (all or nothing)."""
    from .._atomic import replacing

    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")

