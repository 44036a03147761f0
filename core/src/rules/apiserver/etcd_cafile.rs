use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-etcd-cafile", aliases: &[("checkov", "CKV_K8S_102"), ("kubescape", "C-0140"), ("trivy", "KCV-0029"), ("datadog", "yp7-hhy-s2z")] }],
    title: "Ensure that the --etcd-cafile argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "etcd-cafile",
        holds: |v| v.is_set(),
        want: "set to the CA of etcd's serving certificates",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "Without --etcd-cafile the kube-apiserver does not verify etcd's certificate against the etcd CA, so it may send the whole cluster state to an impostor.",
    remediation: "Set --etcd-cafile to the CA that signs etcd's serving certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
    file_flag: None,
};
