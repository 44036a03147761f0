use crate::component::Component;
use crate::evaluate::{Expect, UNSET};
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-basic-auth-file", aliases: &[("checkov", "CKV_K8S_69"), ("datadog", "6q7-uqw-dtq")] }],
    title: "Ensure that the --basic-auth-file argument is not set",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "basic-auth-file",
        holds: |v| !v.is_set(),
        want: "left unset",
        fix: Some(UNSET),
    }),
    // Users who log in with these passwords lose access.
    applicability: Applicability::Unsafe,
    rationale: "Basic authentication sends passwords in every request and keeps them in a plain file; the passwords cannot be rotated without restarting the kube-apiserver. It was deprecated in Kubernetes 1.16 and removed in 1.19, where the flag stops the server.",
    remediation: "Remove --basic-auth-file and authenticate users with client certificates, OIDC or webhook tokens.",
    file_flag: None,
};
