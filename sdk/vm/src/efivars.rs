//! UEFI Secure Boot variable stores for QEMU: an edk2 (OVMF/AAVMF) variable store file with
//! our certificates enrolled (`PK`, `KEK`, `db`) and Secure Boot switched on, written
//! offline and deterministically.
//!
//! The format, from the public specifications and edk2 headers (written here from those
//! descriptions, not copied):
//!
//! * The file is a firmware volume (PI spec, `EFI_FIRMWARE_VOLUME_HEADER`, edk2
//!   `PiFirmwareVolume.h`): 16 zero bytes, the file system GUID `gEfiSystemNvDataFvGuid`
//!   (fff12b8d-7696-4c8b-a985-2747075b4f50), `FvLength` (u64), the signature `_FVH`,
//!   attributes (u32), `HeaderLength` (u16), a 16-bit checksum making the header's u16 sum 0,
//!   `ExtHeaderOffset` (u16), a reserved byte, `Revision` 2, then the block map
//!   (`NumBlocks`, `Length` u32 pairs) closed by a zero pair.
//! * At `HeaderLength` the variable store header (edk2 `VariableFormat.h`,
//!   `VARIABLE_STORE_HEADER`): the GUID `gEfiAuthenticatedVariableGuid`
//!   (aaf32c78-947b-439a-a180-2e144ec37792), `Size` (u32, from this header to the store's
//!   end), `Format` 0x5a (formatted), `State` 0xfe (healthy), 6 reserved bytes. Erased flash is
//!   0xff.
//! * Each variable (`AUTHENTICATED_VARIABLE_HEADER`, 60 bytes): `StartId` 0x55aa, `State`
//!   0x3f (added), a reserved byte, `Attributes` (u32), `MonotonicCount` (u64), `TimeStamp`
//!   (`EFI_TIME`, 16 bytes), `PubKeyIndex`, `NameSize`, `DataSize` (u32 each), the vendor
//!   GUID; then the UCS-2 name with its NUL, the data, and padding to 4 bytes.
//! * The signature databases (UEFI spec 32.4.1, `EFI_SIGNATURE_LIST`): the signature type
//!   GUID (`EFI_CERT_X509_GUID`), `SignatureListSize`, `SignatureHeaderSize` (0),
//!   `SignatureSize` (16 + the certificate), then `EFI_SIGNATURE_DATA`: the owner GUID and
//!   the DER certificate. One list per certificate (an X.509 list holds one).
//! * Behind the store, edk2's fault-tolerant-write working block starts with
//!   `EFI_FAULT_TOLERANT_WORKING_BLOCK_HEADER`: the GUID `gEdkiiWorkingBlockSignatureGuid`
//!   (9e58292b-7c68-497d-a0ce-6500fd9f1b95), a CRC-32 computed with the CRC and state
//!   bytes erased, the state byte 0xfe (valid), 3 reserved 0xff bytes, `WriteQueueSize` (u64).
//!
//! Debian's `OVMF_VARS_4M.fd` is such a volume, formatted and empty. Debian's
//! `AAVMF_VARS.fd` is a blank 64 MiB flash of zeros (ArmVirtQemu formats it on first boot);
//! [`enroll`] formats it the way ArmVirtQemu's flash driver does for that flash (256 KiB
//! blocks; a 256 KiB variable store, FTW working block and FTW spare block, the block map
//! covering the whole file), the same layout Debian's `AAVMF_VARS.snakeoil.fd` carries.
//!
//! What is written is what virt-firmware's `virt-fw-vars --set-pk/--add-kek/--add-db
//! --secure-boot` writes, minus the dummy `dbx` it adds: `PK`, `KEK` (EFI global variable
//! GUID), `db` (image security database GUID), NV|BS|RT|time-based-authenticated, with the
//! caller's timestamp, and `SecureBootEnable` = 1 and `CustomMode` = 0 (NV|BS). The
//! variables are written in the order of their names (as virt-fw-vars does).

use anyhow::{bail, Context, Result};

/// Certificates to enroll (DER X.509 each) and the owner GUID of their signature lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecureBootKeys {
    /// The platform key certificate.
    pub pk: Vec<u8>,
    /// Key exchange key certificates.
    pub kek: Vec<Vec<u8>>,
    /// Allowed-signature database certificates (what signs the boot files).
    pub db: Vec<Vec<u8>>,
    /// EFI GUID bytes, mixed-endian as stored (see [`guid`]).
    pub owner: [u8; 16],
}

/// An EFI GUID's bytes as stored (the first three fields little-endian) from its text form
/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
pub fn guid(text: &str) -> Result<[u8; 16]> {
    let parts: Vec<&str> = text.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    if parts.len() != 5
        || parts.iter().zip(lens).any(|(p, l)| p.len() != l || !p.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        bail!("{text:?} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }
    let hex: String = parts.concat();
    let mut be = [0u8; 16];
    for (i, b) in be.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).context("hex digit")?;
    }
    Ok(guid_swap(be))
}

