//! `./bench plan --tree=DIR`: our planner against Portage's resolver on a real tree (issue
//! 21): Flatcar's `portage-stable` + `coreos-overlay` (`DIR` holds both, e.g. a checkout's
//! `sdk_container/src/third_party`), board profile `coreos/<arch>/generic`, build-host
//! profile `coreos/<arch>/sdk`, each target planned on its own.
//!
//! Cold: Railyard's record of ebuilds that do not source and Portage's dependency cache
//! (`PORTAGE_DEPCACHEDIR`, where emerge keeps metadata it had to generate) are removed
//! first; warm: best of `runs`. Wall time of whole processes; a plan that ends in a cycle
//! (Flatcar's graph from an empty tree has some, for both) still counts: the whole plan
//! is printed before the cycle is reported, by both.

use crate::packages::{plan_json, railyard};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BOARD: &str = "amd64-usr";
/// What the benchmark plans (issue 21's targets).
pub const TARGETS: [&str; 3] = ["coreos-base/coreos", "sys-apps/systemd", "sys-kernel/coreos-kernel"];

pub fn bench_plan(tree: &Path, runs: usize) -> Result<()> {
    let root = railyard_core::repo::root()?;
    let (ps, co) = (tree.join("portage-stable"), tree.join("coreos-overlay"));
    for d in [&ps, &co] {
        if !d.join("profiles/repo_name").is_file() {
            bail!("--tree={}: no {} repository there (give the directory holding portage-stable and coreos-overlay, e.g. sdk_container/src/third_party of Flatcar's scripts)", tree.display(), d.file_name().unwrap_or_default().to_string_lossy());
        }
    }
    let arch = railyard_core::tools::host_arch();
    let args = |target: &str| -> Vec<String> {
        vec![
            "build_packages".into(),
            format!("--board={BOARD}"),
            format!("--overlay={}", ps.display()),
            format!("--overlay={}", co.display()),
            format!("--profile={}", co.join(format!("profiles/coreos/{arch}/generic")).display()),
            format!("--host-profile={}", co.join(format!("profiles/coreos/{arch}/sdk")).display()),
            "--pretend".into(),
            "--json".into(),
            target.into(),
        ]
    };
    let state = root.join("__build__/packages").join(BOARD);
    let emerge = state.join("bin").join(format!("emerge-{BOARD}"));
    let ours = |target: &str| -> Result<(f64, usize)> {
        let t = Instant::now();
        let o = railyard(&root)?.args(args(target)).output()?;
        let secs = t.elapsed().as_secs_f64();
        let v = plan_json(&o).with_context(|| format!("no plan for {target}:\n{}", String::from_utf8_lossy(&o.stderr)))?;
        Ok((secs, v["plan"].as_array().map(Vec::len).unwrap_or(0)))
    };
    let theirs = |target: &str| -> Result<(f64, usize)> {
        let t = Instant::now();
        let o = Command::new(&emerge).args(["--pretend", "--emptytree", "--color=n", target]).output()?;
        let secs = t.elapsed().as_secs_f64();
        let out = String::from_utf8_lossy(&o.stdout);
        let n = out.lines().filter(|l| l.starts_with("[ebuild")).count();
        if n == 0 {
            bail!("emerge --pretend {target} planned nothing:\n{out}{}", String::from_utf8_lossy(&o.stderr));
        }
        Ok((secs, n))
    };
    println!("bench plan: {} (board profile coreos/{arch}/generic, build host coreos/{arch}/sdk), best of {runs}", tree.display());
    println!("  {:<28} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8} {:>7}", "target", "ours cold", "Portage", "ours warm", "Portage", "ours n", "Portage", "warm x");
    for target in TARGETS {
        // cold: no record of ebuilds that do not source, no Portage dependency cache
        let _ = std::fs::remove_dir_all(state.join("metadata-broken"));
        let (c_ours, n_ours) = ours(target)?;
        let _ = std::fs::remove_dir_all(state.join("tmp/depcache"));
        let (c_theirs, n_theirs) = theirs(target)?;
        let (mut w_ours, mut w_theirs) = (f64::MAX, f64::MAX);
        for _ in 0..runs.max(1) {
            w_ours = w_ours.min(ours(target)?.0);
            w_theirs = w_theirs.min(theirs(target)?.0);
        }
        println!("  {target:<28} {c_ours:>9.2}s {c_theirs:>9.2}s {w_ours:>9.2}s {w_theirs:>9.2}s {n_ours:>8} {n_theirs:>8} {:>6.2}x", w_ours / w_theirs);
    }
    println!("  (n: packages in the plan; emerge's count is what it lists, which stops short where it meets a cycle)");
    Ok(())
}
