//! `railyard image_to_vm`: turn a production image into VM and cloud formats (issue 5).
//!
//! Every format is data: `image-formats/<format>.toml` names the disk layout variant, the
//! disk writers, the OEM files, extra kernel arguments and the templates. One run:
//!
//! 1. loads and checks every requested format file (an unknown format fails before any work);
//! 2. opens the base image, reads its GPT back (`railyard_disk::gpt::read`) and plans each
//!    format's disk from the board's layout variant (partition GUIDs, types, attributes and
//!    names are kept from the base; the variant decides sizes, so ROOT grows — the ext4 inside
//!    keeps its size and is grown on first boot);
//! 3. reads the base image's data extents ONCE and writes them into every per-format raw disk
//!    at the mapped offsets (holes are never read or written);
//! 4. per format: OEM files into the OEM ext4 (debugfs), kernel arguments appended to the
//!    loader entry in the ESP (mtools; the verity hash stays), the GPT for the variant;
//! 5. the writers (`railyard_vm`: qcow2, fixed VHD, streamOptimized VMDK, OVA; raw; pxe), the
//!    companions (firmware + launcher, AWS JSON, PXE kernel/initramfs/command line) and the
//!    compressed copies.
//!
//! Everything is written into a private staging directory inside the output directory and
//! renamed into place only when every format succeeded; on failure the staging directory is
//! removed, so no partial file is left. Outputs are byte-identical across runs: times come
//! from SOURCE_DATE_EPOCH if set, otherwise from the base image itself (the ROOT ext4's
//! creation time, which `build_image` sets to its SOURCE_DATE_EPOCH), so the outputs depend
//! only on the base image, the format files and the tool versions — not on the checkout.

use anyhow::{bail, Context, Result};
use railyard_core::{Board, Cmd};
use railyard_disk::layout::Role;
use railyard_disk::{gpt, Layout, PlannedDisk};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{FileExt, PermissionsExt};
use std::path::{Path, PathBuf};
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
    /// Sign the updated provenance with this ed25519 key file (else $RAILYARD_SIGNING_KEY).
    #[arg(long = "signing_key", value_name = "FILE")]
    signing_key: Option<PathBuf>,
}

// ---------------------------------------------------------------------------------------
// Format files

/// A disk writer named in a format file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Writer {
    Qcow2,
    VhdFixed,
    Raw,
    VmdkStream,
    Ova,
    Pxe,
}

