//! kubecis-core: checks kubelet and kube-apiserver configuration against the CIS
//! Kubernetes Benchmark. Pure: no I/O, no clock, no environment, no global state.
//!
//! The pipeline follows the modules: [`recognise`] each document, [`resolve`] the
//! effective configuration of each component instance, evaluate the [`rules`], and
//! build the [`report`].

pub mod baseline;
pub mod benchmark;
pub mod component;
pub mod evaluate;
pub mod limits;
pub mod recognise;
pub mod redact;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod source;

mod check;
mod request;
mod select;
mod suggest;
mod suppress;

pub use check::check;
pub use report::Report;
pub use request::{Document, Options, Request};
pub use rules::{rules, RuleMeta};
pub use select::Selection;

/// Runs a JSON request and returns the JSON response: the report, or
/// `{"schemaVersion":1,"error":{"message":...}}` when the request itself is unusable.
pub fn check_json(request: &[u8]) -> String {
    match request::decode(request) {
        Ok(req) => {
            let checked = check(&req.documents, &req.options);
            // The documents' texts are not needed to write the report.
            drop(req);
            match checked {
                Ok(report) => exact_json(&report).unwrap_or_else(|e| error_json(&e.to_string())),
                Err(message) => error_json(&message),
            }
        }
        Err(message) => error_json(&message),
    }
}

/// JSON in a buffer of exactly its size: a report of 100 MB written into a growing one
/// held up to twice that (and the copy when the module hands the bytes over) at once.
fn exact_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value)?;
    let mut out = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// The metadata of every rule, as JSON.
pub fn rules_json() -> String {
    serde_json::to_string(&rules()).unwrap_or_else(|e| error_json(&e.to_string()))
}

fn error_json(message: &str) -> String {
    serde_json::json!({"schemaVersion": report::SCHEMA_VERSION, "error": {"message": message}}).to_string()
}
