//! UEFI Secure Boot signing for Railyard, deterministic.
//!
//! - [`Signer::sign`] signs a PE/COFF image (an EFI application, a UKI) with Authenticode:
//!   a PKCS#7 SignedData over the image's Authenticode SHA-256 digest, RSA PKCS#1 v1.5,
//!   appended as a WIN_CERTIFICATE. There is no signingTime, so the same key and the same
//!   image always give the same bytes.
//! - [`authenticode_digest`] and [`is_signed`] read an image.
//! - [`generate`] and [`certificate_for`] make the RSA-2048 key and self-signed certificate of a
//!   Secure Boot key (PK, KEK or db); the certificate is a pure function of the key, the common
//!   name and the validity.
//!
//! Every input is treated as hostile: offsets and sizes are bounds-checked and a bad image is an
//! error that says what is wrong, never a panic.

#![warn(missing_docs)]

use std::fmt;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

pub mod der;
mod pe;
mod x509;

/// sha256.
const SHA256: &[u64] = &[2, 16, 840, 1, 101, 3, 4, 2, 1];
/// pkcs7-data.
const DATA: &[u64] = &[1, 2, 840, 113549, 1, 7, 1];
/// pkcs7-signedData.
const SIGNED_DATA: &[u64] = &[1, 2, 840, 113549, 1, 7, 2];
/// SPC_INDIRECT_DATA_OBJID.
const SPC_INDIRECT_DATA: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 2, 1, 4];
/// SPC_PE_IMAGE_DATAOBJ.
const SPC_PE_IMAGE_DATA: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 2, 1, 15];
/// SPC_SP_OPUS_INFO_OBJID.
const SPC_SP_OPUS_INFO: &[u64] = &[1, 3, 6, 1, 4, 1, 311, 2, 1, 12];
/// pkcs9 contentType.
const CONTENT_TYPE: &[u64] = &[1, 2, 840, 113549, 1, 9, 3];
/// pkcs9 messageDigest.
const MESSAGE_DIGEST: &[u64] = &[1, 2, 840, 113549, 1, 9, 4];

/// Smallest RSA key accepted for signing.
const MIN_RSA_BITS: usize = 2048;

/// An RSA private key and its X.509 certificate (the UEFI db key).
pub struct Signer {
    key: RsaPrivateKey,
    cert_der: Vec<u8>,
    cert: x509::CertInfo,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // never the private key
        f.debug_struct("Signer")
            .field("subject", &self.subject())
            .field("cert_sha256", &self.cert_sha256())
            .finish()
    }
}

/// Finds the first PEM block in `bytes` (text before or after it is ignored) and decodes it.
fn pem_block(bytes: &[u8]) -> Option<Result<(String, Vec<u8>)>> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"-----END ";
    let start = bytes.windows(BEGIN.len()).position(|w| w == BEGIN)?;
    let rest = &bytes[start..];
    let end_marker = rest.windows(END.len()).position(|w| w == END);
    let block = match end_marker {
        Some(e) => {
            let after = &rest[e + END.len()..];
            let close = after
                .windows(5)
                .position(|w| w == b"-----")
                .map(|p| e + END.len() + p + 5);
            &rest[..close.unwrap_or(rest.len())]
        }
        None => rest,
    };
    Some(
        pem_rfc7468::decode_vec(block)
            .map(|(label, der)| (label.to_string(), der))
            .map_err(|e| anyhow::anyhow!("malformed PEM: {e}")),
    )
}

/// Parses an RSA private key: PEM PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"), or the
/// same as DER.
fn parse_key(bytes: &[u8], name: &str) -> Result<RsaPrivateKey> {
    let key = match pem_block(bytes) {
        Some(block) => {
            let (label, der) =
                block.with_context(|| format!("{name}: not a readable PEM private key"))?;
            match label.as_str() {
                "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_der(&der)
                    .map_err(|e| anyhow::anyhow!("{e}"))
                    .with_context(|| format!("{name}: not an RSA PKCS#8 private key"))?,
                "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_der(&der)
                    .map_err(|e| anyhow::anyhow!("{e}"))
                    .with_context(|| format!("{name}: not a PKCS#1 RSA private key"))?,
                "ENCRYPTED PRIVATE KEY" => {
                    bail!("{name}: the private key is encrypted; give an unencrypted one (openssl pkey -in {name} -out plain.key)")
                }
                other => bail!(
                    "{name}: PEM block is {other:?}, not \"PRIVATE KEY\" or \"RSA PRIVATE KEY\""
                ),
            }
        }
        None => RsaPrivateKey::from_pkcs8_der(bytes)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(bytes))
            .map_err(|_| {
                anyhow::anyhow!(
                    "{name}: not an RSA private key (no PEM block, and not PKCS#8 or PKCS#1 DER)"
                )
            })?,
    };
    if key.size() * 8 < MIN_RSA_BITS {
        bail!(
            "{name}: RSA key of {} bits is too small (at least {MIN_RSA_BITS})",
            key.size() * 8
        );
    }
    Ok(key)
}

