//! Output formats and options with the real plugin: SARIF validated against the
//! official SARIF 2.1.0 schema, JUnit parsed back, `--fail-on`, `--select`/`--ignore`,
//! `--color`, `rules`, and the directory walk's ignores.

mod common;

use common::*;
use quick_xml::events::Event;
use serde_json::Value;

const INSECURE_KUBELET: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: AlwaysAllow\n";
const SECURE_KUBELET: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
const INSECURE_APISERVER: &str = "kube-apiserver --authorization-mode=AlwaysAllow --secure-port=6443\n";

/// A directory with an insecure kubelet config (two high failures) and an apiserver
/// command line (one critical failure).
fn node_dir() -> std::path::PathBuf {
    let dir = temp_dir("formats");
    std::fs::create_dir_all(dir.join("cfg")).unwrap();
    std::fs::write(dir.join("cfg/kubelet config.yaml"), INSECURE_KUBELET).unwrap();
    std::fs::write(dir.join("cfg/apiserver.txt"), INSECURE_APISERVER).unwrap();
    dir
}

fn check(args: &[&str]) -> std::process::Output {
    let dir = node_dir();
    let mut all = vec!["check"];
    if !args.contains(&"--select") {
        all.push(SEED);
    }
    all.extend_from_slice(args);
    all.push("cfg");
    run_in(Some(&dir), &all, b"")
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(out)))
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema_and_has_the_fields_github_reads() {
    let out = check(&["--format", "sarif"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let log = json(&out);
    // The schema's `language` patterns have a stray `]`, a literal in ECMA-262 regexes but
    // an error for Rust's regex engine: escape it, with the same meaning.
    let text = include_str!("data/sarif-schema-2.1.0.json");
    let stray = "[a-zA-Z]{2}]?$";
    assert!(text.contains(stray));
    let text = text.replace(stray, "[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).expect("the vendored schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    assert!(!validator.is_valid(&serde_json::json!({"runs": [{"tool": {}}]})), "the validator rejects a bad log");
    let problems: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(problems.is_empty(), "SARIF does not validate:\n{}\n{log:#}", problems.join("\n"));

    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "kubecis");
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= 3);
    for r in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "helpUri", "defaultConfiguration"] {
            assert!(!r[key].is_null(), "rule lacks {key}: {r}");
        }
        let sev: f64 = r["properties"]["security-severity"].as_str().unwrap().parse().unwrap();
        assert!((0.0..=10.0).contains(&sev));
    }
    let apiserver = rules.iter().find(|r| r["id"] == "apiserver-authorization-mode").unwrap();
    assert_eq!(apiserver["properties"]["security-severity"], "9.5");
    assert!(apiserver["properties"]["tags"].as_array().unwrap().iter().any(|t| t == "CIS 1.2.6"), "{apiserver}");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{results:#?}");
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(r["level"], "error");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][k].as_u64().unwrap() >= 1, "{loc}");
        }
        assert!(!r["partialFingerprints"].as_object().unwrap().is_empty());
        let change = &r["fixes"][0]["artifactChanges"][0];
        assert!(change["replacements"][0]["deletedRegion"]["byteOffset"].is_u64(), "{r}");
        assert!(change["replacements"][0]["insertedContent"]["text"].is_string(), "{r}");
    }
    let kubelet = results.iter().find(|r| r["ruleId"] == "kubelet-anonymous-auth").unwrap();
    let loc = &kubelet["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "cfg/kubelet%20config.yaml");
    assert_eq!(loc["region"]["startLine"], 5);

    // Fingerprints are stable from run to run.
    let again = json(&check(&["--format", "sarif"]));
    assert_eq!(again["runs"][0]["results"], run["results"]);
}

#[test]
fn sarif_unknown_findings_are_warnings_and_passes_are_left_out() {
    let dir = temp_dir("sarif-unknown");
    std::fs::write(
        dir.join("ps.txt"),
        "root 1 0 0 10:00 ? 00:00:01 /usr/bin/kubelet --config=/var/lib/kubelet/config.yaml\n",
    )
    .unwrap();
    std::fs::write(dir.join("ok.yaml"), "kube-apiserver --authorization-mode=Node,RBAC\n").unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "--format", "sarif", "ps.txt", "ok.yaml"], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let results = json(&out)["runs"][0]["results"].as_array().unwrap().clone();
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["level"] == "warning"), "{results:#?}");
}

