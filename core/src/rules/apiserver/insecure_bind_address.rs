use crate::component::Component;
use crate::evaluate::{Expect, UNSET};
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-insecure-bind-address", aliases: &[("checkov", "CKV_K8S_86"), ("datadog", "7r2-ba2-fit")] }],
    title: "Ensure that the --insecure-bind-address argument is not set",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "insecure-bind-address",
        holds: |v| !v.is_set(),
        want: "left unset",
        fix: Some(UNSET),
    }),
    // Clients that reach the insecure port from other hosts lose access.
    applicability: Applicability::Unsafe,
    rationale: "The insecure port serves the whole API with no authentication and no authorization; --insecure-bind-address exposes it beyond 127.0.0.1. The insecure port stopped working in Kubernetes 1.20 and the flags were removed in 1.24.",
    remediation: "Remove --insecure-bind-address.",
    file_flag: None,
};
