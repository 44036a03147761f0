//! A running component (its `/proc/<pid>/cmdline`) and the file that starts it (a
//! systemd unit with its env files, a static Pod manifest): findings point where an edit
//! changes the node, and only when that file really starts what runs.

use kubecis_core::report::Applicability;
use kubecis_core::{check, Document, Options, Report};

const UNIT: &str = "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml $KUBELET_EXTRA_ARGS\n";
const CONFIG: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";

fn run(docs: &[(&str, &str)]) -> Report {
    let docs: Vec<Document> = docs.iter().map(|(n, c)| Document::new(n.to_string(), c.to_string())).collect();
    let select = vec!["kubelet-anonymous-auth".to_string(), "apiserver-anonymous-auth".to_string()];
    check(&docs, &Options { select, ..Options::default() }).unwrap()
}

fn proc_cmdline(words: &[&str]) -> String {
    words.iter().map(|w| format!("{w}\0")).collect()
}

fn note(report: &Report, name: &str) -> String {
    report.documents.iter().find(|d| d.name == name).and_then(|d| d.note.clone()).unwrap_or_default()
}

#[test]
fn a_running_kubelet_started_by_its_unit_is_fixed_in_the_env_file() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let report = run(&[
        ("/proc/812/cmdline", &cmdline),
        ("/etc/systemd/system/kubelet.service", UNIT),
        ("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--anonymous-auth=true\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    assert_eq!(report.findings.len(), 1, "one kubelet, not two: {:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(serde_json::to_value(f.status).unwrap(), "fail");
    // Located in the env file that holds the flag, with an edit there that is applied.
    assert_eq!(f.location.as_ref().map(|l| l.document), Some(2), "{f:#?}");
    let fix = f.fix.as_ref().expect("a fix");
    assert_ne!(fix.applicability, Applicability::DisplayOnly, "{fix:#?}");
    assert!(fix.edits.iter().all(|e| e.document == 2), "{fix:#?}");
    assert!(f.documents.contains(&0), "the process is part of the evidence: {:?}", f.documents);
    assert!(note(&report, "/proc/812/cmdline").contains("kubelet.service starts exactly this command line"));
}

#[test]
fn a_unit_changed_since_the_kubelet_started_is_not_what_runs() {
    // The unit now says false; the running kubelet was started with true.
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let report = run(&[
        ("/proc/812/cmdline", &cmdline),
        ("/etc/systemd/system/kubelet.service", UNIT),
        ("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--anonymous-auth=false\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(serde_json::to_value(f.status).unwrap(), "fail", "what runs decides");
    assert_eq!(f.location.as_ref().map(|l| l.document), Some(0));
    assert_eq!(f.fix.as_ref().map(|x| x.applicability), Some(Applicability::DisplayOnly));
    let unit_note = note(&report, "/etc/systemd/system/kubelet.service");
    assert!(unit_note.starts_with("not checked: the running kubelet's command line"), "{unit_note}");
    assert!(unit_note.contains("starts other words"), "{unit_note}");
}

#[test]
fn a_unit_whose_env_file_is_not_supplied_cannot_be_matched() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let unit = UNIT.replace("EnvironmentFile=-", "EnvironmentFile=");
    let report = run(&[
        ("/proc/812/cmdline", &cmdline),
        ("/etc/systemd/system/kubelet.service", &unit),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].fix.as_ref().map(|x| x.applicability), Some(Applicability::DisplayOnly));
    assert!(note(&report, "/etc/systemd/system/kubelet.service").contains("whether it starts what runs is unknown"));
}

const MANIFEST: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.2\n    command:\n    - kube-apiserver\n    - --anonymous-auth=true\n    - --authorization-mode=Node,RBAC\n";

#[test]
fn a_running_apiserver_is_fixed_in_its_static_pod_manifest() {
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let report = run(&[("/proc/3120/cmdline", &cmdline), ("/etc/kubernetes/manifests/kube-apiserver.yaml", MANIFEST)]);
    let apiserver: Vec<_> = report.findings.iter().filter(|f| f.rule == "apiserver-anonymous-auth").collect();
    assert_eq!(apiserver.len(), 1, "{apiserver:#?}");
    let f = apiserver[0];
    assert_eq!(f.location.as_ref().map(|l| l.document), Some(1), "{f:#?}");
    let fix = f.fix.as_ref().expect("a fix");
    assert_ne!(fix.applicability, Applicability::DisplayOnly);
    assert!(fix.edits.iter().all(|e| e.document == 1));
}

#[test]
fn a_manifest_edited_since_the_apiserver_started_is_not_checked_twice() {
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let manifest = MANIFEST.replace("--anonymous-auth=true", "--anonymous-auth=false");
    let report = run(&[("/proc/3120/cmdline", &cmdline), ("/etc/kubernetes/manifests/kube-apiserver.yaml", &manifest)]);
    let apiserver: Vec<_> = report.findings.iter().filter(|f| f.rule == "apiserver-anonymous-auth").collect();
    assert_eq!(apiserver.len(), 1, "{apiserver:#?}");
    assert_eq!(serde_json::to_value(apiserver[0].status).unwrap(), "fail");
    assert_eq!(apiserver[0].fix.as_ref().map(|x| x.applicability), Some(Applicability::DisplayOnly));
    assert!(note(&report, "/etc/kubernetes/manifests/kube-apiserver.yaml").starts_with("not checked: the running"));
}

#[test]
fn a_kubelet_running_without_flags_is_its_unit() {
    let report = run(&[
        ("/proc/812/cmdline", &proc_cmdline(&["/usr/bin/kubelet"])),
        ("/etc/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet\n"),
    ]);
    assert_eq!(report.findings.len(), 1, "one kubelet: {:#?}", report.findings);
    assert_eq!(report.findings[0].location.as_ref().map(|l| l.document), Some(1), "{:#?}", report.findings[0]);
}
