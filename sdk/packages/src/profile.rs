//! Portage profiles: the board's `make.profile` directory and its parents
//! (`make.defaults`, `package.use`, `package.mask`, `package.unmask`,
//! `package.accept_keywords`, `use.force`, `use.mask`), plus each repository's
//! `profiles/package.mask`. Evaluated the way Portage does for what the planner needs:
//! incremental variables, USE per package, keyword and mask visibility.

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
    "ACCEPT_LICENSE",
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
    use_force: BTreeSet<String>,
    use_mask: BTreeSet<String>,
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
}

impl std::fmt::Display for Masked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Masked::Keyword(k) => write!(f, "masked by: {k} keyword"),
            Masked::PackageMask(o) => write!(f, "masked by: package.mask at {o}"),
            Masked::MissingKeyword => write!(f, "masked by: missing keyword"),
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
            set.retain(|x| x != n);
        } else if !set.iter().any(|x| x == t) {
            set.push(t.to_string());
        }
    }
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
        }
        for d in &dirs {
            let f = d.join("make.defaults");
            if let Ok(t) = std::fs::read_to_string(&f) {
                for (k, v) in parse_make_defaults(&t, &p.vars, &f)? {
                    if k == "USE" {
                        use_tokens.extend(v.split_whitespace().map(str::to_string));
                    }
                    if INCREMENTAL.contains(&k.as_str()) || k.starts_with("USE_EXPAND_VALUES_") {
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
            for (_, l) in read_lines(&d.join("use.force"))? {
                apply_set(&mut p.use_force, &l);
            }
            for (_, l) in read_lines(&d.join("use.mask"))? {
                apply_set(&mut p.use_mask, &l);
            }
        }
        // USE_EXPAND variables become flags (ELIBC=glibc -> elibc_glibc, ARCH -> amd64).
        let list = |k: &str| p.vars.get(k).map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>()).unwrap_or_default();
        for var in list("USE_EXPAND") {
            for v in list(&var) {
                use_tokens.push(format!("{}_{}", var.to_lowercase(), v));
            }
        }
        for var in list("USE_EXPAND_UNPREFIXED") {
            use_tokens.extend(list(&var));
        }
        p.use_tokens = use_tokens;
        Ok(p)
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
        let mut accepted: Vec<String> = self.var("ACCEPT_KEYWORDS").split_whitespace().map(str::to_string).collect();
        let arch = self.var("ARCH");
        for l in self.accept_keywords.iter().filter(|l| matches(l)) {
            if l.tokens.is_empty() {
                accepted.push(format!("~{arch}"));
            } else {
                apply_incremental(&mut accepted, &l.tokens.join(" "));
            }
        }
        let ok = kw.iter().any(|k| {
            !k.starts_with('-')
                && (accepted.iter().any(|a| a == k)
                    || accepted.iter().any(|a| a == "**")
                    || (accepted.iter().any(|a| a == "*") && !k.starts_with('~'))
                    || (accepted.iter().any(|a| a == "~*") && k.starts_with('~')))
        });
        if ok {
            return None;
        }
        let relevant = kw.iter().find(|k| k.trim_start_matches('~') == arch).map(|k| k.to_string());
        Some(match relevant {
            Some(k) => Masked::Keyword(k),
            None => Masked::MissingKeyword,
        })
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
        set.extend(self.use_force.iter().cloned());
        for m in &self.use_mask {
            set.remove(m);
        }
        set.retain(|f| effective.contains(f));
        set
    }
}

fn apply_set(set: &mut BTreeSet<String>, line: &str) {
    for t in line.split_whitespace() {
        if let Some(n) = t.strip_prefix('-') {
            set.remove(n);
        } else {
            set.insert(t.to_string());
        }
    }
}

fn collect(dir: &Path, repos: &[Repo], out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > 32 {
        bail!("{}: profile parents nest too deep (a cycle?)", dir.display());
    }
    let dir = std::fs::canonicalize(dir).with_context(|| format!("profile directory {} does not exist", dir.display()))?;
    for (n, l) in read_lines(&dir.join("parent"))? {
        let parent = match l.split_once(':') {
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
