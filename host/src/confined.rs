//! Opening files so that a link or directory swapped in between a check and a use
//! cannot redirect the open: every open is one kernel path walk (`openat2`) or a walk
//! from a held directory handle, one component at a time, that never follows a link
//! the caller did not ask for. Files are opened non-blocking and checked with `fstat`
//! before they are read, so a FIFO or device swapped in is refused instead of hanging.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::fs::{self as rfs, FileType, Mode, OFlags, ResolveFlags, Stat};
use rustix::io::Errno;

/// Links followed for one path before giving up (Linux's MAXSYMLINKS).
const MAX_LINKS: usize = 40;

/// A file's identity: two names with one identity are one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    pub dev: u64,
    pub ino: u64,
}

impl Identity {
    pub fn of(st: &Stat) -> Identity {
        Identity { dev: st.st_dev, ino: st.st_ino }
    }
}

/// How links met on the way are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Followed as `chroot` would: an absolute target starts again at the start
    /// directory and `..` stops there (`RESOLVE_IN_ROOT`).
    InRoot,
    /// Any link, in any component, fails the open (`RESOLVE_NO_SYMLINKS`).
    Refused,
}

/// Flags for reading a file: never blocks on a FIFO, never takes a terminal.
pub fn read_flags() -> OFlags {
    OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC
}

/// Flags for a directory handle that is only walked through or listed.
pub fn dir_flags() -> OFlags {
    OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC
}

/// Opens `path` relative to `start` (a leading `/` too) with `flags`, treating links as
/// `links` says. Magic links (`/proc/<pid>/fd/*`) are never followed.
/// The path is bytes, as Linux has it: a name that is not UTF-8 is opened as it is.
pub fn open(start: BorrowedFd<'_>, path: &[u8], flags: OFlags, links: Links) -> io::Result<OwnedFd> {
    // Without `RESOLVE_IN_ROOT` the kernel would start an absolute path at the real `/`.
    let trimmed = &path[path.iter().take_while(|b| **b == b'/').count()..];
    let path: &[u8] = if trimmed.is_empty() { b"." } else { trimmed };
    let resolve = ResolveFlags::NO_MAGICLINKS
        | match links {
            Links::InRoot => ResolveFlags::IN_ROOT,
            Links::Refused => ResolveFlags::NO_SYMLINKS,
        };
    // `openat2` (Linux 5.6) answers EAGAIN when a rename raced a `..`: try again, then walk.
    for _ in 0..8 {
        match rfs::openat2(start, path, flags, Mode::empty(), resolve) {
            Err(Errno::AGAIN) => continue,
            // Older kernels, and sandboxes that filter the call.
            Err(Errno::NOSYS) | Err(Errno::PERM) => break,
            other => return other.map_err(io::Error::from),
        }
    }
    walk(start, path, flags, links)
}

/// Opens an absolute path (a canonical one: no link in it) without following any link.
pub fn open_no_links(path: &Path, flags: OFlags) -> io::Result<OwnedFd> {
    let root = rfs::open("/", dir_flags(), Mode::empty())?;
    open(root.as_fd(), path.as_os_str().as_bytes(), flags, Links::Refused)
}

/// The component-by-component walk `open` falls back to: each component is opened
/// relative to the handle of the one before with `O_NOFOLLOW`, and a link is read with
/// `readlinkat` and resolved by this walk itself, so nothing it does follows a link in
/// the kernel. `..` pops the handles held, so it cannot climb above `start`.
pub fn walk(start: BorrowedFd<'_>, path: &[u8], flags: OFlags, links: Links) -> io::Result<OwnedFd> {
    let mut pending: Vec<Vec<u8>> = path.split(|b| *b == b'/').rev().map(<[u8]>::to_vec).collect();
    let mut dirs: Vec<OwnedFd> = Vec::new();
    let mut followed = 0;
    while let Some(c) = pending.pop() {
        match c.as_slice() {
            b"" | b"." => continue,
            b".." => {
                dirs.pop();
                continue;
            }
            _ => {}
        }
        let here = dirs.last().map_or(start, |d| d.as_fd());
        // Not a link (EINVAL), or absent: then opened below, which says which.
        if let Ok(target) = rfs::readlinkat(here, c.as_slice(), Vec::new()) {
            followed += 1;
            if links == Links::Refused || followed > MAX_LINKS {
                return Err(Errno::LOOP.into());
            }
            let target = target.as_bytes();
            if target.starts_with(b"/") {
                dirs.clear();
            }
            pending.extend(target.split(|b| *b == b'/').rev().map(<[u8]>::to_vec));
            continue;
        }
        let last = pending.iter().all(|p| p.is_empty() || p.as_slice() == b".");
        let how = if last { flags | OFlags::NOFOLLOW } else { OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW };
        let fd = rfs::openat(here, c.as_slice(), how | OFlags::CLOEXEC, Mode::empty())?;
        if last {
            // `O_PATH | O_NOFOLLOW` opens a link itself: one swapped in since `readlinkat`.
            if rfs::fstat(&fd).is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Symlink) {
                return Err(Errno::LOOP.into());
            }
            return Ok(fd);
        }
        dirs.push(fd);
    }
    // The path named a directory (`/`, `a/..`): the one the walk ended in.
    let here = dirs.last().map_or(start, |d| d.as_fd());
    Ok(rfs::openat(here, ".", flags, Mode::empty())?)
}

