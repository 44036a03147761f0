use crate::component::Component;
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-admission-always-pull-images", aliases: &[("checkov", "CKV_K8S_80"), ("kubescape", "C-0123"), ("trivy", "KCV-0012")] }],
    title: "Ensure that the admission control plugin AlwaysPullImages is set",
    severity: Severity::Medium,
    check: Check::Admission(Plugin { plugin: "AlwaysPullImages", enabled: true }),
    applicability: Applicability::Unsafe,
    rationale: "With AlwaysPullImages every container pulls its image with the pod's own credentials, so a pod cannot run a private image another pod pulled onto the node. It is off by default; it makes every start depend on the registry.",
    remediation: "Add AlwaysPullImages to --enable-admission-plugins.",
    file_flag: None,
};
