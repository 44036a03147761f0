use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

/// The controller manager and the scheduler serve /metrics, /healthz and (with profiling)
/// /debug on every interface unless bound to the loopback.
pub const RULE: Rule = Rule {
    targets: &[
        Target { component: Component::KubeControllerManager, slug: "controller-manager-bind-address", aliases: &[("checkov", "CKV_K8S_113"), ("kubescape", "C-0150"), ("trivy", "KCV-0039")] },
        Target { component: Component::KubeScheduler, slug: "scheduler-bind-address", aliases: &[("checkov", "CKV_K8S_115"), ("kubescape", "C-0152"), ("trivy", "KCV-0041")] },
    ],
    title: "Ensure that the --bind-address argument is set to 127.0.0.1",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "bind-address",
        holds: |v| v.as_text().is_some_and(is_loopback),
        want: "127.0.0.1 (a loopback address)",
        fix: Some("127.0.0.1"),
    }),
    // Whatever scrapes /metrics or probes /healthz from another host loses access.
    applicability: Applicability::Unsafe,
    rationale: "The component's secure port serves /healthz, /metrics and, with profiling on, /debug/pprof. Bound to \
0.0.0.0 (the default) or another address, they are reachable from the network; neither component needs that, its \
liveness probe reaches it on 127.0.0.1 (kubeadm binds both to 127.0.0.1).",
    remediation: "Set --bind-address=127.0.0.1 on the component (its static Pod manifest, or extraArgs in the kubeadm ClusterConfiguration).",
    file_flag: None,
};

/// 127.0.0.0/8 or ::1, as Go's net.IP.IsLoopback reads them.
fn is_loopback(address: &str) -> bool {
    match address.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            ip.is_loopback()
                || matches!(ip, std::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()))
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_addresses() {
        for a in ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"] {
            assert!(is_loopback(a), "{a}");
        }
        for a in ["0.0.0.0", "::", "10.0.0.1", "localhost", ""] {
            assert!(!is_loopback(a), "{a}");
        }
    }
}
