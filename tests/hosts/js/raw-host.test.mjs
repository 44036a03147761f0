// Conformance tests for the kubecis raw plugin ABI v1 through plain WebAssembly.instantiate.
// Run: node --test tests/hosts/js/raw-host.test.mjs
// The module comes from $KUBECIS_WASM, or is written by `kubecis plugin --write`; the CLI is
// $KUBECIS_BIN or target/release/kubecis; the cases come from $KUBECIS_CASES or tests/cases/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { loadKubecis, readDocuments, unpack } from "./raw-host.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const CASES = process.env.KUBECIS_CASES || join(REPO, "tests", "cases");
// Every rule's own cases, tests/rules/<slug>/<case>/, run with the default corpus.
const RULE_CASES = process.env.KUBECIS_CASES ? null : join(REPO, "tests", "rules");
const NOT_INPUTS = new Set(["expected.json", "report.json"]);

function kubecisBin() {
  const bin = process.env.KUBECIS_BIN || join(REPO, "target", "release", "kubecis");
  if (!existsSync(bin)) {
    throw new Error(`kubecis CLI not found at ${bin}: build it (cargo build --release -p kubecis) or set KUBECIS_BIN`);
  }
  return bin;
}

function wasmPath() {
  if (process.env.KUBECIS_WASM) return process.env.KUBECIS_WASM;
  const path = join(mkdtempSync(join(tmpdir(), "kubecis-")), "kubecis.wasm");
  execFileSync(kubecisBin(), ["plugin", "--write", path], { stdio: "inherit" });
  return path;
}

const wasmBytes = readFileSync(wasmPath());
const plugin = await loadKubecis(wasmBytes);

// --- the ABI itself ------------------------------------------------------------------

test("the module has no imports", async () => {
  const { module, instance } = await WebAssembly.instantiate(wasmBytes, {});
  assert.deepEqual(WebAssembly.Module.imports(module), []);
  assert.ok(instance.exports.memory instanceof WebAssembly.Memory);
});

test("the module exports the ABI", () => {
  const exports = new Set(plugin.exports());
  for (const name of ["memory", "kubecis_abi_version", "kubecis_alloc", "kubecis_free", "kubecis_check", "kubecis_rules"]) {
    assert.ok(exports.has(name), `missing export ${name}`);
  }
});

test("the ABI version is 1", () => {
  assert.equal(plugin.abiVersion(), 1);
});

test("packed results are unsigned", () => {
  assert.deepEqual(unpack((5n << 32n) | 7n), [5, 7]);
  // A pointer at or above 2 GiB makes the signed i64 negative.
  assert.deepEqual(unpack(-(1n << 63n) | 3n), [2 ** 31, 3]);
});

function assertErrorObject(response) {
  assert.equal(response.schemaVersion, 1, JSON.stringify(response));
  assert.equal(typeof response.error, "object", JSON.stringify(response));
  assert.equal(typeof response.error.message, "string");
  assert.ok(response.error.message.length > 0);
  assert.ok(!("findings" in response));
}

const malformed = {
  "empty": new Uint8Array(0),
  "not-json": new TextEncoder().encode("this is not json"),
  "truncated-json": new TextEncoder().encode('{"documents": ['),
  "not-utf8": new Uint8Array([0xff, 0xfe, 0x00, 0x67]),
  "array": new TextEncoder().encode("[]"),
  "number": new TextEncoder().encode("42"),
  "no-documents": new TextEncoder().encode("{}"),
  "documents-not-array": new TextEncoder().encode('{"documents": "config.yaml"}'),
  "document-without-content": new TextEncoder().encode('{"documents": [{"name": "a"}]}'),
  "content-not-string": new TextEncoder().encode('{"documents": [{"name": "a", "content": 7}]}'),
  "benchmark-not-string": new TextEncoder().encode('{"documents": [], "options": {"benchmark": 12}}'),
};
for (const [name, bytes] of Object.entries(malformed)) {
  test(`a malformed request returns the error object: ${name}`, () => {
    assertErrorObject(JSON.parse(new TextDecoder().decode(plugin.checkBytes(bytes))));
  });
}

test("an unknown benchmark returns the error object", () => {
  assertErrorObject(plugin.check([], { benchmark: "cis-0.0" }));
});

