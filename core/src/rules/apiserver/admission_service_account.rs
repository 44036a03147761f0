use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-service-account", aliases: &[("checkov", "CKV_K8S_82"), ("kubescape", "C-0125"), ("trivy", "KCV-0014"), ("datadog", "85k-yzu-zx9")] }],
    title: "Ensure that the admission control plugin ServiceAccount is set",
    severity: Severity::High,
    check: Check::Admission(Plugin { plugin: "ServiceAccount", enabled: true }),
    applicability: Applicability::Safe,
    rationale: "The ServiceAccount plugin gives every pod a service account and stops pods from naming one that does not exist. It is on by default; only --disable-admission-plugins or an --admission-control list without it turns it off.",
    remediation: "Take ServiceAccount out of --disable-admission-plugins (or add it to --admission-control).",
    file_flag: None,
};
