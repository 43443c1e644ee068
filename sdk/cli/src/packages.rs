//! `build_packages`: plan the board's packages, build what is missing, report.

use anyhow::{bail, Result};
use railyard_packages::engine::{self, BuildOptions, Session, SessionOptions};
use railyard_packages::binhost::{self, Binhost};
use railyard_packages::report;
use railyard_packages::store::Store;
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
    /// The build host's (BROOT) profile for BDEPEND/IDEPEND subtrees instead of the
    /// board's `[packages] host_profile` or Portage's own (e.g. a vendor SDK profile such
    /// as Flatcar's coreos/amd64/sdk); Portage's `/` configuration follows it.
    #[arg(long = "host-profile", alias = "host_profile", value_name = "DIR")]
    host_profile: Option<PathBuf>,
    /// Flatcar's break_dep_loop: plan and build this package first with these USE flags
    /// cleared, then the targets against a board root that holds it, breaking a dependency
    /// loop where it satisfies a dependency (repeatable, ATOM:FLAG[,FLAG…], e.g.
    /// sys-fs/lvm2:systemd,udev; replaces the board's [packages] break_dep_loop).
    #[arg(long = "break-dep-loop", value_name = "ATOM:FLAGS")]
    break_dep_loop: Vec<String>,
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
    /// The binary-package cache in an OCI registry, REGISTRY/REPOSITORY: every package to
    /// build is looked up there by its input hash first and pulled when found (checked
    /// against its record and, with a trusted key, its signature). Also: $RAILYARD_BINHOST
    /// and the board's `[packages] binhost`. Loopback registries are spoken to over HTTP;
    /// credentials come from podman's auth.json or docker's config.json.
    #[arg(long, value_name = "REGISTRY/REPO")]
    binhost: Option<String>,
    /// Do not use a binhost (overrides $RAILYARD_BINHOST and the board's setting).
    #[arg(long = "no-binhost", alias = "no_binhost")]
    no_binhost: bool,
    /// Push every planned package the binhost lacks after the build, each signed with the
    /// signing key (--signing_key or $RAILYARD_SIGNING_KEY_FILE/$RAILYARD_SIGNING_KEY).
    #[arg(long = "binhost-push", alias = "binhost_push")]
    binhost_push: bool,
    /// Pull only packages signed with this ed25519 public key (`keygen`'s .pub or
    /// .pub.pem); unsigned or otherwise signed entries are refused and built locally.
    /// Also: $RAILYARD_BINHOST_KEY and the board's `[packages] binhost_key`.
    #[arg(long = "binhost-key", alias = "binhost_key", value_name = "FILE")]
    binhost_key: Option<PathBuf>,
    /// Where builds run: `local` (this machine, the default) or `slurm` (one Slurm job per
    /// package, with afterok dependencies mirroring the package graph; needs --binhost and
    /// --binhost-push: jobs take their inputs from the binhost and push what they build).
    #[arg(long, value_name = "local|slurm", default_value = "local", env = "RAILYARD_EXECUTOR")]
    executor: String,
    /// Slurm partition for the jobs (--executor=slurm).
    #[arg(long = "slurm-partition", alias = "slurm_partition", value_name = "NAME", env = "RAILYARD_SLURM_PARTITION")]
    slurm_partition: Option<String>,
    /// Slurm account for the jobs (--executor=slurm).
    #[arg(long = "slurm-account", alias = "slurm_account", value_name = "NAME", env = "RAILYARD_SLURM_ACCOUNT")]
    slurm_account: Option<String>,
    /// One more sbatch option for every job, e.g. --slurm-arg=--constraint=x86_64 (repeatable).
    #[arg(long = "slurm-arg", alias = "slurm_arg", value_name = "OPTION", allow_hyphen_values = true)]
    slurm_args: Vec<String>,
    /// Run each Slurm job's build in the SDK container on its node (`run_sdk_container`),
    /// as Flatcar builds in its SDK; the plan's input hashes are the ones the SDK computes
    /// (its toolchain), taken from a `--pretend` run in the container before submitting.
    /// The checkout (and --overlay/--profile directories inside it) must be on a file system
    /// the nodes share; each node needs podman or docker.
    #[arg(long = "slurm-container", alias = "slurm_container")]
    slurm_container: bool,
    /// The SDK image the jobs run in (a reference every node can pull; implies
    /// --slurm-container). Default: this checkout's SDK image, loaded on each node from
    /// __build__/sdk.
    #[arg(long = "slurm-sdk-image", alias = "slurm_sdk_image", value_name = "REF", env = "RAILYARD_SLURM_SDK_IMAGE")]
    slurm_sdk_image: Option<String>,
    /// Build only this planned package (cat/pn-version, or its input hash when the plan holds
    /// that version twice: for both roots, or for both steps of --break-dep-loop;
    /// repeatable): its build dependencies must be in the store or the binhost, nothing else
    /// is built. What a Slurm job runs (with the input hash).
    #[arg(long = "build-only", alias = "build_only", value_name = "CPV|HASH")]
    build_only: Vec<String>,
    /// The ed25519 private key that signs pushed packages.
    #[arg(long = "signing_key", alias = "signing-key", value_name = "FILE")]
    signing_key: Option<PathBuf>,
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
    let slurm = match a.executor.as_str() {
        "local" => false,
        "slurm" => true,
        o => bail!("--executor={o}: use local or slurm"),
    };
    let in_sdk = slurm && (a.slurm_container || a.slurm_sdk_image.is_some());
    if !slurm && (a.slurm_container || a.slurm_sdk_image.is_some()) {
        bail!("--slurm-container and --slurm-sdk-image go with --executor=slurm");
    }
    let mut s = Session::open(&SessionOptions {
        root,
        board: a.board.clone(),
        overlays: a.overlays.clone(),
        targets: a.packages.clone(),
        state: None,
        read_only: false,
        profile: a.profile.clone(),
        host_profile: a.host_profile.clone(),
        break_dep_loop: if a.break_dep_loop.is_empty() { None } else { Some(a.break_dep_loop.clone()) },
        keep_cycles: a.pretend,
    })?;
    if in_sdk {
        adopt_sdk_hashes(&a, &mut s)?;
    }
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
    let mut todo = actions.todo;
    // --build-only: the named packages and what their builds need, nothing else
    let mut only = std::collections::BTreeSet::new();
    for c in &a.build_only {
        let c = c.trim_start_matches('=');
        let hits: Vec<usize> = s.plan.order.iter().copied().filter(|&i| s.plan.pkgs[i].cpv() == c || s.plan.pkgs[i].hash == c).collect();
        match hits[..] {
            [i] => only.insert(i),
            [] => bail!("--build-only={c}: no package of the plan is {c} (give cat/pn-version or an input hash from --pretend --json)"),
            _ => bail!(
                "--build-only={c}: the plan holds {c} {} times ({}); give the input hash of the one to build",
                hits.len(),
                hits.iter().map(|&i| format!("{} {}", s.plan.pkgs[i].label(), s.plan.pkgs[i].hash)).collect::<Vec<_>>().join(", ")
            ),
        };
    }
    let needed: std::collections::BTreeSet<usize> = only.iter().flat_map(|&i| s.plan.build_closure(i).into_iter().chain([i])).collect();
    if !only.is_empty() {
        todo.retain(|(i, _)| needed.contains(i));
    }
    let binhost = open_binhost(&a, &s)?;
    if slurm && (binhost.is_none() || !a.binhost_push) {
        bail!("--executor=slurm needs a binhost and --binhost-push: jobs on other nodes take their build dependencies from the binhost and push what they build");
    }
    let push_key = if a.binhost_push {
        if binhost.is_none() {
            bail!("--binhost-push needs a binhost: --binhost=REGISTRY/REPO, $RAILYARD_BINHOST or the board's [packages] binhost");
        }
        match railyard_release::signing_key(a.signing_key.as_deref())? {
            Some(k) => Some(k),
            None => bail!("--binhost-push signs every package it pushes: give --signing_key=FILE (or set $RAILYARD_SIGNING_KEY_FILE); ./keygen makes a key pair"),
        }
    } else {
        None
    };
    let mut hits = Vec::new();
    let mut binhost_json = serde_json::Value::Null;
    if let Some(bh) = &binhost {
        let (h, errors) = engine::binhost_lookup(&s, bh, &todo, &force);
        if let Some((cpv, e)) = errors.first() {
            eprintln!("warning: binhost {}: {} of {} lookup(s) failed (first: {cpv}: {e}); those packages are built locally", bh.name, errors.len(), todo.len());
        }
        binhost_json = json!({"binhost": bh.name, "hits": h.len(), "lookup_errors": errors.len(), "signed_by": bh.trusted_key().map(railyard_attest::dsse::keyid)});
        hits = h;
    }
    let hit_set: std::collections::BTreeSet<usize> = hits.iter().map(|(i, _)| *i).collect();
    let planned = report::plan_json(&s, &todo, &hit_set);
    // the plan goes to stdout for --pretend (stderr when stdout carries --json)
    let text = report::plan_text(&s, &todo, a.pretend, &hit_set);
    if a.pretend && !a.json {
        print!("{text}");
    } else {
        eprint!("{text}");
    }
    if a.pretend {
        if a.json {
            println!("{}", serde_json::to_string_pretty(&json!({"board": a.board, "plan": planned, "plan_seconds": s.plan_seconds, "binhost": binhost_json, "cycle": s.plan.cycle}))?);
        }
        // as emerge --pretend: the whole plan is shown, then the cycle fails the command
        if let Some(c) = &s.plan.cycle {
            bail!("planning board {}: {c}", a.board);
        }
        return Ok(());
    }
    let t0 = std::time::Instant::now();
    let plan_seconds = s.plan_seconds;
    let mut pulls = engine::BinhostPulls::default();
    let mut outcomes_pre: Vec<engine::Outcome> = Vec::new();
    if let Some(bh) = &binhost {
        if !hits.is_empty() {
            pulls = engine::binhost_pull(&s, bh, &hits, true);
            // what is left to build (and why) once the pulled packages are in the store
            todo = s.actions(&force).todo;
        }
    }
    if !only.is_empty() {
        let missing: Vec<String> = todo.iter().filter(|(i, _)| needed.contains(i) && !only.contains(i)).map(|(i, _)| s.plan.pkgs[*i].cpv()).collect();
        if !missing.is_empty() {
            bail!("--build-only: these build dependencies are neither in the store nor in the binhost: {}", missing.join(", "));
        }
        todo.retain(|(i, _)| only.contains(i));
    }
    let mut slurm_jobs = Vec::new();
    let mut slurm_queue = Vec::new();
    let mut pushed = Vec::new();
    let slurm_ran = slurm && !todo.is_empty();
    if slurm_ran {
        let bh = binhost.as_ref().expect("checked above");
        let key = push_key.as_ref().expect("checked above");
        // what this checkout holds and the registry lacks goes there first: jobs elsewhere need it
        let planned: Vec<(String, String)> = s.plan.order.iter().map(|&i| (s.plan.pkgs[i].cpv(), s.plan.pkgs[i].hash.clone())).collect();
        let (before, errs) = push_missing(bh, &s.store, &planned, key);
        pushed = before;
        if !errs.is_empty() {
            bail!("the binhost does not take this checkout's packages, so Slurm jobs could not get them:\n  {}", errs.join("\n  "));
        }
        let opts = if in_sdk { slurm_options_in_sdk(&a, &s.root, &s.state)? } else { slurm_options(&a, &s.root, &s.state)? };
        let sub = railyard_packages::slurm::run(&s.plan, &todo, &opts)?;
        let outs = sub.outcomes;
        slurm_jobs = sub.jobs;
        slurm_queue = sub.queue;
        let failed = outs.iter().any(|o| o.status != "built");
        outcomes_pre.extend(outs);
        if !failed {
            // the jobs' packages, from the binhost into this checkout's store
            let left = s.actions(&force).todo;
            let (h, errors) = engine::binhost_lookup(&s, bh, &left, &force);
            if let Some((cpv, e)) = errors.first() {
                bail!("after the Slurm jobs: looking up {cpv} in {}: {e}", bh.name);
            }
            let p2 = engine::binhost_pull(&s, bh, &h, true);
            if let Some((cpv, why)) = p2.refused.first() {
                bail!("after the Slurm jobs: {cpv} could not be pulled: {why}");
            }
            // every job must have pushed the input hash planned here: a job that planned with
            // another toolchain (a node outside the SDK, another SDK image) pushes another one
            let submitted: std::collections::BTreeSet<usize> = todo.iter().map(|(i, _)| *i).collect();
            let missing: Vec<String> = s.plan.order.iter().filter(|i| submitted.contains(i) && !s.store.has(&s.plan.pkgs[**i].hash)).map(|&i| format!("{} ({})", s.plan.pkgs[i].cpv(), s.plan.pkgs[i].hash)).collect();
            if !missing.is_empty() {
                bail!(
                    "after the Slurm jobs the binhost lacks these planned input hashes (did the jobs build with another toolchain? --slurm-container runs them in the SDK, which this plan's hashes assume only with that flag): {}",
                    missing.join(", ")
                );
            }
        }
        todo.clear();
    }
    let n_todo = todo.len() + pulls.pulled.len() + outcomes_pre.len();
    let state = s.state.clone();
    let store = s.store.clone();
    // what --binhost-push offers: the planned packages (with --build-only: those alone; other
    // jobs push theirs)
    let planned_hashes: Vec<(String, String)> =
        s.plan.order.iter().filter(|i| only.is_empty() || only.contains(i)).map(|&i| (s.plan.pkgs[i].cpv(), s.plan.pkgs[i].hash.clone())).collect();
    let mut outcomes = if todo.is_empty() { Vec::new() } else { engine::build(s, todo, &BuildOptions { jobs: a.jobs.max(1), keep_going: a.keep_going, progress: true, force })? };
    outcomes.splice(0..0, outcomes_pre.drain(..));
    outcomes.splice(0..0, pulls.pulled.drain(..));
    let mut push_errors = Vec::new();
    // (after a Slurm run the jobs pushed what they built, and this run pushed the rest before)
    if let (Some(bh), Some(key), false) = (&binhost, &push_key, slurm_ran) {
        let (p, e) = push_missing(bh, &store, &planned_hashes, key);
        pushed.extend(p);
        push_errors = e;
    }
    if binhost.is_some() {
        binhost_json["pulled"] = json!(outcomes.iter().filter(|o| o.status == "pulled").count());
        binhost_json["refused"] = json!(pulls.refused.iter().map(|(c, w)| json!({"package": c, "why": w})).collect::<Vec<_>>());
        binhost_json["pushed"] = json!(pushed);
    }
    let slurm_json = if slurm { json!({"jobs": slurm_jobs, "queue_at_submit": slurm_queue, "in_sdk_container": in_sdk}) } else { serde_json::Value::Null };
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "board": a.board, "plan": planned, "plan_seconds": plan_seconds,
                "built": outcomes, "seconds": t0.elapsed().as_secs_f64() + plan_seconds,
                "store": state.join("store"), "binhost": binhost_json, "executor": a.executor, "slurm": slurm_json,
            }))?
        );
    }
    eprintln!("{}", report::summary_line(&outcomes, n_todo, planned.len(), plan_seconds, t0.elapsed().as_secs_f64(), &state.join("logs")));
    if let Some(e) = report::failures(&outcomes) {
        bail!("{e}");
    }
    if !push_errors.is_empty() {
        bail!("{} package(s) could not be pushed to the binhost:\n  {}", push_errors.len(), push_errors.join("\n  "));
    }
    Ok(())
}

