//! Running Portage: where it is installed, the configuration root Railyard generates for
//! a board, and the environment of every Portage subprocess.
//!
//! Facts behind each setting are in `docs/portage-notes.md` (§2 environment, §3 config
//! root, §8 gotchas); `overlays/tools/railyard-portage-configroot.sh` is the shell
//! prototype this module replaces.

use crate::repo::RepoSet;
use anyhow::{bail, Context, Result};
use railyard_core::cmd::Cmd;
use railyard_core::Board;
use std::path::{Path, PathBuf};

/// The Portage version Railyard is tested with (the SDK image and `setup_host` install it).
pub const PORTAGE_VERSION: &str = "3.0.83";

/// A Portage installation (a Python venv or prefix with `bin/emerge`).
#[derive(Debug, Clone)]
pub struct Portage {
    /// The prefix (`sys.prefix` of its Python): `/opt/portage` in the SDK container,
    /// `__build__/portage` on a host prepared by `setup_host`.
    pub prefix: PathBuf,
}

impl Portage {
    /// Finds Portage: `$RAILYARD_PORTAGE`, `/opt/portage` (the SDK container) or
    /// `<root>/__build__/portage` (`setup_host`).
    pub fn locate(root: &Path) -> Result<Self> {
        let mut tried = Vec::new();
        let env = std::env::var_os("RAILYARD_PORTAGE").map(PathBuf::from);
        for p in env.iter().cloned().chain([PathBuf::from("/opt/portage"), root.join("__build__/portage")]) {
            if p.join("bin/ebuild").is_file() && p.join("bin/python3").exists() {
                return Ok(Self { prefix: p });
            }
            tried.push(p.display().to_string());
        }
        if let Some(e) = env {
            bail!("RAILYARD_PORTAGE={} has no bin/ebuild and bin/python3 (a venv with `pip install portage=={PORTAGE_VERSION}`)", e.display());
        }
        bail!(
            "Portage is not installed (looked in {}): run ./setup_host, or work inside the SDK container (./run_sdk_container)",
            tried.join(", ")
        )
    }

    /// Portage's `make.globals` (the defaults beneath every profile) in this installation.
    pub fn make_globals(&self) -> PathBuf {
        self.prefix.join("share/portage/config/make.globals")
    }

    /// A program of this installation.
    pub fn bin(&self, name: &str) -> PathBuf {
        self.prefix.join("bin").join(name)
    }

    /// The profile of the *build host* configuration (BROOT, "/"): where Portage's
    /// `etc/portage/make.profile` in its prefix points, else the main repository's
    /// `profiles/host/<arch>` that [`Portage::ensure_host_profile`] links there.
    pub fn host_profile(&self, main_repo: &Path) -> PathBuf {
        match std::fs::canonicalize(self.prefix.join("etc/portage/make.profile")) {
            Ok(p) if p.is_dir() => p,
            _ => main_repo.join("profiles/host").join(railyard_core::tools::host_arch()),
        }
    }

    /// Makes sure the *build host* configuration Portage loads whenever ROOT != / (its
    /// config root is the prefix itself) has a valid profile: without one every command
    /// stops with "Your current profile is invalid". Ebuilds of ours declare no BDEPEND,
    /// so nothing is ever merged there; it only has to parse.
    pub fn ensure_host_profile(&self, main_repo: &Path) -> Result<()> {
        let dir = self.prefix.join("etc/portage");
        let link = dir.join("make.profile");
        let want = main_repo.join("profiles/host").join(railyard_core::tools::host_arch());
        if link.join("make.defaults").exists() || link.join("parent").exists() {
            return Ok(());
        }
        if !want.is_dir() {
            bail!("{} is missing: the main repository must provide a build-host profile", want.display());
        }
        let make = || -> Result<()> {
            std::fs::create_dir_all(&dir)?;
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(&want, &link)?;
            let conf = dir.join("make.conf");
            if !conf.exists() {
                std::fs::write(&conf, "FEATURES=\"-sandbox -usersandbox -news\"\n")?;
            }
            Ok(())
        };
        make().with_context(|| {
            format!(
                "Portage's build-host profile {} is missing and cannot be created; as the owner of {} run: ln -sfn {} {}",
                link.display(),
                self.prefix.display(),
                want.display(),
                link.display()
            )
        })
    }
}

