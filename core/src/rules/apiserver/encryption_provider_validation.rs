//! ValidateEncryptionConfiguration's checks of one provider (k8s.io/apiserver
//! pkg/apis/apiserver/validation/validation_encryption.go): one provider per list element,
//! keys present, named and of the cipher's length once base64-decoded, and a kms provider's
//! name, unix endpoint and apiVersion. Messages are the apiserver's field errors.

use crate::recognise::EncryptionProvider;
use crate::source::Span;
use std::collections::BTreeSet;

type Error = (String, Span);

pub fn refusal<'a>(path: &str, p: &'a EncryptionProvider, kms: &mut BTreeSet<&'a str>) -> Option<Error> {
    if let Some(extra) = p.extra {
        let message = format!("{path}: Invalid value: more than one provider specified in a single element, should split into different list elements");
        return Some((message, extra));
    }
    if p.null {
        let message = format!("{path}: Invalid value: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity");
        return Some((message, p.span));
    }
    let sizes: &[usize] = match p.name.as_str() {
        "aescbc" | "aesgcm" => &[16, 24, 32],
        "secretbox" => &[32],
        "kms" => return kms_refusal(&format!("{path}.kms"), p, kms),
        _ => return None,
    };
    let keys = format!("{path}.{}.keys", p.name);
    if p.keys.is_empty() {
        return Some((format!("{keys}: Required value: at least one keys is required"), p.keys_span));
    }
    for (k, key) in p.keys.iter().enumerate() {
        let at = format!("{keys}[{k}]");
        if key.name.as_deref().unwrap_or("").is_empty() {
            return Some((format!("{at}.name: Required value: name is a mandatory field for a key"), key.span));
        }
        let secret = key.secret.as_deref().unwrap_or("");
        if secret.is_empty() {
            return Some((
                format!("{at}.secret: Required value: secret is a mandatory field for a key"),
                key.secret_span,
            ));
        }
        match decoded_len(secret) {
            None => {
                let message = format!("{at}.secret: Invalid value: \"REDACTED\": secrets must be base64 encoded");
                return Some((message, key.secret_span));
            }
            Some(n) if !sizes.contains(&n) => {
                let message = format!("{at}.secret: Invalid value: \"REDACTED\": secret is not of the expected length, got {n}, expected one of {sizes:?}");
                return Some((message, key.secret_span));
            }
            Some(_) => {}
        }
    }
    None
}

/// `validateKMSConfigName`, `validateKMSEndpoint`, `validateKMSAPIVersion` (timeout and
/// cachesize have defaults and are not read here).
fn kms_refusal<'a>(path: &str, p: &'a EncryptionProvider, names: &mut BTreeSet<&'a str>) -> Option<Error> {
    let version = p.kms_version.as_deref().unwrap_or("v1");
    let name = p.kms_name.as_ref().map(|(n, _)| n.as_str()).unwrap_or("");
    let name_span = p.kms_name.as_ref().map_or(p.value_span, |(_, s)| *s);
    if name.is_empty() {
        return Some((format!("{path}.name: Required value: name is a mandatory field for a provider"), name_span));
    }
    if version != "v1" && name.contains(':') {
        let message =
            format!("{path}.name: Invalid value: {name:?}: invalid KMS provider name {name}, must not contain ':'");
        return Some((message, name_span));
    }
    // A v2 name must be unique among every kms provider (v1 ones too, which always count).
    if !names.insert(name) && version != "v1" {
        let message =
            format!("{path}.name: Invalid value: {name:?}: duplicate KMS provider name {name}, names must be unique");
        return Some((message, name_span));
    }
    let (endpoint, endpoint_span) = p.kms_endpoint.as_ref().map_or(("", p.value_span), |(e, s)| (e.as_str(), *s));
    if endpoint.is_empty() {
        let message = format!("{path}.endpoint: Invalid value: \"\": endpoint is a mandatory field for a kms");
        return Some((message, endpoint_span));
    }
    let scheme = url_scheme(endpoint);
    if scheme != "unix" {
        let message = format!("{path}.endpoint: Invalid value: {endpoint:?}: unsupported scheme {scheme:?} for KMS provider, only unix is supported");
        return Some((message, endpoint_span));
    }
    if version != "v1" && version != "v2" {
        let message = format!("{path}.apiVersion: Invalid value: {version:?}: unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported");
        return Some((message, p.value_span));
    }
    None
}

/// Go's `url.Parse` scheme: letters, digits, `+-.` after a leading letter, before `:`; lower-cased.
fn url_scheme(url: &str) -> String {
    let Some((scheme, _)) = url.split_once(':') else { return String::new() };
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if valid {
        scheme.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// `base64.StdEncoding.DecodeString`'s output length (it skips `\r` and `\n`); `None`: not base64.
fn decoded_len(s: &str) -> Option<usize> {
    let b: Vec<u8> = s.bytes().filter(|c| !matches!(c, b'\r' | b'\n')).collect();
    let pad = b.iter().rev().take_while(|c| **c == b'=').count();
    let body = &b[..b.len() - pad];
    let alphabet = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/');
    // Whole 4-character groups (written without is_multiple_of, for rust-version 1.85).
    let groups = b.len() / 4;
    (groups * 4 == b.len() && pad <= 2 && body.iter().all(alphabet)).then(|| groups * 3 - pad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::Body;

    fn check(provider: &str) -> Option<String> {
        let text = format!("apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- {{resources: [secrets], providers: [{provider}]}}\n");
        match crate::recognise::recognise(&text).parts.remove(0).body {
            Body::EncryptionConfig(c) => super::super::encryption_validation::refusal(&c, 30).map(|(m, _)| m),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn providers_and_keys() {
        let m = |p: &str| check(p).unwrap_or_default();
        assert!(m("{aescbc: {keys: [{name: k, secret: c2VjcmV0}]}}").contains("got 6, expected one of [16, 24, 32]"));
        assert!(m("{secretbox: {keys: [{name: k, secret: 'not base64!'}]}}").contains("must be base64 encoded"));
        assert!(m("{aesgcm: {keys: []}}").contains("at least one keys is required"));
        assert!(m("{identity: {}, aescbc: {}}").contains("more than one provider"));
        assert!(m("{identity: null}").contains("does not contain any of the expected providers"));
        assert!(m("{kms: {apiVersion: v2, name: k, endpoint: /run/kms.sock}}").contains("unsupported scheme \"\""));
        assert_eq!(m("{kms: {apiVersion: v2, name: k, endpoint: 'unix:///run/kms.sock'}}"), "");
    }

    #[test]
    fn base64_lengths() {
        assert_eq!(decoded_len("c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItYWVzY2I="), Some(32));
        assert_eq!(decoded_len("AB=="), Some(1));
        assert_eq!(decoded_len("ABC"), None);
        assert_eq!(decoded_len("A==="), None);
        assert_eq!(decoded_len("AB=C"), None);
    }
}
