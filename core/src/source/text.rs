//! Byte spans and their conversion to 1-based line/column positions.

use crate::report::{Location, Position};

/// A half-open byte range `start..end` in a document's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn empty(at: usize) -> Span {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Line starts of one document, to turn byte offsets into line/column positions.
///
/// A position costs O(log lines) plus at most [`CHECKPOINT`] bytes of counting, whatever
/// the line's length: a megabyte-long line with thousands of errors stays linear.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Characters before byte `i * CHECKPOINT` (moved back to a char boundary), or empty
    /// when the text is ASCII and a column is a byte difference.
    chars_before: Vec<usize>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        // A lone CR ends a line too (old Mac files): YAML and go-yaml break lines there.
        let bytes = text.as_bytes();
        let breaks = |&(i, &b): &(usize, &u8)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        let mut line_starts = vec![0];
        line_starts.extend(bytes.iter().enumerate().filter(breaks).map(|(i, _)| i + 1));
        let mut chars_before = Vec::new();
        if !text.is_ascii() {
            let mut count = 0;
            let mut from = 0;
            for i in 0..=text.len() / CHECKPOINT {
                let at = floor_char_boundary(text, i * CHECKPOINT);
                count += text[from..at].chars().count();
                chars_before.push(count);
                from = at;
            }
        }
        LineIndex { text, line_starts, chars_before }
    }

    /// Characters before byte `offset` (a char boundary).
    fn chars_to(&self, offset: usize) -> usize {
        if self.chars_before.is_empty() {
            return offset;
        }
        let i = offset / CHECKPOINT;
        let at = floor_char_boundary(self.text, i * CHECKPOINT);
        self.chars_before[i] + self.text[at..offset].chars().count()
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The position of a byte offset (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let line_start = self.line_starts[line];
        let column = self.chars_to(offset) - self.chars_to(line_start) + 1;
        Position { line: line + 1, column, offset }
    }

    pub fn location(&self, document: usize, span: Span) -> Location {
        Location { document, start: self.position(span.start), end: self.position(span.end) }
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_span(&self, offset: usize) -> Span {
        let line = self.line_starts.partition_point(|&s| s <= offset.min(self.text.len())) - 1;
        let start = self.line_starts[line];
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        Span::new(start, end)
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_chars() {
        let idx = LineIndex::new("ab\nçd\n");
        assert_eq!(idx.position(0), Position { line: 1, column: 1, offset: 0 });
        assert_eq!(idx.position(3), Position { line: 2, column: 1, offset: 3 });
        // 'ç' is two bytes: the 'd' after it is column 2.
        assert_eq!(idx.position(5), Position { line: 2, column: 2, offset: 5 });
        assert_eq!(idx.position(100).offset, 7);
    }

    #[test]
    fn columns_past_checkpoints_count_chars() {
        // Multi-byte characters straddle the checkpoints; every column must match a count.
        let text: String = (0..3000).map(|i| if i % 3 == 0 { 'é' } else { 'a' }).collect::<String>() + "\nxé€y";
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(idx.position(offset).column, expected, "offset {offset}");
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let idx = LineIndex::new("a: 1\rb: 2\r\nc: 3");
        assert_eq!(idx.position(5), Position { line: 2, column: 1, offset: 5 });
        assert_eq!(idx.position(11), Position { line: 3, column: 1, offset: 11 });
        assert_eq!(idx.line_span(6), Span::new(5, 9));
        assert_eq!(idx.line_span(1), Span::new(0, 4));
    }

    #[test]
    fn line_span_excludes_crlf() {
        let idx = LineIndex::new("a: 1\r\nb: 2");
        assert_eq!(idx.line_span(1), Span::new(0, 4));
        assert_eq!(idx.line_span(7), Span::new(6, 10));
    }
}
