//! `kubecis node --root DIR`: every node fixture under `tests/nodes/<name>/` (a copy of
//! a node's filesystem with an `expected.json` of verdicts, as in `tests/cases`) gives
//! exactly its verdicts, and the scan's edges (missing root, unreadable files, links
//! leaving the root, the files-read list) behave.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// `tests/nodes`, or `$KUBECIS_NODES_DIR` (to run held-out fixtures).
fn nodes_root() -> PathBuf {
    match std::env::var_os("KUBECIS_NODES_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/nodes"),
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(nodes_root())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.join("expected.json").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn verdicts(list: &Value) -> BTreeMap<(String, String, String), usize> {
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("-").to_string();
    let mut out = BTreeMap::new();
    for v in list.as_array().into_iter().flatten() {
        *out.entry((field(v, "status"), field(v, "cis"), field(v, "rule"))).or_insert(0) += 1;
    }
    out
}

#[test]
fn node_fixtures_give_their_expected_verdicts() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 6, "expected at least 6 node fixtures in {}", nodes_root().display());
    let mut failures = Vec::new();
    for dir in &fixtures {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value = serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        let benchmark = expected["benchmark"].as_str().unwrap_or("cis-1.12");
        // `options.select` as in tests/cases: the rules the fixture was written for.
        let select: Vec<&str> =
            expected["options"]["select"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let select = format!("--select={}", select.join(","));
        let mut args = vec!["node", "--root", dir.to_str().unwrap(), "--format", "json", "--benchmark", benchmark];
        if select != "--select=" {
            args.push(&select);
        }
        let out = run(&args);
        let report: Value = match serde_json::from_slice(&out.stdout) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: no JSON ({e})\n{}", describe(&out)));
                continue;
            }
        };
        let (want, got) = (verdicts(&expected["verdicts"]), verdicts(&report["findings"]));
        if want != got {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}\n  documents {}", report["documents"]));
        }
        // Documents are named by their path on the node.
        for d in report["documents"].as_array().unwrap() {
            let n = d["name"].as_str().unwrap();
            if !n.starts_with('/') {
                failures.push(format!("{name}: document {n} is not named by its node path"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let (src, dst) = (e.path(), to.join(e.file_name()));
        let ty = e.file_type().unwrap();
        if ty.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if ty.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/nodes").join(name)
}

#[test]
fn text_output_lists_the_files_read_on_stderr() {
    let root = fixture("kubeadm-control-plane");
    let out = run(&["node", SEED, "--root", root.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let err = stderr(&out);
    // Each file with how the core used it: the running processes are checked from the
    // unit and the manifest that start them word for word.
    let line = |name: &str| err.lines().find(|l| l.trim_start().starts_with(name)).unwrap_or("").to_string();
    assert!(
        line("/proc/1187/cmdline").contains("the running kubelet: /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf starts exactly this command line"),
        "{err}"
    );
    assert!(
        line("/proc/2301/cmdline")
            .contains("the running kube-apiserver: /etc/kubernetes/manifests/kube-apiserver.yaml starts"),
        "{err}"
    );
    assert!(line("/var/lib/kubelet/config.yaml").contains("read as the kubelet's --config"), "{err}");
    assert!(stdout(&out).contains("0 fail, 3 pass (not shown: --show-passes), 0 unknown"), "{}", describe(&out));
    assert!(!stdout(&out).contains("Read 4 files"), "listed once, on stderr: {}", describe(&out));
    // --quiet drops the list and the passes; JSON keeps stderr clean.
    let out = run(&["node", SEED, "--root", root.to_str().unwrap(), "--quiet"]);
    assert!(stderr(&out).is_empty(), "{}", describe(&out));
    assert!(!stdout(&out).contains("pass ["), "{}", describe(&out));
    let out = run(&["node", "--root", root.to_str().unwrap(), "--format", "json"]);
    assert!(stderr(&out).is_empty(), "{}", describe(&out));
}

#[test]
fn the_absent_optional_env_file_decides() {
    // Without the absent /etc/default/kubelet known to be absent, the flag it could
    // set would leave the verdict unknown; `node` tells the core it looked.
    let out = run(&["node", SEED, "--root", fixture("optional-env-file-absent").to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["status"] != "unknown"), "{report}");
    // The same documents through `check` (no absentFiles) are unknown.
    let root = fixture("optional-env-file-absent");
    let out = run_in(
        Some(&root),
        &[
            "check",
            SEED,
            "--format",
            "json",
            "usr/lib/systemd/system/kubelet.service",
            "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
            "var/lib/kubelet/kubeadm-flags.env",
            "var/lib/kubelet/config.yaml",
        ],
        b"",
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["status"] == "unknown"), "{report}");
}

#[test]
fn a_missing_root_is_exit_2_and_an_empty_one_too() {
    let out = run(&["node", "--root", "/nonexistent/node"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("cannot use /nonexistent/node"), "{}", describe(&out));
    let empty = temp_dir("empty-node");
    let out = run(&["node", "--root", empty.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("found no kubelet"), "{}", describe(&out));
}

#[test]
fn unreadable_files_are_errors_and_the_rest_is_still_checked() {
    let root = temp_dir("unreadable-node").join("node");
    copy_tree(&fixture("no-process-units-and-manifests"), &root);
    // An oversized file in the static Pod directory and a FIFO (never opened: it would block).
    let big = std::fs::File::create(root.join("etc/kubernetes/static-pods/huge.yaml")).unwrap();
    big.set_len(16 * 1024 * 1024 + 1).unwrap();
    let fifo = root.join("etc/kubernetes/static-pods/pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let out = run(&["node", SEED, "--root", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("huge.yaml: cannot read: larger than the 16 MiB limit"), "{}", describe(&out));
    if made {
        assert!(stderr(&out).contains("pipe.yaml: cannot read: not a regular file"), "{}", describe(&out));
    }
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 3, "{report}");
}

#[test]
fn links_never_leave_the_root() {
    let base = temp_dir("escape-node");
    let root = base.join("node");
    std::fs::create_dir_all(root.join("proc/50")).unwrap();
    std::fs::create_dir_all(root.join("etc")).unwrap();
    // Outside the root: a config that must never be read.
    std::fs::write(
        base.join("outside.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../../../outside.yaml", root.join("etc/kubelet.yaml")).unwrap();
    std::os::unix::fs::symlink(base.join("outside.yaml"), root.join("etc/abs.yaml")).unwrap();
    std::fs::write(root.join("proc/50/cmdline"), "kubelet\0--config=/etc/kubelet.yaml\0").unwrap();
    let out = run(&["node", SEED, "--root", root.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["/proc/50/cmdline"], "{}", describe(&out));
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["status"] == "unknown"), "{report}");

    // Followed inside the root, the same link text finds the file there.
    std::fs::write(
        root.join("outside.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
    )
    .unwrap();
    let out = run(&["node", SEED, "--root", root.to_str().unwrap(), "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["status"] == "pass"), "{report}");
}

#[test]
fn node_sarif_uris_are_relative_to_the_root() {
    let root = fixture("worker-config-dir");
    let out = run(&["node", "--root", root.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let loc = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(loc["uri"], "etc/kubernetes/kubelet.conf.d/team/50-debug.conf", "{log}");
    assert_eq!(loc["uriBaseId"], "%SRCROOT%");
    let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with("/tests/nodes/worker-config-dir/"), "{base}");
}

#[test]
fn a_config_dir_without_drop_ins_is_read_as_empty() {
    // An empty --config-dir (or one a git copy lost) holds no drop-in: the config decides.
    let root = temp_dir("empty-config-dir").join("node");
    std::fs::create_dir_all(root.join("proc/9")).unwrap();
    std::fs::create_dir_all(root.join("var/lib/kubelet")).unwrap();
    std::fs::write(
        root.join("proc/9/cmdline"),
        "kubelet\0--config=/var/lib/kubelet/config.yaml\0--config-dir=/etc/kubernetes/kubelet.conf.d\0",
    )
    .unwrap();
    std::fs::write(
        root.join("var/lib/kubelet/config.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
    )
    .unwrap();
    for make_dir in [false, true] {
        if make_dir {
            std::fs::create_dir_all(root.join("etc/kubernetes/kubelet.conf.d")).unwrap();
        }
        let out = run(&["node", SEED, "--root", root.to_str().unwrap(), "--format", "json"]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(report["findings"].as_array().unwrap().iter().all(|f| f["status"] == "pass"), "{report}");
    }
}

/// A running kubelet that its unit starts word for word is checked once, from the unit:
/// the finding is in the env file that sets the flag, with a fix that is applied there.
/// Once the env file is edited (the running kubelet not restarted), what runs is checked
/// and its fix is display-only.
#[test]
fn a_running_kubelet_is_fixed_in_the_file_its_unit_reads() {
    let root = temp_dir("node-running-unit");
    let words = ["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--anonymous-auth=true"];
    let cmdline: String = words.iter().map(|w| format!("{w}\0")).collect();
    let files = [
        ("proc/812/cmdline", cmdline.as_str()),
        (
            "lib/systemd/system/kubelet.service",
            "[Service]\nEnvironmentFile=-/etc/default/kubelet\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml $KUBELET_EXTRA_ARGS\n",
        ),
        ("etc/default/kubelet", "KUBELET_EXTRA_ARGS=--anonymous-auth=true\n"),
        ("var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"),
    ];
    for (path, text) in files {
        std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        std::fs::write(root.join(path), text).unwrap();
    }
    let check = || {
        let out = run(&["node", "--root", root.to_str().unwrap(), "--format", "json", "--select", "4.2.1"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", describe(&out)));
        let findings = report["findings"].as_array().unwrap().clone();
        assert_eq!(findings.len(), 1, "one kubelet: {report:#}");
        let f = findings[0].clone();
        let doc = f["location"]["document"].as_u64().unwrap() as usize;
        (report["documents"][doc]["name"].as_str().unwrap().to_string(), f)
    };
    let (at, f) = check();
    assert_eq!(at, "/etc/default/kubelet", "{f:#}");
    assert_eq!(f["status"], "fail");
    assert_ne!(f["fix"]["applicability"], "display-only", "{f:#}");

    std::fs::write(root.join("etc/default/kubelet"), "KUBELET_EXTRA_ARGS=--anonymous-auth=false\n").unwrap();
    let (at, f) = check();
    assert_eq!((at.as_str(), &f["status"]), ("/proc/812/cmdline", &Value::from("fail")), "{f:#}");
    assert_eq!(f["fix"]["applicability"], "display-only", "{f:#}");
}

/// `kubecis node` takes its settings from the kubecis.toml found upward from the working
/// directory (as `check` does from the scanned path), `--config` names one, `--isolated`
/// reads none.
#[test]
fn node_reads_the_project_configuration() {
    let root = fixture("kubeadm-control-plane");
    let dir = temp_dir("node-project");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("kubecis.toml"), "select = [\"4.2.1\"]\nbenchmark = \"cis-1.8\"\n").unwrap();
    let rules = |args: &[&str]| -> Vec<(String, String)> {
        let mut all = vec!["node", "--root", root.to_str().unwrap(), "--format", "json"];
        all.extend_from_slice(args);
        let out = run_in(Some(&dir.join("sub")), &all, b"");
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", describe(&out)));
        let field = |f: &Value, k: &str| f[k].as_str().unwrap_or("-").to_string();
        report["findings"].as_array().unwrap().iter().map(|f| (field(f, "rule"), field(f, "cis"))).collect()
    };
    assert_eq!(rules(&[]), [("kubelet-anonymous-auth".to_string(), "4.2.1".to_string())]);
    assert!(rules(&["--isolated"]).len() > 1);
    std::fs::write(dir.join("other.toml"), "ignore = [\"4\"]\n").unwrap();
    let other = dir.join("other.toml");
    assert!(rules(&["--config", other.to_str().unwrap()]).iter().all(|(_, cis)| !cis.starts_with('4')));
    std::fs::write(dir.join("kubecis.toml"), "selects = []\n").unwrap();
    let out = run_in(Some(&dir), &["node", "--root", root.to_str().unwrap()], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("kubecis.toml:1: unknown field `selects`"), "{}", describe(&out));
}
