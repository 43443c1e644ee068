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
//!
//! Modules: `spec` (format files, compression), `base` (the base image, disk planning,
//! the one copy pass), `ctx` (the run context), `oem` (OEM files, kernel arguments, templates), `companions`
//! (launcher, firmware, AWS JSON), `pxe`. This module runs the formats (side by side, one
//! progress step each) and moves their files into place. The pipeline reports with `anyhow`
//! (its callers only print); the writers below it return [`crate::Error`].

mod base;
mod companions;
mod ctx;
mod oem;
mod pxe;
mod spec;

pub use base::{copy_partitions, load_base, plan_variant, Base};
pub use companions::secure_boot_db_file;
pub use ctx::SecureBootInputs;
pub use spec::{Compression, FormatSpec, Writer};

use companions::{aws_companions, qemu_companions};
use ctx::Ctx;
use oem::{add_kernel_args, template_ctx, write_oem};
use pxe::pxe;
use spec::compress;

use anyhow::{Context, Result};
use railyard_core::progress::Progress;
use railyard_core::Board;
use railyard_disk::{gpt, PlannedDisk};
use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

// ---------------------------------------------------------------------------------------
// Running

/// What one run produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Produced {
    /// Format name.
    pub format: String,
    /// Its description (from the format file).
    pub description: String,
    /// Files written into the output directory, sorted.
    pub files: Vec<String>,
    /// Wall time of this format.
    pub seconds: f64,
}

struct Job {
    spec: FormatSpec,
    disk: Option<PlannedDisk>,
    raw: Option<PathBuf>,
}

/// Produces every format into `to`; all-or-nothing.
pub fn convert(
    board: &Board,
    base: &Base,
    specs: &[FormatSpec],
    to: &Path,
    compression: Option<&[Compression]>,
) -> Result<Vec<Produced>> {
    convert_with(board, base, specs, to, compression, &SecureBootInputs::default())
}

/// [`convert`] with the Secure Boot formats' PK/KEK certificates.
pub fn convert_with(
    board: &Board,
    base: &Base,
    specs: &[FormatSpec],
    to: &Path,
    compression: Option<&[Compression]>,
    secure_boot: &SecureBootInputs,
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
        secure_boot: secure_boot.clone(),
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
    // one step per format on a terminal; off a terminal the summary lines are the output
    let bar = Progress::bar_only("image_to_vm", Some(jobs.len() as u64));
    let progress = &bar;
    let mut produced = Vec::new();
    let mut failure = None;
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
                        progress.step(&j.spec.name);
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
            match r {
                Ok(p) => produced.push(p),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        if failure.is_some() {
            break;
        }
    }
    bar.clear();
    match failure {
        Some(e) => Err(e),
        None => Ok(produced),
    }
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
    let mut vm_opts = crate::Options::new(epoch, &ctx.seed(f));
    vm_opts.vmdk.adapter = crate::VmdkAdapter::LsiLogic;
    // raw last: it is the per-format disk itself, moved into place
    let mut order = f.writers.clone();
    order.sort_by_key(|w| *w == Writer::Raw);
    for w in order {
        let name = out(w);
        let dst = ctx.staging.join(&name);
        match w {
            Writer::Qcow2 => {
                crate::qcow2::convert(raw, &dst)?;
                disks.push(name.clone());
            }
            Writer::VhdFixed => {
                crate::vhd::write_fixed(raw, &dst, &vm_opts.vhd)?;
                disks.push(name.clone());
            }
            Writer::VmdkStream => {
                // its grains are deflated already: no compressed copies
                crate::vmdk::write_stream_optimized(raw, &dst, &vm_opts.vmdk)?;
            }
            Writer::Ova => {
                let o = f.ova.as_ref().expect("validated");
                let (template, _) = f.template(&o.template)?;
                let mut opts = crate::OvaOptions::new(epoch, ctx.vm_name(f), template);
                opts.cpus = o.cpus;
                opts.memory_mib = o.memory_mib;
                opts.firmware_efi = o.firmware_efi;
                opts.nic = o.nic.clone();
                opts.os_type = o.os_type.clone();
                opts.virtual_hw = o.virtual_hw.clone();
                opts.disk_controller = o.disk_controller.clone();
                crate::ova::write_ova(raw, &dst, &vm_opts.vmdk, &opts)?;
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

