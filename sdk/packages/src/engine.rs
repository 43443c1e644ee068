//! `build_packages` end to end: open a session (board, repositories, profile, plan),
//! fetch what the builds need, build missing packages in parallel — each with Portage in
//! its own temporary root, user and network namespace — and commit them to the store.

use crate::fetch;
use crate::gpkg;
use crate::install;
use crate::plan::{self, Plan};
use crate::portage::{self, Config, Portage, Toolchain};
use crate::profile::Profile;
use crate::repo::{read_repo, Repo, RepoSet};
use crate::store::{Entry, EntryLock, Record, Store};
use crate::sysroot;
use anyhow::{bail, Context, Result};
use railyard_core::progress::Progress;
use railyard_core::{Board, Cmd};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Epoch package builds clamp file times to, unless the profile sets
/// `RAILYARD_BINPKG_EPOCH` (2023-11-14; a constant so that a commit does not rebuild
/// every package).
pub const DEFAULT_BINPKG_EPOCH: u64 = 1_700_000_000;

/// Where build paths are rewritten to inside package metadata (the repository's path in
/// the SDK container), so packages do not depend on the checkout's location.
pub const CANONICAL_SOURCE: &str = "/mnt/host/source";

/// `ATOM:FLAG[,FLAG…]` (a `break_dep_loop` entry: the package and the USE flags its first
/// build clears) → (atom, flags).
pub fn parse_loop(spec: &str) -> Result<(String, Vec<String>)> {
    let Some((atom, flags)) = spec.rsplit_once(':') else { bail!("expected ATOM:FLAG[,FLAG…] (e.g. sys-fs/lvm2:systemd,udev)") };
    crate::atom::Atom::parse(atom).with_context(|| format!("{atom:?} is not a package atom"))?;
    let flags: Vec<String> = flags.split(',').map(str::to_string).collect();
    for f in &flags {
        crate::atom::validate_use_flag(f)?;
    }
    Ok((atom.to_string(), flags))
}

/// What to open.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// Repository root.
    pub root: PathBuf,
    /// Board name.
    pub board: String,
    /// Extra ebuild repositories (highest priority last), after the board's and
    /// `RAILYARD_OVERLAYS`.
    pub overlays: Vec<PathBuf>,
    /// Targets; empty = the board's `[packages] targets`.
    pub targets: Vec<String>,
    /// State directory; default `<root>/__build__/packages/<board>`.
    pub state: Option<PathBuf>,
    /// Only read (plan and install from the store): write no configuration and never run
    /// egencache (stale metadata is then an error).
    pub read_only: bool,
    /// A profile directory instead of the board's `[packages] profile`.
    pub profile: Option<PathBuf>,
    /// A build-host (BROOT) profile directory instead of the board's `[packages]
    /// host_profile` (default: the one of the Portage installation, the main repository's
    /// `profiles/host/<arch>`).
    pub host_profile: Option<PathBuf>,
    /// Flatcar's `break_dep_loop`: packages built first with some flags cleared
    /// (`ATOM:FLAG[,FLAG…]` each) instead of the board's `[packages] break_dep_loop`.
    pub break_dep_loop: Option<Vec<String>>,
    /// Keep a plan whose graph has a cycle (`--pretend` shows it, as emerge does, and
    /// fails after); otherwise the cycle is the error.
    pub keep_cycles: bool,
}

/// An opened board: everything needed to plan, build and install.
pub struct Session {
    /// Repository root.
    pub root: PathBuf,
    /// The board.
    pub board: Board,
    /// Repositories.
    pub repos: RepoSet,
    /// Profile.
    pub profile: Profile,
    /// Generated Portage configuration.
    pub config: Config,
    /// The plan.
    pub plan: Plan,
    /// The store.
    pub store: Store,
    /// State directory.
    pub state: PathBuf,
    /// Seconds spent opening (reading, planning, hashing).
    pub plan_seconds: f64,
}

/// What a build run has to do.
#[derive(Debug, Clone, Default)]
pub struct Actions {
    /// `(index, reason)` of packages to build, in build order.
    pub todo: Vec<(usize, String)>,
    /// Planned packages whose store entry is bad, with why.
    pub bad: Vec<(usize, String)>,
}

