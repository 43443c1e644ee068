//! X.509: reading the few fields signing needs, and building the self-signed Secure Boot
//! certificate deterministically.

use anyhow::{bail, ensure, Context, Result};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use crate::der;

/// rsaEncryption.
pub(crate) const RSA_ENCRYPTION: &[u64] = &[1, 2, 840, 113549, 1, 1, 1];
/// sha256WithRSAEncryption.
pub(crate) const SHA256_WITH_RSA: &[u64] = &[1, 2, 840, 113549, 1, 1, 11];

/// The fields of a certificate that signing uses.
#[derive(Debug, Clone)]
pub(crate) struct CertInfo {
    /// tbsCertificate.issuer, whole encoding.
    pub issuer: Vec<u8>,
    /// tbsCertificate.serialNumber, whole encoding.
    pub serial: Vec<u8>,
    /// tbsCertificate.subject, whole encoding.
    pub subject: Vec<u8>,
    /// RSA modulus (big-endian, leading zeros stripped); None if the key is not RSA.
    pub rsa_n: Option<Vec<u8>>,
    /// RSA public exponent (big-endian, leading zeros stripped).
    pub rsa_e: Option<Vec<u8>>,
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let skip = b.iter().take_while(|x| **x == 0).count();
    b[skip..].to_vec()
}

/// Parses a DER certificate.
pub(crate) fn parse(cert: &[u8]) -> Result<CertInfo> {
    let c = der::expect_whole(cert, der::SEQUENCE, "Certificate")?;
    let (tbs, _) = der::expect(c.content, der::SEQUENCE, "tbsCertificate")?;
    let mut rest = tbs.content;
    let (first, r) = der::read(rest).context("reading tbsCertificate")?;
    if first.tag == 0xa0 {
        rest = r;
    }
    let (serial, rest) = der::expect(rest, der::INTEGER, "serialNumber")?;
    let (_alg, rest) = der::expect(rest, der::SEQUENCE, "signature AlgorithmIdentifier")?;
    let (issuer, rest) = der::expect(rest, der::SEQUENCE, "issuer Name")?;
    let (_validity, rest) = der::expect(rest, der::SEQUENCE, "validity")?;
    let (subject, rest) = der::expect(rest, der::SEQUENCE, "subject Name")?;
    let (spki, _) = der::expect(rest, der::SEQUENCE, "subjectPublicKeyInfo")?;
    let (alg, r) = der::expect(
        spki.content,
        der::SEQUENCE,
        "subjectPublicKeyInfo algorithm",
    )?;
    let (key_bits, _) = der::expect(r, der::BIT_STRING, "subjectPublicKey")?;
    let (alg_oid, _) = der::expect(alg.content, der::OID, "public key algorithm OID")?;
    let (mut rsa_n, mut rsa_e) = (None, None);
    if alg_oid.raw == der::oid(RSA_ENCRYPTION).as_slice() {
        let (&unused, key) = key_bits
            .content
            .split_first()
            .context("empty subjectPublicKey")?;
        ensure!(unused == 0, "subjectPublicKey has {unused} unused bits");
        let k = der::expect_whole(key, der::SEQUENCE, "RSAPublicKey")?;
        let (n, r) = der::expect(k.content, der::INTEGER, "RSA modulus")?;
        let (e, _) = der::expect(r, der::INTEGER, "RSA exponent")?;
        rsa_n = Some(strip_zeros(n.content));
        rsa_e = Some(strip_zeros(e.content));
    }
    Ok(CertInfo {
        issuer: issuer.raw.to_vec(),
        serial: serial.raw.to_vec(),
        subject: subject.raw.to_vec(),
        rsa_n,
        rsa_e,
    })
}

