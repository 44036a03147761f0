// Share a check through the URL fragment: never sent to any server.
// Format: "#z=" + base64url(deflate-raw(JSON)) where CompressionStream exists, else "#j=" +
// base64url(JSON). JSON: {"v":1,"b":benchmark,"k":kubernetesVersion,"d":[[name, content], ...],"a":activeIndex}
// ("k" is left out when the version comes from the documents).

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

/** The shared state in `hash` ("#z=..." or "#j=..."), or null. */
export async function decodeShare(hash) {
  const m = /^#?([zj])=([A-Za-z0-9_-]*)$/.exec(hash || "");
  if (!m) return null;
  let bytes = fromBase64Url(m[2]);
  if (m[1] === "z") bytes = await pipe(bytes, new DecompressionStream("deflate-raw"));
  const data = JSON.parse(new TextDecoder().decode(bytes));
  if (!data || data.v !== 1 || !Array.isArray(data.d)) throw new Error("not a kubecis share link");
  return {
    benchmark: typeof data.b === "string" ? data.b : null,
    kubernetesVersion: typeof data.k === "string" ? data.k : null,
    documents: data.d.map(([name, content]) => ({ name: String(name ?? ""), content: String(content ?? "") })),
    active: Number.isInteger(data.a) ? data.a : 0,
  };
}
