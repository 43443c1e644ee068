//! Error type of the crate: every variant names the file or command involved.

use std::path::{Path, PathBuf};

/// Result alias used throughout `railyard-vm`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors returned by the disk-image writers.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O operation on `path` failed.
    #[error("{action} {}: {error}", path.display())]
    Io {
        /// What was being done, e.g. "reading raw image".
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The raw input image is not usable (wrong size, not a regular file, ...).
    #[error("raw image {}: {reason}", path.display())]
    InvalidInput {
        /// The raw input image.
        path: PathBuf,
        /// Why it was rejected.
        reason: String,
    },
    /// The requested output is not usable (bad name, duplicate target, ...).
    #[error("output {}: {reason}", path.display())]
    InvalidOutput {
        /// The output file.
        path: PathBuf,
        /// Why it was rejected.
        reason: String,
    },
    /// An external tool is missing or failed (status and stderr tail in the message).
    #[error(transparent)]
    Tool(#[from] railyard_core::cmd::ToolError),
    /// The OVF template could not be rendered.
    #[error("rendering OVF template: {0:#}")]
    Template(#[from] minijinja::Error),
}

impl Error {
    pub(crate) fn io(action: &'static str, path: &Path, error: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            error,
        }
    }
}
