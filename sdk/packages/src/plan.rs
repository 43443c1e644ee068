//! The plan: which ebuild satisfies each dependency, in what order packages build, the
//! input hash of every package, and why each one must be built.
//!
//! One version per slot, chosen like Portage does for an empty tree: the highest visible
//! version (keywords, package.mask), repositories of higher priority winning ties; `||`
//! groups take the first alternative already in the plan, else the first one that can be
//! satisfied. USE dependencies are checked, not changed (no autounmask): a mismatch is
//! an error that says which file to edit.

use crate::atom::{Atom, Blocker};
use crate::depend::{self, Node};
use crate::profile::{Masked, Profile};
use crate::repo::{tree_digest, Ebuild, RepoSet};
use anyhow::{bail, Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Dependency classes (PMS 8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    /// DEPEND: installed in the package's SYSROOT while it builds.
    Build,
    /// BDEPEND: build-host tools (the SDK provides them; planned, ordered and hashed like DEPEND).
    Host,
    /// RDEPEND: installed with the package.
    Run,
    /// PDEPEND: installed after the package.
    Post,
    /// IDEPEND: needed while installing (ordered like RDEPEND).
    Install,
}

impl Kind {
    /// The metadata key.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Build => "DEPEND",
            Kind::Host => "BDEPEND",
            Kind::Run => "RDEPEND",
            Kind::Post => "PDEPEND",
            Kind::Install => "IDEPEND",
        }
    }
    const ALL: [Kind; 5] = [Kind::Build, Kind::Host, Kind::Run, Kind::Post, Kind::Install];

    /// The root a dependency of this kind goes to, for a package in `parent`: BDEPEND and
    /// IDEPEND to the build host's root (BROOT, Portage's running root "/"), the others to
    /// the package's own root. Flatcar's `build_packages` merges this way (`emerge-$BOARD
    /// --with-bdeps y`, no `--root-deps`).
    pub fn root_for(self, parent: Root) -> Root {
        match self {
            Kind::Host | Kind::Install => Root::Host,
            _ => parent,
        }
    }
}

/// Which root a planned package is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Root {
    /// The board's root (ROOT = SYSROOT), planned with the board profile.
    Target,
    /// The build host's root (BROOT, "/"), planned with the build-host profile: build tools
    /// and what they need, kept apart from the board's packages so that, as in Portage, a
    /// board package's build tool never closes a cycle with the board package itself.
    Host,
}

impl Root {
    /// As Portage names it.
    pub fn name(self) -> &'static str {
        match self {
            Root::Target => "ROOT",
            Root::Host => "BROOT",
        }
    }
}

/// A distfile an ebuild needs, with its Manifest entry.
#[derive(Debug, Clone, Serialize)]
pub struct Distfile {
    /// File name in DISTDIR.
    pub name: String,
    /// URIs from SRC_URI (`mirror://…` included).
    pub uris: Vec<String>,
    /// Size from the Manifest.
    pub size: u64,
    /// `(algorithm, hex)` pairs from the Manifest.
    pub hashes: Vec<(String, String)>,
    /// The Manifest.
    pub manifest: PathBuf,
}

/// One package in the plan.
#[derive(Debug, Clone)]
pub struct Pkg {
    /// The chosen ebuild.
    pub ebuild: Ebuild,
    /// Its repository's name.
    pub repo: String,
    /// Flags that are on.
    pub use_on: BTreeSet<String>,
    /// IUSE_EFFECTIVE (IUSE plus the profile's implicit flags).
    pub iuse: BTreeSet<String>,
    /// The root it is for.
    pub root: Root,
    /// Dependencies.
    pub deps: Vec<(Kind, usize)>,
    /// Who pulled it in first (for "required by" paths); `None` for targets.
    pub required_by: Option<(usize, Kind)>,
    /// Distfiles for the enabled USE flags.
    pub distfiles: Vec<Distfile>,
    /// Everything the input hash covers.
    pub inputs: BTreeMap<String, serde_json::Value>,
    /// SHA-256 of `inputs`.
    pub hash: String,
    /// Planned only for the first step of a two-step build (`break_dep_loop`): built with
    /// some flags cleared, so that packages of the second step can build against it where
    /// their dependency loop is broken.
    pub loop_breaker: bool,
    /// Dependencies (kind, package) that a first-step package serves while this one builds
    /// (kind, package, first-step package): the edges that broke a loop, as Portage ignores
    /// a dependency already satisfied by an installed package. The image still gets the
    /// dependency itself.
    pub broken: Vec<(Kind, usize, usize)>,
}

impl Pkg {
    /// `cat/pn-pvr`.
    pub fn cpv(&self) -> String {
        self.ebuild.cpv()
    }

    /// `cat/pn-pvr`, with ` (BROOT)` for a build-host package and ` (break_dep_loop)` for
    /// a first-step one.
    pub fn label(&self) -> String {
        let step = if self.loop_breaker { " (break_dep_loop)" } else { "" };
        format!("{}{step}", self.name_in_root())
    }

    /// `cat/pn-pvr`, with ` (BROOT)` for a build-host package: how dependants' input hashes
    /// name it (without the step: a first-step package and a second-step one built alike
    /// are one package, see `share_identical`).
    fn name_in_root(&self) -> String {
        match self.root {
            Root::Target => self.ebuild.cpv(),
            Root::Host => format!("{} (BROOT)", self.ebuild.cpv()),
        }
    }

    /// The package that serves dependency `(kind, j)` while this one builds: `j`, or the
    /// first-step package when that edge broke a loop.
    pub fn serving(&self, kind: Kind, j: usize) -> usize {
        self.broken.iter().find(|&&(k, d, _)| k == kind && d == j).map_or(j, |&(_, _, s)| s)
    }
}

/// The resolved plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Packages (indices are stable within a plan).
    pub pkgs: Vec<Pkg>,
    /// Build order (dependencies first).
    pub order: Vec<usize>,
    /// The packages the targets resolved to.
    pub targets: Vec<usize>,
    /// A dependency cycle the order could not break (`dependency cycle: a -(K)-> b …`):
    /// the packages on and behind it come last in `order`, unordered, and their input
    /// hashes do not cover the dependencies they wait for. Nothing is built from such a
    /// plan.
    pub cycle: Option<String>,
}

/// What feeds every package's input hash besides its own files.
#[derive(Debug, Clone)]
pub struct HashContext {
    /// SHA-256 of the SDK toolchain identity.
    pub toolchain: String,
    /// SHA-256 of the generated make.conf settings.
    pub make_conf: String,
    /// The clamp epoch of package builds.
    pub epoch: u64,
}

