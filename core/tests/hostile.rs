//! Hostile input: every bad document is checked together with a good one. The bad
//! document gets a located error (or is listed as Unknown), the good document's
//! verdicts stay exactly what they are when it is checked alone, and nothing panics,
//! hangs or eats memory. Limits are in `kubecis_core::limits` and docs/limits.md.

use kubecis_core::report::{Finding, InputError, Report};
use kubecis_core::{check, check_json, limits, Document, Options};

/// A kubelet config with anonymous auth enabled: anonymous-auth fails, authorization-mode passes.
const GOOD: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nauthorization:\n  mode: Webhook\n";
const GOOD_NAME: &str = "var/lib/kubelet/config.yaml";

fn doc(name: &str, content: impl Into<String>) -> Document {
    Document::new(name.to_string(), content.into())
}

/// What the good document's findings say, whatever its index.
fn good_verdicts(report: &Report, index: usize) -> Vec<(String, String, String, Option<String>)> {
    report
        .findings
        .iter()
        .filter(|f| f.documents.contains(&index))
        .map(|f| {
            (
                f.rule.to_string(),
                serde_json::to_value(f.status).unwrap().as_str().unwrap().to_string(),
                f.message.clone(),
                f.fix.as_ref().map(|x| x.edits.iter().map(|e| e.text.clone()).collect::<Vec<_>>().join("|")),
            )
        })
        .collect()
}

fn alone() -> Vec<(String, String, String, Option<String>)> {
    let r = check(&[doc(GOOD_NAME, GOOD)], &Options::default()).unwrap();
    let v = good_verdicts(&r, 0);
    let seed: Vec<String> = v
        .iter()
        .filter(|(r, ..)| r == "kubelet-anonymous-auth" || r == "kubelet-authorization-mode")
        .map(|(r, s, ..)| format!("{r}={s}"))
        .collect();
    assert_eq!(seed, ["kubelet-anonymous-auth=fail", "kubelet-authorization-mode=pass"]);
    v
}

/// Checks the hostile document (index 0) with the good one (index 1); asserts the
/// good one's verdicts are intact and returns the report.
fn with_good(name: &str, hostile: impl Into<String>) -> Report {
    let docs = [doc(name, hostile), doc(GOOD_NAME, GOOD)];
    let report = check(&docs, &Options::default()).expect("check never fails on documents");
    assert_eq!(good_verdicts(&report, 1), alone(), "the good document's verdicts changed");
    assert!(report.errors.iter().all(|e| e.document == 0), "errors blamed on the good document: {:?}", report.errors);
    // The report always serialises.
    serde_json::to_string(&report).unwrap();
    report
}

/// The hostile document's errors; asserts there is one, located inside the document,
/// whose message contains `needle`.
fn located_error<'r>(report: &'r Report, content_len: usize, needle: &str) -> &'r InputError {
    let e = report
        .errors
        .iter()
        .find(|e| e.document == 0 && e.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?}: {:#?}", report.errors));
    let l = e.location.as_ref().expect("the error is located");
    assert_eq!(l.document, 0);
    assert!(l.start.offset <= l.end.offset && l.end.offset <= content_len, "{l:?}");
    assert!(l.start.line >= 1 && l.start.column >= 1);
    e
}

fn kind(report: &Report, index: usize) -> &str {
    &report.documents[index].kind
}

/// The hostile document's findings of the seed rules (the anonymous-auth and
/// authorization-mode rules the attacks aim at).
fn hostile_findings(report: &Report) -> Vec<&Finding> {
    const SEED: &[&str] = &["kubelet-anonymous-auth", "kubelet-authorization-mode", "apiserver-authorization-mode"];
    report.findings.iter().filter(|f| f.documents.contains(&0) && SEED.contains(&f.rule)).collect()
}

