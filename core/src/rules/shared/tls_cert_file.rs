use crate::component::Component;
use crate::evaluate::{shown, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, resolve_gate, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// One definition for the kubelet (4.2.9) and the kube-apiserver (1.2.24): the serving
/// certificate and key are both set. The kubelet may instead get its certificate from the
/// cluster CA (serverTLSBootstrap with the RotateKubeletServerCertificate gate).
pub const RULE: Rule = Rule {
    targets: &[
        Target {
            component: Component::Kubelet,
            slug: "kubelet-tls-cert-file",
            aliases: &[
                ("checkov", "CKV_K8S_148"),
                ("kubescape", "C-0181"),
                ("trivy", "KCV-0088"),
                ("datadog", "hj4-2eq-48p"),
            ],
        },
        Target {
            component: Component::KubeApiserver,
            slug: "apiserver-tls-cert-file",
            aliases: &[
                ("checkov", "CKV_K8S_100"),
                ("kubescape", "C-0138"),
                ("trivy", "KCV-0027"),
                ("datadog", "cyx-7ju-5rj"),
            ],
        },
    ],
    title: "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate",
    severity: Severity::High,
    check: Check::Custom {
        setting: "tls-cert-file", evaluate,
        audit: "Passes when both --tls-cert-file and --tls-private-key-file (tlsCertFile and tlsPrivateKeyFile in a kubelet config file) are set. A kubelet may instead get its serving certificate from the cluster CA: serverTLSBootstrap with the RotateKubeletServerCertificate gate passes too. Either file setting unknown: unknown.",
    },
    applicability: Applicability::Safe,
    rationale: "Without a serving certificate and key the component makes a self-signed pair in --cert-dir, which \
clients cannot verify. The kubelet may instead request its serving certificate from the cluster CA \
(serverTLSBootstrap: true). Whether the files hold the right certificate is for you to check: kubecis sees the \
paths, not the files.",
    remediation: "Kubelet: set tlsCertFile and tlsPrivateKeyFile in its config file to a certificate the cluster CA \
signed, or serverTLSBootstrap: true. kube-apiserver: set --tls-cert-file and --tls-private-key-file.",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let setting = |flag| inst.component.setting(flag).expect("registered");
    let (cert_s, key_s) = (setting("tls-cert-file"), setting("tls-private-key-file"));
    let (cert, key) = (resolve(inst, cert_s), resolve(inst, key_s));
    let who = inst.component.name();
    if inst.component == Component::Kubelet {
        let boot = resolve(inst, setting("rotate-server-certificates"));
        if let Some(p) = &boot.problem {
            return Verdict::Fail(p.clone(), None).into_evaluation(setting("rotate-server-certificates"), boot);
        }
        if boot.value == Some(Value::Bool(true)) {
            let gate = resolve_gate(
                inst,
                setting("feature-gates"),
                "RotateKubeletServerCertificate",
                inst.version.minor >= 12,
            );
            if gate.value == Some(Value::Bool(true)) {
                let message = format!(
                    "serverTLSBootstrap is true ({}): the kubelet requests its serving certificate from the cluster CA",
                    boot.reason
                );
                return Verdict::Pass(message).into_evaluation(setting("rotate-server-certificates"), boot);
            }
        }
    }
    let verdict = match (&cert.value, &key.value) {
        (None, _) | (_, None) => {
            let r = if cert.value.is_none() { &cert } else { &key };
            Verdict::Unknown(format!("cannot tell the {who}'s serving certificate: {}", r.reason))
        }
        (Some(c), Some(k)) if c.is_set() && k.is_set() => {
            Verdict::Pass(format!("serving certificate {} and key {} ({})", c.render(), k.render(), cert.reason))
        }
        (Some(c), Some(k)) if c.is_set() || k.is_set() => Verdict::Fail(
            format!(
                "only one of the pair is set (certificate {}, key {}): the {who} cannot load a serving certificate without both and does not start",
                shown(c),
                shown(k)
            ),
            None,
        ),
        _ => Verdict::Fail(
            format!("neither a serving certificate nor a key is set: the {who} serves a self-signed certificate it makes in --cert-dir"),
            None,
        ),
    };
    // The evidence is the missing one; the finding points at the one that is written.
    let cert_set = cert.value.as_ref().is_some_and(Value::is_set);
    let key_set = key.value.as_ref().is_some_and(Value::is_set);
    if cert_set && !key_set {
        let mut e = verdict.into_evaluation(key_s, key);
        e.at = cert.sources.first().map(|s| (s.at.doc(), s.at.span())).or(e.at);
        return e;
    }
    verdict.into_evaluation(cert_s, cert)
}
