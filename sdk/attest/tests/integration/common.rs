//! Shared fixtures for the integration tests: a small release directory, attested and signed.

use ed25519_dalek::SigningKey;
use railyard_attest::release::{attest_release, ReleaseOutputs, ReleaseSpec, SbomSpec};
use railyard_attest::slsa::{
    BuildDefinition, BuildMetadata, Builder, Provenance, ResourceDescriptor, RunDetails,
};
use railyard_attest::spdx::{ImageInput, PackageInput, SbomOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SDE: i64 = 1_700_000_000;
pub const IMAGE: &str = "flatcar_production_image.bin";
pub const QEMU: &str = "flatcar_production_qemu_uefi_image.img";
pub const SBOM: &str = "flatcar_production_image_sbom.json";

pub fn provenance() -> Provenance {
    let mut ext = BTreeMap::new();
    ext.insert("board".to_string(), Value::from("amd64-usr"));
    ext.insert(
        "formats".to_string(),
        serde_json::json!(["raw", "qemu_uefi"]),
    );
    ext.insert(
        "repository".to_string(),
        Value::from("https://example.invalid/railyard/scripts"),
    );
    let mut commit = BTreeMap::new();
    commit.insert("gitCommit".to_string(), "a".repeat(40));
    let mut version = BTreeMap::new();
    version.insert(
        "railyard".to_string(),
        railyard_attest::TOOL_VERSION.to_string(),
    );
    Provenance {
        build_definition: BuildDefinition {
            build_type: "https://railyard.invalid/buildtypes/image/v1".into(),
            external_parameters: ext,
            internal_parameters: BTreeMap::new(),
            resolved_dependencies: vec![ResourceDescriptor {
                uri: Some("git+https://example.invalid/railyard/scripts@refs/heads/main".into()),
                digest: commit,
                ..Default::default()
            }],
        },
        run_details: RunDetails {
            builder: Builder {
                id: "https://railyard.invalid/builders/local".into(),
                version,
                builder_dependencies: vec![],
            },
            metadata: Some(
                BuildMetadata::from_epochs(Some("inv-1".into()), Some(SDE), Some(SDE + 95))
                    .unwrap(),
            ),
            byproducts: vec![],
        },
    }
}

pub fn packages() -> Vec<PackageInput> {
    let p = |cat: &str, name: &str, ver: &str, lic: &str| PackageInput {
        category: Some(cat.into()),
        name: name.into(),
        version: Some(ver.into()),
        gentoo_license: Some(lic.into()),
        supplier: Some("Organization: Gentoo".into()),
        download_location: None,
        sha256: Some("ab".repeat(32)),
        ..Default::default()
    };
    vec![
        p(
            "sys-apps",
            "systemd",
            "256.9-r1",
            "GPL-2 LGPL-2.1 MIT public-domain",
        ),
        p(
            "sys-libs",
            "glibc",
            "2.40-r8",
            "LGPL-2.1+ BSD HPND ISC inner-net rc PCRE",
        ),
        p("app-shells", "bash", "5.2_p37", "GPL-3+"),
        p("dev-libs", "openssl", "3.3.3", "Apache-2.0"),
        p("sys-fs", "e2fsprogs", "1.47.1-r1", "GPL-2 BSD"),
        p(
            "dev-lang",
            "rust",
            "1.85.0",
            "|| ( MIT Apache-2.0 ) BSD BSD-1 BSD-2 BSD-4",
        ),
    ]
}

pub fn write_inputs(dir: &Path) {
    let mut img = vec![0u8; 3 << 20];
    for (i, b) in img.iter_mut().enumerate() {
        *b = (i.wrapping_mul(2_654_435_761) >> 13) as u8;
    }
    std::fs::write(dir.join(IMAGE), &img).unwrap();
    std::fs::write(dir.join(QEMU), &img[..1 << 20]).unwrap();
    std::fs::write(dir.join("version.txt"), "FLATCAR_VERSION=4152.2.0\n").unwrap();
}

pub fn spec(dir: &Path) -> ReleaseSpec {
    ReleaseSpec {
        dir: dir.to_path_buf(),
        files: vec![],
        name: "flatcar_production_image".into(),
        provenance: provenance(),
        sbom: Some(SbomSpec {
            file_name: SBOM.into(),
            image_file: IMAGE.into(),
            image: ImageInput {
                name: "flatcar_production_image".into(),
                version: "4152.2.0".into(),
                supplier: Some("Organization: Railyard".into()),
                digests: None,
            },
            packages: packages(),
            options: SbomOptions::new(SDE),
        }),
        threads: 2,
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    /// Keeps the key directory (private key, .pub, .pub.pem) alive for the test.
    pub _keydir: tempfile::TempDir,
    pub key: SigningKey,
    pub pub_pem: PathBuf,
    pub out: ReleaseOutputs,
}

impl Fixture {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Build a signed release. `seed = None` generates a fresh key (exercises keygen + key files).
pub fn release(seed: Option<[u8; 32]>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let keydir = tempfile::tempdir().unwrap();
    let key = match seed {
        Some(s) => SigningKey::from_bytes(&s),
        None => railyard_attest::keys::generate().unwrap(),
    };
    let kp = railyard_attest::keys::write_keypair(&key, keydir.path(), "release").unwrap();
    let key = railyard_attest::keys::load_signing_key_file(&kp.private).unwrap();
    write_inputs(dir.path());
    let out = attest_release(&spec(dir.path()), &key).unwrap();
    Fixture {
        dir,
        _keydir: keydir,
        key,
        pub_pem: kp.public_pem,
        out,
    }
}

// ---------------------------------------------------------------- Python helpers

pub fn python() -> String {
    std::env::var("RAILYARD_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Panic with an actionable message if a Python module is missing (never skip silently).
pub fn require_python_module(module: &str, pip_package: &str) {
    let out = Command::new(python())
        .args(["-c", &format!("import {module}")])
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "Python package '{pip_package}' is required for this test (import {module} failed: {}).\n\
             Install: pip install -r sdk/attest/tests/requirements.txt",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("cannot run {} ({e}); set RAILYARD_PYTHON or install python3", python()),
    }
}

pub fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/py")
        .join(name)
}

pub fn run_python(script_name: &str, args: &[&Path]) -> Output {
    let out = Command::new(python())
        .arg(script(script_name))
        .args(args)
        .output()
        .unwrap();
    if out.status.code() == Some(3) {
        panic!(
            "missing Python package for {script_name}: {}\nInstall: pip install -r sdk/attest/tests/requirements.txt",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

pub fn show(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
