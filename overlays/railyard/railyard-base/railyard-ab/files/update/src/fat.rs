//! Replaces one file on a FAT12/16/32 filesystem (the EFI System Partition) that lies at a
//! byte offset inside a disk image or block device, without mounting it.
//!
//! The filesystem is untrusted input: boot-sector fields, cluster numbers, chains (a loop is
//! caught by the cluster count) and directory sizes are checked, and every read or write is
//! checked against the [`Region`], so no byte outside it is ever touched.
//!
//! [`write_file`] orders its writes so that a power cut at any point leaves the filesystem
//! consistent, holding the old file or the new one, other files untouched; at worst
//! `fsck.vfat -n` then reports lost clusters, FSInfo's free count as unknown, or (cut between
//! the writes of two FAT copies) FATs that differ only in those lost clusters:
//!
//! 1. the new contents go into free clusters (and FSInfo's free count is marked unknown);
//! 2. the new chain is linked, ending in an end-of-chain mark, in every FAT copy;
//! 3. the file's short directory entry is pointed at the new chain and size (one 32-byte
//!    write; a new file gets an 8.3 entry, its directory growing by a cluster when full);
//! 4. the old chain is freed in every FAT copy;
//! 5. FSInfo gets the exact free count and next-free hint again (FAT32).
//!
//! Each step reaches the device (`fsync`) before the next one starts. Writes go through the
//! caller's file descriptor: on a block device, read the result back through the same device
//! (a partition's and its disk's page caches are separate).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::os::unix::fs::FileExt;

/// The bytes `[offset, offset + len)` of `file` that hold the filesystem.
pub struct Region<'a> {
    pub file: &'a File,
    pub offset: u64,
    pub len: u64,
}

/// The largest directory the FAT specification allows: 65536 entries.
const MAX_DIR_BYTES: u64 = 65536 * 32;
/// The largest FAT kept in memory (a 128 MiB FAT32 ESP needs about 1 MiB).
const MAX_FAT_BYTES: u64 = 256 << 20;
/// Bytes of file contents moved per read or write call.
const IO_CHUNK: u64 = 1 << 20;
/// 1980-01-01, the first FAT date: the timestamps of new entries, never the clock.
const DOS_EPOCH_DATE: u16 = 0x0021;
/// Where the 13 UCS-2 characters of a long-name entry lie.
const LFN_CHARS: [usize; 13] = [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30];
const ATTR_VOLUME: u8 = 0x08;
const ATTR_DIR: u8 = 0x10;
const ATTR_ARCHIVE: u8 = 0x20;
/// NT "base name is lower case" and "extension is lower case" flags (byte 12).
const NT_LOWER_BASE: u8 = 0x08;
const NT_LOWER_EXT: u8 = 0x10;

/// Replaces (or creates) the file at `path` ("EFI/Linux/usr-b.efi", '/'-separated, matched
/// case-insensitively against long and short names) with `size` bytes read from `data`.
pub fn write_file(r: &Region, path: &str, size: u64, data: &mut dyn Read) -> Result<(), String> {
    let mut fs = Fs::open(r)?;
    let (parts, name) = split_path(path)?;
    let path = join(&parts, name);
    let size32 = u32::try_from(size).map_err(|_| format!("ESP: {path}: {size} bytes is too large for FAT"))?;
    let dir = fs.open_dir(&parts)?;
    let need = div_ceil(size, fs.cluster);

    // Everything is checked and allocated before the first write.
    let existing = dir.find(name);
    let (old_chain, new_name) = match existing {
        Some(i) => {
            let e = dir.entry(i);
            if e[11] & ATTR_DIR != 0 {
                return Err(format!("ESP: {path} is a directory"));
            }
            let first = fs.first_cluster(e);
            let chain = if first == 0 { Vec::new() } else { fs.chain(first, &path)? };
            if chain.iter().any(|c| dir.clusters.contains(c)) {
                return Err(format!("ESP: FAT chain of {path} runs into its directory"));
            }
            (chain, None)
        }
        None => (Vec::new(), Some(short_name_for(name).map_err(|e| format!("ESP: cannot create {path}: {e}"))?)),
    };
    let slot = if existing.is_some() { None } else { dir.free_slot() };
    let grow = existing.is_none() && slot.is_none();
    if grow {
        if dir.clusters.is_empty() {
            return Err(format!("ESP: cannot create {path}: the root directory is full"));
        }
        if dir.data.len() as u64 + fs.cluster > MAX_DIR_BYTES {
            return Err(format!("ESP: cannot create {path}: directory {} is full", dir.name));
        }
    }
    let mut fresh = fs.allocate(need + grow as u64, &path)?;
    let dir_cluster = if grow { fresh.pop() } else { None };

    // 1. The contents, into free clusters.
    fs.write_contents(&fresh, size, data, &path)?;
    if let Some(c) = dir_cluster {
        r.write(fs.cluster_pos(c), &vec![0; fs.cluster as usize])?;
    }
    fs.invalidate_fsinfo()?;
    r.sync()?;

    // 2. The new chain (and the directory's new cluster, unlinked yet) in every FAT copy.
    for (k, &c) in fresh.iter().enumerate() {
        let next = fresh.get(k + 1).copied().unwrap_or(fs.end_of_chain());
        fs.set(c, next);
    }
    if let Some(c) = dir_cluster {
        fs.set(c, fs.end_of_chain());
    }
    fs.flush_fat()?;
    r.sync()?;
    if let (Some(c), Some(&last)) = (dir_cluster, dir.clusters.last()) {
        fs.set(last, c);
        fs.flush_fat()?;
        r.sync()?;
    }

    // 3. The directory entry.
    let first = fresh.first().copied().unwrap_or(0);
    let (pos, mut e) = match (existing, new_name) {
        (Some(i), _) => {
            let mut e = [0u8; 32];
            e.copy_from_slice(dir.entry(i));
            (fs.entry_pos(&dir, i), e)
        }
        (None, Some((short, flags))) => {
            let pos = match (slot, dir_cluster) {
                (Some(i), _) => fs.entry_pos(&dir, i),
                (None, Some(c)) => fs.cluster_pos(c),
                (None, None) => return Err(format!("ESP: cannot create {path}: no directory slot")),
            };
            let mut e = [0u8; 32];
            e[..11].copy_from_slice(&short);
            e[11] = ATTR_ARCHIVE;
            e[12] = flags;
            for o in [16, 18, 24] {
                e[o..o + 2].copy_from_slice(&DOS_EPOCH_DATE.to_le_bytes());
            }
            (pos, e)
        }
        (None, None) => return Err(format!("ESP: cannot create {path}: no short name")),
    };
    let hi = if fs.kind == Kind::Fat32 { (first >> 16) as u16 } else { 0 };
    e[20..22].copy_from_slice(&hi.to_le_bytes());
    e[26..28].copy_from_slice(&(first as u16).to_le_bytes());
    e[28..32].copy_from_slice(&size32.to_le_bytes());
    r.write(pos, &e)?;
    r.sync()?;

    // 4. The old chain, freed.
    if !old_chain.is_empty() {
        for &c in &old_chain {
            fs.set(c, 0);
        }
        fs.flush_fat()?;
        r.sync()?;
    }

    // 5. FSInfo.
    let last = fresh.last().copied().or(dir_cluster);
    if fs.update_fsinfo(last)? {
        r.sync()?;
    }
    Ok(())
}

