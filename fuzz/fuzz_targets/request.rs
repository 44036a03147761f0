//! The request decoder and the whole pipeline behind `check_json`: raw bytes in,
//! always a JSON object out.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::request(data));
