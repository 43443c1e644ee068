//! Package versions as defined by the Package Manager Specification (PMS,
//! EAPI 8): syntax (PMS 3.2), ordering (PMS 3.3), and splitting
//! `cat/pn-ver` / `pn-ver` strings into their parts.
//!
//! A [`Version`] keeps the exact text it was parsed from (that is what
//! [`Display`](fmt::Display) prints), while equality, ordering and hashing
//! follow the PMS comparison algorithm, so `1.0`, `1.0-r0` and `01.0` are
//! all *equal* versions that still print differently.
//!
//! Numbers inside a version may be arbitrarily long; they are compared as
//! digit strings and never overflow.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use anyhow::{anyhow, Result};

/// The kind of a version suffix (`_alpha`, `_beta`, `_pre`, `_rc`, `_p`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum SuffixKind {
    Alpha,
    Beta,
    Pre,
    Rc,
    P,
}

impl SuffixKind {
    /// Rank used by PMS algorithm 3.5. The end of the suffix list ranks
    /// between `_rc` and `_p` (see [`END_RANK`]), which encodes "a longer
    /// suffix list is greater iff its next suffix is `_p`".
    fn rank(self) -> u8 {
        match self {
            SuffixKind::Alpha => 0,
            SuffixKind::Beta => 1,
            SuffixKind::Pre => 2,
            SuffixKind::Rc => 3,
            SuffixKind::P => 5,
        }
    }
}

/// Rank of "no further suffix"; see [`SuffixKind::rank`].
const END_RANK: u8 = 4;

/// A package version per PMS 3.2, e.g. `1.2.3b_alpha4_p5-r6`.
///
/// Equality, ordering and hashing follow PMS 3.3 (so `1.0 == 1.0-r0` and
/// `1.0 == 1.00`), while [`Display`](fmt::Display) and [`Version::pvr`]
/// return the original text. Serializes as that text; deserializes by
/// parsing.
#[derive(Clone, Debug)]
pub struct Version {
    /// The text exactly as parsed.
    text: String,
    /// Numeric components as written (at least one).
    numbers: Vec<String>,
    /// Optional single lowercase letter after the numeric components.
    letter: Option<char>,
    /// Suffixes in order, each with its number as written ("" if none).
    suffixes: Vec<(SuffixKind, String)>,
    /// Revision digits as written (without "-r"), if present.
    revision: Option<String>,
    /// Length of `text` without the `-rN` part.
    base_len: usize,
}

impl Version {
    /// Parses a version string per PMS 3.2: one or more dot-separated
    /// unsigned integers, an optional lowercase letter, any number of
    /// `_alpha`/`_beta`/`_pre`/`_rc`/`_p` suffixes each with an optional
    /// unsigned integer, and an optional `-rN` revision.
    ///
    /// The error message names the offending string and what is wrong.
    pub fn parse(s: &str) -> Result<Version> {
        let err = |why: String| anyhow!("invalid version '{s}': {why}");
        let b = s.as_bytes();
        if b.is_empty() {
            return Err(err("empty string".into()));
        }
        let digits_from = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        let mut i = 0;
        let mut numbers = Vec::new();
        loop {
            let end = digits_from(i);
            if end == i {
                return Err(err(if numbers.is_empty() {
                    "must start with a digit".into()
                } else {
                    format!("expected a digit after '.' at offset {i}")
                }));
            }
            numbers.push(s[i..end].to_string());
            i = end;
            if i < b.len() && b[i] == b'.' {
                i += 1;
            } else {
                break;
            }
        }
        let mut letter = None;
        if i < b.len() && b[i].is_ascii_lowercase() {
            letter = Some(b[i] as char);
            i += 1;
        }
        let mut suffixes = Vec::new();
        while i < b.len() && b[i] == b'_' {
            let rest = &s[i + 1..];
            let (kind, len) = [
                ("alpha", SuffixKind::Alpha),
                ("beta", SuffixKind::Beta),
                ("pre", SuffixKind::Pre),
                ("rc", SuffixKind::Rc),
                ("p", SuffixKind::P),
            ]
            .iter()
            .find(|(name, _)| rest.starts_with(name))
            .map(|(name, kind)| (*kind, name.len()))
            .ok_or_else(|| {
                err(format!(
                    "unknown suffix at offset {i} (expected _alpha, _beta, _pre, _rc or _p)"
                ))
            })?;
            let start = i + 1 + len;
            let end = digits_from(start);
            suffixes.push((kind, s[start..end].to_string()));
            i = end;
        }
        let base_len = i;
        let mut revision = None;
        if s[i..].starts_with("-r") {
            let start = i + 2;
            let end = digits_from(start);
            if end == start {
                return Err(err(format!("expected digits after '-r' at offset {i}")));
            }
            revision = Some(s[start..end].to_string());
            i = end;
        }
        if i != b.len() {
            let c = s[i..].chars().next().unwrap_or('?');
            return Err(err(format!("unexpected '{c}' at offset {i}")));
        }
        Ok(Version {
            text: s.to_string(),
            numbers,
            letter,
            suffixes,
            revision,
            base_len,
        })
    }

