//! The one resolver every rule uses: a setting's effective value and where it came
//! from. Kubelet precedence is explicit flags > `--config-dir` drop-ins (lexical
//! order, later wins) > `--config` file > defaults, where the defaults depend on
//! whether a config file is loaded (cmd/kubelet/app/options/options.go applies legacy
//! defaults for flags-only kubelets: anonymous auth on, AlwaysAllow, read-only port
//! 10255). Components without a config file take flags > kubeadm's generated flags >
//! defaults. Defaults are the ones of the instance's Kubernetes version.

use super::values::{from_config, from_flag, Value};
use super::{At, ConfigDoc, ConfigSource, DropIns, Instance, NodeStyle, Resolved, Source};
use crate::component::{Kind, Setting};
use crate::report::Origin;
use crate::source::yaml::Node;
use saphyr_parser::ScalarStyle;

/// A source with its typed value.
struct Layer {
    source: Source,
    value: Value,
    /// Why the value is what it is, when the file's own words do not say it.
    why: Option<String>,
}

/// A config file's contribution to a setting: its value, or a value the component
/// rejects (the file is refused), located.
type FromFile = Result<Option<Layer>, Box<(String, Source)>>;

pub fn resolve(inst: &Instance, s: &'static Setting) -> Resolved {
    resolve_key(inst, s, None)
}

/// One gate of `--feature-gates` / `featureGates`: flags win per gate over drop-ins and
/// the config file (kubeletConfigFlagPrecedence adds back the config's gates the flags
/// do not set); `default` is the gate's default at the instance's version.
pub fn resolve_gate(inst: &Instance, s: &'static Setting, gate: &str, default: bool) -> Resolved {
    let mut r = resolve_key(inst, s, Some(gate));
    let known = crate::component::gates::gate(gate);
    let minor = inst.version.minor;
    if r.value == Some(Value::Unset) {
        r.value = Some(Value::Bool(known.map_or(default, |g| g.default_at(minor))));
        r.reason = format!("not set; the default in Kubernetes {}", inst.version.describe());
    } else if let (Some(g), Some(Value::Bool(on)), None, false) = (known, &r.value, &r.problem, inst.version.assumed) {
        if let Some(why) = g.refusal(minor, *on) {
            r.problem = Some(format!(
                "{why}; the {} of Kubernetes {} refuses to start",
                inst.component.name(),
                inst.version.describe()
            ));
        }
    }
    // Gate names are case-sensitive: `rotatekubeletservercertificate=false` is an
    // unknown gate, which stops the component (component-base featuregate SetFromMap).
    if r.problem.is_none() {
        if let Some(Value::Map(entries)) = resolve(inst, s).value {
            if let Some((written, _)) = entries.iter().find(|(k, _)| k != gate && k.eq_ignore_ascii_case(gate)) {
                r.problem = Some(format!(
                    "unrecognized feature gate: {written} (gate names are case-sensitive: {gate}); the {} refuses to \
                     start",
                    inst.component.name()
                ));
            }
        }
    }
    r
}