test("an empty request gives an empty report", () => {
  const report = plugin.check([], { benchmark: "cis-1.12" });
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.benchmark, "cis-1.12");
  assert.deepEqual(report.documents, []);
  assert.deepEqual(report.findings, []);
});

test("document names and UTF-8 content round-trip", () => {
  const docs = [
    { name: "dir/ünïcödé.yaml", content: "# ☸ kubelet\nkind: Unknown\n" },
    { name: "second", content: "" },
  ];
  const report = plugin.check(docs);
  assert.ok(!("error" in report), JSON.stringify(report));
  assert.deepEqual(report.documents.map((d) => [d.index, d.name]), [[0, docs[0].name], [1, "second"]]);
});

test("rules() parses", () => {
  const rules = plugin.rules();
  assert.ok(Array.isArray(rules));
  for (const rule of rules) {
    assert.equal(typeof rule.slug, "string");
    assert.ok(rule.slug.length > 0);
  }
  const slugs = rules.map((r) => r.slug);
  assert.equal(new Set(slugs).size, slugs.length, "rule slugs must be unique");
});

test("repeated calls are stable", () => {
  const docs = [{ name: "x.yaml", content: "kind: KubeletConfiguration\n" }];
  const first = plugin.check(docs);
  for (let i = 0; i < 5; i++) assert.deepEqual(plugin.check(docs), first);
});

// --- the conformance corpus -----------------------------------------------------------

function subdirs(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((d) => statSync(d).isDirectory())
    .sort();
}

function caseDirs() {
  const dirs = subdirs(CASES);
  if (RULE_CASES) for (const rule of subdirs(RULE_CASES)) dirs.push(...subdirs(rule));
  return dirs.filter((dir) => existsSync(join(dir, "expected.json")));
}

/// The request options a case asks for, and the same as `kubecis check` flags.
function caseOptions(expected) {
  const options = { ...(expected.options ?? {}) };
  if (expected.benchmark) options.benchmark = expected.benchmark;
  const args = [];
  if (options.benchmark) args.push("--benchmark", options.benchmark);
  for (const key of ["select", "ignore"]) for (const v of options[key] ?? []) args.push(`--${key}`, v);
  if (options.kubernetesVersion) args.push("--kubernetes-version", options.kubernetesVersion);
  return { options, args };
}

function caseInputs(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(dir, full).split(sep).join("/");
        if (!NOT_INPUTS.has(rel)) out.push(rel);
      }
    }
  };
  walk(dir);
  // Sort by code point, as Python's sorted() does (not localeCompare).
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function verdicts(findings) {
  const counts = new Map();
  for (const f of findings) {
    const key = JSON.stringify([f.rule ?? null, f.cis ?? null, f.status ?? null]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts.entries()].sort());
}

const cases = caseDirs();
if (cases.length === 0) {
  test("the corpus is present", { skip: "tests/cases/ holds no case yet" }, () => {});
}
for (const dir of cases) {
  const name = dir.startsWith(CASES) ? relative(CASES, dir) : relative(RULE_CASES, dir);
  test(`case ${name}`, () => {
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
    const inputs = caseInputs(dir);
    assert.ok(inputs.length > 0, `${dir} has no input files`);
    const { options, args: optionArgs } = caseOptions(expected);

    const report = plugin.check(readDocuments(inputs, dir), options);
    assert.ok(!("error" in report), JSON.stringify(report));

    const args = ["check", "--format", "json", ...optionArgs, ...inputs];
    const cli = spawnSync(kubecisBin(), args, { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
    let cliReport;
    try {
      cliReport = JSON.parse(cli.stdout);
    } catch {
      assert.fail(`kubecis ${args.join(" ")} exited ${cli.status} without JSON:\n${cli.stdout}\n${cli.stderr}`);
    }
    assert.deepStrictEqual(report, cliReport, "the JS host and the CLI disagree");

    assert.ok(Array.isArray(expected.verdicts), `${dir}/expected.json has no verdicts list`);
    assert.deepStrictEqual(verdicts(report.findings ?? []), verdicts(expected.verdicts), `verdicts differ for ${name}`);
  });
}
