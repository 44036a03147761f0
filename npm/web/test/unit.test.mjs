// The page's pure helpers in Node: byte offsets, SARIF, share links, samples.

import { test } from "node:test";
import assert from "node:assert/strict";

import { check, rules } from "kubecis";
import { byteOffsetMapper, applyByteEdits } from "../src/bytes.js";
import { toSarif } from "../src/sarif.js";
import { encodeShare, decodeShare, inflateBounded, MAX_SHARE_BYTES, MAX_SHARE_LINK_CHARS } from "../src/share.js";
import { deflateRawSync } from "node:zlib";
import { bombLink } from "./bomb.mjs";
import { samples } from "../src/samples.js";

test("byte offsets map to UTF-16 indices", () => {
  const text = "a\u00e9b\u20acc\u{1F600}d";
  const map = byteOffsetMapper(text);
  const bytes = Buffer.from(text, "utf8");
  for (const ch of ["a", "b", "c", "d"]) {
    const byte = bytes.indexOf(Buffer.from(ch));
    assert.equal(text[map(byte)], ch);
  }
  assert.equal(map(bytes.length), text.length);
  assert.equal(byteOffsetMapper("plain ascii")(6), 6);
});

test("applying byte edits to a JS string", () => {
  const content = "# ü €\nauthentication:\n  anonymous:\n    enabled: true\n";
  const report = check([{ name: "c.yaml", content: "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + content }]);
  const f = report.findings.find((x) => x.rule === "kubelet-anonymous-auth");
  assert.equal(f.status, "fail");
  const fixed = applyByteEdits("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n" + content, f.fix.edits);
  assert.match(fixed, /enabled: false/);
  assert.match(fixed, /# ü €/);
});

test("SARIF 2.1.0 from a report", () => {
  const report = check(samples.find((s) => s.id === "kubelet-config").documents);
  const sarif = toSarif(report, rules());
  assert.equal(sarif.version, "2.1.0");
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, "kubecis");
  assert.equal(run.results.length, report.findings.length);
  const failing = run.results.filter((r) => r.level === "error");
  assert.equal(failing.length, report.summary.fail);
  for (const r of failing) {
    assert.ok(run.tool.driver.rules[r.ruleIndex].id === r.ruleId);
    assert.ok(r.locations[0].physicalLocation.region.startLine >= 1);
  }
  // A failing finding with a fix carries it as a SARIF fix; one without (a value only the
  // user can choose) carries none.
  const withFix = report.findings.filter((f) => f.status === "fail" && f.fix).length;
  assert.ok(withFix >= 1);
  assert.equal(failing.filter((r) => r.fixes?.[0]?.artifactChanges[0].replacements.length >= 1).length, withFix);
});

test("share links round-trip", async () => {
  const state = { benchmark: "cis-1.20", kubernetesVersion: "1.20", documents: [{ name: "/etc/x y", content: "é\n".repeat(500) }, { name: "", content: "" }], active: 1 };
  const fragment = await encodeShare(state);
  assert.match(fragment, /^[zj]=[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeShare("#" + fragment), state);
  assert.equal(await decodeShare("#nothing"), null);
});

test("a share-link bomb is refused without unpacking it", async () => {
  const link = bombLink(100);
  assert.ok(link.length < 140 * 1024, `${link.length}`);
  const before = process.memoryUsage().arrayBuffers;
  const started = Date.now();
  await assert.rejects(decodeShare(link), /unpacks to more than 16 MiB/);
  assert.ok(Date.now() - started < 5000);
  // At most the bound plus one feed step was ever held, not 100 MiB.
  assert.ok(process.memoryUsage().arrayBuffers - before < 2 * MAX_SHARE_BYTES);
  await assert.rejects(decodeShare("#z=" + "A".repeat(MAX_SHARE_LINK_CHARS + 1)), /longer than 2 MiB/);
});

test("inflateBounded: exactly up to the bound, and not one byte past it", async () => {
  const data = Buffer.alloc(4096, "k");
  const z = deflateRawSync(data);
  assert.deepEqual(Buffer.from(await inflateBounded(z, 4096)), data);
  await assert.rejects(inflateBounded(z, 4095), /more than/);
  await assert.rejects(inflateBounded(Buffer.from("not deflate")));
});

test("every sample is recognised and has findings", () => {
  for (const s of samples) {
    const report = check(s.documents);
    assert.ok(report.findings.length > 0, s.id);
    assert.deepEqual(report.errors, [], s.id);
    for (const d of report.documents) assert.notEqual(d.kind, "Unknown", `${s.id}: ${d.name}`);
  }
});
