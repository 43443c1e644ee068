//! Writing and checking the payload file, both streaming (a /usr image is never held in
//! memory). Blobs start at [`crate::BLOB_ALIGN`]-byte offsets.

use crate::error::{io, Error, Result};
use crate::manifest::{align_up, Blob, Manifest};
use crate::{MAX_BLOBS, MAX_BLOB_BYTES};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek, SeekFrom, Write};

const CHUNK: usize = 1 << 20;

/// Writes blobs one after another at [`BLOB_ALIGN`]-byte offsets. Runs of zero bytes are
/// skipped with a seek (a file stays sparse); the bytes are the same either way.
pub struct PayloadWriter<W: Write + Seek> {
    out: W,
    /// Logical end of the data written so far.
    end: u64,
    /// Where the stream's cursor is (bytes before `end` not written are zeros).
    cursor: u64,
    blobs: Vec<Blob>,
}

impl<W: Write + Seek> PayloadWriter<W> {
    /// A writer filling `out` from its start (`out` must be empty).
    pub fn new(out: W) -> PayloadWriter<W> {
        PayloadWriter {
            out,
            end: 0,
            cursor: 0,
            blobs: Vec::new(),
        }
    }

    /// Appends a blob of exactly `size` bytes read from `data`, returning its entry.
    pub fn add_blob(&mut self, name: &str, data: &mut impl Read, size: u64) -> Result<Blob> {
        if self.blobs.len() >= MAX_BLOBS {
            return Err(Error::Payload(format!("more than {MAX_BLOBS} blobs")));
        }
        if self.blobs.iter().any(|b| b.name == name) {
            return Err(Error::Payload(format!("blob `{name}` added twice")));
        }
        if size > MAX_BLOB_BYTES {
            return Err(Error::Blob {
                name: name.into(),
                detail: format!("{size} bytes, more than the limit of {MAX_BLOB_BYTES}"),
            });
        }
        let offset =
            align_up(self.end).ok_or_else(|| Error::Payload("payload offset overflow".into()))?;
        self.end = offset;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; CHUNK];
        let mut done = 0u64;
        while done < size {
            let want = (size - done).min(CHUNK as u64) as usize;
            let n = data
                .read(&mut buf[..want])
                .map_err(io(format!("reading blob `{name}`")))?;
            if n == 0 {
                return Err(Error::Blob {
                    name: name.into(),
                    detail: format!("the source ended after {done} of {size} bytes"),
                });
            }
            h.update(&buf[..n]);
            self.put(&buf[..n])
                .map_err(io(format!("writing blob `{name}`")))?;
            done += n as u64;
        }
        let blob = Blob {
            name: name.into(),
            offset,
            size,
            sha256: hex::encode(h.finalize()),
        };
        self.blobs.push(blob.clone());
        Ok(blob)
    }

    fn put(&mut self, data: &[u8]) -> std::io::Result<()> {
        if is_zero(data) {
            self.end += data.len() as u64;
            return Ok(());
        }
        if self.cursor != self.end {
            self.out.seek(SeekFrom::Start(self.end))?;
        }
        self.out.write_all(data)?;
        self.end += data.len() as u64;
        self.cursor = self.end;
        Ok(())
    }

    /// Writes what is still pending (trailing zeros) and returns the stream and the blob
    /// entries for the manifest.
    pub fn finish(mut self) -> Result<(W, Vec<Blob>)> {
        let r = (|| -> std::io::Result<()> {
            if self.cursor < self.end {
                // skipped zeros at the end: one written zero byte gives the stream its length
                self.out.seek(SeekFrom::Start(self.end - 1))?;
                self.out.write_all(&[0])?;
            }
            self.out.flush()
        })();
        r.map_err(io("finishing the payload"))?;
        Ok((self.out, self.blobs))
    }
}

/// True when `data` holds only zero bytes: an OR over 64-byte pieces (which vectorises),
/// stopping at the first piece with data. A byte-by-byte check took half the time of
/// writing a 1 GiB /usr blob, most of which is zeros.
fn is_zero(data: &[u8]) -> bool {
    data.chunks(64).all(|c| c.iter().fold(0u8, |a, &b| a | b) == 0)
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Streams `payload` (from its start) against a verified `manifest`: every blob's size and
/// SHA-256, zeros between blobs, nothing after the last one. The error names the blob that
/// differs.
pub fn check_payload(payload: &mut impl Read, manifest: &Manifest) -> Result<()> {
    manifest.validate()?;
    let mut buf = vec![0u8; CHUNK];
    let mut pos = 0u64;
    for b in &manifest.blobs {
        // padding before the blob
        while pos < b.offset {
            let want = (b.offset - pos).min(CHUNK as u64) as usize;
            let n = read_full(payload, &mut buf[..want]).map_err(io("reading the payload"))?;
            if n < want {
                return Err(Error::Payload(format!(
                    "the payload ends at byte {} before blob `{}` (offset {})",
                    pos + n as u64,
                    b.name,
                    b.offset
                )));
            }
            if let Some(i) = buf[..n].iter().position(|&x| x != 0) {
                return Err(Error::Payload(format!(
                    "non-zero padding at byte {} before blob `{}`",
                    pos + i as u64,
                    b.name
                )));
            }
            pos += n as u64;
        }
        let mut h = Sha256::new();
        let mut done = 0u64;
        while done < b.size {
            let want = (b.size - done).min(CHUNK as u64) as usize;
            let n = read_full(payload, &mut buf[..want])
                .map_err(io(format!("reading blob `{}`", b.name)))?;
            h.update(&buf[..n]);
            done += n as u64;
            if n < want {
                return Err(Error::Blob {
                    name: b.name.clone(),
                    detail: format!(
                        "the payload ends after {done} of its {} bytes (offset {})",
                        b.size, b.offset
                    ),
                });
            }
        }
        pos += b.size;
        let got = hex::encode(h.finalize());
        if got != b.sha256 {
            return Err(Error::Blob {
                name: b.name.clone(),
                detail: format!(
                    "sha256 is {got}, the manifest says {} (offset {}, {} bytes)",
                    b.sha256, b.offset, b.size
                ),
            });
        }
    }
    let n = read_full(payload, &mut buf[..1]).map_err(io("reading the payload"))?;
    if n != 0 {
        return Err(Error::Payload(format!(
            "the payload has bytes after its last blob (it should end at byte {pos})"
        )));
    }
    Ok(())
}
