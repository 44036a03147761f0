//! Properties that hold for every input: fixes edit only their spans and make the
//! rule pass, reports are deterministic, document order does not change verdicts,
//! and `check` never panics. Case counts are kept small so the normal test run stays fast.

use kubecis_core::report::{Edit, Report, Status};
use kubecis_core::{check, check_json, Document, Options};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::path::Path;

fn run(docs: &[Document]) -> Report {
    check(docs, &Options::default()).expect("default options are valid")
}

fn doc(name: &str, content: &str) -> Document {
    Document::new(name.to_string(), content.to_string())
}

/// Applies one document's edits; asserts they are in bounds, on char boundaries and
/// do not overlap, and that every byte outside them is unchanged.
fn apply(content: &str, edits: &[&Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.to_vec();
    edits.sort_by_key(|e| (e.start, e.end));
    for w in edits.windows(2) {
        assert!(w[0].end <= w[1].start, "overlapping edits {:?}", w);
    }
    let mut out = String::new();
    let mut at = 0;
    for e in &edits {
        assert!(e.start <= e.end && e.end <= content.len(), "edit out of bounds: {e:?}");
        assert!(content.is_char_boundary(e.start) && content.is_char_boundary(e.end), "{e:?}");
        out.push_str(&content[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&content[at..]);
    // Outside the spans, the bytes are the original ones, in order.
    let mut shift: isize = 0;
    let mut prev = 0;
    for e in &edits {
        let (a, b) = (prev, e.start);
        let (oa, ob) = ((a as isize + shift) as usize, (b as isize + shift) as usize);
        assert_eq!(&out.as_bytes()[oa..ob], &content.as_bytes()[a..b]);
        shift += e.text.len() as isize - (e.end - e.start) as isize;
        prev = e.end;
    }
    assert_eq!(&out.as_bytes()[(prev as isize + shift) as usize..], &content.as_bytes()[prev..]);
    // A CRLF document keeps CRLF line endings.
    let crlf = |t: &str| t.find('\n').is_some_and(|i| t[..i].ends_with('\r'));
    if crlf(content) && !content.replace("\r\n", "").contains('\n') {
        assert!(!out.replace("\r\n", "").contains('\n'), "a fix wrote a bare LF into a CRLF document:\n{out:?}");
    }
    out
}

/// Applies every failing finding's fix (one finding per rule), re-checks, and asserts
/// each fixed rule now passes.
fn fixes_make_rules_pass(docs: &[Document]) {
    let report = run(docs);
    for f in report.findings.iter().filter(|f| f.status == Status::Fail) {
        let Some(fix) = &f.fix else { continue };
        let mut fixed = docs.to_vec();
        for (i, d) in fixed.iter_mut().enumerate() {
            let edits: Vec<&Edit> = fix.edits.iter().filter(|e| e.document == i).collect();
            if !edits.is_empty() {
                d.content = apply(&d.content, &edits);
            }
        }
        let again = run(&fixed);
        let after: Vec<_> = again.findings.iter().filter(|g| g.rule == f.rule && g.documents == f.documents).collect();
        assert!(
            after.iter().all(|g| g.status == Status::Pass),
            "fix {:?} for {} did not make it pass:\n{}\n→ {:?}",
            fix,
            f.rule,
            fixed.iter().map(|d| d.content.as_str()).collect::<Vec<_>>().join("\n----\n"),
            after.iter().map(|g| (&g.status, &g.message)).collect::<Vec<_>>()
        );
    }
}

fn verdicts(report: &Report) -> Vec<(String, Option<String>, String)> {
    let mut v: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule.to_string(), f.cis.clone(), serde_json::to_value(f.status).unwrap().to_string()))
        .collect();
    v.sort();
    v
}

// ---- generators -------------------------------------------------------------

fn bool_spelling() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["true", "false", "True", "FALSE", "yes", "no", "on", "off", "y", "n"])
}

fn mode() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["Webhook", "AlwaysAllow"])
}

fn filler_key() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["clusterDomain", "cgroupDriver", "staticPodPath", "rotateCertificates", "maxPods"])
        .prop_map(String::from)
}

