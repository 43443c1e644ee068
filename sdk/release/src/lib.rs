//! # railyard-release
//!
//! The release stage of `build_image` (issue 6): `<file>.DIGESTS`, the SPDX SBOM, the SLSA v1
//! provenance in a DSSE envelope (`<os>_production_image.intoto.jsonl`), the checks behind
//! `verify`, the key directory of `keygen` and `--rebuild-check`.
//!
//! The library work (hashing, DSSE, SPDX, SLSA, verification) is in `railyard-attest`; this
//! crate gathers a build's inputs (the board, the image summary of `railyard-image`, the
//! binary packages) into what `railyard-attest` signs. The CLI keeps the flags and the
//! printing.
//!
//! [`update_keys`] decides which public keys the image's update agent trusts (baked into
//! /usr, recorded in the provenance, re-supplied by the rebuild check).
//!
//! [`build_image::run`] is the whole `build_image` command (packages from the store into an
//! image root, `railyard-image` assembling the disk, the release files before the output is
//! moved into place): it sits above `railyard-packages` and `railyard-image`.

use anyhow::{bail, Context, Result};
use railyard_attest::keys;
use std::path::{Path, PathBuf};

pub mod build_image;
mod pkgdb;
mod provenance;
mod rebuild;
mod sbom;
pub mod sysext;
pub mod update_keys;

/// Environment variable holding the private signing key (release jobs).
pub const SIGNING_KEY_ENV: &str = keys::DEFAULT_KEY_ENV;
/// A path to a private key file, used when no `--signing_key` is given (run_sdk_container
/// passes the host's `$RAILYARD_SIGNING_KEY` this way: a file on a private tmpfs, not the
/// container's environment).
pub const SIGNING_KEY_FILE_ENV: &str = "RAILYARD_SIGNING_KEY_FILE";

/// A binary package from the store that went into the image.
#[derive(Debug, Clone)]
pub struct Binpkg {
    /// `cat/pn-pvr`.
    pub cpv: String,
    /// Repository.
    pub repo: String,
    /// Input hash (the store key).
    pub input_hash: String,
    /// SHA-256 of the gpkg.
    pub sha256: String,
    /// DESCRIPTION of the ebuild.
    pub description: String,
    /// Distfiles with their Manifest digests (`(algorithm, hex)`).
    pub distfiles: Vec<(String, Vec<(String, String)>)>,
}

/// What `build_image` was asked to do, as needed for the provenance and the rebuild check.
#[derive(Debug, Clone)]
pub struct BuildRequest {
    /// Repository root.
    pub root: PathBuf,
    /// Board (as given).
    #[allow(dead_code)]
    pub board: String,
    /// `--layout_file`, if given.
    pub layout_file: Option<PathBuf>,
    /// `--image_root`, if given.
    pub image_root: Option<PathBuf>,
    /// The installed root the image is assembled from (`--image_root` or the directory
    /// the board's binary packages were installed into).
    pub root_dir: PathBuf,
    /// Extra ebuild repositories (`--overlay`).
    pub overlays: Vec<PathBuf>,
    /// The binary packages installed into the image root (none with `--image_root`).
    pub binpkgs: Vec<Binpkg>,
    /// Download cache (shared with the rebuild check).
    pub cache_dir: PathBuf,
    /// Targets (`prod`).
    pub targets: Vec<String>,
    /// When the build started.
    pub started: std::time::SystemTime,
    /// The Secure Boot db key and certificate files the build signed with (the rebuild
    /// check signs with them again; never recorded in the provenance).
    pub secure_boot_files: Option<(PathBuf, PathBuf)>,
}

