//! qcow2 through the stock `qemu-img convert -f raw -O qcow2` (its qcow2
//! output is deterministic). qemu-img reads the raw input itself.

use std::path::{Path, PathBuf};

use railyard_core::Cmd;
use crate::error::{Error, Result};
use crate::output::AtomicOutput;
use crate::source::RawImage;

/// What [`convert`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qcow2Info {
    /// Output path.
    pub path: PathBuf,
    /// Output file size.
    pub file_size: u64,
}

/// Converts `raw` to qcow2 at `out` with `qemu-img` (atomically: qemu-img
/// writes a temporary file in the destination directory, renamed at the end).
pub fn convert(raw: &Path, out: &Path) -> Result<Qcow2Info> {
    // Same input checks (and error messages) as the built-in writers.
    drop(RawImage::open(raw)?);
    let output = AtomicOutput::create(out)?;
    Cmd::new("converting to qcow2", "qemu-img")
        .args(["convert", "-q", "-f", "raw", "-O", "qcow2"])
        .arg(raw)
        .arg(output.temp_path())
        .try_output()?;
    let file_size = std::fs::metadata(output.temp_path())
        .map_err(|e| Error::io("reading metadata of", out, e))?
        .len();
    output.commit()?;
    Ok(Qcow2Info {
        path: out.to_path_buf(),
        file_size,
    })
}
