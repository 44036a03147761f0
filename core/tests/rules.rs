//! Snapshot tests per rule (as ruff does): the whole finding, message, evidence,
//! location and fix, for the inputs that show each rule's behaviour.

use kubecis_core::{check, Document, Options};

fn findings(rule: &str, docs: &[(&str, &str)]) -> serde_json::Value {
    let docs: Vec<Document> = docs.iter().map(|(n, c)| Document::new(*n, *c)).collect();
    let report = check(&docs, &Options::default()).unwrap();
    let found: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
    sorted(serde_json::to_value(found).unwrap())
}

/// Keys in sorted order, whether or not serde_json's `preserve_order` is on (the
/// whole-workspace build turns it on), so the snapshot is the same either way.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[test]
fn kubelet_anonymous_auth_config_file() {
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true # for the metrics agent\n";
    insta::assert_json_snapshot!(findings("kubelet-anonymous-auth", &[("/var/lib/kubelet/config.yaml", config)]));
}

#[test]
fn kubelet_anonymous_auth_stray_argument() {
    let cmd = "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth false";
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    insta::assert_json_snapshot!(findings("kubelet-anonymous-auth", &[("ps.txt", cmd), ("config.yaml", config)]));
}

#[test]
fn kubelet_authorization_mode_legacy_default() {
    let cmd = "root  812  1  3 Nov24 ?  02:11:09 /usr/local/bin/kubelet --kubeconfig=/var/lib/kubelet/kubeconfig --anonymous-auth=false\n";
    insta::assert_json_snapshot!(findings("kubelet-authorization-mode", &[("ps.txt", cmd)]));
}

#[test]
fn kubelet_authorization_mode_dropin_overrides_config() {
    let cmd = "kubelet --config=/etc/kubernetes/kubelet.yaml --config-dir=/etc/kubernetes/kubelet.conf.d";
    let config =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: Webhook\n";
    let dropin =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n";
    insta::assert_json_snapshot!(findings(
        "kubelet-authorization-mode",
        &[
            ("cmdline", cmd),
            ("/etc/kubernetes/kubelet.yaml", config),
            ("/etc/kubernetes/kubelet.conf.d/50-debug.conf", dropin)
        ]
    ));
}

#[test]
fn apiserver_authorization_mode_static_pod_without_flag() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.2\n    command:\n    - kube-apiserver\n    - --advertise-address=10.0.0.10\n    - --etcd-servers=https://127.0.0.1:2379\n";
    insta::assert_json_snapshot!(findings("apiserver-authorization-mode", &[("kube-apiserver.yaml", pod)]));
}

#[test]
fn apiserver_authorization_mode_repeated_flag() {
    let cmd = "kube-apiserver --authorization-mode=AlwaysAllow --etcd-servers=https://127.0.0.1:2379 --authorization-mode=Node,RBAC";
    insta::assert_json_snapshot!(findings("apiserver-authorization-mode", &[("cmdline", cmd)]));
}
