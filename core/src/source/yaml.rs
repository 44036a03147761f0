//! A span-preserving YAML tree, built from saphyr-parser's events.
//!
//! saphyr-parser is a maintained, YAML 1.2 compliant parser that reports a span for
//! every event; serde_yaml is archived and keeps no locations. JSON is parsed here
//! too (it is YAML 1.2 flow style), so both get the same locations and fixes.

use super::text::Span;
use crate::limits;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as ParserSpan};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Bytes of the node in the document; for scalars, the whole token with quotes.
    pub span: Span,
    /// Whether `span` holds exactly this node's source text. False for nodes of a YAML
    /// document embedded in a string whose escapes move bytes around.
    pub verbatim: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq { items: Vec<Node>, flow: bool },
    Map { entries: Vec<(Node, Node)>, flow: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    pub value: String,
    pub style: ScalarStyle,
}

/// One document of a YAML stream.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlDocument {
    pub root: Option<Node>,
    /// From the document's first byte (or `---`) to its last node.
    pub span: Span,
    /// Keys repeated in one mapping: the key, its first and its last occurrence. The
    /// tree keeps every entry; [`Node::get`] reads the last, as lenient decoding does.
    pub duplicates: Vec<Duplicate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub key: String,
    pub first: Span,
    pub again: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub span: Span,
}

impl YamlError {
    /// Whether parsing stopped at one of the limits (nesting depth, alias copies).
    pub fn past_limit(&self) -> bool {
        self.message.starts_with(NESTING) || self.message.starts_with(COPIES)
    }
}

const NESTING: &str = "nesting deeper than";
const COPIES: &str = "anchors and aliases copy more than";

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain
            && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map { entries, .. } => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq { items, .. } => Some(items),
            _ => None,
        }
    }

    pub fn is_flow(&self) -> bool {
        matches!(&self.kind, NodeKind::Seq { flow: true, .. } | NodeKind::Map { flow: true, .. })
    }

    /// The value of `key` in a mapping; the last one when a key is repeated, as
    /// Kubernetes' lenient decoding does.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.get_entry(key).map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<&(Node, Node)> {
        self.entries()?.iter().rev().find(|(k, _)| k.as_str() == Some(key))
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// A plain scalar's boolean value as Kubernetes reads it: sigs.k8s.io/yaml decodes
    /// with go-yaml v2, whose YAML 1.1 booleans include y/yes/on and n/no/off.
    pub fn as_bool(&self) -> Option<bool> {
        match self.tagged()? {
            Tagged::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The scalar as go-yaml v2 resolves it (quoted scalars are strings).
    pub fn tagged(&self) -> Option<Tagged> {
        let s = self.scalar()?;
        if s.style != ScalarStyle::Plain {
            return Some(Tagged::String(s.value.clone()));
        }
        Some(resolve_plain(&s.value))
    }

    /// A short name for the node's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(_) => match self.tagged() {
                Some(Tagged::Null) => "null",
                Some(Tagged::Bool(_)) => "boolean",
                Some(Tagged::Int(_) | Tagged::Float(_)) => "number",
                _ => "string",
            },
            NodeKind::Seq { .. } => "list",
            NodeKind::Map { .. } => "mapping",
        }
    }
}

/// A scalar's value after go-yaml v2's implicit typing.
#[derive(Debug, Clone, PartialEq)]
pub enum Tagged {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
}

/// go-yaml v2's `resolve` for a plain scalar (resolve.go): the YAML 1.1 null and boolean
/// words, `.inf`/`.nan`, then, for text that starts like a number, an integer
/// (`strconv.ParseInt(s, 0, 64)` with every `_` removed: `0x1F`, `010` octal, `0b1`) or
/// a float; anything else is a string.
pub fn resolve_plain(v: &str) -> Tagged {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Tagged::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Tagged::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Tagged::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Tagged::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Tagged::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Tagged::Float(f64::NAN),
        _ => {}
    }
    match v.as_bytes()[0] {
        b'.' => match v.parse::<f64>() {
            Ok(f) if is_yaml_float(v) => Tagged::Float(f),
            _ => Tagged::String(v.to_string()),
        },
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = v.replace('_', "");
            if let Some(i) = super::go::parse_int(&plain, 64, true) {
                return Tagged::Int(i);
            }
            if is_yaml_float(&plain) {
                if let Ok(f) = plain.parse::<f64>() {
                    return Tagged::Float(f);
                }
            }
            Tagged::String(v.to_string())
        }
        _ => Tagged::String(v.to_string()),
    }
}

/// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Parses a YAML (or JSON) stream into documents with byte spans.
pub fn parse_stream(text: &str) -> Result<Vec<YamlDocument>, YamlError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        text,
        offsets: &offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        copied_nodes: 0,
        docs: Vec::new(),
        doc_start: 0,
    };
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => builder.on_event(event, span)?,
            Err(e) => {
                let m = e.marker();
                let at = offsets.byte(m.index());
                // saphyr's scanner stops at 255 open flow collections, well past our own limit.
                let message = match e.info() {
                    "recursion limit exceeded" => format!("{NESTING} {} levels", limits::MAX_DEPTH),
                    info => info.to_string(),
                };
                return Err(YamlError { message, span: Span::new(at, at) });
            }
        }
    }
    Ok(builder.docs)
}

/// saphyr counts characters; reports need byte offsets.
struct CharOffsets {
    /// Byte offset of each char index, or `None` when the text is ASCII.
    table: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        CharOffsets { table, len: text.len() }
    }
    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

enum Frame {
    Seq { items: Vec<Node>, start: usize, flow: bool, anchor: usize, size: Size },
    Map { entries: Vec<(Node, Node)>, key: Option<Node>, start: usize, flow: bool, anchor: usize, size: Size },
}

/// How many nodes a subtree holds and how deep it is: what copying it for an alias costs.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    depth: usize,
}

impl Size {
    const LEAF: Size = Size { nodes: 1, depth: 1 };

    fn add_child(&mut self, child: Size) {
        self.nodes += child.nodes;
        self.depth = self.depth.max(child.depth + 1);
    }
}

struct Builder<'t> {
    text: &'t str,
    offsets: &'t CharOffsets,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, Size)>,
    /// Nodes copied for anchors and aliases so far (billion-laughs guard).
    copied_nodes: usize,
    docs: Vec<YamlDocument>,
    doc_start: usize,
}

