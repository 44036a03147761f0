//! Command-line flags parsed the way the components parse them: spf13/pflag for the
//! Kubernetes components (`--f=v`, `--f v`, bare booleans never taking the next word,
//! Go `strconv.ParseBool` spellings, `_` normalised to `-`, `--` ending flags), Go's
//! `flag` package for etcd (`-f` and `--f` alike, parsing stops at the first argument
//! that is not a flag). Which flags are booleans comes from the component's registry.

use super::values::parse_bool;
use crate::component::{Component, FlagSyntax, Kind};
use crate::redact::quote;
use crate::source::shell::Word;

/// One occurrence of a flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// Normalised name, without dashes.
    pub name: String,
    /// Index of the flag's word.
    pub arg: usize,
    /// The value as pflag sees it (`"true"` for a bare boolean).
    pub value: String,
    /// Where the value is written: the word index and the byte range within its value.
    /// `None` for a bare boolean.
    pub value_at: Option<(usize, usize, usize)>,
    /// A word right after a bare boolean that pflag leaves as a stray argument
    /// (`--anonymous-auth false`).
    pub stray_after: Option<usize>,
    /// Set when the value comes from a variable whose value the documents do not show
    /// (`--authorization-mode=$(MODES)` with MODES from `valueFrom`): what sets it, in words.
    pub unknown: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFlags {
    pub uses: Vec<FlagUse>,
    /// Positional words, which the kubelet and kube-apiserver refuse to start with.
    pub positional: Vec<usize>,
    /// Problems the component would refuse to start with: (message, word index).
    pub problems: Vec<(String, usize)>,
    /// Words that may be any flag, since the documents do not show their text (a whole
    /// `$(VAR)` set by `valueFrom`): (word index, what sets it).
    pub opaque: Vec<(usize, String)>,
}

impl ParsedFlags {
    /// Occurrences of one flag, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl DoubleEndedIterator<Item = &'a FlagUse> + 'a {
        self.uses.iter().filter(move |u| u.name == name)
    }

    pub fn last(&self, name: &str) -> Option<&FlagUse> {
        self.uses.iter().rev().find(|u| u.name == name)
    }
}

/// How a flag parses: its kind in the component's registry.
pub fn kind_of(component: Component, name: &str) -> Option<Kind> {
    component.setting(name).map(|s| s.kind)
}

/// Kubernetes registers `cliflag.WordSepNormalizeFunc`: `--anonymous_auth` is `--anonymous-auth`.
fn normalise(name: &str) -> String {
    name.replace('_', "-")
}

/// The flags of a component's joined command line.
pub fn parse_args(component: Component, args: &[super::Arg]) -> ParsedFlags {
    let words: Vec<&Word> = args.iter().map(|a| &a.word).collect();
    parse(component, &words)
}

/// What a word's text hides, when the documents do not show where its flag name is: its
/// first byte, or any byte of the name before `=`.
fn opaque(word: &Word) -> Option<&str> {
    let w = &word.value;
    let name_end = if w.starts_with('-') { w.find('=').unwrap_or(w.len()) } else { 1 };
    word.unknown_in(0, name_end)
}

/// A value the documents do not show: `value[start..end]` of the word.
fn unknown(word: &Word, start: usize, end: usize) -> Option<String> {
    word.unknown_in(start, end).map(String::from)
}

