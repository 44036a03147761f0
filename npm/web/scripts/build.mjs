// Builds the paste-and-check page into dist/: index.html, style.css, app.js (the page) and
// worker.js (the check engine with the wasm module embedded, so nothing is fetched: it works
// from file:// and under connect-src 'none'). All scripts are classic scripts (IIFE), since
// Chromium refuses module scripts and workers from file://.

import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");
const DIST = join(ROOT, "dist");

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

const common = {
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["chrome100", "firefox100", "safari15"],
  minify: true,
  sourcemap: false,
  legalComments: "eof",
  logLevel: "warning",
};

await esbuild.build({ ...common, entryPoints: [join(SRC, "app.js")], outfile: join(DIST, "app.js") });
// The wasm module, gzip-compressed and base64-encoded into the worker script; the worker
// inflates it with DecompressionStream (no fetch, so file:// and connect-src 'none' are fine).
const WASM_PATH = fileURLToPath(import.meta.resolve("kubecis/kubecis.wasm"));
const embeddedWasm = {
  name: "embedded-wasm",
  setup(build) {
    build.onResolve({ filter: /^embedded-wasm$/ }, () => ({ path: WASM_PATH, namespace: "embedded-wasm" }));
    build.onLoad({ filter: /.*/, namespace: "embedded-wasm" }, () => {
      const wasm = readFileSync(WASM_PATH);
      const gz = gzipSync(wasm, { level: 9 });
      return { contents: `export const gzipBase64 = ${JSON.stringify(gz.toString("base64"))};\nexport const size = ${wasm.length};\n`, loader: "js" };
    });
  },
};
await esbuild.build({
  ...common,
  entryPoints: [join(SRC, "worker.js")],
  outfile: join(DIST, "worker.js"),
  plugins: [embeddedWasm],
  // The glue's default wasm URL (new URL(..., import.meta.url)) is never used: the bytes are embedded.
  define: { "import.meta.url": '"about:blank"' },
});
for (const file of ["index.html", "style.css"]) copyFileSync(join(SRC, file), join(DIST, file));

const sizes = ["index.html", "style.css", "app.js", "worker.js"].map((f) => {
  const bytes = readFileSync(join(DIST, f));
  return `${f} ${(bytes.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB)`;
});
const wasm = readFileSync(WASM_PATH);
sizes.push(`wasm ${(wasm.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KiB), embedded gzip+base64 in worker.js`);
console.log(`web: built dist/\n  ${sizes.join("\n  ")}`);
