"""Reading input safely: regular files within a size limit, and YAML/JSON as plain data.

Every reader of a file (pedigrees of any format, preset files) goes through
:func:`read_file` (or :func:`read_stream` for standard input), :func:`decode`
and, for YAML and JSON, :func:`parse_json` / :func:`parse_yaml`. So a new format
gets the same protection by calling them:

* only regular files are read: a FIFO, a device (``/dev/zero``) or a socket is
  refused before anything is read, so nothing blocks or reads forever;
* at most ``max_bytes`` are read (:data:`MAX_INPUT_BYTES` unless told);
* YAML is built straight from the parser's events (no node graph: memory stays
  near the size of the data), refusing aliases (no alias bombs) and every tag but
  text, numbers, booleans, null, lists and mappings (``!!python/...``, ``!!binary``,
  ``!!set``...); dates stay text. Both YAML and JSON refuse duplicate keys,
  ``NaN``/``Infinity`` in JSON, numbers of more than 4,300 digits, and nesting deeper
  than :data:`~xlinked._values.MAX_DEPTH`.

Errors are :class:`~xlinked.errors.ReadError` naming the file (and the line
when known); the content of a file is never quoted beyond the key at fault.

>>> parse_yaml("a: [1, 2]")
{'a': [1, 2]}
>>> parse_yaml("a: 1\\na: 2", source="f.yaml")
Traceback (most recent call last):
...
xlinked.errors.ReadError: f.yaml:2: the key 'a' appears twice in one mapping
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Hashable
from typing import IO, Any

import yaml

from ._sizes import MAX_INPUT_BYTES, format_size, parse_size
from ._values import MAX_DEPTH, depth, shown
from .errors import ReadError

__all__ = [
    "MAX_INPUT_BYTES",
    "decode",
    "format_size",
    "parse_json",
    "parse_size",
    "parse_yaml",
    "read_file",
    "read_stream",
]


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str | None:
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_file(path: str | os.PathLike[str], *, max_bytes: int | None = MAX_INPUT_BYTES,
              what: str = "file", source: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` (``None``: no limit).

    The file is opened without blocking and checked before reading: anything
    but a regular file is refused, so a FIFO or ``/dev/zero`` cannot hang or
    exhaust memory. ``what`` names the file in messages ("pedigree file").
    """
    source = source or os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError("no such file", source=source) from None
    except IsADirectoryError:
        raise ReadError(f"is a directory, not a {what}", source=source) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) else "not a valid file name"
        raise ReadError(f"cannot be read: {reason}", source=source) from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind == "a directory":
            raise ReadError(f"is a directory, not a {what}", source=source)
        if kind is not None:
            raise ReadError(f"is {kind}, not a regular file: give a {what} "
                            "(or '-' for standard input)", source=source)
        if max_bytes is not None and info.st_size > max_bytes:
            raise ReadError(_too_big(info.st_size, max_bytes, what), source=source)
        try:
            with os.fdopen(os.dup(fd), "rb") as stream:
                return read_stream(stream, max_bytes=max_bytes, what=what, source=source)
        except OSError as exc:
            raise ReadError(f"cannot be read: {exc.strerror}", source=source) from None
    finally:
        os.close(fd)


def read_stream(stream: IO[bytes], *, max_bytes: int | None = MAX_INPUT_BYTES,
                what: str = "file", source: str | None = "<stdin>") -> bytes:
    """Everything ``stream`` holds, refused beyond ``max_bytes`` (read in chunks)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if max_bytes is not None and total > max_bytes:
            raise ReadError(_too_big(None, max_bytes, what), source=source)
        chunks.append(chunk)


def _too_big(size: int | None, limit: int, what: str) -> str:
    found = f" ({format_size(size)})" if size is not None else ""
    return (f"is larger than the {format_size(limit)} allowed for a {what}{found}; "
            "raise the limit with --max-input (or XLINKED_MAX_INPUT, or max_bytes= in Python)")


def decode(raw: bytes, *, source: str | None = None, what: str = "file") -> str:
    """UTF-8 text (a byte-order mark is dropped); binary data are refused."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"is not UTF-8 text (byte {exc.start})", source=source) from None
    if "\x00" in text:
        raise ReadError(f"is a binary file, not a {what}", source=source)
    return text