/// The repositories of a board, lowest priority first.
pub fn overlay_paths(root: &Path, board: &Board, extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = board.packages.overlays.iter().map(|p| root.join(p)).collect();
    if let Some(env) = std::env::var_os("RAILYARD_OVERLAYS") {
        v.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    v.extend(extra.iter().cloned());
    v
}

impl Session {
    /// Loads the board, its repositories (refreshing stale metadata with egencache), its
    /// profile, and resolves and hashes the plan.
    pub fn open(o: &SessionOptions) -> Result<Self> {
        let t0 = Instant::now();
        let mut board = Board::load(&o.root, &o.board)?;
        if let Some(p) = &o.profile {
            let dir = std::fs::canonicalize(p).with_context(|| format!("--profile={}: no such profile directory", p.display()))?;
            if !dir.is_dir() {
                bail!("--profile={}: not a directory", p.display());
            }
            board.packages.profile = dir;
        }
        if let Some(p) = &o.host_profile {
            let dir = std::fs::canonicalize(p).with_context(|| format!("--host-profile={}: no such profile directory", p.display()))?;
            if !dir.is_dir() {
                bail!("--host-profile={}: not a directory", p.display());
            }
            board.packages.host_profile = Some(dir);
        }
        let state = o.state.clone().unwrap_or_else(|| o.root.join("__build__/packages").join(&o.board));
        let portage = Portage::locate(&o.root)?;
        let tc = Toolchain::for_board(&board)?;
        let paths = overlay_paths(&o.root, &board, &o.overlays);
        let ids: Vec<Repo> = paths.iter().map(|p| read_repo(p)).collect::<Result<_>>()?;
        let distdir = o.root.join("__build__/distfiles");
        let pre = RepoSet { repos: ids, packages: Default::default(), eclasses: Default::default(), regenerated: Vec::new(), broken: Vec::new() };
        let config = if o.read_only {
            Config::describe(&board, &pre, &portage, &tc, &state, &distdir, DEFAULT_BINPKG_EPOCH)?
        } else {
            Config::generate(&board, &pre, &portage, &tc, &state, &distdir, DEFAULT_BINPKG_EPOCH)?
        };
        // ebuilds that did not source last time (a tree's EAPI too new for this bash, an eclass
        // missing): egencache is not run again for them while they, the eclasses and Portage
        // are unchanged
        // (only computed when a repository has stale ebuilds)
        let broken_dir = state.join("metadata-broken");
        let broken_key = |set: &RepoSet, stale: &[PathBuf]| -> String {
            let mut h = Sha256::new();
            h.update(format!("{}\n{}\n", portage::portage_version(&portage).unwrap_or_default(), set.eclass_fingerprint()).as_bytes());
            let mut v: Vec<&PathBuf> = stale.iter().collect();
            v.sort();
            for p in v {
                h.update(format!("{} {}\n", p.display(), hex::encode(Sha256::digest(std::fs::read(p).unwrap_or_default()))).as_bytes());
            }
            hex::encode(h.finalize())
        };
        let logs: std::cell::RefCell<BTreeMap<String, String>> = Default::default();
        let regen = |set: &RepoSet, r: &Repo, stale: &[(PathBuf, String)]| -> Result<(bool, String)> {
            let key = broken_key(set, &stale.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>());
            if let Ok(t) = std::fs::read_to_string(broken_dir.join(format!("{}.txt", r.name))) {
                if let Some((k, log)) = t.split_once('\n') {
                    if k == key {
                        eprintln!(">>> repository {}: the {} ebuild(s) without metadata did not source last time either (unchanged, as are the eclasses): egencache not run again", r.name, stale.len());
                        return Ok((false, log.to_string()));
                    }
                }
            }
            if o.read_only {
                bail!("the metadata of repository {} is stale (an ebuild changed): run ./build_packages --board={}", r.name, o.board);
            }
            eprintln!(">>> metadata of repository {} is stale: running egencache", r.name);
            let out = std::process::Command::new(portage.bin("egencache"))
                .args(["--config-root"])
                .arg(&config.config_root)
                .args(["--repositories-configuration", &config.repositories, "--update", "--repo", &r.name])
                .arg(format!("--jobs={}", portage::build_jobs()))
                .env_clear()
                .envs(config.env(&state.join("egencache-root"), &state.join("tmp"), &state.join("pkgdir")))
                .stdin(std::process::Stdio::null())
                .output()
                .context("running egencache")?;
            let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            logs.borrow_mut().insert(r.name.clone(), log.clone());
            Ok((true, log))
        };
        let repos = RepoSet::load(&paths, &regen)?;
        // what still did not source after egencache, remembered for the next run
        for (name, log) in logs.into_inner() {
            let Some(repo) = repos.repos.iter().find(|r| r.name == name) else { continue };
            let f = broken_dir.join(format!("{name}.txt"));
            let broken: Vec<PathBuf> = repos.broken.iter().filter(|b| b.path.starts_with(&repo.path)).map(|b| b.path.clone()).collect();
            if broken.is_empty() {
                let _ = std::fs::remove_file(&f);
            } else if !o.read_only {
                std::fs::create_dir_all(&broken_dir)?;
                let tmp = f.with_extension(format!("tmp.{}", std::process::id()));
                std::fs::write(&tmp, format!("{}\n{log}", broken_key(&repos, &broken)))?;
                std::fs::rename(&tmp, &f)?;
            }
        }
        let mut profile = Profile::load(&board.profile_dir(), &repos.repos, &o.root)?;
        profile.set_globals(&portage.make_globals())?;
        let epoch = match profile.var("RAILYARD_BINPKG_EPOCH") {
            "" => DEFAULT_BINPKG_EPOCH,
            v => v.parse().with_context(|| format!("RAILYARD_BINPKG_EPOCH={v:?} in the board profile is not a number"))?,
        };
        let mut config = config;
        config.epoch = epoch;
        let ctx = plan::HashContext {
            toolchain: hex::encode(Sha256::digest(tc.identity(&portage)?.as_bytes())),
            make_conf: hex::encode(Sha256::digest(portage::build_settings(&board, &tc).as_bytes())),
            epoch,
        };
        let targets = if o.targets.is_empty() { board.packages.targets.clone() } else { o.targets.clone() };
        // the build host's root (BDEPEND, IDEPEND) is planned with the profile Portage uses there
        let host_dir = board.host_profile_dir().unwrap_or_else(|| portage.host_profile(&repos.repos[0].path));
        let mut host = Profile::load(&host_dir, &repos.repos, &o.root).with_context(|| format!("loading the build-host profile {}", host_dir.display()))?;
        host.set_globals(&portage.make_globals())?;
        let (loops, origin) = match &o.break_dep_loop {
            Some(v) => (v.clone(), "--break-dep-loop".to_string()),
            None => (board.packages.break_dep_loop.clone(), format!("[packages] break_dep_loop of {}", board.dir().join("board.toml").display())),
        };
        let loops: Vec<(String, Vec<String>)> = loops.iter().map(|l| parse_loop(l).with_context(|| format!("{origin}: {l:?}"))).collect::<Result<_>>()?;
        let plan = if loops.is_empty() {
            plan::resolve(&repos, &profile, &host, &targets, &ctx)
        } else {
            // Flatcar's two steps: the loop packages with the flags cleared, then the
            // targets against a board root that holds them
            let first = plan::resolve_loop_breakers(&repos, &profile, &host, &loops, &ctx).with_context(|| format!("planning the first step ({origin})"))?;
            if let Some(c) = &first.cycle {
                bail!("planning board {}: the first step ({origin}) still has a {c}", board.board.name);
            }
            plan::resolve_after(&repos, &profile, &host, &targets, &ctx, Some(&first))
        }
        .with_context(|| format!("planning board {}", board.board.name))?;
        if let (Some(c), false) = (&plan.cycle, o.keep_cycles) {
            bail!("planning board {}: {c}", board.board.name);
        }
        let store = if o.read_only { Store::at(&state.join("store")) } else { Store::open(&state.join("store"))? };
        if !o.read_only {
            reclaim_work_dirs(&state.join("work"));
        }
        Ok(Self { root: o.root.clone(), board, repos, profile, config, plan, store, state, plan_seconds: t0.elapsed().as_secs_f64() })
    }

    /// Per-package actions: `(index, reason)` for packages to build, in build order.
    pub fn to_build(&self) -> Vec<(usize, String)> {
        self.actions(&BTreeSet::new()).todo
    }

    /// The plan's packages matching `atom` (`cat/pn`, `pn` or `cat/pn-pvr`); an error
    /// when none does.
    pub fn matching(&self, atom: &str) -> Result<Vec<usize>> {
        let atom = atom.trim_start_matches('=');
        let v: Vec<usize> = self
            .plan
            .order
            .iter()
            .copied()
            .filter(|&i| {
                let p = &self.plan.pkgs[i];
                p.ebuild.cp() == atom || p.ebuild.pn == atom || p.cpv() == atom
            })
            .collect();
        if v.is_empty() {
            bail!("--rebuild={atom}: no package of the plan for board {} matches (give cat/pn, pn or cat/pn-version)", self.board.board.name);
        }
        Ok(v)
    }

    /// Checks the store entry of every planned package (size and SHA-256 against its
    /// record), in parallel.
    pub fn check_entries(&self) -> BTreeMap<usize, Entry> {
        let idx: Vec<usize> = self.plan.order.clone();
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
        let chunk = idx.len().div_ceil(threads).max(1);
        std::thread::scope(|sc| {
            let handles: Vec<_> = idx
                .chunks(chunk)
                .map(|c| sc.spawn(move || c.iter().map(|&i| (i, self.store.check_settled(&self.plan.pkgs[i].hash))).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        })
    }

    /// What to build (in build order, with the reason) and which store entries are bad;
    /// `force` are packages to rebuild even when their entry is good (`--rebuild`).
    pub fn actions(&self, force: &BTreeSet<usize>) -> Actions {
        let entries = self.check_entries();
        let bad: Vec<(usize, String)> = self
            .plan
            .order
            .iter()
            .filter_map(|i| match &entries.get(i) {
                Some(Entry::Bad(why)) => Some((*i, why.clone())),
                _ => None,
            })
            .collect();
        let missing: BTreeSet<usize> =
            self.plan.order.iter().copied().filter(|i| force.contains(i) || !matches!(entries.get(i), Some(Entry::Good(_)))).collect();
        let todo = self
            .plan
            .order
            .iter()
            .filter(|i| missing.contains(i))
            .map(|&i| {
                let p = &self.plan.pkgs[i];
                if let Some((_, why)) = bad.iter().find(|(j, _)| *j == i) {
                    return (i, format!("bad store entry: {why}"));
                }
                if force.contains(&i) && matches!(entries.get(&i), Some(Entry::Good(_))) {
                    return (i, "--rebuild".to_string());
                }
                let changed: Vec<String> = p
                    .deps
                    .iter()
                    .filter(|(k, j)| *k != plan::Kind::Post && missing.contains(j) && !(force.contains(j) && matches!(entries.get(j), Some(Entry::Good(_)))))
                    .map(|(_, j)| self.plan.pkgs[*j].ebuild.cp())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let last = self.store.last(&p.cpv());
                let r = match &last {
                    Some(l) if l.hash == p.hash => "missing from the store".to_string(),
                    l => plan::reason(&p.inputs, l.as_ref().map(|r| &r.inputs), &changed),
                };
                (i, r)
            })
            .collect();
        Actions { todo, bad }
    }

    /// Store paths of the run-time closure of the targets, in install order; errors when
    /// any is missing (naming them and the command that builds them).
    pub fn image_packages(&self) -> Result<Vec<(String, PathBuf)>> {
        let closure = self.plan.runtime_closure(&self.plan.targets);
        let missing: Vec<String> = closure.iter().filter(|&&i| !self.store.has(&self.plan.pkgs[i].hash)).map(|&i| self.plan.pkgs[i].cpv()).collect();
        if !missing.is_empty() {
            bail!(
                "{} of the board's packages are not built (or their inputs changed): {}; run ./build_packages --board={}",
                missing.len(),
                missing.join(", "),
                self.board.board.name
            );
        }
        Ok(closure.iter().map(|&i| (self.plan.pkgs[i].cpv(), self.store.path(&self.plan.pkgs[i].hash))).collect())
    }

    /// [`Session::image_packages`], each entry checked against its record first: a bad
    /// entry is an error naming its path (it is never installed).
    pub fn verified_image_packages(&self) -> Result<Vec<(String, PathBuf)>> {
        let pkgs = self.image_packages()?;
        let closure = self.plan.runtime_closure(&self.plan.targets);
        let bad: Vec<String> = closure
            .iter()
            .filter_map(|&i| match self.store.check_settled(&self.plan.pkgs[i].hash) {
                Entry::Good(_) => None,
                Entry::Missing => Some(format!("  {}: missing from the store", self.plan.pkgs[i].cpv())),
                Entry::Bad(why) => Some(format!("  {why}")),
            })
            .collect();
        if !bad.is_empty() {
            bail!(
                "{} binary package(s) in the store are bad and were not installed:\n{}\nrun ./build_packages --board={} to rebuild them",
                bad.len(),
                bad.join("\n"),
                self.board.board.name
            );
        }
        Ok(pkgs)
    }

    /// Installs the targets' run-time closure from the store into `dest` (with a VDB).
    pub fn install_image_root(&self, dest: &Path) -> Result<Vec<install::Installed>> {
        let pkgs: Vec<PathBuf> = self.verified_image_packages()?.into_iter().map(|(_, p)| p).collect();
        std::fs::create_dir_all(dest)?;
        install::install(dest, &pkgs, &install::InstallOptions { chown: is_root(), vdb: true })
    }
}

fn is_root() -> bool {
    Cmd::new("checking the user id", "id").arg("-u").output().map(|o| o.starts_with(b"0\n")).unwrap_or(false)
}

/// Options of a build run.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Packages built at the same time.
    pub jobs: usize,
    /// Continue with independent packages after a failure.
    pub keep_going: bool,
    /// Print progress lines (stderr).
    pub progress: bool,
    /// Packages to build again even when their store entry is good (`--rebuild`).
    pub force: BTreeSet<usize>,
}

/// One package's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// `cat/pn-pvr`.
    pub cpv: String,
    /// Input hash.
    pub hash: String,
    /// Why it was built.
    pub reason: String,
    /// `built`, `reused` (another `build_packages` built it while this one waited for
    /// the entry's lock), `failed`, `skipped` (a dependency failed) or `interrupted`.
    pub status: String,
    /// Seconds spent.
    pub seconds: f64,
    /// SHA-256 of the stored gpkg.
    pub sha256: Option<String>,
    /// Error text.
    pub error: Option<String>,
    /// The build log.
    pub log: PathBuf,
}

struct Shared {
    board: String,
    plan: Plan,
    config: Config,
    store: Store,
    state: PathBuf,
    root: PathBuf,
    unshare: bool,
    repos: Vec<(String, PathBuf)>,
    /// Process groups of running builds (each build is its own group).
    children: std::sync::Mutex<BTreeSet<u32>>,
    /// Work directories of running builds (each run has its own).
    runs: std::sync::Mutex<BTreeMap<usize, PathBuf>>,
    /// Packages to build even when stored.
    force: BTreeSet<usize>,
    /// The SDK's C library, for builds that point the compiler at SYSROOT
    /// ([`crate::sysroot`]); `None` on a cross board or when no planned build needs it.
    libc: Option<Arc<sysroot::Libc>>,
    /// The progress stream: a bar on a terminal (lines go above it), plain lines otherwise.
    bar: Option<Progress>,
}

/// Whether `unshare --map-root-user --net` works here (not inside every container).
fn unshare_works() -> bool {
    Cmd::new("checking for user namespaces", "unshare").args(["--map-root-user", "--net", "true"]).run().is_ok()
}

/// What the binhost gave: outcomes of pulls (`pulled`) and the packages it could not give,
/// with why (they are built locally).
#[derive(Debug, Default)]
pub struct BinhostPulls {
    /// One `pulled` outcome per package taken from the binhost.
    pub pulled: Vec<Outcome>,
    /// `(cpv, why)` of entries that were found but refused or failed to download.
    pub refused: Vec<(String, String)>,
}

/// A planned package (its index) found in the binhost.
pub type BinhostHit = (usize, crate::binhost::Hit);

/// Looks up the planned packages in `todo` (except those in `force`) in the binhost; the
/// indices found there, with what was found, and the lookup errors (`cpv`, why).
pub fn binhost_lookup(s: &Session, bh: &crate::binhost::Binhost, todo: &[(usize, String)], force: &BTreeSet<usize>) -> (Vec<BinhostHit>, Vec<(String, String)>) {
    let cand: Vec<usize> = todo.iter().map(|(i, _)| *i).filter(|i| !force.contains(i)).collect();
    let hashes: Vec<String> = cand.iter().map(|&i| s.plan.pkgs[i].hash.clone()).collect();
    let answers = bh.lookup_many(&hashes);
    let mut hits = Vec::new();
    let mut errors = Vec::new();
    for (i, a) in cand.into_iter().zip(answers) {
        match a {
            crate::binhost::Lookup::Hit(h) => hits.push((i, h)),
            crate::binhost::Lookup::Miss => {}
            crate::binhost::Lookup::Error(e) => errors.push((s.plan.pkgs[i].cpv(), e)),
        }
    }
    (hits, errors)
}

/// Pulls the `hits` into the store, in build order, printing one line per package.
pub fn binhost_pull(s: &Session, bh: &crate::binhost::Binhost, hits: &[BinhostHit], progress: bool) -> BinhostPulls {
    let mut out = BinhostPulls::default();
    let total = hits.len();
    for (n, (i, hit)) in hits.iter().enumerate() {
        let p = &s.plan.pkgs[*i];
        let t0 = Instant::now();
        match bh.pull(&s.store, hit, &p.hash, &p.cpv(), &p.inputs) {
            Ok(rec) => {
                let secs = t0.elapsed().as_secs_f64();
                if progress {
                    eprintln!("[binhost {}/{total}] pulled {} ({} KiB) in {secs:.1} s", n + 1, p.cpv(), rec.size / 1024);
                }
                out.pulled.push(Outcome {
                    cpv: p.cpv(),
                    hash: p.hash.clone(),
                    reason: format!("found in the binhost {}", bh.name),
                    status: "pulled".into(),
                    seconds: secs,
                    sha256: Some(rec.sha256),
                    error: None,
                    log: s.state.join("logs").join(format!("{}.log", p.cpv())),
                });
            }
            Err(e) => {
                let why = format!("{e:#}");
                eprintln!("warning: binhost: {why}; building {} locally", p.cpv());
                out.refused.push((p.cpv(), why));
            }
        }
    }
    out
}

/// Fetches every distfile the packages in `todo` need (before any build starts, so
/// builds can run without network).
pub fn fetch_all(s: &Session, todo: &[usize], progress: bool) -> Result<usize> {
    let repo_paths: Vec<PathBuf> = s.repos.repos.iter().map(|r| r.path.clone()).collect();
    // apt's mirror list costs about a second: read once, and only if something is fetched
    let mut table: Option<fetch::Mirrors> = None;
    let mut mirrors = || -> Result<fetch::Mirrors> {
        if table.is_none() {
            let apt = portage::apt_mirrors()?;
            portage::write_mirror_list(&s.config.config_root, &apt)?;
            table = Some(fetch::mirrors(&apt, &repo_paths)?);
        }
        Ok(table.clone().expect("set above"))
    };
    let mut fetched = 0;
    let mut seen = BTreeSet::new();
    for &i in todo {
        let p = &s.plan.pkgs[i];
        for d in &p.distfiles {
            if !seen.insert(d.name.clone()) {
                continue;
            }
            let say = || {
                if progress {
                    eprintln!(">>> fetching {} for {} ({} KiB)", d.name, p.cpv(), d.size / 1024);
                }
            };
            if fetch::ensure(&s.config.distdir, d, &mut mirrors, &p.cpv(), &say)? {
                fetched += 1;
            }
        }
    }
    Ok(fetched)
}

/// Builds every package of the plan that is not in the store.
pub fn build(s: Session, todo: Vec<(usize, String)>, o: &BuildOptions) -> Result<Vec<Outcome>> {
    let ids: Vec<usize> = todo.iter().map(|(i, _)| *i).collect();
    fetch_all(&s, &ids, o.progress)?;
    let unshare = unshare_works();
    if !unshare && o.progress {
        eprintln!(">>> note: user namespaces are not available here; builds run as the calling user with network access");
    }
    let tc = portage::Toolchain::for_board(&s.board)?;
    let native = tc.triplet == tc.build_triplet;
    // resolved once per run; copied into each build root that needs it
    let libc = if ids.iter().any(|&i| sysroot::needed_by(&s.plan.pkgs[i].ebuild.meta, native)) {
        Some(Arc::new(sysroot::resolve(Path::new("/"), &sysroot::files(&s.board.board.arch)?)?))
    } else {
        None
    };
    let shared = Arc::new(Shared {
        libc,
        board: s.board.board.name.clone(),
        repos: s.repos.repos.iter().map(|r| (r.name.clone(), r.path.clone())).collect(),
        plan: s.plan,
        config: s.config,
        store: s.store,
        state: s.state,
        root: s.root,
        unshare,
        children: Default::default(),
        runs: Default::default(),
        force: o.force.clone(),
        // a bar on a terminal; off a terminal the per-package lines are the output
        bar: o.progress.then(|| Progress::bar_only("build_packages", Some(todo.len() as u64))),
    });

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(schedule(shared, todo, o.clone()))
}

async fn schedule(sh: Arc<Shared>, todo: Vec<(usize, String)>, o: BuildOptions) -> Result<Vec<Outcome>> {
    let t0 = Instant::now();
    let total = todo.len();
    let reasons: BTreeMap<usize, String> = todo.iter().cloned().collect();
    let pending_set: BTreeSet<usize> = reasons.keys().copied().collect();
    // A package may start when none of its build closure is still pending.
    let waits: BTreeMap<usize, BTreeSet<usize>> =
        pending_set.iter().map(|&i| (i, sh.plan.build_deps(i).into_iter().filter(|j| pending_set.contains(j)).collect())).collect();
    let mut queue: Vec<usize> = todo.iter().map(|(i, _)| *i).collect();
    let mut running: BTreeMap<usize, Instant> = BTreeMap::new();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut failed: BTreeSet<usize> = BTreeSet::new();
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut set = tokio::task::JoinSet::new();
    let mut stop = false;
    let mut ctrl_c = Box::pin(tokio::signal::ctrl_c());
    let bar = &sh.bar;
    let say = |line: String| {
        if let Some(b) = &bar {
            b.println(&line);
        }
    };
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(15));
    tick.tick().await;
    loop {
        if !stop {
            while running.len() < o.jobs.max(1) {
                let Some(pos) = queue.iter().position(|i| waits[i].iter().all(|j| done.contains(j))) else { break };
                let i = queue.remove(pos);
                running.insert(i, Instant::now());
                say(format!("[{}/{}] building {} ({})", done.len() + failed.len() + running.len(), total, sh.plan.pkgs[i].cpv(), reasons[&i]));
                let sh2 = sh.clone();
                set.spawn(async move { (i, build_one(sh2, i).await) });
            }
            // Packages waiting on a failed one will never start.
            let blocked: Vec<usize> = queue.iter().copied().filter(|i| waits[i].iter().any(|j| failed.contains(j) || outcomes.iter().any(|x| x.status == "skipped" && x.cpv == sh.plan.pkgs[*j].cpv()))).collect();
            for i in blocked {
                queue.retain(|&q| q != i);
                let dep = waits[&i].iter().find(|j| failed.contains(j)).map(|&j| sh.plan.pkgs[j].cpv()).unwrap_or_else(|| "a dependency".into());
                outcomes.push(outcome(&sh, i, &reasons[&i], "skipped", 0.0, None, Some(format!("not built: {dep} failed"))));
            }
        }
        if running.is_empty() {
            break;
        }
        tokio::select! {
            r = set.join_next() => {
                let Some(r) = r else { break };
                let (i, res) = r.context("a build task panicked")?;
                let secs = running.remove(&i).map(|t| t.elapsed().as_secs_f64()).unwrap_or(0.0);
                match res {
                    Ok((rec, reused)) => {
                        done.insert(i);
                        let verb = if reused { "reused (built by another run)" } else { "built" };
                        say(format!("[{}/{}] {verb} {} in {:.1} s", done.len() + failed.len(), total, sh.plan.pkgs[i].cpv(), secs));
                        if let Some(b) = &bar {
                            b.step(&sh.plan.pkgs[i].cpv());
                        }
                        outcomes.push(outcome(&sh, i, &reasons[&i], if reused { "reused" } else { "built" }, secs, Some(rec.sha256), None));
                    }
                    Err(e) => {
                        failed.insert(i);
                        let msg = format!("{e:#}");
                        say(format!("[{}/{}] FAILED {}\n{msg}", done.len() + failed.len(), total, sh.plan.pkgs[i].cpv()));
                        if let Some(b) = &bar {
                            b.step(&sh.plan.pkgs[i].cpv());
                        }
                        outcomes.push(outcome(&sh, i, &reasons[&i], "failed", secs, None, Some(msg)));
                        if !o.keep_going {
                            stop = true;
                        }
                    }
                }
            }
            _ = tick.tick() => {
                if let Some(b) = &bar {
                    let runs = sh.runs.lock().expect("not poisoned").clone();
                    let names: Vec<String> = running
                        .keys()
                        .map(|&i| format!("{} ({})", sh.plan.pkgs[i].cpv(), runs.get(&i).map(|d| current_phase(&d.join("build.log"))).unwrap_or_else(|| "preparing".into())))
                        .collect();
                    let line = format!("... {} elapsed, {}/{} done, building: {}", clock(t0.elapsed().as_secs()), done.len(), total, names.join(", "));
                    if b.is_drawn() {
                        b.message(&line);
                    } else {
                        b.println(&line);
                    }
                }
            }
            _ = &mut ctrl_c => {
                // every build runs in its own process group: take the whole group down
                let groups: Vec<u32> = sh.children.lock().expect("not poisoned").iter().copied().collect();
                for g in groups {
                    let _ = Cmd::new("stopping a build's process group", "kill").args(["-KILL", "--", &format!("-{g}")]).run();
                }
                set.abort_all();
                while set.join_next().await.is_some() {}
                for &i in running.keys() {
                    outcomes.push(outcome(&sh, i, &reasons[&i], "interrupted", 0.0, None, Some("interrupted".into())));
                }
                for (_, d) in std::mem::take(&mut *sh.runs.lock().expect("not poisoned")) {
                    railyard_core::rundir::remove(&d);
                }
                bail!("interrupted: {} package(s) built and kept in the store; run the same command again to resume", done.len());
            }
        }
    }
    for i in queue {
        outcomes.push(outcome(&sh, i, &reasons[&i], "skipped", 0.0, None, Some("not started after an earlier failure (use --keep-going)".into())));
    }
    Ok(outcomes)
}

