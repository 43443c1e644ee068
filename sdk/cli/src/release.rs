//! Release artefacts (being written: see issue 6).

use anyhow::{bail, Result};

/// Arguments of `verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Output directory to verify.
    dir: std::path::PathBuf,
}

/// Runs `verify`.
pub fn verify(a: VerifyArgs) -> Result<()> {
    bail!("verify of {} is not available yet", a.dir.display())
}
