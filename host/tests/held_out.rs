//! Held-out attacks on the CLI, round three: files Kubernetes (or systemd) reads that
//! the CLI might not, fixes that could break a file, and inputs that could lose the
//! report. Every case keeps a good document beside the hostile one.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/nodes").join(name)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn statuses(report: &Value, rule: &str) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| format!("{}: {}", f["status"].as_str().unwrap(), f["message"].as_str().unwrap_or("")))
        .collect()
}

fn node_json(root: &Path) -> Value {
    let out = run(&["node", "--root", root.to_str().unwrap(), "--format", "json", SEED]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(&out)))
}

/// systemd reads drop-ins for `kubelet.service` not only from `kubelet.service.d/` but
/// from the unit type's top-level `service.d/` (systemd 246+) in every unit directory,
/// and from `system.control/` and `/run/systemd/transient/` (systemctl set-property,
/// higher priority than /etc): systemd.unit(5), "Description" and the search path table.
/// A drop-in there that points the kubelet at an insecure config must not pass.
#[test]
fn node_reads_the_drop_ins_systemd_applies_to_every_service() {
    let dropin = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\n";
    for place in [
        "etc/systemd/system/service.d/99-all.conf",
        "usr/lib/systemd/system/service.d/99-all.conf",
        "etc/systemd/system.control/kubelet.service.d/99-control.conf",
        "run/systemd/transient/kubelet.service.d/99-transient.conf",
    ] {
        let root = temp_dir("held-out-node");
        copy_tree(&fixture("rt-unit-dropins-across-dirs"), &root);
        // Alone, the fixture passes (its expected.json).
        write(&root.join(place), dropin);
        let report = node_json(&root);
        for rule in ["kubelet-anonymous-auth", "kubelet-authorization-mode"] {
            let s = statuses(&report, rule);
            assert!(!s.is_empty() && s.iter().all(|s| !s.starts_with("pass")), "{place}: {rule}: {s:#?}\n{report:#}");
        }
    }
}

const INSECURE: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: AlwaysAllow\n";
const GOOD: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: Webhook\n";

fn check_json(cwd: &Path, paths: &[&str]) -> (Value, Output) {
    let mut args = vec!["check", "--format", "json", SEED];
    args.extend_from_slice(paths);
    let out = run_in(Some(cwd), &args, b"");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(&out)));
    (report, out)
}

/// The statuses of `rule` for findings on the document named `name`.
fn statuses_of(report: &Value, rule: &str, name: &str) -> Vec<String> {
    let docs = report["documents"].as_array().unwrap();
    let Some(index) = docs
        .iter()
        .find(|d| d["name"].as_str().is_some_and(|n| n.trim_start_matches("./") == name))
        .map(|d| d["index"].clone())
    else {
        return vec![];
    };
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule && f["documents"].as_array().unwrap().contains(&index))
        .map(|f| f["status"].as_str().unwrap().to_string())
        .collect()
}

/// A file whose name is not UTF-8 is still checked, beside a good one, and the report
/// (JSON, text) comes back whole.
#[test]
fn a_file_name_that_is_not_utf8_loses_nothing() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("held-out-names");
    let bad = std::ffi::OsStr::from_bytes(b"node-a/kubelet-\xff\x1b[2J.yaml");
    write(&dir.join(bad), INSECURE);
    write(&dir.join("node-b/config.yaml"), GOOD);
    let (report, out) = check_json(&dir, &["."]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(statuses_of(&report, "kubelet-anonymous-auth", "node-b/config.yaml"), ["pass"], "{report:#}");
    let fails = report["findings"].as_array().unwrap().iter().filter(|f| f["status"] == "fail").count();
    assert!(fails >= 2, "{report:#}");
    let text = run_in(Some(&dir), &["check", SEED, "."], b"");
    assert!(!stdout(&text).contains('\u{1b}') && !stderr(&text).contains('\u{1b}'), "{}", describe(&text));
}

