//! Portage profiles: the board's `make.profile` directory and its parents
//! (`make.defaults`, `package.use`, `package.mask`, `package.unmask`,
//! `package.accept_keywords`, `use.force`, `use.mask`, `package.use.force`,
//! `package.use.mask` and their `use.stable.*` / `package.use.stable.*` variants), plus
//! each repository's `profiles/package.mask` and `profiles/license_groups`. Evaluated the
//! way Portage does for what the planner needs: incremental variables, USE per package
//! (forced and masked flags stacked level by level, the stable variants for ebuilds that
//! are stable), keyword, mask and licence (`ACCEPT_LICENSE` with `@GROUP`s) visibility.

use crate::atom::Atom;
use crate::repo::{Ebuild, Repo};
use crate::version::Version;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Variables whose values stack across profiles (`-x` removes, `-*` clears).
const INCREMENTAL: &[&str] = &[
    "USE",
    "USE_EXPAND",
    "USE_EXPAND_HIDDEN",
    "USE_EXPAND_IMPLICIT",
    "USE_EXPAND_UNPREFIXED",
    "IUSE_IMPLICIT",
    "FEATURES",
    "ACCEPT_KEYWORDS",
    "CONFIG_PROTECT",
    "CONFIG_PROTECT_MASK",
    "PROFILE_ONLY_VARIABLES",
];

/// An atom with settings, and the file it came from (for messages).
#[derive(Debug, Clone)]
pub struct AtomLine {
    /// The atom.
    pub atom: Atom,
    /// Tokens after it (USE flags, keywords).
    pub tokens: Vec<String>,
    /// `file:line`.
    pub origin: String,
}

/// A loaded profile stack.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Profile directories, parents first.
    pub dirs: Vec<PathBuf>,
    /// Final variable values (incremental ones as space-joined token sets).
    pub vars: BTreeMap<String, String>,
    /// USE tokens in order (`flag` / `-flag` / `-*`), including USE_EXPAND-derived flags.
    use_tokens: Vec<String>,
    package_use: Vec<AtomLine>,
    package_mask: Vec<AtomLine>,
    package_unmask: Vec<AtomLine>,
    accept_keywords: Vec<AtomLine>,
    /// Forced flags, level by level (parents first).
    force: Vec<UseLevel>,
    /// Masked flags, level by level.
    mask: Vec<UseLevel>,
    /// `profiles/license_groups` of every repository: group → members (`@GROUP` nests).
    license_groups: BTreeMap<String, Vec<String>>,
    /// `package.provided`: (cat, pn, version) of packages taken as installed.
    provided: Vec<(String, String, Version)>,
    /// Portage's `make.globals` (the layer beneath the profiles), when loaded with
    /// [`Profile::set_globals`].
    globals: BTreeMap<String, String>,
}

/// What Portage's own `make.globals` sets for the variables planning reads, used when no
/// `make.globals` is loaded (the values of Portage 3.0.83's file; resolver unit tests).
const GLOBALS_DEFAULT: [(&str, &str); 2] = [("ACCEPT_PROPERTIES", "*"), ("ACCEPT_RESTRICT", "*")];

/// One profile level's `use.{force,mask}` (or the stable variant) and the
/// `package.use.{force,mask}` lines.
#[derive(Debug, Clone, Default)]
struct UseLevel {
    all: Vec<String>,
    stable: Vec<String>,
    package: Vec<AtomLine>,
    package_stable: Vec<AtomLine>,
}

/// Why an ebuild is not visible.
#[derive(Debug, Clone)]
pub enum Masked {
    /// KEYWORDS not accepted; carries the ebuild's KEYWORDS.
    Keyword(String),
    /// package.mask entry.
    PackageMask(String),
    /// KEYWORDS empty or `-*` only.
    MissingKeyword,
    /// LICENSE not accepted by ACCEPT_LICENSE; carries the licences missing.
    License(String),
    /// PROPERTIES not accepted by ACCEPT_PROPERTIES; carries the properties missing.
    Properties(String),
    /// RESTRICT not accepted by ACCEPT_RESTRICT; carries the tokens missing.
    Restrict(String),
}

impl std::fmt::Display for Masked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Masked::Keyword(k) => write!(f, "masked by: {k} keyword"),
            Masked::PackageMask(o) => write!(f, "masked by: package.mask at {o}"),
            Masked::MissingKeyword => write!(f, "masked by: missing keyword"),
            Masked::License(l) => write!(f, "masked by: {l} license(s) (not in ACCEPT_LICENSE)"),
            Masked::Properties(l) => write!(f, "masked by: {l} properties (not in ACCEPT_PROPERTIES)"),
            Masked::Restrict(l) => write!(f, "masked by: {l} restrict (not in ACCEPT_RESTRICT)"),
        }
    }
}

/// Parses a `make.defaults`-style file: `VAR="value"` / `VAR=value` assignments, `#`
/// comments, values spanning lines inside quotes, `${VAR}`/`$VAR` expanded from `env`.
pub fn parse_make_defaults(text: &str, env: &BTreeMap<String, String>, file: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut local: BTreeMap<String, String> = env.clone();
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let name = &text[start..i];
                if name.is_empty() || i >= b.len() || b[i] != b'=' {
                    bail!("{}:{line}: expected VAR=\"value\"", file.display());
                }
                i += 1;
                let mut val = String::new();
                while i < b.len() && !matches!(b[i], b'\n' | b' ' | b'\t' | b'#') {
                    match b[i] {
                        q @ (b'"' | b'\'') => {
                            i += 1;
                            let s = i;
                            while i < b.len() && b[i] != q {
                                if b[i] == b'\\' && q == b'"' {
                                    i += 1;
                                }
                                if i < b.len() && b[i] == b'\n' {
                                    line += 1;
                                }
                                i += 1;
                            }
                            if i >= b.len() {
                                bail!("{}:{line}: unterminated quote in {name}", file.display());
                            }
                            let raw = &text[s..i];
                            if q == b'"' {
                                val.push_str(&expand(raw, &local));
                            } else {
                                val.push_str(raw);
                            }
                            i += 1;
                        }
                        _ => {
                            let s = i;
                            while i < b.len() && !matches!(b[i], b'\n' | b' ' | b'\t' | b'"' | b'\'' | b'#') {
                                i += 1;
                            }
                            val.push_str(&expand(&text[s..i], &local));
                        }
                    }
                }
                local.insert(name.to_string(), val.clone());
                out.push((name.to_string(), val));
            }
        }
    }
    Ok(out)
}

