//! `railyard image_to_vm`: arguments and output. The format pipeline (format files, the base
//! image, the per-format disks, writers and companions) is `railyard_vm::pipeline`; its
//! benchmark is `./bench image_to_vm` (sdk/bench).

use anyhow::{bail, Context, Result};
use railyard_core::Board;
use railyard_vm::pipeline::{self, Compression, FormatSpec};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `image_to_vm` (Flatcar's flag names).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Board.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Directory holding the base image (default: __build__/images/<board>/latest).
    #[arg(long)]
    from: Option<PathBuf>,
    /// Output directory (default: the --from directory).
    #[arg(long)]
    to: Option<PathBuf>,
    /// Formats to produce, comma separated (see image-formats/).
    #[arg(long, value_delimiter = ',', default_value = "qemu_uefi")]
    format: Vec<String>,
    /// Compressed copies of the disk files: none, gz, bz2, zstd, xz (comma separated;
    /// default: each format's `compression`). The uncompressed file is always kept.
    #[arg(long = "image_compression_formats", value_delimiter = ',')]
    image_compression_formats: Option<Vec<String>>,
    /// Directory of format files (default: image-formats/ in the repository).
    #[arg(long = "formats_dir")]
    formats_dir: Option<PathBuf>,
    /// Print a JSON summary of the written files on standard output.
    #[arg(long)]
    json: bool,
    /// Benchmark: each writer against `qemu-img convert`, and all formats in one run against
    /// one run per format (work under --to, removed afterwards). Prints the figures.
    #[arg(long)]
    bench: bool,
    /// Secure Boot formats (qemu_uefi_secure): the PK certificate to enroll (PEM or DER).
    /// Default: the image's db certificate (a test/dev arrangement).
    #[arg(long = "secure_boot_pk", value_name = "FILE")]
    secure_boot_pk: Option<PathBuf>,
    /// Secure Boot formats (qemu_uefi_secure): the KEK certificate to enroll (PEM or DER).
    /// Default: the image's db certificate (a test/dev arrangement).
    #[arg(long = "secure_boot_kek", value_name = "FILE")]
    secure_boot_kek: Option<PathBuf>,
    /// Sign the updated provenance with this ed25519 key file (else $RAILYARD_SIGNING_KEY).
    #[arg(long = "signing_key", value_name = "FILE")]
    signing_key: Option<PathBuf>,
}

/// Runs `image_to_vm`.
pub fn run(a: Args) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let board = Board::load(&root, &a.board)?;
    let formats_dir = a
        .formats_dir
        .clone()
        .unwrap_or_else(|| root.join("image-formats"));
    let mut names: Vec<String> = Vec::new();
    for n in a.format.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    if names.is_empty() {
        bail!("no format given (--format=qemu_uefi,qemu_uefi_secure,vhd,ami,ova,pxe)");
    }
    let specs = names
        .iter()
        .map(|n| FormatSpec::load(&formats_dir, n))
        .collect::<Result<Vec<_>>>()?;
    let compression = match &a.image_compression_formats {
        Some(v) => Some(
            v.iter()
                .map(|s| Compression::parse(s.trim()))
                .collect::<Result<Vec<_>>>()?,
        ),
        None => None,
    };
    let from = a.from.clone().unwrap_or_else(|| {
        root.join("__build__/images")
            .join(&board.board.name)
            .join("latest")
    });
    let base = pipeline::load_base(&board, &from)?;
    let to = a.to.clone().unwrap_or_else(|| base.dir.clone());
    std::fs::create_dir_all(&to)
        .with_context(|| format!("creating output directory {}", to.display()))?;

    if a.bench {
        return bench(&a);
    }
    let t0 = Instant::now();
    let key = railyard_release::signing_key(a.signing_key.as_deref())?;
    let secure: Vec<&str> = specs.iter().filter(|s| s.qemu.as_ref().is_some_and(|q| q.secure_boot)).map(|s| s.name.as_str()).collect();
    if secure.is_empty() && (a.secure_boot_pk.is_some() || a.secure_boot_kek.is_some()) {
        bail!("--secure_boot_pk/--secure_boot_kek are for Secure Boot formats (qemu_uefi_secure), and none was requested");
    }
    let sb = pipeline::SecureBootInputs { pk: a.secure_boot_pk.clone(), kek: a.secure_boot_kek.clone() };
    let produced = pipeline::convert_with(&board, &base, &specs, &to, compression.as_deref(), &sb)?;
    if !secure.is_empty() {
        let owner = railyard_vm::efivars::guid_string(&railyard_vm::efivars::owner_guid(&board.os.id));
        let db = pipeline::secure_boot_db_file(&board, &base.dir);
        eprintln!("image_to_vm: {}: Secure Boot keys enrolled (owner {owner}): db {}", secure.join(", "), db.display());
        match (&a.secure_boot_pk, &a.secure_boot_kek) {
            (Some(pk), Some(kek)) => eprintln!("image_to_vm: PK {}, KEK {}", pk.display(), kek.display()),
            _ => eprintln!(
                "image_to_vm: PK {}, KEK {}: without --secure_boot_pk/--secure_boot_kek the db certificate stands in (a test/dev firmware arrangement: the db key can then change the firmware's keys)",
                a.secure_boot_pk.as_ref().map_or("= the db certificate".to_string(), |p| p.display().to_string()),
                a.secure_boot_kek.as_ref().map_or("= the db certificate".to_string(), |p| p.display().to_string())
            ),
        }
    }
    // the new files join the build's digests and provenance when they land beside it
    let has_provenance = std::fs::read_dir(&to)?.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().ends_with(".intoto.jsonl"));
    if has_provenance {
        railyard_release::attest_added(&to, &names, key.as_ref())?;
    } else {
        eprintln!("image_to_vm: no provenance in {}: the outputs are not attested (attest them with `railyard attest`)", to.display());
    }
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "output_dir": to, "formats": produced, "seconds": t0.elapsed().as_secs_f64() })
            )?
        );
    } else {
        for p in &produced {
            eprintln!("{} ({:.1} s):", p.format, p.seconds);
            for f in &p.files {
                eprintln!("  {}", to.join(f).display());
            }
        }
        eprintln!(
            "image_to_vm: {} format(s) in {:.1} s",
            produced.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `--bench`: the benchmark lives in sdk/bench (not linked into `railyard`); run its binary,
/// built beside this one by `./bench`.
fn bench(a: &Args) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe().context("locating the railyard binary")?.with_file_name("railyard-bench");
    if !exe.is_file() {
        bail!("the image_to_vm benchmark is `./bench image_to_vm` (sdk/bench): {} is not built", exe.display());
    }
    let mut c = std::process::Command::new(&exe);
    c.arg("image_to_vm").arg(format!("--board={}", a.board)).arg(format!("--format={}", a.format.join(",")));
    for (flag, v) in [("--from", &a.from), ("--to", &a.to), ("--formats_dir", &a.formats_dir)] {
        if let Some(v) = v {
            c.arg(format!("{flag}={}", v.display()));
        }
    }
    Err(c.exec()).with_context(|| format!("running {}", exe.display()))
}