/// The board toolchain as Debian names it, plus the CHOST names Portage looks for.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// Debian triplet of the board (`aarch64-linux-gnu`), the prefix of its tools.
    pub triplet: String,
    /// The board's CHOST (`aarch64-unknown-linux-gnu`).
    pub chost: String,
    /// The build machine's CHOST.
    pub cbuild: String,
    /// Debian triplet of the build machine.
    pub build_triplet: String,
    /// `rustc`/`cargo` to use (real binaries, not rustup proxies: Portage changes HOME).
    pub rustc: Option<PathBuf>,
    /// See `rustc`.
    pub cargo: Option<PathBuf>,
}

impl Toolchain {
    /// The toolchain for `board` on this machine.
    pub fn for_board(board: &Board) -> Result<Self> {
        let (cbuild, build_triplet) = match std::env::consts::ARCH {
            "x86_64" => ("x86_64-pc-linux-gnu", "x86_64-linux-gnu"),
            "aarch64" => ("aarch64-unknown-linux-gnu", "aarch64-linux-gnu"),
            a => bail!("unsupported build host architecture {a}"),
        };
        let (rustc, cargo) = rust_toolchain(&board.board.arch);
        Ok(Self {
            triplet: board.board.multiarch.clone(),
            chost: board.board.chost.clone(),
            cbuild: cbuild.into(),
            build_triplet: build_triplet.into(),
            rustc,
            cargo,
        })
    }

    /// What identifies the toolchain in every package's input hash: the versions of the
    /// SDK packages that compile and package things, and of rustc and Portage.
    pub fn identity(&self, portage: &Portage) -> Result<String> {
        let pkgs = [
            "gcc",
            "g++",
            "cpp",
            "binutils",
            "libc6-dev",
            // the rest of the C library a cmake build gets in its root (crate::sysroot)
            "libc6",
            "linux-libc-dev",
            "libgcc-s1",
            "make",
            "tar",
            "cpio",
            "zstd",
            "xz-utils",
            "bzip2",
            "gzip",
            "kmod",
            "pax-utils",
            "patch",
            "ninja-build",
            &format!("gcc-{}", self.triplet),
            &format!("binutils-{}", self.triplet),
            "libc6-dev-arm64-cross",
            // Debian's Rust (the UEFI selector is compiled by it from rust-src, linked by lld)
            "rustc",
            "rust-src",
            "lld",
        ];
        let mut cmd = std::process::Command::new("dpkg-query");
        cmd.args(["-W", "-f", "${Package}=${Version}\\n"]).args(pkgs).stderr(std::process::Stdio::null());
        let out = cmd.output().context("running dpkg-query (the SDK is Debian-based)")?;
        let mut id = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Some(rustc) = &self.rustc {
            let v = std::process::Command::new(rustc).arg("-vV").output().with_context(|| format!("running {} -vV", rustc.display()))?;
            id.push_str(&String::from_utf8_lossy(&v.stdout));
        }
        id.push_str(&format!("portage={}\n", portage_version(portage)?));
        // build tools installed beside Portage from PyPI (first on PATH in every build):
        // meson, cmake and ninja, for Gentoo's meson and cmake eclasses
        for (name, v) in prefix_wheels(portage, &["meson", "cmake", "ninja"]) {
            id.push_str(&format!("{name}={v}\n"));
        }
        id.push_str(&format!("cbuild={} chost={} cc={}-gcc\n", self.cbuild, self.chost, self.triplet));
        Ok(id)
    }
}

/// Versions of the Python distributions `names` installed in Portage's prefix (those present).
fn prefix_wheels(p: &Portage, names: &[&str]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Ok(lib) = std::fs::read_dir(p.prefix.join("lib")) else { return found };
    for e in lib.flatten() {
        let Ok(rd) = std::fs::read_dir(e.path().join("site-packages")) else { continue };
        let mut entries: Vec<String> = rd.flatten().map(|d| d.file_name().to_string_lossy().into_owned()).collect();
        entries.sort();
        for n in entries {
            let Some(stem) = n.strip_suffix(".dist-info") else { continue };
            if let Some((name, v)) = stem.split_once('-') {
                if names.contains(&name) {
                    found.push((name.to_string(), v.to_string()));
                }
            }
        }
    }
    found
}

