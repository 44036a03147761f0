//! Groups recognised parts into component instances: the documents of one request
//! describe one node, so a command line or unit that names `--config`,
//! `--config-dir`, `EnvironmentFile=` or `--authorization-config` is joined with the
//! supplied document of that kind (by path when several could fit).

use super::flags;
use super::paths;
use super::running::{join_running, View};
use super::{
    Arg, Argv, AuthzSource, Component, ConfigDoc, ConfigSource, DropIns, FileRef, FileSource, Gap, Instance,
    KubeVersion,
};
use crate::limits;
use crate::recognise::{
    AuthorizationConfig, Body, CommandLine, ConfigForm, EnvFile, Form, ImpliedConfig, PodInfo, Recognised, SystemdUnit,
    NO_API_VERSION_OR_KIND,
};
use crate::request::Options;
use crate::source::Span;

/// The kubelet config path kubeadm always passes (`KUBELET_CONFIG_ARGS` in 10-kubeadm.conf).
const KUBEADM_KUBELET_CONFIG: &str = "/var/lib/kubelet/config.yaml";

/// A recognised input document.
#[derive(Clone)]
pub struct Input<'a> {
    pub index: usize,
    pub name: &'a str,
    pub recognised: &'a Recognised,
    /// Empty, or only comments: an `EnvironmentFile=` that sets nothing, if one names it.
    pub blank: bool,
    pub content: &'a str,
}

pub fn assemble_input<'a>(index: usize, name: &'a str, recognised: &'a Recognised, content: &'a str) -> Input<'a> {
    let blank = content.lines().all(|l| matches!(l.trim_start().as_bytes().first(), None | Some(b'#' | b';')));
    Input { index, name, recognised, blank, content }
}

/// A directory the host read whole is not complete to us when one of its files was not
/// read (too large, past a budget, checked in another request, a template): a `--config-dir` drop-in
/// there may set anything, so verdicts it could change stay unknown.
fn with_unread_directories_incomplete(inputs: &[Input<'_>], options: &Options) -> Options {
    let unread = |i: &&Input| {
        i.recognised.parts.is_empty()
            || i.recognised.parts.iter().any(|p| matches!(p.body, Body::Elsewhere | Body::Template(_)))
    };
    let unread: Vec<&str> = inputs.iter().filter(unread).map(|i| i.name).collect();
    let mut options = options.clone();
    options
        .complete_directories
        .retain(|dir| !unread.iter().any(|name| paths::inside(dir.trim_end_matches('/'), name)));
    options
}

/// What an empty environment file holds.
static NO_VARIABLES: EnvFile = EnvFile { vars: Vec::new() };

#[derive(Default)]
pub struct Assembly {
    pub instances: Vec<Instance>,
    /// How each document was used, by index.
    pub notes: Vec<(usize, String)>,
    /// Startup errors found in command lines: (document, message, span).
    pub problems: Vec<(usize, String, Span)>,
    /// Blank documents read as the empty environment file a unit names.
    pub blank_env_files: Vec<usize>,
}

impl Assembly {
    /// Adds another node's assembly (its documents are disjoint from these).
    pub fn extend(&mut self, other: Assembly) {
        self.instances.extend(other.instances);
        self.notes.extend(other.notes);
        self.problems.extend(other.problems);
        self.blank_env_files.extend(other.blank_env_files);
    }
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
    /// Claims the item whose name best fits `reference`. An item already claimed may be
    /// named again (a `/proc` cmdline and a unit are two views of one kubelet); ties go to
    /// the item nearest `from`, the referring document, in the directory tree. When no
    /// name fits, a single unclaimed item is taken if `fallback`.
    fn claim(&mut self, reference: &str, from: &str, fallback: bool) -> Option<usize> {
        let fit = |i: usize| paths::fit(reference, &self.items[i].1);
        let near = |i: usize| paths::shared_dirs(from, &self.items[i].1);
        let named = (0..self.items.len()).filter(|&i| fit(i) > 0).max_by_key(|&i| (fit(i), near(i), usize::MAX - i));
        let free: Vec<usize> = self.unclaimed().collect();
        let i = match (named, free.as_slice()) {
            (Some(i), _) => i,
            (None, [only]) if fallback => *only,
            _ => return None,
        };
        self.claimed[i] = true;
        Some(i)
    }
    fn unclaimed(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.items.len()).filter(|&i| !self.claimed[i])
    }
}