impl Writer {
    fn key(self) -> &'static str {
        match self {
            Writer::Qcow2 => "qcow2",
            Writer::VhdFixed => "vhd_fixed",
            Writer::Raw => "raw",
            Writer::VmdkStream => "vmdk_stream",
            Writer::Ova => "ova",
            Writer::Pxe => "pxe",
        }
    }
    fn default_extension(self) -> &'static str {
        match self {
            Writer::Qcow2 => "qcow2",
            Writer::VhdFixed => "vhd",
            Writer::Raw => "bin",
            Writer::VmdkStream => "vmdk",
            Writer::Ova => "ova",
            Writer::Pxe => "cpio.gz",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OemSpec {
    id: String,
    name: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QemuSpec {
    launcher: PathBuf,
    #[serde(default = "default_memory")]
    memory_mib: u64,
    #[serde(default = "default_ssh_port")]
    ssh_port: u16,
}

fn default_memory() -> u64 {
    2048
}
fn default_ssh_port() -> u16 {
    2222
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OvaSpec {
    template: PathBuf,
    cpus: u32,
    memory_mib: u64,
    firmware_efi: bool,
    nic: String,
    os_type: String,
    virtual_hw: String,
    disk_controller: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
struct AwsSpec {
    boot_mode: String,
    ena_support: bool,
    sriov_net_support: String,
    virtualization_type: String,
    root_device_name: String,
    volume_type: String,
    imds_support: String,
}

/// Upper bounds for memory sizes (MiB, 4 TiB) and CPU counts in format files.
const MAX_VM_MEMORY_MIB: u64 = 4 << 20;
const MAX_VM_CPUS: u64 = 1024;

/// Template steps allowed per rendering (minijinja fuel): real templates use a few
/// thousand; a runaway loop stops with an error instead of hanging.
const TEMPLATE_FUEL: u64 = 5_000_000;

/// One `image-formats/<name>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatSpec {
    description: String,
    #[serde(default)]
    layout: Option<String>,
    writers: Vec<Writer>,
    #[serde(default)]
    extensions: BTreeMap<String, String>,
    #[serde(default)]
    compression: Vec<String>,
    #[serde(default)]
    kernel_args: Vec<String>,
    #[serde(default)]
    oem: Option<OemSpec>,
    #[serde(default)]
    qemu: Option<QemuSpec>,
    #[serde(default)]
    ova: Option<OvaSpec>,
    #[serde(default)]
    aws: Option<AwsSpec>,
    #[serde(skip)]
    name: String,
    #[serde(skip)]
    file: PathBuf,
    #[serde(skip)]
    dir: PathBuf,
}

impl FormatSpec {
    fn load(dir: &Path, name: &str) -> Result<Self> {
        let known = || -> String {
            let mut v: Vec<String> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .filter_map(|e| {
                            e.file_name()
                                .to_str()
                                .and_then(|n| n.strip_suffix(".toml"))
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v.join(", ")
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            bail!(
                "unknown format {name:?}: {} declares: {}",
                dir.display(),
                known()
            );
        }
        let file = dir.join(format!("{name}.toml"));
        if !file.is_file() {
            bail!(
                "unknown format {name:?}: there is no {} (formats in {}: {})",
                file.display(),
                dir.display(),
                known()
            );
        }
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let mut f: FormatSpec = toml::from_str(&text)
            .with_context(|| format!("parsing format file {}", file.display()))?;
        f.name = name.to_string();
        f.file = file;
        f.dir = dir.to_path_buf();
        f.validate()?;
        Ok(f)
    }

    fn validate(&self) -> Result<()> {
        let file = self.file.display();
        if self.writers.is_empty() {
            bail!("{file}: `writers` is empty");
        }
        let mut seen = self.writers.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.writers.len() {
            bail!("{file}: a writer is listed twice");
        }
        let pxe = self.writers.contains(&Writer::Pxe);
        if pxe && self.writers.len() > 1 {
            bail!(
                "{file}: the pxe writer produces no disk and cannot be combined with disk writers"
            );
        }
        if !pxe && self.layout.is_none() {
            bail!(
                "{file}: disk formats need `layout` (a disk layout variant: base, vm, azure, ...)"
            );
        }
        if self.writers.contains(&Writer::Ova) && self.ova.is_none() {
            bail!("{file}: the ova writer needs an [ova] section");
        }
        for k in self.extensions.keys() {
            if !self.writers.iter().any(|w| w.key() == k) {
                bail!(
                    "{file}: [extensions] names {k:?}, which is not one of this format's writers"
                );
            }
        }
        for c in &self.compression {
            Compression::parse(c).with_context(|| format!("{file}: `compression`"))?;
        }
        if let Some(o) = &self.oem {
            for p in o.files.keys() {
                // The names go into a debugfs script (one command a line, quoted): no
                // quote, backslash or control character (newline) may end the argument.
                if p.is_empty()
                    || p.starts_with('/')
                    || p.split('/').any(|c| c.is_empty() || c == "." || c == "..")
                    || p.chars().any(|c| c == '"' || c == '\\' || c.is_control())
                {
                    bail!("{file}: OEM file name {p:?} must be a relative path without '.', '..', quotes, backslashes or control characters (newlines)");
                }
            }
        }
        let sizes = [
            ("[qemu] memory_mib", self.qemu.as_ref().map(|q| q.memory_mib), MAX_VM_MEMORY_MIB),
            ("[ova] memory_mib", self.ova.as_ref().map(|o| o.memory_mib), MAX_VM_MEMORY_MIB),
            ("[ova] cpus", self.ova.as_ref().map(|o| u64::from(o.cpus)), MAX_VM_CPUS),
        ];
        for (what, v, max) in sizes {
            if let Some(v) = v {
                if v == 0 || v > max {
                    bail!("{file}: {what} = {v} is out of range (1 to {max})");
                }
            }
        }
        for a in &self.kernel_args {
            if a.is_empty() || a.chars().any(char::is_whitespace) {
                bail!("{file}: kernel argument {a:?} must be one word");
            }
        }
        Ok(())
    }

    fn extension(&self, w: Writer) -> String {
        self.extensions
            .get(w.key())
            .cloned()
            .unwrap_or_else(|| w.default_extension().to_string())
    }

    fn template(&self, rel: &Path) -> Result<(String, PathBuf)> {
        let p = self.dir.join(rel);
        let t = std::fs::read_to_string(&p).with_context(|| {
            format!(
                "reading template {} (named in {})",
                p.display(),
                self.file.display()
            )
        })?;
        Ok((t, p))
    }
}

// ---------------------------------------------------------------------------------------
// Compression

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gz,
    Bz2,
    Zstd,
    Xz,
}

impl Compression {
    fn parse(s: &str) -> Result<Self> {
        Ok(match s {
            "none" => Compression::None,
            "gz" | "gzip" => Compression::Gz,
            "bz2" | "bzip2" => Compression::Bz2,
            "zstd" | "zst" => Compression::Zstd,
            "xz" => Compression::Xz,
            o => bail!("unknown image compression {o:?} (use none, gz, bz2, zstd or xz)"),
        })
    }
    fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gz => "gz",
            Compression::Bz2 => "bz2",
            Compression::Zstd => "zst",
            Compression::Xz => "xz",
        }
    }
    /// Stock compressor, deterministic settings (no names or times stored; zstd's
    /// multi-threaded output does not depend on the number of threads; xz single-threaded).
    fn command(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Compression::None => None,
            Compression::Gz => Some(("gzip", &["-n", "-6", "-c"])),
            Compression::Bz2 => Some(("bzip2", &["-9", "-c"])),
            Compression::Zstd => Some(("zstd", &["-q", "-3", "-T0", "-c"])),
            Compression::Xz => Some(("xz", &["-6", "-T1", "-c"])),
        }
    }
}

fn compress(src: &Path, c: Compression) -> Result<Option<PathBuf>> {
    let Some((prog, args)) = c.command() else {
        return Ok(None);
    };
    let dst = PathBuf::from(format!("{}.{}", src.display(), c.suffix()));
    let input = File::open(src).with_context(|| format!("opening {}", src.display()))?;
    let output = File::create(&dst).with_context(|| format!("creating {}", dst.display()))?;
    let st = std::process::Command::new(prog)
        .args(args)
        .stdin(input)
        .stdout(output)
        .stderr(std::process::Stdio::piped())
        .output()
        .with_context(|| {
            format!(
                "cannot run `{prog}` to compress {} (install it)",
                src.display()
            )
        })?;
    if !st.status.success() {
        bail!(
            "`{prog}` failed compressing {} ({}): {}",
            src.display(),
            st.status,
            String::from_utf8_lossy(&st.stderr).trim()
        );
    }
    Ok(Some(dst))
}

// ---------------------------------------------------------------------------------------
// The base image

struct Base {
    dir: PathBuf,
    image: PathBuf,
    size: u64,
    table: gpt::Table,
    version: String,
    epoch: u64,
    cmdline: String,
    vmlinuz: PathBuf,
}

fn image_prefix(board: &Board) -> String {
    board.image_prefix()
}

fn load_base(board: &Board, dir: &Path) -> Result<Base> {
    let prefix = image_prefix(board);
    let image = dir.join(format!("{prefix}.bin"));
    if !dir.is_dir() {
        bail!(
            "base image directory {} does not exist (run ./build_image --board={} first, or pass --from=DIR)",
            dir.display(),
            board.board.name
        );
    }
    if !image.is_file() {
        bail!(
            "base image {} does not exist (run ./build_image --board={} first, or pass --from=DIR)",
            image.display(),
            board.board.name
        );
    }
    let mut f =
        File::open(&image).with_context(|| format!("opening base image {}", image.display()))?;
    let size = f.metadata()?.len();
    let table = gpt::read(&mut f).map_err(|e| {
        anyhow::anyhow!(
            "base image {}: its GPT is corrupt or missing: {e}",
            image.display()
        )
    })?;
    if size % 512 != 0 {
        bail!(
            "base image {}: size {size} is not a multiple of 512 bytes",
            image.display()
        );
    }
    for e in &table.entries {
        if e.start + e.size > size {
            bail!(
                "base image {}: partition {} ({}) ends beyond the end of the file",
                image.display(),
                e.num,
                e.label
            );
        }
    }
    let vt = dir.join("version.txt");
    let text = std::fs::read_to_string(&vt).with_context(|| {
        format!(
            "reading {} (written by build_image beside the image)",
            vt.display()
        )
    })?;
    let key = format!(
        "{}_VERSION=",
        board
            .os
            .id
            .to_uppercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix(&key))
        .map(|v| v.trim().trim_matches('"').to_string())
        .filter(|v| !v.is_empty())
        .with_context(|| format!("{} has no {key} line", vt.display()))?;
    let cl = dir.join(format!("{prefix}_kernel_cmdline.txt"));
    let cmdline = std::fs::read_to_string(&cl)
        .with_context(|| format!("reading {}", cl.display()))?
        .trim()
        .to_string();
    let vmlinuz = dir.join(format!("{prefix}.vmlinuz"));
    let epoch = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={v:?} is not a number of seconds"))?,
        Err(_) => 0,
    };
    let mut b = Base {
        dir: dir.to_path_buf(),
        image,
        size,
        table,
        version,
        epoch,
        cmdline,
        vmlinuz,
    };
    if b.epoch == 0 {
        b.epoch = base_epoch(&b)?;
    }
    Ok(b)
}

