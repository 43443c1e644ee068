//! An image root installed from the board's binary packages (`emerge --usepkgonly` into an
//! empty `ROOT`, or the package engine's installer): merged /usr, the kernel and its
//! packaged initramfs under `/usr/lib/modules/<version>/`, and Portage's package database
//! (VDB) in `/var/db/pkg/<category>/<PF>/`.

use anyhow::{bail, Context, Result};
use railyard_core::beneath::{Dir, FileType, Links};
use std::path::{Path, PathBuf};

/// One installed package, from its VDB directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InstalledPackage {
    /// Category (`sys-apps`).
    pub category: String,
    /// Package name with version and revision (`busybox-1.35.0`, `foo-1.2-r1`).
    pub pf: String,
    /// Slot (`0`, `0/6.1.0-56`).
    pub slot: String,
    /// The LICENSE expression as recorded (`GPL-2+ || ( BSD GPL-2 )`).
    pub license: String,
    /// Repository the ebuild came from.
    pub repository: String,
}

impl InstalledPackage {
    /// `category/PF`, the line of `_packages.txt`.
    pub fn cpf(&self) -> String {
        format!("{}/{}", self.category, self.pf)
    }
    /// The version part of PF (`1.35.0`, `1.2-r1`).
    pub fn version(&self) -> &str {
        split_pf(&self.pf).map(|(_, v)| v).unwrap_or("")
    }
    /// The package name part of PF.
    pub fn name(&self) -> &str {
        split_pf(&self.pf).map(|(n, _)| n).unwrap_or(&self.pf)
    }
    /// Licence names of the LICENSE expression (operators, groups and USE conditionals
    /// dropped), in order of appearance without duplicates.
    pub fn licenses(&self) -> Vec<String> {
        license_names(&self.license)
    }
}

/// `busybox-1.35.0-r1` → (`busybox`, `1.35.0-r1`): an optional `-rN` revision is split
/// off, the version is what follows the last `-<digit>` (Gentoo versions contain no `-`).
pub fn split_pf(pf: &str) -> Option<(&str, &str)> {
    let base = match pf.rfind("-r") {
        Some(r) if r + 2 < pf.len() && pf[r + 2..].bytes().all(|c| c.is_ascii_digit()) => &pf[..r],
        _ => pf,
    };
    let b = base.as_bytes();
    let i = (1..b.len().saturating_sub(1)).rev().find(|&i| b[i] == b'-' && b[i + 1].is_ascii_digit())?;
    Some((&pf[..i], &pf[i + 1..]))
}

/// Names in a Gentoo LICENSE expression: `a || ( b c ) flag? ( d )` → `[a, b, c, d]`.
pub fn license_names(expr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tok in expr.split_whitespace() {
        if tok == "||" || tok == "(" || tok == ")" || tok.ends_with('?') {
            continue;
        }
        if !out.iter().any(|x| x == tok) {
            out.push(tok.to_string());
        }
    }
    out
}

/// Reads `<root>/var/db/pkg`: every `<category>/<PF>/` directory, sorted by `category/PF`.
/// The database is read through the root's handle without following any link: a link in
/// it (to a host directory or file) is never read through.
pub fn read_vdb(root: &Path) -> Result<Vec<InstalledPackage>> {
    let vdb_rel = "var/db/pkg";
    let vdb = root.join(vdb_rel);
    let dir = Dir::open(root).with_context(|| format!("opening the image root {}", root.display()))?;
    if !dir.stat(vdb_rel, Links::No).is_ok_and(|m| m.is_dir()) {
        bail!("{} has no package database ({} is missing): install the root from the board's packages", root.display(), vdb.display());
    }
    let read = |d: &str, f: &str| -> Result<String> {
        let p = format!("{d}/{f}");
        let b = dir.read(&p, Links::No).with_context(|| format!("reading {}", dir.display(&p)))?;
        Ok(String::from_utf8(b).with_context(|| format!("reading {}", dir.display(&p)))?.trim().to_string())
    };
    let is_dir = |rel: &str, kind: FileType| -> Result<bool> {
        Ok(match kind {
            FileType::Unknown => dir.lstat(rel, Links::No).with_context(|| format!("reading {}", dir.display(rel)))?.is_dir(),
            k => k == FileType::Directory,
        })
    };
    let mut out = Vec::new();
    for (category, kind) in dir.read_dir(vdb_rel, Links::No).with_context(|| format!("reading {}", vdb.display()))? {
        let c = format!("{vdb_rel}/{category}");
        if !is_dir(&c, kind)? {
            continue;
        }
        for (name, kind) in dir.read_dir(&c, Links::No).with_context(|| format!("reading {}", dir.display(&c)))? {
            let d = format!("{c}/{name}");
            // Portage's in-progress merges (-MERGING-foo) are not installed packages
            if !is_dir(&d, kind)? || name.starts_with('-') {
                continue;
            }
            let file = |f: &str| dir.stat(&format!("{d}/{f}"), Links::No).is_ok_and(|m| m.is_file());
            if !file("CONTENTS") {
                bail!("{}: not a complete VDB entry (no CONTENTS)", dir.display(&d));
            }
            let pf = if file("PF") { read(&d, "PF")? } else { name.clone() };
            out.push(InstalledPackage {
                category: category.clone(),
                pf,
                slot: read(&d, "SLOT").unwrap_or_else(|_| "0".into()),
                license: read(&d, "LICENSE").unwrap_or_default(),
                repository: read(&d, "repository").unwrap_or_default(),
            });
        }
    }
    out.sort_by_key(|a| a.cpf());
    if out.is_empty() {
        bail!("{}: the package database lists no packages", vdb.display());
    }
    Ok(out)
}

