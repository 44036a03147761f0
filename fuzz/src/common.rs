//! Shared by every target: run `check` and assert what must hold for any input.
use kubecis_core::{check, Document, Options};

/// Hosts decode files lossily; the core sees UTF-8 text.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Checks the documents and asserts the report's invariants: it serialises, every
/// location and fix edit lies inside its document on character boundaries, and the
/// summary counts the findings.
pub fn check_and_verify(docs: &[Document]) {
    let report = check(docs, &Options::default()).expect("default options are valid");
    verify(docs, &report);
}

/// The invariants of `check_and_verify` for a report already made.
pub fn verify(docs: &[Document], report: &kubecis_core::Report) {
    serde_json::to_string(&report).expect("a report serialises");
    let n = report.findings.len();
    let s = &report.summary;
    assert_eq!(s.pass + s.fail + s.unknown + s.suppressed, n);
    assert_eq!(report.summary.errors, report.errors.len());
    assert_eq!(report.documents.len(), docs.len());
    let inside = |doc: usize, offset: usize| {
        let content = &docs[doc].content;
        assert!(offset <= content.len() && content.is_char_boundary(offset), "offset {offset} in document {doc}");
    };
    for f in &report.findings {
        if let Some(l) = &f.location {
            inside(l.document, l.start.offset);
            inside(l.document, l.end.offset);
            assert!(l.start.offset <= l.end.offset);
            assert!(f.documents.contains(&l.document), "{} points outside its documents {:?}", f.rule, f.documents);
        }
        for e in f.fix.iter().flat_map(|fix| &fix.edits) {
            inside(e.document, e.start);
            inside(e.document, e.end);
            assert!(e.start <= e.end, "edit {e:?}");
        }
    }
    for e in &report.errors {
        if let Some(l) = &e.location {
            inside(l.document, l.start.offset);
            inside(l.document, l.end.offset);
        }
    }
}

pub fn doc(name: &str, content: String) -> Document {
    Document::new(name, content)
}

/// Documents separated by byte 0x1E (record separator), each `name\ncontent`; at most `max`.
pub fn split_documents(data: &[u8], max: usize) -> Vec<Document> {
    text(data)
        .split('\u{1e}')
        .take(max)
        .map(|chunk| {
            let (name, content) = chunk.split_once('\n').unwrap_or(("", chunk));
            doc(name, content.to_string())
        })
        .collect()
}
