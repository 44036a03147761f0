use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Expect, Verdict};
use crate::report::{Applicability, Severity, Status};
use crate::resolve::{resolve_gate, Instance, Value};
use crate::rules::{Check, Rule, Target};

const EXPECT: Expect =
    Expect { setting: "seccomp-default", holds: |v| v.as_bool() == Some(true), want: "true", fix: Some("true") };

/// `--seccomp-default` and `seccompDefault` are ORed: the resolver knows (the registry
/// marks the flag `ored`). The SeccompDefault gate had to be on in 1.22–1.24, was locked on
/// in 1.27–1.28 and is unknown from 1.29: setting it wrong stops the kubelet.
pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-seccomp-default", aliases: &[] }],
    title: "Ensure that the --seccomp-default parameter is set to true",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "seccomp-default", evaluate,
        audit: "Passes when seccompDefault is true. --seccomp-default and the config field are ORed by the kubelet, not overriding each other; a SeccompDefault feature gate the version does not accept (it had to be on in 1.22 to 1.24 and is locked on later) stops the kubelet and fails.",
    },
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

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let e = EXPECT.evaluate(inst, ctx, rule.applicability);
    let gates = inst.component.setting("feature-gates").expect("registered");
    let gate = resolve_gate(inst, gates, "SeccompDefault", false);
    if let Some(p) = &gate.problem {
        return Verdict::Fail(p.clone(), None).into_evaluation(gates, gate);
    }
    let minor = inst.version.minor;
    if e.status == Status::Pass && (22..=24).contains(&minor) && gate.value != Some(Value::Bool(true)) {
        let message = format!(
            "{}, but Kubernetes {} needs the SeccompDefault feature gate for it and the gate is off; the kubelet refuses to start",
            e.message,
            inst.version.describe()
        );
        return Verdict::Fail(message, None).into_evaluation(gates, gate);
    }
    e
}
