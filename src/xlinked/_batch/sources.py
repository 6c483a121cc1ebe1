"""The families to compute: files and folders walked, each file cut into families.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "b.ped").write_text("F1 mum 0 0 2 1\\nF2 dad 0 0 1 1\\n")
>>> (folder / "sub").mkdir()
>>> _ = (folder / "sub" / "a.yaml").write_text("individuals: [{id: x, sex: F}]\\n")
>>> _ = (folder / "notes.txt").write_text("not a pedigree")
>>> files = find_files([folder])
>>> [pathlib.Path(f).relative_to(folder).as_posix() for f in files]
['b.ped', 'sub/a.yaml']
>>> [(t.index, t.part.family) for t in families(files, None)]
[(0, 'F1'), (1, 'F2'), (2, None)]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .. import io
from ..errors import ReadError, XlinkedError
from .work import Outcome, Task, errors

__all__ = ["EXTENSIONS", "families", "find_files"]

#: The file extensions taken from folders (files named explicitly are always taken).
EXTENSIONS = tuple(io._EXTENSIONS)

Input = str | os.PathLike[str]


#: How standard input is named in the rows, errors and messages.
STDIN = "<stdin>"


def find_files(inputs: Input | Iterable[Input], skip: Iterable[Input] = (), *,
               allow_none: bool = False) -> list[str]:
    """Every pedigree file of ``inputs``: files as given, folders walked recursively.

    Folders are walked in name order, skipping hidden files and folders (names
    starting with a dot), taking the files with a pedigree extension
    (:data:`EXTENSIONS`) other than those in ``skip`` (the run's own output).
    A file given twice is taken once.

    Raises
    ------
    ReadError
        An input does not exist, or no pedigree file was found.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    found: dict[str, None] = {}
    missing = []
    names = [os.fspath(i) for i in inputs]
    for name in names:
        path = Path(name)
        if path.is_dir():
            found.update(dict.fromkeys(_walk(path)))
        elif path.exists():
            found[name] = None
        else:
            missing.append(name)
    skipped = {os.path.abspath(s) for s in skip}
    found = {f: None for f in found if os.path.abspath(f) not in skipped}
    if missing:
        raise ReadError("no such file or folder" + ("" if len(missing) == 1 else
                        f" (nor {', '.join(missing[1:])})"), source=missing[0])
    if not found and not allow_none:
        raise ReadError(f"no pedigree files ({', '.join(EXTENSIONS)}) found",
                        source=", ".join(names) or "(no input)")
    return list(found)


def _walk(folder: Path) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                yield os.path.normpath(os.path.join(root, name))


def families(files: Iterable[str], format: str | None,
             found: Callable[[int], None] | None = None, *,
             stdin: str | bytes | None = None) -> Iterator[Task | Outcome]:
    """One :class:`Task` per family of ``files``, numbered in order.

    A file that cannot be read at all gives a failed :class:`Outcome` instead.
    ``found(n)`` is called with the number of families of each file opened. The
    file ``"-"`` is ``stdin`` (named ``<stdin>``).
    """
    index = 0
    for name in files:
        try:
            if name == "-":
                name = STDIN
                parts = io.family_texts(name, format, text=stdin)
            else:
                parts = io.family_texts(name, format)
        except XlinkedError as exc:
            if found is not None:
                found(1)
            yield Outcome(index, name, None, (), tuple(errors(exc)), True)
            index += 1
            continue
        if found is not None:
            found(len(parts))
        for part in parts:
            yield Task(index, name, part)
            index += 1
