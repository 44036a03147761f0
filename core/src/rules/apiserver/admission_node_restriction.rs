use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-node-restriction", aliases: &[("checkov", "CKV_K8S_85"), ("kubescape", "C-0127"), ("trivy", "KCV-0016"), ("datadog", "3hu-kfk-4nb")] }],
    title: "Ensure that the admission control plugin NodeRestriction is set",
    severity: Severity::High,
    check: Check::Admission(Plugin { plugin: "NodeRestriction", enabled: true }),
    applicability: Applicability::Safe,
    rationale: "NodeRestriction limits each kubelet to its own Node object and the pods bound to it; without it a compromised node can change any node or pod. It is off by default (kubeadm enables it).",
    remediation: "Add NodeRestriction to --enable-admission-plugins, with --authorization-mode including Node.",
    file_flag: None,
};
