//! Installing gpkg binary packages into a root with a Portage-compatible package
//! database (VDB, `<root>/var/db/pkg/<category>/<pf>/`), without Portage.
//!
//! [`install`] does what `emerge --usepkgonly --nodeps` does for our packages (no
//! `pkg_*` phases: our ebuilds define none that matter for a binary merge), and checks
//! more strictly: every file collision is an error, found before anything is written.
//!
//! The VDB entry holds what Portage stores for a binary merge (checked by installing
//! the same package with `emerge --usepkgonly` in the tests): every file of the
//! package's metadata (`CATEGORY`, `PF`, `SLOT`, `USE`, `LICENSE`, `BUILD_TIME`,
//! `environment.bz2`, `<PF>.ebuild`, …), plus `BINPKGMD5` (MD5 of the package file),
//! `COUNTER` (no trailing newline, like Portage) and `CONTENTS`. Portage 3.0.83 also
//! writes a consolidated `metadata` cache file (`#format=1` … `#dir_mtime=`); it is an
//! optional cache that Portage ignores unless its recorded directory mtime matches, so it
//! is not written here. `environment.bz2` is the build-time environment from the package
//! (emerge stores the environment after its `pkg_*` phases instead).
//!
//! Paths are followed through symbolic links that already exist in the root (or that an
//! earlier package of the same call installs), confined to the root: a package shipping
//! `/lib/modules/…` where `/lib → usr/lib` lands in `/usr/lib/modules/…`, and a directory
//! entry over a symlink to a directory keeps the symlink (as Portage does). `CONTENTS`
//! records the paths as the package ships them.
//!
//! Not done (no package of ours needs it): directory mtimes are not set, config
//! protection (`CONFIG_PROTECT`) is not applied, no `pkg_*` phases run, no
//! `/var/lib/portage/world` entry is written.

use crate::gpkg::{EntryKind, Gpkg, ImageEntry};
use anyhow::{anyhow, bail, ensure, Context, Result};
use md5::{Digest, Md5};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Where the VDB lives, relative to the root.
pub const VDB_PATH: &str = "var/db/pkg";

/// Prefix Portage gives package directories while they are being written; Portage (and
/// [`installed`]) skip such directories.
const MERGING: &str = "-MERGING-";

/// How many paths a collision error lists before "and N more".
const MAX_LISTED: usize = 10;

/// Options of [`install`].
#[derive(Debug, Clone)]
pub struct InstallOptions {
    /// Give files the owners recorded in the package (only possible as root or in a user
    /// namespace that maps them); otherwise they belong to the calling user.
    pub chown: bool,
    /// Write the package database (`var/db/pkg`); without it only the files are merged.
    pub vdb: bool,
}

impl Default for InstallOptions {
    /// `chown: false, vdb: true`.
    fn default() -> Self {
        Self { chown: false, vdb: true }
    }
}

/// A package [`install`] merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// `<category>/<pf>`.
    pub cpv: String,
    /// `SLOT` (with sub-slot if any).
    pub slot: String,
    /// Number of non-directory entries (files, hard links, symlinks).
    pub files: u64,
    /// Sum of the sizes of the regular files (hard links counted each time).
    pub bytes: u64,
}

/// Kind and data of a `CONTENTS` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentsKind {
    /// `dir <path>`
    Dir,
    /// `obj <path> <md5> <mtime>`
    Obj {
        /// MD5 of the content (lowercase hex).
        md5: String,
        /// Modification time in seconds.
        mtime: u64,
    },
    /// `sym <path> -> <target> <mtime>`
    Sym {
        /// Link target, verbatim.
        target: String,
        /// Modification time in seconds.
        mtime: u64,
    },
    /// `fif <path>`
    Fifo,
    /// `dev <path>`
    Dev,
}

/// One line of a VDB `CONTENTS` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentsEntry {
    /// Absolute path inside the root, e.g. `/usr/bin/busybox`.
    pub path: String,
    /// Entry kind and its data.
    pub kind: ContentsKind,
}

impl ContentsEntry {
    /// Whether this is a `dir` line.
    pub fn is_dir(&self) -> bool {
        self.kind == ContentsKind::Dir
    }
}

/// An installed package as recorded in the VDB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VdbEntry {
    /// `CATEGORY` (the directory name).
    pub category: String,
    /// `PF` (the directory name), e.g. `busybox-1.35.0`.
    pub pf: String,
    /// `SLOT` (with sub-slot if any), `0` if the file is missing.
    pub slot: String,
    /// `LICENSE` as recorded (a dependency-style expression), empty if missing.
    pub license: String,
    /// `COUNTER`, if present and numeric.
    pub counter: Option<i64>,
    /// `CONTENTS`, in file order.
    pub contents: Vec<ContentsEntry>,
}

impl VdbEntry {
    /// `<category>/<pf>`.
    pub fn cpv(&self) -> String {
        format!("{}/{}", self.category, self.pf)
    }

    /// The package name (`PF` without version and revision), if `PF` parses.
    pub fn pn(&self) -> Option<&str> {
        split_pf(&self.pf).map(|(pn, _)| pn)
    }

    /// Every path of `CONTENTS`, in file order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.contents.iter().map(|c| c.path.as_str())
    }
}

/// Splits a `PF` into package name and version (with revision):
/// `linux-cloud-bin-6.1.192_p2-r1` → (`linux-cloud-bin`, `6.1.192_p2-r1`).
pub fn split_pf(pf: &str) -> Option<(&str, &str)> {
    let base = match pf.rfind("-r") {
        Some(i) if pf.len() > i + 2 && pf[i + 2..].bytes().all(|b| b.is_ascii_digit()) => &pf[..i],
        _ => pf,
    };
    base.match_indices('-').map(|(i, _)| i).find(|&i| i > 0 && is_version(&base[i + 1..])).map(|i| (&pf[..i], &pf[i + 1..]))
}