/// PEM → DER for a certificate (also accepts DER as is).
pub fn cert_der_from(bytes: &[u8], name: &str) -> Result<Vec<u8>> {
    let der = match pem_block(bytes) {
        Some(block) => {
            let (label, der) =
                block.with_context(|| format!("{name}: not a readable PEM certificate"))?;
            if label != "CERTIFICATE" {
                bail!("{name}: PEM block is {label:?}, not \"CERTIFICATE\"");
            }
            der
        }
        None => bytes.to_vec(),
    };
    x509::parse(&der).with_context(|| format!("{name}: not an X.509 certificate (PEM or DER)"))?;
    Ok(der)
}

impl Signer {
    /// Loads a PEM private key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY", unencrypted) and a
    /// certificate (PEM "CERTIFICATE" or DER). Errors name the file; refuses a certificate whose public key is not the key's.
    pub fn load(key: &Path, cert: &Path) -> Result<Signer> {
        let key_bytes = std::fs::read(key)
            .with_context(|| format!("reading the private key {}", key.display()))?;
        let cert_bytes = std::fs::read(cert)
            .with_context(|| format!("reading the certificate {}", cert.display()))?;
        Signer::from_bytes(
            &key_bytes,
            &key.display().to_string(),
            &cert_bytes,
            &cert.display().to_string(),
        )
    }

    /// From PEM/DER bytes already read (names used in errors).
    pub fn from_bytes(
        key_pem: &[u8],
        key_name: &str,
        cert: &[u8],
        cert_name: &str,
    ) -> Result<Signer> {
        let key = parse_key(key_pem, key_name)?;
        let cert_der = cert_der_from(cert, cert_name)?;
        let info = x509::parse(&cert_der)
            .with_context(|| format!("{cert_name}: not an X.509 certificate"))?;
        let matches = x509::key_matches(&info, &key)
            .with_context(|| format!("{cert_name}: cannot be used with {key_name}"))?;
        if !matches {
            bail!("the certificate {cert_name} is not for the private key {key_name}: their public keys differ");
        }
        Ok(Signer {
            key,
            cert_der,
            cert: info,
        })
    }

    /// The certificate, DER.
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// Lower-case hex SHA-256 of the DER certificate (its fingerprint).
    pub fn cert_sha256(&self) -> String {
        hex::encode(Sha256::digest(&self.cert_der))
    }

    /// The certificate's subject, as text (e.g. "CN=Railyard db") for messages.
    pub fn subject(&self) -> String {
        x509::name_text(&self.cert.subject)
    }

    /// Returns `pe` signed: Authenticode (PKCS#7 SignedData, SHA-256, RSA PKCS#1 v1.5) appended as a
    /// WIN_CERTIFICATE (revision 0x0200, type PKCS_SIGNED_DATA 0x0002) in the attribute certificate
    /// table, the Certificate Table data directory set, the PE checksum recomputed. Deterministic: NO
    /// signingTime attribute (authenticated attributes: contentType, messageDigest, and an empty
    /// SpcSpOpusInfo), so the same key + same input = the same bytes. An image that already has a
    /// signature is refused (error says so). `what` names the file in errors.
    pub fn sign(&self, pe: &[u8], what: &str) -> Result<Vec<u8>> {
        let layout = pe::parse(pe).with_context(|| format!("{what}: not a valid PE/COFF image"))?;
        if layout.cert_table != (0, 0) {
            bail!(
                "{what}: the image is already signed (Certificate Table at {:#x}, {} bytes); sign an unsigned image",
                layout.cert_table.0,
                layout.cert_table.1
            );
        }
        let mut image = pe.to_vec();
        image.resize(pe.len().div_ceil(8) * 8, 0);
        let layout = pe::parse(&image)
            .with_context(|| format!("{what}: not a valid PE/COFF image after padding"))?;
        let digest = pe::digest(&image, &layout);
        let pkcs7 = self
            .pkcs7(&digest)
            .with_context(|| format!("{what}: building the signature"))?;
        pe::embed(image, &layout, &pkcs7)
            .with_context(|| format!("{what}: embedding the signature"))
    }

