//! Every kubelet flag and how pflag parses it (see
//! docs/research/kubernetes-facts.md for the facts behind each classification).
//! A flag missing here is still parsed (as taking a value) and reported as unknown.
//!
//! Target: Kubernetes v1.33 - v1.35.
//!
//! Sources read (repository: path):
//! - kubernetes/website: content/en/docs/reference/command-line-tools-reference/kubelet.md
//!   (generated reference; the stored English version is v1.34: it lists --fail-cgroupv1 without a
//!   default and v1.34-era feature gates). Primary source for the kubelet flag NAMES.
//! - kubernetes/website: content/en/docs/reference/command-line-tools-reference/kube-apiserver.md
//!   (generated reference; stored version is v1.35: "--emulated-version ... kube=1.32..1.35(default:1.35)").
//!   Primary source for the kube-apiserver flag NAMES.
//! - kubernetes/kubernetes: cmd/kubelet/app/options/options.go (commit 6785e9ed, v1.28-v1.30 era:
//!   has --config-dir, still has --keep-terminated-pod-volumes) for the Go flag TYPES
//!   (BoolVar / StringVar / StringSliceVar / cliflag map types).
//! - kubernetes/kubernetes: pkg/kubelet/config/flags.go (ContainerRuntimeOptions.AddFlags,
//!   ~v1.34: --runtime-cgroups, --pod-infra-container-image, --image-credential-provider-*).
//! - kubernetes/kubernetes: cmd/kubelet/app/options/globalflags*.go (klog / cadvisor globals),
//!   cmd/kubelet/app/server.go (BoolP("help","h"), WordSepNormalizeFunc).
//! - kubernetes/kubernetes: pkg/kubeapiserver/options/authorization.go, authentication.go
//!   (StringSliceVar / StringArrayVar / BoolVar for the authn/authz flags).
//! - spf13/pflag: flag.go, bool.go, string_slice.go (parsing semantics of the kinds below).
//! - google/cadvisor (via code search): flag.Bool for enable_load_reader, log_cadvisor_usage,
//!   storage_driver_secure.
//!
//! How the kind was decided: the generated reference prints no type for a pflag bool
//! (`--anonymous-auth`), `strings` for stringSlice/stringArray, `<comma-separated 'key=value'
//! pairs>` / `mapStringString` / `colonSeparatedMultimapStringString` / `stringToString` for maps.
//! Where the reference prints a misleading type (e.g. `--seccomp-default RuntimeDefault`, which is
//! a BoolVar), the Go source decides. `--version` is `version[=true]` (NoOptDefVal="true"), so it
//! behaves like a Bool for "does it consume the next word": it never does.
//!
//! Known gaps (also listed in the markdown):
//! - kubelet: the v1.35 flag set was not available; flags removed in v1.35 (if any, e.g.
//!   --pod-infra-container-image, announced "will be removed in 1.35") are still listed.
//! - kubelet: Windows-only flags (--windows-service, --windows-priorityclass, from
//!   osflags_windows.go) are NOT listed; that file was not read.
//! - kubelet: cAdvisor flags are listed from globalflags_linux.go but are absent from the v1.34
//!   reference; whether v1.33-v1.35 Linux binaries still register them was not verified.
//! - both: --log-json-* are listed although the reference was generated without the json format;
//!   whether the release binaries register it was not verified.
//! - kube-apiserver: hidden (MarkHidden, not deprecated) flags do not appear in the generated
//!   reference and could not be enumerated. Flags removed before v1.35 (e.g. --cloud-provider,
//!   --cloud-config on kube-apiserver) are NOT listed: not verified for v1.33/v1.34.

use super::registry::{flag, Kind::*, Setting};