/// PMS version syntax without revision: `1.2.3b_rc4_p1`.
fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    if !digits(&mut i) {
        return false;
    }
    while i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && b[i].is_ascii_lowercase() {
        i += 1;
    }
    while i < b.len() && b[i] == b'_' {
        let rest = &v[i + 1..];
        let suf = ["alpha", "beta", "pre", "rc", "p"].into_iter().find(|s| rest.starts_with(s));
        match suf {
            Some(s) => i += 1 + s.len(),
            None => return false,
        }
        digits(&mut i);
    }
    i == b.len()
}

/// Parses a VDB `CONTENTS` file. Paths may contain spaces: the fixed fields are taken
/// from the right, like Portage does.
pub fn parse_contents(text: &str) -> Result<Vec<ContentsEntry>> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || anyhow!("malformed CONTENTS line {line:?}");
        let (kind, rest) = line.split_once(' ').ok_or_else(bad)?;
        let entry = match kind {
            "dir" => ContentsEntry { path: rest.to_string(), kind: ContentsKind::Dir },
            "fif" => ContentsEntry { path: rest.to_string(), kind: ContentsKind::Fifo },
            "dev" => ContentsEntry { path: rest.to_string(), kind: ContentsKind::Dev },
            "obj" => {
                let (rest, mtime) = rest.rsplit_once(' ').ok_or_else(bad)?;
                let (path, md5) = rest.rsplit_once(' ').ok_or_else(bad)?;
                let mtime = mtime.parse().map_err(|_| bad())?;
                ContentsEntry { path: path.to_string(), kind: ContentsKind::Obj { md5: md5.to_string(), mtime } }
            }
            "sym" => {
                let (rest, mtime) = rest.rsplit_once(' ').ok_or_else(bad)?;
                let (path, target) = rest.split_once(" -> ").ok_or_else(bad)?;
                let mtime = mtime.parse().map_err(|_| bad())?;
                ContentsEntry { path: path.to_string(), kind: ContentsKind::Sym { target: target.to_string(), mtime } }
            }
            _ => return Err(bad()),
        };
        ensure!(entry.path.starts_with('/'), "CONTENTS path {:?} is not absolute", entry.path);
        out.push(entry);
    }
    Ok(out)
}

/// Formats `CONTENTS` lines sorted by path (what Portage's `write_contents` does when it
/// rewrites the file; a fresh merge writes them in merge order, both read the same).
pub fn format_contents(entries: &[ContentsEntry]) -> String {
    let mut sorted: Vec<&ContentsEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut s = String::new();
    for e in sorted {
        match &e.kind {
            ContentsKind::Dir => s.push_str(&format!("dir {}\n", e.path)),
            ContentsKind::Fifo => s.push_str(&format!("fif {}\n", e.path)),
            ContentsKind::Dev => s.push_str(&format!("dev {}\n", e.path)),
            ContentsKind::Obj { md5, mtime } => s.push_str(&format!("obj {} {md5} {mtime}\n", e.path)),
            ContentsKind::Sym { target, mtime } => s.push_str(&format!("sym {} -> {target} {mtime}\n", e.path)),
        }
    }
    s
}

fn skip_vdb_name(name: &str) -> bool {
    name.starts_with('.') || name.starts_with(MERGING) || name == "CVS" || name == "lost+found"
}

/// The counter file Portage keeps (written by the installer if present).
const COUNTER_PATH: &str = "var/cache/edb/counter";

/// Refuses a package entry at (resolved) `rel` that would replace the installer's own
/// files: the package database and the counter (and the directories leading to them,
/// unless the entry is a directory too). A package shipping `var/db/pkg/<cat>` as a
/// link could otherwise make the installer write wherever the link points.
fn ensure_not_reserved(rel: &str, is_dir: bool) -> Result<()> {
    for reserved in [VDB_PATH, COUNTER_PATH] {
        let below = rel.starts_with(&format!("{reserved}/"));
        let at = rel == reserved && !(is_dir && reserved == VDB_PATH);
        let leads_to = reserved.starts_with(&format!("{rel}/")) && !is_dir;
        if below || at || leads_to {
            bail!("/{rel}: a package may not ship the installer's own database (/{reserved}) or a non-directory on the way to it");
        }
    }
    Ok(())
}

/// `<root>/<rel>` after checking that every component below the root that exists is a
/// real directory (the last one: not a symbolic link). The package database and the
/// counter are only ever read and written through such paths, never through a link
/// (which could lead out of the root).
fn real_path(root: &Path, rel: &str) -> Result<PathBuf> {
    let mut p = root.to_path_buf();
    let comps: Vec<&str> = rel.split('/').filter(|c| !c.is_empty()).collect();
    for (i, c) in comps.iter().enumerate() {
        ensure!(*c != "." && *c != "..", "{}: bad path component {c:?}", root.join(rel).display());
        p.push(c);
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                bail!("{}: is a symbolic link; the installer does not follow links in its own database", p.display())
            }
            Ok(m) if i + 1 < comps.len() && !m.is_dir() => bail!("{}: is not a directory", p.display()),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => break,
            Err(e) => return Err(e).with_context(|| format!("{}: cannot stat", p.display())),
        }
    }
    Ok(root.join(rel))
}

