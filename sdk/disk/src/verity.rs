//! dm-verity hash tree (format 1, with superblock), byte-compatible with
//! `veritysetup format --hash=sha256 --data-block-size=4096 --hash-block-size=4096`.
//!
//! The data area and the hash area live in the same file (the USR-A partition of a disk
//! image): data blocks `[0, D)` from `offset`, then a 4 KiB superblock, then the hash
//! levels, top level first. Level 0 is hashed on all cores, sixteen blocks at a time where the
//! CPU has AVX-512 ([`crate::sha256mb`]); holes in the file are not read.

use crate::guid::Guid;
use crate::mapped::Mapped;
use crate::sha256mb;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

/// Data and hash block size.
pub const BLOCK: u64 = 4096;
const DIGEST: usize = 32;
const PER_BLOCK: u64 = BLOCK / DIGEST as u64;

/// Parameters of one verity device.
#[derive(Debug, Clone)]
pub struct Params {
    /// Number of 4 KiB data blocks covered.
    pub data_blocks: u64,
    /// Salt (format 1 hashes `salt ‖ block`); at most 256 bytes.
    pub salt: Vec<u8>,
    /// UUID stored in the superblock.
    pub uuid: Guid,
}

/// What [`format`] produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verity {
    /// Root hash, lowercase hex.
    pub root_hash: String,
    /// Salt, lowercase hex.
    pub salt: String,
    /// Superblock UUID.
    pub uuid: String,
    /// Data blocks covered.
    pub data_blocks: u64,
    /// Byte offset of the superblock relative to the start of the data (`--hash-offset`).
    pub hash_offset: u64,
    /// Blocks used by superblock + tree.
    pub hash_blocks: u64,
}

/// Number of hash blocks per level, level 0 first. One data block has no tree at all (as
/// in the kernel and veritysetup: its digest is the root hash).
pub fn level_sizes(data_blocks: u64) -> Vec<u64> {
    let mut v = Vec::new();
    if data_blocks <= 1 {
        return v;
    }
    let mut n = data_blocks;
    loop {
        n = n.div_ceil(PER_BLOCK);
        v.push(n);
        if n <= 1 {
            break;
        }
    }
    v
}

/// Blocks needed after the data: superblock plus every level.
pub fn metadata_blocks(data_blocks: u64) -> u64 {
    1 + level_sizes(data_blocks).iter().sum::<u64>()
}

