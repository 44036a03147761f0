//! One entry per flag of a component: how its value is parsed and typed, and for the
//! settings the rules read, the config-file path, the defaults (with and without a
//! config file, by Kubernetes version where they moved) and the values the component
//! accepts. Declared with `const` builders so a table stays one line per flag.

/// How a flag's value is typed, and so how it is parsed and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// pflag bool: `--f` or `--f=v` with Go `ParseBool` spellings; never takes the next word.
    Bool,
    /// int32, parsed by `strconv.ParseInt(s, 0, 32)` (so `0x10` and `010` are numbers).
    Int32,
    /// int64, parsed by `strconv.ParseInt(s, 0, 64)`.
    Int64,
    /// `time.Duration`, parsed by `time.ParseDuration`.
    Duration,
    /// A string the rules read.
    String,
    /// A single value no rule reads: parsed as one value (last wins), not validated.
    Value,
    /// pflag stringSlice: comma-separated; repetitions append.
    List,
    /// pflag stringArray: repetitions append; commas stay in the value.
    Array,
    /// A map flag (mapStringString, langle-separated ...): repetitions merge.
    Map,
    /// `--feature-gates` (mapStringBool, `A=true,B=false`): repetitions merge per gate.
    FeatureGates,
}

impl Kind {
    /// Whether pflag lets the flag stand alone (`--f`) without taking the next word.
    pub fn is_bool(self) -> bool {
        self == Kind::Bool
    }

    /// Whether repetitions accumulate instead of the last one winning.
    pub fn accumulates(self) -> bool {
        matches!(self, Kind::List | Kind::Array | Kind::Map | Kind::FeatureGates)
    }

    /// The noun with its article: `a boolean`, `an integer`.
    pub fn a_noun(self) -> String {
        let noun = self.noun();
        let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        format!("{article} {noun}")
    }

    /// What a value of this kind is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Bool => "boolean",
            Kind::Int32 | Kind::Int64 => "integer",
            Kind::Duration => "duration",
            Kind::String | Kind::Value => "string",
            Kind::List | Kind::Array => "list",
            Kind::Map | Kind::FeatureGates => "mapping",
        }
    }
}

/// The command-line parser a component's binary uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagSyntax {
    /// spf13/pflag: `--name`, single-dash long names are shorthand clusters.
    Pflag,
    /// Go's `flag` package: `-name` and `--name` alike; bool flags never take the next
    /// word; parsing stops at the first word that is not a flag.
    GoFlag,
}

/// A default value, or none (the setting is unset: an empty string, no file).
pub type Default = Option<&'static str>;

/// One flag of a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    /// The flag's name without dashes, e.g. `read-only-port`.
    pub flag: &'static str,
    pub kind: Kind,
    /// The field in the component's config file (the kubelet's KubeletConfiguration).
    pub config: Option<&'static [&'static str]>,
    /// The default of a component started from flags only.
    pub default: Default,
    /// The default when a config file is loaded and does not set the field (the kubelet's
    /// v1beta1 defaulting; the same as `default` except where legacy flag defaults differ).
    pub config_default: Default,
    /// Whether a config file's zero value (`0s`, `0`, `""`) is replaced by the default,
    /// as v1beta1 `SetDefaults` does for fields that are not pointers.
    pub zero_is_default: bool,
    /// The value kubeadm writes into the config it generates, where it writes one.
    pub kubeadm: Default,
    /// kubeadm writes its value even over the user's (rotateCertificates).
    pub kubeadm_forced: bool,
    /// The only values the component accepts (case-sensitive); empty: any.
    pub allowed: &'static [&'static str],
    /// Where the default moved: from Kubernetes minor version `n` on, the default is `v`.
    pub moved: &'static [(u32, Default)],
    /// The first minor version that has the flag, when it is newer than the oldest we check.
    pub added: Option<u32>,
    /// The first minor version without the flag: the component refuses to start with it.
    pub removed: Option<u32>,
    /// The flag and the config field are separate settings the component ORs (the
    /// kubelet's `--seccomp-default`), instead of the flag overriding the field.
    pub ored: bool,
    /// The component ignores the flag when it loads a config file (the kube-scheduler's
    /// deprecated flags: cmd/kube-scheduler/app/options deprecated.go).
    pub ignored_with_config: bool,
    /// The value is itself a credential (a password, a token): reports and renderings
    /// mask it (see `crate::redact`).
    pub sensitive: bool,
}

/// A flag with its parse kind and nothing else known.
pub const fn flag(name: &'static str, kind: Kind) -> Setting {
    Setting {
        flag: name,
        kind,
        config: None,
        default: None,
        config_default: None,
        zero_is_default: false,
        kubeadm: None,
        kubeadm_forced: false,
        allowed: &[],
        moved: &[],
        added: None,
        removed: None,
        ored: false,
        ignored_with_config: false,
        sensitive: false,
    }
}

impl Setting {
    pub const fn config(self, path: &'static [&'static str]) -> Setting {
        Setting { config: Some(path), ..self }
    }
    /// The same default with and without a config file.
    pub const fn default(self, value: &'static str) -> Setting {
        Setting { default: Some(value), config_default: Some(value), ..self }
    }
    /// Different defaults without (`flags_only`) and with a config file.
    pub const fn defaults(self, flags_only: &'static str, with_config: &'static str) -> Setting {
        Setting { default: Some(flags_only), config_default: Some(with_config), ..self }
    }
    pub const fn zero_is_default(self) -> Setting {
        Setting { zero_is_default: true, ..self }
    }
    pub const fn kubeadm(self, value: &'static str) -> Setting {
        Setting { kubeadm: Some(value), ..self }
    }
    pub const fn kubeadm_forced(self, value: &'static str) -> Setting {
        Setting { kubeadm: Some(value), kubeadm_forced: true, ..self }
    }
    pub const fn allowed(self, values: &'static [&'static str]) -> Setting {
        Setting { allowed: values, ..self }
    }
    pub const fn moved(self, moves: &'static [(u32, Default)]) -> Setting {
        Setting { moved: moves, ..self }
    }
    pub const fn added(self, minor: u32) -> Setting {
        Setting { added: Some(minor), ..self }
    }
    pub const fn removed(self, minor: u32) -> Setting {
        Setting { removed: Some(minor), ..self }
    }
    pub const fn ignored_with_config(self) -> Setting {
        Setting { ignored_with_config: true, ..self }
    }
    pub const fn ored(self) -> Setting {
        Setting { ored: true, ..self }
    }
    pub const fn sensitive(self) -> Setting {
        Setting { sensitive: true, ..self }
    }

    /// The config path as written in a config file, e.g. `authentication.anonymous.enabled`.
    pub fn dotted(&self) -> Option<String> {
        self.config.map(|p| p.join("."))
    }

    /// The default at Kubernetes minor version `minor`, with or without a config file.
    pub fn default_at(&self, minor: u32, with_config: bool) -> Default {
        let base = if with_config { self.config_default } else { self.default };
        self.moved.iter().rev().find(|(from, _)| minor >= *from).map_or(base, |(_, v)| *v)
    }

    /// Whether the flag exists at Kubernetes minor version `minor`.
    pub fn exists_at(&self, minor: u32) -> bool {
        self.added.is_none_or(|a| minor >= a) && self.removed.is_none_or(|r| minor < r)
    }
}
