use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

/// One definition for the kubelet (4.2.3) and the kube-apiserver (1.2.x): both read the
/// same `--client-ca-file` flag; the kubelet also reads authentication.x509.clientCAFile.
pub const RULE: Rule = Rule {
    targets: &[
        Target {
            component: Component::Kubelet,
            slug: "kubelet-client-ca-file",
            aliases: &[
                ("checkov", "CKV_K8S_140"),
                ("kubescape", "C-0174"),
                ("trivy", "KCV-0081"),
                ("datadog", "zhd-4ik-ifx"),
            ],
        },
        Target {
            component: Component::KubeApiserver,
            slug: "apiserver-client-ca-file",
            aliases: &[("kubescape", "C-0139"), ("trivy", "KCV-0028"), ("datadog", "ptn-ejx-ehd")],
        },
    ],
    title: "Ensure that the --client-ca-file argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "client-ca-file",
        holds: |v| v.is_set(),
        want: "set to the cluster's client CA bundle",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "Without a client CA the component accepts no client certificates: callers cannot authenticate with \
x509, and the kubelet cannot tell the kube-apiserver's certificate from anyone else's. Whether the file is the \
right CA bundle (the cluster CA, usually /etc/kubernetes/pki/ca.crt) is for you to check: kubecis sees the path, \
not the file.",
    remediation: "Kubelet: set authentication.x509.clientCAFile in its config file (or --client-ca-file); \
kube-apiserver: set --client-ca-file; both to the cluster's CA bundle, then restart the component.",
    file_flag: None,
};
