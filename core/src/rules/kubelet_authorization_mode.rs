use super::Rule;
use crate::report::Severity;
use crate::resolve::Component;

pub const RULE: Rule = Rule {
    slug: "kubelet_authorization_mode",
    title: "",
    component: Component::Kubelet,
    severity: Severity::High,
    setting: "",
    flag: "",
    cis: crate::cis_everywhere!("4.2.1"),
    aliases: &[],
    rationale: "",
    remediation: "",
    evaluate: |_| crate::evaluate::Outcome::NotApplicable,
};
