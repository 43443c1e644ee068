//! Signing checked against independent implementations: sbverify/sbsign (sbsigntool) and openssl.
//! These tools are required: a test fails (it is not skipped) when one is missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use railyard_secureboot::{
    authenticode_digest, cert_der_from, certificate_for, generate, is_signed, pe_checksum,
    signatures, signed_digest, Signer,
};

const NOT_BEFORE: u64 = 1_700_000_000; // 2023-11-14
const YEARS: u32 = 30; // to 2053: notAfter is a GeneralizedTime
const STUB: &str = "/usr/lib/systemd/boot/efi/linuxx64.efi.stub";

/// (key PEM, cert PEM) pairs, generated once per test binary.
fn keys() -> &'static [(String, String); 2] {
    static KEYS: OnceLock<[(String, String); 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            generate("Railyard test db", NOT_BEFORE, YEARS).unwrap(),
            generate("Railyard other db", NOT_BEFORE, YEARS).unwrap(),
        ]
    })
}

fn signer(i: usize) -> Signer {
    let (k, c) = &keys()[i];
    Signer::from_bytes(k.as_bytes(), "test.key", c.as_bytes(), "test.crt").unwrap()
}

fn put32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}
fn put16(b: &mut [u8], off: usize, v: u16) {
    b[off..off + 2].copy_from_slice(&v.to_le_bytes());
}

/// Offsets in the fixture.
const LFANEW: usize = 0x80;
const COFF: usize = LFANEW + 4;
const OPT: usize = COFF + 20;

/// A small valid EFI application (subsystem 10): DOS header, PE header, optional header
/// (PE32+ when `plus`, else PE32), two sections with data, then `extra` bytes after the sections.
fn fixture(plus: bool, extra: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8; 0x600];
    b[0..2].copy_from_slice(b"MZ");
    put32(&mut b, 0x3c, LFANEW as u32);
    b[LFANEW..LFANEW + 4].copy_from_slice(b"PE\0\0");
    let (opt_size, dirs) = if plus {
        (112 + 16 * 8, OPT + 112)
    } else {
        (96 + 16 * 8, OPT + 96)
    };
    put16(&mut b, COFF, if plus { 0x8664 } else { 0x014c }); // Machine
    put16(&mut b, COFF + 2, 2); // NumberOfSections
    put16(&mut b, COFF + 16, opt_size as u16);
    put16(&mut b, COFF + 18, if plus { 0x0222 } else { 0x0302 }); // Characteristics
    put16(&mut b, OPT, if plus { 0x20b } else { 0x10b });
    put32(&mut b, OPT + 4, 0x200); // SizeOfCode
    put32(&mut b, OPT + 8, 0x200); // SizeOfInitializedData
    put32(&mut b, OPT + 16, 0x1000); // AddressOfEntryPoint
    put32(&mut b, OPT + 20, 0x1000); // BaseOfCode
    if plus {
        b[OPT + 24..OPT + 32].copy_from_slice(&0x1_4000_0000u64.to_le_bytes()); // ImageBase
    } else {
        put32(&mut b, OPT + 24, 0x2000); // BaseOfData
        put32(&mut b, OPT + 28, 0x40_0000); // ImageBase
    }
    put32(&mut b, OPT + 32, 0x1000); // SectionAlignment
    put32(&mut b, OPT + 36, 0x200); // FileAlignment
    put32(&mut b, OPT + 56, 0x3000); // SizeOfImage
    put32(&mut b, OPT + 60, 0x200); // SizeOfHeaders
    put16(&mut b, OPT + 68, 10); // Subsystem: EFI application
    if plus {
        put32(&mut b, OPT + 108, 16); // NumberOfRvaAndSizes
    } else {
        put32(&mut b, OPT + 92, 16);
    }
    let sections = dirs + 16 * 8;
    for (i, (name, va, ptr, flags)) in [
        (b".text\0\0\0", 0x1000u32, 0x200u32, 0x6000_0020u32),
        (b".data\0\0\0", 0x2000, 0x400, 0xc000_0040),
    ]
    .iter()
    .enumerate()
    {
        let sh = sections + i * 40;
        b[sh..sh + 8].copy_from_slice(*name);
        put32(&mut b, sh + 8, 0x180); // VirtualSize
        put32(&mut b, sh + 12, *va);
        put32(&mut b, sh + 16, 0x200); // SizeOfRawData
        put32(&mut b, sh + 20, *ptr);
        put32(&mut b, sh + 36, *flags);
    }
    for (i, x) in b[0x200..0x600].iter_mut().enumerate() {
        *x = (i * 7 + 3) as u8;
    }
    b[0x200] = 0xc3; // ret
    b.extend_from_slice(extra);
    b
}

