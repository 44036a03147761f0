use super::{Rule, Verdict};
use crate::evaluate::{Ctx, Evaluation};
use crate::report::Severity;
use crate::resolve::{resolve_kubelet, Component, Instance, KubeletSetting, Value, ValueKind};

pub const SETTING: KubeletSetting = KubeletSetting {
    path: &["authorization", "mode"],
    flag: "authorization-mode",
    kind: ValueKind::Text,
    legacy_default: "AlwaysAllow",
    config_default: "Webhook",
};

pub const RULE: Rule = Rule {
    slug: "kubelet-authorization-mode",
    title: "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
    component: Component::Kubelet,
    severity: Severity::High,
    setting: "authorization.mode",
    flag: "--authorization-mode",
    cis: crate::cis_everywhere!("4.2.2"),
    aliases: &[("datadog", "9d8-ji4-rha"), ("kube-bench", "4.2.2"), ("checkov", "CKV_K8S_139")],
    rationale: "With AlwaysAllow the kubelet authorizes every request that passes authentication, so any \
client that can reach its port can read pods, logs and exec into containers. Without a config file the \
kubelet defaults to AlwaysAllow.",
    remediation: "Set authorization.mode: Webhook in the kubelet config file (the default when a config file \
is used), or pass --authorization-mode=Webhook; Webhook mode also needs authentication.webhook.enabled and a \
kubeconfig. Then restart the kubelet.",
    evaluate,
};

fn evaluate(inst: &Instance, ctx: &Ctx) -> Evaluation {
    let r = resolve_kubelet(inst, &SETTING);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell the kubelet's authorization mode: {}", r.reason)),
        (Some(Value::Text(mode)), None) if mode == "Webhook" => {
            Verdict::Pass(format!("authorization mode is {mode} ({})", r.reason))
        }
        (Some(Value::Text(mode)), None) if mode != "AlwaysAllow" => Verdict::Fail(
            format!("{mode:?} is not an authorization mode the kubelet knows (AlwaysAllow or Webhook, case-sensitive); the kubelet refuses to start ({})", r.reason),
            ctx.set_kubelet(inst, &r, &SETTING, "Webhook"),
        ),
        (Some(v), problem) => {
            let message = match problem {
                Some(p) if r.reason.is_empty() => p.clone(),
                Some(p) => format!("authorization mode is {} ({}); {p}", v.render(), r.reason),
                None => format!("every authenticated request is authorized: authorization mode is {} ({})", v.render(), r.reason),
            };
            Verdict::Fail(message, ctx.set_kubelet(inst, &r, &SETTING, "Webhook"))
        }
    };
    verdict.into_evaluation(&RULE, r)
}
