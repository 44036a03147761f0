//! Recognise: what each input document is, by its content (a name is only a hint).
//!
//! A document becomes one or more [`Part`]s (a YAML stream has one per `---`
//! document, a `ps` listing one per process), each with what the later stages need
//! and the byte spans to point back at.

mod apiserver_configs;
mod authorization_config;
mod command_line;
mod embedded;
mod encryption_config;
mod env_file;
mod kubeadm;
mod pod_env;
mod sh_script;
mod systemd;
mod template;
mod yaml_docs;

pub use apiserver_configs::{
    AdmissionConfig, AdmissionPluginConfig, AnonymousConfig, AuthenticationConfig, EventRateLimit, EventRateLimitConfig,
};
pub use authorization_config::{AuthorizationConfig, Authorizer};
pub use command_line::{component_of_program, CommandLine, Form, ImpliedConfig, Insertion, PodInfo};
pub use encryption_config::{EncryptionConfig, EncryptionKey, EncryptionProvider, EncryptionRule, Resource};
pub use env_file::{EnvAssign, EnvFile};
pub use kubeadm::KubeadmNode;
pub use systemd::{EnvFileRef, ExecStart, IpAddressRule, SystemdUnit};
pub use yaml_docs::NO_API_VERSION_OR_KIND;
pub use yaml_docs::{ConfigForm, KubeletConfig};

use crate::component::Component;
use crate::limits;
use crate::source::Span;

/// What one input document holds.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub parts: Vec<Part>,
    /// Problems that stop (part of) the document from being read, with where they are.
    pub errors: Vec<(String, Span)>,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub span: Span,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// A KubeletConfiguration (file, ConfigMap payload or `/configz`).
    KubeletConfig(KubeletConfig),
    /// A component's argv: a command line, a static Pod container, kubeadm extra args.
    CommandLine(CommandLine),
    /// A systemd unit or drop-in.
    Systemd(SystemdUnit),
    /// `NAME=value` lines, as read by systemd's `EnvironmentFile=`.
    EnvFile(EnvFile),
    /// kubeadm InitConfiguration / JoinConfiguration: kubelet flags and an implied `--config`.
    KubeadmNode(KubeadmNode),
    AuthorizationConfig(AuthorizationConfig),
    /// A KubeSchedulerConfiguration (the kube-scheduler's `--config`).
    SchedulerConfig(KubeletConfig),
    AuthenticationConfig(AuthenticationConfig),
    AdmissionConfig(AdmissionConfig),
    /// EventRateLimit's `Configuration` (eventratelimit.admission.k8s.io).
    EventRateLimitConfig(EventRateLimitConfig),
    EncryptionConfig(EncryptionConfig),
    /// Recognised, but no rule reads it yet.
    Other {
        kind: String,
        component: Option<Component>,
    },
    Unknown(String),
    /// Checked in another request of the same run (the host split its documents).
    Elsewhere,
    /// A Helm/Go or Jinja template (`{{ ... }}` outside comments): its values are known
    /// only once rendered, so it is listed, not checked. Holds where the first action is.
    Template(Span),
}

impl Body {
    /// The kind shown in the report's `documents[]`.
    pub fn kind(&self) -> String {
        match self {
            Body::KubeletConfig(c) => match c.form {
                ConfigForm::File => "KubeletConfiguration".into(),
                ConfigForm::ConfigMap => "KubeletConfigMap".into(),
                ConfigForm::Configz => "KubeletConfigz".into(),
            },
            Body::CommandLine(c) => c.form.kind().into(),
            Body::Systemd(_) => "SystemdUnit".into(),
            Body::EnvFile(_) => "EnvironmentFile".into(),
            Body::KubeadmNode(n) => n.kind.clone(),
            Body::AuthorizationConfig(_) => "AuthorizationConfiguration".into(),
            Body::SchedulerConfig(_) => "KubeSchedulerConfiguration".into(),
            Body::AuthenticationConfig(_) => "AuthenticationConfiguration".into(),
            Body::AdmissionConfig(_) => "AdmissionConfiguration".into(),
            Body::EventRateLimitConfig(_) => "EventRateLimitConfiguration".into(),
            Body::EncryptionConfig(_) => "EncryptionConfiguration".into(),
            Body::Other { kind, .. } => kind.clone(),
            Body::Unknown(_) => "Unknown".into(),
            Body::Elsewhere => "Elsewhere".into(),
            Body::Template(_) => "Template".into(),
        }
    }

