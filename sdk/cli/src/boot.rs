//! `railyard boot_image`: boot an image under QEMU and wait for the boot marker.

use anyhow::{bail, Result};
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `boot_image`.
#[derive(Debug, clap::Args)]
pub struct BootArgs {
    /// Board whose QEMU settings (machine, firmware, console) to use.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Image to boot (default: the board's latest production image).
    #[arg(long)]
    image: Option<PathBuf>,
    /// Image format as QEMU names it.
    #[arg(long, default_value = "raw")]
    format: String,
    /// Console text that means success.
    #[arg(long, default_value = "RAILYARD-BOOT-OK")]
    expect: String,
    /// Seconds before giving up.
    #[arg(long, default_value_t = 180)]
    timeout: u64,
    /// Serial console log file (default: next to the image).
    #[arg(long)]
    log: Option<PathBuf>,
}

/// Runs `boot_image`.
pub fn run(a: BootArgs) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let board = railyard_core::Board::load(&root, &a.board)?;
    let image = match a.image {
        Some(i) => i,
        None => root.join("__build__/images").join(&a.board).join("latest").join(format!("{}.bin", board.image_prefix())),
    };
    let log = a.log.unwrap_or_else(|| image.with_extension("boot.log"));
    let mut spec = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &image, &log);
    spec.format = a.format;
    spec.expect = a.expect;
    spec.timeout = Duration::from_secs(a.timeout);
    let progress = railyard_core::progress::Progress::new("boot_image", None);
    progress.message(&format!("booting {} under {} (TCG); console log {}", image.display(), board.qemu.system, log.display()));
    let o = railyard_image::qemu::boot(&spec)?;
    if o.success {
        progress.finish(&format!("boot reached {:?} after {:.1} s", spec.expect, o.seconds));
        Ok(())
    } else {
        bail!("boot failed: {}\n--- last console lines ---\n{}", o.failure.clone().unwrap_or_default(), o.tail(25))
    }
}
