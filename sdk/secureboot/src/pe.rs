//! PE/COFF parsing for Authenticode: every offset and size read from the image is checked
//! against the image's length before it is used.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// Index of the Certificate Table in the data directories.
const CERT_TABLE_INDEX: usize = 4;
/// Size of one section header.
const SECTION_HEADER_SIZE: usize = 40;

/// The layout facts of a PE image that Authenticode needs.
#[derive(Debug, Clone)]
pub(crate) struct PeLayout {
    /// File offset of the optional header's CheckSum field.
    pub checksum_off: usize,
    /// File offset of the Certificate Table data directory entry (8 bytes).
    pub certdir_off: usize,
    /// SizeOfHeaders.
    pub size_of_headers: usize,
    /// Raw data ranges (start, end) of sections with SizeOfRawData > 0, sorted by start.
    pub sections: Vec<(usize, usize)>,
    /// The Certificate Table (file offset, size); (0, 0) when the image is unsigned.
    pub cert_table: (usize, usize),
}

/// `N` bytes at `off`, or an error naming `what` when they lie past the end of the file.
fn bytes_at<const N: usize>(pe: &[u8], off: usize, what: &str) -> Result<[u8; N]> {
    off.checked_add(N)
        .and_then(|end| pe.get(off..end))
        .map(|b| b.try_into().expect("N bytes"))
        .with_context(|| format!("truncated image: {what} at offset {off:#x} is past the end of the file ({} bytes)", pe.len()))
}

fn u16_at(pe: &[u8], off: usize, what: &str) -> Result<u16> {
    bytes_at(pe, off, what).map(u16::from_le_bytes)
}

fn u32_at(pe: &[u8], off: usize, what: &str) -> Result<u32> {
    bytes_at(pe, off, what).map(u32::from_le_bytes)
}

/// Parses the headers of a PE32 or PE32+ image.
pub(crate) fn parse(pe: &[u8]) -> Result<PeLayout> {
    if pe.len() < 0x40 {
        bail!(
            "truncated image: {} bytes is shorter than a DOS header (64 bytes)",
            pe.len()
        );
    }
    if &pe[..2] != b"MZ" {
        bail!("not a PE/COFF image: no MZ signature");
    }
    let lfanew = u32_at(pe, 0x3c, "e_lfanew")? as usize;
    let sig = lfanew
        .checked_add(4)
        .and_then(|e| pe.get(lfanew..e))
        .with_context(|| format!("truncated image: PE signature at e_lfanew {lfanew:#x} is past the end of the file ({} bytes)", pe.len()))?;
    if sig != b"PE\0\0" {
        bail!("not a PE/COFF image: no \"PE\\0\\0\" signature at e_lfanew {lfanew:#x}");
    }
    let coff = lfanew + 4;
    let nsections = u16_at(pe, coff + 2, "COFF NumberOfSections")? as usize;
    let opt_size = u16_at(pe, coff + 16, "COFF SizeOfOptionalHeader")? as usize;
    let opt = coff + 20;
    let opt_end = opt + opt_size;
    if opt_end > pe.len() {
        bail!("truncated image: optional header [{opt:#x}, {opt_end:#x}) is past the end of the file ({} bytes)", pe.len());
    }
    let magic = u16_at(pe, opt, "optional header magic")?;
    let (count_off, dirs_off) = match magic {
        0x10b => (opt + 92, opt + 96),
        0x20b => (opt + 108, opt + 112),
        m => bail!("unsupported optional header magic {m:#x} (expected 0x10b PE32 or 0x20b PE32+)"),
    };
    if dirs_off > opt_end {
        bail!("optional header too small: SizeOfOptionalHeader {opt_size} does not hold the fixed fields (magic {magic:#x})");
    }
    let ndirs = u32_at(pe, count_off, "NumberOfRvaAndSizes")? as usize;
    if ndirs <= CERT_TABLE_INDEX {
        bail!("image has no Certificate Table data directory (NumberOfRvaAndSizes = {ndirs})");
    }
    let certdir_off = dirs_off + CERT_TABLE_INDEX * 8;
    if certdir_off + 8 > opt_end {
        bail!("optional header too small: SizeOfOptionalHeader {opt_size} does not hold the Certificate Table data directory");
    }
    let checksum_off = opt + 64;
    let size_of_headers = u32_at(pe, opt + 60, "SizeOfHeaders")? as usize;
    let sect_table_end = nsections
        .checked_mul(SECTION_HEADER_SIZE)
        .map(|n| opt_end + n)
        .context("section count overflows")?;
    if sect_table_end > pe.len() {
        bail!(
            "truncated image: section table of {nsections} sections [{opt_end:#x}, {sect_table_end:#x}) is past the end of the file ({} bytes)",
            pe.len()
        );
    }
    if size_of_headers < certdir_off + 8 || size_of_headers > pe.len() {
        bail!(
            "SizeOfHeaders {size_of_headers:#x} is invalid: it must cover the optional header (to {:#x}) and lie within the file ({} bytes)",
            certdir_off + 8,
            pe.len()
        );
    }
    let mut sections = Vec::with_capacity(nsections);
    for i in 0..nsections {
        let sh = opt_end + i * SECTION_HEADER_SIZE;
        let name_bytes = &pe[sh..sh + 8];
        let name =
            String::from_utf8_lossy(name_bytes.split(|b| *b == 0).next().unwrap_or_default())
                .into_owned();
        let raw_size = u32_at(pe, sh + 16, "section SizeOfRawData")? as usize;
        let raw_ptr = u32_at(pe, sh + 20, "section PointerToRawData")? as usize;
        if raw_size == 0 {
            continue;
        }
        let end = raw_ptr.checked_add(raw_size).filter(|e| *e <= pe.len()).with_context(|| {
            format!(
                "section {i} ({name:?}) raw data [{raw_ptr:#x}, +{raw_size:#x}) is past the end of the file ({} bytes)",
                pe.len()
            )
        })?;
        sections.push((raw_ptr, end));
    }
    sections.sort_unstable();
    let ct_off = u32_at(pe, certdir_off, "Certificate Table offset")? as usize;
    let ct_size = u32_at(pe, certdir_off + 4, "Certificate Table size")? as usize;
    if ct_off != 0 || ct_size != 0 {
        let end = ct_off.saturating_add(ct_size);
        if ct_size == 0 || ct_off < size_of_headers || end > pe.len() {
            bail!(
                "Certificate Table entry [{ct_off:#x}, +{ct_size:#x}) points outside the file ({} bytes, headers end at {size_of_headers:#x})",
                pe.len()
            );
        }
        if end != pe.len() {
            bail!("Certificate Table [{ct_off:#x}, {end:#x}) does not end at the end of the file ({} bytes): trailing data after a signature", pe.len());
        }
    }
    Ok(PeLayout {
        checksum_off,
        certdir_off,
        size_of_headers,
        sections,
        cert_table: (ct_off, ct_size),
    })
}

