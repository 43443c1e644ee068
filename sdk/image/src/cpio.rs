//! A deterministic cpio "newc" writer for initramfs images: entries in byte order of
//! their path, inode numbers counted from 1, uid/gid 0, one fixed mtime. Device nodes
//! can be added without privileges because the archive is written directly. And a reader
//! for newc archives (a packaged initramfs, possibly several archives concatenated).

use crate::tree::{Kind, Tree};
use anyhow::{bail, Context, Result};
use std::io::Write;

/// An extra character-device node (e.g. `dev/console`).
#[derive(Debug, Clone)]
pub struct DevNode {
    /// Path inside the archive.
    pub path: String,
    /// Permission bits.
    pub mode: u32,
    /// Major number.
    pub major: u32,
    /// Minor number.
    pub minor: u32,
}

struct Header<'a> {
    ino: u32,
    mode: u32,
    nlink: u32,
    mtime: u32,
    size: u32,
    rmaj: u32,
    rmin: u32,
    name: &'a str,
}

fn pad4<W: Write>(w: &mut W, len: usize) -> std::io::Result<()> {
    let p = (4 - len % 4) % 4;
    w.write_all(&[0u8; 3][..p])
}

fn header<W: Write>(w: &mut W, h: &Header) -> std::io::Result<()> {
    let fields = [h.ino, h.mode, 0, 0, h.nlink, h.mtime, h.size, 0, 0, h.rmaj, h.rmin, h.name.len() as u32 + 1, 0];
    let mut s = String::from("070701");
    for f in fields {
        s.push_str(&format!("{f:08X}"));
    }
    w.write_all(s.as_bytes())?;
    w.write_all(h.name.as_bytes())?;
    w.write_all(&[0])?;
    pad4(w, 110 + h.name.len() + 1)
}

/// Writes `tree` plus `nodes` as a newc archive to `w`.
pub fn write_tree<W: Write>(tree: &Tree, nodes: &[DevNode], mtime: u64, w: &mut W) -> Result<()> {
    enum Item {
        Entry(crate::tree::Entry),
        Node(DevNode),
    }
    let mut items: Vec<(String, Item)> = tree.list()?.into_iter().map(|e| (e.rel.clone(), Item::Entry(e))).collect();
    for n in nodes {
        items.push((n.path.trim_start_matches('/').to_string(), Item::Node(n.clone())));
    }
    items.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mtime = mtime.min(u32::MAX as u64) as u32;
    for (ino, (name, item)) in items.iter().enumerate() {
        let ino = ino as u32 + 1;
        match item {
            Item::Node(n) => header(w, &Header { ino, mode: 0o020000 | n.mode, nlink: 1, mtime, size: 0, rmaj: n.major, rmin: n.minor, name })?,
            Item::Entry(e) => match &e.kind {
                Kind::Dir => header(w, &Header { ino, mode: 0o040000 | e.mode, nlink: 2, mtime, size: 0, rmaj: 0, rmin: 0, name })?,
                Kind::Symlink(t) => {
                    header(w, &Header { ino, mode: 0o120777, nlink: 1, mtime, size: t.len() as u32, rmaj: 0, rmin: 0, name })?;
                    w.write_all(t.as_bytes())?;
                    pad4(w, t.len())?;
                }
                Kind::File => {
                    let data = std::fs::read(&e.path).with_context(|| format!("reading {}", e.path.display()))?;
                    let size = u32::try_from(data.len()).with_context(|| format!("{} is larger than 4 GiB", e.path.display()))?;
                    header(w, &Header { ino, mode: 0o100000 | e.mode, nlink: 1, mtime, size, rmaj: 0, rmin: 0, name })?;
                    w.write_all(&data)?;
                    pad4(w, data.len())?;
                }
            },
        }
    }
    header(w, &Header { ino: 0, mode: 0, nlink: 1, mtime: 0, size: 0, rmaj: 0, rmin: 0, name: "TRAILER!!!" })?;
    Ok(())
}

