//! `./bench update`: the A/B pieces of a built image, measured against the stock tools in
//! the same run.
//!
//! - the update payload next to the image: sizes (apparent and on disk);
//! - one slot's unified kernel image assembled by Railyard (`uki::assemble`) against binutils'
//!   `objcopy --add-section` on the same stub and parts (best of `runs`);
//! - boot-selection overhead: QEMU start to the kernel's EFI stub line, booting through the
//!   selector (the image as built) against the same disk with the kernel image itself as the
//!   ESP's default boot file (no selector), under TCG.
//!
//! (The apply time in the guest comes with `railyard-update apply`.)

use anyhow::{bail, Context, Result};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn mib(b: u64) -> f64 {
    b as f64 / 1048576.0
}

fn mtools(args: &[&str]) -> Result<()> {
    let o = Command::new(args[0]).env("MTOOLS_SKIP_CHECK", "1").args(&args[1..]).output().with_context(|| format!("running {}", args[0]))?;
    if !o.status.success() {
        bail!("{:?}: {}", args, String::from_utf8_lossy(&o.stderr));
    }
    Ok(())
}

/// Seconds from QEMU's start to the kernel's EFI stub message.
fn to_kernel(board: &railyard_core::Board, image: &Path, log: &Path) -> Result<f64> {
    let mut spec = railyard_image::qemu::BootSpec::new(board.qemu.clone(), image, log);
    spec.expect = "EFI stub: ".into();
    spec.fail_on = vec!["railyard-selector: cannot boot".into()];
    spec.timeout = std::time::Duration::from_secs(300);
    let o = railyard_image::qemu::boot(&spec)?;
    if !o.success {
        bail!("{} did not reach the kernel: {:?}\n{}", image.display(), o.failure, o.tail(20));
    }
    Ok(o.seconds)
}

/// Runs the benchmark on the image in `from` (default: the board's latest build).
pub fn bench_update(board_name: &str, from: Option<PathBuf>, dir: &Path, runs: usize) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let board = railyard_core::Board::load(&root, board_name)?;
    let from = from.unwrap_or_else(|| root.join("__build__/images").join(board_name).join("latest"));
    let prefix = board.image_prefix();
    let os = &board.os.id;
    let image = from.join(format!("{prefix}.bin"));
    let payload = from.join(format!("{os}_production_update.bin"));
    let manifest = from.join(format!("{os}_production_update.manifest"));
    for f in [&image, &payload, &manifest] {
        if !f.is_file() {
            bail!("{} does not exist (run ./build_image --board={board_name} first, or pass --from=DIR)", f.display());
        }
    }
    let (im, pm, mm) = (std::fs::metadata(&image)?, std::fs::metadata(&payload)?, std::fs::metadata(&manifest)?);
    println!("update payload ({}):", from.display());
    println!("  image    {:8.1} MiB apparent, {:8.1} MiB on disk", mib(im.len()), mib(im.blocks() * 512));
    println!("  payload  {:8.1} MiB apparent, {:8.1} MiB on disk ({:.2}x the image's apparent size)", mib(pm.len()), mib(pm.blocks() * 512), pm.len() as f64 / im.len() as f64);
    println!("  manifest {:8} bytes", mm.len());

    // one kernel image, ours against objcopy, from the parts of USR-A's
    std::fs::create_dir_all(dir)?;
    let uki_a = std::fs::read(from.join(format!("{prefix}_usr-a.efi")))?;
    let (stub, osrel, cmdline, kernel, initrd) = railyard_image::uki::split(&uki_a, "USR-A's kernel image")?;
    let parts = [("stub", &stub), ("osrel", &osrel), ("cmdline", &cmdline), ("linux", &kernel), ("initrd", &initrd)];
    for (n, d) in parts {
        std::fs::write(dir.join(n), d)?;
    }
    let (osrel_s, cmdline_s) = (String::from_utf8(osrel.clone())?, String::from_utf8(cmdline.clone())?);
    let ours = crate::measure::best(runs, || {
        let u = railyard_image::uki::assemble(&stub, "stub", &osrel_s, &cmdline_s, &kernel, &initrd)?;
        std::fs::write(dir.join("ours.efi"), u)?;
        Ok(())
    })?;
    // objcopy: each section at the next 64 KiB-aligned address after the stub's image
    let size_of_image = {
        let pe = u32::from_le_bytes(stub[0x3c..0x40].try_into()?) as usize;
        u32::from_le_bytes(stub[pe + 24 + 56..pe + 24 + 60].try_into()?) as u64
    };
    let align = |v: u64| v.div_ceil(0x10000) * 0x10000;
    let mut vma = align(size_of_image);
    let mut args: Vec<String> = Vec::new();
    for (sec, file, len) in [(".osrel", "osrel", osrel.len()), (".cmdline", "cmdline", cmdline.len()), (".linux", "linux", kernel.len()), (".initrd", "initrd", initrd.len())] {
        args.push("--add-section".into());
        args.push(format!("{sec}={}", dir.join(file).display()));
        args.push("--change-section-vma".into());
        args.push(format!("{sec}={vma:#x}"));
        vma = align(vma + len as u64);
    }
    let stock = crate::measure::best(runs, || {
        let o = Command::new("objcopy").args(&args).arg(dir.join("stub")).arg(dir.join("objcopy.efi")).output().context("running objcopy (binutils)")?;
        if !o.status.success() {
            bail!("objcopy: {}", String::from_utf8_lossy(&o.stderr));
        }
        Ok(())
    })?;
    println!("kernel image ({:.1} MiB): railyard {:.3} s, objcopy {:.3} s: {:.2}x objcopy's time", mib(uki_a.len() as u64), ours, stock, ours / stock);

    // boot selection: through the selector, and straight into the kernel image
    let esp = {
        let table = railyard_disk::gpt::read(&mut std::fs::File::open(&image)?).with_context(|| format!("reading the GPT of {}", image.display()))?;
        table.by_label("EFI-SYSTEM").map(|p| p.start).context("no EFI-SYSTEM partition")?
    };
    let with = dir.join("with-selector.bin");
    let without = dir.join("without-selector.bin");
    std::fs::copy(&image, &with)?;
    std::fs::copy(&image, &without)?;
    let img = format!("{}@@{esp}", without.display());
    let uki = dir.join("usr-a.efi");
    std::fs::write(&uki, &uki_a)?;
    mtools(&["mcopy", "-o", "-i", &img, uki.to_str().unwrap_or_default(), &format!("::/EFI/BOOT/{}", board.board.efi_boot_file)])?;
    let (mut a, mut b) = (f64::MAX, f64::MAX);
    for i in 0..runs.max(1) {
        a = a.min(to_kernel(&board, &with, &dir.join(format!("with-{i}.log")))?);
        b = b.min(to_kernel(&board, &without, &dir.join(format!("without-{i}.log")))?);
    }
    println!("boot to the kernel's EFI stub (QEMU/TCG, best of {}): through the selector {:.2} s, kernel image as the boot file {:.2} s: selection costs {:.2} s", runs.max(1), a, b, a - b);
    Ok(())
}
