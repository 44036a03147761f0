//! Credentials and terminals: the last step of a check. The documents a report is about
//! hold passwords and tokens next to the settings the rules read, and names and words a
//! terminal would obey (ESC, CR, bidi overrides). Every decision is made here, so every
//! host renders the same safe report:
//!
//! - [`spans`] finds where the documents hold a credential (the values of the flags,
//!   fields and variables [`crate::component::secrets`] names) and the report lists
//!   them as `redactions`: a host that prints document text masks those bytes.
//! - [`scrub`] replaces those values wherever the report repeats them (messages,
//!   evidence, errors, notes) with [`MASK`], and escapes control characters in every
//!   string of the report, document names included.
//!
//! Fix edits are left as they are: they are written into the files, and only ever
//! rewrite the setting a rule reads, which is no credential.

pub mod scrub;
pub mod spans;

pub use scrub::{quote, terminal_safe};

use crate::report::{Redaction, Report};
use crate::resolve::Instance;

/// What a credential is shown as.
pub const MASK: &str = "••••";

/// Masks the credentials of `texts` (the documents, `read[i]` when document `i` was read)
/// in `report` and lists where they are.
pub fn apply(report: &mut Report, texts: &[&str], read: &[bool], instances: &[Instance]) {
    let found = spans::find(texts, read, instances);
    let mut secrets: Vec<String> = found.values.clone();
    for (doc, span) in &found.spans {
        let raw = &texts[*doc][span.start..span.end];
        secrets.push(raw.trim_matches(|c| c == '"' || c == '\'').to_string());
    }
    scrub::report(report, &scrub::Secrets::new(secrets));
    report.redactions =
        found.spans.iter().map(|(doc, span)| Redaction { document: *doc, start: span.start, end: span.end }).collect();
}
