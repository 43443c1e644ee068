//! The update agent's commands.

use crate::crypto::{self, Sha256};
use crate::http::{self, Url};
use crate::json::{self, Value};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// DSSE payload type of the manifest (sdk/update's `PAYLOAD_TYPE`).
const PAYLOAD_TYPE: &str = "application/vnd.railyard.update-manifest+json";
const MAX_MANIFEST: u64 = 1 << 20;
const MAX_BLOBS: usize = 16;
const BLOB_ALIGN: u64 = 4096;
const ESP_TYPE: [u8; 16] = gptprio::guid_bytes(0xc12a7328, 0xf81f, 0x11d2, [0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b]);
const KEYS_DIR: &str = "/usr/share/railyard/update-keys";
const OS_RELEASE: &str = "/usr/lib/os-release";
const STATE: &str = "/var/lib/railyard/update-state";
const CONFIGS: [&str; 2] = ["/usr/share/railyard/update.conf", "/etc/railyard/update.conf"];
const PUB_TAG: &str = "railyard-ed25519-public";

#[derive(Default, Debug)]
pub struct Opts {
    cmd: String,
    url: Option<String>,
    force: bool,
    reboot: bool,
    disk: Option<PathBuf>,
    running: Option<String>,
    keys: Option<PathBuf>,
    os_release: Option<PathBuf>,
    state: Option<PathBuf>,
    config: Option<PathBuf>,
}

impl Opts {
    pub fn parse(args: &[String]) -> Result<Opts, String> {
        let mut o = Opts::default();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut val = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
            match a.as_str() {
                "--force" => o.force = true,
                "--reboot" => o.reboot = true,
                "--disk" => o.disk = Some(val("--disk")?.into()),
                "--running" => o.running = Some(val("--running")?),
                "--keys" => o.keys = Some(val("--keys")?.into()),
                "--os-release" => o.os_release = Some(val("--os-release")?.into()),
                "--state" => o.state = Some(val("--state")?.into()),
                "--config" => o.config = Some(val("--config")?.into()),
                s if s.starts_with('-') => return Err(format!("unknown option {s}")),
                s if o.cmd.is_empty() => o.cmd = s.to_string(),
                s if o.url.is_none() && matches!(o.cmd.as_str(), "check" | "apply") => o.url = Some(s.to_string()),
                s => return Err(format!("unexpected argument {s:?}")),
            }
        }
        if !matches!(o.cmd.as_str(), "status" | "mark-good" | "check" | "apply" | "auto") {
            return Err(if o.cmd.is_empty() { "no command".into() } else { format!("unknown command {:?}", o.cmd) });
        }
        if o.disk.is_some() != o.running.is_some() {
            return Err("--disk and --running go together".into());
        }
        Ok(o)
    }
    fn state_path(&self) -> PathBuf {
        self.state.clone().unwrap_or_else(|| STATE.into())
    }
}

pub fn run(o: &Opts) -> Result<(), String> {
    match o.cmd.as_str() {
        "status" => status(o),
        "mark-good" => mark_good(o),
        "check" => check(o, &url_of(o)?),
        "apply" => apply(o, &url_of(o)?, o.force).map(|_| ()),
        "auto" => auto(o),
        _ => unreachable!(),
    }
}

// ---- the disk ---------------------------------------------------------------------------

/// A block device (or a disk image) through positioned reads and writes.
struct Dev {
    f: File,
    bs: usize,
    blocks: u64,
}

impl gptprio::Disk for Dev {
    fn block_size(&self) -> usize {
        self.bs
    }
    fn blocks(&self) -> u64 {
        self.blocks
    }
    fn read(&mut self, lba: u64, buf: &mut [u8]) -> Result<(), gptprio::Error> {
        self.f.read_exact_at(buf, lba * self.bs as u64).map_err(|_| gptprio::Error::Io)
    }
    fn write(&mut self, lba: u64, buf: &[u8]) -> Result<(), gptprio::Error> {
        self.f.write_all_at(buf, lba * self.bs as u64).map_err(|_| gptprio::Error::Io)
    }
    fn flush(&mut self) -> Result<(), gptprio::Error> {
        self.f.sync_all().map_err(|_| gptprio::Error::Io)
    }
}

fn read_trim(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map(|s| s.trim().to_string()).map_err(|e| format!("reading {}: {e}", p.display()))
}

/// One GPT entry that matters here.
#[derive(Clone, Debug)]
struct Part {
    index: usize,
    label: String,
    partuuid: String,
    first: u64,
    last: u64,
    attrs: Option<gptprio::Attrs>,
    esp: bool,
}

impl Part {
    fn number(&self) -> usize {
        self.index + 1
    }
    fn byte_range(&self, bs: u64) -> (u64, u64) {
        (self.first * bs, (self.last + 1 - self.first) * bs)
    }
}