pub fn parse(component: Component, words: &[&Word]) -> ParsedFlags {
    if component.flag_syntax() == FlagSyntax::GoFlag {
        return parse_go_flags(component, words);
    }
    let mut out = ParsedFlags::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i].value;
        if let Some(what) = opaque(words[i]) {
            out.opaque.push((i, what.to_string()));
            i += 1;
            continue;
        }
        if w == "--" {
            out.positional.extend(i + 1..words.len());
            break;
        }
        let Some(body) = w.strip_prefix('-').filter(|b| !b.is_empty()) else {
            out.positional.push(i);
            i += 1;
            continue;
        };
        let (long, body) = match body.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, body),
        };
        let prefix = if long { 2 } else { 1 };
        let (raw_name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let name = normalise(raw_name);
        if !long && name.len() > 1 {
            // pflag reads `-anonymous-auth` as the shorthands a, n, o, ...
            out.problems.push((
                // Name only: the value may be a secret (`-token=...`).
                format!("-{raw_name}: single-dash long flags are not accepted (pflag reads them as shorthands); write --{raw_name}"),
                i,
            ));
            i += 1;
            continue;
        }
        let kind = if long { kind_of(component, &name) } else { short_kind(&name) };
        let is_bool = kind.is_some_and(Kind::is_bool);
        let value_start = prefix + raw_name.len() + 1;
        match (kind, inline) {
            (_, Some(v)) => {
                let unknown = unknown(words[i], value_start, w.len());
                if is_bool && unknown.is_none() && parse_bool(v).is_none() {
                    out.problems.push((format!("{}: invalid boolean {} (Go ParseBool accepts 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)", word_or_name(w, raw_name), quote(v)), i));
                }
                out.uses.push(FlagUse {
                    name,
                    arg: i,
                    value: v.to_string(),
                    value_at: Some((i, value_start, w.len())),
                    stray_after: None,
                    unknown,
                });
                i += 1;
            }
            (Some(_), None) if is_bool => {
                // A word that may be a flag is not left behind as a stray argument.
                let next = words.get(i + 1).filter(|n| opaque(n).is_none()).map(|n| n.value.as_str());
                let stray_after = next.filter(|n| !n.starts_with('-')).map(|_| i + 1);
                out.uses.push(FlagUse {
                    name,
                    arg: i,
                    value: "true".into(),
                    value_at: None,
                    stray_after,
                    unknown: None,
                });
                i += 1;
            }
            (known, None) => {
                if known.is_none() {
                    out.problems.push((format!("unknown flag --{name}"), i));
                }
                match words.get(i + 1) {
                    // pflag takes the next word as the value whatever it looks like; for a
                    // flag we do not know, only a word that is not itself a flag.
                    Some(next) if known.is_some() || !next.value.starts_with('-') => {
                        out.uses.push(FlagUse {
                            name,
                            arg: i,
                            value: next.value.clone(),
                            value_at: Some((i + 1, 0, next.value.len())),
                            stray_after: None,
                            unknown: unknown(next, 0, next.value.len()),
                        });
                        i += 2;
                    }
                    _ if known.is_none() => {
                        out.uses.push(FlagUse {
                            name,
                            arg: i,
                            value: "true".into(),
                            value_at: None,
                            stray_after: None,
                            unknown: None,
                        });
                        i += 1;
                    }
                    _ => {
                        out.problems.push((format!("flag needs an argument: {w}"), i));
                        i += 1;
                    }
                }
            }
        }
    }
    typed_values(component, &mut out);
    for &p in &out.positional {
        let (stray, quoted) = crate::redact::scrub::stray(&words[p].value);
        let message = match out.uses.iter().find(|u| u.stray_after == Some(p)) {
            Some(u) => format!(
                "--{} {stray}: a boolean flag never takes the next word, so this sets {} to true and leaves {quoted} as a stray argument; the {} refuses to start (write --{}={stray})",
                u.name, u.name, component.name(), u.name
            ),
            None => format!("stray argument {quoted}: the {} takes no positional arguments and refuses to start", component.name()),
        };
        out.problems.push((message, p));
    }
    out
}

/// A value its flag's parser refuses (an int32 that is not one, a duration without a unit,
/// a feature gate that is not `Name=bool`) stops the component: pflag's Parse returns the
/// error and the component exits. Booleans are checked where they are read.
fn typed_values(component: Component, out: &mut ParsedFlags) {
    for u in out.uses.iter().filter(|u| u.unknown.is_none()) {
        let Some(kind) = kind_of(component, &u.name) else { continue };
        if !matches!(kind, Kind::Int32 | Kind::Int64 | Kind::Duration | Kind::Map | Kind::FeatureGates) {
            continue;
        }
        if let Err(e) = super::values::from_flag(kind, &u.value, &[]) {
            out.problems.push((format!("--{}: {e}; the {} refuses to start", u.name, component.name()), u.arg));
        }
    }
}

/// A flag word as a message quotes it: whole when short, else by its name (the value
/// is quoted on its own, or described when long).
fn word_or_name(word: &str, name: &str) -> String {
    let whole = quote(word);
    if whole.starts_with('"') {
        whole
    } else {
        format!("--{name}")
    }
}

/// Shorthands every Kubernetes component registers: `-v` (klog verbosity) and `-h` (help).
fn short_kind(name: &str) -> Option<Kind> {
    match name {
        "v" => Some(Kind::Value),
        "h" => Some(Kind::Bool),
        _ => None,
    }
}

