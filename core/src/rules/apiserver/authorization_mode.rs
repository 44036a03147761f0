use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{authorization_modes, At, Instance, Value};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-authorization-mode",
        aliases: &[
            ("checkov", "CKV_K8S_74"),
            ("kubescape", "C-0118"),
            ("trivy", "KCV-0007"),
            ("datadog", "sme-jsx-2n6"),
        ],
    }],
    title: "Ensure that the --authorization-mode argument is not set to AlwaysAllow",
    severity: Severity::Critical,
    check: Check::Custom {
        setting: "authorization-mode", evaluate,
        audit: "Passes when AlwaysAllow is not one of the authorizers: --authorization-mode appends over repetitions (it is a list), and without it or --authorization-config the default is AlwaysAllow. An AuthorizationConfiguration file is read when --authorization-config names it.",
    },
    // Clients that were authorized by AlwaysAllow need RBAC grants once it goes.
    applicability: Applicability::Unsafe,
    rationale: "AlwaysAllow authorizes every request that passes authentication, so RBAC and Node \
authorization are bypassed. The kube-apiserver uses AlwaysAllow when neither --authorization-mode nor \
--authorization-config is set, and a list that contains AlwaysAllow lets everything through.",
    remediation: "Set --authorization-mode=Node,RBAC (kubeadm's default) or use --authorization-config with \
an AuthorizationConfiguration whose authorizers do not include AlwaysAllow.",
    file_flag: Some("authorization-config"),
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let r = authorization_modes(inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell the kube-apiserver's authorization modes: {}", r.reason)),
        (Some(Value::List(modes)), None) if !modes.iter().any(|m| m == "AlwaysAllow") => {
            Verdict::Pass(format!("authorization modes are {} ({})", modes.join(","), r.reason))
        }
        (Some(v), problem) => {
            let mut message = if v.render().split(',').any(|m| m == "AlwaysAllow") {
                format!("AlwaysAllow authorizes every request: authorization modes are {} ({})", v.render(), r.reason)
            } else {
                format!("authorization modes are {} ({})", v.render(), r.reason)
            };
            if let Some(p) = problem {
                message = format!("{message}; {p}");
            }
            let fix = fix(inst, ctx, &r).and_then(|(d, edits)| ctx.fix(d, edits, rule.applicability));
            Verdict::Fail(message, fix)
        }
    };
    let setting = inst.component.setting("authorization-mode").expect("registered");
    verdict.into_evaluation_at(setting, r, |s| s.value.split(',').any(|m| m.trim() == "AlwaysAllow"))
}

/// Drops AlwaysAllow from every flag that lists it (Node,RBAC when nothing is left),
/// or adds `--authorization-mode=Node,RBAC` when the default applies.
fn fix(inst: &Instance, ctx: &Ctx, r: &crate::resolve::Resolved) -> Option<(String, Vec<crate::report::Edit>)> {
    if r.problem.is_some() {
        return None;
    }
    if r.sources.is_empty() {
        let edit = ctx.insert_flag(inst, "authorization-mode", "Node,RBAC")?;
        return Some(("add --authorization-mode=Node,RBAC".into(), vec![edit]));
    }
    if r.sources.iter().any(|s| matches!(s.at, At::Item { .. })) {
        // AuthorizationConfiguration: drop the AlwaysAllow authorizers, if others remain.
        let (allow, rest): (Vec<_>, Vec<_>) = r.sources.iter().partition(|s| s.value == "AlwaysAllow");
        if rest.is_empty() {
            return None;
        }
        let edits = allow.iter().map(|s| ctx.remove_item(&s.at)).collect::<Option<Vec<_>>>()?;
        return Some((
            "remove the AlwaysAllow authorizer; check that the remaining authorizers (RBAC) grant what clients need"
                .into(),
            edits,
        ));
    }
    if r.sources.iter().all(|s| s.value.trim().is_empty()) {
        // `--authorization-mode=` with nothing: the default, AlwaysAllow, applies.
        let edit = ctx.replace(&r.sources.last()?.at, setting(inst), "Node,RBAC")?;
        return Some(("set --authorization-mode=Node,RBAC".into(), vec![edit]));
    }
    // Repeated flags append: a flag left with nothing gets the defaults the others do not list yet
    // (a mode listed twice stops the kube-apiserver).
    let listed: Vec<&str> = r.sources.iter().flat_map(|s| s.value.split(',').map(str::trim)).collect();
    let mut edits = Vec::new();
    for s in &r.sources {
        if !matches!(s.at, At::Flag { .. }) {
            return None;
        }
        let modes: Vec<&str> = s.value.split(',').map(str::trim).collect();
        if !modes.contains(&"AlwaysAllow") {
            continue;
        }
        let kept: Vec<&str> = modes.into_iter().filter(|m| *m != "AlwaysAllow" && !m.is_empty()).collect();
        let new = if kept.is_empty() {
            let missing: Vec<&str> = ["Node", "RBAC"].into_iter().filter(|m| !listed.contains(m)).collect();
            if missing.is_empty() {
                return None;
            }
            missing.join(",")
        } else {
            kept.join(",")
        };
        edits.push(ctx.replace(&s.at, setting(inst), &new)?);
    }
    (!edits.is_empty()).then(|| ("remove AlwaysAllow from --authorization-mode".into(), edits))
}

fn setting(inst: &Instance) -> &'static crate::component::Setting {
    inst.component.setting("authorization-mode").expect("registered")
}
