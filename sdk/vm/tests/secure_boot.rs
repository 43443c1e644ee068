//! `railyard_vm::efivars` against the real firmware files and independent tools: Debian's
//! OVMF/AAVMF templates, virt-firmware's reader (`virt-fw-vars`, PyPI), and OVMF itself
//! under QEMU refusing an unsigned boot file once our store is in the flash.
//!
//! Missing tools fail the tests, naming the package to install: `ovmf`, `qemu-efi-aarch64`,
//! `openssl`, `qemu-system-x86`, `gdisk`, `dosfstools`, `mtools`, `systemd-boot-efi`
//! (Debian) and `virt-firmware` (PyPI, `sdk/attest/tests/requirements.txt`, installed into
//! the test venv by `./setup_host --tests`; `$RAILYARD_PYTHON` or `__build__/venv`).

use railyard_vm::efivars::{self, SecureBootKeys};
use std::path::{Path, PathBuf};
use std::process::Command;

const OVMF_VARS: &str = "/usr/share/OVMF/OVMF_VARS_4M.fd";
const AAVMF_VARS: &str = "/usr/share/AAVMF/AAVMF_VARS.fd";
const EPOCH: u64 = 1_767_225_600; // 2026-01-01

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn need_file(p: &str, package: &str) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{p}: {e} (install the Debian package {package})"))
}

fn run(prog: &str, args: &[&str], package: &str) -> String {
    let o = Command::new(prog)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running {prog}: {e} (install the Debian package {package})"));
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "{prog} {args:?} failed: {text}");
    text
}

/// A throwaway self-signed certificate with subject CN=`cn`: (PEM path, DER bytes).
fn cert(dir: &Path, cn: &str) -> (PathBuf, Vec<u8>) {
    let (key, pem, der) = (dir.join(format!("{cn}.key")), dir.join(format!("{cn}.pem")), dir.join(format!("{cn}.der")));
    let s = |p: &Path| p.to_str().unwrap().to_string();
    run(
        "openssl",
        &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", &format!("/CN={cn}"), "-days", "1", "-keyout", &s(&key), "-out", &s(&pem)],
        "openssl",
    );
    run("openssl", &["x509", "-in", &s(&pem), "-outform", "DER", "-out", &s(&der)], "openssl");
    (pem, std::fs::read(&der).unwrap())
}

/// virt-firmware's `virt-fw-vars`, as `python -m virt.firmware.vars` of the test venv.
fn virt_fw_vars(args: &[&str]) -> String {
    let python = std::env::var_os("RAILYARD_PYTHON")
        .map(PathBuf::from)
        .or_else(|| Some(repo().join("__build__/venv/bin/python")).filter(|p| p.exists()))
        .expect("no test venv: set RAILYARD_PYTHON or run ./setup_host --tests (pip installs virt-firmware from sdk/attest/tests/requirements.txt)");
    let o = Command::new(&python).args(["-m", "virt.firmware.vars"]).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(
        o.status.success(),
        "virt-fw-vars {args:?} with {} failed (missing? pip install the PyPI package virt-firmware, pinned in sdk/attest/tests/requirements.txt): {text}",
        python.display()
    );
    text
}

fn keys_in(dir: &Path, tag: &str) -> (SecureBootKeys, [PathBuf; 3]) {
    let (pk_pem, pk) = cert(dir, &format!("Test-PK-{tag}"));
    let (kek_pem, kek) = cert(dir, &format!("Test-KEK-{tag}"));
    let (db_pem, db) = cert(dir, &format!("Test-db-{tag}"));
    let keys = SecureBootKeys { pk, kek: vec![kek], db: vec![db], owner: efivars::owner_guid("railyard") };
    (keys, [pk_pem, kek_pem, db_pem])
}

