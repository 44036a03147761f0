//! The kubelet's effective settings: explicit flags > `--config-dir` drop-ins
//! (lexical order, later wins) > `--config` file > defaults, where the defaults
//! depend on whether a config file is loaded (cmd/kubelet/app/options/options.go
//! applies legacy defaults for flags-only kubelets: anonymous auth on, AlwaysAllow).

use super::flags::parse_bool;
use super::{At, ConfigDoc, ConfigSource, DropIns, Instance, NodeStyle, Resolved, Source, Value};
use crate::report::Origin;
use crate::source::yaml::Node;
use saphyr_parser::ScalarStyle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Bool,
    Text,
}

/// A kubelet setting: its config path, its flag and its two defaults.
#[derive(Debug, Clone, Copy)]
pub struct KubeletSetting {
    pub path: &'static [&'static str],
    pub flag: &'static str,
    pub kind: ValueKind,
    /// Without `--config` (legacy flag defaults).
    pub legacy_default: &'static str,
    /// With a v1beta1 config file that omits the field.
    pub config_default: &'static str,
}

impl KubeletSetting {
    pub fn dotted(&self) -> String {
        self.path.join(".")
    }

    fn value(&self, raw: &str) -> Option<Value> {
        match self.kind {
            ValueKind::Bool => parse_bool(raw).map(Value::Bool),
            ValueKind::Text => Some(Value::Text(raw.to_string())),
        }
    }
}

pub fn resolve_kubelet(inst: &Instance, s: &KubeletSetting) -> Resolved {
    let r = Resolved::unknown();

    if let ConfigSource::Configz(c) = &inst.config {
        return match config_value(c, s, Origin::Configz) {
            Ok(Some(src)) => decided(r, s, src, vec![], "reported by the running kubelet's /configz"),
            Ok(None) => unknown(r, None, format!("{} is not in the /configz output", s.dotted())),
            Err(e) => invalid(r, *e),
        };
    }

    // Every layer below the flags that sets the value, lowest first.
    let mut layers: Vec<Source> = Vec::new();
    if let ConfigSource::File(c) | ConfigSource::Assumed(c) = &inst.config {
        match config_value(c, s, Origin::Config) {
            Ok(Some(src)) => layers.push(src),
            Ok(None) => {}
            Err(e) => return invalid(r, *e),
        }
    }
    let mut dropins_unsupplied = None;
    if let DropIns::Dir { path, files, complete } = &inst.dropins {
        for f in files {
            match config_value(f, s, Origin::DropIn) {
                Ok(Some(src)) => layers.push(src),
                Ok(None) => {}
                Err(e) => return invalid(r, *e),
            }
        }
        if files.is_empty() && !complete {
            dropins_unsupplied = Some(path.clone());
        }
    }

    // Explicit flags win, unless a file that was not supplied is expanded after them.
    if let Some(argv) = &inst.argv {
        // pflag stops at the first value it cannot parse: the kubelet exits there, and
        // later repetitions never apply.
        let invalid = argv.flags.all(s.flag).find(|u| s.kind == ValueKind::Bool && parse_bool(&u.value).is_none());
        if let Some(u) = invalid.or_else(|| argv.flags.last(s.flag)) {
            let src = argv.flag_source(u);
            if let Some(g) = argv.gaps.iter().find(|g| g.at > u.arg) {
                return unknown(
                    r,
                    Some(&g.missing),
                    format!("{} was not supplied and is expanded after --{}, so it may override it", g.missing, s.flag),
                );
            }
            let mut d = decided(r, s, src, layers, &format!("set by --{}", s.flag));
            if let Some(stray) = u.stray_after {
                let word = &argv.args[stray].word.value;
                d.problem = Some(format!(
                    "--{} {word}: a boolean flag never takes the next word, so this sets it to true and leaves {word:?} as a stray argument; the kubelet refuses to start",
                    s.flag
                ));
            }
            return d;
        }
        if let Some(g) = argv.gaps.first() {
            return unknown(r, Some(&g.missing), format!("{} was not supplied and may set --{}", g.missing, s.flag));
        }
    }
    if let Some(dir) = dropins_unsupplied {
        return unknown(
            r,
            Some(&format!("{dir}/*.conf")),
            format!("--config-dir {dir} is set but none of its drop-ins was supplied; one may set {}", s.dotted()),
        );
    }
    if let Some(top) = layers.pop() {
        // A drop-in decides even when the --config file itself is missing.
        if top.origin == Origin::DropIn || !matches!(inst.config, ConfigSource::Missing(_) | ConfigSource::Unknown(_)) {
            let why = if top.origin == Origin::DropIn {
                "set by a --config-dir drop-in".to_string()
            } else {
                format!("set by {} in the config file", s.dotted())
            };
            return decided(r, s, top, layers, &why);
        }
    }
    let (value, origin, why) = match &inst.config {
        ConfigSource::File(_) | ConfigSource::Assumed(_) => {
            (s.config_default, Origin::Default, "the kubelet's default when a config file is loaded")
        }
        ConfigSource::KubeadmDefault => {
            (s.config_default, Origin::KubeadmDefault, "the value in kubeadm's generated kubelet config")
        }
        ConfigSource::Absent => (s.legacy_default, Origin::Default, "the kubelet's default without --config"),
        ConfigSource::Missing(path) => {
            let r = Resolved { anchor: inst.flag_at("config"), ..r };
            return unknown(r, Some(path), format!("--config {path} was not supplied"));
        }
        ConfigSource::Unknown(why) => {
            return unknown(r, None, format!("--{} is not set in what was supplied, and {why}", s.flag))
        }
        ConfigSource::Configz(_) => unreachable!("returned above"),
    };
    Resolved { value: s.value(value), origin, reason: format!("not set: {why} is {value}"), ..r }
}

