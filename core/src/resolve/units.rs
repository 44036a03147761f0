//! systemd units: files are grouped by the service they belong to (`X.service` and
//! `X.service.d/*.conf`), a drop-in in `/etc` masks one of the same name in
//! `/usr/lib`, and each service's final `ExecStart=` is expanded with its
//! `Environment=` and `EnvironmentFile=` values (files override `Environment=`; later
//! files override earlier ones), as systemd.exec(5) and systemd.unit(5) describe.

use super::flags::parse_args;
use super::paths;
use super::{Arg, Argv, Component, Gap};
use crate::limits;
use crate::recognise::{component_of_program, EnvFile, ExecStart, Insertion, SystemdUnit};
use crate::source::shell::Word;
use crate::source::Span;
use std::collections::BTreeMap;

/// Where a file sits in systemd's search path: /etc beats /run beats /usr/lib.
fn priority(name: &str) -> u8 {
    let n = format!("/{}", name.trim_start_matches('/'));
    // systemd.unit(5)'s search path: system.control and transient units beat /etc, late
    // generators come after /usr/lib.
    if n.contains("/etc/systemd/system.control/") {
        9
    } else if n.contains("/run/systemd/system.control/") {
        8
    } else if n.contains("/run/systemd/transient/") {
        7
    } else if n.contains("/run/systemd/generator.early/") {
        6
    } else if n.contains("/etc/systemd/") {
        5
    } else if n.contains("/run/systemd/generator.late/") {
        1
    } else if n.contains("/run/systemd/") {
        4
    } else if n.contains("/usr/local/lib/systemd/") {
        3
    } else if n.contains("/lib/systemd/") {
        2
    } else {
        0
    }
}

enum Role {
    Main(String),
    DropIn(Option<String>),
    /// A drop-in of every service whose name starts with this: `service.d` (every one),
    /// `kube-.service.d` (kube-apiserver.service, kube-proxy.service ...).
    DropInOfAll(String),
    Ignored(String),
}

fn role(name: &str) -> Role {
    let base = paths::basename(name);
    let dir = paths::basename(paths::dirname(name));
    let prefix = if dir == "service.d" { Some("") } else { dir.strip_suffix("-.service.d") };
    if let Some(prefix) = prefix {
        return if base.ends_with(".conf") {
            Role::DropInOfAll(if prefix.is_empty() { String::new() } else { format!("{prefix}-") })
        } else {
            Role::Ignored(format!("systemd reads only *.conf files from {dir}"))
        };
    }
    if let Some(service) = dir.strip_suffix(".d").filter(|s| s.contains('.')) {
        return if base.ends_with(".conf") {
            Role::DropIn(Some(service.to_string()))
        } else {
            Role::Ignored(format!("systemd reads only *.conf files from {dir}"))
        };
    }
    if base.ends_with(".conf") {
        Role::DropIn(None)
    } else if base.contains('.') && !base.ends_with(".txt") {
        Role::Main(base.to_string())
    } else {
        Role::Main(String::new())
    }
}

fn exec_program(unit: &SystemdUnit) -> Option<String> {
    let exec = unit.exec_starts.iter().rev().find(|e| !e.words.is_empty())?;
    let names: Vec<&str> = exec.words.iter().map(|w| w.value.as_str()).collect();
    let (component, _) = component_of_program(&names)?;
    Some(format!("{}.service", component.name()))
}

type UnitDoc<'a> = (usize, &'a str, &'a SystemdUnit);

/// A service's command line: its component, the documents it was built from, the argv.
pub type UnitArgv = (Component, Vec<usize>, Argv);

