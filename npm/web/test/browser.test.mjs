// The built page (dist/) in headless Chromium, served from 127.0.0.1: every single-document
// conformance case pasted into [data-testid=input] shows the expected verdicts; fixes apply;
// benchmark, samples, share links and downloads work; it also runs from file://; and the page
// makes no request to any other host and raises no page error.
//
// Needs Debian's chromium (scripts/setup.sh installs it) or $CHROMIUM.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { check } from "kubecis";
import { serve } from "./server.mjs";
import { bombLink } from "./bomb.mjs";
import { launch, chromiumPath } from "./browser.mjs";
import { loadCases, selected, verdicts } from "../../kubecis/test/cases.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");

if (!existsSync(join(DIST, "index.html"))) throw new Error("dist/ is not built: run npm run build");
if (!chromiumPath()) throw new Error("Chromium not found: run scripts/setup.sh (apt-get install chromium) or set CHROMIUM");

let server;
let browser;
const foreign = []; // requests to anything but the test server
const pageErrors = [];
const timings = []; // fill() to findings, seen from the test
const pageTimings = []; // the edit to the rendered findings, measured in the page

before(async () => {
  server = await serve(DIST);
  browser = await launch();
  const allowed = new URL(server.url).host;
  browser.context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "file:") return;
    if (url.host !== allowed) foreign.push(request.url());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (timings.length) {
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)];
    console.log(`# paste to findings (test's view, incl. fill()): median ${median.toFixed(0)} ms, max ${timings[timings.length - 1].toFixed(0)} ms over ${timings.length} pastes`);
    pageTimings.sort((a, b) => a - b);
    console.log(`# edit to rendered findings (in the page): median ${pageTimings[Math.floor(pageTimings.length / 2)]} ms, max ${pageTimings[pageTimings.length - 1]} ms`);
  }
});

