//! Inline suppressions: `# kubecis: ignore[rule-slug, 4.2.1] reason` in a YAML, unit or
//! env file. A suppression on a line with content applies to that line; on a line of its
//! own, to the next line that is neither blank nor a comment. A finding located on that
//! line, of a named rule (slug or CIS id of the selected benchmark), is reported as
//! suppressed with the reason; it no longer fails the run. A suppression without a
//! reason, naming no rule, or matching no finding is a warning, so none rots unseen.

use crate::report::{Finding, InputError, Status, Suppressed};
use crate::source::{LineIndex, Span};

const MARKER: &str = "kubecis: ignore[";

/// One suppression comment.
pub struct Suppression {
    pub document: usize,
    /// 1-based line it applies to.
    pub line: usize,
    pub rules: Vec<String>,
    pub reason: String,
    /// The comment's `kubecis: ignore[...] reason` text.
    pub span: Span,
}

/// The suppressions of one document.
pub fn collect(document: usize, text: &str) -> Vec<Suppression> {
    let mut found: Vec<Suppression> = Vec::new();
    let mut pending: Vec<Suppression> = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let line_no = number + 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let comment = comment_start(body);
        let code_before = body[..comment.unwrap_or(body.len())].trim();
        // A line with content takes the suppressions waiting for it.
        if !code_before.is_empty() {
            for mut s in pending.drain(..) {
                s.line = line_no;
                found.push(s);
            }
        }
        if let Some(at) = comment {
            if let Some(m) = body[at..].find(MARKER) {
                let start = at + m;
                let rest = &body[start + MARKER.len()..];
                if let Some(close) = rest.find(']') {
                    let rules = rest[..close].split(',').map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
                    let s = Suppression {
                        document,
                        line: line_no,
                        rules: rules.collect(),
                        reason: rest[close + 1..].trim().to_string(),
                        span: Span::new(offset + start, offset + body.len()),
                    };
                    if code_before.is_empty() {
                        pending.push(s);
                    } else {
                        found.push(s);
                    }
                }
            }
        }
        offset += line.len();
    }
    found
}

/// Where a comment starts: `#` at the start of a line or after a blank, or `;` at the
/// start (systemd), outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    if line.trim_start().starts_with(';') {
        return Some(line.len() - line.trim_start().len());
    }
    let mut quote: Option<u8> = None;
    let mut previous = b' ';
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'#') if matches!(previous, b' ' | b'\t') => return Some(i),
            _ => {}
        }
        previous = b;
    }
    None
}

/// Marks the findings the suppressions cover and returns the warnings: suppressions
/// without a reason (not applied), naming no known rule, or matching no finding.
pub fn apply(
    suppressions: &[Suppression],
    findings: &mut [Finding],
    known: impl Fn(&str) -> bool,
    indexes: &[LineIndex],
) -> Vec<InputError> {
    let mut warnings = Vec::new();
    for s in suppressions {
        let location = indexes[s.document].location(s.document, s.span);
        let warn = |message: String| InputError { document: s.document, message, location: Some(location) };
        if s.reason.is_empty() {
            warnings.push(warn(format!(
                "suppression of {} has no reason, so it is not applied: write why after the ]",
                s.rules.join(", ")
            )));
            continue;
        }
        let mut used = false;
        for rule in &s.rules {
            if !known(rule) {
                warnings.push(warn(format!("suppression names {rule:?}, which is no rule or CIS id")));
                continue;
            }
            for f in findings.iter_mut() {
                let covers = f.location.as_ref().is_some_and(|l| {
                    l.document == s.document && l.start.line <= s.line && s.line <= l.end.line.max(l.start.line)
                });
                // A passing finding needs no suppression: one that only covers passes is stale.
                let named = f.rule == rule || f.cis.as_deref() == Some(rule.as_str());
                if covers && named && f.status != Status::Pass {
                    f.suppressed = Some(Suppressed { reason: s.reason.clone(), location });
                    used = true;
                }
            }
        }
        if !used && s.rules.iter().all(|r| known(r)) {
            warnings.push(warn(format!("suppression of {} matches no finding on its line", s.rules.join(", "))));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_and_next_line() {
        let text = "a: 1 # kubecis: ignore[kubelet-read-only-port] behind a firewall\n# kubecis: ignore[4.2.1, x] why\n\n# other\nb: 2\n";
        let s = collect(0, text);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].line, s[0].rules.clone(), s[0].reason.as_str()),
            (1, vec!["kubelet-read-only-port".to_string()], "behind a firewall")
        );
        assert_eq!(
            (s[1].line, s[1].rules.clone(), s[1].reason.as_str()),
            (5, vec!["4.2.1".to_string(), "x".to_string()], "why")
        );
        assert_eq!(&text[s[0].span.start..s[0].span.end], "kubecis: ignore[kubelet-read-only-port] behind a firewall");
    }

    #[test]
    fn units_and_quotes() {
        let unit = "[Service]\n; kubecis: ignore[kubelet-anonymous-auth] lab node\nExecStart=/usr/bin/kubelet\n";
        assert_eq!(collect(0, unit)[0].line, 3);
        // Inside quotes it is a value, not a comment.
        assert!(collect(0, "a: \"# kubecis: ignore[x] y\"\n").is_empty());
    }
}
