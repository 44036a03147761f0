//! Command lines (argv text, `ps -ef`/`ps aux` lines): the shell splitter on its
//! own, then `check` with a kubelet command line made of the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    if let Ok(words) = kubecis_core::source::shell::split(&text, 0) {
        for w in &words {
            assert!(w.span.start <= w.span.end && w.span.end <= text.len());
        }
    }
    // Both as written and behind a program name, so the flags parser always runs.
    common::check_and_verify(&[common::doc("cmdline.txt", text.clone())]);
    let prog = if data.first().is_some_and(|b| b & 1 == 1) { "kube-apiserver " } else { "/usr/bin/kubelet " };
    common::check_and_verify(&[common::doc("cmdline.txt", format!("{prog}{text}"))]);
});
