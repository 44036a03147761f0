use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance};
use crate::rules::{Check, Rule, Target};

/// Required since Kubernetes 1.20 (or, 1.32+, --service-account-signing-endpoint instead);
/// before, the kube-apiserver fell back to --tls-private-key-file.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-service-account-key-file",
        aliases: &[
            ("checkov", "CKV_K8S_97"),
            ("kubescape", "C-0136"),
            ("trivy", "KCV-0025"),
            ("datadog", "mez-uvc-4s3"),
        ],
    }],
    title: "Ensure that the --service-account-key-file argument is set as appropriate",
    severity: Severity::High,
    check: Check::Custom {
        setting: "service-account-key-file", evaluate,
        audit: "Passes when --service-account-key-file is set (from Kubernetes 1.32, --service-account-signing-endpoint instead). It is required since 1.20; before, the kube-apiserver fell back to --tls-private-key-file.",
    },
    applicability: Applicability::Safe,
    rationale: "--service-account-key-file lists the public keys that verify service account tokens. Without it the \
kube-apiserver of 1.19 and older verified them with its TLS serving key, so rotating one rotated the other; since \
1.20 it refuses to start without it (unless an external signer is configured).",
    remediation: "Set --service-account-key-file to the public key of --service-account-signing-key-file (kubeadm: \
/etc/kubernetes/pki/sa.pub).",
    file_flag: None,
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("service-account-key-file").expect("registered");
    let r = resolve(inst, s);
    let endpoint = resolve(inst, inst.component.setting("service-account-signing-endpoint").expect("registered"));
    let name = name_in(s, &r, inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(v), None) if v.items().iter().any(|f| f.is_empty()) => Verdict::Fail(
            format!("{name} names an empty path ({}): the kube-apiserver cannot read the key and does not start", r.reason),
            None,
        ),
        (Some(v), None) if v.items().iter().any(|f| f.contains(',')) => Verdict::Fail(
            format!(
                "{name} is {} ({}): the flag takes one file per use and does not split on commas, so that is one path; repeat the flag for each key",
                v.render(),
                r.reason
            ),
            None,
        ),
        (Some(v), None) if v.is_set() => Verdict::Pass(format!("{name} is {} ({})", v.render(), r.reason)),
        _ if endpoint.value.as_ref().is_some_and(|v| v.is_set()) => Verdict::Pass(format!(
            "{name} is not set; --service-account-signing-endpoint names an external signer, which verifies the tokens"
        )),
        _ if inst.version.minor >= 20 => Verdict::Fail(
            format!(
                "{name} is not set: the kube-apiserver of Kubernetes {} refuses to start without it",
                inst.version.describe()
            ),
            None,
        ),
        _ => Verdict::Fail(format!("{name} is not set: tokens are verified with the TLS serving key"), None),
    };
    verdict.into_evaluation(s, r)
}