pub(crate) fn epoch_secs(t: std::time::SystemTime) -> i64 {
    t.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Loads the signing key: `--signing_key` file, else the file `$RAILYARD_SIGNING_KEY_FILE`,
/// else `$RAILYARD_SIGNING_KEY`, else none.
pub fn signing_key(signing_key_file: Option<&Path>) -> Result<Option<ed25519_dalek::SigningKey>> {
    let file = signing_key_file.map(Path::to_path_buf).or_else(|| std::env::var_os(SIGNING_KEY_FILE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from));
    if let Some(p) = &file {
        return Ok(Some(keys::load_signing_key_file(p).with_context(|| format!("loading the signing key {}", p.display()))?));
    }
    match std::env::var(SIGNING_KEY_ENV) {
        Ok(v) if !v.trim().is_empty() => Ok(Some(keys::load_signing_key_env(SIGNING_KEY_ENV)?)),
        _ => Ok(None),
    }
}

/// `$RAILYARD_SECURE_BOOT_KEY`: the Secure Boot db private key file (PEM) when
/// `--secure_boot_key` is not given.
pub const SECURE_BOOT_KEY_ENV: &str = "RAILYARD_SECURE_BOOT_KEY";
/// `$RAILYARD_SECURE_BOOT_CERT`: its certificate (PEM or DER) when `--secure_boot_cert` is
/// not given.
pub const SECURE_BOOT_CERT_ENV: &str = "RAILYARD_SECURE_BOOT_CERT";

/// The Secure Boot db key and certificate files: the flags, else the environment, else
/// none (the certificate, with a key: else the board's `[secure_boot] cert`); one without
/// the other is an error.
pub fn secure_boot_files(key: Option<&Path>, cert: Option<&Path>, board_cert: Option<&Path>) -> Result<Option<(PathBuf, PathBuf)>> {
    let env = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty()).map(PathBuf::from);
    let key = key.map(Path::to_path_buf).or_else(|| env(SECURE_BOOT_KEY_ENV));
    let cert = cert.map(Path::to_path_buf).or_else(|| env(SECURE_BOOT_CERT_ENV)).or_else(|| key.as_ref().and(board_cert.map(Path::to_path_buf)));
    match (key, cert) {
        (Some(k), Some(c)) => Ok(Some((k, c))),
        (None, None) => Ok(None),
        (Some(k), None) => bail!("Secure Boot: the key {} is given but no certificate: add --secure_boot_cert=FILE (or ${SECURE_BOOT_CERT_ENV}); `./keygen --secure-boot` writes both", k.display()),
        (None, Some(c)) => bail!("Secure Boot: the certificate {} is given but no key: add --secure_boot_key=FILE (or ${SECURE_BOOT_KEY_ENV}); `./keygen --secure-boot` writes both", c.display()),
    }
}

/// Loads the Secure Boot signer from [`secure_boot_files`]' answer (errors name the files).
pub fn secure_boot_signer(files: Option<&(PathBuf, PathBuf)>) -> Result<Option<railyard_image::pipeline::SecureBootSigner>> {
    let Some((k, c)) = files else { return Ok(None) };
    let s = railyard_secureboot::Signer::load(k, c).with_context(|| format!("loading the Secure Boot db key {} and certificate {}", k.display(), c.display()))?;
    Ok(Some(railyard_image::pipeline::SecureBootSigner(std::sync::Arc::new(s))))
}

