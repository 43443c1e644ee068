//! System extensions under test (`--sysext=NAME.raw`, as `./build_sysext` writes them, with
//! their `.usrhash`/`.roothash` sidecar): the main machine gets each one in
//! /etc/extensions through its Ignition config; the peer gets a copy with one byte of the
//! extension's file system changed, which systemd-sysext must refuse.

use anyhow::{bail, Context, Result};
use std::io::Write as _;

/// One extension: NAME.raw and its sidecar, read (and checked) as `build_image --sysext`
/// reads them.
pub type Ext = railyard_image::pipeline::SysextInImage;

/// Reads `--sysext` files.
pub fn load(files: &[std::path::PathBuf]) -> Result<Vec<Ext>> {
    railyard_image::pipeline::read_sysexts(files)
}

/// The image with one byte of its data partition changed: the last byte of the file
/// system's first block, which every mount reads (systemd 252 reads the extension's
/// metadata from the partition itself, where erofs's superblock checksum refuses it, and
/// merges through dm-verity, which refuses any changed block).
pub fn tampered(e: &Ext) -> Result<Vec<u8>> {
    let raw = &e.source;
    let mut f = std::fs::File::open(raw).with_context(|| format!("reading {}", raw.display()))?;
    let t = railyard_disk::gpt::read(&mut f).with_context(|| format!("the partition table of {}", raw.display()))?;
    let mut data = std::fs::read(raw)?;
    let p = t.entries.iter().min_by_key(|e| e.start).with_context(|| format!("{}: no partitions", raw.display()))?;
    let at = (p.start + 4095) as usize;
    if at >= data.len() {
        bail!("{}: its first partition lies outside the file", raw.display());
    }
    data[at] ^= 0x5a;
    Ok(data)
}

fn gz_data_url(data: &[u8]) -> Result<String> {
    use base64::Engine as _;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data)?;
    Ok(format!("data:;base64,{}", base64::engine::general_purpose::STANDARD.encode(e.finish()?)))
}

/// Ignition `storage.files` entries placing `exts` (tampered copies with `tampered`) and
/// their sidecars in /etc/extensions.
pub fn files(exts: &[Ext], tampered: bool) -> Result<Vec<serde_json::Value>> {
    let mut v = Vec::new();
    for e in exts {
        let data = if tampered { self::tampered(e)? } else { std::fs::read(&e.source).with_context(|| format!("reading {}", e.source.display()))? };
        v.push(serde_json::json!({"path": format!("/etc/extensions/{}.raw", e.name), "mode": 420,
            "contents": {"compression": "gzip", "source": gz_data_url(&data)?}}));
        v.push(serde_json::json!({"path": format!("/etc/extensions/{}.{}", e.name, e.sidecar), "mode": 420,
            "contents": {"source": format!("data:,{}", e.root_hash)}}));
    }
    Ok(v)
}
