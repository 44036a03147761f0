//! What the kube-apiserver rejects in an AuthorizationConfiguration, in the order it
//! checks: ValidateAuthorizationConfiguration and ValidateWebhookConfiguration
//! (k8s.io/apiserver pkg/apis/apiserver/validation/validation.go, the same rules from
//! v0.29 to v0.35), then its own rule that a non-webhook authorizer is named after its
//! type, lower-cased (pkg/kubeapiserver/authorizer LoadAndValidateData). The messages are
//! the apiserver's field errors; the first one is reported.

use crate::recognise::{AuthorizationConfig, Authorizer};
use crate::source::yaml::{Node, Tagged};
use crate::source::Span;
use std::collections::BTreeSet;

/// pkg/kubeapiserver/authorizer/modes AuthorizationModeChoices; only Webhook may repeat.
const KNOWN: &[&str] = &["ABAC", "AlwaysAllow", "AlwaysDeny", "Node", "RBAC", "Webhook"];

const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
characters, '-' or '.', and must start and end with an alphanumeric character";

type Error = (String, Span);

pub fn refusal(c: &AuthorizationConfig) -> Option<Error> {
    if c.authorizers.is_empty() {
        return Some(("authorizers: Required value: at least one authorization mode must be defined".into(), c.span));
    }
    let mut types = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (i, a) in c.authorizers.iter().enumerate() {
        let at = format!("authorizers[{i}]");
        if a.kind.is_empty() {
            return Some((format!("{at}.type: Required value"), a.span));
        }
        if !KNOWN.contains(&a.kind.as_str()) {
            let supported: Vec<String> = KNOWN.iter().map(|k| format!("{k:?}")).collect();
            let message =
                format!("{at}.type: Unsupported value: {:?}: supported values: {}", a.kind, supported.join(", "));
            return Some((message, a.span));
        }
        if !types.insert(a.kind.as_str()) && a.kind != "Webhook" {
            return Some((format!("{at}.type: Duplicate value: {:?}", a.kind), a.span));
        }
        match &a.name {
            None => return Some((format!("{at}.name: Required value"), a.item)),
            Some((n, _)) if n.is_empty() => return Some((format!("{at}.name: Required value"), a.item)),
            Some((n, span)) if !names.insert(n.as_str()) => {
                return Some((format!("{at}.name: Duplicate value: {n:?}"), *span))
            }
            Some((n, span)) if !is_dns1123_subdomain(n) => {
                let message =
                    format!("{at}.name: Invalid value: {n:?}: authorizer name is invalid: {DNS1123_SUBDOMAIN}");
                return Some((message, *span));
            }
            Some(_) => {}
        }
        match (&a.webhook, a.kind == "Webhook") {
            (None, true) => return Some((format!("{at}.webhook: Required value: required when type=Webhook"), a.item)),
            (Some(w), true) => {
                if let Some(e) = webhook(&at, w) {
                    return Some(e);
                }
            }
            (Some(w), false) => {
                return Some((
                    format!("{at}.webhook: Invalid value: \"non-null\": may only be specified when type=Webhook"),
                    w.span,
                ))
            }
            (None, false) => {}
        }
    }
    c.authorizers.iter().find_map(misnamed)
}

/// The kube-apiserver's own check, after validation passed.
fn misnamed(a: &Authorizer) -> Option<Error> {
    if a.kind == "Webhook" {
        return None;
    }
    let expected = a.kind.to_lowercase();
    let (name, span) = a.name.as_ref()?;
    (*name != expected)
        .then(|| (format!("expected name {expected} for authorizer {} instead of {name}", a.kind), *span))
}

/// `IsDNS1123Subdomain`: at most 253 characters of `[a-z0-9]([-a-z0-9]*[a-z0-9])?` labels joined by dots.
fn is_dns1123_subdomain(s: &str) -> bool {
    let label = |l: &str| {
        let b = l.as_bytes();
        let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty() && alnum(&b[0]) && alnum(&b[b.len() - 1]) && b.iter().all(|c| alnum(c) || *c == b'-')
    };
    s.len() <= 253 && s.split('.').all(label)
}

/// A string field of the webhook block: `Err` when present but not a string (strict decoding fails).
fn text(w: &Node, key: &str) -> Result<Option<(String, Span)>, Error> {
    match w.get(key).filter(|n| !n.is_null()) {
        None => Ok(None),
        Some(n) => match n.tagged() {
            Some(Tagged::String(s)) => Ok(Some((s, n.span))),
            _ => Err((format!("webhook.{key} must be a string, not a {}", n.type_name()), n.span)),
        },
    }
}

