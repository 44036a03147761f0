//! `kubecis rule NAME`: one rule's documentation, rendered from the plugin's rule
//! metadata (every fact and every decision comes from the core; this only lays it out).
//! The same document is the terminal text, `docs/rules/<slug>.md` and SARIF's `help`.

use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

/// Where `helpUri` and the index point: the repository's rendered docs.
pub fn doc_uri(slug: &str) -> String {
    format!("{}/blob/main/docs/rules/{slug}.md", env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'))
}

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The rules a name picks: a slug (any case), a CIS id of `benchmark`, or an id in
/// another scanner (`CKV_K8S_138`, `C-0172`).
pub fn lookup<'r>(rules: &'r [Value], name: &str, benchmark: &str) -> Vec<&'r Value> {
    let name = name.trim();
    let is = |x: &str| !x.is_empty() && x.eq_ignore_ascii_case(name);
    let by_slug: Vec<&Value> = rules.iter().filter(|r| is(s(r, "slug"))).collect();
    if !by_slug.is_empty() {
        return by_slug;
    }
    let by_id: Vec<&Value> = rules
        .iter()
        .filter(|r| r.pointer(&format!("/cis/{benchmark}/id")).and_then(Value::as_str) == Some(name))
        .collect();
    if !by_id.is_empty() {
        return by_id;
    }
    rules
        .iter()
        .filter(|r| {
            r.get("aliases")
                .and_then(Value::as_object)
                .is_some_and(|a| a.values().any(|v| is(v.as_str().unwrap_or(""))))
        })
        .collect()
}

