//! Portage binary packages in the gpkg format (GLEP 78): reading, verifying and
//! rewriting them canonically.
//!
//! # Format (checked against Portage 3.0.83 `portage/gpkg.py` and real packages)
//!
//! A gpkg `<name>.gpkg.tar` is an *uncompressed* outer tar whose members all live in one
//! directory, `<PF>/` (or `<PF>-<BUILD_ID>/` with `binpkg-multi-instance`; Portage takes
//! the common prefix of all member names, so the directory name is not fixed):
//!
//! | member | contents |
//! |---|---|
//! | `gpkg-1` | empty; its presence identifies the format |
//! | `metadata.tar.zst` | ustar tar of `metadata/<KEY>` files (`CATEGORY`, `PF`, `SLOT`, `BUILD_TIME`, `environment.bz2`, `<PF>.ebuild`, …), compressed with `BINPKG_COMPRESS` |
//! | `image.tar.zst` | tar of `image` and `image/<path>` (the installed tree), ustar unless a name, link or size does not fit, then GNU |
//! | `Manifest` | one `DATA <member> <size> <HASH> <hex> …` line per other member |
//!
//! Facts this module relies on:
//! * Portage writes the outer members in the order `gpkg-1`, `metadata.tar.zst`,
//!   `image.tar.zst`, `Manifest` (plus `*.sig` after a member when signing), in ustar
//!   format (GNU when the directory name is 154 bytes or longer), mode 0644, uid/gid 0,
//!   empty user/group names, and pads the tar to a multiple of 10240 bytes.
//! * Manifest lines are written in member order, but the *hash order within a line varies
//!   between runs*: Portage iterates `MANIFEST2_HASH_DEFAULTS`, a Python `frozenset` of
//!   `BLAKE2B` and `SHA512`, whose order depends on the interpreter's string hash seed.
//!   Real packages contain both `… SHA512 … BLAKE2B …` and `… BLAKE2B … SHA512 …`.
//!   The reader accepts any order; [`normalize`] always writes `BLAKE2B` then `SHA512`.
//! * Portage's extractor (`tar_safe_extract`) rejects absolute paths, `..`, duplicate
//!   names, device nodes/fifos and hard links whose target was not extracted before them;
//!   the reader here applies the same rules.
//! * The image tar comes from Python's `tarfile.add(recursive=True)`, which visits
//!   directory children in sorted order, so entries are already sorted component-wise.
//!
//! Only zstd-compressed (or uncompressed) inner tars are supported, and signatures are
//! not verified (a signed package is read, its digests checked; [`normalize`] refuses it).

use anyhow::{anyhow, bail, ensure, Context, Result};
use blake2::Blake2b512;
use md5::{Digest, Md5};
use sha2::{Sha256, Sha512};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Name of the (empty) member that marks a gpkg and its format version.
pub const GPKG_VERSION_FILE: &str = "gpkg-1";

/// The hash algorithms written to a gpkg Manifest, in the order [`normalize`] writes them.
pub const MANIFEST_HASHES: [&str; 2] = ["BLAKE2B", "SHA512"];

/// Record size Python's `tarfile` and GNU tar pad archives to.
const TAR_RECORD: u64 = 10240;

/// zstd level used for both inner tars (Portage's `zstd` default).
const ZSTD_LEVEL: i32 = 3;

/// One line of a gpkg `Manifest`: `DATA <name> <size> <HASH> <hex> …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRecord {
    /// Member name without the directory prefix, e.g. `image.tar.zst`.
    pub name: String,
    /// Size of the member in bytes.
    pub size: u64,
    /// `(algorithm, lowercase hex digest)` pairs in the order of the line.
    pub digests: Vec<(String, String)>,
}

impl ManifestRecord {
    /// The digest recorded for `algo` (`BLAKE2B`, `SHA512`, …), if any.
    pub fn digest(&self, algo: &str) -> Option<&str> {
        self.digests.iter().find(|(a, _)| a == algo).map(|(_, d)| d.as_str())
    }
}

/// A member of the outer tar.
#[derive(Debug, Clone)]
struct Member {
    /// Name without the directory prefix.
    name: String,
    /// Offset of the member's data in the file.
    offset: u64,
    /// Size of the member's data.
    size: u64,
}

/// A gpkg binary package whose Manifest digests have been verified.
///
/// The metadata is held in memory; the image is streamed from the file on demand
/// ([`Gpkg::for_each_image_entry`], [`Gpkg::image_entries`]).
#[derive(Debug, Clone)]
pub struct Gpkg {
    /// The package file.
    pub path: PathBuf,
    /// The directory all outer members live in (`<PF>` or `<PF>-<BUILD_ID>`).
    pub basename: String,
    /// `PF` from the metadata, e.g. `busybox-1.35.0-r1`.
    pub pf: String,
    /// Metadata files: key (file name under `metadata/`) → contents.
    pub metadata: BTreeMap<String, Vec<u8>>,
    /// The parsed Manifest, in file order.
    pub manifest: Vec<ManifestRecord>,
    /// Whether the Manifest is PGP-signed (the signature itself is not verified).
    pub signed: bool,
    /// MD5 of the whole package file (what Portage stores as `BINPKGMD5` in the VDB).
    pub file_md5: String,
    /// Size of the package file in bytes.
    pub file_size: u64,
    members: Vec<Member>,
    image: Member,
}

/// Kind of an entry in a package image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    /// A directory.
    Dir,
    /// A regular file.
    File,
    /// A symbolic link ([`ImageEntry::link`] is its target, verbatim).
    Symlink,
    /// A hard link to an earlier regular file ([`ImageEntry::link`] is that file's path
    /// relative to the image root).
    Hardlink,
}

/// One entry of a package image (header only; the content is passed separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageEntry {
    /// Path relative to the image root without a leading `/`, e.g. `usr/bin/busybox`.
    /// The image root itself (only reported by the internal walker) is `""`.
    pub path: String,
    /// Entry kind.
    pub kind: EntryKind,
    /// Permission bits including setuid/setgid/sticky (`mode & 0o7777`).
    pub mode: u32,
    /// Numeric owner.
    pub uid: u64,
    /// Numeric group.
    pub gid: u64,
    /// Modification time (seconds since the epoch).
    pub mtime: u64,
    /// Content size (0 for everything but regular files).
    pub size: u64,
    /// Symlink target, or the hard-link target relative to the image root.
    pub link: Option<String>,
}

impl ImageEntry {
    /// The absolute path this entry is installed at, e.g. `/usr/bin/busybox`.
    pub fn abs_path(&self) -> String {
        format!("/{}", self.path)
    }
}

/// Orders image paths component by component, so that a directory comes before its
/// children and `a/b` before `a-b` (the order of Python's recursive `tarfile.add`).
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_empty() || b.is_empty() {
        return (!a.is_empty()).cmp(&!b.is_empty());
    }
    a.split('/').cmp(b.split('/'))
}

