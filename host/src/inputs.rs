//! Reads the documents named on the command line: files, directories (walked
//! recursively in sorted order, skipping hidden entries such as `.git` and the
//! `node_modules` and `target` build directories) and `-` for standard input.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::confined::{self, Identity};

/// Largest document read (the core's per-document limit). A larger file is sent by
/// name and size only, and the report lists it with the core's error.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most bytes of documents one run holds in memory: files past it are not read, with
/// an error. Larger than one request (the check is split over several calls), small
/// enough that a tree of links or huge files cannot take the machine's memory.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// Directories a walk does not enter (hidden ones are skipped too).
const IGNORED_DIRS: &[&str] = &["node_modules", "target"];

/// What a directory walk leaves out, besides hidden entries and [`IGNORED_DIRS`].
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Gitignore-style globs, relative to the directory walked (`--exclude`).
    pub exclude: Vec<String>,
    /// Leave out what `.gitignore` and `.ignore` files inside the directory walked leave
    /// out (not its parents' nor the user's global gitignore, so that a tree is scanned
    /// alike wherever it lies).
    pub respect_gitignore: bool,
}

/// The name standard input gets in the request and in output.
pub const STDIN_NAME: &str = "<stdin>";

/// One document to check: its name as given (or `dir/relative/path`) and its text.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub name: String,
    /// Shared: cloning an `Input` (the fix's second check) does not copy the text.
    pub content: Arc<str>,
    /// The file was not valid UTF-8 and was converted lossily.
    pub lossy: bool,
    /// Set, with empty `content`, when the file is larger than [`MAX_FILE_BYTES`].
    pub size: Option<u64>,
    /// Other names given for the same file (links to it): it is read and checked once.
    pub aliases: Vec<String>,
    /// Where a regular file was read from, for `kubecis fix --write`.
    pub source: Option<Source>,
    /// Standard input's bytes as they came when they are not UTF-8, so that they are
    /// passed through unchanged instead of with U+FFFD.
    pub raw: Option<Vec<u8>>,
}

/// The file a document was read from.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its canonical path when it was read (no link in it).
    pub path: PathBuf,
    pub identity: Identity,
}

impl Input {
    fn too_large(name: String, size: u64) -> Input {
        Input { name, size: Some(size), ..Input::default() }
    }

    /// A document from bytes, decoded lossily (and flagged) when not UTF-8.
    pub fn text(name: String, bytes: Vec<u8>) -> Input {
        match String::from_utf8(bytes) {
            Ok(content) => Input { name, content: content.into(), ..Input::default() },
            Err(e) => {
                Input { name, content: String::from_utf8_lossy(e.as_bytes()).into(), lossy: true, ..Input::default() }
            }
        }
    }
}

/// A path that could not be read; the other inputs are still checked.
#[derive(Debug, Clone)]
pub struct InputError {
    pub name: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<Input>,
    pub errors: Vec<InputError>,
    /// Entries of a walked directory that were skipped and why (links out of it, dangling).
    pub notes: Vec<String>,
    /// Names that are another name of a file already read, and which.
    pub aliases: Vec<String>,
}

impl Inputs {
    fn error(&mut self, name: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError { name: name.into(), message: message.into() });
    }
}

/// Reads every path in order. `stdin` is used for `-`.
pub fn read(paths: &[PathBuf], stdin: &mut dyn Read, walk: &WalkOptions) -> Inputs {
    read_within(paths, stdin, walk, MAX_TOTAL_BYTES)
}

/// [`read`], holding at most `budget` bytes of documents.
fn read_within(paths: &[PathBuf], stdin: &mut dyn Read, walk: &WalkOptions, budget: u64) -> Inputs {
    let mut r = Reader { budget, ..Reader::default() };
    let mut stdin_used = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_used {
                r.inputs.error(STDIN_NAME, "standard input can be given only once");
                continue;
            }
            stdin_used = true;
            r.stdin(stdin);
            continue;
        }
        let name = display(path);
        match fs::metadata(path) {
            Err(e) => r.inputs.error(name, format!("cannot read: {}", io_message(&e))),
            Ok(meta) if meta.is_dir() => match fs::canonicalize(path) {
                Ok(root) => r.walk(path, &root, walk),
                Err(e) => r.inputs.error(name, format!("cannot read directory: {}", io_message(&e))),
            },
            Ok(_) => r.named_file(path, name),
        }
    }
    r.inputs
}

