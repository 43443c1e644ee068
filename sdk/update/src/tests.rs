use super::*;
use base64::Engine;
use ed25519_dalek::SigningKey;
use std::io::Cursor;

const USR_A: &str = "7130c94a-213a-4e5a-8e26-6cce9662f132";
const USR_B: &str = "e03dd35c-7c2d-4a47-b3fe-27f15780a57c";
const ROOT_HASH: &str = "aa11223344556677889900aabbccddeeff00112233445566778899aabbccddee";

fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

fn cmdline(uuid: &str) -> String {
    format!("console=ttyS0 root=LABEL=ROOT mount.usr=/dev/mapper/usr verity.usr=PARTUUID={uuid} verity.usrhash={ROOT_HASH} verity.usrhashoffset=12288")
}

/// A payload (usr: 3 data blocks + 2 hash blocks, with zero runs; a kernel; an initrd)
/// and its manifest.
fn sample() -> (Vec<u8>, Manifest) {
    let mut usr = vec![0u8; 5 * 4096];
    for (i, b) in usr[..5000].iter_mut().enumerate() {
        *b = (i % 251) as u8 + 1;
    }
    usr[12288..12288 + 8].copy_from_slice(b"verity\0\0");
    usr[5 * 4096 - 1] = 0; // ends in zeros: the writer must still give the full length
    let kernel: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 256) as u8).collect();
    let initrd = vec![0x28u8; 3000];
    let mut w = PayloadWriter::new(Cursor::new(Vec::new()));
    w.add_blob("usr", &mut &usr[..], usr.len() as u64).unwrap();
    w.add_blob("vmlinuz", &mut &kernel[..], kernel.len() as u64)
        .unwrap();
    w.add_blob("initrd", &mut &initrd[..], initrd.len() as u64)
        .unwrap();
    let (out, blobs) = w.finish().unwrap();
    let m = Manifest {
        format: FORMAT,
        os: "railyard".into(),
        version: "1.2.3".into(),
        board: "amd64-usr".into(),
        arch: "amd64".into(),
        created: 1_700_000_000,
        usr: UsrImage {
            fs_type: "erofs".into(),
            fs_bytes: 5000,
            root_hash: ROOT_HASH.into(),
            hash_algorithm: "sha256".into(),
            data_block_size: 4096,
            hash_block_size: 4096,
            data_blocks: 3,
            hash_offset: 12288,
            hash_blocks: 2,
            salt: Some("00ff".into()),
        },
        slots: vec![
            Slot {
                label: "USR-A".into(),
                partuuid: USR_A.into(),
                cmdline: cmdline(USR_A),
            },
            Slot {
                label: "USR-B".into(),
                partuuid: USR_B.into(),
                cmdline: cmdline(USR_B),
            },
        ],
        blobs,
    };
    (out.into_inner(), m)
}

