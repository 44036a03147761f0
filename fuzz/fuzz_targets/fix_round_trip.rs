//! See `fuzz/src/fix_round_trip.rs` for what it feeds and asserts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::fix_round_trip::fix_round_trip(data));
