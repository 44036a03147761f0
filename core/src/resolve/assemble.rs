//! Groups recognised parts into component instances: the documents of one request
//! describe one node, so a command line or unit that names `--config`,
//! `--config-dir`, `EnvironmentFile=` or `--authorization-config` is joined with the
//! supplied document of that kind (by path when several could fit).

use super::flags::{self, ParsedFlags};
use super::paths;
use super::{Arg, Argv, AuthzSource, Component, ConfigDoc, ConfigSource, DropIns, Gap, Instance};
use crate::recognise::{
    AuthorizationConfig, Body, CommandLine, ConfigForm, EnvFile, ImpliedConfig, Insertion, Recognised, SystemdUnit,
};
use crate::source::shell::Word;
use crate::source::Span;

/// The kubelet config path kubeadm always passes (`KUBELET_CONFIG_ARGS` in 10-kubeadm.conf).
const KUBEADM_KUBELET_CONFIG: &str = "/var/lib/kubelet/config.yaml";

/// A recognised input document.
pub struct Input<'a> {
    pub index: usize,
    pub name: &'a str,
    pub recognised: &'a Recognised,
}

pub fn assemble_input<'a>(index: usize, name: &'a str, recognised: &'a Recognised) -> Input<'a> {
    Input { index, name, recognised }
}

pub struct Assembly {
    pub instances: Vec<Instance>,
    /// How each document was used, by index.
    pub notes: Vec<(usize, String)>,
    /// Startup errors found in command lines: (document, message, span).
    pub problems: Vec<(usize, String, Span)>,
}

struct Pool<T> {
    items: Vec<(usize, String, T)>,
    claimed: Vec<bool>,
}

impl<T> Pool<T> {
    fn new() -> Self {
        Pool { items: Vec::new(), claimed: Vec::new() }
    }
    fn push(&mut self, doc: usize, name: &str, item: T) {
        self.items.push((doc, name.to_string(), item));
        self.claimed.push(false);
    }
    /// Claims the unclaimed item whose name fits `reference` (no single-candidate fallback).
    fn claim_named(&mut self, reference: &str) -> Option<usize> {
        let fit = |i: usize| paths::fit(reference, &self.items[i].1);
        let i = self.unclaimed().filter(|&i| fit(i) > 0).max_by_key(|&i| fit(i))?;
        self.claimed[i] = true;
        Some(i)
    }

    /// Claims the unclaimed item that best fits `reference`.
    fn claim_path(&mut self, reference: &str) -> Option<usize> {
        let free: Vec<usize> = (0..self.items.len()).filter(|&i| !self.claimed[i]).collect();
        let names: Vec<(usize, &str)> = free.iter().map(|&i| (i, self.items[i].1.as_str())).collect();
        let &(i, _) = paths::best(reference, &names, |(_, n)| n)?;
        self.claimed[i] = true;
        Some(i)
    }
    fn unclaimed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.items.len()).filter(|&i| !self.claimed[i])
    }
}