/// What each Slurm job runs: this binary's `build_packages` with the same board, targets,
/// repositories, profile and binhost (so the same plan and input hashes), one package at a
/// time, pushing what it builds.
fn slurm_options(a: &Args, root: &std::path::Path, state: &std::path::Path) -> Result<railyard_packages::slurm::SlurmOptions> {
    let abs = |p: &PathBuf| -> Result<PathBuf> { std::fs::canonicalize(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display())) };
    let exe = std::env::current_exe()?;
    let mut cmd: Vec<std::ffi::OsString> = vec![exe.into(), "build_packages".into(), format!("--board={}", a.board).into(), "--jobs=1".into(), "--executor=local".into()];
    let name = a.binhost.clone().or_else(|| std::env::var(binhost::BINHOST_ENV).ok()).unwrap_or_default();
    if !name.is_empty() {
        cmd.push(format!("--binhost={name}").into());
    }
    cmd.push("--binhost-push".into());
    if let Some(k) = &a.binhost_key {
        cmd.push(format!("--binhost-key={}", abs(k)?.display()).into());
    }
    if let Some(k) = &a.signing_key {
        cmd.push(format!("--signing_key={}", abs(k)?.display()).into());
    }
    for o in &a.overlays {
        cmd.push(format!("--overlay={}", abs(o)?.display()).into());
    }
    if let Some(p) = &a.profile {
        cmd.push(format!("--profile={}", abs(p)?.display()).into());
    }
    if let Some(p) = &a.host_profile {
        cmd.push(format!("--host-profile={}", abs(p)?.display()).into());
    }
    cmd.extend(a.break_dep_loop.iter().map(|l| format!("--break-dep-loop={l}").into()));
    cmd.extend(a.packages.iter().map(Into::into));
    Ok(slurm_jobs(a, root, state, cmd))
}

