//! "The package database in the image", for `verify`'s SBOM check.
//!
//! Today the image root comes from Debian packages and the database is the list
//! `<os>_production_image_packages.txt` written by `build_image` (lines
//! `debian/<package>-<version>::<arch>`). When the Gentoo package engine lands, a reader of
//! `/var/db/pkg` (`<category>/<name>-<version>`) implements [`PackageDb`] and [`open`] picks it;
//! the SBOM side already maps `pkg:ebuild/...` purls to the same form.

use anyhow::{bail, Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A package database: the set of installed packages, each as one canonical line.
pub trait PackageDb {
    /// What was read (for messages).
    fn describe(&self) -> String;
    /// Installed packages as canonical lines (`debian/<pkg>-<version>::<arch>`,
    /// `<category>/<name>-<version>` for Gentoo).
    fn packages(&self) -> Result<BTreeSet<String>>;
}

/// The `*_packages.txt` list written by `build_image`.
pub struct PackagesTxt(pub PathBuf);

impl PackageDb for PackagesTxt {
    fn describe(&self) -> String {
        self.0.display().to_string()
    }
    fn packages(&self) -> Result<BTreeSet<String>> {
        let t = std::fs::read_to_string(&self.0).with_context(|| format!("reading {}", self.0.display()))?;
        Ok(t.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect())
    }
}

/// The package database for the output directory whose SBOM is `sbom_name`.
pub fn open(dir: &Path, sbom_name: &str) -> Result<Box<dyn PackageDb>> {
    let prefix = sbom_name.strip_suffix("_sbom.json").unwrap_or(sbom_name);
    let p = dir.join(format!("{prefix}_packages.txt"));
    if !p.is_file() {
        bail!("{} is missing", p.display());
    }
    Ok(Box::new(PackagesTxt(p)))
}

fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(Ok(v)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The canonical line of a package purl (`pkg:deb/debian/n@v?arch=a` → `debian/n-v::a`,
/// `pkg:ebuild/c/n@v` → `c/n-v`), or `None` for other purls.
pub fn purl_to_line(purl: &str) -> Option<String> {
    if let Some(rest) = purl.strip_prefix("pkg:deb/debian/") {
        let (main, q) = rest.split_once('?').unwrap_or((rest, ""));
        let (name, ver) = main.split_once('@')?;
        let arch = q.split('&').find_map(|kv| kv.strip_prefix("arch="))?;
        return Some(format!("debian/{}-{}::{}", unescape(name), unescape(ver), unescape(arch)));
    }
    if let Some(rest) = purl.strip_prefix("pkg:ebuild/") {
        let (name, ver) = rest.split_once('@')?;
        return Some(format!("{}-{}", unescape(name), unescape(ver)));
    }
    None
}

/// Compares the packages an SBOM lists (by purl) with `db`; returns the differences.
pub fn compare_sbom(sbom: &Path, db: &dyn PackageDb) -> Result<Vec<String>> {
    let data = std::fs::read(sbom).with_context(|| format!("reading {}", sbom.display()))?;
    let doc: serde_json::Value = serde_json::from_slice(&data).context("not JSON")?;
    if doc["spdxVersion"] != "SPDX-2.3" {
        bail!("not an SPDX 2.3 document");
    }
    let mut listed = BTreeSet::new();
    let mut dup = Vec::new();
    for p in doc["packages"].as_array().context("no packages array")? {
        for r in p["externalRefs"].as_array().into_iter().flatten() {
            if r["referenceType"] == "purl" {
                if let Some(line) = r["referenceLocator"].as_str().and_then(purl_to_line) {
                    if !listed.insert(line.clone()) {
                        dup.push(line);
                    }
                }
            }
        }
    }
    let installed = db.packages()?;
    let mut problems = Vec::new();
    for l in installed.difference(&listed) {
        problems.push(format!("package {l} is installed ({}) but not in the SBOM", db.describe()));
    }
    for l in listed.difference(&installed) {
        problems.push(format!("package {l} is in the SBOM but not installed ({})", db.describe()));
    }
    for l in dup {
        problems.push(format!("package {l} is listed twice"));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn purls() {
        let p = "pkg:deb/debian/busybox-static@1%3A1.35.0-4%2Bdeb12u1%2Bb1?arch=amd64";
        assert_eq!(purl_to_line(p).unwrap(), "debian/busybox-static-1:1.35.0-4+deb12u1+b1::amd64");
        assert_eq!(purl_to_line("pkg:ebuild/sys-apps/systemd@256.9").unwrap(), "sys-apps/systemd-256.9");
        assert_eq!(purl_to_line("pkg:npm/x@1"), None);
    }
}
