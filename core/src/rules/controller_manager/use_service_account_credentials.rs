use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeControllerManager,
        slug: "controller-manager-use-service-account-credentials",
        aliases: &[("checkov", "CKV_K8S_108"), ("kubescape", "C-0146"), ("trivy", "KCV-0035")],
    }],
    title: "Ensure that the --use-service-account-credentials argument is set to true",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "use-service-account-credentials",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    // Each controller then acts with its own role: RBAC must grant the
    // system:controller:* roles (the default bootstrap policy does; a custom one may not).
    applicability: Applicability::Unsafe,
    rationale: "Without it (the default is false), every controller acts with the controller manager's own \
credentials, so each holds the union of all their permissions. With it, each control loop runs with its own \
service account in kube-system and the system:controller:* role made for it.",
    remediation: "Set --use-service-account-credentials=true on the kube-controller-manager (its static Pod manifest, or controllerManager.extraArgs in the kubeadm ClusterConfiguration), with RBAC granting the system:controller:* roles.",
    file_flag: None,
};
