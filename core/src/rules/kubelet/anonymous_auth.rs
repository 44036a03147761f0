use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::Kubelet,
        slug: "kubelet-anonymous-auth",
        aliases: &[
            ("checkov", "CKV_K8S_138"),
            ("kubescape", "C-0172"),
            ("trivy", "KCV-0079"),
            ("datadog", "349-cpn-a92"),
        ],
    }],
    title: "Ensure that the --anonymous-auth argument is set to false",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "anonymous-auth",
        holds: |v| v.as_bool() == Some(false),
        want: "false",
        fix: Some("false"),
    }),
    // Health checks and metrics scrapers sometimes rely on anonymous access.
    applicability: Applicability::Unsafe,
    rationale: "When anonymous auth is enabled, requests to the kubelet's API that are not rejected by \
another authentication method are treated as anonymous (system:anonymous) and reach the authorizer. \
Without a config file the kubelet enables it by default.",
    remediation: "Set authentication.anonymous.enabled: false in the kubelet config file (the default when a \
config file is used), or pass --anonymous-auth=false; then restart the kubelet.",
    file_flag: None,
};