# -- JSON ---------------------------------------------------------------------------


class _Duplicate(Exception):
    def __init__(self, key: str):
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return out


class _Constant(Exception):
    def __init__(self, name: str):
        self.name = name


def _constant(name: str) -> Any:
    raise _Constant(name)


def parse_json(text: str, *, source: str | None = None) -> Any:
    """JSON text as plain data; duplicate keys, ``NaN`` and deep nesting are refused."""
    import json  # here: reading YAML does not need it

    try:
        data = json.loads(text.lstrip("\ufeff"), object_pairs_hook=_pairs,
                          parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ReadError(f"not valid JSON: {exc.msg} (column {exc.colno})", source=source,
                        line=exc.lineno) from None
    except _Constant as exc:
        raise ReadError(f"not valid JSON: {exc.name} is not a number JSON allows",
                        source=source) from None
    except _Duplicate as exc:
        raise ReadError(f"the key {shown(exc.key)} appears twice in one object",
                        source=source) from None
    except RecursionError:
        raise ReadError(_too_deep(), source=source) from None
    except ValueError as exc:  # integers beyond Python's 4,300-digit conversion limit
        raise ReadError(f"not valid JSON: {_digits(exc)}", source=source) from None
    _check_depth(data, source)
    return data


def _too_deep() -> str:
    return f"lists and mappings are nested more than {MAX_DEPTH} levels deep"


def _digits(exc: ValueError) -> str:
    return ("a number has more than 4,300 digits" if "digits" in str(exc)
            else str(exc).splitlines()[0][:100])


def _check_depth(data: Any, source: str | None) -> None:
    if depth(data) > MAX_DEPTH:
        raise ReadError(_too_deep(), source=source)


# -- YAML ---------------------------------------------------------------------------

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SafeLoader(_Base):  # type: ignore[misc]
    """PyYAML's safe loader (the C one when available) with dates kept as text.

    :func:`parse_yaml` uses only its parser (events) and its resolution of plain
    scalars, and builds the data itself.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


#: The scalar tags read: text, numbers, booleans, null (and dates, as text).
_SCALARS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null",
                                                "timestamp")}
_COLLECTIONS = {yaml.MappingStartEvent: ("tag:yaml.org,2002:map", dict),
                yaml.SequenceStartEvent: ("tag:yaml.org,2002:seq", list)}
_AS_TEXT = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}
_STR = "tag:yaml.org,2002:str"
_NO_KEY = object()


def _refuse(message: str, mark: Any) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(None, None, message, mark)


def _tag_error(tag: str, mark: Any) -> yaml.MarkedYAMLError:
    if tag.startswith(("tag:yaml.org,2002:python/", "!!python")):
        return _refuse("YAML tags that construct objects (!!python/...) are not allowed", mark)
    return _refuse(f"the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed "
                   "(only text, numbers, true/false, null, lists and mappings)", mark)


#: texts shorter than this are built from events: the fast path pays off on big files
#: only (and its patterns then need compiling, milliseconds at every start)
FAST_FROM = 64 * 1024


def _build(text: str) -> Any:
    """The document of ``text``: :func:`_build_fast` when it applies, else from events."""
    if len(text) < FAST_FROM:
        return _build_events(text)
    fast = _build_fast(text)
    return _build_events(text) if fast is _NO_KEY else fast


# A fast path for the shape most big files have (a top-level mapping whose lists hold
# one-line flow mappings or simple block mappings of plain or quoted scalars): those
# lines are read with regular expressions and their plain scalars resolved by the
# loader's own resolvers (cached), with the same results as the events. Any other item
# or entry is built from events on its own; anything unexpected (an error, a duplicate
# key, a tab, an unusual line break...) returns _NO_KEY and the whole text is read
# from events, so errors and their lines are exactly those of the full path.
_PLAIN = r"(?:[A-Za-z0-9_.]|[-+](?=[0-9.]))[A-Za-z0-9_.+-]*"
_SCALAR = rf"(?:{_PLAIN}|'[ -&(-~]*'|\"[ !#-\[\]-~]*\")"
_PAIR = rf"{_PLAIN}: {_SCALAR}"


class _Patterns:
    """The fast path's regular expressions (compiled once, when first needed)."""

    def __init__(self) -> None:
        self.member = re.compile(rf"({_PLAIN}): ({_SCALAR})\Z")
        self.top = re.compile(rf"({_PLAIN}):(?: ({_SCALAR}))?\Z")
        self.flow = re.compile(rf"- \{{({_PAIR}(?:, {_PAIR})*)\}}\Z")
        self.pairs = re.compile(rf"({_PLAIN}): ({_SCALAR})")
        self.odd = re.compile("[\t\r\x85\u2028\u2029\ufeff]|^(?:---|\\.\\.\\.|%)", re.MULTILINE)


_COMPILED: list[_Patterns] = []


def _patterns() -> _Patterns:
    if not _COMPILED:
        _COMPILED.append(_Patterns())
    return _COMPILED[0]


class _Scalars:
    """Plain and quoted scalars as the loader reads them (resolution cached)."""

    def __init__(self) -> None:
        self.loader = SafeLoader("")
        #: first characters of scalars that are not text as written
        self.first = frozenset(k for k in SafeLoader.yaml_implicit_resolvers if k) | {"'", '"'}
        self.cache: dict[str, Any] = {}

    def __call__(self, raw: str) -> Any:
        first = raw[0]
        if first not in self.first:
            return raw
        if first == "'" or first == '"':
            return raw[1:-1]
        try:
            return self.cache[raw]
        except KeyError:
            pass
        tag = self.loader.resolve(yaml.ScalarNode, raw, (True, False))
        if tag in _AS_TEXT or tag in (_STR, _TIMESTAMP):
            value: Any = raw
        elif tag in _SCALARS:
            value = self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, raw))
        else:
            raise ValueError(tag)
        if len(self.cache) < 100_000:
            self.cache[raw] = value
        return value


