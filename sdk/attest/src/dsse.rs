//! DSSE v1 (Dead Simple Signing Envelope) with ed25519.
//!
//! * `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where `LEN` is the ASCII
//!   decimal byte length without leading zeros and `SP` is one space (0x20).
//! * Signature = ed25519 over the PAE bytes.
//! * Envelope JSON: `{"payload": <base64 std>, "payloadType": ..., "signatures": [{"keyid", "sig"}]}`;
//!   `sig` is standard base64 of the 64-byte signature.
//! * **keyid** = lower-case hex SHA-256 of the 32-byte raw ed25519 public key ([`keyid`]). It is only
//!   a hint: verification never trusts it and tries the supplied key against every signature.
//!   It is always written because `securesystemslib` requires it and matches signatures by keyid.
//! * Verification accepts standard and URL-safe base64, padded or not (as the spec requires), and
//!   follows the spec's order: decode, verify the signature over PAE, check `payloadType`, and only
//!   then hand the payload out.

use crate::error::{Error, Result};
use crate::json::canonical_json;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `payloadType` for in-toto statements.
pub const IN_TOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// Pre-authentication encoding of `payload_type` and `body`.
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload_type.len() + body.len() + 32);
    out.extend_from_slice(b"DSSEv1 ");
    out.extend_from_slice(payload_type.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(payload_type.as_bytes());
    out.push(b' ');
    out.extend_from_slice(body.len().to_string().as_bytes());
    out.push(b' ');
    out.extend_from_slice(body);
    out
}

/// The DSSE key id used by Railyard: lower-case hex SHA-256 of the raw 32-byte public key.
pub fn keyid(key: &VerifyingKey) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// One signature in an envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    /// Unauthenticated key hint (see [`keyid`]).
    #[serde(default)]
    pub keyid: String,
    /// Base64 of the signature bytes.
    pub sig: String,
}

/// A DSSE JSON envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Base64 (standard alphabet, padded) of the serialized body.
    pub payload: String,
    /// Media type of the payload.
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// Signatures over `PAE(payloadType, payload)`.
    pub signatures: Vec<EnvelopeSignature>,
}

fn lenient_decode(s: &str) -> Option<Vec<u8>> {
    let cfg = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let std_ = GeneralPurpose::new(&alphabet::STANDARD, cfg);
    let url = GeneralPurpose::new(&alphabet::URL_SAFE, cfg);
    std_.decode(s).ok().or_else(|| url.decode(s).ok())
}

/// Sign `body` as `payload_type` with `key`, producing a one-signature envelope.
pub fn sign(payload_type: &str, body: &[u8], key: &SigningKey) -> Envelope {
    let sig = key.sign(&pae(payload_type, body));
    Envelope {
        payload: STANDARD.encode(body),
        payload_type: payload_type.to_string(),
        signatures: vec![EnvelopeSignature {
            keyid: keyid(&key.verifying_key()),
            sig: STANDARD.encode(sig.to_bytes()),
        }],
    }
}

impl Envelope {
    /// Add a signature by another key (multi-signature envelopes are allowed by DSSE).
    pub fn add_signature(&mut self, key: &SigningKey) -> Result<()> {
        let body = self.payload_bytes()?;
        let sig = key.sign(&pae(&self.payload_type, &body));
        self.signatures.push(EnvelopeSignature {
            keyid: keyid(&key.verifying_key()),
            sig: STANDARD.encode(sig.to_bytes()),
        });
        Ok(())
    }

    /// Decode the payload (does **not** verify; use [`Envelope::verify`] before trusting it).
    pub fn payload_bytes(&self) -> Result<Vec<u8>> {
        lenient_decode(&self.payload)
            .ok_or_else(|| Error::Dsse("payload is not valid base64".into()))
    }

    /// Verify that at least one signature is a valid ed25519 signature by `key` over
    /// `PAE(payloadType, payload)` and that `payloadType == expected_type`; return the payload.
    pub fn verify(&self, key: &VerifyingKey, expected_type: &str) -> Result<Vec<u8>> {
        let body = self.payload_bytes()?;
        if self.signatures.is_empty() {
            return Err(Error::Dsse("envelope has no signatures".into()));
        }
        let msg = pae(&self.payload_type, &body);
        let ok = self.signatures.iter().any(|s| {
            lenient_decode(&s.sig)
                .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok())
                .is_some_and(|sig| key.verify_strict(&msg, &sig).is_ok())
        });
        if !ok {
            return Err(Error::Dsse(format!(
                "no signature verifies with key {} ({} signature(s) present)",
                keyid(key),
                self.signatures.len()
            )));
        }
        if self.payload_type != expected_type {
            return Err(Error::Dsse(format!(
                "unsupported payloadType {:?} (expected {expected_type:?})",
                self.payload_type
            )));
        }
        Ok(body)
    }

    /// Compact JSON with sorted keys (one line; used for `.intoto.jsonl`).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        canonical_json(self)
    }

    /// Parse an envelope from JSON.
    pub fn from_json(data: &[u8]) -> Result<Envelope> {
        serde_json::from_slice(data).map_err(|source| Error::Json {
            what: "DSSE envelope".into(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_spec_vector() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ".to_vec());
    }

    #[test]
    fn sign_verify_and_tamper() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let vk = key.verifying_key();
        let env = sign("t/x", b"{\"a\":1}", &key);
        assert_eq!(env.payload, "eyJhIjoxfQ==");
        assert_eq!(env.verify(&vk, "t/x").unwrap(), b"{\"a\":1}");
        // Deterministic (ed25519 is deterministic).
        assert_eq!(env, sign("t/x", b"{\"a\":1}", &key));
        // URL-safe unpadded forms are accepted.
        let mut e2 = env.clone();
        e2.payload = e2.payload.trim_end_matches('=').to_string();
        e2.signatures[0].sig = e2.signatures[0].sig.replace('+', "-").replace('/', "_");
        assert!(e2.verify(&vk, "t/x").is_ok());
        // Wrong type is rejected after signature check.
        assert!(env
            .verify(&vk, "t/y")
            .unwrap_err()
            .to_string()
            .contains("payloadType"));
        // Tampered payload / type / other key fail.
        let mut bad = env.clone();
        bad.payload = STANDARD.encode(b"{\"a\":2}");
        assert!(bad.verify(&vk, "t/x").is_err());
        let mut bad = env.clone();
        bad.payload_type = "t/z".into();
        assert!(bad.verify(&vk, "t/z").is_err());
        let other = SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        assert!(env.verify(&other, "t/x").is_err());
        // keyid is not trusted: a wrong hint does not matter.
        let mut hint = env.clone();
        hint.signatures[0].keyid = "nope".into();
        assert!(hint.verify(&vk, "t/x").is_ok());
        // Second signer.
        let mut multi = env.clone();
        multi
            .add_signature(&SigningKey::from_bytes(&[8u8; 32]))
            .unwrap();
        assert!(multi.verify(&other, "t/x").is_ok());
        let json = env.to_json().unwrap();
        assert!(json.starts_with(b"{\"payload\":"));
        assert_eq!(Envelope::from_json(&json).unwrap(), env);
    }
}
