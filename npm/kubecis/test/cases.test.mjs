// Every conformance case through the npm package: the report deep-equals report.json (the
// CLI's JSON) and the verdicts equal expected.json, in Node ESM, Node CommonJS and the
// browser build (loaded in Node from the wasm bytes).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import * as esm from "kubecis";
import * as web from "kubecis/web";
import { loadCases, verdicts } from "./cases.mjs";

const require = createRequire(import.meta.url);
const cjs = require("kubecis");
web.initSync(readFileSync(fileURLToPath(import.meta.resolve("kubecis/kubecis.wasm"))));

const cases = loadCases();

test("there are conformance cases", () => {
  assert.ok(cases.length > 0);
});

for (const [flavour, api] of [["esm", esm], ["cjs", cjs], ["web", web]]) {
  for (const c of cases) {
    test(`${flavour}: ${c.name}`, () => {
      const report = api.check(c.documents, c.options);
      assert.deepEqual(verdicts(report.findings), verdicts(c.expected.verdicts), "verdicts differ from expected.json");
      if (c.report) assert.deepEqual(report, c.report, "report differs from report.json");
    });
  }
}
