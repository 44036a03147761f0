//! Every kube-apiserver flag and how pflag parses it (see
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

/// Every kube-apiserver flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("add-dir-header", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("address", Value).removed(24), // DeprecatedInsecureServingOptions.AddUnqualifiedFlags (IPVar, MarkDeprecated) in the apiserver staging repo through kubernetes-1.30.0; kube-apiserver stopped registering it in v1.24
    flag("admission-control", List).allowed(super::admission::PLUGINS), // deprecated
    flag("admission-control-config-file", String),
    flag("advertise-address", Value),
    flag("aggregator-reject-forwarding-redirect", Bool),
    flag("allow-metric-labels", Map), // pflag stringToString
    flag("allow-metric-labels-manifest", Value),
    flag("allow-privileged", Bool),
    flag("alsologtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26 (KEP-2845)
    flag("anonymous-auth", Bool).default("true"),
    flag("api-audiences", List),
    flag("apiserver-count", Value), // in the v1.13-era reference (int); deprecated ~v1.20 (hidden); whether v1.33+ still registers it is not verified
    flag("audit-dynamic-configuration", Bool).removed(19), // apiserver staging audit.go BoolVar: present kubernetes-1.15.0..1.18.0; removed in v1.19
    flag("audit-log-batch-buffer-size", Value),
    flag("audit-log-batch-max-size", Value),
    flag("audit-log-batch-max-wait", Value),
    flag("audit-log-batch-throttle-burst", Value),
    flag("audit-log-batch-throttle-enable", Bool),
    flag("audit-log-batch-throttle-qps", Value),
    flag("audit-log-compress", Bool),
    flag("audit-log-format", Value),
    flag("audit-log-maxage", Int64).default("0"),
    flag("audit-log-maxbackup", Int64).default("0"),
    flag("audit-log-maxsize", Int64).default("0"),
    flag("audit-log-mode", Value),
    flag("audit-log-path", String),
    flag("audit-log-truncate-enabled", Bool),
    flag("audit-log-truncate-max-batch-size", Value),
    flag("audit-log-truncate-max-event-size", Value),
    flag("audit-log-version", Value),
    flag("audit-policy-file", String),
    flag("audit-webhook-batch-buffer-size", Value),
    flag("audit-webhook-batch-initial-backoff", Value), // NOT removed: hidden (MarkDeprecated) DurationVar in apiserver staging audit.go at every tag 1.15..1.35
    flag("audit-webhook-batch-max-size", Value),
    flag("audit-webhook-batch-max-wait", Value),
    flag("audit-webhook-batch-throttle-burst", Value),
    flag("audit-webhook-batch-throttle-enable", Bool),
    flag("audit-webhook-batch-throttle-qps", Value),
    flag("audit-webhook-config-file", Value),
    flag("audit-webhook-initial-backoff", Value),
    flag("audit-webhook-mode", Value),
    flag("audit-webhook-truncate-enabled", Bool),
    flag("audit-webhook-truncate-max-batch-size", Value),
    flag("audit-webhook-truncate-max-event-size", Value),
    flag("audit-webhook-version", Value),
    flag("authentication-config", String).added(29),
    flag("authentication-token-webhook-cache-ttl", Value),
    flag("authentication-token-webhook-config-file", Value),
    flag("authentication-token-webhook-version", Value),
    flag("authorization-config", String).added(29),
    flag("authorization-mode", List), // StringSliceVar (pkg/kubeapiserver/options/authorization.go): repeats APPEND after the first Set replaces the default
    flag("authorization-policy-file", Value),
    flag("authorization-webhook-cache-authorized-ttl", Value),
    flag("authorization-webhook-cache-unauthorized-ttl", Value),
    flag("authorization-webhook-config-file", Value),
    flag("authorization-webhook-version", Value),
    flag("azure-container-registry-config", Value), // in-tree Azure credential provider flag (StringVar); in the v1.13-v1.21 references of kube-apiserver/KCM/scheduler/kube-proxy, absent from the v1.31+ ones; removed by v1.30 (exact release not verified)
    flag("basic-auth-file", String).removed(19), // pkg/kubeapiserver/options/authentication.go StringVar (v1.13-era reference); removed in v1.19
    flag("bind-address", Value),
    flag("cert-dir", Value),
    flag("client-ca-file", String),
    flag("cloud-config", Value), // in-tree cloud providers; removed from kube-apiserver ~v1.33 (recollection, not verified)
    flag("cloud-provider", Value), // in-tree cloud providers; removed from kube-apiserver ~v1.33 (recollection, not verified)
    flag("cloud-provider-gce-l7lb-src-cidrs", Value), // cmd/kube-apiserver globalflags registerLegacyGlobalFlags (code search); GCE cidrs Value - a 2nd occurrence is an error; removed with the in-tree GCE provider (~v1.29-v1.31, not pinned)
    flag("cloud-provider-gce-lb-src-cidrs", Value),   // same as cloud-provider-gce-l7lb-src-cidrs; MarkDeprecated
    flag("contention-profiling", Bool),
    flag("coordinated-leadership-lease-duration", Value),
    flag("coordinated-leadership-renew-deadline", Value),
    flag("coordinated-leadership-retry-period", Value),
    flag("cors-allowed-origins", List),
    flag("debug-socket-path", String).added(27),
    flag("default-not-ready-toleration-seconds", Value),
    flag("default-unreachable-toleration-seconds", Value),
    flag("default-watch-cache-size", Value), // NOT removed: IntVar in apiserver staging etcd.go at every tag 1.15..1.35, MarkDeprecated (hidden) since 1.25
    flag("delete-collection-workers", Value),
    flag("deserialization-cache-size", Value).removed(24), // apiserver staging etcd.go IntVar (dummy, MarkDeprecated) through kubernetes-1.23.0; removed in v1.24
    flag("disable-admission-plugins", List).allowed(super::admission::PLUGINS),
    flag("disable-http2-serving", Bool),
    flag("disabled-metrics", List),
    flag("egress-selector-config-file", Value),
    flag("emulated-version", List), // custom value rendered as `strings` in the reference; repeat semantics not verified
    flag("emulation-forward-compatible", Bool),
    flag("enable-admission-plugins", List).allowed(super::admission::PLUGINS),
    flag("enable-aggregator-routing", Bool),
    flag("enable-bootstrap-token-auth", Bool),
    flag("enable-garbage-collector", Bool),
    flag("enable-inflight-quota-handler", Bool).removed(18), // apiserver staging server_run_options.go BoolVar through kubernetes-1.17.0; removed in v1.18
    flag("enable-logs-handler", Bool),                       // deprecated
    flag("enable-priority-and-fairness", Bool),
    flag("enable-swagger-ui", Bool).removed(24), // apiserver staging feature.go BoolVar (dummy, MarkDeprecated) through kubernetes-1.23.0; removed in v1.24
    flag("encryption-provider-config", String),
    flag("encryption-provider-config-automatic-reload", Bool).default("false").added(26),
    flag("endpoint-reconciler-type", Value),
    flag("etcd-cafile", String),
    flag("etcd-certfile", String),
    flag("etcd-compaction-interval", Value),
    flag("etcd-count-metric-poll-period", Value),
    flag("etcd-db-metric-poll-interval", Value),
    flag("etcd-healthcheck-timeout", Value),
    flag("etcd-keyfile", String),
    flag("etcd-prefix", Value),
    flag("etcd-readycheck-timeout", Value),
    flag("etcd-servers", List),
    flag("etcd-servers-overrides", List),
    flag("event-ttl", Value),
    flag("experimental-encryption-provider-config", Value).removed(24), // apiserver staging etcd.go StringVar (MarkDeprecated) through kubernetes-1.23.0; removed in v1.24
    flag("experimental-logging-sanitization", Bool).removed(24),        // component-base logs BoolVar; removed in v1.24
    flag("external-hostname", Value),
    flag("feature-gates", FeatureGates), // colonSeparatedMultimapStringString in the v1.35 reference
    flag("goaway-chance", Value),
    flag("help", Bool), // -h shorthand
    flag("http2-max-streams-per-connection", Value),
    flag("insecure-bind-address", String).removed(24), // DeprecatedInsecureServingOptions (IPVar, MarkDeprecated); kube-apiserver stopped registering it in v1.24
    flag("insecure-port", Int32).default("8080").moved(&[(20, Some("0"))]).removed(24), // DeprecatedInsecureServingOptions (IntVar, MarkDeprecated); locked to 0 since v1.20, removed from kube-apiserver in v1.24
    flag("kubelet-certificate-authority", String),
    flag("kubelet-client-certificate", String),
    flag("kubelet-client-key", String),
    flag("kubelet-https", Bool).default("true").removed(22), // no type in the v1.13-era reference (pflag bool, Default: true), BoolVar line not read; removed in v1.22 (recollection, not verified)
    flag("kubelet-preferred-address-types", List),
    flag("kubelet-read-only-port", Value), // uint, DEPRECATED in the v1.13-era reference; removal version not verified (<= v1.24)
    flag("kubelet-timeout", Value),
    flag("kubernetes-service-node-port", Value),
    flag("lease-reuse-duration-seconds", Value),
    flag("livez-grace-period", Value),
    flag("log-backtrace-at", Value).removed(26),  // klog; removed in v1.26
    flag("log-dir", Value).removed(26),           // klog; removed in v1.26
    flag("log-file", Value).removed(26),          // klog; removed in v1.26
    flag("log-file-max-size", Value).removed(26), // klog; removed in v1.26
    flag("log-flush-frequency", Value),
    flag("log-json-info-buffer-size", Value), // present only if the json log format is registered - not verified
    flag("log-json-split-stream", Bool),      // present only if the json log format is registered - not verified
    flag("log-text-info-buffer-size", Value),
    flag("log-text-split-stream", Bool),
    flag("logging-format", Value),
    flag("logtostderr", Bool).removed(26), // klog BoolVar; removed in v1.26
    flag("master-service-namespace", Value).removed(27), // apiserver staging server_run_options.go StringVar through kubernetes-1.26.0 (MarkDeprecated at 1.26); removed in v1.27
    flag("max-connection-bytes-per-sec", Value),
    flag("max-mutating-requests-inflight", Value),
    flag("max-requests-inflight", Value),
    flag("min-compatibility-version", List), // custom value rendered as `strings`; repeat semantics not verified
    flag("min-request-timeout", Value),
    flag("oidc-ca-file", Value),
    flag("oidc-client-id", Value),
    flag("oidc-groups-claim", Value),
    flag("oidc-groups-prefix", Value),
    flag("oidc-issuer-url", Value),
    flag("oidc-required-claim", Map), // MapStringStringNoSplit
    flag("oidc-signing-algs", List),
    flag("oidc-username-claim", Value),
    flag("oidc-username-prefix", Value),
    flag("one-output", Bool).removed(26), // klog BoolVar; removed in v1.26
    flag("peer-advertise-ip", Value),
    flag("peer-advertise-port", Value),
    flag("peer-ca-file", Value),
    flag("permit-address-sharing", Bool),
    flag("permit-port-sharing", Bool),
    flag("port", Value).removed(24), // DeprecatedInsecureServingOptions.AddUnqualifiedFlags (IntVar, MarkDeprecated); kube-apiserver stopped registering it in v1.24
    flag("profiling", Bool).default("true"),
    flag("proxy-client-cert-file", Value),
    flag("proxy-client-key-file", Value),
    flag("repair-malformed-updates", Bool).removed(15), // BoolVar (cmd/kube-apiserver options, code search); deprecated v1.14, removed in v1.15 (recollection)
    flag("request-timeout", Duration).default("1m0s"),
    flag("requestheader-allowed-names", List),
    flag("requestheader-client-ca-file", Value),
    flag("requestheader-extra-headers-prefix", List),
    flag("requestheader-group-headers", List),
    flag("requestheader-uid-headers", List),
    flag("requestheader-username-headers", List),
    flag("runtime-config", Map), // cliflag.ConfigurationMap; Set() not read
    flag("runtime-config-emulation-forward-compatible", Bool),
    flag("secure-port", Int32).default("6443"),
    flag("service-account-api-audiences", List).removed(25), // deprecated alias of --api-audiences (StringSliceVar); removed in v1.25 (kubernetes commit 92707caf, cited by microk8s upgrade scripts)
    flag("service-account-extend-token-expiration", Bool)
        .default("true")
        .moved(&[(0, Some("false")), (20, Some("true"))]),
    flag("service-account-issuer", Array), // StringArrayVar (no comma splitting); repeats append
    flag("service-account-jwks-uri", Value),
    flag("service-account-key-file", Array), // StringArrayVar (no comma splitting); repeats append
    flag("service-account-lookup", Bool).default("true"),
    flag("service-account-max-token-expiration", Value),
    flag("service-account-signing-endpoint", Value),
    flag("service-account-signing-key-file", String),
    flag("service-cluster-ip-range", Value),
    flag("service-node-port-range", Value),
    flag("show-hidden-metrics-for-version", Value),
    flag("shutdown-delay-duration", Value),
    flag("shutdown-send-retry-after", Bool),
    flag("shutdown-watch-termination-grace-period", Value),
    flag("skip-headers", Bool).removed(26),     // klog BoolVar; removed in v1.26
    flag("skip-log-headers", Bool).removed(26), // klog BoolVar; removed in v1.26
    flag("stderrthreshold", Value).removed(26), // klog; removed in v1.26
    flag("storage-backend", Value),
    flag("storage-initialization-timeout", Value),
    flag("storage-media-type", Value),
    flag("strict-transport-security-directives", List),
    flag("target-ram-mb", Value).removed(24), // apiserver staging server_run_options.go IntVar (MarkDeprecated 1.19-1.23) through kubernetes-1.23.0; removed in v1.24
    flag("tls-cert-file", String),
    flag("tls-cipher-suites", List).allowed(super::tls::CIPHER_SUITES),
    flag("tls-min-version", String).allowed(super::tls::VERSIONS),
    flag("tls-private-key-file", String),
    flag("tls-sni-cert-key", List), // NamedCertKeyArray; reference doc shows type `string`; repeatable per help text
    flag("token-auth-file", String),
    flag("tracing-config-file", Value),
    flag("v", Value),      // -v shorthand
    flag("version", Bool), // verflag: `version[=true]`, never consumes the next word
    flag("vmodule", Value),
    flag("watch-cache", Bool),
    flag("watch-cache-sizes", List),
];
