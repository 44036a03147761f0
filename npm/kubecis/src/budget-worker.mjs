// The worker thread behind checkWithLimits() (budget.cjs): one check in a fresh instance of
// the memory-capped module, then the thread is terminated.

import { parentPort, workerData } from "node:worker_threads";
import { initSync, check, failedAllocation } from "../dist/web/kubecis.js";

const { module, documents, options } = workerData;
initSync({ module });
try {
  parentPort.postMessage({ report: check(documents, options) });
} catch (error) {
  if (error instanceof WebAssembly.RuntimeError) {
    // A trap; after a failed allocation it is the allocator's abort, i.e. out of memory.
    let failed = 0;
    try {
      failed = failedAllocation();
    } catch {}
    parentPort.postMessage({ trap: error.message, failedAllocation: failed });
  } else {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
}
