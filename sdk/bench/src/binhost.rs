//! `railyard bench binhost`: the default board built cold (empty store, every package
//! built by Portage) against the same board taken from a warm binhost (an OCI registry on
//! 127.0.0.1 holding every package), and our pull against `skopeo copy` of the same blobs.
//!
//! Setup (not timed): Debian's docker-registry on a free loopback port with its storage
//! under `<dir>`, a key pair from `railyard keygen`, the board's packages pushed from this
//! checkout's store (built first if incomplete), and a second checkout (the tracked files)
//! with this checkout's distfiles hard-linked, so the cold build downloads nothing.
//!
//! Timed, wall time of whole processes: the cold build (once: it is minutes), the warm
//! `build_packages --binhost --binhost-key` into an emptied store (best of `runs`), and
//! `skopeo copy` of every package's manifest and blobs into an OCI layout (best of `runs`),
//! and the cold build again with `--executor=slurm` on a one-node cluster started for it
//! (the Slurm executor's overhead per package over the local one).

use crate::packages::{ok, railyard};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const BOARD: &str = "amd64-usr";

struct Registry(std::process::Child);

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_registry(dir: &Path) -> Result<(Registry, u16)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let cfg = dir.join("config.yml");
    std::fs::write(
        &cfg,
        format!("version: 0.1\nlog: {{level: warn}}\nstorage: {{filesystem: {{rootdirectory: {}}}}}\nhttp: {{addr: 127.0.0.1:{port}}}\n", dir.join("data").display()),
    )?;
    let child = Command::new("docker-registry")
        .arg("serve")
        .arg(&cfg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting docker-registry (apt-get install docker-registry; ./setup_host --tests installs it)")?;
    let r = Registry(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok((r, port));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    bail!("docker-registry did not listen on 127.0.0.1:{port}")
}

fn copy_checkout(root: &Path, dest: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(dest);
    std::fs::create_dir_all(dest.join("__build__"))?;
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("git ls-files -z | tar --null -T - -cf - | tar -xf - -C '{}'", dest.display()))
        .current_dir(root)
        .output()?;
    ok("copying the checkout", o)?;
    if root.join("__build__/distfiles").is_dir() {
        ok("linking the distfiles", Command::new("cp").arg("-al").arg(root.join("__build__/distfiles")).arg(dest.join("__build__/distfiles")).output()?)?;
    }
    Ok(())
}

fn du(d: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            n += du(&p);
        } else if let Ok(m) = p.metadata() {
            n += m.len();
        }
    }
    n
}

