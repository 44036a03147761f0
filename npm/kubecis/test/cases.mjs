// The shared conformance corpus (tests/cases/*/): inputs, expected verdicts, exact report.
// Inputs are all files of a case but expected.json and report.json, named by their path
// relative to the case folder (with "/"), sorted bytewise, decoded as UTF-8 with U+FFFD.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const CASES_DIR = process.env.KUBECIS_CASES || join(REPO, "tests", "cases");
const NOT_INPUTS = new Set(["expected.json", "report.json"]);

function walk(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function bytewise(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function loadCase(dir) {
  const documents = walk(dir)
    .map((path) => relative(dir, path).split(sep).join("/"))
    .filter((name) => !NOT_INPUTS.has(name))
    .sort(bytewise)
    .map((name) => ({ name, content: new TextDecoder("utf-8").decode(readFileSync(join(dir, name))) }));
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
  let report = null;
  try {
    report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  } catch {}
  return { name: dir.split(sep).pop(), dir, documents, expected, report };
}

export function loadCases() {
  return readdirSync(CASES_DIR)
    .filter((name) => statSync(join(CASES_DIR, name)).isDirectory())
    .sort()
    .map((name) => loadCase(join(CASES_DIR, name)));
}

/** `(rule, cis, status)` triples, sorted, for multiset comparison. */
export function verdicts(findings) {
  return findings
    .map((f) => JSON.stringify([f.rule, f.cis ?? null, f.status]))
    .sort();
}
