//! Debian packages as the source of the image root, until the package engine builds the
//! board's own packages. Each architecture gets a private apt state directory (lists and
//! caches under Railyard's cache, the host's own `sources.list` for where to fetch), so
//! nothing on the host changes, no root is needed, and foreign architectures need no
//! `dpkg --add-architecture`. Downloads are verified against the archive's SHA256 and kept;
//! a package already in the cache is never fetched again.

use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// One resolved package.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DebInfo {
    /// Package name.
    pub package: String,
    /// Version.
    pub version: String,
    /// Architecture (`amd64`, `arm64`, `all`).
    pub architecture: String,
    /// Pool path in the archive.
    pub filename: String,
    /// SHA-256 of the .deb.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Source package (for licences and SBOMs later).
    pub source: String,
}

/// A private apt view of Debian's archive for one architecture.
#[derive(Debug)]
pub struct Apt {
    arch: String,
    state: PathBuf,
    debs: PathBuf,
}

/// SHA-256 of a file, hex.
pub fn sha256_file(p: &Path) -> Result<String> {
    let mut f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

impl Apt {
    /// Uses `<cache>/apt/<arch>` for apt's state and `<cache>/debs/<arch>` for packages.
    pub fn new(cache: &Path, arch: &str) -> Result<Self> {
        let state = cache.join("apt").join(arch);
        for d in ["lists/partial", "cache/archives/partial", "state"] {
            std::fs::create_dir_all(state.join(d)).with_context(|| format!("creating {}", state.display()))?;
        }
        let debs = cache.join("debs").join(arch);
        std::fs::create_dir_all(&debs)?;
        Ok(Apt { arch: arch.into(), state, debs })
    }

    fn cmd(&self, what: &str, tool: &str) -> Cmd {
        let s = |p: &str| self.state.join(p).to_string_lossy().into_owned();
        Cmd::new(what, tool).args([
            "-q".to_string(),
            "-o".into(),
            format!("Dir::State={}", s("state")),
            "-o".into(),
            format!("Dir::State::Lists={}", s("lists")),
            "-o".into(),
            format!("Dir::Cache={}", s("cache")),
            "-o".into(),
            "Dir::State::status=/dev/null".into(),
            "-o".into(),
            format!("APT::Architecture={}", self.arch),
            "-o".into(),
            format!("APT::Architectures::={}", self.arch),
            "-o".into(),
            "Acquire::Languages=none".into(),
            "-o".into(),
            "Debug::NoLocking=1".into(),
        ])
    }

    fn has_lists(&self) -> bool {
        std::fs::read_dir(self.state.join("lists"))
            .map(|rd| rd.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().contains("_Packages")))
            .unwrap_or(false)
    }

    /// Refreshes the package lists from the host's configured sources.
    pub fn update(&self) -> Result<()> {
        tracing::info!("refreshing Debian package lists for {}", self.arch);
        self.cmd(&format!("refreshing apt package lists for {}", self.arch), "apt-get").arg("update").run()
    }

    /// Resolves packages to their candidate versions.
    pub fn show(&self, pkgs: &[String]) -> Result<Vec<DebInfo>> {
        if !self.has_lists() {
            self.update()?;
        }
        let run = || self.cmd("looking up packages", "apt-cache").args(["show", "--no-all-versions"]).args(pkgs).text();
        let text = match run() {
            Ok(t) => t,
            Err(_) => {
                self.update()?;
                run().with_context(|| format!("resolving Debian packages for {}", self.arch))?
            }
        };
        let mut out = Vec::new();
        for stanza in text.split("\n\n").filter(|s| !s.trim().is_empty()) {
            let field = |k: &str| {
                stanza.lines().find_map(|l| l.strip_prefix(&format!("{k}: ")).map(|v| v.trim().to_string()))
            };
            let package = field("Package").context("apt-cache output without Package")?;
            out.push(DebInfo {
                source: field("Source").map(|s| s.split_whitespace().next().unwrap_or("").to_string()).unwrap_or(package.clone()),
                package,
                version: field("Version").context("apt-cache output without Version")?,
                architecture: field("Architecture").unwrap_or_default(),
                filename: field("Filename").context("apt-cache output without Filename")?,
                sha256: field("SHA256").context("apt-cache output without SHA256")?,
                size: field("Size").and_then(|s| s.parse().ok()).unwrap_or(0),
            });
        }
        for p in pkgs {
            if !out.iter().any(|d| &d.package == p) {
                bail!("Debian package {p:?} not found for {}", self.arch);
            }
        }
        Ok(out)
    }

    /// The versioned package a meta-package (`linux-image-cloud-amd64`) depends on.
    pub fn resolve_kernel(&self, meta: &str) -> Result<String> {
        if !self.has_lists() {
            self.update()?;
        }
        let info = self.cmd("reading kernel meta-package", "apt-cache").args(["show", "--no-all-versions", meta]).text()?;
        let deps = info.lines().find_map(|l| l.strip_prefix("Depends: ")).with_context(|| format!("{meta} has no Depends"))?;
        deps.split(',')
            .map(|d| d.split_whitespace().next().unwrap_or("").to_string())
            .find(|d| d.starts_with("linux-image-"))
            .with_context(|| format!("{meta} depends on no linux-image package"))
    }

    /// Ensures every package is in the cache with the right digest; returns their paths.
    pub fn fetch(&self, infos: &[DebInfo]) -> Result<Vec<PathBuf>> {
        let path_of = |d: &DebInfo| self.debs.join(d.filename.rsplit('/').next().unwrap_or(&d.filename));
        let mut missing = Vec::new();
        for d in infos {
            let p = path_of(d);
            if !(p.is_file() && sha256_file(&p)? == d.sha256) {
                missing.push(d);
            }
        }
        if !missing.is_empty() {
            tracing::info!("downloading {} Debian packages for {}", missing.len(), self.arch);
            let tmp = self.debs.join(".download");
            let _ = std::fs::remove_dir_all(&tmp);
            std::fs::create_dir_all(&tmp)?;
            self.cmd("downloading Debian packages", "apt-get")
                .dir(&tmp)
                .arg("download")
                .args(missing.iter().map(|d| format!("{}={}", d.package, d.version)))
                .run()?;
            for d in &missing {
                let prefix = format!("{}_", d.package);
                let got = std::fs::read_dir(&tmp)?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
                    .with_context(|| format!("apt-get download produced no file for {}", d.package))?;
                let sum = sha256_file(&got)?;
                if sum != d.sha256 {
                    bail!("{}: SHA256 {sum} does not match the archive's {}", got.display(), d.sha256);
                }
                std::fs::rename(&got, path_of(d))?;
            }
            let _ = std::fs::remove_dir_all(&tmp);
        }
        Ok(infos.iter().map(path_of).collect())
    }
}