/// Reads a document again from where it was read (after `kubecis fix --write`).
pub fn reread(input: &Input) -> Result<Input, String> {
    let source = input.source.as_ref().ok_or("not read from a file")?;
    let fd = confined::open_no_links(&source.path, confined::read_flags()).map_err(|e| io_message(&e))?;
    let (bytes, st) = confined::read_regular(fd, MAX_FILE_BYTES).map_err(|e| io_message(&e))?;
    let bytes =
        bytes.map_err(|size| format!("now {size} bytes, larger than the {} MiB limit", MAX_FILE_BYTES >> 20))?;
    let mut again = Input::text(input.name.clone(), bytes);
    again.aliases = input.aliases.clone();
    again.source = Some(Source { path: source.path.clone(), identity: Identity::of(&st) });
    Ok(again)
}

/// Reads each file once: a second name for a file already read (a hard or symbolic
/// link, `dir/./x`) is recorded as its alias, so memory does not grow with links.
#[derive(Default)]
struct Reader {
    inputs: Inputs,
    seen: HashMap<Identity, usize>,
    /// Bytes of documents held so far.
    held: u64,
    /// Most bytes of documents to hold.
    budget: u64,
}

impl Reader {
    fn stdin(&mut self, stdin: &mut dyn Read) {
        let mut bytes = Vec::new();
        match stdin.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
            Err(e) => self.inputs.error(STDIN_NAME, format!("cannot read: {}", io_message(&e))),
            Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
                self.inputs.documents.push(Input::too_large(STDIN_NAME.to_string(), bytes.len() as u64))
            }
            Ok(_) => {
                let name = STDIN_NAME.to_string();
                let input = match String::from_utf8(bytes) {
                    Ok(content) => Input { name, content: content.into(), ..Input::default() },
                    Err(e) => Input {
                        name,
                        content: String::from_utf8_lossy(e.as_bytes()).into(),
                        lossy: true,
                        raw: Some(e.into_bytes()),
                        ..Input::default()
                    },
                };
                self.held += input.content.len() as u64;
                self.inputs.documents.push(input);
            }
        }
    }

    /// A file named on the command line. A regular file is opened by its canonical path
    /// without following links (so the file read is the one `fix --write` checks
    /// before replacing); anything else (`<(cmd)`, `/dev/stdin`) is read as it comes.
    fn named_file(&mut self, path: &Path, name: String) {
        match fs::canonicalize(path) {
            Ok(real) if fs::metadata(&real).is_ok_and(|m| m.is_file()) => {
                match confined::open_no_links(&real, confined::read_flags()) {
                    Ok(fd) => self.file(name, fd, real),
                    Err(e) => self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
                }
            }
            _ => self.stream(path, name),
        }
    }

    fn stream(&mut self, path: &Path, name: String) {
        let mut bytes = Vec::new();
        match fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)) {
            Err(e) => self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
            Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
                self.inputs.documents.push(Input::too_large(name, bytes.len() as u64))
            }
            Ok(_) if self.over_budget(bytes.len() as u64) => self.refuse_over_budget(name),
            Ok(_) => {
                self.held += bytes.len() as u64;
                self.inputs.documents.push(Input::text(name, bytes));
            }
        }
    }

    fn over_budget(&self, len: u64) -> bool {
        self.held + len > self.budget
    }

    fn refuse_over_budget(&mut self, name: String) {
        self.inputs.error(
            name,
            format!(
                "not read: with the files read before it, this run would hold more than {} MiB of documents",
                self.budget >> 20
            ),
        );
    }

    /// Reads an opened file unless it is one already read under another name.
    fn file(&mut self, name: String, fd: OwnedFd, real: PathBuf) {
        let st = match rustix::fs::fstat(&fd) {
            Ok(st) => st,
            Err(e) => return self.inputs.error(name, format!("cannot read: {}", io_message(&e.into()))),
        };
        let identity = Identity::of(&st);
        if let Some(&i) = self.seen.get(&identity) {
            let first = &mut self.inputs.documents[i];
            first.aliases.push(name.clone());
            let message =
                format!("{name}: the same file as {} (a link to it): checked once, as {}", first.name, first.name);
            self.inputs.aliases.push(message);
            return;
        }
        if let Some(why) = confined::not_regular(&st) {
            return self.inputs.error(name, format!("cannot read: {why}"));
        }
        if st.st_size as u64 <= MAX_FILE_BYTES && self.over_budget(st.st_size as u64) {
            return self.refuse_over_budget(name);
        }
        let bytes = match confined::read_regular(fd, MAX_FILE_BYTES) {
            Err(e) => return self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
            Ok((Err(size), _)) => Err(size),
            Ok((Ok(bytes), _)) if self.over_budget(bytes.len() as u64) => return self.refuse_over_budget(name),
            Ok((Ok(bytes), _)) => Ok(bytes),
        };
        let mut input = match bytes {
            Err(size) => Input::too_large(name, size),
            Ok(bytes) => {
                self.held += bytes.len() as u64;
                Input::text(name, bytes)
            }
        };
        input.source = Some(Source { path: real, identity });
        self.seen.insert(identity, self.inputs.documents.len());
        self.inputs.documents.push(input);
    }

    /// Walks a directory depth-first with entries sorted by name (the `ignore` crate,
    /// which ripgrep uses), skipping hidden entries (names starting with `.`),
    /// [`IGNORED_DIRS`], `--exclude` globs and, unless told not to, what gitignore files
    /// leave out. Symbolic links to directories are not followed (they could loop).
    /// Symbolic links to files inside `root` (the directory named, canonical) are read;
    /// links that leave it (a copied `/proc/1/exe`), dangling ones and loops are skipped
    /// with a note.
    ///
    /// Every file is opened by its canonical path with no link allowed anywhere in it
    /// (`RESOLVE_NO_SYMLINKS`), and a link's target again by its canonical path: a
    /// directory or link swapped between the listing and the open fails the open
    /// instead of leading out of `root`.
    fn walk(&mut self, dir: &Path, root: &Path, options: &WalkOptions) {
        let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
        for pattern in &options.exclude {
            if let Err(e) = overrides.add(&format!("!{pattern}")) {
                return self.inputs.error(pattern.clone(), format!("not a valid --exclude pattern: {e}"));
            }
        }
        let overrides = match overrides.build() {
            Ok(o) => o,
            Err(e) => return self.inputs.error(display(dir), format!("invalid --exclude patterns: {e}")),
        };
        let gitignore = options.respect_gitignore;
        let walker = ignore::WalkBuilder::new(dir)
            // Hidden entries are left out below, except inside a `*.d` directory.
            .hidden(false)
            .ignore(gitignore)
            .git_ignore(gitignore)
            .git_exclude(gitignore)
            .git_global(false)
            // Only ignore files inside the directory walked: what a scan of a node copy
            // reads must not depend on the repository it was copied into.
            .parents(false)
            // A copied tree or a tarball has no `.git`: its `.gitignore` still says what is generated.
            .require_git(false)
            .follow_links(false)
            .overrides(overrides)
            .filter_entry(move |e| e.depth() == 0 || !skipped(dir_depth_relative(e.path(), e.depth()), e))
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let name = walk_error_path(&e).map(display).unwrap_or_else(|| display(dir));
                    self.inputs.error(name, format!("cannot read directory: {}", walk_error_message(&e)));
                    continue;
                }
            };
            let Some(kind) = entry.file_type() else { continue };
            let Ok(relative) = entry.path().strip_prefix(dir) else { continue };
            if relative.as_os_str().is_empty() || kind.is_dir() {
                continue;
            }
            let name = display(entry.path());
            let real_path = root.join(relative);
            if kind.is_file() {
                match confined::open_no_links(&real_path, confined::read_flags()) {
                    Ok(fd) => self.file(name, fd, real_path),
                    Err(e) => self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
                }
            } else if kind.is_symlink() {
                self.link(name, &real_path, root);
            }
            // FIFOs, sockets and devices inside a directory are skipped.
        }
    }

    fn link(&mut self, name: String, real_path: &Path, root: &Path) {
        match fs::canonicalize(real_path) {
            Ok(target) if !target.starts_with(root) => self.inputs.notes.push(format!(
                "{name}: not read: a symbolic link to {}, outside {}",
                target.display(),
                root.display()
            )),
            Ok(target) => match confined::open_no_links(&target, confined::read_flags()) {
                // Links to directories are not followed; links to devices or sockets are
                // not documents.
                Ok(fd) if rustix::fs::fstat(&fd).is_ok_and(|st| confined::not_regular(&st).is_none()) => {
                    self.file(name, fd, target)
                }
                Ok(_) => {}
                Err(e) => self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.inputs.notes.push(format!("{name}: not read: a dangling symbolic link"))
            }
            Err(e) if e.raw_os_error() == Some(40) => {
                self.inputs.notes.push(format!("{name}: not read: a symbolic link loop"))
            }
            Err(e) => self.inputs.error(name, format!("cannot read: {}", io_message(&e))),
        }
    }
}

