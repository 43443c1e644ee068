//! The SLSA v1 provenance predicate of a `build_image` run.
//!
//! Everything here is a function of the build's inputs except `runDetails.metadata`
//! (invocationId, startedOn, finishedOn). Machine-local paths (output root, cache) are not
//! recorded: they do not change the artefacts.

use super::BuildRequest;
use anyhow::Result;
use railyard_attest::slsa::{BuildDefinition, BuildMetadata, Builder, Provenance, ResourceDescriptor, RunDetails};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// `buildDefinition.buildType` of `build_image` (described in sdk/attest/README.md).
pub const BUILD_TYPE: &str = "https://railyard.invalid/buildtypes/build_image/v1";
/// Builder id of local builds (`$RAILYARD_BUILDER_ID` overrides; `$CI` selects the CI id).
pub const BUILDER_LOCAL: &str = "https://railyard.invalid/builders/local";
/// Builder id when `$CI` is set.
pub const BUILDER_CI: &str = "https://railyard.invalid/builders/ci";

/// Host tools whose output ends up in the image.
const HOST_TOOLS: &[&str] = &["mkfs.erofs", "mksquashfs", "mkfs.ext4", "debugfs", "mkfs.vfat", "mcopy", "mmd", "dpkg-deb"];

pub fn build(req: &BuildRequest, s: &railyard_image::BuildSummary, board: &railyard_core::Board) -> Result<Provenance> {
    let mut ext = BTreeMap::new();
    ext.insert("board".into(), Value::from(s.board.clone()));
    ext.insert("version".into(), Value::from(s.version.clone()));
    ext.insert("disk_layout".into(), Value::from(s.disk_layout.clone()));
    ext.insert("usr_fs".into(), Value::from(s.usr_fs.name()));
    ext.insert("formats".into(), json!(["bin"]));
    ext.insert("targets".into(), json!(if req.targets.is_empty() { vec!["prod".to_string()] } else { req.targets.clone() }));
    let mut flags = vec![
        format!("--board={}", s.board),
        format!("--version={}", s.version),
        format!("--disk_layout={}", s.disk_layout),
        format!("--usr_fs={}", s.usr_fs.name()),
    ];
    if let Some(l) = &req.layout_file {
        ext.insert("layout_file".into(), Value::from(l.display().to_string()));
        flags.push(format!("--layout_file={}", l.display()));
    }
    match &req.image_root {
        Some(d) => {
            ext.insert("image_root".into(), Value::from(d.display().to_string()));
            flags.push(format!("--image_root={}", d.display()));
        }
        None => {
            ext.insert("image_root_source".into(), Value::from("binary-packages"));
        }
    }
    for o in &req.overlays {
        flags.push(format!("--overlay={}", o.display()));
    }
    if s.autologin {
        ext.insert("autologin".into(), Value::from(true));
        flags.push("--autologin".into());
    }
    if !s.sysexts.is_empty() {
        ext.insert(
            "sysexts".into(),
            json!(s.sysexts.iter().map(|e| json!({"name": e.name, "source": e.source.display().to_string(), "sha256": e.sha256, "root_hash": e.root_hash})).collect::<Vec<_>>()),
        );
        flags.extend(s.sysexts.iter().map(|e| format!("--sysext={}", e.source.display())));
    }
    // the keys baked into /usr for the update agent (part of what makes the image; the
    // rebuild check passes them again as --update_key files)
    ext.insert("update_keys".into(), json!(s.update_keys.iter().map(|k| json!({"keyid": k.keyid, "public_key": k.public_key})).collect::<Vec<_>>()));
    // the Secure Boot certificate the EFI binaries were signed with (the key stays secret;
    // the rebuild check is given the same files again)
    if let Some(sb) = &s.secure_boot {
        ext.insert("secure_boot".into(), json!({"subject": sb.subject, "cert_sha256": sb.cert_sha256, "signed": sb.signed}));
    }
    if !req.overlays.is_empty() {
        ext.insert("overlays".into(), json!(req.overlays.iter().map(|o| o.display().to_string()).collect::<Vec<_>>()));
    }
    ext.insert("flags".into(), json!(flags));

    let mut int = BTreeMap::new();
    int.insert("source_date_epoch".into(), Value::from(s.source_date_epoch));
    int.insert("os_id".into(), Value::from(board.os.id.clone()));
    int.insert("image_prefix".into(), Value::from(board.image_prefix()));
    int.insert("arch".into(), Value::from(board.board.arch.clone()));
    int.insert("railyard_version".into(), Value::from(env!("CARGO_PKG_VERSION")));

    let mut deps = Vec::new();
    if let Some(commit) = railyard_core::repo::head_commit(&req.root) {
        let mut d = ResourceDescriptor { name: Some("railyard-repository".into()), ..Default::default() };
        d.digest.insert("gitCommit".into(), commit);
        let dirty = git(&req.root, &["status", "--porcelain", "--", "overlays", "board-configs", "sdk"]).map(|s| !s.trim().is_empty());
        if let Some(dirty) = dirty {
            d.annotations.insert("uncommittedChanges".into(), Value::from(dirty));
        }
        deps.push(d);
    }
    deps.push(tree_dep(&req.root, "board-configs"));
    let mut overlays: Vec<String> = std::fs::read_dir(req.root.join("overlays"))
        .map(|rd| rd.filter_map(|e| e.ok()).filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    overlays.sort();
    for o in overlays {
        deps.push(tree_dep(&req.root, &format!("overlays/{o}")));
    }
    if let Some(l) = &req.layout_file {
        if let Ok(data) = std::fs::read(l) {
            let mut d = ResourceDescriptor { name: Some(format!("layout_file:{}", file_name(l))), ..Default::default() };
            d.digest.insert("sha256".into(), hex::encode(Sha256::digest(&data)));
            deps.push(d);
        }
    }
    // Inside the SDK container, run_sdk_container names the image: `<reference>@sha256:<hex>`.
    if let Ok(img) = std::env::var("RAILYARD_SDK_IMAGE") {
        if let Some((reference, digest)) = img.rsplit_once("@sha256:") {
            let mut d = ResourceDescriptor { name: Some("railyard-sdk-image".into()), ..Default::default() };
            d.uri = Some(format!("oci:{reference}"));
            d.digest.insert("sha256".into(), digest.to_string());
            deps.push(d);
        }
    }
    // The railyard binary (and the compiler, outside the SDK) identify the tool itself.
    let mut sdk = ResourceDescriptor { name: Some("railyard-sdk".into()), ..Default::default() };
    // /proc/self/exe: the running binary even if `cargo build` has replaced the file since
    let exe = sha256_file(Path::new("/proc/self/exe")).or_else(|| std::env::current_exe().ok().and_then(|p| sha256_file(&p)));
    if let Some(h) = exe {
        sdk.digest.insert("sha256".into(), h);
    }
    sdk.annotations.insert(
        "note".into(),
        Value::from("the railyard binary that ran the build (the SDK image, when used, is railyard-sdk-image)"),
    );
    if let Some(v) = command_out("rustc", &["-V"]) {
        sdk.annotations.insert("rustc".into(), Value::from(v.trim().to_string()));
    }
    if !sdk.digest.is_empty() {
        deps.push(sdk);
    }
    // Distfiles of the installed packages (Debian .debs of the -bin packages, upstream
    // tarballs, vendored crates), with the digests their Manifests pin.
    let mut seen = std::collections::BTreeSet::new();
    for b in &req.binpkgs {
        for (name, hashes) in &b.distfiles {
            if !seen.insert(name.clone()) {
                continue;
            }
            let mut d = ResourceDescriptor { name: Some(name.clone()), ..Default::default() };
            for (alg, hex) in hashes {
                d.digest.insert(alg.to_lowercase(), hex.clone());
            }
            d.annotations.insert("usedBy".into(), Value::from(b.cpv.clone()));
            deps.push(d);
        }
    }

    // The binary packages installed into the image: gpkg digest, keyed in the store by
    // their input hash (ebuild, eclasses, profile, USE, distfiles, dependencies, toolchain).
    for b in &req.binpkgs {
        let mut d = ResourceDescriptor { name: Some(format!("binpkg:{}", b.cpv)), ..Default::default() };
        if let Some((cat, pf)) = b.cpv.split_once('/') {
            if let Ok((pn, ver)) = railyard_packages::atom::split_pv(pf) {
                d.uri = Some(format!("pkg:ebuild/{cat}/{pn}@{ver}?repository={}", b.repo));
            }
        }
        d.digest.insert("sha256".into(), b.sha256.clone());
        d.annotations.insert("inputHash".into(), Value::from(b.input_hash.clone()));
        deps.push(d);
    }

    let mut tools = Vec::new();
    for t in HOST_TOOLS {
        if let Some(p) = which(t) {
            if let Some(h) = sha256_file(&p) {
                let mut d = ResourceDescriptor { name: Some((*t).to_string()), uri: Some(format!("file://{}", p.display())), ..Default::default() };
                d.digest.insert("sha256".into(), h);
                tools.push(d);
            }
        }
    }
    let builder_id = std::env::var("RAILYARD_BUILDER_ID")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| if std::env::var_os("CI").is_some() { BUILDER_CI } else { BUILDER_LOCAL }.to_string());
    Ok(Provenance {
        build_definition: BuildDefinition {
            build_type: BUILD_TYPE.into(),
            external_parameters: ext,
            internal_parameters: int,
            resolved_dependencies: deps,
        },
        run_details: RunDetails {
            builder: Builder {
                id: builder_id,
                version: BTreeMap::from([("railyard".to_string(), env!("CARGO_PKG_VERSION").to_string())]),
                builder_dependencies: tools,
            },
            metadata: Some(BuildMetadata::from_epochs(Some(invocation_id()), Some(super::epoch_secs(req.started)), None)?),
            byproducts: vec![],
        },
    })
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

pub(crate) fn invocation_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/uuid").map(|s| s.trim().to_string()).unwrap_or_else(|_| {
        let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        format!("{}-{n}", std::process::id())
    })
}

