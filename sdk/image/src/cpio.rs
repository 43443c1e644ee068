//! A deterministic cpio "newc" writer for initramfs images: entries in byte order of
//! their path, inode numbers counted from 1, uid/gid 0, one fixed mtime. Device nodes
//! can be added without privileges because the archive is written directly.

use crate::tree::{Kind, Tree};
use anyhow::{Context, Result};
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

#[cfg(test)]
mod tests {
    use super::*;
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