struct Resolver<'a> {
    repos: &'a RepoSet,
    /// The board profile (ROOT) and the build-host profile (BROOT).
    profiles: [&'a Profile; 2],
    pkgs: Vec<Pkg>,
    by_cp: HashMap<(Root, String), Vec<usize>>,
    /// `||` groups, decided after every plain dependency known so far (as Portage does),
    /// so an alternative that something else pulls in anyway is preferred.
    deferred: std::collections::VecDeque<(usize, Kind, Vec<Node<Atom>>)>,
    /// The first step's packages for the board's root (`break_dep_loop`), by `cat/pn`: what
    /// Portage would find installed in ROOT for the second step.
    installed: HashMap<String, Vec<usize>>,
    /// For every dependency edge into the board's root: the first-step package that
    /// satisfies every atom behind it, if one does (Portage's "satisfied" priority).
    satisfied: HashMap<(usize, Kind, usize), Option<usize>>,
}

/// Resolves `targets` (atoms) against the repositories: the targets and their DEPEND,
/// RDEPEND and PDEPEND in the board's root with `profile`, BDEPEND and IDEPEND subtrees in
/// the build host's root with `host` (the profile Portage loads for "/").
pub fn resolve(repos: &RepoSet, profile: &Profile, host: &Profile, targets: &[String], ctx: &HashContext) -> Result<Plan> {
    resolve_after(repos, profile, host, targets, ctx, None)
}

/// The first step of a two-step build (Flatcar's `break_dep_loop`): `loops` (atom, flags
/// to clear) planned with those flags cleared, as a last `package.use` layer.
pub fn resolve_loop_breakers(repos: &RepoSet, profile: &Profile, host: &Profile, loops: &[(String, Vec<String>)], ctx: &HashContext) -> Result<Plan> {
    let cleared = profile.with_package_use(loops.iter().map(|(a, flags)| (a.as_str(), flags.iter().map(|f| format!("-{f}")).collect())), "break_dep_loop")?;
    let targets: Vec<String> = loops.iter().map(|(a, _)| a.clone()).collect();
    let mut plan = resolve(repos, &cleared, host, &targets, ctx)?;
    for p in &mut plan.pkgs {
        p.loop_breaker = true;
    }
    Ok(plan)
}

/// [`resolve`], for the second step of a two-step build when `first` is given: its
/// packages are what the board's root holds (Flatcar's `break_dep_loop` packages, merged
/// first). As in Portage, a dependency loop is broken at a dependency such a package
/// satisfies (a run-time one before a build-time one): the dependant builds against the
/// first-step package. The first step's packages are part of the plan (marked
/// `loop_breaker`), unless one is identical to a second-step package (same input hash):
/// then that one package serves both.
pub fn resolve_after(repos: &RepoSet, profile: &Profile, host: &Profile, targets: &[String], ctx: &HashContext, first: Option<&Plan>) -> Result<Plan> {
    let mut r = Resolver {
        repos,
        profiles: [profile, host],
        pkgs: Vec::new(),
        by_cp: HashMap::new(),
        deferred: Default::default(),
        installed: HashMap::new(),
        satisfied: HashMap::new(),
    };
    if let Some(first) = first {
        r.pkgs = first.pkgs.clone();
        for (i, p) in r.pkgs.iter().enumerate() {
            if p.root == Root::Target {
                r.installed.entry(p.ebuild.cp()).or_default().push(i);
            }
        }
    }
    let n_first = r.pkgs.len();
    let mut tidx = Vec::new();
    for t in targets {
        let atom = Atom::parse(t).or_else(|_| Atom::parse(&qualify(repos, t)?)).with_context(|| format!("target {t:?} is not a package atom"))?;
        let i = r.select(&atom, None, &format!("target {t}"), Root::Target)?;
        if !tidx.contains(&i) {
            tidx.push(i);
        }
    }
    let mut next = n_first;
    loop {
        while next < r.pkgs.len() {
            r.expand(next)?;
            next += 1;
        }
        if r.deferred.is_empty() {
            break;
        }
        // Groups with an alternative already in the plan are settled first (they add
        // nothing new); only then is the oldest open group decided on its own.
        let ready = r.deferred.iter().position(|&(i, kind, ref alts)| {
            let root = kind.root_for(r.pkgs[i].root);
            alts.iter().any(|alt| r.leaves_of(alt).iter().all(|a| r.in_plan(a, root, Some(&r.pkgs[i].use_on))))
        });
        let (i, kind, alts) = match ready {
            Some(pos) => r.deferred.remove(pos).expect("position is valid"),
            None => r.deferred.pop_front().expect("not empty"),
        };
        r.choose_any_of(i, kind, &alts)?;
    }
    r.check_blockers()?;
    r.break_loops();
    let (order, cycle) = r.order();
    let mut plan = Plan { pkgs: r.pkgs, order, targets: tidx, cycle };
    plan.hash_all(repos, [profile, host], ctx)?;
    if n_first > 0 {
        plan.share_identical(n_first);
    }
    Ok(plan)
}

