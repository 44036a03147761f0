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
    /// document embedded in a string whose escapes move bytes around, and for every node
    /// an alias copied (its bytes are the anchor's, shared with other uses).
    pub verbatim: bool,
    /// Where the alias (`*name`) that copied this node stands, for the copy's top node.
    pub alias: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq { items: Vec<Node>, flow: bool },
    Map { entries: Vec<(Node, Node)>, flow: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The scalar's text after YAML's escapes and folding; for `!!binary`, the decoded string.
    pub value: String,
    pub style: ScalarStyle,
    /// An explicit tag (`!!int "0"`), resolved to its full name (`tag:yaml.org,2002:int`).
    pub tag: Option<String>,
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
    /// Nodes of this document's tree (after alias expansion): what keeping it costs.
    pub nodes: usize,
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
        [NESTING, COPIES, NODES].iter().any(|limit| self.message.starts_with(limit))
    }
}

const NESTING: &str = "nesting deeper than";
const COPIES: &str = "anchors and aliases copy more than";
const NODES: &str = "more YAML nodes than";

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(&s.value),
            _ => None,
        }
    }

    /// Where the node ends in the text as written: for an alias's copy, after the alias
    /// (its `span` is the anchored node's, which stands earlier).
    pub fn written_end(&self) -> usize {
        self.alias.map_or(self.span.end, |a| a.end)
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

    /// The scalar as go-yaml v2 resolves it: quoted scalars are strings unless an
    /// explicit core tag says otherwise (decode.go `scalar`); a tag the parser checked
    /// (`check_tag`) decides the type.
    pub fn tagged(&self) -> Option<Tagged> {
        let s = self.scalar()?;
        match s.tag.as_deref().and_then(|t| t.strip_prefix(CORE_SCHEMA)) {
            Some("str") => return Some(Tagged::String(s.value.clone())),
            // Decoded at parse time (see `Builder::on_event`).
            Some("binary") => return Some(Tagged::String(s.value.clone())),
            Some("float") => {
                return Some(match resolve_plain(&s.value) {
                    Tagged::Int(i) => Tagged::Float(i as f64),
                    other => other,
                })
            }
            Some(_) => return Some(resolve_plain(&s.value)),
            // A local or custom tag (`!foo`) is not resolvable: the text stays a string.
            None if s.tag.is_some() => return Some(Tagged::String(s.value.clone())),
            None => {}
        }
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

const CORE_SCHEMA: &str = "tag:yaml.org,2002:";

/// go-yaml v2's `resolve` with an explicit tag: `!!int "0"` is the integer 0, but text
/// that does not resolve to the tagged type (`!!int "abc"`) stops decoding ("cannot
/// decode !!str `abc` as a !!int"), so the document is an error, not a string.
fn check_tag(tag: &str, value: &str) -> Result<(), String> {
    let Some(short) = tag.strip_prefix(CORE_SCHEMA) else {
        return Ok(());
    };
    if short == "binary" {
        return match go_base64(value) {
            Some(_) => Ok(()),
            None => Err("!!binary value contains invalid base64 data".to_string()),
        };
    }
    let got = match resolve_plain(value) {
        Tagged::Null => "null",
        Tagged::Bool(_) => "bool",
        Tagged::Int(_) => "int",
        Tagged::Float(_) => "float",
        Tagged::String(_) => "str",
    };
    let fits = match short {
        "bool" | "int" | "null" => got == short,
        "float" => matches!(got, "int" | "float"),
        // Not resolvable in go-yaml v2 (`timestamp` resolves like text; the rest are kept).
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(format!("cannot decode !!{got} `{value}` as a !!{short}"))
    }
}

/// Go's `base64.StdEncoding.DecodeString`: padded standard alphabet; CR and LF are skipped.
fn go_base64(text: &str) -> Option<Vec<u8>> {
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let bytes: Vec<u8> = text.bytes().filter(|b| !matches!(b, b'\r' | b'\n')).collect();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, quad) in bytes.chunks(4).enumerate() {
        let last = i + 1 == bytes.len() / 4;
        let pad = quad.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n: u32 = 0;
        for &b in &quad[..4 - pad] {
            n = n << 6 | u32::from(sextet(b)?);
        }
        n <<= 6 * pad as u32;
        let group = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&group[..3 - pad]);
    }
    Some(out)
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
    let original = text;
    let normalized = yaml11_breaks(text);
    let text: &str = &normalized;
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        original,
        text,
        offsets: &offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        aliased: Vec::new(),
        copied_nodes: 0,
        nodes: 0,
        doc_nodes: 0,
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

const YAML11_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// go-yaml v2 (YAML 1.1, which Kubernetes reads through sigs.k8s.io/yaml) takes NEL
/// (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) as line breaks
/// (yamlprivateh.go `is_break`): a comment ends there and the next text is a key. The YAML
/// 1.2 parser does not, so each becomes spaces and a `\n` of the same byte length (the
/// spaces end the line before the break, where they change nothing), keeping every span.
///
/// Inside a value the two readings differ (go-yaml reads NEL as LF, keeps U+2028 and
/// U+2029 in the value, and an escaped one in double quotes joins the lines), so a
/// scalar whose bytes hold one is an error instead (found by the `go_yaml` fuzz target).
fn yaml11_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(YAML11_BREAKS) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{85}' => out.push_str(" \n"),
            '\u{2028}' | '\u{2029}' => out.push_str("  \n"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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
    /// The document as written; `text` is it after [`yaml11_breaks`], byte for byte the same length.
    original: &'t str,
    text: &'t str,
    offsets: &'t CharOffsets,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, Size)>,
    /// Nodes copied for anchors and aliases so far (billion-laughs guard).
    copied_nodes: usize,
    /// Nodes built so far in the whole stream: what the tree costs in memory.
    nodes: usize,
    /// `nodes` when the current document started.
    doc_nodes: usize,
    /// Spans of anchored nodes some alias copied: their bytes are shared by every use.
    aliased: Vec<Span>,
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
                self.doc_nodes = self.nodes;
                self.docs.push(YamlDocument {
                    root: None,
                    span: Span::new(span.start, span.end),
                    duplicates: vec![],
                    nodes: 0,
                });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                if let Some(t) = &tag {
                    check_tag(t, &value).map_err(|message| YamlError { message, span })?;
                }
                let own = self.scalar_span(span, style);
                if let Some(c) =
                    self.original.get(own.start..own.end).and_then(|t| t.chars().find(|c| YAML11_BREAKS.contains(c)))
                {
                    return Err(YamlError {
                        message: format!(
                            "a U+{:04X} line break inside a value: go-yaml v2, which the kubelet and kube-apiserver \
                             read YAML with, {} it, a YAML 1.2 parser folds it",
                            c as u32,
                            if c == '\u{85}' { "reads a line feed for" } else { "keeps" }
                        ),
                        span: own,
                    });
                }
                // go-yaml base64-decodes a !!binary scalar into its string (decode.go scalar):
                // the value is that string for every reader (`apiVersion: !!binary ...` is a
                // KubeletConfiguration's apiVersion), not only for settings. Checked above.
                let value = match tag.as_deref().and_then(|t| t.strip_prefix(CORE_SCHEMA)) {
                    Some("binary") => String::from_utf8_lossy(&go_base64(&value).unwrap_or_default()).into_owned(),
                    _ => value.into_owned(),
                };
                let node = Node {
                    kind: NodeKind::Scalar(Scalar { value, style, tag }),
                    span: own,
                    verbatim: true,
                    alias: None,
                };
                self.push(node, Size::LEAF, anchor, span)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.check_depth(1, span)?;
                let start = self.content_start(span);
                let flow = self.text.as_bytes().get(start) == Some(&b'[');
                let size = Size::LEAF;
                self.stack.push(Frame::Seq { items: Vec::new(), start, flow, anchor, size });
            }
            Event::MappingStart(anchor, _) => {
                self.check_depth(1, span)?;
                let start = self.content_start(span);
                let flow = self.text.as_bytes().get(start) == Some(&b'{');
                let size = Size::LEAF;
                self.stack.push(Frame::Map { entries: Vec::new(), key: None, start, flow, anchor, size });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { items, start, flow, anchor, size }) = self.stack.pop() {
                    let end =
                        if flow { self.flow_end(span, b']') } else { items.last().map_or(start, Node::written_end) };
                    self.push(
                        Node {
                            kind: NodeKind::Seq { items, flow },
                            span: Span::new(start, end.max(start)),
                            verbatim: true,
                            alias: None,
                        },
                        size,
                        anchor,
                        span,
                    )?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { entries, start, flow, anchor, size, .. }) = self.stack.pop() {
                    // A block collection ends with its last value; where that is an alias, after
                    // the alias (found by the fix_round_trip fuzz target: a key inserted after a
                    // mapping ending in `*anchor` landed inside it, at the anchor's end).
                    let end = if flow {
                        self.flow_end(span, b'}')
                    } else {
                        entries.last().map_or(start, |(_, v)| v.written_end())
                    };
                    self.find_duplicates(&entries);
                    let entries = merge_keys(entries)?;
                    self.push(
                        Node {
                            kind: NodeKind::Map { entries, flow },
                            span: Span::new(start, end.max(start)),
                            verbatim: true,
                            alias: None,
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
                if let Some(mut node) = self.anchors.get(&id).map(|(node, _)| node.clone()) {
                    // An edit of the copy's bytes would change the anchor and every other
                    // use of it: only the alias token itself belongs to this use.
                    self.aliased.push(node.span);
                    mark_copied(&mut node);
                    node.alias = Some(span);
                    self.push(node, size, 0, span)?;
                }
            }
            Event::DocumentEnd | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Where a flow collection ends: after its closing bracket. saphyr's end event can
    /// reach past it, over blanks and a comment, up to the line break; where the break is
    /// one [`yaml11_breaks`] rewrote, that end fell inside the original character (found
    /// by the `go_yaml` fuzz target: a fix inserting after the mapping sliced it).
    fn flow_end(&self, span: Span, bracket: u8) -> usize {
        let bytes = self.text.as_bytes();
        if bytes.get(span.start) == Some(&bracket) {
            return span.start + 1;
        }
        match self.text.get(..span.end).and_then(|t| t.rfind(bracket as char)) {
            Some(i) if i >= span.start.saturating_sub(1) => i + 1,
            _ => span.end,
        }
    }

    /// Whether a collection `depth` levels deep can start at the current level.
    fn check_depth(&self, depth: usize, span: Span) -> Result<(), YamlError> {
        if self.stack.len() + depth > limits::MAX_DEPTH {
            return Err(YamlError { message: format!("{NESTING} {} levels", limits::MAX_DEPTH), span });
        }
        Ok(())
    }

    /// A scalar's own bytes: without the anchor and tag before it (an edit of the value
    /// keeps `&port` and `!!int`), and, for plain scalars, without the trailing spaces
    /// some parser versions include.
    ///
    /// A quoted scalar's span from saphyr can also take the blanks after its closing
    /// quote: where those are the spaces [`yaml11_breaks`] put before a NEL or U+2028, the
    /// end fell inside the original character (a fix edit sliced it). Quoted scalars end
    /// at their quote, so both styles are trimmed.
    fn scalar_span(&self, span: Span, style: ScalarStyle) -> Span {
        let start = self.content_start(span);
        if !matches!(style, ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            return Span::new(start, span.end);
        }
        // A quoted scalar ends at its closing quote: the parser's span can run on over a
        // comment after it (`mode: 'AlwaysAllow' # why`), which a fix must not replace.
        let b = self.text.as_bytes();
        let end = span.end.min(b.len());
        let quote = match style {
            ScalarStyle::SingleQuoted => Some(b'\''),
            ScalarStyle::DoubleQuoted => Some(b'"'),
            _ => None,
        };
        if let Some(q) = quote.filter(|q| b.get(start) == Some(q)) {
            let mut i = start + 1;
            while i < end {
                match b[i] {
                    b'\\' if q == b'"' => i += 2,
                    c if c == q && q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
                    c if c == q => return Span::new(start, i + 1),
                    _ => i += 1,
                }
            }
        }
        let slice = self.text.get(start..span.end).unwrap_or("");
        Span::new(start, start + slice.trim_end().len())
    }

    /// Where a node's content starts after its properties (`&anchor`, `!tag`, in either
    /// order, separated by spaces, line breaks or comments).
    fn content_start(&self, span: Span) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = span.start;
        loop {
            let at_property = matches!(bytes.get(i), Some(b'&' | b'!'));
            if !at_property {
                return i;
            }
            let mut j = i;
            while j < span.end && !matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}') {
                j += 1;
            }
            // Separation: blanks, breaks and whole comment lines.
            loop {
                match bytes.get(j) {
                    Some(b' ' | b'\t' | b'\r' | b'\n') if j < span.end => j += 1,
                    Some(b'#') if j < span.end => {
                        while j < span.end && bytes[j] != b'\n' {
                            j += 1;
                        }
                    }
                    _ => break,
                }
            }
            if j >= span.end || j == i {
                // Nothing after the properties (an empty scalar): keep the start.
                return if j >= span.end { span.end } else { i };
            }
            i = j;
        }
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
        // Checked as the tree grows, so a 12 MiB `[1,1,...]` stops at the limit instead of
        // exhausting memory (and the other documents' report with it).
        self.nodes += 1;
        if self.nodes > limits::MAX_YAML_NODES {
            return Err(YamlError {
                message: format!(
                    "{NODES} {} in one document (its tree would not fit the memory budget)",
                    limits::MAX_YAML_NODES
                ),
                span,
            });
        }
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
                let mut node = node;
                // Editing the anchor in place would change its aliases too.
                let shared = outermost(std::mem::take(&mut self.aliased));
                if !shared.is_empty() {
                    mark_within(&mut node, &shared);
                }
                if let Some(doc) = self.docs.last_mut() {
                    doc.span.start = doc.span.start.min(node.span.start);
                    doc.span.end = node.span.end;
                    doc.root = Some(node);
                    doc.nodes = self.nodes - self.doc_nodes;
                }
            }
        }
        Ok(())
    }
}

