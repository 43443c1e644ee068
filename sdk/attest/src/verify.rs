//! Offline verification of a release directory.
//!
//! [`verify_release`] checks, and reports **every** problem rather than stopping at the first:
//! 1. each DSSE envelope in the envelope file (`.intoto.jsonl` or `.json`) has a valid ed25519
//!    signature by the given public key over PAE, and `payloadType` is `application/vnd.in-toto+json`;
//! 2. only then, the payload is parsed as an in-toto Statement v1 (predicate type must be SLSA
//!    provenance v1 unless configured otherwise), and each subject's digests (sha256/sha512) are
//!    compared with the file of that name in the directory;
//! 3. every `*.DIGESTS` file in the directory is parsed and checked; with
//!    [`VerifyOptions::require_digests`] each subject must also have a `<subject>.DIGESTS`.
//!
//! The [`Verdict`] keeps *problems found* ([`Verdict::failures`]) apart from *checks that could not
//! run* ([`Verdict::errors`], e.g. a permission error). [`Verdict::outcome`] is
//! `Verified` only when there are neither. `verify_release` itself returns `Err` only when nothing can
//! be checked at all (the directory cannot be listed). A suggested CLI mapping: Verified → exit 0,
//! Failed → 1, Incomplete → 2.

use crate::digests::{
    self, check_digests_using, is_safe_relative_name, DigestMismatch, FileDigests, HashAlg,
};
use crate::dsse::IN_TOTO_PAYLOAD_TYPE;
use crate::error::{Error, Result};
use crate::slsa::{parse_envelopes, AnyStatement, SLSA_PROVENANCE_V1, STATEMENT_TYPE_V1};
use ed25519_dalek::VerifyingKey;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Options for [`verify_release`].
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Require `<subject>.DIGESTS` for every subject (default `true`).
    pub require_digests: bool,
    /// Accepted `predicateType` (default SLSA provenance v1).
    pub predicate_type: String,
    /// Hashing threads (0 = default).
    pub threads: usize,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            require_digests: true,
            predicate_type: SLSA_PROVENANCE_V1.to_string(),
            threads: 0,
        }
    }
}