/// Flatcar's `_licenses.json`: `[{"project": "<category>/<PF>", "licenses": [...]}, ...]`.
pub fn licenses_json(pkgs: &[InstalledPackage]) -> String {
    #[derive(serde::Serialize)]
    struct Entry {
        project: String,
        licenses: Vec<String>,
    }
    let v: Vec<Entry> = pkgs.iter().map(|p| Entry { project: p.cpf(), licenses: p.licenses() }).collect();
    let mut s = serde_json::to_string_pretty(&v).expect("JSON");
    s.push('\n');
    s
}

/// What `build_image` takes from an installed root.
#[derive(Debug, Clone)]
pub struct InstalledRoot {
    /// The root directory.
    pub dir: PathBuf,
    /// Kernel release (`6.1.0-56-cloud-amd64`).
    pub kernel_version: String,
    /// The kernel image, a path inside the root (`/usr/lib/modules/<version>/vmlinuz`):
    /// read it with [`InstalledRoot::read`].
    pub vmlinuz: String,
    /// The packaged initramfs of that kernel, a path inside the root.
    pub initramfs: String,
    /// Installed packages (VDB).
    pub packages: Vec<InstalledPackage>,
}

impl InstalledRoot {
    /// Checks the layout and reads the package database.
    pub fn open(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            bail!("image root {} does not exist", dir.display());
        }
        let root = Dir::open(dir).with_context(|| format!("opening the image root {}", dir.display()))?;
        // Links in the root are followed as if the root were `/` (an absolute or `../..`
        // link never leads to a host file), and only regular files are taken.
        let in_root_file = |p: &str| root.stat(p, Links::InRoot).is_ok_and(|m| m.is_file());
        let modules = dir.join("usr/lib/modules");
        let mut kernels: Vec<(String, String)> = root
            .read_dir("/usr/lib/modules", Links::InRoot)
            .map(|entries| {
                entries
                    .into_iter()
                    .map(|(v, _)| (format!("/usr/lib/modules/{v}/vmlinuz"), v))
                    .filter(|(k, _)| in_root_file(k))
                    .map(|(k, v)| (v, k))
                    .collect()
            })
            .unwrap_or_default();
        kernels.sort();
        let (kernel_version, vmlinuz) = match kernels.len() {
            0 => bail!("no kernel in the image root: expected {}/<version>/vmlinuz (sys-kernel/linux-cloud-bin), a file inside the root", modules.display()),
            1 => kernels.remove(0),
            _ => bail!(
                "several kernels in {}: {}; install one",
                modules.display(),
                kernels.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>().join(", ")
            ),
        };
        let initramfs = format!("/usr/lib/modules/{kernel_version}/initramfs.img");
        if !in_root_file(&initramfs) {
            bail!(
                "no initramfs for kernel {kernel_version} in the image root: expected {} (sys-kernel/railyard-initramfs), a file inside the root",
                modules.join(&kernel_version).join("initramfs.img").display()
            );
        }
        let packages = read_vdb(dir)?;
        Ok(InstalledRoot { dir: dir.to_path_buf(), kernel_version, vmlinuz, initramfs, packages })
    }

    /// Reads a regular file of the root by its path inside the root (`/usr/lib/...`),
    /// links followed as if the root were `/`: never a host file.
    pub fn read(&self, in_root: &str) -> Result<Vec<u8>> {
        let root = Dir::open(&self.dir).with_context(|| format!("opening the image root {}", self.dir.display()))?;
        root.read(in_root, Links::InRoot).with_context(|| format!("reading {} (in the image root)", self.shown(in_root)))
    }

    /// `<root>/<in_root>` on the host, for messages.
    pub fn shown(&self, in_root: &str) -> String {
        self.dir.join(in_root.trim_start_matches('/')).display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn pf_and_licenses() {
        assert_eq!(split_pf("busybox-1.35.0"), Some(("busybox", "1.35.0")));
        assert_eq!(split_pf("glibc-bin-2.36_p9_p14"), Some(("glibc-bin", "2.36_p9_p14")));
        assert_eq!(split_pf("foo-bar-1.2-r3"), Some(("foo-bar", "1.2-r3")));
        assert_eq!(split_pf("libsystemd-bin-252.39_p1"), Some(("libsystemd-bin", "252.39_p1")));
        assert_eq!(split_pf("nover"), None);
        assert_eq!(license_names("GPL-2+ || ( BSD GPL-2 ) foo? ( MIT ) GPL-2"), ["GPL-2+", "BSD", "GPL-2", "MIT"]);
    }
    #[test]
    fn vdb_and_layout() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        let e = InstalledRoot::open(r).unwrap_err().to_string();
        assert!(e.contains("no kernel in the image root") && e.contains("vmlinuz"), "{e}");
        std::fs::create_dir_all(r.join("usr/lib/modules/6.1.0-1-x")).unwrap();
        std::fs::write(r.join("usr/lib/modules/6.1.0-1-x/vmlinuz"), b"k").unwrap();
        assert!(InstalledRoot::open(r).unwrap_err().to_string().contains("railyard-initramfs"));
        std::fs::write(r.join("usr/lib/modules/6.1.0-1-x/initramfs.img"), b"i").unwrap();
        assert!(InstalledRoot::open(r).unwrap_err().to_string().contains("package database"));
        for (c, pf, lic) in [("sys-apps", "busybox-1.35.0", "GPL-2"), ("app-misc", "foo-1-r1", "MIT || ( A B )")] {
            let p = r.join("var/db/pkg").join(c).join(pf);
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(p.join("CONTENTS"), b"").unwrap();
            std::fs::write(p.join("LICENSE"), format!("{lic}\n")).unwrap();
            std::fs::write(p.join("SLOT"), b"0\n").unwrap();
        }
        std::fs::create_dir_all(r.join("var/db/pkg/sys-apps/-MERGING-x-1")).unwrap();
        let root = InstalledRoot::open(r).unwrap();
        assert_eq!(root.kernel_version, "6.1.0-1-x");
        let cpfs: Vec<String> = root.packages.iter().map(|p| p.cpf()).collect();
        assert_eq!(cpfs, ["app-misc/foo-1-r1", "sys-apps/busybox-1.35.0"]);
        assert_eq!(root.packages[0].version(), "1-r1");
        let j: serde_json::Value = serde_json::from_str(&licenses_json(&root.packages)).unwrap();
        assert_eq!(j[0]["project"], "app-misc/foo-1-r1");
        assert_eq!(j[0]["licenses"], serde_json::json!(["MIT", "A", "B"]));
    }

    #[test]
    fn kernel_links_never_lead_to_host_files() {
        let d = tempfile::tempdir().unwrap();
        let host = d.path().join("host-secret");
        std::fs::write(&host, b"host file").unwrap();
        let r = d.path().join("root");
        let k = r.join("usr/lib/modules/6.1.0-1-x");
        std::fs::create_dir_all(&k).unwrap();
        std::fs::write(k.join("initramfs.img"), b"i").unwrap();
        let p = r.join("var/db/pkg/sys-kernel/k-1");
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("CONTENTS"), b"").unwrap();
        // An absolute link to a host file, and a relative one climbing out of the root.
        let climb = format!("../../../../../../../../..{}", host.display());
        for target in [host.display().to_string(), climb] {
            let _ = std::fs::remove_file(k.join("vmlinuz"));
            std::os::unix::fs::symlink(&target, k.join("vmlinuz")).unwrap();
            let e = InstalledRoot::open(&r).unwrap_err().to_string();
            assert!(e.contains("no kernel in the image root"), "{target}: {e}");
        }
        // The same link also names a file inside the root: that one is taken.
        let inside = r.join(host.strip_prefix("/").unwrap());
        std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
        std::fs::write(&inside, b"kernel in the root").unwrap();
        let root = InstalledRoot::open(&r).unwrap();
        assert_eq!(root.read(&root.vmlinuz).unwrap(), b"kernel in the root");
        assert_eq!(root.vmlinuz, "/usr/lib/modules/6.1.0-1-x/vmlinuz");
        // a link to a host directory in a middle component: nothing read through it
        std::fs::remove_dir_all(r.join("usr/lib/modules")).unwrap();
        std::fs::create_dir_all(d.path().join("hostmods/6.1.0-1-x")).unwrap();
        std::fs::write(d.path().join("hostmods/6.1.0-1-x/vmlinuz"), b"host kernel").unwrap();
        std::fs::write(d.path().join("hostmods/6.1.0-1-x/initramfs.img"), b"host initramfs").unwrap();
        std::os::unix::fs::symlink(d.path().join("hostmods"), r.join("usr/lib/modules")).unwrap();
        let e = InstalledRoot::open(&r).unwrap_err().to_string();
        assert!(e.contains("no kernel in the image root"), "{e}");
        std::fs::remove_file(r.join("usr/lib/modules")).unwrap();
        std::fs::create_dir_all(&k).unwrap();
        std::fs::write(k.join("vmlinuz"), b"k").unwrap();
        std::fs::write(k.join("initramfs.img"), b"i").unwrap();
        // The initramfs likewise.
        std::fs::remove_file(k.join("initramfs.img")).unwrap();
        std::os::unix::fs::symlink(d.path().join("nowhere"), k.join("initramfs.img")).unwrap();
        std::fs::write(d.path().join("nowhere"), b"host").unwrap();
        let e = InstalledRoot::open(&r).unwrap_err().to_string();
        assert!(e.contains("no initramfs"), "{e}");
    }
}
