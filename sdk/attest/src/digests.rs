//! File digests and Flatcar-style `<file>.DIGESTS` files.
//!
//! # Hashing
//! [`digest_file`] streams a file once in 1 MiB chunks and feeds every chunk to both SHA-256 and
//! SHA-512. [`digest_files`] hashes several files on a small pool of scoped threads (default: the
//! number of available cores, at most [`MAX_DEFAULT_THREADS`]) and returns results in input order;
//! with fewer files than threads it splits SHA-256 and SHA-512 of each file over two threads
//! ([`digest_file_two_threads`]), still reading the file once.
//!
//! # DIGESTS layout
//! Flatcar's `create_digests` (ci-automation) writes, next to each artefact, `<file>.DIGESTS` in the
//! Gentoo style: one block per algorithm, a header line `# <ALG> HASH`, then `<hex>  <basename>`
//! lines (two spaces, as printed by `sha512sum`). Flatcar writes MD5, SHA1 and SHA512 blocks; this
//! crate writes `# SHA256 HASH` and `# SHA512 HASH` blocks (MD5/SHA1 are dropped, as Flatcar's own
//! TODO proposes). Example:
//!
//! ```text
//! # SHA256 HASH
//! 9f86d0...  flatcar_production_image.bin
//! # SHA512 HASH
//! ee26b0...  flatcar_production_image.bin
//! ```
//!
//! The parser accepts any `# <ALG> HASH` block and `*name` (binary-mode marker); blocks for
//! algorithms this crate cannot compute (MD5, SHA1, ...) are parsed and skipped by the checker, so
//! Flatcar's own DIGESTS files can be checked via their SHA512 block.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256, Sha512};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Opens an artefact to hash: a regular file named by `path` itself. A symbolic link (which
/// a crafted release directory could point at any host file), a FIFO or a device (which could
/// block or never end) is refused, naming the path.
pub fn open_regular(path: &Path) -> Result<File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY, Mode::empty())
        .map_err(|e| {
            if e == rustix::io::Errno::LOOP {
                Error::io("open", path, std::io::Error::other("is a symbolic link; artefacts are regular files and links are never followed"))
            } else {
                Error::io("open", path, e.into())
            }
        })?;
    let f = File::from(fd);
    let md = f.metadata().map_err(|e| Error::io("stat", path, e))?;
    if !md.file_type().is_file() {
        return Err(Error::io("open", path, std::io::Error::other("is not a regular file")));
    }
    Ok(f)
}

/// Read buffer size for streaming hashes.
pub const CHUNK: usize = 1 << 20;
/// Upper bound for the default number of hashing threads.
pub const MAX_DEFAULT_THREADS: usize = 8;
/// Suffix of digest files.
pub const DIGESTS_SUFFIX: &str = ".DIGESTS";

/// SHA-256 and SHA-512 of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigests {
    /// The path that was hashed.
    pub path: PathBuf,
    /// File size in bytes.
    pub size: u64,
    /// SHA-256 digest.
    pub sha256: [u8; 32],
    /// SHA-512 digest.
    pub sha512: [u8; 64],
}

impl FileDigests {
    /// Lower-case hex SHA-256.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }
    /// Lower-case hex SHA-512.
    pub fn sha512_hex(&self) -> String {
        hex::encode(self.sha512)
    }
    /// The file name (last path component), as written into DIGESTS files.
    pub fn file_name(&self) -> Result<String> {
        file_name_of(&self.path)
    }
    /// Hex digest for `alg`, if this crate computes it.
    pub fn hex_for(&self, alg: &HashAlg) -> Option<String> {
        match alg {
            HashAlg::Sha256 => Some(self.sha256_hex()),
            HashAlg::Sha512 => Some(self.sha512_hex()),
            HashAlg::Other(_) => None,
        }
    }
}

fn file_name_of(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| Error::Invalid(format!("{} has no UTF-8 file name", path.display())))
}

/// Hash a byte slice with both algorithms (convenience for in-memory artefacts).
pub fn digest_bytes(data: &[u8]) -> ([u8; 32], [u8; 64]) {
    (Sha256::digest(data).into(), Sha512::digest(data).into())
}

/// Stream `path` once and compute its SHA-256 and SHA-512.
pub fn digest_file(path: &Path) -> Result<FileDigests> {
    let mut f = open_regular(path)?;
    let mut s256 = Sha256::new();
    let mut s512 = Sha512::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        let n = match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io("read", path, e)),
        };
        s256.update(&buf[..n]);
        s512.update(&buf[..n]);
        size += n as u64;
    }
    Ok(FileDigests {
        path: path.to_path_buf(),
        size,
        sha256: s256.finalize().into(),
        sha512: s512.finalize().into(),
    })
}

