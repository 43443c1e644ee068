//! A/B updates through the agent that ships in the image (`/usr/bin/railyard-update`, taken out
//! of the built /usr): signed payloads served over HTTP from 127.0.0.1, refusals that leave
//! the inactive slot untouched, an interrupted apply, and a whole update in QEMU — v1 boots
//! from USR-A, the agent installs v2 into USR-B and reboots, v2 boots from USR-B and is marked
//! good. Outside checks: cgpt for the GPT fields, sgdisk -v, fsck.vfat, mtools for the ESP.

mod common;
use common::*;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Two release keys made with `railyard keygen`, outside the repository: `k1` signs the
/// builds (and so is baked into their /usr), `k2` is a stranger.
fn keydir() -> &'static PathBuf {
    static K: OnceLock<PathBuf> = OnceLock::new();
    K.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("railyard-update-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for name in ["k1", "k2"] {
            let o = railyard().args(["keygen", &format!("--name={name}")]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
            assert!(o.status.success(), "keygen: {}", text(&o));
        }
        // Secure Boot PK/KEK/db: both versions' EFI binaries are signed with db
        let o = railyard().args(["keygen", "--secure-boot"]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
        assert!(o.status.success(), "keygen --secure-boot: {}", text(&o));
        dir
    })
}

fn key(name: &str) -> PathBuf {
    keydir().join(format!("{name}.key"))
}

fn sb(role: &str, ext: &str) -> PathBuf {
    keydir().join(format!("railyard-secure-boot-{role}.{ext}"))
}

/// v1 (the board's version) and v2 (`--version=0.2.0`), both signed with k1, their EFI
/// binaries signed for Secure Boot with the same db key.
fn v1() -> Built {
    build_signed("update-v1", &[])
}
fn v2() -> Built {
    build_signed("update-v2", &["--version=0.2.0"])
}
fn build_signed(name: &str, extra: &[&str]) -> Built {
    let mut args = vec![
        "--board=amd64-usr".to_string(),
        format!("--signing_key={}", key("k1").display()),
        format!("--secure_boot_key={}", sb("db", "key").display()),
        format!("--secure_boot_cert={}", sb("db", "crt").display()),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    shared_build(name, &args)
}

/// OVMF's variable store with our PK, KEK and db enrolled and Secure Boot on.
fn secure_vars(dir: &Path, board: &railyard_core::Board) -> PathBuf {
    use railyard_vm::efivars;
    let der = |role: &str| efivars::certificate_der(&std::fs::read(sb(role, "crt")).unwrap(), role).unwrap();
    let keys = efivars::SecureBootKeys { pk: der("PK"), kek: vec![der("KEK")], db: vec![der("db")], owner: efivars::owner_guid("railyard") };
    let template = std::fs::read(&board.qemu.firmware_vars).unwrap();
    let vars = efivars::enroll(&template, &board.qemu.firmware_vars.display().to_string(), &keys, 1_767_225_600).unwrap();
    let p = dir.join("secure-vars.fd");
    std::fs::write(&p, vars).unwrap();
    p
}

/// /usr of v1 unpacked with fsck.erofs: the agent binary, the baked keys and os-release.
fn v1_usr() -> &'static PathBuf {
    static U: OnceLock<PathBuf> = OnceLock::new();
    U.get_or_init(|| {
        let b = v1();
        let dir = scratch("update-usr");
        let (start, size) = b.part("USR-A");
        let part = dir.join("usr-a.img");
        extract(&b.image(), start, size, &part);
        let out = dir.join("usr");
        let o = tool("fsck.erofs", &[&format!("--extract={}", out.display()), part.to_str().unwrap()]);
        assert!(o.status.success(), "fsck.erofs: {}", text(&o));
        assert!(out.join("bin/railyard-update").is_file());
        out
    })
}

/// Runs the image's agent on a disk image as if USR-A were running.
fn agent(disk: &Path, state: &Path, args: &[&str]) -> std::process::Command {
    let usr = v1_usr();
    let mut c = std::process::Command::new(usr.join("bin/railyard-update"));
    c.args(args)
        .arg("--disk")
        .arg(disk)
        .args(["--running", "USR-A"])
        .arg("--keys")
        .arg(usr.join("share/railyard/update-keys"))
        .arg("--os-release")
        .arg(usr.join("lib/os-release"))
        .arg("--state")
        .arg(state);
    c
}

