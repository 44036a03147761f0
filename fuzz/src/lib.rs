//! The fuzz targets' bodies: `fuzz_targets/*.rs` feed libFuzzer's input to these, and
//! `core/tests/fuzz_replay.rs` replays `fuzz/regressions/<target>/*` through the same
//! functions on stable (it includes these files with `#[path]`, so they use only
//! `kubecis_core` and `serde_json`, and reach each other through `crate::`).

pub mod common;
pub mod fix_round_trip;
pub mod go_yaml;
pub mod targets;