fn label_of(e: &[u8]) -> String {
    let u: Vec<u16> = e[56..128].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&c| c != 0).collect();
    String::from_utf16_lossy(&u)
}

fn partuuid_of(e: &[u8]) -> String {
    let g = &e[16..32];
    format!(
        "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
        g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]
    )
}

/// The disk with the running slot.
struct Machine {
    disk: PathBuf,
    dev: Dev,
    /// The running USR slot's entry index.
    running: usize,
}

impl Machine {
    fn open(o: &Opts, write: bool) -> Result<Machine, String> {
        let (disk, running_uuid, running_label) = match (&o.disk, &o.running) {
            (Some(d), Some(r)) => (d.clone(), None, Some(r.clone())),
            _ => {
                let uuid = running_partuuid()?;
                let (disk, _) = disk_of(&uuid)?;
                (disk, Some(uuid), None)
            }
        };
        let f = OpenOptions::new().read(true).write(write).open(&disk).map_err(|e| format!("opening {}: {e}", disk.display()))?;
        let meta = f.metadata().map_err(|e| format!("{}: {e}", disk.display()))?;
        let (bs, bytes) = if meta.is_file() {
            (512usize, meta.len())
        } else {
            let name = disk.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let q = Path::new("/sys/class/block").join(name);
            let bs: usize = read_trim(&q.join("queue/logical_block_size"))?.parse().map_err(|_| "bad logical_block_size")?;
            let sectors: u64 = read_trim(&q.join("size"))?.parse().map_err(|_| "bad size")?;
            (bs, sectors * 512)
        };
        let mut m = Machine { disk, dev: Dev { f, bs, blocks: bytes / bs as u64 }, running: usize::MAX };
        let parts = m.parts()?;
        let run = parts
            .iter()
            .filter(|p| p.attrs.is_some())
            .find(|p| match (&running_uuid, &running_label) {
                (Some(u), _) => p.partuuid == *u,
                (_, Some(l)) => p.label.eq_ignore_ascii_case(l) || p.partuuid == l.to_ascii_lowercase(),
                _ => false,
            })
            .ok_or_else(|| format!("{}: the running /usr is not one of its USR slots", m.disk.display()))?;
        m.running = run.index;
        Ok(m)
    }

    fn bs(&self) -> u64 {
        self.dev.bs as u64
    }

    /// The USR slots and the ESP, read from the GPT (nothing written).
    fn parts(&mut self) -> Result<Vec<Part>, String> {
        let mut buf = vec![0u8; gptprio::MAX_ENTRIES_BYTES + 4096];
        let disk = self.disk.display().to_string();
        gptprio::update(&mut self.dev, &mut buf, |e, size| {
            let mut v = Vec::new();
            for (i, ent) in e.chunks_exact(size).enumerate() {
                let is_usr = gptprio::USR_TYPES.iter().any(|t| &ent[0..16] == t);
                let esp = ent[0..16] == ESP_TYPE;
                if !(is_usr || esp) {
                    continue;
                }
                let lba = |o: usize| u64::from_le_bytes(ent[o..o + 8].try_into().expect("8 bytes"));
                v.push(Part {
                    index: i,
                    label: label_of(ent),
                    partuuid: partuuid_of(ent),
                    first: lba(32),
                    last: lba(40),
                    attrs: is_usr.then(|| gptprio::Attrs::from_bits(lba(48))),
                    esp,
                });
            }
            Ok(v)
        })
        .map_err(|e| format!("{disk}: {e}"))
    }

    /// Sets the fields of slot `index`, and makes it the highest priority when `top`.
    fn set_slot(&mut self, index: usize, a: gptprio::Attrs, top: bool) -> Result<(), String> {
        if index == self.running && !(a.successful || a.tries > 0) {
            return Err("refusing to make the running slot unbootable".into());
        }
        let mut buf = vec![0u8; gptprio::MAX_ENTRIES_BYTES + 4096];
        let disk = self.disk.display().to_string();
        gptprio::update(&mut self.dev, &mut buf, |e, size| {
            gptprio::set(e, size, &gptprio::USR_TYPES, index, a)?;
            if top {
                gptprio::prioritize(e, size, &gptprio::USR_TYPES, index)?;
            }
            Ok(())
        })
        .map_err(|e| format!("{disk}: partition {}: {e}", index + 1))
    }
}

/// The PARTUUID of the running /usr, from the kernel command line.
fn running_partuuid() -> Result<String, String> {
    let cmdline = read_trim(Path::new("/proc/cmdline"))?;
    cmdline
        .split_whitespace()
        .find_map(|a| a.strip_prefix("verity.usr=PARTUUID=").or_else(|| a.strip_prefix("mount.usr=PARTUUID=")))
        .map(|u| u.to_ascii_lowercase())
        .ok_or_else(|| "the kernel command line names no verity.usr=PARTUUID=: not booted from a USR slot".into())
}

