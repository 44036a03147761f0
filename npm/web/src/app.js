// The paste-and-check page: CodeMirror 6 editor(s), findings list, fixes, share, downloads.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  placeholder, highlightSpecialChars, dropCursor,
} from "@codemirror/view";
import { history, historyKeymap, defaultKeymap, insertNewline } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentUnit } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, lintKeymap } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";

import { Engine } from "./engine.js";
import { byteOffsetMapper } from "./bytes.js";
import { toSarif } from "./sarif.js";
import { encodeShare, decodeShare } from "./share.js";
import { samples } from "./samples.js";

const SEVERITIES = ["critical", "high", "medium", "low"];
const STATUS_ORDER = { fail: 0, unknown: 1, pass: 2 };
const STATUS_LABEL = { fail: "Fail", unknown: "Unknown", pass: "Pass" };
const LINT_SEVERITY = { fail: "error", unknown: "warning", pass: "hint" };
const ORIGIN_LABEL = {
  flag: "command-line flag",
  "drop-in": "--config-dir drop-in",
  config: "config file",
  configz: "/configz output",
  "config-file": "authorization/authentication config",
  default: "built-in default",
  "kubeadm-default": "kubeadm default",
  unknown: "unknown source",
};
const DEBOUNCE_MS = 150;

const $ = (id) => document.getElementById(id);

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// ---------------------------------------------------------------- state

const engine = new Engine(new URL("worker.js", document.baseURI).href);
let meta = { rules: new Map(), benchmarks: [], defaultBenchmark: "", version: "" };
const docs = []; // {name, state}
let active = 0;
let benchmark = "";
// "" takes the version from the documents (an image tag, kubeadm's kubernetesVersion) or assumes the newest.
let kubernetesVersion = "";
/** The minor versions offered, newest first: the span the rules' defaults and gates cover. */
const KUBERNETES_VERSIONS = Array.from({ length: 35 - 15 + 1 }, (_, i) => `1.${35 - i}`);
let current = null; // {report, texts, elapsed}
let seq = 0;
let timer = null;
let lastEditAt = 0; // when the text last changed, for data-edit-to-findings-ms

const language = new Compartment();
const yamlLanguage = yaml();

