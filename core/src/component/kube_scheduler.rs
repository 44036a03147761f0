//! Every kube-scheduler flag and how pflag parses it. Sources, versions and doubts:
//! docs/research/flag-tables.md.

use super::registry::{flag, Kind::*, Setting};

/// Every kube-scheduler flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("add-dir-header", Bool).removed(26), // klog BoolVar add_dir_header (normalized to dashes); removed in v1.26 (KEP-2845)
    flag("address", Value).removed(24), // addDummyInsecureFlags IPVar, MarkDeprecated "will be removed in v1.24"; removed in v1.24 (kubernetes PR 96345)
    flag("algorithm-provider", Value).removed(23), // in the v1.20 reference (DEPRECATED); Policy API removed in v1.23
    flag("allow-metric-labels", Map),   // pflag StringToStringVar: first Set replaces the default, later Sets merge
    flag("allow-metric-labels-manifest", Value),
    flag("alsologtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("authentication-kubeconfig", Value),
    flag("authentication-skip-lookup", Bool),
    flag("authentication-token-webhook-cache-ttl", Value),
    flag("authentication-tolerate-lookup-failure", Bool),
    flag("authorization-always-allow-paths", List),
    flag("authorization-kubeconfig", Value),
    flag("authorization-webhook-cache-authorized-ttl", Value),
    flag("authorization-webhook-cache-unauthorized-ttl", Value),
    flag("azure-container-registry-config", Value), // in-tree Azure credential provider flag (StringVar); in the v1.13-v1.21 references of kube-apiserver/KCM/scheduler/kube-proxy, absent from the v1.31+ ones; removed by v1.30 (exact release not verified)
    flag("bind-address", String).default("0.0.0.0"), // SecureServingOptions: BindAddress 0.0.0.0 (IPVar)
    flag("cert-dir", Value),
    flag("client-ca-file", Value),
    flag("config", Value),
    flag("contention-profiling", Bool), // deprecated-for-config flag in cmd/kube-scheduler/app/options/deprecated.go: BoolVar (still listed in v1.35)
    flag("disable-http2-serving", Bool),
    flag("disabled-metrics", List),
    flag("emulated-version", List), // component-base compatibility/registry.go: StringSliceVar
    flag("experimental-logging-sanitization", Bool).removed(24), // component-base logs BoolVar; removed in v1.24
    flag("feature-gates", FeatureGates), // ColonSeparatedMultimapStringString since the compatibility registry (v1.31+); MapStringBool before: both merge
    flag("hard-pod-affinity-symmetric-weight", Value), // in the v1.20 reference (DEPRECATED, int32); absent from the v1.23-era deprecated.go; removed by v1.23 (not pinned)
    flag("help", Bool),                                // -h shorthand (globalflag / cobra BoolP)
    flag("http2-max-streams-per-connection", Value),
    flag("kube-api-burst", Value),        // deprecated.go Int32Var
    flag("kube-api-content-type", Value), // deprecated.go StringVar
    flag("kube-api-qps", Value),          // deprecated.go Float32Var
    flag("kubeconfig", Value),            // deprecated.go StringVar
    flag("leader-elect", Bool),
    flag("leader-elect-lease-duration", Value),
    flag("leader-elect-renew-deadline", Value),
    flag("leader-elect-resource-lock", Value),
    flag("leader-elect-resource-name", Value),
    flag("leader-elect-resource-namespace", Value),
    flag("leader-elect-retry-period", Value),
    flag("lock-object-name", Value), // deprecated.go StringVar (v1.23-era); absent from the v1.33 options; removed in between (not pinned)
    flag("lock-object-namespace", Value), // deprecated.go StringVar (v1.23-era); absent from the v1.33 options; removed in between (not pinned)
    flag("log-backtrace-at", Value).removed(26), // klog Var log_backtrace_at; removed in v1.26 (KEP-2845)
    flag("log-dir", Value).removed(26),   // klog StringVar log_dir; removed in v1.26 (KEP-2845)
    flag("log-file", Value).removed(26),  // klog StringVar log_file; removed in v1.26 (KEP-2845)
    flag("log-file-max-size", Value).removed(26), // klog Uint64Var log_file_max_size; removed in v1.26 (KEP-2845)
    flag("log-flush-frequency", Value),
    flag("log-json-info-buffer-size", Value), // component-base logs: registered only when the json format is registered (main imports logs/json/register) - not verified for the release binary
    flag("log-json-split-stream", Bool), // BoolVar in component-base logs/api/v1/options.go (v1.35); registered only when the json format is registered - not verified for the release binary
    flag("log-text-info-buffer-size", Value),
    flag("log-text-split-stream", Bool),
    flag("logging-format", Value),
    flag("logtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("master", Value),
    flag("min-compatibility-version", List), // component-base compatibility/registry.go: StringSliceVar; appears in the v1.35 reference
    flag("one-output", Bool).removed(26),    // klog BoolVar one_output; removed in v1.26 (KEP-2845)
    flag("permit-address-sharing", Bool),
    flag("permit-port-sharing", Bool),
    flag("pod-max-in-unschedulable-pods-duration", Value), // DEPRECATED but still in the v1.35 reference (DurationVar in Deprecated options)
    flag("policy-config-file", Value).removed(23),         // v1.20 reference (DEPRECATED); Policy API removed in v1.23
    flag("policy-configmap", Value).removed(23),           // v1.20 reference (DEPRECATED); removed in v1.23
    flag("policy-configmap-namespace", Value).removed(23), // v1.20 reference (DEPRECATED); removed in v1.23
    flag("port", Value).removed(24), // addDummyInsecureFlags IntVar; removed in v1.24 (kubernetes PR 96345)
    flag("profiling", Bool).config(&["enableProfiling"]).default("true").ignored_with_config(), // deprecated.go: BoolVar (still listed in v1.35)
    flag("requestheader-allowed-names", List),
    flag("requestheader-client-ca-file", Value),
    flag("requestheader-extra-headers-prefix", List),
    flag("requestheader-group-headers", List),
    flag("requestheader-uid-headers", List), // added in v1.32 (apiserver staging authentication.go)
    flag("requestheader-username-headers", List),
    flag("scheduler-name", Value), // v1.20 reference (DEPRECATED); absent from the v1.23-era deprecated.go; removed by v1.23 (not pinned)
    flag("secure-port", Value),
    flag("show-hidden-metrics-for-version", Value),
    flag("skip-headers", Bool).removed(26), // klog BoolVar skip_headers; removed in v1.26 (KEP-2845)
    flag("skip-log-headers", Bool).removed(26), // klog BoolVar skip_log_headers; removed in v1.26 (KEP-2845)
    flag("stderrthreshold", Value).removed(26), // klog Var (severity); removed in v1.26 (KEP-2845)
    flag("tls-cert-file", Value),
    flag("tls-cipher-suites", List),
    flag("tls-min-version", Value),
    flag("tls-private-key-file", Value),
    flag("tls-sni-cert-key", List), // cliflag.NamedCertKeyArray (reference prints `string`): repetitions append
    flag("use-legacy-policy-config", Bool).removed(23), // no type in the v1.20 reference (pflag bool); BoolVar line not read; removed in v1.23
    flag("v", Value),                                   // -v shorthand (VarP in component-base logs/api/v1/options.go)
    flag("version", Bool), // verflag: NoOptDefVal="true", never consumes the next word; `--version=raw` accepted
    flag("vmodule", Value),
    flag("write-config-to", Value),
];
