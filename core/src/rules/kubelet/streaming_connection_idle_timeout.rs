use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-streaming-connection-idle-timeout", aliases: &[("checkov", "CKV_K8S_143"), ("kubescape", "C-0176"), ("trivy", "KCV-0085"), ("datadog", "rii-wmd-3qm")] }],
    title: "Ensure that the --streaming-connection-idle-timeout argument is not set to 0",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "streaming-connection-idle-timeout",
        holds: |v| v.as_nanos().is_some_and(|n| n != 0),
        want: "a non-zero duration such as 4h0m0s",
        fix: Some("4h0m0s"),
    }),
    applicability: Applicability::Safe,
    rationale: "A timeout of 0 keeps idle exec, attach and port-forward streams open forever, which exhausts the node. A config file cannot set 0 (the kubelet replaces a zero with the 4h default); only the flag can. Since the dockershim was removed (1.24) the container runtime enforces stream timeouts and the field is deprecated (1.34).",
    remediation: "Leave the setting at its default (4h0m0s) or set a non-zero streamingConnectionIdleTimeout (for example 5m); remove --streaming-connection-idle-timeout=0.",
    file_flag: None,
};
