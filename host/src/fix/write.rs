//! Replaces a fixed file, and only the file that was checked. The directory it was read
//! from is opened by its canonical path without following links, and everything after
//! goes through that handle: the file is looked up by name in it without following a
//! link, must still be the same file (device and inode) holding the bytes checked, the
//! temporary file is created in it and renamed over the original within it. A link
//! re-pointed or a directory swapped since the check fails the write instead of
//! redirecting it, and an edit made since the check is refused instead of lost.

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustix::fs::{self as rfs, Gid, Mode, OFlags, Stat, Uid};
use rustix::io::Errno;

use crate::confined::{self, Identity};
use crate::inputs::{Source, MAX_FILE_BYTES};

#[derive(Debug)]
pub enum WriteError {
    /// The file is not the one checked any more, or not as checked: left alone.
    Changed(String),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

impl From<Errno> for WriteError {
    fn from(e: Errno) -> WriteError {
        WriteError::Io(e.into())
    }
}

/// How the file was written.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// A temporary file renamed over it.
    Atomically,
    /// In place, because it has this many hard links: a rename would leave the other
    /// names with the old text.
    InPlace(u64),
}

/// Replaces the file `source` names with `data`, if it still holds `checked`; keeps its
/// permissions and, where allowed, its owner and group.
pub fn replace_checked(source: &Source, checked: &[u8], data: &[u8]) -> Result<Written, WriteError> {
    let (Some(parent), Some(name)) = (source.path.parent(), source.path.file_name()) else {
        return Err(WriteError::Changed("it is not a file in a directory".into()));
    };
    let dir = confined::open_no_links(parent, confined::dir_flags()).map_err(|e| match e.raw_os_error() {
        Some(n) if n == Errno::LOOP.raw_os_error() || n == Errno::NOTDIR.raw_os_error() => {
            WriteError::Changed(format!("a directory of {} is now a symbolic link or a file", parent.display()))
        }
        _ => WriteError::Io(e),
    })?;
    let (file, st) = same_file(&dir, name, source.identity, checked, OFlags::RDONLY)?;
    if st.st_nlink > 1 {
        drop(file);
        return in_place(&dir, name, source.identity, checked, data).map(|()| Written::InPlace(st.st_nlink));
    }
    let (tmp_name, tmp) = temporary(&dir)?;
    let written = fill(&tmp, &st, data).and_then(|()| {
        // The last look before the rename: what is replaced is what was checked.
        same_file(&dir, name, source.identity, checked, OFlags::RDONLY)?;
        rfs::renameat(&dir, tmp_name.as_str(), &dir, name)?;
        Ok(())
    });
    if written.is_err() {
        let _ = rfs::unlinkat(&dir, tmp_name.as_str(), rfs::AtFlags::empty());
        return written.map(|()| Written::Atomically);
    }
    let _ = rfs::fsync(&dir);
    Ok(Written::Atomically)
}

/// Opens `name` in `dir` without following a link and checks it is the file checked,
/// with the bytes checked.
fn same_file(
    dir: &OwnedFd,
    name: &std::ffi::OsStr,
    identity: Identity,
    checked: &[u8],
    access: OFlags,
) -> Result<(File, Stat), WriteError> {
    let flags = access | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = rfs::openat(dir, name, flags, Mode::empty()).map_err(|e| match e {
        Errno::LOOP => WriteError::Changed("it is now a symbolic link".into()),
        Errno::NOENT => WriteError::Changed("it was removed".into()),
        e => e.into(),
    })?;
    let st = rfs::fstat(&fd)?;
    if Identity::of(&st) != identity {
        return Err(WriteError::Changed("it was replaced by another file".into()));
    }
    if st.st_size as u64 != checked.len() as u64 {
        return Err(WriteError::Changed("it was edited".into()));
    }
    let file = File::from(fd);
    let mut now = vec![0; checked.len().min(MAX_FILE_BYTES as usize)];
    file.read_exact_at(&mut now, 0)?;
    if now != checked {
        return Err(WriteError::Changed("it was edited".into()));
    }
    Ok((file, st))
}

/// Writes a hard-linked file where it is, so that every name keeps seeing one file.
fn in_place(
    dir: &OwnedFd,
    name: &std::ffi::OsStr,
    identity: Identity,
    checked: &[u8],
    data: &[u8],
) -> Result<(), WriteError> {
    let (file, _) = same_file(dir, name, identity, checked, OFlags::RDWR)?;
    file.write_all_at(data, 0)?;
    file.set_len(data.len() as u64)?;
    file.sync_all()?;
    Ok(())
}

/// Creates a new temporary file in `dir` (never an existing name, never through a link).
fn temporary(dir: &OwnedFd) -> Result<(String, File), WriteError> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let name = format!(".kubecis-fix-{}-{n}.tmp", std::process::id());
        match rfs::openat(dir, name.as_str(), flags, Mode::from_raw_mode(0o600)) {
            Ok(fd) => return Ok((name, File::from(fd))),
            Err(Errno::EXIST) if n < 1000 => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// The temporary file's text, mode and owner, synced.
fn fill(tmp: &File, original: &Stat, data: &[u8]) -> Result<(), WriteError> {
    let mut w = tmp;
    w.write_all(data)?;
    // Only root may give a file away; otherwise it stays the writer's.
    let _ = rfs::fchown(tmp, Some(Uid::from_raw(original.st_uid)), Some(Gid::from_raw(original.st_gid)));
    rfs::fchmod(tmp, Mode::from_raw_mode(original.st_mode & 0o7777))?;
    tmp.sync_all()?;
    Ok(())
}
