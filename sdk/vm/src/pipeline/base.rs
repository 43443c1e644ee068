//! The base image: loading and checking it, planning each format's disk from a layout
//! variant with the base's identities, and the one pass that copies its data into every
//! per-format disk.

use anyhow::{bail, Context, Result};
use railyard_core::Board;
use railyard_disk::layout::Role;
use railyard_disk::{gpt, Layout, PlannedDisk};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

pub struct Base {
    pub dir: PathBuf,
    pub image: PathBuf,
    pub size: u64,
    pub table: gpt::Table,
    pub version: String,
    pub epoch: u64,
    pub cmdline: String,
    pub vmlinuz: PathBuf,
}

pub fn image_prefix(board: &Board) -> String {
    board.image_prefix()
}

pub fn load_base(board: &Board, dir: &Path) -> Result<Base> {
    let prefix = image_prefix(board);
    let image = dir.join(format!("{prefix}.bin"));
    if !dir.is_dir() {
        bail!(
            "base image directory {} does not exist (run ./build_image --board={} first, or pass --from=DIR)",
            dir.display(),
            board.board.name
        );
    }
    if !image.is_file() {
        bail!(
            "base image {} does not exist (run ./build_image --board={} first, or pass --from=DIR)",
            image.display(),
            board.board.name
        );
    }
    // only the files build_image wrote, never a link planted in the directory (it could name
    // any host file, which would then be copied into the VM images)
    for name in [format!("{prefix}.bin"), "version.txt".into(), format!("{prefix}_kernel_cmdline.txt"), format!("{prefix}.vmlinuz")] {
        let p = dir.join(&name);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if !m.file_type().is_file() => bail!(
                "{} is a symbolic link or not a regular file: image_to_vm reads only the files build_image wrote",
                p.display()
            ),
            _ => {}
        }
    }
    let mut f =
        File::open(&image).with_context(|| format!("opening base image {}", image.display()))?;
    let size = f.metadata()?.len();
    let table = gpt::read(&mut f).map_err(|e| {
        anyhow::anyhow!(
            "base image {}: its GPT is corrupt or missing: {e}",
            image.display()
        )
    })?;
    if size % 512 != 0 {
        bail!(
            "base image {}: size {size} is not a multiple of 512 bytes",
            image.display()
        );
    }
    for e in &table.entries {
        if e.start + e.size > size {
            bail!(
                "base image {}: partition {} ({}) ends beyond the end of the file",
                image.display(),
                e.num,
                e.label
            );
        }
    }
    let vt = dir.join("version.txt");
    let text = std::fs::read_to_string(&vt).with_context(|| {
        format!(
            "reading {} (written by build_image beside the image)",
            vt.display()
        )
    })?;
    let key = format!(
        "{}_VERSION=",
        board
            .os
            .id
            .to_uppercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix(&key))
        .map(|v| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
        .with_context(|| format!("{} has no {key} line", vt.display()))?;
    let cl = dir.join(format!("{prefix}_kernel_cmdline.txt"));
    let cmdline = std::fs::read_to_string(&cl)
        .with_context(|| format!("reading {}", cl.display()))?
        .trim()
        .to_string();
    let vmlinuz = dir.join(format!("{prefix}.vmlinuz"));
    let epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"))?,
        Err(_) => 0,
    };
    let mut b = Base {
        dir: dir.to_path_buf(),
        image,
        size,
        table,
        version,
        epoch,
        cmdline,
        vmlinuz,
    };
    if b.epoch == 0 {
        b.epoch = base_epoch(&b)?;
    }
    Ok(b)
}

/// SOURCE_DATE_EPOCH recorded in the base image: the ROOT ext4's creation time
/// (`s_mkfs_time`), which build_image sets to its SOURCE_DATE_EPOCH.
pub fn base_epoch(b: &Base) -> Result<u64> {
    let root = b
        .table
        .by_label("ROOT")
        .with_context(|| format!("base image {}: no ROOT partition to read SOURCE_DATE_EPOCH from; set SOURCE_DATE_EPOCH", b.image.display()))?;
    let f = File::open(&b.image)?;
    let mut sb = [0u8; 1024];
    f.read_exact_at(&mut sb, root.start + 1024)?;
    if u16::from_le_bytes([sb[0x38], sb[0x39]]) != 0xEF53 {
        bail!(
            "base image {}: ROOT holds no ext4 (no superblock magic); set SOURCE_DATE_EPOCH",
            b.image.display()
        );
    }
    Ok(u32::from_le_bytes(sb[0x108..0x10c].try_into().expect("4 bytes")) as u64)
}

