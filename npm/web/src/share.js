// Share a check through the URL fragment: never sent to any server.
// Format: "#z=" + base64url(deflate-raw(JSON)) where CompressionStream exists, else "#j=" +
// base64url(JSON). JSON: {"v":1,"b":benchmark,"k":kubernetesVersion,"d":[[name, content], ...],"a":activeIndex}
// ("k" is left out when the version comes from the documents).
//
// A link is untrusted input: 136 KB of deflate can unpack to 100 MiB and take the tab down,
// so the link's length and the bytes it inflates to are both bounded.

/** Longest link fragment read: Chromium's own URL limit is 2 MiB. */
export const MAX_SHARE_LINK_CHARS = 2 * 1024 * 1024;
/** Most bytes a link may unpack to: one document's limit in the core (MAX_DOCUMENT_BYTES), plenty for a page. */
export const MAX_SHARE_BYTES = 16 * 1024 * 1024;
// Compressed bytes fed to the inflater at a time: deflate expands at most ~1032:1, so one
// step overshoots the bound by 1 MiB at most before the counter sees it.
const FEED = 1024;

function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

export async function encodeShare(state) {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, b: state.benchmark, k: state.kubernetesVersion || undefined, d: state.documents.map((d) => [d.name, d.content]), a: state.active }));
  if (typeof CompressionStream === "function") {
    try {
      return "z=" + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
    } catch {}
  }
  return "j=" + toBase64Url(json);
}

const mib = (n) => `${Math.round(n / (1024 * 1024))} MiB`;

/** Inflates deflate-raw `bytes`, refusing (and stopping) once the output passes `limit` bytes. */
export async function inflateBounded(bytes, limit = MAX_SHARE_BYTES) {
  const stream = new DecompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Fed in small steps and read as it comes: the reader's pace holds the writer back.
  const feeding = (async () => {
    for (let i = 0; i < bytes.length; i += FEED) await writer.write(bytes.subarray(i, i + FEED));
    await writer.close();
  })();
  feeding.catch(() => {}); // its failure surfaces through the reader
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      writer.abort().catch(() => {});
      throw new Error(`it unpacks to more than ${mib(limit)}, more than this page opens`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The shared state in `hash` ("#z=..." or "#j=..."), or null. Throws for a link past the bounds above. */
export async function decodeShare(hash) {
  hash = hash || "";
  if (hash.length > MAX_SHARE_LINK_CHARS + 3) throw new Error(`the link is longer than ${mib(MAX_SHARE_LINK_CHARS)}`);
  const m = /^#?([zj])=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return null;
  let bytes = fromBase64Url(m[2]);
  if (m[1] === "z") bytes = await inflateBounded(bytes);
  const data = JSON.parse(new TextDecoder().decode(bytes));
  if (!data || data.v !== 1 || !Array.isArray(data.d)) throw new Error("not a kubecis share link");
  return {
    benchmark: typeof data.b === "string" ? data.b : null,
    kubernetesVersion: typeof data.k === "string" ? data.k : null,
    documents: data.d.map(([name, content]) => ({ name: String(name ?? ""), content: String(content ?? "") })),
    active: Number.isInteger(data.a) ? data.a : 0,
  };
}