#[test]
fn billion_laughs_is_refused() {
    let mut bomb = String::from("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    let r = with_good("bomb.yaml", bomb.clone());
    located_error(&r, bomb.len(), "billion-laughs");
    assert!(hostile_findings(&r).is_empty());
}

#[test]
fn nested_anchors_around_a_large_list_are_refused_before_copying() {
    // Each anchor would keep its own copy of everything inside it.
    let depth = 60;
    let inner = vec!["x"; 5_000].join(", ");
    let text = (0..depth).map(|i| format!("&a{i} [")).collect::<String>() + &inner + &"]".repeat(depth);
    let r = with_good("anchors.yaml", text.clone());
    located_error(&r, text.len(), "billion-laughs");
}

#[test]
fn aliases_count_toward_the_nesting_depth() {
    // Each level nests the previous one twice: shallow as written, deep once expanded.
    let mut text = String::from("a0: &a0 [[[[[[[[[[x]]]]]]]]]]\n");
    for i in 1..10 {
        text.push_str(&format!("a{i}: &a{i} [[[[[[[[[[*a{}]]]]]]]]]]\n", i - 1));
    }
    let r = with_good("deep-alias.yaml", text.clone());
    located_error(&r, text.len(), "nesting deeper than");
}

#[test]
fn deep_flow_nesting_yaml_and_json() {
    for (name, text) in [
        ("seq.yaml", "[".repeat(100_000)),
        ("map.json", "{".repeat(1 << 20)),
        ("closed.json", "[".repeat(100_000) + &"]".repeat(100_000)),
        (
            "config.json",
            format!(
                "{{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"x\":{}1{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        ("mixed.json", "{\"a\":[".repeat(50_000)),
    ] {
        let r = with_good(name, text.clone());
        located_error(&r, text.len(), "nesting deeper than 64 levels");
    }
}

#[test]
fn deep_block_nesting() {
    let dashes = "- ".repeat(100_000);
    let r = with_good("dashes.yaml", dashes.clone());
    located_error(&r, dashes.len(), "nesting deeper than 64 levels");

    let lines: String = (0..20_000).map(|i| format!("{}- a\n", " ".repeat(i % 100))).collect();
    with_good("staircase.yaml", lines);

    let maps: String = (0..2_000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    let r = with_good("maps.yaml", maps.clone());
    located_error(&r, maps.len(), "nesting deeper than 64 levels");
}

#[test]
fn a_document_past_the_size_limit_is_not_read() {
    let mut big = String::from("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
    while big.len() <= 20 * 1024 * 1024 {
        big.push_str("# padding padding padding padding padding padding padding padding padding\n");
    }
    big.push_str("authentication:\n  anonymous:\n    enabled: false\n");
    let r = with_good("huge.yaml", big.clone());
    located_error(&r, big.len(), "the limit is 16777216 bytes");
    assert_eq!(kind(&r, 0), "Invalid");
    assert!(hostile_findings(&r).is_empty());
}

#[test]
fn documents_past_the_total_size_are_listed_not_read() {
    // Blank documents: read (and found empty) at once, so the test stays fast.
    let chunk = " ".repeat(limits::MAX_DOCUMENT_BYTES);
    let mut docs = vec![doc(GOOD_NAME, GOOD)];
    let n = limits::MAX_TOTAL_BYTES / chunk.len() + 1;
    docs.extend((0..n).map(|i| doc(&format!("pad{i}.txt"), chunk.clone())));
    let r = check(&docs, &Options::default()).unwrap();
    assert_eq!(good_verdicts(&r, 0), alone());
    assert_eq!(r.documents.len(), n + 1);
    let last = r.errors.iter().find(|e| e.document == n).expect("the last document is refused");
    assert!(last.message.contains("more than 50331648 bytes"), "{}", last.message);
    assert!(last.location.is_some());
}

#[test]
fn documents_past_the_count_limit_are_listed_not_read() {
    let mut docs = vec![doc(GOOD_NAME, GOOD)];
    // Unrelated one-word documents: read at once, and no error of their own.
    docs.extend((0..limits::MAX_DOCUMENTS).map(|i| doc(&format!("word{i}"), "x")));
    let r = check(&docs, &Options::default()).unwrap();
    assert_eq!(good_verdicts(&r, 0), alone());
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].document, limits::MAX_DOCUMENTS);
    assert!(r.errors[0].message.contains("at most 10000 documents"));
}

#[test]
fn megabyte_command_lines() {
    let line = format!("/usr/bin/kubelet {}--config=/x.yaml", "--anonymous-auth=true ".repeat(50_000));
    assert!(line.len() > 1_000_000);
    let r = with_good("cmdline.txt", line.clone());
    located_error(&r, line.len(), "the limit is 262144 bytes");
    assert!(hostile_findings(&r).is_empty());

    let proc = format!("/usr/bin/kubelet\0{}", "--anonymous-auth=true\0".repeat(50_000));
    let r = with_good("proc/1/cmdline", proc.clone());
    located_error(&r, proc.len(), "262144 bytes");

    let unit = format!("[Service]\nExecStart=/usr/bin/kubelet {}\n", "--v=2 ".repeat(200_000));
    let r = with_good("kubelet.service", unit.clone());
    located_error(&r, unit.len(), "ExecStart= of");
}

#[test]
fn too_many_words_in_a_command_line() {
    let line = format!("kubelet {}", "-v ".repeat(limits::MAX_ARGS + 1));
    let r = with_good("cmdline.txt", line.clone());
    located_error(&r, line.len(), "words; the limit is 10000");
}

#[test]
fn variable_expansion_cannot_multiply_a_command_line() {
    let value = "--v=2 ".repeat(20_000);
    let env = format!("KUBELET_ARGS={value}\n");
    let unit = format!(
        "[Service]\nEnvironmentFile=/etc/default/kubelet\nExecStart=/usr/bin/kubelet {}\n",
        "$KUBELET_ARGS x${KUBELET_ARGS} ".repeat(5_000)
    );
    let docs = [
        doc("etc/systemd/system/kubelet.service", unit.clone()),
        doc("etc/default/kubelet", env),
        doc(GOOD_NAME, GOOD),
    ];
    let r = check(&docs, &Options::default()).unwrap();
    let e = r.errors.iter().find(|e| e.message.contains("expands to more than")).expect("expansion refused");
    assert_eq!(e.document, 0);
    assert!(e.location.is_some());
    // No kubelet command line is left, so the config is checked as the kubelet's --config.
    assert_eq!(good_verdicts(&r, 2), alone());
}

/// A static Pod's `$(VAR)` references to references (each doubling the one before) and a
/// script that forwards `"$@"` again and again stop at the limits, quickly.
#[test]
fn static_pod_expansion_cannot_multiply_a_command_line() {
    let mut env = String::from("    - {name: V0, value: --v=2}\n");
    for i in 1..=60 {
        env.push_str(&format!("    - {{name: V{i}, value: \"$(V{p}),$(V{p})\"}}\n", p = i - 1));
    }
    let pod = |command: &str, args: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: kube-apiserver, namespace: kube-system}}\nspec:\n  containers:\n  - name: kube-apiserver\n    command: {command}\n    args: [{args}]\n    env:\n{env}")
    };
    let refs = "$(V60) ".repeat(2_000);
    let manifest = pod(&format!("[kube-apiserver, --authorization-mode=AlwaysAllow, \"{refs}\"]"), "--v=2");
    let start = std::time::Instant::now();
    let r = with_good("etc/kubernetes/manifests/kube-apiserver.yaml", manifest);
    assert!(
        hostile_findings(&r).iter().all(|f| f.message.contains("command-line limit")),
        "{:#?}",
        hostile_findings(&r)
    );
    let script = "\"$@\" ".repeat(20_000);
    let args = vec!["--v=2"; 5_000].join(", ");
    let manifest = pod(&format!("[sh, -c, 'exec kube-apiserver {script}', kube-apiserver]"), &args);
    let r = with_good("etc/kubernetes/manifests/kube-apiserver.yaml", manifest.clone());
    located_error(&r, manifest.len(), "arguments; the limit is");
    assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn too_many_unit_settings() {
    let unit =
        format!("[Service]\n{}ExecStart=/usr/bin/kubelet\n", "Environment=A=1\n".repeat(limits::MAX_UNIT_SETTINGS + 5));
    let r = with_good("kubelet.service", unit.clone());
    located_error(&r, unit.len(), "more than 1000 Environment=");
}

#[test]
fn binary_content() {
    // Deterministic pseudo-random bytes, decoded lossily as hosts do.
    let mut x: u32 = 0x9e37_79b9;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let r = with_good("blob.bin", text.clone());
    located_error(&r, text.len(), "binary content");
    assert!(hostile_findings(&r).is_empty());

    // Binary without NUL bytes.
    let no_nul: Vec<u8> = bytes.iter().map(|b| b.max(&1)).copied().collect();
    let text = String::from_utf8_lossy(&no_nul).into_owned();
    let r = with_good("blob2.bin", text.clone());
    located_error(&r, text.len(), "binary content");
}

#[test]
fn invalid_utf8_is_reported_and_the_rest_still_read() {
    let mut bytes = GOOD.replace("enabled: true", "enabled: false").into_bytes();
    bytes.extend_from_slice(b"# caf\xe9 \xff\xfe\n");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let r = with_good("latin1.yaml", text.clone());
    let e = located_error(&r, text.len(), "invalid UTF-8");
    assert_eq!(e.location.unwrap().start.line, 8);
    // The config is still read: anonymous auth is disabled in it.
    let f = hostile_findings(&r);
    assert_eq!(f.len(), 2);
    assert!(f.iter().all(|f| f.status == kubecis_core::report::Status::Pass));

    // The JSON request itself must be UTF-8.
    let out: serde_json::Value =
        serde_json::from_str(&check_json(b"{\"documents\":[{\"content\":\"\xff\"}]}")).unwrap();
    assert!(out["error"]["message"].as_str().unwrap().contains("not UTF-8"));
}

#[test]
fn nul_bytes_in_yaml() {
    let text = GOOD.replace("kind: KubeletConfiguration", "kind: Kubelet\0Configuration");
    let r = with_good("nul.yaml", text.clone());
    let e = located_error(&r, text.len(), "NUL byte");
    assert_eq!(e.location.unwrap().start.line, 2);
    assert!(hostile_findings(&r).is_empty());

    // A NUL right at the end of the first line.
    let text = "apiVersion: v1\0\nkind: Pod\n";
    let r = with_good("nul2.yaml", text);
    located_error(&r, text.len(), "NUL byte");
}

#[test]
fn tabs_and_unterminated_quotes() {
    let tabs = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n\tanonymous:\n\t\tenabled: true\n";
    let r = with_good("tabs.yaml", tabs);
    let e = located_error(&r, tabs.len(), "tab");
    assert_eq!(e.location.unwrap().start.line, 4);

    let quote =
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthorization:\n  mode: \"Webhook\n";
    let r = with_good("quote.yaml", quote);
    located_error(&r, quote.len(), "invalid YAML");

    let shell = "/usr/bin/kube-apiserver --authorization-mode='Node,RBAC --anonymous-auth=false\n";
    let r = with_good("apiserver.txt", shell);
    located_error(&r, shell.len(), "unterminated single quote");
}

#[test]
fn duplicate_keys_are_reported_and_the_last_value_wins() {
    let text = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n    enabled: true\n";
    let r = with_good("dup.yaml", text);
    let e = located_error(&r, text.len(), "duplicate key \"enabled\"");
    assert!(e.message.contains("line 5, column 5 and line 6, column 5"), "{}", e.message);
    assert!(e.message.contains("strict decoding"), "{}", e.message);
    assert_eq!(e.location.unwrap().start.line, 6);
    let f = hostile_findings(&r);
    assert_eq!(f[0].rule, "kubelet-anonymous-auth");
    assert_eq!(f[0].status, kubecis_core::report::Status::Fail);

    // In JSON too, and at the top level.
    let json = "{\"apiVersion\":\"kubelet.config.k8s.io/v1beta1\",\"kind\":\"KubeletConfiguration\",\"authorization\":{\"mode\":\"AlwaysAllow\"},\"authorization\":{\"mode\":\"Webhook\"}}";
    let r = with_good("dup.json", json);
    located_error(&r, json.len(), "duplicate key \"authorization\"");
    assert!(hostile_findings(&r).iter().all(|f| f.status == kubecis_core::report::Status::Pass));
}

#[test]
fn wrong_types_fail_with_the_reason() {
    for (text, needle) in [
        ("authentication:\n  anonymous:\n    enabled: \"false\"\n", "must be a boolean, not the string"),
        ("authentication: [anonymous, webhook]\n", "authentication must be a mapping, not a list"),
        ("authentication:\n  anonymous: true\n", "authentication.anonymous must be a mapping, not a boolean"),
        ("authentication:\n  anonymous:\n    enabled: {a: 1}\n", "must be a boolean, not a mapping"),
    ] {
        let text = format!("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n{text}");
        let r = with_good("types.yaml", text.clone());
        let f = hostile_findings(&r);
        let anon = f.iter().find(|f| f.rule == "kubelet-anonymous-auth").unwrap();
        assert_eq!(anon.status, kubecis_core::report::Status::Fail, "{text}");
        assert!(anon.message.contains(needle), "{}", anon.message);
        assert!(anon.location.is_some());
        // No fix that would write `false` over a mapping's parent.
        if needle.contains("mapping, not") && !needle.contains("boolean, not") {
            assert!(anon.fix.is_none(), "{:?}", anon.fix);
        }
    }
    // A list where the document's map belongs, and a wrong extraArgs.
    with_good("list.yaml", "- a\n- b\n");
    let kubeadm = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs: 7\n";
    let r = with_good("kubeadm.yaml", kubeadm);
    located_error(&r, kubeadm.len(), "extraArgs must be a map");
}

#[test]
fn empty_documents_and_separator_only_streams() {
    for text in [
        "",
        "   \n\n",
        "---",
        "---\n---\n---\n",
        "--- \n...\n---\n# only comments\n",
        &"---\n".repeat(10_000),
        "~\n",
        "null",
    ] {
        // Nothing to check is not an error (an empty file in a repository): a note says so.
        let r = with_good("empty.yaml", text);
        assert_eq!(kind(&r, 0), "Unknown", "{text:?}");
        assert!(r.errors.is_empty(), "{text:?}: {:?}", r.errors);
        assert!(r.documents[0].note.as_deref().unwrap_or("").contains("empty"), "{text:?}: {:?}", r.documents[0]);
        assert!(hostile_findings(&r).is_empty());
    }
}

#[test]
fn too_many_stream_parts() {
    let part = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n";
    let text = part.repeat(limits::MAX_STREAM_PARTS + 1);
    let r = with_good("stream.yaml", text.clone());
    located_error(&r, text.len(), "more than 1000 documents in one stream");
}

#[test]
fn hostile_requests_to_check_json() {
    for request in [
        b"".to_vec(),
        b"[".repeat(100_000),
        b"{\"documents\":".to_vec(),
        b"{\"documents\":[{\"content\":1}]}".to_vec(),
        b"\x00\x01\x02".to_vec(),
        b"{\"documents\":[],\"options\":{\"benchmark\":\"cis-0\"}}".to_vec(),
    ] {
        let out: serde_json::Value = serde_json::from_str(&check_json(&request)).unwrap();
        assert!(out["error"]["message"].is_string(), "{out}");
    }
}

/// Inputs the fuzzers crashed on (fuzz/artifacts), decoded lossily as hosts do. Each is
/// checked alone, with the good document, and in the form its fuzz target wraps it in.
const FUZZ_CRASHES: &[&[u8]] = &[
    // env_file.rs: a backslash before a multi-byte character skipped one byte too many
    // and sliced inside the next character (fuzz target `yaml`).
    b"iapbV=\xff:\xec\xff\xff\xff\xff\\\xff\xff\xff\x9b\x9b:",
    b"A=\\\xff",
    // The same, found by the `command_line` target.
    b"nfig=/etc/\xd5\xd5\xd5\xd9\xd5\xd5+%\xd5\xd5\\\xd5\xd5\xd5\xd5\xff\xff\xff\xff\xff\xffl --kubeconfigation-moedWbe/luth=\xb6*",
];

#[test]
fn fuzz_crash_regressions() {
    for bytes in FUZZ_CRASHES {
        let text = String::from_utf8_lossy(bytes).into_owned();
        check(&[doc("fuzz", text.clone())], &Options::default()).unwrap();
        with_good("fuzz", text.clone());
        // A kubelet command line would take the good config away from the kubelet it describes.
        with_good("cmdline.txt", format!("/usr/bin/kube-apiserver {text}"));
        with_good("kubelet.service", format!("[Service]\n{text}"));
    }
}

#[test]
fn a_command_line_with_nul_bytes_inside_is_an_error() {
    let text = "kubelet --anonymous-auth=false\0\0\0--x\0";
    let r = with_good("cmdline.txt", text);
    assert_eq!(r.errors.iter().filter(|e| e.document == 0).count(), 1, "{:?}", r.errors);
    assert!(hostile_findings(&r).is_empty());
}

// ---- memory and time budgets (issue 10, classes 3 and 4) ------------------------------

#[test]
fn a_huge_flow_sequence_fails_alone_at_the_node_budget() {
    // 12 MiB of `1,`: six million nodes would take the check past its memory.
    let hostile = format!("apiVersion: v1\nkind: X\nitems: [{}1]\n", "1,".repeat(6 * 1024 * 1024));
    let report = with_good("big.yaml", hostile.clone());
    located_error(&report, hostile.len(), "more YAML nodes than 250000");
}

#[test]
fn repeated_keys_on_one_long_line_list_a_bounded_number_of_errors() {
    let entries = vec!["a: 1"; 100_000].join(",");
    let hostile = format!("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nx: {{{entries}}}\n");
    let docs = [doc("dup.yaml", hostile), doc(GOOD_NAME, GOOD)];
    let report = check(&docs, &Options::default()).unwrap();
    let errors: Vec<_> = report.errors.iter().filter(|e| e.document == 0).collect();
    assert_eq!(errors.len(), limits::MAX_ERRORS_PER_DOCUMENT + 1, "capped, plus one that counts the rest");
    let last = errors.last().unwrap();
    assert!(last.message.starts_with("99899 more errors in this document"), "{}", last.message);
    // 99 999 repeats: 100 listed, 99 899 counted. Columns count from the line start.
    let second = &errors[0];
    assert!(second.message.contains("line 3, column 5 and line 3, column 10"), "{}", second.message);
}

#[test]
fn recognised_trees_past_the_request_budget_are_not_read_and_say_so() {
    // Each config keeps ~198 000 nodes: five fit the request's budget of kept nodes, the
    // sixth does not. The good document, first, is always read.
    let filler: String = (0..99_000).map(|i| format!("k{i}: v,")).collect();
    let big = format!("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nx: {{{filler}}}\n");
    let mut docs = vec![doc(GOOD_NAME, GOOD)];
    for i in 0..6 {
        docs.push(doc(&format!("big{i}/config.yaml"), big.clone()));
    }
    let report = check(&docs, &Options::default()).unwrap();
    assert_eq!(good_verdicts(&report, 0), alone());
    let refused: Vec<usize> = report
        .errors
        .iter()
        .filter(|e| e.message.contains("would keep more than 1000000 YAML nodes"))
        .map(|e| e.document)
        .collect();
    assert_eq!(refused, [6], "{:?}", report.errors);
    assert!(report.findings.iter().any(|f| f.documents == [5]), "the fifth is read and checked");
}

#[test]
fn a_document_checked_elsewhere_is_listed_and_never_read_as_a_drop_in() {
    // The host split its work: the drop-in that enables anonymous auth is checked in another
    // request. Here its directory must not count as complete, or the config would pass.
    let unit = "[Service]\nExecStart=/usr/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --config-dir=/etc/kubernetes/kubelet.conf.d\n";
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n";
    let mut elsewhere = doc("etc/kubernetes/kubelet.conf.d/90-anon.conf", "");
    elsewhere.elsewhere = true;
    let docs = [doc("etc/systemd/system/kubelet.service", unit), doc("etc/kubernetes/kubelet.yaml", config), elsewhere];
    let options = Options { complete_directories: vec!["etc/kubernetes/kubelet.conf.d".into()], ..Options::default() };
    let report = check(&docs, &options).unwrap();
    assert_eq!(report.documents[2].kind, "Elsewhere");
    let anon = report.findings.iter().find(|f| f.rule == "kubelet-anonymous-auth").unwrap();
    assert_eq!(serde_json::to_value(anon.status).unwrap(), "unknown", "{}", anon.message);
    assert!(report.errors.iter().all(|e| e.document != 2));
}

#[test]
fn a_document_the_host_could_not_check_is_listed_with_its_reason() {
    let mut failed = doc("huge.yaml", "");
    failed.unchecked = Some("checking it alone ran out of memory (limit 1024 MiB)".into());
    let report = check(&[failed, doc(GOOD_NAME, GOOD)], &Options::default()).unwrap();
    assert_eq!(good_verdicts(&report, 1), alone());
    assert_eq!(report.documents[0].kind, "Invalid");
    assert_eq!(report.errors[0].message, "not checked: checking it alone ran out of memory (limit 1024 MiB)");
}

/// A file with CR line ends only that fails to parse still says why (found by the
/// `go_yaml` fuzz target: the parse error was dropped and the config silently unread).
#[test]
fn a_cr_only_config_that_does_not_parse_is_an_error() {
    let text = "# c\rapiVersion: kubelet.config.k8s.io/v1beta1\rkind: \"KubeletConfigurati\\\u{2028}on\"\r";
    let r = with_good("var/lib/kubelet/config.yaml", text);
    located_error(&r, text.len(), "invalid YAML/JSON");
}

// ---------------------------------------------------------------------------------
// Held-out attacks, round three: settings Kubernetes reads that a reader of the
// documents could miss. Each hostile node is checked with the good document beside it.
// ---------------------------------------------------------------------------------

/// Checks the hostile documents (indexes 0..n) with the good one (index n); asserts the
/// good one's verdicts are intact and returns the report.
fn node_with_good(hostile: &[(&str, &str)]) -> Report {
    // The hostile node's tree and the good document's are two nodes.
    let mut docs: Vec<Document> = hostile.iter().map(|(n, c)| doc(&format!("node-a/{n}"), *c)).collect();
    docs.push(doc(&format!("node-b/{GOOD_NAME}"), GOOD));
    let report = check(&docs, &Options::default()).expect("check never fails on documents");
    assert_eq!(good_verdicts(&report, hostile.len()), alone(), "the good document's verdicts changed");
    serde_json::to_string(&report).unwrap();
    report
}

/// The status of `rule` for the hostile node (the finding that reads document `index`).
fn status_of(report: &Report, rule: &str, index: usize) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule && f.documents.contains(&index))
        .map(|f| format!("{}: {}", serde_json::to_value(f.status).unwrap().as_str().unwrap(), f.message))
        .collect()
}

