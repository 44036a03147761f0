//! Reads the documents named on the command line: files, directories (walked
//! recursively in sorted order, skipping hidden entries such as `.git` and the
//! `node_modules` and `target` build directories) and `-` for standard input.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest document read (the core's per-document limit). A larger file is sent by
/// name and size only, and the report lists it with the core's error.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Directories a walk does not enter (hidden ones are skipped too).
const IGNORED_DIRS: &[&str] = &["node_modules", "target"];

/// The name standard input gets in the request and in output.
pub const STDIN_NAME: &str = "<stdin>";

/// One document to check: its name as given (or `dir/relative/path`) and its text.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub content: String,
    /// The file was not valid UTF-8 and was converted lossily.
    pub lossy: bool,
    /// Set, with empty `content`, when the file is larger than [`MAX_FILE_BYTES`].
    pub size: Option<u64>,
}

impl Input {
    fn too_large(name: String, size: u64) -> Input {
        Input { name, content: String::new(), lossy: false, size: Some(size) }
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
}

impl Inputs {
    fn error(&mut self, name: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError { name: name.into(), message: message.into() });
    }
}

/// Reads every path in order. `stdin` is used for `-`.
pub fn read(paths: &[PathBuf], stdin: &mut dyn Read) -> Inputs {
    let mut inputs = Inputs::default();
    let mut stdin_used = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin_used {
                inputs.error(STDIN_NAME, "standard input can be given only once");
                continue;
            }
            stdin_used = true;
            read_stdin(stdin, &mut inputs);
            continue;
        }
        let name = display(path);
        match fs::metadata(path) {
            Err(e) => inputs.error(name, format!("cannot read: {}", io_message(&e))),
            Ok(meta) if meta.is_dir() => {
                let root = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                walk(path, &root, &mut inputs)
            }
            Ok(meta) => read_file(path, name, meta.len(), &mut inputs),
        }
    }
    inputs
}

fn read_stdin(stdin: &mut dyn Read, inputs: &mut Inputs) {
    let mut bytes = Vec::new();
    match stdin.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        Err(e) => inputs.error(STDIN_NAME, format!("cannot read: {}", io_message(&e))),
        Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
            inputs.documents.push(Input::too_large(STDIN_NAME.to_string(), bytes.len() as u64))
        }
        Ok(_) => inputs.documents.push(decode(STDIN_NAME.to_string(), bytes)),
    }
}

fn read_file(path: &Path, name: String, len: u64, inputs: &mut Inputs) {
    if len > MAX_FILE_BYTES {
        inputs.documents.push(Input::too_large(name, len));
        return;
    }
    let mut bytes = Vec::new();
    // Read through `take` as well: the file may have grown since `metadata`.
    let result = fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    match result {
        Err(e) => inputs.error(name, format!("cannot read: {}", io_message(&e))),
        Ok(_) if bytes.len() as u64 > MAX_FILE_BYTES => {
            inputs.documents.push(Input::too_large(name, bytes.len() as u64))
        }
        Ok(_) => inputs.documents.push(decode(name, bytes)),
    }
}

/// Walks a directory depth-first with entries sorted by name, skipping hidden entries
/// (names starting with `.`), and not following symbolic links to directories (which
/// could loop). Symbolic links to files inside `root` (the directory named, canonical)
/// are read; links that leave it (a copied `/proc/1/exe`), dangling ones and loops are
/// skipped with a note.
fn walk(dir: &Path, root: &Path, inputs: &mut Inputs) {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            inputs.error(display(dir), format!("cannot read directory: {}", io_message(&e)));
            return;
        }
    };
    let mut entries = entries_of(rd, dir, inputs);
    entries.sort();
    for (file_name, path) in entries {
        let n = file_name.to_string_lossy();
        if n.starts_with('.') || (IGNORED_DIRS.contains(&n.as_ref()) && path.is_dir()) {
            continue;
        }
        let name = display(&path);
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                inputs.error(name, format!("cannot read: {}", io_message(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&path, root, inputs);
        } else if meta.is_file() {
            read_file(&path, name, meta.len(), inputs);
        } else if meta.file_type().is_symlink() {
            match fs::canonicalize(&path) {
                Ok(target) if !target.starts_with(root) => inputs.notes.push(format!(
                    "{name}: not read: a symbolic link to {}, outside {}",
                    target.display(),
                    root.display()
                )),
                Ok(target) => match fs::metadata(&target) {
                    Ok(m) if m.is_file() => read_file(&path, name, m.len(), inputs),
                    // Links to directories are not followed; links to devices or
                    // sockets are not documents.
                    Ok(_) => {}
                    Err(e) => inputs.error(name, format!("cannot read: {}", io_message(&e))),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    inputs.notes.push(format!("{name}: not read: a dangling symbolic link"))
                }
                Err(e) if e.raw_os_error() == Some(40) => {
                    inputs.notes.push(format!("{name}: not read: a symbolic link loop"))
                }
                Err(e) => inputs.error(name, format!("cannot read: {}", io_message(&e))),
            }
        }
        // FIFOs, sockets and devices inside a directory are skipped.
    }
}

fn entries_of(rd: fs::ReadDir, dir: &Path, inputs: &mut Inputs) -> Vec<(std::ffi::OsString, PathBuf)> {
    let mut out = Vec::new();
    for entry in rd {
        match entry {
            Ok(e) => out.push((e.file_name(), e.path())),
            Err(e) => inputs.error(display(dir), format!("cannot read directory: {}", io_message(&e))),
        }
    }
    out
}

fn decode(name: String, bytes: Vec<u8>) -> Input {
    match String::from_utf8(bytes) {
        Ok(content) => Input { name, content, lossy: false, size: None },
        Err(e) => Input { name, content: String::from_utf8_lossy(e.as_bytes()).into_owned(), lossy: true, size: None },
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// An I/O error without the "(os error N)" suffix.
fn io_message(e: &std::io::Error) -> String {
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
        let input = decode("x".into(), vec![b'a', 0xff, b'b']);
        assert!(input.lossy);
        assert_eq!(input.content, "a\u{fffd}b");
    }

    #[test]
    fn stdin_once() {
        let paths = vec![PathBuf::from("-"), PathBuf::from("-")];
        let mut data: &[u8] = b"hello";
        let inputs = read(&paths, &mut data);
        assert_eq!(inputs.documents.len(), 1);
        assert_eq!(inputs.documents[0].name, STDIN_NAME);
        assert_eq!(inputs.errors.len(), 1);
    }
}
