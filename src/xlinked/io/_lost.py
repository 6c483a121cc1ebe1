"""Saying what a file format could not hold, the same way for every format."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..model import Individual, Pedigree

#: Per-person data a format may be unable to hold: name -> "this person has it".
PERSON_FIELDS: dict[str, Callable[[Individual], bool]] = {
    "affection status": lambda p: p.affected is not None,
    "test results": lambda p: bool(p.tests),
    "carrier measurements": lambda p: bool(p.measurements),
    "deceased": lambda p: p.deceased,
    "age": lambda p: p.age is not None,
    "birth year": lambda p: p.birth_year is not None,
    "onset age": lambda p: p.onset_age is not None,
    "gender": lambda p: p.gender is not None,
    "pregnancy": lambda p: p.pregnancy is not None,
    "hypothetical": lambda p: p.hypothetical,
    "evaluated": lambda p: p.evaluated,
    "adoption": lambda p: p.adopted is not None,
    "clinical features": lambda p: bool(p.features),
    "label": lambda p: p.label is not None,
    "note": lambda p: p.note is not None,
}


def listing(ids: Sequence[str]) -> str:
    """The first five ids, quoted, then ``...``.

    >>> listing(["a", "b"]), listing([str(i) for i in range(7)])
    ("'a', 'b'", "'0', '1', '2', '3', '4', ...")
    """
    return ", ".join(repr(i) for i in ids[:5]) + (", ..." if len(ids) > 5 else "")


def lost_person_fields(pedigree: Pedigree, names: Iterable[str]) -> list[str]:
    """One line per field of :data:`PERSON_FIELDS` in ``names`` that someone has.

    >>> from xlinked import Individual, Pedigree
    >>> ped = Pedigree([Individual("a", "F", deceased=True), Individual("b", "M")])
    >>> lost_person_fields(ped, ["deceased", "age"])
    ["deceased (1 person: 'a')"]
    """
    lost = []
    for name in names:
        who = [p.id for p in pedigree.individuals if PERSON_FIELDS[name](p)]
        if who:
            people = "person" if len(who) == 1 else "people"
            lost.append(f"{name} ({len(who)} {people}: {listing(who)})")
    return lost


def lost_family_fields(pedigree: Pedigree, *, extension: str | None = None,
                       holds_proband: bool = False) -> list[str]:
    """The family-level data a format cannot hold: consultand, condition, model, extensions.

    ``extension`` names the format's own entry in ``pedigree.extensions`` (kept);
    ``holds_proband`` says the format can mark the proband, so a consultand who
    is also the proband is not lost.

    >>> from xlinked import Individual, Pedigree
    >>> ped = Pedigree([Individual("a", "F")], consultand="a", extensions={"x": 1, "y": 2})
    >>> lost_family_fields(ped, extension="x")
    ['consultand', 'extensions (y)']
    """
    lost = []
    consultand = pedigree.consultand
    if consultand is not None and not (holds_proband and consultand == pedigree.proband):
        lost.append("consultand")
    if pedigree.condition is not None:
        lost.append("condition")
    if pedigree.model is not None:
        lost.append("risk model")
    others = sorted(k for k in pedigree.extensions if k != extension)
    if others:
        lost.append(f"extensions ({', '.join(others)})")
    return lost
