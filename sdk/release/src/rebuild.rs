//! `build_image --rebuild-check`: rebuild from the inputs recorded in the provenance, in a
//! fresh output root (sharing the download cache), and compare every artefact byte for byte.
//! The provenance itself must be identical except `runDetails.metadata` (invocationId,
//! startedOn, finishedOn) and the signatures.

use super::BuildRequest;
use anyhow::{bail, Context, Result};
use railyard_attest::slsa::Statement;
use std::io::Read;
use std::path::{Path, PathBuf};

pub fn check(req: &BuildRequest, s: &railyard_image::BuildSummary, st: &Statement) -> Result<()> {
    let t0 = std::time::Instant::now();
    let ext = &st.predicate.build_definition.external_parameters;
    let int = &st.predicate.build_definition.internal_parameters;
    let get = |k: &str| ext.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let board = get("board").context("the provenance records no board")?;
    let version = get("version").context("the provenance records no version")?;
    let layout = get("disk_layout").context("the provenance records no disk_layout")?;
    let usr_fs = get("usr_fs").context("the provenance records no usr_fs")?;
    let epoch = int.get("source_date_epoch").and_then(|v| v.as_u64()).context("the provenance records no source_date_epoch")?;
    let fresh = req.root.join("__build__/rebuild-check").join(format!("{}", std::process::id()));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).with_context(|| format!("removing {}", fresh.display()))?;
    }
    std::fs::create_dir_all(&fresh)?;
    eprintln!("rebuild-check: rebuilding {board} {version} ({layout}, {usr_fs}, SOURCE_DATE_EPOCH={epoch}) in {}", fresh.display());
    // the very binary that is running (even if the file was replaced since it started)
    let exe = match Path::new("/proc/self/exe") {
        p if p.exists() => p.to_path_buf(),
        _ => std::env::current_exe().context("locating the railyard binary")?,
    };
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("build_image")
        .arg(format!("--board={board}"))
        .arg(format!("--version={version}"))
        .arg(format!("--disk_layout={layout}"))
        .arg(format!("--usr_fs={usr_fs}"))
        .arg(format!("--output_root={}", fresh.display()))
        .arg(format!("--cache_dir={}", req.cache_dir.display()))
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .env("RAILYARD_ROOT", &req.root)
        .env_remove(super::SIGNING_KEY_ENV)
        .env_remove(super::SIGNING_KEY_FILE_ENV)
        .stdout(std::process::Stdio::null());
    if let Some(l) = get("layout_file") {
        cmd.arg(format!("--layout_file={l}"));
    }
    if let Some(d) = get("image_root") {
        cmd.arg(format!("--image_root={d}"));
    }
    for o in ext.get("overlays").and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_str()) {
        cmd.arg(format!("--overlay={o}"));
    }
    if ext.get("autologin").and_then(|v| v.as_bool()) == Some(true) {
        cmd.arg("--autologin");
    }
    // the same extension files (their digests are in the statement; a changed file makes
    // the rebuild differ)
    for e in ext.get("sysexts").and_then(|v| v.as_array()).into_iter().flatten() {
        if let Some(p) = e.get("source").and_then(|v| v.as_str()) {
            cmd.arg(format!("--sysext={p}"));
        }
    }
    // exactly the update keys of the build (it may have taken them from the signing key,
    // which the rebuild does not get), as public key files
    for f in write_update_keys(ext, &fresh.join("update-keys"))? {
        cmd.arg(format!("--update_key={}", f.display()));
    }
    // a signed build is rebuilt signed with the same db key: Authenticode signatures
    // (RSA PKCS#1 v1.5, no signing time) are deterministic, so every byte must match
    match (ext.get("secure_boot"), &req.secure_boot_files) {
        (Some(_), Some((k, c))) => {
            cmd.arg(format!("--secure_boot_key={}", k.display())).arg(format!("--secure_boot_cert={}", c.display()));
        }
        (Some(_), None) => bail!("rebuild-check: the build was signed for Secure Boot but its key files are not known to the check"),
        (None, _) => {}
    }
    cmd.env_remove(super::SECURE_BOOT_KEY_ENV).env_remove(super::SECURE_BOOT_CERT_ENV);
    let o = cmd.output().context("running the rebuild")?;
    if !o.status.success() {
        bail!("rebuild-check: the rebuild failed (kept in {}):\n{}", fresh.display(), String::from_utf8_lossy(&o.stderr));
    }
    let other = fresh.join(&board).join(&version);
    match compare_dirs(&s.output_dir, &other)? {
        None => {
            let _ = std::fs::remove_dir_all(&fresh);
            eprintln!(
                "rebuild-check: PASSED: every artefact of {} is byte-identical after a rebuild ({:.1} s; provenance identical except invocationId/startedOn/finishedOn; update manifest compared without its signatures)",
                s.output_dir.display(),
                t0.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(diff) => bail!("rebuild-check FAILED: {diff} (rebuild kept in {})", other.display()),
    }
}

/// Writes the `update_keys` recorded in the provenance into `dir` as `<keyid>.pub` files
/// (each checked: the key id must be that of the key) and returns their paths.
pub fn write_update_keys(ext: &std::collections::BTreeMap<String, serde_json::Value>, dir: &Path) -> Result<Vec<PathBuf>> {
    let Some(v) = ext.get("update_keys") else { return Ok(Vec::new()) };
    let list = v.as_array().context("the provenance's update_keys is not a list")?;
    let mut files = Vec::new();
    for (i, k) in list.iter().enumerate() {
        let field = |n: &str| k.get(n).and_then(|x| x.as_str()).with_context(|| format!("the provenance's update_keys[{i}] has no {n}"));
        let (id, hexkey) = (field("keyid")?, field("public_key")?);
        let raw: [u8; 32] = hex::decode(hexkey).ok().and_then(|b| b.try_into().ok()).with_context(|| format!("the provenance's update_keys[{i}]: public_key is not 32 bytes of hex"))?;
        let vk = ed25519_dalek::VerifyingKey::from_bytes(&raw).with_context(|| format!("the provenance's update_keys[{i}]: not an ed25519 public key"))?;
        let key = super::update_keys::update_key(&vk);
        if key.keyid != id {
            bail!("the provenance's update_keys[{i}]: key id {id} is not that of its public key ({})", key.keyid);
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let p = dir.join(key.file_name());
        std::fs::write(&p, &key.text).with_context(|| format!("writing {}", p.display()))?;
        files.push(p);
    }
    Ok(files)
}

/// Compares two output directories; `Some(first difference)` or `None`.
pub fn compare_dirs(a: &Path, b: &Path) -> Result<Option<String>> {
    let names = |d: &Path| -> Result<Vec<String>> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .with_context(|| format!("listing {}", d.display()))?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !super::is_ignored(n))
            .collect();
        v.sort();
        Ok(v)
    };
    let (na, nb) = (names(a)?, names(b)?);
    if let Some(n) = na.iter().find(|n| !nb.contains(n)) {
        return Ok(Some(format!("{n} exists only in {}", a.display())));
    }
    if let Some(n) = nb.iter().find(|n| !na.contains(n)) {
        return Ok(Some(format!("{n} exists only in {}", b.display())));
    }
    for n in &na {
        let (pa, pb) = (a.join(n), b.join(n));
        if n.ends_with(".intoto.jsonl") {
            let (sa, sb) = (statement_without_metadata(&pa)?, statement_without_metadata(&pb)?);
            if sa != sb {
                let off = sa.iter().zip(&sb).position(|(x, y)| x != y).unwrap_or(sa.len().min(sb.len()));
                let ctx = String::from_utf8_lossy(&sa[off.saturating_sub(60)..(off + 60).min(sa.len())]).into_owned();
                return Ok(Some(format!("{n}: the statements differ (beyond runDetails.metadata) at byte {off} of the canonical payload, near …{ctx}…")));
            }
            continue;
        }
        // the update manifest is signed in a signed build and not in the (keyless) rebuild:
        // its signed content is compared, and its DIGESTS (of the signed file) are not
        if n.ends_with(railyard_update_format::MANIFEST_SUFFIX) {
            if unsigned_manifest(&pa)? != unsigned_manifest(&pb)? {
                return Ok(Some(format!("{n}: the update manifests differ (signatures aside) ({} vs {})", pa.display(), pb.display())));
            }
            continue;
        }
        if n.ends_with(&format!("{}.DIGESTS", railyard_update_format::MANIFEST_SUFFIX)) {
            continue;
        }
        if let Some(off) = first_difference(&pa, &pb)? {
            return Ok(Some(format!("{n} differs at byte offset {off} ({} vs {})", pa.display(), pb.display())));
        }
    }
    Ok(None)
}