fn expand(s: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut it = s.char_indices().peekable();
    let b = s.as_bytes();
    while let Some((i, c)) = it.next() {
        if c == '\\' {
            if let Some((_, n)) = it.next() {
                out.push(n);
            }
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let (name, end) = if b.get(i + 1) == Some(&b'{') {
            match s[i + 2..].find('}') {
                Some(e) => (&s[i + 2..i + 2 + e], i + 2 + e + 1),
                None => {
                    out.push(c);
                    continue;
                }
            }
        } else {
            let e = s[i + 1..].find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).map(|e| i + 1 + e).unwrap_or(s.len());
            (&s[i + 1..e], e)
        };
        out.push_str(env.get(name).map(String::as_str).unwrap_or(""));
        while it.peek().is_some_and(|(j, _)| *j < end) {
            it.next();
        }
    }
    out
}

fn apply_incremental(set: &mut Vec<String>, tokens: &str) {
    for t in tokens.split_whitespace() {
        if t == "-*" {
            set.clear();
        } else if let Some(n) = t.strip_prefix('-') {
            // `-python_targets_*` (from PYTHON_TARGETS="-*"): every flag of that prefix
            match n.strip_suffix('*').filter(|p| p.ends_with('_')) {
                Some(prefix) => set.retain(|x| !x.starts_with(prefix)),
                None => set.retain(|x| x != n),
            }
        } else if !set.iter().any(|x| x == t) {
            set.push(t.to_string());
        }
    }
}

/// A profile directory's EAPI (its `eapi` file; "0" without one).
fn profile_eapi(dir: &Path) -> Result<String> {
    Ok(read_lines(&dir.join("eapi"))?.into_iter().next().map(|(_, l)| l).unwrap_or_else(|| "0".into()))
}

/// Whether a profile directory may have `package.provided` (EAPI 0 to 6, PMS 5.2.8).
fn eapi_allows_package_provided(dir: &Path) -> Result<bool> {
    let e = profile_eapi(dir)?;
    Ok(match e.parse::<u32>() {
        Ok(n) => n <= 6,
        // an EAPI Portage does not know: it allows the file (portage.eapi's fallback)
        Err(_) => true,
    })
}

fn read_lines(path: &Path) -> Result<Vec<(usize, String)>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.split('#').next().unwrap_or("").trim().to_string()))
            .filter(|(_, l)| !l.is_empty())
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Appends the atom lines of `path` to `v`; a line `-atom` removes earlier entries of
/// that atom (profile stacking, as Portage does).
fn atom_lines_into(v: &mut Vec<AtomLine>, path: &Path, root: &Path) -> Result<()> {
    for line in atom_lines(path, root)? {
        if line.tokens.first().map(String::as_str) == Some(REMOVE) {
            let text = line.atom.to_string();
            v.retain(|x| x.atom.to_string() != text);
        } else {
            v.push(line);
        }
    }
    Ok(())
}

/// Marks a `-atom` line in [`atom_lines`]' output.
const REMOVE: &str = "\u{0}remove";

fn atom_lines(path: &Path, root: &Path) -> Result<Vec<AtomLine>> {
    let mut v: Vec<AtomLine> = Vec::new();
    for (n, l) in read_lines(path)? {
        let mut it = l.split_whitespace();
        let a = it.next().unwrap_or("");
        if let Some(removed) = a.strip_prefix('-').filter(|r| !r.is_empty()) {
            let atom = Atom::parse(removed).with_context(|| format!("{}:{n}: invalid atom {removed:?}", path.display()))?;
            v.push(AtomLine { atom, tokens: vec![REMOVE.into()], origin: String::new() });
            continue;
        }
        let atom = Atom::parse(a).with_context(|| format!("{}:{n}: invalid atom {a:?}", path.display()))?;
        let rel = path.strip_prefix(root).unwrap_or(path);
        v.push(AtomLine { atom, tokens: it.map(str::to_string).collect(), origin: format!("{}:{n}", rel.display()) });
    }
    Ok(v)
}

/// The tokens an `ACCEPT_*` setting accepts out of `all` (the ones a package names), read in
/// order: `*` accepts all, `-*` none, `-x` takes back, `x` adds; `expand` turns a name into
/// the names it stands for (licence `@GROUP`s; a negated group negates every member).
fn accepted_tokens(setting: &[String], all: &BTreeSet<String>, expand: &dyn Fn(&str) -> Vec<String>) -> BTreeSet<String> {
    let mut accepted = BTreeSet::new();
    for t in setting {
        let (neg, name) = match t.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, t.as_str()),
        };
        for l in expand(name) {
            match (neg, l.as_str()) {
                (false, "*") => accepted.extend(all.iter().cloned()),
                (true, "*") => accepted.clear(),
                (true, _) => {
                    accepted.remove(&l);
                }
                (false, _) => {
                    accepted.insert(l);
                }
            }
        }
    }
    accepted
}

