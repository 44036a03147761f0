//! SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning among them): the
//! rules with their CIS ids and `security-severity`, one result per failing or unknown
//! finding with its location relative to the scan root (`%SRCROOT%`), a stable
//! fingerprint and the fix as SARIF replacements. Passing findings are left out.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://www.cisecurity.org/benchmark/kubernetes";

/// Where a document lives, for `artifactLocation`.
pub struct Artifact {
    /// A URI reference: relative to `%SRCROOT%` when `relative`, else absolute.
    pub uri: String,
    pub relative: bool,
}

/// `path` as a SARIF artifact relative to `root` (both host paths or both node paths)
/// when it lies inside it, else as an absolute `file://` URI.
pub fn artifact(path: &str, root: &str) -> Artifact {
    let root = root.trim_end_matches('/');
    let rel = if path.starts_with('/') {
        path.strip_prefix(root).filter(|r| r.starts_with('/') || root.is_empty()).map(|r| r.trim_start_matches('/'))
    } else {
        Some(path.trim_start_matches("./"))
    };
    match rel {
        Some(r) => Artifact { uri: encode(r), relative: true },
        None => Artifact { uri: format!("file://{}", encode(path)), relative: false },
    }
}

/// Percent-encodes what a URI path may not hold, keeping `/`.
pub fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn security_severity(severity: &str) -> &'static str {
    match severity {
        "critical" => "9.5",
        "high" => "8.0",
        "medium" => "5.5",
        _ => "3.0",
    }
}

/// `kubelet-anonymous-auth` → `KubeletAnonymousAuth`.
fn pascal(slug: &str) -> String {
    slug.split('-').map(|w| w[..1.min(w.len())].to_uppercase() + &w[1.min(w.len())..]).collect()
}

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn sarif_rule(r: &Value, benchmark: &str) -> Value {
    let slug = s(r, "slug");
    let severity = s(r, "severity");
    let mut tags = vec!["security".to_string(), "kubernetes".into(), "cis-kubernetes-benchmark".into()];
    if let Some(c) = r.get("component").and_then(Value::as_str) {
        tags.push(c.to_string());
    }
    let cis = r.get("cis").and_then(Value::as_object);
    if let Some(id) = cis.and_then(|m| m.get(benchmark)).and_then(|c| c.get("id")).and_then(Value::as_str) {
        tags.push(format!("CIS {id}"));
        tags.push(format!("{benchmark}:{id}"));
    }
    let title = s(r, "title");
    let rationale = r.get("rationale").and_then(Value::as_str).unwrap_or(title);
    // One definition can serve several components with one rationale (the kubelet's and
    // the kube-apiserver's --tls-cert-file): the component keeps each rule's own.
    let description = match r.get("component").and_then(Value::as_str) {
        Some(c) => format!("{c}: {rationale}"),
        None => rationale.to_string(),
    };
    json!({
        "id": slug,
        "name": pascal(slug),
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {"text": crate::rule_doc::text(r, benchmark), "markdown": crate::rule_doc::markdown(r, benchmark)},
        "helpUri": crate::rule_doc::doc_uri(slug),
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "security-severity": security_severity(severity),
            "severity": severity,
            "tags": tags,
            "cis": r.get("cis").cloned().unwrap_or(Value::Null),
            "aliases": r.get("aliases").cloned().unwrap_or_else(|| json!({})),
        },
    })
}

