//! The report contract (schema version 1). Hosts and tests depend on this shape:
//! extend it, never break it.

use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub benchmark: String,
    pub documents: Vec<DocumentInfo>,
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    /// Problems that do not stop a check (suppressions that are unused or lack a reason).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<InputError>,
    pub summary: Summary,
    /// The Kubernetes version whose defaults each checked component was judged by, and
    /// where it comes from (a kubeadm `kubernetesVersion`, an image tag, the request, or
    /// the assumption of the newest).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kubernetes_versions: Vec<KubernetesVersion>,
    /// Where the documents hold a credential (a password, a token, a key): a host that
    /// prints document text (a source snippet) masks these bytes. The report's own
    /// strings never hold them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub redactions: Vec<Redaction>,
    /// With `options.writeBaseline`: this report's failing and unknown findings as
    /// baseline entries, for the host to write to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Vec<crate::baseline::BaselineEntry>>,
}

/// Bytes `start..end` of a document's content that must not be shown.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Redaction {
    pub document: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KubernetesVersion {
    pub component: &'static str,
    pub documents: Vec<usize>,
    /// `1.31`.
    pub version: String,
    pub source: String,
    pub assumed: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub fn this() -> Tool {
        Tool { name: "kubecis", version: env!("CARGO_PKG_VERSION") }
    }
}

/// What one input document was recognised as.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentInfo {
    pub index: usize,
    pub name: String,
    /// The recognised kind, e.g. `KubeletConfiguration`, `CommandLine`, `Stream`, `Unknown`.
    pub kind: String,
    /// The component it configures, when it configures one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// For multi-document streams: the kind of each part, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartInfo>,
    /// Why a document is `Unknown`, or how it was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The node it was checked with, when the documents hold several nodes' file trees:
    /// the directory its tree starts at (`/` for a tree at the top). Absent when there
    /// is one node, or when it belongs to none (checked with the other loose documents).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartInfo {
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule: &'static str,
    /// The control id in the selected benchmark; absent when the benchmark has no such control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cis: Option<String>,
    pub status: Status,
    pub severity: Severity,
    pub automated: bool,
    pub title: String,
    pub component: &'static str,
    pub message: String,
    pub setting: Setting,
    /// The documents that make up the component instance this finding is about.
    pub documents: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub remediation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<&'static str, &'static str>,
    /// Set when an inline `kubecis: ignore[...]` comment covers the finding: it keeps its
    /// status but no longer counts in the summary's pass/fail/unknown, nor fails a run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
    /// Set when the request's baseline holds this finding: like a suppressed one, it
    /// keeps its status and counts in the summary's `baselined` instead.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub baselined: bool,
}

/// The evidence: the effective value of a setting and where it came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub origin: Origin,
    /// Lower-precedence sources that also set this value and were overridden.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<OverriddenValue>,
    /// Files that were referenced but not supplied, which leave the value unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OverriddenValue {
    pub value: String,
    pub origin: Origin,
    pub location: Location,
}

/// Which kind of source decided an effective value.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// An explicit command-line flag (also from a unit, env file, manifest or kubeadm extraArgs).
    Flag,
    /// A `--config-dir` drop-in file.
    DropIn,
    /// The `--config` file.
    Config,
    /// The live `/configz` output of a running kubelet.
    Configz,
    /// An `--authorization-config` / `--authentication-config` file.
    ConfigFile,
    /// The component's built-in default.
    Default,
    /// A value kubeadm sets when it generates the configuration.
    KubeadmDefault,
    /// Not known: a referenced source was not supplied.
    Unknown,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
    /// 0-based byte offset into the document's content.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Location {
    pub document: usize,
    pub start: Position,
    pub end: Position,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fix {
    pub description: String,
    /// Whether `kubecis fix --write` applies it without being asked.
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// How safe a fix is to apply, as ruff has it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps every client working that the benchmark means to keep working.
    Safe,
    /// Changes behaviour clients may rely on (turning anonymous auth off, removing an
    /// authorizer): applied only when asked (`--unsafe-fixes`).
    Unsafe,
    /// The edit lands in a snapshot (a `ps` listing, `/proc/<pid>/cmdline`, `/configz`)
    /// or cannot be made safely: shown, never applied.
    DisplayOnly,
}

/// Replace the bytes `start..end` of a document's content with `text`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Edit {
    pub document: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputError {
    pub document: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// Why a finding is suppressed, and where the comment that says so stands.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Suppressed {
    pub reason: String,
    pub location: Location,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub errors: usize,
    /// Findings an inline suppression covers (not counted in pass/fail/unknown).
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    #[serde(skip_serializing_if = "is_zero")]
    pub warnings: usize,
    /// Failing and unknown findings the request's baseline holds (not counted in
    /// fail/unknown).
    #[serde(skip_serializing_if = "is_zero")]
    pub baselined: usize,
    /// Baseline entries that matched no finding: fixed since the baseline was written.
    #[serde(skip_serializing_if = "is_zero", rename = "baselineFixed")]
    pub baseline_fixed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
