//! The JSON shape of DNS records on the control API: `{name, type, value, priority?}`.

use serde::{Deserialize, Serialize};

use crate::dns::record::{DnsRecord, RecordData, RecordError, RecordName, RecordType};

/// A record as the control API reads and writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSpec {
    /// Owner name, e.g. `abc._domainkey.example.com`.
    #[serde(default)]
    pub name: String,
    /// `CNAME`, `MX`, `TXT` or `A`; optional when selecting records to delete.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The value: CNAME target, MX exchange, TXT text or IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// MX preference (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
}

/// Which records a delete removes: all at `name`, narrowed by type, then by exact data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSelector {
    /// The owner name.
    pub name: RecordName,
    /// Only this type.
    pub kind: Option<RecordType>,
    /// Only this exact data.
    pub data: Option<RecordData>,
}

impl RecordSpec {
    /// A full record, for publishing: type and value are required.
    pub fn to_record(&self) -> Result<DnsRecord, RecordError> {
        let kind = RecordType::parse(self.kind.as_deref().unwrap_or_default())?;
        let value = self.value.as_deref().ok_or(RecordError::InvalidValue {
            kind,
            value: String::new(),
        })?;
        Ok(DnsRecord {
            name: RecordName::parse(&self.name)?,
            data: RecordData::parse(kind, value, self.priority)?,
        })
    }

    /// A selector, for deleting: type and value are optional.
    pub fn to_selector(&self) -> Result<RecordSelector, RecordError> {
        let kind = self.kind.as_deref().map(RecordType::parse).transpose()?;
        let data = match (kind, self.value.as_deref()) {
            (Some(kind), Some(value)) => Some(RecordData::parse(kind, value, self.priority)?),
            _ => None,
        };
        Ok(RecordSelector {
            name: RecordName::parse(&self.name)?,
            kind,
            data,
        })
    }
}

impl From<&DnsRecord> for RecordSpec {
    fn from(record: &DnsRecord) -> Self {
        let priority = match &record.data {
            RecordData::Mx { priority, .. } => Some(*priority),
            _ => None,
        };
        Self {
            name: record.name.to_string(),
            kind: Some(record.data.record_type().to_string()),
            value: Some(record.data.value()),
            priority,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip_through_records() {
        let spec = RecordSpec {
            name: "mail.example.com".into(),
            kind: Some("MX".into()),
            value: Some("feedback-smtp.us-east-1.amazonses.com".into()),
            priority: Some(10),
        };
        let record = spec.to_record().unwrap();
        assert_eq!(RecordSpec::from(&record), spec);
    }

    #[test]
    fn selectors_may_omit_type_and_value_but_records_may_not() {
        let spec = RecordSpec {
            name: "x.example.com".into(),
            ..RecordSpec::default()
        };
        let selector = spec.to_selector().unwrap();
        assert_eq!((selector.kind, selector.data), (None, None));
        assert!(spec.to_record().is_err());
    }
}
