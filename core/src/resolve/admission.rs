//! Whether an admission plugin runs: `(on by default − --disable-admission-plugins) ∪
//! --enable-admission-plugins`, or exactly the `--admission-control` list (deprecated,
//! it replaces the defaults; combining it with the others stops the server), at the
//! instance's Kubernetes version (k8s.io/apiserver pkg/server/options/admission.go;
//! pkg/kubeapiserver/options/admission.go).

use super::{resolve, Instance, Resolved, Source, Value};
use crate::component::admission as plugins;
use crate::report::Origin;

/// The three flags and what they say.
struct Flags {
    enable: Resolved,
    disable: Resolved,
    control: Resolved,
}

fn flags(inst: &Instance) -> Flags {
    let get = |flag| resolve(inst, inst.component.setting(flag).expect("registered"));
    Flags {
        enable: get("enable-admission-plugins"),
        disable: get("disable-admission-plugins"),
        control: get("admission-control"),
    }
}

fn listed(r: &Resolved) -> &[String] {
    r.value.as_ref().map_or(&[], Value::items)
}

/// The source (flag use) that lists `name`.
fn naming(r: &Resolved, name: &str) -> Option<Source> {
    r.sources.iter().find(|s| s.value.split(',').any(|p| p == name)).cloned()
}

/// Whether plugin `name` runs: `Value::Bool`, with the flag that decides it as its source.
pub fn plugin(inst: &Instance, name: &str) -> Resolved {
    let f = flags(inst);
    let minor = inst.version.minor;
    let mut r = Resolved::unknown();
    for x in [&f.enable, &f.disable, &f.control] {
        if x.value.is_none() {
            return Resolved { missing: x.missing.clone(), reason: x.reason.clone(), anchor: x.anchor.clone(), ..r };
        }
    }
    let problem = problems(&f, minor).or_else(|| gate_problem(inst, &f));
    let (enabled, source, reason) = if f.control.value.as_ref().is_some_and(Value::is_set) {
        let on = listed(&f.control).iter().any(|p| p == name);
        let reason = if on {
            "listed in --admission-control".to_string()
        } else {
            "not listed in --admission-control, which replaces the default plugins".to_string()
        };
        (on, naming(&f.control, name).or(f.control.sources.last().cloned()), reason)
    } else if listed(&f.enable).iter().any(|p| p == name) {
        let how = if f.enable.origin == Origin::KubeadmDefault {
            "kubeadm enables it"
        } else {
            "--enable-admission-plugins lists it"
        };
        (true, naming(&f.enable, name), how.to_string())
    } else if listed(&f.disable).iter().any(|p| p == name) {
        (false, naming(&f.disable, name), "--disable-admission-plugins lists it".to_string())
    } else {
        let on = plugins::plugin(name).is_some_and(|p| p.on_by_default_at(minor));
        let state = if on { "on" } else { "off" };
        (on, None, format!("{state} by default in Kubernetes {}", inst.version.describe()))
    };
    r.value = Some(Value::Bool(enabled));
    r.origin = source.as_ref().map_or(Origin::Default, |s| s.origin);
    // A default points at the list it would go in, where there is one.
    if source.is_none() {
        r.anchor = inst.flag_at("enable-admission-plugins");
    }
    r.reason = reason;
    r.sources = source.into_iter().collect();
    r.problem = problem;
    r
}

/// A plugin that runs only behind a feature gate stops the server without it (SecurityContextDeny
/// in 1.27–1.29: plugin/pkg/admission/securitycontext/scdeny/admission.go).
fn gate_problem(inst: &Instance, f: &Flags) -> Option<String> {
    let minor = inst.version.minor;
    let on = |name: &str| {
        if f.control.value.as_ref().is_some_and(Value::is_set) {
            listed(&f.control).iter().any(|p| p == name)
        } else {
            listed(&f.enable).iter().any(|p| p == name)
        }
    };
    let gates = inst.component.setting("feature-gates")?;
    plugins::ALL.iter().filter(|p| p.exists_at(minor) && on(p.name)).find_map(|p| {
        let (since, gate) = p.gate?;
        if minor < since {
            return None;
        }
        let g = super::resolve_gate(inst, gates, gate, false);
        (g.value != Some(Value::Bool(true))).then(|| {
            format!(
                "{} needs the {gate} feature gate in Kubernetes {} and it is off; the kube-apiserver refuses to start",
                p.name,
                inst.version.describe()
            )
        })
    })
}

/// What stops the kube-apiserver before any plugin runs.
fn problems(f: &Flags, minor: u32) -> Option<String> {
    if f.control.value.as_ref().is_some_and(Value::is_set)
        && (f.enable.value.as_ref().is_some_and(Value::is_set) || f.disable.value.as_ref().is_some_and(Value::is_set))
    {
        return Some(
            "--admission-control and --enable-admission-plugins/--disable-admission-plugins are mutually exclusive; the kube-apiserver refuses to start"
                .into(),
        );
    }
    for (flag, r) in [
        ("enable-admission-plugins", &f.enable),
        ("disable-admission-plugins", &f.disable),
        ("admission-control", &f.control),
    ] {
        if let Some(p) = &r.problem {
            return Some(p.clone());
        }
        for name in listed(r) {
            match plugins::plugin(name) {
                Some(p) if p.exists_at(minor) => {}
                Some(p) => {
                    let when = match p.removed {
                        Some(removed) if minor >= removed => format!("was removed in Kubernetes 1.{removed}"),
                        _ => format!("arrived in Kubernetes 1.{}", p.added),
                    };
                    return Some(format!("--{flag}: {name} {when}; the kube-apiserver of 1.{minor} refuses to start"));
                }
                None => {
                    return Some(format!(
                        "--{flag}: {} is not an admission plugin; the kube-apiserver refuses to start",
                        crate::redact::quote(name)
                    ))
                }
            }
        }
    }
    let overlap = listed(&f.enable).iter().find(|p| listed(&f.disable).contains(p));
    overlap.map(|p| format!("{p} is in both --enable-admission-plugins and --disable-admission-plugins; the kube-apiserver refuses to start"))
}
