//! CIS benchmark versions kubecis knows, newest last.

pub const BENCHMARKS: &[&str] = &[
    "cis-1.5", "cis-1.6", "cis-1.20", "cis-1.23", "cis-1.24", "cis-1.7", "cis-1.8", "cis-1.9", "cis-1.10", "cis-1.11",
    "cis-1.12",
];

pub const DEFAULT_BENCHMARK: &str = "cis-1.12";

pub fn is_known(benchmark: &str) -> bool {
    BENCHMARKS.contains(&benchmark)
}
