//! Splits a check over several plugin calls when one cannot hold it, so that every
//! document within the core's own limits gets its verdicts whatever the others hold.
//!
//! Usually every document fits in one request and this is one call. Past the core's
//! request limits the documents are packed, in order, into requests that fit; a call that
//! traps (out of memory, out of time) is retried on each half of its documents, down to
//! one document, which is then reported as not checked. Each request lists every
//! document, the ones checked in another request as `elsewhere` placeholders, so that
//! all reports number the documents alike and joining them is concatenation.

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use crate::plugin::Plugin;

/// The core's limit on one encoded request (`limits::MAX_REQUEST_BYTES`), less room for
/// the options and the placeholders' JSON punctuation.
pub const MAX_REQUEST_BYTES: usize = 7 * 16 * 1024 * 1024 - 1024 * 1024;
/// The core's limit on the documents' contents in one request (`limits::MAX_TOTAL_BYTES`).
pub const MAX_TOTAL_BYTES: usize = 48 * 1024 * 1024;
/// The core's limit on the documents one request carries (`limits::MAX_DOCUMENTS`;
/// placeholders do not count).
pub const MAX_DOCUMENTS: usize = 10_000;

/// One document as the request carries it, with what it costs.
pub struct Encoded {
    /// `{"name":..,"content":..}` (or a size-only entry for a file too large to read).
    pub value: Value,
    pub name: String,
    /// Bytes of `value` as JSON.
    pub encoded: usize,
    /// Bytes of its content.
    pub content: usize,
}

impl Encoded {
    pub fn new(value: Value) -> Encoded {
        let name = value.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
        let content = value.get("content").and_then(Value::as_str).map_or(0, str::len);
        let encoded = serde_json::to_string(&value).map_or(usize::MAX, |s| s.len());
        Encoded { value, name, encoded, content }
    }

    /// What a request that checks this document in another one carries instead.
    fn placeholder(&self) -> Value {
        json!({"name": self.name, "content": "", "elsewhere": true})
    }
}

/// Checks the documents in as few plugin calls as their size allows; returns the
/// report (or the core's request error) as JSON text.
pub fn check(plugin: &Plugin, documents: &[Encoded], options: &Map<String, Value>) -> Result<String> {
    let all: Vec<usize> = (0..documents.len()).collect();
    let mut groups = pack(documents, &all);
    if groups.len() == 1 && groups[0].len() == documents.len() {
        // The usual case: one request. Only if it fails are its halves tried.
        match plugin.check(&request(documents, &all, &[], options)?) {
            Ok(response) => return Ok(response),
            Err(e) if documents.len() <= 1 => return Err(e),
            Err(_) => {
                let (first, second) = all.split_at(all.len() / 2);
                groups = vec![first.to_vec(), second.to_vec()];
            }
        }
    }
    let mut reports = Vec::new();
    let mut unchecked = Vec::new();
    for group in groups {
        run(plugin, documents, group, options, &mut reports, &mut unchecked)?;
    }
    if !unchecked.is_empty() {
        let request = request(documents, &[], &unchecked, options)?;
        let response = plugin.check(&request)?;
        reports.push((vec![], unchecked.iter().map(|(i, _)| *i).collect(), parse(&response)?));
    }
    if let Some((_, _, report)) = reports.iter().find(|(_, _, r)| r.get("error").is_some_and(|e| !e.is_null())) {
        // The options were refused: every request says the same.
        return Ok(report.to_string());
    }
    Ok(join(reports, documents.len()).to_string())
}

/// Packs the documents `set`, in order, into groups whose requests fit the core's limits.
/// A document too large for any request alone still gets a group of its own: the core
/// reports it with its limit error.
fn pack(documents: &[Encoded], set: &[usize]) -> Vec<Vec<usize>> {
    // Every request carries every other document's placeholder too.
    let placeholders: usize = documents.iter().map(|d| d.name.len() * 2 + 48).sum();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let (mut encoded, mut content) = (0usize, 0usize);
    for &i in set {
        let d = &documents[i];
        let fits = placeholders.saturating_add(encoded).saturating_add(d.encoded) <= MAX_REQUEST_BYTES
            && content.saturating_add(d.content) <= MAX_TOTAL_BYTES
            && groups.last().is_some_and(|g| g.len() < MAX_DOCUMENTS);
        match groups.last_mut() {
            Some(group) if fits => group.push(i),
            _ => {
                groups.push(vec![i]);
                (encoded, content) = (0, 0);
            }
        }
        encoded = encoded.saturating_add(d.encoded);
        content = content.saturating_add(d.content);
    }
    groups
}

