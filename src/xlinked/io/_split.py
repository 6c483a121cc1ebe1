r"""One part per family of a multi-family file, each readable on its own.

:func:`split` cuts the text of a PED/FAM, CanRisk/BOADICEA or pedigreejs file
into one :class:`Part` per family, in the order the families first appear, so
that each can be read (by :func:`xlinked.io.loads` with ``family=``) in another
process without reading the whole file again. For the line-based formats a part
holds only its family's lines (after the file's header lines, for CanRisk) and
remembers the line number each came from, so that messages still name the line
of the original file (:func:`Part.place`). Reading a part gives the same
pedigree, the same problems and the same warnings as reading the whole file with
``family=``.

A file with one family, a native YAML/JSON file, or a file the splitter cannot
make sense of is one part holding the whole text: reading it then reports what
is wrong, exactly as reading the file would.

>>> parts = split("F1 mum 0 0 2 1\nF2 dad 0 0 1 1\nF1 son 0 mum 1 2\n", "ped")
>>> [(p.family, p.text, p.lines) for p in parts]
[('F1', 'F1 mum 0 0 2 1\nF1 son 0 mum 1 2\n', (1, 3)), ('F2', 'F2 dad 0 0 1 1\n', (2,))]
>>> parts[0].place(2)
3
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from . import canrisk, ped, pedigreejs

__all__ = ["Part", "split"]


@dataclass(frozen=True, slots=True)
class Part:
    """The text of one family of a file.

    Attributes
    ----------
    family
        The family id to read (``None``: the file holds one family, read it whole).
    text
        The text to read: the whole file, or only this family's lines.
    lines
        For a part cut out of the file: the line of the file that each line of
        ``text`` comes from; ``None`` when ``text`` is the whole file.
    """

    family: str | None
    text: str
    lines: tuple[int, ...] | None = None

    def place(self, line: int | None) -> int | None:
        """The line of the original file for line ``line`` of :attr:`text`."""
        if line is None or self.lines is None or not 1 <= line <= len(self.lines):
            return line
        return self.lines[line - 1]


def split(text: str, format: str) -> list[Part]:
    """The families of ``text`` (in ``format``, one of :data:`xlinked.io.FORMATS`).

    Never raises: text that cannot be split is one part, whose reading will
    say what is wrong with it.
    """
    if format == "ped":
        return _split_ped(text)
    if format == "canrisk":
        return _split_canrisk(text)
    if format == "pedigreejs":
        return _split_pedigreejs(text)
    return [Part(None, text)]


def _cut(text: str, rows: list[tuple[int, str, str, bool]],
         head: list[tuple[int, str]]) -> list[Part]:
    """Parts from ``(line number, family, line, complete)`` rows, each after ``head``.

    A row that is not complete (the parsers report it) belongs to its family when
    its first word names one, else to every family, as the parsers have it.
    """
    families = list(dict.fromkeys(family for _, family, _, complete in rows if complete))
    if len(families) < 2:
        return [Part(None, text)]
    lines: dict[str, list[tuple[int, str]]] = {family: list(head) for family in families}
    for number, family, line, _ in rows:
        for owner in (family,) if family in lines else families:
            lines[owner].append((number, line))
    return [Part(family, "".join(line + "\n" for _, line in kept),
                 tuple(number for number, _ in kept)) for family, kept in lines.items()]


def _split_ped(text: str) -> list[Part]:
    # the same rules as ped.loads: blank lines and comments are skipped, and a
    # header line before the first row
    rows: list[tuple[int, str, str, bool]] = []
    started = False
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        cols = stripped.split()
        if not started and ped.is_header(cols):
            continue
        complete = len(cols) >= 6 and not len(cols) % 2
        started = started or complete
        rows.append((number, cols[0], stripped, complete))
    return [p if p.lines is None or _reads_whole(p) else Part(p.family, text)
            for p in _cut(text, rows, [])]


def _reads_whole(part: Part) -> bool:
    """False when ped.loads would take a row of ``part`` for a header and skip it.

    In the file that row came after the first person; alone it comes first. Only
    a broken row can look like a header (``ped.is_header``); that family is then
    read from the whole file, so that its problem is reported the same way.
    """
    started = False
    for line in part.text.splitlines():
        cols = line.split()
        if not started and ped.is_header(cols):
            return False
        started = started or (len(cols) >= 6 and not len(cols) % 2)
    return True


def _split_canrisk(text: str) -> list[Part]:
    # the same rules as canrisk.parse: the version line, '##' lines (CanRisk), the
    # header; then one row per person ('#' lines skipped)
    numbered = [(n, line.strip()) for n, line in
                enumerate(text.lstrip("\ufeff").splitlines(), start=1) if line.strip()]
    version = canrisk.file_version(numbered[0][1]) if numbered else None
    if version is None:
        return [Part(None, text)]
    header: list[str] | None = None
    body = 0
    for k, (_, line) in enumerate(numbered[1:], start=1):
        bare = line.lstrip("#").strip()
        if bare.lower().startswith("famid"):
            header, body = canrisk._cells(bare), k + 1
            break
        if version[0] != "canrisk" or not line.startswith("##"):
            break
    if header is None:
        return [Part(None, text)]
    width = version[3] or len(header)
    rows = []
    for n, line in numbered[body:]:
        if not line.startswith("#"):
            cells = canrisk._cells(line)
            rows.append((n, cells[0], line, len(cells) == width))
    return _cut(text, rows, numbered[:body])


def _split_pedigreejs(text: str) -> list[Part]:
    # pedigreejs files are small: each family is read from the whole text
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return [Part(None, text)]
    if isinstance(data, Mapping):
        data = next((data[k] for k in ("pedigree", "dataset") if isinstance(data.get(k), list)),
                    data)
    if not isinstance(data, list):
        return [Part(None, text)]
    famids = dict.fromkeys(
        str(rec["famid"]) for rec in data
        if isinstance(rec, Mapping) and rec.get("name") not in (None, "")
        and rec.get("famid") not in (None, "")
        and not pedigreejs._truthy(rec.get("hidden"))
        and not pedigreejs._truthy(rec.get(pedigreejs.PLACEHOLDER))
    )
    if len(famids) < 2:
        return [Part(None, text)]
    return [Part(famid, text) for famid in famids]
