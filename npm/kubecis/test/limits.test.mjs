// checkWithLimits(): real hostile inputs come back as a LimitError naming the limit, within
// the timeout and the memory cap, and the package still checks normally afterwards.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

import { check, checkWithLimits, LimitError, DEFAULT_LIMITS } from "kubecis";

const require = createRequire(import.meta.url);
const { withMemoryLimit } = require("kubecis/memory-limit");

const good = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
`;
// 12 MiB YAML flow sequence: traps the CLI at its 1 GiB cap; unbudgeted it holds Node for
// seconds and takes 2 GiB.
const flood = "[" + "1,".repeat(6 * 1024 * 1024) + "1]";
const documents = [{ name: "config.yaml", content: good }, { name: "flood.yaml", content: flood }];
const MiB = 1024 * 1024;

/** Runs `fn`, returning [result or error, elapsed ms]. */
async function timed(fn) {
  const started = Date.now();
  try {
    return [await fn(), Date.now() - started];
  } catch (error) {
    return [error, Date.now() - started];
  }
}

// Whatever the core learns to refuse on its own, the answer is bounded: either the budget
// error, or a report in which the flood is an error and the good document was checked.
function assertBounded(outcome, limit) {
  if (outcome instanceof Error) {
    assert.ok(outcome instanceof LimitError, `not a LimitError: ${outcome.stack}`);
    assert.equal(outcome.limit, limit);
    assert.match(outcome.message, limit === "memory" ? /out of memory.*limits\.memoryBytes/ : /did not finish within 2 s \(limits\.timeoutMs\)/);
  } else {
    assert.ok(outcome.errors.some((e) => e.location?.document === 1), "the flood is reported");
    assert.equal(outcome.findings.find((f) => f.rule === "kubelet-anonymous-auth")?.status, "fail");
  }
}

test("the flood against a 128 MiB cap: out of memory, and the process stays small", async () => {
  const [outcome, ms] = await timed(() => checkWithLimits(documents, null, { memoryBytes: 128 * MiB, timeoutMs: 20000 }));
  assertBounded(outcome, "memory");
  assert.ok(ms < 20000, `${ms} ms`);
  // Unbudgeted, this input takes about 2 GiB of RSS.
  const peak = process.resourceUsage().maxRSS * 1024;
  assert.ok(peak < 768 * MiB, `peak RSS ${Math.round(peak / MiB)} MiB`);
});

test("the flood against a 2 s timeout: stopped at the deadline", async () => {
  const [outcome, ms] = await timed(() => checkWithLimits(documents, null, { timeoutMs: 2000 }));
  assertBounded(outcome, "time");
  assert.ok(ms < 3500, `${ms} ms`);
});

test("each limit on its own: a document larger than the memory cap, a timeout shorter than any check", async () => {
  const big = [{ name: "big.yaml", content: "# " + "x".repeat(15 * MiB) + "\n" }];
  await assert.rejects(checkWithLimits(big, null, { memoryBytes: 16 * MiB }), (e) => e instanceof LimitError && e.limit === "memory" && /16 MiB limit/.test(e.message));
  await assert.rejects(checkWithLimits([{ content: good }], null, { timeoutMs: 1 }), (e) => e instanceof LimitError && e.limit === "time");
});

test("after the budget errors, checks are normal; other errors are check()'s", async () => {
  assert.deepEqual(await checkWithLimits([{ name: "config.yaml", content: good }], { benchmark: "cis-1.5" }), check([{ name: "config.yaml", content: good }], { benchmark: "cis-1.5" }));
  await assert.rejects(checkWithLimits([{ content: good }], { benchmark: "cis-9.9" }), (e) => !(e instanceof LimitError) && /cis-9\.9/.test(e.message));
  await assert.rejects(checkWithLimits("config.yaml"), /invalid documents/);
  await assert.rejects(checkWithLimits([{ content: good }], null, { memoryBytes: 1 }), RangeError);
  assert.deepEqual(DEFAULT_LIMITS, { memoryBytes: 1024 * MiB, timeoutMs: 60000 });
});

test("withMemoryLimit: a valid module with a maximum; never below its initial memory", () => {
  const wasm = readFileSync(fileURLToPath(import.meta.resolve("kubecis/kubecis.wasm")));
  const capped = withMemoryLimit(wasm, 32 * MiB);
  assert.ok(WebAssembly.validate(capped));
  // Only the memory section changed: flags 0 -> 1 and the maximum (512 pages) appended.
  assert.ok(capped.length > wasm.length && capped.length <= wasm.length + 4, `${wasm.length} -> ${capped.length}`);
  assert.throws(() => withMemoryLimit(wasm, 64 * 1024), /below the module's initial/);
});