impl Gpkg {
    /// Reads a gpkg, verifies the size and every known digest (BLAKE2B, SHA512) of every
    /// member against its Manifest, and loads the metadata.
    ///
    /// Errors name the file and the member (e.g. a digest mismatch of `image.tar.zst`).
    pub fn read(path: &Path) -> Result<Gpkg> {
        let disp = path.display();
        let file = File::open(path).with_context(|| format!("{disp}: cannot open binary package"))?;
        let file_size = file.metadata().with_context(|| format!("{disp}: cannot stat"))?.len();
        let mut md5r = HashReader::new(BufReader::with_capacity(1 << 16, file), Md5::new());
        let mut members: Vec<Member> = Vec::new();
        let mut computed: HashMap<String, (String, String)> = HashMap::new();
        let mut prefix: Option<String> = None;
        let mut manifest_raw: Option<Vec<u8>> = None;
        let mut metadata_raw: Option<(String, Vec<u8>)> = None;
        {
            let mut outer = tar::Archive::new(&mut md5r);
            let entries = outer.entries().with_context(|| format!("{disp}: not a tar archive"))?;
            for entry in entries {
                let mut entry = entry.with_context(|| format!("{disp}: cannot read the outer tar"))?;
                let name = String::from_utf8(entry.path_bytes().into_owned())
                    .map_err(|_| anyhow!("{disp}: member name is not UTF-8"))?;
                let (dir, base) = match name.split_once('/') {
                    Some((d, b)) if !d.is_empty() && !b.is_empty() && !b.contains('/') => (d, b),
                    _ => bail!("{disp}: member {name:?} is not <dir>/<file> (gpkg structure mismatch)"),
                };
                match &prefix {
                    None => prefix = Some(dir.to_string()),
                    Some(p) if p != dir => bail!("{disp}: members in two directories ({p}, {dir})"),
                    Some(_) => {}
                }
                ensure!(
                    entry.header().entry_type().is_file(),
                    "{disp}: member {name} is not a regular file"
                );
                ensure!(!members.iter().any(|m| m.name == base), "{disp}: duplicate member {name}");
                let size = entry.size();
                let offset = entry.raw_file_position();
                let base = base.to_string();
                if base == "Manifest" || base.starts_with("metadata.tar") {
                    ensure!(
                        size <= METADATA_LIMIT,
                        "{disp}: member {name} is {size} bytes, more than the limit of {} MiB",
                        METADATA_LIMIT >> 20
                    );
                    let mut buf = Vec::with_capacity(size.min(1 << 20) as usize);
                    entry.read_to_end(&mut buf).with_context(|| format!("{disp}: cannot read member {name}"))?;
                    if base == "Manifest" {
                        manifest_raw = Some(buf);
                    } else {
                        computed.insert(base.clone(), digests_of(&buf));
                        metadata_raw = Some((base.clone(), buf));
                    }
                } else {
                    let mut sink = DigestSink::default();
                    io::copy(&mut entry, &mut sink).with_context(|| format!("{disp}: cannot read member {name}"))?;
                    computed.insert(base.clone(), sink.finish());
                }
                members.push(Member { name: base, offset, size });
            }
        }
        io::copy(&mut md5r, &mut io::sink()).with_context(|| format!("{disp}: read error"))?;
        let file_md5 = hex::encode(md5r.hasher.finalize());

        let basename = prefix.ok_or_else(|| anyhow!("{disp}: empty tar, not a gpkg"))?;
        ensure!(
            members.iter().any(|m| m.name == GPKG_VERSION_FILE),
            "{disp}: no {basename}/{GPKG_VERSION_FILE} member, not a gpkg"
        );
        let manifest_raw = manifest_raw.ok_or_else(|| anyhow!("{disp}: member {basename}/Manifest is missing"))?;
        let manifest_text = String::from_utf8(manifest_raw)
            .map_err(|_| anyhow!("{disp}: member {basename}/Manifest is not UTF-8"))?;
        let signed = manifest_text.contains("-----BEGIN PGP SIGNED MESSAGE-----");
        let manifest = parse_manifest(&manifest_text).with_context(|| format!("{disp}: member {basename}/Manifest"))?;

        for m in members.iter().filter(|m| m.name != "Manifest") {
            let rec = manifest
                .iter()
                .find(|r| r.name == m.name)
                .ok_or_else(|| anyhow!("{disp}: member {basename}/{} is not listed in the Manifest", m.name))?;
            ensure!(
                rec.size == m.size,
                "{disp}: member {basename}/{}: size mismatch (Manifest: {}, actual: {})",
                m.name,
                rec.size,
                m.size
            );
            let (b2, s5) = &computed[&m.name];
            check_digests(rec, b2, s5).with_context(|| format!("{disp}: member {basename}/{}", m.name))?;
        }
        for rec in &manifest {
            ensure!(
                members.iter().any(|m| m.name == rec.name),
                "{disp}: Manifest lists {}, which is not in the package",
                rec.name
            );
        }

        let (meta_name, meta_blob) =
            metadata_raw.ok_or_else(|| anyhow!("{disp}: member {basename}/metadata.tar.* is missing"))?;
        let metadata = parse_metadata(&meta_name, &meta_blob)
            .with_context(|| format!("{disp}: member {basename}/{meta_name}"))?;
        let image = members
            .iter()
            .find(|m| m.name.starts_with("image.tar"))
            .cloned()
            .ok_or_else(|| anyhow!("{disp}: member {basename}/image.tar.* is missing"))?;
        decompressor_for(&image.name).with_context(|| format!("{disp}: member {basename}/{}", image.name))?;
        let pf = metadata
            .get("PF")
            .map(|v| String::from_utf8_lossy(v).trim().to_string())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| anyhow!("{disp}: metadata has no PF"))?;
        ensure!(
            metadata.get("CATEGORY").is_some_and(|c| !String::from_utf8_lossy(c).trim().is_empty()),
            "{disp}: metadata has no CATEGORY"
        );
        Ok(Gpkg { path: path.to_path_buf(), basename, pf, metadata, manifest, signed, file_md5, file_size, members, image })
    }

    /// A metadata value as text, trimmed (`None` if the key is absent).
    pub fn meta_str(&self, key: &str) -> Option<String> {
        self.metadata.get(key).map(|v| String::from_utf8_lossy(v).trim().to_string())
    }

    /// `CATEGORY`, e.g. `sys-apps`.
    pub fn category(&self) -> String {
        self.meta_str("CATEGORY").unwrap_or_default()
    }

    /// `SLOT` including a sub-slot if there is one (`0`, `0/6.1.0-56`); `0` if absent.
    pub fn slot(&self) -> String {
        self.meta_str("SLOT").filter(|s| !s.is_empty()).unwrap_or_else(|| "0".to_string())
    }

    /// `<CATEGORY>/<PF>`, e.g. `sys-apps/busybox-1.35.0`.
    pub fn cpv(&self) -> String {
        format!("{}/{}", self.category(), self.pf)
    }

    /// Names of the outer members (without the directory), in file order.
    pub fn member_names(&self) -> Vec<String> {
        self.members.iter().map(|m| m.name.clone()).collect()
    }

    /// Compressed size of the image member.
    pub fn image_size(&self) -> u64 {
        self.image.size
    }

    /// Streams the image: calls `visit` for every entry below the image root, in archive
    /// order, with a reader for its content (empty for everything but regular files).
    ///
    /// Nothing but the current entry is held in memory. The compressed stream is hashed
    /// again while reading; if it no longer matches the Manifest (the file changed after
    /// [`Gpkg::read`]) an error is returned after the last entry.
    pub fn for_each_image_entry<F>(&self, mut visit: F) -> Result<()>
    where
        F: FnMut(&ImageEntry, &mut dyn Read) -> Result<()>,
    {
        self.walk_image(&mut |e, r| if e.path.is_empty() { Ok(()) } else { visit(e, r) })
    }

    /// All image entries below the root (headers only), in archive order.
    pub fn image_entries(&self) -> Result<Vec<ImageEntry>> {
        let mut out = Vec::new();
        self.for_each_image_entry(|e, _| {
            out.push(e.clone());
            Ok(())
        })?;
        Ok(out)
    }

    /// Walks every image entry including the root (`path == ""`), validating paths the
    /// way Portage's extractor does.
    fn walk_image(&self, visit: &mut dyn FnMut(&ImageEntry, &mut dyn Read) -> Result<()>) -> Result<()> {
        let disp = self.path.display();
        let member = format!("{}/{}", self.basename, self.image.name);
        let mut file = File::open(&self.path).with_context(|| format!("{disp}: cannot open binary package"))?;
        file.seek(SeekFrom::Start(self.image.offset)).with_context(|| format!("{disp}: cannot seek to {member}"))?;
        let mut raw = HashReader::new(BufReader::with_capacity(1 << 16, file).take(self.image.size), DigestPair::default());
        {
            let reader: Box<dyn Read + '_> = match decompressor_for(&self.image.name)? {
                Compression::Zstd => Box::new(
                    zstd::stream::read::Decoder::new(&mut raw)
                        .with_context(|| format!("{disp}: {member}: cannot start zstd"))?,
                ),
                Compression::None => Box::new(&mut raw),
            };
            let mut ar = tar::Archive::new(reader);
            let mut seen: HashSet<String> = HashSet::new();
            let mut files: HashSet<String> = HashSet::new();
            for entry in ar.entries().with_context(|| format!("{disp}: {member}: not a tar archive"))? {
                let mut entry = entry.with_context(|| format!("{disp}: {member}: corrupt tar"))?;
                let e = image_entry(&entry).with_context(|| format!("{disp}: {member}"))?;
                ensure!(seen.insert(e.path.clone()), "{disp}: {member}: duplicate entry /{}", e.path);
                match e.kind {
                    EntryKind::File => {
                        files.insert(e.path.clone());
                    }
                    EntryKind::Hardlink => {
                        let t = e.link.as_deref().unwrap_or_default();
                        ensure!(
                            files.contains(t),
                            "{disp}: {member}: hard link /{} points to /{t}, which is not an earlier regular file",
                            e.path
                        );
                        files.insert(e.path.clone());
                    }
                    _ => {}
                }
                visit(&e, &mut entry).with_context(|| format!("{disp}: /{}", e.path))?;
            }
        }
        io::copy(&mut raw, &mut io::sink()).with_context(|| format!("{disp}: cannot read {member}"))?;
        let (b2, s5) = raw.hasher.finish();
        let rec = self
            .manifest
            .iter()
            .find(|r| r.name == self.image.name)
            .ok_or_else(|| anyhow!("{disp}: {member} is not in the Manifest"))?;
        check_digests(rec, &b2, &s5)
            .with_context(|| format!("{disp}: member {member} changed since the package was verified"))?;
        Ok(())
    }
}

