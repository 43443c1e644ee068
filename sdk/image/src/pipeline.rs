//! The `build_image` pipeline, one named stage after another.

use crate::cpio;
use crate::fs::{self, UsrFs};
use crate::initramfs;
use crate::installed::{self, InstalledPackage, InstalledRoot};
use crate::tree::{self, Tree};
use anyhow::{bail, Context, Result};
use railyard_core::beneath::Dir;
use railyard_core::stage::Stage;
use railyard_core::{repo, Board};
use railyard_disk::layout::Role;
use railyard_disk::{gpt, verity, Guid, Layout, PlannedDisk};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Where the image root comes from.
#[derive(Debug, Clone)]
pub enum RootSource {
    /// A root installed from the board's binary packages (`emerge --usepkgonly` into an
    /// empty ROOT, or the package engine's installer): its /usr becomes USR-A, everything
    /// else ROOT; kernel and initramfs are the packaged ones in
    /// `/usr/lib/modules/<version>/`, the package list comes from `/var/db/pkg`.
    Dir(PathBuf),
}

/// Everything `build_image` needs to know.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Repository root.
    pub root: PathBuf,
    /// Board name.
    pub board: String,
    /// Output root (`<root>/__build__/images` by default).
    pub output_root: PathBuf,
    /// Version; defaults to the board's `[os] version`.
    pub version: Option<String>,
    /// Layout variant (`base`, `vm`, ...).
    pub disk_layout: String,
    /// Layout file overriding the board's.
    pub layout_file: Option<PathBuf>,
    /// /usr filesystem overriding the board's.
    pub usr_fs: Option<String>,
    /// Download and unpack cache.
    pub cache_dir: PathBuf,
    /// Image root source.
    pub source: RootSource,
    /// Keep the staging trees and intermediate files (in `.<version>.work`) after success.
    pub keep_work: bool,
    /// System extensions (`NAME.raw` from `build_sysext`, its `.usrhash`/`.roothash` next to
    /// it) shipped in /usr (`/usr/share/<os>/sysext`, under /usr's dm-verity) and enabled by
    /// links in ROOT's `/etc/extensions`: systemd-sysext merges them at every boot.
    pub sysexts: Vec<PathBuf>,
    /// Development image: `railyard.autologin` on the kernel command line, so the
    /// consoles log the `core` user in without a password.
    pub autologin: bool,
    /// Sign the ESP's EFI binaries (the boot selector, each slot's kernel image) for UEFI
    /// Secure Boot with this db key; `None`: unsigned (boots only with Secure Boot off).
    pub secure_boot: Option<SecureBootSigner>,
    /// Hash the finished disk (SHA-256, the summary's `image_sha256`) on the second core while
    /// the update payload is written. Off when the caller digests the image itself afterwards
    /// (`build_image`'s attestation hashes every artefact and fills the summary's digest) or
    /// needs no digest (the benchmark, whose stock pipeline computes none).
    pub digest_image: bool,
}

/// The Secure Boot db key and certificate of a build (shared, never printed).
#[derive(Clone)]
pub struct SecureBootSigner(pub std::sync::Arc<railyard_secureboot::Signer>);

/// A system extension shipped in the image.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SysextInImage {
    /// NAME.
    pub name: String,
    /// The file it was taken from.
    pub source: PathBuf,
    /// SHA-256 of NAME.raw.
    pub sha256: String,
    /// Its verity root hash (the sidecar).
    pub root_hash: String,
    /// `usrhash` or `roothash`.
    pub sidecar: String,
}

/// Reads `--sysext` files: NAME.raw and the sidecar next to it.
pub fn read_sysexts(files: &[PathBuf]) -> Result<Vec<SysextInImage>> {
    let mut v: Vec<SysextInImage> = Vec::new();
    for raw in files {
        let file = raw.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(name) = file.strip_suffix(".raw").filter(|n| !n.is_empty() && !n.starts_with('.') && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))) else {
            bail!("--sysext={}: an extension image is named NAME.raw (./build_sysext writes one)", raw.display());
        };
        if v.iter().any(|e| e.name == name) {
            bail!("--sysext={}: a second extension named {name}", raw.display());
        }
        let (sidecar, hash) = ["usrhash", "roothash"]
            .iter()
            .find_map(|k| std::fs::read_to_string(raw.with_file_name(format!("{name}.{k}"))).ok().map(|t| (k.to_string(), t.trim().to_string())))
            .with_context(|| format!("--sysext={}: no {name}.usrhash or {name}.roothash next to it (./build_sysext writes the root hash there)", raw.display()))?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            bail!("{}: not a sha256 root hash", raw.with_file_name(format!("{name}.{sidecar}")).display());
        }
        let sha256 = crate::sha256_file(raw).with_context(|| format!("--sysext={}", raw.display()))?;
        v.push(SysextInImage { name: name.to_string(), source: raw.clone(), sha256, root_hash: hash, sidecar });
    }
    Ok(v)
}

impl std::fmt::Debug for SecureBootSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecureBootSigner({}, sha256 {})", self.0.subject(), self.0.cert_sha256())
    }
}

/// What a signed build signed, for the summary and the provenance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SecureBootSummary {
    /// The db certificate's subject.
    pub subject: String,
    /// SHA-256 of the db certificate (DER), hex.
    pub cert_sha256: String,
    /// The output file holding the certificate (PEM).
    pub cert_file: String,
    /// The EFI binaries signed, as ESP paths.
    pub signed: Vec<String>,
}

/// Output file suffix of the db certificate of a signed build (`<prefix>_secure_boot_db.pem`):
/// `image_to_vm --format=qemu_uefi_secure` enrolls it into the firmware's db.
pub const SECURE_BOOT_CERT_SUFFIX: &str = "_secure_boot_db.pem";

