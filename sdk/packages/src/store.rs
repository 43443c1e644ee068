//! The binary-package store: canonical gpkgs named by their input hash.
//!
//! `store/<hh>/<hash>.gpkg.tar` is the package, `store/<hh>/<hash>.json` its record
//! (inputs, output digest). A package appears only by `rename` after it is complete (the
//! record first, the package last), so an interrupted run leaves either nothing or a
//! whole package. `store/<hh>/<hash>.lock` is the entry's lock: whoever builds or
//! replaces an entry holds it (`flock`, released by the kernel when the holder dies), so
//! concurrent `build_packages` runs build each package once and never see half an entry.
//! `.tmp-*` files belong to whoever holds the entry's lock; they are removed when the
//! lock is free. `index/<cat>/<pf>.json` remembers the inputs of the last build of each
//! package, which is how the plan says *why* something is rebuilt.
//!
//! Every entry is checked against its record (size and SHA-256) before it is installed;
//! a bad entry is reported with its path and never installed.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
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

/// The state of one store entry.
#[derive(Debug, Clone)]
pub enum Entry {
    /// Neither package nor record.
    Missing,
    /// Package and record agree.
    Good(Record),
    /// Present but unusable; the text says why (naming the file).
    Bad(String),
}

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// The lock of one store entry, held while it is built or replaced.
#[derive(Debug)]
pub struct EntryLock {
    _file: File,
}

