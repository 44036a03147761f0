// Types of the kubecis report (schema version 1) and API. Written to match
// core/src/report.rs and core/src/rules/mod.rs; see DESIGN.md "Report JSON".

/** One input document: its text and a name (usually a path; only a hint for recognition). */
export interface Document {
  /** A path such as `/var/lib/kubelet/config.yaml`; used to match `--config` or `EnvironmentFile=` references. Default `""`. */
  name?: string;
  content: string;
}

/** A CIS Kubernetes Benchmark version this build knows. */
export type Benchmark =
  | "cis-1.5"
  | "cis-1.6"
  | "cis-1.20"
  | "cis-1.23"
  | "cis-1.24"
  | "cis-1.7"
  | "cis-1.8"
  | "cis-1.9"
  | "cis-1.10"
  | "cis-1.11"
  | "cis-1.12"
  | (string & {});

export interface Options {
  /** The benchmark whose control ids and automated/manual classification to report; default the newest (`defaultBenchmark()`). */
  benchmark?: Benchmark | null;
  /** Report only these rules: slugs, or CIS ids of the selected benchmark (a section such as `4.2` selects `4.2.*`). */
  select?: string[];
  /** Leave out these rules (slugs or CIS ids, as `select`). */
  ignore?: string[];
  /** The Kubernetes version whose defaults apply (`1.31`, `v1.31.2`) when the documents do not say it. */
  kubernetesVersion?: string | null;
  /** Directories the host read whole (a `--config-dir` among them with no drop-in supplied is empty). */
  completeDirectories?: string[];
  /** Files the host looked for and did not find (an optional `EnvironmentFile=-` among them is read as empty). */
  absentFiles?: string[];
  /** Leave passing findings out of `findings`; the summary still counts them. */
  omitPasses?: boolean;
}

export type Status = "pass" | "fail" | "unknown";
export type Severity = "low" | "medium" | "high" | "critical";
export type Component =
  | "kubelet"
  | "kube-apiserver"
  | "kube-controller-manager"
  | "kube-scheduler"
  | "etcd"
  | "kube-proxy"
  | (string & {});

/** Which kind of source decided an effective value. */
export type Origin =
  | "flag"
  | "drop-in"
  | "config"
  | "configz"
  | "config-file"
  | "default"
  | "kubeadm-default"
  | "unknown";

export interface Report {
  schemaVersion: 1;
  tool: { name: "kubecis"; version: string };
  benchmark: Benchmark;
  documents: DocumentInfo[];
  findings: Finding[];
  errors: InputError[];
  summary: Summary;
  /**
   * Where the documents hold a credential (a password, a token, a key). The report's own
   * strings never hold them; a host that prints document text masks these bytes.
   */
  redactions?: Redaction[];
}

/** Bytes `start..end` (UTF-8 offsets) of document `document`'s content not to show. */
export interface Redaction {
  document: number;
  start: number;
  end: number;
}

/** What one input document was recognised as. */
export interface DocumentInfo {
  index: number;
  name: string;
  /** e.g. `KubeletConfiguration`, `CommandLine`, `Stream`, `Unknown`. */
  kind: string;
  component?: Component;
  /** For multi-document YAML streams: the kind of each part, in order. */
  parts?: PartInfo[];
  /** Why a document is `Unknown`, or how it was used. */
  note?: string;
}

export interface PartInfo {
  kind: string;
  component?: Component;
  location: Location;
}

export interface Finding {
  /** Stable rule slug, e.g. `kubelet-anonymous-auth`. */
  rule: string;
  /** The control id in the selected benchmark; absent when that benchmark has no such control. */
  cis?: string;
  status: Status;
  severity: Severity;
  /** Whether the selected benchmark classifies the control as automated (else manual). */
  automated: boolean;
  title: string;
  component: Component;
  message: string;
  setting: Setting;
  /** The documents that make up the component instance this finding is about. */
  documents: number[];
  location?: Location;
  remediation: string;
  fix?: Fix;
  /** The same check in other tools: `datadog`, `checkov`, `kubescape`, `trivy`, `kube-bench`. */
  aliases?: Record<string, string>;
}

/** The evidence: the effective value of a setting and where it came from. */
export interface Setting {
  name: string;
  flag?: string;
  value?: string;
  origin: Origin;
  /** Lower-precedence sources that also set this value and were overridden. */
  overridden?: OverriddenValue[];
  /** Files that were referenced but not supplied, which leave the value unknown. */
  missing?: string[];
}

export interface OverriddenValue {
  value: string;
  origin: Origin;
  location: Location;
}

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in Unicode scalar values. */
  column: number;
  /** 0-based byte offset into the UTF-8 encoding of the document's content. */
  offset: number;
}

export interface Location {
  /** Index of the document in the request. */
  document: number;
  start: Position;
  end: Position;
}

export interface Fix {
  description: string;
  /**
   * `safe`: keeps working what the benchmark means to keep working; `unsafe`: changes behaviour
   * clients may rely on (applied by `kubecis fix --write --unsafe-fixes` only); `display-only`: the
   * edit lands in a snapshot (a `ps` listing, `/proc/<pid>/cmdline`, `/configz`) and is never applied.
   */
  applicability: Applicability;
  edits: Edit[];
}

