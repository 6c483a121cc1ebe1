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
from typing import Any

from .._atomic import replacing
from .._input import MAX_INPUT_BYTES, decode, read_file
from .._values import shown
from ..errors import PedigreeError, ReadError, XlinkedError
from ..model import Pedigree
from . import canrisk, native, ped, pedigreejs

__all__ = ["FORMATS", "MAX_INPUT_BYTES", "detect_format", "dumps", "load", "loads", "read",
           "write"]

_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".ped": "ped", ".fam": "ped",
               ".canrisk": "canrisk", ".boadicea": "canrisk"}


def _native_writer(as_json: bool) -> Callable[[Pedigree], tuple[str, list[str]]]:
    return lambda pedigree: (native.dumps(pedigree, as_json=as_json), [])


def _no_warnings(loads: Callable[..., Pedigree]) -> Callable[..., tuple[Pedigree, list[str]]]:
    return lambda text, source, family, **options: (loads(text, source, family, **options), [])


# format -> function(text, source, family, **options) -> (Pedigree, warnings about what was read)
_READERS: dict[str, Callable[..., tuple[Pedigree, list[str]]]] = {
    "yaml": _no_warnings(lambda text, source, family, **options: native.loads(
        text, source=source, **options)),
    "json": _no_warnings(lambda text, source, family, **options: native.loads(
        text, source=source, **options)),
    "ped": _no_warnings(lambda text, source, family, **options: ped.loads(
        text, source=source, family=family)),
    "pedigreejs": lambda text, source, family, **options: pedigreejs.parse(
        text, source=source, family=family),
    "canrisk": lambda text, source, family, **options: canrisk.parse(
        text, source=source, family=family),
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
         family: str | None = None, max_bytes: int | None = MAX_INPUT_BYTES,
         preset_files: bool = True) -> Pedigree:
    """Read a pedigree file (see :func:`load` for the parameters and errors)."""
    return load(path, format, family=family, max_bytes=max_bytes, preset_files=preset_files)[0]


def load(path: str | os.PathLike[str], format: str | None = None, *,
         family: str | None = None, max_bytes: int | None = MAX_INPUT_BYTES,
         preset_files: bool = True) -> tuple[Pedigree, list[str]]:
    """Read a pedigree file, with warnings about data that were read but not used.

    Parameters
    ----------
    path
        The file: a regular file (a FIFO, a device or a directory is refused).
    format
        One of :data:`FORMATS`; by default from the extension or the content.
    family
        For files holding several families (PED, CanRisk, pedigreejs), the one to read.
    max_bytes
        The largest file read (:data:`MAX_INPUT_BYTES`, 64 MB, unless told;
        ``None``: no limit).
    preset_files
        Whether ``model: {preset: FILE}`` may name a preset file (looked for
        beside the pedigree file). ``False`` allows named presets only: for
        servers reading other people's files.

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
    if not isinstance(path, str | os.PathLike):
        raise ReadError(f"a file name is text, got {type(path).__name__}")
    source = os.fspath(path)
    raw = read_file(path, max_bytes=max_bytes, what="pedigree file", source=source)
    return loads(raw, format, source=source, family=family, folder=Path(path).parent,
                 preset_files=preset_files)


def loads(text: str | bytes, format: str | None = None, *, source: str | None = None,
          family: str | None = None, folder: str | os.PathLike[str] | None = None,
          preset_files: bool = True) -> tuple[Pedigree, list[str]]:
    """Read a pedigree from text (or UTF-8 bytes), with warnings as :func:`load`.

    ``format`` is told from the content (and the extension of ``source``) when
    not given; ``source`` names the text in messages (``"<stdin>"``); a preset
    file is looked for in ``folder`` (the current folder when ``None``).

    >>> ped, warnings = loads("F1 mum 0 0 2 1\\nF1 son 0 mum 1 2\\n")
    >>> ped["son"].affected, warnings
    (True, [])
    """
    if isinstance(text, bytes):
        text = decode(text, source=source, what="pedigree file")
    elif not isinstance(text, str):
        raise ReadError(f"a pedigree is text, got {type(text).__name__}", source=source)
    elif "\x00" in text:
        raise ReadError("is a binary file, not a pedigree", source=source)
    if not text.strip():
        raise ReadError("the file is empty", source=source)
    kind = format or detect_format(source or "", text)
    if kind not in FORMATS:
        raise ReadError(f"unknown format {shown(kind)} (known: {', '.join(FORMATS)})",
                        source=source)
    options: dict[str, Any] = {}
    if kind in ("yaml", "json"):
        options = {"folder": folder, "preset_files": preset_files}
    try:
        return _READERS[kind](text, source, family, **options)
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
    if not isinstance(format, str) or format not in _WRITERS:
        raise ReadError(f"cannot write format {shown(format)} (known: {', '.join(_WRITERS)})")
    if not isinstance(pedigree, Pedigree):
        raise XlinkedError(f"can only write a Pedigree, got {shown(pedigree)}")
    return _WRITERS[format](pedigree)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (all or nothing)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
