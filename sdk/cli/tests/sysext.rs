//! `build_sysext`: system extensions from packages built by real Portage, read back with stock
//! tools — `sfdisk --json` and `sgdisk -v` for the Discoverable Partitions layout,
//! `veritysetup verify` for the verity tree and root hash, `fsck.erofs --extract` for the
//! contents — rebuilt byte for byte, checked by `./verify`, and refused clearly on bad input.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

fn base(board: &str) -> PathBuf {
    if board == "amd64-usr" {
        amd64().dir()
    } else {
        shared_build(board, &[&format!("--board={board}")]).dir()
    }
}

/// The key that signs the extensions' provenance.
fn key() -> PathBuf {
    release_key("sx")
}

fn build_sysext(board: &str, dir: &Path, args: &[&str]) -> Output {
    sysext_packages(board);
    railyard()
        .args(["build_sysext", &format!("--board={board}"), "--json"])
        .arg(format!("--overlay={}", sysext_overlay().display()))
        .arg(format!("--from={}", base(board).display()))
        .arg(format!("--build_dir={}", dir.display()))
        .arg(format!("--signing_key={}.key", key().display()))
        .args(args)
        .output()
        .unwrap()
}

fn ok_json(o: &Output) -> Value {
    assert!(o.status.success(), "build_sysext failed: {}", text(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {}", text(o)))
}

/// The partitions as sfdisk reads them, each copied out (dd at its offset).
fn partitions(raw: &Path, work: &Path) -> Vec<(Value, PathBuf)> {
    let o = tool("sfdisk", &["--json", raw.to_str().unwrap()]);
    assert!(o.status.success(), "sfdisk: {}", text(&o));
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    let v = tool("sgdisk", &["-v", raw.to_str().unwrap()]);
    assert!(text(&v).contains("No problems found"), "sgdisk -v: {}", text(&v));
    j["partitiontable"]["partitions"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let f = work.join(format!("p{}.img", i + 1));
            extract(raw, p["start"].as_u64().unwrap() * 512, p["size"].as_u64().unwrap() * 512, &f);
            (p.clone(), f)
        })
        .collect()
}

fn extract_erofs(img: &Path, out: &Path) {
    let _ = std::fs::remove_dir_all(out);
    let o = tool("fsck.erofs", &[&format!("--extract={}", out.display()), img.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.erofs: {}", text(&o));
}

/// Checks the DPS layout and the verity tree of `NAME.raw` with stock tools; returns the
/// extracted tree as the merged hierarchy sees it (a usr partition's file system is /usr).
fn check_image(s: &Value, work: &Path, usr_type: &str, verity_type: &str, arch: &str) -> PathBuf {
    let raw = PathBuf::from(s["image"].as_str().unwrap());
    let kind = s["partition"].as_str().unwrap();
    let root_hash = s["root_hash"].as_str().unwrap();
    let parts = partitions(&raw, work);
    assert_eq!(parts.len(), 2, "{parts:?}");
    let (usr, ver) = (&parts[0], &parts[1]);
    assert_eq!(usr.0["type"], usr_type, "{}", usr.0);
    assert_eq!(ver.0["type"], verity_type, "{}", ver.0);
    assert_eq!(usr.0["name"], format!("{kind}-{arch}"));
    assert_eq!(ver.0["name"], format!("{kind}-{arch}-verity"));
    // the partition UUIDs are the two halves of the root hash (systemd-repart's convention)
    let uuids = format!("{}{}", usr.0["uuid"].as_str().unwrap(), ver.0["uuid"].as_str().unwrap()).replace('-', "").to_lowercase();
    assert_eq!(uuids, root_hash);
    // systemd's sidecar: NAME.usrhash for a usr partition, NAME.roothash for a root one
    assert_eq!(std::fs::read_to_string(raw.with_extension(format!("{kind}hash"))).unwrap().trim(), root_hash);
    let o = tool("veritysetup", &["verify", usr.1.to_str().unwrap(), ver.1.to_str().unwrap(), root_hash]);
    assert!(o.status.success(), "veritysetup verify: {}", text(&o));
    // one changed byte in the data: refused
    let bad = work.join("usr-changed.img");
    std::fs::copy(&usr.1, &bad).unwrap();
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new().read(true).write(true).open(&bad).unwrap();
        let mut b = [0u8; 1];
        f.read_exact_at(&mut b, 1100).unwrap();
        f.write_all_at(&[b[0] ^ 0x40], 1100).unwrap();
    }
    let o = tool("veritysetup", &["verify", bad.to_str().unwrap(), ver.1.to_str().unwrap(), root_hash]);
    assert!(!o.status.success(), "a changed usr partition verified");
    let tree = work.join("tree");
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(&tree).unwrap();
    extract_erofs(&usr.1, &if kind == "usr" { tree.join("usr") } else { tree.clone() });
    tree
}

#[test]
fn an_extension_is_a_dps_image_that_stock_tools_read_and_a_rebuild_repeats() {
    let work = scratch("sysext-amd64");
    let out = work.join("hello");
    let s = ok_json(&build_sysext("amd64-usr", &out, &["hello", "vendor-base/hello-ext"]));
    assert_eq!(s["partition"], "usr");
    let tree = check_image(&s, &work, "8484680C-9521-48C6-9C11-B0720656F69E", "77FF5F63-E7B6-4633-ACF4-1565B864C0E6", "x86-64");
    assert_eq!(std::fs::read_to_string(tree.join("usr/bin/hello-ext")).unwrap(), "#!/bin/sh\necho hello from the extension\n");
    assert!(tree.join("usr/lib/systemd/system/hello-ext.service").is_file());
    // the base image's busybox is not in the extension
    assert!(!tree.join("usr/bin/busybox").exists() && !tree.join("bin").exists());
    assert!(s["in_base"].as_array().unwrap().iter().any(|p| p.as_str().unwrap().starts_with("sys-apps/busybox-")), "{s}");
    assert_eq!(s["packages"], serde_json::json!(["vendor-base/hello-ext-1"]));
    // extension-release: the base image's ID and VERSION_ID, the architecture
    let version = std::fs::read_to_string(amd64().dir().join("version.txt")).unwrap();
    let vid = version.lines().find_map(|l| l.strip_prefix("RAILYARD_VERSION_ID=")).unwrap();
    assert_eq!(
        std::fs::read_to_string(tree.join("usr/lib/extension-release.d/extension-release.hello")).unwrap(),
        format!("ID=railyard\nVERSION_ID={vid}\nARCHITECTURE=x86-64\nEXTENSION_RELOAD_MANAGER=1\n")
    );
    // the usr partition's file system is /usr itself: bin/ and lib/ at its top, no usr/ in it
    let top: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(tree.join("usr")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    assert_eq!(top, ["bin", "lib"]);
    // digests, SBOM and signed provenance: ./verify
    let o = railyard().arg("verify").arg(&out).arg(format!("--public_key={}.pub", key().display())).output().unwrap();
    assert!(o.status.success(), "verify: {}", text(&o));
    let sbom = std::fs::read_to_string(out.join("hello_sbom.json")).unwrap();
    assert!(sbom.contains("hello-ext") && !sbom.contains("\"busybox\""), "{sbom}");
    // no work directories or temporary files left
    let names: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    // a rebuild elsewhere gives the same bytes (the provenance's run metadata aside)
    let again = work.join("again");
    let s2 = ok_json(&build_sysext("amd64-usr", &again, &["hello", "vendor-base/hello-ext"]));
    assert_eq!(s["sha256"], s2["sha256"]);
    for f in ["hello.raw", "hello.usrhash", "hello_packages.txt", "hello_sbom.json", "hello.raw.DIGESTS"] {
        assert!(std::fs::read(out.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(), "{f} differs between two builds");
    }

    // 2 MiB of data (a two-level verity tree) and /opt: a root partition holding usr/ and opt/
    // (uncompressed, so that the 2 MiB stay 2 MiB on disk)
    let big = ok_json(&build_sysext("amd64-usr", &work.join("big"), &["--compression=none", "big", "vendor-base/big-ext"]));
    assert_eq!(big["partition"], "root");
    let w2 = work.join("big-check");
    std::fs::create_dir_all(&w2).unwrap();
    let t = check_image(&big, &w2, "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", "2C7357ED-EBD2-46D9-AEC1-23D437EC2BF5", "x86-64");
    assert_eq!(std::fs::metadata(t.join("usr/share/big-ext/data")).unwrap().len(), 2 << 20);
    assert_eq!(std::fs::read_to_string(t.join("opt/big-ext/marker")).unwrap(), "opt\n");
}

/// `openssl` with `args`; it must succeed; its standard output.
fn openssl(args: &[&str]) -> String {
    let o = tool("openssl", args);
    assert!(o.status.success(), "openssl {args:?}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_signed_extension_has_a_verity_sig_partition_that_openssl_verifies() {
    let work = scratch("sysext-signed");
    let (k, c) = (work.join("verity.key"), work.join("verity.crt"));
    let (ks, cs) = (k.to_str().unwrap(), c.to_str().unwrap());
    openssl(&["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ks, "-out", cs, "-subj", "/CN=Railyard sysext test", "-days", "2"]);
    let flags = [format!("--verity_key={ks}"), format!("--verity_cert={cs}"), "hello".into(), "vendor-base/hello-ext".into()];
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let s = ok_json(&build_sysext("amd64-usr", &work.join("out"), &flags));
    let raw = PathBuf::from(s["image"].as_str().unwrap());
    let root_hash = s["root_hash"].as_str().unwrap();
    let parts = partitions(&raw, &work);
    assert_eq!(parts.len(), 3, "{parts:?}");
    assert_eq!(parts[0].0["type"], "8484680C-9521-48C6-9C11-B0720656F69E");
    assert_eq!(parts[1].0["type"], "77FF5F63-E7B6-4633-ACF4-1565B864C0E6");
    assert_eq!(parts[2].0["type"], "E7BB33FB-06CF-4E81-8273-E543B413E2E2", "{}", parts[2].0);
    assert_eq!(parts[2].0["name"], "usr-x86-64-verity-sig");
    let o = tool("veritysetup", &["verify", parts[0].1.to_str().unwrap(), parts[1].1.to_str().unwrap(), root_hash]);
    assert!(o.status.success(), "veritysetup verify: {}", text(&o));
    // the JSON (NUL padded): the root hash, the certificate's fingerprint, a PKCS#7 signature
    let data = std::fs::read(&parts[2].1).unwrap();
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    assert!(data[end..].iter().all(|&b| b == 0));
    let j: Value = serde_json::from_slice(&data[..end]).unwrap();
    assert_eq!(j["rootHash"], root_hash);
    let fp = openssl(&["x509", "-in", cs, "-noout", "-fingerprint", "-sha256"]);
    let fp = fp.trim().rsplit('=').next().unwrap().replace(':', "").to_lowercase();
    assert_eq!(j["certificateFingerprint"], fp.as_str());
    let b64 = work.join("sig.b64");
    std::fs::write(&b64, j["signature"].as_str().unwrap()).unwrap();
    let der = work.join("sig.der");
    openssl(&["base64", "-d", "-A", "-in", b64.to_str().unwrap(), "-out", der.to_str().unwrap()]);
    // openssl checks the signature over the root hash (hex text) with the certificate
    let content = work.join("roothash.txt");
    std::fs::write(&content, root_hash).unwrap();
    let verify = |content: &Path| tool("openssl", &["smime", "-verify", "-binary", "-inform", "DER", "-in", der.to_str().unwrap(), "-content", content.to_str().unwrap(), "-CAfile", cs, "-purpose", "any", "-out", "/dev/null"]);
    let o = verify(&content);
    assert!(o.status.success(), "openssl smime -verify: {}", text(&o));
    let other = work.join("other.txt");
    std::fs::write(&other, root_hash.replacen(&root_hash[..1], if &root_hash[..1] == "0" { "1" } else { "0" }, 1)).unwrap();
    assert!(!verify(&other).status.success(), "the signature verified another root hash");
    // deterministic: a rebuild gives the same bytes
    let s2 = ok_json(&build_sysext("amd64-usr", &work.join("again"), &flags));
    assert_eq!(s["sha256"], s2["sha256"]);
    // a key without its certificate is refused before anything is built
    let o = build_sysext("amd64-usr", &work.join("half"), &[&format!("--verity_key={ks}"), "hello", "vendor-base/hello-ext"]);
    assert!(!o.status.success() && text(&o).contains("--verity_cert"), "{}", text(&o));
}

#[test]
fn files_outside_usr_are_refused_listed_moved_or_dropped() {
    let work = scratch("sysext-outside");
    let out = work.join("udev");
    let o = build_sysext("amd64-usr", &out, &["udev", "vendor-base/udev-ext"]);
    assert!(!o.status.success());
    let e = text(&o);
    assert!(e.contains("outside /usr and /opt") && e.contains("/etc/udev/rules.d/70-udev-ext.rules") && e.contains("--allow-outside-usr"), "{e}");
    // nothing that looks like an extension is left
    let left: Vec<String> = std::fs::read_dir(&out).map(|r| r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");

    let s = ok_json(&build_sysext("amd64-usr", &out, &["--allow-outside-usr=move", "udev", "vendor-base/udev-ext"]));
    assert_eq!(s["moved"], serde_json::json!([["etc/udev/rules.d/70-udev-ext.rules", "usr/lib/udev/rules.d/70-udev-ext.rules"]]));
    let p = partitions(Path::new(s["image"].as_str().unwrap()), &work);
    let t = work.join("moved");
    extract_erofs(&p[0].1, &t);
    // a usr partition: its file system is /usr, nothing of /etc can be in it
    assert_eq!(s["partition"], "usr");
    assert_eq!(std::fs::read_to_string(t.join("lib/udev/rules.d/70-udev-ext.rules")).unwrap(), "# test rule\n");

    // a file with no /usr home: move refuses it by name, drop leaves it out
    let o = build_sysext("amd64-usr", &work.join("conf"), &["--allow-outside-usr=move", "conf", "vendor-base/conf-ext"]);
    assert!(!o.status.success() && text(&o).contains("no /usr home") && text(&o).contains("/etc/conf-ext.conf"), "{}", text(&o));
    let s = ok_json(&build_sysext("amd64-usr", &work.join("conf"), &["--allow-outside-usr=drop", "conf", "vendor-base/conf-ext"]));
    assert_eq!(s["dropped"], serde_json::json!(["etc/conf-ext.conf"]));
    assert!(text(&build_sysext("amd64-usr", &work.join("conf2"), &["--allow-outside-usr=drop", "conf", "vendor-base/conf-ext"])).contains("/etc/conf-ext.conf left out"));
}

#[test]
fn arm64_extensions_carry_the_arm64_types() {
    let work = scratch("sysext-arm64");
    let s = ok_json(&build_sysext("arm64-usr", &work.join("hello"), &["hello", "vendor-base/hello-ext"]));
    let tree = check_image(&s, &work, "B0E01050-EE5F-4390-949A-9101B17104E9", "6E11A4E7-FBCA-4DED-B9E9-E1A512BB664E", "arm64");
    let rel = std::fs::read_to_string(tree.join("usr/lib/extension-release.d/extension-release.hello")).unwrap();
    assert!(rel.contains("ARCHITECTURE=arm64\n"), "{rel}");
}

#[test]
fn bad_input_is_refused_naming_the_cause() {
    let work = scratch("sysext-bad");
    let cases: [(&[&str], &str); 4] = [
        (&["../x", "vendor-base/hello-ext"], "extension name \"../x\""),
        (&["busy", "sys-apps/busybox"], "would be empty: the base image already ships sys-apps/busybox-"),
        (&["nope", "vendor-base/no-such-package"], "no-such-package"),
        (&["--allow-outside-usr=keep", "x", "vendor-base/hello-ext"], "--allow-outside-usr=\"keep\""),
    ];
    for (args, want) in cases {
        let o = build_sysext("amd64-usr", &work.join("out"), args);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(text(&o).contains(want), "{args:?}: expected {want:?} in:\n{}", text(&o));
    }
    // a base directory without an image
    let o = railyard()
        .args(["build_sysext", "--board=amd64-usr"])
        .arg(format!("--overlay={}", sysext_overlay().display()))
        .arg(format!("--from={}", work.join("no-image").display()))
        .arg(format!("--build_dir={}", work.join("out").display()))
        .args(["hello", "vendor-base/hello-ext"])
        .output()
        .unwrap();
    assert!(!o.status.success() && text(&o).contains("base image's package list") && text(&o).contains("no-image"), "{}", text(&o));
}

/// `build_image --sysext`: the extension is shipped in /usr (under its dm-verity) with its
/// sidecar, linked from ROOT's /etc/extensions, recorded in the provenance; the machine
/// merges it at boot (its journal, read by run_local_tests, says so; cl.basic finds no
/// failed unit). A second extension made for another version of the OS (VERSION_ID 0.2.0)
/// is shipped too and left out by systemd-sysext, the base /usr unaffected. A --sysext
/// without its sidecar is refused before any work.
#[test]
fn an_image_ships_extensions_in_usr_and_merges_them_at_boot() {
    let work = scratch("sysext-image");
    let s = ok_json(&build_sysext("amd64-usr", &work.join("hello"), &["hello", "vendor-base/hello-ext"]));
    let raw = PathBuf::from(s["image"].as_str().unwrap());
    // the same package as an extension for version 0.2.0 of the OS
    let v2 = shared_build("sysext-v2-base", &["--board=amd64-usr", "--version=0.2.0"]);
    let o = railyard()
        .args(["build_sysext", "--board=amd64-usr", "--json"])
        .arg(format!("--overlay={}", sysext_overlay().display()))
        .arg(format!("--from={}", v2.dir().display()))
        .arg(format!("--build_dir={}", work.join("stale").display()))
        .args(["stale", "vendor-base/hello-ext"])
        .output()
        .unwrap();
    let stale = ok_json(&o);
    assert!(stale["extension_release"].as_str().unwrap().contains("VERSION_ID=0.2.0\n"), "{stale}");
    let b = shared_build(
        "sysext-image",
        &["--board=amd64-usr", &format!("--sysext={}", raw.display()), &format!("--sysext={}", stale["image"].as_str().unwrap())],
    );
    // in USR-A: the file as built and its root hash
    let (start, size) = b.part("USR-A");
    let usr = work.join("usr-a.img");
    extract(&b.image(), start, size, &usr);
    let t = work.join("usr");
    extract_erofs(&usr, &t);
    assert!(std::fs::read(t.join("share/railyard/sysext/hello.raw")).unwrap() == std::fs::read(&raw).unwrap(), "the shipped extension differs from the built one");
    assert_eq!(std::fs::read_to_string(t.join("share/railyard/sysext/hello.usrhash")).unwrap().trim(), s["root_hash"].as_str().unwrap());
    // in ROOT: the links systemd-sysext follows
    let (rs, rl) = b.part("ROOT");
    let root = work.join("root.img");
    extract(&b.image(), rs, rl, &root);
    let o = tool("debugfs", &["-R", "stat /etc/extensions/hello.raw", root.to_str().unwrap()]);
    assert!(text(&o).contains("Fast link dest: \"/usr/share/railyard/sysext/hello.raw\""), "{}", text(&o));
    // the provenance records it
    let st = &statements_without_metadata(&b.dir().join("railyard_production_image.intoto.jsonl"))[0];
    let ext = &st["predicate"]["buildDefinition"]["externalParameters"];
    assert_eq!(ext["sysexts"][0]["sha256"], s["sha256"], "{ext}");
    assert!(ext["flags"].as_array().unwrap().iter().any(|f| f.as_str().unwrap().starts_with("--sysext=")), "{ext}");
    // booted: merged by systemd-sysext.service
    let o = railyard().args(["image_to_vm", "--board=amd64-usr", "--format=qemu_uefi"]).arg(format!("--from={}", b.dir().display())).output().unwrap();
    assert!(o.status.success(), "image_to_vm: {}", text(&o));
    let out = work.join("lt");
    let o = railyard()
        .args(["run_local_tests", "--board=amd64-usr", "cl.basic"])
        .arg(format!("--image={}", b.dir().display()))
        .arg(format!("--output={}", out.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "cl.basic on the image with the extension: {}", text(&o));
    let j = std::fs::read_to_string(out.join("machines/main/journal.txt")).unwrap();
    // exactly the matching one (systemd-sysext names every extension it uses on this line)
    assert!(j.contains("Using extensions 'hello'.") && j.contains("Merged extensions into '/usr'"), "systemd-sysext did not merge the shipped extension:\n{}", j.lines().filter(|l| l.contains("sysext")).collect::<Vec<_>>().join("\n"));

    // an extension without its sidecar: refused before any work
    let lone = work.join("lone");
    std::fs::create_dir_all(&lone).unwrap();
    std::fs::copy(&raw, lone.join("hello.raw")).unwrap();
    let o = railyard().args(["build_image", "--board=amd64-usr"]).arg(format!("--output_root={}", work.join("o").display())).arg(format!("--sysext={}", lone.join("hello.raw").display())).output().unwrap();
    assert!(!o.status.success() && text(&o).contains("no hello.usrhash or hello.roothash"), "{}", text(&o));
}
