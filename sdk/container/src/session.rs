//! Running the SDK container: the environment allow-list and secrets (private tmpfs files,
//! never the container's environment), the static `railyard` binary mounted into it, the
//! image archive built, loaded or tagged, and what an existing container runs.

use crate::engine::{self, Engine, Kind, RunSpec};
use crate::sdkimage;
use anyhow::{bail, Context, Result};
use railyard_core::{repo, Cmd};
use std::path::{Path, PathBuf};

/// Whether a reference names a registry on the loopback interface (plain HTTP allowed,
/// as docker does by default for 127.0.0.0/8).
pub fn loopback_registry(reference: &str) -> bool {
    let host = reference.split('/').next().unwrap_or("");
    let host = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    reference.contains('/') && (host == "localhost" || host.starts_with("127.") || host == "[::1]")
}

/// Variables passed into the container when set on the host (README: "Environment in the
/// SDK container"): every RAILYARD_* variable the commands read that does not name a host
/// path, the reproducibility and CI inputs, proxies in both spellings, the terminal type.
/// RAILYARD_ROOT, RAILYARD_BIN, RAILYARD_PORTAGE and RAILYARD_SDK_IMAGE are set for the
/// container itself.
pub const FORWARDED_ENV: &[&str] = &[
    "RAILYARD_OVERLAYS",
    "RAILYARD_BUILDER_ID",
    "RAILYARD_IMAGE_TO_VM_JOBS",
    "RAILYARD_PUBLIC_KEY",
    "SOURCE_DATE_EPOCH",
    "CI",
    "TERM",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "ftp_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "FTP_PROXY",
    "ALL_PROXY",
];

/// Secrets: never in the container's environment, config or a command line. Each is written
/// to a 0600 file in a private (0700) directory on a tmpfs, bind-mounted read-only into the
/// container, and only the file's path is passed (variable inside, source on the host).
/// `(host variable, variable inside, whether the host variable holds a path to copy)`.
pub const SECRET_ENV: &[(&str, &str, bool)] = &[
    ("RAILYARD_SIGNING_KEY", "RAILYARD_SIGNING_KEY_FILE", false),
    ("RAILYARD_SIGNING_KEY_FILE", "RAILYARD_SIGNING_KEY_FILE", true),
    ("REGISTRY_AUTH_FILE", "REGISTRY_AUTH_FILE", true),
];

/// The private secrets directory of container `name`: `$XDG_RUNTIME_DIR/railyard-sdk/<name>`
/// (else `/dev/shm/railyard-sdk-<uid>/<name>`), created 0700 and checked to be ours.
pub fn secrets_dir(name: &str, uid: u32) -> Result<PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};
    let base = match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(d) if d.is_absolute() && d.is_dir() => d.join("railyard-sdk"),
        _ => PathBuf::from(format!("/dev/shm/railyard-sdk-{uid}")),
    };
    let dir = base.join(name);
    for d in [&base, &dir] {
        match std::fs::DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("creating the private secrets directory {}", d.display())),
        }
        let md = std::fs::symlink_metadata(d).with_context(|| format!("reading {}", d.display()))?;
        if !md.is_dir() || md.uid() != uid || md.mode() & 0o077 != 0 {
            bail!(
                "{} must be a directory owned by uid {uid} with mode 0700 (it holds secrets passed into the SDK container); remove it and retry",
                d.display()
            );
        }
    }
    Ok(dir)
}

/// Secret files of this run, removed when dropped.
pub struct SecretFiles(pub Vec<PathBuf>);

