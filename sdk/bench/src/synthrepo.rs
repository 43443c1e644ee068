//! A synthetic ebuild repository for resolver tests and benchmarks: `n` packages in a
//! dependency DAG that exercises what a real tree uses — eclasses inheriting eclasses,
//! IUSE defaults, USE-conditional and `||` dependencies, version operators, slots and
//! sub-slots, USE dependencies, keywords and `package.mask` — deterministically from a
//! seed.
//!
//! The repository is named `synthetic` with `masters = railyard` and thin manifests, and
//! has no md5-cache (Railyard runs egencache into it the first time it is used). No
//! package has a `SRC_URI` or installs anything: they are planned, never built.
//!
//! Every generated dependency is satisfiable by Portage with the default configuration
//! (the board profile sets no USE flag of ours), and the generator knows the answer:
//! [`Summary::expected`] lists the packages `synthetic/all` pulls in and the IUSE flags
//! each is built with. Its rules:
//!
//! - package `i` only depends on packages `< i` (a DAG; PDEPEND too);
//! - every selected atom resolves to the best visible version of one slot (the highest
//!   one neither keyworded `~amd64` only nor in `profiles/package.mask`), so no slot ever
//!   gets two versions;
//! - `|| ( … )` groups either start with alternatives that cannot be satisfied (a
//!   package that does not exist, one that is masked or `~amd64` in every version, a
//!   version above the newest, an all-of group containing one of those) followed by a
//!   good one; or list two good packages that are pulled in by something else too (so the
//!   package set does not depend on which one a resolver picks; the edges may); or are
//!   `|| ( decoy b )` followed by a plain `b` in the same variable: Portage evaluates `||`
//!   groups after the other dependencies, finds `b` and never pulls in the decoy (a
//!   visible package nothing else needs);
//! - USE dependencies (`[foo]`, `[-foo]`, `[foo?]`, `[!foo?]`, `[foo=]`, `[!foo=]`,
//!   `[foo(+)]`, `[-foo(-)]`) are always met by the IUSE defaults;
//! - `synthetic/all` RDEPENDs on every package slot no other selected dependency pulls in,
//!   so this one target brings in everything.
//!
//! The module only uses `std` and `anyhow`: the integration tests include it with
//! `#[path]`, and not every item is used by every includer.

#![allow(dead_code)]

use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The repository's name.
pub const REPO_NAME: &str = "synthetic";
/// The meta package that pulls in every generated package.
pub const TARGET: &str = "synthetic/all";

/// Categories of the generated packages (plus `synthetic` for the meta package).
const CATEGORIES: [&str; 12] =
    ["syn-base", "syn-libs", "syn-net", "syn-devel", "syn-utils", "syn-misc", "syn-apps", "syn-fs", "syn-media", "syn-lang", "syn-crypt", "syn-data"];

const WORDS: [&str; 26] = [
    "alder", "birch", "cedar", "dogwood", "elm", "fir", "ginkgo", "hazel", "ivy", "juniper", "kapok", "larch", "maple", "nutmeg", "oak", "pine", "quince",
    "rowan", "spruce", "teak", "ulmus", "vine", "willow", "xylo", "yew", "zelkova",
];

const SUFFIX_WORDS: [&str; 6] = ["utils", "lib", "core", "tools", "ng", "common"];

/// Package-specific USE flags (eclasses bring `nls debug static-libs shared ssl ipv6 doc cli`).
const FLAGS: [&str; 36] = [
    "zlib", "bzip2", "lzma", "zstd", "caps", "acl", "xattr", "pam", "udev", "systemd", "readline", "ncurses", "unicode", "jit", "lto", "pie", "gtk",
    "qt5", "vala", "introspection", "seccomp", "audit", "gnutls", "idn", "sqlite", "postgres", "lua", "perl", "tcl", "xml", "json", "yaml", "http2",
    "brotli", "ldap", "sasl",
];

/// Which constructs to generate (all by default); turning one off helps to tell which
/// construct a resolver mishandles.
#[derive(Debug, Clone)]
pub struct Options {
    /// USE dependencies with `(+)`/`(-)` defaults on flags the target lacks in IUSE.
    pub use_dep_defaults: bool,
    /// BDEPEND (Portage puts these packages into the build host's root `/`).
    pub bdepend: bool,
    /// `|| ( a b )` groups where both alternatives are available.
    pub any_of_both_available: bool,
    /// Packages with two slots.
    pub multi_slot: bool,
    /// `|| ( decoy b ) b`: a group whose second alternative a later sibling dependency
    /// pulls in. Portage evaluates `||` groups after the other dependencies, so it picks
    /// `b` and never pulls in the (visible, otherwise unused) decoy package.
    pub any_of_sibling: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { use_dep_defaults: true, bdepend: true, any_of_both_available: true, multi_slot: true, any_of_sibling: true }
    }
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The repository directory.
    pub dir: PathBuf,
    /// Generated packages (without the unavailable "ghost" packages and `synthetic/all`).
    pub packages: usize,
    /// Ebuild files written (all of them).
    pub ebuilds: usize,
    /// Categories (as in `profiles/categories`).
    pub categories: Vec<String>,
    /// Eclasses (names).
    pub eclasses: Vec<String>,
    /// `synthetic/all`.
    pub target: String,
    /// The atoms `synthetic/all` RDEPENDs on (together they pull in everything).
    pub leaves: Vec<String>,
    /// Every package `synthetic/all` pulls in (itself included), `cat/pf` → the IUSE flags
    /// that are on (no implicit arch/elibc/kernel flags).
    pub expected: BTreeMap<String, BTreeSet<String>>,
    /// How often each feature was used (for reports).
    pub features: BTreeMap<&'static str, usize>,
}

/// The targets that together pull in every generated package (what `synthetic/all`
/// RDEPENDs on), for callers that want many targets instead of the meta package.
pub fn targets(summary: &Summary) -> Vec<String> {
    summary.leaves.clone()
}

