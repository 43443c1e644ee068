//! A small DER encoder and a bounds-checked DER reader: just what PKCS#7 and X.509 need here.
//!
//! Only single-byte tags and definite lengths (as DER requires) are supported; the reader
//! never panics on hostile input, it returns an error instead.

use anyhow::{bail, Context, Result};

/// Tag of an INTEGER.
pub const INTEGER: u8 = 0x02;
/// Tag of a BIT STRING.
pub const BIT_STRING: u8 = 0x03;
/// Tag of an OCTET STRING.
pub const OCTET_STRING: u8 = 0x04;
/// Tag of NULL.
pub const NULL: u8 = 0x05;
/// Tag of an OBJECT IDENTIFIER.
pub const OID: u8 = 0x06;
/// Tag of a UTF8String.
pub const UTF8_STRING: u8 = 0x0c;
/// Tag of a (constructed) SEQUENCE.
pub const SEQUENCE: u8 = 0x30;
/// Tag of a (constructed) SET.
pub const SET: u8 = 0x31;
/// Tag of a BOOLEAN.
pub const BOOLEAN: u8 = 0x01;

/// Encodes a length in DER (short form below 128, long form otherwise).
fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// A TLV with `tag` around `content`.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    push_len(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// A TLV with `tag` around the concatenation of `parts` (already encoded).
pub fn cons(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

/// A SEQUENCE of already encoded elements.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    cons(SEQUENCE, parts)
}

/// A SET OF already encoded elements, sorted by their encodings as DER requires.
pub fn set_of(parts: &[&[u8]]) -> Vec<u8> {
    let mut sorted: Vec<&[u8]> = parts.to_vec();
    sorted.sort();
    cons(SET, &sorted)
}

/// An OBJECT IDENTIFIER from its arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut content = Vec::new();
    let first = arcs[0] * 40 + arcs[1];
    for arc in std::iter::once(first).chain(arcs[2..].iter().copied()) {
        let mut groups = Vec::new();
        let mut v = arc;
        loop {
            groups.push((v & 0x7f) as u8);
            v >>= 7;
            if v == 0 {
                break;
            }
        }
        for (j, g) in groups.iter().rev().enumerate() {
            content.push(if j + 1 < groups.len() { g | 0x80 } else { *g });
        }
    }
    tlv(OID, &content)
}

/// NULL.
pub fn null() -> Vec<u8> {
    vec![NULL, 0]
}

/// An AlgorithmIdentifier with NULL parameters.
pub fn alg_null(arcs: &[u64]) -> Vec<u8> {
    seq(&[&oid(arcs), &null()])
}

/// An INTEGER holding the unsigned big-endian magnitude `be` (minimal, positive).
pub fn uint(be: &[u8]) -> Vec<u8> {
    let skip = be.iter().take_while(|b| **b == 0).count();
    let mag = &be[skip..];
    let mut content = Vec::with_capacity(mag.len() + 1);
    if mag.is_empty() || mag[0] & 0x80 != 0 {
        content.push(0);
    }
    content.extend_from_slice(mag);
    tlv(INTEGER, &content)
}

/// An OCTET STRING.
pub fn octets(content: &[u8]) -> Vec<u8> {
    tlv(OCTET_STRING, content)
}

/// A BIT STRING with no unused bits.
pub fn bits(content: &[u8]) -> Vec<u8> {
    let mut c = Vec::with_capacity(content.len() + 1);
    c.push(0);
    c.extend_from_slice(content);
    tlv(BIT_STRING, &c)
}

/// One decoded TLV, borrowing from the input.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The (single-byte) tag.
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole encoding: tag, length and content.
    pub raw: &'a [u8],
}