pub(crate) fn portage_version(p: &Portage) -> Result<String> {
    // Read the installed distribution's metadata instead of importing Portage (0.3 s).
    match prefix_wheels(p, &["portage"]).pop() {
        Some((_, v)) => Ok(v),
        None => bail!("cannot tell the Portage version of {} (no portage-*.dist-info)", p.prefix.display()),
    }
}

/// The Rust toolchain for a board: Debian's rustc/cargo when their standard library for
/// the target is installed (`libstd-rust-dev[:arm64]`, as in the SDK container), else the
/// active rustup toolchain when it has the target (`rustup target add …`), else whichever
/// exists (a package that needs Rust then fails with rustc's "can't find crate for std").
fn rust_toolchain(arch: &str) -> (Option<PathBuf>, Option<PathBuf>) {
    let target = match arch {
        "arm64" => "aarch64-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-gnu",
    };
    let rustup = std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .filter(|s| s != Path::new("/usr"));
    let debian = PathBuf::from("/usr");
    let has = |sysroot: &Path| sysroot.join("lib/rustlib").join(target).join("lib").is_dir() && sysroot.join("bin/cargo").is_file();
    // Debian's first: it is the same for every user of the machine and in the SDK container
    // (rustup's depends on the caller's PATH and HOME, and the toolchain is in every hash)
    let pick = [Some(debian.clone()), rustup.clone()].into_iter().flatten().find(|s| has(s)).or_else(|| debian.join("bin/rustc").is_file().then_some(debian)).or(rustup);
    match pick {
        Some(s) => (Some(s.join("bin/rustc")), Some(s.join("bin/cargo"))),
        None => (None, None),
    }
}

/// The generated configuration of one board: config root, host tool aliases, environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `PORTAGE_CONFIGROOT`.
    pub config_root: PathBuf,
    /// Directory of tool aliases put on PATH (`gtar`, `<CHOST>-strip`, ...).
    pub hostbin: PathBuf,
    /// `PORTAGE_REPOSITORIES`.
    pub repositories: String,
    /// The Portage installation.
    pub portage: Portage,
    /// Where distfiles are kept.
    pub distdir: PathBuf,
    /// Epoch every package build clamps its file times to.
    pub epoch: u64,
    /// Portage's EPREFIX for its `/` configuration when the board names its own build-host
    /// profile (`PORTAGE_OVERRIDE_EPREFIX`); `None`: the Portage installation's.
    pub host_prefix: Option<PathBuf>,
}

/// Settings of the generated `make.conf` that change what packages contain (they go into
/// every input hash).
pub fn make_conf(board: &Board, tc: &Toolchain) -> String {
    let t = &tc.triplet;
    let mut s = format!(
        "# Generated by Railyard for board {board}.  Do not edit.\n\
         FEATURES=\"-sandbox -usersandbox -userpriv -userfetch -ipc-sandbox -network-sandbox -pid-sandbox -mount-sandbox -news -xattr -binpkg-multi-instance -binpkg-logs -distlocks\"\n\
         CBUILD=\"{cbuild}\"\n\
         CC=\"{t}-gcc\"\nCXX=\"{t}-g++\"\nAR=\"{t}-ar\"\nNM=\"{t}-nm\"\nRANLIB=\"{t}-ranlib\"\nSTRIP=\"{t}-strip\"\nOBJCOPY=\"{t}-objcopy\"\n\
         BUILD_CC=\"gcc\"\n\
         GENTOO_MIRRORS=\"\"\n\
         CLEAN_DELAY=\"0\"\nEMERGE_WARNING_DELAY=\"0\"\nNOCOLOR=\"true\"\n\
         PORTAGE_ELOG_SYSTEM=\"echo\"\nPORTAGE_ELOG_CLASSES=\"warn error\"\n\
         BINPKG_FORMAT=\"gpkg\"\nBINPKG_COMPRESS=\"zstd\"\n\
         MAKEOPTS=\"-j{jobs}\"\n",
        board = board.board.name,
        cbuild = tc.cbuild,
        jobs = build_jobs(),
    );
    if let (Some(r), Some(c)) = (&tc.rustc, &tc.cargo) {
        s.push_str(&format!("RUSTC=\"{}\"\nCARGO=\"{}\"\n", r.display(), c.display()));
    }
    s
}

