//! The rules: one file each, metadata next to the code that evaluates it.

mod apiserver_authorization_mode;
mod kubelet_anonymous_auth;
mod kubelet_authorization_mode;

use crate::evaluate::{Ctx, Evaluation};
use crate::report::{Fix, Severity, Status};
use crate::resolve::{Component, Instance};
use crate::resolve::{Resolved, Source};
use serde::Serialize;
use std::collections::BTreeMap;

/// A rule's metadata, as `kubecis rules` lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    /// Stable identifier, e.g. `kubelet-anonymous-auth`.
    pub slug: &'static str,
    pub title: &'static str,
    pub component: Component,
    pub severity: Severity,
    /// The setting the rule reads (config path or flag name).
    pub setting: &'static str,
    pub flag: &'static str,
    /// Control id per benchmark version.
    pub cis: BTreeMap<&'static str, CisControl>,
    /// The same check in other tools (Datadog, Checkov, Kubescape, Trivy, kube-bench).
    pub aliases: BTreeMap<&'static str, &'static str>,
    pub rationale: &'static str,
    pub remediation: &'static str,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct CisControl {
    pub id: &'static str,
    pub automated: bool,
}

/// The static form of a rule, written next to its code.
pub struct Rule {
    pub slug: &'static str,
    pub title: &'static str,
    pub component: Component,
    pub severity: Severity,
    pub setting: &'static str,
    pub flag: &'static str,
    /// `(benchmark, control id, automated)`.
    pub cis: &'static [(&'static str, &'static str, bool)],
    pub aliases: &'static [(&'static str, &'static str)],
    pub rationale: &'static str,
    pub remediation: &'static str,
    pub evaluate: fn(&Instance, &Ctx) -> Evaluation,
}

impl Rule {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            slug: self.slug,
            title: self.title,
            component: self.component,
            severity: self.severity,
            setting: self.setting,
            flag: self.flag,
            cis: self.cis.iter().map(|&(b, id, automated)| (b, CisControl { id, automated })).collect(),
            aliases: self.aliases.iter().copied().collect(),
            rationale: self.rationale,
            remediation: self.remediation,
        }
    }

    pub fn control(&self, benchmark: &str) -> Option<CisControl> {
        self.cis.iter().find(|(b, _, _)| *b == benchmark).map(|&(_, id, automated)| CisControl { id, automated })
    }
}

/// A rule's conclusion before it is placed: the message, and a fix for failures.
pub enum Verdict {
    Pass(String),
    Fail(String, Option<Fix>),
    Unknown(String),
}

impl Verdict {
    pub fn into_evaluation(self, rule: &Rule, resolved: Resolved) -> Evaluation {
        self.into_evaluation_at(rule, resolved, |_| true)
    }

    /// Points the finding at the first source `relevant` picks (the first source otherwise).
    pub fn into_evaluation_at(self, rule: &Rule, resolved: Resolved, relevant: impl Fn(&Source) -> bool) -> Evaluation {
        let (status, message, fix) = match self {
            Verdict::Pass(m) => (Status::Pass, m, None),
            // /configz is a live view: the fix belongs in the files it came from.
            Verdict::Fail(m, f) => (Status::Fail, m, f.filter(|_| resolved.origin != crate::report::Origin::Configz)),
            Verdict::Unknown(m) => (Status::Unknown, m, None),
        };
        let source = resolved.sources.iter().find(|s| relevant(s)).or(resolved.sources.first());
        let at = source.map(|s| &s.at).or(resolved.anchor.as_ref()).map(|at| (at.doc(), at.span()));
        Evaluation {
            status,
            message,
            setting: rule.setting.to_string(),
            flag: rule.flag.to_string(),
            resolved,
            at,
            fix,
        }
    }
}

pub const ALL: &[&Rule] =
    &[&kubelet_anonymous_auth::RULE, &kubelet_authorization_mode::RULE, &apiserver_authorization_mode::RULE];

pub fn rules() -> Vec<RuleMeta> {
    ALL.iter().map(|r| r.meta()).collect()
}

/// Every benchmark version with the same id, for the common case where a control kept its number.
#[macro_export]
#[doc(hidden)]
macro_rules! cis_everywhere {
    ($id:literal) => {
        &[
            ("cis-1.5", $id, true),
            ("cis-1.6", $id, true),
            ("cis-1.20", $id, true),
            ("cis-1.23", $id, true),
            ("cis-1.24", $id, true),
            ("cis-1.7", $id, true),
            ("cis-1.8", $id, true),
            ("cis-1.9", $id, true),
            ("cis-1.10", $id, true),
            ("cis-1.11", $id, true),
            ("cis-1.12", $id, true),
        ]
    };
}
