"""Editing a family as a native document: add relatives, delete a person.

Each edit is a free function from a native document (the mapping of
``docs/format.md``, as JSON gives it) to a new document; the input is never
changed. Edits keep the document valid when it was valid (new people get
fresh ids, references to a deleted person go with them), and the app checks
the result through the one construction path (:func:`xlinked.io.native.from_dict`)
before anything is shown or saved.

>>> doc = new_document(today="2025-01-15")
>>> doc["individuals"]
[{'id': '1', 'sex': 'F'}]
>>> doc = apply(doc, {"op": "add_child", "id": "1", "sex": "M"})
>>> [(p["id"], p["sex"], p.get("mother"), p.get("father")) for p in doc["individuals"]]
[('1', 'F', None, None), ('2', 'M', None, None), ('3', 'M', '1', '2')]
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["EDITS", "EditError", "apply", "new_document"]

Doc = dict[str, Any]
Person = dict[str, Any]


class EditError(ValueError):
    """An edit that cannot be made (unknown person, parents already there, ...)."""


def new_document(*, today: str | None = None, sex: str = "F") -> Doc:
    """A family of one: the consultand, to grow by clicking."""
    doc: Doc = {"xlinked": 1}
    if today is not None:
        doc["date"] = today
    doc["consultand"] = "1"
    doc["individuals"] = [{"id": "1", "sex": sex}]
    return doc


def apply(doc: Mapping[str, Any], edit: Mapping[str, Any]) -> Doc:
    """The document after ``edit`` (``{"op": NAME, "id": PERSON, ...}``; see :data:`EDITS`).

    Raises
    ------
    EditError
        The edit is unknown or cannot be made on this document.
    """
    op = edit.get("op")
    if op not in EDITS:
        raise EditError(f"unknown edit {op!r} (known: {', '.join(EDITS)})")
    out: Doc = copy.deepcopy(dict(doc))
    people = out.get("individuals")
    if not isinstance(people, list):
        raise EditError("the document has no list of individuals")
    pid = edit.get("id")
    if not isinstance(pid, str) or _find(out, pid) is None:
        raise EditError(f"no individual {pid!r} in the family")
    EDITS[op](out, pid, edit)
    return out


# -- helpers -------------------------------------------------------------------------


def _people(doc: Doc) -> list[Person]:
    people: list[Person] = doc["individuals"]
    return people


def _find(doc: Doc, pid: str) -> Person | None:
    for p in _people(doc):
        if isinstance(p, dict) and p.get("id") == pid:
            return p
    return None


def _new_id(doc: Doc) -> str:
    """The next free number: ids the app makes are 1, 2, 3, ... (strings)."""
    used = {str(p.get("id")) for p in _people(doc) if isinstance(p, dict)}
    numbers = [int(u) for u in used if u.isdigit()]
    n = max(numbers, default=0) + 1
    while str(n) in used:
        n += 1
    return str(n)


def _add(doc: Doc, person: Person, after: str | None = None) -> Person:
    """Add ``person`` with a fresh id, after ``after`` in the list (birth order) or at the end."""
    person = {"id": _new_id(doc), **person}
    people = _people(doc)
    if after is None:
        people.append(person)
    else:
        at = next(k for k, p in enumerate(people) if isinstance(p, dict) and p.get("id") == after)
        people.insert(at + 1, person)
    return person


def _sex(p: Person) -> str:
    return str(p.get("sex", "U")).upper()[:1]


def _other(sex: str) -> str:
    return {"F": "M", "M": "F"}.get(sex, "M")


def _partners(doc: Doc, pid: str) -> list[str]:
    """Partners of ``pid``: from children (last child last) and unions, most recent last."""
    out: list[str] = []
    for u in doc.get("unions") or []:
        if isinstance(u, dict) and pid in (u.get("partners") or []):
            out += [q for q in u["partners"] if q != pid]
    for p in _people(doc):
        if not isinstance(p, dict):
            continue
        if p.get("mother") == pid and p.get("father"):
            out.append(p["father"])
        elif p.get("father") == pid and p.get("mother"):
            out.append(p["mother"])
    seen: dict[str, None] = {}
    for q in reversed(out):
        seen.setdefault(q, None)
    return list(reversed(seen))


def _parent_keys(doc: Doc, pid: str, partner: str | None) -> dict[str, str]:
    me = _find(doc, pid)
    assert me is not None
    mine = "father" if _sex(me) == "M" else "mother"
    if partner is not None:
        other = _find(doc, partner)
        if other is not None and _sex(other) == _sex(me):
            raise EditError(f"{pid!r} and their partner {partner!r} have the same sex at birth: "
                            "set one of them to M or F first")
    keys = {mine: pid}
    if partner is not None:
        keys["mother" if mine == "father" else "father"] = partner
    return keys


def _can_parent(doc: Doc, pid: str) -> None:
    me = _find(doc, pid)
    assert me is not None
    if _sex(me) not in ("M", "F"):
        raise EditError(f"set {pid!r}'s sex at birth (M or F) first: a parent is a mother "
                        "or a father")


def _ensure_partner(doc: Doc, pid: str) -> str:
    """The person's current partner, made (with a union) when there is none."""
    _can_parent(doc, pid)
    partners = _partners(doc, pid)
    if partners:
        return partners[-1]
    me = _find(doc, pid)
    assert me is not None
    partner = _add(doc, {"sex": _other(_sex(me))}, after=pid)
    return str(partner["id"])