/// Where in the image the trusted update keys are (`<keyid>.pub` each, mode 0644).
pub const UPDATE_KEYS_DIR: &str = "usr/share/railyard/update-keys";

/// A public key whose signatures the image's update agent accepts (a `railyard-ed25519-public`
/// key file in [`UPDATE_KEYS_DIR`]). The release stage makes them (it owns the key formats);
/// the pipeline writes them and records them in the summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UpdateKey {
    /// The DSSE key id: lower-case hex SHA-256 of the raw public key; names the file.
    pub keyid: String,
    /// The raw 32-byte public key, hex.
    pub public_key: String,
    /// The file's content (the Railyard public-key text format).
    #[serde(skip)]
    pub text: String,
}

/// The first-boot flag on EFI-SYSTEM (read by the initramfs's ignition.sh).
pub const FIRST_BOOT_FLAG: &str = "railyard/first_boot";

impl UpdateKey {
    /// The file name in [`UPDATE_KEYS_DIR`].
    pub fn file_name(&self) -> String {
        format!("{}.pub", self.keyid)
    }
}

/// `keys` in key id order without duplicates, each checked (its key id names a file):
/// the same set gives the same /usr whatever order and repetitions it came in.
pub fn normalize_update_keys(keys: &[UpdateKey]) -> Result<Vec<UpdateKey>> {
    let is_hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let mut out: Vec<UpdateKey> = Vec::with_capacity(keys.len());
    for k in keys {
        if !is_hex(&k.keyid, 64) || !is_hex(&k.public_key, 64) {
            bail!("update key {:?}: the key id and the public key must be 64 lower-case hex digits", k.keyid);
        }
        if !k.text.contains(&k.public_key) {
            bail!("update key {}: its file text does not hold its public key", k.keyid);
        }
        match out.iter().find(|o| o.keyid == k.keyid) {
            Some(o) if o == k => {}
            Some(_) => bail!("update key {} is given twice with different contents", k.keyid),
            None => out.push(k.clone()),
        }
    }
    out.sort_by(|a, b| a.keyid.cmp(&b.keyid));
    Ok(out)
}

/// The JSON summary of a build.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildSummary {
    /// Board.
    pub board: String,
    /// Version.
    pub version: String,
    /// SOURCE_DATE_EPOCH used.
    pub source_date_epoch: u64,
    /// Output directory.
    pub output_dir: PathBuf,
    /// The disk image.
    pub image: PathBuf,
    /// SHA-256 of the disk image (from the `finish` step when it hashes the image anyway).
    pub image_sha256: String,
    /// Layout variant.
    pub disk_layout: String,
    /// Partitions as written.
    pub disk: PlannedDisk,
    /// /usr filesystem.
    pub usr_fs: UsrFs,
    /// Bytes of the /usr filesystem image.
    pub usr_fs_bytes: u64,
    /// dm-verity parameters and root hash.
    pub verity: verity::Verity,
    /// Kernel version.
    pub kernel_version: String,
    /// Development image: the consoles log `core` in without a password.
    pub autologin: bool,
    /// System extensions shipped in the image.
    pub sysexts: Vec<SysextInImage>,
    /// The public keys baked into /usr for the update agent (key id order; none: the image
    /// refuses every update).
    pub update_keys: Vec<UpdateKey>,
    /// Secure Boot signing (`None`: the EFI binaries are unsigned).
    pub secure_boot: Option<SecureBootSummary>,
    /// Kernel command line in the boot entry.
    pub kernel_cmdline: String,
    /// Initramfs facts.
    pub initramfs: initramfs::Initramfs,
    /// Files written next to the image.
    pub files: Vec<String>,
    /// Installed packages of the root (its VDB; `RootSource::Dir`).
    pub installed: Vec<InstalledPackage>,
    /// Seconds spent.
    pub seconds: f64,
    /// The A/B update payload written beside the image (its manifest envelope unsigned:
    /// the release stage signs it).
    #[serde(skip)]
    pub update: Option<UpdateFiles>,
}

/// The update payload files of a build (names relative to the output directory).
#[derive(Debug, Clone)]
pub struct UpdateFiles {
    /// `<os>_production_update.bin`.
    pub payload: String,
    /// `<os>_production_update.manifest` (a DSSE envelope).
    pub manifest_file: String,
    /// The manifest in it.
    pub manifest: railyard_update_format::Manifest,
}

struct Ctx {
    board: Board,
    layout: Layout,
    version: String,
    epoch: u64,
    seed: Vec<u8>,
    work: PathBuf,
    staging: PathBuf,
    prefix: String,
    update_keys: Vec<UpdateKey>,
}

impl Ctx {
    fn out(&self, suffix: &str) -> PathBuf {
        self.staging.join(format!("{}{suffix}", self.prefix))
    }
    fn guid(&self, what: &str) -> Guid {
        Guid::derive(&[&self.seed, what.as_bytes()])
    }
}

/// Builds the production image; on error nothing is left in the output directory. No
/// update keys are baked into it (its update agent refuses every update): see
/// [`build_with`].
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    build_with(opts, &[], |_| Ok(()))
}