/// Like [`digest_file`], but SHA-256 runs on a helper thread while the calling thread reads and
/// computes SHA-512, so one large file uses two cores. Still a single read pass: each chunk is read
/// once and shared (`Arc`) between both hashers.
pub fn digest_file_two_threads(path: &Path) -> Result<FileDigests> {
    use std::sync::mpsc::sync_channel;
    use std::sync::Arc;
    let mut f = File::open(path).map_err(|e| Error::io("open", path, e))?;
    let (tx, rx) = sync_channel::<Arc<Vec<u8>>>(4);
    std::thread::scope(|s| {
        let helper = s.spawn(move || {
            let mut s256 = Sha256::new();
            for chunk in rx {
                s256.update(chunk.as_slice());
            }
            s256.finalize()
        });
        let mut s512 = Sha512::new();
        let mut size = 0u64;
        let read_result = loop {
            let mut buf = vec![0u8; CHUNK];
            let n = match read_full(&mut f, &mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => break Err(Error::io("read", path, e)),
            };
            buf.truncate(n);
            let chunk = Arc::new(buf);
            s512.update(chunk.as_slice());
            size += n as u64;
            if tx.send(chunk).is_err() {
                break Err(Error::Invalid(format!(
                    "sha256 helper thread stopped while hashing {}",
                    path.display()
                )));
            }
        };
        drop(tx);
        let s256 = helper.join().map_err(|_| {
            Error::Invalid(format!(
                "sha256 helper thread panicked on {}",
                path.display()
            ))
        })?;
        read_result?;
        Ok(FileDigests {
            path: path.to_path_buf(),
            size,
            sha256: s256.into(),
            sha512: s512.finalize().into(),
        })
    })
}

/// Fill `buf` as far as possible (short only at end of file); retries on `Interrupted`.
fn read_full(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match f.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Default thread count for [`digest_files`]: available cores, capped at [`MAX_DEFAULT_THREADS`].
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, MAX_DEFAULT_THREADS)
}

/// Hash many files on `threads` worker threads (0 = [`default_threads`]), one result per input, in
/// input order. Each file is read once for both digests. When there are fewer files than threads
/// (e.g. one big image), each file is hashed with [`digest_file_two_threads`] instead.
pub fn digest_files_each<P: AsRef<Path> + Sync>(
    paths: &[P],
    threads: usize,
) -> Vec<Result<FileDigests>> {
    let threads = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    if threads >= 2 && paths.len() < threads {
        return paths
            .iter()
            .map(|p| digest_file_two_threads(p.as_ref()))
            .collect();
    }
    let threads = threads.min(paths.len().max(1));
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<FileDigests>>>> =
        paths.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(p) = paths.get(i) else { break };
                let r = digest_file(p.as_ref());
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some(r);
                }
            });
        }
    });
    slots
        .into_iter()
        .zip(paths)
        .map(|(slot, p)| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Error::Invalid(format!(
                    "hash worker died on {}",
                    p.as_ref().display()
                )))
            })
        })
        .collect()
}

/// Like [`digest_files_each`] but fails on the first error (by input order).
pub fn digest_files<P: AsRef<Path> + Sync>(
    paths: &[P],
    threads: usize,
) -> Result<Vec<FileDigests>> {
    digest_files_each(paths, threads).into_iter().collect()
}

/// A hash algorithm named in a DIGESTS block header.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HashAlg {
    /// SHA-256 (`# SHA256 HASH`).
    Sha256,
    /// SHA-512 (`# SHA512 HASH`).
    Sha512,
    /// Any other algorithm, upper-case as in the header (e.g. `MD5`, `SHA1`, `B2`); not checked.
    Other(String),
}

impl HashAlg {
    /// Parse the `<ALG>` of a `# <ALG> HASH` header (case-insensitive).
    pub fn from_header(name: &str) -> HashAlg {
        match name.to_ascii_uppercase().as_str() {
            "SHA256" => HashAlg::Sha256,
            "SHA512" => HashAlg::Sha512,
            other => HashAlg::Other(other.to_string()),
        }
    }
    /// Header spelling (`SHA256`, `SHA512`, ...).
    pub fn header_name(&self) -> &str {
        match self {
            HashAlg::Sha256 => "SHA256",
            HashAlg::Sha512 => "SHA512",
            HashAlg::Other(s) => s,
        }
    }
    /// in-toto DigestSet key (`sha256`, `sha512`, or the lower-cased name).
    pub fn intoto_name(&self) -> String {
        self.header_name().to_ascii_lowercase()
    }
}

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header_name())
    }
}

