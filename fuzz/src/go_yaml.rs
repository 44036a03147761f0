//! `go_yaml`: where kubecis's YAML reading could part from go-yaml v2's.
//!
//! The kubelet reads its config file with sigs.k8s.io/yaml, a go-yaml v2 (YAML 1.1)
//! fork; kubecis parses YAML 1.2 (saphyr-parser) with shims for the differences. Go is
//! not available here, so the target checks what can be checked without it:
//!
//! **(a) Equivalent spellings.** The input's first bytes choose a KubeletConfiguration
//! (up to ten settings from [`SETTINGS`], each with a value from its dictionary); the
//! rest choose, node by node, one of many spellings that go-yaml v2 reads as the same
//! data: block or flow collections, plain/quoted/escaped/block/`!!str`/`!!binary`
//! strings, YAML 1.1 booleans (`yes`, `On`, `y`) and Go integer literals (`0x0`, `0o0`,
//! `0b0`, `00`, `+0`, `0_0`), `!!bool`/`!!int` tags on quoted text (short, verbatim
//! `!<tag:...>` and `%TAG`-declared handles), anchors and aliases (an alias only where
//! the anchored value means the same), merge keys (`<<`, `!!merge <<`, lists of
//! mappings, with decoy values the merge rules override), comments, U+2028/U+2029 as
//! line breaks (also inside a comment, with the next entry after it on the same
//! physical line), NEL, CRLF and CR line ends, a BOM, `%YAML 1.1`, `---` and `...`. The
//! variant must get the same verdicts as the plain spelling (block YAML, `true`/`false`,
//! decimal integers, plain strings); or, when kubecis reports an error on it, no rule
//! may pass that does not pass on the plain spelling. The plain spelling itself must
//! check without errors.
//!
//! **(b) Invariants on any text** (the raw input and every variant), stated from
//! go-yaml v2's reader and scanner (readerc.go, scannerc.go, yamlprivateh.go); when
//! kubecis's `parse_stream` accepts the text:
//!
//! 1. a `---` or `...` at the start of a line, followed by a blank, a break or the end
//!    (where go-yaml's line breaks include NEL, U+2028 and U+2029), is a document
//!    marker: no node or document kubecis built may strictly contain it;
//! 2. no scalar's source bytes hold NEL, U+2028 or U+2029: go-yaml reads NEL as LF and
//!    keeps U+2028/U+2029 in the value (`read_line`), the shimmed YAML 1.2 parser folds
//!    them as spaces and a LF, so the values can differ; kubecis must refuse instead;
//! 3. every alias is `*` and go-yaml anchor characters (`[0-9A-Za-z_-]`): go-yaml
//!    stops a name at any other character, YAML 1.2 does not;
//!
//! and 4. whatever the parser says, text with a character go-yaml's reader refuses
//! ("control characters are not allowed": anything but tab, LF, CR, NEL, U+0020-U+007E,
//! U+00A0-U+D7FF, U+E000-U+FFFD and U+10000 up) gets an error from `check` (NUL
//! excepted: a document with NUL bytes is read as a `/proc` command line, not YAML).
//!
//! What it cannot prove: that the plain spelling means what the kubelet reads (that is
//! the job of `tests/cases`, written from the Kubernetes sources); spellings outside
//! the generator (multi-line plain scalars, complex keys, anchors on keys of merged
//! mappings, `!!float`, `!!timestamp`, tabs); anchor names that are never aliased; and
//! go-yaml's own errors on text kubecis accepts, beyond the four invariants.

use crate::common;
use kubecis_core::report::{Report, Status};
use kubecis_core::source::yaml::{parse_stream, Node, NodeKind};
use kubecis_core::{check, Document, Options};

const NAME: &str = "var/lib/kubelet/config.yaml";

pub fn go_yaml(data: &[u8]) {
    invariants(&common::text(data));
    let (plain, variant) = spellings(data);
    invariants(&variant);
    compare(&plain, &variant);
}

// ---- (a) the model and its spellings --------------------------------------------

