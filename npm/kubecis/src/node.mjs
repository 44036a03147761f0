// kubecis for Node (ES modules): the CommonJS build, re-exported with named exports.
import kubecis from "./node.cjs";

export const { check, checkWithLimits, LimitError, DEFAULT_LIMITS, checkJson, failedAllocation, rules, benchmarks, defaultBenchmark, version, init, initSync } = kubecis;
export default kubecis;