fn never_passes(report: &Report, rule: &str, index: usize) {
    let s = status_of(report, rule, index);
    assert!(!s.is_empty(), "no {rule} finding for document {index}: {:#?}", report.findings);
    assert!(s.iter().all(|s| !s.starts_with("pass")), "{rule} passes: {s:#?}");
}

const KUBELET_ARGV: &str = "/usr/bin/kubelet --config=/etc/kubernetes/kubelet.yaml --config-dir=/etc/kubernetes/kubelet.conf.d --kubeconfig=/etc/kubernetes/kubelet.conf\n";
const SECURE_CONFIG: &str = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0\n";

/// The kubelet merges `--config-dir` drop-ins as JSON onto `json.Marshal` of its
/// *internal* config, whose fields have no json tags (keys `Authentication`,
/// `ReadOnlyPort`), then `encoding/json.Unmarshal`s the result, which matches field
/// names case-insensitively (cmd/kubelet/app/server.go mergeKubeletConfigurations:
/// `json.Marshal(kubeletConfig)`, `jsonpatch.MergePatch`, `json.Unmarshal` from
/// "encoding/json"; pkg/kubelet/apis/config/types.go: `ReadOnlyPort int32` untagged).
/// Drop-ins are decoded into Unstructured (codec.go DecodeKubeletConfigurationIntoJSON),
/// so no field check drops an unknown spelling. A drop-in key in any case is the field;
/// `readonlyport` sorts after the base's `ReadOnlyPort` in the merged JSON and wins.
#[test]
fn dropin_keys_in_another_case_are_read_by_the_kubelet() {
    for dropin in [
        "authentication:\n  anonymous:\n    ENABLED: true\nauthorization:\n  MODE: AlwaysAllow\nreadonlyport: 10255\n",
        "Authentication:\n  Anonymous:\n    Enabled: true\nAuthorization:\n  Mode: AlwaysAllow\nReadOnlyPort: 10255\n",
        "authentication:\n  Anonymous:\n    enabled: true\nauthorization:\n  Mode: AlwaysAllow\nreadOnlyPorT: 10255\n",
        // encoding/json folds the long s to S and the Kelvin sign to K.
        "authentication:\n  anonymou\u{17f}:\n    enabled: true\nauthorization:\n  mode: Webhoo\u{212a}\nreadonlyport: 10255\n",
    ] {
        let dropin = format!("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n{dropin}");
        let r = node_with_good(&[
            ("kubelet-argv.txt", KUBELET_ARGV),
            ("etc/kubernetes/kubelet.yaml", SECURE_CONFIG),
            ("etc/kubernetes/kubelet.conf.d/10-case.conf", &dropin),
        ]);
        for rule in ["kubelet-anonymous-auth", "kubelet-read-only-port"] {
            never_passes(&r, rule, 2);
        }
        if !dropin.contains("Webhoo") {
            never_passes(&r, "kubelet-authorization-mode", 2);
        }
    }
    // A later drop-in's exact key does not win over an earlier one's other spelling: in
    // the merged JSON `readonlyport` sorts after `readOnlyPort`.
    let head = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n";
    let r = node_with_good(&[
        ("kubelet-argv.txt", KUBELET_ARGV),
        ("etc/kubernetes/kubelet.yaml", SECURE_CONFIG),
        ("etc/kubernetes/kubelet.conf.d/10-a.conf", &format!("{head}readonlyport: 10255\n")),
        ("etc/kubernetes/kubelet.conf.d/20-b.conf", &format!("{head}readOnlyPort: 0\n")),
    ]);
    never_passes(&r, "kubelet-read-only-port", 2);
    // A flag decides over every drop-in (kubeletConfigFlagPrecedence): still a pass.
    let argv = KUBELET_ARGV.replace(" --kubeconfig", " --read-only-port=0 --kubeconfig");
    let r = node_with_good(&[
        ("kubelet-argv.txt", &argv),
        ("etc/kubernetes/kubelet.yaml", SECURE_CONFIG),
        ("etc/kubernetes/kubelet.conf.d/10-a.conf", &format!("{head}readonlyport: 10255\n")),
    ]);
    let s = status_of(&r, "kubelet-read-only-port", 0);
    assert!(s.len() == 1 && s[0].starts_with("pass"), "{s:#?}");
}

