//! `railyard image_to_vm` (being written: see issue 5).

use anyhow::{bail, Result};

/// Arguments of `image_to_vm`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Board.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
}

/// Runs `image_to_vm`.
pub fn run(a: Args) -> Result<()> {
    bail!("image_to_vm for {} is not available yet", a.board)
}
