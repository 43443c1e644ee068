//! GUIDs as written in GPT (mixed-endian) and derived deterministically from a seed.

use sha2::{Digest, Sha256};
use std::fmt;

/// A GUID kept in its textual (big-endian, RFC 4122) byte order.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid(pub [u8; 16]);

impl Guid {
    /// The all-zero GUID (an unused GPT entry).
    pub const NIL: Guid = Guid([0; 16]);

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (any case).
    pub fn parse(s: &str) -> Result<Self, String> {
        let hexs: String = s.chars().filter(|c| *c != '-').collect();
        let dashes: Vec<usize> = s.match_indices('-').map(|(i, _)| i).collect();
        if hexs.len() != 32 || dashes != [8, 13, 18, 23] {
            return Err(format!("invalid GUID {s:?}: expected 8-4-4-4-12 hex digits"));
        }
        let mut b = [0u8; 16];
        hex::decode_to_slice(&hexs, &mut b).map_err(|_| format!("invalid GUID {s:?}: not hexadecimal"))?;
        Ok(Guid(b))
    }

    /// A version-8 (RFC 9562 custom) GUID derived from `parts`: the same parts always give
    /// the same GUID, different parts practically never collide.
    pub fn derive(parts: &[&[u8]]) -> Self {
        let mut h = Sha256::new();
        h.update(b"railyard-guid-v1");
        for p in parts {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p);
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x80; // version 8
        b[8] = (b[8] & 0x3f) | 0x80; // RFC variant
        Guid(b)
    }

    /// The 16 bytes in GPT on-disk order: the first three fields little-endian.
    pub fn to_gpt_bytes(&self) -> [u8; 16] {
        let b = self.0;
        let mut o = b;
        o[0..4].copy_from_slice(&[b[3], b[2], b[1], b[0]]);
        o[4..6].copy_from_slice(&[b[5], b[4]]);
        o[6..8].copy_from_slice(&[b[7], b[6]]);
        o
    }

    /// Inverse of [`Guid::to_gpt_bytes`].
    pub fn from_gpt_bytes(o: &[u8; 16]) -> Self {
        let mut b = *o;
        b[0..4].copy_from_slice(&[o[3], o[2], o[1], o[0]]);
        b[4..6].copy_from_slice(&[o[5], o[4]]);
        b[6..8].copy_from_slice(&[o[7], o[6]]);
        Guid(b)
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = hex::encode(self.0);
        write!(f, "{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn roundtrip_and_mixed_endian() {
        let g = Guid::parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B").unwrap();
        assert_eq!(g.to_string(), "c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
        let d = g.to_gpt_bytes();
        assert_eq!(&d[..4], &[0x28, 0x73, 0x2a, 0xc1]);
        assert_eq!(Guid::from_gpt_bytes(&d), g);
        assert!(Guid::parse("c12a7328f81f11d2ba4b00a0c93ec93b").is_err());
        let a = Guid::derive(&[b"x", b"y"]);
        assert_eq!(a, Guid::derive(&[b"x", b"y"]));
        assert_ne!(a, Guid::derive(&[b"xy"]));
        assert_eq!(a.to_string().as_bytes()[14], b'8');
    }
}
