//! Secrets and terminals through the real plugin: a credential on the same command line
//! as a failing flag never reaches any output format, and a file name holding an escape
//! sequence is printed escaped.

mod common;

use common::*;

const SECRET: &str = "Sup3r-S3cret-Value";
const APISERVER: &str = "kube-apiserver --authorization-mode=AlwaysAllow --oidc-client-secret=Sup3r-S3cret-Value --etcd-servers=https://127.0.0.1:2379\n";
const KUBELET_INSECURE: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
const EVIL: &str = "evil\u{1b}[31m.yaml";

fn check(format: &str) -> String {
    let dir = temp_dir("secrets");
    std::fs::write(dir.join("apiserver.cmdline"), APISERVER).unwrap();
    std::fs::write(dir.join(EVIL), KUBELET_INSECURE).unwrap();
    let out = run_in(Some(&dir), &["check", SEED, "--format", format, "apiserver.cmdline", EVIL], b"");
    assert_eq!(code(&out), 1, "{}", describe(&out));
    stdout(&out) + &stderr(&out)
}

#[test]
fn a_credential_next_to_a_failing_flag_is_masked_in_every_format() {
    for format in ["text", "json", "sarif", "junit"] {
        let out = check(format);
        assert!(out.contains("AlwaysAllow"), "{format}: the failing finding is missing\n{out}");
        assert!(!out.contains(SECRET), "{format} leaks the secret:\n{out}");
    }
    let text = check("text");
    assert!(text.contains("--oidc-client-secret=•••• --etcd-servers"), "{text}");
    let json = check("json");
    assert!(json.contains("\"redactions\""), "{json}");
}

#[test]
fn a_file_name_with_an_escape_sequence_is_printed_escaped() {
    let text = check("text");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("evil\\u{1b}[31m.yaml:5:14: FAIL"), "{text}");
}
