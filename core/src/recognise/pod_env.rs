//! A container's environment and the `$(VAR)` references the kubelet expands in its
//! `command` and `args` before the process starts (pkg/kubelet/container/helpers.go
//! ExpandContainerCommandAndArgs, with third_party/forked/golang/expansion/expand.go).
//!
//! `$(NAME)` becomes the variable's value; an undefined one stays `$(NAME)`; `$$` is a
//! literal `$`; any other `$` and an unclosed `$(` stay as written. `env` values are
//! expanded in order against the entries before them (pkg/kubelet/kubelet_pods.go
//! makeEnvironmentVariables). A value the manifest cannot show (`valueFrom`, `envFrom`,
//! a Service's variables) is kept as the reference, marked unknown, so that a flag
//! taking it is unknown rather than misread.

use crate::limits;
use crate::source::shell::Word;
use crate::source::yaml::Node;
use std::collections::HashMap;

/// A piece of an input string as the expansion reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    /// `input[start..end]`, copied as it is.
    Text(usize, usize),
    /// `$(name)` at `input[start..end]`.
    Var(&'a str, usize, usize),
    /// `input[start..]`, not read: more references than `max_vars`.
    Rest(usize),
}

/// expand.go's `Expand`, as pieces: a `$` before the last byte reads what follows. Text
/// pieces next to each other are one.
fn pieces(input: &str, max_vars: usize) -> Vec<Piece<'_>> {
    let bytes = input.as_bytes();
    let mut out: Vec<Piece<'_>> = Vec::new();
    let text = |out: &mut Vec<Piece<'_>>, s: usize, e: usize| match out.last_mut() {
        Some(Piece::Text(_, end)) if *end == s => *end = e,
        _ => out.push(Piece::Text(s, e)),
    };
    let (mut checkpoint, mut cursor, mut vars) = (0, 0, 0);
    while cursor < bytes.len() {
        if bytes[cursor] == b'$' && cursor + 1 < bytes.len() {
            if checkpoint < cursor {
                text(&mut out, checkpoint, cursor);
            }
            if bytes[cursor + 1] == b'(' && vars == max_vars {
                out.push(Piece::Rest(cursor));
                return out;
            }
            // The bytes consumed after the `$`.
            let advance = match bytes[cursor + 1] {
                // `$$`: an escaped operator, one `$`.
                b'$' => {
                    text(&mut out, cursor, cursor + 1);
                    1
                }
                b'(' => match bytes[cursor + 2..].iter().position(|&b| b == b')') {
                    Some(close) => {
                        let end = cursor + 2 + close;
                        out.push(Piece::Var(&input[cursor + 2..end], cursor, end + 1));
                        vars += 1;
                        end - cursor
                    }
                    // An unclosed `$(` is copied; what follows is read on.
                    None => {
                        text(&mut out, cursor, cursor + 2);
                        1
                    }
                },
                // A `$` and the character after it, copied.
                _ => {
                    let size = input[cursor + 1..].chars().next().map_or(1, char::len_utf8);
                    text(&mut out, cursor, cursor + 1 + size);
                    size
                }
            };
            cursor += advance + 1;
            checkpoint = cursor;
        } else {
            cursor += 1;
        }
    }
    if checkpoint < bytes.len() {
        text(&mut out, checkpoint, bytes.len());
    }
    out
}

/// What a variable of the container's environment holds when the process starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Var {
    Known(String),
    /// Not in the documents: what sets it, in words (`$(X) (set by valueFrom...)`).
    Unknown(String),
}

/// A container's `env`, `envFrom` and whether Service variables may join them.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// Each name's value: the last `env` entry of a name wins.
    vars: HashMap<String, Var>,
    /// `envFrom` sources: (prefix, what they are), whose keys the manifest does not list.
    env_from: Vec<(String, String)>,
    /// `enableServiceLinks` (default true): every Service of the namespace adds variables.
    service_links: bool,
    /// Bytes substituted so far (in `env` values, then in the words): references to
    /// references could grow without end.
    spent: usize,
    /// References read so far, likewise.
    refs: usize,
}

/// What a reference finds.
enum Found<'a> {
    Known(&'a str),
    Unknown(String),
}

