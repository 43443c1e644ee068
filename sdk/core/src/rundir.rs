//! Per-run directories in a shared place (build work directories, image roots) that
//! several processes — on the host and in the SDK container, whose process ids mean
//! nothing to each other — create side by side. Each run directory `<base>/<prefix>.<random>`
//! has a lock file beside it (`<…>.lock`, `flock`) that its run holds while it lives; a
//! later run removes the directories whose lock is free (their run died), so nothing
//! depends on process ids.

use anyhow::{Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// A run directory and its held lock (released when dropped; the directory stays until
/// [`RunDir::remove`] or a later [`reclaim`]).
#[derive(Debug)]
pub struct RunDir {
    path: PathBuf,
    _lock: File,
}

impl RunDir {
    /// Creates `<base>/<prefix>.<random>/` and takes its lock. The lock is taken before the
    /// directory exists, so no other run ever sees the directory unlocked.
    pub fn create(base: &Path, prefix: &str) -> Result<Self> {
        std::fs::create_dir_all(base).with_context(|| format!("creating {}", base.display()))?;
        let (f, lock) = tempfile::Builder::new()
            .prefix(&format!("{prefix}."))
            .suffix(".lock")
            .tempfile_in(base)
            .with_context(|| format!("creating a lock in {}", base.display()))?
            .keep()
            .map_err(|e| e.error)?;
        f.lock().with_context(|| format!("locking {}", lock.display()))?;
        let path = lock.with_extension("");
        std::fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Self { path, _lock: f })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its lock file.
    pub fn lock_path(&self) -> PathBuf {
        lock_of(&self.path)
    }

    /// Removes the directory and its lock file.
    pub fn remove(self) {
        remove(&self.path);
    }
}

fn lock_of(dir: &Path) -> PathBuf {
    let mut lock = dir.as_os_str().to_owned();
    lock.push(".lock");
    PathBuf::from(lock)
}

/// Removes a run directory and its lock file (whoever holds it).
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_file(lock_of(dir));
}

/// Removes the run directories in `base` whose run died (lock free). A lock whose
/// directory does not exist yet belongs to a run between creating and taking it, and is
/// left alone.
pub fn reclaim(base: &Path) {
    for f in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let p = f.path();
        if p.extension().is_none_or(|e| e != "lock") {
            continue;
        }
        let dir = p.with_extension("");
        if !dir.is_dir() {
            continue;
        }
        if let Ok(lf) = std::fs::OpenOptions::new().write(true).open(&p) {
            if lf.try_lock().is_ok() && dir.is_dir() {
                tracing::info!("removing {}, left by a run that died", dir.display());
                remove(&dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_runs_are_kept_and_dead_ones_reclaimed() {
        let d = tempfile::tempdir().unwrap();
        let a = RunDir::create(d.path(), "amd64-usr").unwrap();
        let b = RunDir::create(d.path(), "amd64-usr").unwrap();
        assert_ne!(a.path(), b.path());
        std::fs::write(a.path().join("f"), b"x").unwrap();
        let dead = b.path().to_path_buf();
        drop(b); // its run "died": lock released, directory left
        reclaim(d.path());
        assert!(a.path().join("f").is_file(), "a live run's directory was removed");
        assert!(!dead.exists(), "a dead run's directory was kept");
        let p = a.path().to_path_buf();
        a.remove();
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
