//! Building the SDK image: mmdebstrap (reproducible with SOURCE_DATE_EPOCH) installs the
//! Debian packages listed in `sdk/container/packages.txt` from the host's own apt sources,
//! Portage is installed from a wheel the host's pip downloads, the static railyard binary is
//! copied in, and [`crate::oci`] writes the OCI archive. The exact package list is kept in
//! the image (`/usr/share/railyard/sdk-packages.txt`) and in a manifest beside the archive.

use crate::oci::{self, ImageConfig, ImageInfo};
use anyhow::{bail, Context, Result};
use railyard_core::{tools, Cmd};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Pinned Portage release installed into the SDK.
pub const PORTAGE_VERSION: &str = "3.0.83";
/// meson from PyPI beside Portage: Gentoo's meson.eclass needs ≥ 1.2.3, Debian 12 has 1.0.1
/// (the host's `setup_host` pins the same version).
pub const MESON_VERSION: &str = "1.7.2";
/// cmake from PyPI beside Portage: Gentoo's cmake.eclass needs ≥ 3.28.5 (Debian 12 has
/// 3.25.1) and turns to its CMake 4 ways only for an installed cmake 4 (`has_version`), so a
/// 3.x (the host's `setup_host` pins the same version).
pub const CMAKE_VERSION: &str = "3.31.10";
/// Debian release the SDK is built from.
pub const SUITE: &str = "bookworm";
/// Label of every SDK image (its value: [`SUITE`]); `run_sdk_container` removes untagged
/// images with it, earlier SDK builds, when it loads a new one.
pub const SDK_LABEL: &str = "org.railyard.sdk.suite";

/// Inputs of an SDK image build.
#[derive(Debug, Clone)]
pub struct SdkBuild {
    /// Repository root.
    pub root: PathBuf,
    /// Architecture (`amd64`, `arm64`).
    pub arch: String,
    /// SDK version (tag of the image).
    pub version: String,
    /// Output directory.
    pub out_dir: PathBuf,
    /// SOURCE_DATE_EPOCH.
    pub epoch: u64,
    /// railyard binary to put in the image (static).
    pub railyard_bin: Option<PathBuf>,
    /// Static railyard binary that runs `railyard doctor --sdk` inside the finished root
    /// filesystem (then removed): a tool missing from the image fails the build.
    pub doctor_bin: Option<PathBuf>,
}

/// Result of a build.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SdkImage {
    /// Image reference.
    pub reference: String,
    /// The OCI archive.
    pub archive: PathBuf,
    /// The manifest file.
    pub manifest: PathBuf,
    /// Digests and sizes.
    pub image: ImageInfo,
    /// Uncompressed root filesystem size.
    pub rootfs_bytes: u64,
    /// Number of Debian packages.
    pub packages: usize,
}

/// The image reference for an architecture and version.
pub fn reference(arch: &str, version: &str) -> String {
    format!("localhost/railyard-sdk-{arch}:{version}")
}

/// File names for an architecture and version.
pub fn archive_name(arch: &str, version: &str) -> String {
    format!("railyard-sdk-{arch}-{version}.oci.tar")
}

/// `--architectures` for mmdebstrap: the image's own first, then any `:arch` of the list.
pub fn architectures(native: &str, pkgs: &[String]) -> String {
    let mut v = vec![native.to_string()];
    for p in pkgs {
        if let Some((_, a)) = p.rsplit_once(':') {
            if !v.iter().any(|x| x == a) {
                v.push(a.to_string());
            }
        }
    }
    v.join(",")
}

/// The Debian packages of the SDK image for `arch`: `sdk/container/packages.txt` (a line
/// that starts with `[amd64]` or `[arm64]` counts only for that architecture's image; `-name`
/// takes a package out), then every package the tool table (`sdk/core/tools.toml`) and the
/// boards' `[qemu]` sections name.
pub fn packages(root: &Path, arch: &str) -> Result<Vec<String>> {
    let f = root.join("sdk/container/packages.txt");
    let t = std::fs::read_to_string(&f).with_context(|| format!("reading {}", f.display()))?;
    let mut v: Vec<String> = Vec::new();
    for (n, line) in t.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        let line = match line.strip_prefix('[') {
            Some(rest) => {
                let (only, rest) = rest.split_once(']').with_context(|| format!("{}:{}: expected [ARCH] before the packages", f.display(), n + 1))?;
                if only != arch {
                    continue;
                }
                rest
            }
            None => line,
        };
        v.extend(line.split_whitespace().map(String::from));
    }
    // `-name` takes a package out again, also one the tool table adds below
    let drop: Vec<String> = v.iter().filter_map(|p| p.strip_prefix('-')).map(String::from).collect();
    v.retain(|p| !p.starts_with('-'));
    for p in tools::sdk_packages(&tools::boards(root)?, arch) {
        if !v.contains(&p) && !drop.contains(&p) {
            v.push(p);
        }
    }
    v.retain(|p| !drop.contains(p));
    Ok(v)
}