/// The spans no other span holds, sorted: disjoint, so one binary search finds the one
/// that may hold a node.
fn outermost(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        if out.last().is_none_or(|last| s.start >= last.end) {
            out.push(s);
        }
    }
    out
}

fn mark_within(node: &mut Node, shared: &[Span]) {
    let i = shared.partition_point(|s| s.start <= node.span.start);
    if i > 0 && node.span.end <= shared[i - 1].end && node.alias.is_none() {
        mark_copied(node);
        return;
    }
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq { items, .. } => items.iter_mut().for_each(|n| mark_within(n, shared)),
        NodeKind::Map { entries, .. } => entries.iter_mut().for_each(|(k, v)| {
            mark_within(k, shared);
            mark_within(v, shared);
        }),
    }
}

fn mark_copied(node: &mut Node) {
    node.verbatim = false;
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq { items, .. } => items.iter_mut().for_each(mark_copied),
        NodeKind::Map { entries, .. } => entries.iter_mut().for_each(|(k, v)| {
            mark_copied(k);
            mark_copied(v);
        }),
    }
}

/// Applies `<<` merge keys as go-yaml v2 does (Kubernetes reads YAML through
/// sigs.k8s.io/yaml, a go-yaml v2 fork): decode.go `mapping` sets keys in document order
/// and `merge` writes the merged mapping's keys where the `<<` stands, so a key written
/// after `<<` overrides the merged one and a key written before it is overridden; of a
/// list of mappings, the earlier ones win (merged last to first). A merge value that is
/// no mapping fails ("map merge requires map or sequence of maps as the value").
fn merge_keys(entries: Vec<(Node, Node)>) -> Result<Vec<(Node, Node)>, YamlError> {
    let is_merge = |k: &Node| {
        matches!(&k.kind, NodeKind::Scalar(s) if s.value == "<<"
        && match s.tag.as_deref() {
            None => s.style == ScalarStyle::Plain,
            Some(t) => t == "tag:yaml.org,2002:merge",
        })
    };
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return Ok(entries);
    }
    let not_a_map =
        |span: Span| YamlError { message: "map merge requires map or sequence of maps as the value".into(), span };
    let mut assigned: Vec<(Node, Node)> = Vec::new();
    for (k, v) in entries {
        if !is_merge(&k) {
            assigned.push((k, v));
            continue;
        }
        let span = v.span;
        let sources = match v.kind {
            NodeKind::Map { .. } => vec![v],
            NodeKind::Seq { items, .. } => items.into_iter().rev().collect(),
            NodeKind::Scalar(_) => return Err(not_a_map(span)),
        };
        for source in sources {
            match source.kind {
                NodeKind::Map { entries, .. } => assigned.extend(entries),
                _ => return Err(not_a_map(source.span)),
            }
        }
    }
    // The last assignment of each key is its value: keep that one entry per key.
    let mut last: HashMap<String, usize> = HashMap::new();
    for (i, (k, _)) in assigned.iter().enumerate() {
        if let Some(key) = k.as_str() {
            last.insert(key.to_string(), i);
        }
    }
    let out: Vec<(Node, Node)> = assigned
        .into_iter()
        .enumerate()
        .filter(|(i, (k, _))| k.as_str().is_none_or(|key| last.get(key) == Some(i)))
        .map(|(_, e)| e)
        .collect();
    Ok(out)
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
        // A comment after a quoted scalar is not part of it.
        let src = "a: 'x ''y'' z' # c\nb: \"p \\\" q\" # d\nc: 'x'\n";
        let root = parse_stream(src).unwrap().remove(0).root.unwrap();
        assert_eq!(text_of(src, root.get("a").unwrap()), "'x ''y'' z'");
        assert_eq!(text_of(src, root.get("b").unwrap()), "\"p \\\" q\"");
        assert_eq!(text_of(src, root.get("c").unwrap()), "'x'");
    }

    #[test]
    fn merge_keys_write_where_they_stand_as_go_yaml_v2() {
        let src = "base: &b {enabled: true, mode: Webhook}\nx:\n  <<: *b\n  mode: AlwaysAllow\n";
        let docs = parse_stream(src).unwrap();
        let x = docs[0].root.as_ref().unwrap().get("x").unwrap();
        assert_eq!(x.get("enabled").unwrap().as_bool(), Some(true));
        assert_eq!(x.get("mode").unwrap().as_str(), Some("AlwaysAllow"));
        assert!(x.get("<<").is_none());
        assert_eq!(x.entries().unwrap().len(), 2);
        // A key before `<<` is overwritten by the merge (gomplate#1441 shows the v2 behaviour).
        let src = "b: &b {mode: Webhook}\nx:\n  mode: AlwaysAllow\n  <<: *b\n";
        let docs = parse_stream(src).unwrap();
        assert_eq!(docs[0].root.as_ref().unwrap().path(&["x", "mode"]).unwrap().as_str(), Some("Webhook"));
        // Of a list, the first mapping wins.
        let src = "p: &p {m: 1}\nq: &q {m: 2}\nx: {<<: [*p, *q]}\n";
        let docs = parse_stream(src).unwrap();
        assert_eq!(docs[0].root.as_ref().unwrap().path(&["x", "m"]).unwrap().as_str(), Some("1"));
        assert!(parse_stream("a: &a 1\nx: {<<: *a}\n").unwrap_err().message.contains("map merge requires"));
        // A quoted or tagged "<<" is a plain key.
        let docs = parse_stream("x: {\"<<\": {m: 1}}\n").unwrap();
        assert!(docs[0].root.as_ref().unwrap().path(&["x", "<<"]).is_some());
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
    fn explicit_tags_decide_the_type_as_go_yaml_v2() {
        let src = "a: !!int \"0\"\nb: !!bool 'true'\nc: !!str 10\nd: !!float 1\ne: !local 5\nf: \"0\"\n";
        let docs = parse_stream(src).unwrap();
        let root = docs[0].root.as_ref().unwrap();
        let tagged = |k: &str| root.get(k).unwrap().tagged().unwrap();
        assert_eq!(tagged("a"), Tagged::Int(0));
        assert_eq!(tagged("b"), Tagged::Bool(true));
        assert_eq!(tagged("c"), Tagged::String("10".into()));
        assert_eq!(tagged("d"), Tagged::Float(1.0));
        assert_eq!(tagged("e"), Tagged::String("5".into()));
        assert_eq!(tagged("f"), Tagged::String("0".into()));
        // A value the tag cannot hold stops go-yaml: an error at the scalar.
        let err = parse_stream("x: 1\nport: !!int \"abc\"\n").unwrap_err();
        assert!(err.message.contains("cannot decode !!str `abc` as a !!int"), "{}", err.message);
        assert_eq!(err.span.start, 11);
        assert!(parse_stream("v: !!null x\n").is_err());
        assert!(parse_stream("v: !!binary M@==\n").is_err());
        let docs = parse_stream("v: !!binary QWx3YXlzQWxsb3c=\nw: !!binary MA==\n").unwrap();
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(root.get("v").unwrap().tagged(), Some(Tagged::String("AlwaysAllow".into())));
        assert_eq!(root.get("w").unwrap().tagged(), Some(Tagged::String("0".into())));
        // Every reader sees the decoded string (found by the go_yaml fuzz target: a
        // !!binary apiVersion hid the KubeletConfiguration).
        assert_eq!(root.get("v").unwrap().as_str(), Some("AlwaysAllow"));
    }

    #[test]
    fn yaml_1_1_line_breaks_end_comments_and_lines() {
        for brk in ["\u{2028}", "\u{2029}", "\u{85}"] {
            let src = format!("kind: KubeletConfiguration\n# note{brk}readOnlyPort: 10255\nport: 1{brk}x: 2\n");
            let docs = parse_stream(&src).unwrap();
            let root = docs[0].root.as_ref().unwrap();
            let port = root.get("readOnlyPort").unwrap();
            assert_eq!(port.as_str(), Some("10255"));
            assert_eq!(&src[port.span.start..port.span.end], "10255", "spans are the original bytes");
            assert_eq!(root.get("x").unwrap().as_str(), Some("2"));
        }
    }

    #[test]
    fn a_quoted_scalar_before_a_yaml_1_1_break_ends_at_its_quote() {
        // Found by the go_yaml fuzz target: the span took the shim's space and ended
        // inside the NEL, and the fix edit sliced the character.
        for brk in ["\u{85}", "\u{2028}", "\u{2029}"] {
            for v in ["'off'", "\"off\""] {
                let src = format!("a: {v}{brk}b: 1\n");
                let docs = parse_stream(&src).unwrap();
                let a = docs[0].root.as_ref().unwrap().get("a").unwrap();
                assert_eq!(text_of(&src, a), v);
            }
        }
    }

    #[test]
    fn a_yaml_1_1_break_inside_a_value_is_an_error() {
        for brk in ["\u{85}", "\u{2028}", "\u{2029}"] {
            for src in [
                format!("mode: \"Web\\{brk}hook\"\n"),
                format!("mode: \"Web{brk}hook\"\n"),
                format!("a:\n  b: Web{brk}   hook\n"),
                format!("a: >-\n  x # c{brk}b: 1\n"),
            ] {
                // Refused: by saphyr itself (an escaped NEL), or as a break inside a value.
                assert!(parse_stream(&src).is_err(), "{src:?}");
            }
            // Between values it is a line break, as go-yaml reads it.
            assert!(parse_stream(&format!("a: 'x'{brk}b: y # c{brk}c: 1\n")).is_ok());
        }
    }

    #[test]
    fn a_block_collection_ending_in_an_alias_ends_after_it() {
        // Found by the fix_round_trip fuzz target: the mapping ended at the anchor's end.
        let src = "a:\n  w: &on\n    e: true\n  x: *on\nl:\n- 1\n- *on\n";
        let docs = parse_stream(src).unwrap();
        let root = docs[0].root.as_ref().unwrap();
        assert_eq!(text_of(src, root.get("a").unwrap()), "w: &on\n    e: true\n  x: *on");
        assert_eq!(text_of(src, root.get("l").unwrap()), "1\n- *on");
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
