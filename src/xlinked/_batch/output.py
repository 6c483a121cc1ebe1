"""Tables written as results arrive: CSV, JSON Lines, or Parquet (with pyarrow).

Each call of :meth:`Table.write` adds one family's rows whole and flushes them,
so that a file cut short by an interruption holds complete families only; and
:meth:`Table.close` always leaves a valid file (Parquet writes its footer then).
Empty values are written as empty CSV cells, JSON ``null`` and Parquet nulls.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
>>> with open_table(path, [("id", "str"), ("p", "float")]) as table:
...     table.write([("mum", 0.5), ("dad", None)])
>>> print(path.read_text(), end="")
{"id": "mum", "p": 0.5}
{"id": "dad", "p": null}
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from .._atomic import check_target
from .._output import csv_cell
from ..errors import XlinkedError

__all__ = ["KINDS", "Table", "kind_of", "open_table"]

Columns = Sequence[tuple[str, str]]  # (name, "str" | "float" | "int")

#: Output file kinds by extension.
KINDS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
#: Rows kept before a Parquet row group is written.
ROW_GROUP = 50_000


def kind_of(path: str | os.PathLike[str], what: str = "output") -> str:
    """The kind of table ``path`` names, checking that it can be written.

    Raises
    ------
    XlinkedError
        Unknown extension, a folder that does not exist, or Parquet without pyarrow.
    """
    kind = KINDS.get(Path(path).suffix.lower())
    if kind is None:
        raise XlinkedError(f"{path}: the {what} file must end in .csv, .jsonl or .parquet")
    folder = Path(path).parent
    if not folder.is_dir():
        raise XlinkedError(f"{path}: cannot write: the folder {str(folder)!r} does not exist")
    try:  # never a device, a FIFO or a link (docs/limits.md)
        check_target(path)
    except OSError as exc:
        raise XlinkedError(f"{path}: {exc.strerror}") from None
    if kind == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise XlinkedError(f"{path}: writing Parquet needs pyarrow "
                               "(pip install 'xlinked[parquet]'), or use .csv or .jsonl") from None
    return kind


class Table:
    """A table being written; use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], columns: Columns) -> None:
        self.path = str(path)
        self.columns = tuple(columns)
        self.rows = 0

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Add ``rows`` (one family's) and flush them."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file; it is valid from then on."""
        raise NotImplementedError

    def __enter__(self) -> Table:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class _Text(Table):
    def __init__(self, path: str | os.PathLike[str], columns: Columns) -> None:
        super().__init__(path, columns)
        self.file: TextIO | None = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        if self.file is None or not rows:
            return
        self.file.write(self.format(rows))  # one write per family
        self.file.flush()
        self.rows += len(rows)

    def format(self, rows: Sequence[Sequence[Any]]) -> str:
        raise NotImplementedError

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class _Csv(_Text):
    def __init__(self, path: str | os.PathLike[str], columns: Columns) -> None:
        super().__init__(path, columns)
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self.writer.writerow([name for name, _ in self.columns])
        self.file.write(self.buffer.getvalue())  # type: ignore[union-attr]  # just opened
        self.file.flush()  # type: ignore[union-attr]

    def format(self, rows: Sequence[Sequence[Any]]) -> str:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerows([_cell(v) for v in row] for row in rows)
        return self.buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return csv_cell(value)  # no spreadsheet formulas from ids (docs/limits.md)
    return str(value)


class _Jsonl(_Text):
    def format(self, rows: Sequence[Sequence[Any]]) -> str:
        names = [name for name, _ in self.columns]
        return "".join(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                       for row in rows)


class _Parquet(Table):
    def __init__(self, path: str | os.PathLike[str], columns: Columns) -> None:
        super().__init__(path, columns)
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "float": pa.float64(), "int": pa.int64()}
        self.schema = pa.schema([(name, types[kind]) for name, kind in self.columns])
        self.writer: Any = pq.ParquetWriter(str(path), self.schema)
        self.pending: list[Sequence[Any]] = []

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self.pending.extend(rows)
        self.rows += len(rows)
        if len(self.pending) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.pending and self.writer is not None:
            cols = list(zip(*self.pending, strict=True))
            self.writer.write_table(pa.Table.from_arrays(
                [pa.array(c, type=f.type) for c, f in zip(cols, self.schema, strict=True)],
                schema=self.schema))
        self.pending = []

    def close(self) -> None:
        if self.writer is not None:
            try:
                self.flush()
            finally:
                self.writer.close()
                self.writer = None


_TABLES: dict[str, type[Table]] = {"csv": _Csv, "jsonl": _Jsonl, "parquet": _Parquet}


def open_table(path: str | os.PathLike[str], columns: Columns, kind: str | None = None) -> Table:
    """Start writing a table of ``columns`` to ``path`` (kind from the extension)."""
    return _TABLES[kind or kind_of(path)](path, columns)