/// `pn` alone → `cat/pn` when exactly one category has it.
fn qualify(repos: &RepoSet, name: &str) -> Result<String> {
    let hits: Vec<&String> = repos.packages.keys().filter(|cp| cp.split('/').nth(1) == Some(name)).collect();
    match hits.len() {
        1 => Ok(hits[0].clone()),
        0 => bail!("no package named {name:?} in the configured repositories"),
        _ => bail!("{name:?} is ambiguous: {}", hits.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
    }
}

impl Resolver<'_> {
    fn profile(&self, root: Root) -> &Profile {
        self.profiles[root as usize]
    }

    fn path(&self, i: usize) -> String {
        dependency_path(&self.pkgs, i)
    }

    fn who(&self, from: Option<(usize, Kind)>, what: &str) -> String {
        match from {
            Some((p, k)) => format!("{} of {}", k.key(), self.path(p)),
            None => what.to_string(),
        }
    }

    /// Picks (or reuses) the package satisfying `atom`: the best visible candidate decides
    /// the slot; a package already planned in that slot is reused when it matches.
    fn select(&mut self, atom: &Atom, from: Option<(usize, Kind)>, what: &str, root: Root) -> Result<usize> {
        let cp = atom.cp();
        let key = (root, cp.clone());
        let profile = self.profiles[root as usize];
        let in_plan = |r: &Self, slot: Option<&str>| -> Option<usize> {
            r.by_cp.get(&key).and_then(|v| {
                v.iter().copied().find(|&i| {
                    let p = &r.pkgs[i];
                    slot.is_none_or(|s| p.ebuild.slot() == s) && atom.matches(&p.ebuild.cat, &p.ebuild.pn, &p.ebuild.version, p.ebuild.slot(), p.ebuild.subslot(), &p.repo)
                })
            })
        };
        let broken = self.repos.broken.iter().filter(|b| b.cp == cp).map(|b| format!("\n  {} is masked: {}", b.path.display(), b.why)).collect::<String>();
        let Some(cands) = self.repos.packages.get(&cp) else {
            bail!("unsatisfiable dependency {atom}: no package {cp} in the configured repositories (needed by {}){broken}", self.who(from, what));
        };
        let mut matching: Vec<&Ebuild> = cands
            .iter()
            .filter(|e| atom.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), &self.repos.repos[e.repo].name))
            .collect();
        if matching.is_empty() {
            if let Some(i) = in_plan(self, None) {
                self.check_use(atom, i, from)?;
                return Ok(i);
            }
            let avail: Vec<String> = cands.iter().map(|e| format!("{}::{}", e.cpv(), self.repos.repos[e.repo].name)).collect();
            bail!("unsatisfiable dependency {atom}: no version matches (available: {}; needed by {}){broken}", avail.join(", "), self.who(from, what));
        }
        matching.sort_by(|a, b| b.version.cmp(&a.version).then(b.repo.cmp(&a.repo)));
        let mut masked: Vec<(String, Masked)> = Vec::new();
        let mut chosen = None;
        for e in matching {
            let repo = &self.repos.repos[e.repo].name;
            match profile.masked(e, repo) {
                None => {
                    chosen = Some(e.clone());
                    break;
                }
                Some(m) => masked.push((format!("{}::{repo}", e.cpv()), m)),
            }
        }
        let Some(e) = chosen else {
            if let Some(i) = in_plan(self, None) {
                self.check_use(atom, i, from)?;
                return Ok(i);
            }
            let lines: Vec<String> = masked.iter().map(|(c, m)| format!("  {c} ({m})")).collect();
            let hint = if masked.iter().any(|(_, m)| matches!(m, Masked::Keyword(_))) {
                "accept the keyword in the board profile's package.accept_keywords"
            } else {
                "remove the package.mask entry or unmask it in the board profile's package.unmask"
            };
            bail!("all versions of {atom} are masked (needed by {}):\n{}\n{hint}", self.who(from, what), lines.join("\n"));
        };
        if let Some(i) = in_plan(self, Some(e.slot())) {
            self.check_use(atom, i, from)?;
            return Ok(i);
        }
        if let Some(&other) = self.by_cp.get(&key).and_then(|v| v.iter().find(|&&j| self.pkgs[j].ebuild.slot() == e.slot())) {
            bail!(
                "slot conflict: {} (needed by {}) and {} (needed by {}) are in slot {} of {cp}",
                e.cpv(),
                self.who(from, what),
                self.pkgs[other].cpv(),
                self.who(self.pkgs[other].required_by, "a target"),
                e.slot()
            );
        }
        let repo = self.repos.repos[e.repo].name.clone();
        let use_on = profile.use_flags(&e, &repo);
        let iuse = profile.iuse_effective(&e);
        check_required_use(&e, &use_on, root)?;
        let i = self.pkgs.len();
        self.pkgs.push(Pkg {
            ebuild: e,
            repo,
            use_on,
            iuse,
            root,
            deps: Vec::new(),
            required_by: from,
            distfiles: Vec::new(),
            inputs: BTreeMap::new(),
            hash: String::new(),
            loop_breaker: false,
            broken: Vec::new(),
        });
        self.by_cp.entry(key).or_default().push(i);
        self.check_use(atom, i, from)?;
        Ok(i)
    }

    /// Whether package `i` satisfies the USE dependencies of `atom` (defaults `(+)`/`(-)`
    /// apply to flags outside its IUSE_EFFECTIVE); `Err` says what is wrong.
    fn use_ok(&self, atom: &Atom, use_on: &BTreeSet<String>, iuse: &BTreeSet<String>, parent_use: &BTreeSet<String>) -> std::result::Result<(), (String, bool, bool)> {
        for (flag, want) in atom.use_requirements(&|f| parent_use.contains(f)) {
            let have = if iuse.contains(&flag) {
                use_on.contains(&flag)
            } else {
                match atom.use_default(&flag) {
                    Some(d) => d,
                    None => return Err((flag, want, false)),
                }
            };
            if have != want {
                return Err((flag, want, true));
            }
        }
        Ok(())
    }

    fn check_use(&self, atom: &Atom, i: usize, from: Option<(usize, Kind)>) -> Result<()> {
        let parent_use = from.map(|(p, _)| self.pkgs[p].use_on.clone()).unwrap_or_default();
        let p = &self.pkgs[i];
        match self.use_ok(atom, &p.use_on, &p.iuse, &parent_use) {
            Ok(()) => Ok(()),
            Err((flag, _, false)) => bail!("{} needs {atom} but {} has no USE flag {flag} (and the dependency gives no (+)/(-) default)", self.who(from, "a target"), p.cpv()),
            Err((flag, want, true)) => bail!(
                "{} needs {atom} but {} is built with USE={}{flag}; set `{} {}{flag}` in the board profile's package.use",
                self.who(from, "a target"),
                p.cpv(),
                if want { "-" } else { "" },
                p.ebuild.cp(),
                if want { "" } else { "-" }
            ),
        }
    }

    fn expand(&mut self, i: usize) -> Result<()> {
        for kind in Kind::ALL {
            let text = self.pkgs[i].ebuild.meta.get(kind.key()).to_string();
            if text.trim().is_empty() {
                continue;
            }
            let nodes = depend::parse_deps(&text).with_context(|| format!("{} of {} ({})", kind.key(), self.pkgs[i].cpv(), self.pkgs[i].ebuild.path.display()))?;
            let use_on = self.pkgs[i].use_on.clone();
            let reduced = depend::reduce(&nodes, &|f: &str| use_on.contains(f));
            self.add_nodes(i, kind, &reduced)?;
        }
        Ok(())
    }

    fn add_nodes(&mut self, i: usize, kind: Kind, nodes: &[Node<Atom>]) -> Result<()> {
        for n in nodes {
            match n {
                Node::Leaf(a) => {
                    if !matches!(a.blocker, Blocker::None) {
                        continue;
                    }
                    let root = kind.root_for(self.pkgs[i].root);
                    // package.provided: taken as installed, nothing to plan
                    if !self.in_plan(a, root, None) && self.profile(root).provided(a).is_some() {
                        continue;
                    }
                    let j = self.select(a, Some((i, kind)), "", root)?;
                    if j != i && !self.installed.is_empty() && root == Root::Target {
                        let by = self.installed_match(a, i);
                        self.satisfied.entry((i, kind, j)).and_modify(|s| *s = s.and(by)).or_insert(by);
                    }
                    if j != i && !self.pkgs[i].deps.contains(&(kind, j)) {
                        self.pkgs[i].deps.push((kind, j));
                    }
                }
                Node::AllOf(v) => self.add_nodes(i, kind, v)?,
                Node::UseCond { .. } => {
                    let use_on = self.pkgs[i].use_on.clone();
                    let r = depend::reduce(std::slice::from_ref(n), &|f: &str| use_on.contains(f));
                    self.add_nodes(i, kind, &r)?;
                }
                Node::AnyOf(alts) | Node::ExactlyOneOf(alts) => {
                    self.deferred.push_back((i, kind, alts.clone()));
                }
                Node::AtMostOneOf(_) => {}
            }
        }
        Ok(())
    }

    /// Decides an `||` group: the first alternative already in the plan, else the first
    /// one that can be satisfied (visible, USE dependencies met), else the first.
    fn choose_any_of(&mut self, i: usize, kind: Kind, alts: &[Node<Atom>]) -> Result<()> {
        let parent_use = self.pkgs[i].use_on.clone();
        let root = kind.root_for(self.pkgs[i].root);
        let pick = alts
            .iter()
            .find(|alt| self.leaves_of(alt).iter().all(|a| self.in_plan(a, root, Some(&parent_use)) || self.profile(root).provided(a).is_some()))
            .or_else(|| alts.iter().find(|alt| self.leaves_of(alt).iter().all(|a| self.satisfiable(a, &parent_use, root))))
            .or(alts.first())
            .cloned();
        if let Some(alt) = pick {
            self.add_nodes(i, kind, std::slice::from_ref(&alt))?;
        }
        Ok(())
    }

    /// The first-step package (installed in the board's root) that satisfies `a` as a
    /// dependency of package `i`, USE dependencies included.
    fn installed_match(&self, a: &Atom, i: usize) -> Option<usize> {
        let v = self.installed.get(&a.cp())?;
        v.iter().copied().rev().find(|&k| {
            let q = &self.pkgs[k];
            a.matches(&q.ebuild.cat, &q.ebuild.pn, &q.ebuild.version, q.ebuild.slot(), q.ebuild.subslot(), &q.repo)
                && self.use_ok(a, &q.use_on, &q.iuse, &self.pkgs[i].use_on).is_ok()
        })
    }

    fn leaves_of(&self, n: &Node<Atom>) -> Vec<Atom> {
        depend::leaves(std::slice::from_ref(n), &|_: &str| false)
    }

    /// Whether a planned package in `root` matches `a`; with `parent_use`, one that also
    /// meets its USE dependencies (conditional ones read `parent_use`): an `||` alternative
    /// the plan already satisfies. A package planned with other flags does not (Portage
    /// then takes the next alternative).
    fn in_plan(&self, a: &Atom, root: Root, parent_use: Option<&BTreeSet<String>>) -> bool {
        self.by_cp.get(&(root, a.cp())).is_some_and(|v| {
            v.iter().any(|&i| {
                let p = &self.pkgs[i];
                a.matches(&p.ebuild.cat, &p.ebuild.pn, &p.ebuild.version, p.ebuild.slot(), p.ebuild.subslot(), &p.repo)
                    && parent_use.is_none_or(|u| self.use_ok(a, &p.use_on, &p.iuse, u).is_ok())
            })
        })
    }

    fn satisfiable(&self, a: &Atom, parent_use: &BTreeSet<String>, root: Root) -> bool {
        let profile = self.profile(root);
        if !matches!(a.blocker, Blocker::None) || profile.provided(a).is_some() {
            return true;
        }
        // the best visible candidate is what `select` would take
        let Some(c) = self.repos.packages.get(&a.cp()) else { return false };
        let best = c.iter().rev().find(|e| {
            let repo = &self.repos.repos[e.repo].name;
            a.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo) && profile.masked(e, repo).is_none()
        });
        match best {
            Some(e) => {
                let repo = &self.repos.repos[e.repo].name;
                let use_on = profile.use_flags(e, repo);
                self.use_ok(a, &use_on, &profile.iuse_effective(e), parent_use).is_ok()
            }
            None => false,
        }
    }

    fn check_blockers(&self) -> Result<()> {
        // (first-step packages are replaced by the second step: they block nothing)
        for (i, p) in self.pkgs.iter().enumerate().filter(|(_, p)| !p.loop_breaker) {
            for kind in [Kind::Build, Kind::Run, Kind::Host] {
                let text = p.ebuild.meta.get(kind.key());
                if !text.contains('!') {
                    continue;
                }
                let nodes = depend::parse_deps(text)?;
                for a in depend::leaves(&nodes, &|f: &str| p.use_on.contains(f)) {
                    if matches!(a.blocker, Blocker::None) {
                        continue;
                    }
                    // a blocker acts in the root its dependency class goes to
                    let root = kind.root_for(p.root);
                    for (j, q) in self.pkgs.iter().enumerate().filter(|(_, q)| q.root == root && !q.loop_breaker) {
                        // a blocker with USE dependencies (`!cat/pkg[foo]`) blocks only a
                        // package built that way; conditional ones (`[foo?]`) read the
                        // blocking package's USE (PMS 8.3.2)
                        if j != i
                            && a.matches(&q.ebuild.cat, &q.ebuild.pn, &q.ebuild.version, q.ebuild.slot(), q.ebuild.subslot(), &q.repo)
                            && self.use_ok(&a, &q.use_on, &q.iuse, &p.use_on).is_ok()
                        {
                            bail!("{} blocks {} ({a}), but both are needed: {} and {}", p.label(), q.label(), self.path(i), self.path(j));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Kahn's algorithm over all edges but PDEPEND (an edge that broke a loop leads to the
    /// first-step package); ties in first-seen order. As in Portage, only PDEPEND breaks a
    /// cycle of packages to build: a run-time dependency of a build dependency must be
    /// merged before the build that uses it. Returns the order and the packages on or
    /// behind a cycle (not in the order).
    fn kahn(&self) -> (Vec<usize>, Vec<usize>) {
        let n = self.pkgs.len();
        let mut indeg = vec![0usize; n];
        let mut rev: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in self.pkgs.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for &(k, j) in &p.deps {
                let j = p.serving(k, j);
                if k != Kind::Post && seen.insert(j) {
                    indeg[i] += 1;
                    rev[j].push(i);
                }
            }
        }
        let mut ready: BTreeSet<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
        let mut out = Vec::with_capacity(n);
        while let Some(i) = ready.pop_first() {
            out.push(i);
            for &d in &rev[i] {
                indeg[d] -= 1;
                if indeg[d] == 0 {
                    ready.insert(d);
                }
            }
        }
        let placed: BTreeSet<usize> = out.iter().copied().collect();
        let stuck = (0..n).filter(|i| !placed.contains(i)).collect();
        (out, stuck)
    }

    /// The build order; with a cycle, the packages on and behind it come last and the
    /// cycle is described.
    fn order(&self) -> (Vec<usize>, Option<String>) {
        let (mut out, stuck) = self.kahn();
        if stuck.is_empty() {
            return (out, None);
        }
        let cycle = format!("dependency cycle: {} (break it with PDEPEND)", self.show_cycle(&self.cycle_edges(&stuck)));
        out.extend(stuck);
        (out, Some(cycle))
    }

    /// Breaks dependency loops at edges a first-step package satisfies, as Portage's
    /// DepPrioritySatisfiedRange does: while the order is stuck, one edge of the cycle
    /// found — a run-time one first, else a build-time one — is served by the first-step
    /// package instead. Leaves the cycle that cannot be broken, if any, to [`Self::order`].
    fn break_loops(&mut self) {
        loop {
            let (_, stuck) = self.kahn();
            if stuck.is_empty() {
                return;
            }
            let edges = self.cycle_edges(&stuck);
            let pick = [[Kind::Run, Kind::Install], [Kind::Build, Kind::Host]].iter().find_map(|kinds| {
                edges.iter().find_map(|&(i, k, j)| match self.satisfied.get(&(i, k, j)) {
                    Some(&Some(s)) if kinds.contains(&k) => Some((i, k, j, s)),
                    _ => None,
                })
            });
            let Some((i, k, j, s)) = pick else { return };
            self.pkgs[i].broken.push((k, j, s));
        }
    }

    /// The edges `(from, kind, to)` of a cycle among `stuck`, following the first stuck
    /// build-order dependency of each package from the first stuck one.
    fn cycle_edges(&self, stuck: &[usize]) -> Vec<(usize, Kind, usize)> {
        let stuck_set: BTreeSet<usize> = stuck.iter().copied().collect();
        let mut path: Vec<(usize, Kind, usize)> = Vec::new();
        let mut cur = stuck[0];
        for _ in 0..self.pkgs.len() + 1 {
            let p = &self.pkgs[cur];
            let Some(&(kind, next)) = p.deps.iter().find(|&&(k, j)| k != Kind::Post && stuck_set.contains(&p.serving(k, j))) else { break };
            let next = p.serving(kind, next);
            path.push((cur, kind, next));
            if let Some(pos) = path.iter().position(|&(from, _, _)| from == next) {
                return path.split_off(pos);
            }
            cur = next;
        }
        path
    }

    /// A cycle as `a -(BDEPEND)-> b (BROOT) -(RDEPEND)-> a`: its members (with ` (BROOT)` for
    /// build-host ones) and the kind of every edge.
    fn show_cycle(&self, edges: &[(usize, Kind, usize)]) -> String {
        let Some(&(first, _, _)) = edges.first() else { return String::new() };
        let mut s = self.pkgs[first].label();
        for &(_, k, to) in edges {
            s.push_str(&format!(" -({})-> {}", k.key(), self.pkgs[to].label()));
        }
        s
    }
}

/// DIST entries of a Manifest: file name → (size, [(algorithm, hex digest)]).
pub type DistEntries = BTreeMap<String, (u64, Vec<(String, String)>)>;

/// "a <- b (RDEPEND) <- target": how package `i` got into a plan, from `required_by`.
fn dependency_path(pkgs: &[Pkg], mut i: usize) -> String {
    let mut v = vec![pkgs[i].label()];
    while let Some((p, k)) = pkgs[i].required_by {
        v.push(format!("{} ({})", pkgs[p].label(), k.key()));
        i = p;
    }
    v.join(" <- ")
}

/// Checks REQUIRED_USE (`flag`, `!flag`, `|| ( )`, `^^ ( )`, `?? ( )`, `flag? ( )`).
fn check_required_use(e: &Ebuild, use_on: &BTreeSet<String>, root: Root) -> Result<()> {
    let text = e.meta.get("REQUIRED_USE");
    if text.trim().is_empty() {
        return Ok(());
    }
    let nodes = depend::parse_strings(text).with_context(|| format!("REQUIRED_USE of {}", e.cpv()))?;
    fn holds(n: &Node<String>, on: &BTreeSet<String>) -> bool {
        match n {
            Node::Leaf(f) => match f.strip_prefix('!') {
                Some(x) => !on.contains(x),
                None => on.contains(f),
            },
            Node::AllOf(v) => v.iter().all(|c| holds(c, on)),
            Node::AnyOf(v) => v.iter().any(|c| holds(c, on)),
            Node::ExactlyOneOf(v) => v.iter().filter(|c| holds(c, on)).count() == 1,
            Node::AtMostOneOf(v) => v.iter().filter(|c| holds(c, on)).count() <= 1,
            Node::UseCond { flag, negate, children } => on.contains(flag) == *negate || children.iter().all(|c| holds(c, on)),
        }
    }
    if !nodes.iter().all(|n| holds(n, use_on)) {
        bail!(
            "{}{}: REQUIRED_USE \"{}\" is not met by USE=\"{}\"; change the flags in the {} profile's package.use ({})",
            e.cpv(),
            if root == Root::Host { " (BROOT)" } else { "" },
            text.trim(),
            use_on.iter().cloned().collect::<Vec<_>>().join(" "),
            if root == Root::Host { "build-host (BROOT)" } else { "board" },
            e.path.display()
        );
    }
    Ok(())
}

/// Parses a package's `Manifest` DIST lines.
pub fn manifest(path: &Path) -> Result<DistEntries> {
    let mut m = BTreeMap::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(m),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    for (n, l) in text.lines().enumerate() {
        let t: Vec<&str> = l.split_whitespace().collect();
        if t.first() != Some(&"DIST") {
            continue;
        }
        if t.len() < 5 || t.len() & 1 == 0 {
            bail!("{}:{}: malformed DIST line", path.display(), n + 1);
        }
        let size = t[2].parse().with_context(|| format!("{}:{}: bad size {:?}", path.display(), n + 1, t[2]))?;
        let hashes = t[3..].chunks(2).map(|c| (c[0].to_string(), c[1].to_lowercase())).collect();
        m.insert(t[1].to_string(), (size, hashes));
    }
    Ok(m)
}

impl Plan {
    /// "a <- b (RDEPEND) <- target": how package `i` got into the plan.
    pub fn path(&self, i: usize) -> String {
        dependency_path(&self.pkgs, i)
    }

    /// Position of each package in the build order.
    fn rank(&self) -> Vec<usize> {
        let mut r = vec![0; self.pkgs.len()];
        for (pos, &i) in self.order.iter().enumerate() {
            r[i] = pos;
        }
        r
    }

    /// Packages reachable from `start` over `kinds` edges; `building`: an edge that broke a
    /// loop leads to the first-step package that serves it (what a build root holds).
    fn closure(&self, start: impl IntoIterator<Item = usize>, kinds: &[Kind], building: bool) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = start.into_iter().collect();
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                let p = &self.pkgs[i];
                for &(k, j) in &p.deps {
                    if kinds.contains(&k) {
                        stack.push(if building { p.serving(k, j) } else { j });
                    }
                }
            }
        }
        let rank = self.rank();
        let mut v: Vec<usize> = seen.into_iter().collect();
        v.sort_by_key(|&i| rank[i]);
        v
    }

    /// What must be installed in package `i`'s SYSROOT while it builds: its DEPEND and
    /// BDEPEND packages with their run-time closure, in install order.
    pub fn build_closure(&self, i: usize) -> Vec<usize> {
        let p = &self.pkgs[i];
        let direct: Vec<usize> = p.deps.iter().filter(|(k, _)| matches!(k, Kind::Build | Kind::Host)).map(|&(k, j)| p.serving(k, j)).collect();
        // (a PDEPEND can lead back to the package itself)
        let mut v = self.closure(direct, &[Kind::Run, Kind::Post, Kind::Install], true);
        v.retain(|&j| j != i);
        v
    }

    /// What an image of `roots` contains: the packages and their run-time closure in their
    /// own root (RDEPEND, PDEPEND; IDEPEND packages are the build host's, not the image's).
    pub fn runtime_closure(&self, roots: &[usize]) -> Vec<usize> {
        self.closure(roots.iter().copied(), &[Kind::Run, Kind::Post], false)
    }

    /// After the second step is hashed: a first-step package (index below `n_first`)
    /// identical to a second-step one (same input hash) is that package; the duplicate
    /// second-step entry is dropped, every edge to it leads to the first-step one, which
    /// takes the second-step entry's dependencies (the same packages while building, where
    /// the broken edges lead to first-step ones; the second step's in an image) and is no
    /// longer marked `loop_breaker`. The order stays valid: what serves the shared package
    /// while building is what served the first-step package.
    fn share_identical(&mut self, n_first: usize) {
        let first: HashMap<&str, usize> = (0..n_first).map(|i| (self.pkgs[i].hash.as_str(), i)).collect();
        // where each package goes: itself, or the first-step package it duplicates
        let to: Vec<usize> = (0..self.pkgs.len()).map(|i| if i < n_first { i } else { first.get(self.pkgs[i].hash.as_str()).copied().unwrap_or(i) }).collect();
        for i in (n_first..self.pkgs.len()).filter(|&i| to[i] != i) {
            let (deps, broken) = (self.pkgs[i].deps.clone(), self.pkgs[i].broken.clone());
            let f = &mut self.pkgs[to[i]];
            (f.deps, f.broken, f.loop_breaker) = (deps, broken, false);
        }
        // renumber what is kept, every index through `to`
        let mut new_index = vec![usize::MAX; self.pkgs.len()];
        for (n, i) in (0..self.pkgs.len()).filter(|&i| to[i] == i).enumerate() {
            new_index[i] = n;
        }
        let at = |i: usize| new_index[to[i]];
        let old = std::mem::take(&mut self.pkgs);
        for (_, mut p) in old.into_iter().enumerate().filter(|&(i, _)| to[i] == i) {
            let mut seen = BTreeSet::new();
            p.deps = p.deps.iter().map(|&(k, j)| (k, at(j))).filter(|d| seen.insert(*d)).collect();
            p.broken = p.broken.iter().map(|&(k, j, s)| (k, at(j), at(s))).filter(|&(_, j, s)| j != s).collect();
            p.required_by = p.required_by.map(|(r, k)| (at(r), k));
            self.pkgs.push(p);
        }
        let mut seen = BTreeSet::new();
        self.targets = self.targets.iter().map(|&t| at(t)).filter(|t| seen.insert(*t)).collect();
        self.order = self.order.iter().filter(|&&i| to[i] == i).map(|&i| new_index[i]).collect();
    }

    /// Packages the given ones need to be built first (direct build-order edges).
    pub fn build_deps(&self, i: usize) -> Vec<usize> {
        self.build_closure(i)
    }

    fn hash_all(&mut self, repos: &RepoSet, profiles: [&Profile; 2], ctx: &HashContext) -> Result<()> {
        let digest = |profile: &Profile| {
            let mut h = Sha256::new();
            for (k, v) in &profile.vars {
                h.update(format!("{k}={v}\n").as_bytes());
            }
            hex::encode(h.finalize())
        };
        let profile_digests = [digest(profiles[0]), digest(profiles[1])];
        // Hash order: every dependency (of any kind but PDEPEND) before its dependant.
        let order = self.order.clone();
        for &i in &order {
            let p = &self.pkgs[i];
            let e = &p.ebuild;
            let pkgdir = e.path.parent().expect("ebuild in a directory").to_path_buf();
            let mut inputs: BTreeMap<String, serde_json::Value> = BTreeMap::new();
            use serde_json::json;
            inputs.insert("schema".into(), json!("railyard-package-inputs/1"));
            inputs.insert("package".into(), json!(format!("{}::{}", e.cpv(), p.repo)));
            inputs.insert("slot".into(), json!(e.meta.get("SLOT")));
            inputs.insert("ebuild".into(), json!(e.sha256));
            let mut ecl = BTreeMap::new();
            for (name, _) in e.meta.eclasses() {
                let ec = repos.eclasses.get(&name).with_context(|| format!("{}: eclass {name} not found", e.path.display()))?;
                ecl.insert(name, ec.sha256.clone());
            }
            inputs.insert("eclasses".into(), json!(ecl));
            inputs.insert("files".into(), json!(tree_digest(&pkgdir.join("files"))?));
            inputs.insert("use".into(), json!(p.use_on.iter().collect::<Vec<_>>()));
            inputs.insert("profile".into(), json!(profile_digests[p.root as usize]));
            // (absent for the board's root, so its packages' hashes are what they were)
            if p.root == Root::Host {
                inputs.insert("root".into(), json!(p.root.name()));
            }
            inputs.insert("make.conf".into(), json!(ctx.make_conf));
            inputs.insert("toolchain".into(), json!(ctx.toolchain));
            inputs.insert("epoch".into(), json!(ctx.epoch));
            // Distfiles for the enabled flags, pinned by the Manifest.
            let src = e.meta.get("SRC_URI");
            let mut dist = Vec::new();
            if !src.trim().is_empty() {
                let nodes = depend::parse_src_uri(src).with_context(|| format!("SRC_URI of {}", e.cpv()))?;
                let man_path = pkgdir.join("Manifest");
                let man = manifest(&man_path)?;
                let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
                for s in depend::leaves(&nodes, &|f: &str| p.use_on.contains(f)) {
                    by_name.entry(s.filename.clone()).or_default().push(s.uri.clone());
                }
                for (name, uris) in by_name {
                    let Some((size, hashes)) = man.get(&name) else {
                        bail!(
                            "{}: distfile {name} has no DIST entry in {} (run `ebuild {} manifest`)",
                            e.cpv(),
                            man_path.display(),
                            e.path.display()
                        );
                    };
                    dist.push(Distfile { name, uris, size: *size, hashes: hashes.clone(), manifest: man_path.clone() });
                }
            }
            let dj: BTreeMap<String, String> =
                dist.iter().map(|d| (d.name.clone(), format!("{} {}", d.size, d.hashes.iter().map(|(a, h)| format!("{a}:{h}")).collect::<Vec<_>>().join(" ")))).collect();
            inputs.insert("distfiles".into(), json!(dj));
            let mut deps = BTreeMap::new();
            for &(k, j) in &p.deps {
                if k != Kind::Post {
                    let d = &self.pkgs[p.serving(k, j)];
                    deps.insert(format!("{} {}", k.key(), d.name_in_root()), d.hash.clone());
                }
            }
            inputs.insert("deps".into(), json!(deps));
            let text = serde_json::to_vec(&inputs)?;
            let hash = hex::encode(Sha256::digest(&text));
            let p = &mut self.pkgs[i];
            p.inputs = inputs;
            p.hash = hash;
            p.distfiles = dist;
        }
        Ok(())
    }
}

/// Why a package must be built, comparing its inputs with the last build of the same
/// package (`None` when there was none).
pub fn reason(now: &BTreeMap<String, serde_json::Value>, last: Option<&BTreeMap<String, serde_json::Value>>, changed_deps: &[String]) -> String {
    let Some(last) = last else { return "new".into() };
    let mut why = Vec::new();
    let mut keys: Vec<&String> = now.keys().collect();
    keys.sort();
    for k in keys {
        if k == "deps" {
            continue;
        }
        if last.get(k) != now.get(k) {
            why.push(match k.as_str() {
                "ebuild" => "ebuild changed".to_string(),
                "eclasses" => {
                    let a = now[k].as_object().cloned().unwrap_or_default();
                    let b = last.get(k).and_then(|v| v.as_object().cloned()).unwrap_or_default();
                    let ch: Vec<String> = a.iter().filter(|(n, v)| b.get(*n) != Some(*v)).map(|(n, _)| n.clone()).collect();
                    format!("eclass {} changed", ch.join(", "))
                }
                "files" => "files/ changed".into(),
                "use" => {
                    let set = |v: Option<&serde_json::Value>| -> BTreeSet<String> {
                        v.and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
                    };
                    let (a, b) = (set(now.get(k)), set(last.get(k)));
                    let mut d: Vec<String> = a.difference(&b).map(|f| format!("+{f}")).collect();
                    d.extend(b.difference(&a).map(|f| format!("-{f}")));
                    format!("USE changed ({})", d.join(" "))
                }
                "profile" => "board profile changed".into(),
                "make.conf" => "build settings changed".into(),
                "toolchain" => "SDK toolchain changed".into(),
                "distfiles" => "distfiles changed".into(),
                other => format!("{other} changed"),
            });
        }
    }
    if !changed_deps.is_empty() {
        why.push(format!("dependency rebuilt: {}", changed_deps.join(", ")));
    } else if last.get("deps") != now.get("deps") {
        why.push("dependencies changed".into());
    }
    if why.is_empty() {
        "missing from the store".into()
    } else {
        why.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::Repo;

    /// A repository `t` with `(cat/pf, md5-cache lines)` ebuilds, a board profile and a
    /// build-host profile; returns the loaded set and both profiles.
    fn tree(dir: &Path, ebuilds: &[(&str, &str)]) -> (RepoSet, Profile, Profile) {
        let repo = dir.join("repo");
        let write = |rel: &str, text: &str| {
            let p = repo.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("profiles/repo_name", "t\n");
        let mut cats: Vec<&str> = ebuilds.iter().map(|(c, _)| c.split('/').next().unwrap()).collect();
        cats.dedup();
        write("profiles/categories", &format!("{}\n", cats.join("\n")));
        write("profiles/board/make.defaults", "ARCH=\"amd64\"\nACCEPT_KEYWORDS=\"amd64\"\nUSE=\"boardflag\"\n");
        write("profiles/host/make.defaults", "ARCH=\"amd64\"\nACCEPT_KEYWORDS=\"amd64\"\nUSE=\"hostflag\"\n");
        for (cpf, meta) in ebuilds {
            let (cat, pf) = cpf.split_once('/').unwrap();
            let (pn, _) = crate::atom::split_pv(pf).unwrap();
            let body = format!("EAPI=8\n# {cpf}\n");
            write(&format!("{cat}/{pn}/{pf}.ebuild"), &body);
            let md5 = hex::encode(<md5::Md5 as sha2::Digest>::digest(body.as_bytes()));
            write(&format!("metadata/md5-cache/{cpf}"), &format!("EAPI=8\nSLOT=0\nKEYWORDS=amd64\nIUSE=boardflag hostflag\n{meta}\n_md5_={md5}\n"));
        }
        let set = RepoSet::load(&[repo.clone()], &|_: &RepoSet, r: &Repo, _: &[(PathBuf, String)]| anyhow::bail!("no regeneration expected ({})", r.name)).unwrap();
        let board = Profile::load(&repo.join("profiles/board"), &set.repos, dir).unwrap();
        let host = Profile::load(&repo.join("profiles/host"), &set.repos, dir).unwrap();
        (set, board, host)
    }

    fn ctx() -> HashContext {
        HashContext { toolchain: "tc".into(), make_conf: "mc".into(), epoch: 1 }
    }

    fn find(plan: &Plan, cpv: &str, root: Root) -> Option<usize> {
        plan.pkgs.iter().position(|p| p.cpv() == cpv && p.root == root)
    }

    #[test]
    fn build_tools_go_to_the_build_hosts_root_planned_with_its_profile() {
        // elt-patches needs xz-utils at run time only where the board profile's flag is on:
        // with one root, xz-utils -(BDEPEND)-> elt-patches -(RDEPEND)-> xz-utils is a cycle;
        // Portage plans elt-patches for "/" with the build host's profile, and so do we
        let t = tempfile::tempdir().unwrap();
        let (set, board, host) = tree(
            t.path(),
            &[
                ("app-arch/xz-1", "BDEPEND=dev-util/elt"),
                ("dev-util/elt-1", "RDEPEND=boardflag? ( app-arch/xz )"),
                ("app-misc/top-1", "RDEPEND=app-arch/xz\nDEPEND=dev-libs/lib\nIDEPEND=dev-util/inst"),
                ("dev-libs/lib-1", ""),
                ("dev-util/inst-1", ""),
            ],
        );
        let plan = resolve(&set, &board, &host, &["app-misc/top".into()], &ctx()).unwrap();
        let at = |c: &str, r: Root| find(&plan, c, r);
        let (top, xz, elt, lib, inst) = (
            at("app-misc/top-1", Root::Target).unwrap(),
            at("app-arch/xz-1", Root::Target).unwrap(),
            at("dev-util/elt-1", Root::Host).expect("the BDEPEND in BROOT"),
            at("dev-libs/lib-1", Root::Target).expect("DEPEND stays in ROOT"),
            at("dev-util/inst-1", Root::Host).expect("IDEPEND goes to BROOT"),
        );
        assert!(at("dev-util/elt-1", Root::Target).is_none() && at("dev-util/inst-1", Root::Target).is_none() && at("app-arch/xz-1", Root::Host).is_none());
        assert_eq!(plan.pkgs.len(), 5);
        // each root is planned with its own profile
        assert!(plan.pkgs[xz].use_on.contains("boardflag") && !plan.pkgs[xz].use_on.contains("hostflag"));
        assert!(plan.pkgs[elt].use_on.contains("hostflag") && !plan.pkgs[elt].use_on.contains("boardflag"));
        assert_eq!(plan.pkgs[elt].inputs["root"], "BROOT");
        assert!(!plan.pkgs[xz].inputs.contains_key("root"), "board packages keep their input hashes");
        let pos = |i: usize| plan.order.iter().position(|&x| x == i).unwrap();
        assert!(pos(elt) < pos(xz) && pos(xz) < pos(top) && pos(lib) < pos(top) && pos(inst) < pos(top));
        // what an image of top holds: its root's run-time closure, no build-host package
        let mut image = plan.runtime_closure(&[top]);
        image.sort();
        let mut want = vec![top, xz];
        want.sort();
        assert_eq!(image, want);
        assert_eq!(plan.build_closure(xz), [elt]);
        assert_eq!(plan.pkgs[elt].label(), "dev-util/elt-1 (BROOT)");
        // with the flag on in the build host's profile too, the cycle is real in "/" (Portage
        // reports it the same way): named with its roots and the kind of every edge
        let t = tempfile::tempdir().unwrap();
        let (set, board, host) = tree(t.path(), &[("app-arch/xz-1", "BDEPEND=dev-util/elt"), ("dev-util/elt-1", "RDEPEND=app-arch/xz")]);
        let e = resolve(&set, &board, &host, &["app-arch/xz".into()], &ctx()).unwrap().cycle.expect("a cycle");
        assert!(
            e.contains("app-arch/xz-1 (BROOT) -(BDEPEND)-> dev-util/elt-1 (BROOT) -(RDEPEND)-> app-arch/xz-1 (BROOT)")
                || e.contains("dev-util/elt-1 (BROOT) -(RDEPEND)-> app-arch/xz-1 (BROOT) -(BDEPEND)-> dev-util/elt-1 (BROOT)"),
            "{e}"
        );
    }

    #[test]
    fn an_any_of_alternative_in_the_plan_with_other_flags_is_not_taken() {
        // virtual/man in Flatcar's tree: || ( sys-apps/man-db >=app-text/mandoc-1.14.5-r1[system-man] )
        // with mandoc planned without system-man: Portage takes man-db
        let t = tempfile::tempdir().unwrap();
        let (set, board, host) = tree(t.path(), &[("u/top-1", "RDEPEND=u/m u/v"), ("u/v-1", "RDEPEND=|| ( u/db u/m[hostflag] )"), ("u/m-1", ""), ("u/db-1", "")]);
        let plan = resolve(&set, &board, &host, &["u/top".into()], &ctx()).unwrap();
        let mut names: Vec<String> = plan.pkgs.iter().map(|p| p.cpv()).collect();
        names.sort();
        assert_eq!(names, ["u/db-1", "u/m-1", "u/top-1", "u/v-1"]);
        // with the flag on, the planned one satisfies the group
        let (set, board, host) = tree(t.path(), &[("u/top-1", "RDEPEND=u/m u/v"), ("u/v-1", "RDEPEND=|| ( u/db u/m[boardflag] )"), ("u/m-1", ""), ("u/db-1", "")]);
        let plan = resolve(&set, &board, &host, &["u/top".into()], &ctx()).unwrap();
        assert!(!plan.pkgs.iter().any(|p| p.cpv() == "u/db-1"));
    }

    #[test]
    fn a_loop_is_broken_where_a_first_step_package_satisfies_a_dependency() {
        let t = tempfile::tempdir().unwrap();
        // a[boardflag] needs b to build, b needs a: a loop, unless a is built first without
        // the flag (Flatcar's break_dep_loop); c is in both steps, identical
        let (set, board, host) = tree(
            t.path(),
            &[("loop/a-1", "DEPEND=boardflag? ( loop/b )\nRDEPEND=loop/c"), ("loop/b-1", "DEPEND=loop/a"), ("loop/c-1", "")],
        );
        let e = resolve(&set, &board, &host, &["loop/a".into()], &ctx()).unwrap().cycle.expect("a cycle");
        assert!(e.contains("loop/a-1 -(DEPEND)-> loop/b-1 -(DEPEND)-> loop/a-1"), "{e}");
        let loops = [("loop/a".to_string(), vec!["boardflag".to_string()])];
        let first = resolve_loop_breakers(&set, &board, &host, &loops, &ctx()).unwrap();
        assert_eq!(first.pkgs.len(), 2);
        assert!(first.pkgs.iter().all(|p| p.loop_breaker && p.use_on.contains("boardflag") == (p.ebuild.pn == "c")));
        let plan = resolve_after(&set, &board, &host, &["loop/a".into()], &ctx(), Some(&first)).unwrap();
        assert_eq!(plan.cycle, None);
        let label: Vec<String> = plan.order.iter().map(|&i| plan.pkgs[i].label()).collect();
        assert_eq!(label, ["loop/c-1", "loop/a-1 (break_dep_loop)", "loop/b-1", "loop/a-1"], "c is shared by both steps");
        let at = |l: &str| plan.order[label.iter().position(|x| x == l).unwrap()];
        let (a1, c, b, a2) = (at("loop/a-1 (break_dep_loop)"), at("loop/c-1"), at("loop/b-1"), at("loop/a-1"));
        assert!(plan.pkgs[a2].use_on.contains("boardflag"));
        // b builds against the first a; the image holds the second a (and c)
        assert_eq!(plan.pkgs[b].broken, [(Kind::Build, a2, a1)]);
        assert_eq!(plan.build_closure(b), [c, a1]);
        assert_eq!(plan.build_closure(a2), [b]);
        let mut image = plan.runtime_closure(&plan.targets);
        image.sort();
        let mut want = vec![a2, c];
        want.sort();
        assert_eq!(image, want);
        assert_eq!(plan.pkgs[b].inputs["deps"]["DEPEND loop/a-1"], serde_json::json!(plan.pkgs[a1].hash));
        // a first step that satisfies nothing on the loop leaves the cycle
        let loops = [("loop/c".to_string(), vec!["boardflag".to_string()])];
        let first = resolve_loop_breakers(&set, &board, &host, &loops, &ctx()).unwrap();
        let e = resolve_after(&set, &board, &host, &["loop/a".into()], &ctx(), Some(&first)).unwrap().cycle.expect("a cycle");
        assert!(e.contains("loop/b-1 -(DEPEND)-> loop/a-1") && !e.contains("break_dep_loop"), "{e}");
    }

    #[test]
    fn a_cycle_names_its_members_and_the_kind_of_every_edge() {
        let t = tempfile::tempdir().unwrap();
        let (set, board, host) = tree(t.path(), &[("cyc/a-1", "RDEPEND=cyc/b"), ("cyc/b-1", "DEPEND=cyc/a")]);
        let e = resolve(&set, &board, &host, &["cyc/a".into()], &ctx()).unwrap().cycle.expect("a cycle");
        assert!(e.contains("dependency cycle:"), "{e}");
        assert!(e.contains("cyc/a-1 -(RDEPEND)-> cyc/b-1 -(DEPEND)-> cyc/a-1") || e.contains("cyc/b-1 -(DEPEND)-> cyc/a-1 -(RDEPEND)-> cyc/b-1"), "{e}");
        // PDEPEND breaks it
        let t = tempfile::tempdir().unwrap();
        let (set, board, host) = tree(t.path(), &[("cyc/a-1", "PDEPEND=cyc/b"), ("cyc/b-1", "DEPEND=cyc/a")]);
        let plan = resolve(&set, &board, &host, &["cyc/a".into()], &ctx()).unwrap();
        let names: Vec<String> = plan.order.iter().map(|&i| plan.pkgs[i].cpv()).collect();
        assert_eq!(names, ["cyc/a-1", "cyc/b-1"]);
    }
}