/// The plain spelling of the input's model and the variant its choices make.
pub fn spellings(data: &[u8]) -> (String, String) {
    let (model, spelling) = decode(data);
    (render(&model, &mut Choices::new(&[])), render(&model, &mut Choices::new(spelling)))
}

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<String>),
    Map(Vec<(String, Val)>),
}

enum Ty {
    Bool,
    Int(&'static [i64]),
    Str(&'static [&'static str]),
    List(&'static [&'static str]),
}

/// The kubelet settings kubecis reads from a config file, with values on both sides of
/// each rule's line.
const SETTINGS: &[(&[&str], Ty)] = &[
    (&["authentication", "anonymous", "enabled"], Ty::Bool),
    (&["authentication", "webhook", "enabled"], Ty::Bool),
    (&["authentication", "x509", "clientCAFile"], Ty::Str(&["/etc/kubernetes/pki/ca.crt", ""])),
    (&["authorization", "mode"], Ty::Str(&["Webhook", "AlwaysAllow"])),
    (&["readOnlyPort"], Ty::Int(&[0, 10255])),
    (&["eventRecordQPS"], Ty::Int(&[0, 5, 50])),
    (&["eventBurst"], Ty::Int(&[0, 10, 100])),
    (&["podPidsLimit"], Ty::Int(&[-1, 0, 4096])),
    (&["makeIPTablesUtilChains"], Ty::Bool),
    (&["protectKernelDefaults"], Ty::Bool),
    (&["rotateCertificates"], Ty::Bool),
    (&["serverTLSBootstrap"], Ty::Bool),
    (&["seccompDefault"], Ty::Bool),
    (&["streamingConnectionIdleTimeout"], Ty::Str(&["4h0m0s", "0s", "5m", "0"])),
    (&["tlsCertFile"], Ty::Str(&["/var/lib/kubelet/pki/kubelet.crt"])),
    (&["tlsPrivateKeyFile"], Ty::Str(&["/var/lib/kubelet/pki/kubelet.key"])),
    (&["tlsMinVersion"], Ty::Str(&["VersionTLS12", "VersionTLS13", "VersionTLS10"])),
    (
        &["tlsCipherSuites"],
        Ty::List(&[
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_RC4_128_SHA",
            "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
        ]),
    ),
    (&["featureGates", "RotateKubeletServerCertificate"], Ty::Bool),
    (&["featureGates", "SeccompDefault"], Ty::Bool),
];

/// The model from the first bytes; the rest choose the spellings.
fn decode(data: &[u8]) -> (Vec<(String, Val)>, &[u8]) {
    let n = data.first().map_or(0, |b| (b % 11) as usize);
    let model_len = (1 + 2 * n).min(data.len());
    let mut root = vec![
        ("apiVersion".to_string(), Val::Str("kubelet.config.k8s.io/v1beta1".into())),
        ("kind".to_string(), Val::Str("KubeletConfiguration".into())),
    ];
    for pair in data[1.min(data.len())..model_len].chunks(2) {
        let (which, value) = (pair[0] as usize, pair.get(1).copied().unwrap_or(0) as usize);
        let (path, ty) = &SETTINGS[which % SETTINGS.len()];
        let v = match ty {
            Ty::Bool => Val::Bool(value & 1 == 1),
            Ty::Int(vs) => Val::Int(vs[value % vs.len()]),
            Ty::Str(vs) => Val::Str(vs[value % vs.len()].to_string()),
            Ty::List(vs) => Val::List(
                vs.iter().enumerate().filter(|(i, _)| value >> i & 1 == 1).map(|(_, s)| s.to_string()).collect(),
            ),
        };
        insert(&mut root, path, v);
    }
    (root, &data[model_len..])
}

fn insert(map: &mut Vec<(String, Val)>, path: &[&str], v: Val) {
    let pos = map.iter().position(|(k, _)| k == path[0]);
    if path.len() == 1 {
        match pos {
            Some(i) => map[i].1 = v,
            None => map.push((path[0].to_string(), v)),
        }
        return;
    }
    let i = pos.unwrap_or_else(|| {
        map.push((path[0].to_string(), Val::Map(vec![])));
        map.len() - 1
    });
    if let Val::Map(m) = &mut map[i].1 {
        insert(m, &path[1..], v);
    }
}