pub fn assemble(inputs: &[Input<'_>]) -> Assembly {
    let mut kubelet_cmds: Vec<(usize, &CommandLine)> = Vec::new();
    let mut apiserver_cmds: Vec<(usize, &CommandLine)> = Vec::new();
    let mut units: Vec<(usize, &str, &SystemdUnit)> = Vec::new();
    let mut env_files: Pool<&EnvFile> = Pool::new();
    let mut configs: Pool<ConfigDoc> = Pool::new();
    let mut configz: Vec<ConfigDoc> = Vec::new();
    let mut authz: Pool<&AuthorizationConfig> = Pool::new();
    for input in inputs {
        for part in &input.recognised.parts {
            match &part.body {
                Body::CommandLine(c) if c.component == Component::Kubelet => kubelet_cmds.push((input.index, c)),
                Body::CommandLine(c) => apiserver_cmds.push((input.index, c)),
                Body::KubeadmNode(n) => kubelet_cmds.push((input.index, &n.command)),
                Body::Systemd(u) => units.push((input.index, input.name, u)),
                Body::EnvFile(f) => env_files.push(input.index, input.name, f),
                Body::KubeletConfig(c) if c.form == ConfigForm::Configz => {
                    configz.push(ConfigDoc { doc: input.index, config: c.clone() })
                }
                Body::KubeletConfig(c) => {
                    configs.push(input.index, input.name, ConfigDoc { doc: input.index, config: c.clone() })
                }
                Body::AuthorizationConfig(a) => authz.push(input.index, input.name, a),
                Body::Other { .. } | Body::Unknown(_) => {}
            }
        }
    }

    let mut out = Assembly { instances: Vec::new(), notes: Vec::new(), problems: Vec::new() };
    let mut kubelet_argvs: Vec<(Vec<usize>, Argv)> = Vec::new();
    let mut apiserver_argvs: Vec<(Vec<usize>, Argv)> = Vec::new();

    for (doc, cmd) in &kubelet_cmds {
        kubelet_argvs.push((vec![*doc], argv_of(*doc, cmd, Component::Kubelet)));
    }
    for (doc, cmd) in &apiserver_cmds {
        apiserver_argvs.push((vec![*doc], argv_of(*doc, cmd, Component::KubeApiserver)));
    }
    if !units.is_empty() {
        if let Some((component, docs, argv)) = unit_argv(&units, &mut env_files, &mut out.notes) {
            match component {
                Component::Kubelet => kubelet_argvs.push((docs, argv)),
                Component::KubeApiserver => apiserver_argvs.push((docs, argv)),
            }
        }
    }
    // Environment files no unit reads: a fragment of the kubelet's command line.
    let loose: Vec<usize> = env_files.unclaimed().collect();
    if !loose.is_empty() && units.is_empty() {
        let mut args = Vec::new();
        let mut docs = Vec::new();
        for i in loose {
            let (doc, _, file) = &env_files.items[i];
            docs.push(*doc);
            for var in &file.vars {
                args.extend(var.value.split_whitespace().into_iter().map(|word| Arg { doc: *doc, word }));
            }
        }
        let fragment = "only environment files were supplied, not the kubelet's unit or command line".to_string();
        let argv = Argv {
            program: None,
            flags: parse(Component::Kubelet, &args),
            args,
            gaps: vec![],
            fragment: Some(fragment),
            insert: None,
            generated: vec![],
            implied_config: None,
        };
        kubelet_argvs.push((docs, argv));
    }

    for (docs, argv) in kubelet_argvs {
        out.instances.push(kubelet_instance(docs, argv, &mut configs, &mut out.notes));
    }
    for c in configz {
        out.instances.push(Instance {
            component: Component::Kubelet,
            documents: vec![c.doc],
            argv: None,
            config: ConfigSource::Configz(c),
            dropins: DropIns::Absent,
            authz: AuthzSource::Absent,
        });
    }
    let had_kubelet_argv = out.instances.iter().any(|i| i.component == Component::Kubelet && i.argv.is_some());
    loose_configs(&mut configs, had_kubelet_argv, &mut out);

    for (docs, argv) in apiserver_argvs {
        out.instances.push(apiserver_instance(docs, argv, &mut authz));
    }
    for i in authz.unclaimed().collect::<Vec<_>>() {
        let (doc, _, config) = &authz.items[i];
        out.notes
            .push((*doc, "taken as the kube-apiserver's --authorization-config (no command line names it)".into()));
        out.instances.push(Instance {
            component: Component::KubeApiserver,
            documents: vec![*doc],
            argv: None,
            config: ConfigSource::Absent,
            dropins: DropIns::Absent,
            authz: AuthzSource::File { doc: *doc, config: (*config).clone() },
        });
    }

    for inst in &mut out.instances {
        inst.documents.sort_unstable();
        inst.documents.dedup();
        if let Some(argv) = &inst.argv {
            for (message, i) in &argv.flags.problems {
                let a = &argv.args[*i];
                out.problems.push((a.doc, message.clone(), a.word.span));
            }
        }
    }
    out
}

fn parse(component: Component, args: &[Arg]) -> ParsedFlags {
    let words: Vec<&Word> = args.iter().map(|a| &a.word).collect();
    flags::parse(component, &words)
}

fn argv_of(doc: usize, cmd: &CommandLine, component: Component) -> Argv {
    let args: Vec<Arg> = cmd.args.iter().map(|w| Arg { doc, word: w.clone() }).collect();
    Argv {
        program: cmd.program.map(|s| (doc, s)),
        flags: parse(component, &args),
        args,
        gaps: vec![],
        fragment: None,
        insert: cmd.insert.clone().map(|i| (doc, i)),
        generated: cmd.generated.clone(),
        implied_config: cmd.implied_config,
    }
}

/// Merges the units and drop-ins (main unit first, then drop-ins by file name, as
/// systemd does) and expands the final `ExecStart=` with its environment.
fn unit_argv(
    units: &[(usize, &str, &SystemdUnit)],
    env_files: &mut Pool<&EnvFile>,
    notes: &mut Vec<(usize, String)>,
) -> Option<(Component, Vec<usize>, Argv)> {
    let mut order: Vec<&(usize, &str, &SystemdUnit)> = units.iter().collect();
    order.sort_by_key(|(doc, name, _)| (!name.ends_with(".service"), paths::basename(name).to_string(), *doc));

    let mut env: Vec<(String, usize, Word)> = Vec::new();
    let mut exec: Option<(usize, &crate::recognise::ExecStart)> = None;
    let mut file_refs = Vec::new();
    for (doc, _, unit) in &order {
        env.extend(unit.environment.iter().map(|a| (a.name.clone(), *doc, a.value.clone())));
        file_refs.extend(unit.environment_files.iter().map(|r| (*doc, r)));
        for e in &unit.exec_starts {
            exec = if e.words.is_empty() { None } else { Some((*doc, e)) };
        }
    }
    let mut docs: Vec<usize> = order.iter().map(|(d, _, _)| *d).collect();
    let Some((exec_doc, exec)) = exec else {
        for d in &docs {
            notes.push((*d, "a systemd unit without ExecStart=: nothing to check on its own".into()));
        }
        return None;
    };
    let names: Vec<&str> = exec.words.iter().map(|w| w.value.as_str()).collect();
    let Some((component, skip)) = crate::recognise::component_of_program(&names) else {
        for d in &docs {
            notes.push((
                *d,
                format!("ExecStart= runs {:?}, not a component kubecis checks", names.first().unwrap_or(&"")),
            ));
        }
        return None;
    };

    // EnvironmentFile= values override Environment=; later files override earlier ones.
    // Each variable keeps the position of the file that set it last (-1: Environment=).
    let mut values: Vec<(String, i64, usize, Word)> = env.into_iter().map(|(n, d, w)| (n, -1, d, w)).collect();
    let mut missing: Vec<(i64, String)> = Vec::new();
    // Files matched by path first; then a single leftover file fills a single leftover reference.
    let mut matched: Vec<Option<usize>> = file_refs.iter().map(|(_, r)| env_files.claim_named(&r.path)).collect();
    let free: Vec<usize> = env_files.unclaimed().collect();
    let open: Vec<usize> = (0..matched.len()).filter(|&k| matched[k].is_none()).collect();
    if let ([i], [k]) = (free.as_slice(), open.as_slice()) {
        env_files.claimed[*i] = true;
        matched[*k] = Some(*i);
    }
    for (pos, (unit_doc, r)) in file_refs.iter().enumerate() {
        match matched[pos] {
            Some(i) => {
                let (doc, _, file) = &env_files.items[i];
                docs.push(*doc);
                notes.push((*doc, format!("read as EnvironmentFile={} of the unit in document {unit_doc}", r.path)));
                for v in &file.vars {
                    values.push((v.name.clone(), pos as i64, *doc, v.value.clone()));
                }
            }
            None => missing.push((pos as i64, r.path.clone())),
        }
    }
    let lookup = |name: &str| values.iter().rev().find(|(n, ..)| n == name);
    // A missing file read after the one that set the variable could have set it too.
    let uncertain = |name: &str| -> Option<String> {
        let set_at = lookup(name).map_or(-2, |(_, p, ..)| *p);
        missing.iter().find(|(p, _)| *p > set_at).map(|(_, path)| path.clone())
    };

    let mut args: Vec<Arg> = Vec::new();
    let mut gaps = Vec::new();
    for word in &exec.words[skip..] {
        let v = &word.value;
        let var = v
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .or_else(|| v.strip_prefix('$'))
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !n.is_empty());
        match var {
            Some(name) => {
                if let Some((_, _, doc, value)) = lookup(name) {
                    // `$VAR` splits into words; `${VAR}` stays one word.
                    let words = if v.starts_with("${") { vec![value.clone()] } else { value.split_whitespace() };
                    args.extend(words.into_iter().map(|w| Arg { doc: *doc, word: w }));
                }
                if let Some(path) = uncertain(name) {
                    gaps.push(Gap { at: args.len(), missing: path });
                }
            }
            None => args.push(Arg { doc: exec_doc, word: word.clone() }),
        }
    }
    let insert = Insertion { offset: exec.span.end, prefix: " ".into(), suffix: String::new(), quoted: false };
    let program = Span::new(exec.words[0].span.start, exec.words[skip - 1].span.end);
    let argv = Argv {
        program: Some((exec_doc, program)),
        flags: parse(component, &args),
        args,
        gaps,
        fragment: None,
        insert: Some((exec_doc, insert)),
        generated: vec![],
        implied_config: None,
    };
    Some((component, docs, argv))
}

