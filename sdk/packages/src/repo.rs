//! Ebuild repositories (Gentoo layout) and their `metadata/md5-cache`.
//!
//! The cache is Portage's own (`egencache`): Railyard reads it, checks every entry
//! against the ebuild's and its eclasses' MD5 (`_md5_`, `_eclasses_`), and runs
//! `egencache --update` for a repository with stale or missing entries — so an edited
//! ebuild is always planned from its current text.

use crate::atom::split_pv;
use crate::version::Version;
use anyhow::{bail, Context, Result};
use md5::{Digest as _, Md5};
use sha2::Sha256;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One repository.
#[derive(Debug, Clone)]
pub struct Repo {
    /// `profiles/repo_name`.
    pub name: String,
    /// Absolute location.
    pub path: PathBuf,
    /// `masters` from `metadata/layout.conf` (eclass and profile inheritance).
    pub masters: Vec<String>,
}

/// An eclass file with its digests.
#[derive(Debug, Clone)]
pub struct Eclass {
    /// File.
    pub path: PathBuf,
    /// MD5 hex (what md5-cache records).
    pub md5: String,
    /// SHA-256 hex (what input hashes use).
    pub sha256: String,
}

/// The metadata of one ebuild (md5-cache keys).
#[derive(Debug, Clone, Default)]
pub struct Metadata(pub BTreeMap<String, String>);

impl Metadata {
    /// A key's value, empty when absent.
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }

    /// Parses md5-cache text (`KEY=value` lines).
    pub fn parse(text: &str) -> Self {
        Self(text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// Eclasses this ebuild inherits, from `_eclasses_` (`name md5 name md5 …`).
    pub fn eclasses(&self) -> Vec<(String, String)> {
        let t: Vec<&str> = self.get("_eclasses_").split_whitespace().collect();
        t.chunks(2).filter(|c| c.len() == 2).map(|c| (c[0].to_string(), c[1].to_string())).collect()
    }
}

/// One ebuild.
#[derive(Debug, Clone)]
pub struct Ebuild {
    /// Category.
    pub cat: String,
    /// Package name.
    pub pn: String,
    /// Version.
    pub version: Version,
    /// Index into [`RepoSet::repos`].
    pub repo: usize,
    /// The `.ebuild` file.
    pub path: PathBuf,
    /// SHA-256 of the ebuild text.
    pub sha256: String,
    /// Cached metadata.
    pub meta: Metadata,
}

impl Ebuild {
    /// `cat/pn-pvr`.
    pub fn cpv(&self) -> String {
        format!("{}/{}-{}", self.cat, self.pn, self.version)
    }
    /// `pn-pvr`.
    pub fn pf(&self) -> String {
        format!("{}-{}", self.pn, self.version)
    }
    /// `cat/pn`.
    pub fn cp(&self) -> String {
        format!("{}/{}", self.cat, self.pn)
    }
    /// SLOT without the sub-slot.
    pub fn slot(&self) -> &str {
        self.meta.get("SLOT").split('/').next().unwrap_or("0")
    }
    /// The sub-slot (= SLOT when absent).
    pub fn subslot(&self) -> &str {
        let s = self.meta.get("SLOT");
        s.split_once('/').map(|(_, b)| b).unwrap_or(self.slot())
    }
}

/// An ebuild left out because it has no usable metadata.
#[derive(Debug, Clone)]
pub struct Broken {
    /// `cat/pn`.
    pub cp: String,
    /// The `.ebuild` file.
    pub path: PathBuf,
    /// Why (what egencache said about it, or the cache's state).
    pub why: String,
}

/// The repositories of a board, lowest priority first.
#[derive(Debug, Clone)]
pub struct RepoSet {
    /// Repositories.
    pub repos: Vec<Repo>,
    /// Ebuilds by `cat/pn`, every version of every repository.
    pub packages: BTreeMap<String, Vec<Ebuild>>,
    /// Eclasses by name, the highest-priority repository's copy.
    pub eclasses: HashMap<String, Eclass>,
    /// Whether `egencache` had to run, and for which repositories.
    pub regenerated: Vec<String>,
    /// Ebuilds that do not source (no usable metadata after egencache): masked, each with
    /// the reason and egencache's words about it.
    pub broken: Vec<Broken>,
}

fn digests(data: &[u8]) -> (String, String) {
    (hex::encode(Md5::digest(data)), hex::encode(Sha256::digest(data)))
}

/// Reads a repository's identity.
pub fn read_repo(path: &Path) -> Result<Repo> {
    let path = std::fs::canonicalize(path).with_context(|| format!("ebuild repository {} does not exist", path.display()))?;
    let nf = path.join("profiles/repo_name");
    let name = std::fs::read_to_string(&nf)
        .with_context(|| format!("{} is not an ebuild repository: {} is missing", path.display(), nf.display()))?
        .trim()
        .to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)) {
        bail!("{}: invalid repository name {name:?}", nf.display());
    }
    let mut masters = Vec::new();
    if let Ok(t) = std::fs::read_to_string(path.join("metadata/layout.conf")) {
        for l in t.lines() {
            if let Some((k, v)) = l.split_once('=') {
                if k.trim() == "masters" {
                    masters = v.split_whitespace().map(str::to_string).collect();
                }
            }
        }
    }
    Ok(Repo { name, path, masters })
}

