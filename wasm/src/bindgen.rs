//! The wasm-bindgen API of the npm package `kubecis` (built only with the `bindgen`
//! feature; the default build is the zero-import raw ABI in `lib.rs`).
//!
//! `check(documents, options)` takes `[{name, content}]` and `{benchmark}` as plain JS
//! values and returns the report as a plain JS object, equal to the JSON the CLI prints;
//! a request that cannot be run at all (wrong shape, unknown benchmark) throws an `Error`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use kubecis_core::{Document, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Maps become plain objects and `None` becomes `null`, so that the result deep-equals
/// `JSON.parse` of the CLI's report.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true).serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

/// Goes through `serde_json::Value` so that the core's `deny_unknown_fields` applies as it
/// does to a JSON request (serde-wasm-bindgen only reads the fields a struct names).
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Runs the checks over `documents` (`[{name?, content}]`) with `options` (`{benchmark?}`).
#[wasm_bindgen(skip_typescript)]
pub fn check(documents: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let documents: Vec<Document> = from_js(documents).map_err(|e| JsError::new(&format!("invalid documents: {e}")))?;
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        from_js(options).map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    let report = kubecis_core::check(&documents, &options).map_err(|e| JsError::new(&e))?;
    to_js(&report)
}

/// Runs a JSON request (`{"documents":[...],"options":{...}}`) and returns the JSON
/// response, exactly as the raw ABI's `kubecis_check` does.
#[wasm_bindgen(js_name = checkJson, skip_typescript)]
pub fn check_json(request: &str) -> String {
    kubecis_core::check_json(request.as_bytes())
}

/// The metadata of every rule.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&kubecis_core::rules())
}

/// The benchmark versions this build knows, oldest first.
#[wasm_bindgen(skip_typescript)]
pub fn benchmarks() -> Result<JsValue, JsError> {
    to_js(kubecis_core::benchmark::BENCHMARKS)
}

/// The benchmark used when `options.benchmark` is absent.
#[wasm_bindgen(js_name = defaultBenchmark, skip_typescript)]
pub fn default_benchmark() -> String {
    kubecis_core::benchmark::DEFAULT_BENCHMARK.to_string()
}

/// The version of the kubecis core in this build.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    kubecis_core::report::Tool::this().version.to_string()
}

/// The system allocator, remembering the size of an allocation it could not satisfy: a JS
/// host that caps the module's memory (npm/kubecis `checkWithLimits`) reads it after the
/// trap that follows (`panic = "abort"`) to say "out of memory" rather than "unreachable".
struct Recording;

static FAILED_ALLOCATION: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to `System` unchanged; only records a null result.
unsafe impl GlobalAlloc for Recording {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            FAILED_ALLOCATION.store(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            FAILED_ALLOCATION.store(new_size, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Recording = Recording;

/// The size in bytes of the last allocation that failed, 0 if none did.
#[wasm_bindgen(js_name = failedAllocation, skip_typescript)]
pub fn failed_allocation() -> usize {
    FAILED_ALLOCATION.load(Ordering::Relaxed)
}