type Checked = (Vec<usize>, Vec<usize>, Value);

/// Checks one group; a call that fails is retried on each half of the group.
fn run(
    plugin: &Plugin,
    documents: &[Encoded],
    group: Vec<usize>,
    options: &Map<String, Value>,
    reports: &mut Vec<Checked>,
    unchecked: &mut Vec<(usize, String)>,
) -> Result<()> {
    let request = request(documents, &group, &[], options)?;
    match plugin.check(&request) {
        Ok(response) => reports.push((group, vec![], parse(&response)?)),
        Err(e) if group.len() == 1 => unchecked.push((group[0], format!("checking it alone failed: {e:#}"))),
        Err(_) => {
            let (first, second) = group.split_at(group.len() / 2);
            for half in [first.to_vec(), second.to_vec()] {
                run(plugin, documents, half, options, reports, unchecked)?;
            }
        }
    }
    Ok(())
}

/// A request with `checked` sent whole, `unchecked` sent with their reasons, and every
/// other document as a placeholder.
fn request(
    documents: &[Encoded],
    checked: &[usize],
    unchecked: &[(usize, String)],
    options: &Map<String, Value>,
) -> Result<Vec<u8>> {
    let mut entries: Vec<Value> = documents.iter().map(Encoded::placeholder).collect();
    for &i in checked {
        entries[i] = documents[i].value.clone();
    }
    for (i, why) in unchecked {
        entries[*i] = json!({"name": documents[*i].name, "content": "", "unchecked": why});
    }
    serde_json::to_vec(&json!({"documents": entries, "options": options})).context("cannot encode the request")
}

fn parse(response: &str) -> Result<Value> {
    serde_json::from_str(response).context("the plugin returned invalid JSON")
}

/// Joins reports whose requests checked disjoint documents: each document's entry comes
/// from the report that checked it; findings, errors and versions are concatenated and
/// the summary is summed.
fn join(reports: Vec<Checked>, count: usize) -> Value {
    let mut out = reports.first().map(|(_, _, r)| r.clone()).unwrap_or_else(|| json!({}));
    let mut documents = vec![Value::Null; count];
    let (mut findings, mut errors, mut versions) = (Vec::new(), Vec::new(), Vec::new());
    let mut summary: Map<String, Value> = Map::new();
    for (checked, unchecked, report) in reports {
        let listed = report.get("documents").and_then(Value::as_array).cloned().unwrap_or_default();
        for i in checked.iter().chain(&unchecked) {
            if let Some(d) = listed.get(*i) {
                documents[*i] = d.clone();
            }
        }
        for (key, into) in [("findings", &mut findings), ("errors", &mut errors), ("kubernetesVersions", &mut versions)]
        {
            into.extend(report.get(key).and_then(Value::as_array).cloned().unwrap_or_default());
        }
        for (key, n) in report.get("summary").and_then(Value::as_object).into_iter().flatten() {
            let sum = summary.get(key).and_then(Value::as_u64).unwrap_or(0) + n.as_u64().unwrap_or(0);
            summary.insert(key.clone(), sum.into());
        }
    }
    errors.sort_by_key(|e| e.get("document").and_then(Value::as_u64));
    out["documents"] = documents.into();
    out["findings"] = findings.into();
    out["errors"] = errors.into();
    out["summary"] = summary.into();
    if versions.is_empty() {
        if let Some(o) = out.as_object_mut() {
            o.remove("kubernetesVersions");
        }
    } else {
        out["kubernetesVersions"] = versions.into();
    }
    out
}
