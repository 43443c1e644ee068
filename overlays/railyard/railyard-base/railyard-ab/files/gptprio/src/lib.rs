//! A/B slot choice on a GUID partition table, with Flatcar's `gptprio` semantics, for the
//! UEFI boot selector and the update agent alike.
//!
//! Every partition of the slot type (Flatcar's /usr, `5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6`)
//! carries three fields in its GPT attribute bits:
//!
//! | bits  | field      | meaning                                              |
//! |-------|------------|------------------------------------------------------|
//! | 48–51 | priority   | 0–15, the highest qualifying slot boots              |
//! | 52–55 | tries      | boots left before the slot is given up               |
//! | 56    | successful | the slot has booted to its "good" point before       |
//!
//! A slot qualifies when `tries > 0 || successful`. Booting a slot with tries left spends one
//! try, written back to the disk (backup table first, then the primary) before the slot's
//! kernel starts, so a slot that never reaches its good point is not chosen again once its
//! tries are spent: the machine comes back on the other slot by itself.
//!
//! The crate is `no_std`, allocates nothing and has no `unsafe`: the caller hands in the
//! block device ([`Disk`]) and a buffer for the entry array.

#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(test)]
extern crate std;

/// The GPT type of Flatcar's (and Railyard's) USR-A/USR-B partitions,
/// 5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6, as stored on disk (mixed-endian).
pub const USR_TYPE: [u8; 16] = guid_bytes(
    0x5dfbf5f4,
    0x2848,
    0x4bac,
    [0xaa, 0x5e, 0x0d, 0x9a, 0x20, 0xb7, 0x45, 0xa6],
);

/// The partition types that take part in the slot choice: Flatcar's /usr type, and the
/// Discoverable Partitions Specification's /usr types for x86-64 and arm64
/// (8484680c-9521-48c6-9c11-b0720656f69e, b0e01050-ee5f-4390-949a-9101b17104e9), which
/// `build_image --disk_layout=discoverable` uses.
pub const USR_TYPES: [[u8; 16]; 3] = [
    USR_TYPE,
    guid_bytes(0x8484680c, 0x9521, 0x48c6, [0x9c, 0x11, 0xb0, 0x72, 0x06, 0x56, 0xf6, 0x9e]),
    guid_bytes(0xb0e01050, 0xee5f, 0x4390, [0x94, 0x9a, 0x91, 0x01, 0xb1, 0x71, 0x04, 0xe9]),
];

/// The on-disk byte order of a GUID given in its text order.
pub const fn guid_bytes(a: u32, b: u16, c: u16, d: [u8; 8]) -> [u8; 16] {
    let a = a.to_le_bytes();
    let b = b.to_le_bytes();
    let c = c.to_le_bytes();
    [
        a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5], d[6],
        d[7],
    ]
}

const SIGNATURE: &[u8; 8] = b"EFI PART";
const PRIORITY_SHIFT: u32 = 48;
const TRIES_SHIFT: u32 = 52;
const SUCCESSFUL_BIT: u64 = 1 << 56;
/// The largest entry array this crate handles (the usual 128 entries of 128 bytes is 16 KiB).
pub const MAX_ENTRIES_BYTES: usize = 64 * 1024;

/// What went wrong, in words a console can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// Reading or writing the disk failed.
    Io,
    /// Neither the primary nor the backup GPT header is valid.
    NoValidTable,
    /// The header is valid but its entry array is not (CRC, size or position).
    BadEntries,
    /// The entry array does not fit the buffer given.
    BufferTooSmall,
    /// No partition of the slot type qualifies (no tries left and none marked successful).
    NoBootableSlot,
    /// The entry index is not a partition of the slot type.
    NotASlot,
    /// A field value is out of range (priority > 15, tries > 15).
    OutOfRange,
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Error::Io => "the disk could not be read or written",
            Error::NoValidTable => "neither the primary nor the backup GPT header is valid",
            Error::BadEntries => "the GPT partition entry array is damaged (CRC or size)",
            Error::BufferTooSmall => {
                "the GPT partition entry array is larger than this program handles"
            }
            Error::NoBootableSlot => {
                "no USR slot can boot: none has tries left or is marked successful"
            }
            Error::NotASlot => "that partition is not a USR slot",
            Error::OutOfRange => "priority and tries are 0-15",
        })
    }
}

