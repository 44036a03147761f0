//! `/proc/<pid>/cmdline`: NUL-separated words.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    common::check_and_verify(&[common::doc("proc/1/cmdline", format!("/usr/bin/kubelet\0{text}"))]);
});
