use crate::report::{DocumentInfo, Report, Summary, Tool};
use crate::{benchmark, Document, Options};

/// Checks one request's documents. Errs only when the options are unusable.
pub fn check(documents: &[Document], options: &Options) -> Result<Report, String> {
    let benchmark = options.benchmark.clone().unwrap_or_else(|| benchmark::DEFAULT_BENCHMARK.to_string());
    if !benchmark::is_known(&benchmark) {
        return Err(format!("unknown benchmark {benchmark:?}; known: {}", benchmark::BENCHMARKS.join(", ")));
    }
    let documents = documents
        .iter()
        .enumerate()
        .map(|(index, d)| DocumentInfo { index, name: d.name.clone(), kind: "Unknown".into(), component: None, parts: vec![], note: None })
        .collect();
    Ok(Report { schema_version: crate::report::SCHEMA_VERSION, tool: Tool::this(), benchmark, documents, findings: vec![], errors: vec![], summary: Summary::default() })
}