/// Converts a tar header of the image into an [`ImageEntry`].
fn image_entry<R: Read>(entry: &tar::Entry<'_, R>) -> Result<ImageEntry> {
    let raw = entry.path_bytes();
    let name = std::str::from_utf8(&raw).map_err(|_| anyhow!("entry name {:?} is not UTF-8", String::from_utf8_lossy(&raw)))?;
    let path = image_path(name)?;
    let h = entry.header();
    let t = h.entry_type();
    let kind = if t.is_file() || t == tar::EntryType::Continuous {
        EntryKind::File
    } else if t.is_dir() {
        EntryKind::Dir
    } else if t.is_symlink() {
        EntryKind::Symlink
    } else if t.is_hard_link() {
        EntryKind::Hardlink
    } else {
        bail!("/{path}: unsupported entry type {t:?} (device nodes, fifos and sparse files are not allowed in packages)");
    };
    ensure!(!(path.is_empty() && kind != EntryKind::Dir), "the image root is not a directory");
    let link = match kind {
        EntryKind::Symlink | EntryKind::Hardlink => {
            let l = entry.link_name_bytes().ok_or_else(|| anyhow!("/{path}: link without a target"))?;
            let l = String::from_utf8(l.into_owned()).map_err(|_| anyhow!("/{path}: link target is not UTF-8"))?;
            ensure!(!l.is_empty(), "/{path}: empty link target");
            Some(if kind == EntryKind::Hardlink {
                let t = image_path(&l).with_context(|| format!("/{path}: hard link target"))?;
                ensure!(!t.is_empty(), "/{path}: hard link to the image root");
                t
            } else {
                l
            })
        }
        _ => None,
    };
    Ok(ImageEntry {
        path: path.clone(),
        kind,
        mode: h.mode().with_context(|| format!("/{path}: bad mode"))? & 0o7777,
        uid: h.uid().with_context(|| format!("/{path}: bad uid"))?,
        gid: h.gid().with_context(|| format!("/{path}: bad gid"))?,
        mtime: h.mtime().with_context(|| format!("/{path}: bad mtime"))?,
        size: if kind == EntryKind::File { entry.size() } else { 0 },
        link,
    })
}

