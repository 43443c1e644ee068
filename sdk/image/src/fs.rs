//! Filesystems written into a disk image file at a partition's offset, as an ordinary
//! user: FAT32 with mkfs.vfat `--offset` + mtools `@@offset`; ext4 with mkfs.ext4
//! `-E offset=` and contents added by debugfs in sorted order (so inode numbers do not
//! depend on the build host's directory order); erofs/squashfs built by their stock tools
//! into a staging file (neither can write at an offset) and copied in sparsely.

use crate::tree::{Kind, Tree};
use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// Read-only filesystem types for /usr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UsrFs {
    /// erofs, uncompressed (the default: fastest to build and to read).
    Erofs,
    /// squashfs with zstd.
    Squashfs,
}

impl UsrFs {
    /// Parses `erofs` / `squashfs`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "erofs" => Ok(UsrFs::Erofs),
            "squashfs" => Ok(UsrFs::Squashfs),
            o => bail!("unknown /usr filesystem {o:?} (use erofs or squashfs)"),
        }
    }
    /// Name as the kernel knows it.
    pub fn name(&self) -> &'static str {
        match self {
            UsrFs::Erofs => "erofs",
            UsrFs::Squashfs => "squashfs",
        }
    }
}

/// Builds an erofs image of `dir` into `out` (owners root, every time `epoch`, no xattrs,
/// UUID `uuid`), compressed with `compression` (`lz4`: 64 KiB physical clusters, about
/// half the size at nearly the speed of none; `lz4hc`) or not; returns its size.
pub fn make_erofs(dir: &Path, out: &Path, epoch: u64, uuid: &str, compression: Option<&str>) -> Result<u64> {
    let _ = std::fs::remove_file(out);
    let mut c = Cmd::new("building the erofs image", "mkfs.erofs").epoch(epoch).args(["--quiet", "--all-root", "-x-1"]);
    match compression {
        None => {}
        Some("lz4") => c = c.args(["-zlz4", "-C65536"]),
        Some("lz4hc") => c = c.args(["-zlz4hc", "-C65536"]),
        Some(o) => bail!("unknown erofs compression {o:?} (lz4, lz4hc or none)"),
    }
    c.arg(format!("-T{epoch}")).arg(format!("-U{uuid}")).arg(out).arg(dir).run()?;
    Ok(std::fs::metadata(out)?.len())
}

/// Builds a read-only image of directory `dir` into `out` and returns its size.
///
/// `--all-root` / `-all-root` only make every owner root: permission bits, setuid and
/// setgid included, are kept as staged (`erofs_keeps_setuid_and_setgid` checks the
/// on-disk inodes; `dump.erofs` and `fsck.erofs --extract` show or restore only the
/// 0777 bits, so they cannot be used to check this).
pub fn make_usr_image(kind: UsrFs, dir: &Path, out: &Path, epoch: u64, uuid: &str) -> Result<u64> {
    let _ = std::fs::remove_file(out);
    match kind {
        UsrFs::Erofs => return make_erofs(dir, out, epoch, uuid, None),
        // mksquashfs refuses SOURCE_DATE_EPOCH together with -mkfs-time/-all-time
        UsrFs::Squashfs => Cmd::new("building the squashfs /usr image", "mksquashfs")
            .arg(dir)
            .arg(out)
            .args(["-noappend", "-all-root", "-no-xattrs", "-quiet", "-no-progress", "-comp", "zstd"])
            .arg("-mkfs-time")
            .arg(epoch.to_string())
            .arg("-all-time")
            .arg(epoch.to_string())
            .run()?,
    }
    Ok(std::fs::metadata(out)?.len())
}

/// Copies `src` into `disk` at `offset`, skipping all-zero 64 KiB blocks so the disk stays
/// sparse (the destination region must be fresh, i.e. zero). Fails if `src` exceeds `max`.
pub fn copy_into(disk: &File, src: &Path, offset: u64, max: u64) -> Result<u64> {
    let f = File::open(src).with_context(|| format!("opening {}", src.display()))?;
    let len = f.metadata()?.len();
    if len > max {
        bail!("{} is {len} bytes, more than the {max} bytes available", src.display());
    }
    let mut buf = vec![0u8; 1 << 16];
    let mut pos = 0u64;
    while pos < len {
        let n = ((len - pos) as usize).min(buf.len());
        f.read_exact_at(&mut buf[..n], pos)?;
        if buf[..n].iter().any(|&b| b != 0) {
            disk.write_all_at(&buf[..n], offset + pos)?;
        }
        pos += n as u64;
    }
    Ok(len)
}