/// Reads a whole file (None when absent). For checks and tests.
#[allow(dead_code)]
pub fn read_file(r: &Region, path: &str, max: u64) -> Result<Option<Vec<u8>>, String> {
    let fs = Fs::open(r)?;
    let (parts, name) = split_path(path)?;
    let path = join(&parts, name);
    let dir = fs.open_dir(&parts)?;
    let i = match dir.find(name) {
        Some(i) => i,
        None => return Ok(None),
    };
    let e = dir.entry(i);
    if e[11] & ATTR_DIR != 0 {
        return Err(format!("ESP: {path} is a directory"));
    }
    let size = u32::from_le_bytes([e[28], e[29], e[30], e[31]]) as u64;
    if size > max {
        return Err(format!("ESP: {path} has {size} bytes, more than {max}"));
    }
    if size == 0 {
        return Ok(Some(Vec::new()));
    }
    let first = fs.first_cluster(e);
    if first == 0 {
        return Err(format!("ESP: {path} has {size} bytes but no clusters"));
    }
    let chain = fs.chain(first, &path)?;
    let need = div_ceil(size, fs.cluster) as usize;
    if chain.len() < need {
        return Err(format!("ESP: FAT chain of {path} is shorter than its {size} bytes"));
    }
    let mut out = vec![0u8; size as usize];
    let mut at = 0usize;
    for (start, count) in runs(&chain[..need]) {
        let n = (count * fs.cluster).min((size as usize - at) as u64) as usize;
        r.read(fs.cluster_pos(start), &mut out[at..at + n])?;
        at += n;
    }
    Ok(Some(out))
}

impl Region<'_> {
    fn abs(&self, pos: u64, n: usize) -> Result<u64, String> {
        match pos.checked_add(n as u64) {
            Some(end) if end <= self.len => {
                self.offset.checked_add(pos).ok_or_else(|| "ESP: partition offset overflows".to_string())
            }
            _ => Err(format!("ESP: {n} bytes at byte {pos} lie outside the partition ({} bytes)", self.len)),
        }
    }

    fn read(&self, pos: u64, buf: &mut [u8]) -> Result<(), String> {
        let at = self.abs(pos, buf.len())?;
        self.file.read_exact_at(buf, at).map_err(|e| format!("ESP: reading {} bytes at byte {at}: {e}", buf.len()))
    }

    fn write(&self, pos: u64, buf: &[u8]) -> Result<(), String> {
        let at = self.abs(pos, buf.len())?;
        #[cfg(test)]
        if let Some(left) = tests::POWER.get() {
            let units = div_ceil(buf.len() as u64, 512);
            if units > left {
                let _ = self.file.write_all_at(&buf[..(left * 512) as usize], at);
                tests::POWER.set(Some(0));
                return Err("ESP: power cut (test)".into());
            }
            tests::POWER.set(Some(left - units));
        }
        self.file.write_all_at(buf, at).map_err(|e| format!("ESP: writing {} bytes at byte {at}: {e}", buf.len()))
    }

    fn sync(&self) -> Result<(), String> {
        self.file.sync_data().map_err(|e| format!("ESP: flushing writes: {e}"))
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Fat12,
    Fat16,
    Fat32,
}

/// A FAT entry's meaning.
enum Next {
    Free,
    Cluster(u32),
    End,
    /// A bad-cluster mark, reserved or out-of-range value.
    Invalid(u32),
}

struct Fs<'a> {
    r: &'a Region<'a>,
    kind: Kind,
    cluster: u64,
    sector: u64,
    /// Positions of the FAT copies written: all of them, or only the active one when FAT32
    /// mirroring is off.
    fat_copies: Vec<u64>,
    /// FAT12/16: position and size of the fixed root directory.
    root_fixed: Option<(u64, u64)>,
    /// FAT32: first cluster of the root directory.
    root_cluster: u32,
    data_start: u64,
    /// Number of data clusters; valid cluster numbers are 2 ..= clusters + 1.
    clusters: u32,
    /// FAT32: position of a valid FSInfo sector and its free count and next-free hint.
    fsinfo: Option<(u64, u32, u32)>,
    /// The used part of the (active) FAT, whole sectors.
    fat: Vec<u8>,
    /// Sectors of `fat` changed since the last flush.
    dirty: BTreeSet<u64>,
}

