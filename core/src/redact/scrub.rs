//! Making the report's strings safe to show: credentials masked, control characters
//! escaped, long or odd words described instead of quoted.

use super::MASK;
use crate::report::Report;

/// The longest word a message quotes; a longer one (a key, a token, a pasted blob) is
/// described by its length.
const MAX_QUOTED: usize = 40;

/// `"word"` (escaped as Rust's `{:?}` does), or `(57 characters, not shown)` for a
/// word too long to be a setting's value: messages quote stray words and invalid values
/// through this, so a credential pasted in the wrong place is not repeated whole.
pub fn quote(word: &str) -> String {
    let n = word.chars().count();
    if n <= MAX_QUOTED {
        format!("{word:?}")
    } else {
        format!("({n} characters, not shown)")
    }
}

/// A stray word as a message shows it: the word and its quoted form, or, for a long
/// word, a placeholder and its length.
pub fn stray(word: &str) -> (String, String) {
    if word.chars().count() <= MAX_QUOTED {
        (word.to_string(), format!("{word:?}"))
    } else {
        ("WORD".to_string(), quote(word))
    }
}

/// Characters a terminal acts on instead of showing: C0 controls (ESC, CR, BEL, ...),
/// DEL, C1 controls (CSI U+009B among them) and the bidirectional overrides and
/// isolates that reorder what follows (Trojan Source).
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character written as `\u{1b}`.
pub fn terminal_safe(text: &str) -> String {
    if !text.chars().any(is_control) {
        return text.to_string();
    }
    text.chars().map(|c| if is_control(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

/// The credentials to mask, longest first so a value that contains another is masked whole.
pub struct Secrets(Vec<String>);

impl Secrets {
    /// Values too short or too common to be told from ordinary words (`true`, `abc`) are
    /// masked where the documents are printed (`redactions`), not searched for in text.
    pub fn new(mut values: Vec<String>) -> Secrets {
        values.retain(|v| v.chars().count() >= 4 && !matches!(v.as_str(), "true" | "false" | "null"));
        values.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        values.dedup();
        Secrets(values)
    }

    /// `text` with each credential that stands as a word of its own (not inside a longer
    /// word) replaced by the mask.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.0 {
            let mut from = 0;
            while let Some(at) = out[from..].find(secret.as_str()).map(|i| from + i) {
                let end = at + secret.len();
                let alnum_before = out[..at].chars().next_back().is_some_and(char::is_alphanumeric);
                let alnum_after = out[end..].chars().next().is_some_and(char::is_alphanumeric);
                if alnum_before || alnum_after {
                    from = end;
                } else {
                    out.replace_range(at..end, MASK);
                    from = at + MASK.len();
                }
            }
        }
        out
    }

    fn clean(&self, text: &mut String) {
        *text = terminal_safe(&self.mask(text));
    }
}

/// Every string of the report a person reads, masked and escaped. Fix edits are not:
/// their text is written into files.
pub fn report(report: &mut Report, secrets: &Secrets) {
    for d in &mut report.documents {
        secrets.clean(&mut d.name);
        secrets.clean(&mut d.kind);
        d.component.iter_mut().for_each(|c| secrets.clean(c));
        d.note.iter_mut().for_each(|n| secrets.clean(n));
        d.parts.iter_mut().for_each(|p| secrets.clean(&mut p.kind));
    }
    for f in &mut report.findings {
        for text in [&mut f.title, &mut f.message, &mut f.remediation, &mut f.setting.name] {
            secrets.clean(text);
        }
        f.setting.flag.iter_mut().chain(f.setting.value.iter_mut()).for_each(|t| secrets.clean(t));
        f.setting.overridden.iter_mut().for_each(|o| secrets.clean(&mut o.value));
        f.setting.missing.iter_mut().for_each(|m| secrets.clean(m));
        if let Some(fix) = &mut f.fix {
            secrets.clean(&mut fix.description);
        }
        if let Some(s) = &mut f.suppressed {
            secrets.clean(&mut s.reason);
        }
    }
    for e in report.errors.iter_mut().chain(&mut report.warnings) {
        secrets.clean(&mut e.message);
    }
    for v in &mut report.kubernetes_versions {
        secrets.clean(&mut v.source);
        secrets.clean(&mut v.version);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_masked_whole_only() {
        let s = Secrets::new(vec!["hunter2".into(), "abc".into(), "true".into()]);
        assert_eq!(s.mask("--x=hunter2, \"hunter2\" hunter22 abc true"), "--x=••••, \"••••\" hunter22 abc true");
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(terminal_safe("a\u{1b}[31mb\r\u{7}\u{9b}\u{202e}c"), "a\\u{1b}[31mb\\u{d}\\u{7}\\u{9b}\\u{202e}c");
        assert_eq!(terminal_safe("plain é"), "plain é");
    }

    #[test]
    fn long_words_are_described() {
        assert_eq!(quote("Webhook"), "\"Webhook\"");
        assert_eq!(quote(&"x".repeat(64)), "(64 characters, not shown)");
    }
}