    /// The revision number (`3` for `1.0-r3`, `0` when absent). Revisions
    /// too large for a `u64` saturate at `u64::MAX` (comparison still uses
    /// the exact digits).
    pub fn revision(&self) -> u64 {
        self.revision
            .as_deref()
            .map(|r| {
                let r = r.trim_start_matches('0');
                if r.is_empty() {
                    0
                } else {
                    r.parse().unwrap_or(u64::MAX)
                }
            })
            .unwrap_or(0)
    }

    /// Whether the text carries an explicit `-rN` part (even `-r0`).
    pub fn has_revision(&self) -> bool {
        self.revision.is_some()
    }

    /// The text without its `-rN` part (PMS `PV`): `"1.2_p3"` for
    /// `"1.2_p3-r1"`.
    pub fn without_revision(&self) -> &str {
        &self.text[..self.base_len]
    }

    /// The full text including any revision (PMS `PVR`), exactly as parsed.
    pub fn pvr(&self) -> &str {
        &self.text
    }

    /// Compares two versions ignoring their revisions (the `~` operator).
    pub fn cmp_ignoring_revision(&self, other: &Version) -> Ordering {
        self.cmp_base(other)
    }

    /// Glob match used by `=cat/pn-VER*` atoms, with `self` the pattern
    /// version (without the `*`).
    ///
    /// PMS 8.3.1 says only "the given number of version components" is
    /// compared; this follows the way Portage implements it, which is what
    /// builds actually see: the candidate's text must start with the
    /// pattern's text, and the match must end at a component boundary —
    /// either the candidate ends there, or the next character is `.`, `_`
    /// or `-`, or it switches between digit and non-digit. Leading zeros of
    /// the *first* component are ignored on both sides. So `1*` matches
    /// `1`, `1.2`, `1a`, `1_rc1`, `1-r3` but not `10`; `1.0*` does not
    /// match `1.00`; `1_p*` matches `1_p2` but not `1_pre2`.
    pub fn glob_matches(&self, candidate: &Version) -> bool {
        let pat = self.glob_key();
        let cand = candidate.glob_key();
        let Some(rest) = cand.strip_prefix(pat.as_str()) else {
            return false;
        };
        let Some(next) = rest.chars().next() else {
            return true;
        };
        let last_is_digit = pat.chars().last().is_some_and(|c| c.is_ascii_digit());
        matches!(next, '.' | '_' | '-') || last_is_digit != next.is_ascii_digit()
    }

    /// The text with the leading zeros of the first component removed
    /// (keeping at least one digit), as used for glob matching.
    fn glob_key(&self) -> String {
        let first = &self.numbers[0];
        let trimmed = first.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        format!("{trimmed}{}", &self.text[first.len()..])
    }

    /// PMS 3.3 comparison of everything except the revision.
    fn cmp_base(&self, other: &Version) -> Ordering {
        // Algorithm 3.2: first component as integers.
        let ord = cmp_int(&self.numbers[0], &other.numbers[0]);
        if ord != Ordering::Equal {
            return ord;
        }
        // Algorithm 3.3 for the remaining common components.
        for (a, b) in self.numbers.iter().zip(&other.numbers).skip(1) {
            let ord = cmp_component(a, b);
            if ord != Ordering::Equal {
                return ord;
            }
        }
        // More components wins.
        let ord = self.numbers.len().cmp(&other.numbers.len());
        if ord != Ordering::Equal {
            return ord;
        }
        // Algorithm 3.4: letters (absent is lowest).
        let ord = self.letter.cmp(&other.letter);
        if ord != Ordering::Equal {
            return ord;
        }
        // Algorithm 3.5: suffixes.
        let mut i = 0;
        loop {
            match (self.suffixes.get(i), other.suffixes.get(i)) {
                (None, None) => return Ordering::Equal,
                (a, b) => {
                    let rank = |s: Option<&(SuffixKind, String)>| s.map_or(END_RANK, |(k, _)| k.rank());
                    let ord = rank(a).cmp(&rank(b));
                    if ord != Ordering::Equal {
                        return ord;
                    }
                    if let (Some((_, na)), Some((_, nb))) = (a, b) {
                        let ord = cmp_int(na, nb);
                        if ord != Ordering::Equal {
                            return ord;
                        }
                    }
                }
            }
            i += 1;
        }
    }
}

