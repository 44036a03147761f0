//! Explicit input limits. Past one, the document gets a located error and the
//! others are still checked.

/// A whole request (all documents, JSON-encoded).
pub const MAX_REQUEST_BYTES: usize = 64 * 1024 * 1024;
/// One document's content.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;
/// Documents in one request.
pub const MAX_DOCUMENTS: usize = 10_000;
/// Parts of one multi-document YAML stream.
pub const MAX_STREAM_PARTS: usize = 1_000;
/// Nesting depth of YAML/JSON collections.
pub const MAX_DEPTH: usize = 64;
/// Nodes produced by expanding YAML aliases, per document (billion-laughs guard).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Words of one command line.
pub const MAX_ARGS: usize = 10_000;
