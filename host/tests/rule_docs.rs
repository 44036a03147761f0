//! `kubecis rule`, the generated docs/rules pages, the rule help in SARIF, "did you
//! mean" for rule names, benchmark spellings, `--version`, completions and the man page.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

const INSECURE_KUBELET: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";

fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", describe(out)))
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(code(&out), 0, "{args:?}: {}", describe(&out));
    stdout(&out)
}

#[test]
fn rule_prints_the_documentation_by_slug_cis_id_or_alias() {
    let doc = ok(&["rule", "kubelet-anonymous-auth"]);
    assert_eq!(ok(&["rule", "4.2.1"]), doc);
    assert_eq!(ok(&["rule", "ckv_k8s_138"]), doc, "aliases match in any case");
    for want in [
        "kubelet-anonymous-auth\nEnsure that the --anonymous-auth argument is set to false\n",
        "severity:     high",
        "CIS control:  4.2.1 in cis-1.12 (automated)",
        "fix:          unsafe",
        "flag:                       --anonymous-auth",
        "kubelet config file field:  authentication.anonymous.enabled",
        "wanted:                     false",
        "without a config file (no --config):    true",
        "with a config file that leaves it out:  false",
        "Audit: how kubecis decides\n  Passes when the effective authentication.anonymous.enabled is false.",
        "Rationale\n  When anonymous auth is enabled",
        "config file:   Set authentication.anonymous.enabled: false in the kubelet config file",
        "kubeadm:       Set authentication.anonymous.enabled: false in the KubeletConfiguration given to kubeadm",
        "4.2.1 (automated):  cis-1.5, cis-1.6, cis-1.20",
        "checkov:    CKV_K8S_138",
    ] {
        assert!(doc.contains(want), "lacks {want:?}:\n{doc}");
    }

    // A CIS id is the chosen benchmark's: 1.2.7 is another control in cis-1.5.
    let newest = ok(&["rule", "1.2.7"]);
    let old = ok(&["rule", "1.2.7", "--benchmark", "1.5"]);
    assert!(old.starts_with("apiserver-authorization-mode\n"), "{old}");
    assert!(!newest.starts_with("apiserver-authorization-mode\n"), "{newest}");
    assert!(old.contains("CIS control:  1.2.7 in cis-1.5 (automated)"), "{old}");

    // A custom rule's audit is its own, not the declaration's sentence.
    let custom = ok(&["rule", "apiserver-authorization-mode"]);
    assert!(custom.contains("--authorization-mode appends over repetitions"), "{custom}");
    // A flag-only apiserver setting has one default, no config-file field.
    assert!(custom.contains("default:  unset"), "{custom}");
    assert!(!custom.contains("config file field"), "{custom}");
}

#[test]
fn rule_json_is_the_plugins_metadata_of_that_rule() {
    let all = json(&run(&["rules", "--format", "json"]));
    let want = all.as_array().unwrap().iter().find(|r| r["slug"] == "kubelet-read-only-port").unwrap().clone();
    let got = json(&run(&["rule", "--format", "json", "4.2.4"]));
    assert_eq!(got, want);
    assert_eq!(got["configField"], "readOnlyPort");
    assert_eq!(got["want"], "0");
    assert_eq!(got["defaults"]["withoutConfig"], "10255");
    assert!(got["audit"].as_str().unwrap().contains("--config-dir drop-ins"), "{got}");
    for key in ["config", "flag", "kubeadm"] {
        assert!(got["remediations"][key].is_string(), "{key}: {got}");
    }
    // The benchmarks come in the core's (release) order, not sorted as text.
    let order: Vec<&String> = got["cis"].as_object().unwrap().keys().collect();
    let core: Vec<&str> = kubecis_core::benchmark::BENCHMARKS.to_vec();
    assert_eq!(order, core);
    assert_eq!(
        json(&run(&["rule", "--all", "--format", "json"])).as_array().unwrap().len(),
        all.as_array().unwrap().len()
    );
}

