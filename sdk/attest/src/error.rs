//! Error type shared by the crate. Every variant that concerns a file names it.

use std::path::PathBuf;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors returned by `railyard-attest`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O operation on `path` failed.
    #[error("{op} {}: {source}", path.display())]
    Io {
        /// What was being done ("read", "write", "create", ...).
        op: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file had malformed content.
    #[error("{}:{line}: {msg}", path.display())]
    Parse {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number (0 when not line-oriented).
        line: usize,
        /// What was wrong.
        msg: String,
    },
    /// A key could not be loaded, generated or stored.
    #[error("key error ({origin}): {msg}")]
    Key {
        /// Where the key came from (file path or environment variable name).
        origin: String,
        /// What was wrong.
        msg: String,
    },
    /// A DSSE envelope was malformed or its signature did not verify.
    #[error("DSSE: {0}")]
    Dsse(String),
    /// JSON (de)serialisation failed.
    #[error("JSON ({what}): {source}")]
    Json {
        /// What was being (de)serialised.
        what: String,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// An input value was invalid (bad timestamp, bad name, ...).
    #[error("invalid input: {0}")]
    Invalid(String),
}

impl Error {
    /// Build an [`Error::Io`] for `path`.
    pub fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            op,
            path: path.into(),
            source,
        }
    }
}
