//! `/proc/<pid>/cmdline`: NUL-separated words.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::proc_cmdline(data));