/// The A/B fields of one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attrs {
    /// 0–15; the highest qualifying slot boots.
    pub priority: u8,
    /// Boots left (0–15).
    pub tries: u8,
    /// Booted to its good point before.
    pub successful: bool,
}

impl Attrs {
    /// The fields of a GPT attribute word.
    pub fn from_bits(bits: u64) -> Attrs {
        Attrs {
            priority: ((bits >> PRIORITY_SHIFT) & 0xf) as u8,
            tries: ((bits >> TRIES_SHIFT) & 0xf) as u8,
            successful: bits & SUCCESSFUL_BIT != 0,
        }
    }
    /// `bits` with these fields; every other bit kept.
    pub fn to_bits(self, bits: u64) -> Result<u64, Error> {
        if self.priority > 15 || self.tries > 15 {
            return Err(Error::OutOfRange);
        }
        let mask = (0xf << PRIORITY_SHIFT) | (0xf << TRIES_SHIFT) | SUCCESSFUL_BIT;
        let mut v = bits & !mask;
        v |= (self.priority as u64) << PRIORITY_SHIFT;
        v |= (self.tries as u64) << TRIES_SHIFT;
        if self.successful {
            v |= SUCCESSFUL_BIT;
        }
        Ok(v)
    }
    /// May this slot boot?
    pub fn qualifies(self) -> bool {
        self.tries > 0 || self.successful
    }
}

/// CRC-32 (IEEE 802.3, reflected, as GPT uses).
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0xffff_ffff, data) ^ 0xffff_ffff
}

const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

fn crc32_update(mut c: u32, data: &[u8]) -> u32 {
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    c
}

fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}
fn u64_at(b: &[u8], o: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[o..o + 8]);
    u64::from_le_bytes(a)
}

/// The fields of a GPT header this crate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Header size in bytes (92 for every GPT written today).
    pub size: u32,
    /// LBA of this header.
    pub my_lba: u64,
    /// LBA of the other header.
    pub alternate_lba: u64,
    /// First LBA of this copy's entry array.
    pub entries_lba: u64,
    /// Number of entries.
    pub num_entries: u32,
    /// Size of one entry (128 or a larger power of two).
    pub entry_size: u32,
    /// CRC-32 of the entry array.
    pub entries_crc: u32,
}

impl Header {
    /// Parses and checks a header block: signature, size, CRC, entry geometry.
    pub fn parse(block: &[u8]) -> Option<Header> {
        if block.len() < 92 || &block[0..8] != SIGNATURE {
            return None;
        }
        let size = u32_at(block, 12);
        if size < 92 || size as usize > block.len() {
            return None;
        }
        let stored = u32_at(block, 16);
        let mut c = crc32_update(0xffff_ffff, &block[0..16]);
        c = crc32_update(c, &[0, 0, 0, 0]);
        c = crc32_update(c, &block[20..size as usize]) ^ 0xffff_ffff;
        if c != stored {
            return None;
        }
        let h = Header {
            size,
            my_lba: u64_at(block, 24),
            alternate_lba: u64_at(block, 32),
            entries_lba: u64_at(block, 72),
            num_entries: u32_at(block, 80),
            entry_size: u32_at(block, 84),
            entries_crc: u32_at(block, 88),
        };
        if h.entry_size < 128 || !h.entry_size.is_power_of_two() || h.entries_len().is_none() {
            return None;
        }
        Some(h)
    }

    /// Bytes of the entry array, if it is of a size this crate handles.
    pub fn entries_len(&self) -> Option<usize> {
        let n = (self.num_entries as usize).checked_mul(self.entry_size as usize)?;
        (n > 0 && n <= MAX_ENTRIES_BYTES).then_some(n)
    }
}

/// Writes a new entry-array CRC into a header block and re-computes the header CRC.
pub fn reseal_header(block: &mut [u8], entries: &[u8]) {
    let size = u32_at(block, 12) as usize;
    block[88..92].copy_from_slice(&crc32(entries).to_le_bytes());
    block[16..20].copy_from_slice(&[0, 0, 0, 0]);
    let c = crc32(&block[..size]);
    block[16..20].copy_from_slice(&c.to_le_bytes());
}