/// The spelling choices: each call takes one byte; past the end every choice is 0, the plain spelling.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u8]) -> Choices<'a> {
        Choices { data, at: 0 }
    }
    fn pick(&mut self, n: usize) -> usize {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b as usize % n
    }
}

struct Out<'c, 'd> {
    c: &'c mut Choices<'d>,
    s: String,
    nl: &'static str,
    w: usize,
    /// Scalars anchored so far, with their meaning: an alias to one means the same.
    anchors: Vec<(Val, String)>,
    tag_handle: bool,
    /// The last scalar was a block scalar: its line takes no comment and no other break.
    block_scalar: bool,
}

const TRUE_WORDS: &[&str] = &["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"];
const FALSE_WORDS: &[&str] = &["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"];

fn render(model: &[(String, Val)], c: &mut Choices) -> String {
    let nl = ["\n", "\r\n", "\r"][c.pick(3)];
    let w = [2, 4, 1, 3][c.pick(4)];
    let bom = c.pick(8) == 1;
    let directives = c.pick(6);
    let start = c.pick(3) == 1 || matches!(directives, 1..=3);
    let end = c.pick(4) == 1;
    let flow_root = c.pick(4) == 1;
    let mut o = Out { c, s: String::new(), nl, w, anchors: vec![], tag_handle: false, block_scalar: false };
    if bom {
        o.s.push('\u{feff}');
    }
    if directives == 1 || directives == 3 {
        o.s.push_str("%YAML 1.1");
        o.s.push_str(nl);
    }
    if directives == 2 || directives == 3 {
        o.s.push_str("%TAG !k! tag:yaml.org,2002:");
        o.s.push_str(nl);
        o.tag_handle = true;
    }
    if start {
        o.s.push_str("---");
        o.s.push_str(nl);
    }
    if flow_root {
        o.flow_map(model, 0);
        o.s.push_str(nl);
    } else {
        o.block_map(model, 0);
    }
    if end {
        o.s.push_str("...");
        o.s.push_str(nl);
    }
    o.s
}

fn decoy(v: &Val) -> Val {
    match v {
        Val::Bool(b) => Val::Bool(!b),
        Val::Int(n) => Val::Int(n + 1),
        Val::Str(s) => Val::Str(format!("{s}x")),
        Val::List(l) => Val::List(if l.is_empty() { vec!["TLS_RSA_WITH_RC4_128_SHA".into()] } else { vec![] }),
        Val::Map(_) => Val::Map(vec![]),
    }
}

fn is_scalar(v: &Val) -> bool {
    matches!(v, Val::Bool(_) | Val::Int(_) | Val::Str(_))
}

/// One entry as written: a `<<` merge of a mapping or list of mappings, or a key.
enum Entry {
    Merge { tagged: bool, value: Val },
    Key(String, Val),
}

impl Out<'_, '_> {
    fn pad(&mut self, n: usize) {
        self.s.extend(std::iter::repeat_n(' ', n));
    }

