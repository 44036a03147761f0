//! The request every host sends: documents and options, decoded from JSON.

use crate::limits;
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
    /// Sent with an empty `content` by a host that split its documents over several
    /// requests: this one is checked in another, and is listed here only so that every
    /// request numbers the documents alike. It is not read, and nothing refers to it.
    #[serde(default)]
    pub elsewhere: bool,
    /// Sent with an empty `content` by a host that could not have it checked (the check
    /// of it alone ran out of time or memory): the report lists it with this reason.
    #[serde(default)]
    pub unchecked: Option<String>,
}

impl Document {
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> Document {
        Document { name: name.into(), content: content.into(), size: None, elsewhere: false, unchecked: None }
    }
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Benchmark version such as `cis-1.12` (or `1.12`, `v1.12`); the newest when absent.
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
    /// Report only these rules: slugs, or CIS ids of the selected benchmark (a section
    /// such as `4.2` selects `4.2.*`). Empty: every rule.
    #[serde(default)]
    pub select: Vec<String>,
    /// Leave out these rules (slugs or CIS ids, as `select`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The Kubernetes version whose defaults apply (`1.31`, `v1.31.2`), when the
    /// documents do not say it.
    #[serde(default)]
    pub kubernetes_version: Option<String>,
    /// Findings recorded earlier (`kubecis check --baseline`): a failing or unknown
    /// finding that matches one is reported as `baselined` and fails nothing.
    #[serde(default)]
    pub baseline: Vec<crate::baseline::BaselineEntry>,
    /// Put the baseline of this report's findings in `baseline` of the report.
    #[serde(default)]
    pub write_baseline: bool,
    /// Leave passing findings out of `findings` (the summary still counts them): for a
    /// host that does not show them, so that a report of many documents stays small.
    #[serde(default)]
    pub omit_passes: bool,
}

/// The request every host sends: `{"documents":[{"name","content"}],"options":{...}}`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub documents: Vec<Document>,
    #[serde(default)]
    pub options: Options,
}

pub fn decode(bytes: &[u8]) -> Result<Request, String> {
    if bytes.len() > limits::MAX_REQUEST_BYTES {
        return Err(format!("request is {} bytes; the limit is {} bytes", bytes.len(), limits::MAX_REQUEST_BYTES));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("request is not UTF-8: {e}"))?;
    serde_json::from_str::<Request>(text).map_err(|e| format!("invalid request: {e}"))
}
