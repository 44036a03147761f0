//! `kubecis node`: gathers the documents that configure a node's kubelet and
//! kube-apiserver, the way they read them, from a root directory (`/` or a copy of a
//! node's filesystem). Every document is named by its path on the node, so the core
//! joins a command line with the files it names. Nothing here decides a verdict.
//!
//! - processes: `/proc/<pid>/cmdline` of `kubelet`, `kube-apiserver` (or `hyperkube`);
//!   relative paths in their flags are resolved against `/proc/<pid>/cwd`;
//! - each component's systemd unit (`kubelet.service`, `kube-apiserver.service` and
//!   their `*.d/*.conf` drop-ins in /etc, /run, /usr/local/lib, /usr/lib and /lib) and
//!   the `EnvironmentFile=`s they name, also while it runs: the core checks what runs
//!   and points fixes at the unit when it starts exactly that; the files followed are
//!   the running process's;
//! - the kubelet's `--config` file and `--config-dir` drop-ins (`*.conf`, recursively,
//!   in lexical order), the kube-apiserver's `--authorization-config` and
//!   `--authentication-config`;
//! - the static Pod manifests in the one directory the kubelet reads them from
//!   (`--pod-manifest-path`, else the last drop-in's `staticPodPath`, else the config
//!   file's, else `/etc/kubernetes/manifests`; none when it is set empty).

mod flags;
pub mod rootfs;

use std::collections::BTreeSet;
use std::path::Path;

use crate::inputs::{Input, InputError};
use rootfs::{absolute, normalize, ReadError, RootFs};

/// Unit directories in systemd's order of precedence.
/// (systemd.unit(5), "System Unit Search Path": `systemctl set-property` writes to
/// `system.control`, transient units and generators have their own directories.)
const UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system.control",
    "/run/systemd/system.control",
    "/run/systemd/transient",
    "/run/systemd/generator.early",
    "/etc/systemd/system",
    "/etc/systemd/system.attached",
    "/run/systemd/system",
    "/run/systemd/system.attached",
    "/run/systemd/generator",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
    "/run/systemd/generator.late",
];

/// The drop-in directories of a service, most specific first: `kube-apiserver.service.d`,
/// then one per dash of its name (`kube-.service.d`), then `service.d`, which applies to
/// every service (systemd.unit(5), "Description": drop-ins of truncated names and of the
/// unit type).
fn dropin_dirs(service: &str) -> Vec<String> {
    let mut dirs = vec![format!("{service}.d")];
    let stem = service.strip_suffix(".service").unwrap_or(service);
    for (i, _) in stem.match_indices('-').collect::<Vec<_>>().into_iter().rev() {
        dirs.push(format!("{}-.service.d", &stem[..i]));
    }
    dirs.push("service.d".to_string());
    dirs
}

const DEFAULT_STATIC_POD_PATH: &str = "/etc/kubernetes/manifests";

/// Whether a document came from a running process, a unit, or a file they name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Process { pid: u32, component: &'static str },
    Unit,
    EnvFile,
    Config,
    DropIn,
    Manifest,
    AuthConfig,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Documents named by their node path, in the order they were read.
    pub documents: Vec<Input>,
    /// Why each document was read (parallel to `documents`).
    pub roles: Vec<Role>,
    /// `--config-dir` directories read whole (as written in the flag and absolute).
    pub complete_directories: Vec<String>,
    /// Files looked for and not found (as the unit or flag wrote them).
    pub absent_files: Vec<String>,
    /// Things worth telling the user: files not found, files not sent and why.
    pub notes: Vec<String>,
    /// Files that exist but could not be read.
    pub errors: Vec<InputError>,
}

struct Gatherer {
    fs: RootFs,
    scan: Scan,
    names: BTreeSet<String>,
    identities: BTreeSet<crate::confined::Identity>,
}

impl Scan {
    /// Reads the files the core reported as referenced but not supplied (such as an
    /// `--authorization-config` that a static Pod mounts from a `hostPath`), when they
    /// exist under `root`. Returns whether any was added.
    pub fn read_missing(&mut self, root: &Path, paths: &[String]) -> bool {
        let Ok(fs) = RootFs::new(root) else { return false };
        let mut added = false;
        for path in paths.iter().filter(|p| p.starts_with('/')) {
            let name = normalize(path);
            if self.documents.iter().any(|d| d.name == name) {
                continue;
            }
            if let Ok(bytes) = fs.read(&name) {
                self.documents.push(Input::text(name, bytes));
                self.roles.push(Role::AuthConfig);
                added = true;
            }
        }
        added
    }
}