fn outcome(sh: &Shared, i: usize, reason: &str, status: &str, seconds: f64, sha256: Option<String>, error: Option<String>) -> Outcome {
    let p = &sh.plan.pkgs[i];
    Outcome { cpv: p.cpv(), hash: p.hash.clone(), reason: reason.into(), status: status.into(), seconds, sha256, error, log: log_path(sh, i) }
}

fn clock(s: u64) -> String {
    format!("{}:{:02}", s / 60, s % 60)
}

fn log_path(sh: &Shared, i: usize) -> PathBuf {
    sh.state.join("logs").join(format!("{}.log", sh.plan.pkgs[i].cpv()))
}

/// The work directory a build of package `i` had before runs got their own; build paths
/// are still mapped to it (under the canonical state directory) so that packages do not
/// depend on which run built them.
fn canonical_work_dir(sh: &Shared, i: usize) -> String {
    format!("/var/lib/railyard/packages/{}/work/{}", sh.board, sh.plan.pkgs[i].cpv())
}

/// Removes the work directories of runs that died (their lock is free).
fn reclaim_work_dirs(work: &Path) {
    for cat in std::fs::read_dir(work).into_iter().flatten().flatten() {
        railyard_core::rundir::reclaim(&cat.path());
    }
}

/// The last `>>> …` line of a running build's log, e.g. "Compiling source".
fn current_phase(log: &Path) -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut tail = Vec::new();
    if let Ok(mut f) = std::fs::File::open(log) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(1 << 20)));
        let _ = f.read_to_end(&mut tail);
    }
    String::from_utf8_lossy(&tail)
        .lines()
        .rev()
        .find_map(|l| {
            let r = l.strip_prefix(">>> ")?;
            let cut = [" in /", " into /", " ..."].iter().filter_map(|c| r.find(c)).min().unwrap_or(r.len());
            Some(r[..cut].trim_end_matches(['.', ' ']).to_string())
        })
        .unwrap_or_else(|| "starting".into())
}

