"""The native ``xlinked`` format (version 1), in YAML or JSON.

:func:`from_dict` turns the parsed document into a :class:`~xlinked.Pedigree`
(collecting every problem, then raising once), :func:`to_dict` does the
reverse, losslessly. :func:`loads` / :func:`dumps` add the text layer. The
format is documented in ``docs/format.md``; its JSON Schema is ``format.schema.json``
beside this module.

>>> ped = loads('''
... xlinked: 1
... individuals:
...   - {id: mum, sex: F}
...   - {id: son, sex: M, mother: mum, affected: true}
... ''')
>>> ped["son"].mother
'mum'
>>> loads(dumps(ped)) == ped
True
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import yaml

from .. import _values
from .._evidence import parse_choice
from .._input import SafeLoader, parse_json, parse_yaml
from .._pedigree_checks import person_place
from ..errors import PedigreeError, Problem, ReadError
from ..model import (
    Childless,
    Condition,
    GeneticTest,
    Individual,
    Measurement,
    Pedigree,
    Pregnancy,
    Sex,
    TwinGroup,
    Union,
    parse_date,
)
from ..risk.model import RiskModel
from ._lines import not_about

__all__ = ["VERSION", "dumps", "from_dict", "loads", "to_dict"]

VERSION = 1

_TOP_KEYS = (
    "xlinked",
    "family",
    "date",
    "condition",
    "proband",
    "consultand",
    "model",
    "individuals",
    "twins",
    "unions",
    "extensions",
)
_INDIVIDUAL_KEYS = (
    "id",
    "label",
    "sex",
    "gender",
    "mother",
    "father",
    "affected",
    "onset_age",
    "deceased",
    "age",
    "birth_year",
    "tests",
    "pregnancy",
    "hypothetical",
    "evaluated",
    "adopted",
    "features",
    "note",
)
_TEST_KEYS = (
    "kind",
    "result",
    "sensitivity",
    "specificity",
    "gene",
    "method",
    "variant",
    "date",
    "lab",
    "note",
)
#: Keys of a quantitative test (``kind: likelihood_ratio`` or ``kind: measurement``).
_MEASUREMENT_KEYS = ("kind", "value", "analyte", "unit", "age", "method", "date", "lab", "note")
_TEST_KINDS = ("genetic", "likelihood_ratio", "measurement")


# -- text ---------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe dumper that double-quotes strings with Unicode line breaks.

    PyYAML writes U+0085 and friends raw inside single quotes, where reading
    folds them into spaces; double quotes escape them, so the round trip holds.
    """


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = '"' if any(c in data for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


def parse_text(text: str, *, source: str | None = None) -> Any:
    """Parse YAML or JSON text into plain data, with errors that name the line.

    The safe loader of :mod:`xlinked._input` is used: no aliases, no object
    tags, no duplicate keys, at most ``MAX_DEPTH`` levels of nesting.
    """
    if not text.strip():
        raise ReadError("the file is empty", source=source)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            return parse_json(stripped, source=source)
        except ReadError as exc:
            # a YAML flow mapping ({id: a}) is not JSON: read it as YAML below
            if not exc.detail.startswith("not valid JSON") or stripped.startswith('{"'):
                raise
    return parse_yaml(text, source=source)


def loads(text: str, *, source: str | None = None, folder: str | os.PathLike[str] | None = None,
          preset_files: bool = True) -> Pedigree:
    """Read a pedigree from native YAML or JSON text.

    Problems name the line where the person (or twin group, union, model key)
    they concern starts. ``folder`` and ``preset_files`` are as in :func:`from_dict`.
    """
    try:
        return from_dict(parse_text(text, source=source), source=source, folder=folder,
                         preset_files=preset_files)
    except PedigreeError as exc:
        raise PedigreeError(_with_lines(exc.problems, text), source=exc.source) from None


# (a pattern for messages only: compiled when there is a problem to place)
_PLACE = (r"^(individual '(?P<id>.*?)'(?: \((?P<nth>\d+)\w\w with this id\))?|"
          r"individuals\[(?P<i>\d+)\]|(?P<list>twins|unions)"
          r"\[(?P<k>\d+)\]|model\.(?P<key>\w+)|(?P<top>proband|consultand|xlinked|"
          r"extensions|family|condition|date))")


#: Problems beyond this many keep no line number (only 100 are shown anyway): finding
#: lines for a million problems would cost more than reading the file.
_LINES_FOR = 1000


def _with_lines(problems: tuple[Problem, ...], text: str) -> list[Problem]:
    """The problems, each with the line where its place starts in ``text`` (the first
    :data:`_LINES_FOR` of them, sorted by line; the others follow as they were)."""
    head = problems[:_LINES_FOR]
    keys = [_place(p) for p in head]
    wanted = {k for k in keys if k is not None}
    lines = _line_index(text, wanted) if wanted else {}
    out = [Problem(p.where, p.message, lines[k]) if k in lines and p.line is None else p
           for p, k in zip(head, keys, strict=True)]
    return sorted(out, key=lambda p: p.line or 0) + list(problems[_LINES_FOR:])


def _place(problem: Problem) -> tuple[Any, ...] | None:
    """The key of :func:`_line_index` for where ``problem`` is, if it has one."""
    match = re.match(_PLACE, problem.where)
    if match is None:
        return None
    if match["id"] is not None:
        if match["nth"] is None:
            return ("id", match["id"])
        return ("id", match["id"], int(match["nth"]))
    if match["i"] is not None:
        return ("individuals", int(match["i"]))
    if match["list"] is not None:
        return (match["list"], int(match["k"]))
    return ("key", match["key"] or match["top"])


def _line_index(text: str, wanted: set[tuple[Any, ...]] | None = None
                ) -> dict[tuple[Any, ...], int]:
    """Where things start in a YAML/JSON document: (kind, key) -> 1-based line.

    A person is ``("id", id)``, the second with the same id ``("id", id, 2)``, and so on.
    Walks the parser's events (in C when libyaml is there) without building the
    document, so that the error path stays linear in time and small in memory;
    with ``wanted``, only those places are noted, and the walk stops once all are
    found.

    >>> lines = _line_index("xlinked: 1\\nindividuals:\\n  - {id: a}\\n")
    >>> lines["key", "individuals"], lines["individuals", 0], lines["id", "a"]
    (2, 3, 3)
    """
    found: dict[tuple[Any, ...], int] = {}
    ids: dict[str, int] = {}  # people seen with each id: the 2nd is ("id", id, 2)
    left = [len(wanted) if wanted is not None else -1]

    def note(key: tuple[Any, ...], line: int) -> None:
        if key not in found and (wanted is None or key in wanted):
            found[key] = line
            left[0] -= 1

    # one frame per open collection: [kind, name, index or key, expecting a key, line]
    stack: list[list[Any]] = []
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if left[0] == 0:
                break
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            name = "root"
            if stack:
                frame = stack[-1]
                if frame[0] == "map" and frame[3]:  # a key
                    frame[2] = event.value if isinstance(event, yaml.ScalarEvent) else None
                    frame[3] = False
                    if frame[1] in ("root", "model") and isinstance(frame[2], str):
                        note(("key", frame[2]), line)
                    if isinstance(event, yaml.CollectionStartEvent):
                        stack.append(["seq" if isinstance(event, yaml.SequenceStartEvent)
                                      else "map", "other", 0, True, line])
                    continue
                if frame[0] == "map":  # a value
                    frame[3] = True
                    key = frame[2]
                    if frame[1] == "person" and key == "id" and isinstance(
                            event, yaml.ScalarEvent):
                        n = ids[event.value] = ids.get(event.value, 0) + 1
                        note(("id", event.value) if n == 1 else ("id", event.value, n), frame[4])
                    name = key if frame[1] == "root" and key in (
                        "model", "individuals", "twins", "unions") else "other"
                else:  # an item
                    index = frame[2]
                    frame[2] += 1
                    if frame[1] in ("individuals", "twins", "unions"):
                        note((frame[1], index), line)
                    name = "person" if frame[1] == "individuals" else "other"
            if isinstance(event, yaml.MappingStartEvent):
                stack.append(["map", name, None, True, line])
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append(["seq", name, 0, True, line])
    except (yaml.YAMLError, ValueError, IndexError):
        pass
    return found


def dumps(pedigree: Pedigree, *, as_json: bool = False) -> str:
    """Write a pedigree as native YAML (or JSON)."""
    data = to_dict(pedigree)
    if as_json:
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100))


