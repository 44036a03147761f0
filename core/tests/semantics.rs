//! How Kubernetes resolves the seed settings, one behaviour per test, on real documents.

use kubecis_core::{check, Document, Options};

/// The rules these behaviours are about: the seed rules.
const SEED_RULES: &[&str] = &["kubelet-anonymous-auth", "kubelet-authorization-mode", "apiserver-authorization-mode"];

fn report(docs: &[(&str, &str)]) -> kubecis_core::Report {
    let docs: Vec<Document> = docs.iter().map(|(n, c)| Document::new(n.to_string(), c.to_string())).collect();
    let select = SEED_RULES.iter().map(|s| s.to_string()).collect();
    check(&docs, &Options { select, ..Options::default() }).unwrap()
}

/// `rule=status` for every finding, in report order.
fn verdicts(docs: &[(&str, &str)]) -> Vec<String> {
    report(docs)
        .findings
        .iter()
        .map(|f| format!("{}={}", f.rule, serde_json::to_value(f.status).unwrap().as_str().unwrap()))
        .collect()
}

const CONFIG_SECURE_BY_OMISSION: &str =
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDomain: cluster.local\n";
const CONFIG_INSECURE: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: AlwaysAllow\n";

#[test]
fn config_file_that_omits_the_fields_is_secure_by_default() {
    assert_eq!(
        verdicts(&[("config.yaml", CONFIG_SECURE_BY_OMISSION)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"]
    );
}

#[test]
fn kubelet_without_config_uses_legacy_defaults() {
    let r = report(&[(
        "ps.txt",
        "root 1 0 0 10:00 ? 00:00:01 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf\n",
    )]);
    let v: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.rule, f.setting.value.clone().unwrap(), format!("{:?}", f.setting.origin)))
        .collect();
    assert_eq!(
        v,
        [
            ("kubelet-anonymous-auth", "true".into(), "Default".into()),
            ("kubelet-authorization-mode", "AlwaysAllow".into(), "Default".into())
        ]
    );
    // The fix appends the flag after the command's last word.
    let fix = r.findings[0].fix.as_ref().unwrap();
    assert_eq!(fix.edits[0].text, " --anonymous-auth=false");
}