/// `image/usr/bin/x` (or `./image/usr/bin/x/`) → `usr/bin/x`; `image` → `""`.
fn image_path(name: &str) -> Result<String> {
    let name = name.strip_prefix("./").unwrap_or(name);
    let name = name.trim_end_matches('/');
    let mut comps = name.split('/').filter(|c| !c.is_empty() && *c != ".");
    ensure!(comps.next() == Some("image"), "entry {name:?} is outside image/");
    let rest: Vec<&str> = comps.collect();
    ensure!(!name.starts_with('/'), "absolute entry name {name:?}");
    ensure!(!rest.contains(&".."), "entry {name:?} contains '..'");
    Ok(rest.join("/"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compression {
    Zstd,
    None,
}

fn decompressor_for(member: &str) -> Result<Compression> {
    if member.ends_with(".tar.zst") {
        Ok(Compression::Zstd)
    } else if member.ends_with(".tar") {
        Ok(Compression::None)
    } else {
        bail!("unsupported compression of {member} (only zstd and uncompressed inner tars are supported; set BINPKG_COMPRESS=zstd)")
    }
}

fn parse_manifest(text: &str) -> Result<Vec<ManifestRecord>> {
    let mut out: Vec<ManifestRecord> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        // In a clear-signed Manifest only the DATA lines matter here.
        if line.is_empty() || !line.starts_with("DATA") {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        ensure!(f.len() >= 3 && f[0] == "DATA" && f.len() % 2 == 1, "malformed line {line:?}");
        let size = f[2].parse::<u64>().map_err(|_| anyhow!("bad size in line {line:?}"))?;
        ensure!(!out.iter().any(|r| r.name == f[1]), "{} is listed twice", f[1]);
        let digests = f[3..].chunks(2).map(|c| (c[0].to_string(), c[1].to_ascii_lowercase())).collect();
        out.push(ManifestRecord { name: f[1].to_string(), size, digests });
    }
    Ok(out)
}

fn check_digests(rec: &ManifestRecord, blake2b: &str, sha512: &str) -> Result<()> {
    let mut checked = 0;
    for (algo, actual) in [("BLAKE2B", blake2b), ("SHA512", sha512)] {
        if let Some(want) = rec.digest(algo) {
            ensure!(want == actual, "{algo} digest mismatch (Manifest: {want}, actual: {actual})");
            checked += 1;
        }
    }
    ensure!(checked > 0, "no supported digest (BLAKE2B or SHA512) in the Manifest line");
    Ok(())
}

/// Most bytes the metadata may hold, at every stage: the `Manifest` and `metadata.tar.*`
/// members as stored, the decompressed metadata archive, and every decompressed file in
/// it (`environment.bz2` when it is normalised). Real metadata is a few hundred KiB; the
/// limit keeps a crafted package (a zstd or bzip2 bomb) from taking unbounded memory.
pub const METADATA_LIMIT: u64 = 64 << 20;

/// Reads at most `limit` bytes of `r`; more is an error naming `what`.
fn read_limited(r: impl Read, limit: u64, what: &str) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(limit + 1).read_to_end(&mut buf)?;
    ensure!(
        buf.len() as u64 <= limit,
        "{what} is larger than the limit of {} MiB once decompressed (a decompression bomb?)",
        limit >> 20
    );
    Ok(buf)
}

fn parse_metadata(member: &str, blob: &[u8]) -> Result<BTreeMap<String, Vec<u8>>> {
    let tar_bytes = match decompressor_for(member)? {
        Compression::Zstd => {
            let dec = zstd::stream::read::Decoder::new(blob).context("zstd decompression failed")?;
            read_limited(dec, METADATA_LIMIT, member).context("zstd decompression failed")?
        }
        Compression::None => blob.to_vec(),
    };
    let mut ar = tar::Archive::new(&tar_bytes[..]);
    let mut out = BTreeMap::new();
    for entry in ar.entries().context("not a tar archive")? {
        let mut entry = entry.context("corrupt tar")?;
        let name = String::from_utf8(entry.path_bytes().into_owned()).map_err(|_| anyhow!("entry name is not UTF-8"))?;
        let name = name.strip_prefix("./").unwrap_or(&name).trim_end_matches('/').to_string();
        if entry.header().entry_type().is_dir() {
            continue;
        }
        let key = name
            .strip_prefix("metadata/")
            .filter(|k| !k.is_empty() && !k.contains('/') && *k != "." && *k != "..")
            .ok_or_else(|| anyhow!("entry {name:?} is not metadata/<KEY>"))?
            .to_string();
        ensure!(entry.header().entry_type().is_file(), "{name} is not a regular file");
        let buf = read_limited(&mut entry, METADATA_LIMIT, &name).with_context(|| format!("cannot read {name}"))?;
        ensure!(out.insert(key, buf).is_none(), "duplicate entry {name}");
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Hashing helpers

#[derive(Default)]
struct DigestPair {
    blake2b: Blake2b512,
    sha512: Sha512,
}

trait Hasher {
    fn feed(&mut self, data: &[u8]);
}

impl Hasher for DigestPair {
    fn feed(&mut self, data: &[u8]) {
        self.blake2b.update(data);
        self.sha512.update(data);
    }
}

impl Hasher for Md5 {
    fn feed(&mut self, data: &[u8]) {
        self.update(data);
    }
}

impl DigestPair {
    fn finish(self) -> (String, String) {
        (hex::encode(self.blake2b.finalize()), hex::encode(self.sha512.finalize()))
    }
}

fn digests_of(data: &[u8]) -> (String, String) {
    let mut d = DigestPair::default();
    d.feed(data);
    d.finish()
}

/// A reader that hashes everything read through it.
struct HashReader<R, H> {
    inner: R,
    hasher: H,
}

impl<R, H> HashReader<R, H> {
    fn new(inner: R, hasher: H) -> Self {
        Self { inner, hasher }
    }
}

impl<R: Read, H: Hasher> Read for HashReader<R, H> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.feed(&buf[..n]);
        Ok(n)
    }
}

/// A writer that only hashes (BLAKE2B + SHA512).
#[derive(Default)]
struct DigestSink {
    d: DigestPair,
    len: u64,
}

impl DigestSink {
    fn finish(self) -> (String, String) {
        self.d.finish()
    }
}

impl Write for DigestSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.d.feed(buf);
        self.len += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A writer that hashes (BLAKE2B + SHA512) and counts what passes through it.
struct HashWriter<W> {
    inner: W,
    d: DigestPair,
    len: u64,
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.d.feed(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A writer that counts bytes (to pad tars to whole records).
struct CountWriter<W> {
    inner: W,
    len: u64,
}

impl<W: Write> Write for CountWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that counts bytes (to check an entry delivered exactly its header size).
struct CountReader<R> {
    inner: R,
    len: u64,
}

impl<R: Read> Read for CountReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.len += n as u64;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------
// Normalisation

/// Options of [`normalize`].
#[derive(Debug, Clone, Default)]
pub struct Normalize {
    /// SOURCE_DATE_EPOCH: every tar header mtime of the container and the metadata, and
    /// `metadata/BUILD_TIME`, become this value; image mtimes are clamped to it.
    pub source_date_epoch: u64,
    /// Byte substitutions `(from, to)`, applied in order (each one to the result of the
    /// previous, all non-overlapping occurrences left to right) to every metadata file and
    /// to the *decompressed* `environment.bz2`, e.g. `("/work/main", "/mnt/host/source")`.
    /// The image is never rewritten.
    pub path_map: Vec<(String, String)>,
    /// Record uid/gid 0 for every image entry (otherwise the recorded owners are kept;
    /// they are 0 anyway for packages built under `unshare --map-root-user`).
    pub force_root_owner: bool,
}

/// What [`normalize`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// SHA-256 of the output file (lowercase hex).
    pub sha256: String,
    /// Size of the output file in bytes.
    pub size: u64,
    /// Size of `metadata.tar.zst`.
    pub metadata_size: u64,
    /// Size of `image.tar.zst`.
    pub image_size: u64,
    /// Number of image entries below the root (directories, files, links).
    pub entries: u64,
    /// Number of regular files in the image (hard links included).
    pub files: u64,
    /// Sum of the sizes of the regular files (each hard-linked inode counted once).
    pub installed_bytes: u64,
}

/// Applies `map` (see [`Normalize::path_map`]) to `data`.
pub fn substitute(data: &[u8], map: &[(String, String)]) -> Vec<u8> {
    let mut cur = data.to_vec();
    for (from, to) in map {
        let (from, to) = (from.as_bytes(), to.as_bytes());
        if from.is_empty() || cur.len() < from.len() {
            continue;
        }
        let mut out = Vec::with_capacity(cur.len());
        let mut i = 0;
        while i < cur.len() {
            if cur[i] == from[0] && cur[i..].starts_with(from) {
                out.extend_from_slice(to);
                i += from.len();
            } else {
                out.push(cur[i]);
                i += 1;
            }
        }
        cur = out;
    }
    cur
}

/// Rewrites the gpkg `input` canonically into `output`, so that two builds of the same
/// package give byte-identical files, and real Portage still accepts the result.
///
/// * Outer tar: members `gpkg-1`, `metadata.tar.zst`, `image.tar.zst`, `Manifest` (the
///   input's directory name is kept), ustar (GNU only for directory names ≥ 154 bytes,
///   like Portage), mtime = SOURCE_DATE_EPOCH, mode 0644, uid/gid 0, empty user/group
///   names, padded to 10240-byte records.
/// * Metadata tar: entries sorted by name, same header rules; `BUILD_TIME` =
///   `"<SDE>\n"`; [`Normalize::path_map`] applied; `environment.bz2` decompressed,
///   substituted and recompressed with bzip2 level 9; zstd level 3, one thread.
/// * Image tar: entries sorted component-wise (parents first), mtime = min(mtime, SDE),
///   modes and owners kept (owners 0 with `force_root_owner`), empty user/group names
///   (Portage then chowns by number), ustar unless an entry does not fit, then GNU; a hard
///   link whose target does not precede it after sorting is stored as a copy. pax
///   extended headers are *not* carried over: xattrs, sub-second times and other pax
///   records are dropped (Portage's own image tars never contain any). zstd level 3, one
///   thread, with a content checksum.
/// * `Manifest` regenerated: one line per member in member order, `BLAKE2B` then `SHA512`.
///
/// The output is written under a temporary name in the same directory and renamed, so
/// `output` never holds a partial file. Signed packages are refused (normalise before
/// signing).
pub fn normalize(input: &Path, output: &Path, opts: &Normalize) -> Result<Summary> {
    let pkg = Gpkg::read(input)?;
    let disp = input.display();
    ensure!(
        !pkg.signed && !pkg.members.iter().any(|m| m.name.ends_with(".sig")),
        "{disp}: signed binary package: normalise before signing"
    );
    for m in &pkg.members {
        ensure!(
            m.name == GPKG_VERSION_FILE || m.name == "Manifest" || m.name.starts_with("metadata.tar") || m.name.starts_with("image.tar"),
            "{disp}: unexpected member {}/{}",
            pkg.basename,
            m.name
        );
    }
    let metadata = normalized_metadata(&pkg, opts).with_context(|| format!("{disp}: metadata"))?;

    let dir = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fname = output
        .file_name()
        .ok_or_else(|| anyhow!("{}: output path has no file name", output.display()))?
        .to_string_lossy()
        .to_string();
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let seq = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{fname}.tmp-{}-{seq}", std::process::id()));
    // Left over by a crashed process that had the same pid.
    let _ = std::fs::remove_file(&tmp);
    let result = write_normalized(&pkg, &metadata, &tmp, opts).and_then(|stats| {
        std::fs::rename(&tmp, output)
            .with_context(|| format!("{}: cannot rename {} into place", output.display(), tmp.display()))?;
        Ok(stats)
    });
    let (meta_size, image_size, stats) = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.context(format!("normalising {disp} into {}", output.display())));
        }
    };
    let mut f = File::open(output).with_context(|| format!("{}: cannot reopen", output.display()))?;
    let mut h = Sha256::new();
    let size = io::copy(&mut f, &mut ShaWriter(&mut h)).with_context(|| format!("{}: read error", output.display()))?;
    Ok(Summary {
        sha256: hex::encode(h.finalize()),
        size,
        metadata_size: meta_size,
        image_size,
        entries: stats.entries,
        files: stats.files,
        installed_bytes: stats.bytes,
    })
}