/// Like [`build`], with `finish` run on the complete staging directory (the summary's
/// paths point into it) before it is moved into place: release files written there
/// appear together with the image, and a failing `finish` leaves nothing behind. A
/// `finish` that digests the image may fill `image_sha256`, which saves a second pass
/// over the disk; otherwise the pipeline hashes it.
///
/// `update_keys` are written into /usr as [`UPDATE_KEYS_DIR`]`/<keyid>.pub` (in key id
/// order, duplicates dropped): the keys whose signatures the image's update agent accepts.
pub fn build_with(opts: &BuildOptions, update_keys: &[UpdateKey], finish: impl FnOnce(&mut BuildSummary) -> Result<()>) -> Result<BuildSummary> {
    let t0 = std::time::Instant::now();
    let update_keys = normalize_update_keys(update_keys)?;
    let board = Board::load(&opts.root, &opts.board)?;
    let layout = match &opts.layout_file {
        Some(p) => Layout::load(p)?,
        None => board.layout()?,
    };
    let version = opts.version.clone().unwrap_or_else(|| board.os.version.clone());
    // names the output directory and files; written into the loader entry and os-release
    railyard_core::board::check_version("--version", &version).context("invalid --version")?;
    let epoch = repo::source_date_epoch(&opts.root)?;
    let usr_kind = UsrFs::parse(opts.usr_fs.as_deref().unwrap_or(&board.board.usr_fs))?;
    let board_dir = opts.output_root.join(&board.board.name);
    let _lock = if holds_output_lock(&opts.output_root, &board.board.name) {
        None
    } else {
        Some(lock_output(&opts.output_root, &board.board.name)?)
    };
    let final_dir = board_dir.join(&version);
    let staging = board_dir.join(format!(".{version}.partial"));
    let work = board_dir.join(format!(".{version}.work"));
    reclaim_leftovers(&board_dir)?;
    // registered before they exist: an interruption in between removes them too
    let _cleanup = railyard_core::cleanup::register(&[&staging, &work]);
    for d in [&staging, &work] {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    let mut seed = Sha256::new();
    for part in [board.board.name.as_str(), board.os.id.as_str(), version.as_str(), opts.disk_layout.as_str()] {
        seed.update((part.len() as u64).to_le_bytes());
        seed.update(part.as_bytes());
    }
    let ctx = Ctx {
        prefix: board.image_prefix(),
        board,
        layout,
        version,
        epoch,
        seed: seed.finalize().to_vec(),
        work: work.clone(),
        staging: staging.clone(),
        update_keys,
    };
    let result = run(&ctx, opts, usr_kind).and_then(|mut s| {
        finish(&mut s)?;
        if s.image_sha256.is_empty() && opts.digest_image {
            s.image_sha256 = crate::sha256_file(&s.image)?;
        }
        Ok(s)
    });
    match result {
        Ok(mut summary) => {
            if final_dir.exists() {
                std::fs::remove_dir_all(&final_dir).with_context(|| format!("replacing {}", final_dir.display()))?;
            }
            std::fs::rename(&staging, &final_dir).with_context(|| format!("moving the build into {}", final_dir.display()))?;
            let latest = board_dir.join("latest");
            let _ = std::fs::remove_file(&latest);
            std::os::unix::fs::symlink(&ctx.version, &latest).with_context(|| format!("linking {}", latest.display()))?;
            if !opts.keep_work {
                let _ = std::fs::remove_dir_all(&work);
            }
            summary.output_dir = final_dir.clone();
            summary.image = final_dir.join(format!("{}.bin", ctx.prefix));
            summary.seconds = t0.elapsed().as_secs_f64();
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            if opts.keep_work {
                Err(e.context(format!("build_image for {} failed (work files kept in {})", ctx.board.board.name, work.display())))
            } else {
                let _ = std::fs::remove_dir_all(&work);
                Err(e.context(format!("build_image for {} failed", ctx.board.board.name)))
            }
        }
    }
}

/// An exclusive lock on `<output_root>/<board>` (`.build.lock`, holding the owner's pid),
/// released when dropped: one `build_image` at a time writes there.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    dir: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if let Ok(mut held) = held_locks().lock() {
            held.remove(&self.dir);
        }
    }
}

fn held_locks() -> &'static std::sync::Mutex<std::collections::BTreeSet<PathBuf>> {
    static HELD: std::sync::OnceLock<std::sync::Mutex<std::collections::BTreeSet<PathBuf>>> = std::sync::OnceLock::new();
    HELD.get_or_init(Default::default)
}

fn holds_output_lock(output_root: &Path, board: &str) -> bool {
    held_locks().lock().is_ok_and(|h| h.contains(&output_root.join(board)))
}

/// Takes the lock on `<output_root>/<board>` at once or fails naming the process that
/// holds it. [`build_with`] takes it itself unless this process already holds it (a
/// caller that prepares inputs first takes it before that work).
pub fn lock_output(output_root: &Path, board: &str) -> Result<OutputLock> {
    use std::io::{Read, Seek, Write};
    let dir = output_root.join(board);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(".build.lock");
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    if let Err(e) = rustix::fs::flock(&f, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        if e == rustix::io::Errno::WOULDBLOCK {
            let mut who = String::new();
            let _ = f.read_to_string(&mut who);
            bail!(
                "another build_image (pid {}) is writing into {}: wait for it to finish or use another --output_root (lock {})",
                who.trim(),
                dir.display(),
                path.display()
            );
        }
        return Err(std::io::Error::from(e)).with_context(|| format!("locking {}", path.display()));
    }
    f.set_len(0)?;
    f.rewind()?;
    writeln!(f, "{}", std::process::id())?;
    held_locks().lock().map_err(|_| anyhow::anyhow!("lock registry poisoned"))?.insert(dir.clone());
    Ok(OutputLock { _file: f, dir })
}

/// Removes the staging (`.<version>.partial`) and work (`.<version>.work`) directories
/// that runs which died (killed, power loss) left in `board_dir`. Called with the output
/// lock held, so no live run owns them.
fn reclaim_leftovers(board_dir: &Path) -> Result<()> {
    let Ok(rd) = std::fs::read_dir(board_dir) else { return Ok(()) };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && (name.ends_with(".partial") || name.ends_with(".work")) {
            let p = e.path();
            std::fs::remove_dir_all(&p).with_context(|| format!("removing leftovers of an earlier run in {}", p.display()))?;
        }
    }
    Ok(())
}