fn region(location: &Value) -> Option<Value> {
    let pos = |p: &str, k: &str| location.get(p).and_then(|v| v.get(k)).and_then(Value::as_u64);
    let (line, column) = (pos("start", "line")?, pos("start", "column").unwrap_or(1));
    let end_line = pos("end", "line").unwrap_or(line).max(line);
    let end_column = pos("end", "column").unwrap_or(column);
    let end_column = if end_line == line { end_column.max(column) } else { end_column };
    Some(json!({"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}))
}

/// The SARIF log of a (filtered) report. `rules` is `kubecis_rules`; `artifacts[i]` is
/// the location of document `i`; `root_uri` is the `file://` URI of `%SRCROOT%`.
///
/// `host_errors` are inputs the CLI could not read: they are tool execution
/// notifications, and the invocation is not successful.
/// The SARIF log of a report. Its results are made one at a time while the log is
/// written (`serde::Serialize`): 80 000 results held as values took gigabytes.
pub fn log<'a>(
    report: &'a Value,
    rules: &Value,
    artifacts: &'a [Artifact],
    root_uri: &str,
    host_errors: &[String],
) -> Log<'a> {
    let benchmark = s(report, "benchmark");
    let empty = Vec::new();
    let mut meta: Vec<Value> = rules.as_array().unwrap_or(&empty).clone();
    let findings = report.get("findings").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let mut rule_index: HashMap<String, usize> =
        meta.iter().enumerate().map(|(i, r)| (s(r, "slug").to_string(), i)).rev().collect();
    // A rule the metadata lacks (an older plugin) still gets an entry.
    for f in findings {
        if !rule_index.contains_key(s(f, "rule")) {
            rule_index.insert(s(f, "rule").to_string(), meta.len());
            meta.push(json!({"slug": s(f, "rule"), "title": s(f, "title"), "severity": s(f, "severity"),
                             "component": s(f, "component"), "remediation": s(f, "remediation")}));
        }
    }
    let results = Results { findings, artifacts, rule_index };
    let documents = report.get("documents").and_then(Value::as_array).unwrap_or(&empty);
    let artifacts_list: Vec<Value> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut loc = results.location(i);
            loc.as_object_mut().map(|m| m.remove("index"));
            let kind = s(d, "kind");
            let description = match d.get("component").and_then(Value::as_str) {
                Some(c) => format!("{kind} ({c})"),
                None => kind.to_string(),
            };
            json!({"location": loc, "description": {"text": description}})
        })
        .collect();
    let mut notifications: Vec<Value> = host_errors.iter().map(|m| host_notification(m)).collect();
    notifications.extend(report.get("errors").and_then(Value::as_array).unwrap_or(&empty).iter().map(|e| {
        let doc = e.get("document").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut physical = json!({"artifactLocation": results.location(doc)});
        if let Some(r) = e.get("location").and_then(region) {
            physical["region"] = r;
        }
        json!({"level": "error", "message": {"text": s(e, "message")}, "locations": [{"physicalLocation": physical}]})
    }));
    let tool = report.get("tool").cloned().unwrap_or_else(|| json!({}));
    let version = tool.get("version").and_then(Value::as_str).unwrap_or(env!("CARGO_PKG_VERSION"));
    let before = json!({
        "tool": {"driver": driver(version, meta.iter().map(|r| sarif_rule(r, benchmark)).collect())},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts_list,
    });
    let after = json!({
        "invocations": [{"executionSuccessful": host_errors.is_empty(), "toolExecutionNotifications": notifications}],
        "properties": {"benchmark": benchmark, "summary": report.get("summary").cloned().unwrap_or(Value::Null)},
    });
    Log { before: members(before), results, after: members(after) }
}

/// A SARIF log whose results are written as they are made.
pub struct Log<'a> {
    /// The run's members before `results`, and after.
    before: Map<String, Value>,
    results: Results<'a>,
    after: Map<String, Value>,
}

fn members(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Run<'b, 'a>(&'b Log<'a>);
        impl Serialize for Run<'_, '_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                for (k, v) in &self.0.before {
                    map.serialize_entry(k, v)?;
                }
                map.serialize_entry("results", &self.0.results)?;
                for (k, v) in &self.0.after {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("$schema", SCHEMA)?;
        map.serialize_entry("version", "2.1.0")?;
        map.serialize_entry("runs", &[Run(self)])?;
        map.end()
    }
}

/// The findings, made into SARIF results one at a time.
struct Results<'a> {
    findings: &'a [Value],
    artifacts: &'a [Artifact],
    rule_index: HashMap<String, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for f in self.findings {
            if let Some(result) = self.result(f) {
                seq.serialize_element(&result)?;
            }
        }
        seq.end()
    }
}