/// Text form of stored GUID bytes.
pub fn guid_string(g: &[u8; 16]) -> String {
    let b = guid_swap(*g);
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Big-endian (text order) <-> mixed-endian (stored) GUID bytes; its own inverse.
fn guid_swap(mut b: [u8; 16]) -> [u8; 16] {
    b[0..4].reverse();
    b[4..6].reverse();
    b[6..8].reverse();
    b
}

const fn g(a: u32, b: u16, c: u16, d: [u8; 8]) -> [u8; 16] {
    let a = a.to_le_bytes();
    let b = b.to_le_bytes();
    let c = c.to_le_bytes();
    [a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]
}

/// EFI_GLOBAL_VARIABLE 8be4df61-93ca-11d2-aa0d-00e098032b8c (`PK`, `KEK`).
pub const EFI_GLOBAL_VARIABLE: [u8; 16] = g(0x8be4df61, 0x93ca, 0x11d2, [0xaa, 0x0d, 0x00, 0xe0, 0x98, 0x03, 0x2b, 0x8c]);
/// EFI_IMAGE_SECURITY_DATABASE_GUID d719b2cb-3d3a-4596-a3bc-dad00e67656f (`db`, `dbx`).
pub const EFI_IMAGE_SECURITY_DATABASE: [u8; 16] = g(0xd719b2cb, 0x3d3a, 0x4596, [0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f]);
/// EFI_CERT_X509_GUID a5c059a1-94e4-4aa7-87b5-ab155c2bf072.
pub const EFI_CERT_X509: [u8; 16] = g(0xa5c059a1, 0x94e4, 0x4aa7, [0x87, 0xb5, 0xab, 0x15, 0x5c, 0x2b, 0xf0, 0x72]);
/// edk2's SECURE_BOOT_ENABLE_DISABLE f0a30bc7-af08-4556-99c4-001009c93a44 (`SecureBootEnable`).
pub const SECURE_BOOT_ENABLE_DISABLE: [u8; 16] = g(0xf0a30bc7, 0xaf08, 0x4556, [0x99, 0xc4, 0x00, 0x10, 0x09, 0xc9, 0x3a, 0x44]);
/// edk2's EFI_CUSTOM_MODE_ENABLE_GUID c076ec0c-7028-4399-a072-71ee5c448b9f (`CustomMode`).
pub const CUSTOM_MODE_ENABLE: [u8; 16] = g(0xc076ec0c, 0x7028, 0x4399, [0xa0, 0x72, 0x71, 0xee, 0x5c, 0x44, 0x8b, 0x9f]);
/// gEfiSystemNvDataFvGuid fff12b8d-7696-4c8b-a985-2747075b4f50: the variable FV.
pub const SYSTEM_NV_DATA_FV: [u8; 16] = g(0xfff12b8d, 0x7696, 0x4c8b, [0xa9, 0x85, 0x27, 0x47, 0x07, 0x5b, 0x4f, 0x50]);
/// gEfiAuthenticatedVariableGuid aaf32c78-947b-439a-a180-2e144ec37792: an authenticated store.
pub const AUTHENTICATED_VARIABLE: [u8; 16] = g(0xaaf32c78, 0x947b, 0x439a, [0xa1, 0x80, 0x2e, 0x14, 0x4e, 0xc3, 0x77, 0x92]);
/// gEdkiiWorkingBlockSignatureGuid 9e58292b-7c68-497d-a0ce-6500fd9f1b95: FTW working block.
pub const FTW_WORKING_BLOCK: [u8; 16] = g(0x9e58292b, 0x7c68, 0x497d, [0xa0, 0xce, 0x65, 0x00, 0xfd, 0x9f, 0x1b, 0x95]);

/// EFI_VARIABLE_NON_VOLATILE.
pub const NV: u32 = 0x01;
/// EFI_VARIABLE_BOOTSERVICE_ACCESS.
pub const BS: u32 = 0x02;
/// EFI_VARIABLE_RUNTIME_ACCESS.
pub const RT: u32 = 0x04;
/// EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS.
pub const TIME_AUTH: u32 = 0x20;

const FV_SIGNATURE: &[u8; 4] = b"_FVH";
const FV_HEADER_MIN: usize = 0x38 + 16; // header up to the block map, one entry + terminator
const STORE_HEADER: usize = 28;
const VAR_HEADER: usize = 60;
const VAR_START_ID: u16 = 0x55aa;
const VAR_ADDED: u8 = 0x3f;
const STORE_FORMATTED: u8 = 0x5a;
const STORE_HEALTHY: u8 = 0xfe;

/// ArmVirtQemu's variable flash: 64 MiB, 256 KiB blocks; the variable store, the FTW
/// working block and the FTW spare block are 256 KiB each (edk2 ArmVirtQemu.fdf PCDs).
const ARMVIRT_FLASH: usize = 64 << 20;
const ARMVIRT_BLOCK: usize = 0x40000;
const ARMVIRT_REGION: usize = 0x40000;
/// The FV attributes edk2's NOR flash driver sets when it formats the flash: read enabled
/// and status, write enabled and status, sticky write, memory mapped, erase polarity 1.
const ARMVIRT_FV_ATTRIBUTES: u32 = 0x2 | 0x4 | 0x10 | 0x20 | 0x200 | 0x400 | 0x800;

/// One variable read back from a store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Name (decoded from UCS-2).
    pub name: String,
    /// Vendor GUID, stored bytes.
    pub guid: [u8; 16],
    /// Attributes.
    pub attributes: u32,
    /// `EFI_TIME` as stored (16 bytes).
    pub timestamp: [u8; 16],
    /// State byte (0x3f: added).
    pub state: u8,
    /// Data.
    pub data: Vec<u8>,
}

