//! `build_sysext`: a systemd system extension from binary packages of the store.
//!
//! The packages' run-time closure, minus what the base image already ships (its package
//! list), is installed into a tree; only `/usr` and `/opt` may hold files (anything else is
//! refused with its paths unless `--allow-outside-usr` says what to do); an
//! `extension-release.NAME` matching the base image is added; and the tree becomes a
//! Discoverable Partitions disk image `NAME.raw`: an erofs `usr` partition (the file system
//! is /usr; with /opt content a `root` partition holding usr/ and opt/) and its verity
//! partition (the DPS type GUIDs of the board's architecture), whose partition UUIDs are the
//! two halves of the verity root hash (as systemd-repart makes them). No
//! loop device, no mount; every UUID, salt and timestamp derives from the inputs, so a
//! rebuild gives the same bytes.

use anyhow::{bail, Context, Result};
use railyard_disk::guid::Guid;
use railyard_disk::layout::{PartitionPlan, PlannedDisk, Role};
use std::path::{Path, PathBuf};

/// What to do with files outside /usr and /opt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// Refuse the build, listing them (the default).
    Refuse,
    /// Move the ones with a /usr home (udev rules, units, tmpfiles, sysctl, modules-load,
    /// /bin, /sbin, /lib) there; refuse the rest.
    Move,
    /// Leave them out (listed as a warning).
    Drop,
}

impl Outside {
    /// Parses `move` / `drop`.
    pub fn parse(s: &str) -> Result<Outside> {
        match s {
            "move" => Ok(Outside::Move),
            "drop" => Ok(Outside::Drop),
            _ => bail!("--allow-outside-usr={s:?}: say `move` (udev rules, units … under /usr/lib) or `drop`"),
        }
    }
}

/// The RSA key and certificate that sign an extension's verity root hash.
pub use railyard_secureboot::Signer as VeritySigner;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Repository root.
    pub root: PathBuf,
    /// Board name.
    pub board: String,
    /// The extension's name (`NAME.raw`, `extension-release.NAME`).
    pub name: String,
    /// Package atoms.
    pub packages: Vec<String>,
    /// Extra ebuild repositories.
    pub overlays: Vec<PathBuf>,
    /// The base image's build directory (its package list and version).
    pub base: PathBuf,
    /// Where `NAME.raw` goes.
    pub build_dir: PathBuf,
    /// Files outside /usr and /opt.
    pub outside: Outside,
    /// erofs compression: `lz4` (the default of `build_sysext`), `lz4hc`, or None.
    pub compression: Option<String>,
    /// Signs the verity root hash (a usr-verity-sig / root-verity-sig partition).
    pub verity_signer: Option<std::sync::Arc<railyard_secureboot::Signer>>,
}

/// What was built.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// The extension's name.
    pub name: String,
    /// The disk image.
    pub image: PathBuf,
    /// Its SHA-256.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The verity root hash of the usr partition.
    pub root_hash: String,
    /// Packages in the extension (`cat/pkg-ver`).
    pub packages: Vec<String>,
    /// The same, with what the SBOM and the provenance record of each.
    pub binpkgs: Vec<Binpkg>,
    /// The board.
    pub board: String,
    /// The base image's version (the extension's VERSION_ID).
    pub version_id: String,
    /// SOURCE_DATE_EPOCH of the build.
    pub source_date_epoch: u64,
    /// The build directory.
    pub build_dir: PathBuf,
    /// Packages of the closure the base image already ships (left out).
    pub in_base: Vec<String>,
    /// Paths outside /usr and /opt that were moved (from, to) or dropped.
    pub moved: Vec<(String, String)>,
    /// See `moved`.
    pub dropped: Vec<String>,
    /// The extension-release file's contents.
    pub extension_release: String,
    /// The DPS architecture (`x86-64`, `arm64`).
    pub architecture: String,
    /// `usr` (the file system is /usr) or `root` (it holds usr/ and opt/).
    pub partition: String,
    /// erofs compression (`none`, `lz4`, `lz4hc`).
    pub compression: String,
    /// SHA-256 fingerprint of the certificate whose key signed the root hash (the
    /// verity-sig partition), if one did.
    pub verity_sig_certificate: Option<String>,
    /// Output files.
    pub outputs: Vec<PathBuf>,
}