/// The largest data area, in blocks, such that data, superblock and tree fit in
/// `partition_bytes` (the way Flatcar sizes USR-A: 1 GiB → 260094 blocks).
pub fn max_data_blocks(partition_bytes: u64) -> u64 {
    let total = partition_bytes / BLOCK;
    // `d + metadata_blocks(d)` grows with `d`: binary search for the largest `d` that fits
    // (a step-by-step search takes hours for absurd sizes).
    let fits = |d: u64| d.checked_add(metadata_blocks(d)).is_some_and(|n| n <= total);
    let (mut lo, mut hi) = (0u64, total);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

fn salted(salt: &[u8]) -> Sha256 {
    let mut h = Sha256::new();
    h.update(salt);
    h
}

fn superblock(p: &Params) -> Vec<u8> {
    let mut sb = vec![0u8; BLOCK as usize];
    sb[0..8].copy_from_slice(b"verity\0\0");
    sb[8..12].copy_from_slice(&1u32.to_le_bytes());
    sb[12..16].copy_from_slice(&1u32.to_le_bytes());
    sb[16..32].copy_from_slice(&p.uuid.0);
    sb[32..38].copy_from_slice(b"sha256");
    sb[64..68].copy_from_slice(&(BLOCK as u32).to_le_bytes());
    sb[68..72].copy_from_slice(&(BLOCK as u32).to_le_bytes());
    sb[72..80].copy_from_slice(&p.data_blocks.to_le_bytes());
    sb[80..82].copy_from_slice(&(p.salt.len() as u16).to_le_bytes());
    sb[88..88 + p.salt.len()].copy_from_slice(&p.salt);
    sb
}

/// Blocks per unit of work: each thread takes the next 1 MiB of the data area, reads it in
/// one call and hashes it (units handed out in turn keep the cores busy even when one of
/// them is slowed down; 256 KiB to 4 MiB measured the same, smaller was slower).
const CHUNK: u64 = 256;

/// The byte ranges of `file[start..end)` that may hold data (`SEEK_DATA`/`SEEK_HOLE`),
/// sorted and disjoint; the whole range when the file system cannot tell.
fn data_ranges(file: &File, start: u64, end: u64) -> io::Result<Vec<(u64, u64)>> {
    use rustix::fs::{seek, SeekFrom};
    use rustix::io::Errno;
    let mut out = Vec::new();
    let mut pos = start;
    while pos < end {
        let s = match seek(file, SeekFrom::Data(pos)) {
            Ok(s) => s,
            Err(Errno::NXIO) => break,
            Err(Errno::INVAL) | Err(Errno::OPNOTSUPP) => {
                out.push((pos, end));
                break;
            }
            Err(e) => return Err(e.into()),
        };
        if s >= end {
            break;
        }
        let e = match seek(file, SeekFrom::Hole(s)) {
            Ok(e) => e.min(end),
            Err(Errno::NXIO) => end,
            Err(e) => return Err(e.into()),
        };
        if e <= s {
            // no progress: treat the rest as data
            out.push((s, end));
            break;
        }
        out.push((s, e));
        pos = e;
    }
    Ok(out)
}

/// True when `block` holds only zero bytes (OR-reduction over 64-byte pieces, which
/// vectorises, stopping at the first piece with data).
fn is_zero(block: &[u8]) -> bool {
    block.chunks(64).all(|c| c.iter().fold(0u8, |a, &b| a | b) == 0)
}

/// Level 0 of the tree: the digest of each of the `d` data blocks of `file` from byte
/// `offset`, on `threads` threads taking [`CHUNK`]-block units in turn. Blocks inside holes
/// of the file are not read: their digest is that of a zero block.
fn hash_level0(file: &File, offset: u64, d: u64, threads: usize, salt: &[u8], base: &Sha256, zero: &[u8; DIGEST]) -> io::Result<Vec<u8>> {
    let ranges = data_ranges(file, offset, offset + d * BLOCK)?;
    let mut level0 = vec![0u8; d as usize * DIGEST];
    let units = std::sync::Mutex::new(level0.chunks_mut(CHUNK as usize * DIGEST).enumerate());
    let map = Mapped::new(file, offset, d * BLOCK);
    let work = || -> io::Result<()> {
        let mut buf = if map.is_some() { Vec::new() } else { vec![0u8; (CHUNK * BLOCK) as usize] };
        loop {
            let next = units.lock().map_err(|_| io::Error::other("verity hashing thread panicked"))?.next();
            let Some((i, out)) = next else { return Ok(()) };
            let start = offset + i as u64 * CHUNK * BLOCK;
            let len = out.len() / DIGEST * BLOCK as usize;
            let end = start + len as u64;
            // the first range ending after `start`: does it begin before `end`?
            let k = ranges.partition_point(|r| r.1 <= start);
            if ranges.get(k).is_none_or(|r| r.0 >= end) {
                for slot in out.chunks_exact_mut(DIGEST) {
                    slot.copy_from_slice(zero);
                }
                continue;
            }
            let bytes: &[u8] = match &map {
                Some(m) => m.slice((start - offset) as usize, len),
                None => {
                    file.read_exact_at(&mut buf[..len], start)?;
                    &buf[..len]
                }
            };
            let single = |block: &[u8], slot: &mut [u8]| {
                let mut h = base.clone();
                h.update(block);
                slot.copy_from_slice(&h.finalize());
            };
            // Non-zero blocks go sixteen at a time to the AVX-512 hasher (see `sha256mb`),
            // one at a time to `sha2` where it cannot run.
            let mut group = [0usize; 16];
            let mut n = 0;
            let mut digests = [[0u8; DIGEST]; 16];
            let mut flush = |group: &[usize; 16], n: usize, out: &mut [u8]| {
                let mut lanes = *group;
                lanes[n..].fill(group[0]);
                if sha256mb::digest16(salt, bytes, &lanes, BLOCK as usize, &mut digests) {
                    for (&o, d) in group[..n].iter().zip(&digests) {
                        let k = o / BLOCK as usize;
                        out[k * DIGEST..(k + 1) * DIGEST].copy_from_slice(d);
                    }
                } else {
                    for &o in &group[..n] {
                        let k = o / BLOCK as usize;
                        single(&bytes[o..o + BLOCK as usize], &mut out[k * DIGEST..(k + 1) * DIGEST]);
                    }
                }
            };
            for (k, block) in bytes.chunks_exact(BLOCK as usize).enumerate() {
                if is_zero(block) {
                    out[k * DIGEST..(k + 1) * DIGEST].copy_from_slice(zero);
                    continue;
                }
                group[n] = k * BLOCK as usize;
                n += 1;
                if n == 16 {
                    flush(&group, n, out);
                    n = 0;
                }
            }
            if n > 0 {
                flush(&group, n, out);
            }
        }
    };
    std::thread::scope(|s| -> io::Result<()> {
        let handles: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mine = work();
        for h in handles {
            h.join().map_err(|_| io::Error::other("verity hashing thread panicked"))??;
        }
        mine
    })?;
    Ok(level0)
}

/// Packs digests into zero-padded hash blocks.
fn pack(digests: &[u8]) -> Vec<u8> {
    let blocks = (digests.len() / DIGEST).div_ceil(PER_BLOCK as usize).max(1);
    let mut v = vec![0u8; blocks * BLOCK as usize];
    v[..digests.len()].copy_from_slice(digests);
    v
}

/// Computes the tree over `file[offset .. offset + data_blocks*4096]` and writes superblock
/// and tree right after the data. `threads` = 0 uses every core.
pub fn format(file: &File, offset: u64, p: &Params, threads: usize) -> io::Result<Verity> {
    if p.salt.len() > 256 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "verity salt longer than 256 bytes"));
    }
    if p.data_blocks == 0 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "verity needs at least one data block"));
    }
    let threads = if threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) } else { threads };
    let base = salted(&p.salt);
    let zero: [u8; DIGEST] = {
        let mut h = base.clone();
        h.update([0u8; BLOCK as usize]);
        h.finalize().into()
    };
    let d = p.data_blocks;
    let level0 = hash_level0(file, offset, d, threads, &p.salt, &base, &zero)?;
    // Higher levels: hash each packed block of the level below.
    let mut levels: Vec<Vec<u8>> = Vec::new();
    let root: [u8; DIGEST] = if d == 1 {
        // no tree: the one data block's digest is the root hash
        level0[..DIGEST].try_into().expect("one digest")
    } else {
        levels.push(pack(&level0));
        while levels.last().map(|l| l.len() as u64 / BLOCK).unwrap_or(1) > 1 {
            let below = levels.last().expect("non-empty");
            let mut digests = Vec::with_capacity(below.len() / BLOCK as usize * DIGEST);
            for block in below.chunks_exact(BLOCK as usize) {
                let mut h = base.clone();
                h.update(block);
                digests.extend_from_slice(&h.finalize());
            }
            levels.push(pack(&digests));
        }
        let top = levels.last().expect("at least one level");
        let mut h = base.clone();
        h.update(&top[..BLOCK as usize]);
        h.finalize().into()
    };

    let hash_offset = d * BLOCK;
    let mut pos = offset + hash_offset;
    file.write_all_at(&superblock(p), pos)?;
    pos += BLOCK;
    for level in levels.iter().rev() {
        file.write_all_at(level, pos)?;
        pos += level.len() as u64;
    }
    Ok(Verity {
        root_hash: hex::encode(root),
        salt: hex::encode(&p.salt),
        uuid: p.uuid.to_string(),
        data_blocks: d,
        hash_offset,
        hash_blocks: metadata_blocks(d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizing_matches_flatcar() {
        // Flatcar: 1 GiB USR payload → --data-blocks 260094 with 2050 metadata blocks.
        assert_eq!(max_data_blocks(1 << 30), 260094);
        assert_eq!(metadata_blocks(260094), 2050);
        // boot lab: 64 MiB → 16255 data blocks, 129 metadata blocks
        assert_eq!(max_data_blocks(64 << 20), 16255);
        assert_eq!(level_sizes(16255), vec![127, 1]);
        assert_eq!(level_sizes(1), Vec::<u64>::new());
        assert_eq!(level_sizes(2), vec![1]);
        assert_eq!(metadata_blocks(1), 1);
    }

    #[test]
    fn sizing_is_the_largest_fit_even_for_absurd_sizes() {
        for bytes in [0, 4096, 3 * 4096, 1 << 20, (1 << 30) + 12345, 9_999_999u64 << 30, u64::MAX] {
            let total = bytes / BLOCK;
            let d = max_data_blocks(bytes);
            assert!(d == 0 || d + metadata_blocks(d) <= total, "{bytes}: {d} does not fit");
            assert!(d + 1 + metadata_blocks(d + 1) > total, "{bytes}: {d} is not the largest");
        }
    }

    #[test]
    fn deterministic_and_sensitive() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let f = tmp.reopen().unwrap();
        let data: Vec<u8> = (0..300 * BLOCK).map(|i| (i * 7 % 251) as u8).collect();
        f.write_all_at(&data, 0).unwrap();
        let p = Params { data_blocks: 300, salt: vec![1; 32], uuid: Guid::derive(&[b"t"]) };
        let a = format(&f, 0, &p, 2).unwrap();
        let b = format(&f, 0, &p, 1).unwrap();
        assert_eq!(a.root_hash, b.root_hash);
        f.write_all_at(&[0xff], 5 * BLOCK + 3).unwrap();
        let c = format(&f, 0, &p, 2).unwrap();
        assert_ne!(a.root_hash, c.root_hash);
    }

    #[test]
    fn holes_hash_like_written_zeros() {
        // not a whole number of work units, from a 12 KiB offset; data in a few places (units
        // 2, 3, 5 and 6 none at all), the rest holes in one file and written zeros in the other
        let d = 7 * CHUNK + 13;
        let off = 3 * BLOCK;
        let sparse = tempfile::NamedTempFile::new().unwrap();
        let dense = tempfile::NamedTempFile::new().unwrap();
        let (fs, fd) = (sparse.reopen().unwrap(), dense.reopen().unwrap());
        let len = off + (d + metadata_blocks(d)) * BLOCK;
        fs.set_len(len).unwrap();
        fd.write_all_at(&vec![0u8; len as usize], 0).unwrap();
        for (i, at) in [0, CHUNK - 1, CHUNK, 4 * CHUNK + 100, d - 1].into_iter().enumerate() {
            let block = vec![i as u8 + 1; BLOCK as usize];
            fs.write_all_at(&block, off + at * BLOCK).unwrap();
            fd.write_all_at(&block, off + at * BLOCK).unwrap();
        }
        let p = Params { data_blocks: d, salt: vec![7; 32], uuid: Guid::derive(&[b"h"]) };
        for threads in [1, 2, 3] {
            let a = format(&fs, off, &p, threads).unwrap();
            let b = format(&fd, off, &p, threads).unwrap();
            assert_eq!(a.root_hash, b.root_hash);
            let (mut ta, mut tb) = (vec![0u8; len as usize], vec![0u8; len as usize]);
            fs.read_exact_at(&mut ta, 0).unwrap();
            fd.read_exact_at(&mut tb, 0).unwrap();
            assert!(ta == tb, "trees differ with {threads} threads");
        }
    }
}