/// Reads a file without following a symbolic link at its last component (O_NOFOLLOW).
fn read_nofollow(path: &Path) -> io::Result<Vec<u8>> {
    let mut f = fs::OpenOptions::new().read(true).custom_flags(O_NOFOLLOW).open(path)?;
    let mut b = Vec::new();
    f.read_to_end(&mut b)?;
    Ok(b)
}

const O_NOFOLLOW: i32 = rustix::fs::OFlags::NOFOLLOW.bits() as i32;

fn read_trimmed(path: &Path) -> Result<Option<String>> {
    match read_nofollow(path) {
        Ok(b) => Ok(Some(String::from_utf8_lossy(&b).trim().to_string())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// Lists the packages recorded in `<root>/var/db/pkg`, sorted by `<category>/<pf>`
/// (empty if there is no VDB).
pub fn installed(root: &Path) -> Result<Vec<VdbEntry>> {
    let vdb = real_path(root, VDB_PATH)?;
    let mut out = Vec::new();
    let cats = match fs::read_dir(&vdb) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("{}: cannot list", vdb.display())),
    };
    for cat in cats {
        let cat = cat.with_context(|| format!("{}: cannot list", vdb.display()))?;
        let cname = cat.file_name().to_string_lossy().to_string();
        if skip_vdb_name(&cname) || !cat.file_type()?.is_dir() {
            continue;
        }
        for pkg in fs::read_dir(cat.path()).with_context(|| format!("{}: cannot list", cat.path().display()))? {
            let pkg = pkg?;
            let pname = pkg.file_name().to_string_lossy().to_string();
            if skip_vdb_name(&pname) || !pkg.file_type()?.is_dir() {
                continue;
            }
            let dir = pkg.path();
            let contents = match read_trimmed(&dir.join("CONTENTS"))? {
                Some(text) => {
                    parse_contents(&text).with_context(|| format!("{}/CONTENTS", dir.display()))?
                }
                None => Vec::new(),
            };
            out.push(VdbEntry {
                category: cname.clone(),
                pf: pname,
                slot: read_trimmed(&dir.join("SLOT"))?.filter(|s| !s.is_empty()).unwrap_or_else(|| "0".into()),
                license: read_trimmed(&dir.join("LICENSE"))?.unwrap_or_default(),
                counter: read_trimmed(&dir.join("COUNTER"))?.and_then(|c| c.parse().ok()),
                contents,
            });
        }
    }
    out.sort_by_key(|e| e.cpv());
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Path resolution inside the root

/// What is at a path (of the root on disk, or planned by an earlier package).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Dir,
    File,
    Symlink(String),
}

fn disk_node(root: &Path, rel: &str) -> Result<Option<Node>> {
    let p = root.join(rel);
    match fs::symlink_metadata(&p) {
        Ok(m) if m.file_type().is_symlink() => {
            let t = fs::read_link(&p).with_context(|| format!("{}: cannot read link", p.display()))?;
            Ok(Some(Node::Symlink(t.to_string_lossy().to_string())))
        }
        Ok(m) if m.is_dir() => Ok(Some(Node::Dir)),
        Ok(_) => Ok(Some(Node::File)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}: cannot stat", p.display())),
    }
}

/// Resolves `rel` (relative to the root) following symbolic links in every component but
/// the last (and the last too with `follow_last`); absolute link targets and `..` are
/// taken relative to the root and can never leave it. Returns the resolved relative path.
fn resolve(rel: &str, follow_last: bool, lookup: &mut dyn FnMut(&str) -> Result<Option<Node>>) -> Result<String> {
    let mut pending: Vec<String> = rel.split('/').rev().map(str::to_string).collect();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    while let Some(c) = pending.pop() {
        if c.is_empty() || c == "." {
            continue;
        }
        if c == ".." {
            done.pop();
            continue;
        }
        let last = pending.iter().all(|p| p.is_empty() || p == ".");
        if last && !follow_last {
            done.push(c);
            break;
        }
        let cand = if done.is_empty() { c.clone() } else { format!("{}/{c}", done.join("/")) };
        match lookup(&cand)? {
            Some(Node::Symlink(t)) => {
                hops += 1;
                ensure!(hops <= 40, "/{rel}: too many levels of symbolic links");
                if t.starts_with('/') {
                    done.clear();
                }
                pending.extend(t.split('/').rev().map(str::to_string));
            }
            Some(Node::File) if !last => bail!("/{rel}: /{cand} is not a directory"),
            _ => done.push(c),
        }
    }
    Ok(done.join("/"))
}

// ---------------------------------------------------------------------------------------
// Collision check

/// Who else has a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Other {
    Batch(usize),
    Installed(usize),
    Unowned,
}

#[derive(Debug)]
struct Collision {
    pkg: usize,
    other: Other,
    path: String,
    dir_conflict: bool,
}

struct Planned {
    node: Node,
    owner: usize,
}

/// Everything [`install`] decided before writing.
struct Plan {
    /// Resolved path → what the batch puts there.
    nodes: HashMap<String, Planned>,
    /// For every existing package: the batch package that replaces it.
    replaced_by: Vec<Option<usize>>,
    /// Resolved path → existing owners (index into the VDB list, is-dir).
    owners: HashMap<String, Vec<(usize, bool)>>,
}

fn label(pkgs: &[Gpkg], existing: &[VdbEntry], o: &Other) -> String {
    match o {
        Other::Batch(i) => format!("{} ({})", pkgs[*i].cpv(), pkgs[*i].path.display()),
        Other::Installed(i) => format!("{} (installed)", existing[*i].cpv()),
        Other::Unowned => "a file already in the root that no package owns".to_string(),
    }
}

