//! The admission plugin controls: each is a declaration (a plugin and whether it must run)
//! evaluated here the same way.

use crate::component::admission as plugins;
use crate::evaluate::{Ctx, Evaluation, Verdict};
use crate::report::{Applicability, Edit};
use crate::resolve::{admission, At, Instance, Resolved, Value};

/// A plugin that must run (`enabled: true`) or must not.
#[derive(Debug, Clone, Copy)]
pub struct Plugin {
    pub plugin: &'static str,
    pub enabled: bool,
}

impl Plugin {
    pub fn evaluate(&self, inst: &Instance, ctx: &Ctx, applicability: Applicability) -> Evaluation {
        let r = admission::plugin(inst, self.plugin);
        let flag = match r.sources.first().map(|s| &s.at) {
            Some(At::Flag { name, .. }) => name.clone(),
            _ => "enable-admission-plugins".to_string(),
        };
        let setting = inst.component.setting(&flag).expect("registered");
        let p = self.plugin;
        let verdict = match (&r.value, &r.problem) {
            (None, _) => Verdict::Unknown(format!("cannot tell whether {p} runs: {}", r.reason)),
            (Some(_), Some(problem)) => Verdict::Fail(problem.clone(), None),
            (Some(Value::Bool(on)), None) if *on == self.enabled => {
                Verdict::Pass(format!("{p} {} ({})", if *on { "runs" } else { "does not run" }, r.reason))
            }
            (Some(Value::Bool(on)), None) => {
                let mut message = format!("{p} {} ({})", if *on { "runs" } else { "does not run" }, r.reason);
                let exists = plugins::plugin(p).is_some_and(|x| x.exists_at(inst.version.minor));
                if self.enabled && !exists {
                    message.push_str(&format!(", and Kubernetes {} has no {p} plugin", inst.version.describe()));
                }
                let edit = match (self.enabled, exists) {
                    (true, true) => enable(ctx, inst, &r, p),
                    (true, false) => None,
                    (false, _) => disable(ctx, &r, p),
                };
                let description = if self.enabled { format!("enable {p}") } else { format!("take {p} out") };
                Verdict::Fail(message, edit.and_then(|e| ctx.fix(description, vec![e], applicability)))
            }
            (Some(_), None) => Verdict::Unknown(format!("cannot tell whether {p} runs")),
        };
        let mut e = verdict.into_evaluation(setting, r);
        // The evidence is the plugin and whether it runs, not the list flag "= false".
        if let Some(Value::Bool(on)) = e.resolved.value {
            e.setting = format!("admission plugin {p}");
            e.resolved.value = Some(Value::Text(if on { "runs" } else { "does not run" }.into()));
        }
        e
    }
}

/// Adds the plugin to the list that decides: the `--admission-control` list when that
/// flag is used, else `--enable-admission-plugins` (a new flag when there is none). A
/// plugin that a disable list names is left to the user.
fn enable(ctx: &Ctx, inst: &Instance, r: &Resolved, plugin: &str) -> Option<Edit> {
    match r.sources.first().map(|s| &s.at) {
        Some(At::Flag { name, doc, value: Some(span), .. }) if name == "admission-control" => {
            Some(Edit { document: *doc, start: span.end, end: span.end, text: format!(",{plugin}") })
        }
        // Listed in --disable-admission-plugins: take it out (the default puts it back on).
        Some(at @ At::Flag { name, doc, value: Some(span), .. }) if name == "disable-admission-plugins" => {
            let default_on = plugins::plugin(plugin).is_some_and(|p| p.on_by_default_at(inst.version.minor));
            if !default_on {
                return None;
            }
            let edit = ctx.remove_list_item(*doc, *span, plugin)?;
            // The only plugin listed: the whole flag goes rather than `--disable-admission-plugins=`.
            if (edit.start, edit.end) == (span.start, span.end) {
                return ctx.remove_flag(at).or(Some(edit));
            }
            Some(edit)
        }
        Some(_) => None,
        None => {
            let argv = inst.argv.as_ref()?;
            match argv.flags.last("enable-admission-plugins") {
                Some(u) => match argv.flag_source(u).at {
                    At::Flag { doc, value: Some(span), .. } if span.is_empty() => {
                        Some(Edit { document: doc, start: span.end, end: span.end, text: plugin.to_string() })
                    }
                    At::Flag { doc, value: Some(span), .. } => {
                        Some(Edit { document: doc, start: span.end, end: span.end, text: format!(",{plugin}") })
                    }
                    _ => None,
                },
                // kubeadm writes its own --enable-admission-plugins; a new extraArg would replace it.
                None if argv.generated.iter().any(|(n, _)| n == "enable-admission-plugins") => None,
                None => ctx.insert_flag(inst, "enable-admission-plugins", plugin),
            }
        }
    }
}

/// Takes the plugin out of the enable list that names it.
fn disable(ctx: &Ctx, r: &Resolved, plugin: &str) -> Option<Edit> {
    let src = r.sources.first()?;
    let At::Flag { name, doc, value: Some(span), .. } = &src.at else { return None };
    if name == "disable-admission-plugins" {
        return None;
    }
    ctx.remove_list_item(*doc, *span, plugin)
}
