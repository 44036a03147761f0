//! Splits command-line text into words the way a POSIX shell does (quotes,
//! backslashes, line continuations), keeping where every byte of each word came
//! from so that findings and fixes can point into the original text.
//!
//! Hand-written because the shell-splitting crates (shlex, shell-words) return
//! plain strings without source offsets.

use super::text::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub value: String,
    /// The raw word in the source, quotes included.
    pub span: Span,
    /// Source byte offset of each byte of `value`, plus one for its end.
    offsets: Vec<usize>,
    /// The parts of `value` that a variable reference expanded to (Kubernetes expands
    /// `$(VAR)` in a container's command and args), in order.
    pub expansions: Vec<Expansion>,
}

/// `value[start..end]` of a word is what a variable reference expanded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub start: usize,
    pub end: usize,
    /// What the documents do not show, in words (`$(MODES) (set by valueFrom...)`);
    /// `None` when the variable's value is known.
    pub unknown: Option<String>,
}

impl Expansion {
    /// Whether it overlaps `start..end`; an empty expansion: whether it stands inside or at an edge.
    fn touches(&self, start: usize, end: usize) -> bool {
        if self.start == self.end {
            start <= self.start && self.start <= end
        } else {
            self.start < end && start < self.end
        }
    }

    fn shifted(&self, by: usize) -> Expansion {
        Expansion { start: self.start + by, end: self.end + by, unknown: self.unknown.clone() }
    }
}

impl Word {
    /// A word whose bytes are exactly the source bytes at `span`.
    pub fn verbatim(value: &str, start: usize) -> Word {
        Word {
            value: value.to_string(),
            span: Span::new(start, start + value.len()),
            offsets: (start..=start + value.len()).collect(),
            expansions: Vec::new(),
        }
    }

    /// A word whose value is not written verbatim in the source (escapes, a
    /// generated prefix): every byte points at the start of `span`.
    pub fn opaque(value: &str, span: Span) -> Word {
        let mut offsets = vec![span.start; value.len()];
        offsets.push(span.end);
        Word { value: value.to_string(), span, offsets, expansions: Vec::new() }
    }

    /// A word whose bytes were written at `offsets` (one per byte of `value`, plus its end),
    /// as a YAML block scalar maps them; `None` when they do not fit the value.
    pub fn mapped(value: &str, span: Span, offsets: Vec<usize>) -> Option<Word> {
        (offsets.len() == value.len() + 1).then(|| Word {
            value: value.to_string(),
            span,
            offsets,
            expansions: Vec::new(),
        })
    }

    /// A value that stands for the source text at `span` (what a reference expanded to):
    /// its first byte maps to the start of `span` and the others to its last byte, so that
    /// a word holding all of it reaches over the whole reference.
    pub fn replacing(value: &str, span: Span) -> Word {
        let last = span.end.saturating_sub(1).max(span.start);
        let mut offsets: Vec<usize> = (0..value.len()).map(|i| if i == 0 { span.start } else { last }).collect();
        offsets.push(span.end);
        Word { value: value.to_string(), span, offsets, expansions: Vec::new() }
    }

    /// This word as what one variable reference expanded to, known or not.
    pub fn expansion(mut self, unknown: Option<String>) -> Word {
        self.expansions = vec![Expansion { start: 0, end: self.value.len(), unknown }];
        self
    }

    /// The first part of `value[start..end]` whose text the documents do not show, in words.
    pub fn unknown_in(&self, start: usize, end: usize) -> Option<&str> {
        let unknown = |e: &&Expansion| e.start < e.end && e.touches(start, end);
        self.expansions.iter().filter(unknown).find_map(|e| e.unknown.as_deref())
    }

    /// Whether a variable reference put any of `value[start..end]` there.
    pub fn expanded_in(&self, start: usize, end: usize) -> bool {
        self.expansions.iter().any(|e| e.touches(start, end))
    }

    /// The pieces' values one after the other, each keeping its own source offsets.
    pub fn concat(pieces: &[Word]) -> Word {
        let mut out =
            Word { value: String::new(), span: Span::new(usize::MAX, 0), offsets: Vec::new(), expansions: Vec::new() };
        for p in pieces {
            out.expansions.extend(p.expansions.iter().map(|e| e.shifted(out.value.len())));
            out.value.push_str(&p.value);
            out.offsets.extend_from_slice(&p.offsets[..p.value.len()]);
            out.span.start = out.span.start.min(p.span.start);
            out.span.end = out.span.end.max(p.span.end);
        }
        if out.span.start == usize::MAX {
            out.span.start = 0;
        }
        out.offsets.push(pieces.last().map_or(out.span.end, |p| p.offsets[p.value.len()]));
        out
    }