# -- dict -> Pedigree -----------------------------------------------------------


#: Reading people stops after this many problems (a file with more is not a pedigree with
#: typos: checking every remaining person would only cost time; ``docs/limits.md``).
MAX_PROBLEMS = 10_000


def from_dict(data: Any, *, source: str | None = None,
              folder: str | os.PathLike[str] | None = None,
              preset_files: bool = True) -> Pedigree:
    """Build a pedigree from a parsed native document.

    ``folder`` is where a preset file named in ``model: {preset: ...}`` is looked
    for (the pedigree file's folder; the current folder when ``None``);
    ``preset_files=False`` refuses preset files (only named presets), for servers.

    Raises
    ------
    PedigreeError
        With every problem found, each naming the individual and the field.
    """
    if not isinstance(data, Mapping):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ReadError(
            f"not an xlinked pedigree: expected a mapping with 'xlinked: 1' and "
            f"'individuals', found {kind}",
            source=source,
        )
    problems: list[Problem] = []
    _unknown_keys(data, _TOP_KEYS, "", problems)
    version = data.get("xlinked")
    if version is None:
        problems.append(Problem("", "the key 'xlinked: 1' (format version) is missing"))
    elif version != VERSION or isinstance(version, bool):
        problems.append(Problem("xlinked", f"unsupported format version {version!r} (this is 1)"))
    raw_people = data.get("individuals")
    individuals: list[Individual] = []
    seen: dict[str, int] = {}  # id -> people read with it so far
    kept_occurrences: dict[str, list[int]] = {}  # id -> which of them were kept
    if not isinstance(raw_people, list) or not raw_people:
        problems.append(Problem("individuals", "must be a non-empty list of people"))
    else:
        for i, raw in enumerate(raw_people):
            if len(problems) >= MAX_PROBLEMS:  # a hostile or broken file: enough to act on
                problems.insert(0, Problem("individuals", (
                    f"reading stopped after {len(problems):,} problems: the last "
                    f"{len(raw_people) - i:,} people were not checked")))
                break
            rid = raw.get("id") if isinstance(raw, Mapping) else None
            occurrence = 1
            if isinstance(rid, str):
                occurrence = seen[rid] = seen.get(rid, 0) + 1
            before = len(problems)
            person = _individual(raw, i, problems)
            if occurrence > 1:  # name this one apart from the first with its id
                assert isinstance(rid, str)
                problems[before:] = _renamed(problems[before:], {rid: {1: occurrence}})
                problems.append(Problem(person_place(rid, occurrence),
                                        "id is used more than once"))
            if person is not None:
                individuals.append(person)
                kept_occurrences.setdefault(person.id, []).append(occurrence)
    fields: dict[str, Any] = {}
    for key in ("proband", "consultand", "family"):
        if data.get(key) is not None:
            _field(fields, key, data[key], _values.identifier if key != "family" else _values.text,
                   key, problems)
    if data.get("date") is not None:
        _field(fields, "date", data["date"], parse_date, "date", problems)
    if data.get("condition") is not None:
        _field(fields, "condition", data["condition"], _condition, "condition", problems)
    if data.get("model") is not None:
        try:
            fields["model"] = RiskModel.from_mapping(data["model"], folder=folder,
                                                     preset_files=preset_files)
        except PedigreeError as exc:
            problems += exc.problems
    fields["twins"] = _list(data, "twins", _twins, problems)
    fields["unions"] = _list(data, "unions", _union, problems)
    if data.get("extensions") is not None:
        if isinstance(data["extensions"], Mapping):
            try:
                fields["extensions"] = _values.plain_data(data["extensions"],
                                                          max_depth=_values.MAX_DEPTH - 1)
            except ValueError as exc:
                problems.append(Problem("extensions", str(exc)))
        else:
            problems.append(Problem("extensions", "must be a mapping"))
    pedigree = None
    if individuals:
        try:
            pedigree = Pedigree(individuals, **fields)
        except PedigreeError as exc:
            # the file's duplicates are said above, each kept person by its place in the file
            found = [p for p in exc.problems if p.message != "id is used more than once"]
            renames = {pid: {k + 1: occ for k, occ in enumerate(occs)}
                       for pid, occs in kept_occurrences.items() if seen[pid] > 1}
            problems += _not_about_broken(_renamed(found, renames), raw_people, individuals)
    if problems or pedigree is None:
        raise PedigreeError(_unique(problems), source=source)
    return pedigree


