//! The components as the rule model sees them: every command line is its own
//! component (never taken for another), kubeadm's ClusterConfiguration yields each
//! control-plane component's command line, etcd parses flags as Go's `flag` package
//! does, the Kubernetes version comes from the documents, and `select`/`ignore` pick
//! the rules.

use kubecis_core::report::Report;
use kubecis_core::{check, Document, Options};

fn run(docs: &[(&str, &str)], options: Options) -> Result<Report, String> {
    let docs: Vec<Document> = docs.iter().map(|(n, c)| Document::new(*n, *c)).collect();
    check(&docs, &options)
}

fn report(docs: &[(&str, &str)]) -> Report {
    run(docs, Options::default()).unwrap()
}

#[test]
fn a_command_line_of_another_component_is_not_an_apiserver() {
    let ps = "root 2301 2210 1 Nov30 ? 00:10:02 kube-controller-manager --bind-address=127.0.0.1 --profiling=false --use-service-account-credentials=true\n\
              root 2302 2210 1 Nov30 ? 00:10:02 cloud-controller-manager --cloud-provider=aws --authorization-mode=AlwaysAllow\n";
    let r = report(&[("ps.txt", ps)]);
    assert!(r.findings.iter().all(|f| f.component != "kube-apiserver"), "{:?}", r.findings);
    assert_eq!(r.documents[0].component.as_deref(), Some("kube-controller-manager"));
    // The controller manager's flags are its own: none is unknown.
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn kubeadm_cluster_configuration_yields_every_control_plane_component() {
    let config = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.31.2\n\
                  networking:\n  podSubnet: 10.244.0.0/16\nscheduler:\n  extraArgs:\n  - name: profiling\n    value: \"false\"\n";
    let r = report(&[("kubeadm-config.yaml", config)]);
    let components: Vec<&str> = r.documents[0].parts.iter().filter_map(|p| p.component.as_deref()).collect();
    assert_eq!(components, ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"]);
    assert_eq!(r.documents[0].kind, "ClusterConfiguration");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn etcd_parses_flags_as_go_flag_does() {
    // Single-dash long names are etcd's own spelling; `--client-cert-auth false` leaves a
    // positional word, which etcd refuses.
    let ok = "etcd -data-dir /var/lib/etcd --cert-file=/etc/kubernetes/pki/etcd/server.crt -client-cert-auth\n";
    assert!(report(&[("ps.txt", ok)]).errors.is_empty());
    let bad = "etcd --data-dir=/var/lib/etcd --client-cert-auth false --trusted-ca-file=/ca.crt\n";
    let r = report(&[("ps.txt", bad)]);
    assert!(r.errors.iter().any(|e| e.message.contains("stray argument \"false\"")), "{:?}", r.errors);
    let unknown = "etcd --data-dir=/var/lib/etcd --no-such-flag=1\n";
    assert!(report(&[("ps.txt", unknown)]).errors.iter().any(|e| e.message.contains("flag provided but not defined")));
}

#[test]
fn a_flag_removed_in_the_documents_version_stops_the_component() {
    let pod = |tag: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:{tag}\n    command:\n    - kube-apiserver\n    - --insecure-port=0\n    - --authorization-mode=Node,RBAC\n"
        )
    };
    let old = pod("v1.23.17");
    assert!(report(&[("kube-apiserver.yaml", &old)]).errors.is_empty());
    let new = pod("v1.31.2");
    let r = report(&[("kube-apiserver.yaml", &new)]);
    let e = r.errors.iter().find(|e| e.message.contains("--insecure-port was removed in Kubernetes 1.24"));
    assert!(e.is_some_and(|e| e.message.contains("image tag v1.31.2")), "{:?}", r.errors);
    // --kubernetes-version decides over the documents.
    let opts = Options { kubernetes_version: Some("1.22".into()), ..Options::default() };
    assert!(run(&[("kube-apiserver.yaml", &new)], opts).unwrap().errors.is_empty());
    let bad = Options { kubernetes_version: Some("latest".into()), ..Options::default() };
    assert!(run(&[("kube-apiserver.yaml", &new)], bad).is_err());
}

#[test]
fn select_and_ignore_pick_rules_by_slug_or_cis_id() {
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    let rules = |select: &[&str], ignore: &[&str]| {
        let options = Options {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        };
        let r = run(&[("config.yaml", config)], options)?;
        Ok::<_, String>(r.findings.iter().map(|f| f.rule).collect::<Vec<_>>())
    };
    assert_eq!(rules(&["4.2.1"], &[]).unwrap(), ["kubelet-anonymous-auth"]);
    assert_eq!(rules(&["kubelet-authorization-mode"], &[]).unwrap(), ["kubelet-authorization-mode"]);
    let section = rules(&["4.2"], &["kubelet-anonymous-auth"]).unwrap();
    assert!(section.contains(&"kubelet-authorization-mode") && !section.contains(&"kubelet-anonymous-auth"));
    // A control id of another benchmark version is known, and selects nothing here.
    assert!(rules(&["1.2.35"], &[]).unwrap().is_empty());
    let err = rules(&["kubelet-anonymus-auth"], &[]).unwrap_err();
    assert!(err.contains("kubelet-anonymus-auth"), "{err}");
}

#[test]
fn findings_carry_the_selected_benchmarks_title_and_classification() {
    let ps = "root 1 0 0 10:00 ? 00:00:01 kube-apiserver --authorization-mode=Node,RBAC\n";
    let r = run(&[("ps.txt", ps)], Options { benchmark: Some("cis-1.5".into()), ..Options::default() }).unwrap();
    let f = r.findings.iter().find(|f| f.rule == "apiserver-authorization-mode").unwrap();
    assert_eq!(f.cis.as_deref(), Some("1.2.7"));
    assert!(f.automated);
    assert_eq!(f.title, "Ensure that the --authorization-mode argument is not set to AlwaysAllow");
}