/// The phase Portage reports in `* ERROR: cat/pf::repo failed (compile phase):`.
pub fn failed_phase(log: &str) -> Option<String> {
    log.lines().rev().find_map(|l| {
        let (_, r) = l.split_once(" failed (")?;
        let (ph, _) = r.split_once(" phase)")?;
        Some(ph.to_string())
    })
}

/// Takes the store entry's lock (waiting, and saying so, while another process builds
/// it), then builds the package unless that process left a good entry. Returns the
/// record and whether it came from the other process.
async fn build_one(sh: Arc<Shared>, i: usize) -> Result<(Record, bool)> {
    let p = sh.plan.pkgs[i].clone();
    let lock: EntryLock = match sh.store.try_lock(&p.hash)? {
        Ok(l) => l,
        Err(who) => {
            if let Some(b) = &sh.bar {
                b.println(&format!(">>> waiting for {} being built by {who}", p.cpv()));
            }
            // poll instead of a blocking flock: a blocked thread would hold up the
            // runtime's shutdown, so Ctrl-C would not stop this run until the other
            // run finished its build
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                if let Ok(l) = sh.store.try_lock(&p.hash)? {
                    break l;
                }
            }
        }
    };
    match sh.store.check(&p.hash) {
        Entry::Good(rec) if !sh.force.contains(&i) => return Ok((rec, true)),
        Entry::Bad(why) => {
            if let Some(b) = &sh.bar {
                b.println(&format!(">>> replacing the bad store entry of {}: {why}", p.cpv()));
            }
            sh.store.remove(&p.hash)?;
        }
        _ => {}
    }
    // its own work directory (`work/<cat>/<pf>.<random>/`, locked while the build runs)
    let run_dir = railyard_core::rundir::RunDir::create(&sh.state.join("work").join(&p.ebuild.cat), &p.ebuild.pf())?;
    let run = run_dir.path().to_path_buf();
    sh.runs.lock().expect("not poisoned").insert(i, run.clone());
    let res = build_in(&sh, i, &run).await;
    sh.runs.lock().expect("not poisoned").remove(&i);
    // the run's log becomes the package's log, whatever the outcome
    let log = log_path(&sh, i);
    if let Some(d) = log.parent() {
        let _ = std::fs::create_dir_all(d);
    }
    let _ = std::fs::rename(run.join("build.log"), &log);
    if res.is_ok() {
        run_dir.remove();
    }
    drop(lock);
    res.map(|r| (r, false))
}