def _not_about_broken(problems: Sequence[Problem], raw_people: Any,
                      kept: list[Individual]) -> list[Problem]:
    """Drop "'X' is not defined" problems where X was in the file but had errors of its own."""
    kept_ids = {p.id for p in kept}
    return not_about(problems, {
        raw["id"] for raw in raw_people
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str)
        and raw["id"] not in kept_ids
    })


def _renamed(problems: list[Problem], renames: dict[str, dict[int, int]]) -> list[Problem]:
    """``problems`` with each person place ``individual 'a'`` (the k-th with that id among
    the people given) renamed to its occurrence in the file: ``renames[id][k]``."""
    if not renames:
        return problems
    out = []
    for p in problems:
        match = re.match(_PLACE, p.where)
        pid = match["id"] if match is not None else None
        if pid is not None and pid in renames:
            old_place = match.group(1)  # type: ignore[union-attr]
            k = int(match["nth"]) if match["nth"] else 1  # type: ignore[index]
            new_place = person_place(pid, renames[pid].get(k, k))
            p = Problem(new_place + p.where[len(old_place):], p.message, p.line)
        out.append(p)
    return out


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _unknown_keys(data: Mapping[Any, Any], known: tuple[str, ...], where: str,
                  problems: list[Problem]) -> None:
    for key in data:
        if key not in known:
            hint = _close(str(key)[:100], known)
            extra = f" (did you mean {hint!r}?)" if hint else ""
            problems.append(Problem(where, f"unknown key {_values.shown(key)}{extra}"))