/// Reads a node under `root`. Fails only when the root itself cannot be used.
pub fn scan(root: &Path) -> anyhow::Result<Scan> {
    let fs = RootFs::new(root).map_err(|e| anyhow::anyhow!("cannot use {} as the node's root: {e}", root.display()))?;
    let mut g = Gatherer { fs, scan: Scan::default(), names: BTreeSet::new(), identities: BTreeSet::new() };

    let processes = g.processes();
    let mut kubelet = Refs::default();
    let mut apiserver = Refs::default();
    for p in &processes {
        let refs = if p.component == "kubelet" { &mut kubelet } else { &mut apiserver };
        refs.cwd.get_or_insert_with(|| p.cwd.clone());
        for (name, value) in flags::argv_values(&p.argv[p.flags_at..], FOLLOWED) {
            refs.add(&name, &value, &p.cwd);
        }
    }
    for (component, refs) in [("kubelet", &mut kubelet), ("kube-apiserver", &mut apiserver)] {
        // Read even while it runs: the core checks what runs, and points fixes at the
        // unit when it starts exactly that. The files to follow are the process's.
        let texts = g.units(component);
        if processes.iter().any(|p| p.component == component) {
            continue;
        }
        for text in texts {
            for name in FOLLOWED {
                for value in flags::scan_text(&text, &[name]) {
                    refs.add(name, &value, "/");
                }
            }
        }
    }

    let mut config_path = None;
    let last_config = kubelet.last("config");
    for config in kubelet.get("config") {
        if let Some(text) = g.read(&config, Role::Config, true) {
            if last_config.as_deref() == Some(config.as_str()) {
                config_path = flags::static_pod_path(&text).map(|p| (p, config));
            }
        }
    }
    let mut dropin_path = None;
    let last_dir = kubelet.last("config-dir");
    for (written, dir) in kubelet.written("config-dir") {
        for (name, text) in g.config_dir(&written, &dir) {
            if last_dir.as_deref() == Some(dir.as_str()) {
                if let Some(p) = flags::static_pod_path(&text) {
                    dropin_path = Some((p, name));
                }
            }
        }
    }
    // A running kube-apiserver's own flags name its files; its manifest's are not added.
    let follow = !processes.iter().any(|p| p.component == "kube-apiserver");
    if let Some(dir) = g.static_pod_path(&kubelet, config_path, dropin_path) {
        g.manifests(&dir, follow.then_some(&mut apiserver));
    }
    for name in ["authorization-config", "authentication-config"] {
        for path in apiserver.get(name) {
            g.read(&path, Role::AuthConfig, true);
        }
    }
    Ok(g.scan)
}

/// The flags whose files are followed.
const FOLLOWED: &[&str] =
    &["config", "config-dir", "pod-manifest-path", "authorization-config", "authentication-config"];

/// Paths one component's flags name: `(flag, as written, absolute)`, in the order they
/// were found (a value found again moves to the end). A flag set empty is kept (with an
/// empty path) for [`Refs::last`]: `--pod-manifest-path=` turns static Pods off.
#[derive(Default)]
struct Refs {
    entries: Vec<(String, String, String)>,
    /// The working directory the component's relative paths are resolved against.
    cwd: Option<String>,
}

impl Refs {
    fn add(&mut self, flag: &str, value: &str, cwd: &str) {
        let value = value.trim();
        let path = if value.is_empty() { String::new() } else { absolute(value, cwd) };
        let entry = (flag.to_string(), value.to_string(), path);
        self.entries.retain(|e| *e != entry);
        self.entries.push(entry);
    }

    fn get(&self, flag: &str) -> Vec<String> {
        dedup(self.entries.iter().filter(|e| e.0 == flag && !e.1.is_empty()).map(|e| e.2.clone()).collect())
    }

    fn written(&self, flag: &str) -> Vec<(String, String)> {
        self.entries.iter().filter(|e| e.0 == flag && !e.1.is_empty()).map(|e| (e.1.clone(), e.2.clone())).collect()
    }

    /// The absolute path of the value that wins (pflag: the last one); `Some("")` when
    /// the flag is set empty.
    fn last(&self, flag: &str) -> Option<String> {
        self.entries.iter().rev().find(|e| e.0 == flag).map(|e| e.2.clone())
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.into_iter().filter(|i| seen.insert(i.clone())).collect()
}

struct Process {
    component: &'static str,
    argv: Vec<String>,
    flags_at: usize,
    cwd: String,
}

impl Gatherer {
    /// Reads `node_path` into the scan unless it is already there. Returns its text.
    /// A file that does not exist is noted when `referenced` (a flag or unit names it).
    fn read(&mut self, node_path: &str, role: Role, referenced: bool) -> Option<String> {
        let name = normalize(node_path);
        if self.names.contains(&name) {
            let i = self.scan.documents.iter().position(|d| d.name == name)?;
            return Some(self.scan.documents[i].content.to_string());
        }
        match self.fs.read(&name) {
            Ok(bytes) => {
                if let Some(id) = self.fs.identity(&name) {
                    self.identities.insert(id);
                }
                self.names.insert(name.clone());
                let input = Input::text(name, bytes);
                let text = input.content.to_string();
                self.scan.documents.push(input);
                self.scan.roles.push(role);
                Some(text)
            }
            Err(ReadError::NotFound) => {
                if referenced {
                    self.scan.notes.push(format!("{name}: not found"));
                }
                None
            }
            Err(ReadError::Other(message)) => {
                self.scan.errors.push(InputError { name, message: format!("cannot read: {message}") });
                None
            }
        }
    }