/// Builds the argv of every service that runs a component. Returns them and the
/// indexes of the env files that were read.
pub fn unit_argvs(
    units: &[UnitDoc<'_>],
    env_names: &[(usize, String)],
    env_files: &[&EnvFile],
    absent: &[String],
    notes: &mut Vec<(usize, String)>,
    problems: &mut Vec<(usize, String, Span)>,
) -> (Vec<UnitArgv>, Vec<usize>) {
    // Group files by service; files whose path does not say go with the service their
    // ExecStart runs, or else with the only component service.
    let mut groups: BTreeMap<String, Vec<(bool, UnitDoc<'_>)>> = BTreeMap::new();
    let mut homeless = Vec::new();
    let mut of_all = Vec::new();
    for &(doc, name, unit) in units {
        match role(name) {
            Role::DropInOfAll(prefix) => of_all.push((prefix, (doc, name, unit))),
            Role::Ignored(why) => notes.push((doc, format!("not read: {why}"))),
            Role::Main(service) if !service.is_empty() => {
                groups.entry(service).or_default().push((true, (doc, name, unit)))
            }
            Role::DropIn(Some(service)) => groups.entry(service).or_default().push((false, (doc, name, unit))),
            Role::Main(_) => homeless.push((true, (doc, name, unit))),
            Role::DropIn(None) => homeless.push((false, (doc, name, unit))),
        }
    }
    for (main, u) in homeless {
        let key = exec_program(u.2).unwrap_or_else(|| {
            let components: Vec<&String> = groups.keys().filter(|k| k.starts_with("kube")).collect();
            match components.as_slice() {
                [one] => (*one).clone(),
                _ => "kubelet.service".to_string(),
            }
        });
        groups.entry(key).or_default().push((main, u));
    }
    // `service.d` and `kube-.service.d` drop-ins apply to every service they name, read
    // with that service's own drop-ins in file-name order.
    for (prefix, u) in of_all {
        let mut matched = false;
        for files in
            groups.iter_mut().filter(|(k, _)| k.starts_with(&prefix) && k.ends_with(".service")).map(|(_, f)| f)
        {
            files.push((false, u));
            matched = true;
        }
        if !matched {
            notes.push((u.0, "a drop-in of services none of the supplied units is".to_string()));
        }
    }

    // Drop-ins of one name: the highest-priority directory masks the others.
    for files in groups.values_mut() {
        let mut best: BTreeMap<(bool, String), (u8, usize)> = BTreeMap::new();
        for (i, (main, (_, name, _))) in files.iter().enumerate() {
            let key = (*main, paths::basename(name).to_string());
            let p = priority(name);
            if best.get(&key).is_none_or(|(bp, _)| p > *bp) {
                best.insert(key, (p, i));
            }
        }
        let keep: Vec<usize> = best.values().map(|(_, i)| *i).collect();
        for (i, (main, (doc, name, _))) in files.iter().enumerate() {
            if !keep.contains(&i) {
                let winner = best.get(&(*main, paths::basename(name).to_string())).map(|(_, w)| files[*w].1 .1);
                let winner = winner.unwrap_or_default();
                notes.push((
                    *doc,
                    format!("masked by {winner}, a file of the same name in a directory of higher priority"),
                ));
            }
        }
        let mut kept: Vec<_> = keep.into_iter().map(|i| files[i]).collect();
        // The unit file first, then its drop-ins by file name.
        kept.sort_by_key(|(main, (doc, name, _))| (!*main, paths::basename(name).to_string(), *doc));
        *files = kept;
    }

    // Env files named by a reference, wherever they are used; then a single leftover
    // file fills a single unmatched reference.
    let refs: Vec<&str> = groups
        .values()
        .flatten()
        .flat_map(|(_, (_, _, u))| u.environment_files.iter().map(|r| r.path.as_str()))
        .collect();
    let mut matched: BTreeMap<String, usize> = BTreeMap::new();
    for r in &refs {
        let best = (0..env_names.len())
            .filter(|&i| paths::fit(r, &env_names[i].1) > 0)
            .max_by_key(|&i| paths::fit(r, &env_names[i].1));
        if let Some(i) = best {
            matched.insert(r.to_string(), i);
        }
    }
    let unused: Vec<usize> = (0..env_names.len()).filter(|i| !matched.values().any(|m| m == i)).collect();
    // A reference the host found absent is not filled by a leftover file.
    let mut open: Vec<&str> =
        refs.iter().copied().filter(|r| !matched.contains_key(*r) && !absent.iter().any(|a| a == r)).collect();
    open.dedup();
    if let ([i], [r]) = (unused.as_slice(), open.as_slice()) {
        matched.insert(r.to_string(), *i);
    }

    let mut out = Vec::new();
    for (service, files) in &groups {
        match expand(files, &matched, env_names, env_files, absent, notes, problems) {
            Some(found) => out.push(found),
            None => {
                for (_, (doc, _, _)) in files {
                    notes.push((*doc, format!("{service}: no ExecStart= runs a component kubecis checks")));
                }
            }
        }
    }
    let used = matched.values().copied().collect();
    (out, used)
}

fn expand(
    files: &[(bool, UnitDoc<'_>)],
    matched: &BTreeMap<String, usize>,
    env_names: &[(usize, String)],
    env_files: &[&EnvFile],
    absent: &[String],
    notes: &mut Vec<(usize, String)>,
    problems: &mut Vec<(usize, String, Span)>,
) -> Option<UnitArgv> {
    let mut env: Vec<(String, i64, usize, Word)> = Vec::new();
    let mut exec: Option<(usize, &ExecStart)> = None;
    let mut file_refs = Vec::new();
    let mut ip_address = Vec::new();
    for (_, (doc, _, unit)) in files {
        ip_address.extend(unit.ip_address.iter().map(|r| (*doc, r.clone())));
        if unit.environment_reset.is_some() {
            env.clear();
        }
        let kept = &unit.environment[unit.environment_reset.unwrap_or(0)..];
        env.extend(kept.iter().map(|a| (a.name.clone(), -1, *doc, a.value.clone())));
        if unit.environment_files_reset.is_some() {
            file_refs.clear();
        }
        let kept = &unit.environment_files[unit.environment_files_reset.unwrap_or(0)..];
        file_refs.extend(kept.iter().map(|r| (*doc, r)));
        for e in &unit.exec_starts {
            exec = if e.words.is_empty() { None } else { Some((*doc, e)) };
        }
    }
    let (exec_doc, exec) = exec?;
    let names: Vec<&str> = exec.words.iter().map(|w| w.value.as_str()).collect();
    let (component, skip) = component_of_program(&names)?;
    let mut docs: Vec<usize> = files.iter().map(|(_, (d, _, _))| *d).collect();

    // Each variable keeps the position of the file that set it last (-1: Environment=).
    let mut missing: Vec<(i64, String)> = Vec::new();
    for (pos, (unit_doc, r)) in file_refs.iter().enumerate() {
        match matched.get(&r.path) {
            Some(&i) => {
                let doc = env_names[i].0;
                docs.push(doc);
                notes.push((doc, format!("read as EnvironmentFile={} of the unit in document {unit_doc}", r.path)));
                env.extend(env_files[i].vars.iter().map(|v| (v.name.clone(), pos as i64, doc, v.value.clone())));
            }
            // `EnvironmentFile=-PATH` that the host found absent: systemd reads nothing.
            None if r.optional && absent.iter().any(|a| a == &r.path) => {}
            None => missing.push((pos as i64, r.path.clone())),
        }
    }
    // The last assignment of each name wins.
    let last: std::collections::HashMap<&str, usize> = env.iter().enumerate().map(|(i, e)| (e.0.as_str(), i)).collect();
    let lookup = |name: &str| last.get(name).map(|&i| &env[i]);
    // A missing file read after the one that set the variable could have set it too
    // (`missing` is in reading order).
    let uncertain = |name: &str| -> Option<String> {
        let set_at = lookup(name).map_or(-2, |(_, p, ..)| *p);
        missing.get(missing.partition_point(|(p, _)| *p <= set_at)).map(|(_, path)| path.clone())
    };
    // Expansion stops past the limits: `$A $A ...` must not multiply a large value.
    let mut bytes = 0usize;
    let over = |bytes: usize, args: usize| bytes > limits::MAX_COMMAND_LINE_BYTES || args > limits::MAX_FLAGS;

    let mut args: Vec<Arg> = Vec::new();
    let mut gaps = Vec::new();
    for word in &exec.words[skip..] {
        if over(bytes, args.len()) {
            break;
        }
        let v = &word.value;
        let whole = v
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .or_else(|| v.strip_prefix('$'))
            .filter(|n| is_name(n));
        if let Some(name) = whole {
            if let Some((_, _, doc, value)) = lookup(name) {
                // `$VAR` splits into words; `${VAR}` stays one word.
                bytes += value.value.len() + 1;
                if over(bytes, args.len()) {
                    break;
                }
                let words = if v.starts_with("${") { vec![value.clone()] } else { value.split_unquoted() };
                args.extend(words.into_iter().filter(|w| !w.value.is_empty()).map(|w| Arg { doc: *doc, word: w }));
            }
            if let Some(path) = uncertain(name) {
                gaps.push(Gap { at: args.len(), missing: path });
            }
        } else if v.contains("${") {
            // `${VAR}` inside a word is replaced in place; the word stays one word of the unit.
            let mut out = String::new();
            let mut rest = v.as_str();
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let after = &rest[start + 2..];
                match after.find('}').map(|e| (&after[..e], e)) {
                    Some((name, e)) if is_name(name) => {
                        let value = lookup(name).map_or("", |(_, _, _, w)| w.value.as_str());
                        if over(bytes + out.len() + value.len(), args.len()) {
                            break;
                        }
                        out.push_str(value);
                        if let Some(path) = uncertain(name) {
                            gaps.push(Gap { at: args.len() + 1, missing: path });
                        }
                        rest = &after[e + 1..];
                    }
                    _ => {
                        out.push_str("${");
                        rest = after;
                    }
                }
            }
            out.push_str(rest);
            bytes += out.len() + 1;
            args.push(Arg { doc: exec_doc, word: Word::opaque(&out, word.span) });
        } else {
            bytes += v.len() + 1;
            args.push(Arg { doc: exec_doc, word: word.clone() });
        }
    }
    if over(bytes, args.len()) {
        problems.push((
            exec_doc,
            format!(
                "ExecStart= expands to more than {} bytes or {} arguments; the limit stops it from being checked",
                limits::MAX_COMMAND_LINE_BYTES,
                limits::MAX_FLAGS
            ),
            exec.span,
        ));
        return None;
    }
    let program = Span::new(exec.words[0].span.start, exec.words[skip - 1].span.end);
    let insert = Insertion { offset: exec.span.end, prefix: " ".into(), suffix: String::new(), quoted: false };
    let argv = Argv {
        program: Some((exec_doc, program)),
        flags: parse_args(component, &args),
        args,
        gaps,
        fragment: None,
        insert: Some((exec_doc, insert)),
        generated: vec![],
        conditional: vec![],
        implied_config: None,
        form: None,
        version: None,
        unit_ip_address: Some(ip_address),
    };
    docs.sort_unstable();
    docs.dedup();
    Some((component, docs, argv))
}

fn is_name(n: &str) -> bool {
    !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
