//! `EncryptionConfiguration` (`--encryption-provider-config`): its rules, each a list of
//! resources and the providers that encrypt them, with the spans the kube-apiserver's
//! validation errors point at.

use super::apiserver_configs::list;
use super::Body;
use crate::source::yaml::{Node, Tagged};
use crate::source::Span;

type Located = (String, Span);

#[derive(Debug, Clone)]
pub struct EncryptionConfig {
    pub rules: Vec<EncryptionRule>,
    /// The top-level `resources` list (the document, when it has none).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EncryptionRule {
    /// `secrets`, `configmaps`, `*.apps`, `*.*` ... in order.
    pub resources: Vec<Resource>,
    /// The rule's `resources` list (the rule, when it has none).
    pub resources_span: Span,
    /// In order; only the first encrypts new writes.
    pub providers: Vec<EncryptionProvider>,
    /// The rule's `providers` list (the rule, when it has none).
    pub providers_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Resource {
    /// `None`: not a string, which strict decoding rejects.
    pub name: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EncryptionProvider {
    /// `identity`, `aescbc`, `aesgcm`, `secretbox`, `kms`, or what the file names.
    pub name: String,
    /// For `kms`: its `apiVersion` (`v1` when absent).
    pub kms_version: Option<String>,
    /// The provider's key (`aescbc:`).
    pub span: Span,
    /// A second provider in the same list element, which validation rejects.
    pub extra: Option<Span>,
    /// `aescbc`, `aesgcm`, `secretbox`: their `keys`.
    pub keys: Vec<EncryptionKey>,
    /// The `keys` list, or the provider's value when it has none.
    pub keys_span: Span,
    /// `kms`: its `name` and `endpoint`, when written as strings.
    pub kms_name: Option<Located>,
    pub kms_endpoint: Option<Located>,
    /// The provider's value (`{keys: ...}`, `{}`).
    pub value_span: Span,
    /// `identity:` with nothing after it: a nil provider, which validation rejects.
    pub null: bool,
}

#[derive(Debug, Clone)]
pub struct EncryptionKey {
    pub name: Option<String>,
    /// The base64 secret, when written as a string.
    pub secret: Option<String>,
    /// The key's list item.
    pub span: Span,
    /// The `secret` value (the item, when it has none).
    pub secret_span: Span,
}

fn string(n: &Node) -> Option<String> {
    match n.tagged()? {
        Tagged::String(s) => Some(s),
        _ => None,
    }
}

fn located(node: &Node, key: &str) -> Option<Located> {
    let v = node.get(key)?;
    Some((string(v)?, v.span))
}

fn provider(p: &Node) -> Result<EncryptionProvider, Located> {
    // One provider per list element: its single key names it.
    let Some(((key, value), rest)) = p.entries().and_then(|e| e.split_first()) else {
        return Err(("an encryption provider must be a mapping such as {aescbc: {...}}".into(), p.span));
    };
    let name = key.as_str().unwrap_or("").to_string();
    let kms_version =
        (name == "kms").then(|| value.get("apiVersion").and_then(Node::as_str).unwrap_or("v1").to_string());
    let keys_node = value.get("keys").filter(|k| !k.is_null());
    let keys = keys_node
        .and_then(Node::items)
        .unwrap_or(&[])
        .iter()
        .map(|k| EncryptionKey {
            name: k.get("name").and_then(string),
            secret: k.get("secret").and_then(string),
            span: k.span,
            secret_span: k.get("secret").map_or(k.span, |s| s.span),
        })
        .collect();
    Ok(EncryptionProvider {
        name,
        kms_version,
        span: key.span,
        extra: rest.first().map(|(k, _)| k.span),
        keys,
        keys_span: keys_node.map_or(value.span, |k| k.span),
        kms_name: located(value, "name"),
        kms_endpoint: located(value, "endpoint"),
        value_span: value.span,
        null: value.is_null(),
    })
}

pub fn encryption(root: &Node) -> Result<Body, Located> {
    let mut rules = Vec::new();
    for r in list(root, "resources")? {
        let providers = list(r, "providers")?.iter().map(provider).collect::<Result<Vec<_>, _>>()?;
        let resources = list(r, "resources")?.iter().map(|n| Resource { name: string(n), span: n.span }).collect();
        let span_of = |key: &str| r.get(key).map_or(r.span, |n| n.span);
        rules.push(EncryptionRule {
            resources,
            resources_span: span_of("resources"),
            providers,
            providers_span: span_of("providers"),
            span: r.span,
        });
    }
    let span = root.get("resources").map_or(root.span, |n| n.span);
    Ok(Body::EncryptionConfig(EncryptionConfig { rules, span }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::parse_stream;

    fn config(text: &str) -> EncryptionConfig {
        let root = parse_stream(text).unwrap().remove(0).root.unwrap();
        match encryption(&root).unwrap() {
            Body::EncryptionConfig(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn resources_providers_and_keys_keep_their_spans() {
        let text = "resources:\n- resources: [secrets., 7]\n  providers:\n  - aescbc: {keys: [{name: k, secret: c2VjcmV0}]}\n    identity: {}\n";
        let c = config(text);
        let r = &c.rules[0];
        assert_eq!(r.resources[0].name.as_deref(), Some("secrets."));
        assert_eq!(&text[r.resources[0].span.start..r.resources[0].span.end], "secrets.");
        assert_eq!(r.resources[1].name, None, "a number is not a string");
        let p = &r.providers[0];
        assert_eq!(p.name, "aescbc");
        assert_eq!(p.extra.map(|s| &text[s.start..s.end]), Some("identity"));
        assert_eq!(p.keys[0].secret.as_deref(), Some("c2VjcmV0"));
    }

    #[test]
    fn a_provider_that_is_not_a_mapping_is_an_error() {
        let root = parse_stream("resources:\n- resources: [secrets]\n  providers: [aescbc]\n").unwrap().remove(0).root;
        assert!(encryption(&root.unwrap()).is_err());
    }
}
