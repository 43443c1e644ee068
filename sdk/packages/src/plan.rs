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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
}

impl Pkg {
    /// `cat/pn-pvr`.
    pub fn cpv(&self) -> String {
        self.ebuild.cpv()
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
    profile: &'a Profile,
    pkgs: Vec<Pkg>,
    by_cp: HashMap<String, Vec<usize>>,
    /// `||` groups, decided after every plain dependency known so far (as Portage does),
    /// so an alternative that something else pulls in anyway is preferred.
    deferred: std::collections::VecDeque<(usize, Kind, Vec<Node<Atom>>)>,
}

/// Resolves `targets` (atoms) against the repositories and profile.
pub fn resolve(repos: &RepoSet, profile: &Profile, targets: &[String], ctx: &HashContext) -> Result<Plan> {
    let mut r = Resolver { repos, profile, pkgs: Vec::new(), by_cp: HashMap::new(), deferred: Default::default() };
    let mut tidx = Vec::new();
    for t in targets {
        let atom = Atom::parse(t).or_else(|_| Atom::parse(&qualify(repos, t)?)).with_context(|| format!("target {t:?} is not a package atom"))?;
        let i = r.select(&atom, None, &format!("target {t}"))?;
        if !tidx.contains(&i) {
            tidx.push(i);
        }
    }
    let mut next = 0;
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
        let ready = r.deferred.iter().position(|(_, _, alts)| alts.iter().any(|alt| r.leaves_of(alt).iter().all(|a| r.in_plan(a))));
        let (i, kind, alts) = match ready {
            Some(pos) => r.deferred.remove(pos).expect("position is valid"),
            None => r.deferred.pop_front().expect("not empty"),
        };
        r.choose_any_of(i, kind, &alts)?;
    }
    r.check_blockers()?;
    let order = r.order()?;
    let mut plan = Plan { pkgs: r.pkgs, order, targets: tidx };
    plan.hash_all(repos, profile, ctx)?;
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
    fn select(&mut self, atom: &Atom, from: Option<(usize, Kind)>, what: &str) -> Result<usize> {
        let cp = atom.cp();
        let in_plan = |r: &Self, slot: Option<&str>| -> Option<usize> {
            r.by_cp.get(&cp).and_then(|v| {
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
            match self.profile.masked(e, repo) {
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
        if let Some(&other) = self.by_cp.get(&cp).and_then(|v| v.iter().find(|&&j| self.pkgs[j].ebuild.slot() == e.slot())) {
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
        let use_on = self.profile.use_flags(&e, &repo);
        let iuse = self.profile.iuse_effective(&e);
        check_required_use(&e, &use_on)?;
        let i = self.pkgs.len();
        self.pkgs.push(Pkg { ebuild: e, repo, use_on, iuse, deps: Vec::new(), required_by: from, distfiles: Vec::new(), inputs: BTreeMap::new(), hash: String::new() });
        self.by_cp.entry(cp).or_default().push(i);
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
                    // package.provided: taken as installed, nothing to plan
                    if !self.in_plan(a) && self.profile.provided(a).is_some() {
                        continue;
                    }
                    let j = self.select(a, Some((i, kind)), "")?;
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
        let pick = alts
            .iter()
            .find(|alt| self.leaves_of(alt).iter().all(|a| self.in_plan(a) || self.profile.provided(a).is_some()))
            .or_else(|| alts.iter().find(|alt| self.leaves_of(alt).iter().all(|a| self.satisfiable(a, &parent_use))))
            .or(alts.first())
            .cloned();
        if let Some(alt) = pick {
            self.add_nodes(i, kind, std::slice::from_ref(&alt))?;
        }
        Ok(())
    }

    fn leaves_of(&self, n: &Node<Atom>) -> Vec<Atom> {
        depend::leaves(std::slice::from_ref(n), &|_: &str| false)
    }

    fn in_plan(&self, a: &Atom) -> bool {
        self.by_cp.get(&a.cp()).is_some_and(|v| {
            v.iter().any(|&i| {
                let p = &self.pkgs[i];
                a.matches(&p.ebuild.cat, &p.ebuild.pn, &p.ebuild.version, p.ebuild.slot(), p.ebuild.subslot(), &p.repo)
            })
        })
    }

    fn satisfiable(&self, a: &Atom, parent_use: &BTreeSet<String>) -> bool {
        if !matches!(a.blocker, Blocker::None) || self.profile.provided(a).is_some() {
            return true;
        }
        // the best visible candidate is what `select` would take
        let Some(c) = self.repos.packages.get(&a.cp()) else { return false };
        let best = c.iter().rev().find(|e| {
            let repo = &self.repos.repos[e.repo].name;
            a.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo) && self.profile.masked(e, repo).is_none()
        });
        match best {
            Some(e) => {
                let repo = &self.repos.repos[e.repo].name;
                let use_on = self.profile.use_flags(e, repo);
                self.use_ok(a, &use_on, &self.profile.iuse_effective(e), parent_use).is_ok()
            }
            None => false,
        }
    }

    fn check_blockers(&self) -> Result<()> {
        for (i, p) in self.pkgs.iter().enumerate() {
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
                    for (j, q) in self.pkgs.iter().enumerate() {
                        // a blocker with USE dependencies (`!cat/pkg[foo]`) blocks only a
                        // package built that way; conditional ones (`[foo?]`) read the
                        // blocking package's USE (PMS 8.3.2)
                        if j != i
                            && a.matches(&q.ebuild.cat, &q.ebuild.pn, &q.ebuild.version, q.ebuild.slot(), q.ebuild.subslot(), &q.repo)
                            && self.use_ok(&a, &q.use_on, &q.iuse, &p.use_on).is_ok()
                        {
                            bail!("{} blocks {} ({a}), but both are needed: {} and {}", p.cpv(), q.cpv(), self.path(i), self.path(j));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Kahn's algorithm over all edges but PDEPEND; ties in first-seen order.
    fn order(&self) -> Result<Vec<usize>> {
        let n = self.pkgs.len();
        let mut indeg = vec![0usize; n];
        let mut rev: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in self.pkgs.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for &(k, j) in &p.deps {
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
        if out.len() != n {
            let stuck: Vec<usize> = (0..n).filter(|i| !out.contains(i)).collect();
            let cycle = self.find_cycle(&stuck);
            bail!("dependency cycle: {} (break it with PDEPEND)", cycle.join(" -> "));
        }
        Ok(out)
    }

    fn find_cycle(&self, stuck: &[usize]) -> Vec<String> {
        let start = stuck[0];
        let mut path = vec![start];
        let mut cur = start;
        for _ in 0..self.pkgs.len() + 1 {
            let Some(&(_, next)) = self.pkgs[cur].deps.iter().find(|(k, j)| *k != Kind::Post && stuck.contains(j)) else { break };
            if let Some(pos) = path.iter().position(|&x| x == next) {
                let mut c: Vec<String> = path[pos..].iter().map(|&x| self.pkgs[x].cpv()).collect();
                c.push(self.pkgs[next].cpv());
                return c;
            }
            path.push(next);
            cur = next;
        }
        path.iter().map(|&x| self.pkgs[x].cpv()).collect()
    }
}

/// DIST entries of a Manifest: file name → (size, [(algorithm, hex digest)]).
pub type DistEntries = BTreeMap<String, (u64, Vec<(String, String)>)>;

/// "a <- b (RDEPEND) <- target": how package `i` got into a plan, from `required_by`.
fn dependency_path(pkgs: &[Pkg], mut i: usize) -> String {
    let mut v = vec![pkgs[i].cpv()];
    while let Some((p, k)) = pkgs[i].required_by {
        v.push(format!("{} ({})", pkgs[p].cpv(), k.key()));
        i = p;
    }
    v.join(" <- ")
}

/// Checks REQUIRED_USE (`flag`, `!flag`, `|| ( )`, `^^ ( )`, `?? ( )`, `flag? ( )`).
fn check_required_use(e: &Ebuild, use_on: &BTreeSet<String>) -> Result<()> {
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
            "{}: REQUIRED_USE \"{}\" is not met by USE=\"{}\"; change the flags in the board profile's package.use ({})",
            e.cpv(),
            text.trim(),
            use_on.iter().cloned().collect::<Vec<_>>().join(" "),
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

    fn closure(&self, start: impl IntoIterator<Item = usize>, kinds: &[Kind]) -> Vec<usize> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = start.into_iter().collect();
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                for &(k, j) in &self.pkgs[i].deps {
                    if kinds.contains(&k) {
                        stack.push(j);
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
        let direct: Vec<usize> = self.pkgs[i].deps.iter().filter(|(k, _)| matches!(k, Kind::Build | Kind::Host)).map(|&(_, j)| j).collect();
        self.closure(direct, &[Kind::Run, Kind::Post, Kind::Install])
    }

    /// What an image of `roots` contains: the packages and their run-time closure.
    pub fn runtime_closure(&self, roots: &[usize]) -> Vec<usize> {
        self.closure(roots.iter().copied(), &[Kind::Run, Kind::Post, Kind::Install])
    }

    /// Packages the given ones need to be built first (direct build-order edges).
    pub fn build_deps(&self, i: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.build_closure(i);
        v.retain(|&j| j != i);
        v
    }

    fn hash_all(&mut self, repos: &RepoSet, profile: &Profile, ctx: &HashContext) -> Result<()> {
        let profile_digest = {
            let mut h = Sha256::new();
            for (k, v) in &profile.vars {
                h.update(format!("{k}={v}\n").as_bytes());
            }
            hex::encode(h.finalize())
        };
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
            inputs.insert("profile".into(), json!(profile_digest));
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
                    deps.insert(format!("{} {}", k.key(), self.pkgs[j].cpv()), self.pkgs[j].hash.clone());
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