/// A small HTTP/1.1 server on 127.0.0.1: URL path → the files it serves, one per request
/// (the last one again once they are used up).
struct Server {
    port: u16,
    files: Arc<Mutex<HashMap<String, Vec<PathBuf>>>>,
}

impl Server {
    fn start() -> Server {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let files: Arc<Mutex<HashMap<String, Vec<PathBuf>>>> = Arc::default();
        let f2 = files.clone();
        std::thread::spawn(move || {
            for c in l.incoming().flatten() {
                let files = f2.clone();
                std::thread::spawn(move || {
                    let mut r = BufReader::new(c.try_clone().unwrap());
                    let mut line = String::new();
                    if r.read_line(&mut line).is_err() {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                            break;
                        }
                    }
                    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
                    let file = files.lock().unwrap().get_mut(&path).and_then(|v| if v.len() > 1 { Some(v.remove(0)) } else { v.first().cloned() });
                    let mut c = c;
                    match file.and_then(|f| std::fs::File::open(f).ok()) {
                        Some(mut f) => {
                            let len = f.metadata().unwrap().len();
                            let _ = write!(c, "HTTP/1.1 200 OK\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n");
                            let _ = std::io::copy(&mut f, &mut c);
                        }
                        None => {
                            let _ = write!(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        }
                    }
                });
            }
        });
        Server { port, files }
    }
    /// Serves `manifest` and `payload` under `/<dir>/`; returns the directory's URL as
    /// reached from the host.
    fn publish(&self, dir: &str, manifest: &Path, payload: &Path) -> String {
        self.publish_seq(dir, manifest, &[payload])
    }
    /// As `publish`, the payload requests answered by `payloads` in turn.
    fn publish_seq(&self, dir: &str, manifest: &Path, payloads: &[&Path]) -> String {
        let mut f = self.files.lock().unwrap();
        f.insert(format!("/{dir}/railyard_production_update.manifest"), vec![manifest.to_path_buf()]);
        f.insert(format!("/{dir}/railyard_production_update.bin"), payloads.iter().map(|p| p.to_path_buf()).collect());
        format!("http://127.0.0.1:{}/{dir}/", self.port)
    }
}

fn manifest_of(b: &Built) -> PathBuf {
    b.dir().join("railyard_production_update.manifest")
}
fn payload_of(b: &Built) -> PathBuf {
    b.dir().join("railyard_production_update.bin")
}

/// v2's manifest changed by `edit` and signed with key `k`, written to `out`.
fn resigned(out: &Path, k: &str, edit: impl FnOnce(&mut railyard_update_format::Manifest)) -> PathBuf {
    let env = railyard_update_format::Envelope::from_json(&std::fs::read(manifest_of(&v2())).unwrap()).unwrap();
    use base64::Engine;
    let body = base64::engine::general_purpose::STANDARD.decode(&env.payload).unwrap();
    let mut m = railyard_update_format::Manifest::from_json(&body).unwrap();
    edit(&mut m);
    let sk = railyard_attest::keys::load_signing_key_file(&key(k)).unwrap();
    let e = railyard_update_format::sign_manifest(&m, &[&sk]).unwrap();
    std::fs::write(out, e.to_json().unwrap()).unwrap();
    out.to_path_buf()
}

