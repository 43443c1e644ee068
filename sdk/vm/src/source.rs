//! Streaming reader for raw disk images: finds data extents with
//! `SEEK_DATA`/`SEEK_HOLE`, reads them in grain-aligned batches, flags all-zero
//! grains and computes a content digest used to derive identifiers.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rustix::fs::{seek, SeekFrom};
use rustix::io::Errno;
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::Xxh3;

use railyard_disk::mapped::Mapped;

use crate::error::{Error, Result};

/// Unit of zero detection and of VMDK compression: 64 KiB (128 sectors).
pub(crate) const GRAIN: u64 = 64 * 1024;
/// Grains handed to the sinks per batch (4 MiB).
pub(crate) const BATCH_GRAINS: u64 = 64;

/// An opened, validated raw image.
pub(crate) struct RawImage {
    pub(crate) path: PathBuf,
    file: File,
    /// Size in bytes (a non-zero multiple of 512).
    pub(crate) size: u64,
}

impl RawImage {
    /// Opens `path` and checks that it is a regular file whose size is a
    /// non-zero multiple of 512 bytes.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).map_err(|e| Error::io("opening raw image", path, e))?;
        let meta = file
            .metadata()
            .map_err(|e| Error::io("reading metadata of raw image", path, e))?;
        let invalid = |reason: String| Error::InvalidInput {
            path: path.to_path_buf(),
            reason,
        };
        if !meta.is_file() {
            return Err(invalid("not a regular file".into()));
        }
        let size = meta.len();
        if size == 0 {
            return Err(invalid("image is empty".into()));
        }
        if size % 512 != 0 {
            return Err(invalid(format!(
                "size {size} bytes is not a multiple of 512 bytes"
            )));
        }
        Ok(RawImage {
            path: path.to_path_buf(),
            file,
            size,
        })
    }

    /// Number of grains covering the image (the last one may be partial).
    pub(crate) fn grains(&self) -> u64 {
        self.size.div_ceil(GRAIN)
    }

    /// Grain-aligned, merged byte ranges that may hold data. Falls back to
    /// the whole file when the file system cannot report holes.
    pub(crate) fn data_extents(&self) -> Result<Vec<(u64, u64)>> {
        let end_all = self.grains() * GRAIN;
        let mut out: Vec<(u64, u64)> = Vec::new();
        let mut pos = 0u64;
        while pos < self.size {
            let start = match seek(&self.file, SeekFrom::Data(pos)) {
                Ok(s) => s,
                Err(Errno::NXIO) => break,
                Err(Errno::INVAL) | Err(Errno::OPNOTSUPP) if out.is_empty() => {
                    return Ok(vec![(0, end_all)])
                }
                Err(e) => return Err(Error::io("seeking data in raw image", &self.path, e.into())),
            };
            if start >= self.size {
                break;
            }
            let end = match seek(&self.file, SeekFrom::Hole(start)) {
                Ok(e) => e.min(self.size),
                Err(Errno::NXIO) => self.size,
                Err(e) => return Err(Error::io("seeking hole in raw image", &self.path, e.into())),
            };
            let s = start / GRAIN * GRAIN;
            let e = end.div_ceil(GRAIN) * GRAIN;
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
            if end <= pos {
                break; // defensive: no progress
            }
            pos = end;
        }
        Ok(out)
    }

    /// Reads every data extent in batches of whole grains (the tail of the
    /// last grain is zero-filled) and calls `f(first_grain, data, nonzero)`,
    /// where `nonzero[i]` tells whether grain `first_grain + i` holds any
    /// non-zero byte. Holes and all-zero batches are never passed to `f`.
    /// The image is mapped read-only, so `data` comes straight from the page cache
    /// (no copy into a buffer); zero detection and the content fingerprint run on a
    /// separate thread, overlapping the work done in `f`. Returns the content digest.
    pub(crate) fn scan(
        &self,
        mut f: impl FnMut(u64, &[u8], &[bool]) -> Result<()>,
    ) -> Result<[u8; 32]> {
        let extents = self.data_extents()?;
        let map = Mapped::new(&self.file, 0, self.size);
        let (tx, rx) = mpsc::sync_channel::<Result<Batch>>(2);
        let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
        let map_ref = map.as_ref();
        std::thread::scope(|s| {
            let reader = s.spawn(move || self.read_batches(&extents, map_ref, &tx, &pool_rx));
            for msg in rx {
                let batch = msg?;
                f(batch.first, batch.data.bytes(map_ref), &batch.nonzero)?;
                // The reader may be gone already; then the buffer is dropped.
                if let BatchData::Owned(v) = batch.data {
                    let _ = pool_tx.send(v);
                }
            }
            reader
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
                .ok_or_else(|| {
                    Error::io(
                        "reading raw image",
                        &self.path,
                        std::io::Error::other("reader stopped unexpectedly"),
                    )
                })
        })
    }

    /// Reader side of [`RawImage::scan`]. Returns the digest, or `None` when
    /// it stopped early (error sent, or the consumer went away).
    fn read_batches(
        &self,
        extents: &[(u64, u64)],
        map: Option<&Mapped>,
        tx: &mpsc::SyncSender<Result<Batch>>,
        pool: &mpsc::Receiver<Vec<u8>>,
    ) -> Option<[u8; 32]> {
        let mut digest = ContentDigest::new(self.size);
        let mut spare: Option<Vec<u8>> = None;
        for &(start, end) in extents {
            let mut off = start;
            while off < end {
                let len = (end - off).min(BATCH_GRAINS * GRAIN) as usize;
                let readable = self.size.saturating_sub(off).min(len as u64) as usize;
                // whole grains inside the file come from the mapping; a partial last
                // grain is copied and zero-filled
                let data = match map {
                    Some(m) if readable == len => {
                        // maps the pages in one call; the consumer reads them again
                        m.slice(off as usize, len);
                        BatchData::Mapped { off, len }
                    }
                    _ => {
                        let mut v = spare
                            .take()
                            .or_else(|| pool.try_recv().ok())
                            .unwrap_or_default();
                        v.resize(len, 0);
                        let res = match map {
                            Some(m) => {
                                v[..readable].copy_from_slice(m.slice(off as usize, readable));
                                Ok(())
                            }
                            None => self.file.read_exact_at(&mut v[..readable], off),
                        };
                        if let Err(e) = res {
                            let _ = tx.send(Err(Error::io("reading raw image", &self.path, e)));
                            return None;
                        }
                        v[readable..].fill(0);
                        BatchData::Owned(v)
                    }
                };
                let bytes = data.bytes(map);
                let first = off / GRAIN;
                let nonzero: Vec<bool> = bytes.chunks(GRAIN as usize).map(|g| !is_zero(g)).collect();
                for (i, grain) in bytes.chunks(GRAIN as usize).enumerate() {
                    if nonzero[i] {
                        digest.add_grain(first + i as u64, grain);
                    }
                }
                if nonzero.iter().any(|&nz| nz) {
                    if tx.send(Ok(Batch { first, data, nonzero })).is_err() {
                        return None;
                    }
                } else if let BatchData::Owned(v) = data {
                    spare = Some(v);
                }
                off += len as u64;
            }
        }
        Some(digest.finish())
    }
}