/// go-yaml v2 resolves `10255.0` and `1.0255e4` to the float 10255, sigs.k8s.io/yaml
/// writes it as the JSON number 10255 (yaml.go convertToJSONableObject keeps floats),
/// and the int32 field takes it: the read-only port is open.
#[test]
fn an_integral_float_is_the_integer_to_the_kubelet() {
    for port in ["10255.0", "1.0255e4", "1.0255e+4", "10_255.0", "!!float 10255"] {
        let config = SECURE_CONFIG.replace("readOnlyPort: 0", &format!("readOnlyPort: {port}"));
        let r = node_with_good(&[("etc/kubernetes/kubelet.yaml", &config)]);
        never_passes(&r, "kubelet-read-only-port", 0);
    }
}

/// Keys spelled through YAML features: a `!!binary` key decodes to its text, an alias
/// key is the anchored text, an explicit `? key`.
#[test]
fn keys_spelled_with_tags_aliases_and_explicit_markers() {
    for body in [
        // base64("authorization") as a !!binary key.
        "!!binary YXV0aG9yaXphdGlvbg==:\n  mode: AlwaysAllow\n",
        "x: &k authorization\n*k :\n  mode: AlwaysAllow\n",
        "? authorization\n: mode: AlwaysAllow\n",
        "!!str authorization: {mode: AlwaysAllow}\n",
        "\"author\\x69zation\": {mode: AlwaysAllow}\n",
        "authorization: !!map {mode: AlwaysAllow}\n",
        "authorization: !custom {mode: AlwaysAllow}\n",
        "authorization:\n  mode: !!str AlwaysAllow\n",
        "authorization:\n  mode: !custom AlwaysAllow\n",
        "authorization:\n  mode: >-\n    AlwaysAllow\n",
        "authorization:\n  mode:\n    AlwaysAllow\n",
        "authorization:\n  mode: Always\n    Allow\n",
    ] {
        let text = format!("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n{body}");
        let r = node_with_good(&[("etc/kubernetes/kubelet.yaml", &text)]);
        let s = status_of(&r, "kubelet-authorization-mode", 0);
        assert!(s.iter().all(|s| !s.starts_with("pass")), "{body}: {s:#?} {:#?}", r.errors);
    }
}