    /// The entries of a mapping, maybe rewritten with merge keys that mean the same.
    fn entries(&mut self, map: &[(String, Val)]) -> Vec<Entry> {
        let plain = || map.iter().map(|(k, v)| Entry::Key(k.clone(), v.clone())).collect::<Vec<_>>();
        if map.is_empty() {
            return plain();
        }
        let how = self.c.pick(12);
        let j = self.c.pick(map.len());
        let k = self.c.pick(map.len() + 1);
        let (first, rest) = map.split_at(k);
        let key = |(k, v): &(String, Val)| Entry::Key(k.clone(), v.clone());
        match how {
            // The first k entries merged, the rest written after the merge.
            1 | 2 => {
                let mut out = vec![Entry::Merge { tagged: how == 2, value: Val::Map(first.to_vec()) }];
                out.extend(rest.iter().map(key));
                out
            }
            // A decoy merged first: the key written after `<<` wins.
            3 => {
                let (dk, dv) = &map[j];
                let mut out = vec![Entry::Merge { tagged: false, value: Val::Map(vec![(dk.clone(), decoy(dv))]) }];
                out.extend(map.iter().map(key));
                out
            }
            // A decoy written before `<<`: the merged value overrides it.
            4 => {
                let (dk, dv) = &map[j];
                let mut out = vec![Entry::Key(dk.clone(), decoy(dv))];
                out.push(Entry::Merge { tagged: false, value: Val::Map(vec![map[j].clone()]) });
                out.extend(map.iter().enumerate().filter(|(i, _)| *i != j).map(|(_, e)| key(e)));
                out
            }
            // A list of mappings: the earlier ones win.
            5 => {
                let decoys: Vec<(String, Val)> = first.iter().map(|(k, v)| (k.clone(), decoy(v))).collect();
                let mut out = vec![Entry::Merge {
                    tagged: false,
                    value: Val::Map(vec![
                        ("\u{0}list".into(), Val::Map(first.to_vec())),
                        ("\u{0}list".into(), Val::Map(decoys)),
                    ]),
                }];
                out.extend(rest.iter().map(key));
                out
            }
            _ => plain(),
        }
    }

    fn merge_key(&mut self, tagged: bool) {
        self.s.push_str(if tagged { "!!merge <<" } else { "<<" });
    }

    /// A merge's value: a mapping, or (encoded as a map of `\0list` entries) a list of them.
    fn merge_value_flow(&mut self, v: &Val, indent: usize) {
        match v {
            Val::Map(m) if m.first().is_some_and(|(k, _)| k == "\u{0}list") => {
                self.s.push('[');
                for (i, (_, part)) in m.iter().enumerate() {
                    if i > 0 {
                        self.s.push_str(", ");
                    }
                    if let Val::Map(part) = part {
                        self.flow_map(part, indent);
                    }
                }
                self.s.push(']');
            }
            Val::Map(m) => self.flow_map(m, indent),
            _ => unreachable!(),
        }
    }

    fn block_map(&mut self, map: &[(String, Val)], indent: usize) {
        if map.is_empty() {
            self.pad(indent);
            self.s.push_str("{}");
            self.s.push_str(self.nl);
            return;
        }
        for entry in self.entries(map) {
            self.pre_entry(indent);
            self.pad(indent);
            match entry {
                Entry::Merge { tagged, value } => {
                    self.merge_key(tagged);
                    match &value {
                        Val::Map(m) if !m.is_empty() && m[0].0 != "\u{0}list" && self.c.pick(2) == 1 => {
                            self.s.push(':');
                            self.s.push_str(self.nl);
                            self.block_map(m, indent + self.w);
                        }
                        _ => {
                            self.s.push_str(": ");
                            self.merge_value_flow(&value, indent);
                            self.s.push_str(self.nl);
                        }
                    }
                }
                Entry::Key(k, v) => {
                    let explicit = is_scalar(&v) && self.c.pick(10) == 1;
                    if explicit {
                        self.s.push_str("? ");
                        self.key(&k, false);
                        self.s.push_str(self.nl);
                        self.pad(indent);
                    } else {
                        self.key(&k, false);
                    }
                    self.s.push(':');
                    self.block_value(&v, indent);
                }
            }
        }
    }

    /// Optional lines before an entry: comments (some with U+2028 inside) and blank lines.
    fn pre_entry(&mut self, indent: usize) {
        match self.c.pick(12) {
            1 => {
                self.pad(indent);
                self.s.push_str("# a comment");
                self.s.push_str(self.nl);
            }
            2 => {
                self.s.push_str("#no space");
                self.s.push_str(self.nl);
            }
            3 => self.s.push_str(self.nl),
            4 => {
                self.s.push_str("# one\u{2028}# two");
                self.s.push_str(self.nl);
            }
            5 => {
                self.s.push_str("# one\u{2029}");
                self.s.push_str(self.nl);
            }
            _ => {}
        }
    }

