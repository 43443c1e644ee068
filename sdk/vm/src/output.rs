//! Atomic output files: data goes to a hidden temporary file in the
//! destination directory, which is renamed over the destination only once it
//! is complete. Dropping an uncommitted output removes the temporary file.

use std::fs::{File, Permissions};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// A temporary file that becomes `dest` on [`AtomicOutput::commit`].
pub(crate) struct AtomicOutput {
    tmp: NamedTempFile,
    dest: PathBuf,
}

impl AtomicOutput {
    /// Creates the temporary file next to `dest`.
    pub(crate) fn create(dest: &Path) -> Result<Self> {
        let name =
            dest.file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| Error::InvalidOutput {
                    path: dest.to_path_buf(),
                    reason: "has no UTF-8 file name".into(),
                })?;
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| Error::io("creating temporary file for", dest, e))?;
        Ok(AtomicOutput {
            tmp,
            dest: dest.to_path_buf(),
        })
    }

    /// The open temporary file.
    pub(crate) fn file(&self) -> &File {
        self.tmp.as_file()
    }

    /// Path of the temporary file (for external tools).
    pub(crate) fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// The final destination.
    pub(crate) fn dest(&self) -> &Path {
        &self.dest
    }

    /// Sets mode 0644 and renames the temporary file to the destination.
    pub(crate) fn commit(self) -> Result<()> {
        let dest = self.dest;
        std::fs::set_permissions(self.tmp.path(), Permissions::from_mode(0o644))
            .map_err(|e| Error::io("setting permissions of", &dest, e))?;
        self.tmp
            .persist(&dest)
            .map_err(|e| Error::io("renaming temporary file to", &dest, e.error))?;
        Ok(())
    }
}
