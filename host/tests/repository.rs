//! `kubecis check` on a repository: what a walk reads, the output formats CI uses,
//! kubecis.toml and baselines (issue 11).

mod common;
use common::*;

use std::path::Path;

const OPEN_KUBELET: &str =
    "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n";
const SECURE_KUBELET: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: Webhook\n";
const DROPIN: &str = "[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", describe(out)))
}

/// The failing findings as (rule, file) pairs.
fn failing(report: &serde_json::Value) -> Vec<(String, String)> {
    let names: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    let mut v: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" && f.get("baselined").is_none() && f.get("suppressed").is_none())
        .map(|f| {
            let doc = f["location"]["document"].as_u64().unwrap() as usize;
            (f["rule"].as_str().unwrap().to_string(), names[doc].trim_start_matches("./").to_string())
        })
        .collect();
    v.sort();
    v
}

/// A repository as people keep them: two nodes' copies, a chart with templates, an
/// empty file, docs, generated output that .gitignore leaves out.
fn repository() -> std::path::PathBuf {
    let dir = temp_dir("repository");
    write(&dir, "README.md", "# Cluster config\n\nNode a: the control plane.\nNote: see below.\n");
    write(&dir, "nodes/a/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", DROPIN);
    write(&dir, "nodes/a/var/lib/kubelet/config.yaml", SECURE_KUBELET);
    write(&dir, "nodes/b/etc/systemd/system/kubelet.service.d/10-kubeadm.conf", DROPIN);
    write(&dir, "nodes/b/var/lib/kubelet/config.yaml", OPEN_KUBELET);
    write(
        &dir,
        "charts/cp/templates/apiserver.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --authorization-mode={{ .Values.authz }}\n",
    );
    write(&dir, "empty.yaml", "");
    write(&dir, ".gitignore", "out/\n");
    write(&dir, "out/rendered.yaml", OPEN_KUBELET);
    dir
}

#[test]
fn a_repository_scan_reports_every_failing_setting_in_its_file() {
    let dir = repository();
    // No path: the current directory.
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json"], b"");
    assert_eq!(code(&out), 1, "templates, empty files and docs do not make it exit 2: {}", describe(&out));
    let report = json_of(&out);
    assert_eq!(
        failing(&report),
        [("kubelet-authorization-mode".to_string(), "nodes/b/var/lib/kubelet/config.yaml".to_string())],
        "{report:#}"
    );
    let names: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert!(!names.iter().any(|n| n.contains("out/")), ".gitignore leaves out out/: {names:?}");

    // The text says what each file was read as, by node, and which were not recognised.
    let out = run_in(Some(&dir), &["check", SEED], b"");
    let text = stdout(&out);
    assert!(text.contains("Read 7 files of 2 nodes:"), "{text}");
    assert!(
        text.contains(
            "  node ./nodes/b:\n    etc/systemd/system/kubelet.service.d/10-kubeadm.conf: SystemdUnit (kubelet)"
        ),
        "{text}"
    );
    assert!(text.contains("  ./charts/cp/templates/apiserver.yaml: a template, not checked"), "{text}");
    assert!(text.contains("not recognised (2):"), "{text}");
    assert!(text.contains("./README.md: Markdown: not a configuration"), "{text}");
    assert!(
        text.contains("nodes/b/var/lib/kubelet/config.yaml:4:9: FAIL [4.2.2 kubelet-authorization-mode]"),
        "{text}"
    );
    assert!(!text.contains(": pass ["), "passes are hidden by default: {text}");
    let shown = run_in(Some(&dir), &["check", SEED, "--show-passes"], b"");
    assert!(stdout(&shown).contains(": pass [4.2.1 kubelet-anonymous-auth]"), "{}", describe(&shown));

    // Without .gitignore the generated file is read too.
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "--no-respect-gitignore"], b"");
    assert_eq!(failing(&json_of(&out)).len(), 2, "{}", describe(&out));
    // --exclude leaves out a node.
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "--exclude", "nodes/b"], b"");
    assert_eq!(failing(&json_of(&out)), [], "{}", describe(&out));
    assert_eq!(code(&out), 0);
}

