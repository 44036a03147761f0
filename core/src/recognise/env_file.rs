//! Environment files read by systemd's `EnvironmentFile=`: kubeadm's
//! `/var/lib/kubelet/kubeadm-flags.env`, `/etc/default/kubelet`, `/etc/sysconfig/kubelet`.

use super::{Body, Part, Recognised};
use crate::source::shell::{self, Word};
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

fn assignment_name(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let (name, _) = line.split_once('=')?;
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    ok.then_some(name)
}

fn is_comment_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || t.starts_with(';')
}

pub fn looks_like_env_file(content: &str) -> bool {
    let mut any = false;
    for line in content.lines() {
        if is_comment_or_blank(line) {
            continue;
        }
        if assignment_name(line).is_none() {
            return false;
        }
        any = true;
    }
    any
}

pub fn recognise(content: &str) -> Recognised {
    let mut vars = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    for line in content.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        if is_comment_or_blank(text) {
            continue;
        }
        let Some(name) = assignment_name(text) else {
            continue;
        };
        let value_start = start + text.find('=').map_or(text.len(), |i| i + 1);
        let raw = &content[value_start..start + text.len()];
        let value = match shell::split(raw, value_start) {
            Ok(words) => Word::join(&words).unwrap_or_else(|| Word::verbatim("", value_start)),
            Err(e) => {
                errors.push((format!("{}: {}", name, e.message), e.span));
                continue;
            }
        };
        vars.push(EnvAssign { name: name.to_string(), value, span: Span::new(start, start + text.len()) });
    }
    Recognised {
        parts: vec![Part { span: Span::new(0, content.len()), body: Body::EnvFile(EnvFile { vars }) }],
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