pub fn assemble(inputs: &[Input<'_>], options: &Options) -> Assembly {
    let options = &with_unread_directories_incomplete(inputs, options);
    let mut names: Vec<&str> = vec![""; inputs.iter().map(|i| i.index + 1).max().unwrap_or(0)];
    for input in inputs {
        names[input.index] = input.name;
    }
    let mut kubelet_cmds: Vec<(usize, &CommandLine)> = Vec::new();
    // Every other component's command lines (kube-apiserver, controller manager, ...).
    let mut control_cmds: Vec<(usize, &CommandLine)> = Vec::new();
    let mut units: Vec<(usize, &str, &SystemdUnit)> = Vec::new();
    let mut env_files: Pool<&EnvFile> = Pool::new();
    let mut configs: Pool<ConfigDoc> = Pool::new();
    let mut configz: Vec<ConfigDoc> = Vec::new();
    let mut authz: Pool<&AuthorizationConfig> = Pool::new();
    let mut files = ApiserverFiles::default();
    let mut scheduler_configs: Pool<ConfigDoc> = Pool::new();
    let mut untyped: Vec<(usize, &str, Span)> = Vec::new();
    for input in inputs {
        for part in &input.recognised.parts {
            match &part.body {
                Body::CommandLine(c) if c.component == Component::Kubelet => kubelet_cmds.push((input.index, c)),
                Body::CommandLine(c) => control_cmds.push((input.index, c)),
                Body::KubeadmNode(n) => kubelet_cmds.push((input.index, &n.command)),
                Body::Systemd(u) => units.push((input.index, input.name, u)),
                Body::EnvFile(f) => env_files.push(input.index, input.name, f),
                Body::Unknown(_) if input.blank => env_files.push(input.index, input.name, &NO_VARIABLES),
                Body::Unknown(note) if note == NO_API_VERSION_OR_KIND => {
                    untyped.push((input.index, input.name, part.span))
                }
                Body::KubeletConfig(c) if c.form == ConfigForm::Configz => {
                    configz.push(ConfigDoc { doc: input.index, config: c.clone(), kubeadm_input: false })
                }
                Body::KubeletConfig(c) => configs.push(
                    input.index,
                    input.name,
                    ConfigDoc { doc: input.index, config: c.clone(), kubeadm_input: false },
                ),
                Body::AuthorizationConfig(a) => authz.push(input.index, input.name, a),
                Body::SchedulerConfig(c) => scheduler_configs.push(
                    input.index,
                    input.name,
                    ConfigDoc { doc: input.index, config: c.clone(), kubeadm_input: false },
                ),
                Body::AuthenticationConfig(_) => files.authentication.push(input.index, input.name, part.body.clone()),
                Body::AdmissionConfig(_) => files.admission.push(input.index, input.name, part.body.clone()),
                Body::EventRateLimitConfig(_) => {
                    files.event_rate_limit.push(input.index, input.name, part.body.clone())
                }
                Body::EncryptionConfig(_) => files.encryption.push(input.index, input.name, part.body.clone()),
                Body::Other { .. } | Body::Unknown(_) | Body::Elsewhere | Body::Template(_) => {}
            }
        }
    }

    let mut out =
        Assembly { instances: Vec::new(), notes: Vec::new(), problems: Vec::new(), blank_env_files: Vec::new() };
    let mut kubelet_argvs: Vec<(Vec<usize>, Argv)> = Vec::new();
    let mut control_argvs: Vec<(Component, Vec<usize>, Argv, Option<PodInfo>)> = Vec::new();

    for (doc, cmd) in &kubelet_cmds {
        kubelet_argvs.push((vec![*doc], argv_of(*doc, cmd, Component::Kubelet)));
    }
    for (doc, cmd) in &control_cmds {
        if let Some(later) = replaced_by(*doc, cmd, &control_cmds, &names) {
            out.notes.push((
                *doc,
                format!("not run: the kubelet reads static Pod files in name order, and {later} replaces this Pod"),
            ));
            continue;
        }
        control_argvs.push((cmd.component, vec![*doc], argv_of(*doc, cmd, cmd.component), cmd.pod.clone()));
    }
    let env_refs: Vec<(usize, String)> = env_files.items.iter().map(|(doc, name, _)| (*doc, name.clone())).collect();
    let env_bodies: Vec<&EnvFile> = env_files.items.iter().map(|(_, _, f)| *f).collect();
    let (unit_argvs, used_env) = super::units::unit_argvs(
        &units,
        &env_refs,
        &env_bodies,
        &options.absent_files,
        &mut out.notes,
        &mut out.problems,
    );
    for i in used_env {
        env_files.claimed[i] = true;
        if env_files.items[i].2.vars.is_empty() {
            out.blank_env_files.push(env_files.items[i].0);
        }
    }
    for (component, docs, argv) in unit_argvs {
        match component {
            Component::Kubelet => kubelet_argvs.push((docs, argv)),
            other => control_argvs.push((other, docs, argv, None)),
        }
    }
    // Environment files no unit reads: a fragment of the kubelet's command line.
    let loose: Vec<usize> = env_files.unclaimed().filter(|&i| !env_files.items[i].2.vars.is_empty()).collect();
    if !loose.is_empty() && units.is_empty() {
        let mut args = Vec::new();
        let mut docs = Vec::new();
        for i in loose {
            let (doc, _, file) = &env_files.items[i];
            docs.push(*doc);
            for var in &file.vars {
                args.extend(var.value.split_unquoted().into_iter().map(|word| Arg { doc: *doc, word }));
            }
        }
        let fragment = "only environment files were supplied, not the kubelet's unit or command line".to_string();
        let argv = Argv {
            program: None,
            flags: flags::parse_args(Component::Kubelet, &args),
            args,
            gaps: vec![],
            fragment: Some(fragment),
            insert: None,
            generated: vec![],
            conditional: vec![],
            implied_config: None,
            form: None,
            version: None,
            unit_ip_address: None,
        };
        kubelet_argvs.push((docs, argv));
    }

    // A running component and the file that starts it: checked once.
    let mut snapshot = vec![false; names.len()];
    let mut texts = vec![""; names.len()];
    for input in inputs {
        snapshot[input.index] = input.recognised.is_snapshot();
        texts[input.index] = input.content;
    }
    let views = kubelet_argvs
        .into_iter()
        .map(|(docs, argv)| View { component: Component::Kubelet, docs, argv, pod: None })
        .chain(control_argvs.into_iter().map(|(component, docs, argv, pod)| View { component, docs, argv, pod }));
    let (kubelet_views, control_views): (Vec<View>, Vec<View>) =
        join_running(views.collect(), &snapshot, &texts, &names, &mut out.notes)
            .into_iter()
            .partition(|v| v.component == Component::Kubelet);

    for View { docs, argv, .. } in kubelet_views {
        let inst = kubelet_instance(docs, argv, &mut configs, &untyped, &names, options, &mut out.notes);
        if let DropIns::Dir { path, rejected, .. } = &inst.dropins {
            for (doc, span, why) in rejected {
                let message = format!(
                    "this --config-dir drop-in ({path}) {why}; the kubelet refuses to start (failed to load kubelet \
                     dropin file)"
                );
                if !out.problems.iter().any(|(d, m, _)| d == doc && *m == message) {
                    out.problems.push((*doc, message, *span));
                }
            }
        }
        out.instances.push(inst);
    }
    // A running kubelet's /configz is its effective configuration, flags included: with
    // exactly one kubelet command line, it is that kubelet's.
    let argv_kubelets: Vec<usize> =
        (0..out.instances.len()).filter(|&i| out.instances[i].component == Component::Kubelet).collect();
    if let ([only], [c]) = (argv_kubelets.as_slice(), configz.as_slice()) {
        let inst = &mut out.instances[*only];
        inst.documents.push(c.doc);
        out.notes.push((c.doc, "the running kubelet's effective configuration: it decides over its files".into()));
        inst.config = ConfigSource::Configz(c.clone());
        configz.clear();
    }
    for c in configz {
        let bare = Instance::files_only(Component::Kubelet, vec![c.doc]);
        out.instances.push(Instance { config: ConfigSource::Configz(c), ..bare });
    }
    let had_kubelet_argv = out.instances.iter().any(|i| i.component == Component::Kubelet && i.argv.is_some());
    loose_configs(&mut configs, had_kubelet_argv, &mut out);

    for View { component, docs, argv, pod } in control_views {
        out.instances.push(match component {
            Component::KubeApiserver => {
                let mut inst = apiserver_instance(docs, argv, pod.as_ref(), &mut authz, &names);
                files.claim_for(&mut inst, pod.as_ref(), &names);
                inst
            }
            Component::KubeScheduler => scheduler_instance(docs, argv, pod.as_ref(), &mut scheduler_configs, &names),
            other => Instance { argv: Some(argv), ..Instance::files_only(other, docs) },
        });
    }
    let had_apiserver_argv = out.instances.iter().any(|i| i.component == Component::KubeApiserver);
    for i in authz.unclaimed().collect::<Vec<_>>() {
        let (doc, _, config) = &authz.items[i];
        if had_apiserver_argv {
            // The kube-apiserver does not read it: checking it would report on one that does not run.
            out.notes.push((*doc, "not read by the kube-apiserver: its command line does not name this file".into()));
            continue;
        }
        out.notes
            .push((*doc, "taken as the kube-apiserver's --authorization-config (no command line names it)".into()));
        out.instances.push(Instance {
            authz: AuthzSource::File { doc: *doc, config: (*config).clone() },
            ..Instance::files_only(Component::KubeApiserver, vec![*doc])
        });
    }
    files.loose(had_apiserver_argv, &mut out);
    for i in scheduler_configs.unclaimed().collect::<Vec<_>>() {
        let doc = scheduler_configs.items[i].0;
        out.notes.push((doc, "not read: no kube-scheduler command line names it as --config".into()));
    }

    set_versions(&mut out, options, &names);

    // A component whose joined command line is past the limit is not checked.
    let mut problems = Vec::new();
    out.instances.retain(|inst| {
        let Some(argv) = inst.argv.as_ref().filter(|a| a.args.len() > limits::MAX_FLAGS) else {
            return true;
        };
        let (doc, span) = argv.program.unwrap_or((argv.args[0].doc, argv.args[0].word.span));
        problems.push((
            doc,
            format!(
                "the {} command line has {} arguments; the limit is {}, so it is not checked",
                inst.component.name(),
                argv.args.len(),
                limits::MAX_FLAGS
            ),
            span,
        ));
        false
    });
    out.problems.extend(problems);
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

/// The later file, if any, that holds the same static Pod in the same directory: the
/// kubelet keys its file source by namespace/name, so the file read last replaces the
/// others (pkg/kubelet/config/file.go reads a directory in name order into one store).
fn replaced_by<'a>(doc: usize, cmd: &CommandLine, all: &[(usize, &CommandLine)], names: &[&'a str]) -> Option<&'a str> {
    let pod = &cmd.pod.as_ref()?.key;
    // Only another file: the containers of one manifest run side by side.
    let dir = paths::dirname(names[doc]);
    all.iter()
        .filter(|(d, c)| *d != doc && c.pod.as_ref().map(|p| &p.key) == Some(pod) && paths::dirname(names[*d]) == dir)
        .map(|(d, _)| names[*d])
        .filter(|other| *other > names[doc])
        .max()
}