function looksLikeYaml(text) {
  const t = text.replace(/^\s*(#.*\n\s*)*/, "");
  if (/^[\[{]/.test(t) && !/^\[[A-Za-z]+\]\s*$/m.test(t)) return true; // JSON, not an INI section
  if (/^\[[A-Za-z]+\]\s*$/m.test(t)) return false; // systemd unit
  return /^(---|\s*[\w.\-/"']+:(\s|$))/m.test(t) && !/^\s*(UID|USER)\s+PID\b/m.test(t);
}

function newState(content) {
  return EditorState.create({
    doc: content,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      indentUnit.of("  "),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      language.of(looksLikeYaml(content) ? yamlLanguage : []),
      lintGutter(),
      placeholder("Paste a kubelet config.yaml, a ps -ef line, a systemd drop-in, a static Pod manifest or a kubeadm config here…"),
      // Enter keeps the text as typed (no auto-indent), so typed or pasted YAML stays exact.
      keymap.of([{ key: "Enter", run: insertNewline }, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
      EditorView.contentAttributes.of({ "data-testid": "input", "aria-label": "Document text", spellcheck: "false", autocorrect: "off", autocapitalize: "off" }),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        lastEditAt = performance.now();
        let inserted = 0;
        update.changes.iterChanges((fa, ta, fb, tb) => (inserted += tb - fb + (ta - fa)));
        const big = inserted > 40;
        if (big) {
          const lang = looksLikeYaml(update.state.doc.toString()) ? yamlLanguage : [];
          update.view.dispatch({ effects: language.reconfigure(lang) });
        }
        scheduleCheck(big, big ? 0 : DEBOUNCE_MS);
      }),
    ],
  });
}

const view = new EditorView({ parent: $("editor"), state: newState("") });

function texts() {
  return docs.map((d, i) => (i === active ? view.state : d.state).doc.toString());
}

function documentsForCheck() {
  const t = texts();
  return docs.map((d, i) => ({ name: d.name, content: t[i] }));
}

function isFresh() {
  if (!current) return false;
  const t = texts();
  return current.texts.length === t.length && current.texts.every((x, i) => x === t[i]) && current.benchmark === benchmark && current.kubernetesVersion === kubernetesVersion && current.names.join("\0") === docs.map((d) => d.name).join("\0");
}

// ---------------------------------------------------------------- documents and tabs

function saveActive() {
  if (docs[active]) docs[active].state = view.state;
}

function setDocuments(list, activeIndex = 0) {
  docs.length = 0;
  for (const d of list.length ? list : [{ name: "", content: "" }]) docs.push({ name: d.name || "", state: newState(d.content || "") });
  active = Math.min(Math.max(activeIndex, 0), docs.length - 1);
  view.setState(docs[active].state);
  current = null;
  renderTabs();
  clearFindings("checking");
  scheduleCheck(true, 0);
}

function switchTo(i) {
  if (i === active || !docs[i]) return;
  saveActive();
  active = i;
  view.setState(docs[i].state);
  renderTabs();
  if (current && isFresh()) pushDiagnostics();
}

function addDocument(name = "", content = "") {
  saveActive();
  docs.push({ name, state: newState(content) });
  active = docs.length - 1;
  view.setState(docs[active].state);
  renderTabs();
  scheduleCheck(true);
  view.focus();
}

function closeDocument(i) {
  saveActive();
  docs.splice(i, 1);
  if (!docs.length) docs.push({ name: "", state: newState("") });
  if (active >= docs.length || active > i) active = Math.max(0, active - (active > i || active >= docs.length ? 1 : 0));
  active = Math.min(active, docs.length - 1);
  view.setState(docs[active].state);
  renderTabs();
  scheduleCheck(true);
}

function label(name, i) {
  if (!name) return `Document ${i + 1}`;
  const parts = name.split("/").filter(Boolean);
  return parts[parts.length - 1] || name;
}

function docInfo(i) {
  return current && current.report && current.report.documents[i];
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.replaceChildren(
    ...docs.map((d, i) => {
      const info = docInfo(i);
      const counts = current?.report ? current.report.findings.filter((f) => f.status === "fail" && (f.location ? f.location.document === i : f.documents[0] === i)).length : 0;
      return h("div", { class: "tab" + (i === active ? " active" : ""), role: "presentation" },
        h("button", { type: "button", role: "tab", "aria-selected": i === active ? "true" : "false", title: d.name || "unnamed document", onclick: () => switchTo(i) },
          h("span", { class: "tab-name" }, label(d.name, i)),
          info && info.kind !== "Unknown" ? h("span", { class: "tab-kind" }, info.kind) : null,
          counts ? h("span", { class: "tab-count", title: `${counts} failing` }, counts) : null),
        docs.length > 1 ? h("button", { type: "button", class: "tab-close", "aria-label": `Close ${label(d.name, i)}`, title: "Close", onclick: () => closeDocument(i) }, "×") : null);
    }),
    h("button", { type: "button", class: "tab-add", title: "Add another document of the same node (e.g. the --config file a command line names)", onclick: () => addDocument() }, "+ Add document"),
  );
  $("doc-name").value = docs[active]?.name || "";
  const info = docInfo(active);
  const kind = $("doc-kind");
  kind.replaceChildren();
  if (info) {
    kind.append(h("span", { class: "kind-name" + (info.kind === "Unknown" ? " unknown" : "") }, info.kind), info.component ? h("span", { class: "kind-comp" }, info.component) : "");
    kind.title = info.note || "";
  }
}

// ---------------------------------------------------------------- checking

function scheduleCheck(clear = false, delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  const findings = $("findings");
  if (clear) clearFindings("checking");
  else if (findings.dataset.state === "ready") findings.dataset.state = "stale";
  timer = setTimeout(runCheck, delay);
}

function clearFindings(state) {
  const findings = $("findings");
  findings.replaceChildren();
  findings.dataset.state = state;
  $("summary").replaceChildren();
}

async function runCheck() {
  clearTimeout(timer);
  const documents = documentsForCheck();
  const mine = ++seq;
  const bench = benchmark;
  const version = kubernetesVersion;
  if (documents.every((d) => !d.content.trim())) {
    current = null;
    view.dispatch(setDiagnostics(view.state, []));
    renderTabs();
    renderEmpty();
    return;
  }
  const started = performance.now();
  try {
    const result = await engine.check(documents, { benchmark: bench || null, kubernetesVersion: version || null });
    if (mine !== seq) return;
    current = { report: result.report, texts: documents.map((d) => d.content), names: documents.map((d) => d.name), benchmark: bench, kubernetesVersion: version, elapsed: performance.now() - started, engineMs: result.elapsed };
    render();
  } catch (error) {
    if (mine !== seq) return;
    current = null;
    renderFailure(error);
  }
}

function checkNow() {
  return runCheck();
}

// ---------------------------------------------------------------- diagnostics in the editor

function ruleMeta(slug) {
  return meta.rules.get(slug);
}

function tooltip(f) {
  const rule = ruleMeta(f.rule);
  return () =>
    h("div", { class: "diag" },
      h("div", { class: "diag-head" }, h("span", { class: `badge ${f.status}` }, STATUS_LABEL[f.status]), f.cis ? h("span", { class: "cis" }, `CIS ${f.cis}`) : null, h("strong", {}, f.title)),
      h("p", {}, f.message),
      rule?.rationale ? h("p", { class: "diag-why" }, h("b", {}, "Why: "), rule.rationale) : null,
      f.status !== "pass" ? h("p", { class: "diag-fix" }, h("b", {}, "Remediation: "), f.remediation) : null);
}

function findingRange(f, i, map, length) {
  if (f.location && f.location.document === i) return [map(f.location.start.offset), map(f.location.end.offset)];
  const edit = f.fix?.edits.find((e) => e.document === i);
  if (edit) return [map(edit.start), map(edit.end)];
  return null;
}

function pushDiagnostics() {
  if (!current || !isFresh()) return;
  const text = view.state.doc.toString();
  const map = byteOffsetMapper(text);
  const diagnostics = [];
  for (const f of current.report.findings) {
    const range = findingRange(f, active, map, text.length);
    if (!range) continue;
    const [from, to] = [Math.min(range[0], text.length), Math.min(range[1], text.length)];
    diagnostics.push({
      from, to,
      severity: LINT_SEVERITY[f.status],
      source: `kubecis ${f.cis ? `· CIS ${f.cis}` : ""}`,
      message: `${STATUS_LABEL[f.status]}: ${f.title} — ${f.message}`,
      renderMessage: tooltip(f),
      actions: f.fix && f.status !== "pass" ? [{ name: "Apply fix", apply: () => applyFix(f) }] : [],
    });
  }
  for (const e of current.report.errors) {
    if (e.document !== active) continue;
    const [from, to] = e.location ? [map(e.location.start.offset), map(e.location.end.offset)] : [0, Math.min(text.length, view.state.doc.line(1).to)];
    diagnostics.push({ from: Math.min(from, text.length), to: Math.min(to, text.length), severity: "error", source: "kubecis", message: e.message });
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

// ---------------------------------------------------------------- fixes

// What `kubecis fix --write` does with each kind of fix, for the label's tooltip.
const APPLICABILITY = {
  safe: "safe: kubecis fix --write applies it",
  unsafe: "unsafe: changes behaviour clients may rely on; kubecis fix applies it only with --unsafe-fixes",
  "display-only": "display-only: the edit lands in a snapshot (ps, /proc, /configz); make it in the file the setting comes from",
};

async function applyFix(finding) {
  if (!isFresh()) {
    await checkNow();
    finding = current?.report.findings.find((f) => f.rule === finding.rule && f.documents.join() === finding.documents.join() && f.fix);
    if (!finding) return;
  }
  saveActive();
  const byDoc = new Map();
  for (const e of finding.fix.edits) {
    if (!byDoc.has(e.document)) byDoc.set(e.document, []);
    byDoc.get(e.document).push(e);
  }
  for (const [i, edits] of byDoc) {
    const state = i === active ? view.state : docs[i].state;
    const map = byteOffsetMapper(state.doc.toString());
    const changes = edits.map((e) => ({ from: map(e.start), to: map(e.end), insert: e.text }));
    if (i === active) view.dispatch({ changes, userEvent: "input.fix", scrollIntoView: true });
    else docs[i].state = state.update({ changes }).state;
  }
  toast(`Applied: ${finding.fix.description}`);
  scheduleCheck(false, 0);
}

async function applyAllFixes() {
  if (!isFresh()) await checkNow();
  if (!current) return;
  // Apply one at a time, re-checking in between, so that edits never overlap stale offsets.
  for (let n = 0; n < 50; n++) {
    const f = current?.report.findings.find((x) => x.status === "fail" && x.fix);
    if (!f) break;
    await applyFix(f);
    await checkNow();
  }
}

function reveal(f) {
  const i = f.location ? f.location.document : f.documents[0];
  if (i === undefined) return;
  switchTo(i);
  const text = view.state.doc.toString();
  const map = byteOffsetMapper(text);
  const range = findingRange(f, i, map, text.length);
  if (!range) return;
  view.dispatch({ selection: { anchor: range[0], head: range[1] }, scrollIntoView: true });
  view.focus();
}

// ---------------------------------------------------------------- findings list

function renderEmpty() {
  clearFindings("empty");
  const findings = $("findings");
  findings.append(
    h("div", { class: "empty" },
      h("h2", {}, "Check a node's configuration"),
      h("p", {}, "Paste a kubelet or kube-apiserver configuration into the editor, or drop files onto the page. kubecis works out the effective settings the way Kubernetes does — flags over drop-ins over the config file over defaults — and checks them against the CIS Kubernetes Benchmark."),
      h("p", {}, "Or start from a sample:"),
      h("ul", { class: "sample-list" }, samples.map((s) => h("li", {}, h("button", { type: "button", class: "link", onclick: () => loadSample(s.id) }, s.title)))),
    ),
  );
}

function renderFailure(error) {
  clearFindings("error");
  $("findings").append(h("div", { class: "error-box", role: "alert" }, h("strong", {}, "The check could not run: "), error.message));
}

function statusCounts(report) {
  return h("div", { class: "counts" },
    h("span", { class: "count fail", title: "failing checks" }, h("b", {}, report.summary.fail), " fail"),
    h("span", { class: "count unknown", title: "cannot be decided from the documents given" }, h("b", {}, report.summary.unknown), " unknown"),
    h("span", { class: "count pass", title: "passing checks" }, h("b", {}, report.summary.pass), " pass"),
    report.summary.errors ? h("span", { class: "count error", title: "input problems" }, h("b", {}, report.summary.errors), " input errors") : null);
}

function evidence(f) {
  const s = f.setting;
  const where = f.location
    ? h("button", { type: "button", class: "link where", title: "Show in the editor", onclick: () => reveal(f) }, `${label(docs[f.location.document]?.name, f.location.document)}:${f.location.start.line}:${f.location.start.column}`)
    : null;
  return h("div", { class: "evidence" },
    h("code", { class: "setting" }, s.flag && s.origin === "flag" ? s.flag : s.name),
    s.value !== undefined ? [" = ", h("code", { class: "value" }, s.value)] : [" ", h("span", { class: "muted" }, "not set")],
    h("span", { class: "origin" }, ` · ${ORIGIN_LABEL[s.origin] || s.origin}`),
    where ? [" · ", where] : null,
    s.missing && s.missing.length ? h("div", { class: "missing" }, "Not supplied: ", s.missing.map((m, i) => [i ? ", " : "", h("code", {}, m)]), h("button", { type: "button", class: "link", onclick: () => addDocument(s.missing[0]) }, " add it as a document")) : null,
    s.overridden && s.overridden.length ? h("div", { class: "overridden" }, "Overrides ", s.overridden.map((o, i) => [i ? ", " : "", h("code", {}, o.value), ` (${ORIGIN_LABEL[o.origin] || o.origin}, line ${o.location.start.line})`])) : null);
}

function findingCard(f) {
  const rule = ruleMeta(f.rule);
  const aliases = Object.entries(f.aliases || {});
  return h("article", { class: `finding ${f.status}`, "data-testid": "finding", "data-rule": f.rule, "data-cis": f.cis ?? "", "data-status": f.status, "data-severity": f.severity },
    h("div", { class: "f-head" },
      h("span", { class: `badge ${f.status}` }, STATUS_LABEL[f.status]),
      f.cis ? h("span", { class: "cis", title: `CIS control in ${current.report.benchmark}` }, f.cis) : h("span", { class: "cis none", title: `not a control in ${current.report.benchmark}` }, "—"),
      h("h3", { class: "f-title" }, f.title),
      h("span", { class: "comp" }, f.component)),
    h("p", { class: "msg" }, f.message),
    evidence(f),
    h("div", { class: "f-actions" },
      f.fix && f.status !== "pass" ? h("button", { type: "button", class: "fix", "data-testid": "apply-fix", title: f.fix.description, onclick: () => applyFix(f) }, "Apply fix") : null,
      f.fix && f.status !== "pass" ? h("span", { class: "fix-desc" }, f.fix.description) : null,
      f.fix && f.status !== "pass" ? h("span", { class: `applicability ${f.fix.applicability}`, "data-testid": "applicability", title: APPLICABILITY[f.fix.applicability] ?? "" }, f.fix.applicability) : null,
      h("details", { class: "more" },
        h("summary", {}, "Details"),
        rule?.rationale ? h("p", {}, h("b", {}, "Why it matters. "), rule.rationale) : null,
        h("p", {}, h("b", {}, "Remediation. "), f.remediation),
        h("p", { class: "muted" }, `${f.automated ? "Automated" : "Manual"} control · severity ${f.severity} · rule `, h("code", {}, f.rule)),
        aliases.length ? h("p", { class: "muted" }, "Same check elsewhere: ", aliases.map(([tool, id], i) => [i ? ", " : "", `${tool} `, h("code", {}, id)])) : null)));
}

function render() {
  const { report } = current;
  renderTabs();
  pushDiagnostics();
  const summary = $("summary");
  const fixable = report.findings.filter((f) => f.status === "fail" && f.fix).length;
  summary.replaceChildren(
    statusCounts(report),
    h("div", { class: "summary-side" },
      fixable > 1 ? h("button", { type: "button", class: "fix", "data-testid": "apply-all", onclick: applyAllFixes }, `Apply all ${fixable} fixes`) : null,
      h("span", { class: "timing", title: "time from the edit's check request to the report" }, `${report.benchmark} · ${Math.max(1, Math.round(current.elapsed))} ms`)));

  const findings = $("findings");
  findings.replaceChildren();
  findings.dataset.checkMs = String(Math.round(current.elapsed));
  if (report.errors.length) {
    findings.append(h("section", { class: "group errors" },
      h("h2", {}, "Input problems ", h("span", { class: "n" }, report.errors.length)),
      report.errors.map((e) => h("div", { class: "input-error", "data-testid": "input-error" },
        h("b", {}, label(docs[e.document]?.name, e.document)), e.location ? `:${e.location.start.line}:${e.location.start.column}` : "", " — ", e.message))));
  }
  const unknownDocs = report.documents.filter((d) => d.kind === "Unknown");
  if (unknownDocs.length) {
    findings.append(h("div", { class: "note" }, unknownDocs.map((d) => h("p", {}, h("b", {}, label(d.name, d.index)), " was not recognised", d.note ? `: ${d.note}` : ".", " kubecis reads kubelet/kube-apiserver configs, command lines, systemd units, env files, static Pod manifests and kubeadm configs."))));
  }
  if (!report.findings.length) {
    findings.append(h("div", { class: "empty" }, h("p", {}, "No checks apply to these documents yet.")));
  }
  for (const severity of SEVERITIES) {
    const list = report.findings.filter((f) => f.severity === severity).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || String(a.cis).localeCompare(String(b.cis), undefined, { numeric: true }));
    if (!list.length) continue;
    const fails = list.filter((f) => f.status === "fail").length;
    findings.append(h("section", { class: `group sev-${severity}`, "data-severity": severity },
      h("h2", {}, h("span", { class: `sev-dot ${severity}` }), `${severity[0].toUpperCase()}${severity.slice(1)} severity`, h("span", { class: "n" }, fails ? `${fails} failing of ${list.length}` : `${list.length}`)),
      list.map(findingCard)));
  }
  findings.dataset.state = "ready";
  if (lastEditAt) findings.dataset.editToFindingsMs = String(Math.round(performance.now() - lastEditAt));
}

// ---------------------------------------------------------------- toolbar

function toast(message, ms = 2600) {
  const t = $("toast");
  t.textContent = message;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), ms);
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function reportForDownload() {
  if (!isFresh()) await checkNow();
  if (!current) {
    toast("Nothing to download: paste a document first");
    return null;
  }
  return current.report;
}

function loadSample(id) {
  const s = samples.find((x) => x.id === id);
  if (!s) return;
  setDocuments(s.documents.map((d) => ({ ...d })));
  $("sample").value = "";
  view.focus();
}

async function readFiles(files) {
  const list = await Promise.all([...files].map(async (f) => ({ name: f.webkitRelativePath || f.name, content: new TextDecoder("utf-8").decode(await f.arrayBuffer()) })));
  if (!list.length) return;
  saveActive();
  const onlyEmpty = docs.length === 1 && !texts()[0].trim();
  if (onlyEmpty) setDocuments(list, 0);
  else {
    for (const d of list) docs.push({ name: d.name, state: newState(d.content) });
    const first = docs.length - list.length;
    active = first;
    view.setState(docs[first].state);
    renderTabs();
    scheduleCheck(true, 0);
  }
  toast(`Added ${list.length} document${list.length > 1 ? "s" : ""}`);
}

function setupToolbar() {
  const select = $("benchmark");
  select.replaceChildren(
    ...[...meta.benchmarks].reverse().map((b) => h("option", { value: b }, `CIS ${b.replace(/^cis-/, "")}${b === meta.defaultBenchmark ? " (newest)" : ""}`)),
  );
  select.value = benchmark;
  select.addEventListener("change", () => {
    benchmark = select.value;
    scheduleCheck(false, 0);
  });
  const versionSelect = $("kubernetes-version");
  versionSelect.replaceChildren(
    h("option", { value: "" }, "from the documents"),
    ...KUBERNETES_VERSIONS.map((v) => h("option", { value: v }, v)),
  );
  versionSelect.value = kubernetesVersion;
  versionSelect.addEventListener("change", () => {
    kubernetesVersion = versionSelect.value;
    scheduleCheck(false, 0);
  });
  const sample = $("sample");
  for (const s of samples) sample.append(h("option", { value: s.id }, s.title));
  sample.addEventListener("change", () => loadSample(sample.value));

  $("open").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (e) => {
    readFiles(e.target.files);
    e.target.value = "";
  });
  $("doc-name").addEventListener("input", (e) => {
    docs[active].name = e.target.value;
    renderTabsNamesOnly();
    scheduleCheck(false);
  });
  $("download-json").addEventListener("click", async () => {
    const report = await reportForDownload();
    if (report) download("kubecis-report.json", JSON.stringify(report, null, 2) + "\n", "application/json");
  });
  $("download-sarif").addEventListener("click", async () => {
    const report = await reportForDownload();
    if (report) download("kubecis-report.sarif", JSON.stringify(toSarif(report, [...meta.rules.values()]), null, 2) + "\n", "application/sarif+json");
  });
  $("share").addEventListener("click", async () => {
    saveActive();
    const fragment = await encodeShare({ benchmark, kubernetesVersion, documents: documentsForCheck(), active });
    window.history.replaceState(null, "", `#${fragment}`);
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      toast("Link copied. The documents travel in the URL fragment, which browsers never send to a server.");
    } catch {
      toast("Link is in the address bar. The documents travel in the URL fragment, never sent to a server.");
    }
  });

  // Drop files anywhere.
  let depth = 0;
  const drop = $("drop");
  window.addEventListener("dragenter", (e) => {
    if (![...(e.dataTransfer?.types || [])].includes("Files")) return;
    depth++;
    drop.hidden = false;
  });
  window.addEventListener("dragleave", () => {
    if (--depth <= 0) {
      depth = 0;
      drop.hidden = true;
    }
  });
  window.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.types || [])].includes("Files")) e.preventDefault();
  });
  window.addEventListener("drop", (e) => {
    depth = 0;
    drop.hidden = true;
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    readFiles(e.dataTransfer.files);
  });
  window.addEventListener("hashchange", () => loadFromHash());
}

