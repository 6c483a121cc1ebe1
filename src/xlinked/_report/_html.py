"""The report as one self-contained HTML page: :func:`render_html`.

Inline CSS (screen and print, A4 or Letter pages) and the drawing as inline
SVG; no script, no external resource. The page is also well-formed XML (every
element closed, no named entities), so that any XML parser can read it back.
"""

from __future__ import annotations

from html import escape

from ._content import DRAWING_CAPTION, TABLE_HEAD, Content

__all__ = ["render_html"]

PAPER_CSS = {"a4": "A4", "letter": "letter"}

_CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --band: #f3f3f3; --accent: #2b5d8a; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 10.5pt;
       color: var(--ink); line-height: 1.4; }
body { margin: 0 auto; max-width: 190mm; padding: 12mm 8mm; }
h1 { font-size: 1.6em; margin: 0 0 0.4em; color: var(--accent); }
h2 { font-size: 1.25em; margin: 1.4em 0 0.5em; padding-bottom: 0.15em;
     border-bottom: 1.5px solid var(--accent); color: var(--accent); }
h3 { font-size: 1.05em; margin: 1em 0 0.3em; }
p { margin: 0.3em 0 0.6em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0;
          font-size: 0.92em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
article.person { border-left: 3px solid var(--accent); padding: 0.1em 0 0.1em 0.7em;
                 margin: 0.6em 0; break-inside: avoid; }
article.person h3 { margin: 0 0 0.15em; }
article.person p { margin: 0; }
figure { margin: 0.5em 0; break-inside: avoid; text-align: center; }
figure svg { max-width: 100%; height: auto; max-height: 235mm; }
figcaption { font-size: 0.85em; color: var(--muted); text-align: left; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.6em; font-size: 0.86em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2em 0.4em; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--ink); background: var(--band); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.risks th[scope="row"] { white-space: nowrap; }
span.no { display: block; font-weight: normal; color: var(--muted); font-size: 0.9em; }
tr.consultand { background: #e8f0f7; font-weight: bold; }
tr.first-other td, tr.first-other th { border-top: 1.5px solid var(--ink); }
tr { break-inside: avoid; }
thead { display: table-header-group; }
p.note, ul.notes { font-size: 0.86em; color: var(--muted); }
dl.glossary dt { font-weight: bold; margin-top: 0.4em; }
dl.glossary dd { margin: 0 0 0 1.2em; }
footer { margin-top: 2em; font-size: 0.8em; color: var(--muted); border-top: 1px solid var(--rule);
         padding-top: 0.4em; }
@media print {
  @page { size: PAPER; margin: 14mm 13mm 16mm; }
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  section#drawing { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def render_html(content: Content, svg: str, paper: str = "a4") -> str:
    """The HTML page for ``content``, with ``svg`` (an ``<svg>`` element) as the drawing."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        '<meta name="generator" content="' + _e(_value(content, "Produced by")) + '"/>',
        f"<title>{_e(content.title)}</title>",
        "<style>" + _CSS.replace("PAPER", PAPER_CSS[paper]) + "</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(content.title)}</h1>",
        '<dl class="meta">',
    ]
    for label, value in content.header:
        out.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    out += ["</dl>", "</header>", "<main>"]
    out += _summary(content)
    out += [
        '<section id="drawing">',
        "<h2>2. The family tree</h2>",
        '<figure role="group" aria-labelledby="drawing-caption">',
        svg,
        f'<figcaption id="drawing-caption">{_e(DRAWING_CAPTION)}</figcaption>',
        "</figure>",
        "</section>",
    ]
    out += _table(content)
    out += _bayes(content)
    out += _model(content)
    out += ['<section id="glossary">', "<h2>6. Glossary</h2>", '<dl class="glossary">']
    out += [f"<dt>{_e(term)}</dt><dd>{_e(text)}</dd>" for term, text in content.glossary]
    out += ["</dl>", "</section>", "</main>"]
    out.append(f"<footer>{_e(_value(content, 'Produced by'))}: exact X-linked recessive risk "
               "calculation. The figures are for discussion with a genetic counsellor.</footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _value(content: Content, label: str) -> str:
    return next((v for k, v in content.header if k == label), "")


def _summary(content: Content) -> list[str]:
    out = ['<section id="summary">', "<h2>1. Summary</h2>", f"<p>{_e(content.summary_intro)}</p>"]
    for person in content.summary:
        out.append(f'<article class="person" data-id="{_e(person.id)}">')
        out.append(f"<h3>{_e(person.heading)}</h3>")
        out.append("<p>" + " ".join(_e(s) for s in person.sentences) + "</p>")
        out.append("</article>")
    out.append("</section>")
    return out


def _table(content: Content) -> list[str]:
    keys = ("id", "relation", "sex", "status", "p_carrier", "p_affected", "next_son",
            "next_daughter")
    out = ['<section id="risks">', "<h2>3. Risks for everyone</h2>",
           '<table class="risks">',
           "<caption>The consultand first, then the people at risk, then everyone "
           "else (under an id, the person's number in the drawing when it differs)</caption>",
           "<thead><tr>"]
    for k, head in enumerate(TABLE_HEAD):
        cls = ' class="num"' if k >= 4 else ""
        out.append(f'<th scope="col"{cls}>{_e(head)}</th>')
    out += ["</tr></thead>", "<tbody>"]
    previous = None
    for row in content.table:
        classes = [row.group.replace(" ", "-")]
        if previous is not None and row.group != previous:
            classes.append("first-" + row.group.replace(" ", "-"))
        previous = row.group
        number = f' <span class="no">{_e(row.number)}</span>' if row.number else ""
        cells = [f'<th scope="row" data-key="id">{_e(row.cells[0])}{number}</th>']
        for k, text in enumerate(row.cells[1:], start=1):
            cls = ' class="num"' if k >= 4 else ""
            cells.append(f'<td data-key="{keys[k]}"{cls}>{_e(text)}</td>')
        out.append(f'<tr class="{" ".join(classes)}" data-id="{_e(row.id)}">'
                   + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>", f'<p class="note">{_e(content.table_note)}</p>',
            "</section>"]
    return out


def _bayes(content: Content) -> list[str]:
    b = content.bayes
    out = ['<section id="bayes">']
    if b is None:
        out += ["<h2>4. The consultand's Bayes table</h2>",
                "<p>No consultand is named in the file and none was asked for: use "
                "--consultand ID for her or his Bayes table.</p>", "</section>"]
        return out
    out.append(f"<h2>4. {_e(b.heading)}</h2>")
    out += [f"<p>{_e(line)}</p>" for line in b.lines]
    if b.no_table:
        out.append(f"<p>No single Bayes table: {_e(b.no_table)}</p>")
    else:
        out += ['<table class="bayes">', "<thead><tr><th scope=\"col\"></th>"]
        out += [f'<th scope="col" class="num">{_e(c)}</th>' for c in b.columns]
        out += ["</tr></thead>", "<tbody>"]
        for label, values in b.rows:
            out.append(f'<tr><th scope="row">{_e(label)}</th>'
                       + "".join(f'<td class="num">{_e(v)}</td>' for v in values) + "</tr>")
        out += ["</tbody>", "</table>"]
        if b.notes:
            out += ['<ul class="notes">'] + [f"<li>{_e(n)}</li>" for n in b.notes] + ["</ul>"]
    out.append(f"<h3>{_e(b.effects_heading)}</h3>")
    if b.effects:
        out += ["<ul>"] + [f"<li>{_e(x)}</li>" for x in b.effects] + ["</ul>"]
    else:
        out.append("<p>Nothing is known about the family: the risk is the population "
                   "prior.</p>")
    out.append("</section>")
    return out


def _model(content: Content) -> list[str]:
    m = content.model
    out = ['<section id="model">', "<h2>5. The model</h2>", f"<p>{_e(m.one_line)}.</p>",
           f"<p>{_e(m.mode_text)}</p>", '<table class="model">',
           '<thead><tr><th scope="col">parameter</th><th scope="col">value</th>'
           '<th scope="col">source</th></tr></thead>', "<tbody>"]
    for label, value, source in m.parameters:
        out.append(f'<tr><th scope="row">{_e(label)}</th><td>{_e(value)}</td>'
                   f"<td>{_e(source)}</td></tr>")
    out += ["</tbody>", "</table>", f"<h3>{_e(m.source_heading)}</h3>", "<ol>"]
    out += [f"<li>{_e(s)}</li>" for s in m.sources]
    out += ["</ol>", "<h3>Conventions</h3>", "<ul>"]
    out += [f"<li>{_e(c)}</li>" for c in m.conventions]
    out += ["</ul>", "<h3>Data warnings</h3>"]
    if content.warnings:
        out += ['<ul class="warnings">'] + [f"<li>{_e(w)}</li>" for w in content.warnings]
        out.append("</ul>")
    else:
        out.append("<p>None: the data raised no warning.</p>")
    out += ["<h3>Limitations</h3>", "<ul>"]
    out += [f"<li>{_e(x)}</li>" for x in content.limitations]
    out += ["</ul>", "</section>"]
    return out
