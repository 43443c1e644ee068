//! `./bench`: our implementation against the stock tools, measured in one run.
//!
//! - `verity`: dm-verity hashing of a data area (default 1 GiB) vs `veritysetup format`.
//! - `build_image`: `build_image` from a fixed image root vs the stock-tool pipeline
//!   (mkfs.erofs + veritysetup + mkfs.vfat/mcopy + mkfs.ext4 -d ×2 + sgdisk + dd) over the
//!   same staged trees.

use anyhow::{bail, Context, Result};
use railyard_core::Cmd;
use railyard_disk::{verity, Guid};
use std::path::{Path, PathBuf};
use crate::measure::best;

/// Arguments of `bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// What to measure: verity, build_image, packages, plan (a real tree: --tree),
    /// secure_boot, image_to_vm, formats (image_to_vm with every format of image-formats/),
    /// update, sysext, binhost, tests or all (all but plan, secure_boot, image_to_vm,
    /// formats, update, sysext, binhost and tests).
    #[arg(default_value = "all")]
    what: String,
    /// Data size for the verity benchmark, in MiB.
    #[arg(long, default_value_t = 1024)]
    size_mib: u64,
    /// Runs per side; the best is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Packages in the synthetic repository of the `packages` benchmark.
    #[arg(long, default_value_t = 1000)]
    packages: usize,
    /// Scratch directory (default: __build__/bench).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// image_to_vm, update, sysext: board of the base image.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// image_to_vm, update, sysext: directory holding the base image (default: __build__/images/<board>/latest).
    #[arg(long)]
    from: Option<PathBuf>,
    /// image_to_vm: directory to work in (default: the --from directory). update: a newer
    /// build, signed with a key the --from image trusts, whose payload is applied (on the
    /// host and in the guest).
    #[arg(long)]
    to: Option<PathBuf>,
    /// image_to_vm: formats, comma separated (see image-formats/).
    #[arg(long, value_delimiter = ',', default_value = "qemu_uefi")]
    format: Vec<String>,
    /// image_to_vm: directory of format files (default: image-formats/ in the repository).
    #[arg(long = "formats_dir")]
    formats_dir: Option<PathBuf>,
    /// plan: the directory holding Flatcar's portage-stable and coreos-overlay (e.g.
    /// sdk_container/src/third_party of a checkout of Flatcar's scripts).
    #[arg(long)]
    tree: Option<PathBuf>,
}

fn fill(path: &Path, bytes: u64) -> Result<()> {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut buf = vec![0u8; 1 << 20];
    for _ in 0..bytes / buf.len() as u64 {
        for c in buf.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            c.copy_from_slice(&x.to_le_bytes());
        }
        f.write_all(&buf)?;
    }
    Ok(())
}

