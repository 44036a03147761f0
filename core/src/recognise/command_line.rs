//! Command lines: raw argv text, `ps -ef` / `ps aux` lines, NUL-separated
//! `/proc/<pid>/cmdline`. Also the shared [`CommandLine`] shape that static Pods
//! and kubeadm extra args are turned into.

use super::{Body, Part, Recognised};
pub use crate::component::component_of_program;
use crate::component::Component;
use crate::limits;
use crate::source::shell::{self, Word};
use crate::source::yaml::Node;
use crate::source::Span;
use saphyr_parser::ScalarStyle;

/// A component's arguments (without the program name), and where a missing flag goes.
#[derive(Debug, Clone)]
pub struct CommandLine {
    pub component: Component,
    pub form: Form,
    /// The program's word(s), where a finding about a default points.
    pub program: Option<Span>,
    pub args: Vec<Word>,
    /// Where to insert a flag that is missing, if the source can take one.
    pub insert: Option<Insertion>,
    /// Flags supplied by a generator (kubeadm) unless `args` sets the same flag.
    pub generated: Vec<(String, String)>,
    /// Flags a generator adds only when something the documents do not show holds:
    /// (flag, value, the condition in words).
    pub conditional: Vec<(String, String, String)>,
    /// The `--config` kubeadm always passes, and where its content comes from.
    pub implied_config: Option<ImpliedConfig>,
    /// For a static Pod: its identity and mounts.
    pub pod: Option<PodInfo>,
    /// A line of `ps` / `pgrep` / `systemctl status` output: a snapshot of a running
    /// process, where an edit changes nothing.
    pub snapshot: bool,
    /// The Kubernetes version the document names (a kubeadm `kubernetesVersion`, a static
    /// Pod's image tag), as written.
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodInfo {
    /// `namespace/name`: of two manifests of one Pod in a directory, the kubelet runs
    /// the one read last.
    pub key: String,
    /// The container's `hostPath` mounts: (mountPath, node path).
    pub mounts: Vec<(String, String)>,
}

impl PodInfo {
    /// The node path of a path inside the container, through the longest mount that holds it.
    pub fn node_path(&self, path: &str) -> Option<String> {
        let (mount, host) = self
            .mounts
            .iter()
            .filter(|(m, _)| path == m || path.starts_with(&format!("{}/", m.trim_end_matches('/'))))
            .max_by_key(|(m, _)| m.len())?;
        Some(format!("{}{}", host.trim_end_matches('/'), &path[mount.trim_end_matches('/').len()..]))
    }
}

/// kubeadm runs the kubelet with `--config=/var/lib/kubelet/config.yaml`, written by
/// `kubeadm init` from the stream's KubeletConfiguration (or kubeadm's defaults) and
/// by `kubeadm join` from the cluster's `kube-system/kubelet-config` ConfigMap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpliedConfig {
    KubeadmInit,
    KubeadmJoin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Typed or pasted argv, or a `ps` line.
    Text,
    /// `/proc/<pid>/cmdline`.
    ProcCmdline,
    /// A static Pod's container `command` + `args`.
    StaticPod,
    /// kubeadm `ClusterConfiguration.apiServer.extraArgs`.
    KubeadmCluster,
    /// kubeadm `nodeRegistration.kubeletExtraArgs`.
    KubeadmNode,
}

impl Form {
    pub fn kind(self) -> &'static str {
        match self {
            Form::Text => "CommandLine",
            Form::ProcCmdline => "ProcCmdline",
            Form::StaticPod => "StaticPod",
            Form::KubeadmCluster => "ClusterConfiguration",
            Form::KubeadmNode => "KubeadmNodeConfiguration",
        }
    }
}

/// Where and how to add a flag: the text inserted at `offset` is `prefix + flag + suffix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub offset: usize,
    pub prefix: String,
    pub suffix: String,
    /// Whether the flag must be written as a double-quoted (JSON) string.
    pub quoted: bool,
}

impl Insertion {
    pub fn text(&self, flag: &str) -> String {
        if self.quoted {
            format!("{}\"{}\"{}", self.prefix, flag, self.suffix)
        } else {
            format!("{}{}{}", self.prefix, flag, self.suffix)
        }
    }
}

/// Programs whose command lines mention a component without being it (`grep kubelet`).
const SEARCHERS: &[&str] = &[
    "grep",
    "egrep",
    "fgrep",
    "pgrep",
    "rg",
    "ps",
    "pidof",
    "systemctl",
    "journalctl",
    "which",
    "man",
    "cat",
    "less",
    "tail",
];