/// Why a file was refused before it was read.
pub fn not_regular(st: &Stat) -> Option<&'static str> {
    match FileType::from_raw_mode(st.st_mode) {
        FileType::RegularFile => None,
        FileType::Directory => Some("is a directory"),
        _ => Some("not a regular file (a FIFO, socket or device)"),
    }
}

/// Reads an opened regular file of at most `max` bytes; `Ok(Err(size))` when larger.
pub fn read_regular(fd: OwnedFd, max: u64) -> io::Result<(Result<Vec<u8>, u64>, Stat)> {
    let st = rfs::fstat(&fd)?;
    if let Some(why) = not_regular(&st) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
    }
    if st.st_size as u64 > max {
        return Ok((Err(st.st_size as u64), st));
    }
    let mut bytes = Vec::new();
    // /proc files report a size of 0, and a file may grow: the cap holds while reading too.
    File::from(fd).take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Ok((Err(bytes.len() as u64), st));
    }
    Ok((Ok(bytes), st))
}

/// A directory's entries (but `.` and `..`), by name, with their type, links not
/// followed (asked with `fstatat` where the listing does not say).
pub fn entries(dir: &OwnedFd) -> io::Result<Vec<(Vec<u8>, FileType)>> {
    let mut out = Vec::new();
    for entry in rfs::Dir::read_from(dir.as_fd())? {
        let entry = entry?;
        let name = entry.file_name().to_bytes();
        if name == b"." || name == b".." {
            continue;
        }
        let kind = match entry.file_type() {
            FileType::Unknown => rfs::statat(dir, name, rfs::AtFlags::SYMLINK_NOFOLLOW)
                .map_or(FileType::Unknown, |st| FileType::from_raw_mode(st.st_mode)),
            k => k,
        };
        out.push((name.to_vec(), kind));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn tmp(label: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("kubecis-confined-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn read(start: &OwnedFd, path: &str, links: Links, walk_only: bool) -> io::Result<Vec<u8>> {
        let fd = if walk_only {
            walk(start.as_fd(), path.as_bytes(), read_flags(), links)
        } else {
            open(start.as_fd(), path.as_bytes(), read_flags(), links)
        }?;
        Ok(read_regular(fd, 1 << 20)?.0.unwrap())
    }

    /// The kernel's `openat2` and the fallback walk agree on every case.
    #[test]
    fn links_resolve_inside_the_start_directory() {
        let base = tmp("links");
        let root = base.join("root");
        std::fs::create_dir_all(root.join("etc/sub")).unwrap();
        std::fs::write(base.join("secret"), "outside").unwrap();
        std::fs::write(root.join("etc/sub/real"), "inside").unwrap();
        symlink("/etc/sub/real", root.join("etc/abs")).unwrap();
        symlink("../../../../secret", root.join("etc/escape")).unwrap();
        symlink("/etc/sub", root.join("etc/dirlink")).unwrap();
        symlink("loop", root.join("etc/loop")).unwrap();
        std::fs::write(root.join("secret"), "the root's own").unwrap();
        let start = rfs::open(&root, dir_flags(), Mode::empty()).unwrap();
        for walk_only in [false, true] {
            assert_eq!(read(&start, "/etc/abs", Links::InRoot, walk_only).unwrap(), b"inside");
            assert_eq!(read(&start, "etc/dirlink/../sub/real", Links::InRoot, walk_only).unwrap(), b"inside");
            // `..` stops at the start: the root's own `secret`, never the one above it.
            assert_eq!(read(&start, "/etc/escape", Links::InRoot, walk_only).unwrap(), b"the root's own");
            let e = read(&start, "/etc/loop", Links::InRoot, walk_only).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(Errno::LOOP.raw_os_error()), "{e}");
            let e = read(&start, "/etc/dirlink/real", Links::Refused, walk_only).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(Errno::LOOP.raw_os_error()), "{e}");
            assert_eq!(read(&start, "/etc/sub/real", Links::Refused, walk_only).unwrap(), b"inside");
        }
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tmp("fifo");
        let fifo = dir.join("fifo");
        rustix::fs::mknodat(rfs::CWD, &fifo, FileType::Fifo, Mode::from_raw_mode(0o600), 0).unwrap();
        let fd = open_no_links(&fifo, read_flags()).unwrap();
        let e = read_regular(fd, 10).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
