//! Explicit input limits. Past one, the document gets a located error in the
//! report's `errors` and the other documents are still checked. `docs/limits.md`
//! lists them with what happens past each.

/// A whole JSON request (all documents, encoded), as `check_json` receives it.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;
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
