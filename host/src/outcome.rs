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

/// Whether the report has a failing finding at or above `threshold`.
pub fn fails(report: &Value, threshold: FailOn) -> bool {
    report.get("findings").and_then(Value::as_array).is_some_and(|fs| {
        fs.iter().any(|f| {
            f.get("status").and_then(Value::as_str) == Some("fail")
                && f.get("suppressed").is_none()
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
    fn suppressed_failures_do_not_fail_the_run() {
        let mut r = report();
        for f in r["findings"].as_array_mut().unwrap() {
            f["suppressed"] = json!({"reason": "lab"});
        }
        assert!(!fails(&r, FailOn::Any));
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
