//! The flags of each component and how pflag parses them (see
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

/// How pflag parses a flag's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// Boolean: `--f`, `--f=true|false`; never consumes the next argument.
    Bool,
    /// A single value: `--f=v` or `--f v`; the last repetition wins.
    Value,
    /// A pflag slice (stringSlice and friends): repetitions append.
    List,
    /// A map-valued flag: repetitions merge.
    Map,
}

pub const KUBELET_FLAGS: &[(&str, FlagKind)] = &[
    ("address", FlagKind::Value),
    ("allowed-unsafe-sysctls", FlagKind::List),
    ("anonymous-auth", FlagKind::Bool),
    ("application-metrics-count-limit", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("authentication-token-webhook", FlagKind::Bool),
    ("authentication-token-webhook-cache-ttl", FlagKind::Value),
    ("authorization-mode", FlagKind::Value), // plain string flag on the kubelet (not a slice)
    ("authorization-webhook-cache-authorized-ttl", FlagKind::Value),
    ("authorization-webhook-cache-unauthorized-ttl", FlagKind::Value),
    ("boot-id-file", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("bootstrap-kubeconfig", FlagKind::Value),
    ("cert-dir", FlagKind::Value),
    ("cgroup-driver", FlagKind::Value),
    ("cgroup-root", FlagKind::Value),
    ("cgroups-per-qos", FlagKind::Bool),
    ("client-ca-file", FlagKind::Value),
    ("cloud-config", FlagKind::Value),   // deprecated; absent from v1.34 reference
    ("cloud-provider", FlagKind::Value), // KubeletFlags, not deprecated
    ("cluster-dns", FlagKind::List),
    ("cluster-domain", FlagKind::Value),
    ("config", FlagKind::Value),
    ("config-dir", FlagKind::Value),
    ("container-hints", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("container-log-max-files", FlagKind::Value),
    ("container-log-max-size", FlagKind::Value),
    ("container-runtime-endpoint", FlagKind::Value),
    ("containerd", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("containerd-namespace", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("contention-profiling", FlagKind::Bool),
    ("cpu-cfs-quota", FlagKind::Bool),
    ("cpu-cfs-quota-period", FlagKind::Value),
    ("cpu-manager-policy", FlagKind::Value),
    ("cpu-manager-policy-options", FlagKind::Map),
    ("cpu-manager-reconcile-period", FlagKind::Value),
    ("enable-controller-attach-detach", FlagKind::Bool),
    ("enable-debugging-handlers", FlagKind::Bool),
    ("enable-load-reader", FlagKind::Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("enable-server", FlagKind::Bool),
    ("enforce-node-allocatable", FlagKind::List),
    ("event-burst", FlagKind::Value),
    ("event-qps", FlagKind::Value),
    ("event-storage-age-limit", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("event-storage-event-limit", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("eviction-hard", FlagKind::Map), // LangleSeparatedMapStringString (first Set clears, later Sets merge - pattern verified on MapStringString, this type's Set() not read)
    ("eviction-max-pod-grace-period", FlagKind::Value),
    ("eviction-minimum-reclaim", FlagKind::Map),
    ("eviction-pressure-transition-period", FlagKind::Value),
    ("eviction-soft", FlagKind::Map), // LangleSeparatedMapStringString (see eviction-hard)
    ("eviction-soft-grace-period", FlagKind::Map),
    ("exit-on-lock-contention", FlagKind::Bool),
    ("experimental-allocatable-ignore-eviction", FlagKind::Bool),
    ("experimental-mounter-path", FlagKind::Value),
    ("fail-cgroupv1", FlagKind::Bool), // added v1.31 (CHANGELOG); not deprecated
    ("fail-swap-on", FlagKind::Bool),
    ("feature-gates", FlagKind::Map), // MapStringBool: first Set clears the map, later Sets merge (verified)
    ("file-check-frequency", FlagKind::Value),
    ("global-housekeeping-interval", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("hairpin-mode", FlagKind::Value),
    ("healthz-bind-address", FlagKind::Value),
    ("healthz-port", FlagKind::Value),
    ("help", FlagKind::Bool), // -h shorthand
    ("hostname-override", FlagKind::Value),
    ("housekeeping-interval", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("http-check-frequency", FlagKind::Value),
    ("image-credential-provider-bin-dir", FlagKind::Value),
    ("image-credential-provider-config", FlagKind::Value),
    ("image-gc-high-threshold", FlagKind::Value),
    ("image-gc-low-threshold", FlagKind::Value),
    ("image-service-endpoint", FlagKind::Value),
    ("iptables-drop-bit", FlagKind::Value), // deprecated no-op; absent from v1.34 reference
    ("iptables-masquerade-bit", FlagKind::Value), // deprecated no-op; absent from v1.34 reference
    ("keep-terminated-pod-volumes", FlagKind::Bool), // removed in v1.31 (third-party release notes); kept so older kubelets parse
    ("kernel-memcg-notification", FlagKind::Bool),
    ("kube-api-burst", FlagKind::Value),
    ("kube-api-content-type", FlagKind::Value),
    ("kube-api-qps", FlagKind::Value),
    ("kube-reserved", FlagKind::Map),
    ("kube-reserved-cgroup", FlagKind::Value),
    ("kubeconfig", FlagKind::Value),
    ("kubelet-cgroups", FlagKind::Value),
    ("local-storage-capacity-isolation", FlagKind::Bool),
    ("lock-file", FlagKind::Value),
    ("log-cadvisor-usage", FlagKind::Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("log-flush-frequency", FlagKind::Value),
    ("log-json-info-buffer-size", FlagKind::Value), // component-base logs JSON format option; present only if the json format is registered - not verified
    ("log-json-split-stream", FlagKind::Bool), // component-base logs JSON format option; present only if the json format is registered - not verified
    ("log-text-info-buffer-size", FlagKind::Value),
    ("log-text-split-stream", FlagKind::Bool),
    ("logging-format", FlagKind::Value),
    ("machine-id-file", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("make-iptables-util-chains", FlagKind::Bool),
    ("manifest-url", FlagKind::Value),
    ("manifest-url-header", FlagKind::Map), // ColonSeparatedMultimapStringString: first Set clears, later Sets append (verified)
    ("max-open-files", FlagKind::Value),
    ("max-pods", FlagKind::Value),
    ("maximum-dead-containers", FlagKind::Value),
    ("maximum-dead-containers-per-container", FlagKind::Value),
    ("memory-manager-policy", FlagKind::Value),
    ("minimum-container-ttl-duration", FlagKind::Value),
    ("minimum-image-ttl-duration", FlagKind::Value),
    ("node-ip", FlagKind::Value),
    ("node-labels", FlagKind::Map), // cliflag.ConfigurationMap; Set() not read
    ("node-status-max-images", FlagKind::Value),
    ("node-status-update-frequency", FlagKind::Value),
    ("oom-score-adj", FlagKind::Value),
    ("pod-cidr", FlagKind::Value),
    ("pod-infra-container-image", FlagKind::Value), // no-op since v1.27-ish; deprecated 'will be removed in 1.35' (container_runtime.go); presence in v1.35 not verified
    ("pod-manifest-path", FlagKind::Value),
    ("pod-max-pids", FlagKind::Value),
    ("pods-per-core", FlagKind::Value),
    ("port", FlagKind::Value),
    ("protect-kernel-defaults", FlagKind::Bool),
    ("provider-id", FlagKind::Value),
    ("qos-reserved", FlagKind::Map),
    ("read-only-port", FlagKind::Value),
    ("register-node", FlagKind::Bool),
    ("register-schedulable", FlagKind::Bool), // deprecated; absent from v1.34 reference
    ("register-with-taints", FlagKind::Value), // RegisterWithTaintsVar; repeat semantics NOT verified
    ("registry-burst", FlagKind::Value),
    ("registry-qps", FlagKind::Value),
    ("reserved-cpus", FlagKind::Value),
    ("reserved-memory", FlagKind::List), // ReservedMemoryVar; help text documents repeating the flag (append) - Set() not read
    ("resolv-conf", FlagKind::Value),
    ("root-dir", FlagKind::Value),
    ("rotate-certificates", FlagKind::Bool),
    ("rotate-server-certificates", FlagKind::Bool),
    ("runonce", FlagKind::Bool),
    ("runtime-cgroups", FlagKind::Value),
    ("runtime-request-timeout", FlagKind::Value),
    ("seccomp-default", FlagKind::Bool), // BoolVar; v1.34 reference renders it as `--seccomp-default RuntimeDefault` only because of the back-quoted word in its usage text
    ("serialize-image-pulls", FlagKind::Bool),
    ("storage-driver-buffer-duration", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-db", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-host", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-password", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-secure", FlagKind::Bool), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-table", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("storage-driver-user", FlagKind::Value), // cAdvisor flag re-registered on Linux (globalflags_linux.go); not listed in the v1.34 reference; presence in v1.33-v1.35 not verified
    ("streaming-connection-idle-timeout", FlagKind::Value),
    ("sync-frequency", FlagKind::Value),
    ("system-cgroups", FlagKind::Value),
    ("system-reserved", FlagKind::Map),
    ("system-reserved-cgroup", FlagKind::Value),
    ("tls-cert-file", FlagKind::Value),
    ("tls-cipher-suites", FlagKind::List),
    ("tls-min-version", FlagKind::Value),
    ("tls-private-key-file", FlagKind::Value),
    ("topology-manager-policy", FlagKind::Value),
    ("topology-manager-policy-options", FlagKind::Map),
    ("topology-manager-scope", FlagKind::Value),
    ("v", FlagKind::Value),      // -v shorthand (log verbosity; registration path not verified)
    ("version", FlagKind::Bool), // verflag: NoOptDefVal="true", so never consumes the next word; `--version=raw` accepted (`version[=true]`)
    ("vmodule", FlagKind::Value),
    ("volume-plugin-dir", FlagKind::Value),
    ("volume-stats-agg-period", FlagKind::Value),
];

/// Every kube-apiserver flag, sorted by name. See header for sources and caveats.
pub const KUBE_APISERVER_FLAGS: &[(&str, FlagKind)] = &[
    ("admission-control", FlagKind::List), // deprecated
    ("admission-control-config-file", FlagKind::Value),
    ("advertise-address", FlagKind::Value),
    ("aggregator-reject-forwarding-redirect", FlagKind::Bool),
    ("allow-metric-labels", FlagKind::Map), // pflag stringToString
    ("allow-metric-labels-manifest", FlagKind::Value),
    ("allow-privileged", FlagKind::Bool),
    ("anonymous-auth", FlagKind::Bool),
    ("api-audiences", FlagKind::List),
    ("audit-log-batch-buffer-size", FlagKind::Value),
    ("audit-log-batch-max-size", FlagKind::Value),
    ("audit-log-batch-max-wait", FlagKind::Value),
    ("audit-log-batch-throttle-burst", FlagKind::Value),
    ("audit-log-batch-throttle-enable", FlagKind::Bool),
    ("audit-log-batch-throttle-qps", FlagKind::Value),
    ("audit-log-compress", FlagKind::Bool),
    ("audit-log-format", FlagKind::Value),
    ("audit-log-maxage", FlagKind::Value),
    ("audit-log-maxbackup", FlagKind::Value),
    ("audit-log-maxsize", FlagKind::Value),
    ("audit-log-mode", FlagKind::Value),
    ("audit-log-path", FlagKind::Value),
    ("audit-log-truncate-enabled", FlagKind::Bool),
    ("audit-log-truncate-max-batch-size", FlagKind::Value),
    ("audit-log-truncate-max-event-size", FlagKind::Value),
    ("audit-log-version", FlagKind::Value),
    ("audit-policy-file", FlagKind::Value),
    ("audit-webhook-batch-buffer-size", FlagKind::Value),
    ("audit-webhook-batch-max-size", FlagKind::Value),
    ("audit-webhook-batch-max-wait", FlagKind::Value),
    ("audit-webhook-batch-throttle-burst", FlagKind::Value),
    ("audit-webhook-batch-throttle-enable", FlagKind::Bool),
    ("audit-webhook-batch-throttle-qps", FlagKind::Value),
    ("audit-webhook-config-file", FlagKind::Value),
    ("audit-webhook-initial-backoff", FlagKind::Value),
    ("audit-webhook-mode", FlagKind::Value),
    ("audit-webhook-truncate-enabled", FlagKind::Bool),
    ("audit-webhook-truncate-max-batch-size", FlagKind::Value),
    ("audit-webhook-truncate-max-event-size", FlagKind::Value),
    ("audit-webhook-version", FlagKind::Value),
    ("authentication-config", FlagKind::Value),
    ("authentication-token-webhook-cache-ttl", FlagKind::Value),
    ("authentication-token-webhook-config-file", FlagKind::Value),
    ("authentication-token-webhook-version", FlagKind::Value),
    ("authorization-config", FlagKind::Value),
    ("authorization-mode", FlagKind::List), // StringSliceVar (pkg/kubeapiserver/options/authorization.go): repeats APPEND after the first Set replaces the default
    ("authorization-policy-file", FlagKind::Value),
    ("authorization-webhook-cache-authorized-ttl", FlagKind::Value),
    ("authorization-webhook-cache-unauthorized-ttl", FlagKind::Value),
    ("authorization-webhook-config-file", FlagKind::Value),
    ("authorization-webhook-version", FlagKind::Value),
    ("bind-address", FlagKind::Value),
    ("cert-dir", FlagKind::Value),
    ("client-ca-file", FlagKind::Value),
    ("contention-profiling", FlagKind::Bool),
    ("coordinated-leadership-lease-duration", FlagKind::Value),
    ("coordinated-leadership-renew-deadline", FlagKind::Value),
    ("coordinated-leadership-retry-period", FlagKind::Value),
    ("cors-allowed-origins", FlagKind::List),
    ("debug-socket-path", FlagKind::Value),
    ("default-not-ready-toleration-seconds", FlagKind::Value),
    ("default-unreachable-toleration-seconds", FlagKind::Value),
    ("delete-collection-workers", FlagKind::Value),
    ("disable-admission-plugins", FlagKind::List),
    ("disable-http2-serving", FlagKind::Bool),
    ("disabled-metrics", FlagKind::List),
    ("egress-selector-config-file", FlagKind::Value),
    ("emulated-version", FlagKind::List), // custom value rendered as `strings` in the reference; repeat semantics not verified
    ("emulation-forward-compatible", FlagKind::Bool),
    ("enable-admission-plugins", FlagKind::List),
    ("enable-aggregator-routing", FlagKind::Bool),
    ("enable-bootstrap-token-auth", FlagKind::Bool),
    ("enable-garbage-collector", FlagKind::Bool),
    ("enable-logs-handler", FlagKind::Bool), // deprecated
    ("enable-priority-and-fairness", FlagKind::Bool),
    ("encryption-provider-config", FlagKind::Value),
    ("encryption-provider-config-automatic-reload", FlagKind::Bool),
    ("endpoint-reconciler-type", FlagKind::Value),
    ("etcd-cafile", FlagKind::Value),
    ("etcd-certfile", FlagKind::Value),
    ("etcd-compaction-interval", FlagKind::Value),
    ("etcd-count-metric-poll-period", FlagKind::Value),
    ("etcd-db-metric-poll-interval", FlagKind::Value),
    ("etcd-healthcheck-timeout", FlagKind::Value),
    ("etcd-keyfile", FlagKind::Value),
    ("etcd-prefix", FlagKind::Value),
    ("etcd-readycheck-timeout", FlagKind::Value),
    ("etcd-servers", FlagKind::List),
    ("etcd-servers-overrides", FlagKind::List),
    ("event-ttl", FlagKind::Value),
    ("external-hostname", FlagKind::Value),
    ("feature-gates", FlagKind::Map), // colonSeparatedMultimapStringString in the v1.35 reference
    ("goaway-chance", FlagKind::Value),
    ("help", FlagKind::Bool), // -h shorthand
    ("http2-max-streams-per-connection", FlagKind::Value),
    ("kubelet-certificate-authority", FlagKind::Value),
    ("kubelet-client-certificate", FlagKind::Value),
    ("kubelet-client-key", FlagKind::Value),
    ("kubelet-preferred-address-types", FlagKind::List),
    ("kubelet-timeout", FlagKind::Value),
    ("kubernetes-service-node-port", FlagKind::Value),
    ("lease-reuse-duration-seconds", FlagKind::Value),
    ("livez-grace-period", FlagKind::Value),
    ("log-flush-frequency", FlagKind::Value),
    ("log-json-info-buffer-size", FlagKind::Value), // present only if the json log format is registered - not verified
    ("log-json-split-stream", FlagKind::Bool),      // present only if the json log format is registered - not verified
    ("log-text-info-buffer-size", FlagKind::Value),
    ("log-text-split-stream", FlagKind::Bool),
    ("logging-format", FlagKind::Value),
    ("max-connection-bytes-per-sec", FlagKind::Value),
    ("max-mutating-requests-inflight", FlagKind::Value),
    ("max-requests-inflight", FlagKind::Value),
    ("min-compatibility-version", FlagKind::List), // custom value rendered as `strings`; repeat semantics not verified
    ("min-request-timeout", FlagKind::Value),
    ("oidc-ca-file", FlagKind::Value),
    ("oidc-client-id", FlagKind::Value),
    ("oidc-groups-claim", FlagKind::Value),
    ("oidc-groups-prefix", FlagKind::Value),
    ("oidc-issuer-url", FlagKind::Value),
    ("oidc-required-claim", FlagKind::Map), // MapStringStringNoSplit
    ("oidc-signing-algs", FlagKind::List),
    ("oidc-username-claim", FlagKind::Value),
    ("oidc-username-prefix", FlagKind::Value),
    ("peer-advertise-ip", FlagKind::Value),
    ("peer-advertise-port", FlagKind::Value),
    ("peer-ca-file", FlagKind::Value),
    ("permit-address-sharing", FlagKind::Bool),
    ("permit-port-sharing", FlagKind::Bool),
    ("profiling", FlagKind::Bool),
    ("proxy-client-cert-file", FlagKind::Value),
    ("proxy-client-key-file", FlagKind::Value),
    ("request-timeout", FlagKind::Value),
    ("requestheader-allowed-names", FlagKind::List),
    ("requestheader-client-ca-file", FlagKind::Value),
    ("requestheader-extra-headers-prefix", FlagKind::List),
    ("requestheader-group-headers", FlagKind::List),
    ("requestheader-uid-headers", FlagKind::List),
    ("requestheader-username-headers", FlagKind::List),
    ("runtime-config", FlagKind::Map), // cliflag.ConfigurationMap; Set() not read
    ("runtime-config-emulation-forward-compatible", FlagKind::Bool),
    ("secure-port", FlagKind::Value),
    ("service-account-extend-token-expiration", FlagKind::Bool),
    ("service-account-issuer", FlagKind::List), // StringArrayVar (no comma splitting); repeats append
    ("service-account-jwks-uri", FlagKind::Value),
    ("service-account-key-file", FlagKind::List), // StringArrayVar (no comma splitting); repeats append
    ("service-account-lookup", FlagKind::Bool),
    ("service-account-max-token-expiration", FlagKind::Value),
    ("service-account-signing-endpoint", FlagKind::Value),
    ("service-account-signing-key-file", FlagKind::Value),
    ("service-cluster-ip-range", FlagKind::Value),
    ("service-node-port-range", FlagKind::Value),
    ("show-hidden-metrics-for-version", FlagKind::Value),
    ("shutdown-delay-duration", FlagKind::Value),
    ("shutdown-send-retry-after", FlagKind::Bool),
    ("shutdown-watch-termination-grace-period", FlagKind::Value),
    ("storage-backend", FlagKind::Value),
    ("storage-initialization-timeout", FlagKind::Value),
    ("storage-media-type", FlagKind::Value),
    ("strict-transport-security-directives", FlagKind::List),
    ("tls-cert-file", FlagKind::Value),
    ("tls-cipher-suites", FlagKind::List),
    ("tls-min-version", FlagKind::Value),
    ("tls-private-key-file", FlagKind::Value),
    ("tls-sni-cert-key", FlagKind::List), // NamedCertKeyArray; reference doc shows type `string`; repeatable per help text
    ("token-auth-file", FlagKind::Value),
    ("tracing-config-file", FlagKind::Value),
    ("v", FlagKind::Value),      // -v shorthand
    ("version", FlagKind::Bool), // verflag: `version[=true]`, never consumes the next word
    ("vmodule", FlagKind::Value),
    ("watch-cache", FlagKind::Bool),
    ("watch-cache-sizes", FlagKind::List),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [KUBELET_FLAGS, KUBE_APISERVER_FLAGS] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }
}
