#!/usr/bin/env bash
# Installs what building and testing kubecis needs and a fresh machine may lack.
# Idempotent: every step checks first and does nothing when already satisfied.
# Assumes: Debian, root, a rustup toolchain, Node >= 20 with npm, Python >= 3.11 with pip.
# Reaches only crates.io / PyPI / npm / Debian; downloads no binaries of its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

command -v rustup >/dev/null || die "rustup not found (a rustup-managed Rust toolchain is required)"
command -v cargo >/dev/null || die "cargo not found"
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (Python >= 3.11 is required)"
command -v node >/dev/null || die "node not found (Node.js >= 20 is required)"

# Rust: the wasm target for the plugin, rustfmt and clippy for the checks.
if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed)"
for component in rustfmt clippy; do
  if ! grep -q "^${component}\(-\|$\)" <<<"$installed_components"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# Node: the JS host tests use only node's built-in test runner (no npm packages).
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is required (found $(node --version))"

# Python: the PyPI wasmtime host and pytest, pinned.
requirements=tests/hosts/python/requirements.txt
if ! "$PYTHON" - "$requirements" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, want = line.partition("==")
    if version(name) != want:
        sys.exit(1)
PY
then
  say "installing $requirements"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$requirements"
fi

say "ok ($(rustc --version); node $(node --version); $("$PYTHON" --version))"

# ---- npm/ (the kubecis npm package and the paste-and-check page) ----------------------
# wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version, built by cargo into
# ~/.cache/kubecis/tools (skipped when already there); Debian's Chromium for the page's
# browser tests (playwright-core drives it; no browser download).
say "wasm-bindgen-cli for npm/ (cargo install at the Cargo.lock version, if missing)"
node npm/kubecis/scripts/build-wasm.mjs --tools-only
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium (browser tests of npm/web)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
say "npm/ ok (chromium: $(/usr/bin/chromium --version 2>/dev/null || echo "${CHROMIUM:-missing}"))"
