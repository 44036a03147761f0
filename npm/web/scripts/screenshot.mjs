// Takes screenshots of the built page in headless Chromium: screenshot.png (desktop, a sample
// with a hover tooltip) and screenshot-phone.png (a phone-sized viewport).
// Run: npm run build && npm run screenshot

import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../test/server.mjs";
import { launch } from "../test/browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const server = await serve(join(ROOT, "dist"));
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(server.url);
  await page.waitForSelector("html[data-ready=true]");
  await page.selectOption("#sample", process.env.SAMPLE || "kubelet-config");
  await page.waitForSelector("[data-testid=findings][data-state=ready]");
  await page.locator(".cm-lintRange-error").first().hover();
  await page.waitForSelector(".cm-tooltip-lint");
  await page.screenshot({ path: join(ROOT, "screenshot.png") });

  const phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(server.url);
  await phone.waitForSelector("html[data-ready=true]");
  await phone.selectOption("#sample", "kubeadm-node");
  await phone.waitForSelector("[data-testid=findings][data-state=ready]");
  await phone.screenshot({ path: join(ROOT, "screenshot-phone.png"), fullPage: true });
  console.log("wrote screenshot.png and screenshot-phone.png");
} finally {
  await browser.close();
  await server.close();
}