/// The path's last `depth` components: the part below the directory walked.
fn dir_depth_relative(path: &Path, depth: usize) -> Vec<&OsStr> {
    let parts: Vec<&OsStr> = path.iter().collect();
    parts[parts.len().saturating_sub(depth)..].to_vec()
}

/// Whether a walk leaves an entry out: hidden names and [`IGNORED_DIRS`] are skipped,
/// except inside a `*.d` directory. The kubelet reads every `*.conf` below its
/// `--config-dir` (hidden ones and subdirectories too: `filepath.WalkDir` in
/// cmd/kubelet/app/server.go), so a hidden drop-in there must not hide a setting.
fn skipped(relative: Vec<&OsStr>, e: &ignore::DirEntry) -> bool {
    let inside_drop_in_dir =
        relative[..relative.len().saturating_sub(1)].iter().any(|c| c.as_encoded_bytes().ends_with(b".d"));
    if inside_drop_in_dir {
        return false;
    }
    let name = e.file_name();
    name.as_encoded_bytes().starts_with(b".")
        || (e.file_type().is_some_and(|t| t.is_dir()) && name.to_str().is_some_and(|n| IGNORED_DIRS.contains(&n)))
}

fn walk_error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        _ => None,
    }
}

/// The walk's error without the path it names (the entry's name says it).
fn walk_error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Io(io) => io_message(io),
        other => other.to_string(),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// An I/O error without the "(os error N)" suffix.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_utf8_is_flagged() {
        let input = Input::text("x".into(), vec![b'a', 0xff, b'b']);
        assert!(input.lossy);
        assert_eq!(&*input.content, "a\u{fffd}b");
    }

    #[test]
    fn files_past_the_budget_are_not_read() {
        let dir = std::env::temp_dir().join(format!("kubecis-budget-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        for i in 0..3 {
            fs::write(dir.join(format!("{i}.yaml")), vec![b'#'; 1 << 20]).unwrap();
        }
        let inputs =
            read_within(std::slice::from_ref(&dir), &mut std::io::empty(), &WalkOptions::default(), (2 << 20) + 1);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(inputs.documents.len(), 2);
        assert_eq!(inputs.errors.len(), 1);
        assert!(inputs.errors[0].message.contains("would hold more than 2 MiB"), "{:?}", inputs.errors[0].message);
        assert!(inputs.errors[0].name.ends_with("2.yaml"));
    }

    #[test]
    fn stdin_once() {
        let paths = vec![PathBuf::from("-"), PathBuf::from("-")];
        let mut data: &[u8] = b"hello";
        let inputs = read(&paths, &mut data, &WalkOptions::default());
        assert_eq!(inputs.documents.len(), 1);
        assert_eq!(inputs.documents[0].name, STDIN_NAME);
        assert_eq!(inputs.errors.len(), 1);
    }
}