/// SOURCE_DATE_EPOCH recorded in the base image: the ROOT ext4's creation time
/// (`s_mkfs_time`), which build_image sets to its SOURCE_DATE_EPOCH.
fn base_epoch(b: &Base) -> Result<u64> {
    let root = b
        .table
        .by_label("ROOT")
        .with_context(|| format!("base image {}: no ROOT partition to read SOURCE_DATE_EPOCH from; set SOURCE_DATE_EPOCH", b.image.display()))?;
    let f = File::open(&b.image)?;
    let mut sb = [0u8; 1024];
    f.read_exact_at(&mut sb, root.start + 1024)?;
    if u16::from_le_bytes([sb[0x38], sb[0x39]]) != 0xEF53 {
        bail!(
            "base image {}: ROOT holds no ext4 (no superblock magic); set SOURCE_DATE_EPOCH",
            b.image.display()
        );
    }
    Ok(u32::from_le_bytes(sb[0x108..0x10c].try_into().expect("4 bytes")) as u64)
}

fn part_by_role<'a>(base_plan: &PlannedDisk, b: &'a Base, role: Role) -> Result<&'a gpt::Entry> {
    let p = base_plan
        .by_role(role)
        .with_context(|| format!("the board's layout has no {role:?} partition"))?;
    b.table
        .entries
        .iter()
        .find(|e| e.num == p.num)
        .with_context(|| {
            format!(
                "base image {}: no partition {} ({:?})",
                b.image.display(),
                p.num,
                role
            )
        })
}

/// The disk of layout `variant`, with the base image's identities (disk GUID, PARTUUIDs,
/// attributes, names and — unless the variant overrides it — type GUIDs).
fn plan_variant(layout: &Layout, variant: &str, arch: &str, b: &Base) -> Result<PlannedDisk> {
    let mut d = layout.plan(variant, arch, b"railyard image_to_vm")?;
    d.disk_guid = b.table.disk_guid;
    let ov = layout.variants.get(variant);
    for p in &mut d.partitions {
        let e = b.table.entries.iter().find(|e| e.num == p.num).with_context(|| {
            format!("layout variant {variant:?} has partition {} ({}), which the base image {} lacks", p.num, p.label, b.image.display())
        })?;
        if e.size > p.size {
            bail!(
                "layout variant {variant:?} makes partition {} ({}) {} MiB, smaller than the base image's {} MiB",
                p.num,
                p.label,
                p.size >> 20,
                e.size >> 20
            );
        }
        p.uuid = e.uuid;
        p.attributes = e.attributes;
        p.label = e.label.clone();
        let type_overridden = ov
            .and_then(|m| m.get(&p.num.to_string()))
            .is_some_and(|o| o.type_.is_some());
        if !type_overridden {
            p.type_guid = e.type_guid;
        }
    }
    for e in &b.table.entries {
        if !d.partitions.iter().any(|p| p.num == e.num) {
            bail!(
                "the base image's partition {} ({}) has no place in layout variant {variant:?}",
                e.num,
                e.label
            );
        }
    }
    Ok(d)
}

/// One pass over the base image's data: every data extent inside a partition is read once
/// and written to each target disk at that partition's offset there. All-zero 64 KiB blocks
/// are not written, so the targets stay sparse. Returns the bytes read.
fn copy_partitions(b: &Base, targets: &[(&PlannedDisk, &File)]) -> Result<u64> {
    if targets.is_empty() {
        return Ok(0);
    }
    let extents = railyard_vm::data_extents(&b.image)
        .with_context(|| format!("scanning base image {}", b.image.display()))?;
    let src = File::open(&b.image)
        .with_context(|| format!("opening base image {}", b.image.display()))?;
    const CHUNK: u64 = 1 << 20;
    const BLOCK: usize = 64 << 10;
    let mut buf = vec![0u8; CHUNK as usize];
    let mut read = 0u64;
    for e in &b.table.entries {
        let maps: Vec<(u64, &File)> = targets
            .iter()
            .map(|(d, f)| {
                let p = d
                    .partitions
                    .iter()
                    .find(|p| p.num == e.num)
                    .expect("checked by plan_variant");
                (p.start, *f)
            })
            .collect();
        let (ps, pe) = (e.start, e.start + e.size);
        for &(s, t) in &extents {
            let (a, z) = (s.max(ps), t.min(pe));
            let mut pos = a;
            while pos < z {
                let n = (z - pos).min(CHUNK) as usize;
                src.read_exact_at(&mut buf[..n], pos).with_context(|| {
                    format!("reading base image {} at {pos}", b.image.display())
                })?;
                read += n as u64;
                for (i, blk) in buf[..n].chunks(BLOCK).enumerate() {
                    if blk.iter().all(|&x| x == 0) {
                        continue;
                    }
                    let rel = pos - ps + (i * BLOCK) as u64;
                    for (start, f) in &maps {
                        f.write_all_at(blk, start + rel)?;
                    }
                }
                pos += n as u64;
            }
        }
    }
    Ok(read)
}

// ---------------------------------------------------------------------------------------
// Per-format disk changes

fn template_ctx(
    board: &Board,
    b: &Base,
    f: &FormatSpec,
) -> BTreeMap<&'static str, minijinja::Value> {
    let mut m = BTreeMap::new();
    m.insert("os_id", board.os.id.clone().into());
    m.insert("os_name", board.os.name.clone().into());
    m.insert("version", b.version.clone().into());
    m.insert("board", board.board.name.clone().into());
    m.insert("arch", board.board.arch.clone().into());
    m.insert("format", f.name.clone().into());
    m.insert(
        "oem_id",
        f.oem
            .as_ref()
            .map(|o| o.id.clone())
            .unwrap_or_default()
            .into(),
    );
    m.insert(
        "oem_name",
        f.oem
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default()
            .into(),
    );
    m
}

fn render(
    name: &str,
    template: &str,
    ctx: &BTreeMap<&'static str, minijinja::Value>,
) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.add_template(name, template)
        .with_context(|| format!("parsing template {name}"))?;
    env.get_template(name)?
        .render(ctx)
        .with_context(|| format!("rendering template {name}"))
}

