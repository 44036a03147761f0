//! Controls that need two files set together: the kube-apiserver's client certificate
//! and key for the kubelets (1.2.4) and for etcd (1.2.23).

use crate::component::Component;
use crate::evaluate::{shown, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance, Value};
use crate::rules::{Check, Rule, Target};

pub const KUBELET_CLIENT: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-kubelet-client-certificate",
        aliases: &[
            ("checkov", "CKV_K8S_72"),
            ("kubescape", "C-0116"),
            ("trivy", "KCV-0005"),
            ("datadog", "bk7-jyi-j6m"),
        ],
    }],
    title: "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate",
    severity: Severity::High,
    check: Check::Custom {
        setting: "kubelet-client-certificate", evaluate: kubelet_client,
        audit: "Passes when both --kubelet-client-certificate and --kubelet-client-key are set; either unset fails, either unknown is unknown.",
    },
    applicability: Applicability::Safe,
    rationale: "Without a client certificate the kube-apiserver cannot authenticate to the kubelets, which then have \
to let it in anonymously (or refuse the logs, exec and port-forward requests it relays).",
    remediation: "Set --kubelet-client-certificate and --kubelet-client-key to a client certificate the kubelets \
accept (kubeadm: /etc/kubernetes/pki/apiserver-kubelet-client.crt and .key).",
    file_flag: None,
};

pub const ETCD_CLIENT: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-etcd-client-certificate",
        aliases: &[
            ("checkov", "CKV_K8S_99"),
            ("kubescape", "C-0137"),
            ("trivy", "KCV-0026"),
            ("datadog", "4kk-m7s-ur6"),
        ],
    }],
    title: "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate",
    severity: Severity::High,
    check: Check::Custom {
        setting: "etcd-certfile", evaluate: etcd_client,
        audit: "Passes when both --etcd-certfile and --etcd-keyfile are set; either unset fails, either unknown is unknown.",
    },
    applicability: Applicability::Safe,
    rationale: "etcd holds the whole cluster state, Secrets included. Without a client certificate the kube-apiserver \
cannot authenticate to etcd, which then has to accept unauthenticated clients.",
    remediation: "Set --etcd-certfile and --etcd-keyfile to a client certificate etcd trusts (kubeadm: \
/etc/kubernetes/pki/apiserver-etcd-client.crt and .key), and enable --client-cert-auth on etcd.",
    file_flag: None,
};

fn kubelet_client(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    both(inst, "kubelet-client-certificate", "kubelet-client-key", "the kubelets")
}

fn etcd_client(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    both(inst, "etcd-certfile", "etcd-keyfile", "etcd")
}

/// Both flags set: pass; either unset: fail; either unknown: unknown.
pub fn both(inst: &Instance, cert_flag: &str, key_flag: &str, peer: &str) -> Evaluation {
    let setting = |flag| inst.component.setting(flag).expect("registered");
    let (cert_s, key_s) = (setting(cert_flag), setting(key_flag));
    let (cert, key) = (resolve(inst, cert_s), resolve(inst, key_s));
    let set = |v: &Option<Value>| v.as_ref().is_some_and(Value::is_set);
    let verdict = match (&cert.value, &key.value) {
        (None, _) => Verdict::Unknown(format!("cannot tell --{cert_flag}: {}", cert.reason)),
        (_, None) => Verdict::Unknown(format!("cannot tell --{key_flag}: {}", key.reason)),
        (Some(c), Some(k)) if set(&cert.value) && set(&key.value) => Verdict::Pass(format!(
            "--{cert_flag}={} and --{key_flag}={} ({})",
            c.render(),
            k.render(),
            cert.reason
        )),
        (Some(c), Some(k)) if set(&cert.value) || set(&key.value) => Verdict::Fail(
            format!(
                "--{cert_flag} is {} and --{key_flag} is {}: a certificate needs its key (and the key its certificate), so the kube-apiserver cannot connect to {peer}",
                shown(c),
                shown(k)
            ),
            None,
        ),
        (Some(c), Some(k)) => Verdict::Fail(
            format!(
                "--{cert_flag} is {} and --{key_flag} is {}: the kube-apiserver presents no client certificate to {peer}",
                shown(c),
                shown(k)
            ),
            None,
        ),
    };
    if set(&cert.value) && !set(&key.value) {
        let mut e = verdict.into_evaluation(key_s, key);
        e.at = cert.sources.first().map(|s| (s.at.doc(), s.at.span())).or(e.at);
        return e;
    }
    verdict.into_evaluation(cert_s, cert)
}