/// A Name as text, e.g. "CN=Railyard db, O=Example".
pub(crate) fn name_text(name: &[u8]) -> String {
    fn inner(name: &[u8]) -> Result<String> {
        let n = der::expect_whole(name, der::SEQUENCE, "Name")?;
        let mut parts = Vec::new();
        for rdn in der::elements(n.content)? {
            for atv in der::elements(rdn.content)? {
                let (t, r) = der::expect(atv.content, der::OID, "attribute type")?;
                let (v, _) = der::read(r)?;
                let oid = der::oid_text(t.content);
                let key = match oid.as_str() {
                    "2.5.4.3" => "CN".to_string(),
                    "2.5.4.6" => "C".to_string(),
                    "2.5.4.7" => "L".to_string(),
                    "2.5.4.8" => "ST".to_string(),
                    "2.5.4.10" => "O".to_string(),
                    "2.5.4.11" => "OU".to_string(),
                    "1.2.840.113549.1.9.1" => "emailAddress".to_string(),
                    _ => oid,
                };
                let value = match v.tag {
                    0x1e => {
                        let units: Vec<u16> = v
                            .content
                            .chunks(2)
                            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                            .collect();
                        String::from_utf16_lossy(&units)
                    }
                    0x14 => v.content.iter().map(|b| *b as char).collect(),
                    _ => String::from_utf8_lossy(v.content).into_owned(),
                };
                parts.push(format!("{key}={value}"));
            }
        }
        Ok(parts.join(", "))
    }
    inner(name).unwrap_or_else(|e| format!("<unparsable name: {e}>"))
}

/// Civil date (y, m, d) from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// A broken-down UTC time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Time {
    y: i64,
    mo: u32,
    d: u32,
    h: u64,
    mi: u64,
    s: u64,
}

impl Time {
    fn from_unix(t: u64) -> Time {
        let days = (t / 86_400) as i64;
        let secs = t % 86_400;
        let (y, mo, d) = civil_from_days(days);
        Time {
            y,
            mo,
            d,
            h: secs / 3600,
            mi: secs % 3600 / 60,
            s: secs % 60,
        }
    }

    fn plus_years(self, years: u32) -> Time {
        let y = self.y + years as i64;
        // 29 February of a leap year, a non-leap number of years later: 28 February
        let d = if self.mo == 2 && self.d == 29 && !is_leap(y) {
            28
        } else {
            self.d
        };
        Time { y, d, ..self }
    }

    /// UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5).
    fn der(self) -> Result<Vec<u8>> {
        ensure!(
            (1950..=9999).contains(&self.y),
            "year {} is outside what X.509 validity can encode",
            self.y
        );
        let tail = format!(
            "{:02}{:02}{:02}{:02}{:02}Z",
            self.mo, self.d, self.h, self.mi, self.s
        );
        Ok(if self.y < 2050 {
            der::tlv(0x17, format!("{:02}{tail}", self.y % 100).as_bytes())
        } else {
            der::tlv(0x18, format!("{:04}{tail}", self.y).as_bytes())
        })
    }
}

/// The RSAPublicKey DER of `key`.
pub(crate) fn rsa_public_key_der(key: &RsaPrivateKey) -> Vec<u8> {
    der::seq(&[
        &der::uint(&key.n().to_bytes_be()),
        &der::uint(&key.e().to_bytes_be()),
    ])
}

