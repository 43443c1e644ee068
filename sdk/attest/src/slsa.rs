//! in-toto Statement v1 with a SLSA Provenance v1 predicate, and the `.intoto.jsonl` file.
//!
//! Field names follow `in-toto/attestation` `spec/v1` and `slsa.dev/spec/v1.0/provenance`. Optional
//! fields are omitted when empty; maps are `BTreeMap`s, and serialisation goes through
//! [`crate::canonical_json`], so the same inputs always give the same bytes. Timestamps are RFC 3339
//! UTC strings built by [`crate::time::rfc3339_utc`].

use crate::digests::FileDigests;
use crate::dsse::{self, Envelope, IN_TOTO_PAYLOAD_TYPE};
use crate::error::{Error, Result};
use crate::json::canonical_json;
use crate::time::rfc3339_utc;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// `_type` of an in-toto Statement v1.
pub const STATEMENT_TYPE_V1: &str = "https://in-toto.io/Statement/v1";
/// `predicateType` of SLSA Provenance v1.
pub const SLSA_PROVENANCE_V1: &str = "https://slsa.dev/provenance/v1";

fn is_empty_map<K, V>(m: &BTreeMap<K, V>) -> bool {
    m.is_empty()
}

/// in-toto ResourceDescriptor. At least one of `uri`, `digest`, `content` must be set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDescriptor {
    /// Name (for subjects: the file name relative to the release directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// URI identifying the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// DigestSet: algorithm name (`sha256`, `sha512`, `gitCommit`, ...) → lower-case hex.
    #[serde(default, skip_serializing_if = "is_empty_map")]
    pub digest: BTreeMap<String, String>,
    /// Base64 of the resource content (SHOULD be < 1 KB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Where the resource can be downloaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_location: Option<String>,
    /// Media type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Free-form annotations.
    #[serde(default, skip_serializing_if = "is_empty_map")]
    pub annotations: BTreeMap<String, Value>,
}

impl ResourceDescriptor {
    /// A subject for a hashed file: `name` plus `sha256` and `sha512` digests.
    pub fn subject(name: impl Into<String>, fd: &FileDigests) -> Self {
        let mut digest = BTreeMap::new();
        digest.insert("sha256".to_string(), fd.sha256_hex());
        digest.insert("sha512".to_string(), fd.sha512_hex());
        ResourceDescriptor {
            name: Some(name.into()),
            digest,
            ..Default::default()
        }
    }
}

/// The Statement envelope layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement<P = Provenance> {
    /// Always [`STATEMENT_TYPE_V1`].
    #[serde(rename = "_type")]
    pub type_: String,
    /// Artefacts this statement is about; each must carry a digest.
    pub subject: Vec<ResourceDescriptor>,
    /// Predicate type URI.
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// The predicate.
    pub predicate: P,
}

/// SLSA Provenance v1 predicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// What the build was asked to do.
    pub build_definition: BuildDefinition,
    /// Who ran it, when, and what else came out.
    pub run_details: RunDetails,
}

/// `buildDefinition`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildDefinition {
    /// URI of the build template specification.
    pub build_type: String,
    /// Untrusted, user-controlled inputs (the external interface of the build).
    pub external_parameters: BTreeMap<String, Value>,
    /// Parameters set by the build platform.
    #[serde(default, skip_serializing_if = "is_empty_map")]
    pub internal_parameters: BTreeMap<String, Value>,
    /// Artefacts fetched during the build (sources, SDK image, binpkgs, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved_dependencies: Vec<ResourceDescriptor>,
}

/// `runDetails`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDetails {
    /// The builder identity.
    pub builder: Builder,
    /// Invocation metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BuildMetadata>,
    /// Additional outputs (logs, SBOM digest, evaluated manifest).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub byproducts: Vec<ResourceDescriptor>,
}

/// `runDetails.builder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Builder {
    /// Builder id URI; local and CI builds must use different ids.
    pub id: String,
    /// Component name → version.
    #[serde(default, skip_serializing_if = "is_empty_map")]
    pub version: BTreeMap<String, String>,
    /// Dependencies of the builder itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builder_dependencies: Vec<ResourceDescriptor>,
}

/// `runDetails.metadata`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildMetadata {
    /// Identifier of this build invocation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_id: Option<String>,
    /// RFC 3339 start time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_on: Option<String>,
    /// RFC 3339 finish time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_on: Option<String>,
}

impl BuildMetadata {
    /// Metadata with timestamps from epoch seconds.
    pub fn from_epochs(
        invocation_id: Option<String>,
        started: Option<i64>,
        finished: Option<i64>,
    ) -> Result<Self> {
        Ok(BuildMetadata {
            invocation_id,
            started_on: started.map(rfc3339_utc).transpose()?,
            finished_on: finished.map(rfc3339_utc).transpose()?,
        })
    }
}

impl Statement<Provenance> {
    /// Build a SLSA v1 provenance statement. Subjects are sorted by name for determinism; duplicate
    /// names, subjects without a digest and an empty subject list are errors.
    pub fn provenance(mut subject: Vec<ResourceDescriptor>, predicate: Provenance) -> Result<Self> {
        if subject.is_empty() {
            return Err(Error::Invalid(
                "a statement needs at least one subject".into(),
            ));
        }
        subject.sort_by(|a, b| a.name.cmp(&b.name));
        for w in subject.windows(2) {
            if w[0].name == w[1].name {
                return Err(Error::Invalid(format!(
                    "duplicate subject name {:?}",
                    w[0].name
                )));
            }
        }
        if let Some(s) = subject.iter().find(|s| s.digest.is_empty()) {
            return Err(Error::Invalid(format!(
                "subject {:?} has no digest",
                s.name
            )));
        }
        if predicate.build_definition.build_type.is_empty()
            || predicate.run_details.builder.id.is_empty()
        {
            return Err(Error::Invalid(
                "buildType and builder.id are required".into(),
            ));
        }
        Ok(Statement {
            type_: STATEMENT_TYPE_V1.to_string(),
            subject,
            predicate_type: SLSA_PROVENANCE_V1.to_string(),
            predicate,
        })
    }
}

