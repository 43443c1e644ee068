//! UEFI Secure Boot (issue 19): keys from `keygen --secure-boot`, a build whose boot selector
//! and per-slot kernel images are signed (checked by the stock `sbverify`, reproducible for
//! the key), the `qemu_uefi_secure` format's firmware with our certificate enrolled, and
//! boots under enforcement in QEMU: the signed image boots and reports Secure Boot on, a
//! kernel image whose command line carries another dm-verity root hash is refused, and so is
//! an unsigned boot selector.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Secure Boot keys (PK, KEK, db) and a provenance key, outside the repository.
fn keydir() -> &'static PathBuf {
    static K: OnceLock<PathBuf> = OnceLock::new();
    K.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("railyard-sb-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let o = railyard().args(["keygen", "--secure-boot"]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
        assert!(o.status.success(), "keygen --secure-boot: {}", text(&o));
        let out = text(&o);
        assert!(out.contains("--secure_boot_key=") && out.contains("qemu_uefi_secure"), "keygen says how to use the keys: {out}");
        let o = railyard().args(["keygen", "--name=release"]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
        assert!(o.status.success(), "keygen: {}", text(&o));
        dir
    })
}

fn sb(role: &str, ext: &str) -> PathBuf {
    keydir().join(format!("railyard-secure-boot-{role}.{ext}"))
}

fn sb_args() -> Vec<String> {
    vec![
        format!("--secure_boot_key={}", sb("db", "key").display()),
        format!("--secure_boot_cert={}", sb("db", "crt").display()),
    ]
}

