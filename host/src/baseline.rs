//! Baseline files: the entries the core writes (`options.writeBaseline`) and reads
//! (`options.baseline`), kept in a JSON file in the repository.

use std::path::Path;

use serde_json::{json, Value};

/// What the file says it is, so a wrong file given to `--baseline` is an error.
const KIND: &str = "kubecis-baseline";

/// The entries of a baseline file, for the request.
pub fn read(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the baseline: {}", path.display(), crate::inputs::io_message(&e)))?;
    let value: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not a kubecis baseline: {e}", path.display()))?;
    match (value.get("kind").and_then(Value::as_str), value.get("entries")) {
        (Some(KIND), Some(entries)) if entries.is_array() => Ok(entries.clone()),
        _ => Err(format!(
            "{}: not a kubecis baseline (write one with `kubecis check --write-baseline FILE`)",
            path.display()
        )),
    }
}

/// Writes the report's baseline entries; returns how many.
pub fn write(path: &Path, report: &Value) -> Result<usize, String> {
    let entries = report.get("baseline").cloned().unwrap_or_else(|| json!([]));
    let n = entries.as_array().map_or(0, Vec::len);
    let file = json!({"kind": KIND, "version": 1, "entries": entries});
    let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    std::fs::write(path, text)
        .map_err(|e| format!("cannot write the baseline {}: {}", path.display(), crate::inputs::io_message(&e)))?;
    Ok(n)
}
