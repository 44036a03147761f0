//! Text output for reports and rules. Reads the report as loose JSON (the contract in
//! DESIGN.md "Report JSON"), so a newer core that adds fields never breaks the CLI, and
//! a missing or odd field only makes the output poorer, never a crash.
//!
//! Failing findings look like rustc and ruff diagnostics: a `path:line:col:` header,
//! then the source lines with the offending span underlined (annotate-snippets), then
//! the setting, its origin and the fix as a diff.
//!
//! Nothing reaches the terminal raw: document text is shown through [`Shown`] (the
//! report's `redactions` masked, control characters escaped) and names and messages
//! through [`terminal`], whatever plugin made the report.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use serde_json::Value;

use crate::shown::{terminal, Shown};

mod files;
mod lines;
pub use lines::{concise, github, statistics};

/// A document as the host sent it: the name and the exact text the offsets refer to.
pub struct SourceDoc<'a> {
    pub name: &'a str,
    pub content: &'a str,
}

/// A document as the output shows it.
struct View<'a> {
    name: String,
    content: &'a str,
    shown: Shown,
}

impl<'a> View<'a> {
    fn new(report: &Value, index: usize, doc: &SourceDoc<'a>) -> View<'a> {
        let masks = Shown::masks_of(report, index, doc.content);
        View { name: terminal(doc.name), content: doc.content, shown: Shown::new(doc.content, &masks) }
    }
}

pub struct Style {
    pub color: bool,
    /// Leave passing findings out (the summary still counts them); `--show-passes` shows them.
    pub hide_passes: bool,
    /// `--quiet`: no list of the files read.
    pub quiet: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn renderer(&self) -> Renderer {
        if self.color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    line: u64,
    column: u64,
    start: usize,
    end: usize,
}

pub(crate) fn span_of(location: &Value) -> Option<Span> {
    let start = location.get("start")?;
    let end = location.get("end");
    let line = start.get("line")?.as_u64()?;
    let column = start.get("column").and_then(Value::as_u64).unwrap_or(1);
    let start_off = start.get("offset").and_then(Value::as_u64)? as usize;
    let end_off = end.and_then(|e| e.get("offset")).and_then(Value::as_u64).map(|o| o as usize).unwrap_or(start_off);
    Some(Span { line, column, start: start_off, end: end_off.max(start_off) })
}

/// A byte range that can be shown in `content` without slicing through a character.
fn valid_range(content: &str, start: usize, end: usize) -> bool {
    start <= end && end <= content.len() && content.is_char_boundary(start) && content.is_char_boundary(end)
}

pub(crate) fn str_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub(crate) fn doc_index(v: &Value) -> Option<usize> {
    v.get("location")
        .and_then(|l| l.get("document"))
        .and_then(Value::as_u64)
        .or_else(|| v.get("documents").and_then(Value::as_array).and_then(|d| d.first()).and_then(Value::as_u64))
        .or_else(|| v.get("document").and_then(Value::as_u64))
        .map(|i| i as usize)
}

pub(crate) fn status_rank(status: &str) -> u8 {
    match status {
        "fail" => 0,
        "unknown" => 1,
        "pass" => 2,
        _ => 3,
    }
}

/// Renders a report for a terminal or a log.
pub fn report(report: &Value, docs: &[SourceDoc<'_>], style: &Style) -> String {
    let mut out = String::new();
    let empty = Vec::new();
    let findings = report.get("findings").and_then(Value::as_array).unwrap_or(&empty);
    let errors = report.get("errors").and_then(Value::as_array).unwrap_or(&empty);
    let docs: Vec<View<'_>> = docs.iter().enumerate().map(|(i, d)| View::new(report, i, d)).collect();
    let docs = docs.as_slice();

    let name_of = |i: Option<usize>| -> String {
        match i {
            Some(i) => docs
                .get(i)
                .map(|d| d.name.clone())
                .or_else(|| {
                    report
                        .get("documents")
                        .and_then(Value::as_array)
                        .and_then(|ds| ds.iter().find(|d| d.get("index").and_then(Value::as_u64) == Some(i as u64)))
                        .and_then(|d| str_field(d, "name"))
                        .map(terminal)
                })
                .unwrap_or_else(|| format!("document {i}")),
            None => "(all documents)".to_string(),
        }
    };

    if !style.quiet {
        out.push_str(&files::listing(report, style));
    }

    // Errors first, grouped by document like findings.
    let mut errs: Vec<&Value> = errors.iter().collect();
    errs.sort_by_key(|e| (doc_index(e).unwrap_or(usize::MAX), location_key(e)));
    for e in errs {
        let di = doc_index(e);
        let doc = di.and_then(|i| docs.get(i));
        let span = e.get("location").and_then(span_of);
        let message = terminal(str_field(e, "message").unwrap_or("error"));
        let _ = writeln!(out, "{}: {} {}", position(&name_of(di), span), style.paint("1;31", "ERROR"), message);
        if let (Some(doc), Some(span)) = (doc, span) {
            out.push_str(&snippet(doc, span, None, &[], Level::ERROR, style));
            blank_line(&mut out);
        }
    }

    // Warnings (suppressions unused or without a reason) do not stop the check.
    for w in report.get("warnings").and_then(Value::as_array).unwrap_or(&empty) {
        let di = doc_index(w);
        let span = w.get("location").and_then(span_of);
        let message = terminal(str_field(w, "message").unwrap_or("warning"));
        let _ = writeln!(out, "{}: {} {}", position(&name_of(di), span), style.paint("1;33", "warning"), message);
    }

    let mut sorted: Vec<&Value> = findings.iter().collect();
    sorted.sort_by_key(|f| {
        (doc_index(f).unwrap_or(usize::MAX), status_rank(str_field(f, "status").unwrap_or("")), location_key(f))
    });
    let mut current: Option<Option<usize>> = None;
    for f in sorted {
        if style.hide_passes && str_field(f, "status") == Some("pass") {
            continue;
        }
        let di = doc_index(f);
        if current.is_some() && current != Some(di) {
            blank_line(&mut out);
        }
        current = Some(di);
        finding(&mut out, f, di, &name_of(di), docs, style);
    }

    if !findings.is_empty() || !errors.is_empty() {
        blank_line(&mut out);
    }
    out.push_str(&summary_line(report, style));
    out.push('\n');
    out
}

/// Ends `out` with one empty line (not two).
fn blank_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

pub(crate) fn location_key(v: &Value) -> (u64, u64) {
    v.get("location").and_then(span_of).map(|s| (s.line, s.column)).unwrap_or((0, 0))
}

fn position(name: &str, span: Option<Span>) -> String {
    match span {
        Some(s) => format!("{name}:{}:{}", s.line, s.column),
        None => name.to_string(),
    }
}

fn finding(out: &mut String, f: &Value, di: Option<usize>, name: &str, docs: &[View<'_>], style: &Style) {
    let status = str_field(f, "status").unwrap_or("unknown");
    let rule = str_field(f, "rule").unwrap_or("?");
    let id = terminal(&match str_field(f, "cis") {
        Some(cis) => format!("{cis} {rule}"),
        None => rule.to_string(),
    });
    let message = terminal(str_field(f, "message").or_else(|| str_field(f, "title")).unwrap_or(""));
    let span = f.get("location").and_then(span_of);
    let doc = di.and_then(|i| docs.get(i));
    let manual = f.get("automated").and_then(Value::as_bool) == Some(false);
    let id = if manual { format!("{id}, manual") } else { id };

    if let Some(reason) = f.get("suppressed").and_then(|s| str_field(s, "reason")) {
        let word = style.paint("2", "suppressed");
        let _ = writeln!(out, "{}: {word} {status} [{id}] {message} ({})", position(name, span), terminal(reason));
        return;
    }
    match status {
        "pass" => {
            let _ = writeln!(out, "{}: {} [{id}] {message}", position(name, span), style.paint("32", "pass"));
        }
        "fail" | "unknown" => {
            let word = if status == "fail" { style.paint("1;31", "FAIL") } else { style.paint("1;33", "UNKNOWN") };
            let _ = writeln!(out, "{}: {word} [{id}] {message}", position(name, span));
            let level = if status == "fail" { Level::ERROR } else { Level::WARNING };
            let notes = notes(f);
            // The setting's value and origin label the underline; below it only what was
            // overridden or is missing, so no fact is said twice.
            let origin = f.pointer("/setting/origin").and_then(Value::as_str).filter(|o| *o != "unknown");
            let origin = origin.map(|o| terminal(&format!("from {o}")));
            let (setting, more) = match notes.split_first() {
                // The header says the value; the underline says where it comes from.
                Some((first, rest)) if first.0 == "setting" => (origin.as_deref().or(Some(first.1.as_str())), rest),
                _ => (None, notes.as_slice()),
            };
            let shown = match (doc, span) {
                (Some(doc), Some(span)) => {
                    let rendered = snippet(doc, span, setting, more, level, style);
                    out.push_str(&rendered);
                    !rendered.is_empty()
                }
                _ => false,
            };
            if !shown {
                for (label, text) in &notes {
                    let _ = writeln!(out, "  = {}: {text}", style.paint("1", label));
                }
            }
            if status == "fail" {
                if let Some(fix) = f.get("fix").filter(|v| !v.is_null()) {
                    out.push_str(&fix_block(fix, docs, style));
                } else if let Some(r) = str_field(f, "remediation") {
                    let _ = writeln!(out, "  = {}: {}", style.paint("1", "remediation"), terminal(r));
                }
            }
            blank_line(out);
        }
        other => {
            let _ = writeln!(out, "{}: {} [{id}] {message}", position(name, span), terminal(other));
        }
    }
}

/// The evidence shown under a finding: the setting with its value and origin, and
/// what was overridden or is missing.
fn notes(f: &Value) -> Vec<(&'static str, String)> {
    let mut notes = Vec::new();
    let Some(s) = f.get("setting") else {
        return notes;
    };
    let mut text = String::new();
    if let Some(name) = str_field(s, "name") {
        text.push_str(name);
    }
    if let Some(flag) = str_field(s, "flag") {
        if text.is_empty() {
            text.push_str(flag);
        } else if text != flag {
            let _ = write!(text, " ({flag})");
        }
    }
    match s.get("value") {
        Some(Value::String(v)) => {
            let _ = write!(text, " = {v}");
        }
        Some(Value::Null) | None => text.push_str(" is not set"),
        Some(v) => {
            let _ = write!(text, " = {v}");
        }
    }
    if let Some(origin) = str_field(s, "origin").filter(|o| *o != "unknown") {
        let _ = write!(text, " (from {origin})");
    }
    if !text.trim().is_empty() {
        notes.push(("setting", terminal(text.trim())));
    }
    for key in ["overridden", "missing"] {
        if let Some(items) = s.get(key).and_then(Value::as_array) {
            let items: Vec<String> = items.iter().map(compact).collect();
            if !items.is_empty() {
                notes.push((key, terminal(&items.join("; "))));
            }
        }
    }
    notes
}

/// One line for an `overridden` or `missing` entry, whatever its shape.
fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .filter(|(k, _)| k.as_str() != "location")
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect();
            parts.join(" ")
        }
        other => other.to_string(),
    }
}

fn snippet(
    doc: &View<'_>,
    span: Span,
    label: Option<&str>,
    notes: &[(&'static str, String)],
    level: Level<'_>,
    style: &Style,
) -> String {
    if !valid_range(doc.content, span.start, span.end) {
        return String::new();
    }
    let mut annotation = AnnotationKind::Primary.span(doc.shown.range(span.start, span.end));
    if let Some(label) = label {
        annotation = annotation.label(label);
    }
    let mut group = Group::with_level(level).element(Snippet::source(&doc.shown.text).annotation(annotation));
    for (name, text) in notes {
        group = group.element(Level::NOTE.with_name(*name).message(text.as_str()));
    }
    render_groups(&[group], style)
}

/// A validated fix edit: byte range and replacement text.
type Edit<'a> = (usize, usize, &'a str);

fn fix_block(fix: &Value, docs: &[View<'_>], style: &Style) -> String {
    let mut out = String::new();
    let description = str_field(fix, "description").unwrap_or("apply the edits below");
    // `kubecis fix --write` applies safe fixes; say so where a fix is not one.
    let description = terminal(description);
    let description = match str_field(fix, "applicability") {
        Some("unsafe") => format!("{description} (unsafe: applied with --unsafe-fixes)"),
        Some("display-only") => format!("{description} (display-only: make it in the file the setting comes from)"),
        _ => description.to_string(),
    };
    let description = description.as_str();
    let empty = Vec::new();
    let edits = fix.get("edits").and_then(Value::as_array).unwrap_or(&empty);

    // Group the edits by document, keeping only those that can be shown.
    let mut by_doc: Vec<(usize, Vec<Edit<'_>>)> = Vec::new();
    let mut raw: Vec<String> = Vec::new();
    for e in edits {
        let d = e.get("document").and_then(Value::as_u64).map(|d| d as usize);
        let start = e.get("start").and_then(Value::as_u64).map(|v| v as usize);
        let end = e.get("end").and_then(Value::as_u64).map(|v| v as usize);
        let text = e.get("text").and_then(Value::as_str).unwrap_or("");
        match (d, start, end) {
            (Some(d), Some(s), Some(en)) if docs.get(d).is_some_and(|doc| valid_range(doc.content, s, en)) => {
                match by_doc.iter_mut().find(|(i, _)| *i == d) {
                    Some((_, v)) => v.push((s, en, text)),
                    None => by_doc.push((d, vec![(s, en, text)])),
                }
            }
            _ => raw.push(terminal(&format!("  replace {}..{} with {:?}", start.unwrap_or(0), end.unwrap_or(0), text))),
        }
    }

    if by_doc.is_empty() {
        let _ = writeln!(out, "  = {}: {description}", style.paint("1;36", "fix"));
    } else {
        let mut group = Group::with_title(Level::HELP.with_name("fix").secondary_title(description));
        for (d, patches) in &by_doc {
            let doc = &docs[*d];
            let mut snip = Snippet::source(&doc.shown.text).path(&doc.name);
            for (s, e, t) in patches {
                // The inserted text, escaped like the document's (line breaks kept).
                snip = snip.patch(Patch::new(doc.shown.range(*s, *e), Shown::new(t, &[]).text));
            }
            group = group.element(snip);
        }
        out.push_str(&render_groups(&[group], style));
    }
    for r in raw {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

/// annotate-snippets is trusted with validated spans only; should it still panic on
/// some input, the snippet is left out rather than losing the whole report.
fn render_groups(groups: &[Group<'_>], style: &Style) -> String {
    let renderer = style.renderer();
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| renderer.render(groups)));
    match rendered {
        Ok(mut s) => {
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        Err(_) => String::new(),
    }
}

/// `44 fail, 54 pass (not shown: --show-passes), 6 unknown, 1 error; 30 fixable with
/// kubecis fix --write (12 more with --unsafe-fixes)`.
pub(crate) fn summary_line(report: &Value, style: &Style) -> String {
    let empty = Vec::new();
    let findings = report.get("findings").and_then(Value::as_array).unwrap_or(&empty);
    // Counted from the findings, so the line always agrees with the output.
    let counted = |f: &&Value| f.get("suppressed").is_none() && f.get("baselined").is_none();
    let count =
        |status: &str| findings.iter().filter(counted).filter(|f| str_field(f, "status") == Some(status)).count();
    let fail = count("fail");
    // Passes are left out of a report whose output does not show them: the summary counts them.
    let pass = report.pointer("/summary/pass").and_then(Value::as_u64).map_or_else(|| count("pass"), |n| n as usize);
    let errors = report.get("errors").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
    let pass = if style.hide_passes && pass > 0 {
        format!("{pass} pass (not shown: --show-passes)")
    } else {
        format!("{pass} pass")
    };
    let mut line = format!(
        "{}, {pass}, {} unknown",
        if fail > 0 { style.paint("1;31", &format!("{fail} fail")) } else { format!("{fail} fail") },
        count("unknown")
    );
    if errors > 0 {
        let _ =
            write!(line, ", {}", style.paint("1;31", &format!("{errors} error{}", if errors == 1 { "" } else { "s" })));
    }
    let suppressed = findings.iter().filter(|f| f.get("suppressed").is_some()).count();
    if suppressed > 0 {
        let _ = write!(line, ", {suppressed} suppressed");
    }
    let baselined = findings.iter().filter(|f| f.get("baselined").is_some() && f.get("suppressed").is_none()).count();
    if baselined > 0 {
        let _ = write!(line, ", {baselined} in the baseline");
    }
    let fixed = report.pointer("/summary/baselineFixed").and_then(Value::as_u64).unwrap_or(0);
    if fixed > 0 {
        let _ = write!(line, " ({fixed} baseline entr{} fixed since)", if fixed == 1 { "y" } else { "ies" });
    }
    let warnings = report.get("warnings").and_then(Value::as_array).map_or(0, Vec::len);
    if warnings > 0 {
        let _ = write!(line, ", {warnings} warning{}", if warnings == 1 { "" } else { "s" });
    }
    let fixable = |applicability: &str| {
        findings
            .iter()
            .filter(counted)
            .filter(|f| str_field(f, "status") == Some("fail"))
            .filter(|f| f.get("fix").and_then(|x| str_field(x, "applicability")) == Some(applicability))
            .count()
    };
    let (safe, unsafe_) = (fixable("safe"), fixable("unsafe"));
    match (safe, unsafe_) {
        (0, 0) => {}
        (0, n) => {
            let _ = write!(line, "; {n} fixable with `kubecis fix --write --unsafe-fixes`");
        }
        (n, 0) => {
            let _ = write!(line, "; {n} fixable with `kubecis fix --write`");
        }
        (n, m) => {
            let _ = write!(line, "; {n} fixable with `kubecis fix --write` ({m} more with --unsafe-fixes)");
        }
    }
    line
}

/// Renders the rules metadata (`kubecis_rules`): one line per rule with its CIS id in
/// `benchmark` (default: the newest the rule lists), then its ids in every benchmark
/// and its aliases in other tools.
pub fn rules(rules: &Value, benchmark: Option<&str>) -> String {
    let mut out = String::new();
    let empty = Vec::new();
    let list = rules.as_array().or_else(|| rules.get("rules").and_then(Value::as_array)).unwrap_or(&empty);
    for r in list {
        let slug = str_field(r, "slug").or_else(|| str_field(r, "rule")).unwrap_or("?");
        let (cis, automated) = cis_id(r, benchmark).unwrap_or_else(|| ("-".into(), None));
        let kind = match automated {
            Some(true) => "automated",
            Some(false) => "manual",
            None => "",
        };
        let component = str_field(r, "component").unwrap_or("");
        let severity = str_field(r, "severity").unwrap_or("");
        let title = str_field(r, "title").unwrap_or("");
        let line = format!("{cis:<8} {slug:<36} {component:<15} {severity:<8} {kind:<9} {title}");
        let _ = writeln!(out, "{}", line.trim_end());
        if let Some(ids) = cis_by_id(r) {
            let _ = writeln!(out, "         cis: {ids}");
        }
        if let Some(aliases) = r.get("aliases").and_then(Value::as_object).filter(|m| !m.is_empty()) {
            let list: Vec<String> =
                aliases.iter().map(|(tool, id)| format!("{tool} {}", id.as_str().unwrap_or(""))).collect();
            let _ = writeln!(out, "         aliases: {}", list.join(", "));
        }
    }
    let _ = writeln!(out, "{} rules", list.len());
    out
}

/// `1.2.7 in cis-1.5, cis-1.6, cis-1.23; 1.2.6 in cis-1.20, ...`: benchmarks grouped by id.
fn cis_by_id(rule: &Value) -> Option<String> {
    let map = rule.get("cis")?.as_object()?;
    let mut names: Vec<&String> = map.keys().collect();
    names.sort_by_key(|k| benchmark_order(k));
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for name in names {
        let id = match &map[name.as_str()] {
            Value::String(s) => s.clone(),
            v => str_field(v, "id")?.to_string(),
        };
        match groups.iter_mut().find(|(i, _)| *i == id) {
            Some((_, bs)) => bs.push(name),
            None => groups.push((id, vec![name])),
        }
    }
    let parts: Vec<String> = groups.iter().map(|(id, bs)| format!("{id} in {}", bs.join(", "))).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The files `kubecis node` read, for standard error: one line each with why it was
/// read, or how the core used it when it says (`notes`, by name: "the running kubelet:
/// ... starts exactly this command line"), then the scan's notes (files not found).
pub fn files_read(scan: &crate::node::Scan, notes: &[(String, String)], root: &std::path::Path) -> String {
    use crate::node::Role;
    let n = scan.documents.len();
    let mut out = format!("kubecis: read {n} file{} under {}\n", if n == 1 { "" } else { "s" }, root.display());
    let width = scan.documents.iter().map(|d| d.name.chars().count()).max().unwrap_or(0);
    for (d, role) in scan.documents.iter().zip(&scan.roles) {
        let why = match role {
            Role::Process { pid, component } => format!("{component} process {pid}"),
            Role::Unit => "systemd unit".into(),
            Role::EnvFile => "environment file".into(),
            Role::Config => "kubelet --config".into(),
            Role::DropIn => "kubelet --config-dir drop-in".into(),
            Role::Manifest => "static Pod manifest".into(),
            Role::AuthConfig => "kube-apiserver --authorization-config / --authentication-config".into(),
        };
        let why = notes.iter().find(|(name, _)| *name == d.name).map_or(why, |(_, note)| note.clone());
        let _ = writeln!(out, "  {:<width$}  {}", terminal(&d.name), terminal(&why));
    }
    for note in &scan.notes {
        let _ = writeln!(out, "  note: {}", terminal(note));
    }
    out
}

/// The CIS id of a rule in `benchmark` (or the newest listed) and whether it is
/// automated there. `cis` maps benchmark names to `{"id", "automated"}` (a plain id
/// string is accepted too).
fn cis_id(rule: &Value, benchmark: Option<&str>) -> Option<(String, Option<bool>)> {
    let control = match rule.get("cis")? {
        Value::Object(m) => match benchmark {
            Some(b) => m.get(b)?,
            None => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort_by_key(|k| benchmark_order(k));
                m.get(*keys.last()?)?
            }
        },
        other => other,
    };
    match control {
        Value::String(s) => Some((s.clone(), None)),
        Value::Object(_) => {
            Some((str_field(control, "id")?.to_string(), control.get("automated").and_then(Value::as_bool)))
        }
        _ => None,
    }
}

/// Benchmarks in publication order: cis-1.5 and cis-1.6 (named after their own
/// versions), then cis-1.20 to cis-1.24 (named after Kubernetes releases), then cis-1.7
/// onwards.
fn benchmark_order(name: &str) -> (u64, u64) {
    let v = name.trim_start_matches("cis-");
    let mut it = v.split('.');
    let major = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let minor: u64 = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    match (major, minor) {
        (1, 0..=6) => (0, minor),
        (1, 20..) => (1, minor),
        _ => (2, major * 1000 + minor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fail_finding_is_underlined_with_fix() {
        let content = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
        let start = content.find("true").unwrap();
        let report = json!({
            "schemaVersion": 1,
            "findings": [{
                "rule": "kubelet-anonymous-auth", "cis": "4.2.1", "status": "fail",
                "message": "anonymous requests are served",
                "setting": {"name": "authentication.anonymous.enabled", "flag": "--anonymous-auth", "value": "true", "origin": "config"},
                "location": {"document": 0, "start": {"line": 5, "column": 14, "offset": start}, "end": {"line": 5, "column": 18, "offset": start + 4}},
                "fix": {"description": "set authentication.anonymous.enabled to false",
                        "edits": [{"document": 0, "start": start, "end": start + 4, "text": "false"}]}
            }, {
                "rule": "kubelet-authorization-mode", "cis": "4.2.2", "status": "pass",
                "message": "authorization mode is Webhook", "location": {"document": 0, "start": {"line": 1, "column": 1, "offset": 0}, "end": {"line": 1, "column": 1, "offset": 0}}
            }],
            "errors": [],
            "summary": {"pass": 1, "fail": 1, "unknown": 0}
        });
        let docs = [SourceDoc { name: "config.yaml", content }];
        let text = super::report(&report, &docs, &Style { color: false, hide_passes: false, quiet: true });
        assert!(
            text.contains("config.yaml:5:14: FAIL [4.2.1 kubelet-anonymous-auth] anonymous requests are served"),
            "{text}"
        );
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("fix: set authentication.anonymous.enabled to false"), "{text}");
        assert!(text.contains("enabled: false"), "{text}");
        assert!(text.contains("config.yaml:1:1: pass [4.2.2 kubelet-authorization-mode]"), "{text}");
        assert!(text.trim_end().ends_with("1 fail, 1 pass, 0 unknown"), "{text}");
    }

    #[test]
    fn snippets_mask_redactions_and_escape_controls() {
        let content = "kube-apiserver --authorization-mode=AlwaysAllow --x-secret=hunter2 --v=\u{1b}[2J\n";
        let (mode, secret) = (content.find("AlwaysAllow").unwrap(), content.find("hunter2").unwrap());
        let at = |o: usize| json!({"line": 1, "column": o + 1, "offset": o});
        let report = json!({
            "findings": [{"rule": "apiserver-authorization-mode", "status": "fail", "message": "AlwaysAllow \u{1b}[31m",
                "setting": {"name": "--authorization-mode", "value": "AlwaysAllow", "origin": "flag"},
                "location": {"document": 0, "start": at(mode), "end": at(mode + 11)},
                "fix": {"description": "use Node,RBAC", "edits": [{"document": 0, "start": mode, "end": mode + 11, "text": "Node,RBAC"}]}}],
            "errors": [{"document": 0, "message": "unknown flag --x-secret", "location": {"document": 0, "start": at(secret - 11), "end": at(secret + 7)}}],
            "redactions": [{"document": 0, "start": secret, "end": secret + 7}]
        });
        let docs = [SourceDoc { name: "a\u{1b}[31m.txt", content }];
        let text = super::report(&report, &docs, &Style { color: false, hide_passes: false, quiet: true });
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("--x-secret=•••• --v=\\u{1b}[2J"), "{text}");
        assert!(text.contains("a\\u{1b}[31m.txt:1:"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("--authorization-mode=Node,RBAC"), "{text}");
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let report = json!({
            "findings": [{"rule": "r", "status": "fail",
                "location": {"document": 3, "start": {"line": 1, "column": 1, "offset": 999}, "end": {"line": 1, "column": 1, "offset": 2}},
                "fix": {"edits": [{"document": 0, "start": 1, "end": 99, "text": "x"}]}}],
            "errors": [{"document": 0, "message": "bad", "location": {}}]
        });
        let docs = [SourceDoc { name: "é", content: "é" }];
        let text = super::report(&report, &docs, &Style { color: false, hide_passes: false, quiet: true });
        assert!(text.contains("1 fail, 0 pass, 0 unknown, 1 error"), "{text}");
    }
}
