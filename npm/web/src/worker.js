// The check engine: the kubecis wasm module, embedded gzip-compressed in this script (no fetch: it works
// from file:// and under a CSP with connect-src 'none'). Runs as a dedicated Web Worker;
// where a worker cannot be started (Chromium on file://) the page loads this same file as a
// classic script and calls globalThis.kubecisEngine instead.

import { init, check, rules, benchmarks, defaultBenchmark, version } from "kubecis";
import { gzipBase64 } from "embedded-wasm";

async function wasmBytes() {
  const packed = Uint8Array.from(atob(gzipBase64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

const ready = wasmBytes().then((bytes) => init(bytes));

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
    return { id, error: String(error && error.message ? error.message : error) };
  }
}

const inWorker = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope;
if (inWorker) {
  self.onmessage = async (event) => self.postMessage(await handle(event.data));
} else {
  globalThis.kubecisEngine = { handle };
}
