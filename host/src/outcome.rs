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

/// What the exit status needs of a report, read without holding the report as a tree of
/// values (a 130 MB report is over a gigabyte as `serde_json::Value`).
#[derive(Debug, serde::Deserialize)]
pub struct Outcome {
    #[serde(default, deserialize_with = "error_message")]
    pub error: Option<String>,
    #[serde(default)]
    errors: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    findings: Vec<Counted>,
}

#[derive(Debug, serde::Deserialize)]
struct Counted {
    status: String,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    suppressed: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    baselined: bool,
}

fn error_message<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v: Option<Value> = serde::Deserialize::deserialize(d)?;
    Ok(v.filter(|e| !e.is_null())
        .map(|e| e.get("message").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| e.to_string())))
}

impl Outcome {
    pub fn of(response: &str) -> serde_json::Result<Outcome> {
        serde_json::from_str(response)
    }

    /// The same, of a report already parsed; `None` when it is not one.
    pub fn of_report(report: &Value) -> Option<Outcome> {
        serde::Deserialize::deserialize(report).ok()
    }

    pub fn has_errors(&self) -> bool {
        self.error.is_some() || !self.errors.is_empty()
    }

    /// A failing finding at or above `threshold` (or, for [`FailOn::Unknown`], any failing
    /// or unknown one). Suppressed and baselined findings do not count.
    pub fn fails(&self, threshold: FailOn) -> bool {
        self.findings.iter().filter(|f| f.suppressed.is_none() && !f.baselined).any(|f| {
            match (f.status.as_str(), threshold) {
                ("unknown" | "fail", FailOn::Unknown) => true,
                ("fail", _) => severity_rank(f.severity.as_deref()) >= threshold,
                _ => false,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fails(report: &Value, threshold: FailOn) -> bool {
        Outcome::of_report(report).expect("a report").fails(threshold)
    }

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
