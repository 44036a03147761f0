//! The rules: one file each, metadata next to the code that evaluates it. A simple
//! rule is a declaration (a setting of the component's registry, what it must be, and
//! its metadata); only real logic gets code. Control ids per benchmark version are not
//! here: `core/benchmarks/*.tsv` maps them to rule slugs.

pub mod apiserver;
pub mod controller_manager;
pub mod kubelet;
pub mod shared;

use crate::benchmark;
use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Expect};
use crate::recognise::Form;
use crate::report::{Applicability, Origin, Severity};
use crate::resolve::{display_name, ConfigSource, Instance};
use serde::Serialize;
use std::collections::BTreeMap;

/// The static form of a rule, written next to its code.
pub struct Rule {
    /// One slug per component the control exists on: one definition, reported under
    /// each component's id.
    pub targets: &'static [Target],
    /// The rule's own title; a finding shows the selected benchmark's title.
    pub title: &'static str,
    pub severity: Severity,
    pub check: Check,
    /// How safe the rule's fix is where it edits a real source.
    pub applicability: Applicability,
    pub rationale: &'static str,
    /// What to do, whatever the input kind; a declaration's per-kind remediations are
    /// generated from its setting and fix value.
    pub remediation: &'static str,
    /// The flag naming a config file the rule reads (`--encryption-provider-config`): a
    /// kube-apiserver known only from such a file is checked by the rules that read it.
    pub file_flag: Option<&'static str>,
}

/// A rule's slug on one component and its ids in other tools.
pub struct Target {
    pub component: Component,
    pub slug: &'static str,
    /// The same check in other tools (Datadog, Checkov, Kubescape, Trivy, kube-bench).
    pub aliases: &'static [(&'static str, &'static str)],
}

pub enum Check {
    /// A setting and what it must be.
    Setting(Expect),
    /// A kube-apiserver admission plugin that must run, or must not.
    Admission(apiserver::admission::Plugin),
    /// Real logic: `setting` is the flag it reads, for the metadata; `audit` says how the
    /// logic decides, for the rule's documentation (a declaration's is generated).
    Custom { setting: &'static str, evaluate: fn(&Instance, &Ctx, &Rule) -> Evaluation, audit: &'static str },
}

impl Rule {
    /// Whether the documents say enough about the instance for this rule: a component
    /// whose command line was not supplied, only one of its config files, is checked by
    /// the rules that read that file.
    pub fn applies_to(&self, inst: &Instance) -> bool {
        if inst.argv.is_some() || inst.component == Component::Kubelet {
            return true;
        }
        let has = |flag: &str| {
            inst.file(flag).is_some()
                || (flag == "authorization-config" && !matches!(inst.authz, crate::resolve::AuthzSource::Absent))
        };
        self.file_flag.is_some_and(has)
    }

