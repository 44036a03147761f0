//! A container that runs its component through a shell: `sh -c SCRIPT [NAME [ARG...]]`.
//! POSIX sh takes the first operand after `-c` as the script, the next as `$0` and the
//! rest as the positional parameters `$1`, `$2`, ...; in the script `"$@"` is each
//! parameter as a word of its own, `"$*"` all of them joined by a space, unquoted
//! `$@`/`$*`/`$N` split into fields and expanded as file patterns (XCU 2.5.2, 2.6).
//! The component's words are the script command that runs it (after `exec`, up to
//! the first operator), with the parameters it forwards in their place.

use super::command_line::component_of_program;
use crate::limits;
use crate::source::shell::{self, Word};

/// The component's command in a shell script.
#[derive(Debug, Clone)]
pub struct Script {
    /// The words, program first; forwarded parameters keep their own source places.
    pub words: Vec<Word>,
    /// Where a new flag goes.
    pub insert: Insert,
}

#[derive(Debug, Clone)]
pub enum Insert {
    /// After the last parameter, as one more parameter: the command ends with `"$@"`.
    Parameters,
    /// Into the script, after this word (its last literal word).
    Script(Word),
    /// Nowhere: the command ends with a word a new flag cannot follow in the source.
    Nowhere,
}

/// How a script word uses the parameters.
enum Use {
    /// `"$@"` (quoted) or `$@`, `$*` (unquoted): every parameter.
    All {
        quoted: bool,
    },
    /// `"$*"`: every parameter, joined by a space (IFS's first character).
    Joined,
    /// `$N`, `${N}`, quoted or not.
    One {
        n: usize,
        quoted: bool,
    },
    /// Another expansion (`$VAR`, `$(cmd)`, a backquote): the shell decides it at run time.
    Other,
    Literal,
}

fn use_of(raw: &str) -> Use {
    let (inner, quoted) = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => (inner, true),
        None => (raw, false),
    };
    let name = inner.strip_prefix("${").and_then(|r| r.strip_suffix('}')).or_else(|| inner.strip_prefix('$'));
    match name {
        Some("@") => return Use::All { quoted },
        Some("*") if quoted => return Use::Joined,
        Some("*") => return Use::All { quoted: false },
        // Unbraced, only `$0`..`$9`: `$10` is `${1}0`.
        Some(n)
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n.len() == 1 || inner.starts_with("${")) =>
        {
            return n.parse().map_or(Use::Other, |n| Use::One { n, quoted })
        }
        _ => {}
    }
    if expands(raw) {
        Use::Other
    } else {
        Use::Literal
    }
}

/// Whether the raw word holds a `$` or backquote the shell expands (not inside single
/// quotes, not escaped).
fn expands(raw: &str) -> bool {
    let (mut single, mut escaped) = (false, false);
    for c in raw.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !single => escaped = true,
            '\'' => single = !single,
            '$' | '`' if !single => return true,
            _ => {}
        }
    }
    false
}

/// `sh`, `bash`, ... and where the script is: `-c` may stand in a cluster (`-ec`) and
/// other options may come before or after it (`sh -e -c`, `bash --noprofile -c`).
fn script_at(words: &[Word]) -> Option<usize> {
    let shell = words.first()?.value.rsplit('/').next()?;
    if !matches!(shell, "sh" | "bash" | "dash" | "ash") {
        return None;
    }
    let mut c = false;
    let mut i = 1;
    while let Some(w) = words.get(i) {
        let v = w.value.as_str();
        if v == "--" {
            i += 1;
            break;
        }
        if v.starts_with("--") {
            i += 1;
            continue;
        }
        let Some(flags) = v.strip_prefix('-').or_else(|| v.strip_prefix('+')).filter(|f| !f.is_empty()) else { break };
        c |= v.starts_with('-') && flags.contains('c');
        // `-o option` takes the next word.
        i += if flags.ends_with('o') { 2 } else { 1 };
    }
    (c && i < words.len()).then_some(i)
}

