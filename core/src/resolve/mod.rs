//! Resolve: group the recognised parts into component instances (one kubelet with
//! its unit, env files, `--config` file and drop-ins; one kube-apiserver with its
//! `--authorization-config`), then compute effective settings the way the
//! components do, keeping where every value came from.

pub mod admission;
mod apiserver;
mod assemble;
mod authz_validation;
pub mod flags;
mod nodes;
mod paths;
mod running;
mod setting;
mod structured_files;
mod units;
pub mod values;

pub use crate::component::Component;
pub use apiserver::authorization_modes;
pub use assemble::{assemble, assemble_input, Assembly, Input, EVENT_RATE_LIMIT_FILE};
pub use nodes::node_groups;
pub use setting::{config_errors, display_name, resolve, resolve_gate};
pub use structured_files::{loadable, Loadable, StructuredFile};
pub use values::Value;

use crate::recognise::{AuthorizationConfig, Insertion, KubeletConfig};
use crate::report::Origin;
use crate::source::shell::Word;
use crate::source::Span;
use flags::ParsedFlags;
pub use values::parse_bool;

/// A word of one of the request's documents.
#[derive(Debug, Clone)]
pub struct Arg {
    pub doc: usize,
    pub word: Word,
}

/// Words a file that was not supplied could have put at `args[at]`
/// (an `EnvironmentFile=` expanded by `ExecStart=`).
#[derive(Debug, Clone)]
pub struct Gap {
    pub at: usize,
    pub missing: String,
}

/// A component's command line as far as the documents show it.
#[derive(Debug, Clone)]
pub struct Argv {
    /// The program's words: where a finding about a default value points.
    pub program: Option<(usize, Span)>,
    pub args: Vec<Arg>,
    pub gaps: Vec<Gap>,
    pub flags: ParsedFlags,
    /// Set when only a fragment of the command line was supplied (an env file or
    /// kubeadm extra args): what is missing.
    pub fragment: Option<String>,
    /// Where a missing flag would be added: document and insertion.
    pub insert: Option<(usize, Insertion)>,
    /// Flags a generator (kubeadm) adds unless `args` sets them.
    pub generated: Vec<(String, String)>,
    /// Flags a generator adds only when something the documents do not show holds.
    pub conditional: Vec<(String, String, String)>,
    /// A `--config` the generator always passes.
    pub implied_config: Option<crate::recognise::ImpliedConfig>,
    /// The kind of document the command line was read from (none for systemd units and env files).
    pub form: Option<crate::recognise::Form>,
    /// The Kubernetes version the document names, as written.
    pub version: Option<String>,
    /// For a command line from a systemd service: its `IPAddressDeny=`/`IPAddressAllow=`
    /// lines in reading order, with their documents. `None`: not from a unit.
    pub unit_ip_address: Option<Vec<(usize, crate::recognise::IpAddressRule)>>,
}

impl Argv {
    /// Where a flag use is written: from its word through its value (or the stray word
    /// after a bare boolean) when in one document, and its value's bytes when they can
    /// be replaced in place.
    pub fn flag_source(&self, u: &flags::FlagUse) -> Source {
        let flag = &self.args[u.arg];
        let value = u.value_at.and_then(|(i, start, end)| {
            let w = &self.args[i].word;
            let in_place = w.is_verbatim(start, end) && !w.expanded_in(start, end);
            (self.args[i].doc == flag.doc && in_place).then(|| w.source_span(start, end))
        });
        let last_index = u.stray_after.or(u.value_at.map(|(i, ..)| i)).unwrap_or(u.arg);
        let last = &self.args[last_index];
        let whole =
            if last.doc == flag.doc { Span::new(flag.word.span.start, last.word.span.end) } else { flag.word.span };
        let expanded = self.args[u.arg..=last_index.max(u.arg)].iter().any(|a| !a.word.expansions.is_empty());
        Source {
            value: u.value.clone(),
            origin: Origin::Flag,
            at: At::Flag { doc: flag.doc, name: u.name.clone(), whole, value, expanded },
        }
    }