/// Jobs running `cmd` on the nodes, with this run's partition, account and sbatch options.
fn slurm_jobs(a: &Args, root: &std::path::Path, state: &std::path::Path, cmd: Vec<std::ffi::OsString>) -> railyard_packages::slurm::SlurmOptions {
    railyard_packages::slurm::SlurmOptions {
        partition: a.slurm_partition.clone(),
        account: a.slurm_account.clone(),
        sbatch_args: a.slurm_args.clone(),
        job_command: cmd,
        workdir: root.to_path_buf(),
        state: state.to_path_buf(),
        container: None,
        env: Vec::new(),
    }
}

/// A path the SDK container sees: relative to the checkout (the container's working
/// directory is the checkout's mount), or an error naming the flag.
fn inside_checkout(root: &std::path::Path, p: &std::path::Path, flag: &str) -> Result<PathBuf> {
    let abs = std::fs::canonicalize(p).map_err(|e| anyhow::anyhow!("{flag}={}: {e}", p.display()))?;
    let root = std::fs::canonicalize(root)?;
    match abs.strip_prefix(&root) {
        Ok(rel) if rel.as_os_str().is_empty() => Ok(PathBuf::from(".")),
        Ok(rel) => Ok(rel.to_path_buf()),
        Err(_) => bail!("{flag}={}: the SDK container sees only the checkout ({}); put it inside the checkout to build in the SDK", p.display(), root.display()),
    }
}

