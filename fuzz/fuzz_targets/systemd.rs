//! systemd units and drop-ins, with `Environment=`, `EnvironmentFile=` and `ExecStart=`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    common::check_and_verify(&[common::doc(
        "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        format!("[Service]\n{text}"),
    )]);
});
