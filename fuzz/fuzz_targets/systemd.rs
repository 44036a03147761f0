//! systemd units and drop-ins, with `Environment=`, `EnvironmentFile=` and `ExecStart=`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::systemd(data));
