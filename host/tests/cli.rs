//! The `kubecis` command line: exit codes, inputs (files, directories, stdin) and the
//! text output. Deterministic outcomes use hand-written plugins with canned reports;
//! a few tests run the real embedded plugin.

mod common;

use common::*;
use serde_json::{json, Value};

const KUBELET_INSECURE: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";

fn json_out(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(out)))
}

fn report(findings: Value, errors: Value) -> String {
    // The summary agrees with the findings, as the core's does.
    let count = |status: &str| findings.as_array().map_or(0, |fs| fs.iter().filter(|f| f["status"] == status).count());
    let summary = json!({"pass": count("pass"), "fail": count("fail"), "unknown": count("unknown"), "errors": 0});
    json!({
        "schemaVersion": 1,
        "tool": {"name": "kubecis", "version": "0.1.0"},
        "benchmark": "cis-1.12",
        "documents": [{"index": 0, "name": "config.yaml", "kind": "KubeletConfiguration", "component": "kubelet"}],
        "findings": findings,
        "errors": errors,
        "summary": summary
    })
    .to_string()
}

fn finding(status: &str) -> Value {
    let start = KUBELET_INSECURE.find("true").unwrap();
    json!({
        "rule": "kubelet-anonymous-auth", "cis": "4.2.1", "status": status, "severity": "high",
        "automated": true, "title": "Ensure that the --anonymous-auth argument is set to false",
        "component": "kubelet",
        "message": "anonymous requests are served: authentication.anonymous.enabled is true",
        "setting": {"name": "authentication.anonymous.enabled", "flag": "--anonymous-auth", "value": "true",
                    "origin": "config", "overridden": [], "missing": []},
        "documents": [0],
        "location": {"document": 0, "start": {"line": 5, "column": 14, "offset": start},
                     "end": {"line": 5, "column": 18, "offset": start + 4}},
        "remediation": "set it to false",
        "fix": {"description": "set authentication.anonymous.enabled to false",
                "edits": [{"document": 0, "start": start, "end": start + 4, "text": "false"}]},
        "aliases": {"datadog": "349-cpn-a92"}
    })
}

/// Runs `kubecis --plugin FAKE check ARGS config.yaml` on the insecure kubelet config.
fn check_fake(response: &str, args: &[&str]) -> std::process::Output {
    let plugin = write_module("fake", &fake_plugin(Check::Respond(response), 1, ""));
    let dir = temp_dir("fake-input");
    std::fs::write(dir.join("config.yaml"), KUBELET_INSECURE).unwrap();
    let mut all = vec!["--plugin", plugin.to_str().unwrap(), "check"];
    all.extend_from_slice(args);
    all.push("config.yaml");
    run_in(Some(&dir), &all, b"")
}

