//! The whole `check` over several documents of one node. The input is split on
//! 0x1E (record separator) into documents; each starts with its name up to the
//! first newline.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let docs: Vec<_> = text
        .split('\u{1e}')
        .take(64)
        .map(|chunk| {
            let (name, content) = chunk.split_once('\n').unwrap_or(("", chunk));
            common::doc(name, content.to_string())
        })
        .collect();
    common::check_and_verify(&docs);
});
