//! A staging tree: a directory the builder fills with explicit modes, so that nothing
//! depends on the caller's umask, and a sorted listing of it.

use anyhow::{bail, Context, Result};
use railyard_core::beneath::{Dir, Links};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A directory being filled for one filesystem image. It receives links copied from image
/// roots, so it is written through its handle without following any link
/// ([`Links::No`]): a staged `usr/lib -> /somewhere` never makes a later write land on the
/// host.
#[derive(Debug)]
pub struct Tree {
    root: PathBuf,
    dir: Dir,
}

/// One entry of a tree listing.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path relative to the tree root, without a leading slash.
    pub rel: String,
    /// Full path on the build host.
    pub path: PathBuf,
    /// What it is.
    pub kind: Kind,
    /// Permission bits.
    pub mode: u32,
    /// Size in bytes (files), target length (links), 0 (dirs).
    pub size: u64,
}

/// Entry type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Directory.
    Dir,
    /// Regular file.
    File,
    /// Symbolic link with its target.
    Symlink(String),
}

impl Tree {
    /// Creates (emptying first) a tree at `root`.
    pub fn create(root: &Path) -> Result<Self> {
        if root.exists() {
            fs::remove_dir_all(root).with_context(|| format!("removing old staging tree {}", root.display()))?;
        }
        fs::create_dir_all(root).with_context(|| format!("creating staging tree {}", root.display()))?;
        fs::set_permissions(root, fs::Permissions::from_mode(0o755))?;
        let dir = Dir::open(root).with_context(|| format!("opening staging tree {}", root.display()))?;
        Ok(Tree { root: root.to_path_buf(), dir })
    }

