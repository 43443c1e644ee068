//! `railyard bench packages`: our planner against Portage's resolver on a generated
//! repository of 1,000+ packages (`synthrepo`), and the no-op plan of the default board.
//!
//! Setup (not timed): generate the repository under `<dir>/synthetic-<n>` and plan it
//! once, which runs egencache into it (kept between benchmark runs: the generator leaves
//! an up-to-date md5-cache alone). Timed, best of `runs`, wall time of whole processes:
//!
//! - ours: `railyard build_packages --board=amd64-usr --pretend --json --overlay=… synthetic/all`;
//! - Portage: `emerge-amd64-usr --pretend --emptytree synthetic/all` (the wrapper our run
//!   just wrote, so the same repositories and configuration);
//! - the default board's no-op: `railyard build_packages --pretend` (nothing to build when
//!   the store is complete; the table says how many packages it would build).

use crate::synthrepo;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// Seed of the benchmark repository (fixed: runs are comparable).
const SEED: u64 = 1_000;
const BOARD: &str = "amd64-usr";

pub(crate) fn railyard(root: &Path) -> Result<Command> {
    // the product binary built beside this one (`./bench` builds both)
    let exe = std::env::current_exe().context("locating the bench binary")?.with_file_name("railyard");
    let mut c = Command::new(std::env::var_os("RAILYARD_BIN").map(PathBuf::from).unwrap_or(exe));
    c.env("RAILYARD_ROOT", root).current_dir(root);
    Ok(c)
}

pub(crate) fn ok(what: &str, o: Output) -> Result<Output> {
    if !o.status.success() {
        bail!("{what} failed:\n{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    }
    Ok(o)
}

/// The JSON document at the end of `build_packages --pretend --json` (after the text plan).
pub(crate) fn plan_json(o: &Output) -> Result<serde_json::Value> {
    let s = String::from_utf8_lossy(&o.stdout);
    let start = if s.starts_with('{') { 0 } else { s.find("\n{\n").map(|i| i + 1).context("no JSON in build_packages' output")? };
    serde_json::from_str(&s[start..]).context("parsing build_packages' JSON")
}

/// Runs the benchmark with an `n`-package repository under `dir`, best of `runs`.
pub fn bench_packages(dir: &Path, n: usize, runs: usize) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let repo_dir = dir.join(format!("synthetic-{n}"));
    eprintln!("bench packages: generating {n} packages in {} ...", repo_dir.display());
    let t = Instant::now();
    let summary = synthrepo::generate(&repo_dir, n, SEED)?;
    let t_gen = t.elapsed().as_secs_f64();
    let overlay = format!("--overlay={}", repo_dir.display());
    let board = format!("--board={BOARD}");
    let ours_args = ["build_packages", board.as_str(), "--pretend", "--json", overlay.as_str(), synthrepo::TARGET];

    // setup: metadata (egencache) and a first plan
    eprintln!("bench packages: first plan (runs egencache when the metadata is missing or stale) ...");
    let t = Instant::now();
    let first = ok("build_packages --pretend (setup)", railyard(&root)?.args(ours_args).output()?)?;
    let t_setup = t.elapsed().as_secs_f64();
    let regenerated = String::from_utf8_lossy(&first.stdout).contains("metadata regenerated");
    let planned = plan_json(&first)?["plan"].as_array().map(Vec::len).unwrap_or(0);
    let emerge: PathBuf = root.join("__build__/packages").join(BOARD).join("bin").join(format!("emerge-{BOARD}"));
    let emerge_args = ["--pretend", "--emptytree", synthrepo::TARGET];
    let e = ok("emerge --pretend (setup)", Command::new(&emerge).args(emerge_args).output()?)?;
    let etext = String::from_utf8_lossy(&e.stdout);
    let lines: Vec<&str> = etext.lines().filter(|l| l.starts_with("[ebuild")).collect();
    let distinct: std::collections::BTreeSet<&str> =
        lines.iter().filter_map(|l| l.split_once("] ").map(|(_, r)| r.trim_start().split([':', ' ']).next().unwrap_or(""))).collect();
    let portage_lines = lines.len();

    // timed: alternate ours and Portage (each emerge right after one of our runs, which
    // rewrote the wrapper for this repository set)
    eprintln!("bench packages: timing, best of {runs} ...");
    let (mut t_ours, mut t_emerge) = (f64::MAX, f64::MAX);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        ok("build_packages --pretend", railyard(&root)?.args(ours_args).output()?)?;
        t_ours = t_ours.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        ok("emerge --pretend", Command::new(&emerge).args(emerge_args).output()?)?;
        t_emerge = t_emerge.min(t.elapsed().as_secs_f64());
    }

    // the default board's no-op plan
    let noop_args = ["build_packages", board.as_str(), "--pretend", "--json"];
    let mut noop_pkgs = 0;
    let mut noop_todo = 0;
    let t_noop = crate::measure::best(runs, || {
        let o = ok("build_packages --pretend (default board)", railyard(&root)?.args(noop_args).output()?)?;
        let v = plan_json(&o)?;
        let plan = v["plan"].as_array().cloned().unwrap_or_default();
        noop_pkgs = plan.len();
        noop_todo = plan.iter().filter(|p| p["action"] == "build").count();
        Ok(())
    })?;

    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("bench packages: {n} synthetic packages ({} ebuilds, seed {SEED}), best of {runs}, wall time, {cores} cores", summary.ebuilds);
    println!("  setup: generate {t_gen:.2} s; first plan {t_setup:.1} s ({})", if regenerated { "ran egencache" } else { "metadata already up to date" });
    println!("  {:<58} {:>9} {:>10}", "what", "seconds", "packages");
    println!("  {:<58} {:>9.3} {:>10}", "railyard build_packages --pretend --json synthetic/all", t_ours, planned);
    println!("  {:<58} {:>9.3} {:>10}", format!("emerge-{BOARD} --pretend --emptytree synthetic/all"), t_emerge, distinct.len());
    println!("  {:<58} {:>9.3}", "ratio ours / Portage", t_ours / t_emerge);
    println!(
        "  {:<58} {:>9.3} {:>10}",
        format!("railyard build_packages --pretend ({BOARD}, {noop_todo} to build)"),
        t_noop,
        noop_pkgs
    );
    println!(
        "  (Portage merges {portage_lines} packages: BDEPEND subtrees also go into the build host's root /; the counts differ where our plan differs, see tests/plan_vs_portage.rs)"
    );
    Ok(())
}
