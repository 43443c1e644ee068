//! The `railyard` command: a thin CLI over the pipeline crates. The top-level scripts
//! (`./build_image`, ...) call it with the verb as the first argument.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod boot;
mod doctor;
mod image_to_vm;
mod local_tests;
mod packages;
mod release;
mod sdk_container;
mod sysext;

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
    /// Boot the image's qemu_uefi disk, provision it with Ignition and test it over ssh
    /// (kola-style); exit status = number of failures.
    #[command(name = "run_local_tests")]
    RunLocalTests(local_tests::Args),
    /// Build a systemd system extension (NAME.raw: erofs usr + verity, DPS) from packages.
    #[command(name = "build_sysext")]
    BuildSysext(sysext::Args),
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
    /// A system extension (NAME.raw from ./build_sysext, its .usrhash/.roothash next to it;
    /// repeatable) shipped in /usr (under its dm-verity) and enabled by a link in
    /// /etc/extensions: merged at every boot.
    #[arg(long = "sysext", value_name = "NAME.raw")]
    sysexts: Vec<PathBuf>,
    /// A public key (file, as `keygen` writes `<name>.pub`) whose signatures the image's
    /// update agent accepts (repeatable; merged with the board's [update] keys). Neither:
    /// the signing key's public half; no key at all: the image refuses every update.
    #[arg(long = "update_key", value_name = "FILE")]
    update_keys: Vec<PathBuf>,
    /// Sign the boot selector and each slot's kernel image for UEFI Secure Boot with this
    /// db private key (PEM; else $RAILYARD_SECURE_BOOT_KEY); `./keygen --secure-boot` makes one.
    #[arg(long = "secure_boot_key", value_name = "FILE")]
    secure_boot_key: Option<PathBuf>,
    /// The db key's certificate (PEM or DER; else $RAILYARD_SECURE_BOOT_CERT).
    #[arg(long = "secure_boot_cert", value_name = "FILE")]
    secure_boot_cert: Option<PathBuf>,
    /// Targets; only `prod` (the default) exists so far.
    #[arg(value_name = "TARGET")]
    targets: Vec<String>,
    /// Signing and the rebuild check (DIGESTS, SBOM and provenance are always written).
    #[command(flatten)]
    attest: release::AttestFlags,
}

fn build_image(a: BuildImageArgs) -> Result<()> {
    let json = a.json;
    let req = railyard_release::build_image::BuildImage {
        board: a.board,
        output_root: a.output_root,
        version: a.version,
        disk_layout: a.disk_layout,
        layout_file: a.layout_file,
        usr_fs: a.usr_fs,
        image_root: a.image_root,
        overlays: a.overlays,
        cache_dir: a.cache_dir,
        targets: a.targets,
        signing_key: a.attest.signing_key,
        rebuild_check: a.attest.rebuild_check,
        autologin: a.autologin,
        sysexts: a.sysexts,
        update_keys: a.update_keys,
        secure_boot_key: a.secure_boot_key,
        secure_boot_cert: a.secure_boot_cert,
    };
    let s = railyard_release::build_image::run(req, &railyard_core::cleanup::remove_all_on_interrupt)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        eprintln!("{}", railyard_release::build_image::summary_text(&s));
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
        Cmd::RunLocalTests(a) => match local_tests::run(a) {
            Ok(n) => return ExitCode::from(n.min(100) as u8),
            Err(e) => Err(e),
        },
        Cmd::BuildSysext(a) => sysext::run(a),
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
