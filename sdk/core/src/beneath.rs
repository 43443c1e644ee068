//! File access confined to a directory tree: every path is opened relative to a handle
//! (an `O_PATH` descriptor) of the tree's root and can never leave it, whatever links,
//! `..` components or renames are found (or made) in the tree meanwhile.
//!
//! Image roots, packages being merged, the ESP staging tree and output directories hold
//! files that other parties control. Checking a path and then opening it by name races
//! with whoever changes the tree in between; here the kernel resolves the path and the
//! check is part of the open:
//!
//! * `openat2(2)` with `RESOLVE_BENEATH` (or `RESOLVE_IN_ROOT`), `RESOLVE_NO_MAGICLINKS`,
//!   and `RESOLVE_NO_SYMLINKS` where no link may be followed at all ([`Links`]);
//! * on kernels without `openat2` (before 5.6, `ENOSYS`; or a seccomp filter refusing it
//!   with `EPERM`), a walk of one `openat(O_PATH | O_NOFOLLOW)` per component, reading
//!   links and resolving them itself under the same rules, and never leaving the root.
//!
//! Operations on a name itself (create, remove, rename, link, read a link, `lstat`) open
//! its parent directory that way and act on the last component with a `*at` call that
//! does not follow it.

use rustix::fs::{AtFlags, Mode, OFlags, ResolveFlags};
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};

pub use rustix::fs::FileType;

/// How symbolic links met on the way are treated. In every mode a path never leads out
/// of the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// No link is followed, in any component (`RESOLVE_NO_SYMLINKS`): for the installer's
    /// own files and for paths already resolved by the caller.
    No,
    /// Links are followed if they stay below the root; an absolute link, or `..` above the
    /// root, is an error (`RESOLVE_BENEATH`).
    Beneath,
    /// Links are followed as if the root were `/`: an absolute target starts at the root,
    /// `..` at the root stays there (`RESOLVE_IN_ROOT`). For image roots, whose links are
    /// written for the running system (`/boot/vmlinuz -> /usr/lib/modules/...`).
    InRoot,
}

impl Links {
    fn resolve_flags(self) -> ResolveFlags {
        match self {
            Links::No => ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS,
            Links::Beneath => ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS,
            Links::InRoot => ResolveFlags::IN_ROOT | ResolveFlags::NO_MAGICLINKS,
        }
    }
}

/// Type, permission bits and size of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// File type.
    pub kind: FileType,
    /// Permission bits (`0o7777`).
    pub mode: u32,
    /// Size in bytes.
    pub size: u64,
    /// Modification time (seconds).
    pub mtime: i64,
}

impl Meta {
    // the field types differ between architectures
    #[allow(clippy::unnecessary_cast)]
    fn of(st: &rustix::fs::Stat) -> Meta {
        Meta {
            kind: FileType::from_raw_mode(st.st_mode as _),
            mode: st.st_mode as u32 & 0o7777,
            size: st.st_size as u64,
            mtime: st.st_mtime as i64,
        }
    }
    /// A directory.
    pub fn is_dir(&self) -> bool {
        self.kind == FileType::Directory
    }
    /// A regular file.
    pub fn is_file(&self) -> bool {
        self.kind == FileType::RegularFile
    }
    /// A symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.kind == FileType::Symlink
    }
}

/// Whether the kernel has `openat2`: 0 not known yet, 1 yes, 2 no.
static OPENAT2: AtomicU8 = AtomicU8::new(0);

/// Most links one path may pass through (Linux's own limit).
const MAX_HOPS: usize = 40;

/// A directory tree, held open; every path given to its methods is relative to it (a
/// leading `/` means its root).
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    path: PathBuf,
    walk_only: bool,
}