/// The PE32+ fixture with its section headers out of PointerToRawData order (.text's data at
/// 0x400, .data's at 0x200): the digest must hash the sections sorted by file offset.
fn fixture_unsorted_sections() -> Vec<u8> {
    let mut b = fixture(true, b"8 bytes\0"); // 8-aligned: hashed as is by sbsign too
    let sections = OPT + 112 + 16 * 8;
    put32(&mut b, sections + 20, 0x400);
    put32(&mut b, sections + 40 + 20, 0x200);
    b
}

/// Checks that the authenticated attributes of our signature are in DER SET OF order.
fn assert_attributes_sorted(p7: &[u8]) {
    use railyard_secureboot::der;
    let ci = der::expect_whole(p7, der::SEQUENCE, "ContentInfo").unwrap();
    let sd = der::expect_whole(
        der::elements(ci.content).unwrap()[1].content,
        der::SEQUENCE,
        "SignedData",
    )
    .unwrap();
    let sd_els = der::elements(sd.content).unwrap();
    let infos = sd_els.last().unwrap();
    assert_eq!(infos.tag, der::SET);
    let si = der::expect_whole(infos.content, der::SEQUENCE, "SignerInfo").unwrap();
    let attrs = der::elements(si.content).unwrap()[3];
    assert_eq!(attrs.tag, 0xa0, "authenticatedAttributes [0]");
    let list: Vec<&[u8]> = der::elements(attrs.content)
        .unwrap()
        .iter()
        .map(|t| t.raw)
        .collect();
    assert_eq!(
        list.len(),
        3,
        "contentType, messageDigest, SpcSpOpusInfo and nothing else (no signingTime)"
    );
    let mut sorted = list.clone();
    sorted.sort();
    assert_eq!(
        list, sorted,
        "authenticated attributes are not in DER SET OF order"
    );
}

fn require(tool: &str, package: &str) {
    match Command::new(tool).arg("--help").output() {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{tool} is not installed; this test needs it: apt-get install {package}")
        }
        Err(e) => panic!("running {tool}: {e}"),
    }
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sbverify(cert: &Path, image: &Path) -> Output {
    require("sbverify", "sbsigntool");
    run(Command::new("sbverify").arg("--cert").arg(cert).arg(image))
}

struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        let dir = tempfile::tempdir().unwrap();
        for (i, (k, c)) in keys().iter().enumerate() {
            std::fs::write(dir.path().join(format!("k{i}.key")), k).unwrap();
            std::fs::write(dir.path().join(format!("k{i}.crt")), c).unwrap();
        }
        Dir { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, data: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, data).unwrap();
        p
    }
}