#[test]
fn roundtrip_layout_and_determinism() {
    let (payload, m) = sample();
    // layout: aligned offsets, zero padding, no trailing bytes
    let offs: Vec<(u64, u64)> = m.blobs.iter().map(|b| (b.offset, b.size)).collect();
    assert_eq!(offs, vec![(0, 20480), (20480, 5000), (28672, 3000)]);
    assert_eq!(payload.len() as u64, m.payload_size());
    assert_eq!(payload.len(), 28672 + 3000);
    assert!(payload[20480 + 5000..28672].iter().all(|&b| b == 0));
    assert_eq!(&payload[12288..12296], b"verity\0\0");
    let k = key(1);
    let env = sign_manifest(&m, &[&k]).unwrap();
    let bytes = env.to_json().unwrap();
    assert!(
        bytes.starts_with(b"{\"payload\":\"") && bytes.ends_with(b"]}\n"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(env.payload_type, PAYLOAD_TYPE);
    let got = verify_manifest(&bytes, &[k.verifying_key()]).unwrap();
    assert_eq!(got, m);
    check_payload(&mut &payload[..], &got).unwrap();
    // the same inputs give the same bytes
    let (p2, m2) = sample();
    assert_eq!(p2, payload);
    assert_eq!(sign_manifest(&m2, &[&k]).unwrap().to_json().unwrap(), bytes);
    // a file written sparsely reads back the same
    let f = std::env::temp_dir().join(format!("railyard-update-test-{}", std::process::id()));
    let file = std::fs::File::create(&f).unwrap();
    let mut w = PayloadWriter::new(file);
    w.add_blob("usr", &mut &payload[..20480], 20480).unwrap();
    drop(w.finish().unwrap());
    assert_eq!(std::fs::read(&f).unwrap(), payload[..20480].to_vec());
    let _ = std::fs::remove_file(&f);
}

#[test]
fn flipped_byte_in_a_blob_names_the_blob() {
    let (payload, m) = sample();
    for (name, off) in [
        ("usr", 100u64),
        ("usr", 16000),
        ("vmlinuz", 20480 + 4999),
        ("initrd", 28672),
    ] {
        let mut p = payload.clone();
        p[off as usize] ^= 1;
        let e = check_payload(&mut &p[..], &m).unwrap_err().to_string();
        assert!(e.starts_with(&format!("blob `{name}`: sha256 is")), "{e}");
    }
    // padding, truncation and trailing bytes are caught too
    let mut p = payload.clone();
    p[26000] = 1;
    let e = check_payload(&mut &p[..], &m).unwrap_err().to_string();
    assert!(
        e.contains("non-zero padding") && e.contains("`initrd`"),
        "{e}"
    );
    let e = check_payload(&mut &payload[..payload.len() - 1], &m)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("blob `initrd`") && e.contains("ends after"),
        "{e}"
    );
    let mut p = payload.clone();
    p.push(0);
    let e = check_payload(&mut &p[..], &m).unwrap_err().to_string();
    assert!(e.contains("after its last blob"), "{e}");
    // a short source is refused by the writer
    let mut w = PayloadWriter::new(Cursor::new(Vec::new()));
    let e = w
        .add_blob("usr", &mut &[1u8; 10][..], 11)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("blob `usr`") && e.contains("ended after 10 of 11"),
        "{e}"
    );
}

#[test]
fn manifest_signed_by_another_key_is_refused() {
    let (_, m) = sample();
    let other = key(2);
    let bytes = sign_manifest(&m, &[&other]).unwrap().to_json().unwrap();
    let e = verify_manifest(&bytes, &[key(1).verifying_key()])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!(
            "signed by an unknown key {}",
            keyid(&other.verifying_key())
        )),
        "{e}"
    );
    // no signature at all
    let bytes = sign_manifest(&m, &[]).unwrap().to_json().unwrap();
    let e = verify_manifest(&bytes, &[key(1).verifying_key()]).unwrap_err();
    assert!(
        matches!(e, Error::Unsigned) && e.to_string().contains("no signature"),
        "{e}"
    );
    // no trusted keys
    let bytes = sign_manifest(&m, &[&key(1)]).unwrap().to_json().unwrap();
    assert!(verify_manifest(&bytes, &[])
        .unwrap_err()
        .to_string()
        .contains("trusted: none"));
}

#[test]
fn two_signatures_where_one_is_trusted_are_accepted() {
    let (_, m) = sample();
    let (old, new) = (key(1), key(2));
    for keys in [[&old, &new], [&new, &old]] {
        let bytes = sign_manifest(&m, &keys).unwrap().to_json().unwrap();
        assert_eq!(verify_manifest(&bytes, &[old.verifying_key()]).unwrap(), m);
        assert_eq!(verify_manifest(&bytes, &[new.verifying_key()]).unwrap(), m);
        assert_eq!(
            verify_manifest(&bytes, &[key(3).verifying_key(), new.verifying_key()]).unwrap(),
            m
        );
        assert!(verify_manifest(&bytes, &[key(3).verifying_key()]).is_err());
    }
}

