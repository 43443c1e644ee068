//! Fixed VHD (Microsoft "Virtual Hard Disk Image Format Specification"),
//! the only VHD flavour Azure accepts: the raw disk, zero-padded to a whole
//! MiB, followed by a 512-byte big-endian footer. The output stays sparse.

use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::AtomicOutput;
use crate::source::{derive_id, runs, RawImage, GRAIN};

/// Seconds between the Unix epoch and the VHD epoch (2000-01-01T00:00:00Z).
pub const VHD_EPOCH_OFFSET: u64 = 946_684_800;
/// Alignment Azure requires for the virtual size.
pub const MIB: u64 = 1024 * 1024;
/// Footer size in bytes.
pub const FOOTER_SIZE: usize = 512;

/// Options for [`write_fixed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VhdOptions {
    /// `SOURCE_DATE_EPOCH` (Unix seconds); the footer time stamp is this
    /// minus [`VHD_EPOCH_OFFSET`] (0 for earlier dates).
    pub source_date_epoch: u64,
    /// Extra input for the derived unique id (e.g. image name + version).
    pub seed: String,
    /// Creator application. Default `qem2`: qemu and Azure tooling then
    /// take the disk size from the footer's current size, not from CHS.
    pub creator_app: [u8; 4],
    /// Creator version (default 0x00050003, as qemu writes for `qem2`).
    pub creator_version: u32,
    /// Creator host OS (default `Wi2k`).
    pub creator_host_os: [u8; 4],
}

impl VhdOptions {
    /// Default options for the given `SOURCE_DATE_EPOCH`.
    pub fn new(source_date_epoch: u64) -> Self {
        VhdOptions {
            source_date_epoch,
            seed: String::new(),
            creator_app: *b"qem2",
            creator_version: 0x0005_0003,
            creator_host_os: *b"Wi2k",
        }
    }
}

/// What [`write_fixed`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VhdInfo {
    /// Output path.
    pub path: PathBuf,
    /// Virtual disk size (input size rounded up to a whole MiB).
    pub virtual_size: u64,
    /// Output file size (`virtual_size + 512`).
    pub file_size: u64,
    /// The footer's unique id.
    pub unique_id: [u8; 16],
}

/// Writes `raw` as a fixed VHD to `out` (atomically, via a temporary file in
/// the destination directory).
pub fn write_fixed(raw: &Path, out: &Path, opts: &VhdOptions) -> Result<VhdInfo> {
    let image = RawImage::open(raw)?;
    let mut sink = VhdSink::new(out, image.size, opts.clone())?;
    let content = image.scan(|first, data, nonzero| sink.write_batch(first, data, nonzero))?;
    sink.finish(&content)
}

/// CHS geometry `(cylinders, heads, sectors per track)` for a disk of
/// `size` bytes, following the algorithm in appendix A of the VHD spec.
pub fn chs_geometry(size: u64) -> (u16, u8, u8) {
    let mut total = size / 512;
    if total > 65535 * 16 * 255 {
        total = 65535 * 16 * 255;
    }
    let (spt, heads, cyl_times_heads);
    if total >= 65535 * 16 * 63 {
        spt = 255;
        heads = 16;
        cyl_times_heads = total / spt;
    } else {
        let mut s = 17;
        let mut cth = total / s;
        let mut h = cth.div_ceil(1024).max(4);
        if cth >= h * 1024 || h > 16 {
            s = 31;
            h = 16;
            cth = total / s;
        }
        if cth >= h * 1024 {
            s = 63;
            h = 16;
            cth = total / s;
        }
        spt = s;
        heads = h;
        cyl_times_heads = cth;
    }
    ((cyl_times_heads / heads) as u16, heads as u8, spt as u8)
}

/// One's-complement of the byte sum of `footer`, with bytes 64..68 (the
/// checksum field itself) counted as zero.
pub fn footer_checksum(footer: &[u8; FOOTER_SIZE]) -> u32 {
    let sum = footer
        .iter()
        .enumerate()
        .filter(|(i, _)| !(64..68).contains(i))
        .fold(0u32, |acc, (_, &b)| acc.wrapping_add(u32::from(b)));
    !sum
}