fn is_hash(h: &str) -> bool {
    h.len() >= 3 && h.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Store {
    /// Opens (creating) the store at `dir`, removing temporary files of runs that died
    /// (those whose entry lock is free).
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir.join("index")).with_context(|| format!("creating the package store {}", dir.display()))?;
        let s = Self { dir: dir.to_path_buf() };
        let mut stale: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
        if let Ok(rd) = std::fs::read_dir(dir) {
            for sub in rd.flatten().filter(|e| e.file_name() != "index" && e.path().is_dir()) {
                for f in std::fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if let Some(rest) = name.strip_prefix(".tmp-") {
                        let hash = rest.split(['-', '.']).next().unwrap_or("").to_string();
                        stale.entry(hash).or_default().push(f.path());
                    }
                }
            }
        }
        for (hash, files) in stale {
            // a temp file whose entry is locked belongs to a running build
            let free = if is_hash(&hash) { s.try_lock(&hash)?.is_ok() } else { true };
            if free {
                for f in files {
                    let _ = std::fs::remove_file(f);
                }
            }
        }
        Ok(s)
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

    /// Where its record lives.
    pub fn record_path(&self, hash: &str) -> PathBuf {
        self.dir.join(&hash[..2]).join(format!("{hash}.json"))
    }

    fn lock_path(&self, hash: &str) -> PathBuf {
        self.dir.join(&hash[..2]).join(format!("{hash}.lock"))
    }

    /// Whether the package is present (cheap: one stat; see [`Store::check`]).
    pub fn has(&self, hash: &str) -> bool {
        self.path(hash).is_file()
    }

    /// Checks an entry: its record parses, names this hash, and the package's size and
    /// SHA-256 equal the record's.
    pub fn check(&self, hash: &str) -> Entry {
        let (p, rp) = (self.path(hash), self.record_path(hash));
        let (has_p, has_r) = (p.is_file(), rp.is_file());
        if !has_p && !has_r {
            return Entry::Missing;
        }
        if !has_p {
            return Entry::Bad(format!("{} has a record but no package {}", rp.display(), p.display()));
        }
        let rec: Record = match std::fs::read(&rp).map_err(anyhow::Error::from).and_then(|b| Ok(serde_json::from_slice(&b)?)) {
            Ok(r) => r,
            Err(e) => return Entry::Bad(format!("the record {} of {} is unreadable: {e}", rp.display(), p.display())),
        };
        if rec.hash != hash {
            return Entry::Bad(format!("the record {} names input hash {}, not {hash}", rp.display(), rec.hash));
        }
        match sha256_file(&p) {
            Ok((sha, size)) if sha == rec.sha256 && size == rec.size => Entry::Good(rec),
            Ok((sha, size)) => Entry::Bad(format!(
                "{} ({}) is corrupt: sha256 {sha} ({size} bytes), its record {} says sha256 {} ({} bytes)",
                p.display(),
                rec.cpv,
                rp.display(),
                rec.sha256,
                rec.size
            )),
            Err(e) => Entry::Bad(format!("{}: {e:#}", p.display())),
        }
    }

    /// [`Store::check`] that does not mistake an entry being written for a bad one: a
    /// bad-looking entry is checked again under its lock (when its lock is held, another
    /// process is writing it right now, and it counts as missing).
    pub fn check_settled(&self, hash: &str) -> Entry {
        match self.check(hash) {
            Entry::Bad(why) => match self.try_lock(hash) {
                Ok(Ok(_held)) => self.check(hash),
                Ok(Err(_)) => Entry::Missing,
                Err(_) => Entry::Bad(why),
            },
            e => e,
        }
    }

    /// Fails unless the entry is present and good (the check before an install).
    pub fn verified(&self, hash: &str, cpv: &str) -> Result<PathBuf> {
        match self.check_settled(hash) {
            Entry::Good(_) => Ok(self.path(hash)),
            Entry::Missing => bail!("{cpv} is not in the package store ({})", self.path(hash).display()),
            Entry::Bad(why) => bail!("store entry of {cpv} is bad: {why}"),
        }
    }

    /// Removes an entry (package, then record); the caller holds its lock.
    pub fn remove(&self, hash: &str) -> Result<()> {
        for p in [self.path(hash), self.record_path(hash)] {
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("removing {}", p.display())),
            }
        }
        Ok(())
    }

    fn lock_file(&self, hash: &str) -> Result<File> {
        let lp = self.lock_path(hash);
        if let Some(d) = lp.parent() {
            std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
        }
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lp).with_context(|| format!("opening the lock {}", lp.display()))
    }

    fn stamp(mut f: File) -> Result<EntryLock> {
        f.set_len(0)?;
        f.rewind()?;
        write!(f, "{}", std::process::id())?;
        Ok(EntryLock { _file: f })
    }

    /// Takes the entry's lock if it is free; otherwise returns who holds it (the process
    /// id the holder wrote, as text).
    pub fn try_lock(&self, hash: &str) -> Result<std::result::Result<EntryLock, String>> {
        let mut f = self.lock_file(hash)?;
        match f.try_lock() {
            Ok(()) => Ok(Ok(Self::stamp(f)?)),
            Err(TryLockError::WouldBlock) => {
                let mut who = String::new();
                let _ = f.read_to_string(&mut who);
                Ok(Err(if who.trim().is_empty() { "another process".to_string() } else { format!("pid {}", who.trim()) }))
            }
            Err(TryLockError::Error(e)) => Err(e).with_context(|| format!("locking {}", self.lock_path(hash).display())),
        }
    }

    /// Takes the entry's lock, waiting for its holder (blocking).
    pub fn lock(&self, hash: &str) -> Result<EntryLock> {
        let f = self.lock_file(hash)?;
        f.lock().with_context(|| format!("locking {}", self.lock_path(hash).display()))?;
        Self::stamp(f)
    }

    /// A temporary path in the store's directory for `hash` (same filesystem as the
    /// final name; removed by a later `open` once the entry's lock is free).
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

    /// Moves a finished package into the store under `rec.hash` (replacing what is
    /// there) and updates the index. The caller holds the entry's lock. The record is
    /// renamed into place first and the package last, so the entry never looks present
    /// before both are complete.
    pub fn commit(&self, tmp: &Path, mut rec: Record) -> Result<Record> {
        let (sha, size) = sha256_file(tmp)?;
        if size == 0 {
            bail!("{}: refusing to store an empty package for {}", tmp.display(), rec.cpv);
        }
        rec.sha256 = sha;
        rec.size = size;
        let json = serde_json::to_vec_pretty(&rec)?;
        let p = self.path(&rec.hash);
        // a replaced entry: take the old package away first, so no reader pairs the
        // new record with the old package
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("removing the old {}", p.display())),
        }
        let rp = self.record_path(&rec.hash);
        let rtmp = rp.with_file_name(format!(".tmp-{}-{}.json", rec.hash, std::process::id()));
        write_synced(&rtmp, &json)?;
        std::fs::rename(&rtmp, &rp).with_context(|| format!("moving the record into {}", rp.display()))?;
        File::open(tmp).and_then(|f| f.sync_all()).with_context(|| format!("syncing {}", tmp.display()))?;
        std::fs::rename(tmp, &p).with_context(|| format!("moving the package into {}", p.display()))?;
        let ip = self.dir.join("index").join(format!("{}.json", rec.cpv));
        if let Some(d) = ip.parent() {
            std::fs::create_dir_all(d)?;
        }
        let itmp = ip.with_file_name(format!(".tmp-index-{}-{}", rec.hash, std::process::id()));
        std::fs::write(&itmp, &json)?;
        std::fs::rename(&itmp, &ip)?;
        Ok(rec)
    }

    /// Every entry's input hash (from the package and record files present).
    pub fn hashes(&self) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        for sub in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            if sub.file_name() == "index" || !sub.path().is_dir() {
                continue;
            }
            for f in std::fs::read_dir(sub.path()).into_iter().flatten().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                if let Some(h) = name.strip_suffix(".gpkg.tar").or_else(|| name.strip_suffix(".json")) {
                    if is_hash(h) {
                        out.insert(h.to_string());
                    }
                }
            }
        }
        out.into_iter().collect()
    }
}

