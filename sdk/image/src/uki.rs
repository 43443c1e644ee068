//! Unified kernel images: systemd's EFI stub (`linux{x64,aa64}.efi.stub`, from the image
//! root) with the slot's os-release, kernel command line, kernel and initramfs added as PE
//! sections `.osrel`, `.cmdline`, `.linux`, `.initrd`. One image per USR slot: the command
//! line carries that slot's PARTUUID and dm-verity root hash, so the hash cannot be changed
//! without changing (and, with Secure Boot, re-signing) the slot's boot file.
//!
//! Written here rather than with objcopy or ukify (not in Debian 12): the layout is fully
//! determined by the inputs (sections in a fixed order, each at the next section-aligned
//! address), the PE checksum and time stamp are zero, and nothing but bytes is run.

use anyhow::{bail, Context, Result};

const SECTION_HEADER: usize = 40;
/// IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ
const DATA_READ: u32 = 0x0000_0040 | 0x4000_0000;

fn u16_at(b: &[u8], o: usize) -> Result<u16> {
    Ok(u16::from_le_bytes(b.get(o..o + 2).context("truncated PE header")?.try_into().expect("2 bytes")))
}
fn u32_at(b: &[u8], o: usize) -> Result<u32> {
    Ok(u32::from_le_bytes(b.get(o..o + 4).context("truncated PE header")?.try_into().expect("4 bytes")))
}
fn put32(b: &mut [u8], o: usize, v: u32) {
    b[o..o + 4].copy_from_slice(&v.to_le_bytes());
}
fn round_up(v: u64, a: u64) -> u64 {
    v.div_ceil(a) * a
}