/// Commands that run the next word: what may stand before a program besides `ps` columns.
const PREFIXES: &[&str] = &["sudo", "exec", "nohup", "env", "command", "$", "#", "-", "└─", "├─", "│"];

/// A word of `ps`, `pgrep` or `systemctl status` output before the command: a user,
/// numbers, times, a terminal, a state; not an English word.
fn is_ps_column(w: &str) -> bool {
    // `systemctl status` draws its tree before the PID: `└─1234`.
    let tree = w.trim_start_matches(['└', '├', '│', '─']);
    if tree.len() < w.len() {
        return tree.chars().all(|c| c.is_ascii_digit());
    }
    // PIDs, CPU and memory figures, times, dates (`Nov24`), terminals (`pts/0`).
    let figure =
        w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_alphanumeric() || ":./?+-".contains(c));
    // No terminal, or a process state (`S`, `Ssl`, `Sl+`, `R<`).
    let state = w == "?"
        || (w.len() <= 5
            && w.starts_with(['S', 'R', 'D', 'I', 'T', 'Z'])
            && w[1..].chars().all(|c| "sl+<NL".contains(c)));
    figure || state || USERS.contains(&w)
}

/// User names that `ps` prints in its first column for these components.
const USERS: &[&str] = &["root", "kube", "kubelet", "kubernetes", "apiserver"];

/// Text with one command per logical line: argv, `ps -ef`, `ps aux` output.
pub fn recognise_text(content: &str) -> Recognised {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    // Markdown (a runbook, a README) shows commands as examples; it configures nothing.
    if content.lines().any(|l| l.trim_start().starts_with("```")) {
        return Recognised { parts, errors };
    }
    for (start, line) in logical_lines(content) {
        if line.len() > limits::MAX_COMMAND_LINE_BYTES {
            if line_mentions_component(line) {
                errors.push((
                    format!(
                        "a command line of {} bytes; the limit is {} bytes, so it is not read",
                        line.len(),
                        limits::MAX_COMMAND_LINE_BYTES
                    ),
                    Span::new(start, start + line.len()),
                ));
            }
            continue;
        }
        let words = match shell::split(line, start) {
            Ok(w) => w,
            Err(e) => {
                // ps output is not shell-quoted: fall back to plain whitespace words.
                if line_mentions_component(line) {
                    errors.push((format!("{} in a command line; words split on spaces instead", e.message), e.span));
                }
                plain_words(line, start)
            }
        };
        if words.len() > limits::MAX_ARGS && line_mentions_component(line) {
            errors.push((
                format!(
                    "a command line of {} words; the limit is {}, so it is not read",
                    words.len(),
                    limits::MAX_ARGS
                ),
                Span::new(start, start + line.len()),
            ));
            continue;
        }
        if let Some(cmd) = command_in_words(words, Form::Text, line_end(start, line)) {
            parts.push(Part { span: Span::new(start, start + line.len()), body: Body::CommandLine(cmd) });
        }
    }
    if parts.len() > limits::MAX_STREAM_PARTS {
        parts.truncate(limits::MAX_STREAM_PARTS);
        errors.push((
            format!("more than {} command lines; the rest are ignored", limits::MAX_STREAM_PARTS),
            Span::new(0, 0),
        ));
    }
    Recognised { parts, errors }
}

