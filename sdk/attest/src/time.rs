//! Timestamps for release artefacts: the workspace's one clock ([`railyard_core::time`]) with
//! this crate's error type.

use crate::error::{Error, Result};

pub use railyard_core::time::SOURCE_DATE_EPOCH;

fn invalid(e: railyard_core::time::TimeError) -> Error {
    Error::Invalid(e.to_string())
}

/// Format `secs` since the Unix epoch as RFC 3339 UTC with second precision, e.g.
/// `2024-02-29T12:00:00Z`. This is also the format SPDX `created` requires.
///
/// Errors if the year would fall outside 0000–9999.
pub fn rfc3339_utc(secs: i64) -> Result<String> {
    railyard_core::time::rfc3339_utc(secs).map_err(invalid)
}

/// Parse a `SOURCE_DATE_EPOCH` value: an ASCII decimal integer of seconds since the epoch.
pub fn parse_source_date_epoch(value: &str) -> Result<i64> {
    railyard_core::time::parse_source_date_epoch(value).map_err(invalid)
}

/// Read `SOURCE_DATE_EPOCH` from the environment: `Ok(None)` if unset, an error if set but malformed.
pub fn source_date_epoch() -> Result<Option<i64>> {
    railyard_core::time::source_date_epoch().map_err(invalid)
}