fn collision_error(root: &Path, pkgs: &[Gpkg], existing: &[VdbEntry], cols: &[Collision]) -> anyhow::Error {
    let lines = collision_lines(cols, &|o| label(pkgs, existing, o));
    anyhow!("cannot install into {}:\n{}", root.display(), lines.join("\n"))
}

/// One line per (package, other party, kind) with up to [`MAX_LISTED`] paths.
fn collision_lines(cols: &[Collision], label: &dyn Fn(&Other) -> String) -> Vec<String> {
    let mut groups: BTreeMap<(usize, Other, bool), Vec<&str>> = BTreeMap::new();
    for c in cols {
        groups.entry((c.pkg, c.other.clone(), c.dir_conflict)).or_default().push(&c.path);
    }
    let mut lines = Vec::new();
    for ((pkg, other, dir), paths) in groups {
        let shown = paths.iter().take(MAX_LISTED).copied().collect::<Vec<_>>().join(", ");
        let more = if paths.len() > MAX_LISTED { format!(" and {} more", paths.len() - MAX_LISTED) } else { String::new() };
        let (a, b) = (label(&other), label(&Other::Batch(pkg)));
        let verb = if paths.len() == 1 { "is" } else { "are" };
        lines.push(if dir {
            format!("file collision: {shown}{more} {verb} a directory in one and not a directory in the other of {a} and {b}")
        } else {
            format!("file collision: {shown}{more} {verb} provided by {a} and {b}")
        });
    }
    lines
}

fn plan(root: &Path, pkgs: &[Gpkg], images: &[Vec<ImageEntry>], existing: &[VdbEntry]) -> Result<Plan> {
    // Which installed package does each new package replace (same CATEGORY/PN and SLOT)?
    let mut keys: HashMap<(String, String, String), usize> = HashMap::new();
    let mut replaced_by = vec![None; existing.len()];
    for (i, p) in pkgs.iter().enumerate() {
        let pn = split_pf(&p.pf).map(|(pn, _)| pn.to_string()).ok_or_else(|| anyhow!("{}: cannot parse PF {:?}", p.path.display(), p.pf))?;
        let slot = p.slot().split('/').next().unwrap_or("0").to_string();
        if let Some(j) = keys.insert((p.category(), pn.clone(), slot.clone()), i) {
            bail!("{} and {} are both {}/{pn}:{slot}; install one of them", pkgs[j].path.display(), p.path.display(), p.category());
        }
        for (k, e) in existing.iter().enumerate() {
            let same_slot = e.pn() == Some(pn.as_str()) && e.slot.split('/').next() == Some(slot.as_str());
            if e.category == p.category() && (same_slot || e.pf == p.pf) {
                replaced_by[k] = Some(i);
            }
        }
    }
    // Existing owners by resolved path.
    let mut owners: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
    for (k, e) in existing.iter().enumerate() {
        for c in &e.contents {
            // A directory entry may have been merged through a symlink to a directory:
            // what it owns is the directory the link leads to.
            let rel = c.path.trim_start_matches('/');
            let r = resolve(rel, c.is_dir(), &mut |p| disk_node(root, p)).unwrap_or_else(|_| rel.to_string());
            owners.entry(r).or_default().push((k, c.is_dir()));
        }
    }
    let mut nodes: HashMap<String, Planned> = HashMap::new();
    let mut cols: Vec<Collision> = Vec::new();
    for (x, (pkg, entries)) in pkgs.iter().zip(images).enumerate() {
        for e in entries {
            let ctx = || format!("{}: /{}", pkg.path.display(), e.path);
            let mut lookup = |p: &str| -> Result<Option<Node>> {
                match nodes.get(p) {
                    Some(n) => Ok(Some(n.node.clone())),
                    None => disk_node(root, p),
                }
            };
            let r = resolve(&e.path, false, &mut lookup).with_context(ctx)?;
            ensure_not_reserved(&r, e.kind == EntryKind::Dir).with_context(ctx)?;
            let is_dir_at = |lookup: &mut dyn FnMut(&str) -> Result<Option<Node>>, r: &str| -> Result<bool> {
                let t = resolve(r, true, lookup)?;
                Ok(matches!(lookup(&t)?, Some(Node::Dir)))
            };
            let remaining: Vec<(usize, bool)> = owners
                .get(&r)
                .map(|v| v.iter().copied().filter(|(k, _)| replaced_by[*k].is_none()).collect())
                .unwrap_or_default();
            let owned_by_replaced = owners.get(&r).is_some_and(|v| v.iter().any(|(k, _)| replaced_by[*k].is_some()));
            let mut collide = |other: Other, dir_conflict: bool| {
                cols.push(Collision { pkg: x, other, path: format!("/{}", e.path), dir_conflict })
            };
            if e.kind == EntryKind::Dir {
                let planned = nodes.get(&r).map(|p| (p.node.clone(), p.owner));
                match planned {
                    Some((Node::Dir, _)) => {}
                    Some((Node::Symlink(_), owner)) => {
                        if !is_dir_at(&mut lookup, &r).with_context(ctx)? {
                            collide(Other::Batch(owner), true);
                        }
                    }
                    Some((Node::File, owner)) => collide(Other::Batch(owner), true),
                    None => {
                        match disk_node(root, &r).with_context(ctx)? {
                            None | Some(Node::Dir) => {}
                            Some(Node::Symlink(_)) => {
                                if !is_dir_at(&mut lookup, &r).with_context(ctx)? {
                                    remaining_or_unowned(&remaining, owned_by_replaced, &mut collide, true);
                                }
                            }
                            Some(Node::File) => remaining_or_unowned(&remaining, owned_by_replaced, &mut collide, true),
                        }
                        if !matches!(disk_node(root, &r).with_context(ctx)?, Some(Node::Symlink(_))) {
                            nodes.insert(r, Planned { node: Node::Dir, owner: x });
                        }
                    }
                }
            } else {
                if let Some(p) = nodes.get(&r) {
                    collide(Other::Batch(p.owner), p.node == Node::Dir);
                } else {
                    for (k, is_dir) in &remaining {
                        collide(Other::Installed(*k), *is_dir);
                    }
                    if remaining.is_empty() {
                        match disk_node(root, &r).with_context(ctx)? {
                            None => {}
                            Some(Node::Dir) => {
                                // Even a directory of a package being replaced: not removed.
                                let owner = owners.get(&r).and_then(|v| v.first()).map(|(k, _)| Other::Installed(*k));
                                collide(owner.unwrap_or(Other::Unowned), true)
                            }
                            Some(_) if owned_by_replaced => {}
                            Some(_) => collide(Other::Unowned, false),
                        }
                    }
                }
                let node = match e.kind {
                    EntryKind::Symlink => Node::Symlink(e.link.clone().unwrap_or_default()),
                    _ => Node::File,
                };
                nodes.insert(r, Planned { node, owner: x });
            }
        }
    }
    if !cols.is_empty() {
        return Err(collision_error(root, pkgs, existing, &cols));
    }
    Ok(Plan { nodes, replaced_by, owners })
}

