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
//! - with `--to=DIR` (a newer build signed with a key the `--from` image trusts): the agent of
//!   the `--from` image (`/usr/bin/railyard-update`, taken out of its /usr) applying DIR's
//!   payload served over HTTP from 127.0.0.1 — on the host against a copy of the disk, next
//!   to the floor any agent has (`dd` of the usr blob into the partition with fsync, then
//!   `sha256sum` of it), and in the guest under QEMU (the time the agent prints).

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
pub fn bench_update(board_name: &str, from: Option<PathBuf>, to: Option<PathBuf>, dir: &Path, runs: usize) -> Result<()> {
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
    match to {
        Some(to) => bench_apply(&board, &image, &to, dir, runs),
        None => {
            println!("apply: pass --to=DIR (a newer build signed with a key this image trusts) to time the agent");
            Ok(())
        }
    }
}

/// Serves `files` (URL path → file) over HTTP/1.1 on 127.0.0.1; returns the port.
fn serve(files: Vec<(String, PathBuf)>) -> Result<u16> {
    use std::io::{BufRead, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = l.local_addr()?.port();
    std::thread::spawn(move || {
        for c in l.incoming().flatten() {
            let files = files.clone();
            std::thread::spawn(move || {
                let Ok(rc) = c.try_clone() else { return };
                let mut r = std::io::BufReader::new(rc);
                let mut line = String::new();
                let _ = r.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut c = c;
                match files.iter().find(|(p, _)| *p == path).and_then(|(_, f)| std::fs::File::open(f).ok()) {
                    Some(mut f) => {
                        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                        let _ = write!(c, "HTTP/1.1 200 OK\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
                        let _ = std::io::copy(&mut f, &mut c);
                    }
                    None => {
                        let _ = write!(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    }
                }
            });
        }
    });
    Ok(port)
}

fn run_ok(c: &mut Command) -> Result<String> {
    let o = c.output().with_context(|| format!("running {c:?}"))?;
    if !o.status.success() {
        bail!("{c:?}: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    }
    Ok(String::from_utf8_lossy(&o.stdout).into_owned())
}

/// The agent applying `to`'s payload: on the host (against the dd + sha256sum floor) and in
/// the guest.
fn bench_apply(board: &railyard_core::Board, image: &Path, to: &Path, dir: &Path, runs: usize) -> Result<()> {
    let os = &board.os.id;
    let manifest = to.join(format!("{os}_production_update.manifest"));
    let payload = to.join(format!("{os}_production_update.bin"));
    for f in [&manifest, &payload] {
        if !f.is_file() {
            bail!("{} does not exist (--to must be a build directory)", f.display());
        }
    }
    let table = railyard_disk::gpt::read(&mut std::fs::File::open(image)?).with_context(|| format!("reading the GPT of {}", image.display()))?;
    let part = |l: &str| table.by_label(l).map(|p| (p.start, p.size)).with_context(|| format!("no {l} partition"));
    let ((a_start, a_size), (b_start, _), (r_start, r_size)) = (part("USR-A")?, part("USR-B")?, part("ROOT")?);
    // the agent and its keys out of the image's /usr
    let usr_img = dir.join("usr-a.img");
    let _ = std::fs::remove_file(&usr_img);
    run_ok(Command::new("dd").arg(format!("if={}", image.display())).arg(format!("of={}", usr_img.display())).args(["bs=1M", "status=none", "iflag=skip_bytes,count_bytes"]).arg(format!("skip={a_start}")).arg(format!("count={a_size}")))?;
    let usr = dir.join("usr");
    let _ = std::fs::remove_dir_all(&usr);
    run_ok(Command::new("fsck.erofs").arg(format!("--extract={}", usr.display())).arg(&usr_img))?;
    let port = serve(vec![
        (format!("/u/{os}_production_update.manifest"), manifest.clone()),
        (format!("/u/{os}_production_update.bin"), payload.clone()),
    ])?;
    let disk = dir.join("apply.bin");
    let state = dir.join("state");
    let (mut ours, mut floor) = (f64::MAX, f64::MAX);
    for _ in 0..runs.max(1) {
        run_ok(Command::new("cp").arg("--sparse=always").arg(image).arg(&disk))?;
        let t = std::time::Instant::now();
        run_ok(
            Command::new(usr.join("bin/railyard-update"))
                .args(["apply", &format!("http://127.0.0.1:{port}/u/"), "--disk"])
                .arg(&disk)
                .args(["--running", "USR-A", "--keys"])
                .arg(usr.join("share/railyard/update-keys"))
                .arg("--os-release")
                .arg(usr.join("lib/os-release"))
                .arg("--state")
                .arg(&state),
        )?;
        ours = ours.min(t.elapsed().as_secs_f64());
        // the floor: the usr blob into the partition (fsync), then its sha256
        run_ok(Command::new("cp").arg("--sparse=always").arg(image).arg(&disk))?;
        let t = std::time::Instant::now();
        run_ok(Command::new("dd").arg(format!("if={}", payload.display())).arg(format!("of={}", disk.display())).args(["bs=1M", "status=none", "conv=notrunc,fsync", "iflag=count_bytes", "oflag=seek_bytes"]).arg(format!("count={a_size}")).arg(format!("seek={b_start}")))?;
        run_ok(Command::new("sh").arg("-c").arg(format!("dd if={} bs=1M status=none iflag=skip_bytes,count_bytes skip={b_start} count={a_size} | sha256sum", disk.display())))?;
        floor = floor.min(t.elapsed().as_secs_f64());
    }
    println!(
        "apply on the host ({:.1} MiB payload, best of {}): railyard-update {:.2} s (signature, two passes, read-back, ESP, GPT); dd+fsync+sha256sum of the usr blob {:.2} s: {:.2}x the floor",
        mib(std::fs::metadata(&payload)?.len()),
        runs.max(1),
        ours,
        floor,
        ours / floor
    );
    // in the guest: SERVER= in /etc/railyard/update.conf on ROOT (debugfs), the check timer
    // applies it; the agent prints its time
    run_ok(Command::new("cp").arg("--sparse=always").arg(image).arg(&disk))?;
    let root = dir.join("root.img");
    let _ = std::fs::remove_file(&root);
    run_ok(Command::new("dd").arg(format!("if={}", disk.display())).arg(format!("of={}", root.display())).args(["bs=1M", "status=none", "iflag=skip_bytes,count_bytes"]).arg(format!("skip={r_start}")).arg(format!("count={r_size}")))?;
    let conf = dir.join("update.conf");
    std::fs::write(&conf, format!("SERVER=http://10.0.2.2:{port}/u/\nREBOOT=false\n"))?;
    let cmds = dir.join("debugfs.cmd");
    std::fs::write(&cmds, format!("mkdir etc/railyard\nwrite {} etc/railyard/update.conf\n", conf.display()))?;
    run_ok(Command::new("debugfs").arg("-w").arg("-f").arg(&cmds).arg(&root))?;
    run_ok(Command::new("dd").arg(format!("if={}", root.display())).arg(format!("of={}", disk.display())).args(["bs=1M", "status=none", "conv=notrunc", "oflag=seek_bytes"]).arg(format!("seek={r_start}")))?;
    let mut spec = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &disk, &dir.join("apply-guest.log"));
    spec.expect = "it boots next".into();
    spec.fail_on = vec!["railyard-update: REFUSED".into(), "Kernel panic".into()];
    spec.timeout = std::time::Duration::from_secs(900);
    spec.snapshot = false;
    let o = railyard_image::qemu::boot(&spec)?;
    if !o.success {
        bail!("the guest did not apply the update: {:?}\n{}", o.failure, o.tail(30));
    }
    let c = o.console.replace("\r\n", "\n");
    let line = c.lines().find(|l| l.contains("railyard-update: installed ")).context("no 'installed' line on the console")?;
    println!("apply in the guest (QEMU/TCG, 1 GiB, user network): {}", line.trim());
    Ok(())
}
