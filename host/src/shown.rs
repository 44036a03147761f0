//! Document text as the text output shows it: the bytes the report lists under
//! `redactions` (credentials, as the core decided) masked, and the characters a terminal
//! would obey (ESC, a lone CR, BEL, C1 controls, bidi overrides) written out as `\u{1b}`.
//! Report offsets into the original text are mapped onto the shown text, so underlines
//! and fix diffs land where they did.

use serde_json::Value;

/// What a masked credential is shown as (the core's mask).
pub const MASK: &str = "••••";

/// Characters a terminal acts on instead of showing (the core's list).
fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// A name or a message, every control character escaped (newlines and tabs too: one
/// line stays one line).
pub fn terminal(text: &str) -> String {
    text.chars().map(|c| if is_control(c) { escaped(c) } else { c.to_string() }).collect()
}

/// One stretch of the original text and where it stands in the shown text.
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: usize,
    to: usize,
    shown: usize,
    shown_len: usize,
    /// Replaced whole (a mask or an escape), so offsets inside it have no counterpart.
    replaced: bool,
}

pub struct Shown {
    pub text: String,
    pieces: Vec<Piece>,
}

impl Shown {
    /// `content` with `masks` (sorted or not, byte ranges on character boundaries) masked.
    pub fn new(content: &str, masks: &[(usize, usize)]) -> Shown {
        let mut masks: Vec<(usize, usize)> = masks.to_vec();
        masks.sort();
        let mut text = String::with_capacity(content.len());
        let mut pieces = Vec::new();
        let mut plain_from = 0;
        let push = |text: &mut String, pieces: &mut Vec<Piece>, from, to, shown: &str, replaced| {
            pieces.push(Piece { from, to, shown: text.len(), shown_len: shown.len(), replaced });
            text.push_str(shown);
        };
        let mut masks = masks.into_iter().peekable();
        let mut chars = content.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            while masks.peek().is_some_and(|(_, end)| *end <= i) {
                masks.next();
            }
            if let Some(&(start, end)) = masks.peek().filter(|(start, _)| *start == i) {
                push(&mut text, &mut pieces, plain_from, i, &content[plain_from..i], false);
                push(&mut text, &mut pieces, start, end, MASK, true);
                plain_from = end;
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
                continue;
            }
            let keep = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
            if is_control(c) && !keep {
                push(&mut text, &mut pieces, plain_from, i, &content[plain_from..i], false);
                push(&mut text, &mut pieces, i, i + c.len_utf8(), &escaped(c), true);
                plain_from = i + c.len_utf8();
            }
        }
        push(&mut text, &mut pieces, plain_from, content.len(), &content[plain_from..], false);
        Shown { text, pieces }
    }

    /// The masks a report lists for document `doc`, kept only when they fit `content`.
    pub fn masks_of(report: &Value, doc: usize, content: &str) -> Vec<(usize, usize)> {
        let Some(list) = report.get("redactions").and_then(Value::as_array) else { return vec![] };
        let num = |r: &Value, k: &str| r.get(k).and_then(Value::as_u64).map(|n| n as usize);
        list.iter()
            .filter(|r| num(r, "document") == Some(doc))
            .filter_map(|r| Some((num(r, "start")?, num(r, "end")?)))
            .filter(|(s, e)| {
                s < e && *e <= content.len() && content.is_char_boundary(*s) && content.is_char_boundary(*e)
            })
            .collect()
    }

    /// Where an original offset stands in the shown text: inside a replaced stretch, at
    /// its start (`end == false`) or its end.
    pub fn map(&self, offset: usize, end: bool) -> usize {
        let Some(p) = self.pieces.iter().find(|p| p.from <= offset && offset < p.to).or(self.pieces.last()) else {
            return offset;
        };
        if offset >= p.to {
            p.shown + p.shown_len
        } else if !p.replaced {
            p.shown + (offset - p.from)
        } else if end && offset > p.from {
            p.shown + p.shown_len
        } else {
            p.shown
        }
    }

    pub fn range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let s = self.map(start, false);
        // An empty range stays empty; a range ending inside a mask covers all of it.
        let e = if end == start { s } else { self.map(end, true) };
        s..e.max(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_escapes_keep_offsets() {
        let content = "--a=1 --x-secret=hunter2 --b=\u{1b}[31m\n";
        let start = content.find("hunter2").unwrap();
        let s = Shown::new(content, &[(start, start + 7)]);
        assert_eq!(s.text, "--a=1 --x-secret=•••• --b=\\u{1b}[31m\n");
        let b = content.find("--b").unwrap();
        assert_eq!(&s.text[s.range(b, b + 3)], "--b");
        assert_eq!(&s.text[s.range(start, start + 3)], MASK);
        assert_eq!(&s.text[s.range(0, 5)], "--a=1");
        assert_eq!(s.map(content.len(), true), s.text.len());
    }

    #[test]
    fn crlf_stays() {
        assert_eq!(Shown::new("a\r\nb\rc", &[]).text, "a\r\nb\\u{d}c");
        assert_eq!(terminal("x\u{202e}y\n"), "x\\u{202e}y\\u{a}");
    }
}
