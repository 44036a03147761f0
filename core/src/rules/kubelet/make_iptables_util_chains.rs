use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-make-iptables-util-chains", aliases: &[("checkov", "CKV_K8S_145"), ("kubescape", "C-0178"), ("trivy", "KCV-0084"), ("datadog", "jeq-xry-fa2")] }],
    title: "Ensure that the --make-iptables-util-chains argument is set to true",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "make-iptables-util-chains",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    applicability: Applicability::Safe,
    rationale: "The kubelet manages the iptables chains it needs (KUBE-FIREWALL, the rule that drops traffic to 127.0.0.0/8 from other hosts) only when this is true, its default; turning it off leaves the node without them.",
    remediation: "Remove makeIPTablesUtilChains: false (or --make-iptables-util-chains=false) so that the default, true, applies.",
    file_flag: None,
};
