use crate::component::Component;
use crate::evaluate::{name_in, Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Severity};
use crate::resolve::{resolve, Instance, Value};
use crate::rules::{Check, Rule, Target};

/// The audit log is written only with both --audit-log-path and --audit-policy-file
/// (k8s.io/apiserver pkg/server/options/audit.go: no policy, no events).
pub const PATH: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-audit-log-path",
        aliases: &[
            ("checkov", "CKV_K8S_91"),
            ("kubescape", "C-0130"),
            ("trivy", "KCV-0019"),
            ("datadog", "5nv-97q-t4e"),
        ],
    }],
    title: "Ensure that the --audit-log-path argument is set",
    severity: Severity::High,
    check: Check::Custom {
        setting: "audit-log-path", evaluate: path,
        audit: "Passes when --audit-log-path is set together with --audit-policy-file: without a policy the kube-apiserver writes no audit event at all, so a path alone fails.",
    },
    applicability: Applicability::Safe,
    rationale: "The audit log records who did what to the API. The kube-apiserver writes it only when \
--audit-log-path names a file (or - for standard output) and --audit-policy-file says what to record: with a path \
and no policy, no event is written.",
    remediation: "Set --audit-log-path (for example /var/log/kubernetes/audit/audit.log, mounted into the static Pod) \
and --audit-policy-file to an audit Policy.",
    file_flag: None,
};

pub const MAXAGE: Rule = retention(&[Target { component: Component::KubeApiserver, slug: "apiserver-audit-log-maxage", aliases: &[("checkov", "CKV_K8S_92"), ("kubescape", "C-0131"), ("trivy", "KCV-0020"), ("datadog", "djt-49a-5ep")] }], "audit-log-maxage", "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate", maxage,
    "Old audit files are deleted after --audit-log-maxage days. The benchmark asks for 30 days at least; 0 (the default) deletes none by age.",
    "Set --audit-log-maxage=30 (or the retention your policy asks for).");
pub const MAXBACKUP: Rule = retention(&[Target { component: Component::KubeApiserver, slug: "apiserver-audit-log-maxbackup", aliases: &[("checkov", "CKV_K8S_93"), ("kubescape", "C-0132"), ("trivy", "KCV-0021"), ("datadog", "2zh-c9a-8n8")] }], "audit-log-maxbackup", "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate", maxbackup,
    "At most --audit-log-maxbackup rotated audit files are kept. The benchmark asks for 10 at least; 0 (the default) keeps every file.",
    "Set --audit-log-maxbackup=10 (or what your retention needs).");
pub const MAXSIZE: Rule = retention(&[Target { component: Component::KubeApiserver, slug: "apiserver-audit-log-maxsize", aliases: &[("checkov", "CKV_K8S_94"), ("kubescape", "C-0133"), ("trivy", "KCV-0022"), ("datadog", "6c7-jd2-t3u")] }], "audit-log-maxsize", "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate", maxsize,
    "The audit file is rotated at --audit-log-maxsize megabytes. The benchmark asks for 100 at least; 0 (the default) rotates at the log library's default of 100.",
    "Set --audit-log-maxsize=100 (or what your retention needs).");

const fn retention(
    targets: &'static [Target],
    setting: &'static str,
    title: &'static str,
    evaluate: fn(&Instance, &Ctx, &Rule) -> Evaluation,
    rationale: &'static str,
    remediation: &'static str,
) -> Rule {
    Rule {
        targets,
        title,
        severity: Severity::Low,
        check: Check::Custom {
        setting, evaluate,
        audit: "Passes when the retention flag is at least the value the benchmark asks for; 0, the default, means no limit (or, for the size, the log library's 100 MB). Moot without an audit log (--audit-log-path).",
    },
        applicability: Applicability::Safe,
        rationale,
        remediation,
        file_flag: None,
    }
}

fn path(inst: &Instance, _ctx: &Ctx, _rule: &Rule) -> Evaluation {
    let s = inst.component.setting("audit-log-path").expect("registered");
    let r = resolve(inst, s);
    let policy = resolve(inst, inst.component.setting("audit-policy-file").expect("registered"));
    let verdict = match (&r.value, &policy.value) {
        (None, _) => Verdict::Unknown(format!("cannot tell --audit-log-path: {}", r.reason)),
        (Some(v), _) if !v.is_set() => {
            Verdict::Fail(format!("--audit-log-path is not set ({}): no audit log is written", r.reason), None)
        }
        (Some(_), None) => Verdict::Unknown(format!("cannot tell --audit-policy-file: {}", policy.reason)),
        (Some(v), Some(p)) if !p.is_set() => Verdict::Fail(
            format!(
                "--audit-log-path is {}, but no --audit-policy-file says what to record: no event is written",
                v.render()
            ),
            None,
        ),
        (Some(v), Some(p)) => {
            Verdict::Pass(format!("the audit log goes to {} with the policy {} ({})", v.render(), p.render(), r.reason))
        }
    };
    verdict.into_evaluation(s, r)
}

fn maxage(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    at_least(inst, ctx, rule, "audit-log-maxage", 30, "0 deletes no file by age")
}

fn maxbackup(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    at_least(inst, ctx, rule, "audit-log-maxbackup", 10, "0 keeps every file")
}

fn maxsize(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    at_least(inst, ctx, rule, "audit-log-maxsize", 100, "0 rotates at the log library's default of 100 megabytes")
}

/// At least `min`, where 0 means no limit (or, for the size, the library's 100 MB); moot
/// without an audit log.
fn at_least(inst: &Instance, ctx: &Ctx, rule: &Rule, flag: &str, min: i64, zero: &str) -> Evaluation {
    let s = inst.component.setting(flag).expect("registered");
    let r = resolve(inst, s);
    let path = resolve(inst, inst.component.setting("audit-log-path").expect("registered"));
    let name = name_in(s, &r, inst);
    let verdict = match (&r.value, &r.problem, &path.value) {
        (None, _, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
        (Some(_), Some(p), _) => Verdict::Fail(p.clone(), None),
        (_, _, Some(p)) if !p.is_set() => Verdict::Fail(
            format!("no audit log is written (--audit-log-path is not set), so {name} keeps nothing"),
            None,
        ),
        (Some(Value::Int(n)), None, _) if *n < 0 => {
            Verdict::Fail(format!("{name} is {n}: the kube-apiserver refuses a negative value"), None)
        }
        (Some(Value::Int(0)), None, _) => Verdict::Pass(format!("{name} is 0 ({}): {zero}", r.reason)),
        (Some(Value::Int(n)), None, _) if *n >= min => Verdict::Pass(format!("{name} is {n} ({})", r.reason)),
        (Some(v), None, _) => Verdict::Fail(
            format!("{name} is {} ({}); the benchmark asks for {min} or more", v.render(), r.reason),
            ctx.set(inst, &r, s, &min.to_string(), rule.applicability),
        ),
    };
    verdict.into_evaluation(s, r)
}
