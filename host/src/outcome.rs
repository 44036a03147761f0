//! What the host does with a report after the core made it: `--select` / `--ignore`
//! (drop findings, recompute the summary) and `--fail-on` (the exit status).

use clap::ValueEnum;
use serde_json::Value;

/// The lowest severity of a failing finding that makes the exit status 1.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum FailOn {
    /// Any failing finding, whatever its severity.
    #[default]
    Any,
    Low,
    Medium,
    High,
    Critical,
}

fn severity_rank(s: Option<&str>) -> FailOn {
    match s {
        Some("low") => FailOn::Low,
        Some("medium") => FailOn::Medium,
        Some("high") => FailOn::High,
        Some("critical") => FailOn::Critical,
        _ => FailOn::Any,
    }
}

/// `--select` / `--ignore` as given: rule slugs or CIS ids (`4.2.1`, or a section such as `4.2`).
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }

    /// Values that name no rule and no CIS id of any benchmark (`rules` is `kubecis_rules`).
    pub fn unknown(&self, rules: &Value) -> Vec<String> {
        let empty = Vec::new();
        let rules = rules.as_array().unwrap_or(&empty);
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|sel| {
                !rules.iter().any(|r| {
                    let slug = r.get("slug").and_then(Value::as_str);
                    let ids = r.get("cis").and_then(Value::as_object).into_iter().flat_map(|m| m.values());
                    matches(sel, slug, None)
                        || ids
                            .filter_map(|c| c.get("id").and_then(Value::as_str))
                            .any(|id| matches(sel, None, Some(id)))
                })
            })
            .cloned()
            .collect()
    }

    fn keeps(&self, finding: &Value) -> bool {
        let slug = finding.get("rule").and_then(Value::as_str);
        let cis = finding.get("cis").and_then(Value::as_str);
        let hit = |sel: &String| matches(sel, slug, cis);
        (self.select.is_empty() || self.select.iter().any(hit)) && !self.ignore.iter().any(hit)
    }

    /// Drops the findings the filter excludes and recomputes `summary`. A report
    /// without filters is returned as it is.
    pub fn apply(&self, report: &mut Value) {
        if self.is_empty() {
            return;
        }
        if let Some(findings) = report.get_mut("findings").and_then(Value::as_array_mut) {
            findings.retain(|f| self.keeps(f));
        }
        let count = |status: &str| {
            report
                .get("findings")
                .and_then(Value::as_array)
                .map_or(0, |fs| fs.iter().filter(|f| f.get("status").and_then(Value::as_str) == Some(status)).count())
        };
        let (pass, fail, unknown) = (count("pass"), count("fail"), count("unknown"));
        if let Some(summary) = report.get_mut("summary").and_then(Value::as_object_mut) {
            summary.insert("pass".into(), pass.into());
            summary.insert("fail".into(), fail.into());
            summary.insert("unknown".into(), unknown.into());
        }
    }
}

/// A selector names a rule by slug, or a CIS id exactly or as a section prefix (`4.2` → `4.2.1`).
fn matches(selector: &str, slug: Option<&str>, cis: Option<&str>) -> bool {
    let s = selector.trim();
    slug.is_some_and(|r| r.eq_ignore_ascii_case(s))
        || cis.is_some_and(|id| id == s || id.strip_prefix(s).is_some_and(|rest| rest.starts_with('.')))
}

/// Whether the report has a failing finding at or above `threshold`.
pub fn fails(report: &Value, threshold: FailOn) -> bool {
    report.get("findings").and_then(Value::as_array).is_some_and(|fs| {
        fs.iter().any(|f| {
            f.get("status").and_then(Value::as_str) == Some("fail")
                && severity_rank(f.get("severity").and_then(Value::as_str)) >= threshold
        })
    })
}

/// Whether the core reported document errors or refused the request.
pub fn has_errors(report: &Value) -> bool {
    report.get("error").is_some_and(|e| !e.is_null())
        || report.get("errors").and_then(Value::as_array).is_some_and(|e| !e.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({"findings": [
            {"rule": "kubelet-anonymous-auth", "cis": "4.2.1", "status": "fail", "severity": "high"},
            {"rule": "kubelet-authorization-mode", "cis": "4.2.2", "status": "pass", "severity": "high"},
            {"rule": "apiserver-authorization-mode", "cis": "1.2.6", "status": "fail", "severity": "critical"}
        ], "summary": {"pass": 1, "fail": 2, "unknown": 0, "errors": 0}})
    }

    #[test]
    fn select_and_ignore_recompute_the_summary() {
        let mut r = report();
        Filter { select: vec!["4.2".into()], ignore: vec!["kubelet-authorization-mode".into()] }.apply(&mut r);
        assert_eq!(r["findings"].as_array().unwrap().len(), 1);
        assert_eq!(r["summary"], json!({"pass": 0, "fail": 1, "unknown": 0, "errors": 0}));
        let mut r = report();
        Filter { select: vec![], ignore: vec!["1.2.6".into()] }.apply(&mut r);
        assert_eq!(r["summary"]["fail"], 1);
        // `4.2` is a section, `4.2.1` does not select `4.2.10`.
        assert!(matches("4.2.1", None, Some("4.2.1")) && !matches("4.2.1", None, Some("4.2.10")));
    }

    #[test]
    fn fail_on_thresholds() {
        let r = report();
        assert!(fails(&r, FailOn::Any));
        assert!(fails(&r, FailOn::Critical));
        let mut r = report();
        Filter { select: vec![], ignore: vec!["1.2.6".into()] }.apply(&mut r);
        assert!(fails(&r, FailOn::High));
        assert!(!fails(&r, FailOn::Critical));
    }
}