/// One member of a newc archive, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Path as stored (leading `./` or `/` removed).
    pub name: String,
    /// Full `st_mode` (type and permission bits).
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Modification time.
    pub mtime: u32,
    /// Data (file contents; the target for symbolic links).
    pub data: Vec<u8>,
    /// Device number of character/block device nodes (major, minor).
    pub rdev: (u32, u32),
}

impl Member {
    /// File type bits of `mode` (`0o100000` file, `0o040000` dir, `0o120000` link, ...).
    pub fn kind(&self) -> u32 {
        self.mode & 0o170000
    }
    /// Symbolic link target.
    pub fn link_target(&self) -> Option<String> {
        (self.kind() == 0o120000).then(|| String::from_utf8_lossy(&self.data).into_owned())
    }
}

/// Reads every member of one or more concatenated newc (`070701`/`070702`) archives;
/// zero padding between archives is skipped. Fails on other formats or truncation.
pub fn read_newc(data: &[u8]) -> Result<Vec<Member>> {
    let mut out = Vec::new();
    let mut p = 0usize;
    let hex = |b: &[u8]| -> Result<u32> {
        let s = std::str::from_utf8(b).context("cpio header is not ASCII")?;
        u32::from_str_radix(s, 16).with_context(|| format!("bad cpio header field {s:?}"))
    };
    while p < data.len() {
        if data[p] == 0 {
            p += 1;
            continue;
        }
        if data.len() - p < 110 {
            bail!("truncated cpio header at byte {p}");
        }
        let magic = &data[p..p + 6];
        if magic != b"070701" && magic != b"070702" {
            bail!("not a newc cpio archive at byte {p} (magic {:?})", String::from_utf8_lossy(magic));
        }
        let f = |i: usize| hex(&data[p + 6 + i * 8..p + 14 + i * 8]);
        let (mode, uid, gid, mtime, size) = (f(1)?, f(2)?, f(3)?, f(5)?, f(6)? as usize);
        let (rmaj, rmin, namesize) = (f(9)?, f(10)?, f(11)? as usize);
        let name_start = p + 110;
        if namesize == 0 || name_start + namesize > data.len() {
            bail!("truncated cpio name at byte {p}");
        }
        let raw = &data[name_start..name_start + namesize - 1];
        let name = String::from_utf8_lossy(raw).into_owned();
        let data_start = (name_start + namesize).div_ceil(4) * 4;
        if data_start + size > data.len() {
            bail!("truncated cpio member {name:?}");
        }
        p = (data_start + size).div_ceil(4) * 4;
        if name == "TRAILER!!!" {
            continue;
        }
        let name = name.trim_start_matches("./").trim_start_matches('/').to_string();
        if name.is_empty() || name == "." {
            continue;
        }
        out.push(Member { name, mode, uid, gid, mtime, data: data[data_start..data_start + size].to_vec(), rdev: (rmaj, rmin) });
    }
    Ok(out)
}

