use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{admission, Instance, Value};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

/// "SecurityContextDeny is set if PodSecurityPolicy is not used": either of them, or Pod
/// Security admission (PodSecurity, on by default since 1.23), which replaced both
/// (SecurityContextDeny was removed in 1.30, PodSecurityPolicy in 1.25).
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-admission-security-context-deny",
        aliases: &[("checkov", "CKV_K8S_81"), ("kubescape", "C-0124"), ("trivy", "KCV-0013")],
    }],
    title: "Ensure that the admission control plugin SecurityContextDeny is set if PodSecurityPolicy is not used",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "enable-admission-plugins", evaluate,
        audit: "Passes when SecurityContextDeny or PodSecurityPolicy runs, or Pod Security admission (PodSecurity, on by default since 1.23), which replaced both: SecurityContextDeny was removed in 1.30 and PodSecurityPolicy in 1.25.",
    },
    applicability: Applicability::Unsafe,
    rationale: "Without a pod security admission plugin any pod may ask for privileged mode, host namespaces or \
SELinux options. SecurityContextDeny refused such pods; PodSecurityPolicy and now Pod Security admission \
(PodSecurity, on by default since Kubernetes 1.23) do it with policies.",
    remediation: "Keep PodSecurity enabled (the default) and label namespaces with pod-security.kubernetes.io \
levels; on Kubernetes 1.22 and older add SecurityContextDeny (or PodSecurityPolicy with policies) to \
--enable-admission-plugins.",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    for alternative in ["PodSecurity", "PodSecurityPolicy"] {
        let r = admission::plugin(inst, alternative);
        if r.value == Some(Value::Bool(true)) && r.problem.is_none() {
            let setting = inst.component.setting("enable-admission-plugins").expect("registered");
            let message = format!("{alternative} runs ({}): it covers what SecurityContextDeny did", r.reason);
            return Verdict::Pass(message).into_evaluation(setting, r);
        }
    }
    // Pod Security admission is the one to turn on where it exists (1.22+).
    let plugin = if inst.version.minor >= 22 { "PodSecurity" } else { "SecurityContextDeny" };
    let mut e = Plugin { plugin, enabled: true }.evaluate(inst, ctx, rule.applicability);
    if e.status == crate::report::Status::Fail && e.resolved.problem.is_none() {
        e.message = format!("no pod security admission plugin runs: {}", e.message);
    }
    e
}