impl<'a> Fs<'a> {
    fn open(r: &'a Region<'a>) -> Result<Self, String> {
        if r.offset.checked_add(r.len).is_none() {
            return Err("ESP: partition offset and length overflow".into());
        }
        if r.len < 512 {
            return Err(format!("ESP: a partition of {} bytes cannot hold FAT", r.len));
        }
        let mut b = [0u8; 512];
        r.read(0, &mut b)?;
        let u16at = |o: usize| u16::from_le_bytes([b[o], b[o + 1]]) as u64;
        let u32at = |o: usize| u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]]) as u64;
        let bad = |what: String| Err(format!("ESP: not a valid FAT boot sector: {what}"));
        if b[510..512] != [0x55, 0xAA] {
            return bad("no 55 AA signature".into());
        }
        let sector = u16at(11);
        if !matches!(sector, 512 | 1024 | 2048 | 4096) {
            return bad(format!("{sector} bytes per sector"));
        }
        let per_cluster = b[13] as u64;
        if !per_cluster.is_power_of_two() {
            return bad(format!("{per_cluster} sectors per cluster"));
        }
        let reserved = u16at(14);
        let fats = b[16] as u64;
        let root_entries = u16at(17);
        let total = if u16at(19) != 0 { u16at(19) } else { u32at(32) };
        let fat_sectors = if u16at(22) != 0 { u16at(22) } else { u32at(36) };
        if reserved == 0 || fats == 0 || total == 0 || fat_sectors == 0 {
            return bad(format!("{reserved} reserved sectors, {fats} FATs of {fat_sectors} sectors, {total} sectors"));
        }
        if total * sector > r.len {
            return Err(format!("ESP: the filesystem ({} bytes) is larger than its partition ({} bytes)", total * sector, r.len));
        }
        let root_sectors = div_ceil(root_entries * 32, sector);
        let data_sector = reserved + fats * fat_sectors + root_sectors;
        if data_sector >= total {
            return bad("no room for data clusters".into());
        }
        let count = (total - data_sector) / per_cluster;
        // As Linux, mtools and dosfstools do: FAT32 has no 16-bit FAT size; FAT12 and FAT16
        // differ in their number of clusters.
        let kind = match (u16at(22), count) {
            (0, _) => Kind::Fat32,
            (_, 0..=4084) => Kind::Fat12,
            _ => Kind::Fat16,
        };
        let max = match kind {
            Kind::Fat12 => 4084,
            Kind::Fat16 => 0xFFF4,
            Kind::Fat32 => 0x0FFF_FFF5,
        };
        if count == 0 || count > max {
            return bad(format!("{count} clusters for {kind:?}"));
        }
        let used = match kind {
            Kind::Fat12 => div_ceil((count + 2) * 3, 2),
            Kind::Fat16 => (count + 2) * 2,
            Kind::Fat32 => (count + 2) * 4,
        };
        let fat_bytes = fat_sectors * sector;
        if used > fat_bytes {
            return bad(format!("a FAT of {fat_bytes} bytes cannot map {count} clusters"));
        }
        if used > MAX_FAT_BYTES {
            return Err(format!("ESP: a FAT of {used} bytes is too large"));
        }
        let fat_start = reserved * sector;
        let mut active = 0;
        let mut fat_copies: Vec<u64> = (0..fats).map(|i| fat_start + i * fat_bytes).collect();
        let (mut root_fixed, mut root_cluster, mut fsinfo) = (None, 0, None);
        if kind == Kind::Fat32 {
            if root_entries != 0 {
                return bad("FAT32 with a fixed root directory".into());
            }
            let flags = u16at(40);
            if flags & 0x80 != 0 {
                active = flags & 0x0F;
                if active >= fats {
                    return bad(format!("active FAT {active} of {fats}"));
                }
                fat_copies = vec![fat_start + active * fat_bytes];
            }
            root_cluster = u32at(44) as u32;
            if !(2..count + 2).contains(&(root_cluster as u64)) {
                return bad(format!("root directory at cluster {root_cluster}"));
            }
            let at = u16at(48);
            if at >= 1 && at < reserved {
                let mut s = [0u8; 512];
                r.read(at * sector, &mut s)?;
                let le = |o: usize| u32::from_le_bytes([s[o], s[o + 1], s[o + 2], s[o + 3]]);
                if le(0) == 0x4161_5252 && le(484) == 0x6141_7272 && le(508) == 0xAA55_0000 {
                    fsinfo = Some((at * sector, le(488), le(492)));
                }
            }
        } else {
            if root_entries == 0 {
                return bad("no root directory entries".into());
            }
            root_fixed = Some((fat_start + fats * fat_bytes, root_entries * 32));
        }
        let mut fat = vec![0u8; (div_ceil(used, sector) * sector) as usize];
        r.read(fat_start + active * fat_bytes, &mut fat)?;
        Ok(Fs {
            r,
            kind,
            cluster: per_cluster * sector,
            sector,
            fat_copies,
            root_fixed,
            root_cluster,
            data_start: data_sector * sector,
            clusters: count as u32,
            fsinfo,
            fat,
            dirty: BTreeSet::new(),
        })
    }

    fn valid(&self, c: u32) -> bool {
        c >= 2 && c as u64 <= self.clusters as u64 + 1
    }

    /// Byte position of a valid cluster.
    fn cluster_pos(&self, c: u32) -> u64 {
        self.data_start + (c as u64 - 2) * self.cluster
    }

    fn end_of_chain(&self) -> u32 {
        match self.kind {
            Kind::Fat12 => 0xFFF,
            Kind::Fat16 => 0xFFFF,
            Kind::Fat32 => 0x0FFF_FFFF,
        }
    }

    /// The FAT entry of a valid cluster.
    fn get(&self, c: u32) -> u32 {
        let c = c as usize;
        let f = &self.fat;
        match self.kind {
            Kind::Fat12 => {
                let o = c + c / 2;
                let v = u16::from_le_bytes([f[o], f[o + 1]]);
                (if c & 1 == 1 { v >> 4 } else { v & 0xFFF }) as u32
            }
            Kind::Fat16 => u16::from_le_bytes([f[2 * c], f[2 * c + 1]]) as u32,
            Kind::Fat32 => u32::from_le_bytes([f[4 * c], f[4 * c + 1], f[4 * c + 2], f[4 * c + 3]]) & 0x0FFF_FFFF,
        }
    }

    /// Sets the FAT entry of a valid cluster (in memory, until [`Fs::flush_fat`]).
    fn set(&mut self, c: u32, v: u32) {
        let c = c as usize;
        let (o, n) = match self.kind {
            Kind::Fat12 => {
                let o = c + c / 2;
                let old = u16::from_le_bytes([self.fat[o], self.fat[o + 1]]);
                let new = if c & 1 == 1 { (old & 0x000F) | ((v as u16) << 4) } else { (old & 0xF000) | (v as u16 & 0x0FFF) };
                self.fat[o..o + 2].copy_from_slice(&new.to_le_bytes());
                (o, 2)
            }
            Kind::Fat16 => {
                self.fat[2 * c..2 * c + 2].copy_from_slice(&(v as u16).to_le_bytes());
                (2 * c, 2)
            }
            Kind::Fat32 => {
                let old = u32::from_le_bytes([self.fat[4 * c], self.fat[4 * c + 1], self.fat[4 * c + 2], self.fat[4 * c + 3]]);
                let new = (old & 0xF000_0000) | (v & 0x0FFF_FFFF);
                self.fat[4 * c..4 * c + 4].copy_from_slice(&new.to_le_bytes());
                (4 * c, 4)
            }
        };
        self.dirty.insert(o as u64 / self.sector);
        self.dirty.insert((o + n - 1) as u64 / self.sector);
    }

    fn next(&self, c: u32) -> Next {
        let v = self.get(c);
        let end = self.end_of_chain() & !7;
        match v {
            0 => Next::Free,
            _ if self.valid(v) => Next::Cluster(v),
            _ if v >= end => Next::End,
            _ => Next::Invalid(v),
        }
    }

    /// The clusters of the chain starting at `first`.
    fn chain(&self, first: u32, name: &str) -> Result<Vec<u32>, String> {
        let mut out = Vec::new();
        let mut c = first;
        loop {
            if !self.valid(c) {
                return Err(format!("ESP: FAT chain of {name} points outside the filesystem (cluster {c})"));
            }
            if out.len() >= self.clusters as usize {
                return Err(format!("ESP: FAT chain of {name} loops"));
            }
            out.push(c);
            match self.next(c) {
                Next::Cluster(n) => c = n,
                Next::End => return Ok(out),
                Next::Free => return Err(format!("ESP: FAT chain of {name} is broken (cluster {c} is marked free)")),
                Next::Invalid(v) => return Err(format!("ESP: FAT chain of {name} is broken (cluster {c} holds {v:#x})")),
            }
        }
    }

    /// Finds `n` free clusters, from FSInfo's hint on.
    fn allocate(&self, n: u64, name: &str) -> Result<Vec<u32>, String> {
        let mut out = Vec::new();
        if n == 0 {
            return Ok(out);
        }
        let mut c = match self.fsinfo {
            Some((_, _, hint)) if self.valid(hint) => hint,
            _ => 2,
        };
        for _ in 0..self.clusters {
            if self.get(c) == 0 {
                out.push(c);
                if out.len() as u64 == n {
                    return Ok(out);
                }
            }
            c = if self.valid(c + 1) { c + 1 } else { 2 };
        }
        Err(format!("ESP: no room for {name}: it needs {n} clusters of {} bytes, {} are free", self.cluster, out.len()))
    }

    /// Writes the changed FAT sectors to every FAT copy.
    fn flush_fat(&mut self) -> Result<(), String> {
        let dirty = std::mem::take(&mut self.dirty);
        let mut spans: Vec<(u64, u64)> = Vec::new();
        for s in dirty {
            match spans.last_mut() {
                Some((start, n)) if *start + *n == s => *n += 1,
                _ => spans.push((s, 1)),
            }
        }
        for &copy in &self.fat_copies {
            for &(s, n) in &spans {
                let bytes = &self.fat[(s * self.sector) as usize..((s + n) * self.sector) as usize];
                self.r.write(copy + s * self.sector, bytes)?;
            }
        }
        Ok(())
    }

    /// Writes `size` bytes from `data` into `clusters` (free ones), zero-padding the last.
    fn write_contents(&self, clusters: &[u32], size: u64, data: &mut dyn Read, name: &str) -> Result<(), String> {
        let per_write = (IO_CHUNK / self.cluster).max(1);
        let mut buf = Vec::new();
        let mut done = 0u64;
        for (start, count) in runs(clusters) {
            let mut k = 0;
            while k < count {
                let n = per_write.min(count - k);
                buf.clear();
                buf.resize((n * self.cluster) as usize, 0);
                let take = (size - done).min(n * self.cluster) as usize;
                let mut got = 0;
                while got < take {
                    match data.read(&mut buf[got..take]) {
                        Ok(0) => return Err(format!("ESP: the data for {name} ended after {} of {size} bytes", done + got as u64)),
                        Ok(m) => got += m,
                        Err(e) if e.kind() == ErrorKind::Interrupted => {}
                        Err(e) => return Err(format!("ESP: reading the data for {name}: {e}")),
                    }
                }
                done += take as u64;
                self.r.write(self.cluster_pos(start + k as u32), &buf)?;
                k += n;
            }
        }
        Ok(())
    }

    fn invalidate_fsinfo(&mut self) -> Result<(), String> {
        if let Some((pos, free, hint)) = self.fsinfo {
            if free != u32::MAX {
                self.r.write(pos + 488, &u32::MAX.to_le_bytes())?;
                self.fsinfo = Some((pos, u32::MAX, hint));
            }
        }
        Ok(())
    }

    /// Stores the exact free count and the first free cluster after `last` (allocated) in
    /// FSInfo. Returns whether there is an FSInfo sector.
    fn update_fsinfo(&mut self, last: Option<u32>) -> Result<bool, String> {
        let (pos, _, hint) = match self.fsinfo {
            Some(x) => x,
            None => return Ok(false),
        };
        let free = (2..self.clusters + 2).filter(|&c| self.get(c) == 0).count() as u32;
        let mut c = match last {
            Some(l) if self.valid(l + 1) => l + 1,
            None if self.valid(hint) => hint,
            _ => 2,
        };
        let mut next = u32::MAX;
        for _ in 0..self.clusters {
            if self.get(c) == 0 {
                next = c;
                break;
            }
            c = if self.valid(c + 1) { c + 1 } else { 2 };
        }
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&free.to_le_bytes());
        b[4..].copy_from_slice(&next.to_le_bytes());
        self.r.write(pos + 488, &b)?;
        self.fsinfo = Some((pos, free, next));
        Ok(true)
    }

    fn first_cluster(&self, e: &[u8]) -> u32 {
        let lo = u16::from_le_bytes([e[26], e[27]]) as u32;
        let hi = if self.kind == Kind::Fat32 { u16::from_le_bytes([e[20], e[21]]) as u32 } else { 0 };
        hi << 16 | lo
    }

    fn entry_pos(&self, dir: &Dir, i: usize) -> u64 {
        let off = i as u64 * 32;
        match dir.fixed {
            Some(pos) => pos + off,
            None => self.cluster_pos(dir.clusters[(off / self.cluster) as usize]) + off % self.cluster,
        }
    }

    /// The directory whose first cluster is `first`.
    fn dir_at(&self, first: u32, name: &str) -> Result<Dir, String> {
        let clusters = self.chain(first, name)?;
        let len = clusters.len() as u64 * self.cluster;
        if len > MAX_DIR_BYTES {
            return Err(format!("ESP: directory {name} is larger than FAT allows ({len} bytes)"));
        }
        let mut data = vec![0u8; len as usize];
        let mut at = 0usize;
        for (start, count) in runs(&clusters) {
            let n = (count * self.cluster) as usize;
            self.r.read(self.cluster_pos(start), &mut data[at..at + n])?;
            at += n;
        }
        Ok(Dir { name: name.into(), clusters, fixed: None, data })
    }

    /// The directory `parts` ("EFI", "Linux"), from the root.
    fn open_dir(&self, parts: &[&str]) -> Result<Dir, String> {
        let mut dir = match self.root_fixed {
            Some((pos, len)) => {
                let mut data = vec![0u8; len as usize];
                self.r.read(pos, &mut data)?;
                Dir { name: "the root directory".into(), clusters: Vec::new(), fixed: Some(pos), data }
            }
            None => self.dir_at(self.root_cluster, "the root directory")?,
        };
        for k in 0..parts.len() {
            let name = parts[..=k].join("/");
            let i = dir.find(parts[k]).ok_or_else(|| format!("ESP: directory {name} not found"))?;
            let e = dir.entry(i);
            if e[11] & ATTR_DIR == 0 {
                return Err(format!("ESP: {name} is not a directory"));
            }
            dir = self.dir_at(self.first_cluster(e), &name)?;
        }
        Ok(dir)
    }
}

