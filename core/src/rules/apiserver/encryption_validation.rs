//! What the kube-apiserver rejects in an EncryptionConfiguration, in the order it checks:
//! ValidateEncryptionConfiguration (k8s.io/apiserver pkg/apis/apiserver/validation/
//! validation_encryption.go; pkg/apis/config/validation before 1.30; its provider checks
//! are in encryption_provider_validation), then, while building
//! the transformers, a resource masked by an earlier wildcard rule
//! (pkg/server/options/encryptionconfig/config.go getTransformerOverridesAndKMSPluginProbes).
//! The resource checks and wildcards came in 1.27. Messages are the apiserver's.

use crate::recognise::{EncryptionConfig, EncryptionRule};
use crate::source::Span;
use std::collections::BTreeSet;

type Error = (String, Span);

/// The minor version that brought wildcards, the resource checks and masking.
pub const WILDCARDS_SINCE: u32 = 27;

/// `schema.ParseGroupResource`: `secrets.` is core `secrets`, `*.apps` every apps resource.
pub fn parse(resource: &str) -> (&str, &str) {
    match resource.split_once('.') {
        Some((r, g)) => (g, r),
        None => ("", resource),
    }
}

/// `grYAMLString`: how the apiserver names a group-resource in its errors.
fn yaml_name((group, resource): (&str, &str)) -> String {
    match (group, resource) {
        ("", "*") => "*.".into(),
        ("", r) => r.into(),
        (g, r) => format!("{r}.{g}"),
    }
}

pub fn refusal(c: &EncryptionConfig, minor: u32) -> Option<Error> {
    if c.rules.is_empty() {
        return Some(("resources: Required value: at least one resources is required".into(), c.span));
    }
    let mut kms_names = BTreeSet::new();
    for (i, rule) in c.rules.iter().enumerate() {
        if let Some(e) = rule_refusal(i, rule, minor, &mut kms_names) {
            return Some(e);
        }
    }
    (minor >= WILDCARDS_SINCE).then(|| masked(c)).flatten()
}

fn rule_refusal<'a>(i: usize, rule: &'a EncryptionRule, minor: u32, kms: &mut BTreeSet<&'a str>) -> Option<Error> {
    let path = format!("resources[{i}]");
    for (j, r) in rule.resources.iter().enumerate() {
        if r.name.is_none() {
            return Some((format!("{path}.resources[{j}] must be a string: the file cannot be decoded"), r.span));
        }
    }
    let names: Vec<&str> = rule.resources.iter().filter_map(|r| r.name.as_deref()).collect();
    if names.is_empty() {
        let message = format!("{path}.resources: Required value: at least one {path}.resources is required");
        return Some((message, rule.resources_span));
    }
    if minor >= WILDCARDS_SINCE {
        if let Some(e) = overlap(&path, &names, rule.resources_span) {
            return Some(e);
        }
        for (j, name) in names.iter().enumerate() {
            if let Some(why) = bad_name(name) {
                let message = format!("{path}.resources[{j}]: Invalid value: {name:?}: {why}");
                return Some((message, rule.resources[j].span));
            }
        }
    }
    if rule.providers.is_empty() {
        let message = format!("{path}.providers: Required value: at least one {path}.providers is required");
        return Some((message, rule.providers_span));
    }
    for (j, p) in rule.providers.iter().enumerate() {
        if let Some(e) = super::encryption_provider_validation::refusal(&format!("{path}.providers[{j}]"), p, kms) {
            return Some(e);
        }
    }
    None
}

/// `validateResourceOverlap`, as written (its duplicate flag spares only the first equal pair).
fn overlap(path: &str, names: &[&str], span: Span) -> Option<Error> {
    let parsed: Vec<(&str, &str)> = names.iter().map(|n| parse(n)).collect();
    let (mut duplicate, mut overlapping) = (false, false);
    for (i, r1) in parsed.iter().enumerate() {
        for (j, r2) in parsed.iter().enumerate() {
            if i == j {
                continue;
            }
            if r1 == r2 && !duplicate {
                duplicate = true;
                continue;
            }
            if overlapping {
                continue;
            }
            overlapping = *r1 == ("*", "*") || (r1.0 == r2.0 && (r1.1 == "*" || r2.1 == "*"));
        }
    }
    let list = format!("[{}]", names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", "));
    let why = if duplicate {
        "the same resource cannot be specified multiple times"
    } else if overlapping {
        "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"
    } else {
        return None;
    };
    Some((format!("{path}.resources: Invalid value: {list}: {why}"), span))
}

/// `validateResourceNames`.
fn bad_name(name: &str) -> Option<&'static str> {
    let (group, resource) = parse(name);
    if name.to_lowercase() != name {
        Some("resource name should not contain capital letters")
    } else if name == "*" {
        Some("use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources")
    } else if matches!(name, "apiserveripinfo" | "serviceipallocations" | "servicenodeportallocations") {
        Some("resources which do not have REST API/s cannot be encrypted")
    } else if group == "events.k8s.io" {
        Some("'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file")
    } else if group == "extensions" {
        Some("'extensions' group has been removed and cannot be used for encryption")
    } else if group == "*" && resource != "*" {
        Some("encrypting the same resource across groups is not supported")
    } else {
        None
    }
}

