//! Every kube-controller-manager flag and how pflag parses it. Sources, versions and doubts:
//! docs/research/flag-tables.md.

use super::registry::{flag, Kind::*, Setting};

/// Every kube-controller-manager flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("add-dir-header", Bool).removed(26), // klog BoolVar add_dir_header (normalized to dashes); removed in v1.26 (KEP-2845)
    flag("address", Value).removed(24), // insecure serving (DeprecatedInsecureServingOptions.AddUnqualifiedFlags, IPVar); removed in v1.24 (kubernetes PR 96216)
    flag("allocate-node-cidrs", Bool),
    flag("allow-metric-labels", Map), // pflag StringToStringVar: first Set replaces the default, later Sets merge
    flag("allow-metric-labels-manifest", Value),
    flag("allow-untagged-cloud", Bool), // hidden: MarkDeprecated in cloud-provider options/kubecloudshared.go (v1.35); BoolVar
    flag("alsologtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("attach-detach-reconcile-sync-period", Value),
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
    flag("cidr-allocator-type", Value),
    flag("client-ca-file", Value),
    flag("cloud-config", Value),
    flag("cloud-provider", Value),
    flag("cloud-provider-gce-lb-src-cidrs", Value), // hidden deprecated GCE flag re-registered from the global flag set (recollection of app/flags_providers.go; not read); gone with the in-tree GCE provider (~v1.29-v1.31, not pinned); a 2nd occurrence is an error in the GCE cidrs Value
    flag("cluster-cidr", Value),
    flag("cluster-name", Value),
    flag("cluster-signing-cert-file", Value),
    flag("cluster-signing-duration", Value),
    flag("cluster-signing-key-file", Value),
    flag("cluster-signing-kube-apiserver-client-cert-file", Value),
    flag("cluster-signing-kube-apiserver-client-key-file", Value),
    flag("cluster-signing-kubelet-client-cert-file", Value),
    flag("cluster-signing-kubelet-client-key-file", Value),
    flag("cluster-signing-kubelet-serving-cert-file", Value),
    flag("cluster-signing-kubelet-serving-key-file", Value),
    flag("cluster-signing-legacy-unknown-cert-file", Value),
    flag("cluster-signing-legacy-unknown-key-file", Value),
    flag("concurrent-cron-job-syncs", Value),
    flag("concurrent-daemonset-syncs", Value), // in the v1.35 reference, absent from v1.31; added in v1.32-v1.35 (not pinned)
    flag("concurrent-deployment-syncs", Value),
    flag("concurrent-device-taint-eviction-syncs", Value), // in the v1.35 reference, absent from v1.31; added in v1.33-v1.35 (not pinned)
    flag("concurrent-endpoint-syncs", Value),
    flag("concurrent-ephemeralvolume-syncs", Value),
    flag("concurrent-gc-syncs", Value),
    flag("concurrent-horizontal-pod-autoscaler-syncs", Value),
    flag("concurrent-job-syncs", Value),
    flag("concurrent-namespace-syncs", Value),
    flag("concurrent-rc-syncs", Value), // registered as `concurrent_rc_syncs` in v1.20/v1.21; WordSepNormalizeFunc maps `_` to `-`, so both spellings are this flag
    flag("concurrent-replicaset-syncs", Value),
    flag("concurrent-resource-quota-syncs", Value),
    flag("concurrent-service-endpoint-syncs", Value),
    flag("concurrent-service-syncs", Value),
    flag("concurrent-serviceaccount-token-syncs", Value),
    flag("concurrent-statefulset-syncs", Value),
    flag("concurrent-ttl-after-finished-syncs", Value),
    flag("concurrent-validating-admission-policy-status-syncs", Value),
    flag("configure-cloud-routes", Bool),
    flag("contention-profiling", Bool),
    flag("controller-shutdown-timeout", Value), // in the v1.35 reference, absent from v1.31 (not pinned)
    flag("controller-start-interval", Value),
    flag("controllers", List),
    flag("deployment-controller-sync-period", Value), // in the v1.21 reference, absent from v1.31; removed or hidden in between (not verified)
    flag("disable-attach-detach-reconcile-sync", Bool),
    flag("disable-force-detach-on-timeout", Bool),
    flag("disable-http2-serving", Bool),
    flag("disabled-metrics", List),
    flag("emulated-version", List), // component-base compatibility/registry.go: StringSliceVar
    flag("enable-dynamic-provisioning", Bool),
    flag("enable-garbage-collector", Bool),
    flag("enable-hostpath-provisioner", Bool), // BoolVar; a later source version marks it deprecated (hidden) - still registered
    flag("enable-leader-migration", Bool),
    flag("enable-taint-manager", Bool), // no type in the v1.21 reference (pflag bool, Default: true); deprecated ~v1.27, gone by v1.31 (not pinned); BoolVar line not read
    flag("endpoint-updates-batch-period", Value),
    flag("endpointslice-updates-batch-period", Value),
    flag("experimental-cluster-signing-duration", Value).removed(25), // DurationVar (old csrsigningcontroller.go); deprecated for --cluster-signing-duration, removed in v1.25
    flag("experimental-logging-sanitization", Bool).removed(24), // component-base logs BoolVar: present at kubernetes-1.23.0, absent at 1.24.0 -> removed in v1.24
    flag("external-cloud-volume-plugin", Value),
    flag("feature-gates", FeatureGates), // ColonSeparatedMultimapStringString since the compatibility registry (v1.31+); MapStringBool before: both merge
    flag("flex-volume-plugin-dir", Value),
    flag("help", Bool), // -h shorthand (globalflag / cobra BoolP)
    flag("horizontal-pod-autoscaler-cpu-initialization-period", Value),
    flag("horizontal-pod-autoscaler-downscale-delay", Value).removed(2), // DurationVar, hidden deprecated no-op (old hpacontroller.go); removed in v1.2x (not pinned)
    flag("horizontal-pod-autoscaler-downscale-stabilization", Value),
    flag("horizontal-pod-autoscaler-initial-readiness-delay", Value),
    flag("horizontal-pod-autoscaler-sync-period", Value),
    flag("horizontal-pod-autoscaler-tolerance", Value),
    flag("horizontal-pod-autoscaler-upscale-delay", Value).removed(2), // DurationVar, hidden deprecated no-op (old hpacontroller.go); removed in v1.2x (not pinned)
    flag("horizontal-pod-autoscaler-use-rest-clients", Bool).removed(2), // BoolVar + MarkDeprecated (old hpacontroller.go); still seen in v1.20-v1.23 kubeadm configs; removed in v1.2x (not pinned)
    flag("http2-max-streams-per-connection", Value),
    flag("kube-api-burst", Value),
    flag("kube-api-content-type", Value),
    flag("kube-api-qps", Value),
    flag("kubeconfig", Value),
    flag("large-cluster-size-threshold", Value),
    flag("leader-elect", Bool),
    flag("leader-elect-lease-duration", Value),
    flag("leader-elect-renew-deadline", Value),
    flag("leader-elect-resource-lock", Value),
    flag("leader-elect-resource-name", Value),
    flag("leader-elect-resource-namespace", Value),
    flag("leader-elect-retry-period", Value),
    flag("leader-migration-config", Value),
    flag("legacy-service-account-token-clean-up-period", Value),
    flag("log-backtrace-at", Value).removed(26), // klog Var log_backtrace_at; removed in v1.26 (KEP-2845)
    flag("log-dir", Value).removed(26),          // klog StringVar log_dir; removed in v1.26 (KEP-2845)
    flag("log-file", Value).removed(26),         // klog StringVar log_file; removed in v1.26 (KEP-2845)
    flag("log-file-max-size", Value).removed(26), // klog Uint64Var log_file_max_size; removed in v1.26 (KEP-2845)
    flag("log-flush-frequency", Value),
    flag("log-json-info-buffer-size", Value), // component-base logs: registered only when the json format is registered (main imports logs/json/register) - not verified for the release binary
    flag("log-json-split-stream", Bool), // BoolVar in component-base logs/api/v1/options.go (v1.35); registered only when the json format is registered - not verified for the release binary
    flag("log-text-info-buffer-size", Value),
    flag("log-text-split-stream", Bool),
    flag("logging-format", Value),
    flag("logtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("master", Value),
    flag("max-endpoints-per-slice", Value),
    flag("min-compatibility-version", List), // component-base compatibility/registry.go: StringSliceVar; appears in the v1.35 reference
    flag("min-resync-period", Value),
    flag("mirroring-concurrent-service-endpoint-syncs", Value),
    flag("mirroring-endpointslice-updates-batch-period", Value),
    flag("mirroring-max-endpoints-per-subset", Value),
    flag("namespace-sync-period", Value),
    flag("node-cidr-mask-size", Value),
    flag("node-cidr-mask-size-ipv4", Value),
    flag("node-cidr-mask-size-ipv6", Value),
    flag("node-eviction-rate", Value),
    flag("node-monitor-grace-period", Value),
    flag("node-monitor-period", Value),
    flag("node-startup-grace-period", Value),
    flag("node-sync-period", Value), // hidden: MarkDeprecated no-op in cloud-provider options/kubecloudshared.go (v1.35)
    flag("one-output", Bool).removed(26), // klog BoolVar one_output; removed in v1.26 (KEP-2845)
    flag("permit-address-sharing", Bool),
    flag("permit-port-sharing", Bool),
    flag("pod-eviction-timeout", Value), // in the v1.21 reference, absent from v1.31; deprecated v1.26-ish, removed by v1.31 (not pinned)
    flag("port", Value).removed(24),     // insecure serving (IntVar); removed in v1.24 (kubernetes PR 96216)
    flag("profiling", Bool).default("true"),
    flag("pv-recycler-increment-timeout-nfs", Value),
    flag("pv-recycler-minimum-timeout-hostpath", Value),
    flag("pv-recycler-minimum-timeout-nfs", Value),
    flag("pv-recycler-pod-template-filepath-hostpath", Value),
    flag("pv-recycler-pod-template-filepath-nfs", Value),
    flag("pv-recycler-timeout-increment-hostpath", Value),
    flag("pvclaimbinder-sync-period", Value),
    flag("requestheader-allowed-names", List),
    flag("requestheader-client-ca-file", Value),
    flag("requestheader-extra-headers-prefix", List),
    flag("requestheader-group-headers", List),
    flag("requestheader-uid-headers", List), // added in v1.32 (apiserver staging authentication.go)
    flag("requestheader-username-headers", List),
    flag("resource-quota-sync-period", Value),
    flag("root-ca-file", String),
    flag("route-reconciliation-period", Value),
    flag("secondary-node-eviction-rate", Value),
    flag("secure-port", Value),
    flag("service-account-private-key-file", String),
    flag("service-cluster-ip-range", Value),
    flag("show-hidden-metrics-for-version", Value),
    flag("skip-headers", Bool).removed(26), // klog BoolVar skip_headers; removed in v1.26 (KEP-2845)
    flag("skip-log-headers", Bool).removed(26), // klog BoolVar skip_log_headers; removed in v1.26 (KEP-2845)
    flag("stderrthreshold", Value).removed(26), // klog Var (severity); removed in v1.26 (KEP-2845)
    flag("terminated-pod-gc-threshold", Int32).default("12500"), // PodGCControllerConfiguration: TerminatedPodGCThreshold 12500 (<= 0 turns the collector off)
    flag("tls-cert-file", Value),
    flag("tls-cipher-suites", List),
    flag("tls-min-version", Value),
    flag("tls-private-key-file", Value),
    flag("tls-sni-cert-key", List), // cliflag.NamedCertKeyArray (reference prints `string`): repetitions append
    flag("unhealthy-zone-threshold", Value),
    flag("use-service-account-credentials", Bool).default("false"),
    flag("v", Value),      // -v shorthand (VarP in component-base logs/api/v1/options.go)
    flag("version", Bool), // verflag: NoOptDefVal="true", never consumes the next word; `--version=raw` accepted
    flag("vmodule", Value),
    flag("volume-host-allow-local-loopback", Bool), // hidden: BoolVar + MarkDeprecated no-op (persistentvolumebindercontroller.go, undated recent version); absent from the v1.31/v1.35 reference because hidden; removal not verified
    flag("volume-host-cidr-denylist", List), // hidden: StringSliceVar + MarkDeprecated no-op (same file); removal not verified
];