fn bench_verity(dir: &Path, a: &BenchArgs) -> Result<()> {
    let data_blocks = a.size_mib * 256;
    let total = data_blocks + verity::metadata_blocks(data_blocks);
    let ours = dir.join("verity-ours.img");
    let theirs = dir.join("verity-theirs.img");
    eprintln!("bench verity: writing {} MiB of data ...", a.size_mib);
    fill(&ours, data_blocks * 4096)?;
    std::fs::File::options().write(true).open(&ours)?.set_len(total * 4096)?;
    std::fs::copy(&ours, &theirs)?;
    let salt = vec![0x5a; 32];
    let uuid = Guid::derive(&[b"bench"]);
    let params = verity::Params { data_blocks, salt: salt.clone(), uuid };
    let f = std::fs::File::options().read(true).write(true).open(&ours)?;
    let mut root = String::new();
    let cpu0 = cpu_seconds();
    let t_ours = best(a.runs, || {
        root = verity::format(&f, 0, &params, 0)?.root_hash;
        Ok(())
    })?;
    // CPU per run: unlike wall time, hardly moved by other jobs on the machine
    let cpu_ours = (cpu_seconds() - cpu0) / a.runs.max(1) as f64;
    let mut out = String::new();
    let t_theirs = best(a.runs, || {
        out = Cmd::new("veritysetup format", "veritysetup")
            .args(["format", "--hash=sha256", "--data-block-size=4096", "--hash-block-size=4096"])
            .arg(format!("--data-blocks={data_blocks}"))
            .arg(format!("--hash-offset={}", data_blocks * 4096))
            .arg(format!("--salt={}", hex::encode(&salt)))
            .arg(format!("--uuid={uuid}"))
            .arg(&theirs)
            .arg(&theirs)
            .text()?;
        Ok(())
    })?;
    if !out.contains(&root) {
        bail!("root hashes differ: ours {root}, veritysetup said:\n{out}");
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "verity {} MiB: railyard {:.3} s ({} threads), veritysetup format {:.3} s, ratio {:.2}x (goal <= 0.35x); root hashes equal",
        a.size_mib,
        t_ours,
        threads,
        t_theirs,
        t_ours / t_theirs
    );
    // the other goal: within 10 % of the data hashed once on every core at openssl's rate
    match openssl_sha256_rate() {
        Ok(rate) => {
            let limit = (data_blocks * 4096) as f64 / (threads as f64 * rate);
            println!(
                "verity {} MiB: openssl sha256 (4 KiB blocks) {:.0} MB/s per core, limit {} MiB / ({} x that) = {:.3} s; railyard {:.3} s = {:.2}x the limit (goal <= 1.10x); railyard CPU {:.2} s per run = {:.2}x one core's openssl time ({:.2} s)",
                a.size_mib,
                rate / 1e6,
                a.size_mib,
                threads,
                limit,
                t_ours,
                t_ours / limit,
                cpu_ours,
                cpu_ours / (limit * threads as f64),
                limit * threads as f64
            );
        }
        Err(e) => println!("verity: no openssl sha256 figure ({e:#})"),
    }
    std::fs::remove_file(&ours)?;
    std::fs::remove_file(&theirs)?;
    Ok(())
}

/// User + system CPU seconds of this process so far (all its threads), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit_once(") ").map(|x| x.1).unwrap_or("");
    // `rest` starts at field 3; utime and stime are fields 14 and 15, in 1/100 s
    rest.split_whitespace().skip(11).take(2).map(|x| x.parse::<u64>().unwrap_or(0)).sum::<u64>() as f64 / 100.0
}

/// One core's SHA-256 rate on 4 KiB blocks, bytes per second, from `openssl speed`.
fn openssl_sha256_rate() -> Result<f64> {
    let out = Cmd::new("openssl speed (benchmark reference)", "openssl")
        .args(["speed", "-evp", "sha256", "-bytes", "4096", "-seconds", "2"])
        .text()?;
    // the last line: `sha256  1698457.19k` (thousands of bytes per second)
    let k = out
        .lines()
        .rev()
        .find_map(|l| l.split_whitespace().last()?.strip_suffix('k')?.parse::<f64>().ok())
        .with_context(|| format!("no rate in the output of openssl speed:\n{out}"))?;
    Ok(k * 1000.0)
}

/// The amd64-usr image root installed from the store into `dir/image-root` (./build_packages first).
pub(crate) fn bench_image_root(dir: &Path) -> Result<PathBuf> {
    let root = railyard_core::repo::root()?;
    let session = railyard_packages::engine::Session::open(&railyard_packages::engine::SessionOptions {
        root: root.clone(),
        board: "amd64-usr".into(),
        overlays: Vec::new(),
        targets: Vec::new(),
        state: None,
        read_only: true,
        profile: None,
        host_profile: None,
        break_dep_loop: None,
        keep_cycles: false,
    })?;
    let image_root = dir.join("image-root");
    let _ = std::fs::remove_dir_all(&image_root);
    eprintln!("bench: installing the board's packages into {} ...", image_root.display());
    session.install_image_root(&image_root)?;
    Ok(image_root)
}

/// Build options for the benchmarks: the amd64-usr image at `image_root` into `dir/images`
/// (version `bench`, base layout, unsigned).
pub(crate) fn bench_options(dir: &Path, image_root: PathBuf, keep_work: bool) -> Result<railyard_image::BuildOptions> {
    let root = railyard_core::repo::root()?;
    Ok(railyard_image::BuildOptions {
        cache_dir: root.join("__build__/cache"),
        root,
        board: "amd64-usr".into(),
        output_root: dir.join("images"),
        version: Some("bench".into()),
        disk_layout: "base".into(),
        layout_file: None,
        usr_fs: None,
        source: railyard_image::pipeline::RootSource::Dir(image_root),
        keep_work,
        autologin: false,
        sysexts: Vec::new(),
        secure_boot: None,
        // the stock pipeline computes no digest of its disk either
        digest_image: false,
    })
}