def _build_fast(text: str) -> Any:
    pattern = _patterns()
    if pattern.odd.search(text):
        return _NO_KEY
    scalar = _Scalars()
    try:
        lines = text.split("\n")
        root: dict[Any, Any] = {}
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if not line.strip() or line[0] == "#":
                i += 1
                continue
            match = pattern.top.match(line)
            if match is None:
                return _NO_KEY
            key = _key(scalar(match[1]), root)
            if match[2] is not None:
                root[key] = scalar(match[2])
                i += 1
                continue
            j = i + 1
            while j < n and (not lines[j] or lines[j][0] in " #" or lines[j][:2] == "- "):
                j += 1
            value = _fast_block(lines, i, j, scalar)
            if value is _NO_KEY:
                return _NO_KEY
            root[key] = value
            i = j
        return root if root else _NO_KEY
    except Exception:  # noqa: BLE001 - anything unexpected: the full path says what
        return _NO_KEY
    finally:
        scalar.loader.dispose()


def _key(key: Any, mapping: dict[Any, Any]) -> Any:
    if type(key) is not str or key in mapping:
        raise ValueError("a key the full path reports")
    return sys.intern(key)


def _fast_block(lines: list[str], head: int, end: int, scalar: _Scalars) -> Any:
    """The value of the top-level key on line ``head`` (its block: lines to ``end``)."""
    k = head + 1
    while k < end and (not lines[k].strip() or lines[k].lstrip()[0] == "#"):
        k += 1
    if k == end:
        return None
    first = lines[k]
    indent = len(first) - len(first.lstrip(" "))
    if first[indent:indent + 2] != "- ":
        return _chunk(lines[head:end], 0)
    dash = " " * indent + "- "
    member = " " * (indent + 2)
    out: list[Any] = []
    flow, pairs, first_chars, resolve = (_patterns().flow.match, _patterns().pairs.findall,
                                         scalar.first, scalar)
    keys: dict[str, str] = {}
    while k < end:
        line = lines[k]
        if not line.startswith(dash):
            return _NO_KEY
        one = flow(line, indent) if k + 1 == end or lines[k + 1].startswith(dash) else None
        if one is not None:
            item: Any = {}
            for raw_key, raw in pairs(one[1]):
                key = keys.get(raw_key)
                if key is None:
                    key = keys[raw_key] = _key(resolve(raw_key), {})
                if key in item:
                    raise ValueError("a duplicate key: the full path reports it")
                item[key] = raw if raw[0] not in first_chars else resolve(raw)
            out.append(item)
            k += 1
            continue
        stop = k + 1
        while stop < end and not lines[stop].startswith(dash):
            stop += 1
        item = _fast_item(lines, k, stop, indent, member, scalar)
        if item is _NO_KEY:
            item = _chunk(lines[k:stop], 1)[0]
        out.append(item)
        k = stop
    return out