/// A binary package in the extension.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Binpkg {
    /// `cat/pkg-ver`.
    pub cpv: String,
    /// Its ebuild repository.
    pub repo: String,
    /// Its input hash (the store key).
    pub input_hash: String,
    /// SHA-256 of the gpkg.
    pub sha256: String,
    /// Gentoo LICENSE.
    pub license: String,
    /// DESCRIPTION.
    pub description: String,
}

/// The DPS partition types of one architecture.
#[derive(Debug, Clone, Copy)]
pub struct DpsTypes {
    /// The DPS architecture name (`x86-64`, `arm64`: extension-release's ARCHITECTURE=).
    pub arch: &'static str,
    /// usr and usr-verity.
    pub usr: (&'static str, &'static str),
    /// root and root-verity (an extension with /opt: its file system holds usr/ and opt/).
    pub root: (&'static str, &'static str),
    /// usr-verity-sig and root-verity-sig.
    pub sig: (&'static str, &'static str),
}

/// The Discoverable Partitions types of a board architecture.
pub fn dps(arch: &str) -> Result<DpsTypes> {
    match arch {
        "amd64" => Ok(DpsTypes {
            arch: "x86-64",
            usr: ("8484680c-9521-48c6-9c11-b0720656f69e", "77ff5f63-e7b6-4633-acf4-1565b864c0e6"),
            root: ("4f68bce3-e8cd-4db1-96e7-fbcaf984b709", "2c7357ed-ebd2-46d9-aec1-23d437ec2bf5"),
            sig: ("e7bb33fb-06cf-4e81-8273-e543b413e2e2", "41092b05-9fc8-4523-994f-2def0408b176"),
        }),
        "arm64" => Ok(DpsTypes {
            arch: "arm64",
            usr: ("b0e01050-ee5f-4390-949a-9101b17104e9", "6e11a4e7-fbca-4ded-b9e9-e1a512bb664e"),
            root: ("b921b045-1df0-41c3-af44-4c6f280d3fae", "df3300ce-d69f-4c92-978c-9bfb0f38d820"),
            sig: ("c23ce4ff-44bd-4b00-b2d4-b41b3419e02a", "6db69de6-29f4-4758-a7a5-962190f00ce3"),
        }),
        _ => bail!("no Discoverable Partitions type GUIDs known for the architecture {arch:?}"),
    }
}

/// A name systemd-sysext accepts and a file name: letters, digits, `_`, `-`, `.`, not
/// starting with `.`.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !ok {
        bail!("extension name {name:?}: use letters, digits, '_', '-' and '.' (not first), at most 128");
    }
    Ok(())
}

/// Where a path outside /usr and /opt goes with `--allow-outside-usr=move`, if anywhere.
pub fn usr_home(rel: &str) -> Option<String> {
    const MAP: &[(&str, &str)] = &[
        ("etc/udev/rules.d/", "usr/lib/udev/rules.d/"),
        ("lib/udev/rules.d/", "usr/lib/udev/rules.d/"),
        ("etc/systemd/system/", "usr/lib/systemd/system/"),
        ("lib/systemd/system/", "usr/lib/systemd/system/"),
        ("etc/tmpfiles.d/", "usr/lib/tmpfiles.d/"),
        ("etc/sysctl.d/", "usr/lib/sysctl.d/"),
        ("etc/modules-load.d/", "usr/lib/modules-load.d/"),
        ("etc/sysusers.d/", "usr/lib/sysusers.d/"),
        ("bin/", "usr/bin/"),
        ("sbin/", "usr/sbin/"),
        ("lib64/", "usr/lib64/"),
        ("lib/", "usr/lib/"),
    ];
    MAP.iter().find_map(|(from, to)| rel.strip_prefix(from).filter(|r| !r.is_empty()).map(|r| format!("{to}{r}")))
}

/// Non-directory entries under `dir` (relative, sorted); directories too when empty.
fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
    let mut names: Vec<_> = std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?.flatten().collect();
    names.sort_by_key(|e| e.file_name());
    if names.is_empty() && !rel.is_empty() {
        out.push(format!("{rel}/"));
    }
    for e in names {
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if e.file_type()?.is_dir() {
            walk(&e.path(), &r, out)?;
        } else {
            out.push(r);
        }
    }
    Ok(())
}

/// Removes empty directories under `dir` (not `dir`).
fn prune(dir: &Path) -> Result<bool> {
    let mut empty = true;
    for e in std::fs::read_dir(dir)?.flatten() {
        if e.file_type()?.is_dir() && prune(&e.path())? {
            std::fs::remove_dir(e.path())?;
        } else {
            empty = false;
        }
    }
    Ok(empty)
}