/// Runs the benchmark under `dir`, best of `runs` for the warm side.
pub fn bench_binhost(dir: &Path, runs: usize) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let portage = root.join("__build__/portage");
    eprintln!("bench binhost: making sure this checkout's store holds the board ...");
    ok("build_packages", railyard(&root)?.args(["build_packages", &format!("--board={BOARD}")]).output()?)?;
    let (_reg, port) = start_registry(&dir.join("registry"))?;
    // keys never live in a work tree (keygen refuses): a per-run directory under $TMPDIR
    let keys = std::env::temp_dir().join(format!("railyard-bench-binhost-keys-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    ok("keygen", railyard(&root)?.args(["keygen", "--name=bench"]).arg(format!("--output_dir={}", keys.display())).output()?)?;
    let url = format!("127.0.0.1:{port}/railyard/{BOARD}");
    let bh = format!("--binhost={url}");
    let trust = format!("--binhost-key={}", keys.join("bench.pub").display());
    eprintln!("bench binhost: pushing the board to {url} ...");
    let t = Instant::now();
    let o = ok(
        "build_packages --binhost-push",
        railyard(&root)?.args(["build_packages", &format!("--board={BOARD}"), "--json", &bh, "--binhost-push"]).arg(format!("--signing_key={}", keys.join("bench.key").display())).output()?,
    )?;
    let t_push = t.elapsed().as_secs_f64();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).context("build_packages --json")?;
    let pushed = v["binhost"]["pushed"].as_array().map(Vec::len).unwrap_or(0);
    let tags: Vec<String> = v["plan"].as_array().map(|a| a.iter().filter_map(|p| p["input_hash"].as_str().map(str::to_string)).collect()).unwrap_or_default();

    let other = dir.join("checkout");
    copy_checkout(&root, &other)?;
    let store = other.join("__build__/packages").join(BOARD).join("store");
    let in_other = |args: &[&str]| -> Result<Output> {
        let mut c = railyard(&other)?;
        c.args(args).env("RAILYARD_PORTAGE", &portage);
        Ok(c.output()?)
    };
    eprintln!("bench binhost: cold build in {} (every package built by Portage) ...", other.display());
    let _ = std::fs::remove_dir_all(&store);
    let t = Instant::now();
    ok("cold build_packages", in_other(&["build_packages", &format!("--board={BOARD}"), "--no-binhost"])?)?;
    let t_cold = t.elapsed().as_secs_f64();
    let bytes = du(&store);
    eprintln!("bench binhost: warm builds from the registry, best of {runs} ...");
    let t_warm = crate::measure::best(runs, || {
        let _ = std::fs::remove_dir_all(&store);
        let o = ok("warm build_packages", in_other(&["build_packages", &format!("--board={BOARD}"), "--json", &bh, &trust])?)?;
        let v: serde_json::Value = serde_json::from_slice(&o.stdout)?;
        let built = v["built"].as_array().map(|a| a.iter().filter(|o| o["status"] == "built").count()).unwrap_or(0);
        if built != 0 {
            bail!("the warm build built {built} package(s): the registry did not serve them");
        }
        Ok(())
    })?;
    eprintln!("bench binhost: skopeo copy of the same {} manifests and their blobs, best of {runs} ...", tags.len());
    let layout = dir.join("skopeo-layout");
    let t_skopeo = crate::measure::best(runs, || {
        let _ = std::fs::remove_dir_all(&layout);
        for t in &tags {
            ok(
                "skopeo copy",
                Command::new("skopeo")
                    .args(["copy", "--quiet", "--src-tls-verify=false", &format!("docker://{url}:{t}"), &format!("oci:{}:{t}", layout.display())])
                    .output()
                    .context("running skopeo (apt-get install skopeo)")?,
            )?;
        }
        Ok(())
    })?;
    // The Slurm executor on a one-node cluster started here, from an empty store and an
    // empty repository of the same registry (every package built, as in the cold build,
    // each in its own job, pushed, pulled back): its overhead over the local executor.
    eprintln!("bench binhost: cold build with --executor=slurm on a one-node cluster ...");
    let cluster = crate::cluster::Slurm::start(&dir.join("slurm"))?;
    let _ = std::fs::remove_dir_all(&store);
    let t = Instant::now();
    let o = ok(
        "build_packages --executor=slurm",
        railyard(&other)?
            .args(["build_packages", &format!("--board={BOARD}"), "--json", "--executor=slurm", "--binhost-push"])
            .arg(format!("--binhost=127.0.0.1:{port}/railyard-slurm/{BOARD}"))
            .arg(format!("--signing_key={}", keys.join("bench.key").display()))
            .env("RAILYARD_PORTAGE", &portage)
            .env("SLURM_CONF", cluster.conf())
            .output()?,
    )?;
    let t_slurm = t.elapsed().as_secs_f64();
    drop(cluster);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).context("build_packages --executor=slurm --json")?;
    let jobs = v["slurm"]["jobs"].as_array().map(Vec::len).unwrap_or(0);
    if jobs == 0 {
        bail!("the Slurm build submitted no job: nothing was measured");
    }
    let _ = std::fs::remove_dir_all(&keys);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mib = bytes as f64 / (1 << 20) as f64;
    println!("bench binhost: board {BOARD}, {} packages ({mib:.1} MiB of gpkgs), {cores} cores, wall time", tags.len());
    println!("  {:<62} {:>9}", "what", "seconds");
    println!("  {:<62} {:>9.2}", format!("push {pushed} packages (signed) to the registry (setup)"), t_push);
    println!("  {:<62} {:>9.2}", "cold: build_packages, empty store, every package built", t_cold);
    println!("  {:<62} {:>9.2}", format!("warm: build_packages --binhost --binhost-key (best of {runs})"), t_warm);
    println!("  {:<62} {:>9.1}x  (goal >= 20x)", "speed-up cold / warm", t_cold / t_warm);
    println!("  {:<62} {:>9.2}", format!("skopeo copy of the same {} entries (best of {runs})", tags.len()), t_skopeo);
    println!("  {:<62} {:>9.2}  ({:.0} MiB/s ours, {:.0} MiB/s skopeo)", "ratio warm build / skopeo copy", t_warm / t_skopeo, mib / t_warm, mib / t_skopeo);
    println!("  {:<62} {:>9.2}", format!("cold with --executor=slurm ({jobs} jobs, one node, pushes included)"), t_slurm);
    println!(
        "  {:<62} {:>9.2}  ({:+.2} s per package)",
        "ratio slurm / local executor, cold",
        t_slurm / t_cold,
        (t_slurm - t_cold) / jobs as f64
    );
    Ok(())
}