/// The whole disk holding the partition with `partuuid` (/dev/vda for /dev/vda4), and the
/// partition number.
fn disk_of(partuuid: &str) -> Result<(PathBuf, u32), String> {
    let link = Path::new("/dev/disk/by-partuuid").join(partuuid);
    let part = std::fs::canonicalize(&link).map_err(|e| format!("{}: {e}", link.display()))?;
    let name = part.file_name().and_then(|n| n.to_str()).ok_or("bad device name")?.to_string();
    let sys = Path::new("/sys/class/block").join(&name);
    let number: u32 = read_trim(&sys.join("partition"))?.parse().map_err(|_| format!("{}: not a partition", part.display()))?;
    let parent = std::fs::canonicalize(&sys).map_err(|e| format!("{}: {e}", sys.display()))?;
    let disk = parent.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).ok_or("no parent disk")?.to_string();
    Ok((Path::new("/dev").join(disk), number))
}

// ---- status and mark-good -----------------------------------------------------------------

/// `KEY=VALUE` lines of a state/config/os-release file (quotes removed).
fn kv(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').trim_matches('\'').to_string()))
        .collect()
}

fn kv_get<'a>(kv: &'a [(String, String)], key: &str) -> Option<&'a str> {
    kv.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn status(o: &Opts) -> Result<(), String> {
    let mut m = Machine::open(o, false)?;
    let parts = m.parts()?;
    let run = parts.iter().find(|p| p.index == m.running).cloned().expect("found at open");
    println!("disk {} (running /usr: {} partition {}, PARTUUID {})", m.disk.display(), run.label, run.number(), run.partuuid);
    for p in parts.iter().filter(|p| p.attrs.is_some()) {
        let a = p.attrs.expect("slot");
        let me = p.index == m.running;
        println!(
            "{} partition {} {}: priority {}, tries {}, successful {}{}",
            if me { "*" } else { " " },
            p.number(),
            p.label,
            a.priority,
            a.tries,
            a.successful as u8,
            if me { " (running)" } else { "" }
        );
    }
    let state = std::fs::read_to_string(o.state_path()).map(|t| kv(&t)).unwrap_or_default();
    let version = kv_get(&state, "VERSION").map(|v| format!(" {v}")).unwrap_or_default();
    let ra = run.attrs.expect("slot");
    for p in parts.iter().filter(|p| p.attrs.is_some() && p.index != m.running) {
        let a = p.attrs.expect("slot");
        let ours = kv_get(&state, "SLOT") == Some(p.label.as_str());
        let v = if ours { version.as_str() } else { "" };
        if ours && kv_get(&state, "PHASE") == Some("applying") {
            println!("update{v} into {}: interrupted while it was written; the slot is disabled; `railyard-update apply` again", p.label);
        } else if a.tries > 0 && !a.successful && a.priority > ra.priority {
            println!("update{v} in {}: installed, boots next (tries {})", p.label, a.tries);
        } else if !a.successful && a.tries == 0 && (a.priority > ra.priority || ours) {
            println!("update{v} in {}: FAILED: it did not reach the good point (tries spent, never marked good); rolled back to {}", p.label, run.label);
        }
    }
    if ra.tries > 0 || !ra.successful {
        println!("{}: on trial (not confirmed good yet)", run.label);
    } else if kv_get(&state, "SLOT") == Some(run.label.as_str()) {
        println!("update{version} in {}: good (running, marked successful)", run.label);
    }
    Ok(())
}

fn mark_good(o: &Opts) -> Result<(), String> {
    let mut m = Machine::open(o, true)?;
    let parts = m.parts()?;
    let run = parts.iter().find(|p| p.index == m.running).cloned().expect("found");
    let a = run.attrs.expect("slot");
    if a.successful && a.tries == 0 {
        println!("railyard-update: {} (partition {}) was already good", run.label, run.number());
        return Ok(());
    }
    m.set_slot(run.index, gptprio::Attrs { successful: true, tries: 0, ..a }, false)?;
    println!("railyard-update: {} (partition {}) marked good (priority {})", run.label, run.number(), a.priority);
    Ok(())
}

// ---- the manifest ------------------------------------------------------------------------

/// What this machine runs (os-release) and accepts.
struct Running {
    os: String,
    version: String,
    board: String,
    arch: &'static str,
}

fn running_os(o: &Opts) -> Result<Running, String> {
    let p = o.os_release.clone().unwrap_or_else(|| OS_RELEASE.into());
    let t = std::fs::read_to_string(&p).map_err(|e| format!("reading {}: {e}", p.display()))?;
    let kv = kv(&t);
    let os = kv_get(&kv, "ID").ok_or_else(|| format!("{}: no ID=", p.display()))?.to_string();
    let board_key = format!("{}_BOARD", os.to_uppercase().replace('-', "_"));
    Ok(Running {
        version: kv_get(&kv, "VERSION_ID").ok_or_else(|| format!("{}: no VERSION_ID=", p.display()))?.to_string(),
        board: kv_get(&kv, &board_key).ok_or_else(|| format!("{}: no {board_key}=", p.display()))?.to_string(),
        os,
        arch: if cfg!(target_arch = "x86_64") {
            "amd64"
        } else if cfg!(target_arch = "aarch64") {
            "arm64"
        } else {
            "unknown"
        },
    })
}