    /// The end of a line holding a scalar: a break, maybe after a comment; or a YAML 1.1
    /// break go-yaml reads as a line end (also one at the end of a comment, with no
    /// other break after it).
    fn eol(&mut self, indent: usize) {
        let nl = self.nl;
        if std::mem::take(&mut self.block_scalar) {
            self.s.push_str(nl);
            return;
        }
        match self.c.pick(14) {
            1 => self.s.push_str(&format!(" # note{nl}")),
            2 => self.s.push_str(&format!("   #note\u{2028}{nl}")),
            3 => self.s.push('\u{2028}'),
            4 => self.s.push('\u{2029}'),
            5 => {
                self.s.push_str(" # a\u{2028}");
                self.pad(indent);
                self.s.push_str(&format!("# b{nl}"));
            }
            6 => self.s.push_str(" # the next line is after U+2028\u{2028}"),
            7 => self.s.push_str(" # the next line is after U+2029\u{2029}"),
            8 => self.s.push('\u{85}'),
            9 => self.s.push_str(" # NEL\u{85}"),
            _ => self.s.push_str(nl),
        }
    }

    fn key(&mut self, k: &str, flow: bool) {
        let meaning = Val::Str(k.to_string());
        match self.c.pick(12) {
            1 => self.s.push_str(&format!("\"{k}\"")),
            2 => self.s.push_str(&format!("'{k}'")),
            3 => self.s.push_str(&format!("!!str {k}")),
            4 => {
                let name = self.anchor(meaning);
                self.s.push_str(&format!("&{name} {k}"));
            }
            5 => match self.alias_of(&meaning) {
                Some(name) => self.s.push_str(&format!("*{name} ")),
                None => self.s.push_str(k),
            },
            6 if !k.is_empty() => {
                let c = k.chars().next().unwrap();
                self.s.push_str(&format!("\"\\x{:02X}{}\"", c as u32, &k[c.len_utf8()..]))
            }
            _ => self.s.push_str(k),
        }
        let _ = flow;
    }

    fn anchor(&mut self, meaning: Val) -> String {
        let name = format!("a{}", self.anchors.len());
        self.anchors.push((meaning, name.clone()));
        name
    }

    fn alias_of(&self, meaning: &Val) -> Option<String> {
        self.anchors.iter().rev().find(|(m, _)| m == meaning).map(|(_, n)| n.clone())
    }

    /// A value after `key:` in a block mapping.
    fn block_value(&mut self, v: &Val, indent: usize) {
        let w = self.w;
        match v {
            Val::Map(m) if m.is_empty() => {
                self.s.push_str(" {}");
                self.eol(indent);
            }
            Val::Map(m) => {
                let anchor = self.c.pick(8) == 1;
                if anchor {
                    let name = self.anchor(v.clone());
                    self.s.push_str(&format!(" &{name}"));
                }
                if self.c.pick(5) == 1 {
                    self.s.push(' ');
                    self.flow_map(m, indent);
                    self.eol(indent);
                } else {
                    self.s.push_str(self.nl);
                    self.block_map(m, indent + w);
                }
            }
            Val::List(l) if l.is_empty() => {
                self.s.push_str(" []");
                self.eol(indent);
            }
            Val::List(l) => match self.c.pick(3) {
                1 => {
                    self.s.push(' ');
                    self.flow_list(l, indent);
                    self.eol(indent);
                }
                how => {
                    self.s.push_str(self.nl);
                    let at = if how == 2 { indent } else { indent + w };
                    for item in l {
                        self.pre_entry(at);
                        self.pad(at);
                        self.s.push_str("- ");
                        let text = self.scalar(&Val::Str(item.clone()), false, at + 2);
                        self.s.push_str(&text);
                        self.eol(at);
                    }
                }
            },
            _ => {
                match self.c.pick(8) {
                    1 if self.alias_of(v).is_some() => {
                        let name = self.alias_of(v).unwrap();
                        self.s.push_str(&format!(" *{name}"));
                    }
                    2 => {
                        // On the next line, indented.
                        self.s.push_str(self.nl);
                        self.pad(indent + w);
                        let text = self.scalar(v, true, indent + w);
                        self.s.push_str(&text);
                    }
                    _ => {
                        self.s.push(' ');
                        let text = self.scalar(v, false, indent);
                        self.s.push_str(&text);
                    }
                }
                self.eol(indent);
            }
        }
    }

