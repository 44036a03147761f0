use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-pod-security-policy", aliases: &[("checkov", "CKV_K8S_84"), ("kubescape", "C-0068"), ("datadog", "ebm-wei-9zr")] }],
    title: "Ensure that the admission control plugin PodSecurityPolicy is set",
    severity: Severity::High,
    check: Check::Admission(Plugin { plugin: "PodSecurityPolicy", enabled: true }),
    applicability: Applicability::Unsafe,
    rationale: "PodSecurityPolicy refused pods that asked for more privilege than a policy allowed. It was removed in Kubernetes 1.25 (naming it then stops the kube-apiserver); Pod Security admission (PodSecurity) replaces it.",
    remediation: "On Kubernetes 1.24 and older, add PodSecurityPolicy to --enable-admission-plugins after creating policies; on later versions use Pod Security admission.",
    file_flag: None,
};
