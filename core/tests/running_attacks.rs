//! Attacks on the join of a running component with the file that starts it, and on
//! the kube-controller-manager and kube-scheduler rules, written from what Kubernetes
//! and systemd really do (each case cites its source) by someone who did not write them.

use kubecis_core::report::{Applicability, Finding};
use kubecis_core::{check, Document, Options, Report};

fn run_with(docs: &[(&str, &str)], select: &[&str], opts: Options) -> Report {
    let docs: Vec<Document> = docs.iter().map(|(n, c)| Document::new(n.to_string(), c.to_string())).collect();
    let select = select.iter().map(|s| s.to_string()).collect();
    check(&docs, &Options { select, ..opts }).unwrap()
}

fn run(docs: &[(&str, &str)], select: &[&str]) -> Report {
    run_with(docs, select, Options::default())
}

fn kubelet(docs: &[(&str, &str)]) -> Report {
    run(docs, &["kubelet-anonymous-auth"])
}

fn proc_cmdline(words: &[&str]) -> String {
    words.iter().map(|w| format!("{w}\0")).collect()
}

fn note(report: &Report, name: &str) -> String {
    report.documents.iter().find(|d| d.name == name).and_then(|d| d.note.clone()).unwrap_or_default()
}

fn status(f: &Finding) -> String {
    serde_json::to_value(f.status).unwrap().as_str().unwrap().to_string()
}

fn of<'a>(r: &'a Report, rule: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule == rule).collect()
}

fn loc(f: &Finding) -> Option<usize> {
    f.location.as_ref().map(|l| l.document)
}

fn display_only(f: &Finding) -> bool {
    f.fix.as_ref().is_none_or(|x| x.applicability == Applicability::DisplayOnly)
}

fn dump(r: &Report) -> String {
    let notes: Vec<_> = r.documents.iter().map(|d| (d.index, d.name.clone(), d.note.clone())).collect();
    let fs: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.rule,
                status(f),
                loc(f),
                f.documents.clone(),
                f.fix.as_ref().map(|x| (x.applicability, x.edits.iter().map(|e| e.document).collect::<Vec<_>>())),
                f.message.clone(),
            )
        })
        .collect();
    format!("findings: {fs:#?}\nnotes: {notes:#?}\nerrors: {:#?}", r.errors)
}

const CONFIG: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
const UNIT_PATH: &str = "/etc/systemd/system/kubelet.service";

// ---------------------------------------------------------------------------------------
// Joining a running component with its file
// ---------------------------------------------------------------------------------------