impl Profile {
    /// Loads the profile at `dir` (with its parents) for repositories `repos`; `root` is
    /// only used to shorten file names in messages.
    pub fn load(dir: &Path, repos: &[Repo], root: &Path) -> Result<Self> {
        let mut dirs = Vec::new();
        collect(dir, repos, &mut dirs, 0)?;
        let mut p = Profile { dirs: dirs.clone(), ..Default::default() };
        let mut incr: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut use_tokens = Vec::new();
        for r in repos {
            atom_lines_into(&mut p.package_mask, &r.path.join("profiles/package.mask"), root)?;
            for (_, l) in read_lines(&r.path.join("profiles/license_groups"))? {
                let mut it = l.split_whitespace();
                if let Some(g) = it.next() {
                    p.license_groups.entry(g.to_string()).or_default().extend(it.map(str::to_string));
                }
            }
        }
        // each make.defaults' own assignments, for the USE tokens below
        let mut per_file: Vec<Vec<(String, String)>> = Vec::new();
        for d in &dirs {
            let f = d.join("make.defaults");
            if let Ok(t) = std::fs::read_to_string(&f) {
                let mut pairs = parse_make_defaults(&t, &p.vars, &f)?;
                per_file.push(pairs.clone());
                // the variables USE_EXPAND and USE_EXPAND_UNPREFIXED name are incremental
                // too (PMS 5.3.1): those lists first, so that this file's own additions count
                pairs.sort_by_key(|(k, _)| !matches!(k.as_str(), "USE_EXPAND" | "USE_EXPAND_UNPREFIXED"));
                for (k, v) in pairs {
                    let expand_var = ["USE_EXPAND", "USE_EXPAND_UNPREFIXED"].iter().any(|l| incr.get(*l).is_some_and(|vs| vs.iter().any(|x| x == &k)));
                    if INCREMENTAL.contains(&k.as_str()) || k.starts_with("USE_EXPAND_VALUES_") || expand_var {
                        let e = incr.entry(k.clone()).or_default();
                        apply_incremental(e, &v);
                        p.vars.insert(k, e.join(" "));
                    } else {
                        p.vars.insert(k, v);
                    }
                }
            }
            atom_lines_into(&mut p.package_use, &d.join("package.use"), root)?;
            atom_lines_into(&mut p.package_mask, &d.join("package.mask"), root)?;
            atom_lines_into(&mut p.package_unmask, &d.join("package.unmask"), root)?;
            atom_lines_into(&mut p.accept_keywords, &d.join("package.accept_keywords"), root)?;
            let mut provided = read_lines(&d.join("package.provided"))?;
            if !provided.is_empty() && !eapi_allows_package_provided(d)? {
                // as Portage does: the file is ignored, with a warning
                eprintln!("warning: {}: package.provided is not allowed in EAPI {} profiles (only EAPI 0 to 6): ignored", d.join("package.provided").display(), profile_eapi(d)?);
                provided.clear();
            }
            for (n, l) in provided {
                let f = d.join("package.provided");
                let (cat, pn, v) = crate::atom::split_cpv(&l).with_context(|| format!("{}:{n}: not a cat/pkg-version: {l:?}", f.display()))?;
                p.provided.push((cat, pn, v));
            }
            for (what, levels) in [("force", &mut p.force), ("mask", &mut p.mask)] {
                let tokens = |f: &str| -> Result<Vec<String>> { Ok(read_lines(&d.join(f))?.into_iter().flat_map(|(_, l)| l.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect()) };
                let mut level = UseLevel { all: tokens(&format!("use.{what}"))?, stable: tokens(&format!("use.stable.{what}"))?, ..Default::default() };
                atom_lines_into(&mut level.package, &d.join(format!("package.use.{what}")), root)?;
                atom_lines_into(&mut level.package_stable, &d.join(format!("package.use.stable.{what}")), root)?;
                levels.push(level);
            }
        }
        // USE_EXPAND variables become flags (ELIBC=glibc -> elibc_glibc, ARCH -> amd64) file
        // by file, before that file's USE, as Portage's config does: so `-strict` in a
        // sub-profile's SELINUX_POLICY_TYPES turns selinux_policy_types_strict off, even
        // against an IUSE default, and the variables stack incrementally as USE does.
        let list = |k: &str| p.vars.get(k).map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>()).unwrap_or_default();
        let (expand, unprefixed) = (list("USE_EXPAND"), list("USE_EXPAND_UNPREFIXED"));
        for pairs in &per_file {
            let own = |k: &str| pairs.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            for var in &unprefixed {
                if let Some(v) = own(var) {
                    use_tokens.extend(v.split_whitespace().map(str::to_string));
                }
            }
            for var in expand.iter().filter(|v| p.vars.contains_key(v.as_str())) {
                let Some(v) = own(var) else { continue };
                let prefix = var.to_lowercase();
                for x in v.split_whitespace() {
                    use_tokens.push(match x.strip_prefix('-') {
                        Some(x) => format!("-{prefix}_{x}"),
                        None => format!("{prefix}_{x}"),
                    });
                }
            }
            if let Some(v) = own("USE") {
                use_tokens.extend(v.split_whitespace().map(str::to_string));
            }
        }
        p.use_tokens = use_tokens;
        Ok(p)
    }

    /// The `package.provided` entry (`cat/pkg-version`) that satisfies `a`, if any: such a
    /// package counts as installed and is never planned (Portage matches it without slot
    /// or USE information).
    pub fn provided(&self, a: &Atom) -> Option<String> {
        // an entry has no slot: a slot dependency (`llvm-core/clang:21`) matches it whatever
        // the slot, as Portage's match_from_list does for a version string without one
        let slot = a.slot.as_ref().and_then(|s| s.slot.clone()).unwrap_or_else(|| "0".into());
        let subslot = a.slot.as_ref().and_then(|s| s.subslot.clone()).unwrap_or_else(|| slot.clone());
        self.provided.iter().find(|(c, p, v)| a.matches(c, p, v, &slot, &subslot, "")).map(|(c, p, v)| format!("{c}/{p}-{v}"))
    }

    /// A variable's final value.
    pub fn var(&self, k: &str) -> &str {
        self.vars.get(k).map(String::as_str).unwrap_or("")
    }

