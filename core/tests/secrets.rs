//! Credentials and terminals: real documents that hold passwords, tokens and keys next
//! to the settings the rules read. No credential appears anywhere in the report; each
//! one's bytes are listed in `redactions` (so a host printing the document masks
//! them); references to credentials (`--token-auth-file`) stay visible; names and words
//! with control characters come back escaped.

use kubecis_core::report::Report;
use kubecis_core::{check, Document, Options};

fn doc(name: &str, content: &str) -> Document {
    Document::new(name.to_string(), content.to_string())
}

fn run(docs: &[Document]) -> (Report, String) {
    let report = check(docs, &Options::default()).unwrap();
    let json = serde_json::to_string(&report).unwrap();
    (report, json)
}

/// Every secret is absent from the report and masked where document `doc` holds it.
fn assert_masked(report: &Report, json: &str, doc: usize, content: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!json.contains(secret), "{secret} leaks into the report: {json}");
        let at = content.find(secret).unwrap_or_else(|| panic!("{secret} is not in the document"));
        let end = at + secret.len();
        assert!(
            report.redactions.iter().any(|r| r.document == doc && r.start <= at && end <= r.end),
            "{secret} at {at}..{end} is not redacted: {:?}",
            report.redactions
        );
    }
}

const APISERVER_POD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.33.1
    command:
    - kube-apiserver
    - --authorization-mode=AlwaysAllow
    - --oidc-client-secret=Oidc-Cl13nt-S3cret
    - --token-auth-file=/etc/kubernetes/tokens.csv
    - --etcd-password
    - "Etcd-Pa55word"
    env:
    - name: DB_PASSWORD
      value: Db-Pa55word-123
    - name: LOG_LEVEL
      value: debug
"#;

#[test]
fn apiserver_manifest_flags_and_env() {
    let (report, json) = run(&[doc("etc/kubernetes/manifests/kube-apiserver.yaml", APISERVER_POD)]);
    // The failing finding and the unknown-flag error are about this very block of lines.
    assert!(report.findings.iter().any(|f| f.rule == "apiserver-authorization-mode"), "{json}");
    assert!(report.errors.iter().any(|e| e.message.contains("etcd-password")), "{json}");
    assert_masked(&report, &json, 0, APISERVER_POD, &["Oidc-Cl13nt-S3cret", "Etcd-Pa55word", "Db-Pa55word-123"]);
    // A path to a credential file is no credential.
    let path = APISERVER_POD.find("/etc/kubernetes/tokens.csv").unwrap();
    assert!(!report.redactions.iter().any(|r| r.start <= path && path < r.end), "{:?}", report.redactions);
    assert!(!report.redactions.iter().any(|r| APISERVER_POD[r.start..r.end].contains("debug")));
}

const ETCD: &str = "etcd --name=m1 --data-dir=/var/lib/etcd --initial-cluster-token=etcd-cluster-7f3a9 --discovery-password x9-Discovery-Pw --client-cert-auth=true\n";

#[test]
fn etcd_registry_marks_its_tokens() {
    let (report, json) = run(&[doc("etcd.cmdline", ETCD)]);
    assert_masked(&report, &json, 0, ETCD, &["etcd-cluster-7f3a9", "x9-Discovery-Pw"]);
}

const KUBEADM: &str = r#"apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
bootstrapTokens:
- token: "abcdef.0123456789abcdef"
  ttl: 24h0m0s
  usages: [signing, authentication]
certificateKey: e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204
nodeRegistration:
  kubeletExtraArgs:
    anonymous-auth: "true"
---
apiVersion: kubeadm.k8s.io/v1beta3
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: 10.0.0.1:6443
    token: 9a08jv.c0izixklcxtmnze7
    caCertHashes: [sha256:aaaa]
  tlsBootstrapToken: 9a08jv.c0izixklcxtmnze8
"#;

#[test]
fn kubeadm_tokens_and_certificate_key() {
    let (report, json) = run(&[doc("kubeadm.yaml", KUBEADM)]);
    assert_masked(
        &report,
        &json,
        0,
        KUBEADM,
        &[
            "abcdef.0123456789abcdef",
            "e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204",
            "9a08jv.c0izixklcxtmnze7",
            "9a08jv.c0izixklcxtmnze8",
        ],
    );
    // The token's lifetime and usages, and the endpoint, are not credentials.
    for shown in ["24h0m0s", "signing", "10.0.0.1:6443"] {
        let at = KUBEADM.find(shown).unwrap();
        assert!(!report.redactions.iter().any(|r| r.start <= at && at < r.end), "{shown}");
    }
}

const KUBECONFIG: &str = r#"apiVersion: v1
kind: Config
users:
- name: admin
  user:
    client-certificate-data: LS0tQ0VSVElGSUNBVEU=
    client-key-data: LS0tLS1CRUdJTi1QUklWQVRFLUtFWS0tLS0t
- name: robot
  user:
    token: eyJhbGciOiJSUzI1NiJ9.robot-token
- name: basic
  user:
    username: alice
    password: Al1ce-Pa55
"#;