/// Runs after the build has been moved into place (its release files were written into the
/// staging directory by [`attest_build`]): reports them, then optionally the rebuild check.
pub fn after_build(
    req: &BuildRequest,
    s: &railyard_image::BuildSummary,
    rebuild_check: bool,
    key: Option<&ed25519_dalek::SigningKey>,
    out: railyard_attest::release::ReleaseOutputs,
) -> Result<()> {
    let n = out.digests.len();
    let envelope = s.output_dir.join(out.envelope_path.file_name().unwrap_or_default());
    match key {
        Some(k) => eprintln!(
            "attested {n} artefacts: {} signed with key {}",
            envelope.display(),
            railyard_attest::dsse::keyid(&k.verifying_key())
        ),
        None => eprintln!(
            "attested {n} artefacts: {} is UNSIGNED (no --signing_key and no ${SIGNING_KEY_ENV}); `verify` will reject it",
            envelope.display()
        ),
    }
    if let Some(u) = &s.update {
        let m = s.output_dir.join(&u.manifest_file);
        match key {
            Some(k) => eprintln!(
                "update payload {}: its manifest {} is signed with key {}",
                s.output_dir.join(&u.payload).display(),
                m.display(),
                railyard_attest::dsse::keyid(&k.verifying_key())
            ),
            None => eprintln!(
                "update payload {}: its manifest {} is UNSIGNED (no --signing_key and no ${SIGNING_KEY_ENV}); `verify` and the update agent will reject it",
                s.output_dir.join(&u.payload).display(),
                m.display()
            ),
        }
    }
    if rebuild_check {
        rebuild::check(req, s, &out.statement)?;
    }
    Ok(())
}

/// Signs the update manifest of a staged build with `key`, replacing the unsigned envelope
/// the pipeline wrote (through a temporary name). Without a key it stays unsigned, as the
/// provenance does.
pub fn sign_update(s: &railyard_image::BuildSummary, key: Option<&ed25519_dalek::SigningKey>) -> Result<()> {
    let (Some(u), Some(k)) = (&s.update, key) else { return Ok(()) };
    let p = s.output_dir.join(&u.manifest_file);
    let env = railyard_update_format::sign_manifest(&u.manifest, &[k])
        .and_then(|e| e.to_json())
        .with_context(|| format!("signing the update manifest {}", p.display()))?;
    railyard_attest::write_atomic(&p, &env)?;
    Ok(())
}

/// Writes the release files for a finished build.
pub fn attest_build(
    req: &BuildRequest,
    s: &railyard_image::BuildSummary,
    key: Option<&ed25519_dalek::SigningKey>,
) -> Result<railyard_attest::release::ReleaseOutputs> {
    let board = railyard_core::Board::load(&req.root, &s.board)?;
    let prefix = board.image_prefix();
    let mut files = railyard_attest::release::list_release_files(&s.output_dir)?;
    files.retain(|f| !is_ignored(f));
    let sbom = sbom::spec(req, s, &board)?;
    files.retain(|f| f != &sbom.file_name);
    let mut prov = provenance::build(req, s, &board)?;
    let finished = epoch_secs(std::time::SystemTime::now());
    if let Some(m) = prov.run_details.metadata.as_mut() {
        m.finished_on = Some(railyard_attest::time::rfc3339_utc(finished)?);
    }
    let spec = railyard_attest::release::ReleaseSpec {
        dir: s.output_dir.clone(),
        files,
        name: prefix,
        provenance: prov,
        sbom: Some(sbom),
        threads: 0,
    };
    Ok(railyard_attest::release::attest_release_opt(&spec, key)?)
}

