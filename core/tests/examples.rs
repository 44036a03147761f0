//! The bundled examples give the verdicts examples/README.md promises.

use kubecis_core::{check, Document, Options};
use std::path::Path;

/// The verdicts of the rules examples/README.md speaks for.
fn verdicts(dir: &Path, files: &[&str]) -> Vec<String> {
    let docs: Vec<Document> =
        files.iter().map(|f| Document::new(f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap())).collect();
    let select = ["kubelet-anonymous-auth", "kubelet-authorization-mode", "apiserver-authorization-mode"];
    let options = Options { select: select.iter().map(|s| s.to_string()).collect(), ..Options::default() };
    let report = check(&docs, &options).unwrap();
    report
        .findings
        .iter()
        .map(|f| {
            format!("{} {}", f.cis.as_deref().unwrap_or("-"), serde_json::to_value(f.status).unwrap().as_str().unwrap())
        })
        .collect()
}

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

#[test]
fn control_plane_node() {
    let files = [
        "etc/default/kubelet",
        "etc/kubernetes/manifests/kube-apiserver.yaml",
        "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "var/lib/kubelet/config.yaml",
        "var/lib/kubelet/kubeadm-flags.env",
    ];
    assert_eq!(verdicts(&examples().join("control-plane-node"), &files), ["4.2.1 fail", "4.2.2 pass", "1.2.6 pass"]);
}

#[test]
fn single_documents() {
    let single = examples().join("single");
    assert_eq!(verdicts(&single, &["ps-ef.txt"]), ["4.2.1 pass", "4.2.2 fail"]);
    assert_eq!(verdicts(&single, &["10-kubeadm.conf"]), ["4.2.1 pass", "4.2.2 unknown"]);
    assert_eq!(verdicts(&single, &["kubeadm-config.yaml"]), ["4.2.1 pass", "4.2.2 pass", "1.2.6 fail"]);
}