impl Results<'_> {
    fn location(&self, doc: usize) -> Value {
        let mut loc = Map::new();
        match self.artifacts.get(doc) {
            Some(a) => {
                loc.insert("uri".into(), a.uri.clone().into());
                if a.relative {
                    loc.insert("uriBaseId".into(), "%SRCROOT%".into());
                }
            }
            None => {
                loc.insert("uri".into(), format!("document-{doc}").into());
            }
        }
        loc.insert("index".into(), doc.into());
        Value::Object(loc)
    }

    /// The result of a failing or unknown finding (none for a pass).
    fn result(&self, f: &Value) -> Option<Value> {
        let status = s(f, "status");
        if status == "pass" {
            return None;
        }
        let rule = s(f, "rule");
        let doc = f
            .get("location")
            .and_then(|l| l.get("document"))
            .or_else(|| f.get("documents").and_then(|d| d.get(0)))
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let mut physical = json!({"artifactLocation": self.location(doc)});
        physical["region"] = f.get("location").and_then(region).unwrap_or_else(|| json!({"startLine": 1}));
        let setting = f.get("setting").map(|v| s(v, "name")).unwrap_or("");
        let uri = self.artifacts.get(doc).map_or("", |a| a.uri.as_str());
        let fingerprint = crate::plugin::hex(&Sha256::digest(format!("{rule}\0{uri}\0{setting}")))[..32].to_string();
        let cis = f.get("cis").and_then(Value::as_str);
        let text = match cis {
            Some(id) => format!("CIS {id}: {}", s(f, "message")),
            None => s(f, "message").to_string(),
        };
        let mut result = json!({
            "ruleId": rule,
            "ruleIndex": self.rule_index.get(rule).copied().unwrap_or(0),
            "level": if status == "fail" { "error" } else { "warning" },
            "message": {"text": text},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"kubecisFinding/v1": fingerprint},
            "properties": {"status": status, "cis": cis, "severity": s(f, "severity"),
                           "automated": f.get("automated").cloned().unwrap_or(Value::Null),
                           "setting": f.get("setting").cloned().unwrap_or(Value::Null)},
        });
        if let Some(fix) = f.get("fix").filter(|x| x.is_object()) {
            result["fixes"] = json!([fix_of(fix, &|d| self.location(d))]);
        }
        // An inline `kubecis: ignore[...] reason`: code scanning shows it as dismissed.
        if let Some(reason) = f.get("suppressed").and_then(|x| x.get("reason")).and_then(Value::as_str) {
            result["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
        }
        Some(result)
    }
}

fn driver(version: &str, rules: Vec<Value>) -> Value {
    json!({
        "name": "kubecis",
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    })
}

/// An error of the CLI's own (an input it could not read), located nowhere.
fn host_notification(message: &str) -> Value {
    json!({"level": "error", "message": {"text": message}})
}

/// The SARIF log of a run that checked nothing: a valid log with no results whose
/// invocation failed, saying why.
pub fn failed(messages: &[String]) -> Value {
    let notifications: Vec<Value> = messages.iter().map(|m| host_notification(m)).collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver(env!("CARGO_PKG_VERSION"), Vec::new())},
            "results": [],
            "invocations": [{"executionSuccessful": false, "toolExecutionNotifications": notifications}],
        }],
    })
}

fn fix_of(fix: &Value, location: &dyn Fn(usize) -> Value) -> Value {
    let mut by_doc: Vec<(usize, Vec<Value>)> = Vec::new();
    for e in fix.get("edits").and_then(Value::as_array).into_iter().flatten() {
        let doc = e.get("document").and_then(Value::as_u64).unwrap_or(0) as usize;
        let start = e.get("start").and_then(Value::as_u64).unwrap_or(0);
        let end = e.get("end").and_then(Value::as_u64).unwrap_or(start).max(start);
        let replacement = json!({
            "deletedRegion": {"byteOffset": start, "byteLength": end - start},
            "insertedContent": {"text": s(e, "text")},
        });
        match by_doc.iter_mut().find(|(d, _)| *d == doc) {
            Some((_, list)) => list.push(replacement),
            None => by_doc.push((doc, vec![replacement])),
        }
    }
    json!({
        "description": {"text": s(fix, "description")},
        "artifactChanges": by_doc.into_iter().map(|(d, replacements)| json!({
            "artifactLocation": location(d), "replacements": replacements,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_are_relative_to_the_root() {
        let a = artifact("/var/lib/kubelet/config.yaml", "/");
        assert_eq!((a.uri.as_str(), a.relative), ("var/lib/kubelet/config.yaml", true));
        let a = artifact("/srv/node/etc/x y.yaml", "/srv/node");
        assert_eq!((a.uri.as_str(), a.relative), ("etc/x%20y.yaml", true));
        let a = artifact("/srv/nodes/a", "/srv/node");
        assert_eq!((a.uri.as_str(), a.relative), ("file:///srv/nodes/a", false));
        assert_eq!(artifact("./a/b.yaml", "/cwd").uri, "a/b.yaml");
        assert_eq!(artifact("<stdin>", "/cwd").uri, "%3Cstdin%3E");
        assert_eq!(pascal("kubelet-anonymous-auth"), "KubeletAnonymousAuth");
    }
}