/// A KubeletConfiguration in block YAML or JSON, with or without each setting.
fn kubelet_config() -> impl Strategy<Value = String> {
    (
        prop::option::of(bool_spelling()),
        prop::option::of(mode()),
        prop::collection::vec(filler_key(), 0..3),
        any::<bool>(),
        prop::sample::select(vec![2usize, 4]),
        any::<bool>(),
    )
        .prop_map(|(anon, mode, fillers, json, indent, comments)| {
            if json {
                let mut fields = vec![
                    "\"apiVersion\": \"kubelet.config.k8s.io/v1beta1\"".to_string(),
                    "\"kind\": \"KubeletConfiguration\"".to_string(),
                ];
                if let Some(a) = anon {
                    let a = if a.eq_ignore_ascii_case("true") || a == "yes" || a == "on" || a == "y" {
                        "true"
                    } else {
                        "false"
                    };
                    fields.push(format!("\"authentication\": {{\"anonymous\": {{\"enabled\": {a}}}}}"));
                }
                if let Some(m) = mode {
                    fields.push(format!("\"authorization\": {{\"mode\": \"{m}\"}}"));
                }
                for k in fillers {
                    fields.push(format!("\"{k}\": \"x\""));
                }
                format!("{{{}}}\n", fields.join(", "))
            } else {
                let pad = " ".repeat(indent);
                let mut y = String::from("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n");
                for k in &fillers {
                    y.push_str(&format!("{k}: x\n"));
                }
                if let Some(a) = anon {
                    y.push_str(&format!("authentication:\n{pad}anonymous:\n{pad}{pad}enabled: {a}"));
                    y.push_str(if comments { "   # set by hand\n" } else { "\n" });
                }
                if let Some(m) = mode {
                    y.push_str(&format!("authorization:\n{pad}mode: {m}\n"));
                }
                if comments {
                    y.push_str("# end\n");
                }
                y
            }
        })
}

/// A kubelet command line: argv text, a `ps -ef` line or a /proc cmdline.
fn kubelet_command_line() -> impl Strategy<Value = (String, String)> {
    let flag = prop_oneof![
        prop::sample::select(vec!["true", "false", "1", "0", "t", "F"]).prop_map(|v| format!("--anonymous-auth={v}")),
        mode().prop_map(|m| format!("--authorization-mode={m}")),
        mode().prop_map(|m| format!("--authorization-mode {m}")),
        Just("--anonymous-auth".to_string()),
        Just("--v=2".to_string()),
        Just("--kubeconfig=/etc/kubernetes/kubelet.conf".to_string()),
        Just("--anonymous_auth=false".to_string()),
    ];
    (
        prop::sample::select(vec!["kubelet", "/usr/bin/kubelet"]),
        prop::collection::vec(flag, 0..6),
        prop::sample::select(vec!["argv", "ps", "proc"]),
    )
        .prop_map(|(program, flags, form)| match form {
            "ps" => ("ps.txt".to_string(), format!("root 1 0 0 10:00 ? 00:00:01 {program} {}\n", flags.join(" "))),
            "proc" => {
                let words: Vec<String> = std::iter::once(program.to_string())
                    .chain(flags.iter().flat_map(|f| f.split(' ').map(String::from)))
                    .collect();
                ("proc/1/cmdline".to_string(), words.join("\0") + "\0")
            }
            _ => ("cmdline.txt".to_string(), format!("{program} {}", flags.join(" "))),
        })
}

// ---- the corpus ---------------------------------------------------------------

/// Every case of `tests/cases/` and of `tests/rules/<slug>/`.
fn corpus() -> Vec<Vec<Document>> {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let subdirs = |d: &Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(d).map(|r| r.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
        v.sort();
        v
    };
    let mut cases = Vec::new();
    let mut dirs = subdirs(&tests.join("cases"));
    for rule in subdirs(&tests.join("rules")).iter().filter(|d| d.is_dir()) {
        dirs.extend(subdirs(rule));
    }
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let mut docs = Vec::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if !matches!(p.file_name().and_then(|n| n.to_str()), Some("expected.json" | "report.json")) {
                    let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    docs.push(doc(&name, &String::from_utf8_lossy(&std::fs::read(&p).unwrap())));
                }
            }
        }
        docs.sort_by(|a, b| a.name.cmp(&b.name));
        cases.push(docs);
    }
    assert!(cases.len() >= 60);
    cases
}

