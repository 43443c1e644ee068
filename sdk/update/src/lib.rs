//! # railyard-update-format
//!
//! The A/B update payload `build_image` writes beside the image, and the checks an update
//! agent runs before it installs a new /usr into the inactive USR slot. Kept small (serde,
//! sha2, ed25519, base64, hex) so the agent on the OS can use the same code.
//!
//! Two files:
//!
//! * `<os>_production_update.bin` — the **payload**: the blobs back to back, each starting
//!   at a multiple of [`BLOB_ALIGN`] (4096) bytes, zero bytes in between, nothing after the
//!   last one. Blobs: `usr` (the exact bytes at the start of the USR-A partition: the /usr
//!   filesystem, the zero-filled rest of the verity data area and the dm-verity superblock
//!   and hash tree; not the unused end of the partition), `vmlinuz` (the kernel) and
//!   `initrd` (the initramfs as put on the ESP).
//! * `<os>_production_update.manifest` — the **manifest** ([`Manifest`], JSON,
//!   `"format": 1`) in a DSSE envelope ([`Envelope`]) of type [`PAYLOAD_TYPE`]: what the
//!   payload holds (name, offset, size, sha256 per blob), the dm-verity facts of `usr`
//!   and the kernel command line for each slot.
//!
//! Checking order (the agent's and `verify`'s): [`verify_manifest`] checks the envelope's
//! size, then that a signature is by a trusted key over `PAE(payloadType, payload)`, and only
//! then reads the manifest; [`check_payload`] then streams the payload against it.

mod dsse;
mod error;
mod manifest;
mod payload;
#[cfg(test)]
mod tests;

pub use dsse::{keyid, pae, sign_manifest, verify_manifest, Envelope, EnvelopeSignature};
pub use error::{Error, Result};
pub use manifest::{Blob, Manifest, Slot, UsrImage};
pub use payload::{check_payload, PayloadWriter};

/// Version of the manifest format written and read by this crate.
pub const FORMAT: u32 = 1;
/// DSSE `payloadType` of the update manifest.
pub const PAYLOAD_TYPE: &str = "application/vnd.railyard.update-manifest+json";
/// Blobs start at multiples of this many bytes in the payload.
pub const BLOB_ALIGN: u64 = 4096;
/// The largest manifest envelope file read (1 MiB).
pub const MAX_ENVELOPE_BYTES: u64 = 1 << 20;
/// The largest blob accepted (64 GiB: far above any /usr partition, low enough that a
/// forged size cannot make the agent plan absurd writes).
pub const MAX_BLOB_BYTES: u64 = 64 << 30;
/// The most blobs a manifest may list.
pub const MAX_BLOBS: usize = 16;
/// Name of the payload file for os-release `ID` `os_id` (beside `<os>_production_image.bin`).
pub fn payload_file_name(os_id: &str) -> String {
    format!("{os_id}_production_update.bin")
}

/// Name of the manifest envelope file for os-release `ID` `os_id`.
pub fn manifest_file_name(os_id: &str) -> String {
    format!("{os_id}_production_update.manifest")
}

/// How manifest envelope file names end.
pub const MANIFEST_SUFFIX: &str = "_update.manifest";
/// How payload file names end.
pub const PAYLOAD_SUFFIX: &str = "_update.bin";

/// Blob names every format-1 manifest lists.
pub const REQUIRED_BLOBS: [&str; 3] = ["usr", "vmlinuz", "initrd"];
