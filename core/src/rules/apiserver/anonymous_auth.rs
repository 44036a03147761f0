use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::recognise::{AuthenticationConfig, Body};
use crate::report::{Applicability, Origin, Severity};
use crate::resolve::{
    authorization_modes, loadable, resolve, At, FileSource, Instance, NodeStyle, Resolved, Source, StructuredFile,
    Value,
};
use crate::rules::{Check, Rule, Target};

/// Anonymous requests are served unless `--anonymous-auth=false`, or an
/// AuthenticationConfiguration's `anonymous` block says otherwise (setting both stops the
/// server), or AlwaysAllow is an authorization mode, which turns anonymous auth off
/// (pkg/kubeapiserver/options/authentication.go ApplyAuthorization, ToAuthenticationConfig).
/// An AuthenticationConfiguration the version cannot load (its flag, gate, apiVersion) fails.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-anonymous-auth",
        aliases: &[("checkov", "CKV_K8S_68"), ("kubescape", "C-0113"), ("trivy", "KCV-0001")],
    }],
    title: "Ensure that the --anonymous-auth argument is set to false",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "anonymous-auth", evaluate,
        audit: "Anonymous requests are served unless --anonymous-auth=false, or an AuthenticationConfiguration's anonymous block says otherwise (setting both stops the server), or AlwaysAllow is an authorization mode (which turns anonymous auth off). An AuthenticationConfiguration the Kubernetes version cannot load fails.",
    },
    // Load balancers and probes that call /healthz, /livez or /readyz anonymously fail.
    applicability: Applicability::Unsafe,
    rationale: "With anonymous auth on (the default), requests without credentials reach the authorizer as \
system:anonymous; RBAC then decides what they may do, and a careless binding opens the API. Health checks may need \
anonymous access: an AuthenticationConfiguration (Kubernetes 1.32+, or 1.31 with the \
AnonymousAuthConfigurableEndpoints gate) can allow it for /livez, /readyz and /healthz only.",
    remediation: "Set --anonymous-auth=false, or (1.32+) give --authentication-config an AuthenticationConfiguration \
whose anonymous block is enabled only for the health endpoints (conditions: /livez, /readyz, /healthz).",
    file_flag: Some("authentication-config"),
};

