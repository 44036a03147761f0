//! Source text utilities shared by the recognisers: positions, YAML with spans,
//! shell words with spans.

pub mod go;
pub mod shell;
pub mod text;
pub mod yaml;

pub use text::{LineIndex, Span};