/// Small deterministic PRNG (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// A version of the restricted form `MAJ.MIN[.PATCH][_SUFFIXn][-rN]`; the derived order
/// is PMS order for versions of one package (they all have a patch, or none does).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Ver {
    maj: u32,
    min: u32,
    patch: Option<u32>,
    /// (rank, number): alpha 0, beta 1, pre 2, rc 3, none 4, p 5.
    suf: (u8, u32),
    rev: u32,
}

impl Ver {
    fn base(&self) -> String {
        let mut s = format!("{}.{}", self.maj, self.min);
        if let Some(p) = self.patch {
            let _ = write!(s, ".{p}");
        }
        let name = ["_alpha", "_beta", "_pre", "_rc", "", "_p"][self.suf.0 as usize];
        if !name.is_empty() {
            let _ = write!(s, "{name}{}", self.suf.1);
        }
        s
    }
    fn text(&self) -> String {
        if self.rev > 0 {
            format!("{}-r{}", self.base(), self.rev)
        } else {
            self.base()
        }
    }
    /// A strictly greater version.
    fn bump(&self, rng: &mut Rng) -> Ver {
        let mut v = self.clone();
        match rng.below(5) {
            0 => v.rev += 1,
            1 => {
                v.suf = if v.suf.0 == 5 { (5, v.suf.1 + 1) } else { (5, 1) };
                v.rev = 0;
            }
            2 if v.patch.is_some() => {
                v.patch = v.patch.map(|p| p + 1);
                v.suf = if rng.chance(0.3) { (3, 1) } else { (4, 0) };
                v.rev = 0;
            }
            _ => {
                v.min += 1;
                v.patch = v.patch.map(|_| 0);
                v.suf = (4, 0);
                v.rev = 0;
            }
        }
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vis {
    Stable,
    /// `~amd64` only.
    Unstable,
    /// In `profiles/package.mask`.
    Masked,
}

#[derive(Debug, Clone)]
struct Version {
    ver: Ver,
    vis: Vis,
    /// The KEYWORDS value.
    keywords: String,
}

#[derive(Debug, Clone)]
struct Slot {
    /// Slot name.
    name: String,
    /// Sub-slot, when SLOT has one (a function of the version: `maj.min`).
    subslot: bool,
    /// How SLOT is written: literal or with `ver_cut`.
    via_ver_cut: bool,
    /// Ascending.
    versions: Vec<Version>,
    /// Index of the best visible version.
    best: usize,
}

impl Slot {
    fn best(&self) -> &Ver {
        &self.versions[self.best].ver
    }
    fn slot_value(&self, v: &Ver) -> String {
        if self.subslot {
            format!("{}/{}.{}", self.name, v.maj, v.min)
        } else {
            self.name.clone()
        }
    }
}

/// A dependency tree node of the model.
#[derive(Debug, Clone)]
enum D {
    /// An atom; `pulls` = (package, slot) it resolves to, `None` when unsatisfiable.
    Leaf { text: String, pulls: Option<(usize, usize)> },
    /// `flag? ( … )` / `!flag? ( … )`.
    Cond { flag: String, neg: bool, body: Vec<D> },
    /// `|| ( … )`; `det`: the first satisfiable alternative is the only satisfiable one.
    Any { alts: Vec<D>, det: bool },
    /// `( … )`.
    All(Vec<D>),
}

impl D {
    fn render(&self, out: &mut String) {
        match self {
            D::Leaf { text, .. } => out.push_str(text),
            D::Cond { flag, neg, body } => {
                let _ = write!(out, "{}{flag}? ( ", if *neg { "!" } else { "" });
                for d in body {
                    d.render(out);
                    out.push(' ');
                }
                out.push(')');
            }
            D::Any { alts, .. } => {
                out.push_str("|| ( ");
                for d in alts {
                    d.render(out);
                    out.push(' ');
                }
                out.push(')');
            }
            D::All(v) => {
                out.push_str("( ");
                for d in v {
                    d.render(out);
                    out.push(' ');
                }
                out.push(')');
            }
        }
    }
    fn satisfiable(&self) -> bool {
        match self {
            D::Leaf { pulls, .. } => pulls.is_some(),
            D::All(v) => v.iter().all(D::satisfiable),
            D::Any { alts, .. } => alts.iter().any(D::satisfiable),
            D::Cond { .. } => true,
        }
    }
    /// The (package, slot)s a resolver certainly pulls in for this node.
    fn pulled(&self, on: &dyn Fn(&str) -> bool, out: &mut Vec<(usize, usize)>) {
        match self {
            D::Leaf { pulls, .. } => out.extend(*pulls),
            D::Cond { flag, neg, body } => {
                if on(flag) != *neg {
                    body.iter().for_each(|d| d.pulled(on, out));
                }
            }
            D::All(v) => v.iter().for_each(|d| d.pulled(on, out)),
            D::Any { alts, det } => {
                if *det {
                    if let Some(a) = alts.iter().find(|a| a.satisfiable()) {
                        a.pulled(on, out);
                    }
                }
            }
        }
    }
    /// Every (package, slot) a resolver may pull in for this node (`||`: any alternative).
    fn may_pull(&self, on: &dyn Fn(&str) -> bool, out: &mut Vec<(usize, usize)>) {
        match self {
            D::Leaf { pulls, .. } => out.extend(*pulls),
            D::Cond { flag, neg, body } => {
                if on(flag) != *neg {
                    body.iter().for_each(|d| d.may_pull(on, out));
                }
            }
            D::All(v) => v.iter().for_each(|d| d.may_pull(on, out)),
            D::Any { alts, .. } => alts.iter().filter(|a| a.satisfiable()).for_each(|d| d.may_pull(on, out)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Depend,
    Rdepend,
    Bdepend,
    Pdepend,
}

impl Class {
    fn key(self) -> &'static str {
        match self {
            Class::Depend => "DEPEND",
            Class::Rdepend => "RDEPEND",
            Class::Bdepend => "BDEPEND",
            Class::Pdepend => "PDEPEND",
        }
    }
}

struct Eclass {
    name: &'static str,
    inherits: &'static [&'static str],
    /// (flag, default on).
    iuse: &'static [(&'static str, bool)],
    /// (class, optional USE condition, core package index, atom suffix).
    deps: &'static [(Class, Option<&'static str>, usize, &'static str)],
}

/// Eclasses; core package `k` is package number `k` (they inherit nothing).
const ECLASSES: &[Eclass] = &[
    Eclass { name: "synth-base", inherits: &[], iuse: &[("nls", true), ("debug", false)], deps: &[(Class::Depend, Some("nls"), 0, "")] },
    Eclass {
        name: "synth-lib",
        inherits: &["synth-base"],
        iuse: &[("static-libs", false), ("shared", true)],
        deps: &[(Class::Rdepend, None, 1, ""), (Class::Depend, Some("!static-libs"), 1, "")],
    },
    Eclass {
        name: "synth-net",
        inherits: &["synth-lib"],
        iuse: &[("ssl", true), ("ipv6", false)],
        deps: &[(Class::Depend, Some("ssl"), 2, ":="), (Class::Rdepend, Some("ssl"), 2, ":=")],
    },
    Eclass { name: "synth-doc", inherits: &[], iuse: &[("doc", false)], deps: &[(Class::Bdepend, Some("doc"), 3, "")] },
    Eclass { name: "synth-build", inherits: &["synth-base"], iuse: &[], deps: &[(Class::Bdepend, None, 4, "")] },
    Eclass { name: "synth-app", inherits: &["synth-lib", "synth-doc"], iuse: &[("cli", true)], deps: &[(Class::Rdepend, Some("cli"), 3, "")] },
];

/// Packages `0..CORE` are the ones eclasses depend on.
const CORE: usize = 5;

#[derive(Debug, Clone)]
struct Package {
    cat: String,
    pn: String,
    /// Direct eclasses (inherit line).
    inherit: Vec<usize>,
    /// Every flag with its default (eclass ones included), in IUSE order.
    iuse: Vec<(String, bool)>,
    /// The ebuild's own IUSE tokens.
    own_iuse: Vec<(String, bool)>,
    slots: Vec<Slot>,
    /// Per slot, per version: dependencies by class (the model, rendered later).
    deps: Vec<Vec<BTreeMap<Class, Vec<D>>>>,
    /// `RDEPEND="${DEPEND} …"` for this package.
    rdepend_includes_depend: bool,
    required_use: Option<String>,
    /// Dependencies its eclasses bring (class, cond, core package, suffix).
    eclass_deps: Vec<(Class, Option<String>, usize, String)>,
}

impl Package {
    fn cp(&self) -> String {
        format!("{}/{}", self.cat, self.pn)
    }
    fn on(&self, flag: &str) -> bool {
        self.iuse.iter().any(|(f, d)| f == flag && *d)
    }
    fn has(&self, flag: &str) -> bool {
        self.iuse.iter().any(|(f, _)| f == flag)
    }
    fn enabled(&self) -> BTreeSet<String> {
        self.iuse.iter().filter(|(_, d)| *d).map(|(f, _)| f.clone()).collect()
    }
    /// Index of the slot holding the overall best visible version.
    fn top_slot(&self) -> usize {
        (0..self.slots.len()).max_by(|&a, &b| self.slots[a].best().cmp(self.slots[b].best())).unwrap_or(0)
    }
}

fn eclass_closure(i: usize, out: &mut Vec<usize>) {
    for parent in ECLASSES[i].inherits {
        let p = ECLASSES.iter().position(|e| e.name == *parent).expect("known eclass");
        eclass_closure(p, out);
    }
    if !out.contains(&i) {
        out.push(i);
    }
}

struct Gen {
    opts: Options,
    rng: Rng,
    pkgs: Vec<Package>,
    /// Unsatisfiable "ghost" packages: (cp, why) — all versions masked, ~amd64, or no keyword.
    ghosts: Vec<String>,
    /// Visible packages nothing needs (first alternatives of `|| ( decoy b ) b`).
    decoys: Vec<String>,
    features: BTreeMap<&'static str, usize>,
}

impl Gen {
    fn count(&mut self, f: &'static str) {
        *self.features.entry(f).or_default() += 1;
    }