/// Signs `image` with key 0 and checks it with sbverify: accepted with our cert, refused with the
/// other cert, refused after a byte of `tamper_at` is flipped; one signature listed.
fn check_with_sbverify(image: &[u8], tamper_at: usize) {
    let d = Dir::new();
    let s = signer(0);
    let signed = s.sign(image, "fixture.efi").unwrap();
    assert!(is_signed(&signed).unwrap());
    assert!(!is_signed(image).unwrap());
    assert_eq!(signed.len() % 8, 0);
    let path = d.write("signed.efi", &signed);

    let ok = sbverify(&d.path("k0.crt"), &path);
    assert!(
        ok.status.success(),
        "sbverify refused our signature: {}",
        text(&ok)
    );
    assert!(
        text(&ok).contains("Signature verification OK"),
        "{}",
        text(&ok)
    );

    let other = sbverify(&d.path("k1.crt"), &path);
    assert!(
        !other.status.success(),
        "sbverify accepted another certificate: {}",
        text(&other)
    );

    let mut tampered = signed.clone();
    tampered[tamper_at] ^= 0x01;
    let tpath = d.write("tampered.efi", &tampered);
    let bad = sbverify(&d.path("k0.crt"), &tpath);
    assert!(
        !bad.status.success(),
        "sbverify accepted a tampered image: {}",
        text(&bad)
    );

    let list = run(Command::new("sbverify").arg("--list").arg(&path));
    assert!(list.status.success(), "{}", text(&list));
    let n = text(&list)
        .lines()
        .filter(|l| l.starts_with("signature "))
        .count();
    assert_eq!(n, 1, "sbverify --list: {}", text(&list));
    assert!(text(&list).contains("Railyard test db"), "{}", text(&list));

    // our own reading of what we wrote: the recorded digest is the image's, the checksum is right
    let sigs = signatures(&signed).unwrap();
    assert_eq!(sigs.len(), 1);
    assert_eq!(
        signed_digest(&sigs[0]).unwrap(),
        authenticode_digest(&signed).unwrap()
    );
    assert_attributes_sorted(&sigs[0]);
    let opt = u32::from_le_bytes(signed[0x3c..0x40].try_into().unwrap()) as usize + 24;
    let stored = u32::from_le_bytes(signed[opt + 64..opt + 68].try_into().unwrap());
    assert_eq!(stored, pe_checksum(&signed).unwrap());
}

#[test]
fn sbverify_accepts_pe32plus_fixture_and_rejects_other_cert_and_tampering() {
    check_with_sbverify(&fixture(true, &[]), 0x410);
}

#[test]
fn sbverify_accepts_pe32_fixture_with_unaligned_trailing_data() {
    // 5 bytes after the sections: hashed as extra data, then padded to 8 before signing
    check_with_sbverify(&fixture(false, b"extra"), 0x210);
}

#[test]
fn sbverify_accepts_sections_out_of_file_order() {
    check_with_sbverify(&fixture_unsorted_sections(), 0x210);
    let (theirs, _) = sbsign_digest(&fixture_unsorted_sections());
    assert_eq!(
        authenticode_digest(&fixture_unsorted_sections())
            .unwrap()
            .to_vec(),
        theirs
    );
}

#[test]
fn sbverify_tampering_trailing_data_is_detected() {
    check_with_sbverify(&fixture(true, b"trailing data!!"), 0x602);
}

#[test]
fn real_systemd_stub_when_present() {
    // The fixture tests above run everywhere; this one adds the real systemd-boot stub when the
    // host has it (Debian package systemd-boot-efi) and says so when it does not.
    let Ok(stub) = std::fs::read(STUB) else {
        eprintln!("NOTE: {STUB} is absent (apt-get install systemd-boot-efi); only the hand-built fixtures were signed");
        return;
    };
    check_with_sbverify(&stub, stub.len() / 2);
}

#[test]
fn signing_is_deterministic() {
    let s = signer(0);
    let img = fixture(true, b"x");
    let a = s.sign(&img, "a.efi").unwrap();
    let b = signer(0).sign(&img, "a.efi").unwrap();
    assert_eq!(a, b);
    let c = s.sign(&fixture(true, b"y"), "c.efi").unwrap();
    assert_ne!(a, c);
}