/// The update manifest envelope at `p` without its signatures.
fn unsigned_manifest(p: &Path) -> Result<Vec<u8>> {
    let data = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
    let mut env = railyard_update_format::Envelope::from_json(&data).with_context(|| format!("{}: not an update manifest envelope", p.display()))?;
    env.signatures.clear();
    Ok(env.to_json()?)
}

/// Canonical JSON of the statement of each envelope with `runDetails.metadata` removed, and
/// the digests of the update manifest subject (they depend on the signing key; its signed
/// content is compared on its own).
pub fn statement_without_metadata(p: &Path) -> Result<Vec<u8>> {
    let envs = railyard_attest::slsa::read_envelopes(p)?;
    let mut out = Vec::new();
    for e in envs {
        let mut v: serde_json::Value = serde_json::from_slice(&e.payload_bytes()?).with_context(|| format!("{}: payload is not JSON", p.display()))?;
        if let Some(rd) = v.pointer_mut("/predicate/runDetails").and_then(|r| r.as_object_mut()) {
            rd.remove("metadata");
        }
        for sub in v.pointer_mut("/subject").and_then(|x| x.as_array_mut()).into_iter().flatten() {
            if sub.get("name").and_then(|n| n.as_str()).is_some_and(|n| n.ends_with(railyard_update_format::MANIFEST_SUFFIX)) {
                if let Some(o) = sub.as_object_mut() {
                    o.remove("digest");
                }
            }
        }
        out.extend(railyard_attest::canonical_json(&v)?);
        out.push(b'\n');
    }
    Ok(out)
}

