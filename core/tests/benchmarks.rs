//! Every benchmark table (`core/benchmarks/<version>.tsv`) against kube-bench's controls
//! (`core/benchmarks/kube-bench-controls.json`, from kube-bench's `cfg/cis-*`): every
//! control is there with its title, mapped to a rule or listed as out of scope with a
//! reason; no id is used twice; the automated/manual column is the benchmark's own
//! classification; and every rule slug a table names exists.

use kubecis_core::benchmark::{self, BENCHMARKS};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// `(benchmark, id) -> (automated, title with its "(Automated)" suffix)`.
fn kube_bench() -> BTreeMap<(String, String), (bool, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benchmarks/kube-bench-controls.json");
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    data["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |i: usize| r[i].as_str().unwrap().to_string();
            ((s(0), s(1)), (r[2].as_bool().unwrap(), s(4)))
        })
        .collect()
}

/// The benchmark's own classification: the title's `(Automated)` / `(Manual)`, and for
/// cis-1.5, whose titles say `(Scored)` / `(Not Scored)`, kube-bench's.
fn classification(title: &str, kube_bench_automated: bool) -> bool {
    if title.ends_with("(Automated)") {
        true
    } else if title.ends_with("(Manual)") {
        false
    } else {
        kube_bench_automated
    }
}

#[test]
fn every_table_holds_every_control_of_its_version() {
    let kb = kube_bench();
    let slugs: BTreeSet<&str> = kubecis_core::rules().iter().map(|r| r.slug).collect();
    let mut problems = Vec::new();
    for b in BENCHMARKS {
        let mut seen = BTreeSet::new();
        for c in benchmark::controls(b) {
            if !seen.insert(c.id) {
                problems.push(format!("{b} {}: listed twice", c.id));
            }
            let Some((automated, title)) = kb.get(&(b.to_string(), c.id.to_string())) else {
                problems.push(format!("{b} {}: not a control of kube-bench's cfg/{b}", c.id));
                continue;
            };
            if !title.starts_with(c.title) || !title[c.title.len()..].trim_start().starts_with('(') {
                problems.push(format!("{b} {}: title {:?} is not kube-bench's {title:?}", c.id, c.title));
            }
            if c.automated != classification(title, *automated) {
                problems.push(format!("{b} {}: automated is {}, the benchmark says {title:?}", c.id, c.automated));
            }
            match (c.rule, c.note) {
                (Some(slug), _) if !slugs.contains(slug) => problems.push(format!("{b} {}: no rule {slug}", c.id)),
                (None, None) => problems.push(format!("{b} {}: no rule and no reason", c.id)),
                (None, Some(note)) if note.trim().is_empty() => problems.push(format!("{b} {}: empty reason", c.id)),
                _ => {}
            }
        }
        for (kb_b, id) in kb.keys() {
            if kb_b == b && !seen.contains(id.as_str()) {
                problems.push(format!("{b} {id}: kube-bench has it, the table does not"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_rule_is_one_control_per_version() {
    let mut problems = Vec::new();
    for b in BENCHMARKS {
        let mut by_rule: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for c in benchmark::controls(b) {
            if let Some(slug) = c.rule {
                by_rule.entry(slug).or_default().push(c.id);
            }
        }
        for (slug, ids) in by_rule.iter().filter(|(_, ids)| ids.len() > 1) {
            problems.push(format!("{b}: {slug} is mapped to {ids:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rules_list_their_id_in_every_version_that_has_the_control() {
    // The listing is what `kubecis rules --format json` prints.
    let rules: Value = serde_json::from_str(&kubecis_core::rules_json()).unwrap();
    for r in rules.as_array().unwrap() {
        let slug = r["slug"].as_str().unwrap();
        for b in BENCHMARKS {
            let want = benchmark::control_of(b, slug).map(|c| c.id);
            assert_eq!(r["cis"][*b]["id"].as_str(), want, "{slug} in {b}");
        }
    }
}

/// Part 1 of the whole benchmark: every kubelet (4.2) and kube-apiserver (1.2) control of
/// every version has a rule.
#[test]
fn every_kubelet_and_apiserver_control_has_a_rule() {
    let missing: Vec<String> = BENCHMARKS
        .iter()
        .flat_map(|b| {
            benchmark::controls(b)
                .filter(|c| (c.id.starts_with("1.2.") || c.id.starts_with("4.2.")) && c.rule.is_none())
                .map(move |c| format!("{b} {} {}", c.id, c.title))
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