    pub fn setting(&self) -> &'static str {
        match &self.check {
            Check::Setting(e) => e.setting,
            Check::Admission(_) => "enable-admission-plugins",
            Check::Custom { setting, .. } => setting,
        }
    }

    pub fn evaluate(&self, inst: &Instance, ctx: &Ctx) -> Evaluation {
        match &self.check {
            Check::Setting(e) => e.evaluate(inst, ctx, self.applicability),
            Check::Admission(p) => p.evaluate(inst, ctx, self.applicability),
            Check::Custom { evaluate, .. } => evaluate(inst, ctx, self),
        }
    }

    /// The remediation for where the value came from: the flag that set it, the config
    /// file or drop-in that set it, or, for a default, the file the component reads.
    pub fn remediation_for(&self, t: &Target, inst: &Instance, origin: Origin) -> String {
        let kinds = self.remediations(t);
        let kubeadm_form = inst
            .argv
            .as_ref()
            .and_then(|a| a.form)
            .is_some_and(|f| matches!(f, Form::KubeadmCluster | Form::KubeadmNode));
        let config = matches!(inst.config, ConfigSource::File(_) | ConfigSource::Assumed(_) | ConfigSource::Configz(_));
        let pick = match origin {
            Origin::Flag if kubeadm_form => "kubeadm",
            Origin::Flag => "flag",
            Origin::Config | Origin::DropIn | Origin::Configz => "config",
            Origin::KubeadmDefault => "kubeadm",
            _ if kubeadm_form || matches!(inst.config, ConfigSource::KubeadmDefault) => "kubeadm",
            _ if config => "config",
            _ => "flag",
        };
        kinds.get(pick).or_else(|| kinds.get("flag")).cloned().unwrap_or_else(|| self.remediation.to_string())
    }

    /// Remediation per input kind (`config`, `flag`, `kubeadm`) for a declaration with a fix value.
    pub fn remediations(&self, t: &Target) -> BTreeMap<&'static str, String> {
        let mut out = BTreeMap::new();
        let Check::Setting(Expect { setting, fix: Some(value), .. }) = &self.check else { return out };
        let Some(s) = t.component.setting(setting) else { return out };
        let c = t.component.name();
        let restart = if t.component == Component::Kubelet {
            "then restart the kubelet"
        } else {
            "then let the kubelet restart the static Pod (it does when the manifest changes)"
        };
        if let Some(path) = s.dotted() {
            out.insert("config", format!("Set {path}: {value} in the {c} config file (--config), {restart}."));
        }
        out.insert(
            "flag",
            format!("Set --{}={value} on the {c} command line (its systemd unit, env file or static Pod manifest), {restart}.", s.flag),
        );
        let kubeadm = match (t.component, s.dotted()) {
            (Component::Kubelet, Some(path)) => {
                format!("Set {path}: {value} in the KubeletConfiguration given to kubeadm (or in the kube-system/kubelet-config ConfigMap).")
            }
            (Component::Kubelet, None) => {
                format!(
                    "Set nodeRegistration.kubeletExtraArgs {}: \"{value}\" in the kubeadm Init/JoinConfiguration.",
                    s.flag
                )
            }
            (component, _) => format!(
                "Set {}.extraArgs {}: \"{value}\" in the kubeadm ClusterConfiguration.",
                kubeadm_section(component),
                s.flag
            ),
        };
        out.insert("kubeadm", kubeadm);
        out
    }

    /// What complies, in words (`false`, `at least 30`), where one value says it.
    fn want(&self) -> Option<&'static str> {
        match &self.check {
            Check::Setting(e) => Some(e.want),
            Check::Admission(p) if p.enabled => Some("enabled"),
            Check::Admission(_) => Some("not enabled"),
            Check::Custom { .. } => None,
        }
    }

    /// How kubecis decides, for the rule's documentation: a declaration's is the same
    /// resolution every declaration gets, worded for its setting.
    fn audit(&self, t: &Target) -> String {
        let c = t.component.name();
        match &self.check {
            Check::Custom { audit, .. } => audit.to_string(),
            Check::Setting(e) => {
                let name = t
                    .component
                    .setting(e.setting)
                    .map_or_else(|| format!("--{}", e.setting), |s| display_name(s, None));
                format!(
                    "Passes when the effective {name} is {}. {} A value that cannot be known (a file that \
was not supplied, a flag set from an environment variable that is not) makes the finding unknown, never a pass.",
                    e.want,
                    precedence(t.component)
                )
            }
            Check::Admission(p) => format!(
                "Passes when the admission plugin {} {} in the {c}: the plugins on by default for the Kubernetes \
version, plus --enable-admission-plugins, minus --disable-admission-plugins (or exactly the legacy \
--admission-control list where that is used). {}",
                p.plugin,
                if p.enabled { "runs" } else { "does not run" },
                precedence(t.component)
            ),
        }
    }

    pub fn meta(&self, t: &Target) -> RuleMeta {
        let setting = t.component.setting(self.setting());
        let mut defaults = BTreeMap::new();
        let mut default_changes = Vec::new();
        if let Some(s) = setting {
            let show = |d: Option<&str>| d.unwrap_or("unset").to_string();
            if t.component == Component::Kubelet && s.config.is_some() {
                defaults.insert("withoutConfig", show(s.default));
                defaults.insert("withConfig", show(s.config_default));
            } else {
                defaults.insert("default", show(s.default));
            }
            default_changes = s
                .moved
                .iter()
                .map(|(minor, d)| DefaultChange { since: format!("1.{minor}"), value: show(*d) })
                .collect();
        }
        RuleMeta {
            slug: t.slug,
            title: self.title,
            component: t.component,
            severity: self.severity,
            setting: setting.map_or_else(|| self.setting().to_string(), |s| display_name(s, None)),
            flag: format!("--{}", self.setting()),
            config_field: setting.and_then(|s| s.dotted()),
            want: self.want(),
            defaults,
            default_changes,
            audit: self.audit(t),
            cis: CisIds(
                benchmark::BENCHMARKS
                    .iter()
                    .filter_map(|b| {
                        benchmark::control_of(b, t.slug).map(|c| (*b, CisControl { id: c.id, automated: c.automated }))
                    })
                    .collect(),
            ),
            aliases: t.aliases.iter().copied().collect(),
            rationale: self.rationale,
            remediation: self.remediation,
            remediations: self.remediations(t),
            applicability: self.applicability,
        }
    }
}