    /// Why `e` is masked, if it is.
    pub fn masked(&self, e: &Ebuild, repo: &str) -> Option<Masked> {
        let matches = |l: &AtomLine| l.atom.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo);
        if let Some(m) = self.package_mask.iter().rev().find(|l| matches(l)) {
            if !self.package_unmask.iter().any(matches) {
                return Some(Masked::PackageMask(m.origin.clone()));
            }
        }
        let kw: Vec<&str> = e.meta.get("KEYWORDS").split_whitespace().collect();
        let accepted = self.accepted_keywords(e, repo);
        if !keywords_visible(&kw, &accepted) {
            let arch = self.var("ARCH");
            let relevant = kw.iter().find(|k| k.trim_start_matches('~') == arch).map(|k| k.to_string());
            return Some(match relevant {
                Some(k) => Masked::Keyword(k),
                None => Masked::MissingKeyword,
            });
        }
        let missing = self.licenses_missing(e, repo);
        if !missing.is_empty() {
            return Some(Masked::License(missing.join(" ")));
        }
        let missing = self.tokens_missing(e, repo, "PROPERTIES");
        if !missing.is_empty() {
            return Some(Masked::Properties(missing.join(" ")));
        }
        let missing = self.tokens_missing(e, repo, "RESTRICT");
        if !missing.is_empty() {
            return Some(Masked::Restrict(missing.join(" ")));
        }
        None
    }

    /// Loads Portage's `make.globals` as the layer beneath the profiles (Portage reads it
    /// first: `share/portage/config/make.globals` of its prefix). A missing file leaves
    /// the built-in values of [`GLOBALS_DEFAULT`].
    pub fn set_globals(&mut self, file: &Path) -> Result<()> {
        match std::fs::read_to_string(file) {
            Ok(t) => {
                self.globals = parse_make_defaults(&t, &BTreeMap::new(), file)?.into_iter().collect();
                // Portage's `default_globals`, set when the file does not
                self.globals.entry("ACCEPT_PROPERTIES".into()).or_insert_with(|| "*".into());
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).with_context(|| format!("reading {}", file.display())),
        }
    }

    /// An `ACCEPT_*` setting as Portage stacks it: the tokens of `make.globals`, then the
    /// profiles' value (the last profile that sets it), cut at the last `*` or `-*`
    /// (`prune_incremental`). Without a loaded `make.globals`, [`GLOBALS_DEFAULT`] stands in.
    fn accept_setting(&self, var: &str) -> Vec<String> {
        let base = match self.globals.get(var) {
            Some(v) => v.as_str(),
            None if self.globals.is_empty() => GLOBALS_DEFAULT.iter().find(|(k, _)| *k == var).map_or("", |(_, v)| v),
            None => "",
        };
        let mut tokens: Vec<String> = base.split_whitespace().chain(self.var(var).split_whitespace()).map(str::to_string).collect();
        if let Some(i) = tokens.iter().rposition(|t| t == "*" || t == "-*") {
            tokens.drain(..i);
        }
        tokens
    }

    /// The PROPERTIES or RESTRICT tokens of `e` (USE conditionals evaluated) that
    /// ACCEPT_PROPERTIES / ACCEPT_RESTRICT do not accept: as Portage, `*` accepts every
    /// token the package names, `-*` none, `-x` takes one back, `x` adds one.
    pub fn tokens_missing(&self, e: &Ebuild, repo: &str, var: &str) -> Vec<String> {
        let text = e.meta.get(var);
        if text.trim().is_empty() {
            return Vec::new();
        }
        let Ok(nodes) = crate::depend::parse_strings(text) else {
            return vec![format!("(unparsable {var} {text:?})")];
        };
        let all: BTreeSet<String> = crate::depend::all_leaves(&nodes).into_iter().collect();
        let accepted = accepted_tokens(&self.accept_setting(&format!("ACCEPT_{var}")), &all, &|name| vec![name.to_string()]);
        let on = if text.contains('?') { self.use_flags(e, repo) } else { BTreeSet::new() };
        let reduced = crate::depend::reduce(&nodes, &|f| on.contains(f));
        let mut missing: Vec<String> = crate::depend::all_leaves(&reduced).into_iter().filter(|t| !accepted.contains(t)).collect();
        missing.dedup();
        missing
    }

    /// ACCEPT_KEYWORDS for `e`: the profile's, with its package.accept_keywords lines (a
    /// line without keywords accepts `~ARCH`).
    fn accepted_keywords(&self, e: &Ebuild, repo: &str) -> Vec<String> {
        let mut accepted: Vec<String> = self.var("ACCEPT_KEYWORDS").split_whitespace().map(str::to_string).collect();
        let arch = self.var("ARCH");
        for l in self.accept_keywords.iter().filter(|l| l.atom.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo)) {
            if l.tokens.is_empty() {
                accepted.push(format!("~{arch}"));
            } else {
                apply_incremental(&mut accepted, &l.tokens.join(" "));
            }
        }
        accepted
    }

    /// Whether `e` counts as stable for `use.stable.*` (Portage's rule): it is visible with
    /// its keywords, and would not be if every keyword were its `~` variant.
    pub fn is_stable(&self, e: &Ebuild, repo: &str) -> bool {
        let kw: Vec<&str> = e.meta.get("KEYWORDS").split_whitespace().collect();
        let accepted = self.accepted_keywords(e, repo);
        if !keywords_visible(&kw, &accepted) {
            return false;
        }
        let unstable: Vec<String> = kw.iter().map(|k| if k.starts_with('~') || k.starts_with('-') { k.to_string() } else { format!("~{k}") }).collect();
        let unstable: Vec<&str> = unstable.iter().map(String::as_str).collect();
        !keywords_visible(&unstable, &accepted)
    }

    /// The licences of `e`'s LICENSE (its USE conditionals evaluated, a `||` satisfied by
    /// any accepted member) that ACCEPT_LICENSE does not accept. As Portage: `make.globals`'
    /// value, then the profile stack's last ACCEPT_LICENSE (it is not incremental between
    /// profiles), cut at the last `*`/`-*` (Portage's default `* -@EULA` when that leaves
    /// nothing), `@GROUP`s from `profiles/license_groups`
    /// expanded (a negated group negates its members), then read in order: `*` accepts
    /// every licence of the package, `-*` none, `-x` takes one back.
    pub fn licenses_missing(&self, e: &Ebuild, repo: &str) -> Vec<String> {
        let text = e.meta.get("LICENSE");
        if text.trim().is_empty() {
            return Vec::new();
        }
        let Ok(nodes) = crate::depend::parse_strings(text) else {
            return vec![format!("(unparsable LICENSE {text:?})")];
        };
        let all: BTreeSet<String> = crate::depend::all_leaves(&nodes).into_iter().collect();
        let mut setting = self.accept_setting("ACCEPT_LICENSE");
        if setting.is_empty() {
            setting = vec!["*".into(), "-@EULA".into()];
        }
        let accepted = accepted_tokens(&setting, &all, &|name| self.expand_license_group(name, 0));
        let on = if text.contains('?') { self.use_flags(e, repo) } else { BTreeSet::new() };
        let reduced = crate::depend::reduce(&nodes, &|f| on.contains(f));
        let mut missing = Vec::new();
        for n in &reduced {
            match n {
                crate::depend::Node::Leaf(l) if !accepted.contains(l) => missing.push(l.clone()),
                crate::depend::Node::AnyOf(alts) => {
                    let leaves = |a: &crate::depend::Node<String>| crate::depend::all_leaves(std::slice::from_ref(a));
                    if !alts.iter().any(|a| leaves(a).iter().all(|l| accepted.contains(l))) {
                        missing.extend(alts.iter().flat_map(leaves));
                    }
                }
                _ => {}
            }
        }
        missing
    }

    fn expand_license_group(&self, name: &str, depth: usize) -> Vec<String> {
        match name.strip_prefix('@') {
            Some(g) if depth < 16 => self.license_groups.get(g).map(|m| m.iter().flat_map(|x| self.expand_license_group(x, depth + 1)).collect()).unwrap_or_default(),
            Some(_) => Vec::new(),
            None => vec![name.to_string()],
        }
    }

    /// The forced (`mask` false) or masked flags for `e`: every profile level's
    /// `use.X`, `use.stable.X` (stable ebuilds), `package.use.X` and
    /// `package.use.stable.X` lines that match, stacked in that order (`-flag` undoes).
    fn use_stack(&self, e: &Ebuild, repo: &str, mask: bool) -> BTreeSet<String> {
        let levels = if mask { &self.mask } else { &self.force };
        let stable = levels.iter().any(|l| !l.stable.is_empty() || !l.package_stable.is_empty()) && self.is_stable(e, repo);
        let matches = |l: &&AtomLine| l.atom.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo);
        let mut set: Vec<String> = Vec::new();
        for l in levels {
            apply_incremental(&mut set, &l.all.join(" "));
            if stable {
                apply_incremental(&mut set, &l.stable.join(" "));
            }
            for a in l.package.iter().filter(matches) {
                apply_incremental(&mut set, &a.tokens.join(" "));
            }
            if stable {
                for a in l.package_stable.iter().filter(matches) {
                    apply_incremental(&mut set, &a.tokens.join(" "));
                }
            }
        }
        set.into_iter().collect()
    }

    /// IUSE_EFFECTIVE of `e`: its IUSE plus the implicit flags of the profile.
    pub fn iuse_effective(&self, e: &Ebuild) -> BTreeSet<String> {
        let mut effective: BTreeSet<String> = e.meta.get("IUSE").split_whitespace().map(|f| f.trim_start_matches(['+', '-']).to_string()).collect();
        for f in self.var("IUSE_IMPLICIT").split_whitespace() {
            effective.insert(f.to_string());
        }
        let unprefixed: Vec<&str> = self.var("USE_EXPAND_UNPREFIXED").split_whitespace().collect();
        for var in self.var("USE_EXPAND_IMPLICIT").split_whitespace() {
            for v in self.var(&format!("USE_EXPAND_VALUES_{var}")).split_whitespace() {
                effective.insert(if unprefixed.contains(&var) { v.to_string() } else { format!("{}_{v}", var.to_lowercase()) });
            }
        }
        effective
    }

    /// This profile with `lines` (atom, USE tokens) as a last `package.use` layer (as
    /// `/etc/portage/package.use` is), `origin` naming where they come from.
    pub fn with_package_use<'a>(&self, lines: impl IntoIterator<Item = (&'a str, Vec<String>)>, origin: &str) -> Result<Profile> {
        let mut p = self.clone();
        for (a, tokens) in lines {
            let atom = Atom::parse(a).with_context(|| format!("{origin}: invalid atom {a:?}"))?;
            p.package_use.push(AtomLine { atom, tokens, origin: origin.to_string() });
        }
        Ok(p)
    }

    /// The flags that are on for `e` (restricted to IUSE and the implicit flags).
    pub fn use_flags(&self, e: &Ebuild, repo: &str) -> BTreeSet<String> {
        let iuse_raw: Vec<&str> = e.meta.get("IUSE").split_whitespace().collect();
        let effective = self.iuse_effective(e);
        let mut on: Vec<String> = iuse_raw.iter().filter_map(|f| f.strip_prefix('+')).map(str::to_string).collect();
        let mut tokens: Vec<String> = self.use_tokens.clone();
        for l in self.package_use.iter().filter(|l| l.atom.matches(&e.cat, &e.pn, &e.version, e.slot(), e.subslot(), repo)) {
            tokens.extend(l.tokens.iter().cloned());
        }
        apply_incremental(&mut on, &tokens.join(" "));
        let mut set: BTreeSet<String> = on.into_iter().collect();
        set.extend(self.use_stack(e, repo, false));
        for m in self.use_stack(e, repo, true) {
            set.remove(&m);
        }
        set.retain(|f| effective.contains(f));
        set
    }
}

