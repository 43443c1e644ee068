//! The container image `cl.sysext.containerd` runs: a one-layer OCI archive holding the
//! store's busybox package for the board (as the image's own build installed it), written
//! by the SDK's OCI writer. Same store, same SOURCE_DATE_EPOCH: same image digest.

use anyhow::{bail, Context, Result};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};

/// Name under which `ctr image import --base-name` stores the image.
pub const BASE_NAME: &str = "railyard.test/busybox";
/// The archive's tag (`org.opencontainers.image.ref.name`).
pub const TAG: &str = "latest";

/// What was made.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The oci-archive file.
    pub file: PathBuf,
    /// The busybox package it holds (`sys-apps/busybox-…`).
    pub cpv: String,
    /// The image's manifest digest.
    pub digest: String,
}

/// Writes `dir/busybox.oci.tar` from the board's built busybox package.
pub fn busybox_archive(root: &Path, board: &railyard_core::Board, dir: &Path) -> Result<Archive> {
    let session = railyard_packages::engine::Session::open(&railyard_packages::engine::SessionOptions {
        root: root.to_path_buf(),
        board: board.board.name.clone(),
        overlays: Vec::new(),
        targets: vec!["sys-apps/busybox".into()],
        state: None,
        read_only: true,
        profile: None,
        host_profile: None,
        break_dep_loop: None,
        keep_cycles: false,
    })
    .context("planning sys-apps/busybox for the test container image")?;
    let Some(&i) = session.plan.targets.first() else { bail!("sys-apps/busybox is not in the board's plan") };
    let p = &session.plan.pkgs[i];
    let cpv = p.cpv();
    if !session.store.has(&p.hash) {
        bail!("{cpv} is not built: run ./build_packages --board={}", board.board.name);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tree = dir.join("busybox-root");
    let _ = std::fs::remove_dir_all(&tree);
    railyard_packages::install::install(&tree, &[session.store.path(&p.hash)], &railyard_packages::install::InstallOptions { chown: false, vdb: false })
        .with_context(|| format!("unpacking {cpv}"))?;
    let epoch = railyard_core::repo::source_date_epoch(root)?;
    let layer = dir.join("busybox-root.tar");
    write_tar(&tree, &layer, epoch).with_context(|| format!("writing {}", layer.display()))?;
    let _ = std::fs::remove_dir_all(&tree);
    let file = dir.join("busybox.oci.tar");
    let cfg = railyard_container::oci::ImageConfig {
        architecture: board.board.arch.clone(),
        epoch,
        env: vec!["PATH=/usr/bin:/bin".into()],
        labels: [("org.opencontainers.image.title".to_string(), format!("{cpv} (run_local_tests)"))].into_iter().collect(),
        ref_name: TAG.into(),
    };
    let info = railyard_container::oci::write_archive(&layer, &file, &cfg)?;
    let _ = std::fs::remove_file(&layer);
    Ok(Archive { file, cpv, digest: info.digest })
}

/// A tar of `tree` in path order, owned by root, every time `epoch`; `bin` links to
/// `usr/bin` when the package has no /bin of its own.
fn write_tar(tree: &Path, out: &Path, epoch: u64) -> Result<()> {
    let mut entries = Vec::new();
    walk(tree, Path::new(""), &mut entries)?;
    entries.sort();
    let f = std::fs::File::create(out)?;
    let mut ar = tar::Builder::new(std::io::BufWriter::new(f));
    let header = |kind: tar::EntryType, mode: u32, size: u64| {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_mode(mode);
        h.set_size(size);
        h.set_uid(0);
        h.set_gid(0);
        h.set_mtime(epoch);
        h
    };
    if !tree.join("bin").exists() && tree.join("usr/bin").is_dir() {
        let mut h = header(tar::EntryType::Symlink, 0o777, 0);
        ar.append_link(&mut h, "bin", "usr/bin")?;
    }
    for rel in &entries {
        let p = tree.join(rel);
        let m = std::fs::symlink_metadata(&p)?;
        let mode = m.mode() & 0o7777;
        let ft = m.file_type();
        if ft.is_dir() {
            let mut h = header(tar::EntryType::Directory, mode, 0);
            ar.append_data(&mut h, rel, std::io::empty())?;
        } else if ft.is_symlink() {
            let mut h = header(tar::EntryType::Symlink, 0o777, 0);
            ar.append_link(&mut h, rel, std::fs::read_link(&p)?)?;
        } else if ft.is_file() {
            let mut h = header(tar::EntryType::Regular, mode, m.len());
            ar.append_data(&mut h, rel, std::fs::File::open(&p)?)?;
        } else {
            bail!("{}: not a file, directory or link", p.display());
        }
    }
    ar.into_inner()?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

fn walk(base: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(base.join(rel))? {
        let e = e?;
        let r = rel.join(e.file_name());
        let dir = e.file_type()?.is_dir();
        out.push(r.clone());
        if dir {
            walk(base, &r, out)?;
        }
    }
    Ok(())
}
