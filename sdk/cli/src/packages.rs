//! `build_packages`: plan the board's packages, build what is missing, report.

use anyhow::{bail, Result};
use railyard_packages::engine::{self, BuildOptions, Session, SessionOptions};
use railyard_packages::report;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `build_packages` (Flatcar's flag names where they exist).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Board to build for.
    #[arg(long, default_value = "amd64-usr")]
    board: String,
    /// Packages built at the same time (each one also runs `make -j<cores>`).
    #[arg(long, default_value_t = 2)]
    jobs: usize,
    /// Print the plan (what would be built and why) and build nothing.
    #[arg(long)]
    pretend: bool,
    /// After a failure, keep building packages that do not depend on it.
    #[arg(long = "keep-going", alias = "keep_going")]
    keep_going: bool,
    /// An extra ebuild repository (repeatable; highest priority last). Also:
    /// RAILYARD_OVERLAYS=dir:dir and the board's [packages] overlays.
    #[arg(long = "overlay", value_name = "DIR")]
    overlays: Vec<PathBuf>,
    /// A Portage profile directory to use instead of the board's (e.g. one of a vendor
    /// tree passed with --overlay; its `parent` chain may reach the board's repositories).
    #[arg(long = "profile", value_name = "DIR")]
    profile: Option<PathBuf>,
    /// Build this package again even if its store entry is good, replacing the entry
    /// (repeatable; `cat/pn`, `pn` or `cat/pn-version`).
    #[arg(long = "rebuild", value_name = "ATOM")]
    rebuild: Vec<String>,
    /// Do not replace bad store entries (a package whose SHA-256 no longer matches its
    /// record): report them and fail instead.
    #[arg(long = "no-rebuild", alias = "no_rebuild")]
    no_rebuild: bool,
    /// Check every entry of the board's package store against its record, list the bad
    /// ones, and exit non-zero if there are any (builds nothing).
    #[arg(long = "verify-store", alias = "verify_store")]
    verify_store: bool,
    /// Print a JSON summary on standard output.
    #[arg(long)]
    json: bool,
    /// Packages to build (atoms or names) instead of the board's targets.
    #[arg(value_name = "PKG")]
    packages: Vec<String>,
}

/// Runs `build_packages`.
pub fn run(a: Args) -> Result<()> {
    let root = railyard_core::repo::root()?;
    if a.verify_store {
        return verify_store(&root, &a);
    }
    let s = Session::open(&SessionOptions {
        root,
        board: a.board.clone(),
        overlays: a.overlays.clone(),
        targets: a.packages.clone(),
        state: None,
        read_only: false,
        profile: a.profile.clone(),
    })?;
    let mut force = std::collections::BTreeSet::new();
    for atom in &a.rebuild {
        force.extend(s.matching(atom)?);
    }
    let actions = s.actions(&force);
    if a.no_rebuild && !actions.bad.is_empty() {
        bail!("{}", report::bad_entries_error(&a.board, &actions.bad));
    }
    for (_, why) in &actions.bad {
        eprintln!(">>> bad store entry, will be rebuilt: {why}");
    }
    let todo = actions.todo;
    let planned = report::plan_json(&s, &todo);
    // the plan goes to stdout for --pretend (stderr when stdout carries --json)
    let text = report::plan_text(&s, &todo, a.pretend);
    if a.pretend && !a.json {
        print!("{text}");
    } else {
        eprint!("{text}");
    }
    if a.pretend {
        if a.json {
            println!("{}", serde_json::to_string_pretty(&json!({"board": a.board, "plan": planned, "plan_seconds": s.plan_seconds}))?);
        }
        return Ok(());
    }
    let t0 = std::time::Instant::now();
    let plan_seconds = s.plan_seconds;
    let n_todo = todo.len();
    let state = s.state.clone();
    let outcomes = if todo.is_empty() { Vec::new() } else { engine::build(s, todo, &BuildOptions { jobs: a.jobs.max(1), keep_going: a.keep_going, progress: true, force })? };
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "board": a.board, "plan": planned, "plan_seconds": plan_seconds,
                "built": outcomes, "seconds": t0.elapsed().as_secs_f64() + plan_seconds,
                "store": state.join("store"),
            }))?
        );
    }
    eprintln!("{}", report::summary_line(&outcomes, n_todo, planned.len(), plan_seconds, t0.elapsed().as_secs_f64(), &state.join("logs")));
    match report::failures(&outcomes) {
        Some(e) => bail!("{e}"),
        None => Ok(()),
    }
}

/// `--verify-store`: every entry of the board's store against its record.
fn verify_store(root: &std::path::Path, a: &Args) -> Result<()> {
    let (report, bad, end) = report::verify_store(root, &a.board)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    for line in bad {
        eprintln!("{line}");
    }
    match end {
        Ok(line) => {
            eprintln!("{line}");
            Ok(())
        }
        Err(e) => bail!("{e}"),
    }
}