/// Builds the 512-byte fixed-disk footer.
pub fn build_footer(
    virtual_size: u64,
    opts: &VhdOptions,
    unique_id: [u8; 16],
) -> [u8; FOOTER_SIZE] {
    let mut f = [0u8; FOOTER_SIZE];
    let timestamp = opts
        .source_date_epoch
        .saturating_sub(VHD_EPOCH_OFFSET)
        .min(u64::from(u32::MAX)) as u32;
    let (c, h, s) = chs_geometry(virtual_size);
    f[0..8].copy_from_slice(b"conectix");
    f[8..12].copy_from_slice(&2u32.to_be_bytes()); // features: reserved bit
    f[12..16].copy_from_slice(&0x0001_0000u32.to_be_bytes()); // format version
    f[16..24].copy_from_slice(&u64::MAX.to_be_bytes()); // data offset: none
    f[24..28].copy_from_slice(&timestamp.to_be_bytes());
    f[28..32].copy_from_slice(&opts.creator_app);
    f[32..36].copy_from_slice(&opts.creator_version.to_be_bytes());
    f[36..40].copy_from_slice(&opts.creator_host_os);
    f[40..48].copy_from_slice(&virtual_size.to_be_bytes()); // original size
    f[48..56].copy_from_slice(&virtual_size.to_be_bytes()); // current size
    f[56..58].copy_from_slice(&c.to_be_bytes());
    f[58] = h;
    f[59] = s;
    f[60..64].copy_from_slice(&2u32.to_be_bytes()); // disk type: fixed
    f[68..84].copy_from_slice(&unique_id);
    f[84] = 0; // saved state
    let sum = footer_checksum(&f);
    f[64..68].copy_from_slice(&sum.to_be_bytes());
    f
}

/// Streaming VHD writer fed by [`RawImage::scan`].
pub(crate) struct VhdSink {
    out: AtomicOutput,
    virtual_size: u64,
    opts: VhdOptions,
}

impl VhdSink {
    pub(crate) fn new(dest: &Path, raw_size: u64, opts: VhdOptions) -> Result<Self> {
        let virtual_size = raw_size.div_ceil(MIB) * MIB;
        let out = AtomicOutput::create(dest)?;
        out.file()
            .set_len(virtual_size + FOOTER_SIZE as u64)
            .map_err(|e| Error::io("sizing", dest, e))?;
        Ok(VhdSink {
            out,
            virtual_size,
            opts,
        })
    }

    /// Writes the non-zero grains of a batch; zero grains stay holes.
    pub(crate) fn write_batch(&mut self, first: u64, data: &[u8], nonzero: &[bool]) -> Result<()> {
        let g = GRAIN as usize;
        for (start, end) in runs(nonzero) {
            let bytes = &data[start * g..(end * g).min(data.len())];
            self.out
                .file()
                .write_all_at(bytes, (first + start as u64) * GRAIN)
                .map_err(|e| Error::io("writing", self.out.dest(), e))?;
        }
        Ok(())
    }

    /// Writes the footer and commits the file.
    pub(crate) fn finish(self, content: &[u8; 32]) -> Result<VhdInfo> {
        let id = derive_id(
            "vhd-unique-id",
            &self.opts.seed,
            self.opts.source_date_epoch,
            content,
        );
        let mut unique_id = [0u8; 16];
        unique_id.copy_from_slice(&id[..16]);
        unique_id[6] = (unique_id[6] & 0x0f) | 0x80; // RFC 9562 version 8 (custom)
        unique_id[8] = (unique_id[8] & 0x3f) | 0x80; // RFC 4122 variant
        let footer = build_footer(self.virtual_size, &self.opts, unique_id);
        self.out
            .file()
            .write_all_at(&footer, self.virtual_size)
            .map_err(|e| Error::io("writing footer of", self.out.dest(), e))?;
        let path = self.out.dest().to_path_buf();
        self.out.commit()?;
        Ok(VhdInfo {
            path,
            virtual_size: self.virtual_size,
            file_size: self.virtual_size + FOOTER_SIZE as u64,
            unique_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chs_matches_spec_examples() {
        // 64 MiB: 131072 sectors -> 17 spt gives 7710 cyl*heads, 8 heads -> 963 cyl.
        assert_eq!(chs_geometry(64 * MIB), (963, 8, 17));
        // Very large disks saturate at 65535/16/255.
        assert_eq!(chs_geometry(4 << 40), (65535, 16, 255));
        // 2 GiB: 4194304 sectors -> 63 spt, 16 heads.
        assert_eq!(chs_geometry(2 << 30), (4161, 16, 63));
    }

    #[test]
    fn footer_checksum_roundtrip() {
        let f = build_footer(38 * MIB, &VhdOptions::new(1_700_000_000), [9; 16]);
        let stored = u32::from_be_bytes([f[64], f[65], f[66], f[67]]);
        assert_eq!(stored, footer_checksum(&f));
        assert_eq!(&f[0..8], b"conectix");
        assert_eq!(
            u32::from_be_bytes([f[24], f[25], f[26], f[27]]),
            1_700_000_000 - 946_684_800
        );
    }
}