fn bench_build(dir: &Path, a: &BenchArgs) -> Result<()> {
    // the image root: the board's binary packages from the store (./build_packages first)
    let image_root = bench_image_root(dir)?;
    let mut opts = bench_options(dir, image_root, true)?;
    eprintln!("bench build_image: preparing the staged trees ...");
    let first = railyard_image::build(&opts)?;
    let work = dir.join("images/amd64-usr/.bench.work");
    opts.keep_work = false;
    let stage = dir.join("stock-trees");
    let _ = std::fs::remove_dir_all(&stage);
    std::fs::rename(&work, &stage)?;
    let t_ours = best(a.runs, || railyard_image::build(&opts).map(|_| ()))?;
    let disk = &first.disk;
    let img = dir.join("stock.bin");
    let epoch = first.source_date_epoch;
    let t_stock = best(a.runs, || stock_pipeline(&stage, &img, disk, epoch))?;
    println!(
        "build_image (amd64-usr, {} MiB disk): railyard {:.2} s (whole pipeline from the image root), stock tools {:.2} s (filesystems, verity, GPT only), ratio {:.2}x (goal <= 1.0x)",
        disk.size >> 20,
        t_ours,
        t_stock,
        t_ours / t_stock
    );
    // the whole command a user types: plan, install the packages from the store into a
    // scratch root, the pipeline, the signed payload manifest, SBOM, provenance and digests;
    // cold = into an empty output root (the first run here), warm = the same command again
    let root = railyard_core::repo::root()?;
    let out = dir.join("cli-images");
    let _ = std::fs::remove_dir_all(&out);
    let run = || -> Result<()> {
        let o = std::process::Command::new(crate::packages::railyard(&root)?.get_program())
            .args(["build_image", "--board=amd64-usr"])
            .arg(format!("--output_root={}", out.display()))
            .env("RAILYARD_ROOT", &root)
            .current_dir(&root)
            .output()?;
        if !o.status.success() {
            bail!("./build_image failed:\n{}", String::from_utf8_lossy(&o.stderr));
        }
        Ok(())
    };
    let t = std::time::Instant::now();
    run()?;
    let t_cold = t.elapsed().as_secs_f64();
    let t_warm = best(a.runs, run)?;
    println!("./build_image --board=amd64-usr (the whole command, from the package store): cold {t_cold:.2} s (empty output root), warm {t_warm:.2} s (best of {})", a.runs);
    Ok(())
}