fn command_out(prog: &str, args: &[&str]) -> Option<String> {
    let o = std::process::Command::new(prog).args(args).stderr(std::process::Stdio::null()).output().ok()?;
    o.status.success().then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let o = railyard_core::Cmd::new("asking git", "git").arg("-C").arg(root).args(args).output().ok()?;
    Some(String::from_utf8_lossy(&o).into_owned())
}

pub(crate) fn which(prog: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin", "/bin"].iter().map(Into::into))
        .map(|d| d.join(prog))
        .find(|p| p.is_file())
        .and_then(|p| p.canonicalize().ok())
}

pub fn sha256_file(p: &Path) -> Option<String> {
    let mut f = std::fs::File::open(p).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).ok()?;
    Some(hex::encode(h.finalize()))
}

/// A directory of the checkout as a dependency: the committed tree (`gitTree`, from
/// `git rev-parse HEAD:<dir>`) and `dirSha256`, a hash of the working tree as it was built
/// (sorted paths, type, executable bit, content), which also covers uncommitted changes.
pub(crate) fn tree_dep(root: &Path, rel: &str) -> ResourceDescriptor {
    let mut d = ResourceDescriptor { name: Some(rel.to_string()), ..Default::default() };
    if let Some(t) = git(root, &["rev-parse", &format!("HEAD:{rel}")]) {
        d.digest.insert("gitTree".into(), t.trim().to_string());
    }
    d.digest.insert("dirSha256".into(), dir_hash(&root.join(rel)));
    d
}

/// Deterministic hash of a directory tree's content (not of times or owners).
pub fn dir_hash(dir: &Path) -> String {
    let mut entries = Vec::new();
    walk(dir, dir, &mut entries);
    entries.sort();
    let mut h = Sha256::new();
    for e in entries {
        h.update(e.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.filter_map(|e| e.ok()) {
        let p = e.path();
        let rel = p.strip_prefix(base).map(|r| r.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(md) = std::fs::symlink_metadata(&p) else { continue };
        let ft = md.file_type();
        if ft.is_symlink() {
            let t = std::fs::read_link(&p).map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
            out.push(format!("l {t} {rel}"));
        } else if ft.is_dir() {
            out.push(format!("d - {rel}"));
            walk(base, &p, out);
        } else if ft.is_file() {
            use std::os::unix::fs::PermissionsExt;
            let x = if md.permissions().mode() & 0o111 != 0 { "x" } else { "f" };
            out.push(format!("{x} {} {rel}", sha256_file(&p).unwrap_or_default()));
        }
    }
}
