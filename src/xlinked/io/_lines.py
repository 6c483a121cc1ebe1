"""Line numbers in problems from line-based formats (PED, CanRisk)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import Problem

_LINE = re.compile(r"^line (\d+)(?: \((.*)\))?$")


def by_line(problems: Iterable[Problem]) -> list[Problem]:
    """Problems placed ``"line 12 (id 'a')"`` get ``line=12`` and ``where="id 'a'"``.

    The result is in line order (problems without a line last), without repeats,
    so that every format prints ``file:12: id 'a': ...`` the same way.

    >>> [str(p) for p in by_line([Problem("line 3 (id 'b')", "x"), Problem("line 1", "y")])]
    ['y', "id 'b': x"]
    """
    out = []
    for p in dict.fromkeys(problems):
        match = _LINE.match(p.where)
        if match is not None and p.line is None:
            p = Problem(match.group(2) or "", p.message, int(match.group(1)))
        out.append(p)
    return sorted(out, key=lambda p: p.line if p.line is not None else 1 << 30)
