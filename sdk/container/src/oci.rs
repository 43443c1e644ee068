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
    let index = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": digest,
            "size": manifest_bytes.len(),
            "annotations": { "org.opencontainers.image.ref.name": cfg.ref_name },
        }],
    });
    // 2. the archive, written to a temp name and renamed
    let tmp = dir.join(format!(".{}.tmp", out.file_name().unwrap_or_default().to_string_lossy()));
    {
        let f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let mut ar = tar::Builder::new(f);
        ar.mode(tar::HeaderMode::Deterministic);
        add_file(&mut ar, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#, cfg.epoch)?;
        add_file(&mut ar, "index.json", &serde_json::to_vec(&index)?, cfg.epoch)?;
        add_dir(&mut ar, "blobs/", cfg.epoch)?;
        add_dir(&mut ar, "blobs/sha256/", cfg.epoch)?;
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
    }
}