    /// The tree's directory on the host.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `rel` without a leading `/`, checked for `..`.
    fn rel<'r>(&self, rel: &'r str) -> Result<&'r str> {
        let rel = rel.trim_start_matches('/');
        if rel.split('/').any(|c| c == "..") {
            bail!("path {rel:?} escapes the staging tree");
        }
        Ok(rel)
    }

    /// Creates a directory (and parents) with mode 0755.
    pub fn dir(&self, rel: &str) -> Result<()> {
        self.dir_mode(rel, 0o755)
    }

    /// Creates a directory with an explicit mode; parents get 0755.
    pub fn dir_mode(&self, rel: &str, mode: u32) -> Result<()> {
        let rel = self.rel(rel)?;
        let d = &self.dir;
        let mut cur = String::new();
        for c in rel.split('/').filter(|c| !c.is_empty() && *c != ".") {
            cur = if cur.is_empty() { c.to_string() } else { format!("{cur}/{c}") };
            if !d.stat(&cur, Links::No).is_ok_and(|m| m.is_dir()) {
                d.create_dir(&cur, 0o777, Links::No).with_context(|| format!("creating {}", d.display(&cur)))?;
                d.set_dir_mode(&cur, 0o755, Links::No).with_context(|| format!("chmod {}", d.display(&cur)))?;
            }
        }
        d.set_dir_mode(rel, mode, Links::No).with_context(|| format!("chmod {}", d.display(rel)))?;
        Ok(())
    }

    fn parent(&self, rel: &str) -> Result<()> {
        if let Some(parent) = Path::new(rel.trim_start_matches('/')).parent() {
            if !parent.as_os_str().is_empty() {
                self.dir(&parent.to_string_lossy())?;
            }
        }
        Ok(())
    }

    /// Writes a file with contents and mode.
    pub fn write(&self, rel: &str, data: &[u8], mode: u32) -> Result<()> {
        self.parent(rel)?;
        let rel = self.rel(rel)?;
        let _ = self.dir.remove_file(rel, Links::No);
        self.dir.write(rel, data, mode, Links::No).with_context(|| format!("writing {}", self.dir.display(rel)))?;
        Ok(())
    }

    /// Copies a host file in (following symlinks) with the given mode.
    pub fn copy(&self, src: &Path, rel: &str, mode: u32) -> Result<()> {
        let mut f = fs::File::open(src).with_context(|| format!("copying {}: cannot open", src.display()))?;
        self.copy_from(&mut f, rel, mode).with_context(|| format!("copying {}", src.display()))
    }

    /// Copies a host directory tree in, keeping the executable bit (0755/0644) and links.
    pub fn copy_tree(&self, src: &Path, rel: &str) -> Result<()> {
        let mut entries: Vec<_> = fs::read_dir(src)
            .with_context(|| format!("reading {}", src.display()))?
            .collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        self.dir(rel)?;
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let r = format!("{}/{}", rel.trim_end_matches('/'), name);
            let ft = e.file_type()?;
            if ft.is_symlink() {
                let t = fs::read_link(e.path())?;
                self.symlink(&t.to_string_lossy(), &r)?;
            } else if ft.is_dir() {
                self.copy_tree(&e.path(), &r)?;
            } else {
                let exec = e.metadata()?.permissions().mode() & 0o111 != 0;
                self.copy(&e.path(), &r, if exec { 0o755 } else { 0o644 })?;
            }
        }
        Ok(())
    }

    /// Copies a host directory tree in keeping every permission bit (setuid, sticky, 0700,
    /// ...) and symbolic links as they are: for trees installed by a package manager, whose
    /// modes are part of the packages. Paths (relative to `src`) for which `skip` returns
    /// true are left out with everything below them. Ownership is not copied (every image
    /// file is owned by root); device nodes, FIFOs and sockets are refused.
    pub fn copy_tree_exact(&self, src: &Path, rel: &str, skip: &dyn Fn(&str) -> bool) -> Result<()> {
        // `src/usr` as a link would copy whatever it points to on the host
        if fs::symlink_metadata(src).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!("{}: is a symbolic link; image trees are copied without following links", src.display());
        }
        let dir = Dir::open(src).with_context(|| format!("opening {}", src.display()))?;
        self.copy_tree_exact_from(&dir, "", rel, skip)
    }

    /// [`Tree::copy_tree_exact`] of `srel` inside the tree `src` (an image root): every
    /// file is read through the root's handle without following any link
    /// ([`Links::No`]), so nothing outside the root is ever read, even if the tree changes
    /// meanwhile.
    pub fn copy_tree_exact_from(&self, src: &Dir, srel: &str, rel: &str, skip: &dyn Fn(&str) -> bool) -> Result<()> {
        self.copy_exact_at(src, srel.trim_matches('/'), rel.trim_matches('/'), "", skip)
    }

    fn copy_exact_at(&self, src: &Dir, from: &str, rel: &str, srel: &str, skip: &dyn Fn(&str) -> bool) -> Result<()> {
        let mut entries = src.read_dir(from, Links::No).with_context(|| format!("reading {}", src.display(from)))?;
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if !rel.is_empty() {
            self.dir(rel)?;
        }
        for (name, _) in entries {
            let r = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            let sr = if srel.is_empty() { name.clone() } else { format!("{srel}/{name}") };
            if skip(&sr) {
                continue;
            }
            let fp = if from.is_empty() { name.clone() } else { format!("{from}/{name}") };
            let md = src.lstat(&fp, Links::No).with_context(|| format!("reading {}", src.display(&fp)))?;
            if md.is_symlink() {
                let t = src.read_link(&fp, Links::No).with_context(|| format!("reading {}", src.display(&fp)))?;
                self.symlink(&t.to_string_lossy(), &r)?;
            } else if md.is_dir() {
                self.copy_exact_at(src, &fp, &r, &sr, skip)?;
                self.dir.set_dir_mode(&r, md.mode, Links::No).with_context(|| format!("chmod {}", self.dir.display(&r)))?;
            } else if md.is_file() {
                let mut f = src.open_file(&fp, Links::No).with_context(|| format!("reading {}", src.display(&fp)))?;
                self.copy_from(&mut f, &r, md.mode).with_context(|| format!("copying {}", src.display(&fp)))?;
            } else {
                bail!("{}: only files, directories and symlinks can go into the image", src.display(&fp));
            }
        }
        Ok(())
    }

    /// Writes a file with the contents of `r` and the given mode.
    pub fn copy_from<R: std::io::Read>(&self, r: &mut R, rel: &str, mode: u32) -> Result<()> {
        self.parent(rel)?;
        let rel = self.rel(rel)?;
        let _ = self.dir.remove_file(rel, Links::No);
        let shown = || format!("writing {}", self.dir.display(rel));
        let mut f = self.dir.create_new(rel, 0o666, Links::No).with_context(shown)?;
        std::io::copy(r, &mut f).with_context(shown)?;
        f.set_permissions(fs::Permissions::from_mode(mode)).with_context(shown)?;
        Ok(())
    }

    /// Creates a symbolic link `rel` → `target`.
    pub fn symlink(&self, target: &str, rel: &str) -> Result<()> {
        self.parent(rel)?;
        let rel = self.rel(rel)?;
        let _ = self.dir.remove_file(rel, Links::No);
        self.dir.symlink(target, rel, Links::No).with_context(|| format!("linking {} -> {target}", self.dir.display(rel)))?;
        Ok(())
    }

    /// Whether `rel` exists (without following any symlink).
    pub fn exists(&self, rel: &str) -> bool {
        self.rel(rel).map(|r| self.dir.lstat(r, Links::No).is_ok()).unwrap_or(false)
    }

    /// All entries, sorted by path (byte order), the root itself excluded.
    pub fn list(&self) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        walk(&self.root, "", &mut out)?;
        out.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
        Ok(out)
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<Entry>) -> Result<()> {
    for e in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        let md = e.path().symlink_metadata()?;
        let mode = md.permissions().mode() & 0o7777;
        if md.file_type().is_symlink() {
            let t = fs::read_link(e.path())?.to_string_lossy().into_owned();
            out.push(Entry { rel, path: e.path(), size: t.len() as u64, kind: Kind::Symlink(t), mode: 0o777 });
        } else if md.is_dir() {
            out.push(Entry { rel: rel.clone(), path: e.path(), kind: Kind::Dir, mode, size: 0 });
            walk(&e.path(), &rel, out)?;
        } else if md.is_file() {
            out.push(Entry { rel, path: e.path(), kind: Kind::File, mode, size: md.len() });
        } else {
            bail!("{}: only files, directories and symlinks may be staged", e.path().display());
        }
    }
    Ok(())
}

