//! Every kube-proxy flag and how pflag parses it. Sources, versions and doubts:
//! docs/research/flag-tables.md.

use super::registry::{flag, Kind::*, Setting};

/// Every kube-proxy flag, sorted by name.
pub const SETTINGS: &[Setting] = &[
    flag("add-dir-header", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("alsologtostderr", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("azure-container-registry-config", Value), // in-tree Azure credential provider flag (StringVar); in the v1.13-v1.21 references of kube-apiserver/KCM/scheduler/kube-proxy, absent from the v1.31+ ones; removed by v1.30 (exact release not verified)
    flag("bind-address", Value),                    // utilflag.IPVar
    flag("bind-address-hard-fail", Bool),
    flag("cleanup", Bool),
    flag("cleanup-ipvs", Bool), // no type in an old (v1.16-era) reference, Default: true (pflag bool); removal version not verified
    flag("cluster-cidr", Value), // StringVar (comma-separated dual-stack pair inside one value)
    flag("config", Value),
    flag("config-sync-period", Value),
    flag("conntrack-max-per-core", Value),
    flag("conntrack-min", Value),
    flag("conntrack-tcp-be-liberal", Bool),
    flag("conntrack-tcp-timeout-close-wait", Value),
    flag("conntrack-tcp-timeout-established", Value),
    flag("conntrack-udp-timeout", Value),
    flag("conntrack-udp-timeout-stream", Value),
    flag("detect-local-mode", Value),      // LocalMode Value
    flag("enable-dsr", Bool),              // Windows only (addOSFlags in the Windows options file): BoolVar
    flag("feature-gates", FeatureGates),   // cliflag.NewMapStringBool: first Set replaces, later Sets merge
    flag("forward-healthcheck-vip", Bool), // Windows only: BoolVar
    flag("healthz-bind-address", Value),   // utilflag.IPPortVar
    flag("healthz-port", Value),           // hidden: Int32Var + MarkDeprecated (v1.33+ options.go)
    flag("help", Bool),                    // -h shorthand (globalflag / cobra BoolP)
    flag("hostname-override", Value),
    flag("init-only", Bool),
    flag("iptables-localhost-nodeports", Bool), // BoolVar on a *bool field
    flag("iptables-masquerade-bit", Value),
    flag("iptables-min-sync-period", Value),
    flag("iptables-sync-period", Value),
    flag("ipvs-exclude-cidrs", List),
    flag("ipvs-min-sync-period", Value),
    flag("ipvs-scheduler", Value),
    flag("ipvs-strict-arp", Bool),
    flag("ipvs-sync-period", Value),
    flag("ipvs-tcp-timeout", Value),
    flag("ipvs-tcpfin-timeout", Value),
    flag("ipvs-udp-timeout", Value),
    flag("kube-api-burst", Value),
    flag("kube-api-content-type", Value),
    flag("kube-api-qps", Value),
    flag("kubeconfig", Value),
    flag("log-backtrace-at", Value), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("log-dir", Value), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("log-file", Value), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("log-file-max-size", Value), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("log-flush-frequency", Value),
    flag("log-json-info-buffer-size", Value), // component-base logs: registered only when the json format is registered (main imports logs/json/register) - not verified for the release binary
    flag("log-json-split-stream", Bool), // BoolVar in component-base logs/api/v1/options.go (v1.35); registered only when the json format is registered - not verified for the release binary
    flag("log-text-info-buffer-size", Value),
    flag("log-text-split-stream", Bool),
    flag("logging-format", Value),
    flag("logtostderr", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("masquerade-all", Bool),
    flag("master", Value),
    flag("metrics-bind-address", Value), // utilflag.IPPortVar
    flag("metrics-port", Value),         // hidden: Int32Var + MarkDeprecated (v1.33+ options.go)
    flag("network-name", Value),         // Windows only: StringVar
    flag("nodeport-addresses", List),
    flag("one-output", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("oom-score-adj", Value),
    flag("pod-bridge-interface", Value),
    flag("pod-interface-name-prefix", Value),
    flag("profiling", Bool),
    flag("proxy-mode", Value),                   // ProxyMode Value
    flag("proxy-port-range", Value).removed(26), // userspace proxier flag; removed in v1.26 with the userspace mode
    flag("root-hnsendpoint-name", Value),        // Windows only: StringVar
    flag("show-hidden-metrics-for-version", Value),
    flag("skip-headers", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("skip-log-headers", Bool), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("source-vip", Value),      // Windows only: StringVar
    flag("stderrthreshold", Value), // listed in the v1.31 reference: klog flag reached through fs.AddGoFlagSet(goflag.CommandLine) in NewProxyCommand; whether the release binary still registers it (needs klog.InitFlags on the global set) is not verified
    flag("udp-timeout", Value).removed(26), // userspace proxier flag; removed in v1.26 with the userspace mode
    flag("v", Value),               // -v shorthand (VarP in component-base logs/api/v1/options.go)
    flag("version", Bool), // verflag: NoOptDefVal="true", never consumes the next word; `--version=raw` accepted
    flag("vmodule", Value),
    flag("windows-service", Bool), // Windows only: BoolVar
    flag("write-config-to", Value),
];