impl Builder<'_> {
    fn span(&self, s: ParserSpan) -> Span {
        Span::new(self.offsets.byte(s.start.index()), self.offsets.byte(s.end.index()))
    }

    fn on_event(&mut self, event: Event<'_>, pspan: ParserSpan) -> Result<(), YamlError> {
        let span = self.span(pspan);
        match event {
            Event::DocumentStart(_) => {
                self.doc_start = span.start;
                self.docs.push(YamlDocument { root: None, span: Span::new(span.start, span.end), duplicates: vec![] });
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let node = Node {
                    kind: NodeKind::Scalar(Scalar { value: value.into_owned(), style }),
                    span: self.scalar_span(span, style),
                    verbatim: true,
                };
                self.push(node, Size::LEAF, anchor, span)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(1, span)?;
                let flow = self.text.as_bytes().get(span.start) == Some(&b'[');
                let size = Size::LEAF;
                self.stack.push(Frame::Seq { items: Vec::new(), start: span.start, flow, anchor, size });
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(1, span)?;
                let flow = self.text.as_bytes().get(span.start) == Some(&b'{');
                let size = Size::LEAF;
                self.stack.push(Frame::Map { entries: Vec::new(), key: None, start: span.start, flow, anchor, size });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { items, start, flow, anchor, size }) = self.stack.pop() {
                    let end = if flow { span.end } else { items.last().map_or(start, |n| n.span.end) };
                    self.push(
                        Node {
                            kind: NodeKind::Seq { items, flow },
                            span: Span::new(start, end.max(start)),
                            verbatim: true,
                        },
                        size,
                        anchor,
                        span,
                    )?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { entries, start, flow, anchor, size, .. }) = self.stack.pop() {
                    let end = if flow { span.end } else { entries.last().map_or(start, |(_, v)| v.span.end) };
                    self.find_duplicates(&entries);
                    let entries = merge_keys(entries);
                    self.push(
                        Node {
                            kind: NodeKind::Map { entries, flow },
                            span: Span::new(start, end.max(start)),
                            verbatim: true,
                        },
                        size,
                        anchor,
                        span,
                    )?;
                }
            }
            Event::Alias(id) => {
                let Some(size) = self.anchors.get(&id).map(|(_, size)| *size) else {
                    return Err(YamlError { message: "alias to an unknown anchor".into(), span });
                };
                // Checked before copying: an expanded alias nests its whole anchor where it
                // stands (`size.depth - 1` levels of collections).
                self.check_depth(size.depth - 1, span)?;
                self.charge(size, span)?;
                if let Some(node) = self.anchors.get(&id).map(|(node, _)| node.clone()) {
                    self.push(node, size, 0, span)?;
                }
            }
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Whether a collection `depth` levels deep can start at the current level.
    fn check_depth(&self, depth: usize, span: Span) -> Result<(), YamlError> {
        if self.stack.len() + depth > limits::MAX_DEPTH {
            return Err(YamlError { message: format!("{NESTING} {} levels", limits::MAX_DEPTH), span });
        }
        Ok(())
    }

    /// Plain scalars' spans can include trailing spaces in some parser versions; trim them.
    fn scalar_span(&self, span: Span, style: ScalarStyle) -> Span {
        if style != ScalarStyle::Plain {
            return span;
        }
        let slice = self.text.get(span.start..span.end).unwrap_or("");
        Span::new(span.start, span.start + slice.trim_end().len())
    }

    /// Counts `size` more copied nodes against the alias limit.
    fn charge(&mut self, size: Size, span: Span) -> Result<(), YamlError> {
        self.copied_nodes = self.copied_nodes.saturating_add(size.nodes);
        if self.copied_nodes > limits::MAX_ALIAS_NODES {
            return Err(YamlError {
                message: format!("{COPIES} {} nodes (a billion-laughs document?)", limits::MAX_ALIAS_NODES),
                span,
            });
        }
        Ok(())
    }

    /// Records repeated keys of a finished mapping (scalar keys only).
    fn find_duplicates(&mut self, entries: &[(Node, Node)]) {
        if entries.len() < 2 {
            return;
        }
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut found = Vec::new();
        for (k, _) in entries {
            let Some(key) = k.as_str() else { continue };
            match seen.get(key) {
                Some(first) => found.push(Duplicate { key: key.to_string(), first: *first, again: k.span }),
                None => {
                    seen.insert(key, k.span);
                }
            }
        }
        if let Some(doc) = self.docs.last_mut() {
            doc.duplicates.extend(found);
        }
    }

    fn push(&mut self, node: Node, size: Size, anchor: usize, span: Span) -> Result<(), YamlError> {
        if anchor > 0 {
            // The anchored copy is kept for later aliases: it counts against the same limit.
            if size.nodes > 1 {
                self.charge(size, span)?;
            }
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, size: total, .. }) => {
                total.add_child(size);
                items.push(node)
            }
            Some(Frame::Map { entries, key, size: total, .. }) => {
                total.add_child(size);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
            None => {
                if let Some(doc) = self.docs.last_mut() {
                    doc.span.start = doc.span.start.min(node.span.start);
                    doc.span.end = node.span.end;
                    doc.root = Some(node);
                }
            }
        }
        Ok(())
    }
}