/// Where the sysroot of this package set lives: `cache/sysroot/<arch>-<hash of the set>`.
pub fn sysroot_path(cache: &Path, arch: &str, infos: &[DebInfo]) -> PathBuf {
    let mut h = Sha256::new();
    let mut sums: Vec<&str> = infos.iter().map(|d| d.sha256.as_str()).collect();
    sums.sort();
    for s in sums {
        h.update(s.as_bytes());
    }
    let key = &hex::encode(h.finalize())[..16];
    cache.join("sysroot").join(format!("{arch}-{key}"))
}

/// Marker of a completely unpacked sysroot.
pub const SYSROOT_COMPLETE: &str = ".railyard-complete";

/// Unpacks `debs` into the sysroot at [`sysroot_path`], reusing it when it was completed before.
pub fn sysroot(cache: &Path, arch: &str, infos: &[DebInfo], debs: &[PathBuf]) -> Result<PathBuf> {
    let dir = sysroot_path(cache, arch, infos);
    let done = dir.join(SYSROOT_COMPLETE);
    if done.is_file() {
        return Ok(dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for deb in debs {
        Cmd::new(format!("unpacking {}", deb.display()), "dpkg-deb").arg("-x").arg(deb).arg(&dir).run()?;
    }
    std::fs::write(&done, b"")?;
    Ok(dir)
}
