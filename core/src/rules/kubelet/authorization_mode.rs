use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::Kubelet,
        slug: "kubelet-authorization-mode",
        aliases: &[
            ("checkov", "CKV_K8S_139"),
            ("kubescape", "C-0173"),
            ("trivy", "KCV-0080"),
            ("datadog", "9d8-ji4-rha"),
        ],
    }],
    title: "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "authorization-mode",
        holds: |v| v.as_text() == Some("Webhook"),
        want: "Webhook",
        fix: Some("Webhook"),
    }),
    // Clients that relied on AlwaysAllow now need RBAC grants (SubjectAccessReview).
    applicability: Applicability::Unsafe,
    rationale: "With AlwaysAllow the kubelet authorizes every request that passes authentication, so any \
client that can reach its port can read pods, logs and exec into containers. Without a config file the \
kubelet defaults to AlwaysAllow.",
    remediation: "Set authorization.mode: Webhook in the kubelet config file (the default when a config file \
is used), or pass --authorization-mode=Webhook; Webhook mode also needs authentication.webhook.enabled and a \
kubeconfig. Then restart the kubelet.",
    file_flag: None,
};
