//! Errors: each names its cause (and the blob, where one is concerned). Callers add the file.

use std::fmt;

/// Why a manifest or payload was refused (or could not be written).
#[derive(Debug)]
pub enum Error {
    /// The envelope is larger than [`crate::MAX_ENVELOPE_BYTES`].
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The envelope is not DSSE JSON (or its base64 is broken).
    Envelope(String),
    /// The envelope carries no signature.
    Unsigned,
    /// No signature is by a trusted key.
    Untrusted(String),
    /// The signed payload is not a manifest this reader accepts.
    Manifest(String),
    /// A blob of the payload differs from the manifest.
    Blob {
        /// The blob's name.
        name: String,
        /// What differs.
        detail: String,
    },
    /// The payload as a whole differs from the manifest (length, padding).
    Payload(String),
    /// Reading or writing failed.
    Io {
        /// What was being done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::TooLarge { size, limit } => write!(
                f,
                "the manifest envelope is {size} bytes, more than the limit of {limit} bytes"
            ),
            Error::Envelope(d) => write!(f, "not a valid DSSE envelope: {d}"),
            Error::Unsigned => write!(f, "no signature (the manifest is unsigned)"),
            Error::Untrusted(d) => write!(f, "{d}"),
            Error::Manifest(d) => write!(f, "invalid update manifest: {d}"),
            Error::Blob { name, detail } => write!(f, "blob `{name}`: {detail}"),
            Error::Payload(d) => write!(f, "{d}"),
            Error::Io { what, source } => write!(f, "{what}: {source}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}
