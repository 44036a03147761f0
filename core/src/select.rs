//! `options.select` / `options.ignore`: which rules a request reports. A selector is a
//! rule slug, or a CIS id of the selected benchmark, exactly or as a section (`4.2`
//! selects `4.2.1` and `4.2.10`, `4.2.1` selects only `4.2.1`).

use crate::benchmark;

pub struct Selection<'a> {
    select: &'a [String],
    ignore: &'a [String],
    benchmark: &'a str,
}

impl<'a> Selection<'a> {
    /// Errs on a selector that names no rule and no control of any benchmark: a typo
    /// would otherwise select nothing and pass.
    pub fn new(select: &'a [String], ignore: &'a [String], benchmark: &'a str) -> Result<Selection<'a>, String> {
        let unknown: Vec<&str> = select
            .iter()
            .chain(ignore)
            .map(|s| s.trim())
            .filter(|s| {
                !crate::rules::targets().any(|(_, t)| t.slug.eq_ignore_ascii_case(s)) && !benchmark::id_exists(s)
            })
            .collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = crate::rules::targets()
                .map(|(_, t)| t.slug)
                .chain(benchmark::controls(benchmark).filter(|c| c.rule.is_some()).map(|c| c.id))
                .collect();
            let hints: Vec<String> = unknown
                .iter()
                .filter_map(|u| {
                    let near = crate::suggest::closest(u, known.iter().copied());
                    (!near.is_empty()).then(|| format!("{u}: did you mean {}?", near.join(", ")))
                })
                .collect();
            let mut message = format!("select/ignore: no rule has the slug or CIS id {}", unknown.join(", "));
            if !hints.is_empty() {
                message.push_str(&format!(" ({})", hints.join("; ")));
            }
            return Err(message);
        }
        Ok(Selection { select, ignore, benchmark })
    }

    /// Whether the rule with this slug is reported: by default the rules of the selected
    /// benchmark's controls; a rule whose control that version does not have (the kubelet's
    /// protect-kernel-defaults in cis-1.12) only when `select` names it by slug.
    pub fn keeps(&self, slug: &str) -> bool {
        let cis = benchmark::control_of(self.benchmark, slug).map(|c| c.id);
        let hit = |sel: &String| matches(sel, slug, cis);
        let selected = if self.select.is_empty() { cis.is_some() } else { self.select.iter().any(hit) };
        selected && !self.ignore.iter().any(hit)
    }
}

fn matches(selector: &str, slug: &str, cis: Option<&str>) -> bool {
    let s = selector.trim();
    slug.eq_ignore_ascii_case(s)
        || cis.is_some_and(|id| id == s || id.strip_prefix(s).is_some_and(|r| r.starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_ids() {
        assert!(matches("4.2", "x", Some("4.2.10")));
        assert!(matches("4.2.1", "x", Some("4.2.1")));
        assert!(!matches("4.2.1", "x", Some("4.2.10")));
        assert!(matches("Kubelet-Anonymous-Auth", "kubelet-anonymous-auth", None));
    }

    #[test]
    fn typos_are_errors() {
        let bad = vec!["kubelet-anonymus-auth".to_string()];
        let message = Selection::new(&bad, &[], "cis-1.12").err().unwrap();
        assert!(message.contains("did you mean kubelet-anonymous-auth?"), "{message}");
        let ok = vec!["4.2".to_string(), "1.1.1".to_string()];
        assert!(Selection::new(&ok, &[], "cis-1.12").is_ok());
    }
}