/// `$@`, `$*`, `$1`, `$VAR`, `${VAR}`: a word that is a shell expansion.
fn is_shell_variable(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('$') else { return false };
    rest.starts_with(['@', '*', '{']) || rest.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn argv_of(doc: usize, cmd: &CommandLine, component: Component) -> Argv {
    let mut args: Vec<Arg> = Vec::new();
    let mut gaps = Vec::new();
    for w in &cmd.args {
        // In a shell command (a script's `exec kubelet ... "$@"`), a variable's words were
        // not supplied: they stand where it stands.
        if cmd.form == Form::Text && is_shell_variable(&w.value) {
            gaps.push(Gap { at: args.len(), missing: format!("the words of {} (a shell variable)", w.value) });
        } else {
            args.push(Arg { doc, word: w.clone() });
        }
    }
    let flags = flags::parse_args(component, &args);
    // A word the documents do not show may be any flag: what it may set is unknown after it.
    gaps.extend(flags.opaque.iter().map(|(at, what)| Gap { at: *at, missing: format!("the argument {what}") }));
    gaps.sort_by_key(|g| g.at);
    Argv {
        program: cmd.program.map(|s| (doc, s)),
        flags,
        args,
        gaps,
        fragment: None,
        insert: cmd.insert.clone().map(|i| (doc, i)),
        generated: cmd.generated.clone(),
        conditional: cmd.conditional.clone(),
        implied_config: cmd.implied_config,
        form: Some(cmd.form),
        version: cmd.version.clone(),
        unit_ip_address: None,
    }
}

fn kubelet_instance(
    mut docs: Vec<usize>,
    argv: Argv,
    configs: &mut Pool<ConfigDoc>,
    untyped: &[(usize, &str, Span)],
    names: &[&str],
    options: &Options,
    notes: &mut Vec<(usize, String)>,
) -> Instance {
    let config_use = argv.flags.last("config");
    let config_flag = config_use.map(|u| u.value.clone());
    let from = names[config_use.map_or(docs[0], |u| argv.args[u.arg].doc)];
    let gap_after =
        |arg: Option<usize>| argv.gaps.iter().find(|g| arg.is_none_or(|a| g.at > a)).map(|g| g.missing.clone());
    let config = match (&config_flag, argv.implied_config) {
        (Some(path), _) if !path.is_empty() => match configs.claim(path, from, true) {
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
            match same_doc.or_else(|| configs.claim(KUBEADM_KUBELET_CONFIG, from, true)) {
                Some(i) => {
                    configs.claimed[i] = true;
                    notes.push((configs.items[i].0, "read as the kubelet config kubeadm init writes".into()));
                    // The stream's own KubeletConfiguration: kubeadm adds its values to it.
                    ConfigSource::File(ConfigDoc { kubeadm_input: same_doc == Some(i), ..configs.items[i].2.clone() })
                }
                None => ConfigSource::KubeadmDefault,
            }
        }
        (None, Some(ImpliedConfig::KubeadmJoin)) => {
            // kubeadm join ignores the stream's other documents and downloads the cluster's
            // kube-system/kubelet-config ConfigMap (or the node's written file, when named so).
            let config_map = configs.unclaimed().find(|&i| configs.items[i].2.config.form == ConfigForm::ConfigMap);
            match config_map.or_else(|| configs.claim(KUBEADM_KUBELET_CONFIG, from, false)) {
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
        _ if argv.fragment.is_some() => {
            // Only env files: a single supplied config is taken as the kubelet's --config.
            let free: Vec<usize> = configs.unclaimed().collect();
            match free.as_slice() {
                [i] => {
                    configs.claimed[*i] = true;
                    notes.push((
                        configs.items[*i].0,
                        "taken as the kubelet's --config (no command line was supplied)".into(),
                    ));
                    ConfigSource::Assumed(configs.items[*i].2.clone())
                }
                _ => ConfigSource::Unknown(argv.fragment.clone().unwrap_or_default()),
            }
        }
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
            if files.is_empty() {
                // Names without directories: a single remaining `*.conf` config is the drop-in.
                let conf: Vec<usize> = configs.unclaimed().filter(|&i| configs.items[i].1.ends_with(".conf")).collect();
                if let [only] = conf.as_slice() {
                    files.push(*only);
                }
            }
            files.sort_by(|&a, &b| configs.items[a].1.cmp(&configs.items[b].1));
            let mut rejected: Vec<(usize, Span, String)> = Vec::new();
            let files: Vec<ConfigDoc> = files
                .into_iter()
                .map(|i| {
                    configs.claimed[i] = true;
                    notes.push((configs.items[i].0, format!("read as a --config-dir drop-in from {dir}")));
                    configs.items[i].2.clone()
                })
                .collect();
            // Drop-ins are decoded strictly with no lenient retry (unlike --config): a repeated
            // key stops the kubelet.
            for f in &files {
                if let Some(d) = &f.config.repeated {
                    rejected.push((f.doc, d.again, format!("sets {:?} twice, which strict decoding rejects", d.key)));
                }
            }
            let complete =
                options.complete_directories.iter().any(|d| d.trim_end_matches('/') == dir.trim_end_matches('/'));
            for (doc, _, span) in
                untyped.iter().filter(|(_, name, _)| paths::inside(&dir, name) && name.ends_with(".conf"))
            {
                notes.push((*doc, format!("a --config-dir drop-in from {dir} that the kubelet cannot decode")));
                rejected.push((*doc, *span, "has no apiVersion and kind".to_string()));
            }
            // The kubelet walks the directory in name order and stops at the first.
            rejected.sort_by(|a, b| names[a.0].cmp(names[b.0]));
            DropIns::Dir { path: dir, files, complete, rejected }
        }
        _ => DropIns::Absent,
    };
    if let ConfigSource::File(c) | ConfigSource::Assumed(c) = &config {
        docs.push(c.doc);
    }
    if let DropIns::Dir { files, rejected, .. } = &dropins {
        docs.extend(files.iter().map(|f| f.doc));
        docs.extend(rejected.iter().map(|(doc, _, _)| *doc));
    }
    Instance { argv: Some(argv), config, dropins, ..Instance::files_only(Component::Kubelet, docs) }
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
            config: ConfigSource::Assumed(main),
            dropins: DropIns::Dir { path: dir, files, complete: true, rejected: vec![] },
            ..Instance::files_only(Component::Kubelet, documents)
        });
        return;
    }
    for i in free {
        let c = configs.items[i].2.clone();
        if had_kubelet_argv {
            // The node's kubelet does not read it: checking it would report on a kubelet that does not run.
            out.notes.push((c.doc, "not read by the kubelet: its command line does not name this file".into()));
            continue;
        }
        out.notes.push((c.doc, "taken as the kubelet's --config (no command line was supplied)".into()));
        let bare = Instance::files_only(Component::Kubelet, vec![c.doc]);
        out.instances.push(Instance { config: ConfigSource::Assumed(c), ..bare });
    }
}

