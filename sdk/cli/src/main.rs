//! The `railyard` command: a thin CLI over the pipeline crates. The top-level scripts
//! (`./build_image`, ...) call it with the verb as the first argument.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod boot;
mod doctor;
mod image_to_vm;
mod packages;
mod release;
mod sdk_container;

/// Railyard: build reproducible, image-based Linux distributions.
#[derive(Debug, Parser)]
#[command(name = "railyard", version, help_expected = true)]
struct Cli {
    /// More log output (repeat for more).
    #[arg(long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// The command to run.
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Build the board's packages from the ebuild repositories into the binary-package store.
    #[command(name = "build_packages")]
    BuildPackages(packages::Args),
    /// Assemble the production disk image: GPT, dm-verity /usr, ESP, ROOT, OEM.
    #[command(name = "build_image")]
    BuildImage(BuildImageArgs),
    /// Boot an image under QEMU (TCG, UEFI) and wait for a marker on the serial console.
    #[command(name = "boot_image")]
    BootImage(boot::BootArgs),
    /// Convert a production image into VM/cloud formats (qemu_uefi, vhd, ami, ova, pxe).
    #[command(name = "image_to_vm")]
    ImageToVm(image_to_vm::Args),
    /// Check the digests, SBOM and signed provenance of an output directory.
    Verify(release::VerifyArgs),
    /// Write an ed25519 key pair for signing provenance (outside the repository).
    Keygen(release::KeygenArgs),
    /// Re-attest an output directory after artefacts were added (e.g. by image_to_vm).
    Attest(release::AttestArgs),
    /// Run a command (default: a shell) in the SDK container, with podman or docker.
    #[command(name = "run_sdk_container")]
    RunSdkContainer(sdk_container::RunArgs),
    /// Build the SDK container image (reproducible OCI archive from Debian packages).
    #[command(name = "build_sdk_container_image")]
    BuildSdkContainerImage(sdk_container::BuildArgs),
    /// Push the SDK container image to an OCI registry.
    #[command(name = "push_sdk_container_image")]
    PushSdkContainerImage(sdk_container::PushArgs),
    /// List, per command, the tools it needs and whether they are present (exit 1 if not).
    Doctor(doctor::Args),
}

/// Arguments of `build_image` (Flatcar's flag names).
#[derive(Debug, clap::Args)]
struct BuildImageArgs {
    /// Board to build for.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Directory receiving <board>/<version>/ (default: __build__/images in the repository).
    #[arg(long = "output_root")]
    output_root: Option<PathBuf>,
    /// Image version (default: the board's [os] version).
    #[arg(long)]
    version: Option<String>,
    /// Disk layout variant (base, vm, azure, discoverable, ...).
    #[arg(long = "disk_layout", default_value = "base")]
    disk_layout: String,
    /// Use this layout file instead of the board's.
    #[arg(long = "layout_file")]
    layout_file: Option<PathBuf>,
    /// Filesystem for /usr: erofs or squashfs (default: the board's).
    #[arg(long = "usr_fs")]
    usr_fs: Option<String>,
    /// Build from this assembled root directory instead of the board's packages.
    #[arg(long = "image_root")]
    image_root: Option<PathBuf>,
    /// An extra ebuild repository (repeatable), as given to build_packages.
    #[arg(long = "overlay", value_name = "DIR")]
    overlays: Vec<PathBuf>,
    /// Download and unpack cache (default: __build__/cache in the repository).
    #[arg(long = "cache_dir")]
    cache_dir: Option<PathBuf>,
    /// Print a JSON summary on standard output.
    #[arg(long)]
    json: bool,
    /// Development image: the consoles log the `core` user in without a password
    /// (`railyard.autologin` on the kernel command line). Never for production.
    #[arg(long)]
    autologin: bool,
    /// Targets; only `prod` (the default) exists so far.
    #[arg(value_name = "TARGET")]
    targets: Vec<String>,
    /// Signing and the rebuild check (DIGESTS, SBOM and provenance are always written).
    #[command(flatten)]
    attest: release::AttestFlags,
}

/// On Ctrl-C or SIGTERM: removes the directories the run registered (image root, work
/// and staging directories) and exits with status 130.
fn clean_up_on_interrupt() {
    std::thread::spawn(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        let got = rt.block_on(async {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut int), Ok(mut term)) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) else {
                return false;
            };
            tokio::select! {
                _ = int.recv() => true,
                _ = term.recv() => true,
            }
        });
        if got {
            eprintln!("interrupted: removing this run's work directories");
            railyard_core::cleanup::remove_all();
            std::process::exit(130);
        }
    });
}

fn build_image(a: BuildImageArgs) -> Result<()> {
    let started = std::time::SystemTime::now();
    for t in &a.targets {
        if t != "prod" {
            anyhow::bail!("unknown build_image target {t:?}: the only target is `prod`");
        }
    }
    let root = railyard_core::repo::root()?;
    let build = root.join("__build__");
    let cache_dir = a.cache_dir.unwrap_or_else(|| build.join("cache"));
    let output_root = a.output_root.clone().unwrap_or_else(|| build.join("images"));
    // The layout is checked before the image root is installed: a bad one fails at once.
    {
        let board = railyard_core::Board::load(&root, &a.board)?;
        let layout = match &a.layout_file {
            Some(p) => railyard_disk::Layout::load(p)?,
            None => board.layout()?,
        };
        layout.plan(&a.disk_layout, &board.board.arch, b"check")?;
    }
    // One build at a time per output directory: a second one fails at once naming the
    // first, before it spends time on an image root.
    let _lock = railyard_image::pipeline::lock_output(&output_root, &a.board)?;
    clean_up_on_interrupt();
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
                binpkgs.push(release::Binpkg {
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
    let request = release::BuildRequest {
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
        root,
    };
    let key = release::signing_key(&a.attest)?; // refused keys fail before the build
    let mut attested = None;
    let built = railyard_image::pipeline::build_with(&opts, |staged| {
        let out = release::attest_build(&request, staged, key.as_ref())?;
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
    release::after_build(&request, &s, &a.attest, key.as_ref(), attested.expect("the build attested its outputs"))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        eprintln!(
            "built {} ({} MiB) in {:.1} s\n  root hash {}\n  sha256    {}",
            s.image.display(),
            s.disk.size >> 20,
            s.seconds,
            s.verity.root_hash,
            s.image_sha256
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    railyard_core::progress::init_logging(cli.verbose);
    let r = match cli.cmd {
        Cmd::BuildPackages(a) => packages::run(a),
        Cmd::BuildImage(a) => build_image(a),
        Cmd::BootImage(a) => boot::run(a),
        Cmd::ImageToVm(a) => image_to_vm::run(a),
        Cmd::Verify(a) => release::verify(a),
        Cmd::Keygen(a) => release::keygen(a),
        Cmd::Attest(a) => release::attest(a),
        Cmd::RunSdkContainer(a) => sdk_container::run(a),
        Cmd::BuildSdkContainerImage(a) => sdk_container::build(a),
        Cmd::PushSdkContainerImage(a) => sdk_container::push(a),
        Cmd::Doctor(a) => match doctor::run(a) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