    fn make_package(&mut self, i: usize) -> Package {
        let rng = &mut self.rng;
        let cat = rng.pick(&CATEGORIES).to_string();
        let word = rng.pick(&WORDS);
        let pn = match rng.below(10) {
            0 => format!("{word}-{}{i}", rng.pick(&SUFFIX_WORDS)),
            1 => format!("lib{word}{i}"),
            2 => format!("{word}{i}-{}", rng.pick(&SUFFIX_WORDS)),
            _ => format!("{word}{i}"),
        };
        // eclasses (core packages inherit nothing)
        let mut inherit = Vec::new();
        if i >= CORE {
            let k = [0, 0, 1, 1, 1, 2][rng.below(6)];
            for _ in 0..k {
                let e = rng.below(ECLASSES.len());
                if !self.opts.bdepend && ECLASSES[e].name == "synth-build" {
                    continue;
                }
                if !inherit.contains(&e) {
                    inherit.push(e);
                }
            }
        }
        let mut closure = Vec::new();
        for &e in &inherit {
            eclass_closure(e, &mut closure);
        }
        let mut iuse: Vec<(String, bool)> = Vec::new();
        let mut eclass_deps = Vec::new();
        for &e in &closure {
            for (f, d) in ECLASSES[e].iuse {
                iuse.push((f.to_string(), *d));
            }
            for (c, cond, core, suf) in ECLASSES[e].deps {
                eclass_deps.push((*c, cond.map(str::to_string), *core, suf.to_string()));
            }
        }
        let mut own_iuse = Vec::new();
        for _ in 0..rng.below(4) {
            let f = rng.pick(&FLAGS).to_string();
            if !iuse.iter().any(|(g, _)| *g == f) {
                let on = rng.chance(0.5);
                iuse.push((f.clone(), on));
                own_iuse.push((f, on));
            }
        }
        // slots and versions
        let multi = i >= CORE && rng.chance(0.08) && self.opts.multi_slot;
        let two_components = rng.chance(0.25);
        let nslots = if multi { 2 } else { 1 };
        let mut slots = Vec::new();
        let mut maj = rng.below(4) as u32 + u32::from(multi);
        for s in 0..nslots {
            let nver = if multi { 1 + rng.below(2) - usize::from(s == 1 && rng.chance(0.5)) } else { 1 + rng.below(3) };
            let nver = nver.max(1);
            let mut v = Ver { maj, min: rng.below(4) as u32, patch: (!two_components).then(|| rng.below(5) as u32), suf: (4, 0), rev: 0 };
            if v.patch.is_some() && rng.chance(0.1) {
                v.suf = (rng.below(4) as u8, 1 + rng.below(3) as u32);
            }
            let mut versions = vec![v.clone()];
            for _ in 1..nver {
                v = v.bump(rng);
                versions.push(v.clone());
            }
            let subslot = i == 2 || (i >= CORE && rng.chance(0.25));
            slots.push(Slot {
                name: if multi { maj.to_string() } else { "0".into() },
                subslot,
                via_ver_cut: rng.chance(0.5),
                versions: versions.into_iter().map(|ver| Version { ver, vis: Vis::Stable, keywords: String::new() }).collect(),
                best: 0,
            });
            maj += 1 + rng.below(2) as u32;
        }
        // visibility: the newest version of a slot may be ~amd64 only or masked
        for s in &mut slots {
            let n = s.versions.len();
            if n >= 2 && rng.chance(0.45) {
                s.versions[n - 1].vis = if rng.chance(0.55) { Vis::Unstable } else { Vis::Masked };
                if n >= 3 && rng.chance(0.3) {
                    s.versions[n - 2].vis = Vis::Masked;
                }
            }
            for v in &mut s.versions {
                v.keywords = match v.vis {
                    Vis::Unstable => "~amd64 ~arm64".into(),
                    _ if rng.chance(0.05) => "-* amd64 arm64".into(),
                    _ if rng.chance(0.1) => "amd64 ~arm64".into(),
                    _ => "amd64 arm64".into(),
                };
            }
            s.best = (0..n).rev().find(|&k| s.versions[k].vis == Vis::Stable).expect("a stable version");
        }
        let required_use = if rng.chance(0.08) {
            let on: Vec<&String> = iuse.iter().filter(|(_, d)| *d).map(|(f, _)| f).collect();
            let off: Vec<&String> = iuse.iter().filter(|(_, d)| !*d).map(|(f, _)| f).collect();
            match (on.first(), off.first()) {
                (Some(a), Some(b)) => Some(format!("|| ( {b} {a} ) {b}? ( {a} )")),
                (Some(a), None) => Some(format!("|| ( {a} )")),
                _ => None,
            }
        } else {
            None
        };
        let rdepend_includes_depend = rng.chance(0.25);
        Package { cat, pn, inherit, iuse, own_iuse, slots, deps: Vec::new(), rdepend_includes_depend, required_use, eclass_deps }
    }