/// `/proc/<pid>/cmdline`: words separated (and usually terminated) by NUL.
pub fn recognise_nul_separated(content: &str) -> Recognised {
    let whole = Span::new(0, content.len());
    if content.len() > limits::MAX_COMMAND_LINE_BYTES {
        let first_nul = content.find('\0').unwrap_or(0);
        let message = format!(
            "{} bytes with NUL bytes (the first at byte {first_nul}): binary content, or a command line longer than {} bytes; not read",
            content.len(),
            limits::MAX_COMMAND_LINE_BYTES
        );
        return Recognised { parts: vec![], errors: vec![(message, Span::new(first_nul, first_nul + 1))] };
    }
    let mut words = Vec::new();
    let mut offset = 0;
    for piece in content.split('\0') {
        if !piece.is_empty() {
            words.push(Word::verbatim(piece, offset));
        }
        offset += piece.len() + 1;
    }
    let trimmed_end = content.trim_end_matches(['\0', '\n']).len();
    let terminated = trimmed_end < content.len() && content[trimmed_end..].starts_with('\0');
    let insert = Insertion {
        offset: if terminated { trimmed_end + 1 } else { content.len() },
        prefix: if terminated { String::new() } else { "\0".into() },
        suffix: if terminated { "\0".into() } else { String::new() },
        quoted: false,
    };
    let names: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
    match component_of_program(&names) {
        Some(_) if words.len() > limits::MAX_ARGS => {
            Recognised { parts: vec![], errors: vec![(format!("more than {} arguments", limits::MAX_ARGS), whole)] }
        }
        Some((component, skip)) => {
            let args = words.split_off(skip);
            let cmd = CommandLine {
                component,
                form: Form::ProcCmdline,
                program: Some(Span::new(words[0].span.start, words[skip - 1].span.end)),
                args,
                insert: Some(insert),
                generated: vec![],
                conditional: vec![],
                implied_config: None,
                pod: None,
                snapshot: true,
                version: None,
            };
            Recognised { parts: vec![Part { span: whole, body: Body::CommandLine(cmd) }], errors: vec![] }
        }
        None => {
            let first = names.first().copied().unwrap_or("");
            // A program name is printable and a process's words hold no line breaks (as a rule):
            // anything else is text or binary with NULs in it.
            // A command line with NULs inside (`kubelet --flag\0...`) is not a cmdline either.
            let spaced = first.split_whitespace().collect::<Vec<_>>();
            if first.chars().any(|c| c.is_control() || c == char::REPLACEMENT_CHARACTER)
                || content.trim_end_matches(['\0', '\n']).contains('\n')
                || (spaced.len() > 1 && component_of_program(&spaced).is_some())
            {
                let at = content.find('\0').unwrap_or(0);
                return Recognised {
                    parts: vec![Part {
                        span: whole,
                        body: Body::Unknown("binary content, or text with NUL bytes".into()),
                    }],
                    errors: vec![(
                        "a NUL byte in a document that is not a /proc/<pid>/cmdline: binary content, or text with NUL bytes"
                            .into(),
                        Span::new(at, at + 1),
                    )],
                };
            }
            let what = if first.is_empty() {
                "nothing".to_string()
            } else {
                format!("{:?}", first.chars().take(80).collect::<String>())
            };
            Recognised {
                parts: vec![Part {
                    span: whole,
                    body: Body::Unknown(format!(
                        "a NUL-separated command line of {what}, not a component kubecis checks"
                    )),
                }],
                errors: vec![],
            }
        }
    }
}

/// Finds the component's program among a line's words (after any `ps` columns).
fn command_in_words(words: Vec<Word>, form: Form, end: usize) -> Option<CommandLine> {
    let names: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
    let at = (0..names.len()).find(|&i| component_of_program(&names[i..]).is_some())?;
    if names[..at].iter().any(|w| SEARCHERS.contains(&w.rsplit('/').next().unwrap_or(w)) || *w == "|") {
        return None;
    }
    let (component, skip) = component_of_program(&names[at..])?;
    // Prose mentions "the kubelet"; a command line starts its arguments with a flag, and
    // what stands before its program is a command (`sudo`, `exec`), `ps` columns or a
    // `systemctl status` tree, not words.
    let first_arg = names.get(at + skip);
    if first_arg.is_some_and(|a| !a.starts_with('-'))
        || (first_arg.is_none() && at > 0 && !names[at].contains('/') && !names[..at].iter().any(|w| is_ps_column(w)))
        || !names[..at].iter().all(|w| is_ps_column(w) || PREFIXES.contains(w) || w.contains('='))
    {
        return None;
    }
    let snapshot = names[..at].iter().any(|w| is_ps_column(w));
    let mut words = words;
    let args = words.split_off(at + skip);
    let program = Some(Span::new(words[at].span.start, words[at + skip - 1].span.end));
    if args.len() > limits::MAX_ARGS {
        return None;
    }
    let insert = Insertion { offset: end, prefix: " ".into(), suffix: String::new(), quoted: false };
    Some(CommandLine {
        component,
        form,
        program,
        args,
        insert: Some(insert),
        generated: vec![],
        conditional: vec![],
        implied_config: None,
        pod: None,
        snapshot,
        version: None,
    })
}

fn line_mentions_component(line: &str) -> bool {
    line.split_whitespace().any(|w| component_of_program(&[w]).is_some())
}

/// Where a flag appended to this command goes: after its last non-blank byte.
fn line_end(start: usize, line: &str) -> usize {
    start + line.trim_end().len()
}

fn plain_words(line: &str, start: usize) -> Vec<Word> {
    let mut out = Vec::new();
    let mut offset = 0;
    for piece in line.split([' ', '\t', '\n', '\r']) {
        if !piece.is_empty() {
            out.push(Word::verbatim(piece, start + offset));
        }
        offset += piece.len() + 1;
    }
    out
}

