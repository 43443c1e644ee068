//! Human sizes in layout files: `"128MiB"`, `"2GiB"`, `"512KiB"`, `"4096"` (bytes).

use serde::{Deserialize, Deserializer};

/// A byte count parsed from an integer or a string with a binary suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// Parses `"<n>[KiB|MiB|GiB|TiB|B]"`; decimal suffixes (`MB`) are refused to avoid ambiguity.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: u64 = num
            .parse()
            .map_err(|_| format!("invalid size {s:?}: expected a number with an optional KiB/MiB/GiB/TiB suffix"))?;
        let mult: u64 = match unit.trim() {
            "" | "B" => 1,
            "KiB" | "K" => 1 << 10,
            "MiB" | "M" => 1 << 20,
            "GiB" | "G" => 1 << 30,
            "TiB" | "T" => 1 << 40,
            other => return Err(format!("invalid size unit {other:?} in {s:?}: use KiB, MiB, GiB or TiB")),
        };
        n.checked_mul(mult).map(ByteSize).ok_or_else(|| format!("size {s:?} overflows"))
    }
}

impl std::fmt::Display for ByteSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.0;
        for (unit, m) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
            if b >= m && b % m == 0 {
                return write!(f, "{}{unit}", b / m);
            }
        }
        if b >= 1 << 20 {
            return write!(f, "{:.1}MiB", b as f64 / (1u64 << 20) as f64);
        }
        write!(f, "{b}B")
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(ByteSize(n)),
            Raw::S(s) => ByteSize::parse(&s).map_err(serde::de::Error::custom),
        }
    }
}

/// Rounds `v` up to a multiple of `align` (align > 0).
pub fn align_up(v: u64, align: u64) -> u64 {
    v.div_ceil(align) * align
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parses_units() {
        assert_eq!(ByteSize::parse("128MiB").unwrap().0, 128 << 20);
        assert_eq!(ByteSize::parse("2GiB").unwrap().0, 2 << 30);
        assert_eq!(ByteSize::parse("4096").unwrap().0, 4096);
        assert!(ByteSize::parse("12MB").is_err());
        assert!(ByteSize::parse("MiB").is_err());
        assert_eq!(ByteSize(3 << 20).to_string(), "3MiB");
        assert_eq!(align_up(5, 4), 8);
        assert_eq!(align_up(8, 4), 8);
    }
}
