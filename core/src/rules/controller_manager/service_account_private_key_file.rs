use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeControllerManager,
        slug: "controller-manager-service-account-private-key-file",
        aliases: &[("checkov", "CKV_K8S_110"), ("kubescape", "C-0147"), ("trivy", "KCV-0036")],
    }],
    title: "Ensure that the --service-account-private-key-file argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "service-account-private-key-file",
        holds: |v| v.is_set(),
        want: "set to the private key of the service account key pair",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "The token controller signs the service account tokens it puts in Secrets with this key. Without \
it no such token is created, and a key the kube-apiserver's --service-account-key-file does not match makes \
them invalid; set it to the private key of the pair, so keys can be rotated.",
    remediation: "Set --service-account-private-key-file to the private key whose public key the kube-apiserver's \
--service-account-key-file names (kubeadm: /etc/kubernetes/pki/sa.key).",
    file_flag: None,
};
