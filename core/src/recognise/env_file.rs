//! Environment files read by systemd's `EnvironmentFile=`: kubeadm's
//! `/var/lib/kubelet/kubeadm-flags.env`, `/etc/default/kubelet`, `/etc/sysconfig/kubelet`.

use super::{Body, Part, Recognised};
use crate::source::shell::Word;
use crate::source::Span;

#[derive(Debug, Clone)]
pub struct EnvFile {
    pub vars: Vec<EnvAssign>,
}

/// `NAME=value`, with the value's words mapped to the source.
#[derive(Debug, Clone)]
pub struct EnvAssign {
    pub name: String,
    pub value: Word,
    /// The whole assignment.
    pub span: Span,
}

/// A line systemd would take as an assignment (or try to: `export X=` is recognised
/// here as env-file-like, though systemd drops it as an invalid name).
fn assignment_name(line: &str) -> Option<&str> {
    let (name, _) = line.trim_start().split_once('=')?;
    let name = name.trim_end();
    let bare = name.strip_prefix("export ").map_or(name, str::trim_start);
    valid_name(bare).then_some(name)
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t.starts_with(';')
}

pub fn looks_like_env_file(content: &str) -> bool {
    let mut any = false;
    let mut continued = false;
    for line in content.lines() {
        let was_continued = continued;
        continued = line.trim_end().ends_with('\\');
        if was_continued || is_comment_or_blank(line) {
            continue;
        }
        if assignment_name(line).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// Parses the file as systemd's env-file.c does: `#`/`;` comments, a value quoted only
/// when a quote starts it (quotes later in an unquoted value are kept), backslash
/// escapes, backslash-newline continuations, trailing whitespace of unquoted values
/// dropped, and lines whose name is not a valid variable name ignored.
pub fn recognise(content: &str) -> Recognised {
    let bytes = content.as_bytes();
    let mut vars = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let line_start = i;
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if matches!(bytes[i], b'#' | b';' | b'\n' | b'\r') {
            i = skip_line(bytes, i);
            continue;
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && bytes[i] != b'\n' {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            i = skip_line(bytes, i);
            continue;
        }
        let name = content[key_start..i].trim_end().to_string();
        i += 1;
        let (value, end) = parse_value(content, i);
        i = end;
        if valid_name(&name) {
            vars.push(EnvAssign { name, value, span: Span::new(line_start, end) });
        }
    }
    Recognised {
        parts: vec![Part { span: Span::new(0, content.len()), body: Body::EnvFile(EnvFile { vars }) }],
        errors: vec![],
    }
}

fn skip_line(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' {
        i += 1;
    }
    i + 1
}

/// One value starting at byte `i`; returns it and where the line ends.
fn parse_value(content: &str, mut i: usize) -> (Word, usize) {
    #[derive(PartialEq)]
    enum State {
        Pre,
        Value,
        Single,
        Double,
    }
    let bytes = content.as_bytes();
    let mut pieces: Vec<Word> = Vec::new();
    // Length of `pieces` up to the last byte that is not trailing whitespace of an unquoted value.
    let mut keep = 0;
    let mut state = State::Pre;
    let push = |pieces: &mut Vec<Word>, at: usize, len: usize| {
        if let Some(piece) = content.get(at..at + len) {
            pieces.push(Word::verbatim(piece, at));
        }
    };
    while i < bytes.len() {
        let c = bytes[i];
        let len = utf8_len(c);
        match state {
            State::Pre | State::Value if c == b'\n' || c == b'\r' && bytes.get(i + 1) == Some(&b'\n') => break,
            State::Pre if c == b' ' || c == b'\t' => {}
            State::Pre if c == b'\'' => state = State::Single,
            State::Pre if c == b'"' => state = State::Double,
            State::Pre | State::Value if c == b'\\' => {
                state = State::Value;
                match bytes.get(i + 1) {
                    Some(b'\n') => {}
                    Some(&n) => {
                        push(&mut pieces, i + 1, utf8_len(n));
                        keep = pieces.len();
                        // With the `i += 1` and `i += len` below: past the backslash and the character.
                        i += utf8_len(n) - 1;
                    }
                    None => {}
                }
                i += 1;
            }
            State::Pre | State::Value => {
                state = State::Value;
                push(&mut pieces, i, len);
                if c != b' ' && c != b'\t' {
                    keep = pieces.len();
                }
            }
            State::Single if c == b'\'' => state = State::Pre,
            State::Double if c == b'"' => state = State::Pre,
            State::Double if c == b'\\' => {
                match bytes.get(i + 1) {
                    Some(b'\n') => {}
                    Some(&n) if b"\"\\`$".contains(&n) => push(&mut pieces, i + 1, 1),
                    Some(&n) => {
                        push(&mut pieces, i, 1);
                        push(&mut pieces, i + 1, utf8_len(n));
                        i += utf8_len(n) - 1;
                    }
                    None => {}
                }
                keep = pieces.len();
                i += 1;
            }
            State::Single | State::Double => {
                push(&mut pieces, i, len);
                keep = pieces.len();
            }
        }
        i += len;
    }
    pieces.truncate(keep);
    let value = if pieces.is_empty() { Word::verbatim("", i.min(content.len())) } else { Word::concat(&pieces) };
    (value, (i + 1).min(content.len()))
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslash_escapes_one_character() {
        let r = recognise("A=x\\yz\\éw\n");
        let Body::EnvFile(f) = &r.parts[0].body else { panic!() };
        assert_eq!(f.vars[0].value.value, "xyzéw");
    }

    #[test]
    fn kubeadm_flags_env() {
        let text = "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --anonymous-auth=true\"\n";
        assert!(looks_like_env_file(text));
        let r = recognise(text);
        let Body::EnvFile(f) = &r.parts[0].body else { panic!() };
        assert_eq!(f.vars[0].name, "KUBELET_KUBEADM_ARGS");
        let words = f.vars[0].value.split_whitespace();
        assert_eq!(words[1].value, "--anonymous-auth=true");
        assert_eq!(&text[words[1].span.start..words[1].span.end], "--anonymous-auth=true");
    }

    #[test]
    fn not_env_files() {
        assert!(!looks_like_env_file("apiVersion: v1\nkind: Pod\n"));
        assert!(!looks_like_env_file("# only a comment\n"));
        assert!(!looks_like_env_file("kubelet --a=b"));
    }

    fn vars(text: &str) -> Vec<(String, String)> {
        let r = recognise(text);
        let Body::EnvFile(f) = &r.parts[0].body else { panic!() };
        f.vars.iter().map(|v| (v.name.clone(), v.value.value.clone())).collect()
    }

    #[test]
    fn systemd_env_file_semantics() {
        let text = "A=--x=\"false\" --y\nexport B=1\n# c\nC='q z'  \nD=one \\\n  two\nE = \"a\\\"b\"\n";
        assert_eq!(
            vars(text),
            [
                ("A".into(), "--x=\"false\" --y".into()),
                ("C".into(), "q z".into()),
                ("D".into(), "one   two".into()),
                ("E".into(), "a\"b".into())
            ]
        );
        assert!(looks_like_env_file(text));
    }

    #[test]
    fn values_map_to_source() {
        let text = "X=\"--a=1 --b=true\"\n";
        let r = recognise(text);
        let Body::EnvFile(f) = &r.parts[0].body else { panic!() };
        let w = &f.vars[0].value.split_whitespace()[1];
        assert_eq!(&text[w.span.start..w.span.end], "--b=true");
    }
}