/// Offset of the first differing byte (or the shorter length), `None` if identical.
pub fn first_difference(a: &PathBuf, b: &PathBuf) -> Result<Option<u64>> {
    let mut fa = std::fs::File::open(a).with_context(|| format!("opening {}", a.display()))?;
    let mut fb = std::fs::File::open(b).with_context(|| format!("opening {}", b.display()))?;
    let (la, lb) = (fa.metadata()?.len(), fb.metadata()?.len());
    let mut ba = vec![0u8; 1 << 20];
    let mut bb = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    loop {
        let n = fill(&mut fa, &mut ba)?;
        let m = fill(&mut fb, &mut bb)?;
        let k = n.min(m);
        if ba[..k] != bb[..k] {
            let i = ba[..k].iter().zip(&bb[..k]).position(|(x, y)| x != y).unwrap_or(k);
            return Ok(Some(pos + i as u64));
        }
        if n != m {
            return Ok(Some(pos + k as u64));
        }
        if n == 0 {
            return Ok(if la == lb { None } else { Some(la.min(lb)) });
        }
        pos += n as u64;
    }
}

fn fill(f: &mut std::fs::File, buf: &mut [u8]) -> Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        let k = f.read(&mut buf[n..])?;
        if k == 0 {
            break;
        }
        n += k;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_difference_names_file_and_offset() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let mut data = vec![7u8; 3 << 20];
        std::fs::write(a.join("x.bin"), &data).unwrap();
        std::fs::write(b.join("x.bin"), &data).unwrap();
        std::fs::write(a.join("y.log"), b"ignored").unwrap();
        assert_eq!(compare_dirs(&a, &b).unwrap(), None);
        data[(2 << 20) + 5] = 0;
        std::fs::write(b.join("x.bin"), &data).unwrap();
        let d = compare_dirs(&a, &b).unwrap().unwrap();
        assert!(d.starts_with(&format!("x.bin differs at byte offset {}", (2 << 20) + 5)), "{d}");
        std::fs::write(b.join("x.bin"), &data[..100]).unwrap();
        assert_eq!(first_difference(&a.join("x.bin"), &b.join("x.bin")).unwrap(), Some(100));
        std::fs::write(b.join("z.txt"), b"").unwrap();
        assert!(compare_dirs(&a, &b).unwrap().unwrap().contains("z.txt exists only in"));
    }

    #[test]
    fn recorded_update_keys_become_key_files_again() {
        let t = tempfile::tempdir().unwrap();
        let vk = ed25519_dalek::SigningKey::from_bytes(&[6u8; 32]).verifying_key();
        let k = crate::update_keys::update_key(&vk);
        let mut ext = std::collections::BTreeMap::new();
        assert!(write_update_keys(&ext, t.path()).unwrap().is_empty());
        ext.insert("update_keys".to_string(), serde_json::json!([{"keyid": k.keyid, "public_key": k.public_key}]));
        let files = write_update_keys(&ext, &t.path().join("keys")).unwrap();
        assert_eq!(files, vec![t.path().join("keys").join(format!("{}.pub", k.keyid))]);
        assert_eq!(crate::update_keys::flag_keys(&files).unwrap(), vec![vk]);
        assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), railyard_attest::keys::public_key_text(&vk));
        // a key id that is not the key's is refused
        ext.insert("update_keys".to_string(), serde_json::json!([{"keyid": "00", "public_key": k.public_key}]));
        assert!(format!("{:#}", write_update_keys(&ext, t.path()).unwrap_err()).contains("is not that of its public key"));
    }

    #[test]
    fn update_manifests_are_compared_without_their_signatures() {
        use railyard_update_format::{Envelope, EnvelopeSignature, PAYLOAD_TYPE};
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let env = |payload: &str, signed: bool| Envelope {
            payload: payload.into(),
            payload_type: PAYLOAD_TYPE.into(),
            signatures: if signed { vec![EnvelopeSignature { keyid: "ab".into(), sig: "c2ln".into() }] } else { vec![] },
        }
        .to_json()
        .unwrap();
        let name = "os_production_update.manifest";
        // a signed build against its keyless rebuild: same content, other file and DIGESTS
        std::fs::write(a.join(name), env("e30=", true)).unwrap();
        std::fs::write(b.join(name), env("e30=", false)).unwrap();
        std::fs::write(a.join(format!("{name}.DIGESTS")), b"signed").unwrap();
        std::fs::write(b.join(format!("{name}.DIGESTS")), b"unsigned").unwrap();
        assert_eq!(compare_dirs(&a, &b).unwrap(), None);
        // other content is a difference
        std::fs::write(b.join(name), env("e3g=", false)).unwrap();
        let d = compare_dirs(&a, &b).unwrap().unwrap();
        assert!(d.starts_with(&format!("{name}: the update manifests differ")), "{d}");
    }
}
