//! Writing an OCI image (one layer) as an `oci-archive` tar: `oci-layout`, `index.json`,
//! `blobs/sha256/*`. Every header, timestamp and JSON key order is fixed, so the same root
//! filesystem tar always gives the same manifest digest.

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

/// Image settings.
#[derive(Debug, Clone)]
pub struct ImageConfig {
    /// OCI architecture (`amd64`, `arm64`).
    pub architecture: String,
    /// Creation time (SOURCE_DATE_EPOCH).
    pub epoch: u64,
    /// Environment of the container.
    pub env: Vec<String>,
    /// Labels (`org.opencontainers.image.*` and Railyard's own).
    pub labels: BTreeMap<String, String>,
    /// Reference name stored in index.json (`org.opencontainers.image.ref.name`).
    pub ref_name: String,
}

/// What was written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImageInfo {
    /// `sha256:<hex>` of the manifest: the image digest.
    pub digest: String,
    /// Config blob digest (the image ID engines show).
    pub config_digest: String,
    /// Compressed layer digest.
    pub layer_digest: String,
    /// Uncompressed layer digest (diff_id).
    pub diff_id: String,
    /// Compressed layer size.
    pub layer_size: u64,
    /// Size of the archive file.
    pub archive_size: u64,
}

struct HashWriter<W: Write> {
    inner: W,
    hash: Sha256,
    len: u64,
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(b)?;
        self.hash.update(&b[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn add_file<W: Write>(ar: &mut tar::Builder<W>, name: &str, data: &[u8], epoch: u64) -> Result<()> {
    let mut h = tar::Header::new_ustar();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(epoch);
    h.set_entry_type(tar::EntryType::Regular);
    ar.append_data(&mut h, name, data).with_context(|| format!("adding {name} to the OCI archive"))?;
    Ok(())
}

fn add_dir<W: Write>(ar: &mut tar::Builder<W>, name: &str, epoch: u64) -> Result<()> {
    let mut h = tar::Header::new_ustar();
    h.set_size(0);
    h.set_mode(0o755);
    h.set_mtime(epoch);
    h.set_entry_type(tar::EntryType::Directory);
    ar.append_data(&mut h, name, std::io::empty())?;
    Ok(())
}

/// The `index.json` of an archive: one entry, `media_type` at `digest` (`size` bytes), named
/// `ref_name`.
fn top_index(media_type: &str, digest: &str, size: usize, ref_name: &str) -> serde_json::Value {
    serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": media_type,
            "digest": digest,
            "size": size,
            "annotations": { "org.opencontainers.image.ref.name": ref_name },
        }],
    })
}

/// The first members of every archive: `oci-layout`, `index.json` and the blob directories.
fn archive_head<W: Write>(ar: &mut tar::Builder<W>, index: &serde_json::Value, epoch: u64) -> Result<()> {
    add_file(ar, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#, epoch)?;
    add_file(ar, "index.json", &serde_json::to_vec(index)?, epoch)?;
    add_dir(ar, "blobs/", epoch)?;
    add_dir(ar, "blobs/sha256/", epoch)
}

/// Builds `out` (an oci-archive) from `rootfs_tar` (an uncompressed tar of the root).
pub fn write_archive(rootfs_tar: &Path, out: &Path, cfg: &ImageConfig) -> Result<ImageInfo> {
    let dir = out.parent().context("output has no directory")?;
    let layer_tmp = dir.join(format!(".{}.layer", out.file_name().unwrap_or_default().to_string_lossy()));
    // 1. compress the layer once, hashing both forms
    let mut diff = Sha256::new();
    let (layer_digest, layer_size) = {
        let f = std::fs::File::create(&layer_tmp).with_context(|| format!("creating {}", layer_tmp.display()))?;
        let hw = HashWriter { inner: std::io::BufWriter::new(f), hash: Sha256::new(), len: 0 };
        let mut gz = GzEncoder::new(hw, flate2::Compression::new(3));
        let mut src = std::fs::File::open(rootfs_tar).with_context(|| format!("opening {}", rootfs_tar.display()))?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = src.read(&mut buf)?;
            if n == 0 {
                break;
            }
            diff.update(&buf[..n]);
            gz.write_all(&buf[..n])?;
        }
        let mut hw = gz.finish()?;
        hw.flush()?;
        (format!("sha256:{}", hex::encode(hw.hash.finalize())), hw.len)
    };
    let diff_id = format!("sha256:{}", hex::encode(diff.finalize()));
    let created = railyard_core::time::rfc3339(cfg.epoch);
    let config = serde_json::json!({
        "architecture": cfg.architecture,
        "os": "linux",
        "created": created,
        "config": {
            "Env": cfg.env,
            "Labels": cfg.labels,
            "WorkingDir": "/",
            "Cmd": ["/bin/bash"],
        },
        "rootfs": { "type": "layers", "diff_ids": [diff_id] },
        "history": [{ "created": created, "created_by": "railyard build_sdk_container_image (mmdebstrap)" }],
    });
    let config_bytes = serde_json::to_vec(&config)?;
    let config_digest = format!("sha256:{}", hex::encode(Sha256::digest(&config_bytes)));
    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_bytes.len() },
        "layers": [{ "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer_digest, "size": layer_size }],
        "annotations": { "org.opencontainers.image.created": created },
    });
    let manifest_bytes = serde_json::to_vec(&manifest)?;
    let digest = format!("sha256:{}", hex::encode(Sha256::digest(&manifest_bytes)));
    let index = top_index("application/vnd.oci.image.manifest.v1+json", &digest, manifest_bytes.len(), &cfg.ref_name);
    // 2. the archive, written to a temp name and renamed
    let tmp = dir.join(format!(".{}.tmp", out.file_name().unwrap_or_default().to_string_lossy()));
    {
        let f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let mut ar = tar::Builder::new(f);
        ar.mode(tar::HeaderMode::Deterministic);
        archive_head(&mut ar, &index, cfg.epoch)?;
        let blob = |d: &str| format!("blobs/sha256/{}", d.trim_start_matches("sha256:"));
        add_file(&mut ar, &blob(&config_digest), &config_bytes, cfg.epoch)?;
        add_file(&mut ar, &blob(&digest), &manifest_bytes, cfg.epoch)?;
        let mut h = tar::Header::new_ustar();
        h.set_size(layer_size);
        h.set_mode(0o644);
        h.set_mtime(cfg.epoch);
        h.set_entry_type(tar::EntryType::Regular);
        let lf = std::fs::File::open(&layer_tmp)?;
        ar.append_data(&mut h, blob(&layer_digest), lf)?;
        ar.into_inner()?.flush()?;
    }
    std::fs::remove_file(&layer_tmp)?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(ImageInfo { digest, config_digest, layer_digest, diff_id, layer_size, archive_size: std::fs::metadata(out)?.len() })
}

