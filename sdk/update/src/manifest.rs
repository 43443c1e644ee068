//! The update manifest (format 1) and its consistency checks.

use crate::error::{Error, Result};
use crate::{BLOB_ALIGN, FORMAT, MAX_BLOBS, MAX_BLOB_BYTES, REQUIRED_BLOBS};
use serde::{Deserialize, Serialize};

/// What an update payload holds and how to boot it. Serialized in field order (the
/// writer's output is deterministic); unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// os-release `ID` of the image.
    pub os: String,
    /// Image version.
    pub version: String,
    /// Board the image was built for.
    pub board: String,
    /// Architecture (`amd64`, `arm64`).
    pub arch: String,
    /// Build time: SOURCE_DATE_EPOCH, seconds.
    pub created: u64,
    /// The /usr image in the `usr` blob.
    pub usr: UsrImage,
    /// The kernel command line per USR slot.
    pub slots: Vec<Slot>,
    /// The blobs of the payload file, in file order.
    pub blobs: Vec<Blob>,
}

/// The `usr` blob: a /usr filesystem followed by its dm-verity data padding and hash tree
/// (`veritysetup` format 1, superblock at `hash_offset`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsrImage {
    /// Filesystem type (`mount.usrfstype=`).
    pub fs_type: String,
    /// Bytes of the filesystem image at the start of the blob.
    pub fs_bytes: u64,
    /// dm-verity root hash, lower-case hex.
    pub root_hash: String,
    /// Hash algorithm of the tree.
    pub hash_algorithm: String,
    /// Data block size in bytes.
    pub data_block_size: u64,
    /// Hash block size in bytes.
    pub hash_block_size: u64,
    /// Data blocks covered by the tree.
    pub data_blocks: u64,
    /// Byte offset of the verity superblock in the blob (`--hash-offset`).
    pub hash_offset: u64,
    /// Blocks of superblock and tree after `hash_offset`.
    pub hash_blocks: u64,
    /// Salt, lower-case hex, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

/// One USR slot and the kernel command line that boots /usr from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// GPT partition name (`USR-A`, `USR-B`).
    pub label: String,
    /// The slot's PARTUUID.
    pub partuuid: String,
    /// Kernel command line with this slot in `verity.usr=`.
    pub cmdline: String,
}

/// One blob of the payload file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Blob {
    /// Name (`usr`, `vmlinuz`, `initrd`).
    pub name: String,
    /// Byte offset in the payload (a multiple of [`BLOB_ALIGN`]).
    pub offset: u64,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

/// `n` rounded up to the next multiple of [`BLOB_ALIGN`] (`None` on overflow).
pub(crate) fn align_up(n: u64) -> Option<u64> {
    n.checked_add(BLOB_ALIGN - 1)
        .map(|v| v / BLOB_ALIGN * BLOB_ALIGN)
}

fn is_hex(s: &str, len: Option<usize>) -> bool {
    len.is_none_or(|l| s.len() == l)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_text(field: &str, v: &str, max: usize) -> Result<()> {
    if v.is_empty() {
        return Err(Error::Manifest(format!("`{field}` is empty")));
    }
    if v.len() > max {
        return Err(Error::Manifest(format!(
            "`{field}` is longer than {max} bytes"
        )));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Error::Manifest(format!(
            "`{field}` contains a control character"
        )));
    }
    Ok(())
}

fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
}

impl Manifest {
    /// The blob called `name`.
    pub fn blob(&self, name: &str) -> Option<&Blob> {
        self.blobs.iter().find(|b| b.name == name)
    }