fn run(ctx: &Ctx, opts: &BuildOptions, usr_kind: UsrFs) -> Result<BuildSummary> {
    let board = &ctx.board;
    let arch = board.board.arch.as_str();
    let sysexts = read_sysexts(&opts.sysexts)?;

    let disk = {
        let _s = Stage::start(format!("planning the disk ({} layout {})", opts.disk_layout, ctx.layout.path().display()));
        let d = ctx.layout.plan(&opts.disk_layout, arch, &ctx.seed)?;
        for role in [Role::Esp, Role::UsrA, Role::Root] {
            if d.by_role(role).is_none() {
                bail!("disk layout {} has no partition with role {role:?}", ctx.layout.path().display());
            }
        }
        d
    };

    let (inst, kernel) = {
        let _s = Stage::start("reading the image root");
        let inst = match &opts.source {
            RootSource::Dir(d) => InstalledRoot::open(d)?,
        };
        let kernel = inst.read(&inst.vmlinuz)?;
        (inst, kernel)
    };
    let kver = inst.kernel_version.clone();

    let usr_part = disk.by_role(Role::UsrA).expect("checked");
    let bin_tmp = ctx.work.join("disk.bin");
    let disk_file = File::options().read(true).write(true).create(true).truncate(true).open(&bin_tmp)?;
    disk_file.set_len(disk.size)?;
    // The packaged initramfs is read (and listed), and ROOT and OEM are written, on another
    // thread while /usr is built: none depends on the others, they write other parts of the
    // disk file, and mkfs.erofs uses one core.
    let (usr_built, initramfs_read) = std::thread::scope(|sc| {
        let initramfs = sc.spawn(|| -> Result<_> {
            let read = {
                let _s = Stage::start("reading the packaged initramfs");
                packaged_initramfs(&inst, &ctx.work.join("initrd.zst"))?
            };
            let root_tree = {
                let _s = Stage::start("writing ROOT and OEM (ext4)");
                let root = disk.by_role(Role::Root).expect("checked");
                let t = stage_root_installed(ctx, &inst)?;
                for e in &sysexts {
                    let dir = format!("/usr/share/{}/sysext", board.os.id);
                    t.symlink(&format!("{dir}/{}.raw", e.name), &format!("etc/extensions/{}.raw", e.name))?;
                    t.symlink(&format!("{dir}/{}.{}", e.name, e.sidecar), &format!("etc/extensions/{}.{}", e.name, e.sidecar))?;
                }
                let label = root.fs_label.clone().unwrap_or_else(|| "ROOT".into());
                fs::make_ext4(&bin_tmp, root.start, root.size, &label, &ctx.guid("root-fs").to_string(), &t, &ctx.work, ctx.epoch)?;
                if let Some(oem) = disk.by_role(Role::Oem) {
                    let o = Tree::create(&ctx.work.join("oem"))?;
                    let label = oem.fs_label.clone().unwrap_or_else(|| "OEM".into());
                    fs::make_ext4(&bin_tmp, oem.start, oem.size, &label, &ctx.guid("oem-fs").to_string(), &o, &ctx.work, ctx.epoch)?;
                }
                t
            };
            Ok((read, root_tree))
        });
        let usr = (|| -> Result<_> {
                let _s = Stage::start(format!("building /usr ({})", usr_kind.name()));
                let t = stage_usr_installed(ctx, &inst)?;
                for e in &sysexts {
                    let dir = format!("usr/share/{}/sysext", board.os.id);
                    t.copy(&e.source, &format!("{dir}/{}.raw", e.name), 0o644)?;
                    t.write(&format!("{dir}/{}.{}", e.name, e.sidecar), format!("{}\n", e.root_hash).as_bytes(), 0o644)?;
                }
                let img = ctx.work.join("usr.img");
                let bytes = fs::make_usr_image(usr_kind, &t.root().join("usr"), &img, ctx.epoch, &ctx.guid("usr-fs").to_string())?;
                let data_blocks = verity::max_data_blocks(usr_part.size);
                if bytes > data_blocks * verity::BLOCK {
                    bail!(
                        "the /usr image ({:.1} MiB, {} bytes) does not fit in {} (partition {}, {} MiB, of which {:.1} MiB hold data and the rest the verity tree); enlarge it in {}",
                        bytes as f64 / 1048576.0,
                        bytes,
                        usr_part.label,
                        usr_part.num,
                        usr_part.size >> 20,
                        (data_blocks * verity::BLOCK) as f64 / 1048576.0,
                        ctx.layout.path().display()
                    );
                }
            Ok((t, img, bytes))
        })();
        (usr, initramfs.join().map_err(|_| anyhow::anyhow!("the initramfs thread panicked")))
    });
    let (usr_tree, usr_img, usr_bytes) = usr_built?;
    let ((initrd, initrd_listing), root_tree) = initramfs_read??;


    let verity = {
        let _s = Stage::start("writing USR-A and its dm-verity tree");
        fs::copy_into(&disk_file, &usr_img, usr_part.start, usr_part.size)?;
        let digest = crate::sha256_file(&usr_img)?;
        let salt = Sha256::new().chain_update(b"railyard-verity-salt").chain_update(digest.as_bytes()).finalize().to_vec();
        let params = verity::Params {
            data_blocks: verity::max_data_blocks(usr_part.size),
            salt,
            uuid: Guid::derive(&[&ctx.seed, b"verity", digest.as_bytes()]),
        };
        verity::format(&disk_file, usr_part.start, &params, 0).context("computing the dm-verity tree")?
    };

    let cmdline = kernel_cmdline(ctx, &disk, usr_kind, &verity, opts.autologin);

    // one unified kernel image per USR slot; USR-A's goes onto the ESP, USR-B's is an output
    // (an update installs it next to A's)
    let (uki_a, uki_b) = {
        let _s = Stage::start("assembling the unified kernel images");
        let stub_path = format!("/usr/lib/systemd/boot/efi/{}", board.board.uki_stub);
        let stub = inst.read(&stub_path).with_context(|| format!("no EFI stub ({}) in the image root: sys-boot/systemd-boot-bin must be installed", board.board.uki_stub))?;
        let initrd_bytes = std::fs::read(ctx.work.join("initrd.zst"))?;
        let osrel = os_release(ctx);
        let a = crate::uki::assemble(&stub, &stub_path, &osrel, &cmdline, &kernel, &initrd_bytes)?;
        let b = match disk.by_role(Role::UsrB) {
            Some(_) => Some(crate::uki::assemble(&stub, &stub_path, &osrel, &kernel_cmdline_for(ctx, &disk, usr_kind, &verity, opts.autologin, disk.by_role(Role::UsrB).expect("matched")), &kernel, &initrd_bytes)?),
            None => None,
        };
        (a, b)
    };
    // read through the image root's handle: links inside the root only
    let selector = inst
        .read(&format!("/usr/lib/railyard/selector/{}", board.board.selector))
        .with_context(|| format!("no boot selector ({}) in the image root: railyard-base/railyard-ab must be installed", board.board.selector))?;

    // Secure Boot: every EFI binary the ESP gets (and the payload carries) is signed before
    // it is written anywhere; the kernel inside a kernel image needs no signature of its own
    // (the stub starts it from its own verified image)
    let (selector, uki_a, uki_b, secure_boot) = match &opts.secure_boot {
        None => (selector, uki_a, uki_b, None),
        Some(SecureBootSigner(signer)) => {
            let _s = Stage::start(format!("signing the boot selector and kernel images for Secure Boot ({})", signer.subject()));
            let sel_path = format!("EFI/BOOT/{}", board.board.efi_boot_file);
            let a_path = crate::uki::esp_path(&usr_part.label);
            let mut signed = vec![sel_path.clone(), a_path.clone()];
            let selector = signer.sign(&selector, &sel_path)?;
            let uki_a = signer.sign(&uki_a, &a_path)?;
            let uki_b = match (uki_b, disk.by_role(Role::UsrB)) {
                (Some(b), Some(p)) => {
                    let path = crate::uki::esp_path(&p.label);
                    let b = signer.sign(&b, &path)?;
                    signed.push(path);
                    Some(b)
                }
                (b, _) => b,
            };
            let summary = SecureBootSummary {
                subject: signer.subject(),
                cert_sha256: signer.cert_sha256(),
                cert_file: format!("{}{SECURE_BOOT_CERT_SUFFIX}", ctx.prefix),
                signed,
            };
            (selector, uki_a, uki_b, Some(summary))
        }
    };

    // The update payload (hashing the whole USR-A partition, the longest stage after /usr)
    // is written on another thread while the ESP, ROOT, OEM and the partition table are
    // written: they write other parts of the disk file than the USR-A partition it reads.
    let (image_sha256, update) = std::thread::scope(|sc| -> Result<_> {
        let payload = sc.spawn(|| -> Result<_> {
            let _s = Stage::start("writing the update payload");
            let mut ukis: Vec<(&str, &[u8])> = vec![(usr_part.label.as_str(), &uki_a[..])];
            if let (Some(b), Some(p)) = (&uki_b, disk.by_role(Role::UsrB)) {
                ukis.push((p.label.as_str(), &b[..]));
            }
            write_update(ctx, &disk, &bin_tmp, &kernel, usr_kind, usr_bytes, &verity, opts.autologin, &ukis)
        });
        let rest = (|| -> Result<String> {
            {
                let _s = Stage::start("writing the EFI system partition");
                let esp = disk.by_role(Role::Esp).expect("checked");
                let t = Tree::create(&ctx.work.join("esp"))?;
                t.write(&format!("EFI/BOOT/{}", board.board.efi_boot_file), &selector, 0o644)?;
                t.write(&crate::uki::esp_path(&usr_part.label), &uki_a, 0o644)?;
                // The first-boot flag: the initramfs runs Ignition while it exists and removes it
                // once provisioning succeeded (Flatcar's /boot/flatcar/first_boot). Never in the
                // update payload: an update does not provision the machine again.
                t.write(FIRST_BOOT_FLAG, b"", 0o644)?;
                let vol = u32::from_le_bytes(ctx.guid("esp-volume-id").0[..4].try_into().expect("4 bytes"));
                let label = esp.fs_label.clone().unwrap_or_else(|| "EFI-SYSTEM".into());
                fs::make_esp(&bin_tmp, esp.start, esp.size, &label, vol, &t, ctx.epoch)?;
            }

            {
                let _s = Stage::start("writing the partition table");
                let mut f = File::options().read(true).write(true).open(&bin_tmp)?;
                gpt::write(&mut f, &disk).with_context(|| format!("writing the GPT of {}", bin_tmp.display()))?;
                f.sync_all()?;
            }

            // the finished disk's digest, while the payload is still being written
            if !opts.digest_image {
                return Ok(String::new());
            }
            let _s = Stage::start("hashing the disk image (SHA-256)");
            crate::sha256_file(&bin_tmp)
        })();
        let update = payload.join().map_err(|_| anyhow::anyhow!("the update payload thread panicked"))?;
        Ok((rest?, update?))
    })?;

    let _s = Stage::start("writing reports");
    let out_dir = Dir::open(&ctx.staging).with_context(|| format!("opening {}", ctx.staging.display()))?;
    let mut files = Vec::new();
    let mut put = |suffix: &str, data: &[u8]| -> Result<()> {
        let p = ctx.out(suffix);
        write_output(&out_dir, &p, data)?;
        files.push(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        Ok(())
    };
    put("_verity.txt", format!("{}\n", verity.root_hash).as_bytes())?;
    let mut contents = tree::contents_listing(&root_tree, "", ctx.epoch)?;
    contents.push_str(&tree::contents_listing(&usr_tree, "", ctx.epoch)?);
    put("_contents.txt", contents.as_bytes())?;
    put("_initrd_contents.txt", initrd_listing.as_bytes())?;
    put(".vmlinuz", &kernel)?;
    put("_kernel_cmdline.txt", format!("{cmdline}\n").as_bytes())?;
    put(&format!("_{}.efi", usr_part.label.to_lowercase()), &uki_a)?;
    if let (Some(b), Some(p)) = (&uki_b, disk.by_role(Role::UsrB)) {
        put(&format!("_{}.efi", p.label.to_lowercase()), b)?;
    }
    if let Some(SecureBootSigner(signer)) = &opts.secure_boot {
        put(SECURE_BOOT_CERT_SUFFIX, railyard_secureboot::cert_pem(signer.cert_der()).as_bytes())?;
    }
    let installed = inst.packages;
    if installed.is_empty() {
        bail!("the image root has no installed packages (no var/db/pkg): install the board's packages into it");
    }
    let pk: String = installed.iter().map(|p| format!("{}\n", p.cpf())).collect();
    put("_packages.txt", pk.as_bytes())?;
    put("_licenses.json", installed::licenses_json(&installed).as_bytes())?;
    let up = ctx.board.os.id.to_uppercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let mut parts = ctx.version.split(['.', '+', '-']);
    let (b, br, pa) = (parts.next().unwrap_or("0"), parts.next().unwrap_or("0"), parts.next().unwrap_or("0"));
    let vt = format!(
        "{up}_BUILD={b}\n{up}_BRANCH={br}\n{up}_PATCH={pa}\n{up}_VERSION={v}\n{up}_VERSION_ID={v}\n{up}_BUILD_ID=\"\"\n{up}_SDK_VERSION={sdk}\n",
        v = ctx.version,
        sdk = env!("CARGO_PKG_VERSION")
    );
    write_output(&out_dir, &ctx.staging.join("version.txt"), vt.as_bytes())?;
    files.push("version.txt".into());
    files.push(update.payload.clone());
    files.push(update.manifest_file.clone());
    let image = ctx.out(".bin");
    std::fs::rename(&bin_tmp, &image)?;
    files.push(format!("{}.bin", ctx.prefix));
    files.sort();
    Ok(BuildSummary {
        board: board.board.name.clone(),
        version: ctx.version.clone(),
        source_date_epoch: ctx.epoch,
        output_dir: ctx.staging.clone(),
        image,
        image_sha256,
        disk_layout: opts.disk_layout.clone(),
        disk,
        usr_fs: usr_kind,
        usr_fs_bytes: usr_bytes,
        verity,
        kernel_version: kver,
        autologin: opts.autologin,
        sysexts,
        update_keys: ctx.update_keys.clone(),
        secure_boot,
        kernel_cmdline: cmdline,
        initramfs: initrd,
        files,
        installed,
        seconds: 0.0,
        update: Some(update),
    })
}

/// Writes the update payload (`usr`: the bytes at the start of USR-A up to the end of the
/// verity tree; `vmlinuz`; `initrd` as put on the ESP) through a temporary name into the
/// staging directory, and its manifest in an unsigned DSSE envelope.
#[allow(clippy::too_many_arguments)]
fn write_update(
    ctx: &Ctx,
    disk: &PlannedDisk,
    image: &Path,
    kernel: &[u8],
    usr: UsrFs,
    usr_bytes: u64,
    v: &verity::Verity,
    autologin: bool,
    ukis: &[(&str, &[u8])],
) -> Result<UpdateFiles> {
    use railyard_update_format as uf;
    use std::io::{Seek, SeekFrom};
    let usr_part = disk.by_role(Role::UsrA).expect("checked");
    let usr_size = v.hash_blocks.checked_mul(verity::BLOCK).and_then(|t| t.checked_add(v.hash_offset)).filter(|&n| n <= usr_part.size);
    let Some(usr_size) = usr_size else {
        bail!("the verity tree of {} ends beyond the partition ({} bytes)", usr_part.label, usr_part.size);
    };
    let os = &ctx.board.os.id;
    let (payload_name, manifest_name) = (uf::payload_file_name(os), uf::manifest_file_name(os));
    let tmp = ctx.work.join("update.bin");
    let initrd_path = ctx.work.join("initrd.zst");
    let blobs = (|| -> Result<Vec<uf::Blob>> {
        let out = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut w = uf::PayloadWriter::new(out);
        let mut disk_file = File::open(image).with_context(|| format!("opening {}", image.display()))?;
        disk_file.seek(SeekFrom::Start(usr_part.start))?;
        w.add_blob("usr", &mut std::io::Read::take(disk_file, usr_size), usr_size)?;
        w.add_blob("vmlinuz", &mut &kernel[..], kernel.len() as u64)?;
        let initrd = File::open(&initrd_path).with_context(|| format!("opening {}", initrd_path.display()))?;
        let initrd_len = initrd.metadata()?.len();
        w.add_blob("initrd", &mut std::io::BufReader::new(initrd), initrd_len)?;
        // each slot's unified kernel image, blob `uki-<label>` (the agent installs it as EFI/Linux/<label>.efi)
        for (label, data) in ukis {
            w.add_blob(&format!("uki-{}", label.to_lowercase()), &mut &data[..], data.len() as u64)?;
        }
        let (out, blobs) = w.finish()?;
        out.sync_all()?;
        Ok(blobs)
    })()
    .with_context(|| format!("writing the update payload {}", tmp.display()))?;
    // a slot the /usr image does not fit in is not listed (the agent cannot install there)
    let slots = [Role::UsrA, Role::UsrB]
        .into_iter()
        .filter_map(|r| disk.by_role(r))
        .filter(|p| p.size >= usr_size)
        .map(|p| uf::Slot {
            label: p.label.clone(),
            partuuid: p.uuid.to_string(),
            cmdline: kernel_cmdline_for(ctx, disk, usr, v, autologin, p),
        })
        .collect();
    let manifest = uf::Manifest {
        format: uf::FORMAT,
        os: os.clone(),
        version: ctx.version.clone(),
        board: ctx.board.board.name.clone(),
        arch: ctx.board.board.arch.clone(),
        created: ctx.epoch,
        usr: uf::UsrImage {
            fs_type: usr.name().to_string(),
            fs_bytes: usr_bytes,
            root_hash: v.root_hash.clone(),
            hash_algorithm: "sha256".into(),
            data_block_size: verity::BLOCK,
            hash_block_size: verity::BLOCK,
            data_blocks: v.data_blocks,
            hash_offset: v.hash_offset,
            hash_blocks: v.hash_blocks,
            salt: (!v.salt.is_empty()).then(|| v.salt.clone()),
        },
        slots,
        blobs,
    };
    let envelope = uf::sign_manifest(&manifest, &[]).context("the update manifest")?.to_json()?;
    let out_dir = Dir::open(&ctx.staging).with_context(|| format!("opening {}", ctx.staging.display()))?;
    write_output(&out_dir, &ctx.staging.join(&manifest_name), &envelope)?;
    let dst = ctx.staging.join(&payload_name);
    std::fs::rename(&tmp, &dst).with_context(|| format!("moving {} to {}", tmp.display(), dst.display()))?;
    Ok(UpdateFiles { payload: payload_name, manifest_file: manifest_name, manifest })
}

/// Writes a new file of the output directory through its handle: a link found there (the
/// directory is shared with other runs and tools) is replaced, never written through.
fn write_output(out_dir: &Dir, p: &Path, data: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let _ = out_dir.remove_file(&name, railyard_core::beneath::Links::No);
    out_dir
        .create_new(&name, 0o666, railyard_core::beneath::Links::No)
        .and_then(|mut f| f.write_all(data))
        .with_context(|| format!("writing {}", p.display()))
}

fn kernel_cmdline(ctx: &Ctx, disk: &PlannedDisk, usr: UsrFs, v: &verity::Verity, autologin: bool) -> String {
    kernel_cmdline_for(ctx, disk, usr, v, autologin, disk.by_role(Role::UsrA).expect("checked"))
}

/// The command line that boots /usr from `usr_part` (a USR slot).
fn kernel_cmdline_for(ctx: &Ctx, disk: &PlannedDisk, usr: UsrFs, v: &verity::Verity, autologin: bool, usr_part: &railyard_disk::layout::PartitionPlan) -> String {
    let root_label = disk.by_role(Role::Root).and_then(|p| p.fs_label.clone()).unwrap_or_else(|| "ROOT".into());
    let mut args = ctx.board.kernel.cmdline.clone();
    args.extend([
        format!("root=LABEL={root_label}"),
        "rootflags=rw".into(),
        "mount.usr=/dev/mapper/usr".into(),
        "mount.usrflags=ro".into(),
        format!("mount.usrfstype={}", usr.name()),
        format!("verity.usr=PARTUUID={}", usr_part.uuid),
        format!("verity.usrhash={}", v.root_hash),
        format!("verity.usrhashoffset={}", v.hash_offset),
    ]);
    if autologin {
        args.push("railyard.autologin".into());
    }
    args.join(" ")
}

fn os_release(ctx: &Ctx) -> String {
    let o = &ctx.board.os;
    let mut s = format!(
        "NAME=\"{n}\"\nID={id}\nVERSION={v}\nVERSION_ID={v}\nPRETTY_NAME=\"{n} {v}\"\nANSI_COLOR=\"38;5;75\"\n",
        n = o.name,
        id = o.id,
        v = ctx.version
    );
    if let Some(u) = &o.home_url {
        s.push_str(&format!("HOME_URL=\"{u}\"\n"));
    }
    s.push_str(&format!("{}_BOARD={}\n", o.id.to_uppercase().replace('-', "_"), ctx.board.board.name));
    s
}

/// /usr of an installed root, with every mode as installed, plus `usr/lib/os-release`
/// for this image version and the trusted update keys.
fn stage_usr_installed(ctx: &Ctx, root: &InstalledRoot) -> Result<Tree> {
    let t = Tree::create(&ctx.work.join("usr-root"))?;
    let src = Dir::open(&root.dir).with_context(|| format!("opening the image root {}", root.dir.display()))?;
    t.copy_tree_exact_from(&src, "usr", "usr", &|_| false)?;
    t.write("usr/lib/os-release", os_release(ctx).as_bytes(), 0o644)?;
    // trusted update keys come only from what the build was given (board, flags, signing
    // key): one a package put there would be trusted without being recorded
    if src.lstat(UPDATE_KEYS_DIR, railyard_core::beneath::Links::No).is_ok() {
        let shipped = src.read_dir(UPDATE_KEYS_DIR, railyard_core::beneath::Links::No).map(|v| v.into_iter().map(|(n, _)| n).collect::<Vec<_>>());
        match shipped {
            Ok(v) if v.is_empty() => {}
            Ok(v) => bail!(
                "the image root already has /{UPDATE_KEYS_DIR} ({}): trusted update keys come only from the board's [update] keys, --update_key or the signing key, never from packages",
                v.join(", ")
            ),
            Err(_) => bail!("the image root has /{UPDATE_KEYS_DIR} but not as a directory: it is where build_image writes the trusted update keys"),
        }
    }
    write_update_keys(&t, &ctx.update_keys)?;
    Ok(t)
}

/// Writes `keys` (normalized) into [`UPDATE_KEYS_DIR`] of the staged tree, mode 0644 each
/// (nothing without keys).
fn write_update_keys(t: &Tree, keys: &[UpdateKey]) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    t.dir(UPDATE_KEYS_DIR)?;
    for k in keys {
        t.write(&format!("{UPDATE_KEYS_DIR}/{}", k.file_name()), k.text.as_bytes(), 0o644)?;
    }
    Ok(())
}