impl<P: Serialize> Statement<P> {
    /// Canonical compact JSON (the DSSE payload).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        canonical_json(self)
    }

    /// Serialise and sign as a DSSE envelope with payloadType `application/vnd.in-toto+json`.
    pub fn sign(&self, key: &SigningKey) -> Result<Envelope> {
        Ok(dsse::sign(IN_TOTO_PAYLOAD_TYPE, &self.to_json()?, key))
    }
}

/// A statement whose predicate is kept as raw JSON (used by the verifier, which must accept
/// statements with predicates it does not model).
pub type AnyStatement = Statement<Value>;

/// Write `envelopes` to `path` as JSON Lines (one compact envelope per line, `\n`-terminated), e.g.
/// `flatcar_production_image.intoto.jsonl`.
pub fn write_intoto_jsonl(path: &Path, envelopes: &[Envelope]) -> Result<()> {
    let mut out = Vec::new();
    for e in envelopes {
        out.extend_from_slice(&e.to_json()?);
        out.push(b'\n');
    }
    crate::write_atomic(path, &out)
}

/// Read envelopes from a `.intoto.jsonl` file (one per non-blank line) or a single-envelope `.json`
/// file (which may be pretty-printed).
pub fn read_envelopes(path: &Path) -> Result<Vec<Envelope>> {
    let data = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    parse_envelopes(&data, path)
}

/// Parse envelope file contents; see [`read_envelopes`]. `path` is used in errors only.
pub fn parse_envelopes(data: &[u8], path: &Path) -> Result<Vec<Envelope>> {
    if let Ok(e) = serde_json::from_slice::<Envelope>(data) {
        return Ok(vec![e]);
    }
    let text = std::str::from_utf8(data).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: 0,
        msg: format!("not UTF-8: {e}"),
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e = serde_json::from_str::<Envelope>(line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            msg: format!("not a DSSE envelope: {e}"),
        })?;
        out.push(e);
    }
    if out.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 0,
            msg: "no envelopes".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Statement {
        let mut ext = BTreeMap::new();
        ext.insert("board".to_string(), Value::from("amd64-usr"));
        let pred = Provenance {
            build_definition: BuildDefinition {
                build_type: "https://railyard.invalid/buildtypes/image/v1".into(),
                external_parameters: ext,
                internal_parameters: BTreeMap::new(),
                resolved_dependencies: vec![],
            },
            run_details: RunDetails {
                builder: Builder {
                    id: "https://railyard.invalid/builders/local".into(),
                    ..Builder::default_for_test()
                },
                metadata: Some(
                    BuildMetadata::from_epochs(Some("x".into()), Some(0), Some(60)).unwrap(),
                ),
                byproducts: vec![],
            },
        };
        let mut d = BTreeMap::new();
        d.insert("sha256".to_string(), "00".repeat(32));
        Statement::provenance(
            vec![ResourceDescriptor {
                name: Some("a".into()),
                digest: d,
                ..Default::default()
            }],
            pred,
        )
        .unwrap()
    }

    impl Builder {
        fn default_for_test() -> Self {
            Builder {
                id: String::new(),
                version: BTreeMap::new(),
                builder_dependencies: vec![],
            }
        }
    }

    #[test]
    fn field_names_and_roundtrip() {
        let s = sample();
        let j = String::from_utf8(s.to_json().unwrap()).unwrap();
        assert!(j.starts_with(r#"{"_type":"https://in-toto.io/Statement/v1","predicate":{"buildDefinition":{"buildType":"#), "{j}");
        assert!(j.contains(r#""runDetails":{"builder":{"id":"https://railyard.invalid/builders/local"},"metadata":{"finishedOn":"1970-01-01T00:01:00Z","invocationId":"x","startedOn":"1970-01-01T00:00:00Z"}}"#), "{j}");
        assert!(j.contains(r#""predicateType":"https://slsa.dev/provenance/v1""#));
        let back: Statement = serde_json::from_str(&j).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn rejects_bad_statements() {
        let s = sample();
        assert!(Statement::provenance(vec![], s.predicate.clone()).is_err());
        let dup = vec![s.subject[0].clone(), s.subject[0].clone()];
        assert!(Statement::provenance(dup, s.predicate.clone())
            .unwrap_err()
            .to_string()
            .contains("duplicate"));
    }

    #[test]
    fn jsonl_roundtrip() {
        let dir = tempfile::tempdir().unwrap();
        let key = SigningKey::from_bytes(&[1; 32]);
        let e = sample().sign(&key).unwrap();
        let p = dir.path().join("x.intoto.jsonl");
        write_intoto_jsonl(&p, &[e.clone(), e.clone()]).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert_eq!(read_envelopes(&p).unwrap(), vec![e.clone(), e]);
        std::fs::write(&p, "{\n").unwrap();
        let err = read_envelopes(&p).unwrap_err().to_string();
        assert!(err.contains("x.intoto.jsonl:1"), "{err}");
    }
}