    /// The first of `uses` whose value the documents do not show: the setting is unknown,
    /// pointing at that flag.
    pub fn unknown_value<'a>(&self, uses: impl IntoIterator<Item = &'a flags::FlagUse>) -> Option<Resolved> {
        let u = uses.into_iter().find(|u| u.unknown.is_some())?;
        let what = u.unknown.as_deref().unwrap_or_default();
        Some(Resolved {
            reason: format!("--{} takes its value from {what}, not shown in the documents", u.name),
            anchor: Some(self.flag_source(u).at),
            ..Resolved::unknown()
        })
    }
}

/// A supplied KubeletConfiguration and the document it came from.
#[derive(Debug, Clone)]
pub struct ConfigDoc {
    pub doc: usize,
    pub config: KubeletConfig,
    /// A KubeletConfiguration given to `kubeadm init`: kubeadm adds its own values to it
    /// before writing /var/lib/kubelet/config.yaml (cmd/kubeadm/app/componentconfigs/kubelet.go).
    pub kubeadm_input: bool,
}

/// Where the kubelet's `--config` comes from.
#[derive(Debug, Clone)]
pub enum ConfigSource {
    /// No `--config`: the kubelet's legacy defaults apply.
    Absent,
    /// `--config` names this supplied file.
    File(ConfigDoc),
    /// A config supplied without a command line, taken as the kubelet's `--config`.
    Assumed(ConfigDoc),
    /// `--config` names a file that was not supplied.
    Missing(String),
    /// kubeadm generates the config from its defaults.
    KubeadmDefault,
    /// The command line was not supplied, so whether there is a `--config` is unknown.
    Unknown(String),
    /// A running kubelet's `/configz`: the effective configuration itself.
    Configz(ConfigDoc),
}

/// The kubelet's `--config-dir` drop-ins.
#[derive(Debug, Clone)]
pub enum DropIns {
    Absent,
    /// The directory and the supplied `*.conf` files from it, in the kubelet's (lexical) order.
    Dir {
        path: String,
        files: Vec<ConfigDoc>,
        /// Whether the supplied files are the directory's whole content.
        complete: bool,
        /// Supplied `*.conf` files of the directory the kubelet cannot decode (no apiVersion
        /// and kind, a repeated key), with why: it stops at the first ("failed to load
        /// kubelet dropin file").
        rejected: Vec<(usize, crate::source::Span, String)>,
    },
}

/// Where the kube-apiserver's `--authorization-config` comes from.
#[derive(Debug, Clone)]
pub enum AuthzSource {
    Absent,
    File { doc: usize, config: AuthorizationConfig },
    Missing(String),
}

/// A config file a flag of the instance names (`--encryption-provider-config`, ...).
#[derive(Debug, Clone)]
pub struct FileRef {
    pub flag: &'static str,
    /// The path as the node sees it (a static Pod's mount mapped to its hostPath).
    pub path: String,
    pub source: FileSource,
}

// A few per instance: the size of the variant does not matter, matching on the body does.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum FileSource {
    File {
        doc: usize,
        body: crate::recognise::Body,
    },
    /// Named but not supplied.
    Missing(String),
}

/// The Kubernetes version whose defaults apply, and how it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeVersion {
    /// The minor version (`31` for v1.31).
    pub minor: u32,
    /// Where it comes from: `--kubernetes-version`, a document, or the assumption.
    pub source: String,
    pub assumed: bool,
}

impl KubeVersion {
    /// The newest Kubernetes minor version whose defaults kubecis knows.
    pub const NEWEST: u32 = 35;

    pub fn assumed() -> KubeVersion {
        KubeVersion {
            minor: Self::NEWEST,
            source: "assumed: no --kubernetes-version and no document says which".into(),
            assumed: true,
        }
    }

    /// `1.31`, `v1.31.2`, `1.31.0-rc.1`: the minor version.
    pub fn parse_minor(text: &str) -> Option<u32> {
        let t = text.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        (parts.next()? == "1").then_some(())?;
        let minor: String = parts.next()?.chars().take_while(char::is_ascii_digit).collect();
        minor.parse().ok()
    }