/// Everything of an installed root but /usr (an empty mount point there) and Portage's
/// cache `var/cache/edb`: /etc, /var (with the package database), top-level links, ...
fn stage_root_installed(ctx: &Ctx, root: &InstalledRoot) -> Result<Tree> {
    let t = Tree::create(&ctx.work.join("root"))?;
    let src = Dir::open(&root.dir).with_context(|| format!("opening the image root {}", root.dir.display()))?;
    t.copy_tree_exact_from(&src, "", "", &|p| p == "usr" || p == "var/cache/edb")?;
    t.dir("usr")?;
    if !t.exists("etc/os-release") {
        t.symlink("../usr/lib/os-release", "etc/os-release")?;
    }
    Ok(t)
}

/// The packaged initramfs (`/usr/lib/modules/<version>/initramfs.img`, zstd or plain newc)
/// copied to `out` as it is, with its facts and its member listing.
/// The largest uncompressed initramfs accepted from a package.
const INITRAMFS_LIMIT: u64 = 1 << 30;

fn packaged_initramfs(root: &InstalledRoot, out: &Path) -> Result<(initramfs::Initramfs, String)> {
    let shown = root.shown(&root.initramfs);
    let packed = root.read(&root.initramfs)?;
    let raw = if packed.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        // bounded: a crafted package must not fill memory with a zstd bomb
        let mut raw = Vec::new();
        let mut d = zstd::stream::Decoder::new(&packed[..]).with_context(|| format!("decompressing {} (zstd)", shown))?;
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut d, INITRAMFS_LIMIT + 1), &mut raw)
            .with_context(|| format!("decompressing {} (zstd)", shown))?;
        if raw.len() as u64 > INITRAMFS_LIMIT {
            bail!("{}: the initramfs decompresses to more than {} MiB, the limit for an initramfs", shown, INITRAMFS_LIMIT >> 20);
        }
        raw
    } else if packed.starts_with(b"07070") {
        packed.clone()
    } else {
        bail!("{}: the initramfs is neither zstd-compressed nor a newc cpio archive", shown);
    };
    let members = cpio::read_newc(&raw).with_context(|| format!("reading the cpio archive {}", shown))?;
    if !members.iter().any(|m| m.name == "init" && m.kind() == 0o100000 && m.mode & 0o111 != 0) {
        bail!("{}: the initramfs has no executable /init", shown);
    }
    let modules = match members.iter().find(|m| m.name == "usr/lib/modules/initramfs/load-order") {
        Some(m) => String::from_utf8_lossy(&m.data).split_whitespace().map(str::to_string).collect(),
        None => members
            .iter()
            .filter_map(|m| m.name.rsplit('/').next().and_then(|n| n.strip_suffix(".ko")).map(str::to_string))
            .collect(),
    };
    std::fs::write(out, &packed).with_context(|| format!("copying {} to {}", shown, out.display()))?;
    Ok((initramfs::Initramfs { size: packed.len() as u64, modules }, cpio::contents_listing(&members)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> UpdateKey {
        let public_key = hex::encode([b; 32]);
        UpdateKey {
            keyid: hex::encode(Sha256::digest([b; 32])),
            text: format!("# test key\nrailyard-ed25519-public {public_key}\n"),
            public_key,
        }
    }

    #[test]
    fn update_keys_are_sorted_deduplicated_and_checked() {
        let (a, b, c) = (key(1), key(2), key(3));
        let mut want = vec![a.clone(), b.clone(), c.clone()];
        want.sort_by(|x, y| x.keyid.cmp(&y.keyid));
        let got = normalize_update_keys(&[c.clone(), a.clone(), b.clone(), a.clone(), c.clone()]).unwrap();
        assert_eq!(got, want);
        assert_eq!(normalize_update_keys(&[b.clone(), c.clone(), a.clone()]).unwrap(), want);
        assert!(normalize_update_keys(&[]).unwrap().is_empty());
        // a key id names a file: nothing but 64 hex digits
        let mut bad = a.clone();
        bad.keyid = "../../etc/passwd".into();
        assert!(format!("{:#}", normalize_update_keys(&[bad]).unwrap_err()).contains("64 lower-case hex digits"));
        let mut other = a.clone();
        other.text.push_str("# changed\n");
        assert!(format!("{:#}", normalize_update_keys(&[a.clone(), other]).unwrap_err()).contains("twice"));
        let mut wrong = a.clone();
        wrong.text = b.text.clone();
        assert!(normalize_update_keys(&[wrong]).is_err());
    }

    #[test]
    fn update_keys_are_written_with_mode_0644_and_nothing_without_keys() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let t = Tree::create(&d.path().join("t")).unwrap();
        t.dir("usr/share").unwrap();
        write_update_keys(&t, &[]).unwrap();
        assert!(!t.exists(UPDATE_KEYS_DIR));
        let keys = normalize_update_keys(&[key(2), key(1)]).unwrap();
        write_update_keys(&t, &keys).unwrap();
        let listed: Vec<String> = t.list().unwrap().into_iter().filter(|e| e.rel.starts_with(UPDATE_KEYS_DIR)).map(|e| format!("{} {:o}", e.rel, e.mode)).collect();
        let mut want = vec![format!("{UPDATE_KEYS_DIR} 755")];
        want.extend(keys.iter().map(|k| format!("{UPDATE_KEYS_DIR}/{}.pub 644", k.keyid)));
        assert_eq!(listed, want);
        for k in &keys {
            let p = t.root().join(UPDATE_KEYS_DIR).join(k.file_name());
            assert_eq!(std::fs::read_to_string(&p).unwrap(), k.text);
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o7777, 0o644);
        }
    }
}