impl Drop for SecretFiles {
    fn drop(&mut self) {
        for f in &self.0 {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// Writes `data` to a new 0600 file.
pub fn write_secret(path: &Path, data: &[u8]) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::remove_file(path);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    f.write_all(data).with_context(|| format!("writing {}", path.display()))
}

/// Removes secret files left by runs that were killed (their process is gone).
pub fn remove_stale_secrets(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().to_string();
        if let Some(pid) = n.rsplit_once('.').and_then(|(_, p)| p.parse::<u32>().ok()) {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The environment of one run: `(name, value)` pairs passed by name (values go through the
/// engine's environment) and the secrets as `(variable inside, file name, content)`.
pub type RunEnv = (Vec<(String, String)>, Vec<(String, String, Vec<u8>)>);

/// The environment of a run from the allow-list, the secrets and `-e` arguments.
pub fn run_env(extra: &[String], lookup: &dyn Fn(&str) -> Option<String>) -> Result<RunEnv> {
    let mut plain: Vec<(String, String)> = Vec::new();
    let mut secrets: Vec<(String, String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, value: String, plain: &mut Vec<(String, String)>| -> Result<()> {
        if let Some((_, inside, is_path)) = SECRET_ENV.iter().find(|(n, _, _)| *n == name) {
            let data = if *is_path {
                std::fs::read(&value).with_context(|| format!("reading ${name} = {value}"))?
            } else {
                value.into_bytes()
            };
            let file = format!("{}.{}", name.to_ascii_lowercase().replace('_', "-"), std::process::id());
            secrets.retain(|(i, _, _)| i != inside);
            secrets.push((inside.to_string(), file, data));
        } else {
            plain.retain(|(n, _)| n != name);
            plain.push((name.to_string(), value));
        }
        Ok(())
    };
    for name in FORWARDED_ENV.iter().chain(SECRET_ENV.iter().map(|(n, _, _)| n)) {
        if let Some(v) = lookup(name) {
            add(name, v, &mut plain)?;
        }
    }
    for e in extra {
        let (name, value) = match e.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (e.as_str(), lookup(e)),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.starts_with(|c: char| c.is_ascii_digit()) {
            bail!("-e {e:?}: expected NAME or NAME=VALUE with NAME made of letters, digits and _");
        }
        if let Some(v) = value {
            add(name, v, &mut plain)?;
        }
    }
    Ok((plain, secrets))
}

/// Where the SDK image archive and engine state live: `__build__/sdk`.
pub fn sdk_dir(root: &Path) -> PathBuf {
    root.join("__build__/sdk")
}

/// The SDK's architectures: the OCI name, the Rust target of the static railyard binary and
/// the GNU triplet of the C cross compiler that builds it on another host.
const ARCHES: [(&str, &str, &str); 2] = [("amd64", "x86_64-unknown-linux-musl", "x86_64-linux-gnu"), ("arm64", "aarch64-unknown-linux-musl", "aarch64-linux-gnu")];

fn arch_entry(arch: &str) -> Result<(&'static str, &'static str, &'static str)> {
    ARCHES.iter().copied().find(|a| a.0 == arch).with_context(|| {
        format!("unknown SDK architecture {arch:?} (-a): expected one of {}", ARCHES.iter().map(|a| a.0).collect::<Vec<_>>().join(", "))
    })
}

pub use railyard_core::tools::host_arch;

/// Builds the static railyard binary for an SDK container of `arch` (cross-compiled when it
/// is not this machine's: the musl target with the GNU cross compiler for the C parts and
/// as the linker); returns its path.
pub fn static_binary(root: &Path, arch: &str, update: bool) -> Result<PathBuf> {
    let (_, target, triplet) = arch_entry(arch)?;
    let tdir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let bin = tdir.join(target).join("debug/railyard");
    if update {
        eprintln!("run_sdk_container: building the static railyard binary ({target}) from this checkout");
        let mut c = Cmd::new("building the static railyard binary", "cargo")
            .dir(root)
            // where the binary is looked for below (Cmd passes only a minimal environment)
            .env("CARGO_TARGET_DIR", &tdir)
            .args(["build", "--quiet", "-p", "railyard", "--target", target]);
        // CI turns incremental builds off to save disk (.ci/run)
        if let Ok(v) = std::env::var("CARGO_INCREMENTAL") {
            c = c.env("CARGO_INCREMENTAL", v);
        }
        let mut hint = format!("`rustup target add {target}` and `apt-get install musl-tools`");
        if arch != host_arch() {
            let var = target.replace('-', "_");
            c = c
                .env(format!("CC_{var}"), format!("{triplet}-gcc"))
                .env(format!("AR_{var}"), format!("{triplet}-ar"))
                .env(format!("CARGO_TARGET_{}_LINKER", var.to_uppercase()), format!("{triplet}-gcc"));
            hint = format!("`rustup target add {target}` and `apt-get install gcc-{}`", triplet.replace('_', "-"));
        }
        c.run().with_context(|| format!("the SDK container runs a static (musl) railyard binary for {arch}: {hint}"))?;
    }
    if !bin.is_file() {
        bail!("no static railyard binary at {} (run without -U to build it)", bin.display());
    }
    Ok(bin)
}

/// SOURCE_DATE_EPOCH of the SDK images and their index: the last commit touching what goes
/// into them.
fn sdk_epoch(root: &Path) -> Result<u64> {
    repo::commit_time(root, &["sdk/container", "sdk/core/tools.toml"])
}

/// Builds the SDK image archive of `arch` into `out`, with the static binary for its
/// `railyard doctor --sdk` check (run under the host's binfmt emulation for a foreign
/// architecture: `apt-get install qemu-user-static binfmt-support`).
pub fn build_image_archive(root: &Path, arch: &str, version: &str, out: &Path) -> Result<sdkimage::SdkImage> {
    arch_entry(arch)?;
    let epoch = sdk_epoch(root)?;
    // the static binary runs `railyard doctor --sdk` inside the image before it is packed
    let doctor = static_binary(root, arch, true)?;
    let b = sdkimage::SdkBuild {
        root: root.to_path_buf(),
        arch: arch.into(),
        version: version.into(),
        out_dir: out.to_path_buf(),
        epoch,
        railyard_bin: None,
        doctor_bin: Some(doctor),
    };
    eprintln!("building the SDK image {} with mmdebstrap (SOURCE_DATE_EPOCH={epoch}) ...", sdkimage::reference(arch, version));
    sdkimage::build(&b)
}

/// A multi-platform SDK archive (see [`build_index`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SdkIndex {
    /// Reference name of the index (`localhost/railyard-sdk:<version>`).
    pub reference: String,
    /// The oci-archive holding the index and every platform's image.
    pub archive: PathBuf,
    /// `sha256:` digest of the image index.
    pub digest: String,
    /// The platforms, in the index's order.
    pub architectures: Vec<String>,
}

/// Writes `railyard-sdk-<version>.oci.tar` in `out`: one image index over the SDK archives
/// of `arches` already built there (by this machine or, copied in, by machines of the other
/// architecture), so that a registry serves each platform its own image under one name
/// (`skopeo copy --all oci-archive:… docker://…`).
pub fn build_index(root: &Path, arches: &[String], version: &str, out: &Path) -> Result<SdkIndex> {
    let mut images = Vec::new();
    for a in arches {
        arch_entry(a)?;
        let archive = out.join(sdkimage::archive_name(a, version));
        if !archive.is_file() {
            bail!("{} does not exist: build the {a} SDK image first (./build_sdk_container_image -a {a})", archive.display());
        }
        images.push((a.clone(), archive));
    }
    let epoch = sdk_epoch(root)?;
    let reference = format!("localhost/railyard-sdk:{version}");
    let archive = out.join(format!("railyard-sdk-{version}.oci.tar"));
    let digest = crate::oci::write_index(&images, &archive, &reference, epoch)?;
    Ok(SdkIndex { reference, archive, digest, architectures: arches.to_vec() })
}

/// Whether the engine has the image `reference`.
pub fn image_present(e: &Engine, reference: &str) -> bool {
    let args: Vec<&str> = match e.kind {
        Kind::Podman => vec!["image", "exists", reference],
        Kind::Docker => vec!["image", "inspect", reference],
    };
    e.cmd("checking for the SDK image").args(e.global_args()).args(args).run().is_ok()
}

/// Loads an image archive into the engine (tagged `reference`). The image the tag named
/// before, and any other earlier Railyard SDK image no tag names any more, is then removed
/// (each is a couple of GiB: a rebuild a day would otherwise fill the engine's storage);
/// an image a container still uses stays.
pub fn load(e: &Engine, archive: &Path, reference: &str) -> Result<()> {
    eprintln!("loading {} into {} as {reference}", archive.display(), e.name());
    let out = e.cmd("loading the SDK image").args(e.global_args()).arg("load").arg("-i").arg(archive).text()?;
    if !image_present(e, reference) {
        // older engines name an OCI archive by its digest: tag it
        let id = out.lines().rev().find_map(|l| l.split_whitespace().last()).unwrap_or("").to_string();
        e.cmd("tagging the SDK image").args(e.global_args()).args(["tag", &id, reference]).run()?;
    }
    // untagged images with the SDK label are earlier SDK builds
    let pruned = e
        .cmd("removing earlier SDK images")
        .args(e.global_args())
        .args(["image", "prune", "--force", "--filter", &format!("label={}", sdkimage::SDK_LABEL)])
        .text();
    match pruned {
        Ok(t) => {
            let n = t.lines().filter(|l| !l.trim().is_empty() && !l.starts_with("Total")).count();
            if n > 0 {
                eprintln!("removed {n} earlier SDK image(s) no tag names any more");
            }
        }
        Err(err) => tracing::warn!("earlier SDK images were not removed: {err:#}"),
    }
    Ok(())
}


/// The image, running state and whether it has the secrets mount, of an existing container.
pub fn container_image(e: &Engine, name: &str) -> Option<(String, bool, bool)> {
    let fmt = "{{index .Config.Labels \"org.railyard.sdk.image\"}}|{{.State.Running}}|{{index .Config.Labels \"org.railyard.sdk.secrets\"}}";
    let out = e.cmd("inspecting the SDK container").args(e.global_args()).args(["container", "inspect", "--format", fmt, name]).text().ok()?;
    let mut it = out.trim().split('|');
    let img = it.next().unwrap_or("").trim().to_string();
    let running = it.next().map(str::trim) == Some("true");
    let secrets = it.next().map(str::trim).is_some_and(|s| s == engine::SECRETS_MOUNT);
    Some((img, running, secrets))
}




/// Pushes the SDK image archive of `arch`/`version` (or, for `None`, the multi-platform
/// archive of `version` with all its images) to `to` with skopeo (which reads credentials
/// from the host's containers auth configuration); the manifest bytes, and so the digests,
/// are kept. Returns the archive pushed.
pub fn push_archive(root: &Path, arch: Option<&str>, version: &str, to: &str) -> Result<PathBuf> {
    let (archive, build) = match arch {
        Some(a) => (sdk_dir(root).join(sdkimage::archive_name(a, version)), format!("./build_sdk_container_image -a {a}")),
        None => (sdk_dir(root).join(format!("railyard-sdk-{version}.oci.tar")), "./build_sdk_container_image -a amd64,arm64".to_string()),
    };
    if !archive.is_file() {
        bail!("{} does not exist: build it first with {build}", archive.display());
    }
    let mut c = Cmd::new(format!("pushing the SDK image to {to}"), "skopeo").args(["copy", "--quiet", "--preserve-digests"]);
    if arch.is_none() {
        c = c.arg("--all");
    }
    if loopback_registry(to) {
        c = c.arg("--dest-tls-verify=false");
    }
    c.arg(format!("oci-archive:{}", archive.display())).arg(format!("docker://{to}")).run()?;
    Ok(archive)
}

/// What `run_sdk_container` was asked (its flags).
#[derive(Debug, Clone, Default)]
pub struct RunRequest {
    /// Allocate a TTY (when stdin is a terminal).
    pub tty: bool,
    /// Container name (default railyard-sdk-<arch>-<version>).
    pub name: Option<String>,
    /// SDK architecture.
    pub arch: String,
    /// SDK version.
    pub version: String,
    /// SDK image reference (default: the local build's); pulled if absent.
    pub image: Option<String>,
    /// Do not rebuild the static railyard binary first.
    pub no_update: bool,
    /// Remove the container when the command ends.
    pub rm: bool,
    /// Container engine (default: podman, else docker).
    pub engine: Option<String>,
    /// `-e NAME[=VALUE]` arguments.
    pub env: Vec<String>,
    /// Command to run (default: a login shell).
    pub cmd: Vec<String>,
}

/// Runs `r.cmd` in the SDK container of the checkout `root` (creating, starting or loading
/// what is missing) and returns the command's exit status. The `exec` runs through the
/// engine with its stdio inherited (interactive), not through [`Cmd`].
pub fn run(root: &Path, r: &RunRequest) -> Result<std::process::ExitStatus> {
    let mut e = match Engine::detect(r.engine.as_deref()) {
        Ok(e) => e,
        Err(err) if r.engine.is_none() => {
            engine::install_podman().map_err(|_| err)?;
            Engine::detect(None)?
        }
        Err(err) => return Err(err),
    };
    let default_ref = sdkimage::reference(&r.arch, &r.version);
    let reference = r.image.clone().unwrap_or_else(|| default_ref.clone());
    if reference.contains(char::is_whitespace) || reference.starts_with('-') || reference.ends_with(':') {
        bail!("invalid image reference {reference:?} (-C): expected [registry/]name[:tag]");
    }
    if !image_present(&e, &reference) {
        let archive = sdk_dir(root).join(sdkimage::archive_name(&r.arch, &r.version));
        if reference == default_ref && archive.is_file() {
            load(&e, &archive, &reference)?;
        } else if reference.starts_with("localhost/") && reference == default_ref {
            eprintln!("run_sdk_container: {reference} is not present locally and no registry serves localhost/ images: building it here");
            let img = build_image_archive(root, &r.arch, &r.version, &sdk_dir(root))?;
            load(&e, &img.archive, &reference)?;
        } else {
            eprintln!("run_sdk_container: pulling {reference}");
            let mut pull = e.cmd(&format!("pulling {reference}")).args(e.global_args()).args(["pull", "-q"]);
            if e.kind == Kind::Podman && loopback_registry(&reference) {
                pull = pull.arg("--tls-verify=false");
            }
            pull.arg(&reference).run().with_context(|| {
                format!("{reference} is not present locally and could not be pulled: check the reference and that its registry is reachable (or build the default SDK with ./build_sdk_container_image)")
            })?;
        }
    }
    let name = r.name.clone().unwrap_or_else(|| format!("railyard-sdk-{}-{}", r.arch, r.version));
    let bin = static_binary(root, &r.arch, !r.no_update)?;
    // the image digest, recorded by build_image's provenance inside the container
    let digest = e
        .cmd("reading the SDK image digest")
        .args(e.global_args())
        .args(["image", "inspect", "--format", "{{.Digest}}", &reference])
        .text()
        .map(|t| t.trim().to_string())
        .unwrap_or_default();
    use std::io::IsTerminal;
    let tty = r.tty && std::io::stdin().is_terminal();
    if r.tty && !tty {
        tracing::info!("-t: standard input is not a terminal (CI?); running without a TTY");
    }
    let (plain, secrets) = run_env(&r.env, &|n| std::env::var(n).ok())?;
    let sdir = secrets_dir(&name, e.uid)?;
    remove_stale_secrets(&sdir);
    // --rm: Ctrl-C, SIGTERM (a scheduler cancelling the job) or SIGHUP removes the container.
    // Its processes are the engine's, not this process's children, so they would otherwise
    // outlive the command (Slurm's process tracking does not see them either).
    let _remove_on_interrupt = if r.rm {
        let mut argv: Vec<std::ffi::OsString> = vec![e.program.clone().into()];
        argv.extend(e.global_args().into_iter().map(Into::into));
        argv.extend(["rm", "-f", name.as_str()].map(Into::into));
        let g = railyard_core::cleanup::register_command(argv);
        railyard_core::cleanup::remove_all_on_interrupt();
        Some(g)
    } else {
        None
    };
    let mut spec = RunSpec {
        name: name.clone(),
        image: reference.clone(),
        repo: root.to_path_buf(),
        tty,
        extra_mounts: vec![(bin, "/usr/local/bin/railyard".into())],
        env: vec![
            ("RAILYARD_BIN".into(), "/usr/local/bin/railyard".into()),
            ("HOME".into(), "/tmp".into()),
            ("RAILYARD_SDK_IMAGE".into(), format!("{reference}@{digest}")),
        ],
        pass_env: Vec::new(),
        secrets_dir: Some(sdir.clone()),
    };
    // values reach the engine through its environment, passed by name only (`-e NAME`)
    let mut engine_env: Vec<(String, std::ffi::OsString)> = Vec::new();
    for (n, v) in &plain {
        spec.pass_env.push(n.clone());
        engine_env.push((n.clone(), v.into()));
    }
    let mut written = SecretFiles(Vec::new());
    for (inside, file, data) in &secrets {
        let host = sdir.join(file);
        write_secret(&host, data)?;
        written.0.push(host);
        spec.pass_env.push(inside.clone());
        engine_env.push((inside.clone(), format!("{}/{file}", engine::SECRETS_MOUNT).into()));
    }
    match container_image(&e, &name) {
        Some((img, _, _)) if img != reference => bail!(
            "a container named {name} already exists but runs {} instead of {reference}; remove it (`{} rm -f {name}`) or choose another name with -n",
            if img.is_empty() { "another image" } else { &img },
            e.name()
        ),
        Some((_, _, false)) if !secrets.is_empty() => bail!(
            "the container {name} was created without the private secrets mount ({}), so ${} cannot reach it safely; remove it (`{} rm -f {name}`) and run again",
            engine::SECRETS_MOUNT,
            secrets[0].0,
            e.name()
        ),
        Some((_, true, _)) => {}
        Some((_, false, _)) => e.cmd("starting the SDK container").args(e.global_args()).args(["start", &name]).run()?,
        None => loop {
            // limits that worked before on this host (see below)
            let remembered = sdk_dir(root).join(format!("{}-ulimits", e.name()));
            if let Ok(t) = std::fs::read_to_string(&remembered) {
                let v: Vec<String> = t.split_whitespace().map(String::from).collect();
                if !v.is_empty() && v.len() == e.ulimits.len() {
                    e.ulimits = v;
                }
            }
            e.cmd("creating the SDK container").args(e.create_args(&spec)).run()?;
            match e.cmd("starting the SDK container").args(e.global_args()).args(["start", &name]).run() {
                Ok(()) => {
                    // written under a temporary name and renamed: runs that start at
                    // once (Slurm jobs on one node) never read a half-written file
                    let _ = std::fs::create_dir_all(sdk_dir(root));
                    let _ = railyard_attest::write_atomic(&remembered, e.ulimits.join(" ").as_bytes());
                    break;
                }
                Err(err) if format!("{err:#}").contains("rlimit") && e.lower_ulimits() => {
                    tracing::info!("the runtime refused the resource limits; retrying with {}", e.ulimits.join(" "));
                    e.cmd("removing the SDK container").args(e.global_args()).args(["rm", "-f", &name]).run()?;
                }
                Err(err) => return Err(err),
            }
        },
    }
    let mut exec = std::process::Command::new(&e.program);
    // the engine needs none of the secrets themselves
    for (n, _, _) in SECRET_ENV {
        exec.env_remove(n);
    }
    let status = exec
        .envs(engine_env)
        .args(e.exec_args(&spec, &r.cmd))
        .status()
        .with_context(|| format!("running {} exec", e.name()))?;
    drop(written);
    if r.rm {
        let _ = e.cmd("removing the SDK container").args(e.global_args()).args(["rm", "-f", &name]).run();
        let _ = std::fs::remove_dir(&sdir);
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_registries() {
        assert!(super::loopback_registry("127.0.0.1:5000/railyard-sdk-amd64:0.1.0"));
        assert!(super::loopback_registry("localhost/x:1"));
        assert!(!super::loopback_registry("registry.example/x:1"));
        assert!(!super::loopback_registry("railyard-sdk:1"));
    }

    #[test]
    fn environment_allow_list_and_secrets() {
        let host = |n: &str| match n {
            "SOURCE_DATE_EPOCH" => Some("1700000000".to_string()),
            "RAILYARD_SIGNING_KEY" => Some("secret-key-text".to_string()),
            "HOME" | "PATH" | "RAILYARD_ROOT" => Some("/host".to_string()),
            "FOO" => Some("from-host".to_string()),
            _ => None,
        };
        let (plain, secrets) = super::run_env(&["FOO".into(), "BAR=1".into(), "UNSET".into()], &host).unwrap();
        assert_eq!(plain, [("SOURCE_DATE_EPOCH".to_string(), "1700000000".to_string()), ("FOO".into(), "from-host".into()), ("BAR".into(), "1".into())]);
        assert_eq!(secrets.len(), 1);
        assert_eq!(secrets[0].0, "RAILYARD_SIGNING_KEY_FILE");
        assert_eq!(secrets[0].2, b"secret-key-text");
        // a secret given with -e still takes the file route
        let (plain, secrets) = super::run_env(&["RAILYARD_SIGNING_KEY=other".into()], &|_| None).unwrap();
        assert!(plain.is_empty() && secrets[0].2 == b"other");
        assert!(super::run_env(&["A B=1".into()], &|_| None).unwrap_err().to_string().contains("NAME or NAME=VALUE"));
    }
}
