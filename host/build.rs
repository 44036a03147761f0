//! Builds the kubecis plugin (`kubecis-wasm` for `wasm32-unknown-unknown`) so that the
//! CLI can embed it with `include_bytes!`. A plain `cargo build --release -p kubecis` on a
//! fresh clone is then enough to get a self-contained `target/release/kubecis`.
//!
//! The plugin is built by a nested `cargo build` into its own target directory
//! (`<workspace>/target/plugin`): sharing the outer target directory would deadlock on
//! cargo's build-directory lock. The child gets a clean environment, so the outer
//! build's RUSTFLAGS, target, profile overrides, wrappers (clippy) and jobserver do not
//! leak into the wasm build.
//!
//! `KUBECIS_PLUGIN=/path/to/module.wasm` skips the nested build and embeds that file.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dest = out_dir.join("kubecis.wasm");
    embed_plugin(&dest);
    describe_plugin(&dest);
}

/// What `kubecis --version` and `--help` say about the embedded plugin, known when it is
/// embedded: its SHA-256 (the build it is), and the benchmark versions the core knows, in
/// the core's order, so the help cannot drift from them.
fn describe_plugin(dest: &Path) {
    use sha2::{Digest, Sha256};
    let bytes = fs::read(dest).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dest.display())));
    let hash: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=KUBECIS_PLUGIN_SHA256={hash}");
    println!("cargo:rustc-env=KUBECIS_BENCHMARKS={}", kubecis_core::benchmark::BENCHMARKS.join(", "));
    println!("cargo:rustc-env=KUBECIS_DEFAULT_BENCHMARK={}", kubecis_core::benchmark::DEFAULT_BENCHMARK);
}

fn embed_plugin(dest: &Path) {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let dest = dest.to_path_buf();

    println!("cargo:rerun-if-env-changed=KUBECIS_PLUGIN");
    println!("cargo:rerun-if-changed=build.rs");

    if let Some(path) = env::var_os("KUBECIS_PLUGIN").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        println!("cargo:rerun-if-changed={}", path.display());
        copy(&path, &dest);
        return;
    }

    let workspace = manifest_dir.parent().expect("host/ lives inside the workspace").to_path_buf();
    for rel in ["core/src", "core/Cargo.toml", "wasm/src", "wasm/Cargo.toml", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={}", workspace.join(rel).display());
    }

    ensure_wasm_target();

    let target_dir = workspace.join("target").join("plugin");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&workspace)
        .args(["build", "--release", "-p", "kubecis-wasm", "--target", WASM_TARGET])
        .arg("--target-dir")
        .arg(&target_dir);
    clean_env(&mut cmd);
    // The plugin is built small and aborting on panic; the CLI itself keeps the plain
    // release profile (no LTO), which keeps wasmtime's build short.
    cmd.env("CARGO_PROFILE_RELEASE_PANIC", "abort")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s")
        .env("CARGO_PROFILE_RELEASE_LTO", "true")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1")
        // Cargo's default for a release without debug info, which the module always had:
        // the workspace's `strip = true` is for the CLI.
        .env("CARGO_PROFILE_RELEASE_STRIP", "debuginfo");
    // Build-script stdout is read by cargo as directives: keep the child's off it.
    cmd.stdout(Stdio::from(std::io::stderr()));

    let status = cmd.status().unwrap_or_else(|e| fail(&format!("could not run cargo to build the plugin: {e}")));
    if !status.success() {
        fail(&format!(
            "building the plugin failed ({status}): \
             cargo build --release -p kubecis-wasm --target {WASM_TARGET} --target-dir {}",
            target_dir.display()
        ));
    }

    let built = target_dir.join(WASM_TARGET).join("release").join("kubecis_wasm.wasm");
    copy(&built, &dest);
}

/// Removes everything the outer cargo set for this build script or inherited from the
/// user's invocation that would change how the plugin is compiled or where it goes.
fn clean_env(cmd: &mut Command) {
    const EXACT: &[&str] = &[
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_CRATE_NAME",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_MANIFEST_LINKS",
        "CARGO_INCREMENTAL",
        "OUT_DIR",
        "TARGET",
        "HOST",
        "PROFILE",
        "OPT_LEVEL",
        "DEBUG",
        "NUM_JOBS",
        "RUSTC_LINKER",
        "RUSTDOC",
    ];
    const PREFIXES: &[&str] =
        &["CARGO_PROFILE_", "CARGO_TARGET_", "CARGO_CFG_", "CARGO_FEATURE_", "CARGO_PKG_", "DEP_", "__CARGO"];
    for name in EXACT {
        cmd.env_remove(name);
    }
    for (name, _) in env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if PREFIXES.iter().any(|p| name.starts_with(p)) {
            cmd.env_remove(name);
        }
    }
}

/// Makes sure the standard library for `wasm32-unknown-unknown` is installed: tries
/// `rustup target add` once, then fails with the exact command to run.
fn ensure_wasm_target() {
    if wasm_target_installed() {
        return;
    }
    let added = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !added || !wasm_target_installed() {
        fail(&format!(
            "the {WASM_TARGET} target is not installed; run `rustup target add {WASM_TARGET}` \
             (or set KUBECIS_PLUGIN=/path/to/kubecis_wasm.wasm to embed a prebuilt plugin)"
        ));
    }
}

fn wasm_target_installed() -> bool {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(out) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return false;
    };
    if !out.status.success() {
        return false;
    }
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Path::new(&sysroot).join("lib").join("rustlib").join(WASM_TARGET).join("lib").is_dir()
}

fn copy(from: &Path, to: &Path) {
    if let Err(e) = fs::copy(from, to) {
        fail(&format!("could not copy the plugin {}: {e}", from.display()));
    }
}

fn fail(message: &str) -> ! {
    println!("cargo:warning={message}");
    eprintln!("error: {message}");
    std::process::exit(1);
}
