//! CIS section 1.3: the kube-controller-manager (its --profiling and --bind-address
//! controls are shared with the scheduler, in `shared`).

pub mod root_ca_file;
pub mod rotate_kubelet_server_certificate;
pub mod service_account_private_key_file;
pub mod terminated_pod_gc_threshold;
pub mod use_service_account_credentials;