/// `key`: for a map setting, the one entry to resolve (its value is a boolean).
fn resolve_key(inst: &Instance, s: &'static Setting, key: Option<&str>) -> Resolved {
    let r = Resolved::unknown();
    let name = display_name(s, key);

    if let ConfigSource::Configz(c) = &inst.config {
        return match config_value(c, s, key, Origin::Configz) {
            Ok(Some(l)) => decided(r, s, l, vec![], "reported by the running kubelet's /configz"),
            // /configz prints every field; a map entry that is absent is the default.
            Ok(None) if key.is_some() => Resolved { value: Some(Value::Unset), origin: Origin::Default, ..r },
            Ok(None) if s.config.is_none() => unknown(r, None, format!("--{} is not shown by /configz", s.flag)),
            // /configz leaves out the fields whose value is the zero value (omitempty).
            Ok(None) => Resolved {
                value: Some(zero(s.kind)),
                origin: Origin::Configz,
                reason: format!("/configz leaves {name} out, so the running kubelet's value is the zero value"),
                anchor: Some(At::Node { doc: c.doc, span: c.config.root.span, style: NodeStyle::Opaque }),
                ..r
            },
            Err(e) => invalid(r, *e),
        };
    }

    // Every layer below the flags that sets the value, lowest first.
    let mut layers: Vec<Layer> = Vec::new();
    if let ConfigSource::File(c) | ConfigSource::Assumed(c) = &inst.config {
        match config_value(c, s, key, Origin::Config) {
            Ok(Some(l)) => layers.push(l),
            Ok(None) => {}
            Err(e) => return invalid(r, *e),
        }
    }
    let mut dropins_unsupplied = None;
    // A drop-in key the kubelet takes for the field although it is spelled otherwise.
    let mut folded = None;
    if let DropIns::Dir { path, files, complete, rejected } = &inst.dropins {
        if let (Some((doc, span, why)), Some(_)) = (rejected.first(), s.config) {
            let message = format!(
                "a drop-in of --config-dir {path} {why}; the kubelet refuses to start (failed to load kubelet \
                 dropin file)"
            );
            let at = At::Node { doc: *doc, span: *span, style: NodeStyle::Opaque };
            return invalid(r, (message, Source { value: String::new(), origin: Origin::DropIn, at }));
        }
        for f in files {
            if let (None, Some(path)) = (&folded, s.config) {
                folded =
                    folded_key(&f.config.root, path).map(|k| (f.doc, k.span, k.as_str().unwrap_or("").to_string()));
            }
            match config_value(f, s, key, Origin::DropIn) {
                Ok(Some(l)) => layers.push(l),
                Ok(None) => {}
                Err(e) => return invalid(r, *e),
            }
        }
        if files.is_empty() && !complete && s.config.is_some() {
            dropins_unsupplied = Some(path.clone());
        }
    }

    let folded_unknown = |r: Resolved| {
        folded.as_ref().map(|(doc, span, written)| {
            let mut r = unknown(
                r,
                None,
                format!(
                    "a --config-dir drop-in writes {written:?} where {name} is meant: the kubelet merges drop-ins \
                     with encoding/json, which takes field names in any case, so it may set {name} (which spelling \
                     wins depends on the byte order of the keys)"
                ),
            );
            r.anchor = Some(At::Node { doc: *doc, span: *span, style: NodeStyle::Opaque });
            r
        })
    };
    if s.ored && key.is_none() {
        if let Some(u) = folded_unknown(r.clone()) {
            return u;
        }
        return ored(inst, s, layers, dropins_unsupplied, r);
    }
    // With a config file the component ignores this flag: the file (or its default) decides.
    let with_config = matches!(inst.config, ConfigSource::File(_) | ConfigSource::Missing(_));
    if s.ignored_with_config && with_config {
        if let Some(u) = folded_unknown(r.clone()) {
            return u;
        }
        let ignored = inst.argv.as_ref().and_then(|a| a.flags.last(s.flag)).map(|u| (inst.argv.as_ref(), u));
        let mut d = match layers.pop() {
            Some(top) => {
                let why = written_in(&top);
                decided(r, s, top, layers, why)
            }
            None => default_value(inst, s, key, r),
        };
        if let (Some((Some(argv), u)), Some(_)) = (ignored, d.value.as_ref()) {
            d.overridden.push(argv.flag_source(u));
            d.reason = format!("{}; --{} is ignored when --config is given", d.reason, s.flag);
        }
        return d;
    }

    // Explicit flags win, unless a file that was not supplied is expanded after them.
    if let Some(argv) = &inst.argv {
        let uses: Vec<_> = argv.flags.all(s.flag).collect();
        // pflag stops at the first value it cannot parse: the component exits there, and
        // later repetitions never apply. A value the documents do not show may be one.
        let bad = uses.iter().find(|u| match u.unknown {
            Some(_) => !matches!(s.kind, Kind::String | Kind::Value | Kind::List | Kind::Array),
            None => from_flag(s.kind, &u.value, &[]).is_err(),
        });
        if let Some(unknown) = bad.and_then(|u| argv.unknown_value([*u])) {
            return unknown;
        }
        let deciding: Vec<_> = match (bad, key) {
            (Some(u), _) => vec![*u],
            (None, Some(k)) => {
                // The last use that names the key (a map flag merges its uses).
                let last = uses.iter().rev().find(|u| map_entry(s, &u.value, k).is_some());
                last.into_iter().copied().collect()
            }
            (None, None) if s.kind.accumulates() => uses.clone(),
            (None, None) => uses.last().into_iter().copied().collect(),
        };
        if let Some(unknown) = argv.unknown_value(deciding.iter().copied()) {
            return unknown;
        }
        if let Some(last) = deciding.last() {
            if let Some(g) = argv.gaps.iter().find(|g| g.at > last.arg) {
                return unknown(
                    r,
                    Some(&g.missing),
                    format!("{} was not supplied and is expanded after --{}, so it may override it", g.missing, s.flag),
                );
            }
            let sources: Vec<Source> = deciding.iter().map(|u| argv.flag_source(u)).collect();
            let value = flag_value(s, &deciding.iter().map(|u| u.value.as_str()).collect::<Vec<_>>(), key);
            let why = if deciding.len() > 1 {
                format!("--{} is given {} times and its values add up", s.flag, deciding.len())
            } else {
                where_written(inst)
            };
            let d = decided_many(r, s, sources, value, layers, &why);
            return flag_problems(inst, s, d, deciding.last().and_then(|u| u.stray_after));
        }
        if let Some(g) = argv.gaps.first() {
            return unknown(r, Some(&g.missing), format!("{} was not supplied and may set --{}", g.missing, s.flag));
        }
    }
    if let Some(u) = folded_unknown(r.clone()) {
        return u;
    }
    if let Some(dir) = dropins_unsupplied {
        return unknown(
            r,
            Some(&format!("{dir}/*.conf")),
            format!("--config-dir {dir} is set but none of its drop-ins was supplied; one may set {name}"),
        );
    }
    if let Some(top) = layers.pop() {
        // A drop-in decides even when the --config file itself is missing.
        if top.source.origin == Origin::DropIn
            || !matches!(inst.config, ConfigSource::Missing(_) | ConfigSource::Unknown(_))
        {
            let why = written_in(&top);
            return decided(r, s, top, layers, why);
        }
    }
    // kubeadm's generated flags, for components whose manifest kubeadm writes.
    if let Some(argv) = &inst.argv {
        if let Some((_, v, why)) = argv.conditional.iter().find(|(n, ..)| n == s.flag) {
            return unknown(r, None, format!("--{}={v} may be set: {why}", s.flag));
        }
        if let Some((_, v)) = argv.generated.iter().find(|(n, _)| n == s.flag) {
            let value = flag_value(s, &[v.as_str()], key);
            let reason = format!("not in {}: kubeadm generates it", kubeadm_field(inst.component));
            return match value {
                Ok(value) if key.is_none() || value != Value::Unset => {
                    Resolved { value: Some(value), origin: Origin::KubeadmDefault, reason, ..r }
                }
                _ => default_value(inst, s, key, r),
            };
        }
    }
    default_value(inst, s, key, r)
}