/// `railyard build_packages` as the SDK container runs it for this run: the board, the
/// repositories and profiles (as paths inside the checkout), the first step
/// (`--break-dep-loop`), the targets.
fn build_packages_in_sdk(a: &Args, root: &std::path::Path) -> Result<Vec<std::ffi::OsString>> {
    let mut cmd: Vec<std::ffi::OsString> = vec!["railyard".into(), "build_packages".into(), format!("--board={}", a.board).into()];
    for o in &a.overlays {
        cmd.push(format!("--overlay={}", inside_checkout(root, o, "--overlay")?.display()).into());
    }
    if let Some(p) = &a.profile {
        cmd.push(format!("--profile={}", inside_checkout(root, p, "--profile")?.display()).into());
    }
    if let Some(p) = &a.host_profile {
        cmd.push(format!("--host-profile={}", inside_checkout(root, p, "--host-profile")?.display()).into());
    }
    cmd.extend(a.break_dep_loop.iter().map(|l| format!("--break-dep-loop={l}").into()));
    cmd.extend(a.packages.iter().map(Into::into));
    Ok(cmd)
}

/// run_sdk_container's options for this run's SDK image.
fn sdk_image_options(a: &Args) -> Vec<std::ffi::OsString> {
    match &a.slurm_sdk_image {
        Some(r) => vec!["-C".into(), r.into()],
        None => Vec::new(),
    }
}