    /// The slot with GPT name `label`.
    pub fn slot(&self, label: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.label == label)
    }

    /// Length of the payload file: the end of the last blob.
    pub fn payload_size(&self) -> u64 {
        self.blobs
            .last()
            .map(|b| b.offset.saturating_add(b.size))
            .unwrap_or(0)
    }

    /// Serialized manifest (compact JSON, field order).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self).map_err(|e| Error::Manifest(format!("cannot serialize: {e}")))
    }

    /// Parses and [`validate`](Manifest::validate)s a manifest. A manifest of another
    /// format is refused naming its format; unknown fields are refused.
    pub fn from_json(data: &[u8]) -> Result<Manifest> {
        let v: serde_json::Value =
            serde_json::from_slice(data).map_err(|e| Error::Manifest(format!("bad JSON: {e}")))?;
        match v.get("format").and_then(|f| f.as_u64()) {
            Some(f) if f == u64::from(FORMAT) => {}
            Some(f) => {
                return Err(Error::Manifest(format!(
                    "unsupported format {f} (this reader knows format {FORMAT})"
                )))
            }
            None => return Err(Error::Manifest("no numeric `format` field".into())),
        }
        let m: Manifest =
            serde_json::from_value(v).map_err(|e| Error::Manifest(format!("bad JSON: {e}")))?;
        m.validate()?;
        Ok(m)
    }

    /// Checks that the manifest is self-consistent: required blobs, aligned and ordered
    /// offsets, sane sizes, digests, the verity geometry and each slot's command line.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: String| Err(Error::Manifest(m));
        if self.format != FORMAT {
            return bad(format!(
                "unsupported format {} (this reader knows format {FORMAT})",
                self.format
            ));
        }
        check_text("os", &self.os, 256)?;
        check_text("version", &self.version, 256)?;
        check_text("board", &self.board, 256)?;
        check_text("arch", &self.arch, 64)?;
        // blobs: back to back at aligned offsets, exactly where the writer puts them
        if self.blobs.is_empty() || self.blobs.len() > MAX_BLOBS {
            return bad(format!(
                "{} blobs (1 to {MAX_BLOBS} allowed)",
                self.blobs.len()
            ));
        }
        let mut end = 0u64;
        for (i, b) in self.blobs.iter().enumerate() {
            if b.name.is_empty()
                || b.name.len() > 64
                || !b
                    .name
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_')
            {
                return bad(format!("blob {i} has an invalid name {:?}", b.name));
            }
            if self.blobs[..i].iter().any(|o| o.name == b.name) {
                return bad(format!("blob `{}` is listed twice", b.name));
            }
            if b.size > MAX_BLOB_BYTES {
                return bad(format!(
                    "blob `{}` is {} bytes, more than the limit of {MAX_BLOB_BYTES}",
                    b.name, b.size
                ));
            }
            let want =
                align_up(end).ok_or_else(|| Error::Manifest("blob offsets overflow".into()))?;
            if b.offset != want {
                return bad(format!(
                    "blob `{}` starts at {}, expected {want} (blobs follow each other at {BLOB_ALIGN}-byte boundaries)",
                    b.name, b.offset
                ));
            }
            if !is_hex(&b.sha256, Some(64)) {
                return bad(format!(
                    "blob `{}` has an invalid sha256 {:?}",
                    b.name, b.sha256
                ));
            }
            end = b
                .offset
                .checked_add(b.size)
                .ok_or_else(|| Error::Manifest("blob offsets overflow".into()))?;
        }
        for r in REQUIRED_BLOBS {
            if self.blob(r).is_none() {
                return bad(format!("no `{r}` blob"));
            }
        }
        // the verity geometry of the usr blob
        let u = &self.usr;
        check_text("usr.fs_type", &u.fs_type, 32)?;
        if u.hash_algorithm != "sha256" {
            return bad(format!(
                "usr.hash_algorithm {:?} is not supported (only sha256)",
                u.hash_algorithm
            ));
        }
        if u.data_block_size != 4096 || u.hash_block_size != 4096 {
            return bad(format!(
                "usr block sizes {}/{} are not supported (only 4096/4096)",
                u.data_block_size, u.hash_block_size
            ));
        }
        if !is_hex(&u.root_hash, Some(64)) {
            return bad(format!(
                "usr.root_hash {:?} is not 64 lower-case hex digits",
                u.root_hash
            ));
        }
        if let Some(s) = &u.salt {
            if s.len() % 2 != 0 || s.len() > 512 || !is_hex(s, None) {
                return bad("usr.salt is not hex of at most 256 bytes".into());
            }
        }
        let geometry = u
            .data_blocks
            .checked_mul(u.data_block_size)
            .filter(|&h| h == u.hash_offset)
            .and_then(|h| {
                u.hash_blocks
                    .checked_mul(u.hash_block_size)
                    .and_then(|t| t.checked_add(h))
            });
        let usr_size = self.blob("usr").map(|b| b.size).unwrap_or(0);
        match geometry {
            Some(total) if total == usr_size && u.hash_blocks > 0 && u.fs_bytes > 0 && u.fs_bytes <= u.hash_offset => {}
            _ => {
                return bad(format!(
                    "the verity geometry (fs {} bytes, {} data blocks, hash offset {}, {} hash blocks) does not match the {usr_size}-byte `usr` blob",
                    u.fs_bytes, u.data_blocks, u.hash_offset, u.hash_blocks
                ))
            }
        }
        // slots: each command line boots /usr from that slot with this root hash
        if self.slots.is_empty() || self.slots.len() > 8 {
            return bad(format!("{} slots (1 to 8 allowed)", self.slots.len()));
        }
        for (i, s) in self.slots.iter().enumerate() {
            check_text(&format!("slots[{i}].label"), &s.label, 36)?;
            if self.slots[..i].iter().any(|o| o.label == s.label) {
                return bad(format!("slot {} is listed twice", s.label));
            }
            if !is_guid(&s.partuuid) {
                return bad(format!(
                    "slot {}: PARTUUID {:?} is not a lower-case GUID",
                    s.label, s.partuuid
                ));
            }
            check_text(&format!("slots[{i}].cmdline"), &s.cmdline, 4096)?;
            let args: Vec<&str> = s.cmdline.split(' ').collect();
            for want in [
                format!("verity.usr=PARTUUID={}", s.partuuid),
                format!("verity.usrhash={}", u.root_hash),
            ] {
                if !args.contains(&want.as_str()) {
                    return bad(format!("slot {}: the command line lacks `{want}`", s.label));
                }
            }
            if let Some(other) = args.iter().find(|a| {
                a.starts_with("verity.usr=") && **a != format!("verity.usr=PARTUUID={}", s.partuuid)
            }) {
                return bad(format!(
                    "slot {}: the command line also has `{other}`",
                    s.label
                ));
            }
        }
        Ok(())
    }
}