/// Where a flag of this instance is written, in words.
fn where_written(inst: &Instance) -> String {
    use crate::recognise::Form;
    match inst.argv.as_ref().and_then(|a| a.form) {
        Some(Form::KubeadmCluster) => format!("in the kubeadm configuration's {}", kubeadm_field(inst.component)),
        Some(Form::KubeadmNode) => "in nodeRegistration.kubeletExtraArgs".into(),
        _ => "on the command line".into(),
    }
}

fn kubeadm_field(c: crate::component::Component) -> &'static str {
    use crate::component::Component;
    match c {
        Component::KubeApiserver => "apiServer.extraArgs",
        Component::KubeControllerManager => "controllerManager.extraArgs",
        Component::KubeScheduler => "scheduler.extraArgs",
        Component::Etcd => "etcd.local.extraArgs",
        _ => "extraArgs",
    }
}

/// What stops the component at a flag it was given: a bare boolean that left the next
/// word behind, a value it cannot parse, a flag its version does not have.
fn flag_problems(inst: &Instance, s: &Setting, mut d: Resolved, stray: Option<usize>) -> Resolved {
    let who = inst.component.name();
    if let Some(p) = d.problem.as_mut() {
        *p = p.replace("the component refuses", &format!("the {who} refuses"));
    }
    if let (Some(stray), Some(argv)) = (stray, &inst.argv) {
        let (word, quoted) = crate::redact::scrub::stray(&argv.args[stray].word.value);
        d.problem = Some(format!(
            "--{} {word}: a boolean flag never takes the next word, so this sets it to true and leaves {quoted} as a stray argument; the {who} refuses to start",
            s.flag
        ));
    }
    if d.problem.is_none() && !inst.version.assumed && !s.exists_at(inst.version.minor) {
        let when = match (s.added, s.removed) {
            (Some(a), _) if inst.version.minor < a => format!("arrived in Kubernetes 1.{a}"),
            (_, Some(r)) => format!("was removed in Kubernetes 1.{r}"),
            _ => "does not exist".into(),
        };
        d.problem = Some(format!(
            "--{} {when}; the {who} of Kubernetes {} ({}) refuses to start with it",
            s.flag,
            inst.version.describe(),
            inst.version.source
        ));
    }
    d
}