/// One-line apt sources for `suite`, taken from the host's enabled apt sources (deb822
/// `.sources` and one-line `.list` files), so the SDK fetches from the same mirrors.
pub fn host_sources(suite: &str) -> Result<String> {
    let mut out = String::new();
    let mut files = vec![PathBuf::from("/etc/apt/sources.list")];
    if let Ok(rd) = std::fs::read_dir("/etc/apt/sources.list.d") {
        let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        v.sort();
        files.extend(v);
    }
    for f in files {
        let name = f.to_string_lossy().to_string();
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        if name.ends_with(".sources") {
            for stanza in text.split("\n\n") {
                let field = |k: &str| {
                    stanza.lines().find_map(|l| l.strip_prefix(&format!("{k}:")).map(|v| v.trim().to_string()))
                };
                if field("Enabled").is_some_and(|v| v == "no") || !field("Types").is_some_and(|t| t.split_whitespace().any(|x| x == "deb")) {
                    continue;
                }
                let (Some(uris), Some(suites)) = (field("URIs"), field("Suites")) else { continue };
                let comps = field("Components").unwrap_or_else(|| "main".into());
                for u in uris.split_whitespace() {
                    for s in suites.split_whitespace().filter(|s| s.starts_with(suite)) {
                        out.push_str(&format!("deb {u} {s} {comps}\n"));
                    }
                }
            }
        } else if name.ends_with(".list") {
            for l in text.lines().map(str::trim).filter(|l| l.starts_with("deb ")) {
                let parts: Vec<&str> = l.split_whitespace().collect();
                // deb [opts] uri suite comps...
                let i = if parts.get(1).is_some_and(|p| p.starts_with('[')) { 2 } else { 1 };
                if parts.get(i + 1).is_some_and(|s| s.starts_with(suite)) {
                    out.push_str(&format!("deb {}\n", parts[i..].join(" ")));
                }
            }
        }
    }
    if out.is_empty() {
        bail!("the host's apt sources have no {suite} entries to build the SDK from (/etc/apt/sources.list, /etc/apt/sources.list.d)");
    }
    Ok(out)
}