/// Whether an ebuild with keywords `kw` is visible under the accepted keywords (Portage's
/// rules: an accepted keyword; `*` / `~*` in KEYWORDS; `*` accepting any stable and `~*`
/// any testing keyword; `**` accepting everything, an ebuild without KEYWORDS too).
fn keywords_visible(kw: &[&str], accepted: &[String]) -> bool {
    let has = |x: &str| accepted.iter().any(|a| a == x);
    if has("**") {
        return true;
    }
    let (mut stable, mut testing) = (false, false);
    for k in kw {
        if *k == "*" || has(k) || (*k == "~*" && accepted.iter().any(|a| a.starts_with('~'))) {
            return true;
        }
        if k.starts_with('~') {
            testing = true;
        } else if !k.starts_with('-') {
            stable = true;
        }
    }
    (testing && has("~*")) || (stable && has("*"))
}

fn collect(dir: &Path, repos: &[Repo], out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > 32 {
        bail!("{}: profile parents nest too deep (a cycle?)", dir.display());
    }
    let dir = std::fs::canonicalize(dir).with_context(|| format!("profile directory {} does not exist", dir.display()))?;
    for (n, l) in read_lines(&dir.join("parent"))? {
        let parent = match l.split_once(':') {
            // `:path`: the profiles directory of the repository this profile is in (Portage's
            // LocationsManager._expand_parent_colon)
            Some(("", rel)) => {
                let own = repos
                    .iter()
                    .filter_map(|r| std::fs::canonicalize(r.path.join("profiles")).ok())
                    .filter(|p| dir.starts_with(p))
                    .max_by_key(|p| p.as_os_str().len())
                    .with_context(|| format!("{}:{n}: {l:?} names a path in this profile's own repository, but {} is in no configured repository's profiles directory", dir.join("parent").display(), dir.display()))?;
                own.join(rel.trim_start_matches('/'))
            }
            Some((repo, rel)) => {
                let r = repos
                    .iter()
                    .find(|r| r.name == repo)
                    .with_context(|| format!("{}:{n}: repository {repo:?} is not configured", dir.join("parent").display()))?;
                r.path.join("profiles").join(rel)
            }
            None => dir.join(&l),
        };
        collect(&parent, repos, out, depth + 1).with_context(|| format!("parent of profile {}", dir.display()))?;
    }
    if !out.contains(&dir) {
        out.push(dir);
    }
    Ok(())
}