struct Key {
    id: String,
    raw: [u8; 32],
}

fn trusted_keys(o: &Opts) -> Result<Vec<Key>, String> {
    let dir = o.keys.clone().unwrap_or_else(|| KEYS_DIR.into());
    let rd = std::fs::read_dir(&dir).map_err(|e| format!("no trusted update keys: {}: {e}", dir.display()))?;
    let mut names: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().map_or(false, |x| x == "pub")).collect();
    names.sort();
    let mut keys = Vec::new();
    for p in names {
        let t = read_trim(&p)?;
        let hexkey = t
            .lines()
            .filter_map(|l| l.trim().strip_prefix(PUB_TAG))
            .map(str::trim)
            .next()
            .ok_or_else(|| format!("{}: not a railyard ed25519 public key ({PUB_TAG} line missing)", p.display()))?;
        let raw: [u8; 32] = crypto::unhex(hexkey).and_then(|v| v.try_into().ok()).ok_or_else(|| format!("{}: the key is not 64 hex digits", p.display()))?;
        keys.push(Key { id: crypto::hex(&crypto::sha256(&raw)?), raw });
    }
    if keys.is_empty() {
        return Err(format!("no trusted update keys in {}: this image accepts no update", dir.display()));
    }
    Ok(keys)
}

struct Blob {
    name: String,
    offset: u64,
    size: u64,
    sha256: String,
}

struct Manifest {
    version: String,
    usr_root_hash: String,
    hash_offset: u64,
    hash_block_size: u64,
    salt: Vec<u8>,
    slots: Vec<(String, String)>,
    blobs: Vec<Blob>,
}

impl Manifest {
    fn blob(&self, name: &str) -> Option<&Blob> {
        self.blobs.iter().find(|b| b.name == name)
    }
    fn payload_size(&self) -> u64 {
        self.blobs.iter().map(|b| b.offset + b.size).max().unwrap_or(0)
    }
}

/// The DSSE pre-authentication encoding.
fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut v = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