/// The Authenticode SHA-256 digest, given a parsed layout.
pub(crate) fn digest(pe: &[u8], l: &PeLayout) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&pe[..l.checksum_off]);
    h.update(&pe[l.checksum_off + 4..l.certdir_off]);
    h.update(&pe[l.certdir_off + 8..l.size_of_headers]);
    let mut hashed = l.size_of_headers;
    for &(start, end) in &l.sections {
        h.update(&pe[start..end]);
        hashed += end - start;
    }
    let data_end = pe.len() - l.cert_table.1;
    if hashed < data_end {
        h.update(&pe[hashed..data_end]);
    }
    h.finalize().into()
}

/// The PE checksum of `pe`, with the CheckSum field at `checksum_off` counted as zero.
pub(crate) fn checksum(pe: &[u8], checksum_off: usize) -> u32 {
    let mut sum: u64 = 0;
    for (i, chunk) in pe.chunks(2).enumerate() {
        let off = i * 2;
        if off == checksum_off || off == checksum_off + 2 {
            continue;
        }
        let w = u16::from_le_bytes([chunk[0], *chunk.get(1).unwrap_or(&0)]) as u64;
        sum += w;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    (sum as u32).wrapping_add(pe.len() as u32)
}

/// Appends `pkcs7` as a WIN_CERTIFICATE to `unsigned` (already padded to 8 bytes, digest
/// computed over it), fills the Certificate Table entry and recomputes the checksum.
pub(crate) fn embed(mut image: Vec<u8>, l: &PeLayout, pkcs7: &[u8]) -> Result<Vec<u8>> {
    let offset = image.len();
    let entry_len = (8 + pkcs7.len()).div_ceil(8) * 8;
    let off32 = u32::try_from(offset).context("image is larger than 4 GiB")?;
    let len32 = u32::try_from(entry_len).context("signature is larger than 4 GiB")?;
    image.extend_from_slice(&len32.to_le_bytes());
    image.extend_from_slice(&0x0200u16.to_le_bytes());
    image.extend_from_slice(&0x0002u16.to_le_bytes());
    image.extend_from_slice(pkcs7);
    image.resize(offset + entry_len, 0);
    image[l.certdir_off..l.certdir_off + 4].copy_from_slice(&off32.to_le_bytes());
    image[l.certdir_off + 4..l.certdir_off + 8].copy_from_slice(&len32.to_le_bytes());
    let sum = checksum(&image, l.checksum_off);
    image[l.checksum_off..l.checksum_off + 4].copy_from_slice(&sum.to_le_bytes());
    Ok(image)
}

/// The PKCS#7 blobs of the WIN_CERTIFICATE entries in the attribute certificate table.
pub(crate) fn signatures<'a>(pe: &'a [u8], l: &PeLayout) -> Result<Vec<&'a [u8]>> {
    let (mut off, size) = l.cert_table;
    let end = off + size;
    let mut out = Vec::new();
    while off + 8 <= end {
        let len = u32_at(pe, off, "WIN_CERTIFICATE dwLength")? as usize;
        let typ = u16_at(pe, off + 6, "WIN_CERTIFICATE wCertificateType")?;
        if len < 8 || off + len > end {
            bail!("WIN_CERTIFICATE at {off:#x} has an invalid length {len}");
        }
        if typ == 0x0002 {
            // dwLength may count the padding to 8 bytes: keep the DER element only
            let blob = &pe[off + 8..off + len];
            out.push(crate::der::read(blob).map(|(t, _)| t.raw).unwrap_or(blob));
        }
        off += len.div_ceil(8) * 8;
    }
    Ok(out)
}