/// A flag the component ORs with its config field (the kubelet's `--seccomp-default`):
/// true wherever either is true; the flag never turns the field off.
fn ored(
    inst: &Instance,
    s: &'static Setting,
    mut layers: Vec<Layer>,
    dropins: Option<String>,
    r: Resolved,
) -> Resolved {
    let top = layers.pop();
    let layer_true = top.as_ref().is_some_and(|l| l.value == Value::Bool(true));
    if layer_true {
        let why = if top.as_ref().is_some_and(|l| l.source.origin == Origin::DropIn) {
            "in a --config-dir drop-in; --seccomp-default=false cannot turn it off"
        } else {
            "in the config file; --seccomp-default=false cannot turn it off"
        };
        return decided(r, s, top.expect("checked"), layers, why);
    }
    if let Some(argv) = &inst.argv {
        if let Some(u) = argv.flags.last(s.flag) {
            if let Some(unknown) = argv.unknown_value([u]) {
                return unknown;
            }
            if let Some(g) = argv.gaps.iter().find(|g| g.at > u.arg) {
                return unknown(
                    r,
                    Some(&g.missing),
                    format!("{} was not supplied and may set --{}", g.missing, s.flag),
                );
            }
            let value = flag_value(s, &[u.value.as_str()], None);
            let d =
                decided_many(r, s, vec![argv.flag_source(u)], value, top.into_iter().collect(), &where_written(inst));
            return flag_problems(inst, s, d, u.stray_after);
        }
        if let Some(g) = argv.gaps.first() {
            return unknown(r, Some(&g.missing), format!("{} was not supplied and may set --{}", g.missing, s.flag));
        }
    }
    if let Some(dir) = dropins {
        return unknown(
            r,
            Some(&format!("{dir}/*.conf")),
            format!("--config-dir {dir} is set but none of its drop-ins was supplied"),
        );
    }
    match top {
        Some(l) if !matches!(inst.config, ConfigSource::Missing(_) | ConfigSource::Unknown(_)) => {
            let why = written_in(&l);
            decided(r, s, l, layers, why)
        }
        _ => default_value(inst, s, None, r),
    }
}

fn default_value(inst: &Instance, s: &'static Setting, key: Option<&str>, r: Resolved) -> Resolved {
    let minor = inst.version.minor;
    let (default, origin, why) = match &inst.config {
        ConfigSource::File(c) if c.kubeadm_input && s.kubeadm.is_some() => {
            (s.kubeadm, Origin::KubeadmDefault, "the value kubeadm adds to the config it writes")
        }
        // A flag the config file has no field for (the scheduler's --bind-address) keeps the
        // flag's default.
        ConfigSource::File(_) | ConfigSource::Assumed(_)
            if inst.component != crate::component::Component::Kubelet && s.config.is_none() =>
        {
            (s.default_at(minor, false), Origin::Default, "the default")
        }
        ConfigSource::File(_) | ConfigSource::Assumed(_) if inst.component != crate::component::Component::Kubelet => {
            (s.default_at(minor, true), Origin::Default, "the default of the config file")
        }
        ConfigSource::File(_) | ConfigSource::Assumed(_) => {
            (s.default_at(minor, true), Origin::Default, "the kubelet's default when a config file is loaded")
        }
        ConfigSource::KubeadmDefault if s.kubeadm.is_some() => {
            (s.kubeadm, Origin::KubeadmDefault, "the value in kubeadm's generated kubelet config")
        }
        ConfigSource::KubeadmDefault if s.config.is_none() => {
            (s.default_at(minor, true), Origin::Default, "the kubelet's default")
        }
        ConfigSource::KubeadmDefault => (
            s.default_at(minor, true),
            Origin::Default,
            "the kubelet's default: kubeadm's generated config leaves it out",
        ),
        ConfigSource::Absent if inst.component == crate::component::Component::Kubelet => {
            (s.default_at(minor, false), Origin::Default, "the kubelet's default without --config")
        }
        ConfigSource::Absent => (s.default_at(minor, false), Origin::Default, "the default"),
        ConfigSource::Missing(path) => {
            let r = Resolved { anchor: inst.flag_at("config"), ..r };
            return unknown(r, Some(path), format!("--config {path} was not supplied"));
        }
        ConfigSource::Unknown(why) => {
            return unknown(r, None, format!("--{} is not set in what was supplied, and {why}", s.flag))
        }
        ConfigSource::Configz(_) => unreachable!("returned above"),
    };
    if key.is_some() {
        // A map entry nobody sets: the caller knows its default.
        return Resolved { value: Some(Value::Unset), origin, reason: "not set".into(), ..r };
    }
    let value = match default {
        Some(d) => from_flag(s.kind, d, &[]).unwrap_or(Value::Text(d.to_string())),
        None => Value::Unset,
    };
    let reason = format!("not set; {why}{}", version_note(inst, s));
    Resolved { value: Some(value), origin, reason, ..r }
}