/// A metav1.Duration field, in nanoseconds (0 when absent).
fn duration(w: &Node, key: &str) -> Result<(i64, Span), Error> {
    match text(w, key)? {
        None => Ok((0, w.span)),
        Some((s, span)) => match crate::source::go::parse_duration(&s) {
            Some(ns) => Ok((ns, span)),
            None => Err((format!("webhook.{key}: time: invalid duration {s:?}"), span)),
        },
    }
}

/// ValidateWebhookConfiguration; its field paths start at the authorizer (`authorizers[0].timeout`).
fn webhook(at: &str, w: &Node) -> Option<Error> {
    check_webhook(at, w).err()
}

fn check_webhook(at: &str, w: &Node) -> Result<(), Error> {
    const SECOND: i64 = 1_000_000_000;
    let (timeout, span) = duration(w, "timeout")?;
    if timeout == 0 {
        return Err((format!("{at}.timeout: Required value"), span));
    }
    if !(0..=30 * SECOND).contains(&timeout) {
        return Err((format!("{at}.timeout: Invalid value: must be > 0s and <= 30s"), span));
    }
    // The TTLs default to 5m and 30s (v1/defaults.go): only a negative one is wrong.
    for key in ["authorizedTTL", "unauthorizedTTL"] {
        let (ttl, span) = duration(w, key)?;
        if ttl < 0 {
            return Err((format!("{at}.{key}: Invalid value: must be > 0s"), span));
        }
    }
    let one_of = |key: &str, value: Option<(String, Span)>, allowed: &[&str], required: bool| match value {
        None if required => Err((format!("{at}.{key}: Required value"), w.span)),
        Some((v, span)) if v.is_empty() && required => Err((format!("{at}.{key}: Required value"), span)),
        Some((v, span)) if !v.is_empty() && !allowed.contains(&v.as_str()) => {
            let supported: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            Err((format!("{at}.{key}: Unsupported value: {v:?}: supported values: {}", supported.join(", ")), span))
        }
        _ => Ok(()),
    };
    one_of("subjectAccessReviewVersion", text(w, "subjectAccessReviewVersion")?, &["v1", "v1beta1"], true)?;
    let conditions = w.get("matchConditions").and_then(Node::items).unwrap_or(&[]);
    let mc_version = text(w, "matchConditionSubjectAccessReviewVersion")?;
    one_of("matchConditionSubjectAccessReviewVersion", mc_version, &["v1"], !conditions.is_empty())?;
    one_of("failurePolicy", text(w, "failurePolicy")?, &["NoOpinion", "Deny"], true)?;
    let info = w.get("connectionInfo").filter(|n| !n.is_null());
    let kind = match info {
        Some(i) => text(i, "type")?,
        None => None,
    };
    let file = match info {
        Some(i) => text(i, "kubeConfigFile")?,
        None => None,
    };
    let info_span = info.map_or(w.span, |i| i.span);
    match kind {
        None => return Err((format!("{at}.connectionInfo.type: Required value"), info_span)),
        Some((k, span)) => match (k.as_str(), file) {
            ("", _) => return Err((format!("{at}.connectionInfo.type: Required value"), span)),
            ("InClusterConfig", Some((f, fspan))) => {
                let message = format!("{at}.connectionInfo.kubeConfigFile: Invalid value: {f:?}: can only be set when type=KubeConfigFile");
                return Err((message, fspan));
            }
            ("InClusterConfig", None) => {}
            ("KubeConfigFile", None) => {
                return Err((format!("{at}.connectionInfo.kubeConfigFile: Required value"), info_span))
            }
            ("KubeConfigFile", Some((f, fspan))) if f.is_empty() => {
                return Err((format!("{at}.connectionInfo.kubeConfigFile: Required value"), fspan))
            }
            ("KubeConfigFile", Some((f, fspan))) if !f.starts_with('/') => {
                let message =
                    format!("{at}.connectionInfo.kubeConfigFile: Invalid value: {f:?}: must be an absolute path");
                return Err((message, fspan));
            }
            ("KubeConfigFile", Some(_)) => {}
            (other, _) => {
                let message = format!("{at}.connectionInfo.type: Unsupported value: {other:?}: supported values: \"InClusterConfig\", \"KubeConfigFile\"");
                return Err((message, span));
            }
        },
    }
    if conditions.len() > 64 {
        return Err((
            format!("{at}.matchConditions: Too many: {}: must have at most 64 items", conditions.len()),
            w.span,
        ));
    }
    let mut seen = BTreeSet::new();
    for (j, c) in conditions.iter().enumerate() {
        let path = format!("{at}.matchConditions[{j}].expression");
        let expression = c.get("expression").and_then(Node::as_str).unwrap_or("");
        if expression.trim().is_empty() {
            return Err((format!("{path}: Required value"), c.span));
        }
        if !seen.insert(expression) {
            return Err((format!("{path}: Duplicate value: {expression:?}"), c.span));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::Body;

    fn check(authorizers: &str) -> Option<String> {
        let text = format!("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\n{authorizers}");
        match crate::recognise::recognise(&text).parts.remove(0).body {
            Body::AuthorizationConfig(c) => refusal(&c).map(|(m, _)| m),
            other => panic!("{other:?}"),
        }
    }

    const WEBHOOK: &str = "  webhook:\n    timeout: 3s\n    subjectAccessReviewVersion: v1\n    failurePolicy: Deny\n    connectionInfo: {type: KubeConfigFile, kubeConfigFile: /etc/kubernetes/w.yaml}\n";

    #[test]
    fn named_after_their_type_they_pass() {
        assert_eq!(check("authorizers:\n- {type: Node, name: node}\n- {type: RBAC, name: rbac}\n"), None);
        let with_webhook =
            format!("authorizers:\n- {{type: Node, name: node}}\n- type: Webhook\n  name: opa.example.com\n{WEBHOOK}");
        assert_eq!(check(&with_webhook), None);
    }

    #[test]
    fn names_are_required_lower_case_unique_and_the_lower_cased_type() {
        let m = |s: &str| check(s).unwrap_or_default();
        assert_eq!(m("authorizers:\n- {type: Node}\n- {type: RBAC}\n"), "authorizers[0].name: Required value");
        assert!(
            m("authorizers:\n- {type: Node, name: Node}\n").starts_with("authorizers[0].name: Invalid value: \"Node\"")
        );
        assert_eq!(
            m("authorizers:\n- {type: Node, name: rbac}\n- {type: RBAC, name: rbac}\n"),
            "authorizers[1].name: Duplicate value: \"rbac\""
        );
        assert_eq!(
            m("authorizers:\n- {type: AlwaysAllow, name: allow-all}\n"),
            "expected name alwaysallow for authorizer AlwaysAllow instead of allow-all"
        );
    }

    #[test]
    fn types_must_be_known_and_only_webhooks_repeat() {
        let m = |s: &str| check(s).unwrap_or_default();
        assert!(m("authorizers:\n- {type: node, name: node}\n")
            .starts_with("authorizers[0].type: Unsupported value: \"node\""));
        assert_eq!(m("authorizers:\n- {name: node}\n"), "authorizers[0].type: Required value");
        assert_eq!(
            m("authorizers:\n- {type: RBAC, name: rbac}\n- {type: RBAC, name: rbac2}\n"),
            "authorizers[1].type: Duplicate value: \"RBAC\""
        );
        assert_eq!(
            m("authorizers: []\n"),
            "authorizers: Required value: at least one authorization mode must be defined"
        );
    }

    #[test]
    fn a_webhook_needs_its_block_and_only_a_webhook_has_one() {
        let m = |s: &str| check(s).unwrap_or_default();
        assert_eq!(
            m("authorizers:\n- {type: Webhook, name: w}\n"),
            "authorizers[0].webhook: Required value: required when type=Webhook"
        );
        assert!(m(&format!("authorizers:\n- type: RBAC\n  name: rbac\n{WEBHOOK}"))
            .contains("may only be specified when type=Webhook"));
        let no_timeout = WEBHOOK.replace("    timeout: 3s\n", "");
        assert_eq!(
            m(&format!("authorizers:\n- type: Webhook\n  name: w\n{no_timeout}")),
            "authorizers[0].timeout: Required value"
        );
        let relative = WEBHOOK.replace("/etc/kubernetes/w.yaml", "w.yaml");
        assert!(
            m(&format!("authorizers:\n- type: Webhook\n  name: w\n{relative}")).contains("must be an absolute path")
        );
        let bad = WEBHOOK.replace("timeout: 3s", "timeout: 3 seconds");
        assert!(m(&format!("authorizers:\n- type: Webhook\n  name: w\n{bad}")).contains("invalid duration"));
    }

    #[test]
    fn subdomains() {
        assert!(is_dns1123_subdomain("opa.platform.example.internal"));
        assert!(!is_dns1123_subdomain("Node"));
        assert!(!is_dns1123_subdomain("-a"));
        assert!(!is_dns1123_subdomain("a..b"));
        assert!(!is_dns1123_subdomain(&"a".repeat(254)));
    }
}