    /// `1.31`, or `1.35, assumed`: the report says where each version comes from.
    pub fn describe(&self) -> String {
        if self.assumed {
            format!("1.{}, assumed", self.minor)
        } else {
            format!("1.{}", self.minor)
        }
    }
}

/// One component as configured by the request's documents.
#[derive(Debug, Clone)]
pub struct Instance {
    pub component: Component,
    pub version: KubeVersion,
    pub documents: Vec<usize>,
    pub argv: Option<Argv>,
    pub config: ConfigSource,
    pub dropins: DropIns,
    pub authz: AuthzSource,
    /// Other config files the command line names (the kube-apiserver's authentication,
    /// admission and encryption configs).
    pub files: Vec<FileRef>,
}

/// Where a value is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// A flag: its word, and its value's bytes when written verbatim.
    Flag {
        doc: usize,
        name: String,
        /// The flag word through its value or stray word, when in one document.
        whole: Span,
        /// The value's bytes, when they can be replaced in place.
        value: Option<Span>,
        /// The words came through `$(VAR)` expansion: rewriting them whole would turn the
        /// reference into a literal.
        expanded: bool,
    },
    /// A YAML/JSON scalar in a config file.
    Node { doc: usize, span: Span, style: NodeStyle },
    /// An item of a block list (an authorizer), which a fix can remove by lines.
    Item { doc: usize, value: Span, item: Span },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// Inside a string whose escapes we cannot rewrite in place.
    Opaque,
}

impl At {
    pub fn doc(&self) -> usize {
        match self {
            At::Flag { doc, .. } | At::Node { doc, .. } | At::Item { doc, .. } => *doc,
        }
    }
    /// The span a finding points at.
    pub fn span(&self) -> Span {
        match self {
            At::Flag { value: Some(v), .. } => *v,
            At::Flag { whole, .. } => *whole,
            At::Node { span, .. } => *span,
            At::Item { value, .. } => *value,
        }
    }
}

/// One source's contribution to a value.
#[derive(Debug, Clone)]
pub struct Source {
    pub value: String,
    pub origin: Origin,
    pub at: At,
}

impl Resolved {
    /// Nothing known yet.
    pub fn unknown() -> Resolved {
        Resolved {
            value: None,
            origin: Origin::Unknown,
            sources: vec![],
            overridden: vec![],
            missing: vec![],
            reason: String::new(),
            problem: None,
            problem_at: None,
            assumption: None,
            anchor: None,
        }
    }
}

impl Instance {
    /// A component known only from files, without a command line; callers set the files.
    pub fn files_only(component: Component, documents: Vec<usize>) -> Instance {
        Instance {
            component,
            version: KubeVersion::assumed(),
            documents,
            argv: None,
            config: ConfigSource::Absent,
            dropins: DropIns::Absent,
            authz: AuthzSource::Absent,
            files: Vec::new(),
        }
    }

    /// The file a flag names: `None` when the flag is not set.
    pub fn file(&self, flag: &str) -> Option<&FileRef> {
        self.files.iter().find(|f| f.flag == flag)
    }

    /// Where the last use of `flag` is written, to point at it.
    pub fn flag_at(&self, flag: &str) -> Option<At> {
        let argv = self.argv.as_ref()?;
        Some(argv.flag_source(argv.flags.last(flag)?).at)
    }
}

/// An effective setting and its provenance.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// `None` when the documents cannot decide it.
    pub value: Option<Value>,
    pub origin: Origin,
    /// The sources that make the value: one for a scalar, every flag use for a list.
    pub sources: Vec<Source>,
    /// Lower-precedence sources that were overridden.
    pub overridden: Vec<Source>,
    /// Referenced files that were not supplied.
    pub missing: Vec<String>,
    /// Why the value is what it is (or unknown), in words.
    pub reason: String,
    /// A startup error the component would stop at.
    pub problem: Option<String>,
    /// Where that error is, when it is not at the value's sources (a key of a config file).
    pub problem_at: Option<At>,
    /// What a pass rests on when the Kubernetes version is only assumed.
    pub assumption: Option<String>,
    /// Where to point when no source sets the value: the flag naming a missing file.
    pub anchor: Option<At>,
}