def _close(key: str, known: tuple[str, ...]) -> str | None:
    import difflib

    match = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    return match[0] if match else None


def _field(out: dict[str, Any], name: str, raw: Any, parse: Callable[[Any], Any], where: str,
           problems: list[Problem]) -> None:
    try:
        out[name] = parse(raw)
    except ValueError as exc:
        problems.append(Problem(where, f"{name} {exc}"))


#: Keys whose values :class:`Individual` parses exactly as :func:`_individual` does.
_DIRECT_KEYS = frozenset(("id", "label", "sex", "gender", "mother", "father", "affected",
                          "onset_age", "deceased", "age", "birth_year", "hypothetical",
                          "evaluated", "note"))


_DIRECT_KEYS_AND_TESTS = _DIRECT_KEYS | {"tests"}


def _direct_tests(values: dict[str, Any], i: int) -> dict[str, Any]:
    """``values`` with its tests parsed; empty when they have a problem (the full path
    then reports it)."""
    if type(values["tests"]) is not list:
        return {}
    found: list[Problem] = []
    parsed = [_test(test, f"individuals[{i}]: tests[{t}]", found)
              for t, test in enumerate(values["tests"])]
    if found:
        return {}
    values["tests"] = tuple(t for t in parsed if isinstance(t, GeneticTest))
    values["measurements"] = tuple(t for t in parsed if isinstance(t, Measurement))
    return values


