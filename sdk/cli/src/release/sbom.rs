//! The SBOM of a build, from the package database of the build (today: the Debian packages
//! the image root was assembled from, as recorded by the pipeline), not by scanning the image.
//!
//! Packages: every installed package (kernel and bootloader included) with version, declared
//! licence (from the package's DEP-5 `copyright`, `NOASSERTION` when not machine-readable),
//! sha256 of the .deb and a `pkg:deb` purl; download location `NOASSERTION` (no mirror is
//! recorded). The initramfs is its own package, which `CONTAINS` the packages its files come
//! from (mapped through the .deb file lists, cached per .deb digest).

use super::BuildRequest;
use anyhow::Result;
use railyard_attest::release::SbomSpec;
use railyard_attest::spdx::{debian_license_to_spdx, ImageInput, PackageInput, SbomOptions};
use railyard_image::debs::DebInfo;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// purl of a Debian binary package (percent-encoded version, `arch` qualifier).
pub fn deb_purl(name: &str, version: &str, arch: &str) -> String {
    let enc = railyard_attest::spdx::purl_escape;
    format!("pkg:deb/debian/{}@{}?arch={}", enc(name), enc(version), enc(arch))
}

pub fn spec(req: &BuildRequest, s: &railyard_image::BuildSummary, board: &railyard_core::Board) -> Result<SbomSpec> {
    let prefix = board.image_prefix();
    let arch = board.board.arch.as_str();
    let sysroot = sysroot_dir(&req.cache_dir, arch, &s.packages);
    let initrd_files = initrd_basenames(&s.output_dir.join(format!("{prefix}_initrd_contents.txt")));
    let initramfs_name = format!("{}-initramfs", board.os.id);
    let mut packages = Vec::new();
    for p in &s.packages {
        let license = sysroot.as_deref().and_then(|r| copyright_license(r, &p.package)).map(|l| debian_license_to_spdx(&l));
        let in_initrd = match debs_file_list(&req.cache_dir, arch, p) {
            Some(list) => list.iter().any(|f| initrd_files.contains(f)),
            None => false,
        };
        let purpose = if p.package.starts_with("linux-image") {
            "OPERATING-SYSTEM"
        } else if p.package.starts_with("lib") {
            "LIBRARY"
        } else {
            "APPLICATION"
        };
        packages.push(PackageInput {
            name: p.package.clone(),
            version: Some(p.version.clone()),
            supplier: Some("Organization: Debian".into()),
            download_location: None,
            sha256: Some(p.sha256.clone()),
            purl: Some(deb_purl(&p.package, &p.version, &p.architecture)),
            license_declared: license,
            purpose: Some(purpose.into()),
            contained_in: if in_initrd { vec![initramfs_name.clone()] } else { vec![] },
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
            "initramfs (zstd newc cpio on the ESP as /{}/initrd-a, {} bytes): board /init from board-configs, programs and libraries from the packages it CONTAINS, kernel modules {}; file list in {prefix}_initrd_contents.txt",
            board.os.id,
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

/// The pipeline's unpacked sysroot for this package set (same key as `debs::sysroot`).
fn sysroot_dir(cache: &Path, arch: &str, infos: &[DebInfo]) -> Option<PathBuf> {
    let d = railyard_image::debs::sysroot_path(cache, arch, infos);
    d.join(railyard_image::debs::SYSROOT_COMPLETE).is_file().then_some(d)
}

/// `License:` of the `Files: *` paragraph of a DEP-5 copyright file.
fn copyright_license(sysroot: &Path, package: &str) -> Option<String> {
    let text = std::fs::read_to_string(sysroot.join("usr/share/doc").join(package).join("copyright")).ok()?;
    if !text.starts_with("Format:") {
        return None;
    }
    for para in text.split("\n\n") {
        let files_all = para.lines().any(|l| l.trim_end() == "Files: *");
        if files_all {
            return para.lines().find_map(|l| l.strip_prefix("License:")).map(|l| l.trim().to_string());
        }
    }
    None
}

fn initrd_basenames(listing: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(listing).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| l.split_whitespace().nth(7))
        .map(|p| p.rsplit('/').next().unwrap_or(p).to_string())
        .collect()
}

/// Basenames of the regular files and symlinks in a .deb (kernel modules without compression
/// suffix), cached in `<cache>/filelists/<sha256>.list`.
fn debs_file_list(cache: &Path, arch: &str, p: &DebInfo) -> Option<BTreeSet<String>> {
    let cached = cache.join("filelists").join(format!("{}.list", p.sha256));
    let text = match std::fs::read_to_string(&cached) {
        Ok(t) => t,
        Err(_) => {
            let deb = cache.join("debs").join(arch).join(Path::new(&p.filename).file_name()?);
            let o = std::process::Command::new("dpkg-deb").arg("-c").arg(&deb).stderr(std::process::Stdio::null()).output().ok()?;
            if !o.status.success() {
                return None;
            }
            let mut names = BTreeSet::new();
            for l in String::from_utf8_lossy(&o.stdout).lines() {
                if !(l.starts_with('-') || l.starts_with('l')) {
                    continue;
                }
                let Some(path) = l.split_whitespace().nth(5) else { continue };
                let base = path.rsplit('/').next().unwrap_or(path);
                let base = [".xz", ".zst", ".gz"].iter().find_map(|s| base.strip_suffix(s)).unwrap_or(base);
                names.insert(base.to_string());
            }
            let t: String = names.iter().map(|n| format!("{n}\n")).collect();
            let _ = std::fs::create_dir_all(cached.parent()?);
            let _ = railyard_attest::write_atomic(&cached, t.as_bytes());
            t
        }
    };
    Some(text.lines().map(str::to_string).collect())
}