    fn flow_sep(&mut self, indent: usize) {
        if self.c.pick(6) == 1 {
            self.s.push(',');
            self.s.push_str(self.nl);
            self.pad(indent + self.w);
        } else {
            self.s.push_str(", ");
        }
    }

    fn flow_map(&mut self, map: &[(String, Val)], indent: usize) {
        self.s.push('{');
        for (i, entry) in self.entries(map).into_iter().enumerate() {
            if i > 0 {
                self.flow_sep(indent);
            }
            match entry {
                Entry::Merge { tagged, value } => {
                    self.merge_key(tagged);
                    self.s.push_str(": ");
                    self.merge_value_flow(&value, indent);
                }
                Entry::Key(k, v) => {
                    self.key(&k, true);
                    self.s.push_str(": ");
                    self.flow_value(&v, indent);
                }
            }
        }
        self.s.push('}');
    }

    fn flow_list(&mut self, l: &[String], indent: usize) {
        self.s.push('[');
        for (i, item) in l.iter().enumerate() {
            if i > 0 {
                self.flow_sep(indent);
            }
            let text = self.scalar(&Val::Str(item.clone()), true, indent);
            self.s.push_str(&text);
        }
        self.s.push(']');
    }

    fn flow_value(&mut self, v: &Val, indent: usize) {
        match v {
            Val::Map(m) => self.flow_map(m, indent),
            Val::List(l) => self.flow_list(l, indent),
            _ => match self.alias_of(v) {
                Some(name) if self.c.pick(6) == 1 => self.s.push_str(&format!("*{name}")),
                _ => {
                    let text = self.scalar(v, true, indent);
                    self.s.push_str(&text);
                }
            },
        }
    }

    /// A scalar with optional properties (an anchor, a tag) in either order. `flow`:
    /// no block scalars (inside flow collections, or on the line after a key).
    fn scalar(&mut self, v: &Val, flow: bool, indent: usize) -> String {
        let (tag, body) = match v {
            Val::Bool(b) => {
                let words = if *b { TRUE_WORDS } else { FALSE_WORDS };
                let word = words[self.c.pick(words.len())];
                self.tagged("bool", word)
            }
            Val::Int(n) => {
                let (sign, m) = if *n < 0 { ("-", n.unsigned_abs()) } else { ("", n.unsigned_abs()) };
                let digits = m.to_string();
                let text = match self.c.pick(10) {
                    1 if *n >= 0 => format!("+{m}"),
                    2 => format!("{sign}0x{m:x}"),
                    3 => format!("{sign}0X{m:X}"),
                    4 => format!("{sign}0{m:o}"),
                    5 => format!("{sign}0o{m:o}"),
                    6 => format!("{sign}0b{m:b}"),
                    7 if digits.len() >= 2 => format!("{sign}{}_{}", &digits[..1], &digits[1..]),
                    7 => format!("{sign}0_{digits}"),
                    _ => format!("{n}"),
                };
                self.tagged("int", &text)
            }
            Val::Str(s) => (None, self.string(s, flow, indent)),
            _ => unreachable!("collections are not scalars"),
        };
        let anchor = if self.c.pick(8) == 1 { Some(self.anchor(v.clone())) } else { None };
        match (anchor, tag) {
            (None, None) => body,
            (None, Some(t)) => format!("{t} {body}"),
            (Some(a), None) => format!("&{a} {body}"),
            (Some(a), Some(t)) if self.c.pick(2) == 1 => format!("{t} &{a} {body}"),
            (Some(a), Some(t)) => format!("&{a} {t} {body}"),
        }
    }