/// Every (rule, status) of the report, per rule, for the documents `docs`.
fn verdict_map(report: &Report, docs: usize) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut m = std::collections::BTreeMap::<String, Vec<String>>::new();
    for f in report.findings.iter().filter(|f| f.documents.iter().any(|d| *d < docs)) {
        m.entry(f.rule.to_string()).or_default().push(serde_json::to_value(f.status).unwrap().as_str().unwrap().into());
    }
    m
}

/// Applies every fix of `rule` (all applicabilities) to the documents and checks again.
fn fixed(docs: &[(&str, &str)], rule: &str) -> Option<(Report, Report, Vec<String>)> {
    let mut list: Vec<Document> = docs.iter().map(|(n, c)| doc(&format!("node-a/{n}"), *c)).collect();
    list.push(doc(&format!("node-b/{GOOD_NAME}"), GOOD));
    let before = check(&list, &Options::default()).unwrap();
    let mut texts: Vec<String> = docs.iter().map(|(_, c)| c.to_string()).collect();
    let mut edits: Vec<&kubecis_core::report::Edit> = before
        .findings
        .iter()
        .filter(|f| f.rule == rule && f.documents.iter().any(|d| *d < docs.len()))
        .flat_map(|f| f.fix.iter().flat_map(|x| x.edits.iter()))
        .collect();
    if edits.is_empty() {
        // No fix offered: the attack is refused.
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.document, e.start)));
    edits.dedup_by_key(|e| (e.document, e.start, e.end));
    for e in edits {
        texts[e.document].replace_range(e.start..e.end, &e.text);
    }
    let mut again: Vec<Document> =
        docs.iter().zip(&texts).map(|((n, _), t)| doc(&format!("node-a/{n}"), t.clone())).collect();
    again.push(doc(&format!("node-b/{GOOD_NAME}"), GOOD));
    let after = check(&again, &Options::default()).unwrap();
    Some((before, after, texts))
}

