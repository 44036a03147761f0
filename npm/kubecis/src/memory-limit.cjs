"use strict";
// Caps a wasm module's own linear memory by rewriting the maximum in its memory section.
// JS has no StoreLimits (what the CLI's wasmtime uses) and a Worker's resourceLimits do not
// count wasm memory, but a module-declared maximum holds in every engine: memory.grow past
// it fails inside the module, Rust's allocator gets null and the module traps.

const PAGE = 65536;

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error("kubecis: truncated wasm module");
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}

/** The module `bytes` with its one memory's maximum set to at most `maxBytes` (whole 64 KiB pages). */
function withMemoryLimit(bytes, maxBytes) {
  bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const limit = Math.floor(maxBytes / PAGE);
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    const end = body + size;
    if (id === 5) {
      let [count, p] = readLeb(bytes, body);
      const flags = bytes[p++];
      if (count !== 1 || flags > 1) throw new Error("kubecis: expected one plain 32-bit memory in the wasm module");
      let min;
      let max = Infinity;
      [min, p] = readLeb(bytes, p);
      if (flags & 1) [max, p] = readLeb(bytes, p);
      const pages = Math.min(max, limit);
      if (pages < min) throw new Error(`kubecis: a memory limit of ${maxBytes} bytes is below the module's initial ${min * PAGE} bytes`);
      const section = [1, 1, ...leb(min), ...leb(pages)];
      const out = new Uint8Array(at + 1 + leb(section.length).length + section.length + bytes.length - end);
      out.set(bytes.subarray(0, at + 1));
      out.set([...leb(section.length), ...section], at + 1);
      out.set(bytes.subarray(end), out.length - (bytes.length - end));
      return out;
    }
    at = end;
  }
  throw new Error("kubecis: the wasm module defines no memory");
}

module.exports = { withMemoryLimit, PAGE };