pub fn part_by_role<'a>(base_plan: &PlannedDisk, b: &'a Base, role: Role) -> Result<&'a gpt::Entry> {
    let p = base_plan
        .by_role(role)
        .with_context(|| format!("the board's layout has no {role:?} partition"))?;
    b.table
        .entries
        .iter()
        .find(|e| e.num == p.num)
        .with_context(|| {
            format!(
                "base image {}: no partition {} ({:?})",
                b.image.display(),
                p.num,
                role
            )
        })
}

/// The disk of layout `variant`, with the base image's identities (disk GUID, PARTUUIDs,
/// attributes, names and — unless the variant overrides it — type GUIDs).
pub fn plan_variant(layout: &Layout, variant: &str, arch: &str, b: &Base) -> Result<PlannedDisk> {
    let mut d = layout.plan(variant, arch, b"railyard image_to_vm")?;
    d.disk_guid = b.table.disk_guid;
    let ov = layout.variants.get(variant);
    for p in &mut d.partitions {
        let e = b.table.entries.iter().find(|e| e.num == p.num).with_context(|| {
            format!("layout variant {variant:?} has partition {} ({}), which the base image {} lacks", p.num, p.label, b.image.display())
        })?;
        if e.size > p.size {
            bail!(
                "layout variant {variant:?} makes partition {} ({}) {} MiB, smaller than the base image's {} MiB",
                p.num,
                p.label,
                p.size >> 20,
                e.size >> 20
            );
        }
        p.uuid = e.uuid;
        p.attributes = e.attributes;
        p.label = e.label.clone();
        let type_overridden = ov
            .and_then(|m| m.get(&p.num.to_string()))
            .is_some_and(|o| o.type_.is_some());
        if !type_overridden {
            p.type_guid = e.type_guid;
        }
    }
    for e in &b.table.entries {
        if !d.partitions.iter().any(|p| p.num == e.num) {
            bail!(
                "the base image's partition {} ({}) has no place in layout variant {variant:?}",
                e.num,
                e.label
            );
        }
    }
    Ok(d)
}

/// One pass over the base image's data: every data extent inside a partition is read once
/// and written to each target disk at that partition's offset there. All-zero 64 KiB blocks
/// are not written, so the targets stay sparse. Returns the bytes read.
pub fn copy_partitions(b: &Base, targets: &[(&PlannedDisk, &File)]) -> Result<u64> {
    if targets.is_empty() {
        return Ok(0);
    }
    let extents = crate::data_extents(&b.image)
        .with_context(|| format!("scanning base image {}", b.image.display()))?;
    let src = File::open(&b.image)
        .with_context(|| format!("opening base image {}", b.image.display()))?;
    // The base is mapped read-only (no copy into a buffer); runs of non-zero 64 KiB blocks
    // are written with one call per target.
    let size = src.metadata()?.len();
    let map = railyard_disk::mapped::Mapped::new(&src, 0, size);
    const CHUNK: u64 = 4 << 20;
    const BLOCK: usize = 64 << 10;
    let mut buf = if map.is_some() { Vec::new() } else { vec![0u8; CHUNK as usize] };
    let mut read = 0u64;
    for e in &b.table.entries {
        let maps: Vec<(u64, &File)> = targets
            .iter()
            .map(|(d, f)| {
                let p = d
                    .partitions
                    .iter()
                    .find(|p| p.num == e.num)
                    .expect("checked by plan_variant");
                (p.start, *f)
            })
            .collect();
        let (ps, pe) = (e.start, e.start + e.size);
        for &(s, t) in &extents {
            let (a, z) = (s.max(ps), t.min(pe.min(size)));
            let mut pos = a;
            while pos < z {
                let n = (z - pos).min(CHUNK) as usize;
                let data: &[u8] = match &map {
                    Some(m) => m.slice(pos as usize, n),
                    None => {
                        src.read_exact_at(&mut buf[..n], pos).with_context(|| {
                            format!("reading base image {} at {pos}", b.image.display())
                        })?;
                        &buf[..n]
                    }
                };
                read += n as u64;
                let nonzero: Vec<bool> =
                    data.chunks(BLOCK).map(|b| !crate::source::is_zero(b)).collect();
                for (first, end) in crate::source::runs(&nonzero) {
                    let from = first * BLOCK;
                    let to = (end * BLOCK).min(n);
                    let rel = pos - ps + from as u64;
                    for (start, f) in &maps {
                        f.write_all_at(&data[from..to], start + rel)?;
                    }
                }
                pos += n as u64;
            }
        }
    }
    Ok(read)
}