    /// A detached PKCS#7 SignedData (DER, in its ContentInfo) over `data`: content type
    /// id-data without the content, SHA-256, RSA PKCS#1 v1.5, no signed attributes (what
    /// `openssl smime -sign -binary -noattr -outform DER` makes, and what the kernel's
    /// dm-verity root-hash signature check and systemd's usr-verity-sig partition take),
    /// the certificate included. Deterministic: the same key and data give the same bytes.
    pub fn sign_detached(&self, data: &[u8]) -> Result<Vec<u8>> {
        let sha256 = der::alg_null(SHA256);
        let signature = self
            .key
            .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(data))
            .context("RSA signing failed")?;
        let signer_info = der::seq(&[
            &der::uint(&[1]),
            &der::seq(&[&self.cert.issuer, &self.cert.serial]),
            &sha256,
            &der::alg_null(x509::RSA_ENCRYPTION),
            &der::octets(&signature),
        ]);
        let signed_data = der::seq(&[
            &der::uint(&[1]),
            &der::set_of(&[&sha256]),
            &der::seq(&[&der::oid(DATA)]),
            &der::cons(0xa0, &[&self.cert_der]),
            &der::set_of(&[&signer_info]),
        ]);
        Ok(der::seq(&[&der::oid(SIGNED_DATA), &der::cons(0xa0, &[&signed_data])]))
    }

    /// The DER PKCS#7 SignedData (in its ContentInfo) for an Authenticode digest.
    fn pkcs7(&self, digest: &[u8; 32]) -> Result<Vec<u8>> {
        let sha256 = der::alg_null(SHA256);
        let idc = spc_indirect_data_content(digest);
        let idc_inner = der::read(&idc)?.0.content;
        let attrs = [
            der::seq(&[
                &der::oid(CONTENT_TYPE),
                &der::set_of(&[&der::oid(SPC_INDIRECT_DATA)]),
            ]),
            der::seq(&[
                &der::oid(MESSAGE_DIGEST),
                &der::set_of(&[&der::octets(&Sha256::digest(idc_inner))]),
            ]),
            der::seq(&[&der::oid(SPC_SP_OPUS_INFO), &der::set_of(&[&der::seq(&[])])]),
        ];
        let mut attr_refs: Vec<&[u8]> = attrs.iter().map(Vec::as_slice).collect();
        // DER SET OF: sorted by encoding; signed with the SET tag, carried with [0] IMPLICIT
        attr_refs.sort();
        let attrs_content = attr_refs.concat();
        let signed_attrs = der::tlv(der::SET, &attrs_content);
        let signature = self
            .key
            .sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(&signed_attrs),
            )
            .context("RSA signing failed")?;
        let signer_info = der::seq(&[
            &der::uint(&[1]),
            &der::seq(&[&self.cert.issuer, &self.cert.serial]),
            &sha256,
            &der::tlv(0xa0, &attrs_content),
            &der::alg_null(x509::RSA_ENCRYPTION),
            &der::octets(&signature),
        ]);
        let signed_data = der::seq(&[
            &der::uint(&[1]),
            &der::set_of(&[&sha256]),
            &der::seq(&[&der::oid(SPC_INDIRECT_DATA), &der::cons(0xa0, &[&idc])]),
            &der::cons(0xa0, &[&self.cert_der]),
            &der::set_of(&[&signer_info]),
        ]);
        Ok(der::seq(&[
            &der::oid(SIGNED_DATA),
            &der::cons(0xa0, &[&signed_data]),
        ]))
    }
}

/// SpcIndirectDataContent for a PE image digest (the shape sbsign writes and sbverify reads).
fn spc_indirect_data_content(digest: &[u8; 32]) -> Vec<u8> {
    let obsolete: Vec<u8> = "<<<Obsolete>>>"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let spc_string = der::tlv(0x80, &obsolete);
    let spc_link = der::cons(0xa2, &[&spc_string]);
    let pe_image_data = der::seq(&[&[der::BIT_STRING, 1, 0], &der::cons(0xa0, &[&spc_link])]);
    der::seq(&[
        &der::seq(&[&der::oid(SPC_PE_IMAGE_DATA), &pe_image_data]),
        &der::seq(&[&der::alg_null(SHA256), &der::octets(digest)]),
    ])
}

/// The Authenticode SHA-256 digest of a PE/COFF image (PE32 and PE32+): headers without the
/// CheckSum field and the Certificate Table directory entry, the sections in PointerToRawData order,
/// then the remaining data up to the attribute certificate table (which is excluded).
pub fn authenticode_digest(pe: &[u8]) -> Result<[u8; 32]> {
    let layout = pe::parse(pe)?;
    Ok(pe::digest(pe, &layout))
}