/// Names the Kubernetes version when the default depends on it.
fn version_note(inst: &Instance, s: &Setting) -> String {
    if s.moved.is_empty() {
        String::new()
    } else {
        format!(" in Kubernetes {}", inst.version.describe())
    }
}

/// How a setting is named in messages: its config path where it has one, else its flag.
pub fn display_name(s: &Setting, key: Option<&str>) -> String {
    let base = s.dotted().unwrap_or_else(|| format!("--{}", s.flag));
    match key {
        Some(k) => format!("{base}[{k}]"),
        None => base,
    }
}

/// The typed value of one or more uses of a flag (accumulating kinds append or merge).
fn flag_value(s: &Setting, raws: &[&str], key: Option<&str>) -> Result<Value, String> {
    if let Some(k) = key {
        let last = raws.iter().rev().find_map(|raw| map_entry(s, raw, k));
        return match last {
            Some(Ok(v)) => from_flag(Kind::Bool, &v, &[]),
            Some(Err(e)) => Err(e),
            None => Ok(Value::Unset),
        };
    }
    let mut out: Option<Value> = None;
    for raw in raws {
        let v = from_flag(s.kind, raw, s.allowed)?;
        out = Some(match (out, v) {
            (Some(Value::List(mut a)), Value::List(b)) => {
                a.extend(b);
                Value::List(a)
            }
            (Some(Value::Map(mut a)), Value::Map(b)) => {
                for (k, v) in b {
                    a.retain(|(k2, _)| *k2 != k);
                    a.push((k, v));
                }
                Value::Map(a)
            }
            (_, v) => v,
        });
    }
    Ok(out.unwrap_or(Value::Unset))
}

/// One key of a map flag's value, if it names it (or why the flag's value is invalid).
fn map_entry(s: &Setting, raw: &str, key: &str) -> Option<Result<String, String>> {
    match super::values::parse_map(raw, s.kind == Kind::FeatureGates) {
        Ok(entries) => entries.into_iter().rev().find(|(k, _)| k == key).map(|(_, v)| Ok(v)),
        Err(e) => Some(Err(e)),
    }
}

fn unknown(mut r: Resolved, missing: Option<&String>, reason: String) -> Resolved {
    r.missing.extend(missing.cloned());
    r.reason = reason;
    r
}

/// Go's encoding/json field-name folding (fold.go `foldName`): ASCII letters in either
/// case, and `ToUpper(ToLower(r))` for the rest, so `ſ` is `S` and the Kelvin sign `K`.
fn go_fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_uppercase();
            }
            // Go's case mappings are one rune to one rune.
            fn one(mut it: impl Iterator<Item = char>, or: char) -> char {
                match (it.next(), it.next()) {
                    (Some(x), None) => x,
                    _ => or,
                }
            }
            let lower = one(c.to_lowercase(), c);
            one(lower.to_uppercase(), lower)
        })
        .collect()
}

