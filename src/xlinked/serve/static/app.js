// xlinked serve: the page. Holds the family being edited (a native document),
// undo and redo; the server validates, edits, computes the risks and draws.
"use strict";

const state = {
  doc: null,          // the family being edited (native JSON document)
  savedText: null,    // JSON text of the family as saved
  undo: [],
  redo: [],
  selected: null,     // the selected person's id
  mode: "limit",
  nextChildren: false,
  evaluation: null,   // the last /api/evaluate answer
  seq: 0,             // answers to older requests are dropped
  info: null,
};

const $ = (sel) => document.querySelector(sel);

async function api(method, url, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const kind = res.headers.get("content-type") || "";
  const data = kind.includes("application/json") ? await res.json() : await res.text();
  return { ok: res.ok, status: res.status, data, res };
}

function status(text, kind) {
  const el = $("#status");
  el.textContent = text;
  el.className = "status " + (kind || "");
}

function person(id) {
  const people = (state.doc && state.doc.individuals) || [];
  return people.find((p) => p && p.id === id) || null;
}

// -- changes, undo, redo -------------------------------------------------------

function commit(doc) {
  state.undo.push(state.doc);
  if (state.undo.length > 200) state.undo.shift();
  state.redo = [];
  state.doc = doc;
  refresh();
}

function undo() {
  if (!state.undo.length) return;
  state.redo.push(state.doc);
  state.doc = state.undo.pop();
  refresh();
}

function redo() {
  if (!state.redo.length) return;
  state.undo.push(state.doc);
  state.doc = state.redo.pop();
  refresh();
}

function dirty() {
  return JSON.stringify(state.doc) !== state.savedText;
}

async function edit(op, extra) {
  if (!state.selected) return;
  const r = await api("POST", "/api/edit",
    { document: state.doc, edit: Object.assign({ op, id: state.selected }, extra || {}) });
  if (!r.ok) {
    status(r.data.problems ? r.data.problems[0].message : "edit refused", "bad");
    return;
  }
  const before = new Set(state.doc.individuals.map((p) => p.id));
  const added = r.data.document.individuals.filter((p) => !before.has(p.id));
  if (op === "delete") state.selected = null;
  else if (added.length && op !== "add_parents") state.selected = added[added.length - 1].id;
  commit(r.data.document);
}

function options() {
  const children = [];
  const p = person(state.selected);
  if (state.nextChildren && p && p.sex === "F") {
    children.push([p.id, "", "M"], [p.id, "", "F"]);
  }
  return { mode: state.mode, children };
}

async function refresh() {
  const seq = ++state.seq;
  $("#undo").disabled = !state.undo.length;
  $("#redo").disabled = !state.redo.length;
  renderPanel();
  const r = await api("POST", "/api/evaluate", Object.assign({ document: state.doc }, options()));
  if (seq !== state.seq) return;
  state.evaluation = r.data;
  const ev = r.data;
  if (ev.svg) renderDrawing(ev.svg);
  renderRisks(ev);
  renderProblems(ev);
  $("#save").disabled = !ev.valid || !dirty();
  if (!ev.valid) status("not saved: fix the problems shown", "bad");
  else status(dirty() ? "unsaved changes" : "saved", dirty() ? "warn" : "ok");
  explainSelected(seq);
}

// -- the drawing -----------------------------------------------------------------

function personOf(g) {
  // symbol-ID / label-ID, with "-copy" for a person drawn twice in a loop
  const id = g.id.replace(/^(symbol|label)-/, "");
  return !person(id) && id.endsWith("-copy") && person(id.slice(0, -5)) ? id.slice(0, -5) : id;
}

function renderDrawing(svgText) {
  const box = $("#drawing");
  const focused = document.activeElement && box.contains(document.activeElement)
    ? document.activeElement.dataset.person : null;
  box.innerHTML = svgText.replace(/^<\?xml[^>]*>\s*/, "").replace(/<!DOCTYPE[^>]*>\s*/, "");
  const svg = box.querySelector("svg");
  if (!svg) return;
  svg.dataset.width = parseFloat(svg.getAttribute("width")) * 4 / 3;  // pt -> px
  svg.dataset.height = parseFloat(svg.getAttribute("height")) * 4 / 3;
  svg.setAttribute("role", "group");
  for (const g of svg.querySelectorAll('g[id^="label-"]')) g.dataset.person = personOf(g);
  for (const g of svg.querySelectorAll('g[id^="symbol-"]')) {
    const id = personOf(g);
    g.dataset.person = id;
    g.classList.add("person");
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", "Select " + id);
    if (id === state.selected) g.classList.add("selected");
  }
  fitDrawing();
  if (focused) {  // keyboard users keep their place when the drawing is redrawn
    const g = svg.querySelector(`g.person[data-person="${CSS.escape(focused)}"]`);
    if (g) g.focus();
  }
}

