use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-service-account-lookup", aliases: &[("checkov", "CKV_K8S_96"), ("kubescape", "C-0135"), ("trivy", "KCV-0024"), ("datadog", "b5g-dpn-b7g")] }],
    title: "Ensure that the --service-account-lookup argument is set to true",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "service-account-lookup",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    applicability: Applicability::Safe,
    rationale: "With the lookup the kube-apiserver checks that a service account token's secret still exists; without it, a token stays valid after its service account or secret is deleted. The default is true.",
    remediation: "Remove --service-account-lookup=false (or set it to true).",
    file_flag: None,
};