/// What a metadata-regeneration callback gets: the set being loaded (its eclasses are
/// known), the repository to update and its stale ebuilds (`(path, why)`). It returns
/// whether egencache ran and its output: it need not run when the same ebuilds failed to
/// source last time with the same eclasses and Portage (the output is last time's); those
/// ebuilds are then masked as they were.
pub type Regenerate<'a> = dyn Fn(&RepoSet, &Repo, &[(PathBuf, String)]) -> Result<(bool, String)> + 'a;

impl RepoSet {
    /// Loads the repositories at `paths` (lowest priority first), checking every md5-cache
    /// entry and calling `regen` (Portage's egencache) for repositories with stale ones.
    pub fn load(paths: &[PathBuf], regen: &Regenerate) -> Result<Self> {
        let mut repos = Vec::new();
        for p in paths {
            let r = read_repo(p)?;
            if let Some(o) = repos.iter().find(|o: &&Repo| o.name == r.name) {
                bail!("two repositories are named {:?}: {} and {}", r.name, o.path.display(), r.path.display());
            }
            repos.push(r);
        }
        if repos.is_empty() {
            bail!("no ebuild repositories configured");
        }
        for r in &repos {
            for m in &r.masters {
                if !repos.iter().any(|o| &o.name == m) {
                    bail!("{}: master repository {m:?} (metadata/layout.conf) is not configured", r.path.display());
                }
            }
        }
        let mut eclasses = HashMap::new();
        for r in &repos {
            let dir = r.path.join("eclass");
            if let Ok(rd) = std::fs::read_dir(&dir) {
                for e in rd.flatten() {
                    let n = e.file_name().to_string_lossy().into_owned();
                    if let Some(name) = n.strip_suffix(".eclass") {
                        let data = std::fs::read(e.path()).with_context(|| format!("reading {}", e.path().display()))?;
                        let (md5, sha256) = digests(&data);
                        eclasses.insert(name.to_string(), Eclass { path: e.path(), md5, sha256 });
                    }
                }
            }
        }
        let mut set = Self { repos, packages: BTreeMap::new(), eclasses, regenerated: Vec::new(), broken: Vec::new() };
        // the categories are the union of every repository's profiles/categories (Portage's
        // settings.categories): an overlay may hold packages of a category only its master lists
        let mut cats = std::collections::BTreeSet::new();
        for r in &set.repos {
            let t = std::fs::read_to_string(r.path.join("profiles/categories")).unwrap_or_default();
            cats.extend(t.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string));
        }
        for i in 0..set.repos.len() {
            let mut stale = set.scan(i, &cats)?;
            if !stale.is_empty() {
                let repo = set.repos[i].clone();
                let (ran, log) = regen(&set, &repo, &stale)?;
                if ran {
                    set.regenerated.push(repo.name.clone());
                    stale = set.scan(i, &cats)?;
                }
                // an ebuild that still has no usable metadata does not source: it alone is
                // masked (with what egencache said about it), as Portage does
                for (path, why) in &stale {
                    let rel = path.strip_prefix(&repo.path).unwrap_or(path);
                    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    let mut lines: Vec<&str> = Vec::new();
                    for l in log.lines().filter(|l| l.contains(&stem)) {
                        if !lines.contains(&l) && lines.len() < 12 {
                            lines.push(l);
                        }
                    }
                    let said = if lines.is_empty() { log.lines().rev().take(6).collect::<Vec<_>>().join("\n") } else { lines.join("\n") };
                    let cp = rel.parent().map(|p| p.display().to_string()).unwrap_or_default();
                    let why = format!("no usable metadata ({why}) after egencache; the ebuild does not source cleanly:\n{said}");
                    eprintln!("warning: {}: masked: {why}", path.display());
                    set.broken.push(Broken { cp, path: path.clone(), why });
                }
            }
        }
        for v in set.packages.values_mut() {
            v.sort_by(|a, b| a.version.cmp(&b.version).then(a.repo.cmp(&b.repo)));
        }
        Ok(set)
    }

    /// Reads every ebuild of repository `i` with its cache entry; returns the stale ones.
    fn scan(&mut self, i: usize, cats: &std::collections::BTreeSet<String>) -> Result<Vec<(PathBuf, String)>> {
        let repo = self.repos[i].clone();
        for v in self.packages.values_mut() {
            v.retain(|e| e.repo != i);
        }
        let mut stale = Vec::new();
        for cat in cats {
            let cdir = repo.path.join(cat);
            let Ok(rd) = std::fs::read_dir(&cdir) else { continue };
            let mut pns: Vec<_> = rd.flatten().filter(|e| e.path().is_dir()).collect();
            pns.sort_by_key(|e| e.file_name());
            for pe in pns {
                let pn = pe.file_name().to_string_lossy().into_owned();
                let mut files: Vec<_> = std::fs::read_dir(pe.path())?.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "ebuild")).collect();
                files.sort();
                for f in files {
                    let stem = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    let (epn, version) = split_pv(&stem).with_context(|| format!("{}: the file name is not <package>-<version>.ebuild", f.display()))?;
                    if epn != pn {
                        bail!("{}: the ebuild is named {epn:?} but lives in the directory of {pn:?}", f.display());
                    }
                    let data = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
                    let (md5, sha256) = digests(&data);
                    let cache = repo.path.join("metadata/md5-cache").join(cat).join(&stem);
                    let meta = match std::fs::read_to_string(&cache) {
                        Ok(t) => Metadata::parse(&t),
                        Err(_) => {
                            stale.push((f.clone(), "no md5-cache entry".into()));
                            continue;
                        }
                    };
                    if meta.get("_md5_") != md5 {
                        stale.push((f.clone(), "md5-cache entry is older than the ebuild".into()));
                        continue;
                    }
                    let mut ok = true;
                    for (ec, m) in meta.eclasses() {
                        match self.eclasses.get(&ec) {
                            Some(e) if e.md5 == m => {}
                            _ => {
                                stale.push((f.clone(), format!("eclass {ec} changed")));
                                ok = false;
                                break;
                            }
                        }
                    }
                    if ok {
                        let e = Ebuild { cat: cat.to_string(), pn: pn.clone(), version, repo: i, path: f, sha256, meta };
                        self.packages.entry(format!("{cat}/{pn}")).or_default().push(e);
                    }
                }
            }
        }
        Ok(stale)
    }

    /// SHA-256 over every eclass in use (name and digest, by name): what changes when an
    /// eclass does.
    pub fn eclass_fingerprint(&self) -> String {
        let mut v: Vec<(&String, &Eclass)> = self.eclasses.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = Sha256::new();
        for (name, e) in v {
            h.update(format!("{name} {}\n", e.sha256).as_bytes());
        }
        hex::encode(h.finalize())
    }

    /// The repository of an ebuild.
    pub fn repo(&self, e: &Ebuild) -> &Repo {
        &self.repos[e.repo]
    }

    /// The ebuild for `cat/pf` in repository `repo`, if any.
    pub fn find(&self, cpv: &str, repo: &str) -> Option<&Ebuild> {
        let (cat, rest) = cpv.split_once('/')?;
        let (pn, _) = split_pv(rest).ok()?;
        self.packages.get(&format!("{cat}/{pn}"))?.iter().find(|e| e.cpv() == cpv && self.repos[e.repo].name == repo)
    }
}