/// Re-attests an output directory after artefacts were added to it (e.g. by `image_to_vm`):
/// every file becomes a subject with its `.DIGESTS`, `formats` in externalParameters gains
/// `new_formats`, and the statement (inputs taken from the existing one) is re-signed. The SBOM
/// is kept as it is (the packages did not change).
pub fn attest_added(
    dir: &Path,
    new_formats: &[String],
    key: Option<&ed25519_dalek::SigningKey>,
) -> Result<railyard_attest::release::ReleaseOutputs> {
    let mut envs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".intoto.jsonl"))
        .collect();
    envs.sort();
    let [env_path] = envs.as_slice() else {
        bail!("{}: expected exactly one *.intoto.jsonl written by build_image, found {}", dir.display(), envs.len());
    };
    let env = railyard_attest::slsa::read_envelopes(env_path)?.remove(0);
    let mut st: railyard_attest::slsa::Statement = serde_json::from_slice(&env.payload_bytes()?)
        .with_context(|| format!("{}: not a Railyard provenance statement", env_path.display()))?;
    if let Some(k) = key {
        // only extend a statement this key signed
        env.verify(&k.verifying_key(), railyard_attest::dsse::IN_TOTO_PAYLOAD_TYPE)
            .with_context(|| format!("{}: not signed by the signing key; refusing to re-sign it", env_path.display()))?;
    }
    let ext = &mut st.predicate.build_definition.external_parameters;
    let mut formats: Vec<String> = ext
        .get("formats")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    for f in new_formats {
        if !formats.contains(f) {
            formats.push(f.clone());
        }
    }
    ext.insert("formats".into(), serde_json::json!(formats));
    if let Some(m) = st.predicate.run_details.metadata.as_mut() {
        m.finished_on = Some(railyard_attest::time::rfc3339_utc(epoch_secs(std::time::SystemTime::now()))?);
    }
    let name = env_path.file_name().map(|n| n.to_string_lossy().trim_end_matches(".intoto.jsonl").to_string()).unwrap_or_default();
    let mut files = railyard_attest::release::list_release_files(dir)?;
    files.retain(|f| !is_ignored(f));
    let spec = railyard_attest::release::ReleaseSpec {
        dir: dir.to_path_buf(),
        files,
        name,
        provenance: st.predicate,
        sbom: None,
        threads: 0,
    };
    Ok(railyard_attest::release::attest_release_opt(&spec, key)?)
}

/// `boot_image`): boot logs and hidden temporary files.
pub fn is_ignored(name: &str) -> bool {
    name.ends_with(".log") || name.starts_with('.')
}

/// Result of [`check_dir`].
#[derive(Debug, Default)]
pub struct DirReport {
    /// Problems found, each naming the file.
    pub failures: Vec<String>,
    /// Checks that could not run.
    pub errors: Vec<String>,
    /// Checks that passed.
    pub passed: Vec<String>,
    /// Number of signed subjects.
    pub subjects: usize,
    /// What the SBOM was compared with.
    pub pkgdb: String,
    /// Update payloads checked against their signed manifest.
    pub updates: usize,
}