/// Adds `sections` (name, contents) to the PE image `stub`, in order, after its last
/// section. `what` names the stub in errors.
pub fn add_sections(stub: &[u8], sections: &[(&str, &[u8])], what: &str) -> Result<Vec<u8>> {
    let err = |m: &str| anyhow::anyhow!("{what}: {m}");
    if stub.get(0..2) != Some(b"MZ") {
        return Err(err("not a PE image (no MZ header)"));
    }
    let pe = u32_at(stub, 0x3c)? as usize;
    if stub.get(pe..pe + 4) != Some(b"PE\0\0") {
        return Err(err("not a PE image (no PE signature)"));
    }
    let coff = pe + 4;
    let nsec = u16_at(stub, coff + 2)? as usize;
    let opt_size = u16_at(stub, coff + 16)? as usize;
    let opt = coff + 20;
    if u16_at(stub, opt)? != 0x20b {
        return Err(err("not a PE32+ image"));
    }
    let section_align = u32_at(stub, opt + 32)? as u64;
    let file_align = u32_at(stub, opt + 36)? as u64;
    let size_of_headers = u32_at(stub, opt + 60)? as usize;
    if !section_align.is_power_of_two() || !file_align.is_power_of_two() || file_align < 512 {
        return Err(err("unusual section or file alignment"));
    }
    // data directories: the certificate table (index 4) must be empty (an unsigned stub)
    let ndirs = u32_at(stub, opt + 108)? as usize;
    if ndirs > 4 && u32_at(stub, opt + 112 + 4 * 8 + 4)? != 0 {
        return Err(err("the stub is signed; sign the unified image after assembling it instead"));
    }
    let table = opt + opt_size;
    let mut end_va = 0u64;
    let mut end_raw = 0u64;
    let mut first_raw = u64::MAX;
    for i in 0..nsec {
        let s = table + i * SECTION_HEADER;
        let name = stub.get(s..s + 8).context("truncated section table")?;
        for (n, _) in sections {
            if name.split(|&c| c == 0).next() == Some(n.as_bytes()) {
                return Err(err(&format!("already has a {n} section")));
            }
        }
        let (vsize, va, raw_size, raw) = (u32_at(stub, s + 8)?, u32_at(stub, s + 12)?, u32_at(stub, s + 16)?, u32_at(stub, s + 20)?);
        end_va = end_va.max(va as u64 + vsize.max(raw_size) as u64);
        if raw_size > 0 {
            end_raw = end_raw.max(raw as u64 + raw_size as u64);
            first_raw = first_raw.min(raw as u64);
        }
    }
    let table_end = table + (nsec + sections.len()) * SECTION_HEADER;
    if table_end as u64 > first_raw.min(size_of_headers as u64) {
        return Err(err(&format!("no room for {} more section headers", sections.len())));
    }
    if end_raw > stub.len() as u64 {
        return Err(err("a section lies beyond the end of the file"));
    }
    let mut out = stub[..end_raw as usize].to_vec();
    let mut va = round_up(end_va, section_align);
    for (k, (name, data)) in sections.iter().enumerate() {
        if name.len() > 8 {
            bail!("{what}: section name {name} is longer than 8 bytes");
        }
        let raw = round_up(out.len() as u64, file_align);
        out.resize(raw as usize, 0);
        out.extend_from_slice(data);
        let raw_size = round_up(data.len() as u64, file_align);
        out.resize((raw + raw_size) as usize, 0);
        let h = table + (nsec + k) * SECTION_HEADER;
        out[h..h + SECTION_HEADER].fill(0);
        out[h..h + name.len()].copy_from_slice(name.as_bytes());
        let too_big = || anyhow::anyhow!("{what}: the unified image would pass 4 GiB");
        put32(&mut out, h + 8, u32::try_from(data.len()).map_err(|_| too_big())?);
        put32(&mut out, h + 12, u32::try_from(va).map_err(|_| too_big())?);
        put32(&mut out, h + 16, u32::try_from(raw_size).map_err(|_| too_big())?);
        put32(&mut out, h + 20, u32::try_from(raw).map_err(|_| too_big())?);
        put32(&mut out, h + 36, DATA_READ);
        va = round_up(va + data.len() as u64, section_align);
    }
    let n = u16::try_from(nsec + sections.len()).map_err(|_| anyhow::anyhow!("{what}: too many sections"))?;
    out[coff + 2..coff + 4].copy_from_slice(&n.to_le_bytes());
    // SizeOfImage; initialized data grows by the new sections; no checksum, no time stamp
    put32(&mut out, opt + 56, u32::try_from(va).map_err(|_| anyhow::anyhow!("{what}: image too large"))?);
    let init = u32_at(&out, opt + 8)? as u64 + sections.iter().map(|(_, d)| round_up(d.len() as u64, file_align)).sum::<u64>();
    put32(&mut out, opt + 8, u32::try_from(init).unwrap_or(u32::MAX));
    put32(&mut out, opt + 64, 0);
    put32(&mut out, coff + 4, 0);
    // the stub's COFF symbol table (deprecated in images) lay after its sections, where the
    // new sections are now: drop the pointer to it
    put32(&mut out, coff + 8, 0);
    put32(&mut out, coff + 12, 0);
    Ok(out)
}

/// Where a slot's unified kernel image lives on the ESP: `EFI/Linux/<label>.efi` (the Boot
/// Loader Specification's directory for type #2 entries), `usr-a.efi` for USR-A. The
/// selector derives the same name from the GPT partition label.
pub fn esp_path(slot_label: &str) -> String {
    format!("EFI/Linux/{}.efi", slot_label.to_lowercase())
}

