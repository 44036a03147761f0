//! Where the documents hold credentials. Three readings, whose spans are joined:
//!
//! - the command lines kubecis resolved: each sensitive flag's value, with its decoded
//!   value (quotes and `$(VAR)` expansions undone) for scrubbing the report;
//! - every document's YAML/JSON: a sensitive field's scalar, the `value` of a
//!   `{name, value}` pair whose name is sensitive (a container's `env`, kubeadm v1beta4
//!   `extraArgs`), everything under a `kind: Secret`'s `data` and `stringData`;
//! - every document's words, whatever it was recognised as (an unrecognised or broken
//!   one too): `--flag=value`, `--flag value` and `NAME=value` (env files,
//!   `Environment=`), and `key: value` lines of YAML that does not parse.

use crate::component::secrets::{field_is_sensitive, flag_is_sensitive, looks_secret};
use crate::resolve::Instance;
use crate::source::yaml::{parse_stream, Node, NodeKind};
use crate::source::Span;
use saphyr_parser::ScalarStyle;

pub struct Found {
    /// Sorted, disjoint, on character boundaries: (document, bytes).
    pub spans: Vec<(usize, Span)>,
    /// Credentials as the components read them, which the document text may not show
    /// verbatim.
    pub values: Vec<String>,
}

pub fn find(texts: &[&str], read: &[bool], instances: &[Instance]) -> Found {
    let mut spans = Vec::new();
    let mut values = Vec::new();
    for inst in instances {
        command_line(inst, &mut spans, &mut values);
    }
    for (doc, text) in texts.iter().enumerate().filter(|(i, _)| read.get(*i) == Some(&true)) {
        let mut found = Vec::new();
        words(text, &mut found);
        if may_hold_fields(text) {
            match parse_stream(text) {
                Ok(docs) => {
                    for d in &docs {
                        if let Some(root) = &d.root {
                            let secret_kind = root.get("kind").and_then(Node::as_str) == Some("Secret");
                            yaml(root, secret_kind, false, &mut found, &mut values);
                        }
                    }
                }
                Err(_) => yaml_lines(text, &mut found),
            }
        }
        spans.extend(found.into_iter().map(|s| (doc, s)));
    }
    Found { spans: merge(texts, spans), values }
}

/// The sensitive flags of a resolved command line.
fn command_line(inst: &Instance, spans: &mut Vec<(usize, Span)>, values: &mut Vec<String>) {
    let Some(argv) = &inst.argv else { return };
    for u in argv.flags.uses.iter().filter(|u| flag_is_sensitive(Some(inst.component), &u.name)) {
        values.push(u.value.clone());
        if let Some(arg) = u.value_at.and_then(|(w, s, e)| argv.args.get(w).map(|a| (a, s, e))) {
            let (arg, s, e) = arg;
            spans.push((arg.doc, arg.word.source_span(s, e)));
        }
    }
    for (name, value) in &argv.generated {
        if flag_is_sensitive(Some(inst.component), name) {
            values.push(value.clone());
        }
    }
}

/// A cheap test before parsing a document again: does it mention a sensitive name at all?
fn may_hold_fields(text: &str) -> bool {
    let squashed: String = text.chars().filter(|c| !matches!(c, '-' | '_')).flat_map(char::to_lowercase).collect();
    [
        "secret",
        "password",
        "passwd",
        "token",
        "credential",
        "keydata",
        "privatekey",
        "apikey",
        "accesskey",
        "certificatekey",
    ]
    .iter()
    .any(|w| squashed.contains(w))
}

fn yaml(node: &Node, secret_kind: bool, under_data: bool, out: &mut Vec<Span>, values: &mut Vec<String>) {
    match &node.kind {
        NodeKind::Scalar(_) if under_data => scalar(node, out, values),
        NodeKind::Scalar(_) => {}
        NodeKind::Seq { items, .. } => items.iter().for_each(|n| yaml(n, secret_kind, under_data, out, values)),
        NodeKind::Map { entries, .. } => {
            let named =
                node.get("name").and_then(Node::as_str).is_some_and(|n| looks_secret(n) || flag_is_sensitive(None, n));
            for (k, v) in entries {
                let key = k.as_str().unwrap_or("");
                let data = under_data || (secret_kind && matches!(key, "data" | "stringData"));
                if v.scalar().is_some() && (field_is_sensitive(key) || (named && key == "value")) {
                    scalar(v, out, values);
                } else {
                    yaml(v, secret_kind, data, out, values);
                }
            }
        }
    }
}