/// Where a component's effective settings come from, in words.
fn precedence(c: Component) -> &'static str {
    match c {
        Component::Kubelet => {
            "kubecis resolves it as the kubelet does: command-line flags (from the systemd unit, its drop-ins \
and env files, or kubeadm's kubeletExtraArgs) win over --config-dir drop-ins, which win over the --config file, \
which wins over the default; the defaults differ with and without a config file."
        }
        _ => {
            "kubecis resolves it as the component does: the flags on its command line (a static Pod's command and \
args with $(VAR) expanded, a systemd unit, kubeadm's generated flags and extraArgs), the last use of a flag \
winning, else the default for the Kubernetes version."
        }
    }
}

/// Where kubeadm's ClusterConfiguration takes a component's extra flags.
fn kubeadm_section(c: Component) -> &'static str {
    match c {
        Component::KubeApiserver => "apiServer",
        Component::KubeControllerManager => "controllerManager",
        Component::KubeScheduler => "scheduler",
        Component::Etcd => "etcd.local",
        Component::Kubelet | Component::KubeProxy => "nodeRegistration",
    }
}

/// A rule's metadata on one component, as `kubecis rules` lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    /// Stable identifier, e.g. `kubelet-anonymous-auth`.
    pub slug: &'static str,
    pub title: &'static str,
    pub component: Component,
    pub severity: Severity,
    /// The setting the rule reads (config path or flag name).
    pub setting: String,
    pub flag: String,
    /// The setting's field in the component's config file, where it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_field: Option<String>,
    /// What complies, in words (`false`, `at least 30`), where one value says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub want: Option<&'static str>,
    /// The setting's defaults (`withoutConfig` / `withConfig` for the kubelet).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub defaults: BTreeMap<&'static str, String>,
    /// Kubernetes versions from which the default is another value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_changes: Vec<DefaultChange>,
    /// How kubecis decides the finding.
    pub audit: String,
    /// Control id per benchmark version, in the benchmarks' release order.
    pub cis: CisIds,
    /// The same check in other tools (Datadog, Checkov, Kubescape, Trivy, kube-bench).
    pub aliases: BTreeMap<&'static str, &'static str>,
    pub rationale: &'static str,
    pub remediation: &'static str,
    /// Remediation per input kind: `config`, `flag`, `kubeadm`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub remediations: BTreeMap<&'static str, String>,
    /// How safe the rule's fix is where it edits a real source.
    pub applicability: Applicability,
}

/// A default that moved: from Kubernetes `since` on, the default is `value`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DefaultChange {
    pub since: String,
    pub value: String,
}

/// Control ids by benchmark, serialized as an object whose keys follow
/// [`benchmark::BENCHMARKS`] (release order: cis-1.24 came before cis-1.7), so that a
/// host lists them in that order without knowing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CisIds(pub Vec<(&'static str, CisControl)>);

