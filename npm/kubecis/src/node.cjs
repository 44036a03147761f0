"use strict";
// kubecis for Node (CommonJS). The wasm module is compiled and instantiated synchronously
// when this file is first required, so check() and rules() work at once; init() exists only
// so that code shared with the browser build can await it. check() has no memory or time
// budget and blocks the thread; checkWithLimits() runs the check in a worker thread with one.

const wasm = require("../dist/node/kubecis.js");
const { checkWithLimits, LimitError, DEFAULT_LIMITS } = require("./budget.cjs");

function check(documents, options) {
  return wasm.check(documents, options === undefined ? null : options);
}

function checkJson(request) {
  return wasm.checkJson(typeof request === "string" ? request : JSON.stringify(request));
}

module.exports = {
  check,
  checkWithLimits,
  LimitError,
  DEFAULT_LIMITS,
  checkJson,
  failedAllocation: () => wasm.failedAllocation(),
  rules: () => wasm.rules(),
  benchmarks: () => wasm.benchmarks(),
  defaultBenchmark: () => wasm.defaultBenchmark(),
  version: () => wasm.version(),
  init: () => Promise.resolve(),
  initSync: () => {},
};
