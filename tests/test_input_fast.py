"""The fast path of the YAML reader gives exactly what the event-based reader gives.

``xlinked._input._build_fast`` reads the common shape of big files (lists of one-line
flow mappings or simple block mappings) with regular expressions; anything else falls
back to the events. Whatever it returns must equal (value and type) the events' result,
and any text the events refuse must not be accepted by it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlinked._input import _NO_KEY, _build_events, _build_fast, parse_yaml
from xlinked.errors import ReadError

# Scalars as written: plain words, numbers, YAML 1.1 booleans/nulls, quoted text, and
# pieces that are not in the fast path's grammar (spaces, colons, comments, anchors).
_SCALARS = st.one_of(
    st.sampled_from(["F", "M", "X", "p1", "on", "off", "yes", "No", "true", "null", "~", "1",
                     "-1", "+2", "0x1F", "0o7", "1_000", "1.5", ".5", "1e5", "1.0e+5", ".inf",
                     "-.inf", ".nan", "2001-01-01", "0.95", "'0.95'", "\"a b\"", "''", "'it''s'",
                     "a b", "a:b", "a # c", "&x a", "*x", "!!str 1", "[1, 2]", "{a: 1}", "-",
                     "'a, b: c'", "\"x\\ty\"", "|", ">", "@", "`", "%"]),
    st.from_regex(r"[A-Za-z0-9_.+-]{1,6}", fullmatch=True),
)
_KEYS = st.sampled_from(["id", "sex", "mother", "age", "on", "1", "id", "a b", "note"])


@st.composite
def _documents(draw: Any) -> str:
    lines = ["xlinked: 1"]
    if draw(st.booleans()):
        lines.append(f"family: {draw(_SCALARS)}")
    lines.append("individuals:")
    indent = draw(st.sampled_from(["", "  "]))
    for _ in range(draw(st.integers(0, 4))):
        pairs = [(draw(_KEYS), draw(_SCALARS)) for _ in range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            lines.append(indent + "- {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
        else:
            (k, v), *rest = pairs
            lines.append(f"{indent}- {k}: {v}")
            lines += [f"{indent}  {k}: {v}" for k, v in rest]
            if draw(st.booleans()):
                lines += [f"{indent}  tests:", f"{indent}  - result: {draw(_SCALARS)}"]
    if draw(st.booleans()):
        lines += ["model:", f"  mutation_rate: {draw(_SCALARS)}"]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n# end\n"]))


@given(_documents())
def test_fast_path_matches_the_events(text: str) -> None:
    try:
        expected: Any = _build_events(text)
    except Exception:  # noqa: BLE001 - refused: the fast path must not accept it
        expected = _NO_KEY
    got = _build_fast(text)
    if got is not _NO_KEY:
        assert repr(got) == repr(expected)


@pytest.mark.parametrize("text", [
    "a:\n- {id: x, id: y}\n",              # a duplicate key
    "a: 1\na: 2\n",
    "a:\n- {id: x}\n---\nb: 1\n",          # a second document
    "a:\n- {id: x, n: 1" + "0" * 5000 + "}\n",  # a number beyond Python's digit limit
])
def test_fast_path_leaves_errors_to_the_events(text: str) -> None:
    assert _build_fast(text) is _NO_KEY
    with pytest.raises(ReadError):
        parse_yaml(text, source="f.yaml")


def test_fast_path_reads_a_list_of_people() -> None:
    text = "xlinked: 1\nindividuals:\n- {id: a, sex: F, age: 40}\n- id: b\n  sex: M\n"
    assert _build_fast(text) == {"xlinked": 1, "individuals": [
        {"id": "a", "sex": "F", "age": 40}, {"id": "b", "sex": "M"}]}