/// --slurm-container: the plan's input hashes become the ones the SDK computes (its
/// toolchain and make.conf are part of every hash), read from `build_packages --pretend
/// --json` run in the SDK container. That run also brings the static railyard binary the
/// jobs mount up to date. The two plans must hold the same packages.
fn adopt_sdk_hashes(a: &Args, s: &mut Session) -> Result<()> {
    let exe = std::env::current_exe()?;
    let mut c = std::process::Command::new(&exe);
    c.arg("run_sdk_container").arg("--rm").arg("-n").arg(format!("railyard-slurm-plan-{}", std::process::id())).args(sdk_image_options(a)).arg("--");
    c.args(build_packages_in_sdk(a, &s.root)?).args(["--pretend", "--json", "--no-binhost"]);
    c.current_dir(&s.root).stdin(std::process::Stdio::null());
    eprintln!(">>> planning in the SDK container (the jobs' toolchain)");
    let o = c.output().map_err(|e| anyhow::anyhow!("running {} run_sdk_container: {e}", exe.display()))?;
    let err = String::from_utf8_lossy(&o.stderr);
    let tail: Vec<&str> = err.lines().rev().take(25).collect::<Vec<_>>().into_iter().rev().collect();
    if !o.status.success() {
        bail!("planning in the SDK container failed ({}):\n{}", o.status, tail.join("\n"));
    }
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).map_err(|e| anyhow::anyhow!("the SDK container's plan is not JSON ({e}):\n{}", tail.join("\n")))?;
    // (a package can be planned for both roots, and for both steps of a two-step build,
    // with two hashes)
    let theirs: std::collections::BTreeMap<String, String> = v["plan"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| Some((format!("{} {} {}", p["package"].as_str()?, p["root"].as_str()?, p["break_dep_loop"].as_bool()?), p["input_hash"].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let key = |p: &railyard_packages::plan::Pkg| format!("{} {} {}", p.cpv(), p.root.name(), p.loop_breaker);
    let ours: std::collections::BTreeSet<String> = s.plan.order.iter().map(|&i| key(&s.plan.pkgs[i])).collect();
    let only_here: Vec<&String> = ours.iter().filter(|c| !theirs.contains_key(*c)).collect();
    let only_sdk: Vec<&String> = theirs.keys().filter(|c| !ours.contains(*c)).collect();
    if !only_here.is_empty() || !only_sdk.is_empty() {
        bail!("the SDK container plans other packages than this machine (is the checkout the same?): only here: {only_here:?}; only in the SDK: {only_sdk:?}");
    }
    for &i in &s.plan.order {
        s.plan.pkgs[i].hash = theirs[&key(&s.plan.pkgs[i])].clone();
    }
    Ok(())
}

/// What each Slurm job runs with --slurm-container: `build_packages` for one package in the
/// SDK container, with the same board, targets, repositories and profile, the binhost and
/// its trusted key (copied into the state directory, so the container sees it), and the
/// signing key handed over as run_sdk_container hands over secrets (a private read-only
/// mount, never in the container's environment or a command line).
fn slurm_options_in_sdk(a: &Args, root: &std::path::Path, state: &std::path::Path) -> Result<railyard_packages::slurm::SlurmOptions> {
    let exe = std::env::current_exe()?;
    let mut cmd = build_packages_in_sdk(a, root)?;
    cmd.extend(["--jobs=1".into(), "--executor=local".into(), "--binhost-push".into()]);
    let name = a.binhost.clone().or_else(|| std::env::var(binhost::BINHOST_ENV).ok()).unwrap_or_default();
    if !name.is_empty() {
        cmd.push(format!("--binhost={name}").into());
    }
    let key = a.binhost_key.clone().or_else(|| std::env::var(binhost::BINHOST_KEY_ENV).ok().filter(|v| !v.trim().is_empty()).map(PathBuf::from));
    if let Some(k) = key {
        let dir = state.join("slurm");
        std::fs::create_dir_all(&dir)?;
        let copy = dir.join("binhost-key.pub");
        let bytes = std::fs::read(&k).map_err(|e| anyhow::anyhow!("--binhost-key={}: {e}", k.display()))?;
        let tmp = dir.join(format!(".binhost-key.pub.{}", std::process::id()));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, &copy)?;
        cmd.push(format!("--binhost-key={}", inside_checkout(root, &copy, "--binhost-key")?.display()).into());
    }
    let signing = match (&a.signing_key, std::env::var_os("RAILYARD_SIGNING_KEY_FILE")) {
        (Some(k), _) => std::fs::canonicalize(k).map_err(|e| anyhow::anyhow!("--signing_key={}: {e}", k.display()))?.into_os_string(),
        (None, Some(k)) if !k.is_empty() => k,
        _ => bail!("--slurm-container: the jobs need the signing key as a file on a file system the nodes share (--signing_key=FILE or $RAILYARD_SIGNING_KEY_FILE), not as $RAILYARD_SIGNING_KEY text"),
    };
    Ok(railyard_packages::slurm::SlurmOptions {
        container: Some((exe.into(), sdk_image_options(a))),
        // the key text never goes to Slurm (its controller keeps job environments)
        env: vec![("RAILYARD_SIGNING_KEY".into(), None), ("RAILYARD_SIGNING_KEY_FILE".into(), Some(signing))],
        ..slurm_jobs(a, root, state, cmd)
    })
}

/// The binhost from --binhost, $RAILYARD_BINHOST or the board (none with --no-binhost),
/// with the trusted key from --binhost-key, $RAILYARD_BINHOST_KEY or the board.
fn open_binhost(a: &Args, s: &Session) -> Result<Option<Binhost>> {
    if a.no_binhost {
        return Ok(None);
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let Some(name) = a.binhost.clone().or_else(|| env(binhost::BINHOST_ENV)).or_else(|| s.board.packages.binhost.clone()) else {
        return Ok(None);
    };
    let key_path = a.binhost_key.clone().or_else(|| env(binhost::BINHOST_KEY_ENV).map(PathBuf::from)).or_else(|| s.board.packages.binhost_key.as_ref().map(|p| s.root.join(p)));
    let key = binhost::trusted_key(key_path.as_deref())?;
    Ok(Some(Binhost::new(&name, key)?))
}

/// Pushes every planned package that is stored here and missing from the binhost; returns
/// what was pushed (`cpv`) and the failures (one line each).
fn push_missing(bh: &Binhost, store: &Store, planned: &[(String, String)], key: &binhost::SigningKey) -> (Vec<String>, Vec<String>) {
    let local: Vec<&(String, String)> = planned.iter().filter(|(_, h)| store.has(h)).collect();
    let hashes: Vec<String> = local.iter().map(|(_, h)| h.clone()).collect();
    let answers = bh.lookup_many(&hashes);
    let (mut pushed, mut errors) = (Vec::new(), Vec::new());
    let missing: Vec<&(String, String)> = local.into_iter().zip(answers).filter(|(_, l)| !matches!(l, binhost::Lookup::Hit(_))).map(|(p, _)| p).collect();
    for (n, (cpv, hash)) in missing.iter().enumerate() {
        let t0 = std::time::Instant::now();
        // another run may push the same blobs at the same moment (a registry then refuses
        // one upload or the manifest): try again, the blobs it finished are skipped
        let mut r = bh.push(store, hash, key);
        for _ in 0..2 {
            if r.is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
            r = bh.push(store, hash, key);
        }
        match r {
            Ok(()) => {
                eprintln!("[push {}/{}] pushed {cpv} to {} in {:.1} s", n + 1, missing.len(), bh.name, t0.elapsed().as_secs_f64());
                pushed.push(cpv.clone());
            }
            Err(e) => {
                eprintln!("[push {}/{}] FAILED {cpv}: {e:#}", n + 1, missing.len());
                errors.push(format!("{cpv}: {e:#}"));
            }
        }
    }
    (pushed, errors)
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