/// Our store from Debian's OVMF and AAVMF templates, read back by virt-fw-vars: PK, KEK
/// and db with our certificates' subjects, Secure Boot on, custom mode off.
#[test]
fn enrolled_ovmf_and_aavmf_stores_read_back_with_virt_fw_vars() {
    let d = tempfile::tempdir().unwrap();
    for (template, package, tag) in [(OVMF_VARS, "ovmf", "ovmf"), (AAVMF_VARS, "qemu-efi-aarch64", "aavmf")] {
        let t = need_file(template, package);
        let (keys, _) = keys_in(d.path(), tag);
        let out = efivars::enroll(&t, template, &keys, EPOCH).unwrap();
        assert_eq!(out.len(), t.len(), "{template}");
        assert_eq!(efivars::enroll(&t, template, &keys, EPOCH).unwrap(), out, "{template}: deterministic");
        let f = d.path().join(format!("{tag}.fd"));
        std::fs::write(&f, &out).unwrap();
        let p = virt_fw_vars(&["-i", f.to_str().unwrap(), "--print", "--verbose"]);
        for (name, cn) in [("PK", "PK"), ("KEK", "KEK"), ("db", "db")] {
            let at = p.find(&format!("name={name} guid=")).unwrap_or_else(|| panic!("{template}: no {name}:\n{p}"));
            let block = &p[at..p[at..].find("\n\n").map_or(p.len(), |e| at + e)];
            assert!(block.contains("time=2026-01-01 00:00:00"), "{template} {name}: {block}");
            assert!(block.contains("siglist type=guid:EfiCertX509 count=1"), "{template} {name}: {block}");
            assert!(block.contains(&format!("subject CN=Test-{cn}-{tag}\n")), "{template} {name}: {block}");
        }
        for (name, want) in [("SecureBootEnable", "bool: ON"), ("CustomMode", "bool: off")] {
            let at = p.find(&format!("name={name} ")).unwrap_or_else(|| panic!("{template}: no {name}:\n{p}"));
            assert!(p[at..].lines().nth(1).unwrap_or("").trim().eq_ignore_ascii_case(want), "{template} {name}: {}", &p[at..]);
        }
        assert!(!p.contains("name=dbx"), "{p}");
    }
}

/// Byte for byte against virt-fw-vars: its output for the same certificate, with the dummy
/// dbx it always adds removed (`-d dbx`) and our timestamp set to its (the certificate's
/// notBefore), is exactly our file; before that, every variable but dbx has the same data
/// and attributes.
#[test]
fn our_ovmf_store_is_what_virt_fw_vars_writes_less_its_dummy_dbx() {
    let t = need_file(OVMF_VARS, "ovmf");
    let d = tempfile::tempdir().unwrap();
    let (pem, der) = cert(d.path(), "Railyard-Test-All");
    let owner = efivars::owner_guid("railyard");
    let g = efivars::guid_string(&owner);
    let theirs = d.path().join("theirs.fd");
    let pem = pem.to_str().unwrap();
    virt_fw_vars(&[
        "--input", OVMF_VARS, "--output", theirs.to_str().unwrap(), "--set-pk", &g, pem, "--add-kek", &g, pem, "--add-db", &g, pem, "--secure-boot",
    ]);
    let theirs = std::fs::read(&theirs).unwrap();
    let tv = efivars::read_variables(&theirs, "virt-fw-vars output").unwrap();
    let pk_time = tv.iter().find(|v| v.name == "PK").expect("PK").timestamp;
    let ts = efivars::efi_time_secs(&pk_time).expect("PK has a time");
    let keys = SecureBootKeys { pk: der.clone(), kek: vec![der.clone()], db: vec![der], owner };
    let ours = efivars::enroll(&t, OVMF_VARS, &keys, ts).unwrap();
    let ov = efivars::read_variables(&ours, "ours").unwrap();
    let names = |v: &[efivars::Variable]| v.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&tv), ["CustomMode", "KEK", "PK", "SecureBootEnable", "db", "dbx"]);
    for o in &ov {
        let t = tv.iter().find(|t| t.name == o.name).unwrap();
        assert_eq!((o.guid, o.attributes, &o.data, o.timestamp), (t.guid, t.attributes, &t.data, t.timestamp), "{}", o.name);
    }
    let trimmed = d.path().join("trimmed.fd");
    virt_fw_vars(&["-i", d.path().join("theirs.fd").to_str().unwrap(), "-o", trimmed.to_str().unwrap(), "-d", "dbx"]);
    let trimmed = std::fs::read(&trimmed).unwrap();
    assert!(trimmed == ours, "ours differs from virt-fw-vars' without dbx at byte {:?}", trimmed.iter().zip(&ours).position(|(a, b)| a != b));
}

