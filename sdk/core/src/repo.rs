//! The repository checkout: where it is, and the reproducibility inputs derived from it.

use crate::cmd::Cmd;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Finds the repository root: `$RAILYARD_ROOT`, else the nearest ancestor of the current
/// directory that holds `board-configs/`.
pub fn root() -> Result<PathBuf> {
    if let Some(r) = std::env::var_os("RAILYARD_ROOT") {
        return Ok(PathBuf::from(r));
    }
    let cwd = std::env::current_dir().context("reading the current directory")?;
    for d in cwd.ancestors() {
        if d.join("board-configs").is_dir() {
            return Ok(d.to_path_buf());
        }
    }
    bail!("not inside a Railyard checkout: no board-configs/ in {} or above (set RAILYARD_ROOT)", cwd.display())
}

/// SOURCE_DATE_EPOCH: the environment's value if set, else the time of the last commit
/// touching the OS inputs (overlays/ and board-configs/), else of HEAD.
pub fn source_date_epoch(root: &Path) -> Result<u64> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return v.trim().parse().with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"));
    }
    for paths in [&["overlays", "board-configs"][..], &[][..]] {
        let out = Cmd::new("reading the commit time of the OS inputs", "git")
            .dir(root)
            .args(["log", "-1", "--format=%ct", "--"])
            .args(paths)
            .text();
        if let Ok(t) = out {
            if let Ok(n) = t.trim().parse() {
                return Ok(n);
            }
        }
    }
    bail!(
        "cannot derive SOURCE_DATE_EPOCH: {} is not a git checkout with commits; set SOURCE_DATE_EPOCH",
        root.display()
    )
}

/// Commit time of the last commit touching `paths` (for inputs other than the OS's own,
/// e.g. the SDK image's package list); SOURCE_DATE_EPOCH wins when set.
pub fn commit_time(root: &Path, paths: &[&str]) -> Result<u64> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        return v.trim().parse().with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"));
    }
    let t = Cmd::new("reading a commit time", "git").dir(root).args(["log", "-1", "--format=%ct", "--"]).args(paths).text()?;
    t.trim().parse().with_context(|| format!("no commit touches {} in {}; set SOURCE_DATE_EPOCH", paths.join(", "), root.display()))
}

/// Short commit id of HEAD, if the checkout is a git repository.
pub fn head_commit(root: &Path) -> Option<String> {
    Cmd::new("reading HEAD", "git").dir(root).args(["rev-parse", "HEAD"]).text().ok().map(|s| s.trim().to_string())
}
