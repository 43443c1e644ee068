//! The one clock of Railyard: calendar dates from UNIX times (UTC) and `SOURCE_DATE_EPOCH`
//! handling per the reproducible-builds.org specification. Listings, image metadata, SBOMs and
//! provenance all format their times here, so nothing depends on the build host's clock or
//! time zone. The calendar arithmetic is the `time` crate's.

use time::macros::format_description;
use time::OffsetDateTime;

/// Name of the reproducible-builds environment variable.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// A time that cannot be used: a malformed `SOURCE_DATE_EPOCH` or a date outside 0000–9999.
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    #[error("{SOURCE_DATE_EPOCH}={0:?} is not a non-negative decimal integer")]
    Malformed(String),
    #[error("{SOURCE_DATE_EPOCH}={0:?}: {1}")]
    Range(String, String),
    #[error("{SOURCE_DATE_EPOCH} is not valid UTF-8")]
    NotUnicode,
    #[error("timestamp {0} is outside years 0000-9999")]
    OutOfRange(i64),
}

fn datetime(secs: i64) -> Result<OffsetDateTime, TimeError> {
    let t = OffsetDateTime::from_unix_timestamp(secs).map_err(|_| TimeError::OutOfRange(secs))?;
    if !(0..=9999).contains(&t.year()) {
        return Err(TimeError::OutOfRange(secs));
    }
    Ok(t)
}

/// `(year, month, day, hour, minute, second)` in UTC for a UNIX time.
///
/// Times past the year 9999 give the epoch's start (build inputs are bounded where read).
pub fn utc(epoch: u64) -> (i64, u32, u32, u32, u32, u32) {
    let t = OffsetDateTime::from_unix_timestamp(epoch as i64).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (
        i64::from(t.year()),
        u32::from(u8::from(t.month())),
        u32::from(t.day()),
        u32::from(t.hour()),
        u32::from(t.minute()),
        u32::from(t.second()),
    )
}

/// RFC 3339 UTC with second precision (`2023-11-14T22:13:20Z`), the format SPDX `created`
/// requires. Errors if the year would fall outside 0000–9999.
pub fn rfc3339_utc(secs: i64) -> Result<String, TimeError> {
    let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    datetime(secs)?.format(&fmt).map_err(|_| TimeError::OutOfRange(secs))
}

/// RFC 3339 (`2023-11-14T22:13:20Z`) for an epoch from a build input; times past the year
/// 9999 print as the epoch's start (they are rejected where they are read).
pub fn rfc3339(epoch: u64) -> String {
    i64::try_from(epoch)
        .ok()
        .and_then(|s| rfc3339_utc(s).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Parse a `SOURCE_DATE_EPOCH` value: an ASCII decimal integer of seconds since the epoch.
/// Malformed values are an error (the spec says the build SHOULD fail).
pub fn parse_source_date_epoch(value: &str) -> Result<i64, TimeError> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimeError::Malformed(value.into()));
    }
    v.parse::<i64>().map_err(|e| TimeError::Range(value.into(), e.to_string()))
}

/// Read `SOURCE_DATE_EPOCH` from the environment: `Ok(None)` if unset, an error if set but malformed.
pub fn source_date_epoch() -> Result<Option<i64>, TimeError> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(v) => parse_source_date_epoch(&v).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(TimeError::NotUnicode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_700_000_000), (2023, 11, 14, 22, 13, 20));
    }

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339_utc(1_709_208_000).unwrap(), "2024-02-29T12:00:00Z");
        assert_eq!(rfc3339_utc(4_107_542_399).unwrap(), "2100-02-28T23:59:59Z");
        assert_eq!(rfc3339_utc(4_107_542_400).unwrap(), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339_utc(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339_utc(253_402_300_799).unwrap(), "9999-12-31T23:59:59Z");
        assert!(rfc3339_utc(253_402_300_800).is_err());
        assert!(rfc3339_utc(-62_167_219_201).is_err()); // 0000-01-01 minus a second
        assert_eq!(rfc3339_utc(-62_167_219_200).unwrap(), "0000-01-01T00:00:00Z");
    }

    #[test]
    fn every_day_1900_2400_formats_like_a_counted_calendar() {
        // Walk day by day, counting the calendar by hand, and compare the formatted dates.
        let (mut y, mut m, mut d) = (1900i64, 1u32, 1u32);
        for days in -25_567i64..157_000 {
            assert_eq!(rfc3339_utc(days * 86_400).unwrap(), format!("{y:04}-{m:02}-{d:02}T00:00:00Z"));
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let mlen = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize];
            if d < mlen {
                d += 1
            } else if m < 12 {
                (m, d) = (m + 1, 1)
            } else {
                (y, m, d) = (y + 1, 1, 1)
            }
        }
    }

    #[test]
    fn sde_parsing() {
        assert_eq!(parse_source_date_epoch("1700000000").unwrap(), 1_700_000_000);
        assert!(parse_source_date_epoch("").is_err());
        assert!(parse_source_date_epoch("-5").is_err());
        assert!(parse_source_date_epoch("17e8").is_err());
    }
}
