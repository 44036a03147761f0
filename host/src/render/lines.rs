//! One line per finding: `--format concise` for people, `--format github` for GitHub
//! Actions workflow annotations, and `--statistics` (one line per rule).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{doc_index, location_key, span_of, status_rank, str_field, summary_line, SourceDoc, Style};
use crate::shown::terminal;

/// The findings a line format shows, in the text format's order: failing and unknown
/// ones (passes too when asked), not suppressed, not in the baseline.
fn shown<'r>(report: &'r Value, style: &Style) -> Vec<&'r Value> {
    let mut list: Vec<&Value> = report
        .get("findings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| f.get("suppressed").is_none() && f.get("baselined").is_none())
        .filter(|f| !(style.hide_passes && str_field(f, "status") == Some("pass")))
        .collect();
    list.sort_by_key(|f| {
        (doc_index(f).unwrap_or(usize::MAX), status_rank(str_field(f, "status").unwrap_or("")), location_key(f))
    });
    list
}

fn name_of(report: &Value, docs: &[SourceDoc<'_>], index: Option<usize>) -> String {
    let Some(i) = index else { return "(all documents)".into() };
    docs.get(i).map(|d| d.name.to_string()).unwrap_or_else(|| {
        report
            .pointer(&format!("/documents/{i}/name"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("document {i}"))
    })
}

fn id(f: &Value) -> String {
    let rule = str_field(f, "rule").unwrap_or("?");
    match str_field(f, "cis") {
        Some(cis) => format!("{cis} {rule}"),
        None => rule.to_string(),
    }
}

fn fixable(f: &Value) -> bool {
    str_field(f, "status") == Some("fail")
        && matches!(f.get("fix").and_then(|x| str_field(x, "applicability")), Some("safe" | "unsafe"))
}

/// `path:line:col: FAIL [4.2.1 kubelet-anonymous-auth] message [*]`, then the summary.
/// `[*]` marks a finding `kubecis fix` can fix.
pub fn concise(report: &Value, docs: &[SourceDoc<'_>], style: &Style) -> String {
    let mut out = String::new();
    let at = |v: &Value| {
        let name = terminal(&name_of(report, docs, doc_index(v)));
        match v.get("location").and_then(span_of) {
            Some(s) => format!("{name}:{}:{}", s.line, s.column),
            None => name,
        }
    };
    for e in report.get("errors").and_then(Value::as_array).into_iter().flatten() {
        let message = terminal(str_field(e, "message").unwrap_or("error"));
        let _ = writeln!(out, "{}: {} {message}", at(e), style.paint("1;31", "ERROR"));
    }
    for w in report.get("warnings").and_then(Value::as_array).into_iter().flatten() {
        let message = terminal(str_field(w, "message").unwrap_or("warning"));
        let _ = writeln!(out, "{}: {} {message}", at(w), style.paint("1;33", "warning"));
    }
    for f in shown(report, style) {
        let word = match str_field(f, "status") {
            Some("fail") => style.paint("1;31", "FAIL"),
            Some("unknown") => style.paint("1;33", "UNKNOWN"),
            _ => style.paint("32", "pass"),
        };
        let message = terminal(str_field(f, "message").unwrap_or(""));
        let mark = if fixable(f) { " [*]" } else { "" };
        let _ = writeln!(out, "{}: {word} [{}] {message}{mark}", at(f), terminal(&id(f)));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary_line(report, style));
    out.push('\n');
    out
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=...,line=...,col=...,title=...::message` for each failing finding and
/// document error, `::warning` for each unknown finding: GitHub shows them on the
/// pull request's files. The summary ends the output as a plain line.
pub fn github(report: &Value, docs: &[SourceDoc<'_>]) -> String {
    let mut out = String::new();
    let style = Style { color: false, hide_passes: true, quiet: true };
    let mut annotate = |level: &str, v: &Value, title: &str, message: &str| {
        let name = name_of(report, docs, doc_index(v));
        let mut props = format!("file={}", escape_property(&terminal(name.trim_start_matches("./"))));
        if let Some(s) = v.get("location").and_then(span_of) {
            let _ = write!(props, ",line={},col={}", s.line, s.column);
            let end = v.get("location").and_then(|l| l.get("end"));
            if let Some(line) = end.and_then(|e| e.get("line")).and_then(Value::as_u64) {
                let _ = write!(props, ",endLine={line}");
            }
        }
        let _ = write!(props, ",title={}", escape_property(&terminal(title)));
        // `message` is escaped for a terminal already; its line breaks are GitHub's to show.
        let _ = writeln!(out, "::{level} {props}::{}", escape_data(message));
    };
    for e in report.get("errors").and_then(Value::as_array).into_iter().flatten() {
        annotate("error", e, "kubecis: document error", &terminal(str_field(e, "message").unwrap_or("error")));
    }
    for f in shown(report, &style) {
        let level = if str_field(f, "status") == Some("fail") { "error" } else { "warning" };
        let mut message = terminal(str_field(f, "message").unwrap_or(""));
        if let Some(r) = str_field(f, "remediation").filter(|_| level == "error") {
            let _ = write!(message, "\n\nRemediation: {}", terminal(r));
        }
        annotate(level, f, &format!("CIS {}", id(f)), &message);
    }
    out.push_str(&summary_line(report, &style));
    out.push('\n');
    out
}

/// Failing and unknown findings per rule, most first (`--statistics`).
pub fn statistics(report: &Value, as_json: bool) -> String {
    #[derive(Default)]
    struct Row {
        cis: String,
        fail: usize,
        unknown: usize,
        fixable: usize,
    }
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let style = Style { color: false, hide_passes: true, quiet: true };
    for f in shown(report, &style) {
        let row = rows.entry(str_field(f, "rule").unwrap_or("?").to_string()).or_default();
        row.cis = str_field(f, "cis").unwrap_or("").to_string();
        match str_field(f, "status") {
            Some("fail") => row.fail += 1,
            _ => row.unknown += 1,
        }
        row.fixable += usize::from(fixable(f));
    }
    let mut rows: Vec<(String, Row)> = rows.into_iter().collect();
    rows.sort_by(|a, b| (b.1.fail, b.1.unknown).cmp(&(a.1.fail, a.1.unknown)).then(a.0.cmp(&b.0)));
    if as_json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(rule, r)| json!({"rule": rule, "cis": r.cis, "fail": r.fail, "unknown": r.unknown, "fixable": r.fixable}))
            .collect();
        return serde_json::to_string_pretty(&list).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    let _ = writeln!(out, "{:>5} {:>7}  {:<8} rule", "fail", "unknown", "cis");
    for (rule, r) in &rows {
        let mark = if r.fixable > 0 { format!(" [*] {} fixable", r.fixable) } else { String::new() };
        let _ = writeln!(out, "{:>5} {:>7}  {:<8} {}{mark}", r.fail, r.unknown, terminal(&r.cis), terminal(rule));
    }
    out.push('\n');
    out.push_str(&summary_line(report, &style));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_cannot_be_broken_out_of() {
        assert_eq!(escape_data("a\nb%c\r"), "a%0Ab%25c%0D");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
    }
}
