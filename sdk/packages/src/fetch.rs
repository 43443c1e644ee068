//! Distfiles: present in DISTDIR and matching the Manifest, or fetched and verified.
//!
//! `mirror://NAME/path` resolves through apt's configured Debian archives (`debian`,
//! `debian-security`) and the repository's `profiles/thirdpartymirrors`; `http(s)://` is
//! fetched with wget (what Portage uses too), `file://` is copied. A file is verified
//! (size, then every known Manifest hash) before it gets its final name, so DISTDIR
//! never holds a file that looks valid but is not. A cached file that fails verification
//! is set aside as `<name>.corrupt` and fetched again. Builds run without network, so
//! Portage can never fetch (or "heal") anything behind Railyard's back.

use crate::plan::Distfile;
use anyhow::{bail, Context, Result};
use blake2::Blake2b512;
use sha2::{Digest, Sha256, Sha512};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Mirror names → base URIs.
pub type Mirrors = BTreeMap<String, Vec<String>>;

/// Reads `profiles/thirdpartymirrors` of each repository into `m`.
pub fn add_thirdparty(m: &mut Mirrors, repo: &Path) -> Result<()> {
    let f = repo.join("profiles/thirdpartymirrors");
    let Ok(t) = std::fs::read_to_string(&f) else { return Ok(()) };
    for l in t.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut it = l.split_whitespace();
        if let Some(name) = it.next() {
            m.entry(name.to_string()).or_default().extend(it.map(|u| u.trim_end_matches('/').to_string()));
        }
    }
    Ok(())
}

/// Concrete URLs for a SRC_URI entry.
pub fn urls(uri: &str, mirrors: &Mirrors) -> Result<Vec<String>> {
    if let Some(rest) = uri.strip_prefix("mirror://") {
        let (name, path) = rest.split_once('/').with_context(|| format!("malformed mirror URI {uri}"))?;
        let bases = mirrors.get(name).filter(|v| !v.is_empty()).with_context(|| {
            format!("no mirror named {name:?} for {uri}: debian/debian-security come from apt's sources, others from profiles/thirdpartymirrors")
        })?;
        Ok(bases.iter().map(|b| format!("{b}/{path}")).collect())
    } else {
        Ok(vec![uri.to_string()])
    }
}

/// Checks a file against its Manifest entry; `Err` says which check failed.
pub fn verify(path: &Path, d: &Distfile) -> Result<()> {
    let meta = std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if meta.len() != d.size {
        bail!("size is {} bytes, the Manifest says {}", meta.len(), d.size);
    }
    let mut f = std::fs::File::open(path)?;
    let (mut b2, mut s512, mut s256) = (Blake2b512::new(), Sha512::new(), Sha256::new());
    let want = |a: &str| d.hashes.iter().any(|(x, _)| x == a);
    let (wb, w5, w2) = (want("BLAKE2B"), want("SHA512"), want("SHA256"));
    if !(wb || w5 || w2) {
        bail!("the Manifest has no BLAKE2B, SHA512 or SHA256 for it");
    }
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if wb {
            b2.update(&buf[..n]);
        }
        if w5 {
            s512.update(&buf[..n]);
        }
        if w2 {
            s256.update(&buf[..n]);
        }
    }
    let got: BTreeMap<&str, String> = [("BLAKE2B", hex::encode(b2.finalize())), ("SHA512", hex::encode(s512.finalize())), ("SHA256", hex::encode(s256.finalize()))].into_iter().collect();
    for (alg, hexd) in &d.hashes {
        if let Some(g) = got.get(alg.as_str()) {
            if g != hexd {
                bail!("{alg} digest mismatch: got {g}, the Manifest says {hexd}");
            }
        }
    }
    Ok(())
}

/// Makes sure `d` is in `distdir`, verified; `mirrors` is asked for only when a fetch is
/// needed (and `fetching` called before it). Returns true when it had to be fetched.
pub fn ensure(distdir: &Path, d: &Distfile, mirrors: &mut dyn FnMut() -> Result<Mirrors>, who: &str, fetching: &dyn Fn()) -> Result<bool> {
    let dest = distdir.join(&d.name);
    if dest.exists() {
        match verify(&dest, d) {
            Ok(()) => return Ok(false),
            Err(e) => {
                let aside = distdir.join(format!("{}.corrupt", d.name));
                tracing::warn!("{}: cached distfile {} fails verification ({e:#}); set aside as {} and fetched again", who, dest.display(), aside.display());
                std::fs::rename(&dest, &aside)?;
            }
        }
    }
    fetching();
    let mirrors = mirrors()?;
    let tmp = distdir.join(format!(".fetch-{}-{}", std::process::id(), d.name));
    let mut errors = Vec::new();
    for uri in &d.uris {
        for url in urls(uri, &mirrors).with_context(|| format!("{who}: distfile {}", d.name))? {
            let _ = std::fs::remove_file(&tmp);
            let got = if let Some(p) = url.strip_prefix("file://") {
                std::fs::copy(p, &tmp).map(|_| ()).map_err(|e| anyhow::anyhow!("{e}"))
            } else {
                fetch_http(&url, &tmp)
            };
            if let Err(e) = got {
                errors.push(format!("{url}: {e:#}"));
                continue;
            }
            match verify(&tmp, d) {
                Ok(()) => {
                    std::fs::rename(&tmp, &dest)?;
                    return Ok(true);
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    bail!("{who}: distfile {} fetched from {url} does not match {}: {e:#}", d.name, d.manifest.display());
                }
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    bail!("{who}: could not fetch distfile {}:\n  {}", d.name, errors.join("\n  "))
}

fn fetch_http(url: &str, dest: &Path) -> Result<()> {
    let out = std::process::Command::new("wget")
        .args(["-q", "--tries=2", "--timeout=60", "-O"])
        .arg(dest)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .output()
        .context("running wget (apt-get install wget)")?;
    if !out.status.success() {
        bail!("wget exited with {} {}", out.status, String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// The mirror table for a set of repositories: apt's Debian archives (`apt`, from
/// `portage::apt_mirrors`) plus each repository's thirdpartymirrors.
pub fn mirrors(apt: &[(String, String)], repos: &[PathBuf]) -> Result<Mirrors> {
    let mut m = Mirrors::new();
    for (name, uri) in apt {
        m.entry(name.clone()).or_default().push(uri.clone());
    }
    for r in repos {
        add_thirdparty(&mut m, r)?;
    }
    Ok(m)
}