def _individual(raw: Any, i: int, problems: list[Problem]) -> Individual | None:
    if type(raw) is dict and raw.keys() <= _DIRECT_KEYS_AND_TESTS:
        # The common case: only fields that Individual checks itself (and tests), one
        # check each. Problems: the full path below, for its messages.
        values = {k: v for k, v in raw.items() if v is not None}
        if "tests" in values:
            values = _direct_tests(values, i)
        if "id" in values and "sex" in values:
            try:
                return Individual(**values)
            except PedigreeError as exc:
                # One problem, not about the id: the same words and place as below
                # (several would be listed in another order: the path below says them).
                if len(exc.problems) == 1 and not exc.problems[0].message.startswith("id "):
                    problems += exc.problems
                    return None
    if not isinstance(raw, Mapping):
        problems.append(Problem(f"individuals[{i}]", "must be a mapping with at least id and sex"))
        return None
    rid = raw.get("id")
    where = f"individual {rid!r}" if isinstance(rid, str) and rid else f"individuals[{i}]"
    if isinstance(rid, str) and rid:
        try:
            _values.check_text(rid)
        except ValueError:
            where = f"individuals[{i}]"
    before = len(problems)
    _unknown_keys(raw, _INDIVIDUAL_KEYS, where, problems)
    if raw.get("id") is None:
        problems.append(Problem(where, "id is missing"))
    if raw.get("sex") is None:
        problems.append(Problem(where, "sex is missing (M, F or U)"))
    out: dict[str, Any] = {}
    simple: dict[str, Callable[[Any], Any]] = {
        "id": _values.identifier,
        "sex": Sex.parse,
        "gender": Sex.parse,
        "mother": _values.identifier,
        "father": _values.identifier,
        "affected": _values.optional_flag,
        "onset_age": _values.age,
        "deceased": _values.flag,
        "age": _values.age,
        "birth_year": _values.birth_year,
        "hypothetical": _values.flag,
        "evaluated": _values.flag,
        "adopted": _values.text,
        "label": _values.text,
        "note": _values.note,
    }
    for key, parse in simple.items():
        if raw.get(key) is not None:
            _field(out, key, raw[key], parse, where, problems)
    if raw.get("tests") is not None:
        if not isinstance(raw["tests"], list):
            problems.append(Problem(where, "tests must be a list of {result, sensitivity, ...}"))
        else:
            tests: list[GeneticTest] = []
            measurements: list[Measurement] = []
            for t, test in enumerate(raw["tests"]):
                parsed = _test(test, f"{where}: tests[{t}]", problems)
                if isinstance(parsed, Measurement):
                    measurements.append(parsed)
                elif parsed is not None:
                    tests.append(parsed)
            out["tests"] = tuple(tests)
            out["measurements"] = tuple(measurements)
    if raw.get("pregnancy") is not None:
        _field(out, "pregnancy", raw["pregnancy"], _pregnancy, where, problems)
    if raw.get("features") is not None:
        _field(out, "features", raw["features"], _features, where, problems)
    if len(problems) > before:
        return None
    try:
        return Individual(out.pop("id"), out.pop("sex"), **out)
    except PedigreeError as exc:
        problems += exc.problems
        return None


def _test(raw: Any, where: str, problems: list[Problem]) -> GeneticTest | Measurement | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem(where, "must be a mapping like {result: negative}"))
        return None
    kind = raw.get("kind", "genetic")
    if kind not in _TEST_KINDS:
        problems.append(Problem(where, f"kind must be one of {', '.join(_TEST_KINDS)}, "
                                       f"got {kind!r}"))
        return None
    if kind != "genetic":
        return _measurement(raw, where, problems)
    _unknown_keys(raw, _TEST_KEYS, where, problems)
    if raw.get("result") is None:
        problems.append(Problem(where, "result is missing (positive, negative or inconclusive)"))
        return None
    values = {k: raw[k] for k in _TEST_KEYS if raw.get(k) is not None and k != "kind"}
    try:
        return GeneticTest(**values)
    except ValueError as exc:
        problems.append(Problem(where, str(exc)))
        return None


