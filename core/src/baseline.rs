//! Baselines: a team adopts kubecis on a repository that already fails, records what
//! fails today (`options.writeBaseline`), and from then on fails only on what is new.
//! A finding is in the baseline when its rule, the file it is located in and the
//! setting it is about match an entry: line numbers are left out, so that editing
//! other lines of a file keeps it matched.

use serde::{Deserialize, Serialize};

use crate::report::{Finding, Status};

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The rule's slug.
    pub rule: String,
    /// The document the finding is located in, as the host named it (a leading `./` and
    /// repeated `/` do not count).
    pub file: String,
    /// The setting the finding is about (`--anonymous-auth`, `authorization.mode`).
    #[serde(default)]
    pub setting: String,
}

/// The entry a failing or unknown finding would have; none for a pass.
pub fn entry(f: &Finding, names: &[&str]) -> Option<BaselineEntry> {
    if f.status == Status::Pass {
        return None;
    }
    let doc = f.location.map(|l| l.document).or_else(|| f.documents.first().copied())?;
    Some(BaselineEntry {
        rule: f.rule.to_string(),
        file: normalise(names.get(doc).copied().unwrap_or_default()),
        setting: f.setting.name.clone(),
    })
}

fn normalise(name: &str) -> String {
    let mut s = name;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

/// Marks the failing and unknown findings the baseline holds (suppressed ones are left
/// alone); returns how many entries matched no finding (fixed since it was written).
pub fn apply(entries: &[BaselineEntry], findings: &mut [Finding], names: &[&str]) -> usize {
    let mut matched = vec![false; entries.len()];
    for f in findings.iter_mut().filter(|f| f.suppressed.is_none()) {
        let Some(key) = entry(f, names) else { continue };
        let mut hit = entries.iter().enumerate().filter(|(_, e)| **e == key);
        if let Some((i, _)) = hit.next() {
            matched[i] = true;
            f.baselined = true;
        }
    }
    matched.iter().filter(|m| !**m).count()
}

/// The baseline of a report's findings: sorted, without repeats.
pub fn entries(findings: &[Finding], names: &[&str]) -> Vec<BaselineEntry> {
    let mut all: Vec<BaselineEntry> =
        findings.iter().filter(|f| f.suppressed.is_none()).filter_map(|f| entry(f, names)).collect();
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_compared_without_dot_slash() {
        assert_eq!(normalise("./etc//kubernetes/x.yaml"), "etc/kubernetes/x.yaml");
        assert_eq!(normalise("/var/lib/kubelet/config.yaml"), "/var/lib/kubelet/config.yaml");
    }
}
