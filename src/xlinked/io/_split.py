"""Cutting a multi-family file into one text per family, so that each is parsed alone.

:func:`xlinked.io.each_family` reads thousands of families from one file: parsing
the whole file once per family would take time proportional to families x lines.
For line-based formats (PED, tables, CanRisk) :func:`by_family` gives, for each
family, a text holding only the lines it needs (the header and risk-factor lines,
then its own rows) and the original number of each of those lines; :func:`renumber`
puts the original numbers back into the messages of what the reader raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import PedigreeError, Problem, ReadError, XlinkedError
from . import canrisk, ped, table

__all__ = ["by_family", "renumber"]

#: family id -> (text with only that family's lines, original 1-based number of each line)
Pieces = dict[str, tuple[str, list[int]]]
_LINE = re.compile(r"\b(line )(\d+)\b")


def by_family(kind: str, text: str) -> Pieces | None:
    """One text per family for ``kind``, or ``None`` when the file cannot be cut safely."""
    lines = text.lstrip("\ufeff").splitlines()
    if kind == "ped" and not ped.has_header(text):
        return _cut(lines, [], lambda line: line.split()[0] if line.split() else None)
    if kind == "ped":  # comment lines before the header line are left out
        return _table(ped._comments_blanked(text).splitlines())
    if kind in ("csv", "tsv"):
        return _table(lines)
    if kind == "canrisk":
        return _canrisk(lines)
    return None


def _cut(lines: list[str], prefix: list[int], key: Callable[[str], str | None]) -> Pieces:
    rows: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if i in prefix or not line.strip() or line.lstrip().startswith("#"):
            continue
        name = key(line)
        if name is not None:
            rows.setdefault(name, []).append(i)
    return {name: _piece(lines, [*prefix, *found]) for name, found in rows.items()}


def _piece(lines: list[str], indices: list[int]) -> tuple[str, list[int]]:
    return "\n".join(lines[i] for i in indices) + "\n", [i + 1 for i in indices]


def _table(lines: list[str]) -> Pieces | None:
    if any(line.count('"') % 2 for line in lines):
        return None  # a quoted cell over several lines: leave it to the reader
    head = next((i for i, line in enumerate(lines) if line.strip()), None)
    if head is None:
        return None
    sep = table._delimiter(lines[head])
    names = table._split(lines[head], sep)
    column = next((i for i, f in table.header_fields(
        [n.lstrip("#").strip() for n in names]).items() if f == "family"), None)
    if column is None:
        return None
    body = [table._split(line, sep) for line in lines[head + 1:] if line.strip()]
    shift = 1 if body and all(len(cells) == len(names) + 1 for cells in body) else 0

    def key(line: str) -> str | None:
        cells = table._split(line, sep)
        return cells[column + shift] if len(cells) > column + shift else None

    return _cut(lines, [head], key)


def _canrisk(lines: list[str]) -> Pieces | None:
    pieces: dict[str, list[int]] = {}
    prefix: list[int] = []
    in_rows = False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if canrisk.looks_like(line):  # a new section: version line, then its own header
            prefix, in_rows = [i], False
        elif not in_rows and (line.startswith("#") or line.lower().startswith("famid")):
            prefix.append(i)
        elif not line.startswith("#"):
            in_rows = True
            if not prefix:
                return None
            found = pieces.setdefault(line.split()[0], [])
            found += [j for j in prefix if j not in found]
            found.append(i)
    return {name: _piece(lines, found) for name, found in pieces.items()} or None


def renumber(exc: XlinkedError, numbers: list[int]) -> XlinkedError:
    """``exc`` with the line numbers of a piece turned back into the file's."""

    def line(n: int | None) -> int | None:
        return numbers[n - 1] if n is not None and 0 < n <= len(numbers) else n

    def text(message: str) -> str:
        return _LINE.sub(lambda m: f"{m.group(1)}{line(int(m.group(2)))}", message)

    if isinstance(exc, PedigreeError):
        problems = [Problem(text(p.where), text(p.message), line(p.line)) for p in exc.problems]
        return PedigreeError(problems, source=exc.source)
    if isinstance(exc, ReadError):
        return ReadError(text(exc.detail), source=exc.source, line=line(exc.line))
    return exc