/// Builds the self-signed certificate (DER) for `key`: a pure function of its arguments.
pub(crate) fn build(
    key: &RsaPrivateKey,
    common_name: &str,
    not_before: u64,
    years: u32,
) -> Result<Vec<u8>> {
    ensure!(!common_name.is_empty(), "the common name is empty");
    ensure!(
        common_name.chars().count() <= 64,
        "the common name {common_name:?} is longer than 64 characters (RFC 5280 ub-common-name)"
    );
    ensure!(
        !common_name.chars().any(char::is_control),
        "the common name {common_name:?} contains control characters"
    );
    ensure!(
        years >= 1,
        "the validity must be at least 1 year (got {years})"
    );
    let start = Time::from_unix(not_before);
    let end = start.plus_years(years);
    let validity = der::seq(&[
        &start.der().context("validity notBefore")?,
        &end.der()
            .with_context(|| format!("validity notAfter ({years} years after {})", start.y))?,
    ]);

    let rsa_pub = rsa_public_key_der(key);
    let spki_bits = der::bits(&rsa_pub);
    let spki = der::seq(&[&der::alg_null(RSA_ENCRYPTION), &spki_bits]);
    let key_hash = Sha256::digest(&rsa_pub);
    // serial: 16 bytes of SHA-256(RSAPublicKey), top bit cleared (positive), next set (minimal, non-zero)
    let mut serial = key_hash[..16].to_vec();
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let serial = der::tlv(der::INTEGER, &serial);
    let name = der::seq(&[&der::set_of(&[&der::seq(&[
        &der::oid(&[2, 5, 4, 3]),
        &der::tlv(der::UTF8_STRING, common_name.as_bytes()),
    ])])]);
    // subjectKeyIdentifier: RFC 7093 method 1, leftmost 160 bits of SHA-256 of the subjectPublicKey bits
    let skid = &Sha256::digest(&rsa_pub)[..20];
    let t = der::tlv(der::BOOLEAN, &[0xff]);
    let ext_bc = der::seq(&[
        &der::oid(&[2, 5, 29, 19]),
        &t,
        &der::octets(&der::seq(&[&t])),
    ]);
    let ext_ku = der::seq(&[
        &der::oid(&[2, 5, 29, 15]),
        &t,
        &der::octets(&[der::BIT_STRING, 2, 2, 0x84]),
    ]);
    let ext_ski = der::seq(&[&der::oid(&[2, 5, 29, 14]), &der::octets(&der::octets(skid))]);
    let extensions = der::cons(0xa3, &[&der::seq(&[&ext_bc, &ext_ku, &ext_ski])]);
    let tbs = der::seq(&[
        &der::cons(0xa0, &[&der::uint(&[2])]),
        &serial,
        &der::alg_null(SHA256_WITH_RSA),
        &name,
        &validity,
        &name,
        &spki,
        &extensions,
    ]);
    let sig = key
        .sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(&tbs))
        .context("RSA signing of the certificate failed")?;
    Ok(der::seq(&[
        &tbs,
        &der::alg_null(SHA256_WITH_RSA),
        &der::bits(&sig),
    ]))
}

/// Checks that `info`'s public key is `key`'s.
pub(crate) fn key_matches(info: &CertInfo, key: &RsaPrivateKey) -> Result<bool> {
    match (&info.rsa_n, &info.rsa_e) {
        (Some(n), Some(e)) => {
            Ok(*n == strip_zeros(&key.n().to_bytes_be())
                && *e == strip_zeros(&key.e().to_bytes_be()))
        }
        _ => bail!("the certificate's public key is not an RSA key"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Time::from_unix(0),
            Time {
                y: 1970,
                mo: 1,
                d: 1,
                h: 0,
                mi: 0,
                s: 0
            }
        );
        // 2000-02-29 12:34:56
        let t = Time::from_unix(951_827_696);
        assert_eq!((t.y, t.mo, t.d, t.h, t.mi, t.s), (2000, 2, 29, 12, 34, 56));
        assert_eq!(t.plus_years(1).d, 28);
        assert_eq!(t.plus_years(4).d, 29);
        assert_eq!(t.der().unwrap(), der::tlv(0x17, b"000229123456Z"));
        assert_eq!(
            t.plus_years(50).der().unwrap(),
            der::tlv(0x18, b"20500228123456Z")
        );
        assert_eq!(
            t.plus_years(49).der().unwrap(),
            der::tlv(0x17, b"490228123456Z")
        );
        // 2024-12-31 23:59:59
        let t = Time::from_unix(1_735_689_599);
        assert_eq!((t.y, t.mo, t.d, t.h, t.mi, t.s), (2024, 12, 31, 23, 59, 59));
    }
}
