//! docs/rules.md is generated from the rules' metadata and the benchmark tables, so it
//! never drifts from the code: this test renders it and compares (`KUBECIS_BLESS=1`
//! rewrites it).

use kubecis_core::benchmark::{self, BENCHMARKS};
use serde_json::Value;
use std::fmt::Write;

fn render() -> String {
    let rules: Value = serde_json::from_str(&kubecis_core::rules_json()).unwrap();
    let rules = rules.as_array().unwrap();
    let mut out = String::from(
        "# Rules\n\nGenerated from the rules' metadata and `core/benchmarks/*.tsv` by `core/tests/docs.rs` \
(`KUBECIS_BLESS=1 cargo test -p kubecis-core --test docs` rewrites it). `kubecis rules` prints the same.\n\n",
    );
    let _ = writeln!(
        out,
        "{} rules. Control ids per benchmark version (`m` after an id: the version calls it manual).\n",
        rules.len()
    );
    out.push_str("| rule | component | severity | setting | defaults | fix | ");
    out.push_str(&BENCHMARKS.join(" | "));
    out.push_str(" |\n|---|---|---|---|---|---|");
    out.push_str(&"---|".repeat(BENCHMARKS.len()));
    out.push('\n');
    for r in rules {
        let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
        let defaults = r["defaults"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or(""))).collect::<Vec<_>>().join("; "))
            .unwrap_or_default();
        let ids: Vec<String> = BENCHMARKS
            .iter()
            .map(|b| match r["cis"].get(*b) {
                Some(c) => format!("{}{}", c["id"].as_str().unwrap(), if c["automated"] == true { "" } else { "m" }),
                None => "-".into(),
            })
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` | {} | {} | {} |",
            s("slug"),
            s("component"),
            s("severity"),
            s("setting"),
            defaults,
            s("applicability"),
            ids.join(" | ")
        );
    }
    out.push_str("\n## Controls no rule checks yet\n\n| benchmark | section | controls | why |\n|---|---|---|---|\n");
    for b in BENCHMARKS {
        let mut groups: Vec<(String, Vec<&str>, &str)> = Vec::new();
        for c in benchmark::controls(b).filter(|c| c.rule.is_none()) {
            let section = c.id.rsplit_once('.').map_or(c.id, |(s, _)| s).to_string();
            let note = c.note.unwrap_or("");
            match groups.last_mut() {
                Some((s, ids, n)) if *s == section && *n == note => ids.push(c.id),
                _ => groups.push((section, vec![c.id], note)),
            }
        }
        for (section, ids, note) in groups {
            let _ = writeln!(out, "| {b} | {section} | {} | {note} |", ids.len());
        }
    }
    out
}

#[test]
fn rules_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules.md");
    let want = render();
    if std::env::var_os("KUBECIS_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(have == want, "docs/rules.md is out of date: run KUBECIS_BLESS=1 cargo test -p kubecis-core --test docs");
}
