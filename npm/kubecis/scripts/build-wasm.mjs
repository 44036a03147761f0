// Builds the wasm-bindgen flavour of kubecis-wasm and generates the JS glue into dist/:
//   dist/node/  CommonJS glue for Node (wasm-bindgen --target nodejs)
//   dist/web/   ES module glue with an async init() for browsers and bundlers (--target web)
//
// Nothing is downloaded but crates: wasm-bindgen-cli is built by `cargo install` at exactly
// the wasm-bindgen version in Cargo.lock, into $KUBECIS_TOOLS (default ~/.cache/kubecis/tools),
// unless a wasm-bindgen of that version is already there or on PATH. wasm-opt is not used.
//
// Environment: KUBECIS_NPM_TARGET_DIR (default $CARGO_TARGET_DIR/npm-wasm or <repo>/target/npm-wasm), KUBECIS_TOOLS, WASM_BINDGEN
// (a wasm-bindgen binary to use), KUBECIS_WASM_PROFILE (release | dev, default release).
// `--tools-only` installs wasm-bindgen-cli if needed and stops (scripts/setup.sh uses it).

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = resolve(PKG, "..", "..");
const DIST = join(PKG, "dist");
// A target directory of its own: the bindgen build must never stand where the raw ABI module
// (target/wasm32-unknown-unknown/release/kubecis_wasm.wasm) is expected.
const TARGET_DIR = process.env.KUBECIS_NPM_TARGET_DIR
  ? resolve(process.env.KUBECIS_NPM_TARGET_DIR)
  : join(process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(REPO, "target"), "npm-wasm");
const TOOLS = process.env.KUBECIS_TOOLS || join(homedir(), ".cache", "kubecis", "tools");
const PROFILE = process.env.KUBECIS_WASM_PROFILE || "release";

function log(message) {
  process.stderr.write(`build-wasm: ${message}\n`);
}

function run(cmd, args, options = {}) {
  log(`${cmd} ${args.join(" ")}`);
  const result = spawnSync(cmd, args, { stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status}`);
}

/** The version of a package in Cargo.lock (the only one of that name). */
function lockedVersion(name) {
  const lock = readFileSync(join(REPO, "Cargo.lock"), "utf8");
  const versions = [...lock.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)]
    .filter((m) => m[1] === name)
    .map((m) => m[2]);
  if (versions.length !== 1) throw new Error(`expected one ${name} in Cargo.lock, found ${versions.length}`);
  return versions[0];
}

function versionOf(bin) {
  try {
    return execFileSync(bin, ["--version"], { encoding: "utf8" }).trim().split(/\s+/)[1];
  } catch {
    return null;
  }
}

function findWasmBindgen(version) {
  const candidates = [];
  if (process.env.WASM_BINDGEN) candidates.push(process.env.WASM_BINDGEN);
  candidates.push(join(TOOLS, "bin", "wasm-bindgen"));
  for (const dir of (process.env.PATH || "").split(delimiter)) if (dir) candidates.push(join(dir, "wasm-bindgen"));
  for (const bin of candidates) {
    if (existsSync(bin) && versionOf(bin) === version) return bin;
  }
  return null;
}

function installWasmBindgen(version) {
  mkdirSync(TOOLS, { recursive: true });
  const args = ["install", "wasm-bindgen-cli", "--version", version, "--root", TOOLS];
  const env = { ...process.env };
  delete env.CARGO_TARGET_DIR; // a temporary directory of its own, removed afterwards
  // --locked first (the crate's own lock file); if one of its locked dependencies is not
  // to be had from the registry (yanked), resolve them afresh at the same CLI version.
  try {
    run("cargo", [...args, "--locked"], { env });
  } catch (e) {
    log(`cargo install --locked failed (${e.message}); retrying without --locked`);
    run("cargo", args, { env });
  }
  const bin = join(TOOLS, "bin", "wasm-bindgen");
  if (versionOf(bin) !== version) throw new Error(`installed ${bin} is not wasm-bindgen ${version}`);
  return bin;
}

const version = lockedVersion("wasm-bindgen");
const wasmBindgen = findWasmBindgen(version) || installWasmBindgen(version);
log(`using ${wasmBindgen} (${version})`);
if (process.argv.includes("--tools-only")) process.exit(0);

const cargoArgs = ["build", "-p", "kubecis-wasm", "--target", "wasm32-unknown-unknown", "--features", "bindgen"];
if (PROFILE === "release") cargoArgs.push("--release");
// The same profile as the CLI's plugin (host/build.rs): small, and panic=abort (the
// core does not panic on input).
const wasmProfile = {
  CARGO_PROFILE_RELEASE_PANIC: "abort",
  CARGO_PROFILE_RELEASE_OPT_LEVEL: "s",
  CARGO_PROFILE_RELEASE_LTO: "true",
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS: "1",
  // Cargo's default for a release without debug info, as before the workspace set
  // `strip = true` for the native CLI: wasm-bindgen reads the module's custom sections.
  CARGO_PROFILE_RELEASE_STRIP: "debuginfo",
};
run("cargo", cargoArgs, { cwd: REPO, env: { ...process.env, CARGO_TARGET_DIR: TARGET_DIR, ...wasmProfile } });
const wasm = join(TARGET_DIR, "wasm32-unknown-unknown", PROFILE === "release" ? "release" : "debug", "kubecis_wasm.wasm");

rmSync(DIST, { recursive: true, force: true });
for (const [target, dir] of [["nodejs", "node"], ["web", "web"]]) {
  run(wasmBindgen, [wasm, "--target", target, "--out-dir", join(DIST, dir), "--out-name", "kubecis", "--no-typescript"]);
}
// One copy of the wasm: the Node glue reads the web build's file.
const nodeGlue = join(DIST, "node", "kubecis.js");
const glue = readFileSync(nodeGlue, "utf8");
const patched = glue.replace("const wasmPath = `${__dirname}/kubecis_bg.wasm`;", 'const wasmPath = require("path").join(__dirname, "..", "web", "kubecis_bg.wasm");');
if (patched === glue) throw new Error("dist/node/kubecis.js: the wasm path line was not found (wasm-bindgen changed its output?)");
writeFileSync(nodeGlue, patched);
rmSync(join(DIST, "node", "kubecis_bg.wasm"));
// The Node glue is CommonJS; this package is "type": "module".
writeFileSync(join(DIST, "node", "package.json"), '{\n  "type": "commonjs"\n}\n');
writeFileSync(join(DIST, "web", "package.json"), '{\n  "type": "module"\n}\n');
log(`dist/web/kubecis_bg.wasm: ${statSync(join(DIST, "web", "kubecis_bg.wasm")).size} bytes`);

// CommonJS consumers get the same declarations without the ES default export.
const dts = readFileSync(join(PKG, "src", "index.d.ts"), "utf8");
const cts = dts.replace(/\ndeclare const kubecis: \{[^}]*\};\nexport default kubecis;\n/, "\n");
if (cts === dts) throw new Error("src/index.d.ts: the default export block was not found");
mkdirSync(join(DIST, "types"), { recursive: true });
writeFileSync(join(DIST, "types", "index.d.cts"), cts);