/// A directory's entries, read whole.
struct Dir {
    name: String,
    /// Its clusters; empty for the fixed FAT12/16 root directory.
    clusters: Vec<u32>,
    /// The position of the fixed root directory.
    fixed: Option<u64>,
    data: Vec<u8>,
}

impl Dir {
    fn entry(&self, i: usize) -> &[u8] {
        &self.data[i * 32..i * 32 + 32]
    }

    fn len(&self) -> usize {
        self.data.len() / 32
    }

    /// The index of the short entry of the file or directory called `want` (long or short
    /// name, any case).
    fn find(&self, want: &str) -> Option<usize> {
        let want = want.to_lowercase();
        // Long name being gathered: checksum, next sequence number expected, UCS-2 units.
        let mut long: Option<(u8, u8, Vec<u16>)> = None;
        for i in 0..self.len() {
            let e = self.entry(i);
            match e[0] {
                0 => return None,
                0xE5 => {
                    long = None;
                    continue;
                }
                _ => {}
            }
            if e[11] & 0x3F == 0x0F {
                let seq = e[0] & 0x3F;
                if e[0] & 0x40 != 0 {
                    long = (1..=20).contains(&seq).then(|| (e[13], seq, vec![0xFFFF; seq as usize * 13]));
                }
                match &mut long {
                    Some((sum, next, units)) if *sum == e[13] && *next == seq && seq >= 1 => {
                        let at = (seq as usize - 1) * 13;
                        for (k, &o) in LFN_CHARS.iter().enumerate() {
                            units[at + k] = u16::from_le_bytes([e[o], e[o + 1]]);
                        }
                        *next -= 1;
                    }
                    _ => long = None,
                }
                continue;
            }
            let long_name = long
                .take()
                .filter(|(sum, next, _)| *next == 0 && *sum == checksum(&e[..11]))
                .and_then(|(_, _, u)| String::from_utf16(&u[..u.iter().position(|&c| c == 0).unwrap_or(u.len())]).ok());
            if e[11] & ATTR_VOLUME != 0 {
                continue;
            }
            if long_name.map_or(false, |l| l.to_lowercase() == want) || short_name(e).to_lowercase() == want {
                return Some(i);
            }
        }
        None
    }

    /// The first unused entry.
    fn free_slot(&self) -> Option<usize> {
        (0..self.len()).find(|&i| matches!(self.entry(i)[0], 0 | 0xE5))
    }
}

fn checksum(short: &[u8]) -> u8 {
    short.iter().fold(0u8, |s, &c| s.rotate_right(1).wrapping_add(c))
}

/// "NAME.EXT" of a short entry.
fn short_name(e: &[u8]) -> String {
    let text = |b: &[u8]| -> String {
        let end = b.iter().rposition(|&c| c != b' ').map_or(0, |p| p + 1);
        b[..end].iter().map(|&c| c as char).collect()
    };
    let mut base = text(&e[..8]);
    if e[0] == 0x05 {
        base.replace_range(..1, "\u{e5}");
    }
    let ext = text(&e[8..11]);
    if ext.is_empty() {
        base
    } else {
        format!("{base}.{ext}")
    }
}

