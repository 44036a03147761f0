use crate::component::Component;
use crate::evaluate::Expect;
use crate::report::{Applicability, Severity};
use crate::rules::{Check, Rule, Target};

pub const RULE: Rule = Rule {
    targets: &[Target { component: Component::Kubelet, slug: "kubelet-read-only-port", aliases: &[("checkov", "CKV_K8S_141"), ("kubescape", "C-0175"), ("trivy", "KCV-0082"), ("datadog", "un9-i5i-b9s")] }],
    title: "Ensure that the --read-only-port argument is set to 0",
    severity: Severity::High,
    check: Check::Setting(Expect {
        setting: "read-only-port",
        holds: |v| v.as_int() == Some(0),
        want: "0",
        fix: Some("0"),
    }),
    // Metrics scrapers (old Heapster, some monitoring agents) read port 10255.
    applicability: Applicability::Unsafe,
    rationale: "The read-only port serves pods, node metrics and stats over plain HTTP with no authentication or authorization. Without a config file the kubelet opens it on 10255; a v1beta1 config file that omits readOnlyPort keeps it closed.",
    remediation: "Set readOnlyPort: 0 in the kubelet config file (or --read-only-port=0), then restart the kubelet; move metrics scrapers to the authenticated port 10250.",
    file_flag: None,
};