/// (from, to) of each moved path.
type Moved = Vec<(String, String)>;

/// Applies the outside-/usr policy to the tree at `t`: (moved, dropped).
fn confine(t: &Path, o: &Options) -> Result<(Moved, Vec<String>)> {
    let mut outside = Vec::new();
    for e in std::fs::read_dir(t)?.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n == "usr" || n == "opt" {
            continue;
        }
        if e.file_type()?.is_dir() {
            walk(&e.path(), &n, &mut outside)?;
        } else {
            outside.push(n);
        }
    }
    outside.sort();
    // empty directories (e.g. /var/lib/foo kept by keepdir) are not content
    let files: Vec<String> = outside.iter().filter(|p| !p.ends_with('/') && !p.ends_with("/.keep") && !p.contains("/.keep_")).cloned().collect();
    let (mut moved, mut dropped) = (Vec::new(), Vec::new());
    if !files.is_empty() {
        let list = |v: &[String]| v.iter().take(40).map(|p| format!("  /{p}")).collect::<Vec<_>>().join("\n") + if v.len() > 40 { "\n  …" } else { "" };
        match o.outside {
            Outside::Refuse => bail!(
                "the extension {} would put {} file(s) outside /usr and /opt, where systemd-sysext does not merge them:\n{}\n\
                 --allow-outside-usr=move moves the ones with a /usr home (udev rules, units, tmpfiles.d, sysctl.d, /bin, /lib …); \
                 --allow-outside-usr=drop leaves them out",
                o.name,
                files.len(),
                list(&files)
            ),
            Outside::Move => {
                let homeless: Vec<String> = files.iter().filter(|p| usr_home(p).is_none()).cloned().collect();
                if !homeless.is_empty() {
                    bail!(
                        "the extension {}: {} file(s) outside /usr and /opt have no /usr home to move to:\n{}\n--allow-outside-usr=drop leaves them out",
                        o.name,
                        homeless.len(),
                        list(&homeless)
                    );
                }
                for p in &files {
                    let to = usr_home(p).expect("checked");
                    let dst = t.join(&to);
                    if dst.symlink_metadata().is_ok() {
                        bail!("the extension {}: /{p} would move to /{to}, which a package already installs", o.name);
                    }
                    if let Some(d) = dst.parent() {
                        std::fs::create_dir_all(d)?;
                    }
                    std::fs::rename(t.join(p), &dst).with_context(|| format!("moving /{p} to /{to}"))?;
                    moved.push((p.clone(), to));
                }
            }
            Outside::Drop => {
                for p in &files {
                    std::fs::remove_file(t.join(p)).with_context(|| format!("removing /{p}"))?;
                    dropped.push(p.clone());
                }
            }
        }
    }
    // what is left outside /usr and /opt is empty directories: gone
    for e in std::fs::read_dir(t)?.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n != "usr" && n != "opt" && e.file_type()?.is_dir() {
            let _ = prune(&e.path());
            let keep: Vec<String> = {
                let mut v = Vec::new();
                walk(&e.path(), &n, &mut v)?;
                v.into_iter().filter(|p| !p.ends_with('/')).collect()
            };
            if keep.iter().all(|p| p.ends_with("/.keep") || p.contains("/.keep_")) {
                std::fs::remove_dir_all(e.path())?;
            }
        }
    }
    Ok((moved, dropped))
}

/// `KEY=value` lines of `text`.
fn kv(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| l.trim().strip_prefix(key)?.strip_prefix('=').map(|v| v.trim().trim_matches('"').to_string()))
}

fn align(v: u64, a: u64) -> u64 {
    v.div_ceil(a) * a
}

