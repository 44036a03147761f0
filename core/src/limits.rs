//! Explicit input limits. Past one, the document gets a located error in the
//! report's `errors` and the other documents are still checked. `docs/limits.md`
//! lists them with what happens past each.

/// A whole JSON request (all documents, encoded), as `check_json` receives it. JSON
/// escapes a control byte in six (`\u0001`): a document within [`MAX_DOCUMENT_BYTES`]
/// always fits in a request of its own, so a host that splits its work can send any.
pub const MAX_REQUEST_BYTES: usize = 7 * MAX_DOCUMENT_BYTES;
/// All documents' contents together; documents past it are not read.
pub const MAX_TOTAL_BYTES: usize = 48 * 1024 * 1024;
/// One document's content.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// Documents in one request; documents past it are not read.
pub const MAX_DOCUMENTS: usize = 10_000;
/// Parts of one multi-document YAML stream (or command lines of one `ps` listing).
pub const MAX_STREAM_PARTS: usize = 1_000;
/// Nesting depth of YAML/JSON collections (block and flow alike; aliases count
/// where they are expanded).
pub const MAX_DEPTH: usize = 64;
/// YAML nodes (scalars and collections) of one document's stream: a tree of this size
/// takes about 100 MB, so one hostile document cannot exhaust the memory of the request.
/// Real configuration holds a few hundred; a large CRD bundle tens of thousands.
pub const MAX_YAML_NODES: usize = 250_000;
/// YAML nodes kept for checking across the request (trees of recognised configuration;
/// documents nothing reads are dropped after recognition). Past it, later documents
/// are not read.
pub const MAX_KEPT_YAML_NODES: usize = 1_000_000;
/// Errors listed per document; the rest are counted in one last error.
pub const MAX_ERRORS_PER_DOCUMENT: usize = 100;
/// Nodes copied for YAML anchors and expanded aliases, per document (billion-laughs guard).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Bytes of one command line: a logical line, a `/proc/<pid>/cmdline`, an
/// `ExecStart=`/`Environment=` line, and a component's argv after `$VAR` expansion.
/// Linux allows 128 KiB per argument; real kubelet command lines are a few KiB. Also the
/// bytes a static Pod container's `$(VAR)` references may substitute.
pub const MAX_COMMAND_LINE_BYTES: usize = 256 * 1024;
/// Words of one command line.
pub const MAX_ARGS: usize = 10_000;
/// Arguments of one component's assembled command line (all units, env files,
/// manifests and kubeadm extra args joined, after `$VAR` expansion).
pub const MAX_FLAGS: usize = 10_000;
/// `Environment=`, `EnvironmentFile=` and `ExecStart=` entries of one systemd unit file.
pub const MAX_UNIT_SETTINGS: usize = 1_000;
