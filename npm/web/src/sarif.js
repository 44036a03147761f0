// SARIF 2.1.0 from a kubecis report, for code-scanning dashboards.

const LEVEL = { fail: "error", unknown: "warning", pass: "none" };
const KIND = { fail: "fail", unknown: "review", pass: "pass" };
const SECURITY_SEVERITY = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

function uri(name, index) {
  const n = (name || `document-${index + 1}`).replace(/^\/+/, "");
  return n.split("/").map(encodeURIComponent).join("/");
}

function region(location) {
  if (!location) return undefined;
  return {
    startLine: location.start.line,
    startColumn: location.start.column,
    endLine: location.end.line,
    endColumn: location.end.column,
    byteOffset: location.start.offset,
    byteLength: location.end.offset - location.start.offset,
  };
}

/** The SARIF log of `report`; `rules` is the rules() metadata (for descriptions). */
export function toSarif(report, rules) {
  const meta = new Map(rules.map((r) => [r.slug, r]));
  const used = [...new Set(report.findings.map((f) => f.rule))];
  const ruleIndex = new Map(used.map((slug, i) => [slug, i]));
  const docUri = (i) => uri(report.documents[i]?.name, i);
  const artifactLocation = (i) => ({ uri: docUri(i), index: i });
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: used.map((slug) => {
              const r = meta.get(slug);
              const f = report.findings.find((x) => x.rule === slug);
              return {
                id: slug,
                name: slug,
                shortDescription: { text: r?.title ?? f.title },
                fullDescription: { text: r?.rationale ?? f.title },
                help: { text: r?.remediation ?? f.remediation },
                defaultConfiguration: { level: "error" },
                properties: {
                  cis: f.cis,
                  benchmark: report.benchmark,
                  component: f.component,
                  severity: f.severity,
                  "security-severity": SECURITY_SEVERITY[f.severity],
                  tags: ["security", "cis-kubernetes-benchmark", f.component],
                  aliases: r?.aliases ?? f.aliases ?? {},
                },
              };
            }),
          },
        },
        columnKind: "unicodeCodePoints",
        artifacts: report.documents.map((d) => ({
          location: { uri: docUri(d.index) },
          description: { text: d.kind + (d.component ? ` (${d.component})` : "") },
        })),
        results: [
          ...report.findings.map((f) => {
            const result = {
              ruleId: f.rule,
              ruleIndex: ruleIndex.get(f.rule),
              kind: KIND[f.status],
              level: LEVEL[f.status],
              message: { text: `${f.cis ? `CIS ${f.cis}: ` : ""}${f.message}` },
              properties: { status: f.status, cis: f.cis, automated: f.automated, setting: f.setting },
            };
            const docs = f.location ? [f.location.document] : f.documents;
            result.locations = docs.map((i) => ({
              physicalLocation: { artifactLocation: artifactLocation(i), ...(f.location ? { region: region(f.location) } : {}) },
            }));
            if (f.fix) {
              const byDoc = new Map();
              for (const e of f.fix.edits) {
                if (!byDoc.has(e.document)) byDoc.set(e.document, []);
                byDoc.get(e.document).push({
                  deletedRegion: { byteOffset: e.start, byteLength: e.end - e.start },
                  insertedContent: { text: e.text },
                });
              }
              result.fixes = [
                {
                  description: { text: f.fix.description },
                  artifactChanges: [...byDoc].map(([i, replacements]) => ({ artifactLocation: artifactLocation(i), replacements })),
                },
              ];
            }
            return result;
          }),
        ],
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: "error",
              message: { text: e.message },
              locations: [
                { physicalLocation: { artifactLocation: artifactLocation(e.document), ...(e.location ? { region: region(e.location) } : {}) } },
              ],
            })),
          },
        ],
        properties: { benchmark: report.benchmark, summary: report.summary },
      },
    ],
  };
}
