// The shared conformance corpus (tests/cases/*/ and every rule's own cases,
// tests/rules/<slug>/*/): inputs, request options, expected verdicts, exact report.
// Inputs are all files of a case but expected.json and report.json, named by their path
// relative to the case folder (with "/"), sorted bytewise, decoded as UTF-8 with U+FFFD.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const CASES_DIR = process.env.KUBECIS_CASES || join(REPO, "tests", "cases");
const RULE_CASES_DIR = process.env.KUBECIS_CASES ? null : join(REPO, "tests", "rules");
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
  // The request options the case asks for: its `options`, with its `benchmark`.
  const options = { ...(expected.options ?? {}) };
  if (expected.benchmark) options.benchmark = expected.benchmark;
  const parts = dir.split(sep);
  const name = dir.startsWith(CASES_DIR) ? parts.at(-1) : parts.slice(-2).join("/");
  return { name, dir, documents, expected, options, report };
}

function subdirs(dir) {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => join(dir, name));
}

export function loadCases() {
  const dirs = subdirs(CASES_DIR);
  if (RULE_CASES_DIR) for (const rule of subdirs(RULE_CASES_DIR)) dirs.push(...subdirs(rule));
  return dirs.map(loadCase);
}

/** Findings of the rules a case selects (all when it selects none). */
export function selected(c, findings) {
  const select = c.options.select;
  return select ? findings.filter((f) => select.includes(f.rule)) : findings;
}

/** `(rule, cis, status)` triples, sorted, for multiset comparison. */
export function verdicts(findings) {
  return findings
    .map((f) => JSON.stringify([f.rule, f.cis ?? null, f.status]))
    .sort();
}