#[test]
fn flag_overrides_config_both_ways() {
    let cmd = "kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=false --authorization-mode=AlwaysAllow";
    assert_eq!(
        verdicts(&[("cmdline", cmd), ("/var/lib/kubelet/config.yaml", CONFIG_INSECURE)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=fail"]
    );
    let r = report(&[("cmdline", cmd), ("/var/lib/kubelet/config.yaml", CONFIG_INSECURE)]);
    assert_eq!(r.findings[0].setting.overridden.len(), 1, "the config's value is shown as overridden");
}

#[test]
fn dropins_override_config_and_flags_override_dropins() {
    let cmd = "kubelet --config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d --authorization-mode=Webhook";
    let dropin_a = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: AlwaysAllow\n";
    let dropin_b = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
    // 20-b.conf is read after 10-a.conf, so anonymous auth ends up enabled.
    let docs = [
        ("cmdline", cmd),
        ("var/lib/kubelet/config.yaml", CONFIG_SECURE_BY_OMISSION),
        ("etc/kubernetes/kubelet.conf.d/20-b.conf", dropin_b),
        ("etc/kubernetes/kubelet.conf.d/10-a.conf", dropin_a),
    ];
    assert_eq!(verdicts(&docs), ["kubelet-anonymous-auth=fail", "kubelet-authorization-mode=pass"]);
}

#[test]
fn config_dir_named_but_no_dropin_supplied_is_unknown() {
    let cmd = "kubelet --config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d --anonymous-auth=false";
    assert_eq!(
        verdicts(&[("cmdline", cmd), ("config.yaml", CONFIG_SECURE_BY_OMISSION)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=unknown"]
    );
}

#[test]
fn missing_config_file_is_unknown_but_explicit_flags_still_decide() {
    let cmd = "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --authorization-mode=AlwaysAllow";
    let r = report(&[("cmdline", cmd)]);
    assert_eq!(r.findings[0].status, kubecis_core::report::Status::Unknown);
    assert_eq!(r.findings[0].setting.missing, ["/var/lib/kubelet/config.yaml"]);
    assert_eq!(r.findings[1].status, kubecis_core::report::Status::Fail);
}

#[test]
fn bare_boolean_and_stray_argument() {
    assert_eq!(verdicts(&[("c", "kubelet --config=/c.yaml --anonymous-auth")]).len(), 2);
    let r = report(&[("c", "kubelet --anonymous-auth false --authorization-mode=Webhook")]);
    assert_eq!(r.findings[0].status, kubecis_core::report::Status::Fail);
    assert!(r.findings[0].message.contains("stray argument"), "{}", r.findings[0].message);
    assert!(r.errors.iter().any(|e| e.message.contains("refuses to start")));
    // The fix rewrites both words into one.
    assert_eq!(r.findings[0].fix.as_ref().unwrap().edits[0].text, "--anonymous-auth=false");
}

#[test]
fn parse_bool_spellings_and_last_repetition() {
    for (v, status) in [("F", "pass"), ("0", "pass"), ("FALSE", "pass"), ("t", "fail"), ("1", "fail"), ("True", "fail")]
    {
        let cmd = format!("kubelet --anonymous-auth=true --anonymous-auth={v} --authorization-mode=Webhook");
        assert_eq!(verdicts(&[("c", &cmd)])[0], format!("kubelet-anonymous-auth={status}"), "{v}");
    }
    assert_eq!(verdicts(&[("c", "kubelet --anonymous-auth=yes")])[0], "kubelet-anonymous-auth=fail");
}

#[test]
fn underscores_are_dashes() {
    assert_eq!(
        verdicts(&[("c", "kubelet --anonymous_auth=false --authorization_mode Webhook")]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"]
    );
}

#[test]
fn apiserver_default_is_always_allow_and_slices_append() {
    assert_eq!(
        verdicts(&[("c", "kube-apiserver --etcd-servers=https://127.0.0.1:2379")]),
        ["apiserver-authorization-mode=fail"]
    );
    assert_eq!(
        verdicts(&[("c", "kube-apiserver --authorization-mode Node,RBAC")]),
        ["apiserver-authorization-mode=pass"]
    );
    assert_eq!(
        verdicts(&[("c", "kube-apiserver --authorization-mode=AlwaysAllow --authorization-mode=Node,RBAC")]),
        ["apiserver-authorization-mode=fail"]
    );
    assert_eq!(
        verdicts(&[("c", "kube-apiserver --authorization-mode=Node,RBAC,AlwaysAllow")]),
        ["apiserver-authorization-mode=fail"]
    );
}

#[test]
fn apiserver_authorization_config() {
    let authz = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers:\n- type: Node\n  name: node\n- type: RBAC\n  name: rbac\n";
    let cmd = "kube-apiserver --authorization-config=/etc/kubernetes/authz.yaml";
    assert_eq!(verdicts(&[("c", cmd), ("authz.yaml", authz)]), ["apiserver-authorization-mode=pass"]);
    assert_eq!(verdicts(&[("c", cmd)]), ["apiserver-authorization-mode=unknown"]);
    let both = "kube-apiserver --authorization-config=/etc/kubernetes/authz.yaml --authorization-mode=Node,RBAC";
    assert_eq!(verdicts(&[("c", both), ("authz.yaml", authz)]), ["apiserver-authorization-mode=fail"]);
    let allow = authz.replace("type: RBAC", "type: AlwaysAllow");
    assert_eq!(verdicts(&[("c", cmd), ("authz.yaml", &allow)]), ["apiserver-authorization-mode=fail"]);
}

#[test]
fn kubeadm_cluster_configuration_defaults_to_node_rbac() {
    let v3 = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    audit-log-path: /var/log/audit.log\n";
    assert_eq!(verdicts(&[("kubeadm.yaml", v3)]), ["apiserver-authorization-mode=pass"]);
    let v4 = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n  - name: authorization-mode\n    value: AlwaysAllow\n";
    assert_eq!(verdicts(&[("kubeadm.yaml", v4)]), ["apiserver-authorization-mode=fail"]);
}

#[test]
fn kubeadm_init_configuration_uses_the_streams_kubelet_config() {
    let stream = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: \"false\"\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n";
    assert_eq!(
        verdicts(&[("kubeadm.yaml", stream)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=fail"]
    );
    let init =
        "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs: []\n";
    assert_eq!(verdicts(&[("init.yaml", init)]), ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"]);
    // kubeadm join takes the kubelet config from the cluster's kubelet-config ConfigMap.
    let join = init.replace("InitConfiguration", "JoinConfiguration");
    assert_eq!(
        verdicts(&[("join.yaml", &join)]),
        ["kubelet-anonymous-auth=unknown", "kubelet-authorization-mode=unknown"]
    );
}

#[test]
fn systemd_unit_expands_environment_and_files() {
    let unit = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS --authorization-mode=Webhook\n";
    let env = "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --anonymous-auth=true\"\n";
    let docs = [("10-kubeadm.conf", unit), ("kubeadm-flags.env", env), ("config.yaml", CONFIG_SECURE_BY_OMISSION)];
    let r = report(&docs);
    assert_eq!(verdicts(&docs), ["kubelet-anonymous-auth=fail", "kubelet-authorization-mode=pass"]);
    // The failing flag is located in the env file, and its fix edits the env file.
    assert_eq!(r.findings[0].location.unwrap().document, 1);
    let edit = &r.findings[0].fix.as_ref().unwrap().edits[0];
    assert_eq!((edit.document, &env[edit.start..edit.end], edit.text.as_str()), (1, "true", "false"));
    // Without the env file: the flag it may set after --config is unknown; the explicit one still decides.
    assert_eq!(
        verdicts(&docs[..1].iter().chain(&docs[2..]).copied().collect::<Vec<_>>()),
        ["kubelet-anonymous-auth=unknown", "kubelet-authorization-mode=pass"]
    );
}

#[test]
fn unrelated_documents_are_listed_not_checked() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    let r = report(&[("web.yaml", deployment), ("notes.txt", "the kubelet reads its config from a file\n")]);
    assert!(r.findings.is_empty());
    assert_eq!(r.documents[0].kind, "Unknown");
    assert_eq!(r.documents[1].kind, "Unknown");
    assert!(r.errors.is_empty());
}

#[test]
fn a_broken_document_does_not_lose_the_others() {
    let r = report(&[("bad.yaml", "apiVersion: v1\nkind: [unclosed\n"), ("config.yaml", CONFIG_INSECURE)]);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].document, 0);
    assert_eq!(r.findings.len(), 2);
}

#[test]
fn fixes_change_only_the_offending_bytes_and_then_pass() {
    let json = r#"{"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration", "authentication": {"anonymous": {"enabled": true}}, "authorization": {"mode": "AlwaysAllow"}}"#;
    for (name, content) in [("config.yaml", CONFIG_INSECURE), ("config.json", json)] {
        let r = report(&[(name, content)]);
        let mut edits: Vec<_> =
            r.findings.iter().filter_map(|f| f.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.start));
        let mut fixed = content.to_string();
        for e in &edits {
            fixed.replace_range(e.start..e.end, &e.text);
        }
        assert_eq!(
            verdicts(&[(name, &fixed)]),
            ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"],
            "{fixed}"
        );
    }
}

#[test]
fn an_empty_mode_in_a_config_file_is_defaulted() {
    let config =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: \"\"\n";
    assert_eq!(
        verdicts(&[("config.yaml", config)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"]
    );
    // On the command line the empty value replaces the default and the kubelet refuses it.
    assert_eq!(
        verdicts(&[("c", "kubelet --config=/c.yaml --authorization-mode="), ("c.yaml", config)])[1],
        "kubelet-authorization-mode=fail"
    );
}

#[test]
fn configz_decides_for_the_kubelet_it_comes_from() {
    let cmd = "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml";
    let configz = r#"{"kubeletconfig":{"authentication":{"anonymous":{"enabled":false}},"authorization":{"mode":"AlwaysAllow"}}}"#;
    let r = report(&[("ps.txt", cmd), ("configz.json", configz)]);
    let v: Vec<_> = r.findings.iter().map(|f| (f.rule, f.documents.clone())).collect();
    assert_eq!(v, [("kubelet-anonymous-auth", vec![0, 1]), ("kubelet-authorization-mode", vec![0, 1])]);
    assert_eq!(
        verdicts(&[("ps.txt", cmd), ("configz.json", configz)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=fail"]
    );
}

#[test]
fn hosts_can_say_what_they_found_absent_or_read_whole() {
    let unit = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml --config-dir=/etc/kubernetes/kubelet.conf.d\"\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_EXTRA_ARGS\n";
    let docs: Vec<Document> =
        [("etc/systemd/system/kubelet.service", unit), ("var/lib/kubelet/config.yaml", CONFIG_SECURE_BY_OMISSION)]
            .iter()
            .map(|(n, c)| Document::new(n.to_string(), c.to_string()))
            .collect();
    let statuses = |options: &Options| -> Vec<String> {
        let select = SEED_RULES.iter().map(|s| s.to_string()).collect();
        check(&docs, &Options { select, ..options.clone() })
            .unwrap()
            .findings
            .iter()
            .map(|f| serde_json::to_value(f.status).unwrap().as_str().unwrap().to_string())
            .collect()
    };
    // Without word from the host, the env file and the drop-ins could change anything.
    assert_eq!(statuses(&Options::default()), ["unknown", "unknown"]);
    let options = Options {
        absent_files: vec!["/etc/default/kubelet".into()],
        complete_directories: vec!["/etc/kubernetes/kubelet.conf.d/".into()],
        ..Options::default()
    };
    assert_eq!(statuses(&options), ["pass", "pass"]);
}

#[test]
fn a_later_manifest_of_the_same_static_pod_replaces_the_earlier_one() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - kube-apiserver\n    - --authorization-mode=Node,RBAC\n";
    let backup = pod.replace("Node,RBAC", "AlwaysAllow");
    let docs = [
        ("etc/kubernetes/manifests/kube-apiserver.yaml", pod),
        ("etc/kubernetes/manifests/kube-apiserver.yaml.bak", backup.as_str()),
    ];
    assert_eq!(verdicts(&docs), ["apiserver-authorization-mode=fail"]);
    // In another directory it is another Pod.
    let docs = [("etc/kubernetes/manifests/kube-apiserver.yaml", pod), ("backup/kube-apiserver.yaml", backup.as_str())];
    assert_eq!(verdicts(&docs), ["apiserver-authorization-mode=pass", "apiserver-authorization-mode=fail"]);
}

#[test]
fn an_empty_environment_file_a_unit_names_sets_nothing() {
    let unit = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_EXTRA_ARGS\n";
    for empty in ["", "# set KUBELET_EXTRA_ARGS here\n"] {
        let docs = [
            ("etc/systemd/system/kubelet.service", unit),
            ("etc/default/kubelet", empty),
            ("var/lib/kubelet/config.yaml", CONFIG_SECURE_BY_OMISSION),
        ];
        let r = report(&docs);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(verdicts(&docs), ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=pass"], "{empty:?}");
    }
    // Alone, an empty file is no error either (a repository holds some): a note says so.
    let alone = report(&[("etc/default/kubelet", "")]);
    assert!(alone.errors.is_empty());
    assert!(alone.documents[0].note.as_deref().unwrap().starts_with("empty document"));
}

/// A static Pod's `$(VAR)` from `valueFrom` hides only the value it stands for: the flag
/// whose value it is turns unknown, the others still decide; a whole hidden word may be
/// any flag, so what it could override is unknown.
#[test]
fn static_pod_value_from_hides_only_what_it_stands_for() {
    let pod = |args: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.30.8\n    command:\n    - kube-apiserver\n{args}    env:\n    - name: HIDDEN\n      valueFrom:\n        secretKeyRef: {{name: apiserver-flags, key: value}}\n"
        )
    };
    let run = |args: &str| {
        let docs = [Document::new("etc/kubernetes/manifests/kube-apiserver.yaml", pod(args))];
        let select = ["apiserver-authorization-mode", "apiserver-profiling"].map(String::from).to_vec();
        check(&docs, &Options { select, ..Options::default() }).unwrap()
    };
    let status = |r: &kubecis_core::Report| -> Vec<String> {
        r.findings.iter().map(|f| format!("{}={}", f.rule, serde_json::to_value(f.status).unwrap())).collect()
    };
    let r = run("    - --authorization-mode=Node,RBAC\n    - --profiling=$(HIDDEN)\n");
    assert_eq!(status(&r), ["apiserver-authorization-mode=\"pass\"", "apiserver-profiling=\"unknown\""]);
    assert!(r.findings[1]
        .message
        .contains("$(HIDDEN) (set by valueFrom.secretKeyRef: Secret apiserver-flags, key value)"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // Pointing at the flag's item in the manifest.
    let at = r.findings[1].location.as_ref().unwrap();
    assert_eq!(
        &pod("    - --authorization-mode=Node,RBAC\n    - --profiling=$(HIDDEN)\n")[at.start.offset..at.end.offset],
        "--profiling=$(HIDDEN)"
    );

    // Before a hidden word, a flag may be overridden; after it, it decides.
    let r = run("    - --authorization-mode=Node,RBAC\n    - $(HIDDEN)\n    - --profiling=false\n");
    assert_eq!(status(&r), ["apiserver-authorization-mode=\"unknown\"", "apiserver-profiling=\"pass\""]);
}

/// A Helm or Jinja template is listed with a note and not checked (its values are known
/// once rendered), without an error; an action inside a comment does not make a real
/// config a template, so it cannot hide one.
#[test]
fn templates_are_listed_not_checked_and_comments_hide_nothing() {
    let helm = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --authorization-mode={{ .Values.authz }}\n";
    let r = report(&[("chart/templates/apiserver.yaml", helm)]);
    assert!(r.errors.is_empty() && r.findings.is_empty(), "{:?} {:?}", r.errors, r.findings);
    assert_eq!(r.documents[0].kind, "Template");
    assert!(r.documents[0].note.as_deref().unwrap().contains("template (an action at line 9)"), "{:?}", r.documents[0]);

    let commented = "# rendered from {{ .Values.kubelet }}\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow # was {{ .Values.mode }}\n";
    assert_eq!(
        verdicts(&[("var/lib/kubelet/config.yaml", commented)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=fail"]
    );
}

/// Two nodes' file trees in one folder are two nodes: the second's drop-in is not masked
/// by the first's, and its AlwaysAllow config is read by its own kubelet.
#[test]
fn two_node_trees_are_assembled_apart() {
    let dropin = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n";
    let secure = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: Webhook\n";
    let open =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n";
    let docs = [
        ("nodes/a/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", dropin),
        ("nodes/a/var/lib/kubelet/config.yaml", secure),
        ("nodes/b/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", dropin),
        ("nodes/b/var/lib/kubelet/config.yaml", open),
    ];
    let r = report(&docs);
    let authz: Vec<(Vec<usize>, String)> = r
        .findings
        .iter()
        .filter(|f| f.rule == "kubelet-authorization-mode")
        .map(|f| (f.documents.clone(), serde_json::to_value(f.status).unwrap().as_str().unwrap().to_string()))
        .collect();
    assert_eq!(authz, [(vec![0, 1], "pass".to_string()), (vec![2, 3], "fail".to_string())]);
    let nodes: Vec<Option<&str>> = r.documents.iter().map(|d| d.node.as_deref()).collect();
    assert_eq!(nodes, [Some("nodes/a"), Some("nodes/a"), Some("nodes/b"), Some("nodes/b")]);
    assert!(r.documents.iter().all(|d| !d.note.as_deref().unwrap_or("").contains("masked")), "{:?}", r.documents);
}

/// `# kubecis: ignore[rule] reason` covers the finding on its line (or the next line when
/// it stands alone): the finding is reported as suppressed and leaves pass/fail. A
/// suppression without a reason is not applied, and one that matches nothing is a
/// warning, so none outlives what it was written for unseen.
#[test]
fn inline_suppressions_with_reasons() {
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    # kubecis: ignore[4.2.1] lab cluster, no network access\n    enabled: true\nauthorization:\n  mode: AlwaysAllow # kubecis: ignore[kubelet-authorization-mode]\n";
    let r = report(&[("var/lib/kubelet/config.yaml", config)]);
    let anon = r.findings.iter().find(|f| f.rule == "kubelet-anonymous-auth").unwrap();
    assert_eq!(anon.suppressed.as_ref().unwrap().reason, "lab cluster, no network access");
    assert_eq!(anon.suppressed.as_ref().unwrap().location.start.line, 5);
    let authz = r.findings.iter().find(|f| f.rule == "kubelet-authorization-mode").unwrap();
    assert!(authz.suppressed.is_none(), "no reason: not applied");
    assert_eq!((r.summary.fail, r.summary.suppressed, r.summary.warnings), (1, 1, 1));
    assert!(r.warnings[0].message.contains("has no reason"), "{:?}", r.warnings);

    let stale = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: Webhook # kubecis: ignore[kubelet-authorization-mode, kubelet-typo] was AlwaysAllow\n";
    let r = report(&[("var/lib/kubelet/config.yaml", stale)]);
    let messages: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["suppression names \"kubelet-typo\", which is no rule or CIS id"]);
    let r = report(&[("var/lib/kubelet/config.yaml", &stale.replace(", kubelet-typo", ""))]);
    let messages: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages, ["suppression of kubelet-authorization-mode matches no finding on its line"]);
}

/// go-yaml v2 base64-decodes `!!binary` into the string for every field, `apiVersion`
/// and `kind` too (found by the `go_yaml` fuzz target: the config went unread). A fix
/// cannot write a value in place of base64, so the failing setting gets none.
#[test]
fn binary_scalars_are_their_decoded_strings_everywhere() {
    // kubelet.config.k8s.io/v1beta1, KubeletConfiguration, AlwaysAllow
    let config = "apiVersion: !!binary a3ViZWxldC5jb25maWcuazhzLmlvL3YxYmV0YTE=\nkind: !!binary S3ViZWxldENvbmZpZ3VyYXRpb24=\nauthorization:\n  mode: !!binary QWx3YXlzQWxsb3c=\n";
    assert_eq!(
        verdicts(&[("config.yaml", config)]),
        ["kubelet-anonymous-auth=pass", "kubelet-authorization-mode=fail"]
    );
    let r = report(&[("config.yaml", config)]);
    let f = r.findings.iter().find(|f| f.rule == "kubelet-authorization-mode").unwrap();
    assert!(f.fix.is_none(), "{:?}", f.fix);
}

/// A baseline written from today's findings makes the same findings `baselined` (out of
/// fail/unknown), while a new failing setting still fails and a fixed one is counted.
#[test]
fn a_baseline_holds_what_failed_when_it_was_written() {
    let open =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n";
    let ask = |content: &str, mut options: serde_json::Value| -> serde_json::Value {
        options["select"] = serde_json::json!(["kubelet-anonymous-auth", "kubelet-authorization-mode"]);
        let request = serde_json::json!({"documents": [{"name": "./var/lib/kubelet/config.yaml", "content": content}], "options": options});
        serde_json::from_str(&kubecis_core::check_json(request.to_string().as_bytes())).unwrap()
    };
    let first = ask(open, serde_json::json!({"writeBaseline": true}));
    let baseline = first["baseline"].clone();
    assert_eq!(
        baseline,
        serde_json::json!([{"rule": "kubelet-authorization-mode", "file": "var/lib/kubelet/config.yaml", "setting": "authorization.mode"}])
    );
    let again = ask(open, serde_json::json!({"baseline": baseline}));
    assert_eq!(again["summary"]["fail"], 0, "{}", again["summary"]);
    assert_eq!(again["summary"]["baselined"], 1);
    assert!(again.get("baseline").is_none());
    // A line added above moves the finding, which stays baselined; a new failure does not.
    let worse = format!("# moved\n{open}authentication:\n  anonymous:\n    enabled: true\n");
    let r = ask(&worse, serde_json::json!({"baseline": baseline}));
    assert_eq!(
        (r["summary"]["fail"].as_u64(), r["summary"]["baselined"].as_u64()),
        (Some(1), Some(1)),
        "{}",
        r["summary"]
    );
    let failing: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" && f.get("baselined").is_none())
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failing, ["kubelet-anonymous-auth"]);
    // Fixed since: the entry matches nothing.
    let fixed = open.replace("AlwaysAllow", "Webhook");
    let r = ask(&fixed, serde_json::json!({"baseline": baseline}));
    assert_eq!((r["summary"]["fail"].as_u64(), r["summary"]["baselineFixed"].as_u64()), (Some(0), Some(1)));
}

#[test]
fn omit_passes_leaves_passes_out_of_the_findings_but_counts_them() {
    let docs = [Document::new("config.yaml", CONFIG_SECURE_BY_OMISSION.to_string())];
    let all = check(&docs, &Options::default()).unwrap();
    let lean = check(&docs, &Options { omit_passes: true, ..Options::default() }).unwrap();
    let not_pass = |r: &kubecis_core::Report| -> Vec<String> {
        r.findings
            .iter()
            .filter(|f| f.status != kubecis_core::report::Status::Pass)
            .map(|f| f.rule.to_string())
            .collect()
    };
    assert!(all.summary.pass > 0);
    assert_eq!(lean.summary.pass, all.summary.pass);
    assert_eq!(not_pass(&lean), not_pass(&all));
    assert_eq!(lean.findings.len(), not_pass(&all).len());
}