/// All checks of `verify` on `dir`.
pub fn check_dir(dir: &Path, key: &ed25519_dalek::VerifyingKey, envelope: &Path) -> Result<DirReport> {
    use railyard_attest::verify::{verify_release, VerifyOptions};
    let v = verify_release(dir, key, envelope, &VerifyOptions::default())?;
    let mut r = DirReport {
        failures: v.failures.iter().map(|f| f.to_string()).collect(),
        errors: v.errors.iter().map(|e| format!("could not check {}: {}", e.what, e.error)).collect(),
        passed: v.passed.clone(),
        ..Default::default()
    };
    // The envelope file must be exactly as Railyard writes it: a changed byte outside the signed
    // parts (key id hint, spacing) is tampering too.
    let mut statement = None;
    match std::fs::read(envelope) {
        Err(e) => r.errors.push(format!("could not read {}: {e}", envelope.display())),
        Ok(data) => {
            if let Ok(envs) = railyard_attest::slsa::parse_envelopes(&data, envelope) {
                let mut canon = Vec::new();
                for e in &envs {
                    canon.extend(e.to_json().unwrap_or_default());
                    canon.push(b'\n');
                }
                if canon != data {
                    r.failures.push(format!("{}: the file is not byte-identical to the envelope it parses to (modified)", envelope.display()));
                }
                let kid = railyard_attest::dsse::keyid(key);
                for (i, e) in envs.iter().enumerate() {
                    if !e.signatures.is_empty() && !e.signatures.iter().any(|s| s.keyid == kid) {
                        r.failures.push(format!("{} (envelope {i}): no signature carries the key id {kid} of the given public key", envelope.display()));
                    }
                    if let Ok(p) = e.verify(key, railyard_attest::dsse::IN_TOTO_PAYLOAD_TYPE) {
                        statement = serde_json::from_slice::<railyard_attest::slsa::AnyStatement>(&p).ok();
                    }
                }
            }
        }
    }
    // The update payload against its own signed manifest (whatever the provenance's verdict).
    check_update(dir, key, &mut r)?;
    let Some(st) = statement else {
        if r.failures.is_empty() {
            r.failures.push(format!("{}: no verified statement", envelope.display()));
        }
        return Ok(r);
    };
    r.subjects = st.subject.len();
    let subjects: std::collections::BTreeSet<String> = st.subject.iter().filter_map(|s| s.name.clone()).collect();
    // Every artefact in the directory must be attested.
    for e in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let is_file = e.file_type().map(|t| t.is_file()).unwrap_or(false);
        if !is_file || is_ignored(&name) || name.ends_with(".DIGESTS") || name.ends_with(".intoto.jsonl") {
            continue;
        }
        if !subjects.contains(&name) {
            r.failures.push(format!("{}: not a subject of the signed provenance (added after the build?)", dir.join(&name).display()));
        }
    }
    // The SBOM against the image's package database.
    let sbom_name = subjects.iter().find(|n| n.ends_with("_sbom.json")).cloned();
    match sbom_name {
        None => r.failures.push(format!("{}: the provenance lists no *_sbom.json", envelope.display())),
        Some(sbom_name) => {
            let sbom_path = dir.join(&sbom_name);
            match pkgdb::open(dir, &sbom_name) {
                Err(e) => r.errors.push(format!("could not read the package database: {e:#}")),
                Ok(db) => {
                    r.pkgdb = db.describe();
                    match pkgdb::compare_sbom(&sbom_path, db.as_ref()) {
                        Err(e) => r.failures.push(format!("{}: {e:#}", sbom_path.display())),
                        Ok(problems) if problems.is_empty() => r.passed.push(format!("{}: lists exactly the packages of {}", sbom_path.display(), db.describe())),
                        Ok(problems) => r.failures.extend(problems.into_iter().map(|p| format!("{}: {p}", sbom_path.display()))),
                    }
                }
            }
        }
    }
    Ok(r)
}

/// The update payload checks of `verify`: each `*_update.manifest` must be signed by `key`
/// (checked before its manifest is read), and its `*_update.bin` must match it blob by blob;
/// a payload without a manifest fails too.
fn check_update(dir: &Path, key: &ed25519_dalek::VerifyingKey, r: &mut DirReport) -> Result<()> {
    use railyard_update_format::{self as uf, Error as UfError, MANIFEST_SUFFIX, PAYLOAD_SUFFIX};
    use std::io::Read;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !is_ignored(n) && (n.ends_with(MANIFEST_SUFFIX) || n.ends_with(PAYLOAD_SUFFIX)))
        .collect();
    names.sort();
    // a regular file opened for reading (never a link, FIFO or device)
    let open = |p: &Path| -> std::io::Result<std::fs::File> {
        let not_file = || std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file");
        if !std::fs::symlink_metadata(p)?.file_type().is_file() {
            return Err(not_file());
        }
        let f = std::fs::File::open(p)?;
        if !f.metadata()?.is_file() {
            return Err(not_file());
        }
        Ok(f)
    };
    for n in &names {
        if let Some(stem) = n.strip_suffix(PAYLOAD_SUFFIX) {
            if !names.contains(&format!("{stem}{MANIFEST_SUFFIX}")) {
                r.failures.push(format!("{}: an update payload without its manifest {stem}{MANIFEST_SUFFIX}", dir.join(n).display()));
            }
            continue;
        }
        let Some(stem) = n.strip_suffix(MANIFEST_SUFFIX) else { continue };
        let mp = dir.join(n);
        let mut data = Vec::new();
        if let Err(e) = open(&mp).and_then(|f| f.take(uf::MAX_ENVELOPE_BYTES + 1).read_to_end(&mut data)) {
            r.failures.push(format!("{}: cannot read the update manifest: {e}", mp.display()));
            continue;
        }
        let m = match uf::verify_manifest(&data, std::slice::from_ref(key)) {
            Ok(m) => m,
            Err(e) => {
                r.failures.push(format!("{}: {e}", mp.display()));
                continue;
            }
        };
        let pp = dir.join(format!("{stem}{PAYLOAD_SUFFIX}"));
        let checked = open(&pp)
            .map_err(|e| UfError::Io { what: "opening the update payload".into(), source: e })
            .and_then(|f| uf::check_payload(&mut std::io::BufReader::with_capacity(1 << 20, f), &m));
        match checked {
            Ok(()) => {
                r.updates += 1;
                r.passed.push(format!(
                "{}: {} blobs match the update manifest {} signed by the given key",
                pp.display(),
                m.blobs.len(),
                mp.display()
            ))
            }
            Err(UfError::Io { what, source }) if source.kind() != std::io::ErrorKind::NotFound && source.kind() != std::io::ErrorKind::InvalidInput => {
                r.errors.push(format!("{}: {what}: {source}", pp.display()))
            }
            Err(e) => r.failures.push(format!("{}: {e} (update manifest {})", pp.display(), mp.display())),
        }
    }
    Ok(())
}