    /// A word split out of this word's value (by [`split`] with base 0), mapped back to
    /// this word's source bytes.
    pub fn reanchor(&self, inner: &Word) -> Word {
        let map = |o: usize| self.offsets.get(o).copied().unwrap_or(self.span.end);
        let offsets: Vec<usize> = inner.offsets.iter().map(|&o| map(o)).collect();
        let span = Span::new(
            map(inner.span.start),
            map(inner.span.end.saturating_sub(1)).saturating_add(1).max(map(inner.span.start)),
        );
        // Each expansion covers the inner bytes that came from it (inner offsets index `self.value`).
        let len = inner.value.len();
        let expansions = self
            .expansions
            .iter()
            .filter_map(|e| {
                if e.start == e.end {
                    let at = inner.offsets.iter().position(|&o| o == e.start)?;
                    return Some(Expansion { start: at, end: at, unknown: e.unknown.clone() });
                }
                let from = |o: &usize| (e.start..e.end).contains(o);
                let first = inner.offsets[..len].iter().position(from)?;
                let last = inner.offsets[..len].iter().rposition(from)?;
                Some(Expansion { start: first, end: last + 1, unknown: e.unknown.clone() })
            })
            .collect();
        Word { value: inner.value.clone(), span, offsets, expansions }
    }

    /// `value[start..end]` as a word of its own, keeping its source offsets.
    pub fn sub(&self, start: usize, end: usize) -> Word {
        let span = self.source_span(start, end);
        let mut offsets = self.offsets[start..end].to_vec();
        offsets.push(span.end);
        let expansions = self
            .expansions
            .iter()
            .filter(|e| e.touches(start, end))
            .map(|e| Expansion {
                start: e.start.max(start) - start,
                end: e.end.min(end) - start,
                unknown: e.unknown.clone(),
            })
            .collect();
        Word { value: self.value[start..end].to_string(), span, offsets, expansions }
    }

