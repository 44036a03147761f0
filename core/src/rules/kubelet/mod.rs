//! CIS section 4.2: the kubelet.

pub mod anonymous_auth;
pub mod authorization_mode;
pub mod event_qps;
pub mod hostname_override;
pub mod ip_address_deny;
pub mod make_iptables_util_chains;
pub mod pod_pids_limit;
pub mod protect_kernel_defaults;
pub mod read_only_port;
pub mod rotate_certificates;
pub mod rotate_server_certificates;
pub mod seccomp_default;
pub mod streaming_connection_idle_timeout;
