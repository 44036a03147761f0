//! kube-apiserver authorization: `--authorization-mode` is a pflag string slice
//! (repetitions append), defaulting to AlwaysAllow unless `--authorization-config`
//! names an AuthorizationConfiguration; setting both is a startup error
//! (pkg/kubeapiserver/options/authorization.go).

use super::structured_files::{loadable, StructuredFile};
use super::{At, AuthzSource, Instance, NodeStyle, Resolved, Source, Value};
use crate::recognise::AuthorizationConfig;
use crate::report::Origin;

/// The modes `--authorization-mode` accepts (k8s.io/kubernetes/pkg/kubeapiserver/authorizer/modes).
const MODES: &[&str] = &["AlwaysAllow", "AlwaysDeny", "ABAC", "Webhook", "RBAC", "Node"];

pub fn authorization_modes(inst: &Instance) -> Resolved {
    let mut r = Resolved::unknown();
    let uses: Vec<_> = inst.argv.as_ref().map(|a| a.flags.all("authorization-mode").collect()).unwrap_or_default();
    let config_flag = inst.argv.as_ref().and_then(|a| a.flags.last("authorization-config"));

    if let (Some(argv), false) = (&inst.argv, uses.is_empty()) {
        if let Some(unknown) = argv.unknown_value(uses.iter().copied()) {
            return unknown;
        }
        let mut modes = Vec::new();
        for u in &uses {
            // pflag reads the value as one CSV record: no trimming, so " RBAC" is not RBAC.
            modes.extend(u.value.split(',').filter(|m| !m.is_empty()).map(String::from));
            r.sources.push(argv.flag_source(u));
        }
        if let Some(g) = argv.gaps.iter().find(|g| g.at > uses[uses.len() - 1].arg) {
            r.missing.push(g.missing.clone());
            r.reason = format!("{} was not supplied and may add to --authorization-mode", g.missing);
            r.sources.clear();
            return r;
        }
        if config_flag.is_some() {
            r.problem = Some(
                "--authorization-mode and --authorization-config are both set; the kube-apiserver refuses to start"
                    .into(),
            );
        }
        if let Some(bad) = modes.iter().find(|m| !MODES.contains(&m.as_str())) {
            r.problem = Some(format!(
                "{} is not an authorization mode (modes are case-sensitive: {}); the kube-apiserver refuses to start",
                crate::redact::quote(bad),
                MODES.join(", ")
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = modes.iter().find(|m| !seen.insert(m.as_str())) {
            r.problem =
                Some(format!("--authorization-mode lists {dup} more than once; the kube-apiserver refuses to start"));
        }
        if modes.is_empty() {
            // An empty --authorization-mode= leaves the slice empty, and the options'
            // defaulting puts AlwaysAllow back.
            modes.push("AlwaysAllow".into());
        }
        r.reason = if uses.len() > 1 {
            format!("--authorization-mode is given {} times; a string slice flag appends them", uses.len())
        } else {
            "set by --authorization-mode".into()
        };
        r.value = Some(Value::List(modes));
        r.origin = Origin::Flag;
        return r;
    }

    match &inst.authz {
        AuthzSource::File { doc, config } => {
            r.value = Some(Value::List(config.authorizers.iter().map(|a| a.kind.clone()).collect()));
            r.origin = Origin::ConfigFile;
            r.sources = config
                .authorizers
                .iter()
                .map(|a| {
                    let at = match a.block_item {
                        Some(item) => At::Item { doc: *doc, value: a.span, item },
                        None => At::Node { doc: *doc, span: a.span, style: NodeStyle::Opaque },
                    };
                    Source { value: a.kind.clone(), origin: Origin::ConfigFile, at }
                })
                .collect();
            r.reason = "the authorizers of the AuthorizationConfiguration".into();
            let loaded = loadable(inst, &file(*doc, config));
            match loaded.refusal.or_else(|| refusal(inst, *doc, config)) {
                Some((problem, at)) => {
                    r.problem = Some(problem);
                    r.problem_at = Some(at);
                }
                None => r.assumption = loaded.note,
            }
            r
        }
        AuthzSource::Missing(path) => {
            r.anchor = inst.flag_at("authorization-config");
            r.missing.push(path.clone());
            r.reason = format!("--authorization-config {path} was not supplied");
            r
        }
        AuthzSource::Absent => {
            if let Some(argv) = &inst.argv {
                if let Some(g) = argv.gaps.first() {
                    r.missing.push(g.missing.clone());
                    r.reason = format!("{} was not supplied and may set --authorization-mode", g.missing);
                    return r;
                }
                if let Some((_, v)) = argv.generated.iter().find(|(n, _)| n == "authorization-mode") {
                    r.value = Some(Value::List(v.split(',').map(String::from).collect()));
                    r.origin = Origin::KubeadmDefault;
                    r.reason = format!("not in extraArgs: kubeadm generates --authorization-mode={v}");
                    return r;
                }
            }
            r.value = Some(Value::List(vec!["AlwaysAllow".into()]));
            r.origin = Origin::Default;
            r.reason =
                "neither --authorization-mode nor --authorization-config is set: the default is AlwaysAllow".into();
            r
        }
    }
}

fn file(doc: usize, config: &AuthorizationConfig) -> StructuredFile<'_> {
    StructuredFile {
        flag: "authorization-config",
        gate: "StructuredAuthorizationConfiguration",
        kind: "AuthorizationConfiguration",
        doc,
        api_version: &config.api_version,
    }
}

/// Flags --authorization-config may not be combined with (AreLegacyFlagsSet, besides
/// --authorization-mode, which the caller has handled).
const LEGACY: &[&str] = &[
    "authorization-webhook-config-file",
    "authorization-webhook-version",
    "authorization-webhook-cache-authorized-ttl",
    "authorization-webhook-cache-unauthorized-ttl",
];

/// Why the kube-apiserver does not start with this AuthorizationConfiguration it can
/// decode, and where: the legacy flags, then the file's validation (after the gate, in
/// BuiltInAuthorizationOptions.Validate's order).
fn refusal(inst: &Instance, doc: usize, config: &AuthorizationConfig) -> Option<(String, At)> {
    let argv = inst.argv.as_ref();
    if let Some(u) = LEGACY.iter().find_map(|f| argv.and_then(|a| a.flags.last(f))) {
        let message = format!(
            "--authorization-config can not be specified when --authorization-mode or --authorization-webhook-* flags are defined (--{} is): the kube-apiserver refuses to start",
            u.name
        );
        return Some((message, argv?.flag_source(u).at));
    }
    let (message, span) = super::authz_validation::refusal(config)?;
    let at = At::Node { doc, span, style: NodeStyle::Opaque };
    Some((format!("the AuthorizationConfiguration is invalid ({message}): the kube-apiserver refuses to start"), at))
}
