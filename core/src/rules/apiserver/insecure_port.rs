use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-insecure-port", aliases: &[("checkov", "CKV_K8S_88"), ("kubescape", "C-0005"), ("datadog", "zqy-4jm-w98")] }],
    title: "Ensure that the --insecure-port argument is set to 0",
    severity: Severity::Critical,
    check: Check::Setting(Expect {
        setting: "insecure-port",
        holds: |v| v.as_int() == Some(0),
        want: "0",
        fix: Some("0"),
    }),
    applicability: Applicability::Safe,
    rationale: "Up to Kubernetes 1.19 the kube-apiserver serves the whole API without authentication or authorization on 127.0.0.1:8080 unless --insecure-port=0; from 1.20 only 0 is accepted, and 1.24 removed the flag.",
    remediation: "Set --insecure-port=0 (on Kubernetes 1.24 and later, remove the flag).",
    file_flag: None,
};
