use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-service-account-extend-token-expiration", aliases: &[("kubescape", "C-0290")] }],
    title: "Ensure that the --service-account-extend-token-expiration parameter is set to false",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "service-account-extend-token-expiration",
        holds: |v| v.as_bool() == Some(false),
        want: "false",
        fix: Some("false"),
    }),
    // Pods with client libraries that do not reload their token start failing after an hour.
    applicability: Applicability::Unsafe,
    rationale: "With extended expiration (the default since Kubernetes 1.20) the projected service account tokens given to pods are valid for a year instead of about an hour, so a stolen token works for much longer.",
    remediation: "Set --service-account-extend-token-expiration=false once every client refreshes its projected token (current client libraries do).",
    file_flag: None,
};
