"""The page's live drawing: the layout of ``xlinked draw``, painted as SVG without matplotlib."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import EXAMPLES
from xlinked import Individual, Pedigree, Pregnancy, compute_risks, read
from xlinked.draw import layout
from xlinked.serve._svg import SCALE, paint

NS = "{http://www.w3.org/2000/svg}"
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix == ".yaml")


def centre(outline):
    """The x of a symbol's centre, from its outline (rect, circle, or polygon's top corner)."""
    if outline.tag == f"{NS}rect":
        return float(outline.get("x")) + float(outline.get("width")) / 2
    if outline.tag == f"{NS}circle":
        return float(outline.get("cx"))
    return float(outline.get("points").split()[0].split(",")[0])


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_person_is_a_clickable_symbol_where_the_layout_puts_it(name):
    ped = read(EXAMPLES / name)
    lay = layout(ped, risks=compute_risks(ped, mode="limit"))
    root = ET.fromstring(paint(lay, title="t"))  # well-formed XML
    groups = {g.get("data-person"): g for g in root.iter(f"{NS}g") if g.get("class") == "person"}
    assert set(groups) == set(ped.ids)
    for node in lay.nodes:
        assert centre(next(iter(groups[node.id]))) == pytest.approx(node.x * SCALE, abs=0.1)
    texts = [t.text for t in root.iter(f"{NS}text")]
    for node in lay.nodes:
        for line in node.lines:
            assert line in texts


def test_marks():
    ped = Pedigree([
        Individual("gm", "F"),
        Individual("mum", "F", mother="gm", deceased=True),
        Individual("boy", "M", mother="mum", affected=True,
                   features=("HP:0002024", "HP:0100646")),
        Individual("kid", "U", mother="mum", pregnancy=Pregnancy()),
    ], proband="boy")
    svg = paint(layout(ped))
    root = ET.fromstring(svg)
    boy = next(g for g in root.iter(f"{NS}g") if g.get("data-person") == "boy")
    assert len([r for r in boy.iter(f"{NS}rect") if r.get("clip-path")]) == 2  # two quadrants
    assert "marker-end" in svg  # the proband's arrow
    assert "affected: enteropathy" in svg and "affected: thyroiditis" in svg
    kid = next(g for g in root.iter(f"{NS}g") if g.get("data-person") == "kid")
    assert [t.text for t in kid.iter(f"{NS}text")] == ["P"]  # an ongoing pregnancy
    mum = next(g for g in root.iter(f"{NS}g") if g.get("data-person") == "mum")
    assert len(list(mum.iter(f"{NS}line"))) == 1  # the deceased's slash


def test_user_text_is_escaped():
    ped = Pedigree([Individual('a<"&>', "F", label="<script>alert(1)</script>")])
    svg = paint(layout(ped), title="<b>")
    assert "<script>" not in svg and "<b>" not in svg
    ET.fromstring(svg)
