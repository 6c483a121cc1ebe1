"""Line numbers in problems from line-based formats (PED, CanRisk, tables, GEDCOM), and
problems found by the model placed where their person is in the file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

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


#: How the model's checks name a person (``_pedigree_checks.person_place``).
_PERSON = re.compile(r"^individual '(?P<id>.*)'(?: \((?P<nth>\d+)\w\w with this id\))?$")


def placed(problem: Problem, places: Mapping[str, str | Sequence[str]]) -> Problem:
    """``problem`` moved from the model's name for a person (``individual 'a'``, or
    ``individual 'a' (2nd with this id)``) to where that person is in the file.

    ``places`` maps each id to its place (``"line 12 (id 'a')"``), or to one place per
    person with that id, in the order they were given to the model.

    >>> p = Problem("individual 'a' (2nd with this id)", "id is used more than once")
    >>> str(placed(p, {"a": ["line 2 (id 'a')", "line 5 (id 'a')"]}))
    "line 5 (id 'a'): id is used more than once"
    >>> str(placed(Problem("individual 'b'", "x"), {"b": "record 3"}))
    'record 3: x'
    """
    match = _PERSON.match(problem.where)
    if match is None or match["id"] not in places:
        return problem
    place = places[match["id"]]
    if not isinstance(place, str):
        place = place[min(int(match["nth"] or 1), len(place)) - 1]
    return Problem(place, problem.message, problem.line)


_UNDEFINED = re.compile(r"^(?:(?:mother|father|member|partner) )?"
                        r"(?P<id>'.*'|\".*\") is not defined$")


def not_about(problems: Iterable[Problem], broken: Iterable[str]) -> list[Problem]:
    """``problems`` without "X is not defined" where X is in the file but was left out
    for problems of its own (already said): the tree's other problems still are.

    >>> found = [Problem("individual 'kid'", "mother 'mum' is not defined"),
    ...          Problem("individual 'kid'", "father 'dad' is not defined")]
    >>> [p.message for p in not_about(found, {"mum"})]
    ["father 'dad' is not defined"]
    """
    left_out = {repr(pid) for pid in broken}
    out = []
    for p in problems:
        match = _UNDEFINED.search(p.message)
        if match is None or match["id"] not in left_out:
            out.append(p)
    return out
