//! The conformance corpus in `tests/cases/`: every case's report must equal its
//! `report.json` (the expected report every host must produce), and its verdicts
//! must equal the hand-written `expected.json`. `KUBECIS_BLESS=1` rewrites the
//! `report.json` files after a reviewed change.

use kubecis_core::{check, Document, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/cases exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    dirs
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
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
        let benchmark = expected["benchmark"].as_str().map(String::from);
        let report = check(&inputs(dir), &Options { benchmark, ..Options::default() }).unwrap();
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
