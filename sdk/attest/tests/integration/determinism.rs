//! Same inputs → byte-identical SBOM, statement, envelope and DIGESTS files, independent of the
//! directory the release is built in.

use crate::common::*;
use railyard_attest::release::attest_release;

#[test]
fn outputs_are_byte_identical() {
    let a = release(Some([9; 32]));
    let b = release(Some([9; 32]));
    assert_ne!(a.dir.path(), b.dir.path());
    for name in [
        SBOM,
        "flatcar_production_image.intoto.jsonl",
        &format!("{IMAGE}.DIGESTS"),
        &format!("{SBOM}.DIGESTS"),
    ] {
        let x = std::fs::read(a.path(name)).unwrap();
        let y = std::fs::read(b.path(name)).unwrap();
        assert!(!x.is_empty());
        assert_eq!(x, y, "{name} differs between two builds");
    }
    assert_eq!(
        a.out.statement.to_json().unwrap(),
        b.out.statement.to_json().unwrap()
    );

    // Rebuilding in place (SBOM and DIGESTS already present) gives the same bytes again.
    let before = std::fs::read(a.path("flatcar_production_image.intoto.jsonl")).unwrap();
    attest_release(&spec(a.dir.path()), &a.key).unwrap();
    assert_eq!(
        before,
        std::fs::read(a.path("flatcar_production_image.intoto.jsonl")).unwrap()
    );

    // Package input order does not matter.
    let mut s = spec(b.dir.path());
    if let Some(sb) = s.sbom.as_mut() {
        sb.packages.reverse();
    }
    attest_release(&s, &b.key).unwrap();
    assert_eq!(
        std::fs::read(a.path(SBOM)).unwrap(),
        std::fs::read(b.path(SBOM)).unwrap()
    );
}

#[test]
fn sbom_reflects_inputs() {
    let a = release(Some([9; 32]));
    let text = std::fs::read_to_string(a.path(SBOM)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["creationInfo"]["created"], "2023-11-14T22:13:20Z");
    assert_eq!(
        v["creationInfo"]["creators"][0],
        format!("Tool: railyard-{}", railyard_attest::TOOL_VERSION)
    );
    assert_eq!(v["relationships"][0]["relationshipType"], "DESCRIBES");
    assert_eq!(
        v["relationships"].as_array().unwrap().len(),
        1 + packages().len()
    );
    let img = &v["packages"][0];
    assert_eq!(img["primaryPackagePurpose"], "OPERATING-SYSTEM");
    let want = a
        .out
        .digests
        .iter()
        .find(|(n, _)| n == IMAGE)
        .unwrap()
        .1
        .sha256_hex();
    assert_eq!(img["checksums"][0]["checksumValue"], want);
    // A different SOURCE_DATE_EPOCH changes `created` and therefore the namespace.
    let mut s = spec(a.dir.path());
    s.sbom.as_mut().unwrap().options.created_epoch += 1;
    let out = attest_release(&s, &a.key).unwrap();
    let doc = out.sbom.unwrap().1;
    assert_eq!(doc.creation_info.created, "2023-11-14T22:13:21Z");
    assert_ne!(doc.document_namespace, v["documentNamespace"]);
}