#[test]
fn sarif_json_and_junit_are_whole_documents_when_nothing_can_be_checked() {
    let dir = temp_dir("invocation");
    let out = run_in(Some(&dir), &["check", "--format", "sarif", "missing.yaml"], b"");
    assert_eq!(code(&out), 2);
    let log = json_of(&out);
    assert_eq!(sarif_problems(&log), Vec::<String>::new(), "{log:#}");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let said = invocation["toolExecutionNotifications"].to_string();
    assert!(said.contains("missing.yaml: cannot read"), "{said}");
    let out = run_in(Some(&dir), &["check", "--format", "json", "missing.yaml"], b"");
    assert!(json_of(&out)["error"]["message"].as_str().unwrap().contains("missing.yaml: cannot read"));
    let out = run_in(Some(&dir), &["check", "--format", "junit", "missing.yaml"], b"");
    assert!(stdout(&out).contains("<error message=\"missing.yaml: cannot read"), "{}", describe(&out));

    // One unreadable file among good ones: the SARIF has the results and says what failed.
    write(&dir, "config.yaml", OPEN_KUBELET);
    let out = run_in(
        Some(&dir),
        &["check", SEED, "--format", "sarif", "-o", "out.sarif", "config.yaml", "missing.yaml"],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty(), "--output takes the log: {}", describe(&out));
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif_problems(&log), Vec::<String>::new());
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], false);
    assert!(log["runs"][0]["results"].as_array().unwrap().iter().any(|r| r["ruleId"] == "kubelet-authorization-mode"));
}

#[test]
fn concise_github_and_statistics_put_one_thing_on_a_line() {
    let dir = repository();
    let out = run_in(Some(&dir), &["check", SEED, "--format", "concise", "nodes"], b"");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "nodes/b/var/lib/kubelet/config.yaml:4:9: FAIL [4.2.2 kubelet-authorization-mode] authorization.mode is AlwaysAllow (in the config file); it must be Webhook [*]",
        "{text}"
    );
    assert_eq!(
        lines.last().unwrap(),
        &"1 fail, 3 pass (not shown: --show-passes), 0 unknown; 1 fixable with `kubecis fix --write --unsafe-fixes`"
    );

    let out = run_in(Some(&dir), &["check", SEED, "--format", "github", "nodes"], b"");
    let first = stdout(&out).lines().next().unwrap().to_string();
    assert!(
        first.starts_with("::error file=nodes/b/var/lib/kubelet/config.yaml,line=4,col=9,endLine=4,title=CIS 4.2.2 kubelet-authorization-mode::authorization.mode is AlwaysAllow"),
        "{first}"
    );
    assert!(!first[2..].contains('\n') && first.contains("%0A%0ARemediation: "), "{first}");

    let out = run_in(Some(&dir), &["check", SEED, "--statistics", "nodes"], b"");
    let text = stdout(&out);
    assert!(text.contains("    1       0  4.2.2    kubelet-authorization-mode [*] 1 fixable"), "{text}");
    let out = run_in(Some(&dir), &["check", SEED, "--statistics", "--format", "json", "nodes"], b"");
    assert_eq!(
        json_of(&out),
        serde_json::json!([{"rule": "kubelet-authorization-mode", "cis": "4.2.2", "fail": 1, "unknown": 0, "fixable": 1}])
    );
}

#[test]
fn fail_on_unknown_fails_a_run_that_could_not_decide() {
    let dir = temp_dir("fail-on-unknown");
    // The drop-in's --config file is not supplied: the kubelet's verdicts are unknown.
    write(&dir, "10-kubeadm.conf", DROPIN);
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "."], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(json_of(&out)["summary"]["unknown"].as_u64().unwrap() > 0);
    let out = run_in(Some(&dir), &["check", SEED, "--fail-on", "unknown", "."], b"");
    assert_eq!(code(&out), 1, "{}", describe(&out));
}