/// `make -j` inside one package build: the machine's cores (outputs do not depend on it).
pub fn build_jobs() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// The bashrc clamp: at the start of the `package` phase (after install, strip and QA)
/// every file time in the image is clamped to SOURCE_DATE_EPOCH.
/// Also: compilers see the build directory as a stock Portage's (`/var/tmp/portage/…`), so
/// no run's own work directory (it has a random name) ends up in debug information,
/// build-ids or `__FILE__` strings; a rebuild of a C or C++ package is then byte-identical.
const BASHRC: &str = r#"# Generated by Railyard: clamp image file times before the binary package is made.
if [[ ${EBUILD_PHASE} == package && -n ${SOURCE_DATE_EPOCH} && -d ${D} ]]; then
	find "${D}" -newermt "@${SOURCE_DATE_EPOCH}" -exec touch -h -d "@${SOURCE_DATE_EPOCH}" {} +
fi
# Build paths as in a stock Portage build (/var/tmp/portage/<category>/<package>/work).
if [[ -n ${PORTAGE_TMPDIR} && ${PORTAGE_TMPDIR} != /var/tmp ]]; then
	for __railyard_v in CFLAGS CXXFLAGS FFLAGS FCFLAGS; do
		[[ " ${!__railyard_v} " == *" -ffile-prefix-map=${PORTAGE_TMPDIR}=/var/tmp "* ]] ||
			export ${__railyard_v}="${!__railyard_v} -ffile-prefix-map=${PORTAGE_TMPDIR}=/var/tmp"
	done
	unset __railyard_v
fi
# Headers a compiler pointed at SYSROOT (cmake) reads from the build root are named as the
# running system has them (/usr/include/…), not by the build root's path.
if [[ -n ${SYSROOT} && ${SYSROOT} != / ]]; then
	for __railyard_v in CFLAGS CXXFLAGS FFLAGS FCFLAGS; do
		[[ " ${!__railyard_v} " == *" -ffile-prefix-map=${SYSROOT%/}/=/ "* ]] ||
			export ${__railyard_v}="${!__railyard_v} -ffile-prefix-map=${SYSROOT%/}/=/"
	done
	unset __railyard_v
fi
"#;

/// `meson-format-array ARG…`: the words of its arguments, split as a shell splits them,
/// printed as a Meson array of strings (what meson.eclass writes into its machine files).
const MESON_FORMAT_ARRAY: &str = r#"#!/usr/bin/python3
# Generated by Railyard (for Gentoo's meson.eclass): the words of the arguments, split as a
# shell splits them, as a Meson array of strings.
import shlex
import sys

words = [w for a in sys.argv[1:] for w in shlex.split(a)]
print("[" + ", ".join("'" + w.replace("\\", "\\\\").replace("'", "\\'") + "'" for w in words) + "]")
"#;

/// What goes into every input hash for the build settings: the generated make.conf and
/// bashrc (both change what packages contain).
pub fn build_settings(board: &Board, tc: &Toolchain) -> String {
    format!("{}\0{BASHRC}\0{MESON_FORMAT_ARRAY}\0{}", make_conf(board, tc), crate::sysroot::rule())
}

