"""``xlinked.report``: the counselling report's content, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest

import xlinked
from conftest import EXAMPLES
from xlinked._report import build_content, render
from xlinked._report._content import AT_RISK
from xlinked._report._words import cell, chance, one_in
from xlinked.errors import XlinkedError

IPEX = EXAMPLES / "ipex-uncle.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def html_tree(path: Path) -> ET.Element:
    """The report page parsed as XML (it is written well-formed on purpose)."""
    return ET.fromstring(path.read_text(encoding="utf-8").split("\n", 1)[1])


def table_cells(root: ET.Element) -> dict[str, dict[str, str]]:
    rows = root.findall(".//table[@class='risks']/tbody/tr")
    return {r.get("data-id", ""): {c.get("data-key", ""): "".join(c.itertext()) for c in r}
            for r in rows}


def pdf_text(data: bytes) -> tuple[list[str], list[tuple[float, float]]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return ([p.extract_text() for p in reader.pages],
            [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages])


# ---------------------------------------------------------------- words


def test_one_in_is_the_rounded_reciprocal() -> None:
    assert one_in(Fraction(1, 9)) == "1 in 9"
    assert one_in(Fraction(3, 10)) == "3 in 10"  # an exact fraction with a small numerator
    assert one_in(0.3) == "about 1 in 3"
    assert one_in(Fraction(41, 51)) == "about 80 in 100"
    assert one_in(0.0123) == "about 1 in 81"
    assert one_in(Fraction(1, 1000001)) == "1 in 1,000,001"
    assert one_in(0.75) == "about 75 in 100"
    assert chance(Fraction(1, 3)) == "1 in 3 (33.3%)"


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize("mode", ["float", "limit", "exact"])
def test_html_numbers_equal_compute_risks(tmp_path: Path, mode: str) -> None:
    out = xlinked.report(IPEX, tmp_path / "r.html", mode=mode)
    ped = xlinked.read(IPEX)
    risks = xlinked.compute_risks(ped, mode=mode)
    cells = table_cells(html_tree(out))
    assert list(cells) [0] == "III-5"  # the consultand first
    assert sorted(cells) == sorted(ped.ids)  # everyone once
    for p in risks:
        row = cells[p.id]
        assert row["p_carrier"] == cell(p.p_carrier)
        assert row["p_affected"] == cell(p.p_affected)
        assert row["next_son"] == cell(p.next_son)
        assert row["next_daughter"] == cell(p.next_daughter)
    # the summary uses the same values, in words
    summary = "".join(html_tree(out).find(".//section[@id='summary']").itertext())
    assert f"Her chance of being a carrier is {chance(risks['III-5'].p_carrier)}" in summary


def test_html_limit_mode_fractions_as_in_xlinked_risk(tmp_path: Path) -> None:
    out = xlinked.report(EXAMPLES / "isolated-case.yaml", tmp_path / "r.html", mode="limit")
    root = html_tree(out)
    cells = table_cells(root)
    assert list(cells)[0] == "II-2"  # no consultand in the file: the proband's mother
    assert cells["II-2"]["p_carrier"] == "2/3 (66.7%)"
    assert cells["II-2"]["next_son"] == "1/3 (33.3%)"
    assert cells["I-2"]["p_carrier"] == "1/3 (33.3%)"
    text = "".join(root.itertext())
    assert "Her chance of being a carrier is 2 in 3 (66.7%)" in text
    assert "If she has a son, his chance of being affected is 1 in 3 (33.3%)" in text
    bayes = root.find(".//table[@class='bayes']")
    rows = {"".join(r[0].itertext()): ["".join(c.itertext()) for c in r[1:]]
            for r in bayes.findall("./tbody/tr")}
    assert rows["Posterior"] == ["1/3", "2/3"]
    table = xlinked.explain(xlinked.read(EXAMPLES / "isolated-case.yaml"), "II-2",
                            mode="limit").table
    assert rows["Joint"] == [str(v) for v in table.joint]  # as xlinked explain writes them


def test_html_structure_and_self_contained(tmp_path: Path) -> None:
    out = xlinked.report(IPEX, tmp_path / "r.html", date=dt.date(2025, 1, 2))
    text = out.read_text(encoding="utf-8")
    root = html_tree(out)
    ids = [s.get("id") for s in root.findall(".//section")]
    assert ids == ["summary", "drawing", "risks", "bayes", "model", "glossary"]
    assert root.find(".//figure").find(f"{SVG}svg") is not None
    assert root.find(".//script") is None and root.find(".//link") is None
    assert root.find(".//img") is None
    # no external resource: the only URLs are the SVG namespaces and internal references
    urls = set(re.findall(r"(?:https?:)?//[\w./-]+", text))
    assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                    "//www.w3.org/2000/svg", "//www.w3.org/1999/xlink"}
    assert "url(http" not in text and "@import" not in text
    assert "@page { size: A4" in text
    head = dict(zip([dt_.text for dt_ in root.findall(".//dl[@class='meta']/dt")],
                    [dd.text for dd in root.findall(".//dl[@class='meta']/dd")], strict=True))
    assert head["Family"] == "XLK01" and head["Consultand"] == "III-5"
    assert head["Date of report"] == "2025-01-02"
    assert head["Produced by"] == f"xlinked {xlinked.__version__}"
    assert head["Input file"] == "ipex-uncle.yaml"
    import hashlib

    assert head["SHA-256 of the input"] == hashlib.sha256(IPEX.read_bytes()).hexdigest()
    assert head["Model"].startswith("IPEX syndrome (FOXP3); mutation rate 0.000001")
    for th in root.findall(".//table/thead/tr/th"):
        assert th.get("scope") == "col"


def test_people_at_risk_and_pregnancy_by_sex(tmp_path: Path) -> None:
    ped = xlinked.read(IPEX)
    content = build_content(ped, mode="limit")
    risks = xlinked.compute_risks(ped, mode="limit")
    groups = {row.id: row.group for row in content.table}
    at_risk = {pid for pid, g in groups.items() if g == "at risk"}
    assert at_risk == {"II-3", "II-4", "III-2", "IV-1", "IV-3"}
    for pid, group in groups.items():
        p, r = ped[pid], risks[pid]
        living = not p.deceased and r.affected is not True
        big = any(v is not None and v >= AT_RISK for v in (r.p_carrier, r.p_affected,
                                                            r.next_son))
        assert (group == "at risk") == (living and big and pid != "III-5"), pid
    summary = {s.id: " ".join(s.sentences) for s in content.summary}
    # the pregnancy (sex unknown) of the consultand: as a boy it is her next son
    assert (f"If the baby is a boy, his chance of being affected is "
            f"{chance(risks['III-5'].next_son)}") in summary["IV-3"]
    assert "obligate carrier" in summary["II-3"]
    assert [s.id for s in content.summary][0] == "III-5"


def test_hypothetical_children_are_summarised(tmp_path: Path) -> None:
    ped = xlinked.read(EXAMPLES / "isolated-case.yaml")
    content = build_content(ped, mode="limit", children=[("II-2", "II-1", "M")])
    child = next(s for s in content.summary if s.id.endswith("next-son"))
    assert "1 in 3 (33.3%)" in " ".join(child.sentences)


def test_anonymised_report_leaves_out_names_and_ids(tmp_path: Path) -> None:
    out = xlinked.report(IPEX, tmp_path / "r.html", anonymise=True)
    text = out.read_text(encoding="utf-8")
    assert "XLK01" not in text and "Great-uncle" not in text and "ipex-uncle" not in text
    assert "(withheld)" in text


def test_model_section_gives_every_parameter_with_its_source(tmp_path: Path) -> None:
    ped = xlinked.read(IPEX)
    section = build_content(ped).model
    labels = [p[0] for p in section.parameters]
    assert labels[:3] == ["New-mutation rate in eggs", "New-mutation rate in sperm",
                          "Fitness of men with the variant"]
    assert all(source for _, _, source in section.parameters)
    assert any("GeneReviews" in s for _, _, s in section.parameters)
    assert not any("docs/" in s for _, _, s in section.parameters)
    assert any("Bacchetta" in s for s in section.sources)
    changed = build_content(ped, ped.model.replace(mutation_rate="1e-5")).model
    rate = changed.parameters[0]
    assert rate[1] == "0.00001 per generation" and "set for this report" in rate[2]
    assert changed.one_line.startswith("IPEX syndrome (FOXP3), as modified")
    dmd = build_content(xlinked.read(EXAMPLES / "dmd-ck.yaml"), xlinked.preset("dmd")).model
    assert any(label.startswith("Carrier test: serum creatine kinase")
               for label, _, _ in dmd.parameters)
    assert any("recurrence 4.3%" in value for _, value, _ in dmd.parameters)


def test_no_consultand_or_proband(tmp_path: Path) -> None:
    out = xlinked.report(EXAMPLES / "family.ped", tmp_path / "r.html")
    text = "".join(html_tree(out).itertext())
    assert "No consultand is named" in text and "--consultand ID" in text


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir()))
def test_every_example_gives_both_reports(example: str) -> None:
    from xlinked._report._drawing import scene, svg_element
    from xlinked._report._html import render_html
    from xlinked._report._pdf import render_pdf

    ped = xlinked.read(EXAMPLES / example)
    content = build_content(ped, mode="limit")
    fig = scene(ped, content.risks, False)  # one drawing for both outputs (test time)
    root = ET.fromstring(render_html(content, svg_element(fig, "x")).split("\n", 1)[1])
    assert sorted(table_cells(root)) == sorted(ped.ids)
    texts, sizes = pdf_text(render_pdf(content, fig))
    assert 2 <= len(texts) <= 10
    # A4 pages; a wide family's drawing alone on one page turned sideways
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes)
    assert sum(w > h for w, h in sizes) <= 1
    text = "\n".join(texts)
    assert all(pid in text for pid in ped.ids)


# ---------------------------------------------------------------- PDF


def test_pdf_text_pages_and_drawing(tmp_path: Path) -> None:
    out = xlinked.report(IPEX, tmp_path / "r.pdf", mode="limit")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    texts, sizes = pdf_text(data)
    assert 2 <= len(texts) <= 8
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in sizes)  # A4
    text = "\n".join(texts)
    assert "X-linked risk report: IPEX syndrome (FOXP3)" in text
    risks = xlinked.compute_risks(xlinked.read(IPEX), mode="limit")
    for pid in ("III-5", "II-4", "IV-1"):
        for value in (risks[pid].p_carrier, risks[pid].next_son):
            assert cell(value).split(" ")[0] in text
    assert "1/101" in text  # the consultand's carrier probability, as in xlinked risk
    assert "Posterior" in text and "Glossary" in text
    # the drawing's own text (its legend) is text in the PDF, not an image
    assert "carrier (tested or obligate)" in text
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert not any("/Image" in str(p.get("/Resources", {}).get("/XObject", {}))
                   for p in reader.pages)
    assert re.search(r"page 1 of \d", texts[0])
    # and the drawing's page, rasterised, is mostly ink where the drawing is
    import pypdfium2

    page = next(k for k, t in enumerate(texts) if "carrier (tested or obligate)" in t)
    pixels = pypdfium2.PdfDocument(data)[page].render(scale=0.5, grayscale=True).to_numpy()
    assert (pixels < 128).mean() > 0.01


def test_pdf_letter_paper(tmp_path: Path) -> None:
    out = xlinked.report(EXAMPLES / "isolated-case.yaml", tmp_path / "r.pdf", paper="letter")
    _, sizes = pdf_text(out.read_bytes())
    assert all(abs(w - 612) < 1 and abs(h - 792) < 1 for w, h in sizes)


def test_html_and_pdf_say_the_same(tmp_path: Path) -> None:
    ped = xlinked.read(EXAMPLES / "unaffected-sons.yaml")
    content = build_content(ped, mode="limit")
    pdf = "\n".join(pdf_text(render(ped, content, "pdf"))[0])
    html = render(ped, content, "html").decode("utf-8")
    for row in content.table:
        for value in row.cells[4:]:
            assert value in html
            assert value.split(" ")[0] in pdf
    assert "1/9" in pdf and "1/18" in pdf


def test_pdf_without_its_extra_is_a_clear_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "reportlab", None)
    with pytest.raises(XlinkedError, match=r"pip install 'xlinked\[report\]'"):
        xlinked.report(IPEX, tmp_path / "r.pdf")
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- errors


def test_bad_requests_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(XlinkedError, match="use .html or .pdf"):
        xlinked.report(IPEX, tmp_path / "r.docx")
    with pytest.raises(XlinkedError, match="paper 'a5'"):
        xlinked.report(IPEX, tmp_path / "r.html", paper="a5")
    with pytest.raises(XlinkedError, match="no individual 'nobody'"):
        xlinked.report(IPEX, tmp_path / "r.html", consultand="nobody")
    assert not list(tmp_path.iterdir())