/// Where the variables of a store file live.
#[derive(Debug, Clone, Copy)]
struct Store {
    /// First variable.
    start: usize,
    /// End of the store.
    end: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at.checked_add(8)?)?.try_into().ok()?))
}
fn guid_at(b: &[u8], at: usize) -> Option<[u8; 16]> {
    b.get(at..at.checked_add(16)?)?.try_into().ok()
}

/// Checks the firmware volume and variable store headers of `file` (`name` in errors) and
/// returns where the variables are.
fn parse_store(file: &[u8], name: &str) -> Result<Store> {
    let not = |why: String| -> anyhow::Error {
        anyhow::anyhow!("{name} is not an edk2 UEFI variable store: {why}")
    };
    if file.len() < FV_HEADER_MIN + STORE_HEADER {
        return Err(not(format!("{} bytes is too small", file.len())));
    }
    if &file[0x28..0x2c] != FV_SIGNATURE {
        return Err(not("no firmware volume signature \"_FVH\" at offset 0x28".into()));
    }
    if guid_at(file, 0x10) != Some(SYSTEM_NV_DATA_FV) {
        return Err(not(format!(
            "the firmware volume's file system GUID is {}, not the NV data GUID {}",
            guid_string(&guid_at(file, 0x10).unwrap_or_default()),
            guid_string(&SYSTEM_NV_DATA_FV)
        )));
    }
    let fv_len = u64_at(file, 0x20).unwrap_or(0);
    if fv_len == 0 || fv_len > file.len() as u64 {
        return Err(not(format!("the firmware volume length {fv_len} does not fit the file of {} bytes", file.len())));
    }
    let fv_len = fv_len as usize;
    let hlen = usize::from(u16_at(file, 0x30).unwrap_or(0));
    if hlen < FV_HEADER_MIN || hlen % 2 != 0 || hlen + STORE_HEADER > fv_len {
        return Err(not(format!("firmware volume header length {hlen} is not usable")));
    }
    let sum = file[..hlen]
        .chunks_exact(2)
        .fold(0u16, |s, c| s.wrapping_add(u16::from_le_bytes([c[0], c[1]])));
    if sum != 0 {
        return Err(not(format!("the firmware volume header checksum is wrong (sum 0x{sum:04x}, not 0)")));
    }
    if file[0x37] != 2 {
        return Err(not(format!("firmware volume revision {} (expected 2)", file[0x37])));
    }
    let sguid = guid_at(file, hlen).unwrap_or_default();
    if sguid != AUTHENTICATED_VARIABLE {
        return Err(not(format!(
            "the variable store GUID is {}, not the authenticated-variable store {} (a non-authenticated store cannot hold Secure Boot keys)",
            guid_string(&sguid),
            guid_string(&AUTHENTICATED_VARIABLE)
        )));
    }
    let size = u32_at(file, hlen + 16).unwrap_or(0) as usize;
    let (format, state) = (file[hlen + 20], file[hlen + 21]);
    if format != STORE_FORMATTED || state != STORE_HEALTHY {
        return Err(not(format!("variable store format 0x{format:02x} / state 0x{state:02x} (expected 0x5a formatted / 0xfe healthy)")));
    }
    let end = hlen.checked_add(size).filter(|&e| size >= STORE_HEADER && e <= fv_len);
    let Some(end) = end else {
        return Err(not(format!("variable store size {size} does not fit the firmware volume of {fv_len} bytes")));
    };
    Ok(Store { start: hlen + STORE_HEADER, end })
}