    /// Every kubelet / kube-apiserver process under `/proc`, by pid.
    fn processes(&mut self) -> Vec<Process> {
        let mut pids: Vec<u32> = match self.fs.list("/proc") {
            Ok(entries) => entries.iter().filter_map(|(n, _)| n.parse().ok()).collect(),
            Err(_) => Vec::new(),
        };
        pids.sort_unstable();
        let mut out = Vec::new();
        for pid in pids {
            let path = format!("/proc/{pid}/cmdline");
            // Most processes are not ours: read first, keep only the components.
            let Ok(bytes) = self.fs.read(&path) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            let argv: Vec<String> = text.trim_end_matches('\0').split('\0').map(str::to_string).collect();
            let Some((component, flags_at)) = flags::component(&argv) else { continue };
            self.read(&path, Role::Process { pid, component }, false);
            let cwd = match self.fs.read_link(&format!("/proc/{pid}/cwd")) {
                Some(target) if target.starts_with('/') => normalize(&target),
                Some(target) => absolute(&target, &format!("/proc/{pid}")),
                None => "/".to_string(),
            };
            out.push(Process { component, argv, flags_at, cwd });
        }
        out
    }

    /// Reads a component's systemd unit, its drop-ins and the env files they name;
    /// returns the texts to look for flags in.
    fn units(&mut self, component: &str) -> Vec<String> {
        let service = format!("{component}.service");
        let mut texts = Vec::new();
        let mut files = Vec::new();
        // systemd loads the unit file of the highest-priority directory that has one; a
        // link to /dev/null there masks the unit: it cannot start, and none of its files
        // (drop-ins included) is read. A masked drop-in masks the ones of its name below it.
        let mut unit_found = false;
        let mut masked_dropins = BTreeSet::new();
        for dir in UNIT_DIRS {
            let unit = format!("{dir}/{service}");
            if !unit_found && self.fs.is_masked(&unit) {
                self.scan.notes.push(format!("{unit}: masked (a link to /dev/null): {service} is not read"));
                return texts;
            }
            if !unit_found && self.fs.identity(&unit).is_some() {
                unit_found = true;
                files.push(unit);
            }
            for dropins in dropin_dirs(&service) {
                let Ok(entries) = self.fs.list(&format!("{dir}/{dropins}")) else { continue };
                for (name, _) in entries.iter().filter(|(n, _)| n.ends_with(".conf")) {
                    let file = format!("{dir}/{dropins}/{name}");
                    if masked_dropins.contains(name) {
                        self.scan.notes.push(format!("{file}: masked by a link to /dev/null of its name, not read"));
                    } else if self.fs.is_masked(&file) {
                        self.scan.notes.push(format!("{file}: masked (a link to /dev/null), not read"));
                        masked_dropins.insert(name.clone());
                    } else {
                        files.push(file);
                    }
                }
            }
        }
        for file in files {
            // /lib is often a link to /usr/lib: read each file once.
            if self.fs.identity(&file).is_some_and(|id| self.identities.contains(&id)) {
                continue;
            }
            if let Some(text) = self.read(&file, Role::Unit, false) {
                texts.push(text);
            }
        }
        if texts.is_empty() {
            return texts;
        }
        // Only the env files a unit names: another file in a well-known place
        // (/etc/sysconfig/kubelet on a deb layout) is not read by this unit.
        let env_files: Vec<(String, bool)> = texts.iter().flat_map(|t| flags::environment_files(t)).collect();
        let mut seen = BTreeSet::new();
        for (path, optional) in env_files {
            if !seen.insert(path.clone()) {
                continue;
            }
            match self.read(&path, Role::EnvFile, !optional) {
                Some(text) => texts.push(text),
                None if !self.names.contains(&normalize(&path)) => self.scan.absent_files.push(path),
                None => {}
            }
        }
        texts
    }

