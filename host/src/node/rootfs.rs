//! A node's filesystem seen from a root directory (`kubecis node --root DIR`): node paths
//! (`/var/lib/kubelet/config.yaml`) are resolved under the root, symbolic links are
//! followed *inside* the root as `chroot` would (an absolute target starts again at the
//! root, `..` stops at it), so a copy of a node or a container image can be read
//! offline and nothing outside the root is ever opened. Every open is relative to a
//! handle on the root and resolved by the kernel (`openat2` with `RESOLVE_IN_ROOT`) or
//! by a walk of directory handles, never by a host path checked first and opened
//! after: a directory swapped for a link in between cannot lead outside the root.

use std::fs;
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use rustix::fs::OFlags;

use crate::confined::{self, Identity, Links};

/// Largest file read; larger files are reported as errors.
pub const MAX_FILE_BYTES: u64 = crate::inputs::MAX_FILE_BYTES;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Unreadable, too large, not a regular file, a link loop...
    Other(String),
}

pub struct RootFs {
    /// The root directory, opened once.
    handle: OwnedFd,
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
        Ok(RootFs { handle: rustix::fs::open(&root, confined::dir_flags(), rustix::fs::Mode::empty())? })
    }

    /// Opens `node_path` with every symbolic link resolved inside the root.
    fn open(&self, node_path: &str, flags: OFlags) -> Result<OwnedFd, ReadError> {
        confined::open(self.handle.as_fd(), node_path.as_bytes(), flags, Links::InRoot).map_err(io_error)
    }

    /// The text of a symbolic link itself (such as `/proc/<pid>/cwd`), its parent
    /// directories resolved; `None` when it is not a link.
    pub fn read_link(&self, node_path: &str) -> Option<String> {
        let normalized = normalize(node_path);
        let (dir, name) = normalized.rsplit_once('/')?;
        let dir = self.open(if dir.is_empty() { "/" } else { dir }, OFlags::PATH | OFlags::DIRECTORY).ok()?;
        rustix::fs::readlinkat(&dir, name, Vec::new()).ok().map(|t| t.to_string_lossy().into_owned())
    }

    /// Whether `node_path` names a link to `/dev/null` (a masked systemd unit).
    pub fn is_masked(&self, node_path: &str) -> bool {
        self.read_link(node_path).is_some_and(|t| normalize(&t) == "/dev/null")
    }

    /// Reads a regular file of at most [`MAX_FILE_BYTES`]. It is opened without
    /// blocking and checked with `fstat` before it is read: a FIFO, device or
    /// directory is refused, never waited on.
    pub fn read(&self, node_path: &str) -> Result<Vec<u8>, ReadError> {
        let fd = self.open(node_path, confined::read_flags())?;
        match confined::read_regular(fd, MAX_FILE_BYTES).map_err(io_error)? {
            (Ok(bytes), _) => Ok(bytes),
            (Err(_), _) => Err(too_large()),
        }
    }

    /// The entries of a directory, sorted by name, each with whether it is a directory
    /// (without following a link: Go's `WalkDir` does not descend into linked directories).
    pub fn list(&self, node_path: &str) -> Result<Vec<(String, bool)>, ReadError> {
        let dir = self.open(node_path, confined::dir_flags())?;
        let mut out: Vec<(String, bool)> = confined::entries(&dir)
            .map_err(io_error)?
            .into_iter()
            .map(|(name, kind)| (String::from_utf8_lossy(&name).into_owned(), kind == rustix::fs::FileType::Directory))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Whether `node_path` resolves to a directory.
    pub fn is_dir(&self, node_path: &str) -> bool {
        self.open(node_path, OFlags::PATH | OFlags::DIRECTORY).is_ok()
    }

    /// An identity for de-duplicating files reached by two names (`/lib` linked to
    /// `/usr/lib`); `None` when `node_path` does not resolve.
    pub fn identity(&self, node_path: &str) -> Option<Identity> {
        let fd = self.open(node_path, OFlags::PATH).ok()?;
        rustix::fs::fstat(&fd).ok().map(|st| Identity::of(&st))
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
    use std::path::PathBuf;

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
