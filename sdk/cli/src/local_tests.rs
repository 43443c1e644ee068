//! `railyard run_local_tests`: arguments and output of the kola-style harness
//! (`railyard_localtests`).

use anyhow::{bail, Result};
use railyard_core::Board;
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `run_local_tests`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Board.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Directory holding the built image and its qemu_uefi disk (`./image_to_vm
    /// --format=qemu_uefi`; default: __build__/images/<board>/latest).
    #[arg(long)]
    image: Option<PathBuf>,
    /// Machines booted side by side (each takes --memory MiB and one core under TCG).
    #[arg(long, default_value_t = 1)]
    parallel: usize,
    /// Platform to boot on (only qemu).
    #[arg(long, default_value = "qemu")]
    platform: String,
    /// Results directory (replaced; default: __build__/local-tests/<board>).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Longest wait, per machine, from QEMU's start to an ssh login.
    #[arg(long = "boot_timeout", value_name = "SECONDS", default_value_t = 900)]
    boot_timeout: u64,
    /// Memory per machine, MiB.
    #[arg(long, default_value_t = 1024)]
    memory: u32,
    /// An Ignition config merged into every machine's config (to test your own).
    #[arg(long = "config_append", value_name = "FILE")]
    config_append: Option<PathBuf>,
    /// The update the cl.update.* tests install: a newer build's directory (or its
    /// `*_update.manifest`) signed with a key this image trusts; without it those tests are
    /// skipped.
    #[arg(long = "update_payload", value_name = "DIR")]
    update_payload: Option<PathBuf>,
    /// A system extension for the cl.sysext.* tests (NAME.raw from ./build_sysext, its
    /// .usrhash/.roothash next to it; repeatable): placed in /etc/extensions of the main
    /// machine, tampered on the peer; without it those tests are skipped.
    #[arg(long = "sysext", value_name = "NAME.raw")]
    sysexts: Vec<PathBuf>,
    /// List the tests and exit.
    #[arg(long)]
    list: bool,
    /// Print the JSON summary on standard output.
    #[arg(long)]
    json: bool,
    /// Tests to run (names; `*` matches anything, e.g. 'cl.ignition.*'); default: all.
    #[arg(value_name = "PATTERN")]
    patterns: Vec<String>,
}

/// Runs the tests; the number of failures.
pub fn run(a: Args) -> Result<usize> {
    if a.list {
        for t in railyard_localtests::select(&a.patterns)? {
            println!("{}", t.name);
        }
        return Ok(0);
    }
    if a.platform != "qemu" {
        bail!("--platform={}: only qemu is supported", a.platform);
    }
    if a.parallel == 0 {
        bail!("--parallel must be at least 1");
    }
    let root = railyard_core::repo::root()?;
    let board = Board::load(&root, &a.board)?;
    let image_dir = a.image.clone().unwrap_or_else(|| root.join("__build__/images").join(&a.board).join("latest"));
    let output = a.output.clone().unwrap_or_else(|| root.join("__build__/local-tests").join(&a.board));
    railyard_core::cleanup::remove_all_on_interrupt();
    let s = railyard_localtests::run(&railyard_localtests::Options {
        board,
        image_dir,
        parallel: a.parallel,
        patterns: a.patterns.clone(),
        output,
        boot_timeout: Duration::from_secs(a.boot_timeout),
        memory_mib: a.memory,
        config_append: a.config_append.clone(),
        update_payload: a.update_payload.clone(),
        sysexts: a.sysexts.clone(),
        root: root.clone(),
    })?;
    for m in &s.machines {
        match m.boot_to_ssh_seconds {
            Some(b) => eprintln!("machine {:?}: ssh after {b:.1} s, ran {:.1} s ({})", m.kind, m.seconds, m.dir.display()),
            None => eprintln!("machine {:?}: ran {:.1} s ({})", m.kind, m.seconds, m.dir.display()),
        }
    }
    eprintln!(
        "run_local_tests: {} passed, {} failed, {} skipped of {} in {:.1} s; JUnit: {}",
        s.tests - s.failures - s.skipped,
        s.failures,
        s.skipped,
        s.tests,
        s.seconds,
        s.junit.display()
    );
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    }
    Ok(s.failures)
}
