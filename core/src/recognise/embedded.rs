//! YAML held in a string of another YAML/JSON document: the `kubelet-config`
//! ConfigMap's `data.kubelet`. The inner document is parsed on its own and its
//! spans are mapped back to the outer document's bytes.

use crate::source::yaml::{parse_stream, Node, NodeKind, YamlDocument, YamlError};
use crate::source::Span;
use saphyr_parser::ScalarStyle;

/// Parses the string scalar `node` of `text` as YAML, with spans in `text`.
pub fn parse_embedded(text: &str, node: &Node) -> Result<Vec<YamlDocument>, YamlError> {
    let Some(scalar) = node.scalar() else {
        return Err(YamlError { message: "not a string".into(), span: node.span });
    };
    let map = offset_map(text, node.span, &scalar.value, scalar.style);
    let mut docs = parse_stream(&scalar.value)
        .map_err(|e| YamlError { message: e.message, span: remap(&map, node.span, e.span) })?;
    for doc in &mut docs {
        doc.span = remap(&map, node.span, doc.span);
        for d in &mut doc.duplicates {
            d.first = remap(&map, node.span, d.first);
            d.again = remap(&map, node.span, d.again);
        }
        if let Some(root) = &mut doc.root {
            remap_node(text, &scalar.value, &map, node.span, root);
        }
    }
    Ok(docs)
}

fn remap(map: &Option<Vec<usize>>, outer: Span, inner: Span) -> Span {
    match map {
        Some(m) => {
            let start = m[inner.start.min(m.len() - 1)];
            let end = if inner.end > inner.start { m[(inner.end - 1).min(m.len() - 1)] + 1 } else { start };
            Span::new(start, end.max(start))
        }
        None => outer,
    }
}

fn remap_node(outer_text: &str, inner_text: &str, map: &Option<Vec<usize>>, outer: Span, node: &mut Node) {
    let inner_span = node.span;
    node.span = remap(map, outer, inner_span);
    node.verbatim = outer_text.get(node.span.start..node.span.end) == inner_text.get(inner_span.start..inner_span.end);
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq { items, .. } => items.iter_mut().for_each(|n| remap_node(outer_text, inner_text, map, outer, n)),
        NodeKind::Map { entries, .. } => entries.iter_mut().for_each(|(k, v)| {
            remap_node(outer_text, inner_text, map, outer, k);
            remap_node(outer_text, inner_text, map, outer, v);
        }),
    }
}

/// For each byte of `value` (plus its end), the byte of `text` it was written as;
/// `None` when the scalar's style is not one we can map exactly.
pub(super) fn offset_map(text: &str, span: Span, value: &str, style: ScalarStyle) -> Option<Vec<usize>> {
    let map = match style {
        ScalarStyle::Literal => literal_map(text, span, value)?,
        ScalarStyle::DoubleQuoted => {
            let (decoded, map) = double_quoted_map(text, span)?;
            if decoded != value {
                return None;
            }
            map
        }
        ScalarStyle::Plain if text.get(span.start..span.end) == Some(value) => (span.start..=span.end).collect(),
        _ => return None,
    };
    (map.len() == value.len() + 1).then_some(map)
}

/// A `|` block: each content line is the source line without its indentation.
fn literal_map(text: &str, span: Span, value: &str) -> Option<Vec<usize>> {
    // saphyr's span starts at the first content byte, after the indentation.
    let mut pos = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = span.start - pos;
    let mut map = Vec::with_capacity(value.len() + 1);
    let lines: Vec<&str> = value.split('\n').collect();
    for (i, vline) in lines.iter().enumerate() {
        let line_end = text[pos.min(text.len())..].find('\n').map_or(text.len(), |e| pos + e);
        let sline = text.get(pos..line_end)?;
        let lead = (sline.len() - sline.trim_start_matches(' ').len()).min(indent);
        let content_start = pos + lead;
        if text.get(content_start..content_start + vline.len())? != *vline {
            return None;
        }
        map.extend(content_start..content_start + vline.len());
        if i + 1 < lines.len() {
            map.push(line_end);
            pos = line_end + 1;
        } else {
            map.push(content_start + vline.len());
        }
    }
    Some(map)
}

/// A `"..."` (JSON) string: escapes map to their backslash.
fn double_quoted_map(text: &str, span: Span) -> Option<(String, Vec<usize>)> {
    let raw = text.get(span.start + 1..span.end.checked_sub(1)?)?;
    let base = span.start + 1;
    let mut out = String::new();
    let mut map = Vec::new();
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let decoded = if c == '\\' {
            let (_, e) = chars.next()?;
            match e {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'b' => '\u{8}',
                'f' => '\u{c}',
                '0' => '\0',
                'u' => {
                    let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                }
                _ => return None,
            }
        } else if c == '\n' {
            return None; // line folding inside a quoted scalar: not mapped
        } else {
            c
        };
        let before = out.len();
        out.push(decoded);
        map.extend(std::iter::repeat_n(base + i, out.len() - before));
        if c != '\\' {
            // Multi-byte characters written as themselves map byte for byte.
            for (k, slot) in map[before..].iter_mut().enumerate() {
                *slot = base + i + k;
            }
        }
    }
    map.push(base + raw.len());
    Some((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner_value<'a>(outer: &'a str, docs: &[YamlDocument], path: &[&str]) -> &'a str {
        let n = docs[0].root.as_ref().unwrap().path(path).unwrap();
        &outer[n.span.start..n.span.end]
    }

    #[test]
    fn literal_block_maps_back() {
        let outer = "data:\n  kubelet: |\n    apiVersion: kubelet.config.k8s.io/v1beta1\n    authentication:\n      anonymous:\n        enabled: true\n\n    kind: KubeletConfiguration\n";
        let docs = parse_stream(outer).unwrap();
        let node = docs[0].root.as_ref().unwrap().path(&["data", "kubelet"]).unwrap();
        let inner = parse_embedded(outer, node).unwrap();
        assert_eq!(inner_value(outer, &inner, &["authentication", "anonymous", "enabled"]), "true");
        assert_eq!(inner_value(outer, &inner, &["kind"]), "KubeletConfiguration");
    }

    #[test]
    fn json_string_maps_back() {
        let outer = r#"{"data": {"kubelet": "apiVersion: kubelet.config.k8s.io/v1beta1\nauthorization:\n  mode: AlwaysAllow\nkind: KubeletConfiguration\n"}}"#;
        let docs = parse_stream(outer).unwrap();
        let node = docs[0].root.as_ref().unwrap().path(&["data", "kubelet"]).unwrap();
        let inner = parse_embedded(outer, node).unwrap();
        assert_eq!(inner_value(outer, &inner, &["authorization", "mode"]), "AlwaysAllow");
    }
}