/// Reads the variables of an edk2 store file (`name` in errors); deleted ones too (see
/// [`Variable::state`]). Bounds-checked: a damaged store is an error, never a panic.
pub fn read_variables(file: &[u8], name: &str) -> Result<Vec<Variable>> {
    let store = parse_store(file, name)?;
    let mut out = Vec::new();
    let mut pos = store.start;
    while pos + VAR_HEADER <= store.end {
        if u16_at(file, pos) != Some(VAR_START_ID) {
            break;
        }
        let bad = || anyhow::anyhow!("{name}: the variable at offset 0x{pos:x} runs past the end of the store");
        let nsize = u32_at(file, pos + 36).ok_or_else(bad)? as usize;
        let dsize = u32_at(file, pos + 40).ok_or_else(bad)? as usize;
        let name_at = pos + VAR_HEADER;
        let data_at = name_at.checked_add(nsize).ok_or_else(bad)?;
        let data_end = data_at.checked_add(dsize).filter(|&e| e <= store.end).ok_or_else(bad)?;
        if !nsize.is_multiple_of(2) {
            bail!("{name}: the variable at offset 0x{pos:x} has an odd name size {nsize}");
        }
        let units: Vec<u16> = file[name_at..data_at]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        out.push(Variable {
            name: String::from_utf16_lossy(&units),
            guid: guid_at(file, pos + 44).ok_or_else(bad)?,
            attributes: u32_at(file, pos + 4).ok_or_else(bad)?,
            timestamp: file[pos + 16..pos + 32].try_into().map_err(|_| bad())?,
            state: file[pos + 2],
            data: file[data_at..data_end].to_vec(),
        });
        pos = data_end.checked_add(3).ok_or_else(bad)? & !3;
    }
    Ok(out)
}

/// `EFI_TIME` (UTC, no time zone or daylight information, as virt-fw-vars writes it) of
/// `secs` since the Unix epoch; years 1970..=9999.
pub fn efi_time(secs: u64) -> Result<[u8; 16]> {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    // civil date from days since 1970-01-01 (proleptic Gregorian)
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if year > 9999 {
        bail!("timestamp {secs} is past the year 9999, which EFI_TIME cannot hold");
    }
    let mut t = [0u8; 16];
    t[0..2].copy_from_slice(&(year as u16).to_le_bytes());
    t[2] = month as u8;
    t[3] = day as u8;
    t[4] = (rem / 3600) as u8;
    t[5] = (rem / 60 % 60) as u8;
    t[6] = (rem % 60) as u8;
    Ok(t)
}

/// Unix seconds of a stored `EFI_TIME` (its nanoseconds and time zone ignored); `None` for an
/// unset or invalid one.
pub fn efi_time_secs(t: &[u8; 16]) -> Option<u64> {
    let (y, m, d) = (i64::from(u16::from_le_bytes([t[0], t[1]])), i64::from(t[2]), i64::from(t[3]));
    if y < 1970 || !(1..=12).contains(&m) || !(1..=31).contains(&d) || t[4] > 23 || t[5] > 59 || t[6] > 59 {
        return None;
    }
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days as u64 * 86_400 + u64::from(t[4]) * 3600 + u64::from(t[5]) * 60 + u64::from(t[6]))
}

/// Checks that `der` is one DER SEQUENCE filling the buffer (an X.509 certificate's outer
/// shape); `what` names it in errors.
fn check_der_certificate(der: &[u8], what: &str) -> Result<()> {
    let bad = |why: &str| anyhow::anyhow!("{what} is not a DER X.509 certificate: {why}");
    if der.first() != Some(&0x30) {
        return Err(bad("it does not start with a SEQUENCE"));
    }
    let l0 = *der.get(1).ok_or_else(|| bad("it is truncated"))?;
    let (len, hdr) = if l0 < 0x80 {
        (l0 as usize, 2)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 || n > 4 {
            return Err(bad("unsupported length encoding"));
        }
        let bytes = der.get(2..2 + n).ok_or_else(|| bad("it is truncated"))?;
        (bytes.iter().fold(0usize, |a, &b| (a << 8) | usize::from(b)), 2 + n)
    };
    if hdr + len != der.len() {
        return Err(bad(&format!("its SEQUENCE holds {len} bytes but {} follow", der.len() - hdr)));
    }
    Ok(())
}

/// A certificate as DER from a PEM (`-----BEGIN CERTIFICATE-----`) or DER file's bytes;
/// `what` names it in errors.
pub fn certificate_der(data: &[u8], what: &str) -> Result<Vec<u8>> {
    let der = if data.starts_with(b"-----BEGIN") || data.windows(11).any(|w| w == b"-----BEGIN ") {
        let text = std::str::from_utf8(data).with_context(|| format!("{what}: PEM that is not UTF-8"))?;
        let begin = "-----BEGIN CERTIFICATE-----";
        let start = text
            .find(begin)
            .with_context(|| format!("{what}: PEM without a {begin} block (a private key is not a certificate)"))?
            + begin.len();
        let stop = text[start..]
            .find("-----END CERTIFICATE-----")
            .with_context(|| format!("{what}: PEM certificate without its END line"))?;
        base64_decode(&text[start..start + stop]).with_context(|| format!("{what}: bad base64 in the PEM certificate"))?
    } else {
        data.to_vec()
    };
    check_der_certificate(&der, what)?;
    Ok(der)
}

fn base64_decode(s: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits, mut pad) = (0u32, 0u32, 0usize);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                pad += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => bail!("character {:?}", c as char),
        };
        if pad > 0 {
            bail!("data after '='");
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if pad > 2 || bits >= 6 {
        bail!("truncated");
    }
    Ok(out)
}

