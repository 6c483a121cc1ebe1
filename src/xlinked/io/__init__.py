"""Reading and writing pedigree files: one module per format.

:func:`read` and :func:`write` pick the format from the file name (or from the
``format`` argument): ``.yaml``/``.yml``/``.json`` for the native format,
``.ped``/``.fam`` for LINKAGE/PLINK, ``.canrisk``/``.boadicea`` for CanRisk files; a JSON
array is pedigreejs (``docs/formats.md``).

>>> import tempfile, pathlib
>>> from xlinked import Individual, Pedigree
>>> ped = Pedigree([Individual("mum", "F"), Individual("son", "M", mother="mum")])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write(ped, folder / "family.yaml")
[]
>>> read(folder / "family.yaml") == ped
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .._atomic import replacing
from ..errors import PedigreeError, ReadError
from ..model import Pedigree
from . import canrisk, native, ped, pedigreejs

__all__ = ["FORMATS", "detect_format", "dumps", "load", "loads", "read", "read_text", "write",
           "write_text"]

_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ped": "ped", ".fam": "ped",
               ".canrisk": "canrisk", ".boadicea": "canrisk"}


def _native_writer(as_json: bool) -> Callable[[Pedigree], tuple[str, list[str]]]:
    return lambda pedigree: (native.dumps(pedigree, as_json=as_json), [])


def _no_warnings(loads: Callable[..., Pedigree]) -> Callable[..., tuple[Pedigree, list[str]]]:
    return lambda text, source, family: (loads(text, source=source, family=family), [])


# format -> function(text, source, family) -> (Pedigree, warnings about what was read)
_READERS: dict[str, Callable[..., tuple[Pedigree, list[str]]]] = {
    "yaml": _no_warnings(lambda text, source, family: native.loads(text, source=source)),
    "json": _no_warnings(lambda text, source, family: native.loads(text, source=source)),
    "ped": _no_warnings(ped.loads),
    "pedigreejs": lambda text, source, family: pedigreejs.parse(text, source=source,
                                                                 family=family),
    "canrisk": lambda text, source, family: canrisk.parse(text, source=source, family=family),
}
# format -> function(pedigree) -> (text, what the format could not hold)
_WRITERS: dict[str, Callable[[Pedigree], tuple[str, list[str]]]] = {
    "yaml": _native_writer(False),
    "json": _native_writer(True),
    "ped": ped.dumps,
    "pedigreejs": pedigreejs.dumps,
    "canrisk": canrisk.dumps,
}
FORMATS = tuple(_READERS)


def detect_format(path: str | os.PathLike[str], text: str | None = None) -> str:
    """The format of ``path``: from its extension, else from its content."""
    suffix = Path(path).suffix.lower()
    known = _EXTENSIONS.get(suffix)
    if text is not None and known in (None, "json") and pedigreejs.looks_like(text):
        return "pedigreejs"  # a JSON array: native files are mappings
    if text is not None and known in (None, "ped") and canrisk.looks_like(text):
        return "canrisk"  # '##CanRisk' or 'BOADICEA import pedigree file format' first
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if text is not None:
        head = text.lstrip("\ufeff \t\r\n")
        if head.startswith(("{", "[")):
            return "json"
        if "xlinked:" in head[:2000] or "individuals:" in head[:2000]:
            return "yaml"
        return "ped"
    raise ReadError(
        f"cannot tell the format from the extension {suffix or '(none)'!r}: "
        f"use one of {', '.join(sorted(_EXTENSIONS))}",
        source=str(path),
    )


def read(path: str | os.PathLike[str], format: str | None = None, *,
         family: str | None = None) -> Pedigree:
    """Read a pedigree file (see :func:`load` for the parameters and errors)."""
    return load(path, format, family=family)[0]


def load(path: str | os.PathLike[str], format: str | None = None, *,
         family: str | None = None) -> tuple[Pedigree, list[str]]:
    """Read a pedigree file, with warnings about data that were read but not used.

    Parameters
    ----------
    path
        The file.
    format
        One of :data:`FORMATS`; by default from the extension or the content.
    family
        For files holding several families (PED, CanRisk, pedigreejs), the one to read.

    Returns
    -------
    (Pedigree, list of str)
        The pedigree, and one line per warning (for example keys of other
        diseases in a pedigreejs file, which were ignored).

    Raises
    ------
    ReadError
        The file is missing, empty, or cannot be parsed.
    PedigreeError
        The file parses but does not make a valid pedigree.
    """
    source = str(path)
    return loads(read_text(path), format, source=source, family=family)


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a pedigree file, checked to be non-empty UTF-8 text.

    Raises
    ------
    ReadError
        The file is missing, a folder, unreadable, binary, not UTF-8 or empty.
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file", source=source) from None
    except IsADirectoryError:
        raise ReadError("is a directory, not a pedigree file", source=source) from None
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror}", source=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"is not UTF-8 text (byte {exc.start})", source=source) from None
    if "\x00" in text:
        raise ReadError("is a binary file, not a pedigree", source=source)
    if not text.strip():
        raise ReadError("the file is empty", source=source)
    return text


def loads(text: str, format: str | None = None, *, source: str | None = None,
          family: str | None = None) -> tuple[Pedigree, list[str]]:
    r"""Parse the text of a pedigree file (see :func:`load`); ``source`` names it in messages.

    >>> ped, warnings = loads("F1 mum 0 0 2 1\nF1 son 0 mum 1 2\n", "ped")
    >>> ped.ids, warnings
    (('mum', 'son'), [])
    """
    kind = format or detect_format(source or "", text)
    if kind not in FORMATS:
        raise ReadError(f"unknown format {kind!r} (known: {', '.join(FORMATS)})", source=source)
    try:
        return _READERS[kind](text, source, family)
    except PedigreeError as exc:
        if exc.source is None and source is not None:
            raise exc.with_source(source) from None
        raise


def write(pedigree: Pedigree, path: str | os.PathLike[str], format: str | None = None) -> list[str]:
    """Write ``pedigree`` to ``path``; returns what the format could not hold.

    The file is written whole or not at all (a temporary file is renamed).
    """
    text, lost = dumps(pedigree, format or detect_format(path))
    write_text(path, text)
    return lost


def dumps(pedigree: Pedigree, format: str) -> tuple[str, list[str]]:
    """``pedigree`` as text in ``format``, and what that format could not hold."""
    if format not in _WRITERS:
        raise ReadError(f"cannot write format {format!r} (known: {', '.join(_WRITERS)})")
    return _WRITERS[format](pedigree)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (all or nothing)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
