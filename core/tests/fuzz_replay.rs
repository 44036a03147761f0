//! The fuzz targets on stable: every file of `fuzz/regressions/<target>/` (crash inputs
//! the fuzzers found, and a few seeds worth keeping) goes through the same function the
//! libFuzzer target calls, with the same assertions. The target bodies live in
//! `fuzz/src/` and are included here by path. `FUZZ_REPLAY=<file> FUZZ_TARGET=<name>`
//! replays one more file (a fresh `fuzz/artifacts/...` crash) through one target.

#[allow(dead_code)]
#[path = "../../fuzz/src/common.rs"]
mod common;
#[allow(dead_code)]
#[path = "../../fuzz/src/fix_round_trip.rs"]
mod fix_round_trip;
#[allow(dead_code)]
#[path = "../../fuzz/src/go_yaml.rs"]
mod go_yaml;
#[allow(dead_code)]
#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("request", targets::request),
    ("yaml", targets::yaml),
    ("command_line", targets::command_line),
    ("proc_cmdline", targets::proc_cmdline),
    ("systemd", targets::systemd),
    ("env_file", targets::env_file),
    ("documents", targets::documents),
    ("go_yaml", go_yaml::go_yaml),
    ("fix_round_trip", fix_round_trip::fix_round_trip),
];

fn target(name: &str) -> Target {
    TARGETS.iter().find(|(n, _)| *n == name).unwrap_or_else(|| panic!("no fuzz target {name}")).1
}

#[test]
fn regressions_replay_through_their_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut n = 0;
    for (name, run) in TARGETS {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            eprintln!("{name}: {}", file.display());
            run(&data);
            n += 1;
        }
    }
    assert!(n >= 9, "only {n} regression inputs under {}", root.display());
}

#[test]
fn replay_one_file_from_the_environment() {
    let (Ok(file), Ok(name)) = (std::env::var("FUZZ_REPLAY"), std::env::var("FUZZ_TARGET")) else { return };
    let data = std::fs::read(file).unwrap();
    if name == "go_yaml" {
        let (plain, variant) = go_yaml::spellings(&data);
        let _ = std::fs::write("/tmp/variant.yaml", &variant);
        eprintln!("--- plain:\n{plain}\n--- variant:\n{variant}\n--- variant (escaped):\n{variant:?}");
    }
    target(&name)(&data);
}
