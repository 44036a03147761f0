use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

/// `--seccomp-default` and `seccompDefault` are ORed: the resolver knows (the registry
/// marks the flag `ored`).
pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-seccomp-default", aliases: &[] }],
    title: "Ensure that the --seccomp-default parameter is set to true",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "seccomp-default",
        holds: |v| v.as_bool() == Some(true),
        want: "true",
        fix: Some("true"),
    }),
    // Workloads that need a syscall RuntimeDefault blocks stop working.
    applicability: Applicability::Unsafe,
    rationale: "With seccompDefault the kubelet runs every container without a seccomp profile under the runtime's \
RuntimeDefault profile instead of Unconfined, which blocks syscalls containers rarely need and attacks often use. \
The default is false. The flag and the config field are ORed: --seccomp-default=false cannot turn the field off.",
    remediation:
        "Set seccompDefault: true in the kubelet config file (or --seccomp-default), test the workloads, then \
restart the kubelet.",
    file_flag: None,
};