/// Flatcar-style `_contents.txt` lines for a tree: mode, links, owner, group, size,
/// date (UTC, from the epoch), `./path[ -> target]`, sorted by path.
pub fn contents_listing(tree: &Tree, prefix: &str, epoch: u64) -> Result<String> {
    let date = utc_date(epoch);
    let mut s = String::new();
    for e in tree.list()? {
        let (t, mode, extra) = match &e.kind {
            Kind::Dir => ('d', e.mode, String::new()),
            Kind::File => ('-', e.mode, String::new()),
            Kind::Symlink(to) => ('l', 0o777, format!(" -> {to}")),
        };
        s.push_str(&format!(
            "{t}{} 1 root root {:>10} {date} ./{}{}{}\n",
            mode_string(mode),
            e.size,
            prefix,
            e.rel,
            extra
        ));
    }
    Ok(s)
}

/// `rwxr-xr-x` for permission bits (setuid/setgid/sticky not shown, like Flatcar's listing).
pub fn mode_string(m: u32) -> String {
    let mut s = String::new();
    for shift in [6, 3, 0] {
        let b = (m >> shift) & 7;
        s.push(if b & 4 != 0 { 'r' } else { '-' });
        s.push(if b & 2 != 0 { 'w' } else { '-' });
        s.push(if b & 1 != 0 { 'x' } else { '-' });
    }
    s
}

