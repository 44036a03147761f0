//! The request decoder and the whole pipeline behind `check_json`: raw bytes in,
//! always a JSON object out.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = kubecis_core::check_json(data);
    let v: serde_json::Value = serde_json::from_str(&out).expect("check_json returns JSON");
    assert!(v.is_object());
});