fn write_synced(p: &Path, data: &[u8]) -> Result<()> {
    let mut f = File::create(p).with_context(|| format!("creating {}", p.display()))?;
    f.write_all(data)?;
    f.sync_all()?;
    Ok(())
}

/// SHA-256 and size of a file.
pub fn sha256_file(p: &Path) -> Result<(String, u64)> {
    let mut f = File::open(p).with_context(|| format!("opening {}", p.display()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(hash: &str) -> Record {
        Record { cpv: "cat/pkg-1".into(), repo: "r".into(), hash: hash.into(), sha256: String::new(), size: 0, inputs: BTreeMap::new() }
    }

    #[test]
    fn commit_check_and_corruption() {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(d.path()).unwrap();
        let h = "ab".repeat(32);
        assert!(matches!(s.check(&h), Entry::Missing));
        let _l = s.lock(&h).unwrap();
        let t = s.temp(&h).unwrap();
        std::fs::write(&t, b"package bytes").unwrap();
        s.commit(&t, rec(&h)).unwrap();
        assert!(matches!(s.check(&h), Entry::Good(_)));
        assert_eq!(s.hashes(), vec![h.clone()]);
        // flip one byte
        let mut b = std::fs::read(s.path(&h)).unwrap();
        b[3] ^= 1;
        std::fs::write(s.path(&h), b).unwrap();
        match s.check(&h) {
            Entry::Bad(why) => assert!(why.contains("is corrupt") && why.contains(&s.path(&h).display().to_string()), "{why}"),
            e => panic!("{e:?}"),
        }
        assert!(s.verified(&h, "cat/pkg-1").is_err());
        // a record without package
        s.remove(&h).unwrap();
        std::fs::write(s.record_path(&h), b"{}").unwrap();
        assert!(matches!(s.check(&h), Entry::Bad(_)));
    }

    #[test]
    fn empty_packages_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(d.path()).unwrap();
        let h = "cd".repeat(32);
        let t = s.temp(&h).unwrap();
        std::fs::write(&t, b"").unwrap();
        assert!(s.commit(&t, rec(&h)).is_err());
        assert!(!s.has(&h));
    }

    #[test]
    fn the_lock_excludes_and_temps_of_live_holders_survive_open() {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(d.path()).unwrap();
        let h = "ef".repeat(32);
        let held = s.lock(&h).unwrap();
        match s.try_lock(&h).unwrap() {
            Err(who) => assert_eq!(who, format!("pid {}", std::process::id())),
            Ok(_) => panic!("a second lock was granted"),
        }
        let t = s.temp(&h).unwrap();
        std::fs::write(&t, b"x").unwrap();
        Store::open(d.path()).unwrap();
        assert!(t.exists(), "a locked entry's temp file was removed");
        drop(held);
        // Another test of this process may be between fork and exec of a child at this
        // moment; the child then shares the lock's open file until its exec closes it.
        // So the lock is gone within moments, not necessarily at once.
        let t0 = std::time::Instant::now();
        while t.exists() && t0.elapsed() < std::time::Duration::from_secs(5) {
            Store::open(d.path()).unwrap();
            if t.exists() {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        assert!(!t.exists(), "a dead run's temp file was kept");
        assert!(s.try_lock(&h).unwrap().is_ok());
    }
}
