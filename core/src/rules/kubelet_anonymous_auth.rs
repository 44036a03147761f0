use super::{Rule, Verdict};
use crate::evaluate::{Ctx, Evaluation};
use crate::report::Severity;
use crate::resolve::{resolve_kubelet, Component, Instance, KubeletSetting, Value, ValueKind};

pub const SETTING: KubeletSetting = KubeletSetting {
    path: &["authentication", "anonymous", "enabled"],
    flag: "anonymous-auth",
    kind: ValueKind::Bool,
    legacy_default: "true",
    config_default: "false",
};

pub const RULE: Rule = Rule {
    slug: "kubelet-anonymous-auth",
    title: "Ensure that the --anonymous-auth argument is set to false",
    component: Component::Kubelet,
    severity: Severity::High,
    setting: "authentication.anonymous.enabled",
    flag: "--anonymous-auth",
    cis: crate::cis_everywhere!("4.2.1"),
    aliases: &[("datadog", "349-cpn-a92"), ("kube-bench", "4.2.1"), ("checkov", "CKV_K8S_138")],
    rationale: "When anonymous auth is enabled, requests to the kubelet's API that are not rejected by \
another authentication method are treated as anonymous (system:anonymous) and reach the authorizer. \
Without a config file the kubelet enables it by default.",
    remediation: "Set authentication.anonymous.enabled: false in the kubelet config file (the default when a \
config file is used), or pass --anonymous-auth=false; then restart the kubelet.",
    evaluate,
};

fn evaluate(inst: &Instance, ctx: &Ctx) -> Evaluation {
    let r = resolve_kubelet(inst, &SETTING);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell whether anonymous auth is enabled: {}", r.reason)),
        (Some(Value::Bool(false)), None) => Verdict::Pass(format!("anonymous requests are rejected ({})", r.reason)),
        (Some(v), problem) => {
            let message = match (v, problem) {
                // Not a boolean: the kubelet rejects the value before anything is served.
                (Value::Text(_), Some(p)) => p.clone(),
                (_, Some(p)) => format!(
                    "anonymous requests would be served: {} is {} ({}); {p}",
                    SETTING.dotted(),
                    v.render(),
                    r.reason
                ),
                _ => format!("anonymous requests are served: {} is {} ({})", SETTING.dotted(), v.render(), r.reason),
            };
            Verdict::Fail(message, ctx.set_kubelet(inst, &r, &SETTING, "false"))
        }
    };
    verdict.into_evaluation(&RULE, r)
}
