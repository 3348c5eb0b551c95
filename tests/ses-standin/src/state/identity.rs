//! One SES identity as the stand-in stores it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lifecycle::{DnsVerification, Status};
use super::link::LinkVerification;
use super::tokens::DkimToken;
use crate::dns::record::RecordName;
use crate::names::{DomainName, IdentityName};

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value.
    pub value: String,
}

/// The SOA record of the zone that holds an identity's domain (`VerificationInfo.SOARecord`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SoaRecord {
    /// The zone's primary name server (SOA MNAME), without the final dot.
    pub primary_name_server: String,
    /// The zone's administrative contact as DNS writes it (SOA RNAME), without the final dot.
    pub admin_email: String,
    /// The zone's serial.
    pub serial_number: u32,
}

/// The kind of identity, as SES names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IdentityType {
    /// A domain.
    Domain,
    /// An email address.
    EmailAddress,
}

impl IdentityType {
    /// Parses the wire value (`DOMAIN` | `EMAIL_ADDRESS`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "DOMAIN" => Some(Self::Domain),
            "EMAIL_ADDRESS" => Some(Self::EmailAddress),
            _ => None,
        }
    }
}

/// What SES does when the MAIL FROM MX record is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BehaviorOnMxFailure {
    /// Fall back to `amazonses.com` as MAIL FROM.
    #[default]
    UseDefaultValue,
    /// Reject the message.
    RejectMessage,
}

/// A custom MAIL FROM domain and the status of its MX record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFrom {
    /// The MAIL FROM domain (a subdomain of the identity's domain).
    pub domain: DomainName,
    /// The MX record check.
    pub check: DnsVerification,
}

/// How an identity gets verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// A domain: Easy DKIM CNAMEs.
    Domain {
        /// The three DKIM tokens.
        tokens: [DkimToken; 3],
        /// The CNAMEs SES wants: `<token>._domainkey.<domain>` -> `<token>.<hosted zone>`.
        cnames: Vec<(RecordName, RecordName)>,
        /// The DKIM record check.
        dkim: DnsVerification,
        /// `SigningHostedZone`: where the CNAMEs point (depends on the region).
        hosted_zone: String,
        /// The SOA of the domain's zone as last seen by a check.
        soa: Option<SoaRecord>,
    },
    /// An email address: a mailed link.
    Email(LinkVerification),
}

/// One identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The identity name.
    pub name: IdentityName,
    /// Unique per creation, so a check that raced a delete + create is not applied.
    pub serial: u64,
    /// When it was created (on the stand-in clock).
    pub created_at: DateTime<Utc>,
    /// Tags given at creation.
    pub tags: Vec<Tag>,
    /// The default configuration set given at creation.
    pub configuration_set: Option<String>,
    /// DKIM or link verification.
    pub verification: Verification,
    /// The custom MAIL FROM domain, if set.
    pub mail_from: Option<MailFrom>,
    /// The MAIL FROM MX-failure behaviour.
    pub behavior_on_mx_failure: BehaviorOnMxFailure,
}

impl Identity {
    /// The identity's own verification status at `now` (applying link expiry).
    pub fn status_at(&mut self, now: DateTime<Utc>) -> Status {
        match &mut self.verification {
            Verification::Domain { dkim, .. } => dkim.status(),
            Verification::Email(link) => link.status_at(now),
        }
    }

    /// The identity's status as last computed (no expiry applied).
    pub fn status(&self) -> Status {
        match &self.verification {
            Verification::Domain { dkim, .. } => dkim.status(),
            Verification::Email(link) => link.status(),
        }
    }

    /// Domain or email address.
    pub fn identity_type(&self) -> IdentityType {
        match self.verification {
            Verification::Domain { .. } => IdentityType::Domain,
            Verification::Email(_) => IdentityType::EmailAddress,
        }
    }

    /// The DKIM tokens of a domain identity.
    pub fn dkim_tokens(&self) -> Option<&[DkimToken; 3]> {
        match &self.verification {
            Verification::Domain { tokens, .. } => Some(tokens),
            Verification::Email(_) => None,
        }
    }

    /// True when this identity, verified, lets the account send as `name` (SES inheritance:
    /// a verified domain covers its subdomains and every address under them).
    pub fn covers(&self, name: &IdentityName) -> bool {
        match (&self.name, name) {
            (IdentityName::Domain(own), other) => other.domain().is_within(own),
            (IdentityName::Email(own), IdentityName::Email(other)) => own == other,
            (IdentityName::Email(_), IdentityName::Domain(_)) => false,
        }
    }
}
