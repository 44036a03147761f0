use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-rotate-certificates", aliases: &[("checkov", "CKV_K8S_149"), ("kubescape", "C-0182"), ("trivy", "KCV-0090"), ("datadog", "vc8-r6d-eye")] }],
    title: "Ensure that the --rotate-certificates argument is not set to false",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "rotate-certificates",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    applicability: Applicability::Safe,
    rationale: "With rotateCertificates the kubelet requests a new client certificate before the current one expires; without it the kubelet loses access to the API server when its certificate runs out. The default is false: only kubeadm writes true, so a kubelet that simply omits it does not rotate.",
    remediation: "Set rotateCertificates: true in the kubelet config file (or --rotate-certificates), then restart the kubelet.",
    file_flag: None,
};