    pub fn component(&self) -> Option<Component> {
        match self {
            Body::KubeletConfig(_) | Body::KubeadmNode(_) => Some(Component::Kubelet),
            Body::SchedulerConfig(_) => Some(Component::KubeScheduler),
            Body::CommandLine(c) => Some(c.component),
            Body::Systemd(u) => u.component(),
            Body::EnvFile(_) => None,
            Body::AuthorizationConfig(_)
            | Body::AuthenticationConfig(_)
            | Body::AdmissionConfig(_)
            | Body::EventRateLimitConfig(_)
            | Body::EncryptionConfig(_) => Some(Component::KubeApiserver),
            Body::Other { component, .. } => *component,
            Body::Unknown(_) | Body::Elsewhere | Body::Template(_) => None,
        }
    }
}

impl Recognised {
    /// A document whose edits change nothing on the node: a `ps` listing, a
    /// `/proc/<pid>/cmdline`, a running kubelet's `/configz`.
    pub fn is_snapshot(&self) -> bool {
        self.parts.iter().any(|p| match &p.body {
            Body::CommandLine(c) => c.form == Form::ProcCmdline || c.snapshot,
            Body::KubeletConfig(c) => c.form == ConfigForm::Configz,
            _ => false,
        })
    }

    /// A document that is not read at all, with why.
    pub fn refused(message: String) -> Recognised {
        Recognised { parts: vec![], errors: vec![(message, Span::new(0, 0))] }
    }

    /// A document the host checks in another request (see `Document::elsewhere`).
    pub fn elsewhere() -> Recognised {
        Recognised { parts: vec![Part { span: Span::new(0, 0), body: Body::Elsewhere }], errors: vec![] }
    }

    fn counted(self, nodes: usize) -> (Recognised, usize) {
        (self, nodes)
    }
}

/// Recognises one document's content.
pub fn recognise(content: &str) -> Recognised {
    recognise_counted("", content).0
}