/// A link that leaves the directory is skipped with a note: its name is escaped there.
#[test]
fn the_note_of_a_skipped_link_escapes_its_name() {
    let dir = temp_dir("held-out-link-note");
    write(&dir.join("tree/config.yaml"), GOOD);
    write(&dir.join("outside.yaml"), INSECURE);
    std::os::unix::fs::symlink(dir.join("outside.yaml"), dir.join("tree/evil\u{1b}]0;pwned\u{7}\u{202e}.yaml"))
        .unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "tree"], b"");
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!all.contains(c), "{c:?}: {}", describe(&out));
    }
    assert!(!all.contains("AlwaysAllow"), "the outside file was read: {}", describe(&out));
}

fn fix_write(dir: &Path, name: &str) -> Output {
    run_in(Some(dir), &["fix", SEED, "--write", "--unsafe-fixes", name], b"")
}

/// Fixes written into files that are spelled unusually: the file must still read the
/// same way everywhere else, and the rule must pass afterwards (or the fix be refused).
#[test]
fn fixes_keep_unusual_files_readable() {
    let cases: &[(&str, &str)] = &[
        (
            "bom-crlf.yaml",
            "\u{feff}apiVersion: kubelet.config.k8s.io/v1beta1\r\nkind: KubeletConfiguration\r\nauthentication:\r\n  anonymous:\r\n    enabled: true\r\nauthorization:\r\n  mode: AlwaysAllow\r\n",
        ),
        (
            "config.json",
            "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"authentication\":{\"anonymous\":{\"enabled\":true}},\"authorization\":{\"mode\":\"AlwaysAllow\"}}",
        ),
        (
            "stream.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: |\n    enabled: true\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication: {anonymous: {enabled: yes}}\nauthorization: {mode: \"AlwaysAllow\"}\n",
        ),
        (
            "quoted.yaml",
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: !!bool \"true\"\nauthorization:\n  mode: 'AlwaysAllow' # why\n",
        ),
        (
            "cr-only.yaml",
            "apiVersion: kubelet.config.k8s.io/v1beta1\rkind: KubeletConfiguration\rauthentication:\r  anonymous:\r    enabled: true\r",
        ),
        (
            "etc/systemd/system/kubelet.service",
            "[Service]\nExecStart=/usr/bin/kubelet \\\n  --anonymous-auth=true \\\n# a comment inside\n  --authorization-mode=AlwaysAllow \\\n  --kubeconfig=/etc/kubernetes/kubelet.conf\n",
        ),
        (
            "etc/kubernetes/manifests/kube-apiserver.yaml",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: kube-apiserver, namespace: kube-system}\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.33.1\n    command: [kube-apiserver, \"--authorization-mode=$(MODE)\", --anonymous-auth=false]\n    env:\n    - {name: MODE, value: AlwaysAllow}\n",
        ),
    ];
    for (name, text) in cases {
        let dir = temp_dir("held-out-fix");
        write(&dir.join(name), text);
        write(&dir.join("node-b/config.yaml"), GOOD);
        let (before, _) = check_json(&dir, &[name, "node-b/config.yaml"]);
        let out = fix_write(&dir, name);
        let after_text = std::fs::read_to_string(dir.join(name)).unwrap();
        let (after, _) = check_json(&dir, &[name, "node-b/config.yaml"]);
        assert!(after["findings"].as_array().is_some_and(|f| !f.is_empty()), "{name}: {after:#}");
        // Nothing got worse: no new errors, no rule newly failing.
        assert!(
            after["errors"].as_array().unwrap().len() <= before["errors"].as_array().unwrap().len(),
            "{name}: {after_text:?}\n{}\n{after:#}",
            describe(&out)
        );
        for rule in ["kubelet-anonymous-auth", "kubelet-authorization-mode", "apiserver-authorization-mode"] {
            let (b, a) = (statuses_of(&before, rule, name), statuses_of(&after, rule, name));
            let fails = |v: &[String]| v.iter().filter(|s| *s == "fail").count();
            assert!(fails(&a) <= fails(&b), "{name}: {rule} {b:?} -> {a:?}\n{after_text:?}");
            if text.contains("\r\n") {
                assert!(!after_text.replace("\r\n", "").contains('\n'), "{name}: a bare LF: {after_text:?}");
            }
            if text.starts_with('\u{feff}') {
                assert!(after_text.starts_with('\u{feff}'), "{name}: the BOM is gone");
            }
            if text.contains("# why") {
                assert!(after_text.contains("# why"), "{name}: a fix deleted the comment: {after_text:?}");
            }
            if name.ends_with(".json") {
                serde_json::from_str::<Value>(&after_text).unwrap_or_else(|e| panic!("{name}: {e}: {after_text}"));
            }
        }
    }
}

