//! Whether the kube-apiserver can load an AuthenticationConfiguration or an
//! AuthorizationConfiguration at all. The flags that name them exist from 1.29
//! (pkg/kubeapiserver/options), each needs its feature gate (k8s.io/apiserver
//! pkg/features/kube_features.go), and each Kubernetes version serves only some
//! apiVersions of the kinds (k8s.io/apiserver pkg/apis/apiserver/<version>/register.go):
//! a file the server cannot decode stops it.

use super::{resolve_gate, At, Instance, NodeStyle, Value};
use crate::source::Span;

/// The group both kinds are registered in (`apiserver.k8s.io` has neither).
const GROUP: &str = "apiserver.config.k8s.io";

/// `(kind, version, first minor that serves it)`, from register.go at v0.29 … v0.35.
const SERVED: &[(&str, &str, u32)] = &[
    ("AuthenticationConfiguration", "v1alpha1", 29),
    ("AuthenticationConfiguration", "v1beta1", 30),
    ("AuthenticationConfiguration", "v1", 34),
    ("AuthorizationConfiguration", "v1alpha1", 29),
    ("AuthorizationConfiguration", "v1beta1", 30),
    ("AuthorizationConfiguration", "v1", 32),
];

/// One of the two files, as a flag of the instance names it.
pub struct StructuredFile<'a> {
    pub flag: &'static str,
    pub gate: &'static str,
    pub kind: &'static str,
    pub doc: usize,
    pub api_version: &'a (String, Span),
}

/// Why the file stops the kube-apiserver, and where; or, when the version is only
/// assumed, what the verdict rests on.
#[derive(Debug, Default)]
pub struct Loadable {
    pub refusal: Option<(String, At)>,
    pub note: Option<String>,
}

/// The first minor version that serves `kind` at `api_version`; `None`: none does.
pub fn served_since(kind: &str, api_version: &str) -> Option<u32> {
    let (group, version) = api_version.split_once('/')?;
    (group == GROUP).then_some(())?;
    SERVED.iter().find(|(k, v, _)| *k == kind && *v == version).map(|(_, _, since)| *since)
}

