//! `./bench sysext`: `./build_sysext containerd app-containers/containerd-bin` (the whole
//! command: plan, install from the store, erofs, verity, GPT, digests, SBOM, provenance)
//! against the stock pipeline on the same tree — `mkfs.erofs` + `veritysetup format` +
//! `sgdisk` + `dd` — best of N each, with the sizes of both images. The stock side starts
//! from the tree already installed and writes no digests, SBOM or provenance.

use crate::measure::best;
use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use std::path::{Path, PathBuf};
use crate::packages::railyard;
use std::process::Command;

fn run(what: &str, c: &mut Command) -> Result<()> {
    let o = c.output().with_context(|| format!("starting {what}"))?;
    if !o.status.success() {
        bail!("{what} failed:\n{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    }
    Ok(())
}

pub fn bench_sysext(board: &str, from: Option<PathBuf>, dir: &Path, runs: usize) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let base = from.unwrap_or_else(|| root.join("__build__/images").join(board).join("latest"));
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    eprintln!("bench sysext: building app-containers/containerd-bin for {board} (not timed) ...");
    run("build_packages", railyard(&root)?.args(["build_packages", &format!("--board={board}"), "app-containers/containerd-bin"]))?;
    let ours_dir = dir.join("ours");
    let ours = best(runs, || {
        let _ = std::fs::remove_dir_all(&ours_dir);
        run(
            "build_sysext",
            railyard(&root)?
                .args(["build_sysext", &format!("--board={board}")])
                .arg(format!("--from={}", base.display()))
                .arg(format!("--build_dir={}", ours_dir.display()))
                .args(["containerd", "app-containers/containerd-bin"]),
        )
    })?;
    let raw = ours_dir.join("containerd.raw");
    let ours_size = std::fs::metadata(&raw)?.len();

    // the same tree for the stock tools: the file system of our usr partition, extracted
    let mut f = std::fs::File::open(&raw)?;
    let t = railyard_disk::gpt::read(&mut f)?;
    let p = t.entries.iter().min_by_key(|e| e.start).context("containerd.raw has no partitions")?;
    let part = dir.join("usr.part");
    {
        use std::os::unix::fs::FileExt as _;
        let mut buf = vec![0u8; p.size as usize];
        f.read_exact_at(&mut buf, p.start)?;
        std::fs::write(&part, &buf)?;
    }
    let tree = dir.join("tree");
    Cmd::new("extracting the extension's tree", "fsck.erofs").arg(format!("--extract={}", tree.display())).arg(&part).run()?;
    let types = railyard_sysext_types(board)?;
    let (fs, hash, disk) = (dir.join("stock.erofs"), dir.join("stock.verity"), dir.join("stock.raw"));
    let stock = best(runs, || {
        for f in [&fs, &hash, &disk] {
            let _ = std::fs::remove_file(f);
        }
        Cmd::new("mkfs.erofs (benchmark reference)", "mkfs.erofs")
            // the same file system settings as build_sysext's default (LZ4, 64 KiB clusters)
            .args(["--quiet", "--all-root", "-x-1", "-zlz4", "-C65536", "-T0", "-U00000000-0000-4000-8000-000000000001"])
            .arg(&fs)
            .arg(&tree)
            .run()?;
        let o = Command::new("veritysetup")
            .args(["format", "--data-block-size=4096", "--hash-block-size=4096", "--salt=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"])
            .arg(&fs)
            .arg(&hash)
            .output()?;
        if !o.status.success() {
            bail!("veritysetup format: {}", String::from_utf8_lossy(&o.stderr));
        }
        let fs_len = std::fs::metadata(&fs)?.len().div_ceil(4096) * 4096;
        let hash_len = std::fs::metadata(&hash)?.len().div_ceil(4096) * 4096;
        let size = (1 << 20) + fs_len + hash_len + (1 << 20);
        std::fs::File::create(&disk)?.set_len(size)?;
        let (s1, n1) = (2048u64, fs_len / 512);
        let (s2, n2) = (s1 + n1, hash_len / 512);
        Cmd::new("sgdisk (benchmark reference)", "sgdisk")
            .arg("--set-alignment=8")
            .arg(format!("--new=1:{s1}:{}", s1 + n1 - 1))
            .arg(format!("--typecode=1:{}", types.0))
            .arg(format!("--change-name=1:usr-{}", types.2))
            .arg(format!("--new=2:{s2}:{}", s2 + n2 - 1))
            .arg(format!("--typecode=2:{}", types.1))
            .arg(format!("--change-name=2:usr-{}-verity", types.2))
            .arg(&disk)
            .run()?;
        for (src, at) in [(&fs, s1), (&hash, s2)] {
            Cmd::new("dd (benchmark reference)", "dd")
                .arg(format!("if={}", src.display()))
                .arg(format!("of={}", disk.display()))
                .args(["bs=1M", "conv=notrunc,sparse", "status=none", "oflag=seek_bytes"])
                .arg(format!("seek={}", at * 512))
                .run()?;
        }
        Ok(())
    })?;
    let stock_size = std::fs::metadata(&disk)?.len();
    println!(
        "sysext: build_sysext containerd {ours:.2} s ({:.1} MiB; the whole command: plan, install from the store, erofs, verity, GPT, digests, SBOM, provenance) vs the stock pipeline mkfs.erofs + veritysetup format + sgdisk + dd on the same tree {stock:.2} s ({:.1} MiB), best of {runs}: ratio {:.2}x time, {:.3}x size",
        ours_size as f64 / 1048576.0,
        stock_size as f64 / 1048576.0,
        ours / stock,
        ours_size as f64 / stock_size as f64
    );
    Ok(())
}

/// (usr type, usr-verity type, DPS architecture) of a board's architecture.
fn railyard_sysext_types(board: &str) -> Result<(String, String, String)> {
    let root = railyard_core::repo::root()?;
    let b = railyard_core::Board::load(&root, board)?;
    let t = railyard_sysext::dps(&b.board.arch)?;
    Ok((t.usr.0.to_string(), t.usr.1.to_string(), t.arch.to_string()))
}
