//! Timestamps without a date library: epoch seconds → RFC 3339 UTC (`YYYY-MM-DDThh:mm:ssZ`), and
//! `SOURCE_DATE_EPOCH` handling per the reproducible-builds.org specification.

use crate::error::{Error, Result};

/// Name of the reproducible-builds environment variable.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Convert days since 1970-01-01 to a proleptic Gregorian (year, month, day).
///
/// Uses the era-based algorithm: shift the epoch to 0000-03-01 so that the leap day is the last
/// day of the (March-based) year, split into 400-year eras of 146 097 days, then derive year of era,
/// day of year and month.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468; // days from 0000-03-01 to 1970-01-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Format `secs` since the Unix epoch as RFC 3339 UTC with second precision, e.g.
/// `2024-02-29T12:00:00Z`. This is also the format SPDX `created` requires.
///
/// Errors if the year would fall outside 0000–9999.
pub fn rfc3339_utc(secs: i64) -> Result<String> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return Err(Error::Invalid(format!(
            "timestamp {secs} is outside years 0000-9999"
        )));
    }
    Ok(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}

/// Parse a `SOURCE_DATE_EPOCH` value: an ASCII decimal integer of seconds since the epoch.
/// Malformed values are an error (the spec says the build SHOULD fail).
pub fn parse_source_date_epoch(value: &str) -> Result<i64> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::Invalid(format!(
            "{SOURCE_DATE_EPOCH}={value:?} is not a non-negative decimal integer"
        )));
    }
    v.parse::<i64>()
        .map_err(|e| Error::Invalid(format!("{SOURCE_DATE_EPOCH}={value:?}: {e}")))
}

/// Read `SOURCE_DATE_EPOCH` from the environment: `Ok(None)` if unset, an error if set but malformed.
pub fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(v) => parse_source_date_epoch(&v).map(Some),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Invalid(format!(
            "{SOURCE_DATE_EPOCH} is not valid UTF-8"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339_utc(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400).unwrap(), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_utc(1_709_208_000).unwrap(), "2024-02-29T12:00:00Z");
        assert_eq!(rfc3339_utc(4_107_542_399).unwrap(), "2100-02-28T23:59:59Z");
        assert_eq!(rfc3339_utc(4_107_542_400).unwrap(), "2100-03-01T00:00:00Z");
        assert_eq!(rfc3339_utc(-1).unwrap(), "1969-12-31T23:59:59Z");
        assert_eq!(
            rfc3339_utc(253_402_300_799).unwrap(),
            "9999-12-31T23:59:59Z"
        );
        assert!(rfc3339_utc(253_402_300_800).is_err());
    }

    #[test]
    fn civil_roundtrip_every_day_1900_2400() {
        // Walk day by day and check the calendar advances correctly.
        let (mut y, mut m, mut d) = civil_from_days(-25_567); // 1900-01-01
        assert_eq!((y, m, d), (1900, 1, 1));
        for days in -25_566..157_000 {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let mlen = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][(m - 1) as usize];
            if d < mlen {
                d += 1
            } else if m < 12 {
                m += 1;
                d = 1
            } else {
                y += 1;
                m = 1;
                d = 1
            }
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
        }
    }

    #[test]
    fn sde_parsing() {
        assert_eq!(
            parse_source_date_epoch("1700000000").unwrap(),
            1_700_000_000
        );
        assert!(parse_source_date_epoch("").is_err());
        assert!(parse_source_date_epoch("-5").is_err());
        assert!(parse_source_date_epoch("17e8").is_err());
    }
}
