//! The whole `check` over several documents of one node. The input is split on
//! 0x1E (record separator) into documents; each starts with its name up to the
//! first newline.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::documents(data));
