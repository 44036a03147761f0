//! The kube-apiserver's own config files, each named by a flag:
//! `AuthenticationConfiguration` (`--authentication-config`: its `anonymous` block),
//! `AdmissionConfiguration` (`--admission-control-config-file`: per-plugin
//! configuration, inline or by `path`) and EventRateLimit's `Configuration`.

use super::Body;
use crate::source::yaml::{Node, Tagged};
use crate::source::Span;

type Located = (String, Span);

/// The document's `apiVersion` and its span (the root's, when it has none).
pub fn api_version(root: &Node) -> Located {
    match root.get("apiVersion") {
        Some(v) => (v.as_str().unwrap_or("").to_string(), v.span),
        None => (String::new(), root.span),
    }
}

#[derive(Debug, Clone)]
pub struct AuthenticationConfig {
    /// `apiVersion` as written, and where: each Kubernetes version serves only some.
    pub api_version: Located,
    /// The `anonymous` block, when the file has one.
    pub anonymous: Option<AnonymousConfig>,
}

#[derive(Debug, Clone)]
pub struct AnonymousConfig {
    pub enabled: bool,
    /// The `enabled` value (or the block, when `enabled` is absent: false).
    pub span: Span,
    /// Paths anonymous requests are limited to; empty: every path.
    pub conditions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct AdmissionConfig {
    pub plugins: Vec<AdmissionPluginConfig>,
}

#[derive(Debug, Clone)]
pub struct AdmissionPluginConfig {
    pub name: String,
    pub span: Span,
    /// `path:` to the plugin's own file (relative to the admission config's directory).
    pub path: Option<String>,
    /// An inline `configuration:`, recognised on its own (EventRateLimit's `Configuration`).
    pub configuration: Option<Box<Body>>,
}

#[derive(Debug, Clone)]
pub struct EventRateLimitConfig {
    pub limits: Vec<EventRateLimit>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct EventRateLimit {
    pub kind: String,
    pub qps: Option<i128>,
    pub burst: Option<i128>,
    pub span: Span,
}

pub(super) fn list<'a>(root: &'a Node, key: &str) -> Result<&'a [Node], Located> {
    match root.get(key).filter(|n| !n.is_null()) {
        None => Ok(&[]),
        Some(n) => n.items().ok_or_else(|| (format!("{key} must be a list, not a {}", n.type_name()), n.span)),
    }
}

pub fn authentication(root: &Node) -> Result<Body, Located> {
    let anonymous = match root.get("anonymous").filter(|n| !n.is_null()) {
        None => None,
        Some(a) if a.entries().is_none() => {
            return Err((format!("anonymous must be a mapping, not a {}", a.type_name()), a.span))
        }
        Some(a) => {
            let enabled_node = a.get("enabled").filter(|n| !n.is_null());
            let enabled = match enabled_node.map(|n| n.tagged()) {
                None => false,
                Some(Some(Tagged::Bool(b))) => b,
                Some(_) => {
                    let n = enabled_node.expect("present");
                    return Err((format!("anonymous.enabled must be a boolean, not a {}", n.type_name()), n.span));
                }
            };
            let conditions = a
                .get("conditions")
                .and_then(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(|c| c.get("path").and_then(Node::as_str).map(String::from))
                .collect();
            Some(AnonymousConfig { enabled, span: enabled_node.map_or(a.span, |n| n.span), conditions })
        }
    };
    Ok(Body::AuthenticationConfig(AuthenticationConfig { api_version: api_version(root), anonymous }))
}

/// `classify` recognises an inline plugin configuration (an embedded object).
pub fn admission(root: &Node, classify: impl Fn(&Node) -> Option<Body>) -> Result<Body, Located> {
    let mut plugins = Vec::new();
    for p in list(root, "plugins")? {
        let Some(name) = p.get("name").and_then(Node::as_str) else {
            return Err(("an admission plugin without a name".into(), p.span));
        };
        let path = p.get("path").and_then(Node::as_str).filter(|s| !s.is_empty()).map(String::from);
        let configuration = p.get("configuration").filter(|n| !n.is_null()).and_then(&classify).map(Box::new);
        plugins.push(AdmissionPluginConfig { name: name.to_string(), span: p.span, path, configuration });
    }
    Ok(Body::AdmissionConfig(AdmissionConfig { plugins }))
}

pub fn event_rate_limit(root: &Node) -> Result<Body, Located> {
    let int = |n: &Node, k: &str| match n.get(k).and_then(Node::tagged) {
        Some(Tagged::Int(i)) => Some(i),
        _ => None,
    };
    let limits = list(root, "limits")?
        .iter()
        .map(|l| EventRateLimit {
            kind: l.get("type").and_then(Node::as_str).unwrap_or("").to_string(),
            qps: int(l, "qps"),
            burst: int(l, "burst"),
            span: l.span,
        })
        .collect();
    Ok(Body::EventRateLimitConfig(EventRateLimitConfig { limits, span: root.span }))
}