function fitDrawing() {
  const box = $("#drawing");
  const svg = box.querySelector("svg");
  if (!svg) return;
  const w = parseFloat(svg.dataset.width), h = parseFloat(svg.dataset.height);
  const fit = $("#zoom").getAttribute("aria-pressed") !== "true";
  const scale = fit ? Math.min(1, (box.clientWidth - 16) / w, (box.clientHeight - 16) / h) : 1;
  svg.setAttribute("width", Math.round(w * scale));
  svg.setAttribute("height", Math.round(h * scale));
}

function onDrawingActivate(ev) {
  let g = ev.target.closest("[data-person]");
  if (!g && ev.type === "click") {
    // marks and labels drawn over or under a symbol: the symbol or label box hit
    for (const el of document.querySelectorAll("#drawing [data-person]")) {
      const r = el.getBoundingClientRect();
      if (ev.clientX >= r.left - 2 && ev.clientX <= r.right + 2
          && ev.clientY >= r.top - 2 && ev.clientY <= r.bottom + 2) { g = el; break; }
    }
  }
  if (!g) return;
  if (ev.type === "keydown" && ev.key !== "Enter" && ev.key !== " ") return;
  ev.preventDefault();
  select(g.dataset.person);
}

function select(id) {
  if (!person(id)) return;
  if (state.selected !== id) state.nextChildren = false;
  state.selected = id;
  for (const g of document.querySelectorAll("#drawing .selected")) g.classList.remove("selected");
  for (const g of document.querySelectorAll(`#drawing g.person[data-person="${CSS.escape(id)}"]`)) {
    g.classList.add("selected");
  }
  for (const tr of document.querySelectorAll("#risks tr.selected")) tr.classList.remove("selected");
  const row = document.querySelector(`#risks tr[data-person="${CSS.escape(id)}"]`);
  if (row) row.classList.add("selected");
  renderPanel();
  renderProblems(state.evaluation || { problems: [] });
  explainSelected(state.seq);
}

// -- the risk table ----------------------------------------------------------------

function shown(entry, key) {
  const v = entry[key];
  if (v === null || v === undefined) return "-";
  const exact = entry.exact && entry.exact[key];
  const pct = (100 * v).toPrecision(3).replace(/\.?0+$/, "") + "%";
  if (exact) return exact === "0" || exact === "1" ? exact : `${exact} (${pct})`;
  return pct;
}

// An age as the drawing and `xlinked risk` write it (xlinked._values.age_text).
function ageText(age) {
  if (age >= 2) return Math.floor(age) + "y";
  if (age * 12 >= 1) return Math.round(age * 12) + " mo";
  return Math.max(1, Math.round(age * 52)) + " wk";
}

function statusWords(p) {
  if (!p) return "hypothetical";
  const words = [];
  if (p.pregnancy) words.push("pregnancy");
  if (p.deceased) words.push("deceased");
  words.push(p.affected === true ? "affected" : p.affected === false ? "unaffected" : "unknown");
  if (p.age !== undefined && p.age !== null) words.push(ageText(Number(p.age)));
  for (const t of p.tests || []) words.push(t.result === "positive" ? "test+" : t.result === "negative" ? "test-" : "test?");
  return words.join(", ");
}