    /// A bool or int word, maybe with its explicit tag on plain or quoted text.
    fn tagged(&mut self, short: &str, word: &str) -> (Option<String>, String) {
        let tag = match self.c.pick(8) {
            1..=3 => format!("!!{short}"),
            4 => format!("!<tag:yaml.org,2002:{short}>"),
            5 if self.tag_handle => format!("!k!{short}"),
            _ => return (None, word.to_string()),
        };
        let body = match self.c.pick(3) {
            1 => format!("\"{word}\""),
            2 => format!("'{word}'"),
            _ => word.to_string(),
        };
        (Some(tag), body)
    }

    fn string(&mut self, s: &str, flow: bool, indent: usize) -> String {
        let must_quote = s.is_empty() || s.bytes().all(|b| b.is_ascii_digit());
        let quoted = format!("\"{s}\"");
        let plain = if must_quote { quoted.clone() } else { s.to_string() };
        let nl = self.nl;
        let w = self.w;
        self.block_scalar =
            !flow && matches!(self.c.data.get(self.c.at).map(|b| b % 16), Some(7..=10)) && !s.is_empty();
        match self.c.pick(16) {
            1 => quoted,
            2 => format!("'{s}'"),
            3 => format!("!!str {quoted}"),
            4 if !must_quote => format!("!!str {s}"),
            5 if !s.is_empty() => {
                let i = self.c.pick(s.len());
                let c = s.as_bytes()[i] as char;
                let esc =
                    if self.c.pick(2) == 1 { format!("\\u{:04X}", c as u32) } else { format!("\\x{:02X}", c as u32) };
                format!("\"{}{esc}{}\"", &s[..i], &s[i + 1..])
            }
            6 => format!("!!binary {}", base64(s.as_bytes())),
            7 if !flow && !s.is_empty() => {
                // Base64 over several lines of a literal block: Go's decoder skips the breaks.
                let b = base64(s.as_bytes());
                let mut out = format!("!!binary |{nl}");
                for chunk in b.as_bytes().chunks(8) {
                    out.push_str(&" ".repeat(indent + w));
                    out.push_str(std::str::from_utf8(chunk).unwrap());
                    out.push_str(nl);
                }
                out.truncate(out.len() - nl.len());
                out
            }
            8 if !flow && !s.is_empty() => format!("|-{nl}{}{s}", " ".repeat(indent + w)),
            9 if !flow && !s.is_empty() => format!(">-{nl}{}{s}", " ".repeat(indent + w)),
            10 if !flow && !s.is_empty() => format!("|{w}-{nl}{}{s}", " ".repeat(indent + w)),
            11 if s.len() >= 2 => {
                // An escaped line break inside double quotes joins the lines.
                let i = 1 + self.c.pick(s.len() - 1);
                format!("\"{}\\{nl}{}{}\"", &s[..i], " ".repeat(indent + w), &s[i..])
            }
            12 if s.len() >= 2 => {
                // The same with U+2028, a break to go-yaml: it must join them, or kubecis must refuse.
                let i = 1 + self.c.pick(s.len() - 1);
                format!("\"{}\\\u{2028}{}\"", &s[..i], &s[i..])
            }
            _ => plain,
        }
    }
}

/// Go's `base64.StdEncoding.EncodeToString`.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn run(text: &str) -> Report {
    check(&[Document::new(NAME, text)], &Options::default()).expect("default options are valid")
}

fn verdicts(r: &Report) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.rule,
                match f.status {
                    Status::Pass => "pass",
                    Status::Fail => "fail",
                    Status::Unknown => "unknown",
                },
            )
        })
        .collect();
    v.sort_unstable();
    v
}