fn remaining_or_unowned(remaining: &[(usize, bool)], owned_by_replaced: bool, collide: &mut dyn FnMut(Other, bool), dir_conflict: bool) {
    let non_dir: Vec<usize> = remaining.iter().filter(|(_, d)| !*d).map(|(k, _)| *k).collect();
    if !non_dir.is_empty() {
        for k in non_dir {
            collide(Other::Installed(k), dir_conflict);
        }
    } else if !owned_by_replaced {
        collide(Other::Unowned, dir_conflict);
    }
}

// ---------------------------------------------------------------------------------------
// Writing

fn tmp_name(dir: &Path, n: &mut u64) -> PathBuf {
    *n += 1;
    dir.join(format!(".railyard-merge-{}-{}", std::process::id(), n))
}

/// State of merging one package.
struct Merge<'a> {
    root: &'a Path,
    opts: &'a InstallOptions,
    contents: Vec<ContentsEntry>,
    new_dirs: Vec<(PathBuf, u32)>,
    symlinks: Vec<(PathBuf, u64)>,
    objs: HashMap<String, (String, u64)>,
    files: u64,
    bytes: u64,
    n: u64,
}

impl Merge<'_> {
    fn dest(&self, path: &str, follow_last: bool) -> Result<PathBuf> {
        let r = resolve(path, follow_last, &mut |p| disk_node(self.root, p))?;
        Ok(self.root.join(r))
    }

    fn parent_of(&self, dest: &Path) -> Result<PathBuf> {
        let parent = dest.parent().ok_or_else(|| anyhow!("{}: no parent", dest.display()))?.to_path_buf();
        if !parent.is_dir() {
            mkdir_p(&parent)?;
        }
        Ok(parent)
    }

    fn check_not_dir(dest: &Path) -> Result<()> {
        if let Ok(m) = fs::symlink_metadata(dest) {
            ensure!(!m.is_dir(), "{}: is a directory in the root", dest.display());
        }
        Ok(())
    }

    fn entry(&mut self, e: &ImageEntry, data: &mut dyn Read) -> Result<()> {
        let abs = e.abs_path();
        match e.kind {
            EntryKind::Dir => {
                let dest = self.dest(&e.path, false)?;
                let create = match fs::symlink_metadata(&dest) {
                    Ok(m) if m.is_dir() => false,
                    Ok(m) => {
                        let real = self.dest(&e.path, true)?;
                        if m.file_type().is_symlink() && fs::symlink_metadata(&real).is_ok_and(|r| r.is_dir()) {
                            false // a symlink to a directory: merge through it, keep it
                        } else {
                            // The check allowed this only because the thing in the way
                            // belongs to a package being replaced.
                            fs::remove_file(&dest)
                                .with_context(|| format!("{}: cannot remove what is in the way of a directory", dest.display()))?;
                            true
                        }
                    }
                    Err(err) if err.kind() == io::ErrorKind::NotFound => true,
                    Err(err) => return Err(err).with_context(|| format!("{}: cannot stat", dest.display())),
                };
                if create {
                    self.parent_of(&dest)?;
                    fs::create_dir(&dest).with_context(|| format!("{}: cannot create directory", dest.display()))?;
                    if self.opts.chown {
                        std::os::unix::fs::chown(&dest, Some(e.uid as u32), Some(e.gid as u32))
                            .with_context(|| format!("{}: chown", dest.display()))?;
                    }
                    // The mode is applied after the children are written (it may forbid
                    // writing into the directory).
                    fs::set_permissions(&dest, fs::Permissions::from_mode(0o700 | e.mode))
                        .with_context(|| format!("{}: chmod", dest.display()))?;
                    self.new_dirs.push((dest, e.mode));
                }
                self.contents.push(ContentsEntry { path: abs, kind: ContentsKind::Dir });
            }
            EntryKind::File => {
                let dest = self.dest(&e.path, false)?;
                Self::check_not_dir(&dest)?;
                let parent = self.parent_of(&dest)?;
                let tmp = tmp_name(&parent, &mut self.n);
                let res = (|| -> Result<String> {
                    let mut f = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
                    let mut h = Md5::new();
                    let mut buf = vec![0u8; 1 << 16];
                    let mut total = 0u64;
                    loop {
                        let n = data.read(&mut buf)?;
                        if n == 0 {
                            break;
                        }
                        h.update(&buf[..n]);
                        f.write_all(&buf[..n])?;
                        total += n as u64;
                    }
                    ensure!(total == e.size, "content ended after {total} of {} bytes", e.size);
                    if self.opts.chown {
                        std::os::unix::fs::fchown(&f, Some(e.uid as u32), Some(e.gid as u32))?;
                    }
                    f.set_permissions(fs::Permissions::from_mode(e.mode))?;
                    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(e.mtime);
                    f.set_times(fs::FileTimes::new().set_modified(t).set_accessed(t))?;
                    fs::rename(&tmp, &dest)?;
                    Ok(hex::encode(h.finalize()))
                })();
                let md5 = res.map_err(|err| {
                    let _ = fs::remove_file(&tmp);
                    err.context(format!("{}: cannot write", dest.display()))
                })?;
                self.objs.insert(e.path.clone(), (md5.clone(), e.mtime));
                self.files += 1;
                self.bytes += e.size;
                self.contents.push(ContentsEntry { path: abs, kind: ContentsKind::Obj { md5, mtime: e.mtime } });
            }
            EntryKind::Hardlink => {
                let target = e.link.as_deref().unwrap_or_default();
                let (md5, mtime) = self
                    .objs
                    .get(target)
                    .cloned()
                    .ok_or_else(|| anyhow!("hard link to /{target}, which this package did not install before"))?;
                let src = self.dest(target, false)?;
                let dest = self.dest(&e.path, false)?;
                Self::check_not_dir(&dest)?;
                let parent = self.parent_of(&dest)?;
                let tmp = tmp_name(&parent, &mut self.n);
                fs::hard_link(&src, &tmp)
                    .and_then(|_| fs::rename(&tmp, &dest))
                    .inspect_err(|_| {
                        let _ = fs::remove_file(&tmp);
                    })
                    .with_context(|| format!("{}: cannot link to {}", dest.display(), src.display()))?;
                self.objs.insert(e.path.clone(), (md5.clone(), mtime));
                self.files += 1;
                self.bytes += fs::symlink_metadata(&dest).map(|m| m.size()).unwrap_or(0);
                self.contents.push(ContentsEntry { path: abs, kind: ContentsKind::Obj { md5, mtime } });
            }
            EntryKind::Symlink => {
                let target = e.link.clone().unwrap_or_default();
                let dest = self.dest(&e.path, false)?;
                Self::check_not_dir(&dest)?;
                let parent = self.parent_of(&dest)?;
                let tmp = tmp_name(&parent, &mut self.n);
                let res = (|| -> io::Result<()> {
                    std::os::unix::fs::symlink(&target, &tmp)?;
                    if self.opts.chown {
                        std::os::unix::fs::lchown(&tmp, Some(e.uid as u32), Some(e.gid as u32))?;
                    }
                    fs::rename(&tmp, &dest)
                })();
                res.inspect_err(|_| {
                    let _ = fs::remove_file(&tmp);
                })
                .with_context(|| format!("{}: cannot create symlink", dest.display()))?;
                self.symlinks.push((dest, e.mtime));
                self.files += 1;
                self.contents.push(ContentsEntry { path: abs, kind: ContentsKind::Sym { target, mtime: e.mtime } });
            }
        }
        Ok(())
    }

    /// Applies directory modes (children first) and symlink mtimes.
    fn finish(&mut self) -> Result<()> {
        for (d, mode) in self.new_dirs.iter().rev() {
            fs::set_permissions(d, fs::Permissions::from_mode(*mode)).with_context(|| format!("{}: chmod", d.display()))?;
        }
        // std cannot set the times of a symlink itself; `touch -h` can. Best effort: the
        // mtime of a symlink matters only for reproducible images.
        let mut by_time: BTreeMap<u64, Vec<&PathBuf>> = BTreeMap::new();
        for (p, t) in &self.symlinks {
            by_time.entry(*t).or_default().push(p);
        }
        for (t, paths) in by_time {
            for chunk in paths.chunks(256) {
                let st = railyard_core::Cmd::new("setting symlink mtimes", "touch").arg("-h").arg("-d").arg(format!("@{t}")).arg("--").args(chunk).run();
                if let Err(e) = st {
                    tracing::warn!("touch -h could not set symlink mtimes ({e:#})");
                }
            }
        }
        Ok(())
    }
}