/// Lines joined across backslash-newline continuations, with their start offsets.
fn logical_lines(content: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let continued = i > 0 && bytes[i - 1] == b'\\' || (i > 1 && bytes[i - 1] == b'\r' && bytes[i - 2] == b'\\');
            if !continued {
                out.push((start, &content[start..i]));
                start = i + 1;
            }
        }
        i += 1;
    }
    if start < content.len() {
        out.push((start, &content[start..]));
    }
    out
}

/// A scalar as a command-line word mapped to its source bytes.
pub fn scalar_word(text: &str, node: &Node) -> Option<Word> {
    let s = node.scalar()?;
    let raw = text.get(node.span.start..node.span.end)?;
    // A `|` block (an `sh -c` script) or an escaped string: mapped byte for byte where it can be.
    let mapped = || {
        // Spans of a document held in a string (a ConfigMap's payload) are not its own bytes.
        node.verbatim.then_some(())?;
        let offsets = super::embedded::offset_map(text, node.span, &s.value, s.style)?;
        Word::mapped(&s.value, node.span, offsets)
    };
    let inner_start = match s.style {
        ScalarStyle::Plain => node.span.start,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => node.span.start + 1,
        _ => return Some(mapped().unwrap_or_else(|| Word::opaque(&s.value, node.span))),
    };
    let quoted = inner_start != node.span.start;
    let inner = if quoted { raw.get(1..raw.len().saturating_sub(1)) } else { Some(raw) };
    if node.verbatim && inner == Some(s.value.as_str()) {
        let mut w = Word::verbatim(&s.value, inner_start);
        w.span = node.span;
        Some(w)
    } else if s.style == ScalarStyle::DoubleQuoted {
        Some(mapped().unwrap_or_else(|| Word::opaque(&s.value, node.span)))
    } else {
        Some(Word::opaque(&s.value, node.span))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(r: &Recognised) -> &CommandLine {
        assert_eq!(r.parts.len(), 1, "{r:?}");
        match &r.parts[0].body {
            Body::CommandLine(c) => c,
            other => panic!("{other:?}"),
        }
    }

    fn args(c: &CommandLine) -> Vec<&str> {
        c.args.iter().map(|w| w.value.as_str()).collect()
    }

    #[test]
    fn ps_ef_line() {
        let text = "root      1234     1  2 Nov24 ?        01:02:03 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=false\n";
        let r = recognise_text(text);
        let c = only(&r);
        assert_eq!(c.component, Component::Kubelet);
        assert_eq!(args(c), ["--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"]);
        assert_eq!(c.insert.as_ref().unwrap().offset, text.len() - 1);
    }

    #[test]
    fn ps_listing_skips_grep_and_finds_both_components() {
        let text = "root 1 0 0 10:00 ? 00:00:01 kube-apiserver --authorization-mode=Node,RBAC\n\
                    root 2 0 0 10:00 ? 00:00:01 /usr/bin/kubelet --anonymous-auth\n\
                    root 3 0 0 10:00 pts/0 00:00:00 grep --color=auto kubelet\n";
        let r = recognise_text(text);
        let comps: Vec<_> = r
            .parts
            .iter()
            .map(|p| match &p.body {
                Body::CommandLine(c) => c.component,
                _ => panic!(),
            })
            .collect();
        assert_eq!(comps, [Component::KubeApiserver, Component::Kubelet]);
    }

    #[test]
    fn continuation_lines_are_one_command() {
        let r = recognise_text("kubelet \\\n  --config=/etc/k.yaml \\\n  --authorization-mode=Webhook\n");
        assert_eq!(args(only(&r)), ["--config=/etc/k.yaml", "--authorization-mode=Webhook"]);
    }

    #[test]
    fn proc_cmdline() {
        let r = recognise_nul_separated("/usr/bin/kubelet\0--anonymous-auth=false\0");
        let c = only(&r);
        assert_eq!(args(c), ["--anonymous-auth=false"]);
        assert_eq!(c.args[0].span, Span::new(17, 39));
        assert_eq!(c.insert.as_ref().unwrap().text("--x"), "--x\0");
        assert_eq!(c.insert.as_ref().unwrap().offset, 40);
    }

    #[test]
    fn hyperkube() {
        let r = recognise_text("/hyperkube kubelet --anonymous-auth=false");
        assert_eq!(args(only(&r)), ["--anonymous-auth=false"]);
    }

    #[test]
    fn prose_is_not_a_command() {
        assert!(recognise_text("the kubelet is configured by a file").parts.is_empty());
    }
}