/// The owner GUID Railyard uses for its signature lists: a name-based UUID (version 8,
/// RFC 9562) of the first 16 bytes of SHA-256(`"railyard secure boot owner " + os_id`), as
/// stored (mixed-endian). Fixed for an OS id, so the store is reproducible.
pub fn owner_guid(os_id: &str) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(format!("railyard secure boot owner {os_id}").as_bytes());
    let mut be: [u8; 16] = d[..16].try_into().expect("16 bytes");
    be[6] = (be[6] & 0x0f) | 0x80;
    be[8] = (be[8] & 0x3f) | 0x80;
    guid_swap(be)
}

fn signature_lists(certs: &[Vec<u8>], owner: &[u8; 16], what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for (i, c) in certs.iter().enumerate() {
        check_der_certificate(c, &format!("{what} certificate {}", i + 1))?;
        let sig_size = u32::try_from(16 + c.len()).context("certificate too large")?;
        let list_size = 28 + sig_size;
        out.extend_from_slice(&EFI_CERT_X509);
        out.extend_from_slice(&list_size.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&sig_size.to_le_bytes());
        out.extend_from_slice(owner);
        out.extend_from_slice(c);
    }
    Ok(out)
}

fn variable_record(name: &str, guid: &[u8; 16], attributes: u32, time: &[u8; 16], data: &[u8]) -> Result<Vec<u8>> {
    let mut uname: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
    let nsize = u32::try_from(uname.len())?;
    let dsize = u32::try_from(data.len()).context("variable data too large")?;
    let mut v = Vec::with_capacity(VAR_HEADER + uname.len() + data.len() + 3);
    v.extend_from_slice(&VAR_START_ID.to_le_bytes());
    v.push(VAR_ADDED);
    v.push(0);
    v.extend_from_slice(&attributes.to_le_bytes());
    v.extend_from_slice(&0u64.to_le_bytes()); // MonotonicCount
    v.extend_from_slice(time);
    v.extend_from_slice(&0u32.to_le_bytes()); // PubKeyIndex
    v.extend_from_slice(&nsize.to_le_bytes());
    v.extend_from_slice(&dsize.to_le_bytes());
    v.extend_from_slice(guid);
    v.append(&mut uname);
    v.extend_from_slice(data);
    while v.len() % 4 != 0 {
        v.push(0xff);
    }
    Ok(v)
}

/// CRC-32 (IEEE 802.3, as edk2's `CalculateCrc32`).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Formats a blank 64 MiB ArmVirtQemu variable flash (see the module documentation).
fn format_armvirt(len: usize) -> Vec<u8> {
    let fv_len = 3 * ARMVIRT_REGION;
    let mut f = vec![0u8; len];
    f[..fv_len].fill(0xff);
    f[..0x10].fill(0);
    f[0x10..0x20].copy_from_slice(&SYSTEM_NV_DATA_FV);
    f[0x20..0x28].copy_from_slice(&(fv_len as u64).to_le_bytes());
    f[0x28..0x2c].copy_from_slice(FV_SIGNATURE);
    f[0x2c..0x30].copy_from_slice(&ARMVIRT_FV_ATTRIBUTES.to_le_bytes());
    f[0x30..0x32].copy_from_slice(&(FV_HEADER_MIN as u16).to_le_bytes());
    f[0x32..0x34].fill(0); // checksum, below
    f[0x34..0x37].fill(0); // ExtHeaderOffset, reserved
    f[0x37] = 2;
    f[0x38..0x3c].copy_from_slice(&((len / ARMVIRT_BLOCK) as u32).to_le_bytes());
    f[0x3c..0x40].copy_from_slice(&(ARMVIRT_BLOCK as u32).to_le_bytes());
    f[0x40..0x48].fill(0);
    let sum = f[..FV_HEADER_MIN]
        .chunks_exact(2)
        .fold(0u16, |s, c| s.wrapping_add(u16::from_le_bytes([c[0], c[1]])));
    f[0x32..0x34].copy_from_slice(&0u16.wrapping_sub(sum).to_le_bytes());
    let s = FV_HEADER_MIN;
    f[s..s + 16].copy_from_slice(&AUTHENTICATED_VARIABLE);
    f[s + 16..s + 20].copy_from_slice(&((ARMVIRT_REGION - FV_HEADER_MIN) as u32).to_le_bytes());
    f[s + 20] = STORE_FORMATTED;
    f[s + 21] = STORE_HEALTHY;
    f[s + 22..s + 28].fill(0);
    // the FTW working block header
    let w = ARMVIRT_REGION;
    f[w..w + 16].copy_from_slice(&FTW_WORKING_BLOCK);
    f[w + 24..w + 32].copy_from_slice(&((ARMVIRT_REGION - 32) as u64).to_le_bytes());
    let crc = crc32(&f[w..w + 32]); // CRC and state still erased (0xff)
    f[w + 16..w + 20].copy_from_slice(&crc.to_le_bytes());
    f[w + 20] = 0xfe; // WorkingBlockValid = 0, WorkingBlockInvalid = 1
    f
}

