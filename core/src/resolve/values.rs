//! Typed values, read the way the components read them: flag text as pflag's parsers
//! do (Go `strconv` and `time.ParseDuration`), config-file scalars as sigs.k8s.io/yaml
//! does (go-yaml v2's YAML 1.1 resolution, then JSON decoding into the Go type).

use crate::component::Kind;
use crate::redact::quote;
pub use crate::source::go::{parse_bool, parse_duration, parse_go_int};
use crate::source::yaml::{Node, Tagged};

/// An effective value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    /// A duration in nanoseconds, and how it is written.
    Duration(i64, String),
    Text(String),
    List(Vec<String>),
    /// Map entries in order (feature gates: `Gate`, `true`).
    Map(Vec<(String, String)>),
    /// No value: an empty string, a file that is not named.
    Unset,
}

impl Value {
    pub fn render(&self) -> String {
        match self {
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Duration(_, text) => text.clone(),
            Value::Text(t) => t.clone(),
            Value::List(l) => l.join(","),
            Value::Map(m) => m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
            Value::Unset => String::new(),
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    pub fn as_nanos(&self) -> Option<i64> {
        match self {
            Value::Duration(n, _) => Some(*n),
            _ => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn items(&self) -> &[String] {
        match self {
            Value::List(l) => l,
            _ => &[],
        }
    }

    /// Whether a string, list or path is set to something.
    pub fn is_set(&self) -> bool {
        match self {
            Value::Unset => false,
            Value::Text(t) => !t.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            _ => true,
        }
    }
}

/// A flag's text as a typed value, or why the component rejects it.
pub fn from_flag(kind: Kind, raw: &str, allowed: &[&str]) -> Result<Value, String> {
    let check_allowed = |v: &str| {
        if allowed.is_empty() || allowed.contains(&v) {
            Ok(())
        } else if allowed.len() > 8 {
            // A long list (admission plugins, cipher suites): the name is what matters.
            let hint = if v != v.trim() { " (pflag does not trim the spaces around a list's items)" } else { "" };
            Err(format!("{} is not a name it knows (names are case-sensitive){hint}", quote(v)))
        } else {
            Err(format!("{} is not one of {} (case-sensitive)", quote(v), allowed.join(", ")))
        }
    };
    match kind {
        Kind::Bool => parse_bool(raw).map(Value::Bool).ok_or_else(|| {
            format!(
                "{} is not a boolean (Go ParseBool accepts 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)",
                quote(raw)
            )
        }),
        Kind::Int32 => {
            parse_go_int(raw, 32).map(Value::Int).ok_or_else(|| format!("{} is not a 32-bit integer", quote(raw)))
        }
        Kind::Int64 => {
            parse_go_int(raw, 64).map(Value::Int).ok_or_else(|| format!("{} is not a 64-bit integer", quote(raw)))
        }
        Kind::Duration => parse_duration(raw)
            .map(|n| Value::Duration(n, raw.to_string()))
            .ok_or_else(|| format!("{} is not a duration (such as 4h0m0s, 30m, 90s)", quote(raw))),
        Kind::String | Kind::Value => {
            if raw.is_empty() {
                return Ok(Value::Unset);
            }
            check_allowed(raw)?;
            Ok(Value::Text(raw.to_string()))
        }
        Kind::List | Kind::Array => {
            let items: Vec<String> = if kind == Kind::Array {
                vec![raw.to_string()]
            } else if raw.is_empty() {
                vec![]
            } else {
                // pflag reads a slice as one CSV record: items are not trimmed.
                raw.split(',').map(String::from).collect()
            };
            for i in &items {
                check_allowed(i)?;
            }
            Ok(Value::List(items))
        }
        Kind::Map | Kind::FeatureGates => parse_map(raw, kind == Kind::FeatureGates).map(Value::Map),
    }
}

/// `k=v,k2=v2` as pflag's map flags read it (`cliflag.MapStringBool` for feature gates:
/// keys and values are trimmed, a value must be a ParseBool spelling).
pub fn parse_map(raw: &str, bools: bool) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for pair in raw.split(',') {
        if pair.trim().is_empty() {
            continue;
        }
        let Some((k, v)) = pair.split_once('=') else {
            return Err(format!("{} is not of the form key=value", quote(pair)));
        };
        let (k, v) = (k.trim(), v.trim());
        if bools {
            let b = parse_bool(v).ok_or_else(|| format!("invalid value of {k}: {} is not a boolean", quote(v)))?;
            out.push((k.to_string(), b.to_string()));
        } else {
            out.push((k.to_string(), v.to_string()));
        }
    }
    Ok(out)
}

/// A config-file node as a typed value (`Ok(None)`: null, which decodes as absent), or why
/// the component rejects the file.
pub fn from_config(kind: Kind, node: &Node, allowed: &[&str]) -> Result<Option<Value>, String> {
    let tagged = node.tagged();
    if matches!(tagged, Some(Tagged::Null)) {
        return Ok(None);
    }
    let wrong = || match node.as_str() {
        Some(raw) => format!("must be {}, not the {} {}", kind.a_noun(), node.type_name(), quote(raw)),
        None => format!("must be {}, not a {}", kind.a_noun(), node.type_name()),
    };
    let text = |t: &Tagged| match t {
        Tagged::String(s) => Some(s.clone()),
        _ => None,
    };
    match kind {
        Kind::Bool => match tagged {
            Some(Tagged::Bool(b)) => Ok(Some(Value::Bool(b))),
            _ => Err(wrong()),
        },
        Kind::Int32 | Kind::Int64 => {
            let max = if kind == Kind::Int32 { i32::MAX as i128 } else { i64::MAX as i128 };
            match tagged {
                Some(Tagged::Int(i)) if i >= -max - 1 && i <= max => Ok(Some(Value::Int(i as i64))),
                // A whole float (`1e3`, `10.0`) decodes into an integer field.
                Some(Tagged::Float(f)) if f.fract() == 0.0 && f.abs() <= max as f64 => Ok(Some(Value::Int(f as i64))),
                Some(Tagged::Int(_) | Tagged::Float(_)) => Err(format!(
                    "is out of range for a {} integer",
                    if kind == Kind::Int32 { "32-bit" } else { "64-bit" }
                )),
                _ => Err(wrong()),
            }
        }
        Kind::Duration => match tagged.as_ref().and_then(text) {
            // metav1.Duration decodes only a string.
            Some(s) => parse_duration(&s)
                .map(|n| Some(Value::Duration(n, s.clone())))
                .ok_or_else(|| format!("{} is not a duration (such as 4h0m0s, 30m, 90s)", quote(&s))),
            None => Err(format!("must be a duration string such as \"4h0m0s\", not a {}", node.type_name())),
        },
        Kind::String | Kind::Value => match tagged.as_ref().and_then(text) {
            Some(s) if s.is_empty() => Ok(Some(Value::Unset)),
            Some(s) if allowed.is_empty() || allowed.contains(&s.as_str()) => Ok(Some(Value::Text(s))),
            Some(s) => Err(format!("{} is not one of {} (case-sensitive)", quote(&s), allowed.join(", "))),
            None => Err(wrong()),
        },
        Kind::List | Kind::Array => {
            let Some(items) = node.items() else { return Err(wrong()) };
            let mut out = Vec::new();
            for item in items {
                match item.tagged().as_ref().and_then(text) {
                    Some(s) if allowed.is_empty() || allowed.contains(&s.as_str()) => out.push(s),
                    Some(s) => return Err(format!("lists {}, which is not one of {}", quote(&s), allowed.join(", "))),
                    None => return Err(format!("must be a list of strings; an item is a {}", item.type_name())),
                }
            }
            Ok(Some(Value::List(out)))
        }
        Kind::Map | Kind::FeatureGates => {
            let Some(entries) = node.entries() else { return Err(wrong()) };
            let mut out = Vec::new();
            for (k, v) in entries {
                let key = k.as_str().unwrap_or("").to_string();
                let value = match (kind, v.tagged()) {
                    (Kind::FeatureGates, Some(Tagged::Bool(b))) => b.to_string(),
                    (Kind::FeatureGates, _) => return Err(format!("{key} must be a boolean, not a {}", v.type_name())),
                    (_, Some(Tagged::String(s))) => s,
                    _ => return Err(format!("{key} must be a string, not a {}", v.type_name())),
                };
                // A key given twice: lenient decoding keeps the last.
                out.retain(|(k2, _): &(String, String)| *k2 != key);
                out.push((key, value));
            }
            Ok(Some(Value::Map(out)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_and_gates() {
        assert_eq!(
            parse_map("A=true, B = false", true).unwrap(),
            [("A".to_string(), "true".to_string()), ("B".to_string(), "false".to_string())]
        );
        assert!(parse_map("A=yes", true).is_err());
        assert!(parse_map("A", false).is_err());
    }
}