/// Writes the format's OEM files into the OEM ext4 of `raw` (debugfs, owner root, times at
/// the epoch, sorted order).
fn write_oem(
    raw: &Path,
    disk: &PlannedDisk,
    f: &FormatSpec,
    ctx: &BTreeMap<&'static str, minijinja::Value>,
    work: &Path,
    epoch: u64,
) -> Result<()> {
    let Some(oem) = &f.oem else { return Ok(()) };
    if oem.files.is_empty() {
        return Ok(());
    }
    let part = disk.by_role(Role::Oem).with_context(|| {
        format!(
            "{}: OEM files requested but the layout has no OEM partition",
            f.file.display()
        )
    })?;
    let dir = work.join(format!("oem-{}", f.name));
    std::fs::create_dir_all(&dir)?;
    let q = |s: &str| format!("\"{s}\"");
    let host_dir = dir.to_string_lossy();
    if host_dir.chars().any(|c| c == '"' || c == '\\' || c.is_control()) {
        bail!(
            "work directory {host_dir:?}: debugfs scripts cannot name a path with quotes, backslashes or control characters"
        );
    }
    let mut script = String::new();
    let mut dirs = std::collections::BTreeSet::new();
    for (i, (path, tmpl)) in oem.files.iter().enumerate() {
        let mut acc = String::new();
        let comps: Vec<&str> = path.split('/').collect();
        for c in &comps[..comps.len() - 1] {
            acc.push('/');
            acc.push_str(c);
            if dirs.insert(acc.clone()) {
                script.push_str(&format!(
                    "mkdir {}\nsif {p} mode 040755\nsif {p} uid 0\nsif {p} gid 0\n",
                    q(&acc),
                    p = q(&acc)
                ));
            }
        }
        let text = render(
            &format!("{}:[oem.files] {path}", f.file.display()),
            tmpl,
            ctx,
        )?;
        let host = dir.join(format!("f{i}"));
        std::fs::write(&host, text)?;
        let p = format!("/{path}");
        script.push_str(&format!(
            "rm {p}\nwrite {} {p}\nsif {p} mode 0100644\nsif {p} uid 0\nsif {p} gid 0\n",
            q(&host.to_string_lossy()),
            p = q(&p)
        ));
    }
    let cmds = dir.join("debugfs.cmds");
    std::fs::write(&cmds, script)?;
    let (_, err) = Cmd::new(
        format!("writing the {} OEM files (debugfs)", f.name),
        "debugfs",
    )
    .epoch(epoch)
    .arg("-w")
    .arg("-f")
    .arg(&cmds)
    .arg(format!("{}?offset={}", raw.display(), part.start))
    .output_both()?;
    let text = String::from_utf8_lossy(&err);
    // `rm` of a file that is not there yet is expected; anything else is a failure.
    if let Some(l) = text.lines().find(|l| {
        !l.trim().is_empty()
            && !l.starts_with("debugfs ")
            && !l.contains("File not found by ext2_lookup")
    }) {
        bail!(
            "writing OEM files of {} with debugfs failed: {l} (script {})",
            f.name,
            cmds.display()
        );
    }
    Ok(())
}

fn mtools(what: String, img: &str, epoch: u64) -> Cmd {
    Cmd::new(what, "mcopy")
        .epoch(epoch)
        .env("MTOOLS_SKIP_CHECK", "1")
        .arg("-i")
        .arg(img)
}