/// The 8.3 name and NT case flags of a new entry for `name`, which must fit 8.3 with each
/// part in one case.
fn short_name_for(name: &str) -> Result<([u8; 11], u8), String> {
    let (base, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let ok = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|c| c.is_ascii_alphanumeric() || b"$%'-_@~`!(){}^#&".contains(&c))
    };
    if !ok(base, 8) || !(ext.is_empty() && !name.ends_with('.') || ok(ext, 3)) {
        return Err(format!("{name} is no 8.3 name (new files get no long name)"));
    }
    let mut flags = 0;
    for (part, flag) in [(base, NT_LOWER_BASE), (ext, NT_LOWER_EXT)] {
        let lower = part.bytes().any(|c| c.is_ascii_lowercase());
        if lower && part.bytes().any(|c| c.is_ascii_uppercase()) {
            return Err(format!("{name} mixes cases in one part (new files get no long name)"));
        }
        if lower {
            flags |= flag;
        }
    }
    let mut short = [b' '; 11];
    for (k, c) in base.bytes().enumerate() {
        short[k] = c.to_ascii_uppercase();
    }
    for (k, c) in ext.bytes().enumerate() {
        short[8 + k] = c.to_ascii_uppercase();
    }
    Ok((short, flags))
}

/// The directories and the name of a '/'-separated path.
fn split_path(path: &str) -> Result<(Vec<&str>, &str), String> {
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err(format!("ESP: path {path} has . or .. in it"));
    }
    let name = parts.pop().ok_or_else(|| format!("ESP: path {path:?} names no file"))?;
    Ok((parts, name))
}

fn join(parts: &[&str], name: &str) -> String {
    parts.iter().chain([&name]).copied().collect::<Vec<_>>().join("/")
}

