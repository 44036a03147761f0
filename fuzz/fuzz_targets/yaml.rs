//! The YAML/JSON recogniser: the span-preserving parser on its own, then `check`
//! with the text as a single document.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::yaml(data));