#[test]
fn exit_0_without_failing_findings() {
    let out = check_fake(&report(json!([finding("pass"), finding("unknown")]), json!([])), &[]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
}

#[test]
fn exit_1_with_a_failing_finding() {
    let out = check_fake(&report(json!([finding("pass"), finding("fail")]), json!([])), &[]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
}

#[test]
fn exit_2_for_document_errors_and_the_error_object() {
    let errors = json!([{"document": 0, "message": "not YAML", "location": {}}]);
    let out = check_fake(&report(json!([finding("fail")]), errors), &[]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stdout(&out).contains("config.yaml: ERROR not YAML"), "{}", describe(&out));

    let out = check_fake(r#"{"schemaVersion":1,"error":{"message":"invalid request"}}"#, &[]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("invalid request"), "{}", describe(&out));
    let out = check_fake(r#"{"schemaVersion":1,"error":{"message":"invalid request"}}"#, &["--format", "json"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(json_out(&out)["error"]["message"], "invalid request");
}

#[test]
fn exit_2_for_usage_errors_and_unreadable_inputs() {
    for args in
        [&["check", "--format", "yaml", "x"][..], &["frobnicate"], &["plugin"], &["plugin", "--info", "--write", "x"]]
    {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", describe(&out));
    }
    let out = run(&["check", "/nonexistent/kubelet.yaml"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("/nonexistent/kubelet.yaml: cannot read"), "{}", describe(&out));

    // An unreadable input is reported, the others are still checked, and the exit is 2.
    let dir = temp_dir("partly-unreadable");
    std::fs::write(dir.join("a.yaml"), "a: 1\n").unwrap();
    let out = run_in(Some(&dir), &["check", "--format", "json", "a.yaml", "missing.yaml"], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(json_out(&out)["documents"][0]["name"], "a.yaml");
}

#[test]
fn an_unknown_benchmark_is_an_error() {
    let dir = temp_dir("benchmark");
    std::fs::write(dir.join("a.yaml"), KUBELET_INSECURE).unwrap();
    let out = run_in(Some(&dir), &["check", "--benchmark", "cis-0.0", "a.yaml"], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
}

#[test]
fn json_output_is_the_plugin_response_verbatim() {
    let response = report(json!([finding("fail")]), json!([]));
    let out = check_fake(&response, &["--format", "json"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(stdout(&out), format!("{response}\n"));
}

#[test]
fn text_output_underlines_the_span_and_shows_the_fix() {
    let out = check_fake(
        &report(json!([finding("pass"), finding("fail"), finding("unknown")]), json!([])),
        &["--format", "text", "--show-passes"],
    );
    let text = stdout(&out);
    println!("{text}");
    assert!(
        text.contains("config.yaml:5:14: FAIL [4.2.1 kubelet-anonymous-auth] anonymous requests are served"),
        "{text}"
    );
    assert!(text.contains("5 |     enabled: true"), "{text}");
    // The header says the value, the underline where it comes from: said once each.
    assert!(text.contains("^^^^ from config"), "{text}");
    assert!(!text.contains("setting:"), "{text}");
    assert!(text.contains("fix: set authentication.anonymous.enabled to false"), "{text}");
    assert!(text.contains("+     enabled: false"), "{text}");
    assert!(text.contains("config.yaml:5:14: pass [4.2.1 kubelet-anonymous-auth]"), "{text}");
    assert!(text.contains("config.yaml:5:14: UNKNOWN [4.2.1 kubelet-anonymous-auth]"), "{text}");
    assert!(text.trim_end().ends_with("1 fail, 1 pass, 1 unknown"), "{text}");
    let fail_at = text.find("FAIL").unwrap();
    let pass_at = text.find(": pass").unwrap();
    assert!(fail_at < pass_at, "failures come before passes: {text}");
}

#[test]
fn rules_lists_the_plugins_rules() {
    let plugin = write_module("fake-rules", &fake_plugin(Check::Respond("{}"), 1, ""));
    let p = plugin.to_str().unwrap();
    let out = run(&["--plugin", p, "rules"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(stdout(&out).contains("9.9.9"), "{}", describe(&out));
    assert!(stdout(&out).contains("fake-rule"), "{}", describe(&out));
    let out = run(&["--plugin", p, "rules", "--format", "json"]);
    assert_eq!(json_out(&out)[0]["slug"], "fake-rule");

    let out = run(&["rules", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(json_out(&out).is_array(), "{}", describe(&out));
}

// --- inputs, with the real plugin ---------------------------------------------------

fn names(report: &Value) -> Vec<String> {
    report["documents"]
        .as_array()
        .unwrap_or_else(|| panic!("no documents: {report}"))
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stdin_is_a_document_named_stdin() {
    let out = run_in(None, &["check", "--format", "json", "-"], KUBELET_INSECURE.as_bytes());
    assert_eq!(names(&json_out(&out)), ["<stdin>"]);
}

#[test]
fn stdin_and_files_are_one_request() {
    let dir = temp_dir("mixed");
    std::fs::write(dir.join("a.yaml"), "a: 1\n").unwrap();
    let out = run_in(Some(&dir), &["check", "--format", "json", "a.yaml", "-"], b"b: 2\n");
    assert_eq!(names(&json_out(&out)), ["a.yaml", "<stdin>"]);
}

#[test]
fn directories_are_walked_sorted_skipping_hidden_files() {
    let dir = temp_dir("walk");
    let root = dir.join("node");
    std::fs::create_dir_all(root.join("etc/kubernetes/manifests")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::write(root.join("z.yaml"), "z: 1\n").unwrap();
    std::fs::write(root.join("a.yaml"), "a: 1\n").unwrap();
    std::fs::write(root.join("b/c.conf"), "c=1\n").unwrap();
    std::fs::write(root.join("etc/kubernetes/manifests/kube-apiserver.yaml"), "k: 1\n").unwrap();
    std::fs::write(root.join(".hidden.yaml"), "h: 1\n").unwrap();
    std::fs::write(root.join(".git/config"), "x\n").unwrap();
    let out = run_in(Some(&dir), &["check", "--format", "json", "node"], b"");
    assert_eq!(
        names(&json_out(&out)),
        ["node/a.yaml", "node/b/c.conf", "node/etc/kubernetes/manifests/kube-apiserver.yaml", "node/z.yaml"]
    );

    // A hidden file named explicitly is read.
    let out = run_in(Some(&dir), &["check", "--format", "json", "node/.hidden.yaml"], b"");
    assert_eq!(names(&json_out(&out)), ["node/.hidden.yaml"]);
}

#[test]
fn oversized_files_are_listed_with_an_error_and_the_rest_is_checked() {
    let dir = temp_dir("big");
    std::fs::write(dir.join("ok.yaml"), "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n")
        .unwrap();
    let f = std::fs::File::create(dir.join("big.yaml")).unwrap();
    f.set_len(40 * 1024 * 1024).unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "--format", "json", "."], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let report = json_out(&out);
    assert_eq!(names(&report), ["./big.yaml", "./ok.yaml"]);
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(|e| e["document"] == 0 && e["message"].as_str().unwrap().contains("41943040 bytes")),
        "{report}"
    );
    let statuses: Vec<_> =
        report["findings"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["pass", "pass"]);
}

#[test]
fn non_utf8_files_are_sent_lossily() {
    let dir = temp_dir("latin1");
    std::fs::write(dir.join("a.conf"), b"KUBELET_ARGS=\"--node-labels=caf\xe9\"\n").unwrap();
    let out = run_in(Some(&dir), &["check", "--format", "json", "a.conf"], b"");
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", describe(&out));
    assert_eq!(names(&json_out(&out)), ["a.conf"]);
}

#[test]
fn an_insecure_kubelet_command_line_fails_with_the_real_plugin() {
    let out =
        run_in(None, &["check", "-"], b"/usr/bin/kubelet --anonymous-auth=true --authorization-mode=AlwaysAllow\n");
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(stdout(&out).contains("FAIL [4.2.1 kubelet-anonymous-auth]"), "{}", describe(&out));
}

#[test]
fn a_walk_reads_links_inside_the_tree_only() {
    let base = temp_dir("walk-links");
    let tree = base.join("tree");
    std::fs::create_dir_all(tree.join("proc/1")).unwrap();
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    std::fs::write(tree.join("config.yaml"), config).unwrap();
    std::fs::write(base.join("outside.yaml"), config).unwrap();
    // Inside (relative and absolute), outside (as a copied /proc/1/exe is), dangling, a loop.
    std::os::unix::fs::symlink("../config.yaml", tree.join("proc/inside.yaml")).unwrap();
    std::os::unix::fs::symlink(tree.join("config.yaml"), tree.join("proc/abs-inside.yaml")).unwrap();
    std::os::unix::fs::symlink(base.join("outside.yaml"), tree.join("proc/1/exe")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/kubelet.yaml", tree.join("proc/dangling.yaml")).unwrap();
    std::os::unix::fs::symlink("loop.yaml", tree.join("proc/loop.yaml")).unwrap();
    let out = run(&["check", "--format", "json", tree.to_str().unwrap()]);
    assert_ne!(code(&out), 2, "{}", describe(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<String> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().rsplit('/').take(2).collect::<Vec<_>>().join("<"))
        .collect();
    // The links inside are two more names of config.yaml: it is read and checked once,
    // and each name is accounted for.
    assert_eq!(names, ["config.yaml<tree"], "{}", describe(&out));
    for link in ["abs-inside.yaml", "inside.yaml"] {
        let note = format!("proc/{link}: the same file as {}", tree.join("config.yaml").display());
        assert!(stderr(&out).contains(&note), "{note}\n{}", describe(&out));
    }
    // Text output says what was skipped.
    let out = run(&["check", tree.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(err.contains("exe: not read: a symbolic link to") && err.contains("outside"), "{err}");
    assert!(err.contains("dangling.yaml: not read: a dangling symbolic link"), "{err}");
    assert!(err.contains("loop.yaml: not read: a symbolic link loop"), "{err}");
    // A missing file named on the command line is still an error.
    let out = run(&["check", tree.join("proc/dangling.yaml").to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
}