fn compare(plain: &str, variant: &str) {
    let p = run(plain);
    assert!(p.errors.is_empty(), "the plain spelling has errors: {:?}\n{plain}", p.errors);
    let v = run(variant);
    common::verify(&[Document::new(NAME, variant)], &v);
    let (pv, vv) = (verdicts(&p), verdicts(&v));
    if v.errors.is_empty() {
        assert_eq!(
            pv, vv,
            "an equivalent spelling changed the verdicts\n--- plain:\n{plain}\n--- variant:\n{variant:?}"
        );
    } else {
        for (rule, status) in &vv {
            assert!(
                *status != "pass" || pv.contains(&(rule, "pass")),
                "{rule} passes on a spelling kubecis reports errors on ({:?}) but not on the plain one\n--- plain:\n{plain}\n--- variant:\n{variant:?}",
                v.errors.iter().map(|e| &e.message).collect::<Vec<_>>()
            );
        }
    }
}

// ---- (b) invariants --------------------------------------------------------------

/// go-yaml v2's line breaks (`is_break`): CR, LF, NEL, LS, PS. Returns the break's length.
fn go_break(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    match rest {
        [b'\r', b'\n', ..] => Some(2),
        [b'\r' | b'\n', ..] => Some(1),
        [0xC2, 0x85, ..] => Some(2),
        [0xE2, 0x80, 0xA8 | 0xA9, ..] => Some(3),
        _ => None,
    }
}

/// Where go-yaml v2 sees a document marker: `---` or `...` at a line start, then a
/// blank, a break or the end.
pub fn document_markers(text: &str) -> Vec<usize> {
    let mut starts = vec![if text.starts_with('\u{feff}') { 3 } else { 0 }];
    let mut i = 0;
    while i < text.len() {
        match go_break(text, i) {
            Some(n) => {
                i += n;
                starts.push(i);
            }
            None => i += 1,
        }
    }
    starts
        .into_iter()
        .filter(|&p| {
            let t = &text.as_bytes()[p.min(text.len())..];
            (t.starts_with(b"---") || t.starts_with(b"..."))
                && (t.len() == 3 || matches!(t[3], b' ' | b'\t') || go_break(text, p + 3).is_some())
        })
        .collect()
}

/// The characters go-yaml v2's reader accepts (readerc.go `yaml_parser_update_buffer`).
pub fn go_yaml_reads(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

pub fn invariants(text: &str) {
    if text.chars().any(|c| c != '\0' && !go_yaml_reads(c)) && !text.contains('\0') {
        let r = run(text);
        assert!(
            !r.errors.is_empty(),
            "go-yaml v2 refuses this text (a character it does not read), kubecis reports no error: {text:?}"
        );
    }
    let Ok(docs) = parse_stream(text) else { return };
    let markers = document_markers(text);
    let mut nodes: Vec<&Node> = Vec::new();
    fn walk<'n>(n: &'n Node, out: &mut Vec<&'n Node>) {
        out.push(n);
        match &n.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq { items, .. } => items.iter().for_each(|i| walk(i, out)),
            NodeKind::Map { entries, .. } => entries.iter().for_each(|(k, v)| {
                walk(k, out);
                walk(v, out);
            }),
        }
    }
    for d in &docs {
        for &p in &markers {
            assert!(
                !(d.span.start < p && p < d.span.end),
                "a document marker at {p} inside a document {:?}: {text:?}",
                d.span
            );
        }
        if let Some(r) = &d.root {
            walk(r, &mut nodes);
        }
    }
    for n in nodes {
        for &p in &markers {
            assert!(
                !(n.span.start < p && p < n.span.end),
                "a document marker at {p} inside a node {:?}: {text:?}",
                n.span
            );
        }
        let source = text.get(n.span.start..n.span.end).unwrap_or("");
        if n.scalar().is_some() {
            assert!(
                !source.contains(['\u{85}', '\u{2028}', '\u{2029}']),
                "a scalar holds a YAML 1.1 line break go-yaml v2 reads differently: {source:?} in {text:?}"
            );
        }
        if let Some(a) = n.alias {
            let token = &text[a.start..a.end];
            assert!(
                token.len() > 1
                    && token.starts_with('*')
                    && token[1..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
                "alias {token:?}: go-yaml v2 reads another name or none: {text:?}"
            );
        }
    }
}