/// Portage's local mirror list: `mirror://debian/…` and `mirror://debian-security/…` map to
/// the Debian archives apt is configured with on this machine (never a host name in the
/// repository).
pub fn apt_mirrors() -> Result<Vec<(String, String)>> {
    let out = Cmd::new("reading apt's configured sources", "apt-get")
        .args(["indextargets", "--format", "$(LABEL) $(REPO_URI)", "Created-By: Packages"])
        .text()?;
    let mut m: Vec<(String, String)> = Vec::new();
    for line in out.lines() {
        let mut it = line.splitn(2, ' ');
        let (Some(label), Some(uri)) = (it.next(), it.next()) else { continue };
        let name = if label.contains("Security") {
            "debian-security"
        } else if label == "Debian" {
            "debian"
        } else {
            continue;
        };
        let e = (name.to_string(), uri.trim_end_matches('/').to_string());
        if !m.contains(&e) {
            m.push(e);
        }
    }
    if m.is_empty() {
        // No downloaded indexes (e.g. in the SDK container): read the sources themselves.
        for l in railyard_container::sdkimage::host_sources("").unwrap_or_default().lines() {
            let t: Vec<&str> = l.split_whitespace().collect();
            if t.len() >= 3 {
                let name = if t[2].ends_with("-security") || t[2].ends_with("/updates") { "debian-security" } else { "debian" };
                let e = (name.to_string(), t[1].trim_end_matches('/').to_string());
                if !m.contains(&e) {
                    m.push(e);
                }
            }
        }
    }
    m.sort();
    Ok(m)
}

/// Writes Portage's local mirror list (`etc/portage/mirrors`) from apt's sources.
pub fn write_mirrors(config_root: &Path) -> Result<()> {
    write_mirror_list(config_root, &apt_mirrors()?)
}

/// Writes Portage's local mirror list from an already read `apt_mirrors()` list.
pub fn write_mirror_list(config_root: &Path, apt: &[(String, String)]) -> Result<()> {
    let mirrors: String = apt.iter().map(|(n, u)| format!("{n} {u}\n")).collect();
    write_if_changed(&config_root.join("etc/portage/mirrors"), format!("# Generated from apt's configured sources.\n{mirrors}").as_bytes())
}

/// Writes `path` only when its content changes (keeps mtimes and makes reruns cheap).
pub(crate) fn write_if_changed(path: &Path, data: &[u8]) -> Result<()> {
    if std::fs::read(path).ok().as_deref() == Some(data) {
        return Ok(());
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, data).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {}", tmp.display()))?;
    Ok(())
}

/// [`write_if_changed`], mode 0755.
fn write_executable(path: &Path, data: &[u8]) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    write_if_changed(path, data)?;
    if std::fs::metadata(path)?.permissions().mode() & 0o777 != 0o755 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// `PORTAGE_REPOSITORIES` for a repository set.
pub fn repositories_conf(repos: &RepoSet) -> String {
    let mut s = format!("[DEFAULT]\nmain-repo = {}\n", repos.repos[0].name);
    for (i, r) in repos.repos.iter().enumerate() {
        s.push_str(&format!("[{}]\nlocation = {}\nauto-sync = no\npriority = {}\n", r.name, r.path.display(), i * 10));
    }
    s
}

impl Config {
    /// Generates (or refreshes) the configuration of `board` under `state`.
    pub fn generate(board: &Board, repos: &RepoSet, portage: &Portage, tc: &Toolchain, state: &Path, distdir: &Path, epoch: u64) -> Result<Self> {
        Self::prepare(board, repos, portage, tc, state, distdir, epoch, true)
    }

    /// The configuration without writing anything (for readers of the store, e.g.
    /// `build_image` run by another user).
    pub fn describe(board: &Board, repos: &RepoSet, portage: &Portage, tc: &Toolchain, state: &Path, distdir: &Path, epoch: u64) -> Result<Self> {
        Self::prepare(board, repos, portage, tc, state, distdir, epoch, false)
    }