fn apiserver_instance(
    mut docs: Vec<usize>,
    argv: Argv,
    pod: Option<&PodInfo>,
    authz: &mut Pool<&AuthorizationConfig>,
    names: &[&str],
) -> Instance {
    let flag = argv.flags.last("authorization-config");
    let from = names[flag.map_or(docs[0], |u| argv.args[u.arg].doc)];
    let source = match flag.map(|u| (u.value.clone(), u.unknown.clone())) {
        // A path the documents do not show names no supplied file for sure.
        Some((_, Some(what))) => AuthzSource::Missing(what),
        Some((path, None)) if !path.is_empty() => {
            // In a static Pod the flag names a path in the container: on the node the file
            // is under the hostPath volume mounted there.
            let node_path = pod.and_then(|p| p.node_path(&path)).filter(|n| *n != path);
            let named = node_path.as_ref().and_then(|n| authz.claim(n, from, false));
            match named.or_else(|| authz.claim(&path, from, true)) {
                Some(i) => {
                    let (doc, _, config) = &authz.items[i];
                    docs.push(*doc);
                    AuthzSource::File { doc: *doc, config: (*config).clone() }
                }
                None => AuthzSource::Missing(node_path.unwrap_or(path)),
            }
        }
        _ => AuthzSource::Absent,
    };
    Instance { argv: Some(argv), authz: source, ..Instance::files_only(Component::KubeApiserver, docs) }
}

