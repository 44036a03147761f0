use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-kubelet-certificate-authority", aliases: &[("checkov", "CKV_K8S_73"), ("kubescape", "C-0117"), ("trivy", "KCV-0006"), ("datadog", "xck-irw-85e")] }],
    title: "Ensure that the --kubelet-certificate-authority argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "kubelet-certificate-authority",
        holds: |v| v.is_set(),
        want: "set to the CA that signs the kubelets' serving certificates",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "Without it the kube-apiserver does not verify the kubelets' serving certificates (it connects with TLS verification off), so anyone who can stand in for a kubelet gets the exec, attach and log streams the API server opens to it. The kubelets need serving certificates that CA signed (serverTLSBootstrap).",
    remediation: "Set --kubelet-certificate-authority to the CA bundle that signs the kubelets' serving certificates (on kubeadm clusters, enable serverTLSBootstrap on the kubelets first).",
    file_flag: None,
};
