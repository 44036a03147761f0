#!/usr/bin/env node
// A minimal, independent host for the kubecis raw plugin ABI v1 (docs/plugin-abi.md),
// written only from the ABI contract with plain WebAssembly.instantiate: no wasm-bindgen,
// no npm dependencies.
//
//   node raw-host.mjs MODULE.wasm FILE...
//
// prints the report JSON for FILE... (each document named by its path as given).
// Exit status: 0 for a report, 2 for the error object or a module that cannot be run.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ABI_VERSION = 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Splits the i64 (a BigInt in JS) returned by kubecis_check/kubecis_rules into [ptr, len]. */
export function unpack(packed) {
  const bits = BigInt.asUintN(64, BigInt(packed));
  return [Number(bits >> 32n), Number(bits & 0xffffffffn)];
}

/** Loads a module (bytes or a compiled WebAssembly.Module) and checks it speaks ABI v1. */
export async function loadKubecis(wasm) {
  const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
  const imports = WebAssembly.Module.imports(module);
  if (imports.length !== 0) {
    throw new Error(`the module has imports ${JSON.stringify(imports)}; ABI v1 modules have none`);
  }
  const plugin = new KubecisPlugin(module);
  const version = plugin.abiVersion();
  if (version !== ABI_VERSION) {
    throw new Error(`the module speaks ABI v${version}; this host speaks v${ABI_VERSION}`);
  }
  return plugin;
}

export class KubecisPlugin {
  constructor(module) {
    this.module = module;
  }

  imports() {
    return WebAssembly.Module.imports(this.module);
  }

  exports() {
    return WebAssembly.Module.exports(this.module).map((e) => e.name);
  }

  // A fresh instance per call: instantiating a compiled module is cheap, and a trap
  // (a panic in the module) can then never leave a broken heap behind.
  instance() {
    return new WebAssembly.Instance(this.module, {}).exports;
  }

  abiVersion() {
    return this.instance().kubecis_abi_version();
  }

  /** Sends raw request bytes (UTF-8 JSON); returns the raw response bytes. */
  checkBytes(request) {
    const ex = this.instance();
    const len = request.length;
    let ptr = 0; // an empty request needs no buffer: (0, 0) is valid
    if (len > 0) {
      ptr = ex.kubecis_alloc(len);
      if (ptr === 0) throw new Error(`kubecis_alloc(${len}) failed`);
      // Make the view after alloc: growing memory detaches older ArrayBuffers.
      new Uint8Array(ex.memory.buffer, ptr, len).set(request);
    }
    const packed = ex.kubecis_check(ptr, len);
    if (len > 0) ex.kubecis_free(ptr, len); // the module only borrowed the request
    return take(ex, packed);
  }

  rulesBytes() {
    const ex = this.instance();
    return take(ex, ex.kubecis_rules());
  }

  /** Sends a request object; returns the parsed response (report or error object). */
  checkRequest(request) {
    return JSON.parse(decoder.decode(this.checkBytes(encoder.encode(JSON.stringify(request)))));
  }

  check(documents, options = {}) {
    return this.checkRequest({ documents, options });
  }

  rules() {
    return JSON.parse(decoder.decode(this.rulesBytes()));
  }
}

function take(ex, packed) {
  const [ptr, len] = unpack(packed);
  const buffer = ex.memory.buffer; // read after the call: memory may have grown
  if (ptr + len > buffer.byteLength) {
    throw new Error(`response ${ptr}+${len} lies outside the module's memory`);
  }
  const out = new Uint8Array(buffer, ptr, len).slice(); // copy out before freeing
  ex.kubecis_free(ptr, len);
  return out;
}

/** Documents named by path as given; content decoded as UTF-8 (invalid bytes replaced). */
export function readDocuments(paths, cwd) {
  const lossy = new TextDecoder("utf-8", { ignoreBOM: true }); // keep a BOM, as the CLI does
  return paths.map((name) => ({
    name,
    content: lossy.decode(readFileSync(cwd ? resolve(cwd, name) : name)),
  }));
}

async function main(argv) {
  const args = [...argv];
  const options = {};
  const i = args.indexOf("--benchmark");
  if (i >= 0) {
    options.benchmark = args[i + 1];
    args.splice(i, 2);
  }
  if (args.length < 2) {
    process.stderr.write("usage: node raw-host.mjs MODULE.wasm [--benchmark cis-1.12] FILE...\n");
    return 2;
  }
  const [modulePath, ...files] = args;
  let text;
  try {
    const plugin = await loadKubecis(readFileSync(modulePath));
    const request = encoder.encode(JSON.stringify({ documents: readDocuments(files), options }));
    text = decoder.decode(plugin.checkBytes(request));
  } catch (err) {
    process.stderr.write(`raw-host: ${err.message}\n`);
    return 2;
  }
  process.stdout.write(text + "\n");
  return "error" in JSON.parse(text) ? 2 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
