//! Command lines (argv text, `ps -ef`/`ps aux` lines): the shell splitter on its
//! own, then `check` with a kubelet command line made of the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kubecis_fuzz::targets::command_line(data));