#[test]
fn kubecis_toml_is_found_upward_and_the_command_line_wins() {
    let dir = repository();
    write(&dir, "kubecis.toml", "ignore = [\"4.2.2\"]\nexclude = [\"charts/\"]\n");
    let out = run_in(Some(&dir.join("nodes")), &["check", SEED, "--format", "json"], b"");
    assert_eq!(code(&out), 0, "4.2.2 is ignored by kubecis.toml: {}", describe(&out));
    let out = run_in(Some(&dir.join("nodes")), &["check", SEED, "--format", "json", "--isolated"], b"");
    assert_eq!(code(&out), 1, "--isolated reads no kubecis.toml: {}", describe(&out));
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "--ignore", "4.2.1"], b"");
    assert_eq!(code(&out), 1, "--ignore replaces the file's list: {}", describe(&out));
    let names = json_of(&out)["documents"].to_string();
    assert!(!names.contains("charts/"), "the file's exclude applies: {names}");

    write(&dir, "kubecis.toml", "benchmark = \"cis-1.10\"\n\nfail_on = \"high\"\n");
    let out = run_in(Some(&dir), &["check", SEED, "--format", "sarif"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("kubecis.toml:3: unknown field `fail_on`"), "{}", describe(&out));
    assert_eq!(sarif_problems(&json_of(&out)), Vec::<String>::new());
}

#[test]
fn a_baseline_lets_a_team_adopt_the_check_and_fail_only_on_what_is_new() {
    let dir = repository();
    let out = run_in(Some(&dir), &["check", SEED, "--write-baseline", "kubecis-baseline.json"], b"");
    assert_eq!(code(&out), 1, "writing a baseline still reports: {}", describe(&out));
    assert!(stderr(&out).contains("wrote 1 finding(s) to the baseline kubecis-baseline.json"), "{}", describe(&out));
    let out = run_in(Some(&dir), &["check", SEED, "--baseline", "kubecis-baseline.json"], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        stdout(&out).contains("0 fail, 3 pass (not shown: --show-passes), 0 unknown, 1 in the baseline"),
        "{}",
        describe(&out)
    );
    // Node a opens up too: new, so it fails.
    write(&dir, "nodes/a/var/lib/kubelet/config.yaml", OPEN_KUBELET);
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "--baseline", "kubecis-baseline.json"], b"");
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let report = json_of(&out);
    assert_eq!(
        failing(&report),
        [("kubelet-authorization-mode".to_string(), "nodes/a/var/lib/kubelet/config.yaml".to_string())]
    );
    // kubecis.toml can name it; a file that is not a baseline is an error.
    write(&dir, "kubecis.toml", "baseline = \"kubecis-baseline.json\"\n");
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json"], b"");
    assert_eq!(json_of(&out)["summary"]["baselined"], 1);
    let out = run_in(Some(&dir), &["check", SEED, "--baseline", "README.md"], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("README.md: not a kubecis baseline"), "{}", describe(&out));
}

#[test]
fn fix_format_json_lists_the_planned_edits_and_what_was_written() {
    let dir = temp_dir("fix-json");
    write(&dir, "config.yaml", OPEN_KUBELET);
    let out = run_in(Some(&dir), &["fix", SEED, "--format", "json", "--unsafe-fixes", "config.yaml"], b"");
    let plan = json_of(&out);
    assert_eq!(plan["fixes"][0]["name"], "config.yaml", "{plan:#}");
    assert_eq!(plan["fixes"][0]["rules"], serde_json::json!(["4.2.2 kubelet-authorization-mode"]));
    assert_eq!(plan["fixes"][0]["edits"], serde_json::json!([{"start": 92, "end": 103, "text": "Webhook"}]));
    assert_eq!(std::fs::read_to_string(dir.join("config.yaml")).unwrap(), OPEN_KUBELET, "no --write: unchanged");
    // Without --unsafe-fixes the unsafe fix is counted, not planned.
    let out = run_in(Some(&dir), &["fix", SEED, "--format", "json", "config.yaml"], b"");
    assert_eq!(
        (json_of(&out)["fixes"].as_array().unwrap().len(), json_of(&out)["unsafeNotApplied"].as_u64()),
        (0, Some(1))
    );
    let out = run_in(Some(&dir), &["fix", SEED, "--format", "json", "--write", "--unsafe-fixes", "config.yaml"], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let done = json_of(&out);
    assert_eq!(done["written"], serde_json::json!(["config.yaml"]));
    assert_eq!(done["report"]["summary"]["fail"], 0);
    assert!(std::fs::read_to_string(dir.join("config.yaml")).unwrap().contains("mode: Webhook"));
}
