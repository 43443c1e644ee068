//! A GPT writer and reader working on a disk image file.
//!
//! Unlike the `gpt` crate (which compacts entries, so ROOT would become p7), entries are
//! written at slot `num - 1`, keeping Flatcar's numbering with its gaps. The writer is
//! deterministic: every GUID comes from the [`PlannedDisk`].

use crate::guid::Guid;
use crate::layout::{PartitionPlan, PlannedDisk};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

const SECTOR: u64 = 512;
const ENTRIES: u32 = 128;
const ENTRY_SIZE: u32 = 128;
const ENTRY_SECTORS: u64 = (ENTRIES as u64 * ENTRY_SIZE as u64) / SECTOR;
const SIGNATURE: &[u8; 8] = b"EFI PART";

/// GPT read/write errors.
#[derive(Debug, thiserror::Error)]
pub enum GptError {
    /// I/O on the image failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The table is missing or damaged.
    #[error("{0}")]
    Corrupt(String),
}

fn entries_bytes(disk: &PlannedDisk) -> Result<Vec<u8>, GptError> {
    let mut buf = vec![0u8; (ENTRIES * ENTRY_SIZE) as usize];
    for p in &disk.partitions {
        let slot = (p.num - 1) as usize * ENTRY_SIZE as usize;
        let e = &mut buf[slot..slot + ENTRY_SIZE as usize];
        e[0..16].copy_from_slice(&p.type_guid.to_gpt_bytes());
        e[16..32].copy_from_slice(&p.uuid.to_gpt_bytes());
        e[32..40].copy_from_slice(&p.first_lba().to_le_bytes());
        e[40..48].copy_from_slice(&p.last_lba().to_le_bytes());
        e[48..56].copy_from_slice(&p.attributes.to_le_bytes());
        for (i, u) in p.label.encode_utf16().enumerate() {
            if i >= 36 {
                return Err(GptError::Corrupt(format!("partition name {:?} is longer than 36 UTF-16 units", p.label)));
            }
            e[56 + 2 * i..58 + 2 * i].copy_from_slice(&u.to_le_bytes());
        }
    }
    Ok(buf)
}

fn header(disk: &PlannedDisk, current: u64, backup: u64, entries_lba: u64, entries_crc: u32) -> [u8; 512] {
    let last = disk.size / SECTOR - 1;
    let mut h = [0u8; 512];
    h[0..8].copy_from_slice(SIGNATURE);
    h[8..12].copy_from_slice(&0x0001_0000u32.to_le_bytes());
    h[12..16].copy_from_slice(&92u32.to_le_bytes());
    h[24..32].copy_from_slice(&current.to_le_bytes());
    h[32..40].copy_from_slice(&backup.to_le_bytes());
    h[40..48].copy_from_slice(&(2 + ENTRY_SECTORS).to_le_bytes());
    h[48..56].copy_from_slice(&(last - 1 - ENTRY_SECTORS).to_le_bytes());
    h[56..72].copy_from_slice(&disk.disk_guid.to_gpt_bytes());
    h[72..80].copy_from_slice(&entries_lba.to_le_bytes());
    h[80..84].copy_from_slice(&ENTRIES.to_le_bytes());
    h[84..88].copy_from_slice(&ENTRY_SIZE.to_le_bytes());
    h[88..92].copy_from_slice(&entries_crc.to_le_bytes());
    let crc = crc32fast::hash(&h[..92]);
    h[16..20].copy_from_slice(&crc.to_le_bytes());
    h
}

fn protective_mbr(disk_sectors: u64) -> [u8; 512] {
    let mut m = [0u8; 512];
    let e = &mut m[446..462];
    e[1..4].copy_from_slice(&[0x00, 0x02, 0x00]); // CHS of LBA 1
    e[4] = 0xEE;
    e[5..8].copy_from_slice(&[0xFF, 0xFF, 0xFF]);
    e[8..12].copy_from_slice(&1u32.to_le_bytes());
    let n = (disk_sectors - 1).min(u32::MAX as u64) as u32;
    e[12..16].copy_from_slice(&n.to_le_bytes());
    m[510] = 0x55;
    m[511] = 0xAA;
    m
}

/// Writes the protective MBR, the primary and the backup GPT into `file`, whose length must
/// already be `disk.size`. Call this last, once every partition holds its content, so a
/// half-built image never carries a valid table.
pub fn write(file: &mut File, disk: &PlannedDisk) -> Result<(), GptError> {
    let len = file.metadata()?.len();
    if len != disk.size {
        return Err(GptError::Corrupt(format!("image is {len} bytes but the layout needs {}", disk.size)));
    }
    let sectors = disk.size / SECTOR;
    let first_usable = 2 + ENTRY_SECTORS;
    let last_usable = sectors - 2 - ENTRY_SECTORS;
    for p in &disk.partitions {
        if p.first_lba() < first_usable || p.last_lba() > last_usable {
            return Err(GptError::Corrupt(format!(
                "partition {} ({}) lies outside the usable LBAs {first_usable}-{last_usable}",
                p.num, p.label
            )));
        }
    }
    let entries = entries_bytes(disk)?;
    let crc = crc32fast::hash(&entries);
    let backup_entries = sectors - 1 - ENTRY_SECTORS;
    let primary = header(disk, 1, sectors - 1, 2, crc);
    let backup = header(disk, sectors - 1, 1, backup_entries, crc);
    // Backup first, primary last: an interrupted write leaves no valid primary table.
    file.seek(SeekFrom::Start(backup_entries * SECTOR))?;
    file.write_all(&entries)?;
    file.seek(SeekFrom::Start((sectors - 1) * SECTOR))?;
    file.write_all(&backup)?;
    file.seek(SeekFrom::Start(2 * SECTOR))?;
    file.write_all(&entries)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&protective_mbr(sectors))?;
    file.write_all(&primary)?;
    Ok(())
}