/// A problem the verifier found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The envelope file is not valid envelope JSON / base64.
    EnvelopeMalformed {
        /// Envelope file.
        file: PathBuf,
        /// Details.
        detail: String,
    },
    /// No signature in envelope `index` verifies with the key (or the payload type is wrong).
    BadSignature {
        /// Envelope file.
        file: PathBuf,
        /// 0-based envelope index (line) in the file.
        index: usize,
        /// Details.
        detail: String,
    },
    /// The signed payload is not an acceptable in-toto statement.
    StatementInvalid {
        /// Envelope file.
        file: PathBuf,
        /// 0-based envelope index.
        index: usize,
        /// Details.
        detail: String,
    },
    /// A subject's name is absolute or leaves the directory; not opened.
    SubjectUnsafeName {
        /// Subject name.
        name: String,
    },
    /// Two claims about one subject disagree (or one statement lists a subject twice).
    SubjectConflict {
        /// Subject name.
        name: String,
        /// The first claim (`<envelope file> envelope <i>: <alg> <hex>`).
        first: String,
        /// The claim that disagrees with it.
        second: String,
    },
    /// The envelope file or a DIGESTS file is larger than the verifier reads.
    TooLarge {
        /// The file.
        file: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },
    /// A subject file does not exist.
    SubjectMissing {
        /// Subject name.
        name: String,
    },
    /// A subject has no sha256/sha512 digest to check.
    SubjectNoKnownDigest {
        /// Subject name.
        name: String,
    },
    /// A subject file's digest differs from the signed statement.
    SubjectMismatch {
        /// Subject name.
        name: String,
        /// Algorithm (`sha256`/`sha512`).
        alg: String,
        /// Signed digest.
        expected: String,
        /// Digest of the file on disk.
        actual: String,
    },
    /// `<subject>.DIGESTS` is required but absent.
    DigestsFileMissing {
        /// Expected DIGESTS file.
        file: PathBuf,
    },
    /// A DIGESTS file cannot be parsed.
    DigestsMalformed {
        /// DIGESTS file.
        file: PathBuf,
        /// Parse error.
        detail: String,
    },
    /// A DIGESTS file lists a digest that does not match (or a missing/unsafe file).
    Digests {
        /// DIGESTS file.
        file: PathBuf,
        /// The problem.
        problem: DigestMismatch,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::EnvelopeMalformed { file, detail } => {
                write!(f, "{}: malformed envelope: {detail}", file.display())
            }
            Failure::BadSignature {
                file,
                index,
                detail,
            } => {
                write!(
                    f,
                    "{} (envelope {index}): signature check failed: {detail}",
                    file.display()
                )
            }
            Failure::StatementInvalid {
                file,
                index,
                detail,
            } => {
                write!(
                    f,
                    "{} (envelope {index}): statement rejected: {detail}",
                    file.display()
                )
            }
            Failure::SubjectUnsafeName { name } => {
                write!(f, "subject {name}: unsafe name, not opened")
            }
            Failure::SubjectConflict { name, first, second } => {
                write!(f, "subject {name}: conflicting claims: {first} and {second}")
            }
            Failure::TooLarge { file, limit } => {
                write!(f, "{}: larger than {limit} bytes, not read", file.display())
            }
            Failure::SubjectMissing { name } => write!(f, "subject {name}: file missing"),
            Failure::SubjectNoKnownDigest { name } => {
                write!(f, "subject {name}: no sha256/sha512 digest")
            }
            Failure::SubjectMismatch {
                name,
                alg,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "subject {name}: {alg} mismatch (signed {expected}, file has {actual})"
                )
            }
            Failure::DigestsFileMissing { file } => write!(f, "{}: missing", file.display()),
            Failure::DigestsMalformed { file, detail } => {
                write!(f, "{}: malformed: {detail}", file.display())
            }
            Failure::Digests { file, problem } => write!(f, "{}: {problem}", file.display()),
        }
    }
}

/// A check that could not be carried out (environment problem, not evidence of tampering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouldNotCheck {
    /// What was being checked.
    pub what: String,
    /// The error.
    pub error: String,
}

/// Overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every check ran and passed.
    Verified,
    /// At least one problem was found.
    Failed,
    /// No problem found, but some checks could not run.
    Incomplete,
}

/// The verifier's report.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Problems found.
    pub failures: Vec<Failure>,
    /// Checks that could not run.
    pub errors: Vec<CouldNotCheck>,
    /// Human-readable list of checks that passed.
    pub passed: Vec<String>,
}

impl Verdict {
    /// Summarise.
    pub fn outcome(&self) -> Outcome {
        if !self.failures.is_empty() {
            Outcome::Failed
        } else if !self.errors.is_empty() {
            Outcome::Incomplete
        } else {
            Outcome::Verified
        }
    }
    /// `true` if [`Outcome::Verified`].
    pub fn is_verified(&self) -> bool {
        self.outcome() == Outcome::Verified
    }
    fn could_not(&mut self, what: impl Into<String>, e: impl fmt::Display) {
        self.errors.push(CouldNotCheck {
            what: what.into(),
            error: e.to_string(),
        });
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "outcome: {:?}", self.outcome())?;
        for p in &self.passed {
            writeln!(f, "  ok    {p}")?;
        }
        for x in &self.failures {
            writeln!(f, "  FAIL  {x}")?;
        }
        for e in &self.errors {
            writeln!(f, "  ERROR could not check {}: {}", e.what, e.error)?;
        }
        Ok(())
    }
}

fn is_not_found(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
}

/// The largest envelope file `verify` reads (a release has a few envelopes of a few KiB).
pub const MAX_ENVELOPE_BYTES: u64 = 16 << 20;

/// Reads at most `limit` bytes of `path`; `None` if the file is larger.
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut data = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut data)?;
    Ok((data.len() as u64 <= limit).then_some(data))
}

