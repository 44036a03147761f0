//! The bodies of the first seven fuzz targets (`fuzz_targets/<name>.rs` call these), so
//! that `core/tests/fuzz_replay.rs` can replay inputs through the same assertions on stable.

use crate::common;

const DROPIN: &str = "[Service]\nEnvironment=\"KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml\"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS ${KUBELET_EXTRA_ARGS} --x=${KUBELET_KUBEADM_ARGS}\n";

/// The request decoder and the whole pipeline behind `check_json`: raw bytes in,
/// always a JSON object out.
pub fn request(data: &[u8]) {
    let out = kubecis_core::check_json(data);
    let v: serde_json::Value = serde_json::from_str(&out).expect("check_json returns JSON");
    assert!(v.is_object());
}

/// The YAML/JSON recogniser: the span-preserving parser on its own, then `check`
/// with the text as a single document.
pub fn yaml(data: &[u8]) {
    let text = common::text(data);
    if let Ok(docs) = kubecis_core::source::yaml::parse_stream(&text) {
        for d in &docs {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        }
    }
    common::check_and_verify(&[common::doc("var/lib/kubelet/config.yaml", text)]);
}

/// Command lines (argv text, `ps -ef`/`ps aux` lines): the shell splitter on its
/// own, then `check` with a kubelet command line made of the input.
pub fn command_line(data: &[u8]) {
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
}

/// `/proc/<pid>/cmdline`: NUL-separated words.
pub fn proc_cmdline(data: &[u8]) {
    let text = common::text(data);
    common::check_and_verify(&[common::doc("proc/1/cmdline", format!("/usr/bin/kubelet\0{text}"))]);
}

/// systemd units and drop-ins, with `Environment=`, `EnvironmentFile=` and `ExecStart=`.
pub fn systemd(data: &[u8]) {
    let text = common::text(data);
    common::check_and_verify(&[common::doc(
        "etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        format!("[Service]\n{text}"),
    )]);
}

/// Environment files, read through kubeadm's drop-in that names them and expands
/// their variables into the kubelet's command line.
pub fn env_file(data: &[u8]) {
    let text = common::text(data);
    common::check_and_verify(&[
        common::doc("usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf", DROPIN.to_string()),
        common::doc("var/lib/kubelet/kubeadm-flags.env", text),
    ]);
}

/// The whole `check` over several documents of one node. The input is split on
/// 0x1E (record separator) into documents; each starts with its name up to the
/// first newline.
pub fn documents(data: &[u8]) {
    common::check_and_verify(&common::split_documents(data, 64));
}