/// One `<hex>  <name>` line of a DIGESTS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestEntry {
    /// Algorithm of the enclosing block.
    pub alg: HashAlg,
    /// Lower-case hex digest.
    pub hex: String,
    /// File name, relative to the DIGESTS file's directory.
    pub name: String,
    /// 1-based line number in the DIGESTS file.
    pub line: usize,
}

/// Render a DIGESTS file for `files` (normally one file): a `# SHA256 HASH` block then a
/// `# SHA512 HASH` block, entries named by file name.
pub fn render_digests(files: &[FileDigests]) -> Result<String> {
    let mut out = String::new();
    for alg in [HashAlg::Sha256, HashAlg::Sha512] {
        out.push_str(&format!("# {} HASH\n", alg.header_name()));
        for fd in files {
            let hex = fd.hex_for(&alg).unwrap_or_default();
            out.push_str(&format!("{hex}  {}\n", fd.file_name()?));
        }
    }
    Ok(out)
}

/// Write `<file>.DIGESTS` next to `fd.path` and return its path.
pub fn write_digests_file(fd: &FileDigests) -> Result<PathBuf> {
    let mut p = fd.path.clone().into_os_string();
    p.push(DIGESTS_SUFFIX);
    let p = PathBuf::from(p);
    let text = render_digests(std::slice::from_ref(fd))?;
    crate::write_atomic(&p, text.as_bytes())?;
    Ok(p)
}

/// Parse DIGESTS text. `path` is only used in error messages.
///
/// Blank lines are ignored. A `#` line ending in `HASH` must be a well-formed `# <ALG> HASH` header
/// (`<ALG>` alphanumeric); other comment lines are ignored. Entries before any header, odd-length or non-hex digests, and digests whose length does not
/// match SHA-256/SHA-512 are errors.
pub fn parse_digests(text: &str, path: &Path) -> Result<Vec<DigestEntry>> {
    let perr = |line: usize, msg: String| Error::Parse {
        path: path.to_path_buf(),
        line,
        msg,
    };
    let mut alg: Option<HashAlg> = None;
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            let words: Vec<&str> = rest.split_whitespace().collect();
            if words.last().is_some_and(|w| w.eq_ignore_ascii_case("HASH")) {
                if words.len() != 2 || !words[0].bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(perr(lineno, format!("malformed block header {line:?}")));
                }
                alg = Some(HashAlg::from_header(words[0]));
            }
            continue;
        }
        let Some(cur) = alg.clone() else {
            return Err(perr(
                lineno,
                "digest line before any '# <ALG> HASH' header".into(),
            ));
        };
        let (hex, name) = line
            .split_once(' ')
            .ok_or_else(|| perr(lineno, format!("expected '<hex>  <name>', got {line:?}")))?;
        // sha*sum format: "<hex>  name" (text) or "<hex> *name" (binary).
        let name = name
            .strip_prefix(' ')
            .or_else(|| name.strip_prefix('*'))
            .unwrap_or(name);
        if name.is_empty() {
            return Err(perr(lineno, "missing file name".into()));
        }
        if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(perr(lineno, format!("{cur} digest {hex:?} is not hex")));
        }
        let want = match cur {
            HashAlg::Sha256 => Some(64),
            HashAlg::Sha512 => Some(128),
            HashAlg::Other(_) => None,
        };
        if let Some(w) = want {
            if hex.len() != w {
                return Err(perr(
                    lineno,
                    format!("{cur} digest has {} hex digits, expected {w}", hex.len()),
                ));
            }
        }
        out.push(DigestEntry {
            alg: cur,
            hex: hex.to_ascii_lowercase(),
            name: name.to_string(),
            line: lineno,
        });
    }
    if out.is_empty() {
        return Err(perr(0, "no digest entries".into()));
    }
    Ok(out)
}

/// The largest DIGESTS file read (a real one is a few hundred bytes).
pub const MAX_DIGESTS_BYTES: u64 = 1 << 20;

