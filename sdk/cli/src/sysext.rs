//! `railyard build_sysext`: arguments and output of the system-extension builder
//! (`railyard_sysext`).

use anyhow::Result;
use std::path::PathBuf;

/// Arguments of `build_sysext` (Flatcar's name and meaning: `build_sysext NAME PKG…`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Board.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Where NAME.raw, its DIGESTS, SBOM and provenance go (default:
    /// __build__/sysext/<board>/<NAME>; one extension per directory, as `./verify` expects).
    #[arg(long = "build_dir", value_name = "DIR")]
    build_dir: Option<PathBuf>,
    /// The base image's build directory: the extension leaves out what its package list
    /// holds and takes its version (default: __build__/images/<board>/latest).
    #[arg(long = "from", value_name = "DIR")]
    from: Option<PathBuf>,
    /// An extra ebuild repository (repeatable; highest priority last).
    #[arg(long = "overlay", value_name = "DIR")]
    overlays: Vec<PathBuf>,
    /// Files outside /usr and /opt: `move` (udev rules, units, tmpfiles.d … to their
    /// /usr/lib homes) or `drop`; without it they are refused, listed.
    #[arg(long = "allow-outside-usr", alias = "allow_outside_usr", value_name = "move|drop")]
    allow_outside_usr: Option<String>,
    /// Sign the provenance with this ed25519 key (else $RAILYARD_SIGNING_KEY; neither: an
    /// unsigned statement).
    #[arg(long = "signing_key", value_name = "FILE")]
    signing_key: Option<PathBuf>,
    /// erofs compression of the extension: lz4 (64 KiB clusters: about half the size, built
    /// nearly as fast as none), lz4hc (smaller, slower to build) or none.
    #[arg(long, default_value = "lz4", value_parser = ["lz4", "lz4hc", "none"])]
    compression: String,
    /// Sign the verity root hash with this RSA key (PEM), adding a usr-verity-sig partition
    /// (with --verity_cert).
    #[arg(long = "verity_key", value_name = "FILE", requires = "verity_cert")]
    verity_key: Option<PathBuf>,
    /// The X.509 certificate of --verity_key (PEM or DER); its SHA-256 fingerprint goes into
    /// the signature partition.
    #[arg(long = "verity_cert", value_name = "FILE", requires = "verity_key")]
    verity_cert: Option<PathBuf>,
    /// Print a JSON summary on standard output.
    #[arg(long)]
    json: bool,
    /// The extension's name (NAME.raw, extension-release.NAME).
    #[arg(value_name = "NAME")]
    name: String,
    /// Packages (atoms) whose run-time closure, minus the base image's packages, it holds.
    #[arg(value_name = "PKG", required = true)]
    packages: Vec<String>,
}

/// Builds the extension.
pub fn run(a: Args) -> Result<()> {
    let started = std::time::SystemTime::now();
    let root = railyard_core::repo::root()?;
    let key = railyard_release::signing_key(a.signing_key.as_deref())?;
    let outside = match &a.allow_outside_usr {
        Some(s) => railyard_sysext::Outside::parse(s)?,
        None => railyard_sysext::Outside::Refuse,
    };
    let verity_signer = match (&a.verity_key, &a.verity_cert) {
        (Some(k), Some(c)) => Some(std::sync::Arc::new(railyard_sysext::VeritySigner::load(k, c)?)),
        _ => None,
    };
    railyard_core::cleanup::remove_all_on_interrupt();
    let s = railyard_sysext::build(&railyard_sysext::Options {
        board: a.board.clone(),
        name: a.name.clone(),
        packages: a.packages.clone(),
        overlays: a.overlays.clone(),
        base: a.from.clone().unwrap_or_else(|| root.join("__build__/images").join(&a.board).join("latest")),
        build_dir: a.build_dir.clone().unwrap_or_else(|| root.join("__build__/sysext").join(&a.board).join(&a.name)),
        outside,
        verity_signer,
        compression: (a.compression != "none").then(|| a.compression.clone()),
        root: root.clone(),
    })?;
    // the flags that remade it (machine-local paths left out)
    let mut flags = vec![format!("--board={}", a.board), format!("--compression={}", a.compression)];
    if let Some(o) = &a.allow_outside_usr {
        flags.push(format!("--allow-outside-usr={o}"));
    }
    if let Some(fp) = &s.verity_sig_certificate {
        // the signing certificate, by fingerprint (its path is machine-local)
        flags.push(format!("--verity_cert=sha256:{fp}"));
    }
    flags.push(a.name.clone());
    flags.extend(a.packages.iter().cloned());
    let out = railyard_release::sysext::attest(&root, &s, &flags, key.as_ref(), started)?;
    for (from, to) in &s.moved {
        eprintln!("build_sysext: moved /{from} to /{to}");
    }
    eprintln!(
        "built {} ({} MiB, {} package(s): {}; {} left to the base image)\n  root hash {}\n  sha256    {}",
        s.image.display(),
        s.size.div_ceil(1 << 20),
        s.packages.len(),
        s.packages.join(", "),
        s.in_base.len(),
        s.root_hash,
        s.sha256
    );
    eprintln!(
        "  provenance {}{}",
        out.envelope_path.display(),
        if key.is_some() { "" } else { " (UNSIGNED: no --signing_key and no $RAILYARD_SIGNING_KEY)" }
    );
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    }
    Ok(())
}
