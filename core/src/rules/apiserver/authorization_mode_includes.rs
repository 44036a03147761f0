use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Edit, Severity};
use crate::resolve::{authorization_modes, At, Instance, Resolved};
use crate::rules::{Check, Rule, Target};

/// The Node authorizer must be one of the kube-apiserver's authorizers (1.2.7).
pub const NODE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-authorization-mode-node",
        aliases: &[
            ("checkov", "CKV_K8S_75"),
            ("kubescape", "C-0119"),
            ("trivy", "KCV-0008"),
            ("datadog", "kvf-zte-cje"),
        ],
    }],
    title: "Ensure that the --authorization-mode argument includes Node",
    severity: Severity::High,
    check: Check::Custom {
        setting: "authorization-mode", evaluate: node,
        audit: "Passes when Node is one of the kube-apiserver's authorizers (--authorization-mode, whose repetitions append, or the AuthorizationConfiguration --authorization-config names). Without either, the default is AlwaysAllow alone.",
    },
    applicability: Applicability::Unsafe,
    rationale: "The Node authorizer limits each kubelet to the objects of its own pods and node. Without it, kubelets \
need broad RBAC grants, and a compromised node reads every Secret.",
    remediation: "Add Node to --authorization-mode (--authorization-mode=Node,RBAC), or a Node authorizer to the \
AuthorizationConfiguration, together with the NodeRestriction admission plugin.",
    file_flag: Some("authorization-config"),
};

/// The RBAC authorizer must be one of the kube-apiserver's authorizers (1.2.8).
pub const RBAC: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-authorization-mode-rbac",
        aliases: &[
            ("checkov", "CKV_K8S_77"),
            ("kubescape", "C-0120"),
            ("trivy", "KCV-0009"),
            ("datadog", "exa-yvv-gqk"),
        ],
    }],
    title: "Ensure that the --authorization-mode argument includes RBAC",
    severity: Severity::High,
    check: Check::Custom {
        setting: "authorization-mode", evaluate: rbac,
        audit: "Passes when RBAC is one of the kube-apiserver's authorizers (--authorization-mode, whose repetitions append, or the AuthorizationConfiguration --authorization-config names). Without either, the default is AlwaysAllow alone.",
    },
    applicability: Applicability::Unsafe,
    rationale: "RBAC grants each user and service account only the permissions its Roles give. Without it the \
cluster falls back to authorizers that cannot express least privilege (ABAC, AlwaysAllow) or to a webhook alone.",
    remediation: "Add RBAC to --authorization-mode (--authorization-mode=Node,RBAC), or an RBAC authorizer to the \
AuthorizationConfiguration.",
    file_flag: Some("authorization-config"),
};

fn node(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    includes(inst, ctx, rule, "Node")
}

fn rbac(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    includes(inst, ctx, rule, "RBAC")
}

fn includes(inst: &Instance, ctx: &Ctx, rule: &Rule, mode: &str) -> Evaluation {
    let s = inst.component.setting("authorization-mode").expect("registered");
    let r = authorization_modes(inst);
    let verdict = match (&r.value, &r.problem) {
        (None, _) => Verdict::Unknown(format!("cannot tell the kube-apiserver's authorization modes: {}", r.reason)),
        (Some(_), Some(p)) => Verdict::Fail(p.clone(), None),
        (Some(v), None) if v.items().iter().any(|m| m == mode) => {
            Verdict::Pass(format!("authorization modes {} include {mode} ({})", v.render(), r.reason))
        }
        (Some(v), None) if r.sources.iter().all(|s| s.value.is_empty()) && !r.sources.is_empty() => Verdict::Fail(
            format!(
                "--authorization-mode is empty, so the default applies: authorization modes are {}, without {mode}",
                v.render()
            ),
            edit(inst, ctx, &r, mode)
                .and_then(|e| ctx.fix(format!("add {mode} to --authorization-mode"), vec![e], rule.applicability)),
        ),
        (Some(v), None) => Verdict::Fail(
            format!("authorization modes {} do not include {mode} ({})", v.render(), r.reason),
            edit(inst, ctx, &r, mode)
                .and_then(|e| ctx.fix(format!("add {mode} to --authorization-mode"), vec![e], rule.applicability)),
        ),
    };
    // Point at the use that names the mode, when one does.
    verdict.into_evaluation_at(s, r, |src| src.value.split(',').any(|m| m == mode))
}

/// `Node` goes first and `RBAC` last in the one flag that sets the modes; with no flag,
/// `--authorization-mode=Node,RBAC` is added (the default is AlwaysAllow).
fn edit(inst: &Instance, ctx: &Ctx, r: &Resolved, mode: &str) -> Option<Edit> {
    match r.sources.as_slice() {
        [] => ctx.insert_flag(inst, "authorization-mode", "Node,RBAC"),
        [src] => match &src.at {
            At::Flag { doc, value: Some(span), .. } if span.is_empty() => {
                Some(Edit { document: *doc, start: span.start, end: span.end, text: "Node,RBAC".into() })
            }
            At::Flag { doc, value: Some(span), .. } => {
                let (at, text) =
                    if mode == "Node" { (span.start, "Node,".to_string()) } else { (span.end, format!(",{mode}")) };
                Some(Edit { document: *doc, start: at, end: at, text })
            }
            _ => None,
        },
        _ => None,
    }
}