/// The slots (partitions of one of `slot_types`) of an entry array: (entry index, fields).
pub fn slots<'a>(
    entries: &'a [u8],
    entry_size: usize,
    slot_types: &'a [[u8; 16]],
) -> impl Iterator<Item = (usize, Attrs)> + 'a {
    entries
        .chunks_exact(entry_size)
        .enumerate()
        .filter(move |(_, e)| slot_types.iter().any(|t| &e[0..16] == t))
        .map(|(i, e)| (i, Attrs::from_bits(u64_at(e, 48))))
}

/// The slot that boots: the qualifying slot of highest priority (the lowest entry index on a
/// tie, as Flatcar's GRUB does).
pub fn choose(entries: &[u8], entry_size: usize, slot_types: &[[u8; 16]]) -> Option<(usize, Attrs)> {
    choose_skipping(entries, entry_size, slot_types, &[])
}

/// [`choose`] leaving out the entries in `skip` (slots whose kernel image could not be
/// started in this boot).
pub fn choose_skipping(entries: &[u8], entry_size: usize, slot_types: &[[u8; 16]], skip: &[usize]) -> Option<(usize, Attrs)> {
    let mut best: Option<(usize, Attrs)> = None;
    for (i, a) in slots(entries, entry_size, slot_types).filter(|(i, _)| !skip.contains(i)) {
        let better = match best {
            None => true,
            Some((_, b)) => a.priority > b.priority,
        };
        if a.qualifies() && better {
            best = Some((i, a));
        }
    }
    best
}

/// Sets one slot's fields (other attribute bits kept).
pub fn set(
    entries: &mut [u8],
    entry_size: usize,
    slot_types: &[[u8; 16]],
    index: usize,
    attrs: Attrs,
) -> Result<(), Error> {
    let e = entries
        .chunks_exact_mut(entry_size)
        .nth(index)
        .ok_or(Error::NotASlot)?;
    if !slot_types.iter().any(|t| &e[0..16] == t) {
        return Err(Error::NotASlot);
    }
    let bits = attrs.to_bits(u64_at(e, 48))?;
    e[48..56].copy_from_slice(&bits.to_le_bytes());
    Ok(())
}

/// Chooses the slot that boots now and spends one of its tries: the boot path's step.
/// Returns the entry index and the fields as written.
pub fn next(
    entries: &mut [u8],
    entry_size: usize,
    slot_types: &[[u8; 16]],
) -> Result<(usize, Attrs), Error> {
    next_skipping(entries, entry_size, slot_types, &[])
}

/// [`next`] leaving out the entries in `skip`.
pub fn next_skipping(
    entries: &mut [u8],
    entry_size: usize,
    slot_types: &[[u8; 16]],
    skip: &[usize],
) -> Result<(usize, Attrs), Error> {
    let (i, mut a) = choose_skipping(entries, entry_size, slot_types, skip).ok_or(Error::NoBootableSlot)?;
    if a.tries > 0 {
        a.tries -= 1;
        set(entries, entry_size, slot_types, i, a)?;
    }
    Ok((i, a))
}

/// Makes `index` the highest-priority slot, keeping the others' order below it: the new slot
/// gets one more than the highest other priority (the others are lowered when that would
/// pass 15).
pub fn prioritize(
    entries: &mut [u8],
    entry_size: usize,
    slot_types: &[[u8; 16]],
    index: usize,
) -> Result<(), Error> {
    let mut target = Attrs::default();
    let mut top = 0u8;
    let mut found = false;
    for (i, a) in slots(entries, entry_size, slot_types) {
        if i == index {
            target = a;
            found = true;
        } else {
            top = top.max(a.priority);
        }
    }
    if !found {
        return Err(Error::NotASlot);
    }
    if top >= 15 {
        // make room: every other slot down by one (0 stays 0)
        let others: [Option<(usize, Attrs)>; 16] = {
            let mut o = [None; 16];
            for (k, (i, a)) in slots(entries, entry_size, slot_types)
                .filter(|(i, _)| *i != index)
                .take(16)
                .enumerate()
            {
                o[k] = Some((i, a));
            }
            o
        };
        for (i, mut a) in others.into_iter().flatten() {
            a.priority = a.priority.saturating_sub(1);
            set(entries, entry_size, slot_types, i, a)?;
        }
        top = 14;
    }
    target.priority = top + 1;
    set(entries, entry_size, slot_types, index, target)
}