function renderRisks(ev) {
  const body = $("#risks tbody");
  body.textContent = "";
  const note = $("#risk-note");
  if (!ev.valid) {
    note.textContent = "(not computed: the family has problems)";
    return;
  }
  if (ev.risk_error) {
    note.textContent = "(not computed: " + ev.risk_error + ")";
    return;
  }
  note.textContent = ev.warnings && ev.warnings.length ? "(" + ev.warnings.join("; ") + ")" : "";
  const rows = [...ev.risks.individuals, ...(ev.risks.children || [])];
  for (const r of rows) {
    const p = person(r.id);
    const tr = document.createElement("tr");
    tr.dataset.person = r.id;
    if (r.id === state.selected) tr.classList.add("selected");
    const cells = [r.id, (ev.numbers || {})[r.id] || "", p ? p.label || "" : "", r.sex, statusWords(p),
      shown(r, "p_carrier"), shown(r, "p_affected"), shown(r, "next_son"), shown(r, "next_daughter")];
    cells.forEach((text, k) => {
      const td = document.createElement(k === 0 ? "th" : "td");
      if (k === 0 && p) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "link";
        b.textContent = text;
        b.addEventListener("click", () => select(r.id));
        td.appendChild(b);
        td.scope = "row";
      } else td.textContent = text;
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
}

// -- problems ---------------------------------------------------------------------------

function renderProblems(ev) {
  for (const el of document.querySelectorAll(".err")) el.textContent = "";
  for (const el of document.querySelectorAll(".invalid")) el.classList.remove("invalid");
  const list = $("#problems");
  list.textContent = "";
  for (const p of ev.problems || []) {
    if (p.person && p.person === state.selected) {
      const key = p.field ? p.field.split(".")[0] : null;
      const box = key && (document.getElementById("err-" + key)
        || document.getElementById("err-" + key.replace(/\[\d+\]$/, "")));
      if (box) {
        box.textContent += (box.textContent ? "; " : "") + p.message;
        const input = document.getElementById("f-" + key);
        if (input) input.classList.add("invalid");
        continue;
      }
    }
    const div = document.createElement("div");
    if (p.person && person(p.person)) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.textContent = p.person;
      b.addEventListener("click", () => select(p.person));
      div.append(b, ": " + p.message);
    } else {
      div.textContent = (p.where ? p.where + ": " : "") + p.message;
    }
    list.appendChild(div);
  }
}

// -- the person panel -----------------------------------------------------------------------

function renderPanel() {
  const p = person(state.selected);
  $("#person").hidden = !p;
  if (!p) {
    $("#panel-title").textContent = "Select a person";
    $("#explanation").textContent = "";
    return;
  }
  $("#panel-title").textContent = "Person " + p.id + (p.label ? " (" + p.label + ")" : "");
  for (const el of document.querySelectorAll("#person [data-field]")) {
    const v = p[el.dataset.field];
    if (el.type === "checkbox") el.checked = v === true;
    else if (el.dataset.field === "affected") el.value = v === true ? "true" : v === false ? "false" : "";
    else el.value = v === undefined || v === null ? "" : String(v);
  }
  $("#f-proband").checked = state.doc.proband === p.id;
  $("#f-consultand").checked = state.doc.consultand === p.id;
  const preg = p.pregnancy;
  $("#pregnancy-fields").hidden = !preg;
  $("#f-weeks").value = preg && preg.weeks !== undefined ? preg.weeks : "";
  $("#f-outcome").value = preg && preg.outcome ? preg.outcome : "";
  const feats = (p.features || []).map((f) => String(f).toLowerCase());
  for (const box of document.querySelectorAll("#features input")) {
    const same = JSON.parse(box.dataset.same);
    box.checked = feats.some((f) => same.includes(f));
  }
  renderTests(p);
  const next = $("#next-children");
  next.checked = state.nextChildren;
  next.parentElement.hidden = p.sex !== "F";
}

function renderTests(p) {
  const box = $("#tests");
  box.textContent = "";
  (p.tests || []).forEach((t, k) => {
    const row = document.createElement("div");
    row.className = "test";
    if (t.kind && t.kind !== "genetic") {
      row.textContent = `${t.kind}: ${t.value}${t.unit ? " " + t.unit : ""}`;
    } else {
      row.innerHTML = `
        <label>Result <select data-test="result"><option>positive</option><option>negative</option>
          <option>inconclusive</option></select></label>
        <label>Sensitivity <input data-test="sensitivity" type="text" size="5"></label>
        <label>Specificity <input data-test="specificity" type="text" size="5"></label>
        <label>Variant <input data-test="variant" type="text" size="12"></label>`;
      for (const el of row.querySelectorAll("[data-test]")) {
        const v = t[el.dataset.test];
        el.value = v === undefined || v === null ? (el.dataset.test === "result" ? "negative" : "") : String(v);
        el.id = `t${k}-${el.dataset.test}`;
        el.addEventListener("change", () => setTest(k, el.dataset.test, el.value));
      }
    }
    const rm = document.createElement("button");
    rm.type = "button";
    rm.textContent = "Remove";
    rm.setAttribute("aria-label", `Remove test ${k + 1}`);
    rm.addEventListener("click", () => changePerson((q) => {
      q.tests.splice(k, 1);
      if (!q.tests.length) delete q.tests;
    }));
    row.appendChild(rm);
    const err = document.createElement("div");
    err.className = "err";
    err.id = `err-tests[${k}]`;
    row.appendChild(err);
    box.appendChild(row);
  });
}

function changePerson(fn) {
  const doc = structuredClone(state.doc);
  const q = doc.individuals.find((x) => x && x.id === state.selected);
  if (!q) return;
  fn(q, doc);
  commit(doc);
}

function typed(field, text) {
  const t = text.trim();
  if (t === "") return undefined;
  if (["age", "onset_age", "birth_year"].includes(field)) {
    return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;  // the server says what is wrong
  }
  return text;
}

function setField(el) {
  const field = el.dataset.field;
  changePerson((q) => {
    let v;
    if (el.type === "checkbox") v = el.checked ? true : undefined;
    else if (field === "affected") v = el.value === "" ? undefined : el.value === "true";
    else if (field === "gender") v = el.value || undefined;
    else v = typed(field, el.value);
    if (v === undefined) delete q[field];
    else q[field] = v;
  });
}

function setTest(k, key, value) {
  changePerson((q) => {
    const t = q.tests[k];
    const v = value.trim();
    if (v === "") delete t[key];
    else t[key] = ["sensitivity", "specificity"].includes(key) && /^\d*\.?\d+$/.test(v) ? Number(v) : v;
  });
}

function setPregnancy() {
  changePerson((q) => {
    const weeks = $("#f-weeks").value.trim();
    const outcome = $("#f-outcome").value;
    const preg = {};
    if (weeks) preg.weeks = /^\d+$/.test(weeks) ? Number(weeks) : weeks;
    if (outcome) preg.outcome = outcome;
    q.pregnancy = Object.keys(preg).length ? preg : true;
  });
}

// -- explanation ---------------------------------------------------------------------------

async function explainSelected(seq) {
  const box = $("#explanation");
  const p = person(state.selected);
  const ev = state.evaluation;
  if (!p || !ev || !ev.valid || ev.risk_error) {
    box.textContent = "";
    return;
  }
  const r = await api("POST", "/api/explain",
    { document: state.doc, id: p.id, mode: state.mode });
  if (seq !== state.seq || state.selected !== p.id) return;
  box.textContent = "";
  const h = document.createElement("h3");
  h.textContent = "Why " + p.id + "'s risk is " + (r.ok ? r.data.posterior + " (" + r.data.posterior_percent + ")" : "?");
  box.appendChild(h);
  if (!r.ok) {
    box.append(r.data.problems ? r.data.problems[0].message : "cannot explain");
    return;
  }
  const ex = r.data;
  if (ex.next_son) {
    const s = document.createElement("p");
    s.textContent = "Her next son is affected with probability " + ex.next_son + ".";
    box.appendChild(s);
  }
  if (ex.table) {
    const t = document.createElement("table");
    t.className = "bayes";
    const head = t.createTHead().insertRow();
    head.insertCell().textContent = "";
    for (const c of ex.table.columns) {
      const th = document.createElement("th");
      th.textContent = c;
      head.appendChild(th);
    }
    const tb = t.createTBody();
    for (const row of ex.table.rows) {
      const tr = tb.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.label;
      tr.appendChild(th);
      for (const v of row.values) tr.insertCell().textContent = v;
    }
    box.appendChild(t);
  } else if (ex.no_table) {
    const s = document.createElement("p");
    s.textContent = "No single Bayes table: " + ex.no_table;
    box.appendChild(s);
  }
  if (ex.effects.length) {
    const ul = document.createElement("ul");
    for (const e of ex.effects) ul.appendChild(document.createElement("li")).textContent = e;
    box.appendChild(ul);
  }
}

// -- open, save, export -----------------------------------------------------------------------

async function save() {
  if (!state.evaluation || !state.evaluation.valid) return;
  const r = await api("PUT", "/api/pedigree", state.doc);
  if (!r.ok) {
    renderProblems({ problems: r.data.problems || [] });
    status("not saved", "bad");
    return;
  }
  state.savedText = JSON.stringify(state.doc);
  status("saved to " + r.data.saved, "ok");
  $("#save").disabled = true;
}

async function openFile(file) {
  if (file.size > 5 * 1024 * 1024) {
    status(file.name + ": too large to open here (5 MB at most)", "bad");
    return;
  }
  const text = await file.text();
  const r = await api("POST", "/api/import", { filename: file.name, text });
  if (!r.ok) {
    renderProblems({ problems: r.data.problems || [] });
    status(file.name + ": cannot be opened", "bad");
    return;
  }
  state.selected = null;
  commit(r.data.document);
  status("opened " + file.name + " (" + r.data.format + "); Save writes " + state.info.save_to, "warn");
}

async function exportFile() {
  const format = $("#export-format").value;
  const res = await fetch("/api/export", {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify(Object.assign({ document: state.doc, format }, options())),
  });
  if (!res.ok) {
    const data = await res.json();
    status("export failed: " + data.problems[0].message, "bad");
    return;
  }
  const blob = await res.blob();
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") || "");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name ? name[1] : "family." + format;
  document.body.appendChild(a);
  a.click();
  a.remove();
  const notes = JSON.parse(res.headers.get("x-xlinked-warnings") || "[]");
  status("exported " + a.download + (notes.length ? " (" + notes.join("; ") + ")" : ""),
    notes.length ? "warn" : "ok");
}

// -- start ------------------------------------------------------------------------------------

function wire() {
  $("#drawing").addEventListener("click", onDrawingActivate);
  $("#drawing").addEventListener("keydown", onDrawingActivate);
  for (const b of document.querySelectorAll("[data-edit]")) {
    b.addEventListener("click", () => {
      const extra = {};
      if (b.dataset.sex) extra.sex = b.dataset.sex;
      if (b.dataset.children) extra.children = true;
      if (b.dataset.zygosity) extra.zygosity = b.dataset.zygosity;
      edit(b.dataset.edit, extra);
    });
  }
  for (const el of document.querySelectorAll("#person [data-field]")) {
    el.addEventListener("change", () => setField(el));
  }
  for (const el of document.querySelectorAll("#person [data-role]")) {
    el.addEventListener("change", () => {
      const doc = structuredClone(state.doc);
      if (el.checked) doc[el.dataset.role] = state.selected;
      else if (doc[el.dataset.role] === state.selected) delete doc[el.dataset.role];
      commit(doc);
    });
  }
  $("#f-weeks").addEventListener("change", setPregnancy);
  $("#f-outcome").addEventListener("change", setPregnancy);
  $("#add-test").addEventListener("click", () => changePerson((q) => {
    q.tests = (q.tests || []).concat([{ result: "negative" }]);
  }));
  $("#delete").addEventListener("click", () => {
    if (confirm("Delete " + state.selected + "?")) edit("delete");
  });
  $("#next-children").addEventListener("change", (e) => {
    state.nextChildren = e.target.checked;
    refresh();
  });
  $("#mode").addEventListener("change", (e) => {
    state.mode = e.target.value;
    refresh();
  });
  $("#zoom").addEventListener("click", (e) => {
    const b = e.currentTarget;
    b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
    fitDrawing();
  });
  window.addEventListener("resize", fitDrawing);
  $("#save").addEventListener("click", save);
  $("#undo").addEventListener("click", undo);
  $("#redo").addEventListener("click", redo);
  $("#export").addEventListener("click", exportFile);
  $("#open-input").addEventListener("change", (e) => {
    if (e.target.files.length) openFile(e.target.files[0]);
    e.target.value = "";
  });
  document.addEventListener("keydown", (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const typing = ["INPUT", "TEXTAREA"].includes(e.target.tagName) && e.target.type !== "checkbox";
    const k = e.key.toLowerCase();
    if (k === "s") { e.preventDefault(); save(); }
    else if (typing) return;
    else if (k === "z" && !e.shiftKey) { e.preventDefault(); undo(); }
    else if (k === "y" || (k === "z" && e.shiftKey)) { e.preventDefault(); redo(); }
  });
  window.addEventListener("beforeunload", (e) => {
    if (dirty()) e.preventDefault();
  });
}

async function start() {
  wire();
  const info = await api("GET", "/api/info");
  state.info = info.data;
  $("#file").textContent = info.data.file + (info.data.file !== info.data.save_to ? " \u2192 " + info.data.save_to : "");
  const sel = $("#export-format");
  for (const f of info.data.export_formats) sel.appendChild(new Option(f, f));
  const feats = $("#features");
  for (const f of info.data.features) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = f.term;
    const same = f.same.map((x) => x.toLowerCase());
    box.dataset.same = JSON.stringify(same);
    box.addEventListener("change", () => changePerson((q) => {
      const kept = (q.features || []).filter((x) => !same.includes(String(x).toLowerCase()));
      if (box.checked) kept.push(f.term);
      if (kept.length) q.features = kept;
      else delete q.features;
    }));
    label.append(box, " " + f.name + " (" + f.term + ")");
    feats.appendChild(label);
  }
  const doc = await api("GET", "/api/pedigree");
  state.doc = doc.data;
  state.savedText = info.data.exists ? JSON.stringify(doc.data) : null;
  state.selected = doc.data.consultand || doc.data.proband || null;
  await refresh();
}

document.addEventListener("DOMContentLoaded", start);