/// Reads `index.json` of an oci-archive written by [`write_archive`]: the image manifest's
/// digest and size.
fn archive_manifest(archive: &Path) -> Result<(String, u64)> {
    let mut ar = tar::Archive::new(std::fs::File::open(archive).with_context(|| format!("opening {}", archive.display()))?);
    for e in ar.entries()? {
        let mut e = e?;
        if e.path()?.to_string_lossy().trim_start_matches("./") != "index.json" {
            continue;
        }
        let mut text = String::new();
        e.read_to_string(&mut text)?;
        let v: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{}: index.json is not JSON", archive.display()))?;
        let m = &v["manifests"][0];
        let (Some(digest), Some(size)) = (m["digest"].as_str(), m["size"].as_u64()) else {
            anyhow::bail!("{}: index.json names no image manifest", archive.display());
        };
        if m["mediaType"] != "application/vnd.oci.image.manifest.v1+json" || !is_blob_digest(digest) {
            anyhow::bail!("{}: index.json's first entry is not an OCI image manifest with a sha256 digest", archive.display());
        }
        return Ok((digest.to_string(), size));
    }
    anyhow::bail!("{} has no index.json: not an oci-archive", archive.display())
}

fn is_blob_digest(d: &str) -> bool {
    d.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// Digest of everything read through it.
struct HashReader<R: Read> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for HashReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// Writes `out`, a multi-platform oci-archive: the blobs of the single-platform archives
/// `images` (`(architecture, archive)`, each from [`write_archive`]) and an image index
/// listing their manifests with their platforms, named `ref_name`. Every blob is checked
/// against its digest on the way; the image manifests (and so the per-platform digests)
/// are kept byte for byte. Returns the index's digest.
pub fn write_index(images: &[(String, std::path::PathBuf)], out: &Path, ref_name: &str, epoch: u64) -> Result<String> {
    let mut entries = Vec::new();
    for (arch, archive) in images {
        let (digest, size) = archive_manifest(archive)?;
        entries.push(serde_json::json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest,
            "size": size,
            "platform": { "architecture": arch, "os": "linux" },
        }));
    }
    let nested = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": entries,
    }))?;
    let digest = format!("sha256:{}", hex::encode(Sha256::digest(&nested)));
    let index = top_index("application/vnd.oci.image.index.v1+json", &digest, nested.len(), ref_name);
    let dir = out.parent().context("output has no directory")?;
    let tmp = dir.join(format!(".{}.tmp", out.file_name().unwrap_or_default().to_string_lossy()));
    let written = (|| -> Result<()> {
        let mut ar = tar::Builder::new(std::io::BufWriter::new(std::fs::File::create(&tmp)?));
        ar.mode(tar::HeaderMode::Deterministic);
        archive_head(&mut ar, &index, epoch)?;
        let mut seen = std::collections::BTreeSet::new();
        let name = format!("blobs/sha256/{}", digest.trim_start_matches("sha256:"));
        add_file(&mut ar, &name, &nested, epoch)?;
        seen.insert(name);
        for (_, archive) in images {
            let mut src = tar::Archive::new(std::fs::File::open(archive)?);
            for e in src.entries()? {
                let e = e?;
                let name = e.path()?.to_string_lossy().trim_start_matches("./").to_string();
                let Some(hex) = name.strip_prefix("blobs/sha256/") else { continue };
                if hex.is_empty() {
                    continue;
                }
                if !is_blob_digest(&format!("sha256:{hex}")) || e.header().entry_type() != tar::EntryType::Regular {
                    anyhow::bail!("{}: unexpected member {name:?}", archive.display());
                }
                if !seen.insert(name.clone()) {
                    continue;
                }
                let mut h = tar::Header::new_ustar();
                h.set_size(e.size());
                h.set_mode(0o644);
                h.set_mtime(epoch);
                h.set_entry_type(tar::EntryType::Regular);
                let mut r = HashReader { inner: e, hash: Sha256::new() };
                ar.append_data(&mut h, &name, &mut r)?;
                if hex::encode(r.hash.finalize()) != hex {
                    anyhow::bail!("{}: blob {name} does not match its digest", archive.display());
                }
            }
        }
        ar.into_inner()?.flush()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.context(format!("writing {}", out.display())));
    }
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_is_deterministic_and_well_formed() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("root.tar");
        {
            let mut ar = tar::Builder::new(std::fs::File::create(&root).unwrap());
            add_file(&mut ar, "etc/hostname", b"sdk\n", 1).unwrap();
            ar.finish().unwrap();
        }
        let cfg = ImageConfig {
            architecture: "amd64".into(),
            epoch: 1_700_000_000,
            env: vec!["PATH=/usr/bin".into()],
            labels: BTreeMap::new(),
            ref_name: "railyard-sdk:test".into(),
        };
        let a = write_archive(&root, &d.path().join("a.oci.tar"), &cfg).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = write_archive(&root, &d.path().join("b.oci.tar"), &cfg).unwrap();
        assert_eq!(a.digest, b.digest);
        assert_eq!(std::fs::read(d.path().join("a.oci.tar")).unwrap(), std::fs::read(d.path().join("b.oci.tar")).unwrap());
        let names: Vec<String> = tar::Archive::new(std::fs::File::open(d.path().join("a.oci.tar")).unwrap())
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names[0], "oci-layout");
        assert!(names.contains(&format!("blobs/sha256/{}", a.digest.trim_start_matches("sha256:"))));

        // a multi-platform archive of two: both manifests kept, each with its platform
        let arm = ImageConfig { architecture: "arm64".into(), ..cfg.clone() };
        let c = write_archive(&root, &d.path().join("c.oci.tar"), &arm).unwrap();
        let images = vec![("amd64".to_string(), d.path().join("a.oci.tar")), ("arm64".to_string(), d.path().join("c.oci.tar"))];
        let i1 = write_index(&images, &d.path().join("i.oci.tar"), "railyard-sdk:test", 1_700_000_000).unwrap();
        let i2 = write_index(&images, &d.path().join("j.oci.tar"), "railyard-sdk:test", 1_700_000_000).unwrap();
        assert_eq!(i1, i2);
        assert_eq!(std::fs::read(d.path().join("i.oci.tar")).unwrap(), std::fs::read(d.path().join("j.oci.tar")).unwrap());
        let mut blobs = BTreeMap::new();
        for e in tar::Archive::new(std::fs::File::open(d.path().join("i.oci.tar")).unwrap()).entries().unwrap() {
            let mut e = e.unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            blobs.insert(e.path().unwrap().to_string_lossy().into_owned(), b);
        }
        let nested: serde_json::Value = serde_json::from_slice(&blobs[&format!("blobs/sha256/{}", i1.trim_start_matches("sha256:"))]).unwrap();
        let plats: Vec<(&str, &str)> = nested["manifests"].as_array().unwrap().iter().map(|m| (m["platform"]["architecture"].as_str().unwrap(), m["digest"].as_str().unwrap())).collect();
        assert_eq!(plats, vec![("amd64", a.digest.as_str()), ("arm64", c.digest.as_str())]);
        assert!(blobs.contains_key(&format!("blobs/sha256/{}", c.config_digest.trim_start_matches("sha256:"))));
        // an archive whose blob does not match its name is refused, and nothing is left
        let bad = d.path().join("bad.oci.tar");
        {
            let layer = format!("blobs/sha256/{}", a.layer_digest.trim_start_matches("sha256:"));
            let mut ar = tar::Builder::new(std::fs::File::create(&bad).unwrap());
            for e in tar::Archive::new(std::fs::File::open(d.path().join("a.oci.tar")).unwrap()).entries().unwrap() {
                let mut e = e.unwrap();
                let n = e.path().unwrap().to_string_lossy().into_owned();
                let mut b = Vec::new();
                e.read_to_end(&mut b).unwrap();
                if !n.ends_with('/') {
                    add_file(&mut ar, &n, if n == layer { b"tampered" } else { &b }, 1).unwrap();
                }
            }
            ar.finish().unwrap();
        }
        let e = write_index(&[("amd64".into(), bad.clone())], &d.path().join("k.oci.tar"), "x:y", 1).unwrap_err();
        assert!(format!("{e:#}").contains("does not match its digest"), "{e:#}");
        assert!(!d.path().join("k.oci.tar").exists() && !d.path().join(".k.oci.tar.tmp").exists());
    }
}