#[test]
fn certificate_is_rederivable_and_openssl_accepts_it() {
    require("openssl", "openssl");
    let (key, cert) = &keys()[0];
    let again = certificate_for(
        key.as_bytes(),
        "k0.key",
        "Railyard test db",
        NOT_BEFORE,
        YEARS,
    )
    .unwrap();
    assert_eq!(&again, cert);
    let other_cn =
        certificate_for(key.as_bytes(), "k0.key", "Railyard KEK", NOT_BEFORE, YEARS).unwrap();
    assert_ne!(&other_cn, cert);

    let d = Dir::new();
    let out = run(Command::new("openssl")
        .args(["x509", "-noout", "-text", "-in"])
        .arg(d.path("k0.crt")));
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("Subject: CN = Railyard test db"), "{t}");
    assert!(t.contains("Issuer: CN = Railyard test db"), "{t}");
    assert!(t.contains("Version: 3 (0x2)"), "{t}");
    assert!(t.contains("sha256WithRSAEncryption"), "{t}");
    assert!(t.contains("Public-Key: (2048 bit)"), "{t}");
    assert!(t.contains("X509v3 Basic Constraints: critical"), "{t}");
    assert!(t.contains("CA:TRUE"), "{t}");
    assert!(t.contains("Digital Signature, Certificate Sign"), "{t}");
    assert!(t.contains("X509v3 Subject Key Identifier"), "{t}");
    assert!(t.contains("Not Before: Nov 14 22:13:20 2023 GMT"), "{t}");
    assert!(t.contains("Not After : Nov 14 22:13:20 2053 GMT"), "{t}");

    let ca = d.path("k0.crt");
    // -check_ss_sig: also check the self-signature of the trust anchor itself
    let v = run(Command::new("openssl")
        .args(["verify", "-check_ss_sig", "-CAfile"])
        .arg(&ca)
        .arg(&ca));
    assert!(v.status.success(), "openssl verify: {}", text(&v));
    // and the check can fail: another key's certificate is not signed by this one
    let v = run(Command::new("openssl")
        .args(["verify", "-check_ss_sig", "-CAfile"])
        .arg(&ca)
        .arg(d.path("k1.crt")));
    assert!(
        !v.status.success(),
        "openssl verify accepted a foreign certificate: {}",
        text(&v)
    );

    // the key is PKCS#8 PEM that openssl reads, and it is the certificate's key
    let k = run(Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(d.path("k0.key")));
    let c = run(Command::new("openssl")
        .args(["x509", "-pubkey", "-noout", "-in"])
        .arg(&ca));
    assert!(k.status.success() && c.status.success());
    assert_eq!(k.stdout, c.stdout);
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----\n"));

    let s = signer(0);
    assert_eq!(s.subject(), "CN=Railyard test db");
    // cert_pem is the PEM that openssl writes for the same certificate
    let o = run(Command::new("openssl").args(["x509", "-in"]).arg(&ca));
    assert_eq!(
        railyard_secureboot::cert_pem(s.cert_der()),
        String::from_utf8_lossy(&o.stdout)
    );
    for n in 0..5 {
        let der = &s.cert_der()[..s.cert_der().len() - n];
        let pem = railyard_secureboot::cert_pem(der);
        assert_eq!(pem_rfc7468_decode(&pem), der, "length {}", der.len());
    }
    assert_eq!(
        s.cert_der(),
        cert_der_from(cert.as_bytes(), "k0.crt").unwrap()
    );
    let fp = run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&ca));
    let fp = String::from_utf8_lossy(&fp.stdout)
        .trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    assert_eq!(s.cert_sha256(), fp);
}

#[test]
fn validity_before_2050_is_utctime() {
    let (key, _) = &keys()[0];
    let pem = certificate_for(key.as_bytes(), "k0.key", "short", NOT_BEFORE, 10).unwrap();
    let der = cert_der_from(pem.as_bytes(), "short.crt").unwrap();
    let needle = [&[0x17u8, 13][..], b"331114221320Z"].concat();
    assert!(
        der.windows(needle.len()).any(|w| w == needle),
        "notAfter 2033 as UTCTime"
    );
    // and the 30-year one ends in 2053, a GeneralizedTime
    let der = cert_der_from(keys()[0].1.as_bytes(), "k0.crt").unwrap();
    let needle = [&[0x18u8, 15][..], b"20531114221320Z"].concat();
    assert!(
        der.windows(needle.len()).any(|w| w == needle),
        "notAfter 2053 as GeneralizedTime"
    );
}