    /// Reads a `--config-dir` as the kubelet walks it (Go's `filepath.WalkDir`: lexical
    /// order, recursive, linked directories not entered; `*.conf` only). Returns the
    /// drop-ins read, by name, in the order the kubelet merges them.
    fn config_dir(&mut self, written: &str, dir: &str) -> Vec<(String, String)> {
        let mut texts = Vec::new();
        let errors_before = self.scan.errors.len();
        // WalkDir Lstat()s its root: a link there is visited as a file, not walked, and
        // (not named *.conf) merges nothing. A trailing `/` or `/.` makes the kernel
        // follow it.
        let follows = written.ends_with('/') || written.ends_with("/.");
        if !follows && self.fs.read_link(dir).is_some() {
            self.scan.notes.push(format!(
                "{dir}: --config-dir is a symbolic link, which the kubelet's WalkDir does not follow: no drop-in"
            ));
        } else if self.fs.is_dir(dir) {
            self.walk(dir, 0, &mut texts);
        } else {
            // Read whole all the same: it holds no drop-in (the kubelet refuses to start
            // with a --config-dir it cannot walk; a copy kept in git loses empty directories).
            self.scan.notes.push(format!("{dir}: --config-dir does not exist: no drop-in"));
        }
        if self.scan.errors.len() == errors_before {
            for d in [written.to_string(), dir.to_string()] {
                if !self.scan.complete_directories.contains(&d) {
                    self.scan.complete_directories.push(d);
                }
            }
        }
        texts
    }

    /// A directory's entries, or `None` when it does not exist (or, with an error
    /// recorded, cannot be read).
    fn list(&mut self, dir: &str) -> Option<Vec<(String, bool)>> {
        match self.fs.list(dir) {
            Ok(entries) => Some(entries),
            Err(ReadError::NotFound) => None,
            Err(ReadError::Other(m)) => {
                self.scan
                    .errors
                    .push(InputError { name: dir.to_string(), message: format!("cannot read directory: {m}") });
                None
            }
        }
    }

    fn walk(&mut self, dir: &str, depth: usize, texts: &mut Vec<(String, String)>) {
        if depth > 16 {
            self.scan.errors.push(InputError { name: dir.to_string(), message: "nested too deeply".into() });
            return;
        }
        let Some(entries) = self.list(dir) else { return };
        for (name, is_dir) in entries {
            let path = format!("{}/{name}", dir.trim_end_matches('/'));
            if is_dir {
                self.walk(&path, depth + 1, texts);
            } else if name.ends_with(".conf") && !self.fs.is_dir(&path) {
                if let Some(text) = self.read(&path, Role::DropIn, true) {
                    texts.push((path, text));
                }
            }
        }
    }

    /// The directory the kubelet reads static Pods from: `--pod-manifest-path` (relative
    /// to the kubelet's working directory), else the last `--config-dir` drop-in that sets
    /// `staticPodPath` (kept as written by the kubelet's merge, so relative to its working
    /// directory too), else the `--config` file's (relative to the file's directory), else
    /// the default. `None` when the winning one is empty: static Pods are off.
    fn static_pod_path(
        &mut self,
        kubelet: &Refs,
        config: Option<(String, String)>,
        dropin: Option<(String, String)>,
    ) -> Option<String> {
        let cwd = kubelet.cwd.clone().unwrap_or_else(|| "/".to_string());
        let (path, from) = if let Some(flag) = kubelet.last("pod-manifest-path") {
            (flag, "--pod-manifest-path".to_string())
        } else if let Some((value, file)) = dropin {
            (if value.is_empty() { value } else { absolute(&value, &cwd) }, file)
        } else if let Some((value, file)) = config {
            let dir = file.rsplit_once('/').map_or("/", |(d, _)| if d.is_empty() { "/" } else { d }).to_string();
            (if value.is_empty() { value } else { absolute(&value, &dir) }, file)
        } else {
            return Some(DEFAULT_STATIC_POD_PATH.to_string());
        };
        if path.is_empty() {
            self.scan.notes.push(format!("static Pods: none: staticPodPath is set empty by {from}"));
            return None;
        }
        Some(path)
    }

    /// Reads every static Pod manifest in `dir` (the kubelet reads every file but
    /// hidden ones, not recursively) and the files their flags name.
    fn manifests(&mut self, dir: &str, mut apiserver: Option<&mut Refs>) {
        let Some(entries) = self.list(dir) else { return };
        for (name, is_dir) in entries {
            if is_dir || name.starts_with('.') {
                continue;
            }
            let path = format!("{}/{name}", dir.trim_end_matches('/'));
            if self.fs.is_dir(&path) {
                continue;
            }
            let Some(text) = self.read(&path, Role::Manifest, false) else { continue };
            if let Some(apiserver) = apiserver.as_deref_mut() {
                for flag in ["authorization-config", "authentication-config"] {
                    for value in flags::scan_text(&text, &[flag]) {
                        apiserver.add(flag, &value, "/");
                    }
                }
            }
        }
    }
}
