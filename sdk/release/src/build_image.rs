//! One `build_image` run: the layout checked first, the output directory locked, the board's
//! binary packages installed from the store into a run-private image root (unless one is
//! given), the disk assembled by `railyard-image`, its release files written into the
//! staging directory before it is moved into place, then the optional rebuild check.

use crate::{after_build, attest_build, sign_update, signing_key, update_keys, Binpkg, BuildRequest};
use anyhow::{Context, Result};
use std::path::PathBuf;

/// What `build_image` was asked (its flags, paths resolved by the caller where it has
/// defaults in the repository).
#[derive(Debug, Clone)]
pub struct BuildImage {
    /// Board to build for.
    pub board: String,
    /// Directory receiving `<board>/<version>/` (default: `__build__/images`).
    pub output_root: Option<PathBuf>,
    /// Image version (default: the board's).
    pub version: Option<String>,
    /// Disk layout variant.
    pub disk_layout: String,
    /// A layout file instead of the board's.
    pub layout_file: Option<PathBuf>,
    /// Filesystem for /usr (default: the board's).
    pub usr_fs: Option<String>,
    /// An assembled root directory instead of the board's packages.
    pub image_root: Option<PathBuf>,
    /// Extra ebuild repositories.
    pub overlays: Vec<PathBuf>,
    /// Download and unpack cache (default: `__build__/cache`).
    pub cache_dir: Option<PathBuf>,
    /// Targets (`prod`).
    pub targets: Vec<String>,
    /// `--signing_key`.
    pub signing_key: Option<PathBuf>,
    /// `--rebuild-check`.
    pub rebuild_check: bool,
    /// Development image: the consoles log `core` in without a password.
    pub autologin: bool,
    /// `--sysext` files: system extensions shipped in /usr and enabled in /etc/extensions.
    pub sysexts: Vec<PathBuf>,
    /// `--update_key` files: public keys the image's update agent trusts, with the board's
    /// `[update] keys` (neither: the signing key's public half).
    pub update_keys: Vec<PathBuf>,
    /// `--secure_boot_key` (else `$RAILYARD_SECURE_BOOT_KEY`): the db private key that signs
    /// the ESP's EFI binaries.
    pub secure_boot_key: Option<PathBuf>,
    /// `--secure_boot_cert` (else `$RAILYARD_SECURE_BOOT_CERT`): its certificate.
    pub secure_boot_cert: Option<PathBuf>,
}