/// Checks the envelope's signature with the trusted keys, then reads and checks the manifest
/// against this machine. Nothing of the manifest is looked at before a signature matched.
fn verify_manifest(data: &[u8], keys: &[Key], me: &Running, force: bool, origin: &str) -> Result<Manifest, String> {
    let env = json::parse(data).map_err(|e| format!("{origin}: not a manifest envelope: {e}"))?;
    let ptype = env.str("payloadType").map_err(|e| format!("{origin}: {e}"))?;
    if ptype != PAYLOAD_TYPE {
        return Err(format!("{origin}: payload type {ptype:?}, not {PAYLOAD_TYPE}"));
    }
    let body = crypto::base64_decode(env.str("payload").map_err(|e| format!("{origin}: {e}"))?).ok_or_else(|| format!("{origin}: payload is not base64"))?;
    let msg = pae(ptype, &body);
    let mut seen = Vec::new();
    let mut good = None;
    for s in env.arr("signatures").map_err(|e| format!("{origin}: {e}"))? {
        let sig = s.str("sig").ok().and_then(crypto::base64_decode).unwrap_or_default();
        let kid = s.str("keyid").unwrap_or("").to_string();
        for k in keys {
            if crypto::ed25519_verify(&k.raw, &msg, &sig)? {
                good = Some(k.id.clone());
            }
        }
        if good.is_some() {
            break;
        }
        seen.push(if kid.is_empty() { "(no keyid)".to_string() } else { kid.chars().take(16).collect() });
    }
    let by = if let Some(by) = good {
        by
    } else {
        let trusted: Vec<String> = keys.iter().map(|k| k.id.chars().take(16).collect()).collect();
        return Err(format!(
            "{origin}: REFUSED: the manifest is not signed by a trusted key (signatures by {}; trusted: {})",
            if seen.is_empty() { "nobody".to_string() } else { seen.join(", ") },
            trusted.join(", ")
        ));
    };
    let m = json::parse(&body).map_err(|e| format!("{origin}: the signed manifest is not JSON: {e}"))?;
    let field = |e: String| format!("{origin}: manifest: {e}");
    let format = m.u64("format").map_err(field)?;
    if format != 1 {
        return Err(format!("{origin}: manifest format {format}; this agent reads format 1"));
    }
    let (os, version, board, arch) = (m.str("os").map_err(field)?, m.str("version").map_err(field)?, m.str("board").map_err(field)?, m.str("arch").map_err(field)?);
    if os != me.os {
        return Err(format!("{origin}: REFUSED: the update is for OS {os:?}; this machine runs {:?}", me.os));
    }
    if arch != me.arch || board != me.board {
        return Err(format!("{origin}: REFUSED: the update is for board {board} ({arch}); this machine is {} ({})", me.board, me.arch));
    }
    match version_cmp(version, &me.version) {
        std::cmp::Ordering::Less if !force => {
            return Err(format!("{origin}: REFUSED: version {version} is older than the running {} (--force installs it anyway)", me.version))
        }
        _ => {}
    }
    let usr = m.get("usr").ok_or_else(|| field("field \"usr\" is missing".into()))?;
    let root_hash = usr.str("root_hash").map_err(field)?.to_string();
    if usr.str("hash_algorithm").map_err(field)? != "sha256" || crypto::unhex(&root_hash).map(|v| v.len()) != Some(32) {
        return Err(field("usr: only sha256 verity trees with a 32-byte root hash are accepted".into()));
    }
    let salt = match usr.get("salt") {
        Some(Value::Str(s)) => crypto::unhex(s).ok_or_else(|| field("usr: salt is not hex".into()))?,
        _ => Vec::new(),
    };
    let hbs = usr.u64("hash_block_size").map_err(field)?;
    if !(512..=65536).contains(&hbs) || !hbs.is_power_of_two() {
        return Err(field(format!("usr: hash block size {hbs}")));
    }
    let mut slots = Vec::new();
    for s in m.arr("slots").map_err(field)? {
        slots.push((s.str("label").map_err(field)?.to_string(), s.str("partuuid").map_err(field)?.to_ascii_lowercase()));
    }
    let mut blobs: Vec<Blob> = Vec::new();
    let list = m.arr("blobs").map_err(field)?;
    if list.len() > MAX_BLOBS {
        return Err(field(format!("{} blobs, more than {MAX_BLOBS}", list.len())));
    }
    let mut end = 0u64;
    for b in list {
        let blob = Blob { name: b.str("name").map_err(field)?.to_string(), offset: b.u64("offset").map_err(field)?, size: b.u64("size").map_err(field)?, sha256: b.str("sha256").map_err(field)?.to_string() };
        if blob.offset % BLOB_ALIGN != 0 || blob.offset < end || blob.size > 64 << 30 || crypto::unhex(&blob.sha256).map(|v| v.len()) != Some(32) {
            return Err(field(format!("blob {:?}: bad offset, size or sha256", blob.name)));
        }
        end = blob.offset + blob.size;
        blobs.push(blob);
    }
    println!("railyard-update: manifest {origin}: {os} {version} for {board} ({arch}), signed by key {}", &by[..16]);
    Ok(Manifest { version: version.to_string(), usr_root_hash: root_hash, hash_offset: usr.u64("hash_offset").map_err(field)?, hash_block_size: hbs, salt, slots, blobs })
}

/// Orders versions like `1.2.10` > `1.2.9`: dot/dash-separated parts, numerically where both
/// parts are numbers.
fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let split = |s: &str| s.split(['.', '-', '+', '_']).map(str::to_string).collect::<Vec<_>>();
    let (pa, pb) = (split(a), split(b));
    for i in 0..pa.len().max(pb.len()) {
        let (x, y) = (pa.get(i).map(String::as_str).unwrap_or("0"), pb.get(i).map(String::as_str).unwrap_or("0"));
        let c = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(n), Ok(m)) => n.cmp(&m),
            _ => x.cmp(y),
        };
        if c != std::cmp::Ordering::Equal {
            return c;
        }
    }
    std::cmp::Ordering::Equal
}

// ---- check / apply -------------------------------------------------------------------------

fn url_of(o: &Opts) -> Result<String, String> {
    if let Some(u) = &o.url {
        return Ok(u.clone());
    }
    config(o)?.0.ok_or_else(|| "no URL given and no SERVER= in /etc/railyard/update.conf".into())
}