/// The first key along `path` (through every key encoding/json takes for a field) that
/// encoding/json matches to the field but that is not spelled as the field is.
fn folded_key<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let want = go_fold(first);
    for (k, v) in node.entries()? {
        let Some(name) = k.as_str() else { continue };
        if go_fold(name) != want {
            continue;
        }
        if name != *first {
            return Some(k);
        }
        if let Some(found) = folded_key(v, rest) {
            return Some(found);
        }
    }
    None
}

/// Where a file's value was written, for the message.
fn written_in(l: &Layer) -> &'static str {
    if l.source.origin == Origin::DropIn {
        "in a --config-dir drop-in"
    } else {
        "in the config file"
    }
}

fn decided(r: Resolved, s: &Setting, l: Layer, below: Vec<Layer>, why: &str) -> Resolved {
    let why = l.why.clone().unwrap_or_else(|| why.to_string());
    decided_many(r, s, vec![l.source], Ok(l.value), below, &why)
}

fn decided_many(
    mut r: Resolved,
    s: &Setting,
    sources: Vec<Source>,
    value: Result<Value, String>,
    below: Vec<Layer>,
    why: &str,
) -> Resolved {
    match value {
        Ok(v) => r.value = Some(v),
        Err(e) => {
            let raw = sources.last().map(|src| src.value.clone()).unwrap_or_default();
            r.problem = Some(format!("--{}: {e}; the component refuses to start", s.flag));
            r.value = Some(Value::Text(raw));
        }
    }
    r.origin = sources.last().map_or(Origin::Unknown, |src| src.origin);
    r.reason = why.to_string();
    r.overridden = below.into_iter().rev().map(|l| l.source).collect();
    r.sources = sources;
    r
}

fn invalid(mut r: Resolved, e: (String, Source)) -> Resolved {
    r.problem = Some(e.0);
    r.origin = e.1.origin;
    r.value = Some(Value::Text(e.1.value.clone()));
    r.sources = vec![e.1];
    r
}

/// The setting's value in one config document: `Ok(None)` when absent (or null, or a
/// zero value the component defaults), an error when the component rejects the file.
fn config_value(c: &ConfigDoc, s: &Setting, key: Option<&str>, origin: Origin) -> FromFile {
    let Some(path) = s.config else { return Ok(None) };
    if let (true, true, Some(forced)) = (c.kubeadm_input, s.kubeadm_forced, s.kubeadm) {
        // kubeadm overwrites what the user wrote (rotateCertificates: "we must hardcode it to true").
        let at = c.config.root.path(path).map_or(c.config.root.span, |n| n.span);
        let value = from_flag(s.kind, forced, &[]).unwrap_or(Value::Unset);
        let source = Source {
            value: forced.to_string(),
            origin: Origin::KubeadmDefault,
            at: At::Node { doc: c.doc, span: at, style: NodeStyle::Opaque },
        };
        return Ok(Some(Layer { source, value, why: Some("kubeadm writes it whatever the config says".into()) }));
    }
    // Every level above the field must be a mapping (or absent): the kubelet rejects
    // `authentication: [..]` as it rejects a wrong leaf.
    let mut parent = &c.config.root;
    for (depth, k) in path[..path.len().saturating_sub(1)].iter().enumerate() {
        let Some(next) = parent.get(k).filter(|n| !n.is_null()) else {
            return Ok(None);
        };
        if next.entries().is_none() {
            let at = At::Node { doc: c.doc, span: next.span, style: NodeStyle::Opaque };
            return Err(Box::new((
                format!(
                    "{} must be a mapping, not a {}; the kubelet rejects this config",
                    path[..=depth].join("."),
                    next.type_name()
                ),
                Source { value: next.as_str().unwrap_or("").to_string(), origin, at },
            )));
        }
        parent = next;
    }
    let Some(mut node) = path.last().and_then(|k| parent.get(k)).filter(|n| !n.is_null()) else {
        return Ok(None);
    };
    let mut kind = s.kind;
    let mut name = path.join(".");
    if let Some(k) = key {
        if node.entries().is_none() {
            let at = At::Node { doc: c.doc, span: node.span, style: NodeStyle::Opaque };
            let message =
                format!("{name} must be a mapping, not a {}; the kubelet rejects this config", node.type_name());
            return Err(Box::new((message, Source { value: String::new(), origin, at })));
        }
        match node.get(k).filter(|n| !n.is_null()) {
            Some(n) => node = n,
            None => return Ok(None),
        }
        kind = Kind::Bool;
        name = format!("{name}.{k}");
    }
    // A value an alias copied is this use's `*name`: the edit replaces the alias, not the
    // anchor other uses share.
    let at = At::Node { doc: c.doc, span: node.alias.unwrap_or(node.span), style: style_of(node) };
    let raw = node.as_str().unwrap_or("").to_string();
    let source = |value: String| Source { value, origin, at: at.clone() };
    match from_config(kind, node, s.allowed) {
        // A zero the kubelet replaces by its default (v1beta1 SetDefaults): the value is the
        // default, and the finding points at the zero that was written. Only the --config
        // file is defaulted: /configz shows values after defaulting, and drop-ins are merged
        // as JSON into the defaulted config (mergeKubeletConfigurations decodes them into
        // Unstructured, which has no defaulting; kubernetes#131355), so a zero there stays.
        Ok(Some(v)) if s.zero_is_default && is_zero(&v) && v != Value::Unset && origin == Origin::Config => {
            let Some(default) = s.config_default else { return Ok(None) };
            let value = from_flag(s.kind, default, &[]).unwrap_or(Value::Unset);
            let why = format!("{name} is {} in the config file, which the kubelet replaces by its default", v.render());
            Ok(Some(Layer { source: source(raw.clone()), value, why: Some(why) }))
        }
        // An empty string is defaulted like an absent field (v1beta1 SetDefaults checks `== ""`).
        Ok(Some(Value::Unset)) => Ok(None),
        Ok(Some(v)) => Ok(Some(Layer { source: source(v.render()), value: v, why: None })),
        Ok(None) => Ok(None),
        Err(e) => Err(Box::new((format!("{name} {e}; the kubelet rejects this config"), source(raw)))),
    }
}

