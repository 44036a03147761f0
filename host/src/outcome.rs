//! What the host does with a report after the core made it: `--fail-on` (the exit
//! status). Rule selection (`--select` / `--ignore`) is the core's (`options.select`).

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
    /// Any failing finding, and any finding kubecis could not decide (`unknown`).
    Unknown,
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

/// Whether the report has a failing finding at or above `threshold` (or, for
/// [`FailOn::Unknown`], any failing or unknown one). Suppressed and baselined findings
/// do not count.
pub fn fails(report: &Value, threshold: FailOn) -> bool {
    report.get("findings").and_then(Value::as_array).is_some_and(|fs| {
        fs.iter().filter(|f| f.get("suppressed").is_none() && f.get("baselined").is_none()).any(|f| {
            match (f.get("status").and_then(Value::as_str), threshold) {
                (Some("unknown"), FailOn::Unknown) | (Some("fail"), FailOn::Unknown) => true,
                (Some("fail"), _) => severity_rank(f.get("severity").and_then(Value::as_str)) >= threshold,
                _ => false,
            }
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
    fn suppressed_failures_do_not_fail_the_run() {
        let mut r = report();
        for f in r["findings"].as_array_mut().unwrap() {
            f["suppressed"] = json!({"reason": "lab"});
        }
        assert!(!fails(&r, FailOn::Any));
    }

    #[test]
    fn fail_on_unknown_counts_undecided_findings() {
        let r = json!({"findings": [{"rule": "kubelet-anonymous-auth", "status": "unknown", "severity": "high"}]});
        assert!(!fails(&r, FailOn::Any));
        assert!(fails(&r, FailOn::Unknown));
        let mut baselined = r.clone();
        baselined["findings"][0]["baselined"] = json!(true);
        assert!(!fails(&baselined, FailOn::Unknown));
    }

    #[test]
    fn fail_on_thresholds() {
        let r = report();
        assert!(fails(&r, FailOn::Any));
        assert!(fails(&r, FailOn::Critical));
        let mut r = report();
        r["findings"].as_array_mut().unwrap().retain(|f| f["cis"] != "1.2.6");
        assert!(fails(&r, FailOn::High));
        assert!(!fails(&r, FailOn::Critical));
    }
}
