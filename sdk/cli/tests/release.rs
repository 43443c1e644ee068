//! Release artefacts of `build_image` (issue 6): DIGESTS, SBOM, signed SLSA provenance,
//! `verify`, `keygen`, `--rebuild-check` — checked end to end on real builds, and with
//! independent Python implementations (securesystemslib, in-toto-attestation, spdx-tools;
//! `.ci/run` installs them and sets RAILYARD_PYTHON / RAILYARD_PYSPDXTOOLS).

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const PREFIX: &str = "railyard_production_image";
const UPDATE_PAYLOAD: &str = "railyard_production_update.bin";
const UPDATE_MANIFEST: &str = "railyard_production_update.manifest";

/// A key pair made by `railyard keygen`, outside the repository (keys in the work tree are refused).
struct Keys {
    dir: PathBuf,
}

impl Keys {
    fn private(&self) -> PathBuf {
        self.dir.join("test.key")
    }
    fn public(&self) -> PathBuf {
        self.dir.join("test.pub")
    }
    fn pem(&self) -> PathBuf {
        self.dir.join("test.pub.pem")
    }
    /// The public key of a second pair (`other`), for builds that trust another key than the
    /// one they are signed with.
    fn other_public(&self) -> PathBuf {
        self.dir.join("other.pub")
    }
}

/// The key id of a Railyard public key file (its `# keyid:` line, checked against the key).
fn keyid_of(public: &Path) -> String {
    let text = std::fs::read_to_string(public).unwrap();
    let k = railyard_attest::keys::parse_verifying_key(&text, "test").unwrap();
    let id = railyard_attest::dsse::keyid(&k);
    assert!(text.contains(&format!("# keyid: {id}")), "{text}");
    id
}