impl Env {
    /// The environment of `container` in `pod`.
    pub fn of(pod: &Node, container: &Node) -> Env {
        let service_links = pod.path(&["spec", "enableServiceLinks"]).and_then(Node::as_bool).unwrap_or(true);
        let env_from = container
            .get("envFrom")
            .and_then(Node::items)
            .unwrap_or(&[])
            .iter()
            .map(|e| {
                let prefix = e.get("prefix").and_then(Node::as_str).unwrap_or("").to_string();
                let source = [("configMapRef", "ConfigMap"), ("secretRef", "Secret")]
                    .iter()
                    .find_map(|(key, kind)| {
                        let name = e.get(key)?.get("name").and_then(Node::as_str).unwrap_or("");
                        Some(format!("{kind} {name}"))
                    })
                    .unwrap_or_else(|| "a source".into());
                (prefix, source)
            })
            .collect();
        let mut env = Env { vars: HashMap::new(), env_from, service_links, spent: 0, refs: 0 };
        for entry in container.get("env").and_then(Node::items).unwrap_or(&[]) {
            let Some(name) = entry.get("name").and_then(Node::as_str) else { continue };
            let value = entry.get("value").and_then(Node::as_str).unwrap_or("");
            let var = if !value.is_empty() {
                env.expand_value(value)
            } else if let Some(from) = entry.get("valueFrom") {
                Var::Unknown(format!("$({name}) (set by valueFrom{})", value_from(from)))
            } else {
                Var::Known(String::new())
            };
            env.vars.insert(name.to_string(), var);
        }
        // The words get a budget of their own.
        (env.spent, env.refs) = (0, 0);
        env
    }

    /// How many more references may be read.
    fn refs_left(&self) -> usize {
        limits::MAX_ARGS.saturating_sub(self.refs)
    }

    /// What `$(name)` expands to: `None` when nothing defines it (it stays as written).
    fn lookup(&self, name: &str) -> Option<Found<'_>> {
        match self.vars.get(name) {
            Some(Var::Known(v)) => return Some(Found::Known(v)),
            Some(Var::Unknown(what)) => return Some(Found::Unknown(what.clone())),
            None => {}
        }
        let from: Vec<&str> =
            self.env_from.iter().filter(|(p, _)| name.starts_with(p.as_str())).map(|(_, s)| s.as_str()).collect();
        if !from.is_empty() {
            return Some(Found::Unknown(format!("$({name}) (envFrom may set it: {})", from.join(", "))));
        }
        // pkg/kubelet/envvars FromServices: NAME_SERVICE_HOST, NAME_SERVICE_PORT[_PORTNAME],
        // NAME_PORT, NAME_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]; the `kubernetes` Service's
        // are added even without service links.
        let service = name.ends_with("_SERVICE_HOST")
            || name.contains("_SERVICE_PORT")
            || name.ends_with("_PORT")
            || name.contains("_PORT_");
        if service && (self.service_links || name.starts_with("KUBERNETES_")) {
            return Some(Found::Unknown(format!(
                "$({name}) (the kubelet may set it from a Service's environment variables)"
            )));
        }
        None
    }

    /// Whether `n` more substituted bytes stay within the limit (and counts them).
    fn spend(&mut self, n: usize) -> bool {
        self.spent = self.spent.saturating_add(n);
        self.spent <= limits::MAX_COMMAND_LINE_BYTES
    }

    /// An `env` value, expanded against the entries before it.
    fn expand_value(&mut self, value: &str) -> Var {
        let mut out = String::new();
        for p in pieces(value, self.refs_left()) {
            let (name, s, e) = match p {
                Piece::Text(s, e) => {
                    out.push_str(&value[s..e]);
                    continue;
                }
                Piece::Var(name, s, e) => (name, s, e),
                Piece::Rest(s) => return Var::Unknown(over_limit(head(&value[s..]))),
            };
            self.refs += 1;
            let known = match self.lookup(name) {
                Some(Found::Known(v)) => v.len(),
                Some(Found::Unknown(what)) => return Var::Unknown(uses(&value[s..e], what)),
                None => {
                    out.push_str(&value[s..e]);
                    continue;
                }
            };
            if !self.spend(known) {
                return Var::Unknown(over_limit(&value[s..e]));
            }
            if let Some(Found::Known(v)) = self.lookup(name) {
                out.push_str(v);
            }
        }
        Var::Known(out)
    }

    /// A word of `command` or `args` as the process receives it. Known values keep the
    /// reference's place in the source (and are marked expanded, so that no fix rewrites
    /// the reference into a literal); unknown ones stay as the reference, marked unknown.
    pub fn expand(&mut self, word: &Word) -> Word {
        if !word.value.contains('$') {
            return word.clone();
        }
        let mut parts: Vec<Word> = Vec::new();
        for p in pieces(&word.value, self.refs_left()) {
            let part = match p {
                Piece::Text(s, e) => word.sub(s, e),
                Piece::Rest(s) => word.sub(s, word.value.len()).expansion(Some(over_limit(head(&word.value[s..])))),
                Piece::Var(name, s, e) => {
                    self.refs += 1;
                    let reference = word.sub(s, e);
                    match self.lookup(name) {
                        Some(Found::Known(v))
                            if v.len() <= limits::MAX_COMMAND_LINE_BYTES.saturating_sub(self.spent) =>
                        {
                            let part = Word::replacing(v, word.source_span(s, e)).expansion(None);
                            self.spend(part.value.len());
                            part
                        }
                        Some(Found::Known(_)) => reference.expansion(Some(over_limit(&word.value[s..e]))),
                        Some(Found::Unknown(what)) => reference.expansion(Some(what)),
                        None => reference,
                    }
                }
            };
            parts.push(part);
        }
        let mut out = Word::concat(&parts);
        out.span = word.span;
        out
    }
}

