use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-secure-port", aliases: &[("checkov", "CKV_K8S_89"), ("kubescape", "C-0128"), ("trivy", "KCV-0017"), ("datadog", "5er-t93-rpz")] }],
    title: "Ensure that the --secure-port argument is not set to 0",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "secure-port",
        holds: |v| v.as_int().is_some_and(|p| (1..=65535).contains(&p)),
        want: "a port between 1 and 65535",
        fix: Some("6443"),
    }),
    applicability: Applicability::Safe,
    rationale: "The secure port is the only one with authentication and authorization. 0 would turn it off; the kube-apiserver refuses 0 in every version kubecis knows.",
    remediation: "Remove --secure-port=0 (the default is 6443) or set another port.",
    file_flag: None,
};
