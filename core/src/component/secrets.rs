//! Which flags, config fields and environment variables hold a credential, so that
//! reports never repeat their values (`crate::redact` masks them).
//!
//! A flag in a component's registry is sensitive only when its entry says so
//! (`.sensitive()`: etcd `--initial-cluster-token`, `--discovery-password`,
//! `--discovery-token`; the kubelet's cAdvisor `--storage-driver-password`): a
//! registered name such as `--token-auth-file` is a path, not a secret. A flag no
//! registry knows (`--oidc-client-secret` on a kube-apiserver, a typo, another tool's
//! flag) and every field and variable name are judged by [`looks_secret`].

use super::Component;

/// Config fields whose value is a credential wherever they appear, as written (the
/// pattern below catches most of them too; these are the ones it must never miss).
pub const FIELDS: &[&str] = &[
    // kubeadm InitConfiguration.bootstrapTokens[].token,
    // JoinConfiguration.discovery.bootstrapToken.token and .tlsBootstrapToken
    "token",
    "tlsBootstrapToken",
    // kubeadm InitConfiguration / JoinConfiguration.controlPlane.certificateKey
    "certificateKey",
    // kubeconfig users[].user
    "client-key-data",
    "password",
    // EncryptionConfiguration providers[].aescbc|aesgcm|secretbox.keys[].secret
    "secret",
];

/// Words that make a name a credential's: compared with the name lower-cased and
/// without `-` and `_`, so `client_secret`, `ClientSecret` and `--client-secret` match.
const SECRET_WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "token",
    "credential",
    "keydata",
    "privatekey",
    "apikey",
    "accesskey",
    "certificatekey",
];

/// Endings that make such a name a reference to a credential, not one: a file, a
/// directory, a lifetime, a switch (`--token-auth-file`, `tokenTTL`, `secretRef`).
const REFERENCE_ENDINGS: &[&str] = &[
    "file",
    "files",
    "path",
    "dir",
    "ttl",
    "url",
    "urls",
    "ref",
    "name",
    "names",
    "audience",
    "audiences",
    "enabled",
    "mode",
    "version",
    "webhook",
    "expiration",
    "period",
    "syncs",
    "type",
    "usages",
    "groups",
    "kubeconfig",
    "config",
    "description",
    "extra",
    "id",
    "strategy",
    "signer",
];

/// Whether a flag, field or variable name no registry describes names a credential.
pub fn looks_secret(name: &str) -> bool {
    let key: String = name.chars().filter(|c| !matches!(c, '-' | '_' | '.')).flat_map(char::to_lowercase).collect();
    SECRET_WORDS.iter().any(|w| key.contains(w)) && !REFERENCE_ENDINGS.iter().any(|e| key.ends_with(e))
}

/// Whether a config field (a YAML/JSON key) holds a credential.
pub fn field_is_sensitive(key: &str) -> bool {
    FIELDS.contains(&key) || looks_secret(key)
}

/// Whether a flag of `component` (or, with `None`, of any component) holds a credential.
/// `name` is without dashes, `_` already read as `-` or not.
pub fn flag_is_sensitive(component: Option<Component>, name: &str) -> bool {
    let name = name.replace('_', "-");
    let registered: Vec<_> = match component {
        Some(c) => c.setting(&name).into_iter().collect(),
        None => Component::ALL.iter().filter_map(|c| c.setting(&name)).collect(),
    };
    if registered.is_empty() {
        looks_secret(&name)
    } else {
        registered.iter().any(|s| s.sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_not_references() {
        for secret in
            ["oidc-client-secret", "bootstrap-token", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "client-key-data"]
        {
            assert!(looks_secret(secret), "{secret}");
        }
        for reference in ["token-auth-file", "service-account-key-file", "tokenTTL", "secretRef", "KUBELET_CONFIG"] {
            assert!(!looks_secret(reference), "{reference}");
        }
    }

    #[test]
    fn registered_flags_follow_their_marker() {
        assert!(flag_is_sensitive(Some(Component::Etcd), "initial-cluster-token"));
        assert!(flag_is_sensitive(None, "initial-cluster-token"));
        // Registered, not marked: a path.
        assert!(!flag_is_sensitive(Some(Component::KubeApiserver), "token-auth-file"));
        // Unknown to the kube-apiserver: the pattern decides.
        assert!(flag_is_sensitive(Some(Component::KubeApiserver), "oidc-client-secret"));
        assert!(flag_is_sensitive(None, "storage_driver_password"));
    }
}
