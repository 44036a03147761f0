use crate::component::Component;
use crate::evaluate::{Expect, UNSET};
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-token-auth-file", aliases: &[("checkov", "CKV_K8S_70"), ("kubescape", "C-0114"), ("trivy", "KCV-0002"), ("datadog", "ac3-6b4-p6j")] }],
    title: "Ensure that the --token-auth-file parameter is not set",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "token-auth-file",
        holds: |v| !v.is_set(),
        want: "left unset",
        fix: Some(UNSET),
    }),
    // Clients that authenticate with these tokens lose access.
    applicability: Applicability::Unsafe,
    rationale: "Static tokens live in a plain file, never expire and cannot be revoked or rotated without restarting the kube-apiserver.",
    remediation: "Remove --token-auth-file and authenticate with client certificates, OIDC, webhook tokens or service account tokens.",
    file_flag: None,
};
