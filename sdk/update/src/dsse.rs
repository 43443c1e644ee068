//! The signed manifest: a DSSE v1 envelope with ed25519 signatures, the same envelope and
//! key ids as the provenance of `railyard-attest` (written here again so this crate does
//! not pull in the SDK's dependencies).
//!
//! * `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`.
//! * Envelope JSON `{"payload","payloadType","signatures":[{"keyid","sig"}]}`, standard
//!   padded base64, keys in sorted order, one line.
//! * `keyid` = hex SHA-256 of the raw 32-byte public key; only a hint in error messages.
//! * Several signatures are allowed (key rotation): the manifest is accepted when any of
//!   them verifies with any trusted key.

use crate::error::{Error, Result};
use crate::manifest::Manifest;
use crate::{MAX_ENVELOPE_BYTES, PAYLOAD_TYPE};
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Pre-authentication encoding of `payload_type` and `body`.
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload_type.len() + body.len() + 32);
    out.extend_from_slice(
        format!(
            "DSSEv1 {} {payload_type} {} ",
            payload_type.len(),
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

/// The key id of a public key: lower-case hex SHA-256 of its 32 raw bytes.
pub fn keyid(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// One signature of an envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    /// Key id hint (not trusted).
    #[serde(default)]
    pub keyid: String,
    /// Base64 of the 64-byte ed25519 signature.
    pub sig: String,
}

/// A DSSE envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Base64 of the manifest JSON.
    pub payload: String,
    /// [`PAYLOAD_TYPE`].
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// Signatures over `PAE(payloadType, payload)`; empty for an unsigned build.
    pub signatures: Vec<EnvelopeSignature>,
}

fn lenient_decode(s: &str) -> Option<Vec<u8>> {
    let cfg = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(&alphabet::STANDARD, cfg)
        .decode(s)
        .ok()
        .or_else(|| GeneralPurpose::new(&alphabet::URL_SAFE, cfg).decode(s).ok())
}

/// The envelope of `manifest` signed by each of `keys` (none: an unsigned envelope).
/// Deterministic: ed25519 signatures are.
pub fn sign_manifest(manifest: &Manifest, keys: &[&SigningKey]) -> Result<Envelope> {
    manifest.validate()?;
    let body = manifest.to_json()?;
    let mut env = Envelope {
        payload: STANDARD.encode(&body),
        payload_type: PAYLOAD_TYPE.to_string(),
        signatures: Vec::new(),
    };
    for k in keys {
        env.add_signature(k)?;
    }
    Ok(env)
}

impl Envelope {
    /// Adds a signature by `key` over the envelope's payload.
    pub fn add_signature(&mut self, key: &SigningKey) -> Result<()> {
        let body = lenient_decode(&self.payload)
            .ok_or_else(|| Error::Envelope("payload is not valid base64".into()))?;
        let sig = key.sign(&pae(&self.payload_type, &body));
        self.signatures.push(EnvelopeSignature {
            keyid: keyid(&key.verifying_key()),
            sig: STANDARD.encode(sig.to_bytes()),
        });
        Ok(())
    }

    /// The file form: one line of JSON (keys sorted) and a newline.
    pub fn to_json(&self) -> Result<Vec<u8>> {
        let mut v = serde_json::to_vec(self)
            .map_err(|e| Error::Envelope(format!("cannot serialize: {e}")))?;
        v.push(b'\n');
        Ok(v)
    }

    /// Parses an envelope file (at most [`MAX_ENVELOPE_BYTES`]); nothing in it is trusted yet.
    pub fn from_json(data: &[u8]) -> Result<Envelope> {
        if data.len() as u64 > MAX_ENVELOPE_BYTES {
            return Err(Error::TooLarge {
                size: data.len() as u64,
                limit: MAX_ENVELOPE_BYTES,
            });
        }
        serde_json::from_slice(data).map_err(|e| Error::Envelope(format!("bad JSON: {e}")))
    }

    /// The payload bytes if a signature verifies with one of `trusted` and the type is the
    /// update manifest's. Errors name each signature's key id.
    pub fn verify(&self, trusted: &[VerifyingKey]) -> Result<Vec<u8>> {
        if self.signatures.is_empty() {
            return Err(Error::Unsigned);
        }
        let body = lenient_decode(&self.payload)
            .ok_or_else(|| Error::Envelope("payload is not valid base64".into()))?;
        let msg = pae(&self.payload_type, &body);
        let trusted_ids: Vec<String> = trusted.iter().map(keyid).collect();
        let mut reasons = Vec::new();
        for (i, s) in self.signatures.iter().enumerate() {
            let sig = lenient_decode(&s.sig).and_then(|b| Signature::from_slice(&b).ok());
            let Some(sig) = sig else {
                reasons.push(format!(
                    "signature {i} is not a valid base64 ed25519 signature"
                ));
                continue;
            };
            if trusted.iter().any(|k| k.verify_strict(&msg, &sig).is_ok()) {
                if self.payload_type != PAYLOAD_TYPE {
                    return Err(Error::Envelope(format!(
                        "payloadType {:?} is not {PAYLOAD_TYPE:?}",
                        self.payload_type
                    )));
                }
                return Ok(body);
            }
            let id: String = s
                .keyid
                .chars()
                .filter(|c| c.is_ascii_hexdigit())
                .take(64)
                .collect();
            if trusted_ids.contains(&id) {
                reasons.push(format!("signature {i} claims the trusted key {id} but does not verify (manifest or signature modified)"));
            } else if id.is_empty() {
                reasons.push(format!(
                    "signature {i} is signed by an unknown key (no key id)"
                ));
            } else {
                reasons.push(format!("signed by an unknown key {id}"));
            }
        }
        Err(Error::Untrusted(format!(
            "no signature is by a trusted key ({}; trusted: {})",
            reasons.join("; "),
            if trusted_ids.is_empty() {
                "none".to_string()
            } else {
                trusted_ids.join(", ")
            }
        )))
    }
}

/// Checks the envelope file `data` against `trusted` keys (size, then signature, then
/// type) and only then parses and validates the manifest inside.
pub fn verify_manifest(data: &[u8], trusted: &[VerifyingKey]) -> Result<Manifest> {
    let env = Envelope::from_json(data)?;
    let body = env.verify(trusted)?;
    Manifest::from_json(&body)
}