/// A variable store with `keys` enrolled and Secure Boot enabled, from the firmware's empty
/// variable store template (`OVMF_VARS_4M.fd`: a formatted, empty edk2 authenticated store;
/// `AAVMF_VARS.fd`: a blank 64 MiB flash of zeros, formatted here as ArmVirtQemu formats it).
/// `template_name` names the template in errors. Deterministic: the authenticated variables'
/// timestamps are `timestamp` (Unix seconds, as EFI_TIME). Refuses a template that is not an
/// edk2 authenticated variable store, one that already holds variables, and keys that do
/// not fit.
pub fn enroll(template: &[u8], template_name: &str, keys: &SecureBootKeys, timestamp: u64) -> Result<Vec<u8>> {
    let mut file = if template.len() == ARMVIRT_FLASH && template.iter().all(|&b| b == 0) {
        format_armvirt(template.len())
    } else if !template.is_empty() && template.iter().all(|&b| b == 0) {
        bail!(
            "{template_name} is a blank flash of {} bytes: only a blank 64 MiB AAVMF (ArmVirtQemu) flash can be formatted here; give a formatted edk2 variable store (OVMF_VARS*.fd)",
            template.len()
        );
    } else {
        template.to_vec()
    };
    let store = parse_store(&file, template_name)?;
    let area = &file[store.start..store.end];
    if let Some(pos) = area.iter().position(|&b| b != 0xff) {
        let what = match read_variables(&file, template_name) {
            Ok(v) if !v.is_empty() => format!(
                "it already holds variables ({}{})",
                v.iter().take(5).map(|v| v.name.as_str()).collect::<Vec<_>>().join(", "),
                if v.len() > 5 { ", ..." } else { "" }
            ),
            _ => format!("its variable area is not erased (byte 0x{:02x} at offset 0x{:x})", area[pos], store.start + pos),
        };
        bail!("{template_name} is not an empty variable store: {what}; start from the firmware's empty template (OVMF_VARS_4M.fd / AAVMF_VARS.fd)");
    }
    let time = efi_time(timestamp)?;
    let auth = NV | BS | RT | TIME_AUTH;
    let pk = signature_lists(std::slice::from_ref(&keys.pk), &keys.owner, "PK")?;
    if keys.kek.is_empty() || keys.db.is_empty() {
        bail!("Secure Boot needs at least one KEK and one db certificate");
    }
    let kek = signature_lists(&keys.kek, &keys.owner, "KEK")?;
    let db = signature_lists(&keys.db, &keys.owner, "db")?;
    let zero = [0u8; 16];
    // in the order of their names, as virt-fw-vars writes them
    let mut records = Vec::new();
    records.extend(variable_record("CustomMode", &CUSTOM_MODE_ENABLE, NV | BS, &zero, &[0])?);
    records.extend(variable_record("KEK", &EFI_GLOBAL_VARIABLE, auth, &time, &kek)?);
    records.extend(variable_record("PK", &EFI_GLOBAL_VARIABLE, auth, &time, &pk)?);
    records.extend(variable_record("SecureBootEnable", &SECURE_BOOT_ENABLE_DISABLE, NV | BS, &zero, &[1])?);
    records.extend(variable_record("db", &EFI_IMAGE_SECURITY_DATABASE, auth, &time, &db)?);
    let room = store.end - store.start;
    if records.len() > room {
        bail!(
            "{template_name}: the certificates need {} bytes of variables but the store holds {room}: enroll fewer or smaller certificates",
            records.len()
        );
    }
    file[store.start..store.start + records.len()].copy_from_slice(&records);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small self-made DER "certificate" (outer SEQUENCE only; the store does not parse it).
    fn der(n: u8, len: usize) -> Vec<u8> {
        let mut v = vec![0x30, 0x82, (len >> 8) as u8, len as u8];
        v.extend(std::iter::repeat_n(n, len));
        v
    }

    fn keys() -> SecureBootKeys {
        SecureBootKeys { pk: der(1, 300), kek: vec![der(2, 310)], db: vec![der(3, 320), der(4, 330)], owner: owner_guid("railyard") }
    }

    /// An empty store like OVMF_VARS_4M.fd's, built from the format description.
    fn ovmf_like(len: usize, store: usize) -> Vec<u8> {
        let mut f = vec![0xffu8; len];
        f[..0x10].fill(0);
        f[0x10..0x20].copy_from_slice(&SYSTEM_NV_DATA_FV);
        f[0x20..0x28].copy_from_slice(&(len as u64).to_le_bytes());
        f[0x28..0x2c].copy_from_slice(b"_FVH");
        f[0x2c..0x30].copy_from_slice(&0x0004_feffu32.to_le_bytes());
        f[0x30..0x32].copy_from_slice(&0x48u16.to_le_bytes());
        f[0x32..0x37].fill(0);
        f[0x37] = 2;
        f[0x38..0x3c].copy_from_slice(&((len / 4096) as u32).to_le_bytes());
        f[0x3c..0x40].copy_from_slice(&4096u32.to_le_bytes());
        f[0x40..0x48].fill(0);
        let sum = f[..0x48].chunks_exact(2).fold(0u16, |s, c| s.wrapping_add(u16::from_le_bytes([c[0], c[1]])));
        f[0x32..0x34].copy_from_slice(&0u16.wrapping_sub(sum).to_le_bytes());
        f[0x48..0x58].copy_from_slice(&AUTHENTICATED_VARIABLE);
        f[0x58..0x5c].copy_from_slice(&((store - 0x48) as u32).to_le_bytes());
        f[0x5c] = 0x5a;
        f[0x5d] = 0xfe;
        f[0x5e..0x64].fill(0);
        f
    }

    #[test]
    fn guids_round_trip_and_are_stored_mixed_endian() {
        let t = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
        assert_eq!(guid(t).unwrap(), EFI_GLOBAL_VARIABLE);
        assert_eq!(guid_string(&EFI_GLOBAL_VARIABLE), t);
        assert_eq!(&EFI_GLOBAL_VARIABLE[..4], &[0x61, 0xdf, 0xe4, 0x8b]);
        for bad in ["", "8be4df61-93ca-11d2-aa0d-00e098032b8", "8be4df61x93ca-11d2-aa0d-00e098032b8c", "zbe4df61-93ca-11d2-aa0d-00e098032b8c"] {
            assert!(guid(bad).is_err(), "{bad}");
        }
        let o = guid_string(&owner_guid("railyard"));
        assert_eq!(&o[14..15], "8", "version 8: {o}");
        assert_ne!(owner_guid("railyard"), owner_guid("other"));
    }

    #[test]
    fn efi_time_of_unix_seconds() {
        assert_eq!(efi_time(0).unwrap()[..7], [0xb2, 0x07, 1, 1, 0, 0, 0]);
        // 2026-01-01 00:00:00 and 2024-02-29 23:59:59
        assert_eq!(efi_time(1_767_225_600).unwrap()[..7], [0xea, 0x07, 1, 1, 0, 0, 0]);
        assert_eq!(efi_time(1_709_251_199).unwrap()[..7], [0xe8, 0x07, 2, 29, 23, 59, 59]);
        for s in [0, 951_782_400, 1_709_251_199, 1_767_225_600, 4_102_444_800] {
            assert_eq!(efi_time_secs(&efi_time(s).unwrap()), Some(s));
        }
        assert!(efi_time(u64::MAX).is_err());
        assert_eq!(efi_time_secs(&[0; 16]), None);
    }

    #[test]
    fn enrolls_into_an_empty_store_and_reads_back() {
        let t = ovmf_like(0x84000, 0x40000);
        let out = enroll(&t, "t.fd", &keys(), 1_767_225_600).unwrap();
        assert_eq!(out.len(), t.len());
        assert_eq!(out[..0x64], t[..0x64], "headers unchanged");
        assert_eq!(out[0x40000..], t[0x40000..], "nothing outside the store");
        let v = read_variables(&out, "out").unwrap();
        let names: Vec<&str> = v.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["CustomMode", "KEK", "PK", "SecureBootEnable", "db"]);
        let get = |n: &str| v.iter().find(|v| v.name == n).unwrap();
        assert_eq!((get("SecureBootEnable").data.as_slice(), get("SecureBootEnable").attributes), (&[1u8][..], 3));
        assert_eq!((get("CustomMode").data.as_slice(), get("CustomMode").attributes), (&[0u8][..], 3));
        for n in ["PK", "KEK", "db"] {
            assert_eq!(get(n).attributes, 0x27, "{n}");
            assert_eq!(efi_time_secs(&get(n).timestamp), Some(1_767_225_600), "{n}");
            assert_eq!(get(n).state, 0x3f);
        }
        assert_eq!(get("db").guid, EFI_IMAGE_SECURITY_DATABASE);
        assert_eq!(get("PK").guid, EFI_GLOBAL_VARIABLE);
        // db: two signature lists, each one X.509 certificate with the owner
        let db = &get("db").data;
        let k = keys();
        let first = 28 + 16 + k.db[0].len();
        assert_eq!(db.len(), first + 28 + 16 + k.db[1].len());
        assert_eq!(&db[..16], &EFI_CERT_X509);
        assert_eq!(u32::from_le_bytes(db[16..20].try_into().unwrap()) as usize, first);
        assert_eq!(u32::from_le_bytes(db[24..28].try_into().unwrap()) as usize, 16 + k.db[0].len());
        assert_eq!(&db[28..44], &k.owner);
        assert_eq!(&db[44..first], k.db[0].as_slice());
        // deterministic
        assert_eq!(enroll(&t, "t.fd", &keys(), 1_767_225_600).unwrap(), out);
        // and the result is no template any more
        let e = format!("{:#}", enroll(&out, "out.fd", &keys(), 0).unwrap_err());
        assert!(e.contains("out.fd") && e.contains("already holds variables") && e.contains("PK"), "{e}");
    }

    #[test]
    fn blank_64mib_flash_is_formatted_like_armvirtqemu() {
        let out = enroll(&vec![0u8; 64 << 20], "AAVMF_VARS.fd", &keys(), 1).unwrap();
        assert_eq!(out.len(), 64 << 20);
        assert_eq!(read_variables(&out, "x").unwrap().len(), 5);
        assert_eq!(&out[0x40000..0x40010], &FTW_WORKING_BLOCK);
        assert!(out[0xc0000..].iter().all(|&b| b == 0));
        let e = format!("{:#}", enroll(&vec![0u8; 1 << 20], "z.fd", &keys(), 1).unwrap_err());
        assert!(e.contains("z.fd") && e.contains("blank flash"), "{e}");
    }

    #[test]
    fn crc32_is_ieee() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn hostile_templates_are_refused_without_panics() {
        let t = ovmf_like(0x84000, 0x40000);
        let k = keys();
        let mut cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![], "too small"),
            (vec![0xff; 100], "_FVH"),
            (b"not a firmware file at all, but long enough to hold the headers .................................................".to_vec(), "_FVH"),
        ];
        let mut c = t.clone();
        c[0x32] ^= 1;
        cases.push((c, "checksum"));
        let mut c = t.clone();
        c[0x10] ^= 1;
        cases.push((c, "NV data GUID"));
        let mut c = t.clone();
        c[0x48] ^= 1;
        cases.push((c, "authenticated-variable store"));
        let mut c = t.clone();
        c[0x5c] = 0;
        cases.push((c, "format"));
        let mut c = t.clone();
        c[0x58..0x5c].copy_from_slice(&u32::MAX.to_le_bytes());
        cases.push((c, "does not fit"));
        let mut c = t.clone();
        c[0x20..0x28].copy_from_slice(&u64::MAX.to_le_bytes());
        cases.push((c, "does not fit"));
        let mut c = t.clone();
        c[0x64] = 0;
        cases.push((c, "not erased"));
        for (i, (c, want)) in cases.iter().enumerate() {
            let e = format!("{:#}", enroll(c, "hostile.fd", &k, 0).unwrap_err());
            assert!(e.contains("hostile.fd") && e.contains(want), "case {i}: {e}");
        }
        // a variable whose sizes point past the store: read as an error, enroll refuses
        let mut c = t.clone();
        c[0x64..0x66].copy_from_slice(&0x55aau16.to_le_bytes());
        c[0x64 + 36..0x64 + 40].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read_variables(&c, "h").is_err());
        assert!(enroll(&c, "h.fd", &k, 0).is_err());
        // truncations of a valid store never panic
        let out = enroll(&t, "t", &k, 0).unwrap();
        for n in [0, 1, 0x30, 0x63, 0x64, 0x80, 0x200, 0x3ffff] {
            let _ = read_variables(&out[..n], "cut");
            let _ = enroll(&out[..n], "cut", &k, 0);
        }
    }

    #[test]
    fn keys_that_do_not_fit_or_are_not_certificates_are_refused() {
        let t = ovmf_like(0x84000, 0x40000);
        let mut k = keys();
        k.db = (0..40).map(|i| der(i, 8000)).collect();
        let e = format!("{:#}", enroll(&t, "small.fd", &k, 0).unwrap_err());
        assert!(e.contains("small.fd") && e.contains("the store holds"), "{e}");
        let mut k = keys();
        k.kek = vec![b"-----BEGIN CERTIFICATE-----".to_vec()];
        let e = format!("{:#}", enroll(&t, "t.fd", &k, 0).unwrap_err());
        assert!(e.contains("KEK certificate 1") && e.contains("not a DER X.509"), "{e}");
        let mut k = keys();
        k.db.clear();
        assert!(enroll(&t, "t.fd", &k, 0).is_err());
    }

    #[test]
    fn pem_and_der_certificates_are_read() {
        let d = der(7, 200);
        assert_eq!(certificate_der(&d, "c").unwrap(), d);
        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut b64 = String::new();
        for c in d.chunks(3) {
            let n = c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b)) << (8 * (3 - c.len()));
            for i in 0..4 {
                b64.push(if i <= c.len() { B64[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
            }
        }
        let pem = format!("-----BEGIN CERTIFICATE-----\n{}\n{}\n-----END CERTIFICATE-----\n", &b64[..64], &b64[64..]);
        assert_eq!(certificate_der(pem.as_bytes(), "c").unwrap(), d);
        let e = format!("{:#}", certificate_der(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "k.pem").unwrap_err());
        assert!(e.contains("k.pem") && e.contains("BEGIN CERTIFICATE"), "{e}");
        assert!(certificate_der(b"\x30\x05abc", "short").is_err());
        assert!(certificate_der(b"", "empty").is_err());
    }
}