/// The parts of a unified kernel image made by [`assemble`]: (stub, os-release, command
/// line, kernel, initramfs); `assemble` of them gives the same bytes back.
pub fn split(uki: &[u8], what: &str) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>)> {
    let err = |m: &str| anyhow::anyhow!("{what}: {m}");
    if uki.get(0..2) != Some(b"MZ") {
        return Err(err("not a PE image"));
    }
    let pe = u32_at(uki, 0x3c)? as usize;
    let coff = pe + 4;
    let nsec = u16_at(uki, coff + 2)? as usize;
    let opt = coff + 20;
    let table = opt + u16_at(uki, coff + 16)? as usize;
    let file_align = u32_at(uki, opt + 36)? as u64;
    if nsec < 5 {
        return Err(err("not a unified kernel image (too few sections)"));
    }
    let mut parts = Vec::new();
    for (k, want) in [".osrel", ".cmdline", ".linux", ".initrd"].iter().enumerate() {
        let h = table + (nsec - 4 + k) * SECTION_HEADER;
        let name = uki.get(h..h + 8).context("truncated section table")?;
        if name.split(|&c| c == 0).next() != Some(want.as_bytes()) {
            return Err(err(&format!("section {} is not {want} (not made by Railyard?)", nsec - 4 + k)));
        }
        let (vsize, raw) = (u32_at(uki, h + 8)? as usize, u32_at(uki, h + 20)? as usize);
        parts.push(uki.get(raw..raw + vsize).context("a section lies beyond the end of the file")?.to_vec());
    }
    let first = table + (nsec - 4) * SECTION_HEADER;
    let raw0 = u32_at(uki, first + 20)? as usize;
    let mut stub = uki[..raw0].to_vec();
    stub[first..first + 4 * SECTION_HEADER].fill(0);
    stub[coff + 2..coff + 4].copy_from_slice(&((nsec - 4) as u16).to_le_bytes());
    // a signed image's signature covers the assembled image, not the stub: the stub comes
    // back unsigned (its certificate table entry cleared), as `assemble` takes it
    if u16_at(uki, opt)? == 0x20b && u32_at(uki, opt + 108)? > 4 {
        stub.get_mut(opt + 144..opt + 152).context("truncated data directories")?.fill(0);
    }
    let added: u64 = parts.iter().map(|p| round_up(p.len() as u64, file_align)).sum();
    let init = (u32_at(&stub, opt + 8)? as u64).saturating_sub(added);
    put32(&mut stub, opt + 8, init as u32);
    let mut it = parts.into_iter();
    let (o, c, l, i) = (it.next().expect("4"), it.next().expect("4"), it.next().expect("4"), it.next().expect("4"));
    Ok((stub, o, c, l, i))
}

