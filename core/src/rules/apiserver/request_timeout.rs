use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// "As appropriate": the benchmark leaves the value to judgement. kubecis reports the
/// effective timeout and fails only a value the kube-apiserver refuses.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-request-timeout",
        aliases: &[("checkov", "CKV_K8S_95"), ("kubescape", "C-0134"), ("datadog", "83n-39b-4dk")],
    }],
    title: "Ensure that the --request-timeout argument is set as appropriate",
    severity: Severity::Low,
    check: Check::Custom {
        setting: "request-timeout", evaluate,
        audit: "The benchmark leaves the value to judgement: kubecis reports the effective --request-timeout (default 60s) as unknown with what it means, and fails only a value the kube-apiserver refuses.",
    },
    applicability: Applicability::Safe,
    rationale: "--request-timeout (default 1m0s) bounds how long the kube-apiserver works on a request (watches are \
bounded by --min-request-timeout instead). Too long a timeout lets slow requests pile up; too short breaks large \
list calls. The right value depends on the cluster.",
    remediation: "Keep the default (60s) or set --request-timeout to what your largest legitimate requests need \
(the benchmark's example is 300s).",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("request-timeout").expect("registered");
    let r = resolve(inst, s);
    let name = name_in(s, &r, inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(Value::Duration(n, text)), None) if *n < 0 => {
            Verdict::Fail(format!("{name} is {text}: the kube-apiserver refuses a negative timeout"), None)
        }
        (Some(v), None) => Verdict::Unknown(format!(
            "{name} is {} ({}): whether that suits this cluster is yours to judge",
            v.render(),
            r.reason
        )),
    };
    verdict.into_evaluation(s, r)
}
