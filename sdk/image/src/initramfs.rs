//! The initramfs: busybox, veritysetup, dmsetup and util-linux blkid with their libraries,
//! the kernel modules needed to reach and verify /usr, and the board's `/init` script.
//! Written as a newc cpio by our own writer and compressed with zstd.

use crate::cpio::{self, DevNode};
use crate::elf::Sysroot;
use crate::kmod::Modules;
use crate::tree::Tree;
use anyhow::{Context, Result};
use railyard_core::Board;
use std::path::Path;

/// Programs (besides busybox) every image needs to open a verity /usr.
pub const VERITY_TOOLS: &[&str] = &["veritysetup", "dmsetup", "blkid"];

/// Installs busybox into `usr/bin` and the given programs into `usr/sbin` with the
/// libraries they need; returns the number of files installed.
pub fn install_programs(tree: &Tree, sys: &Sysroot, programs: &[&str]) -> Result<usize> {
    let busybox = sys.program("busybox")?;
    tree.copy(&busybox, "usr/bin/busybox", 0o755)?;
    let mut n = 1;
    for p in programs {
        let host = sys.program(p)?;
        tree.copy(&host, &format!("usr/sbin/{p}"), 0o755)?;
        for (dest, src) in sys.closure(&host)? {
            if !tree.exists(&dest) {
                tree.copy(&src, &dest, 0o755)?;
                n += 1;
            }
        }
        n += 1;
    }
    Ok(n)
}

/// Merged-/usr compatibility links at the top of a tree.
pub fn usr_links(tree: &Tree) -> Result<()> {
    for (l, t) in [("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"), ("lib64", "usr/lib64")] {
        tree.symlink(t, l)?;
    }
    tree.dir("usr/lib64")?;
    Ok(())
}

/// What went into the initramfs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Initramfs {
    /// Compressed size in bytes.
    pub size: u64,
    /// Modules in load order.
    pub modules: Vec<String>,
}

/// Builds the initramfs for kernel `kver` from `sys` into `out` (zstd-compressed cpio),
/// staging in `stage`. Returns its description and the staged tree (for listings).
pub fn build(board: &Board, sys: &Sysroot, kver: &str, stage: &Path, out: &Path, epoch: u64) -> Result<(Initramfs, Tree)> {
    let tree = Tree::create(stage)?;
    let init = board.common_files().join("initramfs/init");
    tree.copy(&init, "init", 0o755).with_context(|| format!("the initramfs needs {}", init.display()))?;
    usr_links(&tree)?;
    for d in ["dev", "proc", "sys", "run", "sysroot", "tmp", "etc"] {
        tree.dir(d)?;
    }
    install_programs(&tree, sys, VERITY_TOOLS)?;
    let moddir = sys.resolve(&format!("/lib/modules/{kver}")).with_context(|| format!("no /lib/modules/{kver} in the sysroot"))?;
    let mods = Modules::scan(&moddir)?.load_order(&board.kernel.initramfs_modules).with_context(|| {
        format!("choosing initramfs modules ([kernel] initramfs_modules in {})", board.dir().join("board.toml").display())
    })?;
    let mut order = String::new();
    for (name, file) in &mods {
        tree.copy(file, &format!("usr/lib/modules/initramfs/{name}.ko"), 0o644)?;
        order.push_str(name);
        order.push('\n');
    }
    tree.write("usr/lib/modules/initramfs/load-order", order.as_bytes(), 0o644)?;
    let nodes = [
        DevNode { path: "dev/console".into(), mode: 0o600, major: 5, minor: 1 },
        DevNode { path: "dev/null".into(), mode: 0o666, major: 1, minor: 3 },
    ];
    let mut raw = Vec::new();
    cpio::write_tree(&tree, &nodes, epoch, &mut raw)?;
    let tmp = out.with_extension("tmp");
    let compressed = zstd::bulk::compress(&raw, 3).context("compressing the initramfs")?;
    std::fs::write(&tmp, &compressed)?;
    std::fs::rename(&tmp, out)?;
    Ok((Initramfs { size: compressed.len() as u64, modules: mods.into_iter().map(|(n, _)| n).collect() }, tree))
}