/// `YYYY-MM-DD HH:MM` in UTC for a UNIX time.
pub fn utc_date(epoch: u64) -> String {
    let (y, m, d, h, mi, _) = railyard_core::time::utc(epoch);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates() {
        assert_eq!(utc_date(0), "1970-01-01 00:00");
        assert_eq!(utc_date(1_700_000_000), "2023-11-14 22:13");
        assert_eq!(utc_date(951_782_400), "2000-02-29 00:00");
    }
    #[test]
    fn exact_copy_keeps_modes_and_skips() {
        let d = tempfile::tempdir().unwrap();
        let src = d.path().join("src");
        std::fs::create_dir_all(src.join("root")).unwrap();
        std::fs::create_dir_all(src.join("tmp")).unwrap();
        std::fs::create_dir_all(src.join("var/cache/edb")).unwrap();
        std::fs::write(src.join("etc-shadow"), b"x").unwrap();
        std::fs::write(src.join("var/cache/edb/counter"), b"1").unwrap();
        std::os::unix::fs::symlink("usr/bin", src.join("bin")).unwrap();
        for (p, m) in [("root", 0o700), ("tmp", 0o1777), ("etc-shadow", 0o640)] {
            std::fs::set_permissions(src.join(p), fs::Permissions::from_mode(m)).unwrap();
        }
        let t = Tree::create(&d.path().join("t")).unwrap();
        t.copy_tree_exact(&src, "", &|p| p == "var/cache/edb").unwrap();
        let l: Vec<(String, u32)> = t.list().unwrap().into_iter().map(|e| (e.rel, e.mode)).collect();
        assert_eq!(
            l,
            [
                ("bin".to_string(), 0o777),
                ("etc-shadow".into(), 0o640),
                ("root".into(), 0o700),
                ("tmp".into(), 0o1777),
                ("var".into(), 0o755),
                ("var/cache".into(), 0o755)
            ]
        );
    }
    #[test]
    fn image_root_links_to_the_host_are_not_copied_through() {
        let d = tempfile::tempdir().unwrap();
        let host = d.path().join("host");
        std::fs::create_dir_all(host.join("bin")).unwrap();
        std::fs::write(host.join("bin/secret"), b"host").unwrap();
        let root = d.path().join("root");
        std::fs::create_dir_all(&root).unwrap();
        std::os::unix::fs::symlink(&host, root.join("usr")).unwrap();
        let src = Dir::open(&root).unwrap();
        let t = Tree::create(&d.path().join("t")).unwrap();
        let e = format!("{:#}", t.copy_tree_exact_from(&src, "usr", "usr", &|_| false).unwrap_err());
        assert!(e.contains("symbolic link is in the way"), "{e}");
        assert!(!d.path().join("t/usr/bin/secret").exists());
        // the link itself is copied as a link when its parent is copied; writing below it
        // afterwards (os-release into a staged /usr) fails instead of writing on the host
        t.copy_tree_exact_from(&src, "", "", &|_| false).unwrap();
        assert_eq!(std::fs::read_link(d.path().join("t/usr")).unwrap(), host);
        assert!(t.write("usr/bin/planted", b"x", 0o644).is_err());
        assert!(t.dir("usr/lib").is_err());
        assert!(t.symlink("x", "usr/bin/link").is_err());
        assert_eq!(std::fs::read_dir(host.join("bin")).unwrap().count(), 1, "nothing written on the host");
    }

    #[test]
    fn tree_modes_and_listing() {
        let d = tempfile::tempdir().unwrap();
        let t = Tree::create(&d.path().join("t")).unwrap();
        t.write("usr/bin/x", b"abc", 0o755).unwrap();
        t.symlink("usr/bin", "bin").unwrap();
        assert!(t.write("../evil", b"", 0o644).is_err());
        let l = contents_listing(&t, "", 0).unwrap();
        assert_eq!(
            l,
            "lrwxrwxrwx 1 root root          7 1970-01-01 00:00 ./bin -> usr/bin\n\
             drwxr-xr-x 1 root root          0 1970-01-01 00:00 ./usr\n\
             drwxr-xr-x 1 root root          0 1970-01-01 00:00 ./usr/bin\n\
             -rwxr-xr-x 1 root root          3 1970-01-01 00:00 ./usr/bin/x\n"
        );
    }
}
