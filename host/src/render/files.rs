//! The files a check read, what each was recognised as, grouped by node: a repository
//! owner sees at a glance that every config was read, and which files were not.

use std::fmt::Write as _;

use serde_json::Value;

use super::{str_field, Style};
use crate::shown::terminal;

/// Files not recognised that are named one by one; the rest are counted.
const NOT_RECOGNISED_LISTED: usize = 10;

/// What a document is, in a few words (`StaticPod (kube-apiserver)`), or `None` when
/// nothing in it was recognised.
fn what(d: &Value) -> Option<String> {
    let kind = str_field(d, "kind").unwrap_or("Unknown");
    if matches!(kind, "Unknown" | "Invalid") {
        return None;
    }
    let mut s = match kind {
        "Template" => return Some("a template, not checked (check what it renders)".into()),
        "Elsewhere" => return None,
        "Stream" => {
            let parts: Vec<String> = d
                .get("parts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| str_field(p, "kind"))
                .filter(|k| *k != "Unknown")
                .map(str::to_string)
                .fold(Vec::new(), |mut seen: Vec<String>, k| {
                    if !seen.contains(&k) {
                        seen.push(k);
                    }
                    seen
                });
            if parts.is_empty() {
                return None;
            }
            parts.join(" + ")
        }
        other => other.to_string(),
    };
    if let Some(c) = str_field(d, "component") {
        let _ = write!(s, " ({c})");
    }
    Some(s)
}

/// The list printed above the findings.
pub fn listing(report: &Value, style: &Style) -> String {
    let empty = Vec::new();
    let docs = report.get("documents").and_then(Value::as_array).unwrap_or(&empty);
    if docs.is_empty() {
        return String::new();
    }
    let mut nodes: Vec<Option<&str>> = Vec::new();
    for d in docs {
        let n = str_field(d, "node");
        if !nodes.contains(&n) {
            nodes.push(n);
        }
    }
    // A group is a node when it holds something checked (not only templates or unknowns).
    let checked = |d: &&Value| what(d).is_some() && str_field(d, "kind") != Some("Template");
    let is_node = |n: &Option<&str>| n.is_some() && docs.iter().filter(checked).any(|d| str_field(d, "node") == *n);
    let node_count = nodes.iter().filter(|n| is_node(n)).count();
    let mut out = String::new();
    let _ = write!(out, "{} {} file{}", style.paint("1", "Read"), docs.len(), if docs.len() == 1 { "" } else { "s" });
    if node_count > 1 {
        let _ = write!(out, " of {node_count} nodes");
    }
    out.push_str(":\n");
    let mut not_recognised: Vec<(String, String)> = Vec::new();
    let mut loose = String::new();
    for node in &nodes {
        let headed = node_count > 1 && is_node(node);
        let indent = if headed { "    " } else { "  " };
        let mut lines = String::new();
        for d in docs.iter().filter(|d| str_field(d, "node") == *node) {
            let name = str_field(d, "name").unwrap_or("?");
            let shown = match node {
                Some(root) if headed => name.strip_prefix(root).map(|r| r.trim_start_matches('/')).unwrap_or(name),
                _ => name,
            };
            match what(d) {
                Some(w) => {
                    let _ = write!(lines, "{indent}{}: {}", terminal(shown), terminal(&w));
                    if let Some(note) = str_field(d, "note").filter(|_| str_field(d, "kind") != Some("Template")) {
                        let _ = write!(lines, "; {}", terminal(note));
                    }
                    lines.push('\n');
                }
                None => not_recognised.push((
                    terminal(name),
                    terminal(str_field(d, "note").unwrap_or("nothing kubecis checks was found")),
                )),
            }
        }
        if !headed {
            loose.push_str(&lines);
            continue;
        }
        let _ = writeln!(out, "  node {}:", terminal(node.unwrap_or_default()));
        out.push_str(&lines);
    }
    out.push_str(&loose);
    if !not_recognised.is_empty() {
        let _ = writeln!(out, "  {} ({}):", style.paint("1", "not recognised"), not_recognised.len());
        for (name, why) in not_recognised.iter().take(NOT_RECOGNISED_LISTED) {
            let _ = writeln!(out, "    {name}: {why}");
        }
        if not_recognised.len() > NOT_RECOGNISED_LISTED {
            let _ = writeln!(
                out,
                "    and {} more (--format json lists them all)",
                not_recognised.len() - NOT_RECOGNISED_LISTED
            );
        }
    }
    out.push('\n');
    out
}
