"use strict";
// checkWithLimits(): the check in a worker thread with the CLI's budget (host/src/plugin.rs:
// 1 GiB of linear memory, 60 s), so that an input the core did not foresee costs an error,
// not a blocked or killed Node process. The worker is terminated at the deadline; memory is
// capped by the wasm module's own maximum (see memory-limit.cjs) and the worker's JS heap by
// resourceLimits.

const { Worker } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { withMemoryLimit } = require("./memory-limit.cjs");

const DEFAULT_LIMITS = Object.freeze({ memoryBytes: 1024 * 1024 * 1024, timeoutMs: 60000 });
const WASM = path.join(__dirname, "..", "dist", "web", "kubecis_bg.wasm");
const WORKER = path.join(__dirname, "budget-worker.mjs");
const MiB = 1024 * 1024;

/** A check stopped by its budget; `limit` is "memory" or "time". */
class LimitError extends Error {
  constructor(message, limit) {
    super(message);
    this.name = "LimitError";
    this.limit = limit;
  }
}

// One compiled module per memory cap: compiling 1.4 MB of wasm per call would dominate it.
const compiled = new Map();
function moduleFor(memoryBytes) {
  if (!compiled.has(memoryBytes)) {
    compiled.set(memoryBytes, WebAssembly.compile(withMemoryLimit(readFileSync(WASM), memoryBytes)));
  }
  return compiled.get(memoryBytes);
}

function resolveLimits(limits) {
  const { memoryBytes, timeoutMs } = { ...DEFAULT_LIMITS, ...(limits || {}) };
  if (!(Number.isFinite(memoryBytes) && memoryBytes >= 16 * MiB && memoryBytes <= 4096 * MiB)) {
    throw new RangeError(`kubecis: limits.memoryBytes must be between 16 MiB and 4 GiB, not ${memoryBytes}`);
  }
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new RangeError(`kubecis: limits.timeoutMs must be a positive number, not ${timeoutMs}`);
  return { memoryBytes, timeoutMs };
}

const size = (bytes) => (bytes >= MiB ? `${Math.round(bytes / MiB)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

function memoryError(memoryBytes, what) {
  return new LimitError(`kubecis: the check ran out of memory: ${what} the ${size(memoryBytes)} limit (limits.memoryBytes) and was stopped`, "memory");
}

async function checkWithLimits(documents, options, limits) {
  const { memoryBytes, timeoutMs } = resolveLimits(limits);
  const module = await moduleFor(memoryBytes);
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(WORKER, {
      workerData: { module, documents, options: options === undefined ? null : options },
      // The JS side (the documents, the report objects) gets the same bound as wasm memory.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, Math.ceil(memoryBytes / MiB)) },
    });
    const finish = (error, report) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      if (error) reject(error);
      else resolve(report);
    };
    const timer = setTimeout(() => {
      finish(new LimitError(`kubecis: the check did not finish within ${timeoutMs / 1000} s (limits.timeoutMs) and was stopped`, "time"));
    }, timeoutMs);
    worker.on("message", (m) => {
      if (m.report) finish(null, m.report);
      else if (m.failedAllocation) finish(memoryError(memoryBytes, `allocating ${size(m.failedAllocation)} more would pass`));
      else if (m.trap) finish(new Error(`kubecis: the check trapped: ${m.trap}`));
      else finish(new Error(m.error));
    });
    worker.on("error", (error) => {
      if (error && error.code === "ERR_WORKER_OUT_OF_MEMORY") finish(memoryError(memoryBytes, "its JavaScript heap reached"));
      else finish(error);
    });
    worker.on("exit", (code) => finish(new Error(`kubecis: the check worker exited (code ${code}) without an answer`)));
  });
}

module.exports = { checkWithLimits, LimitError, DEFAULT_LIMITS };