    /// An atom resolving to the best visible version of slot `s` of package `j`, from
    /// package `from`'s dependency of class `class`.
    fn atom(&mut self, from: &Package, j: usize, s: usize, class: Class, in_any: bool) -> D {
        let target = &self.pkgs[j];
        let (cp, top, slot, dep_iuse) = (target.cp(), s == target.top_slot(), target.slots[s].clone(), target.iuse.clone());
        let slot = &slot;
        let best = slot.best().clone();
        let rng = &mut self.rng;
        let lower: Vec<&Version> = slot.versions.iter().filter(|v| v.ver < best).collect();
        let higher: Vec<&Version> = slot.versions.iter().filter(|v| v.ver > best).collect();
        // `ver_restricts_slot`: the version part alone selects the slot
        let (mut text, ver_restricts_slot, feature) = match rng.below(20) {
            0..=5 => (cp.clone(), false, "atom: plain"),
            6..=8 => {
                let v = if !lower.is_empty() && rng.chance(0.6) { rng.pick(&lower).ver.text() } else { best.text() };
                (format!(">={cp}-{v}"), false, "atom: >=")
            }
            9 if !lower.is_empty() => (format!(">{cp}-{}", rng.pick(&lower).ver.text()), false, "atom: >"),
            9..=11 => {
                // below the next version: a hidden one of this slot, or the next major
                let w = if !higher.is_empty() && rng.chance(0.6) { rng.pick(&higher).ver.text() } else { (best.maj + 1).to_string() };
                (format!("<{cp}-{w}"), true, "atom: <")
            }
            12 => (format!("<={cp}-{}", best.text()), true, "atom: <="),
            13 | 14 => (format!("~{cp}-{}", best.base()), true, "atom: ~"),
            15 => (format!("={cp}-{}", best.text()), true, "atom: ="),
            _ => {
                let prefix = if rng.chance(0.5) { format!("{}.{}", best.maj, best.min) } else { best.maj.to_string() };
                (format!("={cp}-{prefix}*"), true, "atom: =*")
            }
        };
        self.count(feature);
        let rng = &mut self.rng;
        let slot_op_ok = matches!(class, Class::Depend | Class::Rdepend) && !in_any;
        if !top && !ver_restricts_slot {
            // another slot than the newest: name it
            text.push_str(&format!(":{}", slot.name));
            self.count("atom: :SLOT (needed)");
        } else if rng.chance(0.3) {
            let f = match rng.below(4) {
                0 if slot_op_ok => {
                    text.push_str(":=");
                    "atom: :="
                }
                1 if slot_op_ok => {
                    text.push_str(&format!(":{}=", slot.name));
                    "atom: :SLOT="
                }
                2 if slot.subslot => {
                    text.push_str(&format!(":{}", slot.slot_value(&best)));
                    "atom: :SLOT/SUB"
                }
                _ => {
                    text.push_str(&format!(":{}", slot.name));
                    "atom: :SLOT"
                }
            };
            self.count(f);
        }
        // USE dependencies, always met by the IUSE defaults
        let rng = &mut self.rng;
        if rng.chance(0.18) {
            let mut ud: Vec<(String, &'static str)> = Vec::new();
            for _ in 0..1 + rng.below(2) {
                let pick = rng.below(8);
                let has = |f: &str| dep_iuse.iter().any(|(g, _)| g == f);
                let cand: Vec<&(String, bool)> = dep_iuse.iter().collect();
                let shared: Vec<&(String, bool)> = dep_iuse.iter().filter(|(f, _)| from.has(f)).collect();
                let u = match pick {
                    0 | 1 if !cand.is_empty() => {
                        let (f, on) = rng.pick(&cand);
                        Some(if *on { (f.clone(), "usedep: [foo]") } else { (format!("-{f}"), "usedep: [-foo]") })
                    }
                    2 if !shared.is_empty() => {
                        let (f, on) = rng.pick(&shared);
                        // parent on => dep on
                        (!from.on(f) || *on).then(|| (format!("{f}?"), "usedep: [foo?]"))
                    }
                    3 if !shared.is_empty() => {
                        let (f, on) = rng.pick(&shared);
                        // parent off => dep off
                        (from.on(f) || !*on).then(|| (format!("!{f}?"), "usedep: [!foo?]"))
                    }
                    4 if !shared.is_empty() => {
                        let (f, on) = rng.pick(&shared);
                        Some(if from.on(f) == *on { (format!("{f}="), "usedep: [foo=]") } else { (format!("!{f}="), "usedep: [!foo=]") })
                    }
                    5 if self.opts.use_dep_defaults => {
                        let f = FLAGS.iter().find(|f| !has(f)).copied();
                        f.map(|f| (format!("{f}(+)"), "usedep: [foo(+)] (not in IUSE)"))
                    }
                    6 if self.opts.use_dep_defaults => {
                        let f = FLAGS.iter().rev().find(|f| !has(f)).copied();
                        f.map(|f| (format!("-{f}(-)"), "usedep: [-foo(-)] (not in IUSE)"))
                    }
                    _ if !cand.is_empty() => {
                        let (f, on) = rng.pick(&cand);
                        Some(if *on { (format!("{f}(-)"), "usedep: [foo(-)]") } else { (format!("-{f}(+)"), "usedep: [-foo(+)]") })
                    }
                    _ => None,
                };
                if let Some(u) = u {
                    let name = u.0.trim_start_matches(['-', '!']).trim_end_matches(['?', '=']);
                    let name = name.split('(').next().unwrap_or(name).to_string();
                    if !ud.iter().any(|(x, _)| {
                        let n = x.trim_start_matches(['-', '!']).trim_end_matches(['?', '=']);
                        n.split('(').next() == Some(name.as_str())
                    }) {
                        ud.push(u);
                    }
                }
            }
            if !ud.is_empty() {
                text.push('[');
                text.push_str(&ud.iter().map(|(u, _)| u.as_str()).collect::<Vec<_>>().join(","));
                text.push(']');
                for (_, f) in ud {
                    self.count(f);
                }
            }
        }
        D::Leaf { text, pulls: Some((j, s)) }
    }

    /// An alternative nothing can satisfy.
    fn unavailable(&mut self, below: usize) -> D {
        let k = self.rng.below(4);
        let text = match k {
            0 if !self.ghosts.is_empty() => {
                self.count("||: first alternative masked/~amd64/unkeyworded package");
                let g = self.rng.pick(&self.ghosts).clone();
                g
            }
            1 if below > 0 => {
                self.count("||: first alternative version above the newest");
                let j = self.rng.below(below);
                let p = &self.pkgs[j];
                let maxv = p.slots.iter().flat_map(|s| s.versions.iter()).map(|v| v.ver.maj).max().unwrap_or(0);
                format!(">={}-{}", p.cp(), maxv + 10)
            }
            _ => {
                self.count("||: first alternative does not exist");
                format!("syn-misc/nonexistent{}", self.rng.below(1000))
            }
        };
        D::Leaf { text, pulls: None }
    }

    /// A random good target: (package, slot), biased towards recent packages.
    fn target(&mut self, i: usize) -> (usize, usize) {
        let j = if self.rng.chance(0.5) {
            let back = 1 + self.rng.below(i.min(30));
            i - back
        } else {
            self.rng.below(i)
        };
        let s = self.rng.below(self.pkgs[j].slots.len());
        (j, s)
    }

    /// The dependencies of one version of package `i`.
    fn version_deps(&mut self, i: usize, me: &Package, selected: bool) -> BTreeMap<Class, Vec<D>> {
        let mut out: BTreeMap<Class, Vec<D>> = BTreeMap::new();
        if i == 0 {
            return out;
        }
        let n = [0, 1, 1, 2, 2, 3, 3, 4, 5, 6][self.rng.below(10)].min(i);
        for _ in 0..n {
            let class = match self.rng.below(100) {
                0..=46 => Class::Depend,
                47..=93 => Class::Rdepend,
                94..=96 if self.opts.bdepend => Class::Bdepend,
                94..=96 => Class::Depend,
                _ => Class::Pdepend,
            };
            self.count(match class {
                Class::Depend => "class: DEPEND",
                Class::Rdepend => "class: RDEPEND",
                Class::Bdepend => "class: BDEPEND",
                Class::Pdepend => "class: PDEPEND",
            });
            let shape = self.rng.below(100);
            let d = if !selected && shape < 4 {
                // versions nobody selects may depend on anything
                self.count("unselected version depends on a nonexistent package");
                D::Leaf { text: format!("syn-misc/nonexistent{}", self.rng.below(1000)), pulls: None }
            } else if shape < 14 && !me.iuse.is_empty() {
                // USE-conditional
                let (flag, _) = self.rng.pick(&me.iuse).clone();
                let neg = self.rng.chance(0.35);
                let (j, s) = self.target(i);
                let mut body = vec![self.atom(me, j, s, class, false)];
                let active = me.on(&flag) != neg;
                if !active && self.rng.chance(0.3) {
                    // never evaluated: may be unsatisfiable
                    body.push(D::Leaf { text: format!("syn-misc/nonexistent{}", self.rng.below(1000)), pulls: None });
                    self.count("inactive USE conditional with an unsatisfiable atom");
                }
                self.count(if neg { "USE-conditional !foo? ( )" } else { "USE-conditional foo? ( )" });
                D::Cond { flag, neg, body }
            } else if shape < 22 {
                // || ( unavailable… good )
                let mut alts = vec![self.unavailable(i)];
                if self.rng.chance(0.3) {
                    alts.push(self.unavailable(i));
                }
                if self.rng.chance(0.25) {
                    // ( unavailable good ) as one alternative
                    let (j, s) = self.target(i);
                    let a = self.atom(me, j, s, class, true);
                    let u = self.unavailable(i);
                    alts.insert(0, D::All(vec![a, u]));
                    self.count("||: first alternative an all-of group with an unavailable atom");
                }
                let (j, s) = self.target(i);
                alts.push(self.atom(me, j, s, class, true));
                self.count("|| ( unavailable… good )");
                D::Any { alts, det: true }
            } else if (26..29).contains(&shape) && self.opts.any_of_sibling && !self.decoys.is_empty() {
                // || ( decoy b ) … b: Portage defers `||` groups, so b is in its graph then
                let decoy = self.rng.pick(&self.decoys).clone();
                let (j, s) = self.target(i);
                let alts = vec![D::Leaf { text: decoy, pulls: None }, self.atom(me, j, s, class, true)];
                let sibling = self.atom(me, j, s, class, false);
                self.count("|| ( decoy b ) with b pulled in by a later sibling");
                out.entry(class).or_default().push(D::Any { alts, det: true });
                sibling
            } else if shape < 26 && i >= 2 && self.opts.any_of_both_available {
                // || ( good good ): both pulled in by something else as well
                let (a, sa) = self.target(i);
                let (mut b, mut sb) = self.target(i);
                if (a, sa) == (b, sb) {
                    (b, sb) = (if a == 0 { 1 } else { a - 1 }, 0);
                }
                let alts = vec![self.atom(me, a, sa, class, true), self.atom(me, b, sb, class, true)];
                self.count("|| ( good good )");
                D::Any { alts, det: false }
            } else {
                let (j, s) = self.target(i);
                self.atom(me, j, s, class, false)
            };
            out.entry(class).or_default().push(d);
        }
        out
    }
}

/// Writes the repository into `dir` (created; previous ebuilds, eclasses and profiles
/// there are removed, an existing `metadata/md5-cache` is kept: egencache brings it up to
/// date) with `n` packages, deterministically from `seed`.
pub fn generate(dir: &Path, n: usize, seed: u64) -> Result<Summary> {
    generate_with(dir, n, seed, &Options::default())
}

/// [`generate`] with some constructs left out.
pub fn generate_with(dir: &Path, n: usize, seed: u64, opts: &Options) -> Result<Summary> {
    let n = n.max(CORE + 1);
    let mut g = Gen { opts: opts.clone(), rng: Rng(seed ^ 0x5EED_0F5E_ED00_0001), pkgs: Vec::new(), ghosts: Vec::new(), decoys: Vec::new(), features: BTreeMap::new() };
    let ndecoy = if opts.any_of_sibling { (n / 60).max(2) } else { 0 };
    g.decoys = (0..ndecoy).map(|k| format!("syn-misc/decoy{k}")).collect();
    // ghosts: packages no version of which is visible
    let nghost = (n / 40).max(3);
    let mut ghost_files: Vec<(String, String, String, Option<String>)> = Vec::new(); // (cp, pf, keywords, mask line)
    for k in 0..nghost {
        let cp = format!("syn-misc/ghost{k}");
        let pf = format!("ghost{k}-1.{k}");
        let (kw, mask, feat) = match k % 3 {
            0 => ("~amd64 ~arm64".to_string(), None, "ghost: ~amd64 only"),
            1 => ("amd64 arm64".to_string(), Some(cp.clone()), "ghost: package.mask"),
            _ => (String::new(), None, "ghost: no KEYWORDS"),
        };
        g.count(feat);
        g.ghosts.push(cp.clone());
        ghost_files.push((cp, pf, kw, mask));
    }
    for i in 0..n {
        let p = g.make_package(i);
        g.pkgs.push(p);
    }
    // dependencies, oldest package first (targets only need lower packages' slots)
    for i in 0..n {
        let me = g.pkgs[i].clone();
        let mut all = Vec::new();
        for s in 0..me.slots.len() {
            let mut per = Vec::new();
            for v in 0..me.slots[s].versions.len() {
                let selected = v == me.slots[s].best;
                per.push(g.version_deps(i, &me, selected));
            }
            all.push(per);
        }
        g.pkgs[i].deps = all;
    }
    // what `synthetic/all` must name: package slots nothing else certainly pulls in;
    // alternatives of nondeterministic `||` groups must be pulled in by something else too
    let mut reached: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut leaves: Vec<String> = Vec::new();
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut all_may: BTreeSet<(usize, usize)> = BTreeSet::new();
    for i in (0..n).rev() {
        let p = g.pkgs[i].clone();
        for s in (0..p.slots.len()).rev() {
            if !reached.contains(&(i, s)) {
                reached.insert((i, s));
                leaves.push(if p.slots.len() > 1 { format!("{}:{}", p.cp(), p.slots[s].name) } else { p.cp() });
            }
            let slot = &p.slots[s];
            let best = &slot.versions[slot.best].ver;
            expected.insert(format!("{}-{}", p.cp(), best.text()), p.enabled());
            let on = |f: &str| p.on(f);
            let mut pulled = Vec::new();
            let mut may = Vec::new();
            for ds in p.deps[s][slot.best].values() {
                for d in ds {
                    d.pulled(&on, &mut pulled);
                    d.may_pull(&on, &mut may);
                }
            }
            for (c, cond, core, _) in &p.eclass_deps {
                let _ = c;
                let active = match cond {
                    None => true,
                    Some(f) => match f.strip_prefix('!') {
                        Some(f) => !p.on(f),
                        None => p.on(f),
                    },
                };
                if active {
                    pulled.push((*core, 0));
                }
            }
            reached.extend(pulled.iter().copied());
            all_may.extend(may);
        }
    }
    // nondeterministic alternatives are all reached by construction? make sure
    for (j, s) in &all_may {
        if !reached.contains(&(*j, *s)) {
            // cannot happen: every slot is reached (a leaf if nothing else pulls it)
            anyhow::bail!("internal error: {}:{} may be pulled but is not reached", g.pkgs[*j].cp(), s);
        }
    }
    leaves.sort();
    expected.insert(format!("{TARGET}-1"), BTreeSet::new());

    // the `||` groups with two good alternatives: both must be pulled by something else.
    // Checked loosely above (every slot is reached); what matters is that the package
    // set does not depend on the choice, which holds because every slot is in the set.

    write(dir, &g, &ghost_files, &leaves, seed)?;
    let ebuilds = g.pkgs.iter().map(|p| p.slots.iter().map(|s| s.versions.len()).sum::<usize>()).sum::<usize>() + ghost_files.len() + g.decoys.len() + 1;
    let mut categories: Vec<String> = CATEGORIES.iter().map(|c| c.to_string()).collect();
    categories.push("synthetic".into());
    let mut features = g.features;
    features.insert("packages with 2 slots", g.pkgs.iter().filter(|p| p.slots.len() > 1).count());
    features.insert("slots with a sub-slot", g.pkgs.iter().flat_map(|p| &p.slots).filter(|s| s.subslot).count());
    features.insert("versions ~amd64 only", g.pkgs.iter().flat_map(|p| &p.slots).flat_map(|s| &s.versions).filter(|v| v.vis == Vis::Unstable).count());
    features.insert("versions in package.mask", g.pkgs.iter().flat_map(|p| &p.slots).flat_map(|s| &s.versions).filter(|v| v.vis == Vis::Masked).count());
    features.insert("packages inheriting eclasses", g.pkgs.iter().filter(|p| !p.inherit.is_empty()).count());
    features.insert("packages with REQUIRED_USE", g.pkgs.iter().filter(|p| p.required_use.is_some()).count());
    Ok(Summary {
        dir: dir.to_path_buf(),
        packages: n,
        ebuilds,
        categories,
        eclasses: ECLASSES.iter().map(|e| e.name.to_string()).collect(),
        target: TARGET.into(),
        leaves,
        expected,
        features,
    })
}

fn put(path: &Path, text: &str) -> Result<()> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    if std::fs::read(path).ok().as_deref() == Some(text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn eclass_text(e: &Eclass, pkgs: &[Package]) -> String {
    let guard = format!("_{}_ECLASS", e.name.to_uppercase().replace('-', "_"));
    let mut s = format!(
        "# Generated by railyard synthrepo.\n# @ECLASS: {name}.eclass\n# @MAINTAINER:\n# nobody@example.invalid\n# @SUPPORTED_EAPIS: 8\n# @BLURB: synthetic eclass {name}\n\n\
         case ${{EAPI}} in\n\t8) ;;\n\t*) die \"${{ECLASS}}: EAPI ${{EAPI}} unsupported\" ;;\nesac\n\n\
         if [[ -z ${{{guard}}} ]]; then\n{guard}=1\n\n",
        name = e.name
    );
    if !e.inherits.is_empty() {
        let _ = writeln!(s, "inherit {}\n", e.inherits.join(" "));
    }
    if e.name == "synth-base" {
        s.push_str("HOMEPAGE=\"https://example.invalid/synthetic\"\nLICENSE=\"MIT\"\nS=\"${WORKDIR}\"\n");
    }
    if !e.iuse.is_empty() {
        let iuse: Vec<String> = e.iuse.iter().map(|(f, on)| format!("{}{f}", if *on { "+" } else { "" })).collect();
        let _ = writeln!(s, "IUSE=\"{}\"", iuse.join(" "));
    }
    let mut by: BTreeMap<Class, Vec<String>> = BTreeMap::new();
    for (c, cond, core, suf) in e.deps {
        let atom = format!("{}{suf}", pkgs[*core].cp());
        by.entry(*c).or_default().push(match cond {
            Some(f) => format!("{f}? ( {atom} )"),
            None => atom,
        });
    }
    for (c, v) in by {
        let _ = writeln!(s, "{}=\"{}\"", c.key(), v.join(" "));
    }
    let _ = write!(
        s,
        "\n{n}_src_install() {{\n\teinfo \"{n}: nothing to install\"\n}}\n\nfi\n\nEXPORT_FUNCTIONS src_install\n",
        n = e.name
    );
    s
}

fn render_list(ds: &[D]) -> String {
    let mut parts = Vec::new();
    for d in ds {
        let mut s = String::new();
        d.render(&mut s);
        parts.push(s);
    }
    parts.join("\n\t")
}

fn write(dir: &Path, g: &Gen, ghosts: &[(String, String, String, Option<String>)], leaves: &[String], seed: u64) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // remove what an earlier generation wrote (keeping metadata/md5-cache), but never
    // anything else
    let name = std::fs::read_to_string(dir.join("profiles/repo_name")).unwrap_or_default();
    if name.trim() != REPO_NAME && std::fs::read_dir(dir)?.next().is_some() {
        anyhow::bail!("{} is not empty and not a synthetic repository: refusing to write into it", dir.display());
    }
    for e in std::fs::read_dir(dir)?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "metadata" {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).with_context(|| format!("removing {}", p.display()))?;
        } else {
            std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
        }
    }
    put(
        &dir.join("metadata/layout.conf"),
        "# Generated by railyard synthrepo.\nmasters = railyard\nthin-manifests = true\nsign-manifests = false\nmanifest-hashes = BLAKE2B SHA512\ncache-formats = md5-dict\n",
    )?;
    put(&dir.join("profiles/repo_name"), &format!("{REPO_NAME}\n"))?;
    let mut cats: Vec<&str> = CATEGORIES.to_vec();
    cats.push("synthetic");
    cats.sort();
    put(&dir.join("profiles/categories"), &(cats.join("\n") + "\n"))?;
    for e in ECLASSES {
        put(&dir.join("eclass").join(format!("{}.eclass", e.name)), &eclass_text(e, &g.pkgs))?;
    }
    let mut mask = format!("# Generated by railyard synthrepo (seed {seed}).\n\n");
    for (cp, pf, kw, m) in ghosts {
        let (cat, pn) = cp.split_once('/').expect("cp");
        let text = format!(
            "# Generated by railyard synthrepo: never visible.\nEAPI=8\n\nDESCRIPTION=\"Unavailable synthetic package {cp}\"\nHOMEPAGE=\"https://example.invalid/synthetic\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nKEYWORDS=\"{kw}\"\nS=\"${{WORKDIR}}\"\n"
        );
        put(&dir.join(cat).join(pn).join(format!("{pf}.ebuild")), &text)?;
        if let Some(m) = m {
            let _ = writeln!(mask, "# ghost: masked\n{m}\n");
        }
    }
    for cp in &g.decoys {
        let (cat, pn) = cp.split_once('/').expect("cp");
        let text = format!(
            "# Generated by railyard synthrepo: visible, but no resolver should need it.\nEAPI=8\n\nDESCRIPTION=\"Decoy synthetic package {cp}\"\nHOMEPAGE=\"https://example.invalid/synthetic\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nKEYWORDS=\"amd64 arm64\"\nS=\"${{WORKDIR}}\"\n"
        );
        put(&dir.join(cat).join(pn).join(format!("{pn}-1.ebuild")), &text)?;
    }
    for (i, p) in g.pkgs.iter().enumerate() {
        for (s, slot) in p.slots.iter().enumerate() {
            for (v, ver) in slot.versions.iter().enumerate() {
                let pf = format!("{}-{}", p.pn, ver.ver.text());
                let mut t = format!("# Generated by railyard synthrepo (seed {seed}): package #{i}.\nEAPI=8\n\n");
                if !p.inherit.is_empty() {
                    let names: Vec<&str> = p.inherit.iter().map(|&e| ECLASSES[e].name).collect();
                    let _ = writeln!(t, "inherit {}\n", names.join(" "));
                }
                let _ = writeln!(t, "DESCRIPTION=\"Synthetic package #{i} ({})\"", p.pn);
                let has_base = {
                    let mut c = Vec::new();
                    p.inherit.iter().for_each(|&e| eclass_closure(e, &mut c));
                    c.iter().any(|&e| ECLASSES[e].name == "synth-base")
                };
                if !has_base {
                    t.push_str("HOMEPAGE=\"https://example.invalid/synthetic\"\nLICENSE=\"MIT\"\n");
                }
                let slot_text = if slot.via_ver_cut {
                    let name = if slot.name == "0" { "0".to_string() } else { "$(ver_cut 1)".to_string() };
                    if slot.subslot {
                        format!("{name}/$(ver_cut 1-2)")
                    } else {
                        name
                    }
                } else {
                    slot.slot_value(&ver.ver)
                };
                let _ = writeln!(t, "SLOT=\"{slot_text}\"");
                let _ = writeln!(t, "KEYWORDS=\"{}\"", ver.keywords);
                if !p.own_iuse.is_empty() {
                    let iuse: Vec<String> = p.own_iuse.iter().map(|(f, on)| format!("{}{f}", if *on { "+" } else { "" })).collect();
                    let _ = writeln!(t, "IUSE=\"{}\"", iuse.join(" "));
                }
                if let Some(r) = &p.required_use {
                    let _ = writeln!(t, "REQUIRED_USE=\"{r}\"");
                }
                let deps = &p.deps[s][v];
                let dep = deps.get(&Class::Depend).map(|d| render_list(d)).unwrap_or_default();
                if !dep.is_empty() {
                    let _ = writeln!(t, "DEPEND=\"{dep}\"");
                }
                let rdep = deps.get(&Class::Rdepend).map(|d| render_list(d)).unwrap_or_default();
                if p.rdepend_includes_depend && !dep.is_empty() {
                    let _ = writeln!(t, "RDEPEND=\"${{DEPEND}}{}\"", if rdep.is_empty() { String::new() } else { format!("\n\t{rdep}") });
                } else if !rdep.is_empty() {
                    let _ = writeln!(t, "RDEPEND=\"{rdep}\"");
                }
                for c in [Class::Bdepend, Class::Pdepend] {
                    if let Some(d) = deps.get(&c) {
                        let _ = writeln!(t, "{}=\"{}\"", c.key(), render_list(d));
                    }
                }
                if !has_base {
                    t.push_str("S=\"${WORKDIR}\"\n");
                }
                put(&dir.join(&p.cat).join(&p.pn).join(format!("{pf}.ebuild")), &t)?;
                if ver.vis == Vis::Masked {
                    let _ = writeln!(mask, "# masked newer version\n={}-{}\n", p.cp(), ver.ver.text());
                }
            }
        }
    }
    put(&dir.join("profiles/package.mask"), &mask)?;
    let all = format!(
        "# Generated by railyard synthrepo (seed {seed}): pulls in every package.\nEAPI=8\n\nDESCRIPTION=\"Every synthetic package\"\nHOMEPAGE=\"https://example.invalid/synthetic\"\nLICENSE=\"metapackage\"\nSLOT=\"0\"\nKEYWORDS=\"amd64 arm64\"\nRDEPEND=\"\n\t{}\n\"\nS=\"${{WORKDIR}}\"\n",
        leaves.join("\n\t")
    );
    put(&dir.join("synthetic/all/all-1.ebuild"), &all)?;
    Ok(())
}