/// What to say about a name that picks no rule: the closest slugs, ids and aliases, and
/// the rules that have it as an id in another benchmark.
pub fn suggestions(rules: &[Value], name: &str, benchmark: &str) -> Vec<String> {
    let name = name.trim();
    let mut out = Vec::new();
    for r in rules {
        let elsewhere: Vec<&str> = r
            .get("cis")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(_, c)| c.get("id").and_then(Value::as_str) == Some(name))
            .map(|(b, _)| b.as_str())
            .collect();
        if !elsewhere.is_empty() {
            out.push(format!("{} ({name} in {})", s(r, "slug"), elsewhere.join(", ")));
        }
    }
    let mut candidates: Vec<(String, String)> = Vec::new();
    for r in rules {
        let slug = s(r, "slug");
        candidates.push((slug.to_string(), slug.to_string()));
        if let Some(id) = r.pointer(&format!("/cis/{benchmark}/id")).and_then(Value::as_str) {
            candidates.push((id.to_string(), format!("{id} ({slug})")));
        }
        for alias in r.get("aliases").and_then(Value::as_object).into_iter().flat_map(|a| a.values()) {
            let alias = alias.as_str().unwrap_or("");
            candidates.push((alias.to_string(), format!("{alias} ({slug})")));
        }
    }
    let lower = name.to_ascii_lowercase();
    let limit = (name.chars().count() / 4).max(1);
    let mut near: Vec<(usize, String)> = candidates
        .into_iter()
        .map(|(key, shown)| (strsim::levenshtein(&lower, &key.to_ascii_lowercase()), shown))
        .filter(|(d, _)| *d <= limit)
        .collect();
    near.sort();
    for (_, shown) in near.into_iter().take(3) {
        if !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

/// A rule's documentation as blocks, for the terminal and for Markdown.
struct Doc {
    slug: String,
    title: String,
    facts: Vec<(String, String)>,
    sections: Vec<(&'static str, Vec<Block>)>,
}

enum Block {
    Text(String),
    Pairs(Vec<(String, String)>),
}

fn applicability(a: &str) -> String {
    match a {
        "safe" => "safe: `kubecis fix --write` applies it".into(),
        "unsafe" => "unsafe: it changes behaviour clients may rely on; `kubecis fix --write` applies it only with \
--unsafe-fixes"
            .into(),
        "display-only" => "display-only: shown, never applied".into(),
        other => other.into(),
    }
}

fn doc(r: &Value, benchmark: &str) -> Doc {
    let component = s(r, "component");
    let mut facts =
        vec![("component".to_string(), component.to_string()), ("severity".into(), s(r, "severity").into())];
    match r.pointer(&format!("/cis/{benchmark}")) {
        Some(c) => {
            let kind = if c.get("automated").and_then(Value::as_bool) == Some(true) { "automated" } else { "manual" };
            facts.push(("CIS control".into(), format!("{} in {benchmark} ({kind})", s(c, "id"))));
        }
        None => facts.push(("CIS control".into(), format!("none in {benchmark}"))),
    }
    let mut fix = applicability(s(r, "applicability"));
    fix.push_str(
        ". Where the setting comes from a snapshot (a ps listing, /proc/<pid>/cmdline, /configz), the fix is \
display-only.",
    );
    facts.push(("fix".into(), fix));

    let mut sections = Vec::new();
    let mut checks = Vec::new();
    let flag = s(r, "flag");
    if !flag.is_empty() {
        checks.push(("flag".to_string(), flag.to_string()));
    }
    if let Some(field) = r.get("configField").and_then(Value::as_str) {
        checks.push((format!("{component} config file field"), field.to_string()));
    } else if checks.is_empty() {
        checks.push(("setting".into(), s(r, "setting").to_string()));
    }
    if let Some(want) = r.get("want").and_then(Value::as_str) {
        checks.push(("wanted".into(), want.to_string()));
    }
    sections.push(("What it checks", vec![Block::Pairs(checks)]));
    sections.push(("Rationale", vec![Block::Text(s(r, "rationale").to_string())]));

    let mut defaults = Vec::new();
    for (key, label) in [
        ("withoutConfig", "without a config file (no --config)"),
        ("withConfig", "with a config file that leaves it out"),
        ("default", "default"),
    ] {
        if let Some(v) = r.pointer(&format!("/defaults/{key}")).and_then(Value::as_str) {
            defaults.push((label.to_string(), v.to_string()));
        }
    }
    for c in r.get("defaultChanges").and_then(Value::as_array).into_iter().flatten() {
        defaults.push((format!("from Kubernetes {}", s(c, "since")), s(c, "value").to_string()));
    }
    if !defaults.is_empty() {
        sections.push(("Default", vec![Block::Pairs(defaults)]));
    }
    if !s(r, "audit").is_empty() {
        sections.push(("Audit: how kubecis decides", vec![Block::Text(s(r, "audit").to_string())]));
    }

    let mut remediation = vec![Block::Text(s(r, "remediation").to_string())];
    let forms: Vec<(String, String)> = [("config", "config file"), ("flag", "command line"), ("kubeadm", "kubeadm")]
        .iter()
        .filter_map(|(key, label)| {
            r.pointer(&format!("/remediations/{key}"))
                .and_then(Value::as_str)
                .map(|t| (label.to_string(), t.to_string()))
        })
        .collect();
    if !forms.is_empty() {
        remediation.push(Block::Pairs(forms));
    }
    sections.push(("Remediation", remediation));

    // Benchmarks in the plugin's order (release order), versions with the same id together.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (b, c) in r.get("cis").and_then(Value::as_object).into_iter().flatten() {
        let kind = if c.get("automated").and_then(Value::as_bool) == Some(true) { "automated" } else { "manual" };
        let key = format!("{} ({kind})", s(c, "id"));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, bs)) => bs.push(b.clone()),
            None => groups.push((key, vec![b.clone()])),
        }
    }
    let ids = if groups.is_empty() {
        Block::Text("No control of a benchmark kubecis knows.".into())
    } else {
        Block::Pairs(groups.into_iter().map(|(k, bs)| (k, bs.join(", "))).collect())
    };
    sections.push(("CIS controls", vec![ids]));

    let aliases: Vec<(String, String)> = r
        .get("aliases")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(tool, id)| (tool.clone(), id.as_str().unwrap_or("").to_string()))
        .collect();
    if !aliases.is_empty() {
        sections.push(("In other scanners", vec![Block::Pairs(aliases)]));
    }
    Doc { slug: s(r, "slug").to_string(), title: s(r, "title").to_string(), facts, sections }
}