/// The Kubernetes version whose defaults apply to each instance: `--kubernetes-version`,
/// else the one its own documents name (kubeadm's `kubernetesVersion`, a static Pod's
/// image tag), else the one the request's documents agree on, else the newest, assumed.
/// A flag the version does not have stops the component: that is a located problem.
fn set_versions(out: &mut Assembly, options: &Options, names: &[&str]) {
    let stated = |inst: &Instance| {
        let argv = inst.argv.as_ref()?;
        let text = argv.version.as_ref()?;
        let minor = KubeVersion::parse_minor(text)?;
        let doc = argv.program.map(|(d, _)| d).or(argv.insert.as_ref().map(|(d, _)| *d)).unwrap_or(inst.documents[0]);
        let what =
            if argv.form == Some(crate::recognise::Form::StaticPod) { "the image tag" } else { "kubernetesVersion" };
        Some(KubeVersion { minor, source: format!("{what} {text} in {}", names[doc]), assumed: false })
    };
    let all: Vec<KubeVersion> = out.instances.iter().filter_map(stated).collect();
    let shared = match all.as_slice() {
        [first, rest @ ..] if rest.iter().all(|v| v.minor == first.minor) => Some(first.clone()),
        _ => None,
    };
    let given = options.kubernetes_version.as_ref().and_then(|v| {
        KubeVersion::parse_minor(v).map(|minor| KubeVersion {
            minor,
            source: "--kubernetes-version".into(),
            assumed: false,
        })
    });
    for inst in &mut out.instances {
        inst.version =
            given.clone().or_else(|| stated(inst)).or_else(|| shared.clone()).unwrap_or_else(KubeVersion::assumed);
        if inst.version.assumed {
            continue;
        }
        let Some(argv) = &inst.argv else { continue };
        for u in &argv.flags.uses {
            let Some(s) = inst.component.setting(&u.name) else { continue };
            if s.exists_at(inst.version.minor) {
                continue;
            }
            let when = match (s.added, s.removed) {
                (Some(a), _) if inst.version.minor < a => format!("was added in Kubernetes 1.{a}"),
                (_, Some(r)) => format!("was removed in Kubernetes 1.{r}"),
                _ => continue,
            };
            let a = &argv.args[u.arg];
            out.problems.push((
                a.doc,
                format!(
                    "--{} {when}; the {} of Kubernetes {} ({}) refuses to start with it",
                    u.name,
                    inst.component.name(),
                    inst.version.describe(),
                    inst.version.source
                ),
                a.word.span,
            ));
        }
    }
}