    /// Splits the value on whitespace, as systemd does when it expands `$VAR`.
    pub fn split_whitespace(&self) -> Vec<Word> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, b) in self.value.bytes().enumerate().chain(std::iter::once((self.value.len(), b' '))) {
            match (b.is_ascii_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    out.push(self.sub(s, i));
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    /// Splits the value into words with quotes removed, as systemd expands `$VAR` in
    /// `ExecStart=` (extract_word with EXTRACT_UNQUOTE): `--a='x y'` is one word `--a=x y`.
    /// A value with an unterminated quote is split on whitespace.
    pub fn split_unquoted(&self) -> Vec<Word> {
        match split_words(&self.value, 0, false) {
            Ok(words) => words.iter().map(|w| self.reanchor(w)).collect(),
            Err(_) => self.split_whitespace(),
        }
    }

    /// Words joined by single spaces (how systemd reads `KEY="a" b` in an environment file).
    pub fn join(words: &[Word]) -> Option<Word> {
        let first = words.first()?;
        let mut joined = first.clone();
        for w in &words[1..] {
            joined.offsets.pop();
            joined.value.push(' ');
            joined.offsets.push(w.span.start.saturating_sub(1));
            joined.expansions.extend(w.expansions.iter().map(|e| e.shifted(joined.value.len())));
            joined.value.push_str(&w.value);
            joined.offsets.extend_from_slice(&w.offsets);
            joined.span.end = w.span.end;
        }
        Some(joined)
    }

    /// The source span of `value[range]`.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let s = self.offsets.get(start).copied().unwrap_or(self.span.end);
        // The end maps to one past the last byte's source offset, so a closing quote stays outside.
        let e = if end > start { self.offsets.get(end - 1).map_or(self.span.end, |o| o + 1) } else { s };
        Span::new(s, e.max(s))
    }

    /// Whether `value[start..end]` is written verbatim (no quotes or escapes) in the source,
    /// so that replacing the source span with new text replaces exactly that value.
    pub fn is_verbatim(&self, start: usize, end: usize) -> bool {
        let span = self.source_span(start, end);
        // An empty range is verbatim where the byte before it is written just before it (not
        // at the end of an expanded `${VAR}`).
        let joined = start == end && start > 0 && self.offsets[start - 1] + 1 != self.offsets[start];
        !joined && span.len() == end - start && (start..end).all(|i| self.offsets[i] == span.start + (i - start))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub message: String,
    pub span: Span,
}

/// Splits `text` (found at byte offset `base` of its document) into words.
pub fn split(text: &str, base: usize) -> Result<Vec<Word>, SplitError> {
    split_words(text, base, true)
}

fn split_words(text: &str, base: usize, comments: bool) -> Result<Vec<Word>, SplitError> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'\\' && matches!(bytes.get(i + 1), Some(b'\n')) {
            i += 2;
            continue;
        }
        if c == b'\\' && bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') {
            i += 3;
            continue;
        }
        if comments && c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        let mut value = Vec::new();
        let mut offsets = Vec::new();
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            match bytes[i] {
                b'\'' => {
                    let open = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        value.push(bytes[i]);
                        offsets.push(base + i);
                        i += 1;
                    }
                    if i == bytes.len() {
                        return Err(SplitError {
                            message: "unterminated single quote".into(),
                            span: Span::new(base + open, base + i),
                        });
                    }
                    i += 1;
                }
                b'"' => {
                    let open = i;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' && matches!(bytes.get(i + 1), Some(b'"' | b'\\' | b'$' | b'`')) {
                            i += 1;
                        } else if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\n') {
                            i += 2;
                            continue;
                        }
                        value.push(bytes[i]);
                        offsets.push(base + i);
                        i += 1;
                    }
                    if i == bytes.len() {
                        return Err(SplitError {
                            message: "unterminated double quote".into(),
                            span: Span::new(base + open, base + i),
                        });
                    }
                    i += 1;
                }
                b'\\' if i + 1 < bytes.len() => {
                    if bytes[i + 1] == b'\n' {
                        i += 2;
                        continue;
                    }
                    value.push(bytes[i + 1]);
                    offsets.push(base + i + 1);
                    i += 2;
                }
                b => {
                    value.push(b);
                    offsets.push(base + i);
                    i += 1;
                }
            }
        }
        offsets.push(base + i);
        // Quotes only ever split the input at ASCII bytes, so the value stays UTF-8.
        let value = String::from_utf8(value).map_err(|_| SplitError {
            message: "invalid UTF-8 in a word".into(),
            span: Span::new(base + start, base + i),
        })?;
        words.push(Word { value, span: Span::new(base + start, base + i), offsets, expansions: Vec::new() });
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        split(text, 0).unwrap().into_iter().map(|w| w.value).collect()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(values("kubelet --a=1  --b \"x y\" 'z w' c\\ d"), ["kubelet", "--a=1", "--b", "x y", "z w", "c d"]);
        assert_eq!(values("kubelet \\\n  --a=1 \\\n  --b=2"), ["kubelet", "--a=1", "--b=2"]);
        assert_eq!(values("--mode=\"Node,RBAC\""), ["--mode=Node,RBAC"]);
    }

    #[test]
    fn maps_values_back_to_source() {
        let text = "x --mode=\"Node,RBAC\" y";
        let words = split(text, 10).unwrap();
        let w = &words[1];
        let s = w.source_span(7, 16);
        assert_eq!(&text[s.start - 10..s.end - 10], "Node,RBAC");
        assert!(w.is_verbatim(7, 16));
        assert!(!w.is_verbatim(0, 16));
        assert!(words[2].is_verbatim(0, 1));
    }

    #[test]
    fn expansions_follow_their_bytes() {
        // `x --a=` then an expansion standing for `$(V)` at 6..10, then `,b`.
        let text = "x --a=$(V),b";
        let pieces = [
            Word::verbatim("x --a=", 0),
            Word::replacing("1 2", Span::new(6, 10)).expansion(None),
            Word::verbatim(",b", 10),
        ];
        let w = Word::concat(&pieces);
        assert_eq!(w.value, "x --a=1 2,b");
        assert!(w.expanded_in(6, 9) && !w.expanded_in(0, 5) && !w.expanded_in(10, 11));
        // A part holding the whole expansion reaches over the reference.
        let s = w.source_span(2, w.value.len());
        assert_eq!(&text[s.start..s.end], "--a=$(V),b");
        // Split out again (as a shell splits a script), each word keeps its part.
        let inner = split_words(&w.value, 0, false).unwrap();
        let words: Vec<Word> = inner.iter().map(|i| w.reanchor(i)).collect();
        assert_eq!(words.iter().map(|w| w.value.as_str()).collect::<Vec<_>>(), ["x", "--a=1", "2,b"]);
        assert_eq!(words[0].expansions, []);
        assert_eq!(words[1].expansions, [Expansion { start: 4, end: 5, unknown: None }]);
        assert_eq!(words[2].expansions, [Expansion { start: 0, end: 1, unknown: None }]);
        let unknown = Word::verbatim("$(S)", 0).expansion(Some("$(S) (set by valueFrom)".into()));
        let joined = Word::join(&[Word::verbatim("--b=1", 20), unknown]).unwrap();
        assert_eq!(joined.unknown_in(0, 5), None);
        assert_eq!(joined.unknown_in(6, 8), Some("$(S) (set by valueFrom)"));
        assert_eq!(joined.sub(6, 10).unknown_in(0, 1), Some("$(S) (set by valueFrom)"));
        assert!(Word::mapped("ab", Span::new(0, 3), vec![0, 2]).is_none());
    }

    #[test]
    fn unterminated_quotes_are_located() {
        let err = split("a 'b c", 0).unwrap_err();
        assert_eq!(err.span, Span::new(2, 6));
    }
}