/// Recognises one document's content, with the YAML nodes its recognised parts keep (a
/// document nothing reads keeps none): the request-wide memory budget charges them.
/// `name` is the document's name: prose and source code (`README.md`, `main.go`) that
/// happens to hold `key: value` lines is not a configuration that failed to parse.
pub fn recognise_counted(name: &str, content: &str) -> (Recognised, usize) {
    let whole = Span::new(0, content.len());
    if content.len() > limits::MAX_DOCUMENT_BYTES {
        return Recognised::refused(format!(
            "document is {} bytes; the limit is {} bytes, so it is not read",
            content.len(),
            limits::MAX_DOCUMENT_BYTES
        ))
        .counted(0);
    }
    let mut kept_nodes = 0;
    let prose = prose_or_code(name);
    if prose == Some("TOML") {
        // `key = "value"` lines would read as an env file: kubecis.toml, containerd's config.
        let why = "TOML, not a configuration kubecis checks".to_string();
        return (Recognised { parts: vec![Part { span: whole, body: Body::Unknown(why) }], errors: vec![] }, 0);
    }
    let mut r = recognise_text(content, whole, prose, &mut kept_nodes);
    // Prose that happens to parse (a README of `Note: ...` lines) says what it is.
    if let Some(what) = prose.filter(|_| r.errors.is_empty()) {
        if r.parts.iter().all(|p| matches!(p.body, Body::Unknown(_))) {
            r.parts = vec![Part { span: whole, body: Body::Unknown(format!("{what}: not a configuration")) }];
        }
    }
    // Hosts decode bytes lossily: U+FFFD marks bytes that were not UTF-8. Control
    // characters mark binary content. Either way the document is still read.
    if !content.contains('\0') {
        if let Some((at, c)) = content
            .char_indices()
            .find(|(_, c)| *c == char::REPLACEMENT_CHARACTER || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
        {
            let what = if c == char::REPLACEMENT_CHARACTER {
                "invalid UTF-8 (shown as U+FFFD)".to_string()
            } else {
                format!("a control character U+{:04X}", c as u32)
            };
            r.errors.insert(
                0,
                (format!("{what}: binary content, or text in another encoding"), Span::new(at, at + c.len_utf8())),
            );
        }
    }
    (r, kept_nodes)
}

fn recognise_text(content: &str, whole: Span, prose: Option<&str>, kept_nodes: &mut usize) -> Recognised {
    // Nothing to check is not a problem: an empty file in a repository, a blank env file.
    if content.trim().is_empty() {
        return Recognised {
            parts: vec![Part { span: whole, body: Body::Unknown("empty document: there is nothing to check".into()) }],
            errors: vec![],
        };
    }
    // A /proc/<pid>/cmdline separates its words with NUL bytes.
    if content.contains('\0') {
        return command_line::recognise_nul_separated(content);
    }
    if let Some(action) = template::first_action(content) {
        return Recognised { parts: vec![Part { span: whole, body: Body::Template(action) }], errors: vec![] };
    }
    if systemd::looks_like_unit(content) {
        return systemd::recognise(content);
    }
    if env_file::looks_like_env_file(content) {
        return env_file::recognise(content);
    }
    match crate::source::yaml::parse_stream(content) {
        Ok(docs)
            if docs.iter().any(|d| d.root.as_ref().is_some_and(|r| r.entries().is_some() || r.items().is_some())) =>
        {
            let nodes: usize = docs.iter().map(|d| d.nodes).sum();
            let r = yaml_docs::recognise(content, docs);
            let keeps_tree = r.parts.iter().any(|p| !matches!(p.body, Body::Unknown(_) | Body::Other { .. }));
            if keeps_tree {
                *kept_nodes = nodes;
            }
            r
        }
        parsed => {
            // Not structured YAML: a command line or a `ps` listing, or nothing we know.
            let lines = command_line::recognise_text(content);
            if !lines.parts.is_empty() || !lines.errors.is_empty() {
                return lines;
            }
            match parsed {
                // Past a limit the text is YAML whatever it looks like: say so.
                Err(e) if (prose.is_none() && looks_structured(content)) || e.past_limit() => Recognised {
                    parts: vec![Part { span: whole, body: Body::Unknown("not valid YAML or JSON".into()) }],
                    errors: vec![(format!("invalid YAML/JSON: {}", e.message), e.span)],
                },
                Ok(docs) if docs.iter().all(|d| d.root.as_ref().is_none_or(|r| r.is_null())) => Recognised {
                    parts: vec![Part {
                        span: whole,
                        body: Body::Unknown("an empty YAML stream (only separators, comments or nulls)".into()),
                    }],
                    errors: vec![],
                },
                Err(_) if prose.is_some() => Recognised {
                    parts: vec![Part {
                        span: whole,
                        body: Body::Unknown(format!("{}: not a configuration", prose.unwrap_or_default())),
                    }],
                    errors: vec![],
                },
                _ => Recognised {
                    parts: vec![Part {
                        span: whole,
                        body: Body::Unknown("no kubelet or kube-apiserver configuration or command line found".into()),
                    }],
                    errors: vec![],
                },
            }
        }
    }
}

/// What a file is by its extension when that says it is prose or source code, which
/// no component reads as its configuration (a `README.md` of `key: value` sentences
/// fails to parse as YAML and is not an error for that).
fn prose_or_code(name: &str) -> Option<&'static str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    Some(match ext.as_str() {
        "md" | "markdown" | "mdx" => "Markdown",
        "rst" => "reStructuredText",
        "adoc" | "asciidoc" => "AsciiDoc",
        "txt" => "plain text",
        "toml" => "TOML",
        "html" | "htm" => "HTML",
        "go" | "py" | "rs" | "js" | "mjs" | "ts" | "java" | "rb" | "c" | "h" | "cpp" | "tf" | "hcl" | "nix" => {
            "source code"
        }
        _ => return None,
    })
}

/// Whether text that failed to parse was meant as YAML or JSON, so the parse error is worth reporting.
fn looks_structured(content: &str) -> bool {
    let t = content.trim_start();
    t.starts_with('{')
        || t.starts_with('[')
        || t.starts_with("---")
        // Any line break YAML reads (CR alone too, and go-yaml's NEL, U+2028 and U+2029):
        // a CR-only file that failed to parse must still say why (found by the go_yaml fuzz target).
        || content.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']).any(|l| {
            let l = l.trim_start();
            l.starts_with("apiVersion:")
                || l.starts_with("kind:")
                || l.starts_with("- ")
                || (!l.starts_with('#') && (l.contains(": ") || l.trim_end().ends_with(':')))
        })
}
