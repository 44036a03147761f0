// The report speaks UTF-8 byte offsets; CodeMirror and JS strings speak UTF-16 indices.

const ASCII = /^[\x00-\x7f]*$/;

/** A function mapping a UTF-8 byte offset into `text` to the UTF-16 index of that position. */
export function byteOffsetMapper(text) {
  if (ASCII.test(text)) return (byte) => Math.max(0, Math.min(byte, text.length));
  // Byte offset at the start of each UTF-16 index, built once per text.
  const starts = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    starts[i] = bytes;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        starts[++i] = bytes + 1; // inside the pair: never a target
        bytes += 4;
        continue;
      }
      bytes += 3;
    } else bytes += 3;
  }
  starts[text.length] = bytes;
  return (byte) => {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] < byte) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Applies byte-offset edits `{start, end, text}` to a string; returns the new string. */
export function applyByteEdits(text, edits) {
  const map = byteOffsetMapper(text);
  const sorted = edits.map((e) => ({ from: map(e.start), to: map(e.end), insert: e.text })).sort((a, b) => b.from - a.from);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}