struct ShaWriter<'a>(&'a mut Sha256);

impl Write for ShaWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Default)]
struct ImageStats {
    entries: u64,
    files: u64,
    bytes: u64,
}

/// The metadata files after normalisation (sorted by key).
fn normalized_metadata(pkg: &Gpkg, opts: &Normalize) -> Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    for (k, v) in &pkg.metadata {
        let v = match k.as_str() {
            "BUILD_TIME" => format!("{}\n", opts.source_date_epoch).into_bytes(),
            "environment.bz2" => {
                let plain = read_limited(bzip2::read::MultiBzDecoder::new(&v[..]), METADATA_LIMIT, "metadata/environment.bz2")
                    .context("environment.bz2: bzip2 decompression failed")?;
                let plain = substitute(&plain, &opts.path_map);
                let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
                enc.write_all(&plain).context("environment.bz2: bzip2 compression failed")?;
                enc.finish().context("environment.bz2: bzip2 compression failed")?
            }
            _ => substitute(v, &opts.path_map),
        };
        out.insert(k.clone(), v);
    }
    Ok(out)
}

/// A tar header with the fixed fields of every header we write.
fn base_header(gnu: bool, kind: tar::EntryType, mode: u32, uid: u64, gid: u64, mtime: u64, size: u64) -> tar::Header {
    let mut h = if gnu { tar::Header::new_gnu() } else { tar::Header::new_ustar() };
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_uid(uid);
    h.set_gid(gid);
    h.set_mtime(mtime);
    h.set_size(size);
    h
}

fn zstd_encoder<W: Write>(w: W) -> Result<zstd::stream::write::Encoder<'static, W>> {
    let mut enc = zstd::stream::write::Encoder::new(w, ZSTD_LEVEL).context("cannot start zstd")?;
    enc.include_checksum(true).context("zstd: checksum flag")?;
    // Single-threaded (the crate is built without zstdmt): output independent of cores.
    Ok(enc)
}

/// Writes zeros so the tar stream ends on a 10240-byte record (as tarfile/GNU tar do).
fn pad_record<W: Write>(w: &mut W, len: u64) -> io::Result<()> {
    let rem = (TAR_RECORD - len % TAR_RECORD) % TAR_RECORD;
    w.write_all(&vec![0u8; rem as usize])
}

fn metadata_tar_zst(meta: &BTreeMap<String, Vec<u8>>, sde: u64) -> Result<Vec<u8>> {
    let mut b = tar::Builder::new(CountWriter { inner: Vec::new(), len: 0 });
    for (k, v) in meta {
        let mut h = base_header(false, tar::EntryType::Regular, 0o644, 0, 0, sde, v.len() as u64);
        b.append_data(&mut h, format!("metadata/{k}"), &v[..]).with_context(|| format!("metadata/{k}"))?;
    }
    b.finish()?;
    let mut cw = b.into_inner()?;
    let len = cw.len;
    pad_record(&mut cw, len)?;
    let mut enc = zstd_encoder(Vec::new())?;
    enc.write_all(&cw.inner)?;
    Ok(enc.finish()?)
}