/// A fix must change only its own setting: no other rule that passed may fail after it.
fn fix_changes_nothing_else(docs: &[(&str, &str)], rule: &str) {
    let Some((before, after, texts)) = fixed(docs, rule) else { return };
    let (b, a) = (verdict_map(&before, docs.len()), verdict_map(&after, docs.len()));
    assert!(
        a.get(rule).is_some_and(|s| s.iter().all(|s| s != "fail")),
        "{rule} still fails ({:?}): {texts:#?}",
        a.get(rule)
    );
    for (r, was) in &b {
        let now = a.get(r).cloned().unwrap_or_default();
        let newly_failing = now.iter().filter(|s| *s == "fail").count() > was.iter().filter(|s| *s == "fail").count();
        assert!(!newly_failing, "fixing {rule} made {r} fail ({was:?} -> {now:?}):\n{}", texts.join("\n---\n"));
    }
    assert!(after.errors.len() <= before.errors.len(), "{:#?}", after.errors);
}

/// The anonymous-auth value is an anchor that another setting aliases: replacing the
/// anchored scalar changes the aliased setting too (go-yaml copies the anchored node).
#[test]
fn a_fix_of_an_anchored_value_does_not_change_its_aliases() {
    let config = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: &on true\n  webhook:\n    enabled: true\nauthorization:\n  mode: Webhook\nrotateCertificates: *on\nprotectKernelDefaults: *on\n";
    fix_changes_nothing_else(&[("etc/kubernetes/kubelet.yaml", config)], "kubelet-anonymous-auth");
}

