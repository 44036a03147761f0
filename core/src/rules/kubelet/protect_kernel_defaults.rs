use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-protect-kernel-defaults", aliases: &[("checkov", "CKV_K8S_144"), ("kubescape", "C-0177"), ("trivy", "KCV-0083"), ("datadog", "g4y-d5m-gaj")] }],
    title: "Ensure that the --protect-kernel-defaults argument is set to true",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "protect-kernel-defaults",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    // The kubelet refuses to start when the node's sysctls differ from what it needs.
    applicability: Applicability::Unsafe,
    rationale: "With protectKernelDefaults the kubelet refuses to run when kernel tunables (vm.overcommit_memory, kernel.panic, kernel.panic_on_oops, ...) differ from what it needs, instead of silently rewriting them. The default is false.",
    remediation: "Set the kernel parameters the kubelet expects (vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1, kernel.keys.root_maxkeys=1000000, kernel.keys.root_maxbytes=25000000), then set protectKernelDefaults: true and restart the kubelet.",
    file_flag: None,
};