/// `["/bin/sh", "-c", "exec kube-apiserver --flag ... \"$@\"", "kube-apiserver", ...]`:
/// the component command of the script, `None` when the words do not run one.
pub fn shell_script(words: &[Word]) -> Option<Script> {
    let at = script_at(words)?;
    let script = &words[at];
    // $0 is the first word after the script; the parameters follow it.
    let params = &words[at + 1..];
    let inner = shell::split(&script.value, 0).ok()?;
    let raw = |w: &Word| &script.value[w.span.start..w.span.end];
    let name_runs = params.first().is_some_and(|n| runs_component(&n.value));
    let start = inner
        .iter()
        .position(|w| runs_component(&w.value) || (name_runs && matches!(use_of(raw(w)), Use::One { n: 0, .. })))?;
    // The splitter drops newlines, which end commands as `;` does.
    let breaks: Vec<bool> = (0..inner.len())
        .map(|k| k > 0 && ends_line(&script.value, inner[k - 1].span.end, inner[k].span.start))
        .collect();
    let mut segment: Vec<Word> = Vec::new();
    for (k, w) in inner.iter().enumerate().skip(start) {
        if is_operator(&w.value) || (k > start && breaks[k]) {
            break;
        }
        // `kube-apiserver "$@"; echo`: an unquoted `;` ends the command.
        match raw(w).strip_suffix(';').filter(|_| w.value.ends_with(';')) {
            Some(_) => {
                // Its raw text without the `;` (quotes kept, so that `"$@";` stays quoted).
                let mut cut = w.sub(0, w.value.len() - 1);
                cut.span = crate::source::Span::new(w.span.start, w.span.end - 1);
                segment.push(cut);
                break;
            }
            None => segment.push(w.clone()),
        }
    }
    let reset = sets_parameters(&inner[..start], &breaks);
    let mut out: Vec<Word> = Vec::new();
    let mut insert = Insert::Nowhere;
    let (mut bytes, mut counted) = (0, 0);
    for w in &segment {
        // `"$@" "$@" ...` multiplies the parameters. Past the limit on arguments the words stop
        // (the assembled command line, longer than the limit, is then refused with an error);
        // past the bytes a word the documents do not show ends them.
        bytes += out[counted..].iter().map(|w| w.value.len()).sum::<usize>();
        counted = out.len();
        if out.len() > limits::MAX_FLAGS + 1 {
            break;
        }
        let word = script.reanchor(w);
        if bytes > limits::MAX_DOCUMENT_BYTES {
            let why = format!(
                "{} (the forwarded arguments pass the {}-byte limit)",
                short(raw(w)),
                limits::MAX_DOCUMENT_BYTES
            );
            out.push(word.expansion(Some(why)));
            break;
        }
        let raw = raw(w);
        let used = use_of(raw);
        insert = match (&used, params.is_empty(), reset) {
            (Use::All { .. }, false, false) => Insert::Parameters,
            (Use::Literal, ..) => Insert::Script(word.clone()),
            _ => Insert::Nowhere,
        };
        let unknown = |why: &str| word.clone().expansion(Some(format!("{} ({why})", short(raw))));
        match used {
            Use::Literal => out.push(word),
            _ if reset => out.push(unknown("the script sets the positional parameters with set or shift first")),
            Use::Other => out.push(match word.unknown_in(0, word.value.len()) {
                // A value the kubelet put there that the documents do not show: the shell reads it.
                Some(what) => word.clone().expansion(Some(what.to_string())),
                None => unknown("the shell expands it when it runs the script"),
            }),
            Use::All { quoted: true } => out.extend(params.iter().skip(1).cloned()),
            Use::All { quoted: false } => {
                for p in params.iter().skip(1) {
                    out.extend(unquoted(p, raw));
                }
            }
            Use::Joined => match Word::join(&params[params.len().min(1)..]) {
                Some(joined) => out.push(joined),
                None => out.push(Word::opaque("", word.span)),
            },
            Use::One { n, quoted } => {
                let p = if n == 0 { params.first().or(words.first()) } else { params.get(n) };
                match (p, quoted) {
                    (Some(p), true) => out.push(p.clone()),
                    (Some(p), false) => out.extend(unquoted(p, raw)),
                    // An unset parameter: nothing, or one empty word in quotes.
                    (None, true) => out.push(Word::opaque("", word.span)),
                    (None, false) => {}
                }
            }
        }
    }
    Some(Script { words: out, insert })
}

/// Whether `script[from..to]`, the blanks between two words, holds a newline that is not a
/// line continuation.
fn ends_line(script: &str, from: usize, to: usize) -> bool {
    let gap = script.get(from..to).unwrap_or("");
    gap.match_indices('\n').any(|(i, _)| !gap[..i].trim_end_matches('\r').ends_with('\\'))
}

fn is_operator(w: &str) -> bool {
    matches!(w, ";" | "&&" | "||" | "|" | "&")
}