def _measurement(raw: Mapping[str, Any], where: str,
                 problems: list[Problem]) -> Measurement | None:
    before = len(problems)
    _unknown_keys(raw, _MEASUREMENT_KEYS, where, problems)
    if "value" not in raw:
        what = ("the likelihood ratio carrier : non-carrier"
                if raw["kind"] == "likelihood_ratio" else "the measured level")
        problems.append(Problem(where, f"value is missing ({what})"))
    if len(problems) > before:
        return None
    values = {k: raw[k] for k in _MEASUREMENT_KEYS if raw.get(k) is not None}
    try:
        return Measurement(**values)
    except ValueError as exc:
        problems.append(Problem(where, str(exc)))
        return None


def _pregnancy(raw: Any) -> Pregnancy:
    if raw is True:
        return Pregnancy()
    if not isinstance(raw, Mapping) or set(raw) - {"weeks", "outcome"}:
        raise ValueError("must be true or a mapping like {weeks: 12, outcome: miscarriage}")
    return Pregnancy(weeks=raw.get("weeks"), outcome=raw.get("outcome"))


def _features(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise ValueError("must be a list of feature names or HPO terms")
    return tuple(_values.text(x) for x in raw)


def _condition(raw: Any) -> Condition:
    if not isinstance(raw, Mapping) or set(raw) - {"name", "gene", "inheritance"}:
        raise ValueError("must be a mapping with name, gene and inheritance")
    inheritance = raw.get("inheritance", "XLR")
    if inheritance != "XLR":
        raise ValueError(f"inheritance must be XLR (X-linked recessive), got {inheritance!r}")
    return Condition(
        name=_values.text(raw.get("name", "")),
        gene=None if raw.get("gene") is None else _values.text(raw["gene"]),
        inheritance="XLR",
    )


def _list(data: Mapping[str, Any], key: str, parse: Callable[[Any, str], Any],
          problems: list[Problem]) -> tuple[Any, ...]:
    raw = data.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(key, "must be a list"))
        return ()
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(parse(item, f"{key}[{i}]"))
        except ValueError as exc:
            problems.append(Problem(f"{key}[{i}]", str(exc)))
    return tuple(out)


def _twins(raw: Any, where: str) -> TwinGroup:
    if not isinstance(raw, Mapping) or "members" not in raw or set(raw) - {"members", "zygosity"}:
        raise ValueError("must be a mapping like {zygosity: MZ, members: [a, b]}")
    members = raw["members"]
    if not isinstance(members, list):
        raise ValueError("members must be a list of ids")
    ids = tuple(_values.identifier(m) for m in members)
    return TwinGroup(ids, raw.get("zygosity", "unknown"))


def _union(raw: Any, where: str) -> Union:
    keys = {"partners", "consanguineous", "separated", "childless", "note"}
    if not isinstance(raw, Mapping) or "partners" not in raw or set(raw) - keys:
        raise ValueError("must be a mapping like {partners: [a, b], consanguineous: true} "
                         f"(keys: {', '.join(sorted(keys))})")
    partners = raw["partners"]
    if not isinstance(partners, list) or len(partners) != 2:
        raise ValueError("partners must be a list of two ids")
    a, b = (_values.identifier(p) for p in partners)
    return Union(
        (a, b),
        consanguineous=_values.optional_flag(raw.get("consanguineous")),
        separated=_values.flag(raw.get("separated", False)),
        childless=None if raw.get("childless") is None else parse_choice(
            Childless, raw["childless"]),
        note=None if raw.get("note") is None else _values.note(raw["note"]),
    )


# -- Pedigree -> dict -------------------------------------------------------------


