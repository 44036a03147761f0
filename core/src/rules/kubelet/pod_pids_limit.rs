use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::Kubelet,
        slug: "kubelet-pod-pids-limit",
        aliases: &[("kubescape", "C-0284")],
    }],
    title: "Ensure that a limit is set on pod PIDs",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "pod-max-pids",
        holds: |v| v.as_int().is_some_and(|n| n > 0),
        want: "a positive limit (-1 and 0 set none)",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "Without a per-pod PID limit one pod can fork until the node runs out of process ids, and every other \
pod on it fails. The default, -1, sets no limit, and neither does 0: only a positive podPidsLimit does. The right \
number depends on the workloads.",
    remediation: "Set podPidsLimit in the kubelet config file (or --pod-max-pids) to a positive number that fits your \
workloads (for example 4096), then restart the kubelet.",
    file_flag: None,
};
