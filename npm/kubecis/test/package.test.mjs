// The package's API surface: entry points, options, errors, rules metadata, JSON entry,
// and what `npm pack` would publish.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import kubecisDefault, { check, checkJson, rules, benchmarks, defaultBenchmark, version, init } from "kubecis";
import * as web from "kubecis/web";

const PKG = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

const kubelet = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
`;

test("ESM: named and default exports", async () => {
  await init();
  const report = check([{ name: "config.yaml", content: kubelet }]);
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.tool.name, "kubecis");
  assert.equal(report.tool.version, version());
  assert.equal(report.benchmark, defaultBenchmark());
  assert.deepEqual(report, kubecisDefault.check([{ name: "config.yaml", content: kubelet }], {}));
  const anonymous = report.findings.find((f) => f.rule === "kubelet-anonymous-auth");
  assert.equal(anonymous.status, "fail");
  assert.equal(typeof anonymous.aliases, "object");
  assert.ok(!(anonymous.aliases instanceof Map), "maps are plain objects");
  assert.ok(anonymous.fix.edits.length > 0);
});

test("CommonJS: require('kubecis')", () => {
  const cjs = require("kubecis");
  assert.equal(typeof cjs.check, "function");
  const report = cjs.check([{ content: kubelet }], { benchmark: "cis-1.5" });
  assert.equal(report.benchmark, "cis-1.5");
  assert.deepEqual(report, check([{ content: kubelet }], { benchmark: "cis-1.5" }));
});

test("the result equals JSON.parse of checkJson()", () => {
  const documents = [{ name: "config.yaml", content: kubelet }];
  for (const benchmark of benchmarks()) {
    const fromJson = JSON.parse(checkJson({ documents, options: { benchmark } }));
    assert.deepEqual(check(documents, { benchmark }), fromJson);
  }
});

test("fix edits are UTF-8 byte offsets that apply cleanly", () => {
  const content = "# kubelet – ü\n" + kubelet;
  const report = check([{ name: "c.yaml", content }]);
  let bytes = Buffer.from(content, "utf8");
  const fixed = report.findings.filter((f) => f.fix);
  assert.ok(fixed.length >= 5, "several rules have fixes here");
  const edits = fixed.flatMap((f) => f.fix.edits).sort((a, b) => b.start - a.start);
  for (const e of edits) bytes = Buffer.concat([bytes.subarray(0, e.start), Buffer.from(e.text), bytes.subarray(e.end)]);
  const after = check([{ name: "c.yaml", content: bytes.toString("utf8") }]);
  // Every rule whose fix was applied now passes (the others need a value only the user knows).
  const status = (rule) => after.findings.find((f) => f.rule === rule)?.status;
  assert.deepEqual(fixed.map((f) => [f.rule, status(f.rule)]), fixed.map((f) => [f.rule, "pass"]));
});

test("options: null, undefined and {} mean the default benchmark", () => {
  const documents = [{ content: kubelet }];
  const expected = check(documents, {});
  assert.deepEqual(check(documents), expected);
  assert.deepEqual(check(documents, null), expected);
  assert.deepEqual(check(documents, { benchmark: null }), expected);
});

test("unusable requests throw an Error", () => {
  assert.throws(() => check([{ content: kubelet }], { benchmark: "cis-9.9" }), Error);
  assert.throws(() => check("config.yaml"), /invalid documents/);
  assert.throws(() => check([{ name: "a" }]), /invalid documents/);
  assert.throws(() => check([{ content: kubelet, extra: 1 }]), /invalid documents/);
  assert.throws(() => check([{ content: kubelet }], { benchmarks: "cis-1.5" }), /invalid options/);
  assert.ok(JSON.parse(checkJson("not json")).error.message);
});

test("a malformed document is an error entry, not an exception", () => {
  const report = check([{ name: "bad.yaml", content: "apiVersion: [\n" }, { name: "config.yaml", content: kubelet }]);
  assert.ok(report.findings.length > 0);
  assert.ok(report.documents.length === 2);
});

test("rules() and benchmarks()", () => {
  const list = rules();
  assert.ok(list.length >= 3);
  for (const rule of list) {
    assert.equal(typeof rule.slug, "string");
    assert.equal(typeof rule.rationale, "string");
    assert.equal(typeof rule.cis, "object");
    for (const b of benchmarks()) assert.ok(rule.cis[b] === undefined || typeof rule.cis[b].id === "string");
  }
  assert.deepEqual(benchmarks(), [
    "cis-1.5", "cis-1.6", "cis-1.20", "cis-1.23", "cis-1.24", "cis-1.7",
    "cis-1.8", "cis-1.9", "cis-1.10", "cis-1.11", "cis-1.12",
  ]);
  assert.equal(defaultBenchmark(), "cis-1.12");
});

test("browser build: needs init, then agrees with the Node build", async () => {
  const wasm = readFileSync(fileURLToPath(import.meta.resolve("kubecis/kubecis.wasm")));
  await web.init(wasm);
  await web.init(); // idempotent
  const documents = [{ name: "config.yaml", content: kubelet }];
  assert.deepEqual(web.check(documents, { benchmark: "cis-1.20" }), check(documents, { benchmark: "cis-1.20" }));
  assert.deepEqual(web.rules(), rules());
});

test("package.json exports resolve to files that exist", () => {
  const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  assert.equal(pkg.name, "kubecis");
  for (const rel of ["./src/index.d.ts", "./dist/types/index.d.cts", "./src/node.cjs", "./src/node.mjs", "./src/web.js",
    "./dist/node/kubecis.js", "./dist/web/kubecis.js", "./dist/web/kubecis_bg.wasm"]) {
    readFileSync(join(PKG, rel));
  }
});

test("npm pack publishes the glue, the wasm, the types and the README", () => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: PKG, encoding: "utf8" });
  const [{ files, name, version: v }] = JSON.parse(out);
  assert.equal(name, "kubecis");
  assert.equal(v, "0.1.0");
  const paths = new Set(files.map((f) => f.path));
  for (const p of ["package.json", "README.md", "src/index.d.ts", "dist/types/index.d.cts", "src/node.cjs", "src/node.mjs", "src/web.js",
    "dist/node/kubecis.js", "dist/web/kubecis.js", "dist/web/kubecis_bg.wasm"]) {
    assert.ok(paths.has(p), `${p} is not in the tarball`);
  }
  for (const p of paths) assert.ok(!p.startsWith("test/") && !p.startsWith("scripts/"), `${p} should not be published`);
});

test("the shipped TypeScript types compile for ESM and CommonJS consumers", () => {
  const tsc = join(PKG, "..", "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", join(PKG, "test", "types", "tsconfig.json")], { cwd: PKG, encoding: "utf8", stdio: "pipe" });
});
