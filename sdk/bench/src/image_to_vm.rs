//! `./bench image_to_vm`: each disk writer of `railyard_vm` against `qemu-img convert`, and
//! all formats in one run against one run per format (work under the output directory,
//! removed afterwards). `railyard image_to_vm --bench` runs this.

use anyhow::{Context, Result};
use railyard_core::{Board, Cmd};
use railyard_disk::gpt;
use railyard_vm::pipeline::{convert, copy_partitions, load_base, plan_variant, secure_boot_db_file, Base, Compression, FormatSpec};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the benchmark for `board` on the base image in `from` (default: the board's latest
/// build), working under `to` (default: `from`).
/// `formats` empty: every format file of `formats_dir` (`./bench formats`).
pub fn bench_image_to_vm(board: &str, from: Option<PathBuf>, to: Option<PathBuf>, formats: &[String], formats_dir: Option<PathBuf>) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let board = Board::load(&root, board)?;
    let formats_dir = formats_dir.unwrap_or_else(|| root.join("image-formats"));
    let mut names: Vec<String> = Vec::new();
    for n in formats.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    let every = names.is_empty();
    if every {
        names = std::fs::read_dir(&formats_dir)
            .with_context(|| format!("listing {}", formats_dir.display()))?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".toml").map(str::to_string))
            .collect();
        names.sort();
    }
    let mut specs = names.iter().map(|n| FormatSpec::load(&formats_dir, n)).collect::<Result<Vec<_>>>()?;
    let from = from.unwrap_or_else(|| root.join("__build__/images").join(&board.board.name).join("latest"));
    // every format: the Secure Boot ones only when the image is signed for it
    if every && !secure_boot_db_file(&board, &from).exists() {
        let (secure, rest): (Vec<FormatSpec>, Vec<FormatSpec>) =
            specs.into_iter().partition(|s| s.qemu.as_ref().is_some_and(|q| q.secure_boot));
        if !secure.is_empty() {
            let names: Vec<&str> = secure.iter().map(|s| s.name.as_str()).collect();
            println!("formats: {} left out: {} is not signed for Secure Boot", names.join(","), from.display());
        }
        specs = rest;
    }
    let base = load_base(&board, &from)?;
    let to = to.unwrap_or_else(|| base.dir.clone());
    std::fs::create_dir_all(&to)?;
    bench(&board, &base, &specs, &to)
}


/// Wall and CPU seconds (this process and its children: threads and stock tools alike).
#[derive(Debug, Clone, Copy)]
struct Measure {
    wall: f64,
    cpu: f64,
}

/// CPU seconds used so far by this process (all its threads, from the kernel's
/// nanosecond clock) and by its waited-for children (stock tools: utime + stime of
/// /proc/self/stat, in 1/100 s clock ticks, the only unit the kernel gives for them).
fn cpu_seconds() -> f64 {
    let own = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(") ").map(|x| x.1).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // `rest` starts at field 3; cutime, cstime are fields 16-17
    let children: u64 = f.iter().skip(13).take(2).sum();
    own.tv_sec as f64 + own.tv_nsec as f64 / 1e9 + children as f64 / 100.0
}

fn measure(f: &mut dyn FnMut() -> Result<()>) -> Result<Measure> {
    let (t, c) = (Instant::now(), cpu_seconds());
    f()?;
    Ok(Measure {
        wall: t.elapsed().as_secs_f64(),
        cpu: (cpu_seconds() - c).max(0.0),
    })
}

/// Runs `a` and `b` alternately `rounds` times (so load changes on a shared machine hit
/// both) and keeps the best wall and CPU time of each. Before every timed run the files in
/// `fresh` are removed, untimed: replacing a big file costs its block frees (synchronous
/// discards on a `discard`-mounted ext4 like this one's), which belongs to neither writer.
/// A side that takes under a second is repeated within a round (the mean is kept), so CPU
/// times counted in 10 ms clock ticks are not dominated by the tick.
fn compare(
    rounds: usize,
    fresh: &[&Path],
    a: &mut dyn FnMut() -> Result<()>,
    b: &mut dyn FnMut() -> Result<()>,
) -> Result<(Measure, Measure)> {
    let clean = || {
        for p in fresh {
            if p.is_dir() {
                // an output directory: emptied
                let _ = std::fs::remove_dir_all(p);
                let _ = std::fs::create_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
    };
    let best = |m: &mut Measure, n: Measure| {
        m.wall = m.wall.min(n.wall);
        m.cpu = m.cpu.min(n.cpu);
    };
    // warm-up run of each side (page cache, first-touch allocations), which also sizes
    // the repetitions
    clean();
    let wa = measure(a)?;
    clean();
    let wb = measure(b)?;
    let reps = (1.0 / wa.wall.min(wb.wall).max(0.001)).ceil().clamp(1.0, 10.0) as usize;
    let run = |f: &mut dyn FnMut() -> Result<()>| -> Result<Measure> {
        let mut sum = Measure { wall: 0.0, cpu: 0.0 };
        for _ in 0..reps {
            clean();
            let m = measure(f)?;
            sum.wall += m.wall;
            sum.cpu += m.cpu;
        }
        Ok(Measure { wall: sum.wall / reps as f64, cpu: sum.cpu / reps as f64 })
    };
    let mut ma = Measure {
        wall: f64::MAX,
        cpu: f64::MAX,
    };
    let mut mb = ma;
    for _ in 0..rounds {
        best(&mut ma, run(a)?);
        best(&mut mb, run(b)?);
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
        &[one.as_path(), sep.as_path()],
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
        &[&work.join("a.vhd"), &work.join("b.vhd")],
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
        &[&work.join("a.vmdk"), &work.join("b.vmdk")],
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
        &[&work.join("a.ova"), &work.join("b.ova"), &work.join("c.vmdk")],
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
        &[&work.join("a.qcow2"), &work.join("b.qcow2")],
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
        &[&work.join("a.raw"), &work.join("b.raw")],
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