/// The digest that sbsign (an independent implementation) signs, read out of its PKCS#7.
fn sbsign_digest(image: &[u8]) -> (Vec<u8>, Vec<u8>) {
    require("sbsign", "sbsigntool");
    let d = Dir::new();
    let input = d.write("in.efi", image);
    let out = d.path("out.efi");
    let o = run(Command::new("sbsign")
        .arg("--key")
        .arg(d.path("k0.key"))
        .arg("--cert")
        .arg(d.path("k0.crt"))
        .arg("--output")
        .arg(&out)
        .arg(&input));
    assert!(o.status.success(), "sbsign: {}", text(&o));
    let signed = std::fs::read(&out).unwrap();
    let sigs = signatures(&signed).unwrap();
    assert_eq!(sigs.len(), 1);
    (signed_digest(&sigs[0]).unwrap(), signed)
}

/// The SignedData's contentInfo element (whole encoding).
fn content_info(p7: &[u8]) -> Vec<u8> {
    use railyard_secureboot::der;
    let ci = der::expect_whole(p7, der::SEQUENCE, "ContentInfo").unwrap();
    let els = der::elements(ci.content).unwrap();
    let sd = der::expect_whole(els[1].content, der::SEQUENCE, "SignedData").unwrap();
    der::elements(sd.content).unwrap()[2].raw.to_vec()
}

#[test]
fn digest_matches_sbsign() {
    // 8-aligned image: sbsign hashes it as is
    let img = fixture(true, b"8 bytes!");
    let (theirs, their_signed) = sbsign_digest(&img);
    assert_eq!(authenticode_digest(&img).unwrap().to_vec(), theirs);
    // and our digest of their signed file is the one they recorded; their checksum is ours
    assert_eq!(authenticode_digest(&their_signed).unwrap().to_vec(), theirs);
    let opt = OPT;
    let stored = u32::from_le_bytes(their_signed[opt + 64..opt + 68].try_into().unwrap());
    assert_eq!(
        stored,
        pe_checksum(&their_signed).unwrap(),
        "PE checksum differs from sbsign's"
    );
    // our signature of the same image carries the same digest, in a byte-identical
    // SpcIndirectDataContent (contentInfo) to sbsign's
    let ours = signer(0).sign(&img, "img").unwrap();
    let our_p7 = &signatures(&ours).unwrap()[0];
    assert_eq!(signed_digest(our_p7).unwrap(), theirs);
    assert_eq!(
        content_info(our_p7),
        content_info(&signatures(&their_signed).unwrap()[0])
    );

    // unaligned: both pad to 8 first
    let img = fixture(false, b"odd");
    let (theirs, _) = sbsign_digest(&img);
    assert_ne!(
        authenticode_digest(&img).unwrap().to_vec(),
        theirs,
        "unpadded image hashes differently"
    );
    let ours = signer(0).sign(&img, "img").unwrap();
    assert_eq!(authenticode_digest(&ours).unwrap().to_vec(), theirs);

    if let Ok(stub) = std::fs::read(STUB) {
        let (theirs, _) = sbsign_digest(&stub);
        let ours = signer(0).sign(&stub, STUB).unwrap();
        assert_eq!(authenticode_digest(&ours).unwrap().to_vec(), theirs);
    }
}

