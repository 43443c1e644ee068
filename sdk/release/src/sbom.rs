//! The SBOM of a build, from the package database of the image root (its VDB,
//! `/var/db/pkg`), not by scanning the image.
//!
//! Every installed package (kernel and bootloader included): a `pkg:ebuild/<category>/
//! <name>@<version>` purl, the Gentoo LICENSE converted to SPDX, and — when the root was
//! installed from the store — the binary package's sha256 and input hash. The initramfs is
//! its own package (`<os>-initrd-a`, the archive on the ESP), which `CONTAINS` the packages
//! whose files (VDB CONTENTS) are in it.

use super::BuildRequest;
use anyhow::Result;
use railyard_attest::release::SbomSpec;
use railyard_attest::spdx::{ImageInput, PackageInput, SbomOptions};
use std::collections::BTreeSet;
use std::path::Path;

pub fn spec(req: &BuildRequest, s: &railyard_image::BuildSummary, board: &railyard_core::Board) -> Result<SbomSpec> {
    let prefix = board.image_prefix();
    let initrd_files = initrd_basenames(&s.output_dir.join(format!("{prefix}_initrd_contents.txt")));
    // the archive on the ESP (named after its file there, not after the package that built it)
    let initramfs_name = format!("{}-initrd-a", board.os.id);
    let mut packages = Vec::new();
    for p in &s.installed {
        let in_initrd = vdb_basenames(&req.root_dir, &p.cpf()).is_some_and(|names| names.iter().any(|f| initrd_files.contains(f)));
        let purpose = if p.category == "sys-kernel" && p.name().starts_with("linux") {
            "OPERATING-SYSTEM"
        } else if p.category == "sys-libs" {
            "LIBRARY"
        } else {
            "APPLICATION"
        };
        // the binary package it was installed from (not known for --image_root)
        let bin = req.binpkgs.iter().find(|b| b.cpv == p.cpf());
        let mut comment = format!("ebuild repository {}, slot {}", p.repository, p.slot);
        if let Some(b) = bin {
            comment.push_str(&format!("; binary package input hash {}; {}", b.input_hash, b.description));
        }
        packages.push(PackageInput {
            category: Some(p.category.clone()),
            name: p.name().to_string(),
            version: Some(p.version().to_string()),
            gentoo_license: Some(p.license.clone()),
            supplier: Some(format!("Organization: {}", board.os.name)),
            sha256: bin.map(|b| b.sha256.clone()),
            purpose: Some(purpose.into()),
            contained_in: if in_initrd && !(p.category == "sys-kernel" && p.name().ends_with("-initramfs")) { vec![initramfs_name.clone()] } else { vec![] },
            comment: Some(comment),
            ..Default::default()
        });
    }
    let mut modules = s.initramfs.modules.clone();
    modules.sort();
    packages.push(PackageInput {
        name: initramfs_name,
        version: Some(s.version.clone()),
        supplier: Some(format!("Organization: {}", board.os.name)),
        purpose: Some("ARCHIVE".into()),
        comment: Some(format!(
            "initramfs (zstd newc cpio, the .initrd section of each slot's unified kernel image on the ESP, EFI/Linux/usr-a.efi, {} bytes): the installed sys-kernel/railyard-initramfs, programs and libraries from the packages it CONTAINS, kernel modules {}; file list in {prefix}_initrd_contents.txt",
            s.initramfs.size,
            modules.join(" ")
        )),
        ..Default::default()
    });
    Ok(SbomSpec {
        file_name: format!("{prefix}_sbom.json"),
        image_file: format!("{prefix}.bin"),
        image: ImageInput {
            name: prefix,
            version: s.version.clone(),
            supplier: Some(format!("Organization: {}", board.os.name)),
            digests: None,
        },
        packages,
        options: SbomOptions::new(s.source_date_epoch as i64),
    })
}

/// Basenames of the regular files an installed package owns (VDB `CONTENTS` lines
/// `obj <path> <md5> <mtime>`; symbolic links are left out, they only name other files).
fn vdb_basenames(root: &Path, cpf: &str) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(root.join("var/db/pkg").join(cpf).join("CONTENTS")).ok()?;
    Some(
        text.lines()
            .filter_map(|l| {
                let path = l.strip_prefix("obj ")?.rsplitn(3, ' ').nth(2)?;
                Some(path.rsplit('/').next().unwrap_or(path).to_string())
            })
            .collect(),
    )
}

fn initrd_basenames(listing: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(listing).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split_whitespace().nth(7))
        .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
        .collect()
}

