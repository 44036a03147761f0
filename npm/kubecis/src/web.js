// kubecis for browsers, workers, Deno and bundlers (ES module). The wasm module must be
// loaded once before the first check():
//
//   import { init, check } from "kubecis";
//   await init();                       // fetches kubecis_bg.wasm next to this file
//   await init(new URL("/assets/kubecis.wasm", location.href)); // or from a URL of your own
//   initSync(wasmBytes);                // or synchronously, from bytes you already have

import initWasm, * as wasm from "../dist/web/kubecis.js";

let loading = null;
let ready = false;

/**
 * Loads the wasm module. `input` is optional: a URL or path string, a Request or Response,
 * the module's bytes (ArrayBuffer or typed array) or a compiled WebAssembly.Module. Without
 * it the module is fetched from `kubecis_bg.wasm` beside the glue code. Calling init()
 * again returns the same promise.
 */
export function init(input) {
  if (!loading) {
    loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(
      () => {
        ready = true;
      },
      (error) => {
        loading = null;
        throw error;
      },
    );
  }
  return loading;
}

/** Loads the wasm module synchronously from its bytes or a compiled WebAssembly.Module. */
export function initSync(module) {
  if (!ready) {
    wasm.initSync({ module });
    ready = true;
    loading = Promise.resolve();
  }
}

function assertReady() {
  if (!ready) throw new Error("kubecis: the wasm module is not loaded yet: `await init()` first");
}

export function check(documents, options) {
  assertReady();
  return wasm.check(documents, options === undefined ? null : options);
}

/** The CLI's budget; checkWithLimits() itself needs Node's worker threads. */
export const DEFAULT_LIMITS = Object.freeze({ memoryBytes: 1024 * 1024 * 1024, timeoutMs: 60000 });

export class LimitError extends Error {
  constructor(message, limit) {
    super(message);
    this.name = "LimitError";
    this.limit = limit;
  }
}

// A browser has no synchronous way to stop a running check: run check() in a Web Worker and
// terminate it at a deadline (as the kubecis page does, npm/web/src/engine.js).
export function checkWithLimits() {
  return Promise.reject(new Error("kubecis: checkWithLimits() needs Node's worker threads; in a browser run check() in a Web Worker and terminate it at a deadline"));
}

export function checkJson(request) {
  assertReady();
  return wasm.checkJson(typeof request === "string" ? request : JSON.stringify(request));
}

/** Bytes of the last allocation the module could not get (0 if none): after a RuntimeError, it ran out of memory. */
export function failedAllocation() {
  assertReady();
  return wasm.failedAllocation();
}

export function rules() {
  assertReady();
  return wasm.rules();
}

export function benchmarks() {
  assertReady();
  return wasm.benchmarks();
}

export function defaultBenchmark() {
  assertReady();
  return wasm.defaultBenchmark();
}

export function version() {
  assertReady();
  return wasm.version();
}

export default { init, initSync, failedAllocation, check, checkWithLimits, LimitError, DEFAULT_LIMITS, checkJson, rules, benchmarks, defaultBenchmark, version };