#[test]
fn modified_envelopes_are_refused_before_the_manifest_is_read() {
    let (_, m) = sample();
    let k = key(1);
    let vk = [k.verifying_key()];
    let env = sign_manifest(&m, &[&k]).unwrap();
    // a changed manifest under the old signature
    let mut m2 = m.clone();
    m2.blobs[1].sha256 = "00".repeat(32);
    let mut bad = env.clone();
    bad.payload = base64::engine::general_purpose::STANDARD.encode(m2.to_json().unwrap());
    let e = verify_manifest(&bad.to_json().unwrap(), &vk)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("claims the trusted key") && e.contains("does not verify"),
        "{e}"
    );
    // a changed payloadType
    let mut bad = env.clone();
    bad.payload_type = "application/vnd.in-toto+json".into();
    assert!(verify_manifest(&bad.to_json().unwrap(), &vk).is_err());
    // correctly signed, wrong type: refused after the signature check
    let mut other = env.clone();
    other.payload_type = "application/x-other".into();
    other.signatures.clear();
    other.add_signature(&k).unwrap();
    let e = verify_manifest(&other.to_json().unwrap(), &vk)
        .unwrap_err()
        .to_string();
    assert!(e.contains("payloadType"), "{e}");
    // not JSON
    let e = verify_manifest(b"{not json", &vk).unwrap_err().to_string();
    assert!(e.contains("bad JSON"), "{e}");
    // a signed manifest of another format, or with unknown fields, or inconsistent
    let sign_body = |body: &[u8]| {
        let mut e = Envelope {
            payload: base64::engine::general_purpose::STANDARD.encode(body),
            payload_type: PAYLOAD_TYPE.into(),
            signatures: vec![],
        };
        e.add_signature(&k).unwrap();
        e.to_json().unwrap()
    };
    let mut v = serde_json::to_value(&m).unwrap();
    v["format"] = 2.into();
    let e = verify_manifest(&sign_body(&serde_json::to_vec(&v).unwrap()), &vk)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unsupported format 2"), "{e}");
    let mut v = serde_json::to_value(&m).unwrap();
    v["extra"] = 1.into();
    let e = verify_manifest(&sign_body(&serde_json::to_vec(&v).unwrap()), &vk)
        .unwrap_err()
        .to_string();
    assert!(e.contains("unknown field"), "{e}");
    let mut v = serde_json::to_value(&m).unwrap();
    v["blobs"][1]["offset"] = 20481.into();
    let e = verify_manifest(&sign_body(&serde_json::to_vec(&v).unwrap()), &vk)
        .unwrap_err()
        .to_string();
    assert!(e.contains("blob `vmlinuz` starts at 20481"), "{e}");
    let mut v = serde_json::to_value(&m).unwrap();
    v["slots"][1]["cmdline"] = cmdline(USR_A).into();
    let e = verify_manifest(&sign_body(&serde_json::to_vec(&v).unwrap()), &vk)
        .unwrap_err()
        .to_string();
    assert!(e.contains("slot USR-B") && e.contains(USR_B), "{e}");
    let mut v = serde_json::to_value(&m).unwrap();
    v["blobs"][0]["size"] = (MAX_BLOB_BYTES + 4096).into();
    let e = verify_manifest(&sign_body(&serde_json::to_vec(&v).unwrap()), &vk)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("blob `usr`") && e.contains("more than the limit"),
        "{e}"
    );
}

#[test]
fn oversize_manifest_is_refused() {
    let (_, mut m) = sample();
    let k = key(1);
    // a validly signed envelope over 1 MiB is refused for its size alone
    m.version = "v".repeat(200);
    let mut env = sign_manifest(&m, &[&k]).unwrap();
    for _ in 0..20_000 {
        env.signatures.push(env.signatures[0].clone());
    }
    let bytes = env.to_json().unwrap();
    assert!(bytes.len() as u64 > MAX_ENVELOPE_BYTES);
    let e = verify_manifest(&bytes, &[k.verifying_key()]).unwrap_err();
    assert!(matches!(e, Error::TooLarge { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("more than the limit of 1048576 bytes"),
        "{e}"
    );
}

#[test]
fn pae_matches_the_dsse_spec() {
    assert_eq!(
        pae("http://example.com/HelloWorld", b"hello world"),
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
    );
    assert_eq!(pae("", b""), b"DSSEv1 0  0 ".to_vec());
}
