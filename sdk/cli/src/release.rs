//! `verify`, `keygen`, `attest` and the attestation flags of `build_image`: arguments and
//! output. The work is in `railyard-release` (a build's SBOM, provenance, checks, rebuild)
//! on `railyard-attest`.

use anyhow::{bail, Context, Result};
use railyard_attest::keys;
use railyard_release::SIGNING_KEY_ENV;
use std::path::PathBuf;

/// Attestation flags of `build_image`.
#[derive(Debug, Clone, clap::Args)]
pub struct AttestFlags {
    /// Sign the provenance with this ed25519 private key file (outside the repository, mode 0600).
    /// Without it, the key is taken from $RAILYARD_SIGNING_KEY; with neither, the statement is
    /// written unsigned.
    #[arg(long = "signing_key", value_name = "FILE")]
    pub signing_key: Option<PathBuf>,
    /// After the build, rebuild from the inputs recorded in the provenance into a fresh output
    /// root and compare every artefact byte for byte.
    #[arg(long = "rebuild-check", alias = "rebuild_check")]
    pub rebuild_check: bool,
}

/// Arguments of `attest`.
#[derive(Debug, clap::Args)]
pub struct AttestArgs {
    /// Output directory written by build_image (and extended, e.g. by image_to_vm).
    dir: PathBuf,
    /// Formats added since the build (recorded in externalParameters.formats), comma-separated.
    #[arg(long, value_delimiter = ',')]
    formats: Vec<String>,
    /// Sign with this ed25519 private key file (else $RAILYARD_SIGNING_KEY; else unsigned).
    #[arg(long = "signing_key", value_name = "FILE")]
    signing_key: Option<PathBuf>,
}

/// Runs `attest`: re-attests a directory after artefacts were added.
pub fn attest(a: AttestArgs) -> Result<()> {
    let key = railyard_release::signing_key(a.signing_key.as_deref())?;
    let out = railyard_release::attest_added(&a.dir, &a.formats, key.as_ref())?;
    eprintln!(
        "attested {} artefacts: {}{}",
        out.digests.len(),
        out.envelope_path.display(),
        if key.is_some() { "" } else { " (UNSIGNED: no --signing_key and no $RAILYARD_SIGNING_KEY)" }
    );
    Ok(())
}

/// Arguments of `verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Output directory to verify (e.g. __build__/images/amd64-usr/latest).
    dir: PathBuf,
    /// The ed25519 public key (`.pub` or `.pub.pem` written by `keygen`).
    #[arg(long = "public_key", value_name = "FILE", env = "RAILYARD_PUBLIC_KEY")]
    public_key: PathBuf,
    /// The envelope file (default: the one `*.intoto.jsonl` in the directory).
    #[arg(long)]
    envelope: Option<PathBuf>,
    /// Also list the checks that passed.
    #[arg(long)]
    list: bool,
}

/// Runs `verify`: exit 0 when everything checks, 1 with the list of failures, 2 when some
/// checks could not run.
pub fn verify(a: VerifyArgs) -> Result<()> {
    let key = keys::load_verifying_key_file(&a.public_key).with_context(|| format!("loading the public key {}", a.public_key.display()))?;
    if !a.dir.is_dir() {
        bail!("{} is not a directory", a.dir.display());
    }
    let envelope = match a.envelope {
        Some(e) => e,
        None => railyard_release::find_envelope(&a.dir)?,
    };
    let r = railyard_release::check_dir(&a.dir, &key, &envelope)?;
    if a.list {
        for p in &r.passed {
            println!("ok    {p}");
        }
    }
    for f in &r.failures {
        println!("FAIL  {f}");
    }
    for e in &r.errors {
        println!("ERROR {e}");
    }
    if !r.failures.is_empty() {
        eprintln!("verify: {} FAILED: {} problem(s) listed above", a.dir.display(), r.failures.len());
        std::process::exit(1);
    }
    if !r.errors.is_empty() {
        eprintln!("verify: {}: INCOMPLETE: {} check(s) could not run", a.dir.display(), r.errors.len());
        std::process::exit(2);
    }
    println!(
        "verified {}: signature, {} subjects, DIGESTS files, SBOM against {}, {} update payload(s) against their signed manifest",
        a.dir.display(),
        r.subjects,
        r.pkgdb,
        r.updates
    );
    Ok(())
}

/// Arguments of `keygen`.
#[derive(Debug, clap::Args)]
pub struct KeygenArgs {
    /// Directory for the key pair (default: $XDG_CONFIG_HOME/railyard/keys or ~/.config/railyard/keys).
    /// Refused inside a git work tree.
    #[arg(long = "output_dir", value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// File name stem: writes <name>.key (0600), <name>.pub and <name>.pub.pem.
    #[arg(long, default_value = "railyard-release")]
    name: String,
    /// Write UEFI Secure Boot keys instead: PK, KEK and db (RSA-2048 private keys, 0600,
    /// and self-signed certificates), as <name>-PK.key/.crt, <name>-KEK.* and <name>-db.*
    /// (with the default --name: railyard-secure-boot-*).
    #[arg(long = "secure-boot", alias = "secure_boot")]
    secure_boot: bool,
}

/// Runs `keygen`.
pub fn keygen(a: KeygenArgs) -> Result<()> {
    if a.secure_boot {
        let name = if a.name == "railyard-release" { "railyard-secure-boot".to_string() } else { a.name };
        let k = railyard_release::generate_secure_boot_keys(a.output_dir, &name)?;
        for (role, key, cert) in &k.keys {
            println!("{role:<4} private key {} (mode 0600; keep it secret)", key.display());
            println!("{role:<4} certificate {}", cert.display());
        }
        let file = |r: &str, key: bool| k.keys.iter().find(|x| x.0 == r).map(|x| if key { x.1.display().to_string() } else { x.2.display().to_string() }).unwrap_or_default();
        println!("sign:     ./build_image --secure_boot_key={} --secure_boot_cert={}", file("db", true), file("db", false));
        println!("firmware: ./image_to_vm --format=qemu_uefi_secure --secure_boot_pk={} --secure_boot_kek={}", file("PK", false), file("KEK", false));
        return Ok(());
    }
    let (key, p) = railyard_release::generate_keypair(a.output_dir, &a.name)?;
    println!("private key {} (mode 0600; keep it secret, e.g. in a CI secret as ${SIGNING_KEY_ENV})", p.private.display());
    println!("public key  {}", p.public.display());
    println!("public key  {} (PEM, for other verifiers)", p.public_pem.display());
    println!("key id      {}", railyard_attest::dsse::keyid(&key.verifying_key()));
    println!("sign:   ./build_image --signing_key={}", p.private.display());
    println!("verify: ./verify __build__/images/<board>/latest --public_key={}", p.public.display());
    Ok(())
}
