//! Every etcd flag and how Go's standard `flag` package parses it. Sources, versions and doubts:
//! docs/research/flag-tables.md.

use super::registry::{flag, Kind::*, Setting};

/// Every etcd flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("advertise-client-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("auth-token", Value),
    flag("auth-token-ttl", Value), // sampled tags: present v3.4.45..v3.6.14 only
    flag("auto-compaction-mode", Value),
    flag("auto-compaction-retention", Value),
    flag("auto-tls", Bool),
    flag("backend-batch-interval", Value),
    flag("backend-batch-limit", Value),
    flag("backend-bbolt-freelist-type", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("bcrypt-cost", Value),
    flag("bootstrap-defrag-threshold-megabytes", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("cert-file", Value),
    flag("cipher-suites", Value), // flags.StringsValue: comma-separated; each Set replaces (last wins)
    flag("client-cert-allowed-hostname", Value), // flags.StringsValue: comma-separated; each Set replaces (last wins); plain StringVar in v3.4
    flag("client-cert-auth", Bool),
    flag("client-cert-file", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("client-crl-file", Value),
    flag("client-key-file", Value),           // sampled tags: present v3.5.0..v3.6.14 only
    flag("cluster-active-size", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("cluster-remove-delay", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("cluster-sync-interval", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("compact-hash-check-time", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("compaction-batch-limit", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("compaction-sleep-interval", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("config", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("config-file", Value),
    flag("corrupt-check-time", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("cors", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("data-dir", Value),
    flag("debug", Bool), // sampled tags: present v3.4.0..v3.4.45 only
    flag("discovery", Value),
    flag("discovery-cacert", Value),       // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-cert", Value),         // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-dial-timeout", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-endpoints", Value), // flags.UniqueStringsValue: comma-separated; each Set replaces (last wins); sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-fallback", Value),  // flags.SelectiveStringValue: one of a fixed set; last wins
    flag("discovery-insecure-skip-tls-verify", Bool), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-insecure-transport", Bool), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-keepalive-time", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-keepalive-timeout", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-key", Value),       // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-password", Value).sensitive(), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-proxy", Value),
    flag("discovery-request-timeout", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-srv", Value),
    flag("discovery-srv-name", Value),
    flag("discovery-token", Value).sensitive(), // sampled tags: present v3.6.0..v3.6.14 only
    flag("discovery-user", Value),              // sampled tags: present v3.6.0..v3.6.14 only
    flag("distributed-tracing-address", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("distributed-tracing-instance-id", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("distributed-tracing-sampling-rate", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("distributed-tracing-service-name", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("downgrade-check-time", Value),        // sampled tags: present v3.6.0..v3.6.14 only
    flag("election-timeout", Value),
    flag("enable-distributed-tracing", Bool), // sampled tags: present v3.6.0..v3.6.14 only
    flag("enable-grpc-gateway", Bool),
    flag("enable-log-rotation", Bool), // sampled tags: present v3.5.0..v3.6.14 only
    flag("enable-pprof", Bool),
    flag("enable-v2", Bool), // sampled tags: present v3.4.0..v3.5.33 only
    flag("experimental-backend-bbolt-freelist-type", Value), // sampled tags: present v3.4.0..v3.4.45 only
    flag("experimental-bootstrap-defrag-threshold-megabytes", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-compact-hash-check-enabled", Bool), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-compact-hash-check-time", Value), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-compaction-batch-limit", Value),
    flag("experimental-compaction-sleep-interval", Value), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-corrupt-check-time", Value),
    flag("experimental-distributed-tracing-address", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-distributed-tracing-instance-id", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-distributed-tracing-sampling-rate", Value), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-distributed-tracing-service-name", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-downgrade-check-time", Value),        // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-enable-distributed-tracing", Bool),   // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-enable-lease-checkpoint", Bool),
    flag("experimental-enable-lease-checkpoint-persist", Bool), // sampled tags: present v3.4.45..v3.6.14 only
    flag("experimental-enable-v2v3", Value),                    // sampled tags: present v3.4.0..v3.5.33 only
    flag("experimental-initial-corrupt-check", Bool),
    flag("experimental-memory-mlock", Bool), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-peer-skip-client-san-verification", Bool),
    flag("experimental-snapshot-catchup-entries", Value), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-stop-grpc-service-on-defrag", Bool), // sampled tags: present v3.5.33..v3.6.14 only
    flag("experimental-txn-mode-write-with-shared-buffer", Bool), // sampled tags: present v3.5.0..v3.6.14 only
    flag("experimental-warning-apply-duration", Value),   // sampled tags: present v3.4.45..v3.6.14 only
    flag("experimental-warning-unary-request-duration", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("experimental-watch-progress-notify-interval", Value), // sampled tags: present v3.4.45..v3.6.14 only
    flag("feature-gates", FeatureGates), // v3.6 only: pkg/featuregate Set -> SetFromMap merges into the enabled map (unknown gate = error); sampled tags: present v3.6.0..v3.6.14 only
    flag("force", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("force-new-cluster", Bool),
    flag("grpc-keepalive-interval", Value),
    flag("grpc-keepalive-min-time", Value),
    flag("grpc-keepalive-timeout", Value),
    flag("heartbeat-interval", Value),
    flag("host-whitelist", Value), // flags.UniqueStringsValue: comma-separated; each Set replaces (last wins)
    flag("initial-advertise-peer-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("initial-cluster", Value),
    flag("initial-cluster-state", Value), // flags.SelectiveStringValue: one of a fixed set; last wins
    flag("initial-cluster-token", Value).sensitive(),
    flag("initial-election-tick-advance", Bool),
    flag("key-file", Value),
    flag("listen-client-http-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header); sampled tags: present v3.4.45..v3.6.14 only
    flag("listen-client-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("listen-metrics-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("listen-peer-urls", Value), // flags.UniqueURLs: comma-separated in one value; a repetition replaces (last wins; quirks in the header)
    flag("log-format", Value),       // sampled tags: present v3.6.0..v3.6.14 only
    flag("log-level", Value),
    flag("log-output", Value), // flags.UniqueStringsValue: comma-separated; each Set replaces (last wins); sampled tags: present v3.4.0..v3.4.45 only
    flag("log-outputs", Value), // flags.UniqueStringsValue: comma-separated; each Set replaces (last wins)
    flag("log-package-levels", Value), // sampled tags: present v3.4.0..v3.4.45 only
    flag("log-rotation-config-json", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("logger", Value),
    flag("max-concurrent-streams", Value), // flags.uint32Value; sampled tags: present v3.4.45..v3.6.14 only
    flag("max-learners", Value),           // sampled tags: present v3.6.0..v3.6.14 only
    flag("max-request-bytes", Value),
    flag("max-result-buffer", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("max-retry-attempts", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("max-snapshots", Value),
    flag("max-txn-ops", Value),
    flag("max-wals", Value),
    flag("memory-mlock", Bool), // sampled tags: present v3.6.0..v3.6.14 only
    flag("metrics", Value),
    flag("name", Value),
    flag("next-cluster-version-compatible", Bool), // sampled tags: present v3.4.45..v3.4.45 only
    flag("peer-auto-tls", Bool),
    flag("peer-cert-allowed-cn", Value), // flags.StringsValue: comma-separated; each Set replaces (last wins); plain StringVar in v3.4
    flag("peer-cert-allowed-hostname", Value), // flags.StringsValue: comma-separated; each Set replaces (last wins); plain StringVar in v3.4
    flag("peer-cert-file", Value),
    flag("peer-client-cert-auth", Bool),
    flag("peer-client-cert-file", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("peer-client-key-file", Value),  // sampled tags: present v3.5.0..v3.6.14 only
    flag("peer-crl-file", Value),
    flag("peer-election-timeout", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("peer-heartbeat-interval", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("peer-key-file", Value),
    flag("peer-skip-client-san-verification", Bool), // sampled tags: present v3.6.0..v3.6.14 only
    flag("peer-trusted-ca-file", Value),
    flag("pre-vote", Bool),
    flag("proxy", Value), // flags.SelectiveStringValue: one of a fixed set; last wins; sampled tags: present v3.4.0..v3.5.33 only
    flag("proxy-dial-timeout", Value), // sampled tags: present v3.4.0..v3.5.33 only
    flag("proxy-failure-wait", Value), // sampled tags: present v3.4.0..v3.5.33 only
    flag("proxy-read-timeout", Value), // sampled tags: present v3.4.0..v3.5.33 only
    flag("proxy-refresh-interval", Value), // sampled tags: present v3.4.0..v3.5.33 only
    flag("proxy-write-timeout", Value), // sampled tags: present v3.4.0..v3.5.33 only
    flag("quota-backend-bytes", Value),
    flag("raft-read-timeout", Value),  // sampled tags: present v3.5.0..v3.6.14 only
    flag("raft-write-timeout", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("retry-interval", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("self-signed-cert-validity", Value), // sampled tags: present v3.5.0..v3.6.14 only
    flag("snapshot", Bool),       // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("snapshot-catchup-entries", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("snapshot-count", Value),
    flag("socket-reuse-address", Bool), // sampled tags: present v3.5.0..v3.6.14 only
    flag("socket-reuse-port", Bool),    // sampled tags: present v3.5.0..v3.6.14 only
    flag("strict-reconfig-check", Bool),
    flag("test.coverprofile", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("test.outputdir", Bool),    // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("tls-max-version", Value),  // sampled tags: present v3.4.45..v3.6.14 only
    flag("tls-min-version", Value),  // sampled tags: present v3.4.45..v3.6.14 only
    flag("trusted-ca-file", Value),
    flag("unsafe-no-fsync", Bool), // sampled tags: present v3.4.45..v3.6.14 only
    flag("v", Bool),               // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("v2-deprecation", List), // flags.SelectiveStringsValue: every Set APPENDS (comma-split, each part validated), so repetitions accumulate; v3.6 ignores the value unless it is exactly the skip-check stage; sampled tags: present v3.5.0..v3.6.14 only
    flag("version", Bool),
    flag("vv", Bool), // IgnoredFlag (IsBoolFlag()==true, any value accepted and ignored with a warning)
    flag("wal-dir", Value),
    flag("warning-apply-duration", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("warning-unary-request-duration", Value), // sampled tags: present v3.6.0..v3.6.14 only
    flag("watch-progress-notify-interval", Value), // sampled tags: present v3.6.0..v3.6.14 only
];