# -- the edits ------------------------------------------------------------------------


def add_parents(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add a mother and a father (the missing ones) to a person."""
    me = _find(doc, pid)
    assert me is not None
    if me.get("mother") and me.get("father"):
        raise EditError(f"{pid!r} already has both parents")
    first = next(p for p in _people(doc) if isinstance(p, dict))
    for key, sex in (("father", "M"), ("mother", "F")):
        if not me.get(key):
            parent = {"id": _new_id(doc), "sex": sex}
            _people(doc).insert(_people(doc).index(first), parent)
            first = parent
            me[key] = parent["id"]


def add_partner(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add a partner; with ``children: true`` also their first child (sex unknown)."""
    me = _find(doc, pid)
    assert me is not None
    if edit.get("children"):
        _can_parent(doc, pid)
    partner = _add(doc, {"sex": _other(_sex(me))}, after=pid)
    if edit.get("children"):
        _add(doc, {"sex": "U", **_parent_keys(doc, pid, partner["id"])})
    else:
        doc.setdefault("unions", []).append({"partners": [pid, partner["id"]]})


def add_child(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add a son (``sex: M``), daughter (``F``) or child of unknown sex with the current partner."""
    sex = str(edit.get("sex", "U")).upper()
    if sex not in ("M", "F", "U"):
        raise EditError(f"sex must be M, F or U, not {sex!r}")
    partner = _ensure_partner(doc, pid)
    _add(doc, {"sex": sex, **_parent_keys(doc, pid, partner)})


def add_pregnancy(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add an ongoing pregnancy with the current partner."""
    partner = _ensure_partner(doc, pid)
    _add(doc, {"sex": "U", **_parent_keys(doc, pid, partner), "pregnancy": True})


def _give_parents(doc: Doc, pid: str) -> Person:
    me = _find(doc, pid)
    assert me is not None
    if not (me.get("mother") or me.get("father")):
        add_parents(doc, pid, {})
    return me


def add_sibling(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add a brother or sister (born next), giving the person parents first if needed."""
    sex = str(edit.get("sex", "U")).upper()
    if sex not in ("M", "F", "U"):
        raise EditError(f"sex must be M, F or U, not {sex!r}")
    me = _give_parents(doc, pid)
    parents = {k: me[k] for k in ("mother", "father") if me.get(k)}
    _add(doc, {"sex": sex, **parents}, after=pid)


def add_twin(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Add a twin (``zygosity``: MZ, the default, DZ or unknown); MZ twins share the sex."""
    zygosity = str(edit.get("zygosity", "MZ"))
    if zygosity not in ("MZ", "DZ", "unknown"):
        raise EditError(f"zygosity must be MZ, DZ or unknown, not {zygosity!r}")
    me = _give_parents(doc, pid)
    parents = {k: me[k] for k in ("mother", "father") if me.get(k)}
    sex = _sex(me) if zygosity == "MZ" else str(edit.get("sex", "U")).upper()
    twin = _add(doc, {"sex": sex, **parents}, after=pid)
    for group in doc.get("twins") or []:
        if isinstance(group, dict) and pid in (group.get("members") or []):
            group["members"].append(twin["id"])
            return
    doc.setdefault("twins", []).append({"zygosity": zygosity, "members": [pid, twin["id"]]})


def delete(doc: Doc, pid: str, edit: Mapping[str, Any]) -> None:
    """Delete a person and every reference to them (parents of children, twins, unions)."""
    people = _people(doc)
    if len(people) == 1:
        raise EditError("a family needs at least one person: the last one cannot be deleted")
    doc["individuals"] = [p for p in people if not (isinstance(p, dict) and p.get("id") == pid)]
    for p in _people(doc):
        if isinstance(p, dict):
            for key in ("mother", "father"):
                if p.get(key) == pid:
                    del p[key]
    for key in ("proband", "consultand"):
        if doc.get(key) == pid:
            del doc[key]
    twins = []
    for group in doc.get("twins") or []:
        members = [m for m in group.get("members") or [] if m != pid]
        if len(members) >= 2:
            twins.append({**group, "members": members})
    unions = [u for u in doc.get("unions") or [] if pid not in (u.get("partners") or [])]
    for key, kept in (("twins", twins), ("unions", unions)):
        if kept:
            doc[key] = kept
        else:
            doc.pop(key, None)


#: The edits by name: each takes (document, person id, the edit's other fields).
EDITS: dict[str, Callable[[Doc, str, Mapping[str, Any]], None]] = {
    "add_parents": add_parents,
    "add_partner": add_partner,
    "add_child": add_child,
    "add_sibling": add_sibling,
    "add_twin": add_twin,
    "add_pregnancy": add_pregnancy,
    "delete": delete,
}
