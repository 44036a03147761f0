//! Fix edits: byte edits that change only the offending span, or insert the missing
//! key or flag, written the way the surrounding text is written (its quoting, its
//! indentation, JSON or YAML), so that every other byte stays as it was.

use crate::component::{Kind, Setting};
use crate::recognise::KubeletConfig;
use crate::report::{Applicability, Edit, Fix};
use crate::resolve::{At, ConfigSource, Instance, NodeStyle, Resolved, Source};
use crate::source::yaml::{resolve_plain, Tagged};
use saphyr_parser::ScalarStyle;

/// The documents' texts, for fixes that need to look at the source.
pub struct Ctx<'a> {
    pub texts: &'a [&'a str],
    /// Documents that are snapshots of a running process (a `ps` listing, a
    /// `/proc/<pid>/cmdline`, `/configz`): an edit there changes nothing on the node.
    pub snapshots: &'a [bool],
    /// The selected benchmark version, for the few controls whose wording moved.
    pub benchmark: &'a str,
}

impl Ctx<'_> {
    fn text(&self, doc: usize) -> &str {
        self.texts.get(doc).copied().unwrap_or("")
    }

    /// A fix of these edits: display-only when an edit lands in a snapshot.
    pub fn fix(&self, description: String, mut edits: Vec<Edit>, applicability: Applicability) -> Option<Fix> {
        // An edit that writes what is already there changes nothing.
        edits.retain(|e| self.text(e.document).get(e.start..e.end) != Some(e.text.as_str()));
        if edits.is_empty() {
            return None;
        }
        // New lines end the way the document's lines end (a CRLF file stays CRLF).
        for e in &mut edits {
            let text = self.text(e.document);
            if uses_crlf(text) && e.text.contains('\n') {
                e.text = e.text.replace("\r\n", "\n").replace('\n', "\r\n");
                // Inserted between a line's \r and its \n, a \r\n would split the pair.
                if text.as_bytes().get(e.start.wrapping_sub(1)) == Some(&b'\r') && e.start == e.end {
                    return None;
                }
            }
        }
        let snapshot = edits.iter().any(|e| self.snapshots.get(e.document).copied().unwrap_or(false));
        let applicability = if snapshot { Applicability::DisplayOnly } else { applicability };
        Some(Fix { description, applicability, edits })
    }

    /// Replaces the value written at `at` with `value`, keeping its quoting style.
    pub fn replace(&self, at: &At, s: &Setting, value: &str) -> Option<Edit> {
        match at {
            At::Flag { doc, value: Some(span), .. } => {
                Some(Edit { document: *doc, start: span.start, end: span.end, text: value.to_string() })
            }
            // Its value came through `$(VAR)`: a new literal would silently replace the reference.
            At::Flag { expanded: true, .. } => None,
            At::Flag { doc, whole, .. } => {
                let text = self.text(*doc);
                let raw = text.get(whole.start..whole.end)?;
                let quote =
                    raw.chars().next().filter(|c| (*c == '"' || *c == '\'') && raw.len() > 1 && raw.ends_with(*c));
                // Only a flag written as words of a command line is rewritten whole (kubeadm's
                // name/value pairs are YAML, not a word).
                if !raw.trim_start_matches(['"', '\'']).starts_with('-') {
                    return None;
                }
                let new = match quote {
                    Some(q) => format!("{q}--{}={value}{q}", s.flag),
                    None => format!("--{}={value}", s.flag),
                };
                Some(Edit { document: *doc, start: whole.start, end: whole.end, text: new })
            }
            At::Node { doc, span, style } => {
                let text = match style {
                    // A list is replaced whole only where it is written in flow style.
                    _ if is_list(s.kind) => {
                        let raw = self.text(*doc).get(span.start..span.end)?;
                        raw.starts_with('[').then(|| flow_list(value, raw.contains('"')))?
                    }
                    NodeStyle::Opaque => return None,
                    NodeStyle::SingleQuoted if is_string(s.kind) => format!("'{}'", value.replace('\'', "''")),
                    NodeStyle::DoubleQuoted if is_string(s.kind) => json_string(value),
                    _ => yaml_scalar(s.kind, value),
                };
                Some(Edit { document: *doc, start: span.start, end: span.end, text })
            }
            At::Item { .. } => None,
        }
    }

    /// Removes a flag: its words with the space before them on a command line, or its whole
    /// line where it is a list item of its own (a static Pod's `- --flag=value`).
    pub fn remove_flag(&self, at: &At) -> Option<Edit> {
        let At::Flag { doc, whole, .. } = at else { return None };
        let text = self.text(*doc);
        let raw = text.get(whole.start..whole.end)?;
        if !raw.trim_start_matches(['"', '\'']).starts_with('-') {
            return None;
        }
        let line_start = text[..whole.start].rfind('\n').map_or(0, |i| i + 1);
        let lead = &text[line_start..whole.start];
        let item = lead.trim_start().strip_prefix('-').is_some_and(|rest| rest.trim().is_empty());
        let line_end = text[whole.end..].find('\n').map_or(text.len(), |i| whole.end + i);
        if item && text[whole.end..line_end].trim().is_empty() {
            let end = (line_end + 1).min(text.len());
            return Some(Edit { document: *doc, start: line_start, end, text: String::new() });
        }
        let before = text[..whole.start].trim_end_matches([' ', '\t']);
        (before.len() < whole.start).then(|| Edit {
            document: *doc,
            start: before.len(),
            end: whole.end,
            text: String::new(),
        })
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

    /// Removes `item` from the comma-separated list written at `span` (a flag's value),
    /// with one of the commas around it.
    pub fn remove_list_item(&self, doc: usize, span: crate::source::Span, item: &str) -> Option<Edit> {
        let text = self.text(doc).get(span.start..span.end)?;
        let mut offset = 0;
        let pieces: Vec<(usize, &str)> = text
            .split(',')
            .map(|p| {
                let at = offset;
                offset += p.len() + 1;
                (at, p)
            })
            .collect();
        let i = pieces.iter().position(|(_, p)| *p == item)?;
        let (at, p) = pieces[i];
        let (start, end) = if i + 1 < pieces.len() {
            (at, at + p.len() + 1)
        } else if i > 0 {
            (at - 1, at + p.len())
        } else {
            (at, at + p.len())
        };
        Some(Edit { document: doc, start: span.start + start, end: span.start + end, text: String::new() })
    }

    /// Sets a setting to `value` where its effective value comes from: the flag or
    /// config value in place; where a default applies, a new key in the config file the
    /// component reads, or else a new flag.
    pub fn set(&self, inst: &Instance, r: &Resolved, s: &Setting, value: &str, a: Applicability) -> Option<Fix> {
        let (edit, description) = match r.sources.as_slice() {
            [src @ Source { at: At::Node { .. }, .. }] => {
                (self.replace(&src.at, s, value)?, format!("set {} to {value}", s.dotted()?))
            }
            [src] => (self.replace(&src.at, s, value)?, format!("set --{}={value}", s.flag)),
            [] => match (&inst.config, s.config) {
                (ConfigSource::File(c) | ConfigSource::Assumed(c), Some(path)) => (
                    self.insert_key(c.doc, &c.config, path, s.kind, value)?,
                    format!("add {}: {value} to the config file", path.join(".")),
                ),
                (ConfigSource::Configz(_) | ConfigSource::KubeadmDefault, _) => return None,
                _ => (self.insert_flag(inst, s.flag, value)?, format!("add --{}={value}", s.flag)),
            },
            // A list flag given several times appends (pflag string slices): the first
            // takes the whole value and the later ones go.
            [first, rest @ ..] if is_list(s.kind) && r.sources.iter().all(|src| matches!(src.at, At::Flag { .. })) => {
                let mut edits = vec![self.replace(&first.at, s, value)?];
                for src in rest {
                    edits.push(self.remove_flag(&src.at)?);
                }
                return self.fix(format!("set --{}={value} (once)", s.flag), edits, a);
            }
            // Several sources make the value: no single edit decides it.
            _ => return None,
        };
        self.fix(description, vec![edit], a)
    }

    /// Sets one feature gate: its `Gate=value` inside the `--feature-gates` list, or its
    /// entry of a config file's `featureGates`; where nothing sets it, a new entry.
    pub fn set_gate(
        &self,
        inst: &Instance,
        r: &Resolved,
        s: &Setting,
        gate: &str,
        value: &str,
        a: Applicability,
    ) -> Option<Fix> {
        let edit = match r.sources.as_slice() {
            [Source { at: At::Flag { doc, value: Some(span), .. }, .. }] => {
                let text = self.text(*doc).get(span.start..span.end)?;
                let mut offset = 0;
                let mut found = None;
                for item in text.split(',') {
                    if let Some((k, v)) = item.split_once('=') {
                        if k.trim() == gate {
                            let start = offset + k.len() + 1;
                            found = Some((start, start + v.len()));
                        }
                    }
                    offset += item.len() + 1;
                }
                let (start, end) = found?;
                Edit { document: *doc, start: span.start + start, end: span.start + end, text: value.to_string() }
            }
            [src @ Source { at: At::Node { .. }, .. }] => self.replace(&src.at, s, value)?,
            [] => match (&inst.config, s.config) {
                (ConfigSource::File(c) | ConfigSource::Assumed(c), Some(path)) => {
                    let mut full: Vec<&str> = path.to_vec();
                    full.push(gate);
                    self.insert_key(c.doc, &c.config, &full, Kind::Bool, value)?
                }
                (ConfigSource::Configz(_) | ConfigSource::KubeadmDefault, _) => return None,
                _ => self.insert_flag(inst, s.flag, &format!("{gate}={value}"))?,
            },
            _ => return None,
        };
        self.fix(format!("set the {gate} feature gate to {value}"), vec![edit], a)
    }

    /// Adds `--flag=value` where the instance's command line can take a new flag.
    pub fn insert_flag(&self, inst: &Instance, flag: &str, value: &str) -> Option<Edit> {
        let (doc, ins) = inst.argv.as_ref()?.insert.as_ref()?;
        Some(Edit { document: *doc, start: ins.offset, end: ins.offset, text: ins.text(&format!("--{flag}={value}")) })
    }

    /// Adds `path: value` to a config document, under the deepest mapping of the path it
    /// already has, in that mapping's style (block YAML, flow YAML or JSON).
    pub fn insert_key(
        &self,
        doc: usize,
        config: &KubeletConfig,
        path: &[&str],
        kind: Kind,
        value: &str,
    ) -> Option<Edit> {
        let text = self.text(doc);
        let mut parent = &config.root;
        let mut depth = 0;
        while depth + 1 < path.len() {
            match parent.get(path[depth]) {
                Some(next) if next.entries().is_some() => parent = next,
                Some(next) if !next.is_null() => return None,
                _ => break,
            }
            depth += 1;
        }
        if !parent.verbatim {
            return None;
        }
        let rest = &path[depth..];
        let entries = parent.entries()?;
        if parent.is_flow() {
            // Written like this mapping's keys (an empty one: like the document's top-level keys).
            let sample = entries.first().or(config.root.entries().and_then(|e| e.first()));
            let json = sample.is_some_and(|(k, _)| k.scalar().is_some_and(|s| s.style == ScalarStyle::DoubleQuoted));
            let key = |k: &str| if json { json_string(k) } else { k.to_string() };
            let leaf = if json { json_value(kind, value) } else { yaml_scalar(kind, value) };
            let mut entry = format!("{}: {leaf}", key(rest[rest.len() - 1]));
            for k in rest[..rest.len() - 1].iter().rev() {
                entry = format!("{}: {{{entry}}}", key(k));
            }
            return Some(match entries.last() {
                None => {
                    let brace = parent.span.start;
                    (text.as_bytes().get(brace) == Some(&b'{')).then_some(())?;
                    Edit { document: doc, start: brace + 1, end: brace + 1, text: entry }
                }
                Some((k, v)) => {
                    let at = v.written_end();
                    let multi_line = text[parent.span.start..k.span.start].contains('\n');
                    let sep =
                        if multi_line { format!(",\n{}", " ".repeat(column(text, k.span.start))) } else { ", ".into() };
                    Edit { document: doc, start: at, end: at, text: format!("{sep}{entry}") }
                }
            });
        }
        let (last_key, last_value) = entries.last()?;
        let indent = column(text, last_key.span.start);
        // After the last entry's last line (and any comment on it).
        let end = last_value.written_end().max(last_key.written_end());
        // A block scalar (`|`, `>`) ends after its last line break, at the start of the
        // next line (a `---`, another document): the new lines go right there, before it.
        if end > 0 && text.as_bytes()[end - 1] == b'\n' {
            let newline = if text[..end].ends_with("\r\n") { "\r\n" } else { "\n" };
            let mut out = String::new();
            for (i, k) in rest.iter().enumerate() {
                out.push_str(&" ".repeat(indent + 2 * i));
                out.push_str(k);
                out.push(':');
                if i + 1 == rest.len() {
                    out.push(' ');
                    out.push_str(&yaml_scalar(kind, value));
                }
                out.push_str(newline);
            }
            return Some(Edit { document: doc, start: end, end, text: out });
        }
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let (at, newline) = match text[..line_end].strip_suffix('\r') {
            Some(before) => (before.len(), "\r\n"),
            None => (line_end, "\n"),
        };
        let mut out = String::new();
        for (i, k) in rest.iter().enumerate() {
            out.push_str(newline);
            out.push_str(&" ".repeat(indent + 2 * i));
            out.push_str(k);
            out.push(':');
            if i + 1 == rest.len() {
                out.push(' ');
                out.push_str(&yaml_scalar(kind, value));
            }
        }
        Some(Edit { document: doc, start: at, end: at, text: out })
    }
}

