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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Dkim,
    MailFromMx,
    MailFromSpf,
    Dmarc,
}

/// DNS record types the product asks for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(
        name: &'a SubdomainName,
        tokens: &'a [DkimToken],
        mail_from: &'a DomainName,
    ) -> RecordInputs<'a> {
        RecordInputs {
            name,
            tokens,
            signing_zone: None,
            mail_from,
            region: "eu-west-1",
            dmarc_rua: None,
        }
    }

    fn fixture() -> (SubdomainName, Vec<DkimToken>, DomainName) {
        let name = SubdomainName::parse("marketing.example.com").expect("name");
        let tokens = ["aaa", "bbb", "ccc"]
            .map(|t| DkimToken::parse(t).expect("token"))
            .to_vec();
        let mail_from = DomainName::parse("bounce.marketing.example.com").expect("mail from");
        (name, tokens, mail_from)
    }

    #[test]
    fn records_come_in_order_with_purposes() {
        let (name, tokens, mail_from) = fixture();
        let records = records(inputs(&name, &tokens, &mail_from));
        let summary: Vec<(&str, String, &str, Option<u16>, bool)> = records
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.record_type.to_string(),
                    r.value.as_str(),
                    r.priority,
                    r.required,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "aaa._domainkey.marketing.example.com",
                    "CNAME".to_owned(),
                    "aaa.dkim.amazonses.com",
                    None,
                    true
                ),
                (
                    "bbb._domainkey.marketing.example.com",
                    "CNAME".to_owned(),
                    "bbb.dkim.amazonses.com",
                    None,
                    true
                ),
                (
                    "ccc._domainkey.marketing.example.com",
                    "CNAME".to_owned(),
                    "ccc.dkim.amazonses.com",
                    None,
                    true
                ),
                (
                    "bounce.marketing.example.com",
                    "MX".to_owned(),
                    "feedback-smtp.eu-west-1.amazonses.com",
                    Some(10),
                    true
                ),
                (
                    "bounce.marketing.example.com",
                    "TXT".to_owned(),
                    SPF_VALUE,
                    None,
                    true
                ),
                (
                    "_dmarc.marketing.example.com",
                    "TXT".to_owned(),
                    "v=DMARC1; p=none;",
                    None,
                    false
                ),
            ]
        );
    }

    #[test]
    fn the_signing_zone_from_ses_names_the_dkim_targets() {
        let (name, tokens, mail_from) = fixture();
        let mut given = inputs(&name, &tokens, &mail_from);
        given.signing_zone = Some("dkim.eu-central-2.amazonses.com.");
        assert_eq!(
            records(given)[0].value,
            "aaa.dkim.eu-central-2.amazonses.com"
        );
    }

    #[test]
    fn dmarc_reports_go_to_the_configured_address() {
        let rua = EmailAddress::parse("dmarc@reports.example.com").expect("address");
        assert_eq!(
            dmarc_value(Some(&rua)),
            "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.com;"
        );
    }

    #[test]
    fn tokens_must_be_dns_labels() {
        assert!(DkimToken::parse("ok-token_1").is_ok());
        for bad in ["", "has.dot", "has space", &"a".repeat(64)] {
            assert!(DkimToken::parse(bad).is_err(), "{bad:?}");
        }
    }
}