/// Every kubelet flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("add-dir-header", Bool).removed(26), // klog BoolVar add_dir_header (normalized to dashes); removed in v1.26 (KEP-2845)
    flag("address", Value),
    flag("allow-privileged", Bool).removed(15), // KubeletFlags BoolVar + MarkDeprecated (v1.12-era options.go, code search); removed in v1.15 (recollection)
    flag("allowed-unsafe-sysctls", List),
    flag("alsologtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("anonymous-auth", Bool)
        .config(&["authentication", "anonymous", "enabled"])
        .defaults("true", "false")
        .kubeadm("false"),
    flag("application-metrics-count-limit", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("authentication-token-webhook", Bool)
        .config(&["authentication", "webhook", "enabled"])
        .defaults("false", "true"),
    flag("authentication-token-webhook-cache-ttl", Value),
    // A plain string flag on the kubelet (not a slice); "" in a config file is defaulted.
    flag("authorization-mode", String)
        .config(&["authorization", "mode"])
        .defaults("AlwaysAllow", "Webhook")
        .zero_is_default()
        .allowed(&["AlwaysAllow", "Webhook"]),
    flag("authorization-webhook-cache-authorized-ttl", Value),
    flag("authorization-webhook-cache-unauthorized-ttl", Value),
    flag("azure-container-registry-config", Value), // in-tree Azure credential provider flag (StringVar); in the v1.13-v1.21 references of kube-apiserver/KCM/scheduler/kube-proxy, absent from the v1.31+ ones; removed by v1.30 (exact release not verified)
    flag("boot-id-file", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("bootstrap-checkpoint-path", Value).removed(20), // KubeletFlags StringVar (v1.18-era options.go); removed in v1.20 (not pinned)
    flag("bootstrap-kubeconfig", Value),
    flag("cadvisor-port", Value).removed(12), // KubeletFlags Int32Var + MarkDeprecated (v1.11-era options.go); removed in v1.12 - before the range, kept for old CIS checks
    flag("cert-dir", Value),
    flag("cgroup-driver", Value),
    flag("cgroup-root", Value),
    flag("cgroups-per-qos", Bool),
    flag("chaos-chance", Value), // KubeletFlags Float64Var (v1.18-era options.go, testing only); removal version not verified
    flag("client-ca-file", String)
        .config(&["authentication", "x509", "clientCAFile"])
        .kubeadm("/etc/kubernetes/pki/ca.crt"),
    flag("cloud-config", Value),   // deprecated; absent from v1.34 reference
    flag("cloud-provider", Value), // KubeletFlags, not deprecated
    flag("cluster-dns", List),
    flag("cluster-domain", Value),
    flag("cni-bin-dir", Value).removed(24), // ContainerRuntimeOptions (dockershim); removed in v1.24
    flag("cni-cache-dir", Value).removed(24), // ContainerRuntimeOptions (dockershim); removed in v1.24
    flag("cni-conf-dir", Value).removed(24), // ContainerRuntimeOptions (dockershim); removed in v1.24
    flag("config", Value),
    flag("config-dir", Value),
    flag("container-hints", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("container-log-max-files", Value),
    flag("container-log-max-size", Value),
    flag("container-runtime", Value).removed(27), // ContainerRuntimeOptions StringVar; removed in v1.27
    flag("container-runtime-endpoint", Value),
    flag("containerd", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("containerd-namespace", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("contention-profiling", Bool),
    flag("cpu-cfs-quota", Bool),
    flag("cpu-cfs-quota-period", Value),
    flag("cpu-manager-policy", Value),
    flag("cpu-manager-policy-options", Map),
    flag("cpu-manager-reconcile-period", Value),
    flag("docker", Value), // cAdvisor flag re-registered deprecated (globalflags_linux.go); removed with dockershim ~v1.24 (not pinned)
    flag("docker-disable-shared-pid", Bool), // ContainerRuntimeOptions BoolVar (old flags.go); removal version not verified (< v1.20?)
    flag("docker-endpoint", Value).removed(24), // ContainerRuntimeOptions StringVar (dockershim); removed in v1.24
    flag("docker-env-metadata-whitelist", Value), // cAdvisor flag (docker_env_metadata_whitelist) re-registered deprecated; removed ~v1.24 (not pinned)
    flag("docker-only", Bool), // cAdvisor flag.Bool docker_only re-registered deprecated (pflag sets NoOptDefVal=true for Go bool flags); removed ~v1.24 (not pinned)
    flag("docker-root", Value), // cAdvisor flag docker_root re-registered (deprecated); removed ~v1.24 (not pinned)
    flag("docker-tls", Bool),  // cAdvisor flag.Bool re-registered deprecated; removed ~v1.24 (not pinned)
    flag("docker-tls-ca", Value), // cAdvisor flag.String re-registered deprecated; removed ~v1.24 (not pinned)
    flag("docker-tls-cert", Value), // cAdvisor flag.String re-registered deprecated; removed ~v1.24 (not pinned)
    flag("docker-tls-key", Value), // cAdvisor flag.String re-registered deprecated; removed ~v1.24 (not pinned)
    flag("dynamic-config-dir", Value), // KubeletFlags Var (v1.18-era options.go); DynamicKubeletConfig removed, flag gone by v1.26 (not pinned)
    flag("enable-cadvisor-json-endpoints", Bool).removed(21), // KubeletFlags BoolVar + MarkDeprecated (v1.18-era options.go); removed in v1.21-v1.23 (not pinned)
    flag("enable-controller-attach-detach", Bool),
    flag("enable-debugging-handlers", Bool),
    flag("enable-load-reader", Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("enable-server", Bool),
    flag("enforce-node-allocatable", List),
    // `eventBurst: 0` in a file is defaulted; the default moved in 1.27 (commit a72956a).
    flag("event-burst", Int32)
        .config(&["eventBurst"])
        .default("100")
        .zero_is_default()
        .moved(&[(0, Some("10")), (27, Some("100"))]),
    // A pointer field: `eventRecordQPS: 0` is kept (and means client-go's 5/s, not unlimited).
    flag("event-qps", Int32).config(&["eventRecordQPS"]).default("50").moved(&[(0, Some("5")), (27, Some("50"))]),
    flag("event-storage-age-limit", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("event-storage-event-limit", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("eviction-hard", Map), // LangleSeparatedMapStringString (first Set clears, later Sets merge - pattern verified on MapStringString, this type's Set() not read)
    flag("eviction-max-pod-grace-period", Value),
    flag("eviction-minimum-reclaim", Map),
    flag("eviction-pressure-transition-period", Value),
    flag("eviction-soft", Map), // LangleSeparatedMapStringString (see eviction-hard)
    flag("eviction-soft-grace-period", Map),
    flag("exit-on-lock-contention", Bool),
    flag("experimental-allocatable-ignore-eviction", Bool),
    flag("experimental-bootstrap-kubeconfig", Value), // KubeletFlags StringVar + MarkDeprecated "Use --bootstrap-kubeconfig" (v1.18-era options.go); removal version not verified
    flag("experimental-check-node-capabilities-before-mount", Bool), // KubeletFlags BoolVar (v1.18-era options.go); removal version not verified
    flag("experimental-dockershim", Bool), // ContainerRuntimeOptions BoolVar, MarkHidden; removed with dockershim (<= v1.24)
    flag("experimental-dockershim-root-directory", Value).removed(24), // ContainerRuntimeOptions StringVar, MarkHidden; removed in v1.24
    flag("experimental-kernel-memcg-notification", Bool), // KubeletFlags BoolVar (v1.18-era options.go); replaced by --kernel-memcg-notification, removal version not verified
    flag("experimental-logging-sanitization", Bool).removed(24), // component-base logs BoolVar; removed in v1.24
    flag("experimental-mounter-path", Value),
    flag("fail-cgroupv1", Bool), // added v1.31 (CHANGELOG); not deprecated
    flag("fail-swap-on", Bool),
    flag("feature-gates", FeatureGates).config(&["featureGates"]), // MapStringBool: first Set clears the map, later Sets merge (verified)
    flag("file-check-frequency", Value),
    flag("global-housekeeping-interval", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("hairpin-mode", Value),
    flag("healthz-bind-address", Value),
    flag("healthz-port", Value),
    flag("help", Bool),                   // -h shorthand
    flag("hostname-override", String),    // a KubeletFlags field: no config field in any version
    flag("housekeeping-interval", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("http-check-frequency", Value),
    flag("image-credential-provider-bin-dir", Value),
    flag("image-credential-provider-config", Value),
    flag("image-gc-high-threshold", Value),
    flag("image-gc-low-threshold", Value),
    flag("image-pull-progress-deadline", Value).removed(24), // ContainerRuntimeOptions DurationVar (dockershim); removed in v1.24
    flag("image-service-endpoint", Value),
    flag("iptables-drop-bit", Value), // deprecated no-op; absent from v1.34 reference
    flag("iptables-masquerade-bit", Value), // deprecated no-op; absent from v1.34 reference
    flag("keep-terminated-pod-volumes", Bool).removed(31), // removed in v1.31 (third-party release notes); kept so older kubelets parse
    flag("kernel-memcg-notification", Bool),
    flag("kube-api-burst", Value),
    flag("kube-api-content-type", Value),
    flag("kube-api-qps", Value),
    flag("kube-reserved", Map),
    flag("kube-reserved-cgroup", Value),
    flag("kubeconfig", Value),
    flag("kubelet-cgroups", Value),
    flag("local-storage-capacity-isolation", Bool),
    flag("lock-file", Value),
    flag("log-backtrace-at", Value).removed(26), // klog Var log_backtrace_at; removed in v1.26 (KEP-2845)
    flag("log-cadvisor-usage", Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("log-dir", Value).removed(26), // klog StringVar log_dir; removed in v1.26 (KEP-2845)
    flag("log-file", Value).removed(26), // klog StringVar log_file; removed in v1.26 (KEP-2845)
    flag("log-file-max-size", Value).removed(26), // klog Uint64Var log_file_max_size; removed in v1.26 (KEP-2845)
    flag("log-flush-frequency", Value),
    flag("log-json-info-buffer-size", Value), // component-base logs JSON format option; present only if the json format is registered - not verified
    flag("log-json-split-stream", Bool), // component-base logs JSON format option; present only if the json format is registered - not verified
    flag("log-text-info-buffer-size", Value),
    flag("log-text-split-stream", Bool),
    flag("logging-format", Value),
    flag("logtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("machine-id-file", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("make-iptables-util-chains", Bool).config(&["makeIPTablesUtilChains"]).default("true"),
    flag("manifest-url", Value),
    flag("manifest-url-header", Map), // ColonSeparatedMultimapStringString: first Set clears, later Sets append (verified)
    flag("master-service-namespace", Value), // KubeletFlags StringVar + MarkDeprecated (v1.18-era options.go); removal version not verified
    flag("max-open-files", Value),
    flag("max-pods", Value),
    flag("maximum-dead-containers", Value),
    flag("maximum-dead-containers-per-container", Value),
    flag("memory-manager-policy", Value),
    flag("minimum-container-ttl-duration", Value),
    flag("minimum-image-ttl-duration", Value),
    flag("network-plugin", Value).removed(24), // ContainerRuntimeOptions (dockershim); removed in v1.24
    flag("network-plugin-mtu", Value).removed(24), // ContainerRuntimeOptions Int32Var (dockershim); removed in v1.24
    flag("node-ip", Value),
    flag("node-labels", Map), // cliflag.ConfigurationMap; Set() not read
    flag("node-status-max-images", Value),
    flag("node-status-update-frequency", Value),
    flag("non-masquerade-cidr", Value), // KubeletFlags StringVar + MarkDeprecated (v1.18-era options.go); removal version not verified (microk8s strips it for newer releases)
    flag("one-output", Bool).removed(26), // klog BoolVar one_output; removed in v1.26 (KEP-2845)
    flag("oom-score-adj", Value),
    flag("pod-cidr", Value),
    flag("pod-infra-container-image", Value), // no-op since v1.27-ish; deprecated 'will be removed in 1.35' (container_runtime.go); presence in v1.35 not verified
    flag("pod-manifest-path", Value),
    flag("pod-max-pids", Int64).config(&["podPidsLimit"]).default("-1"), // negative in a file is defaulted to -1
    flag("pods-per-core", Value),
    flag("port", Value),
    flag("protect-kernel-defaults", Bool).config(&["protectKernelDefaults"]).default("false"),
    flag("provider-id", Value),
    flag("qos-reserved", Map),
    // Not defaulted in a v1beta1 file (0: off); 10255 is the legacy flag default.
    flag("read-only-port", Int32).config(&["readOnlyPort"]).defaults("10255", "0"),
    flag("really-crash-for-testing", Bool), // KubeletFlags BoolVar (v1.18-era options.go, testing only); removal version not verified
    flag("redirect-container-streaming", Bool).removed(22), // ContainerRuntimeOptions BoolVar + MarkDeprecated ("removed in v1.22")
    flag("register-node", Bool),
    flag("register-schedulable", Bool),  // deprecated; absent from v1.34 reference
    flag("register-with-taints", Value), // RegisterWithTaintsVar; repeat semantics NOT verified
    flag("registry-burst", Value),
    flag("registry-qps", Value),
    flag("reserved-cpus", Value),
    flag("reserved-memory", List), // ReservedMemoryVar; help text documents repeating the flag (append) - Set() not read
    flag("resolv-conf", Value),
    flag("root-dir", Value),
    flag("rotate-certificates", Bool).config(&["rotateCertificates"]).default("false").kubeadm_forced("true"),
    flag("rotate-server-certificates", Bool).config(&["serverTLSBootstrap"]).default("false"),
    flag("runonce", Bool),
    flag("runtime-cgroups", Value),
    flag("runtime-request-timeout", Value),
    // A KubeletFlags field ORed with the config field, not overriding it (server.go RunKubelet).
    flag("seccomp-default", Bool).config(&["seccompDefault"]).default("false").ored().added(22), // BoolVar; v1.34 reference renders it as `--seccomp-default RuntimeDefault` only because of the back-quoted word in its usage text
    flag("seccomp-profile-root", Value), // KubeletFlags StringVar (v1.18-era options.go); removed ~v1.23-v1.25 (not pinned)
    flag("serialize-image-pulls", Bool),
    flag("skip-headers", Bool).removed(26), // klog BoolVar skip_headers; removed in v1.26 (KEP-2845)
    flag("skip-log-headers", Bool).removed(26), // klog BoolVar skip_log_headers; removed in v1.26 (KEP-2845)
    flag("stderrthreshold", Value).removed(26), // klog Var (severity); removed in v1.26 (KEP-2845)
    flag("storage-driver-buffer-duration", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-db", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-host", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-password", Value).sensitive(), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-secure", Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-table", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("storage-driver-user", Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    flag("streaming-connection-idle-timeout", Duration)
        .config(&["streamingConnectionIdleTimeout"])
        .default("4h0m0s")
        .zero_is_default(),
    flag("sync-frequency", Value),
    flag("system-cgroups", Value),
    flag("system-reserved", Map),
    flag("system-reserved-cgroup", Value),
    flag("tls-cert-file", String).config(&["tlsCertFile"]),
    flag("tls-cipher-suites", List).config(&["tlsCipherSuites"]).allowed(super::tls::CIPHER_SUITES),
    flag("tls-min-version", String).config(&["tlsMinVersion"]).allowed(super::tls::VERSIONS),
    flag("tls-private-key-file", String).config(&["tlsPrivateKeyFile"]),
    flag("topology-manager-policy", Value),
    flag("topology-manager-policy-options", Map),
    flag("topology-manager-scope", Value),
    flag("v", Value),      // -v shorthand (log verbosity; registration path not verified)
    flag("version", Bool), // verflag: NoOptDefVal="true", so never consumes the next word; `--version=raw` accepted (`version[=true]`)
    flag("vmodule", Value),
    flag("volume-plugin-dir", Value),
    flag("volume-stats-agg-period", Value),
];
