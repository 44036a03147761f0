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
await esbuild.build({
  ...common,
  entryPoints: [join(SRC, "worker.js")],
  outfile: join(DIST, "worker.js"),
  loader: { ".wasm": "binary" },
  // The glue's default wasm URL (new URL(..., import.meta.url)) is never used: the bytes are embedded.
  define: { "import.meta.url": '"about:blank"' },
});
for (const file of ["index.html", "style.css"]) copyFileSync(join(SRC, file), join(DIST, file));

const sizes = ["index.html", "style.css", "app.js", "worker.js"].map((f) => {
  const bytes = readFileSync(join(DIST, f));
  return `${f} ${(bytes.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KiB)`;
});
const wasm = readFileSync(fileURLToPath(import.meta.resolve("kubecis/kubecis.wasm")));
sizes.push(`wasm ${(wasm.length / 1024).toFixed(1)} KiB (gzip ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KiB), embedded in worker.js`);
console.log(`web: built dist/\n  ${sizes.join("\n  ")}`);