/// A block device: the UEFI Block I/O protocol on the machine, a file in tests and tools.
pub trait Disk {
    /// Logical block size in bytes (512 or 4096).
    fn block_size(&self) -> usize;
    /// Number of logical blocks.
    fn blocks(&self) -> u64;
    /// Reads whole blocks starting at `lba` into `buf` (a multiple of the block size).
    fn read(&mut self, lba: u64, buf: &mut [u8]) -> Result<(), Error>;
    /// Writes whole blocks starting at `lba`.
    fn write(&mut self, lba: u64, buf: &[u8]) -> Result<(), Error>;
    /// Makes the writes durable.
    fn flush(&mut self) -> Result<(), Error>;
}

const MAX_BLOCK: usize = 4096;

fn read_header<D: Disk>(d: &mut D, lba: u64, block: &mut [u8]) -> Result<Option<Header>, Error> {
    d.read(lba, block)?;
    Ok(Header::parse(block).filter(|h| h.my_lba == lba))
}

fn read_entries<D: Disk>(d: &mut D, h: &Header, buf: &mut [u8]) -> Result<bool, Error> {
    let bs = d.block_size();
    let len = h.entries_len().ok_or(Error::BadEntries)?;
    let padded = round_up(len, bs);
    if padded > buf.len() {
        return Err(Error::BufferTooSmall);
    }
    if h.entries_lba >= d.blocks() || h.entries_lba + (padded / bs) as u64 > d.blocks() {
        return Ok(false);
    }
    d.read(h.entries_lba, &mut buf[..padded])?;
    Ok(crc32(&buf[..len]) == h.entries_crc)
}

/// Reads the partition table (the primary copy, or the backup when the primary is damaged),
/// lets `change` edit the entry array, and writes both copies back — the backup first, then
/// the primary, each with its CRCs re-computed — so a power cut between the writes leaves
/// one valid copy holding either the old or the new table. `buf` holds the entry array (16 KiB
/// for the usual 128 entries; [`MAX_ENTRIES_BYTES`] at most). Nothing is written when `change`
/// fails or changes nothing.
pub fn update<D: Disk, R>(
    d: &mut D,
    buf: &mut [u8],
    change: impl FnOnce(&mut [u8], usize) -> Result<R, Error>,
) -> Result<R, Error> {
    let bs = d.block_size();
    if !(512..=MAX_BLOCK).contains(&bs) || !bs.is_power_of_two() || d.blocks() < 3 {
        return Err(Error::NoValidTable);
    }
    let last = d.blocks() - 1;
    let mut pblock = [0u8; MAX_BLOCK];
    let mut bblock = [0u8; MAX_BLOCK];
    let primary = read_header(d, 1, &mut pblock[..bs])?;
    let primary_ok = match &primary {
        Some(h) => read_entries(d, h, buf)?,
        None => false,
    };
    // the backup: where the primary says, else the disk's last block
    let blba = primary
        .map(|h| h.alternate_lba)
        .filter(|&l| l > 1 && l <= last)
        .unwrap_or(last);
    let backup = read_header(d, blba, &mut bblock[..bs])?;
    let (h, from_primary) = if primary_ok {
        (primary.expect("checked"), true)
    } else {
        match backup {
            Some(b) if read_entries(d, &b, buf)? => (b, false),
            _ => return Err(Error::NoValidTable),
        }
    };
    let len = h.entries_len().ok_or(Error::BadEntries)?;
    let padded = round_up(len, bs);
    let before = crc32(&buf[..len]);
    let r = change(&mut buf[..len], h.entry_size as usize)?;
    let after = crc32(&buf[..len]);
    let both_good = primary_ok
        && backup
            .map(|b| b.entries_crc == before && b.entries_len() == Some(len))
            .unwrap_or(false);
    if after == before && both_good {
        return Ok(r);
    }
    let entry_blocks = (padded / bs) as u64;
    // a damaged or missing copy is rebuilt from the good one
    let (b_lba, b_entries) = match backup {
        Some(b) if from_primary && b.entries_len() == Some(len) => (b.my_lba, b.entries_lba),
        Some(b) if !from_primary => (b.my_lba, b.entries_lba),
        _ => {
            bblock = pblock;
            let e = blba
                .checked_sub(entry_blocks)
                .filter(|&e| e > 1 + entry_blocks)
                .ok_or(Error::NoValidTable)?;
            relocate(&mut bblock[..bs], blba, 1, e);
            (blba, e)
        }
    };
    if !from_primary {
        pblock = bblock;
        relocate(&mut pblock[..bs], 1, b_lba, 2);
    }
    let p_entries = u64_at(&pblock, 72);
    // the backup copy first: until the primary is written, the old primary is intact
    reseal_header(&mut bblock[..bs], &buf[..len]);
    pad_and_write(d, b_entries, buf, len, padded)?;
    d.write(b_lba, &bblock[..bs])?;
    d.flush()?;
    reseal_header(&mut pblock[..bs], &buf[..len]);
    pad_and_write(d, p_entries, buf, len, padded)?;
    d.write(1, &pblock[..bs])?;
    d.flush()?;
    Ok(r)
}