/// Builds the SDK image archive.
pub fn build(b: &SdkBuild) -> Result<SdkImage> {
    std::fs::create_dir_all(&b.out_dir)?;
    let work = b.out_dir.join(format!(".sdk-{}-{}.work", b.arch, b.version));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let sources = work.join("sources.list");
    std::fs::write(&sources, host_sources(SUITE)?)?;
    // Portage: the host's pip fetches the pinned wheel (its own index configuration).
    let wheels = work.join("wheels");
    Cmd::new("downloading the Portage wheel", "python3")
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d"])
        .arg(&wheels)
        .arg(format!("portage=={PORTAGE_VERSION}"))
        .arg(format!("meson=={MESON_VERSION}"))
        .run()?;
    // cmake's wheel holds binaries: the image's architecture's
    let platform = match b.arch.as_str() {
        "arm64" => "manylinux2014_aarch64",
        _ => "manylinux2014_x86_64",
    };
    Cmd::new("downloading the cmake wheel", "python3")
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "--platform", platform, "-d"])
        .arg(&wheels)
        .arg(format!("cmake=={CMAKE_VERSION}"))
        .run()?;
    let rootfs = work.join("rootfs.tar");
    let pkgs = packages(&b.root, &b.arch)?;
    let mut c = Cmd::new("building the SDK root filesystem (mmdebstrap)", "mmdebstrap")
        .epoch(b.epoch)
        .args(["--variant=apt", "--mode=auto", "--format=tar", "-q"])
        // foreign-architecture packages (`name:arm64`: the arm64 Rust standard library for
        // cross builds) need that architecture enabled in the image's dpkg
        .arg(format!("--architectures={}", architectures(&b.arch, &pkgs)))
        .arg(format!("--include={}", pkgs.join(",")))
        .arg("--customize-hook=mkdir -p \"$1/tmp/wheels\" \"$1/usr/share/railyard\"")
        .arg(format!("--customize-hook=sync-in {} /tmp/wheels", wheels.display()))
        // Portage in its own venv (EPREFIX=/ is set in the image), entry points on PATH
        .arg("--customize-hook=chroot \"$1\" python3 -m venv --without-pip /opt/portage")
        .arg("--customize-hook=chroot \"$1\" env PYTHONDONTWRITEBYTECODE=1 python3 -m pip --python /opt/portage/bin/python3 install -q --no-index --no-compile --no-deps --root-user-action=ignore --find-links /tmp/wheels portage meson cmake")
        .arg("--customize-hook=for t in emerge ebuild egencache emaint portageq; do ln -s /opt/portage/bin/$t \"$1/usr/local/bin/$t\"; done")
        // Portage loads a build-host config from its prefix whenever ROOT != /: give it the
        // overlay's host profile (the checkout is always at /mnt/host/source in the container)
        .arg(format!("--customize-hook=mkdir -p \"$1/opt/portage/etc/portage\" && ln -s /mnt/host/source/overlays/railyard/profiles/host/{} \"$1/opt/portage/etc/portage/make.profile\" && echo 'FEATURES=\"-sandbox -usersandbox -news\"' > \"$1/opt/portage/etc/portage/make.conf\"", b.arch))
        .arg("--customize-hook=rm -rf \"$1/tmp/wheels\" \"$1/root/.cache\"")
        .arg("--customize-hook=chroot \"$1\" dpkg-query -W -f '${Package} ${Version} ${Architecture}\\n' > \"$1/usr/share/railyard/sdk-packages.txt\"")
        .arg(format!("--customize-hook=printf 'portage {PORTAGE_VERSION} pypi\\nmeson {MESON_VERSION} pypi\\ncmake {CMAKE_VERSION} pypi\\n' >> \"$1/usr/share/railyard/sdk-packages.txt\""));
    if let Some(bin) = &b.doctor_bin {
        // the check runs in the image (chroot) with the checkout's board configs; it leaves nothing behind
        c = c
            .arg("--customize-hook=mkdir -p \"$1/tmp/railyard-doctor\"")
            .arg(format!("--customize-hook=copy-in {} {} /tmp/railyard-doctor", bin.display(), b.root.join("board-configs").display()))
            .arg("--customize-hook=chroot \"$1\" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RAILYARD_ROOT=/tmp/railyard-doctor /tmp/railyard-doctor/railyard doctor --sdk")
            .arg("--customize-hook=rm -rf \"$1/tmp/railyard-doctor\"");
    }
    if let Some(bin) = &b.railyard_bin {
        c = c.arg(format!("--customize-hook=copy-in {} /usr/local/bin", bin.display()));
    }
    c.arg(SUITE).arg(&rootfs).arg(&sources).run()?;
    let rootfs_bytes = std::fs::metadata(&rootfs)?.len();
    let pkglist = read_member(&rootfs, "usr/share/railyard/sdk-packages.txt")?;
    let reference = reference(&b.arch, &b.version);
    let mut labels = BTreeMap::new();
    labels.insert("org.opencontainers.image.title".into(), "Railyard SDK".into());
    labels.insert("org.opencontainers.image.version".into(), b.version.clone());
    labels.insert(SDK_LABEL.into(), SUITE.into());
    labels.insert("org.railyard.sdk.packages-sha256".into(), hex::encode(<sha2::Sha256 as sha2::Digest>::digest(pkglist.as_bytes())));
    let archive = b.out_dir.join(archive_name(&b.arch, &b.version));
    let cfg = ImageConfig {
        architecture: b.arch.clone(),
        epoch: b.epoch,
        env: vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(), "LANG=C.UTF-8".into(), "EPREFIX=/".into()],
        labels,
        ref_name: reference.clone(),
    };
    let image = oci::write_archive(&rootfs, &archive, &cfg)?;
    let manifest = b.out_dir.join(format!("railyard-sdk-{}-{}.manifest.txt", b.arch, b.version));
    let text = format!(
        "reference {reference}\ndigest {}\nconfig {}\nlayer {} ({} bytes compressed)\nrootfs {} bytes\nsource_date_epoch {}\n\n{}",
        image.digest, image.config_digest, image.layer_digest, image.layer_size, rootfs_bytes, b.epoch, pkglist
    );
    let tmp = manifest.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &manifest)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(SdkImage { reference, archive, manifest, image, rootfs_bytes, packages: pkglist.lines().count() })
}

fn read_member(tar_path: &Path, name: &str) -> Result<String> {
    let mut ar = tar::Archive::new(std::fs::File::open(tar_path)?);
    for e in ar.entries()? {
        let mut e = e?;
        let p = e.path()?.to_string_lossy().trim_start_matches("./").to_string();
        if p == name {
            let mut s = String::new();
            e.read_to_string(&mut s)?;
            return Ok(s);
        }
    }
    bail!("{name} is missing from {}", tar_path.display())
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_list_parses() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let p = super::packages(&root, "amd64").unwrap();
        assert!(p.contains(&"erofs-utils".to_string()) && p.contains(&"gcc-aarch64-linux-gnu".to_string()));
        assert!(!p.iter().any(|x| x.starts_with('#') || x.starts_with('[')));
        // the other architecture's cross compiler, each only in its own image
        let q = super::packages(&root, "arm64").unwrap();
        assert!(q.contains(&"erofs-utils".to_string()) && q.contains(&"gcc-x86-64-linux-gnu".to_string()));
        assert!(!q.contains(&"libstd-rust-dev:arm64".to_string()) && !p.contains(&"gcc-x86-64-linux-gnu".to_string()));
        // the arm64 boards' compiler is the arm64 image's own gcc, not a cross package
        assert!(!q.contains(&"gcc-aarch64-linux-gnu".to_string()) && !q.iter().any(|x| x.starts_with('-')));
    }
}
