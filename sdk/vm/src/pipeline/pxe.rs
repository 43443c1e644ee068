//! The `pxe` writer: the base initramfs plus a second newc archive with /usr as squashfs and
//! ROOT's files, the kernel and the kernel command line without the disk's arguments.

use super::base::{part_by_role, Base};
use super::oem::mtools;
use super::spec::{FormatSpec, Writer};
use super::ctx::Ctx;
use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use railyard_disk::gpt;
use railyard_disk::layout::Role;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::Path;

pub(super) fn pxe(ctx: &Ctx, f: &FormatSpec) -> Result<Vec<String>> {
    let board = ctx.board;
    let b = ctx.base;
    let layout = board.layout()?;
    let base_plan = layout.plan("base", &board.board.arch, b"railyard image_to_vm")?;
    let esp = part_by_role(&base_plan, b, Role::Esp)?;
    let usr = part_by_role(&base_plan, b, Role::UsrA)?;
    let root = part_by_role(&base_plan, b, Role::Root)?;
    let work = ctx.work.join("pxe");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let prefix = ctx.prefix(f);

    // the base initramfs: the .initrd section of USR-A's unified kernel image on the ESP
    let entry = railyard_image::uki::esp_path(&usr.label);
    let uki = work.join("uki-a.efi");
    let img = format!("{}@@{}", b.image.display(), esp.start);
    mtools(
        format!("reading {entry} from the base image's ESP"),
        &img,
        b.epoch,
    )
    .arg("-n")
    .arg(format!("::/{entry}"))
    .arg(&uki)
    .run()?;
    let (_, _, _, _, packed) = railyard_image::uki::split(&std::fs::read(&uki)?, &format!("the base image's {entry}"))?;
    let _ = std::fs::remove_file(&uki);
    let mut cpio = if packed.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        zstd::stream::decode_all(&packed[..]).context("decompressing the base initramfs (zstd)")?
    } else if packed.starts_with(b"070701") {
        packed
    } else {
        bail!(
            "the base initramfs (in {entry}) is neither zstd nor an uncompressed newc cpio"
        );
    };
    while cpio.len() % 4 != 0 {
        cpio.push(0);
    }

    // /usr as squashfs, ROOT's files, in a second newc archive
    let tree = railyard_image::tree::Tree::create(&work.join("extra"))?;
    usr_squashfs(b, usr, &work, &tree.root().join("usr.squashfs"))?;
    std::fs::set_permissions(
        tree.root().join("usr.squashfs"),
        std::fs::Permissions::from_mode(0o644),
    )?;
    let pxe_root = tree.root().join("pxe-root");
    std::fs::create_dir_all(&pxe_root)?;
    let (_, err) = Cmd::new(
        "copying ROOT's files out of the base image (debugfs rdump)",
        "debugfs",
    )
    .epoch(b.epoch)
    .arg("-R")
    .arg(format!("rdump / {}", pxe_root.display()))
    .arg(format!("{}?offset={}", b.image.display(), root.start))
    .output_both()?;
    let text = String::from_utf8_lossy(&err);
    if let Some(l) = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with("debugfs "))
    {
        bail!("copying ROOT out of {} failed: {l}", b.image.display());
    }
    let _ = std::fs::remove_dir_all(pxe_root.join("lost+found"));
    railyard_image::cpio::write_tree(&tree, &[], b.epoch, &mut cpio)?;

    let out_name = format!("{prefix}_image.{}", f.extension(Writer::Pxe));
    let out = ctx.staging.join(&out_name);
    {
        let file = File::create(&out).with_context(|| format!("creating {}", out.display()))?;
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .operating_system(3)
            .write(std::io::BufWriter::new(file), flate2::Compression::new(6));
        gz.write_all(&cpio)?;
        gz.finish()?.flush()?;
    }
    let kernel_name = format!("{prefix}.vmlinuz");
    std::fs::copy(&b.vmlinuz, ctx.staging.join(&kernel_name))
        .with_context(|| format!("copying the kernel {}", b.vmlinuz.display()))?;
    std::fs::set_permissions(
        ctx.staging.join(&kernel_name),
        std::fs::Permissions::from_mode(0o644),
    )?;
    // The command line: the base one without the disk's /usr and ROOT arguments.
    let mut words: Vec<String> = b
        .cmdline
        .split_whitespace()
        .filter(|w| {
            ![
                "root=",
                "rootflags=",
                "rootfstype=",
                "mount.usr",
                "verity.usr",
            ]
            .iter()
            .any(|p| w.starts_with(p))
        })
        .map(str::to_string)
        .collect();
    words.extend(f.kernel_args.iter().cloned());
    let cmdline_name = format!("{prefix}_cmdline.txt");
    std::fs::write(
        ctx.staging.join(&cmdline_name),
        format!("{}\n", words.join(" ")),
    )?;
    let mut files = vec![kernel_name, out_name, cmdline_name];
    files.sort();
    Ok(files)
}

/// /usr of USR-A as a squashfs: copied as is when the base uses squashfs; an erofs /usr is
/// extracted (fsck.erofs) and rebuilt with mksquashfs (owner root, times at the epoch).
pub(super) fn usr_squashfs(b: &Base, usr: &gpt::Entry, work: &Path, out: &Path) -> Result<()> {
    let f = File::open(&b.image)?;
    let mut head = vec![0u8; 4096];
    f.read_exact_at(&mut head, usr.start)?;
    let copy = |len: u64, dst: &Path| -> Result<()> {
        if len == 0 || len > usr.size {
            bail!(
                "base image {}: the /usr filesystem claims {len} bytes, USR-A has {}",
                b.image.display(),
                usr.size
            );
        }
        let o = File::create(dst)?;
        let mut buf = vec![0u8; 1 << 20];
        let mut pos = 0;
        while pos < len {
            let n = ((len - pos) as usize).min(buf.len());
            f.read_exact_at(&mut buf[..n], usr.start + pos)?;
            o.write_all_at(&buf[..n], pos)?;
            pos += n as u64;
        }
        Ok(())
    };
    if &head[0..4] == b"hsqs" {
        let used = u64::from_le_bytes(head[40..48].try_into().expect("8 bytes"));
        return copy(used.div_ceil(4096) * 4096, out);
    }
    if u32::from_le_bytes(head[1024..1028].try_into().expect("4 bytes")) != 0xE0F5_E1E2 {
        bail!(
            "base image {}: USR-A holds neither erofs nor squashfs",
            b.image.display()
        );
    }
    let blkszbits = head[1024 + 12] as u32;
    let blocks = u32::from_le_bytes(head[1024 + 36..1024 + 40].try_into().expect("4 bytes")) as u64;
    let erofs = work.join("usr.erofs");
    copy(blocks << blkszbits, &erofs)?;
    let dir = work.join("usr");
    Cmd::new("extracting the erofs /usr", "fsck.erofs")
        .arg(format!("--extract={}", dir.display()))
        .arg("--preserve-perms")
        .arg(&erofs)
        .run()?;
    let _ = std::fs::remove_file(&erofs);
    // mksquashfs refuses SOURCE_DATE_EPOCH together with -mkfs-time/-all-time
    let e = b.epoch.to_string();
    // (Cmd passes no SOURCE_DATE_EPOCH unless asked)
    Cmd::new("building the PXE /usr squashfs", "mksquashfs")
        .arg(&dir)
        .arg(out)
        .args([
            "-noappend",
            "-all-root",
            "-no-xattrs",
            "-quiet",
            "-no-progress",
            "-comp",
            "zstd",
            "-mkfs-time",
            &e,
            "-all-time",
            &e,
        ])
        .run()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

