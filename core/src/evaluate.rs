//! Evaluate: a rule's outcome over resolved settings, and the fixes that would make
//! it pass.

use crate::report::{Edit, Fix};
use crate::resolve::{At, Instance, KubeletSetting, NodeStyle, Resolved, Source};

/// What a rule concluded about one component instance.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub status: crate::report::Status,
    pub message: String,
    /// The setting's name in the report's evidence (config path, or flag for flag-only settings).
    pub setting: String,
    pub flag: String,
    pub resolved: Resolved,
    /// Where the finding points.
    pub at: Option<(usize, crate::source::Span)>,
    pub fix: Option<Fix>,
}

/// The documents' texts, for fixes that need to look at the source.
pub struct Ctx<'a> {
    pub texts: &'a [&'a str],
}

impl Ctx<'_> {
    fn text(&self, doc: usize) -> &str {
        self.texts.get(doc).copied().unwrap_or("")
    }

    /// Replaces the value written at `at` with `value`, keeping its quoting style.
    pub fn replace(&self, at: &At, flag: &str, value: &str) -> Option<Edit> {
        match at {
            At::Flag { doc, value: Some(span), .. } => {
                Some(Edit { document: *doc, start: span.start, end: span.end, text: value.to_string() })
            }
            At::Flag { doc, whole, .. } => {
                let text = self.text(*doc);
                let raw = text.get(whole.start..whole.end)?;
                let quote =
                    raw.chars().next().filter(|c| (*c == '"' || *c == '\'') && raw.len() > 1 && raw.ends_with(*c));
                let new = match quote {
                    Some(q) => format!("{q}--{flag}={value}{q}"),
                    None => format!("--{flag}={value}"),
                };
                Some(Edit { document: *doc, start: whole.start, end: whole.end, text: new })
            }
            At::Node { doc, span, style } => {
                let is_bool = matches!(value, "true" | "false");
                let text = match style {
                    NodeStyle::Opaque => return None,
                    _ if is_bool => value.to_string(),
                    NodeStyle::Plain => value.to_string(),
                    NodeStyle::SingleQuoted => format!("'{value}'"),
                    NodeStyle::DoubleQuoted => format!("\"{value}\""),
                };
                Some(Edit { document: *doc, start: span.start, end: span.end, text })
            }
            At::Item { .. } => None,
        }
    }

    /// Removes a block list item with its lines: from the start of the line of its
    /// `-` to the end of its last line.
    pub fn remove_item(&self, at: &At) -> Option<Edit> {
        let At::Item { doc, item, .. } = at else { return None };
        let text = self.text(*doc);
        let start = text[..item.start].rfind('\n').map_or(0, |i| i + 1);
        if !text[start..item.start].trim_start().starts_with('-') {
            return None;
        }
        let end = text[item.end..].find('\n').map_or(text.len(), |i| item.end + i + 1);
        Some(Edit { document: *doc, start, end, text: String::new() })
    }

    /// Sets a kubelet setting to `value` where its effective value comes from: the flag
    /// or config value in place, or a new flag where a default applies.
    pub fn set_kubelet(&self, inst: &Instance, r: &Resolved, s: &KubeletSetting, value: &str) -> Option<Fix> {
        let (edit, description) = match r.sources.first() {
            Some(src @ Source { at: At::Node { .. }, .. }) => {
                (self.replace(&src.at, s.flag, value)?, format!("set {} to {value}", s.dotted()))
            }
            Some(src) => (self.replace(&src.at, s.flag, value)?, format!("set --{}={value}", s.flag)),
            None => (self.insert_flag(inst, s.flag, value)?, format!("set --{}={value}", s.flag)),
        };
        Some(Fix { description, edits: vec![edit] })
    }

    /// Adds `--flag=value` where the instance's command line can take a new flag.
    pub fn insert_flag(&self, inst: &Instance, flag: &str, value: &str) -> Option<Edit> {
        let (doc, ins) = inst.argv.as_ref()?.insert.as_ref()?;
        Some(Edit { document: *doc, start: ins.offset, end: ins.offset, text: ins.text(&format!("--{flag}={value}")) })
    }
}