/// Base64 of a PEM body, decoded by openssl (an independent decoder).
fn pem_rfc7468_decode(pem: &str) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(["base64", "-d"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(|l| format!("{l}\n"))
        .collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().stdout
}

fn err(r: anyhow::Result<impl std::fmt::Debug>) -> String {
    format!("{:#}", r.expect_err("expected an error"))
}

#[test]
fn truncated_headers_are_errors() {
    let img = fixture(true, &[]);
    let s = signer(0);
    for cut in [
        0,
        10,
        0x3f,
        0x40,
        0x82,
        COFF + 10,
        OPT + 50,
        OPT + 200,
        OPT + 240 + 50,
    ] {
        let e = err(authenticode_digest(&img[..cut]));
        assert!(e.contains("truncated"), "cut at {cut:#x}: {e}");
        let e = err(s.sign(&img[..cut], "cut.efi"));
        assert!(e.contains("cut.efi") && e.contains("truncated"), "{e}");
    }
    // every other truncation is an error or a result, never a panic
    for cut in 0..img.len() {
        let _ = authenticode_digest(&img[..cut]);
        let _ = is_signed(&img[..cut]);
    }
    // e_lfanew far away (overflow-prone)
    let mut bad = img.clone();
    put32(&mut bad, 0x3c, 0xffff_fffe);
    assert!(err(authenticode_digest(&bad)).contains("e_lfanew"));
    let mut bad = img.clone();
    put16(&mut bad, OPT, 0x107);
    assert!(err(authenticode_digest(&bad)).contains("magic"));
    let mut bad = img.clone();
    put32(&mut bad, OPT + 108, 4);
    assert!(err(authenticode_digest(&bad)).contains("no Certificate Table"));
    let mut bad = img.clone();
    put32(&mut bad, OPT + 60, 0x10_0000);
    assert!(err(authenticode_digest(&bad)).contains("SizeOfHeaders"));
}

#[test]
fn section_past_eof_is_an_error() {
    let img = fixture(true, &[]);
    let sh = OPT + 240 + 40; // second section header
    let mut bad = img.clone();
    put32(&mut bad, sh + 20, 0x500); // PointerToRawData: 0x500 + 0x200 > 0x600
    let e = err(signer(0).sign(&bad, "bad.efi"));
    assert!(
        e.contains("bad.efi") && e.contains("section 1 (\".data\")") && e.contains("past the end"),
        "{e}"
    );
    let mut bad = img.clone();
    put32(&mut bad, sh + 20, 0xffff_ff00);
    put32(&mut bad, sh + 16, 0xffff_ff00);
    assert!(err(authenticode_digest(&bad)).contains("past the end"));
    let mut bad = img;
    put16(&mut bad, COFF + 2, 0xffff); // NumberOfSections
    assert!(err(authenticode_digest(&bad)).contains("section table"));
}

#[test]
fn cert_table_outside_file_is_an_error() {
    let img = fixture(true, &[]);
    let dir = OPT + 112 + 4 * 8;
    for (off, size) in [
        (0x600u32, 8u32),
        (0x5f8, 0x10),
        (0xffff_fff8, 0x10),
        (0x100, 0x8),
        (0x5f8, 0),
        (0x100, 0x500),
        (0, 0x600),
    ] {
        let mut bad = img.clone();
        put32(&mut bad, dir, off);
        put32(&mut bad, dir + 4, size);
        let e = err(is_signed(&bad));
        assert!(
            e.contains("Certificate Table"),
            "({off:#x}, {size:#x}): {e}"
        );
        assert!(err(signer(0).sign(&bad, "bad.efi")).contains("Certificate Table"));
    }
}

#[test]
fn already_signed_is_refused() {
    let signed = signer(0).sign(&fixture(true, &[]), "once.efi").unwrap();
    let e = err(signer(1).sign(&signed, "once.efi"));
    assert!(
        e.contains("once.efi") && e.contains("already signed"),
        "{e}"
    );
}

#[test]
fn mismatched_key_and_cert_names_both_files() {
    let d = Dir::new();
    let e = err(Signer::load(&d.path("k0.key"), &d.path("k1.crt")));
    assert!(
        e.contains("k0.key") && e.contains("k1.crt") && e.contains("not for the private key"),
        "{e}"
    );
    assert!(Signer::load(&d.path("k1.key"), &d.path("k1.crt")).is_ok());
    let e = err(Signer::load(&d.path("missing.key"), &d.path("k1.crt")));
    assert!(e.contains("missing.key"), "{e}");
    let e = err(Signer::load(&d.path("k0.crt"), &d.path("k0.crt")));
    assert!(e.contains("k0.crt") && e.contains("CERTIFICATE"), "{e}");
    let e = err(Signer::load(&d.path("k0.key"), &d.path("k0.key")));
    assert!(
        e.contains("k0.key") && e.contains("not \"CERTIFICATE\""),
        "{e}"
    );
    let garbage = d.write("garbage.crt", b"\x30\x82\xff\xff");
    let e = err(Signer::load(&d.path("k0.key"), &garbage));
    assert!(e.contains("garbage.crt"), "{e}");
}

#[test]
fn key_formats_pkcs1_and_der_cert_are_accepted() {
    require("openssl", "openssl");
    let d = Dir::new();
    let pkcs1 = d.path("k0.rsa");
    let o = run(Command::new("openssl")
        .args(["rsa", "-traditional", "-in"])
        .arg(d.path("k0.key"))
        .arg("-out")
        .arg(&pkcs1));
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read_to_string(&pkcs1)
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let der_crt = d.path("k0.der");
    let o = run(Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(d.path("k0.crt"))
        .arg("-out")
        .arg(&der_crt));
    assert!(o.status.success(), "{}", text(&o));
    let s = Signer::load(&pkcs1, &der_crt).unwrap();
    let img = fixture(true, &[]);
    assert_eq!(
        s.sign(&img, "i").unwrap(),
        signer(0).sign(&img, "i").unwrap()
    );
    // an openssl-made certificate (not ours) for our key also works, and its subject reads back
    let oc = d.path("openssl.crt");
    let o = run(Command::new("openssl")
        .args([
            "req",
            "-new",
            "-x509",
            "-days",
            "30",
            "-subj",
            "/CN=Openssl db/O=Railyard Test",
            "-key",
        ])
        .arg(d.path("k0.key"))
        .arg("-out")
        .arg(&oc));
    assert!(o.status.success(), "{}", text(&o));
    let s = Signer::load(&d.path("k0.key"), &oc).unwrap();
    assert_eq!(s.subject(), "CN=Openssl db, O=Railyard Test");
    let signed = d.write("o.efi", &s.sign(&img, "i").unwrap());
    let v = sbverify(&oc, &signed);
    assert!(v.status.success(), "{}", text(&v));
}

#[test]
fn fuzzed_headers_never_panic() {
    let s = signer(0);
    let base = fixture(true, b"tail");
    let signed = s.sign(&fixture(true, &[]), "f").unwrap();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3000 {
        let mut img = if round % 2 == 0 {
            base.clone()
        } else {
            signed.clone()
        };
        let hot = [
            0x3c,
            COFF + 2,
            COFF + 16,
            OPT,
            OPT + 60,
            OPT + 108,
            OPT + 112 + 32,
            OPT + 112 + 36,
            OPT + 240 + 16,
            OPT + 240 + 20,
            OPT + 280 + 16,
            OPT + 280 + 20,
        ];
        for _ in 0..(1 + next() % 3) {
            let r = next();
            let off = if r % 2 == 0 {
                hot[(r >> 8) as usize % hot.len()] + (r >> 16) as usize % 4
            } else {
                (r >> 8) as usize % 0x200
            };
            if off < img.len() {
                img[off] = (r >> 32) as u8;
            }
        }
        let cut = if next() % 4 == 0 {
            next() as usize % (img.len() + 1)
        } else {
            img.len()
        };
        let img = &img[..cut];
        let _ = authenticode_digest(img);
        let _ = is_signed(img);
        let _ = signatures(img);
        if round % 50 == 0 {
            let _ = s.sign(img, "fuzz.efi");
        }
    }
}