/// A resource that comes after a rule for `*.` of its group, or for `*.*`.
fn masked(c: &EncryptionConfig) -> Option<Error> {
    let mut seen: Vec<((&str, &str), usize)> = Vec::new();
    for (i, rule) in c.rules.iter().enumerate() {
        for (j, r) in rule.resources.iter().enumerate() {
            let gr = parse(r.name.as_deref()?);
            let earlier = [(gr.0, "*"), ("*", "*")].into_iter().find_map(|m| seen.iter().find(|(s, _)| *s == m));
            if let Some((mask, at)) = earlier {
                let message = format!(
                    "resources[{i}].resources[{j}]: resource {:?} is masked by earlier rule {:?} (resources[{at}])",
                    yaml_name(gr),
                    yaml_name(*mask)
                );
                return Some((message, r.span));
            }
            seen.push((gr, i));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::Body;

    fn check(rules: &str, minor: u32) -> Option<String> {
        let text =
            format!("apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n{rules}");
        match crate::recognise::recognise(&text).parts.remove(0).body {
            Body::EncryptionConfig(c) => refusal(&c, minor).map(|(m, _)| m),
            other => panic!("{other:?}"),
        }
    }

    const AES: &str = "{aescbc: {keys: [{name: k1, secret: c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItYWVzY2I=}]}}";

    #[test]
    fn parse_group_resource() {
        assert_eq!(parse("secrets."), ("", "secrets"));
        assert_eq!(parse("secrets"), ("", "secrets"));
        assert_eq!(parse("*."), ("", "*"));
        assert_eq!(parse("*.*"), ("*", "*"));
        assert_eq!(parse("deployments.apps"), ("apps", "deployments"));
    }

    #[test]
    fn a_wildcard_masks_what_later_rules_list() {
        let rules = format!(
            "- {{resources: ['*.'], providers: [identity: {{}}]}}\n- {{resources: [secrets], providers: [{AES}]}}\n"
        );
        assert_eq!(
            check(&rules, 30).as_deref(),
            Some("resources[1].resources[0]: resource \"secrets\" is masked by earlier rule \"*.\" (resources[0])")
        );
        let all = format!(
            "- {{resources: ['*.*'], providers: [identity: {{}}]}}\n- {{resources: ['*.apps'], providers: [{AES}]}}\n"
        );
        assert!(check(&all, 30).unwrap().contains("\"*.apps\" is masked by earlier rule \"*.*\""));
        // The other way round is the documented order: exact resources first, wildcards last.
        let ok = format!(
            "- {{resources: [secrets], providers: [{AES}]}}\n- {{resources: ['*.'], providers: [identity: {{}}]}}\n"
        );
        assert_eq!(check(&ok, 30), None);
        // Another group's wildcard masks nothing in the core group; 1.26 had no wildcards.
        let apps = format!("- {{resources: ['*.apps'], providers: [identity: {{}}]}}\n- {{resources: [secrets.], providers: [{AES}]}}\n");
        assert_eq!(check(&apps, 30), None);
        assert_eq!(check(&rules, 26), None);
    }

    #[test]
    fn one_list_may_not_overlap_or_repeat() {
        let dup = format!("- {{resources: [secrets, secrets.], providers: [{AES}]}}\n");
        assert!(check(&dup, 30).unwrap().ends_with("the same resource cannot be specified multiple times"));
        let overlap = format!("- {{resources: [secrets, '*.'], providers: [{AES}]}}\n");
        assert!(check(&overlap, 30).unwrap().contains("overlapping resources"));
        let all = format!("- {{resources: ['*.*', configmaps.apps], providers: [{AES}]}}\n");
        assert!(check(&all, 30).unwrap().contains("overlapping resources"));
        let groups = format!("- {{resources: [secrets, '*.apps'], providers: [{AES}]}}\n");
        assert_eq!(check(&groups, 30), None);
    }

    #[test]
    fn resource_names() {
        let m = |r: &str| check(&format!("- {{resources: ['{r}'], providers: [{AES}]}}\n"), 30).unwrap_or_default();
        assert!(m("Secrets").contains("capital letters"));
        assert!(m("*").contains("use '*.'"));
        assert!(m("secrets.*").contains("across groups"));
        assert!(m("*.events.k8s.io").contains("'events' API group"));
        assert!(m("serviceipallocations").contains("do not have REST API"));
        assert_eq!(m("secrets."), "");
    }

    #[test]
    fn a_rule_needs_resources_and_providers() {
        let empty = check("- {resources: [secrets], providers: []}\n", 30).unwrap();
        assert!(empty.contains("at least one resources[0].providers is required"), "{empty}");
        let none = check("- {resources: [], providers: [identity: {}]}\n", 30).unwrap();
        assert!(none.contains("at least one resources[0].resources is required"), "{none}");
        let number = check("- {resources: [secrets, 7], providers: [identity: {}]}\n", 30).unwrap();
        assert!(number.contains("resources[0].resources[1] must be a string"), "{number}");
    }
}