/// A run of grains read by [`RawImage::scan`].
struct Batch {
    first: u64,
    data: BatchData,
    nonzero: Vec<bool>,
}

/// Where a batch's bytes are: a range of the mapped image, or a buffer (the zero-filled
/// last grain, or every batch when the image cannot be mapped).
enum BatchData {
    Mapped { off: u64, len: usize },
    Owned(Vec<u8>),
}

impl BatchData {
    /// The batch's bytes; `map` is the mapping a `Mapped` batch was made from (its pages
    /// were mapped when the reader made it).
    fn bytes<'a>(&'a self, map: Option<&'a Mapped>) -> &'a [u8] {
        match (self, map) {
            (BatchData::Mapped { off, len }, Some(m)) => m.again(*off as usize, *len),
            (BatchData::Owned(v), _) => v,
            (BatchData::Mapped { .. }, None) => unreachable!("mapped batch without a mapping"),
        }
    }
}

/// The runs `[start, end)` of consecutive `true` flags: the runs of non-zero grains a
/// writer copies with one call each.
pub(crate) fn runs(nonzero: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < nonzero.len() && !nonzero[i] {
            i += 1;
        }
        let start = i;
        while i < nonzero.len() && nonzero[i] {
            i += 1;
        }
        (start < i).then_some((start, i))
    })
}