/// SERVER= and REBOOT= of the update configuration (/usr's default, then /etc's).
fn config(o: &Opts) -> Result<(Option<String>, bool), String> {
    let files: Vec<PathBuf> = match &o.config {
        Some(c) => vec![c.clone()],
        None => CONFIGS.iter().map(PathBuf::from).collect(),
    };
    let mut all = Vec::new();
    for f in files {
        match std::fs::read_to_string(&f) {
            Ok(t) => all.extend(kv(&t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("reading {}: {e}", f.display())),
        }
    }
    let server = kv_get(&all, "SERVER").filter(|s| !s.is_empty()).map(str::to_string);
    crate::http::set_ca_file(kv_get(&all, "CA_FILE").filter(|s| !s.is_empty()).map(PathBuf::from));
    let reboot = matches!(kv_get(&all, "REBOOT"), Some("true" | "yes" | "1"));
    Ok((server, reboot))
}

/// The manifest's and the payload's URLs.
fn urls(me: &Running, url: &str) -> Result<(Url, Url), String> {
    let u = Url::parse(url)?;
    let manifest = if u.path.ends_with('/') { u.sibling(&format!("{}_production_update.manifest", me.os)) } else { u };
    let name = manifest.path.rsplit('/').next().unwrap_or("").to_string();
    let stem = name.strip_suffix(".manifest").ok_or_else(|| format!("{manifest}: the manifest's name must end in .manifest"))?;
    let payload = manifest.sibling(&format!("{stem}.bin"));
    Ok((manifest, payload))
}

fn fetch_manifest(o: &Opts, url: &str, force: bool) -> Result<(Running, Manifest, Url), String> {
    config(o)?; // CA_FILE= for https
    let me = running_os(o)?;
    let keys = trusted_keys(o)?;
    let (mu, pu) = urls(&me, url)?;
    let data = http::get(&mu)?.read_all(MAX_MANIFEST)?;
    let m = verify_manifest(&data, &keys, &me, force, &mu.to_string())?;
    Ok((me, m, pu))
}

fn check(o: &Opts, url: &str) -> Result<(), String> {
    let (me, m, _) = fetch_manifest(o, url, true)?;
    match version_cmp(&m.version, &me.version) {
        std::cmp::Ordering::Greater => println!("railyard-update: update available: {} (running {})", m.version, me.version),
        std::cmp::Ordering::Equal => println!("railyard-update: up to date ({})", me.version),
        std::cmp::Ordering::Less => println!("railyard-update: the server offers {}, older than the running {}", m.version, me.version),
    }
    Ok(())
}

fn write_state(o: &Opts, slot: &str, version: &str, phase: &str) -> Result<(), String> {
    let p = o.state_path();
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let tmp = p.with_extension("tmp");
    std::fs::write(&tmp, format!("SLOT={slot}\nVERSION={version}\nPHASE={phase}\n")).map_err(|e| format!("{}: {e}", tmp.display()))?;
    File::open(&tmp).and_then(|f| f.sync_all()).ok();
    std::fs::rename(&tmp, &p).map_err(|e| format!("{}: {e}", p.display()))?;
    // the rename itself on disk: a power cut right after must find the new state
    if let Some(d) = p.parent() {
        File::open(d).and_then(|f| f.sync_all()).ok();
    }
    Ok(())
}

/// One pass over the payload: hashes the blobs named in `want`, writing `usr` to the disk at
/// `usr_at` when given, keeping `keep`'s bytes. Returns (name, sha256) per wanted blob, the
/// kept bytes, and the verity top hash block seen in `usr`.
struct Pass {
    sums: Vec<(String, String)>,
    kept: Vec<u8>,
    top_block: Vec<u8>,
}

fn payload_pass(m: &Manifest, url: &Url, want: &[&str], keep: &str, usr_at: Option<(&File, u64)>, what: &str) -> Result<Pass, String> {
    let mut body = http::get(url)?;
    let total = m.payload_size();
    if body.length.map_or(false, |n| n != total) {
        return Err(format!("{url}: {} bytes, the manifest describes {total}", body.length.unwrap_or(0)));
    }
    let top_at = m.hash_offset + m.hash_block_size;
    let mut pass = Pass { sums: Vec::new(), kept: Vec::new(), top_block: Vec::new() };
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    let mut shown = 0u64;
    let started = Instant::now();
    for b in &m.blobs {
        // skip to the blob
        while pos < b.offset {
            let want = (b.offset - pos).min(buf.len() as u64) as usize;
            let n = body.read(&mut buf[..want]).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!("{url}: ends at byte {pos}, before blob {}", b.name));
            }
            pos += n as u64;
        }
        let wanted = want.contains(&b.name.as_str());
        let mut h = if wanted { Some(Sha256::new()?) } else { None };
        let mut off = 0u64;
        while off < b.size {
            let want = (b.size - off).min(buf.len() as u64) as usize;
            let n = body.read(&mut buf[..want]).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err(format!("{url}: ends inside blob {} ({off} of {} bytes)", b.name, b.size));
            }
            let chunk = &buf[..n];
            if let Some(h) = h.as_mut() {
                h.update(chunk);
            }
            if b.name == "usr" {
                if let Some((f, at)) = usr_at {
                    f.write_all_at(chunk, at + off).map_err(|e| format!("writing the inactive slot at byte {}: {e}", off))?;
                }
                // the verity tree's top block, for the root hash
                let (s, e) = (off, off + n as u64);
                let (ts, te) = (top_at, top_at + m.hash_block_size);
                if s < te && e > ts {
                    let (a, z) = (s.max(ts), e.min(te));
                    pass.top_block.extend_from_slice(&chunk[(a - s) as usize..(z - s) as usize]);
                }
            }
            if b.name == keep {
                pass.kept.extend_from_slice(chunk);
            }
            off += n as u64;
            pos += n as u64;
            if pos * 4 / total.max(1) > shown {
                shown = pos * 4 / total.max(1);
                println!("railyard-update: {what}: {}% ({} MiB, {:.0} s)", shown * 25, pos >> 20, started.elapsed().as_secs_f64());
            }
        }
        if let Some(h) = h {
            pass.sums.push((b.name.clone(), h.finish_hex()));
        }
    }
    // nothing after the last blob
    if body.read(&mut buf[..1]).map_err(|e| e.to_string())? != 0 {
        return Err(format!("{url}: bytes after the last blob"));
    }
    Ok(pass)
}