/// The documentation for a terminal.
pub fn text(r: &Value, benchmark: &str) -> String {
    let d = doc(r, benchmark);
    let mut out = format!("{}\n{}\n", d.slug, d.title);
    let width = d.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    out.push('\n');
    for (k, v) in &d.facts {
        let _ = writeln!(out, "{:<width$}  {}", format!("{k}:"), v.replace('`', ""), width = width + 1);
    }
    for (heading, blocks) in &d.sections {
        let _ = writeln!(out, "\n{heading}");
        for b in blocks {
            match b {
                Block::Text(t) => {
                    let _ = writeln!(out, "  {t}");
                }
                Block::Pairs(pairs) => {
                    let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                    for (k, v) in pairs {
                        let _ = writeln!(out, "  {:<width$}  {v}", format!("{k}:"), width = width + 1);
                    }
                }
            }
        }
    }
    out
}

/// Escapes what Markdown would read as markup (`*.` is a resource, not emphasis); code
/// spans written as `` `...` `` by the renderer are kept.
fn md(text: &str) -> String {
    let mut out = String::new();
    let mut code = false;
    for ch in text.chars() {
        if ch == '`' {
            code = !code;
        } else if !code && matches!(ch, '\\' | '*' | '_' | '<' | '>' | '[' | ']' | '|' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The documentation as Markdown (`docs/rules/<slug>.md`, SARIF `help.markdown`).
pub fn markdown(r: &Value, benchmark: &str) -> String {
    let d = doc(r, benchmark);
    let mut out = format!("# {}\n\n{}\n\n", d.slug, md(&d.title));
    for (k, v) in &d.facts {
        let _ = writeln!(out, "- **{}**: {}", md(k), md(v));
    }
    for (heading, blocks) in &d.sections {
        let _ = writeln!(out, "\n## {heading}\n");
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match b {
                Block::Text(t) => {
                    let _ = writeln!(out, "{}", md(t));
                }
                Block::Pairs(pairs) => {
                    for (k, v) in pairs {
                        let _ = writeln!(out, "- **{}**: {}", md(k), md(v));
                    }
                }
            }
        }
    }
    out
}

const GENERATED: &str =
    "<!-- Generated by `kubecis rule --all --markdown docs/rules` from the rules' metadata; do not edit. -->\n\n";

/// `docs/rules/README.md`: one row per rule with its id in `benchmark`.
pub fn index(rules: &[Value], benchmark: &str) -> String {
    let mut out = format!(
        "{GENERATED}# Rules\n\n{} rules. `kubecis rule SLUG` (or a CIS id, or another scanner's id) prints a rule's page.\n\n| rule | {benchmark} | severity | title |\n|---|---|---|---|\n",
        rules.len()
    );
    for r in rules {
        let id = r.pointer(&format!("/cis/{benchmark}/id")).and_then(Value::as_str).unwrap_or("-");
        let slug = s(r, "slug");
        let _ = writeln!(out, "| [{slug}]({slug}.md) | {id} | {} | {} |", s(r, "severity"), md(s(r, "title")));
    }
    out
}

/// Every file of `docs/rules/`, by name.
pub fn pages(rules: &[Value], benchmark: &str) -> Vec<(String, String)> {
    let mut files = vec![("README.md".to_string(), index(rules, benchmark))];
    for r in rules {
        files.push((format!("{}.md", s(r, "slug")), format!("{GENERATED}{}", markdown(r, benchmark))));
    }
    files
}

/// Writes the pages into `dir`, removing `.md` files of rules that no longer exist.
pub fn write_pages(dir: &Path, rules: &[Value], benchmark: &str) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let files = pages(rules, benchmark);
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if name.ends_with(".md") && !files.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    for (name, content) in &files {
        let path = dir.join(name);
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(files.len())
}