/// The one `*.intoto.jsonl` provenance in `dir` (what `verify` checks without `--envelope`).
pub fn find_envelope(dir: &Path) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".intoto.jsonl"))
        .collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!("{}: no *.intoto.jsonl provenance (built before attestation existed?)", dir.display()),
        _ => bail!("{}: several *.intoto.jsonl files; choose one with --envelope", dir.display()),
    }
}

/// Writes a new key pair for `keygen` into `output_dir` (default:
/// `$XDG_CONFIG_HOME/railyard/keys` or `~/.config/railyard/keys`), refusing a directory
/// inside a git work tree.
pub fn generate_keypair(output_dir: Option<PathBuf>, name: &str) -> Result<(ed25519_dalek::SigningKey, keys::KeyPaths)> {
    let abs = key_dir(output_dir)?;
    let key = keys::generate()?;
    let p = keys::write_keypair(&key, &abs, name)?;
    Ok((key, p))
}

/// The Secure Boot keys `keygen --secure-boot` wrote: for each of PK, KEK and db, the
/// private key (`<name>-<role>.key`, mode 0600) and its self-signed certificate
/// (`<name>-<role>.crt`, PEM).
#[derive(Debug, Clone)]
pub struct SecureBootKeyFiles {
    /// (role, key file, certificate file), in the order PK, KEK, db.
    pub keys: Vec<(&'static str, PathBuf, PathBuf)>,
}

/// Writes new Secure Boot keys (RSA-2048; certificates valid for 30 years from
/// `SOURCE_DATE_EPOCH` or now) into `output_dir` (the default of [`generate_keypair`]),
/// refusing a directory inside a git work tree and existing files.
pub fn generate_secure_boot_keys(output_dir: Option<PathBuf>, name: &str) -> Result<SecureBootKeyFiles> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let dir = key_dir(output_dir)?;
    let now = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v.trim().parse::<u64>().context("SOURCE_DATE_EPOCH is not a number of seconds")?,
        _ => epoch_secs(std::time::SystemTime::now()).max(0) as u64,
    };
    let mut out = Vec::new();
    for (role, cn) in [("PK", "Platform Key"), ("KEK", "Key Exchange Key"), ("db", "Signature Database key")] {
        let (key, cert) = railyard_secureboot::generate(&format!("{name} Secure Boot {cn}"), now, 30)?;
        let kp = dir.join(format!("{name}-{role}.key"));
        let cp = dir.join(format!("{name}-{role}.crt"));
        for p in [&kp, &cp] {
            if p.exists() {
                bail!("{} exists already: keygen never overwrites a key (choose another --name or --output_dir)", p.display());
            }
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&kp)
            .and_then(|mut f| f.write_all(key.as_bytes()))
            .with_context(|| format!("writing {}", kp.display()))?;
        std::fs::write(&cp, cert).with_context(|| format!("writing {}", cp.display()))?;
        out.push((role, kp, cp));
    }
    Ok(SecureBootKeyFiles { keys: out })
}