/// Removes what the replaced package `old` installed and nothing (new or other) owns now.
fn remove_leftovers(root: &Path, old: &VdbEntry, plan: &Plan) -> Result<()> {
    let owned_elsewhere = |r: &str| {
        plan.nodes.contains_key(r) || plan.owners.get(r).is_some_and(|v| v.iter().any(|(k, _)| plan.replaced_by[*k].is_none()))
    };
    let mut dirs = Vec::new();
    for c in &old.contents {
        let rel = c.path.trim_start_matches('/');
        let Ok(r) = resolve(rel, c.is_dir(), &mut |p| disk_node(root, p)) else { continue };
        if r.is_empty() || owned_elsewhere(&r) {
            continue;
        }
        let p = root.join(&r);
        if c.is_dir() {
            dirs.push(p);
            continue;
        }
        match fs::symlink_metadata(&p) {
            Ok(m) if !m.is_dir() => {
                fs::remove_file(&p).with_context(|| format!("{}: cannot remove (left over from {})", p.display(), old.cpv()))?
            }
            _ => {}
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        if fs::symlink_metadata(&d).is_ok_and(|m| m.is_dir()) {
            let _ = fs::remove_dir(&d); // only if empty
        }
    }
    Ok(())
}

/// Creates `dir` and its missing parents with mode 0755 (independent of the umask).
fn mkdir_p(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(p) = dir.parent() {
        mkdir_p(p)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).with_context(|| format!("{}: chmod", dir.display())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot create directory", dir.display())),
    }
}

fn write_vdb(root: &Path, pkg: &Gpkg, counter: i64, contents: &[ContentsEntry], replaced: &[&VdbEntry]) -> Result<()> {
    let cat = pkg.category();
    ensure!(
        !cat.is_empty() && !cat.contains('/') && !cat.starts_with('.') && !pkg.pf.contains('/') && !pkg.pf.starts_with('.'),
        "{}: bad CATEGORY/PF {cat:?}/{:?}",
        pkg.path.display(),
        pkg.pf
    );
    let cat_dir = real_path(root, &format!("{VDB_PATH}/{cat}"))?;
    real_path(root, &format!("{VDB_PATH}/{cat}/{}", pkg.pf))?;
    mkdir_p(&cat_dir)?;
    let tmp = cat_dir.join(format!("{MERGING}{}", pkg.pf));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).with_context(|| format!("{}: cannot remove stale directory", tmp.display()))?;
    }
    fs::create_dir(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    fs::set_permissions(&tmp, fs::Permissions::from_mode(0o755))?;
    // explicit modes: the database must not depend on the caller's umask
    let write = |name: &str, data: &[u8]| -> Result<()> {
        let p = tmp.join(name);
        fs::write(&p, data).with_context(|| format!("{}: cannot write", p.display()))?;
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).with_context(|| format!("{}: chmod", p.display()))
    };
    for (k, v) in &pkg.metadata {
        if matches!(k.as_str(), "CONTENTS" | "COUNTER" | "BINPKGMD5") {
            continue;
        }
        write(k, v)?;
    }
    write("BINPKGMD5", format!("{}\n", pkg.file_md5).as_bytes())?;
    write("COUNTER", counter.to_string().as_bytes())?;
    write("CONTENTS", format_contents(contents).as_bytes())?;
    let fin = cat_dir.join(&pkg.pf);
    let old = cat_dir.join(format!("{MERGING}{}.old", pkg.pf));
    if fin.exists() {
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(&fin, &old).with_context(|| format!("{}: cannot move aside", fin.display()))?;
    }
    fs::rename(&tmp, &fin).with_context(|| format!("{}: cannot rename into place", fin.display()))?;
    if old.exists() {
        fs::remove_dir_all(&old).with_context(|| format!("{}: cannot remove", old.display()))?;
    }
    for r in replaced {
        if r.category == cat && r.pf == pkg.pf {
            continue;
        }
        let d = real_path(root, &format!("{VDB_PATH}/{}/{}", r.category, r.pf))?;
        fs::remove_dir_all(&d).with_context(|| format!("{}: cannot remove the replaced package's entry", d.display()))?;
    }
    Ok(())
}

