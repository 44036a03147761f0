use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// The benchmark leaves the level to judgement: kubecis reports the effective limit and
/// what it means, and fails only a value the kubelet refuses.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::Kubelet,
        slug: "kubelet-event-qps",
        aliases: &[("checkov", "CKV_K8S_147"), ("kubescape", "C-0180"), ("trivy", "KCV-0087")],
    }],
    title: "Ensure that the eventRecordQPS argument is set to a level which ensures appropriate event capture",
    severity: Severity::Low,
    check: Check::Custom {
        setting: "event-qps", evaluate,
        audit: "The benchmark leaves the level to judgement: kubecis reports the effective eventRecordQPS (0 is not unlimited but client-go's 5 per second) and what it means as unknown, and fails only a value the kubelet refuses (a negative one).",
    },
    applicability: Applicability::Safe,
    rationale: "The kubelet drops events above eventRecordQPS (with eventBurst on top), so a low limit can hide \
what happens on the node. The default is 50 per second since Kubernetes 1.27 (5 before). 0 does not lift the limit: \
client-go then uses its own default of 5 per second.",
    remediation: "Set eventRecordQPS in the kubelet config file (or --event-qps) to a rate your event pipeline can \
take without dropping events.",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("event-qps").expect("registered");
    let r = resolve(inst, s);
    let name = name_in(s, &r, inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(Value::Int(q)), None) if *q < 0 => Verdict::Fail(
            format!("{name} is {q} ({}): the kubelet refuses a negative value and does not start", r.reason),
            None,
        ),
        (Some(Value::Int(0)), None) => Verdict::Unknown(format!(
            "{name} is 0 ({}): that does not lift the limit, client-go then sends at most 5 events per second; \
whether that captures enough is yours to judge",
            r.reason
        )),
        (Some(v), None) => Verdict::Unknown(format!(
            "{name} is {} ({}): events above {} per second are dropped; whether that captures enough is yours to judge",
            v.render(),
            r.reason,
            v.render()
        )),
    };
    verdict.into_evaluation(s, r)
}