/// Builds the extension.
pub fn build(o: &Options) -> Result<Summary> {
    check_name(&o.name)?;
    if o.packages.is_empty() {
        bail!("build_sysext {}: name at least one package", o.name);
    }
    let board = railyard_core::Board::load(&o.root, &o.board)?;
    let types = dps(&board.board.arch)?;
    let id = board.os.id.clone();
    // the base image: its package list and version
    let base_list = o.base.join(format!("{id}_production_image_packages.txt"));
    let base_pkgs = std::fs::read_to_string(&base_list)
        .with_context(|| format!("reading the base image's package list {} (build the image first: ./build_image --board={}, or name it with --from)", base_list.display(), o.board))?;
    let base_pkgs: std::collections::BTreeSet<String> = base_pkgs.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let version_file = o.base.join("version.txt");
    let vt = std::fs::read_to_string(&version_file).with_context(|| format!("reading {}", version_file.display()))?;
    let version_id = kv(&vt, &format!("{}_VERSION_ID", id.to_ascii_uppercase())).with_context(|| format!("{}: no {}_VERSION_ID=", version_file.display(), id.to_ascii_uppercase()))?;
    let epoch = railyard_core::repo::source_date_epoch(&o.root)?;

    let session = railyard_packages::engine::Session::open(&railyard_packages::engine::SessionOptions {
        root: o.root.clone(),
        board: o.board.clone(),
        overlays: o.overlays.clone(),
        targets: o.packages.clone(),
        state: None,
        read_only: true,
        profile: None,
        host_profile: None,
        break_dep_loop: None,
        keep_cycles: false,
    })?;
    let closure = session.plan.runtime_closure(&session.plan.targets);
    let name_of = |cpv: &str| railyard_packages::atom::split_cpv(cpv).map(|(cat, pn, _)| format!("{cat}/{pn}")).unwrap_or_else(|_| cpv.to_string());
    let base_names: std::collections::BTreeMap<String, String> = base_pkgs.iter().map(|c| (name_of(c), c.clone())).collect();
    let (mut mine, mut in_base, mut binpkgs) = (Vec::new(), Vec::new(), Vec::new());
    for &i in &closure {
        let p = &session.plan.pkgs[i];
        let cpv = p.cpv();
        if base_pkgs.contains(&cpv) {
            in_base.push(cpv);
            continue;
        }
        if let Some(other) = base_names.get(&name_of(&cpv)) {
            bail!("the extension {} needs {cpv}, but the base image ships {other}: build the extension from the tree the image was built from", o.name);
        }
        if !session.store.has(&p.hash) {
            bail!("{cpv} is not built (or its inputs changed): run ./build_packages --board={} {}", o.board, o.packages.join(" "));
        }
        mine.push((cpv.clone(), session.store.path(&p.hash), p.hash.clone()));
        binpkgs.push(Binpkg {
            cpv,
            repo: p.repo.clone(),
            input_hash: p.hash.clone(),
            sha256: session.store.record(&p.hash).map(|r| r.sha256).unwrap_or_default(),
            license: p.ebuild.meta.get("LICENSE").to_string(),
            description: p.ebuild.meta.get("DESCRIPTION").to_string(),
        });
    }
    in_base.sort();
    if mine.is_empty() {
        bail!("the extension {} would be empty: the base image already ships {}", o.name, in_base.join(", "));
    }

    std::fs::create_dir_all(&o.build_dir).with_context(|| format!("creating {}", o.build_dir.display()))?;
    let work = railyard_core::rundir::RunDir::create(&o.build_dir.join(".work"), &o.name)?;
    let _guard = railyard_core::cleanup::register(&[work.path(), &work.lock_path()]);
    let res = assemble(o, &board, &mine, &in_base, work.path(), types, &version_id, epoch).map(|mut s| {
        s.binpkgs = binpkgs;
        s
    });
    work.remove();
    let _ = std::fs::remove_dir(o.build_dir.join(".work"));
    res
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    o: &Options,
    board: &railyard_core::Board,
    mine: &[(String, PathBuf, String)],
    in_base: &[String],
    work: &Path,
    types: DpsTypes,
    version_id: &str,
    epoch: u64,
) -> Result<Summary> {
    let tree = work.join("tree");
    let pkgs: Vec<PathBuf> = mine.iter().map(|m| m.1.clone()).collect();
    let st = railyard_core::stage::Stage::start(format!("installing {} package(s) into the extension {}", pkgs.len(), o.name));
    railyard_packages::install::install(&tree, &pkgs, &railyard_packages::install::InstallOptions { chown: false, vdb: false })?;
    drop(st);
    let (moved, dropped) = confine(&tree, o)?;
    for p in &dropped {
        eprintln!("build_sysext: warning: /{p} left out (outside /usr and /opt)");
    }
    let dps_arch = types.arch;
    // extension-release: the base image's ID and VERSION_ID, the architecture
    let rel = format!("ID={}\nVERSION_ID={version_id}\nARCHITECTURE={dps_arch}\nEXTENSION_RELOAD_MANAGER=1\n", board.os.id);
    let rel_dir = tree.join("usr/lib/extension-release.d");
    std::fs::create_dir_all(&rel_dir)?;
    std::fs::write(rel_dir.join(format!("extension-release.{}", o.name)), &rel)?;

    // erofs of the tree (owners root, times SOURCE_DATE_EPOCH), then its verity tree
    let inputs: Vec<&[u8]> = std::iter::once(o.name.as_bytes()).chain(mine.iter().map(|m| m.2.as_bytes())).chain([rel.as_bytes()]).collect();
    let fs_uuid = Guid::derive(&[&[b"railyard-sysext-erofs".as_slice()], inputs.as_slice()].concat());
    // a usr partition's file system is /usr itself; with /opt content the extension is a
    // root partition holding usr/ and opt/ (how systemd-dissect mounts each)
    let with_opt = tree.join("opt").is_dir();
    let (kind, (data_type, verity_type), sig_type, fs_dir) =
        if with_opt { ("root", types.root, types.sig.1, tree.clone()) } else { ("usr", types.usr, types.sig.0, tree.join("usr")) };
    let img = work.join("fs.img");
    let st = railyard_core::stage::Stage::start(format!("building the erofs image of {}", o.name));
    let fs_bytes = railyard_image::fs::make_erofs(&fs_dir, &img, epoch, &fs_uuid.to_string(), o.compression.as_deref())?;
    drop(st);
    let data_blocks = fs_bytes.div_ceil(railyard_disk::verity::BLOCK);
    let fs_digest = railyard_image::sha256_file(&img)?;
    let f = std::fs::OpenOptions::new().read(true).write(true).open(&img)?;
    f.set_len(data_blocks * railyard_disk::verity::BLOCK)?;
    let salt = {
        use sha2::Digest as _;
        sha2::Sha256::digest([b"railyard-sysext-salt:".as_slice(), fs_digest.as_bytes()].concat()).to_vec()
    };
    let params = railyard_disk::verity::Params { data_blocks, salt, uuid: Guid::derive(&[b"railyard-sysext-verity", fs_digest.as_bytes()]) };
    let v = railyard_disk::verity::format(&f, 0, &params, 0).context("computing the verity tree")?;
    let hash_len = v.hash_blocks * railyard_disk::verity::BLOCK;
    drop(f);

    // the disk: usr at 1 MiB, usr-verity right after it (4 KiB aligned), backup GPT at the end
    let root = hex::decode(&v.root_hash)?;
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    a.copy_from_slice(&root[..16]);
    b.copy_from_slice(&root[16..32]);
    let v_root = v.root_hash.clone();
    let usr_start = 1 << 20;
    let usr_size = v.hash_offset;
    let ver_start = align(usr_start + usr_size, 4096);
    // the signature partition (UAPI DPS): JSON with the root hash, the certificate's
    // fingerprint and a detached PKCS#7 signature of the root hash (hex text), NUL padded
    let sig = match &o.verity_signer {
        Some(signer) => {
            use base64::Engine as _;
            let pkcs7 = signer.sign_detached(v.root_hash.as_bytes()).context("signing the verity root hash")?;
            let json = serde_json::json!({
                "rootHash": v.root_hash,
                "certificateFingerprint": signer.cert_sha256(),
                "signature": base64::engine::general_purpose::STANDARD.encode(pkcs7),
            });
            let mut j = serde_json::to_vec(&json)?;
            j.push(b'\n');
            Some((j, signer.cert_sha256()))
        }
        None => None,
    };
    let sig_start = align(ver_start + hash_len, 4096);
    let sig_len = sig.as_ref().map(|s| align(s.0.len() as u64, 4096)).unwrap_or(0);
    let size = align(sig_start + sig_len + railyard_disk::layout::GPT_RESERVED_END, 4096);
    let part = |num: u32, label: String, ty: &str, uuid: Guid, start: u64, size: u64| -> Result<PartitionPlan> {
        Ok(PartitionPlan {
            num,
            label,
            type_guid: Guid::parse(ty).map_err(anyhow::Error::msg)?,
            uuid,
            start,
            size,
            attributes: 0,
            role: Role::Reserved,
            fs_label: None,
        })
    };
    let disk = PlannedDisk {
        size,
        disk_guid: Guid::derive(&[b"railyard-sysext-disk", v.root_hash.as_bytes()]),
        partitions: {
            let mut v = vec![
                part(1, format!("{kind}-{dps_arch}"), data_type, Guid(a), usr_start, usr_size)?,
                part(2, format!("{kind}-{dps_arch}-verity"), verity_type, Guid(b), ver_start, hash_len)?,
            ];
            if sig.is_some() {
                v.push(part(3, format!("{kind}-{dps_arch}-verity-sig"), sig_type, Guid::derive(&[b"railyard-sysext-verity-sig", v_root.as_bytes()]), sig_start, sig_len)?);
            }
            v
        },
    };
    let out = o.build_dir.join(format!("{}.raw", o.name));
    let tmp = o.build_dir.join(format!(".{}.raw.tmp", o.name));
    let _ = std::fs::remove_file(&tmp);
    {
        let src = std::fs::File::open(&img)?;
        let mut dst = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        dst.set_len(size)?;
        copy_range(&src, 0, &dst, usr_start, usr_size)?;
        copy_range(&src, v.hash_offset, &dst, ver_start, hash_len)?;
        if let Some((j, _)) = &sig {
            use std::os::unix::fs::FileExt as _;
            dst.write_all_at(j, sig_start)?;
        }
        railyard_disk::gpt::write(&mut dst, &disk)?;
        dst.sync_all()?;
    }
    std::fs::rename(&tmp, &out).with_context(|| format!("renaming {} to {}", tmp.display(), out.display()))?;
    // the root hash next to it (systemd's sidecar: .usrhash for a usr partition, .roothash for
    // a root one) and the package list
    let roothash = o.build_dir.join(format!("{}.{}hash", o.name, kind));
    std::fs::write(&roothash, format!("{}\n", v.root_hash))?;
    let list = o.build_dir.join(format!("{}_packages.txt", o.name));
    std::fs::write(&list, mine.iter().map(|m| format!("{}\n", m.0)).collect::<String>())?;
    let sha256 = railyard_image::sha256_file(&out)?;
    Ok(Summary {
        name: o.name.clone(),
        image: out.clone(),
        sha256,
        size,
        root_hash: v.root_hash.clone(),
        packages: mine.iter().map(|m| m.0.clone()).collect(),
        binpkgs: Vec::new(),
        board: o.board.clone(),
        version_id: version_id.to_string(),
        source_date_epoch: epoch,
        build_dir: o.build_dir.clone(),
        in_base: in_base.to_vec(),
        moved,
        dropped,
        extension_release: rel,
        architecture: dps_arch.to_string(),
        partition: kind.to_string(),
        verity_sig_certificate: sig.map(|s| s.1),
        compression: o.compression.clone().unwrap_or_else(|| "none".into()),
        outputs: vec![out, roothash, list],
    })
}