/// True when `buf` contains only zero bytes. Works in 4 KiB blocks so the
/// inner OR-reduction vectorises while still stopping early on data.
pub(crate) fn is_zero(buf: &[u8]) -> bool {
    buf.chunks(4096)
        .all(|block| block.iter().fold(0u8, |acc, &b| acc | b) == 0)
}

/// The content fingerprint that derived identifiers (VHD unique id, VMDK CID) depend on:
/// XXH3-128 over the image size and the index and bytes of every non-zero grain, folded
/// into SHA-256 with a version tag. It identifies the content without hashing its holes,
/// and costs ~1/10 of a SHA-256 pass (the ids are identifiers, not integrity checks: the
/// artefacts' SHA-256 digests are computed by `image_to_vm`'s attestation as before).
struct ContentDigest(Xxh3);

impl ContentDigest {
    fn new(size: u64) -> Self {
        let mut h = Xxh3::new();
        h.update(b"railyard-vm/content/v2\0");
        h.update(&size.to_le_bytes());
        ContentDigest(h)
    }

    fn add_grain(&mut self, index: u64, data: &[u8]) {
        self.0.update(&index.to_le_bytes());
        self.0.update(data);
    }

    fn finish(self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"railyard-vm/content/v2\0");
        h.update(self.0.digest128().to_le_bytes());
        h.finalize().into()
    }
}

/// Derives a 32-byte value for `purpose` from the caller's seed, the
/// `SOURCE_DATE_EPOCH` and the content digest. Deterministic by design.
pub(crate) fn derive_id(purpose: &str, seed: &str, epoch: u64, content: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"railyard-vm/id/v1\0");
    for part in [purpose.as_bytes(), seed.as_bytes()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(epoch.to_le_bytes());
    h.update(content);
    h.finalize().into()
}

/// Formats bytes as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_detection() {
        let mut v = vec![0u8; 65536];
        assert!(is_zero(&v));
        v[65535] = 1;
        assert!(!is_zero(&v));
        v[65535] = 0;
        v[0] = 0x80;
        assert!(!is_zero(&v));
    }

    #[test]
    fn runs_of_nonzero_grains() {
        let r: Vec<_> = runs(&[false, true, true, false, true]).collect();
        assert_eq!(r, vec![(1, 3), (4, 5)]);
        assert_eq!(runs(&[true]).collect::<Vec<_>>(), vec![(0, 1)]);
        assert_eq!(runs(&[false, false]).count(), 0);
    }

    #[test]
    fn derive_id_depends_on_every_input() {
        let c = [7u8; 32];
        let base = derive_id("a", "s", 1, &c);
        assert_eq!(base, derive_id("a", "s", 1, &c));
        assert_ne!(base, derive_id("b", "s", 1, &c));
        assert_ne!(base, derive_id("a", "t", 1, &c));
        assert_ne!(base, derive_id("a", "s", 2, &c));
        assert_ne!(base, derive_id("a", "s", 1, &[8u8; 32]));
        assert_eq!(hex(&[0x00, 0xab, 0x10]), "00ab10");
    }
}