/// The first characters of a text, for a message.
fn head(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(at, _)| &text[..at])
}

fn over_limit(reference: &str) -> String {
    format!(
        "{reference} (its expansion passes the command-line limits: {} bytes, {} references)",
        limits::MAX_COMMAND_LINE_BYTES,
        limits::MAX_ARGS
    )
}

/// A value that uses an unknown one: the reference, and the reason it is unknown while that
/// stays short (a chain of references keeps its innermost reasons).
fn uses(reference: &str, what: String) -> String {
    if what.len() > 200 {
        what
    } else {
        format!("{reference} (its value uses {what})")
    }
}

/// `.configMapKeyRef (ConfigMap authz, key modes)`: which source sets the variable.
fn value_from(from: &Node) -> String {
    let field = |n: &Node, k: &str| n.get(k).and_then(Node::as_str).unwrap_or("").to_string();
    let Some((key, source)) = from.entries().and_then(|e| e.first()).and_then(|(k, v)| Some((k.as_str()?, v))) else {
        return String::new();
    };
    let detail = match key {
        "configMapKeyRef" => format!("ConfigMap {}, key {}", field(source, "name"), field(source, "key")),
        "secretKeyRef" => format!("Secret {}, key {}", field(source, "name"), field(source, "key")),
        "fieldRef" => field(source, "fieldPath"),
        "resourceFieldRef" => field(source, "resource"),
        "fileKeyRef" => format!("file {}, key {}", field(source, "path"), field(source, "key")),
        _ => String::new(),
    };
    if detail.is_empty() {
        format!(".{key}")
    } else {
        format!(".{key}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn env(vars: &[(&str, &str)]) -> Env {
        Env { vars: vars.iter().map(|(n, v)| (n.to_string(), Var::Known(v.to_string()))).collect(), ..Env::default() }
    }

    fn expanded(e: &mut Env, input: &str) -> String {
        e.expand(&Word::verbatim(input, 0)).value
    }

    fn found(e: &Env, name: &str) -> Option<Var> {
        e.lookup(name).map(|f| match f {
            Found::Known(v) => Var::Known(v.to_string()),
            Found::Unknown(what) => Var::Unknown(what),
        })
    }

    /// expand_test.go's doExpansionTest, case for case.
    #[test]
    fn expands_as_kubernetes_does() {
        let mut e = env(&[("VAR_A", "A"), ("VAR_B", "B"), ("VAR_C", "C"), ("VAR_REF", "$(VAR_A)"), ("VAR_EMPTY", "")]);
        for (input, want) in [
            ("$(VAR_A)", "A"),
            ("$(VAR_A)-$(VAR_A)", "A-A"),
            ("___$(VAR_B)___", "___B___"),
            ("$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"),
            ("$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"),
            ("$$(VAR_A)_$$(VAR_B)", "$(VAR_A)_$(VAR_B)"),
            ("f000-$$VAR_A", "f000-$VAR_A"),
            ("foo\\$(VAR_C)bar", "foo\\Cbar"),
            ("$(VAR_A$(VAR_B))", "$(VAR_A$(VAR_B))"),
            ("$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"),
            ("$(VAR_REF)", "$(VAR_A)"),
            ("foo$(VAR_EMPTY)bar", "foobar"),
            ("foo$(VAR_Awhoops!", "foo$(VAR_Awhoops!"),
            ("$?_boo_$!", "$?_boo_$!"),
            ("$VAR_A", "$VAR_A"),
            ("$(VAR_DNE)", "$(VAR_DNE)"),
            ("$$$$$$(BIG_MONEY)", "$$$(BIG_MONEY)"),
            ("$$$$$$$(GOOD_ODDS)", "$$$$(GOOD_ODDS)"),
            ("$$$$$$$(VAR_A)", "$$$A"),
            ("${VAR_A}", "${VAR_A}"),
            ("$(VAR_B)_______$(A", "B_______$(A"),
            ("$(VAR_C)_______$(", "C_______$("),
            ("$(VAR_A)foobarzab$", "Afoobarzab$"),
            ("--$($($($($--", "--$($($($($--"),
            ("$($($($($--foo$(", "$($($($($--foo$("),
            ("$(foo$$var)", "$(foo$$var)"),
            ("é$é$", "é$é$"),
        ] {
            assert_eq!(expanded(&mut e, input), want, "{input}");
        }
    }

    #[test]
    fn env_values_refer_to_earlier_entries_and_value_from_is_unknown() {
        let text = "spec:\n  containers:\n  - env:\n    - {name: LATER, value: \"$(FIRST)\"}\n    - {name: FIRST, value: Node}\n    - {name: MODES, value: \"$(FIRST),RBAC\"}\n    - name: SECRET\n      valueFrom: {secretKeyRef: {name: authz, key: modes}}\n    - {name: EMPTY}\n";
        let root = parse_stream(text).unwrap().remove(0).root.unwrap();
        let c = &root.path(&["spec", "containers"]).unwrap().items().unwrap()[0];
        let e = Env::of(&root, c);
        assert_eq!(found(&e, "LATER"), Some(Var::Known("$(FIRST)".into())));
        assert_eq!(found(&e, "MODES"), Some(Var::Known("Node,RBAC".into())));
        assert_eq!(found(&e, "EMPTY"), Some(Var::Known(String::new())));
        assert_eq!(
            found(&e, "SECRET"),
            Some(Var::Unknown("$(SECRET) (set by valueFrom.secretKeyRef: Secret authz, key modes)".into()))
        );
        assert!(matches!(found(&e, "KUBERNETES_SERVICE_HOST"), Some(Var::Unknown(_))));
        assert_eq!(found(&e, "UNDEFINED"), None);
    }

    #[test]
    fn references_to_references_stop_at_the_limit() {
        // Each entry doubles the one before it: 2^40 bytes if nothing stopped it.
        let mut text = String::from("spec:\n  containers:\n  - env:\n    - {name: V0, value: xxxxxxxxxxxxxxxx}\n");
        for i in 1..=40 {
            text.push_str(&format!("    - {{name: V{i}, value: \"$(V{p})$(V{p})\"}}\n", p = i - 1));
        }
        let root = parse_stream(&text).unwrap().remove(0).root.unwrap();
        let c = &root.path(&["spec", "containers"]).unwrap().items().unwrap()[0];
        let mut e = Env::of(&root, c);
        assert!(matches!(found(&e, "V40"), Some(Var::Unknown(w)) if w.contains("command-line limit")));
        let w = e.expand(&Word::verbatim("--x=$(V40)", 0));
        assert!(w.unknown_in(4, w.value.len()).is_some());
    }

    #[test]
    fn references_past_the_count_limit_are_not_read() {
        let mut e = env(&[("A", "é")]);
        let input = "$(A)".repeat(limits::MAX_ARGS + 3);
        let w = e.expand(&Word::verbatim(&input, 0));
        assert_eq!(w.value.len(), limits::MAX_ARGS * 2 + 3 * 4);
        assert!(w.unknown_in(limits::MAX_ARGS * 2, w.value.len()).unwrap().contains("10000 references"));
        assert_eq!(w.unknown_in(0, limits::MAX_ARGS * 2), None);
        // Copied text is one piece, up to the `$` that `$$` drops.
        assert_eq!(pieces("a$b$$c$(", 1), [Piece::Text(0, 4), Piece::Text(5, 8)]);
    }

    #[test]
    fn expanded_words_keep_their_place_and_marks() {
        let mut e = env(&[("MODES", "Node,RBAC")]);
        e.vars.insert("SECRET".into(), Var::Unknown("$(SECRET) (set by valueFrom.secretKeyRef)".into()));
        let text = "x --authorization-mode=$(MODES) --token=$(SECRET)";
        let words = crate::source::shell::split(text, 0).unwrap();
        let w = e.expand(&words[1]);
        assert_eq!(w.value, "--authorization-mode=Node,RBAC");
        assert_eq!(w.span, words[1].span);
        // The value points at the reference, and is not written verbatim there.
        let s = w.source_span(21, w.value.len());
        assert_eq!(&text[s.start..s.end], "$(MODES)");
        assert!(!w.is_verbatim(21, w.value.len()));
        assert!(w.expanded_in(21, w.value.len()) && !w.expanded_in(0, 20));
        assert_eq!(w.unknown_in(0, w.value.len()), None);
        let t = e.expand(&words[2]);
        assert_eq!(t.value, "--token=$(SECRET)");
        assert_eq!(t.unknown_in(8, t.value.len()), Some("$(SECRET) (set by valueFrom.secretKeyRef)"));
        assert_eq!(t.unknown_in(0, 7), None);
    }
}