/// A Go zero value, as `omitempty` leaves it out of JSON.
fn zero(kind: Kind) -> Value {
    match kind {
        Kind::Bool => Value::Bool(false),
        Kind::Int32 | Kind::Int64 => Value::Int(0),
        Kind::Duration => Value::Duration(0, "0s".into()),
        Kind::List | Kind::Array => Value::List(vec![]),
        Kind::Map | Kind::FeatureGates => Value::Map(vec![]),
        Kind::String | Kind::Value => Value::Unset,
    }
}

fn is_zero(v: &Value) -> bool {
    matches!(v, Value::Int(0) | Value::Duration(0, _) | Value::Unset) || v.as_text() == Some("")
}

pub(super) fn style_of(node: &Node) -> NodeStyle {
    if node.alias.is_some() && node.scalar().is_some() {
        return NodeStyle::Plain;
    }
    if !node.verbatim {
        return NodeStyle::Opaque;
    }
    // Its bytes are base64 after the tag: a value written in their place is no longer that.
    if node.scalar().and_then(|s| s.tag.as_deref()) == Some("tag:yaml.org,2002:binary") {
        return NodeStyle::Opaque;
    }
    match node.scalar().map(|s| s.style) {
        Some(ScalarStyle::Plain) => NodeStyle::Plain,
        Some(ScalarStyle::SingleQuoted) => NodeStyle::SingleQuoted,
        Some(ScalarStyle::DoubleQuoted) => NodeStyle::DoubleQuoted,
        _ => NodeStyle::Opaque,
    }
}

/// Fields of a kubelet config that the kubelet's decoder rejects (a value of the wrong
/// type, a parent that is not a mapping): each makes the kubelet refuse the whole
/// file, so each is a located error of its document.
pub fn config_errors(config: &crate::recognise::KubeletConfig) -> Vec<(String, crate::source::Span)> {
    let doc = ConfigDoc { doc: 0, config: config.clone(), kubeadm_input: false };
    let mut out = Vec::new();
    for s in crate::component::Component::Kubelet.registry().iter().filter(|s| s.config.is_some()) {
        if let Err(e) = config_value(&doc, s, None, Origin::Config) {
            let span = e.1.at.span();
            if !out.iter().any(|(_, sp)| *sp == span) {
                out.push((e.0, span));
            }
        }
    }
    out
}
