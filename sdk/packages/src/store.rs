//! The binary-package store: canonical gpkgs named by their input hash.
//!
//! `store/<hh>/<hash>.gpkg.tar` is the package, `store/<hh>/<hash>.json` its record
//! (inputs, output digest). A package appears only by `rename` after it is complete, so
//! an interrupted run leaves either nothing or a whole package; `.tmp-*` leftovers are
//! removed on the next open. `index/<cat>/<pf>.json` remembers the inputs of the last
//! build of each package, which is how the plan says *why* something is rebuilt.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What the store keeps about one package.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// `cat/pn-pvr`.
    pub cpv: String,
    /// Repository name.
    pub repo: String,
    /// Input hash.
    pub hash: String,
    /// SHA-256 of the canonical gpkg.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The inputs the hash covers.
    pub inputs: BTreeMap<String, serde_json::Value>,
}

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// Opens (creating) the store at `dir`, removing temporary files of interrupted runs.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir.join("index")).with_context(|| format!("creating the package store {}", dir.display()))?;
        if let Ok(rd) = std::fs::read_dir(dir) {
            for sub in rd.flatten().filter(|e| e.path().is_dir()) {
                if let Ok(files) = std::fs::read_dir(sub.path()) {
                    for f in files.flatten() {
                        if f.file_name().to_string_lossy().starts_with(".tmp-") {
                            let _ = std::fs::remove_file(f.path());
                        }
                    }
                }
            }
        }
        Ok(Self { dir: dir.to_path_buf() })
    }

    /// The store at `dir` for reading only (nothing is created or cleaned).
    pub fn at(dir: &Path) -> Self {
        Self { dir: dir.to_path_buf() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the package with input hash `hash` lives.
    pub fn path(&self, hash: &str) -> PathBuf {
        self.dir.join(&hash[..2]).join(format!("{hash}.gpkg.tar"))
    }

    fn record_path(&self, hash: &str) -> PathBuf {
        self.dir.join(&hash[..2]).join(format!("{hash}.json"))
    }

    /// Whether the package is present (cheap: one stat).
    pub fn has(&self, hash: &str) -> bool {
        self.path(hash).is_file()
    }

    /// A temporary path in the store's directory for `hash` (same filesystem as the
    /// final name, cleaned up by the next `open` if never committed).
    pub fn temp(&self, hash: &str) -> Result<PathBuf> {
        let d = self.dir.join(&hash[..2]);
        std::fs::create_dir_all(&d)?;
        Ok(d.join(format!(".tmp-{hash}-{}.gpkg.tar", std::process::id())))
    }

    /// The record of a stored package.
    pub fn record(&self, hash: &str) -> Option<Record> {
        serde_json::from_slice(&std::fs::read(self.record_path(hash)).ok()?).ok()
    }

    /// The inputs of the last build of `cpv`.
    pub fn last(&self, cpv: &str) -> Option<Record> {
        serde_json::from_slice(&std::fs::read(self.dir.join("index").join(format!("{cpv}.json"))).ok()?).ok()
    }

    /// Moves a finished package into the store under `rec.hash` and updates the index.
    pub fn commit(&self, tmp: &Path, mut rec: Record) -> Result<Record> {
        let (sha, size) = sha256_file(tmp)?;
        rec.sha256 = sha;
        rec.size = size;
        let json = serde_json::to_vec_pretty(&rec)?;
        let rp = self.record_path(&rec.hash);
        let rtmp = rp.with_file_name(format!(".tmp-{}-{}.json", rec.hash, std::process::id()));
        std::fs::write(&rtmp, &json)?;
        std::fs::rename(&rtmp, &rp)?;
        let p = self.path(&rec.hash);
        std::fs::rename(tmp, &p).with_context(|| format!("moving the package into {}", p.display()))?;
        let ip = self.dir.join("index").join(format!("{}.json", rec.cpv));
        if let Some(d) = ip.parent() {
            std::fs::create_dir_all(d)?;
        }
        let itmp = ip.with_file_name(format!(".tmp-index-{}", std::process::id()));
        std::fs::write(&itmp, &json)?;
        std::fs::rename(&itmp, &ip)?;
        Ok(rec)
    }
}

/// SHA-256 and size of a file.
pub fn sha256_file(p: &Path) -> Result<(String, u64)> {
    let mut f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let r = f.read(&mut buf)?;
        if r == 0 {
            break;
        }
        h.update(&buf[..r]);
        n += r as u64;
    }
    Ok((hex::encode(h.finalize()), n))
}
