//! gpkg normalisation and installation against real Portage: small packages are built
//! with `ebuild … package` (under `unshare --map-root-user`), normalised, installed by
//! `install()` and by `emerge --usepkgonly`, and the results compared.

use railyard_packages::gpkg::{self, EntryKind, Gpkg, Normalize};
use railyard_packages::install::{self, ContentsKind, InstallOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

const SDE: u64 = 1_700_000_000;

// ---------------------------------------------------------------------------------------
// Portage environment (test-only; the production version lives elsewhere)

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn venv() -> PathBuf {
    let p = std::env::var_os("RAILYARD_PORTAGE").map(PathBuf::from).unwrap_or_else(|| workspace().join("__build__/portage"));
    assert!(
        p.join("bin/ebuild").is_file(),
        "Portage not found at {} (set RAILYARD_PORTAGE or run ./setup_host)",
        p.display()
    );
    p
}

/// With ROOT != / Portage also loads the config of the running root, whose config root
/// is the venv: give it a profile once (docs/portage-notes.md §3, "build-host config").
fn ensure_host_profile(venv: &Path) {
    let dir = venv.join("etc/portage");
    fs::create_dir_all(&dir).unwrap();
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        a => panic!("unsupported host arch {a}"),
    };
    let link = dir.join("make.profile");
    if !link.join("make.defaults").exists() {
        let tmp = dir.join(format!(".make.profile.{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        std::os::unix::fs::symlink(workspace().join("overlays/railyard/profiles/host").join(arch), &tmp).unwrap();
        fs::rename(&tmp, &link).unwrap();
    }
    let conf = dir.join("make.conf");
    if !conf.exists() {
        let tmp = dir.join(format!(".make.conf.{}", std::process::id()));
        fs::write(&tmp, "FEATURES=\"-sandbox -usersandbox -news\"\n").unwrap();
        fs::rename(&tmp, &conf).unwrap();
    }
}

/// A state directory: overlay, config root, PORTAGE_TMPDIR, PKGDIR.
struct State {
    dir: PathBuf,
}

const EBUILD_HEAD: &str = r#"EAPI=8
DESCRIPTION="railyard test package"
HOMEPAGE="https://example.invalid"
LICENSE="MIT"
SLOT="0"
KEYWORDS="amd64 arm64"
S="${WORKDIR}"
"#;

/// (category/pf, src_install body)
const EBUILDS: &[(&str, &str)] = &[
    (
        "test-cat/alpha-1",
        r#"
	mkdir -p "${ED}"/usr/bin "${ED}"/usr/lib "${ED}"/usr/share/alpha/sub "${ED}"/var/lib/alpha || die
	echo hi > "${ED}"/usr/bin/a || die
	chmod 0755 "${ED}"/usr/bin/a || die
	dosym a /usr/bin/b
	dosym usr/lib /lib
	echo data > "${ED}"/usr/share/alpha/sub/data.txt || die
	echo spaced > "${ED}/usr/share/alpha/with space.txt" || die
	ln "${ED}"/usr/bin/a "${ED}"/usr/share/alpha/a-hardlink || die
	echo secret > "${ED}"/usr/share/alpha/secret || die
	chmod 0600 "${ED}"/usr/share/alpha/secret || die
	mkdir -p "${ED}"/usr/share/alpha/private || die
	echo private > "${ED}"/usr/share/alpha/private/f || die
	chmod 0750 "${ED}"/usr/share/alpha/private || die
	echo lib > "${ED}"/usr/lib/alpha.so || die
	echo state > "${ED}"/var/lib/alpha/state || die
"#,
    ),
    (
        "test-cat/alpha-2",
        r#"
	mkdir -p "${ED}"/usr/bin "${ED}"/usr/lib "${ED}"/usr/share/alpha || die
	echo "hi v2" > "${ED}"/usr/bin/a || die
	chmod 0755 "${ED}"/usr/bin/a || die
	dosym a /usr/bin/b
	dosym usr/lib /lib
	echo lib2 > "${ED}"/usr/lib/alpha.so || die
	echo doc > "${ED}"/usr/share/alpha/doc || die
"#,
    ),
    (
        "test-cat/beta-1",
        r#"
	mkdir -p "${ED}"/usr/bin "${ED}"/lib/beta "${ED}"/usr/share/beta || die
	printf '#!/bin/sh\necho beta\n' > "${ED}"/usr/bin/beta || die
	chmod 0755 "${ED}"/usr/bin/beta || die
	echo module > "${ED}"/lib/beta/mod.ko || die
	dosym ../../lib/beta /usr/share/beta/lib
"#,
    ),
    (
        "test-cat/gamma-1",
        r#"
	mkdir -p "${ED}"/usr/bin || die
	echo gamma > "${ED}"/usr/bin/a || die
	echo gamma > "${ED}"/usr/bin/gamma || die
"#,
    ),
];

/// Hostile packages: links planted where the installer keeps its own database, pointing
/// at a host directory (`<base>/host`, outside every root).
fn hostile_ebuilds(host: &Path) -> Vec<(&'static str, String)> {
    let h = host.display();
    vec![
        ("test-cat/evilcounter-1", format!("\n\tmkdir -p \"${{ED}}\"/var/cache/edb || die\n\tdosym {h}/counter /var/cache/edb/counter\n")),
        ("test-cat/evilvdb-1", format!("\n\tmkdir -p \"${{ED}}\"/var/db/pkg || die\n\tdosym {h}/vdbdir /var/db/pkg/test-cat\n")),
    ]
}

impl State {
    fn new(dir: PathBuf) -> State {
        let ov = dir.join("overlay");
        for d in ["metadata", "profiles"] {
            fs::create_dir_all(ov.join(d)).unwrap();
        }
        fs::write(
            ov.join("metadata/layout.conf"),
            "masters =\nthin-manifests = true\nsign-manifests = false\nprofile-formats = portage-2\ncache-formats = md5-dict\n",
        )
        .unwrap();
        fs::write(ov.join("profiles/repo_name"), "rytest\n").unwrap();
        fs::write(ov.join("profiles/eapi"), "8\n").unwrap();
        fs::write(ov.join("profiles/categories"), "test-cat\n").unwrap();
        let hostile = hostile_ebuilds(&dir.parent().unwrap().join("host"));
        for (cpv, body) in EBUILDS.iter().map(|(c, b)| (*c, b.to_string())).chain(hostile) {
            let (cat, pf) = cpv.split_once('/').unwrap();
            let pn = pf.rsplit_once('-').unwrap().0;
            let d = ov.join(cat).join(pn);
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join(format!("{pf}.ebuild")), format!("{EBUILD_HEAD}\nsrc_install() {{{body}}}\n")).unwrap();
        }
        let conf = dir.join("config/etc/portage");
        fs::create_dir_all(&conf).unwrap();
        let arch = if std::env::consts::ARCH == "aarch64" { "arm64" } else { "amd64" };
        std::os::unix::fs::symlink(workspace().join("overlays/railyard/profiles/host").join(arch), conf.join("make.profile"))
            .unwrap();
        let s = dir.display();
        fs::write(
            conf.join("make.conf"),
            format!(
                r#"FEATURES="-sandbox -usersandbox -userpriv -userfetch -ipc-sandbox -network-sandbox -pid-sandbox -mount-sandbox -news -xattr -binpkg-multi-instance"
PORTAGE_TMPDIR="{s}/tmp"
DISTDIR="{s}/distfiles"
PKGDIR="{s}/pkgs"
PORT_LOGDIR="{s}/log"
EMERGE_LOG_DIR="{s}/log"
PORTAGE_DEPCACHEDIR="{s}/depcache"
GENTOO_MIRRORS=""
CLEAN_DELAY="0"
EMERGE_WARNING_DELAY="0"
NOCOLOR="true"
PORTAGE_ELOG_SYSTEM="save"
"#
            ),
        )
        .unwrap();
        for d in ["tmp", "distfiles", "pkgs", "log"] {
            fs::create_dir_all(dir.join(d)).unwrap();
        }
        State { dir }
    }

    /// A Portage program run as (mapped) root in a user namespace.
    fn portage(&self, prog: &str) -> Command {
        let venv = venv();
        let mut c = Command::new("unshare");
        c.arg("--map-root-user").arg(venv.join("bin").join(prog));
        let path = format!("{}:{}", venv.join("bin").display(), std::env::var("PATH").unwrap_or_default());
        c.env("PATH", path)
            .env("EPREFIX", "/")
            .env("PORTAGE_CONFIGROOT", self.dir.join("config"))
            .env("PORTAGE_USERNAME", "root")
            .env("PORTAGE_GRPNAME", "root")
            .env(
                "PORTAGE_REPOSITORIES",
                format!("[DEFAULT]\nmain-repo = rytest\n[rytest]\nlocation = {}\nauto-sync = no\n", self.dir.join("overlay").display()),
            )
            .env("LC_ALL", "C.UTF-8")
            .env("TZ", "UTC")
            .env_remove("ROOT")
            .env_remove("SYSROOT");
        c
    }

    fn build(&self, cpv: &str) -> PathBuf {
        let (cat, pf) = cpv.split_once('/').unwrap();
        let pn = pf.rsplit_once('-').unwrap().0;
        let ebuild = self.dir.join("overlay").join(cat).join(pn).join(format!("{pf}.ebuild"));
        run(self.portage("ebuild").arg(&ebuild).arg("clean").arg("package"));
        let out = self.dir.join("pkgs").join(cat).join(format!("{pf}.gpkg.tar"));
        assert!(out.is_file(), "{} was not built", out.display());
        out
    }
}

fn run(c: &mut Command) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{c:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{c:?} failed ({}):\n{text}", out.status);
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Packages built once per test process.
struct Built {
    base: PathBuf,
    a: State,
    /// `<cpv>` → gpkg built in state A.
    pkgs: BTreeMap<String, PathBuf>,
    /// alpha-1 built again in another state directory, later.
    alpha_b: PathBuf,
    b: State,
}

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let t = Instant::now();
        let venv = venv();
        ensure_host_profile(&venv);
        let top = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        fs::create_dir_all(&top).unwrap();
        // Remove what earlier (finished) test processes left behind.
        for e in fs::read_dir(&top).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Some(pid) = name.strip_prefix("gpkg_install-") {
                if !Path::new("/proc").join(pid).exists() {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let base = top.join(format!("gpkg_install-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let a = State::new(base.join("state-a"));
        let mut pkgs = BTreeMap::new();
        for (cpv, _) in EBUILDS.iter().map(|(c, b)| (*c, b.to_string())).chain(hostile_ebuilds(Path::new("/"))) {
            pkgs.insert(cpv.to_string(), a.build(cpv));
        }
        // Another state directory (different paths in environment.bz2), another time.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = State::new(base.join("state-bb"));
        let alpha_b = b.build("test-cat/alpha-1");
        eprintln!("built {} packages with Portage in {:.1?}", pkgs.len() + 1, t.elapsed());
        Built { base, a, pkgs, alpha_b, b }
    })
}

fn scratch(name: &str) -> PathBuf {
    let d = built().base.join("scratch").join(name);
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn sha256(p: &Path) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(fs::read(p).unwrap()))
}

fn opts(state: &State) -> Normalize {
    Normalize {
        source_date_epoch: SDE,
        path_map: vec![(state.dir.display().to_string(), "/state".to_string())],
        force_root_owner: true,
    }
}

/// Normalised packages of state A in a PKGDIR layout (`<dir>/<cat>/<pf>.gpkg.tar`).
fn normalized_pkgdir(dir: &Path, cpvs: &[&str]) -> Vec<PathBuf> {
    let b = built();
    cpvs.iter()
        .map(|cpv| {
            let (cat, pf) = cpv.split_once('/').unwrap();
            let out = dir.join(cat).join(format!("{pf}.gpkg.tar"));
            fs::create_dir_all(out.parent().unwrap()).unwrap();
            gpkg::normalize(&b.pkgs[*cpv], &out, &opts(&b.a)).unwrap();
            out
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// File-tree snapshots

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Dir { mode: u32 },
    File { mode: u32, data: Vec<u8>, mtime: i64 },
    Symlink { target: String },
}

/// Paths (relative, `/`-separated) → node, skipping `exclude` (relative paths).
fn tree(root: &Path, exclude: &[&str]) -> BTreeMap<String, Node> {
    fn walk(root: &Path, rel: &str, exclude: &[&str], out: &mut BTreeMap<String, Node>) {
        let p = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
        for e in fs::read_dir(&p).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().to_string();
            let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if exclude.contains(&r.as_str()) {
                continue;
            }
            let m = fs::symlink_metadata(e.path()).unwrap();
            let mode = m.permissions().mode() & 0o7777;
            if m.file_type().is_symlink() {
                out.insert(r, Node::Symlink { target: fs::read_link(e.path()).unwrap().to_string_lossy().to_string() });
            } else if m.is_dir() {
                out.insert(r.clone(), Node::Dir { mode });
                walk(root, &r, exclude, out);
            } else {
                out.insert(r, Node::File { mode, data: fs::read(e.path()).unwrap(), mtime: m.mtime() });
            }
        }
    }
    let mut out = BTreeMap::new();
    if root.exists() {
        walk(root, "", exclude, &mut out);
    }
    out
}

/// Everything about a tree, for "nothing changed" checks (incl. directory mtimes).
fn snapshot(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(m) = fs::symlink_metadata(root) {
        out.push(format!(". {} {}", m.mode(), m.mtime_nsec() + m.mtime() * 1_000_000_000));
    }
    for (p, n) in tree(root, &[]) {
        let m = fs::symlink_metadata(root.join(&p)).unwrap();
        out.push(format!("{p} {n:?} {} {} {}", m.ino(), m.mtime(), m.mtime_nsec()));
    }
    out
}

/// Paths Portage itself creates in a ROOT (not part of any package).
const PORTAGE_STATE: &[&str] = &["etc", "tmp", "var/tmp", "var/cache", "var/lib/portage", "var/db"];

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn read_verifies_and_lists_the_image() {
    let b = built();
    let g = Gpkg::read(&b.pkgs["test-cat/alpha-1"]).unwrap();
    assert_eq!(g.pf, "alpha-1");
    assert_eq!(g.category(), "test-cat");
    assert_eq!(g.cpv(), "test-cat/alpha-1");
    assert_eq!(g.slot(), "0");
    assert_eq!(g.meta_str("LICENSE").as_deref(), Some("MIT"));
    assert!(g.metadata.contains_key("environment.bz2") && g.metadata.contains_key("alpha-1.ebuild"));
    assert_eq!(g.member_names(), ["gpkg-1", "metadata.tar.zst", "image.tar.zst", "Manifest"]);
    assert_eq!(g.basename, "alpha-1");
    let names: Vec<&str> = g.manifest.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["gpkg-1", "metadata.tar.zst", "image.tar.zst"]);

    let entries = g.image_entries().unwrap();
    let get = |p: &str| entries.iter().find(|e| e.path == p).unwrap_or_else(|| panic!("{p} missing: {entries:#?}"));
    assert_eq!(get("usr/bin/a").kind, EntryKind::File);
    assert_eq!(get("usr/bin/a").mode, 0o755);
    assert_eq!(get("usr/bin/a").size, 3);
    assert_eq!(get("usr/bin/b").kind, EntryKind::Symlink);
    assert_eq!(get("usr/bin/b").link.as_deref(), Some("a"));
    assert_eq!(get("usr/share/alpha/a-hardlink").kind, EntryKind::Hardlink);
    assert_eq!(get("usr/share/alpha/a-hardlink").link.as_deref(), Some("usr/bin/a"));
    assert_eq!(get("usr/share/alpha/secret").mode, 0o600);
    assert_eq!(get("usr/share/alpha/private").kind, EntryKind::Dir);
    assert_eq!(get("usr/share/alpha/private").mode, 0o750);
    assert!(entries.iter().all(|e| e.uid == 0 && e.gid == 0), "built under unshare --map-root-user");
    // Content streaming.
    let mut data = BTreeMap::new();
    g.for_each_image_entry(|e, r| {
        let mut s = String::new();
        r.read_to_string(&mut s)?;
        data.insert(e.path.clone(), s);
        Ok(())
    })
    .unwrap();
    assert_eq!(data["usr/share/alpha/sub/data.txt"], "data\n");
    assert_eq!(data["usr/share/alpha/with space.txt"], "spaced\n");
}

use std::io::Read;

#[test]
fn normalize_is_deterministic_and_a_fixed_point() {
    let b = built();
    let d = scratch("determinism");
    let input = &b.pkgs["test-cat/alpha-1"];
    let (o1, o2, o3, ob) = (d.join("1.gpkg.tar"), d.join("2.gpkg.tar"), d.join("3.gpkg.tar"), d.join("b.gpkg.tar"));
    let t = Instant::now();
    let s1 = gpkg::normalize(input, &o1, &opts(&b.a)).unwrap();
    eprintln!("normalize: {:.1?}", t.elapsed());
    let s2 = gpkg::normalize(input, &o2, &opts(&b.a)).unwrap();
    assert_eq!(fs::read(&o1).unwrap(), fs::read(&o2).unwrap());
    assert_eq!(s1, s2);
    assert_eq!(s1.sha256, sha256(&o1));
    assert_eq!(s1.size, fs::metadata(&o1).unwrap().len());
    assert_eq!(s1.size % 10240, 0);
    // Fixed point: normalising the output again changes nothing (path map is a no-op now).
    let s3 = gpkg::normalize(&o1, &o3, &opts(&b.a)).unwrap();
    assert_eq!(s3.sha256, s1.sha256);
    // The same package built at another time in another state directory: different
    // bytes (mtimes, BUILD_TIME, paths in environment.bz2), same normalised output.
    assert_ne!(sha256(input), sha256(&b.alpha_b));
    let sb = gpkg::normalize(&b.alpha_b, &ob, &opts(&b.b)).unwrap();
    assert_eq!(sb.sha256, s1.sha256, "rebuild in another state dir normalises to the same bytes");
    // Without the path map the state directory shows through.
    let plain = Normalize { path_map: vec![], ..opts(&b.b) };
    let sp = gpkg::normalize(&b.alpha_b, &d.join("p.gpkg.tar"), &plain).unwrap();
    assert_ne!(sp.sha256, s1.sha256);

    // What the output looks like.
    let g = Gpkg::read(&o1).unwrap();
    assert_eq!(g.member_names(), ["gpkg-1", "metadata.tar.zst", "image.tar.zst", "Manifest"]);
    assert_eq!(g.meta_str("BUILD_TIME").as_deref(), Some("1700000000"));
    assert_eq!(g.metadata["BUILD_TIME"], b"1700000000\n");
    for r in &g.manifest {
        let algos: Vec<&str> = r.digests.iter().map(|(a, _)| a.as_str()).collect();
        assert_eq!(algos, ["BLAKE2B", "SHA512"]);
    }
    let env = {
        let mut s = String::new();
        bzip2::read::BzDecoder::new(&g.metadata["environment.bz2"][..]).read_to_string(&mut s).unwrap();
        s
    };
    assert!(!env.contains(&b.a.dir.display().to_string()), "state dir left in environment");
    assert!(env.contains("/state/"), "path map not applied");
    let mut outer = tar::Archive::new(fs::File::open(&o1).unwrap());
    for e in outer.entries().unwrap() {
        let e = e.unwrap();
        let h = e.header();
        assert_eq!(h.mtime().unwrap(), SDE);
        assert_eq!((h.uid().unwrap(), h.gid().unwrap(), h.mode().unwrap()), (0, 0, 0o644));
        assert!(h.as_ustar().is_some(), "ustar outer tar");
    }
    let entries = g.image_entries().unwrap();
    assert!(entries.iter().all(|e| e.mtime <= SDE));
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_by(|a, b| gpkg::path_order(a, b));
    assert_eq!(paths, sorted);
    assert_eq!(s1.entries as usize, entries.len());
    assert_eq!(s1.files, 8, "a, a-hardlink, data.txt, with space.txt, secret, private/f, alpha.so, state: {entries:#?}");
}

#[test]
fn portage_accepts_normalized_packages_and_install_matches_emerge() {
    let b = built();
    let d = scratch("accept");
    let pkgdir = d.join("pkgs");
    let cpvs = ["test-cat/alpha-1", "test-cat/beta-1"];
    let files = normalized_pkgdir(&pkgdir, &cpvs);
    let (r1, r2) = (d.join("root-emerge"), d.join("root-ours"));
    fs::create_dir_all(&r1).unwrap();

    let t = Instant::now();
    run(b.a.portage("emaint").env("PKGDIR", &pkgdir).args(["binhost", "--fix"]));
    run(b.a.portage("emerge").env("PKGDIR", &pkgdir).env("ROOT", &r1).args([
        "--usepkgonly",
        "--oneshot",
        "--nodeps",
        "=test-cat/alpha-1",
        "=test-cat/beta-1",
    ]));
    eprintln!("emaint + emerge --usepkgonly: {:.1?}", t.elapsed());

    let t = Instant::now();
    let inst = install::install(&r2, &files, &InstallOptions::default()).unwrap();
    eprintln!("install(): {:.1?}", t.elapsed());
    assert_eq!(inst.iter().map(|i| i.cpv.as_str()).collect::<Vec<_>>(), cpvs);
    assert_eq!(inst[0].files, 10);

    // Same files, modes, contents, link targets, file mtimes.
    let t1 = tree(&r1, PORTAGE_STATE);
    let t2 = tree(&r2, PORTAGE_STATE);
    assert_eq!(t1, t2);
    // beta's /lib/beta went through alpha's /lib -> usr/lib symlink in both.
    assert!(matches!(t2.get("lib"), Some(Node::Symlink { target }) if target == "usr/lib"));
    assert!(matches!(t2.get("usr/lib/beta/mod.ko"), Some(Node::File { .. })));
    assert!(matches!(t2.get("usr/bin/a"), Some(Node::File { mtime, mode: 0o755, .. }) if *mtime == SDE as i64));
    assert_eq!(fs::metadata(r2.join("usr/bin/a")).unwrap().ino(), fs::metadata(r2.join("usr/share/alpha/a-hardlink")).unwrap().ino());
    // Our root has nothing else besides the VDB.
    let ours: BTreeSet<String> = tree(&r2, &[]).into_keys().collect();
    let extra: Vec<&String> = ours.iter().filter(|p| !t2.contains_key(*p) && !p.starts_with("var/db")).collect();
    assert!(extra.is_empty(), "{extra:?}");

    // VDB: same files as Portage's (minus its optional `metadata` cache), same CONTENTS.
    for cpv in cpvs {
        let (v1, v2) = (r1.join("var/db/pkg").join(cpv), r2.join("var/db/pkg").join(cpv));
        let names = |v: &Path| -> BTreeSet<String> {
            fs::read_dir(v).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).filter(|n| n != "metadata").collect()
        };
        assert_eq!(names(&v1), names(&v2), "{cpv}");
        for f in ["CATEGORY", "PF", "SLOT", "LICENSE", "BUILD_TIME", "BINPKGMD5", "USE", "repository"] {
            assert_eq!(fs::read(v1.join(f)).unwrap(), fs::read(v2.join(f)).unwrap(), "{cpv} {f}");
        }
        let c1 = install::parse_contents(&fs::read_to_string(v1.join("CONTENTS")).unwrap()).unwrap();
        let c2 = install::parse_contents(&fs::read_to_string(v2.join("CONTENTS")).unwrap()).unwrap();
        let key = |c: &install::ContentsEntry| match &c.kind {
            // Portage records the symlink's own mtime after the merge; compare targets only.
            ContentsKind::Sym { target, .. } => (c.path.clone(), format!("sym {target}")),
            k => (c.path.clone(), format!("{k:?}")),
        };
        let s1: BTreeSet<_> = c1.iter().map(key).collect();
        let s2: BTreeSet<_> = c2.iter().map(key).collect();
        assert_eq!(s1, s2, "{cpv} CONTENTS");
    }
    let counters: Vec<String> =
        cpvs.iter().map(|c| fs::read_to_string(r2.join("var/db/pkg").join(c).join("COUNTER")).unwrap()).collect();
    assert_eq!(counters, ["0", "1"]);

    // Portage reads our VDB. (portageq refuses every <eroot> when EPREFIX=/ is set,
    // because it strips the trailing slash first; the empty EPREFIX works.)
    let q = |args: &[&str]| run(b.a.portage("portageq").env("EPREFIX", "").args(args));
    let r2s = r2.display().to_string();
    assert_eq!(q(&["match", &r2s, "test-cat/alpha"]).trim(), "test-cat/alpha-1");
    assert_eq!(q(&["match", &r2s, "test-cat/beta"]).trim(), "test-cat/beta-1");
    for cpv in cpvs {
        let listed: BTreeSet<String> =
            q(&["contents", &r2s, cpv]).lines().map(|l| l.strip_prefix(r2s.as_str()).unwrap().to_string()).collect();
        let entry = install::installed(&r2).unwrap().into_iter().find(|e| e.cpv() == cpv).unwrap();
        let ours: BTreeSet<String> = entry.paths().map(str::to_string).collect();
        assert_eq!(listed, ours, "{cpv}");
        let image: BTreeSet<String> =
            Gpkg::read(&files[cpvs.iter().position(|c| *c == cpv).unwrap()]).unwrap().image_entries().unwrap().iter().map(|e| e.abs_path()).collect();
        assert_eq!(ours, image, "{cpv}: CONTENTS lists exactly the package's files");
    }
    let vdb = install::installed(&r2).unwrap();
    assert_eq!(vdb.len(), 2);
    assert_eq!((vdb[0].slot.as_str(), vdb[0].license.as_str(), vdb[0].counter), ("0", "MIT", Some(0)));
}

#[test]
fn collisions_are_refused_before_anything_is_written() {
    let d = scratch("collision");
    let files = normalized_pkgdir(&d.join("pkgs"), &["test-cat/alpha-1", "test-cat/gamma-1", "test-cat/beta-1"]);
    let (alpha, gamma, beta) = (&files[0], &files[1], &files[2]);

    // Two new packages shipping /usr/bin/a: error, the root is not even created.
    let r0 = d.join("root-fresh");
    let err = format!("{:#}", install::install(&r0, &[alpha.clone(), gamma.clone()], &InstallOptions::default()).unwrap_err());
    assert!(err.contains("file collision: /usr/bin/a is provided by test-cat/alpha-1"), "{err}");
    assert!(err.contains("test-cat/gamma-1") && err.contains("gamma-1.gpkg.tar"), "{err}");
    assert!(!err.contains("/usr/bin/gamma"), "{err}");
    assert!(!r0.exists());

    // With an installed package: error naming both, root unchanged.
    let r = d.join("root");
    install::install(&r, std::slice::from_ref(alpha), &InstallOptions::default()).unwrap();
    let before = snapshot(&r);
    let err = format!("{:#}", install::install(&r, &[beta.clone(), gamma.clone()], &InstallOptions::default()).unwrap_err());
    assert!(err.contains("file collision: /usr/bin/a is provided by test-cat/alpha-1 (installed) and test-cat/gamma-1"), "{err}");
    assert_eq!(snapshot(&r), before);

    // A file nobody owns.
    fs::write(r.join("usr/bin/beta"), "stray").unwrap();
    let before = snapshot(&r);
    let err = format!("{:#}", install::install(&r, std::slice::from_ref(beta), &InstallOptions::default()).unwrap_err());
    assert!(err.contains("/usr/bin/beta is provided by a file already in the root that no package owns and test-cat/beta-1"), "{err}");
    assert_eq!(snapshot(&r), before);
    fs::remove_file(r.join("usr/bin/beta")).unwrap();

    // A directory where the package has a file.
    fs::create_dir(r.join("usr/bin/beta")).unwrap();
    let err = format!("{:#}", install::install(&r, std::slice::from_ref(beta), &InstallOptions::default()).unwrap_err());
    assert!(err.contains("/usr/bin/beta is a directory in one and not a directory in the other"), "{err}");
    fs::remove_dir(r.join("usr/bin/beta")).unwrap();
    install::install(&r, std::slice::from_ref(beta), &InstallOptions::default()).unwrap();
}

#[test]
fn corrupted_package_is_rejected_and_nothing_written() {
    let b = built();
    let d = scratch("corrupt");
    let src = &b.pkgs["test-cat/alpha-1"];
    let bad = d.join("alpha-1.gpkg.tar");
    let mut bytes = fs::read(src).unwrap();
    // Locate image.tar.zst in the outer tar and flip a byte in its middle.
    let (off, size) = {
        let mut ar = tar::Archive::new(&bytes[..]);
        let e = ar
            .entries()
            .unwrap()
            .map(|e| e.unwrap())
            .find(|e| e.path().unwrap().ends_with("image.tar.zst"))
            .unwrap();
        (e.raw_file_position() as usize, e.size() as usize)
    };
    bytes[off + size / 2] ^= 0x40;
    fs::write(&bad, &bytes).unwrap();

    let err = format!("{:#}", Gpkg::read(&bad).unwrap_err());
    assert!(err.contains("image.tar.zst") && err.contains("digest mismatch") && err.contains(&bad.display().to_string()), "{err}");
    let r = d.join("root");
    let err = format!("{:#}", install::install(&r, std::slice::from_ref(&bad), &InstallOptions::default()).unwrap_err());
    assert!(err.contains("image.tar.zst") && err.contains("digest mismatch"), "{err}");
    assert!(!r.exists());
    let e2 = format!("{:#}", gpkg::normalize(&bad, &d.join("out.gpkg.tar"), &opts(&b.a)).unwrap_err());
    assert!(e2.contains("digest mismatch"), "{e2}");
    assert_eq!(fs::read_dir(&d).unwrap().count(), 1, "no output or temp file left");
}

#[test]
fn new_version_replaces_the_old_one() {
    let b = built();
    let d = scratch("replace");
    let files = normalized_pkgdir(&d.join("pkgs"), &["test-cat/alpha-1", "test-cat/alpha-2", "test-cat/beta-1"]);
    let r = d.join("root");
    install::install(&r, &[files[0].clone(), files[2].clone()], &InstallOptions::default()).unwrap();
    assert!(r.join("usr/share/alpha/sub/data.txt").is_file());
    let inst = install::install(&r, &files[1..2], &InstallOptions::default()).unwrap();
    assert_eq!(inst[0].cpv, "test-cat/alpha-2");
    assert_eq!(fs::read_to_string(r.join("usr/bin/a")).unwrap(), "hi v2\n");
    for gone in ["usr/share/alpha/sub/data.txt", "usr/share/alpha/sub", "usr/share/alpha/a-hardlink", "usr/share/alpha/private", "var/lib/alpha", "var/lib"] {
        assert!(fs::symlink_metadata(r.join(gone)).is_err(), "{gone} should be gone");
    }
    assert!(r.join("usr/share/alpha/doc").is_file(), "new file of alpha-2");
    assert_eq!(fs::read_to_string(r.join("lib/alpha.so")).unwrap(), "lib2\n");
    assert!(r.join("usr/lib/beta/mod.ko").is_file(), "beta untouched (also below /lib, shipped by both alphas)");
    let vdb = install::installed(&r).unwrap();
    let cpvs: Vec<String> = vdb.iter().map(|e| e.cpv()).collect();
    assert_eq!(cpvs, ["test-cat/alpha-2", "test-cat/beta-1"]);
    assert_eq!(vdb[0].counter, Some(2));
    let q = run(b.a.portage("portageq").env("EPREFIX", "").args(["match", &r.display().to_string(), "test-cat/alpha"]));
    assert_eq!(q.trim(), "test-cat/alpha-2");
    // Reinstalling the same version is allowed and keeps one entry.
    install::install(&r, &files[1..2], &InstallOptions::default()).unwrap();
    assert_eq!(install::installed(&r).unwrap().len(), 2);
}

#[test]
fn links_to_the_host_in_the_package_database_are_refused() {
    let b = built();
    let host = b.base.join("host");
    fs::create_dir_all(host.join("vdbdir/evilvdb-1")).unwrap();
    fs::write(host.join("vdbdir/evilvdb-1/keep"), "host dir\n").unwrap();
    fs::write(host.join("counter"), "host file\n").unwrap();
    let host_before = snapshot(&host);
    let d = scratch("hostile-vdb");
    let files = normalized_pkgdir(&d.join("pkgs"), &["test-cat/evilcounter-1", "test-cat/evilvdb-1", "test-cat/alpha-1"]);

    // A package shipping the counter or its category's VDB directory as a link to the
    // host: refused before anything is written.
    for (f, what) in [(&files[0], "/var/cache/edb/counter"), (&files[1], "/var/db/pkg/test-cat")] {
        let r = d.join("root");
        let err = format!("{:#}", install::install(&r, std::slice::from_ref(f), &InstallOptions::default()).unwrap_err());
        assert!(err.contains(what) && err.contains("installer's own database"), "{err}");
        assert!(!r.exists(), "nothing written");
    }
    // The same links already in a root (planted by whatever made it): the installer
    // neither reads nor writes through them.
    let r = d.join("root-planted");
    fs::create_dir_all(r.join("var/cache/edb")).unwrap();
    std::os::unix::fs::symlink(host.join("counter"), r.join("var/cache/edb/counter")).unwrap();
    let err = format!("{:#}", install::install(&r, std::slice::from_ref(&files[2]), &InstallOptions::default()).unwrap_err());
    assert!(err.contains("var/cache/edb/counter") && err.contains("symbolic link"), "{err}");
    let r = d.join("root-planted-vdb");
    fs::create_dir_all(r.join("var/db/pkg")).unwrap();
    std::os::unix::fs::symlink(host.join("vdbdir"), r.join("var/db/pkg/test-cat")).unwrap();
    let err = format!("{:#}", install::install(&r, std::slice::from_ref(&files[2]), &InstallOptions::default()).unwrap_err());
    assert!(err.contains("var/db/pkg/test-cat") && err.contains("symbolic link"), "{err}");
    let r = d.join("root-planted-db");
    fs::create_dir_all(r.join("var")).unwrap();
    std::os::unix::fs::symlink(&host, r.join("var/db")).unwrap();
    let err = format!("{:#}", install::installed(&r).unwrap_err());
    assert!(err.contains("var/db") && err.contains("symbolic link"), "{err}");
    assert_eq!(snapshot(&host), host_before, "host files and directories unchanged");
}

/// Manual check with real packages: `RAILYARD_TEST_GPKG_DIR=/path/to/pkgs cargo test -p
/// railyard-packages --test gpkg_install -- --ignored --nocapture`. Normalises every
/// `*.gpkg.tar` below the directory twice (must be identical) and installs all of them
/// into one root (in path order, `baselayout` first). With `RAILYARD_TEST_GPKG_OUT` set,
/// the normalised packages are kept there in a PKGDIR layout.
#[test]
#[ignore]
fn real_packages_from_env() {
    let Some(dir) = std::env::var_os("RAILYARD_TEST_GPKG_DIR").map(PathBuf::from) else {
        panic!("set RAILYARD_TEST_GPKG_DIR");
    };
    fn find(d: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                find(&p, out);
            } else if p.to_string_lossy().ends_with(".gpkg.tar") {
                out.push(p);
            }
        }
    }
    let mut inputs = Vec::new();
    find(&dir, &mut inputs);
    inputs.sort_by_key(|p| (!p.to_string_lossy().contains("baselayout"), p.clone()));
    let out = tempfile::tempdir().unwrap();
    let mut normalized = Vec::new();
    for (i, p) in inputs.iter().enumerate() {
        let o = Normalize { source_date_epoch: SDE, path_map: vec![], force_root_owner: true };
        let (a, b) = (out.path().join(format!("{i}-a.gpkg.tar")), out.path().join(format!("{i}-b.gpkg.tar")));
        let t = Instant::now();
        let s = gpkg::normalize(p, &a, &o).unwrap();
        let dt = t.elapsed();
        assert_eq!(gpkg::normalize(p, &b, &o).unwrap().sha256, s.sha256);
        assert_eq!(gpkg::normalize(&a, &b, &o).unwrap().sha256, s.sha256, "fixed point");
        eprintln!("{}: {:.2?} {} bytes -> {} bytes, {} entries, {} files, {} installed bytes", p.display(), dt, fs::metadata(p).unwrap().len(), s.size, s.entries, s.files, s.installed_bytes);
        if let Some(keep) = std::env::var_os("RAILYARD_TEST_GPKG_OUT").map(PathBuf::from) {
            // Keep the normalised package in a PKGDIR layout (<cat>/<file name>).
            let cat = Gpkg::read(&a).unwrap().category();
            fs::create_dir_all(keep.join(&cat)).unwrap();
            fs::copy(&a, keep.join(&cat).join(p.file_name().unwrap())).unwrap();
        }
        normalized.push(a);
    }
    let root = out.path().join("root");
    let t = Instant::now();
    let inst = install::install(&root, &normalized, &InstallOptions::default()).unwrap();
    eprintln!("install of {} packages: {:.2?}", inst.len(), t.elapsed());
    for i in inst {
        eprintln!("  {} :{} {} files {} bytes", i.cpv, i.slot, i.files, i.bytes);
    }
}
