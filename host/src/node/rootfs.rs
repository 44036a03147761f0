//! A node's filesystem seen from a root directory (`kubecis node --root DIR`): node paths
//! (`/var/lib/kubelet/config.yaml`) are resolved under the root, symbolic links are
//! followed *inside* the root as `chroot` would (an absolute target starts again at the
//! root, `..` stops at it), so a copy of a node or a container image can be read
//! offline and nothing outside the root is ever opened.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Largest file read; larger files are reported as errors.
pub const MAX_FILE_BYTES: u64 = crate::inputs::MAX_FILE_BYTES;

/// Symbolic links followed for one path before giving up (Linux's MAXSYMLINKS).
const MAX_LINKS: usize = 40;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Unreadable, too large, not a regular file, a link loop...
    Other(String),
}

pub struct RootFs {
    root: PathBuf,
}

/// The components of a node path, `.` and empty ones dropped, `..` applied lexically.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `path` made absolute against `cwd` (both node paths), normalized.
pub fn absolute(path: &str, cwd: &str) -> String {
    if path.starts_with('/') {
        normalize(path)
    } else {
        normalize(&format!("{cwd}/{path}"))
    }
}

impl RootFs {
    pub fn new(root: &Path) -> io::Result<RootFs> {
        let root = fs::canonicalize(root)?;
        if !root.is_dir() {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a directory"));
        }
        Ok(RootFs { root })
    }

    /// The host path of `node_path` with every symbolic link resolved inside the root.
    pub fn resolve(&self, node_path: &str) -> Result<PathBuf, ReadError> {
        let mut pending: Vec<String> = node_path.split('/').rev().map(str::to_string).collect();
        let mut current: Vec<String> = Vec::new();
        let mut links = 0;
        while let Some(c) = pending.pop() {
            match c.as_str() {
                "" | "." => continue,
                ".." => {
                    current.pop();
                    continue;
                }
                _ => current.push(c),
            }
            let host = self.host(&current);
            let meta = fs::symlink_metadata(&host).map_err(io_error)?;
            if !meta.file_type().is_symlink() {
                continue;
            }
            links += 1;
            if links > MAX_LINKS {
                return Err(ReadError::Other("too many levels of symbolic links".into()));
            }
            let target = fs::read_link(&host).map_err(io_error)?;
            let target = target.to_string_lossy().into_owned();
            current.pop();
            if target.starts_with('/') {
                current.clear();
            }
            pending.extend(target.split('/').rev().map(str::to_string));
        }
        Ok(self.host(&current))
    }

    fn host(&self, parts: &[String]) -> PathBuf {
        let mut p = self.root.clone();
        p.extend(parts);
        p
    }

    /// The text of a symbolic link itself (such as `/proc/<pid>/cwd`), its parent
    /// directories resolved; `None` when it is not a link.
    pub fn read_link(&self, node_path: &str) -> Option<String> {
        let normalized = normalize(node_path);
        let (dir, name) = normalized.rsplit_once('/')?;
        let host = self.resolve(dir).ok()?.join(name);
        fs::read_link(host).ok().map(|t| t.to_string_lossy().into_owned())
    }

    /// Whether `node_path` names a link to `/dev/null` (a masked systemd unit).
    pub fn is_masked(&self, node_path: &str) -> bool {
        self.read_link(node_path).is_some_and(|t| normalize(&t) == "/dev/null")
    }

    /// Reads a regular file of at most [`MAX_FILE_BYTES`]. FIFOs, devices and
    /// directories are refused before they are opened (a FIFO would block).
    pub fn read(&self, node_path: &str) -> Result<Vec<u8>, ReadError> {
        let host = self.resolve(node_path)?;
        let meta = fs::metadata(&host).map_err(io_error)?;
        if meta.is_dir() {
            return Err(ReadError::Other("is a directory".into()));
        }
        if !meta.is_file() {
            return Err(ReadError::Other("not a regular file".into()));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        // /proc files report a size of 0: the cap is enforced while reading too.
        fs::File::open(&host).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(io_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large());
        }
        Ok(bytes)
    }

    /// The entries of a directory, sorted by name, each with whether it is a directory
    /// (without following a link: Go's `WalkDir` does not descend into linked directories).
    pub fn list(&self, node_path: &str) -> Result<Vec<(String, bool)>, ReadError> {
        let host = self.resolve(node_path)?;
        let mut out = Vec::new();
        for entry in fs::read_dir(&host).map_err(io_error)? {
            let entry = entry.map_err(io_error)?;
            let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        out.sort();
        Ok(out)
    }

    /// Whether `node_path` resolves to a directory.
    pub fn is_dir(&self, node_path: &str) -> bool {
        self.resolve(node_path).is_ok_and(|p| p.is_dir())
    }

    /// An identity for de-duplicating files reached by two names (`/lib` linked to `/usr/lib`).
    pub fn identity(&self, node_path: &str) -> Option<PathBuf> {
        self.resolve(node_path).ok()
    }
}

fn too_large() -> ReadError {
    ReadError::Other(format!("larger than the {} MiB limit", MAX_FILE_BYTES >> 20))
}

fn io_error(e: io::Error) -> ReadError {
    if e.kind() == io::ErrorKind::NotFound {
        return ReadError::NotFound;
    }
    let s = e.to_string();
    ReadError::Other(match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tmp(label: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kubecis-rootfs-{label}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize("/a/./b/../c//d"), "/a/c/d");
        assert_eq!(normalize("/../../etc"), "/etc");
        assert_eq!(absolute("config.yaml", "/var/lib/kubelet"), "/var/lib/kubelet/config.yaml");
        assert_eq!(absolute("../x", "/var/lib"), "/var/x");
    }

    #[test]
    fn links_stay_inside_the_root() {
        let base = tmp("links");
        let root = base.join("root");
        fs::create_dir_all(root.join("etc/kubernetes")).unwrap();
        fs::write(base.join("secret"), "outside").unwrap();
        fs::write(root.join("etc/kubernetes/real.yaml"), "inside").unwrap();
        // Absolute targets start again at the root; `..` stops at the root.
        symlink("/etc/kubernetes/real.yaml", root.join("etc/abs")).unwrap();
        symlink("../../../../secret", root.join("etc/escape")).unwrap();
        symlink("/etc/loop", root.join("etc/loop")).unwrap();
        symlink("/dev/null", root.join("etc/masked")).unwrap();
        let fs_ = RootFs::new(&root).unwrap();
        assert_eq!(fs_.read("/etc/abs").unwrap(), b"inside");
        assert!(matches!(fs_.read("/etc/escape"), Err(ReadError::NotFound)));
        assert!(matches!(fs_.read("/etc/loop"), Err(ReadError::Other(m)) if m.contains("symbolic links")));
        assert!(fs_.is_masked("/etc/masked"));
        assert!(matches!(fs_.read("/etc/kubernetes"), Err(ReadError::Other(m)) if m.contains("directory")));
    }
}