fn kubelet_instance(
    mut docs: Vec<usize>,
    argv: Argv,
    configs: &mut Pool<ConfigDoc>,
    notes: &mut Vec<(usize, String)>,
) -> Instance {
    let config_flag = argv.flags.last("config").map(|u| u.value.clone());
    let gap_after =
        |arg: Option<usize>| argv.gaps.iter().find(|g| arg.is_none_or(|a| g.at > a)).map(|g| g.missing.clone());
    let config = match (&config_flag, argv.implied_config) {
        (Some(path), _) if !path.is_empty() => match configs.claim_path(path) {
            Some(i) => {
                let c = configs.items[i].2.clone();
                notes.push((c.doc, format!("read as the kubelet's --config {path}")));
                ConfigSource::File(c)
            }
            None => ConfigSource::Missing(path.clone()),
        },
        (None, Some(ImpliedConfig::KubeadmInit)) => {
            // kubeadm init writes the stream's KubeletConfiguration (else its defaults).
            let same_doc = configs.unclaimed().find(|&i| docs.contains(&configs.items[i].0));
            match same_doc.or_else(|| configs.claim_path(KUBEADM_KUBELET_CONFIG)) {
                Some(i) => {
                    configs.claimed[i] = true;
                    notes.push((configs.items[i].0, "read as the kubelet config kubeadm init writes".into()));
                    ConfigSource::File(configs.items[i].2.clone())
                }
                None => ConfigSource::KubeadmDefault,
            }
        }
        (None, Some(ImpliedConfig::KubeadmJoin)) => {
            // kubeadm join downloads the cluster's kube-system/kubelet-config ConfigMap.
            let config_map = configs.unclaimed().find(|&i| configs.items[i].2.config.form == ConfigForm::ConfigMap);
            match config_map.or_else(|| configs.claim_path(KUBEADM_KUBELET_CONFIG)) {
                Some(i) => {
                    configs.claimed[i] = true;
                    notes.push((configs.items[i].0, "read as the kubelet config kubeadm join downloads".into()));
                    ConfigSource::File(configs.items[i].2.clone())
                }
                None => ConfigSource::Missing(
                    "the kube-system/kubelet-config ConfigMap (kubeadm join writes /var/lib/kubelet/config.yaml from it)"
                        .into(),
                ),
            }
        }
        _ if argv.fragment.is_some() => ConfigSource::Unknown(argv.fragment.clone().unwrap_or_default()),
        _ => match gap_after(None) {
            Some(missing) => ConfigSource::Unknown(format!("{missing} was not supplied and may add --config")),
            None => ConfigSource::Absent,
        },
    };
    let dropins = match argv.flags.last("config-dir").map(|u| u.value.clone()) {
        Some(dir) if !dir.is_empty() => {
            let mut files: Vec<usize> = configs
                .unclaimed()
                .filter(|&i| paths::inside(&dir, &configs.items[i].1) && configs.items[i].1.ends_with(".conf"))
                .collect();
            files.sort_by(|&a, &b| configs.items[a].1.cmp(&configs.items[b].1));
            let files = files
                .into_iter()
                .map(|i| {
                    configs.claimed[i] = true;
                    notes.push((configs.items[i].0, format!("read as a --config-dir drop-in from {dir}")));
                    configs.items[i].2.clone()
                })
                .collect();
            DropIns::Dir { path: dir, files, assumed: false }
        }
        _ => DropIns::Absent,
    };
    if let ConfigSource::File(c) = &config {
        docs.push(c.doc);
    }
    if let DropIns::Dir { files, .. } = &dropins {
        docs.extend(files.iter().map(|f| f.doc));
    }
    Instance {
        component: Component::Kubelet,
        documents: docs,
        argv: Some(argv),
        config,
        dropins,
        authz: AuthzSource::Absent,
    }
}

