//! JUnit XML for CI dashboards: one `<testcase>` per finding (a rule on one component
//! instance, named after the document its location is in), `<failure>` for a failing
//! finding, `<skipped>` for an unknown one, and `<error>` testcases for document errors.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use serde_json::Value;

fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Text XML 1.0 can carry: other control characters (a NUL-separated cmdline) become
/// U+FFFD; C1 controls and bidi overrides, which XML allows but a dashboard or a
/// terminal showing the log would obey, are written out as `\u{202e}`.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c.to_string(),
            c if c < ' ' => '\u{fffd}'.to_string(),
            c => crate::shown::terminal(&c.to_string()),
        })
        .collect()
}

struct Case {
    classname: String,
    name: String,
    outcome: Option<(&'static str, String, String, String)>, // (element, message, type, body)
}

/// The JUnit XML of a run that checked nothing: one `<error>` testcase per reason.
pub fn failed(messages: &[String]) -> String {
    xml(&serde_json::json!({"findings": [], "errors": []}), &[], messages)
}

/// The JUnit XML of a (filtered) report; `names[i]` is the name of document `i`;
/// `host_errors` are inputs that could not be read (one `<error>` testcase each).
pub fn xml(report: &Value, names: &[String], host_errors: &[String]) -> String {
    let empty = Vec::new();
    let doc_name = |i: Option<u64>| -> String {
        i.and_then(|i| names.get(i as usize)).cloned().unwrap_or_else(|| "(all documents)".to_string())
    };
    let mut cases: Vec<Case> = host_errors
        .iter()
        .map(|m| Case {
            classname: "kubecis".into(),
            name: "input error".into(),
            outcome: Some(("error", m.clone(), "error".into(), m.clone())),
        })
        .collect();
    for e in report.get("errors").and_then(Value::as_array).unwrap_or(&empty) {
        let message = s(e, "message").to_string();
        cases.push(Case {
            classname: doc_name(e.get("document").and_then(Value::as_u64)),
            name: "document error".into(),
            outcome: Some(("error", message.clone(), "error".into(), message)),
        });
    }
    for f in report.get("findings").and_then(Value::as_array).unwrap_or(&empty) {
        let doc = f
            .get("location")
            .and_then(|l| l.get("document"))
            .or_else(|| f.get("documents").and_then(|d| d.get(0)))
            .and_then(Value::as_u64);
        let name = match f.get("cis").and_then(Value::as_str) {
            Some(id) => format!("{id} {}", s(f, "rule")),
            None => s(f, "rule").to_string(),
        };
        let mut body = format!("{}\n{}", s(f, "title"), s(f, "message"));
        if let Some(setting) = f.get("setting") {
            body.push_str(&format!("\nsetting: {} = {}", s(setting, "name"), s(setting, "value")));
            body.push_str(&format!(" (from {})", s(setting, "origin")));
        }
        if let Some(l) = f.get("location") {
            let line = l.get("start").and_then(|p| p.get("line")).and_then(Value::as_u64).unwrap_or(0);
            body.push_str(&format!("\nat {}:{line}", doc_name(doc)));
        }
        let outcome = match s(f, "status") {
            "fail" => {
                let fix = f.get("fix").map(|x| s(x, "description")).filter(|d| !d.is_empty());
                let remedy =
                    fix.map(|d| format!("fix: {d}")).unwrap_or_else(|| format!("remediation: {}", s(f, "remediation")));
                Some((
                    "failure",
                    s(f, "message").to_string(),
                    s(f, "severity").to_string(),
                    format!("{body}\n{remedy}"),
                ))
            }
            "unknown" => Some(("skipped", s(f, "message").to_string(), String::new(), String::new())),
            _ => None,
        };
        cases.push(Case { classname: doc_name(doc), name, outcome });
    }
    let count = |el: &str| cases.iter().filter(|c| c.outcome.as_ref().is_some_and(|o| o.0 == el)).count().to_string();
    let (tests, failures, errors, skipped) =
        (cases.len().to_string(), count("failure"), count("error"), count("skipped"));
    let suite = format!("kubecis {}", s(report, "benchmark"));

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let counts = [("tests", tests.as_str()), ("failures", &failures), ("errors", &errors), ("skipped", &skipped)];
        w.create_element("testsuites")
            .with_attribute(("name", "kubecis"))
            .with_attributes(counts)
            .write_inner_content(|w| {
                w.create_element("testsuite")
                    .with_attribute(("name", suite.as_str()))
                    .with_attributes(counts)
                    .write_inner_content(|w| {
                        for c in &cases {
                            let el = w
                                .create_element("testcase")
                                .with_attribute(("classname", clean(&c.classname).as_str()))
                                .with_attribute(("name", clean(&c.name).as_str()));
                            match &c.outcome {
                                None => {
                                    el.write_empty()?;
                                }
                                Some((kind, message, ty, body)) => {
                                    el.write_inner_content(|w| {
                                        let mut inner = w
                                            .create_element(*kind)
                                            .with_attribute(("message", clean(message).as_str()));
                                        if !ty.is_empty() {
                                            inner = inner.with_attribute(("type", ty.as_str()));
                                        }
                                        if body.is_empty() {
                                            inner.write_empty()?;
                                        } else {
                                            inner.write_text_content(BytesText::new(&clean(body)))?;
                                        }
                                        Ok(())
                                    })?;
                                }
                            }
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    })();
    // Writing to a Vec cannot fail.
    debug_assert!(result.is_ok());
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn failures_skips_and_errors() {
        let report = json!({"benchmark": "cis-1.12", "findings": [
            {"rule": "a", "cis": "4.2.1", "status": "fail", "severity": "high", "message": "bad <&> \u{0}", "location": {"document": 0}},
            {"rule": "b", "cis": "4.2.2", "status": "unknown", "message": "?", "documents": [1]},
            {"rule": "c", "status": "pass", "message": "ok", "documents": [1]}
        ], "errors": [{"document": 1, "message": "not YAML"}]});
        let x = xml(&report, &["a.yaml".into(), "b.yaml".into()], &[]);
        assert!(x.contains(r#"<testsuites name="kubecis" tests="4" failures="1" errors="1" skipped="1">"#), "{x}");
        assert!(x.contains(r#"<testcase classname="a.yaml" name="4.2.1 a">"#), "{x}");
        assert!(x.contains(r#"message="bad &lt;&amp;&gt; �""#), "{x}");
        assert!(x.contains(r#"<testcase classname="b.yaml" name="c"/>"#), "{x}");
    }
}