#[test]
fn an_unknown_rule_name_exits_2_and_suggests_near_names() {
    let out = run(&["rule", "kubelet-anonymus-auth"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stdout(&out).is_empty(), "{}", describe(&out));
    assert!(stderr(&out).contains("did you mean kubelet-anonymous-auth"), "{}", describe(&out));

    let out = run(&["rule", "CKV_K8S_1380"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("CKV_K8S_138 (kubelet-anonymous-auth)"), "{}", describe(&out));

    // An id that only older benchmarks have names its rule and where.
    let out = run(&["rule", "1.2.35"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("apiserver-tls-cipher-suites (1.2.35 in cis-1.5, cis-1.6)"), "{}", describe(&out));

    let out = run(&["rule", "frobnicate"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("`kubecis rules` lists them"), "{}", describe(&out));
    assert_eq!(code(&run(&["rule"])), 2);
    assert_eq!(code(&run(&["rule", "4.2.1", "--benchmark", "cis-0.1"])), 2);
}

#[test]
fn an_unknown_select_or_ignore_name_exits_2_and_suggests_near_names() {
    let dir = temp_dir("select-typo");
    std::fs::write(dir.join("config.yaml"), INSECURE_KUBELET).unwrap();
    for args in [["--select", "kubelet-anonymus-auth"], ["--ignore", "kubelet-anonymus-auth"]] {
        let out = run_in(Some(&dir), &["check", args[0], args[1], "config.yaml"], b"");
        assert_eq!(code(&out), 2, "{}", describe(&out));
        let err = stderr(&out);
        assert!(err.contains("no rule has the slug or CIS id kubelet-anonymus-auth"), "{err}");
        assert!(err.contains("did you mean kubelet-anonymous-auth?"), "{err}");
        assert!(!err.contains("plugin"), "a user message names no internals: {err}");
    }
}

/// docs/rules/ is what `kubecis rule --all --markdown` writes, file for file.
#[test]
fn docs_rules_are_up_to_date() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let fresh = temp_dir("docs-rules");
    let out = run(&["rule", "--all", "--markdown", fresh.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let names = |dir: &Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .map(|it| it.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    let how = "docs/rules is out of date: run `cargo run -p kubecis -- rule --all --markdown docs/rules` and commit it";
    assert_eq!(names(&committed), names(&fresh), "{how}");
    for name in names(&fresh) {
        let want = std::fs::read_to_string(fresh.join(&name)).unwrap();
        let have = std::fs::read_to_string(committed.join(&name)).unwrap();
        assert!(have == want, "{name} differs. {how}");
    }

    let rules = json(&run(&["rules", "--format", "json"]));
    let index = std::fs::read_to_string(fresh.join("README.md")).unwrap();
    assert!(index.contains("| rule | cis-1.12 | severity | title |"), "{index}");
    assert!(index.contains("| [kubelet-anonymous-auth](kubelet-anonymous-auth.md) | 4.2.1 | high |"), "{index}");
    assert_eq!(names(&fresh).len(), rules.as_array().unwrap().len() + 1);
    let page = std::fs::read_to_string(fresh.join("kubelet-anonymous-auth.md")).unwrap();
    assert!(page.contains("# kubelet-anonymous-auth\n"), "{page}");
    assert!(page.contains("- **kubelet config file field**: authentication.anonymous.enabled"), "{page}");
    // Markdown markup in the text is escaped: `*.` is a resource, not emphasis.
    let providers = std::fs::read_to_string(fresh.join("apiserver-encryption-providers.md")).unwrap();
    assert!(providers.contains(r"then \*., then \*.\*"), "{providers}");
}

#[test]
fn sarif_rules_carry_their_own_description_and_documentation() {
    let dir = temp_dir("sarif-help");
    std::fs::write(dir.join("config.yaml"), INSECURE_KUBELET).unwrap();
    let out = run_in(Some(&dir), &["check", "--format", "sarif", "config.yaml"], b"");
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let log = json(&out);
    let validator = sarif_validator();
    let problems: Vec<String> = validator.iter_errors(&log).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(problems.is_empty(), "SARIF does not validate:\n{}", problems.join("\n"));

    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let descriptions: BTreeSet<&str> = rules.iter().map(|r| r["fullDescription"]["text"].as_str().unwrap()).collect();
    assert_eq!(descriptions.len(), rules.len(), "every rule has its own fullDescription");
    let get = |slug: &str| rules.iter().find(|r| r["id"] == slug).unwrap();
    let (kubelet, apiserver) = (get("kubelet-tls-cert-file"), get("apiserver-tls-cert-file"));
    assert_ne!(kubelet["fullDescription"], apiserver["fullDescription"]);
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    for r in rules {
        let slug = r["id"].as_str().unwrap();
        assert_eq!(r["helpUri"], format!("https://github.com/kubecis/kubecis/blob/main/docs/rules/{slug}.md"));
        assert!(docs.join(format!("{slug}.md")).is_file(), "helpUri of {slug} points at no file");
        assert!(r["help"]["text"].as_str().unwrap().starts_with(&format!("{slug}\n")), "{r}");
        assert!(r["help"]["markdown"].as_str().unwrap().starts_with(&format!("# {slug}\n")), "{r}");
    }
    let help = get("kubelet-anonymous-auth")["help"]["text"].as_str().unwrap();
    assert_eq!(help, ok(&["rule", "kubelet-anonymous-auth"]), "SARIF's help is the rule's documentation");
}

#[test]
fn benchmark_versions_are_accepted_without_the_prefix_and_listed_in_release_order() {
    let dir = temp_dir("benchmark-spelling");
    std::fs::write(dir.join("config.yaml"), INSECURE_KUBELET).unwrap();
    for (given, meant) in [("1.12", "cis-1.12"), ("v1.6", "cis-1.6"), ("CIS-1.10", "cis-1.10")] {
        let out = run_in(Some(&dir), &["check", "--format", "json", "--benchmark", given, "config.yaml"], b"");
        assert_eq!(code(&out), 1, "{given}: {}", describe(&out));
        assert_eq!(json(&out)["benchmark"], meant, "{given}");
    }
    let out = run_in(Some(&dir), &["check", "--benchmark", "1.13", "config.yaml"], b"");
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("unknown benchmark \"1.13\""), "{}", describe(&out));
    assert!(ok(&["rules", "--benchmark", "1.6"]).contains("1.2.7    apiserver-authorization-mode"));
    assert_eq!(code(&run(&["rules", "--benchmark", "1.13"])), 2);

    let listed = kubecis_core::benchmark::BENCHMARKS.join(", ");
    assert!(listed.find("cis-1.9").unwrap() < listed.find("cis-1.10").unwrap(), "{listed}");
    for command in ["check", "node", "fix", "rules", "rule"] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains(&listed), "{command} --help lacks {listed}:\n{help}");
    }
}

#[test]
fn version_names_the_cli_the_plugin_abi_and_its_build() {
    let info = ok(&["plugin", "--info"]);
    let sha = info.lines().find_map(|l| l.strip_prefix("sha256:")).unwrap().trim().to_string();
    let version = ok(&["--version"]);
    assert!(version.starts_with(&format!("kubecis {}\n", env!("CARGO_PKG_VERSION"))), "{version}");
    assert!(version.contains(&format!("plugin: embedded, ABI version 1, sha256 {sha}\n")), "{version}\n{info}");
    assert_eq!(ok(&["-V"]), format!("kubecis {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_and_the_man_page_come_from_the_command_definition() {
    let bash = ok(&["completions", "bash"]);
    for want in ["check", "--format", "--benchmark", "rule", "sarif"] {
        assert!(bash.contains(want), "bash completion lacks {want}");
    }
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert!(ok(&["completions", shell]).contains("check"), "{shell}");
    }
    assert_eq!(code(&run(&["completions", "tcsh"])), 2);
    let man = ok(&["man"]);
    assert!(man.contains(".TH kubecis 1"), "{man}");
    for sub in ["check", "node", "fix", "rules", "rule", "completions", "plugin"] {
        assert!(man.contains(sub), "man page lacks {sub}");
    }
}
