//! CIS benchmark versions and their controls, as data: `core/benchmarks/<version>.tsv`
//! maps each control id to the rule that checks it (or says why none does), with the
//! benchmark's own automated/manual classification and its title. A test holds every
//! table against kube-bench's controls (`core/benchmarks/kube-bench-controls.json`).

/// Every version's table, oldest first as kube-bench orders them (ids are not monotonic).
const TABLES: &[(&str, &str)] = &[
    ("cis-1.5", include_str!("../benchmarks/cis-1.5.tsv")),
    ("cis-1.6", include_str!("../benchmarks/cis-1.6.tsv")),
    ("cis-1.20", include_str!("../benchmarks/cis-1.20.tsv")),
    ("cis-1.23", include_str!("../benchmarks/cis-1.23.tsv")),
    ("cis-1.24", include_str!("../benchmarks/cis-1.24.tsv")),
    ("cis-1.7", include_str!("../benchmarks/cis-1.7.tsv")),
    ("cis-1.8", include_str!("../benchmarks/cis-1.8.tsv")),
    ("cis-1.9", include_str!("../benchmarks/cis-1.9.tsv")),
    ("cis-1.10", include_str!("../benchmarks/cis-1.10.tsv")),
    ("cis-1.11", include_str!("../benchmarks/cis-1.11.tsv")),
    ("cis-1.12", include_str!("../benchmarks/cis-1.12.tsv")),
];

/// CIS benchmark versions kubecis knows, newest last.
pub const BENCHMARKS: &[&str] = &[
    "cis-1.5", "cis-1.6", "cis-1.20", "cis-1.23", "cis-1.24", "cis-1.7", "cis-1.8", "cis-1.9", "cis-1.10", "cis-1.11",
    "cis-1.12",
];

pub const DEFAULT_BENCHMARK: &str = "cis-1.12";

pub fn is_known(benchmark: &str) -> bool {
    BENCHMARKS.contains(&benchmark)
}

/// The benchmark a user's spelling names: `cis-1.12` itself, `1.12`, `v1.12`, in any
/// case. None for a version kubecis does not know.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let lower = name.to_ascii_lowercase();
    let version = lower.strip_prefix("cis-").or_else(|| lower.strip_prefix('v')).unwrap_or(&lower);
    BENCHMARKS.iter().copied().find(|b| b.strip_prefix("cis-") == Some(version))
}

/// One row of a benchmark table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Control {
    pub id: &'static str,
    /// The slug of the rule that checks it.
    pub rule: Option<&'static str>,
    /// As the benchmark classifies it (`(Automated)` / `(Manual)`; kube-bench's for cis-1.5).
    pub automated: bool,
    pub title: &'static str,
    /// Why no rule checks it.
    pub note: Option<&'static str>,
}

/// The controls of one version, in the table's order; empty for an unknown version.
pub fn controls(benchmark: &str) -> impl Iterator<Item = Control> {
    let table = TABLES.iter().find(|(b, _)| *b == benchmark).map_or("", |(_, t)| t);
    table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).filter_map(parse_row)
}

fn parse_row(line: &'static str) -> Option<Control> {
    let mut cols = line.split('\t');
    let id = cols.next()?;
    let rule = cols.next().filter(|r| *r != "-");
    let automated = cols.next()? == "automated";
    let title = cols.next()?;
    let note = cols.next();
    Some(Control { id, rule, automated, title, note })
}

/// The control a rule (by slug) checks in one benchmark version.
pub fn control_of(benchmark: &str, slug: &str) -> Option<Control> {
    controls(benchmark).find(|c| c.rule == Some(slug))
}

/// Whether any version has a control with this id, or a section (`4.2`) that holds one.
pub fn id_exists(id: &str) -> bool {
    BENCHMARKS
        .iter()
        .any(|b| controls(b).any(|c| c.id == id || c.id.strip_prefix(id).is_some_and(|r| r.starts_with('.'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_has_a_table() {
        for b in BENCHMARKS {
            assert!(controls(b).count() > 100, "{b}");
        }
        assert_eq!(TABLES.len(), BENCHMARKS.len());
    }

    #[test]
    fn versions_are_named_with_or_without_the_prefix() {
        for name in ["cis-1.12", "1.12", "v1.12", "CIS-1.12", " 1.12 "] {
            assert_eq!(canonical(name), Some("cis-1.12"), "{name}");
        }
        assert_eq!(canonical("1.1"), None);
        assert_eq!(canonical("cis-1.2"), None);
        assert_eq!(canonical("vcis-1.12"), None);
        for b in BENCHMARKS {
            assert_eq!(canonical(b), Some(*b));
        }
    }
}
