//! The conformance corpus (`tests/cases/*/` and `tests/rules/<slug>/*/`, see
//! docs/plugin-abi.md "Conformance"):
//! for every case the CLI (the wasm plugin under wasmtime) must print the same report as
//! the native core, and the findings' `(rule, cis, status)` must equal the case's
//! `expected.json` `verdicts` as a multiset. Every mismatching case is reported at once.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::{json, Value};

/// Files in a case directory that are not input documents.
const NOT_INPUTS: &[&str] = &["expected.json", "report.json"];

/// `tests/cases`, or `$KUBECIS_CASES_DIR` (to run another corpus).
fn cases_root() -> PathBuf {
    match std::env::var_os("KUBECIS_CASES_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases"),
    }
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

/// Case directories: those holding an `expected.json`, sorted; with the default corpus,
/// also every rule's own cases (`tests/rules/<slug>/*`).
fn cases() -> Vec<PathBuf> {
    let mut dirs = subdirs(&cases_root());
    if std::env::var_os("KUBECIS_CASES_DIR").is_none_or(|d| d.is_empty()) {
        for rule in subdirs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/rules")) {
            dirs.extend(subdirs(&rule));
        }
    }
    dirs.retain(|p| p.join("expected.json").is_file());
    dirs
}

/// Every file of the case but `expected.json` and `report.json`, as `/`-separated paths
/// relative to the case directory, sorted.
fn inputs(case: &Path) -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let path = e.path();
            if path.is_dir() {
                walk(&path, &rel, out);
            } else if path.is_file() {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(case, "", &mut out);
    out.retain(|r| !NOT_INPUTS.contains(&r.as_str()));
    out.sort();
    out
}

fn benchmark(expected: &Value) -> Option<String> {
    expected
        .get("benchmark")
        .or_else(|| expected.get("options").and_then(|o| o.get("benchmark")))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn name(case: &Path) -> String {
    let parent = case.parent().and_then(Path::file_name).map(|p| p.to_string_lossy().into_owned());
    let own = case.file_name().unwrap().to_string_lossy().into_owned();
    match parent {
        Some(p) if p != "cases" => format!("{p}/{own}"),
        _ => own,
    }
}

/// The case's request options as `kubecis check` flags.
fn option_args(options: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut args = Vec::new();
    for (key, flag) in [("select", "--select"), ("ignore", "--ignore")] {
        for v in options.get(key).and_then(Value::as_array).into_iter().flatten() {
            args.extend([flag.to_string(), v.as_str().unwrap_or("").to_string()]);
        }
    }
    if let Some(v) = options.get("kubernetesVersion").and_then(Value::as_str) {
        args.extend(["--kubernetes-version".to_string(), v.to_string()]);
    }
    args
}

struct Run {
    case: String,
    expected: Value,
    cli: Result<Value, String>,
    native: Value,
}

fn run_case(case: &Path) -> Run {
    let expected: Value = serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap())
        .unwrap_or_else(|e| panic!("{}/expected.json: {e}", case.display()));
    let files = inputs(case);
    let benchmark = benchmark(&expected);

    let documents: Vec<Value> = files
        .iter()
        .map(|rel| {
            let bytes = std::fs::read(case.join(rel)).unwrap();
            json!({"name": rel, "content": String::from_utf8_lossy(&bytes)})
        })
        .collect();
    let mut options = expected.get("options").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(b) = &benchmark {
        options.insert("benchmark".into(), Value::String(b.clone()));
    }
    let request = json!({"documents": documents, "options": options});
    let native: Value = serde_json::from_str(&kubecis_core::check_json(request.to_string().as_bytes()))
        .expect("the native core returns JSON");

    let extra = option_args(&options);
    let mut args: Vec<&str> = vec!["check", "--format", "json"];
    if let Some(b) = &benchmark {
        args.extend(["--benchmark", b.as_str()]);
    }
    args.extend(extra.iter().map(String::as_str));
    args.extend(files.iter().map(String::as_str));
    let out = run_in(Some(case), &args, b"");
    let cli = serde_json::from_slice::<Value>(&out.stdout)
        .map_err(|e| format!("`kubecis {}` printed no JSON ({e})\n{}", args.join(" "), describe(&out)));
    Run { case: name(case), expected, cli, native }
}

fn run_all() -> Vec<Run> {
    let cases = cases();
    assert!(
        !cases.is_empty(),
        "no conformance case found in {} (a case is a directory with an expected.json)",
        cases_root().display()
    );
    cases.iter().map(|c| run_case(c)).collect()
}

/// The first path at which two JSON values differ, for a readable message.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        if let Some(d) = first_difference(p, q, &format!("{path}.{k}")) {
                            return Some(d);
                        }
                    }
                    (p, q) => return Some(format!("{path}.{k}: cli {p:?} vs native {q:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: cli has {} items, native {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: cli {a} vs native {b}")),
    }
}

#[test]
fn cli_reports_equal_the_native_core() {
    let mut failures = Vec::new();
    let runs = run_all();
    for run in &runs {
        match &run.cli {
            Err(e) => failures.push(format!("{}: {e}", run.case)),
            Ok(cli) if *cli != run.native => failures.push(format!(
                "{}: the CLI and the native core disagree at {}",
                run.case,
                first_difference(cli, &run.native, "$").unwrap_or_default()
            )),
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ between the wasm plugin (CLI) and the native core:\n\n{}",
        failures.len(),
        runs.len(),
        failures.join("\n\n")
    );
}

type Verdict = (Option<String>, Option<String>, Option<String>);

fn verdicts(list: &Value) -> BTreeMap<Verdict, usize> {
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let mut counts = BTreeMap::new();
    for v in list.as_array().into_iter().flatten() {
        *counts.entry((field(v, "rule"), field(v, "cis"), field(v, "status"))).or_insert(0) += 1;
    }
    counts
}

/// `a - b` as a multiset, each element listed as often as it is in excess.
fn excess(a: &BTreeMap<Verdict, usize>, b: &BTreeMap<Verdict, usize>) -> Vec<String> {
    let show = |o: &Option<String>| o.as_deref().unwrap_or("-").to_string();
    let mut out = Vec::new();
    for (k, n) in a {
        let m = b.get(k).copied().unwrap_or(0);
        for _ in m..*n {
            out.push(format!("{} {} {}", show(&k.2), show(&k.1), show(&k.0)));
        }
    }
    out
}

#[test]
fn verdicts_equal_expected_json() {
    let runs = run_all();
    let mut failures = Vec::new();
    for run in &runs {
        let Some(want_list) = run.expected.get("verdicts").filter(|v| v.is_array()) else {
            failures.push(format!("{}: expected.json has no `verdicts` list", run.case));
            continue;
        };
        // Judge the CLI's report; fall back to the native one if the CLI printed none
        // (that failure is reported by the other test).
        let report = run.cli.as_ref().unwrap_or(&run.native);
        if let Some(err) = report.get("error") {
            failures.push(format!("{}: the core rejected the request: {err}", run.case));
            continue;
        }
        let want = verdicts(want_list);
        let got = verdicts(report.get("findings").unwrap_or(&Value::Null));
        if want != got {
            let mut msg = format!("{}:", run.case);
            for line in excess(&want, &got) {
                msg.push_str(&format!("\n    - missing     {line}"));
            }
            for line in excess(&got, &want) {
                msg.push_str(&format!("\n    + unexpected  {line}"));
            }
            failures.push(msg);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases have verdicts other than expected.json (status cis rule):\n\n{}\n",
        failures.len(),
        runs.len(),
        failures.join("\n")
    );
}