fn write_normalized(
    pkg: &Gpkg,
    metadata: &BTreeMap<String, Vec<u8>>,
    tmp: &Path,
    opts: &Normalize,
) -> Result<(u64, u64, ImageStats)> {
    let sde = opts.source_date_epoch;
    let meta_zst = metadata_tar_zst(metadata, sde)?;
    let gnu_outer = pkg.basename.len() >= 154;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .with_context(|| format!("{}: cannot create", tmp.display()))?;
    let mut outer = tar::Builder::new(BufWriter::with_capacity(1 << 16, file));
    let mut manifest = String::new();
    let mut line = |name: &str, size: u64, (b2, s5): (String, String)| {
        manifest.push_str(&format!("DATA {name} {size} BLAKE2B {b2} SHA512 {s5}\n"));
    };
    let member = |name: &str| format!("{}/{}", pkg.basename, name);
    let outer_header = |size: u64| base_header(gnu_outer, tar::EntryType::Regular, 0o644, 0, 0, sde, size);

    outer.append_data(&mut outer_header(0), member(GPKG_VERSION_FILE), io::empty())?;
    line(GPKG_VERSION_FILE, 0, digests_of(&[]));
    outer.append_data(&mut outer_header(meta_zst.len() as u64), member("metadata.tar.zst"), &meta_zst[..])?;
    line("metadata.tar.zst", meta_zst.len() as u64, digests_of(&meta_zst));

    let mut h = outer_header(0);
    let (image_size, image_digests, stats) = {
        let w = outer.append_writer(&mut h, member("image.tar.zst"))?;
        let hw = HashWriter { inner: w, d: DigestPair::default(), len: 0 };
        let enc = zstd_encoder(hw)?;
        let (enc, stats) = write_image(pkg, CountWriter { inner: enc, len: 0 }, opts)?;
        let hw = enc.finish().context("zstd: finishing image.tar.zst")?;
        let (len, d) = (hw.len, hw.d.finish());
        hw.inner.finish().context("writing image.tar.zst")?;
        (len, d, stats)
    };
    line("image.tar.zst", image_size, image_digests);

    let mbytes = manifest.into_bytes();
    outer.append_data(&mut outer_header(mbytes.len() as u64), member("Manifest"), &mbytes[..])?;
    outer.finish()?;
    let mut bw = outer.into_inner()?;
    let len = bw.stream_position()?;
    pad_record(&mut bw, len)?;
    let file = bw.into_inner().map_err(|e| e.into_error()).with_context(|| format!("{}: write error", tmp.display()))?;
    file.sync_all().with_context(|| format!("{}: fsync", tmp.display()))?;
    Ok((meta_zst.len() as u64, image_size, stats))
}

/// Writes the canonical image tar into `w` and returns the writer (before compression is
/// finished) and statistics.
fn write_image<W: Write>(pkg: &Gpkg, w: CountWriter<W>, opts: &Normalize) -> Result<(W, ImageStats)> {
    let disp = pkg.path.display();
    // Pass 1: headers only.
    let mut entries: Vec<ImageEntry> = Vec::new();
    pkg.walk_image(&mut |e, _| {
        entries.push(e.clone());
        Ok(())
    })?;
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| path_order(&entries[a].path, &entries[b].path));
    let rank: HashMap<&str, usize> = order.iter().enumerate().map(|(r, &i)| (entries[i].path.as_str(), r)).collect();
    let in_order = order.iter().enumerate().all(|(r, &i)| r == i);
    let links_precede = entries.iter().all(|e| {
        e.kind != EntryKind::Hardlink || e.link.as_deref().and_then(|t| rank.get(t)).is_some_and(|&r| r < rank[e.path.as_str()])
    });
    let gnu = !entries.iter().all(fits_ustar);

    let mut iw = ImageWriter { b: tar::Builder::new(w), gnu, opts, written_files: HashSet::new(), stats: ImageStats::default() };
    if in_order && links_precede {
        // Pass 2, streaming: the archive is already in canonical order.
        pkg.walk_image(&mut |e, r| iw.add(e, r))?;
    } else {
        tracing::debug!("{disp}: image not in canonical order, reordering in memory");
        let mut data: Vec<Option<Vec<u8>>> = vec![None; entries.len()];
        let mut idx = 0;
        pkg.walk_image(&mut |e, r| {
            if e.kind == EntryKind::File {
                let mut buf = Vec::with_capacity(e.size.min(1 << 24) as usize);
                r.read_to_end(&mut buf)?;
                data[idx] = Some(buf);
            }
            idx += 1;
            Ok(())
        })?;
        let by_path: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.path.as_str(), i)).collect();
        for &i in &order {
            let e = &entries[i];
            if e.kind == EntryKind::Hardlink && !iw.written_files.contains(e.link.as_deref().unwrap_or_default()) {
                // Target comes later: store a copy of the content instead.
                let mut t = by_path[e.link.as_deref().unwrap_or_default()];
                while entries[t].kind == EntryKind::Hardlink {
                    t = by_path[entries[t].link.as_deref().unwrap_or_default()];
                }
                let content = data[t].as_deref().unwrap_or_default();
                let copy = ImageEntry { kind: EntryKind::File, size: content.len() as u64, link: None, ..e.clone() };
                iw.add(&copy, &mut &content[..]).with_context(|| format!("{disp}: /{}", e.path))?;
            } else {
                let content = data[i].take().unwrap_or_default();
                iw.add(e, &mut &content[..]).with_context(|| format!("{disp}: /{}", e.path))?;
                if e.kind == EntryKind::File {
                    data[i] = Some(content);
                }
            }
        }
    }
    let ImageWriter { mut b, stats, .. } = iw;
    b.finish()?;
    let mut cw = b.into_inner()?;
    let len = cw.len;
    pad_record(&mut cw, len)?;
    Ok((cw.inner, stats))
}

fn tar_name(path: &str) -> String {
    if path.is_empty() {
        "image".to_string()
    } else {
        format!("image/{path}")
    }
}

/// Whether an entry can be written as a plain ustar header.
fn fits_ustar(e: &ImageEntry) -> bool {
    let mut h = tar::Header::new_ustar();
    let link_ok = match e.kind {
        EntryKind::Symlink => e.link.as_deref().is_some_and(|l| l.len() < 100),
        EntryKind::Hardlink => e.link.as_deref().is_some_and(|l| tar_name(l).len() < 100),
        _ => true,
    };
    link_ok && h.set_path(tar_name(&e.path)).is_ok() && e.size < 0o77777777777 && e.uid < 0o7777777 && e.gid < 0o7777777
}

struct ImageWriter<'o, W: Write> {
    b: tar::Builder<W>,
    gnu: bool,
    opts: &'o Normalize,
    written_files: HashSet<String>,
    stats: ImageStats,
}

