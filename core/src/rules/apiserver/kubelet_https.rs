use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Expect, UNSET};
use crate::report::{Applicability, Severity, Status};
use crate::resolve::Instance;
use crate::rules::{Check, Rule, Target};

/// False is a failure up to 1.18; from 1.19 the flag does nothing (connections to the
/// kubelets always use HTTPS), and 1.22 removed it (it then stops the kube-apiserver).
const EXPECT: Expect = Expect {
    setting: "kubelet-https",
    holds: |v| v.as_bool() == Some(true),
    want: "true (or left out)",
    fix: Some(UNSET),
};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::KubeApiserver, slug: "apiserver-kubelet-https", aliases: &[("checkov", "CKV_K8S_71"), ("trivy", "KCV-0004"), ("datadog", "h4p-ch8-wwd")] }],
    title: "Ensure that the --kubelet-https argument is set to true",
    severity: Severity::High,
    check: Check::Custom {
        setting: "kubelet-https", evaluate,
        audit: "--kubelet-https=false fails up to Kubernetes 1.18; from 1.19 the flag does nothing (connections to the kubelets always use HTTPS) and passes, and from 1.22, which removed it, setting it stops the kube-apiserver and fails.",
    },
    applicability: Applicability::Safe,
    rationale: "With --kubelet-https=false the kube-apiserver talks to kubelets over plain HTTP, so logs, exec sessions and credentials cross the network unencrypted. The flag defaulted to true, stopped doing anything in Kubernetes 1.19 (connections always use HTTPS) and was removed later.",
    remediation: "Remove --kubelet-https=false.",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let mut e = EXPECT.evaluate(inst, ctx, rule.applicability);
    let minor = inst.version.minor;
    if e.status == Status::Fail && e.resolved.problem.is_none() && (19..22).contains(&minor) && !inst.version.assumed {
        e.status = Status::Pass;
        e.message = format!(
            "{}; but from Kubernetes 1.19 the flag does nothing: the kube-apiserver always uses HTTPS to the kubelets",
            e.message.split("; it must be").next().unwrap_or(&e.message)
        );
        e.fix = None;
    }
    e
}