/// `fix --write` on a file whose name is not UTF-8 writes it (through its directory's
/// handle), then reads it back by its name made UTF-8 (`confined::open_no_links` takes
/// `to_string_lossy()`), which names no file: "cannot read ... again", exit 2, and the
/// re-check of that file is lost.
#[test]
fn a_fixed_file_whose_name_is_not_utf8_is_read_back() {
    use std::os::unix::ffi::OsStrExt;
    let dir = temp_dir("held-out-reread");
    write(&dir.join(std::ffi::OsStr::from_bytes(b"kubelet-\xff.yaml")), INSECURE);
    let out = run_in(Some(&dir), &["fix", SEED, "--write", "--unsafe-fixes", "."], b"");
    assert!(!stderr(&out).contains("again"), "{}", describe(&out));
    assert_eq!(code(&out), 0, "{}", describe(&out));
}

/// Ten thousand 100-byte kubelet configs (1.2 MB) make 140 000 findings: a 130 MB
/// report. The CLI once held it several times over as serde_json values (1.1 GB peak
/// for --format json, 2.3 GB for sarif); now passes the output does not show are not
/// asked for, the JSON goes out as the core wrote it, and SARIF results are made while
/// the log is written. Peak memory of the largest child this test process waited for.
#[test]
fn ten_thousand_small_configs_stay_under_a_gigabyte() {
    let dir = temp_dir("held-out-many");
    for i in 0..10_000 {
        write(
            &dir.join(format!("d{}/f{i}.yaml", i / 1000)),
            "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
        );
    }
    for format in ["sarif", "json", "text"] {
        let out = run_in(Some(&dir), &["check", "--format", format, "--quiet", "."], b"");
        assert_eq!(code(&out), 1, "{format}: {}", stderr(&out));
        if format == "text" {
            let summary = stdout(&out);
            assert!(summary.contains("70000 fail, 60000 pass"), "the summary counts the passes: {summary}");
        }
    }
    // SAFETY: getrusage writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    let peak_mib = usage.ru_maxrss / 1024;
    assert!(peak_mib < 1024, "a CLI run peaked at {peak_mib} MiB");
}

/// The kubelet reads every `*.conf` below `--config-dir` with `filepath.WalkDir`,
/// hidden ones and `node_modules`/`target` directories included
/// (cmd/kubelet/app/server.go mergeKubeletConfigurations: only `filepath.Ext(name) ==
/// ".conf"` is tested). `check DIR` skips hidden entries, `node_modules` and `target`
/// without a note, and passes a node copy whose hidden drop-in turns anonymous auth on.
/// (`node --root` reads them: it fails.)
#[test]
fn check_dir_never_passes_past_a_hidden_drop_in() {
    for hidden in [".99-hidden.conf", ".conf", ".hidden/99-x.conf", "node_modules/99-x.conf", "target/99-x.conf"] {
        let root = temp_dir("held-out-hidden");
        copy_tree(&fixture("worker-config-dir"), &root);
        write(&root.join("etc/kubernetes/kubelet.conf.d").join(hidden), INSECURE);
        let (report, _) = check_json(&root, &["."]);
        let s = statuses(&report, "kubelet-anonymous-auth");
        assert!(!s.is_empty() && s.iter().all(|s| !s.starts_with("pass")), "{hidden}: {s:#?}");
    }
}