impl<W: Write> ImageWriter<'_, W> {
    fn add(&mut self, e: &ImageEntry, data: &mut dyn Read) -> Result<()> {
        let (uid, gid) = if self.opts.force_root_owner { (0, 0) } else { (e.uid, e.gid) };
        let mtime = e.mtime.min(self.opts.source_date_epoch);
        let name = tar_name(&e.path);
        let kind = match e.kind {
            EntryKind::Dir => tar::EntryType::Directory,
            EntryKind::File => tar::EntryType::Regular,
            EntryKind::Symlink => tar::EntryType::Symlink,
            EntryKind::Hardlink => tar::EntryType::Link,
        };
        let size = if e.kind == EntryKind::File { e.size } else { 0 };
        let mut h = base_header(self.gnu, kind, e.mode, uid, gid, mtime, size);
        match e.kind {
            EntryKind::Dir => self.b.append_data(&mut h, &name, io::empty())?,
            EntryKind::File => {
                let mut r = CountReader { inner: data.take(size), len: 0 };
                self.b.append_data(&mut h, &name, &mut r)?;
                ensure!(r.len == size, "{name}: content ended after {} of {size} bytes", r.len);
                self.written_files.insert(e.path.clone());
                self.stats.files += 1;
                self.stats.bytes += size;
            }
            EntryKind::Symlink => self.b.append_link(&mut h, &name, e.link.as_deref().unwrap_or_default())?,
            EntryKind::Hardlink => {
                let target = e.link.as_deref().unwrap_or_default();
                ensure!(self.written_files.contains(target), "{name}: hard-link target /{target} not written yet");
                self.b.append_link(&mut h, &name, tar_name(target))?;
                self.written_files.insert(e.path.clone());
                self.stats.files += 1;
            }
        }
        if !e.path.is_empty() {
            self.stats.entries += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_puts_parents_first() {
        let mut v = vec!["a-b/x", "a/b", "a", "", "a-b", "a/b/c", "ab"];
        v.sort_by(|a, b| path_order(a, b));
        assert_eq!(v, vec!["", "a", "a/b", "a/b/c", "a-b", "a-b/x", "ab"]);
    }

    #[test]
    fn substitute_applies_pairs_in_order() {
        let map = vec![("/work/main".to_string(), "/mnt/host/source".to_string()), ("host".to_string(), "H".to_string())];
        assert_eq!(substitute(b"x=/work/main/a:/work/main", &map), b"x=/mnt/H/source/a:/mnt/H/source".to_vec());
        assert_eq!(substitute(b"/work/mai", &map), b"/work/mai".to_vec());
        assert_eq!(substitute(b"", &map), b"".to_vec());
    }

    #[test]
    fn manifest_parse_accepts_any_hash_order() {
        let m = parse_manifest("DATA gpkg-1 0 SHA512 AB BLAKE2B cd\nDATA image.tar.zst 5 BLAKE2B 01 SHA512 02\n").unwrap();
        assert_eq!(m[0].digest("SHA512"), Some("ab"));
        assert_eq!(m[0].digest("BLAKE2B"), Some("cd"));
        assert_eq!(m[1].size, 5);
        assert!(parse_manifest("DATA x notanumber\n").is_err());
        assert!(parse_manifest("DATA x 1 SHA512\n").is_err());
        assert!(parse_manifest("DATA x 1\nDATA x 1\n").is_err());
    }

    #[test]
    fn image_paths_are_checked() {
        assert_eq!(image_path("image").unwrap(), "");
        assert_eq!(image_path("image/").unwrap(), "");
        assert_eq!(image_path("./image/usr/bin/").unwrap(), "usr/bin");
        assert!(image_path("image/../etc/passwd").is_err());
        assert!(image_path("metadata/PF").is_err());
        assert!(image_path("/image/x").is_err());
    }

    fn header(kind: tar::EntryType, mode: u32, mtime: u64, size: u64, gnu: bool) -> tar::Header {
        base_header(gnu, kind, mode, 0, 0, mtime, size)
    }

    /// A pax record `"<len> <key>=<value>\n"`.
    fn pax_record(key: &str, value: &str) -> Vec<u8> {
        let body = format!(" {key}={value}\n");
        let mut n = body.len() + 1;
        while format!("{n}").len() + body.len() != n {
            n += 1;
        }
        format!("{n}{body}").into_bytes()
    }

    /// Writes a gpkg by hand: metadata, an image tar, a Manifest with SHA512 first.
    fn write_gpkg(path: &Path, meta: &[(&str, &[u8])], image_tar: &[u8], mtime: u64) {
        let mut mb = tar::Builder::new(Vec::new());
        for (k, v) in meta {
            mb.append_data(&mut header(tar::EntryType::Regular, 0o644, mtime, v.len() as u64, false), format!("metadata/{k}"), *v)
                .unwrap();
        }
        let meta_zst = zstd::stream::encode_all(&mb.into_inner().unwrap()[..], 19).unwrap();
        write_gpkg_raw(path, &meta_zst, image_tar, mtime);
    }

    /// Writes a gpkg around an already compressed `metadata.tar.zst`.
    fn write_gpkg_raw(path: &Path, meta_zst: &[u8], image_tar: &[u8], mtime: u64) {
        let image_zst = zstd::stream::encode_all(image_tar, 1).unwrap();
        let mut ob = tar::Builder::new(Vec::new());
        let mut manifest = String::new();
        for (name, data) in [("gpkg-1", &b""[..]), ("metadata.tar.zst", meta_zst), ("image.tar.zst", &image_zst[..])] {
            ob.append_data(&mut header(tar::EntryType::Regular, 0o644, mtime, data.len() as u64, false), format!("x-1/{name}"), data)
                .unwrap();
            let (b2, s5) = digests_of(data);
            manifest.push_str(&format!("DATA {name} {} SHA512 {s5} BLAKE2B {b2}\n", data.len()));
        }
        let m = manifest.into_bytes();
        ob.append_data(&mut header(tar::EntryType::Regular, 0o644, mtime, m.len() as u64, false), "x-1/Manifest", &m[..]).unwrap();
        std::fs::write(path, ob.into_inner().unwrap()).unwrap();
    }

    /// An image in the wrong order, with a hard link whose target sorts after it, a name
    /// too long for ustar, a pax xattr header, a mtime after SDE and a non-root owner.
    fn odd_image(gnu: bool) -> Vec<u8> {
        let long = format!("image/{}", "n".repeat(120));
        let mut b = tar::Builder::new(Vec::new());
        let dir = |m| header(tar::EntryType::Directory, 0o755, m, 0, gnu);
        b.append_data(&mut dir(5), "image", io::empty()).unwrap();
        b.append_data(&mut dir(5), "image/b", io::empty()).unwrap();
        let mut f = header(tar::EntryType::Regular, 0o640, 2_000_000_000, 6, gnu);
        f.set_uid(1000);
        b.append_data(&mut f, "image/b/f", &b"hello\n"[..]).unwrap();
        b.append_data(&mut dir(5), "image/a", io::empty()).unwrap();
        let rec = pax_record("SCHILY.xattr.user.foo", "bar");
        b.append_data(&mut header(tar::EntryType::XHeader, 0o644, 0, rec.len() as u64, false), "PaxHeader/link", &rec[..]).unwrap();
        b.append_link(&mut header(tar::EntryType::Link, 0o640, 7, 0, gnu), "image/a/link", "image/b/f").unwrap();
        b.append_link(&mut header(tar::EntryType::Symlink, 0o777, 7, 0, gnu), "image/a/sym", "../b/f").unwrap();
        b.append_data(&mut header(tar::EntryType::Regular, 0o644, 7, 2, gnu), &long, &b"x\n"[..]).unwrap();
        b.into_inner().unwrap()
    }

    #[test]
    fn normalize_reorders_copies_late_hardlinks_and_drops_pax() {
        let d = std::env::temp_dir().join(format!("railyard-gpkg-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let meta: &[(&str, &[u8])] = &[("PF", b"x-1\n"), ("CATEGORY", b"cat\n"), ("BUILD_TIME", b"1999999999\n"), ("DESCRIPTION", b"built in /build/dir\n")];
        let opts = Normalize {
            source_date_epoch: 1_700_000_000,
            path_map: vec![("/build/dir".into(), "/src".into())],
            force_root_owner: false,
        };
        let mut outputs = Vec::new();
        for (i, (gnu, mtime)) in [(true, 1), (false, 2)].into_iter().enumerate() {
            let input = d.join(format!("in{i}.gpkg.tar"));
            write_gpkg(&input, meta, &odd_image(gnu), mtime);
            let g = Gpkg::read(&input).unwrap();
            assert_eq!(g.cpv(), "cat/x-1");
            let out = d.join(format!("out{i}.gpkg.tar"));
            let s = normalize(&input, &out, &opts).unwrap();
            assert_eq!((s.entries, s.files, s.installed_bytes), (6, 3, 14));
            outputs.push(std::fs::read(&out).unwrap());
            // Fixed point.
            let again = d.join(format!("again{i}.gpkg.tar"));
            assert_eq!(normalize(&out, &again, &opts).unwrap().sha256, s.sha256);
        }
        assert_eq!(outputs[0], outputs[1], "input tar format and mtimes do not matter");

        let g = Gpkg::read(&d.join("out0.gpkg.tar")).unwrap();
        assert_eq!(g.meta_str("BUILD_TIME").as_deref(), Some("1700000000"));
        assert_eq!(g.meta_str("DESCRIPTION").as_deref(), Some("built in /src"));
        let mut got = Vec::new();
        g.walk_image(&mut |e, r| {
            let mut data = String::new();
            r.read_to_string(&mut data)?;
            got.push((e.path.clone(), e.kind, e.mode, e.uid, e.mtime, e.link.clone(), data));
            Ok(())
        })
        .unwrap();
        let long = "n".repeat(120);
        let want = vec![
            ("".to_string(), EntryKind::Dir, 0o755, 0, 5, None, String::new()),
            ("a".into(), EntryKind::Dir, 0o755, 0, 5, None, String::new()),
            ("a/link".into(), EntryKind::File, 0o640, 0, 7, None, "hello\n".into()),
            ("a/sym".into(), EntryKind::Symlink, 0o777, 0, 7, Some("../b/f".into()), String::new()),
            ("b".into(), EntryKind::Dir, 0o755, 0, 5, None, String::new()),
            ("b/f".into(), EntryKind::File, 0o640, 1000, 1_700_000_000, None, "hello\n".into()),
            (long, EntryKind::File, 0o644, 0, 7, None, "x\n".into()),
        ];
        assert_eq!(got, want);
        // No pax header survived (the tar crate reports them through pax_extensions).
        let raw = std::fs::read(d.join("out0.gpkg.tar")).unwrap();
        let mut outer = tar::Archive::new(&raw[..]);
        let mut image = outer.entries().unwrap().map(|e| e.unwrap()).find(|e| e.path().unwrap().ends_with("image.tar.zst")).unwrap();
        let mut zst = Vec::new();
        image.read_to_end(&mut zst).unwrap();
        let plain = zstd::stream::decode_all(&zst[..]).unwrap();
        assert_eq!(plain.len() as u64 % TAR_RECORD, 0);
        let mut it = tar::Archive::new(&plain[..]);
        for e in it.entries().unwrap() {
            let mut e = e.unwrap();
            assert!(e.pax_extensions().unwrap().is_none(), "{:?}", e.path());
            assert!(e.header().as_gnu().is_some(), "GNU format because of the long name");
        }
        std::fs::remove_dir_all(&d).unwrap();
    }

    /// A metadata tar with `metadata/<name>` of `size` zero bytes, zstd-compressed as it
    /// is written (a bomb: a few KiB on disk).
    fn zero_metadata_zst(name: &str, size: u64) -> Vec<u8> {
        let enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
        let mut b = tar::Builder::new(enc);
        for (k, v) in [("CATEGORY", &b"app-misc\n"[..]), ("PF", &b"x-1\n"[..])] {
            b.append_data(&mut header(tar::EntryType::Regular, 0o644, 1, v.len() as u64, false), format!("metadata/{k}"), v).unwrap();
        }
        let mut h = header(tar::EntryType::Regular, 0o644, 1, size, false);
        b.append_data(&mut h, format!("metadata/{name}"), io::repeat(0).take(size)).unwrap();
        b.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn metadata_bombs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let image = tar::Builder::new(Vec::new()).into_inner().unwrap();
        // the decompressed archive over the limit: refused while decompressing
        let bomb = zero_metadata_zst("environment", METADATA_LIMIT + 1);
        assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
        let p = dir.path().join("bomb-1.gpkg.tar");
        write_gpkg_raw(&p, &bomb, &image, 1);
        let err = format!("{:#}", Gpkg::read(&p).unwrap_err());
        assert!(err.contains("bomb-1.gpkg.tar") && err.contains("x-1/metadata.tar.zst") && err.contains("larger than the limit of 64 MiB"), "{err}");
        // a member of an uncompressed metadata archive over the limit (the archive
        // member itself too): refused before it is read
        let p = dir.path().join("big-1.gpkg.tar");
        let raw = zstd::stream::decode_all(&bomb[..]).unwrap();
        let mut ob = tar::Builder::new(Vec::new());
        ob.append_data(&mut header(tar::EntryType::Regular, 0o644, 1, raw.len() as u64, false), "x-1/metadata.tar", &raw[..]).unwrap();
        std::fs::write(&p, ob.into_inner().unwrap()).unwrap();
        let err = format!("{:#}", Gpkg::read(&p).unwrap_err());
        assert!(err.contains("big-1.gpkg.tar") && err.contains("x-1/metadata.tar is") && err.contains("limit of 64 MiB"), "{err}");
        // one file just under the limit is read
        let ok = zero_metadata_zst("environment", 1 << 20);
        let p = dir.path().join("ok-1.gpkg.tar");
        write_gpkg_raw(&p, &ok, &image, 1);
        assert_eq!(Gpkg::read(&p).unwrap().metadata["environment"].len(), 1 << 20);
    }

    #[test]
    fn environment_bz2_bomb_is_refused_by_normalize() {
        let dir = tempfile::tempdir().unwrap();
        let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        io::copy(&mut io::repeat(0).take(METADATA_LIMIT + 1), &mut enc).unwrap();
        let bz = enc.finish().unwrap();
        assert!(bz.len() < 1 << 20, "the bomb is small: {}", bz.len());
        let p = dir.path().join("envbomb-1.gpkg.tar");
        let image = tar::Builder::new(Vec::new()).into_inner().unwrap();
        write_gpkg(&p, &[("CATEGORY", b"app-misc\n"), ("PF", b"x-1\n"), ("environment.bz2", &bz)], &image, 1);
        let opts = Normalize { source_date_epoch: 1, path_map: Vec::new(), force_root_owner: false };
        let err = format!("{:#}", normalize(&p, &dir.path().join("out.gpkg.tar"), &opts).unwrap_err());
        assert!(err.contains("envbomb-1.gpkg.tar") && err.contains("metadata/environment.bz2 is larger than the limit"), "{err}");
    }

    #[test]
    fn bzip2_level9_is_deterministic() {
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| format!("declare -x V{i}=\"/work/main/{}\"\n", i % 97).into_bytes()).collect();
        let enc = |d: &[u8]| {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
            e.write_all(d).unwrap();
            e.finish().unwrap()
        };
        assert_eq!(enc(&data), enc(&data));
    }

    #[test]
    fn zstd_output_does_not_depend_on_write_chunking() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 & 0x3f).collect();
        let enc = |chunk: usize| {
            let mut e = zstd_encoder(Vec::new()).unwrap();
            for c in data.chunks(chunk) {
                e.write_all(c).unwrap();
            }
            e.finish().unwrap()
        };
        let a = enc(512);
        assert_eq!(a, enc(65536));
        assert_eq!(a, enc(1 << 20));
    }
}
