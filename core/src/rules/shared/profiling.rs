use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

/// One definition for every control-plane component that serves /debug/pprof.
pub const RULE: Rule = Rule {
    targets: &[
        Target {
            component: Component::KubeApiserver,
            slug: "apiserver-profiling",
            aliases: &[
                ("checkov", "CKV_K8S_90"),
                ("kubescape", "C-0129"),
                ("trivy", "KCV-0018"),
                ("datadog", "pv9-m3h-8wy"),
            ],
        },
        Target {
            component: Component::KubeControllerManager,
            slug: "controller-manager-profiling",
            aliases: &[("checkov", "CKV_K8S_107"), ("kubescape", "C-0145"), ("trivy", "KCV-0034")],
        },
        Target {
            component: Component::KubeScheduler,
            slug: "scheduler-profiling",
            aliases: &[("checkov", "CKV_K8S_114"), ("kubescape", "C-0151"), ("trivy", "KCV-0040")],
        },
    ],
    title: "Ensure that the --profiling argument is set to false",
    severity: Severity::Medium,
    check: Check::Setting(Expect {
        setting: "profiling",
        holds: |v| v.as_bool() == Some(false),
        want: "false",
        fix: Some("false"),
    }),
    applicability: Applicability::Safe,
    rationale: "Profiling (on by default) serves /debug/pprof and /debug/flags/v, which show the program's internals \
and let a caller change its log verbosity. Profiling is for debugging, not for a running cluster. On the \
kube-apiserver, --debug-socket-path serves the same without authentication whatever --profiling says.",
    remediation: "Set --profiling=false on the component (its static Pod manifest, or extraArgs in the kubeadm \
ClusterConfiguration).",
    file_flag: None,
};