/// A credential scalar: its bytes inside the quotes; a switch or a null is none.
fn scalar(node: &Node, out: &mut Vec<Span>, values: &mut Vec<String>) {
    let Some(value) = node.as_str() else { return };
    if matches!(value, "" | "true" | "false" | "null" | "~") {
        return;
    }
    values.push(value.to_string());
    let quoted =
        node.scalar().is_some_and(|s| matches!(s.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted));
    if node.verbatim && quoted && node.span.len() >= 2 {
        out.push(Span::new(node.span.start + 1, node.span.end - 1));
    } else if node.verbatim {
        out.push(node.span);
    }
}

/// `key: value` lines of YAML that does not parse: the rest of the line, or the more
/// indented lines of a block scalar.
fn yaml_lines(text: &str, out: &mut Vec<Span>) {
    // A Secret's `data` and `stringData` hold nothing but credentials, as in `yaml`.
    let secret = text.lines().any(|l| {
        let l = l.trim();
        l.strip_prefix("kind:").is_some_and(|v| v.trim().trim_matches(|c| c == '"' || c == '\'') == "Secret")
    });
    let is_data = |key: &str| secret && matches!(key, "data" | "stringData");
    let mut offset = 0;
    let mut block: Option<usize> = None; // the indentation of the key whose block is masked
    let mut data: Option<usize> = None; // the indentation of a Secret's data key: every value below is masked
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        if let Some(key_indent) = block {
            if body.trim().is_empty() || indent > key_indent {
                out.push(Span::new(start + indent, start + body.len()));
                continue;
            }
            block = None;
        }
        let in_data = match data {
            Some(d) if body.trim().is_empty() || indent > d => true,
            _ => {
                data = None;
                false
            }
        };
        let rest = body.trim_start().trim_start_matches("- ").trim_start();
        let Some((key, value)) = rest.split_once(':') else {
            if in_data && !body.trim().is_empty() {
                out.push(Span::new(start + indent, start + body.len()));
            }
            continue;
        };
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        let is_key = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let sensitive = in_data || field_is_sensitive(key) || is_data(key);
        if !is_key || !sensitive || !(value.is_empty() || value.starts_with([' ', '\t'])) {
            continue;
        }
        let mut value_at = start + body.len() - value.len();
        let mut value = value;
        // A tag or an anchor before the value (`token: !!int abc`) is not the credential:
        // the value is what messages repeat ("cannot decode !!str `abc` as a !!int").
        loop {
            let lead = value.len() - value.trim_start().len();
            let rest = &value[lead..];
            if !rest.starts_with(['!', '&']) {
                break;
            }
            let Some(end) = rest.find([' ', '\t']) else { break };
            value_at += lead + end;
            value = &rest[end..];
        }
        let trimmed = value.trim();
        if trimmed.is_empty() && !in_data && is_data(key) {
            data = Some(indent);
        } else if trimmed.is_empty() || trimmed.starts_with(['|', '>']) {
            block = Some(indent);
        } else {
            let lead = value.len() - value.trim_start().len();
            out.push(Span::new(value_at + lead, value_at + lead + trimmed.trim_end_matches(',').len()));
        }
    }
}

/// Bytes before which a word starts.
fn boundary(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, 0 | b'"' | b'\'' | b'=' | b'[' | b',' | b'(' | b'{' | b';')
}

/// `--flag=value`, `--flag value` and `NAME=value` in any text.
fn words(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if i > 0 && !boundary(b[i - 1]) {
            i += 1;
            continue;
        }
        let name_char = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
        if b[i] == b'-' {
            let start = i + if b.get(i + 1) == Some(&b'-') { 2 } else { 1 };
            let end = start + b[start..].iter().take_while(|c| name_char(**c)).count();
            if end > start && b[start].is_ascii_alphabetic() && flag_is_sensitive(None, &text[start..end]) {
                let value = if b.get(end) == Some(&b'=') { Some(end + 1) } else { next_word(b, end) };
                if let Some(v) = value.map(|v| value_span(b, v)).filter(|v| !v.is_empty()) {
                    out.push(v);
                    i = v.end;
                    continue;
                }
            }
            i = end.max(i + 1);
        } else if b[i].is_ascii_uppercase() || b[i] == b'_' {
            // Environment variables are upper case by convention; a lower-case `Name=value`
            // is more often a feature gate or a map flag's entry than a variable.
            let env_char = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_';
            let end = i + b[i..].iter().take_while(|c| env_char(c)).count();
            if b.get(end) == Some(&b'=') && looks_secret(&text[i..end]) {
                let v = value_span(b, end + 1);
                if !v.is_empty() {
                    out.push(v);
                    i = v.end;
                    continue;
                }
            }
            // `=` is a boundary: `Environment=DB_PASSWORD=x` is read again from `DB_PASSWORD`.
            i = end;
        } else {
            i += 1;
        }
    }
}

