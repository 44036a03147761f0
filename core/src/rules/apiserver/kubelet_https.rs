use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-kubelet-https", aliases: &[("checkov", "CKV_K8S_71"), ("trivy", "KCV-0004"), ("datadog", "h4p-ch8-wwd")] }],
    title: "Ensure that the --kubelet-https argument is set to true",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "kubelet-https",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    applicability: Applicability::Safe,
    rationale: "With --kubelet-https=false the kube-apiserver talks to kubelets over plain HTTP, so logs, exec sessions and credentials cross the network unencrypted. The flag defaulted to true, stopped doing anything in Kubernetes 1.19 (connections always use HTTPS) and was removed later.",
    remediation: "Remove --kubelet-https=false.",
    file_flag: None,
};