async fn build_in(sh: &Arc<Shared>, i: usize, work: &Path) -> Result<Record> {
    let p = sh.plan.pkgs[i].clone();
    let log = work.join("build.log");
    let final_log = log_path(sh, i);
    let (sysroot, tmp, pkgdir) = (work.join("sysroot"), work.join("tmp"), work.join("pkgdir"));
    for d in [&sysroot, &tmp, &pkgdir, &tmp.join("home"), &tmp.join("log")] {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    // The build root gets the package's DEPEND/BDEPEND with their run-time closure.
    // each checked against its record first: a bad entry is never installed
    let deps: Vec<PathBuf> = sh
        .plan
        .build_closure(i)
        .iter()
        .map(|&j| sh.store.verified(&sh.plan.pkgs[j].hash, &sh.plan.pkgs[j].cpv()))
        .collect::<Result<_>>()
        .with_context(|| format!("{}: checking its build dependencies (run ./build_packages --board={} again to rebuild bad entries)", p.cpv(), sh.board))?;
    if !deps.is_empty() {
        let sysroot2 = sysroot.clone();
        tokio::task::spawn_blocking(move || install::install(&sysroot2, &deps, &install::InstallOptions { chown: false, vdb: true }))
            .await?
            .with_context(|| format!("{}: installing its build dependencies into {}", p.cpv(), sysroot.display()))?;
    }
    // the C library for a compiler pointed at SYSROOT (cmake), after the packages' files
    if let Some(libc) = sh.libc.clone().filter(|_| sysroot::needed_by(&p.ebuild.meta, true)) {
        let root2 = sysroot.clone();
        tokio::task::spawn_blocking(move || sysroot::add(&root2, &libc))
            .await?
            .with_context(|| format!("{}: adding the SDK's C library to {}", p.cpv(), sysroot.display()))?;
    }
    let logf = std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let mut cmd = if sh.unshare {
        let mut c = tokio::process::Command::new("unshare");
        c.args(["--map-root-user", "--net", "--"]).arg(sh.config.portage.bin("ebuild"));
        c
    } else {
        tokio::process::Command::new(sh.config.portage.bin("ebuild"))
    };
    cmd.arg(&p.ebuild.path).args(["clean", "package"]);
    cmd.env_clear().envs(sh.config.env(&sysroot, &tmp, &pkgdir));
    if p.loop_breaker {
        // a first-step package (break_dep_loop): the flags the plan has off are cleared, as
        // Flatcar's /etc/portage/package.use/break_dep_loop clears them (the environment's
        // USE is the last layer Portage stacks, above package.use)
        let off: Vec<String> = p.ebuild.meta.get("IUSE").split_whitespace().map(|f| f.trim_start_matches(['+', '-'])).filter(|f| !p.use_on.contains(*f)).map(|f| format!("-{f}")).collect();
        cmd.env("USE", off.join(" "));
    }
    if !sh.unshare {
        let name = |flag: &str| Cmd::new("naming the user", "id").arg(flag).text().map(|t| t.trim().to_string()).unwrap_or_default();
        cmd.env("PORTAGE_USERNAME", name("-un")).env("PORTAGE_GRPNAME", name("-gn"));
    }
    cmd.stdin(std::process::Stdio::null()).stdout(logf.try_clone()?).stderr(logf).kill_on_drop(true).process_group(0);
    let mut child = cmd.spawn().with_context(|| format!("{}: starting Portage", p.cpv()))?;
    let pgid = child.id();
    if let Some(id) = pgid {
        sh.children.lock().expect("not poisoned").insert(id);
    }
    let status = child.wait().await;
    if let Some(id) = pgid {
        sh.children.lock().expect("not poisoned").remove(&id);
    }
    let status = status.with_context(|| format!("{}: waiting for Portage", p.cpv()))?;
    if !status.success() {
        let text = String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
        let tail: Vec<&str> = text.lines().rev().take(25).collect::<Vec<_>>().into_iter().rev().collect();
        let phase = failed_phase(&text).map(|p| format!("the {p} phase")).unwrap_or_else(|| format!("Portage ({status})"));
        bail!(
            "{} failed in {phase}\n  needed by: {}\n  log: {}\n  work dir kept until the next run: {}\n--- last lines of the log ---\n{}",
            p.cpv(),
            sh.plan.path(i),
            final_log.display(),
            work.display(),
            tail.join("\n")
        );
    }
    let built = pkgdir.join(&p.ebuild.cat).join(format!("{}.gpkg.tar", p.ebuild.pf()));
    if !built.is_file() {
        bail!("{}: Portage finished but wrote no {} (log: {})", p.cpv(), built.display(), final_log.display());
    }
    let tmpgpkg = sh.store.temp(&p.hash)?;
    let mut path_map = vec![(sh.root.display().to_string(), CANONICAL_SOURCE.to_string()), (work.display().to_string(), canonical_work_dir(sh, i))];
    path_map.push((sh.config.portage.prefix.display().to_string(), "/opt/portage".to_string()));
    path_map.push((sh.state.display().to_string(), format!("/var/lib/railyard/packages/{}", sh.board)));
    for (name, path) in &sh.repos {
        if !path.starts_with(&sh.root) {
            path_map.push((path.display().to_string(), format!("/var/db/repos/{name}")));
        }
    }
    // most specific first: the Portage prefix and the state directory may lie inside the root
    path_map.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    let norm = gpkg::Normalize { source_date_epoch: sh.config.epoch, path_map, force_root_owner: true };
    let (b2, t2) = (built.clone(), tmpgpkg.clone());
    tokio::task::spawn_blocking(move || gpkg::normalize(&b2, &t2, &norm)).await?.with_context(|| format!("{}: normalising {}", p.cpv(), built.display()))?;
    let rec = Record { cpv: p.cpv(), repo: p.repo.clone(), hash: p.hash.clone(), sha256: String::new(), size: 0, inputs: p.inputs.clone() };
    sh.store.commit(&tmpgpkg, rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reclaim_keeps_live_runs_and_runs_about_to_lock_and_removes_dead_ones() {
        let d = tempfile::tempdir().unwrap();
        let work = d.path().join("work");
        let lock_of = |dir: &Path| PathBuf::from(format!("{}.lock", dir.display()));
        // a live run: its lock is held
        let live_lock = railyard_core::rundir::RunDir::create(&work.join("cat"), "live-1").unwrap();
        let live = live_lock.path().to_path_buf();
        // a dead (or failed) run: its lock is free, its directory kept
        let dead_lock = railyard_core::rundir::RunDir::create(&work.join("cat"), "dead-1").unwrap();
        let dead = dead_lock.path().to_path_buf();
        drop(dead_lock);
        // a run caught between creating its lock file and taking it (RunDir::create)
        let early = work.join("cat/early-1.abcdef.lock");
        std::fs::write(&early, b"").unwrap();
        reclaim_work_dirs(&work);
        assert!(live.is_dir() && lock_of(&live).is_file(), "a live run was reclaimed");
        assert!(!dead.exists() && !lock_of(&dead).exists(), "a dead run was kept");
        assert!(early.is_file(), "the lock of a run about to take it was removed: its directory would never be reclaimed");
        // that run goes on: takes its lock and creates its directory, then dies
        let f = std::fs::OpenOptions::new().write(true).open(&early).unwrap();
        f.lock().unwrap();
        std::fs::create_dir(early.with_extension("")).unwrap();
        reclaim_work_dirs(&work);
        assert!(early.with_extension("").is_dir(), "a locked run was reclaimed");
        drop(f);
        reclaim_work_dirs(&work);
        assert!(!early.exists() && !early.with_extension("").exists(), "a dead run was kept");
        drop(live_lock);
    }
}
