//! `railyard run_sdk_container`, `build_sdk_container_image` and `push_sdk_container_image`:
//! arguments and output. The work is in `railyard_container` (`session`: environment and
//! secrets, the static binary, loading and running; `sdkimage`: the image build).

use anyhow::Result;
use railyard_container::engine::Engine;
use railyard_container::session;
use railyard_core::repo;
use std::path::PathBuf;

/// Arguments of `build_sdk_container_image`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Architecture(s) of the SDK: amd64, arm64, or both comma-separated (each image is
    /// built, then one multi-platform archive railyard-sdk-<version>.oci.tar holds them; a
    /// foreign architecture builds under qemu-user emulation).
    #[arg(short = 'a', long, default_value = session::host_arch(), value_delimiter = ',')]
    arch: Vec<String>,
    /// Only write the multi-platform archive from the per-architecture archives already in
    /// the output directory (built on native machines and copied there).
    #[arg(long)]
    index_only: bool,
    /// SDK version (image tag).
    #[arg(short = 'v', long, default_value = env!("CARGO_PKG_VERSION"))]
    version: String,
    /// Output directory (default: __build__/sdk).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Also load the image into the container engine.
    #[arg(long)]
    load: bool,
    /// Print a JSON summary on standard output.
    #[arg(long)]
    json: bool,
}

/// Arguments of `push_sdk_container_image`.
#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Architecture of the SDK image to push.
    #[arg(short = 'a', long, default_value = session::host_arch())]
    arch: String,
    /// SDK version to push.
    #[arg(short = 'v', long, default_value = env!("CARGO_PKG_VERSION"))]
    version: String,
    /// Destination, e.g. registry.example:5000/railyard-sdk-amd64:0.1.0.
    #[arg(long)]
    to: String,
    /// Push the multi-platform archive (railyard-sdk-<version>.oci.tar, see
    /// build_sdk_container_image -a amd64,arm64) with every platform's image, not -a's.
    #[arg(long)]
    index: bool,
}

/// Runs `push_sdk_container_image`: streams the OCI archive's blobs to a registry with
/// skopeo; the manifest bytes, and so the digest, are kept.
pub fn push(a: PushArgs) -> Result<()> {
    let arch = if a.index { None } else { Some(a.arch.as_str()) };
    let archive = session::push_archive(&repo::root()?, arch, &a.version, &a.to)?;
    eprintln!("pushed {} to {}", archive.display(), a.to);
    Ok(())
}

/// Arguments of `run_sdk_container` (Flatcar's flags).
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Allocate a TTY (interactive use).
    #[arg(short = 't')]
    tty: bool,
    /// Container name (default railyard-sdk-<arch>-<version>).
    #[arg(short = 'n')]
    name: Option<String>,
    /// SDK architecture.
    #[arg(short = 'a', default_value = session::host_arch())]
    arch: String,
    /// SDK version.
    #[arg(short = 'v', default_value = env!("CARGO_PKG_VERSION"))]
    version: String,
    /// SDK image reference (default localhost/railyard-sdk-<arch>:<version>); pulled if absent.
    #[arg(short = 'C')]
    image: Option<String>,
    /// Use the railyard binary as it is: do not rebuild it from the checkout first (also
    /// $RAILYARD_SDK_NO_UPDATE=1, for a pipeline that built it once).
    #[arg(short = 'U', env = "RAILYARD_SDK_NO_UPDATE", value_parser = clap::builder::FalseyValueParser::new())]
    no_update: bool,
    /// Remove the container when the command ends.
    #[arg(long)]
    rm: bool,
    /// Container engine (default: podman, else docker).
    #[arg(long)]
    engine: Option<String>,
    /// Pass an environment variable into the container (repeatable), like podman/docker:
    /// NAME takes the value from this environment, NAME=VALUE sets it. The documented
    /// variables (FORWARDED_ENV) are passed without it; secrets take the file route.
    #[arg(short = 'e', long = "env", value_name = "NAME[=VALUE]")]
    env: Vec<String>,
    /// Command to run (default: a login shell).
    #[arg(last = true)]
    cmd: Vec<String>,
}

/// Runs `build_sdk_container_image`.
pub fn build(a: BuildArgs) -> Result<()> {
    let root = repo::root()?;
    let out = a.output.unwrap_or_else(|| session::sdk_dir(&root));
    let mut arches = a.arch.clone();
    arches.sort();
    arches.dedup();
    let mut images = Vec::new();
    if !a.index_only {
        for arch in &arches {
            let img = session::build_image_archive(&root, arch, &a.version, &out)?;
            if a.load {
                let e = Engine::detect(None)?;
                session::load(&e, &img.archive, &img.reference)?;
            }
            if !a.json {
                eprintln!(
                    "SDK image {} digest {}\n  archive {} ({:.1} MiB; root filesystem {:.1} MiB, {} packages)\n  manifest {}",
                    img.reference,
                    img.image.digest,
                    img.archive.display(),
                    img.image.archive_size as f64 / 1048576.0,
                    img.rootfs_bytes as f64 / 1048576.0,
                    img.packages,
                    img.manifest.display()
                );
            }
            images.push(img);
        }
    }
    let index = if arches.len() > 1 || a.index_only { Some(session::build_index(&root, &arches, &a.version, &out)?) } else { None };
    if let (Some(i), false) = (&index, a.json) {
        eprintln!("SDK image index {} digest {} ({})\n  archive {}", i.reference, i.digest, i.architectures.join(", "), i.archive.display());
    }
    if a.json {
        // one image: its summary as before; several or an index: both lists
        let v = match (&index, images.len()) {
            (None, 1) => serde_json::to_value(&images[0])?,
            _ => serde_json::json!({ "images": images, "index": index }),
        };
        println!("{}", serde_json::to_string_pretty(&v)?);
    }
    Ok(())
}

/// Runs `run_sdk_container`; exits with the command's status when it fails.
pub fn run(a: RunArgs) -> Result<()> {
    let req = session::RunRequest {
        tty: a.tty,
        name: a.name,
        arch: a.arch,
        version: a.version,
        image: a.image,
        no_update: a.no_update,
        rm: a.rm,
        engine: a.engine,
        env: a.env,
        cmd: a.cmd,
    };
    let status = session::run(&repo::root()?, &req)?;
    if !status.success() {
        std::process::exit(status.code().unwrap_or(1));
    }
    Ok(())
}
