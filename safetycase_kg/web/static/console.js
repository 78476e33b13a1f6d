// The query console: named queries and their parameters, a SPARQL editor, a sortable and paged
// results table, downloads. Plain JavaScript against the server's own endpoints (/queries, /sparql);
// nothing is fetched from anywhere else.
"use strict";

(function () {
  const PAGE_SIZE = 50;
  const BASE = "https://w3id.org/safetycase-kg/";
  const ONTOLOGY = BASE + "ontology#";
  const prefixes = JSON.parse(document.getElementById("prefix-data").textContent);

  const $ = (id) => document.getElementById(id);
  const editor = $("editor"), select = $("named-query"), form = $("params");
  const statusLine = $("status"), errorBox = $("error"), results = $("results");
  const pager = $("pager"), pageInfo = $("page-info");

  let library = {};          // name -> {title, description, parameters}
  let loadedText = "";       // the named query's text as loaded, to know whether the editor was changed
  let state = { vars: [], rows: [], sortColumn: null, sortAscending: true, page: 0 };
  let lastRequest = null;    // {url, init} of the last successful query, for downloads
  let escapePressed = false;

  // ---- named queries ---------------------------------------------------------------------------

  fetch("/queries", { headers: { Accept: "application/json" } })
    .then((r) => r.json())
    .then((list) => {
      for (const q of list) {
        library[q.name] = q;
        const option = document.createElement("option");
        option.value = q.name;
        option.textContent = q.title + " (" + q.name + ")";
        select.appendChild(option);
      }
      const wanted = new URLSearchParams(location.search).get("query");
      if (wanted && library[wanted]) { select.value = wanted; chooseQuery(wanted); }
    })
    .catch(() => showError("Could not load the named queries."));

  select.addEventListener("change", () => chooseQuery(select.value));

  function chooseQuery(name) {
    form.replaceChildren();
    $("named-description").textContent = "";
    loadedText = "";
    if (!name) return;
    const q = library[name];
    $("named-description").textContent = q.description;
    for (const p of q.parameters) {
      const id = "param-" + p.name;
      const wrapper = document.createElement("div");
      wrapper.className = "param";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = p.name + (p.required ? " (required)" : "") + " — " + p.type;
      const input = document.createElement("input");
      input.id = id;
      input.name = p.name;
      input.type = p.type === "date" ? "date" : "text";
      input.required = p.required;
      input.placeholder = p.default || (p.type === "iri" ? "prefix:name or full IRI" : "");
      const help = document.createElement("small");
      help.id = id + "-help";
      help.textContent = p.description;
      input.setAttribute("aria-describedby", help.id);
      wrapper.append(label, input, help);
      form.appendChild(wrapper);
    }
    fetch("/console/queries/" + encodeURIComponent(name) + ".rq")
      .then((r) => r.text())
      .then((text) => { editor.value = text; loadedText = text; });
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });

  // ---- editor ------------------------------------------------------------------------------------

  editor.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { escapePressed = true; return; }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); return; }
    if (e.key === "Tab" && !escapePressed && !e.shiftKey) {
      e.preventDefault();
      const start = editor.selectionStart, end = editor.selectionEnd;
      editor.setRangeText("  ", start, end, "end");
    }
    escapePressed = false;
  });

  // ---- running -----------------------------------------------------------------------------------

  $("run").addEventListener("click", run);

  function buildRequest(accept) {
    const name = select.value;
    if (name && editor.value === loadedText) {
      const params = new URLSearchParams();
      for (const input of form.querySelectorAll("input")) {
        if (input.value.trim() !== "") params.set(input.name, input.value.trim());
      }
      return { url: "/queries/" + encodeURIComponent(name) + "?" + params, init: { headers: { Accept: accept } } };
    }
    const body = new URLSearchParams({ query: editor.value });
    return { url: "/sparql", init: { method: "POST", body: body, headers: { Accept: accept } } };
  }

  async function run() {
    hideError();
    const missing = [...form.querySelectorAll("input")].find((i) => i.required && !i.value.trim());
    if (missing && select.value && editor.value === loadedText) {
      showError("Fill in the required parameter " + missing.name + ".");
      missing.focus();
      return;
    }
    // CONSTRUCT and DESCRIBE answer with N-Triples, shown as subject / predicate / object rows
    const request = buildRequest("application/sparql-results+json, application/n-triples;q=0.9");
    statusLine.textContent = "Running…";
    const started = performance.now();
    let response, text;
    try {
      response = await fetch(request.url, request.init);
      text = await response.text();
    } catch (err) {
      statusLine.textContent = "";
      showError("The server could not be reached.");
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    if (!response.ok) {
      statusLine.textContent = "Failed after " + elapsed + " ms";
      let message = text;
      try { message = JSON.parse(text).error || text; } catch (e) { /* not JSON */ }
      showError(message);
      return;
    }
    lastRequest = request;
    const graphResult = (response.headers.get("Content-Type") || "").startsWith("application/n-triples");
    // the CSV and JSON downloads are SPARQL results formats, which a graph does not have
    $("download-csv").disabled = graphResult;
    $("download-json").disabled = graphResult;
    const data = graphResult ? null : JSON.parse(text);
    if (graphResult) {
      state = { vars: ["subject", "predicate", "object"], rows: parseNTriples(text), sortColumn: null, sortAscending: true, page: 0 };
    } else if (data.boolean !== undefined) {
      state = { vars: ["answer"], rows: [{ answer: { type: "literal", value: String(data.boolean) } }], sortColumn: null, sortAscending: true, page: 0 };
    } else if (data.head) {
      state = { vars: data.head.vars, rows: data.results.bindings, sortColumn: null, sortAscending: true, page: 0 };
    } else {
      state = { vars: [], rows: [], sortColumn: null, sortAscending: true, page: 0 };
    }
    const unit = graphResult ? " triple" : " row";
    statusLine.textContent = state.rows.length + unit + (state.rows.length === 1 ? "" : "s") + " in " + elapsed + " ms";
    render();
  }

  // ---- graph results -----------------------------------------------------------------------------

  const NT_TERM = /<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?/g;

  function unescapeLiteral(text) {
    // N-Triples escapes: \t \n \r \" \\ \uXXXX \UXXXXXXXX
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, (m, u4, u8, c) => {
      if (u4 || u8) return String.fromCodePoint(parseInt(u4 || u8, 16));
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[c] || c;
    });
  }

  function parseNTriples(text) {
    const rows = [];
    for (const line of text.split("\n")) {
      if (!line.trim() || line.trim().startsWith("#")) continue;
      const terms = [];
      for (const m of line.matchAll(NT_TERM)) {
        if (m[1] !== undefined) terms.push({ type: "uri", value: m[1] });
        else if (m[2] !== undefined) terms.push({ type: "bnode", value: m[2] });
        else terms.push({ type: "literal", value: unescapeLiteral(m[3]), "xml:lang": m[4], datatype: m[5] });
        if (terms.length === 3) break;
      }
      if (terms.length === 3) rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    }
    return rows;
  }

  // ---- errors ------------------------------------------------------------------------------------

  function showError(message) {
    errorBox.replaceChildren();
    // Oxigraph says "error at 3:2", the query guard "at line 3, column 2".
    const match = /error at (\d+):(\d+)/.exec(message) || /line (\d+), column (\d+)/.exec(message);
    const p = document.createElement("p");
    if (match) {
      const line = Number(match[1]), column = Number(match[2]);
      const where = document.createElement("strong");
      where.textContent = "Line " + line + ", column " + column + ": ";
      p.append(where);
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Show in editor";
      button.addEventListener("click", () => selectPosition(line, column));
      p.append(document.createTextNode(message + " "), button);
    } else {
      p.textContent = message;
    }
    errorBox.appendChild(p);
    errorBox.hidden = false;
  }

  function hideError() { errorBox.hidden = true; errorBox.replaceChildren(); }

  function selectPosition(line, column) {
    const lines = editor.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, column - 1);
    editor.focus();
    editor.setSelectionRange(offset, Math.min(offset + 1, editor.value.length));
  }

  // ---- table -------------------------------------------------------------------------------------

  function compact(iri) {
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  function localHref(iri) {
    if (iri.startsWith(ONTOLOGY)) return "/ontology#" + encodeURIComponent(iri.slice(ONTOLOGY.length));
    if (iri.startsWith(BASE)) {
      const rest = iri.slice(BASE.length);
      if (/^(id|catalog|vocab)\/./.test(rest)) return "/" + rest;
    }
    return /^https?:\/\//.test(iri) ? iri : null;
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = localHref(term.value);
      const node = document.createElement(href ? "a" : "span");
      if (href) node.href = href;
      node.textContent = compact(term.value);
      node.title = term.value;
      td.appendChild(node);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.className = "num";
    }
    return td;
  }

  function sortKey(term) {
    if (!term) return [2, ""];
    if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) return [0, Number(term.value)];
    return [1, term.value];
  }

  function sortedRows() {
    if (state.sortColumn === null) return state.rows;
    const v = state.sortColumn, dir = state.sortAscending ? 1 : -1;
    return [...state.rows].sort((a, b) => {
      const ka = sortKey(a[v]), kb = sortKey(b[v]);
      if (ka[0] !== kb[0]) return (ka[0] - kb[0]) * dir;
      return (ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0) * dir;
    });
  }

  function render() {
    results.replaceChildren();
    if (!state.vars.length) { pager.hidden = true; return; }
    const table = document.createElement("table");
    table.className = "data results";
    const caption = document.createElement("caption");
    caption.textContent = "Results (select a column header to sort)";
    table.appendChild(caption);
    const head = table.createTHead().insertRow();
    for (const v of state.vars) {
      const th = document.createElement("th");
      th.scope = "col";
      const sorted = state.sortColumn === v;
      th.setAttribute("aria-sort", sorted ? (state.sortAscending ? "ascending" : "descending") : "none");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = v + (sorted ? (state.sortAscending ? " ▲" : " ▼") : "");
      button.addEventListener("click", () => {
        if (state.sortColumn === v) state.sortAscending = !state.sortAscending;
        else { state.sortColumn = v; state.sortAscending = true; }
        state.page = 0;
        render();
        const again = [...results.querySelectorAll("th button")].find((b) => b.textContent.startsWith(v));
        if (again) again.focus();
      });
      th.appendChild(button);
      head.appendChild(th);
    }
    const body = table.createTBody();
    const rows = sortedRows();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE_SIZE;
    for (const row of rows.slice(start, start + PAGE_SIZE)) {
      const tr = body.insertRow();
      for (const v of state.vars) tr.appendChild(cell(row[v]));
    }
    results.appendChild(table);
    pager.hidden = rows.length <= PAGE_SIZE;
    pageInfo.textContent = rows.length ? "Rows " + (start + 1) + "–" + Math.min(start + PAGE_SIZE, rows.length) +
      " of " + rows.length + " (page " + (state.page + 1) + " of " + pages + ")" : "No rows";
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
  }

  $("prev").addEventListener("click", () => { state.page -= 1; render(); });
  $("next").addEventListener("click", () => { state.page += 1; render(); });

  // ---- downloads ---------------------------------------------------------------------------------

  async function download(accept, extension) {
    if (!lastRequest) return;
    const again = { ...lastRequest.init, headers: { Accept: accept } };
    const response = await fetch(lastRequest.url, again);
    if (!response.ok) { showError("The download failed (" + response.status + ")."); return; }
    const blob = await response.blob();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (select.value || "query") + "-results." + extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  $("download-csv").addEventListener("click", () => download("text/csv", "csv"));
  $("download-json").addEventListener("click", () => download("application/sparql-results+json", "json"));
})();
