//! `kubecis fix`: `--write` on the four shapes a fix must keep intact (a kube-apiserver
//! static Pod, a flow-style kubelet config, a kubeadm `kubelet-config` ConfigMap with a
//! block scalar, a JSON config) changes only the offending lines, after which `check`
//! passes; `--diff` changes nothing; a failed write leaves the original intact; unsafe
//! fixes (all the fixes of these documents are) wait for `--unsafe-fixes`.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn case_file(case: &str, rel: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let dir = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(case))
        .unwrap_or_else(|| panic!("no case {case}"));
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// The four documents, each failing before the fix.
fn inputs() -> Vec<(&'static str, String)> {
    let json = case_file("05-", "etc/kubernetes/kubelet/kubelet-config.json")
        .replace("\"enabled\": false", "\"enabled\": true")
        .replace("\"mode\": \"Webhook\"", "\"mode\": \"AlwaysAllow\"");
    vec![
        ("kube-apiserver.yaml", case_file("48-", "etc/kubernetes/manifests/kube-apiserver.yaml")),
        (
            "flow.yaml",
            "# kubelet config, flow style\n{apiVersion: kubelet.config.k8s.io/v1beta1, kind: KubeletConfiguration,\n  authentication: {anonymous: {enabled: true}, webhook: {enabled: true}},\n  authorization: {mode: AlwaysAllow}}  # keep this comment\n".to_string(),
        ),
        ("kubelet-config-cm.yaml", case_file("07-", "kubelet-config-cm.yaml")),
        ("kubelet-config.json", json),
    ]
}

fn write_inputs(label: &str) -> PathBuf {
    let dir = temp_dir(label);
    for (name, content) in inputs() {
        std::fs::write(dir.join(name), content).unwrap();
    }
    dir
}

/// Lines of `a` and `b` that differ, by number (both must have the same line count).
fn changed_lines(a: &str, b: &str) -> Vec<usize> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    assert_eq!(a.len(), b.len(), "the fix added or removed lines");
    (0..a.len()).filter(|&i| a[i] != b[i]).map(|i| i + 1).collect()
}

#[test]
fn fix_write_changes_only_the_offending_lines_and_then_check_passes() {
    let dir = write_inputs("fix-write");
    for (name, before) in inputs() {
        let out = run_in(Some(&dir), &["check", SEED, name], b"");
        assert_eq!(code(&out), 1, "{name} must fail before the fix\n{}", describe(&out));

        let out = run_in(Some(&dir), &["fix", SEED, "--write", "--unsafe-fixes", name], b"");
        assert_eq!(code(&out), 0, "{name}: {}", describe(&out));
        assert!(stderr(&out).contains(&format!("fixed {name}")), "{}", describe(&out));
        let after = std::fs::read_to_string(dir.join(name)).unwrap();
        let changed = changed_lines(&before, &after);
        assert!(!changed.is_empty() && changed.len() <= 2, "{name}: lines {changed:?} changed\n{after}");
        for line in &changed {
            let old = before.lines().nth(line - 1).unwrap();
            assert!(
                old.contains("true") || old.contains("AlwaysAllow"),
                "{name}: line {line} ({old:?}) did not hold an offending value"
            );
        }

        let out = run_in(Some(&dir), &["check", SEED, "--format", "json", name], b"");
        assert_eq!(code(&out), 0, "{name} must pass after the fix\n{}", describe(&out));
    }
    // The comments of the flow-style file and the ConfigMap's block scalar survive.
    let flow = std::fs::read_to_string(dir.join("flow.yaml")).unwrap();
    assert!(flow.contains("{enabled: false}") && flow.contains("{mode: Webhook}}  # keep this comment"), "{flow}");
    let cm = std::fs::read_to_string(dir.join("kubelet-config-cm.yaml")).unwrap();
    assert!(cm.contains("  kubelet: |\n"), "{cm}");
}