/// systemd passes the ExecStart= path as argv[0] (systemd.service(5), "Command lines":
/// "the first argument ... is the path of the executable"; argv[0] differs only with the
/// `@` prefix). A process whose argv[0] is /opt/kubelet-1.27/kubelet was not started by a
/// unit whose ExecStart= names /usr/bin/kubelet, even when the flags match: editing the
/// unit's env file does not change the binary that runs, so the fix must not be applied
/// there as if the file started it.
#[test]
fn different_program_same_words_is_not_joined() {
    let cmdline =
        proc_cmdline(&["/opt/kubelet-1.27/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let r = kubelet(&[("/proc/812/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "the process decides, not the unit of another program: {}", dump(&r));
    assert!(display_only(fs[0]), "{}", dump(&r));
}

/// `hyperkube kubelet ...` runs the kubelet through hyperkube (cmd/hyperkube/main.go): a
/// unit that runs /usr/bin/kubelet with the same flags did not start it.
#[test]
fn hyperkube_process_is_not_joined_with_plain_kubelet_unit() {
    let cmdline = proc_cmdline(&[
        "/usr/local/bin/hyperkube",
        "kubelet",
        "--config=/var/lib/kubelet/config.yaml",
        "--anonymous-auth=true",
    ]);
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let r = kubelet(&[("/proc/812/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "{}", dump(&r));
    assert!(display_only(fs[0]), "{}", dump(&r));
}

/// Same hyperkube invocation in the unit and the process: that is the unit that started it.
#[test]
fn hyperkube_unit_and_process_are_joined() {
    let cmdline = proc_cmdline(&[
        "/usr/local/bin/hyperkube",
        "kubelet",
        "--config=/var/lib/kubelet/config.yaml",
        "--anonymous-auth=true",
    ]);
    let unit = "[Service]\nExecStart=/usr/local/bin/hyperkube kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let r = kubelet(&[("/proc/812/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}

/// A kubelet with no flags at all, started by a unit with no flags: one kubelet, one
/// finding (anonymous auth defaults to true on the command line: cmd/kubelet/app/options).
#[test]
fn flagless_process_and_flagless_unit_are_one_kubelet() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet"]);
    let unit = "[Service]\nExecStart=/usr/bin/kubelet\n";
    let r = kubelet(&[("/proc/812/cmdline", &cmdline), (UNIT_PATH, unit)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "one running kubelet, not two: {}", dump(&r));
}

/// systemd: WorkingDirectory= sets the cwd (systemd.exec(5)); the kubelet opens a relative
/// --config against its cwd (cmd/kubelet/app/server.go loadConfigFile). The words are equal
/// so the unit is joined and the config found in the working directory decides.
#[test]
fn working_directory_relative_config_joined_and_read() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=config.yaml"]);
    let unit = "[Service]\nWorkingDirectory=/var/lib/kubelet\nExecStart=/usr/bin/kubelet --config=config.yaml\n";
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
    let r = kubelet(&[("/proc/812/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", config)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(status(fs[0]), "fail", "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(2), "{}", dump(&r));
}

/// The kubeadm layout: the drop-in resets ExecStart= and sets a new one
/// (systemd.service(5): "If the empty string is assigned to this option, the list of
/// commands to start is reset"). The process runs the drop-in's words: joined, fixed in
/// the env file that holds the flag.
#[test]
fn dropin_execstart_reset_is_what_runs() {
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=false\n";
    let dropin = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS\n";
    let env = "KUBELET_KUBEADM_ARGS=\"--anonymous-auth=true\"\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("/lib/systemd/system/kubelet.service", unit),
        ("/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", dropin),
        ("/var/lib/kubelet/kubeadm-flags.env", env),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(status(fs[0]), "fail", "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(3), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}

/// Two kubelet units (one left from an older install, e.g. kubelet-old.service with the
/// same words): one process. One finding, and the unit that was not joined must not be
/// told it "starts other words" when it starts the very same words.
#[test]
fn two_units_same_words_one_finding_and_honest_note() {
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/etc/systemd/system/kubelet-old.service", unit),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    let other = note(&r, "/etc/systemd/system/kubelet-old.service");
    assert!(!other.contains("starts other words"), "it starts the same words: {other}");
}

/// Two kubelet units with different words, one process matching the second: one finding,
/// located in the unit that matches; the other is not checked on its own.
#[test]
fn two_units_one_matches_no_duplicate() {
    let old = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=false\n";
    let new = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("/etc/systemd/system/kubelet-old.service", old),
        (UNIT_PATH, new),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "one kubelet runs: {}", dump(&r));
    assert_eq!(status(fs[0]), "fail");
    assert_eq!(loc(fs[0]), Some(2), "{}", dump(&r));
}

/// systemd reads EnvironmentFile= at start (systemd.exec(5)); an env file changed since then
/// yields other words: must not be joined (display-only, what runs decides).
#[test]
fn env_file_changed_since_start_not_joined() {
    let unit = "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--anonymous-auth=true", "--config=/var/lib/kubelet/config.yaml"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/etc/default/kubelet", "KUBELET_EXTRA_ARGS=--config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "{}", dump(&r));
    assert!(display_only(fs[0]));
}

/// systemd quoting: "..." and '...' are removed, the word kept whole (systemd.service(5)
/// "Command lines"). Expanding to the same words: joined.
#[test]
fn quoting_that_expands_to_same_words_is_joined() {
    let unit = "[Service]\nExecStart=/usr/bin/kubelet \"--config=/var/lib/kubelet/config.yaml\" '--anonymous-auth=true' \"--node-labels=a=b c\"\n";
    let cmdline = proc_cmdline(&[
        "/usr/bin/kubelet",
        "--config=/var/lib/kubelet/config.yaml",
        "--anonymous-auth=true",
        "--node-labels=a=b c",
    ]);
    let r = kubelet(&[("/proc/900/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}

/// Looks the same, differs: unquoted `--node-labels=a=b c` in the unit is two words, the
/// process holds one word with a space. Not what started it.
#[test]
fn quoting_that_looks_same_but_differs_is_not_joined() {
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true --node-labels=a=b c\n";
    let cmdline = proc_cmdline(&[
        "/usr/bin/kubelet",
        "--config=/var/lib/kubelet/config.yaml",
        "--anonymous-auth=true",
        "--node-labels=a=b c",
    ]);
    let r = kubelet(&[("/proc/900/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "{}", dump(&r));
    assert!(display_only(fs[0]));
}

/// systemd.service(5): "$FOO as a separate word ... is split at whitespace into zero or more
/// arguments"; "${FOO}" is one word. The env value holds two flags: `$VAR` gives two words
/// (joined with a two-word process), `${VAR}` gives one word (not joined).
#[test]
fn dollar_var_splits_and_is_joined() {
    let unit = "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $ARGS\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/etc/default/kubelet", "ARGS=\"--config=/var/lib/kubelet/config.yaml --anonymous-auth=true\"\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(2), "{}", dump(&r));
    assert!(!display_only(fs[0]));
}

#[test]
fn braced_var_is_one_word_and_is_not_joined_with_two_words() {
    let unit = "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet ${ARGS}\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/etc/default/kubelet", "ARGS=\"--config=/var/lib/kubelet/config.yaml --anonymous-auth=true\"\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "{}", dump(&r));
    assert!(display_only(fs[0]));
}

/// `${VAR}` with a one-flag value is the same one word: joined.
#[test]
fn braced_var_one_flag_is_joined() {
    let unit = "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml ${ARGS}\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/etc/default/kubelet", "ARGS=--anonymous-auth=true\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(2), "{}", dump(&r));
    assert!(!display_only(fs[0]));
}

/// An optional env file the host looked for and did not find is empty (systemd.exec(5):
/// "-" prefix: a missing file is not an error). `$ARGS` unset: zero words. Joined.
#[test]
fn absent_optional_env_file_is_empty_and_joined() {
    let unit = "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true $ARGS\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = run_with(
        &[("/proc/900/cmdline", &cmdline), (UNIT_PATH, unit), ("/var/lib/kubelet/config.yaml", CONFIG)],
        &["kubelet-anonymous-auth"],
        Options { absent_files: vec!["/etc/default/kubelet".into()], ..Options::default() },
    );
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}

const APISERVER_MANIFEST: &str = "/etc/kubernetes/manifests/kube-apiserver.yaml";

fn apiserver_pod(container: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.31.2\n{container}")
}

/// The kubelet expands $(VAR) in command and args from the container's env
/// (pkg/kubelet/kuberuntime/kuberuntime_container.go -> kubecontainer.ExpandContainerCommandAndArgs,
/// third_party/forked/golang/expansion). Expanded words equal: joined.
#[test]
fn static_pod_dollar_paren_expansion_is_joined() {
    let pod = apiserver_pod("    env:\n    - name: ANON\n      value: \"true\"\n    command:\n    - kube-apiserver\n    - --anonymous-auth=$(ANON)\n    - --authorization-mode=Node,RBAC\n");
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let r = run(&[("/proc/3120/cmdline", &cmdline), (APISERVER_MANIFEST, &pod)], &["apiserver-anonymous-auth"]);
    let fs = of(&r, "apiserver-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(status(fs[0]), "fail", "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
}

/// `$$(ANON)` is the literal `$(ANON)` (expansion.go: "$$" escapes): the process got the
/// literal; the manifest does not start `--anonymous-auth=true`.
#[test]
fn static_pod_escaped_dollar_is_not_joined_with_expanded_value() {
    let pod = apiserver_pod("    env:\n    - name: ANON\n      value: \"true\"\n    command:\n    - kube-apiserver\n    - --anonymous-auth=$$(ANON)\n    - --authorization-mode=Node,RBAC\n");
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let r = run(&[("/proc/3120/cmdline", &cmdline), (APISERVER_MANIFEST, &pod)], &["apiserver-anonymous-auth"]);
    let fs = of(&r, "apiserver-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(0), "{}", dump(&r));
    assert!(display_only(fs[0]));
}

/// The container runs command followed by args (Pod API: "args ... to the entrypoint").
/// Split across both, same words: joined.
#[test]
fn static_pod_command_and_args_split_is_joined() {
    let pod = apiserver_pod("    command:\n    - kube-apiserver\n    - --anonymous-auth=true\n    args:\n    - --authorization-mode=Node,RBAC\n");
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let r = run(&[("/proc/3120/cmdline", &cmdline), (APISERVER_MANIFEST, &pod)], &["apiserver-anonymous-auth"]);
    let fs = of(&r, "apiserver-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}

/// Two static Pods of the apiserver (a backup copy with other words) and one process:
/// one apiserver runs, one finding, located in the manifest that starts it.
#[test]
fn backup_manifest_with_other_words_not_a_second_apiserver() {
    let pod = apiserver_pod(
        "    command:\n    - kube-apiserver\n    - --anonymous-auth=true\n    - --authorization-mode=Node,RBAC\n",
    );
    let bak = apiserver_pod(
        "    command:\n    - kube-apiserver\n    - --anonymous-auth=false\n    - --authorization-mode=Node,RBAC\n",
    );
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let r = run(
        &[
            ("/proc/3120/cmdline", &cmdline),
            (APISERVER_MANIFEST, &pod),
            ("/etc/kubernetes/kube-apiserver.yaml.bak", &bak),
        ],
        &["apiserver-anonymous-auth"],
    );
    let fs = of(&r, "apiserver-anonymous-auth");
    assert_eq!(fs.len(), 1, "one apiserver runs: {}", dump(&r));
    assert_eq!(status(fs[0]), "fail");
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
}

/// Two identical manifests (a backup copy) and one process: one finding.
#[test]
fn backup_manifest_identical_one_finding() {
    let pod = apiserver_pod(
        "    command:\n    - kube-apiserver\n    - --anonymous-auth=true\n    - --authorization-mode=Node,RBAC\n",
    );
    let cmdline = proc_cmdline(&["kube-apiserver", "--anonymous-auth=true", "--authorization-mode=Node,RBAC"]);
    let r = run(
        &[
            ("/proc/3120/cmdline", &cmdline),
            (APISERVER_MANIFEST, &pod),
            ("/etc/kubernetes/kube-apiserver.yaml.bak", &pod),
        ],
        &["apiserver-anonymous-auth"],
    );
    let fs = of(&r, "apiserver-anonymous-auth");
    assert_eq!(fs.len(), 1, "one apiserver runs: {}", dump(&r));
    assert!(!note(&r, "/etc/kubernetes/kube-apiserver.yaml.bak").contains("starts other words"), "{}", dump(&r));
}

/// A ps listing of several components, each started by its own file: each joined, no
/// finding lost, none twice.
#[test]
fn ps_listing_with_several_components_each_joined() {
    let ps = "UID          PID    PPID  C STIME TTY          TIME CMD\n\
root        1843       1  3 Mar11 ?        04:12:09 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n\
root        2215    2150  7 09:02 ?        01:12:40 kube-apiserver --anonymous-auth=true --authorization-mode=Node,RBAC\n\
root        2216    2150  1 09:02 ?        00:12:40 kube-controller-manager --bind-address=0.0.0.0\n";
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let pod = apiserver_pod(
        "    command:\n    - kube-apiserver\n    - --anonymous-auth=true\n    - --authorization-mode=Node,RBAC\n",
    );
    let r = run(
        &[("ps.txt", ps), (UNIT_PATH, unit), (APISERVER_MANIFEST, &pod), ("/var/lib/kubelet/config.yaml", CONFIG)],
        &["kubelet-anonymous-auth", "apiserver-anonymous-auth", "controller-manager-bind-address"],
    );
    let k = of(&r, "kubelet-anonymous-auth");
    let a = of(&r, "apiserver-anonymous-auth");
    let c = of(&r, "controller-manager-bind-address");
    assert_eq!((k.len(), a.len(), c.len()), (1, 1, 1), "{}", dump(&r));
    assert_eq!(loc(k[0]), Some(1), "{}", dump(&r));
    assert_eq!(loc(a[0]), Some(2), "{}", dump(&r));
    assert_eq!(loc(c[0]), Some(0), "{}", dump(&r));
    assert_eq!(status(c[0]), "fail");
    assert!(display_only(c[0]));
    // The ps listing's note must mention both joins, not just one of them.
    let n = note(&r, "ps.txt");
    assert!(n.contains("kubelet") && n.contains("kube-apiserver"), "{n}");
}

/// kubeadm's InitConfiguration nodeRegistration.kubeletExtraArgs is a generator's input:
/// it is its own instance, not joined and not dropped when a kubelet runs.
#[test]
fn kubeadm_config_alongside_running_kubelet_stays_its_own_instance() {
    let kubeadm = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: \"true\"\n";
    let cmdline =
        proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=false"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("kubeadm-config.yaml", kubeadm),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 2, "{}", dump(&r));
    assert!(fs.iter().any(|f| loc(f) == Some(1) && status(f) == "fail"), "{}", dump(&r));
    assert!(fs.iter().any(|f| status(f) == "pass" && f.documents.contains(&0)), "{}", dump(&r));
    assert!(!note(&r, "kubeadm-config.yaml").starts_with("not checked"), "{}", dump(&r));
}

/// kubeadm config with the same words as the running kubelet: still not joined (not what
/// starts the process), still checked.
#[test]
fn kubeadm_config_with_unit_and_running_kubelet() {
    let kubeadm = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n    anonymous-auth: \"true\"\n";
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("kubeadm-config.yaml", kubeadm),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 2, "{}", dump(&r));
    assert!(fs.iter().any(|f| loc(f) == Some(1)), "{}", dump(&r));
    assert!(fs.iter().any(|f| loc(f) == Some(2)), "{}", dump(&r));
}

/// /configz is what the running kubelet uses (pkg/kubelet/kubelet_server... configz
/// registered with the effective KubeletConfiguration). The file on disk was edited since
/// (enabled: false), the running one has enabled: true: the kubelet is failing; the
/// fix cannot be "applied" in a config that already says false.
#[test]
fn configz_of_running_kubelet_beats_edited_config_file() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml"]);
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n";
    let file = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n";
    let configz = "{\"kubeletconfig\":{\"authentication\":{\"anonymous\":{\"enabled\":true},\"webhook\":{\"enabled\":true}},\"authorization\":{\"mode\":\"Webhook\"}}}";
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        (UNIT_PATH, unit),
        ("/var/lib/kubelet/config.yaml", file),
        ("configz.json", configz),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert!(!fs.is_empty(), "{}", dump(&r));
    assert!(fs.iter().any(|f| status(f) == "fail"), "the running kubelet allows anonymous: {}", dump(&r));
    for f in fs.iter().filter(|f| status(f) == "fail") {
        assert!(
            display_only(f) || f.fix.as_ref().is_none_or(|x| x.edits.iter().all(|e| e.document != 2)),
            "{}",
            dump(&r)
        );
    }
}

/// A /proc/cmdline and a ps line of the same kubelet (pid 900 in both), plus the unit: one
/// kubelet, one finding.
#[test]
fn proc_and_ps_of_same_process_and_unit_one_finding() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let ps = "root         900       1  2 Mar03 ?        01:12:45 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("ps.txt", ps),
        (UNIT_PATH, unit),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(2), "{}", dump(&r));
}

/// A pasted command line (kubelet-args.txt, not a snapshot, not a unit) is not what starts
/// the process: it must not swallow the running kubelet as its "file".
#[test]
fn pasted_text_is_not_a_starter() {
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("notes/kubelet-args.txt", "/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n"),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    // The process is not joined with the pasted text: its finding stays on the process.
    let on_process: Vec<_> = fs.iter().filter(|f| f.documents.contains(&0)).collect();
    assert_eq!(on_process.len(), 1, "{}", dump(&r));
    assert_eq!(loc(on_process[0]), Some(0), "{}", dump(&r));
    assert!(display_only(on_process[0]), "{}", dump(&r));
}

// ---------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------

fn kcm(args: &[&str], rule: &str) -> (String, Report) {
    let mut words = vec!["kube-controller-manager"];
    words.extend_from_slice(args);
    let cmdline = proc_cmdline(&words);
    let r = run(&[("/proc/2216/cmdline", &cmdline)], &[rule]);
    let fs = of(&r, rule);
    assert_eq!(fs.len(), 1, "{args:?}: {}", dump(&r));
    (status(fs[0]), r)
}

fn sched(args: &[&str]) -> (String, Report) {
    let mut words = vec!["kube-scheduler"];
    words.extend_from_slice(args);
    let cmdline = proc_cmdline(&words);
    let r = run(&[("/proc/2217/cmdline", &cmdline)], &["scheduler-bind-address"]);
    let fs = of(&r, "scheduler-bind-address");
    assert_eq!(fs.len(), 1, "{args:?}: {}", dump(&r));
    (status(fs[0]), r)
}

const BIND: &str = "controller-manager-bind-address";

/// bind-address is pflag IPVar (k8s.io/apiserver/pkg/server/options/serving.go AddFlags);
/// the default is 0.0.0.0; net.IP.IsLoopback treats 127/8, ::1 and ::ffff:127.0.0.1 as
/// loopback (go/src/net/ip.go).
#[test]
fn bind_address_loopback_forms_pass() {
    for a in ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"] {
        let (s, r) = kcm(&[&format!("--bind-address={a}")], BIND);
        assert_eq!(s, "pass", "{a}: {}", dump(&r));
        let (s, r) = sched(&[&format!("--bind-address={a}")]);
        assert_eq!(s, "pass", "{a}: {}", dump(&r));
    }
}

#[test]
fn bind_address_all_interfaces_and_default_fail() {
    for args in [vec!["--bind-address=0.0.0.0"], vec!["--bind-address=::"], vec!["--bind-address=10.0.0.5"], vec![]] {
        let (s, r) = kcm(&args, BIND);
        assert_eq!(s, "fail", "{args:?}: {}", dump(&r));
        let (s, r) = sched(&args);
        assert_eq!(s, "fail", "{args:?}: {}", dump(&r));
    }
}

/// pflag ipValue.Set (github.com/spf13/pflag ip.go) uses net.ParseIP: `localhost` and the
/// empty string are refused, the component exits. It is not bound to the loopback: never pass.
#[test]
fn bind_address_localhost_or_empty_never_passes() {
    for a in ["localhost", ""] {
        let (s, r) = kcm(&[&format!("--bind-address={a}")], BIND);
        assert_ne!(s, "pass", "{a:?}: {}", dump(&r));
    }
}

/// pflag: a repeated flag's last value wins (flag.go Set each time).
#[test]
fn bind_address_repeated_last_wins() {
    let (s, r) = kcm(&["--bind-address=127.0.0.1", "--bind-address=0.0.0.0"], BIND);
    assert_eq!(s, "fail", "{}", dump(&r));
    let (s, r) = kcm(&["--bind-address=0.0.0.0", "--bind-address=127.0.0.1"], BIND);
    assert_eq!(s, "pass", "{}", dump(&r));
}

/// pflag: a non-boolean flag takes the next word as its value (flag.go parseLongArg).
#[test]
fn bind_address_space_form() {
    let (s, r) = kcm(&["--bind-address", "127.0.0.1"], BIND);
    assert_eq!(s, "pass", "{}", dump(&r));
    let (s, r) = sched(&["--bind-address", "0.0.0.0"]);
    assert_eq!(s, "fail", "{}", dump(&r));
}

const GC: &str = "controller-manager-terminated-pod-gc-threshold";

/// pkg/controller/podgc/gc_controller.go: gcTerminated runs only when threshold > 0.
#[test]
fn gc_threshold_zero_and_negative_fail() {
    for v in ["0", "-1"] {
        let (s, r) = kcm(&[&format!("--terminated-pod-gc-threshold={v}")], GC);
        assert_eq!(s, "fail", "{v}: {}", dump(&r));
    }
}

/// Int32Var -> strconv.ParseInt(s, 0, 32) (pflag int32.go): base 0 accepts 0x10 (= 16).
#[test]
fn gc_threshold_hex_is_sixteen() {
    let (s, r) = kcm(&["--terminated-pod-gc-threshold=0x10"], GC);
    assert_eq!(s, "unknown", "{}", dump(&r));
    let m = &of(&r, GC)[0].message;
    assert!(m.contains("16"), "0x10 is 16 to pflag: {m}");
}

/// `abc` and 99999999999 (out of int32) are refused by pflag: the controller manager does
/// not start. Not a judgement call on a number: fail (or an error), never a plain unknown
/// with a threshold.
#[test]
fn gc_threshold_unparsable_or_huge_refused() {
    for v in ["abc", "99999999999", "2147483648"] {
        let (s, r) = kcm(&[&format!("--terminated-pod-gc-threshold={v}")], GC);
        assert_eq!(s, "fail", "{v}: {}", dump(&r));
    }
}

#[test]
fn gc_threshold_int32_max_is_fine() {
    let (s, r) = kcm(&["--terminated-pod-gc-threshold=2147483647"], GC);
    assert_eq!(s, "unknown", "{}", dump(&r));
}

const GATE: &str = "controller-manager-rotate-kubelet-server-certificate";

/// component-base/cli/flag/map_string_bool.go: later pairs override earlier ones.
#[test]
fn gate_false_then_true_is_true() {
    let (s, r) =
        kcm(&["--feature-gates=RotateKubeletServerCertificate=false,RotateKubeletServerCertificate=true"], GATE);
    assert_eq!(s, "pass", "{}", dump(&r));
    let (s, r) = kcm(
        &[
            "--feature-gates=RotateKubeletServerCertificate=false",
            "--feature-gates=RotateKubeletServerCertificate=true",
        ],
        GATE,
    );
    assert_eq!(s, "pass", "{}", dump(&r));
    let (s, r) =
        kcm(&["--feature-gates=RotateKubeletServerCertificate=true,RotateKubeletServerCertificate=false"], GATE);
    assert_eq!(s, "fail", "{}", dump(&r));
}

/// component-base/featuregate/feature_gate.go SetFromMap: names are case-sensitive; an
/// unknown one is "unrecognized feature gate" and the component exits. Never pass.
#[test]
fn gate_lowercase_is_refused() {
    let (s, r) = kcm(&["--feature-gates=rotatekubeletservercertificate=false"], GATE);
    assert_ne!(s, "pass", "{}", dump(&r));
}

#[test]
fn gate_default_passes_and_other_gates_ignored() {
    let (s, r) = kcm(&[], GATE);
    assert_eq!(s, "pass", "{}", dump(&r));
    let (s, r) = kcm(&["--feature-gates=SomeOther=true"], GATE);
    assert_ne!(s, "fail", "{}", dump(&r));
}

const SAC: &str = "controller-manager-use-service-account-credentials";

/// pflag BoolVar -> strconv.ParseBool: 1, t, T, TRUE, true, True are true.
#[test]
fn sac_go_true_spellings_pass() {
    for v in ["1", "t", "T", "TRUE", "true", "True"] {
        let (s, r) = kcm(&[&format!("--use-service-account-credentials={v}")], SAC);
        assert_eq!(s, "pass", "{v}: {}", dump(&r));
    }
}

/// ParseBool rejects yes, tRUE, on: the controller manager refuses to start.
#[test]
fn sac_non_go_spellings_never_pass() {
    for v in ["yes", "tRUE", "on", "y"] {
        let (s, r) = kcm(&[&format!("--use-service-account-credentials={v}")], SAC);
        assert_ne!(s, "pass", "{v}: {}", dump(&r));
    }
}

#[test]
fn sac_default_and_false_fail() {
    for args in [vec![], vec!["--use-service-account-credentials=false"], vec!["--use-service-account-credentials=0"]] {
        let (s, r) = kcm(&args, SAC);
        assert_eq!(s, "fail", "{args:?}: {}", dump(&r));
    }
}

/// Boolean flags do not take the next word (pflag NoOptDefVal "true"): `--flag false` is
/// true plus a stray argument, which the controller manager refuses
/// (cmd/kube-controller-manager/app/controllermanager.go Args: "does not take any arguments").
#[test]
fn sac_space_form_false_never_passes_silently() {
    let (s, r) = kcm(&["--use-service-account-credentials", "false"], SAC);
    assert_ne!(s, "pass", "{}", dump(&r));
}

/// Repeated bool flag: last wins.
#[test]
fn sac_repeated_last_wins() {
    let (s, r) = kcm(&["--use-service-account-credentials=true", "--use-service-account-credentials=false"], SAC);
    assert_eq!(s, "fail", "{}", dump(&r));
}

#[test]
fn key_files_set_empty_and_absent() {
    for rule in ["controller-manager-service-account-private-key-file", "controller-manager-root-ca-file"] {
        let flag = if rule.ends_with("root-ca-file") { "--root-ca-file" } else { "--service-account-private-key-file" };
        let (s, r) = kcm(&[&format!("{flag}=/etc/kubernetes/pki/x.key")], rule);
        assert_eq!(s, "pass", "{rule}: {}", dump(&r));
        let (s, r) = kcm(&[], rule);
        assert_eq!(s, "fail", "{rule}: {}", dump(&r));
        let (s, r) = kcm(&[&format!("{flag}=")], rule);
        assert_eq!(s, "fail", "{rule} empty: {}", dump(&r));
    }
}

/// A kube-controller-manager static Pod joined with its process: the rule's finding is
/// located in the manifest with an applied fix.
#[test]
fn kcm_static_pod_and_process_joined_for_new_rules() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-controller-manager\n    image: registry.k8s.io/kube-controller-manager:v1.31.2\n    command:\n    - kube-controller-manager\n    - --bind-address=0.0.0.0\n    - --terminated-pod-gc-threshold=0\n";
    let cmdline =
        proc_cmdline(&["kube-controller-manager", "--bind-address=0.0.0.0", "--terminated-pod-gc-threshold=0"]);
    let r = run(
        &[("/proc/2216/cmdline", &cmdline), ("/etc/kubernetes/manifests/kube-controller-manager.yaml", pod)],
        &[BIND, GC],
    );
    for rule in [BIND, GC] {
        let fs = of(&r, rule);
        assert_eq!(fs.len(), 1, "{rule}: {}", dump(&r));
        assert_eq!(status(fs[0]), "fail", "{rule}: {}", dump(&r));
        assert_eq!(loc(fs[0]), Some(1), "{rule}: {}", dump(&r));
        if rule == GC {
            continue; // the fix itself: gc_threshold_zero_offers_a_fix
        }
        assert!(!display_only(fs[0]), "{rule}: {}", dump(&r));
        assert!(fs[0].fix.as_ref().unwrap().edits.iter().all(|e| e.document == 1), "{rule}: {}", dump(&r));
    }
}

/// A failing 0 (the collector off, gc_controller.go) has no automatic fix: the number is
/// the user's to choose, so the finding says how in its remediation instead.
#[test]
fn gc_threshold_zero_says_how_to_fix_it() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-controller-manager\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-controller-manager\n    image: registry.k8s.io/kube-controller-manager:v1.31.2\n    command:\n    - kube-controller-manager\n    - --terminated-pod-gc-threshold=0\n";
    let r = run(&[("/etc/kubernetes/manifests/kube-controller-manager.yaml", pod)], &[GC]);
    let fs = of(&r, GC);
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(status(fs[0]), "fail");
    assert!(fs[0].fix.is_none(), "{}", dump(&r));
    assert!(fs[0].remediation.contains("--terminated-pod-gc-threshold"), "{}", dump(&r));
}

/// A script that execs the kubelet is what starts it (the change names scripts as
/// starters): same words, joined, fixed in the script.
#[test]
fn script_that_execs_kubelet_is_joined() {
    let script = "#!/bin/sh\nexec /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --anonymous-auth=true\n";
    let cmdline = proc_cmdline(&["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"]);
    let r = kubelet(&[
        ("/proc/900/cmdline", &cmdline),
        ("/usr/local/bin/start-kubelet.sh", script),
        ("/var/lib/kubelet/config.yaml", CONFIG),
    ]);
    let fs = of(&r, "kubelet-anonymous-auth");
    assert_eq!(fs.len(), 1, "{}", dump(&r));
    assert_eq!(loc(fs[0]), Some(1), "{}", dump(&r));
    assert!(!display_only(fs[0]), "{}", dump(&r));
}
