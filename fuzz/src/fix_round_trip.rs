//! `fix_round_trip`: apply every failing finding's fix and check the fixed files.
//!
//! The input is documents as for `documents` (0x1E between documents, each
//! `name\ncontent`), seeded from `tests/cases` and `tests/rules/*/*`. For each failing
//! finding with a fix (up to [`MAX_FIXES`]), the fix's edits are applied with the same
//! logic as `core/tests/properties.rs` (`apply`), and:
//!
//! - the edits are in bounds, on character boundaries, do not overlap, and no byte
//!   outside their spans changed (and a CRLF document gets no bare LF);
//! - the rule the fix is for no longer fails on the fixed files: it passes, or is unknown
//!   where the fix uncovered an input kubecis does not have (where several instances of
//!   a component read the same documents, one more of its findings passes);
//! - every document the fix edits that parsed as structured YAML still parses, with the
//!   same number of YAML documents, and its aliases still resolve: the alias count is
//!   the old one less the aliases inside an edit's span (a fix may replace an alias);
//! - no document has more errors in the fixed check than in the first one.

use crate::common;
use kubecis_core::report::{Edit, Report, Status};
use kubecis_core::source::yaml::{parse_stream, Node, NodeKind, YamlDocument};
use kubecis_core::{check, Document, Options};

/// Fixes applied per input: enough for every rule of a node, bounded for speed.
pub const MAX_FIXES: usize = 24;

pub fn fix_round_trip(data: &[u8]) {
    let docs = common::split_documents(data, 16);
    round_trip(&docs);
}

fn run(docs: &[Document]) -> Report {
    check(docs, &Options::default()).expect("default options are valid")
}

pub fn round_trip(docs: &[Document]) {
    let report = run(docs);
    let yaml: Vec<Option<Vec<YamlDocument>>> = docs
        .iter()
        .zip(&report.documents)
        .map(|(d, info)| {
            let structured = !matches!(info.kind.as_str(), "SystemdUnit" | "EnvironmentFile" | "Unknown");
            parse_stream(&d.content).ok().filter(|y| {
                structured
                    && y.iter().any(|y| y.root.as_ref().is_some_and(|r| r.entries().is_some() || r.items().is_some()))
            })
        })
        .collect();
    let errors_per_doc = |r: &Report| {
        let mut n = vec![0usize; docs.len()];
        for e in &r.errors {
            n[e.document] += 1;
        }
        n
    };
    let errors_before = errors_per_doc(&report);
    for f in report.findings.iter().filter(|f| f.status == Status::Fail && f.fix.is_some()).take(MAX_FIXES) {
        let fix = f.fix.as_ref().unwrap();
        let mut fixed = docs.to_vec();
        for (i, d) in fixed.iter_mut().enumerate() {
            let edits: Vec<&Edit> = fix.edits.iter().filter(|e| e.document == i).collect();
            if edits.is_empty() {
                continue;
            }
            d.content = apply(&d.content, &edits);
            if let Some(before) = &yaml[i] {
                let after = parse_stream(&d.content).unwrap_or_else(|e| {
                    panic!("fix for {} broke the YAML of document {i}: {e:?}\n{:?}", f.rule, d.content)
                });
                assert_eq!(after.len(), before.len(), "fix for {} changed the YAML document count", f.rule);
                let replaced = aliases(before).iter().filter(|a| edits.iter().any(|e| overlaps(e, a))).count();
                assert_eq!(
                    aliases(&after).len(),
                    aliases(before).len() - replaced,
                    "fix for {} changed the aliases of document {i}:\n{:?}",
                    f.rule,
                    d.content
                );
            }
        }
        let again = run(&fixed);
        let after: Vec<_> = again.findings.iter().filter(|g| g.rule == f.rule && g.documents == f.documents).collect();
        // Findings carry no instance: where several instances read the same documents
        // (two kubeadm InitConfigurations in one file), the fix must make one more of
        // them pass; otherwise (one instance) it must pass.
        let passing = |r: &Report| {
            r.findings
                .iter()
                .filter(|g| g.rule == f.rule && g.documents == f.documents && g.status == Status::Pass)
                .count()
        };
        let instances = report.findings.iter().filter(|g| g.rule == f.rule && g.documents == f.documents).count();
        assert!(
            if instances > 1 {
                passing(&again) > passing(&report)
            } else {
                // A fix can uncover what kubecis cannot tell (the gate fixed, the config
                // it then depends on missing): unknown is accepted after it, fail is not.
                after.iter().all(|g| g.status != Status::Fail)
            },
            "fix {:?} for {} did not make it pass:\n{}\n→ {:?}",
            fix,
            f.rule,
            fixed.iter().map(|d| d.content.as_str()).collect::<Vec<_>>().join("\n----\n"),
            after.iter().map(|g| (&g.status, &g.message)).collect::<Vec<_>>()
        );
        let errors_after = errors_per_doc(&again);
        for (i, (b, a)) in errors_before.iter().zip(&errors_after).enumerate() {
            assert!(
                a <= b,
                "fix for {} added errors to document {i}: {:?}",
                f.rule,
                again.errors.iter().filter(|e| e.document == i).map(|e| &e.message).collect::<Vec<_>>()
            );
        }
    }
}

fn overlaps(e: &Edit, span: &(usize, usize)) -> bool {
    // An insertion at the alias's first byte leaves it whole; one strictly inside does not.
    e.start < span.1 && span.0 < e.end.max(e.start + 1) && !(e.start == e.end && e.start == span.0)
}

/// The alias tokens (`*name`) of a stream, each once (an alias inside an anchored
/// subtree is copied along with it).
pub fn aliases(docs: &[YamlDocument]) -> Vec<(usize, usize)> {
    fn walk(n: &Node, out: &mut Vec<(usize, usize)>) {
        if let Some(a) = n.alias {
            out.push((a.start, a.end));
        }
        match &n.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq { items, .. } => items.iter().for_each(|i| walk(i, out)),
            NodeKind::Map { entries, .. } => entries.iter().for_each(|(k, v)| {
                walk(k, out);
                walk(v, out);
            }),
        }
    }
    let mut out = Vec::new();
    for d in docs {
        if let Some(r) = &d.root {
            walk(r, &mut out);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Applies one document's edits; asserts they are in bounds, on char boundaries and
/// do not overlap, and that every byte outside them is unchanged. The same as `apply`
/// in `core/tests/properties.rs`.
pub fn apply(content: &str, edits: &[&Edit]) -> String {
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