/// Formats a FAT32 filesystem inside `disk` at `offset` and copies `tree` into it.
/// Every file's time is the epoch; the volume id is `volume_id`.
pub fn make_esp(disk: &Path, offset: u64, size: u64, label: &str, volume_id: u32, tree: &Tree, epoch: u64) -> Result<()> {
    // FAT32 needs at least 65525 clusters; pick the largest cluster (up to 4 KiB) that
    // leaves a comfortable margin.
    let sectors = size / 512;
    let mut spc = 8u64;
    while spc > 1 && sectors / spc < 70_000 {
        spc /= 2;
    }
    if sectors / spc < 66_000 {
        bail!("the EFI system partition is {} MiB; FAT32 needs at least 36 MiB", size >> 20);
    }
    let img = format!("{}@@{offset}", disk.display());
    Cmd::new("formatting the EFI system partition (FAT32)", "mkfs.vfat")
        .epoch(epoch)
        .args(["--invariant", "-F", "32", "-n", label])
        .arg("-i")
        .arg(format!("{volume_id:08X}"))
        .arg("-s")
        .arg(spc.to_string())
        .arg(format!("--offset={}", offset / 512))
        .arg(disk)
        .arg((size / 1024).to_string())
        .run()?;
    let entries = tree.list()?;
    let dirs: Vec<String> = entries.iter().filter(|e| e.kind == Kind::Dir).map(|e| format!("::/{}", e.rel)).collect();
    if !dirs.is_empty() {
        Cmd::new("creating ESP directories", "mmd").epoch(epoch).env("MTOOLS_SKIP_CHECK", "1").arg("-i").arg(&img).args(&dirs).run()?;
    }
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(epoch);
    for e in entries.iter() {
        match &e.kind {
            Kind::File => {
                File::options().write(true).open(&e.path)?.set_modified(when)?;
                Cmd::new(format!("copying {} to the ESP", e.rel), "mcopy")
                    .epoch(epoch)
                    .env("MTOOLS_SKIP_CHECK", "1")
                    .args(["-m", "-o", "-i"])
                    .arg(&img)
                    .arg(&e.path)
                    .arg(format!("::/{}", e.rel))
                    .run()?;
            }
            Kind::Symlink(_) => bail!("{}: FAT cannot hold symbolic links", e.rel),
            Kind::Dir => {}
        }
    }
    Ok(())
}

