//! kubecis-core: checks kubelet and kube-apiserver configuration against the CIS
//! Kubernetes Benchmark. Pure: no I/O, no clock, no environment, no global state.
//!
//! The pipeline follows the modules: [`recognise`] each document, [`resolve`] the
//! effective configuration of each component instance, evaluate the [`rules`], and
//! build the [`report`].

pub mod benchmark;
pub mod evaluate;
pub mod limits;
pub mod recognise;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;

mod check;

pub use check::check;
pub use report::Report;
pub use rules::{rules, RuleMeta};

use serde::Deserialize;

/// One input document: a name (a path, or only a hint) and its text.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(default)]
    pub name: String,
    pub content: String,
    /// The file's size in bytes, sent with an empty `content` by a host that did not
    /// read a file larger than the core reads (`limits::MAX_DOCUMENT_BYTES`), so that
    /// the report still lists it with an error.
    #[serde(default)]
    pub size: Option<u64>,
}

impl Document {
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> Document {
        Document { name: name.into(), content: content.into(), size: None }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Benchmark version such as `cis-1.12`; the newest when absent.
    #[serde(default)]
    pub benchmark: Option<String>,
    /// Directories the host read whole: the files supplied from one are all it holds,
    /// so a `--config-dir` among them with no drop-in supplied is empty, not unknown.
    #[serde(default)]
    pub complete_directories: Vec<String>,
    /// Files the host looked for and did not find. An optional `EnvironmentFile=-` among
    /// them is read as empty instead of leaving later flags unknown.
    #[serde(default)]
    pub absent_files: Vec<String>,
}

/// The request every host sends: `{"documents":[{"name","content"}],"options":{...}}`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub documents: Vec<Document>,
    #[serde(default)]
    pub options: Options,
}

/// Runs a JSON request and returns the JSON response: the report, or
/// `{"schemaVersion":1,"error":{"message":...}}` when the request itself is unusable.
pub fn check_json(request: &[u8]) -> String {
    match decode_request(request) {
        Ok(req) => match check(&req.documents, &req.options) {
            Ok(report) => serde_json::to_string(&report).unwrap_or_else(|e| error_json(&e.to_string())),
            Err(message) => error_json(&message),
        },
        Err(message) => error_json(&message),
    }
}

/// The metadata of every rule, as JSON.
pub fn rules_json() -> String {
    serde_json::to_string(&rules()).unwrap_or_else(|e| error_json(&e.to_string()))
}

fn decode_request(bytes: &[u8]) -> Result<Request, String> {
    if bytes.len() > limits::MAX_REQUEST_BYTES {
        return Err(format!("request is {} bytes; the limit is {} bytes", bytes.len(), limits::MAX_REQUEST_BYTES));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("request is not UTF-8: {e}"))?;
    serde_json::from_str::<Request>(text).map_err(|e| format!("invalid request: {e}"))
}

fn error_json(message: &str) -> String {
    serde_json::json!({"schemaVersion": report::SCHEMA_VERSION, "error": {"message": message}}).to_string()
}