/// Digest of every file under `dir` (sorted relative paths, modes and contents), or
/// `None` when it does not exist: an ebuild's `files/` is part of its inputs.
pub fn tree_digest(dir: &Path) -> Result<Option<String>> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut h = Sha256::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))?.flatten() {
            let p = e.path();
            let ft = e.file_type()?;
            if ft.is_dir() {
                stack.push(p.clone());
            }
            files.push((p, ft));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (p, ft) in files {
        let rel = p.strip_prefix(dir).unwrap_or(&p).to_string_lossy().into_owned();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::symlink_metadata(&p)?.permissions().mode() & 0o111;
        if ft.is_symlink() {
            h.update(format!("L {rel} {}\n", std::fs::read_link(&p)?.display()).as_bytes());
        } else if ft.is_dir() {
            h.update(format!("D {rel}\n").as_bytes());
        } else {
            let data = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
            h.update(format!("F {rel} {mode:o} {}\n", hex::encode(Sha256::digest(&data))).as_bytes());
        }
    }
    Ok(Some(hex::encode(h.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_the_union_of_every_repository() {
        // Flatcar's coreos-overlay lists only its own categories; its sys-apps packages are
        // found through portage-stable's list, as Portage does
        let t = tempfile::tempdir().unwrap();
        let (master, vendor) = (t.path().join("master"), t.path().join("vendor"));
        let ebuild = "EAPI=8\nSLOT=0\n";
        let files: [(&Path, &str, String); 5] = [
            (&master, "profiles/repo_name", "master\n".into()),
            (&master, "profiles/categories", "sys-apps\n".into()),
            (&vendor, "profiles/repo_name", "vendor\n".into()),
            (&vendor, "profiles/categories", "vendor-base\n".into()),
            (&vendor, "sys-apps/foo/foo-1.ebuild", ebuild.into()),
        ];
        for (root, rel, text) in &files {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let cache = vendor.join("metadata/md5-cache/sys-apps/foo-1");
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        std::fs::write(&cache, format!("EAPI=8\nSLOT=0\n_md5_={}\n", digests(ebuild.as_bytes()).0)).unwrap();
        let set = RepoSet::load(&[master, vendor], &|_: &RepoSet, r: &Repo, _: &[(PathBuf, String)]| anyhow::bail!("no regeneration expected ({})", r.name)).unwrap();
        let foo = set.packages.get("sys-apps/foo").expect("sys-apps/foo of the vendor repository");
        assert_eq!(set.repos[foo[0].repo].name, "vendor");
    }
}