/// Installs `packages` (gpkg files, in the given order) into `root`.
///
/// 1. Reads the root's VDB and every package (verifying their Manifests).
/// 2. Checks everything before writing anything: a non-directory path shipped by two of
///    the packages, by one of them and an installed package (other than one it
///    replaces), or present in the root but owned by no package, and a directory where
///    another party has a non-directory, are errors naming both sides and the paths
///    (`file collision: /usr/bin/foo is provided by cat/a-1 (…) and cat/b-2 (…)`).
/// 3. Merges each package: directories, regular files (mode, mtime; owners with
///    `opts.chown`), symlinks, hard links; every file is written under a temporary name
///    and renamed into place. A package with the same CATEGORY/PN and SLOT as an
///    installed one (or the same CATEGORY/PF) replaces it: the old package's files that
///    nothing installed now owns are removed, its empty directories too.
/// 4. With `opts.vdb`, writes `var/db/pkg/<cat>/<pf>/` (see the module docs) under a
///    `-MERGING-` name and renames it into place; `COUNTER` = highest existing + 1 (0 for
///    the first package, as Portage), and `var/cache/edb/counter` is updated if present.
///    Without `opts.vdb` the VDB is neither written nor changed: replacing a package then
///    only overwrites its files (its leftovers and its entry stay).
///
/// No mounts, no chown unless asked, no `pkg_*` phases. Errors name the package file and
/// the path.
pub fn install(root: &Path, packages: &[PathBuf], opts: &InstallOptions) -> Result<Vec<Installed>> {
    let existing = installed(root)?;
    let pkgs: Vec<Gpkg> = packages.iter().map(|p| Gpkg::read(p)).collect::<Result<_>>()?;
    let images: Vec<Vec<ImageEntry>> = pkgs.iter().map(|p| p.image_entries()).collect::<Result<_>>()?;
    let plan = plan(root, &pkgs, &images, &existing)?;

    fs::create_dir_all(root).with_context(|| format!("{}: cannot create root", root.display()))?;
    let counter_file = real_path(root, COUNTER_PATH)?;
    let mut counter = existing.iter().filter_map(|e| e.counter).max().unwrap_or(-1);
    if let Some(c) = read_trimmed(&counter_file)?.and_then(|c| c.parse::<i64>().ok()) {
        counter = counter.max(c);
    }
    let mut out = Vec::new();
    for (x, pkg) in pkgs.iter().enumerate() {
        let disp = pkg.path.display();
        let mut m = Merge {
            root,
            opts,
            contents: Vec::new(),
            new_dirs: Vec::new(),
            symlinks: Vec::new(),
            objs: HashMap::new(),
            files: 0,
            bytes: 0,
            n: 0,
        };
        pkg.for_each_image_entry(|e, r| m.entry(e, r)).with_context(|| format!("installing {disp} into {}", root.display()))?;
        m.finish().with_context(|| format!("installing {disp}"))?;
        if opts.vdb {
            let replaced: Vec<&VdbEntry> =
                existing.iter().zip(&plan.replaced_by).filter(|(_, r)| **r == Some(x)).map(|(e, _)| e).collect();
            for old in &replaced {
                remove_leftovers(root, old, &plan).with_context(|| format!("installing {disp}: replacing {}", old.cpv()))?;
            }
            counter += 1;
            write_vdb(root, pkg, counter, &m.contents, &replaced).with_context(|| format!("installing {disp}: package database"))?;
            // Checked again: the package just merged may have changed the path.
            let counter_file = real_path(root, COUNTER_PATH)?;
            if fs::symlink_metadata(&counter_file).is_ok_and(|m| m.is_file()) {
                fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .custom_flags(O_NOFOLLOW)
                    .open(&counter_file)
                    .and_then(|mut f| f.write_all(counter.to_string().as_bytes()))
                    .with_context(|| format!("{}: cannot write", counter_file.display()))?;
            }
        }
        tracing::debug!("installed {} ({} files, {} bytes)", pkg.cpv(), m.files, m.bytes);
        out.push(Installed { cpv: pkg.cpv(), slot: pkg.slot(), files: m.files, bytes: m.bytes });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_pf_handles_versions_and_revisions() {
        assert_eq!(split_pf("busybox-1.35.0"), Some(("busybox", "1.35.0")));
        assert_eq!(split_pf("linux-cloud-bin-6.1.192_p2"), Some(("linux-cloud-bin", "6.1.192_p2")));
        assert_eq!(split_pf("glibc-bin-2.36_p9_p14-r3"), Some(("glibc-bin", "2.36_p9_p14-r3")));
        assert_eq!(split_pf("foo-1a_rc1"), Some(("foo", "1a_rc1")));
        assert_eq!(split_pf("baselayout-railyard-1"), Some(("baselayout-railyard", "1")));
        assert_eq!(split_pf("noversion"), None);
        assert_eq!(split_pf("bad-1.x"), None);
    }

    #[test]
    fn contents_roundtrip_with_spaces() {
        let text = "dir /usr\nobj /usr/a b 0123abcd 1700000000\nsym /usr/c d -> ../x y 1700000001\nfif /run/f\n";
        let c = parse_contents(text).unwrap();
        assert_eq!(c[1], ContentsEntry { path: "/usr/a b".into(), kind: ContentsKind::Obj { md5: "0123abcd".into(), mtime: 1700000000 } });
        assert_eq!(c[2], ContentsEntry { path: "/usr/c d".into(), kind: ContentsKind::Sym { target: "../x y".into(), mtime: 1700000001 } });
        assert_eq!(format_contents(&c), "fif /run/f\ndir /usr\nobj /usr/a b 0123abcd 1700000000\nsym /usr/c d -> ../x y 1700000001\n");
        assert!(parse_contents("obj /x\n").is_err());
        assert!(parse_contents("what /x\n").is_err());
    }

    #[test]
    fn collision_lines_group_and_truncate() {
        let mut cols: Vec<Collision> =
            (0..13).map(|i| Collision { pkg: 1, other: Other::Batch(0), path: format!("/usr/bin/f{i:02}"), dir_conflict: false }).collect();
        cols.push(Collision { pkg: 1, other: Other::Installed(0), path: "/etc".into(), dir_conflict: true });
        cols.push(Collision { pkg: 2, other: Other::Unowned, path: "/x".into(), dir_conflict: false });
        let label = |o: &Other| match o {
            Other::Batch(i) => format!("cat/p{i}-1"),
            Other::Installed(i) => format!("cat/old{i}-1 (installed)"),
            Other::Unowned => "nobody".into(),
        };
        let lines = collision_lines(&cols, &label);
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "file collision: /usr/bin/f00, /usr/bin/f01, /usr/bin/f02, /usr/bin/f03, /usr/bin/f04, /usr/bin/f05, \
             /usr/bin/f06, /usr/bin/f07, /usr/bin/f08, /usr/bin/f09 and 3 more are provided by cat/p0-1 and cat/p1-1"
        );
        assert_eq!(lines[1], "file collision: /etc is a directory in one and not a directory in the other of cat/old0-1 (installed) and cat/p1-1");
        assert_eq!(lines[2], "file collision: /x is provided by nobody and cat/p2-1");
    }

    #[test]
    fn resolve_follows_links_inside_the_root() {
        let links: HashMap<&str, &str> = [("lib", "usr/lib"), ("usr/lib/up", "../../.."), ("abs", "/usr/lib")].into();
        let mut lookup = |p: &str| -> Result<Option<Node>> { Ok(links.get(p).map(|t| Node::Symlink(t.to_string()))) };
        assert_eq!(resolve("lib/modules/x", false, &mut lookup).unwrap(), "usr/lib/modules/x");
        assert_eq!(resolve("lib", false, &mut lookup).unwrap(), "lib");
        assert_eq!(resolve("lib", true, &mut lookup).unwrap(), "usr/lib");
        assert_eq!(resolve("lib/up/etc/passwd", false, &mut lookup).unwrap(), "etc/passwd");
        assert_eq!(resolve("abs/x", false, &mut lookup).unwrap(), "usr/lib/x");
        let mut looping = |_: &str| -> Result<Option<Node>> { Ok(Some(Node::Symlink("a".into()))) };
        assert!(resolve("a/b", false, &mut looping).is_err());
    }
}