/// One unit variable feeds two flags: rewriting the variable's value fixes one and breaks
/// the other.
#[test]
fn a_fix_of_a_shared_unit_variable_does_not_change_other_flags() {
    let unit = "[Service]\nEnvironment=\"ON=true\"\nExecStart=/usr/bin/kubelet --anonymous-auth=${ON} --rotate-certificates=${ON} --protect-kernel-defaults=${ON} --authorization-mode=Webhook --client-ca-file=/etc/kubernetes/pki/ca.crt\n";
    fix_changes_nothing_else(&[("etc/systemd/system/kubelet.service", unit)], "kubelet-anonymous-auth");
}

/// A key inserted after a last entry whose value is a block scalar must land after the
/// scalar, not inside the next line or the scalar.
#[test]
fn a_key_inserted_after_a_block_scalar_keeps_the_file() {
    for tail in [
        "staticPodPath: |\n  /etc/kubernetes/manifests\n",
        "staticPodPath: |+\n  /etc/kubernetes/manifests\n\n\n",
        "staticPodPath: >-\n  /etc/kubernetes/manifests\n# trailing comment\n",
        "staticPodPath: /etc/kubernetes/\n  manifests\n",
        "staticPodPath: \"/etc/kubernetes/\n  manifests\"\n",
        "staticPodPath: |\n  /etc/kubernetes/manifests\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    ] {
        let config = format!("{SECURE_CONFIG}{tail}");
        fix_changes_nothing_else(&[("etc/kubernetes/kubelet.yaml", &config)], "kubelet-seccomp-default");
    }
}

