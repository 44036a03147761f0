use crate::component::Component;
use crate::evaluate::{Expect, UNSET};
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::Kubelet,
        slug: "kubelet-hostname-override",
        aliases: &[("checkov", "CKV_K8S_146"), ("kubescape", "C-0179"), ("trivy", "KCV-0086")],
    }],
    title: "Ensure that the --hostname-override argument is not set",
    severity: Severity::Low,
    check: Check::Setting(Expect {
        setting: "hostname-override",
        holds: |v| !v.is_set(),
        want: "left unset, so that the node is named after its host",
        fix: Some(UNSET),
    }),
    // The node is renamed: it registers again under its hostname.
    applicability: Applicability::Unsafe,
    rationale: "A node whose name differs from its hostname breaks the TLS name checks between the kube-apiserver and \
the kubelet, which then tend to be turned off. kubeadm sets --hostname-override in kubeadm-flags.env when \
nodeRegistration.name differs from the hostname; some cloud providers need it, in which case this control does not \
apply.",
    remediation: "Remove --hostname-override from the kubelet's command line (its systemd unit or env file), unless \
your cloud provider needs it; the node's name changes, so re-register the node.",
    file_flag: None,
};
