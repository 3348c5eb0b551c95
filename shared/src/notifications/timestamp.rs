//! Lenient timestamps: a bad or missing timestamp never rejects a notification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Parses an SES timestamp, or `None` when it cannot be read.
///
/// SES sends RFC 3339 (`2016-01-27T14:59:38.237Z`). The AWS documentation also shows
/// `2018-10-08T14:05:45 +0000` (space, offset without colon), which is accepted too.
pub fn parse_timestamp(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    DateTime::parse_from_rfc3339(raw)
        // A space in a chrono format matches any run of whitespace, including none.
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f %z"))
        .ok()
        .map(|parsed| parsed.with_timezone(&Utc))
}

/// Serde helper: any JSON value in, a timestamp only if it is a readable string.
pub(super) fn lenient<'de, D>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error>
where
    D: Deserializer<'de>,
{
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value
        .as_ref()
        .and_then(Value::as_str)
        .and_then(parse_timestamp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn rfc3339_with_millis() {
        let expected = Utc
            .with_ymd_and_hms(2016, 1, 27, 14, 59, 38)
            .single()
            .unwrap()
            + chrono::Duration::milliseconds(237);
        assert_eq!(parse_timestamp("2016-01-27T14:59:38.237Z"), Some(expected));
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        let expected = Utc.with_ymd_and_hms(2009, 12, 3, 9, 24, 21).single();
        assert_eq!(parse_timestamp("2009-12-03T04:24:21.000-05:00"), expected);
    }

    #[test]
    fn documentation_quirk_with_space_and_colonless_offset() {
        let expected = Utc.with_ymd_and_hms(2018, 10, 8, 14, 5, 45).single();
        assert_eq!(parse_timestamp("2018-10-08T14:05:45 +0000"), expected);
        assert_eq!(parse_timestamp("2018-10-08T14:05:45+0000"), expected);
        assert_eq!(parse_timestamp("2018-10-08T16:05:45.000 +0200"), expected);
    }

    #[test]
    fn unreadable_values_are_none() {
        assert_eq!(parse_timestamp(""), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2018-13-45T99:99:99Z"), None);
    }
}