/// The update keys baked into a build's /usr: `(file name, mode, content)` of each entry of
/// `usr/share/railyard/update-keys`, from USR-A unpacked with fsck.erofs (permissions kept);
/// none if the directory is absent.
fn baked_update_keys(b: &Built, name: &str) -> Vec<(String, u32, String)> {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch(&format!("usr-{name}"));
    let (start, size) = b.part("USR-A");
    let part = dir.join("usr-a.img");
    extract(&b.image(), start, size, &part);
    let out = dir.join("usr");
    let o = tool("fsck.erofs", &["--preserve-perms", &format!("--extract={}", out.display()), part.to_str().unwrap()]);
    assert!(o.status.success(), "fsck.erofs: {}", text(&o));
    assert!(out.join("lib/os-release").is_file(), "not /usr: {}", out.display());
    let keys = out.join("share/railyard/update-keys");
    let mut v: Vec<(String, u32, String)> = std::fs::read_dir(&keys)
        .into_iter()
        .flatten()
        .map(|e| {
            let e = e.unwrap();
            let md = std::fs::symlink_metadata(e.path()).unwrap();
            assert!(md.is_file(), "{}", e.path().display());
            (e.file_name().to_string_lossy().into_owned(), md.permissions().mode() & 0o7777, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    v.sort();
    let _ = std::fs::remove_dir_all(&dir);
    v
}

/// The update keys of a build's provenance: `(keyid, public key hex)`.
fn provenance_update_keys(dir: &Path) -> Vec<(String, String)> {
    let st = full_statement(dir);
    let keys = st["predicate"]["buildDefinition"]["externalParameters"]["update_keys"].as_array().expect("update_keys in the provenance").clone();
    keys.iter().map(|k| (k["keyid"].as_str().unwrap().to_string(), k["public_key"].as_str().unwrap().to_string())).collect()
}

/// The raw public key (hex) of a Railyard public key file.
fn public_hex(public: &Path) -> String {
    let text = std::fs::read_to_string(public).unwrap();
    hex::encode(railyard_attest::keys::parse_verifying_key(&text, "test").unwrap().as_bytes())
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        // test keys of earlier, finished test processes are removed (statics are never dropped)
        for e in std::fs::read_dir(std::env::temp_dir()).into_iter().flatten().flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if let Some(pid) = n.strip_prefix("railyard-test-keys-") {
                if !Path::new("/proc").join(pid).exists() {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = std::env::temp_dir().join(format!("railyard-test-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let o = railyard().args(["keygen", "--name=test"]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
        assert!(o.status.success(), "keygen: {}", text(&o));
        let out = text(&o);
        assert!(out.contains("test.key") && out.contains("key id"), "{out}");
        let o = railyard().args(["keygen", "--name=other"]).arg(format!("--output_dir={}", dir.display())).output().unwrap();
        assert!(o.status.success(), "keygen: {}", text(&o));
        Keys { dir }
    })
}

/// A signed amd64 build (built once per test process).
fn signed() -> Built {
    let k = format!("--signing_key={}", keys().private().display());
    shared_build("signed", &["--board=amd64-usr", &k])
}

fn verify(dir: &Path, public: &Path) -> Output {
    railyard().arg("verify").arg(dir).arg(format!("--public_key={}", public.display())).output().unwrap()
}

fn python() -> String {
    std::env::var("RAILYARD_PYTHON").unwrap_or_else(|_| "python3".into())
}

fn require_python_module(module: &str, package: &str) {
    let o = Command::new(python()).args(["-c", &format!("import {module}")]).output();
    match o {
        Ok(o) if o.status.success() => {}
        _ => panic!(
            "Python module {module} (pip package {package}) is required: ./setup_host --tests installs it into __build__/venv and .ci/run sets RAILYARD_PYTHON"
        ),
    }
}

fn run_py(script: &str, args: &[&Path]) -> Output {
    Command::new(python()).arg(repo().join("sdk/attest/tests/py").join(script)).args(args).output().unwrap()
}

fn statement_of(dir: &Path) -> Value {
    statements_without_metadata(&dir.join(format!("{PREFIX}.intoto.jsonl"))).remove(0)
}

fn full_statement(dir: &Path) -> Value {
    use base64::Engine;
    let line = std::fs::read_to_string(dir.join(format!("{PREFIX}.intoto.jsonl"))).unwrap();
    let env: Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let body = base64::engine::general_purpose::STANDARD.decode(env["payload"].as_str().unwrap()).unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn artefacts(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".DIGESTS") && !n.ends_with(".intoto.jsonl") && !n.ends_with(".log") && !n.starts_with('.'))
        .collect();
    v.sort();
    v
}

#[test]
fn signed_build_verifies_and_every_artefact_is_attested() {
    let b = signed();
    let dir = b.dir();
    let o = verify(&dir, &keys().public());
    assert!(o.status.success(), "verify failed on a fresh build:\n{}", text(&o));
    assert!(text(&o).contains("verified"), "{}", text(&o));
    // the PEM public key works too
    assert!(verify(&dir, &keys().pem()).status.success());

    let st = full_statement(&dir);
    assert_eq!(st["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(st["predicateType"], "https://slsa.dev/provenance/v1");
    let subjects: Vec<String> = st["subject"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect();
    let files = artefacts(&dir);
    assert_eq!(subjects, files, "subjects are exactly the artefacts");
    for s in st["subject"].as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        assert_eq!(s["digest"]["sha256"].as_str().unwrap(), sha256(&dir.join(name)), "{name}");
        // a DIGESTS file per artefact, Flatcar's layout, checkable with coreutils
        let d = std::fs::read_to_string(dir.join(format!("{name}.DIGESTS"))).unwrap();
        assert!(d.starts_with("# SHA256 HASH\n") && d.contains("# SHA512 HASH\n"), "{d}");
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("grep -A1 '# SHA512 HASH' '{name}.DIGESTS' | grep -v '^#' | sha512sum -c"))
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "sha512sum -c {name}.DIGESTS: {}", text(&o));
    }
    for want in [
        format!("{PREFIX}.bin"),
        format!("{PREFIX}_sbom.json"),
        format!("{PREFIX}.vmlinuz"),
        "version.txt".into(),
        UPDATE_PAYLOAD.into(),
        UPDATE_MANIFEST.into(),
    ] {
        assert!(subjects.contains(&want), "{want} is a subject");
    }

    let bd = &st["predicate"]["buildDefinition"];
    assert_eq!(bd["buildType"], "https://railyard.invalid/buildtypes/build_image/v1");
    let ext = &bd["externalParameters"];
    assert_eq!(ext["board"], "amd64-usr");
    assert_eq!(ext["version"], b.summary["version"]);
    assert_eq!(ext["usr_fs"], "erofs");
    assert_eq!(ext["formats"], serde_json::json!(["bin"]));
    assert!(ext["flags"].as_array().unwrap().iter().any(|f| f == "--board=amd64-usr"));
    assert_eq!(bd["internalParameters"]["source_date_epoch"], b.summary["source_date_epoch"]);
    let deps = bd["resolvedDependencies"].as_array().unwrap();
    let dep = |n: &str| deps.iter().find(|d| d["name"] == n).unwrap_or_else(|| panic!("no dependency {n}: {deps:?}"));
    if let Some(head) = railyard_core::repo::head_commit(&repo()) {
        assert_eq!(dep("railyard-repository")["digest"]["gitCommit"], head.as_str());
    }
    assert!(dep("board-configs")["digest"]["dirSha256"].is_string());
    assert!(dep("overlays/railyard")["digest"]["dirSha256"].is_string());
    // the railyard binary stands in for the SDK image digest (compared loosely: a concurrent
    // `cargo build` may have replaced the binary since the shared build ran)
    assert_eq!(dep("railyard-sdk")["digest"]["sha256"].as_str().unwrap().len(), 64);
    // every installed package is a dependency: its binary package's sha256 and input hash
    let listed = std::fs::read_to_string(b.dir().join(format!("{PREFIX}_packages.txt"))).unwrap();
    assert!(listed.lines().count() >= 10, "{listed}");
    for cpf in listed.lines() {
        let d = dep(&format!("binpkg:{cpf}"));
        assert_eq!(d["digest"]["sha256"].as_str().unwrap().len(), 64, "{d}");
        assert_eq!(d["annotations"]["inputHash"].as_str().unwrap().len(), 64, "{d}");
        assert!(d["uri"].as_str().unwrap().starts_with("pkg:ebuild/"), "{d}");
    }
    // and the distfiles they were built from, with their Manifest digests
    let deb = deps.iter().find(|d| d["name"].as_str().is_some_and(|n| n.starts_with("linux-image-") && n.ends_with(".deb"))).expect("the kernel .deb");
    assert_eq!(deb["digest"]["sha512"].as_str().unwrap().len(), 128, "{deb}");
    assert_eq!(deb["digest"]["blake2b"].as_str().unwrap().len(), 128, "{deb}");
    let rd = &st["predicate"]["runDetails"];
    assert!(rd["builder"]["id"].as_str().unwrap().starts_with("https://"));
    for k in ["invocationId", "startedOn", "finishedOn"] {
        assert!(rd["metadata"][k].is_string(), "runDetails.metadata.{k}");
    }
    // no machine-local paths of the output or the cache leak into the statement
    let s = serde_json::to_string(&st).unwrap();
    assert!(!s.contains(b.output_root.to_str().unwrap()), "output root recorded in the provenance");
}

#[test]
fn signed_build_trusts_its_signing_key_for_updates() {
    // no [update] keys in the board and no --update_key: the signing key's public half is
    // baked into /usr, in the Railyard public-key format, as <keyid>.pub, mode 0644
    let b = signed();
    let id = keyid_of(&keys().public());
    let want = std::fs::read_to_string(keys().public()).unwrap();
    assert_eq!(baked_update_keys(&b, "signed"), vec![(format!("{id}.pub"), 0o644, want)]);
    // the key id is the one the update manifest's signature carries
    let env: Value = serde_json::from_slice(&std::fs::read(b.dir().join(UPDATE_MANIFEST)).unwrap()).unwrap();
    assert_eq!(env["signatures"][0]["keyid"], id.as_str());
    // recorded in the provenance and the summary, listed in the contents
    assert_eq!(provenance_update_keys(&b.dir()), vec![(id.clone(), public_hex(&keys().public()))]);
    assert_eq!(b.summary["update_keys"][0]["keyid"], id.as_str());
    let contents = std::fs::read_to_string(b.dir().join(format!("{PREFIX}_contents.txt"))).unwrap();
    assert!(contents.lines().any(|l| l.starts_with("-rw-r--r-- ") && l.ends_with(&format!(" ./usr/share/railyard/update-keys/{id}.pub"))), "not in the contents listing");
}

#[test]
fn update_keys_must_be_public_key_files() {
    // refused before anything is built, naming the flag and the file
    let out = scratch("update-key-refused");
    let e = build(&out, &[&format!("--update_key={}", keys().private().display())]).expect_err("a private key must be refused");
    assert!(e.contains("--update_key=") && e.contains("test.key") && e.contains("PRIVATE key"), "{e}");
    let missing = out.join("missing.pub");
    let e = build(&out, &[&format!("--update_key={}", missing.display())]).expect_err("a missing key must be refused");
    assert!(e.contains("missing.pub") && e.contains("cannot read the key file"), "{e}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn envelope_verifies_with_securesystemslib_and_statement_with_in_toto_attestation() {
    require_python_module("securesystemslib.dsse", "securesystemslib");
    require_python_module("in_toto_attestation.v1.statement", "in-toto-attestation");
    let b = signed();
    let env = b.dir().join(format!("{PREFIX}.intoto.jsonl"));
    let o = run_py("dsse_verify.py", &[&keys().pem(), &env]);
    assert!(o.status.success(), "securesystemslib rejected our envelope:\n{}", text(&o));
    let scratch = scratch("statement");
    let st = scratch.join("statement.json");
    std::fs::write(&st, serde_json::to_vec(&full_statement(&b.dir())).unwrap()).unwrap();
    let o = run_py("intoto_validate.py", &[&st]);
    assert!(o.status.success(), "in-toto-attestation rejected the statement:\n{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("VALID"), "{}", text(&o));
    // another key must not verify
    let other = std::env::temp_dir().join(format!("railyard-test-otherkey-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&other);
    assert!(railyard().args(["keygen", "--name=o"]).arg(format!("--output_dir={}", other.display())).status().unwrap().success());
    let o = run_py("dsse_verify.py", &[&other.join("o.pub.pem"), &env]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = verify(&b.dir(), &other.join("o.pub"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains(".intoto.jsonl"), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&other);
}

#[test]
fn sbom_validates_with_pyspdxtools_and_lists_kernel_initramfs_and_bootloader() {
    let b = signed();
    let sbom = b.dir().join(format!("{PREFIX}_sbom.json"));
    let o = match std::env::var("RAILYARD_PYSPDXTOOLS") {
        Ok(t) => Command::new(t).arg("-i").arg(&sbom).output().unwrap(),
        Err(_) => {
            require_python_module("spdx_tools", "spdx-tools");
            Command::new(python()).args(["-m", "spdx_tools.spdx.clitools.pyspdxtools", "-i"]).arg(&sbom).output().unwrap()
        }
    };
    assert!(o.status.success(), "pyspdxtools rejected the SBOM:\n{}", text(&o));
    assert!(!text(&o).to_lowercase().contains("invalid"), "{}", text(&o));

    let doc: Value = serde_json::from_slice(&std::fs::read(&sbom).unwrap()).unwrap();
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    let pkgs = doc["packages"].as_array().unwrap();
    let find = |pre: &str| pkgs.iter().find(|p| p["name"].as_str().unwrap().starts_with(pre)).unwrap_or_else(|| panic!("no package {pre}*"));
    let kernel = find("linux-cloud-bin");
    assert_eq!(kernel["primaryPackagePurpose"], "OPERATING-SYSTEM");
    assert_eq!(kernel["licenseDeclared"], "GPL-2.0-only");
    assert!(kernel["checksums"][0]["checksumValue"].as_str().unwrap().len() == 64, "the binary package's sha256");
    assert!(kernel["externalRefs"][0]["referenceLocator"].as_str().unwrap().starts_with("pkg:ebuild/sys-kernel/linux-cloud-bin@"));
    find("systemd-boot-bin");
    find("systemd-bin");
    let initramfs = find("railyard-initrd-a");
    assert!(initramfs["comment"].as_str().unwrap().contains("dm_verity"), "{initramfs}");
    // the initramfs contains busybox, cryptsetup (veritysetup) and the kernel's modules
    let id = |p: &Value| p["SPDXID"].as_str().unwrap().to_string();
    let contains: Vec<String> = doc["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["spdxElementId"] == id(initramfs).as_str() && r["relationshipType"] == "CONTAINS")
        .map(|r| r["relatedSpdxElement"].as_str().unwrap().to_string())
        .collect();
    for want in ["busybox", "cryptsetup-bin", "linux-cloud-bin", "glibc-bin"] {
        assert!(contains.contains(&id(find(want))), "initramfs does not CONTAIN {want}: {contains:?}");
    }
    assert!(!contains.contains(&id(find("systemd-boot-bin"))));
    // every installed package, no mirror host names (download location NOASSERTION)
    let listed = std::fs::read_to_string(b.dir().join(format!("{PREFIX}_packages.txt"))).unwrap();
    assert_eq!(pkgs.len(), listed.lines().count() + 2, "image + packages + initramfs");
    for p in pkgs {
        assert_eq!(p["downloadLocation"], "NOASSERTION", "{p}");
    }
    // reproducible: created from SOURCE_DATE_EPOCH
    let epoch = b.summary["source_date_epoch"].as_i64().unwrap();
    let created = doc["creationInfo"]["created"].as_str().unwrap();
    let o = tool("date", &["-u", "-d", &format!("@{epoch}"), "+%Y-%m-%dT%H:%M:%SZ"]);
    assert_eq!(created, String::from_utf8_lossy(&o.stdout).trim());
}

#[test]
fn two_builds_give_identical_sbom_and_provenance_except_run_metadata() {
    let a = signed();
    // an unsigned build elsewhere: says so, and `verify` rejects it, naming the envelope
    let out = scratch("unsigned");
    // (it trusts the signed build's key through --update_key, so /usr is the same)
    let o = railyard()
        .env_remove("RAILYARD_SIGNING_KEY")
        .args(["build_image", "--json", "--board=amd64-usr"])
        .arg(format!("--update_key={}", keys().public().display()))
        .arg(format!("--output_root={}", out.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("UNSIGNED"), "{}", text(&o));
    assert!(text(&o).contains(&format!("from [update] keys / --update_key): {}", keyid_of(&keys().public()))), "{}", text(&o));
    let b: Value = serde_json::from_slice(&o.stdout).unwrap();
    let bdir = PathBuf::from(b["output_dir"].as_str().unwrap());
    let v = verify(&bdir, &keys().public());
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(text(&v).contains("no signatures"), "{}", text(&v));

    assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("{UPDATE_MANIFEST} is UNSIGNED")), "{}", text(&o));
    assert!(text(&v).contains(UPDATE_MANIFEST) && text(&v).contains("no signature (the manifest is unsigned)"), "{}", text(&v));

    let sbom = format!("{PREFIX}_sbom.json");
    assert_eq!(std::fs::read(a.dir().join(&sbom)).unwrap(), std::fs::read(bdir.join(&sbom)).unwrap(), "SBOMs differ");
    // the update manifest: the same signed content, signatures aside (so its file digest,
    // in the provenance and its DIGESTS, depends on the key)
    let unsigned = |d: &Path| {
        let mut e: Value = serde_json::from_slice(&std::fs::read(d.join(UPDATE_MANIFEST)).unwrap()).unwrap();
        let n = e["signatures"].as_array().unwrap().len();
        e["signatures"] = serde_json::json!([]);
        (e, n)
    };
    let ((ua, na), (ub, nb)) = (unsigned(&a.dir()), unsigned(&bdir));
    assert_eq!((ua, na, nb), (ub, 1, 0), "update manifests differ beyond the signature");
    let strip = |mut st: Value| {
        for sub in st["subject"].as_array_mut().unwrap() {
            if sub["name"] == UPDATE_MANIFEST {
                sub.as_object_mut().unwrap().remove("digest");
            }
        }
        st
    };
    let mut d = Vec::new();
    json_diff(&strip(statement_of(&a.dir())), &strip(statement_of(&bdir)), "", &mut d);
    assert!(d.is_empty(), "statements differ beyond runDetails.metadata:\n{}", d.join("\n"));
    let (fa, fb) = (full_statement(&a.dir()), full_statement(&bdir));
    assert_ne!(fa["predicate"]["runDetails"]["metadata"]["invocationId"], fb["predicate"]["runDetails"]["metadata"]["invocationId"]);
    for f in artefacts(&a.dir()).into_iter().filter(|f| f != UPDATE_MANIFEST) {
        let d = format!("{f}.DIGESTS");
        assert_eq!(std::fs::read(a.dir().join(&d)).unwrap(), std::fs::read(bdir.join(&d)).unwrap(), "{d} differs");
    }
    // nothing temporary is left behind
    let hidden: Vec<String> = std::fs::read_dir(&bdir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

/// Paths where two JSON values differ (first 20).
fn json_diff(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    if out.len() >= 20 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                json_diff(x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), &format!("{path}/{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diff(u, v, &format!("{path}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} != {b}")),
        _ => {}
    }
}

/// Copies a build's output directory (images sparsely) into `copy`.
fn copy_build(b: &Built, copy: &Path) {
    for e in std::fs::read_dir(b.dir()).unwrap() {
        let p = e.unwrap().path();
        let dst = copy.join(p.file_name().unwrap());
        if p.extension().is_some_and(|x| x == "bin") {
            sparse_copy(&p, &dst);
        } else {
            std::fs::copy(&p, &dst).unwrap();
        }
    }
}

/// Flips one byte of `file` at `offset` (XOR 0x01).
fn flip(file: &Path, offset: u64) {
    use std::os::unix::fs::FileExt;
    let f = std::fs::OpenOptions::new().read(true).write(true).open(file).unwrap();
    let mut b = [0u8; 1];
    f.read_exact_at(&mut b, offset).unwrap();
    b[0] ^= 1;
    f.write_all_at(&b, offset).unwrap();
}

#[test]
fn flipping_one_byte_anywhere_makes_verify_fail_naming_the_file() {
    let b = signed();
    let copy = scratch("tamper");
    copy_build(&b, &copy);
    assert!(verify(&copy, &keys().public()).status.success(), "the untouched copy verifies");
    let env = format!("{PREFIX}.intoto.jsonl");
    let mut targets: Vec<(String, u64)> = artefacts(&copy)
        .into_iter()
        .map(|n| {
            let len = std::fs::metadata(copy.join(&n)).unwrap().len();
            // the image: a byte of the primary GPT header; others: the middle
            let off = if n.ends_with(".bin") { 512 + 16 } else { len / 2 };
            (n, off)
        })
        .collect();
    let env_len = std::fs::metadata(copy.join(&env)).unwrap().len();
    targets.push((env.clone(), 20)); // inside the base64 payload
    targets.push((env.clone(), env_len - 30)); // inside the signature/keyid part
    targets.push((format!("{PREFIX}.vmlinuz.DIGESTS"), 20));
    for (name, off) in targets {
        let p = copy.join(&name);
        flip(&p, off);
        let o = verify(&copy, &keys().public());
        flip(&p, off);
        assert_eq!(o.status.code(), Some(1), "verify accepted a flipped byte at {off} of {name}:\n{}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(out.lines().any(|l| l.starts_with("FAIL") && l.contains(&name)), "the failure list does not name {name}:\n{out}");
        if name == UPDATE_PAYLOAD {
            // checked against the signed update manifest too, naming the blob
            assert!(out.lines().any(|l| l.starts_with("FAIL") && l.contains(&name) && l.contains("blob `usr`: sha256 is")), "{out}");
        }
        if name == UPDATE_MANIFEST {
            assert!(out.lines().any(|l| l.starts_with("FAIL") && l.contains(&name) && !l.contains("digest")), "no signature failure for {name}:\n{out}");
        }
    }
    // an added file is not attested
    std::fs::write(copy.join("extra.txt"), b"x").unwrap();
    let o = verify(&copy, &keys().public());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("extra.txt"), "{}", text(&o));
    std::fs::remove_file(copy.join("extra.txt")).unwrap();
    assert!(verify(&copy, &keys().public()).status.success(), "restored copy verifies again");
    let _ = std::fs::remove_dir_all(&copy);
}

/// Bytes `[offset, offset + len)` of `file` equal those of `other` from `other_offset`.
fn same_bytes(file: &Path, offset: u64, other: &Path, other_offset: u64, len: u64) -> bool {
    use std::os::unix::fs::FileExt;
    let (a, b) = (std::fs::File::open(file).unwrap(), std::fs::File::open(other).unwrap());
    let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    let mut pos = 0;
    while pos < len {
        let n = ((len - pos) as usize).min(x.len());
        a.read_exact_at(&mut x[..n], offset + pos).unwrap();
        b.read_exact_at(&mut y[..n], other_offset + pos).unwrap();
        if x[..n] != y[..n] {
            return false;
        }
        pos += n as u64;
    }
    true
}

#[test]
fn update_payload_holds_the_image_usr_kernel_initrd_and_slot_kernel_images_and_is_signed() {
    use base64::Engine;
    let b = signed();
    let dir = b.dir();
    let env: Value = serde_json::from_slice(&std::fs::read(dir.join(UPDATE_MANIFEST)).unwrap()).unwrap();
    assert_eq!(env["payloadType"], "application/vnd.railyard.update-manifest+json");
    let sigs = env["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 1);
    let o = railyard().arg("verify").arg("--list").arg(&dir).arg(format!("--public_key={}", keys().public().display())).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).lines().any(|l| l.starts_with("ok") && l.contains(UPDATE_PAYLOAD) && l.contains("5 blobs match the update manifest")), "{}", text(&o));
    assert!(text(&o).contains("1 update payload"), "{}", text(&o));
    // an independent DSSE implementation accepts the manifest envelope
    require_python_module("securesystemslib.dsse", "securesystemslib");
    let o = run_py("dsse_verify.py", &[&keys().pem(), &dir.join(UPDATE_MANIFEST)]);
    assert!(o.status.success(), "securesystemslib rejected the update manifest:\n{}", text(&o));
    assert!(text(&o).contains("payloadType=application/vnd.railyard.update-manifest+json"), "{}", text(&o));
    let m: Value = serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(env["payload"].as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(m["format"], 1);
    assert_eq!(m["os"], "railyard");
    assert_eq!(m["board"], "amd64-usr");
    assert_eq!(m["arch"], "amd64");
    assert_eq!(m["version"], b.summary["version"]);
    assert_eq!(m["created"], b.summary["source_date_epoch"]);
    assert_eq!(m["usr"]["root_hash"], b.summary["verity"]["root_hash"]);
    assert_eq!(m["usr"]["hash_offset"], b.summary["verity"]["hash_offset"]);
    assert_eq!(m["usr"]["fs_type"], "erofs");
    let blob = |n: &str| m["blobs"].as_array().unwrap().iter().find(|x| x["name"] == n).unwrap_or_else(|| panic!("no blob {n}")).clone();
    let payload = dir.join(UPDATE_PAYLOAD);
    for x in m["blobs"].as_array().unwrap() {
        assert_eq!(x["offset"].as_u64().unwrap() % 4096, 0, "{x}");
    }
    // usr: exactly the bytes at the start of USR-A (sfdisk's offsets), to the end of the verity tree
    let j = tool("sfdisk", &["--json", b.image().to_str().unwrap()]);
    let j: Value = serde_json::from_slice(&j.stdout).unwrap();
    let t = &j["partitiontable"];
    let sector = t["sectorsize"].as_u64().unwrap_or(512);
    let part = |name: &str| t["partitions"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap().clone();
    let (usr_a, usr_b) = (part("USR-A"), part("USR-B"));
    let usr = blob("usr");
    let size = usr["size"].as_u64().unwrap();
    let hash_end = b.summary["verity"]["hash_offset"].as_u64().unwrap() + 4096 * b.summary["verity"]["hash_blocks"].as_u64().unwrap();
    assert_eq!(size, hash_end, "the usr blob ends with the verity tree");
    assert!(size <= usr_a["size"].as_u64().unwrap() * sector);
    assert!(same_bytes(&payload, usr["offset"].as_u64().unwrap(), &b.image(), usr_a["start"].as_u64().unwrap() * sector, size), "usr blob != USR-A");
    // vmlinuz: the kernel output
    let k = blob("vmlinuz");
    let kernel = dir.join(format!("{PREFIX}.vmlinuz"));
    assert_eq!(k["size"].as_u64().unwrap(), std::fs::metadata(&kernel).unwrap().len());
    assert!(same_bytes(&payload, k["offset"].as_u64().unwrap(), &kernel, 0, k["size"].as_u64().unwrap()));
    assert_eq!(k["sha256"].as_str().unwrap(), sha256(&kernel));
    let i = blob("initrd");
    assert_eq!(i["size"], b.summary["initramfs"]["size"]);
    // each slot's unified kernel image: the image's output files, byte for byte; the last
    // blob ends the payload
    for slot in ["usr-a", "usr-b"] {
        let u = blob(&format!("uki-{slot}"));
        let f = dir.join(format!("{PREFIX}_{slot}.efi"));
        assert_eq!(u["sha256"].as_str().unwrap(), sha256(&f), "uki-{slot}");
        assert!(same_bytes(&payload, u["offset"].as_u64().unwrap(), &f, 0, u["size"].as_u64().unwrap()));
    }
    let last = blob("uki-usr-b");
    assert_eq!(std::fs::metadata(&payload).unwrap().len(), last["offset"].as_u64().unwrap() + last["size"].as_u64().unwrap());
    // each slot's command line: the image's, with that slot's PARTUUID
    let cmdline = std::fs::read_to_string(dir.join(format!("{PREFIX}_kernel_cmdline.txt"))).unwrap().trim().to_string();
    let slot = |l: &str| m["slots"].as_array().unwrap().iter().find(|s| s["label"] == l).unwrap_or_else(|| panic!("no slot {l}")).clone();
    let (a, bb) = (slot("USR-A"), slot("USR-B"));
    assert_eq!(a["partuuid"].as_str().unwrap().to_uppercase(), usr_a["uuid"].as_str().unwrap().to_uppercase());
    assert_eq!(bb["partuuid"].as_str().unwrap().to_uppercase(), usr_b["uuid"].as_str().unwrap().to_uppercase());
    assert_eq!(a["cmdline"], cmdline.as_str());
    let ua = a["partuuid"].as_str().unwrap();
    assert!(cmdline.contains(&format!("verity.usr=PARTUUID={ua}")), "{cmdline}");
    assert_eq!(bb["cmdline"].as_str().unwrap(), cmdline.replace(ua, bb["partuuid"].as_str().unwrap()));
}

#[test]
fn sbom_must_match_the_package_database() {
    let b = signed();
    let copy = scratch("pkgdb");
    for n in std::fs::read_dir(b.dir()).unwrap() {
        let p = n.unwrap().path();
        if p.extension().is_none_or(|x| x != "bin") {
            std::fs::copy(&p, copy.join(p.file_name().unwrap())).unwrap();
        }
    }
    // the package list is signed, so changing it is caught as a digest failure, and the
    // SBOM comparison names the package
    let pk = copy.join(format!("{PREFIX}_packages.txt"));
    let text0 = std::fs::read_to_string(&pk).unwrap();
    std::fs::write(&pk, format!("{text0}debian/evil-1.0::amd64\n")).unwrap();
    let o = verify(&copy, &keys().public());
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(out.contains("debian/evil-1.0::amd64") && out.contains("not in the SBOM"), "{out}");
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn keys_are_never_taken_from_the_repository() {
    let inside = repo().join("__build__/test-work/keys-inside");
    let _ = std::fs::remove_dir_all(&inside);
    let o = railyard().args(["keygen"]).arg(format!("--output_dir={}", inside.display())).output().unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("git work tree"), "{}", text(&o));
    // a key file copied into the tree is refused by build_image before anything is built
    std::fs::create_dir_all(&inside).unwrap();
    let k = inside.join("k.key");
    std::fs::copy(keys().private(), &k).unwrap();
    let e = build(&scratch("inrepo"), &[&format!("--signing_key={}", k.display())]).expect_err("must refuse");
    assert!(e.contains("git work tree"), "{e}");
    let _ = std::fs::remove_dir_all(&inside);
}

#[test]
fn rebuild_check_passes_on_the_default_board() {
    // signed with one key, trusting another for updates (--update_key instead of the signing
    // key): the rebuild, which gets no signing key, must bake exactly that key again
    let out = scratch("rebuild-check");
    let o = railyard()
        .args(["build_image", "--json", "--board=amd64-usr", "--rebuild-check"])
        .arg(format!("--signing_key={}", keys().private().display()))
        .arg(format!("--update_key={}", keys().other_public().display()))
        .arg(format!("--output_root={}", out.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "--rebuild-check failed:\n{}", text(&o));
    let t = text(&o);
    assert!(t.contains("rebuild-check: PASSED"), "{t}");
    let b = Built { summary: serde_json::from_slice(&o.stdout).unwrap(), output_root: out.clone() };
    let id = keyid_of(&keys().other_public());
    assert_ne!(id, keyid_of(&keys().public()));
    let want = std::fs::read_to_string(keys().other_public()).unwrap();
    assert_eq!(baked_update_keys(&b, "rebuild-check"), vec![(format!("{id}.pub"), 0o644, want)], "only the --update_key key is trusted");
    assert_eq!(provenance_update_keys(&b.dir()), vec![(id, public_hex(&keys().other_public()))]);
    assert!(verify(&b.dir(), &keys().public()).status.success());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn attest_adds_later_artefacts_and_resigns() {
    let b = signed();
    let copy = scratch("attest-added");
    copy_build(&b, &copy);
    std::fs::write(copy.join(format!("{PREFIX}_qemu_uefi.sh")), b"#!/bin/sh\n").unwrap();
    let o = verify(&copy, &keys().public());
    assert_eq!(o.status.code(), Some(1), "an unattested new artefact must fail: {}", text(&o));
    let o = railyard()
        .arg("attest")
        .arg(&copy)
        .arg("--formats=qemu_uefi")
        .arg(format!("--signing_key={}", keys().private().display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(copy.join(format!("{PREFIX}_qemu_uefi.sh.DIGESTS")).is_file());
    let o = verify(&copy, &keys().public());
    assert!(o.status.success(), "{}", text(&o));
    let st = full_statement(&copy);
    assert_eq!(st["predicate"]["buildDefinition"]["externalParameters"]["formats"], serde_json::json!(["bin", "qemu_uefi"]));
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn image_to_vm_outputs_join_the_signed_provenance() {
    let b = signed();
    let dir = scratch("vm-attest");
    let copy = dir.join("build");
    let o = tool("cp", &["-a", "--sparse=always", b.dir().to_str().unwrap(), copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let o = railyard()
        .args(["image_to_vm", "--format=vhd,ova"])
        .arg(format!("--from={}", copy.display()))
        .arg(format!("--signing_key={}", keys().private().display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "image_to_vm: {}", text(&o));
    let o = verify(&copy, &keys().public());
    assert!(o.status.success(), "verify after image_to_vm: {}", text(&o));
    let st = full_statement(&copy);
    let subjects: Vec<&str> = st["subject"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    for f in [format!("{PREFIX}.bin"), "railyard_production_vhd_image.vhd".into(), "railyard_production_ova_image.ova".into()] {
        assert!(subjects.contains(&f.as_str()), "{f} is not a subject: {subjects:?}");
        assert!(copy.join(format!("{f}.DIGESTS")).is_file(), "{f}.DIGESTS");
    }
    // tampering with a converted image is caught too
    flip(&copy.join("railyard_production_vhd_image.vhd"), 4096);
    let o = verify(&copy, &keys().public());
    assert!(!o.status.success() && text(&o).contains("railyard_production_vhd_image.vhd"), "{}", text(&o));
}