/// The same disk assembled with stock tools, each writing a file that is then copied in.
fn stock_pipeline(stage: &Path, img: &Path, disk: &railyard_disk::PlannedDisk, epoch: u64) -> Result<()> {
    use railyard_disk::layout::Role;
    let part = |r: Role| disk.by_role(r).context("role");
    let tmp = stage.join("stock");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    let usr = tmp.join("usr.img");
    Cmd::new("mkfs.erofs", "mkfs.erofs").args(["--quiet", "--all-root", "-x-1"]).arg(format!("-T{epoch}")).arg(&usr).arg(stage.join("usr-root/usr")).run()?;
    let usr_p = part(Role::UsrA)?;
    let d = verity::max_data_blocks(usr_p.size);
    std::fs::File::options().write(true).open(&usr)?.set_len(usr_p.size)?;
    Cmd::new("veritysetup", "veritysetup")
        .args(["format", "--hash=sha256"])
        .arg(format!("--data-blocks={d}"))
        .arg(format!("--hash-offset={}", d * 4096))
        .arg(&usr)
        .arg(&usr)
        .run()?;
    let esp_p = part(Role::Esp)?;
    let esp = tmp.join("esp.img");
    std::fs::File::create(&esp)?.set_len(esp_p.size)?;
    Cmd::new("mkfs.vfat", "mkfs.vfat").args(["-F", "32", "-s", "2", "-n", "EFI-SYSTEM"]).arg(&esp).run()?;
    let mut mc = Cmd::new("mcopy", "mcopy").env("MTOOLS_SKIP_CHECK", "1").args(["-s", "-i"]).arg(&esp);
    for e in std::fs::read_dir(stage.join("esp"))? {
        mc = mc.arg(e?.path());
    }
    mc.arg("::/").run()?;
    let mut pieces = vec![(usr.clone(), usr_p.start), (esp.clone(), esp_p.start)];
    for (r, name, src) in [(Role::Root, "ROOT", stage.join("root")), (Role::Oem, "OEM", stage.join("oem"))] {
        let p = part(r)?;
        let f = tmp.join(format!("{name}.img"));
        Cmd::new("mkfs.ext4", "mkfs.ext4")
            .args(["-q", "-F", "-L", name, "-E", "root_owner=0:0", "-d"])
            .arg(&src)
            .arg(&f)
            .arg(format!("{}k", p.size / 1024))
            .run()?;
        pieces.push((f, p.start));
    }
    let _ = std::fs::remove_file(img);
    std::fs::File::create(img)?.set_len(disk.size)?;
    let mut sg = Cmd::new("sgdisk", "sgdisk");
    for p in &disk.partitions {
        sg = sg
            .arg(format!("-n{}:{}:{}", p.num, p.first_lba(), p.last_lba()))
            .arg(format!("-t{}:{}", p.num, p.type_guid))
            .arg(format!("-c{}:{}", p.num, p.label))
            .arg(format!("-u{}:{}", p.num, p.uuid));
    }
    sg.args(["-A3:set:48", "-A3:set:56"]).arg(img).run()?;
    for (f, off) in pieces {
        Cmd::new("dd", "dd")
            .arg(format!("if={}", f.display()))
            .arg(format!("of={}", img.display()))
            .args(["bs=1M", "conv=notrunc,sparse", "status=none", "oflag=seek_bytes"])
            .arg(format!("seek={off}"))
            .run()?;
    }
    Ok(())
}

/// Runs `bench`.
pub fn run(a: BenchArgs) -> Result<()> {
    // works under --to (the base image's directory by default), not the scratch directory
    if a.what == "image_to_vm" {
        return crate::image_to_vm::bench_image_to_vm(&a.board, a.from.clone(), a.to.clone(), &a.format, a.formats_dir.clone());
    }
    // `formats`: the same, with every format of the formats directory in the one-run row
    if a.what == "formats" {
        return crate::image_to_vm::bench_image_to_vm(&a.board, a.from.clone(), a.to.clone(), &[], a.formats_dir.clone());
    }
    let dir = match &a.dir {
        Some(d) => d.clone(),
        None => railyard_core::repo::root()?.join("__build__/bench"),
    };
    std::fs::create_dir_all(&dir)?;
    if a.what == "sysext" {
        return crate::sysext::bench_sysext(&a.board, a.from.clone(), &dir.join("sysext"), a.runs);
    }
    if a.what == "update" {
        return crate::update::bench_update(&a.board, a.from.clone(), a.to.clone(), &dir.join("update"), a.runs);
    }
    match a.what.as_str() {
        "verity" => bench_verity(&dir, &a),
        "build_image" => bench_build(&dir, &a),
        "packages" => crate::packages::bench_packages(&dir, a.packages, a.runs),
        "binhost" => crate::binhost::bench_binhost(&dir.join("binhost"), a.runs),
        "plan" => match &a.tree {
            Some(t) => crate::plan::bench_plan(t, a.runs),
            None => bail!("bench plan needs --tree=DIR: the directory holding Flatcar's portage-stable and coreos-overlay"),
        },
        "secure_boot" => crate::secureboot::bench_secure_boot(&dir, a.runs),
        "tests" => crate::tests::bench_tests(&dir.join("tests")),
        "all" => {
            bench_verity(&dir, &a)?;
            bench_build(&dir, &a)?;
            crate::packages::bench_packages(&dir, a.packages, a.runs)
        }
        o => bail!("unknown benchmark {o:?}: verity, build_image, packages, plan, secure_boot, image_to_vm, formats, update, sysext, binhost, tests or all"),
    }
}