    #[allow(clippy::too_many_arguments)]
    fn prepare(board: &Board, repos: &RepoSet, portage: &Portage, tc: &Toolchain, state: &Path, distdir: &Path, epoch: u64, write: bool) -> Result<Self> {
        // One configuration directory per (profile, build-host profile, make.conf), named
        // by a digest of the three: the profiles as this run sees them (absolute, links
        // resolved) and the make.conf its toolchain gives. Runs at once with different
        // profiles, or one on the host and one in the SDK container in the same checkout
        // (the checkout at another path, another toolchain), never relink each other's
        // make.profile or rewrite each other's make.conf; runs with the same three share
        // the directory, whose contents they write identically.
        let resolved = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let host = board.host_profile_dir();
        let conf = make_conf(board, tc);
        let key = format!(
            "{}\0{}\0{conf}",
            resolved(&board.profile_dir()).display(),
            host.as_deref().map(|h| resolved(h).display().to_string()).unwrap_or_default(),
        );
        let suffix = format!("-{}", &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(key.as_bytes()))[..12]);
        let config_root = state.join(format!("config{suffix}"));
        let host_prefix = host.as_ref().map(|_| state.join(format!("host-prefix{suffix}")));
        let hostbin = state.join("hostbin");
        if !write {
            return Ok(Self { config_root, hostbin, repositories: repositories_conf(repos), portage: portage.clone(), distdir: distdir.to_path_buf(), epoch, host_prefix });
        }
        portage.ensure_host_profile(&repos.repos[0].path)?;
        if let (Some(prefix), Some(profile)) = (&host_prefix, &host) {
            // Portage's `/` configuration is read from its EPREFIX: a prefix of this board
            // whose make.profile is the board's build-host profile, with Portage's own
            // make.globals (PORTAGE_OVERRIDE_EPREFIX points there, see `env`)
            let profile = std::fs::canonicalize(profile).with_context(|| format!("build-host profile {} does not exist", profile.display()))?;
            let etc = prefix.join("etc/portage");
            std::fs::create_dir_all(&etc).with_context(|| format!("creating {}", etc.display()))?;
            relink(&profile, &etc.join("make.profile"))?;
            write_if_changed(&etc.join("make.conf"), b"FEATURES=\"-sandbox -usersandbox -news\"\n")?;
            // (`share/portage/config` under EPREFIX for a pip-installed Portage, as this one
            // is; `usr/share/portage/config` for a system one)
            for share in ["share/portage", "usr/share/portage"] {
                let share = prefix.join(share);
                std::fs::create_dir_all(&share)?;
                relink(&portage.prefix.join("share/portage/config"), &share.join("config"))?;
            }
        }
        let etc = config_root.join("etc/portage");
        std::fs::create_dir_all(&etc).with_context(|| format!("creating {}", etc.display()))?;
        let profile = board.profile_dir();
        let profile = std::fs::canonicalize(&profile).with_context(|| format!("board profile {} does not exist", profile.display()))?;
        let link = etc.join("make.profile");
        relink(&profile, &link)?;
        write_if_changed(&etc.join("make.conf"), conf.as_bytes())?;
        write_if_changed(&etc.join("bashrc"), BASHRC.as_bytes())?;
        // `apt-get indextargets` takes about a second: written when missing here, and
        // refreshed whenever distfiles are fetched (see `write_mirrors`).
        if !etc.join("mirrors").exists() {
            write_mirrors(&config_root)?;
        }