/// The directory keys are written into, created, refused inside a git work tree.
fn key_dir(output_dir: Option<PathBuf>) -> Result<PathBuf> {
    let dir = match output_dir {
        Some(d) => d,
        None => {
            let base = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
                .context("no --output_dir and neither XDG_CONFIG_HOME nor HOME is set")?;
            base.join("railyard/keys")
        }
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let abs = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
    if let Some(repo) = abs.ancestors().find(|d| d.join(".git").exists()) {
        bail!("{} is inside the git work tree {}: private keys must never be kept in a repository", abs.display(), repo.display());
    }
    Ok(abs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_boot_files_come_in_pairs_and_the_board_certificate_fills_in() {
        let (k, c, b) = (Path::new("/k/db.key"), Path::new("/k/db.crt"), Path::new("/board/db.crt"));
        assert_eq!(secure_boot_files(Some(k), Some(c), Some(b)).unwrap(), Some((k.to_path_buf(), c.to_path_buf())));
        assert_eq!(secure_boot_files(Some(k), None, Some(b)).unwrap(), Some((k.to_path_buf(), b.to_path_buf())), "the board's certificate goes with a key");
        let e = format!("{:#}", secure_boot_files(Some(k), None, None).unwrap_err());
        assert!(e.contains("/k/db.key") && e.contains("no certificate"), "{e}");
        let e = format!("{:#}", secure_boot_files(None, Some(c), Some(b)).unwrap_err());
        assert!(e.contains("/k/db.crt") && e.contains("no key"), "{e}");
        if std::env::var_os(SECURE_BOOT_KEY_ENV).is_none() && std::env::var_os(SECURE_BOOT_CERT_ENV).is_none() {
            assert_eq!(secure_boot_files(None, None, Some(b)).unwrap(), None, "a board certificate alone signs nothing");
        }
    }

    #[test]
    fn update_files_are_checked_in_pairs_and_never_through_links() {
        let t = tempfile::tempdir().unwrap();
        let key = ed25519_dalek::SigningKey::from_bytes(&[5u8; 32]).verifying_key();
        // a payload without its manifest
        std::fs::write(t.path().join("os_production_update.bin"), b"x").unwrap();
        let mut r = DirReport::default();
        check_update(t.path(), &key, &mut r).unwrap();
        assert!(r.failures.len() == 1 && r.failures[0].contains("os_production_update.bin: an update payload without its manifest os_production_update.manifest"), "{:?}", r.failures);
        // a manifest that is a link is not read
        let outside = t.path().join("elsewhere");
        std::fs::write(&outside, b"{}").unwrap();
        std::os::unix::fs::symlink(&outside, t.path().join("os_production_update.manifest")).unwrap();
        let mut r = DirReport::default();
        check_update(t.path(), &key, &mut r).unwrap();
        assert!(r.failures.len() == 1 && r.failures[0].contains("os_production_update.manifest: cannot read the update manifest: not a regular file"), "{:?}", r.failures);
        // an unsigned manifest is refused naming the file
        std::fs::remove_file(t.path().join("os_production_update.manifest")).unwrap();
        let env = format!("{{\"payload\":\"e30=\",\"payloadType\":\"{}\",\"signatures\":[]}}\n", railyard_update_format::PAYLOAD_TYPE);
        std::fs::write(t.path().join("os_production_update.manifest"), env).unwrap();
        let mut r = DirReport::default();
        check_update(t.path(), &key, &mut r).unwrap();
        assert!(r.failures.len() == 1 && r.failures[0].contains("os_production_update.manifest: no signature"), "{:?}", r.failures);
        assert_eq!(r.updates, 0);
    }
}