/// Where the word after a flag written without `=` starts: past the quote that closes
/// the flag's own string, blanks, commas and a YAML list's `- `; none when it is
/// another flag.
fn next_word(b: &[u8], mut i: usize) -> Option<usize> {
    if b.get(i).is_some_and(|c| matches!(c, b'"' | b'\'')) {
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() || matches!(c, 0 | b',') => i += 1,
            b'-' if b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => i += 1,
            b'-' => return None,
            b'"' | b'\'' if b.get(i + 1) == Some(&b'-') => return None,
            _ => return Some(i),
        }
    }
    None
}

/// A value starting at `start`: inside its quotes, or up to a blank or a quote (a JSON
/// string's end), backslash escapes included; a flow list's `,` after it is not part of it.
fn value_span(b: &[u8], start: usize) -> Span {
    if let Some(&q) = b.get(start).filter(|c| matches!(c, b'"' | b'\'')) {
        let len = b[start + 1..].iter().take_while(|c| **c != q && **c != b'\n').count();
        return Span::new(start + 1, start + 1 + len);
    }
    let mut end = start;
    while end < b.len() && !(b[end].is_ascii_whitespace() || matches!(b[end], 0 | b'"' | b'\'')) {
        end += if b[end] == b'\\' { 2 } else { 1 };
    }
    let end = end.min(b.len());
    let mut trimmed = end;
    while trimmed > start && matches!(b[trimmed - 1], b',' | b']' | b'}') && (end == b.len() || b[end] != b'"') {
        trimmed -= 1;
    }
    Span::new(start, trimmed)
}

/// Spans sorted and joined per document, inside the document and on character boundaries.
fn merge(texts: &[&str], mut spans: Vec<(usize, Span)>) -> Vec<(usize, Span)> {
    spans.retain(|(doc, s)| {
        texts.get(*doc).is_some_and(|t| {
            s.start < s.end && s.end <= t.len() && t.is_char_boundary(s.start) && t.is_char_boundary(s.end)
        })
    });
    spans.sort();
    let mut out: Vec<(usize, Span)> = Vec::new();
    for (doc, s) in spans {
        match out.last_mut() {
            Some((d, last)) if *d == doc && s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push((doc, s)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let found = find(&[text], &[true], &[]);
        let mut out = text.to_string();
        for (_, s) in found.spans.iter().rev() {
            out.replace_range(s.start..s.end, "*");
        }
        out
    }

    #[test]
    fn flags_and_variables_in_any_text() {
        assert_eq!(
            masked("kube-apiserver --oidc-client-secret=s3cr3t --token-auth-file=/etc/t.csv --x-password 'a b' --v=2"),
            "kube-apiserver --oidc-client-secret=* --token-auth-file=/etc/t.csv --x-password '*' --v=2"
        );
        assert_eq!(
            masked("Environment=\"DB_PASSWORD=hunter2\" \"KUBECONFIG=/x\"\n"),
            "Environment=\"DB_PASSWORD=*\" \"KUBECONFIG=/x\"\n"
        );
        assert_eq!(masked("ETCD_INITIAL_CLUSTER_TOKEN=abc\n"), "ETCD_INITIAL_CLUSTER_TOKEN=*\n");
        assert_eq!(masked("[\"--bootstrap-token=abc.def\", \"--v=2\"]"), "[\"--bootstrap-token=*\", \"--v=2\"]");
        assert_eq!(masked("etcd\0--initial-cluster-token\0tok\0"), "etcd\0--initial-cluster-token\0*\0");
    }

    #[test]
    fn yaml_fields() {
        let kubeadm = "kind: InitConfiguration\nbootstrapTokens:\n- token: \"abcdef.0123456789abcdef\"\n  ttl: 24h\ncertificateKey: e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204\n";
        assert_eq!(
            masked(kubeadm),
            "kind: InitConfiguration\nbootstrapTokens:\n- token: \"*\"\n  ttl: 24h\ncertificateKey: *\n"
        );
        let pod = "env:\n- name: DB_PASSWORD\n  value: hunter2\n- name: MODE\n  value: fast\n";
        assert_eq!(masked(pod), "env:\n- name: DB_PASSWORD\n  value: *\n- name: MODE\n  value: fast\n");
        let broken = "users:\n- user:\n    client-key-data: LS0tLS1\n    token: [\n";
        assert_eq!(masked(broken), "users:\n- user:\n    client-key-data: *\n    token: *\n");
    }
}
