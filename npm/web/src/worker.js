// The check engine: the kubecis wasm module, embedded gzip-compressed in this script (no fetch: it works
// from file:// and under a CSP with connect-src 'none'). Runs as a dedicated Web Worker;
// where a worker cannot be started (Chromium on file://) the page loads this same file as a
// classic script and calls globalThis.kubecisEngine instead.

import { init, check, rules, benchmarks, defaultBenchmark, version, failedAllocation } from "kubecis";
import { withMemoryLimit } from "kubecis/memory-limit";
import { gzipBase64 } from "embedded-wasm";

// The CLI's memory cap (host/src/plugin.rs): a dedicated worker lives in the tab's renderer
// process, so an input that makes the module grow without end would take the tab with it.
const MEMORY_LIMIT = 1024 * 1024 * 1024;

async function wasmBytes() {
  const packed = Uint8Array.from(atob(gzipBase64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

const ready = wasmBytes().then((bytes) => init(withMemoryLimit(new Uint8Array(bytes), MEMORY_LIMIT)));

async function handle(message) {
  const { id, type } = message;
  try {
    await ready;
    if (type === "meta") {
      return { id, meta: { rules: rules(), benchmarks: benchmarks(), defaultBenchmark: defaultBenchmark(), version: version() } };
    }
    if (type === "check") {
      const started = performance.now();
      const report = check(message.documents, message.options);
      return { id, report, elapsed: performance.now() - started };
    }
    throw new Error(`unknown message type ${type}`);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      // A trap leaves the module's state undefined: the page starts a fresh engine.
      const failed = failedAllocation();
      const message = failed ? `the check ran out of memory: allocating ${Math.round(failed / 2 ** 20)} MiB more would pass the ${MEMORY_LIMIT / 2 ** 20} MiB limit, and was stopped` : `the check trapped: ${error.message}`;
      return { id, error: message, restart: true };
    }
    return { id, error: String(error && error.message ? error.message : error) };
  }
}

const inWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
if (inWorker) {
  self.onmessage = async (event) => self.postMessage(await handle(event.data));
} else {
  globalThis.kubecisEngine = { handle };
}