/// A partition read back from a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// GPT number (slot + 1).
    pub num: u32,
    /// Type GUID.
    pub type_guid: Guid,
    /// Unique GUID.
    pub uuid: Guid,
    /// First byte.
    pub start: u64,
    /// Length in bytes.
    pub size: u64,
    /// Attribute bits.
    pub attributes: u64,
    /// Name.
    pub label: String,
}

/// A table read back from an image.
#[derive(Debug, Clone)]
pub struct Table {
    /// Disk GUID.
    pub disk_guid: Guid,
    /// Used entries in number order.
    pub entries: Vec<Entry>,
}

impl Table {
    /// The entry with this GPT name.
    pub fn by_label(&self, label: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.label == label)
    }
}

/// Reads and checks the primary GPT (signature, header CRC, entry-array CRC).
pub fn read(file: &mut File) -> Result<Table, GptError> {
    let len = file.metadata()?.len();
    if len < 34 * SECTOR {
        return Err(GptError::Corrupt(format!("image is only {len} bytes: too small for a GPT")));
    }
    let mut h = [0u8; 512];
    file.seek(SeekFrom::Start(SECTOR))?;
    file.read_exact(&mut h)?;
    if &h[0..8] != SIGNATURE {
        return Err(GptError::Corrupt("no GPT signature at LBA 1".into()));
    }
    let hsize = u32::from_le_bytes(h[12..16].try_into().expect("4 bytes")) as usize;
    if !(92..=512).contains(&hsize) {
        return Err(GptError::Corrupt(format!("GPT header size {hsize} is invalid")));
    }
    let stored = u32::from_le_bytes(h[16..20].try_into().expect("4 bytes"));
    let mut hc = h;
    hc[16..20].fill(0);
    if crc32fast::hash(&hc[..hsize]) != stored {
        return Err(GptError::Corrupt("GPT header CRC mismatch".into()));
    }
    let entries_lba = u64::from_le_bytes(h[72..80].try_into().expect("8 bytes"));
    let n = u32::from_le_bytes(h[80..84].try_into().expect("4 bytes"));
    let esz = u32::from_le_bytes(h[84..88].try_into().expect("4 bytes"));
    let ecrc = u32::from_le_bytes(h[88..92].try_into().expect("4 bytes"));
    if esz < 128 || n == 0 || n > 1024 || (n as u64 * esz as u64) > 1 << 20 {
        return Err(GptError::Corrupt(format!("GPT entry array {n}x{esz} is invalid")));
    }
    let mut arr = vec![0u8; (n * esz) as usize];
    file.seek(SeekFrom::Start(entries_lba * SECTOR))?;
    file.read_exact(&mut arr)?;
    if crc32fast::hash(&arr) != ecrc {
        return Err(GptError::Corrupt("GPT partition entry array CRC mismatch".into()));
    }
    let mut g = [0u8; 16];
    g.copy_from_slice(&h[56..72]);
    let disk_guid = Guid::from_gpt_bytes(&g);
    let mut entries = Vec::new();
    for i in 0..n as usize {
        let e = &arr[i * esz as usize..(i + 1) * esz as usize];
        let mut t = [0u8; 16];
        t.copy_from_slice(&e[0..16]);
        if t == [0u8; 16] {
            continue;
        }
        let mut u = [0u8; 16];
        u.copy_from_slice(&e[16..32]);
        let first = u64::from_le_bytes(e[32..40].try_into().expect("8 bytes"));
        let last = u64::from_le_bytes(e[40..48].try_into().expect("8 bytes"));
        let units: Vec<u16> = e[56..128].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&c| c != 0).collect();
        if last < first {
            return Err(GptError::Corrupt(format!("GPT entry {} ends before it starts", i + 1)));
        }
        entries.push(Entry {
            num: i as u32 + 1,
            type_guid: Guid::from_gpt_bytes(&t),
            uuid: Guid::from_gpt_bytes(&u),
            start: first * SECTOR,
            size: (last - first + 1) * SECTOR,
            attributes: u64::from_le_bytes(e[48..56].try_into().expect("8 bytes")),
            label: String::from_utf16_lossy(&units),
        });
    }
    Ok(Table { disk_guid, entries })
}

/// Convenience for callers holding a plan: the entry matching a planned partition.
pub fn matches(entry: &Entry, plan: &PartitionPlan) -> bool {
    entry.num == plan.num && entry.start == plan.start && entry.size == plan.size && entry.uuid == plan.uuid
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use std::path::Path;

    #[test]
    fn write_then_read_back() {
        let l = Layout::parse(
            "[metadata]\n[[partition]]\nnum = 1\nlabel = \"A\"\ntype = \"efi\"\nsize = \"4MiB\"\n\
             [[partition]]\nnum = 9\nlabel = \"ROOT\"\ntype = \"flatcar-resize\"\nsize = \"2MiB\"\nflags = 4\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let d = l.plan("base", "amd64", b"x").unwrap();
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let mut f = tmp.reopen().unwrap();
        f.set_len(d.size).unwrap();
        write(&mut f, &d).unwrap();
        let t = read(&mut f).unwrap();
        assert_eq!(t.disk_guid, d.disk_guid);
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.entries[1].num, 9);
        assert_eq!(t.entries[1].attributes, 4);
        assert!(matches(&t.entries[0], &d.partitions[0]));
        // corrupt one entry byte: the array CRC must catch it
        f.seek(SeekFrom::Start(2 * 512 + 60)).unwrap();
        f.write_all(b"Z").unwrap();
        assert!(read(&mut f).unwrap_err().to_string().contains("entry array CRC"));
    }
}
