//! The offline verifier: a good release verifies; every kind of tampering is named in the verdict;
//! "could not check" stays apart from "problem found".

use crate::common::*;
use railyard_attest::digests::DigestMismatch;
use railyard_attest::verify::{verify_release, Failure, Outcome, VerifyOptions};

fn run(fx: &Fixture) -> railyard_attest::verify::Verdict {
    verify_release(
        fx.dir.path(),
        &fx.key.verifying_key(),
        &fx.out.envelope_path,
        &VerifyOptions::default(),
    )
    .unwrap()
}

fn flip(path: &std::path::Path, at: usize) {
    let mut b = std::fs::read(path).unwrap();
    b[at] ^= 0x01;
    std::fs::write(path, b).unwrap();
}

#[test]
fn good_release_verifies() {
    let fx = release(None);
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Verified, "{v}");
    // 4 subjects + 4 DIGESTS files + 1 signature.
    assert_eq!(v.passed.len(), 9, "{v}");
}

#[test]
fn flipped_subject_byte_is_named() {
    let fx = release(None);
    flip(&fx.path(QEMU), 12345);
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed);
    let subj: Vec<_> = v
        .failures
        .iter()
        .filter(|f| matches!(f, Failure::SubjectMismatch { name, .. } if name == QEMU))
        .collect();
    assert_eq!(subj.len(), 2, "sha256 and sha512 both mismatch: {v}");
    assert!(
        v.failures.iter().any(|f| matches!(f,
        Failure::Digests { file, problem: DigestMismatch::Mismatch { name, .. } }
            if name == QEMU && file.ends_with(format!("{QEMU}.DIGESTS")))),
        "{v}"
    );
    assert_eq!(
        v.failures.len(),
        4,
        "only the tampered file is reported: {v}"
    );
    assert!(v.to_string().contains(QEMU));
}

#[test]
fn flipped_envelope_byte_is_named() {
    let fx = release(None);
    let text = std::fs::read_to_string(&fx.out.envelope_path).unwrap();
    // Inside the base64 payload.
    let at = text.find("\"payload\":\"").unwrap() + 40;
    flip(&fx.out.envelope_path, at);
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed);
    assert!(
        v.failures.iter().any(|f| matches!(f, Failure::BadSignature { file, .. } | Failure::EnvelopeMalformed { file, .. }
            if file == &fx.out.envelope_path)),
        "{v}"
    );
    // Inside the signature.
    let fx = release(None);
    let text = std::fs::read_to_string(&fx.out.envelope_path).unwrap();
    let at = text.find("\"sig\":\"").unwrap() + 10;
    flip(&fx.out.envelope_path, at);
    let v = run(&fx);
    assert!(
        v.failures
            .iter()
            .any(|f| matches!(f, Failure::BadSignature { .. })),
        "{v}"
    );
    // Signed by another key.
    let other = release(None);
    let v = verify_release(
        fx.dir.path(),
        &other.key.verifying_key(),
        &fx.out.envelope_path,
        &VerifyOptions::default(),
    )
    .unwrap();
    assert!(
        v.failures
            .iter()
            .any(|f| matches!(f, Failure::BadSignature { .. })),
        "{v}"
    );
}

#[test]
fn flipped_digests_byte_is_named() {
    let fx = release(None);
    let d = fx.path(&format!("{IMAGE}.DIGESTS"));
    // First hex digit of the SHA256 line: "# SHA256 HASH\n" is 14 bytes.
    let mut b = std::fs::read(&d).unwrap();
    b[14] = if b[14] == b'0' { b'1' } else { b'0' };
    std::fs::write(&d, b).unwrap();
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed);
    assert_eq!(v.failures.len(), 1, "{v}");
    assert!(
        matches!(&v.failures[0],
        Failure::Digests { file, problem: DigestMismatch::Mismatch { name, .. } } if file == &d && name == IMAGE),
        "{v}"
    );
    // Corrupting the structure is reported as malformed, naming file and line.
    flip(&d, 1);
    let v = run(&fx);
    assert!(v.failures.iter().any(|f| matches!(f, Failure::DigestsMalformed { file, detail } if file == &d && detail.contains(":1: malformed block header"))), "{v}");
}