/// Whether the document's first line break is CRLF.
fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

fn is_list(kind: Kind) -> bool {
    matches!(kind, Kind::List | Kind::Array)
}

/// `A,B` as a flow sequence, `[A, B]`, or JSON's `["A", "B"]`.
fn flow_list(value: &str, json: bool) -> String {
    let items: Vec<String> =
        value.split(',').map(|i| if json { json_string(i) } else { yaml_scalar(Kind::String, i) }).collect();
    format!("[{}]", items.join(", "))
}

fn is_string(kind: Kind) -> bool {
    matches!(kind, Kind::String | Kind::Value | Kind::Duration)
}

/// The 0-based column (in bytes) of `offset` on its line.
fn column(text: &str, offset: usize) -> usize {
    offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// A value as a YAML scalar of the setting's type: plain where go-yaml v2 reads the
/// plain text back as that type, double-quoted otherwise.
fn yaml_scalar(kind: Kind, value: &str) -> String {
    if is_list(kind) {
        return flow_list(value, false);
    }
    if !is_string(kind) {
        return value.to_string();
    }
    let plain_ok = matches!(resolve_plain(value), Tagged::String(_))
        && !value.is_empty()
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(' ');
    if plain_ok {
        value.to_string()
    } else {
        json_string(value)
    }
}

fn json_value(kind: Kind, value: &str) -> String {
    if is_list(kind) {
        return flow_list(value, true);
    }
    if is_string(kind) {
        json_string(value)
    } else {
        value.to_string()
    }
}

fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::ConfigForm;
    use crate::source::yaml::parse_stream;

    fn insert(text: &str, path: &[&str], kind: Kind, value: &str) -> Option<String> {
        let root = parse_stream(text).unwrap().remove(0).root.unwrap();
        let config = KubeletConfig { root, form: ConfigForm::File, repeated: None };
        let ctx = Ctx { texts: &[text], snapshots: &[false], benchmark: "cis-1.12" };
        let e = ctx.insert_key(0, &config, path, kind, value)?;
        Some(format!("{}{}{}", &text[..e.start], e.text, &text[e.end..]))
    }

    #[test]
    fn a_key_goes_under_the_deepest_mapping_it_has() {
        let text = "kind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true # keep\nclusterDomain: cluster.local\n";
        assert_eq!(
            insert(text, &["authentication", "anonymous", "enabled"], Kind::Bool, "false").unwrap(),
            "kind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true # keep\n  anonymous:\n    enabled: false\nclusterDomain: cluster.local\n"
        );
        assert_eq!(
            insert(text, &["protectKernelDefaults"], Kind::Bool, "true").unwrap(),
            format!("{text}protectKernelDefaults: true\n").replacen("\n", "\n", 1)
        );
    }

    #[test]
    fn a_key_after_a_block_scalar_goes_before_the_next_line() {
        // The scalar's span ends at the start of the next line: the key goes there, not
        // after the `---` into the next document, and a kept (`|+`) scalar keeps its lines.
        let text = "kind: KubeletConfiguration\nstaticPodPath: |\n  /etc/kubernetes/manifests\n---\nkind: ConfigMap\n";
        assert_eq!(
            insert(text, &["seccompDefault"], Kind::Bool, "true").unwrap(),
            "kind: KubeletConfiguration\nstaticPodPath: |\n  /etc/kubernetes/manifests\nseccompDefault: true\n---\nkind: ConfigMap\n"
        );
        let kept = "kind: KubeletConfiguration\nstaticPodPath: |+\n  /etc/kubernetes/manifests\n\n\n";
        let out = insert(kept, &["seccompDefault"], Kind::Bool, "true").unwrap();
        assert_eq!(out, format!("{kept}seccompDefault: true\n"));
        let before = parse_stream(kept).unwrap().remove(0).root.unwrap();
        let after = parse_stream(&out).unwrap().remove(0).root.unwrap();
        assert_eq!(before.get("staticPodPath").unwrap().as_str(), after.get("staticPodPath").unwrap().as_str());
        let nested = "authentication:\n  x509:\n    clientCAFile: >-\n      /etc/ca\n...\n";
        assert_eq!(
            insert(nested, &["authentication", "anonymous", "enabled"], Kind::Bool, "false").unwrap(),
            "authentication:\n  x509:\n    clientCAFile: >-\n      /etc/ca\n  anonymous:\n    enabled: false\n...\n"
        );
    }

    #[test]
    fn json_and_flow_styles_are_kept() {
        let json =
            "{\n  \"kind\": \"KubeletConfiguration\",\n  \"authentication\": {\"webhook\": {\"enabled\": true}}\n}\n";
        assert_eq!(
            insert(json, &["readOnlyPort"], Kind::Int32, "0").unwrap(),
            "{\n  \"kind\": \"KubeletConfiguration\",\n  \"authentication\": {\"webhook\": {\"enabled\": true}},\n  \"readOnlyPort\": 0\n}\n"
        );
        assert_eq!(
            insert(json, &["authentication", "x509", "clientCAFile"], Kind::String, "/etc/kubernetes/pki/ca.crt").unwrap(),
            "{\n  \"kind\": \"KubeletConfiguration\",\n  \"authentication\": {\"webhook\": {\"enabled\": true}, \"x509\": {\"clientCAFile\": \"/etc/kubernetes/pki/ca.crt\"}}\n}\n"
        );
        let flow = "{kind: KubeletConfiguration, authentication: {}}\n";
        assert_eq!(
            insert(flow, &["authentication", "anonymous", "enabled"], Kind::Bool, "false").unwrap(),
            "{kind: KubeletConfiguration, authentication: {anonymous: {enabled: false}}}\n"
        );
    }

    #[test]
    fn a_flag_that_came_through_a_reference_is_not_rewritten_whole() {
        let text = "- --profiling=$(PROFILING)\n";
        let ctx = Ctx { texts: &[text], snapshots: &[false], benchmark: "cis-1.12" };
        let s = crate::component::Component::KubeApiserver.setting("profiling").unwrap();
        let at = |expanded| At::Flag {
            doc: 0,
            name: "profiling".into(),
            whole: crate::source::Span::new(2, 26),
            value: None,
            expanded,
        };
        assert_eq!(ctx.replace(&at(true), s, "false"), None);
        assert_eq!(ctx.replace(&at(false), s, "false").unwrap().text, "--profiling=false");
    }

    #[test]
    fn a_parent_that_is_not_a_mapping_takes_no_key() {
        let text = "kind: KubeletConfiguration\nauthentication: [x]\n";
        assert_eq!(insert(text, &["authentication", "anonymous", "enabled"], Kind::Bool, "false"), None);
    }

    #[test]
    fn strings_that_would_read_as_another_type_are_quoted() {
        assert_eq!(yaml_scalar(Kind::String, "0"), "\"0\"");
        assert_eq!(yaml_scalar(Kind::String, "true"), "\"true\"");
        assert_eq!(yaml_scalar(Kind::String, "Webhook"), "Webhook");
        assert_eq!(yaml_scalar(Kind::Duration, "4h0m0s"), "4h0m0s");
        assert_eq!(yaml_scalar(Kind::String, "a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar(Kind::Int32, "0"), "0");
    }
}
