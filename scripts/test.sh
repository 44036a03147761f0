#!/usr/bin/env bash
# The project's whole test run (the README's test command, via .ci/run):
# setup, format, lint, build, Rust tests, then the raw-ABI hosts in Python and JavaScript.
# Stops at the first failing section.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
SECTION=""
section() {
  SECTION="$*"
  printf '\n==== %s ====\n' "$SECTION"
}
trap 'status=$?; if [ "$status" -ne 0 ]; then printf "\n==== FAILED: %s (exit %s) ====\n" "$SECTION" "$status" >&2; fi' EXIT

# CI runs in a fresh clone each time: keep compiled dependencies (wasmtime, cranelift)
# in a persistent target directory so that only the workspace's own crates rebuild.
# Crates themselves are cached in CARGO_HOME (~/.cargo) as usual.
if [ "${CI:-}" = "true" ] && [ -z "${CARGO_TARGET_DIR:-}" ] && [ "${KUBECIS_CI_SHARED_TARGET:-1}" = "1" ]; then
  export CARGO_TARGET_DIR="${HOME}/.cache/kubecis/ci-target"
  mkdir -p "$CARGO_TARGET_DIR"
fi
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

section "setup"
bash scripts/setup.sh

section "cargo fmt --all -- --check"
cargo fmt --all -- --check

section "cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

section "fuzz targets compile: cargo check --manifest-path fuzz/Cargo.toml (running them needs nightly, docs/fuzzing.md)"
cargo check --manifest-path fuzz/Cargo.toml --bins --locked

section "fuzz regressions replay on stable: cargo test -p kubecis-core --test fuzz_replay (fuzz/regressions/<target>/*)"
cargo test -p kubecis-core --test fuzz_replay

section "cargo build --release -p kubecis"
cargo build --release -p kubecis
export KUBECIS_BIN="$PWD/$TARGET_DIR/release/kubecis"
case "$TARGET_DIR" in /*) KUBECIS_BIN="$TARGET_DIR/release/kubecis" ;; esac

section "cargo test --workspace"
cargo test --workspace

section "kubecis plugin --write target/kubecis.wasm"
mkdir -p target
"$KUBECIS_BIN" plugin --write target/kubecis.wasm
export KUBECIS_WASM="$PWD/target/kubecis.wasm"

section "Python host (wasmtime from PyPI): pytest tests/hosts/python"
"$PYTHON" -m pytest -p no:cacheprovider tests/hosts/python

section "JavaScript host (WebAssembly.instantiate): node --test tests/hosts/js"
node --test tests/hosts/js/raw-host.test.mjs

# ---- npm/ (the kubecis npm package and the paste-and-check page) ----------------------
section "npm/: npm ci && npm run build (kubecis package via cargo + wasm-bindgen; the page via esbuild)"
(cd npm && npm ci --no-audit --no-fund && npm run build)

section "npm/: npm test (the package on every case; the page in headless Chromium)"
(cd npm && npm test)