/// Go's `flag.FlagSet.Parse`: `-name`, `--name`, `-name=value`; a boolean never takes
/// the next word, any other flag always does; the first word that is not a flag ends
/// the flags (etcd then refuses the leftover arguments). Names are not normalised.
fn parse_go_flags(component: Component, words: &[&Word]) -> ParsedFlags {
    let mut out = ParsedFlags::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i].value;
        if let Some(what) = opaque(words[i]) {
            out.opaque.push((i, what.to_string()));
            i += 1;
            continue;
        }
        let body =
            w.strip_prefix("--").or_else(|| w.strip_prefix('-')).filter(|b| !b.is_empty() && !b.starts_with('-'));
        let Some(body) = body else {
            let rest = if w == "--" { i + 1 } else { i };
            out.positional.extend(rest..words.len());
            break;
        };
        let prefix = w.len() - body.len();
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v)),
            None => (body.to_string(), None),
        };
        let kind = kind_of(component, &name);
        if kind.is_none() {
            out.problems.push((format!("unknown flag -{name} (flag provided but not defined)"), i));
        }
        let is_bool = kind.is_some_and(Kind::is_bool);
        match inline {
            Some(v) => {
                let value_start = prefix + name.len() + 1;
                let unknown = unknown(words[i], value_start, w.len());
                if is_bool && unknown.is_none() && parse_bool(v).is_none() {
                    out.problems.push((format!("-{name}: invalid boolean {}", quote(v)), i));
                }
                out.uses.push(FlagUse {
                    name,
                    arg: i,
                    value: v.to_string(),
                    value_at: Some((i, value_start, w.len())),
                    stray_after: None,
                    unknown,
                });
                i += 1;
            }
            None if is_bool => {
                out.uses.push(FlagUse {
                    name,
                    arg: i,
                    value: "true".into(),
                    value_at: None,
                    stray_after: None,
                    unknown: None,
                });
                i += 1;
            }
            None => match words.get(i + 1) {
                Some(next) => {
                    out.uses.push(FlagUse {
                        name,
                        arg: i,
                        value: next.value.clone(),
                        value_at: Some((i + 1, 0, next.value.len())),
                        stray_after: None,
                        unknown: unknown(next, 0, next.value.len()),
                    });
                    i += 2;
                }
                None => {
                    out.problems.push((format!("flag needs an argument: -{name}"), i));
                    i += 1;
                }
            },
        }
    }
    for &p in &out.positional {
        out.problems.push((
            format!(
                "stray argument {}: {} takes no positional arguments and refuses to start",
                quote(&words[p].value),
                component.name()
            ),
            p,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(component: Component, line: &str) -> ParsedFlags {
        let words = crate::source::shell::split(line, 0).unwrap();
        let refs: Vec<&Word> = words.iter().collect();
        parse(component, &refs)
    }

    #[test]
    fn forms_of_values() {
        let p = parse_str(Component::Kubelet, "--authorization-mode Webhook --anonymous_auth=f --config=/x");
        assert_eq!(p.last("authorization-mode").unwrap().value, "Webhook");
        assert_eq!(p.last("anonymous-auth").unwrap().value, "f");
        assert_eq!(p.last("config").unwrap().value_at, Some((3, 9, 11)));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn bare_boolean_never_takes_the_next_word() {
        let p = parse_str(Component::Kubelet, "--anonymous-auth false --config=/x");
        let u = p.last("anonymous-auth").unwrap();
        assert_eq!(u.value, "true");
        assert_eq!(u.stray_after, Some(1));
        assert_eq!(p.positional, [1]);
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].0.contains("sets anonymous-auth to true"), "{:?}", p.problems);
    }

    #[test]
    fn last_repetition_is_last() {
        let p = parse_str(Component::Kubelet, "--anonymous-auth=false --anonymous-auth=true");
        assert_eq!(p.last("anonymous-auth").unwrap().value, "true");
        assert_eq!(p.all("anonymous-auth").count(), 2);
    }

    #[test]
    fn problems_the_component_refuses() {
        let p = parse_str(Component::Kubelet, "-anonymous-auth=false --anonymous-auth=nope extra --");
        assert_eq!(p.problems.len(), 3, "{:?}", p.problems);
    }

    #[test]
    fn values_the_documents_do_not_show() {
        let hidden = |v: &str, start| Word::verbatim(v, start).expansion(Some(format!("{v} (set by valueFrom)")));
        let flag = |v: &str, start| Word::verbatim(v, start);
        let profiling = Word::concat(&[flag("--profiling=", 0), hidden("$(P)", 12)]);
        let port = Word::concat(&[flag("--secure-port=", 20), hidden("$(N)", 34)]);
        let words = [profiling, port, flag("--authorization-mode", 40), hidden("$(M)", 61), hidden("$(X)", 70)];
        let words =
            [&words[0], &words[1], &words[2], &words[3], &words[4], &flag("--anonymous-auth", 80), &hidden("$(Y)", 97)];
        let p = parse(Component::KubeApiserver, &words);
        // Neither an invalid boolean nor an integer that does not parse: unknown.
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.last("profiling").unwrap().unknown.as_deref(), Some("$(P) (set by valueFrom)"));
        assert!(p.last("secure-port").unwrap().unknown.is_some());
        assert_eq!(p.last("authorization-mode").unwrap().unknown.as_deref(), Some("$(M) (set by valueFrom)"));
        // A whole hidden word may be any flag; after a bare boolean it is not left as stray.
        assert_eq!(p.opaque, [(4, "$(X) (set by valueFrom)".to_string()), (6, "$(Y) (set by valueFrom)".to_string())]);
        assert_eq!(p.last("anonymous-auth").unwrap().stray_after, None);
        assert!(p.positional.is_empty());
    }

    #[test]
    fn parse_bool_spellings() {
        for t in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(t), Some(true));
        }
        for f in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(f), Some(false));
        }
        for bad in ["yes", "on", "tRUE", ""] {
            assert_eq!(parse_bool(bad), None);
        }
    }
}
