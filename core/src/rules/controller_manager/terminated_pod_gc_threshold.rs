use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// "As appropriate": the benchmark leaves the number to judgement. kubecis reports the
/// effective threshold and fails only one that turns the collector off.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeControllerManager,
        slug: "controller-manager-terminated-pod-gc-threshold",
        aliases: &[("checkov", "CKV_K8S_106"), ("kubescape", "C-0144"), ("trivy", "KCV-0033")],
    }],
    title: "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate",
    severity: Severity::Low,
    check: Check::Custom {
        setting: "terminated-pod-gc-threshold", evaluate,
        audit: "The benchmark leaves the number to judgement: kubecis reports the effective --terminated-pod-gc-threshold (default 12500) as unknown with what it means, and fails a value of 0 or less, which turns the terminated-Pod collector off.",
    },
    applicability: Applicability::Safe,
    rationale: "The Pod garbage collector deletes terminated Pods once there are more than \
--terminated-pod-gc-threshold of them (default 12500). Terminated Pods keep their objects, logs and the \
resources tied to them; too many slow the kube-apiserver and etcd. A value of 0 or less turns the collector off, \
so they are never deleted.",
    remediation: "Keep the default or set --terminated-pod-gc-threshold to a number that suits the cluster (the \
benchmark's example is 10), in the kube-controller-manager's static Pod manifest or the kubeadm \
controllerManager.extraArgs.",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("terminated-pod-gc-threshold").expect("registered");
    let r = resolve(inst, s);
    let name = name_in(s, &r, inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(Value::Int(n)), None) if *n <= 0 => Verdict::Fail(
            format!(
                "{name} is {n} ({}): the terminated-Pod garbage collector is off, so they are never deleted",
                r.reason
            ),
            // No automatic fix: the number is the user's to choose (the remediation says so),
            // and whatever is chosen stays a judgement, never a pass.
            None,
        ),
        (Some(v), None) => Verdict::Unknown(format!(
            "{name} is {} ({}): the collector deletes terminated Pods past that many; whether that suits this \
             cluster is yours to judge",
            v.render(),
            r.reason
        )),
    };
    verdict.into_evaluation(s, r)
}
