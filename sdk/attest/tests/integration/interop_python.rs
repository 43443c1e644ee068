//! Independent verification of our artefacts with Python implementations:
//! securesystemslib + cryptography (DSSE), in-toto-attestation (Statement / SLSA v1), spdx-tools
//! (SPDX 2.3). Missing Python packages make these tests FAIL with install instructions.

use crate::common::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use railyard_attest::dsse::Envelope;
use std::process::Command;

/// A named edit that must make a document invalid.
type Mutation = (&'static str, Box<dyn Fn(&mut serde_json::Value)>);

#[test]
fn dsse_envelope_verifies_with_securesystemslib() {
    require_python_module("securesystemslib.dsse", "securesystemslib");
    require_python_module("cryptography", "cryptography");
    let fx = release(None);
    let out = run_python("dsse_verify.py", &[&fx.pub_pem, &fx.out.envelope_path]);
    assert!(out.status.success(), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let keyid = railyard_attest::dsse::keyid(&fx.key.verifying_key());
    assert!(stdout.contains(&format!("keyid={keyid}")), "{stdout}");
    assert!(
        stdout.contains("payloadType=application/vnd.in-toto+json"),
        "{stdout}"
    );
}

#[test]
fn dsse_flipped_payload_byte_fails_in_python() {
    require_python_module("securesystemslib.dsse", "securesystemslib");
    let fx = release(None);
    let mut env: Envelope = fx.out.envelope.clone();
    let mut body = STANDARD.decode(&env.payload).unwrap();
    let mid = body.len() / 2;
    body[mid] ^= 0x01;
    env.payload = STANDARD.encode(&body);
    let bad = fx.path("tampered.intoto.jsonl");
    std::fs::write(&bad, [env.to_json().unwrap(), b"\n".to_vec()].concat()).unwrap();
    let out = run_python("dsse_verify.py", &[&fx.pub_pem, &bad]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("VERIFY-FAILED"),
        "{}",
        show(&out)
    );
    // And a different key must not verify the genuine envelope.
    let other = release(None);
    let out = run_python("dsse_verify.py", &[&other.pub_pem, &fx.out.envelope_path]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
}

#[test]
fn statement_validates_with_in_toto_attestation() {
    require_python_module("in_toto_attestation.v1.statement", "in-toto-attestation");
    let fx = release(Some([5; 32]));
    let payload = fx
        .out
        .envelope
        .verify(&fx.key.verifying_key(), "application/vnd.in-toto+json")
        .unwrap();
    let p = fx.path("statement.json");
    std::fs::write(&p, &payload).unwrap();
    let out = run_python("intoto_validate.py", &[&p]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("VALID: 4 subject(s)"),
        "{}",
        show(&out)
    );

    // Negatives: a v0.2 field name, a subject without digest, a bad timestamp.
    let base: serde_json::Value = serde_json::from_slice(&payload).unwrap();
    let cases: Vec<Mutation> = vec![
        (
            "v0.2 field",
            Box::new(|v| v["predicate"]["buildDefinition"]["buildConfig"] = serde_json::json!({})),
        ),
        (
            "no digest",
            Box::new(|v| {
                v["subject"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("digest")
                    .map(|_| ())
                    .unwrap()
            }),
        ),
        (
            "bad time",
            Box::new(|v| {
                v["predicate"]["runDetails"]["metadata"]["startedOn"] =
                    "2023-13-45T00:00:00Z".into()
            }),
        ),
        (
            "no builder id",
            Box::new(|v| v["predicate"]["runDetails"]["builder"]["id"] = "".into()),
        ),
    ];
    for (what, mutate) in cases {
        let mut v = base.clone();
        mutate(&mut v);
        let bad = fx.path("bad-statement.json");
        std::fs::write(&bad, serde_json::to_vec(&v).unwrap()).unwrap();
        let out = run_python("intoto_validate.py", &[&bad]);
        assert_eq!(out.status.code(), Some(1), "{what}: {}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("INVALID"),
            "{what}: {}",
            show(&out)
        );
    }
}

/// Run `pyspdxtools -i <path>`: the `pyspdxtools` entry point module under the same interpreter as
/// the other checks, or the executable named by `RAILYARD_PYSPDXTOOLS`.
fn pyspdxtools(path: &std::path::Path) -> std::process::Output {
    require_python_module("spdx_tools.spdx.clitools.pyspdxtools", "spdx-tools");
    let mut cmd = match std::env::var("RAILYARD_PYSPDXTOOLS") {
        Ok(exe) => Command::new(exe),
        Err(_) => {
            let mut c = Command::new(python());
            c.args(["-m", "spdx_tools.spdx.clitools.pyspdxtools"]);
            c
        }
    };
    cmd.arg("-i").arg(path).output().unwrap_or_else(|e| {
        panic!("cannot run pyspdxtools ({e}); pip install -r sdk/attest/tests/requirements.txt")
    })
}

#[test]
fn sbom_validates_with_pyspdxtools() {
    let fx = release(Some([5; 32]));
    let (sbom_path, doc) = fx.out.sbom.clone().unwrap();
    let out = pyspdxtools(&sbom_path);
    assert!(out.status.success(), "{}", show(&out));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("invalid"), "{all}");
    // Licence mapping made it in.
    let rust = doc.packages.iter().find(|p| p.name == "rust").unwrap();
    assert_eq!(
        rust.license_declared,
        "(MIT OR Apache-2.0) AND BSD-3-Clause AND BSD-1-Clause AND BSD-2-Clause AND BSD-4-Clause"
    );
    let systemd = doc.packages.iter().find(|p| p.name == "systemd").unwrap();
    assert_eq!(systemd.license_declared, "NOASSERTION");

    // Negatives: a raw Gentoo licence token, an SPDXID with '_', a missing required field.
    let base: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sbom_path).unwrap()).unwrap();
    let cases: Vec<Mutation> = vec![
        (
            "gentoo token",
            Box::new(|v| v["packages"][1]["licenseDeclared"] = "GPL-2+".into()),
        ),
        (
            "bad SPDXID",
            Box::new(|v| {
                v["packages"][1]["SPDXID"] = "SPDXRef-a_b".into();
            }),
        ),
        (
            "no dataLicense",
            Box::new(|v| {
                v.as_object_mut()
                    .unwrap()
                    .remove("dataLicense")
                    .map(|_| ())
                    .unwrap()
            }),
        ),
    ];
    for (what, mutate) in cases {
        let mut v = base.clone();
        mutate(&mut v);
        let bad = fx.path("bad-sbom.json");
        std::fs::write(&bad, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
        let out = pyspdxtools(&bad);
        assert!(
            !out.status.success(),
            "{what}: pyspdxtools accepted an invalid document: {}",
            show(&out)
        );
    }
}
