use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-namespace-lifecycle", aliases: &[("checkov", "CKV_K8S_83"), ("kubescape", "C-0126"), ("trivy", "KCV-0015"), ("datadog", "q35-6ka-nvd")] }],
    title: "Ensure that the admission control plugin NamespaceLifecycle is set",
    severity: Severity::High,
    check: Check::Admission(Plugin { plugin: "NamespaceLifecycle", enabled: true }),
    applicability: Applicability::Safe,
    rationale: "NamespaceLifecycle refuses objects in namespaces that do not exist or are being deleted, and protects the system namespaces. It is on by default; only --disable-admission-plugins or an --admission-control list without it turns it off.",
    remediation: "Take NamespaceLifecycle out of --disable-admission-plugins (or add it to --admission-control).",
    file_flag: None,
};