/// Whether a command before the component's gives the positional parameters other
/// values: `shift`, or `set` with `--` or an argument (`set -e` and `set -o pipefail` do not).
fn sets_parameters(words: &[Word], breaks: &[bool]) -> bool {
    let mut i = 0;
    while i < words.len() {
        match words[i].value.as_str() {
            "shift" => return true,
            "set" => {
                let mut j = i + 1;
                while let Some(w) = words.get(j).filter(|_| !breaks[j]) {
                    let ends = w.value.ends_with([';', '&', '|']);
                    let v = w.value.trim_end_matches([';', '&', '|']);
                    if v.is_empty() {
                        break;
                    }
                    if v == "--" || !v.starts_with(['-', '+']) {
                        return true;
                    }
                    // `-o name`: the name is the option's, and may end the command.
                    let last = if matches!(v, "-o" | "+o") && !ends { j + 1 } else { j };
                    j = last + 1;
                    if ends || words.get(last).is_some_and(|w| w.value.ends_with([';', '&', '|'])) {
                        break;
                    }
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    false
}

/// A parameter expanded unquoted: split on blanks (the default IFS); a pattern character
/// makes the words depend on the container's files.
fn unquoted(p: &Word, raw: &str) -> Vec<Word> {
    if p.value.contains(['*', '?', '[']) {
        let why = format!("{} (the shell expands a forwarded argument as a file pattern)", short(raw));
        return vec![p.clone().expansion(Some(why))];
    }
    if !p.value.contains(|c: char| c.is_ascii_whitespace()) {
        return vec![p.clone()];
    }
    p.split_whitespace()
}

fn runs_component(w: &str) -> bool {
    component_of_program(&[w]).is_some() || w.ends_with("hyperkube")
}

/// A raw script word in a message, cut short.
fn short(raw: &str) -> String {
    if raw.chars().count() > 40 {
        format!("{}...", raw.chars().take(40).collect::<String>())
    } else {
        raw.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(argv: &[&str]) -> Vec<Word> {
        // Each argument at its own place, 100 bytes apart.
        argv.iter().enumerate().map(|(i, a)| Word::verbatim(a, i * 100)).collect()
    }

    fn values(s: &Script) -> Vec<&str> {
        s.words.iter().map(|w| w.value.as_str()).collect()
    }

    #[test]
    fn quoted_at_forwards_each_parameter_with_its_place() {
        let argv = words(&[
            "/bin/sh",
            "-c",
            "ulimit -n 65536 && exec kube-apiserver \"$@\"",
            "kube-apiserver",
            "--authorization-mode=Node,RBAC",
            "--profiling=false",
        ]);
        let s = shell_script(&argv).unwrap();
        assert_eq!(values(&s), ["kube-apiserver", "--authorization-mode=Node,RBAC", "--profiling=false"]);
        assert_eq!(s.words[1].span, argv[4].span);
        assert!(matches!(s.insert, Insert::Parameters));
    }

    #[test]
    fn positional_forms() {
        let run = |script: &str, params: &[&str]| {
            let mut argv = vec!["sh", "-ec", script];
            argv.extend(params);
            let s = shell_script(&words(&argv)).unwrap();
            values(&s).into_iter().map(String::from).collect::<Vec<_>>()
        };
        let p = ["kube-apiserver", "--a=1", "--b=x y"];
        assert_eq!(run("exec kube-apiserver $@", &p), ["kube-apiserver", "--a=1", "--b=x", "y"]);
        assert_eq!(run("exec kube-apiserver \"$*\"", &p), ["kube-apiserver", "--a=1 --b=x y"]);
        assert_eq!(run("exec kube-apiserver \"$2\" $1 \"$3\" $3", &p), ["kube-apiserver", "--b=x y", "--a=1", ""]);
        assert_eq!(run("exec \"$0\" \"$@\" --c=2", &p), ["kube-apiserver", "--a=1", "--b=x y", "--c=2"]);
        assert_eq!(run("exec kube-apiserver '$@'", &p), ["kube-apiserver", "$@"]);
    }

    #[test]
    fn set_options_keep_the_parameters_and_a_semicolon_ends_the_command() {
        let argv = words(&["sh", "-c", "set -eu -o pipefail; exec kube-apiserver \"$@\"; echo x", "n", "--a=1"]);
        let s = shell_script(&argv).unwrap();
        assert_eq!(values(&s), ["kube-apiserver", "--a=1"]);
        let lines = words(&["sh", "-c", "set -e\nexec kube-apiserver \\\n  \"$@\"\necho done", "n", "--a=1"]);
        assert_eq!(values(&shell_script(&lines).unwrap()), ["kube-apiserver", "--a=1"]);
        let set = words(&["sh", "-c", "set -e; set -- --b; exec kube-apiserver \"$@\"", "n", "--a=1"]);
        assert!(shell_script(&set).unwrap().words[1].unknown_in(0, 1).is_some());
    }

    #[test]
    fn what_the_shell_decides_is_unknown() {
        let argv = words(&["sh", "-c", "set -- --x; exec kube-apiserver \"$@\" $EXTRA", "n", "--a=1"]);
        let s = shell_script(&argv).unwrap();
        assert_eq!(s.words.len(), 3);
        assert!(s.words[1].unknown_in(0, 1).unwrap().contains("set or shift"));
        assert!(s.words[2].unknown_in(0, 1).unwrap().contains("$EXTRA"));
        let glob = words(&["sh", "-c", "exec kube-apiserver $@", "n", "--tls-cert-file=/etc/*.crt"]);
        assert!(shell_script(&glob).unwrap().words[1].unknown_in(0, 1).is_some());
    }

    #[test]
    fn insertion_follows_the_last_word() {
        let lit = words(&["sh", "-c", "exec kube-apiserver \"$@\" --x=1", "n", "--a=1"]);
        assert!(matches!(shell_script(&lit).unwrap().insert, Insert::Script(w) if w.value == "--x=1"));
        let no_name = words(&["sh", "-c", "exec kube-apiserver \"$@\""]);
        assert!(matches!(shell_script(&no_name).unwrap().insert, Insert::Nowhere));
        assert!(shell_script(&words(&["sh", "-x", "exec kube-apiserver"])).is_none());
        assert!(shell_script(&words(&["sh", "-c"])).is_none());
    }
}