fn round_up(n: usize, to: usize) -> usize {
    (n + to - 1) / to * to
}

/// Points a copied header block at its own location.
fn relocate(block: &mut [u8], my: u64, other: u64, entries_lba: u64) {
    block[24..32].copy_from_slice(&my.to_le_bytes());
    block[32..40].copy_from_slice(&other.to_le_bytes());
    block[72..80].copy_from_slice(&entries_lba.to_le_bytes());
}

fn pad_and_write<D: Disk>(
    d: &mut D,
    lba: u64,
    buf: &mut [u8],
    len: usize,
    padded: usize,
) -> Result<(), Error> {
    for b in &mut buf[len..padded] {
        *b = 0;
    }
    d.write(lba, &buf[..padded])
}

/// The boot path's step on a disk: choose the slot, spend one try, write the table back.
/// Returns the entry index (partition number - 1) and its fields as written.
pub fn boot_next<D: Disk>(d: &mut D, buf: &mut [u8]) -> Result<(usize, Attrs), Error> {
    update(d, buf, |e, size| next(e, size, &USR_TYPES))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OTHER: [u8; 16] = guid_bytes(
        0x0fc63daf,
        0x8483,
        0x4772,
        [0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4],
    );

    /// Entry array: ESP-like entry 0 (other type), USR-A at 2, USR-B at 3 (Flatcar's p3/p4).
    fn table(a: Attrs, b: Attrs) -> std::vec::Vec<u8> {
        let mut e = std::vec![0u8; 128 * 8];
        e[0..16].copy_from_slice(&OTHER);
        e[2 * 128..2 * 128 + 16].copy_from_slice(&USR_TYPE);
        e[3 * 128..3 * 128 + 16].copy_from_slice(&USR_TYPE);
        set(&mut e, 128, &USR_TYPES, 2, a).unwrap();
        set(&mut e, 128, &USR_TYPES, 3, b).unwrap();
        e
    }
    fn at(p: u8, t: u8, s: bool) -> Attrs {
        Attrs {
            priority: p,
            tries: t,
            successful: s,
        }
    }
    fn get(e: &[u8], i: usize) -> Attrs {
        slots(e, 128, &USR_TYPES).find(|(k, _)| *k == i).unwrap().1
    }

    #[test]
    fn a_slot_that_cannot_be_started_is_skipped_for_the_next() {
        // B on trial, its kernel image missing: B's try is spent, then A is chosen (A good:
        // nothing to spend) and B is not chosen again
        let mut e = table(at(1, 0, true), at(2, 1, false));
        assert_eq!(next_skipping(&mut e, 128, &USR_TYPES, &[]), Ok((3, at(2, 0, false))));
        assert_eq!(next_skipping(&mut e, 128, &USR_TYPES, &[3]), Ok((2, at(1, 0, true))));
        // both good, the better one skipped: the other; both skipped: none
        let mut e = table(at(1, 0, true), at(2, 0, true));
        assert_eq!(next_skipping(&mut e, 128, &USR_TYPES, &[3]), Ok((2, at(1, 0, true))));
        assert_eq!(next_skipping(&mut e, 128, &USR_TYPES, &[2, 3]), Err(Error::NoBootableSlot));
    }

    #[test]
    fn every_row_of_the_attribute_table() {
        // (A, B) -> chosen entry and its fields after the boot step
        let rows: &[(Attrs, Attrs, Option<(usize, Attrs)>)] = &[
            // the image as built: A good, B empty
            (at(1, 0, true), at(0, 0, false), Some((2, at(1, 0, true)))),
            // both good: the higher priority wins
            (at(1, 0, true), at(2, 0, true), Some((3, at(2, 0, true)))),
            (at(2, 0, true), at(1, 0, true), Some((2, at(2, 0, true)))),
            // an update in B with one try: B boots and spends it
            (at(1, 0, true), at(2, 1, false), Some((3, at(2, 0, false)))),
            // tries spent, never good: back on A
            (at(1, 0, true), at(2, 0, false), Some((2, at(1, 0, true)))),
            // several tries
            (at(1, 0, true), at(2, 3, false), Some((3, at(2, 2, false)))),
            // equal priority: the lower entry (USR-A) wins, as with Flatcar's GRUB
            (at(1, 0, true), at(1, 0, true), Some((2, at(1, 0, true)))),
            // a good slot of priority 0 still qualifies
            (at(0, 0, true), at(0, 0, false), Some((2, at(0, 0, true)))),
            // neither qualifies
            (at(1, 0, false), at(2, 0, false), None),
        ];
        for (a, b, want) in rows {
            let mut e = table(*a, *b);
            let got = next(&mut e, 128, &USR_TYPES).ok();
            assert_eq!(got, *want, "A={a:?} B={b:?}");
            match want {
                Some((i, w)) => {
                    assert_eq!(get(&e, *i), *w, "written back");
                    let other = if *i == 2 { 3 } else { 2 };
                    assert_eq!(
                        get(&e, other),
                        if other == 2 { *a } else { *b },
                        "the other slot is untouched"
                    );
                }
                None => assert_eq!(e, table(*a, *b), "nothing changes when nothing can boot"),
            }
        }
        assert_eq!(
            next(&mut table(at(1, 0, false), at(0, 0, false)), 128, &USR_TYPES),
            Err(Error::NoBootableSlot)
        );
    }

    #[test]
    fn discoverable_usr_types_are_slots_too() {
        let mut e = table(at(1, 0, true), at(2, 1, false));
        // the same table with the DPS x86-64 /usr type
        e[2 * 128..2 * 128 + 16].copy_from_slice(&USR_TYPES[1]);
        e[3 * 128..3 * 128 + 16].copy_from_slice(&USR_TYPES[1]);
        assert_eq!(next(&mut e, 128, &USR_TYPES), Ok((3, at(2, 0, false))));
        assert_eq!(choose(&e, 128, &[USR_TYPE]), None, "only the types asked for");
    }

    #[test]
    fn other_bits_and_types_are_kept() {
        let mut e = table(at(1, 0, true), at(0, 0, false));
        // bit 0 (platform required) and bit 60 (read-only) on USR-B survive
        e[3 * 128 + 48..3 * 128 + 56].copy_from_slice(&(1u64 | 1 << 60).to_le_bytes());
        set(&mut e, 128, &USR_TYPES, 3, at(2, 1, false)).unwrap();
        let bits = u64_at(&e, 3 * 128 + 48);
        assert_eq!(bits & (1 | 1 << 60), 1 | 1 << 60);
        assert_eq!(Attrs::from_bits(bits), at(2, 1, false));
        assert_eq!(
            set(&mut e, 128, &USR_TYPES, 0, at(1, 1, false)),
            Err(Error::NotASlot)
        );
        assert_eq!(
            set(&mut e, 128, &USR_TYPES, 3, at(16, 0, false)),
            Err(Error::OutOfRange)
        );
    }

    #[test]
    fn prioritize_puts_the_slot_on_top() {
        let mut e = table(at(1, 0, true), at(0, 0, false));
        prioritize(&mut e, 128, &USR_TYPES, 3).unwrap();
        assert_eq!((get(&e, 2).priority, get(&e, 3).priority), (1, 2));
        prioritize(&mut e, 128, &USR_TYPES, 2).unwrap();
        assert_eq!((get(&e, 2).priority, get(&e, 3).priority), (3, 2));
        let mut e = table(at(15, 0, true), at(0, 0, false));
        prioritize(&mut e, 128, &USR_TYPES, 3).unwrap();
        assert_eq!((get(&e, 2).priority, get(&e, 3).priority), (14, 15));
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }
}
