use crate::component::Component;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::recognise::{AdmissionConfig, Body, EventRateLimitConfig};
use crate::report::Origin;
use crate::report::{Applicability, Severity, Status};
use crate::resolve::{At, FileRef, FileSource, Instance, NodeStyle, Resolved, Source, Value};
use crate::rules::apiserver::admission::Plugin;
use crate::rules::{Check, Rule, Target};
use crate::source::Span;

/// EventRateLimit must run and have limits: the plugin without a configuration (or with
/// no `limits`) stops the kube-apiserver (plugin/pkg/admission/eventratelimit validation).
/// Its configuration comes from `--admission-control-config-file`, inline or by `path:`.
pub const RULE: Rule = Rule {
    targets: &[Target {
        component: Component::KubeApiserver,
        slug: "apiserver-admission-event-rate-limit",
        aliases: &[("checkov", "CKV_K8S_78"), ("kubescape", "C-0121"), ("trivy", "KCV-0010")],
    }],
    title: "Ensure that the admission control plugin EventRateLimit is set",
    severity: Severity::Medium,
    check: Check::Custom {
        setting: "enable-admission-plugins", evaluate,
        audit: "Passes when the EventRateLimit admission plugin runs and its configuration (from --admission-control-config-file, inline or by path) has limits: the plugin without a configuration, or with no limits, stops the kube-apiserver, which fails.",
    },
    // Without its configuration file in place the kube-apiserver does not start.
    applicability: Applicability::Unsafe,
    rationale: "Without EventRateLimit any client may flood the kube-apiserver and etcd with Events. The plugin is \
off by default and needs a configuration with at least one limit, or the kube-apiserver refuses to start.",
    remediation: "Write an AdmissionConfiguration with an EventRateLimit plugin whose configuration \
(eventratelimit.admission.k8s.io/v1alpha1 Configuration) sets limits, pass it with \
--admission-control-config-file, and add EventRateLimit to --enable-admission-plugins.",
    file_flag: None,
};

fn evaluate(inst: &Instance, ctx: &Ctx, rule: &Rule) -> Evaluation {
    let mut e = Plugin { plugin: "EventRateLimit", enabled: true }.evaluate(inst, ctx, rule.applicability);
    let setting = inst.component.setting("admission-control-config-file").expect("registered");
    let admission = inst.file("admission-control-config-file");
    if e.status != Status::Pass {
        // Enabling it is a fix only where its limits are already configured: without them the
        // kube-apiserver would not start.
        let configured = match admission.map(|f| &f.source) {
            Some(FileSource::File { body: Body::AdmissionConfig(a), .. }) => {
                matches!(limits(inst, a), Verdict::Pass(_))
            }
            _ => false,
        };
        if !configured {
            e.fix = None;
        }
        return e;
    }
    // It runs: it needs its limits.
    let (verdict, resolved) = match admission {
        None => (fail("no --admission-control-config-file gives it a configuration"), Resolved::unknown()),
        Some(FileRef { source: FileSource::Missing(path), .. }) => (
            Verdict::Unknown(format!("its configuration, {path}, was not supplied")),
            Resolved {
                missing: vec![path.clone()],
                anchor: inst.flag_at("admission-control-config-file"),
                ..Resolved::unknown()
            },
        ),
        Some(f @ FileRef { source: FileSource::File { doc, body: Body::AdmissionConfig(a) }, .. }) => {
            let source = Source {
                value: f.path.clone(),
                origin: Origin::ConfigFile,
                at: At::Node { doc: *doc, span: Span::new(0, 0), style: NodeStyle::Opaque },
            };
            let r = Resolved {
                value: Some(Value::Text(f.path.clone())),
                origin: Origin::ConfigFile,
                reason: "the AdmissionConfiguration".into(),
                sources: vec![source],
                ..Resolved::unknown()
            };
            (limits(inst, a), r)
        }
        Some(FileRef { source: FileSource::File { body, .. }, .. }) => (
            fail(&format!(
                "--admission-control-config-file names a file of kind {}, not an AdmissionConfiguration (the EventRateLimit \
                 configuration goes in its plugins list); the kube-apiserver refuses to start",
                body.kind()
            )),
            Resolved::unknown(),
        ),
    };
    let message_prefix = e.message.clone();
    let mut placed = verdict.into_evaluation(setting, resolved);
    placed.message = format!("{message_prefix}; {}", placed.message);
    if placed.at.is_none() {
        placed.at = e.at.take();
    }
    placed
}

fn fail(why: &str) -> Verdict {
    Verdict::Fail(format!("{why}: the kube-apiserver refuses to start EventRateLimit without limits"), None)
}

fn limits(inst: &Instance, a: &AdmissionConfig) -> Verdict {
    let Some(plugin) = a.plugins.iter().find(|p| p.name == "EventRateLimit") else {
        return fail("the AdmissionConfiguration has no EventRateLimit plugin");
    };
    let config = match (&plugin.configuration, &plugin.path) {
        (Some(inline), _) => match inline.as_ref() {
            Body::EventRateLimitConfig(c) => Some(c.clone()),
            _ => return fail("its inline configuration is not an eventratelimit.admission.k8s.io Configuration"),
        },
        (None, Some(_)) => match inst.file(crate::resolve::EVENT_RATE_LIMIT_FILE).map(|f| &f.source) {
            Some(FileSource::File { body: Body::EventRateLimitConfig(c), .. }) => Some(c.clone()),
            Some(FileSource::Missing(path)) => {
                return Verdict::Unknown(format!("its configuration file, {path}, was not supplied"))
            }
            _ => return fail("the file its path names is not an eventratelimit.admission.k8s.io Configuration"),
        },
        (None, None) => None,
    };
    match config {
        None => fail("the AdmissionConfiguration's EventRateLimit entry has no configuration"),
        Some(EventRateLimitConfig { limits, .. }) if limits.is_empty() => fail("its configuration sets no limits"),
        Some(EventRateLimitConfig { limits, .. }) => {
            let bad = limits.iter().find(|l| {
                !matches!(l.kind.as_str(), "Server" | "Namespace" | "User" | "SourceAndObject")
                    || l.qps.is_none_or(|q| q <= 0)
                    || l.burst.is_none_or(|b| b <= 0)
            });
            match bad {
                Some(l) => Verdict::Fail(
                    format!("limit of type {:?} needs a type Server, Namespace, User or SourceAndObject and a positive qps and burst; the kube-apiserver refuses to start", l.kind),
                    None,
                ),
                None => {
                    let kinds: Vec<&str> = limits.iter().map(|l| l.kind.as_str()).collect();
                    Verdict::Pass(format!("it limits events per {}", kinds.join(", ")))
                }
            }
        }
    }
}