/// Read and parse a DIGESTS file.
pub fn read_digests_file(path: &Path) -> Result<Vec<DigestEntry>> {
    let mut data = Vec::new();
    File::open(path)
        .and_then(|f| f.take(MAX_DIGESTS_BYTES + 1).read_to_end(&mut data))
        .map_err(|e| Error::io("read", path, e))?;
    if data.len() as u64 > MAX_DIGESTS_BYTES {
        return Err(Error::Parse {
            path: path.into(),
            line: 0,
            msg: format!("larger than {MAX_DIGESTS_BYTES} bytes, not read"),
        });
    }
    let text = String::from_utf8(data).map_err(|e| Error::io("read", path, std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    parse_digests(&text, path)
}

/// A problem found while checking a DIGESTS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestMismatch {
    /// The file's digest differs from the listed one.
    Mismatch {
        /// Listed file name.
        name: String,
        /// Algorithm.
        alg: HashAlg,
        /// Digest in the DIGESTS file.
        expected: String,
        /// Digest of the file on disk.
        actual: String,
    },
    /// The listed file does not exist.
    Missing {
        /// Listed file name.
        name: String,
    },
    /// The listed name is absolute or leaves the directory (`..`); it was not opened.
    UnsafeName {
        /// Listed file name.
        name: String,
    },
    /// A listed file has only digests of algorithms this crate does not check (MD5, SHA1, ...).
    NoSupportedDigest {
        /// Listed file name.
        name: String,
    },
}

impl fmt::Display for DigestMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestMismatch::Mismatch {
                name,
                alg,
                expected,
                actual,
            } => {
                write!(
                    f,
                    "{name}: {alg} mismatch (listed {expected}, file has {actual})"
                )
            }
            DigestMismatch::Missing { name } => write!(f, "{name}: listed but missing"),
            DigestMismatch::UnsafeName { name } => {
                write!(f, "{name}: unsafe file name, not checked")
            }
            DigestMismatch::NoSupportedDigest { name } => {
                write!(f, "{name}: no SHA256/SHA512 digest listed, cannot check")
            }
        }
    }
}

/// `true` if `name` is a relative path that stays inside its base directory.
pub fn is_safe_relative_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && !name.contains('\0')
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// Check every SHA256/SHA512 entry of a parsed DIGESTS file against files in `base_dir`.
///
/// Returns the list of problems (empty = all good). I/O errors other than "not found" while
/// reading a listed file are returned as `Err` (the check could not run).
pub fn check_digests(entries: &[DigestEntry], base_dir: &Path) -> Result<Vec<DigestMismatch>> {
    check_digests_using(entries, base_dir, &digest_file)
}

/// [`check_digests`] with a caller-supplied hash function (e.g. a cache of already hashed files).
pub fn check_digests_using(
    entries: &[DigestEntry],
    base_dir: &Path,
    hasher: &dyn Fn(&Path) -> Result<FileDigests>,
) -> Result<Vec<DigestMismatch>> {
    let mut problems = Vec::new();
    let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        if !is_safe_relative_name(name) {
            problems.push(DigestMismatch::UnsafeName {
                name: name.to_string(),
            });
            continue;
        }
        let supported: Vec<&DigestEntry> = entries
            .iter()
            .filter(|e| e.name == name && !matches!(e.alg, HashAlg::Other(_)))
            .collect();
        if supported.is_empty() {
            problems.push(DigestMismatch::NoSupportedDigest {
                name: name.to_string(),
            });
            continue;
        }
        let path = base_dir.join(name);
        let fd = match hasher(&path) {
            Ok(fd) => fd,
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                problems.push(DigestMismatch::Missing {
                    name: name.to_string(),
                });
                continue;
            }
            Err(e) => return Err(e),
        };
        for e in supported {
            let actual = fd.hex_for(&e.alg).unwrap_or_default();
            if actual != e.hex {
                problems.push(DigestMismatch::Mismatch {
                    name: name.to_string(),
                    alg: e.alg.clone(),
                    expected: e.hex.clone(),
                    actual,
                });
            }
        }
    }
    Ok(problems)
}