function renderTabsNamesOnly() {
  const buttons = $("tabs").querySelectorAll(".tab-name");
  docs.forEach((d, i) => buttons[i] && (buttons[i].textContent = label(d.name, i)));
}

async function loadFromHash() {
  if (!location.hash || location.hash.length < 3) return false;
  try {
    const shared = await decodeShare(location.hash);
    if (!shared) return false;
    if (shared.benchmark && meta.benchmarks.includes(shared.benchmark)) {
      benchmark = shared.benchmark;
      $("benchmark").value = benchmark;
    }
    if (shared.kubernetesVersion && KUBERNETES_VERSIONS.includes(shared.kubernetesVersion)) {
      kubernetesVersion = shared.kubernetesVersion;
      $("kubernetes-version").value = kubernetesVersion;
    }
    setDocuments(shared.documents, shared.active);
    return true;
  } catch (error) {
    toast(`Could not open the shared link: ${error.message}`, 10000);
    return false;
  }
}

// ---------------------------------------------------------------- start

async function main() {
  renderTabs();
  renderEmpty();
  docs.push({ name: "", state: view.state });
  renderTabs();
  try {
    const m = await engine.meta();
    meta = { ...m, rules: new Map(m.rules.map((r) => [r.slug, r])) };
  } catch (error) {
    renderFailure(error);
    return;
  }
  benchmark = meta.defaultBenchmark;
  $("version").textContent = `kubecis ${meta.version} · ${engine.mode === "worker" ? "checks run in a Web Worker" : "checks run in the page"}`;
  setupToolbar();
  if (!(await loadFromHash())) {
    // Anything typed while the engine was loading gets checked now.
    scheduleCheck(false, 0);
  }
  document.documentElement.dataset.ready = "true";
  // For automation and debugging: the editor's text and the current report.
  globalThis.kubecisPage = { text: () => view.state.doc.toString(), report: () => current?.report ?? null, engineMode: () => engine.mode };
}

main();