fn check_sums(m: &Manifest, pass: &Pass, url: &Url) -> Result<(), String> {
    for (name, sum) in &pass.sums {
        let want = &m.blob(name).expect("listed").sha256;
        if sum != want {
            return Err(format!("{url}: REFUSED: blob {name} has sha256 {sum}, the signed manifest says {want}"));
        }
    }
    Ok(())
}

fn check_root(m: &Manifest, top: &[u8], what: &str) -> Result<(), String> {
    if top.len() as u64 != m.hash_block_size {
        return Err(format!("{what}: the verity tree's top block is outside the usr blob"));
    }
    let mut h = Sha256::new()?;
    h.update(&m.salt);
    h.update(top);
    let got = h.finish_hex();
    if got != m.usr_root_hash {
        return Err(format!("{what}: REFUSED: the verity tree's root hash is {got}, the manifest says {}", m.usr_root_hash));
    }
    Ok(())
}

/// Installs the update at `url` into the inactive slot. Order: the manifest's signature, its
/// OS/board/arch/version and sizes; a first pass over the payload checks every byte used
/// against the signed sha256s and the verity root hash (nothing written yet); only then is
/// the inactive slot disabled (priority 0, no tries, not successful), its partition written
/// in a second pass, fsynced and read back from the disk (sha256 and root hash again); the
/// slot's kernel image is written to the ESP and read back; last, the slot gets one try above
/// the running slot. An interruption at any point leaves the running slot as it was and the
/// inactive one unbootable; `apply` again starts over. Returns whether it installed anything.
pub fn apply(o: &Opts, url: &str, force: bool) -> Result<bool, String> {
    let started = Instant::now();
    let (me, m, purl) = fetch_manifest(o, url, force)?;
    let mut mach = Machine::open(o, true)?;
    let parts = mach.parts()?;
    let run = parts.iter().find(|p| p.index == mach.running).cloned().expect("found");
    if version_cmp(&m.version, &me.version) == std::cmp::Ordering::Equal && !force {
        println!("railyard-update: up to date ({} in {})", me.version, run.label);
        return Ok(false);
    }
    let others: Vec<&Part> = parts.iter().filter(|p| p.attrs.is_some() && p.index != mach.running).collect();
    if others.len() != 1 {
        return Err(format!("{}: {} USR slots besides the running one; A/B needs exactly one", mach.disk.display(), others.len()));
    }
    let target = others[0].clone();
    let esp = parts.iter().find(|p| p.esp).cloned().ok_or_else(|| format!("{}: no EFI System Partition", mach.disk.display()))?;
    let uki_name = format!("uki-{}", target.label.to_ascii_lowercase());
    if !m.slots.iter().any(|(l, u)| *u == target.partuuid && l.eq_ignore_ascii_case(&target.label)) {
        return Err(format!("REFUSED: the manifest has no slot {} with PARTUUID {}", target.label, target.partuuid));
    }
    let usr = m.blob("usr").ok_or("REFUSED: the manifest lists no usr blob")?;
    m.blob(&uki_name).ok_or_else(|| format!("REFUSED: the manifest lists no {uki_name} blob"))?;
    let (t_start, t_len) = target.byte_range(mach.bs());
    if usr.size > t_len {
        return Err(format!("REFUSED: the usr blob ({} bytes) is larger than {} ({t_len} bytes)", usr.size, target.label));
    }
    if m.hash_offset + 2 * m.hash_block_size > usr.size {
        return Err("REFUSED: the manifest's verity hash offset is outside the usr blob".into());
    }
    println!(
        "railyard-update: installing {} into {} (partition {}) from {purl}; running {} {}",
        m.version,
        target.label,
        target.number(),
        me.version,
        run.label
    );

    // 1. every byte we use, checked before anything is written
    let t1 = Instant::now();
    let pass = payload_pass(&m, &purl, &["usr", &uki_name], &uki_name, None, "checking the payload")?;
    check_sums(&m, &pass, &purl)?;
    check_root(&m, &pass.top_block, &purl.to_string())?;
    let uki = pass.kept;
    let check_s = t1.elapsed().as_secs_f64();

    // 2. the inactive slot: unbootable while it is written
    mach.set_slot(target.index, gptprio::Attrs { priority: 0, tries: 0, successful: false }, false)?;
    write_state(o, &target.label, &m.version, "applying")?;
    let t2 = Instant::now();
    let f = mach.dev.f.try_clone().map_err(|e| e.to_string())?;
    // (not hashed while it streams: the read-back below checks the same bytes, from the disk)
    payload_pass(&m, &purl, &[], "", Some((&f, t_start)), "writing")?;
    f.sync_all().map_err(|e| format!("{}: fsync: {e}", mach.disk.display()))?;
    drop_cache(&f, t_start, usr.size);
    // read back from the disk
    let mut h = Sha256::new()?;
    let mut buf = vec![0u8; 1 << 20];
    let mut off = 0;
    let mut top = Vec::new();
    let top_at = m.hash_offset + m.hash_block_size;
    while off < usr.size {
        let n = (usr.size - off).min(buf.len() as u64) as usize;
        f.read_exact_at(&mut buf[..n], t_start + off).map_err(|e| format!("reading {} back: {e}", target.label))?;
        h.update(&buf[..n]);
        if off <= top_at && top_at < off + n as u64 {
            let s = (top_at - off) as usize;
            top.extend_from_slice(&buf[s..(s + m.hash_block_size as usize).min(n)]);
        }
        off += n as u64;
    }
    let back = h.finish_hex();
    if back != usr.sha256 {
        return Err(format!(
            "{}: read back sha256 {back}, the signed manifest says {}: the server sent other bytes the second time, or the disk did not keep them",
            target.label, usr.sha256
        ));
    }
    if top.len() as u64 == m.hash_block_size {
        check_root(&m, &top, &format!("{} as read back", target.label))?;
    }
    let write_s = t2.elapsed().as_secs_f64();

    // 3. the slot's kernel image on the ESP
    let path = format!("EFI/Linux/{}.efi", target.label.to_ascii_lowercase());
    let (e_start, e_len) = esp.byte_range(mach.bs());
    let region = crate::fat::Region { file: &f, offset: e_start, len: e_len };
    crate::fat::write_file(&region, &path, uki.len() as u64, &mut &uki[..]).map_err(|e| format!("{path}: {e}"))?;
    let got = crate::fat::read_file(&region, &path, uki.len() as u64 + 1).map_err(|e| format!("{path}: {e}"))?;
    if got.as_deref() != Some(&uki[..]) {
        return Err(format!("ESP {path}: reading the kernel image back gave other bytes"));
    }

    // 4. one try, above the running slot
    mach.set_slot(target.index, gptprio::Attrs { priority: 0, tries: 1, successful: false }, true)?;
    write_state(o, &target.label, &m.version, "applied")?;
    println!(
        "railyard-update: installed {} into {} in {:.1} s (check {:.1} s, write and read back {:.1} s); it boots next, once (tries 1), and must be marked good",
        m.version,
        target.label,
        started.elapsed().as_secs_f64(),
        check_s,
        write_s
    );
    if o.reboot {
        reboot();
    }
    Ok(true)
}

