use super::encryption_validation::{parse, WILDCARDS_SINCE};
use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::recognise::{Body, EncryptionConfig};
use crate::report::{Applicability, Origin, Severity};
use crate::resolve::{resolve, At, FileSource, Instance, NodeStyle, Resolved, Source, Value};
use crate::rules::{Check, Rule, Target};

/// Secrets are encrypted when the first provider of the rule that covers them (exact
/// `secrets`, then `*.`, then `*.*`) encrypts: only the first provider writes
/// (k8s.io/apiserver pkg/storage/value/transformer.go); identity first, or no rule, stores
/// them in plain text. KMS v1 is off by default from 1.29. A file the kube-apiserver
/// rejects (encryption_validation) fails: the server does not start with it.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-encryption-providers",
        aliases: &[("checkov", "CKV_K8S_104"), ("kubescape", "C-0142")],
    }],
    title: "Ensure that encryption providers are appropriately configured",
    severity: Severity::High,
    check: Check::Custom {
        setting: "encryption-provider-config", evaluate,
        audit: "Reads the EncryptionConfiguration --encryption-provider-config names. Secrets are encrypted when the first provider of the resource rule that covers them (exact secrets, then *., then *.*) encrypts: only the first provider writes, so identity first, or no rule, stores them in plain text. KMS v1 is off by default from 1.29. A file the kube-apiserver rejects fails: it does not start with it.",
    },
    applicability: Applicability::Safe,
    rationale: "An EncryptionConfiguration encrypts what its first provider writes: identity first, or a resource no \
rule lists, means plain text in etcd. aescbc, aesgcm, secretbox and kms encrypt; the Kubernetes documentation calls \
aescbc weak (CBC padding oracles), says aesgcm keys must be rotated every 200,000 writes, and recommends kms v2.",
    remediation: "Put a kms (apiVersion: v2), secretbox or aescbc provider first in the rule for secrets of the \
EncryptionConfiguration, keep identity last (to read what was written before), then rewrite all Secrets \
(kubectl get secrets -A -o json | kubectl replace -f -).",
    file_flag: Some("encryption-provider-config"),
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("encryption-provider-config").expect("registered");
    let flag = resolve(inst, s);
    let (verdict, r) = match inst.file("encryption-provider-config").map(|f| &f.source) {
        Some(FileSource::File { doc, body: Body::EncryptionConfig(c) }) => judge(inst, *doc, c),
        Some(FileSource::File { .. }) => (
            Verdict::Fail("--encryption-provider-config names a file that is not an EncryptionConfiguration: the kube-apiserver refuses to start".into(), None),
            flag,
        ),
        Some(FileSource::Missing(path)) => {
            let r = Resolved { missing: vec![path.clone()], anchor: inst.flag_at("encryption-provider-config"), ..flag };
            (Verdict::Unknown(format!("the EncryptionConfiguration {path} was not supplied")), r)
        }
        None => match &flag.value {
            None => (Verdict::Unknown(format!("cannot tell --encryption-provider-config: {}", flag.reason)), flag),
            Some(_) => (Verdict::Fail("no --encryption-provider-config: Secrets are stored in etcd in plain text".into(), None), flag),
        },
    };
    verdict.into_evaluation(s, r)
}

fn judge(inst: &Instance, doc: usize, c: &EncryptionConfig) -> (Verdict, Resolved) {
    let minor = inst.version.minor;
    let mut r =
        Resolved { origin: Origin::ConfigFile, reason: "the EncryptionConfiguration".into(), ..Resolved::unknown() };
    if let Some((message, span)) = super::encryption_validation::refusal(c, minor) {
        let at = At::Node { doc, span, style: NodeStyle::Opaque };
        r.problem = Some(message.clone());
        r.problem_at = Some(at);
        let message =
            format!("the EncryptionConfiguration is invalid ({message}): the kube-apiserver refuses to start");
        return (Verdict::Fail(message, None), r);
    }
    // Lookup precedence (transformerFromOverrides): the exact resource, then its group's
    // wildcard, then everything; `secrets.` is `secrets`. Wildcards came in 1.27.
    let covers = |pattern: (&str, &str)| {
        c.rules.iter().find(|r| r.resources.iter().any(|x| x.name.as_deref().map(parse) == Some(pattern)))
    };
    let wildcards = minor >= WILDCARDS_SINCE;
    let rule = covers(("", "secrets"))
        .or_else(|| covers(("", "*")).filter(|_| wildcards))
        .or_else(|| covers(("*", "*")).filter(|_| wildcards));
    let Some(rule) = rule else {
        r.value = Some(Value::Unset);
        let at = At::Node { doc, span: c.span, style: NodeStyle::Opaque };
        r.anchor = Some(at);
        let message = if wildcards {
            "no rule of the EncryptionConfiguration covers secrets: they are stored in plain text".to_string()
        } else {
            format!("no rule of the EncryptionConfiguration lists secrets (Kubernetes {} has no wildcard resources): they are stored in plain text", inst.version.describe())
        };
        return (Verdict::Fail(message, None), r);
    };
    let Some(first) = rule.providers.first() else {
        return (
            Verdict::Fail("the rule for secrets lists no provider: the kube-apiserver refuses to start".into(), None),
            r,
        );
    };
    r.value = Some(Value::Text(first.name.clone()));
    r.sources = vec![Source {
        value: first.name.clone(),
        origin: Origin::ConfigFile,
        at: At::Node { doc, span: first.span, style: NodeStyle::Opaque },
    }];
    let gates = inst.component.setting("feature-gates").expect("registered");
    let kms_v1 = crate::resolve::resolve_gate(inst, gates, "KMSv1", minor < 29);
    let kms_v1_on = kms_v1.value == Some(Value::Bool(true));
    let verdict = match first.name.as_str() {
        "identity" => Verdict::Fail("identity is the first provider for secrets: new Secrets are written in plain text".into(), None),
        "kms" if first.kms_version.as_deref() != Some("v2") && !kms_v1_on => Verdict::Fail(
            format!("the first provider for secrets is kms v1, which Kubernetes {} turns off by default (the kube-apiserver refuses to start without --feature-gates=KMSv1=true); use apiVersion: v2", inst.version.describe()),
            None,
        ),
        "kms" if first.kms_version.as_deref() != Some("v2") => Verdict::Pass("Secrets are encrypted by kms v1 (deprecated since 1.28: move to v2)".into()),
        "kms" => Verdict::Pass("Secrets are encrypted by kms v2".into()),
        "secretbox" => Verdict::Pass("Secrets are encrypted by secretbox (XSalsa20-Poly1305)".into()),
        "aesgcm" => Verdict::Pass("Secrets are encrypted by aesgcm: rotate its key every 200,000 writes".into()),
        "aescbc" => Verdict::Pass("Secrets are encrypted by aescbc (the Kubernetes documentation calls it weak: prefer kms v2 or secretbox)".into()),
        other => Verdict::Fail(format!("{other:?} is not an encryption provider (aescbc, aesgcm, secretbox, kms, identity): the kube-apiserver refuses to start"), None),
    };
    (verdict, r)
}
