use crate::component::Component;
use crate::evaluate::{name_in, said, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, FileSource, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// The flag is set, or the kube-apiserver is known from its EncryptionConfiguration alone
/// (only --encryption-provider-config reads one).
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-encryption-provider-config",
        aliases: &[("kubescape", "C-0141"), ("trivy", "KCV-0030"), ("datadog", "edx-dra-f9p")],
    }],
    title: "Ensure that the --encryption-provider-config argument is set as appropriate",
    severity: Severity::High,
    check: Check::Custom {
        setting: "encryption-provider-config", evaluate,
        audit: "Passes when --encryption-provider-config is set, or when the kube-apiserver is known from its EncryptionConfiguration alone (only that flag reads one). Whether the file encrypts anything is apiserver-encryption-providers.",
    },
    applicability: Applicability::Safe,
    rationale: "Without an encryption configuration the kube-apiserver writes Secrets to etcd in plain text: anyone \
with etcd or its backups reads every credential. Whether the configuration encrypts what it should is the next \
control.",
    remediation:
        "Write an EncryptionConfiguration whose first provider for secrets is kms v2, secretbox or aescbc, and \
pass it with --encryption-provider-config (mounted into the static Pod).",
    file_flag: Some("encryption-provider-config"),
};

fn evaluate(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("encryption-provider-config").expect("registered");
    let r = resolve(inst, s);
    let name = name_in(s, &r, inst);
    let reload =
        resolve(inst, inst.component.setting("encryption-provider-config-automatic-reload").expect("registered"));
    let verdict = match (&r.value, inst.file("encryption-provider-config").map(|f| &f.source)) {
        (_, Some(FileSource::File { .. })) if inst.argv.is_none() => Verdict::Pass(
            "an EncryptionConfiguration was supplied: it is the kube-apiserver's --encryption-provider-config".into(),
        ),
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(v), _) if v.is_set() => Verdict::Pass(said(&name, v, &r)),
        (Some(v), _) if reload.value == Some(Value::Bool(true)) => Verdict::Fail(
            format!(
                "{}, but --encryption-provider-config-automatic-reload is: the kube-apiserver refuses to start",
                said(&name, v, &r)
            ),
            None,
        ),
        (Some(v), _) => {
            Verdict::Fail(format!("{}: Secrets are stored in etcd in plain text", said(&name, v, &r)), None)
        }
    };
    verdict.into_evaluation(s, r)
}