// ---- properties -----------------------------------------------------------------

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    #[test]
    fn config_fixes_edit_only_their_spans_and_pass(cfg in kubelet_config()) {
        fixes_make_rules_pass(&[doc("var/lib/kubelet/config.yaml", &cfg)]);
    }

    #[test]
    fn command_line_fixes_edit_only_their_spans_and_pass((name, cmd) in kubelet_command_line(), cfg in prop::option::of(kubelet_config())) {
        let mut docs = vec![doc(&name, &cmd)];
        if let Some(cfg) = cfg {
            docs[0].content = if name == "proc/1/cmdline" {
                format!("{}--config=/var/lib/kubelet/config.yaml\0", docs[0].content)
            } else {
                format!("{} --config=/var/lib/kubelet/config.yaml", docs[0].content.trim_end())
            };
            docs.push(doc("var/lib/kubelet/config.yaml", &cfg));
        }
        fixes_make_rules_pass(&docs);
    }

    #[test]
    fn same_input_same_report((name, cmd) in kubelet_command_line(), cfg in kubelet_config()) {
        let docs = [doc(&name, &cmd), doc("var/lib/kubelet/config.yaml", &cfg)];
        prop_assert_eq!(serde_json::to_string(&run(&docs)).unwrap(), serde_json::to_string(&run(&docs)).unwrap());
    }

    #[test]
    fn check_never_panics_on_arbitrary_text(text in ".{0,400}", name in "[a-z/._-]{0,20}") {
        let r = run(&[doc(&name, &text)]);
        prop_assert_eq!(r.documents.len(), 1);
    }

    #[test]
    fn check_json_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let out: serde_json::Value = serde_json::from_str(&check_json(&bytes)).unwrap();
        prop_assert!(out.is_object());
    }

    #[test]
    fn check_never_panics_on_structured_noise(text in "([-:{}\\[\\],&*!|>'\"# \n\t]|[a-z]{1,6}|--[a-z-]{1,10}=?|\\$[A-Z]{1,3}){0,80}") {
        run(&[doc("x.yaml", &text)]);
        run(&[doc("kubelet.service", &format!("[Service]\nExecStart=/usr/bin/kubelet {text}"))]);
        run(&[doc("cmdline.txt", &format!("kubelet {text}"))]);
    }
}

/// Mutated real documents: byte flips, deletions, insertions and truncations of every
/// corpus document, checked alone and with the rest of its case.
#[test]
fn mutated_corpus_documents_never_panic() {
    let cases = corpus();
    let mut runner =
        proptest::test_runner::TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
    let strategy = (
        0..cases.len(),
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..8),
    );
    runner
        .run(&strategy, |(case, which, mutations)| {
            let mut docs = cases[case].clone();
            let i = which.index(docs.len());
            let mut bytes = docs[i].content.clone().into_bytes();
            for (at, op, b) in mutations {
                let at = if bytes.is_empty() { 0 } else { at.index(bytes.len()) };
                match op {
                    0 if !bytes.is_empty() => bytes[at] = b,
                    1 if !bytes.is_empty() => {
                        bytes.remove(at);
                    }
                    2 => bytes.insert(at, *b"\0\n\t:-[{'\"\\#$&*".get(b as usize % 14).unwrap()),
                    _ => bytes.truncate(at),
                }
            }
            docs[i].content = String::from_utf8_lossy(&bytes).into_owned();
            run(&docs);
            run(&docs[i..=i]);
            Ok(())
        })
        .unwrap();
}

/// Verdicts are a multiset independent of the order documents are given in.
#[test]
fn document_order_does_not_change_verdicts() {
    let cases = corpus();
    let mut runner =
        proptest::test_runner::TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() });
    runner
        .run(&(0..cases.len(), Just(()).prop_perturb(|_, mut rng| rng.random::<u64>())), |(case, seed)| {
            let docs = &cases[case];
            let mut shuffled = docs.clone();
            // Fisher–Yates with a small LCG driven by the seed.
            let mut s = seed | 1;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(verdicts(&run(docs)), verdicts(&run(&shuffled)), "case {}", case);
            Ok(())
        })
        .unwrap();
}

/// Every fix in the corpus edits only its spans and makes its rule pass.
#[test]
fn corpus_fixes_edit_only_their_spans_and_pass() {
    for docs in corpus() {
        fixes_make_rules_pass(&docs);
    }
}