impl CisIds {
    pub fn get(&self, benchmark: &str) -> Option<&CisControl> {
        self.0.iter().find(|(b, _)| *b == benchmark).map(|(_, c)| c)
    }
}

impl Serialize for CisIds {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (b, c) in &self.0 {
            map.serialize_entry(b, c)?;
        }
        map.end()
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct CisControl {
    pub id: &'static str,
    pub automated: bool,
}

/// Every rule, in the benchmark's order within each section.
pub const ALL: &[&Rule] = &[
    // 4.2: the kubelet
    &kubelet::anonymous_auth::RULE,
    &kubelet::authorization_mode::RULE,
    &shared::client_ca_file::RULE,
    &kubelet::read_only_port::RULE,
    &kubelet::streaming_connection_idle_timeout::RULE,
    &kubelet::protect_kernel_defaults::RULE,
    &kubelet::make_iptables_util_chains::RULE,
    &kubelet::hostname_override::RULE,
    &kubelet::event_qps::RULE,
    &shared::tls_cert_file::RULE,
    &kubelet::rotate_certificates::RULE,
    &kubelet::rotate_server_certificates::RULE,
    &shared::tls_cipher_suites::RULE,
    &kubelet::pod_pids_limit::RULE,
    &kubelet::seccomp_default::RULE,
    &kubelet::ip_address_deny::RULE,
    // 1.2: the kube-apiserver
    &apiserver::anonymous_auth::RULE,
    &apiserver::basic_auth_file::RULE,
    &apiserver::token_auth_file::RULE,
    &apiserver::deny_service_external_ips::RULE,
    &apiserver::kubelet_https::RULE,
    &apiserver::pairs::KUBELET_CLIENT,
    &apiserver::kubelet_certificate_authority::RULE,
    &apiserver::authorization_mode::RULE,
    &apiserver::authorization_mode_includes::NODE,
    &apiserver::authorization_mode_includes::RBAC,
    &apiserver::event_rate_limit::RULE,
    &apiserver::admission_always_admit::RULE,
    &apiserver::admission_always_pull_images::RULE,
    &apiserver::admission_security_context_deny::RULE,
    &apiserver::admission_service_account::RULE,
    &apiserver::admission_namespace_lifecycle::RULE,
    &apiserver::admission_pod_security_policy::RULE,
    &apiserver::admission_node_restriction::RULE,
    &apiserver::insecure_bind_address::RULE,
    &apiserver::insecure_port::RULE,
    &apiserver::secure_port::RULE,
    &shared::profiling::RULE,
    &apiserver::audit_log::PATH,
    &apiserver::audit_log::MAXAGE,
    &apiserver::audit_log::MAXBACKUP,
    &apiserver::audit_log::MAXSIZE,
    &apiserver::request_timeout::RULE,
    &apiserver::service_account_lookup::RULE,
    &apiserver::service_account_key_file::RULE,
    &apiserver::pairs::ETCD_CLIENT,
    &apiserver::etcd_cafile::RULE,
    &apiserver::encryption_provider_config::RULE,
    &apiserver::encryption_providers::RULE,
    &apiserver::service_account_extend_token_expiration::RULE,
    // 1.3: the kube-controller-manager (profiling and bind address are shared with 1.4,
    // the scheduler)
    &controller_manager::terminated_pod_gc_threshold::RULE,
    &controller_manager::use_service_account_credentials::RULE,
    &controller_manager::service_account_private_key_file::RULE,
    &controller_manager::root_ca_file::RULE,
    &controller_manager::rotate_kubelet_server_certificate::RULE,
    &shared::bind_address::RULE,
];

/// Every rule on every component it applies to, in declaration order.
pub fn targets() -> impl Iterator<Item = (&'static Rule, &'static Target)> {
    ALL.iter().flat_map(|r| r.targets.iter().map(move |t| (*r, t)))
}

pub fn rules() -> Vec<RuleMeta> {
    targets().map(|(r, t)| r.meta(t)).collect()
}
