//! `kubecis fix`: applies the fix edits of failing findings. Edits replace byte ranges
//! of a document and leave every other byte as it was. Fixes are taken in report order;
//! a fix whose edits overlap one already taken is refused (with a message) and left for
//! the next run. Writing the fixed files is [`write`]'s.

pub mod write;

use serde_json::Value;

/// One edit: replace `start..end` of a document with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The edits taken for each document, the rules they fix, and the fixes refused.
#[derive(Debug, Default)]
pub struct Plan {
    /// `(document, edits sorted by position, rules fixed)`.
    pub documents: Vec<(usize, Vec<Edit>, Vec<String>)>,
    pub refused: Vec<String>,
    /// Unsafe fixes left out because `--unsafe-fixes` was not given.
    pub unsafe_skipped: usize,
    /// Display-only fixes, never applied.
    pub display_only: usize,
}

fn finding_name(f: &Value) -> String {
    let rule = f.get("rule").and_then(Value::as_str).unwrap_or("?");
    match f.get("cis").and_then(Value::as_str) {
        Some(id) => format!("{id} {rule}"),
        None => rule.to_string(),
    }
}

/// Collects the fixes of the failing findings of `report` over `contents`: the safe
/// ones, and the unsafe ones too when `unsafe_fixes`; never the display-only ones.
pub fn plan(report: &Value, contents: &[&str], unsafe_fixes: bool) -> Plan {
    let mut plan = Plan::default();
    let empty = Vec::new();
    for f in report.get("findings").and_then(Value::as_array).unwrap_or(&empty) {
        if f.get("status").and_then(Value::as_str) != Some("fail") {
            continue;
        }
        let Some(fix) = f.get("fix").filter(|x| x.is_object()) else { continue };
        match fix.get("applicability").and_then(Value::as_str) {
            Some("safe") => {}
            Some("unsafe") if unsafe_fixes => {}
            Some("unsafe") => {
                plan.unsafe_skipped += 1;
                continue;
            }
            // Display-only, or a plugin that does not say: never applied.
            _ => {
                plan.display_only += 1;
                continue;
            }
        }
        let name = finding_name(f);
        let mut edits: Vec<(usize, Edit)> = Vec::new();
        let mut bad = None;
        for e in fix.get("edits").and_then(Value::as_array).unwrap_or(&empty) {
            let num = |k: &str| e.get(k).and_then(Value::as_u64).map(|n| n as usize);
            let (Some(doc), Some(start), Some(end)) = (num("document"), num("start"), num("end")) else {
                bad = Some("an edit without document, start or end".to_string());
                break;
            };
            let text = e.get("text").and_then(Value::as_str).unwrap_or("").to_string();
            let ok = contents.get(doc).is_some_and(|c| {
                start <= end && end <= c.len() && c.is_char_boundary(start) && c.is_char_boundary(end)
            });
            if !ok {
                bad = Some(format!("bytes {start}..{end} are not a range of document {doc}"));
                break;
            }
            edits.push((doc, Edit { start, end, text }));
        }
        if let Some(why) = bad {
            plan.refused.push(format!("{name}: fix refused: {why}"));
            continue;
        }
        if let Some(conflict) = edits.iter().find_map(|(d, e)| plan.conflict(*d, e)) {
            plan.refused.push(format!(
                "{name}: fix refused: its edit overlaps the fix of {conflict}; run `kubecis fix` again after this one"
            ));
            continue;
        }
        for (doc, edit) in edits {
            plan.take(doc, edit, &name);
        }
    }
    for (_, edits, _) in &mut plan.documents {
        edits.sort_by_key(|e| (e.start, e.end));
    }
    plan
}

impl Plan {
    /// The finding whose taken edit overlaps `e` in document `doc`, if any. An identical
    /// edit (two views of one file asking for the same change) is no conflict.
    fn conflict(&self, doc: usize, e: &Edit) -> Option<String> {
        let (_, edits, rules) = self.documents.iter().find(|(d, _, _)| *d == doc)?;
        edits.iter().enumerate().find_map(|(i, t)| {
            if t == e {
                return None;
            }
            // Two insertions at one point that each start with their own separator (a new
            // line, a space, a comma: new flags or keys after the last one) compose, in
            // report order; any other touching edits wait for the next run.
            let separated = |x: &Edit| x.start == x.end && x.text.starts_with(['\n', '\r', ' ', ',']);
            if separated(e) && separated(t) && e.start == t.start {
                return None;
            }
            let overlap =
                (e.start < t.end && t.start < e.end) || (e.start == t.start && (e.start == e.end || t.start == t.end));
            overlap.then(|| rules.get(i).cloned().unwrap_or_default())
        })
    }

    fn take(&mut self, doc: usize, e: Edit, name: &str) {
        let i = match self.documents.iter().position(|(d, _, _)| *d == doc) {
            Some(i) => i,
            None => {
                self.documents.push((doc, Vec::new(), Vec::new()));
                self.documents.len() - 1
            }
        };
        let (_, edits, rules) = &mut self.documents[i];
        if !edits.contains(&e) {
            edits.push(e);
            // `rules[i]` names the finding of `edits[i]`.
            rules.push(name.to_string());
        }
    }
}

/// Applies sorted, non-overlapping edits.
pub fn apply(content: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(content.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&content[at..e.start]);
        out.push_str(&e.text);
        at = e.end;
    }
    out.push_str(&content[at..]);
    out
}

