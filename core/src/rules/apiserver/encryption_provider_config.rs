use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-encryption-provider-config", aliases: &[("kubescape", "C-0141"), ("trivy", "KCV-0030"), ("datadog", "edx-dra-f9p")] }],
    title: "Ensure that the --encryption-provider-config argument is set as appropriate",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "encryption-provider-config",
        holds: |v| v.is_set(),
        want: "set to an EncryptionConfiguration file",
        fix: None,
    }),
    applicability: Applicability::Safe,
    rationale: "Without an encryption configuration the kube-apiserver writes Secrets to etcd in plain text: anyone with etcd or its backups reads every credential. Whether the configuration encrypts what it should is the next control.",
    remediation: "Write an EncryptionConfiguration whose first provider for secrets is aescbc, secretbox or kms v2, and pass it with --encryption-provider-config (mounted into the static Pod).",
    file_flag: Some("encryption-provider-config"),
};