/// Runs of consecutive clusters: (first, count).
fn runs(clusters: &[u32]) -> Vec<(u32, u64)> {
    let mut out: Vec<(u32, u64)> = Vec::new();
    for &c in clusters {
        match out.last_mut() {
            Some((start, n)) if *start as u64 + *n == c as u64 => *n += 1,
            _ => out.push((c, 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Filesystems made by mkfs.vfat and filled by mtools, changed by this module, then read
    //! back by mtools and checked by `fsck.vfat -n`. Temporary images go to $TMPDIR.

    use super::*;
    use std::fs::OpenOptions;
    use std::path::PathBuf;
    use std::process::Command;
    use std::sync::atomic::{AtomicU32, Ordering};

    thread_local! {
        /// 512-byte units [`Region::write`] may still write before a simulated power cut.
        pub(super) static POWER: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
    }

    /// A temporary file, removed when dropped.
    struct Tmp(PathBuf);

    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn tmp(tag: &str) -> Tmp {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        Tmp(std::env::temp_dir().join(format!("fat-rs-test-{}-{tag}-{n}", std::process::id())))
    }

    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    /// Deterministic random-looking bytes.
    fn bytes(seed: u64, n: usize) -> Vec<u8> {
        let mut g = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        (0..n).map(|_| g.next() as u8).collect()
    }

    fn run(prog: &str, args: &[&str]) -> Vec<u8> {
        let out = Command::new(prog)
            .args(args)
            .env("MTOOLS_SKIP_CHECK", "1")
            .output()
            .unwrap_or_else(|e| panic!("{prog}: {e}"));
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{prog} {args:?}: {text}");
        out.stdout
    }

    fn write(r: &Region, path: &str, data: &[u8]) -> Result<(), String> {
        write_file(r, path, data.len() as u64, &mut &data[..])
    }

    fn read(r: &Region, path: &str) -> Option<Vec<u8>> {
        read_file(r, path, 1 << 30).unwrap()
    }

    /// A filesystem made by mkfs.vfat, `offset` bytes into an image file that has `tail` more
    /// bytes after it; the bytes around the filesystem hold a pattern.
    struct Img {
        file: Tmp,
        offset: u64,
        len: u64,
        tail: u64,
    }

    impl Img {
        fn new(mkfs: &[&str], kib: u64, offset: u64, tail: u64) -> Img {
            let fs = tmp("fs");
            File::create(&fs.0).unwrap().set_len(kib * 1024).unwrap();
            let mut args = mkfs.to_vec();
            args.push(fs.0.to_str().unwrap());
            run("mkfs.vfat", &args);
            let file = if offset == 0 && tail == 0 {
                fs
            } else {
                let img = tmp("img");
                let mut all = bytes(99, offset as usize);
                all.extend(std::fs::read(&fs.0).unwrap());
                all.extend(bytes(98, tail as usize));
                std::fs::write(&img.0, all).unwrap();
                img
            };
            Img { file, offset, len: kib * 1024, tail }
        }

        fn open(&self) -> File {
            OpenOptions::new().read(true).write(true).open(&self.file.0).unwrap()
        }

        fn region<'a>(&self, f: &'a File) -> Region<'a> {
            Region { file: f, offset: self.offset, len: self.len }
        }

        fn spec(&self) -> String {
            format!("{}@@{}", self.file.0.display(), self.offset)
        }

        fn mmd(&self, dir: &str) {
            run("mmd", &["-i", &self.spec(), &format!("::/{dir}")]);
        }

        fn put(&self, path: &str, data: &[u8]) {
            let src = tmp("src");
            std::fs::write(&src.0, data).unwrap();
            run("mcopy", &["-i", &self.spec(), src.0.to_str().unwrap(), &format!("::/{path}")]);
        }

        fn try_get(&self, path: &str) -> Option<Vec<u8>> {
            let out = Command::new("mcopy")
                .args(["-i", &self.spec(), &format!("::/{path}"), "-"])
                .env("MTOOLS_SKIP_CHECK", "1")
                .output()
                .unwrap();
            out.status.success().then_some(out.stdout)
        }

        fn get(&self, path: &str) -> Vec<u8> {
            run("mcopy", &["-i", &self.spec(), &format!("::/{path}"), "-"])
        }

        fn del(&self, path: &str) {
            run("mdel", &["-i", &self.spec(), &format!("::/{path}")]);
        }

        fn dir_listing(&self, dir: &str) -> String {
            String::from_utf8_lossy(&run("mdir", &["-i", &self.spec(), &format!("::/{dir}")])).into_owned()
        }

        /// `fsck.vfat -n` finds nothing to say.
        fn fsck(&self) {
            self.fsck_allowing(&[]);
        }

        /// `fsck.vfat -n` finds nothing to say but lines that contain one of `allowed`.
        fn fsck_allowing(&self, allowed: &[&str]) {
            let alone;
            let path = if self.offset == 0 && self.tail == 0 {
                &self.file.0
            } else {
                alone = tmp("fsck");
                let all = std::fs::read(&self.file.0).unwrap();
                std::fs::write(&alone.0, &all[self.offset as usize..(self.offset + self.len) as usize]).unwrap();
                &alone.0
            };
            let out = Command::new("fsck.vfat").arg("-n").arg(path).output().unwrap();
            let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            let expected = |l: &str| l.starts_with("fsck.fat ") || l.contains(" files, ") || l.is_empty();
            let quiet = text.lines().all(expected);
            let allowed = text.lines().all(|l| expected(l) || allowed.iter().any(|a| l.contains(a)));
            assert!(allowed && (!quiet || out.status.success()), "fsck.vfat -n: {text}");
        }

        /// The bytes around the filesystem still hold their pattern.
        fn check_outside(&self) {
            let f = self.open();
            let (mut before, mut after) = (vec![0; self.offset as usize], vec![0; self.tail as usize]);
            f.read_exact_at(&mut before, 0).unwrap();
            f.read_exact_at(&mut after, self.offset + self.len).unwrap();
            assert!(before == bytes(99, self.offset as usize), "bytes before the filesystem changed");
            assert!(after == bytes(98, self.tail as usize), "bytes after the filesystem changed");
            assert_eq!(f.metadata().unwrap().len(), self.offset + self.len + self.tail);
        }
    }

    /// The ESP of an A/B machine: kernels in EFI/Linux replaced in turn, the other files kept.
    fn esp_scenario(img: &Img, kind: Kind) {
        for d in ["EFI", "EFI/Linux", "EFI/BOOT"] {
            img.mmd(d);
        }
        let (a, b, boot, long) = (bytes(1, 300_000), bytes(2, 200_000), bytes(3, 50_000), bytes(4, 70_000));
        img.put("EFI/Linux/usr-a.efi", &a);
        img.put("EFI/Linux/usr-b.efi", &b);
        img.put("EFI/BOOT/BOOTX64.EFI", &boot);
        img.put("EFI/Linux/Long Kernel Name.efi", &long);
        img.put("loader.conf", b"timeout 3\n");
        img.fsck();
        let f = img.open();
        let r = img.region(&f);
        assert_eq!(Fs::open(&r).unwrap().kind, kind);
        assert_eq!(read(&r, "EFI/Linux/usr-a.efi").unwrap(), a);
        assert_eq!(read(&r, "/efi//LINUX/USR-B.EFI").unwrap(), b);
        assert_eq!(read(&r, "EFI/Linux/long kernel NAME.EFI").unwrap(), long);
        assert_eq!(read(&r, "EFI/Linux/usr-c.efi"), None);
        assert!(read_file(&r, "EFI/Linux/usr-a.efi", 1000).unwrap_err().contains("more than 1000"));
        assert!(read_file(&r, "EFI/Nope/usr-a.efi", 1000).unwrap_err().contains("EFI/Nope not found"));
        let mut long_now = long.clone();
        let others = |long: &[u8]| {
            assert!(img.get("EFI/Linux/usr-a.efi") == a, "usr-a.efi changed");
            assert!(img.get("EFI/BOOT/BOOTX64.EFI") == boot, "BOOTX64.EFI changed");
            assert!(img.get("EFI/Linux/Long Kernel Name.efi") == long, "Long Kernel Name.efi changed");
            assert_eq!(img.get("loader.conf"), b"timeout 3\n");
        };

        // Replaced: bigger, smaller, empty, just over a cluster or a sector, again bigger.
        for (k, size) in [1_500_000, 10_000, 0, 4097, 700_000].into_iter().enumerate() {
            let d = bytes(10 + k as u64, size);
            write(&r, "EFI/Linux/usr-b.efi", &d).unwrap();
            assert!(img.get("EFI/Linux/usr-b.efi") == d, "usr-b.efi of {size} bytes read back wrong");
            assert!(read(&r, "EFI/Linux/usr-b.efi").unwrap() == d);
            others(&long_now);
            img.fsck();
        }
        // A file with a long name, by its long and its short name.
        long_now = bytes(20, 33_333);
        write(&r, "EFI/Linux/long kernel name.efi", &long_now).unwrap();
        others(&long_now);
        let short = Fs::open(&r).unwrap().open_dir(&["EFI", "Linux"]).unwrap();
        let short = short_name(short.entry(short.find("Long Kernel Name.efi").unwrap()));
        long_now = bytes(21, 5);
        write(&r, &format!("EFI/Linux/{short}"), &long_now).unwrap();
        others(&long_now);
        img.fsck();

        // Created, in the slots of a deleted one, with fixed timestamps and lower-case flags.
        img.del("EFI/Linux/usr-b.efi");
        let d = bytes(30, 123_457);
        write(&r, "EFI/Linux/usr-b.efi", &d).unwrap();
        assert!(img.get("EFI/Linux/usr-b.efi") == d);
        others(&long_now);
        img.fsck();
        let dir = Fs::open(&r).unwrap().open_dir(&["EFI", "Linux"]).unwrap();
        let e = dir.entry(dir.find("usr-b.efi").unwrap());
        assert_eq!(&e[..13], b"USR-B   EFI\x20\x18");
        assert_eq!(&e[14..20], [0, 0, 0x21, 0, 0x21, 0]);
        assert_eq!(&e[22..26], [0, 0, 0x21, 0]);
        assert!(img.dir_listing("EFI/Linux").contains("usr-b    efi"));
        // Created empty, in the root, and replaced there.
        write(&r, "startup.nsh", b"").unwrap();
        assert_eq!(img.get("startup.nsh"), b"");
        write(&r, "STARTUP.NSH", b"fs0:\\EFI\\BOOT\\BOOTX64.EFI\r\n").unwrap();
        assert_eq!(img.get("startup.nsh"), b"fs0:\\EFI\\BOOT\\BOOTX64.EFI\r\n");
        assert!(img.dir_listing("").contains("startup  nsh"));
        others(&long_now);
        img.fsck();

        // Refused without a change.
        let before = std::fs::read(&img.file.0).unwrap();
        assert!(write(&r, "EFI/Linux/Usr-C.efi", b"x").unwrap_err().contains("mixes cases"));
        assert!(write(&r, "EFI/Linux/kernel-cc.efi", b"x").unwrap_err().contains("no 8.3 name"));
        assert!(write(&r, "EFI/Linux/usr.c.efi", b"x").unwrap_err().contains("no 8.3 name"));
        assert!(write(&r, "EFI/Linux", b"x").unwrap_err().contains("is a directory"));
        assert!(write(&r, "EFI/Linux/../x", b"x").is_err());
        assert!(write(&r, "/", b"x").is_err());
        assert!(write(&r, "EFI/Nope/usr-b.efi", b"x").unwrap_err().contains("EFI/Nope not found"));
        assert!(write(&r, "loader.conf/x", b"x").unwrap_err().contains("loader.conf is not a directory"));
        let e = write_file(&r, "EFI/Linux/usr-b.efi", 1 << 32, &mut std::io::repeat(0)).unwrap_err();
        assert!(e.contains("too large"), "{e}");
        assert!(std::fs::read(&img.file.0).unwrap() == before, "a refused write changed the image");
        img.check_outside();
    }

    #[test]
    fn fat32_esp_inside_a_disk() {
        esp_scenario(&Img::new(&["-F", "32", "-s", "1"], 64 * 1024, 1 << 20, 1 << 20), Kind::Fat32);
    }

    #[test]
    fn fat32_esp_128_mib() {
        esp_scenario(&Img::new(&["-F", "32"], 128 * 1024, 0, 0), Kind::Fat32);
    }

    #[test]
    fn fat16_esp() {
        esp_scenario(&Img::new(&["-F", "16"], 128 * 1024, 0, 0), Kind::Fat16);
    }

    #[test]
    fn fat16_esp_4k_sectors_inside_a_disk() {
        esp_scenario(&Img::new(&["-F", "16", "-S", "4096"], 64 * 1024, 1 << 20, 4096), Kind::Fat16);
    }

    #[test]
    fn fat12_esp_one_fat() {
        esp_scenario(&Img::new(&["-F", "12", "-f", "1"], 4 * 1024, 512, 512), Kind::Fat12);
    }

    /// A new file in a directory without a free slot gets a new directory cluster.
    #[test]
    fn full_directory_grows() {
        for (mkfs, kib) in [(["-F", "32", "-s", "1"], 40 * 1024), (["-F", "16", "-s", "1"], 8 * 1024)] {
            let img = Img::new(&mkfs, kib, 0, 0);
            img.mmd("EFI");
            img.mmd("EFI/Linux");
            let a = bytes(1, 3000);
            img.put("EFI/Linux/usr-a.efi", &a);
            let f = img.open();
            let r = img.region(&f);
            let dir = || Fs::open(&r).unwrap().open_dir(&["EFI", "Linux"]).unwrap();
            let mut n = 0;
            while dir().free_slot().is_some() {
                img.put(&format!("EFI/Linux/F{n}.TXT"), format!("file {n}").as_bytes());
                n += 1;
                assert!(n < 100);
            }
            let clusters = dir().clusters.len();
            let b = bytes(2, 5000);
            write(&r, "EFI/Linux/usr-b.efi", &b).unwrap();
            assert_eq!(dir().clusters.len(), clusters + 1);
            write(&r, "EFI/Linux/usr-c.efi", b"c").unwrap();
            assert_eq!(dir().clusters.len(), clusters + 1);
            img.fsck();
            assert!(img.get("EFI/Linux/usr-b.efi") == b);
            assert_eq!(img.get("EFI/Linux/usr-c.efi"), b"c");
            assert!(img.get("EFI/Linux/usr-a.efi") == a);
            for k in 0..n {
                assert_eq!(img.get(&format!("EFI/Linux/F{k}.TXT")), format!("file {k}").as_bytes());
            }
        }
    }

    #[test]
    fn full_root_directory_is_refused() {
        let img = Img::new(&["-F", "16", "-r", "16"], 32 * 1024, 0, 0);
        let f = img.open();
        let r = img.region(&f);
        let mut n = 0;
        while Fs::open(&r).unwrap().open_dir(&[]).unwrap().free_slot().is_some() {
            img.put(&format!("R{n}.TXT"), b"r");
            n += 1;
            assert!(n < 100);
        }
        let before = std::fs::read(&img.file.0).unwrap();
        assert!(write(&r, "new.efi", b"x").unwrap_err().contains("root directory is full"));
        assert!(std::fs::read(&img.file.0).unwrap() == before, "a refused write changed the image");
        write(&r, "R0.TXT", b"replaced").unwrap();
        assert_eq!(img.get("R0.TXT"), b"replaced");
        img.fsck();
    }

    /// Failing for want of space or data leaves the old file and a clean filesystem.
    #[test]
    fn no_space_and_short_data_keep_the_old_file() {
        let img = Img::new(&["-F", "32", "-s", "1"], 40 * 1024, 0, 0);
        img.mmd("EFI");
        img.mmd("EFI/Linux");
        let b = bytes(2, 100_000);
        img.put("EFI/Linux/usr-b.efi", &b);
        let f = img.open();
        let r = img.region(&f);
        let e = write_file(&r, "EFI/Linux/usr-b.efi", 41 << 20, &mut std::io::repeat(7)).unwrap_err();
        assert!(e.contains("no room for EFI/Linux/usr-b.efi"), "{e}");
        let e = write_file(&r, "EFI/Linux/usr-b.efi", 3_000_000, &mut &bytes(3, 5000)[..]).unwrap_err();
        assert!(e.contains("ended after 5000 of 3000000 bytes"), "{e}");
        assert!(img.get("EFI/Linux/usr-b.efi") == b);
        img.fsck();
        // Nearly all the space: the old file's clusters are not free until the new ones are in.
        let fs = Fs::open(&r).unwrap();
        let free = (2..fs.clusters + 2).filter(|&c| fs.get(c) == 0).count() as u64;
        let d = bytes(4, (free * fs.cluster) as usize);
        write(&r, "EFI/Linux/usr-b.efi", &d).unwrap();
        assert!(img.get("EFI/Linux/usr-b.efi") == d);
        img.fsck();
    }

    /// Cuts the power at every 512-byte unit of `write_file(path, new)`: afterwards
    /// `fsck.vfat -n` reports nothing but lost clusters (and the transient states of FSInfo's
    /// free count and of the second FAT), `path` holds its old contents or the new ones, and
    /// `others` still hold theirs.
    fn power_cuts(img: &Img, path: &str, new: &[u8], others: &[(&str, Vec<u8>)]) {
        let f = img.open();
        let r = img.region(&f);
        let pristine = std::fs::read(&img.file.0).unwrap();
        let old = img.try_get(path);
        POWER.set(Some(u64::MAX));
        write(&r, path, new).unwrap();
        let units = u64::MAX - POWER.get().unwrap();
        POWER.set(None);
        for cut in 0..units {
            f.write_all_at(&pristine, 0).unwrap();
            POWER.set(Some(cut));
            let e = write(&r, path, new).unwrap_err();
            POWER.set(None);
            assert!(e.contains("power cut"), "{e}");
            img.fsck_allowing(&[
                "Reclaimed ",
                "FATs differ but appear to be intact.",
                "  Using first FAT.",
                "Free cluster summary uninitialized",
                "Leaving filesystem unchanged.",
            ]);
            let now = img.try_get(path);
            assert!(now == old || now.as_deref() == Some(new), "cut after {cut} of {units} units: {path} is neither old nor new");
            for (other, data) in others {
                assert!(img.get(other) == *data, "cut after {cut} of {units} units: {other} changed");
            }
        }
        f.write_all_at(&pristine, 0).unwrap();
        write(&r, path, new).unwrap();
        img.fsck();
    }

    #[test]
    fn power_cut_at_any_point() {
        for (mkfs, kib) in [(["-F", "32", "-s", "1"], 40 * 1024), (["-F", "16", "-s", "2"], 16 * 1024)] {
            let img = Img::new(&mkfs, kib, 0, 0);
            img.mmd("EFI");
            img.mmd("EFI/Linux");
            let others = [("EFI/Linux/usr-a.efi", bytes(1, 20_000)), ("EFI/Linux/Long Name.efi", bytes(2, 700))];
            for (p, d) in &others {
                img.put(p, d);
            }
            img.put("EFI/Linux/usr-b.efi", &bytes(3, 9_000));
            // Replacing.
            power_cuts(&img, "EFI/Linux/usr-b.efi", &bytes(4, 12_000), &others);
            // Creating, in a full directory that grows.
            let f = img.open();
            let r = img.region(&f);
            let mut n = 0;
            while Fs::open(&r).unwrap().open_dir(&["EFI", "Linux"]).unwrap().free_slot().is_some() {
                img.put(&format!("EFI/Linux/F{n}.TXT"), b"f");
                n += 1;
                assert!(n < 100);
            }
            power_cuts(&img, "EFI/Linux/usr-c.efi", &bytes(5, 3_000), &others);
        }
    }

    /// Random damage to the metadata of real filesystems: no panic, no endless loop, and no
    /// byte outside the region touched.
    #[test]
    fn damaged_metadata_never_escapes_the_region() {
        let kinds = [(&["-F", "12"][..], 2 * 1024), (&["-F", "16", "-s", "1"], 8 * 1024), (&["-F", "32", "-s", "1"], 34 * 1024)];
        for (k, (mkfs, kib)) in kinds.into_iter().enumerate() {
            let img = Img::new(mkfs, kib, 65536, 65536);
            img.mmd("EFI");
            img.mmd("EFI/Linux");
            img.put("EFI/Linux/usr-a.efi", &bytes(1, 5000));
            img.put("EFI/Linux/usr-b.efi", &bytes(2, 3000));
            img.put("EFI/Linux/Long Name.efi", &bytes(3, 100));
            let f = img.open();
            let r = img.region(&f);
            let pristine = std::fs::read(&img.file.0).unwrap();
            let (data_start, meta_end, hot) = {
                let fs = Fs::open(&r).unwrap();
                let linux = fs.open_dir(&["EFI", "Linux"]).unwrap();
                let b = fs.first_cluster(linux.entry(linux.find("usr-b.efi").unwrap()));
                let mut hot = fs.chain(b, "b").unwrap();
                hot.extend(&linux.clusters);
                hot.extend(&fs.open_dir(&["EFI"]).unwrap().clusters);
                (fs.data_start, (fs.data_start + 64 * fs.cluster).min(img.len), hot)
            };
            let meta = &pristine[img.offset as usize..(img.offset + meta_end) as usize];
            let dirs = data_start.saturating_sub(16384)..(data_start + 16384).min(meta_end);
            let mut g = Lcg(k as u64 + 1);
            let (mut refused, mut done) = (0, 0);
            for _ in 0..300 {
                f.write_all_at(meta, img.offset).unwrap();
                for _ in 0..1 + g.next() % 6 {
                    let at = match g.next() % 3 {
                        0 => g.next() % 512,
                        1 => g.next() % meta_end,
                        _ => dirs.start + g.next() % (dirs.end - dirs.start),
                    };
                    f.write_all_at(&[g.next() as u8], img.offset + at).unwrap();
                }
                if g.next() & 1 == 0 {
                    if let Ok(mut fs) = Fs::open(&r) {
                        let c = match g.next() % 3 {
                            0 => 2 + (g.next() % fs.clusters as u64) as u32,
                            _ => hot[(g.next() % hot.len() as u64) as usize],
                        };
                        let v = match g.next() % 4 {
                            0 => 2 + (g.next() % fs.clusters as u64) as u32,
                            1 => 0,
                            2 => g.next() as u32,
                            _ => c,
                        };
                        fs.set(c, v);
                        fs.flush_fat().unwrap();
                    }
                }
                let _ = read_file(&r, "EFI/Linux/usr-a.efi", 1 << 20);
                let _ = read_file(&r, "EFI/Linux/long name.efi", 1 << 20);
                match write(&r, "EFI/Linux/usr-b.efi", &bytes(5, 4000)) {
                    Ok(()) => done += 1,
                    Err(_) => refused += 1,
                }
                let _ = write(&r, "EFI/Linux/usr-c.efi", b"c");
                let _ = write(&r, "new.efi", b"n");
                let _ = read_file(&r, "EFI/Linux/usr-b.efi", 1 << 20);
                img.check_outside();
            }
            assert!(refused > 50 && done > 50, "{mkfs:?}: {refused} writes refused, {done} done");
        }
    }

    #[test]
    fn hostile_filesystems_are_refused() {
        let g = tmp("garbage");
        std::fs::write(&g.0, bytes(7, 1 << 20)).unwrap();
        let f = OpenOptions::new().read(true).write(true).open(&g.0).unwrap();
        for (offset, len) in [(0, 1 << 20), (1 << 20, 1 << 20), (u64::MAX - 5, 100), (0, 100)] {
            let r = Region { file: &f, offset, len };
            assert!(read_file(&r, "EFI/Linux/usr-b.efi", 1 << 30).unwrap_err().starts_with("ESP: "));
            assert!(write(&r, "EFI/Linux/usr-b.efi", b"x").unwrap_err().starts_with("ESP: "));
        }
        assert!(std::fs::read(&g.0).unwrap() == bytes(7, 1 << 20));

        let img = Img::new(&["-F", "16"], 16 * 1024, 0, 0);
        img.mmd("EFI");
        img.mmd("EFI/Linux");
        img.put("EFI/Linux/usr-a.efi", &bytes(1, 30_000));
        img.put("EFI/Linux/usr-b.efi", &bytes(2, 30_000));
        let pristine = std::fs::read(&img.file.0).unwrap();
        let f = img.open();
        let r = img.region(&f);
        let refused = |want: &str| {
            let before = std::fs::read(&img.file.0).unwrap();
            let e = read_file(&r, "EFI/Linux/usr-b.efi", 1 << 30).unwrap_err();
            assert!(e.contains(want), "{e}");
            let e = write(&r, "EFI/Linux/usr-b.efi", b"new").unwrap_err();
            assert!(e.contains(want), "{e}");
            assert!(std::fs::read(&img.file.0).unwrap() == before, "a refused write changed the image");
            std::fs::write(&img.file.0, &pristine).unwrap();
        };
        let short = Region { file: &f, offset: 0, len: 8 << 20 };
        assert!(read_file(&short, "x", 1).unwrap_err().contains("larger than its partition"));
        for (at, value, want) in [
            (11, &[0u8, 0][..], "bytes per sector"),
            (11, &[0, 3], "bytes per sector"),
            (13, &[3], "sectors per cluster"),
            (13, &[0], "sectors per cluster"),
            (14, &[0, 0], "reserved sectors"),
            (16, &[0], "FATs"),
            (17, &[0, 0], "no root directory entries"),
            (19, &[0xFF, 0xFF], "larger than its partition"),
            (22, &[1, 0], "cannot map"),
            (22, &[0, 0], "not a valid FAT boot sector"),
            (510, &[0, 0], "55 AA"),
        ] {
            f.write_all_at(value, at).unwrap();
            refused(want);
        }

        // Damaged chains, of the file and of its directory.
        let (linux, b, pos) = {
            let fs = Fs::open(&r).unwrap();
            let linux = fs.open_dir(&["EFI", "Linux"]).unwrap();
            let i = linux.find("usr-b.efi").unwrap();
            let b = fs.chain(fs.first_cluster(linux.entry(i)), "b").unwrap();
            (linux.clusters.clone(), b, fs.entry_pos(&linux, i))
        };
        let set = |c: u32, v: u32| {
            let mut fs = Fs::open(&r).unwrap();
            fs.set(c, v);
            fs.flush_fat().unwrap();
        };
        set(*b.last().unwrap(), b[0]);
        refused("FAT chain of EFI/Linux/usr-b.efi loops");
        set(b[3], b[3]);
        refused("FAT chain of EFI/Linux/usr-b.efi loops");
        set(b[3], 0);
        refused("is marked free");
        set(b[3], 0xFFF7);
        refused("holds 0xfff7");
        set(b[3], 0xFFF0);
        refused("holds 0xfff0");
        set(b[3], 1);
        refused("holds 0x1");
        set(linux[0], linux[0]);
        refused("FAT chain of EFI/Linux loops");
        set(linux[0], 0);
        refused("FAT chain of EFI/Linux is broken");
        // The entry of usr-b.efi pointing outside, or at its own directory.
        f.write_all_at(&0xFFF0u16.to_le_bytes(), pos + 26).unwrap();
        refused("points outside the filesystem");
        f.write_all_at(&(linux[0] as u16).to_le_bytes(), pos + 26).unwrap();
        let e = write(&r, "EFI/Linux/usr-b.efi", b"x").unwrap_err();
        assert!(e.contains("runs into its directory"), "{e}");
        // A directory entry for EFI/Linux that points outside.
        std::fs::write(&img.file.0, &pristine).unwrap();
        let efi = Fs::open(&r).unwrap().open_dir(&["EFI"]).unwrap();
        let at = Fs::open(&r).unwrap().entry_pos(&efi, efi.find("Linux").unwrap());
        f.write_all_at(&[0, 0], at + 26).unwrap();
        refused("FAT chain of EFI/Linux points outside the filesystem (cluster 0)");
        std::fs::write(&img.file.0, &pristine).unwrap();
        img.fsck();
    }
}

/// `a / b` rounded up (the toolchain that builds the agent predates `u64::div_ceil`).
#[allow(clippy::manual_div_ceil)]
fn div_ceil(a: u64, b: u64) -> u64 {
    a / b + u64::from(a % b != 0)
}