/// Applies `<<` merge keys as go-yaml v2 does (Kubernetes reads YAML through
/// sigs.k8s.io/yaml, a go-yaml v2 fork): the merged mappings fill in the keys the
/// mapping does not set itself; of a list of mappings, the earlier ones win.
fn merge_keys(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    let is_merge =
        |k: &Node| matches!(&k.kind, NodeKind::Scalar(s) if s.style == ScalarStyle::Plain && s.value == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| is_merge(k));
    for (_, value) in merges {
        let sources = match value.kind {
            NodeKind::Map { .. } => vec![value],
            NodeKind::Seq { items, .. } => items,
            NodeKind::Scalar(_) => vec![],
        };
        for source in sources {
            let NodeKind::Map { entries, .. } = source.kind else { continue };
            for (k, v) in entries {
                if k.as_str().is_some_and(|key| !own.iter().any(|(o, _)| o.as_str() == Some(key))) {
                    own.push((k, v));
                }
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'a>(src: &'a str, n: &Node) -> &'a str {
        &src[n.span.start..n.span.end]
    }

    #[test]
    fn scalar_spans_are_exact_bytes() {
        let src = "a:\n  b: true   # c\n  q: \"x y\"\nu: é-ü\n";
        let docs = parse_stream(src).unwrap();
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(text_of(src, root.path(&["a", "b"]).unwrap()), "true");
        assert_eq!(text_of(src, root.path(&["a", "q"]).unwrap()), "\"x y\"");
        assert_eq!(text_of(src, root.get("u").unwrap()), "é-ü");
        assert!(!root.is_flow());
    }

    #[test]
    fn merge_keys_fill_in_what_a_mapping_does_not_set() {
        let src = "base: &b {enabled: true, mode: Webhook}\nx:\n  <<: *b\n  mode: AlwaysAllow\n";
        let docs = parse_stream(src).unwrap();
        let x = docs[0].root.as_ref().unwrap().get("x").unwrap();
        assert_eq!(x.get("enabled").unwrap().as_bool(), Some(true));
        assert_eq!(x.get("mode").unwrap().as_str(), Some("AlwaysAllow"));
        assert!(x.get("<<").is_none());
    }

    #[test]
    fn plain_scalars_resolve_as_go_yaml_v2() {
        assert_eq!(resolve_plain("0x1F"), Tagged::Int(31));
        assert_eq!(resolve_plain("010"), Tagged::Int(8));
        assert_eq!(resolve_plain("1_000"), Tagged::Int(1000));
        assert_eq!(resolve_plain("0b101"), Tagged::Int(5));
        assert_eq!(resolve_plain("-0"), Tagged::Int(0));
        assert_eq!(resolve_plain("+12"), Tagged::Int(12));
        assert_eq!(resolve_plain("08"), Tagged::Float(8.0));
        assert_eq!(resolve_plain("1e3"), Tagged::Float(1000.0));
        assert_eq!(resolve_plain(".5"), Tagged::Float(0.5));
        assert_eq!(resolve_plain("1.5h"), Tagged::String("1.5h".into()));
        assert_eq!(resolve_plain("0x+5"), Tagged::String("0x+5".into()));
        assert_eq!(resolve_plain("Off"), Tagged::Bool(false));
        assert_eq!(resolve_plain("~"), Tagged::Null);
        assert_eq!(resolve_plain("4h0m0s"), Tagged::String("4h0m0s".into()));
    }

    #[test]
    fn json_is_flow_yaml() {
        let src = "{\"a\": {\"b\": false}, \"c\": [1, 2]}";
        let docs = parse_stream(src).unwrap();
        let root = docs[0].root.as_ref().unwrap();
        assert!(root.is_flow());
        assert_eq!(text_of(src, root), src);
        assert_eq!(text_of(src, root.path(&["a", "b"]).unwrap()), "false");
        assert_eq!(root.path(&["a", "b"]).unwrap().as_bool(), Some(false));
        assert_eq!(text_of(src, root.get("a").unwrap()), "{\"b\": false}");
    }

    #[test]
    fn block_mapping_span_ends_at_last_value() {
        let src = "a:\n  b: 1\n  c: 2\n\n# trailing\nd: 3\n";
        let docs = parse_stream(src).unwrap();
        let a = docs[0].root.as_ref().unwrap().get("a").unwrap();
        assert_eq!(text_of(src, a), "b: 1\n  c: 2");
    }

    #[test]
    fn streams_split_into_documents() {
        let src = "a: 1\n---\nb: 2\n---\n";
        let docs = parse_stream(src).unwrap();
        assert_eq!(docs.len(), 3);
        assert!(docs[2].root.as_ref().is_none_or(|r| r.is_null()));
        assert_eq!(docs[1].root.as_ref().unwrap().get("b").unwrap().as_str(), Some("2"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            src.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        let err = parse_stream(&src).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
    }

    #[test]
    fn errors_are_located() {
        let err = parse_stream("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.span.start > 0);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(200) + &"]".repeat(200);
        assert!(parse_stream(&src).unwrap_err().message.contains("nesting"));
    }
}
