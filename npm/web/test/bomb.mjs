// A share-link bomb: 136 KB of "#z=" that unpacks to 100 MiB of JSON (one document of "a").

import { deflateRawSync } from "node:zlib";

export function bombLink(mib = 100) {
  const json = Buffer.concat([Buffer.from('{"v":1,"d":[["bomb.yaml","'), Buffer.alloc(mib * 1024 * 1024, "a"), Buffer.from('"]],"a":0}')]);
  return "#z=" + deflateRawSync(json, { level: 9 }).toString("base64url");
}
