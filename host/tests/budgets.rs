//! Hostile input that used to lose the whole report (issue 10, class 3): every document
//! within the core's limits gets its verdicts whatever the others hold, because the CLI
//! splits its work over several plugin calls when one cannot hold it, and retries the
//! halves of a call that runs out of memory or time.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

const GOOD: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: Webhook\n";

/// Checks `dir` as JSON and returns the report and the exit code.
fn check_json(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = extra.to_vec();
    args.extend(["check", "--format", "json", SEED]);
    let dir = dir.to_str().unwrap();
    args.push(dir);
    let out = run(&args);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", describe(&out)));
    (report, code(&out))
}

/// The good config's verdicts, by rule.
fn good_verdicts(report: &Value) -> Vec<(String, String)> {
    let docs = report["documents"].as_array().unwrap();
    let good = docs.iter().position(|d| d["name"].as_str().unwrap().ends_with("good.yaml")).unwrap();
    let mut v: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["documents"].as_array().unwrap().iter().any(|d| d.as_u64() == Some(good as u64)))
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
        .collect();
    v.sort();
    v
}

fn expected() -> Vec<(String, String)> {
    vec![("kubelet-anonymous-auth".into(), "fail".into()), ("kubelet-authorization-mode".into(), "pass".into())]
}

/// The error messages of the document whose name ends with `suffix`.
fn errors_of(report: &Value, suffix: &str) -> Vec<String> {
    let docs = report["documents"].as_array().unwrap();
    let i = docs.iter().position(|d| d["name"].as_str().unwrap().ends_with(suffix)).unwrap() as u64;
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["document"].as_u64() == Some(i))
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_12_mib_flow_sequence_fails_alone() {
    let dir = temp_dir("budget-flow");
    std::fs::write(dir.join("good.yaml"), GOOD).unwrap();
    let big = format!("apiVersion: v1\nkind: X\nitems: [{}1]\n", "1,".repeat(6 << 20));
    std::fs::write(dir.join("big.yaml"), big).unwrap();
    let (report, code) = check_json(&dir, &[]);
    assert_eq!(good_verdicts(&report), expected());
    assert!(errors_of(&report, "big.yaml")[0].contains("more YAML nodes than"), "{report}");
    assert_eq!(code, 2, "a document error");
}

#[test]
fn documents_past_one_request_are_checked_in_several() {
    // Five files of almost 16 MiB each: more than one request holds (the core takes 48 MiB of content at a time).
    // The last one is a real kubelet config padded with a comment: it must still be read.
    let dir = temp_dir("budget-split");
    std::fs::write(dir.join("a-good.yaml"), GOOD).unwrap();
    let padding = format!("# {}\n", "x".repeat((16 << 20) - 4096));
    for i in 1..=4 {
        std::fs::write(dir.join(format!("big{i}.yaml")), &padding).unwrap();
    }
    let padded = format!("{padding}apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n");
    std::fs::write(dir.join("z-padded.yaml"), padded).unwrap();
    let (report, _) = check_json(&dir, &[]);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 6);
    assert!(docs.iter().all(|d| d["kind"] != "Elsewhere"), "every document comes from the request that checked it");
    let mut good: Vec<(String, String)> = good_verdicts(&report);
    good.sort();
    assert_eq!(good, expected());
    let padded_authz = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kubelet-authorization-mode" && f["documents"] == serde_json::json!([5]))
        .unwrap_or_else(|| panic!("the padded config is checked: {report}"));
    assert_eq!(padded_authz["status"], "fail");
    let s = &report["summary"];
    let findings = report["findings"].as_array().unwrap().len() as u64;
    assert_eq!(s["pass"].as_u64().unwrap() + s["fail"].as_u64().unwrap() + s["unknown"].as_u64().unwrap(), findings);
    assert_eq!(s["errors"].as_u64().unwrap(), report["errors"].as_array().unwrap().len() as u64);
}

#[test]
fn control_bytes_that_json_escapes_six_fold_still_fit() {
    let dir = temp_dir("budget-escapes");
    std::fs::write(dir.join("good.yaml"), GOOD).unwrap();
    std::fs::write(dir.join("ctl.bin"), vec![1u8; (16 << 20) - 100]).unwrap();
    let (report, _) = check_json(&dir, &[]);
    assert_eq!(good_verdicts(&report), expected());
    assert!(errors_of(&report, "ctl.bin")[0].contains("control character"), "{report}");
}

#[test]
fn a_document_that_exhausts_the_memory_limit_is_reported_not_checked() {
    // 200 000 nodes fit the core's node budget but not a 16 MiB plugin: the call traps,
    // its halves are retried, and only the document that traps alone is lost.
    let dir = temp_dir("budget-memory");
    std::fs::write(dir.join("good.yaml"), GOOD).unwrap();
    let big = format!("apiVersion: v1\nkind: X\nitems: [{}1]\n", "1,".repeat(200_000));
    std::fs::write(dir.join("big.yaml"), big).unwrap();
    let (report, code) = check_json(&dir, &["--max-memory", "16"]);
    assert_eq!(good_verdicts(&report), expected());
    assert_eq!(
        errors_of(&report, "big.yaml"),
        ["not checked: checking it alone failed: the check ran out of memory (the limit is 16 MiB, --max-memory)"]
    );
    assert_eq!(code, 2);
}