#[test]
fn fix_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = write_inputs("fix-mode");
    let path = dir.join("flow.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = run_in(Some(&dir), &["fix", SEED, "--write", "--unsafe-fixes", "flow.yaml"], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777, 0o640);
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn fix_diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = write_inputs("fix-diff");
    let out = run_in(
        Some(&dir),
        &["fix", SEED, "--diff", "--unsafe-fixes", "kube-apiserver.yaml", "kubelet-config.json"],
        b"",
    );
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let diff = stdout(&out);
    assert!(diff.contains("--- a/kube-apiserver.yaml\n+++ b/kube-apiserver.yaml\n"), "{diff}");
    assert!(diff.contains("-    - --authorization-mode=AlwaysAllow\n+    - --authorization-mode=Node,RBAC"), "{diff}");
    assert!(diff.contains("-            \"enabled\": true\n+            \"enabled\": false"), "{diff}");
    for (name, before) in inputs() {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), before, "{name} was changed by --diff");
    }
    // Without --write or --diff, fix only shows the diff.
    let out = run_in(Some(&dir), &["fix", SEED, "--unsafe-fixes", "flow.yaml"], b"");
    assert!(stdout(&out).contains("+++ b/flow.yaml"), "{}", describe(&out));
    let out = run_in(Some(&dir), &["fix", SEED, "--diff", "--write", "flow.yaml"], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
}

#[test]
fn fix_stdin_prints_the_fixed_document() {
    let (_, flow) = inputs().into_iter().find(|(n, _)| *n == "flow.yaml").unwrap();
    let out = run_in(None, &["fix", SEED, "--write", "--unsafe-fixes", "-"], flow.as_bytes());
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(
        stdout(&out),
        flow.replace("enabled: true}, webhook", "enabled: false}, webhook").replace("AlwaysAllow", "Webhook")
    );
}

#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = write_inputs("fix-fails");
    let before = std::fs::read_to_string(dir.join("flow.yaml")).unwrap();

    // A read-only directory (no room for the temporary file), where that is enforced
    // (root may write anyway).
    use std::os::unix::fs::PermissionsExt;
    let ro = dir.join("ro");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::write(ro.join("flow.yaml"), &before).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "x").is_err() {
        let out = run_in(Some(&dir), &["fix", SEED, "--write", "--unsafe-fixes", "ro/flow.yaml"], b"");
        assert_eq!(code(&out), 2, "{}", describe(&out));
        assert!(stderr(&out).contains("the file is unchanged"), "{}", describe(&out));
        assert_eq!(std::fs::read_to_string(ro.join("flow.yaml")).unwrap(), before);
    }
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();

    // A write that fails midway, for any user: a file-size limit of zero blocks makes
    // writing the temporary file fail (SIGXFSZ ignored, so it is EFBIG).
    let script = format!("trap '' XFSZ; ulimit -f 0; exec '{BIN}' fix {SEED} --write --unsafe-fixes flow.yaml");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(&dir)
        .env("KUBECIS_CACHE_DIR", cache_dir())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("cannot write flow.yaml"), "{}", describe(&out));
    assert_eq!(std::fs::read_to_string(dir.join("flow.yaml")).unwrap(), before, "the original changed");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kubecis"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn unsafe_and_display_only_fixes_are_not_applied_unasked() {
    let dir = write_inputs("fix-unsafe");
    let before = std::fs::read_to_string(dir.join("flow.yaml")).unwrap();
    let out = run_in(Some(&dir), &["fix", SEED, "--write", "flow.yaml"], b"");
    assert_eq!(code(&out), 1, "still failing: {}", describe(&out));
    assert!(stderr(&out).contains("2 unsafe fix(es) not applied"), "{}", describe(&out));
    assert_eq!(std::fs::read_to_string(dir.join("flow.yaml")).unwrap(), before);

    // A fix that lands in a `ps` listing is display-only, even with --unsafe-fixes.
    let ps = "root 812 1 3 Nov24 ? 02:11:09 /usr/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf\n";
    std::fs::write(dir.join("ps.txt"), ps).unwrap();
    let out = run_in(Some(&dir), &["fix", SEED, "--write", "--unsafe-fixes", "ps.txt"], b"");
    assert!(stderr(&out).contains("display-only"), "{}", describe(&out));
    assert_eq!(std::fs::read_to_string(dir.join("ps.txt")).unwrap(), ps);
    let out = run_in(Some(&dir), &["check", SEED, "ps.txt"], b"");
    assert!(stdout(&out).contains("display-only"), "the text output shows the applicability: {}", describe(&out));
}