#[test]
fn missing_files_and_could_not_check() {
    let fx = release(None);
    std::fs::remove_file(fx.path("version.txt")).unwrap();
    std::fs::remove_file(fx.path(&format!("{QEMU}.DIGESTS"))).unwrap();
    let v = run(&fx);
    assert!(
        v.failures.contains(&Failure::SubjectMissing {
            name: "version.txt".into()
        }),
        "{v}"
    );
    assert!(v.failures.iter().any(|f| matches!(f, Failure::DigestsFileMissing { file } if file.ends_with(format!("{QEMU}.DIGESTS")))), "{v}");

    // A subject that cannot be read (a directory in its place) is "could not check", not a failure.
    let fx = release(None);
    std::fs::remove_file(fx.path(QEMU)).unwrap();
    std::fs::create_dir(fx.path(QEMU)).unwrap();
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Incomplete, "{v}");
    assert!(v.errors.iter().any(|e| e.what.contains(QEMU)), "{v}");

    // Missing envelope file: the signature check could not run.
    let fx = release(None);
    let v = verify_release(
        fx.dir.path(),
        &fx.key.verifying_key(),
        &fx.path("nope.intoto.jsonl"),
        &VerifyOptions::default(),
    )
    .unwrap();
    assert_eq!(v.outcome(), Outcome::Incomplete, "{v}");
    // Unlistable directory: Err.
    assert!(verify_release(
        &fx.path("no-such-dir"),
        &fx.key.verifying_key(),
        &fx.out.envelope_path,
        &VerifyOptions::default()
    )
    .is_err());
}

/// Re-signs the fixture's statement after `edit` changed it; returns the new envelope line.
fn resigned(fx: &Fixture, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let envs = railyard_attest::slsa::read_envelopes(&fx.out.envelope_path).unwrap();
    let mut st: serde_json::Value = serde_json::from_slice(&envs[0].payload_bytes().unwrap()).unwrap();
    edit(&mut st);
    let body = serde_json::to_vec(&st).unwrap();
    let env = railyard_attest::dsse::sign(&envs[0].payload_type, &body, &fx.key);
    String::from_utf8(env.to_json().unwrap()).unwrap()
}

fn wrong_claim(fx: &Fixture) -> serde_json::Value {
    let envs = railyard_attest::slsa::read_envelopes(&fx.out.envelope_path).unwrap();
    let st: serde_json::Value = serde_json::from_slice(&envs[0].payload_bytes().unwrap()).unwrap();
    let mut s = st["subject"].as_array().unwrap().iter().find(|s| s["name"] == QEMU).unwrap().clone();
    s["digest"]["sha256"] = serde_json::Value::String("00".repeat(32));
    s
}

#[test]
fn subject_listed_twice_with_different_digests_fails_naming_both() {
    let fx = release(None);
    let good = std::fs::read_to_string(&fx.out.envelope_path).unwrap();
    let wrong = wrong_claim(&fx);
    // The wrong claim first, the right one last (the last claim used to win).
    let line = resigned(&fx, |st| st["subject"].as_array_mut().unwrap().insert(0, wrong.clone()));
    std::fs::write(&fx.out.envelope_path, format!("{line}\n")).unwrap();
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed, "{v}");
    let text = v.to_string();
    assert!(text.contains(&format!("subject {QEMU}: conflicting claims")) && text.contains(&"00".repeat(32)), "{text}");
    assert!(v.failures.iter().any(|f| matches!(f, Failure::SubjectConflict { name, second, .. } if name == QEMU && second.contains("listed again"))), "{v}");
    // Two envelopes that disagree: the wrong one first, the original after it.
    let line = resigned(&fx, |st| {
        let subj = st["subject"].as_array_mut().unwrap();
        subj.retain(|s| s["name"] != QEMU);
        subj.push(wrong);
    });
    std::fs::write(&fx.out.envelope_path, format!("{line}\n{good}")).unwrap();
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed, "{v}");
    let conflict = v.failures.iter().find_map(|f| match f {
        Failure::SubjectConflict { name, first, second } if name == QEMU => Some((first.clone(), second.clone())),
        _ => None,
    });
    let (first, second) = conflict.unwrap_or_else(|| panic!("no conflict reported: {v}"));
    assert!(first.contains("envelope 0") && first.contains(&"00".repeat(32)), "{first}");
    assert!(second.contains("envelope 1") && second.contains("sha256"), "{second}");
}

#[test]
fn oversized_envelope_is_not_read() {
    let fx = release(None);
    let f = std::fs::OpenOptions::new().append(true).open(&fx.out.envelope_path).unwrap();
    // A sparse file: no disk space, and verify must not read it into memory.
    f.set_len(railyard_attest::verify::MAX_ENVELOPE_BYTES * 32).unwrap();
    let v = run(&fx);
    assert_eq!(v.outcome(), Outcome::Failed, "{v}");
    assert!(v.failures.iter().any(|f| matches!(f, Failure::TooLarge { file, .. } if *file == fx.out.envelope_path)), "{v}");
    let d = fx.path(&format!("{QEMU}.DIGESTS"));
    std::fs::OpenOptions::new().append(true).open(&d).unwrap().set_len(railyard_attest::digests::MAX_DIGESTS_BYTES * 64).unwrap();
    let v = run(&fx);
    assert!(v.failures.iter().any(|f| matches!(f, Failure::DigestsMalformed { file, detail } if *file == d && detail.contains("larger than"))), "{v}");
}
