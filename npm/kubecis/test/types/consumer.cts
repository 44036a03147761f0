// CommonJS consumer of the types (require condition).
import kubecis = require("kubecis");
const report: kubecis.Report = kubecis.check([{ content: "" }], { benchmark: "cis-1.5" });
const rules: kubecis.RuleMeta[] = kubecis.rules();
export = { report, rules };