/// Appends the format's kernel arguments to the loader entry's `options` line in the ESP.
fn add_kernel_args(
    raw: &Path,
    disk: &PlannedDisk,
    board: &Board,
    f: &FormatSpec,
    work: &Path,
    epoch: u64,
) -> Result<()> {
    if f.kernel_args.is_empty() {
        return Ok(());
    }
    let esp = disk
        .by_role(Role::Esp)
        .context("the layout has no EFI system partition")?;
    let img = format!("{}@@{}", raw.display(), esp.start);
    let entry = format!("loader/entries/{}-a.conf", board.os.id);
    let local = work.join(format!("entry-{}.conf", f.name));
    let _ = std::fs::remove_file(&local);
    mtools(format!("reading {entry} from the ESP"), &img, epoch)
        .arg("-n")
        .arg(format!("::/{entry}"))
        .arg(&local)
        .run()?;
    let text = std::fs::read_to_string(&local)?;
    let mut found = false;
    let mut out = String::new();
    for l in text.lines() {
        if let Some(opts) = l.strip_prefix("options ") {
            found = true;
            let mut words: Vec<&str> = opts.split_whitespace().collect();
            for a in &f.kernel_args {
                let key = a.split('=').next().unwrap_or(a);
                words.retain(|w| w.split('=').next() != Some(key) || w == a);
                if !words.contains(&a.as_str()) {
                    words.push(a);
                }
            }
            out.push_str(&format!("options {}\n", words.join(" ")));
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    if !found {
        bail!("the ESP's {entry} has no `options` line");
    }
    std::fs::write(&local, out)?;
    File::options()
        .write(true)
        .open(&local)?
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(epoch))?;
    mtools(format!("writing {entry} into the ESP"), &img, epoch)
        .args(["-m", "-o"])
        .arg(&local)
        .arg(format!("::/{entry}"))
        .run()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Running

/// What one run produced.
#[derive(Debug, Clone, serde::Serialize)]
struct Produced {
    format: String,
    description: String,
    files: Vec<String>,
    seconds: f64,
}

struct Job {
    spec: FormatSpec,
    disk: Option<PlannedDisk>,
    raw: Option<PathBuf>,
}

struct Ctx<'a> {
    board: &'a Board,
    base: &'a Base,
    staging: PathBuf,
    work: PathBuf,
    compression: Option<Vec<Compression>>,
}

impl Ctx<'_> {
    fn prefix(&self, f: &FormatSpec) -> String {
        format!("{}_production_{}", self.board.os.id, f.name)
    }
    fn vm_name(&self, f: &FormatSpec) -> String {
        format!("{}-{}", self.prefix(f), self.base.version).replace(['.', '+'], "-")
    }
    fn seed(&self, f: &FormatSpec) -> String {
        format!("{}:{}:{}", self.board.board.name, self.base.version, f.name)
    }
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
        bail!("no format given (--format=qemu_uefi,vhd,ami,ova,pxe)");
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
    let base = load_base(&board, &from)?;
    let to = a.to.clone().unwrap_or_else(|| base.dir.clone());
    std::fs::create_dir_all(&to)
        .with_context(|| format!("creating output directory {}", to.display()))?;

    if a.bench {
        return bench(&board, &base, &specs, &to);
    }
    let t0 = Instant::now();
    let key = crate::release::signing_key(&crate::release::AttestFlags { signing_key: a.signing_key.clone(), rebuild_check: false })?;
    let produced = convert(&board, &base, &specs, &to, compression.as_deref())?;
    // the new files join the build's digests and provenance when they land beside it
    let has_provenance = std::fs::read_dir(&to)?.filter_map(|e| e.ok()).any(|e| e.file_name().to_string_lossy().ends_with(".intoto.jsonl"));
    if has_provenance {
        crate::release::attest_added(&to, &names, key.as_ref())?;
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

/// Produces every format into `to`; all-or-nothing.
fn convert(
    board: &Board,
    base: &Base,
    specs: &[FormatSpec],
    to: &Path,
    compression: Option<&[Compression]>,
) -> Result<Vec<Produced>> {
    let staging = to.join(format!(".image_to_vm.{}.partial", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let ctx = Ctx {
        board,
        base,
        work: staging.join(".work"),
        staging: staging.clone(),
        compression: compression.map(|c| c.to_vec()),
    };
    std::fs::create_dir_all(&ctx.work)?;
    let result = convert_in(&ctx, specs).and_then(|produced| {
        // every format succeeded: move the files into place
        for p in &produced {
            for f in &p.files {
                std::fs::rename(staging.join(f), to.join(f))
                    .with_context(|| format!("moving {f} into {}", to.display()))?;
            }
        }
        Ok(produced)
    });
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn convert_in(ctx: &Ctx, specs: &[FormatSpec]) -> Result<Vec<Produced>> {
    let board = ctx.board;
    let base = ctx.base;
    let layout = board.layout()?;
    let arch = board.board.arch.as_str();

    // Plan every disk, create the raw files, then ONE pass over the base image fills them.
    let mut jobs = Vec::new();
    for s in specs {
        let (disk, raw) = match &s.layout {
            Some(v) if !s.writers.contains(&Writer::Pxe) => {
                let d = plan_variant(&layout, v, arch, base)
                    .with_context(|| format!("format {} ({})", s.name, s.file.display()))?;
                let raw = ctx.work.join(format!("{}.raw", s.name));
                let f =
                    File::create(&raw).with_context(|| format!("creating {}", raw.display()))?;
                f.set_len(d.size)?;
                (Some(d), Some(raw))
            }
            _ => (None, None),
        };
        jobs.push(Job {
            spec: s.clone(),
            disk,
            raw,
        });
    }
    let t = Instant::now();
    {
        let files: Vec<(PlannedDisk, File)> = jobs
            .iter()
            .filter_map(|j| {
                Some((
                    j.disk.clone()?,
                    File::options().write(true).open(j.raw.as_ref()?).ok()?,
                ))
            })
            .collect();
        let targets: Vec<(&PlannedDisk, &File)> = files.iter().map(|(d, f)| (d, f)).collect();
        let n = copy_partitions(base, &targets)?;
        if !targets.is_empty() {
            tracing::info!(
                "read {} MiB of the base image once for {} disk(s) in {:.1} s",
                n >> 20,
                targets.len(),
                t.elapsed().as_secs_f64()
            );
        }
    }

    // The formats are independent from here on (own files, own work names): run them side
    // by side, at most as many at a time as there are CPUs.
    let cpus = match std::env::var("RAILYARD_IMAGE_TO_VM_JOBS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        Some(n) => n.max(1),
        None => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .max(1),
    };
    let mut produced = Vec::new();
    for batch in jobs.chunks(cpus) {
        let results: Vec<Result<Produced>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .map(|j| {
                    s.spawn(move || {
                        let t = Instant::now();
                        let files = produce(ctx, j).with_context(|| {
                            format!("format {} ({})", j.spec.name, j.spec.file.display())
                        })?;
                        Ok(Produced {
                            format: j.spec.name.clone(),
                            description: j.spec.description.clone(),
                            files,
                            seconds: t.elapsed().as_secs_f64(),
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("a format writer panicked")))
                })
                .collect()
        });
        for r in results {
            produced.push(r?);
        }
    }
    Ok(produced)
}

fn produce(ctx: &Ctx, j: &Job) -> Result<Vec<String>> {
    let f = &j.spec;
    let base = ctx.base;
    let tctx = template_ctx(ctx.board, base, f);
    if f.writers == [Writer::Pxe] {
        return pxe(ctx, f);
    }
    let (disk, raw) = (
        j.disk.as_ref().expect("disk format"),
        j.raw.as_ref().expect("disk format"),
    );
    write_oem(raw, disk, f, &tctx, &ctx.work, base.epoch)?;
    add_kernel_args(raw, disk, ctx.board, f, &ctx.work, base.epoch)?;
    {
        let mut file = File::options().read(true).write(true).open(raw)?;
        gpt::write(&mut file, disk)
            .with_context(|| format!("writing the GPT of {}", raw.display()))?;
        file.sync_all()?;
    }
    let prefix = ctx.prefix(f);
    let out = |w: Writer| format!("{prefix}_image.{}", f.extension(w));
    let mut files = Vec::new();
    let mut disks = Vec::new();
    let epoch = base.epoch;
    let mut vm_opts = railyard_vm::Options::new(epoch, &ctx.seed(f));
    vm_opts.vmdk.adapter = railyard_vm::VmdkAdapter::LsiLogic;
    // raw last: it is the per-format disk itself, moved into place
    let mut order = f.writers.clone();
    order.sort_by_key(|w| *w == Writer::Raw);
    for w in order {
        let name = out(w);
        let dst = ctx.staging.join(&name);
        match w {
            Writer::Qcow2 => {
                railyard_vm::qcow2::convert(raw, &dst)?;
                disks.push(name.clone());
            }
            Writer::VhdFixed => {
                railyard_vm::vhd::write_fixed(raw, &dst, &vm_opts.vhd)?;
                disks.push(name.clone());
            }
            Writer::VmdkStream => {
                // its grains are deflated already: no compressed copies
                railyard_vm::vmdk::write_stream_optimized(raw, &dst, &vm_opts.vmdk)?;
            }
            Writer::Ova => {
                let o = f.ova.as_ref().expect("validated");
                let (template, _) = f.template(&o.template)?;
                let mut opts = railyard_vm::OvaOptions::new(epoch, ctx.vm_name(f), template);
                opts.cpus = o.cpus;
                opts.memory_mib = o.memory_mib;
                opts.firmware_efi = o.firmware_efi;
                opts.nic = o.nic.clone();
                opts.os_type = o.os_type.clone();
                opts.virtual_hw = o.virtual_hw.clone();
                opts.disk_controller = o.disk_controller.clone();
                railyard_vm::ova::write_ova(raw, &dst, &vm_opts.vmdk, &opts)?;
            }
            Writer::Raw => {
                std::fs::rename(raw, &dst)
                    .with_context(|| format!("moving {} to {}", raw.display(), dst.display()))?;
                std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o644))?;
                disks.push(name.clone());
            }
            Writer::Pxe => unreachable!("validated"),
        }
        files.push(name);
    }
    if let Some(q) = &f.qemu {
        files.extend(qemu_companions(ctx, f, q, &out(Writer::Qcow2))?);
    }
    if let Some(aws) = &f.aws {
        files.extend(aws_companions(ctx, f, aws, disk, &files)?);
    }
    // compressed copies of the disk files
    let comps = match &ctx.compression {
        Some(c) => c.clone(),
        None => f
            .compression
            .iter()
            .map(|c| Compression::parse(c))
            .collect::<Result<Vec<_>>>()?,
    };
    for d in &disks {
        for c in &comps {
            if let Some(p) = compress(&ctx.staging.join(d), *c)? {
                files.push(p.file_name().expect("file").to_string_lossy().into_owned());
            }
        }
    }
    if f.writers.contains(&Writer::Raw) {
        // nothing left to remove: the raw disk became the output
    } else {
        let _ = std::fs::remove_file(raw);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn qemu_companions(ctx: &Ctx, f: &FormatSpec, q: &QemuSpec, image: &str) -> Result<Vec<String>> {
    let fw = &ctx.board.qemu;
    let prefix = ctx.prefix(f);
    let code = format!("{prefix}_efi_code.fd");
    let vars = format!("{prefix}_efi_vars.fd");
    for (src, dst) in [(&fw.firmware_code, &code), (&fw.firmware_vars, &vars)] {
        if !src.is_file() {
            bail!(
                "UEFI firmware {} is missing (install the Debian package {})",
                src.display(),
                fw.firmware_package
            );
        }
        std::fs::copy(src, ctx.staging.join(dst))
            .with_context(|| format!("copying {}", src.display()))?;
        std::fs::set_permissions(
            ctx.staging.join(dst),
            std::fs::Permissions::from_mode(0o644),
        )?;
    }
    let launcher = format!("{prefix}.sh");
    let (template, path) = f.template(&q.launcher)?;
    let mut tctx = template_ctx(ctx.board, ctx.base, f);
    let host_machine = match ctx.board.board.arch.as_str() {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        o => o,
    };
    for (k, v) in [
        ("launcher", launcher.clone()),
        ("vm_name", ctx.vm_name(f)),
        ("image", image.to_string()),
        ("firmware_code", code.clone()),
        ("firmware_vars", vars.clone()),
        ("qemu_system", fw.system.clone()),
        ("machine", fw.machine.clone()),
        ("host_machine", host_machine.to_string()),
        ("fw_cfg_name", format!("opt/org.{}/config", ctx.board.os.id)),
    ] {
        tctx.insert(k, v.into());
    }
    tctx.insert("cpu", fw.cpu.clone().unwrap_or_default().into());
    tctx.insert("memory_mib", q.memory_mib.into());
    tctx.insert("ssh_port", q.ssh_port.into());
    let text = render(&path.display().to_string(), &template, &tctx)?;
    let p = ctx.staging.join(&launcher);
    std::fs::write(&p, text)?;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755))?;
    Ok(vec![code, vars, launcher])
}

fn aws_companions(
    ctx: &Ctx,
    f: &FormatSpec,
    aws: &AwsSpec,
    disk: &PlannedDisk,
    files: &[String],
) -> Result<Vec<String>> {
    let prefix = ctx.prefix(f);
    let arch = match ctx.board.board.arch.as_str() {
        "amd64" => "x86_64",
        "arm64" => "arm64",
        o => bail!("no AWS architecture for {o:?}"),
    };
    let (fmt, key) = match (
        files.iter().find(|n| n.ends_with(".vmdk")),
        files.iter().find(|n| n.ends_with(".bin")),
    ) {
        (Some(v), _) => ("VMDK", v.clone()),
        (None, Some(r)) => ("RAW", r.clone()),
        _ => bail!(
            "{}: the ami format needs a raw or vmdk_stream writer",
            f.file.display()
        ),
    };
    let name = ctx.vm_name(f);
    let import = serde_json::json!({
        "Description": format!("{} {} {} ({})", ctx.board.os.name, ctx.base.version, ctx.board.board.name, f.name),
        "DiskContainer": {
            "Description": key,
            "Format": fmt,
            "UserBucket": { "S3Bucket": "REPLACE-WITH-BUCKET", "S3Key": key },
        },
    });
    let size_gib = disk.size.div_ceil(1 << 30);
    let register = serde_json::json!({
        "Name": name,
        "Description": format!("{} {} ({})", ctx.board.os.name, ctx.base.version, ctx.board.board.name),
        "Architecture": arch,
        "BootMode": aws.boot_mode,
        "EnaSupport": aws.ena_support,
        "SriovNetSupport": aws.sriov_net_support,
        "VirtualizationType": aws.virtualization_type,
        "ImdsSupport": aws.imds_support,
        "RootDeviceName": aws.root_device_name,
        "BlockDeviceMappings": [{
            "DeviceName": aws.root_device_name,
            "Ebs": {
                "SnapshotId": "REPLACE-WITH-SNAPSHOT-ID-FROM-IMPORT-SNAPSHOT",
                "VolumeType": aws.volume_type,
                "VolumeSize": size_gib,
                "DeleteOnTermination": true,
            },
        }],
    });
    let mut out = Vec::new();
    for (suffix, v) in [
        ("_import_snapshot.json", import),
        ("_register_image.json", register),
    ] {
        let n = format!("{prefix}{suffix}");
        std::fs::write(
            ctx.staging.join(&n),
            format!("{}\n", serde_json::to_string_pretty(&v)?),
        )?;
        out.push(n);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// PXE

fn pxe(ctx: &Ctx, f: &FormatSpec) -> Result<Vec<String>> {
    let board = ctx.board;
    let b = ctx.base;
    let layout = board.layout()?;
    let base_plan = layout.plan("base", &board.board.arch, b"railyard image_to_vm")?;
    let esp = part_by_role(&base_plan, b, Role::Esp)?;
    let usr = part_by_role(&base_plan, b, Role::UsrA)?;
    let root = part_by_role(&base_plan, b, Role::Root)?;
    let work = ctx.work.join("pxe");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let prefix = ctx.prefix(f);

    // the base initramfs from the ESP
    let initrd = work.join("initrd-a");
    let img = format!("{}@@{}", b.image.display(), esp.start);
    mtools(
        "reading the initramfs from the base image's ESP".into(),
        &img,
        b.epoch,
    )
    .arg("-n")
    .arg(format!("::/{}/initrd-a", board.os.id))
    .arg(&initrd)
    .run()?;
    let packed = std::fs::read(&initrd)?;
    let mut cpio = if packed.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        zstd::stream::decode_all(&packed[..]).context("decompressing the base initramfs (zstd)")?
    } else if packed.starts_with(b"070701") {
        packed
    } else {
        bail!(
            "the base initramfs {}/initrd-a is neither zstd nor an uncompressed newc cpio",
            board.os.id
        );
    };
    while cpio.len() % 4 != 0 {
        cpio.push(0);
    }

    // /usr as squashfs, ROOT's files, in a second newc archive
    let tree = railyard_image::tree::Tree::create(&work.join("extra"))?;
    usr_squashfs(b, usr, &work, &tree.root().join("usr.squashfs"))?;
    std::fs::set_permissions(
        tree.root().join("usr.squashfs"),
        std::fs::Permissions::from_mode(0o644),
    )?;
    let pxe_root = tree.root().join("pxe-root");
    std::fs::create_dir_all(&pxe_root)?;
    let (_, err) = Cmd::new(
        "copying ROOT's files out of the base image (debugfs rdump)",
        "debugfs",
    )
    .epoch(b.epoch)
    .arg("-R")
    .arg(format!("rdump / {}", pxe_root.display()))
    .arg(format!("{}?offset={}", b.image.display(), root.start))
    .output_both()?;
    let text = String::from_utf8_lossy(&err);
    if let Some(l) = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with("debugfs "))
    {
        bail!("copying ROOT out of {} failed: {l}", b.image.display());
    }
    let _ = std::fs::remove_dir_all(pxe_root.join("lost+found"));
    railyard_image::cpio::write_tree(&tree, &[], b.epoch, &mut cpio)?;

    let out_name = format!("{prefix}_image.{}", f.extension(Writer::Pxe));
    let out = ctx.staging.join(&out_name);
    {
        let file = File::create(&out).with_context(|| format!("creating {}", out.display()))?;
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .operating_system(3)
            .write(std::io::BufWriter::new(file), flate2::Compression::new(6));
        gz.write_all(&cpio)?;
        gz.finish()?.flush()?;
    }
    let kernel_name = format!("{prefix}.vmlinuz");
    std::fs::copy(&b.vmlinuz, ctx.staging.join(&kernel_name))
        .with_context(|| format!("copying the kernel {}", b.vmlinuz.display()))?;
    std::fs::set_permissions(
        ctx.staging.join(&kernel_name),
        std::fs::Permissions::from_mode(0o644),
    )?;
    // The command line: the base one without the disk's /usr and ROOT arguments.
    let mut words: Vec<String> = b
        .cmdline
        .split_whitespace()
        .filter(|w| {
            ![
                "root=",
                "rootflags=",
                "rootfstype=",
                "mount.usr",
                "verity.usr",
            ]
            .iter()
            .any(|p| w.starts_with(p))
        })
        .map(str::to_string)
        .collect();
    words.extend(f.kernel_args.iter().cloned());
    let cmdline_name = format!("{prefix}_cmdline.txt");
    std::fs::write(
        ctx.staging.join(&cmdline_name),
        format!("{}\n", words.join(" ")),
    )?;
    let mut files = vec![kernel_name, out_name, cmdline_name];
    files.sort();
    Ok(files)
}

/// /usr of USR-A as a squashfs: copied as is when the base uses squashfs; an erofs /usr is
/// extracted (fsck.erofs) and rebuilt with mksquashfs (owner root, times at the epoch).
fn usr_squashfs(b: &Base, usr: &gpt::Entry, work: &Path, out: &Path) -> Result<()> {
    let f = File::open(&b.image)?;
    let mut head = vec![0u8; 4096];
    f.read_exact_at(&mut head, usr.start)?;
    let copy = |len: u64, dst: &Path| -> Result<()> {
        if len == 0 || len > usr.size {
            bail!(
                "base image {}: the /usr filesystem claims {len} bytes, USR-A has {}",
                b.image.display(),
                usr.size
            );
        }
        let o = File::create(dst)?;
        let mut buf = vec![0u8; 1 << 20];
        let mut pos = 0;
        while pos < len {
            let n = ((len - pos) as usize).min(buf.len());
            f.read_exact_at(&mut buf[..n], usr.start + pos)?;
            o.write_all_at(&buf[..n], pos)?;
            pos += n as u64;
        }
        Ok(())
    };
    if &head[0..4] == b"hsqs" {
        let used = u64::from_le_bytes(head[40..48].try_into().expect("8 bytes"));
        return copy(used.div_ceil(4096) * 4096, out);
    }
    if u32::from_le_bytes(head[1024..1028].try_into().expect("4 bytes")) != 0xE0F5_E1E2 {
        bail!(
            "base image {}: USR-A holds neither erofs nor squashfs",
            b.image.display()
        );
    }
    let blkszbits = head[1024 + 12] as u32;
    let blocks = u32::from_le_bytes(head[1024 + 36..1024 + 40].try_into().expect("4 bytes")) as u64;
    let erofs = work.join("usr.erofs");
    copy(blocks << blkszbits, &erofs)?;
    let dir = work.join("usr");
    Cmd::new("extracting the erofs /usr", "fsck.erofs")
        .arg(format!("--extract={}", dir.display()))
        .arg("--preserve-perms")
        .arg(&erofs)
        .run()?;
    let _ = std::fs::remove_file(&erofs);
    // mksquashfs refuses SOURCE_DATE_EPOCH together with -mkfs-time/-all-time
    let e = b.epoch.to_string();
    let o = std::process::Command::new("mksquashfs")
        .arg(&dir)
        .arg(out)
        .args([
            "-noappend",
            "-all-root",
            "-no-xattrs",
            "-quiet",
            "-no-progress",
            "-comp",
            "zstd",
            "-mkfs-time",
            &e,
            "-all-time",
            &e,
        ])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::null())
        .output()
        .context("cannot run mksquashfs (install squashfs-tools)")?;
    if !o.status.success() {
        bail!(
            "mksquashfs of the PXE /usr failed ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Benchmark

/// Wall and CPU seconds (this process and its children: threads and stock tools alike).
#[derive(Debug, Clone, Copy)]
struct Measure {
    wall: f64,
    cpu: f64,
}

/// (own, children) CPU ticks from /proc/self/stat (utime+stime, cutime+cstime).
fn cpu_ticks() -> u64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(") ").map(|x| x.1).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // `rest` starts at field 3; utime, stime, cutime, cstime are fields 14-17
    f.iter().skip(11).take(4).sum()
}

fn measure(f: &mut dyn FnMut() -> Result<()>) -> Result<Measure> {
    let (t, c) = (Instant::now(), cpu_ticks());
    f()?;
    // clock ticks are 1/100 s on Linux
    Ok(Measure {
        wall: t.elapsed().as_secs_f64(),
        cpu: cpu_ticks().saturating_sub(c) as f64 / 100.0,
    })
}

/// Runs `a` and `b` alternately `rounds` times (so load changes on a shared machine hit
/// both) and keeps the best wall and CPU time of each.
fn compare(
    rounds: usize,
    a: &mut dyn FnMut() -> Result<()>,
    b: &mut dyn FnMut() -> Result<()>,
) -> Result<(Measure, Measure)> {
    let best = |m: &mut Measure, n: Measure| {
        m.wall = m.wall.min(n.wall);
        m.cpu = m.cpu.min(n.cpu);
    };
    let mut ma = Measure {
        wall: f64::MAX,
        cpu: f64::MAX,
    };
    let mut mb = ma;
    for _ in 0..rounds {
        best(&mut ma, measure(a)?);
        best(&mut mb, measure(b)?);
    }
    Ok((ma, mb))
}

fn qemu_img(args: &[&str], src: &Path, dst: &Path) -> Result<()> {
    Cmd::new("qemu-img convert (benchmark reference)", "qemu-img")
        .args(["convert", "-q", "-f", "raw"])
        .args(args)
        .arg(src)
        .arg(dst)
        .run()
}

/// qemu-img arguments for the streamOptimized VMDK the benchmark compares against.
const QEMU_VMDK_STREAM: &[&str] = &["-O", "vmdk", "-o", "subformat=streamOptimized,adapter_type=lsilogic"];

fn bench(board: &Board, base: &Base, specs: &[FormatSpec], to: &Path) -> Result<()> {
    let work = to.join(format!(".image_to_vm-bench.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let r = bench_in(board, base, specs, &work);
    let _ = std::fs::remove_dir_all(&work);
    r
}

fn bench_in(board: &Board, base: &Base, specs: &[FormatSpec], work: &Path) -> Result<()> {
    const ROUNDS: usize = 5;
    println!(
        "image_to_vm benchmark: board {}, base {} ({} MiB); each pair run alternately {ROUNDS} times, best wall / CPU seconds kept",
        board.board.name,
        base.image.display(),
        base.size >> 20
    );
    let none = [Compression::None];
    let row = |name: &str, ours: Measure, theirs: Measure, note: &str| {
        println!(
            "  {name:<24} ours {:6.2} s wall {:6.2} s CPU | reference {:6.2} s wall {:6.2} s CPU | wall ratio {:.2}x  CPU ratio {:.2}x {note}",
            ours.wall,
            ours.cpu,
            theirs.wall,
            theirs.cpu,
            ours.wall / theirs.wall,
            ours.cpu / theirs.cpu.max(0.01)
        );
    };
    // 1. all formats in one run vs one run per format
    let one = work.join("one");
    let sep = work.join("sep");
    std::fs::create_dir_all(&one)?;
    std::fs::create_dir_all(&sep)?;
    let names: Vec<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    let (all, separate) = compare(
        3,
        &mut || convert(board, base, specs, &one, Some(&none)).map(|_| ()),
        &mut || {
            for s in specs {
                convert(board, base, std::slice::from_ref(s), &sep, Some(&none))?;
            }
            Ok(())
        },
    )?;
    row(
        &format!("{} in one run", names.join(",")),
        all,
        separate,
        "(reference: one run per format)",
    );
    std::fs::remove_dir_all(&one)?;
    std::fs::remove_dir_all(&sep)?;

    // 2. each writer vs qemu-img convert on the same per-variant raw disk
    let layout = board.layout()?;
    let d = plan_variant(&layout, "vm", &board.board.arch, base)?;
    let raw = work.join("vm.raw");
    {
        let f = File::create(&raw)?;
        f.set_len(d.size)?;
        copy_partitions(base, &[(&d, &f)])?;
        let mut f = File::options().read(true).write(true).open(&raw)?;
        gpt::write(&mut f, &d)?;
    }
    let epoch = base.epoch;
    let mut vopts = railyard_vm::Options::new(epoch, "bench");
    vopts.vmdk.adapter = railyard_vm::VmdkAdapter::LsiLogic;
    println!(
        "  writers on the `vm` disk ({} MiB virtual, {} MiB of data):",
        d.size >> 20,
        data_mib(&raw)
    );
    let (o, t) = compare(
        ROUNDS,
        &mut || {
            Ok(railyard_vm::vhd::write_fixed(&raw, &work.join("a.vhd"), &vopts.vhd).map(|_| ())?)
        },
        &mut || {
            qemu_img(
                &["-O", "vpc", "-o", "subformat=fixed,force_size"],
                &raw,
                &work.join("b.vhd"),
            )
        },
    )?;
    row(
        "vhd_fixed",
        o,
        t,
        "(qemu-img -O vpc -o subformat=fixed,force_size)",
    );
    let (o, t) = compare(
        ROUNDS,
        &mut || {
            Ok(
                railyard_vm::vmdk::write_stream_optimized(&raw, &work.join("a.vmdk"), &vopts.vmdk)
                    .map(|_| ())?,
            )
        },
        &mut || {
            qemu_img(
                QEMU_VMDK_STREAM,
                &raw,
                &work.join("b.vmdk"),
            )
        },
    )?;
    row(
        "vmdk_stream",
        o,
        t,
        "(qemu-img -O vmdk -o subformat=streamOptimized)",
    );
    let ovf = std::fs::read_to_string(
        board
            .dir()
            .join("../../image-formats/templates/vmware.ovf.j2"),
    )
    .unwrap_or_default();
    let ova_opts = railyard_vm::OvaOptions::new(epoch, "bench", ovf);
    let (o, t) = compare(
        ROUNDS,
        &mut || {
            Ok(
                railyard_vm::ova::write_ova(&raw, &work.join("a.ova"), &vopts.vmdk, &ova_opts)
                    .map(|_| ())?,
            )
        },
        &mut || {
            qemu_img(
                QEMU_VMDK_STREAM,
                &raw,
                &work.join("c.vmdk"),
            )?;
            Cmd::new("tar (benchmark reference)", "tar")
                .arg("-cf")
                .arg(work.join("b.ova"))
                .arg("-C")
                .arg(work)
                .arg("c.vmdk")
                .run()
        },
    )?;
    row("ova", o, t, "(qemu-img streamOptimized VMDK + tar)");
    let (o, t) = compare(
        ROUNDS,
        &mut || Ok(railyard_vm::qcow2::convert(&raw, &work.join("a.qcow2")).map(|_| ())?),
        &mut || qemu_img(&["-O", "qcow2"], &raw, &work.join("b.qcow2")),
    )?;
    row(
        "qcow2",
        o,
        t,
        "(our qcow2 writer IS qemu-img: this row shows the noise)",
    );
    let (o, t) = compare(
        ROUNDS,
        &mut || {
            let f = File::create(work.join("a.raw"))?;
            f.set_len(d.size)?;
            copy_partitions(base, &[(&d, &f)]).map(|_| ())
        },
        &mut || qemu_img(&["-O", "raw"], &base.image, &work.join("b.raw")),
    )?;
    row(
        "raw (base -> vm disk)",
        o,
        t,
        "(qemu-img -O raw of the base)",
    );
    Ok(())
}

fn data_mib(raw: &Path) -> u64 {
    railyard_vm::data_extents(raw)
        .map(|v| v.iter().map(|(s, e)| e - s).sum::<u64>() >> 20)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format_dir(toml: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("evil.toml"), toml).unwrap();
        d
    }

    const HEAD: &str = "description = \"x\"\nlayout = \"vm\"\nwriters = [\"raw\"]\n";

    #[test]
    fn oem_file_names_with_newlines_are_refused_at_load() {
        // The name would inject `dump` (write a host file) into the debugfs script.
        let toml = format!(
            "{HEAD}{}",
            r#"[oem]
id = "x"
name = "x"
[oem.files]
"a\"\ndump /etc/os-release /tmp/pwned\nrm \"b" = "t"
"#
        );
        let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
        assert!(e.contains("evil.toml") && e.contains("OEM file name") && e.contains("control characters"), "{e}");
        for bad in [r"a\nb", r"a\tb", r"a\\b", r"a\u0000b", r"a\rb"] {
            let toml = format!("{HEAD}[oem]\nid = \"x\"\nname = \"x\"\n[oem.files]\n\"{bad}\" = \"t\"\n");
            let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
            assert!(e.contains("OEM file name"), "{bad}: {e}");
        }
        let ok = format!("{HEAD}[oem]\nid = \"x\"\nname = \"x\"\n[oem.files]\n\"dir/with space.json\" = \"t\"\n");
        FormatSpec::load(format_dir(&ok).path(), "evil").unwrap();
    }

    #[test]
    fn absurd_sizes_in_format_files_are_refused() {
        let toml = format!("{HEAD}[qemu]\nlauncher = \"t\"\nmemory_mib = 99999999999\n");
        let e = format!("{:#}", FormatSpec::load(format_dir(&toml).path(), "evil").unwrap_err());
        assert!(e.contains("[qemu] memory_mib = 99999999999 is out of range"), "{e}");
    }

    #[test]
    fn runaway_template_loop_stops_with_a_clear_error() {
        let ctx = BTreeMap::new();
        let t = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
        let e = format!("{:#}", render("loop.j2", t, &ctx).unwrap_err());
        assert!(e.contains("rendering template loop.j2") && e.contains("fuel"), "{e}");
        assert_eq!(render("ok.j2", "{% for i in range(3) %}{{ i }}{% endfor %}", &ctx).unwrap(), "012");
    }
}