/// Highest-first order helper for candidate lists.
pub fn newest_first(a: &(Version, usize), b: &(Version, usize)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then(b.1.cmp(&a.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::Metadata;

    fn ebuild(cpv: (&str, &str, &str), meta: &[(&str, &str)]) -> Ebuild {
        Ebuild {
            cat: cpv.0.into(),
            pn: cpv.1.into(),
            version: Version::parse(cpv.2).unwrap(),
            repo: 0,
            path: PathBuf::new(),
            sha256: String::new(),
            meta: Metadata(meta.iter().map(|(k, v)| (k.to_string(), v.to_string())).chain([("SLOT".to_string(), "0".to_string())]).collect()),
        }
    }

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (f, t) in files {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, t).unwrap();
        }
    }

    /// A repository with licence groups and a two-level profile (`base`, then `board`).
    fn setup(board_files: &[(&str, &str)]) -> (tempfile::TempDir, Profile) {
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        write(
            &repo,
            &[
                ("profiles/repo_name", "test\n"),
                ("profiles/license_groups", "FREE GPL-2 @OSI\nOSI MIT BSD\n"),
                ("profiles/base/make.defaults", "ARCH=\"amd64\"\nACCEPT_KEYWORDS=\"amd64\"\nUSE=\"a m1 sm m2 sf\"\nACCEPT_LICENSE=\"-* @FREE\"\n"),
                ("profiles/base/use.force", "f1\n"),
                ("profiles/base/use.mask", "m1\n"),
                ("profiles/base/use.stable.mask", "sm\n"),
                ("profiles/base/package.use.mask", "cat/pkg m2\n"),
                ("profiles/base/package.use.stable.force", "cat/pkg sf2\n"),
                ("profiles/board/parent", "test:base\n"),
            ],
        );
        write(&repo.join("profiles/board"), board_files);
        let repos = vec![Repo { name: "test".into(), path: repo.clone(), masters: Vec::new() }];
        let p = Profile::load(&repo.join("profiles/board"), &repos, t.path()).unwrap();
        (t, p)
    }

    const IUSE: (&str, &str) = ("IUSE", "a f1 m1 sm m2 sf sf2");

    #[test]
    fn use_force_and_mask_stack_by_level_with_stable_variants() {
        // the board level unmasks m1 (use.mask -m1) and, for cat/pkg, m2 (package.use.mask
        // -m2): a later level undoes an earlier one
        let (_t, p) = setup(&[("use.mask", "-m1\n"), ("package.use.mask", "cat/pkg -m2\n")]);
        let stable = ebuild(("cat", "pkg", "1"), &[("KEYWORDS", "amd64"), IUSE, ("LICENSE", "GPL-2")]);
        assert!(p.is_stable(&stable, "test"));
        let on = p.use_flags(&stable, "test");
        let on: Vec<&str> = on.iter().map(String::as_str).collect();
        // f1 forced, m1 and m2 unmasked, sm masked (stable), sf2 forced (stable)
        assert_eq!(on, ["a", "f1", "m1", "m2", "sf", "sf2"]);

        // the same package in testing (accepted through package.accept_keywords): no stable
        // variants
        let (_t, p) = setup(&[("package.accept_keywords", "=cat/pkg-2\n")]);
        let testing = ebuild(("cat", "pkg", "2"), &[("KEYWORDS", "~amd64"), IUSE, ("LICENSE", "GPL-2")]);
        assert!(p.masked(&testing, "test").is_none());
        assert!(!p.is_stable(&testing, "test"));
        let on = p.use_flags(&testing, "test");
        let on: Vec<&str> = on.iter().map(String::as_str).collect();
        assert_eq!(on, ["a", "f1", "sf", "sm"]);
        // package.use.mask on another package does not apply
        let other = ebuild(("cat", "other", "1"), &[("KEYWORDS", "amd64"), IUSE, ("LICENSE", "MIT")]);
        assert!(p.use_flags(&other, "test").contains("m2"));
    }

    #[test]
    fn use_expand_variables_stack_across_profiles() {
        let (_t, p) = setup(&[("make.defaults", "USE_EXPAND=\"PYTHON_TARGETS\"\nPYTHON_TARGETS=\"python3_10 python3_11\"\n")]);
        let iuse = ("IUSE", "python_targets_python3_10 python_targets_python3_11 python_targets_python3_12");
        let e = ebuild(("cat", "py", "1"), &[("KEYWORDS", "amd64"), iuse, ("LICENSE", "MIT")]);
        assert_eq!(p.use_flags(&e, "test").into_iter().collect::<Vec<_>>(), ["python_targets_python3_10", "python_targets_python3_11"]);
        // a child profile takes one away and adds another: incremental, not replaced
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        write(
            &repo,
            &[
                ("profiles/repo_name", "test\n"),
                ("profiles/base/make.defaults", "ARCH=\"amd64\"\nACCEPT_KEYWORDS=\"amd64\"\nUSE_EXPAND=\"PYTHON_TARGETS\"\nPYTHON_TARGETS=\"python3_10 python3_11\"\n"),
                ("profiles/child/parent", "../base\n"),
                ("profiles/child/make.defaults", "PYTHON_TARGETS=\"-python3_10 python3_12\"\n"),
                ("profiles/reset/parent", "../child\n"),
                ("profiles/reset/make.defaults", "PYTHON_TARGETS=\"-* python3_11\"\n"),
            ],
        );
        let repos = vec![Repo { name: "test".into(), path: repo.clone(), masters: Vec::new() }];
        let child = Profile::load(&repo.join("profiles/child"), &repos, t.path()).unwrap();
        assert_eq!(child.var("PYTHON_TARGETS"), "python3_11 python3_12");
        assert_eq!(child.use_flags(&e, "test").into_iter().collect::<Vec<_>>(), ["python_targets_python3_11", "python_targets_python3_12"]);
        let reset = Profile::load(&repo.join("profiles/reset"), &repos, t.path()).unwrap();
        assert_eq!(reset.use_flags(&e, "test").into_iter().collect::<Vec<_>>(), ["python_targets_python3_11"]);
    }

    #[test]
    fn a_minus_in_a_use_expand_variable_turns_the_flag_off_even_against_an_iuse_default() {
        // Flatcar's coreos/base: SELINUX_POLICY_TYPES="-strict targeted mcs mls" over
        // features/selinux' "strict targeted mcs mls"; selinux-base has +…_strict in IUSE
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        write(
            &repo,
            &[
                ("profiles/repo_name", "test\n"),
                ("profiles/base/make.defaults", "ARCH=\"amd64\"\nACCEPT_KEYWORDS=\"amd64\"\nUSE_EXPAND=\"SELINUX_POLICY_TYPES\"\nSELINUX_POLICY_TYPES=\"strict targeted\"\n"),
                ("profiles/child/parent", "../base\n"),
                ("profiles/child/make.defaults", "SELINUX_POLICY_TYPES=\"-strict targeted mcs\"\n"),
            ],
        );
        let repos = vec![Repo { name: "test".into(), path: repo.clone(), masters: Vec::new() }];
        let iuse = ("IUSE", "+selinux_policy_types_targeted +selinux_policy_types_strict selinux_policy_types_mcs");
        let e = ebuild(("sec-policy", "selinux-base", "1"), &[("KEYWORDS", "amd64"), iuse, ("LICENSE", "MIT")]);
        let child = Profile::load(&repo.join("profiles/child"), &repos, t.path()).unwrap();
        assert_eq!(child.use_flags(&e, "test").into_iter().collect::<Vec<_>>(), ["selinux_policy_types_mcs", "selinux_policy_types_targeted"]);
        let base = Profile::load(&repo.join("profiles/base"), &repos, t.path()).unwrap();
        assert!(base.use_flags(&e, "test").contains("selinux_policy_types_strict"));
    }

    #[test]
    fn package_provided_counts_only_in_profiles_of_eapi_6_or_older() {
        let t = tempfile::tempdir().unwrap();
        let repo = t.path().join("repo");
        write(
            &repo,
            &[
                ("profiles/repo_name", "test\n"),
                ("profiles/old/eapi", "5\n"),
                ("profiles/old/make.defaults", "ARCH=\"amd64\"\n"),
                ("profiles/old/package.provided", "dev-build/meson-1.0.1\n"),
                ("profiles/new/parent", "../old\n"),
                ("profiles/new/eapi", "8\n"),
                ("profiles/new/package.provided", "dev-build/ninja-1.11.1\n"),
            ],
        );
        let repos = vec![Repo { name: "test".into(), path: repo.clone(), masters: Vec::new() }];
        let p = Profile::load(&repo.join("profiles/new"), &repos, t.path()).unwrap();
        let atom = |s: &str| Atom::parse(s).unwrap();
        assert_eq!(p.provided(&atom("dev-build/meson")).as_deref(), Some("dev-build/meson-1.0.1"));
        assert!(p.provided(&atom("dev-build/ninja")).is_none(), "EAPI 8 profile's package.provided is ignored, as by Portage");
    }

    #[test]
    fn a_colon_parent_is_a_path_in_the_profiles_own_repository() {
        // Flatcar's coreos-overlay: `:coreos/base` next to `portage-stable:default/…`
        let t = tempfile::tempdir().unwrap();
        let (master, vendor) = (t.path().join("master"), t.path().join("vendor"));
        write(&master, &[("profiles/repo_name", "master\n"), ("profiles/default/make.defaults", "ARCH=\"amd64\"\nUSE=\"m\"\n")]);
        write(
            &vendor,
            &[
                ("profiles/repo_name", "vendor\n"),
                ("metadata/layout.conf", "masters = master\nprofile-formats = portage-2\n"),
                ("profiles/base/make.defaults", "USE=\"b\"\n"),
                ("profiles/board/parent", "master:default\n:base\n"),
                ("profiles/board/make.defaults", "USE=\"c\"\n"),
            ],
        );
        let repos = vec![Repo { name: "master".into(), path: master.clone(), masters: Vec::new() }, Repo { name: "vendor".into(), path: vendor.clone(), masters: vec!["master".into()] }];
        let p = Profile::load(&vendor.join("profiles/board"), &repos, t.path()).unwrap();
        assert_eq!(p.var("USE"), "m b c");
        // a profile outside every configured repository cannot use the form
        let stray = t.path().join("stray");
        write(&stray, &[("parent", ":base\n")]);
        let e = format!("{:#}", Profile::load(&stray, &repos, t.path()).unwrap_err());
        assert!(e.contains("in no configured repository"), "{e}");
    }

    #[test]
    fn package_provided_satisfies_slot_dependencies_whatever_the_slot() {
        // Flatcar's coreos/base: llvm-core/clang-9999 stands for thin-provisioning-tools'
        // `llvm_slot_21? ( llvm-core/clang:21 )`
        let (_t, p) = setup(&[("package.provided", "llvm-core/clang-9999\n")]);
        let atom = |s: &str| Atom::parse(s).unwrap();
        assert_eq!(p.provided(&atom("llvm-core/clang:21")).as_deref(), Some("llvm-core/clang-9999"));
        assert_eq!(p.provided(&atom("llvm-core/clang:21/21.1")).as_deref(), Some("llvm-core/clang-9999"));
        assert_eq!(p.provided(&atom(">=llvm-core/clang-18:*")).as_deref(), Some("llvm-core/clang-9999"));
        assert!(p.provided(&atom("<llvm-core/clang-9999:21")).is_none(), "the version still counts");
        assert!(p.provided(&atom("llvm-core/llvm:21")).is_none());
    }

    #[test]
    fn keywords_follow_portage_including_double_star() {
        let (_t, p) = setup(&[("package.accept_keywords", "cat/live **\ncat/any\n")]);
        let live = ebuild(("cat", "live", "9999"), &[("KEYWORDS", ""), ("LICENSE", "MIT")]);
        assert!(p.masked(&live, "test").is_none(), "** unmasks an ebuild without KEYWORDS");
        let no_kw = ebuild(("cat", "other", "9999"), &[("KEYWORDS", ""), ("LICENSE", "MIT")]);
        assert!(matches!(p.masked(&no_kw, "test"), Some(Masked::MissingKeyword)));
        let testing = ebuild(("cat", "any", "1"), &[("KEYWORDS", "~amd64"), ("LICENSE", "MIT")]);
        assert!(p.masked(&testing, "test").is_none(), "a bare package.accept_keywords line accepts ~ARCH");
        let arm = ebuild(("cat", "arm", "1"), &[("KEYWORDS", "~arm64 -amd64"), ("LICENSE", "MIT")]);
        assert!(p.masked(&arm, "test").is_some());
        let star = ebuild(("cat", "star", "1"), &[("KEYWORDS", "*"), ("LICENSE", "MIT")]);
        assert!(p.masked(&star, "test").is_none());
    }

    #[test]
    fn accept_properties_and_restrict_stack_make_globals_beneath_the_profiles() {
        let eb = |var: &str, v: &str| ebuild(("cat", "p", "1"), &[("KEYWORDS", "amd64"), (var, v), ("IUSE", "a foo")]);
        // the board profile's make.defaults, with a make.globals beneath it
        let with_globals = |defaults: &str, globals: &str| {
            let (t, mut p) = setup(&[("make.defaults", defaults)]);
            let f = t.path().join("make.globals");
            std::fs::write(&f, globals).unwrap();
            p.set_globals(&f).unwrap();
            (t, p)
        };
        // without make.globals: Portage's own "*" for both
        let (_t, p) = setup(&[]);
        assert!(p.masked(&eb("PROPERTIES", "interactive live"), "test").is_none());
        assert!(p.masked(&eb("RESTRICT", "fetch mirror"), "test").is_none());
        // make.globals accepts everything, the profile takes `interactive` and `fetch` back
        let (_t, p) = with_globals("ACCEPT_PROPERTIES=\"-interactive\"\nACCEPT_RESTRICT=\"-fetch\"\n", "# Portage's\nACCEPT_PROPERTIES=\"*\"\nACCEPT_RESTRICT=\"*\"\nFEATURES=\"sandbox\"\n");
        assert!(p.masked(&eb("PROPERTIES", "live"), "test").is_none());
        assert!(matches!(p.masked(&eb("PROPERTIES", "live interactive"), "test"), Some(Masked::Properties(x)) if x == "interactive"));
        assert!(matches!(p.masked(&eb("RESTRICT", "mirror fetch"), "test"), Some(Masked::Restrict(x)) if x == "fetch"));
        // USE conditionals: flag a is on in base's USE, foo is not
        assert!(matches!(p.masked(&eb("PROPERTIES", "a? ( interactive )"), "test"), Some(Masked::Properties(_))));
        assert!(p.masked(&eb("PROPERTIES", "foo? ( interactive )"), "test").is_none());
        // a profile's "-*" cuts make.globals' "*" off: only what it names is accepted
        let (_t, p) = with_globals("ACCEPT_RESTRICT=\"-* mirror\"\n", "ACCEPT_RESTRICT=\"*\"\n");
        assert!(p.masked(&eb("RESTRICT", "mirror"), "test").is_none());
        assert!(matches!(p.masked(&eb("RESTRICT", "mirror strip"), "test"), Some(Masked::Restrict(x)) if x == "strip"));
        // a make.globals without them: ACCEPT_PROPERTIES is still "*" (Portage's
        // default_globals), ACCEPT_RESTRICT has nothing
        let (_t, p) = with_globals("", "FEATURES=\"sandbox\"\n");
        assert!(p.masked(&eb("PROPERTIES", "live"), "test").is_none());
        assert!(matches!(p.masked(&eb("RESTRICT", "strip"), "test"), Some(Masked::Restrict(x)) if x == "strip"));
        // and make.globals' ACCEPT_LICENSE lies beneath the profile's
        let (_t, p) = with_globals("ACCEPT_LICENSE=\"\"\n", "ACCEPT_LICENSE=\"-* MIT\"\n");
        assert!(p.masked(&eb("LICENSE", "MIT"), "test").is_none());
        assert!(matches!(p.masked(&eb("LICENSE", "GPL-2"), "test"), Some(Masked::License(_))));
    }

    #[test]
    fn accept_license_with_groups_masks_what_it_does_not_accept() {
        let (_t, p) = setup(&[]);
        let ok = |lic: &str| p.masked(&ebuild(("cat", "l", "1"), &[("KEYWORDS", "amd64"), ("LICENSE", lic), ("IUSE", "foo")]), "test");
        // @FREE holds GPL-2 and, nested, @OSI's MIT and BSD
        assert!(ok("GPL-2").is_none());
        assert!(ok("MIT BSD").is_none());
        assert!(ok("|| ( EULA MIT )").is_none(), "one accepted member satisfies ||");
        assert!(ok("foo? ( EULA ) GPL-2").is_none(), "a conditional on a disabled flag does not count");
        assert!(matches!(ok("GPL-2 EULA"), Some(Masked::License(l)) if l == "EULA"));
        assert!(matches!(ok("|| ( EULA Other )"), Some(Masked::License(l)) if l == "EULA Other"));
        // the board's ACCEPT_LICENSE replaces base's (not incremental between profiles):
        // @FREE, EULA on top, BSD taken back
        let (_t, p) = setup(&[("make.defaults", "ACCEPT_LICENSE=\"-* @FREE EULA -BSD\"\n")]);
        let m = |lic: &str| p.masked(&ebuild(("cat", "l", "1"), &[("KEYWORDS", "amd64"), ("LICENSE", lic)]), "test");
        assert!(m("EULA MIT").is_none());
        assert!(matches!(m("BSD"), Some(Masked::License(_))));
        // without ACCEPT_LICENSE anywhere: Portage's default, everything but @EULA
        let (_t, p) = setup(&[("make.defaults", "ACCEPT_LICENSE=\"\"\n")]);
        assert!(p.masked(&ebuild(("cat", "l", "1"), &[("KEYWORDS", "amd64"), ("LICENSE", "Anything")]), "test").is_none());
        // "*" accepts everything but what is removed after it
        let (_t, p) = setup(&[("make.defaults", "ACCEPT_LICENSE=\"* -EULA\"\n")]);
        let m = |lic: &str| p.masked(&ebuild(("cat", "l", "1"), &[("KEYWORDS", "amd64"), ("LICENSE", lic)]), "test");
        assert!(m("Anything-1.0").is_none());
        assert!(matches!(m("EULA"), Some(Masked::License(_))));
    }
}