/// Compares two digit strings as unsigned integers ("" counts as 0).
fn cmp_int(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// PMS algorithm 3.3 for a non-first numeric component: if either starts
/// with `0`, compare with trailing zeros stripped as strings; otherwise as
/// integers.
fn cmp_component(a: &str, b: &str) -> Ordering {
    if a.starts_with('0') || b.starts_with('0') {
        a.trim_end_matches('0').cmp(b.trim_end_matches('0'))
    } else {
        cmp_int(a, b)
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_base(other).then_with(|| {
            cmp_int(
                self.revision.as_deref().unwrap_or(""),
                other.revision.as_deref().unwrap_or(""),
            )
        })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

impl Hash for Version {
    /// Hashes a normal form that is identical for all versions comparing
    /// equal (integers without leading zeros, leading-zero components
    /// without trailing zeros).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.numbers.len().hash(state);
        self.numbers[0].trim_start_matches('0').hash(state);
        for c in &self.numbers[1..] {
            if c.starts_with('0') {
                0u8.hash(state);
                c.trim_end_matches('0').hash(state);
            } else {
                1u8.hash(state);
                c.hash(state);
            }
        }
        self.letter.hash(state);
        self.suffixes.len().hash(state);
        for (kind, n) in &self.suffixes {
            kind.hash(state);
            n.trim_start_matches('0').hash(state);
        }
        self.revision.as_deref().unwrap_or("").trim_start_matches('0').hash(state);
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Version {
    type Err = anyhow::Error;
    fn from_str(s: &str) -> Result<Self> {
        Version::parse(s)
    }
}

impl serde::Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Version::parse(&s).map_err(|e| serde::de::Error::custom(format!("{e:#}")))
    }
}

/// Splits `name-version` at the version: the last `-`-separated part that
/// parses as a version, possibly followed by a `-rN` part. Returns `None`
/// when there is no such part or nothing before it. Does not validate the
/// name.
pub(crate) fn split_name_version(s: &str) -> Option<(&str, Version)> {
    let idx = s.rfind('-')?;
    let last = &s[idx + 1..];
    let is_revision = last.len() > 1
        && last.starts_with('r')
        && last[1..].bytes().all(|c| c.is_ascii_digit());
    if is_revision {
        if let Some(idx2) = s[..idx].rfind('-') {
            if let Ok(v) = Version::parse(&s[idx2 + 1..]) {
                return (idx2 > 0).then(|| (&s[..idx2], v));
            }
        }
    }
    let v = Version::parse(last).ok()?;
    (idx > 0).then(|| (&s[..idx], v))
}

/// Test helpers shared by the modules of this crate: locating the Portage
/// virtualenv and running Python snippets against it.
#[cfg(test)]
pub(crate) mod portage_oracle {
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    /// The Portage venv: `$RAILYARD_PORTAGE`, else
    /// `<workspace>/__build__/portage`. Panics with setup instructions when
    /// it is missing.
    pub(crate) fn python() -> PathBuf {
        let venv = match std::env::var_os("RAILYARD_PORTAGE") {
            Some(v) => PathBuf::from(v),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../__build__/portage"),
        };
        let py = venv.join("bin/python");
        assert!(
            py.exists(),
            "Portage venv not found at {} (set RAILYARD_PORTAGE to the venv dir, \
             or run `./setup_host --tests` to create it)",
            venv.display()
        );
        py
    }

    /// Runs `script` with Portage's Python, feeding `input` on stdin, and
    /// returns stdout lines. stderr (import warnings) is ignored.
    pub(crate) fn run(script: &str, input: &str) -> Vec<String> {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut child = Command::new(python())
            .arg("-c")
            .arg(script)
            .current_dir(tmp.path())
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn portage python");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = input.to_string();
        let writer = std::thread::spawn(move || {
            stdin.write_all(input.as_bytes()).expect("write stdin");
        });
        let out = child.wait_with_output().expect("wait portage python");
        writer.join().expect("stdin writer");
        assert!(
            out.status.success(),
            "portage python failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    }

    /// Deterministic pseudo-random numbers (splitmix64).
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        /// Next raw value.
        pub(crate) fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        /// Uniform in `0..n`.
        pub(crate) fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        /// True with probability `pct`%.
        pub(crate) fn chance(&mut self, pct: u64) -> bool {
            self.below(100) < pct
        }
        /// A random element.
        pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
    }

    /// A random valid version string exercising every PMS 3.2 feature:
    /// leading zeros, several components, letters, all suffixes with and
    /// without numbers, and revisions (including `-r0`).
    pub(crate) fn random_version(r: &mut Rng) -> String {
        let comps = ["0", "1", "2", "10", "01", "001", "00", "010", "3", "12", "02", "20", "100"];
        let mut s = String::new();
        let n = 1 + r.below(4);
        for i in 0..n {
            if i > 0 {
                s.push('.');
            }
            s.push_str(r.pick(&comps));
        }
        if r.chance(20) {
            s.push(r.pick(&['a', 'b', 'z']));
        }
        let nsuf = if r.chance(50) { 0 } else { 1 + r.below(2) };
        for _ in 0..nsuf {
            s.push_str(r.pick(&["_alpha", "_beta", "_pre", "_rc", "_p"]));
            if r.chance(60) {
                s.push_str(r.pick(&["0", "1", "2", "10", "01"]));
            }
        }
        if r.chance(35) {
            s.push_str(r.pick(&["-r0", "-r1", "-r2", "-r10", "-r01"]));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::portage_oracle::{random_version, run, Rng};
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap_or_else(|e| panic!("{e:#}"))
    }

    fn hash_of(v: &Version) -> u64 {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn parse_valid_forms() {
        for s in [
            "0", "1", "1.2.3", "01.002", "1a", "1.2z", "1_alpha", "1_beta2", "1_pre", "1_rc10", "1_p",
            "1_p3", "1.2b_alpha4_p5-r6", "1-r0", "1-r01", "2023.10.01_p20231001-r12",
            "99999999999999999999999999.1",
        ] {
            assert_eq!(v(s).to_string(), s);
            assert_eq!(v(s).pvr(), s);
        }
    }

    #[test]
    fn parse_errors_name_the_string() {
        for (s, why) in [
            ("", "empty"),
            ("a1", "must start with a digit"),
            ("1.", "expected a digit after '.'"),
            ("1..2", "expected a digit after '.'"),
            (".1", "must start with a digit"),
            ("1ab", "unexpected 'b'"),
            ("1A", "unexpected 'A'"),
            ("1_foo", "unknown suffix"),
            ("1_", "unknown suffix"),
            ("1-r", "expected digits after '-r'"),
            ("1-rc1", "expected digits after '-r'"),
            ("1-r1-r2", "unexpected '-'"),
            ("1_p1a", "unexpected 'a'"),
            ("1 ", "unexpected ' '"),
            ("1-1", "unexpected '-'"),
            ("1.2é", "unexpected 'é'"),
        ] {
            let e = Version::parse(s).expect_err(s).to_string();
            assert!(e.contains(&format!("'{s}'")), "{e}");
            assert!(e.contains(why), "{s}: {e}");
        }
    }

    #[test]
    fn revision_accessors() {
        let x = v("1.2_p3-r1");
        assert_eq!(x.revision(), 1);
        assert!(x.has_revision());
        assert_eq!(x.without_revision(), "1.2_p3");
        assert_eq!(x.pvr(), "1.2_p3-r1");
        assert_eq!(v("1.2").revision(), 0);
        assert!(!v("1.2").has_revision());
        assert_eq!(v("1.2").without_revision(), "1.2");
        assert_eq!(v("1-r007").revision(), 7);
        assert_eq!(v("1-r99999999999999999999999").revision(), u64::MAX);
    }

    #[test]
    fn ordering_examples() {
        let ordered = [
            "0", "0.0", "0.01", "0.1", "0.1.0", "1_alpha", "1_alpha1", "1_beta", "1_pre", "1_rc", "1_rc1",
            "1", "1-r1", "1-r2", "1_p", "1_p1", "1a", "1b", "1.0", "1.0.1", "1.001", "1.01", "1.1_alpha_p",
            "1.1", "1.1_p_alpha", "1.1_p", "1.2", "1.10", "2", "10",
        ];
        for w in ordered.windows(2) {
            assert!(v(w[0]) < v(w[1]), "{} < {}", w[0], w[1]);
        }
        // More suffixes: greater only if the extra one is _p.
        assert!(v("1_alpha_p") > v("1_alpha"));
        assert!(v("1_alpha_rc") < v("1_alpha"));
        // Leading zero rule: 1.01 < 1.1, 1.010 == 1.01, 1.0 == 1.00.
        assert!(v("1.01") < v("1.1"));
        assert!(v("1.02") > v("1.010"));
        assert_eq!(v("1.010"), v("1.01"));
        assert_eq!(v("1.0"), v("1.00"));
        assert_eq!(v("01.0"), v("1.0"));
        assert!(v("1.0") < v("1.0.0"));
        // Big numbers do not overflow.
        assert!(v("1.99999999999999999999999") > v("1.99999999999999999999998"));
    }

    #[test]
    fn equality_ignores_spelling_but_display_keeps_it() {
        let a = v("1.0");
        let b = v("1.0-r0");
        assert_eq!(a, b);
        assert_eq!(hash_of(&a), hash_of(&b));
        assert_eq!(a.to_string(), "1.0");
        assert_eq!(b.to_string(), "1.0-r0");
        for (x, y) in [("1.0", "1.00"), ("01", "1"), ("1_p01", "1_p1"), ("1_p", "1_p0"), ("1.010", "1.01"), ("1-r01", "1-r1")] {
            assert_eq!(v(x), v(y), "{x} == {y}");
            assert_eq!(hash_of(&v(x)), hash_of(&v(y)), "{x} ~ {y}");
        }
        assert_ne!(v("1.0"), v("1.0.0"));
        assert_ne!(v("1.1"), v("1.01"));
    }

    #[test]
    fn tilde_comparison_ignores_revision() {
        assert_eq!(v("1.0-r3").cmp_ignoring_revision(&v("1.0")), Ordering::Equal);
        assert_eq!(v("1.0-r3").cmp_ignoring_revision(&v("1.0_p1")), Ordering::Less);
    }

    #[test]
    fn glob_matching() {
        let yes = [
            ("1", "1"), ("1", "1.2"), ("1", "1a"), ("1", "1_rc1"), ("1", "1-r3"), ("1.2", "1.2.3"),
            ("1.2", "1.2b"), ("1_p", "1_p2"), ("1.0-r1", "1.0-r1"), ("01", "1.5"), ("1", "001.5"),
            ("0", "00.1"), ("1_alpha", "1_alpha_beta"),
        ];
        let no = [
            ("1", "10"), ("1.2", "1.20"), ("1.0", "1.00"), ("1_p", "1_pre2"), ("1.0-r1", "1.0-r10"),
            ("1.2", "1.1"), ("2", "1"),
        ];
        for (p, c) in yes {
            assert!(v(p).glob_matches(&v(c)), "={p}* should match {c}");
        }
        for (p, c) in no {
            assert!(!v(p).glob_matches(&v(c)), "={p}* should not match {c}");
        }
    }

    #[test]
    fn serde_as_string() {
        let x = v("1.2-r3");
        assert_eq!(serde_json::to_string(&x).expect("ser"), "\"1.2-r3\"");
        let y: Version = serde_json::from_str("\"1.2-r3\"").expect("de");
        assert_eq!(y.pvr(), "1.2-r3");
        assert!(serde_json::from_str::<Version>("\"x\"").is_err());
    }

    /// Sorts a few hundred pseudo-random versions with `Version::cmp` and
    /// checks every adjacent pair and a random sample of pairs against
    /// `portage.versions.vercmp`.
    #[test]
    fn ordering_matches_portage_vercmp() {
        let mut r = Rng(0x5eed_0001);
        let mut versions: Vec<Version> = (0..400).map(|_| v(&random_version(&mut r))).collect();
        versions.sort();
        let mut pairs: Vec<(usize, usize)> = (1..versions.len()).map(|i| (i - 1, i)).collect();
        for _ in 0..1500 {
            pairs.push((r.below(400) as usize, r.below(400) as usize));
        }
        let input: String = pairs
            .iter()
            .map(|&(a, b)| format!("{} {}\n", versions[a], versions[b]))
            .collect();
        let script = r#"
import sys
from portage.versions import vercmp
for line in sys.stdin:
    a, b = line.split()
    c = vercmp(a, b)
    print("E" if c is None else (c > 0) - (c < 0))
"#;
        let out = run(script, &input);
        assert_eq!(out.len(), pairs.len(), "one answer per pair");
        let mut mismatches = Vec::new();
        for (&(a, b), got) in pairs.iter().zip(&out) {
            let (va, vb) = (&versions[a], &versions[b]);
            let ours = match va.cmp(vb) {
                Ordering::Less => "-1",
                Ordering::Equal => "0",
                Ordering::Greater => "1",
            };
            if ours != got {
                mismatches.push(format!("{va} vs {vb}: ours {ours}, portage {got}"));
            }
            if va == vb {
                assert_eq!(hash_of(va), hash_of(vb), "{va} == {vb} must hash alike");
            }
        }
        assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
    }
}
