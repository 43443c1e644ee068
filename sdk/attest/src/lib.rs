//! # railyard-attest
//!
//! Release artefacts for Railyard images, all computed offline and deterministically:
//!
//! * [`digests`] — streaming SHA-256 + SHA-512 of files (both digests in one read pass, files hashed in
//!   parallel) and `<file>.DIGESTS` files in Flatcar's Gentoo-style layout (`# SHA512 HASH` sections).
//! * [`dsse`] — the DSSE v1 envelope: pre-authentication encoding (PAE), ed25519 signing and verification.
//! * [`keys`] — ed25519 key generation and a small, documented key-file format (plus PEM/PKCS#8 and
//!   SubjectPublicKeyInfo for interoperability with Python `cryptography` / `securesystemslib`).
//! * [`slsa`] — in-toto Statement v1 and SLSA Provenance v1 types, RFC 3339 timestamps and the
//!   `<name>.intoto.jsonl` writer.
//! * [`spdx`] — an SPDX 2.3 JSON SBOM builder with a Gentoo `LICENSE` → SPDX expression mapping.
//! * [`release`] — one call that writes all of the above for a release directory.
//! * [`verify`] — an offline check of a release directory: DSSE signature, subject digests and DIGESTS
//!   files, with a verdict that keeps "problems found" apart from "could not check".
//!
//! All JSON written by this crate goes through [`canonical_json`], which sorts object keys at every
//! level, so output does not depend on struct field order or serde_json feature flags.

pub mod digests;
pub mod dsse;
mod error;
mod json;
pub mod keys;
pub mod release;
pub mod slsa;
pub mod spdx;
pub mod time;
pub mod verify;

/// Write `data` to `path` atomically: a temporary name in the same directory, fsync, rename.
/// Readers see either the old file or the complete new one, never a partial file.
pub fn write_atomic(path: &std::path::Path, data: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let r = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = r {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("write", path, e));
    }
    Ok(())
}

pub use error::{Error, Result};
pub use json::{canonical_json, canonical_json_pretty};

/// Version of this crate, used in SBOM `creators` (`Tool: railyard-<version>`) and provenance.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
