//! See `fuzz/src/go_yaml.rs` for what it feeds and asserts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::go_yaml::go_yaml(data));
