//! `AuthorizationConfiguration` (`--authorization-config`): its authorizers in order,
//! with what the kube-apiserver validates (type, name, webhook block) and where it is.

use super::apiserver_configs::api_version;
use super::Body;
use crate::source::yaml::Node;
use crate::source::Span;

type Located = (String, Span);

#[derive(Debug, Clone)]
pub struct AuthorizationConfig {
    /// `apiVersion` as written, and where: each Kubernetes version serves only some.
    pub api_version: Located,
    pub authorizers: Vec<Authorizer>,
    /// The `authorizers` list (the document, when it has none).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Authorizer {
    /// The `type:` value; empty when absent or not a string.
    pub kind: String,
    /// The `type:` value (the item, when it has none).
    pub span: Span,
    /// The whole list item, when the list is in block style (so it can be removed by lines).
    pub block_item: Option<Span>,
    /// The list item.
    pub item: Span,
    /// The `name:` value, when it is a string.
    pub name: Option<Located>,
    /// The `webhook:` block, read by validation.
    pub webhook: Option<Node>,
}

pub fn authorization_config(root: &Node) -> Result<Body, Located> {
    let mut authorizers = Vec::new();
    let list = root.get("authorizers").filter(|n| !n.is_null());
    if let Some(list) = list {
        let items = list
            .items()
            .ok_or_else(|| (format!("authorizers must be a list, not a {}", list.type_name()), list.span))?;
        for item in items {
            let t = item.get("type");
            let block_item = (!list.is_flow() && item.verbatim).then_some(item.span);
            authorizers.push(Authorizer {
                kind: t.and_then(Node::as_str).unwrap_or("").to_string(),
                span: t.map_or(item.span, |t| t.span),
                block_item,
                item: item.span,
                name: item.get("name").and_then(|n| Some((n.as_str()?.to_string(), n.span))),
                webhook: item.get("webhook").filter(|w| !w.is_null()).cloned(),
            });
        }
    }
    let span = list.map_or(root.span, |l| l.span);
    Ok(Body::AuthorizationConfig(AuthorizationConfig { api_version: api_version(root), authorizers, span }))
}