export type Applicability = "safe" | "unsafe" | "display-only";

/**
 * Replace the bytes `start..end` of document `document`'s content with `text`. Offsets are
 * UTF-8 byte offsets: convert them before editing a JavaScript (UTF-16) string.
 */
export interface Edit {
  document: number;
  start: number;
  end: number;
  text: string;
}

export interface InputError {
  document: number;
  message: string;
  location?: Location;
}

export interface Summary {
  pass: number;
  fail: number;
  unknown: number;
  errors: number;
}

/** A rule's metadata, as `kubecis rules` lists it. */
export interface RuleMeta {
  slug: string;
  title: string;
  component: Component;
  severity: Severity;
  /** The setting the rule reads (config path). */
  setting: string;
  /** The command-line flag of that setting. */
  flag: string;
  /** The setting's field in the component's config file, where it has one. */
  configField?: string;
  /** What complies, in words (`false`, `at least 30`), where one value says it. */
  want?: string;
  /** The setting's defaults: `withoutConfig` / `withConfig` for the kubelet, else `default`. */
  defaults?: Record<string, string>;
  /** Kubernetes versions from which the default is another value. */
  defaultChanges?: { since: string; value: string }[];
  /** How kubecis decides the finding. */
  audit: string;
  /** Control id per benchmark version, keys in the benchmarks' release order. */
  cis: Record<string, CisControl>;
  aliases: Record<string, string>;
  rationale: string;
  remediation: string;
  /** Remediation per input kind: `config`, `flag`, `kubeadm`. */
  remediations?: Record<string, string>;
  /** How safe the rule's fix is where it edits a real source. */
  applicability: Applicability;
}

export interface CisControl {
  id: string;
  automated: boolean;
}

/** What the browser build's `init()` accepts; Node's `init()` ignores it. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<Response | BufferSource | WebAssembly.Module>;

/**
 * Checks the documents (all describing one node) against the benchmark and returns the
 * report, identical to `kubecis check --format json`. Throws an `Error` when the request
 * cannot be run at all (not an array of `{name, content}`, unknown option, unknown
 * benchmark); a problem with one document is reported in `report.errors` instead.
 */
export function check(documents: Document[], options?: Options | null): Report;

/** The budget of one `checkWithLimits()` call; the defaults are the CLI's (`DEFAULT_LIMITS`). */
export interface Limits {
  /** The most memory the check may use: the wasm module's linear memory, and the worker's JavaScript heap, each. Default 1 GiB; 16 MiB to 4 GiB. */
  memoryBytes?: number;
  /** Wall-clock milliseconds the check may take, starting the worker included. Default 60 000. */
  timeoutMs?: number;
}

/** The CLI's budget: 1 GiB of memory, 60 s. */
export const DEFAULT_LIMITS: Readonly<Required<Limits>>;

/** A check stopped by its budget. The message names the limit. */
export class LimitError extends Error {
  name: "LimitError";
  limit: "memory" | "time";
}

/**
 * `check()` with the CLI's budget (Node only): the check runs in a worker thread that is
 * terminated at `limits.timeoutMs`, with its memory capped at `limits.memoryBytes`, so an
 * input that blows up costs a rejected promise (a `LimitError`), never a blocked or killed
 * process. Each call starts a fresh worker (tens of milliseconds). Other errors are those of
 * `check()`. In the browser build it rejects: run `check()` in a Web Worker of your own.
 */
export function checkWithLimits(documents: Document[], options?: Options | null, limits?: Limits): Promise<Report>;

/** Runs a JSON request `{"documents":[...],"options":{...}}` (a string, or an object that is stringified) and returns the JSON response, exactly as the raw plugin ABI does. */
export function checkJson(request: string | { documents: Document[]; options?: Options }): string;

/** Bytes of the last allocation the module could not get, 0 if none: after a `WebAssembly.RuntimeError` from `check()` in a memory-capped module (`kubecis/memory-limit`), it ran out of memory. */
export function failedAllocation(): number;

/** The metadata of every rule. */
export function rules(): RuleMeta[];

/** The benchmark versions this build knows, oldest first. */
export function benchmarks(): Benchmark[];

/** The benchmark used when `options.benchmark` is absent (the newest). */
export function defaultBenchmark(): Benchmark;

/** The version of the kubecis core in this build. */
export function version(): string;

/**
 * Loads the wasm module. Required once in the browser build before any other call; in Node
 * the module is loaded on import and this resolves at once.
 */
export function init(input?: InitInput): Promise<void>;

/** Loads the wasm module synchronously from its bytes or a compiled module (browser build; a no-op in Node). */
export function initSync(module: BufferSource | WebAssembly.Module): void;

declare const kubecis: {
  check: typeof check;
  checkWithLimits: typeof checkWithLimits;
  LimitError: typeof LimitError;
  DEFAULT_LIMITS: typeof DEFAULT_LIMITS;
  checkJson: typeof checkJson;
  failedAllocation: typeof failedAllocation;
  rules: typeof rules;
  benchmarks: typeof benchmarks;
  defaultBenchmark: typeof defaultBenchmark;
  version: typeof version;
  init: typeof init;
  initSync: typeof initSync;
};
export default kubecis;
