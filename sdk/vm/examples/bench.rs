//! Benchmark: our VMDK/VHD writers against `qemu-img convert` on a 512 MiB
//! partly-filled sparse image (page cache warm, best of N runs).
//!
//! ```text
//! cargo run --release -p railyard-vm --example bench [-- <scratch-dir> [runs]]
//! ```

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use railyard_vm::{vhd, vmdk, write_many, Format, Options, Target, VhdOptions, VmdkOptions};

const MIB: u64 = 1024 * 1024;
const SIZE: u64 = 512 * MIB;

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_F491_4F6C_DD1D)
}

/// 512 MiB sparse image: 96 MiB low-entropy "binary" data, 64 MiB random,
/// 64 MiB text, one 4 KiB block per MiB in the last 192 MiB, rest holes.
fn make_image(path: &Path) -> std::io::Result<u64> {
    let f = File::create(path)?;
    f.set_len(SIZE)?;
    let mut st = 0x9E37_79B9_7F4A_7C15u64;
    let mut chunk = vec![0u8; MIB as usize];
    let mut written = 0;
    for mib in 0..96 {
        for b in chunk.iter_mut() {
            *b = (xorshift(&mut st) % 16) as u8 * 17; // 4 bits of entropy per byte
        }
        f.write_all_at(&chunk, mib * MIB)?;
        written += MIB;
    }
    for mib in 128..192 {
        for c in chunk.chunks_mut(8) {
            c.copy_from_slice(&xorshift(&mut st).to_le_bytes());
        }
        f.write_all_at(&chunk, mib * MIB)?;
        written += MIB;
    }
    let text = b"Flatcar Container Linux by Kinvolk - Railyard reproducible image builder benchmark line\n";
    for (i, b) in chunk.iter_mut().enumerate() {
        *b = text[i % text.len()];
    }
    for mib in 256..320 {
        f.write_all_at(&chunk, mib * MIB)?;
        written += MIB;
    }
    for mib in 320..512 {
        let block: Vec<u8> = (0..4096).map(|_| xorshift(&mut st) as u8).collect();
        f.write_all_at(&block, mib * MIB + 8192)?;
        written += 4096;
    }
    Ok(written)
}

/// CPU seconds used so far by this process (all threads) plus its waited-for
/// children, from /proc/self/stat (utime+stime+cutime+cstime, 100 Hz ticks).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_comm = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<u64> = after_comm
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // after ")" : state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    fields
        .get(11..15)
        .map(|t| t.iter().sum::<u64>())
        .unwrap_or(0) as f64
        / 100.0
}

/// Best wall time of `runs` runs and the CPU seconds of that run.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: f64,
}

fn best<F: FnMut() -> Result<(), String>>(runs: usize, mut f: F) -> Result<Timing, String> {
    let mut best = Timing {
        wall: Duration::MAX,
        cpu: 0.0,
    };
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_seconds());
        f()?;
        let (wall, cpu) = (t.elapsed(), cpu_seconds() - c);
        if wall < best.wall {
            best = Timing { wall, cpu };
        }
    }
    Ok(best)
}

fn qemu_img(args: &[&str]) -> Result<(), String> {
    let out = Command::new("qemu-img")
        .args(args)
        .output()
        .map_err(|e| format!("running qemu-img (install qemu-utils): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "qemu-img {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| "/var/tmp/railyard-vm-bench".into()),
    );
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let raw = dir.join("bench.raw");
    let data = make_image(&raw).map_err(|e| format!("writing {}: {e}", raw.display()))?;
    std::fs::read(&raw).map_err(|e| e.to_string())?; // warm the page cache
    let s = |p: &Path| p.to_string_lossy().into_owned();
    let (raw_s, q_vmdk, q_vhd) = (s(&raw), dir.join("qemu.vmdk"), dir.join("qemu.vhd"));
    let (our_vmdk, our_vhd) = (dir.join("ours.vmdk"), dir.join("ours.vhd"));
    println!(
        "input: {} MiB sparse raw, {:.1} MiB of data; {} cores; best of {runs}",
        SIZE / MIB,
        data as f64 / MIB as f64,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );

    let epoch = 1_700_000_000;
    let t_ours_vmdk = best(runs, || {
        vmdk::write_stream_optimized(&raw, &our_vmdk, &VmdkOptions::new(epoch))
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let mut one = VmdkOptions::new(epoch);
    one.threads = 1;
    let single = dir.join("ours-1thread.vmdk");
    let t_ours_vmdk1 = best(runs, || {
        vmdk::write_stream_optimized(&raw, &single, &one)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let t_q_vmdk = best(runs, || {
        qemu_img(&[
            "convert",
            "-f",
            "raw",
            "-O",
            "vmdk",
            "-o",
            "subformat=streamOptimized",
            &raw_s,
            &s(&q_vmdk),
        ])
    })?;
    let t_ours_vhd = best(runs, || {
        vhd::write_fixed(&raw, &our_vhd, &VhdOptions::new(epoch))
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let t_q_vhd = best(runs, || {
        qemu_img(&[
            "convert",
            "-f",
            "raw",
            "-O",
            "vpc",
            "-o",
            "subformat=fixed,force_size=on",
            &raw_s,
            &s(&q_vhd),
        ])
    })?;
    let both = [
        Target::new(Format::VhdFixed, dir.join("many.vhd")),
        Target::new(Format::VmdkStreamOptimized, dir.join("many.vmdk")),
    ];
    let t_many = best(runs, || {
        write_many(&raw, &both, &Options::new(epoch, ""))
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    qemu_img(&["compare", "-f", "raw", "-F", "vmdk", &raw_s, &s(&our_vmdk)])?;
    qemu_img(&["compare", "-f", "raw", "-F", "vpc", &raw_s, &s(&our_vhd)])?;

    let mb = |p: &Path| size(p) as f64 / 1e6;
    let row = |label: &str, t: Timing, p: &Path| {
        println!(
            "  {label:<22} {:>7.3} s wall {:>7.2} s CPU {:>9.2} MB",
            t.wall.as_secs_f64(),
            t.cpu,
            mb(p)
        )
    };
    let ratio = |a: Timing, b: Timing| {
        format!(
            "wall {:.2}, CPU {:.2}",
            a.wall.as_secs_f64() / b.wall.as_secs_f64(),
            a.cpu / b.cpu
        )
    };
    let threads = VmdkOptions::new(epoch).threads;
    println!("VMDK streamOptimized:");
    row(
        &format!("railyard ({threads} threads)"),
        t_ours_vmdk,
        &our_vmdk,
    );
    row("railyard (1 thread)", t_ours_vmdk1, &single);
    row("qemu-img", t_q_vmdk, &q_vmdk);
    println!(
        "  ratio railyard/qemu-img: {} (1 thread: {})",
        ratio(t_ours_vmdk, t_q_vmdk),
        ratio(t_ours_vmdk1, t_q_vmdk)
    );
    println!("VHD fixed:");
    row("railyard", t_ours_vhd, &our_vhd);
    row("qemu-img", t_q_vhd, &q_vhd);
    println!("  ratio railyard/qemu-img: {}", ratio(t_ours_vhd, t_q_vhd));
    println!(
        "VHD + VMDK in one pass (write_many): {:.3} s wall {:.2} s CPU (separately: {:.3} s wall {:.2} s CPU)",
        t_many.wall.as_secs_f64(),
        t_many.cpu,
        (t_ours_vhd.wall + t_ours_vmdk.wall).as_secs_f64(),
        t_ours_vhd.cpu + t_ours_vmdk.cpu
    );
    Ok(())
}