/// The `<testcase>`s of a JUnit document: (classname, name, child element or "").
fn testcases(xml: &str) -> Vec<(String, String, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut in_case = false;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}")) {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attr = |k: &str| {
                    e.try_get_attribute(k)
                        .unwrap()
                        .map(|a| a.unescape_value().unwrap().into_owned())
                        .unwrap_or_default()
                };
                if name == "testcase" {
                    out.push((attr("classname"), attr("name"), String::new()));
                    in_case = true;
                } else if in_case && ["failure", "skipped", "error"].contains(&name.as_str()) {
                    out.last_mut().unwrap().2 = name;
                }
            }
            Event::End(e) if e.name().as_ref() == b"testcase" => in_case = false,
            _ => {}
        }
    }
    out
}

#[test]
fn junit_parses_and_has_a_failure_per_failing_finding() {
    let out = check(&["--format", "junit"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let xml = stdout(&out);
    assert!(xml.starts_with("<?xml"), "{xml}");
    let cases = testcases(&xml);
    let failures: Vec<_> = cases.iter().filter(|c| c.2 == "failure").collect();
    assert_eq!(failures.len(), 3, "{cases:?}");
    assert!(cases.contains(&(
        "cfg/kubelet config.yaml".into(),
        "4.2.1 kubelet-anonymous-auth".into(),
        "failure".into()
    )));
    assert!(xml.contains(r#"failures="3""#), "{xml}");

    // A pass is a bare testcase; an unknown one is skipped.
    let dir = temp_dir("junit-mixed");
    std::fs::write(dir.join("ok.yaml"), SECURE_KUBELET).unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "--format", "junit", "ok.yaml"], b"");
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let cases = testcases(&stdout(&out));
    assert_eq!(cases.len(), 2);
    assert!(cases.iter().all(|c| c.2.is_empty()), "{cases:?}");
}

#[test]
fn fail_on_sets_the_threshold() {
    assert_eq!(code(&check(&[])), 1);
    assert_eq!(code(&check(&["--fail-on", "critical"])), 1);
    // Without the critical apiserver finding, only high failures remain.
    assert_eq!(code(&check(&["--fail-on", "critical", "--ignore", "apiserver-authorization-mode"])), 0);
    assert_eq!(code(&check(&["--fail-on", "high", "--ignore", "1.2.6"])), 1);
    let out = check(&["--fail-on", "severe"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
}

#[test]
fn select_and_ignore_filter_findings_and_the_summary() {
    let report = json(&check(&["--format", "json", "--select", "4.2"]));
    let findings = report["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.len() > 10 && rules.contains(&"kubelet-anonymous-auth"), "{rules:?}");
    assert!(rules.iter().all(|r| r.starts_with("kubelet-")), "{rules:?}");
    let fails = findings.iter().filter(|f| f["status"] == "fail").count();
    assert_eq!(report["summary"]["fail"], fails);

    let report = json(&check(&["--format", "json", "--select", "kubelet-anonymous-auth,1.2.6", "--ignore", "4.2.1"]));
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["findings"][0]["rule"], "apiserver-authorization-mode");
    assert_eq!(report["summary"]["fail"], 1);

    let out = check(&["--select", "kubelet-anonymus-auth"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("no rule has the slug or CIS id kubelet-anonymus-auth"), "{}", describe(&out));
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let esc = |out: &std::process::Output| stdout(out).contains('\x1b');
    // The helpers set NO_COLOR=1 and stdout is a pipe.
    assert!(!esc(&check(&[])));
    assert!(!esc(&check(&["--color", "auto"])));
    assert!(esc(&run_in(Some(&node_dir()), &["--color", "always", "check", SEED, "cfg"], b"")));
    assert!(!esc(&check(&["--color", "never"])));
}

#[test]
fn quiet_shows_only_what_fails() {
    let dir = node_dir();
    std::fs::write(dir.join("cfg/ok.yaml"), "kube-apiserver --authorization-mode=Node,RBAC\n").unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "--quiet", "cfg"], b"");
    let text = stdout(&out);
    assert!(text.contains("FAIL [1.2.6"), "{text}");
    assert!(!text.contains(": pass ["), "{text}");
    assert!(
        text.trim_end().ends_with(
            "3 fail, 1 pass (not shown: --show-passes), 0 unknown; 3 fixable with `kubecis fix --write --unsafe-fixes`"
        ),
        "{text}"
    );
    assert!(!text.contains("Read "), "no list of files with --quiet: {text}");
}

#[test]
fn directories_skip_git_node_modules_and_target() {
    let dir = node_dir();
    for d in [".git", "node_modules", "target"] {
        std::fs::create_dir_all(dir.join("cfg").join(d)).unwrap();
        std::fs::write(dir.join("cfg").join(d).join("kubelet.yaml"), INSECURE_KUBELET).unwrap();
    }
    std::fs::write(dir.join("cfg/target.yaml"), SECURE_KUBELET).unwrap();
    let report = json(&run_in(Some(&dir), &["check", SEED, "--format", "json", "cfg"], b""));
    let names: Vec<&str> =
        report["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["cfg/apiserver.txt", "cfg/kubelet config.yaml", "cfg/target.yaml"]);
}

#[test]
fn stdin_and_exit_codes_for_missing_files() {
    let out = run_in(None, &["check", SEED, "--format", "json", "-"], INSECURE_KUBELET.as_bytes());
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(json(&out)["documents"][0]["name"], "<stdin>");
    let out = run_in(None, &["check", SEED, "-"], SECURE_KUBELET.as_bytes());
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let out = run(&["check", "--format", "sarif", "/nonexistent/config.yaml"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
}

#[test]
fn rules_lists_cis_ids_per_benchmark_and_aliases() {
    let out = run(&["rules"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let text = stdout(&out);
    assert!(text.contains("1.2.6    apiserver-authorization-mode"), "{text}");
    assert!(text.contains("1.2.7 in cis-1.5, cis-1.6, cis-1.23"), "{text}");
    assert!(text.contains("aliases: checkov CKV_K8S_138, datadog 349-cpn-a92"), "{text}");
    let out = run(&["rules", "--benchmark", "cis-1.6"]);
    assert!(stdout(&out).contains("1.2.7    apiserver-authorization-mode"), "{}", describe(&out));
    let rules: Value = serde_json::from_slice(&run(&["rules", "--format", "json"]).stdout).unwrap();
    for r in rules.as_array().unwrap() {
        for key in ["slug", "title", "severity", "cis", "aliases"] {
            assert!(!r[key].is_null(), "{key} missing: {r}");
        }
    }
    let out = run(&["rules", "--format", "sarif"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
}

/// An inline suppression with a reason: the text view says it, SARIF carries it as an
/// in-source suppression, and the run no longer fails on it.
#[test]
fn inline_suppressions_reach_every_format() {
    let dir = temp_dir("suppressed");
    std::fs::write(
        dir.join("config.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true # kubecis: ignore[kubelet-anonymous-auth] lab cluster, no network\nauthorization:\n  mode: Webhook\n",
    )
    .unwrap();
    let text = run_in(Some(&dir), &["check", SEED, "config.yaml"], b"");
    assert_eq!(code(&text), 0, "{}", describe(&text));
    assert!(stdout(&text).contains("suppressed fail [4.2.1 kubelet-anonymous-auth]"), "{}", describe(&text));
    assert!(
        stdout(&text).contains("0 fail, 1 pass (not shown: --show-passes), 0 unknown, 1 suppressed"),
        "{}",
        describe(&text)
    );
    let sarif = run_in(Some(&dir), &["check", SEED, "--format", "sarif", "config.yaml"], b"");
    let log: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let anon = results.iter().find(|r| r["ruleId"] == "kubelet-anonymous-auth").unwrap();
    assert_eq!(
        anon["suppressions"],
        serde_json::json!([{"kind": "inSource", "justification": "lab cluster, no network"}])
    );
}
