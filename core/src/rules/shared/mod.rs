//! Controls that exist on several components: one definition, one slug per component.

pub mod bind_address;
pub mod client_ca_file;
pub mod profiling;
pub mod tls_cert_file;
pub mod tls_cipher_suites;