/// Formats ext4 inside `disk` at `offset` and fills it with `tree` (owned by root, all times
/// at the epoch) through a debugfs script in sorted path order.
pub fn make_ext4(disk: &Path, offset: u64, size: u64, label: &str, uuid: &str, tree: &Tree, work: &Path, epoch: u64) -> Result<()> {
    let mut script = String::new();
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\\\""));
    // debugfs reads one command a line and has no escape for a quote inside quotes: a
    // name with a newline or a quote from a package would run its own commands (`dump`
    // writes host files). Checked before any tool runs. (A backslash is taken literally.)
    let unsafe_text = |s: &str| s.chars().any(|c| c.is_control() || c == '"');
    for e in tree.list()? {
        let p = format!("/{}", e.rel);
        let target = if let Kind::Symlink(t) = &e.kind { t.as_str() } else { "" };
        if unsafe_text(&p) || unsafe_text(target) || unsafe_text(&e.path.to_string_lossy()) {
            bail!(
                "{label}: {p:?}{}: names with quotes or control characters (newlines) cannot be written into ext4 (debugfs script)",
                if target.is_empty() { String::new() } else { format!(" -> {target:?}") }
            );
        }
        match &e.kind {
            Kind::Dir => script.push_str(&format!("mkdir {}\n", q(&p))),
            Kind::File => script.push_str(&format!("write {} {}\n", q(&e.path.to_string_lossy()), q(&p))),
            Kind::Symlink(t) => script.push_str(&format!("symlink {} {}\n", q(&p), q(t))),
        }
        if !matches!(e.kind, Kind::Symlink(_)) {
            let ty = if e.kind == Kind::Dir { 0o040000 } else { 0o100000 };
            script.push_str(&format!("sif {} mode 0{:o}\n", q(&p), ty | e.mode));
        }
        script.push_str(&format!("sif {} uid 0\nsif {} gid 0\n", q(&p), q(&p)));
    }
    let blocks = size / 4096;
    Cmd::new(format!("formatting {label} (ext4)"), "mkfs.ext4")
        .epoch(epoch)
        .env("MKE2FS_CONFIG", "/dev/null")
        .args(["-q", "-F", "-b", "4096", "-I", "256", "-i", "16384", "-m", "0"])
        .args(["-O", "has_journal,extent,huge_file,flex_bg,metadata_csum,64bit,dir_nlink,extra_isize"])
        .args(["-L", label, "-U", uuid])
        .arg("-E")
        .arg(format!("offset={offset},root_owner=0:0,hash_seed={uuid},lazy_itable_init=0,nodiscard"))
        .arg(disk)
        .arg(blocks.to_string())
        .run()?;
    let cmds = work.join(format!("debugfs-{label}.cmds"));
    std::fs::write(&cmds, script)?;
    let (_, err) = Cmd::new(format!("filling {label} (debugfs)"), "debugfs")
        .epoch(epoch)
        .arg("-w")
        .arg("-f")
        .arg(&cmds)
        .arg(format!("{}?offset={offset}", disk.display()))
        .output_both()?;
    // debugfs reports failed requests on stderr but still exits 0: look for them.
    let text = String::from_utf8_lossy(&err);
    if let Some(l) = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with("debugfs ")) {
        bail!("filling {label} with debugfs failed: {l} (script {})", cmds.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Mode of `path` in an erofs image: `dump.erofs` finds the inode (NID), its mode is
    /// read from the image (compact and extended inodes keep `i_mode` at byte 4).
    fn erofs_mode(img: &Path, path: &str) -> u32 {
        let out = std::process::Command::new("dump.erofs").arg(format!("--path={path}")).arg(img).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success(), "dump.erofs: {text}{}", String::from_utf8_lossy(&out.stderr));
        let nid: u64 = text.split("NID:").nth(1).and_then(|s| s.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap();
        let b = std::fs::read(img).unwrap();
        let sb = 1024;
        assert_eq!(&b[sb..sb + 4], &0xE0F5_E1E2u32.to_le_bytes(), "erofs magic");
        let blkszbits = b[sb + 12];
        let meta = u32::from_le_bytes(b[sb + 40..sb + 44].try_into().unwrap()) as u64;
        let off = ((meta << blkszbits) + nid * 32) as usize;
        u16::from_le_bytes(b[off + 4..off + 6].try_into().unwrap()) as u32
    }

    #[test]
    fn ext4_names_that_would_inject_debugfs_commands_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let disk = d.path().join("disk");
        std::fs::write(&disk, vec![0u8; 1 << 20]).unwrap();
        for (name, link) in [("etc/x\ndump /etc/passwd /tmp/pwned", None), ("etc/q\"x", None), ("etc/l", Some("a\nrm /etc"))] {
            let tree = Tree::create(&d.path().join("stage")).unwrap();
            match link {
                None => tree.write(name, b"x", 0o644).unwrap(),
                Some(t) => tree.symlink(t, name).unwrap(),
            }
            let e = format!("{:#}", make_ext4(&disk, 0, 64 << 20, "ROOT", "0b7f3e1c-6a0e-4b7e-9f4e-3c2d1a0b9c8d", &tree, d.path(), 0).unwrap_err());
            assert!(e.contains("ROOT") && e.contains("control characters") && e.contains("debugfs"), "{e}");
            std::fs::remove_dir_all(d.path().join("stage")).unwrap();
        }
        assert!(std::fs::read(&disk).unwrap().iter().all(|&b| b == 0), "no tool ran on the disk");
    }

    #[test]
    fn erofs_keeps_setuid_and_setgid() {
        let d = tempfile::tempdir().unwrap();
        let src = d.path().join("src");
        std::fs::create_dir_all(src.join("bin")).unwrap();
        for (name, mode) in [("su", 0o4755), ("sg", 0o2711), ("plain", 0o644)] {
            let p = src.join("bin").join(name);
            std::fs::write(&p, name).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::create_dir(src.join("tmp")).unwrap();
        std::fs::set_permissions(src.join("tmp"), std::fs::Permissions::from_mode(0o1777)).unwrap();
        let tree = Tree::create(&d.path().join("stage")).unwrap();
        tree.copy_tree_exact(&src, "", &|_| false).unwrap();
        let img = d.path().join("usr.erofs");
        make_usr_image(UsrFs::Erofs, tree.root(), &img, 1_700_000_000, "8d3d5b1a-6d2e-4f57-9c3e-1f1b6f0e7a11").unwrap();
        assert_eq!(erofs_mode(&img, "/bin/su"), 0o104755);
        assert_eq!(erofs_mode(&img, "/bin/sg"), 0o102711);
        assert_eq!(erofs_mode(&img, "/bin/plain"), 0o100644);
        assert_eq!(erofs_mode(&img, "/tmp"), 0o041777);
    }
}
