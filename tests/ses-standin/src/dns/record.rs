//! DNS records as the control API and the zone see them.

use std::fmt;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use crate::names::DomainName;

/// Why a record was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Not a DNS name.
    #[error("invalid DNS name `{0}`")]
    InvalidName(String),
    /// Not a record type the zone serves.
    #[error("unsupported record type `{0}` (use CNAME, MX, TXT or A)")]
    UnsupportedType(String),
    /// The value does not fit the type.
    #[error("invalid {kind} value `{value}`")]
    InvalidValue {
        /// The record type.
        kind: RecordType,
        /// The offending value.
        value: String,
    },
}

/// A DNS owner or target name: lowercase, no trailing dot, labels of letters, digits, `-`, `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RecordName(String);

impl RecordName {
    /// Parses a name; a trailing dot is accepted and dropped.
    pub fn parse(text: &str) -> Result<Self, RecordError> {
        let lowered = text.strip_suffix('.').unwrap_or(text).to_ascii_lowercase();
        let valid = !lowered.is_empty()
            && lowered.len() <= 253
            && lowered.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if valid {
            Ok(Self(lowered))
        } else {
            Err(RecordError::InvalidName(text.to_owned()))
        }
    }

    /// The name of a domain identity (always valid: domain names are stricter).
    pub fn from_domain(domain: &DomainName) -> Self {
        Self(domain.as_str().to_owned())
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` lies strictly below `other`.
    pub fn is_below(&self, other: &RecordName) -> bool {
        self.0
            .strip_suffix(other.as_str())
            .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.'))
    }
}

impl fmt::Display for RecordName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The record types the zone serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// Alias.
    Cname,
    /// Mail exchanger.
    Mx,
    /// Text.
    Txt,
}

impl RecordType {
    /// Parses `CNAME`, `MX`, `TXT` or `A` (any case).
    pub fn parse(text: &str) -> Result<Self, RecordError> {
        match text.to_ascii_uppercase().as_str() {
            "A" => Ok(Self::A),
            "CNAME" => Ok(Self::Cname),
            "MX" => Ok(Self::Mx),
            "TXT" => Ok(Self::Txt),
            _ => Err(RecordError::UnsupportedType(text.to_owned())),
        }
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::A => "A",
            Self::Cname => "CNAME",
            Self::Mx => "MX",
            Self::Txt => "TXT",
        })
    }
}

/// The data of one record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RecordData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// A CNAME target.
    Cname(RecordName),
    /// An MX preference and exchange.
    Mx {
        /// The preference (lower is preferred).
        priority: u16,
        /// The mail server.
        exchange: RecordName,
    },
    /// A TXT value (served split into 255-byte character-strings).
    Txt(String),
}

impl RecordData {
    /// The record's type.
    pub fn record_type(&self) -> RecordType {
        match self {
            Self::A(_) => RecordType::A,
            Self::Cname(_) => RecordType::Cname,
            Self::Mx { .. } => RecordType::Mx,
            Self::Txt(_) => RecordType::Txt,
        }
    }

    /// Parses a value for `kind`; MX takes `priority` (default 10).
    pub fn parse(
        kind: RecordType,
        value: &str,
        priority: Option<u16>,
    ) -> Result<Self, RecordError> {
        let invalid = || RecordError::InvalidValue {
            kind,
            value: value.to_owned(),
        };
        Ok(match kind {
            RecordType::A => Self::A(value.parse().map_err(|_| invalid())?),
            RecordType::Cname => Self::Cname(RecordName::parse(value).map_err(|_| invalid())?),
            RecordType::Mx => Self::Mx {
                priority: priority.unwrap_or(10),
                exchange: RecordName::parse(value).map_err(|_| invalid())?,
            },
            RecordType::Txt => Self::Txt(value.to_owned()),
        })
    }

    /// The value as the control API shows it.
    pub fn value(&self) -> String {
        match self {
            Self::A(ip) => ip.to_string(),
            Self::Cname(target) => target.to_string(),
            Self::Mx { exchange, .. } => exchange.to_string(),
            Self::Txt(text) => text.clone(),
        }
    }
}

/// One record in the zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DnsRecord {
    /// The owner name.
    pub name: RecordName,
    /// The data.
    pub data: RecordData,
}

impl DnsRecord {
    /// A CNAME record.
    pub fn cname(name: RecordName, target: RecordName) -> Self {
        Self {
            name,
            data: RecordData::Cname(target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        let name = RecordName::parse("Tok._DomainKey.Example.com.").unwrap();
        assert_eq!(name.as_str(), "tok._domainkey.example.com");
        assert!(name.is_below(&RecordName::parse("example.com").unwrap()));
        assert!(!name.is_below(&name));
        for bad in ["", ".", "a..b", "a b.com"] {
            assert!(RecordName::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn values_parse_by_type() {
        let mx =
            RecordData::parse(RecordType::parse("mx").unwrap(), "Mx.Example.com", None).unwrap();
        assert_eq!(
            mx,
            RecordData::Mx {
                priority: 10,
                exchange: RecordName::parse("mx.example.com").unwrap()
            }
        );
        assert!(RecordData::parse(RecordType::A, "not-an-ip", None).is_err());
        assert!(RecordType::parse("SRV").is_err());
    }
}
