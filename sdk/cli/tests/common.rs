//! Shared helpers for the integration tests: run the real `railyard` binary, build images
//! once per test process, read partitions at their offsets, run stock tools.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A per-process scratch directory under `__build__/test-work`.
///
/// The first call in a test process removes what earlier test processes left there (their
/// process is gone), so a whole `cargo test` run holds at most one test binary's scratch
/// space plus what is still running: a full suite left ~20 GB behind before, and CI ran out of
/// disk. `RAILYARD_KEEP_TEST_WORK=1` keeps everything for a post-mortem.
pub fn scratch(name: &str) -> PathBuf {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(sweep_dead_scratch);
    let d = repo()
        .join("__build__/test-work")
        .join(format!("{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Removes `__build__/test-work/<pid>-*` of processes that no longer run.
fn sweep_dead_scratch() {
    if std::env::var_os("RAILYARD_KEEP_TEST_WORK").is_some_and(|v| v == "1") {
        return;
    }
    let root = repo().join("__build__/test-work");
    let Ok(entries) = std::fs::read_dir(&root) else { return };
    let me = std::process::id();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != me && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// The `railyard` binary built for this test run.
pub fn railyard() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_railyard"));
    c.env("RAILYARD_ROOT", repo()).current_dir(repo());
    c
}

/// The uid of this process (from /proc; no libc dependency).
pub fn current_uid() -> u32 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|v| v.split_whitespace().next()).unwrap().parse().unwrap()
}

/// Runs a stock tool; panics with a clear message if it is not installed.
pub fn tool(program: &str, args: &[&str]) -> Output {
    match Command::new(program).args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("`{program}` is required for this test ({e}); .ci/run installs it"),
    }
}

/// Text of stdout+stderr.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A finished build: its JSON summary.
#[derive(Debug, Clone)]
pub struct Built {
    pub summary: Value,
    pub output_root: PathBuf,
}