/// Read `digests_path` and check it against files in its own directory.
pub fn check_digests_file(digests_path: &Path) -> Result<Vec<DigestMismatch>> {
    let entries = read_digests_file(digests_path)?;
    let base = digests_path.parent().unwrap_or_else(|| Path::new("."));
    check_digests(&entries, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_and_devices_are_never_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let host = dir.path().join("host-secret");
        std::fs::write(&host, "secret").unwrap();
        let link = dir.path().join("img.bin");
        std::os::unix::fs::symlink(&host, &link).unwrap();
        let e = digest_file(&link).unwrap_err().to_string();
        assert!(e.contains("img.bin") && e.contains("symbolic link"), "{e}");
        let fifo = dir.path().join("fifo.bin");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let e = digest_file(&fifo).unwrap_err().to_string();
        assert!(e.contains("fifo.bin") && e.contains("not a regular file"), "{e}");
        let e = digest_file(Path::new("/dev/zero")).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        assert!(digest_file(&host).is_ok());
    }

    #[test]
    fn known_vectors_one_pass() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("abc");
        std::fs::write(&p, b"abc").unwrap();
        let d = digest_file(&p).unwrap();
        assert_eq!(
            d.sha256_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(d
            .sha512_hex()
            .starts_with("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"));
        assert_eq!(d.size, 3);
    }

    #[test]
    fn parallel_matches_serial_and_keeps_order() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..7)
            .map(|i| {
                let p = dir.path().join(format!("f{i}"));
                std::fs::write(&p, vec![i as u8; i * 300_000 + 1]).unwrap();
                p
            })
            .collect();
        let par = digest_files(&paths, 3).unwrap();
        for (p, d) in paths.iter().zip(&par) {
            assert_eq!(&digest_file(p).unwrap(), d);
        }
        for p in &paths {
            assert_eq!(digest_file_two_threads(p).unwrap(), digest_file(p).unwrap());
        }
        assert_eq!(digest_files(&paths[6..], 2).unwrap()[0], par[6]);
        let missing = vec![dir.path().join("nope")];
        let err = digest_files(&missing, 2).unwrap_err().to_string();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn roundtrip_and_flatcar_style() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("img.bin");
        std::fs::write(&p, b"hello").unwrap();
        let d = digest_file(&p).unwrap();
        let dp = write_digests_file(&d).unwrap();
        assert_eq!(dp.file_name().unwrap(), "img.bin.DIGESTS");
        let text = std::fs::read_to_string(&dp).unwrap();
        assert!(text.starts_with("# SHA256 HASH\n"));
        assert!(text.contains(&format!("# SHA512 HASH\n{}  img.bin\n", d.sha512_hex())));
        assert!(check_digests_file(&dp).unwrap().is_empty());
        // A Flatcar file with MD5/SHA1 blocks checks via its SHA512 block; md5 values are skipped.
        let flatcar = format!(
            "# MD5 HASH\n5d41402abc4b2a76b9719d911017c592  img.bin\n# SHA1 HASH\naaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d  img.bin\n# SHA512 HASH\n{} *img.bin\n",
            d.sha512_hex()
        );
        let entries = parse_digests(&flatcar, Path::new("x")).unwrap();
        assert_eq!(entries.len(), 3);
        assert!(check_digests(&entries, dir.path()).unwrap().is_empty());
        std::fs::write(&p, b"hellO").unwrap();
        let probs = check_digests_file(&dp).unwrap();
        assert_eq!(probs.len(), 2, "{probs:?}");
        assert!(matches!(&probs[0], DigestMismatch::Mismatch { name, .. } if name == "img.bin"));
    }

    #[test]
    fn parse_errors_name_file_and_line() {
        let e = parse_digests("abcd  x\n", Path::new("/r/a.DIGESTS"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/r/a.DIGESTS:1"), "{e}");
        let e = parse_digests("# SHA256 HASH\nzz  x\n", Path::new("a.DIGESTS"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.DIGESTS:2"), "{e}");
        let e = parse_digests("#!SHA256 HASH\nabcd  x\n", Path::new("a"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a:1: malformed block header"), "{e}");
        let e = parse_digests("# SHA256 HASH\nabcd  x\n", Path::new("a"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected 64"), "{e}");
    }

    #[test]
    fn unsafe_and_missing_names() {
        let dir = tempfile::tempdir().unwrap();
        let h = "0".repeat(64);
        let entries = parse_digests(
            &format!("# SHA256 HASH\n{h}  ../etc/passwd\n{h}  gone\n"),
            Path::new("x"),
        )
        .unwrap();
        let probs = check_digests(&entries, dir.path()).unwrap();
        assert_eq!(
            probs,
            vec![
                DigestMismatch::UnsafeName {
                    name: "../etc/passwd".into()
                },
                DigestMismatch::Missing {
                    name: "gone".into()
                }
            ]
        );
    }
}