async function openPage(url = server.url) {
  const page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${url}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(`${url}: console: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForSelector("html[data-ready=true]");
  return page;
}

/** Pastes `content` into the editor and waits for the findings of exactly that text. */
async function paste(page, content) {
  const started = Date.now();
  await page.locator("[data-testid=input]").fill(content);
  await page.waitForSelector("[data-testid=findings][data-state=ready], [data-testid=findings][data-state=empty]");
  timings.push(Date.now() - started);
  const inPage = await page.locator("[data-testid=findings]").getAttribute("data-edit-to-findings-ms");
  if (inPage !== null) pageTimings.push(Number(inPage));
  return findings(page);
}

/** A real paste event, as Ctrl+V with `text` on the clipboard gives. */
function clipboardPaste(page, text) {
  return page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    document.querySelector("[data-testid=input]").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

function findings(page) {
  return page.$$eval("[data-testid=finding]", (els) => els.map((e) => ({ rule: e.dataset.rule, cis: e.dataset.cis || undefined, status: e.dataset.status })));
}

const cases = loadCases().filter((c) => c.documents.length === 1);

test("there are single-document cases", () => assert.ok(cases.length > 0));

test("every single-document case pasted into the page shows the expected verdicts", async () => {
  const page = await openPage();
  let n = 0;
  for (const c of cases) {
    // A fresh page now and then; otherwise paste over the previous case, as a person would.
    if (n++ % 8 === 0) await page.goto(server.url) && (await page.waitForSelector("html[data-ready=true]"));
    const benchmark = c.expected.benchmark;
    if ((await page.locator("#benchmark").inputValue()) !== benchmark) await page.selectOption("#benchmark", benchmark);
    // The Kubernetes version a case pins (defaults and plugins that moved), as a user would pick it.
    const version = c.expected.options?.kubernetesVersion ?? "";
    if ((await page.locator("#kubernetes-version").inputValue()) !== version) await page.selectOption("#kubernetes-version", version);
    // The page shows every rule; the case speaks for the rules it selects.
    const got = selected(c, await paste(page, c.documents[0].content));
    assert.deepEqual(verdicts(got), verdicts(c.expected.verdicts), `${c.name}: verdicts in the page differ from expected.json`);
    // The editor keeps the text exactly as pasted.
    const text = await page.evaluate(() => window.kubecisPage.text());
    assert.equal(text, c.documents[0].content.replace(/\r\n?/g, "\n"), `${c.name}: the editor changed the text`);
  }
  await page.close();
});

/** What the package reports for one pasted document: the page must show the same. */
const packageVerdicts = (content) => verdicts(check([{ name: "", content }]).findings);

const insecure = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
authorization:
  mode: AlwaysAllow
`;

test("findings show inline: underline, gutter marker, hover with rationale", async () => {
  const page = await openPage();
  await paste(page, insecure);
  assert.ok((await page.locator(".cm-lintRange-error").count()) >= 2);
  assert.ok((await page.locator(".cm-gutter-lint .cm-lint-marker-error").count()) >= 2);
  await page.locator(".cm-lintRange-error").first().hover();
  const tip = page.locator(".cm-tooltip-lint");
  await tip.waitFor();
  assert.match(await tip.innerText(), /Why:/);
  assert.match(await tip.innerText(), /Remediation:/);
  await page.close();
});

test("one click applies a fix and the finding passes", async () => {
  const page = await openPage();
  await paste(page, insecure);
  const anonymous = page.locator("[data-testid=finding][data-rule=kubelet-anonymous-auth]");
  assert.equal(await anonymous.getAttribute("data-status"), "fail");
  // The page says what kind of fix it is (turning anonymous auth off is unsafe).
  assert.equal(await anonymous.locator("[data-testid=applicability]").innerText(), "unsafe");
  await anonymous.locator("[data-testid=apply-fix]").click();
  await page.waitForSelector("[data-testid=finding][data-rule=kubelet-anonymous-auth][data-status=pass]");
  const text = await page.evaluate(() => window.kubecisPage.text());
  assert.equal(text, insecure.replace("enabled: true", "enabled: false"), "only the offending span changed");
  // The other one still fails, then apply its fix from the hover tooltip's action.
  assert.equal(await page.locator("[data-testid=finding][data-rule=kubelet-authorization-mode]").getAttribute("data-status"), "fail");
  await page.locator(".cm-lintRange-error", { hasText: "AlwaysAllow" }).first().hover();
  await page.locator(".cm-tooltip-lint .cm-diagnosticAction").first().click();
  await page.waitForSelector("[data-testid=finding][data-rule=kubelet-authorization-mode][data-status=pass]");
  await page.close();
});

test("the benchmark selector changes the control ids", async () => {
  const page = await openPage();
  const apiserver = cases.find((c) => c.documents[0].content.includes("kube-apiserver") && c.expected.verdicts.some((v) => v.rule === "apiserver-authorization-mode"));
  assert.ok(apiserver, "an apiserver case");
  await page.selectOption("#benchmark", "cis-1.23");
  await paste(page, apiserver.documents[0].content);
  const cis123 = await page.locator("[data-testid=finding][data-rule=apiserver-authorization-mode]").getAttribute("data-cis");
  await page.selectOption("#benchmark", "cis-1.20");
  await page.waitForFunction(() => document.querySelector("[data-testid=findings]").dataset.state === "ready" && document.querySelector("[data-testid=finding][data-rule=apiserver-authorization-mode]")?.dataset.cis !== "1.2.7");
  const cis120 = await page.locator("[data-testid=finding][data-rule=apiserver-authorization-mode]").getAttribute("data-cis");
  assert.equal(cis123, "1.2.7");
  assert.equal(cis120, "1.2.6");
  await page.close();
});

test("samples, several documents, share link and downloads", async () => {
  const page = await openPage();
  await page.selectOption("#sample", "kubeadm-node");
  await page.waitForSelector("[data-testid=findings][data-state=ready]");
  assert.equal(await page.locator("#tabs [role=tab]").count(), 4);
  const got = await findings(page);
  assert.ok(got.length >= 2);

  // The page's report equals the package's for the same documents.
  const sample = (await import("../src/samples.js")).samples.find((s) => s.id === "kubeadm-node");
  const expected = check(sample.documents, { benchmark: "cis-1.12" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-json]")]);
  const report = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(report, expected);
  const [sarifDownload] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-sarif]")]);
  const sarif = JSON.parse(readFileSync(await sarifDownload.path(), "utf8"));
  assert.equal(sarif.version, "2.1.0");
  assert.equal(sarif.runs[0].results.length, expected.findings.length);

  // Share: the URL fragment carries the documents to a new page.
  await page.click("[data-testid=share]");
  await page.waitForFunction(() => location.hash.length > 10);
  const shared = page.url();
  assert.ok(new URL(shared).hash.startsWith("#z=") || new URL(shared).hash.startsWith("#j="));
  const other = await openPage(shared);
  await other.waitForSelector("[data-testid=findings][data-state=ready]");
  assert.equal(await other.locator("#tabs [role=tab]").count(), 4);
  assert.deepEqual(verdicts(await findings(other)), verdicts(got));
  await other.close();
  await page.close();
});

test("a share-link bomb (136 KB unpacking to 100 MiB) is refused with a message; the page keeps working", async () => {
  const link = bombLink(100);
  const started = Date.now();
  const page = await openPage(server.url + link);
  await page.waitForSelector("#toast:not([hidden])");
  const message = await page.locator("#toast").textContent();
  assert.match(message, /Could not open the shared link: it unpacks to more than 16 MiB/);
  assert.ok(Date.now() - started < 15000, `${Date.now() - started} ms`);
  // Nothing of the 100 MiB reached the editor or stayed on the heap.
  assert.equal(await page.evaluate(() => window.kubecisPage.text()), "");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
  assert.ok(heap < 64 * 1024 * 1024, `JS heap ${Math.round(heap / 2 ** 20)} MiB`);
  assert.deepEqual(verdicts(await paste(page, insecure)), packageVerdicts(insecure));
  await page.close();
});

test("typing and a clipboard paste give the same findings as fill", async () => {
  const page = await openPage();
  await page.locator("[data-testid=input]").click();
  await page.keyboard.type(insecure, { delay: 0 });
  await page.waitForSelector("[data-testid=findings][data-state=ready]");
  assert.equal(await page.evaluate(() => window.kubecisPage.text()), insecure, "typed text is kept as typed (no auto-indent)");
  const typed = verdicts(await findings(page));
  assert.deepEqual(typed, packageVerdicts(insecure));

  await page.goto(server.url);
  await page.waitForSelector("html[data-ready=true]");
  await page.locator("[data-testid=input]").click();
  await clipboardPaste(page, insecure);
  await page.waitForSelector("[data-testid=findings][data-state=ready]");
  assert.equal(await page.evaluate(() => window.kubecisPage.text()), insecure);
  assert.deepEqual(verdicts(await findings(page)), typed);
  await page.close();
});

test("a long input is checked off the main thread", async () => {
  const page = await openPage();
  const filler = Array.from({ length: 20000 }, (_, i) => `  label${i}: value-${i}`).join("\n");
  const big = insecure + "nodeLabels:\n" + filler + "\n";
  await page.locator("[data-testid=input]").click();
  const started = Date.now();
  await clipboardPaste(page, big);
  // The page stays responsive while the worker checks.
  const frame = await page.evaluate(() => new Promise((resolve) => { const t = performance.now(); requestAnimationFrame(() => resolve(performance.now() - t)); }));
  await page.waitForSelector("[data-testid=findings][data-state=ready]");
  const elapsed = Date.now() - started;
  const got = await findings(page);
  assert.ok(frame < 1000, `a frame took ${frame} ms`);
  assert.deepEqual(verdicts(got), packageVerdicts(big));
  console.log(`# ${(big.length / 1024).toFixed(0)} KiB document: findings after ${elapsed} ms`);
  await page.close();
});

test("the check runs in a Web Worker", async () => {
  const page = await openPage();
  assert.match(await page.locator("#version").innerText(), /Web Worker/);
  await page.close();
});

test("the page works from file:// too", async () => {
  const page = await openPage(pathToFileURL(join(DIST, "index.html")).href);
  const got = await paste(page, insecure);
  assert.deepEqual(verdicts(got), packageVerdicts(insecure));
  const fails = got.filter((f) => f.status === "fail").map((f) => f.rule);
  assert.ok(fails.includes("kubelet-anonymous-auth") && fails.includes("kubelet-authorization-mode"));
  await page.close();
});

test("no request to another host and no page error", () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(pageErrors, []);
});
