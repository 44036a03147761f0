//! Environment files, read through kubeadm's drop-in that names them and expands
//! their variables into the kubelet's command line.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const DROPIN: &str = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS ${KUBELET_EXTRA_ARGS} --x=${KUBELET_KUBEADM_ARGS}\n";

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    common::check_and_verify(&[
        common::doc("usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", DROPIN.to_string()),
        common::doc("var/lib/kubelet/kubeadm-flags.env", text),
    ]);
});