/// Paths anonymous access may be limited to and still pass.
const HEALTH: &[&str] = &["/healthz", "/livez", "/readyz"];

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let s = inst.component.setting("anonymous-auth").expect("registered");
    let flag = resolve(inst, s);
    let file = inst.file("authentication-config");
    let mut note = None;
    let block = match file.map(|f| &f.source) {
        Some(FileSource::File { doc, body: Body::AuthenticationConfig(c) }) => {
            let loaded = loadable(inst, &structured(*doc, c));
            if let Some((message, at)) = loaded.refusal {
                let r = Resolved {
                    origin: Origin::ConfigFile,
                    reason: "the AuthenticationConfiguration".into(),
                    problem: Some(message.clone()),
                    problem_at: Some(at),
                    ..Resolved::unknown()
                };
                return Verdict::Fail(message, None).into_evaluation(s, r);
            }
            note = loaded.note;
            c.anonymous.as_ref().map(|a| (*doc, a))
        }
        Some(FileSource::Missing(path)) => {
            let r = Resolved {
                missing: vec![path.clone()],
                reason: format!("--authentication-config {path} was not supplied and may configure anonymous access"),
                anchor: inst.flag_at("authentication-config"),
                ..Resolved::unknown()
            };
            return Verdict::Unknown(format!("cannot tell whether anonymous requests are served: {}", r.reason))
                .into_evaluation(s, r);
        }
        Some(FileSource::File { body, .. }) => {
            let message = format!(
                "--authentication-config names a file of kind {}, not an AuthenticationConfiguration; the kube-apiserver refuses to start",
                body.kind()
            );
            let r = Resolved {
                origin: Origin::ConfigFile,
                problem: Some(message.clone()),
                anchor: inst.flag_at("authentication-config"),
                ..Resolved::unknown()
            };
            return Verdict::Fail(message, None).into_evaluation(s, r);
        }
        _ => None,
    };
    if let Some((doc, a)) = block {
        let source = Source {
            value: a.enabled.to_string(),
            origin: Origin::ConfigFile,
            at: At::Node { doc, span: a.span, style: NodeStyle::Opaque },
        };
        let r = Resolved {
            value: Some(Value::Bool(a.enabled)),
            origin: Origin::ConfigFile,
            sources: vec![source],
            reason: "the anonymous block of the AuthenticationConfiguration".into(),
            ..Resolved::unknown()
        };
        let gates = inst.component.setting("feature-gates").expect("registered");
        {
            let gate = "AnonymousAuthConfigurableEndpoints";
            let g = crate::resolve::resolve_gate(inst, gates, gate, false);
            if g.value == Some(Value::Bool(false)) && !inst.version.assumed {
                let message = format!(
                    "the AuthenticationConfiguration's anonymous block needs the {gate} feature gate, which is off in Kubernetes {}: the kube-apiserver refuses to start",
                    inst.version.describe()
                );
                return Verdict::Fail(message, None).into_evaluation(s, r);
            }
        }
        if !a.enabled && !a.conditions.is_empty() {
            let message =
                "the anonymous block has conditions but enabled is not true: the kube-apiserver refuses to start"
                    .to_string();
            return Verdict::Fail(message, None).into_evaluation(s, r);
        }
        if inst.argv.as_ref().is_some_and(|argv| argv.flags.last("anonymous-auth").is_some()) {
            let message = "--anonymous-auth is set and the AuthenticationConfiguration has an anonymous block: the kube-apiserver refuses to start".to_string();
            return Verdict::Fail(message, None).into_evaluation(s, r);
        }
        let verdict = if !a.enabled {
            Verdict::Pass(
                "anonymous requests are rejected (anonymous.enabled is false in the AuthenticationConfiguration)"
                    .into(),
            )
        } else if !a.conditions.is_empty() && a.conditions.iter().all(|c| HEALTH.contains(&c.as_str())) {
            Verdict::Pass(format!(
                "anonymous requests are served only for {} (the AuthenticationConfiguration's conditions)",
                a.conditions.join(", ")
            ))
        } else if a.conditions.is_empty() {
            Verdict::Fail("anonymous requests are served on every path (anonymous.enabled is true in the AuthenticationConfiguration, with no conditions)".into(), None)
        } else {
            let other: Vec<&str> = a.conditions.iter().map(String::as_str).filter(|c| !HEALTH.contains(c)).collect();
            Verdict::Fail(
                format!("anonymous requests are served for {} besides the health endpoints", other.join(", ")),
                None,
            )
        };
        return verdict.into_evaluation(s, Resolved { assumption: note, ..r });
    }
    // AlwaysAllow in the modes turns anonymous auth off (and lets everyone in anyway).
    let modes = authorization_modes(inst);
    let always_allow = modes.origin != Origin::ConfigFile
        && modes.value.as_ref().is_some_and(|v| v.items().iter().any(|m| m == "AlwaysAllow"));
    let name = name_in(s, &flag, inst);
    let verdict = match (&flag.value, &flag.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", flag.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), ctx.set(inst, &flag, s, "false", rule.applicability)),
        (Some(Value::Bool(false)), None) => Verdict::Pass(format!("anonymous requests are rejected: {name} is false ({})", flag.reason)),
        (Some(Value::Bool(true)), None) if always_allow => Verdict::Pass(format!(
            "{name} is true ({}), but the kube-apiserver turns anonymous auth off when AlwaysAllow is an authorization mode ({}); AlwaysAllow is the problem there",
            flag.reason, modes.reason
        )),
        (Some(v), None) => Verdict::Fail(
            format!("anonymous requests are served: {name} is {} ({})", v.render(), flag.reason),
            ctx.set(inst, &flag, s, "false", rule.applicability),
        ),
    };
    verdict.into_evaluation(s, Resolved { assumption: note, ..flag })
}

fn structured(doc: usize, c: &AuthenticationConfig) -> StructuredFile<'_> {
    StructuredFile {
        flag: "authentication-config",
        gate: "StructuredAuthenticationConfiguration",
        kind: "AuthenticationConfiguration",
        doc,
        api_version: &c.api_version,
    }
}
