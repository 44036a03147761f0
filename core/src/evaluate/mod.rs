//! Evaluate: a rule's outcome over resolved settings, and the fix that would make it
//! pass. A simple rule is an [`Expect`] (a setting and what it must be), evaluated
//! here the same way for every component; rules with real logic write their own.

mod fix;

pub use fix::Ctx;

use crate::component::Setting;
use crate::report::{Applicability, Fix, Origin, Status};
use crate::resolve::{display_name, resolve, At, ConfigSource, Instance, Resolved, Source, Value};
use crate::source::Span;

/// What a rule concluded about one component instance.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub status: Status,
    pub message: String,
    /// The setting's name in the report's evidence (config path, or flag for flag-only settings).
    pub setting: String,
    pub flag: String,
    pub resolved: Resolved,
    /// Where the finding points.
    pub at: Option<(usize, Span)>,
    pub fix: Option<Fix>,
}

/// A rule's conclusion before it is placed: the message, and a fix for failures.
pub enum Verdict {
    Pass(String),
    Fail(String, Option<Fix>),
    Unknown(String),
}

impl Verdict {
    pub fn into_evaluation(self, s: &Setting, resolved: Resolved) -> Evaluation {
        self.into_evaluation_at(s, resolved, |_| true)
    }

    /// Points the finding at the first source `relevant` picks (the first source otherwise).
    pub fn into_evaluation_at(self, s: &Setting, resolved: Resolved, relevant: impl Fn(&Source) -> bool) -> Evaluation {
        let (status, message, fix) = match self {
            Verdict::Pass(m) => match &resolved.assumption {
                Some(a) => (Status::Pass, format!("{m}; {a}"), None),
                None => (Status::Pass, m, None),
            },
            Verdict::Fail(m, f) => (Status::Fail, m, f),
            Verdict::Unknown(m) => (Status::Unknown, m, None),
        };
        let source = resolved.sources.iter().find(|s| relevant(s)).or(resolved.sources.first());
        // A startup error points where the component stops, not at the value.
        let stop = resolved.problem_at.as_ref().filter(|_| status == Status::Fail);
        let at = stop.or(source.map(|s| &s.at)).or(resolved.anchor.as_ref()).map(|at| (at.doc(), at.span()));
        Evaluation { status, message, setting: display_name(s, None), flag: format!("--{}", s.flag), resolved, at, fix }
    }
}

/// A simple rule: one setting of the component's registry and what it must be.
#[derive(Debug, Clone, Copy)]
pub struct Expect {
    /// The setting's flag name in the component's registry.
    pub setting: &'static str,
    /// Whether the effective value complies.
    pub holds: fn(&Value) -> bool,
    /// What complies, in words, after "must be": `false`, `0`, `set`, `at least 30`.
    pub want: &'static str,
    /// The value a fix writes, when there is one obvious value; [`UNSET`]: the fix removes
    /// the flag.
    pub fix: Option<&'static str>,
}

/// As [`Expect::fix`]: the fix takes the flag out.
pub const UNSET: &str = "";

/// `name is value (why)`, the way every finding says what it found: an empty flag value
/// is "empty", a setting nobody sets is "not set".
pub fn said(name: &str, v: &Value, r: &Resolved) -> String {
    match v {
        Value::Unset if r.origin == Origin::Flag => format!("{name} is empty ({})", r.reason),
        Value::Unset => match r.reason.strip_prefix("not set; ") {
            Some(rest) => format!("{name} is not set ({rest})"),
            None if r.reason.is_empty() || r.reason == "not set" => format!("{name} is not set"),
            None => format!("{name} is not set ({})", r.reason),
        },
        v => format!("{name} is {} ({})", shown(v), r.reason),
    }
}

/// How a value is shown in messages.
pub fn shown(v: &Value) -> String {
    match v {
        Value::Unset => "not set".into(),
        Value::Text(t) if t.is_empty() => "empty".into(),
        v => v.render(),
    }
}

/// The name a resolved setting goes by in a message: the flag when a flag decided it
/// or no config file is read, else its config path.
pub fn name_in(s: &Setting, r: &Resolved, inst: &Instance) -> String {
    let flags_only = matches!(inst.config, ConfigSource::Absent | ConfigSource::Unknown(_));
    match r.sources.first().map(|src| &src.at) {
        Some(At::Flag { .. }) => format!("--{}", s.flag),
        None if flags_only => format!("--{}", s.flag),
        _ => display_name(s, None),
    }
}

impl Expect {
    pub fn setting_of(&self, inst: &Instance) -> &'static Setting {
        inst.component
            .setting(self.setting)
            .unwrap_or_else(|| panic!("{} has no setting {}", inst.component.name(), self.setting))
    }

    pub fn evaluate(&self, inst: &Instance, ctx: &Ctx, applicability: Applicability) -> Evaluation {
        let s = self.setting_of(inst);
        let r = resolve(inst, s);
        let name = name_in(s, &r, inst);
        let verdict = match (&r.value, &r.problem) {
            (None, _) => Verdict::Unknown(format!("cannot tell {name}: {}", r.reason)),
            (Some(v), None) if (self.holds)(v) => Verdict::Pass(said(&name, v, &r)),
            (Some(v), problem) => {
                let message = match problem {
                    // The component rejects the value: the problem says it all.
                    Some(p) if r.reason.is_empty() => p.clone(),
                    Some(p) => format!("{}; {p}", said(&name, v, &r)),
                    None => format!("{}; it must be {}", said(&name, v, &r), self.want),
                };
                let fix = match self.fix {
                    Some(UNSET) => match r.sources.as_slice() {
                        [src] => ctx
                            .remove_flag(&src.at)
                            .and_then(|e| ctx.fix(format!("remove --{}", s.flag), vec![e], applicability)),
                        _ => None,
                    },
                    Some(value) => ctx.set(inst, &r, s, value, applicability),
                    None => None,
                };
                Verdict::Fail(message, fix)
            }
        };
        verdict.into_evaluation(s, r)
    }
}