impl Built {
    pub fn image(&self) -> PathBuf {
        PathBuf::from(self.summary["image"].as_str().unwrap())
    }
    pub fn dir(&self) -> PathBuf {
        PathBuf::from(self.summary["output_dir"].as_str().unwrap())
    }
    /// (start, size) of the partition with this GPT label, from the summary.
    pub fn part(&self, label: &str) -> (u64, u64) {
        let p = self.summary["disk"]["partitions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["label"] == label)
            .unwrap_or_else(|| panic!("no partition {label}"));
        (p["start"].as_u64().unwrap(), p["size"].as_u64().unwrap())
    }
    pub fn root_hash(&self) -> String {
        self.summary["verity"]["root_hash"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// Runs `railyard build_image --json` with extra args; returns the output or the failure.
pub fn build(output_root: &Path, args: &[&str]) -> Result<Built, String> {
    if !args.iter().any(|a| a.starts_with("--image_root")) {
        let board = args.iter().find_map(|a| a.strip_prefix("--board=")).unwrap_or("amd64-usr");
        // (an unknown board is build_image's error to report)
        if repo().join("board-configs").join(board).join("board.toml").is_file() {
            ensure_packages(board);
        }
    }
    let o = railyard()
        .arg("build_image")
        .arg("--json")
        .arg(format!("--output_root={}", output_root.display()))
        .args(args)
        .output()
        .unwrap();
    if !o.status.success() {
        return Err(text(&o));
    }
    let summary: Value = serde_json::from_slice(&o.stdout).expect("build_image --json prints JSON");
    Ok(Built {
        summary,
        output_root: output_root.to_path_buf(),
    })
}

/// Builds each distinct configuration once per test process.
pub fn shared_build(key: &str, args: &[&str]) -> Built {
    static BUILDS: OnceLock<Mutex<HashMap<String, Built>>> = OnceLock::new();
    let m = BUILDS.get_or_init(|| Mutex::new(HashMap::new()));
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(b) = g.get(key) {
        return b.clone();
    }
    let out = scratch(&format!("build-{key}"));
    let b = build(&out, args).unwrap_or_else(|e| panic!("build {key} failed:\n{e}"));
    g.insert(key.to_string(), b.clone());
    b
}

/// The default amd64 build.
pub fn amd64() -> Built {
    shared_build("amd64", &["--board=amd64-usr"])
}

/// Copies `len` bytes at `offset` of `src` into a new file `dst` (sparse).
pub fn extract(src: &Path, offset: u64, len: u64, dst: &Path) {
    use std::os::unix::fs::FileExt;
    let f = std::fs::File::open(src).unwrap();
    let o = std::fs::File::create(dst).unwrap();
    o.set_len(len).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0;
    while pos < len {
        let n = ((len - pos) as usize).min(buf.len());
        f.read_exact_at(&mut buf[..n], offset + pos).unwrap();
        if buf[..n].iter().any(|&b| b != 0) {
            o.write_all_at(&buf[..n], pos).unwrap();
        }
        pos += n as u64;
    }
}

/// Copies the file at `path` of a build's ESP inside `img` (mtools at the partition's
/// offset) to `out` and returns its bytes.
pub fn esp_file(b: &Built, img: &Path, path: &str, out: &Path) -> Vec<u8> {
    let (es, _) = b.part("EFI-SYSTEM");
    let o = tool("mcopy", &["-n", "-i", &format!("{}@@{es}", img.display()), &format!("::/{path}"), out.to_str().unwrap()]);
    assert!(o.status.success(), "mcopy {path}: {}", text(&o));
    std::fs::read(out).unwrap()
}

/// Copies an image keeping holes.
pub fn sparse_copy(src: &Path, dst: &Path) {
    let o = tool(
        "cp",
        &[
            "--sparse=always",
            src.to_str().unwrap(),
            dst.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
}

/// sha256 of a file, hex.
pub fn sha256(p: &Path) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut f = std::fs::File::open(p).unwrap();
    std::io::copy(&mut f, &mut h).unwrap();
    hex::encode(h.finalize())
}

/// Boots an image with the board's QEMU settings.
pub fn boot(board: &str, image: &Path, log: &Path) -> railyard_boot::Outcome {
    railyard_boot::boot(board, image, log, &[])
}

pub use railyard_image::qemu::Step;

/// Boots an image and, after the boot marker, runs a dialog on the serial console.
#[allow(dead_code)]
pub fn boot_with(board: &str, image: &Path, log: &Path, dialog: &[Step]) -> railyard_boot::Outcome {
    railyard_boot::boot(board, image, log, dialog)
}

/// Thin wrapper so tests call the library's QEMU runner with the board's settings.
pub mod railyard_boot {
    pub use railyard_image::qemu::Outcome;
    use std::path::Path;
    pub fn boot(board: &str, image: &Path, log: &Path, dialog: &[railyard_image::qemu::Step]) -> Outcome {
        let b = railyard_core::Board::load(&super::repo(), board).unwrap();
        let mut spec = railyard_image::qemu::BootSpec::new(b.qemu.clone(), image, log);
        spec.timeout = std::time::Duration::from_secs(300);
        spec.dialog = dialog.to_vec();
        railyard_image::qemu::boot(&spec).unwrap()
    }
}

/// The in-toto statements of a `.intoto.jsonl` file (payloads decoded, signatures not checked)
/// with `runDetails.metadata` (invocationId, startedOn, finishedOn: the fields allowed to vary
/// between builds) removed.
pub fn statements_without_metadata(p: &Path) -> Vec<Value> {
    use base64::Engine;
    let text = std::fs::read_to_string(p).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let env: Value = serde_json::from_str(l).unwrap();
            let body = base64::engine::general_purpose::STANDARD
                .decode(env["payload"].as_str().unwrap())
                .unwrap();
            let mut st: Value = serde_json::from_slice(&body).unwrap();
            st["predicate"]["runDetails"]
                .as_object_mut()
                .unwrap()
                .remove("metadata");
            st
        })
        .collect()
}

/// Runs `build_packages` for a board once per test process (the store is shared by
/// every test binary and run, so this is quick when nothing changed).
pub fn ensure_packages(board: &str) {
    static DONE: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    let m = DONE.get_or_init(|| Mutex::new(Vec::new()));
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    if g.iter().any(|b| b == board) {
        return;
    }
    let o = railyard().args(["build_packages", &format!("--board={board}")]).output().unwrap();
    assert!(o.status.success(), "build_packages --board={board} failed:\n{}", text(&o));
    g.push(board.to_string());
}

/// A vendor overlay with the test packages of `build_sysext` (fixed contents: the store keeps
/// them between runs).
pub fn sysext_overlay() -> &'static PathBuf {
    static O: OnceLock<PathBuf> = OnceLock::new();
    O.get_or_init(|| {
        let dir = scratch("sysext-overlay").join("ov");
        std::fs::create_dir_all(dir.join("metadata")).unwrap();
        std::fs::create_dir_all(dir.join("profiles")).unwrap();
        std::fs::write(dir.join("metadata/layout.conf"), "masters = railyard\nthin-manifests = true\nmanifest-hashes = BLAKE2B SHA512\ncache-formats = md5-dict\n").unwrap();
        std::fs::write(dir.join("profiles/repo_name"), "sysext-test\n").unwrap();
        std::fs::write(dir.join("profiles/categories"), "vendor-base\n").unwrap();
        let head = "EAPI=8\nDESCRIPTION=\"build_sysext test package\"\nHOMEPAGE=\"https://example.invalid\"\nLICENSE=\"MIT\"\nSLOT=\"0\"\nS=\"${WORKDIR}\"\nKEYWORDS=\"amd64 arm64\"\n";
        let pkgs = [
            // a program and a unit; busybox (in the base image) is left out of the extension
            ("hello-ext", "RDEPEND=\"sys-apps/busybox\"\nsrc_install() {\n\tmkdir -p \"${ED}/usr/bin\" \"${ED}/usr/lib/systemd/system\"\n\tprintf '#!/bin/sh\\necho hello from the extension\\n' > \"${ED}/usr/bin/hello-ext\"\n\tchmod 0755 \"${ED}/usr/bin/hello-ext\"\n\tprintf '[Service]\\nExecStart=/usr/bin/hello-ext\\n' > \"${ED}/usr/lib/systemd/system/hello-ext.service\"\n}\n"),
            // 2 MiB under /usr and a file under /opt: a verity tree with two levels
            ("big-ext", "src_install() {\n\tmkdir -p \"${ED}/usr/share/big-ext\" \"${ED}/opt/big-ext\"\n\tyes railyard-sysext | head -c 2097152 > \"${ED}/usr/share/big-ext/data\"\n\techo opt > \"${ED}/opt/big-ext/marker\"\n}\n"),
            // a udev rule under /etc: refused, or moved to /usr/lib/udev/rules.d
            ("udev-ext", "src_install() {\n\tmkdir -p \"${ED}/etc/udev/rules.d\" \"${ED}/usr/share/udev-ext\"\n\techo '# test rule' > \"${ED}/etc/udev/rules.d/70-udev-ext.rules\"\n\techo data > \"${ED}/usr/share/udev-ext/data\"\n}\n"),
            // a configuration file with no /usr home
            ("conf-ext", "src_install() {\n\tmkdir -p \"${ED}/etc\" \"${ED}/usr/share/conf-ext\"\n\techo x=1 > \"${ED}/etc/conf-ext.conf\"\n\techo data > \"${ED}/usr/share/conf-ext/data\"\n}\n"),
        ];
        for (pn, body) in pkgs {
            let d = dir.join("vendor-base").join(pn);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(format!("{pn}-1.ebuild")), format!("{head}{body}")).unwrap();
        }
        dir
    })
}

/// The packages of [`sysext_overlay`] built for `board` (once per process).
pub fn sysext_packages(board: &str) {
    static DONE: OnceLock<std::sync::Mutex<Vec<String>>> = OnceLock::new();
    let m = DONE.get_or_init(Default::default);
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    if g.iter().any(|b| b == board) {
        return;
    }
    let o = railyard()
        .args(["build_packages", &format!("--board={board}")])
        .arg(format!("--overlay={}", sysext_overlay().display()))
        .args(["vendor-base/hello-ext", "vendor-base/big-ext", "vendor-base/udev-ext", "vendor-base/conf-ext"])
        .output()
        .unwrap();
    assert!(o.status.success(), "build_packages: {}", text(&o));
    g.push(board.to_string());
}

/// A release key pair made with `railyard keygen --name=NAME` outside the repository (once
/// per test process and name): the path without extension (`.key` is the private half,
/// `.pub` the public one).
pub fn release_key(name: &str) -> PathBuf {
    static KEYS: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let m = KEYS.get_or_init(Default::default);
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = g.get(name) {
        return p.clone();
    }
    let dir = std::env::temp_dir().join(format!("railyard-test-keys-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let o = railyard().args(["keygen", &format!("--name={name}")]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
    assert!(o.status.success(), "keygen: {}", text(&o));
    let p = dir.join(name);
    g.insert(name.to_string(), p.clone());
    p
}

/// Debian's docker-registry on a free loopback port, stopped on drop.
pub struct Registry {
    child: std::process::Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its storage directory.
    pub dir: PathBuf,
}

impl Registry {
    pub fn start() -> Registry {
        // one directory per registry: tests of one process may run several at once
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = scratch(&format!("registry-{}", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cfg = dir.join("config.yml");
        std::fs::write(
            &cfg,
            format!(
                "version: 0.1\nlog: {{level: warn}}\nstorage: {{filesystem: {{rootdirectory: {}}}, delete: {{enabled: true}}}}\nhttp: {{addr: 127.0.0.1:{port}}}\n",
                dir.join("data").display()
            ),
        )
        .unwrap();
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&cfg)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("docker-registry (Debian package docker-registry) is required; .ci/run installs it");
        let r = Registry { child, port, dir: dir.clone() };
        for _ in 0..100 {
            use std::io::{Read, Write};
            if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /v2/ HTTP/1.0\r\n\r\n");
                let mut b = String::new();
                let _ = s.read_to_string(&mut b);
                if b.starts_with("HTTP/1.0 200") || b.starts_with("HTTP/1.1 200") {
                    return r;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("docker-registry did not answer on 127.0.0.1:{port}");
    }
}

impl Registry {
    /// The file holding blob `sha256:<hex>` in its storage.
    pub fn blob_file(&self, hex: &str) -> PathBuf {
        self.dir.join("data/docker/registry/v2/blobs/sha256").join(&hex[..2]).join(hex).join("data")
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies the tracked files of the repository (what a fresh clone holds) to `dest`.
pub fn clone_repo(dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C '{}'", dest.display()))
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

/// [`clone_repo`] with this checkout's distfile cache hard-linked in (an empty store, no
/// downloads).
pub fn clone_repo_with_distfiles(dest: &Path) {
    clone_repo(dest);
    std::fs::create_dir_all(dest.join("__build__")).unwrap();
    let o = tool("cp", &["-al", repo().join("__build__/distfiles").to_str().unwrap(), dest.join("__build__/distfiles").to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}

/// A one-node Slurm cluster started for the test (shared with `./bench binhost`).
#[allow(unused_imports)]
pub use railyard_bench::cluster::Slurm;

/// `__build__/distfiles/<name>`, a distfile of Flatcar's tree (tests/data/flatcar) that
/// Debian ships unchanged as an `.orig` tarball: taken from the Debian archive apt is
/// configured with (`pool` path) when missing; Portage checks it against the tree's Manifest.
#[allow(dead_code)]
pub fn debian_distfile(name: &str, pool: &str) {
    static LOCK: Mutex<()> = Mutex::new(());
    let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let distfile = repo().join("__build__/distfiles").join(name);
    if distfile.is_file() {
        return;
    }
    let mirrors = railyard_packages::portage::apt_mirrors().unwrap();
    let debian = &mirrors.iter().find(|(n, _)| n == "debian").expect("a Debian archive in apt's sources").1;
    std::fs::create_dir_all(distfile.parent().unwrap()).unwrap();
    let tmp = distfile.with_extension(format!("part{}", std::process::id()));
    let o = Command::new("curl").args(["-fsSL", "-o"]).arg(&tmp).arg(format!("{debian}/{pool}")).output().unwrap();
    assert!(o.status.success(), "downloading {pool}: {}", text(&o));
    std::fs::rename(&tmp, &distfile).unwrap();
}

/// `dev-libs/lzo-2.10`'s distfile: Debian's `lzo2_2.10.orig.tar.gz`.
#[allow(dead_code)]
pub fn lzo_distfile() {
    debian_distfile("lzo-2.10.tar.gz", "pool/main/l/lzo2/lzo2_2.10.orig.tar.gz");
}

/// `dev-cpp/gflags-2.2.2`'s distfile: Debian's `gflags_2.2.2.orig.tar.gz`.
#[allow(dead_code)]
pub fn gflags_distfile() {
    debian_distfile("gflags-2.2.2.tar.gz", "pool/main/g/gflags/gflags_2.2.2.orig.tar.gz");
}

/// A build-host profile at `dir`: `parent` (Flatcar's SDK profile) plus the build tools our
/// SDK provides for Gentoo's meson and cmake eclasses, as `package.provided` (EAPI 5:
/// allowed there).
#[allow(dead_code)]
pub fn sdk_tools_profile(dir: &Path, parent: &str, meson: &str, cmake: &str) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("eapi"), "5\n").unwrap();
    std::fs::write(dir.join("parent"), format!("{parent}\n")).unwrap();
    std::fs::write(
        dir.join("package.provided"),
        format!("dev-build/meson-{meson}\ndev-build/ninja-1.11.1\napp-alternatives/ninja-1\ndev-build/meson-format-array-1\ndev-build/cmake-{cmake}\n"),
    )
    .unwrap();
}
