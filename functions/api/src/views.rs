//! The API's wire shapes, built from domain values. The API owns its JSON; the domain does not.

use chrono::{DateTime, Utc};
use domain::dns::DnsRecord;
use domain::domains::{Domain, DomainSettings};
use domain::status::{Color, SesStatus, Status};
use serde::Serialize;

/// A page of items.
#[derive(Debug, Serialize)]
pub struct ListView<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A DNS record to publish.
pub type RecordView = DnsRecord;

/// A sending subdomain.
#[derive(Debug, Serialize)]
pub struct DomainView {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub color: Color,
    pub status_reason: String,
    pub dkim_status: SesStatus,
    pub mail_from_domain: String,
    pub mail_from_status: Option<SesStatus>,
    pub created_at: DateTime<Utc>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub verification_deadline: DateTime<Utc>,
    pub records: Vec<RecordView>,
}

impl DomainView {
    pub fn new(domain: &Domain, settings: &DomainSettings) -> Self {
        Self {
            id: domain.id.to_string(),
            name: domain.name.to_string(),
            status: domain.status,
            color: domain.status.color(),
            status_reason: domain.status_reason.clone(),
            dkim_status: domain.dkim_status,
            mail_from_domain: domain.mail_from.to_string(),
            mail_from_status: domain.mail_from_status,
            created_at: domain.created_at,
            last_checked_at: domain.last_checked_at,
            verification_deadline: domain.verification_deadline,
            records: domain.records(&settings.region, settings.dmarc_rua.as_ref()),
        }
    }
}