/// The masks of `old` (the report's `redactions`) moved to where they stand once `edits`
/// (sorted) are applied; a mask an edit touches is dropped with it.
pub fn shifted(masks: &[(usize, usize)], edits: &[Edit]) -> Vec<(usize, usize)> {
    masks
        .iter()
        .filter(|(s, e)| !edits.iter().any(|x| x.start < *e && *s < x.end))
        .map(|&(s, e)| {
            let by: isize =
                edits.iter().filter(|x| x.end <= s).map(|x| x.text.len() as isize - (x.end - x.start) as isize).sum();
            ((s as isize + by) as usize, (e as isize + by) as usize)
        })
        .collect()
}

/// A unified diff of one document as the terminal may show it: credentials masked and
/// control characters escaped on both sides (so such a diff is for reading, not `patch`).
pub fn shown_diff(name: &str, old: &str, new: &str, masks: &[(usize, usize)], edits: &[Edit]) -> String {
    let old = crate::shown::Shown::new(old, masks).text;
    let new = crate::shown::Shown::new(new, &shifted(masks, edits)).text;
    diff(&crate::shown::terminal(name), &old, &new)
}

/// A unified diff of one document.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    // Newline-terminated lines, so a file without a final newline gets diff's
    // "\ No newline at end of file" instead of a last line run into the next output.
    similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding(rule: &str, edits: Value) -> Value {
        json!({"rule": rule, "status": "fail", "fix": {"description": "d", "applicability": "safe", "edits": edits}})
    }

    #[test]
    fn overlapping_fixes_are_refused_and_duplicates_merged() {
        let content = "abcdef";
        let report = json!({"findings": [
            finding("r1", json!([{"document": 0, "start": 1, "end": 3, "text": "X"}])),
            finding("r2", json!([{"document": 0, "start": 2, "end": 4, "text": "Y"}])),
            finding("r3", json!([{"document": 0, "start": 1, "end": 3, "text": "X"}])),
            finding("r4", json!([{"document": 0, "start": 6, "end": 6, "text": "!"}])),
            finding("r5", json!([{"document": 0, "start": 9, "end": 9, "text": "?"}])),
        ]});
        let plan = plan(&report, &[content], false);
        assert_eq!(plan.refused.len(), 2, "{:?}", plan.refused);
        assert!(plan.refused[0].contains("r2") && plan.refused[0].contains("overlaps the fix of r1"));
        let (_, edits, _) = &plan.documents[0];
        assert_eq!(apply(content, edits), "aXdef!");
    }

    #[test]
    fn only_safe_fixes_unless_asked() {
        let edit = json!([{"document": 0, "start": 0, "end": 1, "text": "X"}]);
        let with = |a: &str| {
            let mut f = finding("r", edit.clone());
            f["fix"]["applicability"] = json!(a);
            json!({"findings": [f]})
        };
        assert_eq!(plan(&with("unsafe"), &["abc"], false).unsafe_skipped, 1);
        assert_eq!(plan(&with("unsafe"), &["abc"], true).documents.len(), 1);
        assert_eq!(plan(&with("display-only"), &["abc"], true).display_only, 1);
        assert!(plan(&with("display-only"), &["abc"], true).documents.is_empty());
    }

    #[test]
    fn insertions_at_one_point_compose_in_report_order() {
        let content = "kubelet --a=1\n";
        let report = json!({"findings": [
            finding("r1", json!([{"document": 0, "start": 13, "end": 13, "text": " --b=2"}])),
            finding("r2", json!([{"document": 0, "start": 13, "end": 13, "text": " --c=3"}])),
            // Not led by a separator: it would glue onto the others, so it waits.
            finding("r3", json!([{"document": 0, "start": 13, "end": 13, "text": "x"}])),
        ]});
        let plan = plan(&report, &[content], false);
        assert_eq!(plan.refused.len(), 1, "{:?}", plan.refused);
        assert!(plan.refused[0].contains("r3"));
        let (_, edits, _) = &plan.documents[0];
        assert_eq!(apply(content, edits), "kubelet --a=1 --b=2 --c=3\n");
    }

    #[test]
    fn a_last_line_without_newline_is_marked() {
        let d = diff("u", "ExecStart=/usr/bin/kubelet", "ExecStart=/usr/bin/kubelet --x=1");
        assert!(d.ends_with("\\ No newline at end of file\n"), "{d}");
    }

    #[test]
    fn diffs_mask_credentials_on_both_sides() {
        let old = "kubelet --anonymous-auth=true --x-token=hunter2\n";
        let at = old.find("hunter2").unwrap();
        let edits = [Edit { start: 25, end: 29, text: "false".into() }];
        let new = apply(old, &edits);
        let d = shown_diff("k", old, &new, &[(at, at + 7)], &edits);
        assert!(!d.contains("hunter2"), "{d}");
        assert!(d.contains("+kubelet --anonymous-auth=false --x-token=••••"), "{d}");
    }

    #[test]
    fn diff_has_headers() {
        let d = diff("a.yaml", "x: 1\ny: true\n", "x: 1\ny: false\n");
        assert!(d.contains("--- a/a.yaml") && d.contains("-y: true") && d.contains("+y: false"), "{d}");
    }
}