        // Tool aliases: Portage's unpack() calls gtar; estrip uses ${CHOST}-strip & co.
        // (ignoring $STRIP), and Debian names its tools by Debian triplets.
        std::fs::create_dir_all(&hostbin)?;
        let mut links: Vec<(PathBuf, String)> = Vec::new();
        if let Some(tar) = which("tar") {
            links.push((tar, "gtar".into()));
        }
        for t in ["gcc", "g++", "cpp", "ar", "as", "ld", "nm", "objcopy", "objdump", "ranlib", "readelf", "strip"] {
            for (deb, gentoo) in [(&tc.triplet, &tc.chost), (&tc.build_triplet, &tc.cbuild)] {
                let src = PathBuf::from(format!("/usr/bin/{deb}-{t}"));
                if src.exists() {
                    links.push((src, format!("{gentoo}-{t}")));
                }
            }
        }
        for (src, name) in links {
            let l = hostbin.join(&name);
            relink(&src, &l)?;
        }
        // Gentoo's meson.eclass formats compiler and tool command lines as Meson arrays with
        // a helper it expects on PATH (dev-build/meson-format-array); ours:
        write_executable(&hostbin.join("meson-format-array"), MESON_FORMAT_ARRAY.as_bytes())?;
        std::fs::create_dir_all(distdir).with_context(|| format!("creating {}", distdir.display()))?;
        let cfg = Self { config_root, hostbin, repositories: repositories_conf(repos), portage: portage.clone(), distdir: distdir.to_path_buf(), epoch, host_prefix };
        cfg.write_wrappers(board, state)?;
        Ok(cfg)
    }

    /// `<state>/bin/{emerge,ebuild,portageq,equery-less}-<board>` (like Flatcar's
    /// `emerge-amd64-usr`): Portage with this board's configuration, ROOT = `<state>/root`
    /// (a board root you may play with; Railyard's own builds never use it), and
    /// `<state>/env.sh` with the same variables for a shell.
    fn write_wrappers(&self, board: &Board, state: &Path) -> Result<()> {
        let root = state.join("root");
        std::fs::create_dir_all(&root)?;
        let tmp = state.join("tmp");
        let env = self.env(&root, &tmp, &state.join("pkgdir"));
        let mut sh = String::from("# Portage environment of this board (generated by build_packages).\n");
        for (k, v) in &env {
            if k == "HOME" || k == "TERM" {
                continue;
            }
            sh.push_str(&format!("export {k}='{}'\n", v.replace('\'', "'\\''")));
        }
        write_if_changed(&state.join("env.sh"), sh.as_bytes())?;
        for tool in ["emerge", "ebuild", "portageq", "egencache", "emaint"] {
            let w = format!(
                "#!/bin/sh\n# {tool} for board {b} (generated by build_packages)\nmkdir -p '{tmp}/home' '{tmp}/log'\n. '{env}'\n{fix}exec '{bin}' \"$@\"\n",
                // portageq strips the trailing slash of EPREFIX=/ and then refuses every root
                fix = if tool == "portageq" { "export EPREFIX=\n" } else { "" },
                b = board.board.name,
                tmp = tmp.display(),
                env = state.join("env.sh").display(),
                bin = self.portage.bin(tool).display()
            );
            write_executable(&state.join("bin").join(format!("{tool}-{}", board.board.name)), w.as_bytes())?;
        }
        Ok(())
    }

    /// The environment of a Portage subprocess building into `root` (also its SYSROOT).
    pub fn env(&self, root: &Path, tmpdir: &Path, pkgdir: &Path) -> Vec<(String, String)> {
        let path = format!(
            "{}:{}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            self.portage.prefix.join("bin").display(),
            self.hostbin.display()
        );
        let d = |p: &Path| p.display().to_string();
        let mut v: Vec<(String, String)> = vec![
            ("PATH".into(), path),
            ("EPREFIX".into(), "/".into()),
            ("PORTAGE_CONFIGROOT".into(), d(&self.config_root)),
            ("ROOT".into(), d(root)),
            ("SYSROOT".into(), d(root)),
            ("PORTAGE_TMPDIR".into(), d(tmpdir)),
            ("PKGDIR".into(), d(pkgdir)),
            ("DISTDIR".into(), d(&self.distdir)),
            ("PORT_LOGDIR".into(), d(&tmpdir.join("log"))),
            ("EMERGE_LOG_DIR".into(), d(&tmpdir.join("log"))),
            ("PORTAGE_DEPCACHEDIR".into(), d(&tmpdir.join("depcache"))),
            ("PORTAGE_USERNAME".into(), "root".into()),
            ("PORTAGE_GRPNAME".into(), "root".into()),
            ("PORTAGE_REPOSITORIES".into(), self.repositories.clone()),
            ("SOURCE_DATE_EPOCH".into(), self.epoch.to_string()),
            ("LC_ALL".into(), "C.UTF-8".into()),
            ("TZ".into(), "UTC".into()),
            ("HOME".into(), d(&tmpdir.join("home"))),
            ("TERM".into(), "dumb".into()),
        ];
        if let Some(p) = &self.host_prefix {
            v.push(("PORTAGE_OVERRIDE_EPREFIX".into(), d(p)));
        }
        v
    }
}

/// Points symlink `link` at `target` (atomically, safe against concurrent runs).
fn relink(target: &Path, link: &Path) -> Result<()> {
    if std::fs::read_link(link).ok().as_deref() == Some(target) {
        return Ok(());
    }
    let tmp = link.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).with_context(|| format!("linking {}", tmp.display()))?;
    std::fs::rename(&tmp, link).with_context(|| format!("replacing {}", link.display()))?;
    Ok(())
}

/// Finds a program on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| std::env::split_paths(&p).map(|d| d.join(name)).find(|f| f.is_file()))
}