/// A unified kernel image from the stub and the slot's parts.
pub fn assemble(stub: &[u8], stub_name: &str, os_release: &str, cmdline: &str, kernel: &[u8], initrd: &[u8]) -> Result<Vec<u8>> {
    add_sections(stub, &[(".osrel", os_release.as_bytes()), (".cmdline", cmdline.as_bytes()), (".linux", kernel), (".initrd", initrd)], stub_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal PE32+ image: headers in 0x400 bytes, one .text section.
    pub(crate) fn tiny_pe() -> Vec<u8> {
        let mut b = vec![0u8; 0x600];
        b[0..2].copy_from_slice(b"MZ");
        b[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
        b[0x80..0x84].copy_from_slice(b"PE\0\0");
        let coff = 0x84;
        b[coff..coff + 2].copy_from_slice(&0x8664u16.to_le_bytes());
        b[coff + 2..coff + 4].copy_from_slice(&1u16.to_le_bytes());
        b[coff + 16..coff + 18].copy_from_slice(&240u16.to_le_bytes());
        let opt = coff + 20;
        b[opt..opt + 2].copy_from_slice(&0x20bu16.to_le_bytes());
        b[opt + 32..opt + 36].copy_from_slice(&0x1000u32.to_le_bytes());
        b[opt + 36..opt + 40].copy_from_slice(&0x200u32.to_le_bytes());
        b[opt + 56..opt + 60].copy_from_slice(&0x2000u32.to_le_bytes());
        b[opt + 60..opt + 64].copy_from_slice(&0x400u32.to_le_bytes());
        b[opt + 108..opt + 112].copy_from_slice(&16u32.to_le_bytes());
        let s = opt + 240;
        b[s..s + 5].copy_from_slice(b".text");
        b[s + 8..s + 12].copy_from_slice(&0x10u32.to_le_bytes());
        b[s + 12..s + 16].copy_from_slice(&0x1000u32.to_le_bytes());
        b[s + 16..s + 20].copy_from_slice(&0x200u32.to_le_bytes());
        b[s + 20..s + 24].copy_from_slice(&0x400u32.to_le_bytes());
        b
    }

    #[test]
    fn sections_follow_the_last_one_aligned_and_the_headers_say_so() {
        let pe = tiny_pe();
        let out = assemble(&pe, "tiny", "ID=x\n", "root=/dev/x", &[1u8; 5000], &[2u8; 10]).unwrap();
        assert_eq!(u16_at(&out, 0x84 + 2).unwrap(), 5);
        let table = 0x84 + 20 + 240;
        let sec = |i: usize| {
            let h = table + i * 40;
            (String::from_utf8_lossy(&out[h..h + 8]).trim_end_matches('\0').to_string(), u32_at(&out, h + 8).unwrap(), u32_at(&out, h + 12).unwrap(), u32_at(&out, h + 20).unwrap())
        };
        assert_eq!(sec(1), (".osrel".into(), 5, 0x2000, 0x600));
        assert_eq!(sec(2), (".cmdline".into(), 11, 0x3000, 0x800));
        assert_eq!(sec(3), (".linux".into(), 5000, 0x4000, 0xa00));
        let (_, _, va, raw) = sec(4);
        assert_eq!((va, raw), (0x6000, 0xa00 + 0x1400));
        assert_eq!(&out[raw as usize..raw as usize + 10], &[2u8; 10]);
        assert_eq!(u32_at(&out, 0x84 + 20 + 56).unwrap(), 0x7000, "SizeOfImage");
        assert_eq!(out, assemble(&pe, "tiny", "ID=x\n", "root=/dev/x", &[1u8; 5000], &[2u8; 10]).unwrap(), "deterministic");
    }

    #[test]
    fn split_gives_the_parts_back_and_reassembles_to_the_same_bytes() {
        let uki = assemble(&tiny_pe(), "tiny", "ID=x\n", "root=/dev/x", &[1u8; 5000], &[2u8; 10]).unwrap();
        let (stub, o, c, l, i) = split(&uki, "u").unwrap();
        assert_eq!((o.as_slice(), c.as_slice(), l.len(), i.as_slice()), (&b"ID=x\n"[..], &b"root=/dev/x"[..], 5000, &[2u8; 10][..]));
        let again = assemble(&stub, "s", std::str::from_utf8(&o).unwrap(), std::str::from_utf8(&c).unwrap(), &l, &i).unwrap();
        assert_eq!(again, uki);
        let other = assemble(&stub, "s", "ID=x\n", "root=/dev/y quiet", &l, &i).unwrap();
        assert_eq!(split(&other, "o").unwrap().2, b"root=/dev/y quiet");
        assert!(split(&tiny_pe(), "t").unwrap_err().to_string().contains("too few sections"));
    }

    #[test]
    fn bad_stubs_are_refused_with_the_reason() {
        let e = assemble(b"not a pe", "s.stub", "", "", &[], &[]).unwrap_err().to_string();
        assert!(e.contains("s.stub") && e.contains("MZ"), "{e}");
        let mut pe = tiny_pe();
        pe[0x84 + 20 + 60..0x84 + 20 + 64].copy_from_slice(&0x1a0u32.to_le_bytes());
        let e = assemble(&pe, "s.stub", "", "", &[], &[]).unwrap_err().to_string();
        assert!(e.contains("no room"), "{e}");
        let pe = add_sections(&tiny_pe(), &[(".linux", b"k")], "s").unwrap();
        let e = assemble(&pe, "s.stub", "", "", &[], &[]).unwrap_err().to_string();
        assert!(e.contains("already has a .linux"), "{e}");
    }
}