fn copy_range(src: &std::fs::File, from: u64, dst: &std::fs::File, to: u64, len: u64) -> Result<()> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0;
    while pos < len {
        let n = ((len - pos) as usize).min(buf.len());
        src.read_exact_at(&mut buf[..n], from + pos)?;
        if buf[..n].iter().any(|&x| x != 0) {
            dst.write_all_at(&buf[..n], to + pos)?;
        }
        pos += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_usr_homes() {
        assert!(check_name("containerd").is_ok());
        assert!(check_name("docker-24.0_1").is_ok());
        for bad in ["", ".hidden", "a/b", "a b", "../x"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        assert_eq!(usr_home("etc/udev/rules.d/70-x.rules").as_deref(), Some("usr/lib/udev/rules.d/70-x.rules"));
        assert_eq!(usr_home("lib/systemd/system/x.service").as_deref(), Some("usr/lib/systemd/system/x.service"));
        assert_eq!(usr_home("sbin/x").as_deref(), Some("usr/sbin/x"));
        assert_eq!(usr_home("etc/x.conf"), None);
        assert_eq!(usr_home("var/lib/x"), None);
        assert!(Outside::parse("keep").is_err());
    }

    #[test]
    fn dps_types_per_architecture() {
        assert_eq!(dps("amd64").unwrap().arch, "x86-64");
        assert_eq!(dps("arm64").unwrap().usr.0, "b0e01050-ee5f-4390-949a-9101b17104e9");
        assert_eq!(dps("arm64").unwrap().root.1, "df3300ce-d69f-4c92-978c-9bfb0f38d820");
        assert!(dps("riscv").is_err());
    }
}
