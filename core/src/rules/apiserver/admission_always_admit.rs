use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-always-admit", aliases: &[("checkov", "CKV_K8S_79"), ("kubescape", "C-0122"), ("trivy", "KCV-0011"), ("datadog", "58q-wv7-ba7")] }],
    title: "Ensure that the admission control plugin AlwaysAdmit is not set",
    severity: Severity::High,
    check: Check::Admission(Plugin { plugin: "AlwaysAdmit", enabled: false }),
    applicability: Applicability::Safe,
    rationale: "AlwaysAdmit lets every request through admission, whatever the other plugins say. It is deprecated and off by default.",
    remediation: "Take AlwaysAdmit out of --enable-admission-plugins (or --admission-control).",
    file_flag: None,
};