def to_dict(pedigree: Pedigree) -> dict[str, Any]:
    """The native document for ``pedigree``; :func:`from_dict` reads it back equal."""
    out: dict[str, Any] = {"xlinked": VERSION}
    if pedigree.family is not None:
        out["family"] = pedigree.family
    if pedigree.date is not None:
        out["date"] = pedigree.date.isoformat()
    if pedigree.condition is not None:
        c = pedigree.condition
        out["condition"] = {"name": c.name, "gene": c.gene, "inheritance": c.inheritance}
    if pedigree.proband is not None:
        out["proband"] = pedigree.proband
    if pedigree.consultand is not None:
        out["consultand"] = pedigree.consultand
    if pedigree.model is not None:
        out["model"] = pedigree.model.to_mapping()
    out["individuals"] = [_individual_dict(p) for p in pedigree.individuals]
    if pedigree.twins:
        out["twins"] = [
            {"zygosity": g.zygosity.value, "members": list(g.members)} for g in pedigree.twins
        ]
    if pedigree.unions:
        out["unions"] = [_union_dict(u) for u in pedigree.unions]
    if pedigree.extensions:
        try:
            out["extensions"] = _values.plain_data(dict(pedigree.extensions),
                                                   max_depth=_values.MAX_DEPTH - 1)
        except ValueError as exc:
            raise PedigreeError([Problem("extensions", str(exc))]) from None
    return out


def _individual_dict(p: Individual) -> dict[str, Any]:
    out: dict[str, Any] = {"id": p.id, "sex": p.sex.value}
    for key in ("label", "mother", "father"):
        if getattr(p, key) is not None:
            out[key] = getattr(p, key)
    if p.gender is not None:
        out["gender"] = p.gender.value
    for key in ("affected", "onset_age", "age", "birth_year"):
        if getattr(p, key) is not None:
            out[key] = getattr(p, key)
    if p.deceased:
        out["deceased"] = True
    if p.hypothetical:
        out["hypothetical"] = True
    if p.evaluated:
        out["evaluated"] = True
    if p.tests or p.measurements:
        out["tests"] = [_test_dict(t) for t in p.tests] + [
            _measurement_dict(m) for m in p.measurements]
    if p.pregnancy is not None:
        preg: dict[str, Any] = {}
        if p.pregnancy.weeks is not None:
            preg["weeks"] = p.pregnancy.weeks
        if p.pregnancy.outcome is not None:
            preg["outcome"] = p.pregnancy.outcome.value
        out["pregnancy"] = preg or True
    if p.adopted is not None:
        out["adopted"] = p.adopted.value
    if p.features:
        out["features"] = list(p.features)
    if p.note is not None:
        out["note"] = p.note
    return out


def _test_dict(t: GeneticTest) -> dict[str, Any]:
    out: dict[str, Any] = {"result": t.result.value}
    if t.sensitivity != 1:
        out["sensitivity"] = _values.format_fraction(t.sensitivity)
    if t.specificity != 1:
        out["specificity"] = _values.format_fraction(t.specificity)
    for key in ("gene", "method", "variant", "date", "lab", "note"):
        if getattr(t, key) is not None:
            out[key] = getattr(t, key)
    return out


def _measurement_dict(m: Measurement) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": m.kind.value, "value": _number(m.value)}
    for key in ("analyte", "unit", "age", "method", "date", "lab", "note"):
        if getattr(m, key) is not None:
            out[key] = getattr(m, key)
    return out


def _number(x: Fraction) -> int | float | str:
    """A number as written to a file: an int, a float that reads back equal, or "a/b"."""
    if x.denominator == 1:
        return int(x.numerator)
    if Fraction(repr(float(x))) == x:
        return float(x)
    return f"{x.numerator}/{x.denominator}"


def _union_dict(u: Union) -> dict[str, Any]:
    out: dict[str, Any] = {"partners": list(u.partners)}
    if u.consanguineous is not None:
        out["consanguineous"] = u.consanguineous
    if u.separated:
        out["separated"] = True
    if u.childless is not None:
        out["childless"] = u.childless.value
    if u.note is not None:
        out["note"] = u.note
    return out