fn cgpt_pts(img: &Path, i: &str) -> [String; 3] {
    let f = |flag: &str| {
        let o = tool("cgpt", &["show", "-i", i, flag, img.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    [f("-P"), f("-T"), f("-S")]
}

fn sha_range(img: &Path, off: u64, len: u64) -> String {
    use sha2::Digest;
    let f = std::fs::File::open(img).unwrap();
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0;
    while pos < len {
        let n = ((len - pos) as usize).min(buf.len());
        f.read_exact_at(&mut buf[..n], off + pos).unwrap();
        h.update(&buf[..n]);
        pos += n as u64;
    }
    hex::encode(h.finalize())
}

/// What a refused update must leave as it was: USR-B's first and last MiB, the GPT fields of
/// both slots, and the ESP.
fn untouched_state(b: &Built, img: &Path) -> Vec<String> {
    let (bs, bl) = b.part("USR-B");
    let (es, el) = b.part("EFI-SYSTEM");
    let mut v = vec![sha_range(img, bs, 1 << 20), sha_range(img, bs + bl - (1 << 20), 1 << 20), sha_range(img, es, el)];
    v.extend(cgpt_pts(img, "3"));
    v.extend(cgpt_pts(img, "4"));
    v
}

fn esp_is_clean(b: &Built, img: &Path, dir: &Path) {
    let (es, el) = b.part("EFI-SYSTEM");
    let esp = dir.join("esp.img");
    extract(img, es, el, &esp);
    let o = tool("fsck.vfat", &["-n", esp.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.vfat after the update: {}", text(&o));
}

/// On a copy of v1 (running USR-A), the agent from v1's /usr refuses, before it writes
/// anything, a manifest signed by another key, an unsigned one, a payload with one flipped
/// byte, an update for another board/arch and an older version — each with an error naming
/// the cause, and USR-B's first and last MiB, the ESP and both slots' GPT fields unchanged.
/// `check` over https trusts the server only with its CA (`CA_FILE=`). A server that sends
/// other bytes for the write than for the check is caught by the read-back.
/// An apply killed while it writes leaves USR-A as it was and USR-B disabled (`status` says
/// interrupted); the next apply installs v2: USR-B holds v2's /usr byte for byte, the ESP
/// v2's kernel image for USR-B (fsck.vfat clean), cgpt reads USR-B P=2 T=1 S=0, USR-A
/// P=1 T=0 S=1, and sgdisk -v finds the table sound.
#[test]
fn agent_refuses_bad_updates_before_writing_and_survives_a_cut_apply() {
    let (b1, b2) = (v1(), v2());
    let dir = scratch("update-host");
    let img = dir.join("disk.bin");
    sparse_copy(&b1.image(), &img);
    let state = dir.join("update-state");
    let srv = Server::start();
    let before = untouched_state(&b1, &img);

    let flipped = dir.join("flipped.bin");
    std::fs::copy(payload_of(&b2), &flipped).unwrap();
    {
        let f = std::fs::OpenOptions::new().read(true).write(true).open(&flipped).unwrap();
        let mut x = [0u8; 1];
        f.read_exact_at(&mut x, 100 << 20).unwrap();
        x[0] ^= 0x01;
        f.write_all_at(&x, 100 << 20).unwrap();
    }
    let unsigned = dir.join("unsigned.manifest");
    {
        let mut env = railyard_update_format::Envelope::from_json(&std::fs::read(manifest_of(&b2)).unwrap()).unwrap();
        env.signatures.clear();
        std::fs::write(&unsigned, env.to_json().unwrap()).unwrap();
    }
    let cases: Vec<(&str, PathBuf, PathBuf, &str)> = vec![
        ("other-key", resigned(&dir.join("k2.manifest"), "k2", |_| {}), payload_of(&b2), "not signed by a trusted key"),
        ("unsigned", unsigned, payload_of(&b2), "not signed by a trusted key"),
        ("flipped", manifest_of(&b2), flipped.clone(), "has sha256"),
        (
            "arm64",
            resigned(&dir.join("arm64.manifest"), "k1", |m| {
                m.board = "arm64-usr".into();
                m.arch = "arm64".into();
            }),
            payload_of(&b2),
            "for board arm64-usr (arm64); this machine is amd64-usr (amd64)",
        ),
        ("older", resigned(&dir.join("older.manifest"), "k1", |m| m.version = "0.0.9".into()), payload_of(&b2), "older than the running 0.1.0"),
    ];
    for (name, manifest, payload, why) in &cases {
        let url = srv.publish(name, manifest, payload);
        let o = agent(&img, &state, &["apply", &url]).output().unwrap();
        let t = text(&o);
        assert!(!o.status.success(), "{name}: accepted:\n{t}");
        assert!(t.contains("REFUSED") && t.contains(why), "{name}: {t}");
        assert_eq!(untouched_state(&b1, &img), before, "{name}: the refused update changed the disk\n{t}");
    }
    // `check` reads the good one
    let good = srv.publish("good", &manifest_of(&b2), &payload_of(&b2));
    let o = agent(&img, &state, &["check", &good]).output().unwrap();
    assert!(o.status.success() && text(&o).contains("update available: 0.2.0 (running 0.1.0)"), "{}", text(&o));

    // over https (openssl s_server with a certificate made here): refused until its CA is
    // trusted (CA_FILE= of update.conf), then the same signed manifest
    let www = dir.join("www");
    std::fs::create_dir_all(www.join("tls")).unwrap();
    std::fs::copy(manifest_of(&b2), www.join("tls/railyard_production_update.manifest")).unwrap();
    let (cert, pkey) = (dir.join("cert.pem"), dir.join("key.pem"));
    let o = tool("openssl", &["req", "-x509", "-newkey", "ed25519", "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "2", "-keyout", pkey.to_str().unwrap(), "-out", cert.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut tls = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-WWW", "-accept", &format!("127.0.0.1:{port}"), "-cert", cert.to_str().unwrap(), "-key", pkey.to_str().unwrap()])
        .current_dir(&www)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let https = format!("https://localhost:{port}/tls/");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let o = agent(&img, &state, &["check", &https]).output().unwrap();
    assert!(!o.status.success() && text(&o).contains("certificate is not trusted: self-signed certificate"), "{}", text(&o));
    let conf = dir.join("update.conf");
    std::fs::write(&conf, format!("CA_FILE={}\n", cert.display())).unwrap();
    let o = agent(&img, &state, &["check", &https, "--config", conf.to_str().unwrap()]).output().unwrap();
    let _ = tls.kill();
    let _ = tls.wait();
    assert!(o.status.success() && text(&o).contains("update available: 0.2.0 (running 0.1.0)"), "{}", text(&o));

    // a server that sends the good payload for the check and the flipped one for the write:
    // the read-back catches it; USR-B stays disabled, USR-A untouched
    let switch = srv.publish_seq("switch", &manifest_of(&b2), &[&payload_of(&b2), &flipped]);
    let o = agent(&img, &state, &["apply", &switch]).output().unwrap();
    let t = text(&o);
    assert!(!o.status.success() && t.contains("read back sha256") && t.contains("the server sent other bytes the second time"), "{t}");
    assert_eq!(cgpt_pts(&img, "4"), ["0", "0", "0"], "{t}");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "{t}");

    // power cut: killed while USR-B is being written
    let mut child = agent(&img, &state, &["apply", &good]).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::inherit()).spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut l = String::new();
        if out.read_line(&mut l).unwrap() == 0 {
            panic!("the agent ended before writing:\n{seen}");
        }
        seen.push_str(&l);
        if l.contains("writing: 50%") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut rest = String::new();
    let _ = out.read_to_string(&mut rest);
    assert_eq!(cgpt_pts(&img, "4"), ["0", "0", "0"], "USR-B must be disabled while written:\n{seen}");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A untouched");
    let st = agent(&img, &state, &["status"]).output().unwrap();
    assert!(text(&st).contains("interrupted"), "{}", text(&st));

    // and again, to the end
    let o = agent(&img, &state, &["apply", &good]).output().unwrap();
    let t = text(&o);
    assert!(o.status.success() && t.contains("installed 0.2.0 into USR-B"), "{t}");
    let (a2, al) = b2.part("USR-A");
    let (bs, bl) = b1.part("USR-B");
    assert_eq!(al, bl);
    assert_eq!(sha_range(&img, bs, bl), sha_range(&b2.image(), a2, al), "USR-B must hold v2's /usr");
    let uki = esp_file(&b1, &img, "EFI/Linux/usr-b.efi", &dir.join("usr-b.efi"));
    assert!(uki == std::fs::read(b2.dir().join("railyard_production_image_usr-b.efi")).unwrap(), "the ESP's usr-b.efi is not v2's");
    let uki_a = esp_file(&b1, &img, "EFI/Linux/usr-a.efi", &dir.join("usr-a.efi"));
    assert!(uki_a == std::fs::read(b1.dir().join("railyard_production_image_usr-a.efi")).unwrap(), "USR-A's kernel image changed");
    esp_is_clean(&b1, &img, &dir);
    assert_eq!(cgpt_pts(&img, "4"), ["2", "1", "0"]);
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"]);
    let v = tool("sgdisk", &["-v", img.to_str().unwrap()]);
    assert!(text(&v).contains("No problems found"), "{}", text(&v));
    let st = agent(&img, &state, &["status"]).output().unwrap();
    assert!(text(&st).contains("update 0.2.0 in USR-B: installed, boots next"), "{}", text(&st));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes `/etc/railyard/update.conf` into the ROOT filesystem of `img` with debugfs (the
/// provisioning step a user would do), at ROOT's offset.
fn configure(b: &Built, img: &Path, dir: &Path, conf: &str) {
    let (rs, rl) = b.part("ROOT");
    let root = dir.join("root.img");
    extract(img, rs, rl, &root);
    let file = dir.join("update.conf");
    std::fs::write(&file, conf).unwrap();
    let cmds = dir.join("debugfs.cmd");
    std::fs::write(&cmds, format!("mkdir etc/railyard\nwrite {} etc/railyard/update.conf\n", file.display())).unwrap();
    let o = tool("debugfs", &["-w", "-f", cmds.to_str().unwrap(), root.to_str().unwrap()]);
    assert!(o.status.success(), "debugfs: {}", text(&o));
    let o = tool("e2fsck", &["-fn", root.to_str().unwrap()]);
    assert!(o.status.success(), "e2fsck: {}", text(&o));
    let src = std::fs::File::open(&root).unwrap();
    let dst = std::fs::OpenOptions::new().write(true).open(img).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut pos = 0;
    while pos < rl {
        let n = ((rl - pos) as usize).min(buf.len());
        src.read_exact_at(&mut buf[..n], pos).unwrap();
        dst.write_all_at(&buf[..n], rs + pos).unwrap();
        pos += n as u64;
    }
}

/// The whole update in QEMU, as Flatcar's cl.update.payload test does it: v1 boots from USR-A
/// with `SERVER=` pointing at 127.0.0.1 (reached as 10.0.2.2 through QEMU's user network);
/// railyard-update-check.timer starts installing v2 into USR-B and QEMU is killed half-way
/// (cgpt: USR-B disabled, USR-A untouched); the next boot comes up on USR-A, reports the
/// interrupted update, installs v2 and reboots; the selector boots USR-B
/// on trial, v2 comes up with its /usr verified (status V) and the kernel command line naming
/// USR-B; 45 s later it is marked good and the next check finds it up to date. cgpt then
/// reads USR-B P=2 T=0 S=1 and USR-A P=1 T=0 S=1.
///
/// All of it under UEFI Secure Boot enforced (OVMF's SMM build, our PK/KEK/db): both versions'
/// kernel images are signed, v1 and v2 come up with the kernel reporting Secure Boot on. Then
/// roll-back under enforcement: USR-B is put on trial again with one byte of its kernel image
/// on the ESP changed; the firmware refuses it, the selector spends its try and boots v1 from
/// USR-A in the same boot, and `status` reports the failed update. (One disk, four boots.)
#[test]
fn an_update_served_over_http_installs_reboots_and_is_marked_good() {
    let (b1, b2) = (v1(), v2());
    let dir = scratch("update-vm");
    let img = dir.join("disk.bin");
    sparse_copy(&b1.image(), &img);
    let srv = Server::start();
    let url = srv.publish("v2", &manifest_of(&b2), &payload_of(&b2)).replace("127.0.0.1", "10.0.2.2");
    configure(&b1, &img, &dir, &format!("SERVER={url}\nREBOOT=true\n"));
    let board = railyard_core::Board::load(&repo(), "amd64-usr").unwrap();
    let vars = secure_vars(&dir, &board);
    // power cut: QEMU is killed once the agent is half-way through writing USR-B
    let mut cut = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &img, &dir.join("cut.log")).secure(&vars);
    cut.timeout = std::time::Duration::from_secs(900);
    cut.allow_reboot = true;
    cut.snapshot = false;
    cut.expect = "railyard-update: writing: 50%".into();
    let o = railyard_image::qemu::boot(&cut).unwrap();
    assert!(o.success, "{:?}\n{}", o.failure, o.tail(60));
    assert_eq!(cgpt_pts(&img, "4"), ["0", "0", "0"], "USR-B disabled while written");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A untouched");
    // the next boot comes up on USR-A and the timer's apply starts over and completes
    let mut spec = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &img, &dir.join("boot.log")).secure(&vars);
    spec.timeout = std::time::Duration::from_secs(1200);
    spec.allow_reboot = true;
    spec.snapshot = false;
    spec.dialog = vec![
        Step::new("interrupted while it was written", ""),
        Step::new("installed 0.2.0 into USR-B", ""),
        Step::new("usr-b (partition 4) priority 2, tries 0, on trial", ""),
        Step::new("RAILYARD-BOOT-OK", ""),
        Step::new("USR-B (partition 4) marked good (priority 2)", ""),
        Step::new("up to date (0.2.0 in USR-B)", ""),
    ];
    let o = railyard_image::qemu::boot(&spec).unwrap();
    assert!(o.success, "{:?}\n{}", o.failure, o.tail(60));
    let c = o.console.replace("\r\n", "");
    let tail = o.tail(60);
    let at = |needle: &str, from: usize| c[from..].find(needle).map(|p| p + from).unwrap_or_else(|| panic!("console lacks {needle:?} after byte {from}:\n{tail}"));
    let a = at("railyard-selector: usr-a (partition 3)", 0);
    let v1_up = at("(0.1.0)", a);
    at("RAILYARD-BOOT-OK", v1_up);
    let inst = at("railyard-update: installing 0.2.0 into USR-B (partition 4)", v1_up);
    let done = at("railyard-update: installed 0.2.0 into USR-B", inst);
    let sel = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, on trial", done);
    let cmd = at("verity.usr=PARTUUID=e03dd35c-7c2d-4a47-b3fe-27f15780a57c", sel);
    at(&format!("verity.usrhash={}", b2.root_hash()), cmd);
    let v2_up = at("(0.2.0)", sel);
    at("verity V", v2_up);
    let ok = at("RAILYARD-BOOT-OK", v2_up);
    at("USR-B: on trial", sel);
    let good = at("railyard-update: USR-B (partition 4) marked good (priority 2)", ok);
    at("railyard-update: up to date (0.2.0 in USR-B)", good);
    assert!(!c.contains("Kernel panic") && !c[sel..].contains("railyard-selector: usr-a"), "{tail}");
    assert_eq!(cgpt_pts(&img, "4"), ["2", "0", "1"], "USR-B good");
    assert_eq!(cgpt_pts(&img, "3"), ["1", "0", "1"], "USR-A unchanged");
    let v = tool("sgdisk", &["-v", img.to_str().unwrap()]);
    assert!(text(&v).contains("No problems found"), "{}", text(&v));
    // both versions booted with Secure Boot enforced
    let sb_on = "secureboot: Secure boot enabled";
    at(sb_on, at("EFI stub: UEFI Secure Boot is enabled", a));
    at(sb_on, at("EFI stub: UEFI Secure Boot is enabled", sel));

    // roll-back under enforcement: v2's kernel image changed on the ESP, USR-B on trial
    let mut uki = esp_file(&b1, &img, "EFI/Linux/usr-b.efi", &dir.join("usr-b.efi"));
    let mid = uki.len() / 2;
    uki[mid] ^= 0x20;
    let changed = dir.join("usr-b-changed.efi");
    std::fs::write(&changed, &uki).unwrap();
    let (es, _) = b1.part("EFI-SYSTEM");
    let o = tool("mcopy", &["-o", "-i", &format!("{}@@{es}", img.display()), changed.to_str().unwrap(), "::/EFI/Linux/usr-b.efi"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = tool("cgpt", &["add", "-i", "4", "-P", "2", "-T", "1", "-S", "0", img.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let mut back = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &img, &dir.join("rollback.log")).secure(&vars);
    back.timeout = std::time::Duration::from_secs(600);
    back.snapshot = false;
    back.dialog = vec![Step::new("in USR-B: FAILED", "")];
    let o = railyard_image::qemu::boot(&back).unwrap();
    assert!(o.success, "{:?}\n{}", o.failure, o.tail(60));
    let c = o.console.replace("\r\n", "");
    let tail = o.tail(60);
    let at = |needle: &str, from: usize| c[from..].find(needle).map(|p| p + from).unwrap_or_else(|| panic!("console lacks {needle:?} after byte {from}:\n{tail}"));
    let tried = at("railyard-selector: usr-b (partition 4) priority 2, tries 0, on trial", 0);
    let refused = at("Secure Boot refused \\EFI\\Linux\\usr-b.efi", tried);
    let a = at("railyard-selector: usr-a (partition 3)", refused);
    at(sb_on, a);
    let v1_up = at("(0.1.0)", a);
    at("RAILYARD-BOOT-OK", v1_up);
    assert_eq!(cgpt_pts(&img, "4"), ["2", "0", "0"], "USR-B's try is spent");
    let _ = std::fs::remove_dir_all(&dir);
}