impl Dir {
    /// Opens the root of a tree. `path` itself is the caller's (links in it are followed
    /// as usual); everything below it is confined.
    pub fn open(path: &Path) -> io::Result<Dir> {
        let fd = rustix::fs::open(path, OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
        Ok(Dir { fd, path: path.to_path_buf(), walk_only: false })
    }

    /// Like [`Dir::open`], but never uses `openat2`: the path walk kernels without it get.
    /// For tests of that fallback.
    #[doc(hidden)]
    pub fn open_without_openat2(path: &Path) -> io::Result<Dir> {
        let mut d = Dir::open(path)?;
        d.walk_only = true;
        Ok(d)
    }

    /// The root's path (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `<root>/<rel>` (for messages).
    pub fn display(&self, rel: &str) -> String {
        self.path.join(rel.trim_start_matches('/')).display().to_string()
    }

    fn err(&self, rel: &str, links: Links, e: rustix::io::Errno) -> io::Error {
        let kind = io::Error::from(e).kind();
        if e == rustix::io::Errno::XDEV {
            io::Error::new(kind, format!("{}: leads out of {} (an absolute link, a link to a host path, or '..')", self.display(rel), self.path.display()))
        } else if e == rustix::io::Errno::LOOP && links == Links::No {
            io::Error::new(kind, format!("{}: a symbolic link is in the way (links are not followed here)", self.display(rel)))
        } else if e == rustix::io::Errno::LOOP {
            io::Error::new(kind, format!("{}: too many levels of symbolic links", self.display(rel)))
        } else {
            e.into()
        }
    }

    fn use_openat2(&self) -> bool {
        !self.walk_only && OPENAT2.load(Ordering::Relaxed) != 2
    }

    /// Opens `rel` with `flags`, following links by `links` (the last component too,
    /// except with [`Links::No`]).
    fn open_raw(&self, rel: &str, flags: OFlags, mode: Mode, links: Links) -> Result<OwnedFd, rustix::io::Errno> {
        let p = rel.trim_start_matches('/');
        let p = if p.is_empty() { "." } else { p };
        if self.use_openat2() {
            let mut tries = 0;
            loop {
                match rustix::fs::openat2(&self.fd, p, flags | OFlags::CLOEXEC, mode, links.resolve_flags()) {
                    Ok(fd) => {
                        OPENAT2.store(1, Ordering::Relaxed);
                        return Ok(fd);
                    }
                    // a rename elsewhere in the tree during the lookup: try again
                    Err(rustix::io::Errno::AGAIN) if tries < 16 => tries += 1,
                    Err(rustix::io::Errno::NOSYS) => {
                        OPENAT2.store(2, Ordering::Relaxed);
                        break;
                    }
                    // Older container seccomp profiles refuse syscalls they do not know
                    // with EPERM: if the plainest openat2 is refused too, walk instead.
                    Err(rustix::io::Errno::PERM)
                        if matches!(
                            rustix::fs::openat2(&self.fd, ".", OFlags::PATH | OFlags::CLOEXEC, Mode::empty(), ResolveFlags::BENEATH),
                            Err(rustix::io::Errno::PERM | rustix::io::Errno::NOSYS)
                        ) =>
                    {
                        OPENAT2.store(2, Ordering::Relaxed);
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let (dir, name) = self.walk(p, links, true)?;
        match name {
            None => rustix::fs::openat(&dir, ".", flags | OFlags::CLOEXEC, mode),
            // Found as a non-link by the walk: if it is one now, it was swapped meanwhile.
            Some(n) => rustix::fs::openat(&dir, n.as_str(), flags | OFlags::NOFOLLOW | OFlags::CLOEXEC, mode),
        }
    }

    /// The fallback resolution: one component at a time, links read and followed by the
    /// rules of `links`. Returns the directory holding the last component and its name
    /// (which does not exist, is no link, or — without `follow_last` — is anything), or
    /// the directory the path ends at and `None`.
    fn walk(&self, rel: &str, links: Links, follow_last: bool) -> Result<(OwnedFd, Option<String>), rustix::io::Errno> {
        use rustix::io::Errno;
        let mut pending: Vec<Vec<u8>> = rel.as_bytes().split(|&b| b == b'/').rev().map(<[u8]>::to_vec).collect();
        // Directories below the root, outermost first.
        let mut stack: Vec<OwnedFd> = Vec::new();
        let mut hops = 0;
        let dup = |fd: BorrowedFd<'_>| rustix::fs::openat(fd, ".", OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty());
        while let Some(c) = pending.pop() {
            if c.is_empty() || c == b"." {
                continue;
            }
            if c == b".." {
                if stack.pop().is_none() && links != Links::InRoot {
                    return Err(Errno::XDEV);
                }
                continue;
            }
            let last = pending.iter().all(|p| p.is_empty() || p == b".");
            let cur = stack.last().map(|f| f.as_fd()).unwrap_or(self.fd.as_fd());
            let name = String::from_utf8(c.clone()).map_err(|_| Errno::INVAL)?;
            let fd = match rustix::fs::openat(cur, name.as_str(), OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty()) {
                Ok(fd) => fd,
                Err(Errno::NOENT) if last => return Ok((dup(cur)?, Some(name))),
                Err(e) => return Err(e),
            };
            let kind = FileType::from_raw_mode(rustix::fs::fstat(&fd)?.st_mode as _);
            if kind == FileType::Symlink {
                if last && !follow_last {
                    return Ok((dup(cur)?, Some(name)));
                }
                if links == Links::No {
                    return Err(Errno::LOOP);
                }
                hops += 1;
                if hops > MAX_HOPS {
                    return Err(Errno::LOOP);
                }
                // the link itself, through its O_PATH descriptor: no second lookup by name
                let target = rustix::fs::readlinkat(&fd, "", Vec::new())?.into_bytes();
                if target.first() == Some(&b'/') {
                    if links != Links::InRoot {
                        return Err(Errno::XDEV);
                    }
                    stack.clear();
                }
                pending.extend(target.split(|&b| b == b'/').rev().map(<[u8]>::to_vec));
            } else if kind == FileType::Directory {
                if last {
                    return Ok((fd, None));
                }
                stack.push(fd);
            } else if last {
                return Ok((dup(cur)?, Some(name)));
            } else {
                return Err(Errno::NOTDIR);
            }
        }
        let cur = stack.last().map(|f| f.as_fd()).unwrap_or(self.fd.as_fd());
        Ok((dup(cur)?, None))
    }

    /// The directory holding `rel` (resolved by `links`) and the last component's name.
    fn parent<'r>(&self, rel: &'r str, links: Links) -> io::Result<(OwnedFd, &'r str)> {
        let p = rel.trim_start_matches('/').trim_end_matches('/');
        let (dir, name) = p.rsplit_once('/').unwrap_or(("", p));
        if name.is_empty() || name == "." || name == ".." {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{}: not a file name", self.display(rel))));
        }
        let fd = self
            .open_raw(dir, OFlags::PATH | OFlags::DIRECTORY, Mode::empty(), links)
            .map_err(|e| self.err(rel, links, e))?;
        Ok((fd, name))
    }

    /// Opens a regular file for reading (a FIFO or device is refused without being opened
    /// for I/O).
    pub fn open_file(&self, rel: &str, links: Links) -> io::Result<File> {
        let fd = self
            .open_raw(rel, OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY, Mode::empty(), links)
            .map_err(|e| self.err(rel, links, e))?;
        let st = rustix::fs::fstat(&fd)?;
        if FileType::from_raw_mode(st.st_mode as _) != FileType::RegularFile {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{}: not a regular file", self.display(rel))));
        }
        rustix::fs::fcntl_setfl(&fd, OFlags::empty())?;
        Ok(File::from(fd))
    }

    /// Reads a whole regular file.
    pub fn read(&self, rel: &str, links: Links) -> io::Result<Vec<u8>> {
        let mut b = Vec::new();
        self.open_file(rel, links)?.read_to_end(&mut b)?;
        Ok(b)
    }

    /// Type, mode and size of what `rel` leads to (the last link followed, by `links`).
    pub fn stat(&self, rel: &str, links: Links) -> io::Result<Meta> {
        let fd = self.open_raw(rel, OFlags::PATH, Mode::empty(), links).map_err(|e| self.err(rel, links, e))?;
        Ok(Meta::of(&rustix::fs::fstat(&fd)?))
    }

    /// Type, mode and size of `rel` itself (a last link not followed).
    pub fn lstat(&self, rel: &str, links: Links) -> io::Result<Meta> {
        if rel.trim_matches('/').is_empty() {
            return Ok(Meta::of(&rustix::fs::fstat(&self.fd)?));
        }
        let (dir, name) = self.parent(rel, links)?;
        Ok(Meta::of(&rustix::fs::statat(&dir, name, AtFlags::SYMLINK_NOFOLLOW)?))
    }

    /// `lstat`, `None` if nothing is there.
    pub fn try_lstat(&self, rel: &str, links: Links) -> io::Result<Option<Meta>> {
        match self.lstat(rel, links) {
            Ok(m) => Ok(Some(m)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The target of the link `rel`, verbatim.
    pub fn read_link(&self, rel: &str, links: Links) -> io::Result<PathBuf> {
        let (dir, name) = self.parent(rel, links)?;
        let t = rustix::fs::readlinkat(&dir, name, Vec::new())?;
        Ok(PathBuf::from(OsStr::from_bytes(t.as_bytes())))
    }

    /// The entries of a directory (without `.` and `..`), in the order the filesystem
    /// gives them.
    pub fn read_dir(&self, rel: &str, links: Links) -> io::Result<Vec<(String, FileType)>> {
        let fd = self
            .open_raw(rel, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NONBLOCK, Mode::empty(), links)
            .map_err(|e| self.err(rel, links, e))?;
        let mut out = Vec::new();
        for e in rustix::fs::Dir::new(fd)? {
            let e = e?;
            let n = e.file_name().to_bytes();
            if n == b"." || n == b".." {
                continue;
            }
            let name = String::from_utf8(n.to_vec()).map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{}: a name in it is not UTF-8", self.display(rel)))
            })?;
            out.push((name, e.file_type()));
        }
        Ok(out)
    }

    /// Creates a new file (never following or replacing what is there) with `mode`
    /// (less the umask).
    pub fn create_new(&self, rel: &str, mode: u32, links: Links) -> io::Result<File> {
        let (dir, name) = self.parent(rel, links)?;
        let fd = rustix::fs::openat(
            &dir,
            name,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(mode as _),
        )?;
        Ok(File::from(fd))
    }

    /// Writes a regular file (created or truncated; a link at `rel` is not followed, a
    /// non-regular file is refused) and gives it exactly `mode`.
    pub fn write(&self, rel: &str, data: &[u8], mode: u32, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        let fd = rustix::fs::openat(
            &dir,
            name,
            OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        )
        .map_err(|e| self.err(rel, Links::No, e))?;
        let st = rustix::fs::fstat(&fd)?;
        if FileType::from_raw_mode(st.st_mode as _) != FileType::RegularFile {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{}: not a regular file", self.display(rel))));
        }
        rustix::fs::ftruncate(&fd, 0)?;
        rustix::fs::fchmod(&fd, Mode::from_raw_mode(mode as _))?;
        File::from(fd).write_all(data)
    }

    /// Overwrites `rel` if it is a regular file (not a link); returns whether it was.
    pub fn write_existing(&self, rel: &str, data: &[u8], links: Links) -> io::Result<bool> {
        match self.try_lstat(rel, links)? {
            Some(m) if m.is_file() => {}
            _ => return Ok(false),
        }
        let (dir, name) = self.parent(rel, links)?;
        let fd = match rustix::fs::openat(
            &dir,
            name,
            OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        ) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOENT | rustix::io::Errno::LOOP) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        if FileType::from_raw_mode(rustix::fs::fstat(&fd)?.st_mode as _) != FileType::RegularFile {
            return Ok(false);
        }
        rustix::fs::ftruncate(&fd, 0)?;
        File::from(fd).write_all(data)?;
        Ok(true)
    }

    /// Creates a directory with `mode` (less the umask).
    pub fn create_dir(&self, rel: &str, mode: u32, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        Ok(rustix::fs::mkdirat(&dir, name, Mode::from_raw_mode(mode as _))?)
    }

    /// Sets the mode of the directory `rel` leads to (also one its owner may not read).
    pub fn set_dir_mode(&self, rel: &str, mode: u32, links: Links) -> io::Result<()> {
        let fd = self
            .open_raw(rel, OFlags::PATH | OFlags::DIRECTORY, Mode::empty(), links)
            .map_err(|e| self.err(rel, links, e))?;
        let mode = Mode::from_raw_mode(mode as _);
        match rustix::fs::openat(&fd, ".", OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty()) {
            Ok(d) => Ok(rustix::fs::fchmod(&d, mode)?),
            // unreadable: chmod the very directory the O_PATH descriptor holds
            Err(rustix::io::Errno::ACCESS) => {
                use std::os::fd::AsRawFd;
                Ok(rustix::fs::chmod(format!("/proc/self/fd/{}", fd.as_raw_fd()).as_str(), mode)?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Creates `rel` and its missing parents, each new one with exactly `mode`; an
    /// existing component must be a directory (reached by `links`).
    pub fn mkdir_all(&self, rel: &str, mode: u32, links: Links) -> io::Result<()> {
        let p = rel.trim_matches('/');
        let mut end = 0;
        while end < p.len() {
            end = p[end..].find('/').map(|i| end + i).unwrap_or(p.len());
            let prefix = &p[..end];
            end += 1;
            match self.stat(prefix, links) {
                Ok(m) if m.is_dir() => continue,
                Ok(_) => return Err(io::Error::new(io::ErrorKind::NotADirectory, format!("{}: not a directory", self.display(prefix)))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            match self.create_dir(prefix, mode, links) {
                Ok(()) => self.set_dir_mode(prefix, mode, links)?,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && self.stat(prefix, links)?.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Renames `from` to `to` (neither followed if a link).
    pub fn rename(&self, from: &str, to: &str, links: Links) -> io::Result<()> {
        let (fd, fname) = self.parent(from, links)?;
        let (td, tname) = self.parent(to, links)?;
        Ok(rustix::fs::renameat(&fd, fname, &td, tname)?)
    }

    /// Makes `to` a hard link of `from` (a link at `from` is linked itself, not followed).
    pub fn hard_link(&self, from: &str, to: &str, links: Links) -> io::Result<()> {
        let (fd, fname) = self.parent(from, links)?;
        let (td, tname) = self.parent(to, links)?;
        Ok(rustix::fs::linkat(&fd, fname, &td, tname, AtFlags::empty())?)
    }

    /// Creates the symbolic link `rel` → `target` (the target is not looked at).
    pub fn symlink(&self, target: &str, rel: &str, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        Ok(rustix::fs::symlinkat(target, &dir, name)?)
    }

    /// Changes the owner of `rel` itself (a link is not followed).
    pub fn lchown(&self, rel: &str, uid: u32, gid: u32, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        let (u, g) = (rustix::fs::Uid::from_raw(uid), rustix::fs::Gid::from_raw(gid));
        Ok(rustix::fs::chownat(&dir, name, Some(u), Some(g), AtFlags::SYMLINK_NOFOLLOW)?)
    }

    /// Sets the access and modification times of `rel` itself (a link too) to `secs`.
    pub fn set_times_nofollow(&self, rel: &str, secs: i64, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        let t = rustix::fs::Timespec { tv_sec: secs as _, tv_nsec: 0 };
        let ts = rustix::fs::Timestamps { last_access: t, last_modification: t };
        Ok(rustix::fs::utimensat(&dir, name, &ts, AtFlags::SYMLINK_NOFOLLOW)?)
    }

    /// Removes a non-directory (a link itself, not what it points to).
    pub fn remove_file(&self, rel: &str, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        Ok(rustix::fs::unlinkat(&dir, name, AtFlags::empty())?)
    }

    /// Removes an empty directory.
    pub fn remove_dir(&self, rel: &str, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        Ok(rustix::fs::unlinkat(&dir, name, AtFlags::REMOVEDIR)?)
    }

    /// Removes `rel` and, if it is a directory, everything in it (links are removed, never
    /// followed).
    pub fn remove_dir_all(&self, rel: &str, links: Links) -> io::Result<()> {
        let (dir, name) = self.parent(rel, links)?;
        remove_tree(dir.as_fd(), name)
    }
}

fn remove_tree(dir: BorrowedFd<'_>, name: &str) -> io::Result<()> {
    let st = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
    if FileType::from_raw_mode(st.st_mode as _) != FileType::Directory {
        return Ok(rustix::fs::unlinkat(dir, name, AtFlags::empty())?);
    }
    let fd = rustix::fs::openat(dir, name, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC, Mode::empty())?;
    let mut names = Vec::new();
    for e in rustix::fs::Dir::read_from(&fd)? {
        let e = e?;
        let n = e.file_name().to_bytes();
        if n != b"." && n != b".." {
            names.push(String::from_utf8_lossy(n).into_owned());
        }
    }
    for n in names {
        remove_tree(fd.as_fd(), &n)?;
    }
    Ok(rustix::fs::unlinkat(dir, name, AtFlags::REMOVEDIR)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A root and, beside it, a host directory with a secret.
    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let host = d.path().join("host");
        std::fs::create_dir(&host).unwrap();
        std::fs::write(host.join("secret"), b"host secret").unwrap();
        let root = d.path().join("root");
        std::fs::create_dir_all(root.join("usr/lib")).unwrap();
        std::fs::write(root.join("usr/lib/file"), b"in root").unwrap();
        (d, root, host)
    }

    fn both(root: &Path) -> [Dir; 2] {
        [Dir::open(root).unwrap(), Dir::open_without_openat2(root).unwrap()]
    }

    #[test]
    fn dotdot_cannot_escape() {
        let (_d, root, _host) = setup();
        for dir in both(&root) {
            for links in [Links::No, Links::Beneath] {
                let e = dir.read("../host/secret", links).unwrap_err();
                assert!(e.to_string().contains("leads out of"), "{e}");
                let e = dir.read("usr/../../host/secret", links).unwrap_err();
                assert!(e.to_string().contains("leads out of"), "{e}");
                assert!(dir.write("../host/new", b"x", 0o644, links).is_err());
            }
            // in-root semantics: `..` at the root stays there
            assert_eq!(dir.read("../../usr/lib/file", Links::InRoot).unwrap(), b"in root");
            assert_eq!(dir.read("usr/lib/../lib/file", Links::Beneath).unwrap(), b"in root");
        }
        assert!(!root.parent().unwrap().join("host/new").exists());
    }

    #[test]
    fn absolute_links_are_refused_or_taken_inside_the_root() {
        let (_d, root, host) = setup();
        symlink(host.join("secret"), root.join("abs")).unwrap();
        symlink("/usr/lib/file", root.join("abs-in")).unwrap();
        symlink("usr/lib", root.join("lib")).unwrap();
        for dir in both(&root) {
            assert!(dir.read("abs", Links::No).unwrap_err().to_string().contains("symbolic link is in the way"));
            assert!(dir.read("abs", Links::Beneath).unwrap_err().to_string().contains("leads out of"));
            // resolved as if the root were `/`: no such file inside the root
            assert_eq!(dir.read("abs", Links::InRoot).unwrap_err().kind(), io::ErrorKind::NotFound);
            assert_eq!(dir.read("abs-in", Links::InRoot).unwrap(), b"in root");
            assert_eq!(dir.read("lib/file", Links::Beneath).unwrap(), b"in root");
            assert!(dir.read("lib/file", Links::No).is_err());
            // the link itself is there to see
            assert!(dir.lstat("abs", Links::No).unwrap().is_symlink());
            assert_eq!(dir.read_link("abs", Links::No).unwrap(), host.join("secret"));
        }
        // a file named like the host path inside the root is what InRoot finds
        let inside = root.join(host.join("secret").strip_prefix("/").unwrap());
        std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
        std::fs::write(&inside, b"root copy").unwrap();
        for dir in both(&root) {
            assert_eq!(dir.read("abs", Links::InRoot).unwrap(), b"root copy");
        }
    }

    #[test]
    fn host_dir_link_in_a_middle_component() {
        let (_d, root, host) = setup();
        symlink(&host, root.join("usr/hostdir")).unwrap();
        let up = "../".repeat(root.components().count() + 2) + host.strip_prefix("/").unwrap().to_str().unwrap();
        symlink(&up, root.join("usr/climb")).unwrap();
        for dir in both(&root) {
            for mid in ["usr/hostdir", "usr/climb"] {
                for links in [Links::No, Links::Beneath, Links::InRoot] {
                    let r = dir.read(&format!("{mid}/secret"), links);
                    assert!(r.is_err(), "{mid} {links:?}: {:?}", r.map(|b| String::from_utf8_lossy(&b).into_owned()));
                    assert!(dir.write(&format!("{mid}/planted"), b"x", 0o644, links).is_err(), "{mid} {links:?}");
                    assert!(dir.create_new(&format!("{mid}/planted"), 0o644, links).is_err());
                    assert!(dir.read_dir(mid, links).is_err());
                    if links != Links::InRoot {
                        assert!(dir.mkdir_all(&format!("{mid}/d/e"), 0o755, links).is_err());
                    }
                }
            }
        }
        assert_eq!(std::fs::read_dir(&host).unwrap().count(), 1, "nothing planted on the host");
    }

    #[test]
    fn create_new_never_follows_or_replaces() {
        let (_d, root, host) = setup();
        symlink(host.join("target"), root.join("usr/dangling")).unwrap();
        for dir in both(&root) {
            // a dangling link at the name: O_CREAT|O_EXCL|O_NOFOLLOW fails, nothing created
            assert_eq!(dir.create_new("usr/dangling", 0o644, Links::No).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
            assert!(!host.join("target").exists());
            assert!(dir.write("usr/dangling", b"x", 0o644, Links::No).is_err());
            assert!(!dir.write_existing("usr/dangling", b"x", Links::No).unwrap());
            assert!(!host.join("target").exists());
            let _ = dir.remove_file("usr/new", Links::No);
            let mut f = dir.create_new("usr/new", 0o600, Links::No).unwrap();
            f.write_all(b"new").unwrap();
            assert_eq!(dir.create_new("usr/new", 0o600, Links::No).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
            assert_eq!(dir.read("usr/new", Links::No).unwrap(), b"new");
        }
    }

    #[test]
    fn fallback_walk_follows_in_tree_links_only() {
        let (_d, root, _host) = setup();
        symlink("usr/lib", root.join("lib")).unwrap();
        symlink("../lib/file", root.join("usr/f")).unwrap();
        symlink("loop", root.join("loop")).unwrap();
        let dir = Dir::open_without_openat2(&root).unwrap();
        assert!(!dir.use_openat2());
        assert_eq!(dir.read("lib/file", Links::Beneath).unwrap(), b"in root");
        assert_eq!(dir.read("usr/f", Links::Beneath).unwrap(), b"in root");
        assert_eq!(dir.stat("lib", Links::Beneath).unwrap().kind, FileType::Directory);
        assert!(dir.read("loop/x", Links::InRoot).unwrap_err().to_string().contains("too many levels"));
        assert!(dir.read("usr/lib/file/x", Links::No).is_err());
        // the same operations as with openat2
        dir.mkdir_all("var/db/pkg/cat", 0o755, Links::No).unwrap();
        dir.write("var/db/pkg/cat/F", b"1", 0o644, Links::No).unwrap();
        assert!(dir.write_existing("var/db/pkg/cat/F", b"2", Links::No).unwrap());
        dir.rename("var/db/pkg/cat/F", "var/db/pkg/cat/G", Links::No).unwrap();
        let names: Vec<String> = dir.read_dir("var/db/pkg/cat", Links::No).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["G"]);
        assert_eq!(std::fs::read(root.join("var/db/pkg/cat/G")).unwrap(), b"2");
        dir.remove_dir_all("var/db", Links::No).unwrap();
        assert!(!root.join("var/db").exists());
        // an ENOSYS-less kernel never switched the process to the walk
        if OPENAT2.load(Ordering::Relaxed) == 1 {
            assert!(Dir::open(&root).unwrap().use_openat2());
        }
    }

    #[test]
    fn modes_are_exact_and_trees_removed_without_following() {
        let (_d, root, host) = setup();
        symlink(&host, root.join("usr/lib/hostlink")).unwrap();
        for dir in both(&root) {
            dir.mkdir_all("a/b", 0o755, Links::No).unwrap();
            dir.write("a/b/f", b"x", 0o640, Links::No).unwrap();
            assert_eq!(dir.lstat("a/b/f", Links::No).unwrap().mode, 0o640);
            assert_eq!(dir.lstat("a/b", Links::No).unwrap().mode, 0o755);
            // a directory its owner cannot read
            dir.set_dir_mode("a/b", 0o311, Links::No).unwrap();
            dir.set_dir_mode("a/b", 0o755, Links::No).unwrap();
            assert_eq!(dir.lstat("a/b", Links::No).unwrap().mode, 0o755);
            dir.remove_dir_all("a", Links::No).unwrap();
        }
        Dir::open(&root).unwrap().remove_dir_all("usr", Links::No).unwrap();
        assert_eq!(std::fs::read(host.join("secret")).unwrap(), b"host secret");
    }
}