/// Reads one TLV at the start of `input`; returns it and the rest.
pub fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8])> {
    let (&tag, after_tag) = input
        .split_first()
        .context("DER: unexpected end of data (tag)")?;
    if tag & 0x1f == 0x1f {
        bail!("DER: multi-byte tags are not supported (tag {tag:#04x})");
    }
    let (&first, after_len) = after_tag
        .split_first()
        .context("DER: unexpected end of data (length)")?;
    let (len, rest) = if first < 0x80 {
        (first as usize, after_len)
    } else if first == 0x80 {
        bail!("DER: indefinite length is not allowed");
    } else {
        let n = (first & 0x7f) as usize;
        if n > 4 {
            bail!("DER: length of {n} bytes is too large");
        }
        if after_len.len() < n {
            bail!("DER: unexpected end of data (long length)");
        }
        let len = after_len[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &after_len[n..])
    };
    if rest.len() < len {
        bail!(
            "DER: element with tag {tag:#04x} claims {len} bytes but only {} remain",
            rest.len()
        );
    }
    let header = input.len() - rest.len();
    let tlv = Tlv {
        tag,
        content: &rest[..len],
        raw: &input[..header + len],
    };
    Ok((tlv, &rest[len..]))
}

/// Reads one TLV and requires its tag to be `tag`.
pub fn expect<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<(Tlv<'a>, &'a [u8])> {
    let (t, rest) = read(input).with_context(|| format!("reading {what}"))?;
    if t.tag != tag {
        bail!(
            "DER: expected {what} (tag {tag:#04x}), found tag {:#04x}",
            t.tag
        );
    }
    Ok((t, rest))
}

/// Reads a whole input made of exactly one TLV with tag `tag`.
pub fn expect_whole<'a>(input: &'a [u8], tag: u8, what: &str) -> Result<Tlv<'a>> {
    let (t, rest) = expect(input, tag, what)?;
    if !rest.is_empty() {
        bail!("DER: {} trailing bytes after {what}", rest.len());
    }
    Ok(t)
}

/// All the TLVs in `content`, in order.
pub fn elements(mut content: &[u8]) -> Result<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let (t, rest) = read(content)?;
        out.push(t);
        content = rest;
    }
    Ok(out)
}

/// The dotted text form of an OBJECT IDENTIFIER's content octets.
pub fn oid_text(content: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for b in content {
        v = (v << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - first * 40);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_known_values() {
        assert_eq!(
            oid(&[1, 2, 840, 113549, 1, 7, 2]),
            hex::decode("06092a864886f70d010702").unwrap()
        );
        assert_eq!(
            oid(&[2, 16, 840, 1, 101, 3, 4, 2, 1]),
            hex::decode("0609608648016503040201").unwrap()
        );
        assert_eq!(uint(&[0x80]), vec![2, 2, 0, 0x80]);
        assert_eq!(uint(&[0, 0, 5]), vec![2, 1, 5]);
        assert_eq!(uint(&[]), vec![2, 1, 0]);
        assert_eq!(tlv(4, &[0u8; 200])[..3], [4, 0x81, 200]);
        assert_eq!(tlv(4, &[0u8; 300])[..4], [4, 0x82, 1, 44]);
        assert_eq!(
            oid_text(&oid(&[1, 3, 6, 1, 4, 1, 311, 2, 1, 15])[2..]),
            "1.3.6.1.4.1.311.2.1.15"
        );
    }

    #[test]
    fn reader_round_trips_and_rejects_garbage() {
        let s = seq(&[&uint(&[1]), &octets(&[0u8; 300])]);
        let t = expect_whole(&s, SEQUENCE, "seq").unwrap();
        let els = elements(t.content).unwrap();
        assert_eq!(els.len(), 2);
        assert_eq!(els[1].content.len(), 300);
        for cut in 0..s.len() {
            assert!(expect_whole(&s[..cut], SEQUENCE, "seq").is_err());
        }
        assert!(read(&[0x30, 0x80, 0, 0]).is_err());
        assert!(read(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(read(&[0x1f, 0x01, 0]).is_err());
    }

    #[test]
    fn set_of_is_sorted() {
        let a = octets(&[2]);
        let b = vec![0x02, 0x01, 0x09];
        assert_eq!(
            set_of(&[&a, &b]),
            [vec![0x31, 6], b.clone(), a.clone()].concat()
        );
    }
}
