// Compiled (not run) by package.test.mjs with tsc: the shipped types describe the API.
import kubecis, { check, rules, benchmarks, init, type Report, type Finding, type Options, type RuleMeta, type Status } from "kubecis";

await init();
const options: Options = { benchmark: "cis-1.12" };
const report: Report = check([{ name: "/var/lib/kubelet/config.yaml", content: "kind: KubeletConfiguration\n" }], options);
const failing: Finding[] = report.findings.filter((f) => f.status === "fail");
const status: Status = failing[0]?.status ?? "pass";
const cis: string | undefined = failing[0]?.cis;
const offset: number | undefined = failing[0]?.location?.start.offset;
const edits = failing.flatMap((f) => f.fix?.edits ?? []).map((e) => [e.document, e.start, e.end, e.text] as const);
const meta: RuleMeta[] = rules();
const ids: string[] = meta.map((r) => r.cis["cis-1.12"]?.id ?? "");
const versions: string[] = benchmarks();
const n: number = report.summary.fail + report.summary.pass + report.summary.unknown + report.summary.errors;
kubecis.check([{ content: "" }]);
// @ts-expect-error: content is required
check([{ name: "x" }]);
// @ts-expect-error: a status is one of three strings
const wrong: Status = "warn";
export { status, cis, offset, edits, ids, versions, n, wrong };