/// The decisive check: OVMF (the SMM build, as `BootSpec::secure` runs it) with our store
/// refuses an unsigned `EFI/BOOT/BOOTX64.EFI` ("Access Denied"), and with the plain empty
/// store starts the same binary. Both boots side by side under TCG, stopped at the marker.
#[test]
fn ovmf_with_our_store_refuses_an_unsigned_boot_file() {
    let t = need_file(OVMF_VARS, "ovmf");
    let efi = "/usr/lib/systemd/boot/efi/systemd-bootx64.efi";
    need_file(efi, "systemd-boot-efi");
    let d = tempfile::tempdir().unwrap();
    let (keys, _) = keys_in(d.path(), "boot");
    let vars = d.path().join("vars.fd");
    std::fs::write(&vars, efivars::enroll(&t, OVMF_VARS, &keys, EPOCH).unwrap()).unwrap();
    // a 64 MiB disk whose ESP holds an unsigned BOOTX64.EFI
    let disk = d.path().join("d.img");
    let ds = disk.to_str().unwrap();
    std::fs::File::create(&disk).unwrap().set_len(64 << 20).unwrap();
    run("sgdisk", &["-o", "-n1:2048:+60M", "-t1:ef00", ds], "gdisk");
    run("mkfs.vfat", &["--offset", "2048", ds, "61440"], "dosfstools");
    let at = format!("{ds}@@1M");
    run("mmd", &["-i", &at, "::/EFI", "::/EFI/BOOT"], "mtools");
    run("mcopy", &["-i", &at, efi, "::/EFI/BOOT/BOOTX64.EFI"], "mtools");
    let board = railyard_core::Board::load(&repo(), "amd64-usr").unwrap();
    for f in [board.qemu.secure_code(), board.qemu.firmware_code.as_path()] {
        need_file(f.to_str().unwrap(), "ovmf");
    }
    use railyard_image::qemu::{boot, BootSpec};
    let mut secure = BootSpec::new(board.qemu.clone(), &disk, &d.path().join("secure.log")).secure(&vars);
    secure.expect = "Access Denied".into();
    secure.fail_on.retain(|f| f != "Access Denied");
    secure.fail_on.push("BdsDxe: starting Boot".into());
    secure.memory_mib = 512;
    secure.timeout = std::time::Duration::from_secs(120);
    let mut plain = BootSpec::new(board.qemu.clone(), &disk, &d.path().join("plain.log"));
    plain.expect = "BdsDxe: starting Boot".into();
    plain.fail_on.push("Access Denied".into());
    plain.memory_mib = 512;
    plain.timeout = std::time::Duration::from_secs(120);
    let (s, p) = std::thread::scope(|sc| {
        let a = sc.spawn(|| boot(&secure).unwrap());
        let b = sc.spawn(|| boot(&plain).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    let line = |o: &railyard_image::qemu::Outcome, m: &str| o.console.lines().find(|l| l.contains(m)).unwrap_or("").trim().to_string();
    eprintln!("secure ({:.1} s): {}", s.seconds, line(&s, "Access Denied"));
    eprintln!("plain  ({:.1} s): {}", p.seconds, line(&p, "BdsDxe: starting Boot"));
    assert!(s.success, "Secure Boot refuses the unsigned file: {:?}\n{}", s.failure, s.tail(30));
    assert!(line(&s, "Access Denied").contains("failed to load Boot"), "{}", s.tail(30));
    assert!(p.success, "without our keys the same file starts: {:?}\n{}", p.failure, p.tail(30));
    // the shared store was never written (each boot has its own copy)
    assert_eq!(std::fs::read(&vars).unwrap(), efivars::enroll(&t, OVMF_VARS, &keys, EPOCH).unwrap());
}
