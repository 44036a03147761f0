use crate::component::tls::STRONG_CIPHER_SUITES;
use crate::component::Component;
use crate::evaluate::{name_in, said, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance};
use crate::rules::{Check, Rule, Target};

/// What a fix writes: cis-1.12's list, in its order (the legacy ChaCha20 spellings every
/// version accepts).
const FIX: &str = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,\
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

/// One definition for the kubelet (4.2.12) and the kube-apiserver (1.2.29).
pub const RULE: Rule = Rule {
    targets: &[
        Target {
            component: Component::Kubelet,
            slug: "kubelet-tls-cipher-suites",
            aliases: &[("checkov", "CKV_K8S_151"), ("kubescape", "C-0184"), ("trivy", "KCV-0092")],
        },
        Target {
            component: Component::KubeApiserver,
            slug: "apiserver-tls-cipher-suites",
            aliases: &[("checkov", "CKV_K8S_105"), ("kubescape", "C-0277")],
        },
    ],
    title: "Ensure that the component only makes use of Strong Cryptographic Ciphers",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "tls-cipher-suites", evaluate,
        audit: "Passes when --tls-cipher-suites (tlsCipherSuites) is set and lists only strong suites (ECDHE with AES-GCM or ChaCha20-Poly1305, and the TLS 1.3 suites); a minimum TLS version of 1.3 passes too (Go then uses only its TLS 1.3 suites). Not set, Go's default suites for TLS 1.2 are offered, which include CBC suites, and the rule fails; so does a TLS 1.3 suite name before Kubernetes 1.19, which stops the component.",
    },
    // Clients that only speak the suites left out can no longer connect.
    applicability: Applicability::Unsafe,
    rationale: "Without --tls-cipher-suites the component offers Go's default suites for TLS 1.2, which include \
CBC suites and, in older Go releases, RSA key exchange without forward secrecy. Strong here means ECDHE key \
exchange with AES-GCM or ChaCha20-Poly1305 (and the TLS 1.3 suites, which Go does not let anyone configure). \
Benchmark versions before cis-1.12 also call RSA key exchange, CBC and 3DES suites strong; kubecis does not.",
    remediation: "Kubelet: set tlsCipherSuites in its config file (or --tls-cipher-suites); kube-apiserver: set \
--tls-cipher-suites; both to TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, \
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305 \
and TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384.",
    file_flag: None,
};

/// The TLS 1.3 suite names: accepted from Kubernetes 1.19 (the names come from Go's list
/// since then; 1.15–1.18 had a fixed map without them).
const TLS13: &[&str] = &["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"];

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let s = inst.component.setting("tls-cipher-suites").expect("registered");
    let r = resolve(inst, s);
    let name = name_in(s, &r, inst);
    let min = resolve(inst, inst.component.setting("tls-min-version").expect("registered"));
    let tls13_only = min.value.as_ref().and_then(|v| v.as_text()) == Some("VersionTLS13");
    let weak = |c: &str| !STRONG_CIPHER_SUITES.contains(&c);
    let old = inst.version.minor <= 18 && !inst.version.assumed;
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell the cipher suites: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(v), None) if old && v.items().iter().any(|c| TLS13.contains(&c.as_str())) => Verdict::Fail(
            format!(
                "{name} names a TLS 1.3 suite, which Kubernetes {} does not know (Cipher suite not supported); the {} refuses to start",
                inst.version.describe(),
                inst.component.name()
            ),
            None,
        ),
        (Some(_), None) if tls13_only => Verdict::Pass(format!(
            "the minimum TLS version is 1.3 ({}): Go then uses only its TLS 1.3 suites, which are all strong",
            min.reason
        )),
        (Some(v), None) if !v.is_set() => Verdict::Fail(
            format!("{}: Go's default suites include CBC suites", said(&name, v, &r)),
            ctx.set(inst, &r, s, FIX, rule.applicability),
        ),
        (Some(v), None) => {
            let bad: Vec<&str> = v.items().iter().map(String::as_str).filter(|c| weak(c)).collect();
            if bad.is_empty() {
                Verdict::Pass(format!("{name} lists only strong suites ({})", r.reason))
            } else {
                let kept: Vec<&str> = v.items().iter().map(String::as_str).filter(|c| !weak(c)).collect();
                let fix_value = if kept.is_empty() { FIX.to_string() } else { kept.join(",") };
                Verdict::Fail(
                    format!(
                        "{name} lists {} ({}), which {} not strong: no forward secrecy or no AEAD cipher",
                        bad.join(", "),
                        r.reason,
                        if bad.len() == 1 { "is" } else { "are" }
                    ),
                    ctx.set(inst, &r, s, &fix_value, rule.applicability),
                )
            }
        }
    };
    // Point at the use that names a weak suite.
    verdict.into_evaluation_at(s, r, |src| src.value.split(',').any(weak))
}