fn unknown(mut r: Resolved, missing: Option<&String>, reason: String) -> Resolved {
    r.missing.extend(missing.cloned());
    r.reason = reason;
    r
}

fn decided(mut r: Resolved, s: &KubeletSetting, src: Source, below: Vec<Source>, why: &str) -> Resolved {
    r.value = s.value(&src.value);
    if r.value.is_none() {
        r.problem =
            Some(format!("{:?} is not a valid value for {}; the kubelet refuses to start", src.value, s.dotted()));
        r.value = Some(Value::Text(src.value.clone()));
    }
    r.origin = src.origin;
    r.reason = why.to_string();
    r.overridden = below.into_iter().rev().collect();
    r.sources = vec![src];
    r
}

fn invalid(mut r: Resolved, e: (String, Source)) -> Resolved {
    r.problem = Some(e.0);
    r.origin = e.1.origin;
    r.value = Some(Value::Text(e.1.value.clone()));
    r.sources = vec![e.1];
    r
}

/// The setting's value in one config document: `Ok(None)` when absent (or null),
/// an error when it has the wrong type (the kubelet rejects the file).
fn config_value(c: &ConfigDoc, s: &KubeletSetting, origin: Origin) -> Result<Option<Source>, Box<(String, Source)>> {
    // Every level above the field must be a mapping (or absent): the kubelet rejects
    // `authentication: [..]` as it rejects a wrong leaf.
    let mut parent = &c.config.root;
    for (depth, key) in s.path[..s.path.len().saturating_sub(1)].iter().enumerate() {
        let Some(next) = parent.get(key).filter(|n| !n.is_null()) else {
            return Ok(None);
        };
        if next.entries().is_none() {
            let at = At::Node { doc: c.doc, span: next.span, style: NodeStyle::Opaque };
            return Err(Box::new((
                format!(
                    "{} must be a mapping, not a {}; the kubelet rejects this config",
                    s.path[..=depth].join("."),
                    next.type_name()
                ),
                Source { value: next.as_str().unwrap_or("").to_string(), origin, at },
            )));
        }
        parent = next;
    }
    let Some(node) = s.path.last().and_then(|key| parent.get(key)).filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let at = At::Node { doc: c.doc, span: node.span, style: style_of(node) };
    let source = |value: String| Source { value, origin, at: at.clone() };
    match (s.kind, node.scalar()) {
        (ValueKind::Bool, Some(_)) => match node.as_bool() {
            Some(b) => Ok(Some(source(b.to_string()))),
            None => Err(Box::new((
                format!(
                    "{} must be a boolean, not the {} {:?}; the kubelet rejects this config",
                    s.dotted(),
                    node.type_name(),
                    node.as_str().unwrap_or("")
                ),
                source(node.as_str().unwrap_or("").to_string()),
            ))),
        },
        // An empty string is defaulted like an absent field (v1beta1 SetDefaults checks `== ""`).
        (ValueKind::Text, Some(sc)) if sc.value.is_empty() => Ok(None),
        (ValueKind::Text, Some(sc)) if sc.style != ScalarStyle::Plain || node.type_name() == "string" => {
            Ok(Some(source(sc.value.clone())))
        }
        _ => Err(Box::new((
            format!(
                "{} must be a {}, not a {}; the kubelet rejects this config",
                s.dotted(),
                if s.kind == ValueKind::Bool { "boolean" } else { "string" },
                node.type_name()
            ),
            source(String::new()),
        ))),
    }
}

pub(super) fn style_of(node: &Node) -> NodeStyle {
    if !node.verbatim {
        return NodeStyle::Opaque;
    }
    match node.scalar().map(|s| s.style) {
        Some(ScalarStyle::Plain) => NodeStyle::Plain,
        Some(ScalarStyle::SingleQuoted) => NodeStyle::SingleQuoted,
        Some(ScalarStyle::DoubleQuoted) => NodeStyle::DoubleQuoted,
        _ => NodeStyle::Opaque,
    }
}