extern "C" {
    fn posix_fadvise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
}

/// Drops cached pages of the range so the read-back comes from the disk.
fn drop_cache(f: &File, off: u64, len: u64) {
    use std::os::unix::io::AsRawFd;
    const POSIX_FADV_DONTNEED: i32 = 4;
    // SAFETY: advice on an open descriptor; no memory is passed.
    unsafe {
        posix_fadvise(f.as_raw_fd(), off as i64, len as i64, POSIX_FADV_DONTNEED);
    }
}

fn reboot() {
    println!("railyard-update: rebooting into the update");
    let _ = std::process::Command::new("systemctl").arg("reboot").status();
}

fn auto(o: &Opts) -> Result<(), String> {
    let (server, reboot_after) = config(o)?;
    let server = match server {
        Some(s) => s,
        None => {
            println!("railyard-update: no update server configured (SERVER= in /etc/railyard/update.conf); nothing to do");
            return Ok(());
        }
    };
    if apply(o, &server, false)? && reboot_after && !o.reboot {
        reboot();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        use std::cmp::Ordering::*;
        assert_eq!(version_cmp("0.2.0", "0.1.0"), Greater);
        assert_eq!(version_cmp("1.2.10", "1.2.9"), Greater);
        assert_eq!(version_cmp("1.2", "1.2.0"), Equal);
        assert_eq!(version_cmp("3510.2.0", "3602.0.0"), Less);
    }

    #[test]
    fn options() {
        let a = |v: &[&str]| Opts::parse(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let o = a(&["apply", "http://h/", "--force", "--disk", "d", "--running", "USR-A"]).unwrap();
        assert!(o.force && o.url.as_deref() == Some("http://h/"));
        assert!(a(&["apply", "--disk", "d"]).is_err());
        assert!(a(&["frob"]).is_err());
        assert!(a(&["status", "extra"]).is_err());
    }
}
