use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeControllerManager,
        slug: "controller-manager-root-ca-file",
        aliases: &[("checkov", "CKV_K8S_111"), ("kubescape", "C-0148"), ("trivy", "KCV-0037")],
    }],
    title: "Ensure that the --root-ca-file argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "root-ca-file",
        holds: |v| v.is_set(),
        want: "set to the cluster's CA bundle",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "The controller manager publishes this bundle to Pods (the kube-root-ca.crt ConfigMap, the ca.crt of \
service account token Secrets), so that they can verify the kube-apiserver's serving certificate before they send \
their token. Without it Pods cannot tell the real kube-apiserver from a man in the middle.",
    remediation: "Set --root-ca-file to the CA bundle that signed the kube-apiserver's serving certificate \
(kubeadm: /etc/kubernetes/pki/ca.crt).",
    file_flag: None,
};