/// Whether the image carries an attribute certificate table (a signature).
pub fn is_signed(pe: &[u8]) -> Result<bool> {
    Ok(pe::parse(pe)?.cert_table != (0, 0))
}

/// The PE checksum of the image as its CheckSum field should hold it (the standard algorithm:
/// 16-bit folded sum of the file with the CheckSum field as zero, plus the file length).
pub fn pe_checksum(pe: &[u8]) -> Result<u32> {
    let layout = pe::parse(pe)?;
    Ok(pe::checksum(pe, layout.checksum_off))
}

/// The PKCS#7 (DER) blobs of the PKCS_SIGNED_DATA entries of a signed image (none if unsigned),
/// without the padding of their WIN_CERTIFICATE entries.
pub fn signatures(pe: &[u8]) -> Result<Vec<Vec<u8>>> {
    let layout = pe::parse(pe)?;
    Ok(pe::signatures(pe, &layout)?
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect())
}

/// The Authenticode digest recorded in a PKCS#7 SignedData (DER, as found in a WIN_CERTIFICATE):
/// the digest of its SpcIndirectDataContent.
pub fn signed_digest(pkcs7: &[u8]) -> Result<Vec<u8>> {
    let ci = der::expect(pkcs7, der::SEQUENCE, "ContentInfo")?.0;
    let (_oid, r) = der::expect(ci.content, der::OID, "contentType")?;
    let (explicit, _) = der::expect(r, 0xa0, "[0] content")?;
    let sd = der::expect(explicit.content, der::SEQUENCE, "SignedData")?.0;
    let (_v, r) = der::expect(sd.content, der::INTEGER, "version")?;
    let (_algs, r) = der::expect(r, der::SET, "digestAlgorithms")?;
    let (inner, _) = der::expect(r, der::SEQUENCE, "contentInfo")?;
    let (_oid, r) = der::expect(inner.content, der::OID, "contentInfo contentType")?;
    let (explicit, _) = der::expect(r, 0xa0, "[0] SpcIndirectDataContent")?;
    let idc = der::expect(explicit.content, der::SEQUENCE, "SpcIndirectDataContent")?.0;
    let (_data, r) = der::expect(
        idc.content,
        der::SEQUENCE,
        "SpcAttributeTypeAndOptionalValue",
    )?;
    let (md, _) = der::expect(r, der::SEQUENCE, "DigestInfo")?;
    let (_alg, r) = der::expect(md.content, der::SEQUENCE, "digestAlgorithm")?;
    let (digest, _) = der::expect(r, der::OCTET_STRING, "digest")?;
    Ok(digest.content.to_vec())
}

/// A new key and self-signed certificate for Secure Boot (PK, KEK or db): RSA-2048, a v3
/// certificate with `CN=<common_name>`, sha256WithRSAEncryption, serial derived from the public key
/// (positive, ≤ 20 bytes), validity from `not_before` (Unix seconds) for `years` years (GeneralizedTime
/// after 2049, UTCTime before, as RFC 5280 says), basicConstraints CA:TRUE (critical), keyUsage
/// digitalSignature+keyCertSign, subjectKeyIdentifier. The key is random; the certificate is a pure
/// function of (key, common_name, not_before, years). Returns (private key PEM PKCS#8, certificate PEM).
pub fn generate(common_name: &str, not_before: u64, years: u32) -> Result<(String, String)> {
    let key =
        RsaPrivateKey::new(&mut rand_core::OsRng, 2048).context("generating an RSA-2048 key")?;
    let cert =
        x509::build(&key, common_name, not_before, years).context("building the certificate")?;
    let key_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| anyhow::anyhow!("encoding the private key as PKCS#8 PEM: {e}"))?;
    Ok((key_pem.to_string(), cert_pem(&cert)))
}

/// The certificate for an existing key (same rules as `generate`): lets a user re-derive it.
pub fn certificate_for(
    key_pem: &[u8],
    key_name: &str,
    common_name: &str,
    not_before: u64,
    years: u32,
) -> Result<String> {
    let key = parse_key(key_pem, key_name)?;
    let cert = x509::build(&key, common_name, not_before, years)
        .with_context(|| format!("building the certificate for {key_name}"))?;
    Ok(cert_pem(&cert))
}

/// DER → PEM ("CERTIFICATE", 64-column base64, LF line ends) for a certificate.
pub fn cert_pem(der: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut b64 = String::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                b64.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                b64.push('=');
            }
        }
    }
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}
