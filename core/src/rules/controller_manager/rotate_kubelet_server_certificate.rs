use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve_gate, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// The gate is on by default since Kubernetes 1.12; the benchmark asks that it stay on
/// on the controller manager too. The rotating itself is the kubelet's (4.2.12).
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeControllerManager,
        slug: "controller-manager-rotate-kubelet-server-certificate",
        aliases: &[("checkov", "CKV_K8S_112"), ("kubescape", "C-0149"), ("trivy", "KCV-0038")],
    }],
    title: "Ensure that the RotateKubeletServerCertificate argument is set to true",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "feature-gates", evaluate,
        audit: "Passes when the RotateKubeletServerCertificate feature gate of the kube-controller-manager is on: set true in --feature-gates, or left at its default (true since Kubernetes 1.12). Fails when it is set false, or when the component refuses the gate.",
    },
    applicability: Applicability::Safe,
    rationale: "Kubelet serving certificates are rotated through CertificateSigningRequests that the controller \
manager signs. The benchmark asks that the RotateKubeletServerCertificate gate, on by default since Kubernetes \
1.12, is not turned off there; the kubelet itself rotates only with serverTLSBootstrap (control 4.2.12).",
    remediation: "Remove RotateKubeletServerCertificate=false from the kube-controller-manager's --feature-gates (or \
set it to true).",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    const GATE: &str = "RotateKubeletServerCertificate";
    let gates = inst.component.setting("feature-gates").expect("registered");
    let gate = resolve_gate(inst, gates, GATE, inst.version.minor >= 12);
    let verdict = match (&gate.value, &gate.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell the {GATE} gate: {}", gate.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(Value::Bool(true)), None) => Verdict::Pass(format!("{GATE} is true ({})", gate.reason)),
        (Some(v), None) => Verdict::Fail(
            format!("{GATE} is {} ({}); it must be true", v.render(), gate.reason),
            ctx.set_gate(inst, &gate, gates, GATE, "true", rule.applicability),
        ),
    };
    verdict.into_evaluation(gates, gate)
}