/// Runs `build_image`; `on_locked` runs once the output directory is locked (the CLI
/// installs its interrupt handler there).
pub fn run(a: BuildImage, on_locked: &dyn Fn()) -> Result<railyard_image::BuildSummary> {
    let started = std::time::SystemTime::now();
    for t in &a.targets {
        if t != "prod" {
            anyhow::bail!("unknown build_image target {t:?}: the only target is `prod`");
        }
    }
    let root = railyard_core::repo::root()?;
    // a bad --sysext fails before any work
    railyard_image::pipeline::read_sysexts(&a.sysexts)?;
    let build = root.join("__build__");
    let cache_dir = a.cache_dir.unwrap_or_else(|| build.join("cache"));
    let output_root = a.output_root.clone().unwrap_or_else(|| build.join("images"));
    // The layout and the keys are checked before the image root is installed: a bad one
    // fails at once.
    let key = signing_key(a.signing_key.as_deref())?;
    let board = railyard_core::Board::load(&root, &a.board)?;
    let board_cert = board.secure_boot_cert_path();
    let secure_boot_files = crate::secure_boot_files(a.secure_boot_key.as_deref(), a.secure_boot_cert.as_deref(), board_cert.as_deref())?;
    let secure_boot = crate::secure_boot_signer(secure_boot_files.as_ref())?;
    if let (Some(s), Some(bc)) = (&secure_boot, &board_cert) {
        let want = railyard_secureboot::cert_der_from(&std::fs::read(bc).with_context(|| format!("reading the board's [secure_boot] cert {}", bc.display()))?, &bc.display().to_string())?;
        if want != s.0.cert_der() {
            anyhow::bail!(
                "Secure Boot: board {} names the db certificate {} ([secure_boot] cert), but the key and certificate given are {} (sha256 {}): sign with the board's key, or change the board",
                a.board,
                bc.display(),
                s.0.subject(),
                s.0.cert_sha256()
            );
        }
    }
    match &secure_boot {
        Some(s) => eprintln!("Secure Boot: the boot selector and kernel images are signed with {} (certificate sha256 {})", s.0.subject(), s.0.cert_sha256()),
        None => eprintln!("Secure Boot: unsigned build (no --secure_boot_key/--secure_boot_cert): the image boots only with Secure Boot off"),
    }
    let update_keys = {
        let layout = match &a.layout_file {
            Some(p) => railyard_disk::Layout::load(p)?,
            None => board.layout()?,
        };
        layout.plan(&a.disk_layout, &board.board.arch, b"check")?;
        let r = update_keys::resolve(
            &update_keys::board_keys(&board)?,
            &update_keys::flag_keys(&a.update_keys)?,
            key.as_ref().map(|k| k.verifying_key()).as_ref(),
        )?;
        eprintln!("{}", update_keys::message(&r));
        r.keys
    };
    // One build at a time per output directory: a second one fails at once naming the
    // first, before it spends time on an image root.
    let _lock = railyard_image::pipeline::lock_output(&output_root, &a.board)?;
    on_locked();
    // image roots of runs that died (killed before they could clean up); liveness is a
    // lock per root, not a process id (the host and the SDK container share this cache)
    railyard_core::rundir::reclaim(&cache_dir.join("image-root"));
    // The image root: the board's binary packages installed from the store (with their
    // package database), unless an assembled root is given.
    let mut binpkgs = Vec::new();
    let mut installed_root: Option<railyard_core::rundir::RunDir> = None;
    let mut image_root_guard = None;
    let image_root_dir = match &a.image_root {
        Some(d) => d.clone(),
        None => {
            let session = railyard_packages::engine::Session::open(&railyard_packages::engine::SessionOptions {
                root: root.clone(),
                board: a.board.clone(),
                overlays: a.overlays.clone(),
                targets: Vec::new(),
                state: None,
                read_only: true,
                profile: None,
                host_profile: None,
                break_dep_loop: None,
                keep_cycles: false,
            })?;
            let run_dir = railyard_core::rundir::RunDir::create(&cache_dir.join("image-root"), &a.board)?;
            let dir = run_dir.path().to_path_buf();
            image_root_guard = Some(railyard_core::cleanup::register(&[&dir, &run_dir.lock_path()]));
            let st = railyard_core::stage::Stage::start(format!("installing {} binary packages into the image root", session.image_packages()?.len()));
            let res = session.install_image_root(&dir);
            drop(st);
            if let Err(e) = res {
                run_dir.remove();
                return Err(e);
            }
            for i in session.plan.runtime_closure(&session.plan.targets) {
                let p = &session.plan.pkgs[i];
                let rec = session.store.record(&p.hash);
                binpkgs.push(Binpkg {
                    cpv: p.cpv(),
                    repo: p.repo.clone(),
                    input_hash: p.hash.clone(),
                    sha256: rec.map(|r| r.sha256).unwrap_or_default(),
                    description: p.ebuild.meta.get("DESCRIPTION").to_string(),
                    distfiles: p.distfiles.iter().map(|d| (d.name.clone(), d.hashes.clone())).collect(),
                });
            }
            binpkgs.sort_by(|a, b| a.cpv.cmp(&b.cpv));
            installed_root = Some(run_dir);
            dir
        }
    };
    let request = BuildRequest {
        root: root.clone(),
        board: a.board.clone(),
        layout_file: a.layout_file.clone(),
        image_root: a.image_root.clone(),
        root_dir: image_root_dir.clone(),
        overlays: a.overlays.clone(),
        binpkgs,
        cache_dir: cache_dir.clone(),
        targets: a.targets.clone(),
        started,
        secure_boot_files,
    };
    let opts = railyard_image::BuildOptions {
        output_root,
        cache_dir,
        board: a.board,
        version: a.version,
        disk_layout: a.disk_layout,
        layout_file: a.layout_file,
        usr_fs: a.usr_fs,
        source: railyard_image::pipeline::RootSource::Dir(image_root_dir),
        keep_work: false,
        autologin: a.autologin,
        sysexts: a.sysexts.clone(),
        secure_boot,
        root,
        digest_image: false,
    };
    let mut attested = None;
    let built = railyard_image::pipeline::build_with(&opts, &update_keys, |staged| {
        // the update manifest is signed first: the provenance attests the signed file
        sign_update(staged, key.as_ref())?;
        let out = attest_build(&request, staged, key.as_ref())?;
        // the attestation hashed the disk already: reuse its digest for the summary
        if let Some((_, d)) = out.digests.iter().find(|(_, d)| d.path == staged.image) {
            staged.image_sha256 = d.sha256_hex();
        }
        attested = Some(out);
        Ok(())
    });
    if let Some(d) = installed_root {
        d.remove();
    }
    drop(image_root_guard);
    let s = built?;
    after_build(&request, &s, a.rebuild_check, key.as_ref(), attested.expect("the build attested its outputs"))?;
    Ok(s)
}

/// The lines `build_image` prints when it is done (without `--json`).
pub fn summary_text(s: &railyard_image::BuildSummary) -> String {
    format!(
        "built {} ({} MiB) in {:.1} s\n  root hash {}\n  sha256    {}",
        s.image.display(),
        s.disk.size >> 20,
        s.seconds,
        s.verity.root_hash,
        s.image_sha256
    )
}
