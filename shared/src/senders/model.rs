//! A tenant's sender: a From address, how it is authorized, and its optional Reply-To.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domains::DomainId;
use crate::names::{DisplayName, EmailAddress};
use crate::status::{self, SesStatus, Status};
use crate::tenant::TenantId;

/// A sender's id: a UUIDv7. The platform default sender has the fixed id `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SenderId(Uuid);

/// The id under which the platform default sender is listed and read.
pub const DEFAULT_SENDER_ID: &str = "default";

impl SenderId {
    pub fn generate() -> Self {
        Self(Uuid::now_v7())
    }

    /// Parses an id from a path; anything else is simply not a known id.
    pub fn parse(raw: &str) -> Option<Self> {
        Uuid::try_parse(raw).ok().map(Self)
    }
}

impl fmt::Display for SenderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// How a sender is authorized to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Authorization {
    /// On one of the tenant's subdomains: usable when that subdomain is verified.
    Subdomain { domain_id: DomainId },
    /// A single address SES verifies by mailing a link.
    Email(EmailVerification),
}

/// Where an email-address verification stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailVerification {
    pub ses_status: SesStatus,
    pub status: Status,
    pub reason: String,
    pub link_sent_at: DateTime<Utc>,
    pub link_expires_at: DateTime<Utc>,
    pub last_checked_at: Option<DateTime<Utc>>,
    /// When the verification mail was re-sent within the last day (for the resend limits).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resends: Vec<DateTime<Utc>>,
}

impl EmailVerification {
    /// A verification mail was just sent.
    pub fn sent(now: DateTime<Utc>) -> Self {
        let expires = now + status::EMAIL_LINK_WINDOW;
        let assessment = status::assess_email(SesStatus::Pending, expires, now);
        Self {
            ses_status: SesStatus::Pending,
            status: assessment.status,
            reason: assessment.reason,
            link_sent_at: now,
            link_expires_at: expires,
            last_checked_at: None,
            resends: Vec::new(),
        }
    }

    /// After SES answered `ses_status` at `now`.
    pub fn observed(&self, ses_status: SesStatus, now: DateTime<Utc>) -> Self {
        let assessment = status::assess_email(ses_status, self.link_expires_at, now);
        Self {
            ses_status,
            status: assessment.status,
            reason: assessment.reason,
            last_checked_at: Some(now),
            ..self.clone()
        }
    }
}

/// Why a sender was paused (bounce or complaint rate), until an admin resumes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// A tenant's sender as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sender {
    pub id: SenderId,
    pub tenant: TenantId,
    pub authorization: Authorization,
    pub from_email: EmailAddress,
    pub display_name: Option<DisplayName>,
    pub reply_to: Option<EmailAddress>,
    #[serde(default)]
    pub paused: Option<Pause>,
    /// The last time an admin resumed it after a pause; counting restarted then.
    #[serde(default)]
    pub resumed: Option<crate::reputation::Resumption>,
    pub created_at: DateTime<Utc>,
    /// When the sweep should look at this sender's SES identity again (email senders).
    pub next_check_at: Option<DateTime<Utc>>,
    pub version: u64,
    /// A delete or resend under way (see `senders::guard`): another one stops before SES.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<crate::domains::Operation>,
    /// The incarnation of the sender's SES address identity: raised by every resend (which
    /// re-creates it), so an SES answer asked about an earlier one is dropped.
    #[serde(default)]
    pub generation: u64,
}

impl Sender {
    /// The subdomain this sender sends through, if any.
    pub fn domain_id(&self) -> Option<DomainId> {
        match &self.authorization {
            Authorization::Subdomain { domain_id } => Some(*domain_id),
            Authorization::Email(_) => None,
        }
    }

    /// The `From` header value.
    pub fn from_header(&self) -> String {
        match &self.display_name {
            Some(name) => name.render_mailbox(&self.from_email),
            None => self.from_email.to_string(),
        }
    }
}

/// The last known status of the platform's own SES identity (for the default sender).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformStatus {
    pub identity: String,
    pub status: Status,
    pub reason: String,
    pub checked_at: DateTime<Utc>,
}
