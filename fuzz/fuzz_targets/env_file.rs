//! Environment files, read through kubeadm's drop-in that names them and expands
//! their variables into the kubelet's command line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::env_file(data));