/// The kube-apiserver's config files other than `--authorization-config`, by kind.
#[derive(Default)]
struct ApiserverFiles {
    authentication: Pool<Body>,
    admission: Pool<Body>,
    event_rate_limit: Pool<Body>,
    encryption: Pool<Body>,
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Pool::new()
    }
}

/// The pseudo-flag under which an EventRateLimit `path:` file is joined.
pub const EVENT_RATE_LIMIT_FILE: &str = "admission-control-config-file EventRateLimit path";

impl ApiserverFiles {
    /// Joins the files the instance's flags name, as `--authorization-config` is joined.
    fn claim_for(&mut self, inst: &mut Instance, pod: Option<&PodInfo>, names: &[&str]) {
        let Some(argv) = inst.argv.as_ref() else { return };
        let flags: [(&'static str, &mut Pool<Body>); 3] = [
            ("authentication-config", &mut self.authentication),
            ("admission-control-config-file", &mut self.admission),
            ("encryption-provider-config", &mut self.encryption),
        ];
        let mut found = Vec::new();
        for (flag, pool) in flags {
            let Some(u) = argv.flags.last(flag).filter(|u| !u.value.is_empty()) else { continue };
            let from = names[argv.args[u.arg].doc];
            if let Some(what) = &u.unknown {
                found.push((
                    FileRef { flag, path: what.clone(), source: FileSource::Missing(what.clone()) },
                    from.into(),
                ));
                continue;
            }
            let node_path = pod.and_then(|p| p.node_path(&u.value)).filter(|n| *n != u.value);
            let named = node_path.as_ref().and_then(|n| pool.claim(n, from, false));
            let path = node_path.unwrap_or_else(|| u.value.clone());
            let source = match named.or_else(|| pool.claim(&u.value, from, true)) {
                Some(i) => {
                    let (doc, _, body) = &pool.items[i];
                    FileSource::File { doc: *doc, body: body.clone() }
                }
                None => FileSource::Missing(path.clone()),
            };
            found.push((FileRef { flag, path, source }, from.to_string()));
        }
        // A file of another kind at the path a flag names (an EventRateLimit Configuration
        // given as --admission-control-config-file): joined as it is, so that its rule sees
        // the kube-apiserver cannot decode it (ReadAdmissionConfiguration: not registered).
        for (f, from) in &mut found {
            let FileSource::Missing(path) = &f.source else { continue };
            let path = path.clone();
            let pools =
                [&mut self.authentication, &mut self.admission, &mut self.event_rate_limit, &mut self.encryption];
            for pool in pools {
                if let Some(i) = pool.claim(&path, from, true) {
                    let (doc, _, body) = &pool.items[i];
                    f.source = FileSource::File { doc: *doc, body: body.clone() };
                    break;
                }
            }
        }
        // EventRateLimit's own file, named by `path:` relative to the admission config.
        let erl_path = found.iter().find_map(|(f, _)| match &f.source {
            FileSource::File { body: Body::AdmissionConfig(a), .. } => a
                .plugins
                .iter()
                .find(|p| p.name == "EventRateLimit" && p.configuration.is_none())
                .and_then(|p| p.path.clone())
                .map(|rel| (paths::join(paths::dirname(&f.path), &rel), f.path.clone())),
            _ => None,
        });
        if let Some((path, from)) = erl_path {
            let source = match self.event_rate_limit.claim(&path, &from, true) {
                Some(i) => {
                    let (doc, _, body) = &self.event_rate_limit.items[i];
                    FileSource::File { doc: *doc, body: body.clone() }
                }
                None => FileSource::Missing(path.clone()),
            };
            found.push((FileRef { flag: EVENT_RATE_LIMIT_FILE, path, source }, from));
        }
        for (f, _) in found {
            if let FileSource::File { doc, .. } = &f.source {
                inst.documents.push(*doc);
            }
            inst.files.push(f);
        }
    }

    /// Files no command line names: with no kube-apiserver command line, each is taken as
    /// the file of its flag and checked on its own; otherwise it is not read.
    fn loose(&mut self, had_apiserver_argv: bool, out: &mut Assembly) {
        let pools: [(&'static str, &mut Pool<Body>); 4] = [
            ("authentication-config", &mut self.authentication),
            ("admission-control-config-file", &mut self.admission),
            ("encryption-provider-config", &mut self.encryption),
            (EVENT_RATE_LIMIT_FILE, &mut self.event_rate_limit),
        ];
        for (flag, pool) in pools {
            for i in pool.unclaimed().collect::<Vec<_>>() {
                let (doc, name, body) = &pool.items[i];
                if had_apiserver_argv {
                    out.notes.push((
                        *doc,
                        "not read by the kube-apiserver: its command line does not name this file".into(),
                    ));
                    continue;
                }
                if flag == EVENT_RATE_LIMIT_FILE {
                    out.notes.push((*doc, "an EventRateLimit configuration no AdmissionConfiguration names".into()));
                    continue;
                }
                out.notes.push((*doc, format!("taken as the kube-apiserver's --{flag} (no command line names it)")));
                let file =
                    FileRef { flag, path: name.clone(), source: FileSource::File { doc: *doc, body: body.clone() } };
                out.instances
                    .push(Instance { files: vec![file], ..Instance::files_only(Component::KubeApiserver, vec![*doc]) });
            }
        }
    }
}

/// The kube-scheduler with the `--config` file it names (a static Pod names the path in
/// its container: on the node it is under the hostPath mounted there).
fn scheduler_instance(
    mut docs: Vec<usize>,
    argv: Argv,
    pod: Option<&PodInfo>,
    configs: &mut Pool<ConfigDoc>,
    names: &[&str],
) -> Instance {
    let flag = argv.flags.last("config").filter(|u| !u.value.is_empty());
    let config = match flag {
        None => ConfigSource::Absent,
        Some(u) if u.unknown.is_some() => ConfigSource::Missing(u.unknown.clone().unwrap_or_default()),
        Some(u) => {
            let from = names[argv.args[u.arg].doc];
            let node_path = pod.and_then(|p| p.node_path(&u.value)).filter(|n| *n != u.value);
            let named = node_path.as_ref().and_then(|n| configs.claim(n, from, false));
            match named.or_else(|| configs.claim(&u.value, from, true)) {
                Some(i) => {
                    let c = configs.items[i].2.clone();
                    docs.push(c.doc);
                    ConfigSource::File(c)
                }
                None => ConfigSource::Missing(node_path.unwrap_or_else(|| u.value.clone())),
            }
        }
    };
    Instance { argv: Some(argv), config, ..Instance::files_only(Component::KubeScheduler, docs) }
}