/// Verify the release in `dir` against `key` and the envelope file `envelope_path`.
pub fn verify_release(
    dir: &Path,
    key: &VerifyingKey,
    envelope_path: &Path,
    opts: &VerifyOptions,
) -> Result<Verdict> {
    let mut v = Verdict::default();
    let listing = std::fs::read_dir(dir).map_err(|e| Error::io("list", dir, e))?;
    let mut digests_files = Vec::new();
    for entry in listing {
        match entry {
            Ok(e)
                if e.file_name()
                    .to_string_lossy()
                    .ends_with(digests::DIGESTS_SUFFIX) =>
            {
                digests_files.push(e.path())
            }
            Ok(_) => {}
            Err(e) => v.could_not(format!("listing {}", dir.display()), e),
        }
    }
    digests_files.sort();

    // 1. Envelopes and signatures; subjects only from verified statements.
    let mut subjects: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    // Who claimed each (subject, algorithm) first.
    let mut claims: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    match read_limited(envelope_path, MAX_ENVELOPE_BYTES) {
        Err(e) => v.could_not(format!("envelope {}", envelope_path.display()), e),
        Ok(None) => v.failures.push(Failure::TooLarge {
            file: envelope_path.into(),
            limit: MAX_ENVELOPE_BYTES,
        }),
        Ok(Some(data)) => match parse_envelopes(&data, envelope_path) {
            Err(e) => v.failures.push(Failure::EnvelopeMalformed {
                file: envelope_path.into(),
                detail: e.to_string(),
            }),
            Ok(envs) => {
                for (index, env) in envs.iter().enumerate() {
                    let file = envelope_path.to_path_buf();
                    let payload = match env.verify(key, IN_TOTO_PAYLOAD_TYPE) {
                        Ok(p) => p,
                        Err(e) => {
                            v.failures.push(Failure::BadSignature {
                                file,
                                index,
                                detail: e.to_string(),
                            });
                            continue;
                        }
                    };
                    v.passed.push(format!(
                        "{} envelope {index}: signature",
                        envelope_path.display()
                    ));
                    let st: AnyStatement = match serde_json::from_slice(&payload) {
                        Ok(s) => s,
                        Err(e) => {
                            v.failures.push(Failure::StatementInvalid {
                                file,
                                index,
                                detail: e.to_string(),
                            });
                            continue;
                        }
                    };
                    if st.type_ != STATEMENT_TYPE_V1 {
                        v.failures.push(Failure::StatementInvalid {
                            file: file.clone(),
                            index,
                            detail: format!("_type {:?}", st.type_),
                        });
                    }
                    if st.predicate_type != opts.predicate_type {
                        v.failures.push(Failure::StatementInvalid {
                            file: file.clone(),
                            index,
                            detail: format!(
                                "predicateType {:?} (expected {:?})",
                                st.predicate_type, opts.predicate_type
                            ),
                        });
                    }
                    if st.subject.is_empty() {
                        v.failures.push(Failure::StatementInvalid {
                            file,
                            index,
                            detail: "no subjects".into(),
                        });
                    }
                    let mut seen = BTreeSet::new();
                    for s in st.subject {
                        let name = s.name.unwrap_or_default();
                        let here = format!("{} envelope {index}", envelope_path.display());
                        if !seen.insert(name.clone()) {
                            v.failures.push(Failure::SubjectConflict {
                                name: name.clone(),
                                first: format!("{here}: listed"),
                                second: format!("{here}: listed again"),
                            });
                        }
                        for (alg, hex) in s.digest {
                            let claim = format!("{here}: {alg} {hex}");
                            match claims.get(&(name.clone(), alg.clone())) {
                                Some((first_hex, first)) if !first_hex.eq_ignore_ascii_case(&hex) => {
                                    v.failures.push(Failure::SubjectConflict {
                                        name: name.clone(),
                                        first: first.clone(),
                                        second: claim,
                                    });
                                }
                                Some(_) => {}
                                None => {
                                    claims.insert((name.clone(), alg.clone()), (hex.clone(), claim));
                                    subjects.entry(name.clone()).or_default().insert(alg, hex);
                                }
                            }
                        }
                        subjects.entry(name).or_default();
                    }
                }
            }
        },
    }

    // 2. Parse DIGESTS files.
    let mut parsed = Vec::new();
    for f in &digests_files {
        match digests::read_digests_file(f) {
            Ok(entries) => parsed.push((f.clone(), entries)),
            Err(e @ Error::Parse { .. }) => v.failures.push(Failure::DigestsMalformed {
                file: f.clone(),
                detail: e.to_string(),
            }),
            Err(e) => v.could_not(format!("DIGESTS file {}", f.display()), e),
        }
    }

    // 3. Hash every file referenced (subjects + DIGESTS entries) once, in parallel.
    let mut to_hash: BTreeSet<PathBuf> = BTreeSet::new();
    for name in subjects.keys().filter(|n| is_safe_relative_name(n)) {
        to_hash.insert(dir.join(name));
    }
    for (f, entries) in &parsed {
        let base = f.parent().unwrap_or(dir);
        for e in entries.iter().filter(|e| is_safe_relative_name(&e.name)) {
            to_hash.insert(base.join(&e.name));
        }
    }
    let to_hash: Vec<PathBuf> = to_hash.into_iter().collect();
    let results = digests::digest_files_each(&to_hash, opts.threads);
    let cache: BTreeMap<PathBuf, Result<FileDigests>> = to_hash.into_iter().zip(results).collect();
    let lookup = |p: &Path| -> Result<FileDigests> {
        match cache.get(p) {
            Some(Ok(fd)) => Ok(fd.clone()),
            Some(Err(Error::Io { op, path, source })) => Err(Error::io(
                op,
                path.clone(),
                std::io::Error::new(source.kind(), source.to_string()),
            )),
            Some(Err(e)) => Err(Error::Invalid(e.to_string())),
            None => digests::digest_file(p),
        }
    };

    // 4. Subjects.
    for (name, digest) in &subjects {
        if !is_safe_relative_name(name) {
            v.failures
                .push(Failure::SubjectUnsafeName { name: name.clone() });
            continue;
        }
        let known: Vec<(HashAlg, &String)> = digest
            .iter()
            .filter_map(|(alg, hex)| match alg.as_str() {
                "sha256" => Some((HashAlg::Sha256, hex)),
                "sha512" => Some((HashAlg::Sha512, hex)),
                _ => None,
            })
            .collect();
        if known.is_empty() {
            v.failures
                .push(Failure::SubjectNoKnownDigest { name: name.clone() });
            continue;
        }
        match lookup(&dir.join(name)) {
            Err(e) if is_not_found(&e) => v
                .failures
                .push(Failure::SubjectMissing { name: name.clone() }),
            Err(e) => v.could_not(format!("subject {name}"), e),
            Ok(fd) => {
                let mut ok = true;
                for (alg, expected) in known {
                    let actual = fd.hex_for(&alg).unwrap_or_default();
                    if !actual.eq_ignore_ascii_case(expected) {
                        ok = false;
                        v.failures.push(Failure::SubjectMismatch {
                            name: name.clone(),
                            alg: alg.intoto_name(),
                            expected: expected.clone(),
                            actual,
                        });
                    }
                }
                if ok {
                    v.passed.push(format!("subject {name}: digests match"));
                }
            }
        }
        if opts.require_digests {
            let want = dir.join(format!("{name}{}", digests::DIGESTS_SUFFIX));
            if !want.exists() {
                v.failures.push(Failure::DigestsFileMissing { file: want });
            }
        }
    }

    // 5. DIGESTS contents.
    for (f, entries) in &parsed {
        let base = f.parent().unwrap_or(dir);
        match check_digests_using(entries, base, &lookup) {
            Ok(problems) if problems.is_empty() => v
                .passed
                .push(format!("{}: all listed digests match", f.display())),
            Ok(problems) => {
                v.failures
                    .extend(problems.into_iter().map(|problem| Failure::Digests {
                        file: f.clone(),
                        problem,
                    }))
            }
            Err(e) => v.could_not(format!("DIGESTS file {}", f.display()), e),
        }
    }
    Ok(v)
}