def _fast_item(lines: list[str], start: int, stop: int, indent: int, member: str,
               scalar: _Scalars) -> Any:
    line = lines[start][indent:]
    out: dict[Any, Any] = {}
    member_match = _patterns().member.match
    first = member_match(line, 2) if line[:2] == "- " else None
    if first is None:
        return _NO_KEY
    key = _key(scalar(first[1]), out)
    out[key] = scalar(first[2])
    for k in range(start + 1, stop):
        text = lines[k]
        if not text.startswith(member) or len(text) == len(member) or text[len(member)] == " ":
            return _NO_KEY
        match = member_match(text, len(member))
        if match is None:
            return _NO_KEY
        key = _key(scalar(match[1]), out)
        out[key] = scalar(match[2])
    return out


def _chunk(lines: list[str], above: int) -> Any:
    """Lines of the document built from events on their own (``above``: the levels of
    nesting around them in the document); any problem is left to the full path."""
    value = _build_events("\n".join(lines))
    if not isinstance(value, dict | list) or len(value) != 1 or depth(value) + above > MAX_DEPTH:
        raise ValueError("left to the full path")
    return next(iter(value.values())) if isinstance(value, dict) else value


def _build_events(text: str) -> Any:
    """The document of ``text`` built straight from the parser's events.

    No node graph is built (PyYAML's composer needs some 100 bytes of memory per
    byte of a file of small mappings), so memory stays near the size of the data;
    aliases, duplicate keys, other tags and nesting deeper than ``MAX_DEPTH`` are
    refused where they occur, with their line.
    """
    loader = SafeLoader(text)
    try:
        stack: list[list[Any]] = []  # [container, pending key] per open collection
        root: Any = _NO_KEY
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                    if tag in _AS_TEXT:  # "<<" and "=" are text here: no merge keys
                        tag = _STR
                if tag in (_STR, _TIMESTAMP):
                    value = event.value
                elif tag in _SCALARS:
                    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                           style=event.style)
                    value = loader.yaml_constructors[tag](loader, node)
                else:
                    raise _tag_error(tag, event.start_mark)
            elif kind in _COLLECTIONS:
                standard, container = _COLLECTIONS[kind]
                if event.tag not in (None, "!", standard):
                    raise _tag_error(event.tag, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(_too_deep(), event.start_mark)
                stack.append([container(), _NO_KEY])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop()[0]
            elif kind is yaml.AliasEvent:
                raise _refuse("YAML aliases (*name) are not allowed", event.start_mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _refuse("a file holds one YAML document, found a second",
                                  event.start_mark)
                continue
            else:  # stream start and end, document end
                continue
            if not stack:
                root = value
                continue
            top = stack[-1]
            if type(top[0]) is list:
                top[0].append(value)
            elif top[1] is _NO_KEY:  # a key
                if not isinstance(value, Hashable):
                    raise _refuse("a list or mapping cannot be a key", event.start_mark)
                if value in top[0]:
                    raise _refuse(f"the key {shown(value)} appears twice in one mapping",
                                  event.start_mark)
                top[1] = sys.intern(value) if type(value) is str else value  # one copy of "id"
            else:
                top[0][top[1]] = value
                top[1] = _NO_KEY
        return None if root is _NO_KEY else root
    finally:
        loader.dispose()


def parse_yaml(text: str, *, source: str | None = None) -> Any:
    """YAML (or JSON) text as plain data, read by :class:`SafeLoader`."""
    try:
        return _build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        if "nesting depth" in what:  # libyaml's own limit
            what = _too_deep()
        elif not isinstance(exc, yaml.constructor.ConstructorError):
            what = f"not valid YAML or JSON: {what}"
        raise ReadError(what, source=source, line=line) from None
    except yaml.YAMLError as exc:
        raise ReadError(f"not valid YAML or JSON: {str(exc)[:200]}", source=source) from None
    except ValueError as exc:
        raise ReadError(f"not valid YAML or JSON: {_digits(exc)}", source=source) from None