/// Flatcar-style `_contents.txt` lines for archive members (same format as
/// [`crate::tree::contents_listing`], with each member's own mtime), sorted by path.
pub fn contents_listing(members: &[Member]) -> String {
    let mut m: Vec<&Member> = members.iter().collect();
    m.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    let mut s = String::new();
    for e in m {
        let t = match e.kind() {
            0o040000 => 'd',
            0o120000 => 'l',
            0o020000 => 'c',
            0o060000 => 'b',
            0o010000 => 'p',
            _ => '-',
        };
        let size = if matches!(t, '-' | 'l') { e.data.len() } else { 0 };
        let extra = e.link_target().map(|t| format!(" -> {t}")).unwrap_or_default();
        s.push_str(&format!(
            "{t}{} 1 root root {size:>10} {} ./{}{extra}\n",
            crate::tree::mode_string(if t == 'l' { 0o777 } else { e.mode & 0o7777 }),
            crate::tree::utc_date(e.mtime as u64),
            e.name
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn reads_back_own_and_gnu_archives() {
        let d = tempfile::tempdir().unwrap();
        let t = Tree::create(&d.path().join("t")).unwrap();
        t.write("init", b"#!/bin/sh\n", 0o755).unwrap();
        t.symlink("usr/bin", "bin").unwrap();
        t.write("usr/bin/a", b"12345", 0o644).unwrap();
        let mut buf = Vec::new();
        write_tree(&t, &[DevNode { path: "dev/console".into(), mode: 0o600, major: 5, minor: 1 }], 1_700_000_000, &mut buf).unwrap();
        // a second archive appended after padding, as image_to_vm --format=pxe does
        while buf.len() % 512 != 0 {
            buf.push(0);
        }
        let t2 = Tree::create(&d.path().join("t2")).unwrap();
        t2.write("extra", b"x", 0o600).unwrap();
        write_tree(&t2, &[], 1, &mut buf).unwrap();
        let m = read_newc(&buf).unwrap();
        let names: Vec<&str> = m.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["bin", "dev/console", "init", "usr", "usr/bin", "usr/bin/a", "extra"]);
        assert_eq!(m[0].link_target().as_deref(), Some("usr/bin"));
        assert_eq!(m[1].rdev, (5, 1));
        assert_eq!(m[5].data, b"12345");
        assert_eq!(m[6].mode, 0o100600);
        let l = contents_listing(&m);
        assert!(l.contains("crw------- 1 root root          0 2023-11-14 22:13 ./dev/console\n"), "{l}");
        assert!(l.contains("lrwxrwxrwx 1 root root          7 2023-11-14 22:13 ./bin -> usr/bin\n"), "{l}");
        assert!(l.contains("-rw------- 1 root root          1 1970-01-01 00:00 ./extra\n"), "{l}");
        // GNU cpio's own newc output (./-prefixed names, 512-byte padding)
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg("cd \"$0\" && find . | LC_ALL=C sort | cpio -o -H newc --quiet")
            .arg(t.root())
            .output()
            .expect("GNU cpio must be installed (apt-get install cpio)");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let g = read_newc(&o.stdout).unwrap();
        let names: Vec<&str> = g.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["bin", "init", "usr", "usr/bin", "usr/bin/a"]);
        assert!(read_newc(b"garbage-that-is-not-cpio").is_err());
    }

    #[test]
    fn archive_lists_with_gnu_cpio() {
        let d = tempfile::tempdir().unwrap();
        let t = Tree::create(&d.path().join("t")).unwrap();
        t.write("init", b"#!/bin/sh\n", 0o755).unwrap();
        t.symlink("usr/bin", "bin").unwrap();
        t.write("usr/bin/a", b"12345", 0o644).unwrap();
        let mut buf = Vec::new();
        write_tree(&t, &[DevNode { path: "dev/console".into(), mode: 0o600, major: 5, minor: 1 }], 1_700_000_000, &mut buf).unwrap();
        let mut again = Vec::new();
        write_tree(&t, &[DevNode { path: "dev/console".into(), mode: 0o600, major: 5, minor: 1 }], 1_700_000_000, &mut again).unwrap();
        assert_eq!(buf, again);
        let f = d.path().join("a.cpio");
        std::fs::write(&f, &buf).unwrap();
        let out = std::process::Command::new("cpio").args(["-itv", "-F"]).arg(&f).output().expect("GNU cpio must be installed (apt-get install cpio)");
        let s = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(s.lines().nth(1).unwrap().starts_with("crw-------") && s.contains("5,"), "{s}");
        assert!(s.lines().next().unwrap().ends_with("bin -> usr/bin"), "{s}");
        let out = std::process::Command::new("cpio").args(["-it", "-F"]).arg(&f).output().unwrap();
        let names = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(names.lines().collect::<Vec<_>>(), ["bin", "dev/console", "init", "usr", "usr/bin", "usr/bin/a"]);
    }
}