/// KubeletConfigurations no command line named. Without any kubelet command line, a
/// config and `*.conf` files from a `*.d` directory are taken as `--config` plus
/// `--config-dir` drop-ins; otherwise each config is checked as a kubelet's `--config`.
fn loose_configs(configs: &mut Pool<ConfigDoc>, had_kubelet_argv: bool, out: &mut Assembly) {
    let free: Vec<usize> = configs.unclaimed().collect();
    if free.is_empty() {
        return;
    }
    let is_dropin = |name: &str| name.ends_with(".conf") && paths::dirname(name).ends_with(".d");
    let (dropins, mains): (Vec<usize>, Vec<usize>) = free.iter().partition(|&&i| is_dropin(&configs.items[i].1));
    if !had_kubelet_argv && mains.len() == 1 && !dropins.is_empty() {
        let main = configs.items[mains[0]].2.clone();
        let mut dropins = dropins;
        dropins.sort_by(|&a, &b| configs.items[a].1.cmp(&configs.items[b].1));
        let dir = paths::dirname(&configs.items[dropins[0]].1).to_string();
        let files: Vec<ConfigDoc> = dropins.iter().map(|&i| configs.items[i].2.clone()).collect();
        for f in &files {
            out.notes.push((f.doc, format!("taken as a --config-dir drop-in of {dir} (no command line was supplied)")));
        }
        out.notes.push((main.doc, "taken as the kubelet's --config (no command line was supplied)".into()));
        let mut documents = vec![main.doc];
        documents.extend(files.iter().map(|f| f.doc));
        out.instances.push(Instance {
            component: Component::Kubelet,
            documents,
            argv: None,
            config: ConfigSource::Assumed(main),
            dropins: DropIns::Dir { path: dir, files, assumed: true },
            authz: AuthzSource::Absent,
        });
        return;
    }
    for i in free {
        let c = configs.items[i].2.clone();
        let note = if had_kubelet_argv {
            "not named by the kubelet command line's --config; checked as if it were a kubelet's --config"
        } else {
            "taken as the kubelet's --config (no command line was supplied)"
        };
        out.notes.push((c.doc, note.into()));
        out.instances.push(Instance {
            component: Component::Kubelet,
            documents: vec![c.doc],
            argv: None,
            config: ConfigSource::Assumed(c),
            dropins: DropIns::Absent,
            authz: AuthzSource::Absent,
        });
    }
}

fn apiserver_instance(mut docs: Vec<usize>, argv: Argv, authz: &mut Pool<&AuthorizationConfig>) -> Instance {
    let source = match argv.flags.last("authorization-config").map(|u| u.value.clone()) {
        Some(path) if !path.is_empty() => match authz.claim_path(&path) {
            Some(i) => {
                let (doc, _, config) = &authz.items[i];
                docs.push(*doc);
                AuthzSource::File { doc: *doc, config: (*config).clone() }
            }
            None => AuthzSource::Missing(path),
        },
        _ => AuthzSource::Absent,
    };
    Instance {
        component: Component::KubeApiserver,
        documents: docs,
        argv: Some(argv),
        config: ConfigSource::Absent,
        dropins: DropIns::Absent,
        authz: source,
    }
}