/// A static Pod's `$(VAR)` whose variable comes from `valueFrom` or `envFrom`: the
/// kubelet expands it at container start from a value the documents do not hold
/// (kubernetes pkg/kubelet/kubelet_pods.go makeEnvironmentVariables, third_party
/// forked golang expansion), so the flag may be AlwaysAllow.
#[test]
fn a_static_pod_reference_to_a_value_from_elsewhere_is_never_a_pass() {
    let pod = |env: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    image: registry.k8s.io/kube-apiserver:v1.33.1\n    command:\n    - kube-apiserver\n    - --authorization-mode=$(MODE)\n    - --anonymous-auth=false\n{env}"
        )
    };
    for env in [
        "    env:\n    - name: MODE\n      valueFrom:\n        configMapKeyRef: {name: apiserver, key: mode}\n",
        "    envFrom:\n    - configMapRef: {name: apiserver}\n",
        "    envFrom:\n    - prefix: MO\n      secretRef: {name: apiserver}\n",
        // `env` wins over `envFrom` (env is applied after), but its value may expand a
        // variable that only `envFrom` defines.
        "    env:\n    - name: MODE\n      value: $(OTHER)\n    envFrom:\n    - configMapRef: {name: apiserver}\n",
    ] {
        let text = pod(env);
        let r = node_with_good(&[("etc/kubernetes/manifests/kube-apiserver.yaml", &text)]);
        let s = status_of(&r, "apiserver-authorization-mode", 0);
        assert!(!s.is_empty() && s.iter().all(|s| !s.starts_with("pass")), "{env}: {s:#?}");
    }
}

/// A host that splits 20 000 files over requests lists every document in each; the
/// placeholders of the documents checked elsewhere do not count toward the request's
/// document limit, or a document past the 10 000th index could never be checked.
#[test]
fn placeholders_do_not_count_toward_the_document_limit() {
    let mut docs: Vec<Document> = (0..limits::MAX_DOCUMENTS + 5)
        .map(|i| {
            let mut d = doc(&format!("other/f{i}.yaml"), "");
            d.elsewhere = true;
            d
        })
        .collect();
    docs.push(doc(GOOD_NAME, GOOD));
    let r = check(&docs, &Options::default()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", &r.errors[..r.errors.len().min(3)]);
    assert_eq!(good_verdicts(&r, docs.len() - 1), alone());
}

/// systemd applies `service.d/*.conf` to every service and `kube-.service.d/*.conf` to
/// every service whose name starts with `kube-`, merged with the unit's own drop-ins in
/// file-name order (systemd.unit(5), "Description"; systemd 246 for `service.d`).
#[test]
fn type_and_prefix_drop_ins_apply_to_the_services_they_name() {
    let insecure = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n";
    let r = node_with_good(&[
        ("usr/lib/systemd/system/kubelet.service", "[Service]\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS\n"),
        (
            "etc/systemd/system/kubelet.service.d/10-a.conf",
            "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/etc/kubernetes/secure.yaml\"\n",
        ),
        (
            "etc/systemd/system/service.d/99-all.conf",
            "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/etc/kubernetes/insecure.yaml\"\n",
        ),
        ("etc/kubernetes/secure.yaml", SECURE_CONFIG),
        ("etc/kubernetes/insecure.yaml", insecure),
        (
            "usr/lib/systemd/system/kube-apiserver.service",
            "[Service]\nExecStart=/usr/bin/kube-apiserver --authorization-mode=Node,RBAC $EXTRA\n",
        ),
        (
            "run/systemd/system/kube-.service.d/50-x.conf",
            "[Service]\nEnvironment=\"EXTRA=--authorization-mode=AlwaysAllow\"\n",
        ),
    ]);
    never_passes(&r, "kubelet-anonymous-auth", 0);
    never_passes(&r, "apiserver-authorization-mode", 5);
}
