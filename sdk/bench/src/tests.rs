//! `./bench tests`: the run_local_tests harness under TCG.
//!
//! - boot to ssh per architecture (one machine, `cl.basic`), for each board whose qemu_uefi
//!   disk is built;
//! - the whole amd64 suite with `--parallel=1` against `--parallel=2` (wall time, ratio);
//! - the harness's own cost per test beyond the machines' boots (serial wall time minus the
//!   boots, per test), next to the floor any ssh-driven harness has: one bare `ssh true`
//!   to the same running machine, measured in the same run.

use anyhow::{Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

fn options(board: &str, out: &Path, parallel: usize, patterns: &[&str]) -> Result<railyard_localtests::Options> {
    let root = railyard_core::repo::root()?;
    Ok(railyard_localtests::Options {
        board: railyard_core::Board::load(&root, board)?,
        image_dir: root.join("__build__/images").join(board).join("latest"),
        parallel,
        patterns: patterns.iter().map(|s| s.to_string()).collect(),
        output: out.to_path_buf(),
        boot_timeout: Duration::from_secs(900),
        memory_mib: 1024,
        config_append: None,
        update_payload: None,
        sysexts: Vec::new(),
        root: root.clone(),
    })
}

/// Runs the benchmark (results under `dir`).
pub fn bench_tests(dir: &Path) -> Result<()> {
    railyard_core::cleanup::remove_all_on_interrupt();
    for board in ["amd64-usr", "arm64-usr"] {
        let o = options(board, &dir.join(format!("boot-{board}")), 1, &["cl.basic"])?;
        if railyard_localtests::find_image(&o.image_dir).is_err() {
            println!("tests: {board}: no qemu_uefi disk in {} (./build_image --board={board} && ./image_to_vm --board={board}); skipped", o.image_dir.display());
            continue;
        }
        let s = railyard_localtests::run(&o)?;
        let boot = s.machines.first().and_then(|m| m.boot_to_ssh_seconds).context("the machine did not come up")?;
        println!("tests: {board}: QEMU start to the first ssh login (TCG, first boot with Ignition): {boot:.1} s");
    }

    let serial = railyard_localtests::run(&options("amd64-usr", &dir.join("serial"), 1, &[])?)?;
    let parallel = railyard_localtests::run(&options("amd64-usr", &dir.join("parallel"), 2, &[])?)?;
    println!(
        "tests: amd64 suite, {} tests on {} machines: --parallel=1 {:.1} s, --parallel=2 {:.1} s ({:.2}x faster; failures {} / {})",
        serial.tests,
        serial.machines.len(),
        serial.seconds,
        parallel.seconds,
        serial.seconds / parallel.seconds,
        serial.failures,
        parallel.failures
    );
    let boots: f64 = serial.machines.iter().map(|m| m.boot_to_ssh_seconds.unwrap_or(m.seconds)).sum();
    let per_test = (serial.seconds - boots) / serial.tests.max(1) as f64;

    // the floor: a bare ssh login + `true` on a running machine
    let o = options("amd64-usr", &dir.join("ssh-floor"), 1, &[])?;
    let keys = dir.join("ssh-floor-keys");
    let _ = std::fs::remove_dir_all(&keys);
    std::fs::create_dir_all(&keys)?;
    let core = railyard_localtests::machine::keygen(&keys, "core")?;
    let cfg = railyard_localtests::checks::config(railyard_localtests::checks::MachineKind::Peer, &core, &core, None);
    let image = railyard_localtests::find_image(&o.image_dir)?;
    let mut m = railyard_localtests::machine::Machine::start(&o.board.qemu, &image, &dir.join("ssh-floor-vm"), &cfg, None, 1024, false, false)?;
    let key = keys.join("core");
    anyhow::ensure!(m.wait_ssh("core", &key, Duration::from_secs(900))?, "the machine for the ssh floor did not come up");
    let mut t = String::new();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let s = Instant::now();
        m.ssh("core", &key, "true", Duration::from_secs(60), &mut t)?;
        best = best.min(s.elapsed().as_secs_f64());
    }
    m.stop();
    println!(
        "tests: harness time per test beyond the boots: {per_test:.2} s (serial wall {:.1} s - boots {boots:.1} s, / {} tests); one bare `ssh true` on a running machine: {best:.2} s ({:.1} logins' worth per test)",
        serial.seconds,
        serial.tests,
        per_test / best
    );
    Ok(())
}
