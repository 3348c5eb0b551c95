//! The DNS records a sending subdomain needs, in the order an admin hands them to IT.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::names::{DomainName, EmailAddress, SubdomainName};

/// The SPF policy published at the MAIL FROM domain.
pub const SPF_VALUE: &str = "v=spf1 include:amazonses.com ~all";
/// SES's default DKIM signing zone, used when SES does not name one.
pub const DEFAULT_SIGNING_ZONE: &str = "dkim.amazonses.com";

/// An Easy DKIM token issued by SES: the label of one DKIM CNAME.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DkimToken(String);

/// A token SES returned that cannot be a DNS label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SES returned a DKIM token that is not a DNS label: {0:?}")]
pub struct DkimTokenError(pub String);

impl DkimToken {
    pub fn parse(raw: &str) -> Result<Self, DkimTokenError> {
        let ok = (1..=63).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(raw.to_ascii_lowercase()))
        } else {
            Err(DkimTokenError(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DkimToken {
    type Error = DkimTokenError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DkimToken> for String {
    fn from(value: DkimToken) -> Self {
        value.0
    }
}

/// What a record is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Dkim,
    MailFromMx,
    MailFromSpf,
    Dmarc,
}

/// DNS record types the product asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordType {
    #[serde(rename = "CNAME")]
    Cname,
    #[serde(rename = "MX")]
    Mx,
    #[serde(rename = "TXT")]
    Txt,
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RecordType::Cname => "CNAME",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
        })
    }
}

/// One record to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsRecord {
    /// Fully qualified name, without a trailing dot.
    pub name: String,
    #[serde(rename = "type")]
    pub record_type: RecordType,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u16>,
    pub purpose: Purpose,
    pub required: bool,
}

/// The inputs that shape a subdomain's records.
#[derive(Debug, Clone, Copy)]
pub struct RecordInputs<'a> {
    pub name: &'a SubdomainName,
    pub tokens: &'a [DkimToken],
    /// `SigningHostedZone` from SES, when it gave one.
    pub signing_zone: Option<&'a str>,
    pub mail_from: &'a DomainName,
    pub region: &'a str,
    pub dmarc_rua: Option<&'a EmailAddress>,
}

/// The records, in order: the DKIM CNAMEs, the MAIL FROM MX and SPF TXT, the DMARC TXT.
pub fn records(inputs: RecordInputs<'_>) -> Vec<DnsRecord> {
    let zone = inputs
        .signing_zone
        .map(|z| z.trim_end_matches('.'))
        .filter(|z| !z.is_empty())
        .unwrap_or(DEFAULT_SIGNING_ZONE);
    let mut out: Vec<DnsRecord> = inputs
        .tokens
        .iter()
        .map(|token| DnsRecord {
            name: format!("{}._domainkey.{}", token.as_str(), inputs.name),
            record_type: RecordType::Cname,
            value: format!("{}.{zone}", token.as_str()),
            priority: None,
            purpose: Purpose::Dkim,
            required: true,
        })
        .collect();
    out.push(DnsRecord {
        name: inputs.mail_from.to_string(),
        record_type: RecordType::Mx,
        value: format!("feedback-smtp.{}.amazonses.com", inputs.region),
        priority: Some(10),
        purpose: Purpose::MailFromMx,
        required: true,
    });
    out.push(DnsRecord {
        name: inputs.mail_from.to_string(),
        record_type: RecordType::Txt,
        value: SPF_VALUE.to_owned(),
        priority: None,
        purpose: Purpose::MailFromSpf,
        required: true,
    });
    out.push(DnsRecord {
        name: format!("_dmarc.{}", inputs.name),
        record_type: RecordType::Txt,
        value: dmarc_value(inputs.dmarc_rua),
        priority: None,
        purpose: Purpose::Dmarc,
        required: false,
    });
    out
}

/// The recommended DMARC policy: monitoring only (`p=none`), with aggregate reports when a
/// reporting address is configured.
pub fn dmarc_value(rua: Option<&EmailAddress>) -> String {
    match rua {
        Some(address) => format!("v=DMARC1; p=none; rua=mailto:{address};"),
        None => "v=DMARC1; p=none;".to_owned(),
    }
}