/// The signed amd64 build (its provenance signed too), checked by `--rebuild-check`: a
/// second build from the recorded inputs, signed with the same db key, is byte-identical.
fn signed() -> Built {
    let mut args: Vec<String> = vec!["--board=amd64-usr".into(), format!("--signing_key={}", keydir().join("release.key").display()), "--rebuild-check".into()];
    args.extend(sb_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    shared_build("sb-amd64", &args)
}

fn esp_put(b: &Built, img: &Path, path: &str, data: &[u8], dir: &Path) {
    let (es, _) = b.part("EFI-SYSTEM");
    let f = dir.join("esp-put.efi");
    std::fs::write(&f, data).unwrap();
    let o = tool("mcopy", &["-o", "-i", &format!("{}@@{es}", img.display()), f.to_str().unwrap(), &format!("::/{path}")]);
    assert!(o.status.success(), "mcopy into {path}: {}", text(&o));
}

fn sbverify(cert: &Path, file: &Path) -> (bool, String) {
    let o = tool("sbverify", &["--cert", cert.to_str().unwrap(), file.to_str().unwrap()]);
    (o.status.success(), text(&o))
}

/// A signed PE image without its signature: cut at the attribute certificate table, the
/// table's directory entry cleared (what the firmware sees as "unsigned").
fn unsigned(pe: &[u8]) -> Vec<u8> {
    let at = |o: usize| u32::from_le_bytes(pe[o..o + 4].try_into().unwrap()) as usize;
    let opt = at(0x3c) + 24;
    assert_eq!(u16::from_le_bytes([pe[opt], pe[opt + 1]]), 0x20b, "PE32+");
    let (off, len) = (at(opt + 144), at(opt + 148));
    assert!(off > 0 && len > 0 && off + len == pe.len(), "the signature is the file's tail");
    let mut out = pe[..off].to_vec();
    out[opt + 144..opt + 152].fill(0);
    out
}

/// `sbverify --cert db.crt` accepts the boot selector and USR-A's kernel image on the ESP,
/// and the `_usr-a.efi`/`_usr-b.efi` outputs (the USR-B image the update payload carries is
/// that file, byte for byte); the KEK certificate (not the signer) is refused, and so is a
/// kernel image with one byte changed. The provenance names the db certificate (its SHA-256
/// is that of `<prefix>_secure_boot_db.pem`'s DER) and its subjects and DIGESTS cover the
/// signed files; the ESP is clean for fsck.vfat. A key without a certificate and a
/// certificate of another key are refused before anything is built, naming the files.
#[test]
fn a_secure_boot_build_signs_every_efi_binary_and_rebuilds_byte_identical() {
    let b = signed();
    let dir = scratch("sb-files");
    let img = b.image();
    let db = sb("db", "crt");
    let sb_summary = &b.summary["secure_boot"];
    assert!(sb_summary.is_object(), "the summary reports the signing: {}", b.summary);
    let signed_paths: Vec<&str> = sb_summary["signed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(signed_paths, ["EFI/BOOT/BOOTX64.EFI", "EFI/Linux/usr-a.efi", "EFI/Linux/usr-b.efi"]);
    for path in ["EFI/BOOT/BOOTX64.EFI", "EFI/Linux/usr-a.efi"] {
        let f = dir.join(path.replace('/', "_"));
        esp_file(&b, &img, path, &f);
        let (ok, out) = sbverify(&db, &f);
        assert!(ok, "sbverify --cert db.crt {path}: {out}");
        let (ok, out) = sbverify(&sb("KEK", "crt"), &f);
        assert!(!ok, "a certificate that did not sign {path} is refused: {out}");
    }
    let out_dir = b.dir();
    let prefix = "railyard_production_image";
    for n in ["usr-a", "usr-b"] {
        let f = out_dir.join(format!("{prefix}_{n}.efi"));
        let (ok, out) = sbverify(&db, &f);
        assert!(ok, "sbverify {}: {out}", f.display());
    }
    // the ESP's usr-a.efi is the output file
    assert_eq!(std::fs::read(dir.join("EFI_Linux_usr-a.efi")).unwrap(), std::fs::read(out_dir.join(format!("{prefix}_usr-a.efi"))).unwrap());
    // one changed byte in the middle of the kernel image breaks the signature
    let mut bad = std::fs::read(out_dir.join(format!("{prefix}_usr-a.efi"))).unwrap();
    let mid = bad.len() / 2;
    bad[mid] ^= 1;
    let badf = dir.join("flipped.efi");
    std::fs::write(&badf, &bad).unwrap();
    assert!(!sbverify(&db, &badf).0, "a changed byte is caught");

    // the update payload carries USR-B's signed kernel image
    let manifest = std::fs::read(out_dir.join("railyard_production_update.manifest")).unwrap();
    let env: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    use base64::Engine;
    let m: serde_json::Value = serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(env["payload"].as_str().unwrap()).unwrap()).unwrap();
    let blob = m["blobs"].as_array().unwrap().iter().find(|x| x["name"] == "uki-usr-b").expect("a uki-usr-b blob");
    assert_eq!(blob["sha256"].as_str().unwrap(), sha256(&out_dir.join(format!("{prefix}_usr-b.efi"))), "the payload's USR-B kernel image is the signed one");

    // the certificate next to the image, the provenance and the DIGESTS
    let pem = std::fs::read_to_string(out_dir.join(format!("{prefix}_secure_boot_db.pem"))).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let der = dir.join("db.der");
    let o = tool("openssl", &["x509", "-in", out_dir.join(format!("{prefix}_secure_boot_db.pem")).to_str().unwrap(), "-outform", "DER", "-out", der.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let o = tool("openssl", &["x509", "-in", db.to_str().unwrap(), "-outform", "DER", "-out", dir.join("key-db.der").to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(sha256(&der), sha256(&dir.join("key-db.der")), "the image names the db certificate it was signed with");
    let env = std::fs::read_dir(&out_dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).find(|p| p.to_string_lossy().ends_with(".intoto.jsonl")).unwrap();
    let st = &statements_without_metadata(&env)[0];
    let ext = &st["predicate"]["buildDefinition"]["externalParameters"];
    assert_eq!(ext["secure_boot"]["cert_sha256"].as_str().unwrap(), sha256(&der), "{ext}");
    for n in [format!("{prefix}_usr-a.efi"), format!("{prefix}_usr-b.efi"), format!("{prefix}_secure_boot_db.pem"), format!("{prefix}.bin")] {
        let subj = st["subject"].as_array().unwrap().iter().find(|s| s["name"].as_str() == Some(n.as_str())).unwrap_or_else(|| panic!("{n} is a subject"));
        assert_eq!(subj["digest"]["sha256"].as_str().unwrap(), sha256(&out_dir.join(&n)), "{n}");
        let digests = std::fs::read_to_string(out_dir.join(format!("{n}.DIGESTS"))).unwrap();
        assert!(digests.contains(&sha256(&out_dir.join(&n))), "{n}.DIGESTS: {digests}");
    }
    let (es, el) = b.part("EFI-SYSTEM");
    let esp = dir.join("esp.img");
    extract(&img, es, el, &esp);
    let o = tool("fsck.vfat", &["-n", esp.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.vfat: {}", text(&o));

    // refusals, before any work
    let o = railyard().args(["build_image", "--board=amd64-usr"]).arg(format!("--output_root={}", dir.join("never").display())).arg(format!("--secure_boot_key={}", sb("db", "key").display())).output().unwrap();
    assert!(!o.status.success() && text(&o).contains("no certificate") && text(&o).contains("railyard-secure-boot-db.key"), "{}", text(&o));
    let o = railyard()
        .args(["build_image", "--board=amd64-usr"])
        .arg(format!("--output_root={}", dir.join("never").display()))
        .arg(format!("--secure_boot_key={}", sb("db", "key").display()))
        .arg(format!("--secure_boot_cert={}", sb("KEK", "crt").display()))
        .output()
        .unwrap();
    assert!(!o.status.success() && text(&o).contains("railyard-secure-boot-KEK.crt"), "a certificate of another key: {}", text(&o));
    assert!(!dir.join("never/amd64-usr").exists() || std::fs::read_dir(dir.join("never/amd64-usr")).unwrap().next().is_none(), "nothing was written");
}

/// Boots with Secure Boot enforced (OVMF's SMM build, the vars of `image_to_vm
/// --format=qemu_uefi_secure` with our PK/KEK/db), three VMs side by side:
/// 1. the qemu_uefi_secure disk (the signed ESP as built: the format adds no kernel
///    arguments, which would void the signatures) boots to RAILYARD-BOOT-OK; the kernel and
///    the boot check report Secure Boot enabled, dm-verity V;
/// 2. the image with USR-A's kernel image carrying another `verity.usrhash=` (same length,
///    not re-signed) is refused by the firmware's image verification, which the selector
///    reports, and no kernel starts;
/// 3. the image with an unsigned boot selector is refused by the firmware itself
///    ("Access Denied").
#[test]
fn secure_boot_enforced_boots_the_signed_image_and_refuses_changed_or_unsigned_binaries() {
    let b = signed();
    let dir = scratch("sb-boot");
    let vm = dir.join("vm");
    let mut args = vec!["image_to_vm".to_string(), "--board=amd64-usr".into(), "--format=qemu_uefi_secure".into()];
    args.push(format!("--from={}", b.dir().display()));
    args.push(format!("--to={}", vm.display()));
    args.push(format!("--secure_boot_pk={}", sb("PK", "crt").display()));
    args.push(format!("--secure_boot_kek={}", sb("KEK", "crt").display()));
    let o = railyard().args(&args).output().unwrap();
    assert!(o.status.success(), "image_to_vm --format=qemu_uefi_secure: {}", text(&o));
    let prefix = "railyard_production_qemu_uefi_secure";
    let vars = vm.join(format!("{prefix}_efi_vars.fd"));
    let disk = vm.join(format!("{prefix}_image.img"));
    assert!(vars.is_file() && disk.is_file(), "{}", text(&o));
    for f in ["_efi_code.fd", ".sh"] {
        assert!(vm.join(format!("{prefix}{f}")).is_file(), "{prefix}{f}");
    }
    let launcher = std::fs::read_to_string(vm.join(format!("{prefix}.sh"))).unwrap();
    assert!(launcher.contains("smm=on") && launcher.contains("cfi.pflash01,property=secure,value=on"), "the launcher runs the SMM firmware: {launcher}");

    // 2. another root hash in USR-A's command line, same length, signature left as it was
    let img = b.image();
    let tampered = dir.join("tampered.bin");
    sparse_copy(&img, &tampered);
    let mut uki = esp_file(&b, &img, "EFI/Linux/usr-a.efi", &dir.join("usr-a.efi"));
    let key = b"verity.usrhash=";
    let at = uki.windows(key.len()).position(|w| w == key).expect("the command line names the root hash") + key.len();
    uki[at] = if uki[at] == b'0' { b'1' } else { b'0' };
    esp_put(&b, &tampered, "EFI/Linux/usr-a.efi", &uki, &dir);
    // 3. the selector without its signature
    let unsigned_sel = dir.join("unsigned-selector.bin");
    sparse_copy(&img, &unsigned_sel);
    let sel = esp_file(&b, &img, "EFI/BOOT/BOOTX64.EFI", &dir.join("sel.efi"));
    esp_put(&b, &unsigned_sel, "EFI/BOOT/BOOTX64.EFI", &unsigned(&sel), &dir);

    let board = railyard_core::Board::load(&repo(), "amd64-usr").unwrap();
    let spec = |image: &Path, format: &str, log: &str| {
        let mut s = railyard_image::qemu::BootSpec::new(board.qemu.clone(), image, &dir.join(log)).secure(&vars);
        s.format = format.into();
        s.timeout = std::time::Duration::from_secs(400);
        s
    };
    let good = spec(&disk, "qcow2", "signed.log");
    let mut changed = spec(&tampered, "raw", "changed.log");
    changed.expect = "not signed by a key in db".into();
    let mut nosig = spec(&unsigned_sel, "raw", "unsigned.log");
    nosig.expect = "Access Denied".into();
    nosig.fail_on.retain(|f| f != "Access Denied");
    let outcomes: Vec<_> = std::thread::scope(|s| {
        let hs: Vec<_> = [&good, &changed, &nosig].into_iter().map(|sp| s.spawn(move || railyard_image::qemu::boot(sp).unwrap())).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let (g, c, n) = (&outcomes[0], &outcomes[1], &outcomes[2]);
    assert!(g.success, "the signed image boots under Secure Boot: {:?}\n{}", g.failure, g.tail(40));
    let flat = g.console.replace(['\r', '\n'], "");
    assert!(g.console.contains("secureboot: Secure boot enabled"), "the kernel sees Secure Boot on:\n{}", g.tail(60));
    assert!(flat.contains("railyard: Secure Boot: enabled"), "the boot check reports it:\n{}", g.tail(60));
    assert!(g.console.contains("railyard: dm-verity usr:") && g.console.contains("RAILYARD-BOOT-OK"));
    assert!(c.success, "the changed kernel image is refused: {:?}\n{}", c.failure, c.tail(40));
    assert!(c.console.contains("Secure Boot refused \\EFI\\Linux\\usr-a.efi"), "{}", c.tail(20));
    assert!(!c.console.contains("EFI stub:"), "no kernel started:\n{}", c.tail(20));
    assert!(n.success, "the unsigned selector is refused by the firmware: {:?}\n{}", n.failure, n.tail(40));
    assert!(!n.console.contains("railyard-selector:"), "the selector never ran:\n{}", n.tail(20));
}

/// arm64: the signed arm64-usr build's `qemu_uefi_secure` disk boots with AAVMF under
/// Secure Boot enforced (our writer formatted the blank AAVMF store and enrolled PK/KEK/db):
/// the selector and the kernel image pass the firmware's checks, the kernel and the boot
/// check report Secure Boot on, dm-verity V; `sbverify` accepts the arm64 EFI binaries.
#[test]
fn arm64_secure_boot_boots_the_signed_image_with_aavmf() {
    let mut args: Vec<String> = vec!["--board=arm64-usr".into()];
    args.extend(sb_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let b = shared_build("sb-arm64", &args);
    let dir = scratch("sb-arm64");
    let img = b.image();
    for path in ["EFI/BOOT/BOOTAA64.EFI", "EFI/Linux/usr-a.efi"] {
        let f = dir.join(path.replace('/', "_"));
        esp_file(&b, &img, path, &f);
        let (ok, out) = sbverify(&sb("db", "crt"), &f);
        assert!(ok, "sbverify {path}: {out}");
    }
    let vm = dir.join("vm");
    let o = railyard()
        .args(["image_to_vm", "--board=arm64-usr", "--format=qemu_uefi_secure"])
        .arg(format!("--from={}", b.dir().display()))
        .arg(format!("--to={}", vm.display()))
        .arg(format!("--secure_boot_pk={}", sb("PK", "crt").display()))
        .arg(format!("--secure_boot_kek={}", sb("KEK", "crt").display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "image_to_vm --board=arm64-usr --format=qemu_uefi_secure: {}", text(&o));
    let prefix = "railyard_production_qemu_uefi_secure";
    let board = railyard_core::Board::load(&repo(), "arm64-usr").unwrap();
    let mut s = railyard_image::qemu::BootSpec::new(board.qemu.clone(), &vm.join(format!("{prefix}_image.img")), &dir.join("arm64.log")).secure(&vm.join(format!("{prefix}_efi_vars.fd")));
    s.format = "qcow2".into();
    s.timeout = std::time::Duration::from_secs(600);
    let g = railyard_image::qemu::boot(&s).unwrap();
    assert!(g.success, "the signed arm64 image boots under Secure Boot: {:?}\n{}", g.failure, g.tail(40));
    assert!(g.console.contains("EFI stub: UEFI Secure Boot is enabled") && g.console.contains("secureboot: Secure boot enabled"), "{}", g.tail(60));
    assert!(g.console.replace(['\r', '\n'], "").contains("railyard: Secure Boot: enabled"), "{}", g.tail(60));
    assert!(g.console.contains("verity V"), "{}", g.tail(60));
}
