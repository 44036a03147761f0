use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, resolve_gate, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// The benchmark asks for the RotateKubeletServerCertificate gate, which is on by default
/// since 1.12 and does nothing alone: the kubelet rotates its serving certificate only with
/// serverTLSBootstrap (pkg/kubelet/kubelet.go NewMainKubelet). Both are checked.
pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-rotate-server-certificates", aliases: &[("checkov", "CKV_K8S_112"), ("kubescape", "C-0183"), ("trivy", "KCV-0091"), ("datadog", "y83-hk2-g3c")] }],
    title: "Verify that the RotateKubeletServerCertificate argument is set to true",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "rotate-server-certificates", evaluate,
        audit: "The RotateKubeletServerCertificate feature gate is on by default and rotates nothing alone: the kubelet rotates its serving certificate only with serverTLSBootstrap (--rotate-server-certificates). Passes when serverTLSBootstrap is true and the gate is not turned off.",
    },
    // The kubelet serves no certificate until its CSR is approved, and kubelet-serving CSRs
    // are not approved automatically.
    applicability: Applicability::Unsafe,
    rationale: "A kubelet that rotates its serving certificate gets it from the cluster CA and renews it before it \
expires. That needs both the RotateKubeletServerCertificate feature gate (on by default since Kubernetes 1.12) and \
serverTLSBootstrap: true; the gate alone rotates nothing. A kubelet without either serves a certificate someone \
must renew by hand, or a self-signed one.",
    remediation: "Set serverTLSBootstrap: true in the kubelet config file (or --rotate-server-certificates), keep the \
RotateKubeletServerCertificate gate on, and approve the kubelet-serving CertificateSigningRequests (or run an approver).",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let gates = inst.component.setting("feature-gates").expect("registered");
    let boot_s = inst.component.setting("rotate-server-certificates").expect("registered");
    let gate = resolve_gate(inst, gates, "RotateKubeletServerCertificate", inst.version.minor >= 12);
    match (&gate.value, &gate.problem) {
        (None, _) => {
            let message = format!("cannot tell the RotateKubeletServerCertificate gate: {}", gate.reason);
            return Verdict::Unknown(message).into_evaluation(gates, gate);
        }
        (Some(_), Some(p)) => return Verdict::Fail(p.clone(), None).into_evaluation(gates, gate),
        (Some(Value::Bool(false)), None) => {
            let message = format!(
                "RotateKubeletServerCertificate is false ({}): the kubelet cannot rotate its serving certificate",
                gate.reason
            );
            let fix = ctx.set_gate(inst, &gate, gates, "RotateKubeletServerCertificate", "true", rule.applicability);
            return Verdict::Fail(message, fix).into_evaluation(gates, gate);
        }
        _ => {}
    }
    let boot = resolve(inst, boot_s);
    let name = name_in(boot_s, &boot, inst);
    let verdict = match (&boot.value, &boot.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", boot.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(Value::Bool(true)), None) => Verdict::Pass(format!(
            "{name} is true ({}) and RotateKubeletServerCertificate is on ({}): the kubelet requests and rotates its serving certificate",
            boot.reason, gate.reason
        )),
        (Some(v), None) => Verdict::Fail(
            format!(
                "{name} is {} ({}): RotateKubeletServerCertificate is on ({}) but rotates nothing without it",
                v.render(),
                boot.reason,
                gate.reason
            ),
            ctx.set(inst, &boot, boot_s, "true", rule.applicability),
        ),
    };
    verdict.into_evaluation(boot_s, boot)
}