#[test]
fn kubeconfig_keys_tokens_passwords() {
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    let (report, json) = run(&[doc("kubeconfig", KUBECONFIG), doc("config.yaml", config)]);
    assert_masked(
        &report,
        &json,
        0,
        KUBECONFIG,
        &["LS0tLS1CRUdJTi1QUklWQVRFLUtFWS0tLS0t", "eyJhbGciOiJSUzI1NiJ9.robot-token", "Al1ce-Pa55"],
    );
}

const UNIT: &str = "[Service]\nEnvironment=\"KUBELET_EXTRA_ARGS=--anonymous-auth=true\" \"REGISTRY_TOKEN=Reg-T0ken-991\"\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet $KUBELET_EXTRA_ARGS $KUBELET_ARGS\n";
const ENV_FILE: &str = "KUBELET_ARGS=--storage-driver-password=Cadv1sor-Pw --x-api-key=Unkn0wn-Api-K3y\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG\n";

#[test]
fn unit_environment_and_env_file() {
    let (report, json) = run(&[doc("etc/systemd/system/kubelet.service", UNIT), doc("etc/default/kubelet", ENV_FILE)]);
    assert!(report.findings.iter().any(|f| f.rule == "kubelet-anonymous-auth"), "{json}");
    assert_masked(&report, &json, 0, UNIT, &["Reg-T0ken-991"]);
    assert_masked(&report, &json, 1, ENV_FILE, &["Cadv1sor-Pw", "Unkn0wn-Api-K3y", "wJalrXUtnFEMI/K7MDENG"]);
}

#[test]
fn long_stray_words_are_described_not_quoted() {
    let blob = "c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItYWVzY2ItYW5kLW1vcmUtYnl0ZXM";
    let line = format!("kubelet --anonymous-auth {blob} --authorization-mode=Webhook\n");
    let (_, json) = run(&[doc("kubelet.cmdline", &line)]);
    assert!(!json.contains(blob), "{json}");
    assert!(json.contains("characters, not shown"), "{json}");
    // A short one is still quoted: it is what the user needs to see.
    let (_, json) = run(&[doc("kubelet.cmdline", "kubelet --anonymous-auth false\n")]);
    assert!(json.contains(r#"leaves \"false\" as a stray argument"#), "{json}");
}

#[test]
fn control_characters_come_back_escaped() {
    let name = "evil\u{1b}[31m\u{202e}.yaml";
    let content = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nstaticPodPath: \"/etc/\u{1b}]0;owned\u{7}\"\n";
    let (report, json) = run(&[doc(name, content), doc("kubelet.cmdline", "kubelet --config=/x\u{9b}31m\n")]);
    assert_eq!(report.documents[0].name, "evil\\u{1b}[31m\\u{202e}.yaml");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!json.contains(bad), "{bad:?} in {json}");
    }
}

// Held-out attacks, round three: credentials in the words of an error message.

const GOOD_CONFIG: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";

/// go-yaml refuses `!!int text` ("cannot decode !!str `text` as a !!int"), and so does
/// kubecis, quoting the text: a tagged credential must not come back in that message.
#[test]
fn a_tagged_credential_that_does_not_parse_is_not_quoted_in_the_error() {
    for (text, secret) in [
        (
            "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: !!int Tok3n-Zz9-Secret\n",
            "Tok3n-Zz9-Secret",
        ),
        (
            "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    password: !!bool Pa55-Qq7-word\n",
            "Pa55-Qq7-word",
        ),
        ("apiVersion: v1\nkind: Secret\nstringData:\n  k: !!float Str1ng-Data-Xx\n", "Str1ng-Data-Xx"),
        (
            "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    client-key-data: !!null Key-Data-Yy5\n",
            "Key-Data-Yy5",
        ),
    ] {
        let (report, json) = run(&[doc("kubeconfig", text), doc("config.yaml", GOOD_CONFIG)]);
        assert!(report.findings.iter().any(|f| f.rule == "kubelet-anonymous-auth"), "{json}");
        assert!(!report.errors.is_empty(), "{json}");
        assert_masked(&report, &json, 0, text, &[secret]);
    }
}

/// A mistyped sensitive flag is an unknown flag: its value must not be quoted either.
#[test]
fn a_mistyped_sensitive_flag_keeps_its_value_out_of_the_report() {
    for line in [
        "kube-apiserver --authorization-mode=AlwaysAllow --oidc-client-secert=Oidc-Typo-S3cret\n",
        "kube-apiserver --authorization-mode=AlwaysAllow --oidc-client-secret\n",
        "kube-apiserver --authorization-mode=AlwaysAllow --etcd-keyfile=/k --oidc-client-secret=\"Qu0ted S3cret\"\n",
        "kube-apiserver --authorization-mode=AlwaysAllow -oidc-client-secret=Single-Dash-S3cret\n",
    ] {
        let (report, json) = run(&[doc("apiserver.cmdline", line), doc("config.yaml", GOOD_CONFIG)]);
        assert!(report.findings.iter().any(|f| f.rule == "apiserver-authorization-mode"), "{json}");
        for secret in ["Oidc-Typo-S3cret", "Qu0ted S3cret", "S3cret\"", "Single-Dash-S3cret"] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
    }
}
