//! System extensions under test (`--sysext=NAME.raw`, as `./build_sysext` writes them, with
//! their `.usrhash`/`.roothash` sidecar): the main machine gets each one in
//! /etc/extensions through its Ignition config (fetched from the test server); the peer
//! gets a copy with one byte of the extension's file system changed, which systemd-sysext
//! must refuse.

use crate::serve::{Route, Server};
use anyhow::{bail, Context, Result};
use std::io::Write;

/// One extension: NAME.raw and its sidecar, read (and checked) as `build_image --sysext`
/// reads them.
pub type Ext = railyard_image::pipeline::SysextInImage;

/// Reads `--sysext` files.
pub fn load(files: &[std::path::PathBuf]) -> Result<Vec<Ext>> {
    railyard_image::pipeline::read_sysexts(files)
}

/// The byte changed in the tampered copy: the last byte of the file system's first block,
/// which every mount reads (systemd 252 reads the extension's metadata from the partition
/// itself, where erofs's superblock checksum refuses it, and merges through dm-verity,
/// which refuses any changed block).
pub fn tamper_offset(e: &Ext) -> Result<u64> {
    let raw = &e.source;
    let mut f = std::fs::File::open(raw).with_context(|| format!("reading {}", raw.display()))?;
    let t = railyard_disk::gpt::read(&mut f).with_context(|| format!("the partition table of {}", raw.display()))?;
    let p = t.entries.iter().min_by_key(|e| e.start).with_context(|| format!("{}: no partitions", raw.display()))?;
    let at = p.start + 4095;
    if at >= f.metadata()?.len() {
        bail!("{}: its first partition lies outside the file", raw.display());
    }
    Ok(at)
}

/// What the test server serves for `exts`: each as built under `sysext/` and tampered
/// under `sysext-tampered/`.
pub fn routes(exts: &[Ext]) -> Result<Vec<Route>> {
    let mut v = Vec::new();
    for e in exts {
        v.push(Route { path: format!("sysext/{}.raw", e.name), file: e.source.clone(), flip: None });
        v.push(Route { path: format!("sysext-tampered/{}.raw", e.name), file: e.source.clone(), flip: Some(tamper_offset(e)?) });
    }
    Ok(v)
}

/// `sha512-<hex>` of what `r` serves (Ignition's verification hash).
pub fn served_sha512(r: &Route) -> Result<String> {
    use sha2::Digest as _;
    let mut f = std::fs::File::open(&r.file).with_context(|| format!("reading {}", r.file.display()))?;
    let mut h = HashSink(sha2::Sha512::new());
    crate::serve::copy_flipped(&mut f, &mut h, r.flip)?;
    Ok(format!("sha512-{}", hex::encode(h.0.finalize())))
}

struct HashSink(sha2::Sha512);

impl Write for HashSink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(&mut self.0, b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An Ignition `storage.files` entry fetching `r` from `srv` into `path`, checked by its
/// SHA-512.
pub fn fetched_file(path: &str, r: &Route, srv: &Server) -> Result<serde_json::Value> {
    Ok(serde_json::json!({"path": path, "mode": 420,
        "contents": {"source": srv.url(&r.path), "verification": {"hash": served_sha512(r)?}}}))
}

/// Ignition `storage.files` entries placing `exts` (tampered copies with `tampered`) and
/// their sidecars in /etc/extensions; the images are fetched from `srv`.
pub fn files(exts: &[Ext], routes: &[Route], tampered: bool, srv: &Server) -> Result<Vec<serde_json::Value>> {
    let dir = if tampered { "sysext-tampered" } else { "sysext" };
    let mut v = Vec::new();
    for e in exts {
        let path = format!("{dir}/{}.raw", e.name);
        let r = routes.iter().find(|r| r.path == path).with_context(|| format!("{path} is not served"))?;
        v.push(fetched_file(&format!("/etc/extensions/{}.raw", e.name), r, srv)?);
        v.push(serde_json::json!({"path": format!("/etc/extensions/{}.{}", e.name, e.sidecar), "mode": 420,
            "contents": {"source": format!("data:,{}", e.root_hash)}}));
    }
    Ok(v)
}