pub fn loadable(inst: &Instance, f: &StructuredFile) -> Loadable {
    let v = &inst.version;
    let flag_at = inst.flag_at(f.flag);
    let server = || format!("the kube-apiserver of Kubernetes {} ({})", v.describe(), v.source);
    // Without a command line the flags are not known: a refusal that needs one is left out.
    let refuse = |message: String, at: Option<At>| Loadable { refusal: at.map(|at| (message, at)), note: None };
    if let Some(s) = inst.component.setting(f.flag) {
        if flag_at.is_some() && !v.assumed && !s.exists_at(v.minor) {
            let added = s.added.unwrap_or(0);
            let message =
                format!("--{} was added in Kubernetes 1.{added}: {} refuses to start (unknown flag)", f.flag, server());
            return refuse(message, flag_at);
        }
    }
    let gates = inst.component.setting("feature-gates").expect("registered");
    let g = resolve_gate(inst, gates, f.gate, false);
    let gate_at = g.sources.first().map(|s| s.at.clone()).or(flag_at.clone());
    if let Some(problem) = &g.problem {
        // Turning a GA gate off stops the server before the file is read.
        return refuse(problem.clone(), gate_at);
    }
    if g.value == Some(Value::Bool(false)) {
        let message = format!(
            "--{} cannot be used without the {} feature gate, which is off ({}): the kube-apiserver refuses to start",
            f.flag, f.gate, g.reason
        );
        return refuse(message, gate_at);
    }
    let (written, span) = f.api_version;
    let at = Some(At::Node { doc: f.doc, span: *span, style: NodeStyle::Opaque });
    let versions: Vec<String> = SERVED
        .iter()
        .filter(|(k, ..)| *k == f.kind)
        .map(|(_, ver, since)| format!("{GROUP}/{ver} (1.{since}+)"))
        .collect();
    let Some(since) = served_since(f.kind, written) else {
        let message = format!(
            "no kind {} is registered for version {written:?} (served: {}): the kube-apiserver refuses to start",
            f.kind,
            versions.join(", ")
        );
        return refuse(message, at);
    };
    if v.minor < since && !v.assumed {
        let message = format!(
            "{written} {} is served from Kubernetes 1.{since}: {} refuses to start (no kind {:?} is registered for version {written:?})",
            f.kind,
            server(),
            f.kind
        );
        return refuse(message, at);
    }
    let note = v.assumed.then(|| {
        format!(
            "this rests on the assumed Kubernetes version 1.{}: a kube-apiserver older than 1.{since} refuses this {written} {}",
            v.minor,
            f.kind
        )
    });
    Loadable { refusal: None, note }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Document, Options};

    /// 1.2.7's status and message for a `ps` line with `flags` and an AuthorizationConfiguration.
    fn node_rule(flags: &str, api_version: &str, version: &str) -> (String, String) {
        let ps = format!(
            "root 1 0 0 09:00 ? 00:00:01 kube-apiserver --authorization-config=/etc/kubernetes/authz.yaml {flags}\n"
        );
        let authz = format!(
            "apiVersion: {api_version}\nkind: AuthorizationConfiguration\nauthorizers:\n- {{type: Node, name: node}}\n"
        );
        let docs = [Document::new("ps.txt", ps), Document::new("etc/kubernetes/authz.yaml", authz)];
        let options = Options {
            select: vec!["apiserver-authorization-mode-node".into()],
            kubernetes_version: Some(version.into()),
            ..Options::default()
        };
        let f = check(&docs, &options).unwrap().findings.remove(0);
        (format!("{:?}", f.status).to_lowercase(), f.message)
    }

    #[test]
    fn the_flag_its_gate_and_the_api_version_decide_whether_the_file_loads() {
        let v1alpha1 = "apiserver.config.k8s.io/v1alpha1";
        let (status, message) = node_rule("", v1alpha1, "1.28");
        assert_eq!(status, "fail");
        assert!(message.contains("--authorization-config was added in Kubernetes 1.29"), "{message}");
        // Alpha in 1.29: off unless the gate is turned on.
        let (status, message) = node_rule("", v1alpha1, "1.29");
        assert_eq!(status, "fail");
        assert!(message.contains("StructuredAuthorizationConfiguration feature gate, which is off"), "{message}");
        let gate = "--feature-gates=StructuredAuthorizationConfiguration=true";
        assert_eq!(node_rule(gate, v1alpha1, "1.29").0, "pass");
        let (status, message) = node_rule(gate, "apiserver.config.k8s.io/v1beta1", "1.29");
        assert_eq!(status, "fail");
        assert!(message.contains("served from Kubernetes 1.30"), "{message}");
        assert_eq!(node_rule("", "apiserver.config.k8s.io/v1beta1", "1.30").0, "pass");
        let (status, message) = node_rule("", "apiserver.k8s.io/v1alpha1", "1.33");
        assert_eq!(status, "fail");
        assert!(message.contains("no kind AuthorizationConfiguration is registered"), "{message}");
        // Webhook flags may not come with --authorization-config (AreLegacyFlagsSet).
        let (status, message) =
            node_rule("--authorization-webhook-config-file=/etc/w.yaml", "apiserver.config.k8s.io/v1", "1.33");
        assert_eq!(status, "fail");
        assert!(message.contains("--authorization-webhook-config-file is"), "{message}");
    }

    #[test]
    fn served_versions_follow_register_go() {
        let authn = "AuthenticationConfiguration";
        let authz = "AuthorizationConfiguration";
        assert_eq!(served_since(authn, "apiserver.config.k8s.io/v1"), Some(34));
        assert_eq!(served_since(authn, "apiserver.config.k8s.io/v1beta1"), Some(30));
        assert_eq!(served_since(authz, "apiserver.config.k8s.io/v1"), Some(32));
        assert_eq!(served_since(authz, "apiserver.config.k8s.io/v1alpha1"), Some(29));
        // The legacy group serves neither kind; a bare group or version names nothing.
        assert_eq!(served_since(authz, "apiserver.k8s.io/v1alpha1"), None);
        assert_eq!(served_since(authz, "apiserver.config.k8s.io"), None);
        assert_eq!(served_since(authz, "v1"), None);
        assert_eq!(served_since(authz, ""), None);
    }
}
