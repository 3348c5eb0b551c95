//! A tenant's sending subdomain and how a fresh look at SES changes it.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::guard::{Operation, OperationKind};
use crate::dns::{self, DkimToken, DnsRecord, RecordInputs};
use crate::names::{DomainName, EmailAddress, SubdomainName};
use crate::ports::IdentitySnapshot;
use crate::status::{self, SesStatus, Status};
use crate::tenant::TenantId;
use crate::verification::next_check;

/// A subdomain's id: a UUIDv7, so ids sort by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DomainId(Uuid);

impl DomainId {
    pub fn generate() -> Self {
        Self(Uuid::now_v7())
    }

    /// Parses an id from a path; anything else is simply not a known id.
    pub fn parse(raw: &str) -> Option<Self> {
        Uuid::try_parse(raw).ok().map(Self)
    }
}

impl fmt::Display for DomainId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A sending subdomain as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Domain {
    pub id: DomainId,
    pub tenant: TenantId,
    pub name: SubdomainName,
    pub mail_from: DomainName,
    pub dkim_tokens: Vec<DkimToken>,
    pub signing_zone: Option<String>,
    pub dkim_status: SesStatus,
    pub mail_from_status: Option<SesStatus>,
    pub status: Status,
    pub status_reason: String,
    pub created_at: DateTime<Utc>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub verification_deadline: DateTime<Utc>,
    /// When the sweep should look again; `None` once nothing is left to watch.
    pub next_check_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version: 1 on insert, +1 on every save.
    pub version: u64,
    /// The SES-changing operation that holds the identity now, if any (see `guard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<Operation>,
    /// The incarnation of the SES identity: raised whenever it is recreated, so an SES answer
    /// asked about an earlier incarnation is dropped instead of written onto the new one.
    #[serde(default)]
    pub generation: u64,
    /// The last DNS check of its records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_check: Option<super::StoredCheck>,
}

/// How often a verified identity is re-checked for regressions.
pub const VERIFIED_RECHECK: Duration = Duration::hours(24);

impl Domain {
    /// A new, pending subdomain: no tokens yet, deadline 72 hours from now.
    pub fn new(
        tenant: TenantId,
        name: SubdomainName,
        mail_from: DomainName,
        now: DateTime<Utc>,
    ) -> Self {
        let deadline = now + status::DNS_VERIFICATION_WINDOW;
        let assessment = status::assess_domain(SesStatus::Pending, None, deadline, now);
        Self {
            id: DomainId::generate(),
            tenant,
            name,
            mail_from,
            dkim_tokens: Vec::new(),
            signing_zone: None,
            dkim_status: SesStatus::Pending,
            mail_from_status: None,
            status: assessment.status,
            status_reason: assessment.reason,
            created_at: now,
            last_checked_at: None,
            verification_deadline: deadline,
            next_check_at: Some(now + first_follow_up()),
            version: 1,
            operation: Some(Operation::start(OperationKind::Creating, now)),
            generation: 0,
            dns_check: None,
        }
    }

    /// The records to publish, given deployment settings.
    pub fn records(&self, region: &str, dmarc_rua: Option<&EmailAddress>) -> Vec<DnsRecord> {
        dns::records(RecordInputs {
            name: &self.name,
            tokens: &self.dkim_tokens,
            signing_zone: self.signing_zone.as_deref(),
            mail_from: &self.mail_from,
            region,
            dmarc_rua,
        })
    }

    /// The same subdomain after SES answered `snapshot` at `now`, with its version bumped.
    pub fn observed(&self, snapshot: &IdentitySnapshot, now: DateTime<Utc>) -> Self {
        let mut next = self.clone();
        if let Some((dkim_status, setup)) = &snapshot.dkim {
            next.dkim_status = *dkim_status;
            if !setup.tokens.is_empty() {
                next.dkim_tokens = setup.tokens.clone();
            }
            if setup.signing_zone.is_some() {
                next.signing_zone = setup.signing_zone.clone();
            }
        }
        next.mail_from_status = snapshot.mail_from.as_ref().map(|(_, status)| *status);
        let assessment = status::assess_domain(
            next.dkim_status,
            next.mail_from_status,
            next.verification_deadline,
            now,
        );
        next.status = assessment.status;
        next.status_reason = next.explained(&assessment.reason);
        next.last_checked_at = Some(now);
        next.next_check_at = match next.status {
            Status::Verified => Some(now + VERIFIED_RECHECK),
            Status::Pending => next_check(
                next.verification_deadline - status::DNS_VERIFICATION_WINDOW,
                next.verification_deadline,
                now,
            ),
            Status::Failed | Status::Expired => None,
        };
        next.version = self.version + 1;
        next
    }
}

/// The first automatic look after a change: five minutes.
fn first_follow_up() -> Duration {
    Duration::minutes(5)
}
