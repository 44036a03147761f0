use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation};
use crate::report::{Applicability, Severity};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};

/// cis-1.23 and cis-1.24 word this control the other way round ("is not set") and their
/// remediation removes the plugin; from cis-1.7 on it is "is set". kubecis checks what
/// protects the cluster in every version, and says so.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-deny-service-external-ips",
        aliases: &[("kubescape", "C-0283"), ("trivy", "KCV-0003")],
    }],
    title: "Ensure that the --DenyServiceExternalIPs is set",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "enable-admission-plugins", evaluate,
        audit: "Passes when the DenyServiceExternalIPs admission plugin runs. cis-1.23 and cis-1.24 word this control the other way round (\"is not set\") and their remediation removes the plugin; kubecis checks what protects the cluster in every version, and its message says so.",
    },
    // Services that use spec.externalIPs are refused.
    applicability: Applicability::Unsafe,
    rationale: "A Service's spec.externalIPs lets whoever can create Services intercept traffic to any address \
(CVE-2020-8554). The DenyServiceExternalIPs admission plugin (Kubernetes 1.21+, off by default) refuses new external \
IPs. cis-1.23 and cis-1.24 ask for the opposite; kubecis follows the later versions.",
    remediation: "Add DenyServiceExternalIPs to --enable-admission-plugins.",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let mut e = Plugin { plugin: "DenyServiceExternalIPs", enabled: true }.evaluate(inst, ctx, rule.applicability);
    if matches!(ctx.benchmark, "cis-1.23" | "cis-1.24") {
        e.message.push_str(&format!(
            "; {} words this control the other way round (\"is not set\"), kubecis checks that the plugin runs, as cis-1.7 and later do",
            ctx.benchmark
        ));
    }
    e
}

use crate::resolve::Instance;
