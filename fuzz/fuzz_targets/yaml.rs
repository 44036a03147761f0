//! The YAML/JSON recogniser: the span-preserving parser on its own, then `check`
//! with the text as a single document.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    if let Ok(docs) = kubecis_core::source::yaml::parse_stream(&text) {
        for d in &docs {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        }
    }
    common::check_and_verify(&[common::doc("var/lib/kubelet/config.yaml", text)]);
});
