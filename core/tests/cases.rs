//! The conformance corpus: `tests/cases/` (cases across rules) and `tests/rules/<slug>/`
//! (each rule's own cases, found from its slug). Every case's report must equal its
//! `report.json` (the expected report every host must produce), and its verdicts must
//! equal the hand-written `expected.json`, whose `options` are the request's options.
//! `KUBECIS_BLESS=1` rewrites the `report.json` files after a reviewed change.

use kubecis_core::{check, Document, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Every case: `tests/cases/*` and `tests/rules/*/*`.
fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = subdirs(&tests_dir().join("cases"));
    for rule in subdirs(&tests_dir().join("rules")) {
        dirs.extend(subdirs(&rule));
    }
    dirs.retain(|p| p.join("expected.json").is_file());
    dirs
}

/// The request options a case asks for (`expected.json`'s `options` and `benchmark`).
fn options_of(expected: &Value) -> Options {
    let mut options: Options = match expected.get("options") {
        Some(o) => serde_json::from_value(o.clone()).expect("expected.json options are request options"),
        None => Options::default(),
    };
    if let Some(b) = expected["benchmark"].as_str() {
        options.benchmark = Some(b.to_string());
    }
    options
}

/// Every file of a case except the expectations, named by its path relative to the case, in byte order.
fn inputs(dir: &Path) -> Vec<Document> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<Document>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
                continue;
            }
            let name = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            if name == "expected.json" || name == "report.json" {
                continue;
            }
            let content = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            out.push(Document::new(name, content));
        }
    }
    let mut docs = Vec::new();
    walk(dir, dir, &mut docs);
    docs.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    docs
}

fn verdicts(findings: &Value) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("cis"), s("status"))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_case_gives_its_expected_verdicts_and_report() {
    let bless = std::env::var_os("KUBECIS_BLESS").is_some();
    let mut failures = Vec::new();
    let dirs = case_dirs();
    assert!(dirs.len() >= 60, "the corpus went missing: {} cases", dirs.len());
    for dir in &dirs {
        let name = dir.strip_prefix(tests_dir()).unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        let report = check(&inputs(dir), &options_of(&expected)).unwrap();
        let report = serde_json::to_value(&report).unwrap();

        let want = verdicts(&expected["verdicts"]);
        let got = verdicts(&report["findings"]);
        if want != got {
            failures.push(format!("{name}: verdicts\n  expected {want:?}\n  got      {got:?}"));
        }

        let path = dir.join("report.json");
        let pretty = serde_json::to_string_pretty(&report).unwrap() + "\n";
        if bless {
            std::fs::write(&path, &pretty).unwrap();
        } else {
            match std::fs::read_to_string(&path) {
                // Compared as JSON values: key order depends on serde_json's `preserve_order`,
                // which other crates of the workspace turn on when it is built as a whole.
                Ok(stored) if serde_json::from_str::<Value>(&stored).ok().as_ref() == Some(&report) => {}
                Ok(_) => {
                    failures.push(format!("{name}: report differs from report.json (review, then KUBECIS_BLESS=1)"))
                }
                Err(_) => failures.push(format!("{name}: no report.json (run with KUBECIS_BLESS=1)")),
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), dirs.len(), failures.join("\n"));
}

/// Rules whose control the benchmark leaves to judgement ("as appropriate"): kubecis reports
/// what it sees as unknown, never as a pass.
const JUDGEMENT: &[&str] =
    &["kubelet-event-qps", "apiserver-request-timeout", "controller-manager-terminated-pod-gc-threshold"];

/// A rule's cases live in `tests/rules/<slug>/`, select only that rule, and show it
/// failing and passing over at least two input forms.
#[test]
fn every_rule_has_its_own_cases() {
    let mut problems = Vec::new();
    let slugs: Vec<&str> = kubecis_core::rules().iter().map(|r| r.slug).collect();
    for dir in subdirs(&tests_dir().join("rules")) {
        let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !slugs.contains(&slug.as_str()) {
            problems.push(format!("tests/rules/{slug}: no rule has this slug"));
        }
    }
    for slug in &slugs {
        let cases = subdirs(&tests_dir().join("rules").join(slug));
        let mut statuses = std::collections::BTreeSet::new();
        let mut forms = std::collections::BTreeSet::new();
        for case in &cases {
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
            if expected["options"]["select"] != serde_json::json!([slug]) {
                problems.push(format!("{}: options.select must be [{slug:?}]", case.display()));
            }
            for v in expected["verdicts"].as_array().unwrap() {
                statuses.insert(v["status"].as_str().unwrap_or("").to_string());
            }
            let report = check(&inputs(case), &options_of(&expected)).unwrap();
            for f in report.findings.iter().filter(|f| f.rule == *slug) {
                for d in &f.documents {
                    forms.insert(report.documents[*d].kind.clone());
                }
            }
        }
        // A control the benchmark leaves to judgement never passes: its cases show unknown.
        let judged = JUDGEMENT.contains(slug) && statuses.contains("unknown");
        if !(statuses.contains("fail") && (statuses.contains("pass") || judged)) {
            problems
                .push(format!("{slug}: needs a failing and a passing case in tests/rules/{slug}/ (has {statuses:?})"));
        }
        if forms.len() < 2 {
            problems.push(format!("{slug}: its cases read {forms:?}; they need at least two input forms"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
